"""Input readers: files, folders, globs, zips, JSON/JSONL, WARC and feeds to RawDocs.

Readers only find documents and their metadata; they do not clean.  Every
problem becomes a :class:`~rasd.model.Failure` in the stream, so one bad file
never stops a batch.  Order is fixed (inputs as given, folder contents and
zip members sorted by name, objects in file order) so that the same input
always gives the same store.
"""

from __future__ import annotations

import glob
import gzip
import io
import json
import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

from rasd.ingest.decode import DecodeError, decode, sniff_binary
from rasd.ingest.published import parse_published
from rasd.model import Failure, RawDoc

TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}
WARC_EXT = {".warc", ".arc"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | FEED_EXT | WARC_EXT | {".zip", ".gz"}

# Per-document size limit: an "article" larger than this is not an article
# (a log file, a dump given the wrong extension) and would stall a worker.
MAX_DOC_BYTES = 10 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024 * 1024


@dataclass
class FieldMap:
    """Which JSON fields hold what; the first present non-empty one wins."""

    text: list[str] = field(default_factory=lambda: ["content", "text", "body", "article", "maintext", "article_body", "description"])
    title: list[str] = field(default_factory=lambda: ["title", "headline", "name"])
    url: list[str] = field(default_factory=lambda: ["url", "link", "uri", "href"])
    source: list[str] = field(default_factory=lambda: ["source", "site", "domain", "publisher", "source_name"])
    published: list[str] = field(default_factory=lambda: ["published", "date", "pubDate", "published_at", "date_published", "datetime", "publish_date", "time"])
    crawled: list[str] = field(default_factory=lambda: ["date_extracted", "date_download", "crawled", "crawled_at", "scraped_at", "fetched_at"])
    author: list[str] = field(default_factory=lambda: ["author", "authors", "byline"])
    html: list[str] = field(default_factory=lambda: ["html", "raw_html"])

    def override(self, spec: str) -> None:
        """Apply ``role=field`` (e.g. ``text=body``) from the command line."""
        role, _, name = spec.partition("=")
        role, name = role.strip(), name.strip()
        if not name or not hasattr(self, role):
            raise ValueError(f"--field wants ROLE=FIELD with ROLE one of {', '.join(self.__dataclass_fields__)}; got {spec!r}")
        getattr(self, role).insert(0, name)


def _ext(name: str) -> str:
    low = name.lower()
    if low.endswith(".warc.gz"):
        return ".warc.gz"
    return os.path.splitext(low)[1]


def expand(paths: list[str]) -> Iterator[tuple[str, str | None] | Failure]:
    """Files named by paths, folders (recursively) and globs, in a fixed order.

    Yields (file path, source hint) where the hint is the folder name for
    files found inside a folder.  Missing paths are failures.  Files in folders
    with an extension rasd does not read are skipped (hidden files too).
    """
    for given in paths:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        if not matches:
            yield Failure(given, "no such file (the pattern matched nothing)")
            continue
        for p in matches:
            p = os.path.normpath(p)
            if os.path.isdir(p):
                for root, dirs, files in os.walk(p):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for f in sorted(files):
                        if f.startswith(".") or _ext(f) not in KNOWN_EXT | {".warc.gz"}:
                            continue
                        yield os.path.join(root, f), os.path.basename(root) or None
            elif os.path.isfile(p):
                parent = os.path.basename(os.path.dirname(os.path.abspath(p)))
                yield p, parent or None
            else:
                yield Failure(p, "no such file or folder")


def read_inputs(paths: list[str], fields: FieldMap | None = None) -> Iterator[RawDoc | Failure]:
    """Every document in paths, in a fixed order, as RawDocs or Failures."""
    fields = fields or FieldMap()
    for item in expand(paths):
        if isinstance(item, Failure):
            yield item
            continue
        path, hint = item
        try:
            size = os.path.getsize(path)
            ext = _ext(path)
            if ext in (".zip",):
                yield from _read_zip(path, fields)
                continue
            if ext in WARC_EXT or ext == ".warc.gz":
                with open(path, "rb") as f:
                    yield from _read_warc(path, f)
                continue
            if ext in JSONL_EXT:
                with open(path, "rb") as f:
                    yield from _read_jsonl(path, f, fields, _stem(path))
                continue
            limit = MAX_JSON_BYTES if ext in JSON_EXT or ext == ".gz" else MAX_DOC_BYTES
            if size > limit:
                yield Failure(path, f"file too large ({size / 1e6:.1f} MB; the limit for one {ext or 'untyped'} file is {limit / 1e6:.0f} MB)")
                continue
            with open(path, "rb") as f:
                data = f.read()
            yield from _dispatch(path, os.path.basename(path), data, fields, hint)
        except OSError as e:
            yield Failure(path, f"cannot read: {e.strerror or e}")


def _stem(name: str) -> str:
    base = os.path.basename(name.rstrip("/"))
    for ext in (".warc.gz", ".jsonl.gz", ".json.gz"):
        if base.lower().endswith(ext):
            return base[: -len(ext)]
    return os.path.splitext(base)[0]


def _dispatch(path: str, name: str, data: bytes, fields: FieldMap, hint: str | None) -> Iterator[RawDoc | Failure]:
    """Route one file's bytes by extension, or by content when the extension says nothing."""
    ext = _ext(name)
    if ext == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            yield Failure(path, f"corrupt gzip: {e}")
            return
        name, ext = name[:-3], _ext(name[:-3])
        if len(data) > MAX_JSON_BYTES:
            yield Failure(path, "file too large after decompression")
            return
    if ext == ".zip":
        yield from _read_zip_bytes(path, data, fields)
    elif ext in WARC_EXT or ext == ".warc.gz":
        yield from _read_warc(path, io.BytesIO(data))
    elif ext in JSONL_EXT:
        yield from _read_jsonl(path, io.BytesIO(data), fields, _stem(name))
    elif ext in JSON_EXT:
        yield from _read_json(path, data, fields, _stem(name))
    elif ext in FEED_EXT:
        yield from _read_feed(path, data, _stem(name))
    elif ext in HTML_EXT:
        yield _file_doc(path, "html", data, hint or _stem(name))
    elif ext in TEXT_EXT:
        yield _file_doc(path, "text", data, hint or _stem(name))
    else:
        yield from _sniff(path, name, data, fields, hint)


def _file_doc(path: str, kind: str, data: bytes, source: str | None) -> RawDoc | Failure:
    if len(data) > MAX_DOC_BYTES:
        return Failure(path, f"file too large ({len(data) / 1e6:.1f} MB; the limit for one article is {MAX_DOC_BYTES / 1e6:.0f} MB)")
    if not data.strip():
        return Failure(path, "empty file")
    return RawDoc(path=path, kind=kind, source=source, data=data, source_is_name=True)


def _sniff(path: str, name: str, data: bytes, fields: FieldMap, hint: str | None) -> Iterator[RawDoc | Failure]:
    why = sniff_binary(data)
    if why:
        yield Failure(path, f"not text: {why}")
        return
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        if b"\n{" in data[:1_000_000] and not head.startswith(b"["):
            yield from _read_jsonl(path, io.BytesIO(data), fields, _stem(name))
        else:
            yield from _read_json(path, data, fields, _stem(name))
    elif head.startswith(b"warc/"):
        yield from _read_warc(path, io.BytesIO(data))
    elif b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        yield from _read_feed(path, data, _stem(name))
    elif head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:8192].lower():
        yield _file_doc(path, "html", data, hint or _stem(name))
    else:
        yield _file_doc(path, "text", data, hint or _stem(name))


