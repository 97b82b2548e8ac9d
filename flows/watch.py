"""`evidence watch`: a flow run whenever documents arrive in, change in or leave the seeds folder.

Changes are collected until the folder has been quiet for a moment (watchfiles' debounce), and
then until every changed file has kept its size for a moment, so a large PDF still being copied
is not read half-written and several files arriving together make one run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import watch

QUIET_MS = 800  # the folder is quiet this long: the batch of changes is complete
SETTLE_SECONDS = 0.5  # and each changed file has kept its size this long


def settled(paths: Iterable[Path], wait: float = SETTLE_SECONDS, give_up: float = 600.0) -> None:
    """Returns once no file in `paths` has changed size for `wait` seconds (or after `give_up`)."""
    def sizes() -> dict[Path, int]:
        return {p: (p.stat().st_size if p.exists() else -1) for p in paths}

    deadline = time.monotonic() + give_up
    before = sizes()
    while time.monotonic() < deadline:
        time.sleep(wait)
        now = sizes()
        if now == before:
            return
        before = now


def watch_seeds(seeds: Path, on_change: Callable[[list[Path]], bool], stop_after: int | None = None,
                on_ready: Callable[[], None] | None = None) -> int:
    """Calls `on_change` with the changed paths after each settled batch; it returns whether it
    made a run (a batch that leaves nothing to do makes none). Returns the number of runs made,
    stopping after `stop_after`. `on_ready` is called once, with the folder already watched: what
    it finds there is the watcher's baseline, so a file that lands while or after it looks is
    either in what it found or in a later batch, never missed."""
    runs, ready = 0, on_ready
    # the generator's first yield, at the latest after one 200 ms timeout, comes from a running watcher
    for changes in watch(seeds, debounce=QUIET_MS, step=50, recursive=True, rust_timeout=200, yield_on_timeout=True):
        if ready is not None:
            ready()
            ready = None
        paths = sorted({Path(p) for _, p in changes if not Path(p).name.startswith(".")})
        if not paths:
            continue
        settled(paths)
        if on_change(paths):
            runs += 1
        if stop_after is not None and runs >= stop_after:
            break
    return runs
