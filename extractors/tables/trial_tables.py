"""Trial tables of one study: a baseline or outcome table whose columns are the arms of one trial.

A review table has one row per trial arm; a trial paper's own tables turn that around: the first
column names what is measured, each further column is one arm of the trial,

    Characteristic | Stem cell group (n=41) | Control group (n=41) | p-value

An arm's header names the arm ("MSC", "Placebo", "Allo-100M", "Group A") and often its count
("(n=41)", "(N = 20)"); p-value, total and statistics columns are no arms. Each cell-therapy arm
gives one `TrialArm`, with its count, and its cell dose, source, origin and route where the header,
the caption or a row of the table ("Number of patients", "Cell dose", "Route") states them. A
control arm gives none. A grid is read only when every column after the first is an arm or a
column of statistics, at least two are arms and one names cells (or is a treated arm of a table
about cells): a table of lab values over time, of studies, or of responders gives nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extractors.document import Cell, Document, Grid, TrialArm
from extractors.doses import NOT_STATED, find_doses, parse_dose
from extractors.tables.arms import ArmBuilder, codes_joined, patients, route_codes
from extractors.tables.headers import read_legend
from extractors.tables.segment import GENERIC_CELL, cell_codes
from extractors.vocabulary import Lexicon, legend_lexicons, lexicon

# An arm's count in its header: "(n=41)", "(N = 20)", "n = 41", "[n: 12]", "(n = 22/49)" (of 49).
_HEADER_N = re.compile(r"[(\[]?\s*\b[nN]\s*[=:]\s*(\d{1,5})(?:\s*/\s*(\d{1,5}))?\s*[)\]]?")
_HEADER_PATIENTS = re.compile(r"\(\s*(\d{1,5})\s+(?:patients|subjects|participants)\s*\)", re.IGNORECASE)
# What a column's values are ("N (%)", "mean ± SD", "median (range)"): not part of the arm's name.
_STATISTICS = re.compile(
    r"\bn\s*\(\s*%\s*\)|\(\s*%\s*\)|\bmeans?\s*(?:±|\+/-)\s*SDs?\b|\bmeans?\s*\(\s*SDs?\s*\)|"
    r"\bmedians?\s*\(\s*(?:range|IQR)\s*\)|\b(?:mean|median)s?\s+(?:and|&)\s+(?:range|IQR|SD)\b|"
    r"\bmean\b|\bmedian\b|%|\bSD\b", re.IGNORECASE)
_MARKS = re.compile(r"[*†‡§¶#]+")
# Columns of a trial table that are no arm: tests, totals, effect sizes, reference ranges.
_NOT_ARM = re.compile(
    r"(?:p|p[\s-]*values?|significance|sig\.?|statistics?|test|t|χ2|χ²|chi[\s-]*squared?|z|f|"
    r"total|overall|all|all (?:patients|subjects|participants|cases)|whole (?:group|cohort|sample)|"
    r"entire (?:group|cohort|sample)|combined|both (?:groups|arms)|difference|(?:mean )?difference(?: \(95 ?% ?CI\))?|"
    r"(?:95 ?% ?)?CI|OR|RR|HR|odds ratio|risk ratio|hazard ratio|relative risk|effect size|"
    r"reference(?: range| values?)?|normal (?:range|values?))", re.IGNORECASE)
# Headers that name a time or a study, not an arm: such a table is no trial table of arms.
_TIME = re.compile(
    r"\b(?:baseline|pre[\s-]?treatment|post[\s-]?treatment|pre[\s-]?transplant\w*|post[\s-]?transplant\w*|"
    r"before|after|months?|weeks?|days?|years?|visit|follow[\s-]?up|screening|end of study|[MWD]\d{1,2})\b",
    re.IGNORECASE)
_STUDY = re.compile(r"\b(?:19|20)\d{2}\b|\bet al\b", re.IGNORECASE)
# A dose level written short in an arm's name: "Allo-100M" is 100 million cells.
_SHORT_DOSE = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)([MB])\b")
_SHORT_WORDS = {"M": "million", "B": "billion"}
# A header row over all the arms that a table did not mark as spanning them, joined to the first
# arm's name ("Treatment Group" over "Allo-100M", "Allo-200M" and "Placebo").
_SPANNING_WORDS = re.compile(r"^(?:treatment|intervention|experimental|study|active)\s+(?:group|arm|cohort)s?\s+(?=\S{2})",
                             re.IGNORECASE)
# What remains of a name once its arm words are taken: a letter or number ("Group A", "Arm 2").
_RESIDUE = re.compile(r"\b(?:[A-Za-z]|[IVX]{1,4}|\d{1,3})\b|[^\w]+")

# Rows of a trial table that state something about each arm.
_N_ROW = re.compile(
    r"(?:n|(?:total\s+)?(?:number|no\.?)\s+of\s+(?:patients|subjects|participants|cases)(?:\s*\(n\))?|"
    r"(?:patients|subjects|participants)\s*(?:,\s*n|\(n\))|sample size|"
    r"(?:patients|subjects|participants)\s+(?:enrolled|randomi[sz]ed|included|treated)|"
    r"(?:enrolled|randomi[sz]ed|included|treated)\s+(?:patients|subjects|participants))\s*[:.]?", re.IGNORECASE)
_DOSE_ROW = re.compile(
    r"\b(?:doses?|dosage|cells? (?:number|count|quantity)|number of (?:cells|mscs?)|cells? infused|"
    r"infused cells|injected cells)\b", re.IGNORECASE)
_ROUTE_ROW = re.compile(
    r"(?:routes?|routes? of (?:administration|delivery)|administration route|delivery(?: route)?|"
    r"mode of (?:administration|delivery)|(?:injection|infusion) route)\b", re.IGNORECASE)
_SOURCE_ROW = re.compile(
    r"(?:cell (?:source|type|product)|source of (?:cells|mscs?|stem cells)|(?:mscs?|stem cells?) (?:source|type)|"
    r"tissue source)\b", re.IGNORECASE)
_ORIGIN_ROW = re.compile(r"(?:origin|cell origin|donor|donor type|autologous/allogeneic|allogeneic/autologous)\b",
                         re.IGNORECASE)
# A route a caption or a header states in so many words ("intravenous", "IV"), not a body site
# the route lexicon also knows ("knee", "perianal").
_ROUTE_WORD = re.compile(r"(?:intra|sub|i\.?v\b|i\.?t\b)|(?:IV|IT|ITH|IA|IM|SC|IN)$", re.IGNORECASE)

DOCUMENT_CELL_MENTIONS = 3  # mentions of cells that make a document one about a cell therapy
ORIGINS = ("allogeneic", "autologous")


@dataclass(frozen=True)
class ArmColumn:
    """One column of a trial table: the arm it is (`kind` cell, treated, control or other) or a
    column of statistics (`kind` "ignored")."""

    index: int
    header: str
    label: str  # the arm's name: the header without its count, statistics and spanning words
    kind: str
    n: int | None
    why: str


@dataclass(frozen=True)
class Verdict:
    """Whether a grid is a trial table of arms, its arm columns, and why."""

    columns: tuple[ArmColumn, ...]
    reason: str
    read: bool = False  # a trial table whose cell-therapy arms are read

    @property
    def cell_arms(self) -> list[ArmColumn]:
        return [c for c in self.columns if c.kind == "cell"] if self.read else []


def trial_table_arms(document: Document, grid: Grid, first_row_no: int, disease: str | None,
                     earlier: Sequence[TrialArm] = ()) -> list[TrialArm]:
    """The cell-therapy arms of a table whose columns are the arms of one trial, numbered from
    `first_row_no`; [] for any other table. `disease` is the document's, for a table whose caption
    and headers name none. An arm that `earlier` already holds (the same name and count, read from
    another table of the same trial) is not given again."""
    verdict = read_trial_table(document, grid)
    if not verdict.cell_arms:
        return []
    seen = [_arm_key(a.cell_text, a.n_patients) for a in earlier]
    reader = _ArmReader(document, grid, disease)
    out: list[TrialArm] = []
    for column in verdict.cell_arms:
        arm = reader.arm(column, first_row_no + len(out))
        key = _arm_key(arm.cell_text, arm.n_patients)
        if not any(_same_arm(key, other) for other in seen):
            seen.append(key)
            out.append(arm)
    return out


def _same_arm(one: tuple[str, int | None], other: tuple[str, int | None]) -> bool:
    """One name, and one count or a count only one of the two tables states."""
    return one[0] == other[0] and (one[1] == other[1] or None in (one[1], other[1]))


def describe(document: Document, grid: Grid) -> str:
    """Why a grid is or is not read as a trial table, column by column."""
    verdict = read_trial_table(document, grid)
    parts = [verdict.reason]
    for c in verdict.columns:
        n = f", n={c.n}" if c.n is not None else ""
        parts.append(f"column {c.index + 1} '{c.header}': {c.kind} ({c.why}{n})")
    return "; ".join(parts)


_LEADING_TREATED = re.compile(r"^(?:(?:treatment|treated|intervention|experimental|study)\s+)+(?=\S)", re.IGNORECASE)


def _arm_key(name: str | None, n: int | None) -> tuple[str, int | None]:
    """What one arm is called in every table of its trial: its name without the arm words
    ("Treatment Group Allo-100M" and "Allo-100M" are one arm, "High dose" and "Low dose" two)."""
    text = name or ""
    for m in sorted(lexicon("trial_arm").find(text), key=lambda m: -m.start):
        if m.code == "group":
            text = text[:m.start] + " " + text[m.end:]
    text = " ".join(text.lower().split())
    return _LEADING_TREATED.sub("", text), n


def read_trial_table(document: Document, grid: Grid) -> Verdict:
    """The arm columns of a grid, or none with the reason it is no trial table of arms."""
    if len(grid.header) < 3 or not grid.rows:
        return Verdict((), "not a trial table: fewer than two columns after the first, or no rows")
    columns: list[ArmColumn] = []
    for index in range(1, len(grid.header)):
        column = _column(index, grid.header[index], _column_cells(grid, index))
        if column.kind == "none":
            return Verdict((), f"not a trial table: column {index + 1} '{column.header}' is no arm ({column.why})")
        columns.append(column)
    arms = _distinct([c for c in columns if c.kind != "ignored"])
    if len(arms) < 2:
        return Verdict(tuple(columns), "not a trial table: fewer than two arm columns")
    arms = _with_row_counts(grid, arms)
    arms = _as_cell_arms(document, grid, arms)
    return _acceptance(arms)


def _acceptance(arms: list[ArmColumn]) -> Verdict:
    """A table of arm columns that gives its cell arms, or gives none, and why."""
    if not any(c.kind == "cell" for c in arms):
        return Verdict(tuple(arms), "not read: no arm column names a cell therapy")
    if any(c.kind == "control" for c in arms):
        return Verdict(tuple(arms), "trial table: cell-therapy arms against a control", True)
    if all(c.n is not None for c in arms):
        return Verdict(tuple(arms), "trial table: arms of one trial, each with its count", True)
    return Verdict(tuple(arms), "not read: no control arm, and not every arm states its count")


def _column_cells(grid: Grid, index: int) -> list[str]:
    return [row[index].text for row in grid.rows if index < len(row) and not row[index].inherited]


def _column(index: int, header: str, cells: list[str]) -> ArmColumn:
    """What one header cell names: an arm (and which kind), a statistics column, or nothing a
    trial table of arms has."""
    n = header_count(header)
    label = arm_label(header)
    if not label:
        if n is None and not any(c.strip() for c in cells):
            return ArmColumn(index, header, label, "ignored", None, "empty column")
        return ArmColumn(index, header, label, "none", n, "no name")
    if _NOT_ARM.fullmatch(label):
        return ArmColumn(index, header, label, "ignored", n, "a statistics or total column")
    if _TIME.search(label) or _STUDY.search(label):
        return ArmColumn(index, header, label, "none", n, "names a time or a study")
    kind, why = arm_kind(label)
    if kind == "other" and n is None and "group" not in _codes(label):
        return ArmColumn(index, header, label, "none", n, "no arm word and no count")
    return ArmColumn(index, header, label, kind, n, why)


def header_count(header: str) -> int | None:
    """The count an arm's header states: "(n=41)" -> 41; "(n = 22/49)" -> 49, the arm's patients."""
    m = _HEADER_N.search(header)
    if m:
        return int(m.group(2) or m.group(1))
    m = _HEADER_PATIENTS.search(header)
    return int(m.group(1)) if m else None


def arm_label(header: str) -> str:
    """An arm's name: its header without the count, the statistics and the footnote marks."""
    text = _HEADER_PATIENTS.sub(" ", _HEADER_N.sub(" ", header))
    text = _MARKS.sub(" ", _STATISTICS.sub(" ", text))
    text = re.sub(r"\(\s*\)|\[\s*\]", " ", text)
    return _SPANNING_WORDS.sub("", " ".join(text.split()).strip(" ,;:-–"))


