"""Date forms added for issue 5's second round: ranges with words between their ends, Hijri
days with weekdays/nights, holidays, parts of years, wire-style times, and the publication
reference inferred from the article.  Every sentence is written for these tests."""

from __future__ import annotations

import pytest
from hijridate import Gregorian, Hijri
from test_dates import check_contract, one

from rasd.dates import extract_dates, infer_reference
from rasd.dates.reference import url_date


def items(text: str, ref: str) -> list[tuple[str, str | None, str | None]]:
    out = extract_dates(text, ref)
    check_contract(text, out)
    return [(d["text"], d["value"], d["end_value"]) for d in out]


def h2g(y: int, m: int, d: int) -> str:
    return Hijri(y, m, d).to_gregorian().isoformat()


# --- months: hybrids written side by side, tense of a bare month -----------------------------

@pytest.mark.parametrize("text,ref,span,value", [
    ("افتتحت الشركة المصنع في يناير كانون الثاني.", "2015-07-27", "يناير كانون الثاني", "2015-01"),
    ("سيطر التنظيم على المدينة في مايو أيار.", "2015-07-23", "مايو أيار", "2015-05"),
    ("غادر المدرب النادي في فبراير شباط الماضي.", "2015-08-05", "فبراير شباط الماضي", "2015-02"),
    # no tense cue: news tells what happened, so a month half a year away is the past one ...
    ("وصمم المهندس في يناير تطبيقا جديدا للصور.", "2015-07-24", "يناير", "2015-01"),
    # ... unless it is only weeks ahead
    ("ويفتتح المعرض في سبتمبر في العاصمة.", "2015-07-24", "سبتمبر", "2015-09"),
    # and a future verb turns a bare month forward across the year boundary
    ("سيزور الرئيس المدينة في فبراير لافتتاح المشروع.", "2024-11-20", "فبراير", "2025-02"),
    ("استقال الوزير في ديسمبر بعد أزمة طويلة.", "2025-01-15", "ديسمبر", "2024-12"),
])
def test_month_hybrids_and_tense(text, ref, span, value):
    d = one(text, ref)
    assert (d["text"], d["value"], d["granularity"]) == (span, value, "month")


# --- written-out ordinal days --------------------------------------------------------------

def test_ordinal_days_with_month_and_year():
    d = one("وستجرى الانتخابات في السادس والعشرين من شهر فبراير (شباط) من العام المقبل 2016.", "2015-07-25")
    assert (d["value"], d["granularity"]) == ("2016-02-26", "day")
    d = one("افتتح الجسر في الحادي عشر من مارس الماضي.", "2025-04-02")
    assert d["value"] == "2025-03-11"


# --- Hijri -----------------------------------------------------------------------------------

def test_hijri_with_weekday_and_without_suffix():
    d = one("وقع الاتفاق بتاريخ الأربعاء 28 رمضان 1436 في الرياض.", "2015-08-04")
    assert (d["text"], d["value"]) == ("الأربعاء 28 رمضان 1436", h2g(1436, 9, 28))
    assert d["confidence"] >= 0.85  # the weekday agrees with Umm al-Qura
    d = one("زاره مساء يوم الخميس الموافق 14 شوال 1436هـ في منزله.", "2015-08-01")
    assert d["value"] == h2g(1436, 10, 14) == "2015-07-30"
    d = one("ويقام الحفل يوم الجمعة 14 شوال 1436هـ في القاعة.", "2015-08-01")  # Friday disagrees
    assert d["value"] == "2015-07-30" and d["confidence"] < 0.85


def test_hijri_ordinal_day_with_next_month():
    d = one("تعقد الجمعية يوم (الأحد) الموافق للأول من شهر ذي القعدة المقبل بمقر النادي.", "2015-08-04")
    assert d["value"] == h2g(1436, 11, 1) == "2015-08-16"


def test_hijri_night_is_the_evening_before():
    d = one("نشر المقطع في ليلة ٢٧ من رمضان من الحرم.", "2015-07-22")
    assert d["value"] == "2015-07-13"  # 27 Ramadan 1436 is 07-14; its night begins the evening before
    d = one("ازدحم الحرم ليلة السابع والعشرين من رمضان بالمصلين.", "2015-07-22")
    assert d["value"] == "2015-07-13"


