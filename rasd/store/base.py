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

    # --- near-duplicates (rasd/dedup) ----------------------------------------
    @abstractmethod
    def add_signature(self, article_id: str, sig: bytes, n_shingles: int, band_keys: list[int]) -> None:
        """Keep an article's MinHash signature and index its LSH band keys."""

    @abstractmethod
    def band_candidates(self, band_keys: list[int], limit: int) -> list[str]:
        """Articles sharing at least one band key, most shared bands first, then oldest first."""

    @abstractmethod
    def signatures(self, ids: Iterable[str]) -> dict[str, tuple[bytes, int]]: ...

    @abstractmethod
    def canonical_ids(self, ids: Iterable[str]) -> dict[str, str]:
        """Each id's canonical article (its duplicate_of, or itself)."""

    @abstractmethod
    def copies_of(self, article_id: str) -> list[ArticleRow]:
        """Articles whose duplicate_of is this article, in ingest order."""

    # --- stories (rasd/stories) ------------------------------------------------
    @abstractmethod
    def term_df(self) -> tuple[int, dict[str, int]]:
        """(documents counted, document frequency per term) for the clustering vectors."""

    @abstractmethod
    def add_term_df(self, increments: Mapping[str, int], docs: int) -> None: ...

    @abstractmethod
    def story_rows(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    @abstractmethod
    def story_rows_overlapping(self, lo: str, hi: str) -> list[dict[str, Any]]:
        """Live stories whose [first_date, last_date] meets [lo, hi] (ISO dates)."""

    @abstractmethod
    def undated_story_rows(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def save_story_rows(self, rows: list[dict[str, Any]]) -> None:
        """Insert or replace stories (the dict keys are the stories table's columns)."""

    @abstractmethod
    def delete_story_row(self, story_id: str) -> None: ...

    @abstractmethod
    def next_story_seq(self) -> int: ...

    @abstractmethod
    def next_member_seq(self) -> int: ...

    @abstractmethod
    def add_story_members(self, rows: list[dict[str, Any]]) -> None:
        """Insert or replace membership rows (article_id, story_id, date, score, is_copy, pinned, vec, title_vec, ents)."""

    @abstractmethod
    def story_member(self, article_id: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def story_members(self, story_id: str) -> list[dict[str, Any]]:
        """A story's membership rows, in ingest order."""

    @abstractmethod
    def move_story_members(self, article_ids: list[str], story_id: str, pinned: bool | None = None) -> None:
        """Point members (and their articles' story_id) at another story."""

    @abstractmethod
    def set_article_story(self, article_id: str, story_id: str) -> None: ...

    @abstractmethod
    def add_story_alias(self, alias: str, story_id: str) -> None:
        """An old id (merged or emptied story) now answered by another story."""

    @abstractmethod
    def resolve_story_id(self, story_id: str) -> str | None:
        """The live story for an id, an alias or a unique prefix; None when unknown."""

    @abstractmethod
    def story_aliases(self, story_id: str) -> list[str]: ...

    @abstractmethod
    def add_story_override(self, kind: str, article_id: str | None, story_id: str, detail: str | None = None) -> None: ...

    @abstractmethod
    def story_overrides(self) -> list[dict[str, Any]]: ...

    @abstractmethod
    def list_story_rows(self, since: str | None, terms: list[str], limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        """Live stories (latest first) whose last date is on or after since and whose search text contains every term."""

    @abstractmethod
    def story_volume(self, story_id: str) -> list[tuple[str, int]]:
        """(date, articles) per publication day of a story's members."""

    @abstractmethod
    def iter_story_ids(self) -> Iterator[str]:
        """Every live story id, oldest first."""

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

    # --- alerts (rasd/alerts) ------------------------------------------------------
    @abstractmethod
    def has_alerts(self) -> bool:
        """Whether any alert is defined (checked after every stored window, so it must be cheap)."""

    @abstractmethod
    def alerts(self) -> list[dict[str, Any]]:
        """Every alert {name, kind, value, deliver, created_at, last_seq, hits}, by name."""

    @abstractmethod
    def add_alert(self, name: str, kind: str, value: str, deliver: Mapping[str, Any], last_seq: int) -> bool:
        """Define an alert that has seen articles up to ``last_seq``; False when the name is taken."""

    @abstractmethod
    def delete_alert(self, name: str) -> bool:
        """Remove an alert and its hits; False when there was none."""

    @abstractmethod
    def advance_alert(self, name: str, seq: int) -> None:
        """The alert has been checked against every article up to ``seq`` (never moves back)."""

    @abstractmethod
    def add_alert_hit(self, hit: Mapping[str, Any]) -> bool:
        """Record a hit {alert, item_key, article_id, kind, seq, pos, payload, pending}; False when this
        alert already fired for this item (the table's key makes "once" hold across processes)."""

    @abstractmethod
    def alert_hits(self, name: str | None = None, limit: int = 50, offset: int = 0,
                   pending: bool = False) -> list[dict[str, Any]]:
        """Hits, newest article first; ``pending``: only those with a delivery still to retry, oldest first."""

    @abstractmethod
    def claim_alert_hit(self, name: str, item_key: str, attempts: int) -> bool:
        """Count one more delivery attempt, if nobody else did since ``attempts`` was read."""

    @abstractmethod
    def set_alert_delivery(self, name: str, item_key: str, delivery: Mapping[str, Any], pending: bool) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
