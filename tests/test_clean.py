"""rasd.clean: furniture removed with its reason, body text kept."""

from __future__ import annotations

import pytest
from conftest import BODY, OTHER_BODY, OTHER_TITLE, P1, P2, P3, P4, Q1, Q2, Q3, TITLE, article_text, run_ingest, write

from rasd.clean import clean, finish
from rasd.clean.cascade import SITE_MIN_DOCS


def run(text, title=TITLE, **kw):
    body, removed = finish(clean(text, title, **kw))
    return body, [(r.text, r.reason) for r in removed]


def body_lines(body):
    return body.split("\n")


def assert_body_kept(body, paras=BODY):
    lines = body_lines(body)
    for p in paras:
        assert p in lines, f"body paragraph lost: {p[:40]}…"


FURNITURE = [
    ("[ad_1]", "ad_marker"),
    ("[ad_2] [ad_3]", "ad_marker"),
    ("إعلان", "ad_marker"),
    ("النهار الجديد | رئيس التحرير: سليم حداد", "masthead"),
    ("المصدر: وكالة أنباء المدينة", "source_label"),
    ("1,245 مشاهدة", "view_counter"),
    ("عدد الزيارات: 530", "view_counter"),
    ("اقرأ أيضا: ارتفاع أسعار الخضار في الأسواق الشعبية", "read_also"),
    ("شاهد أيضا: جولة مصورة في المحطة الجديدة", "read_also"),
    ("أضف تعليقك", "comment_prompt"),
    ("اترك تعليقا", "comment_prompt"),
    ("شارك الخبر: فيسبوك تويتر واتساب", "share_bar"),
    ("طباعة | إرسال لصديق | حفظ", "share_bar"),
    ("Subscribe to our newsletter for daily updates", "latin_widget"),
    ("يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح. موافق", "cookie_notice"),
    ("الوسوم: النقل، البلدية، الحافلات", "tags"),
    ("#النقل #البلدية #الحافلات", "tags"),
    ("كتبت: ليلى منصور", "byline"),
    ("الرئيسية » محليات » النقل", "breadcrumb"),
    ("© 2024 جميع الحقوق محفوظة لصحيفة المدينة", "copyright"),
    ("الأحد 3 مارس 2024 - 10:15 ص", "timestamp"),
    ("نشر في: ٢٠٢٤/٠٣/٠٣ الساعة ١٠:١٥", "timestamp"),
]


@pytest.mark.parametrize("where", ["top", "bottom"])
@pytest.mark.parametrize("line, reason", FURNITURE)
def test_furniture_line_removed(line, reason, where):
    top, bottom = ([line], []) if where == "top" else ([], [line])
    body, removed = run(article_text(None, BODY, top=top, bottom=bottom))
    assert (line, reason) in removed
    assert line not in body
    assert body_lines(body) == BODY  # nothing else touched


def test_trailing_source_line():
    body, removed = run(article_text(None, BODY, bottom=["المصدر: وكالة أنباء المدينة", "[ad_2]"]))
    assert ("المصدر: وكالة أنباء المدينة", "source_label") in removed
    assert body_lines(body) == BODY


def test_inline_ad_marker_cut_out_of_line():
    line = "[ad_1] " + P2
    body, removed = run(article_text(None, [P1, line, P3]))
    assert body_lines(body) == [P1, P2, P3]
    assert ("[ad_1]", "ad_marker") in removed


def test_full_page_of_furniture():
    top = ["النهار الجديد | رئيس التحرير: سليم حداد", "الرئيسية » محليات » النقل", "[ad_1]",
           "الأحد 3 مارس 2024 - 10:15 ص", "1,245 مشاهدة", "كتبت: ليلى منصور"]
    bottom = ["اقرأ أيضا: ارتفاع أسعار الخضار في الأسواق الشعبية", "المصدر: وكالة أنباء المدينة",
              "الوسوم: النقل، البلدية، الحافلات", "شارك الخبر: فيسبوك تويتر واتساب", "[ad_2]", "أضف تعليقك",
              "Subscribe to our newsletter for daily updates",
              "يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح. موافق",
              "© 2024 جميع الحقوق محفوظة لصحيفة المدينة"]
    body, removed = run(article_text(None, BODY, top=top, bottom=bottom))
    assert body_lines(body) == BODY
    assert [t for t, _ in removed] == top + bottom
    assert all(r for _, r in removed)


