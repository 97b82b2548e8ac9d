"""A document with tables, rendered as the text every line number and span refers to.

Formats with structure (HTML, JATS, PDF) are rendered into one text: the title, the prose
paragraphs one per line, then each table as its caption, a header line and one line per body row
with the cells separated by " | ". The grids keep the line each row was rendered on, so an arm
read from a grid points at its line like an arm read from plain text.

Readers that see the article's structure open a section at each heading (`Rendered.section`):
the heading is its own line and the section runs to the line before the next one opens, or to
the end of the prose; tables rendered after the prose belong to no section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.document import SECTION_KINDS, Cell, Grid, Section
from extractors.sections import heading_kind as section_kind

# A citation a reader dropped ("75%.<xref>4</xref>"): removed with the separators and brackets
# around it when the line is rendered, so its digits never join the sentence's numbers.
CITATION = "\x01"
_GROUP = f"{CITATION}(?:[\\s,;\u2013\u2014\u2212-]*{CITATION})*"
_BRACKETED = re.compile(f"\\s*[\\[(]\\s*{_GROUP}\\s*[\\])]")
_BARE = re.compile(f"\\s*{_GROUP}")
_GONE = "\x02"

Span = tuple[str, int, int]  # a table cell: its text, the rows it spans down and the columns across


@dataclass
class RawTable:
    header: list[str]
    rows: list[list[Cell]]
    title: str | None = None
    legend: str | None = None


@dataclass
class Rendered:
    lines: list[str] = field(default_factory=list)
    grids: list[Grid] = field(default_factory=list)
    _opened: list[tuple[str, str, int, bool]] = field(default_factory=list)  # kind, title, first line, abstract
    _prose_end: int | None = None  # the last line of the prose, once a table is rendered after it
    _gap: bool = False  # a blank line is due before the open section's first line

    def add(self, line: str = "") -> int:
        text = re.sub(r"\s+", " ", drop_citations(line)).strip()
        if self._gap:  # a section's first line comes after a blank line
            self._gap = False
            kind, title, start, abstract = self._opened[-1]
            self._opened[-1] = (kind, title, start + 1, abstract)
            if text:
                self.lines.append("")
        self.lines.append(text)
        return len(self.lines)

    def add_block(self, text: str) -> None:
        """Lines kept as they are (a PDF page's text, whose lines may be table rows)."""
        self.lines.extend(line.replace("|", "/").rstrip() for line in text.split("\n"))

    def section(self, kind: str, title: str = "", abstract: bool = False) -> None:
        """Opens a section: its heading (when it has one) is rendered as its own line; a blank line
        comes before its first line. The section ends where the next one begins."""
        if kind not in SECTION_KINDS:
            raise ValueError(f"unknown section kind {kind!r}")
        title = one_line(title)
        if self._opened and self._opened[-1][2] > len(self.lines):
            self._opened.pop()  # opened and closed with nothing in it
        self._opened.append((kind, title, len(self.lines) + 1, abstract))
        self._gap = bool(self.lines and self.lines[-1])
        if title:
            self.add(title)

    @property
    def sections(self) -> tuple[Section, ...]:
        """The sections opened, each up to the next; one with no text at all is left out."""
        last = self._prose_end if self._prose_end is not None else len(self.lines)
        found = []
        for i, (kind, title, start, abstract) in enumerate(self._opened):
            end = min(self._opened[i + 1][2] - 1, last) if i + 1 < len(self._opened) else last
            if any(self.lines[start - 1:end]):
                found.append(Section(kind, title, start, end, abstract))
        return tuple(found)

    def add_table(self, table: RawTable) -> None:
        if self._prose_end is None:
            self._prose_end = len(self.lines)
        first = self.add() + 1
        if table.title:
            self.add(table.title)
        header_line = self.add(" | ".join(one_line(h) for h in table.header))
        rows = [tuple(Cell(one_line(c.text), c.inherited) for c in row) for row in table.rows]
        row_lines = [self.add(" | ".join("" if c.inherited else c.text for c in row)) for row in rows]
        if table.legend:
            self.add()
            self.add(table.legend)
        self.grids.append(Grid(tuple(one_line(h) for h in table.header), tuple(rows), tuple(row_lines),
                               header_line, one_line(table.title or "") or None, one_line(table.legend or "") or None,
                               (first, len(self.lines))))

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", drop_citations(text).replace("|", "/")).strip()


def drop_citations(text: str) -> str:
    """Text without the citations marked CITATION: "reach 75%.[4] However" reads "reach 75%. However",
    "as shown [4, 5]." reads "as shown."."""
    if CITATION not in text:
        return text
    text = _BARE.sub(_GONE, _BRACKETED.sub(_GONE, text))
    text = re.sub(f"{_GONE}+(?=[.,;:!?)\\]])", "", text)
    return re.sub(f"\\s*{_GONE}+\\s*", " ", text)


def superscript(content: str, before: str) -> str:
    """A superscript's text as rendered: 10<sup>6</sup> is 10^6; a footnote marker ("a", "*", "†")
    is dropped; anything else keeps its text."""
    content = content.strip().replace("\u2212", "-")
    if re.fullmatch(r"-?\d{1,2}", content) and re.search(r"10\s*$", before):
        return f"^{content}"
    if re.fullmatch(r"[a-z*†‡§¶#,]{1,3}", content):
        return ""
    return content


def render(title: str | None, head: list[str], prose: list[str], tables: list[RawTable]) -> Rendered:
    out = Rendered()
    for line in [title or "", *head]:
        if line.strip():
            out.add(line)
    out.add()
    for paragraph in prose:
        if paragraph.strip():
            out.add(paragraph)
    for table in tables:
        out.add_table(table)
    return out


def span(value) -> int:
    """A rowspan or colspan attribute as a count: 1 when missing or unreadable."""
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def expand_spans(rows: list[list[Span]]) -> list[list[Cell]]:
    """Rows of cells with rowspan and colspan expanded; spanned positions are 'inherited'."""
    grid: list[list[Cell]] = []
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)
    for cells in rows:
        row: dict[int, Cell] = {}
        for col, (text, left) in list(carry.items()):
            row[col] = Cell(text, inherited=True)
            if left <= 1:
                del carry[col]
            else:
                carry[col] = (text, left - 1)
        col = 0
        for text, down, across in cells:
            while col in row:
                col += 1
            for k in range(across):
                row[col] = Cell(text, inherited=k > 0)
                if down > 1:
                    carry[col] = (text, down - 1)
                col += 1
        grid.append([row.get(c, Cell("", True)) for c in range(max(row) + 1 if row else 0)])
    width = max((len(r) for r in grid), default=0)
    return [r + [Cell("", True)] * (width - len(r)) for r in grid]


