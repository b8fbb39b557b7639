"""rasd watch: folders and feeds polled, new and changed material ingested, nothing lost or duplicated."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import threading
import time

import pytest
from conftest import BODY, OTHER_BODY, RASD_BIN, TITLE, article_text, write

from rasd.store.sqlite import SQLiteStore
from rasd.watch import Watcher, fetch, run


def _watcher(store, targets, tmp_path):
    return Watcher(store, [str(t) for t in targets], settle=0.0, archive_dir=str(tmp_path / "archive"),
                   ingest_args={"workers": 1, "annotate": (), "report_dir": str(tmp_path / "reports")})


def _counts(results):
    return [(r.report.counts["ingested"], r.report.counts["updated"]) if r.report else r.error for r in results]


def test_folder_new_changed_and_restart(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox / "a.txt", article_text(TITLE, BODY))
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    w = _watcher(store, [inbox], tmp_path)
    assert _counts(w.poll()) == [(1, 0)]
    assert _counts(w.poll()) == [None]  # nothing new: no run at all
    write(inbox / "sub" / "b.txt", article_text(None, OTHER_BODY))
    assert _counts(w.poll()) == [(1, 0)]
    # The same file rewritten with changed text: updated in place, the old version kept.
    old = next(a for a in store.iter_articles() if a.path.endswith("a.txt"))
    time.sleep(0.01)
    write(inbox / "a.txt", article_text(TITLE, BODY[:2] + ["فقرة جديدة أضيفت إلى الخبر بعد نشره، تتضمن تفاصيل إضافية عن المشروع وموعد بدء التنفيذ."]))
    assert _counts(w.poll()) == [(0, 1)]
    assert store.count_articles() == 2
    new = store.get_article(old.id)
    assert "فقرة جديدة" in new.text and "فقرة جديدة" not in old.text
    versions = store.article_versions(old.id)
    assert len(versions) == 1 and versions[0]["record"]["text"] == old.text
    # The search index follows the update: the new words are found, in the one copy of the article.
    from rasd.search import open_index, search

    idx = open_index(store)
    assert [h.article.id for h in search(store, idx, "فقرة جديدة").hits] == [old.id]
    assert idx.num_docs() == 2
    store.close()
    # Restart: a new watcher on the same store re-ingests nothing.
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    assert _counts(_watcher(store, [inbox], tmp_path).poll()) == [None]
    store.close()


def test_killed_poll_is_redone_without_duplicates(tmp_path, monkeypatch):
    inbox = tmp_path / "inbox"
    write(inbox / "a.txt", article_text(TITLE, BODY))
    write(inbox / "b.txt", article_text(None, OTHER_BODY))
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    w = _watcher(store, [inbox], tmp_path)

    def die(*a, **k):
        raise KeyboardInterrupt  # killed after the ingest committed, before the state was written

    monkeypatch.setattr(store, "set_watch_state", die)
    with pytest.raises(KeyboardInterrupt):
        w.poll()
    monkeypatch.undo()
    results = w.poll()
    assert results[0].report.counts["already_present"] == 2 and results[0].report.counts["ingested"] == 0
    assert store.count_articles() == 2
    store.close()


def test_half_written_file_waits(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox / "a.txt", article_text(TITLE, BODY))
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    w = _watcher(store, [inbox], tmp_path)
    w.settle = 60.0
    assert _counts(w.poll()) == [None]
    os.utime(inbox / "a.txt", (time.time() - 120, time.time() - 120))
    assert _counts(w.poll()) == [(1, 0)]
    store.close()


def _rss(items):
    body = "".join(f"<item><title>{t}</title><link>https://news.example/{k}</link><description>{d}</description></item>"
                   for k, t, d in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار المثال</title>'
            f"<link>https://news.example/</link>{body}</channel></rss>").encode()


@pytest.fixture
def feed_server():
    state = {"body": b""}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.end_headers()
            self.wfile.write(state["body"])

        def log_message(self, *a):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield state, f"http://127.0.0.1:{srv.server_address[1]}/feed.rss"
    srv.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when we return: nothing listens there


def test_feed_items_new_changed_and_unreachable(tmp_path, feed_server):
    state, url = feed_server
    dead = f"http://127.0.0.1:{_closed_port()}/feed.rss"
    state["body"] = _rss([(1, TITLE, BODY[0] + " " + BODY[1]), (2, "معرض الكتاب", OTHER_BODY[0] + " " + OTHER_BODY[1])])
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    w = _watcher(store, [dead, url], tmp_path)
    first = w.poll()
    assert first[0].report is None and "unreachable" in first[0].error  # the dead feed is reported...
    assert _counts(first[1:]) == [(2, 0)]  # ...and the live one still ingested
    assert _counts(w.poll()[1:]) == [(0, 0)]  # same items again: nothing new
    state["body"] = _rss([(1, TITLE, BODY[0] + " " + BODY[1] + " " + BODY[2]), (2, "معرض الكتاب", OTHER_BODY[0] + " " + OTHER_BODY[1]),
                          (3, "خبر ثالث", BODY[3] + " " + OTHER_BODY[2])])
    assert _counts(w.poll()[1:]) == [(1, 1)]
    assert store.count_articles() == 3
    changed = next(a for a in store.iter_articles() if a.url == "https://news.example/1")
    assert len(store.article_versions(changed.id)) == 1
    store.close()


def test_fetch_error_is_clear():
    with pytest.raises(OSError, match="unreachable|no answer"):
        fetch(f"http://127.0.0.1:{_closed_port()}/x", timeout=3)


def test_run_loop_polls_n_times(tmp_path):
    store = SQLiteStore(str(tmp_path / "rasd.db"))
    w = _watcher(store, [tmp_path / "missing"], tmp_path)
    seen, slept = [], []
    run(w, 5.0, polls=3, on_poll=seen.append, sleep=slept.append)
    assert len(seen) == 3 and len(slept) == 2
    assert "not a folder" in seen[0][0].error
    store.close()


def test_cli_watch(tmp_path):
    inbox = tmp_path / "inbox"
    write(inbox / "a.txt", article_text(TITLE, BODY))
    os.utime(inbox / "a.txt", (time.time() - 60, time.time() - 60))
    r = subprocess.run([str(RASD_BIN), "watch", str(inbox), "--polls", "2", "--interval", "0.5", "--clean-only",
                        "--db", str(tmp_path / "rasd.db")], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "1 new" in r.stdout and "nothing new" in r.stdout
