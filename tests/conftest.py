from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "gold"
FIXTURES = Path(__file__).parent / "fixtures"


def section_of(doc, text: str):
    """The section of a read document that the line holding `text` lies in."""
    number = next(i for i, line in enumerate(doc.text.split("\n"), 1) if text in line)
    return next(s for s in doc.sections if s.start <= number <= s.end)
EVIDENCE = str(Path(sys.executable).with_name("evidence"))  # the command, as installed


@pytest.fixture(scope="session", autouse=True)
def shared_api_state(tmp_path_factory):
    """Commands the tests start share a Prefect API server of the test session's own, stopped at
    the end (and, should that fail, by itself after two idle minutes)."""
    import os

    from flows.server import stop_shared

    state = tmp_path_factory.mktemp("evidence-state")
    saved = {k: os.environ.get(k) for k in ("EVIDENCE_STATE_DIR", "EVIDENCE_API_IDLE_SECONDS")}
    os.environ.update(EVIDENCE_STATE_DIR=str(state), EVIDENCE_API_IDLE_SECONDS="120")
    yield state
    for directory in state.glob("evidence/*"):
        stop_shared(directory)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def prefect_harness():
    """One Prefect test server for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def seeds_warehouse(folder: Path, papers: dict[str, str]) -> Path:
    """A warehouse of the seeds and `papers` (file name: text) read as a run reads them, in `folder`."""
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds)
    for name, text in papers.items():
        (seeds / name).write_text(text, encoding="utf-8")
    db = folder / "evidence.duckdb"
    load_warehouse(seeds, db)
    return db


def load_warehouse(seeds: Path, db: Path) -> None:
    """The run's steps without Prefect: plan, extract, validate, publish."""
    from flows import reading, steps
    from warehouse.plan import make_plan
    from warehouse.runs import RunStats
    from warehouse.store import publish

    plan = make_plan(seeds, db)
    run = RunStats()
    changes = steps.build_changes(plan, reading.extract_batch(plan.to_extract), run)
    publish(db, changes, run.row(plan, seeds, changes, "completed"))
