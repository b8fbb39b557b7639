"""Site-wide date settings, from the environment so that ingest workers see them too.

- ``RASD_DATES_TZ``: UTC offset in hours of outlets whose zone is unknown (default 3, the Gulf).
- ``RASD_DATES_WEEK_START``: first day of a week, ``saturday`` (default), ``sunday`` or ``monday``.
"""

from __future__ import annotations

import os

_WEEK_STARTS = {"monday": 0, "saturday": 5, "sunday": 6}


def options() -> dict:
    """Keyword arguments for :func:`rasd.dates.extract_dates` (``tz_offset_hours``, ``week_start``)."""
    try:
        tz = float(os.environ.get("RASD_DATES_TZ", "3"))
    except ValueError:
        tz = 3.0
    start = _WEEK_STARTS.get(os.environ.get("RASD_DATES_WEEK_START", "saturday").strip().lower(), 5)
    return {"tz_offset_hours": tz, "week_start": start}
