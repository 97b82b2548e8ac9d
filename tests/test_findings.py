import pytest

from extractors.findings import FindingExtractor, sentences

MSC = "Allogeneic mesenchymal stem cell transplantation (MSCT) was given to patients with refractory SLE. "


def read(text: str):
    return FindingExtractor("d" * 64, "doc.txt").extract(text, sentences(text))


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
    (MSC + "Three patients died during follow-up.", [("mortality", "MSCT", None, 3.0, "patients", None, None, None, None)]),
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
    ("Autologous stem cell transplantation was performed in systemic sclerosis. The 5-year overall survival was 80%.",
     [("overall_survival", None, 60.0, 80.0, "%", None, None, None, None)]),  # stem cells of no named kind
    (MSC + "Eight of 18 patients (44.4%) achieved complete renal remission at 12 months, compared with 3 of 12 "
     "(25%) in the placebo group.",
     [("complete_remission", "MSCT", 12.0, 44.4, "%", None, None, 8, 18)]),  # the control arm is not MSCT's
    (MSC + "Proteinuria decreased from 3.2 ± 1.1 g/24 h at baseline to 1.1 ± 0.8 g/24 h at 6 months. eGFR rose.",
     [("proteinuria", "MSCT", 0.0, 3.2, "g/24h", 1.1, None, None, None),
      ("proteinuria", "MSCT", 6.0, 1.1, "g/24h", 0.8, None, None, None)]),
    (MSC + "The median follow-up was 24 months.", [("follow_up", "MSCT", None, 24.0, "months", None, None, None, None)]),
]

NOT_FINDINGS = [
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
    assert ("enrolled", "MSCT", None, 40.0, "patients", None, None, None, None) in got
    assert ("overall_survival", "MSCT", 12.0, 92.5, "%", None, None, 37, 40) in got
    # "Thirteen patients achieved major clinical response (MCR, 32.5%)": one finding, its N from the enrolment
    assert ("response", "MSCT", 12.0, 32.5, "%", None, None, 13, 40) in got
    assert ("partial_remission", "MSCT", 12.0, 27.5, "%", None, None, 11, 40) in got
    assert ("serum_albumin", "MSCT", 0.0, 28.5, "g/L", 6.2, None, None, None) in got
    assert not [f for f in got if f[0] == "response" and f[4] == "patients"]


def test_structured_hsct_abstract():
    got = fixture_findings("structured_abstract_hsct.txt")
    assert got[:1] == [("enrolled", "HSCT", None, 110.0, "patients", None, None, None, None)]  # not the 2 million
    assert ("disease_free_survival", "HSCT", 36.0, 90.0, "%", None, None, None, None) in got
    assert ("treatment_related_mortality", "HSCT", None, 0.0, "%", None, None, None, None) in got
    assert not [f for f in got if f[0] == "relapse" and f[3] == 110.0]
