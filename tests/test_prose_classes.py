"""Findings from prose, one phrasing class at a time (issue 20): what a value is (a level, a change
from baseline, a survival estimate), the time and subgroup it is stated for, and the rules that must
not drop or misread a result. Every sentence here is the project's own."""

import pytest

from extractors.metadata import design
from extractors.sections import find_sections

from .conftest import FIXTURES
from .prose_reading import after

LUPUS = "Umbilical cord mesenchymal stem cells were infused in twenty patients with refractory lupus nephritis. "
TWO_ARMS = "Forty patients with Crohn's disease were randomized to the MSC group or to the placebo group. "


def extract_fixture(name: str):
    from extractors.extract import extract
    from extractors.readers import read as read_file

    return extract(read_file(FIXTURES / name, name))


# -- 1. what a value is, and when and for whom -------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The overall response at day 28 was 64%.", [(0.92, "at day 28")]),
    ("By Week 24, 40% of patients were in remission.", [(5.54, "By Week 24")]),
    ("The SLEDAI score fell from 11.0 ± 3.1 at baseline to 5.2 ± 2.0 after 6 months.",
     [(0.0, "at baseline"), (6.0, "after 6 months")]),
    ("Relapse-free survival was 90% and 70% at 1 and 3 years, respectively.", [(12.0, "1 years"), (36.0, "3 years")]),
    ("Remission was seen in 35% of patients by the third month.", [(3.0, "by the third month")]),  # no "a third"
    ("Complete remission was seen in 30% of patients.", [(None, None)]),
])
def test_a_timepoint_keeps_its_words(text, expected):
    assert [(f.timepoint_months, f.timepoint_text) for f in after(LUPUS, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a fall stated "by" is a change, negative, at the time it is stated for ("from baseline" is no time)
    ("At 12 months, the SLEDAI score had decreased by 7.3 ± 3.9 from baseline.", [("sledai", -7.3, 3.9, 12.0, "change")]),
    ("The mean change in SLEDAI from baseline to month 6 was −4.1.", [("sledai", -4.1, None, 6.0, "change")]),
    ("At 6 months the SLEDAI score showed a mean reduction of 2.6 points.", [("sledai", -2.6, None, 6.0, "change")]),
    ("The eGFR increased by 8.5 ± 6.0 at 12 months.", [("gfr", 8.5, 6.0, 12.0, "change")]),
    # values listed after the change words are changes too; levels stay levels
    ("At 12 months, SLEDAI and BILAG scores had dropped by 5.5 ± 2.0 and 4.0 ± 1.5, respectively.",
     [("sledai", -5.5, 2.0, 12.0, "change"), ("other", -4.0, 1.5, 12.0, "change")]),
    ("The SLEDAI score fell from 12.4 ± 3.3 to 6.0 ± 2.9 at 12 months.",
     [("sledai", 12.4, 3.3, 0.0, "level"), ("sledai", 6.0, 2.9, 12.0, "level")]),
])
def test_a_stated_change_is_a_change_never_a_level(text, expected):
    assert [(f.measure, f.value, f.sd, f.timepoint_months, f.value_kind) for f in after(LUPUS, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The estimated 3-year event-free survival was 81% ± 7%.", ("disease_free_survival", 81.0, 7.0, 36.0, "estimate")),
    ("The Kaplan-Meier overall survival at 2 years was 92%.", ("overall_survival", 92.0, None, 24.0, "estimate")),
    ("The cumulative incidence of relapse at 5 years was 24%.", ("relapse", 24.0, None, 60.0, "estimate")),
    ("Overall survival at 5 years was 88% ± 5%.", ("overall_survival", 88.0, 5.0, 60.0, "estimate")),
    ("Complete remission was reached by 45% of patients at 12 months.", ("complete_remission", 45.0, None, 12.0, "level")),
])
def test_a_survival_or_cumulative_estimate_keeps_its_standard_error(text, expected):
    (finding,) = after(LUPUS, text)
    assert (finding.measure, finding.value, finding.sd, finding.timepoint_months, finding.value_kind) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Disease flares occurred in 4 of the 11 responders.", ("relapse", 4, 11, "responders")),
    ("Among evaluable patients, 70% had a renal response at 12 months.", ("response", None, None, "evaluable")),
    ("Renal response was seen in 12/16 (75%) evaluable patients.", ("response", 12, 16, "evaluable")),
    ("Of those who achieved complete remission, 20% relapsed within 2 years.",
     ("relapse", None, None, "patients who achieved complete remission")),
    ("The proportion of responders was 55% at 6 months.", ("response", None, None, None)),  # a rate of them: the measure
    ("Complete remission was achieved in 6 of 20 patients.", ("complete_remission", 6, 20, None)),
])
def test_a_subgroup_denominator_names_its_population(text, expected):
    (finding,) = after(LUPUS, text)
    assert (finding.measure, finding.numerator, finding.denominator, finding.population) == expected


