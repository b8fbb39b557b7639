"""Find date expressions in raw text and resolve them against a reference date."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from rasd.text.arabic import normalize_with_offsets

from . import lexicon as L
from . import resolve as R
from .grammar import Cand, candidates

_DROPPED = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
                      r"\u200c\u200d\u200e\u200f\u061c\ufeff\u00ad]")
_SENT_END = re.compile(r"[.!?\n]")
# Between the two ends of a range: a dash, و (after بين), or حتى/إلى/لغاية, possibly followed by
# "the end of (the working hours of)": من يوم الثلاثاء … حتى نهاية دوام يوم الأحد …
_RANGE_GAP = re.compile(r"^\s*(?:(-|ـ|/|و)|و?\s*(الي|حتي|لغايه|ولغايه)(?:\s+(?:نهايه|ختام|اخر|انتهاء)(?:\s+(?:دوام|عمل))?)?)\s*$")
_RANGE_HEAD = re.compile(r"(?:(?:ما\s+)?بين|من|منذ|في\s+الفتره\s+من|(?:اعتبارا|ابتداء|بدءا|بدايه)\s+من)\s*(?:(?:بدايه|مطلع|اول|مستهل)\s+)?$")
_RECURRING = re.compile(r"\s*(?:من\s+كل\s+(?:يوم|اسبوع|ليله)|يوميا|كل\s+يوم)(?!\w)")
_RECURRING_WD = re.compile(r"\s*(?:من\s+)?(?:كل|جميع)\s+(?:اسبوع|الاسابيع|اسابيع|شهر)(?!\w)")
_RANGE_ENDS = {"dmy", "month", "hijri", "rel_day", "weekday", "year", "holiday"}
_WORD = re.compile(r"[\w]+")


def _select(cands: list[Cand]) -> list[Cand]:
    """Longest non-overlapping candidates (ties: higher priority, then earlier)."""
    chosen: list[Cand] = []
    taken = bytearray(max((c.e for c in cands), default=0))
    for c in sorted(cands, key=lambda c: (-(c.e - c.s), -c.prio, c.s)):
        if taken.find(1, c.s, c.e) != -1:
            continue
        chosen.append(c)
        taken[c.s:c.e] = b"\x01" * (c.e - c.s)
    return sorted(chosen, key=lambda c: c.s)


def _sentence_bounds(norm: str, s: int, e: int) -> tuple[int, int]:
    a = max(norm.rfind(ch, 0, s) for ch in ".!?\n") + 1
    m = _SENT_END.search(norm, e)
    return a, (m.start() if m else len(norm))


def _tense(norm: str, s: int, e: int) -> str | None:
    """Past/future from the nearest cue word in the sentence around [s, e)."""
    a, b = _sentence_bounds(norm, s, e)
    a, b = max(a, s - 120), min(b, e + 60)
    best: tuple[int, str] | None = None
    for m in _WORD.finditer(norm, a, b):
        if s <= m.start() < e:
            continue
        w = m.group()
        if w in L.FUTURE_CUES or (w[:1] in "وف" and w[1:] in L.FUTURE_CUES) or L.is_future_verb(w):
            kind = "future"
        elif w in L.PAST_CUES or (w[:1] in "وف" and w[1:] in L.PAST_CUES):
            kind = "past"
        else:
            continue
        dist = s - m.end() if m.end() <= s else (m.start() - e) * 2  # cues before the expression weigh more
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


def _item(text: str, offs: list[int], c: Cand) -> dict:
    start = offs[c.s]
    end = offs[c.e - 1] + 1
    while end < len(text) and _DROPPED.match(text[end]):
        end += 1
    span = text[start:end]
    if span.count("(") > span.count(")"):  # الأربعاء (13 مارس): close the bracket the span opened
        m = re.match(r"\s*\)", text[end:end + 3])
        if m:
            end += m.end()
    return {"text": text[start:end], "start": start, "end": end, "value": None, "end_value": None,
            "granularity": "day", "resolved_from": "explicit", "confidence": round(c.conf, 2)}


def _resolve(c: Cand, norm: str, ref: dt.date | None, week_start: int, item: dict) -> None:
    """Fill value/end_value/granularity/resolved_from of item from candidate c."""
    i = c.info
    k = c.kind
    if k == "dmy":
        item["granularity"] = "day"
        y = i.get("year")
        if y is not None:
            def convert(day: int, month: int) -> dt.date | None:
                if i.get("hijri_year"):
                    g, exact = R.hijri_to_gregorian(y, month, day)
                    if not exact:
                        item["confidence"] = min(item["confidence"], 0.6)
                    return g
                return R.valid_day(y, month, day)

            d = convert(i["day"], i["month"])
            alt = i.get("alt")
            if alt and ref is not None:
                # 10/4/1436: day/month or month/day? Both exist; the one nearer the article's date is meant.
                # Day-first is the norm: month-first only when it alone lands near the article's date.
                d2 = convert(*alt)
                if d2 is not None and (d is None or (abs((d2 - ref).days) <= 45 < abs((d - ref).days))):
                    d = d2
            item["value"] = d.isoformat() if d else None
            if d is None:
                item["confidence"] = 0.3
            elif i.get("weekday") is not None and d.weekday() != i["weekday"]:
                item["confidence"] = round(item["confidence"] - 0.25, 2)
            return
        item["resolved_from"] = "partial"
        if ref is None:
            return
        if i.get("year_rel") is not None:
            d = R.valid_day(ref.year + i["year_rel"], i["month"], i["day"])
        else:
            tense = i.get("tense")
            tense = tense if tense in ("past", "future") else (None if tense == "current" else _tense(norm, c.s, c.e))
            if i.get("tense") == "current":
                d = R.valid_day(ref.year, i["month"], i["day"])
            else:
                d = R.date_for_day_month(i["day"], i["month"], ref, tense)
        item["value"] = d.isoformat() if d else None
        return
    if k == "range" and "d1" in i and "hmonth" not in i:
        item["granularity"] = "range"
        y = i.get("year")
        if y is None:
            item["resolved_from"] = "partial"
            if ref is None:
                return
            y = R.date_for_day_month(i["d1"], i["month"], ref, _tense(norm, c.s, c.e))
            y = y.year if y else ref.year
        d1, d2 = R.valid_day(y, i["month"], i["d1"]), R.valid_day(y, i["month"], i["d2"])
        if d1 and d2:
            item["value"], item["end_value"] = d1.isoformat(), d2.isoformat()
        return
    if k == "range" and "y1" in i:
        item["granularity"] = "range"
        if i.get("hijri"):
            a, _, ex1 = R.hijri_year_range(i["y1"])
            _, b, ex2 = R.hijri_year_range(i["y2"])
            if a and b:
                item["value"], item["end_value"] = a.isoformat(), b.isoformat()
            if not (ex1 and ex2):
                item["confidence"] = min(item["confidence"], 0.6)
            return
        item["value"], item["end_value"] = f"{i['y1']:04d}-01-01", f"{i['y2']:04d}-12-31"
        return
    if k == "range" and "hmonth" in i:
        item["granularity"] = "range"
        y = i.get("year")
        if y is None:
            item["resolved_from"] = "partial"
            if ref is None:
                return
            first = R.hijri_day_near(i["hmonth"], i["d1"], ref, i.get("tense") or _tense(norm, c.s, c.e))
            h = R.gregorian_to_hijri(first) if first else None
            if h is None:
                return
            y = h[0]
        d1, e1 = R.hijri_to_gregorian(y, i["hmonth"], i["d1"])
        d2, e2 = R.hijri_to_gregorian(y, i["hmonth"], i["d2"])
        if d1 and d2:
            item["value"], item["end_value"] = d1.isoformat(), d2.isoformat()
        return
    if k == "month":
        item["granularity"] = "month"
        if i.get("year") is not None:
            item["value"] = R.iso_month(i["year"], i["month"])
            return
        if ref is None:
            item["resolved_from"] = "partial"
            return
        item["resolved_from"] = "partial"
        if i.get("year_rel") is not None:
            y = ref.year + i["year_rel"]
        elif i.get("tense") == "current":
            y = ref.year
        else:
            tense = i.get("tense") or _tense(norm, c.s, c.e)
            y = R.year_for_month(i["month"], ref, tense)
            if i.get("tense") in ("past", "future") and i["month"] == ref.month:
                # مارس الماضي written in March means last year's; مارس المقبل next year's
                y += -1 if i["tense"] == "past" else 1
        item["value"] = R.iso_month(y, i["month"])
        return
    if k == "year":
        item["granularity"] = "year"
        if i.get("hijri"):
            a, b, exact = R.hijri_year_range(i["year"])
            item["granularity"] = "range"
            if a and b:
                item["value"], item["end_value"] = a.isoformat(), b.isoformat()
                if not exact:
                    item["confidence"] = min(item["confidence"], 0.6)
            return
        item["value"] = f"{i['year']:04d}"
        return
    if k == "decade":
        # the century is not written: the latest such decade that has ended before the reference
        item["granularity"] = "range"
        item["resolved_from"] = "partial"
        if ref is None:
            return
        h = R.gregorian_to_hijri(ref) if i.get("hijri") else None
        year = h[0] if h else ref.year
        start = (year // 100) * 100 + i["decade"]
        while start + 9 >= year:
            start -= 100
        if h:  # التسعينات الهجرية: Hijri years 1390–1399
            a, _, _ = R.hijri_year_range(start)
            _, b, _ = R.hijri_year_range(start + 9)
            if a and b:
                item["value"], item["end_value"] = a.isoformat(), b.isoformat()
            return
        item["value"], item["end_value"] = f"{start}-01-01", f"{start + 9}-12-31"
        return
    if k == "day_relmonth":
        item["granularity"] = "day"
        item["resolved_from"] = "relative"
        if ref is None:
            return
        y, m = R.add_months(ref.year, ref.month, i["offset"])
        d = R.valid_day(y, m, i["day"])
        item["value"] = d.isoformat() if d else None
        if d is not None and i.get("weekday") is not None and d.weekday() != i["weekday"]:
            item["confidence"] = round(item["confidence"] - 0.25, 2)
        return
    if k == "year_part":
        item["granularity"] = "range"
        y = i["year"]
        if y is None:
            item["resolved_from"] = "relative"
            if ref is None:
                return
            y = ref.year + i["offset"]
        item["value"] = dt.date(y, i["m1"], 1).isoformat()
        item["end_value"] = dt.date(y, i["m2"], calendar.monthrange(y, i["m2"])[1]).isoformat()
        return
    if k == "last_n":
        item["granularity"] = "range"
        item["resolved_from"] = "relative"
        if ref is None:
            return
        n, unit = i["n"], i["unit"]
        if unit == "year":
            a, b = dt.date(ref.year - n, 1, 1), dt.date(ref.year - 1, 12, 31)
        elif unit == "month":
            y, m = R.add_months(ref.year, ref.month, -n)
            y2, m2 = R.add_months(ref.year, ref.month, -1)
            a, b = dt.date(y, m, 1), dt.date(y2, m2, calendar.monthrange(y2, m2)[1])
        else:
            a, b = ref - dt.timedelta(days=n), ref - dt.timedelta(days=1)
        item["value"], item["end_value"] = a.isoformat(), b.isoformat()
        return
    if k == "hijri":
        _resolve_hijri(c, norm, ref, item)
        return
    if k == "holiday":
        _resolve_holiday(c, norm, ref, item)
        return
    # everything below is relative to the reference date
    item["resolved_from"] = "relative"
    if k == "rel_period":
        unit, off = i["unit"], i["offset"]
        item["granularity"] = unit
        if ref is None:
            return
        if unit == "week":
            a, b = R.week_bounds(ref + dt.timedelta(days=7 * off), week_start)
            item["value"], item["end_value"] = a.isoformat(), b.isoformat()
        elif unit == "month":
            y, m = R.add_months(ref.year, ref.month, off)
            item["value"] = R.iso_month(y, m)
        else:
            item["value"] = f"{ref.year + off:04d}"
        return
    if k == "rel_day":
        item["granularity"] = "day"
        if ref is None:
            return
        d = ref + dt.timedelta(days=i["offset"])
        wd = i.get("weekday")
        if wd is not None and d.weekday() != wd:
            # the article's date is off (late publication, time zone): trust the weekday near the relative day
            d = R.weekday_closest(d, wd)
            item["confidence"] = round(item["confidence"] - 0.2, 2)
        item["value"] = d.isoformat()
        return
    if k == "weekday":
        item["granularity"] = "day"
        if ref is None:
            return
        if _RECURRING_WD.match(norm, c.e) or re.search(r"(?<!\w)(?:كل|ايام)\s+(?:يوم\s+)?$", norm[max(0, c.s - 12):c.s]):
            return  # الجمعة من كل أسبوع, كل يوم جمعة: every week, no one day
        tense = i.get("tense") or _tense(norm, c.s, c.e) or "past"
        d = R.weekday_near(ref, i["weekday"], tense, strict=i.get("strict", False))
        d += dt.timedelta(days=7 * (i.get("weeks", 1) - 1) * (1 if tense == "future" else -1))
        item["value"] = d.isoformat()
        return
    if k == "ago":
        unit, n = i["unit"], i["n"]
        item["granularity"] = unit
        if ref is None:
            return
        d = R.shift(ref, unit, n)
        if unit == "day":
            item["value"] = d.isoformat()
        elif unit == "week":
            a, b = R.week_bounds(d, week_start)
            item["value"], item["end_value"] = a.isoformat(), b.isoformat()
        elif unit == "month":
            item["value"] = R.iso_month(d.year, d.month)
        else:
            item["value"] = f"{d.year:04d}"
        return
    raise ValueError(k)


def _resolve_hijri(c: Cand, norm: str, ref: dt.date | None, item: dict) -> None:
    i = c.info
    y = i.get("year")
    day = i.get("day")
    if y is None:
        item["resolved_from"] = "partial"
        if ref is None:
            item["granularity"] = "day" if day else "range"
            return
        tense = i.get("tense") or _tense(norm, c.s, c.e)
        if day:
            item["granularity"] = "day"
            d = R.hijri_day_near(i["month"], day, ref, tense)
            _hijri_day_value(d, i, item)
            return
        # رمضان الماضي written in Ramadan is last year's; a past verb with رمضان is this one, begun
        y = R.hijri_year_for_month(i["month"], ref, tense, strict=i.get("tense") is not None)
        if y is None:
            return
    if day:
        item["granularity"] = "day"
        if day == -1:
            day = R.hijri_month_length(y, i["month"])
        d, exact = R.hijri_to_gregorian(y, i["month"], day)
        _hijri_day_value(d, i, item)
    else:
        item["granularity"] = "range"
        a, b, exact = R.hijri_month_range(y, i["month"])
        if a and b:
            item["value"], item["end_value"] = a.isoformat(), b.isoformat()
    if not exact:
        item["confidence"] = min(item["confidence"], 0.6)


def _hijri_day_value(d: dt.date | None, i: dict, item: dict) -> None:
    if d is None:
        return
    if i.get("night"):
        d -= dt.timedelta(days=1)  # ليلة 27 رمضان: the Islamic day begins at sunset, so its night is the evening before
    item["value"] = d.isoformat()
    if i.get("weekday") is not None and d.weekday() != i["weekday"] and not i.get("night"):
        item["confidence"] = round(item["confidence"] - 0.25, 2)


def _resolve_holiday(c: Cand, norm: str, ref: dt.date | None, item: dict) -> None:
    """ثاني أيام عيد الفطر = 2 Shawwal; العيد alone is whichever Eid is nearest in the tense's direction."""
    i = c.info
    item["granularity"] = "day"
    item["resolved_from"] = "partial"
    if ref is None:
        return
    mod = re.match(r"\s*(المقبل|القادم|الماضي|المنصرم|الفايت)(?!\w)", norm[c.e:c.e + 12])
    tense = None if mod is None else ("future" if mod.group(1) in ("المقبل", "القادم") else "past")
    feasts = [(i["month"], i["day"])] if i["month"] else [L.HOLIDAYS["عيد الفطر"], L.HOLIDAYS["عيد الاضحي"]]
    best = None
    for month, day in feasts:
        d = R.hijri_day_near(month, day, ref, tense or "past")
        if d is not None and (best is None or abs((d - ref).days) < abs((best - ref).days)):
            best = d
    if best is not None:
        item["value"] = (best + dt.timedelta(days=i["n"] - 1)).isoformat()


