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


def run_scale(paths: list[str], workers: int, engine: str, store_kind: str) -> dict:
    """Child process body for --modes scale: the full pipeline on one engine and one store."""
    import resource

    from rasd.pipeline import ingest

    cluster = None
    with tempfile.TemporaryDirectory() as tmp:
        if store_kind == "pg":
            from rasd.store import pgserver
            from rasd.store.postgres import PostgresStore

            cluster = pgserver.start()
            store = PostgresStore(cluster.create_database("bench"))
        else:
            from rasd.store.sqlite import SQLiteStore

            store = SQLiteStore(os.path.join(tmp, "bench.db"))
        t0 = time.perf_counter()
        if engine == "ray":
            from rasd.ray_runner import ingest_ray

            rep = ingest_ray(paths, store, workers=workers, report_dir=tmp, work_dir=os.path.join(tmp, "work"))
        else:
            rep = ingest(paths, store, workers=workers, report_dir=tmp)
        secs = time.perf_counter() - t0
        store.close()
        if cluster is not None:
            cluster.stop()
    return {"workers": workers, "engine": engine, "store": store_kind, "seconds": secs, "counts": dict(rep.counts),
            "peak_main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def bench_scale(shared: str, zips: int) -> None:
    """Issue 8: the full pipeline per engine and store, and peak memory for 1x and 2x the input."""
    configs = [("local", "sqlite", 1, zips), ("local", "sqlite", 2, zips), ("ray", "sqlite", 2, zips),
               ("local", "pg", 2, zips), ("local", "sqlite", 2, 2 * zips)]
    print(f"full pipeline on the first {zips} zip(s) (and {2 * zips} for the memory check)")
    print("| engine | store | workers | zips | articles | seconds | articles/s | peak RSS main (MB) | peak RSS children (MB) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for engine, kind, w, n in configs:
        res = subprocess.run([sys.executable, __file__, "--shared", shared, "--child", str(w), "--child-scale",
                              f"{engine},{kind},{n}"], capture_output=True, text=True)
        if res.returncode != 0:
            print(f"| {engine} | {kind} | {w} | {n} | failed: {res.stderr.strip().splitlines()[-1][:120]} |||||")
            continue
        r = json.loads(res.stdout.strip().splitlines()[-1])
        c = r["counts"].get("read", 0)
        print(f"| {engine} | {kind} | {w} | {n} | {c} | {r['seconds']:.0f} | {c / r['seconds']:.1f} | "
              f"{r['peak_main_mb']:.0f} | {r['peak_worker_mb']:.0f} |", flush=True)


def _pct(xs: list[float]) -> tuple[float, float, float]:
    xs = sorted(xs)
    return xs[len(xs) // 2] * 1000, xs[min(len(xs) - 1, int(len(xs) * 0.95))] * 1000, xs[-1] * 1000


def two_word_queries(store, n: int, seed: int = 7) -> list[str]:
    """Realistic two-word queries: adjacent words (3+ letters, not numbers) from random stored articles."""
    import random

    from rasd.text.arabic import words

    rnd = random.Random(seed)
    ids = [r.id for r in store.list_articles(limit=100_000)]
    out: list[str] = []
    while len(out) < n:
        a = store.get_article(rnd.choice(ids))
        ws = [w for w in words(a.text) if len(w) >= 3 and not w.isdigit()]
        if len(ws) >= 5:
            i = rnd.randrange(len(ws) - 1)
            out.append(f"{ws[i]} {ws[i + 1]}")
    return out


def time_queries(store, index, queries: list[str], **kw) -> tuple[list[float], list[int]]:
    """Wall time of rasd.search.search for each query: index query, article fetch, snippets for 20 results."""
    from rasd.search import search

    lat, cpu, totals = [], [], []
    for q in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        res = search(store, index, q, limit=20, **kw)
        lat.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        totals.append(res.total)
    return lat, cpu, totals


def _report(label: str, queries: list[str], lat: list[float], cpu: list[float], totals: list[int]) -> None:
    # Wall time depends on what else the shared cores run: CPU time and the load average say how much.
    p50, p95, mx = _pct(lat)
    c50, c95, _ = _pct(cpu)
    print(f"  {label:<20} {len(queries)} queries: wall p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {mx:.1f} ms; "
          f"CPU p50 {c50:.1f} ms, p95 {c95:.1f} ms (median {sorted(totals)[len(totals) // 2]} hits; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)


def bench_search(paths: list[str], subset_zips: int = 1, db: str | None = None) -> None:
    """Search latency (issue 7 target: p95 < 50 ms for a two-word query over all 31,030 articles).

    Clean-only ingest of every zip into a fresh store (the index is built as the ingest goes),
    a full rebuild (`rasd reindex`), then 200 two-word queries, 50 phrases and date-sorted queries.
    Names are measured on a smaller store with the full analysis (entities need it)."""
    from rasd.entities.catalog import catalog
    from rasd.pipeline import ingest
    from rasd.search import open_index
    from rasd.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        if db:  # a store filled before (e.g. `rasd ingest --clean-only` of the same zips): skip the ingest
            store = SQLiteStore(db)
            print(f"search: store {db} ({store.count_articles()} articles)")
        else:
            store = SQLiteStore(os.path.join(tmp, "search.db"))
            t0 = time.perf_counter()
            rep = ingest(paths, store, workers=2, report_dir=tmp, annotate=())
            ingest_s = time.perf_counter() - t0
            print(f"search: clean-only ingest with incremental indexing {rep.counts['read']} read in {ingest_s:.1f} s "
                  f"({rep.counts['read'] / ingest_s:.0f} articles/s)")
        idx = open_index(store)
        t0 = time.perf_counter()
        n = idx.rebuild(store)
        rebuild_s = time.perf_counter() - t0
        print(f"  rebuild (rasd reindex) of {n} articles {rebuild_s:.1f} s ({n / rebuild_s:.0f} articles/s)")
        queries = two_word_queries(store, 200)
        time_queries(store, idx, queries[:20])  # warm the OS cache and the stem cache
        for label, qs, kw in (("two words, BM25", queries, {}),
                              ("two words, by date", queries[:100], {"sort": "date"}),
                              ("phrase", [f'"{q}"' for q in queries[:50]], {})):
            _report(label, qs, *time_queries(store, idx, qs, **kw))
        store.close()
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "names.db"))
        t0 = time.perf_counter()
        rep = ingest(paths[:subset_zips], store, workers=2, report_dir=tmp)
        idx = open_index(store)
        print(f"names: {rep.counts['ingested']} articles analysed in {time.perf_counter() - t0:.0f} s")
        # every alias of the 200 most mentioned people and organisations, as a query of its own
        ents = [e for e in catalog(store.iter_articles()) if e["type"] in ("PER", "ORG")][:200]
        names = [al for e in ents for al in e["aliases"]][:300]
        time_queries(store, idx, names[:20])
        _report("names (aliases)", names, *time_queries(store, idx, names))
        store.close()


def bench_pg_search(paths: list[str]) -> None:
    """Search inside PostgreSQL (issue 8): the same 31,030 articles, analysis and queries as the embedded
    index, on a throwaway loopback cluster; and the server's own `arabic` snowball configuration on the
    raw text, for comparison (latency, and how many of its hits the rasd analysis also finds)."""
    from rasd.pipeline import ingest
    from rasd.search import Filters, open_index, parse_query
    from rasd.store import pgserver
    from rasd.store.postgres import PostgresStore
    from rasd.store.sqlite import SQLiteStore

    cluster = pgserver.start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            lite = SQLiteStore(os.path.join(tmp, "src.db"))
            ingest(paths, lite, workers=2, report_dir=tmp, annotate=(), index=False)
            pg = PostgresStore(cluster.create_database("bench"))
            t0 = time.perf_counter()
            run = pg.begin_run({"bench": "copy"})
            for n, a in enumerate(lite.iter_articles(), 1):
                pg.insert_article(a, run, a.body_hash)
                if n % 1000 == 0:
                    pg.commit()
            pg.commit()
            copy_s = time.perf_counter() - t0
            idx = open_index(pg)
            t0 = time.perf_counter()
            n = idx.rebuild(pg)
            build_s = time.perf_counter() - t0
            print(f"pg search: {pg.count_articles()} articles stored in {copy_s:.0f} s; index of {n} built in "
                  f"{build_s:.0f} s ({n / build_s:.0f} articles/s)")
            queries = two_word_queries(lite, 200)
            time_queries(pg, idx, queries[:20])
            for label, qs, kw in (("two words, rank", queries, {}),
                                  ("two words, by date", queries[:100], {"sort": "date"}),
                                  ("phrase", [f'"{q}"' for q in queries[:50]], {})):
                lat, totals = time_queries(pg, idx, qs, **kw)
                p50, p95, mx = _pct(lat)
                print(f"  {label:<20} {len(qs)} queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {mx:.1f} ms "
                      f"(median {sorted(totals)[len(totals) // 2]} hits)")
            raw = idx._raw
            has_ar = raw.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'arabic'").fetchone() is not None
            print(f"  server 'arabic' text search configuration present: {has_ar}")
            if has_ar:
                raw.execute("CREATE TABLE ar_docs AS SELECT id, to_tsvector('arabic', coalesce(title, '') || ' ' || text) "
                            "AS v FROM articles")
                raw.execute("CREATE INDEX ar_docs_v ON ar_docs USING GIN (v)")
                lat, agree = [], []
                for q in queries:
                    t0 = time.perf_counter()
                    ar = {r[0] for r in raw.execute("SELECT id FROM ar_docs WHERE v @@ plainto_tsquery('arabic', %s)",
                                                    (q,)).fetchall()}
                    lat.append(time.perf_counter() - t0)
                    pq = parse_query(q)
                    _, ranked, _ = idx.query(pq, Filters(), False, None, False, 100_000, 0)
                    ours = {i for i, _ in ranked}
                    if ar:
                        agree.append(len(ar & ours) / len(ar))
                p50, p95, mx = _pct(lat)
                print(f"  'arabic' snowball, ids only: p50 {p50:.1f} ms, p95 {p95:.1f} ms; rasd analysis finds "
                      f"{100 * sum(agree) / max(1, len(agree)):.0f}% of its hits on average")
            pg.close()
            lite.close()
    finally:
        cluster.stop()


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
    ap.add_argument("--modes", default="clean,full,search",
                    help="clean (ingest+clean only), full (with annotators), search (index build and query latency), "
                         "pgsearch (the same inside a throwaway PostgreSQL), scale (engines and stores, full pipeline)")
    ap.add_argument("--search-db", default=None, help="search mode: measure on this existing store instead of ingesting")
    ap.add_argument("--stories", action="store_true",
                    help="only the near-duplicate + story clustering benchmark (one run, 2 workers, cleaning only)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--child-stories", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child-clean-only", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--child-scale", help=argparse.SUPPRESS)
    ap.add_argument("--zips", type=int, default=1, help="scale mode: how many SaudiNewsNet zips (of 18) to ingest")
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.shared, "data", "saudinewsnet", "*.zip")))
    if args.child and args.child_scale:
        engine, kind, n = args.child_scale.split(",")
        print(json.dumps(run_scale(paths[:int(n)], int(args.child), engine, kind)))
        return
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
    modes = args.modes.split(",")
    if "search" in modes:
        bench_search(paths, db=args.search_db)
    if "pgsearch" in modes:
        bench_pg_search(paths)
        print()
    if "scale" in modes:
        bench_scale(args.shared, args.zips)
        print()
    runs = [(m, int(w)) for m in modes if m not in ("search", "pgsearch", "scale") for w in args.workers.split(",")]
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
    if not rows:
        return
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
