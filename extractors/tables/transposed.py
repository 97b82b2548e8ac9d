"""Transposed text tables: one study per column, one characteristic per row, read into a `Grid`.

Reviews often print their comparison of trials sideways. Scraped as text, such a table is a
block of study headers ("Smith (2019) [12] Lee", "(2020) [14]": names, years and citations,
broken over lines wherever the page wrapped them), then one line per characteristic: a row
label followed by one value per study ("Patients 40 12 25", "Source of MSC BM UC AD").

The reader turns it the right way round, so the column-role reader and the arm builder serve it
like any other table: the grid's header is "Study", "Year", "Reference" and the row labels as
printed ("Dose per infusion (×106/kg)" keeps its unit), and each study is one body row.

Found by layout alone, in three steps, the first cheap enough to run on every document:
1. lines ending in at least two numeric tokens, in runs (a table's numeric rows);
2. the number k of studies, as the number of numeric values those rows share, and the study
   header above them, which must close exactly k studies on a year or a citation;
3. every row between the header and a blank line, legend or caption split into a label and k
   values. Numeric values split by themselves; a row of words ("phase 3 phase 3 expanded access")
   is split by the cheapest segmentation (`_split_row`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from extractors.document import Cell, Grid
from extractors.tables.headers import CAPTION
from extractors.tables.layouts import TextGrid, caption_above, is_legend, legend_below
from extractors.vocabulary import load


@dataclass(frozen=True)
class TransposedSettings:
    """The bounds and weights the transposed-table reader works with."""

    min_studies: int = 2
    max_studies: int = 16
    min_numeric_rows: int = 2  # rows whose every value is a number or a missing mark
    max_row_gap: int = 4  # lines between two numeric rows of one table (text rows)
    max_text_rows_above: int = 6  # text rows between the study header and the first numeric row
    max_header_lines: int = 40  # lines the study header may be broken over
    max_name_tokens: int = 6  # "van der Berg et al." and a footnote mark
    max_unclosed_name_tokens: int = 3  # a last study with neither year nor citation ("Present study c")
    max_label_tokens: int = 10
    max_value_tokens: int = 4  # "63.5 (71.5) d", "1.5 × 106"
    # Costs of splitting a row of words into a label and k values; the cheapest split wins.
    extra_token_cost: float = 1.0  # each further word of a value no shape or vocabulary explains
    label_token_cost: float = 0.1  # each word of the label: labels are short
    echo_cost: float = 2.0  # each label word that is also among the values: it is a value
    known_label_bonus: float = 1.0  # a label that is a column name of the vocabulary ("Cell source", "Design")
    split_phrase_cost: float = 2.0  # a vocabulary phrase ("bone marrow") cut between two cells
    shared_word_cost: float = 0.5  # each word of such a value that the row also prints on its own
    max_unexplained_per_study: float = 0.5  # a row whose values need more extra words is not a row
    max_skipped_rows: int = 2  # lines in a row that are no row (headings, rows that do not split) inside a table


SETTINGS = TransposedSettings()

_NUM = r"[<>≤≥~±−-]?\d+(?:[.,·]\d+)?(?:/\d+)?(?:[–-]\d+(?:[.,·]\d+)?)?%?"
_MISSING = r"[-–—]|n\.?[ar]\.?|N\.?[AR]\.?|NE|ND|NS"
_NUMERIC_TOKEN = re.compile(rf"(?:{_NUM}|{_MISSING})")
_OPERATORS = {"±", "×", "x", "+/-"}
_FOOTNOTE = re.compile(r"[a-z*†‡§]")  # a footnote mark glued to a label or value by scraping
# A numeric value: a number or missing mark with an optional "± SD" or "× 10n", a parenthetical
# ("(71.5)", "(12–40)") and a footnote mark.
_NUMERIC_VALUE = re.compile(rf"(?:{_NUM}|{_MISSING})(?:\s*[±×x]\s*{_NUM})?(?:\s+\([^()]*\))?(?:\s+[a-z*†‡§])?")
# A word with a number: "phase 3", "phase I/II", "grade 2b".
_WORD_NUMBER = re.compile(r"[A-Za-z][a-z]+\s+(?:\d+|[IVX]+)[ab]?(?:\s*/\s*(?:\d+|[IVX]+)[ab]?)?(?:\s+[a-z*†‡§])?")
_SHAPE_START = re.compile(r"[a-z]{3,}")  # "phase", "grade": a lower-case word a number completes
_TRAILING_NOTE = re.compile(r"(?:\s+\([^()]*\))?(?:\s+[a-z*†‡§])?$")
_YEAR = re.compile(r"\(?((?:19|20)\d{2})[a-z]?\)?[.,;]?")
_CITATION = re.compile(r"\[(\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\][.,;]?")
_STUDY_MARK = re.compile(r"\((?:19|20)\d{2}[a-z]?\)|\[\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\]")
_VALUE_LEXICONS = ("cell_source", "route", "disease", "origin")
# Study designs a "Design" or "Type of study" row names in several words. (Vocabulary: belongs with
# the lexicons in vocabulary.toml once a design code is wanted there.)
DESIGN_PHRASES = ("expanded access", "compassionate use", "case series", "case report", "single arm", "open label",
                  "randomized controlled", "randomised controlled", "non randomized", "non randomised", "dose escalation",
                  "pilot study", "cohort study", "real world", "single center", "single centre", "multi center",
                  "multi centre", "phase i/ii", "phase 1/2", "phase ii/iii", "phase 2/3")
_DESIGN = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in DESIGN_PHRASES)
                     + r")(?![\w])", re.IGNORECASE)
_NAME_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "le", "la", "du", "dos", "ten", "ter"}
_CORNER_WORDS = {"study", "studies", "author", "authors", "trial", "trials", "characteristic", "characteristics",
                 "variable", "variables", "parameter", "parameters", "feature", "features", "item", "items"}
_CONNECTIVES = {"of", "and", "or", "per", "to", "at", "in", "on", "the", "for", "with", "by", "from", "&", "+", "/"}


@dataclass
class Study:
    """One column of a transposed table: its header as printed and what the header says."""

    line: int  # 0-based index of the line its header starts on
    words: list[str]
    year: str | None = None
    reference: str | None = None

    @property
    def name(self) -> list[str]:
        return [w for w in self.words if not _YEAR.fullmatch(w) and not _CITATION.fullmatch(w)]

    @property
    def closed(self) -> bool:
        return self.year is not None or self.reference is not None


@dataclass(frozen=True)
class Row:
    """One characteristic: its label as printed and one value per study."""

    index: int  # 0-based index of its first line
    last: int  # and of its last: a label may break over two lines
    label: str
    values: tuple[str, ...]

    @property
    def numeric(self) -> bool:
        return all(_NUMERIC_VALUE.fullmatch(v) for v in self.values)


def transposed_grids(lines: list[str], settings: TransposedSettings = SETTINGS) -> list[TextGrid]:
    """Every transposed table in a document's lines, as a grid with one body row per study."""
    numeric = [i for i, line in enumerate(lines) if _ends_numeric(line)]
    if len(numeric) < settings.min_numeric_rows:
        return []
    grids: list[TextGrid] = []
    taken = -1
    for run in _runs(lines, numeric, settings):
        if run[0] <= taken:
            continue
        found = _table_at(lines, run, settings)
        if found is not None:
            grid, last = found
            grids.append(grid)
            taken = last
    return grids


