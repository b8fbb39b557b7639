#!/usr/bin/env python3
"""`make eval`: score each stage on ../shared (overridable with --shared) and print the numbers.

Stages report as they land.  For now: the cleaner, on the bundled samples
(every removed and kept line, so a person can judge at a glance) and on a
fixed random sample of SaudiNewsNet (how much each rule removes), plus the
export contract check with ../shared/tools/check-export.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from rasd.clean import clean, finish
from rasd.ingest.decode import decode


def section(title: str) -> None:
    print()
    print("=" * 78)
    print(title)
    print("=" * 78)


def eval_samples(shared: str) -> None:
    section("cleaner on shared/samples: removed (−) and kept (+) lines")
    for path in sorted(glob.glob(os.path.join(shared, "samples", "*.txt"))):
        with open(path, "rb") as f:
            text, enc = decode(f.read())
        c = clean(text, detect_title=True)
        body, removed = finish(c)
        print(f"\n--- {os.path.basename(path)}  ({enc}; title: {c.title!r})")
        for ln in c.lines:
            mark = "+" if ln.reason is None else "−"
            why = "" if ln.reason is None else f"[{ln.reason}] "
            shown = ln.text if len(ln.text) < 110 else ln.text[:100] + " …"
            print(f"  {mark} {why}{shown}")
            for r in ln.inline:
                print(f"  − [{r.reason}, inline] {r.text}")
        kept = sum(1 for ln in c.lines if ln.reason is None)
        print(f"  = {kept} line(s) kept, {len(removed)} removed")


def eval_saudinewsnet(shared: str, n: int = 2000, seed: int = 7) -> None:
    section(f"cleaner on {n} random SaudiNewsNet articles (seed {seed}): what the rules remove")
    zips = sorted(glob.glob(os.path.join(shared, "data", "saudinewsnet", "*.zip")))
    if not zips:
        print("  (no SaudiNewsNet in shared/data: skipped)")
        return
    arts = []
    for z in zips:
        with zipfile.ZipFile(z) as zf:
            for m in sorted(zf.namelist()):
                arts.extend(json.loads(zf.read(m)))
    random.Random(seed).shuffle(arts)
    arts = arts[:n]
    reasons: Counter = Counter()
    examples: dict[str, list[str]] = {}
    lines_total = lines_removed = 0
    empty = 0
    for a in arts:
        c = clean(a["content"], a.get("title"))
        body, removed = finish(c)
        lines_total += len(c.lines)
        lines_removed += len(removed)
        empty += not body.strip()
        for r in removed:
            reasons[r.reason] += 1
            ex = examples.setdefault(r.reason, [])
            if len(ex) < 3:
                ex.append(r.text[:90])
    print(f"  lines: {lines_total}, removed: {lines_removed} ({lines_removed / max(1, lines_total):.1%}); "
          f"articles left empty: {empty}")
    for reason, k in reasons.most_common():
        print(f"  {reason:<16} {k:>6}   e.g. " + " | ".join(examples[reason]))
    print("  (site_repeat needs the whole corpus: see `make bench`, which ingests it all)")


def eval_contract(shared: str) -> None:
    section("export contract (shared/tools/check-export) on the bundled examples")
    tool = os.path.join(shared, "tools", "check-export")
    if not os.path.exists(tool):
        print("  (no check-export in shared/tools: skipped)")
        return
    from rasd.export import write_jsonl
    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "eval.db"))
        root = os.path.join(os.path.dirname(__file__), "..", "examples")
        rep = ingest([os.path.normpath(root)], store, workers=1, report_dir=tmp)
        out = os.path.join(tmp, "export.jsonl")
        write_jsonl(store, out)
        store.close()
        print(f"  ingested {rep.counts['ingested']}, failed {rep.counts['failed']}")
        res = subprocess.run([sys.executable, tool, out], capture_output=True, text=True)
        print("  " + (res.stdout.strip() or res.stderr.strip()).replace("\n", "\n  "))
        if res.returncode:
            sys.exit(res.returncode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    if not os.path.isdir(args.shared):
        sys.exit(f"shared folder not found: {args.shared} (set SHARED=...)")
    eval_samples(args.shared)
    eval_saudinewsnet(args.shared, args.n)
    eval_contract(args.shared)


if __name__ == "__main__":
    main()
