"""Trial tables in plain text: found by their header line, their rows split into cells.

Scraped tables keep no cell boundaries, so a row's cells are recovered by segmenting its words
against the table's own header: typed columns (patient counts, doses, registry ids, citation
numbers, years) anchor the row, columns with a vocabulary (disease, cell source, route) take
the words their vocabulary explains, and free text fills the rest. A row may wrap over several
lines; a line after a row that cannot start a row of its own continues it: a count and a dose
(a new arm), a source and a dose (a new arm), a source alone (the source goes on), or text (the
outcome goes on).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate

from extractors.doses import NOT_STATED, find_doses, is_dose
from extractors.vocabulary import Lexicon, fillers, legend_lexicons, load

TYPED = {"patients", "dose", "registry", "reference", "year"}
SEMANTIC = {"disease", "cell", "route", "origin", "administration"}
MAX_TOKENS = {"patients": 4, "dose": 14, "registry": 5, "reference": 4, "year": 1, "disease": 10, "cell": 14,
              "route": 10, "origin": 3}
# The letters a typed column's text may begin with (qualifiers, "unknown", "n/a", "not
# reported", registry prefixes); any other letter rules the column out at that word.
_TYPED_LETTERS = {"patients": "nNuU", "dose": "aAnNuU", "registry": "ACDEIJKNUacdeijknu", "reference": "",
                  "year": ""}
MAX_ROW_LINES = 8
MAX_HEADER_LINES = 16

REGISTRY_ID = re.compile(
    r"\b(NCT\d{8}|NTR\d{3,5}|ISRCTN\d{8}|ChiCTR[-A-Z0-9]{6,20}|ChiCTR\d{6,12}|EudraCT\s?\d{4}-\d{6}-\d{2}"
    r"|ACTRN\d{14}|IRCT\d{8,}N?\d*|JPRN-\w+|KCT\d{7}|CTRI/\d{4}/\d+/\d+|DRKS\d{8}|UMIN\d{9})\b"
)
_REFERENCE = re.compile(r"^[\[(]?\d{1,4}(?:\s*[,–-]\s*\d{1,4})*[\])]?[.,;]?$")
_YEAR = re.compile(r"^\(?((?:19|20)\d{2})[a-z]?\)?[.,;]?$")
_PATIENTS = re.compile(r"^(?:n\s*=\s*)?(\d{1,5})[.,;]?$", re.IGNORECASE)
_GLUED_CITATION = re.compile(r"^(.*?[A-Za-z)’'])(\d{1,3}(?:[,–-]\d{1,3})*)$")
_GENERIC_CELL = re.compile(r"MSC|[Ss]tem\b|[Ss]tromal|HSC|MNC|ASC|SVF|[Pp]rogenitor")
_CAPTION = re.compile(r"^\s*(?:Supplementary\s+)?Table\s+[A-Z]?\d+[A-Za-z]?\b", re.IGNORECASE)
_LEGEND_ENTRY = re.compile(r"^\s*([^\s,:;=][^,:;=]{0,24}?)\s*(?:,|:|=|\u2014|–)\s+(\S.*)$")


@dataclass(frozen=True)
class Column:
    role: str
    header: str


@dataclass
class RowGroup:
    """One table row as printed, with the continuation lines that belong to it."""

    cells: dict[str, str]
    line_start: int
    line_end: int
    arms: list[tuple[dict[str, str], int]] = field(default_factory=list)  # (cells it states, line)


@dataclass
class TextTable:
    columns: list[Column]
    header_line: int
    title: str | None = None
    groups: list[RowGroup] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)
    unread: list[tuple[int, str]] = field(default_factory=list)  # lines that fit no row
    line_end: int = 0


# ---------------------------------------------------------------- headers and legends


@cache
def _header_phrases() -> dict[str, str]:
    header = load()["header"]
    return dict(header.terms)


def read_header(line: str) -> list[Column] | None:
    """The columns a header line names, or None when the line is not a table header."""
    phrases = _header_phrases()
    tokens = line.replace("|", " ").split()
    if not 3 <= len(tokens) <= 30 or any(ch.isdigit() for ch in line.replace("1", "")):
        return None
    columns: list[Column] = []
    unknown = 0
    i = 0
    while i < len(tokens):
        for k in range(min(5, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i:i + k]).lower().strip(":").replace("-", " ")
            if phrase in phrases:
                columns.append(Column(phrases[phrase], " ".join(tokens[i:i + k])))
                i += k
                break
        else:
            unknown += 1
            if columns and columns[-1].role == "other" and i > 0 and columns[-1].header.endswith(tokens[i - 1]):
                columns[-1] = Column("other", f"{columns[-1].header} {tokens[i]}")
            else:
                columns.append(Column("other", tokens[i]))
            i += 1
    return _trial_columns(columns) if unknown <= 2 else None


def _trial_columns(columns: list[Column]) -> list[Column] | None:
    """The columns of a trial table, or None: at least three roles, among them a count or a dose
    and a disease or a cell source. A role named twice ("Phase", "Status") is other text the second time."""
    seen: set[str] = set()
    for k, column in enumerate(columns):
        if column.role in seen:
            columns[k] = Column("other", column.header)
        seen.add(column.role)
    roles = {c.role for c in columns} - {"other"}
    if len(roles) < 3 or not {"patients", "dose", "administration"} & roles or not {"disease", "cell"} & roles:
        return None
    return columns


def read_legend(line: str) -> dict[str, str]:
    """Abbreviations a table footnote expands ("I.V, intravenous; hUC, human umbilical cord")."""
    text = re.sub(r"^\s*(?:abbreviations?|notes?)\s*[:.]\s*", "", line, flags=re.IGNORECASE)
    parts = [p for p in re.split(r";\s*", text) if p.strip()]
    entries = {}
    for part in parts:
        m = _LEGEND_ENTRY.match(part)
        if m:
            entries[m.group(1).strip()] = m.group(2).strip().rstrip(".")
    return entries if len(parts) >= 2 and len(entries) >= 0.6 * len(parts) else {}


# ---------------------------------------------------------------- tokens and their features


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offset in the joined row text
    end: int
    line: int  # document line number
    line_end: bool  # last token on its line
    cell_end: bool = False  # a tab or a '|' follows: the cell ends here for certain


class RowText:
    """The words of one or more lines, with what each word could be."""

    def __init__(self, lines: list[tuple[int, str]], lexicons: dict[str, Lexicon]):
        self.tokens: list[Token] = []
        pieces: list[str] = []
        offset = 0
        self.delimited = False
        for number, line in lines:
            delimited = "\t" in line or line.count("|") >= 2
            self.delimited |= delimited
            words = list(re.finditer(r"[^\s|]+", line))
            for k, w in enumerate(words):
                last = k == len(words) - 1
                follows = line[w.end():words[k + 1].start()] if not last else ""
                cell_end = last or (delimited and ("\t" in follows or "|" in follows))
                self.tokens.append(Token(w.group(0), offset + w.start(), offset + w.end(), number, last, cell_end))
            pieces.append(line)
            offset += len(line) + 1
        self.text = "\n".join(pieces)
        self._ends = [t.end for t in self.tokens]
        self._starts: dict[str, list[bool]] = {}
        self.explained = self._explain(lexicons)
        self._prefix = {role: _prefix_sums(flags) for role, flags in self.explained.items()}

    def _explain(self, lexicons: dict[str, Lexicon]) -> dict[str, list[bool]]:
        filler = fillers()
        explained: dict[str, list[bool]] = {}
        strong: dict[str, list[bool]] = {}
        plain = _strip_citations(self.text)
        for role, lex_name in (("disease", "disease"), ("cell", "cell_source"), ("route", "route"),
                               ("origin", "origin")):
            spans = [(m.start, m.end) for m in lexicons[lex_name].find(plain)]
            if role == "cell":
                spans += [(t.start, t.end) for t in self.tokens
                          if _GENERIC_CELL.search(t.text) or cell_codes(t.text, lexicons["cell_source"])]
            hit = self._covered(spans)
            strong[role] = hit
            words = filler.get(role, set())
            explained[role] = [h or _bare(t.text) in words for h, t in zip(hit, self.tokens, strict=True)]
        dose_spans = [(s, e) for s, e, _ in find_doses(self.text)]
        strong["dose"] = self._covered(dose_spans)
        explained["dose"] = strong["dose"]
        explained["origin"] = [a or b for a, b in zip(explained["origin"], strong["cell"], strict=True)]
        explained["administration"] = [a or b for a, b in zip(explained["route"], strong["dose"], strict=True)]
        strong["administration"] = [a or b for a, b in zip(strong["route"], strong["dose"], strict=True)]
        self.strong = strong
        self.strong_prefix = {role: _prefix_sums(flags) for role, flags in strong.items()}
        explained["anchor"] = [bool(REGISTRY_ID.search(t.text)) or t.text.startswith("[") and
                               bool(_REFERENCE.match(t.text)) for t in self.tokens]
        return explained

    def _covered(self, spans: list[tuple[int, int]]) -> list[bool]:
        """For each word, whether one of the character spans overlaps it."""
        hit = [False] * len(self.tokens)
        for s, e in spans:
            k = bisect_right(self._ends, s)  # the first word ending after s
            while k < len(self.tokens) and self.tokens[k].start < e:
                hit[k] = True
                k += 1
        return hit

    def may_start(self, role: str) -> list[bool]:
        """For each word, a cheap necessary condition for a column of `role` to start there:
        typed columns start with a number, a bracket or one of the few words they may begin
        with ("up to", "unknown", "NCT…"); vocabulary columns need a word of theirs within reach."""
        if role not in self._starts:
            total = len(self.tokens)
            if role in TYPED:
                letters = _TYPED_LETTERS[role]
                flags = [not t.text[0].isalpha() or t.text[0] in letters for t in self.tokens]
            elif role in SEMANTIC and role != "origin":
                strong, reach = self.strong_prefix[role], MAX_TOKENS.get(role, total)
                flags = [strong[min(total, i + reach)] > strong[i] for i in range(total)]
            else:
                flags = [True] * total
            self._starts[role] = flags
        return self._starts[role]

    def count(self, role: str, i: int, j: int) -> int:
        p = self._prefix[role]
        return p[j] - p[i]

    def strong_count(self, role: str, i: int, j: int) -> int:
        p = self.strong_prefix[role]
        return p[j] - p[i]

    def span(self, i: int, j: int) -> str:
        return self.text[self.tokens[i].start:self.tokens[j - 1].end] if j > i else ""


def _prefix_sums(flags: list[bool]) -> list[int]:
    return list(accumulate(flags, initial=0))


def _bare(word: str) -> str:
    return word.lower().strip(",;:.")


def _strip_citations(text: str) -> str:
    """Citation numbers glued to a word ("SLE53") blanked, same length."""
    return re.sub(r"(?<=[A-Za-z])\d{1,3}(?=\s|$)", lambda m: " " * len(m.group(0)), text)


def split_citation(text: str) -> tuple[str, str | None]:
    """("SLE53") -> ("SLE", "53"): the citation number a scraped table glues to a cell."""
    m = _GLUED_CITATION.match(text.strip())
    if m and not re.search(r"(?:type|class|grade|stage)\s*$", m.group(1), re.IGNORECASE):
        return m.group(1).strip(), m.group(2)
    return text.strip(), None


def cell_codes(text: str, lexicon: Lexicon) -> list[str]:
    """Tissue codes named in a cell-source text ("IS-AD-MSC + autologous BM-HSC" -> AD, BM)."""
    return list(_cell_codes(text, lexicon))


@lru_cache(maxsize=16384)
def _cell_codes(text: str, lexicon: Lexicon) -> tuple[str, ...]:
    codes = [m.code for m in lexicon.find(text) if " " in m.text or len(m.text) > 3 or m.text.islower()]
    for part in re.split(r"[^A-Za-z0-9]+", text):
        code = _cell_part_code(part, lexicon)
        if code:
            codes.append(code)
    return tuple(sorted(set(codes)))


def _cell_part_code(part: str, lexicon: Lexicon) -> str | None:
    if len(part) > 1 and part[0] == "h" and part[1].isupper():
        part = part[1:]
    if len(part) > 2 and part.endswith("s") and part[-2].isupper():
        part = part[:-1]
    if part in lexicon.abbrevs:
        return lexicon.abbrevs[part]
    stem = re.sub(r"(?:MSC|SC|MNC|HSC|C)$", "", part)
    return lexicon.abbrevs.get(stem) if stem and stem != part else None


# ---------------------------------------------------------------- segmenting a row



@dataclass(frozen=True)
class Parse:
    cells: dict[str, str]  # every column filled: a row with an empty column does not parse
    score: float


_LIST_JOIN = re.compile(r",|\bor\b|\band\b|;")
_LIST_REST = re.compile(r"[\s,;/()]|\b(?:or|and|to|then)\b")


def _dose_list(text: str) -> bool:
    """Several doses in one cell ("1 × 107, 3 × 107 or 9 × 107 cells"): doses and connectors only."""
    if not text[:1].isdigit() or not _LIST_JOIN.search(text):
        return False
    doses = find_doses(text)
    if len(doses) < 2:
        return False
    rest = text
    for start, end, _ in reversed(doses):
        rest = rest[:start] + rest[end:]
    return not _LIST_REST.sub("", rest)


def _patients_scorer(row: RowText) -> Callable[[int, int], float | None]:
    tokens, span = row.tokens, row.span

    def patients(i: int, j: int) -> float | None:
        first = tokens[i].text
        if j - i == 1 and NOT_STATED.match(first):
            return 1.0
        if not _PATIENTS.match(first):
            return None
        if j - i == 1:
            return 2.0
        text = span(i, j)  # "12 (6 SLE, 6 RA)"
        return 2.0 if text[len(first):].strip().startswith("(") and text.rstrip(".,;").endswith(")") else None

    return patients


def _dose_scorer(row: RowText) -> Callable[[int, int], float | None]:
    span = row.span

    def dose(i: int, j: int) -> float | None:
        text = span(i, j)
        if j - i <= 3 and NOT_STATED.match(text):
            return 1.0
        return 3.0 if is_dose(text) else 2.5 if _dose_list(text) else None

    return dose


def _registry_scorer(row: RowText) -> Callable[[int, int], float | None]:
    span = row.span

    def registry(i: int, j: int) -> float | None:
        text = span(i, j)
        if NOT_STATED.match(text) or text.lower().rstrip(".") in ("not registered", "none", "nr"):
            return 1.0
        rest = REGISTRY_ID.sub("", text).strip(" ,;/and&")
        return 3.0 if REGISTRY_ID.search(text) and not rest else None

    return registry


def _reference_scorer(row: RowText) -> Callable[[int, int], float | None]:
    span = row.span

    def reference(i: int, j: int) -> float | None:
        if j - i > 2:
            return None
        text = span(i, j)
        return (2.0 if text.startswith(("[", "(")) else 1.0) if _REFERENCE.match(text) else None

    return reference


def _year_scorer(row: RowText) -> Callable[[int, int], float | None]:
    span = row.span
    return lambda i, j: 2.0 if _YEAR.match(span(i, j)) else None


# Patient counts, doses, registry ids, citation numbers and years: scored by their form.
_TYPED_SCORERS = {"patients": _patients_scorer, "dose": _dose_scorer, "registry": _registry_scorer,
                  "reference": _reference_scorer, "year": _year_scorer}


def _scorer(role: str, row: RowText, present: set[str]) -> Callable[[int, int], float | None]:
    """How well words i..j fill a column of `role` (None when they cannot), as a function of
    (i, j) with the row's counts looked up once."""
    if role in TYPED:
        return _TYPED_SCORERS[role](row)
    anchor = row._prefix["anchor"]
    if role in SEMANTIC:
        strong, hits = row.strong_prefix[role], row._prefix[role]
        others = [row.strong_prefix[o] for o in present
                  if o != role and o in SEMANTIC and o != "administration"]
        rivals = [sum(prefix[k] for prefix in others) for k in range(len(anchor))]

        def semantic(i: int, j: int) -> float | None:
            if strong[j] == strong[i] and not (role == "origin" and NOT_STATED.match(row.span(i, j))):
                return None
            h = hits[j] - hits[i]
            return 2.0 + 0.3 * h - 0.6 * (j - i - h) - 0.8 * (rivals[j] - rivals[i]) - 3.0 * (anchor[j] - anchor[i])

        return semantic
    closes = [False] + [t.text.endswith((".", ";")) for t in row.tokens]  # the word before position j ends a sentence

    def free(i: int, j: int) -> float:
        return -3.0 * (anchor[j] - anchor[i]) + (0.3 if closes[j] else 0.0)

    return free


