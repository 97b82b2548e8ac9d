"""Forest plots laid out as meta::forest and metafor lay them out: each number on a row checked
against an independent computation (statsmodels, scipy, the textbook DerSimonian–Laird of
test_views), one panel per disease, and a single study never drawn as a pooled diamond."""

import base64
import re

import duckdb
import pytest
from matplotlib import pyplot as plt
from matplotlib.patches import Polygon
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from warehouse.forest import FONT_SIZE, LABEL_GAP, display_label, distinct_labels, draw, forest_rows, forest_svg
from warehouse.report import forest_figures
from warehouse.store import apply_sql

from .test_views import oracle

STUDIES = {
    "SLE": [("Liang 2010", 23, 83), ("Wang 2013", 12, 40), ("Deng 2017", 2, 18), ("Barbado 2018", 3, 3)],
    "SS": [("Xu 2012", 5, 24), ("Shi 2019", 9, 20)],
    "RA": [("Wang 2019", 3, 30)],
}


@pytest.fixture(scope="module")
def con():
    """Complete remission at 12 months after MSCT in three diseases: 4 studies, 2 and 1."""
    con = duckdb.connect(":memory:")
    apply_sql(con)
    k = 0
    for disease, studies in STUDIES.items():
        for label, events, n in studies:
            k += 1
            con.execute("INSERT INTO documents (doc_id, source_file, format, study_label, extractor_version, loaded_at,"
                        " raw_text) VALUES (?, ?, 'txt', ?, 'x', now(), 'text')", [f"d{k}", f"d{k}.txt", label])
            con.execute("INSERT INTO findings (finding_id, doc_id, source_file, intervention, disease, measure,"
                        " measure_text, timepoint_months, unit, numerator, denominator, evidence_text, char_start,"
                        " char_end) VALUES (?, ?, ?, 'MSCT', ?, 'complete_remission', 'complete remission', 12, '%',"
                        " ?, ?, 'Complete remission in n of N.', 0, 4)", [f"f{k}", f"d{k}", f"d{k}.txt", disease, events, n])
    return con


@pytest.fixture(scope="module")
def figure(con):
    figures = forest_figures(con)
    assert len(figures) == 1  # one measure, intervention and timepoint: one plot, whatever the diseases
    return figures[0]


@pytest.fixture(scope="module")
def figure_with_single(con):
    """The same plot with the single study's panel too, as `forest_rows` can still draw one."""
    return forest_figures(con, min_k=1)[0]


def panel(rows, disease):
    start = next(i for i, r in enumerate(rows) if r.kind == "disease" and r.label == disease)
    end = next((i for i, r in enumerate(rows) if i > start and r.kind == "disease"), len(rows))
    return rows[start + 1:end]


def test_one_panel_per_disease_of_two_or_more_studies(figure):
    rows = forest_rows([(p, p["studies"]) for p in figure["panels"]])
    assert rows[0].kind == "header"
    assert [r.label for r in rows if r.kind == "disease"] == ["SLE", "SS"]  # RA's single study is no forest
    assert figure["alt"] == "Complete remission · MSCT · 12 months · SLE, SS"
    assert [r.kind for r in panel(rows, "SLE")] == ["study"] * 4 + ["pooled", "prediction", "heterogeneity"]
    assert [r.kind for r in panel(rows, "SS")] == ["study"] * 2 + ["pooled", "prediction", "heterogeneity"]


def test_a_single_study_panel_when_asked_for(figure_with_single):
    rows = forest_rows([(p, p["studies"]) for p in figure_with_single["panels"]])
    assert [r.label for r in rows if r.kind == "disease"] == ["RA", "SLE", "SS"]
    assert [r.kind for r in panel(rows, "RA")] == ["study", "single"]


def study_ci_text(events, n, method="beta"):
    """A study's estimate and interval as the plot writes it: Clopper–Pearson ("beta") by default."""
    low, high = proportion_confint(events, n, alpha=0.05, method=method)
    return f"{100 * events / n:.1f} [{100 * low:.1f}; {100 * high:.1f}]"


