"""Findings of a two-arm trial's prose: lists of values closed by their arm, a sentence about one
arm, values referred back to, enrolment after a relative clause, figure numbers."""

import pytest

from extractors.findings import FindingExtractor, sentences

TRIAL = ("Forty patients with refractory Crohn's disease were randomised to umbilical cord MSC infusions or to "
         "standard therapy in a controlled trial. ")


def read(text: str):
    return FindingExtractor("d" * 64, "doc.txt", design="rct").extract(text, sentences(text))


def rows(text: str):
    return [(f.measure, f.arm, f.intervention, f.timepoint_months, f.value, f.sd) for f in read(TRIAL + text)
            if f.char_start >= len(TRIAL)]


def test_a_list_of_values_closed_by_an_arm_is_that_arms():
    found = rows("After 6 months the CDAI and HBI had fallen by 80.1±20.2 and 2.9±1.1, respectively, in the MSC group "
                 "and by 30.5±10.4 and 1.1±0.5, respectively, in the control group.")
    assert [(arm, intervention, value) for _, arm, intervention, _, value, _ in found] == [
        ("MSC", "MSCT", 80.1), ("MSC", "MSCT", 2.9), ("control", None, 30.5), ("control", None, 1.1)]
    assert {months for _, _, _, months, _, _ in found} == {6.0}


def test_a_sentence_about_one_arm_gives_it_every_value():
    found = rows("In the control group, the CDAI was 301.4±55.0 before treatment; 6 months after treatment "
                 "it was 250.2±40.3.")
    assert [(arm, intervention, months, value) for _, arm, intervention, months, value, _ in found] == [
        ("control", None, 0.0, 301.4), ("control", None, 6.0, 250.2)]


def test_a_sentence_comparing_arms_gives_no_arm_to_every_value():
    found = rows("In the MSC group the CDAI fell to 150.2±30.1, compared with 240.8±35.5.")
    assert found[1][1] is None  # the comparison's second value is not the MSC group's


def test_the_values_refer_back_to_the_measure_of_the_sentence_before():
    found = rows("In the MSC group the CDEIS was 10.1±2.0 before treatment and 4.2±1.3 at 6 months, respectively. "
                 "The values were 9.8±2.2 at the start of the study and 8.9±2.1 at 6 months in the control group.")
    assert [(measure, arm, months, value) for measure, arm, _, months, value, _ in found] == [
        ("other", "MSC", 0.0, 10.1), ("other", "MSC", 6.0, 4.2), ("other", "control", 0.0, 9.8),
        ("other", "control", 6.0, 8.9)]  # one measure over time, then its arm: the series is that arm's


def test_enrolment_after_a_relative_clause_with_a_verb_of_its_own():
    text = ("Thirty-six patients who had been treated with steroids for more than 6 months were included in this "
            "study. Eighteen patients were randomly selected to receive umbilical cord MSCs.")
    found = [(f.measure, f.value) for f in read(TRIAL + text) if f.char_start >= len(TRIAL)]
    assert found == [("enrolled", 36.0), ("enrolled", 18.0)]


def test_patients_who_were_enrolled_elsewhere_are_no_enrolment():
    found = rows("Of the patients who were enrolled in the earlier registry, 12 had fistulas.")
    assert ("enrolled", None, "MSCT", None, 12.0, None) not in found


def test_a_figure_number_is_no_value():
    found = rows("In the MSC group the CDEIS was 10.1±2.0 and 4.2±1.3 before treatment and at 6 months, "
                 "respectively (Fig. 3).")
    assert [value for *_, value, _ in found] == [10.1, 4.2]


def test_measures_listed_before_their_values_take_them_in_order():
    text = (TRIAL + "At 12 months, overall survival and complete remission were 90% and 45%, respectively, in the MSC "
            "group, and 85% and 20% in the control group.")
    found = [(f.measure, f.arm, f.value) for f in read(text) if f.char_start >= len(TRIAL)]
    assert found == [("overall_survival", "MSC", 90.0), ("complete_remission", "MSC", 45.0),
                     ("overall_survival", "control", 85.0), ("complete_remission", "control", 20.0)]


def test_a_second_respective_list_in_the_clause_takes_the_measures_again():
    text = (TRIAL + "In the MSC group, the CDAI and the steroid dose were 210.5±40.1 and 9.1±2.0, respectively, "
            "representing respective decreases of 70.2±20.3 and 4.0±1.1.")
    found = [(f.measure_text, f.value) for f in read(text) if f.char_start >= len(TRIAL)]
    assert found == [("CDAI", 210.5), ("steroid dose", 9.1), ("CDAI", 70.2), ("steroid dose", 4.0)]


def test_values_listed_before_one_measure_share_it():
    text = TRIAL + "At 6 months, 14 of 20 patients (70%) in the MSC group and 6 of 20 (30%) in the control group had a response."
    found = [(f.measure, f.arm, f.intervention, f.value, f.numerator) for f in read(text) if f.char_start >= len(TRIAL)]
    assert found == [("response", "MSC", "MSCT", 70.0, 14), ("response", "control", None, 30.0, 6)]