# --- title ----------------------------------------------------------------------------

def test_title_repeated_exactly_in_body():
    body, removed = run(article_text(None, BODY, top=[TITLE]))
    assert (TITLE, "title_repeat") in removed
    assert body_lines(body) == BODY


def test_title_repeat_with_spelling_variants():
    variant = "البلديه تعلن خطه لتوسيع شبكة النقل العام"  # ه for ة
    body, removed = run(article_text(None, BODY, top=[variant]))
    assert (variant, "title_repeat") in removed
    assert body_lines(body) == BODY


def test_title_glued_to_first_paragraph_with_space():
    body, removed = run(article_text(None, [TITLE + " " + P1, P2, P3]))
    assert body_lines(body) == [P1, P2, P3]
    assert (TITLE, "title_repeat") in removed


def test_title_glued_to_first_paragraph_without_space():
    body, removed = run(article_text(None, [TITLE + P1, P2, P3]))
    assert body_lines(body) == [P1, P2, P3]
    assert (TITLE, "title_repeat") in removed


def test_title_detected_from_short_first_line():
    c = clean(article_text(TITLE, BODY), None, detect_title=True)
    assert c.title == TITLE and c.title_detected
    body, removed = finish(c)
    assert body_lines(body) == BODY
    assert TITLE not in [t for t, _ in removed]  # the title is not reported as furniture


def test_long_first_sentence_is_not_a_title():
    c = clean(article_text(None, BODY), None, detect_title=True)
    assert c.title is None and not c.title_detected
    body, _ = finish(c)
    assert body_lines(body) == BODY


def test_short_first_sentence_with_full_stop_is_not_a_title():
    first = "أمطرت السماء بغزارة طوال الليل."
    c = clean(article_text(None, [first, *BODY]), None, detect_title=True)
    assert c.title is None
    body, _ = finish(c)
    assert body_lines(body)[0] == first


# --- repetition -----------------------------------------------------------------------

def test_caption_printed_twice():
    caption = "صورة من موقع المشروع في الحي الشرقي"
    body, removed = run(article_text(None, [P1, caption, P2, caption, P3]))
    assert body_lines(body) == [P1, P2, P3]
    assert (caption, "caption") in removed
    assert (caption, "repeated_line") in removed


def test_repeated_body_paragraph_kept_once():
    body, removed = run(article_text(None, [P1, P2, P3, P2]))
    assert body_lines(body) == [P1, P2, P3]
    assert (P2, "repeated_line") in removed


def _site_articles():
    shared = "تابعوا آخر الأخبار على مدار الساعة"  # a site slogan every page of this source carries
    arts = [
        article_text(None, [P1, P2], bottom=[shared]),
        article_text(None, [Q1, Q2], bottom=[shared]),
        article_text(None, [P3, P4, Q3], bottom=[shared]),
    ]
    return shared, arts


def test_site_repeat_with_site_counts():
    shared, arts = _site_articles()
    cleaned = [clean(t, None) for t in arts]
    # the slogan survives the per-article cascade: only site statistics reveal it
    assert all(any(ln.text == shared and ln.reason is None for ln in c.lines) for c in cleaned)
    counts: dict[str, int] = {}
    for c in cleaned:
        for k in c.site_keys():
            counts[k] = counts.get(k, 0) + 1
    bodies = [finish(c, counts) for c in cleaned]
    for (body, removed), paras in zip(bodies, ([P1, P2], [Q1, Q2], [P3, P4, Q3])):
        assert body_lines(body) == paras
        assert (shared, "site_repeat") in [(r.text, r.reason) for r in removed]


