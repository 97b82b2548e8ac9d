"""The pooled views' other estimators against independent implementations: each study's
Clopper–Pearson interval against statsmodels' proportion_confint(method="beta"), the common
effect against statsmodels' combine_effects, and τ² by REML (with its random-effects estimate)
against PyMARE, which maximises the restricted likelihood by a bounded search, not by the Fisher
scoring the view uses."""

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pymare.estimators import VarianceBasedLikelihoodEstimator
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.proportion import proportion_confint

from .test_views import CORPORA, Z, expit, logit_effects, warehouse

# Homogeneous, heterogeneous, with 0 events, with n events, two studies, and one study.
STUDY_SETS = {**CORPORA,
              "two studies": [(4, 30), (19, 31)],
              "zero events in all but one": [(0, 15), (0, 22), (6, 18)],
              "many small": [(1, 8), (3, 9), (0, 7), (5, 11), (2, 6), (7, 10)]}


def pooled(studies):
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    return con.execute("SELECT * FROM v_pooled_proportions").df().iloc[0]


@pytest.mark.parametrize(("events", "n"), [
    (0, 1), (1, 1), (0, 10), (10, 10), (1, 10), (9, 10), (3, 3), (23, 83), (1, 40), (39, 40),
    (50, 100), (0, 250), (7, 250), (125, 250), (1234, 5000),
])
def test_study_intervals_are_clopper_pearson(events, n):
    con = warehouse([(events, n, "doc.txt")])
    pct, low, high = con.execute("SELECT pct, ci_low_pct, ci_high_pct FROM v_pooled_studies").fetchone()
    expected_low, expected_high = proportion_confint(events, n, alpha=0.05, method="beta")
    assert low == pytest.approx(100 * expected_low, abs=1e-9)
    assert high == pytest.approx(100 * expected_high, abs=1e-9)
    assert low <= pct <= high


def test_wilson_and_the_logit_interval_stay_beside_clopper_pearson():
    studies = [(0, 10), (3, 3), (23, 83)]
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    rows = con.execute("SELECT events, n, wilson_low_pct, wilson_high_pct, logit_ci_low_pct, logit_ci_high_pct"
                       " FROM v_pooled_studies").fetchall()
    for events, n, wilson_low, wilson_high, logit_low, logit_high in rows:
        expected = proportion_confint(events, n, alpha=0.05, method="wilson")
        assert (wilson_low, wilson_high) == (pytest.approx(100 * expected[0], abs=1e-5),
                                             pytest.approx(100 * expected[1], abs=1e-5))
        (y,), (v,) = logit_effects([(events, n)])
        assert (logit_low, logit_high) == (pytest.approx(expit(y - Z * math.sqrt(v)), abs=1e-6),
                                           pytest.approx(expit(y + Z * math.sqrt(v)), abs=1e-6))


@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")  # its HKSJ row, unused
@pytest.mark.parametrize("name", STUDY_SETS)
def test_common_effect_matches_statsmodels(name):
    studies = STUDY_SETS[name]
    y, v = logit_effects(studies)  # the same 0.5 rule as the random effects
    row = pooled(studies)
    if len(studies) == 1:  # the study's own estimate
        expected = (y[0], y[0] - Z * math.sqrt(v[0]), y[0] + Z * math.sqrt(v[0]))
    else:
        res = combine_effects(np.array(y), np.array(v), method_re="dl")
        low, high = res.conf_int(use_t=False)[0]  # the fixed-effect row
        expected = (res.mean_effect_fe, low, high)
    got = (row["fixed_pct"], row["fixed_ci_low_pct"], row["fixed_ci_high_pct"])
    assert got == pytest.approx(tuple(expit(x) for x in expected), abs=1e-6)


def pymare_reml(y, v):
    """τ², the pooled logit and its standard error by REML (Wald, as metafor's default test = "z")."""
    est = VarianceBasedLikelihoodEstimator(method="REML", small_sample_correction="wald", xtol=1e-12, maxiter=500)
    est.fit(y=np.asarray(y, float)[:, None], v=np.asarray(v, float)[:, None], X=np.ones((len(y), 1)))
    tau2 = float(est.params_["tau2"][0, 0])
    mu = float(est.params_["fe_params"][0, 0])
    return tau2, mu, math.sqrt(float(np.squeeze(est.params_["inv_cov"])))


def assert_reml_matches_pymare(studies, row):
    y, v = logit_effects(studies)
    tau2, mu, se = pymare_reml(y, v)
    assert row["tau2_reml"] == pytest.approx(tau2, rel=1e-5, abs=1e-6)
    for column, expected in (("reml_pooled_pct", mu), ("reml_ci_low_pct", mu - Z * se), ("reml_ci_high_pct", mu + Z * se)):
        assert row[column] == pytest.approx(expit(expected), abs=1e-5), column


@pytest.mark.parametrize("name", [name for name, studies in STUDY_SETS.items() if len(studies) > 1])
def test_reml_matches_pymare(name):
    studies = STUDY_SETS[name]
    assert_reml_matches_pymare(studies, pooled(studies))


def test_reml_beside_dersimonian_laird():
    homogeneous, heterogeneous = pooled(STUDY_SETS["homogeneous"]), pooled(STUDY_SETS["heterogeneous"])
    assert homogeneous["tau2_reml"] == 0.0 == homogeneous["tau2"]
    assert homogeneous["reml_pooled_pct"] == pytest.approx(homogeneous["pooled_pct"], abs=1e-12)
    assert heterogeneous["tau2_reml"] > 0 and heterogeneous["tau2_reml"] != pytest.approx(heterogeneous["tau2"])


def test_one_study_is_its_own_reml_estimate():
    row = pooled([(23, 83)])
    assert row["tau2_reml"] == 0.0
    for reml, own in (("reml_pooled_pct", "pooled_pct"), ("reml_ci_low_pct", "ci_low_pct"), ("reml_ci_high_pct", "ci_high_pct")):
        assert row[reml] == pytest.approx(row[own], abs=1e-12)


@settings(max_examples=40, deadline=None)
@example([(0, 1), (3, 5), (16, 23), (22, 46), (15, 24), (0, 27)])  # τ² creeps: over a hundred scoring steps
@given(st.lists(st.integers(1, 120).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))),
                min_size=2, max_size=12, unique=True))  # the same events and n twice would be one cohort
def test_reml_matches_pymare_on_any_studies(studies):
    assert_reml_matches_pymare(studies, pooled(studies))
