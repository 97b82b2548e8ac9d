"""The `evidence run` flow: plan, extract in batches, validate, publish."""

from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from flows import steps
from flows.progress import progress
from warehouse import store
from warehouse.plan import Plan, make_plan

# Records pass between tasks in memory: no input hashing for a cache, no result persistence.
TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}
BATCH_SIZE = 100  # documents per extraction task; each task reads its batch on every core


@task(name="plan", **TASK_OPTIONS)
def plan_task(seeds: Path, db: Path) -> Plan:
    return make_plan(seeds, db)


@task(name="extract-batch", **TASK_OPTIONS)
def extract_task(batch: list) -> steps.Batch:
    return steps.Batch(steps.extract_batch(batch))


@task(name="validate", **TASK_OPTIONS)
def validate_task(plan: Plan, extracted: steps.Batch, run: steps.RunStats) -> store.Changes:
    return steps.build_changes(plan, extracted.results, run)


@task(name="publish", **TASK_OPTIONS)
def publish_task(db: Path, changes: store.Changes | None, run_row: dict) -> None:
    if changes is None:
        store.record_run_only(db, run_row)
    else:
        store.publish(db, changes, run_row)


@flow(name="evidence-run", task_runner=ThreadPoolTaskRunner(max_workers=1))
def evidence_run(seeds: Path = Path("seeds"), db: Path = store.DEFAULT_DB, wait_seconds: float = 0.0) -> dict:
    """New or changed documents are extracted, validated and loaded; removed ones retired."""
    logger = get_run_logger()
    run = steps.RunStats()
    with store.write_lock(db, wait_seconds):
        plan = plan_task(seeds, db)
        logger.info("%d documents: %d new, %d changed, %d unchanged, %d removed", len(plan.seen),
                    len(plan.new), len(plan.changed), len(plan.unchanged), len(plan.removed))
        changes = None
        if plan.has_work:
            batches = steps.batches(plan.to_extract, BATCH_SIZE)
            futures = [extract_task.submit(batch) for batch in batches]
            extracted = []
            with progress(len(plan.to_extract)) as advance:
                for batch, future in zip(batches, futures, strict=True):
                    extracted.extend(future.result().results)
                    advance(len(batch))
            changes = validate_task(plan, steps.Batch(extracted), run)
        row = run.row(plan, seeds, changes, "completed")
        publish_task(db, changes, row)
    rejected = list(changes.rejects["errors"]) if changes is not None and len(changes.rejects) else []
    return {**row, "rejected": rejected}
