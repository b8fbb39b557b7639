"""The records that flow between stages.

``RawDoc`` is what a reader found in the input (before any cleaning);
``Article`` is a cleaned article as the store keeps it and the export shows
it.  Offsets everywhere are Python string indices into ``Article.text``,
end-exclusive.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any


def stable_hash(*parts: str | None, size: int = 8) -> str:
    """Short, stable hex digest of parts (not for security)."""
    h = hashlib.blake2b(digest_size=size)
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()


@dataclass(slots=True)
class RawDoc:
    """One input document as read, before decoding/extraction/cleaning."""

    path: str                      # input path as given, with !member and #N
    kind: str                      # "text" | "html" | "record" (already-structured text)
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    data: bytes | None = None      # undecoded bytes (text/html files)
    text: str | None = None        # decoded text (records from JSON/feeds)
    encoding: str | None = None
    declared_encoding: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    source_is_name: bool = False   # source is only the file or folder name (a page's own site name may replace it)
    id: str = ""
    fingerprint: str = ""          # hash of the content as read: tells a changed re-publication from a re-read

    def fix_id(self) -> str:
        """Identity: a hash of (source, url, or the path with no url), fixed before any parsing,
        so that re-ingest can skip what the store has without redoing the work."""
        self.id = stable_hash(self.source, self.url or self.path)
        h = hashlib.blake2b(digest_size=8)
        h.update(self.data if self.data is not None else (self.text or "").encode("utf-8"))
        h.update(b"\x1f" + (self.title or "").encode("utf-8"))
        self.fingerprint = h.hexdigest()
        return self.id


@dataclass(slots=True)
class Failure:
    """An input that could not become an article, and why."""

    path: str
    reason: str
    count: int = 1  # documents lost, when known (a truncated zip may lose many)


@dataclass(slots=True)
class Removed:
    text: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "reason": self.reason}


@dataclass(slots=True)
class Article:
    id: str
    source: str | None
    url: str | None
    path: str | None
    title: str | None
    text: str
    body_hash: str = ""
    published: str | None = None
    published_source: str | None = None
    lang: str | None = None
    lang_score: float | None = None
    encoding: str | None = None
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    duplicate_of: str | None = None
    story_id: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    dates: list[dict[str, Any]] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        """The export contract's object (docs/schema.md)."""
        d = asdict(self)
        d["removed"] = [r.to_dict() if isinstance(r, Removed) else r for r in self.removed]
        return d