def _codes(text: str) -> set[str]:
    return {m.code for m in lexicon("trial_arm").find(text)}


def arm_kind(label: str) -> tuple[str, str]:
    """The kind of arm a name says: a cell therapy, a control, a treated arm that names nothing
    else ("Treatment", "High dose", "Allo-100M": cells when the table or document is about cells),
    or another arm ("Group A", "Tacrolimus")."""
    codes = _codes(label)
    if "not_cells" in codes:
        return "control", "denies cells"
    if "cells" in codes or GENERIC_CELL.search(label):
        return "cell", "names cells"
    if "control" in codes:
        return "control", "names a control"
    if _generic(label) and (codes & {"treated", *ORIGINS} or _SHORT_DOSE.search(label) or find_doses(label)):
        return "treated", "names a treated arm, not what it received"
    return "other", "names no cells and no control"


def _generic(label: str) -> bool:
    """Whether a name holds nothing but arm words, dose levels, letters and numbers."""
    text = label
    for m in sorted(lexicon("trial_arm").find(label), key=lambda m: -m.start):
        text = text[:m.start] + " " + text[m.end:]
    for start, end, _ in sorted(find_doses(text), reverse=True):
        text = text[:start] + " " + text[end:]
    text = _SHORT_DOSE.sub(" ", text)
    return not _RESIDUE.sub("", text)


