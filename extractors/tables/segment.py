"""Trial tables in plain text: found by their header line, their rows split into cells.

Scraped tables keep no cell boundaries, so a row's cells are recovered by segmenting its words
against the table's own header: typed columns (patient counts, doses, registry ids, citation
numbers, years) anchor the row, columns with a vocabulary (disease, cell source, route) take
the words their vocabulary explains, and free text fills the rest. A row may wrap over several
lines; a line after a row that cannot start a row of its own continues it: a count and a dose
(a new arm), a source and a dose (a new arm), a source alone (the source goes on), or text (the
outcome goes on).

Space-separated tables scraped from review papers need more give: their headers name columns in
words no vocabulary holds, misspelt or cut short, and their rows leave columns empty, name
sources the vocabulary does not know and write doses in prose. A row that the strict reading
(every column filled with words of its kind) cannot split is read tolerantly: columns may stay
empty and vocabulary columns may hold unknown words, at a cost, and the split makes a row only
when it fills most named columns and states a count, a dose or a registry id. Control-arm lines
("C 4/5 Insulin") and headings that group the rows ("Randomized controlled trials") are kept
apart: no arm, and no reject.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import gt
from typing import NamedTuple

from extractors.doses import NOT_STATED, find_doses, is_dose, mentions_power, millions_cell
from extractors.tables.headers import (
    CAPTION,
    FLOWED_LINES,
    SPANNING_LINES,
    WRAP,
    Column,
    flowed_header,
    header_phrases,
    read_header,
    read_legend,
    spanning_header,
    wrapped_header,
)
from extractors.tables.patterns import (
    BARE_DOSE,
    GROUP_LABEL,
    REGISTRY_ID,
    SECTION_ROW,
    dose_counts,
    group_heading,
    header_unit,
    labelled_doses,
)
from extractors.tables.patterns import BARE_NCT as _BARE_NCT
from extractors.tables.patterns import YEAR_ANY as _ANY_YEAR
from extractors.tables.patterns import YEAR_CELL as _YEAR
from extractors.vocabulary import Lexicon, fillers, legend_lexicons, load

TYPED = {"patients", "dose", "registry", "reference", "year", "row"}
SEMANTIC = {"disease", "cell", "route", "origin", "administration"}
MAX_TOKENS = {"patients": 8, "dose": 14, "registry": 5, "reference": 4, "year": 2, "row": 1, "disease": 10, "cell": 14,
              "route": 10, "origin": 3}
# The letters a typed column's text may begin with (qualifiers, "unknown", "n/a", "not
# reported", registry prefixes); any other letter rules the column out at that word.
_TYPED_LETTERS = {"patients": "nNuU", "dose": "aAnNuU", "registry": "ACDEIJKNUacdeijknu", "reference": "",
                  "year": "", "row": ""}
BARE_DOSE_WORDS = 5  # "0.5 – 1", "1, 2, 4 or 8": the most words of a bare dose under a header that states its unit
NOT_STATED_WORDS = 3  # the most words of a dose cell that says it is not stated ("not reported", "N/A")
NOT_STATED_VOCABULARY_WORDS = 2  # the same for a vocabulary cell
MAX_ROW_LINES = 8
MAX_HEADER_LINES = 16
PARAGRAPH_LINES = 6  # lines of a row's last cells printed as paragraphs before the rows go on
ROW_MAX_WORDS = 80  # a longer line is a paragraph of prose, not a row the rows go on with

_REFERENCE = re.compile(r"^[\[(]?\d{1,4}(?:\s*[,–-]\s*\d{1,4})*[\])]?[.,;]?$")
# A year with the citation the row starts with beside it: "2007 [11]", "2009[14]".
_YEAR_CITED = re.compile(r"^\(?((?:19|20)\d{2})[a-z]?\)?[.,;]?\s*\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\][.,;]?$")
_PATIENTS = re.compile(r"^(?:n\s*=\s*)?(\d{1,5})[.,;]?$", re.IGNORECASE)
# A count cell in the other ways tables write one: "21/21" (experimental/control, the first is the
# arm's), "N = 20, Age = 18–40" (the count first, then the group's demographics).
_PATIENTS_CELL = re.compile(
    r"^(?:n\s*[=:]\s*)?\d{1,5}(?:\s*/\s*\d{1,5})?[.,;]?"
    r"(?:\s*[,;]\s*(?:mean\s+|median\s+)?(?:age|sex|gender|female|male|women|men|m/f|f/m)\b\s*(?:\([^()]*\))?\s*[=:]?"
    r"\s*[\d.,–\-±/ ]*\d(?:\s*(?:years?|yrs?|y))?)?$", re.IGNORECASE)
_DATE_WORDS = frozenset({"in", "since", "from", "until", "till", "by", "during", "before", "after"})
_LABELLED_COUNT = re.compile(r"^n\s*[=:]", re.IGNORECASE)  # "N = 20": the count says it is one
_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")
_GLUED_CITATION = re.compile(r"^(.*?[A-Za-z)’'])(\d{1,3}(?:[,–-]\d{1,3})*)$")
GENERIC_CELL = re.compile(r"MSC|[Ss]tem\b|[Ss]tromal|HSC|MNC|ASC|SVF|[Pp]rogenitor")


@dataclass
class RowGroup:
    """One table row as printed, with the continuation lines that belong to it."""

    cells: dict[str, str]
    line_start: int
    line_end: int
    arms: list[tuple[dict[str, str], int]] = field(default_factory=list)  # (cells it states, line)
    controls: list[int] = field(default_factory=list)  # lines of its control arm ("C 4/5 Insulin ..."): no arms
    text: str = ""  # the row as printed, where its cells do not hold all of it (a record read by kind)


@dataclass
class TextTable:
    columns: list[Column]
    header_line: int
    title: str | None = None
    groups: list[RowGroup] = field(default_factory=list)
    legend: dict[str, str] = field(default_factory=dict)
    unread: list[tuple[int, str]] = field(default_factory=list)  # lines that fit no row
    sections: list[tuple[int, str]] = field(default_factory=list)  # headings inside the body ("Randomized trials")
    line_end: int = 0
    layout: str = "rows cut against a header"  # how its rows were found, as `evidence tables` says


# ---------------------------------------------------------------- tokens and their features


class Token(NamedTuple):
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
            words = list(_WORDS.finditer(line))
            last_word = len(words) - 1
            for k, w in enumerate(words):
                last = k == last_word
                start, end = w.span()
                if last or not delimited:
                    cell_end = last
                else:
                    follows = line[end:words[k + 1].start()]
                    cell_end = "\t" in follows or "|" in follows
                self.tokens.append(Token(w.group(0), offset + start, offset + end, number, last, cell_end))
            pieces.append(line)
            offset += len(line) + 1
        self.text = "\n".join(pieces)
        self._begins = [t.start for t in self.tokens]
        self._ends = [t.end for t in self.tokens]
        self.cell_ends = [k + 1 for k, t in enumerate(self.tokens) if t.cell_end]  # ends a delimited cell may have
        self.cell_end_set = set(self.cell_ends)
        self.next_delimiter = _next_ends(self.cell_ends, len(self.tokens)) if self.delimited else []
        self._misfits: dict[str, list[int] | None] = {}
        self.kinds = [word_kinds(t.text, lexicons["cell_source"], lexicons["disease"]) for t in self.tokens]
        self.worded = _prefix_sums([k.worded for k in self.kinds])  # words, not numbers
        self._starts: dict[tuple[str, bool], list[bool]] = {}
        self.explained = self._explain(lexicons)
        self._prefix = PrefixSums(self.explained)

    def _explain(self, lexicons: dict[str, Lexicon]) -> dict[str, list[bool]]:
        kinds = self.kinds
        explained: dict[str, list[bool]] = {}
        strong: dict[str, list[bool]] = {}
        plain = _strip_citations(self.text)
        for role, lex_name in _VOCABULARY_ROLES:
            hit = self._covered([(m.start, m.end) for m in lexicons[lex_name].find(plain)])
            if role == "cell":  # tissue codes inside words ("IS-AD-MSC"), and words that name stem cells
                hit = [h or k.cell for h, k in zip(hit, kinds, strict=True)]
            strong[role] = hit
            explained[role] = [h or role in k.fills for h, k in zip(hit, kinds, strict=True)]
        # Disease abbreviations other vocabularies read otherwise ("UC": ulcerative colitis or
        # umbilical cord) name a disease when they stand as a word of their own.
        strong["disease"] = [h or k.disease_abbrev for h, k in zip(strong["disease"], kinds, strict=True)]
        dose_spans = [(s, e) for s, e, _ in find_doses(self.text)]
        strong["dose"] = self._covered(dose_spans)
        self.inside_dose = self._inside(dose_spans)  # no cell ends inside a dose
        explained["dose"] = [h or "dose" in k.fills for h, k in zip(strong["dose"], kinds, strict=True)]
        explained["origin"] = [a or b for a, b in zip(explained["origin"], strong["cell"], strict=True)]
        explained["administration"] = [a or b for a, b in zip(explained["route"], strong["dose"], strict=True)]
        strong["administration"] = [a or b for a, b in zip(strong["route"], strong["dose"], strict=True)]
        if "(" in self.text:  # "AdSCs (60 × 106 cells/kg, endoscopic injection)": a cell's bracketed details
            for role in ("cell", "disease"):
                explained[role] = self._bracketed_after(strong[role], explained[role])
        self.strong = strong
        self.strong_prefix = PrefixSums(strong)
        explained["anchor"] = [k.anchor for k in kinds]
        return explained

    def _bracketed_after(self, named: list[bool], explained: list[bool]) -> list[bool]:
        """`explained` with the words of a bracket that opens right after a named word explained too."""
        out = list(explained)
        for m in _BRACKET.finditer(self.text):
            k = bisect_right(self._ends, m.start())  # the first word ending after the bracket opens
            if k == 0 or k >= len(self.tokens) or not named[k - 1] or self.tokens[k - 1].line != self.tokens[k].line:
                continue
            while k < len(self.tokens) and self.tokens[k].start < m.end():
                out[k] = True
                k += 1
        return out

    def flags(self, key: str) -> tuple[list[int], list[int]]:
        """Prefix sums of the words a column of `key` explains, and of those its vocabulary names;
        a joint column ("cell+route+dose") explains what any of its roles does."""
        if key not in self.strong and key not in self.strong_prefix:
            parts = [r for r in key.split("+") if r in self.strong]
            strong = [any(self.strong[r][k] for r in parts) for k in range(len(self.tokens))]
            explained = [any(self.explained[r][k] for r in parts) for k in range(len(self.tokens))]
            self.strong_prefix[key], self._prefix[key] = _prefix_sums(strong), _prefix_sums(explained)
        return self._prefix[key], self.strong_prefix[key]

    def _inside(self, spans: list[tuple[int, int]]) -> frozenset[int]:
        """The word positions k where words k-1 and k belong to one span: no cell ends there."""
        inside = set()
        for s, e in spans:
            k = bisect_right(self._ends, s) + 1
            while k < len(self.tokens) and self.tokens[k].start < e:
                inside.add(k)
                k += 1
        return frozenset(inside)

    def _covered(self, spans: list[tuple[int, int]]) -> list[bool]:
        """For each word, whether one of the character spans overlaps it."""
        hit = [False] * len(self.tokens)
        for s, e in spans:
            k = bisect_right(self._ends, s)  # the first word ending after s
            while k < len(self.tokens) and self.tokens[k].start < e:
                hit[k] = True
                k += 1
        return hit

    def may_start(self, key: str, tolerant: bool = False) -> list[bool]:
        """For each word, a cheap necessary condition for a column of `key` to start there:
        typed columns start with a number, a bracket or one of the few words they may begin
        with ("up to", "unknown", "NCT…"); vocabulary columns need a word of theirs within reach.
        The tolerant reading lets vocabulary and dose columns start anywhere."""
        if (key, tolerant) not in self._starts:
            role, total = key.split("+")[0], len(self.tokens)
            if tolerant and (role in SEMANTIC or role == "dose"):
                flags = [True] * total
            elif role in TYPED:
                letters = _TYPED_LETTERS[role]
                flags = [not t.text[0].isalpha() or t.text[0] in letters for t in self.tokens]
            elif role in SEMANTIC and role != "origin":
                strong, reach = self.flags(key)[1], MAX_TOKENS.get(role, total)
                # strong[min(total, i + reach)] > strong[i]: a word of the vocabulary in reach of word i
                ahead = strong[reach:total] + [strong[total]] * min(reach, total)
                flags = list(map(gt, ahead, strong[:total]))
            else:
                flags = [True] * total
            self._starts[(key, tolerant)] = flags
        return self._starts[(key, tolerant)]

    def count(self, role: str, i: int, j: int) -> int:
        p = self._prefix[role]
        return p[j] - p[i]

    def strong_count(self, role: str, i: int, j: int) -> int:
        p = self.strong_prefix[role]
        return p[j] - p[i]

    @cached_property
    def end_bonus(self) -> list[float]:
        """For each word position j, the bonus of a cell ending there: it ends its line (at the row's
        end the later columns have no words, and no bonus)."""
        total, tokens = len(self.tokens), self.tokens
        return [SEGMENT.line_end_bonus if j < total and tokens[j - 1].line_end else 0.0 for j in range(total + 1)]

    @cached_property
    def closing(self) -> list[float]:
        """For each word position j, the bonus of a text cell ending there: the word before it ends a sentence."""
        return [0.0] + [SEGMENT.sentence_end_bonus if t.text.endswith((".", ";")) else 0.0 for t in self.tokens]

    def misfits(self, role: str) -> list[int] | None:
        """Prefix sums of the words a text column of `role` does not hold; None for a role of any text.
        Kept per role: the strict and the tolerant reading ask alike."""
        if role not in self._misfits:
            shape = _MISFITS.get(role)
            self._misfits[role] = _prefix_sums([bool(shape.search(t.text)) for t in self.tokens]) if shape else None
        return self._misfits[role]

    def span(self, i: int, j: int) -> str:
        """The text of words i..j-1, as printed."""
        return self.text[self._begins[i]:self._ends[j - 1]] if j > i else ""


_WORDS = re.compile(r"[^\s|]+")
_BRACKET = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
# The vocabulary columns' roles and the lexicon each is coded with.
_VOCABULARY_ROLES = (("disease", "disease"), ("cell", "cell_source"), ("route", "route"), ("origin", "origin"))


class WordKinds(NamedTuple):
    """What one word of a row could be, whatever its neighbours."""

    worded: bool  # has letters: a word, not a number
    cell: bool  # names stem cells or a tissue code ("MSC", "IS-AD-MSC")
    disease_abbrev: bool  # a disease abbreviation other vocabularies read otherwise ("UC")
    anchor: bool  # a registry id or a bracketed citation
    fills: frozenset[str]  # the roles whose cells it may stand in without naming a code ("cells", "dose")


@lru_cache(maxsize=65536)
def word_kinds(text: str, cells: Lexicon, diseases: Lexicon) -> WordKinds:
    """What a word could be, for the table's cell-source and disease lexicons."""
    filler, bare = fillers(), _bare(text)
    fills = {role for role, _ in _VOCABULARY_ROLES if bare in filler.get(role, ())}
    if bare.strip("()[]") in filler.get("dose", ()):
        fills.add("dose")
    return WordKinds(
        worded=bool(_WORD.search(text)),
        cell=bool(GENERIC_CELL.search(text) or cell_codes(text, cells)),
        disease_abbrev=text.strip(",;.") in _cell_abbrevs(diseases),
        anchor=bool(REGISTRY_ID.search(text)) or text.startswith("[") and bool(_REFERENCE.match(text)),
        fills=frozenset(fills),
    )


