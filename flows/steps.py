"""The run's steps as plain functions; `flows.pipeline` wraps them as Prefect tasks."""

from __future__ import annotations

import multiprocessing
import os
import uuid
from concurrent.futures import TimeoutError
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from pebble import ProcessExpired, ProcessPool

from extractors.extract import extract_file, failure, to_rows
from schemas.validate import frame, validate
from warehouse.plan import Plan, SeedFile
from warehouse.store import Changes

DOC_TIMEOUT = float(os.environ.get("EVIDENCE_DOC_TIMEOUT", "60"))  # seconds one document may take
REJECT_COLUMNS = ["source_file", "doc_id", "stage", "record", "errors", "run_id", "rejected_at"]


@dataclass
class RunStats:
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    def row(self, plan: Plan, seeds: Path, changes: Changes | None, status: str) -> dict:
        finished = datetime.now(UTC).replace(tzinfo=None)
        return {
            "run_id": self.run_id,
            "started_at": self.started_at,
            "finished_at": finished,
            "status": status,
            "seeds": str(seeds),
            "docs_seen": len(plan.seen),
            "docs_new": len(plan.new),
            "docs_changed": len(plan.changed),
            "docs_unchanged": len(plan.unchanged),
            "docs_removed": len(plan.removed),
            "arms_loaded": len(changes.trial_arms) if changes else 0,
            "findings_loaded": len(changes.findings) if changes else 0,
            "rows_rejected": len(changes.rejects) if changes else 0,
            "seconds": round((finished - self.started_at).total_seconds(), 3),
        }


class Batch:
    """Extracted rows, passed between tasks as one object. (Prefect walks lists and dicts given
    to a task, looking for futures inside; thousands of rows made that walk take seconds.)"""

    __slots__ = ("results",)

    def __init__(self, results: list[dict[str, list[dict]]]):
        self.results = results


def extract_rows(path: Path, source_file: str) -> dict[str, list[dict]]:
    return to_rows(extract_file(path, source_file))


def extract_batch(seeds: list[SeedFile], timeout: float | None = None, workers: int | None = None) -> list[dict]:
    """Each file of the batch as warehouse rows, read in worker processes with a time limit per
    document; a file that cannot be read, or takes too long, is one reject row."""
    timeout = DOC_TIMEOUT if timeout is None else timeout
    workers = max(1, min(workers or os.cpu_count() or 1, len(seeds)))
    results = []
    with ProcessPool(max_workers=workers, context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.schedule(extract_rows, args=(seed.path, seed.source_file), timeout=timeout) for seed in seeds]
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
