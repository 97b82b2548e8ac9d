"""A run killed with SIGKILL mid-load leaves the last complete state; readers are never
blocked during a run; a second run at the same time is told so; the next run completes."""

import fcntl
import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest

from bench.corpus import write_corpus

from .conftest import EVIDENCE, SEEDS

pytestmark = pytest.mark.slow


def evidence_run(seeds: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def documents(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]


def lock_is_held(db: Path) -> bool:
    with open(db.with_name(db.name + ".lock"), "a+") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.lockf(handle, fcntl.LOCK_UN)
        return False


def wait_for(condition, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def test_kill_mid_load_reads_during_run_and_a_second_writer(tmp_path):
    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    shutil.copytree(SEEDS, seeds)
    first = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert documents(db) == 5
    write_corpus(seeds / "more", 400)

    run = evidence_run(seeds, db)
    assert wait_for(lambda: lock_is_held(db), timeout=120)

    # A second run while the first holds the write lock (the first paused meanwhile: a fast
    # machine can finish its load before the second has started) is told so at once.
    os.kill(run.pid, signal.SIGSTOP)
    second = evidence_run(seeds, db)
    _, second_err = second.communicate(timeout=60)
    os.kill(run.pid, signal.SIGCONT)
    assert second.returncode == 3 and "another run is writing" in second_err

    staging = db.with_name(db.name + ".staging")
    seen, loading = set(), threading.Event()

    def read_until_loading():
        while not loading.is_set():
            seen.add(documents(db))  # never blocked, always a complete state
            time.sleep(0.02)

    reader = threading.Thread(target=read_until_loading)
    reader.start()
    # The load lasts a fraction of a second: watch for it closely, apart from the reads.
    while not staging.exists() and run.poll() is None:
        time.sleep(0.001)
    assert run.poll() is None, "the run finished before its load was seen"
    os.kill(run.pid, signal.SIGKILL)
    loading.set()
    reader.join()
    run.wait()
    assert seen == {5}
    assert documents(db) == 5  # the load that was under way left no trace

    again = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert documents(db) == 405
    assert not staging.exists()
    with duckdb.connect(str(db), read_only=True) as con:
        statuses = con.execute("SELECT docs_new, status FROM runs ORDER BY started_at").fetchall()
    assert statuses == [(5, "completed"), (400, "completed")]


def test_ctrl_c_mid_extraction_stops_at_once_and_changes_nothing(tmp_path):
    """Ctrl-C in a terminal reaches the command and its reader processes at once; the run stops
    without reading what is queued, says the warehouse is unchanged, and prints no traceback and
    no Prefect error lines."""
    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    shutil.copytree(SEEDS, seeds)
    assert subprocess.run([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)],
                          capture_output=True).returncode == 0
    loaded = db.read_bytes()
    write_corpus(seeds / "more", 1500)

    run = subprocess.Popen([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output = []
    for line in run.stdout:
        output.append(line)
        if "extract-batch" in line:  # the first batch is done: the others are being read
            break
    os.killpg(run.pid, signal.SIGINT)  # as a terminal does: the whole foreground group
    interrupted = time.monotonic()
    output.extend(run.stdout)
    run.wait(timeout=60)
    text = "".join(output)
    assert run.returncode == 130, text
    assert time.monotonic() - interrupted < 15
    assert f"evidence run: interrupted; {db} is as it was before the run" in text
    assert "Traceback" not in text
    assert "Crash detected" not in text and "ERROR" not in text  # the command says it, quietly
    assert db.read_bytes() == loaded and not lock_is_held(db)
    assert not db.with_name(db.name + ".staging").exists()
