"""Classes of review table that were read as nothing or misread, each in our own text:

1. column-stacked blocks: a table whose cells each held a list, flattened column by column;
2. numeric columns with no count column: an age, a percentage, a score or a follow-up is no count;
3. rows of prose cells that nothing frames: two rows, or rows that open with a study's acronym.
"""

from __future__ import annotations

import pytest

from extractors.extract import document_tables, extract
from extractors.readers import read
from extractors.sections import find_sections
from extractors.tables.blocks import Block, block_grids, block_kind, unwrapped, value_kinds
from extractors.tables.headers import header_role, names_measure
from extractors.tables.patterns import AUTHOR_YEAR
from extractors.tables.records import record_count

from .conftest import FIXTURES


def extracted(name: str):
    path = FIXTURES / name
    return extract(read(path, name))


def arms(name: str, fields: tuple[str, ...]) -> list[tuple]:
    return [tuple(getattr(a, f) for f in fields) for a in extracted(name).arms]


# ---------------------------------------------------------------- 1. column-stacked blocks

STUDY = ("disease", "cell_source", "route", "n_patients", "year", "reference")


def test_column_blocks_under_disease_headings_give_one_arm_per_study():
    """No header: each block's kind says its column; each heading names its studies' disease; a group of
    one study is its cells one per block; a wrapped route joins back; a list that lost a value ("15"
    for two studies) is read for neither, the columns after it still are."""
    assert arms("tables2_column_blocks_by_disease.txt", STUDY) == [
        ("IBD", "AD", "intralesional", 12, 2012, "14"),
        ("IBD", "BM", "intravenous", 21, 2015, "15"),
        ("IBD", "UC", "intravenous", 30, 2019, "16"),
        ("SLE", "UC", "intravenous", 40, 2016, "17"),
        ("T1DM", "BM", "intravenous", None, 2018, "18"),
        ("T1DM", "UC", "intravenous", None, 2021, "19"),
    ]


def test_column_blocks_under_names_one_per_block_read_the_header():
    """The names above the first group (its heading between) are the header; "X" in the identifiers'
    list states none; a heading naming no coded disease adds nothing."""
    got = arms("tables2_column_blocks_registry.txt", ("registry_id", "disease", "cell_source", "route", "n_patients"))
    assert got == [
        ("NCT04811111", "RA", "UC", "intravenous", 16),
        (None, "SLE", "UC", "intravenous", 48),
        ("NCT05322222", "IBD", "AD", "intralesional", 120),
        ("NCT05433333", "SSc", "BM", "intravenous", 20),
        ("NCT04944444", "MS", "BM", "intrathecal", 30),
        ("NCT05155555", "OTHER", "UC", "intravenous", 12),
    ]


def test_column_blocks_give_a_grid_with_the_header_and_the_rows_line_spans():
    lines = (FIXTURES / "tables2_column_blocks_registry.txt").read_text(encoding="utf-8").split("\n")
    (found,) = block_grids(lines)
    assert found.grid.header == ("Trial ID", "Condition", "Cell source", "Route", "Phase", "Enrolment")
    assert [c.text for c in found.grid.rows[1]] == ["X", "Systemic lupus erythematosus", "Umbilical cord MSC",
                                                    "Intravenous", "Phase 2", "48"]
    assert found.row_spans[0] == (17, 42)  # its identifier's line to its count's line
    assert found.grid.title.startswith("Table 2")


@pytest.mark.parametrize(("values", "kind"), [
    (("NCT04811111", "X", "NCT05322222"), "registry"),
    (("16", "48", "120"), "count"),
    (("Phase 1", "Phase 2", "Phase 1/2"), "phase"),
    (("Intravenous", "Intrathecal", "Intravenous"), "route"),
    (("Umbilical cord", "Bone marrow", "Adipose tissue"), "cell"),
    (("Crohn's disease", "Multiple sclerosis", "Type 1 diabetes"), "disease"),
    (("[14]", "[15]", "NR"), "citation"),
    (("Okafor 2016", "Lindqvist 2019", "Haddad 2021"), "study"),
    (("Completed", "Recruiting", "Terminated early"), "text"),
    # a row printed one cell per line: many kinds in one block, no column
    (("NCT04811111", "Rheumatoid arthritis", "Umbilical cord MSC", "16", "1 × 106 cells/kg"), None),
])
def test_a_block_is_one_kind_of_value(values, kind):
    assert block_kind(values) == kind


@pytest.mark.parametrize(("text", "kinds"), [
    ("X", {"empty"}), ("NR", {"empty"}), ("NCT05511111", {"registry"}), ("2 × 106 cells/kg", {"dose"}),
    ("Autologous BM-MSC", {"origin", "cell"}), ("Terminated", {"text"}),
])
def test_a_value_has_its_kinds(text, kinds):
    assert value_kinds(text) == kinds


def test_a_wrapped_value_joins_the_line_it_goes_on_from():
    block = Block((0, 1, 2), ("Intravenous", "Intravenous followed by a second", "infusion at day 90"),
                  ((0, 0), (1, 1), (2, 2)))
    assert unwrapped(block, 2).values == ("Intravenous", "Intravenous followed by a second infusion at day 90")
    assert unwrapped(block, 3) is block
    assert unwrapped(Block((0, 1), ("Intravenous", "Intrathecal"), ((0, 0), (1, 1))), 3) is None


# ---------------------------------------------------------------- 2. numeric columns, no count column