def test_last_and_nth_day_of_a_hijri_month():
    d = one("دخلت المستشفى في اليوم الأخير من شهر رمضان قبل العيد.", "2015-07-21")
    assert d["value"] == h2g(1436, 9, Hijri(1436, 9, 1).month_length())
    d = one("جاءت التغريدة في اليوم العشرين من رمضان تقريبا.", "2015-07-22")
    assert d["value"] == h2g(1436, 9, 20)


def test_hijri_year_round_trip_and_gregorian_year_boundary():
    d = one("وصل عدد الحجاج هذا العام 1436هـ إلى مليونين.", "2015-08-02")
    assert (d["value"], d["end_value"]) == (h2g(1436, 1, 1), "2015-10-13")
    assert Hijri(1437, 1, 1).to_gregorian().isoformat() == "2015-10-14"
    # Jumada al-Akhira 1445 runs across the Gregorian new year
    d = one("أقيمت الدورة في شهر جمادى الآخرة 1445هـ في جدة.", "2024-03-01")
    assert d["value"] < "2024-01-01" <= d["end_value"]
    for v in (d["value"], d["end_value"]):
        h = Gregorian.fromisoformat(v).to_hijri()
        assert (h.year, h.month) == (1445, 6)


# --- holidays -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,ref,value", [
    ("توفيت الطفلة ثاني أيام عيد الفطر في المستشفى.", "2015-07-21", h2g(1436, 10, 2)),
    ("ظلت في العناية حتى اليوم الثاني من العيد ثم توفيت.", "2015-07-21", h2g(1436, 10, 2)),
    ("صلى المصلون أول أيام عيد الأضحى في الساحات.", "2024-06-20", h2g(1445, 12, 10)),
    ("وقف الحجاج يوم عرفة على الصعيد.", "2024-06-20", h2g(1445, 12, 9)),
])
def test_holidays(text, ref, value):
    d = one(text, ref)
    assert (d["value"], d["granularity"]) == (value, "day")


# --- ranges -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,ref,value,end", [
    ("يراجع المتقدمون الفروع اعتبارا من يوم الثلاثاء 26/10/1436هـ حتى نهاية دوام يوم الأحد 1/11/1436هـ لاستكمال الطلب.",
     "2015-08-09", "2015-08-11", "2015-08-16"),
    ("يستمر التسجيل من يوم الأربعاء 4/11/1436 وحتى نهاية دوام يوم الاثنين 9/11/1436هـ عبر الموقع.",
     "2015-08-09", "2015-08-19", "2015-08-24"),
    ("يفتح باب التحويل اعتبارا من اليوم وحتى نهاية دوام يوم الأربعاء الموافق 20-10-1436هـ عبر الموقع.",
     "2015-07-27", "2015-07-27", "2015-08-05"),
    ("استمرت الغارات من ليلة الخميس ولغاية أمس الجمعة على المواقع.", "2015-07-25", "2015-07-23", "2015-07-24"),
    ("يسجل مواليد عام 2000م وحتى عام 2005م في الفريق.", "2015-07-26", "2000-01-01", "2005-12-31"),
    ("ويبدأ التسجيل من يوم الأحد 24 شوال وحتى نهاية يوم الخميس 5 ذي القعدة 1436هـ في المقر.",
     "2015-07-26", "2015-08-09", "2015-08-20"),
    ("سجل الطلاب خلال الفترة من 13 / 8 إلى 18 / 9 / 1436هـ في الجامعة.", "2015-08-07", "2015-05-31", "2015-07-05"),
    ("تقام الدورة في الفترة من 1 الى 5 من ذي القعدة المقبل في الرياض.", "2015-08-07", "2015-08-16", "2015-08-20"),
    ("قدمت الدولة خلال الأعوام 2012 ــ 2014 دعما كبيرا.", "2015-08-09", "2012-01-01", "2014-12-31"),
    # across the year boundary, the first end takes the year before the second's
    ("تستمر الحملة من 28 ديسمبر حتى نهاية يوم 3 يناير 2025 في المدينة.", "2024-12-01", "2024-12-28", "2025-01-03"),
    # across a leap day
    ("يستمر المعرض من 27 فبراير إلى 2 مارس 2024 في القاعة.", "2024-02-01", "2024-02-27", "2024-03-02"),
])
def test_ranges_with_words_between_the_ends(text, ref, value, end):
    rng = [d for d in extract_dates(text, ref) if d["granularity"] == "range"]
    check_contract(text, rng)
    assert len(rng) == 1, extract_dates(text, ref)
    assert (rng[0]["value"], rng[0]["end_value"]) == (value, end)


