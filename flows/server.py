"""The Prefect API a command talks to, started before anything heavy is imported.

Prefect's ephemeral mode imports its server stack in this process and then starts it again in
a subprocess, one after the other, for every command: about 8 s here. Instead:

- `SharedApi` (run and watch): a local server started in the background by the first command
  and reused by the later ones (`flows.api_server`); it stops after 30 minutes without users,
  or with `evidence api stop`. Set EVIDENCE_SHARED_API=0 for a server per command instead.
- `LocalApi` (serve, and run/watch when the shared server is turned off): a server for this
  command only, which dies with it. Serve's has a fresh database of its own, so nothing it
  scheduled outlives it.

Either way the server starts first, so it comes up on the other core while this process
imports the pipeline. Nothing is started when the user points PREFECT_API_URL at a server of
their own.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

_SERVER_ENV = {"PREFECT_UI_ENABLED": "0", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}  # no UI, no telemetry


class LocalApi:
    """`scheduling=True` runs the server's background services too (the scheduler that creates a
    served deployment's runs); a single flow run needs none of them."""

    def __init__(self, scheduling: bool = False) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.url: str | None = None
        self.scheduling = scheduling
        self._db_dir: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> None:
        if os.environ.get("PREFECT_API_URL"):
            return
        spec = importlib.util.find_spec("prefect")
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError("prefect is not installed")
        app_dir = Path(next(iter(spec.submodule_search_locations))).parent
        port = _free_port()
        self.log = tempfile.TemporaryFile()  # the server's messages, shown if it fails to start
        env = {**os.environ, **_SERVER_ENV, "PREFECT__SERVER_FINAL": "1"}
        if self.scheduling:
            env.setdefault("PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", "5")
            # A database of this command's own: runs scheduled by an earlier serve, with its
            # parameters, must not fire late in a burst when serve starts again.
            self._db_dir = tempfile.TemporaryDirectory(prefix="evidence-serve-")
            env["PREFECT_API_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{self._db_dir.name}/prefect.db"
        else:
            env["PREFECT__SERVER_EPHEMERAL"] = "1"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
             "--log-level", "critical", "--lifespan", "on"],
            env=env, stdout=subprocess.DEVNULL, stderr=self.log, preexec_fn=_die_with_parent,
            start_new_session=True,  # a terminal's Ctrl-C is the command's to handle: it stops the server last
        )
        self.url = f"http://127.0.0.1:{port}/api"
        os.environ["PREFECT_API_URL"] = self.url

    def wait(self, timeout: float = 120.0) -> None:
        if self.process is None or self.url is None:
            return
        _wait_healthy(self.url, self._exit_message, timeout)

    def _exit_message(self) -> str | None:
        if self.process is None or self.process.poll() is None:
            return None
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

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
        if self._db_dir is not None:
            self._db_dir.cleanup()
            self._db_dir = None


IDLE_SECONDS = float(os.environ.get("EVIDENCE_API_IDLE_SECONDS", "1800"))


def state_dir() -> Path:
    """Where the shared server's address, log and locks live: one per installation (virtualenv)."""
    base = os.environ.get("EVIDENCE_STATE_DIR") or os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    install = hashlib.sha256(sys.prefix.encode()).hexdigest()[:10]
    return Path(base) / "evidence" / f"prefect-api-{install}"


class SharedApi:
    """A local Prefect API server shared by this installation's commands; see the module's doc."""

    def __init__(self) -> None:
        self.dir = state_dir()
        self.url: str | None = None
        self.pid: int | None = None
        self.started = False  # by this command
        self._users = None

    def start(self) -> None:
        if os.environ.get("PREFECT_API_URL"):
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        self._users = open(self.dir / "users", "a+b")  # held (shared) while this command runs
        fcntl.flock(self._users, fcntl.LOCK_SH)
        with open(self.dir / "start.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one command at a time decides whether to start it
            state = running_shared(self.dir)
            if state:
                self.url, self.pid = state["url"], state["pid"]
            else:
                self._launch()
        os.environ["PREFECT_API_URL"] = self.url

    def _launch(self) -> None:
        port = _free_port()
        env = _shared_server_env(self.dir)
        with open(self.dir / "server.log", "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "flows.api_server", "--port", str(port), "--users", str(self.dir / "users"),
                 "--idle", str(IDLE_SECONDS)],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
                cwd=Path(__file__).resolve().parent.parent,
            )
        self.url, self.pid, self.started = f"http://127.0.0.1:{port}/api", process.pid, True
        (self.dir / "state.json").write_text(json.dumps({"pid": self.pid, "url": self.url, "python": sys.executable}))

    def wait(self, timeout: float = 120.0) -> None:
        if self.url is None or self.pid is None:
            return
        _wait_healthy(self.url, self._exit_message, timeout)
        if self.started:
            print(f"started a local Prefect API at {self.url.removesuffix('/api')} (pid {self.pid}) for this and "
                  f"later commands; it stops after {IDLE_SECONDS / 60:.0f} idle minutes, or: evidence api stop",
                  file=sys.stderr, flush=True)

    def _exit_message(self) -> str | None:
        if self.pid is None or _alive(self.pid):
            return None
        log = self.dir / "server.log"
        return log.read_text(errors="replace") if log.exists() else ""

    def stop(self) -> None:
        """Lets go of the server (it keeps running for later commands)."""
        if self._users is not None:
            self._users.close()
            self._users = None


def _shared_server_env(directory: Path) -> dict[str, str]:
    # no block types registered at start: the flow uses none, and registering them imports
    # every installed Prefect integration
    env = {**os.environ, **_SERVER_ENV, "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false"}
    if not any(k in env for k in ("PREFECT_SERVER_DATABASE_CONNECTION_URL", "PREFECT_API_DATABASE_CONNECTION_URL")):
        # a database of its own: a long-lived server does not contend with other Prefect servers
        # (`evidence serve`, the user's own) for the one in ~/.prefect
        env["PREFECT_SERVER_DATABASE_CONNECTION_URL"] = f"sqlite+aiosqlite:///{directory / 'prefect.db'}"
    return env


def prepare_shared(directory: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Creates (or upgrades) the shared server's database now, with Prefect's migrations: about
    8 s that the first run on a machine would otherwise spend before its flow could start."""
    directory = directory or state_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / "start.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # not while a command is starting the server
        return subprocess.run([sys.executable, "-m", "prefect", "server", "database", "upgrade", "--yes"],
                              env=_shared_server_env(directory), capture_output=True, text=True)


def read_state(directory: Path) -> dict | None:
    try:
        return json.loads((directory / "state.json").read_text())
    except (OSError, ValueError):
        return None


def running_shared(directory: Path | None = None) -> dict | None:
    """The shared server's state (pid, url) when it is running."""
    state = read_state(directory or state_dir())
    return state if state and _alive(state["pid"]) else None


def stop_shared(directory: Path | None = None, timeout: float = 20.0) -> int | None:
    """Stops the shared server, if one runs; its pid, or None."""
    directory = directory or state_dir()
    state = running_shared(directory)
    if state is None:
        return None
    os.kill(state["pid"], signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(state["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(state["pid"]):
        os.kill(state["pid"], signal.SIGKILL)
    (directory / "state.json").unlink(missing_ok=True)
    return state["pid"]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of this process is not alive
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def _wait_healthy(url: str, exit_message: Callable[[], str | None], timeout: float) -> None:
    """Waits for the server to answer; `exit_message` gives its log once it has died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        err = exit_message()
        if err is not None:
            raise RuntimeError(f"the Prefect API server exited at start-up:\n{err[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the Prefect API server did not answer at {url} within {timeout:.0f} s")


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
