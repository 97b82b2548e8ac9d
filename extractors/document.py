"""The typed records every stage passes inward: a read document and what is extracted from it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

EXTRACTOR_VERSION = "2.3.0"  # new findings columns (value kind, population, ...); one vocabulary; column blocks

# Unicode spaces are replaced one for one, so character offsets in the plain text are offsets
# in the stored text too.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]")  # tabs stay: they delimit cells


class ExtractionError(Exception):
    """A document, or a part of one, that cannot be read; names the file and, where known, the line."""

    def __init__(self, source_file: str, message: str, line: int | None = None):
        self.source_file = source_file
        self.line = line
        self.message = message
        where = f"{source_file}:{line}" if line else source_file
        super().__init__(f"{where}: {message}")


# PDFs set variables in mathematical italic ("𝑝 = 0.007", "𝑛 = 12"): read as the letters they are,
# one character for one.
_MATH = re.compile("[\U0001d400-\U0001d7ff]")
_MATH_LETTERS = {code: folded for code in range(0x1D400, 0x1D800)
                 if len(folded := unicodedata.normalize("NFKC", chr(code))) == 1}


def plain(text: str) -> str:
    """`text` with every Unicode space as a plain space and mathematical letters as plain ones;
    same length, same offsets."""
    text = _SPACES.sub(" ", text)
    return text.translate(_MATH_LETTERS) if _MATH.search(text) else text


@dataclass(frozen=True)
class Cell:
    text: str
    inherited: bool = False  # filled from a merged cell above or to the left, not printed in this row


@dataclass(frozen=True)
class Grid:
    """A table as a reader saw it: header cells and body rows, merged cells expanded."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    row_lines: tuple[int, ...]  # the document line each body row is rendered on
    header_line: int
    title: str | None = None
    legend: str | None = None
    span: tuple[int, int] = (0, 0)  # first and last document line of the rendered table


# The kinds of section a paper's text is split into. A structured abstract's parts are kinds too
# ("methods" with `abstract` set); a sub-heading takes the kind of the section it is under.
VALUE_KINDS = ("level", "change", "estimate")  # what a finding's value is: see Finding.value_kind
SECTION_KINDS = ("front", "abstract", "introduction", "methods", "results", "discussion", "conclusions",
                 "references", "back", "other")


@dataclass(frozen=True)
class Section:
    """Lines `start`..`end` (1-based, inclusive) of a document's text under one heading."""

    kind: str  # one of SECTION_KINDS
    title: str  # the heading as written ("2.3. Patients", "ABSTRACT.RESULTS:"); "" for text before any heading
    start: int
    end: int
    abstract: bool = False  # part of the abstract


@dataclass(frozen=True)
class Document:
    source_file: str
    doc_id: str
    format: str
    text: str  # the document text every line number and character span refers to
    grids: tuple[Grid, ...] = ()
    meta: dict = field(default_factory=dict)  # title, doi, journal, year, first_author when the format states them
    sections: tuple[Section, ...] = ()  # set by readers that see the structure (JATS, HTML); else found from headings

    @property
    def plain(self) -> str:
        return plain(self.text)


@dataclass(frozen=True)
class TrialArm:
    doc_id: str
    source_file: str
    row_no: int
    line_start: int
    line_end: int
    disease: str | None
    disease_text: str | None
    cell_source: str | None
    cell_text: str | None
    origin: str | None
    route: str | None
    route_text: str | None
    n_patients: int | None
    dose_text: str | None
    dose_min: float | None
    dose_max: float | None
    dose_unit: str | None
    outcome_text: str | None
    adverse_events: str | None
    registry_id: str | None
    year: int | None
    reference: str | None
    table_title: str | None = None


@dataclass(frozen=True)
class Finding:
    doc_id: str
    source_file: str
    intervention: str | None  # None for a control arm, or stem cells of no named kind
    measure: str
    measure_text: str
    timepoint_months: float | None
    value: float | None
    unit: str | None
    sd: float | None
    n: int | None
    numerator: int | None
    denominator: int | None
    evidence_text: str
    char_start: int
    char_end: int
    arm: str | None = None  # the arm as the text names it ("placebo", "cohort A"); None in a single-arm study
    disease: str | None = None  # the study's disease code, from the sentence, else the document
    ci_low: float | None = None  # a stated confidence interval of the value
    ci_high: float | None = None
    section: str | None = None  # the part of the paper it was stated in: "abstract", "results", ...; None: no sections
    timepoint_text: str | None = None  # the time as written ("day 28", "at 1 year"); None when not stated
    disease_name: str | None = None  # for disease OTHER, the disease as named and normalised ("myasthenia gravis")
    value_kind: str = "level"  # level (a value at a time), change (from baseline), estimate (survival, cumulative)
    population: str | None = None  # what the denominator counts when not all treated patients ("responders")
    restated: bool = False  # another study's result the document restates (see extractors/attribution.py): not pooled


@dataclass(frozen=True)
class Reject:
    source_file: str
    stage: str
    record: dict
    errors: str


@dataclass
class Extraction:
    """Everything one document gave: its metadata, arms, findings and what could not be read."""

    document: dict  # the `documents` row; empty when the file could not be read
    doc_id: str | None = None
    arms: list[TrialArm] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    passed: list[tuple[int, int, str]] = field(default_factory=list)  # sentences with numbers not read, and why
