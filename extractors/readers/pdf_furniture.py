"""Page furniture: running headers and footers, page numbers and line numbers.

A running header is text in the top or bottom margin band that recurs (its digits aside: "Page 3
of 15") on many pages; a page number is a bare number in those bands; line numbers are bare
numbers left or right of the text's margins. They are dropped before the page is read.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.readers.pdf_layout import Word, group_rows, spans

BAND = 0.09  # the top and bottom share of the page height where headers and footers sit
EDGE_ROWS = 3  # rows at each end of a page looked at
MIN_SHARE = 0.4  # a header recurs on at least this share of the pages
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
MIN_LETTERS = 10  # a running header matched inside a table has at least this many letters
_BARE = re.compile(r"^\d{1,4}$")

Piece = tuple[str, list[Word]]  # a stretch of a margin row: its text and words


def edge_pieces(words: list[Word], height: float) -> list[Piece]:
    """The stretches of text in the first and last rows of a page, within the margin bands."""
    rows = group_rows(words)
    edge = rows[:EDGE_ROWS] + rows[-EDGE_ROWS:] if len(rows) > 2 * EDGE_ROWS else rows
    out: list[Piece] = []
    for row in {id(r): r for r in edge}.values():
        if min(w.top for w in row) > BAND * height and max(w.bottom for w in row) < (1 - BAND) * height:
            continue
        for a, b in spans(row):
            part = [w for w in row if a <= w.x0 and w.x1 <= b]
            out.append((" ".join(w.text for w in part), part))
    return out


def key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.lower())).strip()


def furniture(pages: list[tuple[list[Word], float, float]]) -> tuple[list[set[int]], set[str]]:
    """For each page (its words, width and height), the ids of the words that are furniture; and
    the running headers' letters (`letters`), to find them where a table's box takes them in."""
    pieces = [edge_pieces(words, height) for words, _, height in pages]
    seen = Counter(k for page in pieces for k in {key(text) for text, _ in page})
    need = max(2, MIN_SHARE * len(pages))
    dropped: list[set[int]] = []
    running: set[str] = set()
    for (words, _, _), page in zip(pages, pieces, strict=True):
        drop = {id(w) for text, part in page if seen[key(text)] >= need or _PAGE_NUMBER.match(text) for w in part}
        running |= {letters(text) for text, _ in page if seen[key(text)] >= need}
        drop |= line_numbers(words)
        dropped.append(drop)
    return dropped, {r for r in running if len(r) >= MIN_LETTERS}


def letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


def is_running(text: str, running: set[str]) -> bool:
    """Whether `text` (a table row, its cells run together) is part of a running header or footer."""
    squashed = letters(text)
    return len(squashed) >= MIN_LETTERS and any(squashed in r for r in running)


def line_numbers(words: list[Word]) -> set[int]:
    """Bare numbers outside the text's left and right margins."""
    text = sorted(w.x0 for w in words if not _BARE.match(w.text))
    ends = sorted(w.x1 for w in words if not _BARE.match(w.text))
    if len(text) < 20:
        return set()
    left, right = text[len(text) // 50], ends[-1 - len(ends) // 50]
    return {id(w) for w in words if _BARE.match(w.text) and (w.x1 < left - 0.5 * w.size or w.x0 > right + 0.5 * w.size)}
