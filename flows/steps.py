"""The run's steps as plain functions; `flows.pipeline` wraps them as Prefect tasks."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import TimeoutError
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pebble import ProcessExpired, ProcessPool

from extractors.extract import extract_file, failure, to_rows
from schemas.validate import frame, validate
from warehouse.plan import Plan, SeedFile
from warehouse.runs import RunStats
from warehouse.store import Changes

DOC_TIMEOUT = float(os.environ.get("EVIDENCE_DOC_TIMEOUT", "60"))  # seconds one document may take
REJECT_COLUMNS = ["source_file", "doc_id", "stage", "record", "errors", "run_id", "rejected_at"]


class Batch:
    """Extracted rows, passed between tasks as one object. (Prefect walks lists and dicts given
    to a task, looking for futures inside; thousands of rows made that walk take seconds.)"""

    __slots__ = ("results",)

    def __init__(self, results: list[dict[str, list[dict]]]):
        self.results = results


def extract_rows(path: Path, source_file: str) -> dict[str, list[dict]]:
    return to_rows(extract_file(path, source_file))


_shared_pool: ProcessPool | None = None  # the run's worker processes, while `worker_pool` holds them


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ProcessPool]:
    """One set of worker processes for every batch of a run in this process: batches submitted
    at the same time keep every core busy, and the workers' caches stay warm between batches."""
    global _shared_pool
    pool = ProcessPool(max_workers=workers or os.cpu_count() or 1, context=multiprocessing.get_context("fork"))
    _shared_pool = pool
    try:
        yield pool
    finally:
        _shared_pool = None
        pool.close()
        pool.join()


def extract_batch(seeds: list[SeedFile], timeout: float | None = None, workers: int | None = None) -> list[dict]:
    """Each file of the batch as warehouse rows, read in worker processes with a time limit per
    document; a file that cannot be read, or takes too long, is one reject row. The run's
    `worker_pool` is used when there is one; otherwise the batch gets processes of its own (one
    per core, or `workers`), or, in a daemonic process that may not have children (a Dask
    worker started without `distributed.worker.daemon: false`), is read in this process with
    no time limit."""
    timeout = DOC_TIMEOUT if timeout is None else timeout
    if _shared_pool is not None and not workers:
        return _read_in(_shared_pool, seeds, timeout)
    if multiprocessing.current_process().daemon:
        return [extract_rows(seed.path, seed.source_file) for seed in seeds]
    workers = max(1, min(workers or os.cpu_count() or 1, len(seeds)))
    with ProcessPool(max_workers=workers, context=multiprocessing.get_context("fork")) as pool:
        return _read_in(pool, seeds, timeout)


def _read_in(pool: ProcessPool, seeds: list[SeedFile], timeout: float) -> list[dict]:
    futures = [pool.schedule(extract_rows, args=(seed.path, seed.source_file), timeout=timeout) for seed in seeds]
    results = []
    for seed, future in zip(seeds, futures, strict=True):
        try:
            results.append(future.result())
        except TimeoutError:
            message = f"reading took longer than the {timeout:g} s limit per document"
            results.append(to_rows(failure(seed.source_file, seed.doc_id, "read", message)))
        except ProcessExpired as died:
            message = f"the reader process died ({died}); the file may be too large to read"
            results.append(to_rows(failure(seed.source_file, seed.doc_id, "read", message)))
    return results


def batches(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def build_changes(plan: Plan, extracted: list[dict[str, list[dict]]], run: RunStats) -> Changes:
    """Validated rows to add, rejects for the rest, and the documents the run retires."""
    rows: dict[str, list[dict]] = {"documents": [], "trial_arms": [], "findings": [], "rejects": []}
    owners = {seed.doc_id: seed.source_file for seed in plan.unchanged}
    for result in extracted:
        doc = result["documents"][0] if result["documents"] else None
        if doc and doc["doc_id"] in owners:
            rows["rejects"].append(_duplicate(doc, owners[doc["doc_id"]]))
            continue
        if doc:
            owners[doc["doc_id"]] = doc["source_file"]
        for table, items in result.items():
            rows[table].extend(items)
    checked = {table: validate(table, rows[table]) for table in ("documents", "trial_arms", "findings")}
    rejects = rows["rejects"] + [r for c in checked.values() for r in c.rejects]
    bad_docs = {r["doc_id"] for r in checked["documents"].rejects}
    now = datetime.now(UTC).replace(tzinfo=None)
    documents = checked["documents"].valid.assign(loaded_at=now)
    reject_frame = pd.DataFrame(rejects, columns=REJECT_COLUMNS[:5]).assign(run_id=run.run_id, rejected_at=now)
    return Changes(
        documents=documents,
        trial_arms=_without(checked["trial_arms"].valid, bad_docs),
        findings=_without(checked["findings"].valid, bad_docs),
        rejects=reject_frame,
        retire_doc_ids=list(plan.retire_doc_ids),
        retire_sources=[s.source_file for s in plan.to_extract] + plan.removed,
    )


def _duplicate(doc: dict, first: str) -> dict:
    return {"source_file": doc["source_file"], "doc_id": doc["doc_id"], "stage": "read",
            "record": frame("documents", [doc]).drop(columns=["raw_text"]).iloc[0].to_json(),
            "errors": f"{doc['source_file']}: same bytes as {first}, which is loaded; this copy is not loaded again"}


def _without(df: pd.DataFrame, doc_ids: set[str]) -> pd.DataFrame:
    return df[~df["doc_id"].isin(doc_ids)] if doc_ids and len(df) else df
