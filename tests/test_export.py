"""`evidence export --format meta FILE`: one row per study of each pool, the columns R's
meta::metaprop(event, n, studlab) takes, and exactly the studies the pooled views pool: per pool,
the rows' events and totals add up to v_pooled_proportions' and re-pool to its estimate."""

import duckdb
import pytest

from flows.cli import main
from warehouse.export import ExportError, export
from warehouse.report import pool_key
from warehouse.store import apply_sql

from .conftest import seeds_warehouse
from .test_report import ANONYMOUS, ANONYMOUS_FILE, AUTHORED
from .test_views import oracle

CONTRACT_COLUMNS = ["studlab", "event", "n", "disease", "measure", "timepoint", "source_file", "evidence_text"]
# Complete remission at 12 and 24 months after MSCT: two "Wang 2014" cohorts in one lupus pool, a single RA study,
# and an SS control arm that is never pooled.
STUDIES = [("SLE", "Liang 2010", 23, 83), ("SLE", "Wang 2014", 12, 40), ("SLE", "Wang 2014", 2, 18),
           ("SLE", "Barbado 2018", 3, 3), ("SS", "Xu 2012", 5, 24), ("SS", "Shi 2019", 9, 20), ("RA", "Wang 2019", 3, 30)]


@pytest.fixture(scope="module")
def read_warehouse(tmp_path_factory):
    """The seeds and two papers of lupus read as a run reads them: a pool of three and many single studies."""
    return seeds_warehouse(tmp_path_factory.mktemp("read"), {"ortiz2014.txt": AUTHORED, ANONYMOUS_FILE: ANONYMOUS})


@pytest.fixture(scope="module")
def made_warehouse(tmp_path_factory):
    """Findings written straight into a warehouse: several diseases, timepoints and labels alike."""
    db = tmp_path_factory.mktemp("made") / "made.duckdb"
    with duckdb.connect(str(db)) as con:
        apply_sql(con)
        for k, (disease, label, events, n) in enumerate(STUDIES, start=1):
            con.execute("INSERT INTO documents (doc_id, source_file, format, study_label, extractor_version, loaded_at,"
                        " raw_text) VALUES (?, ?, 'txt', ?, 'x', now(), 'text')", [f"d{k}", f"d{k}.txt", label])
            for months in (12, 24):
                con.execute("INSERT INTO findings (finding_id, doc_id, source_file, intervention, disease, measure,"
                            " measure_text, timepoint_months, unit, numerator, denominator, evidence_text, char_start,"
                            " char_end) VALUES (?, ?, ?, 'MSCT', ?, 'complete_remission', 'complete remission', ?, '%',"
                            " ?, ?, 'Complete remission in n of N.', 0, 4)",
                            [f"f{k}-{months}", f"d{k}", f"d{k}.txt", disease, months, events, n])
        con.execute("INSERT INTO findings (finding_id, doc_id, source_file, intervention, arm, disease, measure,"
                    " measure_text, timepoint_months, unit, numerator, denominator, evidence_text, char_start, char_end)"
                    " VALUES ('control', 'd5', 'd5.txt', NULL, 'control', 'SS', 'complete_remission', 'complete"
                    " remission', 12, '%', 1, 20, 'In the control group 1 of 20.', 5, 9)")
    return db


def exported_rows(db, out):
    export(db, out)
    reader = "read_parquet" if out.suffix == ".parquet" else "read_csv"
    result = duckdb.sql(f"SELECT * FROM {reader}('{out}')")
    return result.columns, [dict(zip(result.columns, row, strict=True)) for row in result.fetchall()]


