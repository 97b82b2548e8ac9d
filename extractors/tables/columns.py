"""Table grids into row groups: each column's role from its header cell and from what its cells hold.

A grid arrives with its cells already separated (HTML and PDF tables, text tables whose layout
marks the cells); what is left is to say which column holds what.
"""

from __future__ import annotations

import re

from extractors.document import Cell, Grid
from extractors.doses import find_doses
from extractors.tables.headers import Column, header_role, names_measure, read_legend, trial_columns
from extractors.tables.layouts import cell_kind
from extractors.tables.patterns import AUTHOR_YEAR as _AUTHOR_YEAR
from extractors.tables.patterns import (
    CITATION,
    LEADING_NUMBER,
    REGISTRY_ID,
    SECTION_ROW,
    YEAR,
    group_heading,
    header_unit,
)
from extractors.tables.patterns import YEAR_ANY as _YEAR_IN
from extractors.tables.segment import GENERIC_CELL, RowGroup, TextTable, cell_codes, split_citation
from extractors.vocabulary import Lexicon, legend_lexicons, load

# How much of a column's cells must look like a role for its content to confirm the role its header
# names, or to give the role to a column whose header names none.
CONFIRM_SHARE = 0.4
CLAIM_SHARE = 0.6
_TYPED_KINDS = {"patients": {"count"}, "year": {"year"}, "registry": {"registry"}}
_CLAIM_ORDER = ("registry", "year", "reference", "dose", "patients", "disease", "cell", "route")


def grid_columns(header: tuple[str, ...], rows: tuple[tuple[Cell, ...], ...] = (),
                 lexicons: dict[str, Lexicon] | None = None) -> list[Column] | None:
    """A grid's columns, or None when the grid is not a trial table. The header names a role;
    the cells across rows confirm it, or give a role where the header names none or a wrong one
    ("Patient characteristics" over disease names). A header that ends in an empty cell may sit
    one column left of its cells (no name over the rows' first column): the alignment whose
    names more columns' cells confirm is taken."""
    columns = [Column(header_role(cell), cell) for cell in header]
    if not rows:
        return trial_columns(columns)
    texts = [[row[c].text for row in rows if c < len(row) and not row[c].inherited] for c in range(len(header))]
    shares = [_role_shares(cells, lexicons or load()) for cells in texts]
    if not any(cell.strip() for cell in header):
        return trial_columns(_headerless(shares))
    if len(header) > 1 and not header[-1].strip():
        shifted = [Column("other", "", why="no name: the header sits one column left")] + columns[:-1]
        if _confirmed(shifted, shares) > _confirmed(columns, shares):
            columns = shifted
    return trial_columns(_by_content(columns, shares))


def _headerless(shares: list[dict[str, float]]) -> list[Column]:
    """The columns of a grid with no header row, from their cells alone. Its first column whose
    cells open with an author and a year ("Burt 2003 ...", "Lee et al., 2015") cites each row's
    study; where that citation gives the paper's title, the disease the title names is the row's,
    unless a column of its own holds it (not the cells: a journal's name, "Bone Marrow Transplant",
    would read as a cell source)."""
    columns = [Column("other", "", why="no header row") for _ in shares]
    study = next((k for k, share in enumerate(shares) if share.get("author_year", 0.0) >= CLAIM_SHARE), None)
    if study is not None:
        columns[study] = Column("study", "", why="its cells open with an author and a year")
    columns = _by_content(columns, shares)
    if study is not None:
        taken = {c.role for c in columns}
        also = tuple(r for r in ("disease",) if r not in taken and shares[study].get(r, 0.0) >= CLAIM_SHARE)
        columns[study] = Column("study", "", also, why="its cells open with an author and a year")
    return columns


def _confirms(column: Column, share: dict[str, float]) -> bool:
    """Whether a column's cells look like the role its header names (roles without a form, such
    as outcome or study, are taken on the header's word)."""
    return column.role not in share or share[column.role] >= CONFIRM_SHARE or (
        column.role == "dose" and any(header_unit(column.header)) and share["number"] >= CONFIRM_SHARE)


