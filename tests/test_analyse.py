"""The analyse stage inside the pipeline: annotations stored with offsets that
slice the final clean text, publication dates read from site datelines, and
the store upgrading an old schema in place."""

from __future__ import annotations

import json
import sqlite3

from click.testing import CliRunner

from rasd.analyse import SpanMap
from rasd.cli import main
from rasd.pipeline import ingest, published_from_lines
from rasd.store.sqlite import MIGRATIONS, SQLiteStore


def test_spanmap_moves_spans_past_removed_lines():
    lines = ["أولا سطر", "سطر محذوف", "ثالثا سطر أخير"]
    before = "\n".join(lines)
    sm = SpanMap(lines, [True, False, True])
    after = "\n".join([lines[0], lines[2]])
    s = before.index("ثالثا")
    assert sm.move(s, s + 5) == (after.index("ثالثا"), after.index("ثالثا") + 5)
    assert after[slice(*sm.move(s, s + 5))] == "ثالثا"
    assert sm.move(before.index("محذوف"), before.index("محذوف") + 5) is None
    assert sm.move(0, 4) == (0, 4)
    # a span that crosses a line break cannot be placed
    assert sm.move(2, before.index("محذوف")) is None


def test_spanmap_items_keep_sentence_offsets_consistent():
    lines = ["سطر محذوف", "قال الوزير يوم الأربعاء إن الخطة جاهزة."]
    sm = SpanMap(lines, [False, True])
    off = len(lines[0]) + 1
    item = {"text": "يوم الأربعاء", "start": off + 11, "end": off + 23, "sentence_start": off, "sentence_end": off + len(lines[1])}
    [moved] = sm.move_items([item], ("sentence_start", "sentence_end"))
    assert lines[1][moved["start"]:moved["end"]] == "يوم الأربعاء"
    assert (moved["sentence_start"], moved["sentence_end"]) == (0, len(lines[1]))


def test_published_from_dateline_lines():
    assert published_from_lines(["نشر في: الثلاثاء 11 مارس 2025 - 04:30 م"]) == "2025-03-11T16:30"
    assert published_from_lines(["الأحد 23 مارس 2025 | 23 رمضان 1446هـ"]) == "2025-03-23"
    assert published_from_lines(["آخر الأخبار"]) is None


def _article(title: str, stamp: str, body: list[str]) -> str:
    return "\n".join([title, stamp, *body])


def test_pipeline_stores_dates_resolved_against_the_dateline(tmp_path):
    site = tmp_path / "in" / "site"
    site.mkdir(parents=True)
    body = ["أعلنت البلدية أمس الاثنين عن خطة جديدة لتوسيع شبكة النقل العام في المدينة خلال العام المقبل.",
            "وقال رئيس البلدية إن الأعمال ستبدأ يوم الخميس المقبل بعد انتهاء الدراسات الفنية اللازمة للمشروع."]
    (site / "a.txt").write_text(_article("خطة لتوسيع النقل العام", "نُشر في: الثلاثاء 11 مارس 2025 - 08:05 ص", body),
                                encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "r.db"))
    rep = ingest([str(tmp_path / "in")], store, workers=1, report_dir=str(tmp_path))
    assert rep.counts["ingested"] == 1
    [a] = list(store.iter_articles())
    assert a.published == "2025-03-11T08:05" and a.published_source == "dateline"
    values = {d["text"]: d["value"] for d in a.dates}
    assert values["أمس الاثنين"] == "2025-03-10"
    assert values["يوم الخميس المقبل"] == "2025-03-13"
    for d in a.dates:
        assert a.text[d["start"]:d["end"]] == d["text"]
    store.close()


def test_dates_survive_site_repeat_removal_with_exact_offsets(tmp_path):
    """Three articles of one site share a furniture line between paragraphs that only the
    cross-site step removes: dates after it must still slice the stored text exactly."""
    site = tmp_path / "in" / "site"
    site.mkdir(parents=True)
    furniture = "تابعوا آخر الأخبار على موقعنا"
    for i, day in enumerate(["الأحد", "الاثنين", "الثلاثاء"]):
        body = [f"افتتح الوزير يوم {day} الماضي مشروعا جديدا للطاقة الشمسية في المنطقة الجنوبية رقم {i}.",
                furniture,
                f"وأوضح الوزير أن المرحلة الثانية ستنطلق في 15 أبريل 2025 وتستمر حتى نهاية العام الجاري {i}."]
        (site / f"{i}.txt").write_text(_article(f"مشروع للطاقة رقم {i}", "الأربعاء 12 مارس 2025", body), encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "r.db"))
    ingest([str(tmp_path / "in")], store, workers=1, report_dir=str(tmp_path))
    arts = list(store.iter_articles())
    assert len(arts) == 3
    for a in arts:
        assert furniture not in a.text
        assert any(r.reason == "site_repeat" for r in a.removed)
        texts = {d["text"] for d in a.dates}
        assert "15 أبريل 2025" in texts
        for d in a.dates:
            assert a.text[d["start"]:d["end"]] == d["text"]
    store.close()


