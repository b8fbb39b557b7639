"""Exports: the contract outside scorers read (docs/schema.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import IO, Any

from rasd.store import Store

# Columns that hold lists of objects; Parquet keeps them as JSON text so
# that later stages can extend their item shapes without a schema break.
_NESTED = ("removed", "entities", "statements", "dates")
EXPORT_FIELDS = ("id", "body_hash", "source", "url", "path", "title", "published", "published_source", "text",
                 "lang", "lang_score", "encoding", "removed", "duplicate_of", "story_id", "entities",
                 "statements", "dates", "meta")


def export_records(store: Store) -> Iterator[dict[str, Any]]:
    for a in store.iter_articles():
        d = a.to_export()
        yield {k: d.get(k) for k in EXPORT_FIELDS}


def open_out(out: str) -> tuple[IO[str], bool]:
    if out == "-":
        return sys.stdout, False
    return open(out, "w", encoding="utf-8"), True


def write_jsonl(store: Store, out: str) -> int:
    """One JSON object per article per line, UTF-8, Arabic unescaped.  Returns the count."""
    f, close = open_out(out)
    n = 0
    try:
        for rec in export_records(store):
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if close:
            f.close()
    return n


def write_parquet(store: Store, out: str, batch: int = 2000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(k, pa.float64() if k == "lang_score" else pa.string()) for k in EXPORT_FIELDS])
    n = 0
    with pq.ParquetWriter(out, schema, compression="zstd") as w:
        rows: list[dict[str, Any]] = []
        for rec in export_records(store):
            for k in (*_NESTED, "meta"):
                rec[k] = json.dumps(rec[k], ensure_ascii=False) if rec[k] is not None else None
            rows.append(rec)
            if len(rows) >= batch:
                w.write_table(pa.Table.from_pylist(rows, schema=schema))
                n += len(rows)
                rows = []
        if rows:
            w.write_table(pa.Table.from_pylist(rows, schema=schema))
            n += len(rows)
    return n
