"""rasd.ingest.readers: every input shape to RawDocs, every problem to a Failure."""

from __future__ import annotations

import io
import json
import os
import zipfile

import pytest
from conftest import P1, P2, Q1, TITLE, article_text, write, write_jsonl

from rasd.ingest.readers import FieldMap, read_inputs
from rasd.model import Failure, RawDoc


def read(paths, fields=None):
    return list(read_inputs([str(p) for p in paths], fields))


def docs(items):
    return [x for x in items if isinstance(x, RawDoc)]


def fails(items):
    return [x for x in items if isinstance(x, Failure)]


# --- plain files -----------------------------------------------------------------

def test_txt_file(tmp_path):
    p = write(tmp_path / "site" / "a.txt", article_text(TITLE, [P1, P2]))
    (d,) = read([p])
    assert d.kind == "text" and d.path == str(p)
    assert d.data == p.read_bytes()
    assert d.source == "site"  # the folder name is the source hint


def test_html_file(tmp_path):
    p = write(tmp_path / "page.html", f"<html><body><article><h1>{TITLE}</h1><p>{P1}</p></article></body></html>")
    (d,) = read([p])
    assert d.kind == "html"
    assert P1.encode() in d.data


def test_json_list(tmp_path):
    p = write(tmp_path / "list.json", json.dumps([{"title": TITLE, "content": P1}, {"content": Q1}], ensure_ascii=False))
    items = read([p])
    assert [d.path for d in items] == [f"{p}#1", f"{p}#2"]
    assert items[0].title == TITLE and items[0].text == P1
    assert items[1].text == Q1 and items[1].kind == "record"


def test_json_object(tmp_path):
    p = write(tmp_path / "one.json", json.dumps({"headline": TITLE, "body": P1, "site": "موقع"}, ensure_ascii=False))
    (d,) = read([p])
    assert d.path == str(p)
    assert (d.title, d.text, d.source) == (TITLE, P1, "موقع")


def test_json_wrapper(tmp_path):
    p = write(tmp_path / "dump.json",
              json.dumps({"count": 2, "articles": [{"content": P1}, {"content": Q1}]}, ensure_ascii=False))
    items = read([p])
    assert [d.text for d in items] == [P1, Q1]
    assert all(isinstance(d, RawDoc) for d in items)


def test_jsonl_with_invalid_and_blank_line(tmp_path):
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps({"title": TITLE, "content": P1}, ensure_ascii=False), "",
             '{"title": "مقال مكسور", "content": ', json.dumps({"content": Q1}, ensure_ascii=False)]
    write(p, "\n".join(lines) + "\n")
    items = read([p])
    assert len(items) == 3
    assert isinstance(items[0], RawDoc) and items[0].path == f"{p}#1" and items[0].text == P1
    assert isinstance(items[1], Failure) and items[1].path == f"{p}#3"
    assert "invalid JSON" in items[1].reason
    assert isinstance(items[2], RawDoc) and items[2].path == f"{p}#4" and items[2].text == Q1


def test_json_record_without_text_is_failure(tmp_path):
    p = write_jsonl(tmp_path / "x.jsonl", [{"title": TITLE, "matn": P1}])
    (f,) = read([p])
    assert isinstance(f, Failure)
    assert "--field" in f.reason


def test_field_mapping_override(tmp_path):
    p = write_jsonl(tmp_path / "x.jsonl", [{"onwan": TITLE, "matn": P1, "masdar": "مصدر خاص", "tarikh": "2024-05-02"}])
    fm = FieldMap()
    for spec in ("text=matn", "title=onwan", "source=masdar", "published=tarikh"):
        fm.override(spec)
    (d,) = read([p], fm)
    assert isinstance(d, RawDoc)
    assert (d.text, d.title, d.source, d.published, d.published_source) == (P1, TITLE, "مصدر خاص", "2024-05-02", "input")


@pytest.mark.parametrize("spec", ["matn", "nosuchrole=x", "text="])
def test_field_mapping_bad_spec(spec):
    with pytest.raises(ValueError):
        FieldMap().override(spec)


# --- SaudiNewsNet-like zip ---------------------------------------------------------

def _snn_zip(path):
    objs = [
        {"source": "صحيفة الوادي", "url": "http://wadi.example/1", "date_extracted": "2015-07-21 02:51:32",
         "title": TITLE, "author": "محرر الشؤون المحلية", "content": P1 + "\n" + P2},
        {"source": "صحيفة الوادي", "url": "http://wadi.example/2", "date_extracted": "2015-07-22 10:00:00",
         "title": "عنوان آخر", "author": "", "content": Q1},
    ]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("2015-07-21.json", json.dumps(objs, ensure_ascii=False, indent=1))
    path.write_bytes(buf.getvalue())
    return path


def test_saudinewsnet_like_zip(tmp_path):
    p = _snn_zip(tmp_path / "snn.zip")
    items = read([p])
    assert all(isinstance(d, RawDoc) for d in items), items
    a, b = items
    assert a.path == f"{p}!2015-07-21.json#1"
    assert a.source == "صحيفة الوادي" and a.url == "http://wadi.example/1" and a.title == TITLE
    assert a.text == P1 + "\n" + P2
    assert a.published == "2015-07-21T02:51:32" and a.published_source == "crawl"
    assert a.meta.get("author") == "محرر الشؤون المحلية"
    assert b.path == f"{p}!2015-07-21.json#2" and b.published_source == "crawl"


