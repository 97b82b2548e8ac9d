"""Why a document gave what it gave, as plain text for the developer at the keyboard: each table
found, the role each column was given, each row's cells and the arms read from them; each section
of the text and whether findings are read from it.

    evidence tables seeds/some_review.txt
    evidence sections seeds/some_paper.pdf
"""

from __future__ import annotations

from extractors.document import Document, TrialArm
from extractors.extract import document_disease, document_tables, table_arms
from extractors.sections import closing_lines, find_sections, readable_lines
from extractors.tables.segment import TextTable
from extractors.tables.trial_tables import describe

ARM_FIELDS = ("disease", "n_patients", "cell_source", "origin", "dose_min", "dose_max", "dose_unit", "route",
              "registry_id", "year", "reference")


def explain_tables(document: Document) -> str:
    lines = document.plain.split("\n")
    found = document_tables(document, lines, document.sections or find_sections(lines))
    if not found.tables and not found.arm_grids:
        return f"{document.source_file}: no table found"
    disease = document_disease(document.plain)
    out = [f"{document.source_file}: {len(found.tables)} table(s); the document's disease: {disease or 'none'}"]
    row_no = 1
    for table in found.tables:
        arms = table_arms(document, table, row_no, disease)
        row_no += len(arms)
        out += _table(table, arms)
    for grid in found.arm_grids:  # no review-table row: perhaps one trial's arms side by side
        out.append(f"\n{grid.title or 'untitled table'} (line {grid.header_line}): no review-table row; "
                   f"read as a table of one trial: {describe(document, grid)}")
    for grid in found.text_grids:
        if grid.cut_row is not None:
            first, last = grid.row_spans[grid.cut_row]
            out.append(f"  cut off: the row at lines {first}-{last} ends the excerpt mid-cell")
    return "\n".join(out)


def _table(table: TextTable, arms: list[TrialArm]) -> list[str]:
    out = [f"\n{table.title or 'untitled table'} (lines {table.header_line}-{table.line_end})",
           f"  layout: {table.layout}; {len(table.groups)} record(s) at lines "
           + ", ".join(f"{g.line_start}-{g.line_end}" for g in table.groups),
           "  columns:", *(f"    {c.header or '(no name)'} -> {c.key}: {c.why}" for c in table.columns)]
    if table.legend:
        out.append("  legend: " + "; ".join(f"{k} = {v}" for k, v in table.legend.items()))
    by_line: dict[int, list[TrialArm]] = {}
    for arm in arms:
        by_line.setdefault(arm.line_start, []).append(arm)
    for group in table.groups:
        cells = "  ".join(f"{role}={text!r}" for role, text in group.cells.items())
        out.append(f"  row, lines {group.line_start}-{group.line_end}: {cells}")
        for arm in by_line.pop(group.line_start, []):
            values = ", ".join(f"{f}={getattr(arm, f)}" for f in ARM_FIELDS if getattr(arm, f) is not None)
            out.append(f"    arm {arm.row_no} (lines {arm.line_start}-{arm.line_end}): {values}")
    for line_no, text in table.unread:
        out.append(f"  unread line {line_no}: {text!r}")
    return out


def explain_sections(document: Document) -> str:
    """Each section: its kind, whether it is part of the abstract, its lines and heading, and
    whether findings are read from it."""
    lines = document.plain.split("\n")
    sections = document.sections or find_sections(lines)
    if not sections:
        return f"{document.source_file}: no section heading found; every line is read for findings"
    readable = readable_lines(sections, len(lines)) or set()
    closing = closing_lines(sections, len(lines))
    out = [f"{document.source_file}: {len(sections)} section(s)"]
    for section in sections:
        body = set(range(section.start - 1, section.end))
        verdict = "closed (never read)" if body & closing else "read for findings" if body & readable else "not read"
        part = "abstract " if section.abstract else ""
        out.append(f"  lines {section.start}-{section.end}: {part}{section.kind} {section.title!r}: {verdict}")
    return "\n".join(out)
