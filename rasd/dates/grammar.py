"""Patterns for date expressions over the normalised text.

Each pattern runs over ``normalize_with_offsets(text)[0]`` (digits folded,
hamza/alef/ta-marbuta folded, diacritics dropped, spaces kept), and yields a
:class:`Cand` with offsets into that normalised string; :mod:`rasd.dates.extract`
maps them back to raw offsets, picks non-overlapping candidates and resolves
them.  Parsing of the matched words into numbers happens here too, so that the
resolver only does calendar arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as L

# --- building blocks ---------------------------------------------------------------

ALLM = L.alternation(L.MONTHS)
HM = L.alternation(L.HIJRI_MONTHS)
WD = L.alternation(L.WEEKDAYS)
PASTM = L.alternation(L.PAST_MOD)
FUTM = L.alternation(L.FUTURE_MOD)
CURM = L.alternation(L.CURRENT_MOD)
MODS = f"{PASTM}|{FUTM}|{CURM}"
QUAL = L.alternation(L.PERIOD_QUALIFIERS)
NUMW = L.alternation(L.NUMBER_WORDS)
UNITS = L.alternation(L.UNITS)
ORD = L.alternation(L.ORDINAL_DAYS)
HOURW = L.alternation(L.HOUR_WORDS)
PERIODW = L.alternation(L.DAY_PERIODS)
TZW = L.alternation(L.TIME_ZONES)

B = r"(?<![\w])"
GREGM = L.alternation(L.GREG_MONTHS)
LEVM = L.alternation(L.LEV_MONTHS)
# A month in one convention, optionally followed by the other: مارس/آذار, مارس (آذار), and the
# wire style "فبراير شباط" with nothing between the two.
MONTHX = (rf"(?:{ALLM})(?!\w)(?:\s*[/\-]\s*(?:{ALLM})(?!\w)|\s*\(\s*(?:{ALLM})\s*\)"
          rf"|\s+(?:{LEVM})(?!\w))?")
YEAR = r"\(?\s*\d{4}(?!\d)(?:\s*\))?"
GSUF = r"(?:\s*(?:م|ميلادي|ميلاديه|للميلاد)(?!\w))?"
HSUF = r"\s*(?:ه|هجري|هجريه|للهجره)(?!\w)"
DAYN = r"(?<![\d/.:\-])[0-3]?\d(?![\d:])"
# a weekday before a date is part of it: الجمعة 17/3 · يوم (الأحد) الموافق … · الخميس المقبل الموافق 14 مارس · الأربعاء (13 مارس)
WDPRE = (rf"(?:(?:يوم\s+)?(?:\(\s*)?[وف]?(?:{WD})(?!\w)(?:\s+(?:{MODS})(?!\w))?(?:\s*\))?\s*,?\s*(?:الموافق\s+)?"
         rf"(?:\(\s*(?=\d))?)?")
YEARPART = rf"\s*(?:[/\-.,]|من)?\s*(?:(?:[لب]?(?:ال)?)(?:عام|سنه)\s*)?{YEAR}(?:{HSUF}|{GSUF})"
YEARREL = rf"\s+(?:من\s+)?(?:(?:العام|السنه)\s+(?:{MODS})|(?:هذا|هذه)\s+(?:العام|السنه)|العام\s+نفسه)(?!\w)"
MODPART = rf"\s+(?:{MODS})(?!\w)"
PREP = r"[وف]?(?:في|خلال|منذ|حتي|قبل|بعد|مع|الي|من|طيله|طوال|عن|بين)"

# Past/future/current from a modifier word.
_MOD_TENSE = {**{w: "past" for w in L.PAST_MOD}, **{w: "future" for w in L.FUTURE_MOD},
              **{w: "current" for w in L.CURRENT_MOD}}
_MOD_RE = re.compile(rf"(?<!\w)({MODS})(?!\w)")
_MONTH_RE = re.compile(rf"(?<!\w)[وفبل]?({ALLM})(?!\w)")
_HMONTH_RE = re.compile(rf"(?<![^\W\d])({HM})(?!\w)")
_WD_RE = re.compile(rf"(?<!\w)[وفب]?({WD})(?!\w)")
_YEAR_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_HSUF_RE = re.compile(HSUF)


@dataclass
class Cand:
    kind: str
    s: int
    e: int
    info: dict = field(default_factory=dict)
    conf: float = 0.9
    prio: int = 0  # tie-breaker among equal lengths (higher wins)


def _mod_tense(t: str) -> str | None:
    m = _MOD_RE.search(t)
    return _MOD_TENSE[m.group(1)] if m else None


def _year_rel(t: str) -> int | None:
    """Offset of a relative year written after a month (مارس من العام الماضي → -1)."""
    if re.search(r"(?:هذا|هذه)\s+(?:العام|السنه)|العام\s+نفسه", t):
        return 0
    m = re.search(rf"(?:العام|السنه)\s+({MODS})", t)
    if m:
        return {"past": -1, "future": 1, "current": 0}[_MOD_TENSE[m.group(1)]]
    return None


def _months(t: str) -> list[int]:
    return [L.month_number(m.group(1)) for m in _MONTH_RE.finditer(t)]


def _weekday(t: str) -> int | None:
    m = _WD_RE.search(t)
    return L.WEEKDAYS[m.group(1)] if m else None


def _year(t: str) -> int | None:
    m = _YEAR_RE.search(t)
    return int(m.group(1)) if m else None


def _day(t: str) -> int | None:
    m = re.search(r"(?<!\d)(\d{1,2})(?!\d)", t)
    if m:
        return int(m.group(1))
    m = re.search(rf"(?<!\w)({ORD})(?!\w)", t)
    return L.ORDINAL_DAYS[m.group(1)] if m else None


def _prev_word(norm: str, s: int) -> str:
    m = re.search(r"([\w]+)[^\w\n]*$", norm[max(0, s - 40):s])
    return m.group(1) if m else ""


def _next_word(norm: str, e: int) -> str:
    m = re.match(r"[^\w\n]*([\w]+)", norm[e:e + 40])
    return m.group(1) if m else ""


# --- patterns ----------------------------------------------------------------------

@dataclass
class Pattern:
    kind: str
    regex: re.Pattern
    parse: object  # callable(match, norm) -> Cand | None
    gate: str | None = None  # a pattern that cannot match unless this gate's words occur in the text


PATTERNS: list[Pattern] = []

# Month names are rare in a text but the month patterns are long alternations
# tried at every position: checking once whether any month name occurs at all
# skips them on most articles (the bulk of extraction time otherwise).
GATES = {
    "month": re.compile(rf"(?:{ALLM})(?!\w)"),
    "hijri": re.compile(rf"(?:{HM})(?!\w)"),
    "shahr": re.compile(r"شهر|الجاري|الحالي"),
    "holiday": re.compile(r"عيد|عرف"),
    "part": re.compile(r"نصف|ربع|ثلث"),
    "decade": re.compile(r"ينات"),
}


def pattern(kind: str, rx: str, gate: str | None = None):
    def deco(fn):
        PATTERNS.append(Pattern(kind, re.compile(rx), fn, gate))
        return fn
    return deco


def _span(m: re.Match) -> tuple[int, int]:
    if "x" in m.re.groupindex and m.group("x") is not None:
        return m.start("x"), m.end("x")
    return m.start(), m.end()


# 17 مارس 2023 · الجمعة 17/مارس/2023 · 17 من مارس · 19 مايو/أيار · 17 مارس الماضي · الأول من مارس
@pattern("dmy", rf"{B}{WDPRE}(?:يوم\s+)?(?:(?:ال)?{DAYN}|(?:{ORD})(?=\s+من)|فاتح(?=\s))\s*(?:[/\-.]\s*|من\s+|,\s*)?(?:شهر\s+)?[وب]?{MONTHX}"
                rf"(?:{YEARPART}|{YEARREL}|{MODPART})?", gate="month")
def _dmy(m: re.Match, norm: str) -> Cand | None:
    t = m.group()
    months = _months(t)
    day = _day(re.sub(rf"(?<!\w)[وفب]?(?:{WD})(?!\w)", " ", t))
    if not months or day is None or not 1 <= day <= 31:
        return None
    year = _year(t)
    hijri_suffix = bool(year and _HSUF_RE.search(t[t.find(str(year)):]))
    if year and not hijri_suffix and not 1000 <= year <= 2200:
        return None
    info = {"day": day, "month": months[0], "year": year, "weekday": _weekday(t.split(str(day))[0]),
            "year_rel": None if year else _year_rel(t), "tense": None if year else _mod_tense(t),
            "hijri_year": hijri_suffix}
    conf = 0.95 if len(set(months)) == 1 else 0.8
    return Cand("dmy", m.start(), m.end(), info, conf, 3)


# 17/3/2023 · 17-03-2023 · ( 29 / 12 / 2011 ) · 1446/9/12 هـ (day-first; month-first when the day is > 12)
@pattern("numdate", rf"{B}{WDPRE}(?:يوم\s+)?\(?\s*(?<![\d/.\-])(\d{{1,2}})\s*([/\-.])\s*(\d{{1,2}})\s*\2\s*\(?\s*(\d{{4}})(?!\d)\s*\)?(?:{HSUF}|{GSUF})(?![\d/])")
def _numdate(m: re.Match, norm: str) -> Cand | None:
    a, b, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
    d, mo = (a, b)
    if b > 12 and a <= 12:
        d, mo = b, a
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    hijri = bool(_HSUF_RE.search(norm, m.end(4), m.end()))  # (the weekday's own final ه is not a suffix)
    s = m.start()
    if norm[s] == "(" and ")" not in m.group():
        s += 1
    hijri = hijri or 1300 <= y <= 1500  # a four-digit year in that range is a Hijri year in today's news
    return Cand("dmy", s, m.end(), {"day": d, "month": mo, "year": y, "weekday": _weekday(m.group()),
                                    "year_rel": None, "tense": None, "hijri_year": hijri, "numeric_hijri": hijri,
                                    "alt": (mo, d) if a != b and a <= 12 and b <= 12 else None},
                0.95 if a > 12 or a == b else 0.9, 2)


# 2023-03-17 · 2023/3/17
@pattern("numdate", r"(?<![\d/.\-])(\d{4})([/\-.])(\d{1,2})\2(\d{1,2})(?![\d/])")
def _ymd(m: re.Match, norm: str) -> Cand | None:
    y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    # 1436/10/30 هـ: year-first Hijri dates are the Saudi norm
    hijri = 1300 <= y <= 1500 or bool(_HSUF_RE.match(norm[m.end():m.end() + 8].lstrip()))
    return Cand("dmy", m.start(), m.end(), {"day": d, "month": mo, "year": y, "weekday": None, "year_rel": None,
                                            "tense": None, "hijri_year": hijri, "numeric_hijri": hijri}, 0.95, 2)


# بتاريخ 20/7 · يوم 3/4 (day/month, year from the reference)
# (من 13 / 8 إلى 18 / 9 / 1436هـ: the first end takes its year from the second)
@pattern("dm", r"(?<!\w)(?:بتاريخ|يوم|الموافق|(?:من|بين)(?=\s+\(?\s*\d{1,2}\s*/\s*\d{1,2}\s*(?:-|الي|حتي|و)\s*\d))\s+\(?\s*"
                r"(?P<x>(\d{1,2})\s*/\s*(\d{1,2}))(?!\s*/|\d)")
def _dm(m: re.Match, norm: str) -> Cand | None:
    d, mo = int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    s, e = _span(m)
    return Cand("dmy", s, e, {"day": d, "month": mo, "year": None, "weekday": None, "year_rel": None, "tense": None,
                              "hijri_year": False}, 0.7, 1)


# بين 20 و22 مارس · من 20 إلى 22 مارس 2023 · 20-22 مارس
@pattern("day_range", rf"{B}(?:(?:ما\s+)?بين\s+|من\s+|في\s+الفتره\s+من\s+)?{DAYN}\s*(-|و|الي|حتي|لغايه)\s*[0-3]?\d(?!\d)\s*(?:من\s+)?(?:شهر\s+)?{MONTHX}(?:{YEARPART})?", gate="month")
def _day_range(m: re.Match, norm: str) -> Cand | None:
    t = m.group()
    if m.group(1) == "و" and "بين" not in t[:12]:
        return None
    nums = [int(x) for x in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", t)][:2]
    months = _months(t)
    if len(nums) < 2 or not months or not (1 <= nums[0] < nums[1] <= 31):
        return None
    year = _year(t)
    return Cand("range", m.start(), m.end(), {"d1": nums[0], "d2": nums[1], "month": months[0], "year": year}, 0.9, 4)


# من 1 إلى 5 من ذي القعدة المقبل · بين 10 و12 رمضان 1446هـ
@pattern("hijri_day_range", rf"{B}(?:(?:ما\s+)?بين\s+|من\s+|في\s+الفتره\s+من\s+)?{DAYN}\s*(-|و|الي|حتي|لغايه)\s*[0-3]?\d(?!\d)\s*(?:من\s+)?"
                             rf"(?:شهر\s+)?(?:{HM})(?!\w)(?:\s*(?:[/\-,]|من)?\s*(?:(?:[لب]?(?:ال)?)(?:عام|سنه)\s*)?{YEAR}(?:{HSUF})?|{MODPART})?",
         gate="hijri")
def _hijri_day_range(m: re.Match, norm: str) -> Cand | None:
    t = m.group()
    if m.group(1) == "و" and "بين" not in t[:12]:
        return None
    nums = [int(x) for x in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", t)][:2]
    hm = _HMONTH_RE.search(t)
    if len(nums) < 2 or hm is None or not (1 <= nums[0] < nums[1] <= 30):
        return None
    year = _year(t[hm.end():])
    return Cand("range", m.start(), m.end(), {"d1": nums[0], "d2": nums[1], "hmonth": L.hijri_month_number(hm.group(1)),
                                              "year": year, "tense": _mod_tense(t[hm.end():]) if year is None else None},
                0.9, 4)


# في 12 من الشهر الجاري · الـ20 من الشهر المقبل · الخامس من الشهر الماضي · 5 الشهر الحالي · الثالث من هذا الشهر
@pattern("day_relmonth", rf"(?<!\w)(?P<x>(?:[وفب]?يوم\s+)?{WDPRE}(?:[وفب]?(?:ال)?(?:{DAYN})|(?:{ORD}))\s+(?:من\s+)?"
                         rf"(?:(?:ال)?شهر\s+(?P<mod>{MODS})|هذا\s+الشهر|(?P<cur>الجاري|الحالي))(?!\w))(?!\s+(?:الفضيل|المبارك|الكريم|{HM}))", gate="shahr")
def _day_relmonth(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    day = _day(re.sub(rf"(?<!\w)[وفب]?(?:{WD})(?!\w)", " ", t.split("شهر")[0]))
    if day is None or not 1 <= day <= 31:
        return None
    offset = {"past": -1, "future": 1, "current": 0, None: 0}[_MOD_TENSE.get(m.group("mod")) if m.group("mod") else None]
    return Cand("day_relmonth", s, e, {"day": day, "offset": offset, "weekday": _weekday(t)}, 0.85, 3)


# فبراير 2022 · شهر نوفمبر عام 2016 · أواخر ديسمبر / كانون الأول 2020 · كانون الثاني ( 1996 )
@pattern("my", rf"{B}(?:(?:{QUAL})\s+)?(?:[بل]?شهر\s+)?[وب]?{MONTHX}\s*(?:[,/\-]|من)?\s*(?:(?:[لب]?(?:ال)?)(?:عام|سنه)\s*)?{YEAR}{GSUF}", gate="month")
def _my(m: re.Match, norm: str) -> Cand | None:
    t = m.group()
    months, year = _months(t), _year(t)
    if not months or not year or not 1000 <= year <= 2200:
        return None
    return Cand("month", m.start(), m.end(), {"month": months[0], "year": year}, 0.95 if len(set(months)) == 1 else 0.8, 2)


# مارس الماضي · في يناير المقبل · مارس من العام الماضي · في مارس · شهر تموز · مطلع فبراير
@pattern("month_alone", rf"(?:(?<!\w)(?P<p>{PREP})\s+)?(?P<x>(?:(?:{QUAL})\s+)?(?:[بل]?شهر\s+)?[وب]?{MONTHX}(?:{YEARREL}|{MODPART})?)", gate="month")
def _month_alone(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    if s > 0 and (norm[s - 1].isalnum() or norm[s - 1] == "_"):
        return None
    months = _months(t)
    if not months:
        return None
    first = re.search(rf"({ALLM})(?!\w)", t).group(1)
    has_shahr = "شهر" in t.split(first)[0]
    has_qual = re.match(rf"(?:{QUAL})\s", t) is not None
    tense, yrel = _mod_tense(t), _year_rel(t)
    hybrid = len(months) > 1
    name = " ".join(first.split())
    context = has_shahr or hybrid or yrel is not None
    if name in L.AMBIGUOUS_MONTHS and not context:
        # آب/أيار/تموز alone need شهر, a pair, a year or a day; مارس/حزيران (also a verb, a war) a preposition or a modifier
        if name not in L.SOFT_AMBIGUOUS_MONTHS or not (tense or m.group("p") or has_qual):
            return None
    elif not (m.group("p") or context or has_qual or tense):
        # an unambiguous month name standing alone (ديسمبر): still a month, less sure
        return Cand("month", s, e, {"month": months[0], "year": None, "tense": None, "year_rel": None}, 0.6, 1)
    return Cand("month", s, e, {"month": months[0], "year": None, "tense": tense if yrel is None else None,
                                "year_rel": yrel}, 0.8 if (tense or yrel is not None) else 0.7, 1)


# 12 رمضان 1446هـ · 1 شوال · رمضان 1444هـ · شهر رمضان المقبل · في رمضان · الأربعاء 28 رمضان 1436 ·
# للأول من شهر ذي القعدة المقبل · ليلة السابع والعشرين من رمضان · اليوم الأخير من شهر رمضان
HDAY = rf"(?:(?:{DAYN}|(?:{ORD})(?=\s+من)|(?:اليوم\s+)?الاخير(?=\s+من))\s*(?:من\s+)?)"


@pattern("hijri", rf"(?:(?<!\w)(?P<p>{PREP})\s+)?(?P<x>(?:(?:{QUAL})\s+)?{WDPRE}(?:(?P<night>ليله)\s+|(?:ال)?يوم\s+)?{HDAY}?(?:[بل]?شهر\s+)?(?:{HM})(?!\w)"
                  rf"(?:\s*(?:[/\-,]|من)?\s*(?:(?:[لب]?(?:ال)?)(?:عام|سنه)\s*)?{YEAR}(?:{HSUF})?|{MODPART})?)", gate="hijri")
def _hijri(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    if s > 0 and norm[s - 1].isalnum():
        return None
    hm = _HMONTH_RE.search(t)
    if hm is None:
        return None
    month = L.hijri_month_number(hm.group(1))
    before = t[:hm.start()]
    wd = _weekday(before)
    day_text = re.sub(rf"(?<!\w)[وفب]?(?:{WD})(?!\w)", " ", before)
    day = -1 if re.search(r"(?<!\w)الاخير(?!\w)", day_text) else _day(day_text)
    year = _year(t[hm.end():])
    if year is not None and not 1 <= year <= 1600:
        return None
    has_shahr = "شهر" in before
    tense = _mod_tense(t[hm.end():]) if year is None else None
    suffix = bool(_HSUF_RE.search(t[hm.end():]))
    if day is None and year is None and not (has_shahr or tense or m.group("p")):
        return None
    if " ".join(hm.group(1).split()) in L.AMBIGUOUS_HIJRI and day is None and not (has_shahr or tense or suffix):
        if not (year and 1300 <= year <= 1600) and not m.group("p"):
            return None
    if day is not None and not (1 <= day <= 30 or day == -1):
        return None
    if day is None and (wd is not None or m.group("night")):
        return None  # "الجمعة رمضان": the weekday belongs to something else
    return Cand("hijri", s, e, {"day": day, "month": month, "year": year, "tense": tense, "weekday": wd,
                                "night": bool(m.group("night"))}, 0.9 if (year or day) else 0.75, 3)


# ثاني أيام عيد الفطر · اليوم الثاني من العيد · أول أيام عيد الأضحى المبارك · يوم عرفة
HOLI = L.alternation(L.HOLIDAYS)
HORD = L.alternation(L.HOLIDAY_ORDINALS)


@pattern("holiday", rf"(?<!\w)(?P<x>(?:(?:صباح|مساء|ليله)\s+)?(?:[وفب]?(?P<o1>{HORD})\s+ايام\s+(?P<h1>{HOLI}|العيد)|"
                    rf"[وفب]?(?:ال)?يوم\s+(?P<o2>{ORD})\s+(?:من\s+)?(?:ايام\s+)?(?P<h2>{HOLI}|العيد)|(?P<h3>يوم\s+عرفه|يوم\s+عرفات)))(?!\w)", gate="holiday")
def _holiday(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    name = " ".join((m.group("h1") or m.group("h2") or m.group("h3")).split())
    if m.group("o1"):
        n = L.HOLIDAY_ORDINALS[m.group("o1")]
    elif m.group("o2"):
        n = L.ORDINAL_DAYS[" ".join(m.group("o2").split())]
    else:
        n = 1
    if not 1 <= n <= 10:
        return None
    month, day = L.HOLIDAYS.get(name, (None, None))
    return Cand("holiday", s, e, {"month": month, "day": day, "n": n}, 0.85 if month else 0.7, 3)


# عام 2003 · العام 2003 · سنة ( 1935 ) م · لعام 2009 · عام ( 1320 ) هجري · 1446هـ · 1948م
@pattern("year_kw", rf"(?<!\w)[وف]?(?:[لب]?(?:ال|(?<=ل)ل)?)(?:عام|سنه)\s*{YEAR}(?:{HSUF}|{GSUF})")
def _year_kw(m: re.Match, norm: str) -> Cand | None:
    return _year_cand(m.group(), m.start(), m.end(), 0.9)


@pattern("year_suffix", r"(?<![\w/.\-])(?:\(\s*\d{4}\s*\)\s*(?:م|ه)|\d{4}(?:م|ه)|\(?\s*\d{4}\s*\)?\s*(?:ميلادي|ميلاديه|للميلاد|هجري|هجريه|للهجره))(?!\w)")
def _year_suffix(m: re.Match, norm: str) -> Cand | None:
    return _year_cand(m.group(), m.start(), m.end(), 0.85)


# Triggers after which a year needs no check of the next word: time words, and events named by
# their year (حرب 1967، الانتفاضة الأولى 1987), which are not followed by amounts.
_STRONG_TRIG = (r"[وف]?(?:منذ|حتي|خلال|مطلع|اواخر|اوايل|منتصف|نهايه|بدايه|اواسط|حرب|نكبه|نكسه|ثوره|انتفاضه|الانتفاضه|"
                r"زلزال|فيضان|اعصار|مجزره|معركه|مونديال|اولمبياد|احداث)(?:\s+(?:الاولي|الثانيه|الثالثه|العالميه\s+\w+))?")
_YEAR_TRIG = (r"[وف]?(?:في|منذ|حتي|قبل|بعد|خلال|مطلع|اواخر|اوايل|منتصف|نهايه|بدايه|اواسط|مع|الي|حرب|نكبه|نكسه|انتخابات|"
              r"موازنه|ميزانيه|دوره|رؤيه|رويه|مونديال|كاس|اولمبياد|موسم|ثوره|احداث|زلزال|انتفاضه|الانتفاضه|جايزه|"
              r"فيضان|اعصار|مجزره|معركه|اتفاقيه|اتفاق|دستور|تعداد|احصاء)(?:\s+(?:الاولي|الثانيه|الثالثه|العالميه\s+\w+))?")
_YEAR_FOLLOW_OK = {"و", "في", "من", "الي", "حتي", "علي", "عن", "مع", "بعد", "قبل", "عندما", "حين", "حيث", "ثم", "لكن",
                   "وفي", "وقد", "وحتي", "اي", "او", "بينما", "اذ", "كما", "الا", "وكان", "وكانت", "حتى"}


@pattern("year_trig", rf"(?<!\w)(?P<p>{_YEAR_TRIG})\s+(?P<x>\(?\s*\d{{4}}(?!\d)\s*\)?)(?![\w/\-.%])")
def _year_trig(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    y = _year(m.group("x"))
    if not 1800 <= y <= 2100:
        return None
    nxt = norm[e:e + 20]
    w = _next_word(norm, e)
    # a counted noun follows a number (في 2000 منزل) but not a year; a definite word does (في 2016 الاستمرارية)
    definite = w.startswith("ال") and w not in ("الف", "الاف")
    if not re.fullmatch(_STRONG_TRIG, m.group("p")) and re.match(r"\s*[\w]", nxt) and w not in _YEAR_FOLLOW_OK \
            and not w.startswith("و") and not definite:
        return None
    c = _year_cand(m.group("x"), s, e, 0.7)
    return c


# كأس العالم 2006 · كأس العالم روسيا 2018 · أولمبياد لندن 2012: an event's edition year
@pattern("year_event", r"(?<!\w)(?:[وبل]?كاس\s+العالم|[وبل]?(?:ال)?مونديال|[وبل]?(?:ال)?اولمبياد|دوره\s+الالعاب\s+الاولمبيه|يورو|كوبا\s+امريكا)"
                       r"(?:\s+[^\W\d]+)?\s+(?P<x>\d{4})(?![\w/\-%]|\.\d)")
def _year_event(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    y = int(m.group("x"))
    if not 1900 <= y <= 2100:
        return None
    return Cand("year", s, e, {"year": y, "hijri": False}, 0.8, 1)


# في الأربعينات · فترة العشرينات (the decade of the last century that has ended: the century is not said)
_DECADES = {"العشرينات": 20, "الثلاثينات": 30, "الاربعينات": 40, "الخمسينات": 50, "الستينات": 60,
            "السبعينات": 70, "الثمانينات": 80, "التسعينات": 90}


@pattern("decade", rf"(?<!\w)[وفبل]?(?P<x>{L.alternation(_DECADES)})(?!\w)", gate="decade")
def _decade(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    after = norm[e:e + 16]
    if re.match(r"\s+من\s+(?:ال)?عمر", after):
        return None  # في العشرينات من عمره: an age
    hijri = re.match(r"\s+(?:الهجريه|هجريه|الهجري)(?!\w)", after) is not None
    return Cand("decade", s, e, {"decade": _DECADES[m.group("x")], "hijri": hijri}, 0.6, 1)


@pattern("year_paren", r"(?<![\w/])\(\s*(?P<x>\d{4})\s*\)(?!\s*[/\-])")
def _year_paren(m: re.Match, norm: str) -> Cand | None:
    y = int(m.group("x"))
    if not 1800 <= y <= 2100:
        return None
    return Cand("year", m.start(), m.end(), {"year": y, "hijri": False}, 0.5, 0)


def _year_cand(t: str, s: int, e: int, conf: float) -> Cand | None:
    y = _year(t)
    hijri = bool(_HSUF_RE.search(t[t.find(str(y)) + 4:]))
    if hijri and not 1 <= y <= 1600:
        return None
    if not hijri and not 1000 <= y <= 2200:
        return None
    return Cand("year", s, e, {"year": y, "hijri": hijri}, conf, 1)


# بين عامي 2010 و2015 · من 2010 إلى 2015 · لعام ( 1961 / 1962 ) · 2010-2015
# الأعوام 2012 ــ 2014 (the tatweel dash is gone after normalisation: two years side by side)
@pattern("year_range", rf"{B}(?:(?:ما\s+)?بين\s+|من\s+)?(?:[لب]?(?:ال)?(?:عامي|سنتي|عام|سنه|اعوام|سنوات)\s*)?\(?\s*(\d{{4}})\s*\)?\s*(-|و|الي|حتي|/)?\s*(?:(?:عام|سنه)\s*)?\(?\s*(\d{{4}})(?!\d)\s*\)?(?:{HSUF}|{GSUF})?")
def _year_range(m: re.Match, norm: str) -> Cand | None:
    t = m.group()
    y1, sep, y2 = int(m.group(1)), m.group(2), int(m.group(3))
    if not (1000 <= y1 < y2 <= y1 + 200 and y2 <= 2200):
        return None
    head = t[: t.find(m.group(1))]
    if sep is None and not re.search(r"اعوام|سنوات", head):
        return None
    if sep == "و" and not re.search(r"بين|عامي|سنتي", head):
        return None
    if sep == "/" and not re.search(r"عام|سنه", head) and y2 != y1 + 1:  # 1436/1437هـ: a season across two years
        return None
    if sep in ("الي", "حتي") and not re.search(r"من|عام|سنه", head):
        return None
    # 1436-1437هـ; and unsuffixed years of that era are Hijri in today's news, as in numeric dates
    hijri = bool(_HSUF_RE.search(t[t.rfind(m.group(3)) + 4:])) or (1300 <= y1 and y2 <= 1500)
    return Cand("range", m.start(), m.end(), {"y1": y1, "y2": y2, "hijri": hijri}, 0.85 if not hijri else 0.75, 2)


# النصف الأول من العام الحالي · الربع الثاني من العام الحالي 2015م · الربعين الأول والثاني من عام 2014
_PARTS = {"النصف": 2, "الربع": 4, "الثلث": 3, "النصفين": 2, "الربعين": 4}
_PARTS.update({"لل" + k[2:]: v for k, v in list(_PARTS.items())})  # للربع الثاني
_PART_ORD = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": -1}
PARTW = L.alternation(_PARTS)
PORD = L.alternation(_PART_ORD)


@pattern("year_part", rf"(?<!\w)(?P<x>[وفبل]?(?P<part>{PARTW})\s+(?P<o1>{PORD})(?:\s+و\s*(?P<o2>{PORD}))?\s+(?:من\s+)?"
                      rf"(?:(?P<rel>(?:هذا\s+)?(?:العام|السنه)(?:\s+(?:{MODS}))?)(?!\w)(?:\s*{YEAR}{GSUF})?|(?:[لب]?(?:ال)?(?:عام|سنه)\s*)?{YEAR}{GSUF}))", gate="part")
def _year_part(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    n = _PARTS[m.group("part")]
    o1 = _PART_ORD[m.group("o1")]
    o2 = _PART_ORD[m.group("o2")] if m.group("o2") else o1
    o1, o2 = (n if o1 == -1 else o1), (n if o2 == -1 else o2)
    if not (1 <= o1 <= o2 <= n):
        return None
    year = _year(t)
    offset = None
    if year is None:
        rel = m.group("rel") or ""
        offset = {"past": -1, "future": 1, "current": 0, None: 0}[_mod_tense(rel)]
        if "هذا" not in rel and _mod_tense(rel) is None:
            return None  # "النصف الأول من العام" with no modifier: which year is not said
    months = 12 // n
    return Cand("year_part", s, e, {"year": year, "offset": offset, "m1": (o1 - 1) * months + 1, "m2": o2 * months},
                0.9, 3)


# السنوات الثلاث الماضية · الأشهر الستة الماضية · الأيام الثلاثة الماضية (the N whole units before the reference)
@pattern("last_n", rf"(?<!\w)(?P<x>[وفبل]?(?:ال)?(?:(?P<u>سنوات|اعوام|اشهر|شهور|ايام)\s+(?:ال)?(?P<n>{NUMW}|\d{{1,2}})|"
                   rf"(?P<dual>عامين|سنتين|شهرين|يومين))\s+(?:{PASTM})(?!\w))")
def _last_n(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    if m.group("dual"):  # خلال العامين الماضيين
        n, unit = 2, {"عامين": "year", "سنتين": "year", "شهرين": "month", "يومين": "day"}[m.group("dual")]
        return Cand("last_n", s, e, {"unit": unit, "n": n}, 0.85, 2)
    n = L.number_value(m.group("n"))
    if not n or n > 50:
        return None
    unit = {"سنوات": "year", "اعوام": "year", "اشهر": "month", "شهور": "month", "ايام": "day"}[m.group("u")]
    return Cand("last_n", s, e, {"unit": unit, "n": n}, 0.85, 2)


# العام الماضي · الأسبوع المقبل · الشهر الجاري · السنة الماضية · هذا العام · مطلع الأسبوع · مطلع العام المقبل
@pattern("rel_period", rf"(?<!\w)(?P<x>(?:(?:{QUAL})\s+)?(?:[وفبل]{{0,2}}(?:هذا|هذه)\s+)?[وفبل]{{0,2}}(?:ال|(?<=ل)ل)(?:عام|سنه|اسبوع|شهر)(?:\s+(?P<before>قبل\s+)?(?:{MODS}))?)(?!\w)")
def _rel_period(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    unit_m = re.search(r"(عام|سنه|اسبوع|شهر)(?:\s|$)", t)
    unit = {"عام": "year", "سنه": "year", "اسبوع": "week", "شهر": "month"}[unit_m.group(1)]
    tense = _mod_tense(t)
    this = re.search(r"(?<!\w)[وفبل]{0,2}(?:هذا|هذه)\s", t) is not None
    qual = re.match(rf"(?:{QUAL})\s", t) is not None
    if not (tense or this or qual):
        return None
    if unit_m.group(1) == "عام" and not qual and not this and _prev_word(norm, s) in L.GENERAL_NOUNS:
        return None  # الأمين العام المقبل, الرأي العام الحالي
    if unit_m.group(1) == "سنه" and tense and not t.split()[-1].endswith("ه"):
        return None  # السنة needs a feminine modifier (الماضية)
    offset = {"past": -1, "future": 1, "current": 0, None: 0}[tense]
    if m.group("before"):  # العام قبل الماضي: the one before last
        if tense not in ("past", "future"):
            return None
        offset *= 2
    return Cand("rel_period", s, e, {"unit": unit, "offset": offset}, 0.9 if tense or this else 0.75, 1)


# اليوم · أمس · أمس الأول / أول أمس · غدا · بعد غد · صباح اليوم · اليوم (الاثنين) · أمس الاثنين
@pattern("rel_day", rf"(?<!\w)(?P<x>(?P<pre>(?:صباح|مساء|ظهر|عصر|فجر|ليل|ليله|ظهيره|يوم|نهار)\s+)?[وفب]?(?:هذا\s+)?(?P<w>امس\s+الاول|اول\s+(?:من\s+)?امس|بعد\s+(?:غد|الغد)|امس|الامس|اليوم|غدا|الغد|غد|الليله|بكرا|بكره)(?!\w)"
                    rf"(?P<wd>\s*,?\s*\(?\s*(?:{WD})(?!\w)\s*\)?)?)")
def _rel_day(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    w = " ".join(m.group("w").split())
    pre, wd = m.group("pre"), m.group("wd")
    if wd and "(" in wd and ")" not in wd:
        e = m.start("wd")
        wd = None
    offset = {"امس": -1, "الامس": -1, "اليوم": 0, "الليله": 0, "غدا": 1, "الغد": 1, "غد": 1, "بكرا": 1,
              "بكره": 1}.get(w)
    if offset is None:
        offset = 2 if w.startswith("بعد") else -2
    prev, nxt = _prev_word(norm, s), _next_word(norm, e)
    conf = 0.9
    if re.match(r"[وفب]?هذا\s", m.group("x")[len(pre or ""):]) and not (pre and w == "اليوم"):
        return None  # هذا اليوم alone is "this (anniversary) day"; صباح هذا اليوم is today
    if w == "اليوم" and not pre and not wd:
        if prev in L.YAWM_NAME_HEADS or nxt in L.YAWM_NOT_TODAY_AFTER or prev == "في":
            return None
        if _in_title(norm, s, e):
            return None
    if w == "غد" and not (pre or wd):
        return None  # bare غد is mostly "the morrow" of something else (في غد مشرق)
    last = re.match(r"\s+(قبل\s+)?(?:الماضيه|المنصرمه|الفايته)(?!\w)", norm[e:e + 20]) if w == "الليله" else None
    if last:  # الليلة الماضية: last night; الليلة قبل الماضية: the night before
        return Cand("rel_day", s, e + last.end(), {"offset": -2 if last.group(1) else -1, "weekday": None}, 0.85, 2)
    if w == "الليله":
        if pre or wd or prev in ("تلك", "ذات", "نفس", "هذه", "تلكم", "طوال", "طيله", "منتصف", "الف") \
                or re.match(r"\s+(?:ال\w+|نفسها|ذاتها)", norm[e:e + 12]):
            return None  # تلك الليلة, الليلة الأولى, الليلة نفسها: a night of the story, not tonight
    if w == "الغد" and not pre:
        if not re.search(r"(?:حتي|الي)\s*$", norm[max(0, s - 8):s]):
            return None
    if w == "غدا" and not pre and not wd:
        raw_tanwin = m.group("w")  # tanwin is dropped by normalisation: checked on the raw text by the caller
        after = norm[e:e + 3]
        if not (re.match(r"\s*(?:[.,;:!?\"'()\-]|$)", after) or nxt in L.WEEKDAYS):
            return Cand("rel_day", s, e, {"offset": offset, "weekday": None, "needs_tanwin": True}, 0.8, 2)
        del raw_tanwin
    if w in ("بكرا", "بكره") and prev in ("علي", "في"):
        return None
    return Cand("rel_day", s, e, {"offset": offset, "weekday": _weekday(wd) if wd else None}, conf, 2)


def _in_title(norm: str, s: int, e: int) -> bool:
    """Is the span the end of a quoted or introduced title (صحيفة "الساحل اليوم")?"""
    before = norm[max(0, s - 40):s]
    if re.match(r'\s*"', norm[e:e + 3]) and '"' in before and re.search(r'"[^"]*$', before):
        return True
    words = re.findall(r"\w+", before)[-3:]
    return any(w.lstrip("وفبل") in L.TITLE_WORDS or w in L.TITLE_WORDS for w in words[:-1]) and len(words) >= 2


# يوم الأربعاء · الأربعاء الماضي · الخميس المقبل · مساء الجمعة
@pattern("weekday", rf"(?<!\w)(?P<x>(?P<pre>(?:صباح|مساء|ظهر|عصر|فجر|ليل|ليله|ظهيره|يومي|يوم|نهار)\s+)?[وفب]?(?P<w>{WD})(?!\w)(?:\s+(?P<before>قبل\s+)?(?:{MODS}|هذا)(?!\w))?)")
def _weekday_pat(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    wd = L.WEEKDAYS[m.group("w")]
    prev, nxt = _prev_word(norm, s), _next_word(norm, e)
    if m.group("w") == "الاثنين" and not m.group("pre"):
        if prev in ("كلا", "بين", "هذين", "ان", "احد", "اي") or nxt in ("معا", "كليهما") or prev.endswith("كلا"):
            return None
    tense = _mod_tense(t[m.end("w") - s:])
    strict = tense in ("past", "future")
    weeks = 2 if m.group("before") and strict else 1  # الخميس قبل الماضي: a week before last Thursday
    return Cand("weekday", s, e, {"weekday": wd, "tense": tense if tense != "current" else None, "strict": strict,
                                  "weeks": weeks}, 0.85 if tense else 0.75, 1)


# منذ ثلاثة أيام · قبل يومين · منذ أسبوعين · قبل 3 سنوات · بعد شهرين
@pattern("ago", rf"(?<!\w)(?P<x>[وف]?(?P<dir>منذ|قبل|بعد)\s+(?P<approx>(?:حوالي|نحو|قرابه|زهاء|اكثر\s+من|اقل\s+من|ما\s+يزيد\s+عن|ما\s+يقرب\s+من)\s+)?"
                rf"(?:(?P<n>\d{{1,3}}|{NUMW})\s+)?(?P<u>{UNITS}))(?!\w)(?!\s*(?:\(?\s*\d|من(?!\w)|ال|علي))")
def _ago(m: re.Match, norm: str) -> Cand | None:
    s, e = _span(m)
    unit, count = L.UNITS[m.group("u")]
    n = L.number_value(m.group("n")) if m.group("n") else count
    if n is None or n <= 0:
        return None
    if m.group("n") and count in (1, 2) and m.group("u") not in ("يوم", "عام", "شهر", "سنه"):
        return None  # "3 يومين"
    sign = 1 if m.group("dir") == "بعد" else -1
    return Cand("ago", s, e, {"unit": unit, "n": sign * n}, 0.6 if m.group("approx") else 0.85, 1)


# الساعة العاشرة صباحا · الساعة 10:30 · في تمام الساعة الثالثة مساء · 14:30 بتوقيت مكة
_MINS = r"(?:\s+(?:و\s*)?(?:النصف|نصف|الربع|ربع|الثلث|ثلث)|\s+الا\s+(?:ربعا|ربع|ثلثا|ثلث)|\s+و\s*\d{1,2}\s+(?:دقيقه|دقايق))"
_PERIOD = rf"(?:\s+(?:{PERIODW})(?!\w))"
_TZ = rf"(?:\s+[ب]?توقيت\s+(?:{TZW}|\w+)(?:\s+المكرمه)?)"


@pattern("time", rf"(?<!\w)(?P<x>(?:(?:في\s+)?تمام\s+)?[وف]?(?:ال)?ساعه\s+(?:\d{{1,2}}(?:[:.]\d{{2}})?(?!\d)|[0-2]\d[0-5]\d(?!\d)|{HOURW})(?!\w){_MINS}?{_PERIOD}?{_TZ}?)")
def _time_kw(m: re.Match, norm: str) -> Cand | None:
    return _time_cand(m, norm, 0.9)


@pattern("time", rf"(?<![\w:.])(?P<x>\d{{1,2}}:\d{{2}}(?![\d:]){_PERIOD}?{_TZ}?)")
def _time_num(m: re.Match, norm: str) -> Cand | None:
    return _time_cand(m, norm, 0.75)


@pattern("time", rf"(?<!\w)(?P<x>(?:{HOURW}){_MINS}?(?:{_PERIOD}|(?=\s+من\s+(?:صباح|مساء|ظهر|عصر|فجر|ليل|ليله)(?!\w))){_TZ}?)")
def _time_word(m: re.Match, norm: str) -> Cand | None:
    return _time_cand(m, norm, 0.8)


@pattern("time", rf"(?<![\w:.])(?:ال)?(?P<x>\d{{1,2}}\s+(?:صباحا|مساء|ظهرا|عصرا|ليلا|فجرا)(?!\w){_TZ}?)")
def _time_digit_period(m: re.Match, norm: str) -> Cand | None:
    return _time_cand(m, norm, 0.75)


def _time_cand(m: re.Match, norm: str, conf: float) -> Cand | None:
    s, e = _span(m)
    t = m.group("x")
    hour = minute = None
    head = re.split(r"\s+و\s*\d", t)[0]  # "الثالثة و42 دقيقة": the minutes are not the hour
    hhmm = re.search(r"ساعه\s+([0-2]\d)([0-5]\d)(?!\d)", head)  # wire style: الساعة 0647 بتوقيت جرينتش
    mm = re.search(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?(?!\d)", head)
    if hhmm:
        hour, minute = int(hhmm.group(1)), int(hhmm.group(2))
    elif mm:
        hour, minute = int(mm.group(1)), int(mm.group(2) or 0)
    else:
        hw = re.search(rf"({HOURW})(?!\w)", t)
        hour, minute = L.HOUR_WORDS[" ".join(hw.group(1).split())], 0
    if re.search(r"النصف|نصف", t):
        minute = 30
    elif re.search(r"الا\s+(?:ربعا|ربع)", t):
        hour, minute = hour - 1, 45
    elif re.search(r"الا\s+(?:ثلثا|ثلث)", t):
        hour, minute = hour - 1, 40
    elif re.search(r"الربع|ربع", t):
        minute = 15
    elif re.search(r"الثلث|ثلث", t):
        minute = 20
    else:
        dm = re.search(r"و\s*(\d{1,2})\s+(?:دقيقه|دقايق)", t)
        if dm:
            minute = int(dm.group(1))
    pm = re.search(rf"(?<!\w)({PERIODW})(?!\w)", t)
    period = L.DAY_PERIODS[" ".join(pm.group(1).split())] if pm else None
    if period is None:  # "الساعة العاشرة من مساء الخميس"
        pm2 = re.match(r"\s+من\s+(صباح|مساء|ظهر|عصر|ليل|ليله|فجر)(?!\w)", norm[e:e + 20])
        if pm2:
            period = L.DAY_PERIODS.get(pm2.group(1), "night")
    if period and hour is not None and hour <= 12:
        if period == "am":
            hour = 0 if hour == 12 else hour
        elif period == "noon":
            hour = hour if hour >= 11 else hour + 12
        elif period == "pm":
            hour = hour if hour == 12 else hour + 12
        elif period == "night":
            hour = 0 if hour == 12 else (hour + 12 if hour >= 6 else hour)
    if hour is None or not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    hour %= 24
    tz = None
    tzm = re.search(r"توقيت\s+(.+)$", t)
    if tzm:
        tz = L.TIME_ZONES.get(" ".join(tzm.group(1).split()))
    return Cand("time", s, e, {"hour": hour, "minute": minute, "tz": tz}, conf, 1)


_DATE_START = re.compile(rf"(?<![\w/])(?:\d|(?:{ORD})(?!\w)|فاتح)")
_YEAR_LIST = re.compile(r"\s*(?:,|و|او)\s*(?:(?:عام|سنه)\s*)?(\d{4})(?![\w/\-.%])")


def candidates(norm: str) -> list[Cand]:
    """All candidate expressions in a normalised text (overlapping)."""
    out: list[Cand] = []
    gates = {name: g.search(norm) is not None for name, g in GATES.items()}
    for p in PATTERNS:
        if p.gate and not gates[p.gate]:
            continue
        for m in p.regex.finditer(norm):
            c = p.parse(m, norm)
            if c is not None and c.e > c.s:
                out.append(c)
                if c.info.get("weekday") is not None and c.kind in ("dmy", "hijri"):
                    # the date without its weekday too, in case the weekday belongs to a longer
                    # expression (بعد غد الأربعاء (27 شوال))
                    d = _DATE_START.search(norm, c.s + 1, c.e)
                    m2 = p.regex.match(norm, d.start()) if d else None
                    c2 = p.parse(m2, norm) if m2 else None
                    if c2 is not None and c2.e > c2.s:
                        out.append(c2)
    # years listed after a year (كأس العالم 2006 و2010 و2014): each one a year too
    for c in [c for c in out if c.kind == "year" and not c.info.get("hijri")]:
        e = c.e
        while (m := _YEAR_LIST.match(norm, e)) and 1900 <= int(m.group(1)) <= 2100:
            out.append(Cand("year", m.start(1), m.end(1), {"year": int(m.group(1)), "hijri": False}, c.conf, 0))
            e = m.end()
    return out
