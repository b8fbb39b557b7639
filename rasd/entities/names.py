"""What a name is made of, what role a text gives it, and when two mentions may be one entity.

Arabic personal names are structured: a given name, a nasab chain (بن/بنت X
بن Y), a family name (الفيصل، آل ثاني), a kunya (أبو مازن), behind titles
and honorifics that are not part of the name (خادم الحرمين الشريفين، صاحب
السمو الملكي، الأمير، الشيخ، الدكتور، اللواء).  Two people who share a given
name or a family name are different unless the rest agrees: محمد بن سلمان ≠
محمد بن نايف, وانغ يي ≠ وانغ وينبين.

Foreign names are compared on their transliteration key (``resolve.token_key``)
and, token by token, with an edit distance (rapidfuzz) for the spellings the
key does not fold.  Context decides the rest: the roles a text gives a name
(وزير الخارجية الصيني) and the entities it appears with.  A wrong merge is
worse than a missed one, so a weak name match (a bare surname, a name with a
glued clitic) needs context that agrees, and context that disagrees (two
different nationalities or offices) vetoes even an exact match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from rasd.text.arabic import normalize

from .resolve import ARABIC_NAMES, name_tokens, token_key, tokens_key

# Role heads: the word that starts a role phrase before (or after) a name.
ROLE_HEADS = frozenset(normalize(w) for w in """
الرئيس رئيس الرئيسة رئيسة وزير الوزير وزيرة الوزيرة نائب النائب النائبة المتحدث المتحدثة متحدث متحدثة
الناطق الناطقة ناطق مندوب المندوب مندوبة المندوبة سفير السفير السفيرة الأمين أمين المدير مدير المديرة مديرة
القائد قائد الزعيم زعيم الملك ملك الملكة العاهل الأمير أمير ولي المرشد المستشار مستشار المستشارة مستشارة
المبعوث مبعوث المبعوثة الموفد المفوض مفوض المفوضة المنسق منسق الحاكم حاكم المحافظ محافظ عضو العضو
المدرب مدرب اللاعب لاعب اللاعبة النجم نجم المهاجم الحارس المدافع الكاتب الكاتبة الشاعر الباحث الباحثة
القاضي المحامي المدعي السناتور السيناتور النائب العام قاضي رئيسة الممثل الممثلة المغني المغنية الفنان الفنانة
الصحفي الصحفية المراسل المراسلة مراسل السلطان البابا الإمام المطران البطريرك الكاردينال مؤسس المؤسس
الجنرال اللواء العميد العقيد المقدم الرائد النقيب الفريق المشير الأدميرال قائد
""".split())
# Words that may follow a role head inside the role phrase without starting with ال/لل.
_ROLE_INNER = frozenset(normalize(w) for w in """
باسم عام مجلس وزارة هيئة منظمة شركة جامعة حزب حركة وكالة لجنة اتحاد جمعية محكمة مؤسسة صندوق حلف الأمم
شؤون الشؤون دولة حكومة جمهورية منطقة مدينة إمارة ولاية نادي فريق منتخب قوات جيش كتائب مكتب
""".split())
# Honorifics: not a role, not the name.
_HONORIFICS = frozenset(normalize(w) for w in """
الشيخ الشيخة السيد السيدة الدكتور الدكتورة د المهندس المهندسة الأستاذ الأستاذة الحاج الحاجة سمو سموه صاحب
السمو الملكي فخامة معالي سعادة خادم الحرمين الشريفين الراحل الراحلة الشهيد
""".split())
# Words that say when, not what: a former minister is still the same person.
_TIME = frozenset(normalize(w) for w in """
السابق السابقة الأسبق الأسبقة الراحل الراحلة المخلوع الحالي الحالية الجديد الجديدة المنتخب المنتخبة المكلف
المؤقت سابق سابقة أسبق راحل حالي جديد منذ عام حتى في من عن إلى على و ب ل مع الذي التي هو هي نفسه
""".split())
_GENERIC_NISBA = frozenset(normalize(w) for w in """
العام الدولي الدولية الوطني الوطنية الأعلى الرسمي الرسمية الإعلامي الإعلامية الأمني الأمنية الشعبي الشعبية
القومي القومية الاقتصادي الخارجي العسكري العسكرية السياسي السياسية الحكومي الحكومية الملكي الملكية الثاني
الثانية الأول الأولى الثالث الاتحادي الاتحادية التنفيذي التنفيذية الرئاسي الرئاسية الإسلامي الإسلامية العربي
العربية النيابي الأممي الأممية الفني الفنية الرياضي الإداري
""".split())
_SOLE_OFFICES = frozenset({"ملك", "سلطان", "بابا", "مرشد"})
_SYNONYMS = {"عاهل": "ملك", "ناطق": "متحدث", "ناطقه": "متحدث", "متحدثه": "متحدث", "رييسه": "رييس", "وزيره": "وزير"}
_PUNCT = re.compile(r"[.!?؟:؛;\n\"«»“”()\[\]]")


def _content(tok: str) -> str:
    """A role word stripped of the article and clitics, so الخارجية / خارجية / للخارجية meet."""
    t = tok
    for p in ("وال", "بال", "لل", "ال"):
        if t.startswith(p) and len(t) - len(p) >= 3:
            t = t[len(p):]
            break
    return t.removesuffix("ه") if len(t) > 3 else t


def _nisbas() -> frozenset[str]:
    """Adjectives of origin (صيني، روسي، سعودي، أمريكي) from place names: CLDR territory names shipped
    with the tagger's word lists, and a few written here for regions and spellings CLDR lacks."""
    import os

    places = set(normalize("""أمريكا أميركا العرب أوروبا أوربا الخليج أفريقيا إفريقيا آسيا الغرب إسرائيل فلسطين
        سورية سوريا السعودية الإمارات عمان اليمن قطر الكويت البحرين مصر لبنان العراق الأردن ليبيا تونس
        الجزائر المغرب السودان تركيا روسيا الصين القوقاز البلقان اليابان كوريا الهند باكستان أفغانستان فرنسا بريطانيا ألمانيا
        إيطاليا إسبانيا أوكرانيا إيران موريتانيا الصومال""").split())
    path = os.path.join(os.path.dirname(__file__), "data", "places.txt")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            places.update(normalize(x.strip()) for x in f if x.strip() and not x.startswith("#") and " " not in x.strip())
    out = set()
    for p in places:
        p = p.removeprefix("ال")
        out.add(p + "ي")
        if p.endswith(("يا", "يه")):
            out.add(p[:-1])          # روسيا → روسي، سوريه → سوري
        elif p.endswith(("ا", "ه")):
            out.add(p[:-1] + "ي")    # أمريكا → أمريكي، السعودية → سعودي
    out.update(normalize("اماراتي اسرائيلي اممي عربي غربي امريكي اميركي يمني").split())
    return frozenset(x for x in out if len(x) >= 4)


