"""The cleaning cascade: raw article text in, body lines with reasons out.

Order of the cascade, per line (first match wins):

1. inline shortcodes (``[ad_1]`` inside a line) are cut out of the line;
2. furniture rules by line shape and vocabulary (:mod:`rasd.clean.rules`);
3. the title: detected as the first line when the input gave none, removed
   where the body repeats it, cut off where it is glued to the first paragraph;
4. repetition inside the article (a caption or paragraph printed twice);
5. edge fragments: very short lines before the first or after the last
   prose line (menu items, "print", lone labels);
6. repetition across the site (:func:`finish`, run once the source's line
   statistics are known): a line that recurs in several articles of the
   same source is that site's furniture, since body text does not repeat.

Every removed line is kept with its reason, so ``rasd show`` can explain
what was cut.  A line is never rewritten except for the inline cuts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rasd.clean.rules import (
    INLINE_SHORTCODE,
    SENTENCE_END,
    LineInfo,
    classify,
    is_body_like,
)
from rasd.model import Removed, stable_hash
from rasd.text.arabic import TOKEN_RE, arabic_ratio, normalize, normalize_with_offsets, words

_DIGITS = re.compile(r"\d+")
_TITLE_MAX_WORDS = 30
_TITLE_MAX_CHARS = 300
SITE_MIN_DOCS = 3


@dataclass(slots=True)
class Line:
    text: str
    info: LineInfo
    reason: str | None = None     # None = kept
    inline: list[Removed] = field(default_factory=list)


@dataclass(slots=True)
class Cleaned:
    title: str | None
    title_detected: bool
    lines: list[Line]
    doc_arabic: bool

    def site_keys(self) -> set[str]:
        """Distinct line keys of this article, for the source's line statistics."""
        return {ln.info.site_key for ln in self.lines if ln.info.n_words}


def _info(raw: str, index: int) -> LineInfo:
    norm = normalize(raw)
    ws = TOKEN_RE.findall(norm)
    key = " ".join(ws)
    # numbers masked, so "245 مشاهدة" and "1532 مشاهدة" meet across a site's pages
    return LineInfo(raw=raw, norm=norm, key=key, n_words=len(ws), index=index, edge=False,
                    site_key=stable_hash(_DIGITS.sub("0", key)))


def _title_key(s: str) -> str:
    return " ".join(words(s))


def _looks_like_title(info: LineInfo) -> bool:
    if not (2 <= info.n_words <= _TITLE_MAX_WORDS) or len(info.raw) > _TITLE_MAX_CHARS:
        return False
    # A title does not end like a sentence (but may be a question or end in quotes).
    return not re.search(r"[.:،,]\s*$", info.raw)


def _strip_glued_title(line: str, title_key: str) -> int:
    """Length of the raw prefix of line that spells the title, or 0."""
    norm, offs = normalize_with_offsets(line)
    target = title_key.replace(" ", "")
    ti = 0
    end = 0
    for i, ch in enumerate(norm):
        if ti == len(target):
            break
        if not ch.isalnum():
            continue
        if ch != target[ti]:
            return 0
        ti += 1
        end = offs[i] + 1
    return end if ti == len(target) else 0


