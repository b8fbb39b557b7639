"""`rasd search` and `rasd reindex` on the fixture store."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from searchstore import aid, build_store

from rasd.cli import main


def test_search_and_reindex(tmp_path):
    db = str(tmp_path / "rasd.db")
    build_store(db).close()
    runner = CliRunner()
    res = runner.invoke(main, ["--db", db, "search", "بوتن", "--json"])
    assert res.exit_code == 0, res.output
    hits = [json.loads(line) for line in res.output.splitlines()]
    assert {h["id"] for h in hits} == {aid(1), aid(2)}
    res = runner.invoke(main, ["--db", db, "search", "جدة", "--source", "الواحة"])
    assert res.exit_code == 0 and "1 result(s)" in res.output and "أمطار غزيرة تغرق جدة" in res.output
    # a lost index is rebuilt from the store
    shutil.rmtree(db + ".search")
    res = runner.invoke(main, ["--db", db, "reindex"])
    assert res.exit_code == 0 and "indexed 8 article(s)" in res.output
    res = runner.invoke(main, ["--db", db, "search", '"معرض الكتاب"', "--all-copies", "--json"])
    assert {json.loads(line)["id"] for line in res.output.splitlines()} == {aid(1), aid(3)}
