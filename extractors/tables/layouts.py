"""Text tables whose layout marks the cells, found in a document's lines and returned as grids.

Two layouts of scraped tables keep their cell boundaries, and are read here into the same
`Grid` an HTML or PDF table gives, so one column-role reader serves them all:

- **Pipe tables**: cells closed by `|`, with or without a markdown rule under the header; a row
  may break over several lines (a line that does not end with `|` leaves its last cell open),
  empty separator rows are skipped, and a `|` with no space on either side in a table whose
  delimiters are spaced is part of a cell ("Phase 1|Phase 2").
- **One closed cell per line** without a header row (an excerpt that starts inside a pipe table,
  or a table scraped with no header): every line ends one cell with `|`, a cell may run over
  several lines, and empty cells (`|` alone) may pad the rows. The number of columns is the
  smallest period at which the rows keep their typed cells (a count, a year ...) in place, in at
  least `headerless_min_rows` rows; the columns' roles then come from their cells alone.
- **One cell per line** (stacked): a header of one column name per line, then the rows' cells
  one per line, with or without blank lines between them. The number of columns is the period
  at which the cells' kinds (citation, year, count, registry id, free text) repeat.

A table cut off in its last row (an excerpt) keeps the cells before the cut; the grid says
which row was cut, so the cut can be reported.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from extractors.document import Cell, Grid
from extractors.doses import NOT_STATED, find_doses
from extractors.tables.headers import CAPTION, phrase_role, read_legend
from extractors.tables.patterns import CITATION
from extractors.tables.patterns import REGISTRY_MENTION as _REGISTRY
from extractors.tables.patterns import YEAR_CELL as _YEAR

_RULE = re.compile(r"^[\s|:+-]*-{3,}[\s|:+-]*$")  # a markdown rule under the header: ---|---|
_LEGEND_START = re.compile(r"^\s*(?:notes?|abbreviations?|footnotes?|[a-z*†‡§]\s)\s*[:.]?", re.IGNORECASE)
_COUNT = re.compile(r"^(?:n\s*=\s*)?\d{1,5}(?:\s*[(/]|\s+[A-Za-z]|[.,;]?$)", re.IGNORECASE)


@dataclass(frozen=True)
class LayoutSettings:
    """The bounds the layout readers work within."""

    min_body_rows: int = 2
    max_continuation_lines: int = 4  # lines without a '|' inside one broken pipe row
    stacked_min_columns: int = 3
    stacked_max_columns: int = 16
    stacked_header_words: int = 8  # a column name is short
    stacked_probe_rows: int = 6  # rows the column count is judged on
    stacked_min_consistency: float = 0.8  # share of rows whose typed cells keep their column's kind
    caption_reach: int = 4  # non-blank lines above a table searched for its caption
    legend_reach: int = 3  # lines after a table searched for its legend
    headerless_min_rows: int = 3  # rows that must agree on the columns of a table with no header
    headerless_min_lines: int = 9  # lines closing one cell each that make such a table


SETTINGS = LayoutSettings()


@dataclass(frozen=True)
class TextGrid:
    """A grid read from text, with the line span of every row and the row an excerpt cut, if any."""

    grid: Grid
    row_spans: tuple[tuple[int, int], ...]  # first and last document line (1-based) of each body row
    cut_row: int | None = None  # index of the body row cut off mid-cell; its cells before the cut are kept


def text_grids(lines: list[str], settings: LayoutSettings = SETTINGS) -> list[TextGrid]:
    """Every pipe table and one-cell-per-line table of a document, in document order."""
    found = pipe_grids(lines, settings)
    taken = {k for g in found for k in range(g.grid.span[0] - 1, g.grid.span[1])}
    found += closed_cell_grids(lines, taken, settings)
    taken = {k for g in found for k in range(g.grid.span[0] - 1, g.grid.span[1])}
    found += stacked_grids(lines, taken, settings)
    return sorted(found, key=lambda g: g.grid.span[0])


# ---------------------------------------------------------------- captions and legends


def caption_above(lines: list[str], index: int, settings: LayoutSettings = SETTINGS) -> tuple[str | None, int]:
    """The caption of a table starting at line `index` ("Table 2. Trials of MSCs in ..."), and the
    index of its first line (`index` when there is none)."""
    above = list(islice((k for k in range(index - 1, -1, -1) if lines[k].strip()), settings.caption_reach))
    for position, k in enumerate(above):
        if CAPTION.match(lines[k]):
            kept = sorted(above[: position + 1])
            return " ".join(lines[j].strip() for j in kept), k
    return None, index


def is_legend(text: str) -> bool:
    """A table's legend or notes line ("NA, not applicable; IV, intravenous", "Notes: ...")."""
    return bool(read_legend(text) or _LEGEND_START.match(text))