# ---------------------------------------------------------------- step 1: the cheap scan


def _ends_numeric(line: str) -> bool:
    """A line with a label and at least two numeric tokens at its end ("Patients 40 12 25")."""
    text = line.rstrip()
    if not text or not (text[-1].isdigit() or text[-1] in "%-–—)"):
        return False
    if text[-1] == ")":  # "Age, y 37 (20–57) 42 (19–51)": values with their ranges
        return _numeric_count(text.split()) >= 2
    parts = text.rsplit(None, 2)
    return len(parts) == 3 and all(_NUMERIC_TOKEN.fullmatch(p) for p in parts[1:])


def _runs(lines: list[str], numeric: list[int], settings: TransposedSettings) -> list[list[int]]:
    """Numeric lines grouped into runs: no blank line and at most `max_row_gap` lines between two."""
    runs: list[list[int]] = [[numeric[0]]]
    for i in numeric[1:]:
        previous = runs[-1][-1]
        if i - previous <= settings.max_row_gap and all(lines[k].strip() for k in range(previous, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    return [run for run in runs if len(run) >= settings.min_numeric_rows]


# ---------------------------------------------------------------- step 2: studies and their header


def _table_at(lines: list[str], run: list[int], settings: TransposedSettings) -> tuple[TextGrid, int] | None:
    """The transposed table around a run of numeric lines, and its last line index; None when the
    lines above hold no study header that counts as many studies as the rows have values."""
    counts = Counter(_numeric_count(lines[i].split()) for i in run)
    for k, seen in counts.most_common():
        if seen < settings.min_numeric_rows or not settings.min_studies <= k <= settings.max_studies:
            continue
        header_end = _header_end(lines, run[0], k, settings)
        header = _header(lines, header_end, k, settings) if header_end >= 0 else None
        if header is None:  # rows of values it cannot split, or a heading of rows ("Baseline features"), above
            header_end, header = _header_further_up(lines, run[0], k, settings)
        elif not (header[-1].year or header[-1].reference):  # a last study of no year or citation, or a heading
            closed_end, closed = _header_further_up(lines, header_end, k, settings)  # over the rows under k studies
            if closed is not None:
                header_end, header = closed_end, closed
        if header is None:
            continue
        rows = _body(lines, header_end + 1, k, settings)
        if sum(row.numeric for row in rows) >= settings.min_numeric_rows:
            return _grid(lines, header, rows, settings), rows[-1].last
    return None


def _numeric_count(tokens: list[str]) -> int:
    """How many numeric values end a row, read from the right ("… 63.5 (71.5) d" is one)."""
    return len(_numeric_tail(tokens))


def _numeric_tail(tokens: list[str]) -> list[int]:
    """Where each numeric value at the end of a row starts, right to left; the label keeps its first token."""
    starts, i = [], len(tokens)
    while i > 1:
        j = i
        if _FOOTNOTE.fullmatch(tokens[j - 1]):
            j -= 1
        if j > 1 and tokens[j - 1].endswith(")") and tokens[j - 1].startswith("("):
            j -= 1
        if j < 2 or not _NUMERIC_TOKEN.fullmatch(tokens[j - 1]):
            break
        j -= 1
        if j > 2 and tokens[j - 1] in _OPERATORS and _NUMERIC_TOKEN.fullmatch(tokens[j - 2]):
            j -= 2  # "35 ± 4", "1 × 106": one value
        starts.append(j)
        i = j
    return starts


def _header_end(lines: list[str], first_numeric: int, k: int, settings: TransposedSettings) -> int:
    """Index of the study header's last line: above the first numeric row, past its text rows."""
    i = first_numeric - 1
    while i >= 0 and first_numeric - i <= settings.max_text_rows_above:
        if not lines[i].strip() or split_row(lines[i], k, settings) is None:
            return i if lines[i].strip() else -1
        i -= 1
    return -1


def _header_further_up(lines: list[str], first_numeric: int, k: int,
                       settings: TransposedSettings) -> tuple[int, list[Study] | None]:
    """The study header above a first numeric row with other lines between: the nearest line above
    that ends k study headers, past lines that are no header (a heading of rows, a row of values)."""
    for end in range(first_numeric - 1, max(-1, first_numeric - 1 - settings.max_text_rows_above), -1):
        if not lines[end].strip():
            break
        header = _header(lines, end, k, settings)
        if header is not None and (header[-1].year or header[-1].reference):  # a heading is no study
            return end, header
    return -1, None


def _header(lines: list[str], end: int, k: int, settings: TransposedSettings) -> list[Study] | None:
    """The k studies whose headers end on line `end`, read upwards until the first study's name
    starts a line; None when the lines there do not read as k study headers."""
    for top in range(end, max(-1, end - settings.max_header_lines), -1):
        if not lines[top].strip() or CAPTION.match(lines[top]):
            return None
        studies = _studies(lines, top, end, settings)
        if studies is None:
            continue
        if len(studies) > k:
            return None
        if len(studies) == k and studies[0].name and studies[0].line == top:
            _drop_corner(studies[0])
            return studies
    return None


def _drop_corner(first: Study) -> None:
    """The header's corner cell ("Study", "Characteristics") printed before the first study's name."""
    if len(first.name) > 1 and first.words[0].lower().strip(":") in _CORNER_WORDS:
        del first.words[0]


def _studies(lines: list[str], top: int, end: int, settings: TransposedSettings) -> list[Study] | None:
    """Study headers in lines top..end: names, each closed by a year and/or a citation. Only the
    last may have neither (the article's own study); None when a name is not a name."""
    studies: list[Study] = []
    for index in range(top, end + 1):
        for word in _header_words(lines[index]):
            _add_header_word(studies, word, index)
    if not studies or any(not s.closed for s in studies[:-1]):
        return None
    if not studies[-1].closed and len(studies[-1].words) > settings.max_unclosed_name_tokens:
        return None
    if not all(_is_name(s.name, settings) for s in studies):
        return None
    return studies


def _is_name(words: list[str], settings: TransposedSettings) -> bool:
    """A study's name as headers print it: "Smith", "van der Berg et al.", "Lee c", "Present study";
    empty for a study whose year or citation follows the previous one's."""
    if not words:
        return True
    first = words[0]
    if len(words) > settings.max_name_tokens or not (first[:1].isupper() or first.lower() in _NAME_PARTICLES):
        return False
    return not any(_NUMERIC_TOKEN.fullmatch(w) for w in words)


def _header_words(line: str) -> list[str]:
    """A header line's words, a citation broken at its commas ("[12,", "13]") kept whole."""
    words: list[str] = []
    for word in line.split():
        if words and words[-1].startswith("[") and "]" not in words[-1]:
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def _add_header_word(studies: list[Study], word: str, index: int) -> None:
    """One header word: a year or citation closes the current study; a name word after a closed
    study opens the next; a footnote mark after a closed study stays with it."""
    year, citation = _YEAR.fullmatch(word), _CITATION.fullmatch(word)
    current = studies[-1] if studies else None
    if year or citation:
        if current is None or (year and current.year) or (citation and current.reference):
            current = Study(index, [])
            studies.append(current)
        current.words.append(word)
        if year:
            current.year = year.group(1)
        else:
            current.reference = re.sub(r"\s+", "", citation.group(1))
    elif current is not None and (not current.closed or _FOOTNOTE.fullmatch(word)):
        current.words.append(word)
    else:
        studies.append(Study(index, [word]))


# ---------------------------------------------------------------- step 3: rows into a label and k values


def _body(lines: list[str], start: int, k: int, settings: TransposedSettings) -> list[Row]:
    """The rows from `start` until a blank line, a caption, a legend or a third line in a row that is no row."""
    rows: list[Row] = []
    i, skipped = start, []
    while i < len(lines):
        line = lines[i].strip()
        if not line or CAPTION.match(line) or rows and is_legend(line):
            break  # (a line that reads like a legend before any row is a row that does not split)
        split = split_row(line, k, settings)
        span = 1
        if split is None and i + 1 < len(lines) and lines[i + 1].strip():
            split, span = split_row(f"{line} {lines[i + 1].strip()}", k, settings), 2  # a label broken over two lines
        if split is None:
            # a heading of rows ("Baseline features", "Outcomes"), or a row whose values do not split: passed
            # over while rows follow
            if len(skipped) >= settings.max_skipped_rows:
                break
            skipped.append(i)
            i += 1
            continue
        skipped = []
        rows.append(Row(i, i + span - 1, *split))
        i += span
    return rows


def split_row(line: str, k: int, settings: TransposedSettings = SETTINGS) -> tuple[str, tuple[str, ...]] | None:
    """A row as its label and k values, by the cheapest segmentation; None when it is no row.

    Each value is one token, or a shape several tokens make ("63.5 (71.5) d", "phase 3"), or a
    vocabulary phrase ("bone marrow"), or a phrase the row repeats; any other word a value
    takes costs `extra_token_cost`. The label is the rest: short, and sharing no word with the values.
    """
    tokens = line.split()
    n = len(tokens)
    if n < k + 1 or n > k * settings.max_value_tokens + settings.max_label_tokens or ";" in line:
        return None
    if _STUDY_MARK.search(line):
        return None
    starts = _numeric_tail(tokens)
    if len(starts) >= k:
        return _numeric_row(tokens, starts, k)
    if 2 * len(starts) >= k:
        return None  # a numeric row short of a value: a cell left blank, which study's cannot be told
    costs = _GroupCosts(tokens, settings)
    best = _segment(costs, n, k, settings)
    choice = _best_label(tokens, best, k, settings)
    if choice is None:
        return None
    cost, start = choice
    if cost > settings.max_unexplained_per_study * k:
        return None
    values, i = [], start
    for j in range(k, 0, -1):
        length = best[j][i][1]
        values.append(" ".join(tokens[i:i + length]))
        i += length
    return " ".join(tokens[:start]), tuple(values)


def _numeric_row(tokens: list[str], starts: list[int], k: int) -> tuple[str, tuple[str, ...]] | None:
    """A row ending in k numeric values. One number more may end the label ("OR day 28 (%)",
    "Response at week 12"); more than that is a row of another table."""
    if len(starts) > k + 1:
        return None
    start = starts[k - 1]
    if len(starts) == k + 1 and not tokens[starts[k] - 1].isalpha():
        return None
    label = tokens[:start]
    if not _is_label(label):
        return None
    bounds = sorted(starts[:k]) + [len(tokens)]
    return " ".join(label), tuple(" ".join(tokens[a:b]) for a, b in pairwise(bounds))


def _segment(costs: _GroupCosts, n: int, k: int, settings: TransposedSettings) -> list[list[tuple[float, int]]]:
    """best[j][i]: the cheapest cost of tokens i.. as j values, with the length of the first."""
    best = [[(math.inf, 0)] * (n + 1) for _ in range(k + 1)]
    best[0][n] = (0.0, 0)
    for j in range(1, k + 1):
        for i in range(n - 1, 0, -1):
            for length in range(1, min(settings.max_value_tokens, n - i) + 1):
                rest = best[j - 1][i + length][0]
                if rest == math.inf:
                    continue
                cost = rest + costs.group(i, length) + costs.boundary(i)
                if cost < best[j][i][0]:
                    best[j][i] = (cost, length)
    return best


def _best_label(tokens: list[str], best: list[list[tuple[float, int]]], k: int,
                settings: TransposedSettings) -> tuple[float, int] | None:
    """The cheapest (values' cost, label length) whose label reads as a label."""
    choice = None
    for start in range(1, min(settings.max_label_tokens, len(tokens) - k) + 1):
        values_cost = best[k][start][0]
        label = tokens[:start]
        if values_cost == math.inf or not _is_label(label):
            continue
        tail = set(tokens[start:])
        total = values_cost + settings.label_token_cost * start + settings.echo_cost * sum(t in tail for t in label)
        if _known_label(label):
            total -= settings.known_label_bonus
        if choice is None or total < choice[0]:
            choice = (total, start, values_cost)
    return (choice[2], choice[1]) if choice else None


def _known_label(label: list[str]) -> bool:
    """A label the vocabulary names as a column ("Study design", "Source of MSC (%)" without its unit)."""
    text = re.sub(r"\([^()]*\)|\s[a-z*†‡§]$|[*†‡§:]", " ", " ".join(label)).lower().replace("-", " ")
    return " ".join(text.split()) in load()["header"].terms


def _is_label(label: list[str]) -> bool:
    text = " ".join(label)
    return any(ch.isalpha() for ch in label[0]) and text.count("(") == text.count(")")


class _GroupCosts:
    """What it costs to read tokens i..i+length of one row as one value."""

    def __init__(self, tokens: list[str], settings: TransposedSettings):
        self.tokens, self.settings = tokens, settings
        self.phrases, self.inside = _vocabulary_spans(tokens)
        self.repeated = _repeated_phrases(tokens, settings.max_value_tokens)
        self.counts = Counter(tokens)

    def boundary(self, i: int) -> float:
        """A vocabulary phrase cut at the start of token i."""
        return self.settings.split_phrase_cost if i in self.inside else 0.0

    def group(self, i: int, length: int) -> float:
        words = self.tokens[i:i + length]
        first, text = words[0], " ".join(words)
        if first.startswith("(") or _FOOTNOTE.fullmatch(first) or text.count("(") != text.count(")"):
            return math.inf  # a parenthetical or a footnote mark belongs to the value before it
        if length == 1:
            return math.inf if first.lower() in _CONNECTIVES else 0.0
        if _NUMERIC_VALUE.fullmatch(text) or _WORD_NUMBER.fullmatch(text):
            return 0.0
        core = _TRAILING_NOTE.sub("", text).split()
        if sum(bool(_NUMERIC_TOKEN.fullmatch(w)) for w in words) >= 2 or _joins_cells(core):
            return math.inf
        if len(core) == 1 or (i, i + length) in self.phrases or tuple(words) in self.repeated:
            return 0.0
        inside = Counter(core)
        shared = sum(self.counts[w] > seen for w, seen in inside.items())  # "access retrospective" next to "retrospective"
        return self.settings.extra_token_cost * (len(core) - 1) + self.settings.shared_word_cost * shared


def _joins_cells(words: list[str]) -> bool:
    """Words that are no one value: two numbers, a word twice ("BM BM"), a value that starts or
    ends with a connective ("of MSC", "access and")."""
    if any(a == b for a, b in pairwise(words)):
        return True
    return words[0].lower() in _CONNECTIVES or words[-1].lower() in _CONNECTIVES


def _repeated_phrases(tokens: list[str], longest: int) -> set[tuple[str, ...]]:
    """Phrases of several words a row prints twice or more without overlap: one value each time."""
    found: set[tuple[str, ...]] = set()
    for m in range(2, longest + 1):
        last_end: dict[tuple[str, ...], int] = {}
        for i in range(len(tokens) - m + 1):
            gram = tuple(tokens[i:i + m])
            if gram in last_end and i >= last_end[gram]:
                found.add(gram)
            last_end.setdefault(gram, i + m)
    return found


def _vocabulary_spans(tokens: list[str]) -> tuple[set[tuple[int, int]], set[int]]:
    """Token spans of the phrases in a row that are one value ("bone marrow", "expanded access",
    "phase 3"), and the token indices inside one of them (a value may not start there)."""
    text = " ".join(tokens)
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    found = [(m.start, m.end) for lexicon in _value_lexicons() for m in lexicon.find(text)]
    found += [m.span() for m in _DESIGN.finditer(text)]
    spans: set[tuple[int, int]] = set()
    inside: set[int] = set()
    for start, end in found:
        first = max(k for k, s in enumerate(starts) if s <= start)
        last = max(k for k, s in enumerate(starts) if s < end)
        if last > first:
            spans.add((first, last + 1))
            inside.update(range(first + 1, last + 1))
    inside.update(i for i in range(2, len(tokens)) if _SHAPE_START.fullmatch(tokens[i - 1]) and tokens[i][:1].isdigit())
    return spans, inside


@cache
def _value_lexicons() -> tuple:
    lexicons = load()
    return tuple(lexicons[name] for name in _VALUE_LEXICONS)


# ---------------------------------------------------------------- the grid


def _grid(lines: list[str], studies: list[Study], rows: list[Row], settings: TransposedSettings) -> TextGrid:
    """Studies as body rows, with "Study", "Year", "Reference" (where printed) and the row labels as header."""
    ids: list[tuple[str, list[str]]] = [("Study", [" ".join(s.words) for s in studies])]
    if any(s.year for s in studies):
        ids.append(("Year", [s.year or "" for s in studies]))
    if any(s.reference for s in studies):
        ids.append(("Reference", [s.reference or "" for s in studies]))
    header = tuple([name for name, _ in ids] + [row.label for row in rows])
    body = tuple(
        tuple([Cell(cells[j]) for _, cells in ids] + [Cell(row.values[j]) for row in rows])
        for j in range(len(studies)))
    first, last = studies[0].line, rows[-1].last
    title, title_line = caption_above(lines, first)
    legend, after = legend_below(lines, last + 1)
    grid = Grid(header, body, tuple(s.line + 1 for s in studies), first + 1, title, legend,
                (min(first, title_line) + 1, max(last + 1, after)))
    return TextGrid(grid, tuple((s.line + 1, last + 1) for s in studies))  # a study's values run down to the last row
