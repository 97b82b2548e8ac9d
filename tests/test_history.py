"""pooled_history: each run that moves a pooled estimate says which estimate, from what to what,
and which papers did it; a run that moves none writes nothing."""

from pathlib import Path

import duckdb
import pytest

from .conftest import load_warehouse
from .test_views import oracle

LUPUS_UC = """Umbilical cord stem cells for refractory lupus: a pilot series

Forty patients with refractory systemic lupus erythematosus received umbilical cord mesenchymal stem cell
transplantation (MSCT). Complete remission was achieved in 10 of 40 patients (25%) at 12 months.
"""
LUPUS_BM = """Bone marrow mesenchymal stem cells for lupus nephritis

Thirty patients with systemic lupus erythematosus were treated with bone marrow mesenchymal stem cell
transplantation (MSCT). At 12 months, complete remission was seen in 15 of 30 patients (50%).
"""
SJOGREN = """Mesenchymal stem cells in primary Sjögren's syndrome

Twenty-four patients with primary Sjögren's syndrome received mesenchymal stem cell transplantation (MSCT).
Complete remission was achieved in 6 of 24 patients (25%) at 12 months.
"""
KEY = "disease, measure, k_before, k_after, pooled_pct_before, pooled_pct_after, documents_added, documents_removed"


def history(db: Path, run: int) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        run_id = con.execute("SELECT run_id FROM runs ORDER BY started_at LIMIT 1 OFFSET ?", [run]).fetchone()[0]
        return con.execute(f"SELECT {KEY} FROM pooled_history WHERE run_id = ? ORDER BY disease", [run_id]).fetchall()


def test_each_run_records_the_estimates_it_moved(tmp_path):
    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    seeds.mkdir()
    (seeds / "ortiz2014.txt").write_text(LUPUS_UC, encoding="utf-8")
    load_warehouse(seeds, db)
    one = oracle([(10, 40)])["pooled_pct"]
    assert history(db, 0) == [("SLE", "complete_remission", 0, 1, None, pytest.approx(one), "ortiz2014.txt", None)]

    (seeds / "li2016.txt").write_text(LUPUS_BM, encoding="utf-8")
    (seeds / "xu2012.txt").write_text(SJOGREN, encoding="utf-8")  # another disease: its own pool, the lupus one untouched by it
    load_warehouse(seeds, db)
    two = oracle([(10, 40), (15, 30)])["pooled_pct"]
    assert history(db, 1) == [
        ("SLE", "complete_remission", 1, 2, pytest.approx(one), pytest.approx(two), "li2016.txt", None),
        ("SS", "complete_remission", 0, 1, None, pytest.approx(oracle([(6, 24)])["pooled_pct"]), "xu2012.txt", None)]

    load_warehouse(seeds, db)  # nothing changed
    assert history(db, 2) == []

    (seeds / "ortiz2014.txt").unlink()
    load_warehouse(seeds, db)
    assert history(db, 3) == [("SLE", "complete_remission", 2, 1, pytest.approx(two), pytest.approx(50.0), None,
                               "ortiz2014.txt")]


def test_the_report_opens_with_what_the_last_run_changed(tmp_path):
    from warehouse.report import render

    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    seeds.mkdir()
    (seeds / "ortiz2014.txt").write_text(LUPUS_UC, encoding="utf-8")
    load_warehouse(seeds, db)
    (seeds / "li2016.txt").write_text(LUPUS_BM, encoding="utf-8")
    load_warehouse(seeds, db)
    load_warehouse(seeds, db)  # a later run that changed nothing
    html = render(db)
    before, after = oracle([(10, 40)])["pooled_pct"], oracle([(10, 40), (15, 30)])["pooled_pct"]
    expected = (f"Complete remission at 12 months in SLE (MSCT): {before:.1f}% (k=1) → {after:.1f}% (k=2)"
                " after li2016.txt")
    assert expected in html
    assert html.index("What the last run changed") < html.index("Pooled outcomes")
    assert "changed no pooled estimate" in html
