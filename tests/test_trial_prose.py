"""Findings of a two-arm trial's prose: lists of values closed by their arm, a sentence about one
arm, values referred back to, enrolment after a relative clause, figure numbers."""

import pytest

from extractors.findings import FindingExtractor, sentences

TRIAL = ("Forty-four patients with active lupus nephritis were randomised to bone marrow MSC infusions or to "
         "standard immunosuppression in a controlled trial. ")


def read(text: str):
    return FindingExtractor("d" * 64, "doc.txt", design="rct").extract(text, sentences(text))


def rows(text: str):
    return [(f.measure, f.arm, f.intervention, f.timepoint_months, f.value, f.sd) for f in read(TRIAL + text)
            if f.char_start >= len(TRIAL)]


def test_a_list_of_values_closed_by_an_arm_is_that_arms():
    found = rows("By month 12 the SLEDAI and the BILAG score had dropped by 6.2±2.1 and 9.4±3.0, respectively, in the "
                 "MSC group and by 2.5±1.4 and 3.8±2.2, respectively, in the control group.")
    assert [(arm, intervention, value) for _, arm, intervention, _, value, _ in found] == [  # drops: changes, negative
        ("MSC", "MSCT", -6.2), ("MSC", "MSCT", -9.4), ("control", None, -2.5), ("control", None, -3.8)]
    assert {months for _, _, _, months, _, _ in found} == {12.0}


def test_a_sentence_about_one_arm_gives_it_every_value():
    found = rows("In the control group, the SLEDAI was 13.1±3.2 at baseline; 12 months later it was 10.4±2.9.")
    assert [(arm, intervention, months, value) for _, arm, intervention, months, value, _ in found] == [
        ("control", None, 0.0, 13.1), ("control", None, 12.0, 10.4)]


def test_a_sentence_comparing_arms_gives_no_arm_to_every_value():
    found = rows("In the MSC group the SLEDAI dropped to 4.8±2.2, compared with 9.6±3.1.")
    assert found[1][1] is None  # the comparison's second value is not the MSC group's


def test_the_values_refer_back_to_the_measure_of_the_sentence_before():
    found = rows("In the MSC group the BILAG score was 18.4±4.1 before therapy and 7.9±3.3 at 12 months, respectively. "
                 "The values were 17.6±4.5 before therapy and 15.2±4.0 at 12 months in the control group.")
    assert [(measure, arm, months, value) for measure, arm, _, months, value, _ in found] == [
        ("other", "MSC", 0.0, 18.4), ("other", "MSC", 12.0, 7.9), ("other", "control", 0.0, 17.6),
        ("other", "control", 12.0, 15.2)]  # one measure over time, then its arm: the series is that arm's


def test_enrolment_after_a_relative_clause_with_a_verb_of_its_own():
    text = ("Thirty-eight patients who had failed cyclophosphamide for at least 3 months were recruited for the trial. "
            "Nineteen patients were randomly assigned to bone marrow MSCs.")
    found = [(f.measure, f.value) for f in read(TRIAL + text) if f.char_start >= len(TRIAL)]
    assert found == [("enrolled", 38.0), ("enrolled", 19.0)]


def test_patients_who_were_enrolled_elsewhere_are_no_enrolment():
    found = rows("Of the patients who were enrolled in an earlier cohort, 9 had hypertension.")
    assert ("enrolled", None, "MSCT", None, 9.0, None) not in found


def test_a_figure_number_is_no_value():
    found = rows("In the MSC group the BILAG score was 18.4±4.1 and 7.9±3.3 at baseline and at 12 months, "
                 "respectively (Fig. 2).")
    assert [value for *_, value, _ in found] == [18.4, 7.9]


def test_measures_listed_before_their_values_take_them_in_order():
    text = (TRIAL + "At 12 months, overall survival and complete remission were 90% and 45%, respectively, in the MSC "
            "group, and 85% and 20% in the control group.")
    found = [(f.measure, f.arm, f.value) for f in read(text) if f.char_start >= len(TRIAL)]
    assert found == [("overall_survival", "MSC", 90.0), ("complete_remission", "MSC", 45.0),
                     ("overall_survival", "control", 85.0), ("complete_remission", "control", 20.0)]


def test_a_second_respective_list_in_the_clause_takes_the_measures_again():
    text = (TRIAL + "In the MSC group, the SLEDAI and the prednisone dose were 5.2±2.4 and 7.5±2.5, respectively, "
            "which amounted to reductions of 6.9±2.8 and 12.5±4.0, respectively.")
    found = [(f.measure_text, f.value, f.value_kind) for f in read(text) if f.char_start >= len(TRIAL)]
    assert found == [("SLEDAI", 5.2, "level"), ("prednisone dose", 7.5, "level"), ("SLEDAI", -6.9, "change"),
                     ("prednisone dose", -12.5, "change")]


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
    assert all(f.value != 30.0 for r in renderings for f in r.findings)  # the introduction's background rate


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
    "Remission was defined as a Disease Activity Score (DAS28) below 2.6.",
    "In this study, 84 adults were randomised 3:1 to adipose MSCs or to saline.",
])
def test_definitions_and_allocation_ratios_state_no_value(sentence):
    from extractors.quantities import Quantities

    assert [sentence[v.start:v.end] for v in Quantities(sentence).read() if v.kind != "count"] == []


def test_the_transplant_patients_had_before_is_their_setting_not_the_therapy():
    text = ("Bone marrow MSCs were infused weekly in patients with steroid-refractory acute GVHD after allogeneic "
            "HSCT. The overall response rate at day 28 was 62.5% (15/24).")
    assert [(f.measure, f.intervention) for f in read(text)] == [("response", "MSCT")]


def test_the_parts_of_a_count_in_a_bracket_after_it_are_no_finding():
    text = "Twenty-six patients (15 adults and 11 children) with acute GVHD were enrolled and given bone marrow MSCs."
    assert [(f.measure, f.value) for f in read(text)] == [("enrolled", 26.0)]
