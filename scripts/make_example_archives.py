#!/usr/bin/env python3
"""Build the archive fixtures of the rasd demo corpus.

Produces, deterministically (fixed timestamps, fixed record ids, sorted members):

  examples/archive/bulletin.zip     <- scripts/example_archives/src/*.txt
  examples/archive/pages.warc.gz    <- scripts/example_archives/src-html/*.html

Running it twice gives byte-identical files.  Needs ``warcio``
(``pip install warcio``); the zip part only needs the standard library.

Usage:  python scripts/make_example_archives.py
"""
from __future__ import annotations

import io
import sys
import uuid
import zipfile
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE_DIR = ROOT / "examples" / "archive"
TXT_SRC = Path(__file__).resolve().parent / "example_archives" / "src"
HTML_SRC = Path(__file__).resolve().parent / "example_archives" / "src-html"
ZIP_OUT = ARCHIVE_DIR / "bulletin.zip"
WARC_OUT = ARCHIVE_DIR / "pages.warc.gz"

# Fixed timestamp for zip members (zip stores local time with 2 s resolution).
ZIP_DATE_TIME = (2025, 3, 28, 12, 0, 0)

# Where each HTML source "was crawled from" and when.  Keys are file names
# in src-html/; anything not listed gets a URL derived from its name.
WARC_SITE = "https://mirror-news.example"
WARC_PAGES = {
    "jordan-valley-farmers.html": ("/arab/2025/03/19/jordan-valley-farmers", "2025-03-19T10:30:00Z"),
    "dukkali-interview.html": ("/sports/2025/03/24/dukkali-interview", "2025-03-24T16:00:00Z"),
}
DEFAULT_WARC_DATE = "2025-03-29T00:00:00Z"
UUID_NS = uuid.UUID("6f1c1f0e-6a2b-4c59-9a55-7261736420ad")  # fixed namespace for record ids


def build_zip() -> None:
    members = sorted(TXT_SRC.glob("*.txt"))
    if not members:
        raise SystemExit(f"no .txt sources in {TXT_SRC}")
    with zipfile.ZipFile(ZIP_OUT, "w") as zf:
        for path in members:
            info = zipfile.ZipInfo(filename=path.name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so external_attr below is meaningful everywhere
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes())
    print(f"wrote {ZIP_OUT.relative_to(ROOT)} ({len(members)} members)")


def _http_date(iso: str) -> str:
    dt = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return format_datetime(dt, usegmt=True)


def build_warc() -> None:
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:  # pragma: no cover
        raise SystemExit("warcio is required: pip install warcio") from None

    pages = sorted(HTML_SRC.glob("*.html"))
    if not pages:
        raise SystemExit(f"no .html sources in {HTML_SRC}")

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)

    info_id = f"<urn:uuid:{uuid.uuid5(UUID_NS, 'warcinfo')}>"
    info = writer.create_warcinfo_record(
        "pages.warc.gz",
        {"software": "rasd make_example_archives.py", "description": "rasd demo corpus"},
    )
    info.rec_headers.replace_header("WARC-Date", DEFAULT_WARC_DATE)
    info.rec_headers.replace_header("WARC-Record-ID", info_id)
    writer.write_record(info)

    for path in pages:
        rel, when = WARC_PAGES.get(path.name, ("/" + path.stem, DEFAULT_WARC_DATE))
        url = WARC_SITE + rel
        body = path.read_bytes()
        http_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Date", _http_date(when)),
            ],
            protocol="HTTP/1.1",
        )
        rec = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http_headers,
            warc_headers_dict={
                "WARC-Date": when,
                "WARC-Record-ID": f"<urn:uuid:{uuid.uuid5(UUID_NS, url)}>",
            },
        )
        writer.write_record(rec)

    WARC_OUT.write_bytes(buf.getvalue())
    print(f"wrote {WARC_OUT.relative_to(ROOT)} ({len(pages)} responses)")


def main() -> int:
    build_zip()
    build_warc()
    return 0


if __name__ == "__main__":
    sys.exit(main())