@lru_cache(maxsize=64)
def _cell_abbrevs(diseases: Lexicon) -> frozenset[str]:
    """Disease abbreviations that other vocabularies read otherwise ("UC")."""
    return frozenset(a for info in diseases.info.values() for a in info.get("cell_abbrevs", ()))


# Words a text column of a known kind does not hold: a number in a country cell, a number that is no
# year and no citation in a study cell ("Riordan, 2009" takes no "3").
_MISFITS = {"country": re.compile(r"\d"), "study": re.compile(r"^(?!\(?(?:19|20)\d\d)\(?\d+(?:\.\d+)?\)?[.,;]?$"),
            "phase": re.compile(r"^(?!\(?(?:phase|pilot|early|n/?a|nr|[-–]|[IV]{1,3}[ab]?|[1-4][ab]?)"
                                r"(?:\s*[/–-]\s*(?:[IV]{1,3}|[1-4])[ab]?)?\)?[.,;]?$)", re.IGNORECASE),
            "follow_up": re.compile(r"^(?![(\[]?(?:[<>≥≤~]?\d[\d.,–\-/±]*|months?|years?|weeks?|days?|mo|yr?s?|wks?|d|m|h|"
                                    r"median|mean|range|up|to|and|or|of|n/?a|nr|[-–]|after|post|follow-up|"
                                    r"\d+(?:mo|m|y|yr|yrs|w|wk|wks|d))[)\]]?[.,;:]?$)", re.IGNORECASE)}