# -- 2. rules that must not drop or misread a result ---------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("The cumulative incidence of relapse was 15% at 2 years.", [("relapse", 15.0)]),
    ("The estimated 2-year overall survival was 94%.", [("overall_survival", 94.0)]),
    ("Complete remission was reached by roughly 40% of patients.", [("complete_remission", 40.0)]),
    ("The infusion affects neither survival nor relapse, which occurred in 10% of patients.", [("relapse", 10.0)]),
    # background stays background: the disease in the population, other studies
    ("Lupus nephritis has a prevalence of 30 per 100 000, and remission is seen in 30%.", []),
    ("Lupus nephritis affects about 40% of patients with lupus.", []),
    ("It is estimated that relapse occurs in 35% of patients after standard therapy.", []),
])
def test_results_words_do_not_make_a_sentence_background(text, expected):
    assert [(f.measure, f.value) for f in after(LUPUS, text)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Clinical remission, defined as a SLEDAI below 4, was achieved in 9 of 20 patients (45%).", [(45.0, 9, 20)]),
    ("Remission (defined as a SLEDAI below 4) was achieved in 9 of 20 patients (45%).", [(45.0, 9, 20)]),
    ("Response was defined as a fall in proteinuria of 50% or more.", []),
])
def test_a_definition_clause_ends_where_the_sentence_goes_on(text, expected):
    assert [(f.value, f.numerator, f.denominator) for f in after(LUPUS, text)] == expected


def test_a_results_subsection_on_the_patients_stays_results():
    found = [(f.measure, f.value, f.section) for f in extract_fixture("prose_results_patients_subsection.txt").findings]
    assert ("response", 62.5, "results") in found
    assert ("enrolled", 24.0, "results") in found


@pytest.mark.parametrize("heading", ["Patients", "Study population", "Participants"])
def test_an_unnumbered_patients_heading_after_results_stays_results(heading):
    lines = ["Results", heading, "Eighteen patients were treated and all were followed for the full year of the study.",
             "Discussion", "These are the first results of the kind in this disease and they are encouraging indeed."]
    assert [s.kind for s in find_sections(lines)] == ["results", "results", "discussion"]


def test_a_methods_heading_before_results_stays_methods():
    lines = ["Methods", "Patients", "Eighteen patients with lupus were included between the spring and the autumn.",
             "Results", "Remission was seen in twelve of the eighteen patients treated with the cells at one year."]
    assert [s.kind for s in find_sections(lines)] == ["methods", "methods", "results"]


def test_a_respectively_list_its_measures_took_is_not_paired_with_the_arms_too():
    found = after(TWO_ARMS, "At week 24, CR and PR rates were 35% and 30%, respectively.")
    assert [(f.measure, f.value, f.arm) for f in found] == [("complete_remission", 35.0, None),
                                                            ("partial_remission", 30.0, None)]


def test_a_respectively_list_of_arms_still_pairs_with_the_arms():
    found = after(TWO_ARMS, "At week 24, remission rates were 35% and 10% in the MSC and placebo groups, respectively.")
    assert [(f.value, f.arm, f.intervention) for f in found] == [(35.0, "MSC", "MSCT"), (10.0, "placebo", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("A total of 2016 patients were enrolled.", [2016.0]),
    ("In 2016, 35 patients were enrolled.", [35.0]),
    ("Between 2012 and 2016 patients were recruited at two centres.", []),
])
def test_a_number_of_patients_is_no_year(text, expected):
    assert [f.value for f in after(LUPUS, text) if f.measure == "enrolled"] == expected


@pytest.mark.parametrize("opening", ["Between", "between", "BETWEEN"])
def test_a_range_of_months_is_no_list_of_timepoints_in_any_case(opening):
    found = after(TWO_ARMS, f"At visits {opening} 6 and 12 months, CR and PR rates were 20% and 30%, respectively.")
    assert [(f.measure, f.timepoint_months) for f in found] == [("complete_remission", 12.0), ("partial_remission", 12.0)]


