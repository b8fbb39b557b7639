"""CRF features for one sentence of tokens.

Training and run time must compute exactly the same features, so both call
:func:`sentence_features`.  Word-internal features depend only on the word
and are memoised (news repeats its words, so this is most of the tagging
speed); features that consult a :class:`Lexicon` are computed per call
because training swaps in jack-knifed lexicons.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rasd.text.arabic import ARABIC_LETTER, LATIN_LETTER, light_stem, normalize

from .lexicon import (
    FOREIGN_ENDINGS,
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


@lru_cache(maxsize=50_000)  # ~150 MB at most per worker; frequent words stay cached
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
        if c in ROLES:
            cues.add("role")
        if c in ORG_HEADS:
            cues.add("org")
        if c in LOC_HEADS:
            cues.add("loc")
        if c in SPEECH:
            cues.add("say")
        if c in ROLE_LINKS:
            cues.add("link")
    if n in NASAB:
        cues.add("nasab")
    is_ar = ARABIC_LETTER.search(n) is not None
    if is_ar and n.startswith("ال") and len(n) >= 5 and (n.endswith("ي") or n.endswith("يه") or n.endswith("يين")):
        cues.add("nisba")

    f = ["n=" + n, "s=" + s, "b=" + bare]
    if len(cands) > 1:
        f.append("c1=" + cands[1])
    for k in (1, 2, 3, 4):
        if len(n) > k:
            f.append(f"p{k}={n[:k]}")
            f.append(f"x{k}={n[-k:]}")
    if is_ar:
        shape = "ar" if LATIN_LETTER.search(n) is None and _DIGIT.search(n) is None else "armix"
    elif LATIN_LETTER.search(n):
        shape = "lat"
    elif _DIGIT.search(n):
        shape = "dig"
    else:
        shape = "punc"
    f.append("sh=" + shape)
    f.append(f"len={min(len(n), 10)}")
    if is_ar:
        if n.startswith("ال"):
            f.append("al")
        if n[0] in "وفبلك":
            f.append("cl=" + n[0])
        if len(bare) >= 4:
            for e in FOREIGN_ENDINGS:
                if bare.endswith(e) and len(bare) - len(e) >= 2:
                    f.append("fend=" + e)
                    break
    f.extend("cue=" + c for c in sorted(cues))
    nb = {}
    for o in (-2, -1, 1, 2):
        g = [f"{o}n={n}", f"{o}s={s}"]
        if o in (-1, 1):
            g.extend(f"{o}cue={c}" for c in sorted(cues))
        nb[o] = tuple(g)
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


def _gazetteer(lex: Lexicon, infos: list) -> list[list[str]]:
    """B/I features from the longest phrase match starting at each token
    (train-derived entity phrases and CLDR places)."""
    n_tok = len(infos)
    out: list[list[str]] = [[] for _ in range(n_tok)]
    norms = [inf[0] for inf in infos]
    maxl = lex.max_len
    i = 0
    while i < n_tok:
        matched = 0
        for L in range(min(maxl, n_tok - i), 0, -1):
            rest = tuple(norms[i + 1: i + L])
            for c in infos[i][2]:
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
    return out


_LOC_PREPS = frozenset(["في", "من", "الي", "الى", "بين", "عن", "داخل", "انحاء"])


def _sentence_base(tokens: list[str], lex: Lexicon) -> tuple[list, list[list[str]], list[set[str]]]:
    """Per-sentence features, plus each token's label-free context signature
    (which cues surround this occurrence), for the document features."""
    infos = [word_info(t) for t in tokens]
    n_tok = len(infos)
    norms = [inf[0] for inf in infos]
    stemsq = [inf[1] for inf in infos]
    lexlab = [_lex_token(lex, inf[2]) for inf in infos]
    gaz = _gazetteer(lex, infos)
    freq = lex.freq
    feats: list[list[str]] = []
    sigs: list[set[str]] = []
    for i in range(n_tok):
        n, s, cands, cues, wf, _ = infos[i]
        f = list(wf)
        sig: set[str] = set()
        f.append("bias")
        f.append("fq=" + _freq_bucket(freq.get(n, 0)))
        if lexlab[i]:
            f.append("lx=" + lexlab[i])
            typ = lexlab[i][2:lexlab[i].index(":")]
            f.append("lxt=" + typ)
            sig.add("lx" + typ)
        f.extend(gaz[i])
        sig.update(gaz[i])
        if i == 0:
            f.append("BOS")
        if i == n_tok - 1:
            f.append("EOS")
        for o in (-2, -1, 1, 2):
            j = i + o
            if 0 <= j < n_tok:
                f.extend(infos[j][5][o])
                if o in (-1, 1):
                    if lexlab[j]:
                        f.append(f"{o}lx={lexlab[j]}")
                    f.extend(f"{o}{g}" for g in gaz[j])
                    f.append(f"{o}fq=" + _freq_bucket(freq.get(norms[j], 0)))
            else:
                f.append(f"{o}n=<pad>")
        if i > 0:
            f.append(f"-1n|n={norms[i - 1]}|{n}")
            prev = infos[i - 1][3]
            for c in ("org", "loc", "say"):
                if c in prev:
                    sig.add("after-" + c)
            if norms[i - 1] in _LOC_PREPS or infos[i - 1][2][-1] in _LOC_PREPS:
                sig.add("after-prep")
        if i + 1 < n_tok:
            f.append(f"n|+1n={n}|{norms[i + 1]}")
        if 0 < i < n_tok - 1:
            f.append(f"-1s|+1s={stemsq[i - 1]}|{stemsq[i + 1]}")
        # a role word up to four tokens back, through linking words
        # (الرئيس الفرنسي ...، وزير الخارجية الأمريكي ...): the main person cue.
        for d in range(1, 5):
            j = i - d
            if j < 0:
                break
            cj = infos[j][3]
            if "role" in cj:
                f.append(f"role@{d}")
                f.append("afterrole")
                sig.add("after-role")
                break
            if "say" in cj and d <= 2:
                f.append(f"say@{d}")
            if not ({"link", "nisba"} & cj or gaz[j]):
                break
        # a nasab particle around the token (محمد بن سلمان، أبو مازن)
        if i > 0 and "nasab" in infos[i - 1][3]:
            f.append("afternasab")
            sig.add("nasab")
        if i + 1 < n_tok and "nasab" in infos[i + 1][3]:
            f.append("beforenasab")
            sig.add("nasab")
        feats.append(f)
        sigs.append(sig)
    return infos, feats, sigs


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
    # per sentence: word key -> Counter of signatures
    per_sent: list[dict[str, dict[str, int]]] = []
    for infos, _, sigs in bases:
        d: dict[str, dict[str, int]] = {}
        for inf, sig in zip(infos, sigs):
            if not sig or len(inf[0]) < 2:
                continue
            slot = d.setdefault(inf[2][-1], {})
            for g in sig:
                slot[g] = slot.get(g, 0) + 1
        per_sent.append(d)
    out = []
    for si, (infos, feats, sigs) in enumerate(bases):
        lo, hi = max(0, si - window), min(len(doc), si + window + 1)
        for inf, f, sig in zip(infos, feats, sigs):
            key = inf[2][-1]
            seen: dict[str, int] = {}
            for sj in range(lo, hi):
                slot = per_sent[sj].get(key)
                if slot:
                    for g, c in slot.items():
                        seen[g] = seen.get(g, 0) + c
            for g in sig:  # only evidence from the other occurrences
                if g in seen:
                    seen[g] -= 1
            f.extend("doc=" + g for g, c in seen.items() if c > 0)
        out.append(feats)
    return out


def sentence_features(tokens: list[str], lex: Lexicon) -> list[list[str]]:
    """Feature strings for every token of one sentence with no surrounding text."""
    return document_features([tokens], lex)[0]
