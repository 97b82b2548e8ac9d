"""Why a document gave what it gave, as plain text for the developer at the keyboard: each table
found, the role each column was given, each row's cells and the arms read from them; each section
of the text and whether findings are read from it; each sentence that gave findings, what each
finding holds and the words each field came from, and each sentence with numbers that gave none, and why.

    evidence tables seeds/some_review.txt
    evidence sections seeds/some_paper.pdf
    evidence findings seeds/some_abstract.txt
"""

from __future__ import annotations

from extractors.document import Document, Finding, TrialArm
from extractors.extract import document_disease, document_tables, extract, table_arms
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


def explain_findings(document: Document) -> str:
    """The document's findings sentence by sentence, in text order: each sentence that gave findings
    with each finding's fields and the words they came from (the measure as named, the time as
    written, the arm as the text names it), each sentence with numbers that gave none and why."""
    result = extract(document)
    if not result.document:
        return "\n".join(r.errors for r in result.rejects)
    text = document.plain
    said: dict[tuple[int, int], list[str]] = {}
    for finding in result.findings:
        said.setdefault((finding.char_start, finding.char_end), []).append("    " + _finding_line(finding))
    unread = [r for r in result.rejects if r.stage == "findings"]
    for reject in unread:
        said.setdefault((reject.record["char_start"], reject.record["char_end"]), []).append(
            "    no finding: holds numbers, but no measure they report was recognised")
    for start, end, why in result.passed:
        said.setdefault((start, end), []).append(f"    no finding: {why}")
    whole = [r.errors for r in result.rejects if r.stage in ("topic", "extract")]
    spans = {(f.char_start, f.char_end) for f in result.findings}
    out = [f"{document.source_file}: {len(result.findings)} finding(s) from {len(spans)} sentence(s); "
           f"{len(said) - len(spans)} sentence(s) with numbers gave none", *whole]
    for (start, end), lines in sorted(said.items()):
        sentence = " ".join(text[start:end].split())
        out.append(f"\n  {start}-{end}: {sentence if len(sentence) <= 160 else sentence[:159] + '…'}")
        out += lines
    return "\n".join(out)


def _finding_line(f: Finding) -> str:
    """ "overall_survival = 92.5 % (37/40), MSCT, at 12 months ('at 1 year'), level; measure named 'overall survival'"."""
    value = "none" if f.value is None else f"{f.value:g}"
    parts = [f"{f.measure} = {value}{' ' + f.unit if f.unit else ''}"
             + (f" ± {f.sd:g}" if f.sd is not None else "")
             + (f" ({f.numerator}/{f.denominator})" if f.numerator is not None and f.denominator else "")
             + (f" [CI {f.ci_low:g}–{f.ci_high:g}]" if f.ci_low is not None and f.ci_high is not None else "")]
    parts.append(f.intervention or "no intervention (a control arm or stem cells of no kind)")
    if f.arm:
        parts.append(f"arm '{f.arm}'")
    if f.timepoint_months is not None:
        parts.append(f"at {f.timepoint_months:g} months" + (f" ('{f.timepoint_text}')" if f.timepoint_text else ""))
    else:
        parts.append("no timepoint")
    parts.append(f.value_kind)
    if f.population:
        parts.append(f"among {f.population}")
    if f.n is not None:
        parts.append(f"n={f.n}")
    disease = f"{f.disease}: {f.disease_name}" if f.disease_name else f.disease
    parts.append(f"disease {disease or 'not known'}")
    if f.restated:
        parts.append("restated from another source (not pooled)")
    return ", ".join(parts) + f"; measure named '{f.measure_text}'"
