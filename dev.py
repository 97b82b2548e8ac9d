#!/usr/bin/env python3
"""Set-up and the two everyday commands, with nothing but Python and pip.

    python3 dev.py run [evidence run options]   # set up if needed, then build the warehouse from seeds/
    python3 dev.py test [pytest options]        # set up if needed, then run the tests
    python3 dev.py setup                        # set up only

Set-up makes `.venv/`, installs the project with its pinned dependencies into it and creates
the local Prefect API's database; it is redone only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed-from"


def setup() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("setting up .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing the project and its pinned dependencies into .venv ...", flush=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-e", f"{ROOT}[test]"], check=True)
    # the shared Prefect API's database, made now rather than by the first run (about 8 s)
    print("preparing the local Prefect API's database ...", flush=True)
    if subprocess.run([str(BIN / "evidence"), "api", "prepare"], stdout=subprocess.DEVNULL).returncode != 0:
        print("(not prepared now: the first run will make it)", flush=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if argv[:1] in (["-h"], ["--help"], ["help"]):
        print(__doc__.strip())
        return 0
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    setup()
    os.chdir(ROOT)
    if argv[0] == "run":
        return subprocess.call([str(BIN / "evidence"), "run", *argv[1:]])
    if argv[0] == "test":
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
