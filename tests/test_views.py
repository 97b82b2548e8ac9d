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
                    " value, unit, numerator, denominator, evidence_text, char_start, char_end, disease)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'SLE')", rows)
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
    if k >= 2:  # Cochran's Q and its chi-square p-value on k - 1 df
        out.update(q=dl["q"], q_df=k - 1, q_pval=stats.chi2.sf(dl["q"], k - 1))
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
    if len(studies) == 1:
        assert math.isnan(row["q_pval"])  # no heterogeneity test for one study


@pytest.mark.parametrize("df", [1, 2, 3, 4, 7, 10, 31, 150])
@pytest.mark.parametrize("q", [0.0, 0.004, 0.5, 1.0, 3.84, 9.5, 40.0, 220.0])
def test_chi_square_p_value_matches_scipy(q, df):
    con = duckdb.connect(":memory:")
    apply_sql(con)
    got = con.execute("SELECT chisq_upper(?::DOUBLE, ?::INTEGER)", [q, df]).fetchone()[0]
    expected = stats.chi2.sf(q, df)
    assert got == pytest.approx(expected, rel=5e-7, abs=1e-15)


def test_study_intervals_are_wilson_score_intervals():
    from statsmodels.stats.proportion import proportion_confint

    studies = [(0, 10), (3, 3), (23, 83), (1, 40)]
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    rows = con.execute("SELECT events, n, pct, wilson_low_pct, wilson_high_pct FROM v_pooled_studies").fetchall()
    assert sorted((e, n) for e, n, *_ in rows) == sorted(studies)
    for events, n, pct, low, high in rows:
        expected_low, expected_high = proportion_confint(events, n, alpha=0.05, method="wilson")
        assert low == pytest.approx(100 * expected_low, abs=1e-5)
        assert high == pytest.approx(100 * expected_high, abs=1e-5)
        assert low <= pct <= high  # unlike the corrected logit interval at 0 or n events


def test_heterogeneous_matches_statsmodels():
    studies = CORPORA["heterogeneous"]
    y, v = logit_effects(studies)
    res = combine_effects(np.array(y), np.array(v), method_re="dl")
    assert res.tau2 > 0
    con = warehouse([(e, n, f"doc{i}.txt") for i, (e, n) in enumerate(studies)])
    row = con.execute("SELECT pooled_pct, ci_low_pct, ci_high_pct, tau2, q, q_df, q_pval"
                      " FROM v_pooled_proportions").fetchone()
    low, high = res.conf_int(use_t=False)[1]  # random-effects row
    homogeneity = res.test_homogeneity()
    assert row[4:6] == (pytest.approx(res.q, abs=1e-9), res.df_resid)
    assert row[6] == pytest.approx(homogeneity.pvalue, rel=5e-7)
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


def test_pooled_changes_match_the_textbook():
    con = duckdb.connect(":memory:")
    apply_sql(con)
    # (document, pre mean, pre sd, post mean, post sd, n)
    studies = [("a", 12.2, 3.3, 3.2, 2.8, 12), ("b", 10.5, 4.2, 4.3, 2.1, 40), ("c", 9.0, 3.0, 7.5, 3.5, 25)]
    rows = []
    for doc, pre, pre_sd, post, post_sd, n in studies:
        for k, (months, mean, sd) in enumerate(((0.0, pre, pre_sd), (12.0, post, post_sd))):
            rows.append((f"{doc}{k}", doc, f"{doc}.txt", "MSCT", "sledai", months, mean, "score", sd, n))
    rows.append(("x0", "x", "x.txt", "MSCT", "sledai", 0.0, 11.0, "score", 2.0, None))  # no n: not pooled
    rows.append(("x1", "x", "x.txt", "MSCT", "sledai", 12.0, 5.0, "score", 2.0, None))
    con.executemany("INSERT INTO findings (finding_id, doc_id, source_file, intervention, measure, timepoint_months,"
                    " value, unit, sd, n, evidence_text, char_start, char_end, disease) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " 'text', 0, 4, 'SLE')", rows)
    y = [post - pre for _, pre, _, post, _, _ in studies]
    v = [(a * a + b * b - 2 * 0.5 * a * b) / n for _, _, a, _, b, n in studies]
    dl = dersimonian_laird(y, v)
    row = con.execute("SELECT k, n_total, mean_change, ci_low, ci_high, tau2, correlation, k_without_n"
                      " FROM v_pooled_changes").fetchone()
    assert row[:2] == (3, 77)
    assert row[2] == pytest.approx(dl["mu"], abs=1e-9)
    assert row[3] == pytest.approx(dl["mu"] - Z * dl["se"], abs=1e-6)
    assert row[4] == pytest.approx(dl["mu"] + Z * dl["se"], abs=1e-6)
    assert row[5] == pytest.approx(dl["tau2"], abs=1e-9)
    assert row[6:] == (0.5, 1)


