"""Text tables whose layout marks the cells (pipe tables, one cell per line) read as grids, and
column roles taken from what the cells hold; each fixture is named for the layout it shows."""

from pathlib import Path

import pytest

from extractors.document import Cell
from extractors.extract import extract, prose_spans
from extractors.readers import read
from extractors.tables.columns import grid_columns, header_unit
from extractors.tables.layouts import cell_kind, pipe_grids, stacked_grids, text_grids

from .conftest import FIXTURES

FIELDS = ("line_start", "line_end", "disease", "n_patients", "cell_source", "origin", "dose_min", "dose_max",
          "dose_unit", "route", "year", "reference")


def extracted(name: str):
    path = FIXTURES / name
    return extract(read(path, name))


def lines_of(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").split("\n")


def test_pipe_rows_broken_over_lines_with_a_row_number_column_and_a_cut_last_row():
    result = extracted("pipe_rows_broken_over_lines.txt")
    got = [tuple(getattr(a, f) for f in FIELDS) for a in result.arms]
    assert got == [
        (4, 7, "SLE", 20, "UC", "allogeneic", 1.5e6, 1.5e6, "cells/kg", "intravenous", None, "51"),
        (9, 10, "SLE", 11, "BM", "autologous", 4e7, 4e7, "cells", "intravenous", None, "52"),
        # cut in its outcome cell: the complete cells are kept, the cut is reported
        (12, 14, "IBD", 26, "AD", "allogeneic", 5e7, 5e7, "cells", "intralesional", None, None),
    ]
    (cut,) = result.rejects
    assert cut.stage == "table" and "pipe_rows_broken_over_lines.txt:12" in cut.errors and "cut off" in cut.errors
    assert result.findings == []  # "13 of 20 patients (65%)" is a table cell, not prose


def test_pipe_rows_keep_their_row_numbers():
    (table,) = pipe_grids(lines_of("pipe_rows_broken_over_lines.txt"))
    # the header printed without its first cell (over the row numbers) and with an empty last one: the
    # names stand over their values
    assert table.grid.header[:4] == ("", "Cell type", "Condition", "Regimen")
    assert [row[0].text for row in table.grid.rows] == ["1", "2", "3"]
    assert table.row_spans == ((4, 7), (9, 10), (12, 14)) and table.cut_row == 2


def test_pipe_literal_bar_in_a_cell_and_notes_after_the_table():
    (table,) = pipe_grids(lines_of("pipe_literal_bar_and_notes.txt"))
    assert table.grid.rows[0][3].text == "Phase 1|Phase 2"
    assert len(table.grid.rows) == 3 and table.cut_row is None
    assert table.grid.legend.startswith("Notes:")
    arms = extracted("pipe_literal_bar_and_notes.txt").arms
    # "Patient characteristics" holds diseases, not counts; "Enrollment" holds the counts
    assert [(a.registry_id, a.n_patients, a.cell_source, a.disease) for a in arms] == [
        ("NCT04000001", 60, "UC", "RA"), ("NCT04000002", 24, "BM", "RA"), ("NCT04000003", 12, "AD", "RA")]


def test_one_cell_per_line_with_blank_lines_between_cells():
    (table,) = stacked_grids(lines_of("one_cell_per_line_blank_separated.txt"), set())
    assert table.grid.header == ("Study", "Year", "Registration", "Patients (female/male)", "Cell source",
                                 "Cells per dose", "Delivery")
    assert [row[0].text for row in table.grid.rows] == ["Morel [31]", "Petit [32]", "Roux [33]"]
    assert table.grid.legend.startswith("SH, subcutaneous")
    arms = extracted("one_cell_per_line_blank_separated.txt").arms
    # the disease is named only in the "From:" line over the table; "SH" only in the legend
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.dose_max, a.route, a.year, a.reference)
            for a in arms] == [
        ("SSc", 10, "AD", None, None, "subcutaneous", 2018, "31"),
        ("SSc", 24, "UC", 1e6, 1e6, "intravenous", 2020, "32"),
        ("SSc", 8, "BM", 5e5, 2e6, "intravenous", 2021, "33"),
    ]


def test_dose_unit_only_in_the_header():
    arms = extracted("dose_unit_in_header.txt").arms
    assert [(a.dose_min, a.dose_unit, a.dose_text, a.year) for a in arms] == [
        (1.5e6, "cells/kg", "1.5", 2015), (2e6, "cells/kg", "2 (1–4)", 2017), (9e5, "cells/kg", "0.9 × 106", 2019)]


def test_rowspan_dose_groups_under_one_merged_study_are_arms_of_their_own():
    arms = extracted("rowspan_dose_groups.html").arms
    assert [(a.n_patients, a.dose_min, a.registry_id, a.reference, a.year) for a in arms] == [
        (4, 1e6, "NCT03000001", "12", 2016), (4, 2e6, "NCT03000001", "12", 2016),
        (4, 5e6, "NCT03000001", "12", 2016), (30, 1e6, "NCT03000002", "13", 2019)]


@pytest.mark.parametrize(("header", "unit"), [
    ("Dose (×10^6 cells/kg)", (6, "kg")),
    ("Cell dose (×106 cells/kg, mean (SD))", (6, "kg")),
    ("Dose of cells given (/kg)", (None, "kg")),
    ("Cell dose x10(7)", (7, None)),
    ("Dose", (None, None)),
])
def test_header_unit(header, unit):
    assert header_unit(header) == unit


