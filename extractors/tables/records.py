"""Tables found from their rows: a review table is a list of studies.

Where no header reads (glued, cut off, spread one name per line) a table still shows itself by its
records: blocks of lines that each open the same way (a registry identifier, a bracketed citation,
an author and year, a row number counting up) or, under a caption or a header, lines that each carry
the values an arm is made of. Each record is then read for those values by their kind (identifier,
year, citation, dose, count, disease, cell source, origin, route), with the same vocabulary the rest
of the project uses; the header, where some of it reads, decides only what kinds cannot (which bare
number counts the patients, which year is the study's).

Two layouts are read here that lose the row's shape:
- **the opener alone on its line** (a year "2015", a row number, "Author et al.") with the rest of the
  record, spaced or glued, on the line after it: the record starts at the opener, and a year that
  opens it is its year (`_rest_below`);
- **one cell per line where cells wrap** (a journal's "tables" page: each cell, and each part of a
  wrapped cell, a line between blank lines), so that the lines per record vary: a column name that
  wrapped is one name (`_name_units`), and a record's lines are aligned to the columns by kind, a line
  that continues the one before it (`blocks.continues`) joining its cell at no cost and a cell starting
  there at a cost (`_join_cost`, `_cut_cost`).

Stages: `find_records` (where records start and end) -> `record_pieces` (the record's cells where its
lines are cells, else its words) -> `record_cells` (each value to its role) -> `RowGroup`s that the
arm builder turns into arms like any other table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

from extractors.doses import find_doses, is_dose
from extractors.quantities import WORD, number
from extractors.tables.blocks import continues, one_value
from extractors.tables.headers import (
    CAPTION,
    TEXT_ROLES,
    Column,
    header_role,
    names_measure,
    phrase_role,
    read_legend,
    rows_are_patients,
)
from extractors.tables.layouts import cell_kind
from extractors.tables.patterns import (
    AUTHOR_CITED_YEAR,
    AUTHOR_ETAL,
    AUTHOR_YEAR,
    CITATION,
    CITATION_ALONE,
    CITED_STUDY,
    CLOSING_CITATION,
    ENDS_CITED,
    LAST_CITATION,
    PHASE,
    REGISTRY_ID,
    ROW_NUMBER,
    SECTION_ROW,
    STUDY_NAME,
    YEAR,
    YEAR_CELL,
    count_after,
    dose_counts,
    ends_joined,
    group_heading,
    header_unit,
    labelled_doses,
    unglue,
)
from extractors.tables.segment import GENERIC_CELL, RowGroup, TextTable, cell_codes
from extractors.vocabulary import Lexicon, cell_therapy_lexicon, legend_lexicons, lexicon, load


@dataclass(frozen=True)
class RecordSettings:
    """How far a record and its table may reach."""

    min_records: int = 2  # records under a caption or a header that make a table
    min_records_alone: int = 3  # records that open alike and make a table with no caption or header above
    max_record_lines: int = 40  # lines of one record (one cell per line, blank lines between, runs long)
    header_reach: int = 40  # lines above the first record searched for its header and caption
    max_blank_run: int = 3  # blank lines a table runs on across
    max_header_cells: int = 30
    merge_penalty: float = 0.5  # aligning one cell per line: the cost of joining a wrapped cell's lines
    typed_join_factor: float = 3.0  # ... times this where both lines are typed values (a count, a dose)
    wrap_join: float = 0.0  # ... where the second goes on from the first ("RRMS/SPMS/" / "PPMS")
    wrap_cut: float = 0.75  # ... the cost of starting a cell at a line that goes on from the one before
    missing_penalty: float = 1.0  # ... and of a column with no line of its own


SETTINGS = RecordSettings()
WRAP_CHARS = 40  # a line this short may be the first part of a wrapped cell

_ROW_COUNTER = frozenset({"no", "#", "number", "sr. no", "s. no", "sl. no", "serial no", "n°"})
_BULLET = re.compile(r"^[\s•▪◦·*–-]+")
_ROLES_OF_INTEREST = ("registry", "patients", "dose", "year", "reference", "row")
_ARM_ROLES = ("patients", "dose", "registry")
_SENTENCE = re.compile(r"[a-z]{2}\.\s+[A-Z][a-z]+\s+[a-z]+")  # "... cells. The patients ..."
_PROSE_WORDS = re.compile(r"\b(?:we|was|were|is|are|has|have|had|this|these|our|which)\b")
THERAPY_WORDS = re.compile(r"MSC|[Ss]tem|[Ss]tromal|HSC|HCT|[Tt]ransplant|[Mm]arrow|[Cc]ord|[Aa]dipose|SVF|ASC",
                           re.UNICODE)


@dataclass
class Start:
    """A line that opens a record, and how."""

    line: int  # 0-based
    kind: str  # registry, citation, author, study, number, year
    number: int | None = None


@dataclass
class RecordTable:
    """A table found from its records: where its records lie, and what stood above them."""

    kind: str
    records: list[tuple[int, int]]  # first and last 0-based line of each record
    header: list[str] = field(default_factory=list)  # header cells (one per line) or the header line
    header_lines: tuple[int, int] | None = None
    caption: str | None = None
    # the names on a line above header cells one per line, which those wrap from ("Ref Phase No. of
    # pts ..." over "MSC dose", "Time from Tplt", ...): they say which numbers a record holds
    lead: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- records: where they start and end


def start_of(line: str, labelled: bool = True) -> Start | None:
    """How `line` opens a record, if it does; with `labelled`, also after its group's label (see
    `group_label`)."""
    text = _BULLET.sub("", line.strip()) if not line.strip()[:1].isdigit() else line.strip()
    if not text:
        return None
    if m := ROW_NUMBER.match(text):
        return Start(0, "number", int(m.group(1)))
    if REGISTRY_ID.match(text) and not CITATION_ALONE.fullmatch(text):
        return Start(0, "registry")
    if CITATION.match(text) or CITATION_ALONE.fullmatch(text):
        return Start(0, "citation")
    if AUTHOR_YEAR.match(text) or AUTHOR_ETAL.match(text):
        return Start(0, "author")
    if text[1:2].isupper() and (m := STUDY_NAME.match(text)) and _names_a_study(m.group(1)):
        return Start(0, "study")
    if labelled and (rest := _after_group_label(text)) and (start := start_of(rest, False)) \
            and start.kind in ("author", "registry", "citation"):
        return start
    return None


@lru_cache(maxsize=16384)
def group_label(text: str) -> str | None:
    """The disease a record's first cell names when it heads a group of rows, printed on the group's
    first row only (a merged cell flattened): "Rheumatoid arthritis" of "Rheumatoid arthritisYang et al.
    2018 ...". None when the line opens otherwise."""
    if not _OPENER_INSIDE.search(text):
        return None  # no author, citation or registry id after a label: no record opens here
    text = unglue(text)
    found = load()["disease"].find(text)
    if not found or found[0].start != 0 or found[0].end >= len(text) or text[found[0].end] != " ":
        return None
    return text[:found[0].end]


_OPENER_INSIDE = re.compile(r"et al|\[\d|[A-Z]{2,}[-\s]?\d{4}|\b(?:19|20)\d{2}\b")  # what may open a record after a label


def _after_group_label(text: str) -> str | None:
    label = group_label(text)
    return unglue(text)[len(label):].strip() if label else None


YEAR_LINE_CHARS = 16  # a line holding a year alone is this short
REST_MIN_WORDS = 4  # the words of a line that holds the rest of a record whose opener stands alone above it


def _rest_below(lines: list[str], k: int) -> bool:
    """Whether the line after line k holds the rest of a record whose opener stands alone on line k
    ("2015" over "Okafor et al. Lupus nephritis UC-MSC 24 ..."): several cells' words, glued or
    spaced, carrying an arm's values, and no opener alone itself. (One cell per line, the line after
    a year is one cell: a country, a design, a count.)"""
    rest = lines[k + 1].strip() if k + 1 < len(lines) else ""
    if not rest or YEAR_CELL.match(rest) or ROW_NUMBER.fullmatch(rest):
        return False
    return len(unglue(rest).split()) >= REST_MIN_WORDS and _carries_arm(rest)


