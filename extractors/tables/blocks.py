"""Column-stacked tables: a table printed column by column, one block of values per column.

A page whose table keeps one row per group of studies, each cell a list with one value per study,
loses its rows when it is flattened to text: what is left is the first column's values one per
line, a blank line, the next column's values, and so on, with a line naming the group ("Autoimmune
disease", "Crohn's disease") between two groups. The i-th value of every block belongs to the i-th
study of its group. Such a table shows itself by its blocks alone:

- a **group** is a run of at least `min_columns` blocks of one length (the group's studies, at
  least `min_rows`), each holding one kind of value (registry ids, counts, doses, years,
  citations, studies, phases, routes, cell sources, diseases, or free text), at least `min_typed` of them
  a kind other than free text. A row printed one cell per line holds many kinds in one block, and
  prose holds no typed value: neither is a group. A block whose values wrapped onto more lines is
  joined back where a line plainly goes on from the one before (it opens in lower case, or the line
  before ends with a joining word or mark);
- further groups follow with their headings between them, each of the first group's width or
  narrower (a column whose list was empty in a group leaves no block: the narrower group's blocks
  are matched to the columns by their kinds, in order). A group of one study is its cells one per
  block, as many as the table has columns;
- the **header** is the column names right above the first group, as one block of names or one
  name per block, when there are as many names as columns; otherwise the columns' roles come from
  their values alone. A heading that names a disease gives its studies that disease where no
  column holds one.

The table is returned as a `Grid` with one body row per study, so the column-role reader and the
arm builder serve it like any other table.

The same table in journal HTML is one row per group whose cells each hold a list, the studies' values
parted by `<br>`: `list_values` reads such a row's cells as its studies' values, by the same kinds, and
the HTML reader makes one row per study of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.document import Cell, Grid
from extractors.tables.headers import CAPTION, header_role, phrase_role, read_header
from extractors.tables.layouts import TextGrid, caption_above, cell_kind, is_legend, legend_below
from extractors.tables.patterns import AUTHOR_YEAR, PHASE, goes_on
from extractors.tables.segment import GENERIC_CELL, cell_codes
from extractors.vocabulary import load


@dataclass(frozen=True)
class BlockSettings:
    """The bounds a column-stacked table is found within."""

    min_columns: int = 3  # blocks of one length in a row that make a group
    min_rows: int = 2  # a block this long at least holds a column of several studies
    min_typed: int = 2  # of a group's blocks, those holding a kind of value other than free text
    uniform_share: float = 0.8  # of a block's stated values, those of its kind
    max_gap: int = 2  # blank lines between two blocks of one table
    max_value_chars: int = 200  # a longer line is prose, not one value
    heading_words: int = 8  # a heading between groups is short
    min_names: int = 2  # known column names that make the lines above the first group its header


SETTINGS = BlockSettings()

# The kinds a value can have, in the order a block's kind is looked for: typed kinds first.
TYPED = ("registry", "citation", "year", "dose", "count")
WORDED = ("study", "phase", "route", "origin", "cell", "disease")
ARM_KINDS = frozenset({"registry", "dose", "count"})  # a table of studies states one of these
# A value that states nothing ("NR", "–", "X" in a list of identifiers): it fits any column.
_PLACEHOLDER = re.compile(r"^(?:[xX✗✓√]|none|no|yes)$")


@dataclass(frozen=True)
class Block:
    """Consecutive non-blank lines, and the values they hold once wrapped lines are joined."""

    lines: tuple[int, ...]  # 0-based document lines
    values: tuple[str, ...]
    value_lines: tuple[tuple[int, int], ...]  # first and last line of each value

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


@dataclass
class Group:
    """Studies printed as blocks of one length, and the heading above them."""

    blocks: list[Block]
    heading: str | None = None
    columns: list[int] | None = None  # the table column of each block, once matched


# ---------------------------------------------------------------- values and blocks


@lru_cache(maxsize=16384)
def value_kinds(text: str) -> frozenset[str]:
    """The kinds one value may be: "empty" (states nothing), a typed kind (registry, citation, year,
    dose, count), or the worded kinds its words name (a study's author and year, phase, route,
    origin, cell, disease); "text" when it is none of these."""
    text = text.strip()
    if _PLACEHOLDER.match(text):
        return frozenset({"empty"})
    kind = cell_kind(text)
    if kind != "text":
        return frozenset({kind})
    lex = load()
    found = set()
    if AUTHOR_YEAR.match(text):
        found.add("study")
    if PHASE.search(text) and len(text.split()) <= 4:
        found.add("phase")
    if lex["route"].find(text):
        found.add("route")
    if lex["origin"].find(text):
        found.add("origin")
    if cell_codes(text, lex["cell_source"]) or GENERIC_CELL.search(text):
        found.add("cell")
    if lex["disease"].find(text):
        found.add("disease")
    return frozenset(found or {"text"})


def block_kind(values: tuple[str, ...], settings: BlockSettings = SETTINGS) -> str | None:
    """The one kind of value a block holds: the first kind (typed kinds first) that most of its stated
    values have; "text" where few are typed; None where several typed kinds mix (a row printed one
    cell per line)."""
    kinds = [value_kinds(v) for v in values]
    stated = [k for k in kinds if k != {"empty"}]
    if not stated:
        return "empty"
    for kind in (*TYPED, *WORDED):
        if sum(kind in k for k in stated) >= settings.uniform_share * len(stated):
            return kind
    typed = sum(bool(k & set(TYPED)) for k in stated)
    return "text" if typed <= (1 - settings.uniform_share) * len(stated) else None


def blocks_of(lines: list[str], taken: set[int]) -> list[Block]:
    """The document's runs of non-blank lines outside other tables, each line one value."""
    found, run = [], []
    for k, line in enumerate([*lines, ""]):
        if line.strip() and k not in taken:
            run.append(k)
            continue
        if run:
            found.append(Block(tuple(run), tuple(lines[j].strip() for j in run), tuple((j, j) for j in run)))
        run = []
    return found