# --- containers ------------------------------------------------------------------

def _read_zip(path: str, fields: FieldMap) -> Iterator[RawDoc | Failure]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        try:
            if os.path.getsize(path) > MAX_JSON_BYTES:
                raise OSError("too large to salvage")
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            yield Failure(path, f"corrupt or truncated zip: {e}")
            return
        yield from _salvage_zip(path, data, fields, e)
        return
    with zf:
        yield from _zip_members(path, zf, fields)


def _read_zip_bytes(path: str, data: bytes, fields: FieldMap) -> Iterator[RawDoc | Failure]:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        yield from _salvage_zip(path, data, fields, e)
        return
    with zf:
        yield from _zip_members(path, zf, fields)


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")


def _salvage_zip(path: str, data: bytes, fields: FieldMap, error: Exception) -> Iterator[RawDoc | Failure]:
    """Read what can be read of a zip whose central directory is gone (a truncated
    download): members are found by their local headers, and every member whose
    data is complete is ingested; the failure says how many were recovered."""
    found: list[tuple[str, bytes]] = []
    pos = data.find(b"PK\x03\x04")
    while pos != -1 and pos + _LOCAL_HEADER.size <= len(data):
        (_, _, flags, method, _, _, _, csize, _, nlen, xlen) = _LOCAL_HEADER.unpack_from(data, pos)
        start = pos + _LOCAL_HEADER.size + nlen + xlen
        name = data[pos + _LOCAL_HEADER.size: pos + _LOCAL_HEADER.size + nlen].decode("utf-8" if flags & 0x800 else "cp437", "replace")
        content: bytes | None = None
        try:
            if method == 0 and not flags & 0x08 and start + csize <= len(data):
                content = data[start:start + csize]
            elif method == 8:
                d = zlib.decompressobj(-15)
                out = d.decompress(data[start:start + csize] if csize and not flags & 0x08 else data[start:])
                if d.eof:
                    content = out
        except zlib.error:
            content = None
        if content is not None and name and not name.endswith("/"):
            found.append((name, content))
        pos = data.find(b"PK\x03\x04", start)
    if not found:
        yield Failure(path, f"corrupt or truncated zip, nothing recoverable: {error}")
        return
    yield Failure(path, f"truncated zip: recovered {len(found)} complete member(s); anything after them is lost ({error})")
    zip_source = _stem(path)
    for name, content in sorted(found):
        folder = os.path.basename(os.path.dirname(name))
        yield from _dispatch(f"{path}!{name}", os.path.basename(name), content, fields, folder or zip_source)


