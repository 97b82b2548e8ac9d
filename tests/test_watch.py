"""`evidence watch`: files arriving together make one run, a file still being written is waited for."""

import shutil
import signal
import subprocess
import threading
import time

import duckdb
import pytest

from flows.watch import settled, watch_seeds

from .conftest import EVIDENCE, FIXTURES, SEEDS, load_warehouse


def test_settled_waits_for_a_growing_file(tmp_path):
    growing = tmp_path / "big.pdf"
    growing.write_bytes(b"%PDF")

    def keep_writing():
        for _ in range(6):
            time.sleep(0.2)
            with open(growing, "ab") as handle:
                handle.write(b"x" * 1000)

    writer = threading.Thread(target=keep_writing)
    started = time.monotonic()
    writer.start()
    settled([growing], wait=0.5)
    writer.join()
    assert time.monotonic() - started >= 1.2
    assert growing.stat().st_size == 6004


def test_a_file_landing_as_the_watch_starts_is_the_watchers(tmp_path):
    """`on_ready` takes the baseline with the watcher already running: a file that lands right
    after it looked is in the first batch, never lost between the two."""
    batches = []

    def ready():
        (tmp_path / "early.txt").write_text("arrived as the watch started", encoding="utf-8")

    def on_change(paths):
        batches.append([p.name for p in paths])
        return True

    assert watch_seeds(tmp_path, on_change, stop_after=1, on_ready=ready) == 1
    assert batches == [["early.txt"]]


def test_a_batch_with_nothing_to_do_is_not_a_run(tmp_path):
    batches = []

    def on_change(paths):
        batches.append([p.name for p in paths])
        if len(batches) == 1:  # e.g. files a run already loaded: no run, and not counted
            (tmp_path / "second.txt").write_text("a paper", encoding="utf-8")
            return False
        return True

    ready = lambda: (tmp_path / "first.txt").write_text("a paper", encoding="utf-8")  # noqa: E731
    assert watch_seeds(tmp_path, on_change, stop_after=1, on_ready=ready) == 1
    assert batches == [["first.txt"], ["second.txt"]]


@pytest.mark.slow
def test_watch_starts_no_run_when_nothing_changed_and_runs_only_the_new_paper(tmp_path, seeds_copy):
    """A paper rejected as off topic is remembered: the watch starts without a run, and a new
    paper's run reads that paper alone."""
    db = tmp_path / "evidence.duckdb"
    shutil.copy(FIXTURES / "off_topic_exercise_trial.txt", seeds_copy / "off_topic_exercise_trial.txt")
    load_warehouse(seeds_copy, db)
    watcher = subprocess.Popen([EVIDENCE, "watch", "--seeds", str(seeds_copy), "--db", str(db), "--runs", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while "watching" not in (watcher.stdout.readline() or "") and time.monotonic() < deadline:
        pass
    (seeds_copy / "new.txt").write_text("Complete remission was 28% at 1 year (23/83) after MSCT in SLE.",
                                        encoding="utf-8")
    out, err = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, err
    assert "changed since the last run" not in out and "1 change in" in out
    assert "7 seen: 1 new, 0 changed, 6 unchanged" in out
    assert "Traceback" not in out + err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT docs_new, docs_unchanged FROM runs ORDER BY started_at").fetchall() == [
            (6, 0), (1, 6)]


@pytest.mark.slow
def test_watch_runs_once_for_files_arriving_together(tmp_path):
    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    seeds.mkdir()
    watcher = subprocess.Popen([EVIDENCE, "watch", "--seeds", str(seeds),
                                "--db", str(db), "--runs", "1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 120
    while "watching" not in (watcher.stdout.readline() or "") and time.monotonic() < deadline:
        pass
    for path in sorted(SEEDS.iterdir()):
        shutil.copy(path, seeds / path.name)
    (seeds / "broken.pdf").write_bytes(b"not a pdf")  # a bad file does not stop the watcher
    out, err = watcher.communicate(timeout=120)
    assert watcher.returncode == 0, err
    assert "Traceback" not in out + err
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(docs_new) FROM runs").fetchone() == (1, 6)
        assert con.execute("SELECT count(*) FROM rejects WHERE source_file = 'broken.pdf'").fetchone() == (1,)


@pytest.mark.slow
def test_watch_first_loads_what_changed_while_nothing_watched(tmp_path, seeds_copy):
    db = tmp_path / "evidence.duckdb"
    log = tmp_path / "stderr.log"
    with open(log, "w") as stderr:
        watcher = subprocess.Popen([EVIDENCE, "watch", "--seeds",
                                    str(seeds_copy), "--db", str(db)], stdout=subprocess.PIPE, stderr=stderr, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(watcher.stdout.readline, "")), daemon=True)
    reader.start()
    deadline = time.monotonic() + 120
    while not any(line.startswith("time ") for line in lines) and time.monotonic() < deadline:  # the summary's end
        time.sleep(0.1)
    watcher.send_signal(signal.SIGINT)
    watcher.wait(timeout=60)
    reader.join(timeout=10)
    out = "".join(lines)
    assert watcher.returncode == 0, log.read_text()
    assert "changed since the last run: running" in out and "5 seen: 5 new" in out and "stopped watching" in out
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(docs_new) FROM runs").fetchone() == (1, 5)
