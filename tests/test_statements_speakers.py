"""Speaker noun phrases and attribution constructions, on short invented fixtures
(written for these tests; no third-party text): long role phrases, role + name,
name + role, kinship roles, role and organisation anaphors, statements (بيان)
and their issuers, reports through a medium, and content forms."""

from __future__ import annotations

from rasd.statements import extract_statements
from rasd.statements.evaluate import gnorm


def stmts(text):
    out = extract_statements(text, None)
    for s in out:
        assert text[s["start"]:s["end"]] == s["text"]
        if s["speaker_start"] is not None:
            assert 0 <= s["speaker_start"] < s["speaker_end"] <= len(text)
    return out


def find(out, phrase):
    hits = [s for s in out if s["kind"] in ("direct", "indirect") and gnorm(phrase) in gnorm(s["text"])]
    assert hits, f"no statement containing {phrase!r}: {[(s['kind'], s['speaker'], s['text']) for s in out]}"
    return hits[0]


# --- long role phrases ------------------------------------------------------------------

def test_long_role_with_prepositional_genitives_then_title_and_name():
    t = ("وأوضح المدير التنفيذي للجمعية الخيرية لرعاية الأيتام في المنطقة الشرقية الدكتور ماجد سالم الحربي "
         "أن الجمعية وزعت ألف سلة غذائية.")
    s = find(stmts(t), "الجمعية وزعت ألف سلة")
    assert s["speaker"] == "ماجد سالم الحربي"
    assert s["speaker_role"].startswith("المدير التنفيذي")


def test_role_with_conjoined_noun_then_name():
    t = "وقال رئيس لجنة التراخيص وشؤون الأندية في الاتحاد الوطني للسباحة فيصل العمري إن اللجنة ستعلن القائمة غدا."
    s = find(stmts(t), "اللجنة ستعلن القائمة")
    assert s["speaker"] == "فيصل العمري"


def test_role_only_speaker_keeps_its_indefinite_genitive():
    t = "وقال رئيس اتحاد الجزيرة لكرة السلة إن البطولة ستقام في موعدها المحدد."
    s = find(stmts(t), "البطولة ستقام في موعدها")
    assert s["speaker"] == "رئيس اتحاد الجزيرة لكرة السلة"


def test_name_role_then_addressee_is_not_the_speaker():
    t = "وأبلغ سمير نادر رئيس نقابة المعلمين رويترز أن الإضراب سينتهي الأسبوع المقبل."
    s = find(stmts(t), "الإضراب سينتهي")
    assert s["speaker"] == "سمير نادر"


def test_name_then_role_noun_naqib():
    t = "وقال هشام الدباغ نقيب المحامين: «سنواصل الدفاع عن استقلال القضاء بكل الوسائل»."
    s = find(stmts(t), "سنواصل الدفاع عن استقلال")
    assert s["speaker"] == "هشام الدباغ"
    assert s["speaker_role"] == "نقيب المحامين"


def test_kinship_roles_before_a_name():
    t = ("وأوضح شقيقه الأصغر خالد أن العائلة لم تتلق أي اتصال منذ أسبوعين.\n"
         "وقال والد الطالب حسن المطيري: «ننتظر نتائج التحقيق بفارغ الصبر منذ شهر».")
    out = stmts(t)
    assert find(out, "العائلة لم تتلق أي اتصال")["speaker"] == "خالد"
    assert find(out, "ننتظر نتائج التحقيق")["speaker"] == "حسن المطيري"


def test_surname_followed_by_an_object_noun():
    t = ("قال مدير الفرع سعد الشهري إن العمل يسير وفق الخطة.\n"
         "وأكد الشهري حرص الإدارة على تطوير الخدمات في جميع الفروع.")
    s = find(stmts(t), "حرص الإدارة على تطوير")
    assert s["speaker"] == "سعد الشهري"


