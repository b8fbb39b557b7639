"""Turn dup_sample.tsv + dup_labels.txt into eval/dup_pairs.jsonl.

Each record: {"a", "b", "dup", "note", "stratum", "jaccard", "containment"};
jaccard/containment are the 5-word-shingle values on normalised title+body
used to stratify the sample (kept so thresholds can be read per stratum).
"""

from __future__ import annotations

import json
import os
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main() -> None:
    sample = {}
    for line in open(os.path.join(HERE, "dup_sample.tsv"), encoding="utf-8"):
        n, stratum, j, c, a, b = line.rstrip("\n").split("\t")
        sample[int(n)] = (stratum, float(j), float(c), a, b)
    labels = {}
    for raw in open(os.path.join(HERE, "dup_labels.txt"), encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        n, y, note = [p.strip() for p in line.split("|", 2)]
        assert int(n) not in labels, f"pair {n} labelled twice"
        assert y in ("y", "n"), line
        labels[int(n)] = (y == "y", note)
    missing = sorted(set(sample) - set(labels))
    assert not missing, f"unlabelled pairs: {missing[:10]}"
    out = []
    for n in sorted(sample):
        stratum, j, c, a, b = sample[n]
        dup, note = labels[n]
        out.append({"a": a, "b": b, "dup": dup, "note": note, "stratum": stratum,
                    "jaccard": j, "containment": c})
    with open(os.path.join(ROOT, "eval", "dup_pairs.jsonl"), "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    by = Counter((r["stratum"], r["dup"]) for r in out)
    print(len(out), "pairs;", sum(r["dup"] for r in out), "dup")
    for s in dict.fromkeys(r["stratum"] for r in out):
        print(f"  {s:<12} dup {by[(s, True)]:>3}  not {by[(s, False)]:>3}")
    print("doubtful", sum("doubtful" in r["note"] for r in out), " empty-body", sum("EMPTY_BODY" in r["note"] for r in out))


if __name__ == "__main__":
    main()
