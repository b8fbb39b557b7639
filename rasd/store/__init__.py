"""Storage: one interface (base.Store); SQLite is the embedded default, PostgreSQL the server store."""

from __future__ import annotations

import os

from rasd.store.base import ArticleRow, Store

DEFAULT_DB = os.path.join("data", "rasd.db")


def resolve_location(db: str | None = None) -> str:
    """--db, else $RASD_DB, else ./data/rasd.db."""
    return db or os.environ.get("RASD_DB") or DEFAULT_DB


def open_store(db: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or URL."""
    loc = resolve_location(db)
    if loc.startswith(("postgresql://", "postgres://")):
        try:
            from rasd.store.postgres import PostgresStore
        except ImportError as e:  # psycopg is the optional 'postgres' extra
            raise RuntimeError("the PostgreSQL store needs psycopg: pip install -e '.[postgres]'") from e
        return PostgresStore(loc)
    loc = loc.removeprefix("sqlite:///")
    from rasd.store.sqlite import SQLiteStore

    return SQLiteStore(loc)


__all__ = ["DEFAULT_DB", "ArticleRow", "Store", "open_store", "resolve_location"]
