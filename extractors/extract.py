"""One document in, every record it gives out: the extraction stage as a plain function."""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path

from extractors.attribution import with_attribution
from extractors.document import (
    EXTRACTOR_VERSION,
    Document,
    Extraction,
    ExtractionError,
    Finding,
    Grid,
    Reject,
    Section,
    TrialArm,
)
from extractors.findings import FindingExtractor, sentences
from extractors.metadata import describe, design, study_label
from extractors.readers import doc_id, read
from extractors.sections import closing_lines, find_sections, readable_lines
from extractors.tables.arms import ArmBuilder
from extractors.tables.blocks import block_grids
from extractors.tables.columns import read_grid
from extractors.tables.headers import CAPTION
from extractors.tables.layouts import TextGrid, text_grids, upright
from extractors.tables.records import RecordTable, cohort_bound, find_records, read_records
from extractors.tables.segment import TableReader, TextTable
from extractors.tables.transposed import transposed_grids
from extractors.tables.trial_tables import trial_table_arms
from extractors.topic import off_topic
from extractors.vocabulary import Mention, lexicon


def extract(document: Document) -> Extraction:
    text = document.plain
    lines = text.split("\n")
    result = Extraction(doc_id=document.doc_id, document=_document_row(document, text))
    diseases = lexicon("disease").scan(text)
    reason = off_topic(text, result.document.get("title"), diseases)
    if reason:
        return failure(document.source_file, document.doc_id, "topic", reason, len(document.text),
                       {"title": result.document.get("title")})
    for page, why in sorted(document.meta.get("skipped_pages", {}).items()):  # the rest of the file was read
        result.rejects.append(Reject(document.source_file, "read", {"page": page},
                                     f"{document.source_file}: page {page} could not be read and was skipped: {why}"))
    sections = document.sections or find_sections(lines)
    found = document_tables(document, lines, sections)
    disease = document_disease(text, diseases)
    for table in found.tables:
        _add_arms(result, document, table, disease)
    for grid in found.arm_grids:  # the tables of one trial whose columns are its arms
        result.arms.extend(trial_table_arms(document, grid, len(result.arms) + 1, disease, result.arms))
    _report_cut_rows(result, document, found.text_grids)
    readable = readable_lines(sections, len(lines))
    unread = found.lines if readable is None else found.lines | (set(range(len(lines))) - readable)
    if readable is None:
        unread |= table_notes(lines, found.lines)
    spans = prose_spans(lines, unread)
    result.document["design"] = design(" ".join(text[s:e] for s, e in spans))  # from the prose, not the tables
    reader = FindingExtractor(document.doc_id, document.source_file, disease, result.document["design"],
                              result.document.get("title"))
    findings = with_sections(reader.extract(text, spans), sections, text)
    findings = with_disease_name(findings, other_disease(text, diseases) if disease is None else None)
    result.findings = with_attribution(findings, result.document["design"])
    result.rejects.extend(reader.rejects)
    result.passed = reader.passed
    if not result.arms and not result.findings:
        result.rejects.append(Reject(
            document.source_file, "extract", {"tables": len(found.tables), "lines": len(lines)},
            f"{document.source_file}: nothing extracted: no trial table with a recognised header "
            "and no numeric result in the prose"))
    return result


def _document_row(document: Document, text: str) -> dict:
    """The `documents` row: what the text states, overridden by what the format's metadata states."""
    described = describe(text)
    described.update({k: v for k, v in document.meta.items() if v and k in described})
    return {
        "doc_id": document.doc_id,
        "source_file": document.source_file,
        "format": document.format,
        **described,
        "study_label": study_label(text, document.meta, described["year"], document.source_file),
        "extractor_version": EXTRACTOR_VERSION,
        "raw_text": text,  # the text spans refer to: the document's plain text, the same length
    }


def with_sections(findings: list[Finding], sections: tuple[Section, ...], text: str) -> list[Finding]:
    """Each finding with the part of the paper it was stated in ("abstract" for any part of it)."""
    if not sections:
        return findings
    line_starts = list(accumulate((len(line) + 1 for line in text.split("\n")), initial=0))
    starts = [line_starts[s.start - 1] for s in sections]
    placed = []
    for finding in findings:
        section = sections[max(0, bisect_right(starts, finding.char_start) - 1)]
        placed.append(replace(finding, section="abstract" if section.abstract else section.kind))
    return placed


