"""The store interface every backend implements (SQLite now, PostgreSQL later).

Stages never write SQL of their own: they call these methods.  Article text
only ever reaches the database as a bound parameter.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rasd.model import Article


@dataclass(slots=True)
class ArticleRow:
    """The few fields a listing shows."""

    id: str
    source: str | None
    title: str | None
    published: str | None
    lang: str | None
    duplicate_of: str | None
    chars: int
    path: str | None


class Store(ABC):
    """Where articles live.  One writer at a time per store (the ingest loop)."""

    location: str

    # --- ingest -------------------------------------------------------------
    @abstractmethod
    def existing_ids(self, ids: Iterable[str]) -> set[str]: ...

    @abstractmethod
    def begin_run(self, args: Mapping[str, Any]) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, counts: Mapping[str, int], report_path: str | None) -> None: ...

    @abstractmethod
    def seen_raw(self, source: str | None, raw_hash: str) -> bool:
        """Whether an article of this source with this raw text was already counted in site statistics."""

    @abstractmethod
    def add_site_lines(self, increments: Mapping[tuple[str, str], int]) -> None:
        """Add to the number of articles of a source that carry a line key."""

    @abstractmethod
    def site_counts(self, source: str, keys: Iterable[str]) -> dict[str, int]: ...

    @abstractmethod
    def first_with_body(self, body_hash: str, exclude: str | None = None) -> str | None:
        """Id of the earliest article with this body, if any (other than `exclude`)."""

    @abstractmethod
    def insert_article(self, article: Article, run_id: int, raw_hash: str, raw_fp: str | None = None) -> None: ...

    @abstractmethod
    def raw_fingerprints(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The stored input fingerprint of each of these ids that exists."""

    @abstractmethod
    def update_article(self, article: Article, run_id: int, raw_hash: str, raw_fp: str | None = None) -> None:
        """Replace a stored article's content in place, keeping the old version in its history."""

    @abstractmethod
    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        """Earlier versions of an article (oldest first), each {replaced_at, run_id, record}."""

    @abstractmethod
    def watch_state(self, target: str) -> dict[str, tuple[int, int]]:
        """`rasd watch`: the files of a watched folder already ingested, as path → (size, mtime_ns)."""

    @abstractmethod
    def set_watch_state(self, target: str, files: Mapping[str, tuple[int, int]]) -> None: ...

    @abstractmethod
    def add_failure(self, run_id: int, path: str, reason: str) -> None: ...

    @abstractmethod
    def commit(self) -> None: ...

    # --- read ---------------------------------------------------------------
    @abstractmethod
    def get_article(self, id_or_prefix: str) -> Article | None: ...

    @abstractmethod
    def list_articles(self, limit: int = 50, offset: int = 0, source: str | None = None) -> list[ArticleRow]: ...

    @abstractmethod
    def count_articles(self, source: str | None = None) -> int: ...

    @abstractmethod
    def iter_articles(self, batch: int = 500) -> Iterator[Article]: ...

    @abstractmethod
    def stats(self) -> dict[str, Any]: ...

    # --- read, for search and the API -------------------------------------------
    @abstractmethod
    def max_seq(self) -> int:
        """The insertion sequence number of the newest article (0 for an empty store)."""

    @abstractmethod
    def iter_articles_after(self, seq: int, batch: int = 500) -> Iterator[tuple[int, Article]]:
        """(seq, article) for every article inserted after ``seq``, in insertion order: what an index has not seen."""

    @abstractmethod
    def articles_with_seq(self, ids: Iterable[str]) -> Iterator[tuple[int, Article]]:
        """These articles with their insertion sequence numbers, in that order."""

    @abstractmethod
    def get_articles(self, ids: Iterable[str], light: bool = False) -> dict[str, Article]:
        """The articles with these exact ids (missing ids are left out).  ``light``: without
        ``removed``, ``meta``, ``statements`` and ``dates`` (left empty), for lists of results."""

    @abstractmethod
    def copy_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """How many stored articles are exact copies (``duplicate_of``) of each of these ids."""

    @abstractmethod
    def copies_of(self, article_id: str) -> list[ArticleRow]:
        """The stored copies of one article."""

    @abstractmethod
    def story_article_ids(self, story_id: str) -> list[str]:
        """Ids of the articles the stories stage put in this story (``articles.story_id``)."""

    @abstractmethod
    def sources(self) -> list[tuple[str, int]]:
        """(source, article count), most articles first."""

    # --- entities (the cross-article entity table and analysts' overrides) ----
    @abstractmethod
    def load_entities(self) -> list[dict[str, Any]]:
        """Every entity record {entity_id, type, key, name, mention_count, article_count, ord, data}, by ord."""

    @abstractmethod
    def save_entities(self, records: Iterable[Mapping[str, Any]]) -> None:
        """Insert or replace entity records (same shape as load_entities)."""

    @abstractmethod
    def delete_entities(self, ids: Iterable[str] | None = None) -> None:
        """Delete these entity records, or all of them (ids None)."""

    @abstractmethod
    def count_entities(self) -> int: ...

    @abstractmethod
    def add_entity_override(self, op: str, entity_id: str, arg: Mapping[str, Any]) -> None:
        """Record an analyst's correction (merge, split, rename); kept across rebuilds."""

    @abstractmethod
    def entity_overrides(self) -> list[dict[str, Any]]:
        """Overrides in the order they were made: {op, entity_id, arg}."""

    @abstractmethod
    def update_annotations(self, article_id: str, entities: list, statements: list) -> None:
        """Replace an article's entity mentions and statements (after re-resolution)."""

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