def legend_below(lines: list[str], index: int, settings: LayoutSettings = SETTINGS) -> tuple[str | None, int]:
    """The legend under a table ending before line `index` (abbreviations, notes), and the index
    one past it."""
    for k in range(index, min(len(lines), index + settings.legend_reach)):
        text = lines[k].strip()
        if text and is_legend(text):
            return text, k + 1
    return None, index


# ---------------------------------------------------------------- pipe tables


def _is_pipe_line(line: str) -> bool:
    return "|" in line and bool(line.strip())


def pipe_grids(lines: list[str], settings: LayoutSettings = SETTINGS) -> list[TextGrid]:
    found, i = [], 0
    while i < len(lines):
        if lines[i].count("|") < 2:
            i += 1
            continue
        end = _pipe_region_end(lines, i, settings)
        grid = _pipe_grid(lines, i, end, settings)
        if grid is not None:
            found.append(grid)
        i = end
    return found


def _pipe_region_end(lines: list[str], start: int, settings: LayoutSettings) -> int:
    """One past the last line of the pipe table starting at `start`: pipe lines, and the lines
    without a '|' that a broken row leaves between them."""
    end, k = start + 1, start + 1
    while k < len(lines) and lines[k].strip():
        if _is_pipe_line(lines[k]):
            end = k + 1
        elif k - end >= settings.max_continuation_lines - 1:
            break
        k += 1
    last = lines[end].strip() if end == len(lines) - 1 else ""
    if last and not _is_pipe_line(last) and not legend_below(lines, end, settings)[0]:
        end += 1  # the document ends inside a cell
    return end


@dataclass
class _PipeCell:
    text: str
    first: int  # document line (1-based)
    last: int


def _pipe_cells(lines: list[str], start: int, end: int) -> tuple[list[list[_PipeCell]], list[_PipeCell] | None]:
    """The region's cells, as rows closed at the end of a line; the last, unclosed row (a cut
    excerpt) separately."""
    body = [k for k in range(start, end) if not _RULE.match(lines[k])]
    delimiters = [m for k in body for m in re.finditer(r"\|", lines[k])]
    spaced = sum(1 for k in body for m in re.finditer(r"(?<=[\s|])\||\|(?=[\s|]|$)|^\|", lines[k]))
    # a '|' inside a cell's text ("IT|IV") where cells are parted by spaced ones; "||" is an empty cell
    literal = re.compile(r"(?<=[^\s|])\|(?=[^\s|])") if spaced >= 0.8 * len(delimiters) else None
    bordered = sum(lines[k].lstrip().startswith("|") and lines[k].strip() != "|" for k in body) > len(body) / 2
    # without a closing '|' on most lines ("a | b | c"), the end of a line closes its last cell
    open_ended = sum(lines[k].rstrip().endswith("|") for k in body) < len(body) / 2
    cells: list[_PipeCell] = []
    rows: list[list[_PipeCell]] = []
    open_cell: _PipeCell | None = None
    width = None
    per_line = _row_per_line(lines, body)
    for k in body:
        line = lines[k].strip()
        if literal:
            line = literal.sub("\x00", line)
        if bordered and line.startswith("|") and line != "|":
            line = line[1:]
        parts = line.split("|")
        for n, part in enumerate(parts):
            text = part.replace("\x00", "|").strip()
            if n == len(parts) - 1 and not text:
                break  # the line ends with '|': nothing is left open
            if open_cell is not None:
                open_cell.text = f"{open_cell.text} {text}".strip()
                open_cell.last = k + 1
            else:
                open_cell = _PipeCell(text, k + 1, k + 1)
            if n < len(parts) - 1:  # a '|' closes the cell
                cells.append(open_cell)
                open_cell = None
        if open_ended and open_cell is not None:
            cells.append(open_cell)
            open_cell = None
        if width is None and open_cell is None:
            width = len(cells)
        if open_cell is None and width and (len(cells) >= width or per_line and cells):
            rows.append(cells)
            cells = []
    tail = cells + ([open_cell] if open_cell is not None and open_cell.text else [])
    return rows, tail or None