@dataclass
class Tables:
    """The tables of one document: each read into row groups, the text grids they came from
    (their cut rows are reported), and the 0-based lines they take (never read as prose)."""

    tables: list[TextTable]
    text_grids: list[TextGrid]
    lines: set[int]
    arm_grids: list[Grid]  # grids no review-table row was read from: perhaps one trial's arms side by side


MARKED_UP_TABLES = ("html", "jats")


def document_tables(document: Document, lines: list[str], sections: tuple[Section, ...]) -> Tables:
    """The tables of a document outside its reference list and back matter, which are never read;
    a section's heading never opens a table's record."""
    closing = closing_lines(sections, len(lines))
    headings = {s.start - 1 for s in sections if s.title}
    return read_tables(document, ["" if k in closing else line for k, line in enumerate(lines)], headings)


def read_tables(document: Document, lines: list[str], headings: set[int] = frozenset()) -> Tables:
    """Every table of a document: the reader's grids (HTML, JATS, PDF), else the text tables whose
    layout marks the cells, then the text tables whose rows are segmented against their header. A
    format that marks its tables up (HTML, JATS) has no others: its prose lines are never a table.
    A section's heading (0-based line in `headings`) never opens a table's record."""
    marked_up = document.format in MARKED_UP_TABLES
    found_grids = [] if document.grids or marked_up else text_grids(lines)
    if not document.grids and not marked_up:  # tables printed column by column or sideways, among the lines no other layout took
        taken = {k for g in found_grids for k in range(g.grid.span[0] - 1, g.grid.span[1])}
        found_grids += block_grids(lines, taken)
        taken = {k for g in found_grids for k in range(g.grid.span[0] - 1, g.grid.span[1])}
        found_grids += transposed_grids(["" if k in taken else line for k, line in enumerate(lines)])
    grids = [(g, ()) for g in document.grids] + [(t.grid, t.row_spans) for t in found_grids]
    grids = [(turned, tuple((turned.header_line, turned.span[1]) for _ in turned.rows)) if (turned := upright(g))
             else (g, spans) for g, spans in grids]  # a grid printed sideways, one study per column
    grid_lines = {k for g, _ in grids for k in range(g.span[0] - 1, g.span[1])}
    parsed = [(g, read_grid(g, spans)) for g, spans in grids]
    tables = [t for _, t in parsed if t is not None]
    arm_grids = [g for g, t in parsed if t is None or not t.groups]
    if not marked_up:
        rest = ["" if k in grid_lines else line for k, line in enumerate(lines)]
        unheaded = ["" if k in headings else line for k, line in enumerate(rest)]
        by_header = TableReader(rest).tables()
        found = [t for t in find_records(unheaded) if _may_win(unheaded, t, by_header)]
        tables += _by_rows_or_header(by_header, read_records(unheaded, found))
    taken = set(grid_lines)
    for table in tables:
        taken.update(range(table.header_line - 1, table.line_end))
    return Tables(tables, found_grids, taken, arm_grids)


def _lines_of(table: TextTable) -> set[int]:
    return set(range(table.header_line - 1, table.line_end))


RECORDS_MARGIN = 2


def _rows(table: TextTable) -> int:
    return sum(1 + len(g.arms) for g in table.groups)


def _may_win(lines: list[str], found: RecordTable, by_header: list[TextTable]) -> bool:
    """Whether a table found from its records may replace the header's reading of its lines (see
    `_by_rows_or_header`), judged before its records are read: they are read only then."""
    span = set(range(found.records[0][0], found.records[-1][1] + 1))
    rivals = [t for t in by_header if _lines_of(t) & span]
    return not rivals or _records_beat(rivals, span, {a + 1 for a, _ in found.records}, cohort_bound(lines, found))


def _records_beat(rivals: list[TextTable], span: set[int], starts: set[int], rows: int) -> bool:
    """Whether records starting at the 1-based lines `starts`, giving `rows` arms at most, read the
    0-based lines `span` better than the header's tables `rivals`: half the header's rows there or
    more do not start where a record does (they straddle the records), or the records give at least
    `RECORDS_MARGIN` more rows (one more may be a row the excerpt cut off)."""
    header_rows = [g for t in rivals for g in t.groups if g.line_start - 1 in span]
    straddling = sum(1 for g in header_rows if g.line_start not in starts)
    return 2 * straddling >= len(header_rows) > 0 or sum(_rows(t) for t in rivals) + RECORDS_MARGIN <= rows