@lru_cache(maxsize=4096)
def _names_a_study(acronym: str) -> bool:
    """Whether an acronym opening a line may name a study: no disease, cell source, route or origin
    ("SLE", "UC-MSC", "IV"), no stem-cell therapy ("AHSCT"), no trial phase ("III") and no column name."""
    lexicons = load()
    if cell_therapy_lexicon().find(acronym) or PHASE.fullmatch(acronym) or phrase_role(acronym.lower(), False):
        return False
    return not any(m.start == 0 and m.end == len(acronym)
                   for name in ("disease", "cell_source", "route", "origin") for m in lexicons[name].find(acronym))


def find_records(lines: list[str], settings: RecordSettings = SETTINGS) -> list[RecordTable]:
    """The tables among `lines` that show themselves by their records."""
    starts = []
    for k, line in enumerate(lines):
        start = start_of(line)
        if start is None and k + 1 < len(lines) and lines[k + 1].strip() and len(line.strip()) < WRAP_CHARS:
            start = start_of(f"{line.strip()} {lines[k + 1].strip()}", False)  # an opening cell wrapped onto the next line
            start = start if start is not None and start.kind == "author" else None
        if start is None and len(line) <= YEAR_LINE_CHARS and YEAR_CELL.match(line.strip()) and _rest_below(lines, k):
            start = Start(k, "year")  # a year alone on its line, the rest of its record below it
        if start is not None:
            start.line = k
            starts.append(start)
    captioned = any(CAPTION.match(line) for line in lines)
    if len(starts) < settings.min_records and not captioned and sum(map(_may_name, lines)) < 3:
        return []  # no records opening alike, no caption, no column names one per line: nothing to find
    taken: set[int] = set()
    found: list[RecordTable] = []
    for chain, kind in _chains(lines, starts, settings):
        if any(s in taken for s in chain):
            continue
        table = _table_of(lines, chain, kind, settings, found[-1].records[-1][1] + 1 if found else 0)
        if table is not None:
            found.append(table)
            taken.update(k for a, b in table.records for k in range(a, b + 1))
    for table in _stacked_tables(lines, set(), settings):
        rivals = _rivals(found, table)
        if rivals is not None:
            found = [t for t in found if t not in rivals] + [table]
            taken.update(range(table.header_lines[0], table.records[-1][1] + 1))
    if captioned:
        found += _line_tables(lines, taken, settings)
    return sorted(found, key=lambda t: t.records[0][0])


def _rivals(found: list[RecordTable], table: RecordTable) -> list[RecordTable] | None:
    """The tables a cut of cells one per line by the header's length replaces; None where it gives way.

    Records that open alike are kept where the first of them opens right under the names, as the cut's
    first record does (a registry id in a later column opens no record), unless they are fewer than the
    cut's records (numbers in the cells opened them: "2" of a dose, "1" of a count of infusions) or the
    very same (the cut read the names whole); and where they open with an
    author as the header says they do, or more of them open so than the cut finds: cells wrapped, the
    records vary in length, and their openers cut them better than the header's length."""
    span = set(range(table.records[0][0], table.records[-1][1] + 1))
    rivals = [t for t in found if span & set(range(t.records[0][0], t.records[-1][1] + 1))]
    if any(t.records[0][0] == table.records[0][0] and len(t.records) >= len(table.records) and t.records != table.records
           for t in rivals):
        return None
    study_first = bool(table.header) and header_role(table.header[0]) == "study"
    if any(t.kind in ("author", "citation") and (study_first or len(t.records) > len(table.records)) for t in rivals):
        return None
    return rivals


def _chains(lines: list[str], starts: list[Start], settings: RecordSettings) -> list[tuple[list[int], str]]:
    """Runs of record starts of one kind, each near the one before with no caption between; row
    numbers must count up. The run that starts first is read first."""
    chains: list[tuple[list[int], str]] = []
    for kind in ("registry", "citation", "author", "study", "year"):
        run: list[int] = []
        for s in (s for s in starts if s.kind == kind):
            if run and (s.line - run[-1] > settings.max_record_lines or _caption_between(lines, run[-1], s.line)):
                chains.append((run, kind))
                run = []
            run.append(s.line)
        chains.append((run, kind))
    numbered = [s for s in starts if s.kind == "number"]
    used: set[int] = set()
    for head in numbered:
        if head.line in used:
            continue
        chain = [head]
        while True:
            nxt = [s for s in numbered if s.number == chain[-1].number + 1
                   and 0 < s.line - chain[-1].line <= settings.max_record_lines
                   and not _caption_between(lines, chain[-1].line, s.line)]
            if not nxt:
                break
            chain.append(_closest(nxt, chain, lines))
        if len(chain) >= 2:
            used.update(s.line for s in chain)
            chains.append(([s.line for s in chain], "number"))
    chains = [(c, k) for c, k in chains if len(c) >= 2]
    return sorted(chains, key=lambda ck: (ck[0][0], -len(ck[0])))


def _closest(candidates: list[Start], chain: list[Start], lines: list[str]) -> Start:
    """The next row number: the one whose record is as long as the records before it (one cell per
    line, a cell may itself be a small number); the first, with nothing to compare."""
    if len(chain) < 2:
        return candidates[0]
    length = _cells_between(lines, chain[-2].line, chain[-1].line)
    return min(candidates, key=lambda s: (abs(_cells_between(lines, chain[-1].line, s.line) - length), s.line))


def _cells_between(lines: list[str], a: int, b: int) -> int:
    return sum(1 for k in range(a, b) if lines[k])


def _caption_between(lines: list[str], a: int, b: int) -> bool:
    return any(CAPTION.match(lines[k]) for k in range(a + 1, b + 1))


def _table_of(lines: list[str], chain: list[int], kind: str, settings: RecordSettings,
              floor: int) -> RecordTable | None:
    """The table a run of record starts makes: its records, and the header and caption above."""
    if kind == "citation" and (start := _cells_above(lines, chain, floor)) is not None:
        closing = _closed_by_citations(lines, chain, start)
        return _table_of_closed(lines, closing, settings, floor) if closing else None
    records = [(a, _record_end(lines, a, b - 1, last=False)) for a, b in zip(chain, chain[1:], strict=False)]
    lengths = [_cells_between(lines, a, b + 1) for a, b in records]
    last_end = _record_end(lines, chain[-1], min(len(lines) - 1, chain[-1] + settings.max_record_lines))
    if lengths:  # the last record is as long as the others at most: the rest is a note or prose
        cells, k = 0, chain[-1]
        while k <= last_end and cells < max(lengths):
            cells += bool(lines[k])
            k += 1
        last_end = _record_end(lines, chain[-1], k - 1)
    records.append((chain[-1], last_end))
    records = [(a, b) for a, b in records if _carries_arm(" ".join(lines[a:b + 1]))]
    header, header_lines, caption = _above(lines, chain[0], max(floor, chain[0] - settings.header_reach))
    lead = _leading_names(lines, header_lines[0]) if header_lines and header_lines[1] > header_lines[0] else []
    known = sum(1 for cell in header if header_role(cell) != "other")
    framed = caption is not None or known >= 2
    if not framed and kind in ("number", "year"):
        return None  # numbered or dated lines with no caption or header above: a list, or a paper's headings
    # rows on one line each, every one carrying a whole arm: a table even with no frame, or opening with an acronym
    strong = all(_one_line_row(lines, a, b) and _strong(lines[a:b + 1]) for a, b in records)
    if kind == "study" and not strong:
        return None
    if len(records) < (settings.min_records if framed or strong else settings.min_records_alone):
        return None
    text = " ".join([caption or "", *header, *(lines[a] for a, _ in records)])
    if not THERAPY_WORDS.search(text) and not any(THERAPY_WORDS.search(" ".join(lines[a:b + 1])) for a, b in records):
        return None
    return RecordTable(kind, records, header, header_lines, caption, lead)


