"""rasd.pipeline.ingest on a SQLite store: idempotence, copies, failures, overrides, determinism, resume."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import time
import zipfile

import pytest
from conftest import (
    BODY,
    ENGLISH,
    OTHER_BODY,
    OTHER_TITLE,
    P2,
    RASD_BIN,
    TITLE,
    article_text,
    by_path,
    generated_article,
    run_ingest,
    write,
    write_jsonl,
)

from rasd.export import export_records
from rasd.store.sqlite import SQLiteStore


def _small_corpus(root):
    write(root / "madina" / "transport.txt", article_text(TITLE, BODY, top=["[ad_1]"], bottom=["اترك تعليقا"]))
    write(root / "madina" / "books.txt", article_text(OTHER_TITLE, OTHER_BODY))
    write_jsonl(root / "feed.jsonl", [
        {"source": "وكالة الشرق", "url": "https://east.example/1", "title": TITLE, "content": "\n".join(BODY),
         "date": "2024-03-05T09:00:00+03:00"},
        {"source": "وكالة الشرق", "url": "https://east.example/2", "title": OTHER_TITLE, "content": "\n".join(OTHER_BODY[:2])},
    ])
    return root


def test_reingest_adds_nothing(tmp_path, store):
    root = _small_corpus(tmp_path / "in")
    r1 = run_ingest([root], store)
    assert r1.counts["read"] == 4 and r1.counts["ingested"] == 4 and not r1.failures
    before = list(export_records(store))
    r2 = run_ingest([root], store)
    assert r2.counts["ingested"] == 0
    assert r2.counts["already_present"] == 4
    assert store.count_articles() == 4
    assert list(export_records(store)) == before


def test_same_body_from_another_source_is_a_copy(tmp_path, store):
    root = _small_corpus(tmp_path / "in")
    rep = run_ingest([root], store)
    arts = by_path(store)
    # a folder's own files are read before its subfolders: the feed comes first
    original = arts[str(root / "feed.jsonl") + "#1"]
    copy = arts[str(root / "madina" / "transport.txt")]
    assert original.text == copy.text == "\n".join(BODY)
    assert original.source != copy.source
    assert copy.duplicate_of == original.id
    assert original.duplicate_of is None
    # the feed's second item is the books story with its last paragraph trimmed: a near copy,
    # and the earlier of the two (the feed is read first) is the canonical one
    trimmed, full = arts[str(root / "feed.jsonl") + "#2"], arts[str(root / "madina" / "books.txt")]
    assert trimmed.body_hash != full.body_hash
    assert full.duplicate_of == trimmed.id and trimmed.duplicate_of is None
    assert rep.counts["copies"] == 2
    assert sum(a.duplicate_of is not None for a in store.iter_articles()) == 2


def test_bad_inputs_reported_good_ones_ingested(tmp_path, store):
    root = tmp_path / "in"
    good = write(root / "good.txt", article_text(TITLE, BODY))
    write(root / "empty.txt", "")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", article_text(OTHER_TITLE, OTHER_BODY))
        z.writestr("b.txt", article_text(TITLE, BODY))
    (root / "cut.zip").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    write(root / "broken.html", f"<html><head><title>{OTHER_TITLE}</title><body><div><p>{OTHER_BODY[0]}<p>{OTHER_BODY[1]}<div>")
    write(root / "lines.jsonl", json.dumps({"content": OTHER_BODY[2] + "\n" + P2}, ensure_ascii=False) + "\n{oops\n")
    write(root / "english.txt", ENGLISH)
    rep = run_ingest([root], store)

    reasons = {os.path.relpath(f.path, root): f.reason for f in rep.failures}
    assert set(reasons) == {"empty.txt", "image.txt", "cut.zip", "lines.jsonl#2"}, reasons
    assert "empty" in reasons["empty.txt"]
    assert "PNG" in reasons["image.txt"]
    assert "zip" in reasons["cut.zip"]
    assert "invalid JSON" in reasons["lines.jsonl#2"]
    assert rep.counts["failed"] == 4

    # the truncated zip's first member is complete: it is salvaged, the rest reported lost
    assert "recovered 1" in reasons["cut.zip"]
    arts = by_path(store)
    assert set(arts) == {str(good), str(root / "broken.html"), str(root / "lines.jsonl#1"), str(root / "english.txt"),
                         str(root / "cut.zip") + "!a.txt"}
    assert arts[str(root / "cut.zip") + "!a.txt"].text == "\n".join(OTHER_BODY)
    assert OTHER_BODY[0] in arts[str(root / "broken.html")].text
    assert OTHER_BODY[1] in arts[str(root / "broken.html")].text
    assert arts[str(root / "english.txt")].lang == "en"
    assert all(a.lang == "ar" for p, a in arts.items() if not p.endswith("english.txt"))

    # failures are also in the store and in the report file
    assert store.stats()["failures"] == 4
    with open(rep.report_path, encoding="utf-8") as f:
        saved = json.load(f)
    assert {os.path.relpath(x["path"], root) for x in saved["failures"]} == set(reasons)


def test_lang_filter_skips_english(tmp_path, store):
    root = tmp_path / "in"
    write(root / "ar.txt", article_text(TITLE, BODY))
    en = write(root / "en.txt", ENGLISH)
    rep = run_ingest([root], store, lang_filter="ar")
    assert rep.counts["ingested"] == 1 and rep.counts["filtered"] == 1
    assert [f.path for f in rep.skipped] == [str(en)]
    assert "language en" in rep.skipped[0].reason
    assert not rep.failures
    assert [a.lang for a in store.iter_articles()] == ["ar"]


def test_source_and_published_override(tmp_path, store):
    root = _small_corpus(tmp_path / "in")
    rep = run_ingest([root], store, source="مصدري", published="2024-06-01")
    assert rep.counts["ingested"] == 4
    for a in store.iter_articles():
        assert a.source == "مصدري"
        assert a.published == "2024-06-01" and a.published_source == "cli"


def test_published_override_must_be_a_date(tmp_path, store):
    root = _small_corpus(tmp_path / "in")
    with pytest.raises(ValueError, match="not-a-date"):
        run_ingest([root], store, published="not-a-date")


def test_published_from_input(tmp_path, store):
    root = _small_corpus(tmp_path / "in")
    run_ingest([root], store)
    a = by_path(store)[str(root / "feed.jsonl") + "#1"]
    assert a.published == "2024-03-05T09:00:00+03:00" and a.published_source == "input"


def test_ids_are_deterministic(tmp_path):
    root = _small_corpus(tmp_path / "in")
    ids = []
    for n in range(2):
        with SQLiteStore(str(tmp_path / f"db{n}" / "r.db")) as s:
            run_ingest([root], s)
            ids.append([a.id for a in s.iter_articles()])
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == 4


def _comparable(store):
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in export_records(store)]


def test_workers_one_and_two_give_identical_stores(tmp_path):
    root = _small_corpus(tmp_path / "in")
    for i in range(12):
        write(root / "gen" / f"{i:02d}.txt", generated_article(i))
    out = []
    for w in (1, 2):
        with SQLiteStore(str(tmp_path / f"w{w}" / "r.db")) as s:
            rep = run_ingest([root], s, workers=w)
            assert rep.counts["ingested"] == 16
            out.append(_comparable(s))
    assert out[0] == out[1]


def _count(db):
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_resume_after_kill(tmp_path):
    n_files = 600
    root = tmp_path / "in" / "gen"
    for i in range(n_files):
        write(root / f"{i:04d}.txt", generated_article(i))
    env = {**os.environ, "RASD_DB": ""}
    cmd = [str(RASD_BIN), "ingest", str(root), "--workers", "1", "--quiet"]

    # uninterrupted reference run
    ref_db = tmp_path / "ref" / "r.db"
    subprocess.run([*cmd, "--db", str(ref_db)], check=True, capture_output=True, env=env, timeout=900)
    with SQLiteStore(str(ref_db)) as s:
        reference = _comparable(s)
    assert len(reference) == n_files

    db = tmp_path / "killed" / "r.db"
    proc = subprocess.Popen([*cmd, "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + 600  # a busy machine can take long over the first window
        rows = 0
        while time.monotonic() < deadline and proc.poll() is None:
            rows = _count(db)
            if rows > 0:
                break
            time.sleep(0.005)
        assert proc.poll() is None, "the run finished before it could be killed; make the corpus larger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    killed_rows = _count(db)
    assert 0 < killed_rows < n_files

    subprocess.run([*cmd, "--db", str(db)], check=True, capture_output=True, env=env, timeout=900)
    with SQLiteStore(str(db)) as s:
        resumed = _comparable(s)
        assert s.count_articles() == n_files
        ids = [a.id for a in s.iter_articles()]
    assert len(set(ids)) == n_files
    assert sorted(resumed) == sorted(reference)


def test_crawl_date_corrected_from_the_text(tmp_path, store):
    """A crawl stamp on a Monday, a text that says "today, Sunday": published is the Sunday,
    the stamp is kept in meta, and the relative days resolve against the Sunday."""
    body = ("افتتح أمير المنطقة اليوم الأحد معرض الكتاب في المدينة بحضور عدد كبير من الزوار والمثقفين.\n"
            "وقال مدير المعرض إن الدورة الحالية تضم أكثر من خمسمئة دار نشر من عشرين دولة عربية وأجنبية.\n"
            "وكانت اللجنة المنظمة قد أعلنت أمس عن برنامج الفعاليات الثقافية المصاحبة للمعرض.")
    other = ("أعلنت وزارة الصحة في بيان أن حملة التطعيم تتواصل في جميع المناطق حتى نهاية الشهر.\n"
             "وأوضح المتحدث باسم الوزارة أن الفرق الصحية زارت آلاف المنازل خلال الأسابيع الماضية.")
    path = write_jsonl(tmp_path / "in" / "crawl.jsonl", [
        {"title": "افتتاح معرض الكتاب", "content": body, "date_extracted": "2015-08-03 19:54:18",
         "url": "http://example.org/news/1"},
        {"title": "حملة التطعيم", "content": other, "date_extracted": "2015-08-03 19:54:18",
         "url": "http://example.org/2015/08/02/vaccines"},
    ])
    run_ingest([path], store)
    arts = by_path(store)
    a = arts[str(path) + "#1"]
    assert (a.published, a.published_source) == ("2015-08-02", "text")
    assert a.meta.get("crawl_date", "").startswith("2015-08-03")
    assert {d["text"]: d["value"] for d in a.dates}["أمس"] == "2015-08-01"
    b = arts[str(path) + "#2"]
    assert (b.published, b.published_source) == ("2015-08-02", "url")


def test_add_speaker_spans_trusts_the_speakers_name_over_a_straddling_tagged_person():
    from rasd.pipeline import add_speaker_spans

    text = "أكد عضو المجلس بحائل عبدالعزيز الزامل أن العمل مستمر."
    s0 = text.index("عبدالعزيز الزامل")
    s1 = s0 + len("عبدالعزيز الزامل")
    t0 = text.index("بحائل عبدالعزيز")
    ents = [{"text": "بحائل عبدالعزيز", "start": t0, "end": t0 + len("بحائل عبدالعزيز"), "type": "PER"}]
    st = [{"kind": "indirect", "speaker": "عبدالعزيز الزامل", "speaker_start": s0, "speaker_end": s1,
           "speaker_type": "PER"}]
    out = add_speaker_spans(ents, st, text)
    assert [(m["start"], m["end"]) for m in out] == [(s0, s1)]
