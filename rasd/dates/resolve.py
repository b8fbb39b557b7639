"""Calendar arithmetic for date expressions: the reference date, weeks,
weekdays and months relative to it, and Hijri (Umm al-Qura via hijridate)."""

from __future__ import annotations

import calendar
import datetime as dt
import math

try:  # Umm al-Qura tables, 1343–1500 AH (1924–2077)
    from hijridate import Gregorian, Hijri
except ImportError:  # pragma: no cover - the tabular fallback below still works
    Gregorian = Hijri = None  # type: ignore[assignment]

Tense = str | None  # "past" | "future" | None


def parse_reference(reference, tz_offset_hours: float = 3.0) -> dt.date | None:
    """The local calendar date of a publication date/time.

    Accepts a date, a datetime, or an ISO 8601 string (date or date-time,
    "Z" allowed).  A naive datetime is taken as local.  An aware datetime in
    UTC (offset 0) is moved to UTC+tz_offset_hours (the outlet's zone is then
    unknown); any other offset is the outlet's own and its local date is kept.
    Unparseable input gives None.
    """
    if reference is None:
        return None
    if isinstance(reference, dt.datetime):
        value = reference
    elif isinstance(reference, dt.date):
        return reference
    else:
        s = str(reference).strip()
        if not s:
            return None
        try:
            value = dt.datetime.fromisoformat(s.replace("Z", "+00:00")) if ("T" in s or " " in s or len(s) > 10) \
                else dt.datetime.combine(dt.date.fromisoformat(s), dt.time())
        except ValueError:
            try:
                from dateutil import parser as _dp
                value = _dp.parse(s)
            except (ValueError, OverflowError, ImportError):
                return None
    if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
        value = value.astimezone(dt.timezone(dt.timedelta(hours=tz_offset_hours)))
    return value.date()


def iso_day(d: dt.date) -> str:
    return d.isoformat()