def test_each_study_row_gives_its_numbers(figure_with_single):
    rows = forest_rows([(p, p["studies"]) for p in figure_with_single["panels"]])
    for disease, studies in STUDIES.items():
        shown = {r.label: r for r in panel(rows, disease) if r.kind == "study"}
        assert sorted(shown) == sorted(label for label, _, _ in studies)
        for label, events, n in studies:
            row = shown[label]
            assert (row.events, row.total) == (str(events), str(n))
            assert row.estimate_text == study_ci_text(events, n)
            assert row.low <= row.estimate <= row.high  # 3/3 is 100% inside its interval
        weights = [float(r.weight.rstrip("%")) for r in shown.values()]
        assert sum(weights) == pytest.approx(100, abs=0.1 * len(weights))


def test_pooled_diamond_prediction_interval_and_heterogeneity(figure):
    rows = forest_rows([(p, p["studies"]) for p in figure["panels"]])
    studies = [(e, n) for _, e, n in STUDIES["SLE"]]
    expected = oracle(studies)
    pooled, prediction, heterogeneity = panel(rows, "SLE")[-3:]
    assert pooled.estimate_text == (f"{expected['pooled_pct']:.1f} [{expected['ci_low_pct']:.1f};"
                                    f" {expected['ci_high_pct']:.1f}]")
    assert (pooled.events, pooled.total) == (str(sum(e for e, _ in studies)), str(sum(n for _, n in studies)))
    assert prediction.estimate_text == f"[{expected['pi_low_pct']:.1f}; {expected['pi_high_pct']:.1f}]"
    shown = re.fullmatch(r"Heterogeneity: I² = (\d+)%, τ² = ([\d.]+), Q = ([\d.]+) \(df = (\d+)\), p = ([\d.]+)",
                         heterogeneity.label)
    assert shown, heterogeneity.label
    i2, tau2, q, df, p = (float(x) for x in shown.groups())
    assert i2 == pytest.approx(expected["i2_pct"], abs=0.5)
    assert tau2 == pytest.approx(expected["tau2"], rel=5e-3)
    assert q == pytest.approx(expected["q"], abs=0.005)
    assert df == len(studies) - 1
    assert p == pytest.approx(stats.chi2.sf(expected["q"], len(studies) - 1), abs=0.005)


def test_two_studies_have_no_prediction_interval(figure):
    rows = forest_rows([(p, p["studies"]) for p in figure["panels"]])
    prediction = panel(rows, "SS")[-2]
    assert prediction.kind == "prediction" and prediction.low is None
    assert prediction.estimate_text == "needs k ≥ 3"


def test_a_single_study_is_its_own_estimate_never_a_diamond(con):
    single = [p for p in forest_figures(con, svg=False, min_k=1)[0]["panels"] if p["k"] == 1]
    rows = forest_rows([(p, p["studies"]) for p in single])
    assert [r.kind for r in rows] == ["header", "disease", "study", "single"]
    assert rows[2].estimate_text == study_ci_text(3, 30)
    assert rows[3].label.startswith("1 study")
    fig = draw(rows, plt)
    assert not any(isinstance(patch, Polygon) for patch in fig.axes[0].patches)  # no diamond, no interval bar
    plt.close(fig)


def test_the_drawing_has_a_diamond_per_pool_and_a_bar_per_prediction_interval(figure_with_single):
    fig = draw(forest_rows([(p, p["studies"]) for p in figure_with_single["panels"]]), plt)
    polygons = [patch for patch in fig.axes[0].patches if isinstance(patch, Polygon)]
    assert len(polygons) == 3  # SLE and SS diamonds, SLE's prediction interval; nothing for RA's one study
    plt.close(fig)


