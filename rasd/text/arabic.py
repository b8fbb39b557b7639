"""The one Arabic text module: normalisation, tokens, light stemming, sentences.

Every stage that compares text (dedup shingles, clustering, search index and
queries, name matching, cleaning's repetition checks) goes through here, so
that two strings that a reader would call "the same word" compare equal
everywhere.  Raw text is never modified: normalised forms are derived, and
functions that return spans give character offsets into the raw string.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# --- character classes -------------------------------------------------------

# Harakat, Quranic annotation marks, superscript alef, and tatweel: invisible
# to a reader's notion of "the same word", so they are dropped for matching.
_DIACRITICS = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670"]
    + [chr(c) for c in range(0x06D6, 0x06DD)]
    + [chr(c) for c in range(0x06DF, 0x06E9)]
    + [chr(c) for c in range(0x06EA, 0x06EE)]
    + ["\u0640"]  # tatweel
    + ["\u200c", "\u200d", "\u200e", "\u200f", "\u061c", "\ufeff", "\u00ad"]  # joiners, marks, BOM, soft hyphen
)

_FOLD = {
    # alef and hamza seats
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي",
    "ى": "ي", "ة": "ه",
    # Persian / Urdu letter forms that turn up in scraped Arabic
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ڪ": "ك",
    # quote marks and punctuation variants
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "〝": '"', "〞": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "`": "'", "´": "'",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "۔": ".", "٫": ".", "٬": ",",
    "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-", "ـ": "",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ", "\u2003": " ", "\u3000": " ",
}
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _FOLD[chr(0x06F0 + _i)] = str(_i)  # Persian digits

# Lam-alef and other presentation forms expand to more than one character.
_PRESENTATION = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB50, 0xFDFF)}
_PRESENTATION.update({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFE70, 0xFEFF)})

_TABLE: dict[int, str | None] = {}
for _ch, _rep in _PRESENTATION.items():
    if _rep != _ch:
        _TABLE[ord(_ch)] = "".join(_FOLD.get(c, c) for c in _rep if c not in _DIACRITICS)
for _ch, _rep in _FOLD.items():
    _TABLE[ord(_ch)] = _rep or None
for _ch in _DIACRITICS:
    _TABLE[ord(_ch)] = None

# str.translate looks each character up in the table; a list indexed by code
# point answers that 2-3x faster than a dict (beyond the BMP: IndexError = unchanged).
_TABLE_FAST: list[int | str | None] = list(range(0x10000))
for _k, _v in _TABLE.items():
    if _k < 0x10000:
        _TABLE_FAST[_k] = _v

ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3\u06FA-\u06FF]")
LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_SPACES = re.compile(r"\s+")

# A token: letters/digits with diacritics and tatweel kept inside (Python's \w
# does not count harakat as word characters and would split كِتَاب in three).
TOKEN_RE = re.compile(
    r"[0-9A-Za-z\u00C0-\u024F\u0621-\u063A\u0641-\u064A\u0660-\u0669\u066E-\u06D3\u06D5\u06F0-\u06FF"
    r"\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\uFB50-\uFDFF\uFE70-\uFEFF]+"
    r"(?:[.,٫٬][0-9\u0660-\u0669\u06F0-\u06F9]+)*"
)


def normalize(text: str, *, collapse_spaces: bool = True) -> str:
    """Normalise text for matching (not for display).

    Removes diacritics and tatweel; folds alef/hamza forms, alef maqsura and
    ta marbuta; maps Arabic-Indic and Persian digits to ASCII; unifies quote
    marks and punctuation; lowercases Latin; collapses whitespace.
    """
    out = text.translate(_TABLE_FAST).lower()
    if collapse_spaces:
        out = _SPACES.sub(" ", out).strip()
    return out


# Characters whose normal form is not exactly one character (dropped or expanded),
# and Latin capitals whose lowercase is longer: only these break the 1:1 offset map.
_RESHAPING = re.compile("[" + "".join(re.escape(chr(k)) for k, v in _TABLE.items() if v is None or len(v) != 1)
                        + "\u0130\u1e9e]")


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize` (without collapsing spaces), plus, for every
    character of the result, the index of the raw character it came from."""
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    # Runs between reshaping characters map one to one, so they are
    # translated in one call; only the reshaping characters go one by one.
    for m in _RESHAPING.finditer(text):
        i = m.start()
        if i > pos:
            out.append(text[pos:i].translate(_TABLE_FAST).lower())
            offsets.extend(range(pos, i))
        rep = _TABLE.get(ord(text[i]), text[i])
        if rep is not None:
            rep = rep.lower()
            out.append(rep)
            offsets.extend([i] * len(rep))
        pos = i + 1
    if pos < len(text):
        out.append(text[pos:].translate(_TABLE_FAST).lower())
        offsets.extend(range(pos, len(text)))
    result = "".join(out)
    if len(result) != len(offsets):  # a lowercase that changed length: take the slow, exact path
        return _normalize_with_offsets_slow(text)
    return result, offsets


