import pytest

from extractors.findings import FindingExtractor, sentences
from extractors.metadata import design

MSC = "Allogeneic mesenchymal stem cell transplantation (MSCT) was given to patients with refractory SLE. "


def read(text: str):
    return FindingExtractor("d" * 64, "doc.txt", design=design(text)).extract(text, sentences(text))


def fields(f):
    return (f.measure, f.intervention, f.timepoint_months, f.value, f.unit, f.sd, f.n, f.numerator, f.denominator)


# (prose, expected findings as (measure, intervention, months, value, unit, sd, n, numerator, denominator))
CASES = [
    (MSC + "Complete remission was 28% at 1 year (23/83), 31% at 2 years (12/39).",
     [("complete_remission", "MSCT", 12.0, 28.0, "%", None, None, 23, 83),
      ("complete_remission", "MSCT", 24.0, 31.0, "%", None, None, 12, 39)]),
    (MSC + "Rates of relapse were 12% (10/83) at 1 year.",
     [("relapse", "MSCT", 12.0, 12.0, "%", None, None, 10, 83)]),
    (MSC + "At 12-month follow-up, SLEDAI scores decreased from 12.2+/-3.3 to 3.2+/-2.8 (p<0.05, n=12).",
     [("sledai", "MSCT", 0.0, 12.2, "score", 3.3, 12, None, None),
      ("sledai", "MSCT", 12.0, 3.2, "score", 2.8, 12, None, None)]),
    (MSC + "The SLEDAI score decreased from 10.5 ± 4.2 at baseline to 4.3 ± 2.1 at 6 months (p < 0.001).",
     [("sledai", "MSCT", 0.0, 10.5, "score", 4.2, None, None, None),
      ("sledai", "MSCT", 6.0, 4.3, "score", 2.1, None, None, None)]),
    (MSC + "Proteinuria decreased from 3.2 ± 1.1 to 0.9 ± 0.6 g/24 h.",
     [("proteinuria", "MSCT", 0.0, 3.2, "g/24h", 1.1, None, None, None),
      ("proteinuria", "MSCT", None, 0.9, "g/24h", 0.6, None, None, None)]),
    (MSC + "Twenty patients were enrolled.", [("enrolled", "MSCT", None, 20.0, "patients", None, None, None, None)]),
    (MSC + "At 1-year follow-up in 13 patients, 2 had a relapse of proteinuria.",
     [("relapse", "MSCT", 12.0, None, None, None, None, 2, 13)]),
    (MSC + "Complete remission was achieved in 8 of 20 patients (40%) at 12 months.",
     [("complete_remission", "MSCT", 12.0, 40.0, "%", None, None, 8, 20)]),
    (MSC + "Of the 40 patients, 13 (32.5%) achieved a major clinical response at 12 months.",
     [("response", "MSCT", 12.0, 32.5, "%", None, None, 13, 40)]),
    # a count of events without a denominator: the count is the numerator, there is no rate
    (MSC + "Three patients died during follow-up.", [("mortality", "MSCT", None, None, "patients", None, None, 3, None)]),
    ("Autologous haematopoietic stem cell transplantation (HSCT) was studied. The 5 year overall survival was "
     "81%±8% and disease-free survival was 29%±9%.",
     [("overall_survival", "HSCT", 60.0, 81.0, "%", 8.0, None, None, None),
      ("disease_free_survival", "HSCT", 60.0, 29.0, "%", 9.0, None, None, None)]),
    ("HSCT and MSCT were compared. Treatment-related mortality after HSCT was 6.2% (3/48), while relapse after MSCT "
     "was 10% (2/20).",
     [("treatment_related_mortality", "HSCT", None, 6.2, "%", None, None, 3, 48),
      ("relapse", "MSCT", None, 10.0, "%", None, None, 2, 20)]),
    (MSC + "At 6 months, 60% of patients were in remission.", [("response", "MSCT", 6.0, 60.0, "%", None, None, None, None)]),
    (MSC + "rates of LDA around 58% and CR around 23% in the year following transplantation.",
     [("low_disease_activity", "MSCT", 12.0, 58.0, "%", None, None, None, None),
      ("complete_remission", "MSCT", 12.0, 23.0, "%", None, None, None, None)]),
    (MSC + "The mean follow-up period was 17.2+/-9.5 months.",
     [("follow_up", "MSCT", None, 17.2, "months", 9.5, None, None, None)]),
]

