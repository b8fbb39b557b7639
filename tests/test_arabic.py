"""rasd.text.arabic: normalisation, offsets, tokens, light stems, sentences."""

from __future__ import annotations

import pytest

from rasd.text.arabic import light_stem, normalize, normalize_with_offsets, sentences, stems, tokenize, words

# --- normalize -------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    ("أحمد", "احمد"),
    ("إبراهيم", "ابراهيم"),
    ("آمال", "امال"),
    ("مستشفى", "مستشفي"),
    ("مدرسة", "مدرسه"),
    ("كِتَابٌ", "كتاب"),          # harakat removed
    ("كـــتاب", "كتاب"),          # tatweel removed
    ("مُحَمَّد", "محمد"),          # shadda removed
    ("٢٠٢٥", "2025"),             # Arabic-Indic digits
    ("۱۴۰۳", "1403"),             # Persian digits
    ("\ufefb", "لا"),             # lam-alef presentation form
    ("\ufef7", "لا"),             # lam-alef with hamza above
])
def test_normalize_folds(raw, expected):
    assert normalize(raw) == expected


def test_normalize_unifies_quote_marks():
    assert normalize("«قال» “هو” „هي‟") == '"قال" "هو" "هي"'
    assert normalize("‘نعم’") == "'نعم'"


def test_normalize_variants_meet():
    assert normalize("إلى المدرسة الأولى") == normalize("الى المدرسه الاولي")
    assert normalize("  سطر \n\t ثان  ") == "سطر ثان"


def test_normalize_lowercases_latin():
    assert normalize("BBC News") == "bbc news"


@pytest.mark.parametrize("raw", [
    "كِتَابٌ جَمِيلٌ",
    "أحمد «قال» ٣٤ كـــتاب",
    "\ufefb بد من \ufef7ن",
    "مُدَرِّسَةٌ إلى المَدْرَسَة\u200f!",
])
def test_normalize_with_offsets_maps_back(raw):
    norm, offs = normalize_with_offsets(raw)
    assert len(norm) == len(offs)
    assert norm == normalize(raw, collapse_spaces=False)
    assert offs == sorted(offs)
    for ch, i in zip(norm, offs):
        assert 0 <= i < len(raw)
        # each output character comes from a raw character that normalises to something containing it
        assert ch in normalize(raw[i], collapse_spaces=False)


def test_normalize_with_offsets_exact_indices():
    raw = "كِتَاب"  # ك ِ ت َ ا ب
    norm, offs = normalize_with_offsets(raw)
    assert norm == "كتاب"
    assert offs == [0, 2, 4, 5]
    raw = "ا\ufefbب"  # lam-alef expands to two characters from one raw index
    norm, offs = normalize_with_offsets(raw)
    assert norm == "الاب"
    assert offs == [0, 1, 1, 2]


# --- tokens ------------------------------------------------------------------------

def test_tokenize_offsets_slice_raw_text():
    raw = "قرأ الطالبُ كِتَابًا، ثم قال: «نسبة النجاح 3.5 في المئة» — انتهى."
    toks = tokenize(raw)
    assert toks
    for t in toks:
        assert raw[t.start:t.end] == t.text
        assert t.norm == normalize(t.text)
    surfaces = [t.text for t in toks]
    assert "كِتَابًا" in surfaces          # harakat do not split the word
    assert "3.5" in surfaces               # a decimal number is one token
    assert "،" not in "".join(surfaces)    # punctuation is not a token
    assert "«" not in "".join(surfaces)


def test_tokenize_keeps_vocalised_word_whole():
    toks = tokenize("كِتَاب")
    assert [(t.text, t.start, t.end, t.norm) for t in toks] == [("كِتَاب", 0, 6, "كتاب")]


def test_words_are_normalised():
    assert words("ذهبَ أحمدُ إلى المدرسة") == ["ذهب", "احمد", "الي", "المدرسه"]


# --- light stem ----------------------------------------------------------------------

def test_light_stem_forms_meet():
    forms = ["كتاب", "الكتاب", "والكتاب", "كتابها", "بالكتاب"]
    assert {light_stem(normalize(f)) for f in forms} == {"كتاب"}


