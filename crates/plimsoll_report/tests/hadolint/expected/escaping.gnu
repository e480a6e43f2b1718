hadolint:we"ird&<é> '%,:.Dockerfile:1: DL3049 info: Label `a"&<>é'\/	x` is missing.
