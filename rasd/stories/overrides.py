"""Analysts' corrections: move an article to another story, split articles off into a new story.

Both are recorded in the store's override log and pin the articles they
touch (and stories made by a split are never merged again automatically), so
later ingest runs extend stories around the corrections instead of undoing
them.  The stories involved are rebuilt from their members.
"""

from __future__ import annotations

import json

from rasd.store import Store
from rasd.stories.cluster import CENTROID_ENTS, CENTROID_TERMS, CENTROID_TITLE, Story, _date, story_id_for
from rasd.stories.vectors import add_into, truncate


class OverrideError(ValueError):
    pass


def rebuild(store: Store, story_id: str, *, seq: int | None = None, pinned: bool | None = None,
            heir: str | None = None) -> Story | None:
    """Recompute a story from its members; an emptied story is removed and its id kept as an alias of heir."""
    members = store.story_members(story_id)
    old = store.story_rows([story_id]).get(story_id)
    if not members:
        if old is not None:
            store.delete_story_row(story_id)
            if heir:
                store.add_story_alias(story_id, heir)
        return None
    s = Story(story_id, old["seq"] if old else (seq if seq is not None else store.next_story_seq()),
              pinned=bool(old["pinned"]) if old and pinned is None else bool(pinned))
    arts = store.get_articles(m["article_id"] for m in members)
    for m in members:
        a = arts.get(m["article_id"])
        s.n_articles += 1
        src = (a.source if a else None) or ""
        s.sources[src] = s.sources.get(src, 0) + 1
        s.add_dates(_date(m["date"]))
        for e in a.entities if a else []:
            if e.get("entity_id"):
                info = s.ent_info.setdefault(e["entity_id"], [0, e.get("canonical") or e.get("text"), e.get("type")])
                info[0] += 1
        if not m["is_copy"]:
            s.n_unique += 1
            add_into(s.body, json.loads(m["vec"]))
            add_into(s.title_vec, json.loads(m["title_vec"]))
            add_into(s.ents, json.loads(m["ents"]))
    s.body = truncate(s.body, CENTROID_TERMS)
    s.title_vec = truncate(s.title_vec, CENTROID_TITLE)
    s.ents = truncate(s.ents, CENTROID_ENTS)
    s.refresh()
    from rasd.stories.cluster import central_title

    central_title(store, s)
    store.save_story_rows([s.row()])
    return s


def _article_id(store: Store, article_id: str) -> str:
    a = store.get_article(article_id)
    if a is None:
        raise OverrideError(f"no article {article_id!r}")
    if store.story_member(a.id) is None:
        raise OverrideError(f"article {a.id} has no story (was it ingested with stories off?)")
    return a.id


def move(store: Store, article_id: str, story_id: str) -> tuple[str, str]:
    """Move an article (and the copies that follow it) to another story; returns (from, to)."""
    aid = _article_id(store, article_id)
    target = store.resolve_story_id(story_id)
    if target is None:
        raise OverrideError(f"no story {story_id!r}")
    source = store.resolve_story_id(store.story_member(aid)["story_id"]) or store.story_member(aid)["story_id"]
    if source == target:
        return source, target
    ids = [aid] + [r.id for r in store.copies_of(aid) if (store.story_member(r.id) or {}).get("story_id") == source]
    store.move_story_members(ids, target, pinned=True)
    store.add_story_override("move", aid, target, json.dumps({"from": source}))
    rebuild(store, source, heir=target)
    rebuild(store, target)
    store.commit()
    return source, target


def split(store: Store, story_id: str, article_ids: list[str]) -> str:
    """Split articles (with their copies) off a story into a new story; returns the new story's id."""
    source = store.resolve_story_id(story_id)
    if source is None:
        raise OverrideError(f"no story {story_id!r}")
    ids: list[str] = []
    for x in article_ids:
        aid = _article_id(store, x)
        m = store.story_member(aid)
        if (store.resolve_story_id(m["story_id"]) or m["story_id"]) != source:
            raise OverrideError(f"article {aid} is not in story {source}")
        ids.append(aid)
        ids += [r.id for r in store.copies_of(aid) if (store.story_member(r.id) or {}).get("story_id") == source
                and r.id not in ids]
    if len(set(ids)) == len(store.story_members(source)):
        raise OverrideError("that would move every article of the story: nothing to split")
    new_id = story_id_for(min(article_ids_resolved := sorted(set(ids))), salt="split:" + source)
    store.move_story_members(article_ids_resolved, new_id, pinned=True)
    store.add_story_override("split", None, new_id, json.dumps({"from": source, "articles": article_ids_resolved}))
    rebuild(store, new_id, pinned=True)
    # the story left behind is pinned too: the two must not drift back together by an automatic merge
    rebuild(store, source, pinned=True)
    store.commit()
    return new_id
