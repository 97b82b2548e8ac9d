"""The report from a small warehouse: plots embedded, provenance shown, document text escaped."""

import re

import pytest

from warehouse.report import render

from .conftest import load_warehouse

HOSTILE = """Table 1. Trials
Disease Patients Dose Route Outcome
SLE 12 1 × 106/kg I.V <script>alert("x")</script> remission <img src=x onerror=alert(1)>
"""


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    from .conftest import SEEDS

    seeds = tmp_path_factory.mktemp("seeds")
    for path in SEEDS.iterdir():
        (seeds / path.name).write_bytes(path.read_bytes())
    (seeds / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = seeds.parent / "evidence.duckdb"
    load_warehouse(seeds, db)
    return db


@pytest.fixture(scope="module")
def report(warehouse_file):
    return render(warehouse_file)


def test_forest_plots_are_embedded(report, warehouse_file):
    import duckdb

    plots = re.findall(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Forest plot: ([^"]+)"', report)
    assert "Complete remission · MSCT · 12 months · SLE" in plots
    assert "Relapse · MSCT · 12 months · SLE" in plots
    assert "Relapse (proteinuria) · MSCT · 12 months · SLE" in plots  # not pooled with disease relapse
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        with_a_study = con.execute("SELECT count(*) FROM (SELECT DISTINCT measure, measure_qualifier, intervention,"
                                   " timepoint_months FROM v_pooled_proportions WHERE k > 0)").fetchone()[0]
    assert len(plots) == with_a_study  # a plot per pooled outcome with a study, its diseases in panels


def test_studies_are_named_as_people_cite_them(report):
    # 002 is by "L Sun" and states no year; 003's author line starts "Liang J," under "Ann Rheum Dis. 2010"
    assert re.search(r"<tr><td>Sun n\.d\.</td><td class=\"n\">23/83</td>", report)
    assert "<td>Liang 2010</td>" in report


def test_a_single_study_is_not_drawn_as_a_pool(report):
    assert "<b>1 study</b>: its own estimate" in report


def test_every_number_has_its_source(report):
    assert "002_dc1f50bb40f2f6aa.txt:1795-1910" in report  # the relapse sentence
    assert "003_9a8753b4000d7559.txt:1840-1992" in report
    assert "001_af12169374264bf1.txt:13–15" in report or "001_af12169374264bf1.txt:13" in report  # a table row
    assert "Rates of relapse were 12% (10/83) at 1" in report


def test_document_text_is_escaped_and_nothing_is_fetched(report):
    assert "<script" not in report.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in report
    assert "<img src=x" not in report
    assert not re.search(r'(?:src|href)="(?:https?:)?//', report)
    assert "default-src 'none'" in report  # and the browser is told so


def test_run_history_is_shown(report):
    assert "Run history" in report and "completed" in report


def test_every_finding_quotes_its_span_of_the_document(warehouse_file):
    import duckdb

    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        differ = con.execute(
            "SELECT f.source_file, f.char_start, f.char_end FROM findings AS f JOIN documents AS d USING (doc_id)"
            " WHERE f.evidence_text IS DISTINCT FROM substr(d.raw_text, f.char_start + 1, f.char_end - f.char_start)"
        ).fetchall()
        assert con.execute("SELECT count(*) FROM findings").fetchone()[0] > 0
    assert differ == []
