"""The REST API on a store built from the test fixtures (FastAPI TestClient)."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from searchstore import aid, build_store

from rasd.api import create_app

HIT_FIELDS = {"id", "title", "source", "url", "path", "published", "story_id", "snippet", "score", "copies"}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, tmp_path_factory):
    """The same API on either store."""
    if request.param == "postgresql":
        from conftest import _PG_STATE, _pg_cluster

        cluster = _pg_cluster()
        if cluster is None:
            pytest.skip(_PG_STATE["reason"])
        path = cluster.create_database()
    else:
        path = str(tmp_path_factory.mktemp("api") / "rasd.db")
    build_store(path).close()
    with TestClient(create_app(path)) as c:
        yield c


def get(client, url, status=200, **params):
    r = client.get(url, params=params)
    assert r.status_code == status, r.text
    return r.json()


def test_health(client):
    h = get(client, "/health")
    assert h["status"] == "ok" and h["articles"] == 8 and h["indexed"] == 8


def test_search_results_shape_and_arabic_unescaped(client):
    r = client.get("/search", params={"q": "جدة"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/json")
    assert "جدة".encode() in r.content and b"\\u062c" not in r.content
    body = r.json()
    assert body["total"] == 2 and len(body["results"]) == 2
    for hit in body["results"]:
        assert HIT_FIELDS <= set(hit)
        assert "<mark>جدة</mark>" in hit["snippet"]
        assert isinstance(hit["score"], float)


def test_search_collapse_and_filters(client):
    body = get(client, "/search", q="معرض الكتاب")
    by_id = {h["id"]: h for h in body["results"]}
    assert aid(3) not in by_id and by_id[aid(1)]["copies"] == 1
    body = get(client, "/search", q="معرض الكتاب", collapse="false")
    assert aid(3) in {h["id"] for h in body["results"]}
    assert get(client, "/search", q="جدة", source="الساحل")["total"] == 1
    assert get(client, "/search", q="", since="2025-05-01")["total"] == 1
    assert get(client, "/search", story="S-books")["results"][0]["story_id"] == "S-books"
    dated = get(client, "/search", q="", sort="date")["results"]
    assert [h["score"] for h in dated] == [None] * len(dated)


def test_search_names_any_spelling(client):
    assert {h["id"] for h in get(client, "/search", q="بوتن")["results"]} == {aid(1), aid(2)}


@pytest.mark.parametrize("q", ['"غير مغلق', "AND (", "-", "'; DROP TABLE articles; --", "*?\\"])
def test_malformed_queries_never_fail(client, q):
    body = get(client, "/search", q=q)
    assert body["total"] >= 0
    assert get(client, "/health")["articles"] == 8


@pytest.mark.parametrize("url,params,where", [
    ("/search", {"q": "x", "limit": 0}, "limit"),
    ("/search", {"q": "x", "limit": 100000}, "limit"),
    ("/search", {"q": "x", "offset": -1}, "offset"),
    ("/search", {"q": "x", "since": "10/03/2025"}, "since"),
    ("/search", {"q": "x", "sort": "popularity"}, "sort"),
    ("/articles", {"collapse": "maybe"}, "collapse"),
    ("/statements", {"until": "yesterday"}, "until"),
    ("/entities", {"type": "ANIMAL"}, "type"),
])
def test_validation_errors_are_422_with_a_message(client, url, params, where):
    r = client.get(url, params=params)
    assert r.status_code == 422
    body = r.json()
    assert where in body["message"] and body["detail"][0]["parameter"] == where


def test_articles_pagination(client):
    first = get(client, "/articles", limit=3)
    second = get(client, "/articles", limit=3, offset=3)
    assert first["total"] == second["total"] == 7  # the copy is folded into its canonical
    assert len(first["results"]) == 3
    assert not {a["id"] for a in first["results"]} & {a["id"] for a in second["results"]}
    assert get(client, "/articles", collapse="false")["total"] == 8
    assert get(client, "/articles", lang="en")["results"][0]["id"] == aid(8)


def test_article(client):
    a = get(client, f"/articles/{aid(1)}")
    assert a["title"] == "افتتاح معرض الكتاب الدولي"
    assert [c["id"] for c in a["copies"]] == [aid(3)]
    assert {r["reason"] for r in a["removed"]} == {"share_bar", "ad_marker"}
    assert a["entities"] and all(a["text"][m["start"]:m["end"]] == m["text"] for m in a["entities"])
    r = client.get("/articles/ffffffffffffffff")
    assert r.status_code == 404 and "ffffffffffffffff" in r.json()["error"]


def test_entities(client):
    body = get(client, "/entities")
    assert body["total"] == len(body["results"]) >= 5
    assert all({"entity_id", "name", "type", "aliases", "mention_count"} <= set(e) for e in body["results"])
    # any spelling finds the entity
    (e,) = get(client, "/entities", q="سعد القرنى")["results"]
    assert set(e["aliases"]) == {"سعد القرني", "سعد القرنى"}
    assert get(client, "/entities", type="LOC", limit=1)["results"][0]["type"] == "LOC"
    assert len(get(client, "/entities", limit=2)["results"]) == 2


def test_entity_page_data(client):
    (e,) = get(client, "/entities", q="القرني")["results"]
    d = get(client, f"/entities/{e['entity_id']}")
    assert d["roles"] == ["المتحدث باسم الدفاع المدني"]
    assert d["statements"]["total"] == 2
    dates = [s["date"] for s in d["statements"]["results"]]
    assert dates == sorted(dates)
    assert sum(t["statements"] for t in d["timeline"]) == 2
    assert {c["name"] for c in d["cooccurring"]} == {"جدة"}
    assert d["articles"]["total"] == 2
    assert client.get("/entities/Enope").status_code == 404


def test_statements(client):
    all_ = get(client, "/statements")
    assert all_["total"] == 4  # the copy of article 1 repeats its statement: counted once
    assert get(client, "/statements", speaker="سعد القرني")["total"] == 2
    assert get(client, "/statements", speaker="بوتن")["total"] == 1  # another spelling of the speaker
    assert get(client, "/statements", since="2025-04-08")["total"] == 1
    assert get(client, "/statements", until="2025-03-31")["total"] == 2
    (st,) = get(client, "/statements", q="البلاغات")["results"]
    assert st["article_id"] == aid(4) and st["speaker_role"] == "المتحدث باسم الدفاع المدني"
    assert len(get(client, "/statements", limit=1, offset=1)["results"]) == 1


@pytest.fixture(scope="module")
def story_client(tmp_path_factory):
    """The examples ingested through the whole pipeline, so stories are real."""
    from conftest import EXAMPLES

    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    d = tmp_path_factory.mktemp("api-stories")
    store = SQLiteStore(str(d / "rasd.db"))
    ingest([str(EXAMPLES)], store, workers=1, report_dir=str(d / "reports"))
    store.close()
    with TestClient(create_app(str(d / "rasd.db"))) as c:
        yield c


def test_stories_list_and_story(story_client):
    page = get(story_client, "/stories", limit=2)
    assert page["total"] >= 2 and len(page["results"]) == 2
    assert get(story_client, "/stories", limit=2, offset=2)["results"] != page["results"]
    big = max(get(story_client, "/stories", limit=100)["results"], key=lambda r: r["article_count"])
    st = get(story_client, f"/stories/{big['story_id']}")
    for key in ("title", "first_date", "last_date", "article_ids", "sources", "top_entities", "summary", "timeline",
                "who_said_what", "volume"):
        assert key in st, key
    assert len(st["article_ids"]) == big["article_count"]
    assert st["summary"] and all(x["article_id"] in st["article_ids"] for x in st["summary"])
    assert [e["date"] for e in st["timeline"]] == sorted(e["date"] for e in st["timeline"])
    r = story_client.get("/stories/nope-nothing")
    assert r.status_code == 404


def test_openapi_lists_the_endpoints(client):
    spec = get(client, "/openapi.json")
    for path in ("/articles", "/articles/{article_id}", "/search", "/entities", "/entities/{entity_id}", "/statements",
                 "/health", "/stories", "/stories/{story_id}"):
        assert path in spec["paths"], path


def test_browser_gets_pages_at_the_same_urls(client):
    html = client.get("/search", params={"q": "جدة"}, headers={"Accept": "text/html,application/xhtml+xml"})
    assert html.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert '<html lang="ar" dir="rtl">' in html.text and "<mark>جدة</mark>" in html.text
    forced = client.get("/search", params={"q": "جدة", "format": "json"}, headers={"Accept": "text/html"})
    assert forced.json()["total"] == 2


def test_article_page_escapes_text(client):
    r = client.get(f"/articles/{aid(6)}", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "<script>window" not in r.text and "&lt;script&gt;window.__pwned" in r.text
    assert "<img src=x" not in r.text and "<b>غريب</b>" not in r.text
    assert "<script" not in r.text  # the pages carry no script at all
    missing = client.get("/articles/<script>x", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "&lt;script&gt;x" in missing.text and "<script>x" not in missing.text
    # the JSON of the same article keeps the text as stored
    assert "<script>" in json.loads(client.get(f"/articles/{aid(6)}").content)["text"]
