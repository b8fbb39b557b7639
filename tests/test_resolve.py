"""Entity resolution rules: transliteration variants merge, different people stay apart,
surnames resolve inside their article, organisations' short and reporting forms link."""

from __future__ import annotations

import pytest

from rasd.entities.catalog import catalog
from rasd.entities.resolve import entity_key, link, name_key, resolve_article
from rasd.model import Article


@pytest.mark.parametrize("a,b", [
    ("شي جين بينغ", "شي جين بينج"),       # غ/ج for g
    ("بوتين", "بوتن"),                     # optional long vowel
    ("وانغ ون بين", "وانغ وينبين"),        # word split
    ("تشين جانج", "تشين قانغ"),            # ج/ق for g
    ("أوكرانيا", "اوكرانيا"),              # hamza form
    ("كييف", "كيف"),
    ("سليمان الحمايدة", "سليمان الحمايده"),  # ta marbuta
    ("عادل بنعيسى", "عادل بن عيسى"),
    ("الرئيس فلاديمير بوتين", "فلاديمير بوتن"),  # title dropped
])
def test_variants_share_a_key(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("a,b", [
    ("وانغ يي", "وانغ وينبين"),            # same family name, different given names
    ("محمد بن سلمان", "محمد بن نايف"),     # nasab differs in one link
    ("لي مينغ", "لي وي تشانغ"),
    ("بشار الأسد", "حافظ الأسد"),
    ("كوريا الشمالية", "كوريا الجنوبية"),
])
def test_different_entities_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


def _span(text: str, sub: str, typ: str, after: int = 0) -> dict:
    i = text.index(sub, after)
    return {"text": sub, "start": i, "end": i + len(sub), "type": typ}


def test_bare_surname_is_the_full_name_the_article_introduced():
    t = "التقى وزير الخارجية الصيني وانغ يي نظيره الروسي سيرغي لافروف. وقال وانغ إن المحادثات مثمرة، وأضاف لافروف أن التعاون مستمر."
    spans = [_span(t, "وانغ يي", "PER"), _span(t, "سيرغي لافروف", "PER"),
             _span(t, "وانغ", "PER", t.index("وقال")), _span(t, "لافروف", "PER", t.index("وأضاف"))]
    ms = resolve_article(spans)
    assert ms[2].canonical == ms[0].canonical and ms[3].canonical == ms[1].canonical
    items = link(spans)
    assert items[2]["entity_id"] == items[0]["entity_id"] != items[1]["entity_id"] == items[3]["entity_id"]
    assert items[2]["canonical"] == "وانغ يي"


def test_bare_surname_links_to_the_most_recent_of_two_namesakes():
    t = "تحدث وانغ يي ثم وانغ وينبين في المؤتمر، وقال وانغ إن الموقف ثابت."
    spans = [_span(t, "وانغ يي", "PER"), _span(t, "وانغ وينبين", "PER"), _span(t, "وانغ", "PER", t.index("وقال"))]
    ms = resolve_article(spans)
    assert ms[0].canonical != ms[1].canonical
    assert ms[2].canonical == ms[1].canonical


def test_bare_surname_without_a_full_name_never_joins_a_full_name_across_articles():
    # article 1 has وانغ يي; article 2 only says وانغ: that must not become وانغ يي
    a1 = link([{"text": "وانغ يي", "start": 0, "end": 7, "type": "PER"}])
    a2 = link([{"text": "وانغ", "start": 0, "end": 4, "type": "PER"}])
    assert a1[0]["entity_id"] != a2[0]["entity_id"]
    assert entity_key("PER", "وانغ") != entity_key("PER", "وانغ يي")


def test_organisation_short_and_reporting_forms_link_to_the_long_form():
    t = "قالت وزارة الخارجية الصينية إن الحوار ضروري. وأكدت الخارجية الصينية موقفها، وأضافت الوزارة أن بكين مستعدة."
    spans = [_span(t, "وزارة الخارجية الصينية", "ORG"), _span(t, "الخارجية الصينية", "ORG", t.index("وأكدت")),
             _span(t, "الوزارة", "ORG", t.index("وأضافت"))]
    ids = {m["entity_id"] for m in link(spans)}
    assert len(ids) == 1


def test_two_ministries_stay_apart():
    t = "قالت وزارة الخارجية الصينية كذا، وردت وزارة الخارجية الروسية بكذا."
    spans = [_span(t, "وزارة الخارجية الصينية", "ORG"), _span(t, "وزارة الخارجية الروسية", "ORG")]
    a, b = link(spans)
    assert a["entity_id"] != b["entity_id"]


def test_catalog_merges_variants_across_articles_and_counts():
    def art(i: str, text: str, names: list[str]) -> Article:
        spans = []
        for n in names:
            spans.append(_span(text, n, "PER", spans[-1]["end"] if spans else 0))
        return Article(id=i, source="s", url=None, path=None, title=None, text=text, entities=link(spans))

    arts = [art("a", "قال شي جين بينغ إن كذا", ["شي جين بينغ"]),
            art("b", "وقال شي جين بينج ثم قال شي كذا", ["شي جين بينج", "شي"]),
            art("c", "قال وانغ يي كذا", ["وانغ يي"])]
    ents = {e["name"]: e for e in catalog(arts)}
    xi = ents["شي جين بينغ"] if "شي جين بينغ" in ents else ents["شي جين بينج"]
    assert xi["article_count"] == 2 and xi["mention_count"] == 3
    assert {"شي جين بينغ", "شي جين بينج", "شي"} <= set(xi["aliases"])
    assert ents["وانغ يي"]["entity_id"] != xi["entity_id"]
