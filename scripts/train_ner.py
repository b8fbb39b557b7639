#!/usr/bin/env python3
"""`make train-ner`: train rasd's Arabic NER model from ../shared/data/anercorp.

Reproducible: the dev split is the last 10% of the sentences of train.txt (a
contiguous tail, so dev articles are not interleaved with training articles),
the CRF optimiser (L-BFGS) is deterministic, and no random numbers are used.

Writes
  rasd/entities/models/ner.crfsuite   the CRF
  rasd/entities/data/tokens.tsv       per-token entity counts  (from the training split)
  rasd/entities/data/phrases.tsv      multi-token entity names (from the training split)
  rasd/entities/data/freq.tsv         word counts              (from the training split)
  rasd/entities/data/places.txt       CLDR Arabic territory names (babel)
then scores the dev split through rasd.entities.evaluate.evaluate_conll.

The lexicon features of the training sentences are jack-knifed: each fifth of
the training split sees lists built from the other four fifths.  Otherwise
every training name would be "in the list" and the CRF would learn to trust
list membership far more than it deserves on unseen text.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import pycrfsuite  # noqa: E402

from rasd.entities.evaluate import read_conll, spans  # noqa: E402
from rasd.entities.features import document_features  # noqa: E402
from rasd.entities.lexicon import DATA_DIR, Lexicon, load_places  # noqa: E402
from rasd.entities.ner import MODEL_PATH  # noqa: E402
from rasd.text.arabic import normalize  # noqa: E402

Sent = tuple[list[str], list[str]]


def write_places(path: str) -> None:
    """CLDR Arabic territory names: countries and regions, not the 'world' (001)."""
    import babel

    names = sorted({name for code, name in babel.Locale("ar").territories.items() if code != "001"})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"# Arabic territory names from Unicode CLDR via babel {babel.__version__} (Unicode license)\n")
        for name in names:
            f.write(name + "\n")


def build_lexicon(sents: list[Sent], places: set[tuple[str, ...]], min_rate: float = 0.5) -> Lexicon:
    """Token and phrase lists from tagged sentences.

    Phrases (multi-token entities) are kept only when, wherever that token
    sequence occurs in the text, it is tagged as that entity at least
    ``min_rate`` of the time: "الأمم المتحدة" yes, a two-word sequence that
    was once part of a longer name, no.
    """
    tok_counts: dict[str, Counter] = defaultdict(Counter)
    freq: Counter = Counter()
    phrase_counts: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for toks, tags in sents:
        norms = [normalize(t) for t in toks]
        for n, tag in zip(norms, tags):
            freq[n] += 1
            if tag != "O":
                tok_counts[n][tag] += 1
        for s, e, typ in spans(tags):
            if e - s > 1 and e - s <= 6:
                phrase_counts[tuple(norms[s:e])][typ] += 1
    # how often each candidate phrase occurs at all
    occ: Counter = Counter()
    by_len = defaultdict(set)
    for ph in phrase_counts:
        by_len[len(ph)].add(ph)
    for toks, _ in sents:
        norms = [normalize(t) for t in toks]
        for L, phs in by_len.items():
            for i in range(len(norms) - L + 1):
                key = tuple(norms[i:i + L])
                if key in phs:
                    occ[key] += 1
    phrases = {}
    for ph, c in phrase_counts.items():
        typ, cnt = c.most_common(1)[0]
        if cnt / max(occ[ph], 1) >= min_rate:
            phrases[ph] = (typ, cnt)
    tokens = {n: (dict(c), freq[n]) for n, c in tok_counts.items()}
    return Lexicon(tokens=tokens, phrases=phrases, places=places, freq=dict(freq))


def featurise(sents: list[Sent], lex: Lexicon) -> list[list[list[str]]]:
    # ANERcorp has no article boundaries: consecutive sentences stand in for them
    return document_features([toks for toks, _ in sents], lex)


def jackknife_features(sents: list[Sent], places, folds: int) -> list[list[list[str]]]:
    out: list[list[list[str]]] = []
    n = len(sents)
    bounds = [round(k * n / folds) for k in range(folds + 1)]
    for k in range(folds):
        a, b = bounds[k], bounds[k + 1]
        lex = build_lexicon(sents[:a] + sents[b:], places)
        out.extend(featurise(sents[a:b], lex))
    return out


def write_conll(sents: list[Sent], path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for toks, tags in sents:
            for t, g in zip(toks, tags):
                f.write(f"{t} {g}\n")
            f.write("\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--dev-share", type=float, default=0.10)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.1)
    ap.add_argument("--iters", type=int, default=150)
    ap.add_argument("--model", default=MODEL_PATH)
    ap.add_argument("--data-dir", default=DATA_DIR)
    ap.add_argument("--final", action="store_true",
                    help="after scoring on dev, retrain on train+dev and ship that (dev scores then no longer apply)")
    args = ap.parse_args()

    t_start = time.time()
    sents = read_conll(os.path.join(args.shared, "data", "anercorp", "train.txt"))
    n_dev = round(len(sents) * args.dev_share)
    train, dev = sents[:-n_dev], sents[-n_dev:]
    print(f"sentences: {len(train)} train, {len(dev)} dev (last {args.dev_share:.0%}); "
          f"tokens: {sum(len(t) for t, _ in train)} train, {sum(len(t) for t, _ in dev)} dev")

    places_path = os.path.join(args.data_dir, "places.txt")
    write_places(places_path)
    places = load_places(places_path)

    def fit(data: list[Sent], model_path: str) -> Lexicon:
        t0 = time.time()
        xs = jackknife_features(data, places, args.folds)
        trainer = pycrfsuite.Trainer(verbose=False)
        for x, (_, y) in zip(xs, data):
            trainer.append(x, y)
        trainer.set_params({
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iters,
            "feature.possible_transitions": True,
        })
        t1 = time.time()
        trainer.train(model_path)
        print(f"features {t1 - t0:.1f}s, CRF training {time.time() - t1:.1f}s")
        return build_lexicon(data, places)

    os.makedirs(os.path.dirname(args.model), exist_ok=True)
    lex = fit(train, args.model)
    lex.save(args.data_dir)

    with tempfile.TemporaryDirectory() as tmp:
        dev_path = os.path.join(tmp, "dev.conll")
        write_conll(dev, dev_path)
        from rasd.entities.evaluate import evaluate_conll

        res = evaluate_conll(dev_path, model_path=args.model, data_dir=args.data_dir)
    print_scores(res)

    if args.final:
        lex = fit(sents, args.model)
        lex.save(args.data_dir)
        print("shipped a model trained on train+dev (the scores above are for the train-only model)")

    size = os.path.getsize(args.model)
    print(f"model: {args.model} ({size / 1e6:.2f} MB); total time {time.time() - t_start:.0f}s")


def print_scores(res: dict) -> None:
    print(f"{'':6}{'P':>7}{'R':>7}{'F1':>7}{'n':>7}")
    for t, r in res["per_type"].items():
        print(f"{t:6}{r['precision']:7.3f}{r['recall']:7.3f}{r['f1']:7.3f}{r['support']:7d}")
    print(f"{'micro':6}{res['precision']:7.3f}{res['recall']:7.3f}{res['f1']:7.3f}   (PER/LOC/ORG, exact spans)")
    m = res["misc"]
    print(f"{'MISC':6}{m['precision']:7.3f}{m['recall']:7.3f}{m['f1']:7.3f}{m['support']:7d}   (apart)")
    if "tokens_per_s" in res:
        print(f"tagging speed: {res['tokens_per_s']:.0f} tokens/s per core (CPU time; "
              f"{res['tokens_per_s_wall']:.0f} wall-clock; {res['tokens']} tokens)")


if __name__ == "__main__":
    main()
