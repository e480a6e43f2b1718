FROM a
COPY --chown=a \