# -- 3. negation and vague quantities --------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("No serious adverse events were seen; three patients had a transient headache.", [("serious_adverse_events", 0.0, None)]),
    ("Serious adverse events did not occur, and two patients reported mild nausea.", [("serious_adverse_events", 0.0, None)]),
    ("No patient died.", [("mortality", 0.0, None)]),
    ("None of the 20 patients relapsed.", [("relapse", None, 0)]),
    ("Five patients had no clinical response.", []),  # a count of those without it, not of responses
])
def test_a_denied_event_is_none_and_takes_no_other_number(text, expected):
    assert [(f.measure, f.value, f.numerator) for f in after(LUPUS, text)] == expected


@pytest.mark.parametrize("text", [
    "Renal response was achieved in more than two thirds of the 20 patients.",
    "Most of the 20 patients reached remission.",
    "About half of the 20 patients reached remission.",
    "The majority of the 20 patients reached remission.",
    "One in three patients relapsed.",
])
def test_a_vague_quantity_gives_no_count(text):
    assert after(LUPUS, text) == []


# -- 4. units as stated ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Proteinuria fell from 3.4 to 0.9 g/24h at 12 months.", [(3.4, "g/24h"), (0.9, "g/24h")]),
    ("Proteinuria (g/24 h) fell from 3.4 ± 1.0 to 0.9 ± 0.6 at 12 months.", [(3.4, "g/24h"), (0.9, "g/24h")]),
    ("24-h proteinuria fell from 2900 ± 800 to 700 ± 400 mg/24 h.", [(2900.0, "mg/24h"), (700.0, "mg/24h")]),
    ("Proteinuria fell from 3.4 ± 1.0 to 0.9 ± 0.6 at 12 months.", [(3.4, None), (0.9, None)]),  # none stated, none given
    ("The SLEDAI score fell from 10.2 ± 2.5 to 4.4 ± 2.0 at 12 months.", [(10.2, "score"), (4.4, "score")]),
])
def test_a_unit_is_the_one_stated(text, expected):
    assert [(f.value, f.unit) for f in after(LUPUS, text)] == expected


# -- 5. a number in words in the methods ----------------------------------------------------------

def test_a_number_in_words_in_the_methods_leaves_the_findings():
    found = [(f.measure, f.value, f.timepoint_months) for f in extract_fixture("prose_number_word_in_methods.txt").findings]
    assert found == [("response", 58.0, 5.54), ("response", 33.0, 5.54), ("response", 12.0, 5.54)]


# -- 6. design ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Eighteen patients received MSCs in a single-arm trial. Larger randomized controlled trials are needed.", "single-arm"),
    ("Twelve patients were treated with MSCs in an open-label study. A randomised trial should now follow.", "single-arm"),
    ("Unlike earlier randomized trials, no control group was used; all 15 patients received MSCs.", "single-arm"),
    ("Thirty patients with poorly controlled lupus received MSCs.", None),
    ("Forty patients were randomly assigned to MSCs or placebo.", "rct"),
    ("A placebo-controlled study of MSCs in 30 patients.", "controlled"),
])
def test_only_a_comparison_the_study_makes_is_its_design(text, expected):
    assert design(text) == expected


# -- a count whose bracket breaks it down; patients alive ---------------------------------------

GVHD = "Mesenchymal stem cells were infused in twenty patients with steroid-refractory acute GVHD. "


@pytest.mark.parametrize(("text", "expected"), [
    # the bracket's "CR" and "PR" name its parts, not the count before it
    ("At 24 weeks, 12 patients (9 with CR and 3 with PR) were alive.", [("overall_survival", 12, 5.54)]),
    ("At one year, 15 patients remained alive.", [("overall_survival", 15, 12.0)]),
    ("At 24 weeks, 9 patients were in CR.", [("complete_remission", 9, 5.54)]),
])
def test_a_count_takes_the_measure_of_its_clause_not_of_the_bracket_that_breaks_it_down(text, expected):
    assert [(f.measure, f.numerator, f.timepoint_months) for f in after(GVHD, text)] == expected


# -- an outcome no vocabulary names, reported as a series from baseline --------------------------

CIDP = "Autologous haematopoietic stem cell transplantation was given to thirty patients with refractory CIDP. "


def test_an_unnamed_outcome_series_from_baseline_gives_other_findings_at_their_times():
    found = after(CIDP, "Walking without aid improved from 40% before transplantation to 75%, 80% and 85% at 1, 2 "
                        "and 3 years, respectively.")
    assert [(f.measure, f.measure_text, f.value, f.timepoint_months) for f in found] == [
        ("other", "Walking without aid", 40.0, 0.0), ("other", "Walking without aid", 75.0, 12.0),
        ("other", "Walking without aid", 80.0, 24.0), ("other", "Walking without aid", 85.0, 36.0)]


