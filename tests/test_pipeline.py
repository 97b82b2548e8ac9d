"""The flow end to end on the seeds: score, incremental runs, bad files."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from .conftest import EVIDENCE, GOLD, ROOT, load_warehouse

pytestmark = pytest.mark.slow


def run_flow(seeds: Path, db: Path) -> dict:
    from flows.pipeline import evidence_run

    return evidence_run(seeds=seeds, db=db)


def score(db: Path) -> dict:
    out = subprocess.run([sys.executable, str(ROOT / "tests" / "score_extraction.py"), "--db", str(db),
                          "--gold", str(GOLD), "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["summary"]


def query(db: Path, sql: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_seeds_end_to_end(prefect_harness, seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    first = run_flow(seeds_copy, db)
    assert (first["docs_seen"], first["docs_new"]) == (5, 5)
    # the only rejects are sentences that state numbers but no finding: nothing failed validation
    stages = query(db, "SELECT stage, count(*) FROM rejects GROUP BY stage")
    assert [stage for stage, _ in stages] in ([], ["findings"]) and first["rows_rejected"] == sum(n for _, n in stages)

    summary = score(db)
    assert summary["arms_f1"] >= 0.97 and summary["arms_exact"] >= 0.90
    assert summary["findings_f1"] >= 0.90

    loaded_at = query(db, "SELECT source_file, loaded_at FROM documents ORDER BY 1")
    again = run_flow(seeds_copy, db)
    assert (again["docs_unchanged"], again["docs_new"], again["arms_loaded"]) == (5, 0, 0)
    assert query(db, "SELECT source_file, loaded_at FROM documents ORDER BY 1") == loaded_at
    assert query(db, "SELECT count(*) FROM runs") == [(2,)]

    # every view answers
    for view in ("v_pooled_proportions", "v_patients_by_source", "v_studies", "v_dose_ranges"):
        assert query(db, f"SELECT count(*) FROM {view}")[0][0] > 0


def test_changes_and_bad_files(prefect_harness, seeds_copy, tmp_path):
    db = tmp_path / "evidence.duckdb"
    run_flow(seeds_copy, db)
    arms_before = query(db, "SELECT count(*) FROM trial_arms")[0][0]

    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "noise.txt").write_bytes(bytes(range(256)) * 4)
    (seeds_copy / "notes.docx").write_bytes(b"PK\x03\x04 not a paper")
    (seeds_copy / "000_815d253af521f5ed.txt").unlink()
    edited = seeds_copy / "003_9a8753b4000d7559.txt"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nFive patients relapsed at 2 years.\n", encoding="utf-8")

    result = run_flow(seeds_copy, db)
    assert (result["docs_new"], result["docs_changed"], result["docs_removed"]) == (3, 1, 1)
    assert query(db, "SELECT count(*) FROM trial_arms")[0][0] == arms_before - 8
    assert query(db, "SELECT count(*) FROM documents WHERE source_file = '000_815d253af521f5ed.txt'") == [(0,)]
    rejects = dict(query(db, "SELECT source_file, errors FROM rejects WHERE stage = 'read'"))
    assert set(rejects) == {"empty.txt", "noise.txt", "notes.docx"}
    assert "empty" in rejects["empty.txt"] and "binary" in rejects["noise.txt"] and "no reader" in rejects["notes.docx"]
    relapse = query(db, "SELECT numerator, value FROM findings WHERE source_file = '003_9a8753b4000d7559.txt' "
                        "AND measure = 'relapse' AND timepoint_months = 24")
    assert relapse == [(5, None)]  # a count of events with no denominator

    # bad files already recorded are not read again
    quiet = run_flow(seeds_copy, db)
    assert (quiet["docs_new"], quiet["docs_changed"], quiet["docs_unchanged"]) == (0, 0, 7)
    assert query(db, "SELECT count(*) FROM rejects WHERE stage = 'read'") == [(3,)]


def test_a_commands_run_ends_once_its_load_is_published(prefect_harness, seeds_copy, tmp_path, monkeypatch):
    """Prefect's heartbeat thread sleeps in one-second steps and a flow run's end waits for it;
    a run from the command line has none, so it ends as soon as the warehouse is published."""
    from flows.pipeline import evidence_run, run_here
    from warehouse import store

    published, publish = [], store.publish

    def timed(*args, **kwargs):
        publish(*args, **kwargs)
        published.append(time.monotonic())

    monkeypatch.setattr(store, "publish", timed)
    tails = []
    for _ in range(3):  # with the heartbeat, each tail is 0 to 1 s: three under 0.5 s by chance is 1 in 8
        run_here(evidence_run, seeds=seeds_copy, db=tmp_path / "evidence.duckdb")
        tails.append(time.monotonic() - published[-1])
    assert max(tails) < 0.5, tails


def test_command_line(tmp_path, seeds_copy):
    """`evidence run` as a user types it: its own Prefect server, a summary, no traceback."""
    db = tmp_path / "cli.duckdb"
    done = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds_copy),
                           "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert "5 seen: 5 new" in done.stdout and "80 trial arms" in done.stdout
    # sentences kept for review are counted apart from what failed
    assert "rejected   0 files or rows" in done.stdout and "sentences with numbers but no finding" in done.stdout
    (seeds_copy / "broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    later = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds_copy),
                            "--db", str(db)], capture_output=True, text=True, timeout=300)
    assert later.returncode == 0 and "rejected   1 file or row" in later.stdout
    assert "- broken.pdf: not a readable PDF" in later.stdout  # the summary lists what was rejected
    table = subprocess.run([EVIDENCE, "sql", "--db", str(db), "--json",
                            "SELECT count(*) AS n FROM findings"], capture_output=True, text=True, check=True)
    assert json.loads(table.stdout) == [{"n": 23}]


def test_new_extractor_version_re_extracts_everything(seeds_copy, tmp_path, monkeypatch):
    from warehouse import plan as planning
    from warehouse.plan import make_plan

    db = tmp_path / "evidence.duckdb"
    load_warehouse(seeds_copy, db)
    assert len(make_plan(seeds_copy, db).unchanged) == 5
    monkeypatch.setattr(planning, "EXTRACTOR_VERSION", "9.9.9")
    again = make_plan(seeds_copy, db)
    assert (len(again.changed), len(again.unchanged), len(again.retire_doc_ids)) == (5, 0, 5)


def contents(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, without the columns that name the run or the moment of loading."""
    skip = {"loaded_at", "run_id", "rejected_at"}
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table in ("documents", "trial_arms", "findings", "rejects"):
            columns = [c for (c,) in con.execute("SELECT column_name FROM information_schema.columns "
                                                  "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
                       if c not in skip]
            out[table] = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
    return out


def test_dask_runner_gives_the_same_warehouse(prefect_harness, seeds_copy, tmp_path):
    from bench.corpus import write_corpus
    from flows.pipeline import evidence_run, task_runner

    write_corpus(seeds_copy / "more", 40)
    (seeds_copy / "empty.txt").write_bytes(b"")
    threads_db, dask_db = tmp_path / "threads.duckdb", tmp_path / "dask.duckdb"
    evidence_run(seeds=seeds_copy, db=threads_db)
    on_dask = evidence_run.with_options(task_runner=task_runner("dask", dask_workers=2))
    summary = on_dask(seeds=seeds_copy, db=dask_db)
    expected = contents(threads_db)
    read_rejects = [r for r in expected["rejects"] if "findings" not in r]  # sentences with numbers but no finding aside
    assert summary["docs_new"] == 46 and summary["rows_rejected"] == len(expected["rejects"])
    assert len(expected["trial_arms"]) > 80 and len(read_rejects) == 1
    assert contents(dask_db) == expected


def test_commands_share_one_prefect_api(tmp_path, seeds_copy):
    from flows.server import _alive, read_state, stop_shared

    state = tmp_path / "state"
    env = {**os.environ, "EVIDENCE_STATE_DIR": str(state), "EVIDENCE_API_IDLE_SECONDS": "4"}
    evidence = [EVIDENCE, "run", "--seeds", str(seeds_copy),
                "--db", str(tmp_path / "e.duckdb")]
    try:
        first = subprocess.run(evidence, capture_output=True, text=True, env=env, timeout=300)
        assert first.returncode == 0, first.stderr
        assert "started a local Prefect API" in first.stderr
        (directory,) = (state / "evidence").iterdir()
        pid = read_state(directory)["pid"]
        assert _alive(pid)  # still up for the next command

        (seeds_copy / "new.txt").write_text("Complete remission was 28% at 1 year (23/83) after MSCT.", encoding="utf-8")
        second = subprocess.run(evidence, capture_output=True, text=True, env=env, timeout=300)
        assert second.returncode == 0, second.stderr
        assert "started a local Prefect API" not in second.stderr and "1 new" in second.stdout
        assert "Prefect flow run" in second.stdout and read_state(directory)["pid"] == pid

        deadline = time.monotonic() + 60  # unused for 4 s: it stops by itself
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(pid)
    finally:
        for directory in state.glob("evidence/*"):
            stop_shared(directory)


def served_runs(db: Path) -> int:
    try:
        return query(db, "SELECT count(*) FROM runs WHERE status = 'completed'")[0][0]
    except (duckdb.Error, OSError):
        return 0  # not written yet


def serve_until_a_run(seeds: Path, db: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`evidence serve --interval 3` until its first run is in the warehouse, then Ctrl-C as a
    terminal sends it, to every process of the group (a later run is usually under way by
    then); and the seconds serve took to exit after it."""
    serving = subprocess.Popen([EVIDENCE, "serve", "--interval", "3",
                                "--seeds", str(seeds), "--db", str(db)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": "1"})
    deadline = time.monotonic() + 180
    while served_runs(db) == 0 and serving.poll() is None and time.monotonic() < deadline:
        time.sleep(0.5)
    os.killpg(serving.pid, signal.SIGINT)
    interrupted = time.monotonic()
    try:
        out, err = serving.communicate(timeout=120)
    finally:
        if serving.poll() is None:
            os.killpg(serving.pid, signal.SIGKILL)
    return subprocess.CompletedProcess(serving.args, serving.returncode, out, err), time.monotonic() - interrupted


def test_serve_runs_on_schedule_and_stops_cleanly(tmp_path, seeds_copy):
    first_db, second_db = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    first, stopping = serve_until_a_run(seeds_copy, first_db)
    assert first.returncode == 0, first.stderr
    # a run cut short by Ctrl-C is cancelled quietly: the API server and the run's processes
    # leave the interrupt to serve, which cancels the run and stops the server last
    assert "Traceback" not in first.stdout + first.stderr
    assert "stopped serving" in first.stdout
    assert stopping < 20
    runs = served_runs(first_db)
    assert runs >= 1 and query(first_db, "SELECT count(*) FROM documents")[0][0] == 5

    # Serving again elsewhere: nothing the first serve scheduled fires late into its warehouse.
    second, _ = serve_until_a_run(seeds_copy, second_db)
    assert second.returncode == 0, second.stderr
    assert served_runs(second_db) >= 1
    assert served_runs(first_db) == runs


def test_api_prepare_creates_the_shared_servers_database(tmp_path):
    import sqlite3

    env = {**os.environ, "EVIDENCE_STATE_DIR": str(tmp_path / "state")}
    done = subprocess.run([EVIDENCE, "api", "prepare"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    (database,) = (tmp_path / "state" / "evidence").glob("*/prefect.db")
    with sqlite3.connect(database) as con:
        tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
    assert {"flow_run", "task_run", "deployment"} <= tables and revision
