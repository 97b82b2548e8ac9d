"""Ruled PDF tables: found by their rulings, boxes clipped to the page, cells read with the same
font-relative word spacing as the text; a table continued on the next page under a repeated
header (or with no header of its own) is one table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from pdfplumber.table import Table
from pdfplumber.utils import crop_to_bbox

from extractors.document import Cell
from extractors.readers.pdf_layout import WORD_GAP
from extractors.readers.render import RawTable, fill_merged, one_line

Box = tuple[float, float, float, float]
EDGE = 0.2  # a table ending in the last fifth of a page and one starting in the first fifth of the next may be one
_CAPTION = re.compile(r"^\s*(?:table|tab\.)\s*[\dIVX]", re.IGNORECASE)
MIN_FILLED = 0.3  # a "table" whose cells are mostly empty is a figure's frame or a layout box


def clip(box: Box, page: Box) -> Box | None:
    x0, top, x1, bottom = max(box[0], page[0]), max(box[1], page[1]), min(box[2], page[2]), min(box[3], page[3])
    return (x0, top, x1, bottom) if x1 > x0 and bottom > top else None


def ruled_tables(page) -> list[tuple[Box, RawTable]]:
    """The page's ruled tables with their boxes. Rulings are clipped to the page first: a table
    drawn as one tall box over several pages (HTML printed to PDF) has cells off the page."""
    found = []
    # Tables are found from the rulings alone: the (many) characters are clipped to the page only
    # when a table is found, and each table reads only the characters within its box.
    rulings = page.filter(lambda obj: obj["object_type"] != "char").crop(page.bbox)
    chars: list[dict] | None = None
    for table in rulings.find_tables(table_settings={"text_x_tolerance_ratio": WORD_GAP}):
        box = clip(table.bbox, page.bbox)
        chars = crop_to_bbox(page.chars, page.bbox) if chars is None else chars
        rows = _tidy([[_cell(c) for c in row] for row in _extract(table, chars)])
        title = None
        if rows and len(rows[0]) >= 2 and sum(1 for c in rows[0] if c) == 1:  # a banner across the table
            banner = next(c for c in rows[0] if c)
            title = banner if _CAPTION.match(banner) else None
            rows = _tidy(rows[1:])
        cells = [c for r in rows for c in r]
        if box is None or len(rows) < 2 or len(rows[0]) < 2 or sum(1 for c in cells if c) < MIN_FILLED * len(cells):
            continue
        filled = fill_merged(rows)
        found.append((box, RawTable([c.text for c in filled[0]], filled[1:], title)))
    return found


def _extract(table: Table, chars: list[dict]) -> list[list[str | None]]:
    """The table's cell texts, read from the characters whose middle is in its box (the ones
    `Table.extract` would take; the rest of the page's characters are not looked at again per row)."""
    x0, top, x1, bottom = table.bbox
    inside = [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and top <= (c["top"] + c["bottom"]) / 2 < bottom]
    return Table(SimpleNamespace(chars=inside), table.cells).extract(x_tolerance_ratio=WORD_GAP)


def _tidy(rows: list[list[str | None]]) -> list[list[str | None]]:
    """Rows and columns with no text dropped (the margins of a framed table, rows off the page)."""
    rows = [r for r in rows if any(r)]
    keep = [k for k in range(max((len(r) for r in rows), default=0)) if any(k < len(r) and r[k] for r in rows)]
    return [[r[k] if k < len(r) else None for k in keep] for r in rows]


def _cell(value: str | None) -> str | None:
    return None if value is None else one_line(value)


def same_header(a: RawTable, b: RawTable) -> bool:
    return [h.lower() for h in a.header] == [h.lower() for h in b.header]


@dataclass
class Placed:
    """A table with where it sits: its page, and the share of the page height above its top and
    above its bottom."""

    page: int
    top: float
    bottom: float
    table: RawTable


def join_continued(tables: list[Placed]) -> list[RawTable]:
    """Tables in page order; one continued on the next page is merged into the one before: under
    the same header, or (no header repeated) when the one ends the page and the other, as wide,
    opens the next."""
    out: list[Placed] = []
    for placed in tables:
        last = out[-1] if out else None
        if last and last.page in (placed.page, placed.page - 1) and same_header(last.table, placed.table):
            last.table.rows.extend(placed.table.rows)
        elif last and (_runs_on(last, placed) or _numbered_on(last, placed)):
            last.table.rows.append([Cell(h) for h in placed.table.header])
            last.table.rows.extend(placed.table.rows)
        else:
            out.append(placed)
            continue
        last.page, last.bottom = placed.page, placed.bottom
    return [p.table for p in out]


_NUMBER = re.compile(r"^\s*(?:table|tab\.)\s*(\d+|[IVX]+)", re.IGNORECASE)


def _numbered_on(last: Placed, placed: Placed) -> bool:
    """A table on the next page captioned with the same number as the one before and "continued"."""
    a, b = (_NUMBER.match(t.table.title or "") for t in (last, placed))
    return (placed.page == last.page + 1 and a is not None and b is not None and a.group(1) == b.group(1)
            and "contin" in (placed.table.title or "").lower() and len(placed.table.header) == len(last.table.header))


def _runs_on(last: Placed, placed: Placed) -> bool:
    return (placed.page == last.page + 1 and last.bottom >= 1 - EDGE and placed.top <= EDGE
            and len(placed.table.header) == len(last.table.header) and placed.table.title is None)
