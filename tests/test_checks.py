"""v_checks: numbers that contradict each other are flagged where they were read, never corrected."""

import duckdb
import pytest

from warehouse.store import apply_sql


def warehouse(findings: list[dict], arms: list[dict] = ()) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_sql(con)
    for k, row in enumerate(findings):
        full = {"finding_id": f"f{k}", "doc_id": "d", "source_file": "d.txt", "intervention": "MSCT",
                "measure": "response", "timepoint_months": 12.0, "unit": "%", "evidence_text": "text",
                "char_start": 10 * k, "char_end": 10 * k + 9, **row}
        con.execute(f"INSERT INTO findings ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})", list(full.values()))
    for k, arm in enumerate(arms):
        full = {"arm_id": f"a{k}", "row_no": k + 1, "line_start": k + 3, "line_end": k + 3, "disease": "SLE", **arm}
        con.execute(f"INSERT INTO trial_arms ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})", list(full.values()))
    return con


def checks(con) -> list[tuple]:
    return con.execute('SELECT source_file, "check", char_start FROM v_checks').fetchall()


@pytest.mark.parametrize(("value", "numerator", "denominator", "flagged"), [
    (28.0, 23, 83, False),   # 27.7% rounded
    (27.0, 23, 83, False),   # 27.7% truncated
    (27.7, 23, 83, False),
    (27.71, 23, 83, False),
    (38.0, 23, 83, True),
    (27.2, 23, 83, True),    # one decimal stated: 27.7 or nothing
    (100.0, 20, 20, False),
    (50.0, 1, 3, True),
])
def test_a_percentage_must_match_its_counts(value, numerator, denominator, flagged):
    con = warehouse([{"value": value, "numerator": numerator, "denominator": denominator}])
    assert checks(con) == ([("d.txt", "percent_vs_counts", 0)] if flagged else [])


def test_more_events_than_patients():
    con = warehouse([{"value": None, "numerator": 23, "denominator": 20}])
    assert checks(con) == [("d.txt", "numerator_over_denominator", 0)]
    assert con.execute("SELECT count(*) FROM v_pooled_proportions WHERE k > 0").fetchone()[0] == 0  # and not pooled


def test_arms_adding_to_more_than_the_enrolled_total():
    enrolled = {"measure": "enrolled", "unit": "patients", "value": 40.0}
    arm = {"measure": "response", "value": None}
    con = warehouse([{**enrolled},
                     {**arm, "arm": "MSC group", "numerator": 12, "denominator": 25},
                     {**arm, "arm": "placebo", "intervention": None, "numerator": 4, "denominator": 20}])
    assert checks(con) == [("d.txt", "arms_over_total", 0)]
    detail = con.execute("SELECT detail FROM v_checks").fetchone()[0]
    assert "25" in detail and "20" in detail and "45 patients, but 40 enrolled" in detail
    fits = warehouse([{**enrolled, "value": 45.0},
                      {**arm, "arm": "MSC group", "numerator": 12, "denominator": 25},
                      {**arm, "arm": "placebo", "intervention": None, "numerator": 4, "denominator": 20}])
    assert checks(fits) == []


def test_one_registered_cohort_with_two_sizes():
    arm = {"cell_source": "UC", "registry_id": "NCT02983311", "dose_min": 1e6}
    con = warehouse([], [{**arm, "doc_id": "d1", "source_file": "one.txt", "n_patients": 40},
                         {**arm, "doc_id": "d2", "source_file": "two.txt", "n_patients": 79},
                         {**arm, "doc_id": "d3", "source_file": "three.txt", "n_patients": 40}])
    rows = con.execute('SELECT source_file, "check", detail FROM v_checks').fetchall()
    assert [(s, c) for s, c, _ in rows] == [("one.txt", "cohort_disagrees"), ("three.txt", "cohort_disagrees"),
                                            ("two.txt", "cohort_disagrees")]
    assert "79 in two.txt" in rows[0][2] and "40 in one.txt, 40 in three.txt" in rows[2][2]


def test_numbers_that_agree_give_no_check():
    con = warehouse([{"value": 28.0, "numerator": 23, "denominator": 83},
                     {"measure": "enrolled", "unit": "patients", "value": 83.0}])
    assert checks(con) == []
