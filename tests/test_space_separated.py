"""Space-separated text tables: cells split by single spaces only, one row per line.

Each fixture is a small invented table named for the trait it shows; the header names columns in
words outside the vocabularies, rows leave columns empty, and cells hold counts, doses and
citations in the ways scraped review tables write them.
"""

import pytest

from extractors.extract import extract
from extractors.headers import read_header
from extractors.readers import read
from extractors.tables import TableReader

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
    # bare registry numbers under "NCT Number", an empty "Sponsor" column, dose levels sharing one
    # power ("2, 6×106"), "×" glued, "iv." in lower case, "N/A" cells
    ("space_separated_registry_first.txt", [
        (4, 4, None, "BM", None, 2e6, 6e6, "cells/kg", "intravenous", "NCT02811234", None, None),
        (5, 5, None, "AD", "allogeneic", 4e7, 4e7, "cells", None, "NCT02915567", None, None),
        (6, 6, None, "AD", "autologous", 1e7, 5e7, "cells", "intralesional", "NCT03117789", None, None),
        (7, 7, None, "UC", None, None, None, None, None, "NCT04220011", None, None),
    ]),
    # "YEAR [REF] N" starting each row (once glued), donor counts "(n = 3)" inside the source cell,
    # exponents in brackets ("1.2x10(6)/kg", "2.0x10 (6)"), prose doses with a median and a range
    ("space_separated_year_ref_prose.txt", [
        (4, 4, 9, None, None, 1.2e6, 1.2e6, "cells/kg", None, None, 2006, "21"),
        (5, 5, 31, None, "allogeneic", 5e5, 8e6, "cells/kg", None, None, 2010, "22"),
        (6, 6, 12, None, None, 1.5e6, 1.5e6, "cells/kg", None, None, 2011, "23"),
    ]),
    # "Number (E/C)" counts: the arm is the experimental one; control lines and section headings
    # give no arm; footnote digits glued to cells ("UC-MSCs1", "IV3", "ADMSCs5"); mean ± SD, a
    # U+2212 minus as a range dash, "> x"
    ("space_separated_control_lines.txt", [
        (5, 5, 18, "UC", None, 2.1e6, 2.1e6, "cells/kg", "intravenous", None, 2017, "4"),
        (7, 7, 12, "AD", None, 4e6, 9e6, "cells/kg", "intravenous", None, 2019, "5"),
        (10, 10, 25, None, None, 2e6, None, "cells/kg", "intravenous", None, 2015, "6"),
    ]),
    # a row counter headed "No.", "Study, year" with the year glued ("Moreau2013"), demographic
    # columns of numbers, routes joined by a dot ("IV.IT"), a dose continuation line
    ("space_separated_numbered_rows.txt", [
        (4, 4, 12, None, None, 2.51e7, 2.51e7, "cells", "intrathecal", None, 2013, None),
        (5, 5, 9, "BM", None, 2e7, 2e7, "cells", "intrathecal+intravenous", None, 2016, None),
        (6, 8, 20, "UC", None, 1e7, 1e7, "cells", "intravenous", None, 2018, None),
        (6, 7, None, "UC", None, 2e7, 2e7, "cells", "intravenous", None, 2018, None),
    ]),
]


@pytest.mark.parametrize(("name", "expected"), ARMS, ids=[name for name, _ in ARMS])
def test_arms(name, expected):
    assert arms_of(name) == expected


def test_control_lines_and_sections_are_neither_arms_nor_rejects():
    table = table_of("space_separated_control_lines.txt")
    assert [g.controls for g in table.groups] == [[6], [8], [11]]
    assert [line for line, _ in table.sections] == [4, 9]
    assert table.unread == []
    assert extract(read(FIXTURES / "space_separated_control_lines.txt", "x")).rejects == []


def test_empty_column_is_left_empty():
    """No row fills "Sponsor": the country stays in its own column."""
    table = table_of("space_separated_registry_first.txt")
    assert [g.cells.get("country") for g in table.groups] == ["Canada", "Italy", "Brazil", "Japan"]
    assert "other" not in table.groups[0].cells or table.groups[0].cells["other"] == "Recruiting"


@pytest.mark.parametrize(("line", "columns"), [
    ("NCT Number Sponsor Country Phase Clinical Indication SC Sources MSC Dose (Cells) Administration Route Status",
     [("registry", ()), ("other", ()), ("country", ()), ("phase", ()), ("disease", ()), ("cell", ()), ("dose", ()),
      ("route", ()), ("other", ())]),
    ("No. Study, year Country N (Total=41) Female (n) Age [MEAN (SD)] SC type Infusion method Cell count dosage injected Times",
     [("row", ()), ("study", ("year",)), ("country", ()), ("patients", ()), ("other", ()), ("other", ()), ("cell", ()),
      ("route", ()), ("dose", ()), ("other", ()), ("other", ())]),
    ("Number Trial number Status N (patients), age (years) Cell type, mode of administration and dose Results Reference",
     [("row", ()), ("registry", ()), ("phase", ()), ("patients", ()), ("cell", ("route", "dose")), ("outcome", ()),
      ("reference", ())]),
    # misspelt and cut short
    ("Disease Infusion methd MSC sourse Patients Dose Outc.",
     [("disease", ()), ("route", ()), ("cell", ()), ("patients", ()), ("dose", ()), ("outcome", ())]),
])
def test_header_words_outside_the_vocabulary(line, columns):
    assert [(c.role, c.also) for c in read_header(line)] == columns


def test_bracketed_header_unit_stays_with_its_column():
    columns = read_header("Author (year) Country Number (E/C) Intervention Mean dose of stem cells (/kg) Follow-up time (months)")
    assert [c.header for c in columns if c.role == "dose"] == ["Mean dose of stem cells (/kg)"]


@pytest.mark.parametrize("line", [
    "Sponsor Country Phase Status Group Age",  # no count, dose, disease or source
    "2012 Spain Disease 20 MSC 1 × 106/kg",  # a body row
    "The patients had the disease and the cells were given.",  # prose
    "Female Age EDSS Times Disease Patients",  # unknown columns outnumber the known ones
])
def test_not_a_header(line):
    assert read_header(line) is None
