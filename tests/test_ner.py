"""The shipped Arabic NER model: loads offline, finds the obvious entities,
and returns spans that slice the raw text exactly.

All sentences here were written for these tests; none come from ANERcorp.
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("pycrfsuite")

from rasd.entities import evaluate, ner  # noqa: E402
from rasd.entities.evaluate import evaluate_conll, spans  # noqa: E402

SENT_PERSON = "قال الرئيس الفرنسي إيمانويل ماكرون إن بلاده ستواصل دعم الحوار."
SENT_PLACE = "وصل الوفد إلى القاهرة مساء أمس في زيارة تستغرق ثلاثة أيام."
SENT_ORG = "أصدرت وزارة الخارجية بيانا تدين فيه الهجوم على القافلة."
SENT_CLITIC = "التقى الرئيس الروسي فلاديمير بوتين نظيره الصيني، واتصل وزير الخارجية بالأمين العام للأمم المتحدة."


def _types(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in ner.extract(text):
        out.setdefault(e["type"], set()).add(e["text"])
    return out


def test_model_ships_and_loads_offline():
    assert os.path.getsize(ner.MODEL_PATH) < 20_000_000
    tagger = ner.get_tagger()
    assert tagger is ner.get_tagger()  # loaded once per process
    assert tagger.lexicon.places, "CLDR place list ships with the package"


def test_person_after_title():
    per = _types(SENT_PERSON).get("PER", set())
    assert any("ماكرون" in p for p in per), per


def test_place():
    assert "القاهرة" in _types(SENT_PLACE).get("LOC", set())


def test_organisation():
    org = _types(SENT_ORG).get("ORG", set())
    assert any(o.startswith("وزارة الخارجية") for o in org), org


def test_offsets_slice_exactly():
    text = "  " + SENT_PERSON + "\n\n" + SENT_PLACE + " " + SENT_ORG
    ents = ner.extract(text)
    assert ents
    for e in ents:
        assert text[e["start"]:e["end"]] == e["text"]
        assert e["type"] in ("PER", "LOC", "ORG", "MISC")


def test_glued_clitic_is_stripped():
    text = "اجتمع الرئيس الأمريكي مع المستشار الألماني وبوتين في جنيف."
    ents = ner.extract(text)
    texts = {e["text"] for e in ents}
    assert "وبوتين" not in texts
    hit = [e for e in ents if "بوتين" in e["text"]]
    assert hit and hit[0]["text"] == "بوتين"
    assert text[hit[0]["start"]:hit[0]["end"]] == "بوتين"


def test_names_starting_with_clitic_letters_keep_them():
    # ب and ل here belong to the names, not to a preposition
    ents = ner.extract("زار رئيس الوزراء البريطاني لندن ثم توجه إلى بغداد.")
    texts = {e["text"] for e in ents if e["type"] == "LOC"}
    assert "بغداد" in texts
    assert "غداد" not in texts and "ندن" not in texts


def test_tags_only_from_allowed_set():
    tokens = SENT_CLITIC.replace("،", " ، ").replace(".", " .").split()
    tags = ner.tag_tokens(tokens)
    assert len(tags) == len(tokens)
    assert set(tags) <= ner.ALLOWED_TAGS
    assert ner.tag_tokens([]) == []


def test_spans_conlleval_semantics():
    assert spans(["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "B-ORG"]) == {
        (0, 2, "PER"), (3, 4, "LOC"), (4, 5, "ORG"), (5, 6, "ORG")}


def test_evaluate_conll_on_tiny_file(tmp_path):
    path = tmp_path / "tiny.conll"
    rows = [
        ("قال", "O"), ("الرئيس", "O"), ("الفرنسي", "O"), ("إيمانويل", "B-PERS"), ("ماكرون", "I-PERS"),
        ("إن", "O"), ("وزارة", "B-ORG"), ("الخارجية", "I-ORG"), ("في", "O"), ("باريس", "B-LOC"),
        ("ستصدر", "O"), ("بيانا", "O"), (".", "O"),
    ]
    path.write_text("\n".join(f"{t} {g}" for t, g in rows) + "\n\nوصل O\nالوفد O\nإلى O\nالقاهرة B-LOC\n",
                    encoding="utf-8")
    res = evaluate_conll(str(path))
    for key in ("precision", "recall", "f1", "tokens_per_s"):
        assert 0.0 <= res[key] <= 1.0 or key == "tokens_per_s"
    assert set(res["per_type"]) == {"PER", "LOC", "ORG"}
    assert set(res["misc"]) >= {"precision", "recall", "f1"}
    assert res["tokens_per_s"] > 0
    assert res["f1"] > 0.5  # these are easy


def test_score_reads_pers_as_per(tmp_path):
    path = tmp_path / "g.conll"
    path.write_text("سعيد B-PERS\nقال O\n", encoding="utf-8")
    sents = evaluate.read_conll(str(path))
    assert sents[0][1] == ["B-PER", "O"]


def test_propagate_names_tags_bare_repeats_nearby():
    norms = [["قال", "ماكرون", "ان", "الحل", "قريب"],
             ["واضاف", "ماكرون", "ان", "الامم", "المتحده", "تعمل"],
             ["وكان", "الامم", "المتحده", "هنا"]]
    tags = [["O", "B-PER", "O", "O", "O"],
            ["O", "O", "O", "O", "O", "O"],
            ["O", "B-ORG", "I-ORG", "O"]]
    confident = [{("ماكرون",): "PER"}, {}, {("الامم", "المتحده"): "ORG"}]
    out = ner.propagate_names(norms, tags, confident)
    assert out[1] == ["O", "B-PER", "O", "B-ORG", "I-ORG", "O"]
    assert out[0] == tags[0] and out[2] == tags[2]
    assert tags[1] == ["O"] * 6  # the input is not modified


def test_propagate_names_leaves_far_ambiguous_and_tagged_tokens():
    norms = [["زار", "جوردان", "المدينه"], ["في", "جوردان", "ايضا"], ["وصل", "جوردان", "اليوم"]]
    tags = [["O", "B-PER", "O"], ["O", "B-LOC", "O"], ["O", "O", "O"]]
    # tagged PER in one sentence and LOC in another: ambiguous, left alone
    out = ner.propagate_names(norms, tags, [{("جوردان",): "PER"}, {("جوردان",): "LOC"}, {}])
    assert out[2] == ["O", "O", "O"]
    # a token the model already tagged keeps its own tag
    assert out[1][1] == "B-LOC"
    # beyond the window nothing travels
    out = ner.propagate_names(norms, tags, [{("جوردان",): "PER"}, {}, {}], window=1)
    assert out[2] == ["O", "O", "O"]


def test_extract_finds_bare_surname_repeated_in_a_later_sentence():
    # the second sentence alone has no cue for the surname; the article introduced it
    text = ("قال المستشار النمساوي سيباستيان كورتس إن الحكومة ستدرس الخطة. "
            "ولم يعلق كورتس على الأمر.")
    per = {(e["start"], e["text"]) for e in ner.extract(text) if e["type"] == "PER"}
    assert (text.rindex("كورتس"), "كورتس") in per, per
    tagger = ner.get_tagger()
    doc = [["قال", "المستشار", "النمساوي", "سيباستيان", "كورتس", "إن", "الحكومة", "ستدرس", "الخطة", "."],
           ["ولم", "يعلق", "كورتس", "على", "الأمر", "."]]
    assert tagger.tag_document(doc)[1][2] == "B-PER"
    assert set(tagger.tag_document(doc, propagate=False)[1]) <= set(tagger.tag_document(doc)[1]) | {"O"}
