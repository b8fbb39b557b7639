"""Alerts: saved watches fire once per new matching article or statement, delivered by webhook,
digest file and Atom feed.  Fixtures are short texts written for these tests."""

from __future__ import annotations

import http.server
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import BODY, OTHER_BODY, OTHER_TITLE, TITLE, article_text, run_ingest, write

from rasd.alerts import MAX_ATTEMPTS, AlertError, add_alert, check, remove_alert
from rasd.model import Article

# A minister's statements (invented): speakers and entities come from the real analysis.
MINISTER = ("قال وزير الزراعة خالد المنصوري يوم الاثنين إن الموسم الحالي شهد إنتاجا وفيرا من القمح في المناطق الشمالية.\n"
            "وأضاف المنصوري أن الوزارة ستدعم المزارعين بقروض ميسرة خلال العام المقبل لشراء معدات الري الحديثة.\n")
MINISTER_AGAIN = ("أكد وزير الزراعة خالد المنصوري في مؤتمر صحفي أن أسعار الأعلاف ستنخفض بعد وصول شحنات جديدة إلى الميناء.\n"
                  "وأوضح أن الحكومة تتابع الأسواق يوميا لضمان توفر السلع بأسعار مناسبة للمواطنين.\n")


def _jsonl(path: Path, title: str, content: str, url: str) -> Path:
    return write(path, json.dumps({"title": title, "content": content, "url": url, "date": "2025-03-17T09:00:00+03:00"},
                                  ensure_ascii=False) + "\n")


def _keys(store, name):
    return sorted(h["item_key"] for h in store.alert_hits(name, limit=1000))


def _article(i: int, title: str, text: str, **kw) -> Article:
    return Article(id=f"{i:016x}", source="example.test", url=f"https://example.test/{i}", path=None, title=title,
                   text=text, body_hash=f"h{i}", published="2025-03-1" + str(i % 10), **kw)


def test_each_kind_fires_once_on_new_matching_items(store, tmp_path):
    add_alert(store, "buses", "q", 'حافلات "النقل العام" -معرض')
    add_alert(store, "council-not-buses", "q", "البلدية -حافلات")
    add_alert(store, "minister-said", "speaker", "خالد المنصوري")
    inbox = tmp_path / "in1"
    write(inbox / "transport.txt", article_text(TITLE, BODY))
    write(inbox / "books.txt", article_text(OTHER_TITLE, OTHER_BODY))
    _jsonl(inbox / "farm.jsonl", "وزير الزراعة يتوقع موسما وفيرا", MINISTER, "https://example.test/farm")
    run_ingest([inbox], store)
    arts = {a.path.rsplit("/", 1)[-1].split(":")[0]: a for a in store.iter_articles()}
    transport, farm = arts["transport.txt"], next(a for p, a in arts.items() if p.startswith("farm"))

    assert _keys(store, "buses") == [transport.id]
    assert _keys(store, "council-not-buses") == []  # البلدية is there, but so is the excluded حافلات
    said = store.alert_hits("minister-said")
    assert said and {h["kind"] for h in said} == {"statement"}
    assert {h["article_id"] for h in said} == {farm.id}
    assert len({h["item_key"] for h in said}) == len(said) >= 2  # each statement of the article fires on its own
    assert all("المنصوري" in (h["payload"]["statement"]["speaker"] or "") for h in said)

    # An entity alert added now does not fire on the article already stored ...
    eid = next(s["speaker_entity_id"] for s in farm.statements if s.get("speaker_entity_id"))
    add_alert(store, "minister", "entity", eid)
    assert check(store).fired == 0 and _keys(store, "minister") == []

    # ... but on the next one mentioning him; an exact copy of the transport article fires nothing new.
    inbox2 = tmp_path / "in2"
    _jsonl(inbox2 / "feed.jsonl", "الزراعة تتوقع انخفاض أسعار الأعلاف", MINISTER_AGAIN, "https://example.test/feed")
    write(inbox2 / "transport-copy.txt", article_text(TITLE, BODY))
    run_ingest([inbox2], store)
    feed_article = next(a for a in store.iter_articles() if a.url == "https://example.test/feed")
    assert _keys(store, "minister") == [feed_article.id]
    assert _keys(store, "buses") == [transport.id]
    assert {h["article_id"] for h in store.alert_hits("minister-said")} == {farm.id, feed_article.id}

    # Re-running the check and re-ingesting the same inputs fire nothing again.
    before = {a["name"]: a["hits"] for a in store.alerts()}
    assert check(store).fired == 0
    run_ingest([inbox, inbox2], store)
    assert {a["name"]: a["hits"] for a in store.alerts()} == before

    # --backfill: a new alert fires on what is already stored (once).
    add_alert(store, "minister-all", "entity", eid, backfill=True)
    assert check(store).fired == 2
    assert _keys(store, "minister-all") == sorted([farm.id, feed_article.id])
    assert check(store).fired == 0


