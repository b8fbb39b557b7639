"""Highlighted snippets drawn from an article's original text.

The index holds normalised stems, but what a reader sees is the stored text
as written.  Matches are found on the normalised text (one fast
``normalize`` of the whole article), the window with the most distinct query
words is chosen there, and only the positions that end up in the snippet
are mapped back to the raw text: a per-character offset table for a whole
long article cost more than everything else in a search.  Every piece of
article text is HTML-escaped; only the ``<mark>`` tags are ours.
"""

from __future__ import annotations

import re
from html import escape

from rasd.search.analysis import ParsedQuery, stem
from rasd.text.arabic import TOKEN_RE, normalize

WIDTH = 240   # characters of text in a snippet (roughly two lines)
SCAN = 4000   # characters searched for the snippet's window before the rest of a long article

# The word characters of the one tokenizer (TOKEN_RE's class), so words are cut exactly where the index cut them.
_CH = TOKEN_RE.pattern[:TOKEN_RE.pattern.index("]+") + 1]
_CH_RE = re.compile(_CH)

Span = tuple[int, int, str]


def _norm(text: str) -> str:
    # Per-character normalisation (no space collapsing): lengths of prefixes map positions back.
    return normalize(text, collapse_spaces=False)


_RESHAPE: dict[str, int] | None = None
_RESHAPE_RE: re.Pattern | None = None


def _reshaping() -> tuple[dict[str, int], re.Pattern]:
    """The characters whose normal form is not exactly one character (dropped diacritics and
    tatweel, expanded ligatures, Latin letters whose lowercase is longer), and that length;
    learnt once from ``normalize`` itself, so it can never disagree with it."""
    global _RESHAPE, _RESHAPE_RE
    if _RESHAPE is None:
        from collections import Counter

        from rasd.text.arabic import normalize_with_offsets

        # One pass over every BMP character: how many normalised characters each one produced.
        chars = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
        _, offs = normalize_with_offsets(chars)
        made = Counter(offs)
        table = {ch: made.get(i, 0) for i, ch in enumerate(chars) if made.get(i, 0) != 1}
        _RESHAPE = table
        _RESHAPE_RE = re.compile("[" + "".join(re.escape(c) for c in table) + "]")
    return _RESHAPE, _RESHAPE_RE


class _ToRaw:
    """Maps positions in ``_norm(text)`` back to ``text``.  Only the few
    reshaping characters move positions, so they are found with one regex
    scan and a position maps back by bisection over them; a per-character
    offset table for a whole long article cost more than the rest of a search."""

    def __init__(self, text: str) -> None:
        from bisect import bisect_right

        self._bisect = bisect_right
        self.text = text
        lengths, pattern = _reshaping()
        self.norm_starts: list[int] = []   # where each reshaping character's output starts in the normal form
        self.raw: list[int] = []
        self.width: list[int] = []          # its output length
        self.shift_after: list[int] = []    # normal minus raw position for the characters after it
        shift = 0
        for m in pattern.finditer(text):
            r = m.start()
            n = lengths[m.group()]
            self.norm_starts.append(r + shift)
            self.raw.append(r)
            self.width.append(n)
            shift += n - 1
            self.shift_after.append(shift)
        self.dropped = lengths

    def index(self, k: int) -> int:
        i = self._bisect(self.norm_starts, k) - 1
        if i < 0:
            return k
        if k < self.norm_starts[i] + self.width[i]:
            return self.raw[i]   # inside the expansion of one character
        return min(len(self.text) - 1, k - self.shift_after[i])

    def span(self, s: int, e: int) -> tuple[int, int]:
        start = self.index(s)
        end = self.index(e - 1) + 1
        while end < len(self.text) and self.dropped.get(self.text[end], 1) == 0:
            end += 1  # a word's trailing diacritics and tatweel belong to it
        return start, end


def _norm_matches(norm: str, query: ParsedQuery) -> list[Span]:
    """(start, end, key) in normalised coordinates of every word a query word (as a stem) or phrase matches."""
    out: list[Span] = []
    stems = {stem(w) for w in query.terms}
    if stems:
        # A word whose stem is s contains s: find those words with one regex, then check their stems.
        alt = re.compile("|".join(re.escape(x) for x in sorted(stems, key=len, reverse=True)))
        last_end = -1
        for m in alt.finditer(norm):
            if m.start() < last_end:
                continue
            ws, we = _word_around(norm, m.start(), m.end())
            last_end = we
            st = stem(norm[ws:we])
            if st in stems:
                out.append((ws, we, st))
    for phrase in query.phrases:
        pat = f"(?<!{_CH})" + f"(?:(?!{_CH}).)+".join(re.escape(w) for w in phrase) + f"(?!{_CH})"
        key = "phrase:" + " ".join(phrase)
        out.extend((m.start(), m.end(), key) for m in re.finditer(pat, norm, re.S))
    out.sort()
    return out