def test_time_word_ghadat_ends_the_subject():
    t = "وقال الوزير سامي عطية غداة لقائه نظيره التركي إن المحادثات كانت مثمرة جدا."
    s = find(stmts(t), "المحادثات كانت مثمرة")
    assert s["speaker"] == "سامي عطية"


# --- anaphors ------------------------------------------------------------------------------

def test_role_anaphor_to_a_name_introduced_outside_speech():
    t = ("وكان في استقبال الوفد مدير مطار الوادي فهد السبيعي وعدد من المسؤولين.\n"
         "وأوضح مدير مطار الوادي أن المطار سيستقبل رحلات جديدة الشهر المقبل.")
    s = find(stmts(t), "المطار سيستقبل رحلات جديدة")
    assert s["speaker"] == "فهد السبيعي"


def test_shorter_role_anaphor_to_an_earlier_role_and_name():
    t = ("وقال مدير عام فرع وزارة الزراعة بالمنطقة الجنوبية ناصر القرني إن الموسم كان جيدا.\n"
         "وأكد مدير فرع وزارة الزراعة أن الفرق الميدانية ستواصل عملها.")
    s = find(stmts(t), "الفرق الميدانية ستواصل")
    assert s["speaker"] == "ناصر القرني"


def test_amma_subject_fa_verb():
    t = ("قال المواطن علي حسن إن الحفر كثيرة في الحي.\n"
         "أما المواطن سالم الغامدي فأوضح أن الطريق يحتاج إلى صيانة عاجلة.")
    out = stmts(t)
    assert find(out, "الطريق يحتاج إلى صيانة")["speaker"] == "سالم الغامدي"
    assert find(out, "الحفر كثيرة في الحي")["speaker"] == "علي حسن"


def test_organisation_anaphor_to_an_earlier_mention_in_the_text():
    t = ("نشرت مجلة العلوم الحديثة تقريرا عن الطاقة الشمسية.\n"
         "وقالت المجلة إن الألواح الجديدة أرخص بنسبة الثلث.")
    s = find(stmts(t), "الألواح الجديدة أرخص")
    assert s["speaker"] == "مجلة العلوم الحديثة"


# --- statements (بيان) and media ---------------------------------------------------------------

def test_statement_of_an_organisation_with_li_genitive_and_continuation():
    t = ("وقال بيان لقيادة القوات المشتركة اليوم: إن الطائرات استهدفت مخازن للأسلحة قرب الحدود.\n"
         "وأضاف البيان أن العمليات ستستمر حتى تحقيق أهدافها.")
    out = stmts(t)
    assert find(out, "الطائرات استهدفت مخازن")["speaker"] == "قيادة القوات المشتركة"
    assert find(out, "العمليات ستستمر حتى")["speaker"] == "قيادة القوات المشتركة"


def test_statement_issued_by_then_wa_akkada_al_bayan():
    t = ("وأوضح بيان صادر عن مكتب الإعلام العسكري أن الدوريات اعتقلت ثلاثة مهربين.\n"
         "وأكد البيان أن الحدود آمنة بالكامل.")
    out = stmts(t)
    assert find(out, "الدوريات اعتقلت ثلاثة")["speaker"] == "مكتب الإعلام العسكري"
    assert find(out, "الحدود آمنة بالكامل")["speaker"] == "مكتب الإعلام العسكري"


def test_statement_relayed_by_a_medium():
    t = "وأوضح بيان للهيئة العامة للأرصاد نقلته وكالة الأنباء الرسمية أن \"الأمطار ستستمر حتى نهاية الأسبوع\"."
    s = find(stmts(t), "الأمطار ستستمر حتى نهاية")
    assert s["speaker"] == "الهيئة العامة للأرصاد"


def test_dash_apposition_is_not_part_of_the_speaker():
    t = "قالت الإذاعة الوطنية - القناة الأولى - مساء أمس إن الحكومة ستعلن الميزانية الأسبوع المقبل."
    s = find(stmts(t), "الحكومة ستعلن الميزانية")
    assert s["speaker"] == "الإذاعة الوطنية"