@lru_cache(maxsize=16384)
def one_value(previous: str, piece: str) -> bool:
    """Whether two lines read as one value of a known kind: a name of the vocabulary runs across them
    ("Systemic lupus" / "erythematosus"), or an origin alone is followed by the cells it qualifies
    ("Autologous" / "BM-MSC")."""
    lexicons = load()
    previous, piece = previous.strip(), piece.strip()
    text, at = f"{previous} {piece}", len(previous)
    for name in ("disease", "cell_source", "route"):
        if any(m.start < at < m.end for m in lexicons[name].find(text)):
            return True
    origin = lexicons["origin"].find(previous)
    return bool(origin and origin[0].start == 0 and origin[0].end == at
                and (cell_codes(piece, lexicons["cell_source"]) or GENERIC_CELL.search(piece)))


def continues(previous: str, piece: str) -> bool:
    """Whether a line is the wrapped end of the cell the line before begins: it goes on from it (lower
    case, or the line before ends joined), or the two read as one value."""
    return goes_on(previous, piece) or one_value(previous, piece)


def unwrapped(block: Block, rows: int) -> Block | None:
    """The block with its wrapped values joined back into `rows` values, or None when it cannot be:
    a line joins the one before where it plainly goes on from it, or the two read as one value."""
    if len(block.values) == rows:
        return block
    if len(block.values) < rows:
        return None
    values, spans = [block.values[0]], [block.value_lines[0]]
    for text, span in zip(block.values[1:], block.value_lines[1:], strict=True):
        if continues(values[-1], text):
            values[-1] = f"{values[-1]} {text}"
            spans[-1] = (spans[-1][0], span[1])
        else:
            values.append(text)
            spans.append(span)
    return Block(block.lines, tuple(values), tuple(spans)) if len(values) == rows else None


# ---------------------------------------------------------------- a table row whose cells hold lists


LIST_KINDS = frozenset({*TYPED, "study"})  # a list of these, one per line, is the studies' values, not a wrapped cell


def list_values(cells: list[list[str]], min_rows: int = SETTINGS.min_rows) -> list[list[str] | str] | None:
    """A row whose cells each hold a list, one value per line (journal HTML with `<br>` between the
    studies of a group), as its studies' values: each list cell's k values, and the text of each cell
    that holds one value for all k (it spans them). The same form as a column-stacked table, in one row.

    k is the length of the row's lists of typed values (counts, doses, years, identifiers, citations,
    studies), all of one length and at least `min_rows`; a list of words that wrapped onto more lines
    is joined back where a line goes on from the one before. None where no such list stands, or the
    lists disagree, or fewer than two cells hold one: then the cell's lines are one wrapped value."""
    typed = [len(lines) for lines in cells if len(lines) >= min_rows and block_kind(tuple(lines)) in LIST_KINDS]
    if not typed or len(set(typed)) > 1:
        return None
    rows = typed[0]
    out: list[list[str] | str] = []
    lists = 0
    for lines in cells:
        block = Block(tuple(range(len(lines))), tuple(lines), tuple((j, j) for j in range(len(lines))))
        column = unwrapped(block, rows) if len(lines) >= rows else None
        kind = block_kind(column.values) if column is not None else None
        if kind == "text" and all(continues(a, b) for a, b in zip(lines, lines[1:], strict=False)):
            column = None  # one value wrapped over as many lines ("Autologous" / "BM-MSC"), no list
        if column is not None and kind is not None:
            out.append(list(column.values))
            lists += 1
        else:
            out.append(" ".join(lines))
    return out if lists >= 2 else None


