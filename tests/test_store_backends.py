"""The store contract, run against every backend (SQLite always; PostgreSQL when a throwaway server starts)."""

from __future__ import annotations

import json
import threading

import pytest
from conftest import BODY, EXAMPLES, OTHER_BODY, TITLE, article_text, write

from rasd.export import export_records
from rasd.model import Article, Removed
from rasd.pipeline import ingest
from rasd.store import open_store
from rasd.store.postgres import translate, translate_ddl


def _article(i: int, **kw) -> Article:
    base = dict(id=f"{i:016x}", body_hash=f"h{i}", source="site", url=f"https://x.example/{i}", path=f"p/{i}.txt",
                title="عنوان", published="2024-03-0" + str(1 + i % 9), published_source="input",
                text="نص المقال رقم " + str(i) + " مع 100% من الكلمات؟", lang="ar", lang_score=0.99, encoding="utf-8",
                removed=[Removed("شارك على:", "share")], meta={"k": "قيمة"}, duplicate_of=None, story_id=None,
                entities=[{"text": "بوتين", "start": 0, "end": 5, "type": "PER", "entity_id": "e1"}],
                statements=[], dates=[])
    base.update(kw)
    return Article(**base)


def test_insert_read_roundtrip(any_store):
    s = any_store
    run = s.begin_run({"paths": ["x"]})
    assert isinstance(run, int) and run > 0
    a = _article(1)
    s.insert_article(a, run, "raw1")
    s.insert_article(a, run, "raw1")  # a second insert of the same id is ignored, never duplicated
    s.commit()
    assert s.count_articles() == 1
    got = s.get_article(a.id)
    assert got is not None
    assert got.text == a.text and got.meta == a.meta and got.entities == a.entities
    assert [r.reason for r in got.removed] == ["share"]
    assert s.get_article(a.id[:6]).id == a.id  # unique prefix
    assert s.existing_ids([a.id, "nope"]) == {a.id}
    assert s.seen_raw("site", "raw1") and not s.seen_raw("site", "raw2") and not s.seen_raw(None, "raw1")


def test_null_source_matches_null(any_store):
    s = any_store
    run = s.begin_run({})
    s.insert_article(_article(2, source=None), run, "r")
    s.commit()
    assert s.seen_raw(None, "r")


def test_listing_order_filter_and_iteration(any_store):
    s = any_store
    run = s.begin_run({})
    for i in range(7):
        s.insert_article(_article(i, source="a" if i % 2 else "b"), run, f"r{i}")
    s.commit()
    rows = s.list_articles(limit=3, offset=1)
    assert [r.id for r in rows] == [f"{i:016x}" for i in (1, 2, 3)]
    assert rows[0].chars == len(_article(1).text)
    assert s.count_articles("a") == 3 and s.count_articles() == 7
    assert [a.id for a in s.iter_articles(batch=2)] == [f"{i:016x}" for i in range(7)]
    st = s.stats()
    assert st["articles"] == 7 and st["sources"] == 2 and st["languages"] == {"ar": 7}


def test_site_lines_accumulate(any_store):
    s = any_store
    s.add_site_lines({("site", "k1"): 2, ("site", "k2"): 1})
    s.add_site_lines({("site", "k1"): 3})
    s.commit()
    assert s.site_counts("site", ["k1", "k2", "k3"]) == {"k1": 5, "k2": 1}


def test_failures_and_runs(any_store):
    s = any_store
    run = s.begin_run({"paths": ["كتاب.txt"]})
    s.add_failure(run, "bad.bin", "binary file")
    s.finish_run(run, {"failed": 1}, None)
    assert s.stats()["failures"] == 1 and s.stats()["runs"] == 1


def test_same_ingest_on_both_backends(tmp_path, pg_url):
    """The whole pipeline on PostgreSQL gives the export SQLite gives."""
    write(tmp_path / "in" / "a.txt", article_text(TITLE, BODY))
    write(tmp_path / "in" / "b.txt", article_text(None, OTHER_BODY))
    inputs = [str(EXAMPLES), str(tmp_path / "in")]
    out = {}
    for name, loc in (("sqlite", str(tmp_path / "s.db")), ("pg", pg_url)):
        store = open_store(loc)
        ingest(inputs, store, workers=1, report_dir=str(tmp_path / "rep" / name))
        again = ingest(inputs, store, workers=1, report_dir=str(tmp_path / "rep" / name))
        assert again.counts.get("ingested", 0) == 0  # re-running never duplicates
        out[name] = [json.dumps(r, sort_keys=True, ensure_ascii=False, default=str) for r in export_records(store)]
        store.close()
    assert len(out["pg"]) > 20
    assert out["pg"] == out["sqlite"]