def test_parenthetical_acronym_is_not_part_of_the_speaker():
    t = "ذكرت الهيئة الوطنية للإحصاء (هوا) اليوم أن معدل البطالة انخفض إلى ستة في المئة."
    s = find(stmts(t), "معدل البطالة انخفض")
    assert s["speaker"] == "الهيئة الوطنية للإحصاء"


def test_according_to_then_a_verb():
    t = "وبحسب الإذاعة الوطنية قررت الحكومة تأجيل الانتخابات البلدية."
    s = find(stmts(t), "قررت الحكومة تأجيل")
    assert s["speaker"] == "الإذاعة الوطنية"


def test_according_to_a_new_toll_of_an_organisation():
    t = "وقتل أكثر من مئة شخص في الفيضانات بحسب حصيلة جديدة للهيئة الوطنية للطوارئ."
    s = find(stmts(t), "أكثر من مئة شخص")
    assert s["speaker"] == "الهيئة الوطنية للطوارئ"


def test_organisation_followed_by_appositive_title():
    t = "أعلن نادي الساحل الرياضي بطل الدوري، أنه تعاقد مع مدرب جديد لموسمين."
    s = find(stmts(t), "تعاقد مع مدرب جديد")
    assert s["speaker"] == "نادي الساحل الرياضي"


def test_noun_content_after_a_setting_phrase_and_org_anaphor():
    t = ("أعلنت هيئة الغذاء والدواء نتائج حملتها الأخيرة.\n"
         "وأكدت الهيئة في بيان، أمس، مواصلة حملاتها الرقابية على المصانع.\n"
         "كما أعلنت الهيئة إغلاق خمسة مصانع مخالفة.")
    out = stmts(t)
    assert find(out, "مواصلة حملاتها الرقابية")["speaker"] == "هيئة الغذاء والدواء"
    assert find(out, "إغلاق خمسة مصانع")["speaker"] == "هيئة الغذاء والدواء"


def test_nested_speech_inner_speaker_with_imperfect_verb():
    t = "وذكرت وكالة الأنباء الرسمية أن الحكومة تشدد على أن الاتفاق لا يمس السيادة الوطنية."
    s = find(stmts(t), "الاتفاق لا يمس السيادة")
    assert s["speaker"] == "الحكومة"


def test_condemnation_verb_gives_the_participle_its_speaker():
    t = "استنكرت دولة الكويت الهجوم على السفارة، معتبرة أن الاعتداء انتهاك صارخ للأعراف الدولية."
    s = find(stmts(t), "الاعتداء انتهاك صارخ")
    assert s["speaker"] == "دولة الكويت"


def test_bil_qawl():
    t = "واكتفت وزارة الخارجية بالقول إن الوزيرين بحثا العلاقات الثنائية."
    s = find(stmts(t), "الوزيرين بحثا العلاقات")
    assert s["speaker"] == "وزارة الخارجية"


def test_feminine_organisation_subject_with_place_modifier():
    t = "قالت المعارضة المسلحة في الجنوب إنها سيطرت على ثلاث بلدات جديدة."
    s = find(stmts(t), "سيطرت على ثلاث بلدات")
    assert s["speaker"] in ("المعارضة المسلحة", "المعارضة المسلحة في الجنوب")


# --- entities from the tagger ---------------------------------------------------------------

def _ent(text, phrase, typ):
    i = text.index(phrase)
    return {"text": phrase, "start": i, "end": i + len(phrase), "type": typ}


def test_tagger_person_inside_an_organisation_name_is_not_the_speaker():
    t = "وقالت إدارة مطار الملك خالد الدولي إن الرحلات عادت إلى طبيعتها بعد العاصفة."
    out = extract_statements(t, [_ent(t, "خالد الدولي", "PER")])
    s = find(out, "الرحلات عادت إلى طبيعتها")
    assert s["speaker"] == "إدارة مطار الملك خالد الدولي"


