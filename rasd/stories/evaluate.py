"""Scoring the duplicate detector and the story clustering (used by scripts/eval.py and the tests).

- BCubed precision/recall/F1 (Bagga & Baldwin 1998; Amigó et al. 2009) of a
  partition against gold story labels, averaged over items.
- Precision/recall of duplicate decisions on labelled pairs.
- Pearson correlation of a similarity with human scores.
- ``recluster``: the pipeline's cross-article steps (near-duplicates, then
  stories) over already analysed articles, in order, on a scratch store, so
  that parameters can be compared without re-running the annotators.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

from rasd.model import Article


def bcubed(pred: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> dict[str, float]:
    """BCubed P/R/F1 over the items gold labels (items missing from pred count as singletons)."""
    items = list(gold)
    pred_full = {i: pred.get(i, ("__alone__", i)) for i in items}
    by_pred: dict[Hashable, set] = defaultdict(set)
    by_gold: dict[Hashable, set] = defaultdict(set)
    for i in items:
        by_pred[pred_full[i]].add(i)
        by_gold[gold[i]].add(i)
    p = r = 0.0
    for i in items:
        cp, cg = by_pred[pred_full[i]], by_gold[gold[i]]
        both = len(cp & cg)
        p += both / len(cp)
        r += both / len(cg)
    n = len(items) or 1
    p, r = p / n, r / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "items": len(items),
            "gold_clusters": len(by_gold), "pred_clusters": len(by_pred)}


def pair_scores(decisions: Iterable[tuple[bool, bool]]) -> dict[str, float]:
    """(predicted, gold) pairs -> precision, recall, F1 and counts."""
    tp = fp = fn = tn = 0
    for pred, gold in decisions:
        tp += pred and gold
        fp += pred and not gold
        fn += (not pred) and gold
        tn += (not pred) and not gold
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn, "tn": tn}


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else 0.0


def recluster(articles: Sequence[Article], path: str, params: Any = None, containment: float | None = None) -> dict[str, Any]:
    """Run near-duplicates and stories over analysed articles in this order, as the ingest does, on a
    fresh store at path.  Returns {article_id: (story_id, duplicate_of)}."""
    from dataclasses import replace

    from rasd.dedup import Deduper
    from rasd.pipeline import WINDOW
    from rasd.store.sqlite import SQLiteStore
    from rasd.stories.cluster import DEFAULT, StoryEngine

    store = SQLiteStore(path)
    run = store.begin_run({"recluster": True})
    dedup = Deduper(store) if containment is None else Deduper(store, containment)
    engine = StoryEngine(store, params or DEFAULT)
    out: dict[str, Any] = {}
    for k, a in enumerate(articles):
        a = replace(a, duplicate_of=None, story_id=None)
        dup, _, sig = dedup.check(a.id, a.text, a.body_hash)
        a.duplicate_of = dup
        a.story_id = engine.assign(a)
        store.insert_article(a, run, a.body_hash)
        if dup is None:
            dedup.remember(a.id, sig)
        if (k + 1) % WINDOW == 0:
            engine.flush()
            store.commit()
    engine.flush()
    store.commit()
    for a in store.iter_articles():
        out[a.id] = (a.story_id, a.duplicate_of)
    store.close()
    return out


def ingest_records(records: Sequence[Mapping[str, Any]], workdir: str, workers: int = 1) -> str:
    """Ingest SaudiNewsNet-shaped records ({source, url, title, content, date_extracted}) in this order through
    the real pipeline (annotators, near-duplicates, stories) into a fresh store; returns its path."""
    import json
    import os

    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    src = os.path.join(workdir, "input.jsonl")
    with open(src, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps({k: r.get(k) for k in ("source", "url", "title", "content", "date_extracted")},
                               ensure_ascii=False) + "\n")
    path = os.path.join(workdir, "eval.db")
    store = SQLiteStore(path)
    ingest([src], store, workers=workers, report_dir=workdir)
    store.close()
    return path


def stream_order(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The order articles arrive in a stream: by crawl time, then url."""
    return sorted(records, key=lambda r: (r.get("date_extracted") or "", r.get("url") or ""))


def text_vectors(texts: Sequence[str], with_entities: bool = True) -> list[Any]:
    """Clustering vectors of free texts (no title, no date), weighted with the prior plus these texts' own
    document frequencies; entities from the shipped tagger and resolver when with_entities."""
    from rasd.stories.vectors import DocFreq, article_vectors, entity_terms, terms

    ents: list[list[dict]] = [[] for _ in texts]
    if with_entities:
        from rasd.entities.ner import extract
        from rasd.entities.resolve import link

        ents = [link(extract(t)) for t in texts]
    df = DocFreq()
    for t, e in zip(texts, ents):
        df.add(set(terms(t)) | set(entity_terms(e)))
    return [article_vectors(None, t, e, df) for t, e in zip(texts, ents)]


def article_similarity(a: Any, b: Any, params: Any = None) -> float:
    """The clustering's similarity between two articles' vectors (same weights, no time term)."""
    from rasd.stories.cluster import DEFAULT
    from rasd.stories.vectors import cosine

    p = params or DEFAULT
    return cosine(a.body, b.body) + p.w_title * cosine(a.title, b.title) + p.w_ent * cosine(a.ents, b.ents)
