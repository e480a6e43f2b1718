hadolint:Dockerfile:1: DL3006 warning: Always tag the version of an image explicitly
hadolint:Dockerfile:2: DL3003 warning: Use WORKDIR to switch to a directory
hadolint:Dockerfile:2: DL3008 warning: Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`
hadolint:Dockerfile:2: DL3015 info: Avoid additional packages by specifying `--no-install-recommends`
hadolint:Dockerfile:2: DL3009 info: Delete the apt lists (/var/lib/apt/lists) after installing something
hadolint:Dockerfile:5: SC2086 info: Double quote to prevent globbing and word splitting.
hadolint:Broken.Dockerfile:2:5: missing whitespace 