def test_light_stem_does_not_eat_short_words():
    assert light_stem("وقت") == "وقت"     # و + two letters: not a prefix
    assert light_stem("ال") == "ال"
    assert light_stem("news") == "news"   # non-Arabic unchanged
    assert light_stem("") == ""


def test_stems_of_text():
    assert stems("والكتاب كتابها") == ["كتاب", "كتاب"]


# --- sentences ------------------------------------------------------------------------

def _s(text):
    return [s.text for s in sentences(text)]


def test_sentences_split_on_end_marks():
    text = "وصل الوفد صباحا. بدأ الاجتماع! هل انتهى النقاش؟ نعم انتهى? ثم عاد الجميع"
    assert _s(text) == ["وصل الوفد صباحا.", "بدأ الاجتماع!", "هل انتهى النقاش؟", "نعم انتهى?", "ثم عاد الجميع"]


def test_sentences_split_on_newlines():
    assert _s("سطر أول بلا نقطة\nسطر ثان\n\nسطر ثالث") == ["سطر أول بلا نقطة", "سطر ثان", "سطر ثالث"]


def test_sentences_not_at_arabic_comma_or_semicolon():
    assert _s("قال الوزير، ثم صمت؛ وبعدها غادر القاعة.") == ["قال الوزير، ثم صمت؛ وبعدها غادر القاعة."]


def test_sentences_not_after_single_letter_abbreviation():
    assert _s("التقى د. سامي بالوفد. ثم غادر.") == ["التقى د. سامي بالوفد.", "ثم غادر."]
    assert _s("نقلت وكالة أ.ف.ب الخبر. ثم نفته.") == ["نقلت وكالة أ.ف.ب الخبر.", "ثم نفته."]


def test_sentences_not_inside_decimal_number():
    assert _s("ارتفع المؤشر 3.5 في المئة. ثم استقر.") == ["ارتفع المؤشر 3.5 في المئة.", "ثم استقر."]


def test_sentences_keep_closing_quote_with_sentence():
    # A closer with no opener nearby (the quote began in an earlier line or is too long to be balanced).
    assert _s("وختم قائلا: هذا يكفي.» وبدأ النقاش.") == ["وختم قائلا: هذا يكفي.»", "وبدأ النقاش."]
    long_quote = "قال: «" + "هذه جملة داخل كلام طويل. " * 30 + "وهذه آخر جملة في الكلام.» ثم غادر المنصة."
    spans = _s(long_quote)
    assert spans[-2:] == ["وهذه آخر جملة في الكلام.»", "ثم غادر المنصة."]
    assert _s("سأل: هل انتهى؟” فلم يجبه أحد.") == ["سأل: هل انتهى؟”", "فلم يجبه أحد."]


def test_sentences_no_split_inside_short_balanced_quote():
    text = "قال المدير: «سنبدأ غدا. وسننتهي قريبا!» ثم غادر. وانتهى اللقاء."
    assert _s(text) == ["قال المدير: «سنبدأ غدا. وسننتهي قريبا!» ثم غادر.", "وانتهى اللقاء."]
    text = "وأضاف: “هل نتراجع؟ لا.” وصفق الحضور."
    assert _s(text) == ["وأضاف: “هل نتراجع؟ لا.” وصفق الحضور."]


def test_sentences_long_unclosed_quote_still_splits():
    # A quote mark that never closes must not swallow the rest of the article.
    text = "قال: «" + "هذه جملة داخل كلام طويل. " * 30
    assert len(_s(text)) >= 30


@pytest.mark.parametrize("text", [
    "  وصل الوفد.  بدأ الاجتماع!\n\nقال د. سامي: «سنعود.» ثم غادر؟  ",
    "ارتفع 3.5 في المئة، وقال: “كفى.”\r\nثم هبط",
])
def test_sentence_offsets_slice_exactly(text):
    spans = sentences(text)
    assert spans
    prev_end = 0
    for sp in spans:
        assert text[sp.start:sp.end] == sp.text
        assert sp.text == sp.text.strip() and sp.text
        assert sp.start >= prev_end
        prev_end = sp.end
    # nothing but whitespace lies between spans
    covered = "".join(sp.text for sp in spans)
    assert "".join(text.split()) == "".join(covered.split())
