"""The run's steps without Prefect: batches read in worker processes, with a time limit."""

import os
import time

from flows import steps
from warehouse.plan import SeedFile

from .conftest import SEEDS

REAL_EXTRACT = steps.extract_file


def slow_on_purpose(path, source_file):
    if source_file == "slow.txt":
        time.sleep(30)
    return REAL_EXTRACT(path, source_file)


def test_a_document_over_the_time_limit_is_one_reject(monkeypatch, tmp_path):
    monkeypatch.setattr(steps, "extract_file", slow_on_purpose)  # worker processes are forked: they see it
    slow = tmp_path / "slow.txt"
    slow.write_text("Complete remission was 28% at 1 year (23/83) after MSCT.")
    seeds = [SeedFile("slow.txt", slow, "a" * 64), SeedFile("002.txt", SEEDS / "002_dc1f50bb40f2f6aa.txt", "b" * 64)]
    started = time.monotonic()
    slow_result, good = steps.extract_batch(seeds, timeout=2, workers=2)
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
    alone = steps.extract_batch(seeds, workers=1)
    monkeypatch.setattr(steps, "extract_file", reading_pid)  # before the pool forks: its workers see it
    with steps.worker_pool(2):
        first = steps.extract_batch(seeds[:3])
        second = steps.extract_batch(seeds[3:])
    assert steps._shared_pool is None  # closed with the run
    readers = [{r["documents"][0]["journal"] for r in batch} for batch in (first, second)]
    assert len(readers[0] | readers[1]) <= 2 and str(os.getpid()) not in readers[0]  # the same two processes read both
    for mine, reference in zip(first + second, alone, strict=True):
        mine["documents"][0]["journal"] = reference["documents"][0]["journal"]
        assert mine == reference
