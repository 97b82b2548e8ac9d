"""The shared local Prefect API server: `python -m flows.api_server --port N --users FILE`.

Started in the background by the first command that needs a Prefect API (see `flows.server`)
and reused by the ones after it, so only the first pays for its start-up. Each command that
uses it holds a shared lock on the users file; the server stops once no command has held it
for the idle time, and it can be stopped at once with `evidence api stop`.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import threading
import time
from pathlib import Path


class _Activity:
    """ASGI middleware: remembers when the API was last asked anything."""

    def __init__(self, app) -> None:  # noqa: ANN001 - any ASGI app
        self.app = app
        self.last = time.monotonic()

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        self.last = time.monotonic()
        await self.app(scope, receive, send)


def _unused(users: Path) -> bool:
    """True when no command holds the users file."""
    with open(users, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--users", type=Path, required=True)
    parser.add_argument("--idle", type=float, default=1800.0, help="seconds unused before it stops")
    args = parser.parse_args()

    import uvicorn
    from prefect.server.api.server import create_app

    activity = _Activity(create_app(ephemeral=True, final=True))
    server = uvicorn.Server(uvicorn.Config(activity, host="127.0.0.1", port=args.port, log_level="critical",
                                           lifespan="on"))

    def watch() -> None:
        while not server.should_exit:
            time.sleep(min(5.0, args.idle / 4))
            if time.monotonic() - activity.last > args.idle and _unused(args.users):
                server.should_exit = True

    threading.Thread(target=watch, daemon=True).start()
    print(f"Prefect API on http://127.0.0.1:{args.port}/api, pid {os.getpid()}", flush=True)
    server.run()


if __name__ == "__main__":
    main()
