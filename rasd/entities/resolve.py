"""Entity resolution: mentions to entities, within an article and across articles.

Arabic news spells foreign names many ways (شي جين بينغ / شي جين بينج,
وانغ ون بين / وانغ وينبين, بوتين / بوتن).  Names are compared on a
*transliteration key*: the normalised name with the letters that write one
foreign sound folded together (غ ج ق ك → ك; ث → س; ذ ظ → ز; ط → ت; ص → س),
long-vowel letters dropped inside words, and word splits ignored.  Two
people whose keys differ in a given name stay apart even when the family
names agree: a wrong merge is worse than a missed one.

Within an article, a later partial mention (a surname or first name alone)
is whichever full name the article introduced that it matches; an
organisation's short or reporting form (الخارجية الصينية, الوزارة) is the
long form it shortens.  Across articles, a full name joins the entity with
the same key; a bare single word never joins a cross-article entity on its
own (two different people share surnames).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rasd.model import stable_hash
from rasd.text.arabic import normalize

# Titles, honorifics and roles that precede names but are not part of them.
_TITLES = {normalize(w) for w in """
الرئيس الرئيسة رئيس رئيسة الأمير الأميرة الملك الملكة الشيخ الشيخة السيد السيدة الآنسة الدكتور الدكتورة د
المهندس المهندسة الأستاذ الأستاذة اللواء العميد العقيد المقدم الرائد النقيب الفريق المشير الجنرال الأدميرال
الإمام القس البابا الحاخام سمو سموه صاحب السمو الملكي خادم الحرمين الشريفين فخامة معالي سعادة المستشار المستشارة
ولي العهد العاهل السلطان وزير وزيرة الأمين العام
الوزير الوزيرة السفير السفيرة النائب النائبة المتحدث المتحدثة الناطق الناطقة المبعوث المبعوثة المندوب المندوبة
الحاج الحاجة المدرب اللاعب الفنان الفنانة الكاتب الكاتبة الصحفي الصحفية القاضي المحامي البروفيسور
""".split()}
# Name particles inside Arabic names: part of the name, and telling (بن X ≠ بن Y).
_PARTICLES = {"بن", "ابن", "بنت", "ابو", "ام", "ال", "عبد"}
# Offices among the titles: the words after them belong to the office (وزير الخارجية الصيني).
_ROLE_HEADS = {normalize(w) for w in """
الرئيس الرئيسة رئيس رئيسة الوزير الوزيرة وزير وزيرة المتحدث المتحدثة الناطق الناطقة المبعوث المبعوثة
المندوب المندوبة السفير السفيرة النائب النائبة المستشار المستشارة الأمين ولي
""".split()}
_FOLD = str.maketrans({"غ": "ك", "ج": "ك", "ق": "ك", "ث": "س", "ذ": "ز", "ظ": "ز", "ط": "ت", "ص": "س",
                       "ض": "د", "ڤ": "ف", "پ": "ب", "چ": "ش", "گ": "ك", "ة": "ه"})
_LONG_VOWELS = re.compile(r"(?<=.)[اويى](?=.)")
# Heads of organisation names: a later mention of the head alone (الوزارة) is the last such organisation.
_ORG_HEADS = {normalize(w) for w in "وزارة هيئة منظمة شركة جامعة مجلس حزب حركة وكالة بنك مصرف لجنة اتحاد جمعية محكمة مؤسسة صندوق حلف".split()}


def _load_names() -> frozenset[str]:
    import os

    path = os.path.join(os.path.dirname(__file__), "data", "arabic_given_names.txt")
    words: set[str] = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                words.update(normalize(line).split())
    return frozenset(words)


ARABIC_NAMES = _load_names()


@lru_cache(maxsize=200_000)
def title_words(mention: str) -> int:
    """How many leading words of a mention are titles or an office, not the name (at least one word is left).

    After an office (not an honorific) its complement goes too: وزير الخارجية الصيني وانغ يي."""
    words = [w for w in normalize(mention).replace("-", " ").split() if re.search(r"\w", w)]
    i = 0
    while len(words) - i > 1 and words[i] in _TITLES:
        role = words[i] in _ROLE_HEADS
        i += 1
        while role and len(words) - i > 1 and (words[i].startswith(("ال", "لل")) or words[i] == "باسم") \
                and words[i] not in ARABIC_NAMES and words[i] != "ال":
            i += 1
    return i


def name_tokens(mention: str) -> list[str]:
    """Normalised tokens of a mention with leading titles removed (عبد X joined: عبد الله = عبدالله;
    آل ثاني and أبو مازن kept as one unit each, written ال~ثاني and ابو~مازن)."""
    return list(_name_tokens(mention))


@lru_cache(maxsize=200_000)
def _name_tokens(mention: str) -> tuple[str, ...]:
    toks = [t for t in normalize(mention).replace("-", " ").split() if re.search(r"\w", t)]
    # Glued clitics (وبوتين) are not cut here: و/ب/ل/ك cannot be told from a name's own
    # first letter (وانغ، بوتين، لافروف، كييف); matching tries them as a weak match.
    toks = toks[title_words(mention):]
    joined: list[str] = []
    for t in toks:
        if joined and joined[-1] in ("عبد", "بن", "بنعبد", "بنت", "بنتعبد"):  # عبد الله = عبدالله; بن عبد العزيز = بنعبدالعزيز
            joined[-1] += t
        else:
            joined.append(t)
    toks = []
    for t in joined:
        if toks and toks[-1] in ("ال", "ابو", "ام", "ابي", "ابا"):
            toks[-1] = ("ابو" if toks[-1] in ("ابي", "ابا") else toks[-1]) + "~" + t
        else:
            toks.append(t)
    return tuple(toks)


@lru_cache(maxsize=200_000)
def token_key(tok: str) -> str:
    """One word's transliteration skeleton: foreign-sound letters folded, inner long vowels dropped.

    Arabic names keep every letter: there a long vowel or a ج/غ is the difference
    between two names (حسن/حسين، جمال/كمال), not a spelling of one foreign sound.
    """
    if tok in ARABIC_NAMES or tok.startswith(("ال", "عبد")) or tok in _PARTICLES or "~" in tok:
        return tok
    if tok.startswith("بن") and tok[2:] in ARABIC_NAMES:
        return tok
    t = tok.translate(_FOLD)
    if t.startswith("ال") and len(t) > 4:
        t = "ال" + _LONG_VOWELS.sub("", t[2:])
    else:
        t = _LONG_VOWELS.sub("", t)
    return t


def tokens_key(toks: list[str], short: int = 3) -> str:
    """The key of a name given as tokens: word splits ignored.  A one-word name whose skeleton
    is two letters keeps its vowels (غانا/غيانا، مالي/مالاوي), doubled letters folded (كييف/كيف)."""
    key = "".join(token_key(t) for t in toks)
    if len(toks) == 1 and len(key) < short and toks[0] not in ARABIC_NAMES:
        return re.sub(r"(.)\1+", r"\1", toks[0].translate(_FOLD))
    return key


def name_key(mention: str) -> str:
    """The transliteration key of a whole name (word splits ignored)."""
    return tokens_key(name_tokens(mention))


@dataclass
class Mention:
    text: str
    start: int
    end: int
    type: str
    tokens: list[str] = field(default_factory=list)
    canonical: str | None = None   # the full form this mention stands for in its article


def resolve_article(spans: list[dict]) -> list[Mention]:
    """Link each mention to the full form it stands for inside one article (in text order)."""
    mentions = [Mention(s["text"], s["start"], s["end"], s["type"], name_tokens(s["text"])) for s in spans]
    fulls: list[Mention] = []
    for m in mentions:
        if not m.tokens:
            continue
        canonical = " ".join(m.tokens)
        if m.type == "PER" and len(m.tokens) == 1:
            k = token_key(m.tokens[0])
            # وبوتين، لبوتين: a glued clitic is cut only when what is left is a name the article introduced
            unglued = [token_key(t) for t in _unglue(m.tokens[0])]
            found = False
            for keys in ([k], unglued):
                for f in reversed(fulls):  # the most recently introduced matching full name
                    if f.type == "PER" and len(f.tokens) > 1 and (token_key(f.tokens[-1]) in keys or token_key(f.tokens[0]) in keys):
                        canonical = f.canonical or canonical
                        found = True
                        break
                if found:
                    break
        elif m.type == "ORG":
            for f in reversed(fulls):
                if f.type != "ORG" or len(f.tokens) <= len(m.tokens):
                    continue
                # الوزارة الروسية after وزارة الخارجية الروسية: the head with or without its article
                fk = [token_key(_bare_head(t)) for t in f.tokens]
                mk = [token_key(_bare_head(t)) for t in m.tokens]
                head = m.tokens[0].removeprefix("ال")
                if (len(m.tokens) == 1 and head in _ORG_HEADS and fk[0] == token_key(head)) or _subsequence(mk, fk):
                    canonical = f.canonical or canonical  # الخارجية الصينية → وزارة الخارجية الصينية
                    break
        m.canonical = canonical
        if len(m.tokens) >= 2 or m.type != "PER":
            fulls.append(m)
    return mentions


def _bare_head(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and tok[2:] in _ORG_HEADS else tok


def _unglue(tok: str) -> list[str]:
    return [tok[len(c):] for c in ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل") if tok.startswith(c) and len(tok) - len(c) >= 4]


def _subsequence(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(s == x for x in it) for s in short)


@lru_cache(maxsize=200_000)
def entity_key(type_: str, canonical: str) -> str:
    """The cross-article identity of a resolved mention: its type and transliteration key.

    An organisation's generic head (وزارة، منظمة، حلف) is dropped when a specific name
    follows, so وزارة الخارجية الصينية and الخارجية الصينية meet across articles too."""
    toks = canonical.split()
    if type_ == "ORG" and len(toks) >= 3 and toks[0] in _ORG_HEADS:
        toks = toks[1:]
    # a one-word place or organisation needs four letters of skeleton (مالي/مالاوي، غانا/غيانا)
    key = tokens_key(toks, 3 if type_ == "PER" else 4)
    if type_ == "PER" and len(toks) == 1:
        key = "1:" + key  # a bare word stays apart from every full name
    return type_ + ":" + key


def entity_id(key: str) -> str:
    return "E" + stable_hash(key, size=6)


def _display(mention: Mention) -> str:
    """The mention as written, without leading titles (for names and aliases)."""
    raw = [w for w in mention.text.replace("-", " ").split() if re.search(r"\w", normalize(w))]
    drop = title_words(mention.text)
    return " ".join(raw[drop:]) if 0 < drop < len(raw) else mention.text


def link(spans: list[dict], text: str | None = None) -> list[dict]:
    """Export items for one article's NER spans: each with an entity_id, the article's full
    form of the name it stands for (``canonical``), and, given the article text, the role the
    text gives the name there (``role``: وزير الخارجية الصيني before وانغ يي).

    The entity_id here is the key's hash; the pipeline's entity registry replaces it with the
    id of the cross-article entity the mention joins."""
    from .names import find_roles

    mentions = resolve_article(spans)
    full_display: dict[str, str] = {}
    for m in mentions:
        if m.canonical and " ".join(m.tokens) == m.canonical:
            full_display.setdefault(m.canonical, _display(m))
    out = []
    for m in mentions:
        if not m.tokens or not m.canonical or (m.type == "PER" and m.tokens == ["الله"]):
            continue  # "الله" alone (حفظه الله، رحمه الله) is no person in the news: a tagger's slip
        item = {"text": m.text, "start": m.start, "end": m.end, "type": m.type,
                "entity_id": entity_id(entity_key(m.type, m.canonical)),
                "canonical": full_display.get(m.canonical, _display(m))}
        if text is not None and m.type == "PER":
            roles = find_roles(text, m.start, m.end)
            title = _title_role(m)
            if title:
                roles.insert(0, title)
            if roles:
                item["role"] = roles[0]
        out.append(item)
    return out


def _title_role(m: Mention) -> str | None:
    """An office the tagger kept inside the span (الرئيس الروسي فلاديمير بوتين): the role."""
    raw = m.text.split()
    drop = title_words(m.text)
    # خادم الحرمين الشريفين الملك سلمان: the office may follow honorifics
    for i, w in enumerate(raw[:drop]):
        if normalize(w) in _OFFICES:
            return " ".join(raw[i:drop])
    return None


_OFFICES = _ROLE_HEADS | {normalize(w) for w in ("الملك", "الأمير", "العاهل", "المرشد", "السلطان")}
