"""Word lists for date expressions, in the *normalised* form of
:func:`rasd.text.arabic.normalize` (أ/إ/آ→ا, ة→ه, ى→ي, digits ASCII).

Grammar patterns are built from these lists, so a variant added here is
recognised everywhere.
"""

from __future__ import annotations

import re

# Gregorian month names as used in Egypt/Gulf (and Maghreb variants).
GREG_MONTHS: dict[str, int] = {
    "يناير": 1, "جانفي": 1,
    "فبراير": 2, "فيفري": 2,
    "مارس": 3,
    "ابريل": 4, "افريل": 4,
    "مايو": 5, "ماي": 5,
    "يونيو": 6, "يونيه": 6, "جوان": 6,
    "يوليو": 7, "يوليه": 7, "جويليه": 7, "يوليوز": 7,
    "اغسطس": 8, "غشت": 8, "اوت": 8,
    "سبتمبر": 9, "شتنبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11, "نونبر": 11,
    "ديسمبر": 12, "دجنبر": 12,
}

# Syriac (Levantine/Iraqi) month names.  Two-word names allow a missing article.
LEV_MONTHS: dict[str, int] = {
    "كانون الثاني": 1, "كانون ثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10, "تشرين اول": 10,
    "تشرين الثاني": 11, "تشرين ثاني": 11,
    "كانون الاول": 12, "كانون اول": 12,
}

MONTHS: dict[str, int] = {**GREG_MONTHS, **LEV_MONTHS}

# Month words that are also ordinary words or names (آب "father/returned",
# تموز the god, أيار/شباط/نيسان names and a car maker, ماي/أوت, مارس "practised"):
# accepted only with a day before, a year after, شهر before, or a hybrid pair.
AMBIGUOUS_MONTHS = {"اب", "ايار", "تموز", "نيسان", "شباط", "ماي", "اوت", "مارس", "حزيران"}

# Of those, the ones a preposition (في مارس) or a modifier (حزيران الماضي) is enough for.
SOFT_AMBIGUOUS_MONTHS = {"مارس", "حزيران"}

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2,
    "ربيع الاول": 3, "ربيع اول": 3,
    "ربيع الاخر": 4, "ربيع الثاني": 4, "ربيع ثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5,
    "جمادي الاخره": 6, "جمادي الثانيه": 6, "جمادي الاخر": 6, "جمادي الثاني": 6,
    "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعده": 11, "ذي القعده": 11, "ذا القعده": 11, "ذوالقعده": 11, "ذيالقعده": 11,
    "ذو الحجه": 12, "ذي الحجه": 12, "ذا الحجه": 12, "ذوالحجه": 12, "ذيالحجه": 12,
}
# Hijri month words that are also common words or first names.
AMBIGUOUS_HIJRI = {"صفر", "رجب", "رمضان", "شعبان", "محرم", "شوال"}

# Python weekday numbers (Monday=0 … Sunday=6).
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الثلثاء": 1, "الاربعاء": 2, "الخميس": 3,
    "الجمعه": 4, "السبت": 5, "الاحد": 6,
}

NUMBER_WORDS: dict[str, int] = {
    "واحد": 1, "واحده": 1,
    "اثنين": 2, "اثنان": 2, "اثنتين": 2,
    "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5, "خمس": 5,
    "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "ثمان": 8,
    "تسعه": 9, "تسع": 9, "عشره": 10, "عشر": 10,
    "احد عشر": 11, "احدي عشر": 11, "احدي عشره": 11,
    "اثني عشر": 12, "اثنا عشر": 12, "اثنتي عشره": 12,
    "خمسه عشر": 15, "عشرين": 20, "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30,
    "اربعين": 40, "خمسين": 50, "مئه": 100, "مائه": 100,
}

_ORD_UNITS = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6,
              "السابع": 7, "الثامن": 8, "التاسع": 9, "العاشر": 10}