def test_a_series_of_numbers_pairs_with_its_listed_times():
    found = after(CIDP, "Mean motor amplitude (mV) rose significantly (p < 0.01) from 3.1 before transplantation to "
                        "4.2, 4.6 and 4.9 at 1, 2 and 3 years, respectively.")
    assert [(f.measure, f.value, f.timepoint_months) for f in found if f.timepoint_months] == [
        ("other", 4.2, 12.0), ("other", 4.6, 24.0), ("other", 4.9, 36.0)]


def test_a_known_measure_keeps_its_name_in_a_series():
    found = after(CIDP, "Overall survival improved from 80% to 90% and 95% at 1 and 2 years, respectively.")
    assert {f.measure for f in found} == {"overall_survival"}


@pytest.mark.parametrize("sign", ["˃", "＞", ">"])
def test_a_p_value_with_a_look_alike_sign_is_no_value(sign):
    found = after(LUPUS, f"The SLEDAI score fell from 10.2 ± 2.1 to 6.3 ± 1.8 at 12 months (p{sign}0.05).")
    assert [f.value for f in found] == [10.2, 6.3]


@pytest.mark.parametrize("bracket", ["(range, 7 to 25)", "(IQR, 7 to 25)", "(interquartile range 7–25)", "(range 7-25)"])
def test_the_range_bracket_after_a_median_gives_no_values(bracket):
    found = after(LUPUS, f"Platelet counts recovered by 11 {bracket} days after infusion.")
    assert [f.value for f in found] == [11.0]


# -- session 25: definitions without a comma, groups, events by their noun, thresholds, signs ----------------

HSCT_SSC = "Twenty-four patients with diffuse systemic sclerosis underwent autologous HSCT. "


def test_a_definition_ends_where_the_sentences_verb_states_a_number():
    found = after(HSCT_SSC, "Remission defined as no immunosuppressive drugs and 5 mg or less of prednisone a day was 90% "
                            "at 1 year and 75% at 2 years.")
    assert [(f.measure, f.value, f.timepoint_months) for f in found] == [("response", 90.0, 12.0), ("response", 75.0, 24.0)]


@pytest.mark.parametrize("opening", ["For the 18 patients given the second regimen,", "Among all 18 patients,",
                                     "Of the 18 patients treated with HSCT,"])
def test_the_group_a_clause_opens_with_is_no_result(opening):
    found = after(HSCT_SSC, f"{opening} remission was 80% at 1 year.")
    assert [(f.measure, f.value, f.numerator) for f in found] == [("response", 80.0, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("There were no treatment-related deaths.", ("treatment_related_mortality", 0.0, None)),
    ("There were 4 deaths during follow-up.", ("mortality", None, 4)),
    ("Two relapses occurred after the first year.", ("relapse", None, 2)),
])
def test_events_counted_by_their_noun_are_counts(text, expected):
    assert [(f.measure, f.value, f.numerator) for f in after(HSCT_SSC, text)] == [expected]


@pytest.mark.parametrize("verb", ["entered", "achieved", "attained"])
def test_none_of_a_group_is_a_count_of_none(verb):
    found = after(HSCT_SSC, f"Of the six patients given the first regimen, none {verb} remission.")
    assert [(f.measure, f.value) for f in found] == [("response", 0.0)]


def test_a_length_of_time_as_a_condition_is_no_timepoint():
    found = after(HSCT_SSC, "Fifteen of 20 (75%) evaluable patients who survived at least 1 year after HSCT had "
                            "sustained responses.")
    assert [(f.measure, f.value, f.numerator, f.denominator, f.timepoint_months) for f in found] == [
        ("response", 75.0, 15, 20, None)]


def test_a_written_minus_sign_is_kept_without_words_of_change():
    found = after(HSCT_SSC, "Skin thickening (modified Rodnan skin score, −18.5; P < .001) and function (Health "
                            "Assessment Questionnaire, −0.9; P < .01) were better at the last visit.")
    assert [f.value for f in found] == [-18.5, -0.9]


def test_a_study_conducted_in_patients_enrolled_them():
    found = after("", "A single-arm study of autologous haematopoietic stem cell transplantation was conducted in "
                      "28 patients with systemic sclerosis.")
    assert [(f.measure, f.value) for f in found] == [("enrolled", 28.0)]


