"""The `evidence run` flow: plan, extract in batches, validate, publish."""

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.runtime import flow_run
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import reading, steps
from flows.progress import progress
from flows.runners import parse_runner, usable_cores
from flows.wording import counted
from warehouse import store
from warehouse.plan import Plan, make_plan
from warehouse.runs import RunStats

# Records pass between tasks in memory: no input hashing for a cache, no result persistence.
TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}
BATCH_SIZE = 100  # documents per extraction task; each task reads its batch on every core


@task(name="plan", **TASK_OPTIONS)
def plan_task(seeds: Path, db: Path) -> Plan:
    return make_plan(seeds, db)


@task(name="extract-batch", **TASK_OPTIONS)
def extract_task(batch: list, workers: int | None = None) -> list[dict]:
    return reading.extract_batch(batch, workers=workers)


@task(name="validate", **TASK_OPTIONS)
def validate_task(plan: Plan, extracted: list[dict], run: RunStats) -> store.Changes:
    return steps.build_changes(plan, extracted, run)


@task(name="publish", **TASK_OPTIONS)
def publish_task(db: Path, changes: store.Changes | None, run_row: dict) -> None:
    if changes is None:
        store.record_run_only(db, run_row)
    else:
        store.publish(db, changes, run_row)


def task_runner(spec: str = "threads", dask_workers: int | None = None) -> TaskRunner:
    """Where the extraction tasks run. "threads": in this process, two batches at a time over one
    set of worker processes. "dask": a local Dask cluster, one single-threaded worker process
    per core (or `dask_workers`). "dask=tcp://HOST:PORT": the Dask cluster whose scheduler is at
    that address (its workers need this project installed and the seeds folder at the same path)."""
    kind, address = parse_runner(spec)
    if kind == "threads":
        return ThreadPoolTaskRunner(max_workers=2)
    import logging

    import dask
    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(logging.WARNING)  # no line per worker start and stop
    if address:
        return DaskTaskRunner(address=address)
    # worker processes that may start children, so each document is read with a time limit
    dask.config.set({"distributed.worker.daemon": False, "logging.distributed": "warning"})
    workers = dask_workers or usable_cores()
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True,
                                          "dashboard_address": None})


@flow(name="evidence-run", task_runner=task_runner())
def evidence_run(seeds: Path = Path("seeds"), db: Path = store.DEFAULT_DB, wait_seconds: float = 0.0) -> dict:
    """New or changed documents are extracted, validated and loaded; removed ones retired."""
    logger = get_run_logger()
    run = RunStats()
    with store.write_lock(db, wait_seconds):
        plan = plan_task(seeds, db)
        logger.info("%s: %d new, %d changed, %d unchanged, %d removed", counted(len(plan.seen), "document"),
                    len(plan.new), len(plan.changed), len(plan.unchanged), len(plan.removed))
        changes = None
        if plan.has_work:
            local = isinstance(get_run_context().task_runner, ThreadPoolTaskRunner)
            # in this process: one set of worker processes for all batches; on Dask, each task a
            # process of its own to read in (the cluster's workers are the parallelism)
            pool, workers = (reading.worker_pool(), None) if local else (nullcontext(), 1)
            batches = steps.batches(plan.to_extract, BATCH_SIZE)
            extracted = []
            with pool, progress(len(plan.to_extract)) as advance:
                futures = [extract_task.submit(batch, workers) for batch in batches]
                for batch, future in zip(batches, futures, strict=True):
                    extracted.extend(future.result())
                    advance(len(batch))
            # quote(): Prefect would walk every record given to the task, looking for futures
            changes = validate_task(quote(plan), quote(extracted), run)
        row = run.row(plan, seeds, changes, "completed", flow_run_id=str(flow_run.id))
        publish_task(db, changes, row)
    rejected = list(zip(changes.rejects["stage"], changes.rejects["errors"], strict=True)) \
        if changes is not None and len(changes.rejects) else []
    return {**row, "rejected": rejected}


INTERRUPTED = "aborted by an interrupt signal"  # Prefect's message for a run that Ctrl-C stopped
# Prefect's message for a task the task runner cancelled as the run that Ctrl-C stopped wound down
CANCELLED = "Task run cancelled by the task runner"


def not_an_interrupt(record: logging.LogRecord) -> bool:
    """False for Prefect's log lines about a run stopped by Ctrl-C ("Crash detected! Execution was
    aborted by an interrupt signal.", "Finished in state Crashed(...)", and the same of a task the
    runner cancelled on the way out): the command says so in its own words, and the run's state on
    the server still says Crashed."""
    message = record.getMessage()
    return INTERRUPTED not in message and CANCELLED not in message


def quiet_interrupts() -> None:
    """The terminal's Prefect log handler leaves out the lines about an interrupted run (the
    API's handler still sends them)."""
    from prefect.logging.handlers import PrefectConsoleHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler) and not_an_interrupt not in handler.filters:
            handler.addFilter(not_an_interrupt)


@contextmanager
def no_heartbeat() -> Iterator[None]:
    """Flow runs in this process go without Prefect's heartbeat thread. The heartbeats (every
    180 s) tell a server that a long run is alive; the thread sleeps in one-second steps, and the
    end of every run waits for its step to finish: up to a second more for each run. Settings
    are rebuilt on entering (about 0.1 s), so `evidence watch` enters once for all its runs."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_FLOWS_HEARTBEAT_FREQUENCY.value() is None:
        yield
        return
    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def run_here(flow_fn, **parameters) -> dict:
    """A flow run in this process, without the heartbeat thread. A command reports its own
    runs' failures, and its interruption."""
    quiet_interrupts()
    with no_heartbeat():
        return flow_fn(**parameters)
