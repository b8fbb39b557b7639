"""Which articles and statements an alert matches.

All comparison goes through the one normaliser (``rasd/text/arabic.py``) and
the search's light stems (``rasd/search/analysis.py``), so an alert on
الكتاب matches كتاب, والكتاب and كتابها exactly as `rasd search` would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rasd.model import Article
from rasd.search.analysis import ParsedQuery, parse_query, stem
from rasd.text.arabic import words

KINDS = ("q", "entity", "speaker")


class ArticleView:
    """An article's normalised words and stems, computed once however many alerts look at it."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self._runs: tuple[list[str], list[str]] | None = None
        self._stems: set[str] | None = None

    @property
    def runs(self) -> tuple[list[str], list[str]]:
        if self._runs is None:
            self._runs = (words(self.article.title or ""), words(self.article.text or ""))
        return self._runs

    @property
    def stems(self) -> set[str]:
        if self._stems is None:
            title, body = self.runs
            self._stems = {stem(w) for w in title} | {stem(w) for w in body}
        return self._stems


def _has_run(ws: list[str], run: list[str]) -> bool:
    n = len(run)
    if not n or n > len(ws):
        return False
    first = run[0]
    return any(ws[i] == first and ws[i:i + n] == run for i in range(len(ws) - n + 1))


def query_matches(pq: ParsedQuery, view: ArticleView) -> bool:
    """Every term's stem in the title or text, every phrase as a run of normalised words in one of
    them (a phrase does not span the title/body boundary, as in search), no excluded word's stem."""
    if pq.empty:
        return False
    st = view.stems
    if any(stem(t) not in st for t in pq.terms):
        return False
    if any(stem(w) in st for w in pq.excluded):
        return False
    title, body = view.runs
    return all(_has_run(title, p) or _has_run(body, p) for p in pq.phrases)


def entity_matches(entity_id: str, article: Article) -> bool:
    return any(m.get("entity_id") == entity_id for m in article.entities or ())


def speaker_matches(value: str, statement: dict[str, Any]) -> bool:
    """The statement's linked speaker is this entity id, or its speaker's name contains this name
    (normalised words in order: فيصل العمري matches الدكتور فيصل العمري)."""
    if statement.get("speaker_entity_id") and statement["speaker_entity_id"] == value:
        return True
    name = words(value)
    return bool(name) and _has_run(words(statement.get("speaker") or ""), name)


@dataclass(slots=True)
class Matcher:
    """One alert's test, prepared once per check."""

    kind: str
    value: str
    query: ParsedQuery | None = None

    @classmethod
    def of(cls, kind: str, value: str) -> Matcher:
        if kind not in KINDS:
            raise ValueError(f"unknown alert kind {kind!r}")
        return cls(kind, value, parse_query(value) if kind == "q" else None)

    def items(self, view: ArticleView) -> list[tuple[str, int, dict[str, Any] | None]]:
        """The items of this article that fire: (item_key, pos, statement or None)."""
        a = view.article
        if self.kind == "q":
            return [(a.id, 0, None)] if self.query is not None and query_matches(self.query, view) else []
        if self.kind == "entity":
            return [(a.id, 0, None)] if entity_matches(self.value, a) else []
        # A name also reaches statements whose speaker is written otherwise (الوزير, a surname) but
        # linked to an entity the article names with it.
        name = words(self.value)
        linked = {m["entity_id"] for m in a.entities or () if m.get("entity_id") and name
                  and any(_has_run(words(m.get(k) or ""), name) for k in ("canonical", "text"))}
        out = []
        for s in a.statements or ():
            if speaker_matches(self.value, s) or (s.get("speaker_entity_id") in linked):
                start = int(s.get("start") or 0)
                out.append((f"{a.id}:{start}", start, s))
        return out

