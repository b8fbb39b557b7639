#!/usr/bin/env python3
"""Grid search of the story clustering's few parameters on a gold file (BCubed F1).

Ingests the gold articles once (annotators included) into a scratch store, then
re-runs only the cross-article steps (rasd.stories.evaluate.recluster) for each
setting.  Not part of `make eval`: run it when the gold set changes, and keep
the defaults in rasd/stories/cluster.py few and general.
Usage: python scripts/tune_stories.py [--gold eval/stories_gold.jsonl] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from rasd.stories.cluster import DEFAULT, Params
from rasd.stories.evaluate import bcubed, ingest_records, recluster, stream_order


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--gold", default=os.path.join(os.path.dirname(__file__), "..", "eval", "stories_gold.jsonl"))
    ap.add_argument("--grid", default=None, help='JSON {param: [values]}, e.g. {"threshold": [0.3, 0.35]}')
    ap.add_argument("--work", default=None, help="scratch folder (kept, so a second run skips the ingest)")
    args = ap.parse_args()
    from rasd.statements.corpus import iter_saudinewsnet
    from rasd.store.sqlite import SQLiteStore

    gold = {g["url"]: g["story"] for g in map(json.loads, open(args.gold, encoding="utf-8")) if g.get("story")}
    work = args.work or tempfile.mkdtemp(prefix="rasd-tune-")
    os.makedirs(work, exist_ok=True)
    db = os.path.join(work, "eval.db")
    if not os.path.exists(db):
        recs = {}
        for a in iter_saudinewsnet(args.shared):
            if a["url"] in gold and a["url"] not in recs:
                recs[a["url"]] = a
        ingest_records(stream_order(recs.values()), work)
    store = SQLiteStore(db)
    arts = list(store.iter_articles())
    store.close()
    by_id = {a.id: a.url for a in arts}
    print(f"{len(arts)} articles, {len(set(gold.values()))} gold stories; singletons: "
          f"{bcubed({u: u for u in gold}, gold)['f1']:.3f}")
    grid = json.loads(args.grid) if args.grid else {
        "threshold": [0.25, 0.3, 0.35, 0.4, 0.45], "w_title": [0.3, 0.6], "w_ent": [0.3, 0.6], "tau": [3.0, 8.0]}
    import rasd.stories.vectors as vectors

    fields = {f.name for f in dataclasses.fields(Params)}
    results = []
    for i, values in enumerate(itertools.product(*grid.values())):
        setting = dict(zip(grid, values))
        for k, v in setting.items():
            if k not in fields:  # a module constant of rasd.stories.vectors (e.g. DF_FLOOR)
                setattr(vectors, k, v)
                vectors._STEMS.clear()
        p = dataclasses.replace(DEFAULT, **{k: v for k, v in setting.items() if k in fields})
        res = recluster(arts, os.path.join(work, f"r{i}.db"), p)
        os.remove(os.path.join(work, f"r{i}.db"))
        pred = {by_id[aid]: sid for aid, (sid, _) in res.items()}
        sc = bcubed(pred, gold)
        results.append((sc["f1"], sc["precision"], sc["recall"], dict(zip(grid, values))))
    results.sort(key=lambda r: -r[0])
    for f1, p, r, v in results[:15]:
        print(f"F1 {f1:.3f} P {p:.3f} R {r:.3f}  {v}")
    d = next((r for r in results if all(r[3][k] == getattr(DEFAULT, k, None) for k in grid)), None)
    if d:
        print(f"defaults: F1 {d[0]:.3f} P {d[1]:.3f} R {d[2]:.3f}")


if __name__ == "__main__":
    main()
