"""Extractive multi-document summary of a story: centroid-based, with redundancy removal.

Each candidate sentence (from the story's own articles, copies left out) is
scored by its cosine with the story centroid (TF-IDF of stems: the centroid
carries the idf), with a small bonus for lead sentences, where news puts the
facts.  Sentences are taken best first, skipping any that says the same as
one already taken (word overlap above ``REDUNDANT``), and shown in date
order.  Every sentence cites its article and its offsets in the clean text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from rasd.model import Article
from rasd.stories.vectors import cosine, normalise, terms
from rasd.text.arabic import sentences

MAX_SENTENCES = 5
REDUNDANT = 0.5
MIN_WORDS, MAX_WORDS = 6, 70
LEAD_BONUS = 0.1   # for the first two sentences of an article


def sentence_vector(text: str) -> dict[str, float]:
    return normalise(Counter(terms(text)))


def redundant(v: Mapping[str, float], chosen: Sequence[Mapping[str, float]], limit: float = REDUNDANT) -> bool:
    return any(cosine(v, c) > limit for c in chosen)


def summarise(articles: Sequence[Article], centroid: Mapping[str, float], n: int = MAX_SENTENCES) -> list[dict[str, Any]]:
    """At most n sentences [{text, article_id, start, end, date}], no two alike, ordered by date."""
    cands = []
    for rank, a in enumerate(articles):
        for i, s in enumerate(sentences(a.text)):
            nw = len(s.text.split())
            if nw < MIN_WORDS or nw > MAX_WORDS:
                continue
            v = sentence_vector(s.text)
            if not v:
                continue
            score = cosine(v, centroid) + (LEAD_BONUS if i < 2 else 0.0)
            cands.append((score, rank, s.start, a, s, v))
    cands.sort(key=lambda c: (-c[0], c[1], c[2]))
    chosen: list[tuple[Article, Any]] = []
    vecs: list[dict[str, float]] = []
    for _, _, _, a, s, v in cands:
        if redundant(v, vecs):
            continue
        chosen.append((a, s))
        vecs.append(v)
        if len(chosen) >= n:
            break
    chosen.sort(key=lambda x: ((x[0].published or "9999")[:19], x[0].id, x[1].start))
    return [{"text": s.text, "article_id": a.id, "start": s.start, "end": s.end, "date": (a.published or "")[:10] or None}
            for a, s in chosen]