ROW_LINE_SHARE = 0.8  # lines closed by '|' that make each line a row of its own
ROW_LINE_CELLS = 0.5  # ... when each holds at least this share of the header's cells


def _row_per_line(lines: list[str], body: list[int]) -> bool:
    """Whether each line is a row of its own, its empty cells dropped by the scrape (rows shorter
    than the header, but each closed and holding most of a row), rather than a row broken over
    lines (a few cells a line)."""
    if len(body) < 3:
        return False
    counts = [len([p for p in lines[k].strip().strip("|").split("|") if p.strip()]) for k in body]
    width = max(counts[0], 1)
    closed = [k for k in body[1:] if lines[k].rstrip().endswith("|")]
    full = [k for k, n in zip(body[1:], counts[1:], strict=True) if n >= ROW_LINE_CELLS * width]
    return len(closed) >= ROW_LINE_SHARE * (len(body) - 1) and len(full) >= ROW_LINE_SHARE * (len(body) - 1)


def _aligned_right(rows: list[list[_PipeCell]], width: int) -> list[list[Cell]]:
    """Rows as cells, a row that lacks the merged cells a group of rows shares printed once above it
    ("HSC | Burt | 17 | 52" then "Gale | 46 | 426"): where its cells' kinds fit the row above's shifted
    one place, it takes that row's first cell as an inherited cell."""
    out: list[list[Cell]] = []
    leader: list[_PipeCell] | None = None
    for row in rows:
        cells = [Cell(c.text) for c in _fit(row, width)]
        shifted = _shifted_fit(row, leader) if leader is not None else 0
        if leader is not None and shifted >= SHIFT_CELLS - 1 and shifted > _shifted_fit(row, leader, 0):
            cells = [Cell(leader[0].text, inherited=True)] + [Cell(c.text) for c in _fit(row, width - 1)]
        else:
            leader = row
        out.append(cells)
    return out


def _shifted_fit(row: list[_PipeCell], leader: list[_PipeCell], shift: int = 1) -> int:
    """How many of a row's first cells have the kind of the leader's cells `shift` places on."""
    pairs = zip(row[:SHIFT_CELLS], leader[shift:shift + SHIFT_CELLS], strict=False)
    return sum(cell_kind(a.text) == cell_kind(b.text) for a, b in pairs)


SHIFT_CELLS = 4  # the cells compared when a row may lack its group's merged first cell


def _pipe_grid(lines: list[str], start: int, end: int, settings: LayoutSettings) -> TextGrid | None:
    rows, tail = _pipe_cells(lines, start, end)
    if len(rows) < 1 + settings.min_body_rows - (tail is not None):
        return None
    rule = next((k for k in range(start, end) if _RULE.match(lines[k])), None)
    head = [r for r in rows if rule is not None and r[-1].last <= rule] or rows[:1]  # a header of two rows and more
    above = len(head)
    header, body = head[0], [r for r in rows[len(head):] if any(c.text for c in r)]
    while rule is not None and len(body) > 1 and not any(ch.isdigit() for c in body[0] for ch in c.text):
        head, body = head + [body[0]], body[1:]  # a second header line under the rule: names, no values
    width = len(header)
    names = [" ".join(r[c].text for r in head if c < len(r) and r[c].text) for c in range(width)]
    flat = _flowed_names(head[:above], head[above:], body)
    if flat is not None:
        width, names = len(flat), flat
    if _corner_left_out(names, body):
        names = ["", *names[:-1]]  # "A | B | C | |" over "Patients | 19 | 156 | 75 |": the names stand over the values
    cut = None
    if tail is not None and any(c.text for c in tail):
        cut = len(body)
        body.append(tail[:-1] if len(tail) > 1 else tail)  # the cell the excerpt ends in is cut
    grid_rows = tuple(tuple(r) for r in _aligned_right(body, width))
    spans = tuple((r[0].first, r[-1].last) for r in body)
    title, first = caption_above(lines, start, settings)
    legend, after = legend_below(lines, end, settings)
    grid = Grid(tuple(names), grid_rows, tuple(s[0] for s in spans), header[0].first, title, legend,
                (first + 1, max(after, end)))
    return TextGrid(grid, spans, cut)