def _ordinal_days() -> dict[str, int]:
    """Ordinal day numbers 1–31 as written out (السادس والعشرين, الحادي عشر), and with the
    preposition ل fused onto the article (للاول، للسادس والعشرين)."""
    out = dict(_ORD_UNITS)
    teen_units = {**{k: v for k, v in _ORD_UNITS.items() if 2 <= v <= 9}, "الحادي": 1}
    for w, n in teen_units.items():
        out[f"{w} عشر"] = 10 + n
    for tens_words, tens in ((("العشرين", "العشرون"), 20), (("الثلاثين", "الثلاثون"), 30)):
        for t in tens_words:
            out[t] = tens
            for w, n in teen_units.items():
                if tens + n <= 31:
                    out[f"{w} و{t}"] = tens + n
    out.update({"لل" + w[2:]: n for w, n in list(out.items())})
    return out


ORDINAL_DAYS: dict[str, int] = {**_ordinal_days(), "فاتح": 1}  # فاتح ماي: the first (Maghreb)

# Ordinal day names for the days of a holiday (ثاني أيام العيد, اول ايام عيد الفطر).
HOLIDAY_ORDINALS: dict[str, int] = {"اول": 1, "ثاني": 2, "ثالث": 3, "رابع": 4, "خامس": 5}

# Holidays fixed in the Hijri calendar: (month, day).  Eid al-Adha is 10 Dhu al-Hijja.
HOLIDAYS: dict[str, tuple[int, int]] = {
    "عيد الفطر": (10, 1), "عيد الفطر المبارك": (10, 1), "عيد الاضحي": (12, 10), "عيد الاضحي المبارك": (12, 10),
    "يوم عرفه": (12, 9), "يوم عرفات": (12, 9),
}

# Units for منذ/قبل/بعد N <unit>: singular (count 1), dual (count 2), plural/accusative (count N).
UNITS: dict[str, tuple[str, int | None]] = {
    "يوم": ("day", 1), "يوما": ("day", None), "ايام": ("day", None), "يومين": ("day", 2), "يومان": ("day", 2),
    "اسبوع": ("week", 1), "اسبوعا": ("week", None), "اسابيع": ("week", None),
    "اسبوعين": ("week", 2), "اسبوعان": ("week", 2),
    "شهر": ("month", 1), "شهرا": ("month", None), "اشهر": ("month", None), "شهور": ("month", None),
    "شهرين": ("month", 2), "شهران": ("month", 2),
    "عام": ("year", 1), "عاما": ("year", None), "اعوام": ("year", None), "عامين": ("year", 2), "عامان": ("year", 2),
    "سنه": ("year", 1), "سنوات": ("year", None), "سنين": ("year", None), "سنتين": ("year", 2), "سنتان": ("year", 2),
}

HOUR_WORDS: dict[str, int] = {
    "الواحده": 1, "الثانيه": 2, "الثالثه": 3, "الرابعه": 4, "الخامسه": 5, "السادسه": 6,
    "السابعه": 7, "الثامنه": 8, "التاسعه": 9, "العاشره": 10,
    "الحاديه عشره": 11, "الحاديه عشر": 11, "الثانيه عشره": 12, "الثانيه عشر": 12,
}

# Part-of-day words after a time: how to turn a 1–12 hour into 0–23.
DAY_PERIODS: dict[str, str] = {
    "صباحا": "am", "صباح": "am", "فجرا": "am", "فجر": "am", "ظهرا": "noon", "ظهر": "noon", "بعد الظهر": "pm",
    "عصرا": "pm", "عصر": "pm", "مساء": "pm", "مساءا": "pm", "ليلا": "night", "ليل": "night",
    # the one-letter forms sites print after a clock time (04:30 م, 08:05 ص)
    "م": "pm", "ص": "am",
}

# Time zones named after بتوقيت: the UTC offset written into the value.
TIME_ZONES: dict[str, str] = {
    "مكه": "+03:00", "مكه المكرمه": "+03:00", "الرياض": "+03:00", "السعوديه": "+03:00", "بغداد": "+03:00",
    "الدوحه": "+03:00", "الكويت": "+03:00", "غرينتش": "+00:00", "غرينيتش": "+00:00", "جرينتش": "+00:00",
    "جرينيتش": "+00:00", "gmt": "+00:00", "utc": "+00:00", "ابوظبي": "+04:00", "ابو ظبي": "+04:00",
    "الامارات": "+04:00", "دبي": "+04:00",
}