def test_concurrent_writers_lose_nothing(pg_url):
    """Two processes' worth of writers inserting overlapping ids: every article once."""
    from rasd.store.postgres import PostgresStore

    def worker(ids: range) -> None:
        st = PostgresStore(pg_url)
        run = st.begin_run({})
        for i in ids:
            st.insert_article(_article(i), run, f"r{i}")
            if i % 10 == 0:
                st.commit()
        st.close()

    threads = [threading.Thread(target=worker, args=(range(k, k + 60),)) for k in (0, 30, 45)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    st = PostgresStore(pg_url)
    assert st.count_articles() == 105
    assert len({a.id for a in st.iter_articles()}) == 105
    st.close()


def test_open_store_by_url_and_env(pg_url, monkeypatch):
    monkeypatch.setenv("RASD_DB", pg_url)
    s = open_store()
    assert type(s).__name__ == "PostgresStore"
    assert "://" in s.location
    s.close()


def test_password_never_in_location(pg_url):
    from rasd.store.postgres import _redact

    assert _redact("postgresql://u:s3cret@h:5432/db") == "postgresql://u:***@h:5432/db"
    assert _redact(pg_url) == pg_url


@pytest.mark.parametrize("sql, want", [
    ("SELECT 1 FROM t WHERE a IS ? AND b=?", "SELECT 1 FROM t WHERE a IS NOT DISTINCT FROM %s AND b=%s"),
    ("SELECT coalesce(lang, '?') FROM t WHERE x LIKE ?", "SELECT coalesce(lang, '?') FROM t WHERE x LIKE %s"),
    ("SELECT '100%' WHERE a=?", "SELECT '100%%' WHERE a=%s"),
    ("INSERT OR IGNORE INTO t (a) VALUES (?)", "INSERT INTO t (a) VALUES (%s) ON CONFLICT DO NOTHING"),
    ("BEGIN IMMEDIATE", "BEGIN"),
])
def test_translate(sql, want):
    assert translate(sql) == want


def test_translate_insert_or_replace():
    assert translate("INSERT OR REPLACE INTO t (a, b, c) VALUES (?, ?, ?)", ["a"]) == \
        "INSERT INTO t (a, b, c) VALUES (%s, %s, %s) ON CONFLICT (a) DO UPDATE SET b=excluded.b, c=excluded.c"
    assert translate("SELECT 1 FROM s WHERE instr(search, ?) > 0") == "SELECT 1 FROM s WHERE strpos(search, %s) > 0"
    with pytest.raises(ValueError):
        translate("INSERT OR REPLACE INTO t (a) VALUES (?)")


def test_translate_ddl():
    assert translate_ddl("CREATE TABLE t (seq INTEGER PRIMARY KEY AUTOINCREMENT, x REAL, b BLOB) WITHOUT ROWID") == \
        "CREATE TABLE t (seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, x DOUBLE PRECISION, b BYTEA)"
    assert translate_ddl("CREATE VIRTUAL TABLE f USING fts5(body)") is None
    with pytest.raises(ValueError):
        translate("PRAGMA user_version")


def test_cli_on_postgres(pg_url, tmp_path):
    import subprocess

    from conftest import RASD_BIN

    def rasd(*args):
        return subprocess.run([str(RASD_BIN), *args, "--db", pg_url], capture_output=True, text=True, cwd=tmp_path)

    r = rasd("ingest", str(EXAMPLES))
    assert r.returncode == 0, r.stderr
    info = rasd("info")
    assert info.returncode == 0 and "postgresql://" in info.stdout
    ls = rasd("ls", "--json", "--limit", "5")
    assert ls.returncode == 0
    assert len([json.loads(line) for line in ls.stdout.splitlines()]) == 5


def test_update_in_place_keeps_history(any_store):
    s = any_store
    run = s.begin_run({})
    a = _article(5)
    s.insert_article(a, run, "raw-a", "fp1")
    s.commit()
    assert s.raw_fingerprints([a.id, "nope"]) == {a.id: "fp1"}
    b = _article(5, text="نص معدل بعد النشر", title="عنوان جديد")
    s.update_article(b, run, "raw-b", "fp2")
    s.commit()
    assert s.count_articles() == 1
    got = s.get_article(a.id)
    assert got.text == "نص معدل بعد النشر" and got.title == "عنوان جديد"
    assert s.raw_fingerprints([a.id]) == {a.id: "fp2"}
    hist = s.article_versions(a.id)
    assert len(hist) == 1 and hist[0]["record"]["text"] == a.text
    assert s.first_with_body(a.body_hash) == a.id and s.first_with_body(a.body_hash, exclude=a.id) is None


def test_watch_state(any_store):
    s = any_store
    s.set_watch_state("/in", {"/in/a.txt": (10, 111)})
    s.set_watch_state("/in", {"/in/a.txt": (12, 222), "/in/b.txt": (5, 333)})
    assert s.watch_state("/in") == {"/in/a.txt": (12, 222), "/in/b.txt": (5, 333)}
    assert s.watch_state("/other") == {}