def test_backwards_ends_are_not_a_range():
    got = items("قال إنه عمل من عام 2010 حتى عام 2005 في الشركة.", "2015-01-01")
    assert [v for _, v, _ in got] == ["2010", "2005"]


# --- parts of years, the N units before -------------------------------------------------------

@pytest.mark.parametrize("text,ref,value,end", [
    ("اعتمد البنك خلال النصف الأول من العام الحالي قروضا كثيرة.", "2015-08-06", "2015-01-01", "2015-06-30"),
    ("أعلن نتائج الربع الثاني من العام الحالي 2015م للمساهمين.", "2015-08-06", "2015-04-01", "2015-06-30"),
    ("بلغ مجموع الربعين الأول والثاني من العام الحالي ألف قرض.", "2015-08-06", "2015-01-01", "2015-06-30"),
    ("تراجعت الأرباح في الربع الأخير من العام الماضي.", "2025-02-10", "2024-10-01", "2024-12-31"),
    ("ارتفع الدعم خلال السنوات الثلاث الماضية بشكل قياسي.", "2015-08-09", "2012-01-01", "2014-12-31"),
    ("تضاعفت المبيعات خلال الأشهر الثلاثة الماضية.", "2025-01-15", "2024-10-01", "2024-12-31"),
    ("هطلت الأمطار خلال الأيام الثلاثة الماضية.", "2024-03-01", "2024-02-27", "2024-02-29"),
])
def test_parts_of_years_and_last_n(text, ref, value, end):
    d = one(text, ref)
    assert (d["granularity"], d["value"], d["end_value"]) == ("range", value, end)


def test_half_of_an_unnamed_year_is_not_resolved():
    assert all(d["granularity"] != "range" for d in extract_dates("جرى ذلك في النصف الأول من العام.", "2015-08-06"))


# --- years ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,years", [
    ("ومن ثم نتوقع في 2016 الاستمرارية في السوق.", ["2016"]),
    ("أصدرت طوابع لبطولات كأس العالم 2006 و2010 و2014 الماضية.", ["2006", "2010", "2014"]),
    ("تستعد البلاد لكأس العالم روسيا 2018.", ["2018"]),
    ("بنت الشركة في 2000 منزل جديد.", []),
    ("بلغ المبلغ في 2000 ألف ريال.", []),
])
def test_years_in_context(text, years):
    assert [d["value"] for d in extract_dates(text, "2015-07-25") if d["granularity"] == "year"] == years


# --- times ----------------------------------------------------------------------------------------

def test_time_takes_the_day_the_story_is_at():
    text = ("ارتفع النفط أمس في الأسواق الآسيوية.\n"
            "وسجل الخام سعرا أعلى بحلول الساعة 0647 بتوقيت جرينتش بعد التسوية.")
    assert items(text, "2015-07-31")[-1] == ("الساعة 0647 بتوقيت جرينتش", "2015-07-30T06:47", None)


def test_time_after_the_end_of_a_period_and_the_next_time():
    text = "قدمت الأوراق في نهاية شهر رمضان الساعة الخامسة فجرا، فتحركنا الساعة 12 ظهرا إلى المستشفى."
    got = items(text, "2015-07-21")
    last_day = h2g(1436, 9, Hijri(1436, 9, 1).month_length())
    assert got[-2:] == [("الساعة الخامسة فجرا", f"{last_day}T05:00", None), ("الساعة 12 ظهرا", f"{last_day}T12:00", None)]