def _cells_above(lines: list[str], chain: list[int], floor: int) -> int | None:
    """Where the first record opens when citations alone on their lines close the records, as a last
    "Ref." column whose cells wrapped over lines prints them ("- Refractory GVHD" / "- BM-MSCs (2 × 106/kg)"
    / "I 5/7 patients ..." / "[56]"): under the header, a heading or the caption, above the first
    citation. None where the citations open their records (a citation has more on its line, or nothing
    that carries an arm stands above the first)."""
    if not all(CITATION_ALONE.fullmatch(lines[k].strip()) for k in chain):
        return None
    start = chain[0]
    lexicons = load()
    for k in range(chain[0] - 1, max(floor, chain[0] - SETTINGS.max_record_lines) - 1, -1):
        line = lines[k].strip()
        heading = group_heading(line, lexicons["disease"], lexicons["cell_source"]) is not None and not _BULLET.match(line)
        if CAPTION.match(line) or heading or SECTION_ROW.match(line) or _names_line(line):
            break  # (a bulleted line is a record's first cell: "- Refractory lupus nephritis")
        start = k
    if start == chain[0] or not any(_carries_arm(lines[k]) for k in range(start, chain[0])):
        return None
    return start


def _closed_by_citations(lines: list[str], chain: list[int], start: int) -> list[tuple[int, int]] | None:
    """The records the citations close, each from the line after the one before (the first from
    `start`); None where rows between close with a citation of their own (one record per line, some
    with their last cells printed as paragraphs: no records that citations close)."""
    starts = [start, *(k + 1 for k in chain[:-1])]
    records = list(zip(starts, chain, strict=True))
    if any(ENDS_CITED.search(lines[k]) for a, b in records for k in range(a, b)):
        return None
    return records


def _names_line(line: str) -> bool:
    """A line of column names: no number, two known names at least, and known names are most of its words."""
    if any(ch.isdigit() for ch in line):
        return False
    cells = _header_cells(unglue(line))
    known = [c for c in cells if header_role(c) != "other"]
    return len(known) >= 2 and 2 * sum(len(c.split()) for c in known) >= len(line.split())




def _table_of_closed(lines: list[str], records: list[tuple[int, int]], settings: RecordSettings,
                     floor: int) -> RecordTable | None:
    """The table of records that citations close: its header and caption above the first record."""
    records = [(a, b) for a, b in records if _carries_arm(" ".join(lines[a:b + 1]))]
    if len(records) < settings.min_records:
        return None
    header, header_lines, caption = _above(lines, records[0][0], max(floor, records[0][0] - settings.header_reach))
    if caption is None and sum(1 for cell in header if header_role(cell) != "other") < 2:
        return None
    return RecordTable("closing", records, header, header_lines, caption)


def _strong(record: list[str]) -> bool:
    """Whether a record carries a whole arm, not a sentence about one: a cell source, a disease, and a
    count or a dose, on lines with few words of running prose. Two such records make a table with no
    caption or header above, and only such records make a table of lines opening with an acronym."""
    if any(len(_PROSE_WORDS.findall(line)) >= STRONG_MAX_PROSE_WORDS for line in record):
        return False
    text = unglue(" ".join(" ".join(line.split()) for line in record))
    lexicons = load()
    cell = cell_codes(text, lexicons["cell_source"]) or GENERIC_CELL.search(text)
    disease = any(m.code != "OTHER" for m in lexicons["disease"].find(text))
    return bool(cell and disease and (find_doses(text) or _LABELLED.search(text) or _count_candidates(text)))


STRONG_MAX_PROSE_WORDS = 3  # words of running prose ("were", "we", "which") that make a line a sentence
_VERB = re.compile(r"\b(?:was|were|is|are|been|be|has|have|had|did|does|do)\b")


def _one_line_row(lines: list[str], first: int, last: int) -> bool:
    """A record on one line, not a sentence (no "was", "were", "had" ...): how a table with no frame
    prints a study whose cells are phrases."""
    return _cells_between(lines, first, last + 1) == 1 and not _VERB.search(lines[first])


def _record_end(lines: list[str], start: int, end: int, last: bool = True) -> int:
    """The last line of a record that may run to `end`: not past a legend or a caption, and the last
    record not into the prose after the table."""
    k = start
    for j in range(start + 1, end + 1):
        line = lines[j].strip()
        if CAPTION.match(line) or (line and read_legend(line)) or (last and _is_prose(lines[j])):
            break
        if lines[j]:
            k = j
    return k


def _is_prose(line: str) -> bool:
    return len(line) > 200 and bool(_SENTENCE.search(line)) and len(_PROSE_WORDS.findall(line)) >= 3


@lru_cache(maxsize=16384)
def _carries_arm(text: str) -> bool:
    text = unglue(text)
    return bool(REGISTRY_ID.search(text) or find_doses(text) or _count_candidates(text)
                or _LABELLED.search(text) or _ONE_PATIENT.search(text) or cited_therapy(text))




@lru_cache(maxsize=16384)
def cited_therapy(text: str) -> bool:
    """A study's row that states no count and no dose (they were not given, or the page lost them): the
    stem cells it gives, by a tissue's name or a stem-cell word, and the study it cites. Such a row is an
    arm of its own, with what it states."""
    text = unglue(text)
    return bool(CITED_STUDY.search(text)) and bool(cell_codes(text, load()["cell_source"]) or GENERIC_CELL.search(text))


def _above(lines: list[str], first: int, floor: int) -> tuple[list[str], tuple[int, int] | None, str | None]:
    """The header cells above a table's first record (a line of names, or one name per line) and
    the caption above them."""
    above = [k for k in range(floor, first) if lines[k].strip()]
    prose = [k for k in above if _is_prose(lines[k])]
    above = [k for k in above if not prose or k > prose[-1]]  # a caption is no further up than the prose
    caption_at = max((k for k in above if CAPTION.match(lines[k])), default=None)
    caption = lines[caption_at].strip() if caption_at is not None else None
    zone = [k for k in above if caption_at is None or k > caption_at]
    if not zone:
        return [], None, caption
    sub_names = {k for k in zone if repeated_names(unglue(lines[k]))}
    names = [k for k in zone if len(lines[k].split()) <= 6 and not _carries_arm(lines[k]) and k not in sub_names
             and _may_be_name(lines[k])]
    tail: list[int] = []
    for k in reversed(zone):  # the names one per line right above the first record, under any sub-column names
        if k in sub_names and not tail:
            continue
        if k not in names:
            break
        tail.insert(0, k)
    if len(tail) >= 3:
        cells = [lines[k].strip() for k in tail]
        return cells, (tail[0], tail[-1]), _full_caption(caption, lines, zone, tail[0])
    for line in reversed(zone[-HEADER_SEARCH_LINES:]):  # above the group headings over the first records
        if line in sub_names:
            continue  # the sub-column names under the header
        header = _header_cells(unglue(lines[line]))
        if sum(1 for c in header if header_role(c) != "other") >= 2:
            start = _header_start(lines, zone, line, titled=caption is not None and len(caption.split()) <= CAPTION_WORDS)
            if start < line:
                header = _header_cells(unglue(" ".join(lines[k].strip() for k in zone if start <= k <= line)))
            return header, (start, line), _full_caption(caption, lines, zone, start)
        if not _heading(lines[line]):
            break
    return [], None, caption or (lines[zone[0]].strip() if len(zone) else None)


# A number of two digits or more outside brackets: a value ("Volume 69", "DOI: 10.1136/..."), no column's name.
_VALUE_NUMBER = re.compile(r"(?<![\w.])\d{2,}(?![^()\[\]]*[)\]])")


def _may_be_name(line: str) -> bool:
    """Whether a line may be a column's name: it has letters, and no number outside brackets."""
    return bool(re.search(r"[A-Za-z]", line)) and not _VALUE_NUMBER.search(line)


