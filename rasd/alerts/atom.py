"""An alert's hits as an Atom feed (RFC 4287), built with ElementTree so every text is escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50
# Characters XML 1.0 cannot carry at all (escaping does not help): dropped from untrusted text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: Any) -> str:
    return _NOT_XML.sub("", str(text or ""))


def _sub(parent: ET.Element, tag: str, text: Any = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _date(v: str) -> str:
    """An RFC 3339 timestamp, as Atom requires, from a stored date or datetime."""
    v = _clean(v)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v + "T00:00:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?", v):
        return v + ("Z" if v.count(":") == 2 else ":00Z")
    return v


def _entry_title(p: dict[str, Any]) -> str:
    a = p.get("article") or {}
    st = p.get("statement")
    if st:
        return f"{st.get('speaker') or '؟'}: «{st.get('text') or ''}»"
    return a.get("title") or a.get("id") or ""


def feed(alert: dict[str, Any], hits: list[dict[str, Any]], base_url: str) -> bytes:
    """The feed of one alert; ``hits`` newest first (the API passes at most FEED_ENTRIES)."""
    ET.register_namespace("", ATOM)
    base = base_url.rstrip("/")
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", f"urn:rasd:alert:{alert['name']}")
    _sub(root, "title", f"rasd alert {alert['name']} ({alert['kind']}: {alert['value']})")
    _sub(root, "updated", _date(max((h["fired_at"] for h in hits), default=alert["created_at"])))
    _sub(root, "link", rel="self", href=f"{base}/alerts/{alert['name']}/feed.atom")
    author = _sub(root, "author")
    _sub(author, "name", "rasd")
    for h in hits:
        p = h["payload"]
        a = p.get("article") or {}
        e = _sub(root, "entry")
        _sub(e, "id", f"urn:rasd:alert:{alert['name']}:{h['item_key']}")
        _sub(e, "title", _entry_title(p))
        _sub(e, "updated", _date(h["fired_at"]))
        if a.get("published"):
            _sub(e, "published", _date(a["published"]))
        url = a.get("url") or ""
        _sub(e, "link", href=url if url.startswith(("http://", "https://")) else f"{base}/articles/{a.get('id', '')}")
        summary = [a.get("title") or "", a.get("source") or "", (a.get("published") or "")[:10]]
        _sub(e, "summary", " · ".join(x for x in summary if x))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