def _distinct(columns: list[ArmColumn]) -> list[ArmColumn]:
    """One column per arm: a header of two rows repeats an arm over its sub-columns ("Events",
    "Patients")."""
    out: list[ArmColumn] = []
    for column in columns:
        same = next((k for k, c in enumerate(out) if _arm_name(c) == _arm_name(column)), None)
        if same is None:
            out.append(column)
        elif out[same].label != column.label:  # the arm's name is the header's part they share
            out[same] = replace(out[same], label=arm_label(_arm_header(column)))
    return out


def _arm_header(column: ArmColumn) -> str:
    """A column's header up to the count it states ("MSC (N = 10)" over "Events" and over
    "Patients"), else the whole header."""
    m = _HEADER_N.search(column.header) or _HEADER_PATIENTS.search(column.header)
    return column.header[:m.end()] if m else column.header


def _arm_name(column: ArmColumn) -> tuple[str, int | None]:
    return _arm_key(arm_label(_arm_header(column)), column.n)


def _find_row(grid: Grid, pattern: re.Pattern[str]) -> tuple[Cell, ...] | None:
    for row in grid.rows:
        if row and pattern.fullmatch(_MARKS.sub("", row[0].text).strip()):
            return row
    return None


def _find_row_starting(grid: Grid, pattern: re.Pattern[str]) -> tuple[Cell, ...] | None:
    for row in grid.rows:
        if row and pattern.match(_MARKS.sub("", row[0].text).strip()):
            return row
    return None


