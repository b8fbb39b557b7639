"""CRF features for one sentence of tokens.

Training and run time must compute exactly the same features, so both call
:func:`sentence_features`.  Word-internal features depend only on the word
and are memoised (news repeats its words, so this is most of the tagging
speed); features that consult a :class:`Lexicon` are computed per call
because training swaps in jack-knifed lexicons.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from rasd.text.arabic import ARABIC_LETTER, LATIN_LETTER, light_stem, normalize

from .lexicon import (
    FOREIGN_ENDINGS,
    GIVEN,
    LOC_HEADS,
    NASAB,
    ORG_HEADS,
    ROLE_LINKS,
    ROLES,
    SPEECH,
    Lexicon,
    clitic_candidates,
)

_DIGIT = re.compile(r"[0-9]")
_FEND = frozenset(FOREIGN_ENDINGS)
_AFFIX_LENS = (1, 2, 3, 4)
_PFX = {k: f"p{k}=" for k in _AFFIX_LENS}
_SFX = {k: f"x{k}=" for k in _AFFIX_LENS}
_LEN = {k: f"len={k}" for k in range(11)}
# word -> the cue classes of the hand-written lists it is in (one lookup per candidate form)
_CUE_OF: dict[str, set[str]] = {}
for _name, _words_of in (("role", ROLES), ("org", ORG_HEADS), ("loc", LOC_HEADS), ("say", SPEECH),
                         ("link", ROLE_LINKS), ("given", GIVEN)):
    for _w in _words_of:
        _CUE_OF.setdefault(_w, set()).add(_name)
_FEND_LENS = sorted({len(e) for e in FOREIGN_ENDINGS}, reverse=True)


@lru_cache(maxsize=10_000)  # small: the per-lexicon word cache (_words) is what run time hits
def word_info(tok: str) -> tuple[str, str, tuple[str, ...], frozenset[str], tuple[str, ...], dict[int, tuple[str, ...]]]:
    """(normalised form, light stem, lookup candidates, cue classes, word
    features, features this word gives its neighbours at each offset).

    Cue classes are the hand-written lists the word (or its clitic-stripped
    form) belongs to, used both for the word itself and by its neighbours.
    """
    n = normalize(tok)
    s = light_stem(n)
    cands = tuple(clitic_candidates(n))
    bare = cands[-1]
    cues = set()
    for c in cands:
        hit = _CUE_OF.get(c)
        if hit:
            cues.update(hit)
    if n in NASAB:
        cues.add("nasab")
    is_ar = ARABIC_LETTER.search(n) is not None
    if is_ar and n.startswith("ال") and len(n) >= 5 and (n.endswith("ي") or n.endswith("يه") or n.endswith("يين")):
        cues.add("nisba")

    f = ["n=" + n, "s=" + s, "b=" + bare]
    if len(cands) > 1:
        f.append("c1=" + cands[1])
    ln = len(n)
    for k in _AFFIX_LENS:
        if ln > k:
            f.append(_PFX[k] + n[:k])
            f.append(_SFX[k] + n[-k:])
    if is_ar:
        shape = "ar" if LATIN_LETTER.search(n) is None and _DIGIT.search(n) is None else "armix"
    elif LATIN_LETTER.search(n):
        shape = "lat"
    elif _DIGIT.search(n):
        shape = "dig"
    else:
        shape = "punc"
    f.append("sh=" + shape)
    f.append(_LEN[min(ln, 10)])
    if is_ar:
        if n.startswith("ال"):
            f.append("al")
        if n[0] in "وفبلك":
            f.append("cl=" + n[0])
        if len(bare) >= 4:
            # longest listed ending that leaves at least two letters
            for k in _FEND_LENS:
                e = bare[-k:]
                if e in _FEND and len(bare) - k >= 2:
                    f.append("fend=" + e)
                    break
    cue_list = sorted(cues)
    f.extend(["cue=" + c for c in cue_list])
    nn, ss = "n=" + n, "s=" + s
    nb = {
        -2: ("-2" + nn, "-2" + ss),
        -1: ("-1" + nn, "-1" + ss, *["-1cue=" + c for c in cue_list]),
        1: ("1" + nn, "1" + ss, *["1cue=" + c for c in cue_list]),
        2: ("2" + nn, "2" + ss),
    }
    return n, s, cands, frozenset(cues), tuple(f), nb


def _freq_bucket(c: int) -> str:
    if c == 0:
        return "0"
    if c == 1:
        return "1"
    if c < 5:
        return "2"
    if c < 20:
        return "5"
    return "20"


def _lex_token(lex: Lexicon, cands: tuple[str, ...]) -> str | None:
    """A short label for what the training data says about this token."""
    info = None
    for c in cands:
        info = lex.tokens.get(c)
        if info is not None:
            break
    if info is None:
        return None
    counts, total = info
    lab, cnt = max(counts.items(), key=lambda kv: kv[1])
    rate = cnt / max(total, 1)
    bucket = "h" if rate >= 0.5 else "m" if rate >= 0.2 else "l"
    return f"{lab}:{bucket}"


_CACHE_MAX = 60_000  # entries (raw and normalised spellings) per lexicon; a long-running worker must not grow without bound


class _Word:
    """One token's features under one lexicon: everything that does not
    depend on the sentence around it, computed once per distinct token."""

    __slots__ = ("n", "s", "cands", "cues", "own", "nb", "sig", "gz", "key")

    def __init__(self, tok: str, lex: Lexicon) -> None:
        n, s, cands, cues, wf, nb = word_info(tok)
        self.n, self.s, self.cands, self.cues = n, s, cands, cues
        self.key = cands[-1] if len(n) >= 2 else None
        fq = "fq=" + _freq_bucket(lex.freq.get(n, 0))
        own = list(wf)
        own.append("bias")
        own.append(fq)
        sig: tuple[str, ...] = ()
        lab = _lex_token(lex, cands)
        if lab:
            own.append("lx=" + lab)
            typ = lab[2:lab.index(":")]
            own.append("lxt=" + typ)
            sig = ("lx" + typ,)
        self.own = tuple(own)
        self.sig = sig
        nbx = dict(nb)
        for o in (-1, 1):
            extra = [f"{o}fq=" + fq[3:]]
            if lab:
                extra.insert(0, f"{o}lx={lab}")
            nbx[o] = nb[o] + tuple(extra)
        self.nb = nbx
        starts = lex.starts
        self.gz = any(c in starts for c in cands)


def _words(tokens: list[str], lex: Lexicon) -> list[_Word]:
    cache = lex.cache
    out = []
    for t in tokens:
        w = cache.get(t)
        if w is None:
            # every feature derives from the normalised form, so spelling
            # variants (أ/ا، ة/ه، diacritics) share one entry
            if len(cache) >= _CACHE_MAX - 1:  # room for both keys below
                cache.clear()
            n = normalize(t)
            w = cache.get(n)
            if w is None:
                w = cache[n] = _Word(n, lex)
            cache[t] = w
        out.append(w)
    return out


def normal_forms(doc: list[list[str]], lex: Lexicon) -> list[list[str]]:
    """Normalised tokens of a text, from the word cache the features filled."""
    return [[w.n for w in _words(toks, lex)] for toks in doc]


def prewarm(lex: Lexicon, n_words: int = 10_000) -> None:
    """Fill the word cache with the training text's most frequent words.

    The top 10,000 make up about three quarters of the tokens of ANERcorp
    news, so a fresh process tags near its steady-state speed from its first
    article (costs ~0.4 s and ~30 MB at load)."""
    top = sorted(lex.freq.items(), key=lambda kv: (-kv[1], kv[0]))[:n_words]
    _words([w for w, _ in top], lex)


def _gazetteer(lex: Lexicon, ws: list[_Word]) -> list[tuple[str, ...]]:
    """B/I features from the longest phrase match starting at each token
    (train-derived entity phrases and CLDR places)."""
    n_tok = len(ws)
    out: list[list[str]] = [[] for _ in range(n_tok)]
    maxl = lex.max_len
    i = 0
    while i < n_tok:
        matched = 0
        if ws[i].gz:
            for L in range(min(maxl, n_tok - i), 0, -1):
                rest = tuple(w.n for w in ws[i + 1: i + L])
                for c in ws[i].cands:
                    key = (c,) + rest
                    ph = lex.phrases.get(key)
                    if ph is not None and L > 1:
                        typ = ph[0]
                        out[i].append("gz=B-" + typ)
                        for j in range(i + 1, i + L):
                            out[j].append("gz=I-" + typ)
                        matched = L
                        break
                    if key in lex.places:
                        out[i].append("cldr=B")
                        for j in range(i + 1, i + L):
                            out[j].append("cldr=I")
                        matched = max(matched, L)
                        break
                if matched:
                    break
        i += max(matched, 1)
    return [tuple(g) for g in out]


_LOC_PREPS = frozenset(["في", "من", "الي", "الى", "بين", "عن", "داخل", "انحاء"])


def _sentence_base(tokens: list[str], lex: Lexicon) -> tuple[list[_Word], list[list[str]], list[set[str]]]:
    """Per-sentence features, plus each token's label-free context signature
    (which cues surround this occurrence), for the document features."""
    ws = _words(tokens, lex)
    n_tok = len(ws)
    gaz = _gazetteer(lex, ws)
    feats: list[list[str]] = []
    sigs: list[set[str]] = []
    last = n_tok - 1
    for i in range(n_tok):
        w = ws[i]
        f = list(w.own)
        sig: set[str] = set(w.sig)
        g = gaz[i]
        if g:
            f.extend(g)
            sig.update(g)
        if i == 0:
            f.append("BOS")
            f.append("-2n=<pad>")
            f.append("-1n=<pad>")
        else:
            p = ws[i - 1]
            f.extend(p.nb[-1])
            if gaz[i - 1]:
                f.extend("-1" + x for x in gaz[i - 1])
            if i > 1:
                f.extend(ws[i - 2].nb[-2])
            else:
                f.append("-2n=<pad>")
            f.append(f"-1n|n={p.n}|{w.n}")
            pc = p.cues
            if pc:
                for c in ("org", "loc", "say"):
                    if c in pc:
                        sig.add("after-" + c)
            if p.n in _LOC_PREPS or p.cands[-1] in _LOC_PREPS:
                sig.add("after-prep")
            if "nasab" in pc:
                f.append("afternasab")
                sig.add("nasab")
        if i == last:
            f.append("EOS")
            f.append("1n=<pad>")
            f.append("2n=<pad>")
        else:
            q = ws[i + 1]
            f.extend(q.nb[1])
            if gaz[i + 1]:
                f.extend("1" + x for x in gaz[i + 1])
            if i + 2 <= last:
                f.extend(ws[i + 2].nb[2])
            else:
                f.append("2n=<pad>")
            f.append(f"n|+1n={w.n}|{q.n}")
            if i > 0:
                f.append(f"-1s|+1s={ws[i - 1].s}|{q.s}")
            if "nasab" in q.cues:
                f.append("beforenasab")
                sig.add("nasab")
        # a role word up to four tokens back, through linking words
        # (الرئيس الفرنسي ...، وزير الخارجية الأمريكي ...): the main person cue.
        for d in range(1, 5):
            j = i - d
            if j < 0:
                break
            cj = ws[j].cues
            if "role" in cj:
                f.append(f"role@{d}")
                f.append("afterrole")
                sig.add("after-role")
                break
            if "say" in cj and d <= 2:
                f.append(f"say@{d}")
            if not (("link" in cj or "nisba" in cj) or gaz[j]):
                break
        feats.append(f)
        sigs.append(sig)
    return ws, feats, sigs


DOC_WINDOW = 5  # sentences either side that count as "the same article"


def document_features(doc: list[list[str]], lex: Lexicon, window: int = DOC_WINDOW) -> list[list[list[str]]]:
    """Features for consecutive sentences of one text.

    A name is usually introduced once with its cue (شركة فولكسفاغن، الرئيس
    ماكرون) and then repeated bare, so each token also gets the cues seen
    around the other occurrences of the same word within ``window``
    sentences.  The cues are label-free, so training and tagging see the same
    kind of evidence.
    """
    bases = [_sentence_base(toks, lex) for toks in doc]
    # word key -> (sentence indices, signatures) of its occurrences that have
    # a signature, in text order, so the window is found by bisection
    occ: dict[str, tuple[list[int], list[set[str]]]] = {}
    for si, (ws, _, sigs) in enumerate(bases):
        for w, sig in zip(ws, sigs):
            if sig and w.key is not None:
                slot = occ.get(w.key)
                if slot is None:
                    slot = occ[w.key] = ([], [])
                slot[0].append(si)
                slot[1].append(sig)
    out = []
    for si, (ws, feats, sigs) in enumerate(bases):
        for w, f, sig in zip(ws, feats, sigs):
            slot = occ.get(w.key) if w.key is not None else None
            if slot is None:
                continue
            sis, osigs = slot
            lo, hi = bisect_left(sis, si - window), bisect_right(sis, si + window)
            seen: set[str] = set()
            for k in range(lo, hi):
                if osigs[k] is not sig:  # only evidence from the other occurrences
                    seen |= osigs[k]
            if seen:
                f.extend("doc=" + g for g in sorted(seen))
        out.append(feats)
    return out


def sentence_features(tokens: list[str], lex: Lexicon) -> list[list[str]]:
    """Feature strings for every token of one sentence with no surrounding text."""
    return document_features([tokens], lex)[0]
