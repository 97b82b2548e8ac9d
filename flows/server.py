"""A Prefect API server for one command, started before anything heavy is imported.

Prefect's ephemeral mode imports its server stack in this process and then starts it again in
a subprocess, one after the other. Starting the subprocess first lets it come up on the other
core while this process imports the pipeline. Nothing is started when the user points
PREFECT_API_URL at a server of their own.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


class LocalApi:
    """`scheduling=True` runs the server's background services too (the scheduler that creates a
    served deployment's runs); a single flow run needs none of them."""

    def __init__(self, scheduling: bool = False) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self.scheduling = scheduling

    def start(self) -> None:
        if os.environ.get("PREFECT_API_URL"):
            return
        spec = importlib.util.find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("prefect is not installed")
        app_dir = Path(next(iter(spec.submodule_search_locations))).parent
        port = _free_port()
        self.log = tempfile.TemporaryFile()  # the server's messages, shown if it fails to start
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_FINAL": "1",
               "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        if self.scheduling:
            env.setdefault("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "5")
        else:
            env["PREFECT__SERVER_EPHEMERAL"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "critical", "--lifespan", "on"],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log, preexec_fn=_die_with_parent,
        )
        self.url = f"http://127.0.0.1:{port}/api"
        os.environ["PREFECT_API_URL"] = self.url

    def wait(self, timeout: float = 120.0) -> None:
        if self.process is None or self.url is None:
            return
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.log.seek(0)
                err = self.log.read().decode(errors="replace")
                raise RuntimeError(f"the Prefect API server exited at start-up:\n{err[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"the Prefect API server did not answer at {self.url} within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None
        os.environ.pop("PREFECT_API_URL", None)


def _die_with_parent() -> None:
    """In the server process: be terminated when the command that started it dies (Linux)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