def _cell(row: tuple[Cell, ...] | None, index: int) -> str | None:
    if row is None or index >= len(row):
        return None
    text = row[index].text.strip()
    return text if text and not NOT_STATED.match(text) else None


def _with_row_counts(grid: Grid, arms: list[ArmColumn]) -> list[ArmColumn]:
    """Counts from a "Number of patients" row, for arms whose header states none."""
    row = _find_row(grid, _N_ROW)
    if row is None:
        return arms
    return [c if c.n is not None else replace(c, n=patients(_cell(row, c.index))) for c in arms]


def _as_cell_arms(document: Document, grid: Grid, arms: list[ArmColumn]) -> list[ArmColumn]:
    """Treated arms of a table or document about cells are cell-therapy arms; so is an arm the
    table's dose row gives a cell dose."""
    dose_row = _dose_row(grid)
    builder = ArmBuilder(document.doc_id, document.source_file, {}, None, dose_row[0].text if dose_row else "")
    about_cells = None
    out = []
    for column in arms:
        if column.kind in ("treated", "other") and dose_row and builder.dose(_cell(dose_row, column.index) or ""):
            column = replace(column, kind="cell", why=f"{column.why}; the dose row gives it a cell dose")
        elif column.kind == "treated":
            about_cells = _about_cells(document, grid) if about_cells is None else about_cells
            if about_cells:
                column = replace(column, kind="cell", why=f"{column.why}; {about_cells}")
        out.append(column)
    return out