def _merge_ranges(norm: str, cands: list[Cand]) -> list[Cand]:
    """Two date expressions joined as a range: من 28 فبراير إلى 3 مارس 2023 · بين مارس ومايو ·
    من اليوم وحتى نهاية دوام يوم الأربعاء 20-10-1436هـ · من ليلة الخميس ولغاية أمس الجمعة.
    Ends of the same kind may be joined by a dash or حتى/إلى alone; ends of different kinds need
    the range's head (من، بين، اعتبارا من) before the first."""
    out: list[Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and a.kind in _RANGE_ENDS and b.kind in _RANGE_ENDS:
            gap = norm[a.e:b.s]
            if norm[b.s] == "و" and not gap.strip():
                gap += "و"
            gm = _RANGE_GAP.match(gap)
            head = _RANGE_HEAD.search(norm[max(0, a.s - 28):a.s])
            if gm:
                sep = gm.group(1) or gm.group(2)
                same = a.kind == b.kind and a.kind in ("dmy", "month", "year", "hijri")
                ok = bool(head) if sep == "و" or not same else (head or sep in ("-", "ـ", "الي", "حتي", "ولغايه", "لغايه"))
                if sep == "/" and not (same and a.kind == "year"):
                    ok = False
                if ok:
                    s = a.s - len(head.group()) if head else a.s
                    out.append(Cand("merged", s, b.e, {"a": a, "b": b}, min(a.conf, b.conf), 5))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _bounds(item: dict) -> tuple[str, str] | None:
    """First and last day covered by a resolved item, whatever its granularity."""
    v, ev = item.get("value"), item.get("end_value")
    if not v:
        return None

    def first(x: str) -> str:
        return x[:10] if len(x) >= 10 else (x + "-01" if len(x) == 7 else x + "-01-01")

    def last(x: str) -> str:
        if len(x) >= 10:
            return x[:10]
        if len(x) == 7:
            y, m = int(x[:4]), int(x[5:7])
            return f"{x}-{calendar.monthrange(y, m)[1]:02d}"
        return x + "-12-31"
    return first(v), last(ev or v)


def _resolve_merged(c: Cand, norm: str, ref: dt.date | None, week_start: int, item: dict) -> bool:
    """Resolve both ends; False when they do not make a range (the caller keeps them apart)."""
    a, b = c.info["a"], c.info["b"]
    ia, ib = {**item}, {**item}
    ai, bi = dict(a.info), dict(b.info)
    if a.kind == b.kind and a.kind in ("dmy", "hijri", "month") and ai.get("year") is None and bi.get("year") is not None \
            and ai.get("year_rel") is None and "month" in ai and "month" in bi:
        ai["year"] = bi["year"] - (1 if ai["month"] > bi["month"] else 0)
        ai["hijri_year"] = bi.get("hijri_year", False)
    if a.kind == "hijri" and b.kind == "hijri" and ai.get("year") is None and bi.get("year") is None and ref is not None:
        # both without a year: the second end decides, the first precedes it
        ai["tense"] = ai.get("tense") or bi.get("tense")
    _resolve(Cand(a.kind, a.s, a.e, ai, a.conf), norm, ref, week_start, ia)
    _resolve(Cand(b.kind, b.s, b.e, bi, b.conf), norm, ref, week_start, ib)
    ba, bb = _bounds(ia), _bounds(ib)
    if ba is None or bb is None:
        return ref is None
    if ba[0] > bb[1]:
        return False
    item["granularity"] = "range"
    item["resolved_from"] = "explicit" if {ia["resolved_from"], ib["resolved_from"]} == {"explicit"} else (
        "relative" if "relative" in (ia["resolved_from"], ib["resolved_from"]) else "partial")
    item["value"], item["end_value"] = ba[0], bb[1]
    return True


_END_QUAL = re.compile(r"(?:^|\s)(?:نهايه|اخر|ختام|اواخر)\s+(?!.*\s(?:من|في)\s)")
_START_QUAL = re.compile(r"(?:^|\s)(?:مطلع|بدايه|اول|اوايل|مستهل)\s+(?!.*\s(?:من|في)\s)")


def _pair_weekdays(items: list[dict], cands: list[Cand], norm: str, ref: dt.date | None) -> None:
    """يومي الثلاثاء والأربعاء المقبلين: two coordinated weekdays are consecutive days of one
    stretch, in the tense of either (the plural modifier follows the second)."""
    if ref is None:
        return
    for j in range(len(cands) - 1):
        a, b = cands[j], cands[j + 1]
        if a.kind != "weekday" or b.kind != "weekday" or a.info.get("tense") and b.info.get("tense"):
            continue
        gap = norm[a.e:b.s] + (norm[b.s] if norm[b.s:b.s + 1] == "و" else "")
        if gap.strip() != "و":
            continue
        if _RECURRING_WD.match(norm, b.e):
            items[j]["value"] = items[j + 1]["value"] = None
            continue
        tense = a.info.get("tense") or b.info.get("tense") or _tense(norm, a.s, b.e) or "past"
        strict = a.info.get("strict") or b.info.get("strict")
        if tense == "future":
            da = R.weekday_near(ref, a.info["weekday"], "future", strict=strict)
            db = da + dt.timedelta(days=(b.info["weekday"] - da.weekday()) % 7 or 7)
        else:
            db = R.weekday_near(ref, b.info["weekday"], "past", strict=strict)
            da = db - dt.timedelta(days=(db.weekday() - a.info["weekday"]) % 7 or 7)
        items[j]["value"], items[j + 1]["value"] = da.isoformat(), db.isoformat()


def _anchor_day(item: dict, kind: str, norm: str, ns: int) -> str | None:
    """The day an expression pins down for a clock time near it: a day's value, a time's
    day, or the last/first day of a period qualified by نهاية/مطلع (في نهاية شهر رمضان)."""
    v = item.get("value")
    if not v:
        return None
    g = item["granularity"]
    if g == "day":
        return v
    if g == "time":
        return v[:10]
    if g in ("range", "week") and item.get("end_value"):
        before = norm[max(0, ns - 10):ns + 8]  # the qualifier may open the span itself (نهايه شهر رمضان)
        if _END_QUAL.search(before):
            return item["end_value"]
        if _START_QUAL.search(before):
            return v
    return None


def _attach_times(items: list[dict], kinds: list[str], norm_bounds: list[tuple[int, int]], starts: list[int],
                  norm: str, ref: dt.date | None) -> None:
    """Give each clock time its day: the nearest day in its sentence; else the day the story was
    last at (the latest day or time expression before it: "أمس … بحلول الساعة 0647"); else the
    reference day.  The value is the stated local time; its zone is not part of the value."""
    anchors: list[tuple[int, str | None]] = [
        (j, _anchor_day(it, kinds[j], norm, starts[j]) if kinds[j] != "time" else None) for j, it in enumerate(items)]
    for idx, it in enumerate(items):
        if kinds[idx] != "time":
            continue
        hh, mm, _tz = it.pop("_time")
        if it.pop("_recurring", False):
            it["resolved_from"] = "relative"
            continue
        line_a = norm.rfind("\n", 0, starts[idx]) + 1
        line_b = norm.find("\n", starts[idx])
        line = norm[line_a:line_b if line_b >= 0 else len(norm)]
        if ref is not None and re.fullmatch(r"[\s\d:.]*(?:[تص]\s*م|ص|م|[\s\d:.])*\s*", line):
            # a line holding nothing but a clock time is the article's own time stamp (SPA: "14:05 ت م")
            it["value"], it["resolved_from"] = f"{ref.isoformat()}T{hh:02d}:{mm:02d}", "relative"
            anchors[idx] = (idx, ref.isoformat())
            continue
        same = [(abs(starts[j] - starts[idx]), day, j) for j, day in anchors
                if day and j != idx and norm_bounds[j] == norm_bounds[idx]]
        before = [(starts[idx] - starts[j], day, j) for j, day in anchors if day and starts[j] < starts[idx]]
        if same:
            _, day, j = min(same)
            it["resolved_from"] = items[j]["resolved_from"]
        elif before:
            _, day, j = min(before)
            it["resolved_from"] = items[j]["resolved_from"]
        elif ref is not None:
            day = ref.isoformat()
            it["resolved_from"] = "relative"
        else:
            it["resolved_from"] = "relative"
            continue
        it["value"] = f"{day}T{hh:02d}:{mm:02d}"
        anchors[idx] = (idx, day)


_LEAD_CLITIC = re.compile(r"^[وف](?=(?:ال|امس|غدا|بعد|منذ|قبل|بين|من|في|شهر|يوم|عام|سنه|\d|مطلع|نهايه|بدايه|اواخر|اوايل|منتصف|هذا|هذه|"
                          r"صباح|مساء|تمام|" + L.alternation(L.MONTHS) + "))")


def extract_dates(text: str, reference=None, *, tz_offset_hours: float = 3.0, week_start: int = 5) -> list[dict]:
    """Date and time expressions in ``text`` with offsets into it, resolved against ``reference``.

    reference: the publication date/time (date, datetime, ISO string) or None.
    Returns dicts with text, start, end, value, end_value, granularity
    ("day"|"week"|"month"|"year"|"range"|"time"), resolved_from
    ("explicit"|"relative"|"partial") and confidence, in text order.
    """
    if not text:
        return []
    norm, offs = normalize_with_offsets(text)
    ref = R.parse_reference(reference, tz_offset_hours)
    cands = _select(candidates(norm))
    cands = _merge_ranges(norm, cands)
    items: list[dict] = []
    kinds: list[str] = []
    bounds: list[tuple[int, int]] = []
    starts: list[int] = []
    used: list[Cand] = []
    pending = list(cands)
    while pending:
        c = pending.pop(0)
        while c.e > c.s and norm[c.e - 1].isspace():
            c.e -= 1
        while c.s < c.e and norm[c.s].isspace():
            c.s += 1
        m = _LEAD_CLITIC.match(norm[c.s:c.e])
        if m and c.e - c.s > 2:
            c.s += 1
        item = _item(text, offs, c)
        if c.info.get("needs_tanwin"):
            if not re.search("[\u064b\u064c\u064d]", item["text"]):
                continue
        if c.kind == "merged":
            if not _resolve_merged(c, norm, ref, week_start, item):
                pending[:0] = [c.info["a"], c.info["b"]]
                continue
        elif c.kind == "time":
            item["granularity"] = "time"
            item["_time"] = (c.info["hour"], c.info["minute"], c.info["tz"])
            item["_recurring"] = bool(_RECURRING.match(norm, c.e))
        else:
            _resolve(c, norm, ref, week_start, item)
        items.append(item)
        kinds.append(c.kind)
        bounds.append(_sentence_bounds(norm, c.s, c.e))
        starts.append(c.s)
        used.append(c)
    _pair_weekdays(items, used, norm, ref)
    _attach_times(items, kinds, bounds, starts, norm, ref)
    return items


def resolve_statement_date(sentence_start: int, sentence_end: int, dates: list[dict], published: str | None,
                           *, content: tuple[int, int] | None = None, tz_offset_hours: float = 3.0) -> str | None:
    """The day a statement was made: a day-or-finer expression of its sentence, else the
    publication day (or None).

    With ``content`` (the statement's own span), dates inside it are what the speaker talks
    about (قال إن الهجوم وقع الأربعاء), not when they spoke, so only the attribution around it
    counts (قال الوزير أمس إن …), nearest to the content first.  A day after publication is
    never the day of a statement (قال إن الاجتماع سيعقد الخميس المقبل).
    """
    ref = R.parse_reference(published, tz_offset_hours)
    found = []
    for d in dates:
        if not (d["start"] >= sentence_start and d["end"] <= sentence_end and d.get("value")
                and d.get("granularity") in ("day", "time")):
            continue
        day = str(d["value"])[:10]
        if ref is not None and day > ref.isoformat():
            continue
        if content is not None:
            cs, ce = content
            if d["start"] < ce and cs < d["end"]:
                continue
            dist = cs - d["end"] if d["end"] <= cs else d["start"] - ce
        else:
            dist = d["start"] - sentence_start
        found.append((dist, d["start"], day))
    if found:
        return min(found)[2]
    return ref.isoformat() if ref else None

