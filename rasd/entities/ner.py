"""Arabic named-entity recognition: a CRF trained on ANERcorp, shipped with rasd.

The model is a linear-chain CRF (python-crfsuite) rather than a transformer so
that rasd installs offline, tags tens of thousands of tokens per second on a
laptop core, and can be retrained from ../shared in minutes
(``scripts/train_ner.py``).  Tags are BIO with PER/LOC/ORG/MISC.
"""

from __future__ import annotations

import os
import threading
from collections import Counter

import pycrfsuite

from rasd.text.arabic import normalize, sentences, tokenize

from .evaluate import spans
from .features import document_features, normal_forms, prewarm, sentence_features, word_info
from .lexicon import DATA_DIR, Lexicon

MODEL_PATH = os.path.join(os.path.dirname(__file__), "models", "ner.crfsuite")
ALLOWED_TAGS = frozenset(["O"] + [f"{p}-{t}" for t in ("PER", "LOC", "ORG", "MISC") for p in "BI"])


class Tagger:
    """A loaded model plus the lexicon its features were trained with."""

    def __init__(self, model_path: str = MODEL_PATH, data_dir: str = DATA_DIR) -> None:
        self._crf = pycrfsuite.Tagger()
        self._crf.open(model_path)
        self.lexicon = Lexicon.load(data_dir)
        prewarm(self.lexicon)
        # pycrfsuite taggers hold C state and are not safe to share across threads
        self._lock = threading.Lock()

    def tag(self, tokens: list[str]) -> list[str]:
        if not tokens:
            return []
        feats = sentence_features(tokens, self.lexicon)
        with self._lock:
            tags = self._crf.tag(feats)
        # ANERcorp says PERS; older models may still emit it
        return [t[:-1] if t.endswith("-PERS") else t for t in tags]

    def tag_document(self, doc: list[list[str]], propagate: bool = True) -> list[list[str]]:
        """Tags for consecutive sentences of one text: names repeated in
        nearby sentences share evidence (see features.document_features),
        and a name tagged confidently is tagged again where the model missed
        it nearby (:func:`propagate_names`)."""
        out: list[list[str]] = []
        confident: list[dict[tuple[str, ...], str]] = []
        feats = document_features(doc, self.lexicon)
        norms = normal_forms(doc, self.lexicon)  # cached by the features just computed
        seen = Counter(n for row in norms for n in row)
        crf = self._crf
        with self._lock:
            for norm, f in zip(norms, feats):
                tags = [t[:-1] if t.endswith("-PERS") else t for t in crf.tag(f)] if f else []
                found: dict[tuple[str, ...], str] = {}
                if propagate:
                    for a, b, typ in spans(tags):
                        key = tuple(norm[a:b])
                        surname = norm[b - 1] if typ == "PER" and b - a > 1 else None
                        # only a name whose words occur again in the text can be
                        # propagated: skip the marginals (a forward-backward pass) otherwise
                        if typ == "MISC" or (seen[key[0]] < 2 and (surname is None or seen[surname] < 2)):
                            continue
                        # marginals of the chosen labels: how sure the model is of this span
                        if min(crf.marginal(tags[k], k) for k in range(a, b)) >= PROPAGATE_CONFIDENCE:
                            found[key] = typ
                            if surname is not None:
                                # the surname alone is how news repeats a person
                                found.setdefault((surname,), typ)
                out.append(tags)
                confident.append(found)
        if propagate:
            out = propagate_names(norms, out, confident)
        return out


PROPAGATE_CONFIDENCE = 0.5  # least marginal probability over a span's tokens
PROPAGATE_WINDOW = 10  # sentences either side
_PROPAGATE_MAX_LEN = 4