def segment(row: RowText, columns: list[Column]) -> Parse | None:
    """The best split of a row's words over the columns (dynamic programming over word positions,
    from the last column back; only the positions from which the later columns can be filled
    are kept)."""
    total = len(row.tokens)
    roles = [c.role for c in columns]
    # later[c]: for each word position from which columns c.. can be filled, (best score, end of column c)
    later: list[dict[int, tuple[float, int]]] = [{} for _ in roles] + [{total: (0.0, total)}]
    for c in range(len(roles) - 1, -1, -1):
        later[c] = _fill_column(row, roles[c], set(roles), later[c + 1])
        if not later[c]:
            return None
    if 0 not in later[0]:
        return None
    cells, p = {}, 0
    for c, role in enumerate(roles):
        j = later[c][p][1]
        cells[role] = row.span(p, j)
        p = j
    return Parse(cells, later[0][0][0])


def _fill_column(row: RowText, role: str, present: set[str],
                 following: dict[int, tuple[float, int]]) -> dict[int, tuple[float, int]]:
    """For each position a column of `role` can start at, with the later columns filled from where
    it ends: the best total score and that end."""
    tokens, total = row.tokens, len(row.tokens)
    cell_end = [k + 1 for k in range(total) if tokens[k].cell_end]  # ends a delimited cell may have
    ends = sorted(j for j in following if not row.delimited or j in cell_end)
    # what ending at j brings: the later columns' best, and a little for a cell that ends its line
    after = {j: following[j][0] + (0.5 if j < total and tokens[j - 1].line_end else 0.0) for j in ends}
    longest = MAX_TOKENS.get(role, total)  # the most words a column of the role takes
    score_of, best = _scorer(role, row, present), {}
    for p, may in enumerate(row.may_start(role)):
        if not may:
            continue
        limit = p + longest
        if row.delimited:  # a cell ends at the first delimiter
            limit = min(limit, next((j for j in cell_end if j > p), total))
        top = None
        # the longest first: among equal scores the longer cell wins
        for j in reversed(ends[bisect_right(ends, p):bisect_right(ends, limit)]):
            local = score_of(p, j)
            if local is not None and (top is None or local + after[j] > top[0]):
                top = (local + after[j], j)
        if top is not None:
            best[p] = top
    return best


