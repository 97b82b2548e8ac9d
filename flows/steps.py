"""The run's steps as plain functions; `flows.pipeline` wraps them as Prefect tasks. Reading
documents in worker processes is `flows.reading`."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from schemas.validate import frame, validate
from warehouse.plan import Plan
from warehouse.runs import RunStats
from warehouse.store import Changes

REJECT_COLUMNS = ["source_file", "doc_id", "stage", "record", "errors", "run_id", "rejected_at"]


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