def test_site_repeat_needs_enough_articles():
    shared, arts = _site_articles()
    cleaned = [clean(t, None) for t in arts[: SITE_MIN_DOCS - 1]]
    counts: dict[str, int] = {}
    for c in cleaned:
        for k in c.site_keys():
            counts[k] = counts.get(k, 0) + 1
    body, _removed = finish(cleaned[0], counts)
    assert shared in body_lines(body)


def test_site_repeat_through_pipeline(tmp_path, store):
    shared, arts = _site_articles()
    folder = tmp_path / "in" / "madina"
    for i, t in enumerate(arts):
        write(folder / f"{i}.txt", t)
    rep = run_ingest([folder], store)
    assert rep.counts["ingested"] == 3 and not rep.failures
    for a in store.iter_articles():
        assert shared not in a.text
        assert ("site_repeat" in [r.reason for r in a.removed if r.text == shared])


def test_site_repeat_never_empties_an_article():
    shared_a = "تابعوا آخر الأخبار على مدار الساعة"
    arts = [article_text(None, [shared_a]) for _ in range(3)]
    cleaned = [clean(t, None) for t in arts]
    counts = {k: 3 for c in cleaned for k in c.site_keys()}
    body, _ = finish(cleaned[0], counts)
    assert body == shared_a


# --- body text is kept ------------------------------------------------------------------

def test_paragraph_mentioning_twitter_kept():
    tw = ("وكتب رئيس البلدية على حسابه في تويتر أن المشروع سيغير وجه المدينة خلال السنوات الخمس المقبلة، "
          "داعيا السكان إلى التحلي بالصبر خلال فترة الأعمال.")
    body, removed = run(article_text(None, [P1, tw, P2]))
    assert body_lines(body) == [P1, tw, P2]
    assert removed == []


def test_paragraphs_starting_with_wataba_kept():
    long_ = "وتابع المسؤول أن الحافلات الجديدة ستعمل بالكهرباء، وأن محطات الشحن ستقام في ثلاثة مواقع قرب الأسواق."
    short = "وتابع: «سنواصل العمل حتى النهاية»."
    body, removed = run(article_text(None, [P1, long_, short, P2]))
    assert body_lines(body) == [P1, long_, short, P2]
    assert removed == []


def test_subheading_between_paragraphs_kept():
    sub = "مراحل التنفيذ"
    body, removed = run(article_text(None, [P1, P2, sub, P3, P4]))
    assert body_lines(body) == [P1, P2, sub, P3, P4]
    assert removed == []


def test_sentences_with_dates_kept():
    d1 = "وكانت البلدية قد أعلنت في 12 مارس 2023 عن دراسة أولية للمشروع."
    d2 = "في يوم الأحد 3 مارس بدأت الأعمال."
    body, removed = run(article_text(None, [P1, d1, P2, d2, P3]))
    assert body_lines(body) == [P1, d1, P2, d2, P3]
    assert removed == []


def test_quoted_latin_name_in_arabic_sentence_kept():
    s = "وقالت شركة Green Mobility المنفذة للمشروع إنها ستسلم أول دفعة من الحافلات في الربيع."
    body, _removed = run(article_text(None, [P1, s, P2]))
    assert body_lines(body) == [P1, s, P2]


def test_english_article_not_treated_as_latin_widget():
    en = ["The city council announced a broad plan to expand public transport across the eastern districts.",
          "The mayor said the project would ease congestion at peak hours and would be funded by a loan."]
    body, removed = run(article_text(None, en), title=None)
    assert body_lines(body) == en
    assert removed == []


def test_removed_lines_are_verbatim():
    top = ["كتبت: ليلى منصور"]
    text = article_text(None, OTHER_BODY, top=top)
    _, removed = run(text, title=OTHER_TITLE)
    for t, _ in removed:
        assert t in text
