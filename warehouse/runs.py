"""The `runs` table's rows, and the run that finds nothing to do.

Whether a run has work is decided from file hashes and the warehouse alone, before Prefect is
imported or its API started: an unchanged corpus is recorded as a run in a second instead of
waiting for the orchestrator to start. Runs with work go through the Prefect flow, and their
row names the flow run.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warehouse.plan import Plan, make_plan
from warehouse.store import Changes, record_run_only, write_lock


@dataclass
class RunStats:
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    def row(self, plan: Plan, seeds: Path, changes: Changes | None, status: str, flow_run_id: str | None = None) -> dict:
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
            "flow_run_id": flow_run_id,
        }


def record_if_unchanged(seeds: Path, db: Path, wait_seconds: float = 0.0) -> tuple[dict | None, Plan]:
    """(the run's row, recorded, and the plan) when no document is new, changed or removed;
    (None, the plan) when the run has work, which the Prefect flow should do. Raises
    WarehouseBusy like the flow."""
    run = RunStats()
    with write_lock(db, wait_seconds):
        plan = make_plan(seeds, db)
        if plan.has_work or not db.exists():
            return None, plan
        row = run.row(plan, seeds, None, "completed")
        record_run_only(db, row)
    return row, plan
