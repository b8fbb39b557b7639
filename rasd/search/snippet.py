"""Highlighted snippets drawn from an article's original text.

The index holds normalised stems, but what a reader sees is the stored text
as written: tokens are found in the raw text with their offsets
(``tokenize``), compared on their normalised stems, and the window with the
most distinct query words is cut out at word boundaries.  Every piece of
article text is HTML-escaped; only the ``<mark>`` tags are ours.
"""

from __future__ import annotations

import re
from html import escape

from rasd.search.analysis import ParsedQuery, stem
from rasd.text.arabic import TOKEN_RE, normalize_with_offsets

WIDTH = 240   # characters of text in a snippet (roughly two lines)


# The word characters of the one tokenizer (TOKEN_RE's class), so words are cut exactly where the index cut them.
_CH = TOKEN_RE.pattern[:TOKEN_RE.pattern.index("]+") + 1]
_CH_RE = re.compile(_CH)


def match_spans(text: str, query: ParsedQuery, extra_spans: list[tuple[int, int]] = ()) -> list[tuple[int, int, str]]:
    """(start, end, key) of every word of ``text`` that a query word or
    phrase matches; ``key`` tells distinct query words apart.  ``extra_spans``
    are offsets already known to match (mentions of a searched entity)."""
    norm, offs = normalize_with_offsets(text)
    out: list[tuple[int, int, str]] = []
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
                out.append((*_raw_span(text, offs, ws, we), st))
    for phrase in query.phrases:
        pat = f"(?<!{_CH})" + f"(?:(?!{_CH}).)+".join(re.escape(w) for w in phrase) + f"(?!{_CH})"
        key = "phrase:" + " ".join(phrase)
        for m in re.finditer(pat, norm, re.S):
            out.append((*_raw_span(text, offs, m.start(), m.end()), key))
    out.extend((s, e, f"entity:{s}") for s, e in extra_spans)
    out.sort()
    merged: list[tuple[int, int, str]] = []
    for s, e, k in out:  # overlapping marks (a phrase word that is also a term) become one
        if merged and s < merged[-1][1]:
            ps, pe, pk = merged[-1]
            merged[-1] = (ps, max(pe, e), pk)
        else:
            merged.append((s, e, k))
    return merged


def _word_around(norm: str, s: int, e: int) -> tuple[int, int]:
    """The whole word (TOKEN_RE's characters) around the substring norm[s:e]."""
    while s > 0 and _CH_RE.match(norm, s - 1):
        s -= 1
    while e < len(norm) and _CH_RE.match(norm, e):
        e += 1
    return s, e


def _raw_span(text: str, offs: list[int], s: int, e: int) -> tuple[int, int]:
    """Normalised offsets back to the raw text, a word's trailing diacritics included."""
    start = offs[s]
    end = offs[e] if e < len(offs) else len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snippet(text: str, query: ParsedQuery, extra_spans: list[tuple[int, int]] = (), width: int = WIDTH) -> str:
    """An HTML snippet (escaped text, matches in ``<mark>``) of about ``width`` characters."""
    spans = match_spans(text, query, extra_spans)
    if not spans:
        return _cut(text, 0, width, [])
    # Sliding window over the matches: the first window with the most distinct query words wins.
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
    start = max(0, spans[best][0] - width // 5)
    return _cut(text, start, start + width, spans)


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
