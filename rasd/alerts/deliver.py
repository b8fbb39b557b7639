"""Delivering a hit: a webhook (POST JSON) and a daily digest file.  The Atom feed needs no
delivery: the API serves it from the hits table (``rasd/alerts/atom.py``)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.error
import urllib.request
from typing import Any

TIMEOUT = 10.0
USER_AGENT = "rasd-alerts/1"


def post_json(url: str, body: dict[str, Any], timeout: float = TIMEOUT) -> str | None:
    """POST ``body`` as JSON; None when the endpoint answered 2xx, else the reason it failed."""
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the scheme is checked when the alert is added
            if 200 <= resp.status < 300:
                return None
            return f"HTTP {resp.status}"
    except urllib.error.HTTPError as e:
        return f"HTTP {e.code} {e.reason}"
    except urllib.error.URLError as e:
        return f"unreachable: {e.reason}"
    except (TimeoutError, OSError) as e:
        return f"unreachable: {e}"


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()<>|~])")


def md_escape(text: str | None) -> str:
    """Article text as inert Markdown: one line, inline syntax (emphasis, code, links, HTML, tables)
    escaped.  Block syntax (-, #, 1.) needs the start of a line, and every line starts with ours."""
    one_line = " ".join((text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", one_line)


def digest_line(payload: dict[str, Any]) -> str:
    a = payload.get("article") or {}
    parts = [f"- {md_escape(payload.get('fired_at', '')[11:16])}"]
    if payload.get("statement"):
        st = payload["statement"]
        parts.append(f"**{md_escape(st.get('speaker') or '؟')}**: «{md_escape(st.get('text'))}» —")
    parts.append(md_escape(a.get("title") or a.get("id")))
    meta = " · ".join(md_escape(x) for x in (a.get("source"), (a.get("published") or "")[:10]) if x)
    if meta:
        parts.append(f"({meta})")
    url = a.get("url") or ""
    if url.startswith(("http://", "https://")):
        # angle brackets make a link of any url; the ones inside are percent-encoded so it cannot break out
        parts.append("<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">")
    parts.append(f"`{a.get('id', '')}`")
    return " ".join(parts)


def digest_path(directory: str, alert: str, fired_at: str) -> str:
    return os.path.join(directory, f"{alert}-{fired_at[:10]}.md")


def append_digest(directory: str, alert: str, payload: dict[str, Any]) -> str | None:
    """Append one line to the alert's digest of the day the hit fired; None, or why it failed."""
    fired = payload.get("fired_at") or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    path = digest_path(directory, alert, fired)
    try:
        os.makedirs(directory, exist_ok=True)
        new = not os.path.exists(path)
        with open(path, "a", encoding="utf-8") as f:
            if new:
                f.write(f"# {md_escape(alert)} — {fired[:10]}\n\n")
            f.write(digest_line(payload) + "\n")
    except OSError as e:
        return f"cannot write {path}: {e.strerror or e}"
    return None
