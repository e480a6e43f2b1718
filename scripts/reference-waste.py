#!/usr/bin/env python3
"""An independent, deliberately simple reference for plimsoll's size and waste numbers.

usage: reference-waste.py IMAGE   (an OCI layout directory, or a docker-save / OCI tarball)

Implements images.md §2.5/§2.6 with Python's tarfile and a flat dict of paths, nothing shared
with plimsoll's Rust code: whiteouts of a layer first (file, directory and opaque), then its
entries; a hardlink shares its target's bytes. Prints per-layer entry counts and content bytes,
the final size and the wasted bytes, which the Rust tests compare against.
"""
import gzip, io, json, os, sys, tarfile

def blobs_of(src):
    """Returns (config, [layer bytes (decompressed)])."""
    if os.path.isdir(src):
        read = lambda name: open(os.path.join(src, name), "rb").read()
        names = None
    else:
        tf = tarfile.open(src)
        members = {m.name.lstrip("./"): m for m in tf.getmembers()}
        def read(name):
            m = members[name]
            while m.issym() or m.islnk():
                target = m.linkname if m.islnk() else os.path.normpath(os.path.join(os.path.dirname(m.name), m.linkname))
                m = members[target]
            return tf.extractfile(m).read()
        names = members
    if names is not None and "manifest.json" in names:
        man = json.loads(read("manifest.json"))[0]
        config = json.loads(read(man["Config"]))
        layers = [read(l) for l in man["Layers"]]
    else:
        index = json.loads(read("index.json"))
        d = index["manifests"][0]["digest"].replace(":", "/")
        man = json.loads(read("blobs/" + d))
        config = json.loads(read("blobs/" + man["config"]["digest"].replace(":", "/")))
        layers = [read("blobs/" + l["digest"].replace(":", "/")) for l in man["layers"]]
    out = []
    for raw in layers:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        elif raw[:4] == b"\x28\xb5\x2f\xfd":
            import subprocess
            raw = subprocess.run(["zstd", "-dc"], input=raw, capture_output=True, check=True).stdout
        out.append(raw)
    return config, out

def norm(name):
    return os.path.normpath("/" + name).lstrip("/")

def main():
    config, layers = blobs_of(sys.argv[1])
    fs = {}          # path -> (type, inode id)
    inode_size = {}  # inode id -> size
    next_inode = [0]
    total_content = 0
    def remove_tree(prefix):
        for p in [p for p in fs if p == prefix or p.startswith(prefix + "/")]:
            del fs[p]
    for i, raw in enumerate(layers):
        members = tarfile.open(fileobj=io.BytesIO(raw)).getmembers()
        counts = {"entries": 0, "files": 0, "dirs": 0, "symlinks": 0, "hardlinks": 0, "whiteouts": 0}
        content = 0
        for m in members:  # pass A: whiteouts
            path = norm(m.name)
            d, base = os.path.split(path)
            if base == ".wh..wh..opq":
                for p in [p for p in fs if p.startswith(d + "/") if d] + ([p for p in fs] if not d else []):
                    del fs[p]
            elif base.startswith(".wh.") and not base.startswith(".wh..wh."):
                remove_tree(os.path.join(d, base[4:]))
        for m in members:  # pass B: entries
            path = norm(m.name)
            base = os.path.basename(path)
            if path in ("", ".") :
                continue
            if base.startswith(".wh."):
                counts["whiteouts"] += 1
                continue
            counts["entries"] += 1
            if m.isdir():
                counts["dirs"] += 1
                if fs.get(path, ("",))[0] == "dir":
                    continue
                remove_tree(path); fs[path] = ("dir", None)
                continue
            remove_tree(path)
            if m.isreg():
                counts["files"] += 1
                content += m.size
                next_inode[0] += 1
                inode_size[next_inode[0]] = m.size
                fs[path] = ("file", next_inode[0])
            elif m.islnk():
                counts["hardlinks"] += 1
                target = fs.get(norm(m.linkname))
                fs[path] = ("file", target[1] if target else None)
            elif m.issym():
                counts["symlinks"] += 1
                fs[path] = ("symlink", None)
            else:
                fs[path] = ("other", None)
        total_content += content
        print(f"layer {i}: tar {len(raw)} content {content} " + " ".join(f"{k} {v}" for k, v in counts.items()))
    live = {ino for (_, ino) in fs.values() if ino is not None}
    final = sum(inode_size[i] for i in live)
    print(f"content {total_content} final {final} wasted {total_content - final}")

if __name__ == "__main__":
    main()
