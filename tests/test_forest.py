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

from warehouse.forest import distinct_labels, draw, forest_rows, forest_svg
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


def panel(rows, disease):
    start = next(i for i, r in enumerate(rows) if r.kind == "disease" and r.label == disease)
    end = next((i for i, r in enumerate(rows) if i > start and r.kind == "disease"), len(rows))
    return rows[start + 1:end]


def test_one_panel_per_disease(figure):
    rows = forest_rows([(p, p["studies"]) for p in figure["panels"]])
    assert rows[0].kind == "header"
    assert [r.label for r in rows if r.kind == "disease"] == ["RA", "SLE", "SS"]
    assert figure["alt"] == "Complete remission · MSCT · 12 months · RA, SLE, SS"
    assert [r.kind for r in panel(rows, "SLE")] == ["study"] * 4 + ["pooled", "prediction", "heterogeneity"]
    assert [r.kind for r in panel(rows, "SS")] == ["study"] * 2 + ["pooled", "prediction", "heterogeneity"]
    assert [r.kind for r in panel(rows, "RA")] == ["study", "single"]


def wilson_text(events, n):
    low, high = proportion_confint(events, n, alpha=0.05, method="wilson")
    return f"{100 * events / n:.1f} [{100 * low:.1f}; {100 * high:.1f}]"


def test_each_study_row_gives_its_numbers(figure):
    rows = forest_rows([(p, p["studies"]) for p in figure["panels"]])
    for disease, studies in STUDIES.items():
        shown = {r.label: r for r in panel(rows, disease) if r.kind == "study"}
        assert sorted(shown) == sorted(label for label, _, _ in studies)
        for label, events, n in studies:
            row = shown[label]
            assert (row.events, row.total) == (str(events), str(n))
            assert row.estimate_text == wilson_text(events, n)
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
    single = [p for p in forest_figures(con, svg=False)[0]["panels"] if p["k"] == 1]
    rows = forest_rows([(p, p["studies"]) for p in single])
    assert [r.kind for r in rows] == ["header", "disease", "study", "single"]
    assert rows[2].estimate_text == wilson_text(3, 30)
    assert rows[3].label.startswith("1 study")
    fig = draw(rows, plt)
    assert not any(isinstance(patch, Polygon) for patch in fig.axes[0].patches)  # no diamond, no interval bar
    plt.close(fig)


def test_the_drawing_has_a_diamond_per_pool_and_a_bar_per_prediction_interval(figure):
    fig = draw(forest_rows([(p, p["studies"]) for p in figure["panels"]]), plt)
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
