"""Word lists the NER features consult, and the one place that loads them.

Three sources, all redistributable with rasd:

* hand-written cue words below (titles and roles that precede a person,
  heads of organisation names, place heads, nasab particles, speech verbs):
  a CRF trained on ~100k tokens has seen too few persons to learn that a new
  name after "الرئيس الفرنسي" is a person, so these carry that knowledge to
  unseen names;
* CLDR territory names (``data/places.txt``, generated from babel at training
  time so that run time needs neither babel nor its exact version);
* token and phrase counts derived from the ANERcorp training data itself
  (``data/tokens.tsv``, ``data/phrases.tsv``; CC BY-SA like the corpus).

The ANERGazet lists are research-only and are deliberately not used here.
Everything is keyed by :func:`rasd.text.arabic.normalize` forms so that
spelling variants (أ/ا, ة/ه, ى/ي) meet.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from rasd.text.arabic import normalize

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")

TYPES = ("PER", "LOC", "ORG", "MISC")


def _norm_set(words: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in words.split())


# Words that introduce a person's name (possibly with a nationality adjective
# or a second role word in between: "الرئيس الفرنسي ..."، "وزير الخارجية ...").
ROLES = _norm_set("""
الرئيس رئيس الرئيسة رئيسة وزير الوزير وزيرة الوزيرة نائب النائب النائبة المتحدث المتحدثة الناطق الناطقة
مندوب المندوب مندوبة سفير السفير السفيرة الأمير أمير الأميرة الشيخ الشيخة الملك الملكة السلطان العاهل
اللواء العميد العقيد الرائد النقيب الفريق المشير الجنرال الأدميرال الدكتور الدكتورة د البروفيسور البروفسور
الأستاذ الأستاذة المهندس المهندسة المستشار المستشارة الأمين الزعيم القائد المرشد الإمام البابا الكاردينال
المطران البطريرك الحاخام السيد السيدة السناتور السيناتور الحاكم المحافظ المبعوث الموفد المدير المديرة مدير
مديرة المدرب اللاعب اللاعبة الكاتب الكاتبة الشاعر الشاعرة الروائي الروائية الفنان الفنانة المطرب المطربة
الممثل الممثلة المخرج المخرجة الصحفي الصحفية الصحافي المراسل المراسلة الباحث الباحثة القاضي القاضية
المحامي المحامية المدعي المفوض المفوضة المنسق المنسقة الأب الراحل الراحلة الشهيد الحاج الحاجة المعارض
الناشط الناشطة المفكر الفيلسوف العالم المؤرخ الموسيقار الملحن المغني المغنية البطل البطلة نجم النجم
قائد زعيم ولي رئيسها رئيسه نظيره نظيرها زوجته زوجها ابنه ابنته شقيقه شقيقته
""")

# Words that may stand between a role and the name ("وزير الخارجية ..."،
# "رئيس الوزراء ..."، "المتحدث باسم الحكومة ..."); nationality adjectives
# (الفرنسي) are recognised by shape in the feature code.
ROLE_LINKS = _norm_set("""
العام الدفاع الخارجية الداخلية المالية العدل الصحة التعليم الاقتصاد النفط الإعلام العهد الوزراء الجمهورية
الحكومة باسم السابق السابقة الجديد الجديدة الحالي الأسبق الأعلى الأول الثاني الأمريكي الأميركي
""")

# Verbs and phrases after which a name often follows ("قال ...", "التقى ...").
SPEECH = _norm_set("""
قال قالت يقول تقول أعلن أعلنت أكد أكدت صرح صرحت أضاف أضافت أوضح أوضحت ذكر ذكرت أشار أشارت دعا دعت طالب
طالبت التقى التقت استقبل استقبلت بحث بحثت هنأ هنأت أبلغ أبلغت اتهم اتهمت انتقد انتقدت كتب كتبت
""")

# Nasab and kunya particles inside Arabic names ("محمد بن سلمان", "أبو مازن", "آل ثاني").
NASAB = _norm_set("بن بنت ابن ابنة أبو أبي أبا أم آل عبد عبد")

def _read_words(name: str) -> frozenset[str]:
    path = os.path.join(DATA_DIR, name)
    if not os.path.exists(path):
        return frozenset()
    with open(path, encoding="utf-8") as f:
        return frozenset(normalize(w) for line in f if not line.startswith("#") for w in line.split())


# Given names (Arabic ones, also used by name resolution, and foreign ones as
# Arabic news spells them): the first token of most person names that a
# 100k-token corpus has never seen.
GIVEN = _read_words("arabic_given_names.txt") | _read_words("given_names.txt")

# Heads of organisation names.
ORG_HEADS = _norm_set("""
وزارة الوزارة شركة الشركة جامعة الجامعة منظمة المنظمة حزب الحزب وكالة الوكالة مجلس المجلس هيئة الهيئة
اتحاد الاتحاد بنك البنك مصرف المصرف صندوق الصندوق جمعية الجمعية مؤسسة المؤسسة حركة الحركة جبهة الجبهة
لجنة اللجنة محكمة المحكمة نادي النادي فريق الفريق جيش الجيش قوات مركز المركز معهد المعهد صحيفة الصحيفة
جريدة الجريدة مجلة المجلة قناة القناة تلفزيون التلفزيون إذاعة الإذاعة رابطة الرابطة نقابة النقابة كلية
الكلية مستشفى المستشفى برلمان البرلمان الكونغرس الكونجرس الأمم مكتب المكتب دائرة الدائرة مديرية جماعة
الجماعة تنظيم التنظيم ائتلاف الائتلاف تحالف التحالف مجموعة المجموعة سلطة السلطة بورصة البورصة منتدى المنتدى
أكاديمية الأكاديمية مجمع المجمع غرفة الغرفة ديوان الديوان حكومة الحكومة
""")

# Heads and cues of place names.
LOC_HEADS = _norm_set("""
مدينة المدينة عاصمة العاصمة بلدة البلدة قرية القرية منطقة المنطقة ولاية الولاية محافظة المحافظة إقليم
الإقليم جزيرة الجزيرة جزر نهر النهر جبل الجبل جبال بحر البحر خليج الخليج صحراء الصحراء شمال جنوب شرق
غرب شمالي جنوبي شرقي غربي وسط حي الحي شارع الشارع ميناء الميناء مطار المطار سواحل ساحل حدود دولة الدولة
بلاد مخيم المخيم قطاع القطاع ضاحية إمارة الإمارة مقاطعة المقاطعة
""")

# Endings frequent in transliterated foreign person and place names.
FOREIGN_ENDINGS = tuple(sorted({normalize(e) for e in """
وف يف وفا يفا سكي سكا فيتش يتش شتاين ستين بيرغ برغ بورغ بيرج يني ولي انو يو يز تون سون مان لاند ستان
يا ينو يلو ونز رز يه اوي يدس وس يس
""".split()}, key=len, reverse=True))


def clitic_candidates(n: str) -> list[str]:
    """Forms of a normalised token to look up, best first.

    ANERcorp and news text glue و ف ب ل ك and the article to words, so a
    lexicon lookup tries the token as written, then with the proclitics
    removed (keeping the article: بالعراق → العراق, للعراق → العراق), then
    without the article.  Trying the full form first keeps بوش and لندن.
    """
    out = [n]
    if len(n) < 4:
        return out
    w = n
    if w[0] in "وف" and len(w) > 3:
        w = w[1:]
        out.append(w)
    if w.startswith("لل") and len(w) > 4:
        out.append("ال" + w[2:])
        w = "ال" + w[2:]
    elif w[0] in "بلك" and len(w) > 3:
        out.append(w[1:])
        w = w[1:]
    if w.startswith("ال") and len(w) > 4:
        out.append(w[2:])
    return out


@dataclass
class Lexicon:
    """Everything the feature function looks up, so training can swap in
    fold-specific copies (jack-knifed lists) and run time loads the shipped ones."""

    # normalised token -> (counts per "B-PER", "I-PER", ... label, total occurrences)
    tokens: dict[str, tuple[dict[str, int], int]] = field(default_factory=dict)
    # normalised phrase (tuple of tokens) -> (type, count); multi-token train entities
    phrases: dict[tuple[str, ...], tuple[str, int]] = field(default_factory=dict)
    # normalised CLDR place names as token tuples
    places: set[tuple[str, ...]] = field(default_factory=set)
    # word frequency in the training text (entity-blind), for rarity features
    freq: dict[str, int] = field(default_factory=dict)
    max_len: int = 1
    # first tokens of all phrases and places: most tokens start none, and
    # checking that first saves the phrase search
    starts: frozenset[str] = field(default_factory=frozenset, repr=False, compare=False)
    # token -> its features under this lexicon (see features._lex_word);
    # lives here because training builds one lexicon per fold
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        lens = [len(p) for p in self.phrases] + [len(p) for p in self.places] + [1]
        self.max_len = min(max(lens), 6)
        self.starts = frozenset(p[0] for p in self.phrases) | frozenset(p[0] for p in self.places)

    def token_info(self, n: str) -> tuple[dict[str, int], int] | None:
        for c in clitic_candidates(n):
            hit = self.tokens.get(c)
            if hit is not None:
                return hit
        return None

    # --- files -------------------------------------------------------------

    def save(self, directory: str) -> None:
        os.makedirs(directory, exist_ok=True)
        labels = [f"{p}-{t}" for t in TYPES for p in "BI"]
        with open(os.path.join(directory, "tokens.tsv"), "w", encoding="utf-8") as f:
            f.write("# token\ttotal\t" + "\t".join(labels) + "\n")
            f.write("# derived from ANERcorp training data (CC BY-SA 4.0)\n")
            for tok in sorted(self.tokens):
                counts, total = self.tokens[tok]
                f.write(tok + "\t" + str(total) + "\t" + "\t".join(str(counts.get(lab, 0)) for lab in labels) + "\n")
        with open(os.path.join(directory, "phrases.tsv"), "w", encoding="utf-8") as f:
            f.write("# phrase\ttype\tcount -- derived from ANERcorp training data (CC BY-SA 4.0)\n")
            for ph in sorted(self.phrases):
                typ, cnt = self.phrases[ph]
                f.write(" ".join(ph) + "\t" + typ + "\t" + str(cnt) + "\n")
        with open(os.path.join(directory, "freq.tsv"), "w", encoding="utf-8") as f:
            f.write("# word\tcount -- word counts of the ANERcorp training text (CC BY-SA 4.0)\n")
            # all of them: a word seen once must read "seen once" at run time
            # too (fq=1), as it did in training
            for w, c in sorted(self.freq.items()):
                f.write(f"{w}\t{c}\n")

    @classmethod
    def load(cls, directory: str = DATA_DIR) -> Lexicon:
        labels = [f"{p}-{t}" for t in TYPES for p in "BI"]
        tokens: dict[str, tuple[dict[str, int], int]] = {}
        for line in _lines(os.path.join(directory, "tokens.tsv")):
            parts = line.split("\t")
            counts = {lab: int(v) for lab, v in zip(labels, parts[2:]) if v != "0"}
            tokens[parts[0]] = (counts, int(parts[1]))
        phrases: dict[tuple[str, ...], tuple[str, int]] = {}
        for line in _lines(os.path.join(directory, "phrases.tsv")):
            ph, typ, cnt = line.split("\t")
            phrases[tuple(ph.split(" "))] = (typ, int(cnt))
        freq = {}
        for line in _lines(os.path.join(directory, "freq.tsv")):
            w, c = line.split("\t")
            freq[w] = int(c)
        places = load_places(os.path.join(directory, "places.txt"))
        return cls(tokens=tokens, phrases=phrases, places=places, freq=freq)


def _lines(path: str) -> Iterable[str]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line


def load_places(path: str) -> set[tuple[str, ...]]:
    """CLDR place names as normalised token tuples."""
    if not os.path.exists(path):
        return set()
    return {tuple(normalize(line).split()) for line in _lines(path)}

