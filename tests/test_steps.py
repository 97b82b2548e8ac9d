"""The run's steps without Prefect: batches read in worker processes, with a time limit, some of
them read ahead before the flow starts."""

import os
import threading
import time

import pytest

from flows import reading, steps
from warehouse.plan import SeedFile

from .conftest import SEEDS

REAL_EXTRACT = reading.extract_file


def slow_on_purpose(path, source_file):
    if source_file == "slow.txt":
        time.sleep(30)
    return REAL_EXTRACT(path, source_file)


def test_a_document_over_the_time_limit_is_one_reject(monkeypatch, tmp_path):
    monkeypatch.setattr(reading, "extract_file", slow_on_purpose)  # worker processes are forked: they see it
    slow = tmp_path / "slow.txt"
    slow.write_text("Complete remission was 28% at 1 year (23/83) after MSCT.")
    seeds = [SeedFile("slow.txt", slow, "a" * 64), SeedFile("002.txt", SEEDS / "002_dc1f50bb40f2f6aa.txt", "b" * 64)]
    started = time.monotonic()
    slow_result, good = reading.extract_batch(seeds, timeout=2, workers=2)
    assert time.monotonic() - started < 15
    (reject,) = slow_result["rejects"]
    assert reject["source_file"] == "slow.txt" and "longer than the 2 s limit" in reject["errors"]
    assert len(good["findings"]) == 14 and not good["rejects"]


def test_batches():
    assert steps.batches(list(range(5)), 2) == [[0, 1], [2, 3], [4]]


def reading_pid(path, source_file):
    extraction = REAL_EXTRACT(path, source_file)
    extraction.document["journal"] = str(os.getpid())  # which process read it
    return extraction


def test_batches_share_the_runs_worker_processes(monkeypatch):
    seeds = [SeedFile(p.name, p, str(k) * 64) for k, p in enumerate(sorted(SEEDS.iterdir()))]
    alone = reading.extract_batch(seeds, workers=1)
    monkeypatch.setattr(reading, "extract_file", reading_pid)  # before the pool forks: its workers see it
    with reading.worker_pool(2):
        first = reading.extract_batch(seeds[:3])
        second = reading.extract_batch(seeds[3:])
    assert reading._shared_pool is None  # closed with the run
    readers = [{r["documents"][0]["journal"] for r in batch} for batch in (first, second)]
    assert len(readers[0] | readers[1]) <= 2 and str(os.getpid()) not in readers[0]  # the same two processes read both
    for mine, reference in zip(first + second, alone, strict=True):
        mine["documents"][0]["journal"] = reference["documents"][0]["journal"]
        assert mine == reference


def test_batches_take_what_was_read_ahead(monkeypatch, tmp_path):
    log = tmp_path / "reads.log"

    def logged(path, source_file):
        with open(log, "a") as handle:
            handle.write(source_file + "\n")
        return REAL_EXTRACT(path, source_file)

    monkeypatch.setattr(reading, "extract_file", logged)
    files = sorted(SEEDS.iterdir())
    ahead = [SeedFile(p.name, p, str(k) * 64) for k, p in enumerate(files)]
    reading.read_ahead(ahead)
    # By the time the flow plans, the first file has other bytes (another digest) and the last is gone.
    planned = [SeedFile(files[0].name, files[0], "f" * 64), *ahead[1:-1]]
    with reading.worker_pool():
        taken = reading.extract_batch(planned)
    assert reading._shared_pool is None and not reading._read_ahead
    reads = log.read_text().split()
    assert reads.count(files[0].name) == 2  # read ahead, then again for its new bytes
    assert all(reads.count(p.name) == 1 for p in files[1:-1])  # read once, ahead, and taken
    assert taken == reading.extract_batch(planned, workers=1)


def test_reading_ahead_for_nothing_is_stopped():
    seeds = [SeedFile(p.name, p, str(k) * 64) for k, p in enumerate(sorted(SEEDS.iterdir()))]
    reading.read_ahead(seeds)
    reading.stop_reading_ahead()
    assert reading._shared_pool is None and not reading._read_ahead


def sleepy(path, source_file):
    time.sleep(0.2)
    return REAL_EXTRACT(path, source_file)


def test_an_interrupted_run_ends_its_waiting_batches_at_once(monkeypatch):
    monkeypatch.setattr(reading, "extract_file", sleepy)  # before the pool forks
    seeds = [SeedFile(f"{k}.txt", SEEDS / "002_dc1f50bb40f2f6aa.txt", f"{k:064d}") for k in range(40)]
    outcome = []

    def batch() -> None:  # a batch task, in a thread of its own as under Prefect
        try:
            reading.extract_batch(seeds)
            outcome.append("finished")
        except KeyboardInterrupt:
            outcome.append("interrupted")

    waiting = threading.Thread(target=batch)
    with pytest.raises(KeyboardInterrupt), reading.worker_pool(2):
        waiting.start()
        time.sleep(0.5)
        started = time.monotonic()
        raise KeyboardInterrupt  # Ctrl-C lands in the flow, which waits for its batches
    waiting.join(timeout=10)
    assert outcome == ["interrupted"]  # not the 4 s the queued documents would take
    assert time.monotonic() - started < 2
    assert reading._shared_pool is None and not reading._awaited
