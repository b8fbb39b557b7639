"""The web pages: server-rendered Jinja2, right to left, no script at all.

Pages live under /ui/… and are also what a browser gets at the API's own
URLs (/search, /articles/{id}, …): a middleware sends requests that ask for
HTML to the page.  Every response carries a strict Content-Security-Policy
(no scripts, styles and fonts from this server only), so even text that
slipped through unescaped could not run.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from rasd.api.data import entity_data
from rasd.search import Filters, search
from rasd.web.render import annotated_text, bar_chart, sparkline

HERE = os.path.dirname(__file__)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
PAGE = 20

env = Environment(loader=FileSystemLoader(os.path.join(HERE, "templates")), autoescape=select_autoescape(["html"]),
                  trim_blocks=True, lstrip_blocks=True)

REASONS_AR = {
    "ad_marker": "علامة إعلان", "url": "رابط", "view_counter": "عدّاد مشاهدات", "read_also": "اقرأ أيضا",
    "comment_prompt": "دعوة للتعليق", "share_bar": "شريط مشاركة", "cookie_notice": "إشعار ملفات تعريف الارتباط",
    "copyright": "حقوق النشر", "tags": "وسوم", "byline": "سطر الكاتب", "masthead": "ترويسة الموقع",
    "timestamp": "ختم زمني", "dateline": "سطر التاريخ", "breadcrumb": "مسار التنقل", "source_label": "المصدر",
    "latin_widget": "عنصر واجهة لاتيني", "title_repeat": "تكرار العنوان", "caption": "تعليق صورة",
    "repeated_line": "سطر مكرر", "edge_fragment": "بقايا قائمة", "punctuation_only": "علامات ترقيم فقط",
    "site_repeat": "سطر يتكرر في الموقع",
}
TYPES_AR = {"PER": "شخص", "ORG": "منظمة", "LOC": "مكان", "MISC": "أخرى"}


def _render(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = env.get_template(name).render(request=request, reasons=REASONS_AR, types=TYPES_AR, **ctx)
    return HTMLResponse(html, status_code=status)


def _pages(request: Request, total: int, offset: int, limit: int) -> dict[str, Any]:
    """Links to the previous and next page, keeping every other query parameter."""
    params = {k: v for k, v in request.query_params.items() if k != "offset" and v != ""}

    def url(off: int) -> str:
        return "?" + urlencode({**params, "offset": off})

    return {"total": total, "first": offset + 1 if total else 0, "last": min(total, offset + limit),
            "prev": url(max(0, offset - limit)) if offset > 0 else None,
            "next": url(offset + limit) if offset + limit < total else None}


def _int(v: str | None, default: int, lo: int = 0, hi: int = 10_000) -> int:
    try:
        return min(hi, max(lo, int(v))) if v not in (None, "") else default
    except ValueError:
        return default


def _date(v: str | None) -> str | None:
    import re

    return v if v and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v) else None


def mount_web(app: FastAPI, ctx: Any) -> None:
    from rasd.api.app import html_path, wants_html

    app.mount("/static", StaticFiles(directory=os.path.join(HERE, "static")), name="static")

    @app.middleware("http")
    async def negotiate(request: Request, call_next):
        path = request.scope["path"]
        if html_path(path) and wants_html(request):
            request.scope["path"] = "/ui" + (path.rstrip("/") or "/")
        response = await call_next(request)
        response.headers["Vary"] = "Accept"
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.get("/ui", include_in_schema=False)
    @app.get("/ui/", include_in_schema=False)
    @app.get("/ui/search", include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        q = (qp.get("q") or "")[:1000]
        filters = Filters(qp.get("source") or None, _date(qp.get("since")), _date(qp.get("until")),
                          qp.get("entity") or None, qp.get("story") or None, qp.get("lang") or None)
        sort = "date" if qp.get("sort") == "date" else "relevance"
        collapse = qp.get("collapse") != "false"
        offset = _int(qp.get("offset"), 0)
        with ctx.store() as s:
            res = search(s, ctx.index, q, filters=filters, sort=sort, limit=PAGE, offset=offset,
                         collapse=collapse) if ctx.index else None
            sources = s.sources()
            data = entity_data(s) if filters.entity else None
        entity_name = data.by_id[filters.entity]["name"] if data and filters.entity in data.by_id else None
        return _render("search.html", request, q=q, f=filters, sort=sort, collapse=collapse, res=res, sources=sources,
                       entity_name=entity_name, pages=_pages(request, res.total if res else 0, offset, PAGE))

    @app.get("/ui/articles", include_in_schema=False)
    def articles_page(request: Request) -> RedirectResponse:
        return RedirectResponse("/search?sort=date", status_code=303)

    @app.get("/ui/articles/{article_id}", include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        with ctx.store() as s:
            a = s.get_article(article_id)
            if a is None:
                return _render("error.html", request, 404, message=f"لا توجد مقالة بهذا المعرف: {article_id}")
            copies = s.copies_of(a.id)
        cite = request.query_params.get("cite") or ""
        span = None
        if "-" in cite:
            lo, _, hi = cite.partition("-")
            if lo.isdigit() and hi.isdigit():
                span = (int(lo), int(hi))
        body = annotated_text(a.text, a.entities, a.statements, a.dates, cited=span)
        ents: dict[str, dict[str, Any]] = {}
        for m in a.entities:
            e = ents.setdefault(m["entity_id"], {"id": m["entity_id"], "name": m.get("canonical") or m["text"],
                                                 "type": m.get("type"), "n": 0})
            e["n"] += 1
        return _render("article.html", request, a=a, body=body, copies=copies,
                       entities=sorted(ents.values(), key=lambda e: -e["n"]),
                       statements=[st for st in a.statements if st.get("kind") != "term"])

    @app.get("/ui/entities", include_in_schema=False)
    def entities_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        q = (qp.get("q") or "")[:200] or None
        type_ = qp.get("type") if qp.get("type") in TYPES_AR else None
        offset = _int(qp.get("offset"), 0)
        with ctx.store() as s:
            data = entity_data(s)
        found = data.find_entities(q, type_)
        return _render("entities.html", request, q=q or "", type_=type_, entities=found[offset:offset + 50],
                       pages=_pages(request, len(found), offset, 50))

    @app.get("/ui/entities/{entity_id}", include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        with ctx.store() as s:
            data = entity_data(s)
        e = data.by_id.get(entity_id)
        if e is None:
            return _render("error.html", request, 404, message=f"لا يوجد كيان بهذا المعرف: {entity_id}")
        rows = data.find_statements(entity_id)
        series = data.timeline(rows)
        arts = [data.summaries[i] for i in data.articles_of.get(entity_id, [])][::-1]
        return _render("entity.html", request, e=e, statements=rows[::-1][:100], n_statements=len(rows),
                       chart=bar_chart(series, label="التصريحات عبر الزمن"), series=series,
                       related=data.cooccurring(entity_id), articles=arts[:50], n_articles=len(arts))

    @app.get("/ui/statements", include_in_schema=False)
    def statements_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        speaker = (qp.get("speaker") or "")[:200] or None
        q = (qp.get("q") or "")[:500] or None
        since, until = _date(qp.get("since")), _date(qp.get("until"))
        offset = _int(qp.get("offset"), 0)
        with ctx.store() as s:
            rows = entity_data(s).find_statements(speaker, since, until, q)[::-1]
        return _render("statements.html", request, speaker=speaker or "", q=q or "", since=since or "",
                       until=until or "", rows=rows[offset:offset + 50], pages=_pages(request, len(rows), offset, 50))

    @app.get("/ui/stories", include_in_schema=False)
    def stories_page(request: Request) -> HTMLResponse:
        if not _stories_available():
            return _render("stories.html", request, available=False)
        from rasd.stories import list_stories

        qp = request.query_params
        q = (qp.get("q") or "")[:500] or None
        since = _date(qp.get("since"))
        offset = _int(qp.get("offset"), 0)
        with ctx.store() as s:
            total, rows = list_stories(s, since, q, PAGE, offset)
        for r in rows:  # a sparkline of articles per day
            r["spark"] = sparkline([(v["date"], v["count"]) for v in r.get("volume") or []],
                                   label="عدد المقالات يوميا")
        return _render("stories.html", request, available=True, rows=rows, q=q or "", since=since or "",
                       pages=_pages(request, total, offset, PAGE))

    @app.get("/ui/stories/{story_id}", include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        if not _stories_available():
            return _render("stories.html", request, available=False)
        from rasd.stories import get_story

        with ctx.store() as s:
            st = get_story(s, story_id)
            if st is None:
                return _render("error.html", request, 404, message=f"لا توجد قصة بهذا المعرف: {story_id}")
            titles = {a["id"]: a for a in st.get("articles", [])}
            # Each cited passage shown from the article's own text, escaped by the template.
            arts = s.get_articles({x["article_id"] for x in st["summary"] + st["timeline"]}, light=True)
        for x in st["summary"] + st["timeline"]:
            a = arts.get(x["article_id"])
            x["article"] = titles.get(x["article_id"]) or {"id": x["article_id"], "title": a.title if a else None}
        per_day: dict[str, int] = {}
        for ev in st["timeline"]:
            if ev.get("date"):
                per_day[ev["date"][:10]] = per_day.get(ev["date"][:10], 0) + 1
        return _render("story.html", request, st=st,
                       volume=bar_chart([(v["date"], v["count"]) for v in st.get("volume") or []],
                                        label="المقالات عبر الزمن"),
                       timeline_chart=bar_chart(sorted(per_day.items()), label="أحداث الخط الزمني"))


def _stories_available() -> bool:
    try:
        import rasd.stories  # noqa: F401
    except ImportError:
        return False
    return True
