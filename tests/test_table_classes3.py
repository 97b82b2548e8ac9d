"""Classes of review table that were read as nothing, or whose rows lost their fields, each in our own text:

1. a record's opener alone on its line (a year, a row number), the rest of the record on the next line,
   spaced or glued;
2. one cell per line where cells and column names wrap, each part a line of its own between blank lines
   (a journal's "tables" page), so that the lines per record vary;
3. HTML cells holding lists, one study per line between <br>s: the HTML form of a column-stacked table;
4. a header wrapped over two or three lines, its names' first words on the first, over rows that each
   state several dose levels ("2 or 8 × 106/kg", or bare "1, 2 or 4" under a unit in the header).
"""

from __future__ import annotations

import pytest

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.blocks import continues, list_values
from extractors.tables.headers import wrapped_header
from extractors.tables.layouts import cell_kind
from extractors.tables.patterns import BARE_DOSE
from extractors.tables.records import align, find_records

from .conftest import FIXTURES

FIELDS = ("disease", "cell_source", "origin", "n_patients", "dose_min", "dose_max", "route", "year", "reference")


def arms(name: str) -> list[tuple]:
    path = FIXTURES / name
    return [tuple(getattr(a, f) for f in FIELDS) for a in extract(read(path, name)).arms]


# ---------------------------------------------------------------- 1. the opener alone on its line

DATED = [
    ("SLE", "UC", None, 24, 1e6, 1e6, "intravenous", 2015, "12"),
    ("IBD", "AD", None, 12, 3e7, 3e7, "intralesional", 2017, "13"),
    ("MS", "BM", None, 9, 2e6, 2e6, "intrathecal", 2019, "14"),
    ("RA", "UC", None, 30, 4e7, 4e7, "intravenous", 2020, "15"),
]


def test_a_year_alone_opens_the_record_below_it_not_an_arm_of_the_row_above():
    """Read against the header, the year lines were arms of the row above them ("2017" patients)."""
    assert arms("tables3_year_alone_over_its_record.txt") == DATED


def test_a_year_alone_over_a_glued_rest_gives_the_year_and_splits_the_glued_count():
    """"UC-MSC202 × 106" under "Patients" then "Dose": 20 patients, 2 × 10^6 cells/kg."""
    assert arms("tables3_year_alone_rest_glued.txt") == [
        ("SSc", "AD", "autologous", 12, 1e6, 1e6, "subcutaneous", 2014, "31"),
        ("T1DM", "UC", None, 20, 2e6, 2e6, "intravenous", 2016, "32"),
        ("IBD", "BM", "allogeneic", 16, 2e6, 2e6, "intravenous", 2018, "33"),
    ]


def test_years_alone_open_records_under_a_caption_with_no_header():
    assert arms("tables3_year_alone_no_header.txt") == [
        ("SLE", "UC", None, 18, 1e6, 1e6, "intravenous", 2013, "21"),
        ("IBD", "AD", None, 24, 3e7, 3e7, "intralesional", 2016, "22"),
        ("MS", "BM", None, 10, 2e6, 2e6, "intrathecal", 2019, "23"),
    ]


def test_a_year_cell_one_per_line_opens_no_record():
    """One cell per line, the line after a year is one cell (a country, a count): no record opens there."""
    lines = ["Table 1. Trials of mesenchymal stem cells", "", "Okafor [12]", "2015", "Nigeria", "24", "UC-MSC",
             "1 × 106/kg", "Lindqvist [13]", "2016", "Sweden", "40", "BM-MSC", "2 × 106/kg"]
    assert all(table.kind != "year" for table in find_records(lines))


# ---------------------------------------------------------------- 2. one cell per line, wrapped apart


def test_wrapped_names_and_cells_apart_keep_each_record_whole():
    """Names wrapped one part a line ("Sample size" / "(female/male)", "Source of" / "MSCs") are one
    name each; cells wrapped so ("RRMS/" / "SPMS", "Autologous" / "BM-MSC") are one cell each."""
    assert arms("tables3_cells_wrapped_apart.txt") == [
        ("MS", "BM", "autologous", 24, 1e6, 1e6, "intravenous", 2015, "12"),
        ("MS", "UC", "allogeneic", 40, 2e6, 2e6, "intrathecal", 2016, "13"),
        ("MS", "AD", "autologous", 12, None, None, "intravenous", 2018, "14"),
        ("MS", "UC", None, 18, 1e6, 1e6, "intrathecal+intravenous", 2019, "15"),
        ("MS", "BM", "autologous", 9, 4e7, 4e7, "intrathecal", 2020, "16"),
    ]


