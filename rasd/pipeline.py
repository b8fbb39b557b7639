"""The ingest run: read → (workers) decode, extract, clean, identify language → (main) finish, dedup, store.

Per-document work runs in a process pool over fixed-size windows of input,
so memory stays bounded however large the corpus is, and results come back
in input order, so the store is the same whatever the number of workers.
The main process owns the store: it applies cross-article statistics,
finds exact copies and commits once per window, so a killed run loses at
most one window and the next run skips what was committed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from typing import Any

from rasd.analyse import ANNOTATORS, SpanMap, analyse
from rasd.clean import Cleaned, clean, finish
from rasd.entities.registry import Registry
from rasd.entities.registry import table as entity_table
from rasd.entities.resolve import link as link_entities
from rasd.entities.resolve import name_key
from rasd.ingest.decode import DecodeError, decode
from rasd.ingest.html import HtmlError, declared_charset, extract
from rasd.ingest.published import parse_published
from rasd.ingest.readers import FieldMap, read_inputs
from rasd.langid import detect
from rasd.model import Article, Failure, RawDoc, stable_hash
from rasd.store import Store
from rasd.text.arabic import normalize

WINDOW = 256
INDEX_COMMIT_WINDOWS = 8   # the search index commits every 8 windows (2,048 documents) and at the end
COUNT_KEYS = ("read", "ingested", "updated", "already_present", "copies", "filtered", "failed")


class Tracker:
    """The incremental cross-article steps run on each stored window: near-duplicates, then stories."""

    def __init__(self, store: Store) -> None:
        from rasd.dedup import Deduper
        from rasd.stories.cluster import StoryEngine

        self.dedup = Deduper(store)
        self.stories = StoryEngine(store)
        self.timings: list[float] | None = None  # seconds per article in these steps, when a benchmark asks


@dataclass(slots=True)
class Processed:
    raw: RawDoc
    cleaned: Cleaned
    encoding: str | None
    lang: str | None
    lang_score: float | None
    raw_hash: str
    annotations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class IngestReport:
    run_id: int
    counts: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    skipped: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    report_path: str | None = None
    updating: set[str] = field(default_factory=set)  # ids re-read with changed content (update mode)
    just_updated: list[str] = field(default_factory=list)  # updated in the window being stored
    windows_stored: int = 0
    index_failed: bool = False  # the search index was locked by another process: this run leaves it

    def as_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "counts": {k: self.counts.get(k, 0) for k in COUNT_KEYS},
                "seconds": round(self.seconds, 2),
                "failures": [{"path": f.path, "reason": f.reason} for f in self.failures],
                "skipped": [{"path": f.path, "reason": f.reason} for f in self.skipped]}


def _looks_like_html(text: str) -> bool:
    head = text[:1000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in text[:5000].lower() and "</p>" in text.lower())


def process(raw: RawDoc, annotate: Sequence[str] = ()) -> Processed | Failure:
    """Everything that needs only the document itself.  Never raises: a
    problem is a Failure with its reason, so one bad file never stops a batch."""
    try:
        encoding = raw.encoding
        if raw.kind in ("text", "html"):
            assert raw.data is not None
            declared = raw.declared_encoding or (declared_charset(raw.data) if raw.kind == "html" else None)
            text, encoding = decode(raw.data, declared)
        else:
            text = raw.text or ""
        kind = raw.kind
        if kind == "text" and _looks_like_html(text):
            kind = "html"
        title = raw.title
        if kind == "html":
            ex = extract(text)
            text = ex.text
            title = title or ex.title
            if not raw.published and ex.published:
                raw.published, raw.published_source = ex.published, ex.published_source
            if ex.url and not raw.url:
                raw.meta["canonical_url"] = ex.url
            raw.meta.update({k: v for k, v in ex.meta.items() if k not in raw.meta})
            if raw.source_is_name and ex.meta.get("og:site_name"):
                # The page names its own site: a better source than the folder it was saved in.
                raw.source = ex.meta["og:site_name"]
        if raw.kind != "text" and raw.meta.get("warc_date") and not raw.published:
            raw.published, raw.published_source = raw.meta["warc_date"], "crawl"
        if not text.strip():
            return Failure(raw.path, "empty article: its text is blank" + (f" (title: {title[:60]!r})" if title else ""))
        cleaned = clean(text, title.strip() if title else None, detect_title=kind == "text" and not title)
        body = "\n".join(ln.text for ln in cleaned.lines if ln.reason is None)
        if not raw.published and "dates" in annotate:
            stamp = published_from_lines([ln.text for ln in cleaned.lines if ln.reason in ("timestamp", "dateline")])
            if stamp:
                raw.published, raw.published_source = stamp, "dateline"
        if "dates" in annotate and raw.published_source in ("crawl", None) and body:
            # a crawl time stamp comes after publication: the article's url, dateline or
            # weekdays (اليوم الأحد) may say which day it was published
            from rasd.dates import infer_reference
            from rasd.dates.config import options

            ref, src = infer_reference(body, raw.published, raw.published_source, url=raw.url,
                                       tz_offset_hours=options()["tz_offset_hours"])
            if src != raw.published_source:
                if raw.published:
                    raw.meta.setdefault("crawl_date", raw.published)
                raw.published, raw.published_source = ref, src
        lang, score = detect(body or text)
        annotations = analyse(body, raw.published, annotate) if annotate and body and lang == "ar" else {}
        # Exact re-posts only: the raw text's own hash is enough (and cheaper than normalising it).
        return Processed(raw, cleaned, encoding, lang, score, stable_hash(text), annotations)
    except (DecodeError, HtmlError) as e:
        return Failure(raw.path, str(e))
    except Exception as e:  # noqa: BLE001 - any surprise in one document is that document's failure
        return Failure(raw.path, f"internal error: {type(e).__name__}: {e}")


def add_speaker_spans(entities: list[dict[str, Any]], statements: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Speakers the tagger missed or cut short (سليمان for سليمان الحمايدة) become entity mentions:
    a speech verb's subject is a name whatever the tagger thought."""
    spans = list(entities)
    for st in statements:
        s0, s1, typ = st.get("speaker_start"), st.get("speaker_end"), st.get("speaker_type")
        if st.get("kind") == "term" or s0 is None or s1 is None or typ not in ("PER", "ORG", "LOC"):
            continue
        if text[s0:s1] != st.get("speaker") or len(text[s0:s1].split()) > 6:
            continue  # only a clean name span, not a description
        inside = [m for m in spans if m["start"] < s1 and s0 < m["end"]]
        contained = all(s0 <= m["start"] and m["end"] <= s1 and (m["end"] - m["start"]) < (s1 - s0) for m in inside)
        # a tagged person straddling the speaker's name (بحائل عبدالعزيز | عبدالعزيز المشهور) is the tagger's
        # mistake: the name the speech verb governs wins, unless the tagger's span covers it whole
        crossing = typ == "PER" and all(m.get("type") == "PER" and not (m["start"] <= s0 and s1 <= m["end"])
                                        for m in inside)
        if contained or crossing:
            spans = [m for m in spans if m not in inside]
            spans.append({"text": text[s0:s1], "start": s0, "end": s1, "type": typ})
    return sorted(spans, key=lambda m: (m["start"], m["end"]))


