"""Draw the candidate pairs for eval/dup_pairs.jsonl (see eval/dups_README.md).

Strata (fixed seed, whole corpus, all 18 crawl days):
  J bins on 5-word-shingle Jaccard of normalised title+body:
    j10-30, j30-50, j50-70, j70-90, j90+          45 pairs each
  lowj-highc : J < 0.10 but containment >= 0.5     25 (trimmed / partial copies)
  lowj       : 0.02 <= J < 0.10, containment < 0.5 30 (shared passages only)
  sametitle  : identical normalised title           30 (SPA section prefix removed)
  sameday-ent: same crawl day, share a rare title word (df <= 20), J < 0.02
                                                    30 (random same-entity pairs)
  samestory-lowj / samestory-midj: two articles of one story in
    eval/stories_gold.jsonl with J < 0.10 / 0.10-0.50   30 / 20
    (drawn from the stories file as of commit 6c8243d, before two stories were
    merged on review; reproduce with
    STORIES_GOLD=<(git show 6c8243d:eval/stories_gold.jsonl) python3 scripts/labels/sample_dups.py)
Writes scripts/labels/dup_sample.tsv: id, stratum, J, C, url_a, url_b (no text).
"""

from __future__ import annotations

import os
import pickle
import random
import re
from collections import defaultdict

import common

SEED = 20150811
HERE = os.path.dirname(os.path.abspath(__file__))
_SPA_PREFIX = re.compile(r"^\s*\S+\s*/\s*")


def norm_title(a: dict) -> str:
    t = a["title"]
    if a["source"] == "was":
        t = _SPA_PREFIX.sub("", t)
    return " ".join(common.words(t))


def main() -> None:
    arts = common.load_all()
    with open(os.path.join(common.CACHE, "dup_pairs.pkl"), "rb") as f:
        rows = pickle.load(f)
    rng = random.Random(SEED)
    jc = {(i, j): (jj, cc) for i, j, jj, cc in rows}
    bins = {"j10-30": (0.1, 0.3), "j30-50": (0.3, 0.5), "j50-70": (0.5, 0.7),
            "j70-90": (0.7, 0.9), "j90+": (0.9, 1.01)}
    out = []
    taken: set = set()

    def take(stratum, pool, n):
        pool = sorted(p for p in pool if p not in taken)
        rng.shuffle(pool)
        for p in pool[:n]:
            taken.add(p)
            j, c = jc.get(p, (0.0, 0.0))
            out.append((stratum, j, c, p))

    for name, (lo, hi) in bins.items():
        take(name, [(i, j) for i, j, jj, cc in rows if lo <= jj < hi], 45)
    take("lowj-highc", [(i, j) for i, j, jj, cc in rows if jj < 0.1 and cc >= 0.5], 25)
    take("lowj", [(i, j) for i, j, jj, cc in rows if 0.02 <= jj < 0.1 and cc < 0.5], 30)

    by_title = defaultdict(list)
    for i, a in enumerate(arts):
        t = norm_title(a)
        if len(t.split()) >= 2:
            by_title[t].append(i)
    same = [(x, y) for ids in by_title.values() for k, x in enumerate(ids) for y in ids[k + 1:]]
    take("sametitle", same, 30)

    df = defaultdict(int)
    tw = [set(w for w in a["tw"] if len(w) > 3) for a in arts]
    for s in tw:
        for w in s:
            df[w] += 1
    post = defaultdict(list)
    for i, a in enumerate(arts):
        for w in tw[i]:
            if 2 <= df[w] <= 20:
                post[(a["date"][:10], w)].append(i)
    ent = set()
    for ids in post.values():
        for k, x in enumerate(ids):
            for y in ids[k + 1:]:
                if jc.get((x, y), (0.0, 0.0))[0] < 0.02:
                    ent.add((x, y))
    take("sameday-ent", list(ent), 30)

    # Pairs from one story of eval/stories_gold.jsonl: the same event told by
    # different sites -- the hard negatives (independent write-ups) and the
    # cross-site copies that a story-level view must not confuse.
    import json
    idx = {a["url"]: i for i, a in enumerate(arts)}
    members = defaultdict(list)
    stories = os.environ.get("STORIES_GOLD", os.path.join(common.ROOT, "eval", "stories_gold.jsonl"))
    for line in open(stories, encoding="utf-8"):
        r = json.loads(line)
        members[r["story"]].append(idx[r["url"]])
    story_pairs = [tuple(sorted((x, y))) for ids in members.values() for k, x in enumerate(ids) for y in ids[k + 1:]]
    take("samestory-lowj", [p for p in story_pairs if jc.get(p, (0.0, 0.0))[0] < 0.1], 30)
    take("samestory-midj", [p for p in story_pairs if 0.1 <= jc.get(p, (0.0, 0.0))[0] < 0.5], 20)

    with open(os.path.join(HERE, "dup_sample.tsv"), "w", encoding="utf-8") as f:
        for n, (stratum, j, c, (x, y)) in enumerate(out):
            f.write(f"{n}\t{stratum}\t{j:.3f}\t{c:.3f}\t{arts[x]['url']}\t{arts[y]['url']}\n")
    print(len(out), "pairs")


if __name__ == "__main__":
    main()
