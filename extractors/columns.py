"""Table grids into row groups: each column's role from its header cell and from what its cells hold.

A grid arrives with its cells already separated (HTML and PDF tables, text tables whose layout
marks the cells); what is left is to say which column holds what.
"""

from __future__ import annotations

import re

from extractors.document import Grid
from extractors.tables import Column, RowGroup, TextTable, _header_phrases, _trial_columns, read_legend


def header_role(cell: str) -> str:
    """The role a header cell names ("Enrollment number" -> patients); "other" when none."""
    phrases = _header_phrases()
    text = re.sub(r"[*†‡§]|\s[a-z]$", "", cell.lower()).strip(" :").replace("-", " ")
    if text in phrases:
        return phrases[text]
    tokens = text.split()
    for k in range(min(5, len(tokens)), 0, -1):
        for i in range(len(tokens) - k + 1):
            phrase = " ".join(tokens[i:i + k])
            if phrase in phrases:
                return phrases[phrase]
    return "other"


def grid_columns(header: tuple[str, ...]) -> list[Column] | None:
    """A grid header's columns, or None when the grid is not a trial table."""
    return _trial_columns([Column(header_role(cell), cell) for cell in header])


def read_grid(grid: Grid) -> TextTable | None:
    """A reader's cell grid as row groups. A row whose identifying cells (reference, registry id,
    study, year) are all inherited from merged cells above continues the row above: with its own
    count or dose it is a new arm, otherwise its own cells extend the row's."""
    columns = grid_columns(grid.header)
    if columns is None:
        return None
    table = TextTable(columns, grid.header_line, grid.title, legend=read_legend(grid.legend or ""),
                      line_end=grid.span[1])
    identity = {"reference", "registry", "study", "year"} & {c.role for c in columns}
    for row, line in zip(grid.rows, grid.row_lines, strict=True):
        full = {c.role: cell.text for c, cell in zip(columns, row, strict=False) if cell.text and c.role != "other"}
        own = {c.role: cell.text for c, cell in zip(columns, row, strict=False)
               if cell.text and not cell.inherited and c.role != "other"}
        continues = bool(table.groups) and (not identity & own.keys() if identity else len(own) * 2 < len(columns))
        if not continues:
            table.groups.append(RowGroup(full, line, line))
        elif own.keys() & {"patients", "dose"}:
            table.groups[-1].arms.append((own, line))
        else:
            group = table.groups[-1]
            for role, text in own.items():
                group.cells[role] = f"{group.cells[role]}\n{text}" if role in group.cells else text
            group.line_end = line
    return table
