"""Shared helpers for building the stories / duplicates gold sets.

Reads SaudiNewsNet from the shared directory (never copied into the repo) and
derives the normalised features the labelling tools use to *propose*
candidates; every label is still decided by reading the articles.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import zlib
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)

from rasd.statements.corpus import iter_saudinewsnet  # noqa: E402
from rasd.text.arabic import light_stem, words  # noqa: E402,F401

# The shared data sits beside the project (`../shared`, as in the Makefile);
# a worktree one level deeper also finds it.  RASD_SHARED overrides.
_CANDIDATES = [os.environ.get("RASD_SHARED", ""), os.path.join(ROOT, "..", "shared"),
               os.path.join(ROOT, "..", "..", "shared")]
SHARED = next((os.path.abspath(c) for c in _CANDIDATES
               if c and os.path.isdir(os.path.join(c, "data", "saudinewsnet"))), _CANDIDATES[1])
CACHE = os.environ.get("LABELS_CACHE", "/tmp/labels_cache")

# The story window: three consecutive crawl days with the most sources
# (13 on 2015-08-11, including the Saudi Press Agency itself, 'was').
WINDOW = ("2015-08-09", "2015-08-10", "2015-08-11")


def url_hash(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()


def load_all() -> list[dict]:
    """All articles, in a fixed order, with derived features (cached in /tmp)."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, "all.pkl")
    if os.path.exists(path):
        with open(path, "rb") as f:
            return pickle.load(f)
    arts = []
    for a in iter_saudinewsnet(SHARED):
        body = a.get("content") or ""
        title = a.get("title") or ""
        bw = words(body)
        arts.append({
            "url": a["url"], "source": a["source"], "date": a["date_extracted"],
            "title": title, "content": body,
            "tw": [light_stem(w) for w in words(title)],
            "bw": bw,
        })
    arts.sort(key=lambda a: (a["date"][:10], a["source"], a["url"]))
    with open(path, "wb") as f:
        pickle.dump(arts, f)
    return arts


def shingles(ws: list[str], k: int = 5) -> set[int]:
    if len(ws) < k:
        return {zlib.crc32(" ".join(ws).encode())} if ws else set()
    # crc32, not hash(): Python's str hash is salted per process, and the
    # sampling must be reproducible.
    return {zlib.crc32(" ".join(ws[i:i + k]).encode()) for i in range(len(ws) - k + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    i = len(a & b)
    return i / (len(a) + len(b) - i)


def containment(a: set, b: set) -> float:
    """Share of the smaller set found in the larger (trimmed copies score high)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def df_counter(docs: list[set]) -> Counter:
    c: Counter = Counter()
    for d in docs:
        c.update(d)
    return c
