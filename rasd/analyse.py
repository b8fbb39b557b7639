"""Analyse: the per-article annotators (entities, dates, …) run on clean text.

Annotators are plain functions ``(text, published) -> list[dict]`` whose
items carry ``start``/``end`` offsets into ``text``; they are swappable
(spaCy's component idea) and run in the worker processes.

They run on the article as cleaned by its own rules, before the
cross-site step removes the few lines only the site statistics reveal (the
main process knows those, not the workers).  :class:`SpanMap` then moves
every span onto the final text, and drops spans on lines removed after all,
so offsets in the store always slice the stored ``text`` exactly.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from typing import Any

Annotator = Callable[[str, str | None, dict[str, list]], list[dict[str, Any]]]


def _entities(text: str, published: str | None, done: dict[str, list]) -> list[dict[str, Any]]:
    from rasd.entities.ner import extract

    return extract(text)


def _statements(text: str, published: str | None, done: dict[str, list]) -> list[dict[str, Any]]:
    from rasd.statements import extract_statements

    # A person span inside a statement's subject decides the speaker's name.
    return extract_statements(text, done.get("entities"))


def _dates(text: str, published: str | None, done: dict[str, list]) -> list[dict[str, Any]]:
    from rasd.dates import extract_dates
    from rasd.dates.config import options

    return extract_dates(text, published, **options())


# In order: each annotator sees what the ones before it found.
ANNOTATORS: dict[str, Annotator] = {"entities": _entities, "statements": _statements, "dates": _dates}


def analyse(text: str, published: str | None, names: Sequence[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Run the named annotators (default: all) on text, in pipeline order."""
    wanted = set(names or ANNOTATORS)
    done: dict[str, list[dict[str, Any]]] = {}
    for name, fn in ANNOTATORS.items():
        if name in wanted:
            done[name] = fn(text, published, done)
    return done


class SpanMap:
    """Moves offsets from a text made of ``lines_before`` joined by newlines to
    the text made of the subset of them that was kept (``kept`` flags)."""

    def __init__(self, lines_before: Sequence[str], kept: Sequence[bool]) -> None:
        self.old_starts: list[int] = []
        self.shift: list[int | None] = []
        old = new = 0
        for line, keep in zip(lines_before, kept, strict=True):
            self.old_starts.append(old)
            self.shift.append(new - old if keep else None)
            old += len(line) + 1
            if keep:
                new += len(line) + 1
        self.old_ends = [s + len(line) for s, line in zip(self.old_starts, lines_before)]
        self.identity = all(kept)

    def move(self, start: int, end: int) -> tuple[int, int] | None:
        """The span on the final text, or None when its line was removed (or it crosses lines)."""
        if self.identity:
            return start, end
        i = bisect_right(self.old_starts, start) - 1
        if i < 0 or end > self.old_ends[i] or self.shift[i] is None:
            return None
        d = self.shift[i]
        return start + d, end + d

    def move_items(self, items: list[dict[str, Any]], extra: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        """Items with start/end (and any ``extra`` offset pairs such as sentence_start/end) moved; lost ones dropped."""
        out = []
        for it in items:
            moved = self.move(it["start"], it["end"])
            if moved is None:
                continue
            it = dict(it, start=moved[0], end=moved[1])
            for a, b in zip(extra[::2], extra[1::2]):
                if it.get(a) is not None and it.get(b) is not None:
                    m2 = self.move(it[a], it[b])
                    # a sentence keeps at least the item's own span; a lost speaker mention is dropped
                    it[a], it[b] = m2 if m2 else (moved if a == "sentence_start" else (None, None))
            out.append(it)
        return out
