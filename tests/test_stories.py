"""Near-duplicates, stories, overrides, summaries and timelines, on short fixtures written for these tests."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from conftest import run_ingest
from stories_fixtures import ALL_ITEMS, FESTIVAL_ITEMS, FIRE_ITEMS, MATCH_ITEMS, item, write_items

from rasd.cli import main
from rasd.dedup import copies_of, is_copy, signature
from rasd.export import export_records
from rasd.store.sqlite import SQLiteStore
from rasd.stories import get_story, list_stories, story_object, story_of
from rasd.stories.evaluate import bcubed, pair_scores, pearson
from rasd.stories.overrides import OverrideError, move, split
from rasd.stories.vectors import cosine
from rasd.summarise.extractive import REDUNDANT, sentence_vector


def _by_url(store) -> dict:
    return {a.url: a for a in store.iter_articles()}


def _partition(store) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for a in store.iter_articles():
        groups.setdefault(a.story_id, set()).add(a.url)
    return {frozenset(g) for g in groups.values()}


def _stories_table(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT story_id, title, first_date, last_date, n_articles, n_unique, sources, body, ents "
                           "FROM stories ORDER BY story_id").fetchall()
    finally:
        con.close()


@pytest.fixture
def ingested(tmp_path, store):
    run_ingest([write_items(tmp_path / "in" / "all.jsonl", ALL_ITEMS)], store)
    return store


FIRE_URLS = {x["url"] for x in FIRE_ITEMS}
MATCH_URLS = {x["url"] for x in MATCH_ITEMS}


# --- near-duplicates ----------------------------------------------------------------

def test_signature_tells_edited_copy_from_other_story():
    from stories_fixtures import FIRE_1, FIRE_2, MATCH_1

    full = signature("\n".join(FIRE_1))
    trimmed = signature("\n".join(FIRE_1[:2]))
    edited = signature("\n".join(FIRE_1).replace("صباح اليوم الأحد", "صباح الأحد").replace("لساعات", "لعدة ساعات"))
    assert is_copy(full, trimmed)[0]
    assert is_copy(full, edited)[0]
    assert not is_copy(full, signature("\n".join(FIRE_2)))[0]  # same story, different article
    assert not is_copy(full, signature("\n".join(MATCH_1)))[0]


def test_copies_grouped_with_canonical_and_sources(ingested):
    arts = _by_url(ingested)
    canon = arts["https://agency.example/1"]
    exact, trimmed = arts["https://sahil.example/2"], arts["https://madina.example/3"]
    assert canon.duplicate_of is None
    assert exact.duplicate_of == canon.id and trimmed.duplicate_of == canon.id
    assert exact.story_id == trimmed.story_id == canon.story_id
    g = copies_of(ingested, trimmed.id)  # asked from a copy: the whole group
    assert g["canonical"]["id"] == canon.id
    assert {c["id"] for c in g["copies"]} == {exact.id, trimmed.id}
    assert g["sources"] == ["agency", "madina", "sahil"] and g["outlets"] == 3
    # other articles of the same story are not copies
    assert arts["https://watan.example/4"].duplicate_of is None


def test_dedup_continues_from_stored_signatures(tmp_path, store):
    run_ingest([write_items(tmp_path / "a.jsonl", FIRE_ITEMS[:1])], store)
    # a later run finds the copy through the bands and signature the first run stored
    run_ingest([write_items(tmp_path / "b.jsonl", FIRE_ITEMS[2:3])], store)
    arts = _by_url(store)
    assert arts["https://madina.example/3"].duplicate_of == arts["https://agency.example/1"].id


# --- stories -----------------------------------------------------------------------------

def test_stories_partition(ingested):
    assert _partition(ingested) == {frozenset(FIRE_URLS), frozenset(MATCH_URLS), frozenset({FESTIVAL_ITEMS[0]["url"]})}


def test_reingest_adds_nothing_and_keeps_ids(tmp_path, ingested):
    before = list(export_records(ingested))
    table = _stories_table(ingested.location)
    rep = run_ingest([tmp_path / "in" / "all.jsonl"], ingested)
    assert rep.counts["ingested"] == 0
    assert list(export_records(ingested)) == before
    assert _stories_table(ingested.location) == table


def test_two_runs_equal_one_run(tmp_path):
    one = SQLiteStore(str(tmp_path / "one" / "r.db"))
    two = SQLiteStore(str(tmp_path / "two" / "r.db"))
    run_ingest([write_items(tmp_path / "all.jsonl", ALL_ITEMS)], one)
    half = len(ALL_ITEMS) // 2
    run_ingest([write_items(tmp_path / "first.jsonl", ALL_ITEMS[:half])], two)
    run_ingest([write_items(tmp_path / "second.jsonl", ALL_ITEMS[half:])], two)
    assert {a.url: (a.story_id, a.duplicate_of) for a in one.iter_articles()} == \
        {a.url: (a.story_id, a.duplicate_of) for a in two.iter_articles()}
    one.close()
    two.close()
    assert _stories_table(str(tmp_path / "one" / "r.db")) == _stories_table(str(tmp_path / "two" / "r.db"))


def test_same_stories_whatever_the_workers(tmp_path):
    src = write_items(tmp_path / "all.jsonl", ALL_ITEMS)
    results = []
    for w in (1, 2):
        s = SQLiteStore(str(tmp_path / f"w{w}" / "r.db"))
        run_ingest([src], s, workers=w)
        results.append({a.url: (a.story_id, a.duplicate_of) for a in s.iter_articles()})
        s.close()
    assert results[0] == results[1]


def test_story_ids_stable_when_more_articles_arrive(tmp_path, store):
    run_ingest([write_items(tmp_path / "a.jsonl", [x for x in ALL_ITEMS if x["url"] != "https://radio.example/5"])], store)
    fire_id = _by_url(store)["https://agency.example/1"].story_id
    run_ingest([write_items(tmp_path / "b.jsonl", [x for x in ALL_ITEMS if x["url"] == "https://radio.example/5"])], store)
    arts = _by_url(store)
    assert arts["https://agency.example/1"].story_id == fire_id
    assert arts["https://radio.example/5"].story_id == fire_id


def test_export_fills_story_and_duplicate(ingested):
    recs = list(export_records(ingested))
    assert all(r["story_id"] for r in recs)
    assert sum(r["duplicate_of"] is not None for r in recs) == 2


# --- overrides ------------------------------------------------------------------------------

def test_move_survives_reingest_and_new_articles(tmp_path, ingested):
    arts = _by_url(ingested)
    radio, match = arts["https://radio.example/5"], arts["https://sport.example/6"]
    fire_id = radio.story_id
    src, dst = move(ingested, radio.id, match.story_id)
    assert (src, dst) == (fire_id, match.story_id)
    assert story_of(ingested, radio.id) == match.story_id
    assert radio.id in get_story(ingested, match.story_id)["article_ids"]
    # re-ingest, then a new fire article: the correction stays, the fire story still grows
    run_ingest([tmp_path / "in" / "all.jsonl"], ingested)
    from stories_fixtures import FIRE_2

    run_ingest([write_items(tmp_path / "in" / "more.jsonl",
                            [item(9, "echo", "لجنة التحقيق في حريق مصنع البلاستيك بالنخيل تواصل عملها", FIRE_2[:1] + [
                                "وأكد العميد خالد السبيعي أن الحريق في المصنع بالمنطقة الصناعية لم يسفر عن وفيات."],
                                  "2025-05-06T12:00:00")])], ingested)
    arts = _by_url(ingested)
    assert arts["https://radio.example/5"].story_id == match.story_id
    assert arts["https://echo.example/9"].story_id == fire_id
    overrides = ingested.story_overrides()
    assert [o["kind"] for o in overrides] == ["move"]


def test_move_emptied_story_becomes_alias(ingested):
    arts = _by_url(ingested)
    fest, match = arts[FESTIVAL_ITEMS[0]["url"]], arts["https://sport.example/6"]
    move(ingested, fest.id, match.story_id)
    assert ingested.resolve_story_id(fest.story_id) == match.story_id
    assert fest.story_id in get_story(ingested, match.story_id)["aliases"]
    assert get_story(ingested, fest.story_id)["story_id"] == match.story_id


def test_split_survives_reingest(tmp_path, ingested):
    arts = _by_url(ingested)
    fire_id = arts["https://agency.example/1"].story_id
    radio, watan = arts["https://radio.example/5"], arts["https://watan.example/4"]
    new_id = split(ingested, fire_id, [radio.id, watan.id])
    assert new_id != fire_id
    assert story_of(ingested, radio.id) == story_of(ingested, watan.id) == new_id
    assert story_of(ingested, arts["https://sahil.example/2"].id) == fire_id  # the copy stays with its canonical
    run_ingest([tmp_path / "in" / "all.jsonl"], ingested)
    assert story_of(ingested, radio.id) == new_id
    rows = ingested.story_rows([fire_id, new_id])
    assert rows[fire_id]["n_articles"] == 3 and rows[new_id]["n_articles"] == 2
    with pytest.raises(OverrideError):
        split(ingested, new_id, [radio.id, watan.id])  # nothing would be left


def test_merge_keeps_alias(tmp_path, store):
    from rasd.stories.cluster import StoryEngine

    run_ingest([write_items(tmp_path / "in.jsonl", ALL_ITEMS)], store)
    arts = _by_url(store)
    fire, match = arts["https://agency.example/1"].story_id, arts["https://sport.example/6"].story_id
    eng = StoryEngine(store)
    kept = eng._merge(eng._story(fire), eng._story(match))
    eng.flush()
    store.commit()
    older = min((fire, match), key=lambda s: store.story_rows([s])[s]["seq"] if s in store.story_rows([s]) else 1e9)
    assert kept.story_id == older
    gone = match if older == fire else fire
    assert store.resolve_story_id(gone) == older
    assert all(a.story_id == older for a in store.iter_articles() if a.url in FIRE_URLS | MATCH_URLS)
    assert store.story_rows([older])[older]["n_articles"] == len(FIRE_URLS | MATCH_URLS)


# --- what a story shows ------------------------------------------------------------------------

def test_summary_cites_offsets_and_is_not_redundant(ingested):
    fire_id = _by_url(ingested)["https://agency.example/1"].story_id
    s = story_object(ingested, fire_id, full=False)
    assert 1 <= len(s["summary"]) <= 5
    texts = {a.id: a for a in ingested.iter_articles()}
    for x in s["summary"]:
        assert texts[x["article_id"]].text[x["start"]:x["end"]] == x["text"]
        assert not texts[x["article_id"]].duplicate_of  # copies never speak for the story
    vecs = [sentence_vector(x["text"]) for x in s["summary"]]
    for i in range(len(vecs)):
        for j in range(i):
            assert cosine(vecs[i], vecs[j]) <= REDUNDANT
    dates = [texts[x["article_id"]].published for x in s["summary"]]
    assert dates == sorted(dates)
    assert len({x["article_id"] for x in s["summary"]}) >= 2  # several articles speak


def test_timeline_in_calendar_order_with_offsets(ingested):
    fire_id = _by_url(ingested)["https://agency.example/1"].story_id
    tl = get_story(ingested, fire_id)["timeline"]
    assert tl
    texts = {a.id: a.text for a in ingested.iter_articles()}
    for e in tl:
        assert texts[e["article_id"]][e["start"]:e["end"]] == e["text"]
    assert [e["date"] for e in tl] == sorted(e["date"] for e in tl)
    # "أمس الأحد" in the follow-up resolves to the day of the fire: both are on the timeline at 2025-05-04
    assert "2025-05-04" in {e["date"][:10] for e in tl}
    assert len({e["date"][:10] for e in tl}) >= 2


def test_who_said_what_groups_by_speaker(ingested):
    fire_id = _by_url(ingested)["https://agency.example/1"].story_id
    wsw = get_story(ingested, fire_id)["who_said_what"]
    top = wsw[0]
    assert "السبيعي" in top["speaker"]
    assert len(top["statements"]) >= 2
    assert [s["date"] for s in top["statements"]] == sorted(s["date"] for s in top["statements"])
    texts = {a.id: a.text for a in ingested.iter_articles()}
    for g in wsw:
        for st in g["statements"]:
            assert texts[st["article_id"]][st["start"]:st["end"]] == st["text"]


def test_read_api(ingested):
    total, rows = list_stories(ingested)
    assert total == 3 and len(rows) == 3
    fire = next(r for r in rows if r["article_count"] == 5)
    assert set(fire) == {"story_id", "title", "first_date", "last_date", "article_count", "source_count", "top_entities",
                         "volume"}
    assert (fire["first_date"], fire["last_date"]) == ("2025-05-04", "2025-05-06")
    assert fire["source_count"] == 5
    assert sum(v["count"] for v in fire["volume"]) == 5
    assert any("النخيل" in e["name"] for e in fire["top_entities"])
    assert list_stories(ingested, q="مهرجان الشعر")[0] == 1
    assert list_stories(ingested, q="البلاستيك")[1][0]["story_id"] == fire["story_id"]
    assert list_stories(ingested, since="2025-05-06")[0] == 1
    assert list_stories(ingested, limit=1, offset=1)[1][0]["story_id"] == rows[1]["story_id"]
    s = get_story(ingested, fire["story_id"])
    for k in ("story_id", "title", "first_date", "last_date", "article_ids", "sources", "top_entities", "summary", "timeline",
              "volume", "who_said_what", "articles", "aliases"):
        assert k in s
    assert {a["duplicate_of"] for a in s["articles"]} - {None}
    assert get_story(ingested, "nosuchstory") is None
    assert story_of(ingested, "0000000000000000") is None


# --- CLI ----------------------------------------------------------------------------------------

def test_cli_stories_story_dups_export(tmp_path, ingested, monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    db = ingested.location
    runner = CliRunner()
    res = runner.invoke(main, ["stories", "--db", db, "--json"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in res.stdout.splitlines()]
    fire = next(r for r in rows if r["article_count"] == 5)
    res = runner.invoke(main, ["story", fire["story_id"], "--db", db])
    assert res.exit_code == 0, res.output
    assert "summary" in res.output and "timeline" in res.output and "who said what" in res.output
    res = runner.invoke(main, ["story", "nosuch", "--db", db])
    assert res.exit_code != 0
    canon = _by_url(ingested)["https://agency.example/1"].id
    res = runner.invoke(main, ["dups", canon, "--db", db])
    assert res.exit_code == 0 and "3 outlet" in res.output
    out = tmp_path / "stories.jsonl"
    res = runner.invoke(main, ["export-stories", str(out), "--db", db])
    assert res.exit_code == 0, res.output
    objs = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(objs) == 3
    assert set(objs[0]) == {"story_id", "title", "first_date", "last_date", "article_ids", "sources", "top_entities",
                            "summary", "timeline"}
    assert sorted(i for o in objs for i in o["article_ids"]) == sorted(a.id for a in ingested.iter_articles())


def test_cli_move_and_split(ingested, monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    db = ingested.location
    arts = _by_url(ingested)
    runner = CliRunner()
    fest, match = arts[FESTIVAL_ITEMS[0]["url"]], arts["https://sport.example/6"]
    res = runner.invoke(main, ["story", "move", fest.id, match.story_id, "--db", db])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["story", "split", match.story_id, fest.id, "--db", db])
    assert res.exit_code == 0, res.output
    with SQLiteStore(db) as s:
        assert story_of(s, fest.id) not in (match.story_id, fest.story_id)
    res = runner.invoke(main, ["story", "move", "0000000000000000", match.story_id, "--db", db])
    assert res.exit_code != 0


# --- scoring -------------------------------------------------------------------------------------

def test_bcubed_and_pairs():
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert bcubed({1: "x", 2: "x", 3: "y", 4: "y"}, gold)["f1"] == 1.0
    alone = bcubed({i: i for i in gold}, gold)
    assert alone["precision"] == 1.0 and alone["recall"] == 0.5
    lumped = bcubed({i: "z" for i in gold}, gold)
    assert lumped["precision"] == 0.5 and lumped["recall"] == 1.0
    r = pair_scores([(True, True), (True, False), (False, True), (False, False)])
    assert (r["precision"], r["recall"]) == (0.5, 0.5)
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)


def test_cli_story_db_before_id(ingested, monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    sid = _by_url(ingested)["https://agency.example/1"].story_id
    res = CliRunner().invoke(main, ["story", "--db", ingested.location, sid, "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["story_id"] == sid