def test_the_plot_is_a_legible_svg(figure):
    svg = base64.b64decode(figure["plot"].removeprefix("data:image/svg+xml;base64,")).decode()
    width = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg).group(1))
    assert 600 <= width <= 800  # 800-1070 CSS pixels: fits the report's 1200 px column at 100% zoom
    assert forest_svg([(p, p["studies"]) for p in figure["panels"]]).startswith("data:image/svg+xml;base64,")


@pytest.mark.parametrize(("labels", "expected"), [
    (["Wang 2014", "Liang 2010"], ["Wang 2014", "Liang 2010"]),
    (["Wang 2014", "Wang 2014", "Liang 2010"], ["Wang 2014a", "Wang 2014b", "Liang 2010"]),
    (["review.txt", "review.txt"], ["review.txt (1)", "review.txt (2)"]),
])
def test_distinct_labels(labels, expected):
    assert distinct_labels(labels) == expected


@pytest.mark.parametrize(("label", "shown"), [
    ("Liang 2010", "Liang 2010"),
    ("Springer London n.d.", "Springer London n.d."),  # not a file name: as the document gives it
    ("b08_dukespace_remestemcel_study275_gvhd.txt", "b08_dukespace_remestemc…"),  # no author named: the file, cut
    ("short_name.txt", "short_name"),
    ("reviews/pmc_review.nxml", "pmc_review"),
    ("000_815d253af521f5ed.txt ref. 40", "000_815d253af521f5ed ref. 40"),  # v_studies' row of a review
    ("Sun n.d. + h06_drcalapai_wang2013_msct_sle_4years.txt", "Sun n.d. + h06_drcalapai_wang2013_…"),
])
def test_a_study_is_shown_by_its_label_else_its_file_name_shortened(label, shown):
    assert display_label(label) == shown


def test_a_long_label_is_cut_before_the_events_column():
    """However wide its letters, a drawn label ends before its Events number (with a gap)."""
    studies = [{"study_label": label, "documents": f"{i}.txt", "events": 300 + i, "n": 1000, "pct": 30.0,
                "study_low_pct": 27.0, "study_high_pct": 33.0, "weight_pct": 25.0}
               for i, label in enumerate(["W" * 40 + " 2018", "Mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm 2019",
                                          "Liang 2010", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii 2020"])]
    pooled = {"disease": "SLE", "k": 4, "events": 1206, "n_total": 4000, "pooled_pct": 30.0, "ci_low_pct": 28.0,
              "ci_high_pct": 32.0, "pi_low_pct": 25.0, "pi_high_pct": 35.0, "i2_pct": 0.0, "tau2": 0.0, "q": 1.0,
              "q_pval": 0.8}
    fig = draw(forest_rows([(pooled, studies)]), plt)
    renderer = fig.canvas.get_renderer()
    texts = fig.axes[0].texts
    drawn = {}
    for t in texts:
        drawn.setdefault(round(t.get_position()[1]), []).append(t)
    checked = 0
    for line in drawn.values():
        events = [t for t in line if t.get_text() in {str(s["events"]) for s in studies}]
        if not events:
            continue
        label = min(line, key=lambda t: t.get_window_extent(renderer).x0)
        gap = events[0].get_window_extent(renderer).x0 - label.get_window_extent(renderer).x1
        assert gap >= LABEL_GAP * FONT_SIZE * fig.dpi / 72 - 0.5, label.get_text()
        checked += 1
    shown = sorted(t.get_text() for line in drawn.values() for t in line if t.get_text().endswith(("…", "2010")))
    plt.close(fig)
    assert checked == 4
    assert "Liang 2010" in shown and sum(text.endswith("…") for text in shown) == 3  # the short one is whole


def test_the_plot_module_never_imports_the_report():
    """report uses forest; forest draws what it is given and imports neither the report nor the store."""
    import ast
    from pathlib import Path

    import warehouse.forest

    tree = ast.parse(Path(warehouse.forest.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    assert not {name for name in imported if name and name.startswith("warehouse")}
