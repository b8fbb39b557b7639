"""The REST API (FastAPI; OpenAPI at /openapi.json, docs at /docs) and the web pages, in one app.

Every resource has one URL: a program gets JSON, a browser (which asks for
``text/html``) gets the page (``rasd/web``); ``?format=json`` forces JSON.
Every list answers ``{"total": N, "results": [...]}`` and takes ``limit`` and
``offset``.  JSON is UTF-8 with Arabic as is (not ``\\u`` escapes).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from rasd.api.data import article_summary, entity_data
from rasd.search import Filters, SearchIndex, hit_dict, open_index, search
from rasd.store import Store, open_store, resolve_location

DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
MAX_LIMIT = 200


class ArabicJSON(JSONResponse):
    """JSON in UTF-8 with Arabic unescaped (readable in curl, half the bytes)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class App:
    """The store location and the search index an app serves."""

    def __init__(self, db: str | None) -> None:
        self.db = resolve_location(db)
        with self.store() as s:
            self.index: SearchIndex | None = open_index(s)
            if self.index is not None:
                try:
                    self.index.update(s)  # a store filled before search existed, or an ingest that was killed
                except ValueError:
                    pass  # an ingest holds the index's writer lock: it will index what it stores

    @contextmanager
    def store(self) -> Iterator[Store]:
        # One connection per request: SQLite connections are not shared between the server's threads.
        s = open_store(self.db)
        try:
            yield s
        finally:
            s.close()


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"results per page (1–{MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, description="results to skip")]
Date = Annotated[str | None, Query(pattern=DATE_RE, description="ISO date YYYY-MM-DD (inclusive)")]


def _page(total: int, results: list) -> dict[str, Any]:
    return {"total": total, "results": results}


