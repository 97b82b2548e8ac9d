"""A progress bar for long runs on a terminal; nothing at all in logs, pipes and CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def wanted() -> bool:
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def progress(total: int, label: str = "reading documents") -> Iterator[Callable[[int], None]]:
    """Yields `advance(n)`; shows a bar only when there is a terminal to show it on."""
    if not wanted() or total < 20:
        yield lambda n: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)