_PLACEHOLDER = re.compile(r"(?:^|\s)(?:unknown|n/?a|nr|none|not \w+|-|–|—)(?=\s|$|[.;,])", re.IGNORECASE)


def _may_complete(text: str, roles: set[str]) -> bool:
    """A cheap necessary condition for a complete row: every typed column has something to take."""
    if "registry" in roles and not (REGISTRY_ID.search(text) or _PLACEHOLDER.search(text)):
        return False
    if "year" in roles and not re.search(r"(?:19|20)\d\d", text):
        return False
    if "patients" in roles and not re.search(r"(?:^|\s)(?:n\s*=\s*)?\d{1,5}(?=[\s.,;(]|$)", text) \
            and not _PLACEHOLDER.search(text):
        return False
    return "dose" not in roles or bool(find_doses(text)) or bool(_PLACEHOLDER.search(text))


# ---------------------------------------------------------------- continuation lines


def read_continuation(line: str, lexicons: dict[str, Lexicon]) -> tuple[str, dict[str, str]]:
    """What a line that starts no row adds to the row above: ("arm", cells) or ("extend", cells)."""
    text = line.strip()
    m = re.match(r"^(\d{1,5})\s+(.+)$", text)
    if m and is_dose(m.group(2)):
        return "arm", {"patients": m.group(1), "dose": m.group(2)}
    if is_dose(text):
        return "arm", {"dose": text}
    doses = find_doses(text)
    if doses:
        start, end, _ = doses[-1]
        head = text[:start].strip()
        if end >= len(text.rstrip(" ;,.")) and head and cell_codes(head, lexicons["cell_source"]):
            return "arm", {"cell": head, "dose": text[start:].strip()}
    if _PATIENTS.match(text):
        return "arm", {"patients": text}
    words = text.split()
    cellish = fillers()["cell"]
    if cell_codes(text, lexicons["cell_source"]) and len(words) <= 6 and all(
        cell_codes(w, lexicons["cell_source"]) or _bare(w) in cellish for w in words
    ):
        return "extend", {"cell": text}
    return "extend", {"text": text}


