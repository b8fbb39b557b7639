"""Read models shared by the JSON API and the web pages: articles, entities, statements.

Entities and statements live inside the articles (JSON lists with offsets),
so the catalogue, who-co-occurs-with-whom and statements by speaker are
computed from the stored articles once per state of the store (its newest
insertion and article count) and reused until an ingest adds articles.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from rasd.entities.catalog import catalog
from rasd.entities.resolve import name_key
from rasd.model import Article
from rasd.store.base import ArticleRow, Store
from rasd.text.arabic import normalize


def article_summary(a: Article | ArticleRow, copies: int | None = None) -> dict[str, Any]:
    d = {"id": a.id, "title": a.title, "source": a.source, "url": getattr(a, "url", None), "path": a.path,
         "published": a.published, "lang": a.lang, "story_id": getattr(a, "story_id", None),
         "duplicate_of": a.duplicate_of}
    if copies is not None:
        d["copies"] = copies
    return d


@dataclass
class StatementRow:
    article: dict[str, Any]       # the article's summary
    statement: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        st = self.statement
        return {"article_id": self.article["id"], "article_title": self.article["title"],
                "article_source": self.article["source"], "published": self.article["published"],
                "text": st.get("text"), "start": st.get("start"), "end": st.get("end"), "kind": st.get("kind"),
                "speaker": st.get("speaker"), "speaker_entity_id": st.get("speaker_entity_id"),
                "speaker_role": st.get("speaker_role"), "verb": st.get("verb"), "date": st.get("date")}


@dataclass
class EntityData:
    entities: list[dict[str, Any]] = field(default_factory=list)
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    articles_of: dict[str, list[str]] = field(default_factory=dict)       # entity id -> article ids (ingest order)
    entities_of: dict[str, set[str]] = field(default_factory=dict)        # article id -> entity ids
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)    # article id -> summary
    statements: list[StatementRow] = field(default_factory=list)
    roles: dict[str, Counter] = field(default_factory=dict)               # entity id -> speaker roles

    @classmethod
    def build(cls, articles: Iterable[Article]) -> EntityData:
        d = cls()
        arts: dict[str, list[str]] = defaultdict(list)
        roles: dict[str, Counter] = defaultdict(Counter)
        light = []  # what the catalogue reads, without the texts (one pass over a large store)
        for a in articles:
            if a.entities:
                light.append(SimpleNamespace(id=a.id, entities=a.entities))
            ids = {m["entity_id"] for m in a.entities if m.get("entity_id")}
            if not ids and not a.statements:
                continue
            summ = article_summary(a)
            d.summaries[a.id] = summ
            d.entities_of[a.id] = ids
            for i in ids:
                arts[i].append(a.id)
            for st in a.statements:
                if st.get("kind") == "term" or a.duplicate_of:
                    continue  # an exact copy repeats its canonical's statements: count them once
                d.statements.append(StatementRow(summ, st))
                if st.get("speaker_entity_id") and st.get("speaker_role"):
                    roles[st["speaker_entity_id"]][st["speaker_role"]] += 1
        d.entities = catalog(light)
        d.by_id = {e["entity_id"]: e for e in d.entities}
        d.articles_of = dict(arts)
        d.roles = dict(roles)
        for e in d.entities:  # the catalogue leaves roles to whoever reads statements
            e["roles"] = [r for r, _ in roles.get(e["entity_id"], Counter()).most_common()]
        d.statements.sort(key=lambda r: (r.statement.get("date") or r.article["published"] or "", r.article["id"]))
        return d

    # --- queries ------------------------------------------------------------------
    def find_entities(self, q: str | None = None, type_: str | None = None) -> list[dict[str, Any]]:
        """Entities of a type whose name or any alias is ``q`` in any spelling (or contains it)."""
        out = [e for e in self.entities if not type_ or e["type"] == type_]
        if q:
            key, qn = name_key(q), normalize(q)
            out = [e for e in out if any((key and name_key(al) == key) or qn in normalize(al) for al in e["aliases"])]
        return out

    def speaker_ids(self, speaker: str) -> set[str]:
        """Entity ids a speaker query names: an id, or any spelling of a whole name or a person's family name."""
        if speaker in self.by_id:
            return {speaker}
        key = name_key(speaker)
        if not key:
            return set()
        return {e["entity_id"] for e in self.entities
                if any(name_key(al) == key or (e["type"] == "PER" and name_key(al.split()[-1]) == key)
                       for al in e["aliases"])}

    def find_statements(self, speaker: str | None = None, since: str | None = None, until: str | None = None,
                        q: str | None = None) -> list[StatementRow]:
        ids = self.speaker_ids(speaker) if speaker else set()
        skey = name_key(speaker) if speaker else None
        qn = normalize(q) if q else None
        out = []
        for r in self.statements:
            st = r.statement
            if speaker and st.get("speaker_entity_id") not in ids and name_key(st.get("speaker") or "") != skey:
                continue
            day = (st.get("date") or r.article["published"] or "")[:10]
            if since and day < since:
                continue
            if until and day > until:
                continue
            if qn and qn not in normalize(st.get("text") or ""):
                continue
            out.append(r)
        return out

    def cooccurring(self, entity_id: str, limit: int = 20) -> list[dict[str, Any]]:
        co: Counter = Counter()
        for aid in self.articles_of.get(entity_id, ()):
            co.update(self.entities_of[aid] - {entity_id})
        return [{"entity_id": i, "name": self.by_id[i]["name"], "type": self.by_id[i]["type"], "articles": n}
                for i, n in co.most_common(limit) if i in self.by_id]

    def timeline(self, rows: list[StatementRow]) -> list[tuple[str, int]]:
        """(period, statements) from the first to the last statement, empty periods included:
        days when they span two months or less, else months."""
        days = Counter((r.statement.get("date") or r.article["published"] or "")[:10] for r in rows)
        days = Counter({d: n for d, n in days.items() if len(d) == 10 and d[4] == "-"})
        if not days:
            return []
        try:
            first, last = dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))
        except ValueError:
            return []
        if (last - first).days <= 62:
            return [((first + dt.timedelta(i)).isoformat(), days.get((first + dt.timedelta(i)).isoformat(), 0))
                    for i in range((last - first).days + 1)]
        months: Counter = Counter()
        for d, n in days.items():
            months[d[:7]] += n
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month) and len(out) < 600:
            k = f"{y:04d}-{m:02d}"
            out.append((k, months.get(k, 0)))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out


_cache: dict[str, tuple[tuple[int, int], EntityData]] = {}
_lock = threading.Lock()


def entity_data(store: Store) -> EntityData:
    """The entity read model of a store, rebuilt only when the store has changed."""
    state = (store.max_seq(), store.count_articles())
    with _lock:
        hit = _cache.get(store.location)
        if hit and hit[0] == state:
            return hit[1]
        data = EntityData.build(store.iter_articles())
        _cache[store.location] = (state, data)
        return data
