"""Alerts: saved watches checked as articles arrive, each firing once per new matching item.

An alert is a query (``q``), an entity id (``entity``) or a speaker (``speaker``: an entity id
or a name).  It remembers the last article (insertion ``seq``) it was checked against, so a new
alert does not fire on the past unless asked to (``backfill``), and a check only reads what
arrived since.  Hits are keyed by (alert, item), so re-running a check, or two processes
checking at once, never fires twice.  A hit is delivered to the alert's webhook and digest
file; a failed delivery is kept on the hit with its reason and retried by the next check, at
most ``MAX_ATTEMPTS`` times.  The Atom feed is read from the hits by the API.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from typing import Any

from rasd.alerts.deliver import append_digest, post_json
from rasd.alerts.match import KINDS, ArticleView, Matcher
from rasd.model import Article
from rasd.store.base import Store

MAX_ATTEMPTS = 5
COMMIT_EVERY = 2000  # articles scanned per transaction
PENDING_BATCH = 1000  # deliveries per check at most; the rest wait for the next one
NAME_RE = re.compile(r"^\w[\w.-]{0,63}$")


class AlertError(ValueError):
    """An alert that cannot be defined (bad name, kind, value or delivery)."""


@dataclass
class CheckResult:
    fired: int = 0                     # new hits recorded
    delivered: int = 0                 # deliveries that succeeded (one per hit and channel)
    failed: list[str] = field(default_factory=list)   # "alert item: channel: reason"


def add_alert(store: Store, name: str, kind: str, value: str, *, webhook: str | None = None,
              digest: str | None = None, backfill: bool = False) -> dict[str, Any]:
    """Define an alert; it sees articles stored from now on (all of them with ``backfill``)."""
    if not NAME_RE.match(name):
        raise AlertError(f"alert name {name!r}: letters, digits, '.', '-', '_' (at most 64), not starting with '.' or '-'")
    if kind not in KINDS:
        raise AlertError(f"unknown alert kind {kind!r} (one of {', '.join(KINDS)})")
    value = (value or "").strip()
    if not value:
        raise AlertError("the alert needs a value")
    if kind == "q" and Matcher.of(kind, value).query.empty:  # type: ignore[union-attr]
        raise AlertError(f"the query {value!r} has no word to match")
    deliver: dict[str, str] = {}
    if webhook:
        if not webhook.startswith(("http://", "https://")):
            raise AlertError(f"webhook {webhook!r}: an http:// or https:// URL")
        deliver["webhook"] = webhook
    if digest:
        deliver["digest"] = digest
    if not store.add_alert(name, kind, value, deliver, 0 if backfill else store.max_seq()):
        raise AlertError(f"an alert named {name!r} exists (rasd alert rm {name} first)")
    store.commit()
    return next(a for a in store.alerts() if a["name"] == name)


def remove_alert(store: Store, name: str) -> bool:
    gone = store.delete_alert(name)
    store.commit()
    return gone


def _payload(alert: str, kind: str, a: Article, statement: dict[str, Any] | None, fired_at: str) -> dict[str, Any]:
    p: dict[str, Any] = {"alert": alert, "kind": kind, "fired_at": fired_at,
                         "article": {"id": a.id, "title": a.title, "source": a.source, "url": a.url,
                                     "published": a.published}}
    if statement is not None:
        p["statement"] = {k: statement.get(k) for k in ("text", "speaker", "speaker_entity_id", "speaker_role", "verb",
                                                         "start", "end", "date")}
    return p


def find_hits(store: Store, names: list[str] | None = None) -> int:
    """Record the hits of every article stored since each alert last looked; returns how many are new."""
    alerts = [a for a in store.alerts() if names is None or a["name"] in names]
    if not alerts:
        return 0
    matchers = {a["name"]: Matcher.of(a["kind"], a["value"]) for a in alerts}
    top = store.max_seq()
    start = min(a["last_seq"] for a in alerts)
    fired = 0
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    scanned = 0
    for seq, article in store.iter_articles_after(start):
        if seq > top:
            break  # stored while this check ran: the next check has it (last_seq stops at top)
        scanned += 1
        if scanned % COMMIT_EVERY == 0:  # a long backfill keeps its progress and does not hold the writer lock
            for a in alerts:
                store.advance_alert(a["name"], seq - 1)
            store.commit()
        if article.duplicate_of:
            continue  # a copy of an article: its canonical fired (or will), once is enough
        view = ArticleView(article)
        for a in alerts:
            if seq <= a["last_seq"]:
                continue
            for item_key, pos, st in matchers[a["name"]].items(view):
                kind = "statement" if st is not None else "article"
                hit = {"alert": a["name"], "item_key": item_key, "article_id": article.id, "kind": kind, "seq": seq,
                       "pos": pos, "payload": _payload(a["name"], kind, article, st, now), "fired_at": now,
                       "pending": bool(a["deliver"])}
                fired += store.add_alert_hit(hit)
    for a in alerts:
        store.advance_alert(a["name"], top)
    store.commit()
    return fired


def deliver_pending(store: Store, names: list[str] | None = None) -> CheckResult:
    """Deliver every hit with a delivery still due (new, or failed fewer than MAX_ATTEMPTS times).
    A webhook that failed once in this round is not tried again for the rest of it, so a dead
    endpoint costs one timeout per check, not one per hit."""
    res = CheckResult()
    alerts = {a["name"]: a for a in store.alerts() if names is None or a["name"] in names}
    dead: dict[str, str] = {}
    for h in store.alert_hits(None, limit=PENDING_BATCH, pending=True):
        name = h["alert"]
        if name not in alerts:
            continue
        channels = alerts[name]["deliver"]
        due = [c for c in channels if not _done(h, c)]
        if all(c == "webhook" and channels[c] in dead for c in due):
            continue  # its endpoint is down: left as it is (no attempt counted) for the next check
        if not store.claim_alert_hit(name, h["item_key"], h["attempts"]):
            store.commit()
            continue  # another process is delivering it
        store.commit()
        delivery = dict(h["delivery"])
        for channel in due:
            target = channels[channel]
            if channel == "webhook":
                error = dead.get(target) or post_json(target, h["payload"])
                if error:
                    dead[target] = error
            elif channel == "digest":
                error = append_digest(target, name, h["payload"])
            else:
                error = f"unknown delivery {channel!r}"
            delivery[channel] = {"ok": error is None, "error": error,
                                 "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            if error is None:
                res.delivered += 1
            else:
                res.failed.append(f"{name} {h['item_key']}: {channel}: {error}")
        attempts = h["attempts"] + 1
        undelivered = [c for c in channels if not delivery.get(c, {}).get("ok")]
        if undelivered and attempts >= MAX_ATTEMPTS:
            for c in undelivered:
                delivery[c]["error"] = f"gave up after {attempts} attempts: {delivery[c]['error']}"
        store.set_alert_delivery(name, h["item_key"], delivery, bool(undelivered) and attempts < MAX_ATTEMPTS)
        store.commit()
    return res


def _done(h: dict[str, Any], channel: str) -> bool:
    return bool(h["delivery"].get(channel, {}).get("ok"))


def check(store: Store, names: list[str] | None = None) -> CheckResult:
    """Find new hits, then deliver whatever is due (new hits and retries)."""
    fired = find_hits(store, names)
    res = deliver_pending(store, names)
    res.fired = fired
    return res


def check_after_window(store: Store) -> None:
    """The ingest's hook (after each committed window): never fails the ingest, says what went wrong."""
    try:
        if not store.has_alerts():
            return
        res = check(store)
        for f in res.failed[:5]:
            print(f"rasd: alert delivery failed ({f}); retried on the next check", file=sys.stderr)
        if len(res.failed) > 5:
            print(f"rasd: … and {len(res.failed) - 5} more alert deliveries failed", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - alerts must never stop an ingest
        print(f"rasd: alerts not checked after this window ({type(e).__name__}: {e}); `rasd alert check` catches up",
              file=sys.stderr)
        try:
            store.commit()
        except Exception:  # noqa: BLE001
            pass


__all__ = ["KINDS", "MAX_ATTEMPTS", "AlertError", "CheckResult", "add_alert", "check", "check_after_window",
           "deliver_pending", "find_hits", "remove_alert"]