@pytest.mark.parametrize("warehouse", ["read_warehouse", "made_warehouse"])
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_exported_rows_add_up_to_every_pool(request, warehouse, suffix, tmp_path):
    db = request.getfixturevalue(warehouse)
    columns, exported = exported_rows(db, tmp_path / f"pools{suffix}")
    with duckdb.connect(str(db), read_only=True) as con:
        key = pool_key(con)
        pools = con.execute(f"SELECT {', '.join(key)}, k, events, n_total FROM v_pooled_proportions WHERE k > 0").fetchall()
    assert set(key) <= set(columns), f"the export lacks a pooling key: {set(key) - set(columns)}"
    sums: dict[tuple, list[int]] = {}
    for row in exported:
        total = sums.setdefault(tuple(row[c] for c in key), [0, 0, 0])
        total[0], total[1], total[2] = total[0] + 1, total[1] + row["event"], total[2] + row["n"]
    expected = {tuple(pool[:len(key)]): list(pool[len(key):]) for pool in pools}
    assert sums == expected  # the same pools, each with its k studies, its events and its patients


def test_the_exported_studies_re_pool_to_the_views_estimate(made_warehouse, tmp_path):
    """What metaprop(..., sm = "PLOGIT", method = "Inverse", method.tau = "DL") computes from the rows
    is what v_pooled_proportions says (the oracle: test_views' DerSimonian–Laird, written out with numpy)."""
    _, exported = exported_rows(made_warehouse, tmp_path / "pools.csv")
    with duckdb.connect(str(made_warehouse), read_only=True) as con:
        views = dict(con.execute("SELECT concat_ws(', ', disease, measure, intervention, timepoint_months::INTEGER"
                                 " || ' months'), pooled_pct FROM v_pooled_proportions WHERE k > 1").fetchall())
    pools: dict[str, list[tuple[int, int]]] = {}
    for row in exported:
        pools.setdefault(row["pool"], []).append((row["event"], row["n"]))
    checked = 0
    for pool, studies in pools.items():
        if len(studies) > 1:
            assert oracle(studies)["pooled_pct"] == pytest.approx(views[pool], rel=1e-6), pool
            checked += 1
    assert checked == 4  # SLE and SS, at 12 and 24 months


def test_the_columns_metaprop_takes_come_first(made_warehouse, tmp_path):
    columns, exported = exported_rows(made_warehouse, tmp_path / "pools.csv")
    assert columns[:3] == ["studlab", "event", "n"] and set(CONTRACT_COLUMNS) <= set(columns)
    first = exported[0]
    assert first["pool"] == "SLE, complete_remission, MSCT, 12 months" and first["k"] == 4
    assert (first["timepoint"], first["source_file"], first["evidence_text"]) == (
        "12 months", "d4.txt", "Complete remission in n of N.")
    assert not any(row["disease"] == "SS" and row["n"] == 20 and row["event"] == 1 for row in exported)  # the control


def test_studies_labelled_alike_are_told_apart_as_the_plots_tell_them(made_warehouse, tmp_path):
    _, exported = exported_rows(made_warehouse, tmp_path / "pools.csv")
    lupus = sorted((row["studlab"], row["event"], row["n"]) for row in exported
                   if row["pool"] == "SLE, complete_remission, MSCT, 12 months")
    assert lupus == [("Barbado 2018", 3, 3), ("Liang 2010", 23, 83), ("Wang 2014a", 12, 40), ("Wang 2014b", 2, 18)]


@pytest.mark.parametrize(("name", "says"), [
    ("pools.xlsx", "name the file .csv or .parquet"),
    ("no/such/folder/pools.csv", "no folder"),
])
def test_a_file_that_cannot_be_written_is_named(made_warehouse, tmp_path, capsys, name, says):
    out = tmp_path / name
    with pytest.raises(ExportError, match=says):
        export(made_warehouse, out)
    assert main(["export", "--db", str(made_warehouse), str(out)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("evidence export: ") and str(out) in error and says in error
    assert not out.exists()


def test_the_command_says_what_it_wrote(made_warehouse, tmp_path, capsys):
    out = tmp_path / "pools.parquet"
    assert main(["export", "--format", "meta", "--db", str(made_warehouse), str(out)]) == 0
    assert capsys.readouterr().out == f"exported 14 studies of 6 pools to {out}\n"


def test_a_missing_warehouse_is_named(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "none.duckdb"), str(tmp_path / "pools.csv")]) == 2
    assert "no warehouse at" in capsys.readouterr().err
