"""Findings the prose states that were lost (issue 20, classes 3-5, and what the round after it found):
per-arm results of a two-arm trial, series, follow-up, counts in words and per group, words a line
break split. Every sentence here is the project's own."""

import pytest

from extractors.findings import readable

from .conftest import FIXTURES
from .prose_reading import after

TWO_ARMS = "Ninety patients with Crohn's disease were randomized to the MSC group or to the placebo group. "
TWO_ARMS_UNNAMED = "In this randomized controlled trial, patients with Crohn's disease received MSCs or placebo. "
SINGLE = "Umbilical cord mesenchymal stem cells were infused in patients with refractory lupus nephritis. "
MS = "Autologous haematopoietic stem cell transplantation was offered to patients with multiple sclerosis. "


# -- 1. per-arm results of a two-arm trial: each value its arm, the control arm no intervention --------

@pytest.mark.parametrize("text", [
    "At week 24, clinical remission was seen in 55% (MSC) and 15% (placebo).",
    "At week 24, clinical remission differed (MSC 55%, placebo 15%).",
    "At week 24, clinical remission, MSC vs placebo: 55% vs 15%.",
    "At week 24, the MSC group had a clinical remission rate of 55%, compared with 15% in controls.",
    "At week 24, clinical remission was reached by 12/22 (55%) vs 3/20 (15%) patients.",
    "At week 24, clinical remission occurred in 12 of 22 patients (55%) receiving MSCs and 3 of 20 (15%) receiving placebo.",
    "Clinical remission at week 24: MSC 55% vs placebo 15%.",
])
def test_per_arm_values_each_take_their_arm(text):
    found = [(f.measure, f.value, f.timepoint_months, f.intervention) for f in after(TWO_ARMS, text)]
    assert found == [("response", 55.0, 5.54, "MSCT"), ("response", 15.0, 5.54, None)]


def test_arms_named_only_beside_a_p_value_place_no_value():
    found = after(TWO_ARMS, "In the placebo group, the CDAI was 290 at baseline and 265 at 12 months (p < 0.05, MSC vs placebo).")
    assert [(f.value, f.arm, f.intervention) for f in found] == [(290.0, "placebo", None), (265.0, "placebo", None)]


def test_per_arm_values_need_no_group_word_when_the_trial_names_its_arms_by_therapy():
    found = after(TWO_ARMS_UNNAMED, "At week 24, clinical remission was seen in 55% (MSCs) and 15% (placebo).")
    assert [(f.value, f.intervention) for f in found] == [(55.0, "MSCT"), (15.0, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The CDAI fell by week 24 (MSC −118, placebo −41).", [(-118.0, None, "MSCT"), (-41.0, None, None)]),
    ("At week 24 the CDAI changed by −118 with MSC and −41 with placebo.", [(-118.0, None, "MSCT"), (-41.0, None, None)]),
])
def test_per_arm_changes_in_a_list_keep_their_sign_and_arm(text, expected):
    found = after(TWO_ARMS, text)
    assert [(f.value, f.sd, f.intervention) for f in found] == expected
    assert {f.value_kind for f in found} == {"change"}


def test_per_arm_percentage_changes_keep_their_unit():
    opening = "Fifty patients with type 1 diabetes were randomized to UC-MSCs or placebo. "
    found = after(opening, "HbA1c fell at 12 months (MSC −1.1%, placebo −0.4%).")
    assert [(f.value, f.unit, f.intervention, f.value_kind) for f in found] == [(-1.1, "%", "MSCT", "change"),
                                                                                (-0.4, "%", None, "change")]


# -- 2. series: values at several times, per group, and values before their measure ----------------------

def test_one_series_per_arm_each_value_its_arm_and_time():
    found = after(TWO_ARMS, "Remission rates at weeks 12 and 24 were 31% and 47% in the MSC group and 12% and 18% "
                            "in the placebo group.")
    assert [(f.value, f.timepoint_months, f.intervention) for f in found] == [
        (31.0, 2.77, "MSCT"), (47.0, 5.54, "MSCT"), (12.0, 2.77, None), (18.0, 5.54, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Progression-free survival was 92% at 1 year, 84% at 2 years and 71% at 3 years.",
     [(92.0, 12.0), (84.0, 24.0), (71.0, 36.0)]),
    ("Progression-free survival at 1, 2 and 3 years was 92%, 84% and 71%.", [(92.0, 12.0), (84.0, 24.0), (71.0, 36.0)]),
    ("The 1-, 3- and 5-year progression-free survival rates were 92%, 84% and 71%.",
     [(92.0, 12.0), (84.0, 36.0), (71.0, 60.0)]),
    ("Progression-free survival at months 6, 12 and 24 was 92%, 84% and 71%.", [(92.0, 6.0), (84.0, 12.0), (71.0, 24.0)]),
    ("In all, 92%, 84% and 71% of patients were free of progression at 1, 3 and 5 years.",
     [(92.0, 12.0), (84.0, 36.0), (71.0, 60.0)]),
    ("Rates free from relapse at 2 and 5 years were 88% and 75% in RRMS and 61% and 44% in SPMS.",
     [(88.0, 24.0), (75.0, 60.0), (61.0, 24.0), (44.0, 60.0)]),
])
def test_a_series_gives_each_value_its_time(text, expected):
    found = after(MS, text)
    assert {f.measure for f in found} == {"disease_free_survival"}
    assert [(f.value, f.timepoint_months) for f in found] == expected