CASES += [
    ("Stem cell transplantation was performed in systemic sclerosis. The 5-year overall survival was 80%.",
     [("overall_survival", None, 60.0, 80.0, "%", None, None, None, None)]),  # stem cells of no named kind
    ("Autologous stem cell transplantation was performed in systemic sclerosis. The 5-year overall survival was 80%.",
     [("overall_survival", "HSCT", 60.0, 80.0, "%", None, None, None, None)]),  # ASCT: haematopoietic
    (MSC + "Eight of 18 patients (44.4%) achieved complete renal remission at 12 months, compared with 3 of 12 "
     "(25%) in the placebo group.",
     [("complete_remission", "MSCT", 12.0, 44.4, "%", None, None, 8, 18),
      ("complete_remission", None, 12.0, 25.0, "%", None, None, 3, 12)]),  # the control arm is not MSCT's
    (MSC + "Proteinuria decreased from 3.2 ± 1.1 g/24 h at baseline to 1.1 ± 0.8 g/24 h at 6 months. eGFR rose.",
     [("proteinuria", "MSCT", 0.0, 3.2, "g/24h", 1.1, None, None, None),
      ("proteinuria", "MSCT", 6.0, 1.1, "g/24h", 0.8, None, None, None)]),
    (MSC + "The median follow-up was 24 months.", [("follow_up", "MSCT", None, 24.0, "months", None, None, None, None)]),
]

HSC = "Autologous haematopoietic stem cell transplantation (HSCT) was studied in systemic sclerosis. "
TRIAL = "Patients with lupus were randomized to umbilical cord MSC infusion or to placebo. "

# new constructions, one each: (prose, expected findings as fields + arm)
CONSTRUCTIONS = [
    ("number words", MSC + "Twenty-five patients were enrolled.",
     [("enrolled", "MSCT", None, 25.0, "patients", None, None, None, None, None)]),
    ("number words with a space", MSC + "Forty two patients were recruited.",
     [("enrolled", "MSCT", None, 42.0, "patients", None, None, None, None, None)]),
    ("number words with a non-breaking hyphen", MSC + "Thirty\u2011six patients were included.",
     [("enrolled", "MSCT", None, 36.0, "patients", None, None, None, None, None)]),
    ("percentage first", MSC + "The complete response rate was 12.5% (5 patients) at 6 months.",
     [("complete_remission", "MSCT", 6.0, 12.5, "%", None, None, 5, None, None)]),
    ("a of the b", MSC + "Four of the six had a partial response at 3 months.",
     [("partial_remission", "MSCT", 3.0, None, None, None, None, 4, 6, None)]),
    ("count without denominator", MSC + "Only 4 patients achieved complete remission.",
     [("complete_remission", "MSCT", None, None, "patients", None, None, 4, None, None)]),
    ("a duration is not a timepoint",
     MSC + "Only 3 patients achieved a complete response that lasted more than 6 weeks.",
     [("complete_remission", "MSCT", None, None, "patients", None, None, 3, None, None)]),
    ("day timepoint", MSC + "The overall response at day 28 was 64%.",
     [("response", "MSCT", 0.92, 64.0, "%", None, None, None, None, None)]),
    ("week timepoint", MSC + "At Week 24, 40% of patients were in remission.",
     [("response", "MSCT", 5.54, 40.0, "%", None, None, None, None, None)]),
    ("ordinal week", MSC + "The percentage of responders reached 70% at the eighth week.",
     [("response", "MSCT", 1.85, 70.0, "%", None, None, None, None, None)]),
    ("a timepoint a bracketed rate follows", MSC + "Two and three patients relapsed at 6 months (8%) and 12 months (12%), "
     "respectively.",
     [("relapse", "MSCT", 6.0, 8.0, "%", None, None, 2, None, None),
      ("relapse", "MSCT", 12.0, 12.0, "%", None, None, None, None, None)]),
    pytest.param("rates at the times before, respectively",
                 MSC + "Overall response reached 45% at day 28 and 55% at day 56. "
                 "The complete response rates at these two time points were 15% and 25%, respectively.",
                 [("response", "MSCT", 0.92, 45.0, "%", None, None, None, None, None),
                  ("response", "MSCT", 1.84, 55.0, "%", None, None, None, None, None),
                  ("complete_remission", "MSCT", 0.92, 15.0, "%", None, None, None, None, None),
                  ("complete_remission", "MSCT", 1.84, 25.0, "%", None, None, None, None, None)],
                 marks=pytest.mark.xfail(strict=True, reason="values referring back to the sentence before's times "
                                                              "('at these two time points ... respectively') get no "
                                                              "timepoints")),
    ("a score, from baseline to follow-up", MSC + "The mean EDSS decreased from 5.5 ± 1.0 to 4.5 ± 1.2 at 12 months.",
     [("other", "MSCT", 0.0, 5.5, "score", 1.0, None, None, None, None),
      ("other", "MSCT", 12.0, 4.5, "score", 1.2, None, None, None, None)]),
    ("x vs. y before and after in a single-arm study", MSC + "By month 6, the mean EDSS had improved (5.0 vs. 4.0, P = 0.03).",
     [("other", "MSCT", 0.0, 5.0, "score", None, None, None, None, None),
      ("other", "MSCT", 6.0, 4.0, "score", None, None, None, None, None)]),
    ("two arms, each number to its arm", TRIAL + "At 12 months, remission was 60% in the MSC group and 20% in the placebo group.",
     [("response", "MSCT", 12.0, 60.0, "%", None, None, None, None, "MSC"),
      ("response", None, 12.0, 20.0, "%", None, None, None, None, "placebo")]),
    ("x vs. y in a two-arm trial", TRIAL + "Remission was 55% in the MSC group and 25% in the placebo group. "
     "At 24 months, overall survival (90% vs. 70%) favoured MSC.",
     [("response", "MSCT", None, 55.0, "%", None, None, None, None, "MSC"),
      ("response", None, None, 25.0, "%", None, None, None, None, "placebo"),
      ("overall_survival", "MSCT", 24.0, 90.0, "%", None, None, None, None, "MSC"),
      ("overall_survival", None, 24.0, 70.0, "%", None, None, None, None, "placebo")]),
    ("arms listed, respectively", TRIAL + "Response rates for cohorts A, B and placebo were 40%, 30% and 10%, respectively, "
     "at month 3.",
     [("response", "MSCT", 3.0, 40.0, "%", None, None, None, None, "cohort A"),
      ("response", "MSCT", 3.0, 30.0, "%", None, None, None, None, "cohort B"),
      ("response", None, 3.0, 10.0, "%", None, None, None, None, "placebo")]),
    ("an arm's size", TRIAL + "Twenty patients in the MSC group received cells, while the control group (n = 18) "
     "stayed on standard care.",
     [("enrolled", "MSCT", None, 20.0, "patients", None, None, None, None, "MSC"),
      ("enrolled", None, None, 18.0, "patients", None, None, None, None, "control")]),
    ("an abbreviation the document defines", MSC + "The main outcome was the overall response (OR) at week 4. "
     "The OR was 65% (13/20).",
     [("response", "MSCT", None, 65.0, "%", None, None, 13, 20, None)]),
    ("the named primary endpoint", MSC + "The primary endpoint was a clinical response at 6 months. "
     "By 6 months, 38% of patients had met the primary endpoint.",
     [("response", "MSCT", 6.0, 38.0, "%", None, None, None, None, None)]),
    ("a measure in a relative clause is not the measure", MSC + "Survival at day 100 was higher in patients who achieved "
     "a response (80% versus 40%).",
     [("overall_survival", "MSCT", 3.29, 80.0, "%", None, None, None, None, None),
      ("overall_survival", "MSCT", 3.29, 40.0, "%", None, None, None, None, None)]),
    ("a label glued to the sentence before", "Stem cells in lupus (SLE).Results: Twenty mesenchymal stem cell patients were "
     "enrolled.", [("enrolled", "MSCT", None, 20.0, "patients", None, None, None, None, None)]),
    ("MEDLINE tags on the abstract's line", "PMID- 123 OWN - NLM DP - 2019 TI - Mesenchymal stem cells in lupus. PG - 10-20 "
     "AB - Twelve patients were enrolled. FAU - Doe, J",
     [("enrolled", "MSCT", None, 12.0, "patients", None, None, None, None, None)]),
]


