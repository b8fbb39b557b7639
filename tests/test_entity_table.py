"""The cross-article entity table: incremental linking, context, rebuild and analysts' overrides.

Fixtures are short texts written for these tests; spans are given by hand (the tagger is
tested elsewhere), so what is tested is resolution alone."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rasd.cli import main
from rasd.entities import registry
from rasd.entities.registry import Registry
from rasd.entities.resolve import link
from rasd.model import Article, stable_hash
from rasd.store.sqlite import SQLiteStore


def _spans(text: str, names: list[tuple[str, str]]) -> list[dict]:
    out, pos = [], 0
    for sub, typ in names:
        i = text.index(sub, pos)
        out.append({"text": sub, "start": i, "end": i + len(sub), "type": typ})
        pos = i + len(sub)
    return out


class Corpus:
    """A store fed article by article the way the pipeline feeds it (link in the article, then the table)."""

    def __init__(self, path) -> None:
        self.store = SQLiteStore(str(path))
        self.n = 0
        self.reg = Registry.load(self.store)

    def reopen(self) -> None:
        """A new ingest run: the table is loaded from the store, nothing recomputed."""
        self.reg = Registry.load(self.store)

    def add(self, text: str, names: list[tuple[str, str]], statements: list[dict] | None = None) -> Article:
        self.n += 1
        items = self.reg.assign(link(_spans(text, names), text))
        a = Article(id=f"a{self.n:03d}", source="t", url=None, path=None, title=None, text=text,
                    body_hash=stable_hash(text), entities=items, statements=statements or [])
        self.store.insert_article(a, 1, stable_hash(text))
        self.reg.flush(self.store)
        self.store.commit()
        return a

    def ids(self, article: Article) -> list[str]:
        return [m["entity_id"] for m in self.store.get_article(article.id).entities]

    def table(self) -> dict[str, dict]:
        return {e["entity_id"]: e for e in registry.table(self.store).exports()}


@pytest.fixture
def corpus(tmp_path):
    c = Corpus(tmp_path / "t.db")
    yield c
    c.store.close()


def test_transliteration_variants_join_one_entity_across_articles(corpus):
    a1 = corpus.add("استقبل الرئيس الصيني شي جين بينغ ضيفه.", [("شي جين بينغ", "PER")])
    a2 = corpus.add("قال شي جين بينج إن بلاده مستعدة.", [("شي جين بينج", "PER")])
    a3 = corpus.add("التقى سيرغي لافروف نظيره. ثم عاد سيرجي لافروف إلى موسكو.",
                    [("سيرغي لافروف", "PER"), ("سيرجي لافروف", "PER")])
    a4 = corpus.add("وصل الوفد إلى أوكرانيا ثم إلى كييف.", [("أوكرانيا", "LOC"), ("كييف", "LOC")])
    a5 = corpus.add("قالت اوكرانيا إن كيف تعرضت لهجوم.", [("اوكرانيا", "LOC"), ("كيف", "LOC")])
    assert corpus.ids(a1) == corpus.ids(a2)
    assert len(set(corpus.ids(a3))) == 1
    assert corpus.ids(a4) == corpus.ids(a5)
    t = corpus.table()
    xi = t[corpus.ids(a1)[0]]
    assert xi["article_count"] == 2 and xi["mention_count"] == 2
    assert {"شي جين بينغ", "شي جين بينج"} <= set(xi["aliases"])


def test_same_family_name_with_different_given_names_stays_apart(corpus):
    pairs = [("وانغ يي", "وانغ وينبين"), ("محمد بن سلمان", "محمد بن نايف"), ("حسن الحمادي", "حسين الحمادي"),
             ("بشار الأسد", "حافظ الأسد"), ("عبدالله بن سعد بن خالد", "عبدالله بن سعد بن ناصر")]
    for x, y in pairs:
        a = corpus.add(f"قال {x} كلاما.", [(x, "PER")])
        b = corpus.add(f"قال {y} كلاما.", [(y, "PER")])
        assert corpus.ids(a) != corpus.ids(b), (x, y)


def test_arabic_name_structure_merges_what_agrees(corpus):
    a = corpus.add("استقبل العاهل السعودي خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود الوفد.",
                   [("خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود", "PER")])
    b = corpus.add("وكان العاهل السعودي سلمان بن عبدالعزيز في استقبالهم.", [("سلمان بن عبدالعزيز", "PER")])
    c = corpus.add("التقى أمير قطر الشيخ تميم بن حمد آل ثاني الوفد.", [("الشيخ تميم بن حمد آل ثاني", "PER")])
    d = corpus.add("وقال أمير قطر تميم بن حمد إن كذا.", [("تميم بن حمد", "PER")])
    # a given name and a father's name alone are many people's: they join a longer name only with context
    g = corpus.add("قال خالد بن عبدالله العطاوي كذا.", [("خالد بن عبدالله العطاوي", "PER")])
    h = corpus.add("وقال خالد بن عبدالله كذا.", [("خالد بن عبدالله", "PER")])
    assert corpus.ids(g) != corpus.ids(h)
    # and a full name must fit every full name of the entity, not one of them
    i = corpus.add("قال أحمد بن محمد السالم إن كذا. ثم قال أحمد بن محمد كذا.",
                   [("أحمد بن محمد السالم", "PER"), ("أحمد بن محمد", "PER")])
    j = corpus.add("وقال أحمد بن محمد العواد كذا.", [("أحمد بن محمد العواد", "PER")])
    assert corpus.ids(j)[0] not in corpus.ids(i)
    e = corpus.add("ورد جاسم محمد البديوي على ذلك.", [("جاسم محمد البديوي", "PER")])
    f = corpus.add("وقال جاسم البديوي إن كذا.", [("جاسم البديوي", "PER")])
    assert corpus.ids(a) == corpus.ids(b)
    assert corpus.ids(c) == corpus.ids(d)
    assert corpus.ids(e) == corpus.ids(f)
    assert corpus.table()[corpus.ids(a)[0]]["name"] == "سلمان بن عبدالعزيز آل سعود"  # titles are not the name


def test_a_bare_surname_shared_by_two_people_in_different_articles(corpus):
    a1 = corpus.add("قال وزير الخارجية الصيني وانغ يي إن الحوار مهم. وأضاف وانغ أن كذا.",
                    [("وانغ يي", "PER"), ("وانغ", "PER")])
    a2 = corpus.add("قال المتحدث باسم الخارجية الصينية وانغ وينبين إن كذا. وتابع وانغ أن كذا.",
                    [("وانغ وينبين", "PER"), ("وانغ", "PER")])
    a3 = corpus.add("وقال وانغ إن الأمر انتهى.", [("وانغ", "PER")])
    i1, i2, i3 = corpus.ids(a1), corpus.ids(a2), corpus.ids(a3)
    assert i1[0] == i1[1] and i2[0] == i2[1]    # each article's وانغ is the full name it introduced
    assert i1[0] != i2[0]
    assert i3[0] not in (i1[0], i2[0])          # with nothing to tell who, a bare surname joins no one


def test_a_bare_surname_joins_the_person_its_role_names(corpus):
    a1 = corpus.add("قال الرئيس الروسي فلاديمير بوتين إن كذا.", [("فلاديمير بوتين", "PER")])
    a2 = corpus.add("وقال الرئيس الروسي بوتين في كلمته إن كذا.", [("بوتين", "PER")])
    a3 = corpus.add("وقال الرئيس البيلاروسي بوتين إن كذا.", [("بوتين", "PER")])  # a namesake elsewhere
    assert corpus.ids(a2) == corpus.ids(a1)
    assert corpus.ids(a3) != corpus.ids(a1)
    assert "الرئيس الروسي" in corpus.table()[corpus.ids(a1)[0]]["roles"]


def test_names_glued_to_a_clitic(corpus):
    a1 = corpus.add("التقى فلاديمير بوتين الوفد. وقال وبوتين كذا، ثم نقل لبوتين رسالة.",
                    [("فلاديمير بوتين", "PER"), ("وبوتين", "PER"), ("لبوتين", "PER")])
    assert len(set(corpus.ids(a1))) == 1
    # across articles a glued name joins only with context that agrees ...
    a2 = corpus.add("وقال الرئيس الروسي فلاديمير بوتين كذا.", [("فلاديمير بوتين", "PER")])
    a3 = corpus.add("وأكد الرئيس الروسي وبوتين كذا.", [("وبوتين", "PER")])
    assert corpus.ids(a3) == corpus.ids(a2) == corpus.ids(a1)[:1]
    # ... and a letter that belongs to the name is not a clitic: وسام حداد ≠ سام حداد
    b1 = corpus.add("قال وسام حداد كذا.", [("وسام حداد", "PER")])
    b2 = corpus.add("قال سام حداد كذا.", [("سام حداد", "PER")])
    assert corpus.ids(b1) != corpus.ids(b2)


def test_namesakes_told_apart_by_their_roles(corpus):
    a1 = corpus.add("سجل لاعب ليفربول محمد صلاح هدفين.", [("محمد صلاح", "PER")])
    a2 = corpus.add("نقل مراسل الصحيفة محمد صلاح الخبر.", [("محمد صلاح", "PER")])
    a3 = corpus.add("وسجل محمد صلاح هدفا.", [("محمد صلاح", "PER")])
    assert corpus.ids(a1) != corpus.ids(a2)
    assert corpus.ids(a3) == corpus.ids(a1)  # no role: the better-known entity with that exact name


def test_organisations_short_long_and_reporting_forms(corpus):
    a1 = corpus.add("قالت وزارة الخارجية الروسية إن كذا. وأضافت الوزارة الروسية أن كذا.",
                    [("وزارة الخارجية الروسية", "ORG"), ("الوزارة الروسية", "ORG")])
    a2 = corpus.add("وأكدت الخارجية الروسية أن كذا.", [("الخارجية الروسية", "ORG")])
    a3 = corpus.add("وردت وزارة الخارجية الصينية بكذا.", [("وزارة الخارجية الصينية", "ORG")])
    assert len(set(corpus.ids(a1))) == 1
    assert corpus.ids(a2) == corpus.ids(a1)[:1]
    assert corpus.ids(a3) != corpus.ids(a2)


def test_ids_are_stable_across_runs_and_rebuild_reproduces_the_table(corpus):
    texts = [("قال وزير الخارجية الصيني وانغ يي إن كذا. وأضاف وانغ.", [("وانغ يي", "PER"), ("وانغ", "PER")]),
             ("قالت وزارة الخارجية الصينية إن كذا.", [("وزارة الخارجية الصينية", "ORG")]),
             ("سجل لاعب ليفربول محمد صلاح هدفين.", [("محمد صلاح", "PER")])]
    first = [corpus.add(t, n) for t, n in texts]
    before = {a.id: corpus.ids(a) for a in first}
    corpus.reopen()   # a second ingest run
    more = [corpus.add("وصرح وانغ يي بأن كذا.", [("وانغ يي", "PER")]),
            ("نقل مراسل الصحيفة محمد صلاح الخبر.", [("محمد صلاح", "PER")]),
            corpus.add("وقال المتحدث باسم الخارجية الصينية وانغ وينبين كذا.", [("وانغ وينبين", "PER")])]
    more[1] = corpus.add(*more[1])
    assert {a.id: corpus.ids(a) for a in first} == before
    assert corpus.ids(more[0]) == before["a001"][:1]
    table = corpus.table()
    art_ids = {a.id: corpus.ids(a) for a in first + more}
    registry.rebuild(corpus.store)
    assert corpus.table() == table
    assert {a.id: corpus.ids(a) for a in first + more} == art_ids
    # every mention's id is in the table, and the table counts the mentions
    assert sum(e["mention_count"] for e in table.values()) == sum(len(v) for v in art_ids.values())


def test_overrides_survive_rebuild_and_later_ingests(corpus):
    a1 = corpus.add("قال أبو مازن إن كذا.", [("أبو مازن", "PER")],
                    statements=[{"kind": "indirect", "speaker": "أبو مازن", "speaker_entity_id": None}])
    a2 = corpus.add("قال الرئيس الفلسطيني محمود عباس كذا.", [("محمود عباس", "PER")])
    kunya, name = corpus.ids(a1)[0], corpus.ids(a2)[0]
    assert kunya != name   # a kunya is not its bearer's name to a string matcher
    st = corpus.store.get_article(a1.id)
    corpus.store.update_annotations(a1.id, st.entities, [dict(st.statements[0], speaker_entity_id=kunya)])
    registry.merge(corpus.store, name, kunya)
    assert corpus.ids(a1) == [name]
    assert corpus.store.get_article(a1.id).statements[0]["speaker_entity_id"] == name
    assert kunya not in corpus.table()
    registry.rename(corpus.store, name, "محمود عباس (أبو مازن)")
    registry.rebuild(corpus.store)
    t = corpus.table()
    assert corpus.ids(a1) == corpus.ids(a2) == [name] and kunya not in t
    assert t[name]["name"] == "محمود عباس (أبو مازن)" and t[name]["mention_count"] == 2
    corpus.reopen()
    a3 = corpus.add("وأكد أبو مازن كذا.", [("أبو مازن", "PER")])
    assert corpus.ids(a3) == [name]
    # split: the mentions written one way leave the entity, and stay out of it
    s1 = corpus.add("قال جون سميث كذا.", [("جون سميث", "PER")])
    s2 = corpus.add("قال جون سميث كذا أيضا.", [("جون سميث", "PER")])
    smith = corpus.ids(s1)[0]
    corpus.add("وقال جون سمث كذا.", [("جون سمث", "PER")])
    assert corpus.table()[smith]["mention_count"] == 3
    new = registry.split(corpus.store, smith, "جون سمث").entity_id
    assert new != smith and corpus.table()[smith]["mention_count"] == 2 and corpus.table()[new]["mention_count"] == 1
    registry.rebuild(corpus.store)
    assert corpus.table()[new]["mention_count"] == 1 and corpus.ids(s2) == [smith]
    corpus.reopen()
    assert corpus.ids(corpus.add("وعاد جون سمث.", [("جون سمث", "PER")])) == [new]
    with pytest.raises(KeyError):
        registry.split(corpus.store, smith, "اسم لا يوجد")


def test_cli_entities_export_and_corrections(tmp_path):
    db = str(tmp_path / "c.db")
    c = Corpus(db)
    a = c.add("قال وزير الخارجية الصيني وانغ يي إن كذا.", [("وانغ يي", "PER")])
    b = c.add("قال أبو مازن كذا.", [("أبو مازن", "PER")])
    c.store.close()
    r = CliRunner()
    out = tmp_path / "e.jsonl"
    res = r.invoke(main, ["--db", db, "export-entities", str(out)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert {tuple(sorted(x)) for x in rows} == {("aliases", "article_count", "entity_id", "mention_count", "name", "roles", "type")}
    wang = next(x for x in rows if x["name"] == "وانغ يي")
    assert wang["roles"] == ["وزير الخارجية الصيني"]
    res = r.invoke(main, ["--db", db, "entity", "وانغ يي"])
    assert res.exit_code == 0 and "وزير الخارجية الصيني" in res.output and a.id in res.output
    other = next(x for x in rows if x["name"] == "أبو مازن")["entity_id"]
    assert r.invoke(main, ["--db", db, "entity", "merge", wang["entity_id"], other]).exit_code == 0
    assert r.invoke(main, ["--db", db, "entity", "rename", wang["entity_id"], "Wang Yi"]).exit_code == 0
    res = r.invoke(main, ["--db", db, "entities", "--rebuild"])
    assert res.exit_code == 0 and "Wang Yi" in res.output
    s = SQLiteStore(db)
    assert s.get_article(b.id).entities[0]["entity_id"] == wang["entity_id"]
    s.close()
    res = r.invoke(main, ["--db", db, "entity", "split", wang["entity_id"], "لا أحد"])
    assert res.exit_code != 0 and "no mention" in res.output


def test_split_by_a_bare_alias_moves_its_article_cluster_and_survives_rebuild(corpus):
    a1 = corpus.add("قال المبعوث يوهانس لارسن كذا. وأضاف لارسن أن كذا.", [("يوهانس لارسن", "PER"), ("لارسن", "PER")])
    a2 = corpus.add("قال المبعوث يوهانيس لارسون كذا. وأضاف لارسون أن كذا.",
                    [("يوهانيس لارسون", "PER"), ("لارسون", "PER")])
    eid = corpus.ids(a1)[0]
    assert set(corpus.ids(a2)) == {eid}
    new = registry.split(corpus.store, eid, "لارسون").entity_id
    assert corpus.ids(a2) == [new, new] and corpus.ids(a1) == [eid, eid]
    before = corpus.table()
    registry.rebuild(corpus.store)
    assert corpus.table() == before and corpus.ids(a2) == [new, new]


def _write(path, rows: list[str]) -> None:
    path.write_text("\n".join(json.dumps({"title": "خبر", "date": "2025-03-19T10:00:00+03:00", "content": c},
                                         ensure_ascii=False) for c in rows) + "\n", encoding="utf-8")


def test_pipeline_keeps_articles_table_and_speakers_consistent_across_runs(tmp_path):
    from rasd.pipeline import ingest

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _write(tmp_path / "a" / "1.jsonl", [
        "قال وزير الخارجية الصيني وانغ يي يوم الأحد إن الحوار ضروري.\nوأضاف وانغ أن بلاده مستعدة للتعاون مع روسيا.",
        "قال وزير المياه الأردني سليمان الحمايدة إن بلاده تعاني من الجفاف.\nوأضاف الحمايدة أن الحكومة ستعرض خطة.",
    ])
    _write(tmp_path / "b" / "2.jsonl", [
        "أكد وزير الخارجية الصيني وانغ يي أن بكين تدعم الحل السياسي.\nوقال وانغ إن المحادثات مثمرة.",
        "قال وزير المياه سليمان الحمايده إن السدود امتلأت.",
    ])
    db = str(tmp_path / "r.db")
    store = SQLiteStore(db)
    ingest([str(tmp_path / "a")], store, workers=1, report_dir=str(tmp_path))
    first = {a.id: [m["entity_id"] for m in a.entities] for a in store.iter_articles()}
    ingest([str(tmp_path / "b")], store, workers=1, report_dir=str(tmp_path))   # a second run
    arts = list(store.iter_articles())
    assert {a.id: [m["entity_id"] for m in a.entities] for a in arts if a.id in first} == first
    table = {e["entity_id"]: e for e in registry.table(store).exports()}
    mentions = [m for a in arts for m in a.entities]
    assert mentions and all(m["entity_id"] in table for m in mentions)
    assert sum(e["mention_count"] for e in table.values()) == len(mentions)
    speakers = [s["speaker_entity_id"] for a in arts for s in a.statements if s.get("speaker_entity_id")]
    assert speakers and all(s in table for s in speakers)
    registry.rebuild(store)
    assert {e["entity_id"]: e for e in registry.table(store).exports()} == table
    assert [m["entity_id"] for a in store.iter_articles() for m in a.entities] == [m["entity_id"] for m in mentions]
    store.close()
