#!/usr/bin/env python3
"""Build rasd/stories/data/df_prior.tsv: document frequencies of content stems over SaudiNewsNet.

The clustering weighs terms by idf.  A store that holds only a few hundred
articles knows too little to tell a rare word from a common one, so the
frequencies a store counts are added to this prior (31,030 Arabic news
articles).  Only stems and counts are kept (df >= MIN_DF), no text.
Usage: python scripts/build_df_prior.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from rasd.statements.corpus import iter_saudinewsnet
from rasd.stories.vectors import BODY_WORDS, terms

MIN_DF = 3
OUT = os.path.join(os.path.dirname(__file__), "..", "rasd", "stories", "data", "df_prior.tsv")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    args = ap.parse_args()
    df: Counter = Counter()
    docs = 0
    seen: set[str] = set()
    for a in iter_saudinewsnet(args.shared):
        if a["url"] in seen:
            continue
        seen.add(a["url"])
        docs += 1
        df.update(set(terms(a.get("title") or "")) | set(terms(a.get("content") or "", BODY_WORDS)))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(f"#docs\t{docs}\n")
        for t, n in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])):
            if n >= MIN_DF:
                f.write(f"{t}\t{n}\n")
    print(f"{docs} documents, {sum(1 for n in df.values() if n >= MIN_DF)} stems with df >= {MIN_DF} -> {OUT}")


if __name__ == "__main__":
    main()