def clean(text: str, title: str | None = None, *, detect_title: bool = False) -> Cleaned:
    """Run the per-article part of the cascade (steps 1-5)."""
    raw_lines = [ln.strip() for ln in text.split("\n")]
    lines: list[Line] = []
    for raw in raw_lines:
        if not raw:
            continue
        inline: list[Removed] = []
        if "[" in raw:
            for m in INLINE_SHORTCODE.finditer(raw):
                inline.append(Removed(m.group(), "ad_marker"))
            if inline and INLINE_SHORTCODE.sub("", raw).strip():
                raw = re.sub(r"\s{2,}", " ", INLINE_SHORTCODE.sub("", raw)).strip()
            else:
                inline = []
        lines.append(Line(raw, _info(raw, len(lines)), inline=inline))

    doc_arabic = arabic_ratio(text[:20000]) >= 0.5
    body_idx = [i for i, ln in enumerate(lines) if is_body_like(ln.info)]
    if body_idx:
        first, last = body_idx[0], body_idx[-1]
        for i, ln in enumerate(lines):
            ln.info.edge = i < first or i > last

    for ln in lines:
        ln.reason = classify(ln.info, doc_arabic)

    title_detected = False
    if not title and detect_title:
        for ln in lines:
            if ln.reason is not None:
                continue
            if _looks_like_title(ln.info) and any(o.reason is None and o is not ln for o in lines):
                title, title_detected = ln.text, True
                ln.reason = "title"
            break

    if title:
        tkey = _title_key(title)
        for ln in lines:
            if ln.reason is not None or not tkey:
                continue
            if ln.info.key == tkey:
                ln.reason = "title_repeat"
            elif len(tkey.split()) >= 3 and ln.info.key.startswith(tkey):
                # Also when the title's last word is glued to the body's first (no space between).
                cut = _strip_glued_title(ln.text, tkey)
                rest = ln.text[cut:].lstrip(" \t:.-–—،,|")
                if cut and len(rest.split()) >= 3:
                    ln.inline.append(Removed(ln.text[:cut].strip(), "title_repeat"))
                    ln.text = rest
                    edge = ln.info.edge
                    ln.info = _info(rest, ln.info.index)
                    ln.info.edge = edge

    seen: dict[str, Line] = {}
    for ln in lines:
        if ln.reason is not None or not ln.info.key:
            continue
        first = seen.get(ln.info.key)
        if first is not None:
            ln.reason = "repeated_line"
            # A short unpunctuated line printed twice is an image caption
            # (alt text + figcaption): neither copy is body text.
            if first.reason is None and not is_body_like(first.info) and not SENTENCE_END.search(first.text):
                first.reason = "caption"
        else:
            seen[ln.info.key] = ln

    short = sum(1 for ln in lines if ln.info.n_words <= 8)
    # Poems and lists are made of short lines: there a short edge line is content, not a menu item.
    if body_idx and short <= 0.4 * len(lines):
        for ln in lines:
            if ln.reason is None and ln.info.edge and ln.info.n_words <= 3 and not SENTENCE_END.search(ln.text):
                ln.reason = "edge_fragment"
    for ln in lines:
        if ln.reason is None and not ln.info.key:
            ln.reason = "punctuation_only"
    return Cleaned(title=title, title_detected=title_detected, lines=lines, doc_arabic=doc_arabic)


def finish(cleaned: Cleaned, site_counts: Mapping[str, int] | None = None,
           min_docs: int = SITE_MIN_DOCS) -> tuple[str, list[Removed]]:
    """Step 6 and assembly: the clean body text and the removed parts, in order.

    ``site_counts`` maps a line's site key to the number of distinct
    articles of the same source that carry it (this article included).
    A repeated line is furniture when it is short or unpunctuated, or when
    it sits at the article's edges; long prose is kept even if repeated, as
    the same agency paragraph can legitimately recur.
    """
    if site_counts:
        kept_before = [ln for ln in cleaned.lines if ln.reason is None]
        for ln in kept_before:
            c = site_counts.get(ln.info.site_key, 0)
            if c < min_docs:
                continue
            unpunctuated = not SENTENCE_END.search(ln.text)
            if (ln.info.n_words <= 25 and (unpunctuated or ln.info.edge)) or (c >= 3 * min_docs and ln.info.edge):
                ln.reason = "site_repeat"
        if not any(ln.reason is None for ln in cleaned.lines):
            # Never let site statistics empty an article: what repeats everywhere
            # on a tiny site may be its only content.
            for ln in kept_before:
                ln.reason = None
    body: list[str] = []
    removed: list[Removed] = []
    for ln in cleaned.lines:
        removed.extend(ln.inline)
        if ln.reason is None:
            body.append(ln.text)
        elif ln.reason != "title":
            removed.append(Removed(ln.text, ln.reason))
    return "\n".join(body), removed