def attribute(statements: list[dict[str, Any]], entities: list[dict[str, Any]], dates: list[dict[str, Any]],
              published: str | None) -> list[dict[str, Any]]:
    """Give each statement its speaker's entity (the resolved mention under the speaker's
    offsets: its article-level full name), and the date of the event it reports."""
    from rasd.dates import resolve_statement_date
    from rasd.dates.config import options

    out = []
    for st in statements:
        st = dict(st, speaker_entity_id=None, date=None)
        s0, s1 = st.get("speaker_start"), st.get("speaker_end")
        if st["kind"] != "term" and s0 is not None and s1 is not None:
            hits = [m for m in entities if m["start"] < s1 and s0 < m["end"]]
            if not hits and st.get("speaker"):
                # the tagger missed the mention: the same name elsewhere in the article still tells who it is
                key = name_key(st["speaker"])
                hits = [m for m in entities if key and name_key(m.get("canonical") or m["text"]) == key]
                if hits:
                    s0, s1 = hits[0]["start"], hits[0]["end"]
            if hits:
                m = max(hits, key=lambda m: min(s1, m["end"]) - max(s0, m["start"]))
                st["speaker_entity_id"] = m["entity_id"]
                st["speaker"] = m.get("canonical") or m["text"]
        if st["kind"] != "term":
            st["date"] = resolve_statement_date(st["sentence_start"], st["sentence_end"], dates, published,
                                                content=(st["start"], st["end"]),
                                                tz_offset_hours=options()["tz_offset_hours"])
        out.append(st)
    return out


