"""An article's title from its first page: the line(s) set in the largest font, joined when the
title wraps. A line of a few letters (a drop cap, a journal logo's initials) is not a title."""

from __future__ import annotations

import re
import statistics

from extractors.readers.pdf_layout import Row, Word, group_rows

MIN_LETTERS = 12
MIN_WORDS = 2
SAME = 0.06  # lines within this share of the largest size are the title's
MAX_LINES = 6
TOP_SHARE = 0.6  # the title sits in the upper part of the page
# The kind of article, set over the title in the title's font ("Clinical Study").
_KIND = re.compile(r"^(?:clinical|research|review|original|case|brief|short|systematic)?\s*(?:study|article|research|review"
                   r"|report|communication|investigation|paper|trial)$|^(?:editorial|commentary|letter)$", re.IGNORECASE)


def page_title(words: list[Word], height: float) -> str | None:
    """The title: the largest size that sets a few words in the upper page, its lines from the first."""
    upper = [w for w in words if w.top < TOP_SHARE * height]
    if not upper:
        return None
    body = statistics.median(w.size for w in words)
    for size in sorted({round(w.size, 1) for w in upper}, reverse=True):
        if size < 1.15 * body:
            return None  # no line stands out
        same = [w for w in upper if abs(w.size - size) <= SAME * size]
        rows = group_rows(same)
        while rows and _KIND.match(" ".join(w.text for w in rows[0])):
            rows = rows[1:]  # the kind of article over the title
        if rows and _wordy(rows[0]):
            return _joined(rows)
    return None


def _joined(rows: list[Row]) -> str:
    picked = rows[:1]
    for row in rows[1:MAX_LINES]:
        if min(w.top for w in row) - max(w.bottom for w in picked[-1]) > 1.2 * row[0].size:
            break
        picked.append(row)
    text = ""
    for row in picked:
        part = " ".join(w.text for w in row)
        text = text[:-1] + part if text.endswith("-") and part[:1].islower() else f"{text} {part}".strip()
    return text


def _wordy(row: Row) -> bool:
    text = " ".join(w.text for w in row)
    return len(row) >= MIN_WORDS and len(re.findall(r"[A-Za-z]", text)) >= MIN_LETTERS