def test_a_last_column_of_words_is_a_name_not_the_first_cell_of_the_body():
    """The header ends with "Outcome": cutting it one name short shifts each record by a cell, the
    study's author and year into the row above."""
    assert arms("tables3_cells_wrapped_outcome_last.txt") == [
        ("MS", "BM", "autologous", 24, 1e6, 1e6, "intravenous", 2015, "11"),
        ("MS", "UC", "allogeneic", 40, 2e6, 2e6, "intrathecal", 2016, "12"),
        ("IBD", "AD", "allogeneic", 212, 1.2e8, 1.2e8, "intralesional", 2018, "13"),
        ("SLE", "UC", None, 18, 1e6, 1e6, "intravenous", 2019, "14"),
        ("RA", "AD", "autologous", 9, 4e7, 4e7, "intra-articular", 2020, "15"),
    ]


def test_wrapped_names_one_per_line_are_one_name_each():
    lines = (FIXTURES / "tables3_cells_wrapped_apart.txt").read_text(encoding="utf-8").split("\n")
    (table,) = find_records(lines)
    assert table.header == ["References", "Year", "Country", "Design", "Sample size (female/male)", "MS type",
                            "Source of MSCs", "Cell number of MSCs", "Administration method"]


@pytest.mark.parametrize(("previous", "line", "joined"), [
    ("RRMS/SPMS/", "PPMS", True),  # the line before ends joined
    ("Crohn's disease with", "perianal fistula", True),
    ("Systemic lupus", "erythematosus", True),  # lower case
    ("Autologous", "BM-MSC", True),  # an origin, then the cells it qualifies
    ("Open-label,", "single-arm", True),
    ("Okafor [12]", "2015", False),
    ("BM-MSC", "1 × 106/kg", False),
    ("Intravenous", "Lindqvist [13]", False),
])
def test_a_line_continues_the_cell_above_it_by_kind(previous, line, joined):
    assert continues(previous, line) is joined


def test_a_cell_wrapped_into_two_lines_is_aligned_as_one():
    roles = ["reference", "year", "disease", "cell", "patients", "dose", "route"]
    pieces = ["Okafor [12]", "2015", "RRMS/", "SPMS", "Autologous", "BM-MSC", "24", "1 × 106/kg", "IV"]
    assert align(pieces, roles) == {"reference": "Okafor [12]", "year": "2015", "disease": "RRMS/ SPMS",
                                    "cell": "Autologous BM-MSC", "patients": "24", "dose": "1 × 106/kg",
                                    "route": "IV"}


# ---------------------------------------------------------------- 3. HTML cells holding lists


def test_html_cells_holding_lists_give_one_arm_per_study():
    """A row's cells list three studies (then two, then one); the disease cell holds one value for all
    of them; a cell source wrapped onto two lines in a list of two ("UC-MSC", "Autologous", "BM-MSC")
    is joined back; a row whose only <br> wraps one value ("Multiple<br>sclerosis") is not split."""
    assert arms("tables3_html_cell_lists.html") == [
        ("IBD", "AD", None, 12, 3e7, 3e7, "intralesional", 2015, "14"),
        ("IBD", "BM", None, 21, 2e6, 2e6, "intravenous", 2017, "15"),
        ("IBD", "UC", None, 30, 1e6, 2e6, "intravenous", 2019, "16"),
        ("SLE", "UC", None, 40, 1e6, 1e6, "intravenous", 2016, "17"),
        ("SLE", "BM", "autologous", 18, 2e6, 2e6, "intravenous", 2018, "18"),
        ("MS", "BM", "autologous", 9, 2e6, 2e6, "intrathecal", 2020, "19"),
    ]


