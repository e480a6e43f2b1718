hadolint:-:1: DL3006 warning: Always tag the version of an image explicitly
