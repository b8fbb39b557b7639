"""NER feature extraction: the per-lexicon word cache, the frequency table, given-name
cues and document evidence.  Sentences and word lists here are written for
these tests."""

from __future__ import annotations

from rasd.entities import features
from rasd.entities.features import document_features, sentence_features
from rasd.entities.lexicon import Lexicon
from rasd.text.arabic import normalize


def _lex(**kw) -> Lexicon:
    kw.setdefault("freq", {})
    return Lexicon(tokens={}, phrases={}, places={("مصر",)}, **kw)


def test_given_name_is_a_cue_for_itself_and_its_neighbours():
    toks = ["وصل", "جورج", "كلوني", "أمس"]
    f = sentence_features(toks, _lex())
    assert "cue=given" in f[1]
    assert "-1cue=given" in f[2]  # the unseen surname after a known first name
    assert "cue=given" not in f[2]


def test_freq_file_keeps_words_seen_once(tmp_path):
    # training computes fq=1 for a word seen once; run time must read the same
    lex = _lex(freq={"قال": 7, "زيد": 1})
    lex.save(str(tmp_path))
    (tmp_path / "places.txt").write_text("مصر\n", encoding="utf-8")
    back = Lexicon.load(str(tmp_path))
    assert back.freq == lex.freq
    assert "fq=1" in sentence_features(["زيد"], back)[0]


def test_word_cache_is_per_lexicon_and_bounded(monkeypatch):
    monkeypatch.setattr(features, "_CACHE_MAX", 5)
    lex = _lex()
    toks = [f"كلمة{i}" for i in range(12)]
    sentence_features(toks, lex)
    assert 0 < len(lex.cache) <= 5
    other = _lex(freq={normalize("كلمة1"): 50})
    f = sentence_features(["كلمة1"], other)
    assert "fq=20" in f[0]  # not the cached entry of the first lexicon
    assert "fq=0" in sentence_features(["كلمة1"], lex)[0]


def test_features_do_not_depend_on_cache_state():
    lex = _lex()
    toks = ["قال", "الرئيس", "الفرنسي", "ماكرون", "في", "مصر"]
    first = sentence_features(toks, lex)
    again = sentence_features(toks, lex)
    fresh = sentence_features(toks, _lex())
    assert first == again == fresh


def test_bare_repeat_gets_the_cue_seen_at_the_first_mention():
    doc = [["قال", "الرئيس", "ماكرون", "إن", "الوضع", "صعب"],
           ["وأضاف", "ماكرون", "أن", "الحل", "قريب"]]
    feats = document_features(doc, _lex())
    assert "doc=after-role" in feats[1][1]
    # only from other occurrences: a word mentioned once gets no evidence from itself
    assert not any(x.startswith("doc=") for x in feats[0][4])
    # beyond the window the evidence does not travel
    far = [doc[0]] + [["ثم", "جاء", "المساء"]] * 3 + [doc[1]]
    feats = document_features(far, _lex(), window=2)
    assert not any(x.startswith("doc=") for x in feats[-1][1])
    # document features come out in a fixed order (the model file depends on it)
    assert feats == document_features(far, _lex(), window=2)


def test_prewarm_fills_the_cache_without_changing_features():
    freq = {normalize(w): c for w, c in (("قال", 90), ("في", 500), ("الرئيس", 40), ("نادر", 1))}
    warm = _lex(freq=freq)
    features.prewarm(warm, n_words=2)
    assert set(warm.cache) == {normalize("في"), normalize("قال")}  # the two most frequent
    toks = ["قال", "الرئيس", "في", "نادر"]
    assert sentence_features(toks, warm) == sentence_features(toks, _lex(freq=freq))


def test_spelling_variants_share_one_cache_entry():
    lex = _lex()
    a, b = sentence_features(["أحمد"], lex), sentence_features(["احمد"], lex)
    assert a == b
    assert lex.cache["أحمد"] is lex.cache["احمد"]
