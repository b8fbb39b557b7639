"""Counts and reference scores for eval/stories_gold.jsonl (no shared data needed)."""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def bcubed(gold: dict[str, str], pred: dict[str, str]) -> tuple[float, float, float]:
    gcl: dict[str, set] = defaultdict(set)
    pcl: dict[str, set] = defaultdict(set)
    for u, s in gold.items():
        gcl[s].add(u)
    for u, s in pred.items():
        pcl[s].add(u)
    p = r = 0.0
    for u in gold:
        g, q = gcl[gold[u]], pcl[pred[u]]
        inter = len(g & q)
        p += inter / len(q)
        r += inter / len(g)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    rows = [json.loads(x) for x in open(os.path.join(ROOT, "eval", "stories_gold.jsonl"), encoding="utf-8")]
    gold = {r["url"]: r["story"] for r in rows}
    sizes = Counter(gold.values())
    print(f"articles {len(rows)}  stories {len(sizes)}  multi-article {sum(1 for v in sizes.values() if v > 1)}"
          f"  singletons {sum(1 for v in sizes.values() if v == 1)}")
    print("size histogram", sorted(Counter(sizes.values()).items()))
    print("days", sorted(Counter(r["date_extracted"][:10] for r in rows).items()))
    print("sources", sorted(Counter(r["source"] for r in rows).items()))
    cross = sum(1 for s in sizes if len({r["source"] for r in rows if r["story"] == s}) > 1)
    print("stories carried by more than one source", cross)
    baselines = {
        "all-singletons": {u: u for u in gold},
        "one-per-day": {r["url"]: r["date_extracted"][:10] for r in rows},
        "all-in-one": {u: "x" for u in gold},
    }
    for name, pred in baselines.items():
        p, r, f = bcubed(gold, pred)
        print(f"{name:<15} P {p:.3f} R {r:.3f} F1 {f:.3f}")


if __name__ == "__main__":
    main()