_NISBAS = _nisbas()


def _is_nisba(tok: str) -> bool:
    # الصيني، الروسية، صيني: an adjective of origin tells two holders of one office apart
    c = _content(tok)
    return tok not in _GENERIC_NISBA and (c in _NISBAS or c.removesuffix("ه") in _NISBAS)


@dataclass
class RoleInfo:
    """What role phrases say, as comparable parts."""

    heads: set[str] = field(default_factory=set)
    nisbas: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    years: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, roles: list[str] | tuple[str, ...] | set[str], name_words: set[str] = frozenset()) -> RoleInfo:
        info = cls()
        for r in roles:
            for tok in normalize(r).replace(",", " ").split():
                if tok.isdigit() and len(tok) == 4:
                    info.years.add(tok)
                    continue
                if not re.search(r"\w", tok) or tok in _TIME or tok in _HONORIFICS or tok in name_words:
                    continue
                c = _SYNONYMS.get(_content(tok), _content(tok))
                if c in name_words:
                    continue
                if tok in ROLE_HEADS:
                    info.heads.add(c)
                elif _is_nisba(tok):
                    info.nisbas.add(c.removesuffix("ه"))
                info.words.add(c)
        return info

    def conflicts(self, other: RoleInfo) -> bool:
        """Two descriptions that cannot be one entity: different nationalities, offices, years or nothing in common."""
        for mine, theirs in ((self.nisbas, other.nisbas), (self.heads, other.heads), (self.years, other.years),
                             (self.words, other.words)):
            if mine and theirs and not mine & theirs:
                return True
        return False

    def agrees(self, other: RoleInfo) -> bool:
        """Evidence for one entity: a shared word beyond the office itself (الروسي، الخارجية), or an office
        few hold at a time (الملك، العاهل، السلطان)."""
        shared = (self.words - self.heads) & (other.words - other.heads) or self.heads & other.heads & _SOLE_OFFICES
        return bool(shared) and not self.conflicts(other)


