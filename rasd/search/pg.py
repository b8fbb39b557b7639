"""Full-text search inside PostgreSQL, for the server store: same analysis, same queries, same answers.

The embedded store keeps a tantivy index beside its file; a PostgreSQL store
is shared by several machines, so its index lives in the database: one row
per article in ``search_docs`` holding the very fields
:func:`rasd.search.analysis.index_doc` produces (light stems of title and
body, normalised words for phrases, name terms), as ``tsvector`` columns of
the ``simple`` configuration (no stemming or stop words of its own: the text
is already analysed) with GIN indexes.  Why not the server's ``arabic``
snowball configuration: it stems differently from the embedded index, so the
two backends would answer the same query differently (measured in
docs/benchmarks.md).

Every user word reaches SQL as a bound parameter of ``plainto_tsquery`` /
``phraseto_tsquery``, which read it as plain text (no tsquery operators).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rasd.search.analysis import ParsedQuery, index_doc, name_keys, stem
from rasd.search.index import day_bound, pub_key
from rasd.store.base import Store

MAX_NAME_SPAN = 4
_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS search_docs (
        seq BIGINT PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        text_v tsvector NOT NULL,
        words_v tsvector NOT NULL,
        names TEXT[] NOT NULL,
        source TEXT NOT NULL,
        lang TEXT NOT NULL,
        pub BIGINT NOT NULL,
        copy SMALLINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_docs_text ON search_docs USING GIN (text_v)",
    "CREATE INDEX IF NOT EXISTS search_docs_words ON search_docs USING GIN (words_v)",
    "CREATE INDEX IF NOT EXISTS search_docs_names ON search_docs USING GIN (names)",
    "CREATE INDEX IF NOT EXISTS search_docs_pub ON search_docs (pub)",
]
# One weighted vector (A = title, B = body) that the GIN index covers and ts_rank reads: title matches weigh more.
_INSERT = ("INSERT INTO search_docs (seq, id, text_v, words_v, names, source, lang, pub, copy) VALUES "
           "(%s, %s, setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'), "
           "to_tsvector('simple', %s), %s, %s, %s, %s, %s) "
           "ON CONFLICT (seq) DO UPDATE SET id=excluded.id, text_v=excluded.text_v, "
           "words_v=excluded.words_v, names=excluded.names, source=excluded.source, lang=excluded.lang, "
           "pub=excluded.pub, copy=excluded.copy")


@dataclass
class PgSearchIndex:
    """The search index of a PostgreSQL store; the same methods as the tantivy ``SearchIndex``."""

    store: Any
    _lock: threading.RLock = field(default_factory=threading.RLock)

    def __post_init__(self) -> None:
        import psycopg

        # Its own connection: the index outlives the store object it was opened with (the API opens a
        # store per request), and tsvector SQL is PostgreSQL's own, not the portable store dialect.
        self._raw = psycopg.connect(self.store.url, autocommit=True)
        self.store = None  # keep no reference to a store that will be closed
        for stmt in _SCHEMA:
            self._raw.execute(stmt)

    # --- writing --------------------------------------------------------------
    def max_seq(self) -> int:
        return int(self._raw.execute("SELECT coalesce(max(seq), 0) FROM search_docs").fetchone()[0])

    def _rows(self, items) -> list[tuple]:
        rows = []
        for seq, a in items:
            d = index_doc(a.title, a.text, a.entities)
            rows.append((seq, a.id, d.title, d.body, d.words, d.names.split(), a.source or "", a.lang or "",
                         pub_key(a.published), 1 if a.duplicate_of else 0))
        return rows

    def _write(self, items, progress: Callable[[int], None] | None = None) -> int:
        n = 0
        batch: list[tuple[int, Any]] = []
        with self._lock:  # a threading.RLock: update() holds it too
            for item in items:
                batch.append(item)
                if len(batch) >= 500:
                    n += self._flush(batch)
                    if progress:
                        progress(n)
            n += self._flush(batch)
        return n

    def _flush(self, batch: list) -> int:
        if not batch:
            return 0
        rows = self._rows(batch)
        with self._raw.transaction(), self._raw.cursor() as cur:
            cur.executemany(_INSERT, rows)
        batch.clear()
        return len(rows)

    def update(self, store: Store, progress: Callable[[int], None] | None = None, commit: bool = True) -> int:
        """As the tantivy index's; every batch is committed at once (``commit`` has nothing to defer)."""
        with self._lock:
            after = self.max_seq()
        if store.max_seq() <= after:
            return 0
        return self._write(store.iter_articles_after(after), progress)

    def refresh(self, store: Store, ids: list[str]) -> int:
        return self._write(store.articles_with_seq(ids))

    def commit(self) -> None:
        """Nothing waits: rows are committed as they are written."""

    def clear(self) -> None:
        with self._lock:
            self._raw.execute("TRUNCATE search_docs")

    def rebuild(self, store: Store, progress: Callable[[int], None] | None = None) -> int:
        self.clear()
        return self.update(store, progress)

    def num_docs(self) -> int:
        with self._lock:
            return int(self._raw.execute("SELECT count(*) FROM search_docs").fetchone()[0])

    def close(self) -> None:
        self._raw.close()

    # --- reading --------------------------------------------------------------
    def _has_name(self, key: str) -> bool:
        return self._raw.execute("SELECT 1 FROM search_docs WHERE names @> ARRAY[%s]::text[] LIMIT 1",
                                 (key,)).fetchone() is not None

    def name_groups(self, terms: list[str]) -> list[tuple[list[str], list[str]]]:
        """As the tantivy engine's: query words in runs, longest first, with the name keys each run spells."""
        out: list[tuple[list[str], list[str]]] = []
        i = 0
        while i < len(terms):
            for n in range(min(MAX_NAME_SPAN, len(terms) - i), 0, -1):
                run = terms[i:i + n]
                keys = [k for k in name_keys(" ".join(run))[:1] if self._has_name(k)]
                if keys or n == 1:
                    out.append((run, keys))
                    i += n
                    break
        return out

    def query(self, pq: ParsedQuery, filters: Any, collapse: bool, story_ids: list[str] | None, by_date: bool,
              limit: int, offset: int) -> tuple[int, list[tuple[str, float | None]], list[str]]:
        """(total, [(id, score)], name keys used) for a parsed query and filters."""
        with self._lock:  # one connection, several server threads
            return self._query(pq, filters, collapse, story_ids, by_date, limit, offset)

    def _query(self, pq: ParsedQuery, filters: Any, collapse: bool, story_ids: list[str] | None, by_date: bool,
               limit: int, offset: int) -> tuple[int, list[tuple[str, float | None]], list[str]]:
        where: list[str] = []
        params: list[Any] = []
        used: list[str] = []
        stems: list[str] = []
        for run, keys in self.name_groups(pq.terms):
            words = []
            for w in run:
                words.append("text_v @@ plainto_tsquery('simple', %s)")
                params.append(stem(w))
                stems.append(stem(w))
            clause = " AND ".join(words)
            if keys:
                used += keys
                clause = f"(({clause}) OR names && %s::text[])"
                params.append(keys)
            where.append(clause)
        for phrase in pq.phrases:
            where.append("words_v @@ phraseto_tsquery('simple', %s)")
            params.append(" ".join(phrase))
        for w in pq.excluded:
            where.append("NOT (text_v @@ plainto_tsquery('simple', %s))")
            params.append(stem(w))
        if filters.source:
            where.append("source = %s")
            params.append(filters.source)
        if filters.lang:
            where.append("lang = %s")
            params.append(filters.lang)
        if filters.entity:
            where.append("names @> ARRAY[%s]::text[]")
            params.append(filters.entity)
        if filters.since:
            where.append("pub >= %s")
            params.append(day_bound(filters.since, False))
        if filters.until:
            where.append("pub <= %s")
            params.append(day_bound(filters.until, True))
        if story_ids is not None:
            where.append("id = ANY(%s::text[])")
            params.append(story_ids)
        if collapse:
            where.append("copy = 0")
        cond = " AND ".join(where) or "TRUE"
        total = int(self._raw.execute(f"SELECT count(*) FROM search_docs WHERE {cond}", params).fetchone()[0])
        if by_date or not stems:
            rows = self._raw.execute(f"SELECT id, NULL FROM search_docs WHERE {cond} ORDER BY pub DESC, seq DESC "
                                     "LIMIT %s OFFSET %s", [*params, limit, offset]).fetchall()
        else:
            rank = "ts_rank(text_v, plainto_tsquery('simple', %s), 1)"
            rows = self._raw.execute(f"SELECT id, {rank} AS score FROM search_docs WHERE {cond} "
                                     "ORDER BY score DESC, seq LIMIT %s OFFSET %s",
                                     [" ".join(stems), *params, limit, offset]).fetchall()
        return total, [(r[0], None if r[1] is None else float(r[1])) for r in rows], used
