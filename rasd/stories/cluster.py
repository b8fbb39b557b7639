"""Online clustering of articles into stories (after Miranda et al. 2018, "Multilingual Clustering of Streaming News").

Each new article is compared with the centroids of the stories an index
proposes, never with every story: an inverted index from the heaviest terms
and the entities of each *active* story (one whose dates are within a window
of the article's) to the story.  The similarity combines, with a few tuned
weights,

    (cos(body) + w_title · cos(title) + w_ent · cos(entities)) · exp(−Δdays / τ)

where Δ is the distance from the article's date to the story's date range.
The article joins the best story when that reaches ``threshold``; otherwise
it opens a new story.  When an article reaches two stories that have grown
alike, the younger is merged into the older and its id kept as an alias.

Everything runs in the ingest's main process in input order, so the same
input in the same order gives the same stories whatever the number of
workers, and state lives in the store (centroids, members, document
frequencies), so two runs give what one run over the same input gives.
Stories ids are a hash of the article that opened them: stable across runs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rasd.model import Article, stable_hash
from rasd.store import Store
from rasd.stories.vectors import ArticleVectors, DocFreq, add_into, article_vectors, cosine, norm, truncate
from rasd.text.arabic import normalize


@dataclass(frozen=True, slots=True)
class Params:
    # Tuned by scripts/tune_stories.py on eval/stories_gold.jsonl: BCubed F1 is flat (0.90-0.92) over
    # threshold 0.3-0.4, w_title 0.3-0.6, tau 3-8; these sit inside that plateau rather than on its best point.
    w_title: float = 0.6
    w_ent: float = 0.3
    tau: float = 8.0          # days for the time decay to fall to 1/e
    threshold: float = 0.35   # below this the article opens a new story
    merge: float = 0.6        # two stories at least this alike (same formula, centroid to centroid) merge
    window: int = 10          # days: stories further away are not candidates


DEFAULT = Params()
CENTROID_TERMS = 150
CENTROID_TITLE = 40
CENTROID_ENTS = 40
INDEX_BODY, INDEX_TITLE, INDEX_ENTS = 25, 10, 15   # a story is found by these many of its terms
QUERY_BODY = 15                                    # an article looks with these many of its body terms
MAX_CANDIDATES = 50


def story_id_for(article_id: str, salt: str = "story") -> str:
    return "s" + stable_hash(salt, article_id, size=6)


def _date(published: str | None) -> dt.date | None:
    if not published or len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(slots=True)
class Story:
    story_id: str
    seq: int
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    n_articles: int = 0
    n_unique: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    body: dict[str, float] = field(default_factory=dict)
    title_vec: dict[str, float] = field(default_factory=dict)
    ents: dict[str, float] = field(default_factory=dict)
    ent_info: dict[str, list] = field(default_factory=dict)  # entity_id -> [mentions, name, type]
    title: str | None = None
    title_article: str | None = None
    pinned: bool = False
    norms: tuple[float, float, float] = (0.0, 0.0, 0.0)
    indexed: frozenset[str] = frozenset()

    def refresh(self) -> None:
        self.norms = (norm(self.body), norm(self.title_vec), norm(self.ents))

    def index_terms(self) -> frozenset[str]:
        def top(v: Mapping[str, float], k: int) -> list[str]:
            return [t for t, _ in sorted(v.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
        return frozenset(top(self.body, INDEX_BODY) + top(self.title_vec, INDEX_TITLE) + top(self.ents, INDEX_ENTS))

    def add_dates(self, d: dt.date | None) -> None:
        if d is None:
            return
        self.first_date = d if self.first_date is None else min(self.first_date, d)
        self.last_date = d if self.last_date is None else max(self.last_date, d)

    def days_from(self, d: dt.date | None) -> int:
        if d is None or self.first_date is None or self.last_date is None:
            return 0
        if d < self.first_date:
            return (self.first_date - d).days
        if d > self.last_date:
            return (d - self.last_date).days
        return 0

    def row(self) -> dict[str, Any]:
        # what `rasd stories --q` matches: the title, the heaviest stems and the entities' names (all normalised)
        top = [t for t, _ in sorted(self.body.items(), key=lambda kv: (-kv[1], kv[0]))[:40]]
        names = [normalize(str(v[1])) for v in self.ent_info.values() if v[1]]
        search = " ".join([normalize(self.title or ""), *top, *names])
        return {"story_id": self.story_id, "seq": self.seq, "title": self.title, "title_article": self.title_article,
                "first_date": _iso(self.first_date), "last_date": _iso(self.last_date), "n_articles": self.n_articles,
                "n_unique": self.n_unique, "n_sources": len(self.sources), "sources": _j(self.sources),
                "body": _j(self.body), "title_vec": _j(self.title_vec), "ents": _j(self.ents),
                "ent_info": _j(self.ent_info), "search": search, "pinned": int(self.pinned)}

    @classmethod
    def from_row(cls, r: Mapping[str, Any]) -> Story:
        s = cls(r["story_id"], r["seq"], _date(r["first_date"]), _date(r["last_date"]), r["n_articles"], r["n_unique"],
                json.loads(r["sources"]), json.loads(r["body"]), json.loads(r["title_vec"]), json.loads(r["ents"]),
                json.loads(r["ent_info"]), r["title"], r["title_article"], bool(r["pinned"]))
        s.refresh()
        return s


def _j(x: Any) -> str:
    return json.dumps(x, ensure_ascii=False)


def similarity(v: ArticleVectors, s: Story, days: int, p: Params) -> float:
    nb, nt, ne = s.norms
    # article vectors are unit length (or empty): only the centroid's norm is needed
    sim = cosine(v.body, s.body, nb, 1.0) + p.w_title * cosine(v.title, s.title_vec, nt, 1.0) \
        + p.w_ent * cosine(v.ents, s.ents, ne, 1.0)
    return sim * math.exp(-days / p.tau)


def story_similarity(a: Story, b: Story, p: Params) -> float:
    if a.first_date and b.first_date and a.last_date and b.last_date:
        days = max(0, (b.first_date - a.last_date).days, (a.first_date - b.last_date).days)
    else:
        days = 0
    sim = (cosine(a.body, b.body, b.norms[0]) + p.w_title * cosine(a.title_vec, b.title_vec, b.norms[1])
           + p.w_ent * cosine(a.ents, b.ents, b.norms[2]))
    return sim * math.exp(-days / p.tau)


class StoryEngine:
    """Assigns stories to articles as the ingest stores them; one per run (state is in the store)."""

    def __init__(self, store: Store, params: Params = DEFAULT) -> None:
        self.store = store
        self.p = params
        docs, df = store.term_df()
        self.df = DocFreq(docs, df)
        self.active: dict[str, Story] = {}
        self.index: dict[str, set[str]] = {}
        self.dirty: set[str] = set()
        self.lo: dt.date | None = None
        self.hi: dt.date | None = None
        self.max_date: dt.date | None = None
        self.undated_loaded = False
        self.next_seq = store.next_story_seq()
        self.member_seq = store.next_member_seq() - 1
        self.members: list[dict[str, Any]] = []
        self.merged = 0

    # --- state in memory ---------------------------------------------------------
    def _activate(self, s: Story) -> None:
        if s.story_id in self.active:
            return
        self.active[s.story_id] = s
        s.indexed = s.index_terms()
        for t in s.indexed:
            self.index.setdefault(t, set()).add(s.story_id)

    def _deactivate(self, sid: str) -> None:
        s = self.active.pop(sid, None)
        if s is None:
            return
        for t in s.indexed:
            ids = self.index.get(t)
            if ids is not None:
                ids.discard(sid)
                if not ids:
                    del self.index[t]

    def _reindex(self, s: Story) -> None:
        new = s.index_terms()
        for t in s.indexed - new:
            ids = self.index.get(t)
            if ids is not None:
                ids.discard(s.story_id)
                if not ids:
                    del self.index[t]
        for t in new - s.indexed:
            self.index.setdefault(t, set()).add(s.story_id)
        s.indexed = new

    def _load_rows(self, rows: list[dict[str, Any]]) -> None:
        for r in rows:
            if r["story_id"] not in self.active:
                self._activate(Story.from_row(r))

    def _ensure_loaded(self, d: dt.date | None) -> None:
        """Every stored story within the window of d is in memory (so candidates never depend on what was evicted)."""
        if not self.undated_loaded:
            self._load_rows(self.store.undated_story_rows())
            self.undated_loaded = True
        if d is None:
            return
        w = dt.timedelta(days=self.p.window)
        lo, hi = d - w, d + w
        if self.lo is None or self.hi is None:
            self._load_rows(self.store.story_rows_overlapping(lo.isoformat(), hi.isoformat()))
            self.lo, self.hi = lo, hi
            return
        if lo < self.lo:
            self._load_rows(self.store.story_rows_overlapping(lo.isoformat(), (self.lo - dt.timedelta(days=1)).isoformat()))
            self.lo = lo
        if hi > self.hi:
            self._load_rows(self.store.story_rows_overlapping((self.hi + dt.timedelta(days=1)).isoformat(), hi.isoformat()))
            self.hi = hi

    def _story(self, sid: str) -> Story | None:
        sid = self.store.resolve_story_id(sid) or sid
        s = self.active.get(sid)
        if s is None:
            row = self.store.story_rows([sid]).get(sid)
            if row is None:
                return None
            s = Story.from_row(row)
            self._activate(s)
        return s

    # --- the online step -------------------------------------------------------------
    def assign(self, a: Article) -> str:
        """The story of a new article (called before the article is stored); copies follow their canonical."""
        d = _date(a.published)
        if d and (self.max_date is None or d > self.max_date):
            self.max_date = d
        self._ensure_loaded(d)
        if a.duplicate_of:
            member = self.store.story_member(a.duplicate_of) or next(
                (m for m in self.members if m["article_id"] == a.duplicate_of), None)
            s = self._story(member["story_id"]) if member else None
            if s is not None:
                self._add_copy(s, a, d)
                return s.story_id
        v = article_vectors(a.title, a.text, a.entities, self.df)
        self.df.add(v.terms)
        scored = self._score(v, d)
        if scored and scored[0][0] >= self.p.threshold:
            score, s = scored[0]
            self._join(s, a, v, d, score)
            for other_score, t in scored[1:4]:
                if other_score >= self.p.threshold and not s.pinned and not t.pinned and t.story_id in self.active \
                        and story_similarity(t, s, self.p) >= self.p.merge:
                    s = self._merge(s, t)
            return s.story_id
        s = Story(story_id_for(a.id), self.next_seq)
        self.next_seq += 1
        self._join(s, a, v, d, 1.0)
        self._activate(s)
        return s.story_id

    def _score(self, v: ArticleVectors, d: dt.date | None) -> list[tuple[float, Story]]:
        query = [t for t, _ in sorted(v.body.items(), key=lambda kv: (-kv[1], kv[0]))[:QUERY_BODY]]
        query += list(v.title) + list(v.ents)
        hits: Counter = Counter()
        for t in set(query):
            for sid in self.index.get(t, ()):
                hits[sid] += 1
        cands = []
        for sid, h in hits.items():
            s = self.active[sid]
            days = s.days_from(d)
            if days <= self.p.window:
                cands.append((-h, s.seq, s, days))
        cands.sort(key=lambda c: (c[0], c[1]))
        scored = [(similarity(v, s, days, self.p), s) for _, _, s, days in cands[:MAX_CANDIDATES]]
        scored.sort(key=lambda x: (-x[0], x[1].seq))
        return scored

    def _member(self, s: Story, a: Article, d: dt.date | None, score: float, copy: bool,
                v: ArticleVectors | None) -> None:
        self.member_seq += 1
        self.members.append({"article_id": a.id, "story_id": s.story_id, "seq": self.member_seq, "date": _iso(d), "score": round(score, 4),
                             "is_copy": int(copy), "pinned": 0, "vec": _j(v.body if v else {}),
                             "title_vec": _j(v.title if v else {}), "ents": _j(v.ents if v else {})})

    def _count(self, s: Story, a: Article, d: dt.date | None) -> None:
        s.n_articles += 1
        src = a.source or ""
        s.sources[src] = s.sources.get(src, 0) + 1
        s.add_dates(d)
        for e in a.entities:
            eid = e.get("entity_id")
            if not eid:
                continue
            info = s.ent_info.get(eid)
            if info is None:
                s.ent_info[eid] = [1, e.get("canonical") or e.get("text"), e.get("type")]
            else:
                info[0] += 1
        self.dirty.add(s.story_id)

    def _add_copy(self, s: Story, a: Article, d: dt.date | None) -> None:
        self._count(s, a, d)
        self._member(s, a, d, 1.0, True, None)

    def _join(self, s: Story, a: Article, v: ArticleVectors, d: dt.date | None, score: float) -> None:
        self._count(s, a, d)
        s.n_unique += 1
        add_into(s.body, v.body)
        add_into(s.title_vec, v.title)
        add_into(s.ents, v.ents)
        s.body = truncate(s.body, CENTROID_TERMS)
        s.title_vec = truncate(s.title_vec, CENTROID_TITLE)
        s.ents = truncate(s.ents, CENTROID_ENTS)
        s.refresh()
        if s.title is None and a.title:
            s.title, s.title_article = a.title, a.id
        self._member(s, a, d, score, False, v)
        if s.story_id in self.active:
            self._reindex(s)

    def _merge(self, s: Story, t: Story) -> Story:
        """Merge the younger of two stories into the older; the younger id becomes an alias."""
        keep, gone = (s, t) if s.seq < t.seq else (t, s)
        self.flush_members()
        ids = [m["article_id"] for m in self.store.story_members(gone.story_id)]
        self.store.move_story_members(ids, keep.story_id)
        self.store.add_story_alias(gone.story_id, keep.story_id)
        self.store.delete_story_row(gone.story_id)
        keep.n_articles += gone.n_articles
        keep.n_unique += gone.n_unique
        for src, n in gone.sources.items():
            keep.sources[src] = keep.sources.get(src, 0) + n
        keep.add_dates(gone.first_date)
        keep.add_dates(gone.last_date)
        for eid, info in gone.ent_info.items():
            if eid in keep.ent_info:
                keep.ent_info[eid][0] += info[0]
            else:
                keep.ent_info[eid] = list(info)
        add_into(keep.body, gone.body)
        add_into(keep.title_vec, gone.title_vec)
        add_into(keep.ents, gone.ents)
        keep.body = truncate(keep.body, CENTROID_TERMS)
        keep.title_vec = truncate(keep.title_vec, CENTROID_TITLE)
        keep.ents = truncate(keep.ents, CENTROID_ENTS)
        keep.refresh()
        self._deactivate(gone.story_id)
        self.dirty.discard(gone.story_id)
        self.dirty.add(keep.story_id)
        self._reindex(keep)
        self.merged += 1
        return keep

    # --- persistence -------------------------------------------------------------------
    def flush_members(self) -> None:
        if self.members:
            self.store.add_story_members(self.members)
            self.members = []

    def flush(self) -> None:
        """Write what changed (after each window, inside its transaction), then let old stories go."""
        self.flush_members()
        if self.df.pending or self.df.pending_docs:
            self.store.add_term_df(self.df.pending, self.df.pending_docs)
            self.df.pending, self.df.pending_docs = Counter(), 0
        rows = []
        for sid in sorted(self.dirty, key=lambda x: self.active[x].seq if x in self.active else 0):
            s = self.active.get(sid)
            if s is None:
                continue
            if s.n_unique <= 32 or (s.n_unique & (s.n_unique - 1)) == 0:
                central_title(self.store, s)
            rows.append(s.row())
        self.store.save_story_rows(rows)
        self.dirty.clear()
        self._evict()

    def _evict(self) -> None:
        if self.max_date is None:
            return
        cutoff = self.max_date - dt.timedelta(days=3 * self.p.window)
        if self.lo is not None and cutoff > self.lo:
            for sid in [sid for sid, s in self.active.items() if s.last_date is not None and s.last_date < cutoff]:
                self._deactivate(sid)
            self.lo = cutoff


def central_title(store: Store, s: Story) -> None:
    """The story's title is the title of its most central article (closest to the centroid)."""
    members = [m for m in store.story_members(s.story_id) if not m["is_copy"]]
    if not members:
        return
    nb = s.norms[0]
    best = max(members, key=lambda m: (cosine(json.loads(m["vec"]), s.body, nb), -m["seq"]))
    arts = store.get_articles([best["article_id"]])
    a = arts.get(best["article_id"])
    if a is None:
        return
    # an article without a headline is shown by the start of its first paragraph
    s.title, s.title_article = a.title or a.text.split("\n", 1)[0][:120], a.id