# ---------------------------------------------------------------- groups, headings and the header


def _adjacent(lines: list[str], a: Block, b: Block, settings: BlockSettings) -> bool:
    """Whether block b follows block a in one table: a few blank lines between, no caption."""
    return b.first - a.last - 1 <= settings.max_gap and not CAPTION.match(lines[b.first])


def _fits_table(block: Block, settings: BlockSettings) -> bool:
    return all(len(v) <= settings.max_value_chars for v in block.values) and not CAPTION.match(block.values[0]) \
        and not is_legend(block.values[0])


def _group_at(lines: list[str], blocks: list[Block], i: int, settings: BlockSettings,
              max_width: int | None = None) -> Group | None:
    """The group whose first block is blocks[i]: blocks of one length, the shortest of its first ones
    (longer ones are wrapped values, joined back), each of one kind of value, at least `min_columns` of
    them, enough of them typed. A later group of a table (`max_width` its width) needs two blocks and
    one typed: its kinds are matched to the table's."""
    ahead = [b for b in blocks[i:i + settings.min_columns] if len(b.values) >= settings.min_rows]
    rows = min(len(b.values) for b in ahead) if ahead else 0
    if rows < settings.min_rows or _names(blocks[i], settings):
        return None
    found: list[Block] = []
    for j in range(i, len(blocks)):
        if found and not _adjacent(lines, blocks[j - 1], blocks[j], settings):
            break
        block = _column(blocks[j], rows, settings)
        if block is None and found and (hole := _hole(lines, blocks, j, found[-1], rows, settings)):
            block = hole
        if block is None:
            break
        found.append(block)
        if max_width is not None and len(found) == max_width:
            break
    kinds = [block_kind(b.values, settings) for b in found]
    typed = sum(k not in ("text", "empty") for k in kinds)
    least, least_typed = (settings.min_columns, settings.min_typed) if max_width is None else (2, 1)
    if len(found) < least or typed < least_typed:
        return None
    return Group(found)


def _column(block: Block, rows: int, settings: BlockSettings) -> Block | None:
    """A block as one column of a group of `rows` studies: its values, wrapped ones joined back, all
    of one kind."""
    column = unwrapped(block, rows) if _fits_table(block, settings) else None
    return column if column is not None and block_kind(column.values, settings) is not None else None


def _hole(lines: list[str], blocks: list[Block], j: int, before: Block, rows: int,
          settings: BlockSettings) -> Block | None:
    """A column a group cannot read, between two it can: a list that lost a value ("15" where two
    studies are listed) is no column of the group, but the blocks after it still are. It stands as a
    column of empty cells; a line of words alone is a heading, not such a hole."""
    block = blocks[j]
    if len(block.values) == 1 and not value_kinds(block.values[0]) & set(TYPED):
        return None
    if j + 1 >= len(blocks) or not _fits_table(block, settings) or not _adjacent(lines, block, blocks[j + 1], settings) \
            or _column(blocks[j + 1], rows, settings) is None:
        return None
    return Block(block.lines, ("",) * rows, before.value_lines)


def _names(block: Block, settings: BlockSettings) -> bool:
    """Whether a block's lines are column names: short, and several known ones."""
    short = all(len(v.split()) <= settings.heading_words for v in block.values)
    return short and sum(bool(phrase_role(v.lower().strip(" :"), True)) for v in block.values) >= settings.min_names


def _heading(block: Block, settings: BlockSettings) -> str | None:
    """A line naming the group below: one short line of words, no typed value."""
    if len(block.values) != 1:
        return None
    text = block.values[0]
    if len(text.split()) > settings.heading_words or value_kinds(text) & set(TYPED) or CAPTION.match(text):
        return None
    return text if any(ch.isalpha() for ch in text) else None


def _one_row(singles: list[Block], kinds: list[str]) -> Group | None:
    """A group of one study: as many one-line blocks as the table has columns, each of its column's kind."""
    if len(singles) != len(kinds):
        return None
    own = [block_kind(b.values) or "text" for b in singles]
    fits = all(compatible(a, b) for a, b in zip(own, kinds, strict=True))
    return Group(list(singles), columns=list(range(len(kinds)))) if fits else None


