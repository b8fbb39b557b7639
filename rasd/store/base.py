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
    def first_with_body(self, body_hash: str) -> str | None:
        """Id of the earliest article with this body, if any."""

    @abstractmethod
    def insert_article(self, article: Article, run_id: int, raw_hash: str) -> None: ...

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