def _case(construction):
    """A construction's (text, expected) as a parameter with its name as the id, its marks kept."""
    marks = getattr(construction, "marks", ())
    name, *case = getattr(construction, "values", construction)
    return pytest.param(*case, id=name, marks=marks)


@pytest.mark.parametrize(("text", "expected"), [_case(c) for c in CONSTRUCTIONS])
def test_constructions(text, expected):
    assert [(*fields(f), f.arm) for f in read(text)] == expected


def test_confidence_interval_is_not_a_finding():
    (finding,) = read(MSC + "Overall survival at 3 years was 58.0% (95% CI: 41.3–72.9%).")
    assert (finding.measure, finding.value, finding.timepoint_months) == ("overall_survival", 58.0, 36.0)
    assert (finding.ci_low, finding.ci_high) == (41.3, 72.9)


@pytest.mark.xfail(strict=True, reason="in a pooling sentence the count of cohorts before the count of patients "
                                       "('9 cohorts with 612 patients') is taken as the enrolment")
def test_meta_analysis_pooled_rate_with_its_ci():
    text = ("A meta-analysis of autologous HSCT in systemic sclerosis. Data from 9 cohorts with 612 patients were pooled. "
            "Across the cohorts, TRM was 5.8% (95% confidence interval [CI] 3.9%–8.4%).")
    assert design(text) == "meta-analysis"
    got = [(f.measure, f.value, f.ci_low, f.ci_high, f.disease) for f in
           FindingExtractor("d" * 64, "doc.txt", disease="SSc", design=design(text)).extract(text, sentences(text))]
    assert got == [("enrolled", 612.0, None, None, "SSc"), ("treatment_related_mortality", 5.8, 3.9, 8.4, "SSc")]


