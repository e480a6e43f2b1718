FROM debian:12
FROMM x