PAST_MOD = ("الماضي", "الماضيه", "المنصرم", "المنصرمه", "الفائت", "الفائته", "السابق", "السابقه",
            "الماضيين", "الماضيان")  # duals: يومي الثلاثاء والأربعاء الماضيين
FUTURE_MOD = ("المقبل", "المقبله", "القادم", "القادمه", "المقبلين", "المقبلان", "القادمين")
CURRENT_MOD = ("الجاري", "الجاريه", "الحالي", "الحاليه")

# Qualifiers for "start/middle/end of" a period.
PERIOD_QUALIFIERS = ("مطلع", "بدايه", "اوائل", "اول", "منتصف", "اواسط", "اواخر", "نهايه", "اخر", "ختام", "مستهل")

# Masculine nouns after which العام is the adjective "general" (الرأي العام, الأمين العام).
GENERAL_NOUNS = {
    "الراي", "الامين", "المدعي", "النائب", "القطاع", "المؤتمر", "الموتمر", "المدير", "المراقب", "المفوض", "المنسق",
    "المجلس", "الاضراب", "الامن", "الصالح", "النظام", "المال", "التعليم", "الوضع", "الاطار", "الطابع", "الشان",
    "الدين", "الانفاق", "المرشد", "القائد", "المستشار", "المفتش", "المحامي", "الادعاء", "العفو", "الحق", "النقل",
    "السكرتير", "الاتحاد", "الذوق", "المشهد", "السياق", "المشرف", "الممثل", "القنصل", "الحاكم", "التوجه",
    "الاستفتاء", "الاكتتاب", "الطلب", "التيار", "الخط", "المبدا", "الهدف", "الانطباع", "الجو", "المناخ", "الامانه",
}

# Words before اليوم that make "X اليوم" a name or an idafa ("the X of the day"),
# not the adverb "today": عين اليوم, أخبار اليوم, روسيا اليوم, الساحل اليوم.
YAWM_NAME_HEADS = {
    "عين", "راي", "اخبار", "خبر", "صوره", "حديث", "سؤال", "سوال", "كلمه", "قضيه", "موضوع", "عالم", "شباب", "جيل",
    "نجم", "رجل", "عناوين", "صحف", "صفحه", "برنامج", "حصاد", "ملف", "مقال", "ضيف", "حدث", "بطل", "لقطه",
    "فيديو", "حكمه", "دعاء", "طقس", "روسيا", "مصر", "المصري", "العرب", "الشرق", "الساحل", "السودان", "لبنان",
    "فلسطين", "الجزائر", "تونس", "الخليج", "اليمن", "سوريا", "العراق", "الاردن", "المغرب", "ليبيا", "الكويت",
    "عمان", "قطر", "البحرين", "الامارات", "السعوديه", "الوطن", "الشعب", "الاقتصاد", "الرياضه", "مال", "اقتصاد",
    "تحيه", "فتوي", "سعر", "اسعار", "مواقيت", "مباريات", "مواعيد", "برامج", "ابراج", "حظ", "اخر", "نشره",
    "نهايه", "طوال", "ذلك", "هذا", "مدار", "كل", "مثل", "منتصف", "ساعات", "شمس",
}
# Words right after اليوم that make it "the day" rather than "today".
YAWM_NOT_TODAY_AFTER = {
    "الوطني", "العالمي", "الدولي", "الاول", "الثاني", "الثالث", "الرابع", "الخامس", "الاخير", "التالي", "السابق",
    "الذي", "نفسه", "ذاته", "الموعود", "المشهود", "المفتوح", "الختامي", "الافتتاحي", "الدراسي", "الكامل",
    "العربي", "الاسلامي", "العالميه", "الاخر", "الاولي", "المشؤوم", "المنشود", "الموالي", "اللاحق",
}
# Name-like contexts: a title in quotes or after these words is not a date.
TITLE_WORDS = {"صحيفه", "جريده", "موقع", "قناه", "برنامج", "مجله", "وكاله", "شبكه", "تلفزيون", "اذاعه", "منصه"}