def _next_ends(cell_ends: list[int], total: int) -> list[int]:
    """For each word position, the first delimited cell end after it (the row's end when none)."""
    return [next((j for j in cell_ends if j > p), total) for p in range(total)]


def _prefix_sums(flags: list[bool]) -> list[int]:
    return list(accumulate(flags, initial=0))


class PrefixSums(dict[str, list[int]]):
    """Prefix sums of per-word flags by role, each summed when first looked up."""

    def __init__(self, flags: dict[str, list[bool]]):
        super().__init__()
        self.flags = flags

    def __missing__(self, role: str) -> list[int]:
        sums = self[role] = _prefix_sums(self.flags[role])
        return sums


def _bare(word: str) -> str:
    return word.lower().strip(",;:.")


_GLUED_NUMBER = re.compile(r"(?<=[A-Za-z])\d{1,3}(?=\s|$)")


def _strip_citations(text: str) -> str:
    """Citation numbers glued to a word ("SLE53") blanked, same length."""
    return _GLUED_NUMBER.sub(lambda m: " " * len(m.group(0)), text)


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
    codes = [m.code for m in lexicon.scan(text) if " " in m.text or len(m.text) > 3 or m.text.islower()]
    for part in _NOT_ALNUM.split(text):
        code = _cell_part_code(part, lexicon)
        if code:
            codes.append(code)
    return tuple(sorted(set(codes)))


_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_FOOTNOTE_NUMBER = re.compile(r"(?<=[a-z])\d{1,2}$")  # a footnote number glued on: "ADMSCs6"
_CELL_SUFFIX = re.compile(r"(?:MSC|SC|MNC|HSC|C)$")


def _cell_part_code(part: str, lexicon: Lexicon) -> str | None:
    """The tissue code of one letters-and-digits part of a cell-source text ("hADMSCs6" -> AD)."""
    if part[-1:].isdigit():
        part = _FOOTNOTE_NUMBER.sub("", part)
    if len(part) > 1 and part[0] == "h" and part[1].isupper():
        part = part[1:]
    if len(part) > 2 and part.endswith("s") and part[-2].isupper():
        part = part[:-1]
    if part in lexicon.abbrevs:
        return lexicon.abbrevs[part]
    stem = _CELL_SUFFIX.sub("", part) if part.endswith("C") else part
    return lexicon.abbrevs.get(stem) if stem and stem != part else None


