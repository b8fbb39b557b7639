"""Publication timestamps from input metadata, as ISO 8601 strings.

Only what the input states is parsed here; inferring a date from the text
belongs to the dates stage.
"""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime

from rasd.text.arabic import fold_digits

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(d: dt.datetime) -> str:
    return d.isoformat(timespec="seconds")


def parse_published(value: object) -> str | None:
    """ISO 8601 for a date/datetime given as text or epoch number; None if unreadable.

    A bare date stays a date (``2015-07-21``); a datetime keeps its offset
    when it has one, and stays naive (local to the outlet) when it has none.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        secs = value / 1000 if value > 1e11 else value
        try:
            return _iso(dt.datetime.fromtimestamp(secs, tz=dt.UTC))
        except (OverflowError, OSError, ValueError):
            return None
    s = fold_digits(str(value)).strip()
    if not s:
        return None
    if _DATE_ONLY.match(s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            return None
    try:
        return _iso(dt.datetime.fromisoformat(s.replace("Z", "+00:00")))
    except ValueError:
        pass
    try:
        return _iso(parsedate_to_datetime(s))
    except (TypeError, ValueError, IndexError):
        pass
    try:
        from dateutil import parser

        d = parser.parse(s, fuzzy=False)
        if not (1900 <= d.year <= 2100):
            return None
        return _iso(d)
    except (ValueError, OverflowError, parser.ParserError):
        return None
