"""Unruled PDF tables: found from words that line up, in the rows of a page already put in reading order.

A table starts at its caption ("Table 1: ...", "TABLE 2", a caption wrapped over two lines is
one), or, with no caption, where at least three rows of three or more cells each line up. Its
body runs while rows keep the table's font size and are not a line of running text; the
footnotes below in the table's (smaller) size, or starting like a note ("Note:", "*", "HD: ..."),
are its legend. Columns are where the words of the body rows leave a vertical strip clear that
some rows also show as a gap between cells (so a cell run into its neighbour by a narrow gap
still splits, and the space inside "12 (5%)" does not). The header is the rows above the first
row holding a number; each header word goes to its column, a header cell spread over several
columns to each of them. A body line with an empty first column (or only an indented first
column) continues the row above. Raised digits after "10" read "10^9"; a raised "∘" reads "°".
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from extractors.document import Cell
from extractors.readers.pdf_layout import CELL_GAP, CELL_GAP_LOOSE, Row, Word
from extractors.readers.render import RawTable, one_line

CAPTION = re.compile(r"^\s*(?:table|tab\.)\s*(?:\d+|[IVX]+)\b(?!\s*(?:shows|summari[sz]es|lists|gives|presents)\b)",
                     re.IGNORECASE)
_NUMBER = re.compile(r"^[<>≤≥±~−–-]?\s*\(?\d")
_NOTE = re.compile(r"^(?:[*†‡§¶#∗]|[a-z]\s|notes?\b|abbreviations?\b|source\b|data\s+(?:are|were)\b|values\b"
                   r"|[A-Z][\w+/-]{0,12}\s*[:=,;])", re.IGNORECASE)
SIZE_SAME = 0.12  # a row whose font size differs from the table's by more than this share is not the table
WIDE_ROW = 0.6  # a single stretch of words this share of the table's width is running text, not a cell
MAX_GAP = 3.0  # ems of white space above a row that end a table
MIN_ROWS = 3  # an uncaptioned table: this many rows ...
MIN_COLUMNS = 3  # ... of this many cells
MAX_LEGEND = 10
MIN_GUTTER = 0.4  # ems: a strip between columns is at least this wide
SMALL = 0.8  # a word under this share of its row's size is a superscript or subscript


@dataclass
class Found:
    table: RawTable
    top: float
    bottom: float


def cells(row: Row) -> list[list[Word]]:
    """A row's words cut into cells where the gap between words is wide (as `row_text` cuts)."""
    gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:], strict=False)]
    usual = statistics.median(gaps) if gaps else 0.0
    out: list[list[Word]] = [[row[0]]] if row else []
    for (a, b), gap in zip(zip(row, row[1:], strict=False), gaps, strict=True):
        em = max(a.size, b.size)
        if gap >= CELL_GAP * em or (gap >= CELL_GAP_LOOSE * em and gap >= 2 * usual):
            out.append([b])
        else:
            out[-1].append(b)
    return out


def size_of(row: Row) -> float:
    return statistics.median(w.size for w in row)