def _by_rows_or_header(by_header: list[TextTable], by_records: list[TextTable]) -> list[TextTable]:
    """The tables of the same lines read against a header and read record by record: where they
    overlap, the header's reading, unless the records read them better (`_records_beat`): lines the
    header's reading took as a row's continuation, or left unread, that each open a record of
    their own."""
    kept = list(by_header)
    for table in by_records:
        lines = _lines_of(table)
        rivals = [t for t in kept if _lines_of(t) & lines]
        if _records_beat(rivals, lines, {g.line_start for g in table.groups}, _rows(table)):
            kept = [t for t in kept if t not in rivals] + [table]
    return sorted(kept, key=lambda t: t.header_line)


def _report_cut_rows(result: Extraction, document: Document, grids: list[TextGrid]) -> None:
    """A row an excerpt cut off keeps its complete cells; the cut is said in `rejects`."""
    for text_grid in grids:
        if text_grid.cut_row is None:
            continue
        first, last = text_grid.row_spans[text_grid.cut_row]
        result.rejects.append(Reject(
            document.source_file, "table", {"line": first, "last_line": last, "table": text_grid.grid.title},
            f"{document.source_file}:{first}: the table under '{text_grid.grid.title or 'a table'}' is cut off in "
            f"this row (lines {first}-{last}); its complete cells were read, the cell it ends in was not"))


def _add_arms(result: Extraction, document: Document, table: TextTable, disease: str | None) -> None:
    result.arms.extend(table_arms(document, table, len(result.arms) + 1, disease))
    for line_no, content in table.unread:
        result.rejects.append(Reject(
            document.source_file, "table",
            {"line": line_no, "text": content, "columns": [c.header for c in table.columns]},
            f"{document.source_file}:{line_no}: this line of the table under '{table.title or 'a table'}' "
            "fits none of its columns and follows no row it could continue",
        ))


def table_arms(document: Document, table: TextTable, first_row_no: int, disease: str | None) -> list[TrialArm]:
    """A table's row groups as arms; `disease` is the document's, for rows and captions naming none."""
    dose_header = next((c.header for c in table.columns if c.role in ("dose", "administration")), "")
    builder = ArmBuilder(document.doc_id, document.source_file, table.legend, table.title, dose_header, disease)
    return builder.arms(table.groups, first_row_no)


def document_disease(text: str, mentions: Sequence[Mention] | None = None) -> str | None:
    """The disease a document is about, when one disease code has most of its mentions (a table
    whose rows and caption name none is about it; so are sentences that name none). `mentions` are
    the text's disease mentions, where the caller has them already."""
    found = lexicon("disease").scan(text) if mentions is None else mentions
    counts = Counter(m.code for m in found if m.code != "OTHER")
    if not counts:
        return None
    code, count = counts.most_common(1)[0]
    return code if count >= DOCUMENT_DISEASE_SHARE * sum(counts.values()) else None


DOCUMENT_DISEASE_SHARE = 0.6


def other_disease(text: str, mentions: Sequence[Mention]) -> str | None:
    """The disease outside the codes a document is about, by its normalised name ("myasthenia
    gravis" for "MG"): when the document's disease mentions are mostly of named diseases outside the
    codes and one name has most of those (as `document_disease` asks of a code)."""
    coded = sum(m.code != "OTHER" for m in mentions)
    named = lexicon("disease_name")
    names = Counter(named.info[m.code]["name"] for m in named.scan(text))
    if not names or sum(names.values()) <= coded:
        return None
    name, count = names.most_common(1)[0]
    return name if count >= DOCUMENT_DISEASE_SHARE * sum(names.values()) else None


def with_disease_name(findings: list[Finding], name: str | None) -> list[Finding]:
    """A document's findings that name no coded disease, as of its disease outside the codes (`name`)."""
    if name is None:
        return findings
    return [replace(f, disease="OTHER", disease_name=name) if f.disease is None else f for f in findings]


TABLE_PAGE_SHARE = 0.5  # of a document's lines, taken by tables, that make it a table's page
TABLE_PAGE_LINES = 5  # the first lines of a document in which a table's caption makes it a table's page


