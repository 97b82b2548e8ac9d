"""Pooled proportions against an independent computation: the textbook DerSimonian–Laird written
out here with numpy (logit and Freeman–Tukey scales), and statsmodels' combine_effects where its
τ² is not negative (its DL does not truncate τ² at 0 when Q < k − 1)."""

import math

import duckdb
import numpy as np
import pytest
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects

from warehouse.store import apply_sql

Z = 1.959963984540054


def warehouse(studies: list[tuple[int, int, str]], percent_only: int = 0) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_sql(con)
    rows = [(f"f{i}", "d", source, "MSCT", "relapse", 12.0, None, "%", events, n, "text", 0, 4)
            for i, (events, n, source) in enumerate(studies)]
    rows += [(f"p{i}", "d", "pct.txt", "MSCT", "relapse", 12.0, 30.0, "%", None, None, "text", 0, 4)
             for i in range(percent_only)]
    con.executemany("INSERT INTO findings (finding_id, doc_id, source_file, intervention, measure, timepoint_months,"
                    " value, unit, numerator, denominator, evidence_text, char_start, char_end)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return con


def dersimonian_laird(y, v):
    y, v = np.asarray(y, float), np.asarray(v, float)
    w = 1 / v
    k = len(y)
    fixed = np.sum(w * y) / np.sum(w)
    q = np.sum(w * (y - fixed) ** 2)
    tau2 = max(0.0, (q - (k - 1)) / (np.sum(w) - np.sum(w ** 2) / np.sum(w))) if k > 1 else 0.0
    wr = 1 / (v + tau2)
    mu = np.sum(wr * y) / np.sum(wr)
    se = math.sqrt(1 / np.sum(wr))
    i2 = max(0.0, (q - (k - 1)) / q) * 100 if q > 0 else 0.0
    return dict(mu=mu, se=se, tau2=tau2, q=q, i2=i2, fixed=fixed, se_fixed=math.sqrt(1 / np.sum(w)))


def expit(x):
    return 100 / (1 + math.exp(-x))


def logit_effects(studies):
    y, v = [], []
    for e, n in studies:
        cc = 0.5 if e in (0, n) else 0.0
        y.append(math.log((e + cc) / (n - e + cc)))
        v.append(1 / (e + cc) + 1 / (n - e + cc))
    return y, v


def miller(t, n):
    """metafor's transf.ipft: the inverse of the half double-arcsine at sample size n."""
    if t >= 0.5 * (math.asin(math.sqrt(n / (n + 1))) + math.pi / 2):
        return 100.0
    if t <= 0.5 * math.asin(math.sqrt(1 / (n + 1))):
        return 0.0
    s = math.sin(2 * t)
    return 100 * 0.5 * (1 - math.copysign(1, math.cos(2 * t)) * math.sqrt(1 - (s + (s - 1 / s) / n) ** 2))


def oracle(studies):
    y, v = logit_effects(studies)
    dl = dersimonian_laird(y, v)
    k = len(studies)
    ft_y = [0.5 * (math.asin(math.sqrt(e / (n + 1))) + math.asin(math.sqrt((e + 1) / (n + 1)))) for e, n in studies]
    ft_v = [1 / (4 * n + 2) for _, n in studies]
    ft = dersimonian_laird(ft_y, ft_v)
    n_h = k / sum(1 / n for _, n in studies)
    out = dict(k=k, pooled_pct=expit(dl["mu"]), ci_low_pct=expit(dl["mu"] - Z * dl["se"]),
               ci_high_pct=expit(dl["mu"] + Z * dl["se"]), i2_pct=dl["i2"], tau2=dl["tau2"],
               fixed_pct=expit(dl["fixed"]), ft_pooled_pct=miller(ft["mu"], n_h),
               ft_ci_low_pct=miller(ft["mu"] - Z * ft["se"], n_h), ft_ci_high_pct=miller(ft["mu"] + Z * ft["se"], n_h))
    if k >= 3:
        t = stats.t.ppf(0.975, k - 2)
        half = t * math.sqrt(dl["tau2"] + dl["se"] ** 2)
        out.update(pi_low_pct=expit(dl["mu"] - half), pi_high_pct=expit(dl["mu"] + half))
    return out


CORPORA = {
    "one study": [(23, 83)],
    "homogeneous": [(10, 50), (11, 52), (9, 48)],
    "heterogeneous": [(2, 40), (20, 40), (35, 40), (12, 60)],
    "zero events": [(0, 10), (3, 25), (1, 12)],
    "all events": [(10, 10), (18, 20), (7, 9)],
}


@pytest.mark.parametrize("name", CORPORA)
def test_pooled_proportions_match_the_textbook(name):
    studies = CORPORA[name]
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    row = con.execute("SELECT * FROM v_pooled_proportions").df().iloc[0]
    expected = oracle(studies)
    for column, value in expected.items():
        assert row[column] == pytest.approx(value, abs=1e-6), column
    assert row["n_total"] == sum(n for _, n in studies)
    assert row["events"] == sum(e for e, _ in studies)
    if len(studies) < 3:
        assert math.isnan(row["pi_low_pct"])


def test_heterogeneous_matches_statsmodels():
    studies = CORPORA["heterogeneous"]
    y, v = logit_effects(studies)
    res = combine_effects(np.array(y), np.array(v), method_re="dl")
    assert res.tau2 > 0
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    row = con.execute("SELECT pooled_pct, ci_low_pct, ci_high_pct, tau2 FROM v_pooled_proportions").fetchone()
    low, high = res.conf_int(use_t=False)[1]  # random-effects row
    assert row[0] == pytest.approx(expit(res.mean_effect_re), abs=1e-6)
    assert row[1] == pytest.approx(expit(low), abs=1e-6)
    assert row[2] == pytest.approx(expit(high), abs=1e-6)
    assert row[3] == pytest.approx(res.tau2, abs=1e-9)


def test_a_cohort_reported_twice_counts_once():
    con = warehouse([(23, 83, "a.txt"), (23, 83, "b.txt"), (10, 40, "c.txt")], percent_only=2)
    k, n_total, studies, k_percent_only = con.execute(
        "SELECT k, n_total, studies, k_percent_only FROM v_pooled_proportions").fetchone()
    assert (k, n_total, k_percent_only) == (2, 123, 2)
    assert "a.txt + b.txt (23/83)" in studies