def test_time_with_minutes_and_a_day_in_its_sentence():
    d = items("وقعت الهزة فجر أول من أمس عند الساعة الثالثة و42 دقيقة غرب المدينة.", "2015-08-07")
    assert d[-1] == ("الساعة الثالثة و42 دقيقة", "2015-08-05T03:42", None)


def test_recurring_time_and_stamp_line():
    got = extract_dates("يفتح المكتب الساعة الخامسة من كل يوم للمراجعين.", "2015-07-26")
    assert got[0]["granularity"] == "time" and got[0]["value"] is None
    text = "قال المتحدث أمس إن العمل مستمر.\n // انتهى //\n 14:05 ت م \n"
    assert items(text, "2015-08-11")[-1][1] == "2015-08-11T14:05"


# --- the publication reference -------------------------------------------------------------------

@pytest.mark.parametrize("url,day", [
    ("http://www.al-jazirah.com/2015/20150805/sp21.htm", "2015-08-05"),
    ("http://www.aleqt.com/2015/07/22/article_975413.html", "2015-07-22"),
    ("http://www.okaz.com.sa/new/Issues/20150801/Con20150801786875.htm", "2015-08-01"),
    ("https://example.org/news/2024-02-29-storm", "2024-02-29"),
    ("http://www.alriyadh.com/1066764", None),
    ("http://sabq.org/20151399", None),  # not a real date
])
def test_url_date(url, day):
    d = url_date(url)
    assert (d.isoformat() if d else None) == day


def test_reference_from_weekday_evidence():
    crawl = "2015-08-03 19:54:18"  # a Monday
    assert infer_reference("أجرى الفريق مرانه مساء اليوم الأحد في المعسكر.", crawl, "crawl") == ("2015-08-02", "text")
    # أمس الأول الاثنين read on a Thursday crawl: published Wednesday
    assert infer_reference("حضر الأمير الحفل مساء أمس الأول الاثنين في الرياض.", "2015-07-23 19:20:12", "crawl") \
        == ("2015-07-22", "text")
    # the weekday agrees with the crawl day: nothing to correct
    assert infer_reference("أعلن المجلس اليوم الاثنين قراره.", crawl, "crawl") == (crawl, "crawl")
    # evidence that disagrees with itself leaves the crawl date
    assert infer_reference("قال اليوم الأحد إنه سافر. وقال أمس الأحد إنه عاد.", crawl, "crawl") == (crawl, "crawl")
    # never more than six days back
    assert infer_reference("أعلن المجلس اليوم الثلاثاء قراره.", crawl, "crawl") == ("2015-07-28", "text")
    assert infer_reference("أعلن المجلس اليوم الثلاثاء قراره.", crawl, "crawl", max_lag_days=3) == (crawl, "crawl")


def test_reference_from_dateline_and_url_and_declared_sources():
    text = "أملج 25 شوال 1436 هـ الموافق 10 اغسطس 2015 م واس\nهطلت عصر اليوم أمطار على المركز."
    assert infer_reference(text, "2015-08-11 13:46:25", "crawl") == ("2015-08-10", "dateline")
    assert infer_reference("خبر بلا تاريخ.", "2015-08-06 01:34:31", "crawl",
                           url="http://www.al-jazirah.com/2015/20150805/sp21.htm") == ("2015-08-05", "url")
    # a url date after the crawl, or far before it, is not the publication day
    assert infer_reference("خبر.", "2015-08-06 11:34:31", "crawl", url="http://x.org/2015/08/20/a") \
        == ("2015-08-06 11:34:31", "crawl")
    # a date the input declared is kept as it is
    assert infer_reference("أجرى الفريق مرانه مساء اليوم الأحد.", "2015-08-03", "input") == ("2015-08-03", "input")
    # nothing at all: the url alone may date it
    assert infer_reference("خبر.", None, None, url="http://x.org/2015/08/02/a") == ("2015-08-02", "url")
    assert infer_reference("أجرى الفريق مرانه اليوم الأحد.", None, None) == (None, None)


