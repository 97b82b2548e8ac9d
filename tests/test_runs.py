"""A run with nothing to do is decided and recorded before Prefect starts."""

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extractors.document import EXTRACTOR_VERSION
from extractors.extract import failure, to_rows
from flows.steps import REJECT_COLUMNS
from warehouse import plan as planning
from warehouse.plan import Plan, make_plan
from warehouse.runs import RunStats, record_if_unchanged
from warehouse.store import Changes, known_documents, publish

from .conftest import EVIDENCE, FIXTURES, load_warehouse

OFF_TOPIC = FIXTURES / "off_topic_exercise_trial.txt"


def runs(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT docs_seen, docs_unchanged, docs_new, flow_run_id FROM runs ORDER BY started_at").fetchall()


def test_unchanged_corpus_is_recorded_without_prefect(seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    shutil.copy(OFF_TOPIC, seeds_copy / OFF_TOPIC.name)  # rejected as off topic: remembered, not read again
    load_warehouse(seeds_copy, db)
    # an API nobody answers: the command must not need one
    env = {**os.environ, "PREFECT_API_URL": "http://127.0.0.1:9/api"}
    started = time.monotonic()
    done = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds_copy), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started < 8
    assert "6 seen: 0 new, 0 changed, 6 unchanged" in done.stdout
    assert "nothing to do, recorded without starting Prefect" in done.stdout
    assert runs(db)[-1] == (6, 6, 0, None)


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


def stages(db: Path, source_file: str) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT stage FROM rejects WHERE source_file = ?", [source_file]).fetchall()]


def names(seeds: list) -> list[str]:
    return [seed.source_file for seed in seeds]


def test_an_off_topic_paper_is_not_read_again_until_its_bytes_change(seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    paper = seeds_copy / OFF_TOPIC.name
    shutil.copy(OFF_TOPIC, paper)
    load_warehouse(seeds_copy, db)
    assert stages(db, paper.name) == ["topic"]

    again = make_plan(seeds_copy, db)
    assert not again.has_work and paper.name in names(again.unchanged) and len(again.unchanged) == 6
    row, _ = record_if_unchanged(seeds_copy, db)
    assert row is not None and (row["docs_new"], row["docs_unchanged"]) == (0, 6)

    (seeds_copy / "new.txt").write_text("Complete remission was 28% at 1 year (23/83) after MSCT.", encoding="utf-8")
    assert names(make_plan(seeds_copy, db).new) == ["new.txt"]  # "new" counts only what is new
    (seeds_copy / "new.txt").unlink()

    with open(paper, "a", encoding="utf-8") as changed:
        changed.write("\nA sentence added later.\n")
    changed_plan = make_plan(seeds_copy, db)
    assert names(changed_plan.changed) == [paper.name] and not changed_plan.new
    load_warehouse(seeds_copy, db)  # read again: its old reject goes, the new one stays
    assert stages(db, paper.name) == ["topic"]
    assert not make_plan(seeds_copy, db).has_work

    paper.unlink()
    gone = make_plan(seeds_copy, db)
    assert gone.removed == [paper.name]
    load_warehouse(seeds_copy, db)
    assert stages(db, paper.name) == []


def test_a_new_extractor_reads_a_remembered_reject_again(seeds_copy, tmp_path, monkeypatch):
    db = tmp_path / "evidence.duckdb"
    shutil.copy(OFF_TOPIC, seeds_copy / OFF_TOPIC.name)
    load_warehouse(seeds_copy, db)
    monkeypatch.setattr(planning, "EXTRACTOR_VERSION", EXTRACTOR_VERSION + ".next")
    assert len(make_plan(seeds_copy, db).changed) == 6


@pytest.mark.parametrize("stage", ["read", "extract", "topic"])
def test_a_whole_document_reject_is_known_by_its_bytes_and_extractor_version(tmp_path, stage):
    db = tmp_path / "evidence.duckdb"
    rejects = to_rows(failure("paper.pdf", "d" * 64, stage, "it gave nothing", 10))["rejects"]
    # a reject of one sentence of a loaded document names no extractor version: not a document's answer
    rejects.append({"source_file": "other.txt", "doc_id": "e" * 64, "stage": "findings",
                    "record": json.dumps({"sentence": "12% at 6 months"}), "errors": "other.txt: no measure"})
    empty = pd.DataFrame()
    reject_frame = pd.DataFrame(rejects, columns=REJECT_COLUMNS[:5]).assign(run_id="r1", rejected_at=pd.Timestamp.now())
    publish(db, Changes(empty, empty, empty, reject_frame), RunStats().row(Plan(), tmp_path, None, "completed"))
    assert known_documents(db) == {"paper.pdf": ("d" * 64, EXTRACTOR_VERSION)}
