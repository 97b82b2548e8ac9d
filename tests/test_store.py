"""Publishing: all or nothing, one writer at a time, validation rejects readable."""

import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from schemas.validate import validate
from warehouse.store import Changes, WarehouseBusy, publish, write_lock

from .conftest import ROOT

RUN = {"run_id": "r1", "started_at": pd.Timestamp("2026-01-01"), "status": "completed"}


def doc_row(doc_id: str, source: str) -> dict:
    return {"doc_id": doc_id, "source_file": source, "format": "txt", "title": None, "doi": None, "journal": None,
            "year": None, "extractor_version": "x", "raw_text": "text", "loaded_at": pd.Timestamp("2026-01-01")}


def changes(docs: list[dict]) -> Changes:
    empty = pd.DataFrame()
    return Changes(pd.DataFrame(docs), empty, empty, empty)


def test_failed_publish_leaves_the_last_complete_state(tmp_path):
    db = tmp_path / "w.duckdb"
    publish(db, changes([doc_row("a" * 64, "a.txt")]), RUN)
    duplicate_key = changes([doc_row("b" * 64, "b.txt"), doc_row("b" * 64, "c.txt")])
    with pytest.raises(duckdb.ConstraintException):
        publish(db, duplicate_key, {**RUN, "run_id": "r2"})
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT source_file FROM documents").fetchall() == [("a.txt",)]
        assert con.execute("SELECT run_id FROM runs").fetchall() == [("r1",)]
    assert not db.with_name(db.name + ".staging").exists()


def test_readers_keep_their_snapshot_while_a_run_publishes(tmp_path):
    db = tmp_path / "w.duckdb"
    publish(db, changes([doc_row("a" * 64, "a.txt")]), RUN)
    reader = duckdb.connect(str(db), read_only=True)
    publish(db, changes([doc_row("b" * 64, "b.txt")]), {**RUN, "run_id": "r2"})
    assert reader.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    reader.close()
    with duckdb.connect(str(db), read_only=True) as fresh:
        assert fresh.execute("SELECT count(*) FROM documents").fetchone() == (2,)


def test_second_writer_is_told_clearly(tmp_path):
    db = tmp_path / "w.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                               "from warehouse.store import write_lock\n"
                               "with write_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n    time.sleep(30)",
                               str(db)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(WarehouseBusy, match="another run is writing"):
            with write_lock(db, wait_seconds=0.3):
                pass
    finally:
        holder.kill()
        holder.wait()
    with write_lock(db, wait_seconds=5):  # released when its holder died
        pass


def test_invalid_rows_become_readable_rejects_and_the_rest_loads():
    good = {"finding_id": "a", "doc_id": "d", "source_file": "s.txt", "intervention": "MSCT", "measure": "relapse",
            "measure_text": "relapse", "timepoint_months": 12.0, "value": 12.0, "unit": "%", "sd": None, "n": None,
            "numerator": 10, "denominator": 83, "evidence_text": "e", "char_start": 0, "char_end": 5, "value_kind": "level"}
    bad = {**good, "finding_id": "b", "numerator": 90, "value": 120.0, "measure": "happiness"}
    checked = validate("findings", [good, bad])
    assert list(checked.valid["finding_id"]) == ["a"]
    (reject,) = checked.rejects
    assert reject["stage"] == "validate:findings" and reject["source_file"] == "s.txt"
    for words in ("numerator is larger than denominator", "a percentage above 100", "measure"):
        assert words in reject["errors"]


def test_a_negative_value_loads_only_as_a_change_from_baseline():
    row = {"finding_id": "a", "doc_id": "d", "source_file": "s.txt", "intervention": "MSCT", "measure": "sledai",
           "measure_text": "SLEDAI", "timepoint_months": 12.0, "value": -9.4, "unit": "score", "sd": 4.8,
           "evidence_text": "e", "char_start": 0, "char_end": 5}
    change = validate("findings", [{**row, "value_kind": "change"}])
    level = validate("findings", [{**row, "value_kind": "level"}])
    unknown = validate("findings", [{**row, "value_kind": "delta"}])
    assert list(change.valid["finding_id"]) == ["a"] and not change.rejects
    assert level.valid.empty and "a negative value that is not a change" in level.rejects[0]["errors"]
    assert unknown.valid.empty and "value_kind" in unknown.rejects[0]["errors"]
