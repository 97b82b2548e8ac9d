"""Renders one grid a test writes into the layouts review tables reach us in.

A table's content does not depend on how a page was scraped: each rendering of one grid must give
the same arms. The grids are the tests' own; no rendering copies a scraped page.
"""

from __future__ import annotations

import html
import textwrap

CAPTION = "Table 1. Mesenchymal stem cell trials in autoimmune disease"


# A cell of None is merged with the cell above it (a rowspan): text layouts leave it empty, or, where
# cells have no marks of their own, print only the row's other cells.


def _cells(row: list[str | None]) -> list[str]:
    return [c or "" for c in row]


def pipe(header: list[str], rows: list[list[str]]) -> str:
    lines = [" | ".join(header), "|".join("---" for _ in header)] + [" | ".join(_cells(r)) for r in rows]
    return "\n".join([CAPTION, "", *(f"| {line} |" if "---" not in line else line for line in lines)])


def tabs(header: list[str], rows: list[list[str]]) -> str:
    return "\n".join([CAPTION, "", *("\t".join(_cells(r)) for r in [header, *rows])])


def single_spaces(header: list[str], rows: list[list[str]]) -> str:
    """Every cell boundary collapsed to one space, as a flattened page prints it."""
    return "\n".join([CAPTION, "", *(" ".join(c for c in r if c) for r in [header, *rows])])


def glued(header: list[str], rows: list[list[str]]) -> str:
    """Cells run together with no separator at all."""
    return "\n".join([CAPTION, "", *("".join(c for c in r if c) for r in [header, *rows])])


def cell_per_line(header: list[str], rows: list[list[str]], width: int | None = None) -> str:
    """Each cell on its own line with a blank line between; an empty cell a line of spaces; with
    `width`, long cells wrapped over several lines."""
    out = [CAPTION, ""]
    for row in [header, *rows]:
        for cell in row:
            if not cell:
                out += ["  ", ""]
                continue
            out += [*(textwrap.wrap(cell, width) if width else [cell]), ""]
    return "\n".join(out)


def cell_per_line_wrapped_apart(header: list[str], rows: list[list[str]], width: int = 18) -> str:
    """One cell per line with blank lines between, long cells wrapped and each wrapped part a line of its
    own with a blank line after it too (a journal's "tables" page flattened paragraph by paragraph): only
    the values' kinds tell a wrapped part from the next cell."""
    out = [CAPTION, ""]
    for row in [header, *rows]:
        for cell in row:
            for part in textwrap.wrap(cell, width) if cell else ["  "]:
                out += [part, ""]
    return "\n".join(out)


def number_alone(header: list[str], rows: list[list[str]], joiner: str = " ") -> str:
    """A numbered table whose row number stands alone on its line, the rest of the row on the next line
    (cells parted by `joiner`: a single space, or nothing at all)."""
    out = [CAPTION, "", joiner.join(["No.", *header])]
    for k, row in enumerate(rows, start=1):
        out += [str(k), joiner.join(c for c in row if c)]
    return "\n".join(out)


def first_cell_alone(header: list[str], rows: list[list[str]]) -> str:
    """Each row's first cell (its opener: an author and year) alone on its line, the rest single-spaced
    on the next."""
    out = [CAPTION, "", " ".join(header)]
    for row in rows:
        out += [row[0], " ".join(c for c in row[1:] if c)]
    return "\n".join(out)


def wrapped_header(header: list[str], rows: list[list[str]]) -> str:
    """Single spaces, the header's names of two words and more wrapped: the first line holds each name's
    first word, the second line the rest of those that wrapped, in order."""
    first = [name.split()[0] for name in header]
    second = [" ".join(name.split()[1:]) for name in header if len(name.split()) > 1]
    return "\n".join([CAPTION, "", " ".join(first), " ".join(second), *(" ".join(c for c in r if c) for r in rows)])


def html_lists(header: list[str], rows: list[list[str]]) -> str:
    """All rows in one HTML row, each cell a list of the studies' values parted by <br>."""
    cells = "".join(f"<td>{'<br>'.join(html.escape(r[k] or '–') for r in rows)}</td>" for k in range(len(header)))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    return (f"<html><head><title>Review</title></head><body><div class='table-wrap'><p>{html.escape(CAPTION)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody><tr>{cells}</tr></tbody></table></div></body></html>")


def column_blocks(header: list[str], rows: list[list[str]]) -> str:
    """Column by column, as a table whose cells each held a list is flattened: the column names one
    to a line with blank lines between, then each column's values one per line, a blank line
    after each column."""
    out = [CAPTION, ""]
    for name in header:
        out += [name, ""]
    for k in range(len(header)):
        out += [*(row[k] or "–" for row in rows), ""]
    return "\n".join(out)


def studies_as_columns(header: list[str], rows: list[list[str]]) -> str:
    """The grid turned on its side: one line per column name, the studies' values across it."""
    return "\n".join([CAPTION, "", *(" | ".join([name, *(r[k] for r in rows)]) for k, name in enumerate(header))])


def html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in header)
    body = ""
    for i, row in enumerate(rows):
        cells = ""
        for k, cell in enumerate(row):
            if cell is None:
                continue  # covered by the rowspan of the cell above
            span = 1
            while i + span < len(rows) and rows[i + span][k] is None:
                span += 1
            cells += f"<td rowspan='{span}'>{html.escape(cell)}</td>" if span > 1 else f"<td>{html.escape(cell)}</td>"
        body += f"<tr>{cells}</tr>"
    return (f"<html><head><title>Review</title></head><body><div class='table-wrap'><p>{html.escape(CAPTION)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></body></html>")


LAYOUTS = {"pipe": pipe, "tabs": tabs, "single_spaces": single_spaces, "glued": glued,
           "cell_per_line": cell_per_line, "column_blocks": column_blocks, "wrapped": lambda h, r: cell_per_line(h, r, 18),
           "wrapped_apart": cell_per_line_wrapped_apart, "number_alone": number_alone,
           "number_alone_glued": lambda h, r: number_alone(h, r, ""), "wrapped_header": wrapped_header,
           "studies_as_columns": studies_as_columns, "html": html_table, "html_lists": html_lists}
# Layouts of a table whose rows open with a study (an author and year): its opener alone on a line.
OPENER_LAYOUTS = {"first_cell_alone": first_cell_alone}
