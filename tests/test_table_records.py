"""Tables found from their records where no header reads: each test a layout class, in our own text."""

from __future__ import annotations

import pytest

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.patterns import unglue
from extractors.tables.records import align, find_records, record_count

from .conftest import FIXTURES


def arms_of(text: str, tmp_path, name: str = "table.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path, name))


# A registry listing scraped with its cells glued: identifier, title, status, phase, count, cells, dose.
GLUED_REGISTRY = """Registered trials of stromal cells in lupus and Crohn's disease listed at the registry

Trial IDTrial titleStatusPhasePatientsCell productCell dose
NCT05511111Umbilical Cord Stromal Cells for Refractory Lupus NephritisRecruitingI/II18UC-MSCs2 × 106 cells/kg
NCT05522222Adipose Stromal Cells in Perianal Crohn's DiseaseCompletedII40Allogeneic AD-MSCs1 dose of 60 × 106 cells
NCT05533333Marrow Stromal Cells in Systemic Lupus ErythematosusActive, not recruitingI9Autologous BM-MSCsNot stated
"""


def test_a_glued_registry_listing_gives_one_arm_per_record(tmp_path):
    result = arms_of(GLUED_REGISTRY, tmp_path)
    got = [(a.registry_id, a.disease, a.n_patients, a.cell_source, a.origin, a.dose_min, a.dose_unit)
           for a in result.arms]
    assert got == [
        ("NCT05511111", "SLE", 18, "UC", None, 2e6, "cells/kg"),
        ("NCT05522222", "IBD", 40, "AD", "allogeneic", 6e7, "cells"),
        ("NCT05533333", "SLE", 9, "BM", "autologous", None, None),
    ]


# Rows whose cells are sentences, each opening with its number and its study.
NUMBERED_PROSE_ROWS = (FIXTURES / "numbered_rows_of_sentences.txt").read_text(encoding="utf-8")


def test_numbered_rows_of_sentences_give_their_studies(tmp_path):
    got = [(a.year, a.reference, a.n_patients, a.cell_source, a.route, a.dose_min)
           for a in arms_of(NUMBERED_PROSE_ROWS, tmp_path).arms]
    assert got == [
        (2014, "31", 8, "AD", None, 2e6),
        (2018, "32", 14, "UC", "intravenous", 1e6),
        (2020, "33", 5, "BM", "intravenous", None),
    ]


# A table of drug trials: records open alike and carry counts, but no cell therapy.
DRUG_TRIALS = """Table 2. Biologic agents in lupus nephritis

Trial Agent Patients Dose
NCT04411111 Rituximab 144 1000 mg
NCT04422222 Belimumab 448 10 mg/kg
NCT04433333 Obinutuzumab 125 1000 mg
"""


def test_records_without_a_cell_therapy_give_no_arm(tmp_path):
    assert arms_of(DRUG_TRIALS, tmp_path).arms == []


# A paper's numbered headings open lines like numbered rows do; they are no table.
NUMBERED_HEADINGS = """Umbilical cord MSCs in lupus nephritis: a single-centre series

Abstract
Twelve patients with lupus nephritis received umbilical cord MSCs; 7 of 12 (58%) reached remission at 12 months.

1 Introduction
Lupus nephritis remains refractory in 20 patients of every hundred treated.

2 Methods
Patients received 1 × 106 cells/kg umbilical cord MSCs intravenously.

3 Results
Remission was reached by 7 of 12 patients (58%) at 12 months.
"""


def test_numbered_headings_are_no_records(tmp_path):
    result = arms_of(NUMBERED_HEADINGS, tmp_path)
    assert result.arms == []
    assert any(f.measure == "complete_remission" or f.value == 58.0 for f in result.findings)


def test_a_lone_line_is_never_a_table():
    lines = ["NCT05544444 Umbilical cord MSCs in lupus nephritis, 20 patients, 1 × 106 cells/kg", "",
             "Patients with lupus nephritis were treated."]
    assert find_records(lines) == []


@pytest.mark.parametrize(("glued", "spaced"), [
    ("NCT numberTitleStatusPhasePatients", "NCT number Title Status Phase Patients"),
    ("NCT05511111Stromal cellsRecruitingI/II18UC-MSCs", "NCT05511111 Stromal cells Recruiting I/II 18 UC-MSCs"),
    ("Not stated2 × 106 cells/kg", "Not stated 2 × 106 cells/kg"),
    ("Allogeneic BM-MSCs, 2 × 106 cells/kg", "Allogeneic BM-MSCs, 2 × 106 cells/kg"),  # spaced text is unchanged
])
def test_glued_text_is_cut_where_its_kind_changes(glued, spaced):
    assert unglue(glued) == spaced


@pytest.mark.parametrize(("text", "count"), [
    ("Allogeneic BM-MSCs Intravenous 12 Systemic sclerosis Improved skin score", "12"),
    ("Phase 2 trial of MSCs Recruiting II 30 Undefined", "30"),
    ("Autologous fat (20 ml) Subcutaneous 7 Digital ulcers None (41)", "7"),
    ("Open-label, n = 16, 1 × 106 cells/kg for 6 months", "16"),
    ("UC-MSCs 2 × 106 cells/kg at 12 months, 24 weeks follow-up", None),
])
def test_the_count_of_a_record_is_the_number_no_other_kind_claims(text, count):
    assert record_count(unglue(text), []) == count


def test_one_cell_per_line_aligns_a_wrapped_cell_and_a_missing_one():
    roles = ["row", "year", "cell", "dose", "patients", "registry", "reference"]
    pieces = ["4", "2019", "Bone marrow", "3 × 106 cells/kg,", "twice", "22", "NCT05555555"]
    assert align(pieces, roles) == {"row": "4", "year": "2019", "cell": "Bone marrow",
                                    "dose": "3 × 106 cells/kg, twice", "patients": "22",
                                    "registry": "NCT05555555"}


# Two dose cohorts in one record, each with its own count: each is an arm (a glued listing).
COHORT_ROWS = """Table 4. Mesenchymal stem cell trials in multiple sclerosis

TrialCountryPatientsCells and doseReference
NCT05566666Norway30BM-MSCs 50 × 106 i.t. (n = 18) and 20 × 106 i.v. (n = 12)[21]
NCT05577777Chile10UC-MSCs 1 × 106 cells/kg i.v.[22]
"""


def test_dose_cohorts_with_their_own_counts_are_arms(tmp_path):
    got = [(a.registry_id, a.n_patients, a.dose_min, a.route) for a in arms_of(COHORT_ROWS, tmp_path).arms]
    assert got == [("NCT05566666", 18, 5e7, "intrathecal"), ("NCT05566666", 12, 2e7, "intravenous"),
                   ("NCT05577777", 10, 1e6, "intravenous")]


def test_pipe_rows_with_dropped_cells_and_a_merged_first_column(tmp_path):
    """Each closed line is a row though its empty cells were dropped; a row without the group's
    merged first cell ("AHSCT (auto)" printed once) takes it from the row that printed it; the
    names under the rule are the header's second line."""
    path = FIXTURES / "pipe_merged_first_column.txt"
    arms = extract(read(path, path.name)).arms
    got = [(a.reference, a.n_patients, a.origin, a.cell_text) for a in arms]
    assert got == [("12", 40, "autologous", "AHSCT (auto)"), ("13", 18, "autologous", "AHSCT (auto)"),
                   ("14", 25, "autologous", "AHSCT (auto)"), ("15", 11, "autologous", "MSC (auto)"),
                   ("16", 9, "autologous", "MSC (auto)")]


def test_group_headings_and_a_dose_unit_in_the_header():
    """A disease line heads the rows below it; bare numbers under "Dose (×106 cells/kg)" are doses."""
    path = FIXTURES / "group_headings_dose_unit_in_header.txt"
    got = [(a.disease, a.n_patients, a.dose_min, a.dose_max, a.dose_unit, a.reference)
           for a in extract(read(path, path.name)).arms]
    assert got == [("MS", 12, 1.5e6, 1.5e6, "cells/kg", "21"), ("MS", 20, 2e6, 2e6, "cells/kg", "22"),
                   ("SLE", 35, 1e6, 1e6, "cells/kg", "23"), ("SLE", 8, 5e5, 1e6, "cells/kg", "24")]


def test_group_headings_over_records_that_open_with_author_and_year():
    """A heading between records closes the record above and names the disease of those below; a
    number after the year with more cells after it on the line is the count, not a citation."""
    path = FIXTURES / "group_headings_over_author_year_records.txt"
    got = [(a.disease, a.year, a.n_patients, a.reference, a.dose_min, a.line_start, a.line_end)
           for a in extract(read(path, path.name)).arms]
    assert got == [("IBD", 2014, 15, None, 2e6, 5, 5), ("IBD", 2017, 24, None, 5e7, 6, 6),
                   ("T1DM", 2016, 30, None, 1e6, 8, 8)]


def test_one_cell_per_line_with_names_of_no_known_column_and_the_registry_last():
    """Where the names end is what cuts the body into records that fit best; a registry id closing
    each record does not open the next; a word broken over two lines ("Intra-" "lesional") is one."""
    path = FIXTURES / "one_cell_per_line_unknown_names_registry_last.txt"
    got = [(a.disease, a.cell_source, a.origin, a.n_patients, a.route, a.dose_min, a.registry_id)
           for a in extract(read(path, path.name)).arms]
    assert got == [("SLE", "UC", "allogeneic", 18, "intravenous", 1e6, "NCT06600001"),
                   ("IBD", "AD", "autologous", 22, "intralesional", 4e7, "NCT06600002"),
                   ("T1DM", "BM", "autologous", 10, "intravenous", 2e6, "NCT06600003")]


def test_rows_of_sentences_opening_with_their_citation():
    """The count is the one a sentence labels ("Twelve patients", "25 patients"), written in words too."""
    path = FIXTURES / "citation_rows_with_sentences.txt"
    got = [(a.reference, a.n_patients, a.cell_source, a.origin, a.route)
           for a in extract(read(path, path.name)).arms]
    assert got == [("31", 12, None, "autologous", None), ("32", 25, "UC", "allogeneic", "intravenous"),
                   ("33", 6, "AD", "autologous", "subcutaneous")]


def test_evidence_tables_shows_the_layout_the_records_and_each_columns_role_with_its_reason(tmp_path):
    from extractors.explain import explain_tables

    path = tmp_path / "listing.txt"
    path.write_text(GLUED_REGISTRY, encoding="utf-8")
    shown = explain_tables(read(path, path.name))
    assert "layout: records opening with a registry; 3 record(s) at lines 4-4, 5-5, 6-6" in shown
    assert "Patients -> patients: its header's words" in shown
    assert "arm 3 (lines 6-6): disease=SLE, n_patients=9" in shown


def test_rows_about_animals_or_cells_in_a_dish_give_no_arm():
    path = FIXTURES / "preclinical_rows_among_trials.txt"
    got = [(a.year, a.n_patients, a.cell_source, a.dose_min) for a in extract(read(path, path.name)).arms]
    assert got == [(2020, 24, "UC", 1e6)]


def test_bare_doses_under_a_header_that_states_their_unit_in_collapsed_records():
    """The dose is the bare number in the dose column's place after the count; a score in its place
    (a coefficient above 100) would be no dose."""
    path = FIXTURES / "dose_unit_in_header_of_collapsed_rows.txt"
    got = [(a.reference, a.n_patients, a.dose_min, a.dose_max, a.dose_unit) for a in extract(read(path, path.name)).arms]
    assert got == [("12", 10, 2e6, 2e6, "cells/kg"), ("13", 24, 1e6, 5e6, "cells/kg"), ("14", 9, 5e5, 5e5, "cells/kg")]


def test_dose_groups_named_by_labels_in_one_row_are_arms():
    """"group A: 1, group B: 3" under a header stating the unit: one arm each, with no count of its own."""
    path = FIXTURES / "labelled_dose_groups_in_one_row.txt"
    got = [(a.reference, a.n_patients, a.dose_min, a.dose_unit, a.cell_source) for a in extract(read(path, path.name)).arms]
    assert got == [("31", None, 1e6, "cells/kg", "BM"), ("31", None, 3e6, "cells/kg", "BM"),
                   ("32", None, 2e6, "cells/kg", "UC")]


def test_records_opening_with_an_author_and_no_year_and_case_reports():
    """"Moreira et al." opens a record as an author and year does; "in one patient", "a 45-year-old
    man" count one patient."""
    path = FIXTURES / "author_rows_without_years_case_reports.txt"
    got = [(a.disease, a.n_patients, a.origin, a.cell_source, a.dose_min) for a in extract(read(path, path.name)).arms]
    assert got == [("AS", 1, "autologous", None, None), ("OTHER", 1, "allogeneic", None, None),
                   ("AS", 12, None, "UC", 1e6)]


def test_a_header_laid_out_in_columns_keeps_each_name_apart():
    """"Study              Phase": a run of spaces ends a column name, so the study cell gives its year
    and citation."""
    path = FIXTURES / "columns_laid_out_with_runs_of_spaces.txt"
    got = [(a.year, a.reference, a.n_patients, a.cell_source) for a in extract(read(path, path.name)).arms]
    assert got == [(2015, "7", 53, "AD"), (2018, "8", 12, "UC"), (2020, "9", 15, "BM")]


def test_rows_under_a_caption_with_no_header_that_each_name_a_cell_therapy():
    path = FIXTURES / "headerless_rows_under_a_caption.txt"
    got = [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.reference) for a in extract(read(path, path.name)).arms]
    assert got == [("SLE", 18, "UC", 1e6, "21"), ("SLE", 40, "BM", 2e6, "22"), ("SLE", 25, "UC", 1e6, "23")]