def _word_around(norm: str, s: int, e: int) -> tuple[int, int]:
    """The whole word (TOKEN_RE's characters) around the substring norm[s:e]."""
    while s > 0 and _CH_RE.match(norm, s - 1):
        s -= 1
    while e < len(norm) and _CH_RE.match(norm, e):
        e += 1
    return s, e


def _merge(spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for s, e, k in sorted(spans):  # overlapping marks (a phrase word that is also a term) become one
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (ps, max(pe, e), pk)
        else:
            merged.append((s, e, k))
    return merged


def match_spans(text: str, query: ParsedQuery, extra_spans: list[tuple[int, int]] = ()) -> list[Span]:
    """(start, end, key) in ``text`` of every word that a query word or phrase
    matches; ``key`` tells distinct query words apart.  ``extra_spans`` are raw
    offsets already known to match (mentions of a name the query matched)."""
    to_raw = _ToRaw(text)
    spans = [(*to_raw.span(s, e), k) for s, e, k in _norm_matches(_norm(text), query)]
    return _merge(spans + [(s, e, f"entity:{s}") for s, e in extra_spans])


def _best_window(spans: list[Span], width: int) -> int:
    """Index of the first span of the first window of ``width`` with the most distinct keys."""
    best, best_score = 0, -1
    seen: dict[str, int] = {}
    j = 0
    for i, (s, _, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= s + width:
            seen[spans[j][2]] = seen.get(spans[j][2], 0) + 1
            j += 1
        if len(seen) > best_score:
            best, best_score = i, len(seen)
        k = spans[i][2]
        seen[k] -= 1
        if not seen[k]:
            del seen[k]
    return best


def snippet(text: str, query: ParsedQuery, extra_spans: list[tuple[int, int]] = (), width: int = WIDTH) -> str:
    """An HTML snippet (escaped text, matches in ``<mark>``) of about ``width`` characters.

    The window is chosen in the first ``SCAN`` characters when they hold a match (news puts
    what matters first; long articles were most of a search's time), else in the whole text."""
    head = text if len(text) <= SCAN + width else text[:SCAN]
    norm = _norm(head)
    nspans = _norm_matches(norm, query)
    if not nspans and head is not text:
        head = text
        norm = _norm(head)
        nspans = _norm_matches(norm, query)
    extras = [(s, e, f"entity:{s}") for s, e in sorted(extra_spans)]
    if nspans:
        lead = width // 5
        n0 = max(0, nspans[_best_window(nspans, width)][0] - lead)
        n1 = min(len(norm), n0 + width)
        to_raw = _ToRaw(head)
        start = to_raw.index(n0)
        # only the marks that can show (the window's edges move by at most a word) are mapped back
        spans = [(*to_raw.span(s, e), k) for s, e, k in nspans if e > n0 - 30 and s < n1 + 30]
        end = to_raw.index(n1 - 1) + 1 if n1 > n0 else start
    elif extras:
        start = max(0, extras[0][0] - width // 5)
        end, spans = start + width, []
    else:
        return _cut(text, 0, width, [])
    return _cut(text, start, end, _merge(spans + extras))


def highlight(text: str, query: ParsedQuery, extra_spans: list[tuple[int, int]] = ()) -> str:
    """All of ``text`` as HTML (escaped), every match in ``<mark>``."""
    return _cut(text, 0, len(text), match_spans(text, query, extra_spans)) if text else ""


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> str:
    # Move the window's edges to word boundaries (never inside a word or a mark).
    if start > 0:
        sp = text.rfind(" ", 0, start)
        start = sp + 1 if sp != -1 and start - sp < 30 else start
        for s, e, _ in spans:
            if s < start < e:
                start = s
    end = min(len(text), end)
    if end < len(text):
        sp = text.find(" ", end)
        end = sp if sp != -1 and sp - end < 30 else end
        for s, e, _ in spans:
            if s < end < e:
                end = e
    parts = ["…"] if start > 0 else []
    pos = start
    for s, e, _ in spans:
        if e <= start or s >= end:
            continue
        parts.append(escape(text[pos:s]))
        parts.append("<mark>" + escape(text[s:e]) + "</mark>")
        pos = e
    parts.append(escape(text[pos:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts).replace("\n", " ¶ ")
