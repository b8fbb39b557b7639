"""Article vectors for clustering: TF-IDF of light stems (title and body apart) and of resolved entities.

Sparse vectors are plain dicts {term: weight}, L2-normalised and rounded, so
that what is kept in the store and what is computed in memory are the same
numbers (a later run continues exactly where an earlier one stopped).
Document frequencies grow as articles arrive; an article is weighted with
the frequencies seen before it, which keeps the result independent of how
the input is split into runs.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rasd.text.arabic import light_stem, normalize, words

BODY_TERMS = 60     # an article's body vector keeps its heaviest terms only
BODY_WORDS = 400    # the lead carries the story; long bodies drift into background
DF_FLOOR = 3
ROUND = 5

# Function words and news boilerplate that say nothing about which event an article reports
# (normalised, as rasd.text.arabic.normalize writes them).
_STOP_RAW = """
في من الى إلى على عن مع ان أن إن او أو ثم قد لقد كان كانت يكون تكون هذا هذه ذلك تلك هؤلاء الذي التي الذين اللذين اللتين
وقد وكان وهو وهي هو هي هم هن انه أنه إنه انها أنها إنها كما لم لن لا ما ماذا متى اين أين كيف كل بعض غير بين حيث حتى
عند عندما منذ خلال بعد قبل فوق تحت امام أمام اي أي لدى له لها لهم به بها بهم فيه فيها فيهم منه منها منهم عليه عليها
عليهم اليه إليه اليها إليها الا إلا اذا إذا لو ولا وما ومن وفي وعلى وعن ومع وان وأن وإن او وقال قال وقالت قالت واضاف وأضاف
اضاف أضاف واوضح وأوضح اوضح أوضح واكد وأكد اكد أكد واشار وأشار اشار أشار ذكر وذكر يذكر اليوم امس أمس غدا يوم الماضي المقبل
الحالي العام عام سنة اكثر أكثر اقل أقل جدا ايضا أيضا فقط نحو حول ضمن اجل أجل عبر لدي يتم تم وتم كون وذلك ذلك بان بأن
لان لأن الي التى الذى وهذا وهذه هناك هنا مثل وكذلك كذلك عدد عدة احد أحد اول أول ثاني الثاني الاول الأول اخرى أخرى اخر آخر
صحيفة موقع خبر اخبار أخبار وكالة واس الانباء الأنباء مصدر المصدر انتهى
"""
STOPWORDS = frozenset(normalize(w) for w in _STOP_RAW.split())
STOP_STEMS = frozenset(light_stem(w) for w in STOPWORDS)


_STEMS: dict[str, str | None] = {}  # word -> content stem (None: not a content word); words repeat, stemming is Python


_CLITICS = "بلكف"
CLITIC_RATIO, CLITIC_MIN_DF = 5, 20


def _strip_clitic(s: str, df: Mapping[str, int]) -> str:
    """A preposition or conjunction glued to a noun without the article (بعسير, لمسجد) that the light stemmer
    keeps: dropped when the word without it is far more common in the prior than the word with it (so لبنان,
    لقاء, بريطانيا keep their first letter)."""
    if len(s) >= 4 and s[0] in _CLITICS:
        rest = s[1:]
        n = df.get(rest, 0)
        if n >= CLITIC_MIN_DF and n >= CLITIC_RATIO * df.get(s, 0):
            return rest
    return s


def _content_stem(w: str) -> str | None:
    if w in STOPWORDS or len(w) < 2 or w.isdigit():
        return None
    s = _strip_clitic(light_stem(w), _base_prior()[1])
    return s if s not in STOP_STEMS and len(s) >= 2 else None


def terms(text: str, limit: int | None = None) -> list[str]:
    """Content stems of a text: normalised, light-stemmed, function words and bare numbers dropped."""
    out = []
    cache = _STEMS
    if len(cache) > 500_000:  # bounded: a long run must not grow it forever
        cache.clear()
    # a word is rarely longer than 12 characters with its space: normalise only what the limit can reach
    ws = words(text[:limit * 12])[:limit] if limit else words(text)
    for w in ws:
        s = cache.get(w, "")
        if s == "":
            s = cache[w] = _content_stem(w)
        if s is not None:
            out.append(s)
    return out


def entity_terms(entities: Iterable[Mapping]) -> list[str]:
    """One term per resolved entity mention (``E:`` + entity_id), so entities share the df table."""
    return ["E:" + e["entity_id"] for e in entities if e.get("entity_id")]


_BASE: tuple[int, dict[str, int]] | None = None
_PRIOR: tuple[int, dict[str, int]] | None = None


def _base_prior() -> tuple[int, dict[str, int]]:
    """The shipped file as is: document frequencies of light stems (before clitic stripping)."""
    global _BASE
    if _BASE is None:
        path = os.path.join(os.path.dirname(__file__), "data", "df_prior.tsv")
        docs, df = 0, {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    t, _, n = line.rstrip("\n").partition("\t")
                    if t == "#docs":
                        docs = int(n)
                    elif n:
                        df[t] = int(n)
        _BASE = (docs, df)
    return _BASE


def prior() -> tuple[int, dict[str, int]]:
    """Document frequencies of content stems in 31,030 Arabic news articles (scripts/build_df_prior.py): a
    store that holds few articles cannot tell rare words from common ones by itself."""
    global _PRIOR
    if _PRIOR is None:
        docs, base = _base_prior()
        df: dict[str, int] = {}
        for t, n in base.items():
            t = _strip_clitic(t, base)
            df[t] = df.get(t, 0) + n
        _PRIOR = (docs, df)
    return _PRIOR


class DocFreq:
    """Document frequencies as they grow (on top of the shipped prior); idf with the usual smoothing."""

    def __init__(self, docs: int = 0, df: dict[str, int] | None = None, use_prior: bool = True) -> None:
        self.docs = docs
        self.df: dict[str, int] = df or {}
        self.pending: Counter = Counter()
        self.pending_docs = 0
        self.prior_docs, self.prior_df = prior() if use_prior else (0, {})

    def idf(self, term: str) -> float:
        # a word seen almost nowhere else (a typo, a rare inflection, one writer's rhetoric) can match
        # almost nothing: it is weighed like a word of DF_FLOOR documents, so it cannot drown the event's words
        df = max(DF_FLOOR, self.df.get(term, 0) + self.prior_df.get(term, 0))
        return math.log((self.docs + self.prior_docs + 1) / (df + 1)) + 1.0

    def add(self, distinct_terms: Iterable[str]) -> None:
        for t in distinct_terms:
            self.df[t] = self.df.get(t, 0) + 1
            self.pending[t] += 1
        self.docs += 1
        self.pending_docs += 1


def weigh(tf: Mapping[str, int], df: DocFreq, keep: int | None = None) -> dict[str, float]:
    """Sublinear tf × idf, the heaviest ``keep`` terms (ties by term, for determinism), L2-normalised."""
    w = {t: (1.0 + math.log(c)) * df.idf(t) for t, c in tf.items()}
    if keep is not None and len(w) > keep:
        w = dict(sorted(w.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])
    return normalise(w)


def normalise(v: Mapping[str, float]) -> dict[str, float]:
    n = math.sqrt(sum(x * x for x in v.values()))
    if not n:
        return {}
    return {t: round(x / n, ROUND) for t, x in v.items()}


def norm(v: Mapping[str, float]) -> float:
    return math.sqrt(sum(x * x for x in v.values()))


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b[t] for t, x in a.items() if t in b)


def cosine(a: Mapping[str, float], b: Mapping[str, float], b_norm: float | None = None,
           a_norm: float | None = None) -> float:
    if not a or not b:
        return 0.0
    nb = norm(b) if b_norm is None else b_norm
    na = norm(a) if a_norm is None else a_norm
    if not na or not nb:
        return 0.0
    return dot(a, b) / (na * nb)


def add_into(acc: dict[str, float], v: Mapping[str, float], sign: float = 1.0) -> None:
    for t, x in v.items():
        acc[t] = acc.get(t, 0.0) + sign * x


def truncate(v: dict[str, float], keep: int) -> dict[str, float]:
    """The heaviest ``keep`` entries, rounded (ties by term, for determinism)."""
    items = [(t, round(x, ROUND)) for t, x in v.items() if x > 1e-9]
    if len(items) > keep:
        items = sorted(items, key=lambda kv: (-kv[1], kv[0]))[:keep]
    return dict(items)


@dataclass(slots=True)
class ArticleVectors:
    body: dict[str, float]
    title: dict[str, float]
    ents: dict[str, float]
    terms: set[str]  # distinct terms counted in the document frequencies


def article_vectors(title: str | None, text: str, entities: Iterable[Mapping], df: DocFreq) -> ArticleVectors:
    """Vectors of one article, weighted with the frequencies seen so far (the caller adds it to df after)."""
    title_terms = terms(title or "")
    body_terms = terms(text, BODY_WORDS)
    ent_terms = entity_terms(entities)
    body_tf = Counter(body_terms)
    for t in title_terms:  # the headline is the densest statement of the event
        body_tf[t] += 1
    vec = ArticleVectors(weigh(body_tf, df, BODY_TERMS), weigh(Counter(title_terms), df), weigh(Counter(ent_terms), df),
                         set(body_tf) | set(ent_terms))
    return vec
