"""Loading the dev articles the statements gold set is annotated on.

The gold file stores only identifiers (a sample's file name or a SaudiNewsNet
url); the text is read from ``shared_dir`` at scoring time.  The SaudiNewsNet
articles were drawn by :func:`select_saudinewsnet` with a fixed seed.
"""

from __future__ import annotations

import glob
import json
import os
import random
import re
import zipfile
from collections.abc import Iterator

SEED = 1447
# Speech verbs / attributions that make an article worth annotating.
_SPEECH = re.compile(r"(?:^|\s)(?:و|ف)?(?:قال|قالت|أكد|أكدت|أوضح|أوضحت|أضاف|أضافت|صرح|صرحت|أشار|أشارت|"
                     r"ذكر|ذكرت|أعلن|أعلنت|شدد|شددت|بحسب|وفقا)(?=\s)")


def iter_saudinewsnet(shared_dir: str) -> Iterator[dict]:
    for path in sorted(glob.glob(os.path.join(shared_dir, "data", "saudinewsnet", "*.zip"))):
        with zipfile.ZipFile(path) as z:
            for name in sorted(z.namelist()):
                yield from json.loads(z.read(name))


def select_saudinewsnet(shared_dir: str, n: int = 34, seed: int = SEED,
                        min_len: int = 500, max_len: int = 2000) -> list[dict]:
    """The SaudiNewsNet dev articles: at most two speech-verb hits needed,
    bodies of a readable length, at most 4 per source, drawn with ``seed``."""
    pool = [a for a in iter_saudinewsnet(shared_dir)
            if min_len <= len(a.get("content") or "") <= max_len
            and len(_SPEECH.findall(a["content"])) >= 2]
    pool.sort(key=lambda a: a["url"])
    rng = random.Random(seed)
    rng.shuffle(pool)
    out: list[dict] = []
    per_source: dict[str, int] = {}
    seen: set[str] = set()
    for a in pool:
        if a["url"] in seen or per_source.get(a["source"], 0) >= 4:
            continue
        seen.add(a["url"])
        per_source[a["source"]] = per_source.get(a["source"], 0) + 1
        out.append(a)
        if len(out) == n:
            break
    return out


BLIND_SEED = 20260414


def select_blind(shared_dir: str, exclude: set[str], n: int = 32, seed: int = BLIND_SEED,
                 per_source: int = 3, per_day: int = 3, min_len: int = 500, max_len: int = 2000) -> list[dict]:
    """A further draw for a blind test set, disjoint from ``exclude`` (urls already used):
    the same eligibility as :func:`select_saudinewsnet`, shuffled with another seed, at most
    ``per_source`` articles per site and ``per_day`` per scrape day, so that no site or day dominates."""
    pool = [a for a in iter_saudinewsnet(shared_dir)
            if a["url"] not in exclude and min_len <= len(a.get("content") or "") <= max_len
            and len(_SPEECH.findall(a["content"])) >= 2]
    pool.sort(key=lambda a: a["url"])
    random.Random(seed).shuffle(pool)
    out: list[dict] = []
    sites: dict[str, int] = {}
    days: dict[str, int] = {}
    seen: set[str] = set()
    for a in pool:
        day = (a.get("date_extracted") or "")[:10]
        if a["url"] in seen or sites.get(a["source"], 0) >= per_source or days.get(day, 0) >= per_day:
            continue
        seen.add(a["url"])
        sites[a["source"]] = sites.get(a["source"], 0) + 1
        days[day] = days.get(day, 0) + 1
        out.append(a)
        if len(out) == n:
            break
    return out


def load_articles_by_url(shared_dir: str, urls: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for a in iter_saudinewsnet(shared_dir):
        if a["url"] in urls and a["url"] not in found:
            found[a["url"]] = a["content"]
    return found
