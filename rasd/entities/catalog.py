"""The entity catalogue: every entity with its name, aliases and counts, read from the stored mentions.

Entity ids are keys (type + transliteration key of the full name), so the
catalogue is a pure function of the stored articles: ingesting more
articles extends it without renumbering, and recomputing gives the same ids.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from rasd.model import Article


def catalog(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """One object per entity: {entity_id, name, type, aliases, roles, mention_count, article_count}."""
    types: dict[str, Counter] = defaultdict(Counter)
    names: dict[str, Counter] = defaultdict(Counter)
    aliases: dict[str, Counter] = defaultdict(Counter)
    arts: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        for m in a.entities:
            eid = m.get("entity_id")
            if not eid:
                continue
            types[eid][m["type"]] += 1
            names[eid][m.get("canonical") or m["text"]] += 1
            aliases[eid][m["text"]] += 1
            arts[eid].add(a.id)
    out = []
    for eid, tc in types.items():
        name = max(names[eid].items(), key=lambda kv: (len(kv[0].split()) > 1, kv[1], kv[0]))[0]
        out.append({
            "entity_id": eid, "name": name, "type": tc.most_common(1)[0][0],
            "aliases": sorted(set(aliases[eid]) | set(names[eid])),
            "roles": [], "mention_count": sum(aliases[eid].values()), "article_count": len(arts[eid]),
        })
    out.sort(key=lambda e: (-e["mention_count"], e["entity_id"]))
    return out
