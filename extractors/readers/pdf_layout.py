"""A PDF page's words in reading order.

Words are cut where the gap between two characters exceeds a share of the font size (not a fixed
number of points, which runs tightly set words together). The page is then cut into regions the
way a reader reads it: where a vertical gutter runs between two blocks of prose, the rows that
stay clear of the gutter form a band read left block first, then right block; rows that cross
the gutter (a title, a full-width abstract or figure caption) are read as they come. Each side
is cut again the same way, so a sidebar beside two columns is read on its own too. A table
inside one column stays in that column; a table's cells on one row are one line, separated by
two spaces where the gap between them is wide.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

WORD_GAP = 0.1  # a gap over this share of the font size starts a new word (in-word gaps are ~0, spaces ~0.2+)
COVER_GAP = 0.8  # words closer than this (in ems) cover the gap between them: a gutter is wider
CELL_GAP = 1.2  # a gap this wide (in ems) always separates cells
CELL_GAP_LOOSE = 0.5  # ... and one this wide does when it is twice the row's usual word gap
MAX_DEPTH = 3
MIN_PROSE_ROWS = 3
MIN_PROSE_WIDTH = 12  # ems: a line of running text is wider than a table's cell
HGAP = 0.8  # ems of white space across both sides of a band that may separate a spanning table


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


Row = list[Word]


def page_words(page, exclude: list[tuple[float, float, float, float]] = ()) -> list[Word] | None:
    """The page's upright words, outside the `exclude` boxes; None when most of the page is rotated."""
    sizes = [c["size"] for c in page.chars[:4000] if c.get("upright", True)]
    y_tolerance = max(1.0, 0.3 * statistics.median(sizes)) if sizes else 3.0
    raw = page.extract_words(x_tolerance_ratio=WORD_GAP, y_tolerance=y_tolerance)
    upright = [w for w in raw if w.get("upright", True)]
    if raw and len(upright) < 0.3 * len(raw):
        return None
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in upright]
    return [w for w in words if not any(_inside(w, box) for box in exclude)]


