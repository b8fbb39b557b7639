"""What entity resolution did on a store: counts, top entities, a random sample of merges to judge
by hand, and a check that an incremental build in two runs equals `rasd entities --rebuild`.

    python scripts/entity_report.py data/rasd.db [--sample 60] [--seed 1] [--check]

--check works on two copies of the store (the store itself is not changed) and reports on the rebuilt one;
without it the report is on the store's table as it is (run `rasd entities --rebuild` first after upgrading rasd)."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import tempfile
import time
from collections import Counter

from rasd.entities import registry
from rasd.entities.registry import Registry
from rasd.entities.resolve import entity_key, link, name_tokens
from rasd.store.sqlite import SQLiteStore


def summary(store: SQLiteStore, sample: int, seed: int) -> None:
    reg = registry.table(store)
    ex = reg.exports()
    print(f"entities {len(ex)} {dict(Counter(e['type'] for e in ex))}; mentions {sum(e['mention_count'] for e in ex)}")
    for t in ("PER", "ORG", "LOC"):
        print(f"-- top {t}")
        for e in [e for e in ex if e["type"] == t][:15]:
            others = "، ".join(a for a in e["aliases"] if a != e["name"])[:80]
            print(f"  {e['mention_count']:5d} {e['article_count']:4d}  {e['name']} | {others} | {'، '.join(e['roles'][:2])}")
    # cross-article merges: a name form whose own key differs from the entity's name (variants, bare
    # surnames, nasab forms joined by the resolver, not by identical spelling)
    merges = []
    for r in reg.records.values():
        main = entity_key(r.type, " ".join(name_tokens(r.name)))
        seen = set()
        for n in r.names:
            k = entity_key(r.type, " ".join(name_tokens(n)))
            if k != main and k not in seen:
                seen.add(k)
                merges.append((r.type, r.name, n, r.entity_id))
    print(f"-- forms joined to an entity under another key: {len(merges)}; a random {min(sample, len(merges))}:")
    random.seed(seed)
    for typ, name, form, eid in random.sample(merges, min(sample, len(merges))):
        print(f"  {typ} {eid}  {name}  <=  {form}")
    keys = Counter(r.key for r in reg.records.values())
    print(f"-- keys held by several entities (namesakes kept apart by context): {sum(1 for n in keys.values() if n > 1)}")


def check(path: str) -> str:
    """Rebuild one copy, build another incrementally in two runs, compare; returns the rebuilt copy's path."""
    tmp = tempfile.mkdtemp()
    copies = []
    for name in ("a", "b"):
        dst = os.path.join(tmp, name + ".db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(path + suffix):
                shutil.copy(path + suffix, dst + suffix)
        copies.append(SQLiteStore(dst))
    a, b = copies
    t = time.perf_counter()
    registry.rebuild(a)
    n = a.count_articles()
    print(f"rebuild: {time.perf_counter() - t:.1f} s for {n} articles")
    b.delete_entities()
    b.commit()
    arts = list(b.iter_articles())
    reg = Registry.load(b)
    for i, art in enumerate(arts):
        if i == len(arts) // 2:  # a second ingest run: the table is reloaded from the store
            reg.flush(b)
            b.commit()
            reg = Registry.load(b)
        spans = [{k: m[k] for k in ("text", "start", "end", "type")} for m in art.entities]
        b.update_annotations(art.id, reg.assign(link(spans, art.text)), art.statements)
    reg.flush(b)
    b.commit()
    ta = {e["entity_id"]: e for e in registry.table(a).exports()}
    tb = {e["entity_id"]: e for e in registry.table(b).exports()}
    same = sum([m["entity_id"] for m in x.entities] == [m["entity_id"] for m in y.entities]
               for x, y in zip(a.iter_articles(), b.iter_articles()))
    print(f"incremental (2 runs) vs rebuild: {len(tb)} vs {len(ta)} entities, tables identical: {ta == tb}, "
          f"articles with identical entity ids: {same} of {len(arts)}")
    for s in copies:
        s.close()
    return os.path.join(tmp, "a.db")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("db")
    ap.add_argument("--sample", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    path = check(args.db) if args.check else args.db
    store = SQLiteStore(path)
    summary(store, args.sample, args.seed)
    store.close()


if __name__ == "__main__":
    main()