@pytest.mark.parametrize(("text", "expected"), [
    ("We randomly assigned 40 patients to MSC or placebo.", "rct"),
    ("A nonrandomized study with a control group receiving standard care.", "controlled"),
    ("In this single-arm, open-label phase 1/2 study, 18 patients were treated.", "single-arm"),
    ("A retrospective cohort study of 281 patients treated with AHSCT.", "cohort"),
    ("A systematic review of stem cell trials in lupus.", "review"),
    ("Mesenchymal stem cells were infused in 12 patients.", None),
])
def test_design(text, expected):
    assert design(text) == expected


def test_sentence_with_numbers_but_no_finding_is_a_reject():
    text = MSC + "Cells were expanded for 3 passages in 8 hospitals before 2 infusions were given."
    reader = FindingExtractor("d" * 64, "doc.txt")
    assert reader.extract(text, sentences(text)) == []
    assert [r.stage for r in reader.rejects] == ["findings"]


NOT_FINDINGS = [
    MSC + "Response was defined as a 50% reduction in proteinuria.",
    MSC + "The primary endpoint was complete remission, with a 25% decrease in SLEDAI counted as a response.",
    MSC + "Infusions were given on days 1, 8 and 15 to patients aged between 20 and 60 years.",
    MSC + "SLEDAI scores fell at 1, 3, 6 and 24 months.",
    "Previous studies reported remission in 45% of patients given mesenchymal stem cells.",
    "In fact, roughly a third of people with SLE develop kidney disease (nephritis).",
    "Lupus nephritis affects up to 60% of patients with SLE worldwide.",
    MSC + "From 11 March 2007 to 4 November 2008, the study ran.",
    MSC + "A total of 13 patients have been followed for more than 12 months.",
    MSC + "Improvement in glomerular filtration rate was noted in two patients.",
    MSC + "Allogenic MSCs were administered intravenously (one million cells per kilogram of bodyweight).",
    MSC + "The 95% CI was wide and p < 0.05.",
    MSC + "16 patients had no clinical response.",
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_findings(text, expected):
    assert [fields(f) for f in read(text)] == expected


@pytest.mark.parametrize("text", NOT_FINDINGS)
def test_not_findings(text):
    assert read(text) == []


def test_evidence_span_is_the_sentence():
    text = MSC + "Rates of relapse were 12% (10/83) at 1 year. Nothing else."
    (finding,) = read(text)
    assert text[finding.char_start:finding.char_end] == "Rates of relapse were 12% (10/83) at 1 year."
    assert finding.evidence_text == "Rates of relapse were 12% (10/83) at 1 year."


def test_restated_figure_is_one_finding():
    text = MSC + "A total of 15 patients underwent MSCT. Then 15 patients were enrolled and underwent MSCT."
    assert [f.value for f in read(text)] == [15.0]


def fixture_findings(name):
    from extractors.extract import extract
    from extractors.readers import read

    from .conftest import FIXTURES

    return [fields(f) for f in extract(read(FIXTURES / name, name)).findings]


def test_structured_msct_abstract():
    got = fixture_findings("structured_abstract_msct.txt")
    assert ("enrolled", "MSCT", None, 32.0, "patients", None, None, None, None) in got
    assert ("overall_survival", "MSCT", 12.0, 93.8, "%", None, None, 30, 32) in got
    # "Eleven patients achieved major clinical response (MCR, 34.4%)": one finding, its N from the enrolment
    assert ("response", "MSCT", 12.0, 34.4, "%", None, None, 11, 32) in got
    assert ("partial_remission", "MSCT", 12.0, 28.1, "%", None, None, 9, 32) in got
    assert ("serum_albumin", "MSCT", 0.0, 26.9, "g/L", 5.4, None, None, None) in got
    assert not [f for f in got if f[0] == "response" and f[4] == "patients"]


def test_structured_hsct_abstract():
    got = fixture_findings("structured_abstract_hsct.txt")
    assert got[:1] == [("enrolled", "HSCT", None, 96.0, "patients", None, None, None, None)]  # not the 2.8 million
    assert ("disease_free_survival", "HSCT", 36.0, 88.0, "%", None, None, None, None) in got
    assert ("treatment_related_mortality", "HSCT", None, 0.0, "%", None, None, None, None) in got
    assert not [f for f in got if f[0] == "relapse" and f[3] == 96.0]
