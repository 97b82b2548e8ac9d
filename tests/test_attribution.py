"""A result a document restates from another source is kept and labelled, and never pooled: a
cohort enters a pool only through its own document."""

from __future__ import annotations

import duckdb
import pytest

from extractors.attribution import restates
from extractors.extract import extract
from extractors.readers import read
from schemas.validate import validate
from warehouse.store import apply_sql


@pytest.mark.parametrize("sentence", [
    "Okafor et al. reported complete remission in 8 of 20 patients (40%) after two infusions.",
    "Complete remission was reached by 12 of 30 treated patients [14].",
    "Survival at 5 years was 71% in an earlier series (Lindqvist 2012).",
    "Relapse occurred in 9 of 41 patients (Moreau et al., 2016).",
    "The EBMT data showed a 5-year progression-free survival of 55% ± 6%.",
    "A response rate of 62% was reported by the Nordic transplant group.",
    "According to a national survey, 18 of 60 recipients relapsed within 2 years.",
])
def test_a_result_attributed_to_another_source_is_restated(sentence):
    assert restates(sentence)


@pytest.mark.parametrize("sentence", [
    "Complete remission was achieved in 12 of 30 patients (40%) at 12 months.",
    "The MSC group showed a response rate of 60% at week 24.",
    "In our cohort, 12 of 30 patients reached complete remission, as in an earlier series [14].",
    "In this study, relapse occurred in 4 of 25 patients, fewer than Okafor et al. observed.",
    "Patients with grade III-IV disease (n = 12) had a response rate of 42%.",
])
def test_the_documents_own_result_is_not_restated(sentence):
    assert not restates(sentence)


PAPER = """Umbilical cord mesenchymal stem cells in refractory lupus nephritis: a single-centre study

Abstract
Methods: Thirty patients with refractory lupus nephritis received umbilical cord MSCs intravenously.
Results: At 12 months, complete remission was achieved in 12 of 30 patients (40%).
Earlier, Okafor et al. reported complete remission in 8 of 20 patients (40%) at 12 months.
Conclusions: The cells were safe.
"""


def test_a_restated_cohort_is_kept_labelled_and_left_out_of_the_pool(tmp_path):
    path = tmp_path / "paper.txt"
    path.write_text(PAPER, encoding="utf-8")
    result = extract(read(path, "paper.txt"))
    remission = [f for f in result.findings if f.measure == "complete_remission"]
    assert sorted((f.numerator, f.denominator, f.restated) for f in remission) == [(8, 20, True), (12, 30, False)]

    con = duckdb.connect(":memory:")
    apply_sql(con)
    rows = [{"finding_id": f"f{k}", **vars(f)} for k, f in enumerate(result.findings)]
    checked = validate("findings", rows)
    assert not checked.rejects
    con.register("loaded", checked.valid)
    con.execute("INSERT INTO findings BY NAME SELECT * FROM loaded")
    assert con.execute("SELECT count(*) FROM findings WHERE restated").fetchone()[0] == 1
    pooled = con.execute("SELECT k, n_total FROM v_pooled_proportions WHERE measure = 'complete_remission'").fetchall()
    assert pooled == [(1, 30)]


def test_every_finding_of_a_review_is_restated(tmp_path):
    review = ("Mesenchymal stem cells for lupus: a systematic review\n\nAbstract\n"
              "Methods: We searched three databases; this systematic review included nine studies.\n"
              "Results: Across the included studies, complete remission was achieved in 61 of 210 patients (29%).\n")
    path = tmp_path / "review.txt"
    path.write_text(review, encoding="utf-8")
    result = extract(read(path, "review.txt"))
    assert result.document["design"] in ("review", "meta-analysis")
    assert result.findings and all(f.restated for f in result.findings)
