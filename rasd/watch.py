"""Continuous ingest: poll folders and feeds, ingest what is new or changed.

Each poll is an ordinary ingest run over just the new material, so every
stage (cleaning statistics, entities, duplicates, stories, the search index)
is updated incrementally by the same code as a batch run.

- A folder: files whose size or modification time differ from what the store
  recorded (``watch_files``) are ingested; a file modified in the last
  ``settle`` seconds waits for the next poll, so a file still being written is
  not read half-way.  State is written after the run commits, so stopping
  and restarting loses nothing (a killed poll is redone) and re-ingests nothing
  (ids are fixed by path; changed content updates in place, history kept).
- A feed URL: fetched each poll; its items are ingested (their ids come from
  their urls, so items seen before are skipped, and an item republished with
  changed text is updated in place).  An unreachable network is reported with
  its reason and the next poll tries again.
"""

from __future__ import annotations

import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rasd.model import stable_hash
from rasd.pipeline import IngestReport, ingest
from rasd.store import Store

USER_AGENT = "rasd-watch/1 (+news monitoring; polite polling)"
MAX_FEED_BYTES = 50 * 1024 * 1024


@dataclass
class PollResult:
    target: str
    files: int = 0
    report: IngestReport | None = None
    error: str | None = None


@dataclass
class Watcher:
    store: Store
    targets: list[str]
    settle: float = 2.0
    timeout: float = 30.0
    archive_dir: str = os.path.join("data", "watch")  # every fetched feed is kept: what was read can be re-read
    ingest_args: dict[str, Any] = field(default_factory=dict)

    def poll(self) -> list[PollResult]:
        """One pass over every target; never raises for one target's problem."""
        out = []
        for t in self.targets:
            try:
                out.append(poll_feed(self, t) if is_url(t) else poll_folder(self, t))
            except Exception as e:  # noqa: BLE001 - one target's trouble must not stop the others
                out.append(PollResult(t, error=f"{type(e).__name__}: {e}"))
        return out


def is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def _changed_files(folder: str, known: dict[str, tuple[int, int]], settle: float) -> dict[str, tuple[int, int]]:
    now = time.time()
    found: dict[str, tuple[int, int]] = {}
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue  # editors' and downloaders' temporary files
            path = os.path.join(root, name)
            try:
                st = os.stat(path)
            except OSError:
                continue  # gone between listing and stat
            if now - st.st_mtime < settle:
                continue  # still being written: next poll
            sig = (st.st_size, st.st_mtime_ns)
            if known.get(path) != sig:
                found[path] = sig
    return found


def poll_folder(w: Watcher, folder: str) -> PollResult:
    if not os.path.isdir(folder):
        return PollResult(folder, error=f"not a folder (or not there): {folder}")
    target = os.path.abspath(folder)
    changed = _changed_files(folder, w.store.watch_state(target), w.settle)
    if not changed:
        return PollResult(folder)
    report = ingest(sorted(changed), w.store, update=True, **w.ingest_args)
    w.store.set_watch_state(target, changed)  # after the run committed: a killed poll is simply redone
    return PollResult(folder, files=len(changed), report=report)


def fetch(url: str, timeout: float) -> bytes:
    """The feed's bytes, or an OSError whose message says why not."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310 - feeds are http(s) by is_url
            data = r.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as e:
        raise OSError(f"the server answered HTTP {e.code} {e.reason}") from None
    except urllib.error.URLError as e:
        raise OSError(f"network unreachable or host unknown ({e.reason}); will retry next poll") from None
    except TimeoutError:
        raise OSError(f"no answer within {timeout:.0f} s; will retry next poll") from None
    if len(data) > MAX_FEED_BYTES:
        raise OSError(f"feed larger than {MAX_FEED_BYTES // 1024 // 1024} MB; not read")
    return data


def poll_feed(w: Watcher, url: str) -> PollResult:
    try:
        data = fetch(url, w.timeout)
    except OSError as e:
        return PollResult(url, error=str(e))
    folder = os.path.join(w.archive_dir, "feeds", stable_hash(url))
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, time.strftime("%Y%m%dT%H%M%S") + f"-{stable_hash(data.hex())}.xml")
    tmp = path + ".part"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    # Items carry their own urls and channel name, so their ids do not depend on this file's name.
    report = ingest([path], w.store, update=True, **w.ingest_args)
    return PollResult(url, files=1, report=report)


def run(w: Watcher, interval: float, *, polls: int | None = None,
        on_poll: Callable[[list[PollResult]], None] | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll every `interval` seconds, `polls` times (forever when None)."""
    n = 0
    while polls is None or n < polls:
        started = time.monotonic()
        results = w.poll()
        if on_poll:
            on_poll(results)
        n += 1
        if polls is not None and n >= polls:
            break
        sleep(max(0.0, interval - (time.monotonic() - started)))
