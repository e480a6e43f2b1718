#!/usr/bin/env python3
"""Compare two hadolint-style JSON reports (a flat array of {file, line, code, ...}) per rule.

Usage: compare_findings.py REFERENCE.json CANDIDATE.json [--prefix DL] [--show N]
                           [--min-f1 X] [--min-rule-f1 Y] [--markdown]

Findings are compared as (file, line, code) with multiplicity. Prints, per code, the reference
count, the candidate count, true positives, precision, recall and F1, then the overall figures.
With --min-f1/--min-rule-f1 the exit status is 1 when overall F1 or any rule's F1 is below the
bar. --show N prints up to N false positives and negatives per code.
"""
import argparse
import collections
import json
import sys


def load(path, prefix):
    # Several arrays back to back (one per `xargs` batch) are read as one.
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    decoder, findings, position = json.JSONDecoder(), [], 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            break
        value, position = decoder.raw_decode(text, position)
        findings.extend(value)
    counter = collections.Counter()
    for finding in findings:
        if finding["code"].startswith(prefix):
            counter[(finding["file"].removeprefix("./"), finding["line"], finding["code"])] += 1
    return counter


def f1(tp, fp, fn):
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, score


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference")
    parser.add_argument("candidate")
    parser.add_argument("--prefix", default="DL", help="only codes starting with this (default DL)")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--min-f1", type=float)
    parser.add_argument("--min-rule-f1", type=float)
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = parser.parse_args()

    reference = load(args.reference, args.prefix)
    candidate = load(args.candidate, args.prefix)
    codes = sorted({key[2] for key in reference} | {key[2] for key in candidate})
    rows = []
    total = [0, 0, 0]
    examples = {}
    for code in codes:
        ref = collections.Counter({k: v for k, v in reference.items() if k[2] == code})
        cand = collections.Counter({k: v for k, v in candidate.items() if k[2] == code})
        tp = sum((ref & cand).values())
        fp = sum((cand - ref).values())
        fn = sum((ref - cand).values())
        total[0] += tp
        total[1] += fp
        total[2] += fn
        precision, recall, score = f1(tp, fp, fn)
        rows.append((code, sum(ref.values()), sum(cand.values()), tp, precision, recall, score))
        examples[code] = (sorted(cand - ref), sorted(ref - cand))

    if args.markdown:
        print("| rule | hadolint | plimsoll | both | precision | recall | F1 |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for code, ref, cand, tp, p, r, score in rows:
            print(f"| {code} | {ref} | {cand} | {tp} | {p:.4f} | {r:.4f} | {score:.4f} |")
    else:
        print(f"{'rule':8} {'reference':>9} {'candidate':>9} {'both':>6} {'precision':>9} {'recall':>7} {'F1':>7}")
        for code, ref, cand, tp, p, r, score in rows:
            print(f"{code:8} {ref:9} {cand:9} {tp:6} {p:9.4f} {r:7.4f} {score:7.4f}")
    precision, recall, overall = f1(*total)
    print(
        f"overall: {sum(reference.values())} reference, {sum(candidate.values())} candidate, "
        f"{total[0]} both; precision {precision:.4f}, recall {recall:.4f}, F1 {overall:.4f}"
    )
    worst = min(rows, key=lambda row: row[6]) if rows else None
    if worst:
        print(f"lowest rule F1: {worst[0]} {worst[6]:.4f}")

    if args.show:
        for code, (false_positives, false_negatives) in examples.items():
            for label, items in (("FP", false_positives), ("FN", false_negatives)):
                for file, line, _ in items[: args.show]:
                    print(f"  {label} {code} {file}:{line}")

    failed = False
    if args.min_f1 is not None and overall < args.min_f1:
        print(f"FAIL: overall F1 {overall:.4f} < {args.min_f1}", file=sys.stderr)
        failed = True
    if args.min_rule_f1 is not None:
        for code, *_, score in rows:
            if score < args.min_rule_f1:
                print(f"FAIL: {code} F1 {score:.4f} < {args.min_rule_f1}", file=sys.stderr)
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