DOSED = ("n_patients", "dose_min", "dose_unit", "route", "year")
NO_COUNT = [
    (None, 1e6, "cells/kg", "intravenous", 2014),
    (None, 2e6, "cells/kg", "intrathecal", 2016),
    (None, 4e7, "cells", "intravenous", 2019),
]


def test_an_age_a_percentage_or_a_score_is_no_count_in_space_separated_rows():
    """No column names the patients: no number is their count, and the dose stays whole ("4 × 107
    cells" after a column of numbers keeps its 4)."""
    assert arms("tables2_numbers_without_count.txt", DOSED) == NO_COUNT


def test_an_age_a_percentage_or_a_score_is_no_count_in_a_pipe_table():
    """A column of whole numbers under "Female (%)" is not claimed as the count by its cells."""
    assert arms("tables2_numbers_without_count_pipe.txt", DOSED) == NO_COUNT


def test_records_with_several_bare_numbers_and_no_header_give_no_count_but_a_labelled_one():
    assert arms("tables2_numbers_without_count_records.txt", DOSED) == NO_COUNT[:2] + [(9, 4e7, "cells",
                                                                                        "intravenous", 2019)]


@pytest.mark.parametrize(("name", "measure"), [
    ("Mean age (years)", True), ("Female (%)", True), ("Baseline EDSS", True), ("Follow-up (months)", True),
    ("Patients Age range (Y)", True), ("Female patients", True), ("Number of infusions", True),
    ("Patients (% female)", True),
    ("Patients", False), ("N", False), ("Sample size", False), ("Patients, n (%)", False),
    ("N (patients), age (years)", False), ("Patients (M/F)", False), ("Enrolment", False),
    ("No. of patients (%)", False), ("Response (%)", True),
])
def test_a_column_name_names_a_measure_of_the_patients_or_their_count(name, measure):
    assert names_measure(name) is measure


@pytest.mark.parametrize(("name", "role"), [
    ("Patients Age range (Y)", "other"), ("Number of infusions", "schedule"), ("N (patients), age (years)", "patients"),
    ("Patients, n (%)", "patients"), ("No. of patients", "patients"),
])
def test_a_measure_of_the_patients_names_no_count_column(name, role):
    assert header_role(name) == role


@pytest.mark.parametrize(("text", "roles", "measured", "count"), [
    ("Adeyemi et al. 2015 Adults with lupus UC-MSC 18 patients", [], False, "18"),  # "2015 Adults" is a year
    ("Ferreira 2014 SPMS BM-MSC 41 62 12 1 × 106 cells/kg", [], False, None),  # several bare numbers
    ("Ferreira 2014 SPMS BM-MSC 41 62 12 1 × 106 cells/kg", ["study", "patients"], False, "41"),
    ("Ferreira 2014 SPMS BM-MSC 41 1 × 106 cells/kg", [], False, "41"),  # the only bare number
    ("Ferreira 2014 SPMS BM-MSC 41 1 × 106 cells/kg", ["study", "disease", "other"], True, None),  # "Mean age"
])
def test_a_record_count_is_a_labelled_count_or_a_number_no_header_says_is_else(text, roles, measured, count):
    assert record_count(text, roles, measured) == count


# ---------------------------------------------------------------- 3. rows of prose cells, nothing framing them

PROSE = ("disease", "cell_source", "origin", "n_patients", "dose_min", "dose_max", "route", "year")


def test_two_prose_rows_with_no_caption_or_header_make_a_table_when_each_carries_an_arm():
    """Author names as tables cite them: accented, after a particle."""
    assert arms("tables2_prose_rows_two_studies.txt", PROSE) == [
        ("SLE", "UC", "allogeneic", 18, 1e6, 1e6, "intravenous", 2017),
        ("RA", "AD", "autologous", 24, 2e6, 2e6, "intravenous", 2019),
    ]


def test_prose_rows_opening_with_a_studys_acronym_make_a_table():
    assert arms("tables2_prose_rows_study_acronyms.txt", PROSE) == [
        ("MS", "BM", "autologous", 60, 1e6, 2e6, "intravenous", None),
        ("IBD", "AD", "allogeneic", 90, 1.2e8, 1.2e8, "intralesional", None),
        ("SLE", "UC", None, 40, 2e6, 2e6, "intravenous", None),
    ]


def test_sentences_opening_with_an_acronym_stay_prose():
    """Two sentences that each name a cell source, a disease and a count are no table rows: their
    verbs say they are sentences."""
    path = FIXTURES / "tables2_acronym_sentences_not_a_table.txt"
    document = read(path, path.name)
    lines = document.plain.split("\n")
    found = document_tables(document, lines, find_sections(lines))
    assert extract(document).arms == [] and found.tables == [] and not found.lines


@pytest.mark.parametrize(("opening", "year"), [
    ("Álvarez-Ruiz et al. 2017", "2017"), ("Møller 2016", "2016"), ("Çelik et al. (2019)", "2019"),
    ("van der Berg et al. 2014", "2014"), ("de Oliveira et al. 2019", "2019"), ("Zhang J, et al. 2015", "2015"),
    ("Li X et al. 2016", "2016"), ("Wang D. et al. 2014", "2014"), ("Liang J 2010", "2010"),
    ("Liang et al. (2010)", "2010"), ("Nash and Hall, 2007", "2007"),
])
def test_an_author_and_year_open_a_record_as_tables_cite_them(opening, year):
    m = AUTHOR_YEAR.match(f"{opening} Systemic sclerosis BM-MSC 12")
    assert m is not None and m.group(1) == year
