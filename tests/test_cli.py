"""The rasd command line (click CliRunner, plus one real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from click.testing import CliRunner
from conftest import BODY, OTHER_BODY, OTHER_TITLE, RASD_BIN, TITLE, article_text, write

from rasd.cli import main


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "in" / "madina"
    write(root / "a.txt", article_text(TITLE, BODY, top=["[ad_1]", "كتبت: ليلى منصور"], bottom=["أضف تعليقك"]))
    write(root / "b.txt", article_text(OTHER_TITLE, OTHER_BODY))
    return root


@pytest.fixture
def runner(monkeypatch):
    monkeypatch.delenv("RASD_DB", raising=False)
    return CliRunner()


def ingest(runner, db, corpus, *extra, before=False):
    args = (["--db", str(db), "ingest", str(corpus)] if before else ["ingest", str(corpus), "--db", str(db)])
    res = runner.invoke(main, [*args, "--workers", "1", "--quiet", *extra])
    assert res.exit_code == 0, res.output
    return res


def jsonl(runner, db):
    res = runner.invoke(main, ["export", "--format", "jsonl", "-", "--db", str(db)])
    assert res.exit_code == 0, res.output
    return [json.loads(x) for x in res.stdout.splitlines() if x.strip()]


def test_db_before_command_name(runner, tmp_path, corpus):
    db = tmp_path / "before" / "r.db"
    ingest(runner, db, corpus, before=True)
    assert db.exists()
    assert len(jsonl(runner, db)) == 2


def test_db_after_command_name(runner, tmp_path, corpus):
    db = tmp_path / "after" / "r.db"
    ingest(runner, db, corpus)
    assert db.exists()
    res = runner.invoke(main, ["--db", str(db), "ls", "--json"])
    assert res.exit_code == 0
    assert len(res.stdout.splitlines()) == 2


def test_rasd_db_env_var(runner, tmp_path, corpus, monkeypatch):
    db = tmp_path / "env" / "r.db"
    monkeypatch.setenv("RASD_DB", str(db))
    res = runner.invoke(main, ["ingest", str(corpus), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    assert db.exists()
    res = runner.invoke(main, ["info"])
    assert str(db) in res.stdout and "articles: 2" in res.stdout


def test_missing_parent_folders_created(runner, tmp_path, corpus):
    db = tmp_path / "deep" / "er" / "still" / "r.db"
    ingest(runner, db, corpus)
    assert db.exists()


def test_ls(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    res = runner.invoke(main, ["ls", "--db", str(db)])
    assert res.exit_code == 0
    assert "2 article(s)" in res.stdout
    assert TITLE in res.stdout and OTHER_TITLE in res.stdout
    rows = [json.loads(x) for x in runner.invoke(main, ["ls", "--json", "--db", str(db)]).stdout.splitlines()]
    assert [r["title"] for r in rows] == [TITLE, OTHER_TITLE]
    assert all(r["lang"] == "ar" for r in rows)


def test_show_lists_removed_lines_and_reasons(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    rows = [json.loads(x) for x in runner.invoke(main, ["ls", "--json", "--db", str(db)]).stdout.splitlines()]
    aid = next(r["id"] for r in rows if r["title"] == TITLE)
    res = runner.invoke(main, ["show", aid, "--db", str(db)])
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert TITLE in out and BODY[0] in out
    for line, reason in (("[ad_1]", "ad_marker"), ("كتبت: ليلى منصور", "byline"), ("أضف تعليقك", "comment_prompt")):
        row = next((x for x in out.splitlines() if line in x), None)
        assert row is not None, f"{line} not shown"
        assert reason in row
    # a unique prefix works too
    res = runner.invoke(main, ["show", aid[:6], "--json", "--db", str(db)])
    assert res.exit_code == 0
    assert json.loads(res.stdout)["id"] == aid


def test_show_unknown_id(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    res = runner.invoke(main, ["show", "ffffffffffffffff", "--db", str(db)])
    assert res.exit_code != 0
    assert "no article 'ffffffffffffffff'" in res.output


def test_export_jsonl_to_stdout(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    res = runner.invoke(main, ["export", "--format", "jsonl", "-", "--db", str(db)])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert len(lines) == 2
    assert TITLE in res.stdout  # Arabic unescaped
    assert {json.loads(x)["title"] for x in lines} == {TITLE, OTHER_TITLE}


def test_export_parquet(runner, tmp_path, corpus):
    import pyarrow.parquet as pq

    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    out = tmp_path / "out" / "articles.parquet"
    res = runner.invoke(main, ["export", "--format", "parquet", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    table = pq.read_table(out)
    assert table.num_rows == 2
    rows = table.to_pylist()
    assert {r["title"] for r in rows} == {TITLE, OTHER_TITLE}
    a = next(r for r in rows if r["title"] == TITLE)
    assert a["text"] == "\n".join(BODY)
    assert {"text": "[ad_1]", "reason": "ad_marker"} in json.loads(a["removed"])
    assert set(table.column_names) == set(jsonl(runner, db)[0])  # same fields as the JSONL export


def test_export_parquet_to_stdout_refused(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    ingest(runner, db, corpus)
    res = runner.invoke(main, ["export", "--format", "parquet", "-", "--db", str(db)])
    assert res.exit_code != 0
    assert "parquet" in res.output


def test_ingest_published_not_a_date(runner, tmp_path, corpus):
    db = tmp_path / "r.db"
    res = runner.invoke(main, ["ingest", str(corpus), "--published", "not-a-date", "--db", str(db), "--workers", "1"])
    assert res.exit_code != 0
    assert "not-a-date" in res.output and "date" in res.output
    assert "Traceback" not in res.output


def test_ingest_bad_field_spec(runner, tmp_path, corpus):
    res = runner.invoke(main, ["ingest", str(corpus), "--field", "nonsense", "--db", str(tmp_path / "r.db")])
    assert res.exit_code != 0
    assert "--field" in res.output


def test_ingest_summary_lists_failures(runner, tmp_path, corpus):
    write(corpus / "empty.txt", "")
    db = tmp_path / "r.db"
    res = runner.invoke(main, ["ingest", str(corpus), "--db", str(db), "--workers", "1", "--quiet"])
    assert res.exit_code == 0
    assert "empty.txt" in res.stdout and "empty file" in res.stdout


def test_real_subprocess(tmp_path, corpus):
    db = tmp_path / "sub" / "r.db"
    env = {k: v for k, v in os.environ.items() if k != "RASD_DB"}
    res = subprocess.run([str(RASD_BIN), "--db", str(db), "ingest", str(corpus), "--workers", "1"],
                         check=False, capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "ingested" in res.stdout
    res = subprocess.run([str(RASD_BIN), "export", "--format", "jsonl", "-", "--db", str(db)],
                         check=False, capture_output=True, env=env, timeout=60)
    assert res.returncode == 0
    lines = res.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    assert TITLE.encode("utf-8") in res.stdout