def arms_warehouse(arms: list[dict]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    apply_sql(con)
    for k, arm in enumerate(arms):
        row = {"arm_id": f"a{k}", "row_no": k + 1, "line_end": arm.get("line_start", k + 1), "line_start": k + 1,
               "dose_unit": "cells/kg", **arm}
        con.execute(f"INSERT INTO trial_arms ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return con


def test_studies_link_across_documents():
    base = {"disease": "SLE", "cell_source": "UC", "n_patients": 40, "dose_min": 1e6, "dose_max": 1e6}
    con = arms_warehouse([
        {**base, "doc_id": "d1", "source_file": "one.txt", "registry_id": "NCT02983311"},
        {**base, "doc_id": "d2", "source_file": "two.txt", "registry_id": "NCT02983311", "n_patients": 79},
        {**base, "doc_id": "d1", "source_file": "one.txt", "cell_source": "BM", "n_patients": 87},
        {**base, "doc_id": "d2", "source_file": "two.txt", "cell_source": "BM", "n_patients": 87, "year": 2013},
        {**base, "doc_id": "d1", "source_file": "one.txt", "n_patients": 12, "year": 2017},
        {**base, "doc_id": "d2", "source_file": "two.txt", "n_patients": 12, "year": 2019},
    ])
    studies = con.execute("SELECT cell_source, n_patients, k_documents FROM v_studies ORDER BY n_patients").fetchall()
    # same registry: one study, its largest report; same unregistered arm: one; different years: two
    assert studies == [("UC", 12, 1), ("UC", 12, 1), ("UC", 79, 2), ("BM", 87, 2)]
    by_source = con.execute("SELECT cell_source, k_studies, n_patients FROM v_patients_by_source ORDER BY 1").fetchall()
    assert by_source == [("BM", 1, 87), ("UC", 3, 103)]


def test_dose_groups_of_one_row_are_one_study():
    row = {"disease": "RA", "cell_source": "AD", "doc_id": "d1", "source_file": "one.txt", "registry_id": None}
    con = arms_warehouse([{**row, "n_patients": 20, "dose_min": 1e6, "line_start": 5, "line_end": 5},
                          {**row, "n_patients": 20, "dose_min": 2e6, "line_start": 5, "line_end": 6},
                          {**row, "n_patients": 6, "dose_min": 4e6, "line_start": 5, "line_end": 7}])
    assert con.execute("SELECT count(*), sum(n_patients) FROM v_studies").fetchone() == (1, 46)


def insert_findings(con: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Findings from dicts: each names only what it shows; the rest is a plain single-arm rate."""
    for k, row in enumerate(rows):
        full = {"finding_id": f"g{k}", "doc_id": row.get("source_file", "d"), "source_file": "d.txt",
                "intervention": "MSCT", "disease": "SLE", "value_kind": "level", "measure": "complete_remission",
                "measure_text": "complete remission",
                "timepoint_months": 12.0, "unit": "%", "evidence_text": "Complete remission in n of N.",
                "char_start": 0, "char_end": 4, **row}
        con.execute(f"INSERT INTO findings ({', '.join(full)}) VALUES ({', '.join('?' * len(full))})",
                    list(full.values()))


DISEASE_GROUPS = {
    "SLE": [(23, 83), (12, 40), (30, 61)],
    "SS": [(5, 24), (9, 20)],
    "RA": [(3, 30)],
}


def test_each_disease_is_pooled_alone():
    con = duckdb.connect(":memory:")
    apply_sql(con)
    insert_findings(con, [{"disease": disease, "numerator": e, "denominator": n, "source_file": f"{disease}{i}.txt"}
                          for disease, studies in DISEASE_GROUPS.items() for i, (e, n) in enumerate(studies)])
    pooled = con.execute("SELECT * FROM v_pooled_proportions").df().set_index("disease")
    assert sorted(pooled.index) == sorted(DISEASE_GROUPS)
    for disease, studies in DISEASE_GROUPS.items():
        row, expected = pooled.loc[disease], oracle(studies)
        for column in ("k", "pooled_pct", "ci_low_pct", "ci_high_pct", "tau2", "i2_pct", "ft_pooled_pct"):
            assert row[column] == pytest.approx(expected[column], abs=1e-6), (disease, column)
        assert row["estimate_kind"] == ("1 study" if len(studies) == 1 else "pooled")
    weights = con.execute("SELECT disease, sum(weight_pct) FROM v_pooled_studies GROUP BY disease").fetchall()
    assert all(total == pytest.approx(100.0) for _, total in weights)


def test_a_control_arm_never_enters_a_pool_of_its_trial():
    con = duckdb.connect(":memory:")
    apply_sql(con)
    insert_findings(con, [
        {"disease": "SLE", "arm": "MSC group", "numerator": 12, "denominator": 20, "source_file": "trial.txt"},
        {"disease": "SLE", "arm": "placebo", "intervention": None, "numerator": 4, "denominator": 20,
         "source_file": "trial.txt", "char_start": 10, "char_end": 20},
        {"disease": "SLE", "numerator": 7, "denominator": 15, "source_file": "cohort.txt"}])
    rows = con.execute("SELECT intervention, k, n_total, events FROM v_pooled_proportions").fetchall()
    assert rows == [("MSCT", 2, 35, 19)]
    provenance = [p for (p,) in con.execute("SELECT provenance FROM v_pooled_studies").fetchall()]
    assert not any("trial.txt:10-20" in p for p in provenance)


def test_a_qualified_measure_pools_only_with_its_qualification():
    con = duckdb.connect(":memory:")
    apply_sql(con)
    relapse = {"disease": "SLE", "measure": "relapse", "measure_text": "relapse"}
    insert_findings(con, [
        {**relapse, "numerator": 3, "denominator": 20, "source_file": "a.txt", "evidence_text": "Relapse in 3/20."},
        {**relapse, "numerator": 5, "denominator": 30, "source_file": "b.txt", "evidence_text": "5/30 had a relapse."},
        {**relapse, "numerator": 2, "denominator": 13, "source_file": "c.txt",
         "evidence_text": "At 1 year 2 of 13 had a relapse of proteinuria."},
        {**relapse, "numerator": 4, "denominator": 25, "source_file": "d.txt",
         "evidence_text": "Renal relapse occurred in 4 of 25 patients."}])
    rows = con.execute("SELECT measure_qualifier, k, n_total FROM v_pooled_proportions").fetchall()
    assert rows == [(None, 2, 50), ("proteinuria", 1, 13), ("renal", 1, 25)]


@pytest.mark.parametrize(("measure", "measure_text", "sentence", "qualifier"), [
    ("relapse", "relapse", "Rates of relapse were 12% (10/83) at 1 year.", None),
    ("relapse", "relapse", "2 had a relapse of proteinuria.", "proteinuria"),
    ("relapse", "relapse", "Renal relapse occurred in 4 of 25.", "renal"),
    ("relapse", "relapse", "Relapse of the disease occurred in 4 of 25.", None),
    ("complete_remission", "complete remission", "Complete remission was reached by 8/20.", None),
    ("complete_remission", "complete renal remission", "Complete renal remission: 8/20.", "renal"),
    ("complete_remission", "CR", "The increase was large; CR in 8/20.", None),  # "cr" inside a word is not it
    ("response", "remission", "Combined clinical and MRI remission in 6/20.", "mri"),
    ("response", "ACR50", "ACR50 was met by 6/20.", "acr50"),
    ("response", "clinical response", "Clinical response in 6/20.", None),
    ("disease_free_survival", "DFS", "DFS was 50%.", None),
    ("serious_adverse_events", "SAEs", "SAEs occurred in 2.", None),
    ("sledai", "SLEDAI", "SLEDAI fell from 12 to 3.", None),
    ("overall_survival", "overall survival", "The overall survival of patients was 84%.", None),
])
def test_measure_qualifier(measure, measure_text, sentence, qualifier):
    con = duckdb.connect(":memory:")
    apply_sql(con)
    assert con.execute("SELECT measure_qualifier(?, ?, ?)", [measure, measure_text, sentence]).fetchone()[0] == qualifier


def test_changes_are_pooled_within_disease():
    con = duckdb.connect(":memory:")
    apply_sql(con)
    rows = []
    for doc, disease, pre, post, n in (("a", "SLE", 12.0, 4.0, 20), ("b", "SLE", 10.0, 5.0, 30), ("c", "SS", 9.0, 8.0, 15)):
        for months, mean in ((0.0, pre), (12.0, post)):
            rows.append({"doc_id": doc, "source_file": f"{doc}.txt", "disease": disease, "measure": "sledai",
                         "measure_text": "SLEDAI", "timepoint_months": months, "value": mean, "unit": "score",
                         "sd": 3.0, "n": n, "finding_id": f"{doc}{months}"})
    insert_findings(con, rows)
    got = con.execute("SELECT disease, k, mean_change, estimate_kind FROM v_pooled_changes ORDER BY disease").fetchall()
    v = [(9 + 9 - 2 * 0.5 * 9) / n for n in (20, 30)]
    dl = dersimonian_laird([-8.0, -5.0], v)
    assert [(d, k, kind) for d, k, _, kind in got] == [("SLE", 2, "pooled"), ("SS", 1, "1 study")]
    assert got[0][2] == pytest.approx(dl["mu"], abs=1e-9)
    assert got[1][2] == pytest.approx(-1.0)