def test_counts_inside_the_clause_describing_the_subject_leave_it_its_verb():
    found = after("", "Mesenchymal stem cells were given for steroid-refractory acute GVHD. Twelve patients who had "
                      "grade II (7 patients) or grade III GVHD (5) were treated.")
    assert [(f.measure, f.value) for f in found] == [("enrolled", 12.0)]


def test_a_bracket_counting_an_abbreviated_outcome_is_its_count():
    found = after(GVHD, "By day 28, 15 of 20 patients (75%) responded, with a complete response (CR; n = 9) or a "
                        "partial response (PR; n = 6).")
    assert [(f.measure, f.value, f.numerator) for f in found] == [
        ("response", 75.0, 15), ("complete_remission", None, 9), ("partial_remission", None, 6)]


def test_a_count_of_the_whole_before_a_rate_is_its_fraction():
    found = after(HSCT_SSC, "Nine of the 24 patients (38%) reached a partial response (ranging from 40% to 60% "
                            "improvement) with a follow-up of 12 to 48 months.")
    assert [(f.measure, f.value, f.numerator, f.denominator, f.timepoint_months) for f in found] == [
        ("partial_remission", 38.0, 9, 24, None)]


MS_HSCT = "Autologous haematopoietic stem cell transplantation (HSCT) was given to patients with multiple sclerosis. "


def test_a_series_from_a_named_baseline_pairs_with_times_listed_with_an_oxford_comma():
    found = after(MS_HSCT, "The EDSS fell from a pre-transplant mean of 4.10 to 3.20, 3.10, 3.05, and 2.90 at 1, 2, 3, "
                           "and 4 years, respectively.")
    assert [(f.value, f.timepoint_months) for f in found] == [(4.1, 0.0), (3.2, 12.0), (3.1, 24.0), (3.05, 36.0),
                                                             (2.9, 48.0)]


def test_times_listed_with_commas_alone_pair_with_values_that_carry_p_values():
    found = after(MS_HSCT, "The mean baseline EDSS changed after HSCT to 5.10 (p = 0.03), 5.20 (p = 0.4), and 4.90 "
                           "(p = 0.2) at 1, 2, 3 years, respectively.")
    assert [(f.value, f.timepoint_months) for f in found] == [(5.1, 12.0), (5.2, 24.0), (4.9, 36.0)]


def test_each_respectively_clause_keeps_its_own_time():
    found = after(MS_HSCT, "Relapse-free survival at 3 years for RRMS and SPMS was 85% and 70%, respectively, while "
                           "progression-free survival at 5 years for RRMS and SPMS was 90% and 60%, respectively.")
    assert [(f.value, f.timepoint_months) for f in found] == [(85.0, 36.0), (70.0, 36.0), (90.0, 60.0), (60.0, 60.0)]


def test_subject_counts_joined_by_and_share_the_verb_after_them():
    found = after("", "Between 2005 and 2018, 210 patients with relapsing multiple sclerosis and 48 patients with newly "
                      "diagnosed progressive multiple sclerosis underwent autologous HSCT.")
    assert [(f.measure, f.value) for f in found] == [("enrolled", 210.0), ("enrolled", 48.0)]


T1D_HSCT = "Twenty patients with new-onset type 1 diabetes underwent autologous HSCT. "


def test_a_level_stated_in_percent_is_a_level_of_its_measure():
    found = after(T1D_HSCT, "HbA1c levels were 6.4%, 6.8% and 7.1% at 1, 2 and 3 years after transplantation.")
    assert [(f.measure, f.measure_text, f.value, f.unit, f.timepoint_months) for f in found] == [
        ("other", "HbA1c levels", 6.4, "%", 12.0), ("other", "HbA1c levels", 6.8, "%", 24.0),
        ("other", "HbA1c levels", 7.1, "%", 36.0)]


def test_arms_listed_after_respectively_take_the_values_in_turn():
    found = after(TWO_ARMS, "The clinical remission rates were 40% and 15%, respectively, in the MSC and placebo groups.")
    assert [(f.value, f.intervention is None) for f in found] == [(40.0, False), (15.0, True)]


def test_how_long_a_state_lasted_is_no_timepoint():
    found = after(T1D_HSCT, "Insulin independence was achieved in 14 patients, who stayed insulin-free for a mean of 28 months.")
    assert [(f.measure, f.numerator, f.timepoint_months) for f in found] == [("complete_remission", 14, None)]


def test_a_value_in_the_bracket_after_its_time_keeps_it_against_a_compared_baseline():
    found = after(T1D_HSCT, "C-peptide levels rose at 12 months (mean 2.1 ± 0.4 ng/mL) compared with baseline "
                            "(mean 0.9 ± 0.3 ng/mL).")
    assert [(f.value, f.timepoint_months) for f in found] == [(2.1, 12.0), (0.9, 0.0)]