# ---------------------------------------------------------------- segmenting a row


@dataclass(frozen=True)
class SegmentSettings:
    """The row segmenter's weights, and the limits of its tolerant reading: the reading tried
    when a row cannot fill every column with words of the column's kind, as scraped
    space-separated tables need (a column no row fills, a source the vocabulary does not know,
    a dose written in prose)."""

    line_end_bonus: float = 0.5  # a cell that ends its line
    anchor_penalty: float = 3.0  # a registry id or a bracketed citation inside a text cell
    sentence_end_bonus: float = 0.3  # free text that ends a sentence
    semantic_base: float = 2.0  # a vocabulary cell with a word of its vocabulary
    semantic_hit: float = 0.3  # each word it explains
    semantic_miss: float = 0.6  # each word it does not
    rival_penalty: float = 0.8  # each word another column's vocabulary names
    unexplained_base: float = 0.5  # tolerant: a vocabulary cell none of whose words its vocabulary names
    not_stated: float = 1.0  # tolerant: a vocabulary cell that says it is not stated ("N/A", "Unknown")
    dose_extra_word: float = 0.3  # tolerant: a word of a dose cell that is no dose and no dose filler
    bare_power: float = 1.0  # tolerant: a dose cell that writes a power and no coefficient ("x10(6)/kg")
    empty_other: float = 0.3  # tolerant: an empty column of words no vocabulary names (often a header's modifier)
    empty_text: float = 0.6  # tolerant: an empty column of text of a named kind (country, phase, outcome)
    empty_typed: float = 1.5  # tolerant: an empty count, dose, registry or vocabulary column
    max_tokens: int = 30  # tolerant: the most words of a vocabulary or dose cell
    misfit: float = 0.5  # tolerant: a word unlike its text column's cells (a count in a country cell)
    min_filled_share: float = 0.6  # tolerant: of the named columns, the share a row fills


SEGMENT = SegmentSettings()
_WORD = re.compile(r"[A-Za-z]{2}")
_ARM_ROLES = {"patients", "dose", "registry", "administration"}  # a row states at least one of these


@dataclass(frozen=True)
class Parse:
    cells: dict[str, str]  # the filled columns' text by role
    score: float
    empty: tuple[int, ...] = ()  # columns left empty (the tolerant reading only)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # the filled columns' words (i, j) by role


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


Scorer = Callable[[int, int], float | None]
# The best (total score, end) for a cell that starts at word p, among its possible ends (ascending),
# given what ending at each brings (`after`); None when no end fits.
Chooser = Callable[[int, list[int], dict[int, float]], tuple[float, int] | None]


def _each_end(score_of: Scorer) -> Chooser:
    """Tries every end, the longest first: among equal scores the longer cell wins."""

    def choose(p: int, ends: list[int], after: dict[int, float]) -> tuple[float, int] | None:
        top = None
        for j in reversed(ends):
            local = score_of(p, j)
            if local is not None and (top is None or local + after[j] > top[0]):
                top = (local + after[j], j)
        return top

    return choose


_RANGE_WORDS = frozenset(("~", "to"))  # not a dash alone: it may be an empty cell


def _patients_scorer(row: RowText, tolerant: bool) -> Scorer:
    tokens, span = row.tokens, row.span

    def patients(i: int, j: int) -> float | None:
        first = tokens[i].text
        if j - i == 1 and NOT_STATED.match(first):
            return 1.0
        if j + 1 < len(tokens) and tokens[j].text in _RANGE_WORDS and tokens[j + 1].text[:1].isdigit() \
                or i > 1 and tokens[i - 1].text in _RANGE_WORDS and tokens[i - 2].text[-1:].isdigit():
            return None  # "220 ~ 450": a range's end, no count
        if _YEAR.match(first) and i and tokens[i - 1].text.lower() in _DATE_WORDS:
            return None  # "Started in 2014": a date, not a count
        if _PATIENTS_CELL.match(span(i, j)):
            return 2.5 if _LABELLED_COUNT.match(first) else 2.0
        if not _PATIENTS.match(first):
            return None
        if j - i == 1:
            return 2.0
        text = span(i, j)  # "12 (6 SLE, 6 RA)"
        return 2.0 if text[len(first):].strip().startswith("(") and text.rstrip(".,;").endswith(")") else None

    return patients


def _dose_scorer(row: RowText, tolerant: bool, bare: bool = False) -> Scorer:
    """A dose cell: one dose or a list of them; tolerantly also doses in prose ("A median dosage of
    0.9 x 10(6)/kg"), less each word that is no dose word, or a bare power. Under a header that
    states the unit (`bare`), a bare number or range ("1.5", "0.5–1") is a dose too."""
    span = row.span
    explained, strong = row.flags("dose")

    def dose(i: int, j: int) -> float | None:
        covered = strong[j] - strong[i]  # a whole dose has all its words covered; a list, two doses at least
        if not tolerant and covered < 2 and covered != j - i and j - i > NOT_STATED_WORDS:
            return None
        text = span(i, j)
        if j - i <= NOT_STATED_WORDS and NOT_STATED.match(text):
            return 1.0
        if covered == j - i and is_dose(text):
            return 3.0
        if covered >= 2 and _dose_list(text):
            return 2.5
        if covered and text[:1].isdigit() and dose_counts(text):
            return 3.0  # "1 × 10^6 (9); 3 × 10^6 (5)": dose groups with their patients
        if j - i <= MAX_TOKENS["dose"] and text[:1].isdigit() and millions_cell(text):
            return 2.5  # "6-30M", "0.7 M, 1.4 M": millions, as a dose column writes them
        if bare and j - i <= BARE_DOSE_WORDS and BARE_DOSE.fullmatch(text):
            return 2.0
        if bare and j - i <= MAX_TOKENS["dose"] and GROUP_LABEL.match(text) and labelled_doses(text, []):
            return 2.5  # "group A: 1, group B: 3": dose groups by their labels
        if not tolerant:
            return None
        if strong[j] > strong[i]:
            return 3.0 - SEGMENT.dose_extra_word * ((j - i) - (explained[j] - explained[i]))
        return SEGMENT.bare_power if j - i <= 2 and mentions_power(text) else None

    return dose