def create_app(db: str | None = None) -> FastAPI:
    """The app for the store at ``db`` (default: $RASD_DB or ./data/rasd.db)."""
    # No /docs or /redoc: their pages load scripts from a CDN, which this offline, CSP-strict app does not allow.
    app = FastAPI(title="rasd API", version="0.1.0", default_response_class=ArabicJSON, docs_url=None, redoc_url=None,
                  description="Arabic news monitoring: articles, full-text search, entities and statements. "
                              "Lists answer {total, results} and take limit/offset.")
    ctx = App(db)
    app.state.rasd = ctx
    from rasd.search.snippet import _reshaping

    _reshaping()  # learnt once per process: not on the first search's time

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> ArabicJSON:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "query")
            problems.append({"parameter": where, "message": e.get("msg"), "input": e.get("input")})
        msg = "; ".join(f"{p['parameter']}: {p['message']}" for p in problems)
        return ArabicJSON({"error": "invalid request", "message": msg, "detail": problems}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> ArabicJSON:
        return ArabicJSON({"error": exc.detail}, status_code=exc.status_code)

    def need_index() -> SearchIndex:
        if ctx.index is None:
            raise HTTPException(503, "this store has no search index (run `rasd reindex`)")
        return ctx.index

    @app.get("/", tags=["meta"])
    def root() -> dict[str, Any]:
        """What is here (a browser gets the search page instead)."""
        return {"name": "rasd", "openapi": "/openapi.json",
                "endpoints": ["/search", "/articles", "/articles/{id}", "/entities", "/entities/{id}", "/statements",
                              "/stories", "/stories/{id}", "/alerts", "/alerts/{name}/feed.atom", "/health"]}

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        with ctx.store() as s:
            st = s.stats()
        return {"status": "ok", "store": ctx.db, "articles": st["articles"], "copies": st["copies"],
                "indexed": ctx.index.num_docs() if ctx.index else 0, "schema_version": st["schema_version"]}

    @app.get("/search", tags=["search"])
    def search_api(
        q: Annotated[str, Query(max_length=1000, description='words (any form), "exact phrases", -excluded; names in any spelling')] = "",
        source: str | None = None, lang: str | None = None, since: Date = None, until: Date = None,
        entity: Annotated[str | None, Query(description="entity id")] = None,
        story: Annotated[str | None, Query(description="story id")] = None,
        sort: Literal["relevance", "date"] = "relevance", limit: Limit = 20, offset: Offset = 0,
        collapse: Annotated[bool, Query(description="fold exact copies into their canonical article (copies count)")] = True,
    ) -> dict[str, Any]:
        idx = need_index()
        with ctx.store() as s:
            res = search(s, idx, q, filters=Filters(source, since, until, entity, story, lang), sort=sort, limit=limit,
                         offset=offset, collapse=collapse)
        return _page(res.total, [hit_dict(h) for h in res.hits])

    @app.get("/articles", tags=["articles"])
    def articles(source: str | None = None, lang: str | None = None, since: Date = None, until: Date = None,
                 entity: str | None = None, story: str | None = None, limit: Limit = 20, offset: Offset = 0,
                 collapse: bool = True) -> dict[str, Any]:
        """Articles, newest first (by publication date)."""
        idx = need_index()
        with ctx.store() as s:
            res = search(s, idx, None, filters=Filters(source, since, until, entity, story, lang), sort="date",
                         limit=limit, offset=offset, collapse=collapse)
        return _page(res.total, [article_summary(h.article, h.copies) for h in res.hits])

    @app.get("/articles/{article_id}", tags=["articles"])
    def article(article_id: str) -> dict[str, Any]:
        """One article as exported (docs/schema.md), with its copies."""
        with ctx.store() as s:
            a = s.get_article(article_id)
            if a is None:
                raise HTTPException(404, f"no article {article_id!r}")
            copies = [article_summary(c) for c in s.copies_of(a.id)]
        return {**a.to_export(), "copies": copies}

    @app.get("/entities", tags=["entities"])
    def entities(q: Annotated[str | None, Query(max_length=200, description="a name in any spelling")] = None,
                 type: Literal["PER", "ORG", "LOC", "MISC"] | None = None,  # noqa: A002 - the API's own word
                 limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Entities, most mentioned first."""
        with ctx.store() as s:
            data = entity_data(s)
        found = data.find_entities(q, type)
        return _page(len(found), found[offset:offset + limit])

    @app.get("/entities/{entity_id}", tags=["entities"])
    def entity(entity_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """An entity: aliases, roles, its statements over time (paged), co-occurring entities, its articles."""
        with ctx.store() as s:
            data = entity_data(s)
        e = data.by_id.get(entity_id)
        if e is None:
            raise HTTPException(404, f"no entity {entity_id!r}")
        rows = data.find_statements(entity_id)
        arts = data.articles_of.get(entity_id, [])
        return {**e, "timeline": [{"month": m, "statements": n} for m, n in data.timeline(rows)],
                "statements": _page(len(rows), [r.as_dict() for r in rows[offset:offset + limit]]),
                "cooccurring": data.cooccurring(entity_id),
                "articles": _page(len(arts), [data.summaries[i] for i in arts[-limit:][::-1]])}

    @app.get("/statements", tags=["statements"])
    def statements(speaker: Annotated[str | None, Query(max_length=200, description="entity id or a name in any spelling")] = None,
                   since: Date = None, until: Date = None,
                   q: Annotated[str | None, Query(max_length=500, description="text the statement contains")] = None,
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Who said what, oldest first."""
        with ctx.store() as s:
            rows = entity_data(s).find_statements(speaker, since, until, q)
        return _page(len(rows), [r.as_dict() for r in rows[offset:offset + limit]])

    @app.get("/stories", tags=["stories"])
    def stories(since: Date = None, q: str | None = None, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Stories (clusters of articles on one event), when the stories stage is installed."""
        list_stories, _ = _stories_stage()
        with ctx.store() as s:
            total, results = list_stories(s, since, q, limit, offset)
        return _page(total, results)

    @app.get("/stories/{story_id}", tags=["stories"])
    def story(story_id: str) -> dict[str, Any]:
        _, get_story = _stories_stage()
        with ctx.store() as s:
            st = get_story(s, story_id)
        if st is None:
            raise HTTPException(404, f"no story {story_id!r}")
        return st

    @app.get("/alerts", tags=["alerts"])
    def alerts() -> dict[str, Any]:
        """Saved alerts (`rasd alert add`), with their hit counts and feed URLs."""
        with ctx.store() as s:
            rows = s.alerts()
        return _page(len(rows), [{**{k: a[k] for k in ("name", "kind", "value", "created_at", "hits")},
                                  "webhook": bool(a["deliver"].get("webhook")), "digest": bool(a["deliver"].get("digest")),
                                  "feed": f"/alerts/{a['name']}/feed.atom"} for a in rows])

    @app.get("/alerts/{name}/feed.atom", tags=["alerts"], response_class=Response,
             responses={200: {"content": {"application/atom+xml": {}}}})
    def alert_feed(name: str, request: Request) -> Response:
        """An alert's hits as an Atom feed, newest first (50 entries)."""
        from rasd.alerts.atom import FEED_ENTRIES, feed

        with ctx.store() as s:
            alert = next((a for a in s.alerts() if a["name"] == name), None)
            if alert is None:
                raise HTTPException(404, f"no alert {name!r}")
            hits = s.alert_hits(name, limit=FEED_ENTRIES)
        return Response(feed(alert, hits, str(request.base_url)), media_type="application/atom+xml; charset=utf-8")

    from rasd.web.routes import mount_web

    mount_web(app, ctx)
    return app


def _stories_stage():
    try:
        from rasd.stories import get_story, list_stories  # built by the stories stage
    except ImportError as e:
        raise HTTPException(501, "stories are not available in this build (the stories stage is not installed)") from e
    return list_stories, get_story


_HTML_PATH = re.compile(r"^/(?:search|articles(?:/[^/]+)?|entities(?:/[^/]+)?|statements|stories(?:/[^/]+)?)?/?$")


def wants_html(request: Request) -> bool:
    """A browser navigating (Accept: text/html first), unless ?format=json asks otherwise."""
    if request.query_params.get("format") == "json":
        return False
    accept = request.headers.get("accept", "")
    return accept.startswith("text/html") or ("text/html" in accept and "application/json" not in accept)


def html_path(path: str) -> bool:
    return _HTML_PATH.match(path) is not None


def app_from_env() -> FastAPI:
    """For `uvicorn rasd.api.app:app_from_env --factory`."""
    return create_app(os.environ.get("RASD_DB"))