def test_the_share_of_patients_an_unnamed_outcome_names_is_that_outcome():
    found = after(HSCT_SSC, "The proportion of patients free of skin progression was 70% at 3 years.")
    assert [(f.measure, f.measure_text, f.value, f.timepoint_months) for f in found] == [
        ("other", "free of skin progression", 70.0, 36.0)]


CROHN_MSC = "Adipose-derived mesenchymal stem cells were injected into complex perianal fistulas in Crohn's disease. "


def test_a_count_and_its_rate_after_a_time_are_no_list_of_times():
    found = after(CROHN_MSC, "Of 30 patients treated, 21 (70%) achieved combined remission at week 24, and 18 (60%) "
                             "remained in clinical remission at week 52.")
    assert [(f.value, f.numerator, f.timepoint_text) for f in found if f.measure != "enrolled"] == [
        (70.0, 21, "at week 24"), (60.0, 18, "at week 52")]


def test_the_probability_of_remaining_free_of_an_unnamed_event_is_that_outcome():
    found = after(CROHN_MSC, "The probability of remaining free of new fistulas was 80% ± 5% at 2 years.")
    assert [(f.measure, f.measure_text, f.value, f.sd, f.timepoint_months, f.value_kind) for f in found] == [
        ("other", "free of new fistulas", 80.0, 5.0, 24.0, "estimate")]


def test_a_count_that_leaves_its_noun_out_after_one_that_names_it():
    found = after(CROHN_MSC, "Clinical remission was reported in twenty patients at one year and in fourteen at three years.")
    assert [(f.numerator, f.timepoint_months) for f in found] == [(20, 12.0), (14, 36.0)]


def test_patients_we_analysed_are_enrolled():
    found = after(CROHN_MSC, "We analysed 64 patients registered after transplantation.")
    assert [(f.measure, f.value) for f in found] == [("enrolled", 64.0)]


def test_the_value_a_from_to_reached_takes_the_clauses_time_not_an_earlier_baseline():
    found = after(LUPUS, "At 12 months, the SLEDAI score had decreased by a mean of 6.1 ± 2.8 from baseline, and "
                         "proteinuria fell from 3.1 g/24h to 0.9 g/24h.")
    assert [(f.measure, f.value, f.unit, f.timepoint_months) for f in found] == [
        ("sledai", -6.1, "score", 12.0), ("proteinuria", 3.1, "g/24h", 0.0), ("proteinuria", 0.9, "g/24h", 12.0)]


@pytest.mark.parametrize(("text", "expected"), [
    ("We retrospectively reviewed 52 consecutive patients who underwent MSC infusion.", [("enrolled", 52.0)]),
    ("We treated 30 patients with lupus nephritis with umbilical cord MSCs.", [("enrolled", 30.0)]),
    ("Forty patients with lupus nephritis were given two infusions of MSCs.", [("enrolled", 40.0)]),
    ("Eight patients received a conditioning regimen of cyclophosphamide.", [("enrolled", 8.0)]),
    # what patients were given that is not the therapy studied counts no enrolment
    ("Two patients were given antibiotics for pneumonia.", []),
    ("Three patients received oral prednisone for a flare.", []),
])
def test_the_study_reviewing_treating_or_giving_its_therapy_to_patients_enrols_them(text, expected):
    assert [(f.measure, f.value) for f in after(LUPUS, text)] == expected


@pytest.mark.parametrize("text", [
    "HbA1c was below 7% in all insulin-free patients.",
    "Proteinuria fell to less than 0.5 g/24h in most patients.",
    "Remission was defined by a SLEDAI under 4 at two visits.",
])
def test_a_bound_a_criterion_sets_is_no_value(text):
    assert [(f.measure, f.value) for f in after(LUPUS, text)] == []


def test_a_value_after_the_time_words_it_is_compared_across_is_still_read():
    found = after(LUPUS, "The annualised flare rate fell from 1.9 before transplantation to 0.07 afterwards.")
    assert [(f.value, f.timepoint_months) for f in found] == [(1.9, 0.0), (0.07, None)]


def test_never_reaching_an_outcome_counts_no_one_as_reaching_it():
    assert after(LUPUS, "Four patients never achieved complete remission.") == []


def test_a_time_glued_to_its_unit_word_by_a_hyphen_is_a_timepoint():
    found = after(LUPUS, "The day-28 overall response rate was 64% (16/25).")
    assert [(f.measure, f.value, f.timepoint_months) for f in found] == [("response", 64.0, 0.92)]


