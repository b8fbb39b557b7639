"""End to end on the bundled demo corpus (examples/, part of the repository)."""

from __future__ import annotations

import re

import pytest
from conftest import EXAMPLES, run_ingest

from rasd.store.sqlite import SQLiteStore
from rasd.text.arabic import ARABIC_LETTER, normalize

FURNITURE_PATTERNS = [
    re.compile(r"^\[ad_\d\]$"),
    re.compile(r"اترك تعليق"),
    re.compile(r"مشاهدة$"),
    re.compile(r"رئيس التحرير"),
    re.compile(r"^(المصدر|الوسوم|كلمات مفتاحية|اقرأ أيضا|طالع أيضاً)\s*:"),
    re.compile(r"^شارك على:"),
    re.compile(r"جميع الحقوق محفوظة"),
    re.compile(r"^عدد القراءات"),
    re.compile(r"ملفات تعريف الارتباط"),
    re.compile(r"^Follow us"),
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("examples")
    store = SQLiteStore(str(d / "rasd.db"))
    report = run_ingest([EXAMPLES], store)
    arts = list(store.iter_articles())
    yield report, arts
    store.close()


def test_no_failures(demo):
    report, arts = demo
    assert report.failures == []
    assert report.counts["failed"] == 0
    assert len(arts) == report.counts["ingested"] > 0


def test_syndicated_copy_detected(demo):
    _, arts = demo
    ids = {a.id for a in arts}
    dups = [a for a in arts if a.duplicate_of]
    assert dups
    for a in dups:
        assert a.duplicate_of in ids
        orig = next(x for x in arts if x.id == a.duplicate_of)
        assert orig.source != a.source
        if orig.body_hash != a.body_hash:  # a near copy (edited re-post): most of its shingles are the original's
            from rasd.dedup import is_copy, signature

            assert is_copy(signature(a.text), signature(orig.text))[0]
    assert any(a.body_hash == next(x for x in arts if x.id == a.duplicate_of).body_hash for a in dups)


def test_cp1256_file(demo):
    _, arts = demo
    cp = [a for a in arts if a.path.endswith("flood-cp1256.txt")]
    assert len(cp) == 1
    a = cp[0]
    assert a.encoding == "cp1256"
    assert len(ARABIC_LETTER.findall(a.text)) > 200
    assert "\ufffd" not in a.text and "\r" not in a.text


def test_english_note(demo):
    _, arts = demo
    (en,) = [a for a in arts if a.path.endswith("english-note.txt")]
    assert en.lang == "en"
    assert all(a.lang == "ar" for a in arts if a is not en)


def test_containers_read(demo):
    _, arts = demo
    paths = [a.path for a in arts]
    assert any(".zip!" in p for p in paths)
    assert any(".warc.gz!https://" in p for p in paths)
    assert any(p.endswith(".jsonl#1") for p in paths)
    assert any(".xml#" in p for p in paths)
    assert any(p.endswith(".html") for p in paths)


def test_no_furniture_left(demo):
    _, arts = demo
    left = []
    for a in arts:
        for line in a.text.split("\n"):
            for rx in FURNITURE_PATTERNS:
                if rx.search(line.strip()):
                    left.append((a.path, line))
    assert left == []


def test_title_not_left_at_start_of_body(demo):
    _, arts = demo
    for a in arts:
        if a.title:
            assert not normalize(a.text).startswith(normalize(a.title)), a.path


def test_every_article_has_a_title_and_text(demo):
    _, arts = demo
    for a in arts:
        assert a.text.strip()
        assert a.title, a.path
