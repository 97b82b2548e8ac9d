"""Bibliographic facts of a document: title, DOI, journal and year, where its text states them."""

from __future__ import annotations

import re

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>;,]+)")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
CITATION = re.compile(rf"^(?P<journal>[A-Z][\w .&-]*?)?\.?\s*(?P<year>(?:19|20)\d{{2}})\s+{_MONTH}\b", re.MULTILINE)
CITATION_VOLUME = re.compile(r"(?P<journal>[A-Z][\w .&-]{2,60}?)\.?\s+(?P<year>(?:19|20)\d{2});\s*\d+")
BOILERPLATE = re.compile(r"^(?:skip to main content|article text|download pdf.*|abstract|statistics from|"
                         r"request permissions|table \d+\.?|follow us|erratum in|comment in)$", re.IGNORECASE)


def doi(text: str) -> str | None:
    m = DOI.search(text)
    return m.group(1).rstrip(".") if m else None


def journal_and_year(text: str) -> tuple[str | None, int | None]:
    m = CITATION.search(text) or CITATION_VOLUME.search(text)
    if not m:
        return None, None
    journal = (m.group("journal") or "").strip(" .") or None
    return journal, int(m.group("year"))


def title(text: str) -> str | None:
    """The first line that reads like a title: a few words, not site furniture or a citation."""
    for line in text.split("\n")[:40]:
        if line.strip().startswith(("•", "-", "*", ".")):
            continue
        line = re.sub(r"^\s*\d+\s+", "", line.strip())
        if not 3 <= len(line.split()) <= 40 or BOILERPLATE.match(line) or DOI.search(line):
            continue
        if CITATION.search(line) or line.endswith(":"):
            continue
        return line.rstrip()
    return None


def describe(text: str) -> dict:
    journal, year = journal_and_year(text)
    return {"title": title(text), "doi": doi(text), "journal": journal, "year": year}
