#!/usr/bin/env python3
"""`make screenshots`: the main pages of the web UI on the demo corpus (examples/), into docs/screenshots/.

Ingests examples/ into a temporary store, serves it on a free loopback port
and photographs the pages with Debian's chromium (Playwright).
"""

from __future__ import annotations

import os
import socket
import sys
import tempfile
import threading
import time
from urllib.parse import quote

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, ROOT)
OUT = os.path.join(ROOT, "docs", "screenshots")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from rasd.api import create_app
    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "rasd.db")
        store = SQLiteStore(db)
        os.chdir(ROOT)  # paths as a user would see them (examples/…)
        ingest(["examples"], store, workers=1, report_dir=tmp)
        arts = {a.title: a for a in store.iter_articles()}
        store.close()
        flood = next(a for t, a in arts.items() if t and "أمطار غزيرة" in t)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=srv.run, daemon=True).start()
        while not srv.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page(viewport={"width": 1280, "height": 860})
            page.goto(base + "/entities?type=PER")
            eid = page.locator("table.list a.ent").first.get_attribute("href")
            page.goto(base + "/stories")
            sid = page.locator("a.story-title").first.get_attribute("href")
            shots = [("search", "/search?q=" + quote("الأمطار جدة")), ("article", f"/articles/{flood.id}"),
                     ("entities", "/entities"), ("entity", eid), ("statements", "/statements"),
                     ("stories", "/stories"), ("story", sid)]
            for name, path in shots:
                page.goto(base + path)
                page.screenshot(path=os.path.join(OUT, f"{name}.png"))
                print(f"docs/screenshots/{name}.png  ← {path}")
            b.close()
        srv.should_exit = True


if __name__ == "__main__":
    main()
