"""Captioned tables on a page of two (or more) text columns, taken out before the page is put in
reading order.

Reading order cuts a page at the gutter between its columns, and a table cuts it wrongly: two
tables side by side read as two columns of prose (their captions one line over both), a table
beside a figure takes the figure's axis numbers, a table across both columns is cut at the
gutter. So each caption ("Table 2. ...") on such a page is looked at first. A caption inside one
column starts a table in that column only when what stands beside it is no part of it: another
table's caption at the same height, or words in another font size (a figure's axis numbers,
its legend); a table with prose beside it is left to reading order, which reads it right. A
caption over the gutter starts a table as wide as the page. The table's rows run from its
caption as far as `pdf_unruled` reads a table (up to a wide gap); they become a block of their
own, and the other words are put in reading order without them.
"""

from __future__ import annotations

from extractors.readers.pdf_layout import COVER_GAP, MIN_PROSE_WIDTH, Row, Word, group_rows, reading_order
from extractors.readers.pdf_unruled import CAPTION, MAX_GAP, SIZE_SAME, size_of_table, table_at

MIN_LINES = 20  # lines of prose needed to tell columns
MIN_COLUMN_WIDTH = 60  # points
LINE_SLACK = 1.5  # points between the bottoms of words on one line
MIN_COLUMN_LINES = 0.25  # a column: x covered by at least this share of the most-covered x's lines of prose


def caption_blocks(words: list[Word], body_size: float, bounds: list[tuple[float, float]]) -> list[list[Row]]:
    """The page's words as blocks in reading order, each captioned table taken out a block of its
    own; `bounds` are the document's text columns (`column_bounds`)."""
    if len(bounds) < 2 or not any(w.text[:3].lower() == "tab" for w in words):
        return reading_order(words)
    rows = group_rows(words)
    taken: set[int] = set()
    tables: list[list[Row]] = []
    for row in rows:
        for stretch in _stretches(row):
            if id(stretch[0]) in taken or not CAPTION.match(" ".join(w.text for w in stretch)):
                continue
            table = _table(words, taken, stretch, bounds, body_size)
            if table:
                taken.update(id(w) for r in table for w in r)
                tables.append(table)
    if not tables:
        return reading_order(words)
    blocks = reading_order([w for w in words if id(w) not in taken])
    for table in tables:
        blocks.insert(_place(blocks, table), table)
    return blocks


def _stretches(row: Row) -> list[list[Word]]:
    """A row's words cut where a gap wider than a gutter's least opens (as `spans` bridges)."""
    out: list[list[Word]] = []
    for word in row:
        if out and word.x0 - out[-1][-1].x1 <= COVER_GAP * word.size:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def column_bounds(pages: list[list[Word]]) -> list[tuple[float, float]]:
    """The text columns of a document's pages, each as the x-range up to the middle of the gutters
    beside it: x covered by many lines of prose (stretches of words as wide as running text) over
    all the pages, as a page of tables and figures shows its columns too seldom."""
    lines = [(s[0].x0, s[-1].x1) for words in pages for r in _lines(words) for s in _stretches(r)
             if s[-1].x1 - s[0].x0 >= MIN_PROSE_WIDTH * s[0].size]
    if len(lines) < MIN_LINES:
        return []
    left, right = int(min(a for a, _ in lines)), int(max(b for _, b in lines)) + 1
    cover = [0] * (right - left + 1)
    for a, b in lines:
        cover[int(a) - left] += 1
        cover[int(b) - left] -= 1
    cover = _running(cover)
    need = MIN_COLUMN_LINES * max(cover)
    runs: list[list[int]] = []
    for x, count in enumerate(cover):
        if count >= need and runs and runs[-1][1] == x - 1:
            runs[-1][1] = x
        elif count >= need:
            runs.append([x, x])
    runs = [r for r in runs if r[1] - r[0] >= MIN_COLUMN_WIDTH]
    if len(runs) < 2:
        return []
    edges = [float("-inf")] + [left + (a[1] + b[0]) / 2 for a, b in zip(runs, runs[1:], strict=False)] + [float("inf")]
    return list(zip(edges, edges[1:], strict=False))


def _lines(words: list[Word]) -> list[Row]:
    """Words on one baseline, left to right (a quick cut: columns need no finer one)."""
    out: list[Row] = []
    for word in sorted(words, key=lambda w: w.bottom):
        if out and word.bottom - out[-1][0].bottom <= LINE_SLACK:
            out[-1].append(word)
        else:
            out.append([word])
    return [sorted(r, key=lambda w: w.x0) for r in out]


def _running(cover: list[int]) -> list[int]:
    out, total = [], 0
    for c in cover:
        total += c
        out.append(total)
    return out


def _table(words: list[Word], taken: set[int], caption: list[Word], bounds: list[tuple[float, float]],
           body_size: float) -> list[Row] | None:
    """The rows of the table under `caption` (in its column, or the page's width), or None when
    reading order is left to read it."""
    inside = next((b for b in bounds if b[0] <= caption[0].x0 and caption[-1].x1 <= b[1]), None)
    lo, hi = inside or (float("-inf"), float("inf"))
    rows = _rows_under(words, taken, caption, lo, hi)
    hit = table_at(rows, 0, body_size) if rows else None
    if hit is None:
        return None
    table = rows[:hit[1]]
    if inside is not None and not _apart(words, taken, table, lo, hi):
        return None
    return table


def _rows_under(words: list[Word], taken: set[int], caption: list[Word], lo: float, hi: float) -> list[Row]:
    """The rows in [lo, hi) from the caption's down to a gap wider than a table leaves."""
    top = min(w.mid for w in caption) - 0.5 * caption[0].size
    rows = group_rows([w for w in words if id(w) not in taken and lo <= w.centre < hi and w.mid >= top])
    start = next((k for k, r in enumerate(rows) if any(w is caption[0] for w in r)), None)
    if start is None:
        return []
    out = [rows[start]]
    for row in rows[start + 1:]:
        if min(w.top for w in row) - max(w.bottom for w in out[-1]) > MAX_GAP * caption[0].size:
            break
        out.append(row)
    return out


def _apart(words: list[Word], taken: set[int], table: list[Row], lo: float, hi: float) -> bool:
    """Whether what stands beside a table in one column is no part of it: another caption on the
    caption's line, or only words in another font size."""
    top = min(w.top for w in table[0])
    bottom = max(w.bottom for w in table[-1])
    beside = [w for w in words if id(w) not in taken and not lo <= w.centre < hi and top <= w.mid <= bottom]
    if not beside:
        return False
    line = [w for w in beside if w.mid <= max(w.bottom for w in table[0])]
    if any(CAPTION.match(" ".join(w.text for w in s)) for s in _stretches(sorted(line, key=lambda w: w.x0))):
        return True
    size = size_of_table(table[1:] or table)
    return all(abs(w.size - size) > SIZE_SAME * size for w in beside)


def _place(blocks: list[list[Row]], table: list[Row]) -> int:
    """Where a table's block goes: after the last block with a row above the table in its columns."""
    top = min(w.top for w in table[0])
    left, right = min(w.x0 for r in table for w in r), max(w.x1 for r in table for w in r)
    at = 0
    for k, block in enumerate(blocks):
        if any(min(w.top for w in r) < top and any(left <= w.centre <= right for w in r) for r in block):
            at = k + 1
    return at