@pytest.mark.parametrize(("cell", "kind"), [
    ("NCT 04411122", "registry"), ("bNCT 03388211", "registry"), ("2017", "year"), ("Okonkwo [17]", "citation"),
    ("35 (30/5)", "count"), ("18 LN", "count"), ("2 × 106/kg", "dose"), ("NR", "empty"), ("NA", "empty"),
    ("Open-label/ followed for 10 months", "text"),
])
def test_cell_kind(cell, kind):
    assert cell_kind(cell) == kind


def test_roles_from_cells_where_the_header_names_none_or_the_wrong_one():
    header = ("Trial", "Characteristics", "Product", "Size", "Therapy", "Cited")
    rows = tuple(tuple(Cell(c) for c in row) for row in [
        ("Ruiz, 2015", "Refractory SLE", "UC-MSC", "12", "1 × 106/kg intravenously", "[4]"),
        ("Bauer, 2017", "Lupus nephritis", "BM-MSC", "20", "2 × 106/kg intravenously", "[5]"),
        ("Kohl, 2018", "Active SLE", "UC-MSC", "7", "1 × 106/kg intravenously", "[6]"),
    ])
    roles = [c.role for c in grid_columns(header, rows)]
    assert roles == ["study", "disease", "cell", "patients", "administration", "reference"]


def test_prose_is_not_a_table_and_cell_fragments_are_not_prose():
    prose = ["Thirty patients were enrolled in this study and followed for twelve months after infusion.",
             "Complete remission was reached by 12 of 30 patients (40%) at 12 months of follow-up."]
    assert text_grids(prose) == []
    assert len(prose_spans(prose, set())) == 2
    cells = ["CR 41% (95% CI: 22–60%),", "non-CR 65%", "(48–82%)", "1-yr survival: 33%"]
    assert prose_spans(cells, set()) == []


def test_no_text_grids_in_documents_without_them():
    for name in ("author_year_table.txt", "registry_first_and_author_year_tables.txt", "structured_abstract_msct.txt"):
        assert text_grids(lines_of(name)) == []


def test_the_three_renderings_of_a_pipe_table_give_the_same_arms(tmp_path: Path):
    """A pipe table, the same table as HTML and as a tab-separated text give the same arms."""
    rows = [("Disease", "MSC source", "Patients", "Dose", "Route", "Reference"),
            ("Crohn's disease", "Autologous AD-MSC", "24", "2 × 107 cells", "Intralesional", "[7]"),
            ("SLE", "UC-MSC", "40", "1 × 106/kg", "I.V", "[8]")]
    (tmp_path / "t.txt").write_text("Table 1. Trials\n\n" + "\n".join(" | ".join(r) + " |" for r in rows) + "\n")
    html = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows[1:])
    head = "".join(f"<th>{c}</th>" for c in rows[0])
    (tmp_path / "t.html").write_text(f"<html><body><table><caption>Table 1. Trials</caption><thead><tr>{head}</tr>"
                                     f"</thead><tbody>{html}</tbody></table></body></html>")
    got = []
    for name in ("t.txt", "t.html"):
        arms = extract(read(tmp_path / name, name)).arms
        got.append([(a.disease, a.cell_source, a.origin, a.n_patients, a.dose_min, a.dose_unit, a.route, a.reference)
                    for a in arms])
    assert got[0] == got[1] == [("IBD", "AD", "autologous", 24, 2e7, "cells", "intralesional", "7"),
                                ("SLE", "UC", None, 40, 1e6, "cells/kg", "intravenous", "8")]


def test_pipe_header_of_two_rows_over_a_markdown_rule():
    (table,) = pipe_grids(lines_of("pipe_two_line_header.txt"))
    assert table.grid.header == ("Study", "Patients (n)", "MSC source", "Dose (cells/kg)", "Route")
    arms = extracted("pipe_two_line_header.txt").arms
    assert [(a.disease, a.n_patients, a.cell_source, a.dose_min, a.dose_unit, a.route, a.year, a.reference)
            for a in arms] == [("MS", 12, "BM", 1e6, "cells/kg", "intrathecal", 2016, "3"),
                               ("MS", 20, "UC", 2e6, "cells/kg", "intravenous", 2018, "4")]


def test_explain_says_which_role_each_column_got_and_what_each_row_gave():
    from extractors.explain import explain_tables

    path = FIXTURES / "pipe_literal_bar_and_notes.txt"
    text = explain_tables(read(path, path.name))
    assert "Patient characteristics -> disease" in text and "Enrollment -> patients" in text
    assert "row, lines 6-8:" in text and "arm 3 (lines 6-8): disease=RA, n_patients=12, cell_source=AD" in text
    assert explain_tables(read(FIXTURES / "structured_abstract_msct.txt", "a.txt")) == "a.txt: no table found"


def test_pipe_table_without_outer_bars_closes_each_line():
    arms = extracted("pipe_table_without_outer_bars.txt").arms
    assert [(a.line_start, a.registry_id, a.n_patients, a.cell_source, a.dose_min, a.disease) for a in arms] == [
        (4, "NCT05000001", 30, "UC", 1e6, "SLE"), (5, "NCT05000002", 12, "UC", 2e6, "SLE")]
