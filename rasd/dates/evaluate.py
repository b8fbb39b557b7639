"""Span precision/recall of :func:`rasd.dates.extract_dates` against the
DATE and TIME spans of a Wojood-style CoNLL file.

The file has one token per line followed by its tag(s) (nested entities give
several tags, e.g. ``سكرتير I-OCC B-ORG``), a blank line between sentences,
and ``$#$`` marker tokens, which are dropped.  Sentences are rebuilt by
joining tokens with spaces; a predicted span matches a gold span when their
character ranges overlap.

    python -m rasd.dates.evaluate FILE [FILE ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import extract_dates

GOLD_TYPES = ("DATE", "TIME")


def read_conll(path: str | Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(sentence text, gold [(start, end, type)]) for every sentence of the file."""
    out = []
    tokens: list[tuple[str, list[str]]] = []

    def flush() -> None:
        if not tokens:
            return
        text, spans, pos = [], [], 0
        bounds = []
        for tok, _ in tokens:
            bounds.append((pos, pos + len(tok)))
            text.append(tok)
            pos += len(tok) + 1
        for typ in GOLD_TYPES:
            start = None
            for k, (_, tags) in enumerate(tokens):
                if f"B-{typ}" in tags:
                    if start is not None:
                        spans.append((bounds[start][0], bounds[k - 1][1], typ))
                    start = k
                elif f"I-{typ}" in tags and start is not None:
                    continue
                elif start is not None:
                    spans.append((bounds[start][0], bounds[k - 1][1], typ))
                    start = None
            if start is not None:
                spans.append((bounds[start][0], bounds[-1][1], typ))
        out.append((" ".join(text), sorted(spans)))
        tokens.clear()

    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                flush()
                continue
            if parts[0] == "$#$":
                continue
            tokens.append((parts[0], parts[1:]))
    flush()
    return out


def wojood_recall(path: str | Path, reference: str | None = "2020-01-01") -> dict:
    """Overlap-match precision, recall and F1 of our expressions vs gold DATE/TIME spans.

    Also recall per gold type, and the share of matched gold spans whose
    boundaries we hit exactly.  ``misses``/``false_positives`` hold a few
    examples for error analysis (not written anywhere).
    """
    n_pred = n_pred_ok = 0
    n_gold = {t: 0 for t in GOLD_TYPES}
    n_gold_ok = {t: 0 for t in GOLD_TYPES}
    exact = 0
    misses, fps = [], []
    sentences = read_conll(path)
    for text, gold in sentences:
        pred = [(d["start"], d["end"]) for d in extract_dates(text, reference)]
        for s, e in pred:
            n_pred += 1
            if any(s < ge and gs < e for gs, ge, _ in gold):
                n_pred_ok += 1
            elif len(fps) < 30:
                fps.append(text[s:e])
        for gs, ge, typ in gold:
            n_gold[typ] += 1
            if any(s < ge and gs < e for s, e in pred):
                n_gold_ok[typ] += 1
                exact += any(s == gs and e == ge for s, e in pred)
            elif len(misses) < 40:
                misses.append(f"{typ}: {text[gs:ge]}")
    gold_total, gold_ok = sum(n_gold.values()), sum(n_gold_ok.values())
    p = n_pred_ok / n_pred if n_pred else 0.0
    r = gold_ok / gold_total if gold_total else 0.0
    return {
        "file": str(path), "sentences": len(sentences), "gold": gold_total, "predicted": n_pred,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
        "recall_by_type": {t: (round(n_gold_ok[t] / n_gold[t], 4) if n_gold[t] else None) for t in GOLD_TYPES},
        "gold_by_type": n_gold, "exact_boundary_share": round(exact / gold_ok, 4) if gold_ok else 0.0,
        "misses": misses, "false_positives": fps,
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__)
        return 2
    for path in args:
        res = wojood_recall(path)
        if "--verbose" not in args:
            res.pop("misses"), res.pop("false_positives")
        print(json.dumps(res, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main([a for a in sys.argv[1:] if a != "--verbose"] + (["--verbose"] if "--verbose" in sys.argv else [])))
