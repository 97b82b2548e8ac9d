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


SLEDAI_UC = """Umbilical cord mesenchymal stem cells for refractory lupus

Twenty patients with refractory systemic lupus erythematosus received umbilical cord mesenchymal stem cell
transplantation (MSCT). The SLEDAI score decreased from 12.2 ± 3.3 at baseline to 3.2 ± 2.8 at 12 months (n = 20).
"""
SLEDAI_BM = """Bone marrow mesenchymal stem cells for lupus

Forty patients with systemic lupus erythematosus were treated with bone marrow mesenchymal stem cell
transplantation (MSCT). The SLEDAI score fell from 10.5 ± 4.2 at baseline to 4.3 ± 2.1 at 12 months (n = 40).
"""
CHANGE_KEY = ("kind, disease, measure, unit, timepoint_months, k_before, k_after, pooled_pct_before, pooled_pct_after,"
              " mean_change_before, mean_change_after, documents_added, documents_removed")


def change_history(db: Path, run: int) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        run_id = con.execute("SELECT run_id FROM runs ORDER BY started_at LIMIT 1 OFFSET ?", [run]).fetchone()[0]
        return con.execute(f"SELECT {CHANGE_KEY} FROM pooled_history WHERE run_id = ? AND kind = 'mean_change'",
                           [run_id]).fetchall()


def test_each_run_records_the_mean_changes_it_moved(tmp_path):
    from .test_views import dersimonian_laird

    seeds, db = tmp_path / "seeds", tmp_path / "evidence.duckdb"
    seeds.mkdir()
    (seeds / "liang2010.txt").write_text(SLEDAI_UC, encoding="utf-8")
    load_warehouse(seeds, db)
    pool = ("mean_change", "SLE", "sledai", "score", 12.0)
    assert change_history(db, 0) == [(*pool, 0, 1, None, None, None, pytest.approx(-9.0), "liang2010.txt", None)]

    (seeds / "wang2013.txt").write_text(SLEDAI_BM, encoding="utf-8")
    load_warehouse(seeds, db)
    v = [(a * a + b * b - a * b) / n for a, b, n in ((3.3, 2.8, 20), (4.2, 2.1, 40))]  # r = 0.5
    both = dersimonian_laird([-9.0, -6.2], v)["mu"]
    assert change_history(db, 1) == [(*pool, 1, 2, None, None, pytest.approx(-9.0), pytest.approx(both),
                                      "wang2013.txt", None)]

    load_warehouse(seeds, db)  # nothing changed
    assert change_history(db, 2) == []

    (seeds / "liang2010.txt").unlink()
    load_warehouse(seeds, db)
    assert change_history(db, 3) == [(*pool, 2, 1, None, None, pytest.approx(both), pytest.approx(-6.2), None,
                                      "liang2010.txt")]


def test_a_warehouse_from_before_kinds_keeps_its_history(tmp_path):
    from warehouse.store import apply_sql

    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:  # pooled_history as the contract first had it
        con.execute("CREATE TABLE pooled_history (run_id TEXT NOT NULL, disease TEXT, measure TEXT NOT NULL,"
                    " measure_qualifier TEXT, intervention TEXT, timepoint_months DOUBLE, k_before INTEGER NOT NULL,"
                    " k_after INTEGER NOT NULL, pooled_pct_before DOUBLE, pooled_pct_after DOUBLE, documents_added TEXT,"
                    " documents_removed TEXT, documents_changed TEXT, changed_at TIMESTAMP NOT NULL)")
        con.execute("INSERT INTO pooled_history VALUES ('r1', 'SLE', 'relapse', NULL, 'MSCT', 12, 0, 1, NULL, 25.0,"
                    " 'a.txt', NULL, NULL, '2024-01-01')")
        apply_sql(con)
        assert con.execute("SELECT kind, unit, mean_change_before, mean_change_after, pooled_pct_after"
                           " FROM pooled_history").fetchall() == [("proportion", None, None, None, 25.0)]
