hadolint:Tabs.Dockerfile:2:26: unexpected "foo<tab>x<newline>" expecting "bind", "cache", "secret", "ssh", or "tmpfs" 
hadolint:Crlf.Dockerfile:2:1: unexpected 'F' expecting '#', '\', ADD, ARG, CMD, COPY, ENTRYPOINT, ENV, EXPOSE, FROM, HEALTHCHECK, LABEL, MAINTAINER, ONBUILD, RUN, SHELL, STOPSIGNAL, USER, VOLUME, WORKDIR, a pragma, at least one space, or end of input 
hadolint:EmptyLine.Dockerfile:3:1: expecting a file 