def in_size(row: Row, size: float) -> bool:
    """Whether a row is set in `size`: its median word, or the one either side of the middle (a
    short word in a taller math font, "(𝑛)", beside one word of text does not make another size)."""
    sizes = sorted(w.size for w in row)
    middle = {sizes[(len(sizes) - 1) // 2], sizes[len(sizes) // 2]}
    return any(abs(s - size) <= SIZE_SAME * size for s in middle)


def _main(row: Row) -> list[Word]:
    usual = size_of(row)
    return [w for w in row if w.size >= SMALL * usual] or row


def words_text(words: list[Word]) -> str:
    """Words as text; a raised digit after "10" reads "^9", a raised "∘" reads "°", both joined
    to the word before and after when nothing but a hair's gap separates them."""
    if not words:
        return ""
    base = statistics.median(w.size for w in words)
    line = statistics.median(w.mid for w in words if w.size >= SMALL * base)
    out, glue = "", False
    for k, word in enumerate(words):
        raised = word.size < SMALL * base and word.mid < line
        text, attach = word.text, False
        if raised and re.fullmatch(r"[-−]?\d{1,2}", text) and out.endswith("10"):
            text, attach = "^" + text.replace("−", "-"), True
        elif raised and text == "∘":
            text, attach = "°", True
        gap = word.x0 - words[k - 1].x1 if k else 0.0
        out += text if not out or attach or (glue and gap < 0.15 * base) else " " + text
        glue = attach
    return out


def row_cells_text(row: Row) -> list[str]:
    return [words_text(c) for c in cells(row)]


def _is_caption(row: Row) -> bool:
    return bool(CAPTION.match(" ".join(w.text for w in row)))


def _left(row: Row) -> float:
    return min(w.x0 for w in row)


def _right(row: Row) -> float:
    return max(w.x1 for w in row)


def _top(row: Row) -> float:
    return min(w.top for w in row)


def _bottom(row: Row) -> float:
    return max(w.bottom for w in row)


def unruled_tables(blocks: list[list[Row]], body_size: float) -> tuple[list[Found], list[list[Row]]]:
    """The tables found in the blocks, and the blocks without the rows the tables took."""
    found: list[Found] = []
    kept: list[list[Row]] = []
    for block in blocks:
        rest: list[Row] = []
        k = 0
        while k < len(block):
            hit = table_at(block, k, body_size)
            if hit is None:
                rest.append(block[k])
                k += 1
                continue
            table, k = hit
            found.append(table)
        kept.append(rest)
    return found, [b for b in kept if b]


def table_at(block: list[Row], k: int, body_size: float) -> tuple[Found, int] | None:
    """The table starting at row k (its caption, or the first of its aligned rows) and the row after it."""
    if _is_caption(block[k]):
        caption = [block[k]]
        start = k + 1
        right = max(_right(r) for r in block)
        while start < len(block) and _caption_goes_on(caption[-1], block[start], right):
            caption.append(block[start])
            start += 1
        title = join_lines([words_text(r) for r in caption])
        return _build(block, start, title, caption[0], body_size)
    if _aligned_run(block, k) >= MIN_ROWS:
        return _build(block, k, None, block[k], body_size, strict=True)
    return None


def _caption_goes_on(last: Row, row: Row, right: float) -> bool:
    """Whether `row` carries on the caption line `last`: the caption filled its line (or the row
    reads on in lower case), did not end a sentence, and the row is one stretch in its size."""
    text = words_text(last).rstrip()
    wrapped = _right(last) >= right - size_of(last) or row[0].text[:1].islower() or row[0].text[:1] == "("
    same_size = abs(size_of(row) - size_of(last)) <= SIZE_SAME * size_of(last)
    close = _top(row) - _bottom(last) < 0.8 * size_of(last)
    return wrapped and len(cells(row)) == 1 and not text.endswith(".") and same_size and close and not _is_caption(row)


def _aligned_run(block: list[Row], k: int) -> int:
    n = 0
    while k + n < len(block) and len(cells(block[k + n])) >= MIN_COLUMNS and not _is_caption(block[k + n]):
        n += 1
    return n


def _build(block: list[Row], start: int, title: str | None, first: Row, body_size: float,
           strict: bool = False) -> tuple[Found, int] | None:
    end = _body_end(block, start)
    if sum(1 for r in block[start:end] if len(cells(r)) >= 2) < 2:
        return None
    columns = _columns(block[start + 1:end] if end - start > 2 else block[start:end])
    while end > start + 2 and _note_row(block[end - 1], columns):
        end -= 1  # a footnote in the table's own size
    lines = block[start:end]
    legend_end = _legend_end(block, end, size_of_table(lines), body_size)
    table = _grid(lines, title, " ".join(words_text(r) for r in block[end:legend_end]) or None)
    if table is None or (strict and (len(table.header) < MIN_COLUMNS or len(table.rows) < MIN_ROWS - 1)):
        return None
    last = block[legend_end - 1]
    return Found(table, _top(first), _bottom(last)), legend_end


def _note_row(row: Row, columns: list[tuple[float, float]]) -> bool:
    """A footnote under the table: one stretch of words that starts like a note or runs over
    several columns."""
    parts = cells(row)
    if len(parts) != 1:
        return False
    over = sum(1 for a, b in columns if _overlap(parts[0], a, b) > 0)
    return bool(_NOTE.match(words_text(row))) or over >= 2


def size_of_table(lines: list[Row]) -> float:
    return statistics.median(size_of(r) for r in lines[:6])


def _body_end(block: list[Row], start: int) -> int:
    """The row after the table's body: where the font size changes, running text resumes, a wide
    gap opens or another caption begins."""
    if start >= len(block):
        return start
    size = size_of_table(block[start:start + 6])
    left = right = None
    end = start
    for row in block[start:]:
        if end > start and (_is_caption(row) or _top(row) - _bottom(block[end - 1]) > MAX_GAP * size):
            break
        if not in_size(row, size):
            break
        parts = cells(row)
        if len(parts) == 1 and left is not None and (_right(row) - _left(row)) >= WIDE_ROW * (right - left):
            break
        if len(parts) >= 2:
            left = min(left if left is not None else 1e9, _left(row))
            right = max(right if right is not None else -1e9, _right(row))
        end += 1
    return end


def _legend_end(block: list[Row], end: int, size: float, body_size: float) -> int:
    """The row after the table's footnotes: rows in a font smaller than the text's, or a run of
    notes each starting like one (or going on from a line that did not end a sentence)."""
    k = end
    small = size < (1 - SIZE_SAME) * body_size
    while k < len(block) and k - end < MAX_LEGEND and not _is_caption(block[k]):
        row = block[k]
        text = words_text(row)
        if small and size_of(row) < (1 - SIZE_SAME / 2) * body_size:
            k += 1
        elif _NOTE.match(text) or (k > end and not words_text(block[k - 1]).rstrip().endswith(".")
                                   and abs(size_of(row) - size) <= SIZE_SAME * size):
            k += 1
        else:
            break
    return k


def _numeric(text: str) -> bool:
    """A cell holding a number ("6.1 (4–8)", "<0.0001", "10e17"), not a header naming one ("95% CI", "12 months")."""
    return bool(_NUMBER.match(text)) and sum(c.isalpha() for c in text) < sum(c.isdigit() for c in text)


def _numeric_row(row: Row) -> bool:
    return any(_numeric(words_text(c)) for c in cells(row)[1:])


def _columns(lines: list[Row]) -> list[tuple[float, float]]:
    """The columns' x-extents from the rows' words: strips no word covers, where some rows break
    between cells, separate columns."""
    rows = [r for r in lines if len(cells(r)) >= 2]
    spans = sorted((w.x0, w.x1) for r in rows for w in _main(r))
    merged: list[list[float]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    breaks = [[(c[-1].x1, n[0].x0) for c, n in zip(cells(r), cells(r)[1:], strict=False)] for r in rows]
    need = max(2 if len(rows) >= 3 else 1, len(rows) // 4)
    em = statistics.median(size_of(r) for r in rows) if rows else 0.0
    columns = [list(merged[0])] if merged else []
    for (_, b), (a, b2) in zip(merged, merged[1:], strict=False):
        crossing = sum(1 for gaps in breaks if any(g0 <= b + 0.5 and g1 >= a - 0.5 for g0, g1 in gaps))
        if crossing >= need and a - b >= MIN_GUTTER * em:
            columns.append([a, b2])
        else:
            columns[-1][1] = b2
    return [(a, b) for a, b in columns]


def _column_of(word: Word, columns: list[tuple[float, float]]) -> int:
    x = word.centre
    return min(range(len(columns)), key=lambda k: 0 if columns[k][0] <= x <= columns[k][1]
               else min(abs(x - columns[k][0]), abs(x - columns[k][1])))


def _split(row: Row, columns: list[tuple[float, float]]) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in columns]
    for word in row:
        out[_column_of(word, columns)].append(word)
    return out


def _header(lines: list[Row], columns: list[tuple[float, float]]) -> list[str]:
    """Header cells: each column's words over the header lines; a cell spread over several
    columns goes to each; a line of stray symbols ("> ×" set apart from "WBC 1.0") joins the next."""
    per: list[list[list[Word]]] = [[] for _ in columns]
    for row in lines:
        split: list[list[Word]] = [[] for _ in columns]
        for cell in cells(row):
            over = [k for k, (a, b) in enumerate(columns) if _overlap(cell, a, b) > 0.3 * (b - a)]
            if len(over) >= 2:
                for k in over:
                    split[k].extend(cell)
            elif len(over) == 1 and len(cell) > 1:
                split[over[0]].extend(cell)  # "# of patients" over one column: its "#" too
            else:
                for word in cell:
                    split[_column_of(word, columns)].append(word)
        for k, words in enumerate(split):
            if words:
                per[k].append(words)
    return [one_line(" ".join(words_text(m) for m in _stray_joined(groups))) for groups in per]


def _stray_joined(groups: list[list[Word]]) -> list[list[Word]]:
    """A column's header lines, a line of stray symbols joined to the next (else the last)."""
    merged: list[list[Word]] = []
    carry: list[Word] = []
    for words in groups:
        if all(_minor(w, words) for w in words):
            carry.extend(words)
            continue
        merged.append(sorted(carry + words, key=lambda w: w.x0))
        carry = []
    if carry:
        if merged:
            merged[-1] = sorted(merged[-1] + carry, key=lambda w: w.x0)
        else:
            merged.append(carry)
    return merged


def _minor(word: Word, words: list[Word]) -> bool:
    return not re.search(r"[A-Za-z]", word.text) and (len(word.text) <= 2 or word.size < SMALL * max(w.size for w in words))


def _overlap(cell: list[Word], a: float, b: float) -> float:
    return max(0.0, min(b, max(w.x1 for w in cell)) - max(a, min(w.x0 for w in cell)))


def _grid(lines: list[Row], title: str | None, legend: str | None) -> RawTable | None:
    columns = _columns(lines[1:] if len(lines) > 2 else lines)
    if len(columns) < 2:
        return None
    first = next((k for k in range(1, len(lines)) if _numeric_row(lines[k])), 1)
    while first > 1 and _stub_only(lines[first - 1], columns):
        first -= 1  # a group label over the first rows ("Age", then "Children 11.77 ...")
    head, body = lines[:first], lines[first:]
    body_columns = _columns(body) if len([r for r in body if len(cells(r)) >= 2]) >= 2 else columns
    if len(body_columns) >= 2:
        columns = body_columns
    rows: list[list[list[list[Word]]]] = []  # rows of cells of lines of words
    previous: list[list[Word]] | None = None
    for line in body:
        parts = _split(line, columns)
        if not (rows and _goes_on(parts, previous)):
            rows.append([[] for _ in columns])
        for k, p in enumerate(parts):
            if p:
                rows[-1][k].append(p)
        previous = parts
    if not rows:
        return None
    grid = [[Cell(one_line(_cell_text(p))) for p in r] for r in rows]
    return RawTable(_header(head, columns), grid, one_line(title) if title else None, one_line(legend) if legend else None)


def _stub_only(row: Row, columns: list[tuple[float, float]]) -> bool:
    return [k for k, p in enumerate(_split(row, columns)) if p] == [0]


def _goes_on(parts: list[list[Word]], previous: list[list[Word]] | None) -> bool:
    """Whether a body line continues the row above: its first column is empty, or it holds only
    the first column and reads on from the line above (indented under it, or in lower case after
    a line with values)."""
    if not parts[0]:
        return True
    if previous is None or any(parts[1:]) or not previous[0]:
        return False
    start = parts[0][0]
    indented = start.x0 > previous[0][0].x0 + 0.5 * start.size
    lower = start.text[:1].islower() or start.text[:1] == "("
    return (indented and any(previous[1:])) or lower


def _cell_text(lines: list[list[Word]]) -> str:
    """A cell's words line by line (a cell wrapped over lines reads as one)."""
    return join_lines([words_text(line) for line in lines])


def join_lines(lines: list[str]) -> str:
    """Lines as one text: a word hyphenated at a line's end rejoined ("treat-" "ment"), a hyphen
    before a capital kept ("Kruskal-" "Wallis")."""
    text = ""
    for part in (p.strip() for p in lines):
        if text.endswith("-") and part[:1].isalpha():
            text = text[:-1] + part if part[:1].islower() else text + part
        else:
            text = f"{text} {part}".strip()
    return text