def _confirmed(columns: list[Column], shares: list[dict[str, float]]) -> int:
    return sum(c.role in s and _confirms(c, s) for c, s in zip(columns, shares, strict=True))


def _by_content(columns: list[Column], shares: list[dict[str, float]]) -> list[Column]:
    out = [column if _confirms(column, share)
           else Column("other", column.header, why=f"its header names {column.role}, which its cells do not hold")
           for column, share in zip(columns, shares, strict=True)]
    taken = {c.role for c in out}
    for role in _CLAIM_ORDER:
        if role in taken:
            continue
        evidence = "citation" if role == "reference" else role
        candidates = [(share.get(evidence, 0.0), k) for k, share in enumerate(shares)
                      if out[k].role in ("other", "origin", "phase") and share.get(evidence, 0.0) >= CLAIM_SHARE]
        if role == "patients":
            candidates = _count_candidates(candidates, columns, shares)
        if not candidates:
            continue
        _, k = max(candidates)
        if role == "dose" and "route" not in taken and shares[k].get("route", 0.0) >= CONFIRM_SHARE:
            role = "administration"  # "a single dose of 2 × 10^7 intravenously": dose and route in one cell
        out[k] = Column(role, out[k].header, why=f"{round(100 * shares[k].get(evidence, 0.0))}% of its cells read as {role}")
        taken.add(role)
    return out


def _count_candidates(candidates: list[tuple[float, int]], columns: list[Column],
                      shares: list[dict[str, float]]) -> list[tuple[float, int]]:
    """The columns whose numbers may count the patients though no header says so: none whose name
    names a measure (an age, a percentage, a score, a time), none that counts the rows, and one
    column only, or one whose cells are counts clearly more often than the others'; where two hold
    bare numbers alike, nothing tells which counts the patients."""
    kept = sorted(((share, k) for share, k in candidates
                   if not names_measure(columns[k].header) and not shares[k].get("row_counter")), reverse=True)
    if len(kept) > 1 and kept[0][0] - kept[1][0] < COUNT_MARGIN:
        return []
    return kept[:1]


COUNT_MARGIN = 0.1  # how much more often one column's cells must be counts than another's to be the count


def _role_shares(cells: list[str], lex: dict[str, Lexicon]) -> dict[str, float]:
    """For each role, the share of a column's stated cells that look like it."""
    stated = [c for c in cells if cell_kind(c) != "empty"]
    if not stated:
        return {}
    kinds = [cell_kind(c) for c in stated]
    shares = {role: sum(k in wanted for k in kinds) / len(stated) for role, wanted in _TYPED_KINDS.items()}
    citations = sum(bool(CITATION.search(c)) for c in stated)
    shares["reference"] = (citations + sum(bool(_REFERENCE_CELL.match(c)) for c in stated)) / len(stated)
    shares["citation"] = citations / len(stated)  # what claims a column for references: brackets, not bare numbers
    shares["dose"] = sum(bool(find_doses(c)) for c in stated) / len(stated)
    shares["number"] = sum(bool(LEADING_NUMBER.match(c)) for c in stated) / len(stated)
    shares["year"] = sum(bool(_YEAR_IN.search(c)) for c in stated) / len(stated)  # "Yang, 2014" under "Author, year"
    shares["disease"] = sum(bool(lex["disease"].codes_in(split_citation(c)[0])) for c in stated) / len(stated)
    shares["cell"] = sum(bool(cell_codes(c, lex["cell_source"]) or GENERIC_CELL.search(c)) for c in stated) / len(stated)
    shares["route"] = sum(bool(lex["route"].codes_in(c)) for c in stated) / len(stated)
    shares["author_year"] = sum(bool(_AUTHOR_YEAR.match(c)) for c in stated) / len(stated)
    shares["row_counter"] = float(_counts_rows(cells))
    return shares