def _flowed_names(above: list[list[_PipeCell]], under: list[list[_PipeCell]], body: list[list[_PipeCell]]) -> list[str] | None:
    """The names of a header row broken over lines, each line closing its cells ("| Disease | Patients |" /
    "Cells |" / "Stage | Ref. |"), read in order as one row, where the rows are wider than its first line;
    a line of sub-names under the rule ("| Source | Dose | Effect |") takes the place of the one name they
    come under (the name that shares a word with them, else the one no column is known by). None when the
    names do not come to the rows' width."""
    if len(above) < 2 or not body:
        return None
    width = Counter(len(r) for r in body).most_common(1)[0][0]
    names = [c.text for r in above for c in r if c.text]
    if len(above[0]) >= width or len(names) > width:
        return None
    subs = [c.text for r in under for c in r if c.text]
    if subs and len(names) - 1 + len(subs) == width:
        words = {w.lower() for sub in subs for w in re.findall(r"[A-Za-z]{3,}", sub)}
        shared = [k for k, n in enumerate(names) if words & {w.lower() for w in re.findall(r"[A-Za-z]{3,}", n)}]
        unknown = [k for k, n in enumerate(names) if phrase_role(n, True) is None]
        spanning = (shared or unknown or [None])[0]
        if spanning is None:
            return None
        names = names[:spanning] + subs + names[spanning + 1:]
    return names if len(names) == width else None


def _corner_left_out(names: list[str], body: list[list[_PipeCell]]) -> bool:
    """A header printed without its empty first cell, its names shifted one cell left and its last
    cell empty, where most rows fill their last cell."""
    if len(names) < 3 or names[-1] or not all(names[:-1]):
        return False
    filled = sum(1 for row in body if len(row) >= len(names) and row[len(names) - 1].text)
    return 2 * filled > len(body)


def _fit(row: list[_PipeCell], width: int) -> list[_PipeCell]:
    """A row of exactly `width` cells: extra cells joined into the last, missing ones empty."""
    if len(row) > width:
        last = row[width - 1]
        joined = " ".join(c.text for c in row[width - 1:] if c.text)
        row = row[:width - 1] + [_PipeCell(joined, last.first, row[-1].last)]
    return row + [_PipeCell("", row[-1].last, row[-1].last)] * (width - len(row))


# ---------------------------------------------------------------- one closed cell per line, no header


SIDEWAYS_NAMES = 3  # column names down a grid's first column that show it printed sideways
STUDIES_COLUMN = "Study"  # the name of a turned grid's first column, where its corner cell was empty


_LABEL = re.compile(r"[A-Za-z][\w'’/(),.-]*(?:\s+[\w'’/(),.%-]+){0,7}")  # a row's name: words, no leading number


def upright(grid: Grid) -> Grid | None:
    """A grid printed sideways (one study per column, the column names down its first column:
    "Disease | RA | T1D", "Patients | 16 | 30"), turned the right way round: its first column the
    header, each study a row spanning the table's lines. Most of the first column's names are known
    ones, or all of them are names and three known (outcome rows: "Overall survival | 94% | 100%").
    None when the grid is not sideways."""
    first = [grid.header[0], *(row[0].text for row in grid.rows if row)]
    across = sum(1 for cell in grid.header[1:] if phrase_role(cell.strip(), True))
    down = sum(1 for cell in first if phrase_role(cell.strip(), True))
    labels = all(_LABEL.fullmatch(cell.strip()) for cell in first if cell.strip())  # outcomes too: "Overall survival"
    corner = not grid.header[0].strip() and across == 0  # an empty corner over the names, studies across
    if down < SIDEWAYS_NAMES - corner or down < 0.6 * len(first) and not (labels or corner) or across >= 2 \
            or len(grid.header) < 3:
        return None
    columns = [[grid.header[k], *(row[k].text if k < len(row) else "" for row in grid.rows)]
               for k in range(1, len(grid.header))]
    rows = tuple(tuple(Cell(text) for text in column) for column in columns if any(t.strip() for t in column))
    names = (first[0] or STUDIES_COLUMN, *first[1:])  # an empty corner stands over the studies' names
    return Grid(names, rows, tuple(grid.header_line for _ in rows), grid.header_line, grid.title, grid.legend,
                grid.span)