def test_tagger_place_keeps_a_state_as_subject_of_a_feminine_verb():
    t = ("قال المتحدث باسم الحكومة ليلى سامي إن الاجتماع انتهى.\n"
         "وقالت الصين مرارا إنها تدافع عن الحوار بين الأطراف.")
    out = extract_statements(t, [_ent(t, "الصين", "LOC"), _ent(t, "ليلى سامي", "PER")])
    assert find(out, "تدافع عن الحوار")["speaker"] == "الصين"


def test_tagger_span_completes_a_name_the_rules_cut():
    t = "وقال الناطق باسم الوزارة وانغ ون بين إن المحادثات ستستأنف الأسبوع المقبل."
    out = extract_statements(t, [_ent(t, "وانغ ون بين", "PER")])
    assert find(out, "المحادثات ستستأنف")["speaker"] == "وانغ ون بين"


# --- more placements ---------------------------------------------------------------------------

def test_relayed_by_a_medium_with_a_complementizer():
    t = "ونقلت صحيفة المساء المحلية عن وزير الخارجية كمال رشيد أن المفاوضات ستنتهي قريبا."
    s = find(stmts(t), "المفاوضات ستنتهي قريبا")
    assert s["speaker"] == "كمال رشيد"


def test_relayed_by_a_medium_with_a_quote():
    t = "ونقلت إذاعة الشرق عن وزير الطاقة منير حداد: «الأسعار ستبقى مستقرة حتى نهاية العام»."
    s = find(stmts(t), "الأسعار ستبقى مستقرة")
    assert s["speaker"] == "منير حداد"


def test_setting_phrase_between_verb_and_subject():
    t = "وقال، في مؤتمر صحفي عقده مساء أمس، وزير الاقتصاد رامي الخوري إن النمو سيتحسن العام المقبل."
    s = find(stmts(t), "النمو سيتحسن العام المقبل")
    assert s["speaker"] == "رامي الخوري"


def test_long_subject_before_the_verb():
    t = "رئيس لجنة الزراعة في مجلس الشورى سلمان العتيبي أكد أن الدعم سيستمر للمزارعين."
    s = find(stmts(t), "الدعم سيستمر للمزارعين")
    assert s["speaker"] == "سلمان العتيبي"


def test_honorific_pronoun_refers_to_a_titled_person_who_did_not_speak_before():
    t = ("قال المتحدث باسم الشرطة إن التحقيق مستمر.\n"
         "وزار صاحب السمو الأمير نايف بن سعود موقع الحادث ظهر أمس.\n"
         "وأكد سموه أن الجناة سينالون جزاءهم العادل.")
    s = find(stmts(t), "الجناة سينالون جزاءهم")
    assert s["speaker"] == "نايف بن سعود"


def test_nationality_adjective_before_a_name_is_not_the_speaker():
    t = "من جانبه، قال القطري ناصر الخالدي رئيس النادي: «نحن فخورون بهذه الصفقة الكبيرة»."
    s = find(stmts(t), "نحن فخورون بهذه الصفقة")
    assert s["speaker"] == "ناصر الخالدي"


def test_family_name_ending_in_i_is_not_a_nationality():
    t = ("قال مدير الفرع ماجد الحربي إن الخطة تسير كما هو مقرر.\n"
         "وأكد الحربي حرص الفرع على خدمة المراجعين.")
    s = find(stmts(t), "حرص الفرع على خدمة")
    assert s["speaker"] == "ماجد الحربي"


def test_time_adjective_inside_a_role_and_a_parenthesis_before_the_name():
    t = "وأعلن مدرب الفريق بطل الدوري في الموسم الماضي (الدوري والكأس) ماركو سيلفا أنه لن يغادر النادي."
    s = find(stmts(t), "لن يغادر النادي")
    assert s["speaker"] == "ماركو سيلفا"


def test_company_name_then_place_then_the_person():
    t = "وقال المدير العام لشركة النخبة تريد في الكويت سامر يوسف العلي: «نجاحنا قائم على فهم السوق المحلية»."
    s = find(stmts(t), "نجاحنا قائم على فهم")
    assert s["speaker"] == "سامر يوسف العلي"


