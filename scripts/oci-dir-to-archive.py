#!/usr/bin/env python3
"""Pack an OCI image layout directory into a tarball that dive 0.13 can read.

usage: oci-dir-to-archive.py [--legacy] OCI_DIR OUT.tar

dive reads only tar files and needs a `manifest.json` to order the layers (without one it guesses
the config and orders layers by iterating a Go map).

default:   Docker 25+ style: the layout's files unchanged (gzip blobs stay gzip) plus a
           `manifest.json` built from index.json -> manifest -> config/layers.
--legacy:  classic `docker save` layout: `<config-hex>.json`, `<n>/layer.tar` (decompressed),
           `manifest.json`; what Docker <= 24 writes.
"""
import gzip, io, json, os, sys, tarfile

args = sys.argv[1:]
legacy = "--legacy" in args
args = [a for a in args if a != "--legacy"]
if len(args) != 2:
    sys.exit(__doc__)
src, out = args
index = json.load(open(os.path.join(src, "index.json")))
desc = index["manifests"][0]


def blob_path(d):
    alg, hexd = d["digest"].split(":", 1)
    return f"blobs/{alg}/{hexd}"


manifest = json.load(open(os.path.join(src, blob_path(desc))))
tags = [desc.get("annotations", {}).get("org.opencontainers.image.ref.name", "image:latest")]


def add_bytes(tf, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = 0o644
    tf.addfile(info, io.BytesIO(data))


with tarfile.open(out, "w") as tf:
    if legacy:
        cfg_name = manifest["config"]["digest"].split(":", 1)[1] + ".json"
        add_bytes(tf, cfg_name, open(os.path.join(src, blob_path(manifest["config"])), "rb").read())
        layers = []
        for i, layer in enumerate(manifest["layers"]):
            raw = open(os.path.join(src, blob_path(layer)), "rb").read()
            if raw[:2] == b"\x1f\x8b":
                raw = gzip.decompress(raw)
            name = f"{i:064d}/layer.tar"
            add_bytes(tf, name, raw)
            add_bytes(tf, f"{i:064d}/VERSION", b"1.0")
            layers.append(name)
        docker_manifest = [{"Config": cfg_name, "RepoTags": tags, "Layers": layers}]
    else:
        for root, dirs, files in os.walk(src):
            dirs.sort()
            for f in sorted(files):
                p = os.path.join(root, f)
                tf.add(p, arcname=os.path.relpath(p, src), recursive=False)
        docker_manifest = [{"Config": blob_path(manifest["config"]), "RepoTags": tags,
                            "Layers": [blob_path(l) for l in manifest["layers"]]}]
    add_bytes(tf, "manifest.json", json.dumps(docker_manifest).encode())