def table_of(head: list[list[Span]], body: list[list[Span]], title: str | None, legend: str | None) -> RawTable:
    """A table from its header rows and body rows; with no header row marked, the first row is one."""
    if not head and body:
        head, body = body[:1], body[1:]
    header_grid = expand_spans(head)
    header = [" ".join(dict.fromkeys(r[c].text for r in header_grid if c < len(r) and r[c].text))
              for c in range(max((len(r) for r in header_grid), default=0))]
    rows = [r for r in expand_spans(body) if any(c.text and not c.inherited for c in r)]
    return RawTable(header, rows, title, legend)


def fill_merged(rows: list[list[str | None]]) -> list[list[Cell]]:
    """Rows where None marks a merged cell: filled from the cell above, else from the left."""
    width = max((len(r) for r in rows), default=0)
    grid: list[list[Cell]] = []
    for r, row in enumerate(rows):
        cells: list[Cell] = []
        for c in range(width):
            value = row[c] if c < len(row) else None
            if value is not None:
                cells.append(Cell(value))
            elif r > 0 and grid[r - 1][c].text:
                cells.append(Cell(grid[r - 1][c].text, inherited=True))
            elif c > 0:
                cells.append(Cell(cells[c - 1].text, inherited=True))
            else:
                cells.append(Cell("", inherited=True))
        grid.append(cells)
    return grid


_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[ivx]+|[a-z])[.)]?\s+(?=\w)|^\d+(?:\.\d+)*\.?(?=[a-z])", re.IGNORECASE)
NOT_ABSTRACT = ("front", "back", "references")


def heading_kind(title: str) -> str | None:
    """The kind of section a heading opens ("2. Patients and Methods" -> "methods"), None when
    the heading does not say."""
    return section_kind(_NUMBERING.sub("", one_line(title)).strip(" :.-–—"), prefix=True)


def nested_kind(parent: tuple[str, bool] | None, title: str, fallback: str | None = None) -> tuple[str, bool]:
    """(kind, abstract) of a section under `parent`: a part of the abstract takes the kind of its
    label; a sub-section takes its top-level section's kind; a section under one of no known kind,
    or at the top, takes its own heading's kind (else `fallback`, else "other")."""
    found = heading_kind(title) or fallback
    if parent is None:
        kind = found or "other"
        return kind, kind == "abstract"
    kind, abstract = parent
    if abstract and kind == "abstract":
        found = found or "abstract"
        return found, found not in NOT_ABSTRACT
    if kind == "other" and found:
        return found, False
    return kind, abstract


def abstract_label(label: str, rest: str) -> bool:
    """Whether a paragraph's bold start `label` is a structured abstract's label ("Methods:",
    "RESULTS."), not the first words of a sentence ("<b>Patients</b> were randomised")."""
    label, rest = label.strip(), rest.strip()
    if not label or not rest or len(label) > 60 or len(label.split()) > 6:
        return False
    if label.endswith((":", ".")) or rest.startswith((":", ".", "—", "–", "- ")):
        return True
    return len(label.split()) <= 3 and heading_kind(label) is not None and rest[:1].isupper()


def join_notes(parts: list[str]) -> str | None:
    """A table's footnotes as one legend: "; " between notes, a space after one that ends a sentence."""
    text = ""
    for part in (p.strip() for p in parts):
        if part:
            text += ("" if not text else " " if text.endswith((".", ";", ":")) else "; ") + part
    return text or None


NUMERIC_CITATION = re.compile(r"[\s\[\]()\d,;\u2013\u2014\u2212-]*\d[\s\[\]()\d,;\u2013\u2014\u2212-]*")  # "4", "[2, 3]", "6–11"