def test_compound_abd_name_with_family_name():
    t = ("وأوضح مدير الجمعية الدكتور سامي عبد الله الفهد أن البرنامج نجح.\n"
         "وأكد الفهد حرص الجمعية على توفير الدعم للأسر.")
    out = stmts(t)
    assert find(out, "البرنامج نجح")["speaker"] == "سامي عبد الله الفهد"
    assert find(out, "حرص الجمعية على توفير")["speaker"] == "سامي عبد الله الفهد"


def test_organisation_name_that_is_not_a_common_noun_keeps_its_second_word():
    t = "أعلنت النخبة تريد عن افتتاح فرعها الجديد في جدة الأسبوع المقبل."
    s = find(stmts(t), "افتتاح فرعها الجديد")
    assert s["speaker"] == "النخبة تريد"


def test_participle_content_after_a_long_setting_aside():
    t = ("وقال الشاعر سالم الرفاعي إن القصيدة ولدت في ليلة واحدة.\n"
         "مؤكدا في لقاء أجراه معه الإعلامي فهد النمر في برنامج \"ليالي الشعر\"، بأن الشعر باق في حياة الناس.")
    out = stmts(t)
    s = find(out, "الشعر باق في حياة")
    assert s["speaker"] == "سالم الرفاعي"
    assert not any(x["kind"] != "term" and x["text"] == "ليالي الشعر" for x in out)


def test_circumstance_after_the_name_is_not_a_second_name():
    t = "شدد وزير الصحة الدكتور أيمن الراشد في تعميم مرسل للمستشفيات، على الالتزام بمواعيد العمل."
    s = find(stmts(t), "الالتزام بمواعيد العمل")
    assert s["speaker"] == "أيمن الراشد"


def test_place_glued_to_bi_before_the_name():
    t = "أكد عضو المجلس البلدي بحائل عبدالعزيز الزامل، أن المجالس تحتاج إلى صلاحيات أوسع."
    s = find(stmts(t), "المجالس تحتاج إلى صلاحيات")
    assert s["speaker"] == "عبدالعزيز الزامل"


def test_wa_bayna_between_is_not_the_verb_explained():
    t = ("قال رئيس المجلس سعد الماجد إن الشراكة ما بينها وبين البلديات قوية جدا.\n"
         "وأضاف: الوزارة تدعم المجالس في كل المناطق.")
    out = stmts(t)
    assert find(out, "الوزارة تدعم المجالس")["speaker"] == "سعد الماجد"


def test_subjunctive_and_possessive_noun_are_not_speakers():
    t = ("وقال الوزير خالد النمر إن المواطن يريد أن يرى مشاريع ملموسة على الأرض.\n"
         "وأضاف أن الخطوة التي لا يتوقع اتخاذها قريبا ستعيد الثقة.\n"
         "وتابع: الميزانية تكفي لكل المشاريع.")
    out = stmts(t)
    assert find(out, "الميزانية تكفي لكل")["speaker"] == "خالد النمر"
    assert all(s["speaker"] == "خالد النمر" for s in out if s["kind"] != "term")


def test_time_word_after_an_organisation_name_ends_it():
    t = "وقالت منظمة هيومن رايتس ووتش الخميس إن السلطات اعتقلت عشرات الناشطين."
    s = find(stmts(t), "السلطات اعتقلت عشرات")
    assert s["speaker"] == "منظمة هيومن رايتس ووتش"


def test_acronym_in_parentheses_is_not_where_the_content_starts():
    t = "وقال بنك (إيه إن زد) في مذكرة إن النمو سيتباطأ هذا العام."
    s = find(stmts(t), "النمو سيتباطأ")
    assert s["text"].startswith("إن النمو") and "زد" not in s["text"]
    assert gnorm(s["speaker"]) == gnorm("بنك (إيه إن زد)")


