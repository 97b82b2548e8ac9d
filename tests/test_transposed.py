"""Transposed tables in plain text (one study per column, one characteristic per row) read into
grids, and through the column-role reader and the arm builder into arms. Each fixture is an
invented table showing one trait of the layout."""

from __future__ import annotations

import pytest

from extractors.arms import ArmBuilder
from extractors.columns import read_grid
from extractors.document import Grid, plain
from extractors.transposed import split_row, transposed_grids

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
    assert grid.header == ("Study", "Year", "Reference", "Type of study", "Patients", "Median age", "Source of MSC",
                           "Dose per infusion (×106/kg)", "Route", "Response at week 12 (%)")
    assert column(grid, "Study") == ["Ahlberg (2018) [12]", "Moreno (2020) [14]", "Tanaka (2021) [15]"]
    assert column(grid, "Type of study") == ["phase 2", "phase 1", "retrospective"]
    assert column(grid, "Dose per infusion (×106/kg)") == ["2", "1.5", "3"]
    assert column(grid, "Response at week 12 (%)") == ["61", "-", "46 (50) d"]
    assert grid.row_lines == (6, 6, 8)  # the line each study's name is printed on
    assert (grid.header_line, grid.span) == (6, (4, 17))
    assert grid.title == "Table 2. Trials of MSCs in refractory Crohn's disease."
    assert grid.legend.startswith("MSC: mesenchymal stromal cell;")


def test_study_header_split_over_lines_gives_arms():
    [grid] = grids_of("transposed_split_study_header.txt")
    got = [(a.disease, a.n_patients, a.cell_source, a.reference, a.year) for a in arms_of(grid)]
    assert got == [("IBD", 38, "BM", "12", 2018), ("IBD", 14, "UC", "14", 2020), ("IBD", 26, "AD", "15", 2021)]


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
    assert column(grid, "Study") == ["Novak et al. (2016) [3]", "Ruiz (2019) [7]", "Haddad (2021) [11]"]
    assert grid.header[3:] == ("Participants", "Source of MSC", "Dose per infusion (×106/kg)", "EDSS change at month 6")
    assert column(grid, "EDSS change at month 6") == ["-0.5", "0.0", "-0.3"]
    got = [(a.disease, a.n_patients, a.cell_source, a.reference, a.year) for a in arms_of(grid)]
    assert got == [("MS", 24, "BM", "3", 2016), ("MS", 10, "AD", "7", 2019), ("MS", 16, "BM", "11", 2021)]


def test_row_tables_and_prose_with_numbers_are_not_transposed():
    assert grids_of("transposed_lookalike_row_tables.txt") == []


@pytest.mark.parametrize(("line", "k", "expected"), [
    ("Patients 40 12 25", 3, ("Patients", ("40", "12", "25"))),
    ("Response at week 12 (%) 60 - 48 (52) d", 3, ("Response at week 12 (%)", ("60", "-", "48 (52) d"))),
    ("OR day 28 58 60", 2, ("OR day 28", ("58", "60"))),
    ("Age 35 ± 4 41 ± 6", 2, ("Age", ("35 ± 4", "41 ± 6"))),
    ("Dose 1 × 106 2 × 106", 2, ("Dose", ("1 × 106", "2 × 106"))),
    ("Route IV IV local", 3, ("Route", ("IV", "IV", "local"))),
    ("Source of MSC BM BM UC UC", 4, ("Source of MSC", ("BM", "BM", "UC", "UC"))),
    ("Type of study phase 3 phase 3 expanded access retrospective retrospective", 5,
     ("Type of study", ("phase 3", "phase 3", "expanded access", "retrospective", "retrospective"))),
    ("Cell source bone marrow umbilical cord adipose tissue", 3,
     ("Cell source", ("bone marrow", "umbilical cord", "adipose tissue"))),
    ("Disease luminal CD perianal CD luminal CD", 3, ("Disease", ("luminal CD", "perianal CD", "luminal CD"))),
    ("Study type case series phase 1 case report", 3, ("Study type", ("case series", "phase 1", "case report"))),
    ("Row label 11 15 71 3 31", 2, None),  # more numbers than studies: a row of another table
    ("Median age years 35 41", 3, None),  # a blank cell: which study lacks its value cannot be told
    ("Dose per infusion", 2, None),  # a label alone, its values on the next line
    ("Wang (2014) [12] SLE UC 40 1", 2, None),  # a study's own row: a row table, not a transposed one
])
def test_split_row(line, k, expected):
    assert split_row(line, k) == expected


def test_transposed_table_through_extraction_takes_the_dose_unit_from_its_row_label():
    from extractors.extract import extract
    from extractors.readers import read

    path = FIXTURES / "transposed_split_study_header.txt"
    arms = extract(read(path, path.name)).arms
    assert [(a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.year, a.reference, a.disease) for a in arms] == [
        (38, "BM", 2e6, "cells/kg", 2018, "12", "IBD"), (14, "UC", 1.5e6, "cells/kg", 2020, "14", "IBD"),
        (26, "AD", 3e6, "cells/kg", 2021, "15", "IBD")]
    assert arms[0].line_start == 6 and arms[0].line_end == 16