def _closes_one_cell(line: str) -> bool:
    return line.count("|") == 1 and line.rstrip().endswith("|")


def closed_cell_grids(lines: list[str], taken: set[int], settings: LayoutSettings = SETTINGS) -> list[TextGrid]:
    """Tables whose every line closes one cell with a '|' and which have no header row."""
    found, i = [], 0
    while i < len(lines):
        if i in taken or not _closes_one_cell(lines[i]):
            i += 1
            continue
        end, k = i + 1, i + 1
        while k < len(lines) and k not in taken and lines[k].strip() and "|" not in lines[k][:-1].rstrip():
            if _closes_one_cell(lines[k]) or lines[k].strip() == "|":
                end = k + 1
            elif k - end >= settings.max_continuation_lines - 1:
                break
            k += 1
        if end == len(lines) - 1 and lines[end].strip() and "|" not in lines[end]:
            end += 1  # the document ends inside a cell
        closing = sum(_closes_one_cell(lines[j]) for j in range(i, end))
        grid = _closed_cell_grid(lines, i, end, settings) if closing >= settings.headerless_min_lines else None
        if grid is not None:
            found.append(grid)
        i = max(end, i + 1)
    return found


def _closed_cell_grid(lines: list[str], start: int, end: int, settings: LayoutSettings) -> TextGrid | None:
    rows, tail = _pipe_cells(lines, start, end)
    cells = [c for row in rows for c in row]
    width = next((w for w in range(settings.stacked_min_columns, settings.stacked_max_columns + 1)
                  if _keeps_columns(cells, w, settings)), None)
    if width is None:
        return None
    body = [cells[r:r + width] for r in range(0, len(cells), width)]
    cut = None
    if tail and tail[-1].text:
        cut_row = body.pop() if body and len(body[-1]) < width else []
        body.append(cut_row + tail[:-1])  # the cell the excerpt ends in is cut
        cut = len([r for r in body[:-1] if any(c.text for c in r)])
    body = [r for r in body if any(c.text for c in r)]
    if len(body) < settings.headerless_min_rows:
        return None
    grid_rows = tuple(tuple(Cell(c.text) for c in _fit(r, width)) for r in body)
    spans = tuple((r[0].first, max(c.last for c in r if c.text)) for r in body)
    title, first = caption_above(lines, start, settings)
    legend, after = legend_below(lines, end, settings)
    grid = Grid(("",) * width, grid_rows, tuple(s[0] for s in spans), start + 1, title, legend,
                (first + 1, max(after, end)))
    return TextGrid(grid, spans, cut)


def _keeps_columns(cells: list[_PipeCell], width: int, settings: LayoutSettings) -> bool:
    """Whether rows of `width` cells (rows of empty cells dropped) keep a typed cell in place: some
    column of a count, year, registry id, citation or dose in nearly every row."""
    rows = [r for r in (cells[k:k + width] for k in range(0, len(cells) - width + 1, width)) if any(c.text for c in r)]
    if len(rows) < settings.headerless_min_rows:
        return False
    for c in range(width):
        kinds = Counter(cell_kind(row[c].text) for row in rows)
        kind, count = kinds.most_common(1)[0]
        if kind not in ("text", "empty") and count >= settings.stacked_min_consistency * len(rows):
            return True
    return False


# ---------------------------------------------------------------- one cell per line


def cell_kind(text: str) -> str:
    """What a cell holds, by form: "empty" (not stated), "registry", "year", "citation" (a
    reference, alone or after a name), "count", "dose" or "text"."""
    text = text.strip()
    if not text or NOT_STATED.match(text) or text.lower() in ("nr", "na", "n/a", "none"):
        return "empty"
    if _REGISTRY.search(text):
        return "registry"
    if _YEAR.match(text):
        return "year"
    if CITATION.search(text) and len(text.split()) <= 6:
        return "citation"
    doses = find_doses(text)
    if doses and doses[0][0] == 0:
        return "dose"  # before a count: dose levels open with a number ("1 or 2 × 106/kg")
    if _COUNT.match(text):
        return "count"
    return "text"


