"""Integrity of the hand-labelled stories and duplicate-pair gold files.

These files decide thresholds and reported scores, so a malformed or
self-contradictory line must fail loudly rather than skew a number.
"""

from __future__ import annotations

import json
import os

EVAL = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "eval")
TEXT_FIELDS = {"title", "content", "text", "body"}


def _rows(name: str) -> list[dict]:
    with open(os.path.join(EVAL, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_stories_gold_shape() -> None:
    rows = _rows("stories_gold.jsonl")
    assert len(rows) >= 300
    urls = [r["url"] for r in rows]
    assert len(urls) == len(set(urls)), "an article is labelled twice"
    for r in rows:
        assert {"url", "source", "date_extracted", "story"} <= r.keys()
        assert not TEXT_FIELDS & r.keys(), "gold files must not carry article text"
        assert r["url"].startswith("http") and r["story"].strip()
        assert len(r.get("note", "")) < 300
    # several crawl days, many sources, and real multi-article stories
    assert len({r["date_extracted"][:10] for r in rows}) >= 3
    assert len({r["source"] for r in rows}) >= 10
    sizes: dict[str, int] = {}
    for r in rows:
        sizes[r["story"]] = sizes.get(r["story"], 0) + 1
    assert sum(1 for n in sizes.values() if n > 1) >= 30


def test_dup_pairs_shape_and_consistency() -> None:
    pairs = _rows("dup_pairs.jsonl")
    assert len(pairs) >= 300
    seen = set()
    for p in pairs:
        assert isinstance(p["dup"], bool)
        assert p["a"] != p["b"]
        assert not TEXT_FIELDS & p.keys()
        key = frozenset((p["a"], p["b"]))
        assert key not in seen, "pair listed twice"
        seen.add(key)
    assert 0.2 < sum(p["dup"] for p in pairs) / len(pairs) < 0.8, "both classes must be well represented"
    # a duplicate is a copy of one story: both copies must sit in the same gold story
    story = {r["url"]: r["story"] for r in _rows("stories_gold.jsonl")}
    for p in pairs:
        if p["dup"] and p["a"] in story and p["b"] in story:
            assert story[p["a"]] == story[p["b"]], (p["a"], p["b"])
    # labelled duplicates are transitive: a~b and b~c never come with a labelled a!~c
    label = {frozenset((p["a"], p["b"])): p["dup"] for p in pairs}
    nbrs: dict[str, set] = {}
    for p in pairs:
        if p["dup"]:
            nbrs.setdefault(p["a"], set()).add(p["b"])
            nbrs.setdefault(p["b"], set()).add(p["a"])
    for a, bs in nbrs.items():
        for b in bs:
            for c in nbrs[b]:
                assert c == a or label.get(frozenset((a, c)), True), (a, b, c)
