"""Classes of review table met in tables read aside, each with a table of our own.

- A table printed one cell per line whose rows carry, under a row, further dose cohorts of the same
  study: a count and its dose, each on a line of its own ("20" / "2 × 10^6/kg"), before the next row.
  Each cohort is an arm of its own that shares the row's other cells, as a row under cells spanning
  the rows of an HTML table does.
"""

from __future__ import annotations

from extractors.extract import extract
from extractors.readers import read

from .table_render import cell_per_line


def arms_of(text: str, tmp_path, name: str = "table.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path, path.name)).arms


# --- dose cohorts printed under a row, one cell per line -------------------------------------------------

STACKED_HEADER = ["Disease", "Route", "Cell source", "Patients", "Dose", "NCT number", "Reference"]
STACKED_ROWS = [
    ["Lupus nephritis", "Intravenous", "Umbilical cord MSC", "12", "1 × 10^6/kg", "NCT01110001", "[3]"],
    ["Lupus nephritis", "Intravenous", "Bone marrow MSC", "8", "1 × 10^6/kg", "NCT01110002", "[4]"],
    ["Crohn's disease", "Local injection", "Adipose MSC", "10", "2 × 10^7 cells", "NCT01110003", "[5]"],
    ["Crohn's disease", "Intravenous", "Bone marrow MSC", "15", "2 × 10^6/kg", "NCT01110004", "[6]"],
]


def _with_cohorts_under(text: str, after: str, cohorts: list[tuple[str, str]]) -> str:
    """`text` with cohort lines (count, dose, blank lines between) after the line `after`."""
    lines = text.split("\n")
    at = lines.index(after) + 1
    extra = [line for count, dose in cohorts for line in ("", count, "", dose)]
    return "\n".join(lines[:at] + extra + lines[at:])


def test_dose_cohorts_under_a_row_printed_one_cell_per_line_are_arms_of_that_study(tmp_path):
    text = _with_cohorts_under(cell_per_line(STACKED_HEADER, STACKED_ROWS), "[3]",
                               [("6", "2 × 10^6/kg"), ("4", "5 × 10^6/kg")])
    arms = arms_of(text, tmp_path)
    assert [(a.reference, a.n_patients, a.dose_min, a.cell_source, a.registry_id) for a in arms] == [
        ("3", 12, 1e6, "UC", "NCT01110001"), ("3", 6, 2e6, "UC", "NCT01110001"), ("3", 4, 5e6, "UC", "NCT01110001"),
        ("4", 8, 1e6, "BM", "NCT01110002"), ("5", 10, 2e7, "AD", "NCT01110003"), ("6", 15, 2e6, "BM", "NCT01110004")]
    assert arms[1].line_start > arms[0].line_end  # a cohort's lines are its own


def test_a_count_and_a_dose_that_no_row_follows_inside_the_table_are_no_cohort(tmp_path):
    # a count and a dose, then text that is no row: the table ends at the row above, the two are no arm of it
    text = _with_cohorts_under(cell_per_line(STACKED_HEADER, STACKED_ROWS[:2]), "[4]", [("6", "2 × 10^6/kg")])
    text += "\nThe remaining trials were withdrawn before enrolment.\n"
    arms = arms_of(text, tmp_path)
    assert [(a.reference, a.n_patients) for a in arms][:2] == [("3", 12), ("4", 8)]
    assert all(a.reference != "4" or a.n_patients == 8 for a in arms)
