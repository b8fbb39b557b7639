"""Score statement extraction against the hand-labelled gold set.

Implements the scoring rule of shared/guidelines/statements.md:

* a gold statement is *found* when one of the system's statements (kind
  ``direct`` or ``indirect``) contains its key phrase (both normalised by
  :func:`gnorm`) and the system speaker equals one of the gold name forms (for
  a person, a speaker that ends with a name form also counts);
* recall = required gold statements found / required gold statements;
* precision = among system statements that overlap a gold statement, an
  optional one or a term, the share whose speaker is right (an optional
  statement without a required speaker accepts any).  A statement that
  overlaps only a term, or is longer than 1,000 characters, is wrong.
  Statements overlapping nothing in the gold are not judged.

"Overlap" is located through the key phrases: a gold item occupies every place
in the article where its normalised key phrase (or term) occurs.

Run ``python -m rasd.statements.evaluate [gold] [shared_dir] [-v] [--pipeline]``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import unicodedata

from . import extract_statements
from .corpus import load_articles_by_url

_DIAC = re.compile("[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED\u0640]")
_FOLD = str.maketrans({"إ": "ا", "أ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PSZ" or ch.isspace()


def gnorm_with_offsets(text: str) -> tuple[str, list[int]]:
    """The guideline's normalisation, with the raw offset of every output
    character: diacritics and tatweel removed; إأآٱ→ا, ى→ي, ة→ه; punctuation
    and quote marks → space; runs of spaces collapsed."""
    out: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(text):
        if _DIAC.match(ch) or ch in "\u200c\u200d\u200e\u200f\u061c\ufeff":
            continue
        ch = ch.translate(_FOLD)
        if _is_punct(ch):
            if out and out[-1] == " ":
                continue
            ch = " "
        out.append(ch)
        offs.append(i)
    return "".join(out), offs


def gnorm(text: str) -> str:
    return gnorm_with_offsets(text)[0].strip()


def _occurrences(norm_text: str, offs: list[int], phrase: str) -> list[tuple[int, int]]:
    """Raw spans where the normalised ``phrase`` occurs in the article."""
    p = gnorm(phrase)
    if not p:
        return []
    spans = []
    start = 0
    while True:
        i = norm_text.find(p, start)
        if i == -1:
            break
        spans.append((offs[i], offs[i + len(p) - 1] + 1))
        start = i + 1
    return spans


def speaker_matches(speaker: str | None, forms: list[str], speaker_type: str | None) -> bool:
    if not speaker:
        return False
    s = gnorm(speaker)
    for f in forms:
        g = gnorm(f)
        if not g:
            continue
        if s == g:
            return True
        if speaker_type == "PER" and s.endswith(" " + g):
            return True
    return False


def _speaker_names(st: dict) -> list[str]:
    names = [st.get("speaker")]
    names += st.get("speaker_aliases") or []  # filled by the pipeline once speakers are entity ids
    return [n for n in names if n]


def score_article(text: str, gold: dict, statements: list[dict]) -> dict:
    """Counts for one article: found/required (recall), right/judged (precision)."""
    norm_text, offs = gnorm_with_offsets(text)
    system = [s for s in statements if s.get("kind") in ("direct", "indirect")]
    found = 0
    required = 0
    misses = []
    items = []  # (spans, gold statement)
    for g in gold.get("statements", []):
        spans = _occurrences(norm_text, offs, g["key"])
        items.append((spans, g))
        if g.get("optional"):
            continue
        required += 1
        key = gnorm(g["key"])
        ok = any(key in gnorm(s["text"]) and any(speaker_matches(n, g["speaker"], g.get("speaker_type"))
                                                  for n in _speaker_names(s))
                 for s in system)
        found += ok
        if not ok:
            misses.append(g["key"])
    term_spans = [sp for t in gold.get("terms", []) for sp in _occurrences(norm_text, offs, t)]

    judged = 0
    right = 0
    wrong = []
    for s in system:
        a, b = s["start"], s["end"]
        hits = [g for spans, g in items if any(x < b and a < y for x, y in spans)]
        on_term = any(x < b and a < y for x, y in term_spans)
        if not hits and not on_term:
            continue
        judged += 1
        good = False
        if hits and len(s["text"]) <= 1000:
            for g in hits:
                if g.get("optional") and not g["speaker"]:
                    good = True
                elif any(speaker_matches(n, g["speaker"], g.get("speaker_type")) for n in _speaker_names(s)):
                    good = True
        right += good
        if not good:
            wrong.append((s["text"][:80], s.get("speaker")))
    return {"found": found, "required": required, "right": right, "judged": judged,
            "misses": misses, "wrong": wrong}


def _load_gold(gold_path: str) -> list[dict]:
    with open(gold_path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _aggregate(rows: list[dict]) -> dict:
    f = sum(r["found"] for r in rows)
    q = sum(r["required"] for r in rows)
    r_ = sum(r["right"] for r in rows)
    j = sum(r["judged"] for r in rows)
    return {"articles": len(rows), "recall": f / q if q else 0.0, "precision": r_ / j if j else 0.0,
            "found": f, "required": q, "right": r_, "judged": j}


def pipeline_statements(text: str) -> list[dict]:
    """Statements as the ingest pipeline stores them: NER entities given to the extractor, speakers
    the tagger missed added as mentions, mentions linked, each speaker replaced by its entity's name;
    ``speaker_aliases`` lists the entity's other mentions (the export's aliases)."""
    from rasd.entities.ner import extract as ner
    from rasd.pipeline import add_speaker_spans, attribute, link_entities

    ents = ner(text)
    sts = extract_statements(text, ents)
    ents = link_entities(add_speaker_spans(ents, sts, text))
    sts = attribute(sts, ents, [], None)
    names: dict[str, set[str]] = {}
    for m in ents:
        if m.get("entity_id"):
            names.setdefault(m["entity_id"], set()).update(x for x in (m.get("canonical"), m.get("text")) if x)
    for st in sts:
        if st.get("speaker_entity_id"):
            st["speaker_aliases"] = sorted(names.get(st["speaker_entity_id"], ()))
    return sts


def score(gold_path: str, shared_dir: str, *, details: bool = False, snn_part: str = "saudinewsnet",
          pipeline: bool = False) -> dict:
    """Precision and recall on the samples and on the SaudiNewsNet part (named ``snn_part``), separately;
    with ``pipeline``, of the statements as the ingest pipeline makes them (with NER and entity linking)."""
    gold = _load_gold(gold_path)
    urls = {g["url"] for g in gold if "url" in g}
    snn = load_articles_by_url(shared_dir, urls) if urls else {}
    parts: dict[str, list[dict]] = {"samples": [], snn_part: []}
    for g in gold:
        if "source_file" in g:
            with open(os.path.join(shared_dir, "samples", g["source_file"]), encoding="utf-8") as f:
                text = f.read()
            part = "samples"
        else:
            text = snn.get(g["url"])
            if text is None:
                raise FileNotFoundError(f"article not found in SaudiNewsNet zips: {g['url']}")
            part = snn_part
        row = score_article(text, g, pipeline_statements(text) if pipeline else extract_statements(text, None))
        row["id"] = g.get("source_file") or g["url"]
        parts[part].append(row)
    result = {name: _aggregate(rows) for name, rows in parts.items()}
    result["all"] = _aggregate(parts["samples"] + parts[snn_part])
    if details:
        result["details"] = {name: rows for name, rows in parts.items()}
    return result


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(os.path.dirname(here))
    verbose = "-v" in argv
    pipeline = "--pipeline" in argv
    argv = [a for a in argv if a not in ("-v", "--pipeline")]
    gold_path = argv[0] if argv else os.path.join(repo, "eval", "statements_gold.jsonl")
    shared = argv[1] if len(argv) > 1 else os.environ.get("RASD_SHARED", os.path.join(os.path.dirname(repo), "shared"))
    res = score(gold_path, shared, details=verbose, pipeline=pipeline)
    for name in ("samples", "saudinewsnet", "all"):
        r = res[name]
        print(f"{name:13s} articles={r['articles']:3d}  P={r['precision']:.3f} ({r['right']}/{r['judged']})  "
              f"R={r['recall']:.3f} ({r['found']}/{r['required']})")
    if verbose:
        for name, rows in res["details"].items():
            for row in rows:
                if row["misses"] or row["wrong"]:
                    print(f"\n## {name} {row['id']}")
                    for m in row["misses"]:
                        print("  MISS", m)
                    for w in row["wrong"]:
                        print("  WRONG", w)


if __name__ == "__main__":
    main()