def propagate_names(norms: list[list[str]], tags: list[list[str]],
                    confident: list[dict[tuple[str, ...], str]],
                    window: int = PROPAGATE_WINDOW) -> list[list[str]]:
    """Tag untagged repeats of a name the model tagged confidently nearby.

    News introduces a name once with its cues and then repeats it bare; the
    CRF sometimes misses the bare repeat.  ``confident[i]`` maps normalised
    token tuples the model tagged in sentence ``i`` with enough confidence
    to their type.  An O-tagged occurrence of such a tuple within ``window``
    sentences takes that type, longest match first, unless the tuple was
    tagged with two different types nearby (ambiguous) or the match would
    run into a following span.
    """
    out = [list(t) for t in tags]
    for si, sent in enumerate(norms):
        cand: dict[tuple[str, ...], set[str]] = {}
        for sj in range(max(0, si - window), min(len(norms), si + window + 1)):
            for key, typ in confident[sj].items():
                if len("".join(key)) >= 3:
                    cand.setdefault(key, set()).add(typ)
        if not cand:
            continue
        firsts = {key[0] for key in cand}
        row = out[si]
        i = 0
        while i < len(sent):
            if sent[i] not in firsts:
                i += 1
                continue
            hit = None
            for n in range(_PROPAGATE_MAX_LEN, 0, -1):
                key = tuple(sent[i:i + n])
                types = cand.get(key)
                if len(key) == n and types and len(types) == 1 and all(t == "O" for t in row[i:i + n]):
                    hit = (n, next(iter(types)))
                    break
            if hit is None or (i + hit[0] < len(row) and row[i + hit[0]].startswith("I-")):
                i += 1
                continue
            n, typ = hit
            row[i] = "B-" + typ
            for k in range(i + 1, i + n):
                row[k] = "I-" + typ
            i += n
    return out


_TAGGER: Tagger | None = None
_TAGGER_LOCK = threading.Lock()


def get_tagger() -> Tagger:
    """The shipped model, loaded once per process on first use (loading costs
    ~1 s and most rasd commands never need entities)."""
    global _TAGGER
    if _TAGGER is None:
        with _TAGGER_LOCK:
            if _TAGGER is None:
                _TAGGER = Tagger()
    return _TAGGER


def tag_tokens(tokens: list[str]) -> list[str]:
    """BIO tags (B-PER, I-LOC, ..., O) for one sentence of tokens.

    Pass a sentence, not a whole article: features look two tokens either
    side and the CRF was trained on sentence-sized sequences.
    """
    return get_tagger().tag(tokens)


# --- spans over raw text --------------------------------------------------------

def _strip_clitic(tok: str, lex: Lexicon) -> int:
    """How many leading characters of a span's first token are a glued
    conjunction or preposition (و ف ب ل) rather than part of the name.

    The letter alone cannot decide: وبوتين is و + بوتين but بوش, لندن,
    فرنسا and وليد begin with the same letters.  So the training-data counts
    and CLDR places decide when they know either form, and otherwise only an
    article after the letter (والقاهرة، بالعراق) or و before a consonant
    cluster that transliterations do not start with is stripped.  (A span
    on للأمم keeps its ل: the article's alef is gone, so no slice of the raw
    text spells الأمم.)
    """
    n = normalize(tok)
    if len(n) < 4 or n[0] not in "وفبل":
        return 0
    # the normalised form may be shorter than the raw token (diacritics); find
    # the raw index of the first letter after the clitic
    first = next((k for k, ch in enumerate(tok) if normalize(ch)), 0)
    raw_cut = next((k for k in range(first + 1, len(tok)) if normalize(tok[k])), 0)
    if raw_cut == 0:
        return 0
    rest = n[1:]
    full = lex.tokens.get(n)
    part = lex.tokens.get(rest)
    full_ent = sum(full[0].values()) if full else 0
    part_ent = sum(part[0].values()) if part else 0
    if (rest,) in lex.places:
        part_ent += 5
    if (n,) in lex.places:
        full_ent += 5
    if full_ent or part_ent:
        return raw_cut if part_ent > full_ent else 0
    # neither is a known name: whichever form the training text uses (وزارة, not زارة)
    full_f, part_f = lex.freq.get(n, 0), lex.freq.get(rest, 0)
    if full_f or part_f:
        return raw_cut if part_f > full_f else 0
    if rest.startswith("ال"):
        return raw_cut
    if n[0] == "و" and rest[0] not in "اوي":
        return raw_cut
    return 0


