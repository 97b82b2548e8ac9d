"""A document with tables, rendered as the text every line number and span refers to.

Formats with structure (HTML, PDF) are rendered into one text: the title, the prose paragraphs
one per line, then each table as its caption, a header line and one line per body row with the
cells separated by " | ". The grids keep the line each row was rendered on, so an arm read from
a grid points at its line like an arm read from plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.document import Cell, Grid


@dataclass
class RawTable:
    header: list[str]
    rows: list[list[Cell]]
    title: str | None = None
    legend: str | None = None


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)

    def add(self, line: str = "") -> int:
        self.lines.append(re.sub(r"\s+", " ", line).strip())
        return len(self.lines)

    def add_block(self, text: str) -> None:
        """Lines kept as they are (a PDF page's text, whose lines may be table rows)."""
        self.lines.extend(line.replace("|", "/").rstrip() for line in text.split("\n"))

    def add_table(self, table: RawTable) -> None:
        first = self.add() + 1
        if table.title:
            self.add(table.title)
        header_line = self.add(" | ".join(one_line(h) for h in table.header))
        rows = [tuple(Cell(one_line(c.text), c.inherited) for c in row) for row in table.rows]
        row_lines = [self.add(" | ".join("" if c.inherited else c.text for c in row)) for row in rows]
        if table.legend:
            self.add()
            self.add(table.legend)
        self.grids.append(Grid(tuple(one_line(h) for h in table.header), tuple(rows), tuple(row_lines),
                               header_line, one_line(table.title or "") or None, one_line(table.legend or "") or None,
                               (first, len(self.lines))))

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("|", "/")).strip()


def render(title: str | None, head: list[str], prose: list[str], tables: list[RawTable]) -> Rendered:
    out = Rendered()
    for line in [title or "", *head]:
        if line.strip():
            out.add(line)
    out.add()
    for paragraph in prose:
        if paragraph.strip():
            out.add(paragraph)
    for table in tables:
        out.add_table(table)
    return out


def fill_merged(rows: list[list[str | None]]) -> list[list[Cell]]:
    """Rows where None marks a merged cell: filled from the cell above, else from the left."""
    width = max((len(r) for r in rows), default=0)
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c in range(width):
            value = row[c] if c < len(row) else None
            if value is not None:
                cells.append(Cell(value))
            elif r > 0 and grid[r - 1][c].text:
                cells.append(Cell(grid[r - 1][c].text, inherited=True))
            elif c > 0:
                cells.append(Cell(cells[c - 1].text, inherited=True))
            else:
                cells.append(Cell("", inherited=True))
        grid.append(cells)
    return grid
