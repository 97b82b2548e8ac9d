"""Table layouts and cell phrasings many scraped review tables share, each shown by a small fixture:
a pipe table with no header row, a row broken one cell per line, sub-groups counted in one cell."""

from extractors.extract import extract
from extractors.readers import read
from extractors.tables.arms import subgroups
from extractors.tables.layouts import text_grids

from .conftest import FIXTURES


def arms_of(name: str):
    return extract(read(FIXTURES / name, name)).arms


def test_headerless_pipe_table_takes_its_roles_from_the_cells():
    """An excerpt that starts inside a pipe table, one closed cell per line, rows padded with empty
    cells: no header row, so the columns' roles come from the cells alone (an author-year citation,
    a count); the citation's title names the disease and its glued number (written twice by the
    scraper, "20112121") is the reference. The drug doses of the conditioning are no cell doses."""
    arms = arms_of("table_headerless_closed_cells.txt")
    got = [(a.disease, a.n_patients, a.year, a.reference, a.dose_min, a.line_start, a.line_end) for a in arms]
    assert got == [
        ("SSc", 6, 2011, "21", None, 2, 7),
        ("SSc", 9, 2013, "24", None, 11, 16),
        ("SSc", 14, 2014, "25", None, 20, 25),
        ("SSc", 11, 2016, "27", None, 29, 33),  # cut in its last cell: the cells before the cut are read
    ]


def test_headerless_pipe_table_needs_rows_that_agree():
    """Lines closing one cell each but no column that keeps its kind row after row are no table."""
    lines = [f"{word} |" for word in ("alpha", "12", "beta", "gamma", "delta", "2014", "epsilon", "zeta", "eta",
                                      "theta", "iota", "kappa")]
    assert text_grids(lines) == []


def test_row_broken_one_cell_per_line_is_one_row():
    """A row whose number stands alone, then its cells one per line with blank lines between, is read
    as one row; the next row's number opens a row of its own (here cut off, with a date, "Opened in
    2017", that is no patient count)."""
    arms = arms_of("table_row_broken_one_cell_per_line.txt")
    got = [(a.n_patients, a.registry_id, a.cell_source, a.dose_min, a.reference, a.line_start, a.line_end) for a in arms]
    assert got == [
        (12, "NCT02211111", "UC", 1e6, "14", 4, 4),
        (30, "NCT02322222", "BM", 2e6, "15", 5, 5),
        (24, "NCT02433333", "AD", 1e8, "16", 6, 12),
    ]


def test_subgroups_with_counts_in_one_cell_give_one_arm_each():
    """'IT(6), IV(3)' in a route cell, 'BM(12), AD(8)' in a cell-source cell: one arm per sub-group,
    with the sub-group's own count."""
    arms = arms_of("table_subgroup_counts.txt")
    got = [(a.n_patients, a.cell_source, a.route, a.dose_min, a.year) for a in arms]
    assert got == [
        (12, "BM", "intravenous", 1e6, 2015),
        (6, "UC", "intrathecal", 2e6, 2017),
        (3, "UC", "intravenous", 2e6, 2017),
        (12, "BM", "intravenous", 1.5e6, 2018),
        (8, "AD", "intravenous", 1.5e6, 2018),
        (7, "UC", "intravenous", 4e7, 2019),
    ]


def test_subgroups_must_add_up_to_the_row_count():
    assert subgroups({"route": "IT(6), IV(3)", "patients": "12"}) == []
    assert subgroups({"dose": "2x10(6), 5x10(6)", "patients": "12"}) == []
    assert [c["patients"] for c in subgroups({"route": "IT(6), IV(3)"})] == ["6", "3"]
