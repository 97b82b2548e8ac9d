"""Pools take like with like: one timepoint window, one population, one named disease outside the
codes, and a stated change counted once (warehouse/sql/views/36_timepoint_window.sql and
38_poolable_findings.sql)."""

import duckdb
import pytest

from warehouse.store import apply_sql

MONTHS_PER_WEEK = 12 / 52
MONTHS_PER_DAY = 12 / 365.25


def warehouse(findings: list[dict]) -> duckdb.DuckDBPyConnection:
    """Findings from dicts: each names what it shows; the rest is a single-arm SLE relapse rate at 12 months."""
    con = duckdb.connect(":memory:")
    apply_sql(con)
    for k, row in enumerate(findings):
        full = {"finding_id": f"f{k}", "doc_id": row.get("source_file", f"d{k}"), "source_file": f"d{k}.txt",
                "intervention": "MSCT", "disease": "SLE", "measure": "relapse", "measure_text": "relapse",
                "timepoint_months": 12.0, "unit": "%", "value_kind": "level", "evidence_text": "Relapse in n of N.",
                "char_start": 0, "char_end": 4, **row}
        con.execute(f"INSERT INTO findings ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})", list(full.values()))
    return con


@pytest.mark.parametrize(("months", "window"), [
    (28 * MONTHS_PER_DAY, 1.0), (4 * MONTHS_PER_WEEK, 1.0), (1.0, 1.0),
    (12 * MONTHS_PER_WEEK, 3.0), (24 * MONTHS_PER_WEEK, 6.0), (26 * MONTHS_PER_WEEK, 6.0),
    (52 * MONTHS_PER_WEEK, 12.0), (12.0, 12.0), (60.0, 60.0),
    (14 * MONTHS_PER_DAY, 14 * MONTHS_PER_DAY), (1.5, 1.5), (0.0, 0.0), (None, None),
])
def test_a_timepoint_pools_in_the_whole_month_within_a_tenth_of_it(months, window):
    con = duckdb.connect(":memory:")
    apply_sql(con)
    got = con.execute("SELECT timepoint_window(?::DOUBLE)", [months]).fetchone()[0]
    assert got == (pytest.approx(window) if window is not None else None)


def test_day_28_four_weeks_and_one_month_are_one_pool_labelled_as_written():
    con = warehouse([
        {"timepoint_months": 28 * MONTHS_PER_DAY, "timepoint_text": "day 28", "numerator": 10, "denominator": 20},
        {"timepoint_months": 4 * MONTHS_PER_WEEK, "timepoint_text": "week 4", "numerator": 6, "denominator": 15},
        {"timepoint_months": 1.0, "timepoint_text": "at 1 month", "numerator": 9, "denominator": 30},
        {"timepoint_months": 14 * MONTHS_PER_DAY, "timepoint_text": "day 14", "numerator": 3, "denominator": 12},
    ])
    pools = con.execute("SELECT timepoint_months, k, n_total FROM v_pooled_proportions ORDER BY timepoint_months").fetchall()
    assert pools == [(pytest.approx(14 * MONTHS_PER_DAY), 1, 12), (1.0, 3, 65)]
    export = con.execute("SELECT timepoint, timepoint_text FROM v_export_meta WHERE k = 3 ORDER BY n").fetchall()
    assert export == [("1 month", "week 4"), ("1 month", "day 28"), ("1 month", "at 1 month")]


def test_a_subgroup_denominator_never_pools_with_all_treated():
    con = warehouse([
        {"numerator": 4, "denominator": 40},
        {"numerator": 6, "denominator": 50},
        {"numerator": 3, "denominator": 12, "population": "responders"},
    ])
    pools = con.execute("SELECT population, k, n_total FROM v_pooled_proportions ORDER BY population NULLS FIRST").fetchall()
    assert pools == [(None, 2, 90), ("responders", 1, 12)]
    assert con.execute("SELECT pool FROM v_export_meta WHERE population IS NOT NULL").fetchone()[0] == \
        "SLE, relapse, MSCT, among responders, 12 months"


def test_diseases_outside_the_codes_pool_by_name_and_never_without_one():
    con = warehouse([
        {"disease": "OTHER", "disease_name": "myasthenia gravis", "numerator": 5, "denominator": 10},
        {"disease": "OTHER", "disease_name": "myasthenia gravis", "numerator": 7, "denominator": 14},
        {"disease": "OTHER", "disease_name": "immune thrombocytopenia", "numerator": 8, "denominator": 16},
        {"disease": "OTHER", "disease_name": None, "numerator": 1, "denominator": 9},
        {"disease": None, "numerator": 2, "denominator": 11},
    ])
    pools = con.execute("SELECT disease, disease_name, k, n_total FROM v_pooled_proportions").fetchall()
    assert sorted(pools) == [("OTHER", "immune thrombocytopenia", 1, 16), ("OTHER", "myasthenia gravis", 2, 24)]


def test_a_stated_change_is_one_study_and_its_levels_are_not_paired_again():
    score = {"measure": "sledai", "measure_text": "SLEDAI", "unit": "score"}
    con = warehouse([
        # document a states its levels and its change: one study, the stated change
        {**score, "source_file": "a", "timepoint_months": 0.0, "value": 12.0, "sd": 3.0, "n": 20},
        {**score, "source_file": "a", "timepoint_months": 12.0, "value": 4.0, "sd": 2.0, "n": 20},
        {**score, "source_file": "a", "timepoint_months": 12.0, "value": -9.4, "sd": 4.8, "n": 20, "value_kind": "change"},
        # document b states only levels
        {**score, "source_file": "b", "timepoint_months": 0.0, "value": 10.0, "sd": 4.0, "n": 30},
        {**score, "source_file": "b", "timepoint_months": 52 * MONTHS_PER_WEEK, "value": 6.0, "sd": 4.0, "n": 30},
    ])
    k, n_total, studies = con.execute("SELECT k, n_total, studies FROM v_pooled_changes").fetchone()
    assert (k, n_total) == (2, 50)
    assert "change -9.4, n=20" in studies and "10.0 → 6.0, n=30" in studies
    # a change is never a proportion's study, and never a level at its time
    assert con.execute("SELECT count(*) FROM v_proportion_studies").fetchone()[0] == 0


def test_the_stated_change_is_weighted_by_its_own_sd():
    con = warehouse([{"measure": "sledai", "measure_text": "SLEDAI", "unit": "score", "timepoint_months": 6.0,
                      "value": -5.0, "sd": 4.0, "n": 16, "value_kind": "change"}])
    mean, low, high = con.execute("SELECT mean_change, ci_low, ci_high FROM v_pooled_changes").fetchone()
    se = 4.0 / 16 ** 0.5
    assert mean == pytest.approx(-5.0)
    assert (low, high) == (pytest.approx(-5.0 - 1.959964 * se), pytest.approx(-5.0 + 1.959964 * se))
