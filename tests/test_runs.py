"""A run with nothing to do is decided and recorded before Prefect starts."""

import os
import subprocess
import time
from pathlib import Path

import duckdb

from warehouse.runs import record_if_unchanged

from .conftest import EVIDENCE, load_warehouse


def runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT docs_seen, docs_unchanged, docs_new, flow_run_id FROM runs ORDER BY started_at").fetchall()


def test_unchanged_corpus_is_recorded_without_prefect(seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    load_warehouse(seeds_copy, db)
    # an API nobody answers: the command must not need one
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    started = time.monotonic()
    done = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds_copy), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 8
    assert "5 unchanged" in done.stdout and "nothing to do, recorded without starting Prefect" in done.stdout
    assert runs(db)[-1] == (5, 5, 0, None)


def test_a_run_with_work_is_left_to_the_flow(seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    assert record_if_unchanged(seeds_copy, db)[0] is None  # no warehouse yet
    load_warehouse(seeds_copy, db)
    before = runs(db)
    (seeds_copy / "new.txt").write_text("Complete remission was 28% at 1 year (23/83) after MSCT.", encoding="utf-8")
    assert record_if_unchanged(seeds_copy, db)[0] is None
    (seeds_copy / "new.txt").unlink()
    (seeds_copy / "000_815d253af521f5ed.txt").unlink()  # a removed document is work too
    assert record_if_unchanged(seeds_copy, db)[0] is None
    assert runs(db) == before