def stacked_grids(lines: list[str], taken: set[int], settings: LayoutSettings = SETTINGS) -> list[TextGrid]:
    items = [k for k, line in enumerate(lines) if line.strip() and k not in taken]
    found, p = [], 0
    while p < len(items):
        read = _stacked_at(lines, items, p, settings)
        if read is None:
            p += 1
            continue
        grid, used = read
        found.append(grid)
        p += used
    return found


def _short(line: str, settings: LayoutSettings) -> bool:
    words = line.split()
    return 0 < len(words) <= settings.stacked_header_words and "|" not in line and not line.rstrip().endswith(".")


def _stacked_at(lines: list[str], items: list[int], p: int, settings: LayoutSettings) -> tuple[TextGrid, int] | None:
    """The one-cell-per-line table whose header starts at item p, and the items it takes."""
    if p and _short(lines[items[p - 1]], settings) and not CAPTION.match(lines[items[p - 1]]):
        return None  # a header starts after a caption or prose, not inside a run of short lines
    best = None
    for width in range(settings.stacked_min_columns, settings.stacked_max_columns + 1):
        header = items[p:p + width]
        if len(header) < width or not all(_short(lines[k], settings) for k in header):
            break
        if any(cell_kind(lines[k]) in ("registry", "count", "dose", "citation") for k in header):
            break
        kinds = _column_kinds(lines, items[p + width:], width, settings)
        if kinds is None:
            continue
        walked = _stacked_rows(lines, items[p + width:], width, kinds)
        rows = len(walked[0])
        if rows >= settings.min_body_rows and (best is None or rows * width > len(best[1][0]) * best[0]):
            best = (width, walked)
    if best is None:
        return None
    width, walked = best
    return _stacked_grid(lines, items, p, width, walked, settings)