# -- 3. follow-up, however it is phrased: its median or mean with its unit --------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("No patient relapsed during the 38-month median follow-up.", (38.0, "months")),
    ("Patients were followed for a median of 34 months (range 10–58).", (34.0, "months")),
    ("Patients were followed up for a mean of 2.5 years.", (2.5, "years")),
    ("Patients were followed for 4–40 months (median = 14).", (14.0, "months")),
    ("Patients were followed for 6–50 months (median, 21).", (21.0, "months")),
    ("The median follow-up of survivors was 29 months (range, 3-110 months).", (29.0, "months")),
    ("After a median follow-up of 3.8 years, progression-free survival was 80%.", (3.8, "years")),
    ("Median follow-up: 27 months.", (27.0, "months")),
    ("The mean duration of follow-up after HSCT was 24 (1-70) months.", (24.0, "months")),
    ("At a median of 58 months of follow-up, 70% were free of progression.", (58.0, "months")),
])
def test_follow_up_is_its_median_or_mean_with_its_unit(text, expected):
    found = [(f.value, f.unit) for f in after(MS, text) if f.measure == "follow_up"]
    assert found == [expected]


@pytest.mark.parametrize("text", [
    "At 1-year follow-up, 40% of patients were in remission.",
    "Remission was seen in 35% of patients during 12 months of follow-up.",
    "During the 4-year follow-up, three patients relapsed.",
])
def test_a_time_of_follow_up_is_a_timepoint_not_the_follow_up(text):
    assert [f for f in after(SINGLE, text) if f.measure == "follow_up"] == []


# -- 4. counts in words, per group -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Twenty-two patients received umbilical cord MSCs.", [("enrolled", 22.0, None, None)]),
    ("Of the nineteen patients, eleven responded.", [("response", None, 11, 19)]),
    ("Of the 19 patients treated, 11 achieved a renal response at 12 months.", [("response", None, 11, 19)]),
    ("We report 341 patients with lupus who underwent HCT in 50 centres.", [("enrolled", 341.0, None, None)]),
    ("Data were gathered on 57 patients treated by ASCT in 20 centres.", [("enrolled", 57.0, None, None)]),
    ("A total of 604 consecutive patients were transplanted.", [("enrolled", 604.0, None, None)]),
])
def test_counts_in_words_and_of_a_whole(text, expected):
    assert [(f.measure, f.value, f.numerator, f.denominator) for f in after(SINGLE, text)] == expected


def test_a_count_that_did_something_else_is_no_enrolment():
    assert after(SINGLE, "Two patients who received a second infusion developed a transient fever.") == []


@pytest.mark.parametrize("text", [
    "We randomly assigned 44 patients to MSC and 46 to placebo.",
    "We randomly assigned 44 patients to receive MSCs and 46 to receive placebo.",
    "Forty-four patients were randomized to MSC and forty-six to placebo.",
])
def test_enrolment_per_arm(text):
    found = [(f.measure, f.value, f.intervention) for f in after(TWO_ARMS, text)]
    assert found == [("enrolled", 44.0, "MSCT"), ("enrolled", 46.0, None)]


def test_a_count_before_both_arms_is_the_whole_trial():
    found = after(SINGLE, "In a second trial, 60 patients were randomized to MSCs or placebo.")
    assert [(f.measure, f.value, f.arm) for f in found] == [("enrolled", 60.0, None)]


# -- 5. a word a line break split with a hyphen -------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Two pa-\ntients died", "Two patients died"),
    ("complete re-\nmission", "complete remission"),
    ("the follow-\nup", "the follow-up"),  # a compound keeps its hyphen
    ("a six-\nmonth course", "a six-month course"),
    ("no break here", "no break here"),
])
def test_a_word_split_at_a_line_end_reads_whole(text, expected):
    assert readable(text) == expected


def test_a_split_word_gives_its_finding_and_the_span_is_the_documents():
    text = SINGLE + "Two pa-\ntients died after the second infusion, one from sepsis."
    (finding,) = after(SINGLE, text[len(SINGLE):])
    assert (finding.measure, finding.numerator) == ("mortality", 2)
    assert text[finding.char_start:finding.char_end] == finding.evidence_text
    assert "pa-\ntients" in finding.evidence_text


def test_a_scraped_abstract_with_split_words_gives_its_findings():
    from extractors.extract import extract
    from extractors.readers import read as read_file

    name = "prose2_words_split_at_line_ends.txt"
    found = [(f.measure, f.value, f.numerator) for f in extract(read_file(FIXTURES / name, name)).findings]
    assert ("enrolled", 36.0, None) in found
    assert ("mortality", None, 2) in found
    assert ("complete_remission", 42.0, 15) in found