def _registry_scorer(row: RowText, tolerant: bool) -> Scorer:
    span = row.span

    def registry(i: int, j: int) -> float | None:
        text = span(i, j)
        if NOT_STATED.match(text) or text.lower().rstrip(".") in ("not registered", "none", "nr"):
            return 1.0
        if _BARE_NCT.match(text):
            return 2.5
        rest = REGISTRY_ID.sub("", text).strip(" ,;/and&")
        return 3.0 if REGISTRY_ID.search(text) and not rest else None

    return registry


def _reference_scorer(row: RowText, tolerant: bool) -> Scorer:
    span = row.span

    def reference(i: int, j: int) -> float | None:
        if j - i > 2:
            return None
        text = span(i, j)
        return (2.0 if text.startswith(("[", "(")) else 1.0) if _REFERENCE.match(text) else None

    return reference


def _year_scorer(row: RowText, tolerant: bool) -> Scorer:
    span = row.span

    def year(i: int, j: int) -> float | None:
        text = span(i, j)
        return 2.0 if _YEAR.match(text) or _YEAR_CITED.match(text) else None

    return year


def _row_scorer(row: RowText, tolerant: bool) -> Scorer:
    """The row counter of a first column headed "No.": a small number."""
    span = row.span
    return lambda i, j: 1.0 if j - i == 1 and _ROW_NUMBER.match(span(i, j)) else None


# Patient counts, doses, registry ids, citation numbers, years and row numbers: scored by their form.
_TYPED_SCORERS = {"patients": _patients_scorer, "dose": _dose_scorer, "registry": _registry_scorer,
                  "reference": _reference_scorer, "year": _year_scorer, "row": _row_scorer}


def _rivals(key: str, row: RowText, present: set[str]) -> list[int]:
    """Prefix sums of the words the vocabularies of the table's other vocabulary columns name."""
    own = set(key.split("+"))
    others = [row.strong_prefix[o] for o in present - own if o in SEMANTIC and o != "administration"]
    if len(others) == 1:
        return others[0]
    return list(map(sum, zip(*others, strict=True))) if others else [0] * (len(row.tokens) + 1)


class _SemanticCells:
    """A vocabulary cell: the more of its words its vocabulary explains the better, the more
    another column's vocabulary names the worse. Only the tolerant reading takes a cell whose
    vocabulary names none of its words."""

    def __init__(self, key: str, row: RowText, present: set[str], tolerant: bool):
        self.row, self.role, self.tolerant = row, key.split("+")[0], tolerant
        self.hits, self.strong = row.flags(key)
        self.anchor = row._prefix["anchor"]
        self.rivals = _rivals(key, row, present)
        # Strictly, a cell none of whose words the vocabulary names is no cell; shorter ones name fewer.
        self.stops = not tolerant and self.role != "origin"
        # Tolerantly, such a cell too long to say it is not stated is scored as unexplained words.
        self.unexplained_from = NOT_STATED_VOCABULARY_WORDS if tolerant and self.role != "origin" else None

    def weigh(self, base: float, i: int, j: int) -> float:
        s, hits, rivals, anchor = SEGMENT, self.hits, self.rivals, self.anchor
        h = hits[j] - hits[i]
        return (base + s.semantic_hit * h - s.semantic_miss * (j - i - h) - s.rival_penalty * (rivals[j] - rivals[i])
                - s.anchor_penalty * (anchor[j] - anchor[i]))

    def unnamed(self, i: int, j: int) -> float | None:
        """A cell none of whose words its vocabulary names: an origin that says it is not stated,
        and in the tolerant reading a cell that says so or has words."""
        if self.role == "origin" and NOT_STATED.match(self.row.span(i, j)):
            return self.weigh(SEGMENT.semantic_base, i, j)
        if not self.tolerant:
            return None
        if j - i <= NOT_STATED_VOCABULARY_WORDS and NOT_STATED.match(self.row.span(i, j)):
            return SEGMENT.not_stated
        if self.row.worded[j] == self.row.worded[i]:
            return None
        return self.weigh(SEGMENT.unexplained_base, i, j)

    def choose(self, p: int, ends: list[int], after: dict[int, float]) -> tuple[float, int] | None:
        top, strong, named, worded = None, self.strong, self.strong[p], self.row.worded
        hits, rivals, anchor = self.hits, self.rivals, self.anchor
        base, hit, miss, rival, anchored = (SEGMENT.semantic_base, SEGMENT.semantic_hit, SEGMENT.semantic_miss,
                                            SEGMENT.rival_penalty, SEGMENT.anchor_penalty)
        unexplained = p + self.unexplained_from if self.unexplained_from is not None else len(strong)
        for j in reversed(ends):
            if strong[j] != named or (j > unexplained and worded[j] != worded[p]):
                # `weigh`, written out: this loop runs for every start and end
                h = hits[j] - hits[p]
                local = ((base if strong[j] != named else SEGMENT.unexplained_base) + hit * h - miss * (j - p - h)
                         - rival * (rivals[j] - rivals[p]) - anchored * (anchor[j] - anchor[p]))
            elif self.stops:
                break
            elif (local := self.unnamed(p, j)) is None:
                continue
            if top is None or local + after[j] > top[0]:
                top = (local + after[j], j)
        return top


def _chooser(key: str, row: RowText, present: set[str], tolerant: bool, bare_dose: bool = False) -> Chooser:
    """How a column of `key` picks where a cell ends: by how well words i..j fill it (None when
    they cannot), with the row's counts looked up once."""
    role = key.split("+")[0]
    if role == "dose" and bare_dose:
        return _each_end(_dose_scorer(row, tolerant, bare=True))
    if role in TYPED:
        return _each_end(_TYPED_SCORERS[role](row, tolerant))
    if role in SEMANTIC:
        return _SemanticCells(key, row, present, tolerant).choose
    return _free_chooser(role, row, tolerant)


def _free_chooser(role: str, row: RowText, tolerant: bool) -> Chooser:
    """A text cell takes any words; less for a registry id or a citation, and, tolerantly, for a word
    unlike the column's cells; a little more for one that ends a sentence."""
    # a registry id or a citation is no text, except where a study cell cites its paper ("Cai, 2016 [8]")
    anchor = row._prefix["anchor"] if role != "study" else [0] * (len(row.tokens) + 1)
    closing = row.closing
    misfits = row.misfits(role)
    penalty = -SEGMENT.anchor_penalty

    def choose(p: int, ends: list[int], after: dict[int, float]) -> tuple[float, int] | None:
        top, anchored = None, anchor[p]
        for j in reversed(ends):
            local = penalty * (anchor[j] - anchored) + closing[j]
            if misfits:
                local = local - SEGMENT.misfit * (misfits[j] - misfits[p])
            if top is None or local + after[j] > top[0]:
                top = (local + after[j], j)
        return top

    return choose