def compatible(own: str, column: str) -> bool:
    """Whether a block of kind `own` may be a column of kind `column`: one typed kind is only itself;
    free text and the worded kinds (a source, a route, a disease) may stand for one another."""
    if own == column or "empty" in (own, column):
        return True
    return own not in TYPED and column not in TYPED


def _matched(group: Group, kinds: list[str]) -> list[int] | None:
    """The table column of each of a group's blocks, in order: every block on a column of a compatible
    kind, as many as can on a column of their own kind; None when they do not fit."""
    own = [block_kind(b.values) or "text" for b in group.blocks]
    n, m = len(own), len(kinds)
    if n > m:
        return None
    # best[b][c]: the most exact matches placing blocks b.. on columns c..
    best = [[-1] * (m + 1) for _ in range(n + 1)]
    best[n] = [0] * (m + 1)
    for b in range(n - 1, -1, -1):
        for c in range(m - 1, -1, -1):
            skip = best[b][c + 1]
            take = best[b + 1][c + 1] + (own[b] == kinds[c]) if compatible(own[b], kinds[c]) \
                and best[b + 1][c + 1] >= 0 else -1
            best[b][c] = max(skip, take)
    if best[0][0] < 0:
        return None
    columns, c = [], 0
    for b in range(n):
        while not (compatible(own[b], kinds[c]) and best[b + 1][c + 1] >= 0
                   and best[b + 1][c + 1] + (own[b] == kinds[c]) == best[b][c]):
            c += 1
        columns.append(c)
        c += 1
    return columns


# ---------------------------------------------------------------- tables


def block_grids(lines: list[str], taken: set[int] = frozenset(), settings: BlockSettings = SETTINGS) -> list[TextGrid]:
    """Every column-stacked table among the lines outside `taken`, as a grid with one row per study."""
    if not _may_hold(lines, taken, settings):
        return []
    blocks = blocks_of(lines, set(taken))
    found, i = [], 0
    while i < len(blocks):
        group = _group_at(lines, blocks, i, settings) if _may_start(blocks, i, settings) else None
        if group is None:
            i += 1
            continue
        grid, i = _table_from(lines, blocks, i, group, settings)
        if grid is not None:
            found.append(grid)
    return found


def _may_hold(lines: list[str], taken: set[int], settings: BlockSettings) -> bool:
    """A cheap necessary condition for a table anywhere in the lines: `min_columns` runs of several
    non-blank lines each, one after another."""
    runs, length = 0, 0
    for k, line in enumerate(lines):
        if line.strip() and k not in taken:
            length += 1
            continue
        if length:
            runs = runs + 1 if length >= settings.min_rows else 0
            if runs >= settings.min_columns:
                return True
        length = 0
    return runs + (length >= settings.min_rows) >= settings.min_columns


def _may_start(blocks: list[Block], i: int, settings: BlockSettings) -> bool:
    """A cheap necessary condition for a group at blocks[i]: it and the next blocks, `min_columns` of
    them, each hold several lines."""
    run = blocks[i:i + settings.min_columns]
    return len(run) == settings.min_columns and all(len(b.lines) >= settings.min_rows for b in run)


def _table_from(lines: list[str], blocks: list[Block], i: int, first: Group,
                settings: BlockSettings) -> tuple[TextGrid | None, int]:
    """The table whose first group starts at blocks[i], and the index of the block after it."""
    kinds = [block_kind(b.values, settings) or "text" for b in first.blocks]
    first.columns = list(range(len(kinds)))
    header, top, first.heading = _header_above(lines, blocks, i, kinds, settings)
    groups = [first]
    j = i + len(first.blocks)
    while j < len(blocks) and _adjacent(lines, blocks[j - 1], blocks[j], settings):
        nxt, after = _next_group(lines, blocks, j, kinds, settings)
        if nxt is None:
            break
        groups.append(nxt)
        j = after
    if not any(kind in ARM_KINDS for kind in kinds):
        return None, i + 1
    return _grid(lines, groups, kinds, header, blocks[top].first), j