def test_clean_only_skips_annotators(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "عنوان الخبر هنا\nأعلنت البلدية أمس الاثنين عن خطة جديدة لتوسيع شبكة النقل العام في المدينة.", encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "r.db"))
    ingest([str(tmp_path / "in")], store, workers=1, report_dir=str(tmp_path), annotate=())
    [a] = list(store.iter_articles())
    assert a.dates == []
    store.close()


def test_version_1_store_upgrades_in_place(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO articles (id, body_hash, text, ingested_at) VALUES ('a1', 'h', 'نص قديم', 'now')")
    conn.commit()
    conn.close()
    store = SQLiteStore(str(path))
    assert store.schema_version() == len(MIGRATIONS)
    a = store.get_article("a1")
    assert a is not None and a.text == "نص قديم" and a.dates == [] and a.entities == []
    store.close()


def test_dates_command_lists_resolved_expressions(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps({
        "title": "خبر", "date": "2025-03-12T10:00:00+03:00",
        "content": "أعلنت البلدية أمس الثلاثاء عن خطة جديدة لتوسيع شبكة النقل العام في المدينة الساحلية."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "ingest", str(tmp_path / "in"), "--quiet", "--workers", "1"]).exit_code == 0
    ids = runner.invoke(main, ["--db", db, "ls", "--json"]).output.splitlines()
    aid = json.loads(ids[0])["id"]
    res = runner.invoke(main, ["--db", db, "dates", aid, "--json"])
    assert res.exit_code == 0, res.output
    items = [json.loads(x) for x in res.output.splitlines()]
    assert [(d["text"], d["value"]) for d in items] == [("أمس الثلاثاء", "2025-03-11")]
    bad = runner.invoke(main, ["--db", db, "dates", "nope"])
    assert bad.exit_code != 0 and "no article" in bad.output


def test_statements_get_speaker_entity_and_event_date(tmp_path):
    (tmp_path / "in").mkdir()
    content = ("قال وزير المياه الأردني سليمان الحمايدة يوم الأحد إن بلاده تعاني من جفاف شديد منذ سنوات.\n"
               "وأضاف الحمايدة أن الحكومة ستعرض خطة جديدة لتحلية المياه خلال الشهر المقبل.\n"
               "ووصف المراقبون الاتفاق بأنه “تاريخي” في المنطقة.")
    (tmp_path / "in" / "a.jsonl").write_text(json.dumps(
        {"title": "خبر", "date": "2025-03-19T10:00:00+03:00", "content": content}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    store = SQLiteStore(str(tmp_path / "r.db"))
    ingest([str(tmp_path / "in")], store, workers=1, report_dir=str(tmp_path))
    [a] = list(store.iter_articles())
    said = [s for s in a.statements if s["kind"] != "term"]
    assert len(said) >= 2
    for s in a.statements:
        assert a.text[s["start"]:s["end"]] == s["text"]
        assert a.text[s["sentence_start"]:s["sentence_end"]]
    first, second = said[0], said[1]
    assert "تعاني من جفاف" in first["text"] and first["verb"].endswith("قال")
    assert first["date"] == "2025-03-16"  # يوم الأحد before Wednesday 19 March
    assert second["date"] == "2025-03-19"  # no date in the sentence: the publication day
    assert first["speaker_entity_id"] and first["speaker_entity_id"] == second["speaker_entity_id"]
    ids = {m["entity_id"] for m in a.entities}
    assert first["speaker_entity_id"] in ids
    assert all(s["speaker"] is None for s in a.statements if s["kind"] == "term")
    store.close()

    runner = CliRunner()
    res = runner.invoke(main, ["--db", str(tmp_path / "r.db"), "export-statements", "-"])
    rows = [json.loads(x) for x in res.output.splitlines()]
    assert len(rows) == len(said) and all(r["article_id"] == a.id for r in rows)
    res = runner.invoke(main, ["--db", str(tmp_path / "r.db"), "statements", "--speaker", "الحمايده"])
    assert res.exit_code == 0 and "2 statement(s)" in res.output
