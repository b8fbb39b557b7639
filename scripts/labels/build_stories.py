"""Turn scripts/labels/stories_labels.txt into eval/stories_gold.jsonl.

Label file lines:  ``slug | idx,idx,... | note``  (idx = position in the
window, see stories_tool.py; ``idx~word`` attaches a per-article note).
Stories with more than CAP members keep the CAP members with the lowest
sha1(url) (a reproducible sample; the full member list stays in the label
file).  Writes only urls, sources, crawl times, labels and notes.
"""

from __future__ import annotations

import json
import os

import common
from stories_tool import window

CAP = 24
HERE = os.path.dirname(os.path.abspath(__file__))


def parse(path):
    stories = []
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        slug, idxs, *rest = [p.strip() for p in line.split("|")]
        members = []
        for tok in idxs.replace(" ", "").split(","):
            i, _, note = tok.partition("~")
            members.append((int(i), note.replace("_", " ")))
        stories.append((slug, members, rest[0] if rest else ""))
    return stories


def main():
    arts = window()
    stories = parse(os.path.join(HERE, "stories_labels.txt"))
    seen: dict[int, str] = {}
    slugs = set()
    out = []
    for slug, members, note in stories:
        assert slug not in slugs, f"duplicate story slug {slug}"
        slugs.add(slug)
        for i, _ in members:
            assert i not in seen, f"article {i} in {seen.get(i)} and {slug}"
            seen[i] = slug
        if len(members) > CAP:
            full = len(members)
            members = sorted(members, key=lambda m: common.url_hash(arts[m[0]]["url"]))[:CAP]
            note = (note + f"; sampled {CAP} of {full} members in the window").strip("; ")
        if slug.startswith("_"):
            continue  # seeds skipped (members of a capped story beyond its sample)
        for i, anote in sorted(members):
            a = arts[i]
            out.append({"url": a["url"], "source": a["source"], "date_extracted": a["date"],
                        "story": slug, "note": "; ".join(x for x in (note, anote) if x)})
    out.sort(key=lambda r: (r["date_extracted"][:10], r["source"], r["url"]))
    path = os.path.join(common.ROOT, "eval", "stories_gold.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    sizes = {}
    for r in out:
        sizes[r["story"]] = sizes.get(r["story"], 0) + 1
    print(f"{len(out)} articles, {len(sizes)} stories, "
          f"{sum(1 for s in sizes.values() if s > 1)} multi-article, sources {len({r['source'] for r in out})}")


if __name__ == "__main__":
    main()
