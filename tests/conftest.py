from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).parent / "gold"
FIXTURES = Path(__file__).parent / "fixtures"


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


def load_warehouse(seeds: Path, db: Path) -> None:
    """The run's steps without Prefect: plan, extract, validate, publish."""
    from flows import steps
    from warehouse.plan import make_plan
    from warehouse.store import publish

    plan = make_plan(seeds, db)
    run = steps.RunStats()
    changes = steps.build_changes(plan, steps.extract_batch(plan.to_extract), run)
    publish(db, changes, run.row(plan, seeds, changes, "completed"))