def _dose_row(grid: Grid) -> tuple[Cell, ...] | None:
    """The row that states each arm's cell dose: a dose row one of whose cells is a cell dose
    ("Cell dose (×10^6/kg)": 1.0, 2.0; not "Prednisone dose, mg": 10, 12)."""
    for row in grid.rows:
        if row and _DOSE_ROW.search(row[0].text):
            builder = ArmBuilder("", "", {}, None, row[0].text)
            if any(builder.dose(c.text) for c in row[1:] if c.text.strip()):
                return row
    return None


def _names_cells(text: str) -> bool:
    return bool(GENERIC_CELL.search(text)) or "cells" in _codes(text)


def _about_cells(document: Document, grid: Grid) -> str:
    """Why a table is about a cell therapy ("the caption names cells"), or "" when it is not."""
    if _names_cells(f"{grid.title or ''} {grid.legend or ''}"):
        return "the caption names cells"
    mentions = sum(m.code == "cells" for m in lexicon("trial_arm").scan(document.plain))
    return "the document is about cells" if mentions >= DOCUMENT_CELL_MENTIONS else ""


class _ArmReader:
    """Turns the cell-therapy columns of one trial table into arms."""

    def __init__(self, document: Document, grid: Grid, disease: str | None):
        self.grid = grid
        legend = read_legend(grid.legend or "")
        self.lex: dict[str, Lexicon] = legend_lexicons(legend)
        self.dose_row = _dose_row(grid)
        self.builder = ArmBuilder(document.doc_id, document.source_file, legend, grid.title,
                                  self.dose_row[0].text if self.dose_row else "", disease)
        self.route_row = _find_row_starting(grid, _ROUTE_ROW)
        self.source_row = _find_row_starting(grid, _SOURCE_ROW)
        self.origin_row = _find_row_starting(grid, _ORIGIN_ROW)
        caption = grid.title or ""
        self.caption_sources = cell_codes(caption, self.lex["cell_source"]) if _names_cells(caption) else []

    def arm(self, column: ArmColumn, row_no: int) -> TrialArm:
        label, header = column.label, self.grid.header[column.index]
        cells = {"cell": label}
        if column.n is not None:
            cells["patients"] = str(column.n)
        if [c for c in self.lex["disease"].codes_in(label) if c != "OTHER"]:
            cells["disease"] = label
        dose, written = self.dose(column)
        if dose:
            cells["dose"] = dose
        route = self.route(label, column.index)
        if route:
            cells["route"] = route
        line = self.grid.header_line
        arm = self.builder.arm(cells, line, line, row_no)
        sources = cell_codes(label, self.lex["cell_source"]) or cell_codes(
            _cell(self.source_row, column.index) or "", self.lex["cell_source"]) or (
            self.caption_sources if len(self.caption_sources) == 1 else [])
        return replace(arm, cell_source=codes_joined(sources), origin=self.origin(header, column.index),
                       dose_text=written or arm.dose_text)

    def dose(self, column: ArmColumn) -> tuple[str | None, str | None]:
        """The dose text of an arm, from its header or the table's dose row, and the words the
        header wrote it in where it wrote a dose level short ("100M")."""
        short = _SHORT_DOSE.search(column.label)
        label = _SHORT_DOSE.sub(lambda m: f"{m.group(1)} {_SHORT_WORDS[m.group(2)]} cells", column.label)
        found = parse_dose(label)
        if found:
            return found.text, short.group(0) if short else None
        stated = _cell(self.dose_row, column.index)
        return (stated, None) if stated and self.builder.dose(stated) else (None, None)

    def route(self, label: str, index: int) -> str | None:
        stated = _cell(self.route_row, index)
        if stated and route_codes(stated, self.lex["route"]):
            return stated
        for text in (label, self.grid.title or ""):
            words = [m.text for m in self.lex["route"].find(text) if _ROUTE_WORD.match(m.text)]
            if words:
                return " ".join(dict.fromkeys(words))
        return None

    def origin(self, header: str, index: int) -> str | None:
        """The origin of an arm's cells, from its header ("Allo-100M"), an origin row, or the caption."""
        for text in (header, _cell(self.origin_row, index) or "", self.grid.title or ""):
            found = {c for c in _codes(text) if c in ORIGINS} | set(self.lex["origin"].codes_in(text))
            if len(found) == 1:
                return found.pop()
        return None
