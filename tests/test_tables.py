"""Tables of layouts the seeds do not have, each a small fixture named for what it shows."""

from pathlib import Path

import pytest

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.headers import read_header, read_legend
from extractors.tables.segment import read_continuation
from extractors.vocabulary import load

from .conftest import FIXTURES


def arms_of(name: str):
    path = FIXTURES / name
    return extract(read(path, name)).arms


def test_author_year_layout():
    arms = arms_of("author_year_table.txt")
    got = [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.route, a.year) for a in arms]
    assert got == [
        ("SLE", 14, "BM", 1e6, "cells/kg", "intravenous", 2011),
        ("SLE", 62, "BM+UC", 1e6, "cells/kg", "intravenous", 2014),
        ("SLE", 5, "BM", 2.5e6, "cells/kg", "intravenous", 2017),
        ("SLE", 22, "UC", 3e8, "cells", "intravenous", 2016),
        ("MS", 16, "UC", 4e7, "cells", "intravenous", 2019),
        ("MS", 11, "AD", 2e6, "cells/kg", "intravenous", 2019),
        ("MS", None, "AD", 5e6, "cells/kg", "intravenous", 2019),  # a dose-only continuation line
    ]
    assert arms[-1].line_start == 11 and arms[-1].line_end == 12


def test_one_cell_per_line_layout():
    arms = arms_of("one_cell_per_line_table.txt")
    assert [(a.disease, a.route, a.cell_source, a.origin, a.n_patients, a.dose_min, a.registry_id) for a in arms] == [
        ("MS", "intrathecal", "BM", "autologous", 18, 4.15e7, "NCT03822211"),
        ("MS", "intravenous", "UC", None, 14, 3e6, None),
    ]


@pytest.mark.parametrize("name", ["pipe_table.txt", "tab_separated_table.txt"])
def test_delimited_cells_are_respected(name):
    first = arms_of(name)[0]
    assert (first.disease, first.cell_source, first.n_patients, first.route) == ("IBD", "AD", 24, "intralesional")
    assert first.outcome_text.startswith("Fistula healing")


@pytest.mark.parametrize(("line", "roles"), [
    ("MSCs Disease Patients Administration Outcome Adverse events Year",
     ["cell", "disease", "patients", "administration", "outcome", "adverse_events", "year"]),
    ("Disease Infusion method MSC source Enrollment number Cell mass Outcome NCT number Reference",
     ["disease", "route", "cell", "patients", "dose", "outcome", "registry", "reference"]),
    ("| Disease | Cell source | No. of patients | Dose | Route |", ["disease", "cell", "patients", "dose", "route"]),
])
def test_header(line, roles):
    assert [c.role for c in read_header(line)] == roles


@pytest.mark.parametrize("line", [
    "Clinical Trial and Application of MSCs in Systemic Lupus Erythematosus.",
    "RA I.V Autologous BM-MSC 9 1 × 106/kg Clinical efficacy NCT03333681 [45]",
    "The disease and the patients had outcomes.",
])
def test_not_a_header(line):
    assert read_header(line) is None


@pytest.mark.parametrize(("line", "kind", "cells"), [
    ("20 2 × 106/kg", "arm", {"patients": "20", "dose": "2 × 106/kg"}),
    ("6 × 108/cells", "arm", {"dose": "6 × 108/cells"}),
    ("BM-MNC 106.8 × 106/kg", "arm", {"cell": "BM-MNC", "dose": "106.8 × 106/kg"}),
    ("IS-AD-MSC + allogenic BM-HSC 5.1 × 106/ml", "arm", {"cell": "IS-AD-MSC + allogenic BM-HSC", "dose": "5.1 × 106/ml"}),
    ("hUC-MSC", "extend", {"cell": "hUC-MSC"}),
    ("Seven patients relapse after 6 months", "extend", {"text": "Seven patients relapse after 6 months"}),
])
def test_continuation(line, kind, cells):
    assert read_continuation(line, load()) == (kind, cells)


def test_legend():
    legend = read_legend("RA, rheumatoid arthritis; I.V, intravenous; hUC, human umbilical cord; AD, adipose tissue")
    assert legend == {"RA": "rheumatoid arthritis", "I.V": "intravenous", "hUC": "human umbilical cord",
                      "AD": "adipose tissue"}
    assert read_legend("ADSCs: adipose tissue–derived stem cells; MSC: mesenchymal stromal cell")["ADSCs"].startswith("adipose")
    assert read_legend("This sentence; has a semicolon but no abbreviations at all") == {}


def test_a_line_that_fits_no_row_is_reported(tmp_path: Path):
    doc = tmp_path / "orphan.txt"
    doc.write_text("Disease Patients Dose Route Outcome\nthis line is not a row\n"
                   "SLE 12 1 × 106/kg I.V Improved\n", encoding="utf-8")
    result = extract(read(doc, "orphan.txt"))
    assert [a.n_patients for a in result.arms] == [12]
    assert len(result.rejects) == 1 and "orphan.txt:2" in result.rejects[0].errors


def test_registry_first_and_author_year_layouts():
    arms = arms_of("registry_first_and_author_year_tables.txt")
    got = [(a.registry_id, a.disease, a.cell_source, a.n_patients, a.dose_min, a.dose_max, a.route, a.year) for a in arms]
    assert got == [
        ("NCT02983311", "SLE", "UC", 36, 1e6, 1e6, "intravenous", None),
        ("NCT03511720", "SLE", "UC", 70, 2e6, 2e6, "intravenous", None),
        ("NCT04188839", "SLE", "BM", 12, 1e6, 2e6, "intravenous", None),
        # no disease column: the table's title names it; the year comes from "Author (year)"
        (None, "IBD", "AD", 118, 6e7, 6e7, "intralesional", 2017),
        (None, "IBD", "BM", 18, 2e7, 8e7, "intralesional", 2015),  # "2 × 10^7, 4 × 10^7 or 8 × 10^7 cells"
        (None, "IBD", "BM", 15, 1.5e6, 1.5e6, "intravenous", 2013),
    ]