def test_a_subgroup_named_after_in_keeps_the_clauses_measure_and_time():
    found = after(LUPUS, "Overall survival at day 100 was 70% in all patients and 85% in day-28 responders.")
    assert [(f.measure, f.value, f.timepoint_months, f.population) for f in found] == [
        ("overall_survival", 70.0, 3.29, None), ("overall_survival", 85.0, 3.29, "responders")]


DOSE_GROUPS = ("Thirty patients with perianal Crohn's disease were randomized to MSCs at 1 × 10^7 (n = 8, group 1), "
               "3 × 10^7 (n = 8, group 2) or 9 × 10^7 cells (n = 8, group 3), or placebo (n = 6). ")


def test_counts_of_numbered_groups_take_their_rates_after_the_group_and_the_groups_sizes():
    found = after(DOSE_GROUPS, "At week 12, healing was observed in 2 patients in group 1 (25.0%), 5 patients in group 2 "
                               "(62.5%), and 1 patient in group 3 (12.5%), vs 1 patient in the placebo group (16.7%).")
    assert [(f.measure, f.arm, f.value, f.numerator, f.denominator, f.timepoint_months) for f in found] == [
        ("response", "group 1", 25.0, 2, 8, 2.77), ("response", "group 2", 62.5, 5, 8, 2.77),
        ("response", "group 3", 12.5, 1, 8, 2.77), ("response", "placebo", 16.7, 1, 6, 2.77)]


def test_a_ratio_and_its_rate_after_the_group_are_one_value_at_a_time_in_words():
    found = after(DOSE_GROUPS, "At week six, 3 of 10 fistulas had healed in group 1 (30.0%) and 7 of 9 had healed in "
                               "group 2 (77.8%).")
    assert [(f.arm, f.value, f.numerator, f.denominator, f.timepoint_months) for f in found] == [
        ("group 1", 30.0, 3, 10, 1.38), ("group 2", 77.8, 7, 9, 1.38)]


def test_a_groups_number_is_no_count():
    found = after(DOSE_GROUPS, "Fistula healing was seen in group 2 (50%).")
    assert [(f.arm, f.value, f.numerator) for f in found] == [("group 2", 50.0, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("A total of 26 patients were evaluated.", [("enrolled", 26.0)]),
    ("The study includes a total of 70 patients with lupus (n = 40) or nephritis (n = 30).", [("enrolled", 70.0)]),
    # the count found first is not the one the verb after the semicolon enrols
    ("Sixty patients were screened in total; 44 were included in the study.", [("enrolled", 44.0)]),
])
def test_counts_the_study_includes_or_evaluates_are_enrolled(text, expected):
    assert [(f.measure, f.value) for f in after(LUPUS, text)] == expected


def test_a_bracket_of_words_defining_a_measure_states_no_result():
    found = after(MS_HSCT, "At 5 years, relapse-free survival was 80%; and event-free survival "
                           "(no relapses, no new MRI lesions and no EDSS progression) 62%.")
    assert [(f.measure, f.value, f.timepoint_months) for f in found] == [
        ("disease_free_survival", 80.0, 60.0), ("disease_free_survival", 62.0, 60.0)]


def test_a_rate_with_no_measure_before_it_takes_the_one_its_clause_names_after_it():
    found = after(HSCT_SSC, "After a median follow-up of 5 years, 75% (n = 18/24) of the patients showed a "
                            "clinically meaningful response.")
    assert [(f.measure, f.value, f.numerator, f.denominator) for f in found] == [
        ("follow_up", 5.0, None, None), ("response", 75.0, 18, 24)]


def test_a_time_right_before_the_next_value_is_that_values():
    found = after(HSCT_SSC, "The estimated overall survival at 5 years was 92.0% and at 8 years 81.5%.")
    assert [(f.value, f.timepoint_months) for f in found] == [(92.0, 60.0), (81.5, 96.0)]


def test_a_unit_in_brackets_after_the_measures_name_and_its_abbreviation_is_the_values_unit():
    found = after(CIDP, "Mean motor nerve conduction velocity (MNCV) (m/s) rose from 31.0 to 36.5 at 1 year.")
    assert [(f.value, f.unit) for f in found] == [(31.0, "m/s"), (36.5, "m/s")]


TWO_ARM_MS = "Fifty patients with progressive multiple sclerosis were randomized to intrathecal MSCs or placebo. "