# ---------------------------------------------------------------- whole tables


class TableReader:
    """Reads every text table of one document."""

    def __init__(self, lines: list[str], lexicons: dict[str, Lexicon] | None = None):
        self.lines = lines
        self.base = lexicons or load()
        self._parses: dict[tuple, Parse | None] = {}

    def tables(self) -> list[TextTable]:
        found, i = [], 0
        while i < len(self.lines):
            columns, last = self._header_at(i)
            if columns is None:
                i += 1
                continue
            table = self._read_table(i, last, columns)
            found.append(table)
            i = max(table.line_end, last + 1)
        return found

    def _header_at(self, i: int) -> tuple[list[Column] | None, int]:
        """The header starting at line i, on one line or one column name per line; and its last line."""
        columns = read_header(self.lines[i])
        if columns is not None:
            return columns, i
        stacked = []
        for k in range(i, min(len(self.lines), i + MAX_HEADER_LINES)):
            name = self.lines[k].strip().lower().rstrip(":")
            if name.replace("-", " ") not in _header_phrases():
                break
            stacked.append(self.lines[k].strip())
        if len(stacked) >= 3:
            columns = read_header(" ".join(stacked))
            if columns is not None and len(columns) == len(stacked):
                return columns, i + len(stacked) - 1
        return None, i

    def _title(self, header_index: int) -> str | None:
        above = [ln.strip() for ln in self.lines[max(0, header_index - 4):header_index] if ln.strip()]
        captions = [k for k, ln in enumerate(above) if _CAPTION.match(ln)]
        if captions:
            rest = above[captions[-1]:]
            return " ".join(rest)
        return above[-1] if above else None

    def _body_end(self, start: int, columns: list[Column]) -> int:
        """Index one past the last body line."""
        i = start
        while i < len(self.lines):
            line = self.lines[i].strip()
            if not line:
                nxt = next((k for k in range(i + 1, min(i + 3, len(self.lines))) if self.lines[k].strip()), None)
                if nxt is None or not self._complete([nxt], columns, self.base):
                    return i
            elif _CAPTION.match(line) or read_legend(line) or read_header(line):
                return i
            i += 1
        return i

    def _complete(self, indices: list[int], columns: list[Column], lexicons: dict[str, Lexicon]) -> Parse | None:
        key = (tuple(indices), id(columns), id(lexicons))
        if key not in self._parses:
            self._parses[key] = self._segment_lines(indices, columns, lexicons)
        return self._parses[key]

    def _segment_lines(self, indices: list[int], columns: list[Column], lexicons: dict[str, Lexicon]) -> Parse | None:
        if not _may_complete(" ".join(self.lines[k] for k in indices), {c.role for c in columns}):
            return None
        row = RowText([(k + 1, self.lines[k]) for k in indices if self.lines[k].strip()], lexicons)
        if not row.tokens:
            return None
        return segment(row, columns)

    def _legend_after(self, end: int) -> tuple[dict[str, str], int]:
        for k in range(end, min(end + 4, len(self.lines))):
            legend = read_legend(self.lines[k])
            if legend:
                return legend, k + 1
        return {}, end

    def _read_table(self, header_index: int, header_last: int, columns: list[Column]) -> TextTable:
        end = self._body_end(header_last + 1, columns)
        legend, after = self._legend_after(end)
        lexicons = {**self.base, **legend_lexicons(legend, self.base)}
        table = TextTable(columns, header_index + 1, self._title(header_index), legend=legend, line_end=after)
        body = [k for k in range(header_last + 1, end) if self.lines[k].strip()]
        self._read_rows(table, body, lexicons)
        return table

    def _read_rows(self, table: TextTable, body: list[int], lexicons: dict[str, Lexicon]) -> None:
        columns, pos = table.columns, 0
        while pos < len(body):
            parse = self._complete([body[pos]], columns, lexicons)
            stop = pos
            if parse is None:
                for end in range(pos + 1, min(len(body), pos + max(MAX_ROW_LINES, 2 * len(columns)))):
                    if self._complete([body[end]], columns, lexicons):
                        break
                    parse = self._complete(body[pos:end + 1], columns, lexicons)
                    if parse:
                        stop = end
                        break
            if parse:
                table.groups.append(RowGroup(parse.cells, body[pos] + 1, body[stop] + 1))
            elif not (table.groups and self._continue(table.groups[-1], body[pos], lexicons)):
                table.unread.append((body[pos] + 1, self.lines[body[pos]].strip()))
            pos = stop + 1

    def _continue(self, group: RowGroup, index: int, lexicons: dict[str, Lexicon]) -> bool:
        """Adds a continuation line to the row above; False when there is nowhere to put it."""
        kind, cells = read_continuation(self.lines[index], lexicons)
        if kind == "arm":
            group.arms.append((cells, index + 1))
            return True
        if "cell" in cells and "cell" in group.cells:
            target, text = "cell", cells["cell"]
        else:
            target = next((r for r in ("outcome", "adverse_events", "other") if r in group.cells), None)
            text = cells.get("text") or cells.get("cell", "")
        if target is None:
            return False
        group.cells[target] = f"{group.cells[target]}\n{text}"
        group.line_end = max(group.line_end, index + 1)
        return True
