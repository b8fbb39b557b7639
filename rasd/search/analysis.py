"""What the search index stores and how a user's query is read.

Both sides go through the one normaliser (``rasd/text/arabic.py``), so that
كتاب / الكتاب / كِتَاب / والكتاب meet: the index holds, per article, the light
stems of title and body (for ranked word search), the normalised but
unstemmed words (for exact phrases) and the ids of the entities it mentions
(for names in any spelling).  Queries are parsed leniently: whatever a user
types becomes words, quoted phrases and ``-``excluded words, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rasd.text.arabic import TOKEN_RE, light_stem, normalize, words


@dataclass(slots=True)
class IndexDoc:
    """One article as the index sees it (all strings are space-joined tokens)."""

    title: str
    body: str
    words: str
    names: str   # entity ids and transliteration keys ("k:…") of every name the article mentions


# Words follow Zipf's law: a cache answers most stems, and a document's words are
# looked up in one C-level pass (stemming was most of the indexing time).
_STEM_CACHE: dict[str, str] = {}
_CACHE_MAX = 300_000


def stem(word: str) -> str:
    """light_stem of a normalised word, cached."""
    s = _STEM_CACHE.get(word)
    if s is None:
        s = light_stem(word)
        if len(_STEM_CACHE) < _CACHE_MAX:
            _STEM_CACHE[word] = s
    return s


def _stems(ws: list[str]) -> str:
    cache = _STEM_CACHE
    missing = set(ws).difference(cache)
    if len(cache) + len(missing) > _CACHE_MAX:
        cache.clear()
        missing = set(ws)
    for w in missing:
        cache[w] = light_stem(w)
    return " ".join(map(cache.__getitem__, ws))


@lru_cache(maxsize=100_000)
def name_keys(name: str) -> tuple[str, ...]:
    """Index terms for one name: its transliteration key, and a person's family name's key alone,
    so بوتن finds an article that only ever wrote فلاديمير بوتين.  Cached: names recur in every
    article that mentions them (and in every search result a name query highlights)."""
    from rasd.entities.resolve import name_key, name_tokens

    out = []
    key = name_key(name)
    if len(key) >= 3:
        out.append("k:" + key)
    toks = name_tokens(name)
    if len(toks) > 1:
        last = name_key(toks[-1])
        if len(last) >= 3:
            out.append("k:" + last)
    return tuple(out)


def names_field(entities: list[dict[str, Any]] | None) -> str:
    terms: set[str] = set()
    for m in entities or ():
        if m.get("entity_id"):
            terms.add(m["entity_id"])
        for n in {m.get("text") or "", m.get("canonical") or ""}:
            if n:
                terms.update(name_keys(n) if m.get("type") == "PER" else name_keys(n)[:1])
    return " ".join(sorted(terms))


# Phrases must not run across the title/body boundary: a token no query can contain keeps them apart.
_BOUNDARY = "\u2063"


def index_doc(title: str | None, text: str, entities: list[dict[str, Any]] | None) -> IndexDoc:
    """The pre-analysed fields of one article."""
    tw = words(title or "")
    bw = words(text)
    return IndexDoc(_stems(tw), _stems(bw), " ".join([*tw, _BOUNDARY, *bw]) if tw else " ".join(bw),
                    names_field(entities))


# --- queries ------------------------------------------------------------------

@dataclass(slots=True)
class ParsedQuery:
    """A lenient reading of what the user typed.

    ``terms`` are normalised words (every one must match, as a stem);
    ``phrases`` are runs of normalised words that must appear together in
    this order (unstemmed); ``excluded`` words must not appear.
    """

    terms: list[str] = field(default_factory=list)
    phrases: list[list[str]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases

    def highlight_words(self) -> set[str]:
        """Normalised words whose stems a snippet should mark."""
        return set(self.terms) | {w for p in self.phrases for w in p}


_QUOTED = re.compile(r'"([^"]*)"')
_OPERATOR_RE = re.compile(r"(?<!\S)(?:AND|OR|NOT|NEAR)(?!\S)")
_OPERATORS = {"&&", "||", "+", "|", "&"}


def parse_query(q: str | None) -> ParsedQuery:
    """Read a query leniently: balanced double quotes (any quote style) make a
    phrase, a word written with a leading ``-`` is excluded, and everything
    else (unbalanced quotes, stray operators, brackets, wildcards) is read as
    plain words or dropped as punctuation."""
    out = ParsedQuery()
    if not q:
        return out
    # Operators are recognised as typed (upper case), before normalisation lowercases them.
    text = normalize(_OPERATOR_RE.sub(" ", q[:1000]))  # folds «» “” into " so every quote style pairs
    rest: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        rest.append(text[pos:m.start()])
        ws = TOKEN_RE.findall(m.group(1))
        if len(ws) > 1:
            out.phrases.append(ws)
        elif ws:
            rest.append(" " + ws[0] + " ")
        pos = m.end()
    rest.append(text[pos:])
    for chunk in " ".join(rest).replace('"', " ").split():
        if chunk in _OPERATORS:
            continue  # boolean operators typed out of habit: every word must match anyway
        negate = chunk.startswith("-") and len(chunk) > 1
        for w in TOKEN_RE.findall(chunk):
            if negate:
                out.excluded.append(w)
                negate = False  # only the word right after the minus
            else:
                out.terms.append(w)
    if out.empty and out.excluded:  # a query of exclusions only means nothing to rank: read them as words
        out.terms, out.excluded = out.excluded, []
    return out