def test_values_in_a_bracket_after_an_arm_are_that_arms_and_keep_their_written_signs():
    found = after(TWO_ARM_MS, "The FVC changed in the MSC group (4.1% ± 20.0% and - 8.3% ± 15.5%) compared to the "
                              "placebo group (-40.2% ± 60.1% and - 30.5% ± 25.0%).")
    assert [(f.arm, f.value, f.sd, f.value_kind) for f in found] == [
        ("MSC", 4.1, 20.0, "level"), ("MSC", -8.3, 15.5, "change"),
        ("placebo", -40.2, 60.1, "change"), ("placebo", -30.5, 25.0, "change")]


def test_a_between_group_difference_in_a_bracket_after_an_arm_is_no_arms_and_its_ci_may_be_negative():
    found = after(TWO_ARM_MS, "The EDSS fell from 5.0 to 4.1 in the MSC group and rose from 5.1 to 5.6 in the placebo "
                              "group (between-group mean difference, −1.4; 95% CI, −2.1 to −0.7).")
    diff = found[-1]
    assert (diff.value, diff.arm, diff.ci_low, diff.ci_high, diff.value_kind) == (-1.4, None, -2.1, -0.7, "change")


def test_an_arms_size_after_its_name_written_with_the_therapys_abbreviation_inside_a_word():
    found = after(LUPUS, "Patients were randomized into MSC-LN (n = 20) or placebo (n = 18) groups.")
    assert sorted((f.arm, f.value) for f in found if f.measure == "enrolled" and f.arm) == [("MSC-LN", 20.0), ("placebo", 18.0)]


def test_a_criterions_lower_bound_is_no_value():
    assert after(LUPUS, "Patients had a C-peptide level >1.0 ng/mL at screening.") == []


T1D_HSCT = "Autologous haematopoietic stem cell transplantation was given to thirty patients with type 1 diabetes. "


def test_a_follow_up_written_before_its_median_time_of():
    found = after(T1D_HSCT, "During the 40-month median time of follow-up 18 out of 25 patients (72%) remained without "
                            "the use of exogenous insulin.")
    assert [(f.measure, f.value, f.numerator, f.denominator) for f in found] == [
        ("follow_up", 40.0, None, None), ("complete_remission", 72.0, 18, 25)]


def test_a_bare_number_opening_a_clause_counts_patients_and_how_long_they_stayed_is_no_time():
    found = after(T1D_HSCT, "Among the patients followed up (n=18), three remain insulin free (for 70, 52 and 40 months).")
    assert [(f.measure, f.numerator, f.timepoint_months) for f in found] == [("complete_remission", 3, None)]


def test_a_level_at_diagnosis_is_the_baseline():
    found = after(T1D_HSCT, "The mean HbA1c was 11.2% at diagnosis and 6.1% at 1 year.")
    assert [(f.value, f.timepoint_months) for f in found] == [(11.2, 0.0), (6.1, 12.0)]


PSORIASIS = "Umbilical cord mesenchymal stem cells were infused in twenty patients with psoriasis. "


def test_a_response_defined_by_a_threshold_of_a_score_and_the_efficiency_rate():
    found = after(PSORIASIS, "A total of 45.0% (9/20) of the patients had at least 50% improvement in the PASI score. "
                             "The efficiency was 40% (4/10) for males and 50% (5/10) for females.")
    assert [(f.measure, f.value, f.numerator, f.denominator) for f in found] == [
        ("response", 45.0, 9, 20), ("response", 40.0, 4, 10), ("response", 50.0, 5, 10)]


def test_results_before_the_therapys_first_mention_take_the_therapy_the_document_goes_on_to_name():
    from .prose_reading import read

    text = ("Background Relapsing multiple sclerosis affects 30% of young adults. "
            "Results Among 90 randomized patients, 85 remained in the trial (median follow-up, 3 years). "
            "Disability progression occurred in 2 patients in the HSCT group.")
    found = read(text)
    assert [(f.measure, f.value, f.intervention) for f in found][:2] == [("enrolled", 90.0, "HSCT"), ("follow_up", 3.0, "HSCT")]
    assert all(f.value != 30.0 for f in found)  # the background's figure, before the therapy, stays unread


def test_a_bracketed_count_before_were_included_is_enrolled_and_disease_progression_is_no_relapse():
    found = after(HSCT_SSC, "All patients treated in the country until 2019 (n=64) were included. "
                            "Disease progression occurred in 15 patients.")
    assert [(f.measure, f.measure_text, f.value, f.numerator) for f in found] == [
        ("enrolled", "were included", 64.0, None), ("other", "Disease progression", None, 15)]