def _column_kinds(lines: list[str], body: list[int], width: int, settings: LayoutSettings) -> list[str] | None:
    """Each column's kind over the first rows, or None when the rows do not keep their kinds
    (the wrong number of columns scrambles them) or hold no typed column at all."""
    rows = [body[r * width:(r + 1) * width] for r in range(min(settings.stacked_probe_rows, len(body) // width))]
    if len(rows) < settings.min_body_rows:
        return None
    kinds = _consistent_kinds(lines, rows, width, settings)
    first = _column_kinds_of(lines, rows[:1]) if kinds is None else []
    if sum(k in ("count", "dose") for k in first) == 2:
        # rows cut in turn lose step after a dose cohort printed under a row: walk them by the first row's kinds
        walked, cohorts, _ = _stacked_rows(lines, body, width, first)
        if cohorts and len(walked) >= settings.min_body_rows:
            kinds = _consistent_kinds(lines, walked[:settings.stacked_probe_rows], width, settings)
    return kinds


def _consistent_kinds(lines: list[str], rows: list[list[int]], width: int, settings: LayoutSettings) -> list[str] | None:
    """Each column's kind, where the rows keep their typed cells' kinds and two columns at least are typed."""
    kinds = []
    for c in range(width):
        kind, count, stated = _column_kind(lines, rows, c)
        if kind != "text" and count < settings.stacked_min_consistency * stated:
            return None
        kinds.append(kind)
    typed = [k for k in kinds if k not in ("text", "empty")]
    return kinds if len(typed) >= 2 else None


def _fits(lines: list[str], row: list[int], kinds: list[str]) -> bool:
    """Whether a row's typed cells have their column's kind (text columns take anything but ids)."""
    for k, kind in zip(row, kinds, strict=False):
        got = cell_kind(lines[k])
        if got == "empty" or got == kind:
            continue
        if kind == "text" and got not in ("registry", "citation"):
            continue
        if kind in ("count", "dose") and got in ("count", "dose", "text"):
            continue
        return False
    return True


def _column_kind(lines: list[str], rows: list[list[int]], c: int) -> tuple[str, int, int]:
    """Column c's most common kind among its stated cells, how many cells have it, and how many
    are stated ("empty" when none is)."""
    seen = Counter(cell_kind(lines[row[c]]) for row in rows)
    seen.pop("empty", None)
    kind, count = seen.most_common(1)[0] if seen else ("empty", len(rows))
    return kind, count, sum(seen.values())


def _column_kinds_of(lines: list[str], rows: list[list[int]]) -> list[str]:
    return [_column_kind(lines, rows, c)[0] for c in range(len(rows[0]))]


def _stacked_rows(lines: list[str], body: list[int], width: int,
                  kinds: list[str]) -> tuple[list[list[int]], list[tuple[int, list[int]]], int]:
    """The rows of a one-cell-per-line body, each `width` cells that keep their columns' kinds; the
    dose cohorts printed under a row (a count, then its dose, one per line: "20" / "2 × 106/kg"), each
    as (the row it is under, its items, one per column, -1 where it states nothing); and the items used."""
    rows: list[list[int]] = []
    cohorts: list[tuple[int, list[int]]] = []
    q = 0
    while q + width <= len(body) and _fits(lines, body[q:q + width], kinds):
        rows.append(body[q:q + width])
        q += width
        while rows and (cohort := _cohort_at(lines, body, q, width, kinds)):
            cohorts.append((len(rows) - 1, cohort))
            q += sum(k >= 0 for k in cohort)
    return rows, cohorts, q


def _cohort_at(lines: list[str], body: list[int], q: int, width: int, kinds: list[str]) -> list[int] | None:
    """A dose cohort printed under a row at body item q: its count and its dose, in the columns'
    order, on lines of their own, and after them the next row or the cohort after it (or the end)."""
    order = [c for c in range(width) if kinds[c] in ("count", "dose")]
    if sorted(kinds[c] for c in order) != ["count", "dose"] or q + 2 > len(body):
        return None
    if any(cell_kind(lines[body[q + i]]) != kinds[c] for i, c in enumerate(order)):
        return None
    rest = body[q + 2:]
    if rest and not (len(rest) >= width and _fits(lines, rest[:width], kinds) or [cell_kind(lines[k]) for k in rest[:2]]
                     == [kinds[c] for c in order]):
        return None
    cohort = [-1] * width
    for i, c in enumerate(order):
        cohort[c] = body[q + i]
    return cohort


def _with_cohorts(rows: list[list[int]],
                  cohorts: list[tuple[int, list[int]]]) -> tuple[list[list[int]], list[tuple[int, int]]]:
    """The rows with each dose cohort after the row it is under, as a row of its own that repeats
    that row's other cells (as a cell spanning the rows of an HTML table does); and each row's
    first and last document line (1-based), a cohort's its own."""
    out, spans = [], []
    for r, row in enumerate(rows):
        out.append(row)
        spans.append((row[0] + 1, row[-1] + 1))
        for under, cohort in cohorts:
            if under == r:
                out.append([own if own >= 0 else k for own, k in zip(cohort, row, strict=True)])
                own = [k for k in cohort if k >= 0]
                spans.append((min(own) + 1, max(own) + 1))
    return out, spans


def _stacked_grid(lines: list[str], items: list[int], p: int, width: int,
                  walked: tuple[list[list[int]], list[tuple[int, list[int]]], int],
                  settings: LayoutSettings) -> tuple[TextGrid, int]:
    """The grid of a one-cell-per-line table whose header is `width` items from item p and whose rows
    (and the dose cohorts under them) `_stacked_rows` walked; and the items it takes."""
    header = items[p:p + width]
    found, cohorts, taken = walked
    rows, spans = _with_cohorts(found, cohorts)
    used = width + taken
    body = items[p + width:p + used]
    rest = items[p + used:]
    cut = None
    last_line = max((k for k, line in enumerate(lines) if line.strip()), default=-1)
    if rest and len(rest) < width and rest[-1] == last_line and rest[0] - body[-1] <= 3 \
            and not legend_below(lines, rest[-1])[0] and _fits(lines, rest, _column_kinds_of(lines, rows)):
        cut = len(rows)  # the document ends inside this row: an excerpt cut off
        rows.append(rest[:-1] or rest)
        spans.append((rows[-1][0] + 1, rows[-1][-1] + 1))
        used += len(rest)
    grid_rows = tuple(tuple(Cell(lines[k].strip()) for k in row) + (Cell(""),) * (width - len(row)) for row in rows)
    spans = tuple(spans)
    title, first = caption_above(lines, header[0], settings)
    end = max(span[1] for span in spans) if spans else header[-1] + 1
    legend, after = legend_below(lines, end, settings)
    grid = Grid(tuple(lines[k].strip() for k in header), grid_rows, tuple(s[0] for s in spans), header[0] + 1,
                title, legend, (first + 1, max(after, end)))
    return TextGrid(grid, spans, cut), used
