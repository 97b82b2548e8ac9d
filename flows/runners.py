"""The `--runner` values: where a run's extraction tasks execute (see `flows.pipeline.task_runner`)."""

from __future__ import annotations

import os

RUNNERS_HELP = "threads, dask or dask=tcp://HOST:PORT"


def parse_runner(spec: str) -> tuple[str, str | None]:
    """("threads", None), ("dask", None) or ("dask", "tcp://HOST:PORT"); ValueError otherwise."""
    kind, sep, address = spec.partition("=")
    if kind in ("threads", "dask") and not sep:
        return kind, None
    if kind == "dask" and address.startswith(("tcp://", "tls://")) and len(address) > 6:
        return kind, address
    raise ValueError(f"unknown runner {spec!r}: use {RUNNERS_HELP}")


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform has one)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
