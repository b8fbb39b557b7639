"""The read API over stories: what the CLI, the export and the web UI/REST API call.

    list_stories(store, since=None, q=None, limit=50, offset=0) -> (total, [story summary])
    get_story(store, story_id) -> the export-stories object + volume, who_said_what, articles, aliases
    story_of(store, article_id) -> story id or None
"""

from __future__ import annotations

import json
from typing import Any

from rasd.model import Article
from rasd.store import Store
from rasd.summarise import summarise, timeline, who_said_what
from rasd.text.arabic import light_stem, normalize, words

TOP_ENTITIES = 10
SUMMARY_ARTICLES = 40   # the summary and timeline read the most central articles of a big story, not all of them
WHO_ARTICLES = 200
ACTOR_TYPES = ("PER", "ORG", "LOC")


def _top_entities(row: dict[str, Any], n: int = TOP_ENTITIES) -> list[dict[str, Any]]:
    info = json.loads(row["ent_info"])
    # the actors: people, organisations and places (MISC mentions such as الله or القرآن are everywhere)
    items = sorted(((eid, v) for eid, v in info.items() if v[2] in ACTOR_TYPES),
                   key=lambda kv: (-kv[1][0], kv[0]))[:n]
    return [{"entity_id": eid, "name": v[1], "type": v[2], "count": v[0]} for eid, v in items]


def _volume(store: Store, story_id: str) -> list[dict[str, Any]]:
    return [{"date": d, "count": c} for d, c in store.story_volume(story_id)]


def _brief(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    return {"story_id": row["story_id"], "title": row["title"], "first_date": row["first_date"], "last_date": row["last_date"],
            "article_count": row["n_articles"], "source_count": row["n_sources"], "top_entities": _top_entities(row, 5),
            "volume": _volume(store, row["story_id"])}


def _query_terms(q: str | None) -> list[str]:
    """Stems of the query words: each must be in a story's search text (normalised title, top stems, entity names)."""
    if not q:
        return []
    return [light_stem(w) for w in words(normalize(q))] or [normalize(q)]


def list_stories(store: Store, since: str | None = None, q: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """Stories, latest first: (total matching, page of {story_id, title, first_date, last_date,
    article_count, source_count, top_entities, volume})."""
    total, rows = store.list_story_rows(since, _query_terms(q), limit, offset)
    return total, [_brief(store, r) for r in rows]


def story_of(store: Store, article_id: str) -> str | None:
    m = store.story_member(article_id)
    if m is None:
        a = store.get_article(article_id)
        if a is None:
            return None
        m = store.story_member(a.id)
        if m is None:
            return a.story_id
    return store.resolve_story_id(m["story_id"]) or m["story_id"]


def _story_articles(store: Store, story_id: str) -> tuple[list[dict[str, Any]], dict[str, Article]]:
    members = store.story_members(story_id)
    arts = store.get_articles(m["article_id"] for m in members)
    return members, arts


def story_object(store: Store, story_id: str, full: bool = True) -> dict[str, Any] | None:
    """The export-stories object (full=False) or, with full=True, everything `rasd story` and the UI show."""
    sid = store.resolve_story_id(story_id)
    if sid is None:
        return None
    row = store.story_rows([sid])[sid]
    members, arts = _story_articles(store, sid)
    ordered = [arts[m["article_id"]] for m in members if m["article_id"] in arts]
    ordered.sort(key=lambda a: ((a.published or "9999")[:19], a.id))
    originals = [arts[m["article_id"]] for m in members if not m["is_copy"] and m["article_id"] in arts]
    centroid = json.loads(row["body"])
    # most central first: the summary of a big story reads its core, and ties go to earlier articles
    from rasd.stories.vectors import cosine

    vecs = {m["article_id"]: json.loads(m["vec"]) for m in members}
    central = sorted(originals, key=lambda a: (-cosine(vecs.get(a.id, {}), centroid), a.published or "", a.id))
    core = central[:SUMMARY_ARTICLES]
    sources = json.loads(row["sources"])
    obj: dict[str, Any] = {
        "story_id": sid, "title": row["title"], "first_date": row["first_date"], "last_date": row["last_date"],
        "article_ids": [a.id for a in ordered],
        "sources": [s for s, _ in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])) if s],
        "top_entities": _top_entities(row),
        "summary": [{k: s[k] for k in ("text", "article_id", "start", "end")} for s in summarise(core, centroid)],
        "timeline": [{k: e[k] for k in ("date", "text", "article_id", "start", "end")} for e in timeline(core)],
    }
    if full:
        obj["volume"] = _volume(store, sid)
        obj["who_said_what"] = who_said_what(central[:WHO_ARTICLES])
        obj["articles"] = [{"id": a.id, "title": a.title, "source": a.source, "published": a.published,
                            "duplicate_of": a.duplicate_of} for a in ordered]
        obj["aliases"] = store.story_aliases(sid)
        obj["article_count"] = row["n_articles"]
        obj["source_count"] = row["n_sources"]
    return obj


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """A story by id, alias or unique prefix: the export-stories object plus volume, who_said_what,
    articles and aliases; None when there is no such story."""
    return story_object(store, story_id, full=True)
