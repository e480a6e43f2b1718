#!/usr/bin/env python3
"""An independent reference for plimsoll's package inventory.

usage: reference-packages.py IMAGE   (an OCI layout directory, or a docker-save / OCI tarball)

Rebuilds the final filesystem with Python's tarfile (whiteouts of a layer first, then its
entries, as images.md §2.5 says; nothing shared with plimsoll's Rust code) and lists, as JSON
lines `[ecosystem, name, version, size, layer]`:

* deb: /var/lib/dpkg/status paragraphs whose Status ends in "installed", and every
  /var/lib/dpkg/status.d/* file but *.md5sums; size = Installed-Size * 1024; layer = the first
  layer from which every later version of `status` lists the same version (status.d: the file's
  layer);
* apk: /lib/apk/db/installed (P, V, I);
* python: every *.dist-info/METADATA, *.egg-info/PKG-INFO and single-file *.egg-info that is in
  the final filesystem; size = sum of the final sizes of the files RECORD lists (relative to the
  directory holding the .dist-info, each file once), else of the files under the top_level.txt
  names (dir or name.py), else null; layer = the layer of the metadata file.
"""
import importlib.util, io, json, os, sys, tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("reference_waste", os.path.join(HERE, "reference-waste.py"))
reference_waste = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference_waste)

def norm(name):
    return os.path.normpath("/" + name).lstrip("/")

def wanted(path):
    base = os.path.basename(path)
    parent = os.path.basename(os.path.dirname(path))
    return (path in ("var/lib/dpkg/status", "lib/apk/db/installed")
            or path.startswith("var/lib/dpkg/status.d/")
            or (parent.endswith(".dist-info") and base in ("METADATA", "RECORD"))
            or (parent.endswith(".egg-info") and base in ("PKG-INFO", "top_level.txt"))
            or base.endswith(".egg-info"))

