"""What the pooled views may pool: never a control arm's numbers, never a meta-analysis's pooled
results, never a measure outside the contract; and a warehouse made before `arm`, `disease`,
`ci_low`, `ci_high` and `design` existed still loads."""

import duckdb

from warehouse.store import apply_sql

COLUMNS = ("finding_id, doc_id, source_file, intervention, arm, measure, timepoint_months, value, unit, numerator,"
           " denominator, evidence_text, char_start, char_end")


def finding(fid, doc, intervention, arm, measure="relapse", events=3, n=20):
    return (fid, doc, f"{doc}.txt", intervention, arm, measure, 12.0, 100.0 * events / n, "%", events, n, "text", 0, 4)


def warehouse(designs: dict[str, str | None], rows: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_sql(con)
    for doc, design in designs.items():
        con.execute("INSERT INTO documents (doc_id, source_file, format, design, extractor_version, loaded_at, raw_text)"
                    " VALUES (?, ?, 'txt', ?, 'v', now(), '')", [doc, f"{doc}.txt", design])
    con.executemany(f"INSERT INTO findings ({COLUMNS}, disease) VALUES ({', '.join('?' * 14)}, 'SLE')", rows)
    return con


def pooled(con) -> list[tuple]:
    return con.execute("SELECT intervention, k, n_total FROM v_pooled_proportions ORDER BY intervention NULLS LAST").fetchall()


def test_a_control_arm_is_never_pooled():
    con = warehouse({"trial": "rct", "cohort": "single-arm"}, [
        finding("f1", "trial", "MSCT", "MSC group"), finding("f2", "trial", None, "placebo", events=1),
        finding("f3", "cohort", "MSCT", None, events=5)])
    assert pooled(con) == [("MSCT", 2, 40)]


def test_unnamed_stem_cells_of_a_single_arm_study_are_still_pooled():
    con = warehouse({"a": None, "b": None}, [finding("f1", "a", None, None), finding("f2", "b", None, None, events=5)])
    assert pooled(con) == [(None, 2, 40)]


def test_a_meta_analysis_and_other_measures_are_never_pooled():
    con = warehouse({"meta": "meta-analysis", "cohort": "cohort"}, [
        finding("f1", "meta", "HSCT", None, n=700), finding("f2", "cohort", "HSCT", None),
        finding("f3", "cohort", "HSCT", None, measure="other")])
    assert pooled(con) == [("HSCT", 1, 20)]


def test_a_warehouse_made_before_the_new_columns_loads():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source_file TEXT NOT NULL, format TEXT NOT NULL,"
                " title TEXT, doi TEXT, journal TEXT, year INTEGER, extractor_version TEXT NOT NULL,"
                " loaded_at TIMESTAMP NOT NULL, raw_text TEXT NOT NULL)")
    con.execute("CREATE TABLE findings (finding_id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, source_file TEXT NOT NULL,"
                " intervention TEXT, measure TEXT NOT NULL, measure_text TEXT, timepoint_months DOUBLE, value DOUBLE,"
                " unit TEXT, sd DOUBLE, n INTEGER, numerator INTEGER, denominator INTEGER, evidence_text TEXT NOT NULL,"
                " char_start INTEGER NOT NULL, char_end INTEGER NOT NULL)")
    apply_sql(con)
    names = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'findings'"
                                       " OR (table_name = 'documents' AND column_name = 'design')").fetchall()}
    assert {"arm", "disease", "ci_low", "ci_high", "design"} <= names
    assert pooled(con) == []
