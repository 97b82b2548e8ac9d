"""The report from a small warehouse: a summary of findings first, plots embedded for pools of two
or more studies, single studies in one table, provenance shown, document text escaped."""

import re

import pytest

from warehouse.report import render

from .conftest import seeds_warehouse

HOSTILE = """Table 1. Trials
Disease Patients Dose Route Outcome
SLE 12 1 × 106/kg I.V <script>alert("x")</script> remission <img src=x onerror=alert(1)>
"""
# Two more reports of complete remission at 12 months in lupus: with the seeds' Sun n.d. (23/83), a pool of three.
# One names its authors; the other names none, so the file name is all there is to call it by.
AUTHORED = """Umbilical cord stem cells for refractory lupus: a pilot series
Ortiz A, Li B, Chen C
Lupus. 2014;23:100-105.

Forty patients with refractory systemic lupus erythematosus received umbilical cord mesenchymal stem cell
transplantation (MSCT). Complete remission was achieved in 10 of 40 patients (25%) at 12 months.
"""
ANONYMOUS = """Bone marrow mesenchymal stem cells for lupus

Thirty patients with systemic lupus erythematosus were treated with bone marrow mesenchymal stem cell
transplantation (MSCT). At 12 months, complete remission was seen in 15 of 30 patients (50%).
"""
ANONYMOUS_FILE = "bone_marrow_msct_lupus_cohort_without_authors.txt"


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    return seeds_warehouse(tmp_path_factory.mktemp("report"),
                           {"hostile.txt": HOSTILE, "ortiz2014.txt": AUTHORED, ANONYMOUS_FILE: ANONYMOUS})


@pytest.fixture(scope="module")
def report(warehouse_file):
    return render(warehouse_file)


def pooled(warehouse_file, where="k > 0"):
    import duckdb

    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        return [dict(zip(["disease", "measure", "measure_qualifier", "intervention", "timepoint_months", "k"], row,
                         strict=True))
                for row in con.execute("SELECT disease, measure, measure_qualifier, intervention, timepoint_months, k"
                                       f" FROM v_pooled_proportions WHERE {where}").fetchall()]


def summary_rows(report):
    table = re.search(r'<table class="summary">(.*?)</table>', report, re.S).group(1)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)][1:]


def test_the_report_opens_with_a_summary_line_per_pool_largest_first(report, warehouse_file):
    assert report.index("Summary of findings") < report.index("<img")
    assert report.index("Summary of findings") < report.index("What the last run changed")
    lines = summary_rows(report)
    assert len(lines) == len(pooled(warehouse_file))  # every pool with a study, once
    ks = [int(line[4]) for line in lines]
    assert ks == sorted(ks, reverse=True) and ks[0] == 3
    disease, outcome, intervention, time, k, patients, estimate, prediction, i2 = lines[0]
    assert (disease, re.sub(r"<[^>]+>", "", outcome), intervention, time, patients) == (
        "SLE", "Complete remission", "MSCT", "12 months", "153")
    assert re.fullmatch(r"\d+\.\d \[\d+\.\d; \d+\.\d\]", estimate)
    assert re.fullmatch(r"\[\d+\.\d; \d+\.\d\]", prediction) and re.fullmatch(r"\d+%", i2)
    assert all(line[7] == "1 study" for line in lines if line[4] == "1")  # a single study: no pooled figures


def test_forest_plots_only_for_two_or_more_studies(report, warehouse_file):
    plots = re.findall(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="Forest plot: ([^"]+)"', report)
    assert plots == ["Complete remission · MSCT · 12 months · SLE"]
    with_two = {(p["measure"], p["measure_qualifier"], p["intervention"], p["timepoint_months"])
                for p in pooled(warehouse_file, "k >= 2")}
    assert len(plots) == len(with_two)


def test_single_studies_are_listed_once_in_one_table_not_drawn(report, warehouse_file):
    single = report[report.index('id="single"'):report.index('id="checks"')]
    rows = re.findall(r'<tr id="pool-\d+">(.*?)</tr>', single, re.S)
    assert len(rows) == len(pooled(warehouse_file, "k = 1"))
    assert "Relapse (proteinuria)" in single  # not pooled with disease relapse
    assert "<img" not in single


def test_studies_are_named_as_people_cite_them(report):
    # 002 is by "L Sun" and states no year; 003's author line starts "Liang J," under "Ann Rheum Dis. 2010"
    assert re.search(r'<td><div class="cut" title="Sun n\.d\.">Sun n\.d\.</div></td><td class="n">23/83</td>', report)
    assert re.search(r'<td><div class="cut" title="Ortiz 2014">Ortiz 2014</div></td><td class="n">10/40</td>', report)
    assert "<td>Liang 2010</td>" in report or ">Liang 2010</div>" in report


def test_a_study_without_authors_is_its_file_name_shortened_with_the_name_whole_in_a_title(report):
    cell = re.search(r'<div class="cut" title="([^"]*)">([^<]*)</div></td><td class="n">15/30</td>', report)
    assert cell.groups() == (ANONYMOUS_FILE, "bone_marrow_msct_lupus_…")


def test_tables_have_set_widths_and_long_cells_keep_their_text(report):
    """The evidence and documents tables lay out at the window's width (their columns' widths set),
    and a cell cut short keeps its whole text in a title."""
    for caption in ("Trial arms", "Findings", "Documents", "Studies"):
        assert re.search(rf"<summary>{caption} \(\d+\)</summary>\s*<table class=\"fixed\"><colgroup>", report), caption
    for cut in re.finditer(r'<div class="cut[^"]*" title="([^"]*)">([^<]*)</div>', report):
        title, shown = cut.groups()
        assert all(part in title for part in re.split(r"[…\s:]+", shown) if part), (shown, title)


def test_the_report_stays_short_folding_long_tables(report):
    for folded in ("Trial arms", "Findings", "Documents", "Studies", "Dose ranges"):
        assert re.search(rf"<details class=\"more\"><summary>{folded} \(", report), folded
    assert "<details open" not in report


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


def test_study_intervals_are_clopper_pearson_unless_wilson_is_asked_for(report, warehouse_file):
    """Sun n.d.'s 23/83 is shown with the interval R's meta prints by default, or Wilson on request."""
    from statsmodels.stats.proportion import proportion_confint

    for method, name, shown in (("beta", "Clopper–Pearson", report), ("wilson", "Wilson", render(warehouse_file, "wilson"))):
        low, high = proportion_confint(23, 83, alpha=0.05, method=method)
        assert f"95% CI ({name})" in shown or f"95% {name} CI" in shown
        assert f"{100 * low:.1f}–{100 * high:.1f}" in shown  # in the study table under the pool's plot


def test_a_mean_change_pool_that_moved_is_said_as_a_change():
    from warehouse.report import change_sentence

    row = {"kind": "mean_change", "measure": "sledai", "measure_qualifier": None, "measure_text": None,
           "timepoint_months": 12.0, "disease": "SLE", "intervention": "MSCT", "unit": "score",
           "k_before": 1, "k_after": 2, "mean_change_before": -4.1, "mean_change_after": -5.25,
           "pooled_pct_before": None, "pooled_pct_after": None,
           "documents_added": "li2016.txt", "documents_removed": None, "documents_changed": None}
    sentence = change_sentence(row)
    assert sentence.startswith("Change in ")
    assert "-4.10 score (k=1) → -5.25 score (k=2) after li2016.txt" in sentence