@pytest.mark.parametrize("text,value,end", [
    ("يبدأ العام الجامعي 1436-1437هـ بعد الحج.", h2g(1436, 1, 1), h2g(1437, 12, Hijri(1437, 12, 1).month_length())),
    ("تضاعف العدد بين عامي 1430 و1435هـ في المنطقة.", h2g(1430, 1, 1), h2g(1435, 12, Hijri(1435, 12, 1).month_length())),
    ("ارتفع الإنتاج بين عامي 2010 و2015 في المنطقة.", "2010-01-01", "2015-12-31"),
])
def test_hijri_and_gregorian_year_ranges(text, value, end):
    d = one(text, "2015-07-27")
    assert (d["granularity"], d["value"], d["end_value"]) == ("range", value, end)


@pytest.mark.parametrize("text,ref,value,end", [
    ("كانت القرية مزدهرة في الأربعينات قبل الحرب.", "2020-01-01", "1940-01-01", "1949-12-31"),
    ("التقطت الصورة في فترة العشرينات في القدس.", "2020-01-01", "1920-01-01", "1929-12-31"),
    ("انتشرت الموسيقى في التسعينات في المدن.", "2025-05-05", "1990-01-01", "1999-12-31"),
])
def test_decades_take_the_last_ended_one(text, ref, value, end):
    d = one(text, ref)
    assert (d["value"], d["end_value"], d["resolved_from"]) == (value, end, "partial")


def test_event_named_by_its_year():
    d = one("صدر البيان خلال الانتفاضة الأولى 1987 صادرا عن الحركة.", "2020-01-01")
    assert (d["text"], d["value"]) == ("1987", "1987")


@pytest.mark.parametrize("text,span,value", [
    ("وصل الوفد في 12 من الشهر الجاري إلى عمان.", "12 من الشهر الجاري", "2024-03-12"),
    ("يعقد المؤتمر في الـ20 من الشهر الجاري.", "الـ20 من الشهر الجاري", "2024-03-20"),
    ("أعلنت الحكومة في الخامس من الشهر الماضي خطتها.", "الخامس من الشهر الماضي", "2024-02-05"),
    ("تبدأ الدورة في الثالث من الشهر المقبل.", "الثالث من الشهر المقبل", "2024-04-03"),
    ("ويصل الوزير مساء غد إلى بيروت.", "مساء غد", "2024-03-13"),
    ("يصل الرئيس يوم غد الأربعاء إلى القاهرة.", "يوم غد الأربعاء", "2024-03-13"),
    ("تبث المباراة الليلة على القناة الأولى.", "الليلة", "2024-03-12"),
    ("سقطت صواريخ على المدينة الليلة الماضية دون إصابات.", "الليلة الماضية", "2024-03-11"),
    ("عاد الوفد الأسبوع الفائت من جنيف.", "الأسبوع الفائت", "2024-03-02"),
    ("رحل الشاعر الخميس الفائت عن ثمانين عاما.", "الخميس الفائت", "2024-03-07"),
])
def test_day_of_a_relative_month_and_tonight(text, span, value):
    d = one(text, "2024-03-12")  # a Tuesday
    assert (d["text"], d["value"]) == (span, value)


def test_day_of_relative_month_across_year_and_invalid_day():
    assert one("تسلم المنحة في العاشر من الشهر المقبل.", "2024-12-20")["value"] == "2025-01-10"
    assert one("وقع العقد في 29 من الشهر الماضي.", "2024-03-12")["value"] == "2024-02-29"  # leap year
    assert one("وقع العقد في 29 من الشهر الماضي.", "2023-03-12")["value"] is None  # no 29 February 2023


@pytest.mark.parametrize("text", ["في تلك الليلة سقط المطر.", "وفي الليلة الأولى من المهرجان غنى الفنان.",
                                  "ننتظر غد مشرق للبلاد."])
def test_nights_and_morrows_of_a_story_are_not_dates(text):
    assert extract_dates(text, "2024-03-12") == []