def test_addressed_group_is_the_object_not_part_of_the_speaker():
    t = "ودعت مديرية الدفاع المدني بمنطقة جازان المواطنين والمقيمين إلى الابتعاد عن مجاري السيول."
    s = find(stmts(t), "الابتعاد عن مجاري السيول")
    assert s["speaker"] == "مديرية الدفاع المدني بمنطقة جازان"


def test_adverb_ends_a_name():
    t = "وانتقد الرئيس رجب طيب أردوغان بقوة قرار المحكمة، مؤكدا أن القضاء يتجاوز صلاحياته."
    s = find(stmts(t), "القضاء يتجاوز صلاحياته")
    assert s["speaker"] == "رجب طيب أردوغان"


def test_pronoun_is_not_a_speaker():
    t = "قال المدرب سامي العلي إن الفريق جاهز.\nأنا قلت إن الفوز ممكن في كل مباراة."
    out = stmts(t)
    assert all(s["speaker"] != "أنا" for s in out)


def test_according_to_a_non_source_is_not_a_statement():
    t = "ولا يحق قتل النفس وفقا لأهواء فئة ضالة استباحت دماء المسلمين بغير حق."
    out = stmts(t)
    assert not [s for s in out if s["kind"] != "term"]


def test_according_to_a_short_proper_name_is_kept():
    t = "وارتفعت أسعار النفط بنسبة ثلاثة في المئة أمس بحسب رويترز."
    s = find(stmts(t), "ارتفعت أسعار النفط")
    assert s["speaker"] == "رويترز"


def test_prepositional_phrase_after_a_verb_is_not_its_subject():
    t = "وقال المحرر فهد الزيد إن الفقيد كان محبوبا.\nوالصحيفة تدعو للفقيد بالرحمة ولذويه بالصبر والسلوان."
    out = stmts(t)
    assert all(not (s["speaker"] or "").startswith("للفقيد") for s in out)


def test_reported_clause_keeps_its_complementizer():
    t = "وقالت الحكومة إنها لا تزود أي طرف بالأسلحة."
    s = find(stmts(t), "إنها لا تزود أي طرف")
    assert s["kind"] == "indirect" and s["speaker"] == "الحكومة"


def test_ja_fi_al_bayan_belongs_to_the_issuer():
    t = ("وأصدرت وزارة النقل بيانا عن الحادث.\n"
         "وجاء في البيان: «إن فرق الصيانة باشرت العمل فور وقوع الحادث».\n"
         "وتضمن البيان أن الطريق سيفتح خلال يومين.")
    out = stmts(t)
    assert find(out, "فرق الصيانة باشرت العمل")["speaker"] == "وزارة النقل"
    assert find(out, "الطريق سيفتح خلال يومين")["speaker"] == "وزارة النقل"


def test_tadamman_with_a_non_document_subject_is_not_speech():
    t = "وتضمن المهرجان أن يقدم عروضا للأطفال في كل مساء."
    assert not [s for s in stmts(t) if s["kind"] != "term"]


def test_nasab_ila_qawlih():
    t = "ونسبت وكالة الأنباء إلى وزير الدفاع كريم سالم قوله إن القوات ستنسحب من المنطقة."
    s = find(stmts(t), "القوات ستنسحب من المنطقة")
    assert s["speaker"] == "كريم سالم"


def test_narrated_and_tweeted():
    t = ("وروت الناشطة سلمى يوسف لصحيفة محلية: «عشنا أياما صعبة في المخيم».\n"
         "وكتب الوزير ماهر الجاسم في تغريدة: «الحكومة ماضية في الإصلاح».")
    out = stmts(t)
    assert find(out, "عشنا أياما صعبة")["speaker"] == "سلمى يوسف"
    assert find(out, "الحكومة ماضية في الإصلاح")["speaker"] == "ماهر الجاسم"


