"""SQLite store: one file, WAL mode, versioned migrations (PRAGMA user_version)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from rasd.model import Article, Removed
from rasd.store.base import ArticleRow, Store

# Each entry moves the schema one version up.  Never edit a released entry:
# append a new one, so old stores upgrade in place.
MIGRATIONS: list[str] = [
    # 1: articles, ingest runs and their failures, per-source line statistics
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        body_hash TEXT NOT NULL,
        raw_hash TEXT,
        source TEXT,
        url TEXT,
        path TEXT,
        title TEXT,
        published TEXT,
        published_source TEXT,
        text TEXT NOT NULL,
        lang TEXT,
        lang_score REAL,
        encoding TEXT,
        removed TEXT NOT NULL DEFAULT '[]',
        meta TEXT NOT NULL DEFAULT '{}',
        duplicate_of TEXT,
        story_id TEXT,
        run_id INTEGER,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_body_hash ON articles(body_hash);
    CREATE INDEX articles_source_raw ON articles(source, raw_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE runs (
        run_id INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        args TEXT NOT NULL,
        counts TEXT,
        report_path TEXT
    );
    CREATE TABLE failures (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL,
        path TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE TABLE site_lines (
        source TEXT NOT NULL,
        line_key TEXT NOT NULL,
        docs INTEGER NOT NULL,
        PRIMARY KEY (source, line_key)
    ) WITHOUT ROWID;
    """,
    # 2: per-article annotations from the analyse stage (JSON lists; offsets into text)
    """
    ALTER TABLE articles ADD COLUMN entities TEXT;
    ALTER TABLE articles ADD COLUMN statements TEXT;
    ALTER TABLE articles ADD COLUMN dates TEXT;
    """,
    # 3: updates in place (a url republished with changed text) with their history; watch state
    """
    ALTER TABLE articles ADD COLUMN raw_fp TEXT;
    ALTER TABLE articles ADD COLUMN updated_at TEXT;
    CREATE TABLE article_versions (
        version_id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        run_id INTEGER,
        record TEXT NOT NULL
    );
    CREATE INDEX article_versions_article ON article_versions(article_id);
    CREATE TABLE watch_files (
        target TEXT NOT NULL,
        path TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        PRIMARY KEY (target, path)
    ) WITHOUT ROWID;
    """,
    # 4: lookups by canonical (copy counts in search results) and by story (the story filter)
    """
    CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles(duplicate_of);
    CREATE INDEX IF NOT EXISTS articles_story_id ON articles(story_id);
    """,
    # 5: the cross-article entity table (kept up to date incrementally) and analysts' overrides
    """
    CREATE TABLE entity_table (
        entity_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        mention_count INTEGER NOT NULL,
        article_count INTEGER NOT NULL,
        ord INTEGER NOT NULL,
        data TEXT NOT NULL
    );
    CREATE INDEX entity_table_key ON entity_table(type, key);
    CREATE TABLE entity_overrides (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        op TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        arg TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
    );
    """,
    # 6: near-duplicate signatures and LSH bands; stories, their members, aliases, overrides; term frequencies
    """
    CREATE TABLE dedup_sigs (
        article_id TEXT PRIMARY KEY,
        sig BLOB NOT NULL,
        n_shingles INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE dedup_bands (
        band_key INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band_key, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE stories (
        story_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        title TEXT,
        title_article TEXT,
        first_date TEXT,
        last_date TEXT,
        n_articles INTEGER NOT NULL,
        n_unique INTEGER NOT NULL,
        n_sources INTEGER NOT NULL,
        sources TEXT NOT NULL,
        body TEXT NOT NULL,
        title_vec TEXT NOT NULL,
        ents TEXT NOT NULL,
        ent_info TEXT NOT NULL,
        search TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX stories_last ON stories(last_date);
    CREATE INDEX stories_first ON stories(first_date);
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY,
        story_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        date TEXT,
        score REAL,
        is_copy INTEGER NOT NULL DEFAULT 0,
        pinned INTEGER NOT NULL DEFAULT 0,
        vec TEXT NOT NULL,
        title_vec TEXT NOT NULL,
        ents TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id, seq);
    CREATE TABLE story_aliases (
        alias TEXT PRIMARY KEY,
        story_id TEXT NOT NULL
    );
    CREATE TABLE story_overrides (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        article_id TEXT,
        story_id TEXT NOT NULL,
        detail TEXT,
        created_at TEXT NOT NULL
    );
    CREATE TABLE term_df (
        term TEXT PRIMARY KEY,
        df INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE term_docs (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        docs INTEGER NOT NULL
    );
    """,
    # 7: alerts (saved watches checked as articles arrive) and their hits, one per matching item, ever
    """
    CREATE TABLE alerts (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        deliver TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        last_seq INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE alert_hits (
        alert TEXT NOT NULL,
        item_key TEXT NOT NULL,
        article_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        seq INTEGER NOT NULL,
        pos INTEGER NOT NULL DEFAULT 0,
        payload TEXT NOT NULL,
        fired_at TEXT NOT NULL,
        pending INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        delivery TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (alert, item_key)
    );
    CREATE INDEX alert_hits_order ON alert_hits(alert, seq, pos);
    CREATE INDEX alert_hits_pending ON alert_hits(pending);
    """,
]