@pytest.mark.parametrize(("cells", "expected"), [
    ([["Lupus"], ["10", "20"], ["1 × 106/kg", "2 × 106/kg"]], ["Lupus", ["10", "20"], ["1 × 106/kg", "2 × 106/kg"]]),
    ([["Lupus"], ["10", "20"], ["UC-MSC", "Autologous", "BM-MSC"]], ["Lupus", ["10", "20"], ["UC-MSC", "Autologous BM-MSC"]]),
    ([["Autologous", "BM-MSC"], ["12"], ["Multiple", "sclerosis"]], None),  # wrapped values, no list
    ([["Lupus"], ["10", "20"], ["1 × 106/kg"]], None),  # one list alone: one study's values on two lines
    ([["10", "20"], ["1 × 106/kg", "2 × 106/kg", "4 × 106/kg"]], None),  # lists that disagree
])
def test_a_row_of_lists_is_its_studies_values(cells, expected):
    assert list_values(cells) == expected


# ---------------------------------------------------------------- 4. a header wrapped over lines, dose levels


def test_a_header_wrapped_over_three_lines_keeps_every_field_of_its_rows():
    assert arms("tables3_header_wrapped_dose_levels.txt") == [
        ("SLE", "UC", None, 12, 2e6, 8e6, "intravenous", 2015, "21"),
        ("IBD", "BM", None, 16, 1e6, 1e7, "intravenous", 2016, "22"),
        ("MS", "BM", None, 9, 1e6, 2e6, "intrathecal", 2017, "23"),
        ("RA", "AD", None, 30, 1e6, 4e6, "intravenous", 2018, "24"),
        ("SSc", "AD", None, 20, 5e5, 1e6, "subcutaneous", 2019, "25"),
        ("T1DM", "UC", None, 15, 1e6, 2e6, "intravenous", 2020, "26"),
    ]


def test_a_title_case_header_wrapped_over_bare_dose_levels_under_its_unit():
    """"1, 2 or 4" under "Dose Levels (×106 Cells/kg)" is three dose levels of 10^6 cells/kg."""
    assert arms("tables3_header_wrapped_title_case.txt") == [
        ("SLE", "UC", "allogeneic", 12, 1e6, 2e6, "intravenous", 2015, "31"),
        ("RA", "AD", "autologous", 18, 1e6, 4e6, "intravenous", 2016, "32"),
        ("MS", "BM", "autologous", 10, 1e6, 2e6, "intrathecal", 2017, "33"),
        ("IBD", "BM", "allogeneic", 16, 2e6, 8e6, "intravenous", 2018, "34"),
        ("SSc", "AD", "autologous", 9, 5e5, 1e6, "subcutaneous", 2019, "35"),
        ("T1DM", "UC", "allogeneic", 20, 1e6, 3e6, "intravenous", 2020, "36"),
    ]


@pytest.mark.parametrize(("lines", "names", "taken"), [
    (["Author Year Disease Cell No. of Dose per Route of Follow-up Ref.",
      "source patients infusion administration (months)", "(cells/kg)"],
     ["Author", "Year", "Disease", "Cell source", "No. of patients", "Dose per infusion (cells/kg)",
      "Route of administration", "Follow-up (months)", "Ref."], 3),
    (["Year Study Disease Cell Patients Dose Route", "source (n)"],
     ["Year", "Study", "Disease", "Cell source", "Patients (n)", "Dose", "Route"], 2),
])
def test_a_wrapped_header_gives_each_wrapped_word_to_its_name(lines, names, taken):
    columns, used = wrapped_header(lines)
    assert [c.header for c in columns] == names and used == taken


@pytest.mark.parametrize("lines", [
    ["Study Disease Cell source Patients Dose Route", "Randomized controlled trials"],  # a heading over rows
    ["Study Disease Cell source Patients Dose Route", "Okafor 2015 SLE UC-MSC 24 1 × 106/kg IV"],  # a row
    ["Study Disease Cell source Patients Dose Route"],
])
def test_a_heading_or_a_row_under_a_header_is_no_part_of_it(lines):
    assert wrapped_header(lines) is None


@pytest.mark.parametrize(("text", "kind"), [
    ("1 or 2 × 106 cells/kg", "dose"), ("2, 8 × 106/kg", "dose"), ("24", "count"), ("24 (14/10)", "count"),
])
def test_dose_levels_opening_with_a_number_are_a_dose_not_a_count(text, kind):
    assert cell_kind(text) == kind


@pytest.mark.parametrize(("text", "bare"), [
    ("1, 2 or 4", True), ("0.5 or 1", True), ("2 and 8", True), ("0.5 – 1", True), ("1.5", True),
    ("1 or", False), ("12 months", False),
])
def test_bare_dose_levels_under_a_unit(text, bare):
    assert bool(BARE_DOSE.fullmatch(text)) is bare
