"""Classes of review table met in tables read aside, each with a grid or text of our own.

- Dose groups in one cell, each with its own patients: "1 × 10^6 (9); 3 × 10^6 (5)", "(n = 4)", or the
  patients cell listing one count per dose ("9/5"). A dose group is an arm.
- Randomised trials listed with their comparator: the count split by group ("120 (62 HSCT, 58 CYC)",
  "18 (9 vs. 9)") gives the treated group's; a "Controls" column and a "Comments" column give no arm
  value; the disease and the therapy stand in the caption only; empty cells written "||"; the first
  cell printed over two lines, its second line a row of its own with every other cell empty.
- A case series printed one cell per line: each row one patient (an "Age/sex" column, no count column);
  the names of a second header row ("Before", "After") printed after the first row's names; the dose's
  power in its column's name only ("Dose (106/kg)"); the cells' abbreviations in a numbered footnote,
  where "IVIG, intravenous immunoglobulin" names a drug, not a route; a "Prior treatment" column whose
  drugs are no cells of the arm; an empty citation cell a line of spaces.
- A registry listing whose cells' column gives, in brackets, each trial's dose and route ("AdSCs (40 ×
  106 cells/kg, injected in the fistula tract)"), under "Type of stem cell" (the kind of what follows
  names the column); identifiers written "NCT 0…" with a space; abbreviations in a footnote of full
  stops ("WJSCs: Wharton's jelly stem cells. IV: Intravenously.").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.arms import dose_cohorts, treated_patients
from extractors.tables.headers import read_header, read_legend
from extractors.tables.patterns import header_unit
from extractors.tables.records import numeric_columns
from extractors.vocabulary import lexicon

from .table_render import LAYOUTS

FIXTURES = Path(__file__).parent / "fixtures"


def arms_of(text: str, tmp_path, name: str = "table.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path, path.name)).arms


def fields(arms):
    return [(a.disease, a.cell_source, a.n_patients, a.dose_min, a.dose_max, a.dose_unit, a.route, a.year)
            for a in arms]


# --- dose groups in one cell, each with its count ---------------------------------------------------------

COHORT_HEADER = ["Study", "Disease", "Cell source", "Route", "Dose per kg (n)", "Follow-up"]
COHORT_ROWS = [
    ["Arlen et al. 2019", "Lupus nephritis", "Umbilical cord MSC", "Intravenous", "1 × 10^6 (9); 3 × 10^6 (5)",
     "12 months"],
    ["Bertrand et al. 2020", "Crohn's disease", "Bone marrow MSC", "Intravenous", "2 × 10^6 (14)", "6 months"],
    ["Corwin et al. 2021", "Systemic sclerosis", "Adipose MSC", "Intravenous",
     "0.5 × 10^6 (4), 1 × 10^6 (4), 2 × 10^6 (4)", "24 months"],
]
COHORT_EXPECTED = [
    ("SLE", "UC", 9, 1e6, 1e6, "cells/kg", "intravenous", 2019),
    ("SLE", "UC", 5, 3e6, 3e6, "cells/kg", "intravenous", 2019),
    ("IBD", "BM", 14, 2e6, 2e6, "cells/kg", "intravenous", 2020),
    ("SSc", "AD", 4, 5e5, 5e5, "cells/kg", "intravenous", 2021),
    ("SSc", "AD", 4, 1e6, 1e6, "cells/kg", "intravenous", 2021),
    ("SSc", "AD", 4, 2e6, 2e6, "cells/kg", "intravenous", 2021),
]
COHORT_NOT_YET = {"wrapped_header": "a count qualifier wrapped under two names ('Dose' 'Follow-up' over 'per kg (n)') "
                                    "goes to the later name as readily as to the earlier"}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_dose_groups_with_their_counts_in_one_cell_are_arms_in_every_layout(layout, tmp_path):
    if layout in COHORT_NOT_YET:
        pytest.xfail(COHORT_NOT_YET[layout])
    text = LAYOUTS[layout](COHORT_HEADER, COHORT_ROWS)
    assert fields(arms_of(text, tmp_path, "t.html" if layout.startswith("html") else "t.txt")) == COHORT_EXPECTED


@pytest.mark.parametrize("cells, expected", [
    ({"dose": "1×10^6/kg (n=9), 3×10^6/kg (n = 5)"}, [("1×10^6/kg", "9"), ("3×10^6/kg", "5")]),
    ({"dose": "1 × 10^6 [9 patients]; 2 × 10^6 [6 patients]"}, [("1 × 10^6", "9"), ("2 × 10^6", "6")]),
    ({"dose": "1 × 10^6, 3 × 10^6", "patients": "9/5"}, [("1 × 10^6", "9"), ("3 × 10^6", "5")]),
    ({"dose": "2 × 10^6 cells/kg (n=10)"}, [("2 × 10^6 cells/kg", "10")]),
])
def test_each_dose_group_takes_its_own_count(cells, expected):
    assert [(c["dose"], c["patients"]) for c in dose_cohorts(cells)] == expected


@pytest.mark.parametrize("cells", [
    {"dose": "1 × 10^6 (9); 3 × 10^6 (5)", "patients": "20"},  # the counts do not add up to the row's
    {"dose": "2 × 10^6 (14)"},  # one dose, a bracket the header does not call a count (a citation?)
    {"dose": "2 × 10^6 (n=14)", "patients": "20"},  # the row states its own count
    {"dose": "1 × 10^6, 3 × 10^6", "patients": "20"},  # one count for both groups
    {"dose": "1-3 × 10^6", "patients": "9/5"},  # one dose range
])
def test_doses_with_no_count_of_their_own_stay_one_row(cells):
    assert dose_cohorts(cells) == []


# --- randomised trials with their comparator ---------------------------------------------------------------

COMPARED = """Table 4 Randomised trials of autologous haematopoietic stem cell transplantation in multiple sclerosis
Trial | Inclusion | Controls | Number | Main result | Remarks |
ALPHA[31] | EDSS 3.0-6.5, two relapses | Mitoxantrone | 120 (62 HSCT, 58 CYC) | Fewer relapses | Closed early |
Median follow-up 4 yr | ||||||
BETA[32] | Active disease | Best available therapy | 18 (9 vs. 9) | EDSS improved in 7 of 9 | Relapsing patients |
Follow-up 3 yr | ||||||
GAMMA[33] | EDSS under 6, disease duration under 10 yr | Alemtuzumab | 64 | Not reported | Recruiting |
"""


def test_trials_listed_with_their_comparator_give_the_treated_groups(tmp_path):
    arms = arms_of(COMPARED, tmp_path)
    assert [(a.disease, a.n_patients, a.route, a.reference, a.line_start, a.line_end) for a in arms] == [
        ("MS", 62, None, "31", 3, 4), ("MS", 9, None, "32", 5, 6), ("MS", 64, None, "33", 7, 7)]


@pytest.mark.parametrize(("cell", "treated"), [
    ("120 (62 HSCT, 58 CYC)", 62), ("40 (placebo 20, MSC 20)", 20), ("30 (placebo 12, 18)", 18),
    ("18 (9 vs. 9)", 9), ("25 (13 versus 12)", 13),
    ("12 (6 SLE, 6 RA)", 12),  # a split by disease
    ("24 (14/10)", 24),  # unnamed groups not set against each other: the sexes, perhaps
    ("20 (10 M/10 F)", 20), ("12 (40%)", 12), ("10 (9 evaluable)", 10),
    ("30 (10 HSCT, 10 CYC)", 30),  # parts that do not add up
])
def test_a_count_split_by_group_gives_the_treated_groups(cell, treated):
    assert treated_patients(cell) == treated


# --- a case series, one cell per line ------------------------------------------------------------------------


def test_a_case_series_printed_one_cell_per_line_gives_one_patient_a_row(tmp_path):
    text = (FIXTURES / "tables5_case_series_cell_per_line.txt").read_text(encoding="utf-8")
    arms = arms_of(text, tmp_path)
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.route, a.reference) for a in arms] == [
        ("SLE", 1, "BM", 1e6, "cells/kg", None, "7"), ("SLE", 1, "BM", 1e6, "cells/kg", None, None),
        ("SLE", 1, "UC", 2e6, "cells/kg", None, "8"), ("SLE", 1, "UC", 2e6, "cells/kg", None, None)]


@pytest.mark.parametrize(("header", "unit"), [
    ("Dose (106/kg)", (6, "kg")), ("Dose (10^6 cells/kg)", (6, "kg")), ("Dose (×106 cells/kg)", (6, "kg")),
    ("Dose (cells/kg)", (None, "kg")), ("Dose (10 patients)", (None, None)),
])
def test_a_dose_columns_name_gives_the_power_its_cells_leave_out(header, unit):
    assert header_unit(header) == unit


def test_a_legend_entry_naming_a_drug_by_its_route_adds_no_route():
    routes = lexicon("route").with_legend({"IVIG": "intravenous immunoglobulin", "IT": "intrathecal injection"})
    assert routes.codes_in("IVIG") == [] and routes.codes_in("IT") == ["intrathecal"]


# --- a registry listing with the dose and route in the cells' details ----------------------------------------

LISTING = """Table 5.

