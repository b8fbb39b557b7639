"""Candidate article pairs for the near-duplicate gold set (eval/dups_README.md).

Computes exact 5-word-shingle Jaccard and containment on the normalised text
(title + body) for every pair of SaudiNewsNet articles that share at least
two shingles (shingles found in more than 50 articles are site furniture and
are ignored), then writes the pair table to the cache directory (not the
repo).  Pairs are later sampled per similarity bin by sample_dups.py.
"""

from __future__ import annotations

import os
import pickle
from collections import defaultdict

import common

MAX_DF = 50


def main() -> None:
    arts = common.load_all()
    sh = [common.shingles(common.words(a["title"]) + a["bw"]) for a in arts]
    post: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sh):
        for h in s:
            post[h].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for ids in post.values():
        if 2 <= len(ids) <= MAX_DF:
            for x in range(len(ids)):
                for y in range(x + 1, len(ids)):
                    shared[(ids[x], ids[y])] += 1
    rows = []
    for (i, j), n in shared.items():
        if n < 2:
            continue
        a, b = sh[i], sh[j]
        inter = len(a & b)
        rows.append((i, j, inter / (len(a) + len(b) - inter), inter / min(len(a), len(b))))
    with open(os.path.join(common.CACHE, "dup_pairs.pkl"), "wb") as f:
        pickle.dump(rows, f)
    print(len(rows), "pairs")


if __name__ == "__main__":
    main()
