"""The Ray engine gives the store the local engine gives (a real local Ray, started by the test)."""

from __future__ import annotations

import json
import os

import pytest
from conftest import BODY, EXAMPLES, OTHER_BODY, TITLE, article_text, generated_article, write

from rasd.export import export_records
from rasd.pipeline import ingest
from rasd.store.sqlite import SQLiteStore

ray = pytest.importorskip("ray", reason="Ray is the optional extra .[ray]")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("corpus")
    # A few hundred documents across several windows and shards, with copies and bad files among them.
    for i in range(300):
        write(d / "gen" / f"{i:04d}.txt", generated_article(i))
    write(d / "a" / "one.txt", article_text(TITLE, BODY))
    write(d / "b" / "copy.txt", article_text(TITLE, BODY))
    write(d / "b" / "other.txt", article_text(None, OTHER_BODY))
    (d / "b" / "empty.txt").write_bytes(b"")
    (d / "b" / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    return [str(EXAMPLES), str(d)]


def _export(store) -> list[str]:
    return [json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in export_records(store)]


@pytest.fixture(scope="module")
def ray_local():
    import rasd.ray_runner as rr

    os.environ.pop("RAY_ADDRESS", None)
    rr._init_ray(2)
    yield
    ray.shutdown()


def test_same_store_as_local(corpus, tmp_path, ray_local, monkeypatch):
    from rasd.ray_runner import SHARD_WINDOWS, ingest_ray

    monkeypatch.setattr("rasd.ray_runner.SHARD_WINDOWS", 1)  # many shards from a small corpus
    assert SHARD_WINDOWS >= 1
    local = SQLiteStore(str(tmp_path / "local.db"))
    rep_local = ingest(corpus, local, workers=2, report_dir=str(tmp_path / "r1"))
    distributed = SQLiteStore(str(tmp_path / "ray.db"))
    work = tmp_path / "work"
    rep_ray = ingest_ray(corpus, distributed, workers=2, report_dir=str(tmp_path / "r2"), work_dir=str(work),
                         keep_work=True)
    assert rep_ray.counts == rep_local.counts
    assert rep_local.counts["ingested"] > 300 and rep_local.counts["failed"] >= 2
    assert sorted(f.path for f in rep_ray.failures) == sorted(f.path for f in rep_local.failures)
    assert _export(distributed) == _export(local)
    # The intermediate Parquet is there to inspect: one row per processed document.
    import pyarrow.parquet as pq

    from rasd.ray_runner import shards_in

    shards = shards_in(str(work))
    assert len(shards) >= 2
    rows = sum(pq.read_table(s, columns=["id"]).num_rows for s in shards)
    assert rep_ray.counts["ingested"] <= rows <= rep_ray.counts["read"]
    # Running again adds nothing.
    again = ingest_ray(corpus, distributed, workers=2, report_dir=str(tmp_path / "r3"), work_dir=str(tmp_path / "w2"))
    assert again.counts["ingested"] == 0
    local.close()
    distributed.close()


def test_resumes_from_processed_shards(corpus, tmp_path, ray_local, monkeypatch):
    """Processed shards left by a killed run are read back instead of being sent to Ray again."""
    import rasd.ray_runner as rr

    monkeypatch.setattr(rr, "SHARD_WINDOWS", 1)
    work = str(tmp_path / "work")
    first = SQLiteStore(str(tmp_path / "first.db"))
    rr.ingest_ray(corpus, first, workers=2, report_dir=str(tmp_path / "r"), work_dir=work, keep_work=True, annotate=())
    calls = []
    real = rr._process_batch
    monkeypatch.setattr(rr, "_process_batch", lambda *a, **k: calls.append(1) or real(*a, **k))
    second = SQLiteStore(str(tmp_path / "second.db"))
    rr.ingest_ray(corpus, second, workers=2, report_dir=str(tmp_path / "r2"), work_dir=work, keep_work=True, annotate=())
    assert calls == []  # everything came from the Parquet shards
    assert _export(second) == _export(first)
    first.close()
    second.close()