def _normalize_with_offsets_slow(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        rep = _TABLE.get(ord(ch), ch)
        if rep is None:
            continue
        rep = rep.lower()
        out.append(rep)
        offsets.extend([i] * len(rep))
    return "".join(out), offsets


def fold_digits(text: str) -> str:
    """Only the digit folding of :func:`normalize` (for parsers of numbers and dates)."""
    return "".join(str(ord(c) - 0x0660) if "\u0660" <= c <= "\u0669" else
                   str(ord(c) - 0x06F0) if "\u06F0" <= c <= "\u06F9" else c for c in text)


# --- scripts -------------------------------------------------------------------

def script_counts(text: str) -> tuple[int, int]:
    """(Arabic letters, Latin letters) in text."""
    return len(ARABIC_LETTER.findall(text)), len(LATIN_LETTER.findall(text))


def arabic_ratio(text: str) -> float:
    """Share of Arabic among Arabic+Latin letters (0 when there are none)."""
    ar, la = script_counts(text)
    return ar / (ar + la) if ar + la else 0.0


# --- tokens ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Token:
    text: str   # raw surface form
    start: int  # offset into the raw text
    end: int
    norm: str   # normalised form

    def __str__(self) -> str:
        return self.text


def tokenize(text: str) -> list[Token]:
    """Word tokens with offsets into ``text`` (punctuation is not a token)."""
    return [Token(m.group(), m.start(), m.end(), normalize(m.group())) for m in TOKEN_RE.finditer(text)]


def words(text: str) -> list[str]:
    """Normalised word forms only: the fast path for shingles and indexing."""
    return TOKEN_RE.findall(normalize(text, collapse_spaces=False))


# --- light stemming (after Larkey, Ballesteros & Connell's light10) ------------

_PREFIXES = ("وال", "فال", "بال", "كال", "لل", "ال", "و")
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def light_stem(word: str) -> str:
    """Light stem of an already normalised word.

    Strips the definite article with its attached conjunctions/prepositions
    and common plural, dual and pronoun suffixes, never below two (prefixes)
    or three letters, so that كتاب/الكتاب/والكتاب/كتابها meet.  Non-Arabic
    words come back unchanged.
    """
    if not word or not ARABIC_LETTER.match(word):
        return word
    w = word
    for p in _PREFIXES:
        if w.startswith(p) and len(w) - len(p) >= (3 if p == "و" else 2):
            w = w[len(p):]
            break
    for s in _SUFFIXES:
        if w.endswith(s) and len(w) - len(s) >= 3:
            w = w[: -len(s)]
            # light10 strips several suffixes in turn, but one pass keeps
            # names and short nouns recognisable.
            break
    return w


def stems(text: str) -> list[str]:
    """Light stems of the words of ``text``: what the search index and the
    clustering vectors use."""
    return [light_stem(w) for w in words(text)]


# --- sentences ------------------------------------------------------------------

_OPEN_CLOSE = {"“": "”", "«": "»", "„": "“"}
_CLOSERS = set("”»\"'’)]")
_END = set(".!?؟…۔")
# Single letters followed by a dot are Arabic abbreviations (د. م. أ.ف.ب).
_ABBREV_BEFORE = re.compile(r"(?:^|[\s(\"“«])[\u0621-\u064A]\.$")
_MAX_QUOTE = 400  # a quote that does not close within this many chars is a broken quote


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str


def _quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans of balanced quotes not longer than _MAX_QUOTE, inside which no split happens."""
    regions: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        close = _OPEN_CLOSE.get(ch) or ('"' if ch == '"' else None)
        if close:
            j = text.find(close, i + 1, min(n, i + 1 + _MAX_QUOTE))
            nl = text.find("\n", i + 1, j if j != -1 else i + 1)
            if j != -1 and nl == -1:
                regions.append((i, j + 1))
                i = j + 1
                continue
        i += 1
    return regions


def sentences(text: str) -> list[Span]:
    """Split text into sentences with offsets.

    Splits after . ! ? ؟ … (with any closing quotes and brackets that follow)
    and at line breaks; never at the Arabic comma or semicolon, after an
    abbreviation made of single letters (د. أ.ف.ب), inside a number (3.5), or
    inside a short balanced quote.
    """
    spans: list[Span] = []
    regions = _quote_regions(text)
    ri = 0
    start = 0
    n = len(text)
    i = 0

    def push(s: int, e: int) -> None:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append(Span(s, e, text[s:e]))

    while i < n:
        ch = text[i]
        if ch == "\n":
            push(start, i)
            start = i + 1
            i += 1
            continue
        if ch in _END:
            while ri < len(regions) and regions[ri][1] <= i:
                ri += 1
            inside = ri < len(regions) and regions[ri][0] < i < regions[ri][1] - 1
            j = i + 1
            while j < n and (text[j] in _END):
                j += 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            is_number = ch == "." and 0 < i < n - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
            is_abbrev = ch == "." and _ABBREV_BEFORE.search(text[max(0, i - 3): i + 1]) is not None
            if not inside and not is_number and not is_abbrev and (j >= n or text[j].isspace()):
                push(start, j)
                start = j
            i = j
            continue
        i += 1
    push(start, n)
    return spans


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines of text with offsets (the cleaner's unit)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        stripped = line.strip()
        if stripped:
            ls = s + (len(line) - len(line.lstrip()))
            out.append(Span(ls, ls + len(stripped), stripped))
        pos = e + 1
    return out
