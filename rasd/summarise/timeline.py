"""A story's timeline and its "who said what".

Timeline: the story's dated events, that is every sentence carrying a
resolved date expression of a day or a time of day, and every statement
dated by an event other than its publication day, in
calendar order, each citing its article and offsets.  The same event told by
several articles is kept once (the earliest telling).

Who said what: the story's statements (not scare-quoted terms) grouped by
resolved speaker (entity id, else the speaker's normalised name), each
group in date order, the most quoted speakers first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rasd.model import Article
from rasd.summarise.extractive import redundant, sentence_vector
from rasd.text.arabic import normalize, sentences

MAX_EVENTS = 40
SAME_EVENT = 0.6
_GRANULAR = {"time": 0, "day": 1}  # a week or a month is not an event date


def _published(a: Article) -> str:
    return (a.published or "9999")[:19]


def timeline(articles: Sequence[Article], limit: int = MAX_EVENTS) -> list[dict[str, Any]]:
    """[{date, text, article_id, start, end, kind}] in calendar order."""
    events: list[tuple[str, str, str, int, dict[str, Any]]] = []
    for a in articles:
        spans = sentences(a.text)
        seen: set[tuple[int, int]] = set()
        for d in a.dates:
            value, gran = d.get("value"), d.get("granularity")
            if not value or gran not in _GRANULAR:
                continue
            s = next((s for s in spans if s.start <= d["start"] and d["end"] <= s.end), None)
            if s is None or (s.start, s.end) in seen:
                continue
            seen.add((s.start, s.end))
            date = value[:16] if gran == "time" else value[:10]
            events.append((date, _published(a), a.id, s.start,
                           {"date": date, "text": s.text, "article_id": a.id, "start": s.start, "end": s.end, "kind": "sentence"}))
        pub_day = (a.published or "")[:10]
        for st in a.statements:
            # a statement is an event of its own date only when its sentence dates it: the default (the
            # publication day) would put every quote of the story on the timeline
            if st.get("kind") == "term" or not st.get("date") or st["date"][:10] == pub_day:
                continue
            s0, s1 = st.get("sentence_start"), st.get("sentence_end")
            if s0 is not None and (s0, s1) in seen:
                continue  # its sentence is already there, with the date it carries
            events.append((st["date"][:10], _published(a), a.id, st["start"],
                           {"date": st["date"][:10], "text": st["text"], "article_id": a.id, "start": st["start"],
                            "end": st["end"], "kind": "statement", "speaker": st.get("speaker")}))
    events.sort(key=lambda e: e[:4])
    out: list[dict[str, Any]] = []
    vecs: list[dict[str, float]] = []
    for *_, ev in events:
        v = sentence_vector(ev["text"])
        if redundant(v, vecs, SAME_EVENT):
            continue
        out.append(ev)
        vecs.append(v)
        if len(out) >= limit:
            break
    return out


def who_said_what(articles: Sequence[Article]) -> list[dict[str, Any]]:
    """[{speaker, speaker_entity_id, statements: [{text, article_id, start, end, date, verb}]}]."""
    groups: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for a in articles:
        for st in a.statements:
            if st.get("kind") == "term" or not st.get("speaker"):
                continue
            key = st.get("speaker_entity_id") or "name:" + normalize(st["speaker"])
            said = normalize(st["text"])
            if (key, said) in seen:
                continue  # the same words reported by another outlet
            seen.add((key, said))
            g = groups.setdefault(key, {"speaker": st["speaker"], "speaker_entity_id": st.get("speaker_entity_id"),
                                        "statements": []})
            g["statements"].append({"text": st["text"], "article_id": a.id, "start": st["start"], "end": st["end"],
                                    "date": st.get("date"), "verb": st.get("verb"), "_order": _published(a)})
    out = list(groups.values())
    for g in out:
        g["statements"].sort(key=lambda s: (s["date"] or "9999", s["_order"], s["article_id"], s["start"]))
        for s in g["statements"]:
            del s["_order"]
    out.sort(key=lambda g: (-len(g["statements"]), g["speaker"]))
    return out