def test_colon_closing_a_paragraph_introduces_the_next_one():
    t = "وقال رئيس البلدية نادر الحسن:\n«سنبدأ تنفيذ المشروع مطلع الشهر المقبل في جميع الأحياء».\nوانتهى الاجتماع مساء."
    s = find(stmts(t), "سنبدأ تنفيذ المشروع")
    assert s["speaker"] == "نادر الحسن" and s["kind"] == "direct"
    assert "انتهى الاجتماع" not in s["text"]


def test_haythu_is_not_a_subject():
    t = "وتحدثت الصحيفة عن النادي وألقابه، حيث قالت إنه فاز بالدوري مرتين."
    out = stmts(t)
    assert all(s["speaker"] != "حيث" for s in out)


def test_title_then_family_name_alone_and_title_then_ali():
    t = ("وأشار الدكتور الربيعي إلى أن القبول سيبدأ الأسبوع المقبل.\n"
         "وصرح المقدم علي الشمري بأن الفرق باشرت الحريق فورا.")
    out = stmts(t)
    assert find(out, "القبول سيبدأ الأسبوع")["speaker"] == "الربيعي"
    assert find(out, "الفرق باشرت الحريق")["speaker"] == "علي الشمري"


def test_source_word_ends_the_subject():
    t = "وتقول شرطة المدينة بحسب صحيفة محلية إنها تحقق في الحادث منذ أمس."
    s = find(stmts(t), "تحقق في الحادث")
    assert s["speaker"] == "شرطة المدينة"


def test_supervisor_over_a_domain_then_the_name():
    t = "وأوضحت المشرفة على مدارس النور الأهلية سميرة خالد أن الفضل يعود إلى المعلمات."
    s = find(stmts(t), "الفضل يعود إلى المعلمات")
    assert s["speaker"] == "سميرة خالد"


def test_preposition_with_pronoun_after_the_verb_is_not_the_subject():
    t = ("تلقى الأمير خالد الفهد اتصالا من ملك البلاد الشقيقة أعرب خلاله عن إدانته للهجوم.\n"
         "وقال المتحدث سالم العمر إن التحقيق مستمر.")
    out = stmts(t)
    assert all(s["speaker"] != "خلاله" for s in out)


def test_noun_content_is_not_a_prepositional_phrase():
    t = "أعلن نادي الشروق المنتمي لدوري الدرجة الأولى أنه ضم مدافعا جديدا."
    s = find(stmts(t), "ضم مدافعا جديدا")
    assert not s["text"].startswith("لدوري")


def test_compound_given_names_with_allah_and_aldin():
    t = ("وأكد المتحدث باسم الحركة ذبيح الله مجاهد أن الهجوم نفذ ليلا.\n"
         "وأشار أستاذ التربية الدكتور نجم الدين الأحمد إلى ضرورة تطوير المناهج.")
    out = stmts(t)
    assert find(out, "الهجوم نفذ ليلا")["speaker"] == "ذبيح الله مجاهد"
    assert find(out, "ضرورة تطوير المناهج")["speaker"] == "نجم الدين الأحمد"


def test_tatweel_dash_aside_after_an_anonymous_source():
    t = "وأوضح المصدر ــ فضل عدم ذكر اسمه ــ أن الإجراءات لا تستغرق أكثر من يوم."
    s = find(stmts(t), "الإجراءات لا تستغرق")
    assert "اسمه" not in (s["speaker"] or "")


def test_addressee_after_an_organisation():
    t = "وقال الجيش لصحفيين يرافقون الوزير إن الضربة استهدفت قائدا بارزا."
    s = find(stmts(t), "الضربة استهدفت قائدا")
    assert s["speaker"] == "الجيش"


def test_condemning_subject_is_the_speaker_of_the_next_wa_qala():
    t = ("قال المتحدث سامي نور إن الوضع هادئ.\n"
         "ودان الأمين العام للمنظمة كمال رضا أمس الهجوم، وقال إن الاستيطان يشعل العنف.")
    s = find(stmts(t), "الاستيطان يشعل العنف")
    assert s["speaker"] == "كمال رضا"


