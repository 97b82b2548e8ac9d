"""What a new user meets at the command line: --version, CSV as Unix tools write it, a report
without a warehouse that leaves nothing behind, and a run summary that counts its rejects."""

import re
from importlib.metadata import version

import duckdb
import pytest

from flows.cli import main, print_summary
from warehouse.store import apply_sql


@pytest.fixture
def small_warehouse(tmp_path):
    db = tmp_path / "evidence.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_sql(con)
        con.executemany("INSERT INTO rejects (source_file, stage, errors) VALUES (?, ?, ?)",
                        [("a.txt", "read", "empty"), ("b.txt", "findings", "no measure"), ("c.pdf", "read", "encrypted")])
    return db


def test_version(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"evidence {version('evidence')}"


def test_csv_lines_end_with_a_newline_alone(small_warehouse, capsys):
    assert main(["sql", "--csv", "--db", str(small_warehouse),
                 "SELECT source_file, stage FROM rejects ORDER BY source_file"]) == 0
    out = capsys.readouterr().out
    assert "\r" not in out
    assert out == "source_file,stage\na.txt,read\nb.txt,findings\nc.pdf,read\n"


def test_a_report_without_a_warehouse_creates_nothing(tmp_path, capsys):
    out = tmp_path / "reports" / "report.html"
    assert main(["report", "--db", str(tmp_path / "missing.duckdb"), "--out", str(out)]) == 2
    assert not out.parent.exists()
    assert "no warehouse at" in capsys.readouterr().err


def test_the_summary_counts_the_rejects_of_the_run_and_of_the_warehouse(small_warehouse, capsys):
    summary = {"docs_seen": 3, "docs_new": 1, "docs_changed": 0, "docs_unchanged": 2, "docs_removed": 0,
               "arms_loaded": 0, "findings_loaded": 0, "run_id": "r1", "flow_run_id": "f1",
               "rejected": [("findings", "b.txt:1-9: no measure"), ("read", "c.pdf: encrypted")]}
    print_summary(summary, small_warehouse, 1.0)
    out = capsys.readouterr().out
    assert "rejected   1 file or row" in out and "1 sentence with numbers but no finding" in out
    assert "- c.pdf: encrypted" in out and "b.txt:1-9" not in out  # only failures are listed
    assert re.search(r"rejects +2 added by this run, 3 in the warehouse", out)


def test_the_summary_lists_papers_on_another_subject_apart_from_failures(small_warehouse, capsys):
    summary = {"docs_seen": 2, "docs_new": 2, "docs_changed": 0, "docs_unchanged": 0, "docs_removed": 0,
               "arms_loaded": 0, "findings_loaded": 0, "run_id": "r1", "flow_run_id": "f1",
               "rejected": [("topic", "smoking.pdf: off topic: 'Exercise for smokers' names no cell therapy"),
                            ("read", "c.pdf: encrypted")]}
    print_summary(summary, small_warehouse, 1.0)
    out = capsys.readouterr().out
    assert "rejected   1 file or row that could not be read" in out
    assert "off topic  1 paper on another subject, not loaded" in out
    assert "- smoking.pdf: off topic: 'Exercise for smokers'" in out