def _counts_rows(cells: list[str]) -> bool:
    """Whether a column's cells number the rows: 1, 2, 3, ... in order."""
    numbers = [c.strip().rstrip(".") for c in cells]
    return len(numbers) >= 2 and all(n == str(k) for k, n in enumerate(numbers, start=1))


# A cell that opens with its study's author and year: "Burt 2003", "Lee et al., 2015", "Wang (2012)", "Bonab2012".
_REFERENCE_CELL = re.compile(r"^[\[(]?\d{1,4}(?:\s*[,–-]\s*\d{1,4})*[\])]?$")


def read_grid(grid: Grid, spans: tuple[tuple[int, int], ...] = ()) -> TextTable | None:
    """A reader's cell grid as row groups. A row whose identifying cells (reference, registry id,
    study, year) are all inherited from merged cells above continues the row above: with its own
    count or dose it is a new arm, otherwise its own cells extend the row's. `spans` gives each
    row's first and last line where a row takes several (text tables)."""
    legend = read_legend(grid.legend or "")
    columns = grid_columns(grid.header, grid.rows, legend_lexicons(legend))
    if columns is None:
        return None
    table = TextTable(columns, grid.header_line, grid.title, legend=legend, line_end=grid.span[1])
    identity = {"reference", "registry", "study", "year"} & {c.role for c in columns}
    spans = spans or tuple((line, line) for line in grid.row_lines)
    for row, (line, last) in zip(grid.rows, spans, strict=True):
        full = _by_role(columns, row, inherited=True)
        own = _by_role(columns, row, inherited=False)
        if identity:  # identity cells all merged from the row above, or left empty under it: the same study goes on
            merged = bool(identity & full.keys())
            emptied = len(own) * 2 < len(columns) and bool(own.keys() & {"patients", "dose"})
            continues = bool(table.groups) and (merged or emptied) and not identity & own.keys()
        else:
            continues = bool(table.groups) and len(own) * 2 < len(columns)
        if table.groups and _first_cell_goes_on(columns, row):
            continues, own = True, {columns[0].role: row[0].text}
        if not continues:
            table.groups.append(RowGroup(full, line, last))
        elif own.keys() & {"patients", "dose"}:
            table.groups[-1].arms.append((own, last))
        else:
            group = table.groups[-1]
            for role, text in own.items():
                group.cells[role] = f"{group.cells[role]}\n{text}" if role in group.cells else text
            group.line_end = last
    return table


_IDENTIFIES = re.compile(rf"{YEAR.pattern}|{REGISTRY_ID.pattern}|{CITATION.pattern}|\bet al\b")


def _first_cell_goes_on(columns: list[Column], row: tuple[Cell, ...]) -> bool:
    """A row that states its first cell only, where that cell names no study of its own (no year, no
    registry id, no citation) and heads no group (no disease, cells or kind of study): the first cell
    of the row above, printed over two lines ("ASTIS [14]" then "Median follow-up 5.8 years")."""
    text = row[0].text.strip() if row else ""
    if not text or row[0].inherited or any(c.text.strip() for c in row[1:]) or columns[0].role == "other":
        return False
    lex = load()
    return not (_IDENTIFIES.search(text) or SECTION_ROW.match(text)
                or group_heading(text, lex["disease"], lex["cell_source"]) or lex["disease"].find(text))


def _by_role(columns: list[Column], row: tuple[Cell, ...], inherited: bool) -> dict[str, str]:
    """A row's stated cells by role (a joint column's text stands for each of its roles); with
    `inherited`, the cells merged from the row above too."""
    out: dict[str, str] = {}
    for column, cell in zip(columns, row, strict=False):
        if cell.text and column.role != "other" and (inherited or not cell.inherited):
            out[column.role] = cell.text
            for role in column.also:
                out.setdefault(role, cell.text)
    return out
