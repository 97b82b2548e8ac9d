"""`evidence serve`: the flow as a scheduled Prefect deployment, run by a Prefect runner.

`Flow.serve` would do, but its runner stops on SIGTERM by raising SystemExit from inside the
event loop, which the run in flight reports as a crash with tracebacks, and Ctrl-C skips the
runner's shutdown. Here both signals ask the runner to stop from the loop itself: it cancels
the run in flight (whose warehouse load, if begun, leaves the last complete state), pauses the
deployment and exits.
"""

from __future__ import annotations

import asyncio
import signal
from typing import Any

from prefect import Flow
from prefect.runner import Runner

DEPLOYMENT = "evidence"


async def serve(flow: Flow, parameters: dict[str, Any], schedule: dict[str, Any]) -> None:
    """Serves `flow` on `schedule` ({"cron": …} or {"interval": seconds}) until SIGINT or SIGTERM.
    One run at a time: the warehouse has a single writer."""
    runner = Runner(name=DEPLOYMENT, limit=1)
    await runner.aadd_flow(flow, name=DEPLOYMENT, parameters=parameters, paused=False, **schedule)
    polling = asyncio.create_task(runner.start())
    await asyncio.sleep(0)  # the runner installs its own SIGTERM handler as it starts; ours replace it
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    asked = asyncio.create_task(stopping.wait())
    await asyncio.wait({polling, asked}, return_when=asyncio.FIRST_COMPLETED)
    if not polling.done():
        await runner.astop()
    asked.cancel()
    await polling