def test_a_result_restated_with_less_said_is_kept_once_where_first_stated():
    text = (TRIAL + "At 6 months, 14 of 20 patients (70%) in the MSC group had a response. "
            "Overall, a response was seen in 14 of 20 patients (70%).")
    found = [(f.measure, f.value, f.timepoint_months, f.char_start) for f in read(text) if f.measure == "response"]
    assert found == [("response", 70.0, 6.0, len(TRIAL))]


def test_the_jats_and_the_plain_text_renderings_of_one_paper_give_the_same_findings():
    from pathlib import Path

    from extractors.extract import extract_file

    fixtures = Path(__file__).parent / "fixtures"
    renderings = [extract_file(fixtures / name, name) for name in ("jats_rct_structured.xml", "jats_rct_structured.txt")]
    found = [[(f.measure, f.arm, f.intervention, f.value, f.numerator, f.denominator, f.timepoint_months)
              for f in r.findings] for r in renderings]
    assert found[0] == found[1]
    assert ("response", "UC-MSC", "MSCT", 60.0, 12, 20, 12.0) in found[0]
    assert all(f.value != 75.0 for r in renderings for f in r.findings)  # the introduction's background rate


@pytest.mark.parametrize(("text", "count"), [
    ("Chemotherapy raised the yield of cells 20–\n50 times in most patients.", 1),  # a line ending in a dash
    ("The mean number of days was\n6.1 in group A and 5.7 in group C.", 1),  # ... in a function word
    ("Response rates were 40%,\n35% and 20% at 6, 12 and 24 months.", 1),  # ... in a comma
    ("Twelve patients responded.\n40 patients were enrolled in the extension.", 2),  # a sentence's end stays one
    ("Results\n12 patients responded.", 2),  # a heading over its text
])
def test_a_line_that_leaves_its_sentence_unfinished_continues_it(text, count):
    assert len(sentences(text)) == count


def test_values_then_the_arms_they_belong_to_respectively():
    found = rows("SLEDAI at 12 months was 4.1 ± 2.0 and 7.9 ± 3.1 in the MSC and control groups, respectively.")
    assert [(arm, intervention, value) for _, arm, intervention, _, value, _ in found] == [
        ("MSC", "MSCT", 4.1), ("control", None, 7.9)]


def test_a_list_of_times_pairs_with_each_series_of_values_in_turn():
    text = ("Complete remission was reached by 13/40 (32.5%) and 17/40 (42.5%) patients at 6 and 12 months, "
            "respectively, and partial remission by 9/40 (22.5%) and 8/40 (20.0%).")
    found = [(f.measure, f.timepoint_months, f.value) for f in read(TRIAL + text) if f.char_start >= len(TRIAL)]
    assert found == [("complete_remission", 6.0, 32.5), ("complete_remission", 12.0, 42.5),
                     ("partial_remission", 6.0, 22.5), ("partial_remission", 12.0, 20.0)]


def test_a_range_of_times_is_no_list():
    text = "Four of the 30 responders (13.3%) relapsed between 6 and 12 months after MSC transplantation."
    assert {f.timepoint_months for f in read(text)} == {12.0}


def test_values_respectively_with_no_arm_named_go_to_the_trials_arms_in_turn():
    text = (TRIAL + "At 6 months, a response was seen in 14 of 20 patients (70%) in the MSC group and 6 of 20 (30%) "
            "in the control group. Serious adverse events occurred in 2 (10.0%) and 3 (15.0%) patients, respectively.")
    found = [(f.measure, f.arm, f.intervention, f.value) for f in read(text) if f.measure == "serious_adverse_events"]
    assert found == [("serious_adverse_events", "MSC", "MSCT", 10.0), ("serious_adverse_events", "control", None, 15.0)]


def test_a_change_from_one_value_to_another_closed_by_its_arm_is_that_arms():
    found = rows("HbA1c fell from 10.4 ± 1.8% to 6.3 ± 0.7% in the MSC group and from 10.1 ± 2.0% to 7.2 ± 1.1% "
                 "in the control group.")
    assert [(arm, intervention, months, value) for _, arm, intervention, months, value, _ in found] == [
        ("MSC", "MSCT", 0.0, 10.4), ("MSC", "MSCT", None, 6.3), ("control", None, 0.0, 10.1), ("control", None, None, 7.2)]


@pytest.mark.parametrize("sentence", [
    "Clinical remission was defined as a Crohn's Disease Activity Index (CDAI) below 150.",
    "In this trial, 105 adults were randomised 2:1 to umbilical cord MSCs or placebo.",
])
def test_definitions_and_allocation_ratios_state_no_value(sentence):
    from extractors.quantities import Quantities

    assert [sentence[v.start:v.end] for v in Quantities(sentence).read() if v.kind != "count"] == []


def test_the_transplant_patients_had_before_is_their_setting_not_the_therapy():
    text = ("Bone marrow MSCs were infused weekly in patients with steroid-refractory acute GVHD after allogeneic "
            "HSCT. The overall response rate at day 28 was 70.0% (21/30).")
    assert [(f.measure, f.intervention) for f in read(text)] == [("response", "MSCT")]


def test_the_parts_of_a_count_in_a_bracket_after_it_are_no_finding():
    text = "Thirty patients (18 adults and 12 children) with acute GVHD were enrolled and given bone marrow MSCs."
    assert [(f.measure, f.value) for f in read(text)] == [("enrolled", 30.0)]