def _zip_members(path: str, zf: zipfile.ZipFile, fields: FieldMap) -> Iterator[RawDoc | Failure]:
    zip_source = _stem(path)
    for info in sorted(zf.infolist(), key=lambda i: i.filename):
        if info.is_dir() or os.path.basename(info.filename).startswith(".") or "__MACOSX" in info.filename:
            continue
        mpath = f"{path}!{info.filename}"
        limit = MAX_JSON_BYTES if _ext(info.filename) in JSON_EXT | JSONL_EXT | {".zip", ".gz", ".warc", ".warc.gz"} else MAX_DOC_BYTES
        if info.file_size > limit:
            yield Failure(mpath, f"member too large ({info.file_size / 1e6:.1f} MB)")
            continue
        try:
            data = zf.read(info)
        except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as e:
            yield Failure(mpath, f"corrupt zip member: {e}")
            continue
        folder = os.path.basename(os.path.dirname(info.filename))
        yield from _dispatch(mpath, os.path.basename(info.filename), data, fields, folder or zip_source)


def _first(obj: dict, names: list[str]):
    for n in names:
        v = obj.get(n)
        if v not in (None, "", [], {}):
            return v
    return None


def _as_text(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, list):
        return "\n".join(str(x) for x in v if x is not None)
    if isinstance(v, dict):
        return _as_text(_first(v, ["name", "text", "value"]))
    return str(v)


def _record(path: str, obj, fields: FieldMap, default_source: str) -> RawDoc | Failure:
    if not isinstance(obj, dict):
        return Failure(path, f"not a JSON object (a {type(obj).__name__})")
    text = _as_text(_first(obj, fields.text))
    html = _as_text(_first(obj, fields.html))
    if not text and not html:
        keys = ", ".join(list(obj)[:8])
        return Failure(path, f"no article text (looked for {', '.join(fields.text)}; the object has {keys}); map it with --field text=NAME")
    url = _as_text(_first(obj, fields.url))
    published, psrc = None, None
    raw_pub = _first(obj, fields.published)
    if raw_pub is not None:
        published, psrc = parse_published(raw_pub), "input"
    if published is None:
        raw_crawl = _first(obj, fields.crawled)
        if raw_crawl is not None:
            published = parse_published(raw_crawl)
            psrc = "crawl" if published else None
    source = _as_text(_first(obj, fields.source)) or default_source
    meta = {k: v for k, v in obj.items() if k not in set(fields.text) | set(fields.html) and isinstance(v, (str, int, float, bool))}
    author = _as_text(_first(obj, fields.author))
    if author:
        meta["author"] = author
    if html and not text:
        return RawDoc(path=path, kind="html", source=source, url=url, title=_as_text(_first(obj, fields.title)),
                      published=published, published_source=psrc if published else None, data=html.encode("utf-8"), meta=meta)
    return RawDoc(path=path, kind="record", source=source, url=url, title=_as_text(_first(obj, fields.title)),
                  published=published, published_source=psrc if published else None, text=text, encoding="utf-8", meta=meta)