Registered trials of stem cells in ulcerative colitis.

Trial identifier Sponsor Number of Patients Type of Stem Cell
NCT04411111 Maria Lopez in Hospital General, Madrid 24 WJSCs
NCT04422222 Tomas Berg in Karolinska Hospital, Sweden 40 AdSCs (40 × 106 cells/kg, injected in the fistula tract)
NCT 04433333 In Second Military Hospital, Shanghai NA UCSCs (1 × 106 cells/kg, IV, 4 weekly)

WJSCs: Wharton's jelly stem cells. AdSCs: Adipose-derived stem cells. UCSCs: Umbilical cord stem cells. NA: Not available.
"""


def test_a_listings_cell_details_give_the_dose_and_route_it_has_no_column_for(tmp_path):
    arms = arms_of(LISTING, tmp_path)
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.route, a.registry_id) for a in arms] == [
        ("IBD", 24, "UC", None, None, None, "NCT04411111"),
        ("IBD", 40, "AD", 4e7, "cells/kg", "intralesional", "NCT04422222"),
        ("IBD", None, "UC", 1e6, "cells/kg", "intravenous", "NCT04433333")]


@pytest.mark.parametrize(("name", "role"), [("Type of Stem Cell", "cell"), ("Type of disease", "disease"),
                                            ("Route of administration", "route"), ("Dose per kg", "dose")])
def test_a_kind_of_something_names_the_somethings_column(name, role):
    assert [c.role for c in read_header(f"Author {name} Patients")] == ["study", role, "patients"]


def test_a_footnote_of_full_stops_is_a_legend():
    assert read_legend("WJSCs: Wharton's jelly stem cells. IV: Intravenously. NA: Not available.") == {
        "WJSCs": "Wharton's jelly stem cells", "IV": "Intravenously", "NA": "Not available"}
    assert read_legend("The cells were thawed. Results: see text.") == {}


# --- numbers under measured columns: neutral in a case series only ------------------------------------------

TRIALS_HEADER = ["Study", "Phase", "Patients (n)", "Median age (years)", "Cell source", "Dose", "Follow-up (months)"]
TRIALS_ROWS = [
    ["Okafor et al. 2016", "I", "14", "38", "Bone marrow", "1 × 10^6/kg (9) 3 × 10^6/kg (5)", "12"],
    ["Lindqvist et al. 2018", "II", "22", "45", "Umbilical cord", "1 × 10^6/kg", "24"],
    ["Haddad et al. 2020", "I/II", "10", "29", "Adipose", "2 × 10^6/kg", "18"],
]


@pytest.mark.parametrize("layout", ["cell_per_line", "wrapped", "pipe"])
def test_a_table_of_studies_keeps_its_counts_beside_measured_columns(layout, tmp_path):
    text = LAYOUTS[layout](TRIALS_HEADER, TRIALS_ROWS).replace("autoimmune disease", "chronic GVHD")
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min) for a in arms_of(text, tmp_path)] == [
        ("GVHD", 9, "BM", 1e6), ("GVHD", 5, "BM", 3e6), ("GVHD", 22, "UC", 1e6), ("GVHD", 10, "AD", 2e6)]


def test_only_a_case_series_takes_numbers_under_measured_columns_as_readily_as_words():
    assert numeric_columns(["No", "Age/sex (years)", "Platelet count", "Duration (months)", "Dose"]) == {1, 2, 3}
    assert numeric_columns(["Study", "Patients (n)", "Median age (years)", "Follow-up (months)"]) == set()


# --- studies as columns, with outcome rows -----------------------------------------------------------------

SIDEWAYS_HEADER = ["Study", "Disease", "Patients", "Conditioning", "Follow-up (months)", "Overall survival",
                   "Treatment-related mortality"]
SIDEWAYS_ROWS = [["Okafor et al. 2015", "Neuromyelitis optica", "16", "BEAM and ATG", "48", "94%", "6%"],
                 ["Lind et al. 2018", "Neuromyelitis optica", "12", "Cyclophosphamide and ATG", "36", "100%", "0%"]]


def test_studies_as_columns_with_rows_of_outcomes_are_read_the_right_way_round(tmp_path):
    text = LAYOUTS["studies_as_columns"](SIDEWAYS_HEADER, SIDEWAYS_ROWS)
    extraction = extract(read(_written(tmp_path, text), "t.txt"))
    assert [(a.disease, a.n_patients, a.year) for a in extraction.arms] == [("OTHER", 16, 2015), ("OTHER", 12, 2018)]
    assert extraction.findings == []  # the outcome rows of a table are no findings of its prose


def _written(tmp_path, text: str):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return path