def published_from_lines(lines: list[str]) -> str | None:
    """The publication date a site prints above or below its articles ("نشر في: الثلاثاء 11 مارس 2025 - 08:05 ص"):
    the first fully written date in the cleaner's timestamp and dateline lines, with its time when given."""
    from rasd.dates import extract_dates

    for line in lines:
        found = [d for d in extract_dates(line, None) if d.get("value") and d["granularity"] in ("day", "time")]
        explicit = [d for d in found if d.get("resolved_from") == "explicit" or d["granularity"] == "time"]
        if explicit:
            timed = [d for d in explicit if d["granularity"] == "time"]
            return (timed or explicit)[0]["value"]
    return None


def _windows(items: Iterable, n: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, n)):
        yield chunk


def ingest(
    paths: list[str],
    store: Store,
    *,
    source: str | None = None,
    published: str | None = None,
    lang_filter: str | None = None,
    workers: int | None = None,
    fields: FieldMap | None = None,
    report_dir: str | None = None,
    on_progress: Callable[[Counter], None] | None = None,
    annotate: Sequence[str] | None = None,
    update: bool = True,
    index: bool = True,
    stories: bool = True,
    timings: list[float] | None = None,
) -> IngestReport:
    """Ingest paths into store; returns counts and failures (also written to a report file).

    update: re-process documents whose content changed since they were stored (see prepared_windows).
    With ``index``, the search index beside the store is brought up to date after every
    stored window, so what is committed is searchable while a long ingest runs."""
    t0 = time.perf_counter()
    workers = workers or os.cpu_count() or 1
    if published is not None:
        parsed = parse_published(published)
        if parsed is None:
            raise ValueError(f"--published {published!r} is not an ISO date or datetime")
        published = parsed
    annotate = tuple(ANNOTATORS) if annotate is None else tuple(annotate)
    work = partial(process, annotate=annotate)
    args = {"paths": paths, "source": source, "published": published, "lang_filter": lang_filter, "workers": workers}
    run_id = store.begin_run(args)
    report = IngestReport(run_id)
    # near-duplicates and stories are decided here, in the main process, in input order: deterministic
    tracker = Tracker(store) if stories else None
    if tracker is not None and timings is not None:
        tracker.timings = timings
    counts = report.counts
    pool = None
    if workers > 1:
        import multiprocessing as mp

        pool = mp.get_context("fork").Pool(workers)
    # the entity table, loaded once: new mentions join the entities already known (or start new ones)
    registry = entity_table(store) if "entities" in annotate else None
    pending = None  # the previous window, still in the workers while this one is read
    search_index = open_search_index(store, index)

    def drain() -> None:
        if pending is not None:
            results = pending.get() if hasattr(pending, "get") else pending
            _store_window(store, report, results, lang_filter, registry, tracker)
            if registry is not None:
                registry.flush(store)
            after_window(store, report, search_index, on_progress)

    try:
        for todo in prepared_windows(paths, store, report, fields=fields, source=source, published=published,
                                     update=update):
            if pool is not None:
                nxt = pool.map_async(work, todo, chunksize=max(1, len(todo) // (workers * 4)))
            else:
                nxt = [work(d) for d in todo]
            drain()
            pending = nxt
        drain()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        finish_index(report, search_index)
    report.seconds = time.perf_counter() - t0
    report.report_path = _write_report(store, report, report_dir, args)
    store.finish_run(run_id, {k: counts.get(k, 0) for k in COUNT_KEYS}, report.report_path)
    return report


def open_search_index(store: Store, index: bool) -> Any:
    """The search index to keep current during an ingest (None when off or the store has none)."""
    if not index:
        return None
    from rasd.search.index import open_index

    return open_index(store)


def after_window(store: Store, report: IngestReport, search_index: Any,
                 on_progress: Callable[[Counter], None] | None = None) -> None:
    """Commit a stored window and bring what reads the store up to date (every engine calls this)."""
    store.commit()
    report.windows_stored += 1
    if search_index is not None and not report.index_failed:
        try:
            search_index.update(store, commit=report.windows_stored % INDEX_COMMIT_WINDOWS == 0)
            if report.just_updated:
                search_index.refresh(store, report.just_updated)
        except ValueError as e:  # another process holds the index's writer: it catches up later
            import sys

            print(f"rasd: search index not updated by this run ({e}); `rasd reindex` or the next ingest catches up",
                  file=sys.stderr)
            report.index_failed = True
    report.just_updated = []
    from rasd.alerts import check_after_window

    check_after_window(store)  # saved alerts fire on what this window stored (never fails the ingest)
    if on_progress:
        on_progress(report.counts)


def finish_index(report: IngestReport, search_index: Any) -> None:
    """What the store committed becomes searchable (also after an error)."""
    if search_index is not None and not report.index_failed:
        search_index.commit()


def prepared_windows(paths: list[str], store: Store, report: IngestReport, *, fields: FieldMap | None = None,
                     source: str | None = None, published: str | None = None,
                     stored_before_next: bool = True, update: bool = False) -> Iterator[list[RawDoc]]:
    """The input in windows of WINDOW items, as the documents still to process: read failures are
    recorded, --source/--published applied, ids fixed, and documents already in the store (or earlier
    in this input) counted as present.  Every engine stores the same windows, so results match.

    stored_before_next: the consumer stores window k before asking for window k+2, so only the last
    two windows' ids need remembering; an engine that reads everything first passes False.
    update: a stored document whose content changed since (same source and url, another
    fingerprint) is processed again and replaces the stored one, which goes to its history."""
    counts = report.counts
    submitted: set[str] = set()
    in_flight: set[str] = set()
    for window in _windows(read_inputs(paths, fields), WINDOW):
        docs: list[RawDoc] = []
        for item in window:
            counts["read"] += 1  # a failure is a unit read too: read = ingested + present + filtered + failed
            if isinstance(item, Failure):
                _fail(store, report, item)
                continue
            if source:
                item.source, item.source_is_name = source, False
            if published:
                item.published, item.published_source = published, "cli"
            item.fix_id()
            docs.append(item)
        existing = store.existing_ids(d.id for d in docs)
        if update and existing:
            stored = store.raw_fingerprints(existing)
            # No stored fingerprint (stored before rasd kept them): nothing to compare, keep it.
            changed = {d.id for d in docs if stored.get(d.id) not in (None, d.fingerprint)}
            report.updating |= changed
            existing -= changed
        todo = []
        for d in docs:
            if d.id in existing or d.id in submitted or d.id in in_flight:
                counts["already_present"] += 1  # in the store, or earlier in this same input
            else:
                submitted.add(d.id)
                todo.append(d)
        yield todo
        if stored_before_next:
            # Ids of stored windows are in the store now; only the window in flight needs remembering.
            in_flight, submitted = submitted, set()


def _fail(store: Store, report: IngestReport, f: Failure) -> None:
    report.failures.append(f)
    report.counts["failed"] += f.count
    store.add_failure(report.run_id, f.path, f.reason)


def _store_window(store: Store, report: IngestReport, results: list[Processed | Failure], lang_filter: str | None,
                  registry: Registry | None = None, tracker: Tracker | None = None) -> None:
    counts = report.counts
    kept: list[Processed] = []
    for r in results:
        if isinstance(r, Failure):
            _fail(store, report, r)
        elif lang_filter and r.lang != lang_filter:
            counts["filtered"] += 1
            report.skipped.append(Failure(r.raw.path, f"language {r.lang or 'unknown'} (--lang-filter {lang_filter})", 0))
        else:
            kept.append(r)

    # Site statistics first, with this window included, so that the first
    # articles of a new site are cleaned with what its later pages reveal.
    increments: Counter = Counter()
    counted: set[tuple[str | None, str]] = set()
    for p in kept:
        src = p.raw.source or ""
        if (src, p.raw_hash) in counted or store.seen_raw(p.raw.source, p.raw_hash):
            continue  # an exact re-post must not make its own lines look like furniture
        counted.add((src, p.raw_hash))
        for k in p.cleaned.site_keys():
            increments[(src, k)] += 1
    if increments:
        store.add_site_lines(increments)
    by_source: dict[str, set[str]] = {}
    for p in kept:
        by_source.setdefault(p.raw.source or "", set()).update(p.cleaned.site_keys())
    site_counts = {s: store.site_counts(s, keys) for s, keys in by_source.items()}

    for p in kept:
        local = [ln for ln in p.cleaned.lines if ln.reason is None]
        text, removed = finish(p.cleaned, site_counts.get(p.raw.source or ""))
        spans = SpanMap([ln.text for ln in local], [ln.reason is None for ln in local])
        notes = {k: spans.move_items(v, ("sentence_start", "sentence_end", "speaker_start", "speaker_end"))
                 for k, v in p.annotations.items()}
        if "entities" in notes:
            if "statements" in notes:
                notes["entities"] = add_speaker_spans(notes["entities"], notes["statements"], text)
            notes["entities"] = link_entities(notes["entities"], text)
            if registry is not None and text.strip():  # an article that is not stored adds nothing to the table
                registry.assign(notes["entities"])
        if "statements" in notes:
            notes["statements"] = attribute(notes["statements"], notes.get("entities", []), notes.get("dates", []),
                                            p.raw.published)
        if not text.strip():
            reasons = Counter(r.reason for r in removed)
            _fail(store, report, Failure(p.raw.path, "no article text left after cleaning (removed: "
                                         + ", ".join(f"{n} {k}" for k, n in reasons.most_common()) + ")"))
            continue
        raw = p.raw
        body_hash = stable_hash(normalize(text))
        sig = None
        t0 = time.perf_counter()
        updating = raw.id in report.updating
        if tracker is not None and not updating:
            dup, _, sig = tracker.dedup.check(raw.id, text, body_hash)
        else:  # an article updated in place keeps its story; its own signature is not a copy of it
            dup = store.first_with_body(body_hash, exclude=raw.id)
        art = Article(
            id=raw.id, source=raw.source, url=raw.url, path=raw.path, title=p.cleaned.title, text=text,
            body_hash=body_hash, published=raw.published, published_source=raw.published_source if raw.published else None,
            lang=p.lang, lang_score=p.lang_score, encoding=p.encoding, removed=removed, meta=raw.meta,
            duplicate_of=dup, entities=notes.get("entities", []), statements=notes.get("statements", []),
            dates=notes.get("dates", []),
        )
        if updating:
            store.update_article(art, report.run_id, p.raw_hash, raw.fingerprint)
            report.just_updated.append(raw.id)
            counts["updated"] += 1
            continue
        if tracker is not None:
            art.story_id = tracker.stories.assign(art)
        store.insert_article(art, report.run_id, p.raw_hash, raw.fingerprint)
        counts["ingested"] += 1
        if dup:
            counts["copies"] += 1
        elif tracker is not None:
            tracker.dedup.remember(art.id, sig)
        if tracker is not None and tracker.timings is not None:
            tracker.timings.append(time.perf_counter() - t0)
    if tracker is not None:
        tracker.stories.flush()


def _write_report(store: Store, report: IngestReport, report_dir: str | None, args: dict[str, Any]) -> str | None:
    loc = store.location
    if report_dir is None:
        if "://" in loc:  # a server store: reports go where a file store's would by default
            report_dir = os.path.join("data", "reports")
        else:
            report_dir = os.path.join(os.path.dirname(os.path.abspath(loc)), "reports")
    os.makedirs(report_dir, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    path = os.path.join(report_dir, f"ingest-{report.run_id:04d}-{stamp}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"store": loc, "args": args, **report.as_dict()}, f, ensure_ascii=False, indent=1)
    return path
