"""Search: a parsed query and filters in, ranked (or dated) articles with snippets out.

Every query word must match, as a light stem, in the title (weighted 2) or
the body; a quoted phrase must appear as written (normalised, unstemmed);
a run of query words that is a name also matches every article that
mentions that name in another spelling (transliteration keys of the
resolved mentions, ``rasd/entities/resolve.py``).  User text only ever
reaches tantivy as terms built from normalised tokens, and SQLite as bound
parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import tantivy

from rasd.model import Article
from rasd.search.analysis import ParsedQuery, name_keys, parse_query, stem
from rasd.search.index import SearchIndex, day_bound
from rasd.search.snippet import highlight, snippet
from rasd.store.base import Store

Occur = tantivy.Occur
MAX_NAME_SPAN = 4


@dataclass(slots=True)
class Filters:
    source: str | None = None
    since: str | None = None   # ISO date, inclusive
    until: str | None = None   # ISO date, inclusive
    entity: str | None = None  # entity id
    story: str | None = None   # story id (articles.story_id)
    lang: str | None = None


@dataclass(slots=True)
class Hit:
    article: Article
    score: float | None
    snippet: str        # HTML: escaped article text, matches in <mark>
    title_html: str     # the same for the title
    copies: int = 0


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    query: ParsedQuery
    names: list[str] = field(default_factory=list)   # name keys the query was expanded with

    def as_dicts(self) -> list[dict[str, Any]]:
        return [hit_dict(h) for h in self.hits]


def hit_dict(h: Hit) -> dict[str, Any]:
    a = h.article
    return {"id": a.id, "title": a.title, "source": a.source, "url": a.url, "path": a.path, "published": a.published,
            "lang": a.lang, "story_id": a.story_id, "duplicate_of": a.duplicate_of, "snippet": h.snippet,
            "score": None if h.score is None else round(h.score, 4), "copies": h.copies}


def _stem_clause(schema: tantivy.Schema, word: str) -> tantivy.Query:
    s = stem(word)
    return tantivy.Query.boolean_query([
        (Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, "title", s), 2.0)),
        (Occur.Should, tantivy.Query.term_query(schema, "body", s)),
    ])


def _name_groups(searcher: tantivy.Searcher, terms: list[str]) -> list[tuple[list[str], list[str]]]:
    """Split the query words into runs, longest first, each with the name keys
    (present in the index) that the run spells: [(words, keys)]."""
    out: list[tuple[list[str], list[str]]] = []
    i = 0
    while i < len(terms):
        for n in range(min(MAX_NAME_SPAN, len(terms) - i), 0, -1):
            run = terms[i:i + n]
            keys = [k for k in name_keys(" ".join(run))[:1] if searcher.doc_freq("names", k) > 0]
            if keys or n == 1:
                out.append((run, keys))
                i += n
                break
    return out


def build_query(index: SearchIndex, searcher: tantivy.Searcher, pq: ParsedQuery, filters: Filters, collapse: bool,
                story_ids: list[str] | None) -> tuple[tantivy.Query, list[str]]:
    schema = index.schema
    must: list[tuple[Any, tantivy.Query]] = []
    used_keys: list[str] = []
    for run, keys in _name_groups(searcher, pq.terms):
        words_q = [_stem_clause(schema, w) for w in run]
        clause = words_q[0] if len(words_q) == 1 else tantivy.Query.boolean_query([(Occur.Must, q) for q in words_q])
        if keys:
            used_keys += keys
            names = [tantivy.Query.boost_query(tantivy.Query.term_query(schema, "names", k), 1.5) for k in keys]
            clause = tantivy.Query.boolean_query([(Occur.Should, clause)] + [(Occur.Should, q) for q in names])
        must.append((Occur.Must, clause))
    for phrase in pq.phrases:
        must.append((Occur.Must, tantivy.Query.phrase_query(schema, "words", phrase)))
    for w in pq.excluded:
        must.append((Occur.MustNot, _stem_clause(schema, w)))

    # Filters narrow without scoring.
    def filt(q: tantivy.Query) -> None:
        must.append((Occur.Must, tantivy.Query.const_score_query(q, 0.0)))

    if filters.source:
        filt(tantivy.Query.term_query(schema, "source", filters.source))
    if filters.lang:
        filt(tantivy.Query.term_query(schema, "lang", filters.lang))
    if filters.entity:
        filt(tantivy.Query.term_query(schema, "names", filters.entity))
    if filters.since or filters.until:
        filt(tantivy.Query.range_query(schema, "pub", tantivy.FieldType.Integer,
                                       day_bound(filters.since, False) if filters.since else None,
                                       day_bound(filters.until, True) if filters.until else None))
    if story_ids is not None:
        filt(tantivy.Query.term_set_query(schema, "id", story_ids) if story_ids else tantivy.Query.empty_query())
    if collapse:
        must.append((Occur.MustNot, tantivy.Query.term_query(schema, "copy", 1)))
    if not any(o == Occur.Must for o, _ in must):
        must.append((Occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(must), used_keys


def search(store: Store, index: SearchIndex, q: str | None = None, *, filters: Filters | None = None,
           sort: str = "relevance", limit: int = 20, offset: int = 0, collapse: bool = True) -> SearchResult:
    """Search the store's articles.  ``sort`` is ``relevance`` (BM25; the newest first when there is
    no query) or ``date`` (newest first).  With ``collapse``, exact copies are left out and counted
    on their canonical article (``copies``)."""
    filters = filters or Filters()
    pq = parse_query(q)
    story_ids = store.story_article_ids(filters.story) if filters.story else None
    by_date = sort == "date" or pq.empty
    if hasattr(index, "query"):  # the PostgreSQL store's index answers in SQL (rasd/search/pg.py)
        total, ranked, keys = index.query(pq, filters, collapse, story_ids, by_date, limit, offset)
    else:
        searcher = index.searcher()
        query, keys = build_query(index, searcher, pq, filters, collapse, story_ids)
        if by_date:
            res = searcher.search(query, limit, count=True, order_by_field="pub", offset=offset)
        else:
            res = searcher.search(query, limit, count=True, offset=offset)
        ranked = [(searcher.doc(addr)["id"][0], None if by_date else float(score)) for score, addr in res.hits]
        total = res.count
    arts = store.get_articles((i for i, _ in ranked), light=True)
    copies = store.copy_counts(arts) if collapse else {}
    hits = []
    keyset = set(keys)
    for aid, score in ranked:
        a = arts.get(aid)
        if a is None:  # deleted from the store since it was indexed
            continue
        extra = _name_spans(a, keyset, filters.entity)
        hits.append(Hit(a, score, snippet(a.text, pq, extra), highlight(a.title or "", pq), copies.get(aid, 0)))
    return SearchResult(total, hits, pq, keys)


def _name_spans(a: Article, keys: set[str], entity: str | None) -> list[tuple[int, int]]:
    """Offsets of the mentions the query matched as a name (or the filtered entity), for highlighting."""
    if not keys and not entity:
        return []
    out = []
    for m in a.entities:
        if (entity and m.get("entity_id") == entity) or \
                (keys and not keys.isdisjoint(name_keys(m.get("text") or "") + name_keys(m.get("canonical") or ""))):
            out.append((m["start"], m["end"]))
    return out
