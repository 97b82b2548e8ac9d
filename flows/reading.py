"""Documents read into warehouse rows in worker processes, with a time limit per document.

Nothing here imports Prefect or pandera: `read_ahead` starts the workers before the command
imports them, so they fork small and start reading at once.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import CancelledError, Future, TimeoutError
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from extractors.extract import extract_file, failure, to_rows
from warehouse.plan import SeedFile

DOC_TIMEOUT = float(os.environ.get("EVIDENCE_DOC_TIMEOUT", "60"))  # seconds one document may take


def extract_rows(path: Path, source_file: str) -> dict[str, list[dict]]:
    return to_rows(extract_file(path, source_file))


_shared_pool: ProcessPool | None = None  # the run's worker processes, while `worker_pool` holds them
_read_ahead: dict[tuple[str, str], Future] = {}  # (source file, content digest) -> its rows, being read
_awaited: set[Future] = set()  # what the batches of a run are waiting for


def _new_pool(workers: int | None = None) -> ProcessPool:
    return ProcessPool(max_workers=workers or os.cpu_count() or 1, context=multiprocessing.get_context("fork"))


def read_ahead(seeds: list[SeedFile], timeout: float | None = None) -> None:
    """Starts reading `seeds` in the run's worker processes now, before the flow starts: the
    cores that would wait while Prefect is imported and its API comes up read documents
    instead. The flow's batches, in `worker_pool`, take each result whose file still has the
    same bytes; a file that changed in between is read again."""
    global _shared_pool
    timeout = DOC_TIMEOUT if timeout is None else timeout
    if _shared_pool is None:
        _shared_pool = _new_pool()
    for seed in seeds:
        _read_ahead[(seed.source_file, seed.doc_id)] = _shared_pool.schedule(
            extract_rows, args=(seed.path, seed.source_file), timeout=timeout)


def _drop_read_ahead() -> None:
    """Cancels what was read ahead for files no batch asked for."""
    for future in _read_ahead.values():
        future.cancel()
    _read_ahead.clear()


def stop_reading_ahead() -> None:
    """Drops what `read_ahead` started and no batch took, and its workers (a run that failed
    before its flow started, or ran on another runner)."""
    global _shared_pool
    _drop_read_ahead()
    if _shared_pool is not None:
        _shared_pool.stop()
        _shared_pool.join()
        _shared_pool = None


@contextmanager
def worker_pool(workers: int | None = None) -> Iterator[ProcessPool]:
    """One set of worker processes for every batch of a run in this process (the one
    `read_ahead` started, if any): batches submitted at the same time keep every core busy, and
    the workers' caches stay warm between batches."""
    global _shared_pool
    pool = _new_pool(workers) if _shared_pool is None else _shared_pool
    _shared_pool = pool
    try:
        yield pool
    except BaseException:
        # an interrupted or failed run: nothing more is read, and the batches waiting stop at once
        for future in list(_awaited):
            future.cancel()
        pool.stop()
        raise
    finally:
        _drop_read_ahead()
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
    with _new_pool(workers) as pool:
        return _read_in(pool, seeds, timeout)


def _read_in(pool: ProcessPool, seeds: list[SeedFile], timeout: float) -> list[dict]:
    try:
        futures = [_read_ahead.pop((seed.source_file, seed.doc_id), None)
                   or pool.schedule(extract_rows, args=(seed.path, seed.source_file), timeout=timeout)
                   for seed in seeds]
    except RuntimeError as error:  # "The Pool is not active"
        raise _stopped_or(pool, error) from None
    _awaited.update(futures)
    try:
        return _results(pool, seeds, futures, timeout)
    finally:
        _awaited.difference_update(futures)


def _results(pool: ProcessPool, seeds: list[SeedFile], futures: list[Future], timeout: float) -> list[dict]:
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
        except (CancelledError, BrokenProcessPool) as error:
            raise _stopped_or(pool, error) from None
    return results


def _stopped_or(pool: ProcessPool, error: BaseException) -> BaseException:
    """What a batch raises when its pool fails it: the error, or, when `worker_pool` stopped the
    pool because the run was interrupted, the interrupt: the batch ends as its run did, and
    Prefect records the task as crashed by it, without a traceback."""
    return error if pool.active else KeyboardInterrupt()