# Cues for tense (normalised words).  Future: سوف, and planning verbs/phrases.
FUTURE_CUES = (
    "سوف", "يستعد", "تستعد", "يعتزم", "تعتزم", "المقرر", "المتوقع", "مرتقب", "المرتقب", "المقبل", "المقبله",
    "القادم", "القادمه", "ينتظر", "يرتقب", "يعقد", "تعقد", "تنطلق", "ينطلق", "تبدا", "يبدا", "تنظم", "ينظم",
    "لن", "المنتظر", "يتوقع", "تتوقع",
)
PAST_CUES = (
    "الماضي", "الماضيه", "المنصرم", "الفائت", "امس", "قال", "قالت", "اعلن", "اعلنت", "اكد", "اكدت", "افاد",
    "افادت", "ذكر", "ذكرت", "اضاف", "اضافت", "كشف", "كشفت", "شهد", "شهدت", "وقع", "وقعت", "جري", "جرت", "عقد",
    "عقدت", "التقي", "زار", "زارت", "اجري", "اجرت", "توفي", "قتل", "اصيب", "نظم", "نظمت", "انطلق", "انطلقت",
    "اختتم", "اختتمت", "بدا", "بدات", "كان", "كانت", "قد", "لقد", "تم", "صدر", "صدرت", "اسفر", "اسفرت", "اعتقل",
    "اعتقلت", "وصل", "وصلت", "غادر", "غادرت", "اطلق", "اطلقت",
)
# س + imperfect verb = future (سيزور، ستعقد), except these nouns/names starting the same way.
_SIN_NOUNS = ("سيار", "سياس", "سيد", "سيط", "سينا", "سيف", "سير", "سيول", "ستين", "ستار", "ستوديو", "سنوي", "سنين",
              "سنغاف", "سينم", "سيمف", "ستراتيج", "سيريا", "سنوات", "سيبير", "سيك", "سيم", "سيناريو", "سيول", "سنتيم",
              "ستوكهولم", "سيلف", "سناب", "سيئ", "سيي", "سيا", "ستالين", "سنجار", "سيراليون", "سنتين", "سنه", "سنتر")
_FUTURE_VERB = re.compile(r"^[وف]?س[يتن][\u0621-\u064a]{2,}$")


def is_future_verb(word: str) -> bool:
    """True for س-prefixed imperfect verbs (سيزور، وستعقد), a strong future cue."""
    if not _FUTURE_VERB.match(word) or word.endswith("ه") or word.endswith("ات"):
        return False
    core = word[1:] if word[0] in "وف" else word
    return not core.startswith(_SIN_NOUNS)


def alternation(words) -> str:
    """Regex alternation of normalised words, longest first, spaces matching any whitespace."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


def month_number(word: str) -> int | None:
    """Month number of a normalised (possibly two-word) month name."""
    return MONTHS.get(" ".join(word.split()))


def hijri_month_number(word: str) -> int | None:
    return HIJRI_MONTHS.get(" ".join(word.split()))


def number_value(word: str) -> int | None:
    """Integer of digits or a number word (normalised)."""
    w = " ".join(word.split())
    if w.isdigit():
        return int(w)
    return NUMBER_WORDS.get(w)


def _add_normalised_forms() -> None:
    """Every list above is matched against normalised text: a word written here with hamza
    seats or other unfolded letters (الفائت، اوائل) also gets its normalised form (الفايت)."""
    from rasd.text.arabic import normalize

    for name, value in list(globals().items()):
        if not name.isupper() or not isinstance(value, (dict, set, tuple)):
            continue
        if isinstance(value, dict):
            for k, v in list(value.items()):
                if isinstance(k, str):
                    value.setdefault(" ".join(normalize(k).split()), v)
        else:
            extra = [" ".join(normalize(w).split()) for w in value if isinstance(w, str)]
            new = [w for w in extra if w not in value]
            if new:
                globals()[name] = value | set(new) if isinstance(value, set) else value + tuple(new)


_add_normalised_forms()