def repeated_names(line: str) -> bool:
    """A line of sub-column names, the same few under each column that spans them ("Treated Control
    Treated Control", "n % n %"): words with no number, one run of them printed twice or more."""
    words = line.split()
    if len(words) < 2 or any(ch.isdigit() for ch in line):
        return False
    for period in range(1, len(words) // 2 + 1):
        if len(words) % period == 0 and all(w.lower() == words[k % period].lower() for k, w in enumerate(words)):
            return True
    return False


CAPTION_WORDS = 3  # a caption this short ("Table 1.") has its title on the line after it
HEADER_LINES = 3  # the most lines a header of names on lines of their own is printed over


def _header_start(lines: list[str], zone: list[int], line: int, titled: bool) -> int:
    """The first line of a header printed over lines that ends at `line`: the lines of names right above
    it (each names a known column and carries no value), below the title that follows a short caption."""
    start, above = line, [k for k in zone if k < line]
    if titled and above:
        above = above[1:]  # the title's line
    for k in reversed(above[-(HEADER_LINES - 1):]):
        if _carries_arm(lines[k]) or not any(header_role(c) != "other" for c in _header_cells(unglue(lines[k]))):
            break
        start = k
    return start


def _full_caption(caption: str | None, lines: list[str], zone: list[int], start: int) -> str | None:
    """The table's caption with the title on the line after a short one ("Table 1." "List of trials ...")."""
    if caption is None:
        return _title(lines, zone, start)
    between = [lines[k].strip() for k in zone if k < start]
    return f"{caption} {between[0]}" if len(caption.split()) <= CAPTION_WORDS and between else caption


HEADER_SEARCH_LINES = 3


LEAD_SEARCH_LINES = 4  # lines above names one per line searched for the line of names they wrap from


def _leading_names(lines: list[str], start: int) -> list[str]:
    """The names on the line (two known ones at least, glued or not) that column names one per line,
    from line `start`, go on from, within `LEAD_SEARCH_LINES` above them and below any caption or
    prose: a header whose last names wrapped one to a line."""
    above = [k for k in range(max(0, start - LEAD_SEARCH_LINES), start) if lines[k].strip()]
    for k in reversed(above):
        if CAPTION.match(lines[k]) or _is_prose(lines[k]):
            break
        cells = _header_cells(unglue(lines[k]))
        if sum(1 for c in cells if header_role(c) != "other") >= 2:
            return cells
    return []


_MEASURED_ROLES = frozenset({"other", "outcome", "follow_up", "adverse_events", "schedule", "characteristic"})


def numeric_columns(names: list[str]) -> frozenset[int]:
    """In a case series (a row per patient), the columns whose names name a measure ("Duration (months)",
    "Platelet count", "Number of infusions"): a number under them is as likely as words. In a table of
    studies a bare number is most likely a count of patients, and fits other columns badly."""
    if not rows_are_patients(names):
        return frozenset()
    return frozenset(k for k, name in enumerate(names) if names_measure(name) and header_role(name) in _MEASURED_ROLES)


def column_roles(names: list[str]) -> list[str]:
    """Each column name's role; a first column that counts the rows ("No.", "#") is the row number."""
    roles = [header_role(name) for name in names]
    if roles and names[0].strip().lower().rstrip(".") in _ROW_COUNTER:
        roles[0] = "row"
    return roles


def _heading_above(lines: list[str], found: RecordTable, stacked: bool) -> str | None:
    """The group heading between a table's header and its first record."""
    start = found.header_lines[1] + 1 if found.header_lines else found.records[0][0]
    headings = [] if stacked else [h for k in range(start, found.records[0][0]) if (h := _heading(lines[k]))]
    return headings[-1] if headings else None


def _heading(line: str) -> str | None:
    """A heading naming the disease of the records below (a cell type alone may be a wrapped cell)."""
    lexicons = load()
    heading = group_heading(line, lexicons["disease"], lexicons["cell_source"])
    return heading if heading and lexicons["disease"].find(heading) else None


def _title(lines: list[str], zone: list[int], header_start: int) -> str | None:
    before = [lines[k].strip() for k in zone if k < header_start]
    return before[-1] if before else None


def _header_cells(line: str) -> list[str]:
    """A header line's column names: split where it has cell marks, else at each known name."""
    if "\t" in line or "|" in line:
        return [c.strip() for c in re.split(r"\t|\|", line) if c.strip()]
    header = load()["header"]
    mentions = header.find(line)
    if not mentions:
        return [line.strip()]
    cells, at = [], 0
    for m in mentions:
        if line[at:m.start].strip():
            cells.append(line[at:m.start].strip())
        cells += _new_names(line[m.start:m.end])
        at = m.end
    if line[at:].strip():
        cells.append(line[at:].strip())
    return _with_qualifiers(_joined_names(cells))


_JOINING = frozenset({"of", "per", "and", "for", "&"})


def _new_names(phrase: str) -> list[str]:
    """A known phrase a glued header ran together cut where a capitalised word follows one in lower case
    ("infusion Route" of "Dose per infusionRoute of administration"); a phrase in title case ("Cell
    Source") is one name."""
    words = phrase.split()
    cuts = [k for k in range(1, len(words)) if words[k - 1][:1].islower() and words[k][:1].isupper()]
    return [" ".join(words[a:b]) for a, b in zip([0, *cuts], [*cuts, len(words)], strict=True)]


def _joined_names(cells: list[str]) -> list[str]:
    """Names joined by a joining word between them ("Dose" "per" "infusion", "Route" "of" "administration"),
    or opening the words after a name ("Dose" "per kg (n)")."""
    out: list[str] = []
    k = 0
    while k < len(cells):
        if out and cells[k].lower() in _JOINING and k + 1 < len(cells):
            out[-1] = f"{out[-1]} {cells[k]} {cells[k + 1]}"
            k += 2
            continue
        if out and cells[k].split()[0].lower() in _JOINING:  # "Dose" "per kg (n)"
            out[-1] = f"{out[-1]} {cells[k]}"
            k += 1
            continue
        out.append(cells[k])
        k += 1
    return out


def _with_qualifiers(cells: list[str]) -> list[str]:
    """Column names with their bracketed qualifiers ("Dose (×106 cells/kg)", "Age, years") kept whole."""
    out: list[str] = []
    for cell in cells:
        depth = out[-1].count("(") - out[-1].count(")") if out else 0
        if out and depth > 0 and ")" in cell:  # the bracket closes here; a name may follow it
            close = cell.index(")") + 1
            out[-1] = f"{out[-1]} {cell[:close]}".replace(" )", ")")
            cell = cell[close:].strip(" ,;")
            if not cell:
                continue
        elif out and (depth > 0 or cell[0] in "(),;"):
            out[-1] = f"{out[-1]} {cell}".replace(" ,", ",")
            continue
        out.append(cell)
    return out


def _line_tables(lines: list[str], taken: set[int], settings: RecordSettings) -> list[RecordTable]:
    """Tables whose records are one line each: under a caption, the line above the first line that
    carries an arm's values is the header, and reads in part."""
    found = []
    k = 0
    while k < len(lines):
        if k in taken or not CAPTION.match(lines[k]):
            k += 1
            continue
        near = [j for j in range(k + 1, min(len(lines), k + settings.header_reach)) if lines[j].strip()]
        first = next((i for i, j in enumerate(near) if _carries_arm(lines[j])), None)
        if first is None:
            k += 1
            continue
        head = near[first - 1] if first else k
        named = head != k and sum(1 for c in _header_cells(unglue(lines[head])) if header_role(c) != "other") >= 2
        records, j, blanks = [], near[first], 0
        while j < len(lines) and j not in taken:
            line = lines[j].strip()
            if not line:
                blanks += 1
                if blanks > settings.max_blank_run:
                    break
            elif CAPTION.match(line) or read_legend(line) or _is_prose(line) or not _carries_arm(line):
                break
            else:
                blanks = 0
                records.append((j, j))
            j += 1
        caption = " ".join(lines[c].strip() for c in range(k, head if named else near[first]) if lines[c].strip())
        text = " ".join([caption, *(lines[a] for a, _ in records)])
        # with no header, only records that all carry a cell therapy, and more of them, make a table
        enough = settings.min_records if named else settings.min_records_alone
        alone_ok = named or all(THERAPY_WORDS.search(lines[a]) or GENERIC_CELL.search(lines[a]) for a, _ in records)
        if len(records) >= enough and alone_ok and THERAPY_WORDS.search(text):
            header = _header_cells(unglue(lines[head])) if named else []
            found.append(RecordTable("line", records, header, (head, head) if named else None, caption))
            taken.update(range(k, j))
        k = j if records else k + 1
    return found


def _stacked_tables(lines: list[str], taken: set[int], settings: RecordSettings) -> list[RecordTable]:
    """Tables printed one cell per line whose records nothing opens alike: under column names one
    per line, the body is cut into records as long as the header, each record's cells aligned to
    the names (a wrapped cell takes two lines, a missing one none). A name that wrapped onto the next
    line ("Source of" / "MSCs", "Sample size" / "(female/male)") is one name. Where the names end is
    what explains the body best: of the header lengths the short lines allow, the one whose cut gives
    records that fit their columns best (a data cell read as a name, or a name of no known column,
    shifts every record and fits worse)."""
    found = []
    k = 0
    while k < len(lines):
        names = _name_units(lines, _names_at(lines, k, taken, settings))
        if len(names) < 3:
            k += 1
            continue
        texts = [_unit_text(lines, unit) for unit in names]
        best: tuple[float, list[str], list[tuple[int, int]], int, int] | None = None
        # a line that is a known column name, whole ("Refs", "Dose (106/kg)"), is no cell
        known = [i for i, text in enumerate(texts) if phrase_role(_PARENTHESISED.sub("", text).strip(), False)]
        for size in range(max(3, known[-1] + 1 if known else 0), len(names) + 1):
            if sum(1 for text in texts[:size] if header_role(text) != "other") < 2:
                continue
            for header, used in _with_sub_names(texts, size):
                body, end = _stacked_body(lines, names[used - 1][1] + 1, taken, settings)
                records, score = _cut(lines, body, column_roles(header), settings, numeric_columns(header))
                if len(records) >= settings.min_records and (best is None or score > best[0]):
                    best = (score, header, records, end, used)
        if best is None:
            k += 1
            continue
        _, header, records, end, used = best
        first, last = names[0][0], names[used - 1][1]
        caption = next((lines[c].strip() for c in range(first - 1, max(-1, first - settings.header_reach), -1)
                        if CAPTION.match(lines[c])), None)
        found.append(RecordTable("cell", records, header, (first, last), caption))
        taken.update(range(first, end))
        k = end
    return found


SUB_NAME_WORDS = 2  # the most words of a sub-column's name ("Before", "After", "At baseline")


def _with_sub_names(texts: list[str], size: int) -> list[tuple[list[str], int]]:
    """The headers the first `size` names make, each with the names it takes: those names alone; and,
    where the names after them are a second header row's (short words, no numbers: "Before", "After"
    under "Platelet count"), those names with one column of no known role split into the sub-columns,
    for each such column."""
    headers = [(texts[:size], size)]
    subs = texts[size:]
    if len(subs) < 2 or any(len(t.split()) > SUB_NAME_WORDS or re.search(r"\d", t) for t in subs):
        return headers
    spanning = [j for j in range(size) if header_role(texts[j]) in ("other", "outcome", "follow_up")]
    # where several fit alike, the first tried: a measured value before a time, a later column before an earlier
    spanning.sort(key=lambda j: (not names_measure(texts[j]) or bool(_TIME_NAMED.search(texts[j])), -j))
    for j in spanning:
        headers.append(([*texts[:j], *(f"{texts[j]} {sub}" for sub in subs), *texts[j + 1:size]], len(texts)))
    return headers


_TIME_NAMED = re.compile(r"\b(?:months?|days?|weeks?|years?|duration|time)\b", re.IGNORECASE)


def _name_units(lines: list[str], names: list[int]) -> list[tuple[int, int]]:
    """Column names one per line as (first, last) lines: a name that wrapped onto the next line is one."""
    units: list[tuple[int, int]] = []
    for j in names:
        if units and _wraps_name(_unit_text(lines, units[-1]), lines[j].strip()):
            units[-1] = (units[-1][0], j)
        else:
            units.append((j, j))
    return units


def _unit_text(lines: list[str], unit: tuple[int, int]) -> str:
    return " ".join(lines[j].strip() for j in range(unit[0], unit[1] + 1) if lines[j].strip())


def _wraps_name(previous: str, line: str) -> bool:
    """Whether a line goes on with the column name above it: the name ends joined ("Source of"), the
    line is a bracketed qualifier ("(female/male)"), or it opens in lower case and is no name of its own
    ("method"; but "n" under "Disease" is the next column, unless the two make one known name)."""
    if ends_joined(previous) or line.startswith(("(", "[")):
        return True
    if not line[:1].islower():
        return False
    return not phrase_role(line, False) or bool(phrase_role(f"{previous} {line}", False))


def _stacked_body(lines: list[str], start: int, taken: set[int], settings: RecordSettings) -> tuple[list[int], int]:
    """The cell lines of a one-cell-per-line table's body from `start`, and where it ends."""
    body: list[int] = []
    j, blanks = start, 0
    while j < len(lines) and j not in taken:
        line = lines[j].strip()
        if not lines[j]:
            blanks += 1
            if blanks > settings.max_blank_run:
                break
        elif CAPTION.match(line) or read_legend(line) or _is_prose(lines[j]):
            break
        else:
            blanks = 0
            body.append(j)
        j += 1
    return body, j


def _names_at(lines: list[str], k: int, taken: set[int], settings: RecordSettings) -> list[int]:
    """The short lines from line k on (blank lines between) that may be column names one per line,
    opening with a known name; the body's first cells may follow among them."""
    first = lines[k].strip()
    if not first or len(first.split()) > 6 or not (phrase_role(first, True) or first.lower() in _ROW_COUNTER):
        return []  # the names open with a known one, or with the rows' counter ("No")
    if k > 0 and lines[k - 1].strip() and k - 1 not in taken and _is_name(lines[k - 1]):
        return []  # not the first of them
    names: list[int] = []
    j = k
    while j < len(lines) and j not in taken and len(names) < settings.max_header_cells:
        line = lines[j].strip()
        if line:
            if len(line.split()) > 6 or _carries_arm(line) and not (
                    phrase_role(_PARENTHESISED.sub("", line).strip(), False) or names_measure(line)):
                break  # a cell of the body; but "Dose (106/kg)" and "Platelet count 109/L" are names with their units
            names.append(j)
        elif not names:
            break
        j += 1
    return names if len(names) >= 3 else []


def _may_name(line: str) -> bool:
    """Whether a line may be one column's name: short, and a known name."""
    text = line.strip()
    return bool(text) and len(text) <= NAME_CHARS and bool(phrase_role(text, False))


NAME_CHARS = 40


def _is_name(line: str) -> bool:
    return len(line.split()) <= 6 and header_role(line) != "other" and not _carries_arm(line)


_TYPED_FIRST = ("row", "year", "registry", "reference", "study")  # a first column whose cells say where records start


def _cut(lines: list[str], body: list[int], roles: list[str], settings: RecordSettings,
         numeric: frozenset[int] = frozenset()) -> tuple[list[tuple[int, int]], float]:
    """A run of one-cell lines cut into records of about the header's length: at each record, the
    length whose cells fit the columns best; and how well the records fit, per record, and how much of
    the run they take."""
    pieces = [lines[j].strip() for j in body]
    n = len(roles)
    records: list[tuple[int, int]] = []
    p, total = 0, 0.0
    while p < len(pieces):
        options = []
        for m in range(max(1, n - n // 4), min(len(pieces) - p, n + n // 2) + 1):
            found = _align(pieces[p:p + m], roles, settings, numeric)
            if found:  # the next record opens with a cell that fits the first column, as this one does
                after = _fit(roles[0], pieces[p + m]) if p + m < len(pieces) and roles[0] in _TYPED_FIRST else 0.0
                options.append((found[0] + after, m))
        if not options:
            break
        score, m = max(options)
        if score <= 0:
            break
        records.append((body[p], body[p + m - 1]))
        total += score
        p += m
    kept = [(a, b) for a, b in records if _carries_arm(" ".join(lines[a:b + 1]))]
    # per record, times the share of the lines the records take (a cut that stops early leaves records unread)
    return kept, total / len(records) * p / len(pieces) if records else 0.0


# ---------------------------------------------------------------- cells: the record's values by kind


_COUNT_TOKEN = re.compile(r"(?<![\w.,/×^–-])(\d{1,4})(?![\w.,/×^%–-]|\s*[–-]\s*\d|\s*[×x*]\s*10|\s*%|\s*/)")
_LABELLED = re.compile(rf"(?<![A-Za-z])[nN]\s*=\s*(\d{{1,5}})\b"
                       rf"|\b({WORD})[ \t]+(?:patients?|pts|subjects?|participants?|cases|children|"
                       r"adults|men|women)\b", re.IGNORECASE)
# One patient described: "a 45-year-old man", "in one woman" (a case report).
_ONE_PATIENT = re.compile(r"\b(?:a|an|one)\s+(?:\d{1,2}-year-old\s+)?(?:man|woman|boy|girl|patient|child)\b", re.IGNORECASE)
# What a number is when a word before or after it says so: a time, an age, a volume, a score, a phase.
_UNIT_AFTER = re.compile(r"^\s*(?:[-–]?\s*(?:years?|yrs?|y|months?|mo|weeks?|wks?|days?|d|h|hours?|ml|mL|mg|g|kg|cm|mm|"
                         r"µg|μg|μl|IU|U|times?|doses?|infusions?|injections?|cycles?|sessions?|fistulae?|sites?)\b|\s*[:)])")
_WORD_BEFORE = re.compile(r"(?:[Pp]hase|[Gg]rade|[Ss]tage|[Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear|EDSS|Table|Fig\.?|[Tt]ype|"
                          r"[Aa]ge|CD|[Ss]core|of|±|[<>≤≥~])\s*$")
_PARENTHESISED = re.compile(r"\([^()]*\)")


def _masked(text: str) -> str:
    """`text` with every span that is another kind of value blanked: doses, identifiers, years,
    citations, phases, bracketed asides."""
    spans = [(s, e) for s, e, _ in find_doses(text)]
    for pattern in (REGISTRY_ID, YEAR, CITATION, PHASE, _PARENTHESISED, CLOSING_CITATION):
        spans += [m.span() for m in pattern.finditer(text)]
    chars = list(text)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def _count_candidates(text: str) -> list[int]:
    """The bare numbers of `text` that may count patients, in order."""
    masked = _masked(text)
    out = []
    for m in _COUNT_TOKEN.finditer(masked):
        if _UNIT_AFTER.match(masked[m.end():]) or _WORD_BEFORE.search(masked[:m.start()]):
            continue
        out.append(int(m.group(1)))
    return [n for n in out if n > 0]


def record_count(text: str, roles: list[str], measured: bool = False) -> str | None:
    """The patients of a record: a count that says it is one ("n = 12", "12 patients"), else a bare
    number that is no other kind of value, where nothing else may be meant by it: the first, under a
    header that names the patients' column; the only one, under no header or one that names no
    measure of the patients (`measured`: an age, a percentage, a score, a time). Where several bare
    numbers stand and no header names the count, nothing tells which it is (an age, a follow-up)."""
    labelled = [value for m in _LABELLED.finditer(text) if not _YEAR_SHAPED.fullmatch(value := m.group(1) or m.group(2))]
    if labelled:
        return str(number(labelled[0]))  # "n = 12", "12 patients", "Twelve patients"
    if _ONE_PATIENT.search(text):
        return "1"
    candidates = _count_candidates(text)
    if "patients" in roles:
        return str(candidates[0]) if candidates else None
    return str(candidates[0]) if len(candidates) == 1 and not measured else None


# A year, not a count: "Okafor et al. 2015 Adults with ..." names no 2015 adults.
_YEAR_SHAPED = re.compile(r"(?:19|20)\d{2}")


def record_pieces(lines: list[str], first: int, last: int) -> list[str]:
    """A record's cells where its lines are cells (one per line; a line of spaces is an empty cell)."""
    return [lines[k].strip() for k in range(first, last + 1) if lines[k]]


def align(pieces: list[str], roles: list[str], settings: RecordSettings = SETTINGS,
          numeric: frozenset[int] = frozenset()) -> dict[str, str] | None:
    """One cell per line against the header's columns: each column takes the next line, several
    where its cell wrapped, or none where its cell was left out; the reading whose cells best fit
    their columns' kinds. None when the record's lines are too many or too few to be its cells."""
    found = _align(pieces, roles, settings, numeric)
    return found[1] if found else None


def _align(pieces: list[str], roles: list[str], settings: RecordSettings = SETTINGS,
           numeric: frozenset[int] = frozenset()) -> tuple[float, dict[str, str]] | None:
    n, m = len(roles), len(pieces)
    if n < 3 or not n - n // 4 <= m <= n + n // 2:
        return None
    # joining piece k to the one before costs little where it goes on from it (a wrapped cell) and much
    # where both are typed values; cutting a cell there costs where the line before ends joined
    joined = list(accumulate((_join_cost(pieces[k - 1], pieces[k], settings) if k else 0.0 for k in range(m)),
                             initial=0.0))
    cut = [_cut_cost(pieces[k - 1], pieces[k], settings) if k else 0.0 for k in range(m)]
    inf = float("-inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for c in range(1, n + 1):
        for p in range(m + 1):
            for q in range(p + 1):
                if best[c - 1][q] == inf:
                    continue
                cost = joined[p] - joined[q + 1] + cut[q] if p > q else settings.missing_penalty
                score = best[c - 1][q] + _fit(roles[c - 1], " ".join(pieces[q:p]), c - 1 in numeric) - cost
                if score > best[c][p]:
                    best[c][p], back[c][p] = score, q
    if best[n][m] == inf:
        return None
    cells: dict[str, str] = {}
    p = m
    for c in range(n, 0, -1):
        q = back[c][p]
        text = " ".join(x for x in pieces[q:p] if x)
        if text and roles[c - 1] not in cells:
            cells[roles[c - 1]] = text
        p = q
    return best[n][m], cells


@lru_cache(maxsize=16384)
def _join_cost(previous: str, piece: str, settings: RecordSettings = SETTINGS) -> float:
    """The cost of reading `piece` as the wrapped end of the cell `previous` begins."""
    if continues(previous, piece):
        return settings.wrap_join
    typed = cell_kind(previous) not in _WORDS_KIND and cell_kind(piece) not in _WORDS_KIND
    return settings.merge_penalty * (settings.typed_join_factor if typed else 1.0)


@lru_cache(maxsize=16384)
def _cut_cost(previous: str, piece: str, settings: RecordSettings = SETTINGS) -> float:
    """The cost of starting a new cell at `piece`: where the line before ends joined, or the two read as
    one value, `piece` most likely goes on with it."""
    return settings.wrap_cut if ends_joined(previous) or one_value(previous, piece) else 0.0


_WORDS_KIND = ("text", "empty")


_COUNT_CELL = re.compile(r"(?:n\s*=\s*)?\d{1,5}(?:\s*/\s*\d{1,5})?(?:\s*\([^()]*\))?[.,;]?", re.IGNORECASE)
_YEAR_SHAPED_CELL = re.compile(r"\(?(?:19|20)\d{2}\)?")
_CITED = re.compile(r"\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\][.,;]?|\(?\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\)?[.,;]?")


def _fit(role: str, text: str, numeric: bool = False) -> float:
    """How well a cell's text fits a column of `role`: typed columns by their form (a count, a year, an
    identifier, a dose, a citation, an author and year), worded columns by their vocabulary; a typed
    value under a column of words fits badly, a number under a column that names a measure (`numeric`:
    "Duration (months)", "Platelet count") neither badly nor well."""
    text = text.strip()
    if not text:
        return 0.0
    if role in _TYPED_FITS:
        return _TYPED_FITS[role](text)
    if numeric and re.fullmatch(r"\d{1,5}(?:\.\d+)?", text):
        return 0.0
    if re.fullmatch(r"\d{1,5}", text) or REGISTRY_ID.fullmatch(text) or _YEAR_SHAPED_CELL.fullmatch(text):
        return -1.0  # a bare count, year or identifier under a column of words
    if role == "study":
        return 2.0 if AUTHOR_YEAR.match(text) or AUTHOR_ETAL.match(text) or CITATION.search(text) else 0.0
    if role not in ("administration", "other") and is_dose(text):
        return -1.0  # a dose under a column of words
    lexicon = _ROLE_LEXICON.get(role)
    if lexicon and (load()[lexicon].find(text) or role == "cell" and GENERIC_CELL.search(text)):
        return 1.0
    if role == "phase" and PHASE.search(text):
        return 1.0
    return 0.0


def _patients_fit(text: str) -> float:
    if _YEAR_SHAPED_CELL.fullmatch(text):
        return 0.5  # a year, more likely than a count of this size
    return 2.0 if _COUNT_CELL.fullmatch(text) else -1.0


# How well a cell fits a typed column, by its form.
_TYPED_FITS = {
    "patients": _patients_fit,
    "year": lambda text: 2.0 if re.fullmatch(r"\(?(?:19|20)\d{2}\)?|\d{1,3}\.?", text) else -1.0,
    "registry": lambda text: 2.0 if REGISTRY_ID.search(text) else -1.0,
    "dose": lambda text: 2.0 if find_doses(text) else 0.0,
    # a bracketed citation; a bare number less surely (an empty citation cell lets a number before it shift in)
    "reference": lambda text: (2.0 if text[:1] in "[(" else 1.0) if _CITED.fullmatch(text) else (
        1.0 if CITATION.search(text) else 0.0),
}
_TYPED_FITS["row"] = _TYPED_FITS["year"]
_ROLE_LEXICON = {"disease": "disease", "cell": "cell_source", "route": "route", "origin": "origin"}


def record_cells(text: str, roles: list[str], lexicons: dict[str, Lexicon], caption_disease: str | None,
                 opener: str = "", bare_dose: bool = False, measured: bool = False) -> dict[str, str]:
    """A collapsed record's values by kind, as the cells an arm is built from; the row number that
    opens a record (`opener` "number") is no value of it, the year that opens one ("year") is its
    year. Under a dose column whose header states the unit (`bare_dose`), the dose is the bare number
    as many numbers after the count as the dose column is columns after the patients' column. Under
    a header naming a measure of the patients (`measured`), only a column named for them gives their
    count (see `record_count`)."""
    text = _BROKEN_WORD.sub("", text)  # "Intra-" / "lesional": a word broken over two lines
    plain = unglue("\n".join(" ".join(line.split()) for line in text.split("\n")))
    if opener == "number" and (m := ROW_NUMBER.match(plain.split("\n", 1)[0])):
        plain = plain[m.end():].lstrip(" \n")  # the number alone on its line, or before the record's first words
    opening_year = YEAR_CELL.match(plain.split("\n", 1)[0].strip()) if opener == "year" else None
    cells = {role: found for role, lexicon in (("cell", "cell_source"), ("origin", "origin"), ("route", "route"))
             if (found := _as_written(plain, lexicons[lexicon], GENERIC_CELL if role == "cell" else None))}
    if m := REGISTRY_ID.search(plain):
        cells["registry"] = m.group(0)
    doses = find_doses(plain)
    if roles and roles[-1] == "reference" and (cited := LAST_CITATION.search(plain)):
        cells["reference"] = cited.group(1)  # the numbers closing a record under "References" cite, not count
        plain = plain[:cited.start()]
    count = record_count(plain, roles, measured)
    # a count glued onto the dose after it says itself which number it is; one a space apart, only where
    # no other number is the count
    glued = _split_glued_count(plain, spaced=not count) if _count_before_dose(roles) else None
    if glued is not None:
        plain, doses, count = glued
    if doses:  # with the count written right after the last dose, which the dose column's header may name
        cells["dose"] = plain[doses[0][0]:(m.end() if (m := count_after(plain, doses[-1][1])) else doses[-1][1])]
    elif count and bare_dose and (bare := _bare_dose(plain, count, roles)):
        cells["dose"] = bare
    if count:
        cells["patients"] = count
    cells.update(_study_cells(_after_group_label(plain) or plain, roles))  # the study after its group's label
    if opening_year:
        cells["year"] = opening_year.group(1)
    disease = _disease_text(plain, lexicons["disease"], caption_disease)
    if disease:
        cells["disease"] = disease
    return cells


_WORD_AROUND = re.compile(r"[\w'’+./-]*")


def _as_written(text: str, lexicon: Lexicon, also: re.Pattern[str] | None = None) -> str | None:
    """The words of `text` that name a code of `lexicon` (and those `also` finds), as written, in
    order and once each: a record's cell source, origin or route cell."""
    spans = [(m.start, m.end) for m in lexicon.find(text)]
    spans += [m.span() for m in also.finditer(text)] if also else []
    words = []
    for start, end in sorted(spans):
        while start > 0 and _WORD_AROUND.fullmatch(text[start - 1]):
            start -= 1
        end += len(_WORD_AROUND.match(text, end).group(0))
        words.append(text[start:end].strip(",;:()"))
    return " ".join(dict.fromkeys(w for w in words if w)) or None


# A value of a numeric column: a number, a range, a mean ± SD, with a bracketed part ("4 (40)").
_NUMERIC_VALUE = re.compile(r"(?<![\w.\[])[<>≤≥~]?\d+(?:\.\d+)?(?:\s*(?:[–-]|±|to)\s*\d+(?:\.\d+)?)?(?:\s*\([^()]*\))?"
                            r"(?![\w.\]])")


def _bare_dose(plain: str, count: str, roles: list[str]) -> str | None:
    if "patients" not in roles or "dose" not in roles or roles.index("dose") < roles.index("patients"):
        return None
    values = [m.group(0) for m in _NUMERIC_VALUE.finditer(plain)]
    at = next((k for k, v in enumerate(values) if v == count), None)
    if at is None:
        return None
    count_at, dose_at = roles.index("patients"), roles.index("dose")
    numeric = [role not in _WORD_ROLES for role in roles]  # the columns that may hold a number
    if len(values) - 1 - at == sum(numeric[count_at + 1:]):  # a number in each: the dose's by its place after the count
        index = at + sum(numeric[count_at + 1:dose_at + 1])
    else:  # names of no known column ran together: the dose's by its place from the end
        index = len(values) - sum(numeric[dose_at:])
    if not at < index < len(values):
        return None
    value = values[index]
    if not re.fullmatch(r"\d+(?:\.\d+)?(?:\s*(?:[–-]|to)\s*\d+(?:\.\d+)?)?", value):
        return None
    highest = max(float(n) for n in re.findall(r"\d+(?:\.\d+)?", value))
    return value if highest <= BARE_DOSE_MAX else None  # a score or a count of the row, not a coefficient


_WORD_ROLES = frozenset({"route", "cell", "disease", "origin", "study", "outcome", "adverse_events", "registry", "phase",
                         "country", "administration"})
BARE_DOSE_MAX = 100  # the largest coefficient a dose under a header stating its power is written with


def _study_cells(plain: str, roles: list[str]) -> dict[str, str]:
    """A record's year and citation."""
    cells = {}
    if m := AUTHOR_YEAR.match(plain):
        cells["year"] = m.group(1)
        rest = plain[m.end():]
        # a citation glued to the year ("(2005)82"), or alone after it at the end of the record's first line
        if glued := re.match(r"(\d{1,3})\b|\s+(\d{1,3})\s*(?:\n|$)", rest):
            cells["reference"] = glued.group(1) or glued.group(2)
    elif m := AUTHOR_CITED_YEAR.match(plain):
        cells["year"] = m.group(1)
    elif "year" in roles and (y := YEAR.search(plain)):
        cells["year"] = y.group(1)
    if m := CITATION.search(plain):
        cells["reference"] = m.group(1)
    elif "reference" not in cells and (m := CLOSING_CITATION.search(plain)):
        cells["reference"] = m.group(1)
    return cells


def _count_before_dose(roles: list[str]) -> bool:
    return any(a == "patients" and b in ("dose", "administration") for a, b in zip(roles, roles[1:], strict=False))


# A count glued onto the dose after it: "MSC241 × 106" is 24 patients and 1 × 10^6 cells; "MSC91 or 2 × 106"
# is 9 patients and 1 or 2 × 10^6.
_GLUED_COUNT_DOSE = re.compile(r"(?<=[A-Za-z])(\s?)(\d{1,4}?)(\d(?:\.\d+)?(?:\s*(?:,|or|and|–|-|to)\s*\d+(?:\.\d+)?)*"
                               r"\s*[×x*]\s*10)")


def _split_glued_count(plain: str, spaced: bool) -> tuple[str, tuple, str] | None:
    """Where the patients' column comes just before the dose's and cells are glued, the digits glued
    to the word before a dose (or, `spaced`, a space after it) are the count and then the dose's
    one-digit coefficient, as doses are written; None where no digits stand so."""
    m = next((m for m in _GLUED_COUNT_DOSE.finditer(plain) if spaced or not m.group(1)), None)
    if not m:
        return None
    split = f"{plain[:m.start(2)]} {m.group(2)} {plain[m.start(3):]}"
    return split, find_doses(split), m.group(2)


_BROKEN_WORD = re.compile(r"(?<=[a-z])-\n(?=[a-z])")


def cohorts(plain: str, doses: tuple, lexicons: dict[str, Lexicon]) -> list[dict[str, str]]:
    """Dose cohorts of one record, each with its own count right after its dose ("60 × 106 i.t.
    (n = 34) and 25 × 106 i.v. (n = 14)"): one arm each, as a dose group is; none when fewer than
    two doses state their own count."""
    found = []
    for counted in dose_counts(plain, whole=False):
        cohort = {"dose": plain[counted.start:counted.end], "patients": counted.count}
        if route := _as_written(plain[counted.end:counted.count_end], lexicons["route"]):
            cohort["route"] = route
        found.append(cohort)
    return found or labelled_cohorts(plain, doses)


def labelled_cohorts(plain: str, doses: tuple) -> list[dict[str, str]]:
    """Dose groups named by labels ("group A: 1 × 106/kg, group B: 3 × 106/kg", or bare numbers under a
    header stating the unit, "group A: 1, group B: 3"): one arm each, with no count of its own."""
    return [{"dose": dose} for dose in labelled_doses(plain, [(s, e) for s, e, _ in doses])]


def _disease_text(text: str, diseases: Lexicon, caption_disease: str | None) -> str | None:
    """The record's disease as written: the first it names that has a code of its own, else one that
    is not immune-mediated, else the caption's disease, else the first it names."""
    mentions = diseases.find(text)
    coded = next((m.text for m in mentions if m.code != "OTHER"), None)
    if coded:
        return coded
    if not mentions and (elsewhere := lexicon("other_disease").find(text)):
        return elsewhere[0].text  # a disease that is not immune-mediated ("Myocardial infarction"): an OTHER arm
    if caption_disease:
        return None
    return mentions[0].text if mentions else None


# ---------------------------------------------------------------- the table, as the arm builder reads it


def cohort_bound(lines: list[str], found: RecordTable) -> int:
    """The most arms a found table's records can give: one each, more where a record states several
    counts ("(n = 34) and ... (n = 14)")."""
    return sum(max(1, len(_COHORT_N.findall(" ".join(lines[a:b + 1])))) for a, b in found.records)


_COHORT_N = re.compile(r"\(\s*n\s*=", re.IGNORECASE)


def _take_aligned(cells: dict[str, str], aligned: dict[str, str], roles: list[str]) -> None:
    """A record's typed values as its cells, one per line, align to the columns: where the citation's cell
    is empty, the number closing the record is another column's, no citation."""
    # a typed column's cell only where it has its kind: a record whose lines are no cells of the header's
    # columns ("Marin et al[108], 2022n = 20; aged 8-40 yr" / "Iran, 12 mo ...") keeps its values read by kind
    cells.update({r: v for r, v in aligned.items() if r in _ROLES_OF_INTEREST and v
                  and (r not in _TYPED_FITS or r not in cells or _fit(r, v) > 0)})
    if "reference" in roles and "reference" not in aligned:
        cells.pop("reference", None)


def _without_text_cells(text: str, aligned: dict[str, str] | None) -> str:
    """A record's text without the cells its columns name as free text or as the comparator's (a
    "Previous treatment" or "Controls" cell names no cells or route of the arm)."""
    for role in TEXT_ROLES & (aligned or {}).keys():
        text = text.replace(aligned[role], " ")
    return text


_LAYOUT_NAMES = {"line": "one record per line", "cell": "one cell per line, cut by the header's length",
                 "closing": "records closed by a citation alone on its line"}
LEGEND_REACH = 4  # lines after a table's last record searched for its abbreviations' legend


def _legend_after(lines: list[str], last: int) -> dict[str, str]:
    """The abbreviations a footnote under a table's records expands ("AMSC, adipose-derived MSC; ...")."""
    for j in range(last + 1, min(len(lines), last + 1 + LEGEND_REACH)):
        if legend := read_legend(lines[j]):
            return legend
    return {}


def read_records(lines: list[str], tables: list[RecordTable], lexicons: dict[str, Lexicon] | None = None) -> list[TextTable]:
    """Found tables read record by record, as row groups."""
    lexicons = lexicons or load()
    out = []
    for found in tables:
        roles = column_roles(found.header)
        value_roles = column_roles([*found.lead, *found.header]) if found.lead else roles  # which numbers it holds
        caption = found.caption
        caption_codes = [c for c in lexicons["disease"].codes_in(caption or "") if c != "OTHER"]
        caption_disease = caption_codes[0] if len(set(caption_codes)) == 1 else None
        columns = [Column(role, cell, why="its header's words; the record's values read by kind")
                   for role, cell in zip(roles, found.header, strict=True)]
        first_line = found.header_lines[0] if found.header_lines else found.records[0][0]
        legend = _legend_after(lines, found.records[-1][1])
        table = TextTable(columns, first_line + 1, caption, legend=legend, line_end=found.records[-1][1] + 1)
        table_lexicons = legend_lexicons(legend, lexicons) if legend else lexicons
        framing = " ".join([caption or "", *found.header])
        bare_dose = any(c.role == "dose" and header_unit(c.header)[0] for c in columns)  # "Dose (×106 cells/kg)"
        # a header that reads (two known names) and names a measure of the patients ("Mean age (years)")
        measured = sum(r != "other" for r in roles) >= 2 and any(names_measure(name) for name in found.header)
        table.layout = _LAYOUT_NAMES.get(found.kind, f"records opening with {'an' if found.kind[0] in 'aeiou' else 'a'} "
                                                     f"{found.kind}")
        stacked = bool(found.header_lines) and found.header_lines[1] > found.header_lines[0]
        one_each = rows_are_patients(found.header)
        numeric = numeric_columns(found.header)
        heading = _heading_above(lines, found, stacked)
        for a, b in found.records:
            if not stacked and b > a and (below := _heading(lines[b])):
                b = max(k for k in range(a, b) if lines[k].strip())  # a heading closes the record: the next group's
            else:
                below = None
            text = "\n".join(lines[k].strip() for k in range(a, b + 1) if lines[k].strip())
            if not stacked and (label := group_label(lines[a].strip())) and start_of(lines[a]):
                heading = label  # a merged first cell printed on its group's first record heads the rows below
            opener = "number" if roles and roles[0] == "row" else found.kind  # a first column counting the rows
            aligned = align(record_pieces(lines, a, b), roles, numeric=numeric) if stacked else None
            read = _without_text_cells(text, aligned)
            cells = record_cells(read, value_roles, table_lexicons, caption_disease, opener, bare_dose, measured)
            if "disease" not in cells and heading and lexicons["disease"].find(heading):
                cells["disease"] = heading  # the heading the records are grouped under
            heading = below or heading
            if one_each and "patients" not in cells:
                cells["patients"] = "1"  # a row of a case series is one patient
            if aligned:
                _take_aligned(cells, aligned, roles)
            therapy = THERAPY_WORDS.search(text) or GENERIC_CELL.search(text) or THERAPY_WORDS.search(framing)
            if not (any(r in cells for r in _ARM_ROLES) or cited_therapy(text)) or not therapy:
                table.unread.append((a + 1, text[:200]))
                continue
            plain = unglue(" ".join(text.split()))
            split = cohorts(plain, find_doses(plain), table_lexicons)
            if split:
                cells.update(split[0])
                if "patients" not in split[0] and len(split) > 1:
                    cells.pop("patients", None)  # the record's count is all its groups'
            table.groups.append(RowGroup(cells, a + 1, b + 1, arms=[(c, b + 1) for c in split[1:]], text=plain))
        if table.groups:
            out.append(table)
    return out