def find_roles(text: str, start: int, end: int) -> list[str]:
    """Role phrases a text attaches to the mention at [start, end): before it
    (وزير الخارجية الصيني وانغ يي) or as an apposition after it (وانغ يي، وزير الخارجية الصيني،)."""
    out = []
    left = text[max(0, start - 90):start]
    cut = max((m.end() for m in _PUNCT.finditer(left)), default=0)
    cut = max(cut, left.rfind("،") + 1, left.rfind(",") + 1)
    toks = left[cut:].split()
    # the last role head whose following words, up to the name, all belong to a role phrase
    for i in range(len(toks) - 1, max(-1, len(toks) - 9), -1):
        n = _norm(toks[i])
        if n.startswith("و") and n[1:] in ROLE_HEADS:
            n = n[1:]
        # an indefinite head takes any complement (لاعب ليفربول، مدرب الهلال): the idafa is the role
        if n in ROLE_HEADS and (all(_role_word(t) for t in toks[i + 1:])
                                or (not n.startswith("ال") and all(_role_word(t) for t in toks[i + 2:]))):
            j = len(toks)
            while j > i + 1 and _norm(toks[j - 1]) in _HONORIFICS:
                j -= 1  # "وزير الخارجية السعودي الأمير": the honorific is not the role
            out.append(" ".join(toks[i:j]).lstrip("و") if toks[i].startswith("و") and n != _norm(toks[i]) else
                       " ".join(toks[i:j]))
            break
    right = text[end:end + 90]
    m = re.match(r"\s*[،,]\s*", right)
    if m:
        rest = right[m.end():]
        stop = _PUNCT.search(rest)
        comma = min([x for x in (rest.find("،"), rest.find(",")) if x >= 0], default=-1)
        ends = [x for x in ((stop.start() if stop else -1), comma) if x >= 0]
        seg = rest[:min(ends)] if ends else rest
        toks = seg.split()
        if toks and _norm(toks[0]) in ROLE_HEADS and len(toks) <= 8 and all(_role_word(t) for t in toks[1:]):
            out.append(" ".join(toks))
    return out


@lru_cache(maxsize=100_000)
def _norm(tok: str) -> str:
    return normalize(tok)


@lru_cache(maxsize=100_000)
def _role_word(tok: str) -> bool:
    n = normalize(tok)
    return (n.startswith(("ال", "لل", "وال")) or n in _ROLE_INNER or n in ROLE_HEADS or n in _HONORIFICS
            or _is_nisba("ال" + n)) and bool(re.search(r"\w", n))


# --- name structure -------------------------------------------------------------

@dataclass
class PersonName:
    given: str
    chain: list[str]          # nasab links and middle names, in order (بن dropped)
    family: str | None        # الفيصل، آل ثاني (written ال~ثاني)، أبو تريكة
    arabic: bool              # the given name is an Arabic one: every letter counts


_REGNAL = frozenset(normalize(w) for w in """
الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر عشر
""".split())


def parse_person(tokens: list[str]) -> PersonName:
    given = tokens[0]
    rest = tokens[1:]
    while rest and rest[0] in _REGNAL:  # عبدالله الثاني: the number belongs to the given name
        given += " " + rest[0]
        rest = rest[1:]
    family = None
    if rest and not rest[-1].startswith(("بن", "بنت")):
        family = rest[-1]
        rest = rest[:-1]
    chain = [t.removeprefix("بنت") if t.startswith("بنت") else t.removeprefix("بن") if t.startswith("بن") and len(t) > 3
             else t for t in rest]
    arabic = (given in ARABIC_NAMES or given.startswith("عبد") or any("~" in t for t in tokens)
              or any(t.startswith("بن") and len(t) > 3 for t in tokens) or bool(family and family.startswith("ال")))
    return PersonName(given, chain, family, arabic)