def test_alert_definitions_are_checked(store):
    add_alert(store, "a", "q", "كتاب")
    with pytest.raises(AlertError):
        add_alert(store, "a", "q", "معرض")  # the name is taken
    for name, kind, value, kw in [("../x", "q", "كتاب", {}), ("b", "q", "!!! ؟", {}), ("c", "colour", "x", {}),
                                  ("d", "q", "كتاب", {"webhook": "file:///etc/passwd"})]:
        with pytest.raises(AlertError):
            add_alert(store, name, kind, value, **kw)
    assert [a["name"] for a in store.alerts()] == ["a"]
    assert remove_alert(store, "a") and not remove_alert(store, "a") and not store.has_alerts()


class _Hook:
    """A local webhook receiver on 127.0.0.1 that answers with ``status`` and records what it got."""

    def __init__(self) -> None:
        self.status = 200
        self.bodies: list[dict] = []
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the http.server API
                n = int(self.headers.get("Content-Length") or 0)
                hook.bodies.append({"json": json.loads(self.rfile.read(n).decode("utf-8")),
                                    "type": self.headers.get("Content-Type")})
                self.send_response(hook.status)
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 5
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def test_webhook_delivery_failure_then_retry(store, tmp_path, capsys):
    with _Hook() as hook:
        add_alert(store, "buses", "q", "حافلات", webhook=hook.url)
        hook.status = 500
        report = run_ingest([write(tmp_path / "in" / "t.txt", article_text(TITLE, BODY))], store, annotate=())
        assert report.counts["ingested"] == 1  # a failed delivery never fails the ingest ...
        assert "alert delivery failed" in capsys.readouterr().err  # ... it says why
        [hit] = store.alert_hits("buses")
        assert hit["pending"] and hit["attempts"] == 1
        assert hit["delivery"]["webhook"]["ok"] is False and "500" in hit["delivery"]["webhook"]["error"]

        hook.status = 200
        res = check(store)
        assert (res.fired, res.delivered, res.failed) == (0, 1, [])
        [hit] = store.alert_hits("buses")
        assert not hit["pending"] and hit["delivery"]["webhook"]["ok"] and hit["attempts"] == 2
        assert len(hook.bodies) == 2 and hook.bodies[-1]["type"].startswith("application/json")
        body = hook.bodies[-1]["json"]
        assert body["alert"] == "buses" and body["kind"] == "article" and "statement" not in body
        assert body["article"]["id"] == hit["article_id"] and body["article"]["title"] == TITLE
        assert set(body["article"]) >= {"id", "title", "source", "url", "published"}

        check(store)
        assert len(hook.bodies) == 2  # delivered: never posted again


