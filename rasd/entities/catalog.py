"""An entity list computed from stored mentions alone (names, aliases, counts by entity_id).

The entity table (``registry.py``) is the full record, with roles and overrides; this
pure function over articles serves lookups that only need ids and aliases (statements
by speaker) and tests.
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
