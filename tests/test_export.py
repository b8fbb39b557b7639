"""The export contract (docs/schema.md): fields, types, uniqueness, UTF-8 JSON lines."""

from __future__ import annotations

import json

from conftest import BODY, ENGLISH, OTHER_BODY, OTHER_TITLE, TITLE, article_text, run_ingest, write, write_jsonl

from rasd.export import write_jsonl as export_jsonl

REQUIRED = {"id": str, "body_hash": str, "source": (str, type(None)), "url": (str, type(None)),
            "path": (str, type(None)), "title": (str, type(None)), "published": (str, type(None)),
            "published_source": (str, type(None)), "text": str, "lang": (str, type(None)),
            "encoding": (str, type(None)), "removed": list, "duplicate_of": (str, type(None)),
            "story_id": (str, type(None)), "entities": list, "statements": list, "dates": list}


def _exported(tmp_path, store):
    root = tmp_path / "in"
    write(root / "madina" / "a.txt", article_text(TITLE, BODY, top=["[ad_1]"], bottom=["أضف تعليقك"]))
    write(root / "madina" / "b.txt", article_text(OTHER_TITLE, OTHER_BODY), encoding="cp1256")
    write(root / "en.txt", ENGLISH)
    write_jsonl(root / "feed.jsonl", [{"source": "وكالة", "url": "https://a.example/1", "title": TITLE,
                                       "content": "\n".join(BODY), "date": "2024-03-05"}])
    run_ingest([root], store)
    out = tmp_path / "out.jsonl"
    n = export_jsonl(store, str(out))
    raw = out.read_bytes()
    return n, raw


def test_every_object_has_the_contract_fields(tmp_path, store):
    n, raw = _exported(tmp_path, store)
    objs = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    assert n == len(objs) == 4
    for o in objs:
        for k, t in REQUIRED.items():
            assert k in o, f"missing {k}"
            assert isinstance(o[k], t), f"{k} is {type(o[k]).__name__}"
        for r in o["removed"]:
            assert set(r) == {"text", "reason"} and r["text"] and r["reason"]
        assert o["text"].strip()
        if o["duplicate_of"]:
            assert o["duplicate_of"] in {x["id"] for x in objs} and o["duplicate_of"] != o["id"]


def test_ids_unique(tmp_path, store):
    _, raw = _exported(tmp_path, store)
    ids = [json.loads(line)["id"] for line in raw.decode("utf-8").splitlines()]
    assert len(ids) == len(set(ids))


def test_jsonl_is_utf8_with_arabic_unescaped(tmp_path, store):
    _, raw = _exported(tmp_path, store)
    text = raw.decode("utf-8")  # strict UTF-8
    assert "\\u06" not in text and "\\u0627" not in text
    assert TITLE in text and BODY[0] in text
    assert all(line.startswith("{") and line.endswith("}") for line in text.splitlines())


def test_export_values(tmp_path, store):
    _, raw = _exported(tmp_path, store)
    objs = {o["path"].rsplit("/", 1)[-1]: o for o in map(json.loads, raw.decode("utf-8").splitlines())}
    a, b, en, feed = objs["a.txt"], objs["b.txt"], objs["en.txt"], objs["feed.jsonl#1"]
    assert a["text"] == "\n".join(BODY) and a["title"] == TITLE and a["source"] == "madina"
    assert {"text": "[ad_1]", "reason": "ad_marker"} in a["removed"]
    assert {"text": "أضف تعليقك", "reason": "comment_prompt"} in a["removed"]
    assert b["encoding"] == "cp1256" and b["text"] == "\n".join(OTHER_BODY)
    assert en["lang"] == "en" and a["lang"] == "ar"
    assert feed["published"] == "2024-03-05" and feed["published_source"] == "input"
    # the feed is read first (root files before subfolders), so the site file is its copy
    assert a["duplicate_of"] == feed["id"] and feed["duplicate_of"] is None
    assert a["body_hash"] == feed["body_hash"] != b["body_hash"]
