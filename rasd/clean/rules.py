"""Line classifiers for site furniture, one reason each.

Each rule looks at one line (its raw text, its normalised word key, its
length and position) and says whether it is furniture.  Rules are written
against the *shape* of furniture (short, no sentence punctuation, mostly
digits or Latin, a vocabulary of interface words) rather than any site's
strings, so that they carry over to sites we have never seen.  Patterns are
written in plain Arabic and normalised with the same function as the text,
so hamza/ta marbuta spelling variants match without listing them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rasd.text.arabic import arabic_ratio, normalize


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(normalize(pattern, collapse_spaces=False))


@dataclass(slots=True)
class LineInfo:
    raw: str        # the line as in the input (stripped)
    norm: str       # normalize(raw)
    key: str        # words of norm joined by single spaces (punctuation-free)
    n_words: int
    index: int
    edge: bool      # before the first or after the last body-like line
    site_key: str = ""  # key for cross-article repetition (numbers masked)


SENTENCE_END = re.compile(r"[.!?؟…۔:]['\"”»)]*\s*$")

AD_MARKER = re.compile(r"^\s*(\[\s*/?[A-Za-z_]+[ _-]?\d*[^\]]{0,40}\]\s*)+$")
INLINE_SHORTCODE = re.compile(r"\[\s*/?(?:ad|ads|advert|adsense|caption|banner|sponsor)[_ -]?\d*[^\]]{0,60}\]", re.IGNORECASE)
AD_WORDS = _rx(r"^(-\s*)?(اعلان|إعلان|مساحة اعلانية|إعلانات|advertisement|sponsored|محتوى مدفوع|محتوى ممول)(\s*-)?$")
URL_ONLY = re.compile(r"^(\s*(https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+)\s*)+$", re.IGNORECASE)
VIEWS = _rx(
    r"(^|\s)\d[\d,.]*\s*(مشاهدة|مشاهدات|قراءة|قراءات|زيارة|زيارات|views?|reads?)(\s|$)"
    r"|(عدد )?(المشاهدات|القراءات|الزيارات|مرات القراءة|عدد القراء)\s*[:\-]?\s*\d"
)
READ_ALSO = _rx(
    r"^(اقرأ|إقرأ|اقرا|طالع|شاهد|اطلع|انظر|تابع|اضغط|للمزيد)\s*(أيضا|ايضا|أيضًا|كذلك|المزيد|هنا|:)"
    r"|^(ذات صلة|مواضيع ذات صلة|أخبار ذات صلة|اخبار متعلقة|أخبار متعلقة|مقالات ذات صلة|قد يهمك|قد يعجبك|اقرأ المزيد|المزيد من الأخبار|روابط ذات صلة|الأكثر قراءة|الأكثر مشاهدة|شاهد أيضا|أخبار مقترحة)"
)
COMMENT = _rx(
    r"(اترك|أترك|أضف|اضف|شاركنا|اكتب|أكتب)\s*(تعليق|تعليقا|تعليقاً|تعليقك|رأيك|رايك)"
    r"|^(التعليقات|تعليقات|لا توجد تعليقات|كن أول من يعلق|عدد التعليقات|أضف تعليقك|شارك برأيك|إرسال التعليق|comments?|leave a (comment|reply))"
)
SOCIAL = _rx(
    r"فيسبوك|فيس بوك|فيسبوك|تويتر|تويتير|واتساب|واتس اب|واتس آب|تيليجرام|تلجرام|تليجرام|تلغرام|انستغرام|إنستغرام|انستجرام|انستقرام"
    r"|يوتيوب|يوتيوب|لينكد ان|لينكدإن|سناب شات|تيك توك|facebook|twitter|whatsapp|telegram|instagram|youtube|linkedin|tiktok|snapchat|pinterest"
)
TOOLS = _rx(r"^(طباعة|إرسال لصديق|ارسل لصديق|أرسل لصديق|حفظ|تكبير الخط|تصغير الخط|حجم الخط|نسخ الرابط|مشاركة|print|email|save)$")
SHARE_START = _rx(r"^(شارك|مشاركة|انشر|تابعونا|تابعنا|تابعوا|شارك الخبر|شارك المقال|share|follow us|اشترك|اشتركوا|حمل تطبيق|نزل تطبيق)")
COOKIE = _rx(r"ملفات تعريف الارتباط|الكوكيز|ملفات الكوكيز|سياسة الخصوصية|cookies?|privacy policy")
COPYRIGHT = _rx(r"©|\(c\)|جميع الحقوق محفوظة|حقوق النشر|حقوق الطبع|كافة الحقوق محفوظة|all rights reserved|copyright")
TAGS = _rx(r"^(الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية|الكلمات الدلالية|tags|هاشتاج|هاشتاغ|التصنيفات|تصنيفات|التصنيف|الأقسام)\s*[:\-]")
HASHTAG = re.compile(r"#\w+")
BYLINE = _rx(r"^(كتب|كتبت|بقلم|تحرير|إعداد|اعداد|بواسطة|المحرر|متابعة|ترجمة|تصوير|مراسلنا|مراسل|تقرير|حوار|by)\s*[:\-]")
BYLINE_SHORT = _rx(r"^(بقلم|بواسطة|كتب|كتبت)\s")
MASTHEAD = _rx(r"رئيس التحرير|رئيس مجلس الإدارة|مدير التحرير|رئيس تحرير|المدير العام|المدير المسؤول|صحيفة إلكترونية|جريدة إلكترونية|موقع إخباري")
BREADCRUMB_SEP = re.compile(r"\s[»›>]\s|\s/\s")
SOURCE_LABEL = _rx(r"^(ال)?(مصدر|المصادر|source)\s*[:\-]?\s*")
DATE_WORDS = _rx(
    r"(?<!\w)(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
    r"|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين"
    r"|محرم|صفر|ربيع|جمادى|رجب|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة|القعدة|الحجة|الأول|الثاني|الآخر|الأولى|الآخرة"
    r"|السبت|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة"
    r"|صباحا|صباحاً|مساء|مساءً|ظهرا|الساعة|ساعة|ساعات|دقيقة|دقائق|ثانية|منذ|يوم|أيام|أسبوع|شهر|سنة|عام"
    r"|آخر تحديث|تاريخ النشر|التاريخ|تاريخ|نشر في|نشر بتاريخ|بتاريخ|تحديث|الموافق|نشر|هـ|م|ص|gmt|utc|am|pm)(?!\w)"
)
DIGITS = re.compile(r"\d")
_MONTHS = (r"يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر"
           r"|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني|كانون الأول"
           r"|محرم|صفر|ربيع الأول|ربيع الآخر|ربيع الثاني|جمادى الأولى|جمادى الآخرة|رجب|شعبان|رمضان|شوال|ذو القعدة|ذو الحجة")
FULL_DATE = _rx(r"\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}\s*(من\s*)?(" + _MONTHS + r")\s*\d{4}")


def is_body_like(info: LineInfo) -> bool:
    """A line that reads as article prose: long enough, or a full sentence."""
    return info.n_words >= 20 or (info.n_words >= 10 and bool(SENTENCE_END.search(info.raw)))


def classify(info: LineInfo, doc_arabic: bool) -> str | None:
    """The furniture reason for one line, or None to keep it.  First match wins."""
    raw, norm, n = info.raw, info.norm, info.n_words
    if n > 40:
        return None  # no furniture rule applies to a line this long; most body lines stop here
    if AD_MARKER.match(raw) or (n <= 4 and AD_WORDS.match(norm)):
        return "ad_marker"
    if URL_ONLY.match(raw):
        return "url"
    if n <= 14 and VIEWS.search(norm) and not SENTENCE_END.search(raw):
        return "view_counter"
    if n <= 30 and READ_ALSO.match(norm):
        return "read_also"
    if n <= 10 and COMMENT.search(norm):
        return "comment_prompt"
    social = len(SOCIAL.findall(norm))
    if n <= 14 and (social >= 2 or (SHARE_START.match(norm) and (social >= 1 or n <= 4))):
        return "share_bar"
    if n <= 12 and sum(bool(TOOLS.match(p.strip())) for p in re.split(r"[|/•·]", norm)) >= 2:
        return "share_bar"
    if n <= 40 and COOKIE.search(norm) and (not is_body_like(info) or info.edge):
        return "cookie_notice"
    if n <= 25 and COPYRIGHT.search(norm):
        return "copyright"
    if n <= 40 and TAGS.match(norm):
        return "tags"
    hashtags = len(HASHTAG.findall(raw))
    if hashtags >= 2 and hashtags >= 0.5 * n:
        return "tags"
    if (n <= 8 and BYLINE.match(norm)) or (n <= 4 and BYLINE_SHORT.match(norm) and info.edge):
        return "byline"
    if n <= 25 and MASTHEAD.search(norm) and not SENTENCE_END.search(raw) and (info.edge or info.index < 3) \
            and re.search(r"[:|\-–—]", raw):
        return "masthead"
    if n <= 15 and raw.count("|") >= 2 and info.edge:
        return "masthead"
    if n <= 12 and not SENTENCE_END.search(raw) and _only_dates(norm):
        return "timestamp"
    if info.edge and n <= 10 and not SENTENCE_END.search(raw) and FULL_DATE.search(norm):
        return "dateline"  # "Daily bulletin - Friday 28 March 2025" above the body
    parts = BREADCRUMB_SEP.split(raw)
    if len(parts) >= 3 and n <= 15 and all(len(p.split()) <= 4 and not DIGITS.search(p) for p in parts):
        return "breadcrumb"
    if n <= 6 and SOURCE_LABEL.match(norm) and not SENTENCE_END.search(raw.rstrip(":")):
        return "source_label"
    if doc_arabic and n <= 25 and re.search(r"[A-Za-z]{2}", raw) and arabic_ratio(raw) < 0.3:
        return "latin_widget"
    return None


def _only_dates(norm: str) -> bool:
    if not DIGITS.search(norm):
        return False
    if not DATE_WORDS.search(re.sub(r"(\d)(?=[^\W\d])", r"\1 ", norm)) and not re.search(r"\d{1,4}\s*[/\-.:]\s*\d{1,2}", norm):
        return False
    rest = DATE_WORDS.sub(" ", re.sub(r"(\d)(?=[^\W\d])", r"\1 ", norm))
    rest = re.sub(r"[\d\s/:.,\-|()\[\]]+", " ", rest)
    return len(rest.split()) == 0