@pytest.mark.parametrize("text,value,end", [
    ("بلغت الصفقات منذ بداية عام 1436هـ حتى نهاية شهر رمضان مليار ريال.", "2014-10-25", h2g(1436, 9, 29)),
    ("يعمل في الشركة منذ 2010 حتى اليوم.", "2010-01-01", "2015-07-22"),
])
def test_ranges_opened_by_mundhu(text, value, end):
    rng = [d for d in extract_dates(text, "2015-07-22") if d["granularity"] == "range"]
    assert [(d["value"], d["end_value"]) for d in rng] == [(value, end)]


def test_a_crawl_stamp_after_midnight_is_the_previous_day():
    text = "افتتح المهرجان مساء اليوم بحضور الأمير."
    assert infer_reference(text, "2015-07-21T02:43:18", "crawl") == ("2015-07-20", "crawl-night")
    assert infer_reference(text, "2015-07-21T02:43:18", "crawl", night_hours=0) == ("2015-07-21T02:43:18", "crawl")
    assert infer_reference(text, "2015-07-21T03:10:00", "crawl") == ("2015-07-21T03:10:00", "crawl")
    assert infer_reference(text, "2015-07-21", "crawl") == ("2015-07-21", "crawl")  # no hour: nothing to go on
    # the text's own evidence wins over the hour
    assert infer_reference("أعلن المجلس اليوم الثلاثاء قراره.", "2015-07-21T01:00:00", "crawl") \
        == ("2015-07-21T01:00:00", "crawl")
    # and a stamp the input declared as publication is never moved
    assert infer_reference(text, "2015-07-21T02:43:18", "input") == ("2015-07-21T02:43:18", "input")


@pytest.mark.parametrize("text,span,value,end", [
    ("تراجعت الصادرات الأسبوع قبل الماضي بشكل حاد.", "الأسبوع قبل الماضي", "2024-02-24", "2024-03-01"),
    ("ارتفع الإنتاج العام قبل الماضي إلى مستوى قياسي.", "العام قبل الماضي", "2022", None),
    ("وقع الحادث الخميس قبل الماضي في المدينة.", "الخميس قبل الماضي", "2024-02-29", None),
    ("تضاعفت المبيعات خلال الشهرين الماضيين في السوق.", "الشهرين الماضيين", "2024-01-01", "2024-02-29"),
    ("هطلت الأمطار خلال اليومين الماضيين على المنطقة.", "اليومين الماضيين", "2024-03-10", "2024-03-11"),
    ("يعقد المؤتمر في 15 الجاري في الرياض.", "15 الجاري", "2024-03-15", None),
    ("تبدأ الجلسة عند الـ10 صباحاً في القاعة.", "10 صباحاً", "2024-03-12T10:00", None),
])
def test_before_last_duals_current_month_day(text, span, value, end):
    d = one(text, "2024-03-12")
    assert (d["text"], d["value"], d["end_value"]) == (span, value, end)


def test_numeric_dates_stay_day_first_unless_month_first_alone_is_near():
    assert one("صدر القرار في 12.03.2023 عن المجلس.", "2024-03-12")["value"] == "2023-03-12"
    # 10/4/1436هـ read on 2015-07-21: 4 Shawwal (month/day) is the day before, 10 Rabi II half a year back
    assert one("صدر القرار في 10/4/1436هـ عن المجلس.", "2015-07-21")["value"] == h2g(1436, 10, 4)


@pytest.mark.parametrize("text,values", [
    ("يعقد الاجتماع الثلاثاء والأربعاء المقبلين في جدة.", ["2024-03-19", "2024-03-20"]),
    ("جرت المباريات يومي الثلاثاء والأربعاء الماضيين في جدة.", ["2024-03-05", "2024-03-06"]),
    ("سافر الوفد يومي الأحد والاثنين إلى جدة.", ["2024-03-10", "2024-03-11"]),
    ("سيصل الوفد يومي السبت والأحد إلى جدة.", ["2024-03-16", "2024-03-17"]),
])
def test_coordinated_weekdays_are_consecutive(text, values):
    assert [d["value"] for d in extract_dates(text, "2024-03-12")] == values


