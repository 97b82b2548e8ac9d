"""Classes of review table met in tables read aside, each with a table of our own.

- A table printed one cell per line whose rows carry, under a row, further dose cohorts of the same
  study: a count and its dose, each on a line of its own ("20" / "2 × 10^6/kg"), before the next row.
  Each cohort is an arm of its own that shares the row's other cells, as a row under cells spanning
  the rows of an HTML table does.
"""

from __future__ import annotations

from extractors.extract import extract
from extractors.readers import read

from .table_render import cell_per_line


def arms_of(text: str, tmp_path, name: str = "table.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path, path.name)).arms


# --- dose cohorts printed under a row, one cell per line -------------------------------------------------

STACKED_HEADER = ["Disease", "Route", "Cell source", "Patients", "Dose", "NCT number", "Reference"]
STACKED_ROWS = [
    ["Lupus nephritis", "Intravenous", "Umbilical cord MSC", "12", "1 × 10^6/kg", "NCT01110001", "[3]"],
    ["Lupus nephritis", "Intravenous", "Bone marrow MSC", "8", "1 × 10^6/kg", "NCT01110002", "[4]"],
    ["Crohn's disease", "Local injection", "Adipose MSC", "10", "2 × 10^7 cells", "NCT01110003", "[5]"],
    ["Crohn's disease", "Intravenous", "Bone marrow MSC", "15", "2 × 10^6/kg", "NCT01110004", "[6]"],
]


def _with_cohorts_under(text: str, after: str, cohorts: list[tuple[str, str]]) -> str:
    """`text` with cohort lines (count, dose, blank lines between) after the line `after`."""
    lines = text.split("\n")
    at = lines.index(after) + 1
    extra = [line for count, dose in cohorts for line in ("", count, "", dose)]
    return "\n".join(lines[:at] + extra + lines[at:])


def test_dose_cohorts_under_a_row_printed_one_cell_per_line_are_arms_of_that_study(tmp_path):
    text = _with_cohorts_under(cell_per_line(STACKED_HEADER, STACKED_ROWS), "[3]",
                               [("6", "2 × 10^6/kg"), ("4", "5 × 10^6/kg")])
    arms = arms_of(text, tmp_path)
    assert [(a.reference, a.n_patients, a.dose_min, a.cell_source, a.registry_id) for a in arms] == [
        ("3", 12, 1e6, "UC", "NCT01110001"), ("3", 6, 2e6, "UC", "NCT01110001"), ("3", 4, 5e6, "UC", "NCT01110001"),
        ("4", 8, 1e6, "BM", "NCT01110002"), ("5", 10, 2e7, "AD", "NCT01110003"), ("6", 15, 2e6, "BM", "NCT01110004")]
    assert arms[1].line_start > arms[0].line_end  # a cohort's lines are its own


def test_a_count_and_a_dose_that_no_row_follows_inside_the_table_are_no_cohort(tmp_path):
    # a count and a dose, then text that is no row: the table ends at the row above, the two are no arm of it
    text = _with_cohorts_under(cell_per_line(STACKED_HEADER, STACKED_ROWS[:2]), "[4]", [("6", "2 × 10^6/kg")])
    text += "\nThe remaining trials were withdrawn before enrolment.\n"
    arms = arms_of(text, tmp_path)
    assert [(a.reference, a.n_patients) for a in arms][:2] == [("3", 12), ("4", 8)]
    assert all(a.reference != "4" or a.n_patients == 8 for a in arms)


# --- a wide table of trials whose cells are prose --------------------------------------------------------

WIDE_HEADER = ("Study Country Design Diagnosis Patient number Mean age (years) Background therapy "
               "Type and source of stem cells Amount, delivery methods, and sessions of SCT Control Follow-up duration")
WIDE_ROWS = [
    "Alder 2012 Norway R, OL Lupus nephritis refractory to cyclophosphamide 18 35.1 Steroids and mycophenolate "
    "UC-MSCs, allogeneic 1*10^6 cells/kg, IV infusion, 2 sessions Standard care 12 months",
    "Brandt 2017 Canada R, DB, PC Crohn's disease with CDAI: 220 ~ 450 30 38.2 Immunomodulators "
    "BM-MSCs, allogeneic 2*, 4*, or 8* 10^7 cells, local injection, 1 session Placebo 24 weeks",
]


def test_a_column_named_by_a_list_of_what_its_cells_say_is_one_column(tmp_path):
    text = "Table 2. Randomised trials of stem cell therapy\n\n" + WIDE_HEADER + "\n" + "\n".join(WIDE_ROWS) + "\n"
    arms = arms_of(text, tmp_path)
    assert [(a.disease, a.n_patients, a.dose_min, a.dose_max, a.dose_unit, a.cell_source, a.route, a.year)
            for a in arms] == [
        ("SLE", 18, 1e6, 1e6, "cells/kg", "UC", "intravenous", 2012),
        ("IBD", 30, 2e7, 8e7, "cells", "BM", "intralesional", 2017)]  # "220 ~ 450" is a range, no count


def test_dose_levels_each_with_its_sign_before_one_shared_power():
    from extractors.doses import find_doses

    [(_, _, dose)] = find_doses("1.5*, 3*, or 6* 10^8 cells")
    assert (dose.dose_min, dose.dose_max, dose.unit) == (1.5e8, 6e8, "cells")


# --- a header whose text runs on over lines, broken before each bracketed qualifier ----------------------

FLOWED = """Table 3 Studies of mesenchymal stem cells for steroid-refractory acute GVHD

Study [first author, year] Country Design Patients
(MSC/control)
Median age
(MSC/control)
Grade of GVHD MSC source MSC dose Follow-up (days)
Arnaud P, 2014 [21] France nRCT 24/20 41/44 II-IV Bone marrow 2 × 106 cells/kg 365
Baines T, 2018 [22] Canada RCT 16/15 12/13 III-IV Umbilical cord 1 × 106 cells/kg 180
"""


def test_a_header_running_on_over_lines_names_every_column_and_counts_the_treated_group_first(tmp_path):
    arms = arms_of(FLOWED, tmp_path)
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.year, a.reference) for a in arms] == [
        ("GVHD", 24, "BM", 2e6, 2014, "21"), ("GVHD", 16, "UC", 1e6, 2018, "22")]


