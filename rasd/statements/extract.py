"""Rule-based extraction of statements (who said what) from an Arabic article.

Pipeline over one article:
1. tokens (rasd.text.arabic.tokenize), sentences, paragraphs, quotes
   (quotes.find_quotes: pairing with repair of broken marks);
2. triggers: speech verbs (perfect, imperfect, with gender), circumstantial
   participles (مشيرا، قائلا ...), reported-through-a-source phrases (بحسب،
   وفقا لـ، حسبما أعلن، نقل ... عن X قوله);
3. for each trigger, left to right: the subject noun phrase (verb-subject order,
   subject-verb order, or dropped), split into role and name; the content
   (quote, complement clause, or text after a colon) up to the clause's end;
4. speaker resolution: bare surnames to full names, definite anaphors (الوزارة،
   البيان، سموه، the same job title) to earlier speakers, dropped subjects to
   the most recent speaker of the verb's gender;
5. quotes left over: placed after their attribution ("…" قال X), continuing
   the previous speaker's quote, or short scare quotes (kind "term").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..text.arabic import normalize, paragraphs, sentences, tokenize
from . import lexicon as L
from .quotes import ALL_MARKS, Quote, find_quotes

_HARD_GAP = re.compile(r"[.!?؟:\n–—]")
_COMMA = re.compile(r"[،,؛;]")
MAX_CHARS = 1000


@dataclass
class Speaker:
    name: str | None
    start: int | None
    end: int | None
    type: str | None
    role: str | None = None
    gender: str | None = None
    explicit: bool = True
    pos: int = 0
    org_head: str | None = None   # first noun of an organisation speaker (for الوزارة -> وزارة ...)
    role_head: str | None = None  # first noun of a role (for الناطق -> ناطق باسم ...)
    doc: bool = False             # this speaker issued a بيان / تقرير in its sentence


@dataclass
class NP:
    a: int                     # first token
    b: int                     # one past the last token
    kind: str                  # name | org | loc | anon | role | pronoun | doc
    name: tuple[int, int] | None = None
    role: tuple[int, int] | None = None
    head: str = ""
    gen: tuple[int, int] | None = None  # the genitive after a document noun (بيان الخارجية)
    issuer: NP | None = None         # تقرير صادر عن X


@dataclass
class Trigger:
    i: int                      # verb token
    kind: str                   # verb | participle | source | quote_source | backref
    lemma: str
    gender: str | None
    intro: str
    np: NP | None = None
    cstart: int | None = None   # content start offset
    quote: Quote | None = None  # the quote that is the content
    colon: bool = False
    explicit: bool = False
    extra: dict = field(default_factory=dict)


def _strip(norm: str) -> str:
    """Drop a proclitic و/ف and a preposition ب/ل/ك with the article."""
    for p in ("وبال", "وال", "فال", "بال", "كال", "لل", "ال"):
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            return norm[len(p):] if p != "لل" else norm[2:]
    return norm


def _nodef(norm: str) -> str:
    if norm.startswith("ال") and len(norm) > 3:
        return norm[2:]
    return norm


class _Extractor:
    def __init__(self, text: str, entities: list[dict]):
        self.text = text
        self.toks = tokenize(text)
        self.starts = [t.start for t in self.toks]
        self.norm = [t.norm for t in self.toks]
        self.sents = sentences(text)
        self.sent_starts = [s.start for s in self.sents]
        self.paras = paragraphs(text)
        self.para_starts = [p.start for p in self.paras]
        self.quotes: list[Quote] = []
        for p in self.paras:
            self.quotes.extend(find_quotes(text, p.start, p.end))
        self.entities = sorted(entities or [], key=lambda e: e["start"])
        self.history: list[Speaker] = []
        self._roles: list[tuple[int, list[str], str, int, int]] | None = None
        self.persons: list[tuple[str, int, int]] = []  # full names seen: (name, start, end)
        self.titled: list[tuple[str, int, int]] = []   # names after an honorific title (الأمير، معالي)
        self.out: list[dict] = []

    # --- small helpers ----------------------------------------------------------
    def gap(self, k: int) -> str:
        if k <= 0:
            return self.text[: self.toks[0].start] if self.toks else ""
        return self.text[self.toks[k - 1].end: self.toks[k].start]

    def tok_at(self, offset: int) -> int:
        return bisect.bisect_left(self.starts, offset)

    def sentence(self, offset: int):
        k = bisect.bisect_right(self.sent_starts, offset) - 1
        return self.sents[max(k, 0)]

    def para(self, offset: int):
        k = bisect.bisect_right(self.para_starts, offset) - 1
        return self.paras[max(k, 0)]

    def raw(self, a: int, b: int) -> str:
        s = self.text[self.toks[a].start: self.toks[b - 1].end]
        return s.strip(" ،,:\"'“”«»")

    def verb_info(self, k: int):
        n = self.norm[k]
        cands = [(n, False)]
        if len(n) > 3 and n[0] in "وف":
            cands.append((n[1:], True))
        for form, conj in cands:
            if form in L.VERBS:
                lemma, g, intro = L.VERBS[form]
                if lemma in ("بين", "ابان") and not conj and not (k > 0 and self.norm[k - 1] == "كما"):
                    continue
                if lemma == "بين" and any(self.norm[i].startswith("بين") for i in range(max(0, k - 8), k)):
                    continue  # "ما بينها وبين الأمانات": the preposition "between", not the verb "explained"
                if form in ("تابع", "تابعت") and not conj:
                    continue
                if form == "روي" and not conj:
                    continue  # the name رؤى, not the verb روى (which news writes وروى)
                return "verb", lemma, g, intro, conj
            if form in L.PARTICIPLES:
                lemma, g, intro = L.PARTICIPLES[form]
                return "participle", lemma, g, intro, conj
        return None

    def is_trigger_token(self, k: int) -> bool:
        return self.verb_info(k) is not None or self.norm[k] in ("قوله", "قولها")

    def quote_opening_at(self, off_from: int, off_to: int) -> Quote | None:
        """A quote whose opening mark lies in text[off_from:off_to]."""
        best = None
        for q in self.quotes:
            if off_from <= q.open < off_to and (best is None or q.open < best.open or
                                               (q.open == best.open and q.close > best.close)):
                best = q
        return best

    def enclosing_quote(self, offset: int) -> Quote | None:
        best = None
        for q in self.quotes:
            if q.start <= offset < q.end and (best is None or q.start > best.start):
                best = q
        return best

    # --- noun phrases -----------------------------------------------------------
    def parse_np(self, k: int, limit: int, strip_first: bool = False) -> NP | None:
        """The subject noun phrase starting at token k (tokens < limit)."""
        if k >= limit:
            return None
        role_seen = org_seen = anon_seen = after_title = False
        expect_gen = False
        comma_used = False
        runs: list[list[int]] = []
        in_run = False
        role_since_run = False
        head = ""
        doc_at = None
        paren: tuple[int, int] | None = None  # (first token inside, first token after) of a skipped (...)
        j = k
        while j < limit and j - k < 18:
            n = self.norm[j]
            if strip_first and j == k and n[:1] in "لبو" and len(n) > 3:
                n = n[1:] if not n.startswith("لل") else "ال" + n[2:]
            g = self.gap(j) if j > k else ""
            if j > k:
                if any(c in ALL_MARKS for c in g):
                    # a quoted name right after a noun that governs it (مبادرة "بلدي")
                    if expect_gen and not runs:
                        q = self.quote_opening_at(self.toks[j - 1].end, self.toks[j].start + 1)
                        if q is not None and q.balanced and q.words(self.text) <= 4:
                            j = self.tok_at(q.close)
                            expect_gen = False
                            continue
                    break
                hard = _HARD_GAP.search(g)
                if hard and not (g.strip() == "." and len(self.norm[j - 1]) == 1):
                    break
                if (g.strip() and set(g.strip()) <= set("-ـ") and " " in g) or set(self.toks[j].text) <= set("-ـ"):
                    break  # "التلفزيون الإسرائيلي - القناة الثانية -": an aside, the name ends here
                if "(" in g:
                    if runs:
                        break
                    close = self.text.find(")", self.toks[j].start)
                    if close == -1:
                        break
                    j0 = j
                    j = self.tok_at(close)
                    paren = (j0, j)
                    expect_gen = False  # the parenthesis closed the name: "بنك (X) في مذكرة"
                    continue
                if _COMMA.search(g):
                    if not runs and role_seen and not comma_used and self.appositive_follows(j, limit):
                        comma_used = True
                    else:
                        break
            if n in L.COMPLEMENTIZERS or n in L.RELATIVES or self.is_trigger_token(j) or n in ("قوله", "قولها") \
                    or n in L.MEDIUM_VERBS or n in ("بالقول", "القول") or n in L.SOURCE_WORDS:
                break
            base = _strip(n)
            nodef = _nodef(n)
            is_def = n.startswith("ال") or n.startswith("لل") or n.startswith("بال") or n.startswith("وال")
            if j == k:
                head = nodef
            if doc_at is not None and j == doc_at + 1 and n in ("صادر", "الصادر", "الصادره", "صادره"):
                if j + 1 < limit and self.norm[j + 1] == "عن":
                    issuer = self.parse_np(j + 2, limit)
                    if issuer is not None:
                        return NP(k, issuer.b, "doc", head=head, issuer=issuer)
            if n in L.HONORIFIC_PRONOUNS and j == k:
                return NP(k, k + 1, "pronoun", head=n)
            if j == k and not strip_first and n[:1] in "لب" and len(n) > 4 and (n.startswith("لل") or n[1:].startswith("ال")):
                return None  # "تدعو للفقيد": a prepositional phrase, not a subject
            if j == k and n in L.NOT_SUBJECT:
                return None  # "أنا سعيدة"، "هناك تقارير": a pronoun or an expletive, not a speaker's phrase
            if j == k and n not in L.ROLE_NOUNS and self.toks[j].text.endswith(("ها", "هم", "هما", "هن")):
                return None  # "لا يتوقع اتخاذها": a noun with a possessive pronoun is an object, not a speaker
            if j == k and is_def and n in self.known_surnames():
                runs.append([j])  # "وأكد السمحان حرص ...": the surname of a person named earlier
                in_run = True
                j += 1
                continue
            if runs and in_run:
                nxt_gap = self.gap(j + 1) if j + 1 < len(self.toks) else "."
                if n.startswith("ال") and nodef in L.ROLE_NOUNS and len(runs[-1]) == 1 and (
                        _HARD_GAP.search(nxt_gap) or _COMMA.search(nxt_gap) or any(c in ALL_MARKS for c in nxt_gap)
                        or j + 1 >= limit or self.norm[j + 1] in L.COMPLEMENTIZERS or self.norm[j + 1] in L.PREPOSITIONS):
                    runs[-1].append(j)  # a family name that is also a noun: سامر الخطيب
                    j += 1
                    continue
                if (n in L.PREPOSITIONS or n in L.TIME_WORDS or nodef in L.ROLE_NOUNS or n in L.ROLE_NOUNS
                        or base in L.ORG_NOUNS or n in L.TITLES or n in ("هو", "هي", "وهو", "وهي")):
                    in_run = False
                    if n in ("في", "ب", "لدي") and role_seen and not self.name_first(k, runs) and j + 1 < limit and \
                            (self.norm[j + 1] in L.TERRITORIES or _nodef(self.norm[j + 1]) in L.TERRITORIES):
                        role_since_run = True  # the run was part of an organisation's name; a name may follow
                        expect_gen = True
                        j += 1
                        continue
                    if n in L.PREPOSITIONS or n in L.TIME_WORDS or n in ("وهو", "وهي"):
                        break
                    role_since_run = True
                    role_seen = True
                    expect_gen = not is_def
                    j += 1
                    continue
                if n in L.NOT_NAME or nodef in L.NOT_NAME:
                    in_run = False
                    role_since_run = False
                    expect_gen = True
                    j += 1
                    continue
                # "عبد الله"، "عبد الرحمن": the article belongs to the compound, not to a family name
                last_family = self.norm[runs[-1][-1]].startswith("ال") and self.norm[runs[-1][-1]] not in ("الله", "الدين") \
                    and not (len(runs[-1]) >= 2 and self.norm[runs[-1][-2]] in ("عبد", "ابو", "بن"))
                if is_def and (len(runs[-1]) >= 4 or last_family):
                    break
                if n in L.OBJECT_NOUNS:
                    break  # "لفت بدر عبدالعاطي الانتباه إلى": the object after the name
                if n[:1] == "ل" and len(n) > 4 and (n.startswith("لل") or _strip(n[1:]) in L.ORG_NOUNS or n[1:] in L.ORG_NOUNS):
                    break  # "روت سلمى يوسف لصحيفة محلية": the addressee, not the name
                last = self.norm[runs[-1][-1]]
                if not is_def and last_family and last != "ال" and n not in L.NAME_PARTICLES:
                    break  # a family name ends the name: "وأكد الشهري حرص الإدارة" (an object follows)
                runs[-1].append(j)
                j += 1
                continue
            if runs:  # a role after the name
                if n in L.PREPOSITIONS:
                    nxt = _strip(self.norm[j + 1]) if j + 1 < limit else ""
                    if n not in ("في", "ب", "ل", "لدي", "باسم") or nxt in L.SETTING_NOUNS or nxt in L.TIME_WORDS:
                        break
                    expect_gen = True
                    j += 1
                    continue
                if n in L.TIME_WORDS:
                    break
                if expect_gen:
                    expect_gen = (nodef in L.ROLE_NOUNS or base in L.ORG_NOUNS) and not is_def
                    j += 1
                    continue
                if nodef in L.ROLE_NOUNS or base in L.ORG_NOUNS:
                    role_since_run = True
                    expect_gen = not is_def
                    j += 1
                    continue
                if is_def or n in ("هذه", "هذا"):
                    j += 1
                    continue
                if role_since_run and not is_def:
                    if self.name_first(k, runs):
                        break  # "سمير نادر رئيس النقابة رويترز": after name and role, a bare word is an addressee
                    runs.append([j])
                    in_run = True
                    role_since_run = False
                    j += 1
                    continue
                break
            # no name yet
            if j > k and ((n in L.OBJECT_NOUNS and not expect_gen) or (n in L.TIME_WORDS and n not in ("يوم", "صباح", "مساء", "ظهر", "فجر", "ليله")
                                                  and (expect_gen or not role_seen))):
                break  # "دعت المديرية المواطنين"، "قالت المنظمة الخميس": an object or a time, not the speaker's name
            if expect_gen:
                if n in L.TITLES or n in ("باسم", "في", "لدي") or n in L.NOT_NAME:
                    j += 1
                    continue
                # "مدير عام فرع الوزارة": عام qualifies the role and the genitive chain goes on
                expect_gen = (nodef in L.ROLE_NOUNS or base in L.ORG_NOUNS or n in ("عام", "فرع")) and not is_def
                j += 1
                continue
            if is_def and j > k and self.is_title(j - 1) and _nodef(n) not in L.ROLE_NOUNS and base not in L.ORG_NOUNS \
                    and n not in L.TITLES and n not in L.TIME_WORDS and _strip(n) not in L.DOC_NOUNS \
                    and n not in L.PLACES and not L.is_nationality(n):
                runs.append([j])  # "الدكتور اليوسف": a title then a family name alone
                in_run = True
                j += 1
                continue
            if n in L.TITLES or (j == k and self.nisba_before_name(j, limit)):
                role_seen = after_title = True
                j += 1
                continue
            if nodef in L.DOC_NOUNS or base in L.DOC_NOUNS:
                if j == k:
                    doc_at = j
                    expect_gen = not is_def
                    j += 1
                    continue
            if (nodef in L.ROLE_NOUNS or n in L.ROLE_NOUNS) and not (self.is_title(j - 1) and not is_def):
                if org_seen and not role_seen and j > k:
                    if is_def:  # an adjective of the organisation (نادي الساحل الرياضي)
                        j += 1
                        continue
                    if j - k >= 2:
                        break  # "نادي الساحل الرياضي بطل الدوري": an appositive title after the organisation
                role_seen = True
                expect_gen = not is_def
                j += 1
                continue
            if role_seen and n[:1] in "لب" and (n[1:].startswith("ال") or n.startswith("لل")):
                j += 1  # a modifier of the role (القاضي للمحكمة، المتحدث بالوزارة)
                continue
            if base in L.ORG_NOUNS:
                org_seen = True
                expect_gen = not is_def
                j += 1
                continue
            if n in L.ANONYMOUS or (j == k and n[:1] in "و" and n[1:] in L.ANONYMOUS) or (anon_seen and n[1:] in L.ANONYMOUS):
                anon_seen = True
                j += 1
                continue
            if n == "علي" and (role_seen or after_title) and self.toks[j].text.endswith("ي") and \
                    (self.is_title(j - 1) or not (j + 1 < limit and (self.is_definite(j + 1) or self.norm[j + 1].endswith("ه")))
                     or (j + 2 <= len(self.toks) and self.boundary_after(j + 1))):
                runs.append([j])  # the name علي, not the preposition على (spelt with ى, before a definite noun)
                in_run = True
                j += 1
                continue
            if n in ("علي", "عن") and role_seen and j > k and j + 1 < limit and self.norm[j + 1] not in L.COMPLEMENTIZERS \
                    and self.norm[j + 1] not in L.TIME_WORDS and \
                    any(_nodef(self.norm[i]) in L.ROLE_TAKING_PREP for i in range(max(k, j - 2), j)):
                expect_gen = True  # "المشرف العام على المهرجان X"، "المسؤول عن الملف X": part of the role
                j += 1
                continue
            if n in L.PREPOSITIONS:
                nxt = _strip(self.norm[j + 1]) if j + 1 < limit else ""
                if not role_seen or n not in ("في", "باسم", "لدي", "ل", "لـ") or nxt in L.SETTING_NOUNS \
                        or nxt in L.TIME_WORDS or self.norm[j + 1] in L.TIME_WORDS:
                    break
            glued = n[:1] in "بل" and len(n) > 3 and (n[1:].startswith("ال") or n.startswith("لل")
                                                      or _strip(n[1:]) in L.ORG_NOUNS or n[1:] in L.ORG_NOUNS)
            if n in L.PREPOSITIONS or (glued and (role_seen or org_seen)):
                if role_seen or org_seen:
                    expect_gen = n in L.PREPOSITIONS or _strip(n[1:]) in L.ORG_NOUNS or n[1:] in L.ORG_NOUNS
                    j += 1
                    continue
                break
            if n in L.TIME_WORDS and not (role_seen and is_def and j > k and self.is_definite(j - 1)):
                break
            if is_def and j > k and not role_seen and (self.norm[j - 1] in L.PLACES or _nodef(self.norm[j - 1]) in L.PLACES) \
                    and not nodef.endswith(("ي", "يه", "يون", "يين")) and nodef != "متحده":
                break  # "استنكرت دولة الكويت الهجوم": after a state's name, a definite noun is the object
            if is_def or n in ("هذه", "هذا", "تلك"):
                j += 1
                continue
            if anon_seen:
                j += 1
                continue
            if j > k and not role_seen and not after_title and n[:1] not in "لبو" and n not in L.NOT_NAME \
                    and self.is_definite(j - 1) and (org_seen or self.common_or_adjective(j - 1)):
                break  # a bare word after "التلفزيون الإسرائيلي" is the next clause's verb, not the name
            if n in L.NOT_NAME:
                if j == k:
                    break
                j += 1
                continue
            if n[:1] in "لب" and n[1:].startswith("ال"):
                break
            if role_seen and n[:1] in "بل" and n not in L.GIVEN_NAMES and n[1:] not in L.GIVEN_NAMES and \
                    j + 1 < limit and self.norm[j + 1] in L.GIVEN_NAMES and not self.gap(j + 1).strip():
                j += 1  # "عضو المجلس البلدي بحائل عبدالعزيز المشهور": a place glued to ب/ل, then the name
                continue
            if j > k and not role_seen and n[:1] == "ل" and len(n) > 3 and n not in L.GIVEN_NAMES \
                    and not self.glued_genitive(j, limit) and _strip(n[1:]) not in L.ORG_NOUNS and n[1:] not in L.ORG_NOUNS:
                break  # "وقال الجيش لصحفيين يرافقون ...": an addressee
            if (role_seen or org_seen) and j > k and self.glued_genitive(j, limit):
                expect_gen = True  # "رئيس اتحاد الكاريبي لكرة القدم", "رئيس لجنة التراخيص وشؤون الأندية"
                j += 1
                continue
            if role_seen or after_title or j == k:
                runs.append([j])
                in_run = True
                j += 1
                continue
            j += 1  # part of an organisation's name
        b = j
        if paren is not None and b == paren[1] and paren[0] > k + 1:
            b = paren[0]  # "الهيئة الوطنية للإحصاء (هوا)": the acronym is not part of the name
        if b <= k:
            return None
        np_ = self._finish_np(k, b, runs, role_seen, after_title, anon_seen, org_seen, doc_at, head)
        if np_ is not None and strip_first:
            np_.stripped = True
        return np_

    def common_or_adjective(self, j: int) -> bool:
        """A known common noun (الوزارة، التلفزيون) or a nisba adjective (الإسرائيلي، الوطنية), not a name (اليسرة)."""
        m = _strip(self.norm[j])
        return m in L.ORG_NOUNS or m in L.ROLE_NOUNS or m in L.DOC_NOUNS or m.endswith(("ي", "يه", "يين", "يون")) \
            or self.norm[j] in L.PLACES

    def known_surnames(self) -> set[str]:
        return {normalize(name).split()[-1] for name, _, _ in self.persons if len(name.split()) > 1}

    def boundary_after(self, j: int) -> bool:
        """Token j closes a phrase: a colon, comma or quote follows, or a complementizer."""
        if j + 1 >= len(self.toks):
            return True
        g = self.gap(j + 1)
        return bool(":" in g or _COMMA.search(g) or any(c in ALL_MARKS for c in g)) or self.norm[j + 1] in L.COMPLEMENTIZERS

    def is_title(self, j: int) -> bool:
        return j >= 0 and self.norm[j] in L.TITLES and self.norm[j] not in ("اول", "الركن", "الملكي", "صاحب", "السمو")

    def is_definite(self, j: int) -> bool:
        n = self.norm[j]
        return n.startswith(("ال", "لل", "بال", "وال")) and n != "ال"

    def nisba_before_name(self, j: int, limit: int) -> bool:
        """"القطري ناصر الخليفي": a definite nationality adjective right before an indefinite name."""
        n = self.norm[j]
        if not L.is_nationality(n):
            return False
        if j + 1 >= limit or self.gap(j + 1).strip():
            return False
        m = self.norm[j + 1]
        return not m.startswith("ال") and m[:1] not in "لبو" and m not in L.PREPOSITIONS and m not in L.TIME_WORDS \
            and m not in L.NOT_NAME and not self.is_trigger_token(j + 1) and _strip(m) not in L.ORG_NOUNS \
            and m not in L.ROLE_NOUNS

    def name_first(self, k: int, runs: list[list[int]]) -> bool:
        """The noun phrase opens with its name (after titles only): سمير نادر رئيس ..."""
        return bool(runs) and all(self.norm[i] in L.TITLES for i in range(k, runs[0][0]))

    def glued_genitive(self, j: int, limit: int) -> bool:
        """A noun glued to ل/ب/و that continues a role or organisation (لكرة القدم، وشؤون الأندية):
        not a given name (بدر، وليد), and followed, in the same phrase, by its definite genitive."""
        n = self.norm[j]
        if n[:1] not in "لبو" or len(n) < 4 or n in L.GIVEN_NAMES or n[1:] in L.GIVEN_NAMES:
            return False
        if j + 1 >= limit:
            return False
        g = self.gap(j + 1)
        return self.is_definite(j + 1) and self.norm[j + 1] not in L.TIME_WORDS and not _HARD_GAP.search(g) and not _COMMA.search(g) \
            and not any(c in ALL_MARKS for c in g)

    def _finish_np(self, k, b, runs, role_seen, after_title, anon_seen, org_seen, doc_at, head):
        # Entities (from the tagger), when given, only complete what the phrase's own structure says:
        # a tagger's person inside an organisation's name (مطار الملك خالد) must not become the speaker.
        ents = [e for e in self.entities if self.toks[k].start <= e["start"] and e["end"] <= self.toks[b - 1].end]
        per = [e for e in ents if e.get("type") == "PER"]
        if doc_at is not None:
            gen = (doc_at + 1, b) if b > doc_at + 1 else None
            return NP(k, b, "doc", head=head, gen=gen)
        if per and not anon_seen:
            # the tagger's person decides the name (as before this round), unless it sits in a facility's
            # name (مطار الملك خالد) or opens with a glued preposition (بحائل عبدالعزيز)
            e = per[-1]
            na, nb = self.tok_at(e["start"]), max(self.tok_at(e["end"]), self.tok_at(e["start"]) + 1)
            facility = na > k and self.norm[na - 1] in ("الملك", "الامير", "الشيخ") and \
                any(_strip(self.norm[i]) in L.ORG_NOUNS for i in range(k, na - 1))
            if not facility and not (self.norm[na][:1] in "بل" and self.norm[na] not in L.GIVEN_NAMES):
                return NP(k, b, "name", name=(na, nb), role=(k, na) if na > k else None, head=head)
        if runs and not anon_seen:
            r = runs[-1]
            na, nb = r[0], r[-1] + 1
            if na == k or role_seen or after_title:
                s0, s1 = self.toks[na].start, self.toks[nb - 1].end
                for e in per:  # the tagger's span of the same name, when longer (وانغ ون بين)
                    if e["start"] <= s0 and s1 <= e["end"]:
                        na, nb = self.tok_at(e["start"]), max(self.tok_at(e["end"]), self.tok_at(e["start"]) + 1)
                role = (k, na) if na > k else ((nb, b) if b > nb else None)
                return NP(k, b, "name", name=(na, nb), role=role, head=head)
        if per and not anon_seen:
            e = per[-1]
            na, nb = self.tok_at(e["start"]), max(self.tok_at(e["end"]), self.tok_at(e["start"]) + 1)
            # a definite surname alone (وأكد السمحان), or the name closing a role (المتحدث ... فلان)
            in_place_name = na > k and self.norm[na - 1] in ("الملك", "الامير", "الشيخ") and \
                any(_strip(self.norm[i]) in L.ORG_NOUNS for i in range(k, na - 1))  # مطار الملك خالد
            if (na == k and not org_seen) or ((role_seen or after_title) and nb >= b and not in_place_name):
                return NP(k, b, "name", name=(na, nb), role=(k, na) if na > k else None, head=head)
        if anon_seen:
            return NP(k, b, "anon", head=head)
        if org_seen or _strip(self.norm[k]) in L.ORG_NOUNS:
            return NP(k, b, "org", head=head)
        if role_seen:
            return NP(k, b, "role", head=head)
        if self.norm[k] in L.PLACES or _nodef(self.norm[k]) in L.PLACES or (ents and all(e.get("type") == "LOC" for e in ents)):
            return NP(k, b, "loc", head=head)
        return NP(k, b, "org", head=head)

    # --- speakers -----------------------------------------------------------------
    def speaker_from_np(self, np: NP, gender: str | None, pos: int) -> Speaker | None:
        if np.kind == "name":
            na, nb = np.name
            name = self.raw(na, nb)
            role = self.raw(*np.role) if np.role and np.role[1] > np.role[0] else None
            sp = Speaker(name, self.toks[na].start, self.toks[nb - 1].end, "PER", role, gender, True, pos,
                         role_head=_nodef(self.norm[np.role[0]]) if np.role else None)
            if nb - na == 1:
                full = self.expand_surname(self.norm[na])
                if full:
                    sp.name, sp.start, sp.end = full
                elif not role:
                    prev = self.find_role_antecedent(None, gender, single=self.norm[na])
                    if prev is not None:
                        return prev
            else:
                self.persons.append((name, sp.start, sp.end))
            return sp
        text_np = self.raw(np.a, np.b)
        start, end = self.toks[np.a].start, self.toks[np.b - 1].end
        while np.kind in ("org", "loc") and np.a < np.b and self.norm[np.a] in L.TITLES:
            np = NP(np.a + 1, np.b, np.kind, np.name, np.role, np.head, np.gen, np.issuer)
        if np.a >= np.b:
            return None
        text_np = self.raw(np.a, np.b)
        start = self.toks[np.a].start
        if getattr(np, "stripped", False):
            first = self.toks[np.a].text
            if first.startswith("لل"):
                text_np = "ال" + text_np[2:]
            elif first[:1] in "لب":
                text_np = text_np[1:]
            start += 1
        if np.kind == "pronoun":
            # سموه / معاليه: the nearest person, speaker or not, introduced with a title (ووقف الأمير X ... وأكد سموه)
            here = self.toks[np.a].start
            titled = [(s0, name, s0, s1) for name, s0, s1 in self.titled if s1 <= here]
            spoken = [(h.pos, h.name, h.start, h.end) for h in self.history
                      if h.type == "PER" and h.gender in (gender, None) and h.name]
            cands = sorted(titled + spoken, key=lambda c: c[0])
            if not cands:
                return None
            _, name, s0, s1 = cands[-1]
            return Speaker(name, s0, s1, "PER", None, gender, False, pos)
        if np.kind == "doc":
            if np.issuer is not None:
                return self.speaker_from_np(np.issuer, "f", pos)
            if np.gen is not None:
                g0 = np.gen[0]
                # "بيان لقوة المهام"، "حصيلة جديدة للمرصد": the issuer is the لـ genitive, without the لـ
                lam = next((i for i in range(g0, min(np.gen[1], g0 + 3)) if self.norm[i][:1] == "ل" and len(self.norm[i]) > 3
                            and not self.norm[i].startswith("ال")), None)
                if lam is not None and all(not self.is_definite(i) for i in range(g0, lam)):
                    gen = NP(lam, np.gen[1], "org", head=_strip(self.norm[lam][1:]))
                    gen.stripped = True
                    kind = "loc" if _nodef(self.norm[lam][1:]) in L.PLACES else "org"
                    gen.kind = kind
                    return self.speaker_from_np(gen, "f", pos)
                gen = NP(np.gen[0], np.gen[1], "org", head=_nodef(self.norm[np.gen[0]]))
                if self.norm[np.gen[0]].startswith("ال") and np.gen[1] - np.gen[0] == 1:
                    ante = self.find_org_antecedent(_nodef(self.norm[np.gen[0]]))
                    if ante is not None:
                        return self.copy(ante, ante.gender, pos)
                kind = "loc" if _nodef(self.norm[np.gen[0]]) in L.PLACES or self.norm[np.gen[0]] in L.PLACES else "org"
                gen.kind = kind
                return self.speaker_from_np(gen, "f", pos)
            if self.norm[np.a].startswith("ال"):
                for h in reversed(self.history):
                    if h.doc and h.type in ("ORG", "LOC"):
                        return self.copy(h, h.gender, pos)
                issuer = self.find_doc_issuer(_nodef(self.norm[np.a]), start)
                if issuer is not None:
                    return issuer
                for h in reversed(self.history):
                    if h.type in ("ORG", "LOC"):
                        return self.copy(h, h.gender, pos)
            return Speaker(text_np, start, end, None, None, gender, True, pos)
        if np.kind == "anon":
            return Speaker(text_np, start, end, None, None, gender, True, pos)
        if np.kind == "role":
            named = self.find_named_role(np.a, np.b)
            if named is not None:
                return Speaker(named[0], named[1], named[2], "PER", text_np, gender, True, pos,
                               role_head=_nodef(self.norm[np.a]))
            prev = self.find_role_antecedent(_nodef(self.norm[np.a]), gender,
                                             definite=np.b - np.a > 1 and self.norm[np.a + 1].startswith("ال"))
            if prev is not None:
                return prev
            return Speaker(text_np, start, end, None, None, gender, True, pos, role_head=_nodef(self.norm[np.a]))
        # organisation or place
        headn = _nodef(self.norm[np.a])
        full = self.expand_surname(self.norm[np.a], speakers_only=True) if self.norm[np.a].startswith("ال") else None
        if full is not None:
            return Speaker(full[0], full[1], full[2], "PER", None, gender, False, pos)
        if self.norm[np.a].startswith("ال") and np.b - np.a == 1 and headn in L.ORG_NOUNS:
            ante = self.find_org_antecedent(headn)
            if ante is not None:
                return self.copy(ante, ante.gender, pos)
            mention = self.find_org_mention(headn, start)
            if mention is not None:
                return Speaker(mention[0], mention[1], mention[2], "ORG", None, gender, False, pos, org_head=headn)
        typ = "LOC" if np.kind == "loc" else "ORG"
        return Speaker(text_np, start, end, typ, None, gender, True, pos, org_head=_strip(self.norm[np.a]))

    def copy(self, h: Speaker, gender: str | None, pos: int) -> Speaker:
        return Speaker(h.name, h.start, h.end, h.type, h.role, h.gender or gender, False, pos, h.org_head, h.role_head)

    def expand_surname(self, norm_tok: str, speakers_only: bool = False) -> tuple[str, int, int] | None:
        pool = [(h.name, h.start, h.end) for h in self.history if h.type == "PER" and h.name] if speakers_only \
            else self.persons
        for idx in (-1, 0):
            for name, s, e in reversed(pool):
                parts = normalize(name).split()
                if len(parts) > 1 and parts[idx] == norm_tok:
                    return name, s, e
        return None

    def find_org_antecedent(self, head: str) -> Speaker | None:
        for h in reversed(self.history):
            if h.org_head and (h.org_head == head or _strip(h.org_head) == head):
                return h
        # an earlier mention in the text: وزارة الداخلية ... الوزارة
        return None

    def find_doc_issuer(self, doc: str, before: int) -> Speaker | None:
        """"أصدرت وزارة النقل بيانا ... وجاء في البيان": the subject of the verb that issued the nearest
        earlier document of that kind."""
        for k in range(self.tok_at(before) - 1, 0, -1):
            if _strip(self.norm[k]).rstrip("ا") != doc and self.norm[k].rstrip("ا") != doc:
                continue
            for v in range(k - 1, max(-1, k - 10), -1):
                m = self.norm[v]
                m = m[1:] if m[:1] == "و" and len(m) > 4 else m
                if m in ("اصدر", "اصدرت", "نشر", "نشرت", "وزع", "وزعت", "اعلن", "اعلنت", "بث", "بثت"):
                    np_ = self.parse_np(v + 1, k)
                    if np_ is not None and np_.b == k and np_.kind in ("org", "loc", "name"):
                        return self.speaker_from_np(np_, "f", before)
                    break
            return None
        return None

    def find_org_mention(self, head: str, before: int) -> tuple[str, int, int] | None:
        """The nearest earlier full mention of an organisation whose head noun is ``head``, speaker or not
        (نشرت مجلة العلوم ... وقالت المجلة): its name, start and end."""
        for k in range(self.tok_at(before) - 1, -1, -1):
            m = self.norm[k]
            if not (m == head or (m[:1] in "وبل" and m[1:] == head)):
                continue
            np_ = self.parse_np(k, min(len(self.toks), k + 12), strip_first=m != head)
            if np_ is None or np_.kind not in ("org", "loc") or np_.b - np_.a < 2:
                continue
            name = self.raw(np_.a, np_.b)
            s0 = self.toks[np_.a].start
            if m != head:
                name, s0 = name[1:], s0 + 1
            return name, s0, self.toks[np_.b - 1].end
        return None

    def role_words(self, a: int, b: int) -> list[str]:
        out = []
        for i in range(a, b):
            m = self.norm[i]
            if m in L.TITLES or m in L.PREPOSITIONS:
                continue
            m = _strip(m)
            if m[:1] == "و" and (m[1:] in L.ROLE_NOUNS or m[1:] in L.ORG_NOUNS):
                m = m[1:]  # "ومدير المطار"
            if m[:1] in "لب" and len(m) > 3 and m not in L.ROLE_NOUNS and m not in L.ORG_NOUNS:
                m = _strip(m[1:])
            out.append(m)
        return out

    def role_index(self) -> list[tuple[int, list[str], str, int, int]]:
        """Every "role + name" apposition of the article, in a speech sentence or not
        (وكان في استقبالهم مدير المطار فلان): (position, role words, name, start, end)."""
        if self._roles is None:
            self._roles = []
            n = len(self.toks)
            for k in range(n):
                m = self.norm[k]
                m0 = m[1:] if m[:1] == "و" and len(m) > 3 else m
                if not (_nodef(m0) in L.ROLE_NOUNS or m0 in L.ROLE_NOUNS) or (k > 0 and not self.gap(k).strip()
                                                                              and self.is_role_word(k - 1)):
                    continue
                np_ = self.parse_np(k, min(n, k + 20), strip_first=m0 != m)
                if np_ is None or np_.kind != "name" or not np_.role or np_.role[0] != np_.a:
                    continue
                na, nb = np_.name
                if nb - na < 2 or (self.norm[na][:1] in "بل" and self.norm[na] not in L.GIVEN_NAMES):
                    continue
                self._roles.append((self.toks[k].start, self.role_words(np_.role[0], np_.role[1]),
                                    self.raw(na, nb), self.toks[na].start, self.toks[nb - 1].end))
        return self._roles

    def is_role_word(self, k: int) -> bool:
        m = self.norm[k]
        return _nodef(m) in L.ROLE_NOUNS or m in L.ROLE_NOUNS or _strip(m) in L.ORG_NOUNS

    def find_named_role(self, a: int, b: int) -> tuple[str, int, int] | None:
        """A role given without a name (وأوضح مدير مطار الجوف) is the person named with the same role
        elsewhere in the article: the nearest earlier apposition, else the nearest later one."""
        q = self.role_words(a, b)
        if len(q) < 2:
            return None
        qs = set(q)
        pos = self.toks[a].start
        best = None
        for at, words, name, s0, s1 in self.role_index():
            ws = set(words)
            if not words or words[0] != q[0] or len(ws) < 2 or not (qs <= ws or ws <= qs):
                continue
            if at == pos:
                continue
            key = (0, pos - at) if at < pos else (1, at - pos)
            if best is None or key < best[0]:
                best = (key, (name, s0, s1))
        return best[1] if best else None

    def find_role_antecedent(self, role_head: str | None, gender: str | None, definite: bool = True,
                             single: str | None = None) -> Speaker | None:
        if single is not None:
            return None
        for h in reversed(self.history):
            if h.type == "PER" and h.role_head and role_head and h.role_head == role_head:
                return self.copy(h, gender, 0)
        if definite:
            for h in reversed(self.history):
                if h.type == "PER" and h.gender in (gender, None) and h.name:
                    return self.copy(h, gender, 0)
        return None

    def resolve_dropped(self, gender: str | None, participle_sentence: tuple[int, int] | None = None) -> Speaker | None:
        if participle_sentence is not None:
            a, b = participle_sentence
            for h in reversed(self.history):
                if a <= h.pos < b and h.name:
                    return self.copy(h, gender, 0)
        for h in reversed(self.history):
            if h.name and (gender is None or h.gender is None or h.gender == gender):
                return self.copy(h, gender, 0)
        return None

    # --- pre-scan of person names ------------------------------------------------------
    def scan_persons(self) -> None:
        """Full names introduced by a title or a nisba adjective: الأمير X Y, الصيني وانغ يي."""
        n = len(self.toks)
        for k in range(n - 1):
            t = self.norm[k]
            if t in L.TITLES or (t.startswith("ال") and (t.endswith("ي") or t.endswith("يه")) and len(t) > 4
                                 and t not in L.PLACES):
                j = k + 1
                run = []
                while j < n and len(run) < 5:
                    g = self.gap(j)
                    if g.strip():
                        break
                    m = self.norm[j]
                    if m in L.TITLES or m in L.PREPOSITIONS or m in L.TIME_WORDS or m in L.COMPLEMENTIZERS \
                            or m in L.RELATIVES or self.is_trigger_token(j) or _nodef(m) in L.ROLE_NOUNS \
                            or _strip(m) in L.ORG_NOUNS:
                        break
                    if m.startswith("ال") and not run:
                        break
                    if m[:1] == "و" and len(run) >= 1 and m not in ("وانغ",):
                        break
                    if m[:1] == "و" and (m[1:] in L.PREPOSITIONS or m[1:] in L.NOT_NAME or m[1:].startswith("ال")):
                        break
                    if m[:-1] in L.VERBS or m[1:-1] in L.VERBS or m[:-2] in L.VERBS or len(run) >= 3:
                        break
                    run.append(j)
                    j += 1
                if len(run) >= 2:
                    self.persons.append((self.raw(run[0], run[-1] + 1), self.toks[run[0]].start, self.toks[run[-1]].end))
                    if t in L.HONORIFIC_TITLES:
                        self.titled.append(self.persons[-1])

    # --- triggers -----------------------------------------------------------------
    def find_triggers(self) -> list[Trigger]:
        trigs: list[Trigger] = []
        n = len(self.toks)
        for k in range(n):
            t = self.norm[k]
            if k > 0 and self.norm[k - 1] in L.NARRATION:
                continue
            # reported through a source
            if t in ("بحسب", "وبحسب", "حسب", "وحسب", "وفقا", "ووفقا", "وفق", "ووفق", "طبقا", "وطبقا", "نقلا", "حسبما",
                     "وحسبما") and k + 1 < n:
                nxt = self.norm[k + 1]
                if nxt in ("قوله", "قولها", "قولهم", "ما") and t not in ("حسبما", "وحسبما"):
                    if nxt == "ما" and k + 2 < n and self.verb_info(k + 2):
                        trigs.append(Trigger(k, "source", "وفق", None, "", extra={"np_at": k + 3}))
                    continue
                if t in ("حسبما", "وحسبما"):
                    if self.verb_info(k + 1):
                        trigs.append(Trigger(k, "source", "حسب", None, "", extra={"np_at": k + 2}))
                    continue
                at = k + 1
                strip_first = False
                rawn = self.toks[k + 1].text
                if rawn.endswith("ه") or rawn.endswith("ها") or rawn.endswith("هم"):
                    if self.norm[k + 1] not in ("البيان", "بيان"):
                        continue
                if self.norm[at] in ("ل", "لـ", "عن", "ما"):
                    at += 1
                elif self.norm[at][:1] == "ل" and t in ("وفقا", "ووفقا", "طبقا", "وطبقا"):
                    strip_first = True
                elif t in ("نقلا", ) and self.norm[at] != "عن":
                    continue
                trigs.append(Trigger(k, "source", "حسب", None, "", extra={"np_at": at, "strip": strip_first}))
                continue
            if t in ("قوله", "قولها", "قولهم"):
                # نقلت X عن Y قوله
                s = self.sentence(self.toks[k].start)
                for j in range(k - 1, max(-1, k - 10), -1):
                    if self.toks[j].start < s.start:
                        break
                    if self.norm[j] in ("عن", "الي"):  # نقلت X عن Y قوله، نسبت X إلى Y قوله
                        trigs.append(Trigger(k, "quote_source", "قال", "f" if t == "قولها" else "m", "c:",
                                             extra={"np_at": j + 1, "np_end": k}))
                        break
                continue
            if t in ("بالقول", "وبالقول") and k > 1:
                # "اكتفت الوزارة بالقول إن ...": the subject is between the clause's verb and بالقول
                s = self.sentence(self.toks[k].start)
                c = k - 1
                while c > 0 and k - c < 10 and self.toks[c - 1].start >= s.start and not _COMMA.search(self.gap(c)) \
                        and not _HARD_GAP.search(self.gap(c)):
                    c -= 1
                while c + 2 < k and self.norm[c] in L.CLAUSE_OPENERS:
                    c += 1  # "في حين اكتفت الوكالة بالقول": the verb follows the opener
                if c + 1 < k and not self.is_trigger_token(c) and not self.toks[k - 1].text.endswith(("ه", "ها")):
                    trigs.append(Trigger(k, "quote_source", "قال", None, "c:", extra={"np_at": c + 1, "np_end": k}))
                continue
            if t in ("جاء", "وجاء", "ورد", "وورد") and k + 2 < n and self.norm[k + 1] == "في" and \
                    (_strip(self.norm[k + 2]) in L.DOC_NOUNS or _nodef(self.norm[k + 2]) in L.DOC_NOUNS):
                # "وجاء في البيان: «…»" / "وجاء في بيان للوزارة أن …": the document's issuer speaks
                s = self.sentence(self.toks[k].start)
                for c in range(k + 3, min(n, k + 16)):
                    gc = self.gap(c)
                    if self.toks[c].start >= s.end or self.is_trigger_token(c) or _HARD_GAP.search(gc.replace(":", "")):
                        break
                    q = self.quote_opening_at(self.toks[c - 1].end, self.toks[c].start)
                    if self.norm[c] in L.COMPLEMENTIZERS or ":" in gc or q is not None:
                        trigs.append(Trigger(k, "quote_source", "قال", None, "c:",
                                             extra={"np_at": k + 2, "np_end": c, "content_at": c, "doc": True}))
                        break
                continue
            if t in ("نقل", "نقلت", "ونقلت", "ونقل"):
                # "نقلت صحيفة X عن Y أن ... / : «...»": Y is the speaker, X only the medium
                s = self.sentence(self.toks[k].start)
                for j in range(k + 1, min(n, k + 12)):
                    if self.toks[j].start >= s.end or _HARD_GAP.search(self.gap(j)):
                        break
                    if self.norm[j] != "عن":
                        continue
                    for c in range(j + 2, min(n, j + 16)):
                        gc = self.gap(c)
                        if self.toks[c].start >= s.end or self.norm[c] in ("قوله", "قولها", "قولهم") \
                                or self.is_trigger_token(c) or _HARD_GAP.search(gc.replace(":", "")):
                            break
                        q = self.quote_opening_at(self.toks[c - 1].end, self.toks[c].start)
                        if self.norm[c] in L.COMPLEMENTIZERS or ":" in gc or (q is not None and q.words(self.text) > 4):
                            trigs.append(Trigger(k, "quote_source", "قال", None, "c:",
                                                 extra={"np_at": j + 1, "np_end": c, "content_at": c}))
                            break
                    break
                continue
            info = self.verb_info(k)
            if info is None:
                continue
            if k > 0 and (self.norm[k - 1] in L.PREPOSITIONS or self.norm[k - 1] in ("ما", "هذا", "هذه", "عدم", "دون", "بدون")) \
                    and not _HARD_GAP.search(self.gap(k)):
                continue
            kind, lemma, g, intro, conj = info
            bare = t[1:] if conj else t
            if bare[:1] in "يت" and kind == "verb" and self.enclosing_quote(self.toks[k].start) is not None:
                continue
            if bare[:1] in "يت" and kind == "verb" and k > 0 and self.norm[k - 1] in ("ان", "لن", "لم", "كي", "لكي", "حتي"):
                continue  # "يريد أن يرى": a subjunctive or jussive verb reports nothing
            trigs.append(Trigger(k, kind, lemma, g, intro, extra={"conj": conj}))
        return trigs

    def locate_content(self, tr: Trigger, after: int, limit_off: int) -> None:
        """Find what introduces the content after token index ``after``."""
        n = len(self.toks)
        j = self.after_setting(after) if after < n else after
        steps = 0
        max_steps = 4 if tr.kind == "participle" else 22
        while True:
            off_from = self.toks[j - 1].end if j > 0 else 0
            off_to = self.toks[j].start if j < n else len(self.text)
            if off_to > limit_off:
                off_to = limit_off
            g = self.text[off_from:off_to]
            q = self.quote_opening_at(off_from, off_to)
            if q is not None and ":" in tr.intro:
                tr.quote = q
                tr.cstart = q.start
                return
            if ":" in g and ":" in tr.intro:
                tr.colon = True
                tr.cstart = off_from + g.index(":") + 1
                return
            if _HARD_GAP.search(g.replace(":", "")) or j >= n or self.toks[j].start >= limit_off:
                return
            if q is not None:  # a quoted term inside the clause: an addressee (لـ«عكاظ») is skipped
                if q.balanced and q.words(self.text) <= 4 and j > 0 and self.norm[j - 1] in ("ل", "لـ", "الي"):
                    j = self.tok_at(q.close)
                    steps += 1
                    continue
                return
            if "(" in g:  # a parenthesis (an acronym, a date) is never where the content starts
                close = self.text.find(")", off_to, limit_off)
                if close != -1:
                    j = self.tok_at(close)
                    steps += 1
                    continue
            if set(self.toks[j].text) <= set("-ـ"):
                # "وأوضح المصدر ــ فضل عدم ذكر اسمه ــ أن": skip the aside to its closing dash
                close = next((i for i in range(j + 1, min(n, j + 12)) if set(self.toks[i].text) <= set("-ـ")), None)
                if close is not None:
                    j = close + 1
                    steps += 1
                    continue
            m = self.norm[j]
            if j > after and self.is_trigger_token(j):
                return
            # the reported clause starts with its complementizer (إنها لا تزود ...): annotators quote it
            # with the clause, and a key phrase without it is still contained
            if "c" in tr.intro and m in L.COMPLEMENTIZERS:
                tr.cstart = self.toks[j].start
                tr.extra["comp"] = True
                return
            if m in ("الي", "إلى") and j + 1 < n and self.norm[j + 1] in L.COMPLEMENTIZERS and "c" in tr.intro:
                tr.cstart = self.toks[j + 1].start
                tr.extra["comp"] = True
                return
            for p in ("الي", "عن", "علي", "من"):
                if p in tr.intro and m == p:
                    tr.cstart = self.toks[j].end
                    return
            # "طالب (X) بـ...": the demand after the verb, or after the one asked
            if "ب" in tr.intro and m.startswith("ب") and len(m) > 3 and (j == after or (tr.lemma == "طالب" and j - after <= 4)):
                tr.cstart = self.toks[j].start
                return
            if "n" in tr.intro and tr.explicit and j in (after, self.after_setting(after)) and m not in L.PREPOSITIONS and m not in L.TIME_WORDS \
                    and not m.startswith("ال") and m not in L.COMPLEMENTIZERS and not (len(m) > 3 and (m[:1] == "ل" or m.startswith("بال"))):
                tr.cstart = self.toks[j].start
                return
            j += 1
            steps += 1
            if steps > max_steps:
                return

    def subject_after_complementizer(self, tr: Trigger) -> NP | None:
        """"... أن المذكرة طالبت ...": a noun phrase between أن/إن and the verb is the verb's subject."""
        if tr.extra.get("conj"):
            return None
        b = tr.i
        for a in range(b - 1, max(0, b - 7), -1):
            if _HARD_GAP.search(self.gap(a + 1)) or _COMMA.search(self.gap(a + 1)):
                return None
            if self.norm[a - 1] in L.COMPLEMENTIZERS and not _HARD_GAP.search(self.gap(a)):
                np_ = self.parse_np(a, b)
                if np_ is not None and np_.b == b and np_.kind in ("name", "org", "role"):
                    return np_
                if np_ is not None and np_.b == b and np_.kind in ("loc", "doc", "anon"):
                    # "أوضح X أن التحقيقات تشير إلى ...": findings inside X's words, not a new speaker
                    tr.extra["inside_content"] = True
                return None
        return None

    def plausible_source(self, np: NP) -> bool:
        """بحسب X / وفقا لـ X names a source: a person, a role, a document, a place, an anonymous
        source, an organisation noun, a tagged entity, or a short proper name (بحسب رويترز)."""
        if np.kind == "name" and not np.role:
            na, nb = np.name
            first = self.norm[na][1:] if na == np.a and getattr(np, "stripped", False) else self.norm[na]
            return nb - na <= 3 or first in L.GIVEN_NAMES
        if np.kind != "org":
            return True
        if _strip(self.norm[np.a]) in L.ORG_NOUNS or self.norm[np.a][1:] in L.ORG_NOUNS:
            return True
        s0, s1 = self.toks[np.a].start, self.toks[np.b - 1].end
        if any(s0 <= e["start"] and e["end"] <= s1 for e in self.entities):
            return True
        return np.b - np.a == 1 or (np.b - np.a == 2 and not self.norm[np.a].startswith("ال"))

    def after_setting(self, j: int) -> int:
        """Past a setting phrase and time words set off by commas after the subject
        ("وأكدت الوزارة في بيان، أمس، مواصلة ..."): where a noun content would start."""
        n = len(self.toks)
        k = j
        if k + 1 < n and self.norm[k] in ("في", "خلال", "عبر") and _strip(self.norm[k + 1]) in L.SETTING_NOUNS:
            # "مؤكدا في لقاء أجراه معه الإعلامي X في برنامج «Y»، بأن ...": up to the comma closing the aside
            k += 2
            while k < n and k - j < 16 and not _COMMA.search(self.gap(k)):
                if _HARD_GAP.search(self.gap(k)) or self.is_trigger_token(k) or self.norm[k] in L.COMPLEMENTIZERS:
                    return j
                k += 1
            if not (k < n and _COMMA.search(self.gap(k))):
                return j
        while k < n and self.norm[k] in L.TIME_WORDS and k + 1 < n and _COMMA.search(self.gap(k + 1)):
            k += 1
        return k

    # --- main ------------------------------------------------------------------------
    def run(self) -> list[dict]:
        if not self.toks:
            return []
        self.scan_persons()
        trigs = self.find_triggers()
        # "أوضح X أن التحقيقات تشير إلى ...": a verb whose subject inside reported content is a document,
        # place or anonymous source is part of that content, not an attribution of its own
        trigs = [tr for tr in trigs if not (tr.kind == "verb" and self.subject_after_complementizer(tr) is None
                                            and tr.extra.get("inside_content"))]
        # cut unbalanced quotes at the first verb-with-subject inside them
        for q in self.quotes:
            if q.balanced:
                continue
            for tr in trigs:
                off = self.toks[tr.i].start
                if q.start < off < q.end and tr.kind == "verb" and tr.extra.get("conj"):
                    nxt = self.norm[tr.i + 1] if tr.i + 1 < len(self.toks) else ""
                    if nxt not in L.COMPLEMENTIZERS and nxt not in L.PREPOSITIONS:
                        e = off
                        while e > q.start and (self.text[e - 1].isspace() or self.text[e - 1] in "،,"):
                            e -= 1
                        q.end = q.close = e
                        break
        statements: list[dict] = []
        claimed: set[int] = set()  # ids of quotes used as content
        trig_offsets = [self.toks[t.i].start for t in trigs]
        for idx, tr in enumerate(trigs):
            off = self.toks[tr.i].start
            sent = self.sentence(off)
            encl = self.enclosing_quote(off)
            limit_off = min(sent.end, encl.end) if encl is not None and encl.start <= off else sent.end
            limit_tok = self.tok_at(limit_off)
            speaker = None
            np = None
            if tr.kind in ("source", "quote_source"):
                at = tr.extra["np_at"]
                end_tok = tr.extra.get("np_end", limit_tok)
                if at < len(self.toks) and self.norm[at] in ("البيان", "بيان", "التقرير"):
                    np = self.parse_np(at, end_tok)
                else:
                    np = self.parse_np(at, end_tok, strip_first=tr.extra.get("strip", False))
                if np is None or ("content_at" in tr.extra and np.b != end_tok and not tr.extra.get("doc")):
                    continue  # the speaker's phrase must reach the content (نقلت X عن Y أن ...)
                if tr.extra.get("doc") and np.kind != "doc":
                    continue
                if tr.kind == "source" and not self.plausible_source(np):
                    continue  # "وفقا لأهواء فئة ضالة": not who said it
                speaker = self.speaker_from_np(np, None, off)
                if speaker is None:
                    continue
                if tr.kind == "quote_source":
                    self.locate_content(tr, tr.extra.get("content_at", tr.i + 1), limit_off)
                    if tr.cstart is None:
                        continue
                    self.emit(statements, claimed, tr, speaker, trig_offsets, idx, limit_off, off)
                    continue
                # the clause the source phrase is attached to
                at_start = self.toks[tr.i].start - sent.start <= 6
                if at_start:
                    cs = self.toks[np.b].start if np.b < len(self.toks) else sent.end
                    if np.b < len(self.toks) and self.norm[np.b] in ("فان", "فانه", "فانها", "فقد", "ان"):
                        cs = self.toks[np.b].end
                    ce = sent.end
                else:
                    cs, ce = sent.start, self.toks[tr.i].start
                cs, ce = self.trim(cs, ce)
                if ce - cs < 10:
                    continue
                statements.append(self.make(cs, ce, "indirect", speaker, self.text[off:self.toks[np.b - 1].end], sent,
                                            source=True))
                continue
            # subject
            k = tr.i + 1
            pre = self.subject_after_complementizer(tr) if tr.kind == "verb" else None
            if pre is not None:
                # "أن المذكرة طالبت اللجنة بإجراء تحقيق": after أن the subject comes first, the noun after
                # the verb is its object
                np = pre
                tr.kind = "verb_sv"
            if tr.kind == "verb":
                # "صرح بذلك X": the content is what came before
                if k < len(self.toks) and self.norm[k] in ("بذلك", "ذلك"):
                    tr.kind = "backref"
                    k += 1
                # an addressee or a time phrase before the subject
                while k < limit_tok:
                    m = self.norm[k]
                    if m in ("ل", "لـ"):
                        q = self.quote_opening_at(self.toks[k].end, self.toks[k + 1].start + 1) if k + 1 < len(self.toks) else None
                        k = self.tok_at(q.close) if q is not None else k + 2
                        continue
                    if m in L.TIME_WORDS:
                        k += 1
                        if m == "يوم":
                            k += 1
                        continue
                    break
                if k == tr.i + 1 and k < limit_tok and _COMMA.search(self.gap(k)) and \
                        (self.norm[k] in L.PREPOSITIONS or self.norm[k] in L.TIME_WORDS):
                    # "وقال، في مؤتمر صحفي عقده أمس، وزير الخارجية X إن": the subject follows the aside
                    for c in range(k + 1, min(limit_tok, k + 10)):
                        if _HARD_GAP.search(self.gap(c)):
                            break
                        if _COMMA.search(self.gap(c)):
                            k = c
                            break
                first = self.norm[k] if k < len(self.toks) else ""
                g = self.gap(k) if k < len(self.toks) and k == tr.i + 1 else ""
                dropped = (k >= limit_tok or first in L.COMPLEMENTIZERS or first in L.PREPOSITIONS
                           or any(c in ALL_MARKS for c in g) or ":" in g or first in L.RELATIVES
                           or first.endswith("ه") and first[:-1] in ("في", "ل", "ب", "عن", "من")
                           or any(first == p + x for p in L.PREPOSITIONS for x in ("ه", "ها", "هم", "هما"))
                           or tr.lemma in L.CONTINUATION and first not in L.HONORIFIC_PRONOUNS
                           and first not in ("وانغ",) and _HARD_GAP.search(g) is not None)
                if not dropped:
                    np = self.parse_np(k, limit_tok)
                    if np is None:
                        dropped = True
                    elif self.looks_like_object(np, tr.gender):
                        np = None
                        dropped = True
                        after = k
            else:
                dropped = True
            if tr.lemma == "تضمن" and (np is None or np.kind != "doc"):
                continue  # "تضمن البيان أن ...": only a document's contents are reported this way
            if np is not None:
                speaker = self.speaker_from_np(np, tr.gender, off)
                after = np.b if tr.kind != "verb_sv" else tr.i + 1
                tr.explicit = True
                if tr.kind == "verb_sv":
                    tr.kind = "verb"
            else:
                after = k if tr.kind == "backref" else tr.i + 1
            if tr.i > 0 and self.norm[tr.i - 1] in L.RELATIVES:
                # "X الذي أوضح أن": only when X is the speaker just mentioned
                last = self.history[-1] if self.history else None
                if last is None or last.end is None or not (0 <= self.toks[tr.i - 1].start - last.end <= 3):
                    continue
                speaker = self.copy(last, tr.gender, off)
            if tr.kind == "backref":
                if speaker is None:
                    continue
                p = self.para(off)
                prev_sent = self.sentence(max(0, sent.start - 1))
                if sent.start == p.start and p.start > 0:
                    pp = self.para(p.start - 1)
                    cs, ce = pp.start, pp.end
                elif prev_sent.start < sent.start:
                    cs, ce = prev_sent.start, prev_sent.end
                else:
                    continue
                cs, ce = self.trim(cs, ce)
                statements.append(self.make(cs, ce, "indirect", speaker, self.toks[tr.i].text, self.sentence(cs)))
                speaker.pos = off
                self.history.append(speaker)
                # "... الذي أوضح أن": the relative clause continues with this speaker
                continue
            self.locate_content(tr, after, limit_off)
            if speaker is None and tr.cstart is None:
                # "“…”. قال لافروف" with the subject given: handled below via postposed
                pass
            if speaker is None and np is None and tr.kind == "verb" and self.norm[tr.i][:1] == "ف":
                # "أما المواطن X فأوضح أن": the subject sits between أما and the verb
                for a in range(tr.i - 1, max(-1, tr.i - 12), -1):
                    if self.toks[a].start < sent.start or (a < tr.i - 1 and _HARD_GAP.search(self.gap(a + 1))):
                        break
                    if self.norm[a] == "اما":
                        sub = self.parse_np(a + 1, tr.i)
                        if sub is not None and sub.b == tr.i:
                            speaker = self.speaker_from_np(sub, tr.gender, off)
                            tr.explicit = speaker is not None
                        break
            if speaker is None:
                if np is None and tr.kind == "verb" and not tr.extra.get("conj") and tr.i > 0:
                    # subject-verb order: "الصين قالت", "مصادر أشارت"
                    g = self.gap(tr.i)
                    if not _HARD_GAP.search(g) and not _COMMA.search(g):
                        b = tr.i
                        a = b - 1
                        while a > 0 and b - a < 14:
                            ga = self.gap(a)
                            m = self.norm[a - 1]
                            # prepositions may sit inside a long subject (رئيس لجنة الزراعة في مجلس الشورى X أكد)
                            # only after a role or organisation noun
                            inner = m in L.PREPOSITIONS and a - 1 > 0 and (self.is_role_word(a - 2) or self.is_definite(a - 2))
                            if _HARD_GAP.search(ga) or _COMMA.search(ga) or m in L.COMPLEMENTIZERS or \
                                    (m in L.PREPOSITIONS and not inner) or self.is_trigger_token(a - 1) or m in ("الا", "لكن", "و"):
                                break
                            a -= 1
                        pm = self.norm[a]
                        ga = self.gap(a)
                        boundary = a == 0 or bool(_HARD_GAP.search(ga) or _COMMA.search(ga)) or \
                            self.norm[a - 1] in L.COMPLEMENTIZERS or self.norm[a - 1] in ("الا", "لكن", "بينما") or \
                            any(c in ALL_MARKS for c in ga)
                        if boundary and pm[:1] != "و" and pm not in L.NOT_NAME and pm not in L.COMPLEMENTIZERS and pm not in L.PREPOSITIONS and not self.is_trigger_token(a) \
                                and pm not in ("سبق", "كان", "كانت", "قد", "وقد", "لقد", "ما", "لا", "لم", "كما", "ثم", "حيث", "اذ", "فيما", "بينما", "عندما"):
                            sub = self.parse_np(a, b)
                            if sub is not None and sub.b == b:
                                speaker = self.speaker_from_np(sub, tr.gender, off)
                if speaker is None:
                    if tr.cstart is None and not self.postposed_possible(tr):
                        continue
                    span = (sent.start, off) if tr.kind == "participle" else None
                    speaker = self.resolve_dropped(tr.gender, span)
                    if speaker is not None:
                        speaker.explicit = False
            if speaker is None:
                continue
            speaker.pos = off
            if "بيان" in self.text[sent.start:sent.end] or "تقرير" in self.text[sent.start:sent.end]:
                speaker.doc = True
            # postposed attribution: “…”. قال X  /  “…” وقال X “…”
            prevq = self.adjacent_quote_before(off)
            if prevq is not None and id(prevq) not in claimed and speaker.explicit:
                claimed.add(id(prevq))
                statements.append(self.make(prevq.start, prevq.end, "direct", speaker, self.toks[tr.i].text,
                                            self.sentence(prevq.start)))
            if tr.cstart is None:
                # an explicit subject whose verb has no clause (استنكرت الكويت الهجوم، معتبرة أن ...) is still
                # the speaker that a participle or a continuation refers back to
                if prevq is not None or (tr.explicit and tr.intro == "x" and speaker.name and speaker.type in ("PER", "ORG", "LOC")):
                    self.history.append(speaker)
                continue
            self.emit(statements, claimed, tr, speaker, trig_offsets, idx, limit_off, off)
        # quotes continuing the previous speaker; short scare quotes are terms
        statements.sort(key=lambda s: s["start"])
        for q in self.quotes:
            if id(q) in claimed:
                continue
            inside = any(s["start"] <= q.start and q.end <= s["end"] for s in statements)
            words = q.words(self.text)
            if words <= 4 and q.balanced:
                sent = self.sentence(q.start)
                statements.append({"text": self.text[q.start:q.end], "start": q.start, "end": q.end, "kind": "term",
                                   "speaker": None, "speaker_start": None, "speaker_end": None, "speaker_type": None,
                                   "speaker_role": None, "verb": None, "sentence_start": sent.start,
                                   "sentence_end": sent.end})
                continue
            if inside or words < 3:
                continue
            prev = [s for s in statements if s["kind"] in ("direct", "indirect") and s["end"] <= q.open]
            if not prev:
                continue
            p = prev[-1]
            between = self.text[p["end"]:q.open]
            if len(between.strip(" .،,:\"'“”«»\n–-")) <= 2 and between.count("\n") <= 2:
                st = dict(p)
                st.update({"text": self.text[q.start:q.end], "start": q.start, "end": q.end, "kind": "direct"})
                s2 = self.sentence(q.start)
                st["sentence_start"], st["sentence_end"] = s2.start, s2.end
                statements.append(st)
                claimed.add(id(q))
        statements.sort(key=lambda s: (s["start"], s["end"]))
        # source attributions that only name the medium of another statement are dropped
        final = []
        for s in statements:
            if s.pop("_source", False):
                if any(o is not s and o["kind"] != "term" and not o.get("_source") and o["start"] < s["end"]
                       and s["start"] < o["end"] for o in statements):
                    continue
            final.append(s)
        for s in final:
            s.pop("_source", None)
        return final

    def appositive_follows(self, j: int, limit: int) -> bool:
        """After "role ،": a title, a role, or a name closed by another comma / colon / أن."""
        n = self.norm[j]
        if n in L.TITLES or _nodef(n) in L.ROLE_NOUNS:
            return True
        if n == "علي" and self.toks[j].text.endswith("ي") and j + 1 < limit and not self.norm[j + 1].startswith("ال"):
            return True  # "الطالب الجامعي، علي السليمي إلى أن": the name علي
        if n in L.PREPOSITIONS or n in L.TIME_WORDS or n in L.NOT_NAME or n.startswith("ال"):
            return False
        for m in range(j + 1, min(limit, j + 5)):
            g = self.gap(m)
            if _COMMA.search(g) or ":" in g or self.norm[m] in L.COMPLEMENTIZERS:
                return True
        return False

    def looks_like_object(self, np: NP, gender: str | None) -> bool:
        """Verb-object, not verb-subject: ودعت المجتمع الدولي إلى / ودعا بكين إلى."""
        if np.kind in ("name", "anon", "pronoun"):
            return False
        head = _nodef(self.norm[np.a])
        if gender == "m" and np.kind == "loc":
            return True
        if gender == "f" and np.kind in ("org", "role", "doc") and not (head.endswith("ه") or head.endswith("ات")) \
                and head not in L.PLACES and self.norm[np.a].startswith("ال"):
            return True
        return False

    def postposed_possible(self, tr: Trigger) -> bool:
        return self.adjacent_quote_before(self.toks[tr.i].start) is not None

    def adjacent_quote_before(self, off: int) -> Quote | None:
        best = None
        for q in self.quotes:
            if q.close <= off and self.text[q.close:off].strip(" .،,\n") in ("", "و") and q.words(self.text) >= 3:
                if "\n" in self.text[q.close:off]:
                    continue
                if best is None or q.close > best.close:
                    best = q
        return best

    def trim(self, cs: int, ce: int) -> tuple[int, int]:
        while cs < ce and (self.text[cs].isspace() or self.text[cs] in "،,:"):
            cs += 1
        while ce > cs and (self.text[ce - 1].isspace() or self.text[ce - 1] in "،,:"):
            ce -= 1
        if ce - cs > MAX_CHARS:
            cut = max(self.text.rfind("،", cs, cs + MAX_CHARS), self.text.rfind(",", cs, cs + MAX_CHARS))
            ce = cut if cut > cs + 100 else cs + MAX_CHARS
            while ce > cs and self.text[ce - 1].isspace():
                ce -= 1
        return cs, ce

    def emit(self, statements, claimed, tr: Trigger, speaker: Speaker, trig_offsets, idx, limit_off, off) -> None:
        q = tr.quote
        cut = False  # the content was cut at a later attribution
        if q is not None and (q.words(self.text) > 4 or not self.text[q.close:limit_off].strip(" .،,\n")
                              or tr.kind == "quote_source" or tr.colon is False and not tr.extra.get("comp")):
            # a short quote followed by more of the clause is part of an indirect statement
            if q.words(self.text) <= 4 and self.text[q.close:limit_off].strip(" .،,\n") and tr.extra.get("comp"):
                q = None
        if q is not None and q.words(self.text) <= 4 and self.text[q.close:limit_off].strip(" .،,\n") \
                and len(self.text[q.close:limit_off].split()) > 2:
            cs = q.open
            q = None
        else:
            cs = tr.cstart
        if q is not None:
            claimed.add(id(q))
            cs, ce = self.trim(q.start, q.end)
            kind = "direct"
        else:
            ce = limit_off
            # up to the next attribution in the sentence
            for j in range(idx + 1, len(trig_offsets)):
                o = trig_offsets[j]
                if o >= ce:
                    break
                if o > cs:
                    enc = self.enclosing_quote(o)
                    if enc is not None and enc.start >= cs:
                        continue
                    ce = o
                    cut = True
                    break
            cs, ce = self.trim(cs, ce)
            for _p in ("و", "ف"):
                pass
            kind = "direct" if tr.colon and not tr.extra.get("comp") and self.norm[self.tok_at(cs)] not in L.COMPLEMENTIZERS \
                else "indirect"
            # content opening on a quote that runs to the end: direct
            qq = self.quote_opening_at(cs - 1, cs + 1)
            if qq is not None and qq.end >= ce - 2:
                kind = "direct"
                claimed.add(id(qq))
        if tr.colon and q is None and not self.text[cs:ce].strip():
            # "وقال الوزير:" closing its paragraph: the words are the next paragraph (often a quote)
            p = self.para(ce)
            nxt = self.para(p.end + 1) if p.end + 1 < len(self.text) else None
            if nxt is not None and nxt.start > p.start:
                nq = self.quote_opening_at(nxt.start, nxt.start + 3)
                if nq is not None and id(nq) not in claimed:
                    claimed.add(id(nq))
                    cs, ce = self.trim(nq.start, nq.end)
                else:
                    cs, ce = self.trim(nxt.start, nxt.end)
                kind = "direct"
        if ce - cs < 3 or len(self.text[cs:ce].split()) < 2:
            return
        if q is None and kind == "indirect" and cut and len(self.text[cs:ce].split()) <= 3 \
                and self.norm[self.tok_at(cs)] in L.COMPLEMENTIZERS:
            self.history.append(speaker)  # "أن المذكرة | طالبت ...": the clause is the inner speaker's
            return
        verb = self.toks[tr.i].text
        statements.append(self.make(cs, ce, kind, speaker, verb, self.sentence(cs)))
        self.history.append(speaker)

    def make(self, cs, ce, kind, sp: Speaker, verb, sent, source=False) -> dict:
        d = {"text": self.text[cs:ce], "start": cs, "end": ce, "kind": kind, "speaker": sp.name,
             "speaker_start": sp.start if sp.name else None, "speaker_end": sp.end if sp.name else None,
             "speaker_type": sp.type, "speaker_role": sp.role, "verb": verb,
             "sentence_start": sent.start, "sentence_end": sent.end}
        if source:
            d["_source"] = True
        return d


def extract_statements(text: str, entities: list[dict] | None = None) -> list[dict]:
    """Statements of an article body; see the package docstring for the fields."""
    if not text or not text.strip():
        return []
    return _Extractor(text, entities or []).run()