def test_past_verbs_starting_with_sa_are_not_future():
    assert one("ساهم اللاعب يوم الجمعة في الفوز.", "2024-03-12")["value"] == "2024-03-08"
    assert one("سنعقد الاجتماع الخميس في المقر.", "2024-03-12")["value"] == "2024-03-14"


def test_settings_from_the_environment(monkeypatch):
    from rasd.analyse import ANNOTATORS

    text = "عاد الوفد الأسبوع الماضي من جنيف."
    assert ANNOTATORS["dates"](text, "2024-03-12", {})[0]["value"] == "2024-03-02"  # Saturday weeks
    monkeypatch.setenv("RASD_DATES_WEEK_START", "monday")
    assert ANNOTATORS["dates"](text, "2024-03-12", {})[0]["value"] == "2024-03-04"
    monkeypatch.setenv("RASD_DATES_TZ", "-5")
    # 02:00 UTC on the 12th is still the 11th five hours west
    assert ANNOTATORS["dates"]("وصل أمس.", "2024-03-12T02:00:00Z", {})[0]["value"] == "2024-03-10"


@pytest.mark.parametrize("text,span,value", [
    ("تنطلق الحملة في فاتح ماي في الرباط.", "فاتح ماي", "2024-05-01"),
    ("قامت الثورة في الـ25 من يناير في القاهرة.", "الـ25 من يناير", "2024-01-25"),
    ("تعقد القمة يوم الخميس المقبل الموافق 14 مارس في الدوحة.", "يوم الخميس المقبل الموافق 14 مارس", "2024-03-14"),
    ("تعقد القمة الأربعاء (13 مارس) في الدوحة.", "الأربعاء (13 مارس)", "2024-03-13"),
    ("صدر القرار الجمعة 17/3/2023 عن المجلس.", "الجمعة 17/3/2023", "2023-03-17"),  # the weekday's ه is no Hijri suffix
])
def test_weekday_before_a_date_and_day_words(text, span, value):
    d = one(text, "2024-03-12")
    assert (d["text"], d["value"]) == (span, value)


def test_hour_word_with_part_of_day_after_min():
    got = items("وقع الانفجار في الخامسة من مساء أمس قرب السوق.", "2024-03-12")
    assert ("الخامسة", "2024-03-11T17:00", None) in got


def test_a_date_in_brackets_after_a_relative_weekday():
    got = items("يفتتح السوق مساء بعد غد الأربعاء (27 شوال) بحضور الأمير.", "2015-08-10")
    assert got == [("مساء بعد غد الأربعاء", "2015-08-12", None), ("27 شوال", h2g(1436, 10, 27), None)]


def test_glued_hijri_month_names_and_prefixed_quarters():
    rng = [d for d in extract_dates("تقام الفعاليات في الفترة من 4 شوال إلى 6 ذوالقعدة في المدينة.", "2015-07-27")
           if d["granularity"] == "range"]
    assert [(d["value"], d["end_value"]) for d in rng] == [(h2g(1436, 10, 4), h2g(1436, 11, 6))]
    d = one("أعلنت الشركة نتائج للربع الثاني من العام الجاري للمساهمين.", "2015-07-27")
    assert (d["value"], d["end_value"]) == ("2015-04-01", "2015-06-30")


@pytest.mark.parametrize("text", ["يعمل المترو ليلا يومي الجمعة والسبت من كل أسبوع.", "يفتح السوق الشعبي الجمعة من كل أسبوع."])
def test_recurring_weekdays_stay_null(text):
    got = extract_dates(text, "2015-07-27")
    assert got and all(d["value"] is None for d in got)


def test_small_hours_are_local_for_utc_stamps():
    # 23:30 UTC is 02:30 in UTC+3: the local day is the 22nd, published the 21st
    assert infer_reference("خبر بلا تاريخ.", "2015-07-21T23:30:00Z", "crawl") == ("2015-07-21", "crawl-night")
    assert infer_reference("خبر بلا تاريخ.", "2015-07-21T20:30:00Z", "crawl") == ("2015-07-21T20:30:00Z", "crawl")
