"""Show sampled duplicate-candidate pairs for reading (terminal only).

  python scripts/labels/dup_tool.py START END [HEAD] [TAIL]
"""

from __future__ import annotations

import difflib
import re
import sys

import common


def main() -> None:
    arts = {a["url"]: a for a in common.load_all()}
    rows = [line.rstrip("\n").split("\t") for line in open(common.os.path.join(
        common.os.path.dirname(common.os.path.abspath(__file__)), "dup_sample.tsv"), encoding="utf-8")]
    start, end = int(sys.argv[1]), int(sys.argv[2])
    head = int(sys.argv[3]) if len(sys.argv) > 3 else 220
    tail = int(sys.argv[4]) if len(sys.argv) > 4 else 120
    for n, stratum, j, c, ua, ub in rows[start:end]:
        wa, wb = arts[ua]["bw"], arts[ub]["bw"]
        sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
        shared = sum(b.size for b in sm.get_matching_blocks() if b.size >= 4)
        w = shared / max(1, min(len(wa), len(wb)))
        print(f"===== pair {n} [{stratum}] J={j} C={c} W={w:.2f}")
        for u in (ua, ub):
            a = arts[u]
            body = re.sub(r"\s+", " ", a["content"]).strip()
            print(f"  {a['date'][:10]} {a['source']:<12} {len(a['bw'])}w | {a['title'][:100]}")
            print(f"      > {body[:head]}")
            if len(body) > head + tail:
                print(f"      < ...{body[-tail:]}")


if __name__ == "__main__":
    main()
