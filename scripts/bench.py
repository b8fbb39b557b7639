#!/usr/bin/env python3
"""`make bench`: ingest throughput and peak memory on the SaudiNewsNet zips (31,030 articles).

Each configuration runs in a fresh subprocess on a fresh store, so peak RSS
is that run's own (main process and, separately, the largest worker).  A
profile of a single-process run on a slice shows where the time goes, by
stage.  Results print as a Markdown table to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import cProfile
import glob
import json
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)


def run_one(paths: list[str], workers: int, clean_only: bool) -> dict:
    """Child process body: one ingest, then report counts, time and memory."""
    import resource

    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        rep = ingest(paths, store, workers=workers, report_dir=tmp, annotate=() if clean_only else None)
        secs = time.perf_counter() - t0
        store.close()
        db_mb = os.path.getsize(os.path.join(tmp, "bench.db")) / 1e6
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"workers": workers, "stages": "clean only" if clean_only else "full", "seconds": secs, "counts": dict(rep.counts), "db_mb": db_mb,
            "peak_main_mb": self_kb / 1024, "peak_worker_mb": child_kb / 1024}


def run_stories(paths: list[str], workers: int) -> dict:
    """Child process body: ingest (cleaning only, so the cross-article steps dominate the main process) with
    near-duplicates and stories, timing those steps per article in input order."""
    import resource

    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    timings: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        rep = ingest(paths, store, workers=workers, report_dir=tmp, annotate=(), timings=timings)
        secs = time.perf_counter() - t0
        stats = store.stats()
        store.close()
        db_mb = os.path.getsize(os.path.join(tmp, "bench.db")) / 1e6
    n = len(timings)
    return {"workers": workers, "seconds": secs, "counts": dict(rep.counts), "db_mb": db_mb, "articles": n,
            "stories": stats["stories"], "copies": stats["copies"], "step_seconds": sum(timings),
            "first_1000_ms": 1000 * sum(timings[:1000]) / max(1, min(n, 1000)),
            "last_1000_ms": 1000 * sum(timings[-1000:]) / max(1, min(n, 1000)),
            "peak_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def profile(paths: list[str], limit: int) -> list[tuple[str, float]]:
    """Single-process profile of the first `limit` documents, cumulative seconds by stage."""
    from itertools import islice

    from rasd.ingest.readers import read_inputs
    from rasd.model import Failure
    from rasd.pipeline import process

    docs = [d for d in islice(read_inputs(paths), limit) if not isinstance(d, Failure)]
    prof = cProfile.Profile()
    prof.enable()
    for d in docs:
        process(d)
    prof.disable()
    st = pstats.Stats(prof)
    stages = {"clean (cascade + rules)": "rasd/clean/cascade.py:clean", "language id": "rasd/langid.py:detect",
              "normalise + hash": "rasd/text/arabic.py:normalize", "title/line keys (words)": "rasd/text/arabic.py:words"}
    out = []
    total = sum(v[3] for k, v in st.stats.items() if k[2] == "process" and k[0].endswith("pipeline.py"))
    out.append(("process() total, per document", total / max(1, len(docs))))
    for label, key in stages.items():
        f, func = key.split(":")
        cum = sum(v[3] for k, v in st.stats.items() if k[0].endswith(f) and k[2] == func)
        out.append((label, cum / max(1, len(docs))))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts to measure")
    ap.add_argument("--modes", default="clean,full", help="clean (ingest+clean only) and/or full (with annotators)")
    ap.add_argument("--stories", action="store_true",
                    help="only the near-duplicate + story clustering benchmark (one run, 2 workers, cleaning only)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-stories", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child-clean-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.shared, "data", "saudinewsnet", "*.zip")))
    if args.child:
        res = run_stories(paths, int(args.child)) if args.child_stories else run_one(paths, int(args.child), args.child_clean_only)
        print(json.dumps(res))
        return
    if not paths:
        sys.exit(f"no SaudiNewsNet zips under {args.shared}/data/saudinewsnet (set SHARED=...)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    print(f"input: {len(paths)} SaudiNewsNet zips ({sum(os.path.getsize(p) for p in paths) / 1e6:.0f} MB)\n")
    if args.stories:
        bench_stories(args.shared)
        return
    rows = []
    runs = [(m, int(w)) for m in args.modes.split(",") for w in args.workers.split(",")]
    for mode, w in runs:
        res = subprocess.run([sys.executable, __file__, "--shared", args.shared, "--child", str(w)]
                             + (["--child-clean-only"] if mode == "clean" else []),
                             capture_output=True, text=True, check=True)
        r = json.loads(res.stdout.strip().splitlines()[-1])
        c = r["counts"]
        rows.append(r)
        print(f"{r['stages']}, workers={w}: {c.get('read', 0)} read, {c.get('ingested', 0)} ingested, {c.get('copies', 0)} copies, "
              f"{c.get('failed', 0)} failed in {r['seconds']:.1f} s = {c.get('read', 0) / r['seconds']:.0f} articles/s; "
              f"peak RSS main {r['peak_main_mb']:.0f} MB, largest worker {r['peak_worker_mb']:.0f} MB; store {r['db_mb']:.0f} MB",
              flush=True)
    print("\n| stages | workers | articles | seconds | articles/s | peak RSS main (MB) | peak RSS worker (MB) | store (MB) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        n = r["counts"].get("read", 0)
        print(f"| {r['stages']} | {r['workers']} | {n} | {r['seconds']:.1f} | {n / r['seconds']:.0f} | {r['peak_main_mb']:.0f} | "
              f"{r['peak_worker_mb']:.0f} | {r['db_mb']:.0f} |")
    print("\nwhere the time goes (single process, first 3000 documents, ms per document):")
    for label, secs in profile(paths, 3000):
        print(f"  {label:<32} {secs * 1000:6.2f} ms")


def bench_stories(shared: str, workers: int = 2) -> None:
    res = subprocess.run([sys.executable, __file__, "--shared", shared, "--child", str(workers), "--child-stories"],
                         capture_output=True, text=True, check=True)
    r = json.loads(res.stdout.strip().splitlines()[-1])
    n = r["articles"]
    print(f"near-duplicates + stories on {n} articles (ingest with cleaning only, {workers} workers): "
          f"{r['copies']} copies, {r['stories']} stories")
    print(f"  cross-article steps (dedup check, story assignment, insert, signature) in the main process: "
          f"{r['step_seconds']:.1f} s = {n / r['step_seconds']:.0f} articles/s, {1000 * r['step_seconds'] / n:.2f} ms/article")
    print(f"  first 1,000 articles: {r['first_1000_ms']:.2f} ms/article; last 1,000: {r['last_1000_ms']:.2f} ms/article")
    print(f"  whole ingest {r['seconds']:.1f} s ({n / r['seconds']:.0f} articles/s); peak RSS main {r['peak_main_mb']:.0f} MB; "
          f"store {r['db_mb']:.0f} MB")


if __name__ == "__main__":
    main()
