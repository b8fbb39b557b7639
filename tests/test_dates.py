"""Date extraction and resolution (rasd.dates).

Every sentence here was written for these tests; none is taken from an article.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from rasd.dates import extract_dates, resolve_statement_date
from rasd.dates.evaluate import read_conll, wojood_recall

SHAPE = {"day": r"^\d{4}-\d{2}-\d{2}$", "month": r"^\d{4}-\d{2}$", "year": r"^\d{4}$",
         "week": r"^\d{4}-\d{2}-\d{2}$", "range": r"^\d{4}(-\d{2}(-\d{2})?)?$", "time": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"}

REF = "2025-03-12"  # a Wednesday


def check_contract(text: str, items: list[dict]) -> None:
    for d in items:
        assert set(d) == {"text", "start", "end", "value", "end_value", "granularity", "resolved_from", "confidence"}
        assert text[d["start"]:d["end"]] == d["text"]
        assert d["granularity"] in SHAPE
        assert d["resolved_from"] in ("explicit", "relative", "partial")
        assert 0 < d["confidence"] <= 1
        if d["value"] is not None:
            assert re.match(SHAPE[d["granularity"]], d["value"]), d
        if d["granularity"] in ("week", "range") and d["value"] is not None:
            assert d["end_value"] and re.match(SHAPE[d["granularity"]], d["end_value"])
            assert d["end_value"] >= d["value"]
        elif d["granularity"] not in ("week", "range"):
            assert d["end_value"] is None


def one(text: str, ref=REF, **kw) -> dict:
    items = extract_dates(text, ref, **kw)
    check_contract(text, items)
    assert len(items) == 1, items
    return items[0]


def values(text: str, ref=REF) -> list[tuple[str, str | None]]:
    items = extract_dates(text, ref)
    check_contract(text, items)
    return [(d["text"], d["value"]) for d in items]


# --- weekdays -------------------------------------------------------------------------

@pytest.mark.parametrize("text,span,value", [
    ("وقال الوزير يوم الأربعاء إن المحادثات مستمرة.", "يوم الأربعاء", "2025-03-12"),
    ("التقى الرئيس نظيره الأربعاء الماضي في العاصمة.", "الأربعاء الماضي", "2025-03-05"),
    ("وأعلنت الوزارة أمس الاثنين عن خطة جديدة.", "أمس الاثنين", "2025-03-10"),
    ("أعلنت البلدية اليوم (الأربعاء) إغلاق الطريق.", "اليوم (الأربعاء)", "2025-03-12"),
    ("ويعقد المجلس جلسته الخميس المقبل.", "الخميس المقبل", "2025-03-13"),
    ("وصل الوفد مساء الجمعة إلى المطار.", "مساء الجمعة", "2025-03-07"),
    ("سيزور الوزير القاهرة السبت لإجراء محادثات.", "السبت", "2025-03-15"),
    ("زار الوزير القاهرة السبت وأجرى محادثات.", "السبت", "2025-03-08"),
    ("سوف يلتقي الطرفان الأحد في جنيف.", "الأحد", "2025-03-16"),
    ("قال المتحدث الثلاثاء إن الاتفاق قريب.", "الثلاثاء", "2025-03-11"),
])
def test_weekdays(text, span, value):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"], d["resolved_from"]) == (span, value, "day", "relative")


def test_weekday_past_is_on_or_before_future_after():
    # reference is a Wednesday: a plain past Wednesday is that day, الأربعاء الماضي the week before, المقبل the week after
    assert one("اجتمع المجلس الأربعاء.")["value"] == "2025-03-12"
    assert one("يجتمع المجلس الأربعاء المقبل.")["value"] == "2025-03-19"
    assert one("اجتمع المجلس الأربعاء الماضي.")["value"] == "2025-03-05"


def test_two_meanings_of_al_ithnayn():
    assert values("اتفق الاثنين على التعاون بين الاثنين في المشروع.") == [("الاثنين", "2025-03-10")]
    assert values("وصافح كلا الاثنين الآخر.") == []


# --- relative days ---------------------------------------------------------------------

@pytest.mark.parametrize("text,span,value", [
    ("وقع الحادث أمس في وسط المدينة.", "أمس", "2025-03-11"),
    ("ذكرت الشرطة أن الحادث وقع أمس الأول.", "أمس الأول", "2025-03-10"),
    ("ذكرت الشرطة أن الحادث وقع أول أمس.", "أول أمس", "2025-03-10"),
    ("تبدأ الامتحانات غداً في جميع المدارس.", "غداً", "2025-03-13"),
    ("تبدأ الامتحانات غدا، بحسب الوزارة.", "غدا", "2025-03-13"),
    ("تنطلق البطولة بعد غد في الملعب الكبير.", "بعد غد", "2025-03-14"),
    ("أعلن المتحدث صباح اليوم نتائج التحقيق.", "صباح اليوم", "2025-03-12"),
    ("قال الوزير اليوم إن الوضع مستقر.", "اليوم", "2025-03-12"),
])
def test_relative_days(text, span, value):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"], d["resolved_from"]) == (span, value, "day", "relative")


def test_ghada_the_verb_is_not_tomorrow():
    assert values("غدا الأمر أكثر تعقيدا من قبل.") == []


def test_leap_year_yesterday_and_month_boundaries():
    assert one("وقع الانفجار أمس.", "2024-03-01")["value"] == "2024-02-29"
    assert one("وقع الانفجار أمس.", "2025-03-01")["value"] == "2025-02-28"
    assert one("وقع الانفجار أمس.", "2025-01-01")["value"] == "2024-12-31"
    assert one("تبدأ العطلة غداً.", "2024-12-31")["value"] == "2025-01-01"


# --- weeks, months, years relative to the reference --------------------------------------

@pytest.mark.parametrize("text,span,gran,value,end", [
    ("عقد الاجتماع الأسبوع الماضي.", "الأسبوع الماضي", "week", "2025-03-01", "2025-03-07"),
    ("يعقد الاجتماع الأسبوع المقبل.", "الأسبوع المقبل", "week", "2025-03-15", "2025-03-21"),
    ("تكثفت الاتصالات هذا الأسبوع.", "هذا الأسبوع", "week", "2025-03-08", "2025-03-14"),
    ("وصل الوفد مطلع الأسبوع.", "مطلع الأسبوع", "week", "2025-03-08", "2025-03-14"),
    ("ارتفعت الأسعار الشهر الماضي.", "الشهر الماضي", "month", "2025-02", None),
    ("تنتهي الأعمال الشهر الجاري.", "الشهر الجاري", "month", "2025-03", None),
    ("تراجع النمو العام الماضي.", "العام الماضي", "year", "2024", None),
    ("ستجرى الانتخابات العام المقبل.", "العام المقبل", "year", "2026", None),
    ("ارتفع الإنتاج في السنة الماضية.", "السنة الماضية", "year", "2024", None),
    ("تكتمل المرحلة الأولى خلال العام الحالي.", "العام الحالي", "year", "2025", None),
    ("يفتتح المطار مطلع العام المقبل.", "مطلع العام المقبل", "year", "2026", None),
])
def test_relative_periods(text, span, gran, value, end):
    d = one(text)
    assert (d["text"], d["granularity"], d["value"], d["end_value"], d["resolved_from"]) == (span, gran, value, end, "relative")


def test_week_crosses_year_boundary_and_week_start_is_configurable():
    d = one("عقد الاجتماع الأسبوع الماضي.", "2025-01-02")
    assert (d["value"], d["end_value"]) == ("2024-12-21", "2024-12-27")
    d = one("عقد الاجتماع الأسبوع الماضي.", "2025-01-02", week_start=0)  # Monday weeks
    assert (d["value"], d["end_value"]) == ("2024-12-23", "2024-12-29")


@pytest.mark.parametrize("text,gran,value", [
    ("توفي الكاتب منذ ثلاثة أيام.", "day", "2025-03-09"),
    ("توفي الكاتب منذ يومين.", "day", "2025-03-10"),
    ("وصل اللاجئون قبل 5 أيام.", "day", "2025-03-07"),
    ("بدأت الأزمة قبل أسبوعين.", "week", "2025-02-22"),
    ("افتتح المصنع منذ ثلاثة أشهر.", "month", "2024-12"),
    ("غادر البلاد منذ سنتين.", "year", "2023"),
    ("تأسست الشركة قبل 10 سنوات.", "year", "2015"),
])
def test_ago(text, gran, value):
    d = one(text)
    assert (d["granularity"], d["value"], d["resolved_from"]) == (gran, value, "relative")


def test_ago_relative_to_an_event_is_not_the_reference():
    assert values("أجريت الانتخابات بعد عامين من الحرب.") == []
    assert values("أغلق المتجر قبل يوم الجمعة.") == [("يوم الجمعة", "2025-03-07")]


# --- explicit dates ---------------------------------------------------------------------

@pytest.mark.parametrize("text,span", [
    ("وقعت الاتفاقية في 17 مارس 2023 في الرياض.", "17 مارس 2023"),
    ("وقعت الاتفاقية بتاريخ 17/3/2023 في الرياض.", "17/3/2023"),
    ("وقعت الاتفاقية بتاريخ 2023-03-17 في الرياض.", "2023-03-17"),
    ("وقعت الاتفاقية يوم الجمعة 17/مارس/2023 في الرياض.", "يوم الجمعة 17/مارس/2023"),
    ("وقعت الاتفاقية في ١٧ مارس ٢٠٢٣ في الرياض.", "١٧ مارس ٢٠٢٣"),
    ("وقعت الاتفاقية في 17 آذار 2023 في الرياض.", "17 آذار 2023"),
    ("وقعت الاتفاقية في 17 مارس/آذار 2023 في الرياض.", "17 مارس/آذار 2023"),
    ("وقعت الاتفاقية في 17 آذار (مارس) 2023 في الرياض.", "17 آذار (مارس) 2023"),
    ("وقعت الاتفاقية في 17.03.2023 في الرياض.", "17.03.2023"),
    ("وقعت الاتفاقية في 17 مارس، 2023 في الرياض.", "17 مارس، 2023"),
])
def test_explicit_day(text, span):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"], d["resolved_from"]) == (span, "2023-03-17", "day", "explicit")


@pytest.mark.parametrize("name,month", [
    ("يناير", 1), ("فبراير", 2), ("مارس", 3), ("أبريل", 4), ("ابريل", 4), ("إبريل", 4), ("مايو", 5), ("يونيو", 6),
    ("يونيه", 6), ("يوليو", 7), ("يوليه", 7), ("أغسطس", 8), ("اغسطس", 8), ("سبتمبر", 9), ("أكتوبر", 10),
    ("نوفمبر", 11), ("ديسمبر", 12), ("كانون الثاني", 1), ("شباط", 2), ("آذار", 3), ("نيسان", 4), ("أيار", 5),
    ("حزيران", 6), ("تموز", 7), ("آب", 8), ("أيلول", 9), ("تشرين الأول", 10), ("تشرين الثاني", 11),
    ("كانون الأول", 12),
])
def test_every_month_name(name, month):
    text = f"وصدر القرار في 5 {name} 2021 بعد مشاورات."
    d = one(text)
    assert d["value"] == f"2021-{month:02d}-05" and d["text"] == f"5 {name} 2021"


def test_partial_day_takes_year_from_reference():
    d = one("موعد التسجيل 17 من مارس.")
    assert (d["text"], d["value"], d["resolved_from"]) == ("17 من مارس", "2025-03-17", "partial")
    # past tense: the latest 20 December on or before the reference
    d = one("وقال الوزير إن الاتفاق وقع في 20 ديسمبر.", "2025-01-02")
    assert d["value"] == "2024-12-20"
    d = one("ومن المقرر أن تبدأ المفاوضات في 20 ديسمبر.", "2025-03-12")
    assert d["value"] == "2025-12-20"
    d = one("وصدر القرار في 19 مايو/أيار الماضي.", "2025-03-12")
    assert d["value"] == "2024-05-19" and d["text"] == "19 مايو/أيار الماضي"


def test_leap_day():
    d = one("أعلنت النتائج في 29 فبراير 2024.")
    assert d["value"] == "2024-02-29"
    d = one("أعلنت النتائج في 29 فبراير 2023.")
    assert d["value"] is None and d["confidence"] < 0.5


def test_month_first_numeric_when_unambiguous():
    assert one("بتاريخ 3/25/2020 صدر القرار.")["value"] == "2020-03-25"


# --- months and years -------------------------------------------------------------------

@pytest.mark.parametrize("text,span,value,rf", [
    ("ارتفعت الأسعار في فبراير 2022 بشكل حاد.", "فبراير 2022", "2022-02", "explicit"),
    ("وصل الوفد أواخر فبراير 2022 إلى بغداد.", "أواخر فبراير 2022", "2022-02", "explicit"),
    ("صدر التقرير في شهر نوفمبر عام 2016.", "شهر نوفمبر عام 2016", "2016-11", "explicit"),
    ("صدر التقرير في مارس الماضي.", "مارس الماضي", "2024-03", "partial"),
    ("يصدر التقرير في يناير المقبل.", "يناير المقبل", "2026-01", "partial"),
    ("صدر التقرير في أبريل من العام الماضي.", "أبريل من العام الماضي", "2024-04", "partial"),
    ("صدر التقرير في شهر تموز.", "شهر تموز", "2024-07", "partial"),
    ("صدر التقرير في أيار/مايو.", "أيار/مايو", "2024-05", "partial"),
    ("يصدر التقرير في أيار/مايو.", "أيار/مايو", "2025-05", "partial"),
])
def test_months(text, span, value, rf):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"], d["resolved_from"]) == (span, value, "month", rf)


def test_month_without_year_nearest_reference():
    d = one("صدرت البيانات في ديسمبر.", "2025-01-02")
    assert (d["value"], d["resolved_from"]) == ("2024-12", "partial")
    d = one("ديسمبر", "2025-01-02")
    assert d["value"] == "2024-12"
    d = one("سيصدر التقرير في مارس.", "2025-01-02")
    assert d["value"] == "2025-03"
    d = one("صدر التقرير في مارس.", "2025-01-02")
    assert d["value"] == "2024-03"


@pytest.mark.parametrize("text,span,value", [
    ("تأسست الجمعية عام 2003 في عمان.", "عام 2003", "2003"),
    ("تأسست الجمعية في العام 2003.", "العام 2003", "2003"),
    ("صدرت الوثيقة سنة (1935) م.", "سنة (1935) م", "1935"),
    ("أظهرت البيانات المالية للعام 2009 أرباحا.", "للعام 2009", "2009"),
    ("ولد الكاتب في 1948م في يافا.", "1948م", "1948"),
    ("تراجع النمو منذ 2019 بسبب الجائحة.", "2019", "2019"),
])
def test_years(text, span, value):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"], d["resolved_from"]) == (span, value, "year", "explicit")


# --- ranges -------------------------------------------------------------------------------

@pytest.mark.parametrize("text,span,value,end,rf", [
    ("يعقد المؤتمر بين 20 و22 مارس في الدوحة.", "بين 20 و22 مارس", "2025-03-20", "2025-03-22", "partial"),
    ("يعقد المؤتمر من 20 إلى 22 مارس 2023 في الدوحة.", "من 20 إلى 22 مارس 2023", "2023-03-20", "2023-03-22", "explicit"),
    ("يعقد المؤتمر 20-22 مارس 2023 في الدوحة.", "20-22 مارس 2023", "2023-03-20", "2023-03-22", "explicit"),
    ("يستمر المعرض من 28 فبراير إلى 3 مارس 2024 في الدوحة.", "من 28 فبراير إلى 3 مارس 2024",
     "2024-02-28", "2024-03-03", "explicit"),
    ("تمتد الحملة من 28 ديسمبر إلى 3 يناير 2025 في المدينة.", "من 28 ديسمبر إلى 3 يناير 2025",
     "2024-12-28", "2025-01-03", "explicit"),
    ("ارتفع الدين بين عامي 2010 و2015 بشكل كبير.", "بين عامي 2010 و2015", "2010-01-01", "2015-12-31", "explicit"),
    ("امتدت الدراسة بين مارس ومايو 2023 في ثلاث مدن.", "بين مارس ومايو 2023", "2023-03-01", "2023-05-31", "explicit"),
])
def test_ranges(text, span, value, end, rf):
    d = one(text)
    assert (d["text"], d["value"], d["end_value"], d["granularity"], d["resolved_from"]) == (span, value, end, "range", rf)


# --- Hijri --------------------------------------------------------------------------------

def test_hijri_round_trip_with_hijridate():
    from hijridate import Gregorian, Hijri
    assert Hijri(1446, 9, 1).to_gregorian().isoformat() == "2025-03-01"  # Umm al-Qura
    g = Hijri(1446, 9, 12).to_gregorian()
    d = one("يقام الحفل في 12 رمضان 1446هـ في المسجد الكبير.")
    assert (d["text"], d["value"], d["granularity"]) == ("12 رمضان 1446هـ", g.isoformat(), "day")
    h = Gregorian.fromisoformat(d["value"]).to_hijri()
    assert (h.year, h.month, h.day) == (1446, 9, 12)


def test_hijri_month_and_year():
    d = one("صام المسلمون رمضان 1444هـ في ظروف صعبة.")
    assert (d["text"], d["granularity"], d["value"], d["end_value"]) == ("رمضان 1444هـ", "range", "2023-03-23", "2023-04-20")
    d = one("تبدأ الحملة في شهر رمضان المقبل.", "2025-01-02")
    assert (d["value"], d["end_value"], d["resolved_from"]) == ("2025-03-01", "2025-03-29", "partial")
    d = one("تبدأ الحملة في شهر رمضان المقبل.", "2025-03-12")  # during Ramadan 1446: the next one
    assert d["value"] == "2026-02-18"
    d = one("صدرت الوثيقة عام 1320 هجري.")  # before Umm al-Qura tables: tabular calendar, lower confidence
    assert d["granularity"] == "range" and d["value"].startswith("1902") and d["confidence"] <= 0.6
    d = one("يحل عيد الفطر في 1 شوال 1446 هـ.")
    assert d["value"] == "2025-03-30"


def test_rajab_the_name_is_not_a_month():
    assert values("التقى رجب طيب أردوغان الوفد.") == []
    assert values("وقال رمضان عبد الله إن الاجتماع مثمر.") == []


# --- times ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text,span,value", [
    ("يبدأ الاجتماع الساعة العاشرة صباحا في القاعة.", "الساعة العاشرة صباحا", "2025-03-12T10:00"),
    ("يبدأ الاجتماع الساعة 10:30 في القاعة.", "الساعة 10:30", "2025-03-12T10:30"),
    ("يبدأ الاجتماع في تمام الساعة الثالثة مساء.", "في تمام الساعة الثالثة مساء", "2025-03-12T15:00"),
    # the value is the stated local time (ISO at the expression's precision, no zone), as the issue specifies
    ("تنطلق المباراة 14:30 بتوقيت مكة.", "14:30 بتوقيت مكة", "2025-03-12T14:30"),
    ("ارتفع السعر بحلول الساعة 0647 بتوقيت جرينتش.", "الساعة 0647 بتوقيت جرينتش", "2025-03-12T06:47"),
    ("وقعت الهزة عند الساعة الثالثة و42 دقيقة فجرا.", "الساعة الثالثة و42 دقيقة فجرا", "2025-03-12T03:42"),
    ("يبدأ البث الساعة التاسعة والنصف مساء.", "الساعة التاسعة والنصف مساء", "2025-03-12T21:30"),
])
def test_times(text, span, value):
    d = one(text)
    assert (d["text"], d["value"], d["granularity"]) == (span, value, "time")


def test_time_takes_the_day_of_its_sentence():
    text = "وقع الانفجار أمس الساعة العاشرة مساء في السوق."
    items = extract_dates(text, REF)
    check_contract(text, items)
    assert [(d["text"], d["value"]) for d in items] == [("أمس", "2025-03-11"), ("الساعة العاشرة مساء", "2025-03-11T22:00")]
    text = "ويعقد الاجتماع في 20 مارس 2025 الساعة 9:00 صباحا."
    assert [d["value"] for d in extract_dates(text, REF)] == ["2025-03-20", "2025-03-20T09:00"]


# --- false positives ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "قال الأمين العام للأمم المتحدة إن الوضع خطير.",
    "يؤثر الإعلام في الرأي العام بشكل كبير.",
    "وسيختار المؤتمر العام المقبل رئيسا جديدا للحزب.",
    "ونشرت صحيفة عين اليوم تقريرا مطولا.",
    'ونقلت صحيفة "الساحل اليوم" عن مصادر محلية.',
    "وبث برنامج الساحل اليوم حلقة خاصة.",
    "وأعلنت وكالة روسيا اليوم الخبر.",
    "احتفلت البلاد باليوم الوطني بعروض عسكرية.",
    "يتناول المريض ثلاث وجبات في اليوم.",
    "وشاركت الفنانة أيار الخطيب في الحفل.",
    "وقال الأب إن ابنه آب إلى رشده.",
    "ووصل تموز عبد الرحمن إلى المطار.",
    "مارس اللاعب الرياضة منذ صغره.",
    "وتضم القرية 1500 منزل.",
    "وكسب الفريق المباراة بنتيجة 3-1.",
    "ويحتل الفريق المركز الثالث في الترتيب.",
])
def test_no_false_positives(text):
    assert values(text) == []


# --- reference handling, unresolvable ---------------------------------------------------------

def test_no_reference_keeps_relative_values_null():
    text = "قال الوزير أمس إن الاتفاق وقع في 17 مارس، وسيزور دمشق الخميس المقبل، بعد أن وقع اتفاقا في 3 مايو 2020."
    items = extract_dates(text, None)
    check_contract(text, items)
    got = [(d["text"], d["value"], d["resolved_from"]) for d in items]
    assert got == [("أمس", None, "relative"), ("17 مارس", None, "partial"), ("الخميس المقبل", None, "relative"),
                   ("3 مايو 2020", "2020-05-03", "explicit")]


@pytest.mark.parametrize("ref,value", [
    ("2025-03-12", "2025-03-11"),
    ("2025-03-12T10:00:00+03:00", "2025-03-11"),
    ("2025-03-11T22:30:00Z", "2025-03-11"),  # UTC 22:30 is 01:30 on the 12th at UTC+3
    (dt.datetime(2025, 3, 12, 1, 0), "2025-03-11"),
    (dt.date(2025, 3, 12), "2025-03-11"),
    ("not a date", None),
])
def test_reference_forms(ref, value):
    assert one("وقع الحادث أمس.", ref)["value"] == value


def test_tz_offset_configurable():
    assert one("وقع الحادث أمس.", "2025-03-11T22:30:00Z", tz_offset_hours=0)["value"] == "2025-03-10"


def test_offsets_slice_raw_text_with_diacritics_and_tatweel():
    text = "وَصَلَ الوفدُ أَمْسِ، ويغادر غـداً صباحاً في ١٥ مـارس ٢٠٢٥."
    items = extract_dates(text, REF)
    check_contract(text, items)
    assert [d["text"] for d in items] == ["أَمْسِ", "غـداً", "١٥ مـارس ٢٠٢٥"]
    assert [d["value"] for d in items] == ["2025-03-11", "2025-03-13", "2025-03-15"]


def test_a_long_article_contract():
    text = ("أعلنت وزارة الصحة اليوم الأربعاء عن حملة تطعيم تبدأ الأحد المقبل وتستمر حتى نهاية الشهر الجاري.\n"
            "وكانت الوزارة قد أطلقت حملة مماثلة في 3 يناير 2024 استمرت أسبوعين، كما نظمت حملة في رمضان 1444هـ.\n"
            "وقال المتحدث إن الحملة المقبلة ستنطلق في تمام الساعة التاسعة صباحا بتوقيت مكة.")
    items = extract_dates(text, "2025-03-12T09:00:00+03:00")
    check_contract(text, items)
    texts = [d["text"] for d in items]
    assert "اليوم الأربعاء" in texts and "الأحد المقبل" in texts and "3 يناير 2024" in texts
    assert "نهاية الشهر الجاري" in texts


# --- resolve_statement_date ---------------------------------------------------------------------

def test_resolve_statement_date():
    text = "قال الوزير أمس إن الاتفاق قريب. وأضاف أن المفاوضات تستأنف الشهر المقبل."
    dates = extract_dates(text, REF)
    first_end = text.index(".") + 1
    assert resolve_statement_date(0, first_end, dates, REF) == "2025-03-11"
    assert resolve_statement_date(first_end, len(text), dates, REF) == "2025-03-12"  # month granularity: publication day
    assert resolve_statement_date(first_end, len(text), dates, None) is None
    assert resolve_statement_date(0, 5, [], "2025-03-11T23:00:00Z") == "2025-03-12"


def test_statement_date_comes_from_the_attribution_not_the_content():
    text = "وقال المتحدث أمس الاثنين إن الهجوم وقع يوم السبت الماضي. وأكد أن الاجتماع سيعقد الخميس المقبل."
    dates = extract_dates(text, REF)
    first_end = text.index(".") + 1
    content1 = (text.index("إن الهجوم"), first_end - 1)
    assert resolve_statement_date(0, first_end, dates, REF, content=content1) == "2025-03-10"
    # no date in the attribution: the Saturday is what he spoke about, the publication day is when
    inner = "وقال المتحدث إن الهجوم وقع يوم السبت الماضي."
    d2 = extract_dates(inner, REF)
    assert resolve_statement_date(0, len(inner), d2, REF, content=(inner.index("إن"), len(inner) - 1)) == REF
    # a future day is never the day of a statement, with or without the content span
    assert resolve_statement_date(first_end, len(text), dates, REF) == REF


# --- the Wojood reader, on a file written here ---------------------------------------------------

def test_wojood_reader_and_scores(tmp_path):
    lines = ["وصل O", "الوفد O", "يوم B-DATE", "الخميس I-DATE", "إلى O", "عمان B-GPE", ". O", "$#$ O", "",
             "صدر O", "القرار O", "عام B-DATE", "1999 I-DATE", "الساعة B-TIME", "العاشرة I-TIME", "", "وزير B-OCC",
             "الخارجية I-OCC B-ORG", "قال O", "كلاما O", "طيبا O", "أمس O", ""]
    p = tmp_path / "w.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    sents = read_conll(p)
    assert sents[0][0] == "وصل الوفد يوم الخميس إلى عمان ."
    assert sents[0][1] == [(10, 20, "DATE")]
    r = wojood_recall(p)
    assert r["gold"] == 3 and r["recall_by_type"]["DATE"] == 1.0
    assert r["predicted"] == 4 and r["precision"] == 0.75