def _tok_same(a: str, b: str, arabic: bool) -> bool:
    if a == b:
        return True
    if arabic:
        return False  # حسن/حسين، سلمان/سليمان: Arabic names differ by one long vowel
    return token_key(a) == token_key(b)


def _alt_keys(tok: str, inner: bool) -> set[str]:
    keys = {token_key(tok)}
    if inner:
        # تش is written ش or ج (تشافيز/شافيز، تشاووش/جاويش), ث is ت (تاتشر/ثاتشر); not in a name's
        # first word, where تشانغ and شانغ are two Chinese surnames
        for a, b in (("تش", "ش"), ("تش", "ج"), ("ث", "ت"), ("چ", "ج")):
            if a in tok:
                keys.add(token_key(tok.replace(a, b)))
    return keys


def _tok_close(a: str, b: str, inner: bool = True, fuzzy: bool = True) -> bool:
    """Transliterations the key does not fold: the تش/ث spellings inside a name, and one edit on
    a long key (أدهانوم/أدانوم), never on a short one and never on an Arabic given name."""
    if a == b:
        return True
    if a in ARABIC_NAMES or b in ARABIC_NAMES or "~" in a + b:
        return False
    ka, kb = _alt_keys(a, inner), _alt_keys(b, inner)
    if ka & kb:
        return True
    if not fuzzy or a.startswith("ال") or b.startswith("ال"):
        return False  # مجلس الأمن ≠ مجلس الأمة: Arabic words are not transliterations
    floor = 5 if inner else 6  # جاكسون/جونسون are one edit apart on four letters
    return any(min(len(x), len(y)) >= floor and Levenshtein.distance(x, y) <= 1 for x in ka for y in kb)


def _family_same(a: str, b: str) -> bool:
    # الدبيبة / دبيبة: the article on a family name is optional; its letters are not (بدير ≠ بيدار)
    return a.removeprefix("ال") == b.removeprefix("ال") if "~" not in a + b else a == b


def person_relation(a: list[str], b: list[str]) -> str:
    """How two person names relate: 'exact' (same key), 'variant' (same person if context does not
    object), 'partial' (one is a bare part of the other: needs context), or 'none'."""
    if tokens_key(a) == tokens_key(b):
        return "exact"
    if len(a) == 1 or len(b) == 1:
        bare, full = (a, b) if len(a) == 1 else (b, a)
        if len(full) == 1:
            return "none"
        if bare[0] in ARABIC_NAMES:
            return "none"  # رياض، خالد alone are given names far more often than family names
        kbare = token_key(bare[0])
        fam = full[-1]
        if kbare == token_key(fam) or kbare == token_key(fam.removeprefix("ال")) or kbare == "".join(
                token_key(t) for t in full[-2:]):
            return "partial"
        if "~" in full[0] and bare[0] == full[0]:  # أبو مازن alone is the kunya of a full name
            return "partial"
        return "none"
    pa, pb = parse_person(a), parse_person(b)
    arabic = pa.arabic or pb.arabic
    if not _tok_same(pa.given, pb.given, arabic):
        return "none"
    if arabic:
        if pa.family and pb.family and not _family_same(pa.family, pb.family):
            return "none"
        n = min(len(pa.chain), len(pb.chain))
        if pa.chain[:n] != pb.chain[:n]:
            return "none"  # محمد بن سلمان ≠ محمد بن نايف; عبدالله بن سعد بن خالد ≠ … بن ناصر
        downgrade = False
        for x, y in ((pa, pb), (pb, pa)):
            # فهد بن عبدالله المسعود ≠ فهد بن عبدالله بن جلوي: where one has a family name the other goes on
            # with another link (a royal آل family may follow any chain: محمد بن نايف بن عبدالعزيز آل سعود)
            if x.family and not y.family and len(y.chain) > len(x.chain):
                if "~" not in x.family:
                    return "none"
                downgrade = True  # … آل سعود / … بن مساعد: the same prince only if the context agrees
        shared_family = bool(pa.family and pb.family)
        shared_link = n > 0
        regnal = " " in pa.given and (not pa.chain and not pa.family or not pb.chain and not pb.family)
        if regnal:
            return "variant"  # الملك عبدالله الثاني = عبدالله الثاني بن الحسين
        if not (shared_family or shared_link):
            return "none"  # محمد بن سلمان vs محمد الشمري: nothing beyond the given name agrees
        if (pa.family is None) != (pb.family is None) and not shared_link:
            return "none"
        short = pa if len(a) <= len(b) else pb
        if downgrade or (min(len(a), len(b)) == 2 and short.family is None):
            # خالد بن عبدالله / خالد بن عبدالله العطاوي: a given name and a father's name are shared by many
            # people; joined to a longer name only when the context agrees
            return "partial"
        return "variant"
    # foreign names: same number of words, each the same or one edit apart, the family name close
    if len(a) != len(b):
        return "none"  # لي تشيانغ ≠ لي كه تشيانغ: an extra word is another name
    if all(_tok_close(x, y, inner=i > 0) for i, (x, y) in enumerate(zip(a, b))):
        return "variant"
    return "none"