def _inside(word: Word, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return x0 <= word.centre <= x1 and top <= word.mid <= bottom


def group_rows(words: list[Word]) -> list[Row]:
    """Words into rows, top to bottom: body-size words by their mid-line, then the small ones
    (superscripts, subscripts) into the row they sit on."""
    if not words:
        return []
    body = statistics.median(w.size for w in words)
    rows: list[Row] = []
    anchors: list[Word] = []
    small = []
    for word in sorted(words, key=lambda w: w.mid):
        if word.size < 0.75 * body:
            small.append(word)
        elif rows and abs(word.mid - anchors[-1].mid) <= 0.5 * max(word.size, anchors[-1].size):
            rows[-1].append(word)
            if word.size > anchors[-1].size:
                anchors[-1] = word
        else:
            rows.append([word])
            anchors.append(word)
    for word in small:
        near = min(range(len(rows)), key=lambda k: abs(anchors[k].mid - word.mid), default=None)
        if near is not None and abs(anchors[near].mid - word.mid) <= 0.6 * anchors[near].size:
            rows[near].append(word)
        else:
            rows.append([word])
            anchors.append(word)
    for row in rows:
        row.sort(key=lambda w: w.x0)
    return sorted(rows, key=lambda r: min(w.top for w in r))


def spans(row: Row, gap: float = COVER_GAP) -> list[tuple[float, float]]:
    """The stretches of a row its words cover, gaps under `gap` ems bridged."""
    out: list[list[float]] = []
    for word in row:
        if out and word.x0 - out[-1][1] <= gap * word.size:
            out[-1][1] = max(out[-1][1], word.x1)
        else:
            out.append([word.x0, word.x1])
    return [(a, b) for a, b in out]


def _crosses(row_spans: list[tuple[float, float]], x: float) -> bool:
    return any(a < x < b for a, b in row_spans)


def find_gutter(rows: list[Row]) -> float | None:
    """The x of the clearest vertical gap in the middle of the rows' extent, or None."""
    words = [w for r in rows for w in r]
    if len(rows) < 2:
        return None
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    width = right - left
    lo, hi = int(left + 0.2 * width), int(right - 0.2 * width)
    if hi <= lo:
        return None
    counts = [0] * (hi - lo + 1)
    for row in rows:
        for a, b in spans(row):
            for x in range(max(lo, int(a) + 1), min(hi, int(b - 1e-9)) + 1):
                counts[x - lo] += 1
    best = min(counts)
    run, runs, start = 0, [], 0
    for k, c in enumerate([*counts, best + 1]):
        if c == best:
            start, run = (k, run + 1) if run == 0 else (start, run + 1)
        elif run:
            runs.append((run, start))
            run = 0
    length, start = max(runs)
    return lo + start + length / 2


def reading_order(words: list[Word], depth: int = 0) -> list[list[Row]]:
    """The words as blocks of rows, blocks in reading order."""
    rows = group_rows(words)
    gutter = find_gutter(rows) if depth < MAX_DEPTH else None
    if gutter is None:
        return [rows] if rows else []
    blocks: list[list[Row]] = []
    pending: list[Row] = []
    for split, band in _bands(rows, gutter):
        for side_by_side, part in _parts(band, gutter) if split else [(False, band)]:
            if not side_by_side:
                pending.extend(part)
                continue
            if pending:
                blocks.append(pending)
                pending = []
            for side in (_side(part, gutter, True), _side(part, gutter, False)):
                blocks.extend(reading_order(side, depth + 1))
    if pending:
        blocks.append(pending)
    return blocks


def _bands(rows: list[Row], gutter: float) -> list[tuple[bool, list[Row]]]:
    """Runs of rows that stay clear of the gutter (True) or cross it (False)."""
    bands: list[tuple[bool, list[Row]]] = []
    for row in rows:
        split = not _crosses(spans(row), gutter)
        if bands and bands[-1][0] == split:
            bands[-1][1].append(row)
        else:
            bands.append((split, [row]))
    return bands


def _parts(band: list[Row], gutter: float) -> list[tuple[bool, list[Row]]]:
    """A band clear of the gutter cut where a gap runs across both sides: a part with rows on both
    sides that is not two blocks of prose (a table spanning the gutter) is read row by row, the
    parts around it as columns."""
    pieces: list[list[Row]] = [[]]
    bottom = None
    for row in band:
        top = min(w.top for w in row)
        if bottom is not None and top - bottom >= HGAP * row[0].size:
            pieces.append([])
        pieces[-1].append(row)
        bottom = max(bottom or top, max(w.bottom for w in row))
    kinds = [_columns(p, gutter) or not _two_sided(p, gutter) for p in pieces]
    merged: list[tuple[bool, list[Row]]] = []
    for kind, piece in zip(kinds, pieces, strict=True):
        if merged and merged[-1][0] == kind:
            merged[-1][1].extend(piece)
        else:
            merged.append((kind, list(piece)))
    return [(kind and _columns(part, gutter), part) for kind, part in merged]


def _two_sided(band: list[Row], gutter: float) -> bool:
    return bool(_side(band, gutter, True)) and bool(_side(band, gutter, False))


def _side(band: list[Row], gutter: float, left: bool) -> list[Word]:
    return [w for r in band for w in r if (w.centre < gutter) == left]


def _columns(band: list[Row], gutter: float) -> bool:
    """Whether a band clear of the gutter is two blocks side by side (prose on at least one side),
    not one table whose columns happen to leave the gutter free."""
    left = [[w for w in r if w.centre < gutter] for r in band]
    right = [[w for w in r if w.centre >= gutter] for r in band]
    left, right = [r for r in left if r], [r for r in right if r]
    if not left or not right:
        return False
    return (_prose(left) and len(right) >= 1) or (_prose(right) and len(left) >= 1)


def _prose(parts: list[Row]) -> bool:
    """Rows most of which hold a stretch of words as wide as a line of running text (one column,
    or several side by side), not table cells."""
    if len(parts) < MIN_PROSE_ROWS:
        return False
    em = statistics.median(w.size for r in parts for w in r)
    wide = sum(1 for r in parts if any(b - a >= MIN_PROSE_WIDTH * em for a, b in spans(r)))
    return wide >= 0.5 * len(parts)


def row_text(row: Row) -> str:
    """A row's words; cells (words far apart) separated by two spaces."""
    gaps = [b.x0 - a.x1 for a, b in zip(row, row[1:], strict=False)]
    usual = statistics.median(gaps) if gaps else 0.0
    out = row[0].text if row else ""
    for (a, b), gap in zip(zip(row, row[1:], strict=False), gaps, strict=True):
        em = max(a.size, b.size)
        wide = gap >= CELL_GAP * em or (gap >= CELL_GAP_LOOSE * em and gap >= 2 * usual)
        out += ("  " if wide else " ") + b.text
    return out


def block_lines(blocks: list[list[Row]]) -> list[str]:
    return [row_text(row) for block in blocks for row in block]
