"""`rasd eval ner FILE`: the contract outside scorers read (last stdout line is one JSON object)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from rasd.cli import main


def test_eval_ner_prints_json_scores_last(tmp_path):
    conll = tmp_path / "tiny.txt"
    conll.write_text(
        "قال O\nالرئيس O\nالفرنسي O\nإيمانويل B-PERS\nماكرون I-PERS\nفي O\nباريس B-LOC\n. O\n\n"
        "وأعلنت O\nوزارة B-ORG\nالخارجية I-ORG\nالمصرية I-ORG\nموقفها O\n. O\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", "ner", str(conll)])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert set(out) >= {"precision", "recall", "f1", "per_type", "misc", "tokens_per_s"}
    assert set(out["per_type"]) == {"PER", "LOC", "ORG"}
    for v in (out["precision"], out["recall"], out["f1"]):
        assert 0.0 <= v <= 1.0
    assert out["tokens_per_s"] > 0


def test_eval_ner_missing_file_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(main, ["eval", "ner", str(tmp_path / "nope.txt")])
    assert res.exit_code != 0 and "does not exist" in res.output
