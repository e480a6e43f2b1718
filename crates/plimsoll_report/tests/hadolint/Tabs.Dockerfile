FROM debian:12
	RUN --mount=type=foo	x
