"""Reproduces the article selection for eval/dates_gold_blind.jsonl (seed 5151).

Same cue filter as eval/dates_gold_select.py, but a different seed, and every
(source, crawl day) pair and url already in eval/dates_gold.jsonl is excluded,
so the blind split shares no site-day with the development split.

Usage: .venv/bin/python eval/dates_gold_blind_select.py [N]  -> prints k, source, crawl date, url
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dates_gold_select as base  # noqa: E402  (loads the corpus and the cue filter)

HERE = os.path.dirname(os.path.abspath(__file__))


def select(n: int = 30, seed: int = 5151) -> list[int]:
    old = [json.loads(x) for x in open(os.path.join(HERE, "dates_gold.jsonl"), encoding="utf-8") if x.strip()]
    used = {(g["source"], g["date_extracted"][:10]) for g in old}
    old_urls = {g["url"] for g in old}
    arts = base.arts
    rng = base.random.Random(seed)
    idx = list(range(len(arts)))
    rng.shuffle(idx)
    by: dict[str, list[int]] = {}
    for i in idx:
        a = arts[i]
        c = a["content"] or ""
        if not (300 <= len(c) <= 1800) or a["url"] in old_urls:
            continue
        if len(base.kinds(c)) < 2:
            continue
        by.setdefault(a["source"], []).append(i)
    chosen: list[int] = []
    seen: set[tuple[str, str]] = set(used) | {(a["source"], a["_file"]) for a in arts if a["url"] in old_urls}
    base.rr(by, n, chosen, seen)
    return chosen


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    for k, i in enumerate(select(n)):
        a = base.arts[i]
        print(k, a["source"], a["date_extracted"], a["url"])