def main():
    _, layers = reference_waste.blobs_of(sys.argv[1])
    fs = {}            # path -> dict(kind, size, layer, inode, data)
    status_versions = []  # (layer, text) of every var/lib/dpkg/status
    apk_versions = []
    inode = 0
    for index, raw in enumerate(layers):
        members = tarfile.open(fileobj=io.BytesIO(raw)).getmembers()
        tf = tarfile.open(fileobj=io.BytesIO(raw))
        for m in members:
            path = norm(m.name)
            base = os.path.basename(path)
            if not base.startswith(".wh."):
                continue
            parent = os.path.dirname(path)
            if base == ".wh..wh..opq":
                for p in [p for p in fs if parent == "" or p.startswith(parent + "/")]:
                    del fs[p]
            elif not base.startswith(".wh..wh."):
                target = os.path.join(parent, base[4:])
                for p in [p for p in fs if p == target or p.startswith(target + "/")]:
                    del fs[p]
        for m in tf.getmembers():
            path = norm(m.name)
            if os.path.basename(path).startswith(".wh.") or path == "":
                continue
            old = fs.get(path)
            if old and old["kind"] == "dir" and m.isdir():
                continue
            for p in [p for p in fs if p == path or p.startswith(path + "/")]:
                del fs[p]
            node = {"layer": index, "size": 0, "inode": None, "data": None}
            if m.isdir():
                node["kind"] = "dir"
            elif m.islnk():
                target = fs.get(norm(m.linkname))
                node["kind"] = "file"
                if target:
                    node.update(size=target["size"], inode=target["inode"], data=target["data"])
            elif m.isfile():
                inode += 1
                node.update(kind="file", size=m.size, inode=inode)
                if wanted(path):
                    node["data"] = tf.extractfile(m).read()
                    if path == "var/lib/dpkg/status":
                        status_versions.append((index, node["data"].decode("utf-8", "replace")))
                    if path == "lib/apk/db/installed":
                        apk_versions.append((index, node["data"].decode("utf-8", "replace")))
            else:
                node["kind"] = "other"
            fs[path] = node

    def paragraphs(text):
        out = []
        for block in text.split("\n\n"):
            fields = {}
            for line in block.split("\n"):
                if not line or line[0] in " \t" or ":" not in line:
                    continue
                key, value = line.split(":", 1)
                fields.setdefault(key.strip(), value.strip())
            if fields:
                out.append(fields)
        return out

    def dpkg(text, need_status):
        result = {}
        for f in paragraphs(text):
            if "Package" not in f:
                continue
            if need_status and f.get("Status", "").split()[-1:] != ["installed"]:
                continue
            size = f.get("Installed-Size")
            result[f["Package"]] = (f.get("Version", ""), int(size) * 1024 if size and size.isdigit() else None)
        return result

    def apk(text):
        return {f["P"]: (f.get("V", ""), int(f["I"]) if f.get("I", "").isdigit() else None)
                for f in paragraphs(text) if "P" in f}

    rows = []
    def layered(versions, final_path, parse, ecosystem):
        node = fs.get(final_path)
        if not node or node["data"] is None:
            return
        since = {}
        for layer, text in versions:
            if layer > node["layer"]:
                break
            listed = parse(text)
            since = {name: (v, since[name][1] if name in since and since[name][0] == v else layer)
                     for name, (v, _) in listed.items()}
        for name, (version, size) in parse(node["data"].decode("utf-8", "replace")).items():
            rows.append([ecosystem, name, version, size, since[name][1]])

    layered(status_versions, "var/lib/dpkg/status", lambda t: dpkg(t, True), "deb")
    layered(apk_versions, "lib/apk/db/installed", apk, "apk")
    for path, node in fs.items():
        if path.startswith("var/lib/dpkg/status.d/") and not path.endswith(".md5sums") and node["data"]:
            for name, (version, size) in dpkg(node["data"].decode(), False).items():
                rows.append(["deb", name, version, size, node["layer"]])

    def tree_size(path, seen):
        total = 0
        for p, n in fs.items():
            if (p == path or p.startswith(path + "/")) and n["kind"] == "file" and n["inode"] not in seen:
                seen.add(n["inode"])
                total += n["size"]
        return total

    for path, node in fs.items():
        base, parent = os.path.basename(path), os.path.basename(os.path.dirname(path))
        metadata = ((parent.endswith(".dist-info") and base == "METADATA")
                    or (parent.endswith(".egg-info") and base == "PKG-INFO")
                    or (base.endswith(".egg-info") and node["kind"] == "file"))
        if not metadata or node["data"] is None:
            continue
        header = node["data"].decode("utf-8", "replace").split("\n\n")[0]
        fields = {}
        for line in header.split("\n"):
            if ":" in line:
                key, value = line.split(":", 1)
                fields.setdefault(key.strip().lower(), value.strip())
        if "name" not in fields:
            continue
        size = None
        info = os.path.dirname(path)
        site = os.path.dirname(info)
        seen = set()
        if parent.endswith(".dist-info") and fs.get(info + "/RECORD", {}).get("data") is not None:
            import csv
            lines = fs[info + "/RECORD"]["data"].decode("utf-8", "replace").splitlines()
            size = sum(tree_size(norm(os.path.join(site, row[0])), seen)
                       for row in csv.reader(lines) if row and row[0])
        elif parent.endswith(".egg-info") and fs.get(info + "/top_level.txt", {}).get("data") is not None:
            names = [n.strip() for n in fs[info + "/top_level.txt"]["data"].decode().splitlines() if n.strip()]
            size = sum(tree_size(norm(os.path.join(site, n)), seen) + tree_size(norm(os.path.join(site, n + ".py")), seen)
                       for n in names)
        rows.append(["python", fields["name"], fields.get("version", ""), size, node["layer"]])

    for row in sorted(rows, key=lambda r: (r[0], r[1], r[2])):
        print(json.dumps(row))

main()