def test_webhook_gives_up_after_max_attempts(store):
    add_alert(store, "dead", "q", "حافلات", webhook="http://127.0.0.1:9/nothing-listens-here")
    store.insert_article(_article(1, TITLE, "\n\n".join(BODY)), 0, "r1")
    store.commit()
    for i in range(MAX_ATTEMPTS):
        res = check(store)
        assert res.failed and "unreachable" in res.failed[0]
        [hit] = store.alert_hits("dead")
        assert hit["attempts"] == i + 1 and hit["pending"] == (i + 1 < MAX_ATTEMPTS)
        assert not store.claim_alert_hit("dead", hit["item_key"], i)  # a stale claim (another checker won it)
        store.commit()
    assert "gave up" in hit["delivery"]["webhook"]["error"]
    assert check(store).failed == []  # no more attempts


def test_digest_file_lines_are_markdown_escaped(store, tmp_path):
    digest = tmp_path / "digests"
    add_alert(store, "buses", "q", "حافلات", digest=str(digest))
    title = "البلدية [تعلن](javascript:alert(1)) خطة *عاجل* <b>للنقل</b>"
    store.insert_article(_article(1, title, "\n\n".join(BODY)), 0, "r1")
    store.insert_article(_article(2, OTHER_TITLE, "\n\n".join(OTHER_BODY)), 0, "r2")
    store.commit()
    assert check(store).delivered == 1
    [f] = list(digest.iterdir())
    assert f.name.startswith("buses-") and f.name.endswith(".md") and len(f.name) == len("buses-2025-01-01.md")
    lines = [ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.startswith("- ")]
    assert len(lines) == 1
    line = lines[0]
    assert r"\[تعلن\]\(javascript:alert\(1\)\)" in line and r"\*عاجل\*" in line and r"\<b\>" in line
    assert "[تعلن](" not in line and "<b>" not in line
    assert "<https://example.test/1>" in line and f"`{1:016x}`" in line
    check(store)
    assert len([ln for ln in f.read_text(encoding="utf-8").splitlines() if ln.startswith("- ")]) == 1


