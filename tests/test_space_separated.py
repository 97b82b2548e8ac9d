"""Space-separated text tables: cells split by single spaces only, one row per line.

Each fixture is a small invented table named for the trait it shows; the header names columns in
words outside the vocabularies, rows leave columns empty, and cells hold counts, doses and
citations in the ways scraped review tables write them.
"""

import pytest

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.headers import read_header
from extractors.tables.segment import TableReader

from .conftest import FIXTURES

FIELDS = ("line_start", "line_end", "n_patients", "cell_source", "origin", "dose_min", "dose_max", "dose_unit", "route",
          "registry_id", "year", "reference")


def arms_of(name: str) -> list[tuple]:
    path = FIXTURES / name
    return [tuple(_rounded(getattr(a, f)) for f in FIELDS) for a in extract(read(path, name)).arms]


def _rounded(value):
    """Doses to six significant digits: 25.1 × 10^6 is 25100000.000000004 in floating point."""
    return float(f"{value:.6g}") if isinstance(value, float) else value


def table_of(name: str):
    (table,) = TableReader((FIXTURES / name).read_text(encoding="utf-8").split("\n")).tables()
    return table


ARMS = [
    # bare registry numbers under "NCT no.", an empty "Funder" column, dose levels sharing one
    # power ("3, 9×106"), "×" glued, "iv." in lower case, "N/A" cells
    ("space_separated_registry_first.txt", [
        (4, 4, None, "BM", None, 3e6, 9e6, "cells/kg", "intravenous", "NCT05120034", None, None),
        (5, 5, None, "AD", "allogeneic", 5e7, 5e7, "cells", None, "NCT05233410", None, None),
        (6, 6, None, "AD", "autologous", 2e7, 6e7, "cells", "intralesional", "NCT05347782", None, None),
        (7, 7, None, "UC", None, None, None, None, None, "NCT05461190", None, None),
    ]),
    # "YEAR [REF] N" starting each row (once glued), donor counts "(n = 5)" inside the donor cell,
    # exponents in brackets ("1.5x10(6)/kg", "1.8x10 (6)"), prose doses with a median and a range
    ("space_separated_year_ref_prose.txt", [
        (4, 4, 8, None, None, 1.5e6, 1.5e6, "cells/kg", None, None, 2005, "31"),
        (5, 5, 27, None, "allogeneic", 7e5, 6e6, "cells/kg", None, None, 2009, "32"),
        (6, 6, 14, None, None, 2.1e6, 2.1e6, "cells/kg", None, None, 2012, "33"),
    ]),
    # "Patients (E/C)" counts: the arm is the experimental one; control lines and section headings
    # give no arm; footnote digits glued to cells ("hUC-MSCs1", "IV3", "BMSCs5"); mean ± SD, a
    # U+2212 minus as a range dash, "> x"
    ("space_separated_control_lines.txt", [
        (5, 5, 15, "UC", None, 1.8e6, 1.8e6, "cells/kg", "intravenous", None, 2016, "7"),
        (7, 7, 10, "BM", None, 3e6, 7e6, "cells/kg", "intravenous", None, 2020, "8"),
        (10, 10, 22, None, None, 4e6, None, "cells/kg", "intravenous", None, 2014, "9"),
    ]),
    # a row counter headed "No.", "Author, year" with the year glued ("Lindqvist2014"), demographic
    # columns of numbers, routes joined by a dot ("IT.IV"), a dose continuation line
    ("space_separated_numbered_rows.txt", [
        (4, 4, 10, None, None, 3.14e7, 3.14e7, "cells", "intrathecal", None, 2014, None),
        (5, 5, 7, "BM", None, 3e7, 3e7, "cells", "intrathecal+intravenous", None, 2017, None),
        (6, 8, 20, "UC", None, 2e7, 2e7, "cells", "intravenous", None, 2019, None),
        (6, 7, None, "UC", None, 4e7, 4e7, "cells", "intravenous", None, 2019, None),
    ]),
]


HEADING_NOT_ENDING_IN_TRIALS = ("a section heading inside a table body that does not end in 'trials'/'studies' "
                                "('Non-randomised trials with concurrent controls') is not read as a heading yet")
ARM_IDS = [name for name, _ in ARMS]
ARMS[2] = pytest.param(*ARMS[2], marks=pytest.mark.xfail(strict=True, reason=HEADING_NOT_ENDING_IN_TRIALS))


@pytest.mark.parametrize(("name", "expected"), ARMS, ids=ARM_IDS)
def test_arms(name, expected):
    assert arms_of(name) == expected


@pytest.mark.xfail(strict=True, reason=HEADING_NOT_ENDING_IN_TRIALS)
def test_control_lines_and_sections_are_neither_arms_nor_rejects():
    table = table_of("space_separated_control_lines.txt")
    assert [g.controls for g in table.groups] == [[6], [8], [11]]
    assert [line for line, _ in table.sections] == [4, 9]
    assert table.unread == []
    assert extract(read(FIXTURES / "space_separated_control_lines.txt", "x")).rejects == []


def test_empty_column_is_left_empty():
    """No row fills "Funder": the country stays in its own column."""
    table = table_of("space_separated_registry_first.txt")
    assert [g.cells.get("country") for g in table.groups] == ["Norway", "Chile", "Egypt", "Korea"]
    assert "other" not in table.groups[0].cells or table.groups[0].cells["other"] == "Recruiting"


@pytest.mark.parametrize(("line", "columns"), [
    ("NCT no. Funder Country Phase Condition Cell source Cell dose (cells) Route Status",
     [("registry", ()), ("other", ()), ("country", ()), ("phase", ()), ("disease", ()), ("cell", ()), ("dose", ()),
      ("route", ()), ("other", ())]),
    ("No. Author, year Country Patients (total=37) Women (n) Mean age Cell type Route Number of cells injected Frequency",
     [("row", ()), ("study", ("year",)), ("country", ()), ("patients", ()), ("other", ()), ("other", ()), ("cell", ()),
      ("route", ()), ("dose", ()), ("other", ())]),
    pytest.param(
        "No. Registry ID Phase N (patients), sex Cell product, route and dose Main results Ref.",
        [("row", ()), ("registry", ()), ("phase", ()), ("patients", ()), ("cell", ("route", "dose")), ("outcome", ()),
         ("reference", ())],
        marks=pytest.mark.xfail(strict=True, reason="a known column name with an unknown word after or before it "
                                                     "('Registry ID', 'Main results') is split into two columns")),
    # misspelt and cut short
    ("Disease Infusion methd MSC sourse Patients Dose Outc.",
     [("disease", ()), ("route", ()), ("cell", ()), ("patients", ()), ("dose", ()), ("outcome", ())]),
])
def test_header_words_outside_the_vocabulary(line, columns):
    assert [(c.role, c.also) for c in read_header(line)] == columns


def test_bracketed_header_unit_stays_with_its_column():
    columns = read_header("Study (year) Country Patients (E/C) Arm Sex (M/F) Intervention Route Dose of cells (/kg) "
                          "Follow-up (months) Age (years)")
    assert [c.header for c in columns if c.role == "dose"] == ["Dose of cells (/kg)"]


@pytest.mark.parametrize("line", [
    "Funder Country Phase Status Arm Age",  # no count, dose, disease or source
    "2015 Peru Disease 14 MSC 2 × 106/kg",  # a body row
    "The patients had the disease and the cells were given.",  # prose
    "Female Age EDSS Times Disease Patients",  # unknown columns outnumber the known ones
])
def test_not_a_header(line):
    assert read_header(line) is None
