"""Candidate proposer for labelling stories in the window (see eval/stories_README.md).

  python scripts/labels/stories_tool.py seeds START END   # seeds in sha1(url) order, with candidates
  python scripts/labels/stories_tool.py grep REGEX        # window articles whose normalised title/lead match
  python scripts/labels/stories_tool.py show IDX [N]      # one article (first N chars of body)

Articles are referred to by their index in the window (sorted by crawl day,
source, url).  Candidates are only proposals: title-stem overlap, body
5-shingle containment, and shared rare lead keywords (idf-weighted), so that
a story told with different wording can still surface.  Output goes to the
terminal only; no article text is written to the repo.
"""

from __future__ import annotations

import math
import re
import sys

import common

from rasd.text.arabic import light_stem, normalize

STOP = set("""في من علي الي عن ان مع هذا هذه التي الذي الذين كان كانت قد لا ما او ثم بعد قبل
خلال بين حيث عند كما وقد وفي ومن ذلك تلك هو هي انه اليوم امس يوم العام عام اكثر حتي لم لن
ب و ف ل كل غير منذ اول اخر فيها فيه عليه عليها لها له ايضا اطار وزير الملك سمو امير""".split())


def window():
    arts = [a for a in common.load_all() if a["date"][:10] in common.WINDOW]
    for i, a in enumerate(arts):
        a["i"] = i
        a["sh"] = common.shingles(a["bw"][:400])
        lead = [light_stem(w) for w in a["bw"][:60]]
        a["kw"] = {w for w in set(a["tw"]) | set(lead) if len(w) > 2 and w not in STOP}
    return arts


def build_index(arts):
    df = common.df_counter([a["kw"] for a in arts])
    n = len(arts)
    idf = {w: math.log(n / c) for w, c in df.items()}
    post: dict = {}
    for a in arts:
        for w in a["kw"]:
            if df[w] <= 60:
                post.setdefault(w, []).append(a["i"])
    return idf, post


def candidates(a, arts, idf, post, k=14):
    score: dict[int, float] = {}
    for w in a["kw"]:
        for j in post.get(w, ()):
            if j != a["i"]:
                score[j] = score.get(j, 0.0) + idf[w]
    tot = sum(idf[w] for w in a["kw"]) or 1.0
    out = []
    for j, s in score.items():
        b = arts[j]
        tj = common.jaccard(set(a["tw"]), set(b["tw"]))
        bc = common.containment(a["sh"], b["sh"])
        kw = s / tot
        out.append((max(tj, bc, kw), tj, bc, kw, j))
    out.sort(reverse=True)
    return [o for o in out[:k] if o[0] >= 0.12]


def line(a, n=110):
    lead = re.sub(r"\s+", " ", a["content"])[:n]
    return f"[{a['i']}] {a['date'][5:10]} {a['source']:<12} {a['title'][:90]} || {lead}"


def labelled() -> dict[int, str]:
    """Window index -> story slug for every article already in the label file."""
    import os
    out: dict[int, str] = {}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stories_labels.txt")
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if line:
            slug, idxs = [p.strip() for p in line.split("|")][:2]
            for tok in idxs.replace(" ", "").split(","):
                out[int(tok.partition("~")[0])] = slug
    return out


def main():
    arts = window()
    cmd = sys.argv[1]
    if cmd == "seeds":
        idf, post = build_index(arts)
        order = sorted(arts, key=lambda a: common.url_hash(a["url"]))
        done = labelled()
        for r in range(int(sys.argv[2]), int(sys.argv[3])):
            a = order[r]
            if a["i"] in done:
                print(f"=== seed #{r} [{a['i']}] already labelled: {done[a['i']]}")
                continue
            print(f"=== seed #{r}")
            print(line(a, 220))
            for m, tj, bc, kw, j in candidates(a, arts, idf, post, k=9):
                if m < 0.16:
                    continue
                mark = f" <{done[j]}>" if j in done else ""
                print(f"   {m:.2f} t{tj:.2f} b{bc:.2f} k{kw:.2f}{mark} " + line(arts[j], 90))
    elif cmd == "grep":
        rx = re.compile(normalize(sys.argv[2]))
        for a in arts:
            if rx.search(normalize(a["title"] + " " + a["content"][:400])):
                print(line(a, 100))
    elif cmd == "hashscan":
        # window articles matching REGEX in sha1(url) order: the reproducible
        # order in which members of a capped mega-story are sampled
        rx = re.compile(normalize(sys.argv[2]))
        done = labelled()
        for a in sorted(arts, key=lambda a: common.url_hash(a["url"])):
            if rx.search(normalize(a["title"] + " " + a["content"][:400])):
                print(line(a, 160) + (f" <{done[a['i']]}>" if a["i"] in done else ""))
    elif cmd == "show":
        n = int(sys.argv[3]) if len(sys.argv) > 3 else 1200
        for i in sys.argv[2].split(","):
            a = arts[int(i)]
            print(f"[{a['i']}] {a['date']} {a['source']} {a['url']}\n{a['title']}\n{a['content'][:n]}\n")


if __name__ == "__main__":
    main()