def test_atom_feed_from_the_api(tmp_path):
    from fastapi.testclient import TestClient

    from rasd.api.app import create_app
    from rasd.store.sqlite import SQLiteStore

    db = str(tmp_path / "db" / "rasd.db")
    with SQLiteStore(db) as s:
        add_alert(s, "buses", "q", "حافلات")
        s.insert_article(_article(1, "حافلات <script>alert('x')</script> & النقل", "\n\n".join(BODY)), 0, "r1")
        s.insert_article(_article(2, TITLE, "\n\n".join(BODY)), 0, "r2")
        s.insert_article(_article(3, OTHER_TITLE, "\n\n".join(OTHER_BODY)), 0, "r3")
        s.commit()
        assert check(s).fired == 2
    client = TestClient(create_app(db))
    listing = client.get("/alerts").json()
    assert listing["total"] == 1 and listing["results"][0]["hits"] == 2
    assert listing["results"][0]["feed"] == "/alerts/buses/feed.atom"

    for accept in ("application/atom+xml", "text/html,application/xhtml+xml"):  # a browser is not sent to a page
        r = client.get("/alerts/buses/feed.atom", headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    assert b"<script>" not in r.content and b"&lt;script&gt;" in r.content
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(r.content)
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [TITLE, "حافلات <script>alert('x')</script> & النقل"]  # newest first
    assert entries[0].find("a:link", ns).get("href") == "https://example.test/2"
    assert entries[1].find("a:published", ns).text == "2025-03-11T00:00:00Z"
    assert root.find("a:id", ns).text == "urn:rasd:alert:buses"
    assert client.get("/alerts/nope/feed.atom").status_code == 404


def test_cli_add_list_hits_check_rm(tmp_path):
    from rasd.cli import main

    db = str(tmp_path / "db" / "rasd.db")
    inbox = tmp_path / "in"
    write(inbox / "t.txt", article_text(TITLE, BODY))
    r = CliRunner()
    assert r.invoke(main, ["--db", db, "ingest", "--workers", "1", str(inbox)]).exit_code == 0
    res = r.invoke(main, ["--db", db, "alert", "add", "buses", "--q", "حافلات"])
    assert res.exit_code == 0, res.output
    assert r.invoke(main, ["--db", db, "alert", "add", "x", "--q", "a", "--entity", "b"]).exit_code != 0
    assert "0 new hit(s)" in r.invoke(main, ["--db", db, "alert", "check"]).output  # the past does not fire
    res = r.invoke(main, ["--db", db, "alert", "add", "buses-all", "--q", "حافلات", "--backfill", "--digest",
                          str(tmp_path / "dig")])
    assert res.exit_code == 0 and "backfill: 1 hit(s)" in res.output
    assert "buses-all" in r.invoke(main, ["--db", db, "alert", "list"]).output
    hits = [json.loads(x) for x in r.invoke(main, ["--db", db, "alert", "hits", "buses-all", "--json"]).output.splitlines()]
    assert len(hits) == 1 and hits[0]["payload"]["article"]["title"] == TITLE
    assert "[digest ok]" in r.invoke(main, ["--db", db, "alert", "hits", "buses-all"]).output
    assert r.invoke(main, ["--db", db, "alert", "rm", "buses-all"]).exit_code == 0
    assert r.invoke(main, ["--db", db, "alert", "hits", "buses-all"]).exit_code != 0


def test_alerts_on_both_stores(any_store, monkeypatch):
    import rasd.alerts

    monkeypatch.setattr(rasd.alerts, "COMMIT_EVERY", 1)  # progress committed after every article
    s = any_store
    s.insert_article(_article(1, TITLE, "\n\n".join(BODY)), 0, "r1")
    s.commit()
    add_alert(s, "buses", "q", "حافلات")
    add_alert(s, "said", "speaker", "e:1")
    add_alert(s, "old", "q", "حافلات", backfill=True)
    st = [{"text": "الموسم وفير", "speaker": "خالد المنصوري", "speaker_entity_id": "e:1", "start": 5, "end": 16},
          {"text": "كلام آخر", "speaker": "سالم", "speaker_entity_id": "e:2", "start": 30, "end": 38}]
    s.insert_article(_article(2, "النقل: " + TITLE, "\n\n".join(BODY), statements=st), 0, "r2")
    s.insert_article(_article(3, OTHER_TITLE, "\n\n".join(OTHER_BODY)), 0, "r3")
    s.commit()
    assert check(s).fired == 4
    assert {a["name"]: a["last_seq"] for a in s.alerts()} == {n: s.max_seq() for n in ("buses", "said", "old")}
    assert _keys(s, "buses") == [f"{2:016x}"]
    assert _keys(s, "old") == [f"{1:016x}", f"{2:016x}"]
    assert _keys(s, "said") == [f"{2:016x}:5"]
    assert check(s).fired == 0
    assert {a["name"]: a["hits"] for a in s.alerts()} == {"buses": 1, "old": 2, "said": 1}
    assert s.delete_alert("old") and s.alert_hits("old") == []


def test_speaker_name_reaches_statements_linked_to_that_entity():
    from rasd.alerts.match import ArticleView, Matcher

    ents = [{"text": "خالد المنصوري", "canonical": "خالد المنصوري", "entity_id": "E1"},
            {"text": "سالم", "canonical": "سالم العتيبي", "entity_id": "E2"}]
    st = [{"speaker": "الوزير", "speaker_entity_id": "E1", "start": 10, "text": "أ"},
          {"speaker": "العتيبي", "speaker_entity_id": "E2", "start": 40, "text": "ب"},
          {"speaker": "الدكتور خالد المنصوري", "speaker_entity_id": None, "start": 70, "text": "ج"},
          {"speaker": "خالد", "speaker_entity_id": None, "start": 90, "text": "د"}]
    view = ArticleView(_article(1, "عنوان", "نص", entities=ents, statements=st))
    assert [k for k, _, _ in Matcher.of("speaker", "خالد المنصوري").items(view)] == [f"{1:016x}:10", f"{1:016x}:70"]
    assert [k for k, _, _ in Matcher.of("speaker", "E2").items(view)] == [f"{1:016x}:40"]