_STORY_COLS = ("story_id", "seq", "title", "title_article", "first_date", "last_date", "n_articles", "n_unique",
               "n_sources", "sources", "body", "title_vec", "ents", "ent_info", "search", "pinned")
_MEMBER_COLS = ("article_id", "story_id", "seq", "date", "score", "is_copy", "pinned", "vec", "title_vec", "ents")

_ARTICLE_COLS = ("id, body_hash, source, url, path, title, published, published_source, text, lang, "
                 "lang_score, encoding, removed, meta, duplicate_of, story_id, entities, statements, dates")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _chunks(items: list[str], n: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


class SQLiteStore(Store):
    def __init__(self, path: str) -> None:
        self.location = path
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        self.conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL under WAL survives a killed process (not a power cut mid-checkpoint), which is what resume needs.
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self._migrate()
        self._in_tx = False

    # --- schema ---------------------------------------------------------------
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > len(MIGRATIONS):
            raise RuntimeError(f"{self.location} has schema version {version}; this rasd knows up to {len(MIGRATIONS)}. Upgrade rasd.")
        for v in range(version, len(MIGRATIONS)):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                for stmt in _statements(MIGRATIONS[v]):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version = {v + 1}")
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    def _tx(self) -> None:
        if not self._in_tx:
            self.conn.execute("BEGIN IMMEDIATE")
            self._in_tx = True

    def commit(self) -> None:
        if self._in_tx:
            self.conn.execute("COMMIT")
            self._in_tx = False

    # --- ingest ---------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(list(ids)):
            q = f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            found.update(r[0] for r in self.conn.execute(q, chunk))
        return found

    def begin_run(self, args: Mapping[str, Any]) -> int:
        cur = self.conn.execute("INSERT INTO runs (started_at, args) VALUES (?, ?)",
                                (_now(), json.dumps(dict(args), ensure_ascii=False, default=str)))
        return int(cur.lastrowid)

    def finish_run(self, run_id: int, counts: Mapping[str, int], report_path: str | None) -> None:
        self.commit()
        self.conn.execute("UPDATE runs SET finished_at=?, counts=?, report_path=? WHERE run_id=?",
                          (_now(), json.dumps(dict(counts)), report_path, run_id))

    def seen_raw(self, source: str | None, raw_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE source IS ? AND raw_hash=? LIMIT 1", (source, raw_hash)).fetchone()
        return row is not None

    def add_site_lines(self, increments: Mapping[tuple[str, str], int]) -> None:
        self._tx()
        self.conn.executemany(
            "INSERT INTO site_lines (source, line_key, docs) VALUES (?, ?, ?) "
            "ON CONFLICT(source, line_key) DO UPDATE SET docs = site_lines.docs + excluded.docs",
            [(s, k, n) for (s, k), n in increments.items()],
        )

    def site_counts(self, source: str, keys: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(keys)):
            q = f"SELECT line_key, docs FROM site_lines WHERE source=? AND line_key IN ({','.join('?' * len(chunk))})"
            out.update((r[0], r[1]) for r in self.conn.execute(q, [source, *chunk]))
        return out

    def first_with_body(self, body_hash: str, exclude: str | None = None) -> str | None:
        row = self.conn.execute("SELECT id FROM articles WHERE body_hash=? AND id IS NOT ? ORDER BY seq LIMIT 1",
                                (body_hash, exclude)).fetchone()
        return row[0] if row else None

    def insert_article(self, a: Article, run_id: int, raw_hash: str, raw_fp: str | None = None) -> None:
        self._tx()
        self.conn.execute(
            "INSERT INTO articles (id, body_hash, raw_hash, source, url, path, title, published, published_source, text, "
            "lang, lang_score, encoding, removed, meta, duplicate_of, story_id, run_id, ingested_at, entities, statements, "
            "dates, raw_fp) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO NOTHING",
            (a.id, a.body_hash, raw_hash, a.source, a.url, a.path, a.title, a.published, a.published_source, a.text,
             a.lang, a.lang_score, a.encoding,
             json.dumps([r.to_dict() for r in a.removed], ensure_ascii=False),
             json.dumps(a.meta, ensure_ascii=False, default=str), a.duplicate_of, a.story_id, run_id, _now(),
             _json_list(a.entities), _json_list(a.statements), _json_list(a.dates), raw_fp),
        )

    def raw_fingerprints(self, ids: Iterable[str]) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for chunk in _chunks(list(ids)):
            q = f"SELECT id, raw_fp FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], r[1]) for r in self.conn.execute(q, chunk))
        return out

    def update_article(self, a: Article, run_id: int, raw_hash: str, raw_fp: str | None = None) -> None:
        old = self.get_article(a.id)
        if old is None:
            self.insert_article(a, run_id, raw_hash, raw_fp)
            return
        self._tx()
        self.conn.execute("INSERT INTO article_versions (article_id, replaced_at, run_id, record) VALUES (?, ?, ?, ?)",
                          (a.id, _now(), run_id, json.dumps(old.to_export(), ensure_ascii=False, default=str)))
        # The story stays: the stories stage decides whether an updated text moves.
        self.conn.execute(
            "UPDATE articles SET body_hash=?, raw_hash=?, title=?, published=?, published_source=?, text=?, lang=?, "
            "lang_score=?, encoding=?, removed=?, meta=?, duplicate_of=?, run_id=?, updated_at=?, entities=?, "
            "statements=?, dates=?, raw_fp=? WHERE id=?",
            (a.body_hash, raw_hash, a.title, a.published, a.published_source, a.text, a.lang, a.lang_score, a.encoding,
             json.dumps([r.to_dict() for r in a.removed], ensure_ascii=False),
             json.dumps(a.meta, ensure_ascii=False, default=str), a.duplicate_of, run_id, _now(),
             _json_list(a.entities), _json_list(a.statements), _json_list(a.dates), raw_fp, a.id),
        )

    def article_versions(self, article_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT replaced_at, run_id, record FROM article_versions WHERE article_id=? "
                                 "ORDER BY version_id", (article_id,)).fetchall()
        return [{"replaced_at": r[0], "run_id": r[1], "record": json.loads(r[2])} for r in rows]

    def watch_state(self, target: str) -> dict[str, tuple[int, int]]:
        rows = self.conn.execute("SELECT path, size, mtime_ns FROM watch_files WHERE target=?", (target,)).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def set_watch_state(self, target: str, files: Mapping[str, tuple[int, int]]) -> None:
        self._tx()
        self.conn.executemany(
            "INSERT INTO watch_files (target, path, size, mtime_ns) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(target, path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns",
            [(target, p, size, mtime) for p, (size, mtime) in files.items()])
        self.commit()

    def add_failure(self, run_id: int, path: str, reason: str) -> None:
        self._tx()
        self.conn.execute("INSERT INTO failures (run_id, path, reason) VALUES (?, ?, ?)", (run_id, path, reason))

    # --- read -----------------------------------------------------------------
    @staticmethod
    def _article(row: sqlite3.Row) -> Article:
        return Article(
            id=row["id"], body_hash=row["body_hash"], source=row["source"], url=row["url"], path=row["path"],
            title=row["title"], published=row["published"], published_source=row["published_source"],
            text=row["text"], lang=row["lang"], lang_score=row["lang_score"], encoding=row["encoding"],
            removed=[Removed(r["text"], r["reason"]) for r in json.loads(row["removed"] or "[]")],
            meta=json.loads(row["meta"] or "{}"), duplicate_of=row["duplicate_of"], story_id=row["story_id"],
            entities=json.loads(row["entities"] or "[]"), statements=json.loads(row["statements"] or "[]"),
            dates=json.loads(row["dates"] or "[]"),
        )

    def get_article(self, id_or_prefix: str) -> Article | None:
        row = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id=?", (id_or_prefix,)).fetchone()
        if row is None and 4 <= len(id_or_prefix) < 16:
            rows = self.conn.execute(f"SELECT {_ARTICLE_COLS} FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                                     (id_or_prefix, id_or_prefix + "\uffff")).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return self._article(row) if row else None

    def list_articles(self, limit: int = 50, offset: int = 0, source: str | None = None) -> list[ArticleRow]:
        where, params = ("WHERE source=?", [source]) if source else ("", [])
        rows = self.conn.execute(
            f"SELECT id, source, title, published, lang, duplicate_of, length(text) AS chars, path FROM articles {where} "
            "ORDER BY seq LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return [ArticleRow(**dict(r)) for r in rows]

    def count_articles(self, source: str | None = None) -> int:
        if source:
            return self.conn.execute("SELECT count(*) FROM articles WHERE source=?", (source,)).fetchone()[0]
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def iter_articles(self, batch: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self.conn.execute(f"SELECT seq, {_ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                                     (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                yield self._article(r)
            last = rows[-1]["seq"]

    # --- entities ---------------------------------------------------------------
    def load_entities(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT entity_id, type, key, name, mention_count, article_count, ord, data "
                                 "FROM entity_table ORDER BY ord").fetchall()
        return [{**{k: r[k] for k in r.keys() if k != "data"}, "data": json.loads(r["data"])} for r in rows]

    def save_entities(self, records: Iterable[Mapping[str, Any]]) -> None:
        self._tx()
        self.conn.executemany(
            "INSERT INTO entity_table (entity_id, type, key, name, mention_count, article_count, ord, data) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(entity_id) DO UPDATE SET type=excluded.type, key=excluded.key, "
            "name=excluded.name, mention_count=excluded.mention_count, article_count=excluded.article_count, "
            "ord=excluded.ord, data=excluded.data",
            [(r["entity_id"], r["type"], r["key"], r["name"], r["mention_count"], r["article_count"], r["ord"],
              json.dumps(r["data"], ensure_ascii=False)) for r in records])

    def delete_entities(self, ids: Iterable[str] | None = None) -> None:
        self._tx()
        if ids is None:
            self.conn.execute("DELETE FROM entity_table")
            return
        self.conn.executemany("DELETE FROM entity_table WHERE entity_id=?", [(i,) for i in ids])

    def count_entities(self) -> int:
        return self.conn.execute("SELECT count(*) FROM entity_table").fetchone()[0]

    def add_entity_override(self, op: str, entity_id: str, arg: Mapping[str, Any]) -> None:
        self._tx()
        self.conn.execute("INSERT INTO entity_overrides (op, entity_id, arg, created_at) VALUES (?,?,?,?)",
                          (op, entity_id, json.dumps(dict(arg), ensure_ascii=False), _now()))

    def entity_overrides(self) -> list[dict[str, Any]]:
        rows = self.conn.execute("SELECT op, entity_id, arg FROM entity_overrides ORDER BY id").fetchall()
        return [{"op": r["op"], "entity_id": r["entity_id"], "arg": json.loads(r["arg"])} for r in rows]

    def update_annotations(self, article_id: str, entities: list, statements: list) -> None:
        self._tx()
        self.conn.execute("UPDATE articles SET entities=?, statements=? WHERE id=?",
                          (_json_list(entities), _json_list(statements), article_id))

    # --- near-duplicates --------------------------------------------------------
    def add_signature(self, article_id: str, sig: bytes, n_shingles: int, band_keys: list[int]) -> None:
        self._tx()
        self.conn.execute("INSERT OR REPLACE INTO dedup_sigs (article_id, sig, n_shingles) VALUES (?, ?, ?)",
                          (article_id, sig, n_shingles))
        self.conn.executemany("INSERT OR IGNORE INTO dedup_bands (band_key, article_id) VALUES (?, ?)",
                              [(k, article_id) for k in band_keys])

    def band_candidates(self, band_keys: list[int], limit: int) -> list[str]:
        if not band_keys:
            return []
        q = (f"SELECT b.article_id, count(*) AS hits, a.seq FROM dedup_bands b JOIN articles a ON a.id = b.article_id "
             f"WHERE b.band_key IN ({','.join('?' * len(band_keys))}) GROUP BY b.article_id, a.seq ORDER BY hits DESC, a.seq LIMIT ?")
        return [r[0] for r in self.conn.execute(q, [*band_keys, limit])]

    def signatures(self, ids: Iterable[str]) -> dict[str, tuple[bytes, int]]:
        out: dict[str, tuple[bytes, int]] = {}
        for chunk in _chunks(list(ids)):
            q = f"SELECT article_id, sig, n_shingles FROM dedup_sigs WHERE article_id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], (bytes(r[1]), r[2])) for r in self.conn.execute(q, chunk))
        return out

    def canonical_ids(self, ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(list(ids)):
            q = f"SELECT id, coalesce(duplicate_of, id) FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r[0], r[1]) for r in self.conn.execute(q, chunk))
        return out

    def copies_of(self, article_id: str) -> list[ArticleRow]:
        rows = self.conn.execute(
            "SELECT id, source, title, published, lang, duplicate_of, length(text) AS chars, path FROM articles "
            "WHERE duplicate_of=? ORDER BY seq", (article_id,)).fetchall()
        return [ArticleRow(**dict(r)) for r in rows]

    # --- stories ------------------------------------------------------------------
    def term_df(self) -> tuple[int, dict[str, int]]:
        row = self.conn.execute("SELECT docs FROM term_docs WHERE id=1").fetchone()
        return (row[0] if row else 0), dict(self.conn.execute("SELECT term, df FROM term_df").fetchall())

    def add_term_df(self, increments: Mapping[str, int], docs: int) -> None:
        self._tx()
        self.conn.executemany("INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = term_df.df + excluded.df",
                              sorted(increments.items()))
        self.conn.execute("INSERT INTO term_docs (id, docs) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET docs = term_docs.docs + excluded.docs",
                          (docs,))

    def story_rows(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(list(ids)):
            q = f"SELECT {', '.join(_STORY_COLS)} FROM stories WHERE story_id IN ({','.join('?' * len(chunk))})"
            out.update((r["story_id"], dict(r)) for r in self.conn.execute(q, chunk))
        return out

    def story_rows_overlapping(self, lo: str, hi: str) -> list[dict[str, Any]]:
        q = f"SELECT {', '.join(_STORY_COLS)} FROM stories WHERE last_date >= ? AND first_date <= ? ORDER BY seq"
        return [dict(r) for r in self.conn.execute(q, (lo, hi))]

    def undated_story_rows(self) -> list[dict[str, Any]]:
        q = f"SELECT {', '.join(_STORY_COLS)} FROM stories WHERE last_date IS NULL ORDER BY seq"
        return [dict(r) for r in self.conn.execute(q)]

    def save_story_rows(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self._tx()
        q = f"INSERT OR REPLACE INTO stories ({', '.join(_STORY_COLS)}) VALUES ({','.join('?' * len(_STORY_COLS))})"
        self.conn.executemany(q, [tuple(r[c] for c in _STORY_COLS) for r in rows])

    def delete_story_row(self, story_id: str) -> None:
        self._tx()
        self.conn.execute("DELETE FROM stories WHERE story_id=?", (story_id,))

    def next_story_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM stories").fetchone()
        return (row[0] or 0) + 1

    def next_member_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM story_members").fetchone()
        return (row[0] or 0) + 1

    def add_story_members(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        self._tx()
        q = f"INSERT OR REPLACE INTO story_members ({', '.join(_MEMBER_COLS)}) VALUES ({','.join('?' * len(_MEMBER_COLS))})"
        self.conn.executemany(q, [tuple(r[c] for c in _MEMBER_COLS) for r in rows])

    def story_member(self, article_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(f"SELECT {', '.join(_MEMBER_COLS)} FROM story_members WHERE article_id=?",
                                (article_id,)).fetchone()
        return dict(row) if row else None

    def story_members(self, story_id: str) -> list[dict[str, Any]]:
        q = f"SELECT {', '.join(_MEMBER_COLS)} FROM story_members WHERE story_id=? ORDER BY seq"
        return [dict(r) for r in self.conn.execute(q, (story_id,))]

    def move_story_members(self, article_ids: list[str], story_id: str, pinned: bool | None = None) -> None:
        self._tx()
        for chunk in _chunks(list(article_ids)):
            marks = ",".join("?" * len(chunk))
            if pinned is None:
                self.conn.execute(f"UPDATE story_members SET story_id=? WHERE article_id IN ({marks})", [story_id, *chunk])
            else:
                self.conn.execute(f"UPDATE story_members SET story_id=?, pinned=? WHERE article_id IN ({marks})",
                                  [story_id, int(pinned), *chunk])
            self.conn.execute(f"UPDATE articles SET story_id=? WHERE id IN ({marks})", [story_id, *chunk])

    def set_article_story(self, article_id: str, story_id: str) -> None:
        self._tx()
        self.conn.execute("UPDATE articles SET story_id=? WHERE id=?", (story_id, article_id))

    def add_story_alias(self, alias: str, story_id: str) -> None:
        self._tx()
        self.conn.execute("INSERT OR REPLACE INTO story_aliases (alias, story_id) VALUES (?, ?)", (alias, story_id))
        # aliases of the old id follow it, so no chain is ever more than one step
        self.conn.execute("UPDATE story_aliases SET story_id=? WHERE story_id=?", (story_id, alias))

    def resolve_story_id(self, story_id: str) -> str | None:
        row = self.conn.execute("SELECT story_id FROM stories WHERE story_id=?", (story_id,)).fetchone()
        if row:
            return row[0]
        row = self.conn.execute("SELECT story_id FROM story_aliases WHERE alias=?", (story_id,)).fetchone()
        if row:
            return row[0]
        if 4 <= len(story_id) < 13:
            rows = self.conn.execute("SELECT story_id FROM stories WHERE story_id >= ? AND story_id < ? LIMIT 2",
                                     (story_id, story_id + "\uffff")).fetchall()
            if len(rows) == 1:
                return rows[0][0]
        return None

    def story_aliases(self, story_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT alias FROM story_aliases WHERE story_id=? ORDER BY alias", (story_id,))]

    def add_story_override(self, kind: str, article_id: str | None, story_id: str, detail: str | None = None) -> None:
        self._tx()
        self.conn.execute("INSERT INTO story_overrides (kind, article_id, story_id, detail, created_at) VALUES (?, ?, ?, ?, ?)",
                          (kind, article_id, story_id, detail, _now()))

    def story_overrides(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT kind, article_id, story_id, detail, created_at FROM story_overrides ORDER BY id")]

    def list_story_rows(self, since: str | None, terms: list[str], limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
        where, params = [], []
        if since:
            where.append("last_date >= ?")
            params.append(since)
        for t in terms:
            where.append("instr(search, ?) > 0")
            params.append(t)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        total = self.conn.execute(f"SELECT count(*) FROM stories {clause}", params).fetchone()[0]
        q = (f"SELECT {', '.join(_STORY_COLS)} FROM stories {clause} "
             "ORDER BY last_date IS NULL, last_date DESC, n_articles DESC, seq LIMIT ? OFFSET ?")
        return total, [dict(r) for r in self.conn.execute(q, [*params, limit, offset])]

    def story_volume(self, story_id: str) -> list[tuple[str, int]]:
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT date, count(*) FROM story_members WHERE story_id=? AND date IS NOT NULL GROUP BY date ORDER BY date",
            (story_id,))]

    def iter_story_ids(self) -> Iterator[str]:
        ids = [r[0] for r in self.conn.execute("SELECT story_id FROM stories ORDER BY seq")]
        yield from ids

    def stats(self) -> dict[str, Any]:
        c = self.conn
        return {
            "articles": c.execute("SELECT count(*) FROM articles").fetchone()[0],
            "copies": c.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0],
            "stories": c.execute("SELECT count(*) FROM stories").fetchone()[0],
            "sources": c.execute("SELECT count(DISTINCT source) FROM articles").fetchone()[0],
            "languages": dict(c.execute("SELECT coalesce(lang, '?'), count(*) FROM articles GROUP BY lang ORDER BY 2 DESC").fetchall()),
            "runs": c.execute("SELECT count(*) FROM runs").fetchone()[0],
            "failures": c.execute("SELECT count(*) FROM failures").fetchone()[0],
            "schema_version": self.schema_version(),
        }

    def max_seq(self) -> int:
        return self.conn.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]

    def iter_articles_after(self, seq: int, batch: int = 500) -> Iterator[tuple[int, Article]]:
        last = seq
        while True:
            rows = self.conn.execute(f"SELECT seq, {_ARTICLE_COLS} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?",
                                     (last, batch)).fetchall()
            if not rows:
                return
            for r in rows:
                yield r["seq"], self._article(r)
            last = rows[-1]["seq"]

    def articles_with_seq(self, ids: Iterable[str]) -> Iterator[tuple[int, Article]]:
        for chunk in _chunks(list(ids)):
            q = f"SELECT seq, {_ARTICLE_COLS} FROM articles WHERE id IN ({','.join('?' * len(chunk))}) ORDER BY seq"
            for r in self.conn.execute(q, chunk).fetchall():
                yield r["seq"], self._article(r)

    def get_articles(self, ids: Iterable[str], light: bool = False) -> dict[str, Article]:
        # light: the heavy JSON columns come back empty (decoding them was a search's largest cost after snippets)
        cols = _ARTICLE_COLS.replace("removed, meta", "'[]' AS removed, '{}' AS meta").replace(
            "statements, dates", "'[]' AS statements, '[]' AS dates") if light else _ARTICLE_COLS
        out: dict[str, Article] = {}
        for chunk in _chunks(list(ids)):
            q = f"SELECT {cols} FROM articles WHERE id IN ({','.join('?' * len(chunk))})"
            out.update((r["id"], self._article(r)) for r in self.conn.execute(q, chunk))
        return out

    def copy_counts(self, ids: Iterable[str]) -> dict[str, int]:
        out: dict[str, int] = {}
        for chunk in _chunks(list(ids)):
            q = (f"SELECT duplicate_of, count(*) FROM articles WHERE duplicate_of IN ({','.join('?' * len(chunk))}) "
                 "GROUP BY duplicate_of")
            out.update((r[0], r[1]) for r in self.conn.execute(q, chunk))
        return out

    def story_article_ids(self, story_id: str) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM articles WHERE story_id=? ORDER BY seq", (story_id,))]

    def sources(self) -> list[tuple[str, int]]:
        return [(r[0], r[1]) for r in self.conn.execute(
            "SELECT source, count(*) FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY 2 DESC, 1")]

    # --- alerts -------------------------------------------------------------------
    def has_alerts(self) -> bool:
        return self.conn.execute("SELECT 1 FROM alerts LIMIT 1").fetchone() is not None

    def alerts(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT a.name, a.kind, a.value, a.deliver, a.created_at, a.last_seq, "
            "(SELECT count(*) FROM alert_hits h WHERE h.alert = a.name) AS hits "
            "FROM alerts a ORDER BY a.name").fetchall()
        return [{**dict(r), "deliver": json.loads(r["deliver"])} for r in rows]

    def add_alert(self, name: str, kind: str, value: str, deliver: Mapping[str, Any], last_seq: int) -> bool:
        self._tx()
        cur = self.conn.execute(
            "INSERT INTO alerts (name, kind, value, deliver, created_at, last_seq) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(name) DO NOTHING",
            (name, kind, value, json.dumps(dict(deliver), ensure_ascii=False), _now(), last_seq))
        return cur.rowcount == 1

    def delete_alert(self, name: str) -> bool:
        self._tx()
        self.conn.execute("DELETE FROM alert_hits WHERE alert=?", (name,))
        return self.conn.execute("DELETE FROM alerts WHERE name=?", (name,)).rowcount == 1

    def advance_alert(self, name: str, seq: int) -> None:
        self._tx()
        self.conn.execute("UPDATE alerts SET last_seq=? WHERE name=? AND last_seq < ?", (seq, name, seq))

    def add_alert_hit(self, hit: Mapping[str, Any]) -> bool:
        self._tx()
        cur = self.conn.execute(
            "INSERT INTO alert_hits (alert, item_key, article_id, kind, seq, pos, payload, fired_at, pending) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(alert, item_key) DO NOTHING",
            (hit["alert"], hit["item_key"], hit["article_id"], hit["kind"], hit["seq"], hit.get("pos", 0),
             json.dumps(hit["payload"], ensure_ascii=False), hit.get("fired_at") or _now(), int(hit.get("pending", 0))))
        return cur.rowcount == 1

    def alert_hits(self, name: str | None = None, limit: int = 50, offset: int = 0,
                   pending: bool = False) -> list[dict[str, Any]]:
        where, params = [], []
        if name is not None:
            where.append("alert=?")
            params.append(name)
        if pending:
            where.append("pending=1")
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        order = "ORDER BY seq, pos" if pending else "ORDER BY seq DESC, pos DESC"
        rows = self.conn.execute(
            f"SELECT alert, item_key, article_id, kind, seq, pos, payload, fired_at, pending, attempts, delivery "
            f"FROM alert_hits {clause} {order} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        return [{**dict(r), "payload": json.loads(r["payload"]), "delivery": json.loads(r["delivery"]),
                 "pending": bool(r["pending"])} for r in rows]

    def claim_alert_hit(self, name: str, item_key: str, attempts: int) -> bool:
        self._tx()
        cur = self.conn.execute(
            "UPDATE alert_hits SET attempts = attempts + 1 WHERE alert=? AND item_key=? AND attempts=? AND pending=1",
            (name, item_key, attempts))
        return cur.rowcount == 1

    def set_alert_delivery(self, name: str, item_key: str, delivery: Mapping[str, Any], pending: bool) -> None:
        self._tx()
        self.conn.execute("UPDATE alert_hits SET delivery=?, pending=? WHERE alert=? AND item_key=?",
                          (json.dumps(dict(delivery), ensure_ascii=False), int(pending), name, item_key))

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.conn.close()


def _json_list(items: list) -> str:
    return json.dumps(items, ensure_ascii=False)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