def _decode_container(path: str, data: bytes) -> str | Failure:
    try:
        text, _ = decode(data)
        return text
    except DecodeError as e:
        return Failure(path, str(e))


def _read_json(path: str, data: bytes, fields: FieldMap, default_source: str) -> Iterator[RawDoc | Failure]:
    text = _decode_container(path, data)
    if isinstance(text, Failure):
        yield text
        return
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield Failure(path, f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}")
        return
    if isinstance(obj, dict):
        # {"articles": [...]}-style wrappers are common in dumps.
        lists = [v for v in obj.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if _first(obj, fields.text) is None and _first(obj, fields.html) is None and len(lists) == 1:
            obj = lists[0]
        else:
            yield _record(path, obj, fields, default_source)
            return
    if not isinstance(obj, list):
        yield Failure(path, f"JSON holds a {type(obj).__name__}, not an article object or a list of them")
        return
    for n, item in enumerate(obj, 1):
        yield _record(f"{path}#{n}", item, fields, default_source)


def _read_jsonl(path: str, f, fields: FieldMap, default_source: str) -> Iterator[RawDoc | Failure]:
    n = 0
    for raw in f:
        n += 1
        if not raw.strip():
            continue
        where = f"{path}#{n}"
        if len(raw) > MAX_DOC_BYTES:
            yield Failure(where, f"line too large ({len(raw) / 1e6:.1f} MB)")
            continue
        try:
            line = raw.decode("utf-8-sig") if n == 1 else raw.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_container(where, raw)
            if isinstance(text, Failure):
                yield text
                continue
            line = text
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Failure(where, f"invalid JSON line: {e.msg} at column {e.colno}")
            continue
        yield _record(where, obj, fields, default_source)


def _read_warc(path: str, stream) -> Iterator[RawDoc | Failure]:
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:  # pragma: no cover - warcio is a core dependency
        yield Failure(path, "warcio is not installed")
        return
    n = 0
    try:
        for rec in ArchiveIterator(stream):
            if rec.rec_type not in ("response", "resource"):
                continue
            n += 1
            uri = rec.rec_headers.get_header("WARC-Target-URI")
            where = f"{path}!{uri or n}"
            ctype = (rec.http_headers.get_header("Content-Type") if rec.http_headers else None) or rec.rec_headers.get_header("Content-Type") or ""
            if rec.http_headers is not None and not rec.http_headers.get_statuscode().startswith("2"):
                continue
            if "html" not in ctype.lower() and "text/plain" not in ctype.lower():
                continue
            data = rec.content_stream().read()
            if not data.strip():
                yield Failure(where, "empty response body")
                continue
            charset = None
            if "charset=" in ctype.lower():
                charset = ctype.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
            crawled = parse_published(rec.rec_headers.get_header("WARC-Date"))
            host = urlparse(uri).hostname if uri else None
            yield RawDoc(path=where, kind="html" if "html" in ctype.lower() else "text", source=host or _stem(path), url=uri,
                         data=data, declared_encoding=charset,
                         meta={"warc_date": crawled} if crawled else {})
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:
        yield Failure(path, f"corrupt or truncated WARC after {n} record(s): {e}")


def _read_feed(path: str, data: bytes, default_source: str) -> Iterator[RawDoc | Failure]:
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = getattr(parsed, "bozo_exception", None)
        yield Failure(path, f"not a readable RSS/Atom feed{f': {why}' if why else ' (no items)'}")
        return
    channel = parsed.feed.get("title") or default_source
    for n, e in enumerate(parsed.entries, 1):
        where = f"{path}#{n}"
        body = None
        if e.get("content"):
            body = max((c.get("value", "") for c in e.content), key=len)
        body = body or e.get("summary") or e.get("description")
        if not body:
            yield Failure(where, "feed item has no content or description")
            continue
        published = None
        for key in ("published", "updated", "created"):
            if e.get(key):
                published = parse_published(e.get(key))
                if published:
                    break
        meta = {k: e.get(k) for k in ("id", "author") if isinstance(e.get(k), str)}
        yield RawDoc(path=where, kind="html", source=channel, url=e.get("link"), title=e.get("title"),
                     published=published, published_source="feed" if published else None,
                     data=f"<html><body><article>{body}</article></body></html>".encode(), meta=meta)
