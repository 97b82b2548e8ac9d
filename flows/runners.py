"""The `--runner` values: where a run's extraction tasks execute (see `flows.pipeline.task_runner`)."""

from __future__ import annotations

RUNNERS_HELP = "threads, dask or dask=tcp://HOST:PORT"


def parse_runner(spec: str) -> tuple[str, str | None]:
    """("threads", None), ("dask", None) or ("dask", "tcp://HOST:PORT"); ValueError otherwise."""
    kind, sep, address = spec.partition("=")
    if kind == "threads" and not sep:
        return kind, None
    if kind == "dask" and not sep:
        return kind, None
    if kind == "dask" and address.startswith(("tcp://", "tls://")) and len(address) > 6:
        return kind, address
    raise ValueError(f"unknown runner {spec!r}: use {RUNNERS_HELP}")