_MINISTRY = frozenset(normalize(w) for w in ("وزارة", "ووزارة", "بوزارة", "لوزارة", "فوزارة"))


def _ministries(toks: list[str], tags: list[str]) -> list[str]:
    """Tag "وزارة <ال-word>[ <ال-word>...]" as ORG where the CRF left it O.

    ANERcorp never tags ministries (وزارة الخارجية is O throughout), but for
    news monitoring a ministry is an organisation users look for.  This rule
    runs in :func:`extract` only, so :func:`tag_tokens` and the evaluation stay
    faithful to what the model learnt.
    """
    tags = list(tags)
    i = 0
    while i < len(toks):
        if tags[i] == "O" and normalize(toks[i]) in _MINISTRY:
            j = i + 1
            while j < len(toks) and j - i <= 4 and tags[j] == "O":
                nj = normalize(toks[j])
                if not (nj.startswith("ال") or nj.startswith("وال")) or len(nj) < 4:
                    break
                j += 1
            if j > i + 1:
                tags[i] = "B-ORG"
                for k in range(i + 1, j):
                    tags[k] = "I-ORG"
            i = j
        else:
            i += 1
    return tags


def extract(text: str, types: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")) -> list[dict]:
    """Entity spans in ``text`` with character offsets into it.

    Sentences and word tokens come from rasd.text.arabic so offsets agree with
    every other stage; punctuation between words is handed to the tagger as
    tokens too, because ANERcorp (what the model learnt from) keeps it and
    quotes and brackets are useful boundary cues.  Spans never include that
    punctuation, and a glued conjunction/preposition is cut off the front.
    """
    tagger = get_tagger()
    out: list[dict] = []
    batch: list[tuple[int, list[str], list[tuple[int, int, bool]]]] = []
    for sent in sentences(text):
        words = tokenize(sent.text)
        if not words:
            continue
        toks: list[str] = []
        offs: list[tuple[int, int, bool]] = []  # (start, end, is_word)
        pos = 0
        for w in words:
            for k in range(pos, w.start):
                if not sent.text[k].isspace():
                    toks.append(sent.text[k])
                    offs.append((k, k + 1, False))
            toks.append(w.text)
            offs.append((w.start, w.end, True))
            pos = w.end
        for k in range(pos, len(sent.text)):
            if not sent.text[k].isspace():
                toks.append(sent.text[k])
                offs.append((k, k + 1, False))
        batch.append((sent.start, toks, offs))
    # the whole article at once: a name's other mentions lend it their cues
    # (document features), as in training and evaluation
    all_tags = tagger.tag_document([toks for _, toks, _ in batch])
    for (sent_start, toks, offs), tags in zip(batch, all_tags):
        tags = _ministries(toks, tags)
        i = 0
        while i < len(tags):
            tag = tags[i]
            if tag == "O":
                i += 1
                continue
            typ = tag[2:]
            j = i + 1
            while j < len(tags) and tags[j] == "I-" + typ:
                j += 1
            idx = [k for k in range(i, j) if offs[k][2]]
            # trim punctuation at the span's edges (keep it inside: "بي. بي. سي")
            if idx and typ in types:
                a, b = idx[0], idx[-1]
                start = sent_start + offs[a][0]
                end = sent_start + offs[b][1]
                cut = _strip_clitic(toks[a], tagger.lexicon)
                if cut and offs[a][1] - offs[a][0] > cut:
                    start += cut
                if end > start:
                    out.append({"text": text[start:end], "start": start, "end": end, "type": typ})
            i = j
    return out


__all__ = ["tag_tokens", "extract", "get_tagger", "Tagger", "MODEL_PATH", "ALLOWED_TAGS", "word_info", "propagate_names"]