def other_relation(type_: str, a: list[str], b: list[str]) -> str:
    """Organisations and places: the same key, or a one-edit variant of a long one word at a time."""
    from .resolve import entity_key

    if entity_key(type_, " ".join(a)) == entity_key(type_, " ".join(b)):
        return "exact"
    # one word spelled another way in a name of several (أفريقي/إفريقي), never a one-word place:
    # أيسلندا/أيرلندا، ألبانيا/ألمانيا are one edit apart
    if len(a) == len(b) > 1 and sum(x != y for x, y in zip(a, b)) <= 1 and all(
            _tok_close(x, y, inner=False) or _vowel_free(x) == _vowel_free(y) for x, y in zip(a, b)):
        return "variant"
    if len(a) == len(b) == 1 and len(token_key(a[0])) >= 4 and _tok_close(a[0], b[0], inner=True, fuzzy=False):
        return "variant"
    return "none"


def _vowel_free(tok: str) -> str:
    # الأمريكية/الأميركية inside an organisation's name
    return token_key(tok.removeprefix("ال")) if tok.startswith("ال") and len(tok) > 5 else tok


CLITICS = ("و", "ف", "ب", "ل")  # ك (like) rarely comes before a name: كريد is not ك + ريد


def strip_clitic(tok: str) -> list[str]:
    """وبوتين → بوتين, لماكرون → ماكرون, للصين → الصين: the forms a token may have under its
    proclitics, when enough is left (a name's own first letter may look like one: وانغ، بوتين)."""
    out = []
    if tok.startswith("لل") and len(tok) >= 5:
        out.append("ال" + tok[2:])
    for c in ("وب", "ول", "فب", "فل", *CLITICS):
        if tok.startswith(c) and len(tok) - len(c) >= 4:
            out.append(tok[len(c):])
    return out


def relation(type_: str, a: list[str], b: list[str]) -> str:
    """The name relation, trying a glued clitic off a bare name as a weak ('clitic') match."""
    return _relation(type_, tuple(a), tuple(b))


@lru_cache(maxsize=500_000)
def _relation(type_: str, a: tuple[str, ...], b: tuple[str, ...]) -> str:
    a, b = list(a), list(b)
    if not a or not b:
        return "none"
    if "".join(a).replace("~", "") == "".join(b).replace("~", ""):
        return "exact"  # word splits: خان يونس/خانيونس، نصر الله/نصرالله، أبو ظبي/أبوظبي
    r = person_relation(a, b) if type_ == "PER" else other_relation(type_, a, b)
    if r != "none":
        return r
    for x, y in ((a, b), (b, a)):
        if type_ == "PER" and len(x) > 1:
            continue  # وسام حداد ≠ سام حداد: inside a full name the first letter is the name's own
        for s in strip_clitic(x[0]):
            x2 = [s, *x[1:]]
            r2 = person_relation(x2, y) if type_ == "PER" else other_relation(type_, x2, y)
            if r2 != "none":
                # بالرياض، والعراق: a clitic before the article cannot be the name's own letter
                return "variant" if r2 == "exact" and s.startswith("ال") and len(s) >= 5 else "clitic"
    return "none"


