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


# A study's design as its text states it, most specific first: a meta-analysis or review reports
# other studies' results (never pooled again); a randomised or controlled trial has a control arm.
# Each pattern is tried only where the lower-cased text holds one of its words (a cheap test).
DESIGNS = (
    ("meta-analysis", ("meta", "pooled"),
     re.compile(r"\bmeta-?analys[ie]s\b|\bpooled\s+(?:analysis|estimate|rate|proportion)", re.IGNORECASE)),
    ("review", ("review",), re.compile(r"\b(?:systematic|literature|narrative|this)\s+review\b|\bwe\s+reviewed\b",
                                       re.IGNORECASE)),
    ("rct", ("random",),
     re.compile(r"(?<!non)(?<!non-)\b(?:randomi[sz]ed|randomly\s+assigned|randomly\s+allocated)\b", re.IGNORECASE)),
    ("controlled", ("control", "placebo", "saline", "sham"),
     re.compile(r"\bcontrol\s+(?:group|arm)s?\b|\bplacebo|(?<!un)controlled\b|\bnormal\s+saline\b|\bsham\b", re.IGNORECASE)),
    ("registry", ("registry",),
     re.compile(r"\bregistry\s+(?:data|study|analysis)|\bdata\s+from\s+the\s+\w+\s+registry", re.IGNORECASE)),
    ("cohort", ("retrospective", "cohort", "observational"),
     re.compile(r"\b(?:retrospective|cohort\s+study|observational\s+study)\b", re.IGNORECASE)),
    ("single-arm", ("single", "open", "pilot", "phase", "expanded", "series"),
     re.compile(r"\bsingle[\s-]arm\b|\bopen[\s-]label\b|\bpilot\b|\bphase\s+(?:1|2|I|II)(?:/|\b)|"
                r"\bexpanded\s+access\b|\bcase\s+series\b", re.IGNORECASE)),
)


def design(text: str) -> str | None:
    """The study design the text states (`rct`, `controlled`, `single-arm`, `cohort`, `registry`,
    `meta-analysis`, `review`), or None: the most specific one named anywhere."""
    lower = text.lower()
    for name, words, pattern in DESIGNS:
        if any(word in lower for word in words) and pattern.search(text):
            return name
    return None


def describe(text: str) -> dict:
    journal, year = journal_and_year(text)
    return {"title": title(text), "doi": doi(text), "journal": journal, "year": year}