def test_according_to_a_definite_common_phrase_is_not_a_source():
    t = "ويتم اختيار المتقدمين على النظام وفق المعايير المحددة."
    assert not [s for s in stmts(t) if s["kind"] != "term"]


def test_subject_between_complementizer_and_verb_speaks_the_inner_clause():
    t = "وأوضح بيان صادر عن مكتب الإعلام العسكري أن المذكرة طالبت لجنة المراقبين بإجراء تحقيق حول الهجوم."
    out = stmts(t)
    s = find(out, "بإجراء تحقيق حول الهجوم")
    assert s["speaker"] == "مكتب الإعلام العسكري"
    assert not any(x["text"] == "أن المذكرة" for x in out)


def test_bil_qawl_after_a_clause_opener():
    t = "في حين اكتفت وكالة الأنباء الرسمية بالقول إن الوزيرين بحثا التعاون الثنائي."
    s = find(stmts(t), "الوزيرين بحثا التعاون")
    assert s["speaker"] == "وكالة الأنباء الرسمية"


def test_role_anaphor_to_a_name_in_a_list_with_wa():
    t = ("وكان في الاستقبال وكيل الإمارة سعد البادي، ومدير مطار الوادي فهد السبيعي، وعدد من المسؤولين.\n"
         "وأوضح مدير مطار الوادي أن المطار جاهز لاستقبال الرحلات.")
    s = find(stmts(t), "المطار جاهز لاستقبال")
    assert s["speaker"] == "فهد السبيعي"


def test_ali_and_family_name_before_a_colon():
    t = "وقال والد الطالب علي الرشيدي: «نشكر كل من وقف معنا في هذه المحنة»."
    s = find(stmts(t), "نشكر كل من وقف")
    assert s["speaker"] == "علي الرشيدي"


def test_branch_of_a_ministry_is_an_organisation():
    t = "وحذر فرع وزارة الزراعة بمنطقة الجوف جميع المزارعين من استخدام المبيدات المحظورة."
    s = find(stmts(t), "استخدام المبيدات المحظورة")
    assert s["speaker"] == "فرع وزارة الزراعة بمنطقة الجوف"


def test_tagged_person_inside_a_facility_name_is_not_the_speaker():
    t = ("وقال مدير مطار الملك فهد الدولي يوسف العلي إن الازدحام انتهى.\n"
         "وقال مدير مطار الملك فهد الدولي إن الرحلات عادت بشكل طبيعي.")
    i = t.rindex("فهد الدولي")
    out = extract_statements(t, [{"text": "فهد الدولي", "start": i, "end": i + len("فهد الدولي"), "type": "PER"}])
    assert find(out, "الرحلات عادت بشكل طبيعي")["speaker"] == "يوسف العلي"


def test_club_named_al_shabab_and_object_after_a_name_and_doctor_title():
    t = ("أعلن رئيس نادي الشباب المكلف عبدالله القريني ترشحه لرئاسة مجلس الإدارة.\n"
         "ولفت الناطق بدر عبدالعاطي الانتباه إلى أن البيان صدر أمس.\n"
         "وأوضح الناطق العقيد دكتور عاطي بن عطية القرشي أن الشرطة قبضت على المتهمين.")
    out = stmts(t)
    assert find(out, "ترشحه لرئاسة مجلس")["speaker"] == "عبدالله القريني"
    assert find(out, "البيان صدر أمس")["speaker"] == "بدر عبدالعاطي"
    assert find(out, "الشرطة قبضت على")["speaker"] == "عاطي بن عطية القرشي"


def test_tagger_person_decides_the_name_inside_a_role_phrase():
    t = "وقال الرئيس التونسي الباجي قائد السبسي في مقابلة إن الحكومة باقية."
    i = t.index("الباجي قائد السبسي")
    out = extract_statements(t, [{"text": "الباجي قائد السبسي", "start": i, "end": i + len("الباجي قائد السبسي"),
                                  "type": "PER"}])
    assert find(out, "الحكومة باقية")["speaker"] == "الباجي قائد السبسي"
