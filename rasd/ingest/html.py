"""Main text, title, date and metadata out of an HTML page (trafilatura + lxml).

trafilatura finds the article's main text; the page's own metadata (meta
tags, canonical link, lang attribute) is kept apart in ``meta`` so nothing
the page says about itself is lost.  Our cleaner runs on trafilatura's text
afterwards, because site furniture survives extraction on Arabic sites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rasd.ingest.published import parse_published

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DATE_KEYS = ("article:published_time", "og:published_time", "datePublished", "pubdate", "publishdate",
              "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "article.published")


class HtmlError(ValueError):
    pass


@dataclass
class Extracted:
    text: str
    title: str | None = None
    published: str | None = None
    published_source: str | None = None
    url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def declared_charset(data: bytes) -> str | None:
    m = _CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "ignore") if m else None


def page_meta(tree) -> dict[str, Any]:
    """The page's own metadata: <title>, <html lang>, canonical link, meta name/property tags."""
    meta: dict[str, Any] = {}
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    if root.get("lang"):
        meta["html_lang"] = root.get("lang")
    t = root.find(".//title")
    if t is not None and (t.text or "").strip():
        meta["html_title"] = t.text.strip()
    for link in root.iterfind(".//link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            meta["canonical"] = link.get("href")
    for m in root.iterfind(".//meta"):
        key = m.get("property") or m.get("name") or m.get("itemprop")
        val = m.get("content")
        if key and val and len(meta) < 200:
            meta.setdefault(key.strip(), val.strip()[:2000])
    return meta


def extract(html: str) -> Extracted:
    """Extract an article from HTML text; raises :class:`HtmlError` when there is none."""
    import lxml.html
    import trafilatura
    from lxml import etree

    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError) as e:
        raise HtmlError(f"unparseable HTML: {e}") from e
    meta = page_meta(tree)
    doc = trafilatura.bare_extraction(
        tree, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S"},
    )
    text = (doc.text if doc is not None else "") or ""
    if not text.strip():
        # trafilatura gives up on very short pages; the visible text is still better than nothing.
        body = tree.find(".//body")
        for bad in (body.iterfind(".//script") if body is not None else []):
            bad.drop_tree()
        text = body.text_content() if body is not None else ""
        text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not text.strip():
        raise HtmlError("no text found in the HTML page")
    published, psrc = None, None
    for key in _DATE_KEYS:
        if meta.get(key):
            published = parse_published(meta[key])
            if published:
                psrc = "html-meta"
                break
    if published is None and doc is not None and doc.date:
        published, psrc = parse_published(doc.date), "html-date"
    title = (doc.title if doc is not None else None) or meta.get("og:title") or meta.get("html_title")
    site = (doc.sitename if doc is not None else None) or meta.get("og:site_name")
    if title and site:
        title = _strip_site(title, site)
    if site:
        meta.setdefault("og:site_name", site)
    url = meta.get("canonical") or meta.get("og:url")
    return Extracted(text=text, title=title, published=published, published_source=psrc if published else None,
                     url=url, meta=meta)


def _strip_site(title: str, site: str) -> str:
    for sep in (" - ", " | ", " – ", " — ", " :: ", " « ", " » "):
        if title.endswith(sep + site):
            return title[: -len(sep + site)].strip()
        if title.startswith(site + sep):
            return title[len(site + sep):].strip()
    return title