def test_zip_member_paths(tmp_path):
    p = tmp_path / "bundle.zip"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("b/second.txt", article_text(None, [Q1]))
        z.writestr("a/first.txt", article_text(TITLE, [P1]))
        z.writestr("__MACOSX/._junk", b"junk")
    items = read([p])
    assert [d.path for d in items] == [f"{p}!a/first.txt", f"{p}!b/second.txt"]
    assert [d.source for d in items] == ["a", "b"]


def test_truncated_zip_is_failure_and_batch_goes_on(tmp_path):
    good = _snn_zip(tmp_path / "good.zip")
    data = good.read_bytes()
    bad = tmp_path / "bad.zip"
    bad.write_bytes(data[: len(data) // 2])
    after = write(tmp_path / "z_after.txt", article_text(TITLE, [P1]))
    items = read([bad, good, after])
    f = items[0]
    assert isinstance(f, Failure) and f.path == str(bad)
    assert "zip" in f.reason and ("truncated" in f.reason or "corrupt" in f.reason)
    assert len(docs(items)) == 3


# --- WARC ---------------------------------------------------------------------------

def _warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        w = WARCWriter(f, gzip=True)
        for url, status, ctype, body in pages:
            http = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http,
                                       warc_headers_dict={"WARC-Date": "2024-03-05T10:20:30Z"})
            w.write_record(rec)
    return path


def test_warc_records(tmp_path):
    html = f"<html><body><article><h1>{TITLE}</h1><p>{P1}</p><p>{P2}</p></article></body></html>".encode()
    p = _warc(tmp_path / "crawl.warc.gz", [
        ("https://news.example/a", "200 OK", "text/html; charset=utf-8", html),
        ("https://news.example/missing", "404 Not Found", "text/html", b"<html><body>not found</body></html>"),
        ("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000"),
    ])
    items = read([p])
    assert len(items) == 1, items
    (d,) = items
    assert d.path == f"{p}!https://news.example/a"
    assert d.url == "https://news.example/a"
    assert d.source == "news.example"
    assert d.kind == "html" and d.declared_encoding == "utf-8"
    assert P1.encode() in d.data
    assert d.meta.get("warc_date", "").startswith("2024-03-05T10:20:30")


# --- RSS ------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>نشرة المدينة</title>
  <link>https://city.example/</link>
  <description>أخبار</description>
  <item>
    <title>{TITLE}</title>
    <link>https://city.example/1</link>
    <pubDate>Tue, 05 Mar 2024 08:00:00 +0300</pubDate>
    <content:encoded><![CDATA[<p>{P1}</p><p>{P2}</p>]]></content:encoded>
  </item>
  <item>
    <title>خبر ثان</title>
    <link>https://city.example/2</link>
    <description><![CDATA[<p>{Q1}</p>]]></description>
  </item>
</channel>
</rss>
"""


def test_rss_feed(tmp_path):
    p = write(tmp_path / "city.xml", RSS)
    items = read([p])
    assert all(isinstance(d, RawDoc) for d in items), items
    a, b = items
    assert a.path == f"{p}#1" and b.path == f"{p}#2"
    assert a.source == "نشرة المدينة"
    assert a.url == "https://city.example/1" and a.title == TITLE
    assert a.published == "2024-03-05T08:00:00+03:00" and a.published_source == "feed"
    assert P1.encode() in a.data and P2.encode() in a.data
    assert Q1.encode() in b.data and b.published is None


# --- folders, globs, missing, too large ------------------------------------------------------

def test_folder_recursion_sorted(tmp_path):
    root = tmp_path / "corpus"
    for rel in ("b/2.txt", "a/z.txt", "a/sub/1.txt", "c.txt", "a/10.txt", ".hidden/x.txt", "a/.dot.txt", "a/skip.pdf"):
        write(root / rel, article_text(None, [P1]))
    paths = [d.path for d in read([root])]
    rel = [os.path.relpath(p, root) for p in paths]
    # files of a folder (sorted by name) before its subfolders (sorted by name); hidden and unknown types skipped
    assert rel == ["c.txt", "a/10.txt", "a/z.txt", "a/sub/1.txt", "b/2.txt"]
    assert paths == [d.path for d in read([root])]  # same order every time


def test_glob(tmp_path):
    for name in ("b.txt", "a.txt", "c.json"):
        write(tmp_path / name, article_text(None, [P1]) if name.endswith(".txt") else json.dumps({"content": P1}))
    paths = [d.path for d in read([tmp_path / "*.txt"])]
    assert paths == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_missing_path_is_failure(tmp_path):
    good = write(tmp_path / "ok.txt", article_text(None, [P1]))
    items = read([tmp_path / "nope.txt", tmp_path / "nothing*.txt", good])
    assert isinstance(items[0], Failure) and "no such file" in items[0].reason
    assert isinstance(items[1], Failure) and "no such file" in items[1].reason
    assert isinstance(items[2], RawDoc)


def test_too_large_txt_is_failure(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.seek(50_000_000)
        f.write(b"x")
    good = write(tmp_path / "ok.txt", article_text(None, [P1]))
    items = read([big, good])
    assert isinstance(items[0], Failure) and "too large" in items[0].reason
    assert isinstance(items[1], RawDoc)


def test_empty_txt_is_failure(tmp_path):
    p = write(tmp_path / "empty.txt", "")
    (f,) = read([p])
    assert isinstance(f, Failure) and "empty" in f.reason


def test_unknown_extension_sniffed(tmp_path):
    p = write(tmp_path / "page.dat", f"<!DOCTYPE html><html><body><p>{P1}</p></body></html>")
    (d,) = read([p])
    assert d.kind == "html"