def segment(row: RowText, columns: list[Column], tolerant: bool = False, bare_dose: bool = False) -> Parse | None:
    """The best split of a row's words over the columns (dynamic programming over word positions,
    from the last column back; only the positions from which the later columns can be filled
    are kept). The strict reading fills every column; the tolerant one may leave columns empty."""
    total = len(row.tokens)
    present = {r for c in columns for r in (c.role, *c.also)}
    reach = _reachable(columns, total, tolerant)
    # later[c]: for each word position from which columns c.. can be filled, (best score, end of column c)
    later: list[dict[int, tuple[float, int]]] = [{} for _ in columns] + [{total: (0.0, total)}]
    for c in range(len(columns) - 1, -1, -1):
        later[c] = _fill_column(row, columns[c].key, present, later[c + 1], tolerant, reach[c], bare_dose)
        if not later[c]:
            return None
    if 0 not in later[0]:
        return None
    cells, spans, empty, p = {}, {}, [], 0
    for c, column in enumerate(columns):
        j = later[c][p][1]
        if j > p:
            cells[column.role], spans[column.role] = row.span(p, j), (p, j)
        else:
            empty.append(c)
        p = j
    return Parse(cells, later[0][0][0], tuple(empty), spans)


def _longest(role: str, tolerant: bool, total: int) -> int:
    """The most words a column of the role takes."""
    longest = MAX_TOKENS.get(role, total)
    if tolerant and (role in SEMANTIC or role == "dose"):
        longest = max(longest, SEGMENT.max_tokens)
    return longest


def _reachable(columns: list[Column], total: int, tolerant: bool) -> list[range]:
    """For each column, the word positions it can start at when the row is read from its first
    word: after at least one word per earlier column (none in the tolerant reading, where columns
    may stay empty) and at most the most words each earlier column takes."""
    reach, low, high = [], 0, 0
    for column in columns:
        reach.append(range(low, min(high, total) + 1))
        low += 0 if tolerant else 1
        high += _longest(column.role, tolerant, total)
    return reach


def _fill_column(row: RowText, key: str, present: set[str], following: dict[int, tuple[float, int]],
                 tolerant: bool, starts: range, bare_dose: bool = False) -> dict[int, tuple[float, int]]:
    """For each position in `starts` a column of `key` can start at, with the later columns filled
    from where it ends: the best total score and that end (the start itself for a column left empty)."""
    total = len(row.tokens)
    role = key.split("+")[0]
    ends = _cell_ends(row, following)
    # what ending at j brings: the later columns' best, and a little for a cell that ends its line
    bonus = row.end_bonus
    after = {j: following[j][0] + bonus[j] for j in ends}
    longest = _longest(role, tolerant, total)
    choose, best = _chooser(key, row, present, tolerant, bare_dose), {}
    may_start = row.may_start(key, tolerant)
    delimiter = row.next_delimiter if row.delimited else None  # a cell ends at the first delimiter
    for p in range(starts.start, min(starts.stop, total)):
        if not may_start[p]:
            continue
        limit = p + longest if delimiter is None else min(p + longest, delimiter[p])
        first = bisect_right(ends, p)
        last = bisect_right(ends, limit, first)
        if first < last and (top := choose(p, ends[first:last], after)) is not None:
            best[p] = top
    if tolerant:
        _leave_empty(best, {p: v for p, v in following.items() if p in starts}, _empty_penalty(role))
    return best


def _cell_ends(row: RowText, following: dict[int, tuple[float, int]]) -> list[int]:
    """Where a cell may end, ascending: where the later columns can start, at a delimiter in a
    delimited row, and never inside a dose ("4 × 107 cells" is one cell: a column of numbers before
    the dose column takes no "4" from it)."""
    keys = following.keys() & row.cell_end_set if row.delimited else following.keys()
    return sorted(keys - row.inside_dose if row.inside_dose else keys)


def _empty_penalty(role: str) -> float:
    if role in TYPED or role in SEMANTIC:
        return SEGMENT.empty_typed
    return SEGMENT.empty_other if role == "other" else SEGMENT.empty_text


def _leave_empty(best: dict[int, tuple[float, int]], following: dict[int, tuple[float, int]], penalty: float) -> None:
    """Adds, where it scores better, the column left empty: the later columns start where it would have."""
    for p, (score, _) in following.items():
        if p not in best or score - penalty > best[p][0]:
            best[p] = (score - penalty, p)


def accepts(parse: Parse, columns: list[Column], row: RowText) -> bool:
    """A tolerant reading makes a row when it fills most named columns and states an arm's count,
    dose or registry id. A vocabulary column counts as filled where its vocabulary names a word
    of the cell, a text column where the cell has words, not numbers alone."""
    named = [c for c in columns if c.role != "other"]
    filled = [c for c in named if c.role in parse.cells and _filled(c, parse.spans[c.role], row)]
    if len(filled) < SEGMENT.min_filled_share * len(named):
        return False
    return bool(_ARM_ROLES & {r for c in filled for r in (c.role, *c.also)})


def _filled(column: Column, span: tuple[int, int], row: RowText) -> bool:
    i, j = span
    if column.role in TYPED or NOT_STATED.match(row.span(i, j)):
        return True
    if column.role in SEMANTIC:
        strong = row.flags(column.key)[1]
        return strong[j] > strong[i]
    return row.worded[j] > row.worded[i]


_ANY_COUNT = re.compile(r"(?:^|\s)(?:n\s*=\s*)?\d{1,5}(?=[\s.,;(/]|$)")
_PLACEHOLDER = re.compile(r"(?:^|\s)(?:unknown|n/?a|nr|none|not \w+|-|–|—)(?=\s|$|[.;,])", re.IGNORECASE)


def _may_accept(text: str, columns: list[Column]) -> bool:
    """A cheap necessary condition for a tolerant reading to make a row: a number, and a word at
    least for each named column it must fill."""
    named = sum(c.role != "other" for c in columns)
    return bool(re.search(r"\d", text)) and len(text.split()) >= SEGMENT.min_filled_share * named