def test_a_count_of_both_groups_the_treated_named_first_counts_the_treated():
    from extractors.tables.headers import counts_treated

    assert counts_treated("Sample size (MSC/control)") and counts_treated("Patients (treated vs. control)")
    assert not counts_treated("Control group (n)") and not counts_treated("Patients (control/MSC)")


# --- records of stacked sub-cells, the year glued to what follows it -----------------------------------

STACKED_SUBCELLS = """Table 1 Trials of mesenchymal stem cells in type 1 diabetes
Ref.
Patient characteristics
Treatment
Outcomes
Marin et al[41], 20231 n = 12; aged 18-40 yrIntravenous: Allogeneic UC-MSCInsulin independence: No
Chile, 12 moDuration of T1DM: < 2 yr (n = 7) and > 2 yr (n = 5)
Ortega et al[42], 2022n = 16; aged 10-30 yrBM-MSCInsulin independence: 4 subjects
Peru, 6 moDuration of T1DM: 1.5 moHbA1C: Significant improvement
Quispe et al[43], 20212N = 9; Aged 14-33 yrAllogenic AD-MSCInsulin independence: 2 subjects
Bolivia, 6 moDuration of T1DM: ≤ 3 moFCP: Stable
"""


def test_an_author_cited_by_number_then_the_year_glued_to_what_follows_gives_year_and_count(tmp_path):
    arms = arms_of(STACKED_SUBCELLS, tmp_path)
    assert [(a.disease, a.n_patients, a.cell_source, a.year, a.reference) for a in arms] == [
        ("T1DM", 12, "UC", 2023, "41"), ("T1DM", 16, "BM", 2022, "42"), ("T1DM", 9, "AD", 2021, "43")]


# --- trials as columns, the header printed without its corner cell ---------------------------------------