def iso_month(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def valid_day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def week_bounds(d: dt.date, week_start: int = 5) -> tuple[dt.date, dt.date]:
    """First and last day of the week containing d (week_start: Monday=0 … Saturday=5, Sunday=6)."""
    start = d - dt.timedelta(days=(d.weekday() - week_start) % 7)
    return start, start + dt.timedelta(days=6)


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def shift(ref: dt.date, unit: str, n: int) -> dt.date:
    """ref moved n units (day/week/month/year), clamping the day of month."""
    if unit == "day":
        return ref + dt.timedelta(days=n)
    if unit == "week":
        return ref + dt.timedelta(days=7 * n)
    months = n if unit == "month" else 12 * n
    y, m = add_months(ref.year, ref.month, months)
    return dt.date(y, m, min(ref.day, calendar.monthrange(y, m)[1]))


def weekday_near(ref: dt.date, weekday: int, tense: Tense, *, strict: bool = False) -> dt.date:
    """The weekday resolved from ref: the latest on or before it (past, the
    default), or the next on or after it (future).  strict excludes ref itself
    (الخميس الماضي / الخميس المقبل)."""
    if tense == "future":
        delta = (weekday - ref.weekday()) % 7
        if delta == 0 and strict:
            delta = 7
        return ref + dt.timedelta(days=delta)
    delta = (ref.weekday() - weekday) % 7
    if delta == 0 and strict:
        delta = 7
    return ref - dt.timedelta(days=delta)


def weekday_closest(ref: dt.date, weekday: int) -> dt.date:
    """The date with this weekday nearest to ref (ties go back in time)."""
    back = (ref.weekday() - weekday) % 7
    fwd = (weekday - ref.weekday()) % 7
    return ref - dt.timedelta(days=back) if back <= fwd else ref + dt.timedelta(days=fwd)


def year_for_month(month: int, ref: dt.date, tense: Tense) -> int:
    """Year for a month named without one: the latest such month that has
    begun (past), the next one that has not ended (future).  Without a cue,
    news reports what has happened: the past one, unless the month is at
    most ``FUTURE_WINDOW`` months ahead (في سبتمبر written in July)."""
    if tense == "past":
        return ref.year if month <= ref.month else ref.year - 1
    if tense == "future":
        return ref.year if month >= ref.month else ref.year + 1
    ahead = (month - ref.month) % 12
    if ahead == 0:
        return ref.year
    if ahead <= FUTURE_WINDOW:
        return ref.year + (month < ref.month)
    return ref.year if month < ref.month else ref.year - 1


FUTURE_WINDOW = 3


def date_for_day_month(day: int, month: int, ref: dt.date, tense: Tense) -> dt.date | None:
    """Year completion for "17 مارس": latest on/before ref (past), next on/after
    (future), else nearest."""
    cands = [c for c in (valid_day(y, month, day) for y in (ref.year - 1, ref.year, ref.year + 1)) if c]
    if not cands:
        return None
    if tense == "past":
        past = [c for c in cands if c <= ref]
        return max(past) if past else min(cands)
    if tense == "future":
        fut = [c for c in cands if c >= ref]
        return min(fut) if fut else max(cands)
    return min(cands, key=lambda c: (abs((c - ref).days), c > ref))


# --- Hijri ------------------------------------------------------------------------

def _tabular_hijri_to_jdn(y: int, m: int, d: int) -> int:
    """Arithmetical (civil) Islamic calendar, for years outside Umm al-Qura tables."""
    return d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + (3 + 11 * y) // 30 + 1948440 - 1


def _tabular_month_length(y: int, m: int) -> int:
    nxt = _tabular_hijri_to_jdn(y + (m == 12), m % 12 + 1, 1)
    return nxt - _tabular_hijri_to_jdn(y, m, 1)


def _jdn_to_date(jdn: int) -> dt.date:
    return dt.date.fromordinal(jdn - 1721425)


def hijri_to_gregorian(y: int, m: int, d: int) -> tuple[dt.date | None, bool]:
    """(Gregorian date, exact?) — exact from Umm al-Qura tables when in range,
    else the tabular calendar (may be a day or two off); None when invalid."""
    if Hijri is not None:
        try:
            g = Hijri(y, m, d).to_gregorian()
            return dt.date(g.year, g.month, g.day), True
        except (ValueError, OverflowError):
            if 1343 <= y <= 1500:
                return None, True
    if not (1 <= m <= 12 and 1 <= d <= 30) or d > _tabular_month_length(y, m) or y < 1:
        return None, False
    return _jdn_to_date(_tabular_hijri_to_jdn(y, m, d)), False


def hijri_month_length(y: int, m: int) -> int:
    if Hijri is not None and 1343 <= y <= 1500:
        try:
            return Hijri(y, m, 1).month_length()
        except (ValueError, OverflowError):
            pass
    return _tabular_month_length(y, m)


def hijri_month_range(y: int, m: int) -> tuple[dt.date | None, dt.date | None, bool]:
    start, exact = hijri_to_gregorian(y, m, 1)
    end, exact2 = hijri_to_gregorian(y, m, hijri_month_length(y, m))
    return start, end, exact and exact2


def hijri_year_range(y: int) -> tuple[dt.date | None, dt.date | None, bool]:
    start, exact = hijri_to_gregorian(y, 1, 1)
    end, exact2 = hijri_to_gregorian(y, 12, hijri_month_length(y, 12))
    return start, end, exact and exact2


def gregorian_to_hijri(d: dt.date) -> tuple[int, int, int] | None:
    if Gregorian is None:
        return None
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (ValueError, OverflowError):
        return None
    return h.year, h.month, h.day


def hijri_day_near(month: int, day: int, ref: dt.date, tense: Tense) -> dt.date | None:
    """Gregorian date of a Hijri day and month written without a year: the latest on or
    before ref (past), the next on or after it (future), else the nearest."""
    h = gregorian_to_hijri(ref)
    if h is None:
        return None
    cands = []
    for y in (h[0] - 1, h[0], h[0] + 1):
        d = day if day > 0 else hijri_month_length(y, month)
        g, _ = hijri_to_gregorian(y, month, d)
        if g is not None:
            cands.append(g)
    if not cands:
        return None
    if tense == "past":
        past = [c for c in cands if c <= ref]
        return max(past) if past else min(cands)
    if tense == "future":
        fut = [c for c in cands if c >= ref]
        return min(fut) if fut else max(cands)
    return min(cands, key=lambda c: (abs((c - ref).days), c > ref))


def hijri_year_for_month(month: int, ref: dt.date, tense: Tense, *, strict: bool = True) -> int | None:
    """Hijri year of a Hijri month named without one (رمضان المقبل).  strict: the tense
    comes from a modifier (رمضان الماضي/المقبل), which excludes the running month; a tense
    read from a verb (شهدت الأيام الأولى من شوال) does not."""
    h = gregorian_to_hijri(ref)
    if h is None:
        return None
    hy, hm, _ = h
    if tense == "future":
        return hy if (month > hm or (month == hm and not strict)) else hy + 1
    if tense == "past":
        return hy if (month < hm or (month == hm and not strict)) else hy - 1
    if tense == "current":
        return hy
    # no cue: the current one if running, else the nearest
    if month == hm:
        return hy
    ahead = (month - hm) % 12
    return hy + (hm + ahead > 12) if ahead <= 6 else hy - (month > hm)