def _may_complete(text: str, roles: set[str]) -> bool:
    """A cheap necessary condition for a complete row: every typed column has something to take."""
    if "registry" in roles and not (REGISTRY_ID.search(text) or _PLACEHOLDER.search(text)):
        return False
    if "year" in roles and not _ANY_YEAR.search(text):
        return False
    if "patients" in roles and not _ANY_COUNT.search(text) \
            and not _PLACEHOLDER.search(text):
        return False
    return "dose" not in roles or bool(find_doses(text)) or bool(_PLACEHOLDER.search(text))


# ---------------------------------------------------------------- rows' own cells


def row_cells(parse: Parse, columns: list[Column]) -> dict[str, str]:
    """A row's cells by role: a joint column's text stands for each of its roles. (The year and the
    citation a study or year cell carries are read by the arm builder, for every kind of table.)"""
    cells = dict(parse.cells)
    for column in columns:
        text = cells.get(column.role) if column.role != "other" else None
        for role in column.also if text else ():
            cells.setdefault(role, text)
    return cells


HEADING_CHARS = 60  # the longest line read as a heading over rows

# A control-arm line after a study's line: "C 4/5 Insulin ...", "C12 10/11 ...", "Control 20 placebo".
_CONTROL_LINE = re.compile(r"^(?:C|CG|Ctrl|[Cc]ontrols?|[Pp]lacebo|[Ss]ham)\d{0,2}[:.]?(?:\s+group)?(?:\s|$)")


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


def _next_arm(line: str, lexicons: dict[str, Lexicon]) -> bool:
    """A line of a count and a dose, or a dose alone ("20 2 × 106/kg", "2x107"): the next arm of the row above."""
    kind, cells = read_continuation(line, lexicons)
    return kind == "arm" and cells.keys() <= {"patients", "dose"}


# ---------------------------------------------------------------- whole tables


def _next_row_number(group: RowGroup, line: str) -> bool:
    """Whether a line opens with the number of the row after `group` in a table that counts its rows."""
    number = (group.cells.get("row") or "").strip().rstrip(".")
    first = line.split(maxsplit=1)[0].rstrip(".") if line else ""
    return number.isdigit() and first.isdigit() and int(first) == int(number) + 1


