"""The full-text index: tantivy (embedded, no server), kept beside the store.

Chosen over SQLite FTS5 by measurement on the 31,030 SaudiNewsNet articles
(docs/benchmarks.md): two-word queries p95 0.5 ms against 26 ms, the most
common pairs 50x faster, and a 5x faster build.  Fields hold text
pre-analysed by :mod:`rasd.search.analysis` (tantivy's own tokenizers do not
fold Arabic), split on spaces only.

The index follows the store by insertion sequence: :meth:`SearchIndex.update`
adds every article newer than the newest one it holds, so an ingest killed
between the store's commit and the index's commit is caught up next time,
and adding a document twice cannot happen (its ``seq`` is deleted first).
``rasd reindex`` rebuilds it from the store.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import tantivy

from rasd.model import Article
from rasd.search.analysis import index_doc
from rasd.store.base import Store

# Bump when fields or analysis change: an index of another version is rebuilt.
INDEX_VERSION = 1
_HEAP = 50_000_000


def index_location(store: Store) -> str | None:
    """Where a store's index lives: a folder beside the SQLite file (None for a store without one)."""
    loc = store.location
    if "://" in loc or loc == ":memory:":
        return None
    return loc + ".search"


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_integer_field("seq", stored=True, indexed=True, fast=True)
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("words", tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("names", tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("source", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("lang", tokenizer_name="raw", index_option="basic")
    sb.add_integer_field("pub", indexed=True, fast=True)    # yyyymmddHHMM of `published`, 0 when unknown
    sb.add_integer_field("copy", indexed=True, fast=True)   # 1 for an exact copy (duplicate_of set)
    return sb.build()


def pub_key(published: str | None) -> int:
    """An orderable integer for an ISO date or datetime (local time as written)."""
    if not published:
        return 0
    digits = "".join(c for c in published[:16] if c.isdigit())
    return int(digits.ljust(12, "0")[:12]) if len(digits) >= 8 else 0


def day_bound(date: str, end: bool) -> int:
    """The pub_key range bound of an ISO date (a whole day when ``end``)."""
    k = pub_key(date)
    return k + 2359 if end and date and len(date) <= 10 else k


@dataclass
class SearchIndex:
    path: str
    schema: tantivy.Schema = field(default_factory=_schema)

    def __post_init__(self) -> None:
        meta = os.path.join(self.path, "rasd-index.json")
        ok = os.path.exists(meta) and json.load(open(meta)).get("version") == INDEX_VERSION
        if not ok:
            shutil.rmtree(self.path, ignore_errors=True)
            os.makedirs(self.path)
            tantivy.Index(self.schema, path=self.path)
            with open(meta, "w") as f:
                json.dump({"version": INDEX_VERSION}, f)
        self.index = tantivy.Index.open(self.path)
        self._lock = threading.RLock()
        self._writer: tantivy.IndexWriter | None = None
        self._added_seq = 0   # newest seq added by the open writer (not yet committed)
        self._reloaded = 0.0

    # --- writing --------------------------------------------------------------
    def max_seq(self) -> int:
        self.index.reload()
        s = self.index.searcher()
        if s.num_docs == 0:
            return 0
        res = s.search(tantivy.Query.all_query(), 1, count=False, order_by_field="seq")
        return int(res.hits[0][0]) if res.hits else 0

    def _doc(self, seq: int, a: Article) -> tantivy.Document:
        d = index_doc(a.title, a.text, a.entities)
        return tantivy.Document(id=a.id, seq=seq, title=d.title, body=d.body, words=d.words, names=d.names,
                                source=a.source or "", lang=a.lang or "", pub=pub_key(a.published),
                                copy=1 if a.duplicate_of else 0)

    def update(self, store: Store, progress: Callable[[int], None] | None = None, commit: bool = True) -> int:
        """Index every article of ``store`` the index does not have yet; returns how many.

        With ``commit=False`` the writer stays open and the documents become searchable at the
        next commit (an ingest commits every few windows: each commit writes a segment that
        later has to be merged).  Uncommitted documents lost to a crash are re-added next time."""
        with self._lock:
            after = self._added_seq or self.max_seq()
            if store.max_seq() <= after:
                if commit:
                    self._commit()
                return 0
            if self._writer is None:
                self._writer = self.index.writer(heap_size=_HEAP, num_threads=1)
            writer = self._writer
            n = 0
            try:
                for seq, a in store.iter_articles_after(after):
                    writer.delete_documents_by_term("seq", seq)
                    writer.add_document(self._doc(seq, a))
                    self._added_seq = seq
                    n += 1
                    if progress and n % 1000 == 0:
                        progress(n)
            except BaseException:
                writer.rollback()
                self._writer, self._added_seq = None, 0
                raise
            if commit:
                self._commit()
            return n

    def refresh(self, store: Store, ids: list[str]) -> int:
        """Index again articles whose content changed in place (``rasd watch``, ``ingest --update``);
        searchable at the next commit, like what :meth:`update` adds."""
        with self._lock:
            if self._writer is None:
                self._writer = self.index.writer(heap_size=_HEAP, num_threads=1)
            n = 0
            for seq, a in store.articles_with_seq(ids):
                self._writer.delete_documents_by_term("seq", seq)
                self._writer.add_document(self._doc(seq, a))
                n += 1
            return n

    def commit(self) -> None:
        """Make what :meth:`update` added searchable and release the writer's lock."""
        with self._lock:
            self._commit()

    def _commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer, self._added_seq = None, 0
            self.index.reload()

    def clear(self) -> None:
        with self._lock:
            self._commit()
            writer = self.index.writer(heap_size=_HEAP, num_threads=1)
            writer.delete_all_documents()
            writer.commit()
            writer.wait_merging_threads()
            self.index.reload()

    def rebuild(self, store: Store, progress: Callable[[int], None] | None = None) -> int:
        self.clear()
        return self.update(store, progress)

    # --- reading --------------------------------------------------------------
    def searcher(self) -> tantivy.Searcher:
        # Another process (an ingest) may have committed: pick up its segments, at most once a second.
        now = time.monotonic()
        if now - self._reloaded > 1.0:
            self.index.reload()
            self._reloaded = now
        return self.index.searcher()

    def num_docs(self) -> int:
        return self.searcher().num_docs


def open_index(store: Store) -> SearchIndex | None:
    """The store's search index: tantivy beside a SQLite file, or tables inside a PostgreSQL database."""
    if type(store).__name__ == "PostgresStore":
        from rasd.search.pg import PgSearchIndex

        return PgSearchIndex(store)  # type: ignore[return-value]
    loc = index_location(store)
    return SearchIndex(loc) if loc else None
