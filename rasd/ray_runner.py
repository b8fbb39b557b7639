"""Ingest on a Ray cluster: the per-article stages as Ray Data ``map_batches``, the corpus stages in one merge.

    read inputs (driver) ─► raw/shard-NNNNN.parquet ─► Ray Data map_batches(process)
        ─► processed/shard-NNNNN.parquet ─► merge (driver): the local run's per-window step
           (site statistics, cross-article cleaning, entity linking, duplicates, stories) ─► store

Why the merge is identical to a local run: the driver cuts the input into the
same windows as ``rasd.pipeline.ingest``, Ray only runs ``pipeline.process``
(a pure function of one document), results come back in input order
(``preserve_order``), and the driver feeds each window to the very function
the local run uses.  So the same input gives the same store on either engine.

The Parquet files between the two halves make a run inspectable (``id``,
``path``, ``lang``, ``failure`` and the cleaned text are plain columns; the
full record is a pickled column) and resumable: a shard whose processed file
is complete is not sent to Ray again.  Ray is an optional extra
(``pip install -e '.[ray]'``) and is imported only here.
"""

from __future__ import annotations

import glob
import os
import pickle
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import Any

from rasd.analyse import ANNOTATORS
from rasd.entities.registry import table as entity_table
from rasd.ingest.published import parse_published
from rasd.ingest.readers import FieldMap
from rasd.model import Failure, RawDoc, stable_hash
from rasd.pipeline import (
    COUNT_KEYS,
    WINDOW,
    IngestReport,
    Processed,
    Tracker,
    _store_window,
    _write_report,
    after_window,
    finish_index,
    open_search_index,
    prepared_windows,
    process,
)
from rasd.store import Store

SHARD_WINDOWS = 8  # windows per shard: 2,048 documents, a few MB of Parquet


def _raw_table(rows: list[tuple[int, int, RawDoc]]) -> Any:
    import pyarrow as pa

    return pa.table({
        "seq": [r[0] for r in rows],
        "window": [r[1] for r in rows],
        "id": [r[2].id for r in rows],
        "path": [r[2].path for r in rows],
        "source": [r[2].source for r in rows],
        "url": [r[2].url for r in rows],
        "doc": [pickle.dumps(r[2], protocol=5) for r in rows],
    })


def _process_batch(batch: Any, annotate: Sequence[str]) -> Any:
    """Ray Data map_batches: pyarrow table of raw docs → table of processed records."""
    import pyarrow as pa

    seqs = batch.column("seq").to_pylist()
    windows = batch.column("window").to_pylist()
    out: dict[str, list] = {"seq": seqs, "window": windows, "id": [], "path": [], "lang": [], "failure": [],
                            "text": [], "record": []}
    for blob in batch.column("doc").to_pylist():
        raw: RawDoc = pickle.loads(blob)
        res = process(raw, annotate)
        out["id"].append(raw.id)
        out["path"].append(raw.path)
        if isinstance(res, Failure):
            out["lang"].append(None)
            out["failure"].append(res.reason)
            out["text"].append(None)
        else:
            res.raw.data = None  # the bytes were only needed to decode
            out["lang"].append(res.lang)
            out["failure"].append(None)
            out["text"].append("\n".join(ln.text for ln in res.cleaned.lines if ln.reason is None))
        out["record"].append(pickle.dumps(res, protocol=5))
    return pa.table(out)


def _write_shards(todo_windows: Iterator[list[RawDoc]], raw_dir: str) -> list[str]:
    import pyarrow.parquet as pq

    os.makedirs(raw_dir, exist_ok=True)
    shards: list[str] = []
    rows: list[tuple[int, int, RawDoc]] = []
    seq = 0

    def flush() -> None:
        path = os.path.join(raw_dir, f"shard-{len(shards):05d}.parquet")
        pq.write_table(_raw_table(rows), path)
        shards.append(path)
        rows.clear()

    for w, todo in enumerate(todo_windows):
        for d in todo:
            rows.append((seq, w, d))
            seq += 1
        if (w + 1) % SHARD_WINDOWS == 0 and rows:
            flush()
    if rows:
        flush()
    return shards


def _init_ray(workers: int | None) -> None:
    import ray

    if ray.is_initialized():
        return
    address = os.environ.get("RAY_ADDRESS")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)


def _target(shard: str, out_dir: str) -> str:
    """A processed shard's file, named by the ids it holds, so a rerun reuses it only for the same documents."""
    import pyarrow.parquet as pq

    ids = pq.read_table(shard, columns=["id"]).column("id").to_pylist()
    return os.path.join(out_dir, os.path.basename(shard).replace(".parquet", f"-{stable_hash(*ids)}.parquet"))