SIDEWAYS_SHIFTED = """Table 1. Comparison of three randomised trials of autologous HSCT in systemic sclerosis.
ALPHA21 | BRAVO22 | CHARLIE23 | |
Patient number | 24 | 130 | 60 |
Inclusion criteria | Age 18-60 years | Age 18-65 years | Age 18-70 years |
Mobilisation | Cyclophosphamide, G-CSF | Cyclophosphamide, G-CSF | G-CSF only |
Conditioning | Cyclophosphamide, ATG | Cyclophosphamide, ATG | TBI, cyclophosphamide, ATG |
Follow-up | 2 years | 5 years | 4 years |
"""


def test_trials_as_columns_under_a_header_without_its_corner_cell_are_one_arm_each(tmp_path):
    arms = arms_of(SIDEWAYS_SHIFTED, tmp_path)
    assert [(a.disease, a.n_patients) for a in arms] == [("SSc", 24), ("SSc", 130), ("SSc", 60)]


# --- an index page's labels and values, one per line, over a numbered list: no table --------------------

INDEX_PAGE = """Article

Umbilical cord mesenchymal stem cells in refractory lupus nephritis: a pilot study

Journal

CLINICAL RHEUMATOLOGY JOURNAL
Volume 31, Issue 4, Pages 611-618

Publisher

ACADEMIC PRESS
DOI: 10.1000/crj.2015.0412

Keywords

-

Funding

  1. National Science Fund [81271234, 81371456]
  2. Provincial 125 Talent Program [2012BAI12B03]
  3. City 333 Project Foundation [BK2011456]

Abstract
Twenty patients with lupus nephritis received umbilical cord MSCs. Renal remission was reached by 12 patients (60%) at 12 months.
"""


def test_an_index_pages_labels_and_values_over_a_numbered_list_are_no_table(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(INDEX_PAGE, encoding="utf-8")
    result = extract(read(path, path.name))
    assert result.arms == []
    assert [f.value for f in result.findings if f.measure != "enrolled"] == [60.0]  # the abstract's result is read


# --- a pipe header broken over lines, a spanning name's sub-names under the rule ---------------------------

PIPE_BROKEN_HEADER = """Table 4. Clinical studies of MSCs in immune disease.
| Disease | Patients | Follow-up |
Cells |
Phase | Ref. | ||
|---|---|---|---|---|---|---|
| Source of cells | Dose | Outcome | ||||
| Lupus nephritis | 14 Adults | 12 Months | Allogeneic UC-MSCs | 1 × 106/kg, 1 dose | Improved | Phase I | 31 |
| Crohn's disease | 9 Adults | 6 Months | Autologous BM-MSCs | 2–5 × 106/kg, 2 doses | Improved | / | 32 |
| Systemic sclerosis | 6 Adults | 1 Year | Allogeneic UC-MSCs | / | Improved | Phase II | 33 |
"""


def test_a_pipe_header_broken_over_lines_with_sub_names_under_a_spanning_name(tmp_path):
    arms = arms_of(PIPE_BROKEN_HEADER, tmp_path)
    assert [(a.disease, a.n_patients, a.cell_source, a.origin, a.dose_min, a.dose_max, a.reference) for a in arms] == [
        ("SLE", 14, "UC", "allogeneic", 1e6, 1e6, "31"), ("IBD", 9, "BM", "autologous", 2e6, 5e6, "32"),
        ("SSc", 6, "UC", "allogeneic", None, None, "33")]


# --- studies as columns, a heading of rows between the studies and the rows ---------------------------------

SIDEWAYS_WITH_HEADING = """Table 2.

Autologous HSCT in neuromyelitis optica: non-randomised studies.

Study
[Reference]
Alder, P.,
et al., 2016 [12]
Brandt, K.L.,
et al., 2019 [13]
Baseline features
Patients, n 14 9
Age, y 35 (21–50) 41 (22–55)
EDSS 6.0 (2.5–8.0) 4.5 (2–6.5)
"""


def test_studies_as_columns_with_a_heading_of_rows_under_their_names(tmp_path):
    arms = arms_of(SIDEWAYS_WITH_HEADING, tmp_path)
    assert [(a.n_patients, a.year, a.reference) for a in arms] == [(14, 2016, "12"), (9, 2019, "13")]
