"""The web UI in a real headless browser: Playwright driving Debian's chromium.

The server runs in this process on a free loopback port.  Without
/usr/bin/chromium (``make test`` installs it when it can) these tests are
skipped, and say so loudly; nothing else is.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
import time
from urllib.parse import quote

import pytest
from searchstore import aid, build_store

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]

if not os.path.exists(CHROMIUM):
    msg = f"!!! {CHROMIUM} is missing: the browser tests are SKIPPED (install Debian's chromium: apt-get install chromium)"
    print("\n" + msg, file=sys.stderr)
    pytest.skip(msg, allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(path: str):
    import uvicorn

    from rasd.api import create_app

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning"))
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    deadline = time.time() + 30
    while not srv.started:
        if time.time() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", srv, th


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "rasd.db")
    build_store(path).close()
    url, srv, th = _serve(path)
    yield url
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def story_server(tmp_path_factory):
    """The bundled examples ingested through the whole pipeline: stories, summaries and timelines are real."""
    from conftest import EXAMPLES

    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("web-stories")
    store = SQLiteStore(str(d / "rasd.db"))
    ingest([str(EXAMPLES)], store, workers=1, report_dir=str(d / "reports"))
    store.close()
    url, srv, th = _serve(str(d / "rasd.db"))
    yield url
    srv.should_exit = True
    th.join(10)


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    pg = browser.new_page(viewport={"width": 1200, "height": 900})
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    yield pg
    pg.close()


def test_search_shows_highlighted_hits(server, page):
    page.goto(server + "/")
    page.fill("form.filters input[name=q]", "جدة")
    page.click("form.filters button[type=submit]")
    page.wait_for_selector("li.hit")
    hits = page.locator("li.hit")
    assert hits.count() == 2
    marks = page.locator("li.hit .snippet mark")
    assert marks.count() >= 2 and marks.first.inner_text() == "جدة"
    assert "2 نتيجة" in page.inner_text("p.count")
    # a name in another spelling, and a filter from the form
    page.goto(server + "/search?q=" + quote("بوتن"))
    assert page.locator("li.hit").count() == 2
    page.select_option("select[name=source]", "الساحل")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**source=**")
    assert page.locator("li.hit").count() == 1


def test_article_with_script_shows_it_as_text(server, page):
    page.goto(f"{server}/articles/{aid(6)}")
    text = page.inner_text(".article .text")
    assert "<script>window.__pwned = 1; alert('x')</script>" in text
    assert "<img src=x onerror=alert(2)>" in text
    assert page.inner_text("h1") == "نص <b>غريب</b> في الخبر"
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    assert page.locator(".article img").count() == 0


def test_article_page_annotations_and_removed_lines(server, page):
    page.goto(f"{server}/articles/{aid(4)}")
    assert page.locator(".article .text .ent-PER").first.inner_text() == "سعد القرني"
    assert page.locator(".article .text .stmt").count() >= 1
    assert page.locator(".article .text .date").first.inner_text() == "صباح الاثنين"
    page.goto(f"{server}/articles/{aid(1)}")
    reasons = page.locator(".removed td.reason").all_inner_texts()
    assert reasons == ["شريط مشاركة", "علامة إعلان"]


def test_entity_page_renders(server, page):
    page.goto(server + "/entities?q=" + quote("سعد القرنى"))
    page.click("table.list a.ent")
    page.wait_for_selector("h1.entity-name")
    assert "سعد القرني" in page.inner_text("h1")
    assert set(page.locator(".aliases .chip").all_inner_texts()) == {"سعد القرني", "سعد القرنى"}
    assert page.locator("svg.chart rect.bar").count() >= 2  # one bar per day from the first statement to the last
    assert page.locator("ul.related a").all_inner_texts() == ["جدة"]
    assert page.locator("ul.statements li").count() == 2


def test_pages_are_right_to_left(server, page):
    for path in ("/", "/entities", "/statements", "/stories", f"/articles/{aid(1)}"):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.dir") == "rtl", path
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl", path
        assert page.evaluate("document.documentElement.lang") == "ar"


def test_stories_page_lists_stories(story_server, page):
    page.goto(story_server + "/stories")
    items = page.locator("li.story-item")
    assert items.count() >= 2  # the examples tell four stories
    first = items.first
    assert first.locator("a.story-title").inner_text().strip()
    assert first.locator("svg.spark rect").count() >= 1  # a sparkline of its volume
    assert "مقالة" in first.inner_text()


def test_story_page_summary_and_timeline_cite_their_passages(story_server, page):
    page.goto(story_server + "/stories")
    # the biggest story: the one with the most articles
    counts = [int(t.split()[0]) for t in page.locator("li.story-item small").all_inner_texts()]
    page.locator("a.story-title").nth(counts.index(max(counts))).click()
    page.wait_for_selector("#summary")
    summary = page.locator("#summary ol.summary li")
    assert summary.count() >= 1
    assert page.locator("#timeline").count() == 1
    assert page.locator("#timeline ol.timeline li").count() >= 1
    assert page.locator("#timeline svg.chart rect.bar").count() >= 1
    # every summary sentence links to its passage; following one marks that passage in the article
    cite = summary.first.locator("a.cite")
    sentence = summary.first.inner_text().split("[")[0].strip()
    cite.click()
    page.wait_for_selector("#cited", state="attached")
    marked = " ".join(page.locator(".cited").all_inner_texts())
    assert sentence[:20] in marked
