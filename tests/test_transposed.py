"""Transposed tables in plain text (one study per column, one characteristic per row) read into
grids, and through the column-role reader and the arm builder into arms. Each fixture is an
invented table showing one trait of the layout."""

from __future__ import annotations

import pytest

from extractors.document import Grid, plain
from extractors.tables.arms import ArmBuilder
from extractors.tables.columns import read_grid
from extractors.tables.transposed import split_row, transposed_grids

from .conftest import FIXTURES


def grids_of(name: str) -> list[Grid]:
    return [t.grid for t in transposed_grids(plain((FIXTURES / name).read_text(encoding="utf-8")).split("\n"))]


def column(grid: Grid, label: str) -> list[str]:
    """One header label's cells, study by study."""
    k = grid.header.index(label)
    return [row[k].text for row in grid.rows]


def arms_of(grid: Grid):
    table = read_grid(grid)
    assert table is not None, f"no trial columns in {grid.header}"
    return ArmBuilder("doc", "fixture.txt", table.legend, table.title).arms(table.groups, 1)


def test_study_header_split_over_lines():
    [grid] = grids_of("transposed_split_study_header.txt")
    assert grid.header == ("Study", "Year", "Reference", "Design", "Patients", "Mean age", "Tissue source",
                           "Cell dose (×106/kg)", "Route", "Mayo response at week 8 (%)")
    assert column(grid, "Study") == ["Brennan (2017) [21]", "Sato (2019) [23]", "Oduya (2022) [24]"]
    assert column(grid, "Design") == ["phase 1", "phase 2", "case series"]
    assert column(grid, "Cell dose (×106/kg)") == ["1.5", "2", "2.5"]
    assert column(grid, "Mayo response at week 8 (%)") == ["55", "-", "40 (47) e"]
    assert grid.row_lines == (6, 6, 8)  # the line each study's name is printed on
    assert (grid.header_line, grid.span) == (6, (4, 17))
    assert grid.title == "Table 4. Clinical experience with MSCs in refractory ulcerative colitis."
    assert grid.legend.startswith("UC: umbilical cord;")


def test_study_header_split_over_lines_gives_arms():
    [grid] = grids_of("transposed_split_study_header.txt")
    got = [(a.disease, a.n_patients, a.cell_source, a.reference, a.year) for a in arms_of(grid)]
    assert got == [("IBD", 22, "UC", "21", 2017), ("IBD", 16, "BM", "23", 2019), ("IBD", 30, "AD", "24", 2022)]


def test_own_study_without_citation_and_same_author_year_twice():
    [grid] = grids_of("transposed_own_study_without_citation.txt")
    assert column(grid, "Study") == ["Okafor et al. (2017) [8]", "Okafor et al. (2017) [9]", "Lindqvist (2019) [21]",
                                     "This series b (2024)"]
    assert column(grid, "Reference") == ["8", "9", "21", ""]
    assert column(grid, "Design") == ["open-label RCT", "phase 2", "expanded access", "retrospective"]
    assert column(grid, "Cell source") == ["umbilical cord", "bone marrow", "umbilical cord", "umbilical cord"]
    assert column(grid, "Complete remission (%)") == ["23 (7/30)", "33", "-", "45 (5/11) c"]
    assert grid.legend.startswith("Abbreviations: IV, intravenous")
    got = [(a.disease, a.n_patients, a.cell_source, a.route, a.reference, a.year) for a in arms_of(grid)]
    assert got == [
        ("SLE", 30, "UC", "intravenous", "8", 2017),
        ("SLE", 18, "BM", "intravenous", "9", 2017),
        ("SLE", None, "UC", "intravenous", "21", 2019),  # '-': not stated
        ("SLE", 11, "UC", "intravenous", None, 2024),  # the article's own series has no citation
    ]


def test_corner_cell_and_label_broken_over_two_lines():
    [grid] = grids_of("transposed_corner_cell_and_wrapped_label.txt")
    assert column(grid, "Study") == ["Ibarra et al. (2015) [5]", "Chen (2018) [9]", "Walsh (2020) [12]"]
    assert grid.header[3:] == ("Participants", "Cell source", "Cell dose at every infusion (×106/kg)",
                               "mRSS change at month 12")
    assert column(grid, "mRSS change at month 12") == ["-6", "-4", "-9"]
    got = [(a.disease, a.n_patients, a.cell_source, a.reference, a.year) for a in arms_of(grid)]
    assert got == [("SSc", 12, "UC", "5", 2015), ("SSc", 18, "BM", "9", 2018), ("SSc", 9, "AD", "12", 2020)]


def test_row_tables_and_prose_with_numbers_are_not_transposed():
    assert grids_of("transposed_lookalike_row_tables.txt") == []


@pytest.mark.parametrize(("line", "k", "expected"), [
    ("Patients 33 14 27", 3, ("Patients", ("33", "14", "27"))),
    ("Remission at week 16 (%) 52 - 41 (45) c", 3, ("Remission at week 16 (%)", ("52", "-", "41 (45) c"))),
    ("CR month 3 44 51", 2, ("CR month 3", ("44", "51"))),
    ("Age 35 ± 4 41 ± 6", 2, ("Age", ("35 ± 4", "41 ± 6"))),
    ("Dose 1.5 × 106 4 × 106", 2, ("Dose", ("1.5 × 106", "4 × 106"))),
    ("Route IV IV local", 3, ("Route", ("IV", "IV", "local"))),
    ("Tissue source UC AD AD BM", 4, ("Tissue source", ("UC", "AD", "AD", "BM"))),
    ("Design phase 2 phase 2 compassionate use case series case series", 5,
     ("Design", ("phase 2", "phase 2", "compassionate use", "case series", "case series"))),
    ("Cell source adipose tissue bone marrow umbilical cord", 3,
     ("Cell source", ("adipose tissue", "bone marrow", "umbilical cord"))),
    ("Disease luminal CD perianal CD luminal CD", 3, ("Disease", ("luminal CD", "perianal CD", "luminal CD"))),
    ("Study type case series phase 1 case report", 3, ("Study type", ("case series", "phase 1", "case report"))),
    ("Row label 12 17 64 5 29", 2, None),  # more numbers than studies: a row of another table
    ("Mean age years 38 44", 3, None),  # a blank cell: which study lacks its value cannot be told
    ("Cell dose at", 2, None),  # a label alone, its values on the next line
    ("Ortiz (2014) [12] SLE UC 36 1", 2, None),  # a study's own row: a row table, not a transposed one
])
def test_split_row(line, k, expected):
    assert split_row(line, k) == expected


def test_transposed_table_through_extraction_takes_the_dose_unit_from_its_row_label():
    from extractors.extract import extract
    from extractors.readers import read

    path = FIXTURES / "transposed_split_study_header.txt"
    arms = extract(read(path, path.name)).arms
    assert [(a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.year, a.reference, a.disease) for a in arms] == [
        (22, "UC", 1.5e6, "cells/kg", 2017, "21", "IBD"), (16, "BM", 2e6, "cells/kg", 2019, "23", "IBD"),
        (30, "AD", 2.5e6, "cells/kg", 2022, "24", "IBD")]
    assert arms[0].line_start == 6 and arms[0].line_end == 16
