#!/usr/bin/env python3
"""`make eval`: score each stage on ../shared (overridable with --shared) and print the numbers.

Stages report as they land.  For now: the cleaner, on the bundled samples
(every removed and kept line, so a person can judge at a glance) and on a
fixed random sample of SaudiNewsNet (how much each rule removes), plus the
export contract check with ../shared/tools/check-export.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from rasd.clean import clean, finish
from rasd.ingest.decode import decode


def _eval_file(name: str) -> str | None:
    """Path of a labelled set under eval/, or None (and say so) when it is absent."""
    path = os.path.join(os.path.dirname(__file__), "..", "eval", name)
    if not os.path.exists(path):
        print(f"  (no eval/{name}: skipped)")
        return None
    return path


def section(title: str) -> None:
    print()
    print("=" * 78)
    print(title)
    print("=" * 78)


def eval_samples(shared: str) -> None:
    section("cleaner on shared/samples: removed (−) and kept (+) lines")
    for path in sorted(glob.glob(os.path.join(shared, "samples", "*.txt"))):
        with open(path, "rb") as f:
            text, enc = decode(f.read())
        c = clean(text, detect_title=True)
        body, removed = finish(c)
        print(f"\n--- {os.path.basename(path)}  ({enc}; title: {c.title!r})")
        for ln in c.lines:
            mark = "+" if ln.reason is None else "−"
            why = "" if ln.reason is None else f"[{ln.reason}] "
            shown = ln.text if len(ln.text) < 110 else ln.text[:100] + " …"
            print(f"  {mark} {why}{shown}")
            for r in ln.inline:
                print(f"  − [{r.reason}, inline] {r.text}")
        kept = sum(1 for ln in c.lines if ln.reason is None)
        print(f"  = {kept} line(s) kept, {len(removed)} removed")


def eval_saudinewsnet(shared: str, n: int = 2000, seed: int = 7) -> None:
    section(f"cleaner on {n} random SaudiNewsNet articles (seed {seed}): what the rules remove")
    from rasd.statements.corpus import iter_saudinewsnet

    arts = list(iter_saudinewsnet(shared))
    if not arts:
        print("  (no SaudiNewsNet in shared/data: skipped)")
        return
    random.Random(seed).shuffle(arts)
    arts = arts[:n]
    reasons: Counter = Counter()
    examples: dict[str, list[str]] = {}
    lines_total = lines_removed = 0
    empty = 0
    for a in arts:
        c = clean(a["content"], a.get("title"))
        body, removed = finish(c)
        lines_total += len(c.lines)
        lines_removed += len(removed)
        empty += not body.strip()
        for r in removed:
            reasons[r.reason] += 1
            ex = examples.setdefault(r.reason, [])
            if len(ex) < 3:
                ex.append(r.text[:90])
    print(f"  lines: {lines_total}, removed: {lines_removed} ({lines_removed / max(1, lines_total):.1%}); "
          f"articles left empty: {empty}")
    for reason, k in reasons.most_common():
        print(f"  {reason:<16} {k:>6}   e.g. " + " | ".join(examples[reason]))
    print("  (site_repeat needs the whole corpus: see `make bench`, which ingests it all)")


def eval_dates_wojood(shared: str) -> None:
    section("dates: span precision/recall (overlap) against Wojood DATE+TIME (a recall check, not a target)")
    from rasd.dates.evaluate import wojood_recall

    for split in ("val", "test"):
        path = os.path.join(shared, "data", "wojood-sample", f"wojood_sample_{split}.txt")
        if not os.path.exists(path):
            print(f"  ({path} missing: skipped)")
            continue
        r = wojood_recall(path)
        print(f"  wojood_sample_{split}: gold {r['gold']}, predicted {r['predicted']}, "
              f"P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")


def _saudinewsnet_by_url(shared: str, urls: set[str]) -> dict[str, dict]:
    from rasd.statements.corpus import iter_saudinewsnet

    found: dict[str, dict] = {}
    for a in iter_saudinewsnet(shared):
        if a.get("url") in urls and a["url"] not in found:
            found[a["url"]] = a
    return found


def _overlapping(items: list[dict], start: int, end: int) -> dict | None:
    hits = [p for p in items if p["start"] < end and start < p["end"]]
    return hits[0] if hits else None


def _same_value(pred: dict | None, gold: dict) -> bool:
    return pred is not None and pred.get("value") == gold["value"] and (
        gold.get("end_value") is None or pred.get("end_value") == gold["end_value"])


def _score_dates(gold: list[dict], arts: dict[str, dict], references: dict[str, callable]) -> dict:
    """Resolution accuracy of every resolvable gold expression under each way of choosing the
    reference date: the system must find an overlapping expression with the same value (and
    end value)."""
    from rasd.dates import extract_dates

    n = found = 0
    right = dict.fromkeys(references, 0)
    misses: list[str] = []
    for g in gold:
        a = arts.get(g["url"])
        if a is None:
            continue
        text = a["content"]
        preds = {name: extract_dates(text, ref(a, g)) for name, ref in references.items()}
        first = next(iter(references))
        for e in g["expressions"]:
            if not e.get("resolvable", True) or e.get("value") is None:
                continue
            start, end = e["start"], e["end"]
            if text[start:end] != e["text"]:
                start = text.find(e["text"])
                if start < 0:
                    continue
                end = start + len(e["text"])
            n += 1
            for name, pred in preds.items():
                p = _overlapping(pred, start, end)
                right[name] += _same_value(p, e)
                if name == first:
                    found += p is not None
                    if not _same_value(p, e) and len(misses) < 12:
                        misses.append(f"{e['text']!r}: gold {e['value']}"
                                      + (f"..{e['end_value']}" if e.get("end_value") else "")
                                      + f", got {p.get('value') if p else 'nothing'}"
                                      + (f"..{p.get('end_value')}" if p and p.get("end_value") else ""))
    return {"articles": len(gold), "n": n, "found": found, "right": right, "misses": misses}


def eval_dates_resolution(shared: str) -> None:
    """Resolution accuracy on the two hand-labelled SaudiNewsNet splits (eval/dates_gold.jsonl,
    developed against; eval/dates_gold_blind.jsonl, labelled before any change it could steer),
    against three references: what the pipeline uses (the crawl timestamp corrected by the
    article's own evidence), the raw crawl date, and the true publication day."""
    from rasd.dates import infer_reference
    from rasd.ingest.published import parse_published

    splits = {}
    for name in ("dates_gold.jsonl", "dates_gold_blind.jsonl"):
        path = _eval_file(name)
        if path is not None:
            splits[name] = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    if not splits:
        return
    arts = _saudinewsnet_by_url(shared, {g["url"] for gold in splits.values() for g in gold})
    references = {
        "pipeline (crawl date corrected from the text)":
            lambda a, g: infer_reference(a["content"], parse_published(a.get("date_extracted")), "crawl",
                                         url=a.get("url"))[0],
        "pipeline without the small-hours rule":
            lambda a, g: infer_reference(a["content"], parse_published(a.get("date_extracted")), "crawl",
                                         url=a.get("url"), night_hours=0)[0],
        "raw crawl date": lambda a, g: parse_published(a.get("date_extracted")),
        "true publication date": lambda a, g: g.get("published_gold"),
    }
    for name, gold in splits.items():
        section(f"dates: resolution accuracy on eval/{name} (SaudiNewsNet, hand-labelled)")
        r = _score_dates(gold, arts, references)
        if not r["n"]:
            print("  (no gold expression could be located)")
            continue
        print(f"  {r['articles']} articles, {r['n']} resolvable gold expressions")
        print(f"  extraction recall (overlap): {r['found'] / r['n']:.3f}")
        for ref_name, k in r["right"].items():
            print(f"  resolution accuracy, reference = {ref_name:<46} {k / r['n']:.3f}")
        for m in r["misses"]:
            print(f"    miss: {m}")
        pub_ok = sum(infer_reference(arts[g["url"]]["content"], parse_published(arts[g["url"]].get("date_extracted")),
                                     "crawl", url=g["url"])[0][:10] == g["published_gold"]
                     for g in gold if g["url"] in arts)
        crawl_ok = sum(g["date_extracted"][:10] == g["published_gold"] for g in gold)
        print(f"  publication day right: crawl date {crawl_ok}/{len(gold)}, corrected {pub_ok}/{len(gold)}")


def eval_ner(shared: str) -> None:
    """The shipped tagger on our dev split of ANERcorp: its last 10% of sentences, which
    `make train-ner` holds out (exact-span micro P/R/F1 over PER/LOC/ORG; MISC apart)."""
    section("entities: NER on the ANERcorp dev split (last 10% of train.txt, held out from training)")
    path = os.path.join(shared, "data", "anercorp", "train.txt")
    if not os.path.exists(path):
        print("  (no ANERcorp in shared/data: skipped)")
        return
    from rasd.entities.evaluate import evaluate_conll, read_conll

    sents = read_conll(path)
    dev = sents[-round(len(sents) * 0.10):]
    with tempfile.TemporaryDirectory() as tmp:
        dev_path = os.path.join(tmp, "dev.conll")
        with open(dev_path, "w", encoding="utf-8") as f:
            for toks, tags in dev:
                f.write("".join(f"{t} {g}\n" for t, g in zip(toks, tags)) + "\n")
        r = evaluate_conll(dev_path)
    print(f"  micro (PER/LOC/ORG): P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}; "
          f"{r['tokens_per_s']:.0f} tokens/s per core (CPU time; {r['tokens_per_s_wall']:.0f} wall-clock, "
          f"{r['tokens']} tokens, cold caches)")
    for t in ("PER", "LOC", "ORG"):
        x = r["per_type"][t]
        print(f"    {t}: P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f}")
    m = r["misc"]
    print(f"    MISC (apart): P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f}")


def eval_statements(shared: str) -> None:
    section("statements: P/R with the right speaker (guidelines' rule) on eval/statements_gold*.jsonl")
    from rasd.statements.evaluate import score

    # "rules": the extractor alone (entities=None); "pipeline": as ingest stores them (NER entities,
    # speaker mentions linked, speaker = entity name, aliases from the entity's mentions).
    # Blind sets 2-4 were never inspected while developing: together they are the held-out number.
    sets = [("statements_gold.jsonl", "saudinewsnet", ("samples", "saudinewsnet")),
            ("statements_gold_blind.jsonl", "snn blind", ("snn blind",)),
            ("statements_gold_blind2.jsonl", "snn blind 2", ("snn blind 2",)),
            ("statements_gold_blind3.jsonl", "snn blind 3", ("snn blind 3",)),
            ("statements_gold_blind4.jsonl", "snn blind 4", ("snn blind 4",))]
    keys = ("articles", "right", "judged", "found", "required")
    held = {mode: dict.fromkeys(keys, 0) for mode in ("rules", "pipeline")}

    def line(name: str, mode: str, n: int, right: int, judged: int, found: int, required: int) -> None:
        print(f"  {name:12s} {mode:8s} articles {n:3d}  P {right / max(judged, 1):.3f} ({right}/{judged})  "
              f"R {found / max(required, 1):.3f} ({found}/{required})")

    for name, part, shown in sets:
        gold = _eval_file(name)
        if gold is None:
            continue
        for mode in ("rules", "pipeline"):
            res = score(gold, shared, snn_part=part, pipeline=mode == "pipeline")
            for p in shown:
                r = res[p]
                line(p, mode, r["articles"], r["right"], r["judged"], r["found"], r["required"])
                if p in ("snn blind 2", "snn blind 3", "snn blind 4"):
                    for k in keys:
                        held[mode][k] += r[k]
    for mode, h in held.items():
        if h["articles"]:
            line("HELD OUT", mode, *(h[k] for k in keys))


def eval_name_pairs() -> None:
    """Cross-article name resolution on eval/name_pairs.jsonl (hand-written pairs that must merge
    or stay apart): a pair is merged when the resolver's decision for two mention clusters in
    different articles says so; a pair's context phrase stands for the role its article gives it."""
    section("entities: name resolution on eval/name_pairs.jsonl (merge precision/recall)")
    path = _eval_file("name_pairs.jsonl")
    if path is None:
        return
    from rasd.entities.names import pair_merges

    pairs = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    tp = fp = fn = tn = 0
    by_pattern: dict[str, Counter] = {}
    wrong_merges: list[str] = []
    for p in pairs:
        merged = pair_merges(p["type"], p["a"], p.get("context_a", ""), p.get("type_b", p["type"]), p["b"],
                             p.get("context_b", ""))
        c = by_pattern.setdefault(("same:" if p["same"] else "diff:") + p["pattern"], Counter())
        c["n"] += 1
        c["ok"] += merged == p["same"]
        if p["same"]:
            tp += merged
            fn += not merged
        else:
            fp += merged
            tn += not merged
            if merged:
                wrong_merges.append(f"{p['a']} = {p['b']}" + (f" ({p['context_a']} / {p['context_b']})" if p.get("context_a") else ""))
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    print(f"  {len(pairs)} pairs ({tp + fn} must merge, {fp + tn} must stay apart)")
    print(f"  merge precision {prec:.3f}, recall {rec:.3f}; wrong merges {fp} of {fp + tn}")
    first = Counter()
    for p in pairs[:576]:  # the set as first published (np0001-np0576), for comparison across versions
        merged = pair_merges(p["type"], p["a"], p.get("context_a", ""), p.get("type_b", p["type"]), p["b"],
                             p.get("context_b", ""))
        first[(p["same"], merged)] += 1
    p0 = first[(True, True)] / max(1, first[(True, True)] + first[(False, True)])
    r0 = first[(True, True)] / max(1, first[(True, True)] + first[(True, False)])
    print(f"  (on the first 576 pairs, np0001-np0576: precision {p0:.3f}, recall {r0:.3f})")
    worst = sorted(by_pattern.items(), key=lambda kv: kv[1]["ok"] / kv[1]["n"])[:10]
    print("  hardest patterns: " + "; ".join(f"{k} {v['ok']}/{v['n']}" for k, v in worst))
    for w in wrong_merges[:12]:
        print(f"    wrong merge: {w}")


def _snn_clean_texts(shared: str, urls: set[str]) -> dict[str, dict]:
    """SaudiNewsNet records by url, with the text the cleaner keeps (what near-duplicates are computed on)."""
    recs = _saudinewsnet_by_url(shared, urls)
    for r in recs.values():
        c = clean(r["content"], r.get("title"))
        r["clean"], _ = finish(c)
    return recs


def eval_dups(shared: str) -> None:
    """Near-duplicate decisions on labelled SaudiNewsNet pairs, at the shipped threshold and around it."""
    section("near-duplicates: precision/recall on eval/dup_pairs.jsonl (SaudiNewsNet pairs)")
    path = _eval_file("dup_pairs.jsonl")
    if path is None:
        return
    from rasd.dedup import CONTAINMENT, signature
    from rasd.dedup.minhash import MIN_JACCARD, MIN_SHINGLES
    from rasd.stories.evaluate import pair_scores
    from rasd.text.arabic import normalize

    pairs = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    recs = _snn_clean_texts(shared, {p["a"] for p in pairs} | {p["b"] for p in pairs})
    sigs = {u: signature(r["clean"]) for u, r in recs.items()}
    scored = []
    for p in pairs:
        if p["a"] not in recs or p["b"] not in recs:
            continue
        a, b = sigs[p["a"]], sigs[p["b"]]
        exact = normalize(recs[p["a"]]["clean"]) == normalize(recs[p["b"]]["clean"])
        j, c = a.containment(b)
        ok_size = min(a.n, b.n) >= MIN_SHINGLES and j >= MIN_JACCARD
        scored.append((exact, c if ok_size else 0.0, bool(p["dup"]), "EMPTY_BODY" in (p.get("note") or "")))
    print(f"  {len(scored)} pairs ({sum(x[2] for x in scored)} duplicates), exact copies among them: "
          f"{sum(x[0] for x in scored)}")
    for t in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
        r = pair_scores((e or c >= t, g) for e, c, g, _ in scored)
        mark = "  <- shipped" if abs(t - CONTAINMENT) < 1e-9 else ""
        print(f"  containment >= {t:.1f}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
              f"(tp {r['tp']} fp {r['fp']} fn {r['fn']}){mark}")
    r = pair_scores((e or c >= CONTAINMENT, g) for e, c, g, empty in scored if not empty)
    print(f"  shipped threshold without the {sum(x[3] for x in scored)} EMPTY_BODY pairs (a copy whose body the scrape lost; "
          f"not findable from text): P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")


def eval_similarity(shared: str) -> None:
    """Pearson correlation of the clustering's article similarity with SemEval-2022 Task 8 human scores."""
    section("stories: article similarity vs SemEval-2022 Task 8 'Overall' (110 Arabic pairs; 1 = most similar)")
    path = os.path.join(shared, "data", "semeval2022-ar", "arabic_pairs.jsonl")
    if not os.path.exists(path):
        print("  (no semeval2022-ar in shared/data: skipped)")
        return
    from rasd.stories.cluster import DEFAULT, Params
    from rasd.stories.evaluate import article_similarity, pearson, text_vectors

    rows = [json.loads(x) for x in open(path, encoding="utf-8") if x.strip()]
    n = len(rows)
    vecs = text_vectors([r["text1"] for r in rows] + [r["text2"] for r in rows])
    human = [float(r["Overall"]) for r in rows]
    full = pearson([article_similarity(vecs[i], vecs[n + i]) for i in range(n)], human)
    body = pearson([article_similarity(vecs[i], vecs[n + i], Params(w_title=0, w_ent=0)) for i in range(n)], human)
    print(f"  Pearson r (similarity, Overall) = {full:.3f} with the clustering's weights (w_ent {DEFAULT.w_ent}); "
          f"{body:.3f} with TF-IDF alone")
    print(f"  (negative is right: Overall 1 = most similar; |r| = {abs(full):.3f}, best SemEval system 0.79)")


def eval_stories(shared: str) -> None:
    """BCubed of the story clustering on eval/stories_gold.jsonl: the gold articles ingested alone, in stream
    order, through the real pipeline (annotators, near-duplicates, stories)."""
    section("stories: BCubed P/R/F1 on eval/stories_gold.jsonl (SaudiNewsNet, hand-labelled)")
    path = _eval_file("stories_gold.jsonl")
    if path is None:
        return
    from rasd.store.sqlite import SQLiteStore
    from rasd.stories.evaluate import bcubed, ingest_records, stream_order

    gold = {g["url"]: g["story"] for g in map(json.loads, open(path, encoding="utf-8")) if g.get("story")}
    recs = _saudinewsnet_by_url(shared, set(gold))
    with tempfile.TemporaryDirectory() as tmp:
        db = ingest_records(stream_order(recs.values()), tmp)
        store = SQLiteStore(db)
        pred = {a.url: a.story_id for a in store.iter_articles()}
        copies = sum(1 for a in store.iter_articles() if a.duplicate_of)
        store.close()
    # gold articles the ingest rejects (empty records) count as singletons, as they are in the gold set
    r = bcubed(pred, gold)
    alone = bcubed({u: u for u in gold}, gold)
    print(f"  {r['items']} articles, {r['gold_clusters']} gold stories, {r['pred_clusters']} predicted ({copies} copies)")
    print(f"  BCubed P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}   (every article alone: F1 {alone['f1']:.3f})")


def eval_contract(shared: str) -> None:
    section("export contract (shared/tools/check-export) on the bundled examples")
    tool = os.path.join(shared, "tools", "check-export")
    if not os.path.exists(tool):
        print("  (no check-export in shared/tools: skipped)")
        return
    from rasd.export import write_jsonl
    from rasd.pipeline import ingest
    from rasd.store.sqlite import SQLiteStore

    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(os.path.join(tmp, "eval.db"))
        root = os.path.join(os.path.dirname(__file__), "..", "examples")
        rep = ingest([os.path.normpath(root)], store, workers=1, report_dir=tmp)
        out = os.path.join(tmp, "export.jsonl")
        write_jsonl(store, out)
        store.close()
        print(f"  ingested {rep.counts['ingested']}, failed {rep.counts['failed']}")
        res = subprocess.run([sys.executable, tool, out], capture_output=True, text=True)
        print("  " + (res.stdout.strip() or res.stderr.strip()).replace("\n", "\n  "))
        if res.returncode:
            sys.exit(res.returncode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", default=os.environ.get("SHARED", "../shared"))
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--only", default=None, help="comma-separated sections to run (e.g. dups,similarity,stories)")
    args = ap.parse_args()
    if not os.path.isdir(args.shared):
        sys.exit(f"shared folder not found: {args.shared} (set SHARED=...)")
    sections = {
        "samples": lambda: eval_samples(args.shared), "saudinewsnet": lambda: eval_saudinewsnet(args.shared, args.n),
        "ner": lambda: eval_ner(args.shared), "names": eval_name_pairs, "statements": lambda: eval_statements(args.shared),
        "wojood": lambda: eval_dates_wojood(args.shared), "dates": lambda: eval_dates_resolution(args.shared),
        "dups": lambda: eval_dups(args.shared), "similarity": lambda: eval_similarity(args.shared),
        "stories": lambda: eval_stories(args.shared), "contract": lambda: eval_contract(args.shared),
    }
    wanted = args.only.split(",") if args.only else list(sections)
    for name in wanted:
        sections[name]()

if __name__ == "__main__":
    main()