def _header_above(lines: list[str], blocks: list[Block], i: int, kinds: list[str],
                  settings: BlockSettings) -> tuple[list[str] | None, int, str | None]:
    """The column names above the group at blocks[i], the index of the table's first block (the
    header's, else a heading's, else the group's), and the heading over the group. The names stand
    right above the group or above its heading, as one block or one name per block; where both read,
    the names whose roles the columns' kinds bear out are the header."""
    width = len(kinds)
    heading = _heading(blocks[i - 1], settings) if i and _adjacent(lines, blocks[i - 1], blocks[i], settings) else None
    options = []
    for skip in ((0, 1) if heading else (0,)):  # right above, or above the group's heading
        end = i - skip
        if end <= 0 or not _adjacent(lines, blocks[end - 1], blocks[end], settings):
            continue
        above = blocks[end - 1]
        if len(above.values) == width and _names(above, settings):
            options.append((list(above.values), end - 1, heading if skip else None))
        columns = read_header(above.values[0]) if len(above.values) == 1 else None
        if columns is not None and len(columns) == width:  # the names on one line
            options.append(([c.header for c in columns], end - 1, heading if skip else None))
        singles = blocks[end - width:end] if end >= width else []
        if singles and all(len(b.values) == 1 and not CAPTION.match(b.values[0]) for b in singles) and \
                all(_adjacent(lines, a, b, settings) for a, b in zip(singles, singles[1:], strict=False)):
            names = Block(tuple(b.first for b in singles), tuple(b.values[0] for b in singles), ())
            if _names(names, settings):
                options.append((list(names.values), end - width, heading if skip else None))
    if not options:
        return None, i - 1 if heading else i, heading
    return max(options, key=lambda option: _agreement(option[0], kinds))


# The kind of value a column of each role holds, where its values show it.
_ROLE_KIND = {"registry": "registry", "patients": "count", "dose": "dose", "year": "year", "reference": "citation",
              "study": "study", "phase": "phase", "route": "route", "cell": "cell", "origin": "origin", "disease": "disease"}


def _agreement(names: list[str], kinds: list[str]) -> int:
    """How many of the columns' kinds bear out the role their name names."""
    return sum(_ROLE_KIND.get(header_role(name)) == kind for name, kind in zip(names, kinds, strict=True))


def _next_group(lines: list[str], blocks: list[Block], j: int, kinds: list[str],
                settings: BlockSettings) -> tuple[Group | None, int]:
    """The group after a table's last group, starting at blocks[j], and the index of the block after
    it: one-line blocks (a heading, a group of one study, or both), or a heading and a group of several."""
    width, singles = len(kinds), []
    while j + len(singles) < len(blocks) and len(blocks[j + len(singles)].values) == 1 and len(singles) <= width:
        k = j + len(singles)
        if singles and not _adjacent(lines, blocks[k - 1], blocks[k], settings):
            break
        singles.append(blocks[k])
    heading = _heading(singles[0], settings) if singles else None
    for offset in ((1, 0) if heading else (0,)):
        row = _one_row(singles[offset:offset + width], kinds)
        if row is not None:
            row.heading = heading if offset else None
            return row, j + offset + width
    if len(singles) > 1 or (singles and heading is None):
        return None, j
    k = j + len(singles)
    if k >= len(blocks) or (singles and not _adjacent(lines, singles[-1], blocks[k], settings)):
        return None, j
    group = _group_at(lines, blocks, k, settings, max_width=width) if len(blocks[k].values) >= settings.min_rows \
        else None
    if group is None or (columns := _matched(group, kinds)) is None:
        return None, j
    group.columns, group.heading = columns, heading
    return group, k + len(group.blocks)


def _grid(lines: list[str], groups: list[Group], kinds: list[str], header: list[str] | None,
          top: int) -> TextGrid:
    """The groups as a grid, one body row per study; a column for the headings' diseases where no
    column holds a disease."""
    width = len(kinds)
    names = list(header) if header else [""] * width
    diseases = load()["disease"]
    by_heading = "disease" not in kinds and any(g.heading and diseases.find(g.heading) for g in groups)
    if by_heading:
        names.append("Disease" if header else "")
    rows, spans = [], []
    heading = None
    for group in groups:
        heading = group.heading or heading
        for r in range(len(group.blocks[0].values)):
            cells = [Cell("")] * width
            first, last = None, None
            for block, c in zip(group.blocks, group.columns or [], strict=True):
                cells[c] = Cell(block.values[r])
                a, b = block.value_lines[r]
                first, last = min(a, first if first is not None else a), max(b, last if last is not None else b)
            if by_heading:
                cells.append(Cell(heading if heading and diseases.find(heading) else ""))
            rows.append(tuple(cells))
            spans.append((first + 1, last + 1))
    end = max(b.last for g in groups for b in g.blocks) + 1
    title, caption_line = caption_above(lines, top)
    legend, after = legend_below(lines, end)
    grid = Grid(tuple(names), tuple(rows), tuple(s[0] for s in spans), top + 1, title, legend,
                (caption_line + 1, max(after, end)))
    return TextGrid(grid, tuple(spans))