def _process_shard(batch: Any, annotate: Sequence[str]) -> Any:
    """Ray Data map_batches over shard names: read one raw shard, process its documents."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = [_process_batch(pq.read_table(path), annotate) for path in batch.column("shard").to_pylist()]
    return pa.concat_tables(tables)


def _processed(shards: list[str], work_dir: str, workers: int | None,
               annotate: Sequence[str]) -> Iterator[tuple[int, Processed | Failure]]:
    """Results in input order: shards already processed by an earlier (killed) run are read back,
    the rest go through Ray Data (one task per shard) and are written to Parquet as they stream in."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    out_dir = os.path.join(work_dir, "processed")
    os.makedirs(out_dir, exist_ok=True)
    targets = {s: _target(s, out_dir) for s in shards}
    todo = [s for s in shards if not os.path.exists(targets[s])]
    stream: Iterator[Any] = iter(())
    if todo:
        import ray

        _init_ray(workers)
        ctx = ray.data.DataContext.get_current()
        ctx.execution_options.preserve_order = True  # the merge must see input order
        ctx.enable_progress_bars = False  # rasd prints its own progress
        # Shard paths, not read_parquet: one task per shard, and no remote-filesystem probing.
        ds = ray.data.from_items([{"shard": os.path.abspath(s)} for s in todo], override_num_blocks=len(todo))
        ds = ds.map_batches(partial(_process_shard, annotate=tuple(annotate)), batch_format="pyarrow", batch_size=1)
        stream = iter(ds.iter_batches(batch_format="pyarrow", batch_size=None))
    for shard in shards:
        target = targets[shard]
        if os.path.exists(target):
            table = pq.read_table(target)
        else:
            n = pq.ParquetFile(shard).metadata.num_rows
            parts, got = [], 0
            while got < n:  # blocks come in order; a shard's rows may arrive in several
                b = next(stream)
                parts.append(b)
                got += b.num_rows
            table = pa.concat_tables(parts)
            tmp = target + ".tmp"
            pq.write_table(table, tmp)
            os.replace(tmp, target)  # complete or absent: a killed run never leaves half a shard
        for w, blob in zip(table.column("window").to_pylist(), table.column("record").to_pylist(), strict=True):
            yield w, pickle.loads(blob)


def ingest_ray(
    paths: list[str],
    store: Store,
    *,
    source: str | None = None,
    published: str | None = None,
    lang_filter: str | None = None,
    workers: int | None = None,
    fields: FieldMap | None = None,
    report_dir: str | None = None,
    on_progress: Callable[[Counter], None] | None = None,
    annotate: Sequence[str] | None = None,
    work_dir: str | None = None,
    keep_work: bool = False,
    update: bool = True,
    index: bool = True,
    stories: bool = True,
) -> IngestReport:
    """Like ``rasd.pipeline.ingest``, with the per-document stages on Ray (``RAY_ADDRESS`` or a local Ray)."""
    t0 = time.perf_counter()
    if published is not None:
        parsed = parse_published(published)
        if parsed is None:
            raise ValueError(f"--published {published!r} is not an ISO date or datetime")
        published = parsed
    annotate = tuple(ANNOTATORS) if annotate is None else tuple(annotate)
    args = {"paths": paths, "source": source, "published": published, "lang_filter": lang_filter,
            "workers": workers, "engine": "ray"}
    run_id = store.begin_run(args)
    report = IngestReport(run_id)
    # Named by the input and options, so a killed run's processed shards are found again.
    work_dir = work_dir or os.path.join("data", "ray-work", stable_hash(*paths, str(source), str(published), *annotate))
    windows = prepared_windows(paths, store, report, fields=fields, source=source, published=published,
                               stored_before_next=False, update=update)
    shards = _write_shards(windows, os.path.join(work_dir, "raw"))
    search_index = open_search_index(store, index)
    try:
        registry = entity_table(store) if "entities" in annotate else None
        tracker = Tracker(store) if stories else None
        _merge(store, report, _processed(shards, work_dir, workers, annotate), lang_filter, search_index, on_progress,
               registry, tracker)
    finally:
        finish_index(report, search_index)
    report.seconds = time.perf_counter() - t0
    report.report_path = _write_report(store, report, report_dir, args)
    store.finish_run(run_id, {k: report.counts.get(k, 0) for k in COUNT_KEYS}, report.report_path)
    if not keep_work:  # kept after a failure: the next run resumes from it
        shutil.rmtree(work_dir, ignore_errors=True)
    return report


def _merge(store: Store, report: IngestReport, results: Iterator[tuple[int, Processed | Failure]],
           lang_filter: str | None, search_index: Any, on_progress: Callable[[Counter], None] | None,
           registry: Any = None, tracker: Any = None) -> None:
    """The corpus stages, window by window, with the local run's own code."""
    window: list[Processed | Failure] = []
    current = -1
    for w, res in results:
        if w != current and window:
            _store_window(store, report, window, lang_filter, registry, tracker)
            if registry is not None:
                registry.flush(store)
            after_window(store, report, search_index, on_progress)
            window = []
        current = w
        window.append(res)
    if window:
        _store_window(store, report, window, lang_filter, registry, tracker)
        if registry is not None:
            registry.flush(store)
        after_window(store, report, search_index, on_progress)


def shards_in(work_dir: str) -> list[str]:
    """The processed shards of a kept work dir, for inspection (``pyarrow.parquet.read_table``)."""
    return sorted(glob.glob(os.path.join(work_dir, "processed", "shard-*.parquet")))


__all__ = ["WINDOW", "ingest_ray", "shards_in"]