class TableReader:
    """Reads every text table of one document."""

    def __init__(self, lines: list[str], lexicons: dict[str, Lexicon] | None = None):
        self.lines = lines
        self.base = lexicons or load()
        self._parses: dict[tuple, Parse | None] = {}
        self._rows: dict[tuple, RowText] = {}
        self._bare: dict[int, bool] = {}

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
        """The header starting at line i, on one line, wrapped over a few lines (its names' first words
        on the first), or one column name per line; and its last line."""
        columns = read_header(self.lines[i])
        if columns is not None and i + 1 < len(self.lines) and self.lines[i + 1].strip():
            wrapped = wrapped_header(self._header_lines(i)) or spanning_header(self._header_lines(i, SPANNING_LINES + 1))
            flowed = flowed_header(self._header_lines(i, FLOWED_LINES + 1))
            if flowed is not None and (wrapped is None or flowed[1] > wrapped[1]):
                wrapped = flowed  # the text running on over more lines than the names wrapped under each other
            if wrapped is not None:
                return wrapped[0], i + wrapped[1] - 1
        if columns is not None:
            return columns, i
        stacked = []
        for k in range(i, min(len(self.lines), i + MAX_HEADER_LINES)):
            name = self.lines[k].strip().lower().rstrip(":")
            if name.replace("-", " ") not in header_phrases():
                break
            stacked.append(self.lines[k].strip())
        if len(stacked) >= 3:
            columns = read_header(" ".join(stacked))
            if columns is not None and len(columns) == len(stacked):
                return columns, i + len(stacked) - 1
        return None, i

    def _header_lines(self, i: int, most: int = WRAP.max_lines) -> list[str]:
        """Line i and the lines after it a wrapped header may take: none that heads the rows below."""
        lines = [self.lines[i]]
        for line in self.lines[i + 1:i + most]:
            text = line.strip()
            if not text or SECTION_ROW.match(text) or group_heading(text, self.base["disease"], self.base["cell_source"]):
                break
            lines.append(line)
        return lines

    def _title(self, header_index: int) -> str | None:
        above = [ln.strip() for ln in self.lines[max(0, header_index - 4):header_index] if ln.strip()]
        captions = [k for k, ln in enumerate(above) if CAPTION.match(ln)]
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
                if nxt is not None and (broken := self._broken_row_end(start, i, columns)) is not None:
                    i = broken + 1
                    continue
                if nxt is not None and i > start and (resumed := self._rows_resume(i, columns)) is not None:
                    i = resumed
                    continue
                if nxt is None or not self._is_row(nxt, columns, self.base):
                    return i
            elif CAPTION.match(line) or read_legend(line) or read_header(line):
                return i
            i += 1
        return i

    def _rows_resume(self, blank: int, columns: list[Column]) -> int | None:
        """Where the rows go on after a row whose last cells were printed as paragraphs, blank lines
        between ("No severe adverse events" / "3 × 107 MSCs induced healing" / "[24]"): the next row within
        a few lines, with only such text before it. None where no row comes, or a caption, a legend or a
        header comes first."""
        seen = 0
        for k in range(blank + 1, len(self.lines)):
            line = self.lines[k].strip()
            if not line:
                continue
            if CAPTION.match(line) or read_legend(line) or read_header(line) or seen == PARAGRAPH_LINES:
                return None
            if len(line.split()) <= ROW_MAX_WORDS and self._is_row(k, columns, self.base):
                return k if seen else None
            seen += 1
        return None

    def _broken_row_end(self, start: int, blank: int, columns: list[Column]) -> int | None:
        """A row broken one cell per line with blank lines between, in a table whose first column
        counts the rows: the row's number alone on the line above the blank, then its cells. The
        last line of the row, where the lines from its number on first read as a whole row; None
        when they never do."""
        number = next((k for k in range(blank - 1, start - 1, -1) if self.lines[k].strip()), None)
        if number is None or columns[0].role != "row" or not _ROW_NUMBER.match(self.lines[number].strip()):
            return None
        indices = [number]
        for k in range(blank + 1, min(len(self.lines), blank + 4 * len(columns))):
            if not self.lines[k].strip():
                continue
            if len(indices) > 2 * len(columns):
                break
            indices.append(k)
            if any(self._complete(indices, columns, self.base, tolerant) for tolerant in (False, True)):
                return k
        return None

    def _complete(self, indices: list[int], columns: list[Column], lexicons: dict[str, Lexicon],
                  tolerant: bool = False) -> Parse | None:
        key = (tuple(indices), id(columns), id(lexicons), tolerant)
        if key not in self._parses:
            self._parses[key] = self._segment_lines(indices, columns, lexicons, tolerant)
        return self._parses[key]

    def _is_row(self, index: int, columns: list[Column], lexicons: dict[str, Lexicon]) -> bool:
        """Whether line `index` is a row of its own, by the strict reading or the tolerant one."""
        return bool(self._complete([index], columns, lexicons) or self._complete([index], columns, lexicons, True))

    def _segment_lines(self, indices: list[int], columns: list[Column], lexicons: dict[str, Lexicon],
                       tolerant: bool) -> Parse | None:
        text = " ".join(self.lines[k] for k in indices)
        if not (_may_complete(text, {c.role for c in columns}) if not tolerant else _may_accept(text, columns)):
            return None
        row = self._row_text(indices, lexicons)
        if not row.tokens:
            return None
        parse = segment(row, columns, tolerant, self._bare_dose(columns))
        return parse if parse and (not tolerant or accepts(parse, columns, row)) else None

    def _bare_dose(self, columns: list[Column]) -> bool:
        """Whether a dose column's header states the unit of bare numbers under it ("Dose (×106/kg)")."""
        key = id(columns)
        if key not in self._bare:
            self._bare[key] = any(c.role == "dose" and header_unit(c.header)[0] for c in columns)
        return self._bare[key]

    def _row_text(self, indices: list[int], lexicons: dict[str, Lexicon]) -> RowText:
        """The words of some lines with what each could be: made once for the strict and the
        tolerant reading alike."""
        key = (tuple(indices), id(lexicons))
        if key not in self._rows:
            self._rows[key] = RowText([(k + 1, self.lines[k]) for k in indices if self.lines[k].strip()], lexicons)
        return self._rows[key]

    def _legend_after(self, end: int) -> tuple[dict[str, str], int]:
        for k in range(end, min(end + 4, len(self.lines))):
            legend = read_legend(self.lines[k])
            if legend:
                return legend, k + 1
        return {}, end

    def _read_table(self, header_index: int, header_last: int, columns: list[Column]) -> TextTable:
        end = self._body_end(header_last + 1, columns)
        legend, after = self._legend_after(end)
        # the base lexicons themselves where no legend adds to them: the rows read while the body was bounded are kept
        lexicons = {**self.base, **legend_lexicons(legend, self.base)} if legend else self.base
        table = TextTable(columns, header_index + 1, self._title(header_index), legend=legend, line_end=after)
        body = [k for k in range(header_last + 1, end) if self.lines[k].strip()]
        self._read_rows(table, body, lexicons)
        return table

    def _read_rows(self, table: TextTable, body: list[int], lexicons: dict[str, Lexicon]) -> None:
        columns, pos = table.columns, 0
        while pos < len(body):
            if self._aside(table, body[pos]):
                pos += 1
                continue
            parse, stop = self._row_from(body, pos, columns, lexicons)
            if parse:
                cells = row_cells(parse, columns)
                if "disease" not in cells and table.sections and self._heading_disease(table, lexicons):
                    cells["disease"] = table.sections[-1][1]  # the heading the rows are grouped under
                table.groups.append(RowGroup(cells, body[pos] + 1, body[stop] + 1))
            elif not (table.groups and self._continue(table.groups[-1], body[pos], lexicons, columns[0].role == "row")):
                table.unread.append((body[pos] + 1, self.lines[body[pos]].strip()))
            pos = stop + 1

    def _row_from(self, body: list[int], pos: int, columns: list[Column],
                  lexicons: dict[str, Lexicon]) -> tuple[Parse | None, int]:
        """The row starting at body line `pos`, on that line or on it and the lines after it, and its
        last body line: by the strict reading, else by the tolerant one. A row wraps onto lines
        that are no rows of their own."""
        reach = min(len(body), pos + max(MAX_ROW_LINES, 2 * len(columns)))
        for tolerant in (False, True):
            if tolerant and _next_arm(self.lines[body[pos]], lexicons):
                break  # a count and a dose under a row: the row's next arm
            parse = self._complete([body[pos]], columns, lexicons, tolerant)
            if parse:
                return parse, pos
            for end in range(pos + 1, reach):
                line = self.lines[body[end]]
                next_arm = _next_arm(line, lexicons) and bool(self._complete([body[pos]], columns, lexicons, True))
                if next_arm or _CONTROL_LINE.match(line.strip()) or self._is_row(body[end], columns, lexicons):
                    break  # a row's next arm (after a line that is a row by itself), a control arm, a row
                parse = self._complete(body[pos:end + 1], columns, lexicons, tolerant)
                if parse:
                    return parse, end
        return None, pos

    def _aside(self, table: TextTable, index: int) -> bool:
        """A control-arm line after a row, or a heading that groups the rows: no arm, and no reject."""
        line = self.lines[index].strip()
        if table.groups and _CONTROL_LINE.match(line):
            table.groups[-1].controls.append(index + 1)
            return True
        if SECTION_ROW.match(line):
            table.sections.append((index + 1, line))
            return True
        heading = group_heading(line, self.base["disease"], self.base["cell_source"]) \
            if len(line) <= HEADING_CHARS else None
        has_disease = any(c.role == "disease" for c in table.columns)
        # a line naming a disease alone, where the rows' disease column has a cell of its own: a cell
        # type alone may be a row's wrapped cell
        if heading and self.base["disease"].find(heading) and (
                not has_disease or table.groups and "disease" in table.groups[-1].cells):
            table.sections.append((index + 1, heading))  # a disease or a therapy heading the rows below
            return True
        return False

    def _heading_disease(self, table: TextTable, lexicons: dict[str, Lexicon]) -> bool:
        return bool(lexicons["disease"].find(table.sections[-1][1]))

    def _continue(self, group: RowGroup, index: int, lexicons: dict[str, Lexicon], counted: bool = False) -> bool:
        """Adds a continuation line to the row above; False when there is nowhere to put it. In a
        table whose first column counts the rows (`counted`), a bare small number starts a row
        whose cells did not follow, and so does a line opening with the next row's number ("5 NCT0... "
        under row 4): neither is an arm or a part of the row above."""
        line = self.lines[index].strip()
        if counted and (_ROW_NUMBER.match(line) or _next_row_number(group, line)):
            return False
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