def table_notes(lines: list[str], table_lines: set[int]) -> set[int]:
    """The lines of a table's page that are no prose of a study: a document with no sections that
    opens with a table's caption (a table page as journals serve one) is all the table's, read or
    not; one whose lines are mostly a table has its notes and footnotes after it. Both restate
    results of the rows' studies and are no findings of this document."""
    filled = [k for k, line in enumerate(lines) if line.strip()]
    if any(CAPTION.match(lines[k]) for k in filled[:TABLE_PAGE_LINES]):
        return set(range(len(lines)))
    if not table_lines or len(table_lines & set(filled)) < TABLE_PAGE_SHARE * len(filled):
        return set()
    return set(range(max(table_lines) + 1, len(lines)))


def prose_spans(lines: list[str], skip: set[int]) -> list[tuple[int, int]]:
    """Sentence spans of the paragraphs (runs of non-blank lines) outside the tables. A paragraph
    of short fragments, one cell or value per line, is table text even where no table was read
    from it: it gives no findings."""
    text = "\n".join(lines)
    spans: list[tuple[int, int]] = []
    offset, start, first = 0, None, 0
    for index, line in enumerate(lines + [""]):
        prose = index < len(lines) and index not in skip and bool(line.strip())
        if prose and start is None:
            start, first = offset, index
        elif not prose and start is not None:
            if not _fragments(lines[first:index]):
                spans.extend(sentences(text, start, offset - 1))
            start = None
        offset += len(line) + 1
    return spans


# A paragraph of at least FRAGMENT_LINES lines whose median line is shorter than FRAGMENT_CHARS,
# with no line of prose length (headings over paragraphs have those), is table cells.
FRAGMENT_LINES = 3
FRAGMENT_CHARS = 40
PROSE_LINE_CHARS = 120


def _fragments(paragraph: list[str]) -> bool:
    if len(paragraph) < FRAGMENT_LINES:
        return False
    lengths = sorted(len(line.strip()) for line in paragraph)
    return lengths[len(lengths) // 2] < FRAGMENT_CHARS and lengths[-1] < PROSE_LINE_CHARS


def record_id(doc_id: str, kind: str, number: int) -> str:
    """Stable: the same document bytes and extractor version give the same id."""
    return hashlib.sha256(f"{doc_id}:{EXTRACTOR_VERSION}:{kind}:{number}".encode()).hexdigest()[:24]


def extract_file(path: Path, source_file: str) -> Extraction:
    """Reads and extracts one file; a file that cannot be read gives one reject, never an exception."""
    data = b""
    try:
        data = path.read_bytes()
        return extract(read(path, source_file, data))
    except ExtractionError as err:
        return failure(source_file, doc_id(data), "read", err.message, len(data))
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the run
        return failure(source_file, doc_id(data), "extract", f"the extractor failed on this document: {err!r}",
                       len(data))


def failure(source_file: str, digest: str, stage: str, message: str, size: int | None = None,
            facts: dict | None = None) -> Extraction:
    """A document that gave nothing but its reject. The record keeps the extractor version, so
    the file is not read again until its bytes or the extractor change."""
    result = Extraction(document={}, doc_id=digest)
    record = {"path": source_file, "extractor_version": EXTRACTOR_VERSION, **(facts or {})}
    if size is not None:
        record["bytes"] = size
    result.rejects.append(Reject(source_file, stage, record, f"{source_file}: {message}"))
    return result


def to_rows(extraction: Extraction) -> dict[str, list[dict]]:
    """An extraction as warehouse rows, ids assigned."""
    doc = extraction.document
    arms = [{"arm_id": record_id(a.doc_id, "arm", a.row_no), **vars(a)} for a in extraction.arms]
    findings = [{"finding_id": record_id(f.doc_id, "finding", k), **vars(f)}
                for k, f in enumerate(extraction.findings, start=1)]
    rejects = [{"source_file": r.source_file, "doc_id": extraction.doc_id, "stage": r.stage,
                "record": json.dumps(r.record, ensure_ascii=False, default=str), "errors": r.errors}
               for r in extraction.rejects]
    return {"documents": [doc] if doc else [], "trial_arms": arms, "findings": findings, "rejects": rejects}
