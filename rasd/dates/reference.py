"""The publication day to resolve an article's expressions against, when the input only has a
crawl timestamp.

A crawler's timestamp (SaudiNewsNet's ``date_extracted``, a WARC-Date) comes hours, sometimes
days, after publication.  The article itself often says which day it was written: the issue
folder in its url (``/2015/20150805/``, ``/2015/08/02/``), a dateline at its head (``أملج 25 شوال
1436 هـ الموافق 10 اغسطس 2015 م واس``), or a relative day that names its weekday (اليوم الأحد،
أمس الجمعة، أمس الأول الاثنين، بعد غد الأربعاء), which gives the weekday of publication.  The
crawl date is moved back to the latest day that agrees with that evidence, never forward and
never more than ``max_lag_days``.  With no evidence, or evidence that disagrees with itself,
the crawl date stays, except for stamps taken in the small hours (before ``night_hours``):
on SaudiNewsNet, of the 1,227 articles crawled between 00:00 and 02:59 whose url or text
dates them, 33 were published that day and 1,194 earlier (1,036 the day before), while from
03:00 on the crawl day is right for 86–99% of them.  Such a stamp means the previous day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from rasd.text.arabic import normalize_with_offsets

from . import resolve as R
from .grammar import PATTERNS, candidates

# A date in a url path: /2015/08/02/, /20150805/, /Issues/20150801/, 2015-08-02
_URL_DATE = re.compile(r"(?<![\d])((?:19|20)\d{2})([/\-_]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?![\d])")
DATELINE_CHARS = 120


def url_date(url: str | None) -> dt.date | None:
    """The date written in a url's path, if one is (the host is ignored)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for m in _URL_DATE.finditer(path):
        try:
            return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def _weekday_votes(norm: str, cands) -> Counter:
    """Weekday of publication implied by each relative day that names its weekday."""
    votes: Counter = Counter()
    for c in cands:
        if c.kind == "rel_day" and c.info.get("weekday") is not None and not c.info.get("needs_tanwin"):
            votes[(c.info["weekday"] - c.info["offset"]) % 7] += 1
    return votes


def _relative_days(norm: str) -> list:
    out = []
    for p in PATTERNS:
        if p.kind == "rel_day":
            out.extend(c for m in p.regex.finditer(norm) if (c := p.parse(m, norm)) is not None)
    return out


def _dateline(norm: str, cands) -> dt.date | None:
    """A complete date (day, month, year) at the head of the text: a dateline."""
    from .extract import _resolve  # the resolver of explicit dates, no reference needed
    from .grammar import Cand

    for c in sorted(cands, key=lambda c: c.s):
        if c.s > DATELINE_CHARS:
            break
        if c.kind == "dmy" and c.info.get("year") is not None:
            item = {"value": None, "end_value": None, "granularity": "day", "resolved_from": "explicit",
                    "confidence": c.conf}
            _resolve(Cand(c.kind, c.s, c.e, dict(c.info), c.conf), norm, None, 5, item)
            if item["value"]:
                return dt.date.fromisoformat(item["value"])
    return None


def infer_reference(text: str, published: str | None, source: str | None, *, url: str | None = None,
                    tz_offset_hours: float = 3.0, max_lag_days: int = 6,
                    night_hours: int = 3) -> tuple[str | None, str | None]:
    """(publication reference, its source) for an article.

    Only a ``crawl`` timestamp (or none at all) is corrected; any other source is what the
    input declared and is returned unchanged.  Corrections, in order of trust: a date in the
    url (source ``url``), a dateline at the head of the text (``dateline``), the weekday implied
    by the text's relative days (``text``); failing those, a stamp taken before ``night_hours``
    o'clock is the previous day (``crawl-night``; 0 turns this off).  A correction is a day
    (``YYYY-MM-DD``).
    """
    if source not in ("crawl", None):
        return published, source
    crawl = R.parse_reference(published, tz_offset_hours) if published else None
    u = url_date(url)
    if u is not None and (crawl is None or 0 <= (crawl - u).days <= max_lag_days + 1):
        return (u.isoformat(), "url") if u != crawl else (published, source)
    if not text:
        return published, source
    norm, _ = normalize_with_offsets(text)
    # only what is needed: the head of the text for a dateline, the relative days for weekdays
    cands = candidates(norm[:DATELINE_CHARS + 80])
    d = _dateline(norm, cands)
    if d is not None and (crawl is None or 0 <= (crawl - d).days <= max_lag_days):
        return (d.isoformat(), "dateline") if d != crawl else (published, source)
    if crawl is None:
        return published, source
    votes = _weekday_votes(norm, _relative_days(norm))
    if votes:
        (wd, n), *rest = votes.most_common()
        if not (rest and rest[0][1] == n):  # else the text disagrees with itself
            lag = (crawl.weekday() - wd) % 7
            if lag == 0 or lag > max_lag_days:
                return published, source
            return (crawl - dt.timedelta(days=lag)).isoformat(), "text"
    hour = _stamp_hour(published, tz_offset_hours)
    if source == "crawl" and hour is not None and hour < night_hours:
        return (crawl - dt.timedelta(days=1)).isoformat(), "crawl-night"
    return published, source


def _stamp_hour(published: str | None, tz_offset_hours: float = 3.0) -> int | None:
    """The local hour of a crawl stamp (a UTC stamp moved to UTC+tz_offset_hours, as the
    reference day is); None for a bare date."""
    if not re.match(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:", str(published or "")):
        return None
    try:
        t = dt.datetime.fromisoformat(str(published).replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None and t.utcoffset() == dt.timedelta(0):
        t = t.astimezone(dt.timezone(dt.timedelta(hours=tz_offset_hours)))
    return t.hour