# --- the decision -----------------------------------------------------------

@dataclass
class Profile:
    """What is known about a mention cluster or an entity: its names, roles and company."""

    type: str
    names: list[list[str]]
    roles: list[str] = field(default_factory=list)
    context: set[str] = field(default_factory=set)   # keys of entities seen in the same articles
    crowded: frozenset[str] = frozenset()  # family names many known people share (العتيبي، الشمري): weak evidence
    firm: list[list[str]] | None = None    # names seen more than once: the ones a new name must fit (None: all)
    _roles: RoleInfo | None = field(default=None, repr=False, compare=False)

    def role_info(self) -> RoleInfo:
        if self._roles is None:
            words = {t for n in self.names for t in n} | {_content(t) for n in self.names for t in n}
            self._roles = RoleInfo.of(self.roles, words)
        return self._roles


_BASE = {"exact": 2.0, "variant": 1.5, "partial": 1.0, "clitic": 1.0}


def decide(a: Profile, b: Profile) -> float:
    """How strongly two profiles are one entity (0: keep apart).

    Exact and variant names merge unless the roles disagree; partial and clitic matches
    (a bare surname, وبوتين) merge only when the roles or the company agree."""
    if a.type != b.type:
        return 0.0
    best = "none"
    order = ("exact", "variant", "partial", "clitic")
    for na in a.names:
        for nb in b.names:
            if len(nb) == 1 < len(na):
                continue  # a full name never joins through a bare one the other side holds (صالح would take every صالح)
            r = relation(a.type, na, nb)
            if r == "none" and a.type == "PER" and len(na) > 1 and (b.firm is None or nb in b.firm):
                # a person's full name must fit every full name the entity has: أحمد بن محمد العواد does not
                # join أحمد بن محمد السالم through the أحمد بن محمد they both shorten to (a name seen once may be
                # the tagger's slip, سلمان بن عبدالعزيز حفظه, and does not veto)
                return 0.0
            if r == "variant" and a.type == "PER" and min(len(na), len(nb)) == 2 and na != nb \
                    and token_key(na[-1]) in a.crowded:
                r = "partial"  # محمد العتيبي / محمد سعيد العتيبي: a common family name needs agreeing context
            if r != "none" and (best == "none" or order.index(r) < order.index(best)):
                best = r
        if best == "exact":
            break
    if best == "none":
        return 0.0
    ra, rb = a.role_info(), b.role_info()
    if ra.conflicts(rb):
        return 0.0
    # company: two people or organisations seen with both (places are everyone's company)
    agree = ra.agrees(rb) or len({k for k in a.context & b.context if not k.startswith("LOC:")}) >= 2
    if best in ("partial", "clitic") and not agree:
        return 0.0
    return _BASE[best] + (1.0 if agree else 0.0)


def profile_of(type_: str, mention: str, roles: list[str] | None = None) -> Profile:
    """A profile for one written mention (titles dropped)."""
    return Profile(type_, [name_tokens(mention)], list(roles or []))


def pair_merges(type_a: str, a: str, context_a: str, type_b: str, b: str, context_b: str) -> bool:
    """Whether two mentions in different articles, each with what its article says about it
    (a role or description phrase, possibly empty), would be resolved to one entity."""
    if len(name_tokens(a)) > len(name_tokens(b)):  # the resolver asks about the shorter (a new bare mention)
        type_a, a, context_a, type_b, b, context_b = type_b, b, context_b, type_a, a, context_a
    pa = Profile(type_a, [name_tokens(a)], [context_a] if context_a else [])
    pb = Profile(type_b, [name_tokens(b)], [context_b] if context_b else [])
    if not pa.names[0] or not pb.names[0] or _role_only(a) or _role_only(b):
        return False
    return decide(pa, pb) > 0


def _role_only(mention: str) -> bool:
    """A role phrase with no name in it (وزير الخارجية الصيني) names no one by itself."""
    toks = normalize(mention).split()
    return bool(toks) and toks[0] in ROLE_HEADS and all(_role_word(t) for t in toks[1:])
