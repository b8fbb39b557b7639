"""Scoring the tagger the way NER is usually reported (conlleval).

Exact-span micro precision/recall/F1 over PER, LOC and ORG: those are the
types rasd exports and links, so they make the headline number.  MISC is a
grab-bag (events, nationalities, products) whose boundaries annotators
disagree on, so it is scored apart rather than allowed to move the headline.
Files are tagged with their tokens as given, so the score measures the
tagger, not rasd's tokeniser.
"""

from __future__ import annotations

import time

MAIN_TYPES = ("PER", "LOC", "ORG")


def fix_tag(tag: str) -> str:
    """ANERcorp writes PERS; rasd says PER everywhere."""
    return tag[:-1] if tag.endswith("-PERS") else tag


def read_conll(path: str) -> list[tuple[list[str], list[str]]]:
    """Sentences as (tokens, tags) from `token TAG` lines, blank line between sentences."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                if toks:
                    sents.append((toks, tags))
                    toks, tags = [], []
                continue
            toks.append(parts[0])
            tags.append(fix_tag(parts[-1]) if len(parts) > 1 else "O")
    if toks:
        sents.append((toks, tags))
    return sents


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """(start, end, type) token spans, conlleval-style: an I- after O or
    after another type opens a new span."""
    out = set()
    start, typ = None, None
    for i, tag in enumerate(list(tags) + ["O"]):
        pre, _, t = tag.partition("-")
        if start is not None and (pre != "I" or t != typ):
            out.add((start, i, typ))
            start, typ = None, None
        if pre == "B" or (pre == "I" and start is None):
            start, typ = i, t
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "support": n_gold}


def score(gold: list[list[str]], pred: list[list[str]]) -> dict:
    """Micro P/R/F1 over PER/LOC/ORG, per type, and MISC apart."""
    tp = {t: 0 for t in MAIN_TYPES + ("MISC",)}
    npred = dict.fromkeys(tp, 0)
    ngold = dict.fromkeys(tp, 0)
    for g, p in zip(gold, pred):
        gs, ps = spans(g), spans(p)
        for s in gs:
            if s[2] in ngold:
                ngold[s[2]] += 1
        for s in ps:
            if s[2] in npred:
                npred[s[2]] += 1
                if s in gs:
                    tp[s[2]] += 1
    micro = _prf(sum(tp[t] for t in MAIN_TYPES), sum(npred[t] for t in MAIN_TYPES), sum(ngold[t] for t in MAIN_TYPES))
    return {
        "precision": micro["precision"],
        "recall": micro["recall"],
        "f1": micro["f1"],
        "per_type": {t: _prf(tp[t], npred[t], ngold[t]) for t in MAIN_TYPES},
        "misc": _prf(tp["MISC"], npred["MISC"], ngold["MISC"]),
    }


def evaluate_conll(path: str, *, model_path: str | None = None, data_dir: str | None = None) -> dict:
    """Tag a CoNLL file's tokens as given and score against its tags.

    ``model_path`` (and ``data_dir``, the word lists trained with it) let the
    training script score a model it just wrote; by default the shipped model is used.
    Consecutive sentences are tagged as one text (as :func:`extract` does
    for an article), so repeated names share evidence.
    ``tokens_per_s`` is the tagging speed (features, Viterbi, propagation)
    on this file per core: tokens over the CPU time this thread spent
    tagging, so that other processes sharing the machine do not count
    against it (``tokens_per_s_wall`` is the wall-clock figure).  The model
    and word lists are loaded before the clock starts; per-word feature
    caches start empty when the process is fresh.
    """
    from .lexicon import DATA_DIR
    from .ner import MODEL_PATH, Tagger, get_tagger

    if model_path or data_dir:
        tagger = Tagger(model_path or MODEL_PATH, data_dir or DATA_DIR)
    else:
        tagger = get_tagger()
    sents = read_conll(path)
    t0, w0 = time.thread_time(), time.perf_counter()
    pred = tagger.tag_document([toks for toks, _ in sents])
    dt, dw = time.thread_time() - t0, time.perf_counter() - w0
    out = score([tags for _, tags in sents], pred)
    n_tok = sum(len(t) for t, _ in sents)
    out["tokens_per_s"] = n_tok / dt if dt > 0 else 0.0
    out["tokens_per_s_wall"] = n_tok / dw if dw > 0 else 0.0
    out["tokens"] = n_tok
    return out
