"""Table headers: the roles column names name, and the legends under tables.

A header names each column in the words papers use ("Enrollment number", "MSC source", "Cell
count dosage injected"); `vocabulary.toml` maps those words to roles. Scraped headers are read
loosely: plurals, misspellings (rapidfuzz) and words cut short still name their column, a
bracketed qualifier stays with its word ("N (Total=85)"), and "of", "and" and commas join names
into one column. A legend expands the abbreviations a table uses. A header whose names wrapped over
two or three lines, their first words on the first line, is read back by giving each later line's
words to the names above them (`wrapped_header`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from extractors.quantities import WORD_NUMBER
from extractors.vocabulary import control_pattern, load, names_treatment

# A table's caption line: "Table 2.", "Table S1 ...", "Supplementary Table 3".
CAPTION = re.compile(r"^\s*(?:Supplementary\s+)?Table\s+[A-Z]?\d+[A-Za-z]?\b", re.IGNORECASE)
_LEGEND_ENTRY = re.compile(r"^\s*([^\s,:;=][^,:;=]{0,24}?)\s*(?:,|:|=|\u2014|–)\s+(\S.*)$")


@dataclass(frozen=True)
class Column:
    role: str
    header: str
    also: tuple[str, ...] = ()  # further roles one header names ("Cell type, mode of administration and dose")
    why: str = "its header's words"  # how the role was given, as `evidence tables` says

    @property
    def key(self) -> str:
        """The role, or the roles of a joint column joined by "+"."""
        return "+".join((self.role, *self.also))



@cache
def header_phrases() -> dict[str, str]:
    header = load()["header"]
    return dict(header.terms)


@dataclass(frozen=True)
class HeaderSettings:
    """What a header line may hold: its length in words, the longest column name looked up at
    once, and how loosely a misspelt or cut-short word still names a column."""

    min_words: int = 3
    max_words: int = 60
    max_phrase_words: int = 5
    fuzzy_cutoff: float = 86.0  # rapidfuzz ratio (0-100) of a misspelt name to a known one
    fuzzy_min_chars: int = 5  # shorter words are matched exactly only
    prefix_min_chars: int = 4  # a word cut short ("Admin.") names the column it begins, if only one


HEADER = HeaderSettings()

# Words of running prose that no column header holds.
_PROSE_WORDS = frozenset({"the", "a", "an", "was", "were", "is", "are", "had", "has", "have", "we", "our", "this",
                          "that", "these", "which", "been", "who", "there", "it", "its"})
# A token of digits and signs only: a cell value, so the line is a row, not a header.
_NUMBER_TOKEN = re.compile(r"^[(\[]?[<>≥≤~]?\d[\d.,:;–\-/%±×x*)\]]*$")
# A number in words ("three", "Twenty-five"): a value of prose or of a row, as "3" is, never a column's name.
_NUMBER_WORD = re.compile(WORD_NUMBER + r"[.,;:]?", re.IGNORECASE)
# Names a table's first column takes when it only counts the rows ("No.", "#").
_ROW_COUNTER = frozenset({"no.", "no", "number", "#", "sr. no.", "s. no.", "sl. no.", "serial no."})
_JOINING = frozenset({"and", "&"})  # "Cell type, mode of administration and dose": one column


@dataclass(frozen=True)
class _Unit:
    """One word of a header with the bracketed qualifier that follows it ("N (Total=85)")."""

    word: str
    text: str
    closed: bool = False  # a qualifier or a comma ends the column name at this word
    comma: bool = False  # a comma follows: the next words belong to the same column
    wrapped: bool = False  # printed on a line under the header's first: the end of a wrapped name
    line: int = 0  # which line of a wrapped header (0 the first)

    def qualified(self, token: str) -> _Unit:
        return _Unit(self.word, f"{self.text} {token}", True, token.endswith(","), self.wrapped, self.line)


@dataclass
class _Name:
    """A column name as read from the header: its words and the roles they name."""

    units: list[_Unit]
    roles: list[str]

    @property
    def text(self) -> str:
        return " ".join(u.text for u in self.units)

    @property
    def last(self) -> _Unit:
        return self.units[-1]


_WIDE_GAP = re.compile(r"\S {2,}(?=\S)")


def _header_units(line: str, min_words: int = HEADER.min_words) -> list[_Unit] | None:
    """The words of a header line, each with its bracketed qualifier; None when a token is a bare
    number (a body row) or a word of prose."""
    spaced = line.replace("|", " ")
    tokens = spaced.split()
    if not min_words <= len(tokens) <= HEADER.max_words:
        return None
    # a run of spaces after a word ends a column name, where the line is laid out in columns
    gaps = [m.end() for m in _WIDE_GAP.finditer(spaced.strip())]
    ends = {len(spaced.strip()[:g].split()) - 1 for g in gaps} if len(gaps) >= HEADER.min_words - 1 else set()
    units: list[_Unit] = []
    depth = 0
    for index, token in enumerate(tokens):
        if (depth > 0 or token[0] in "([") and units:
            units[-1] = units[-1].qualified(token)
        elif depth == 0 and (_NUMBER_TOKEN.match(token) or token.lower() in _PROSE_WORDS or _NUMBER_WORD.fullmatch(token)):
            return None
        else:
            word = re.split(r"[(\[]", token, maxsplit=1)[0] or token
            glued = word != token  # "Patients(n)"
            units.append(_Unit(word, token, glued or index in ends, token.endswith(",")))
        depth = max(0, depth + token.count("(") + token.count("[") - token.count(")") - token.count("]"))
    last = units[-1].word.lower() if units else ""
    if last.endswith(".") and phrase_role(last, True) is None:
        return None  # a sentence, not a header
    return units


def _normal(phrase: str) -> str:
    return phrase.lower().strip(":,;*").replace("-", " ")


@lru_cache(maxsize=65536)
def phrase_role(phrase: str, fuzzy: bool) -> str | None:
    """The role a column name names: exactly, as a plural or singular, and with `fuzzy` also when
    misspelt ("Infusion methd") or cut short ("Admin.")."""
    phrases = header_phrases()
    text = _normal(phrase)
    for form in (text, text.rstrip("."), text[:-1] if text.endswith("s") else text + "s"):
        if form in phrases:
            return phrases[form]
    if named := _kind_of_vocabulary(text):
        return named
    parts = _NAME_PARTS.split(text)
    if len(parts) == 2 and all(part and phrase_role(part, False) for part in parts):
        return phrase_role(parts[0], False)  # "First author; year": the first name's column holds both
    if not fuzzy or len(text) < HEADER.fuzzy_min_chars:
        return _cut_short(text) if fuzzy else None
    choices = _phrases_of_length().get(text.count(" ") + 1, [])
    found = process.extractOne(text, choices, scorer=fuzz.ratio, score_cutoff=HEADER.fuzzy_cutoff)
    return phrases[found[0]] if found else _cut_short(text)


_NAME_PARTS = re.compile(r"\s*[;,/]\s*")  # two names in one column's name: "Author; year", "Country/region"
# Words that make a disease or a cell source a column's name: "IBD type", "Type of MS", "MSC source".
_KIND_WORDS = ("type", "types", "subtype", "subtypes", "source", "sources", "form", "forms", "phenotype")
_KIND_NAME = re.compile(rf"^(?:(?P<before>.+?)\s+(?:{'|'.join(_KIND_WORDS)})|(?:{'|'.join(_KIND_WORDS)})\s+of\s+(?P<after>.+))$")
# The vocabularies whose words such a name takes, and the role each names.
_NAMED_KINDS = (("disease", "disease"), ("cell_source", "cell"))


def _kind_of_vocabulary(text: str) -> str | None:
    """The role of a name made of a kind word and one term of a vocabulary ("IBD type" and "type of MS"
    name the disease column, "MSC source" the cell column); None for any other name."""
    m = _KIND_NAME.match(text)
    if not m or len((subject := m.group("before") or m.group("after")).split()) > 2:
        return None
    lexicons = load()
    for category, role in _NAMED_KINDS:
        found = lexicons[category].find(subject) or lexicons[category].find(subject.upper())
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(subject):
            return role
    return None


@cache
def _phrases_of_length() -> dict[int, list[str]]:
    """Known column names by their number of words: a loose match keeps the number of words."""
    by_length: dict[int, list[str]] = {}
    for name in header_phrases():
        by_length.setdefault(name.count(" ") + 1, []).append(name)
    return by_length


def _cut_short(text: str) -> str | None:
    """The role of the one-word names `text` begins ("admin." -> route or administration): only
    when they all share one role."""
    stem = text.rstrip(".")
    if " " in stem or len(stem) < HEADER.prefix_min_chars or _MEASURE.fullmatch(stem):
        return None  # (a measure's own word, "count", is no cut-short "country")
    roles = {role for name, role in header_phrases().items() if " " not in name and name.startswith(stem)}
    return roles.pop() if len(roles) == 1 else None


def _names(units: list[_Unit], fuzzy: bool) -> list[_Name]:
    """The header's words grouped into known column names, longest first; an unknown word is a name
    of its own with no role."""
    names: list[_Name] = []
    i = 0
    while i < len(units):
        for k in range(min(HEADER.max_phrase_words, len(units) - i), 0, -1):
            if any(u.closed or u.comma for u in units[i:i + k - 1]):
                continue  # a qualifier or a comma inside: not one name
            role = phrase_role(" ".join(u.word for u in units[i:i + k]), fuzzy)
            if role:
                names.append(_Name(units[i:i + k], [role]))
                i += k
                break
        else:
            names.append(_Name([units[i]], []))
            i += 1
    return names


def _join(names: list[_Name]) -> list[_Name]:
    """Names that make one column: "X of Y" and "X per unit" (X's role; Y's for a kind, "Type of cells"),
    "X, Y" and "X and Y" (both roles), a known name with the participle after it ("dosage injected"),
    and runs of unknown words."""
    columns: list[_Name] = []
    k = 0
    while k < len(names):
        name, current = names[k], columns[-1] if columns else None
        word = name.last.word.lower()
        follows = k + 1 < len(names)
        if current and follows and len(name.units) == 1 and not name.roles and (
                word in ("of", *_JOINING) or word == "per" and not names[k + 1].roles):
            nxt = names[k + 1]
            kind_of = word == "of" and nxt.roles and " ".join(u.word.lower() for u in current.units) in _KIND_WORDS
            current.units += name.units + nxt.units
            if kind_of:  # "Type of stem cell": the kind of what the words after it name
                current.roles = list(nxt.roles)
            else:
                current.roles += [] if word in ("of", "per") else [r for r in nxt.roles if r not in current.roles]
            k += 2
            continue
        if current and (current.last.comma and current.roles or _qualifies(name, current) or _unknown_run(name, current)):
            current.units += name.units
            current.roles += [r for r in name.roles if r not in current.roles]
        else:
            columns.append(_Name(list(name.units), list(name.roles)))
        k += 1
    return columns


def _qualifies(name: _Name, current: _Name) -> bool:
    """An unknown participle after a known name qualifies it ("Cell count injected")."""
    return not name.roles and bool(current.roles) and not current.last.closed and name.last.word.lower().endswith("ed")


def _unknown_run(name: _Name, current: _Name) -> bool:
    return not name.roles and not current.roles and not current.last.closed


# What a column name names when it measures the patients rather than counting them: an age, a
# score, a time, a number of infusions ("Mean age (years)", "Baseline EDSS", "Follow-up (months)",
# "Number of infusions"); one sex, unless in brackets after the count ("Female patients", not
# "Patients (M/F)"); a percentage, unless the name says its count comes first ("Patients, n (%)").
_MEASURE = re.compile(r"\b(?:ages?|aged|edss|scores?|follow[- ]?up|duration|bmi|weight|"
                      r"infusions?|injections?|doses|cycles?|sessions?|rate|ratio|sledai|das\s?28|hba1c|"
                      r"months?|years?|weeks?|days?|counts?|levels?|times)\b", re.IGNORECASE)
_ONE_SEX = re.compile(r"\b(?:females?|males?|women|men|sex|gender)\b", re.IGNORECASE)
_BRACKETED = re.compile(r"[(\[][^()\[\]]*[)\]]")
_PERCENT = re.compile(r"%|\bpercent(?:age)?\b", re.IGNORECASE)
_COUNT_NAMED = re.compile(r"(?<![\w.])[nN](?![\w.])")


def names_measure(name: str) -> bool:
    """Whether a column name names a measure of the patients (an age, a score, a time, a share), so
    that its numbers never count them, whatever else the name says ("Patients age range"); a name
    whose first part names the count alone names a count and its measures after it ("N (patients),
    age (years)")."""
    first = _PARTS.split(name, maxsplit=1)[0]
    counted = bool(_COUNT_FIRST.match(first.strip()))
    if first != name and counted and not _MEASURE.search(first):
        return False
    shares = _PERCENT.search(_COUNT_SHARE.sub(" ", name) if counted else name)  # "No. of patients (%)": a count
    return bool(_MEASURE.search(name) or _ONE_SEX.search(_BRACKETED.sub(" ", name))
                or shares and not _COUNT_NAMED.search(name))


def counts_treated(name: str) -> bool:
    """Whether a column named for the patients may give a treated arm's count: not one that measures
    them (`names_measure`), and not one that counts the control group ("Number of control group",
    "Placebo (n)"), unless it counts both, the treated group named first ("Sample size (MSC/control)")."""
    if names_measure(name):
        return False
    control = control_pattern().search(name)
    return not control or bool(_BOTH_GROUPS.search(name[:control.start()]))


# the treated group named before the control group in a count's qualifier: "(MSC/control)", "(treated vs. control)"
_BOTH_GROUPS = re.compile(r"\(\s*[\w-]+\s*(?:/|vs\.?|versus)\s*$", re.IGNORECASE)


_PARTS = re.compile(r"[,;]")
_COUNT_SHARE = re.compile(r"\(\s*%\s*\)")  # "(%)" after a count: the count's share of all, the count first
_COUNT_FIRST = re.compile(r"^(?:n|no\.?|number|patients?|participants?|subjects?|cases)\b", re.IGNORECASE)


def _column(name: _Name) -> Column:
    roles = name.roles or ["other"]
    if "patients" in roles and not counts_treated(name.text):
        roles = [r for r in roles if r != "patients"] or ["other"]
    if set(roles) == {"route", "dose"}:
        return Column("administration", name.text)
    return Column(roles[0], name.text, tuple(roles[1:]))


def read_header(line: str) -> list[Column] | None:
    """The columns a header line names, or None when the line is not a table header.

    Scraped headers are space-separated like their rows, so the column names are found by their
    words: known names (exactly, then loosely), bracketed qualifiers kept with the word before them
    ("N (Total=85)", "Mean dose (/kg)"), "of", "and" and commas joining names into one column.
    Words outside every vocabulary are columns of other text ("Sponsor", "Age [mean (SD)]"), so
    long as the known columns are not outnumbered."""
    columns = _read_header(line)
    return list(columns) if columns is not None else None


@lru_cache(maxsize=4096)
def _read_header(line: str) -> tuple[Column, ...] | None:
    """`read_header`, kept per line: a table's lines are asked again while its body is bounded."""
    units = _header_units(line)
    if units is None:
        return None
    names = _names(units, fuzzy=False)
    known = sum(bool(n.roles) for n in names)
    if known < 2:
        return None
    if known < len(names):
        names = _names(units, fuzzy=True)
    joined = _join(names)
    unknown = sum(not n.roles for n in joined)
    if unknown > len(joined) - unknown:
        return None
    columns = trial_columns(_row_counter([_column(n) for n in joined]))
    return tuple(columns) if columns is not None else None


# ---------------------------------------------------------------- a header over lines: sub-columns, names after


SPANNING_LINES = 3  # lines of names under a header's first line that a header printed over lines may take


def _loose_columns(line: str) -> list[Column] | None:
    """The columns a line of names names, whatever the roles: None when a word is a value or prose,
    or when names of no known column outnumber the known ones."""
    units = _header_units(line, min_words=1)
    if not units:
        return None
    joined = _join(_names(units, fuzzy=True))
    known = sum(bool(n.roles) for n in joined)
    return [_column(n) for n in joined] if known and known >= len(joined) - known else None


# What names going on after a header's first line name (its end wrapped: "Stage Reference"): a value of
# the study's own; a line naming only words of a therapy ("Single infusion") heads the rows below.
_FURTHER_ROLES = frozenset({"reference", "year", "registry", "patients", "dose", "study", "follow_up", "phase", "country"})


def spanning_header(lines: list[str]) -> tuple[list[Column], int] | None:
    """A header printed over two to four lines whose later lines name sub-columns or further columns:
    a line naming a column of a role the header above names gives the sub-columns of that column
    ("MSCs" over "Source of MSCs Dosage Effect"); a line naming none goes on after the names above
    ("Stage Reference", the first line's end wrapped), where it names a value of the study's own or more
    names follow it (a line of therapy words alone, "Single infusion", heads the rows). Returns the
    columns and the lines taken, or None when no line under the first names columns."""
    columns = _loose_columns(lines[0])
    if columns is None:
        return None
    taken = 1
    pending: list[Column] = []  # names of no value of the study's own, taken if more names follow them
    for number, line in enumerate(lines[1:SPANNING_LINES + 1], start=2):
        names = _loose_columns(line) if line.strip() else None
        if names is None:
            break
        roles = {r for c in names for r in (c.role, *c.also)} - {"other"}
        parent = next((k for k, c in enumerate(columns) if c.role in roles and c.role != "other"), None)
        if parent is None and not roles & _FURTHER_ROLES:
            pending += names  # names going on, if a line of names follows; else a heading over the rows
            continue
        if parent is None:
            columns = columns + pending + names
        else:
            columns = columns[:parent] + names + columns[parent + 1:] + pending
        taken, pending = number, []
    if taken == 1:
        return None
    found = trial_columns(_row_counter(columns))
    return (found, taken) if found is not None else None


# ---------------------------------------------------------------- a header wrapped over lines


@dataclass(frozen=True)
class WrapSettings:
    """How a header whose names wrapped over lines is read back: the most lines, the most words each
    line gives one name, and what a name's reading is worth (a known name whole, one found inside a
    longer name, a name of no known column)."""

    max_lines: int = 3
    max_words: tuple[int, ...] = (5, 3, 3)  # words of one name on the first line, the second, the third
    known: float = 2.0
    contains_known: float = 1.0  # a known name, then words of no known name ("Dose levels")
    stray: float = 0.5  # each wrapped word such a name takes that its known part does not explain
    joined_words: int = 2  # words a joining word after a known name explains ("Dose per infusion")
    unknown: float = -1.0
    open_end: float = -1.0  # a name left ending in "of", "per", "and", "/": its last words wrapped
    qualifier: float = 0.5  # a bracketed qualifier that suits the name ("Dose (×106/kg)")
    completes: float = 0.5  # wrapped words that make a name known ("No. of" "patients"); taken off where
    # they change a known name's role ("Study" "type")
    per_name: float = 0.01  # of two readings alike, the one with fewer names: a lone word more likely wrapped


WRAP = WrapSettings()
_OPEN_END = re.compile(r"(?:\b(?:of|per|and|or|to|for|in|at|by|from|&)|[-/,(])$", re.IGNORECASE)
_DIGIT_OUTSIDE_BRACKETS = re.compile(r"\d(?![^()\[\]]*[)\]])")


FLOWED_LINES = 6  # lines after the first a header's text may run on over


def flowed_header(lines: list[str]) -> tuple[list[Column], int] | None:
    """A header whose text runs on over the next lines, broken wherever the page broke it (often before
    a bracketed qualifier: "... Sample size" / "(MSC/control)" / "Median age" / "(MSC/control)" / ...):
    the lines read together name more columns than the first alone. Lines with a number outside
    brackets are rows, not names. Returns the columns and the lines taken; None when no line runs on."""
    first = read_header(lines[0]) if lines else None
    if first is None:
        return None
    found = None
    for taken in range(2, min(len(lines), FLOWED_LINES + 1) + 1):
        line = lines[taken - 1]
        if not line.strip() or _DIGIT_OUTSIDE_BRACKETS.search(line) or _heads_rows(line):
            break
        columns = read_header(" ".join(ln.strip() for ln in lines[:taken]))
        if columns is not None and len(columns) > len(first):
            found = (columns, taken)
    return found


def _heads_rows(line: str) -> bool:
    """A few words naming a treatment, no bracket: a heading over the rows ("Single infusion"), not names."""
    text = line.strip()
    return len(text.split()) <= HEADING_WORDS and not text.startswith(("(", "[")) and names_treatment(text)


HEADING_WORDS = 4


def wrapped_header(lines: list[str], settings: WrapSettings = WRAP) -> tuple[list[Column], int] | None:
    """A header whose column names wrapped over two or three lines, and how many of `lines` it takes.

    A page that wraps the names of a header row prints each name's first words on the first line, the
    next words of the names that went on under it on the second line, and so on; collapsed to single
    spaces, "Author Year Disease Cell No. of Dose per Route of Ref." is followed by "source patients
    infusion administration (cells/kg)". Each line after the first gives its words, in order, to the
    names above them: the reading is the one whose names are most often known ones (`WrapSettings`).
    The lines below belong to the header when every name of that reading is a known one and every
    word they give is explained: part of a known name, a bracketed qualifier, or after a joining word
    ("Dose" "per infusion"). Lines with a number outside brackets are rows, not names. None when no
    line wraps from the first."""
    first = _header_units(lines[0]) if lines else None
    if first is None:
        return None
    below = []
    for number, line in enumerate(lines[1:settings.max_lines], start=1):
        pieces = _wrapped_pieces(line, number)
        if not pieces or _DIGIT_OUTSIDE_BRACKETS.search(line) or len(pieces) > len(first):
            break
        below.append(pieces)
    found: tuple[list[list[_Unit]], int] | None = None
    for taken in range(1, len(below) + 1):
        _, names = _wrap_reading([first, *below[:taken]], settings)
        if not names or not all(_wrapped_role(tuple(units))[2] for units in names) or not _interleaved(names, taken):
            break
        found = (names, taken)
    if found is None:
        return None
    columns = [_column(_Name(units, [role] if (role := _wrapped_role(tuple(units))[0]) else [])) for units in found[0]]
    checked = trial_columns(_row_counter(columns))
    return (checked, 1 + found[1]) if checked is not None else None


def _interleaved(names: list[list[_Unit]], lines: int) -> bool:
    """Whether the words of the last of the lines below the first went to the names as a wrapped
    header's do: to two names or more, or as brackets or words in lower case only (one name wrapped).
    A line of capitalised words all given to one name is a heading over the rows ("Randomized
    controlled trials")."""
    last = [[u for u in units if u.wrapped and u.line == lines] for units in names]
    given = [pieces for pieces in last if pieces]
    if len(given) >= 2:
        return True
    return all(u.text[0] in "([" or u.word[0].islower() for pieces in given for u in pieces)


def _wrapped_pieces(line: str, number: int) -> list[_Unit]:
    """The words of line `number` under a header's first line, a bracketed qualifier kept whole ("(×106/kg)")."""
    pieces: list[_Unit] = []
    depth = 0
    for token in line.replace("|", " ").split():
        if depth > 0 and pieces:
            pieces[-1] = pieces[-1].qualified(token)
        else:
            pieces.append(_Unit(token, token, token[0] in "([", wrapped=True, line=number))
        depth = max(0, depth + token.count("(") + token.count("[") - token.count(")") - token.count("]"))
    return pieces


@lru_cache(maxsize=16384)
def _wrapped_role(units: tuple[_Unit, ...]) -> tuple[str | None, float, bool]:
    """The role a wrapped name names, what its reading is worth, and whether all its words are
    explained (a known name, a known name and the words after a joining word, qualifiers). A name never
    opens with a joining word ("of patients"); a qualifier that suits its name ("Dose (×106/kg)",
    "Follow-up (months)") adds to it."""
    if _JOINING_WORD.match(units[0].word):
        return None, float("-inf"), False
    named = [u for u in units if not u.text.startswith(("(", "["))]
    words = " ".join(u.word for u in named)
    qualifiers = " ".join(u.text for u in units if u.text.startswith(("(", "[")))
    role = phrase_role(words, False) or phrase_role(words, True)
    worth, stray = WRAP.known, 0
    if not role:  # a known name and further words after it ("Dose levels", "Dose per infusion")
        known = next((k for k in range(len(named) - 1, 0, -1) if phrase_role(" ".join(u.word for u in named[:k]), False)),
                     0)
        role = phrase_role(" ".join(u.word for u in named[:known]), False) if known else None
        joined = known < len(named) and _JOINING_WORD.match(named[known].word)  # "Dose" "per infusion"
        after = named[known + 1:known + 1 + WRAP.joined_words] if joined else []
        # the words a joining word explains are written in its case ("per infusion", "Of Administration")
        explained = [u for u in after if u.word[0].isupper() == named[known].word[0].isupper()]
        stray = sum(u.wrapped for u in named[known:] if u not in explained and u is not (named[known] if joined else None))
        worth = WRAP.contains_known - WRAP.stray * stray if role else WRAP.unknown
    if role is None:
        return None, worth + (WRAP.open_end if _OPEN_END.search(units[-1].word) else 0.0) - WRAP.per_name, False
    suits = _QUALIFIES.get(role)
    worth += WRAP.qualifier if qualifiers and suits and suits.search(qualifiers) else 0.0
    if suits and len(named) > 1 and suits.search(" ".join(u.word for u in named[1:])):
        worth += WRAP.qualifier  # the words after a known name that suit it as a qualifier would ("Dose per kg")
    head = " ".join(u.word for u in named if not u.wrapped)
    if worth >= WRAP.known and len(head) < len(words):  # wrapped words that complete a known name, or change it
        alone = phrase_role(head, False) or phrase_role(head, True)
        worth += WRAP.completes if alone is None else (-WRAP.completes if alone != role else 0.0)
    return role, worth - WRAP.per_name, stray == 0


_JOINING_WORD = re.compile(r"^(?:of|per|and|or|to|for|in|at|by|from|with|&)$", re.IGNORECASE)
# The qualifiers that suit a role's name: a dose's unit, a time's unit, a count's share or split.
_TIME_UNIT = re.compile(r"\b(?:months?|years?|weeks?|days?|mo|yr?s?|wk)\b", re.IGNORECASE)
_QUALIFIES = {"dose": re.compile(r"[×x]\s*10|/\s*kg|\bcells?\b|\bkg\b", re.IGNORECASE), "follow_up": _TIME_UNIT,
              "patients": re.compile(r"\(\s*(?:n|%|m\s*/\s*f|f\s*/\s*m)\s*\)", re.IGNORECASE)}


def _wrap_reading(rows: list[list[_Unit]], settings: WrapSettings) -> tuple[float, list[list[_Unit]]]:
    """The best names the lines' words make (each name takes one or more words of the first line,
    then none or some of each line below, in order), and its worth; ([]) when the lines' words
    cannot all be given."""
    sizes = [len(r) for r in rows]
    best: dict[tuple[int, ...], tuple[float, tuple[int, ...] | None]] = {(0,) * len(rows): (0.0, None)}
    order = sorted(_positions(sizes), key=sum)
    for at in order:
        if at not in best:
            continue
        score = best[at][0]
        for step in _steps(at, sizes, settings):
            nxt = tuple(a + d for a, d in zip(at, step, strict=True))
            units = tuple(u for r, (a, d) in enumerate(zip(at, step, strict=True)) for u in rows[r][a:a + d])
            value = score + _wrapped_role(units)[1]
            if nxt not in best or value > best[nxt][0]:
                best[nxt] = (value, at)
    end = tuple(sizes)
    if end not in best:
        return float("-inf"), []
    names: list[list[_Unit]] = []
    at = end
    while best[at][1] is not None:
        before = best[at][1]
        names.insert(0, [u for r in range(len(rows)) for u in rows[r][before[r]:at[r]]])
        at = before
    return best[end][0], names


def _positions(sizes: list[int]) -> list[tuple[int, ...]]:
    positions: list[tuple[int, ...]] = [()]
    for size in sizes:
        positions = [(*p, k) for p in positions for k in range(size + 1)]
    return positions


def _steps(at: tuple[int, ...], sizes: list[int], settings: WrapSettings) -> list[tuple[int, ...]]:
    """The words one name may take from each line at position `at`: one or more of the first line's."""
    ranges = [range(1, min(settings.max_words[0], sizes[0] - at[0]) + 1)]
    ranges += [range(0, min(settings.max_words[r], sizes[r] - at[r]) + 1) for r in range(1, len(sizes))]
    steps: list[tuple[int, ...]] = [()]
    for span in ranges:
        steps = [(*s, d) for s in steps for d in span]
    return steps


def _row_counter(columns: list[Column]) -> list[Column]:
    """A first column named "No." or "Number" counts the rows when a later column names the patients."""
    if len(columns) > 1 and _normal(columns[0].header) in _ROW_COUNTER and any(
            c.role == "patients" for c in columns[1:]):
        return [Column("row", columns[0].header), *columns[1:]]
    return columns


# A column that describes one patient: "Age/sex", "Sex", "Gender", "Patient no.", "Case".
_ONE_PATIENT_COLUMN = re.compile(r"^\s*(?:age\s*[/,]\s*(?:sex|gender)|(?:sex|gender)\s*[/,]\s*age|sex|gender|"
                                 r"patient(?:\s*(?:no\.?|#|id|number))?|case(?:\s*(?:no\.?|#|number))?)\b", re.IGNORECASE)


def rows_are_patients(names: list[str]) -> bool:
    """Whether a table's rows are single patients (a case series): a column describes one patient (an
    age and sex, a patient number) and none counts patients."""
    return any(_ONE_PATIENT_COLUMN.match(n) for n in names) and not any(header_role(n) == "patients" for n in names)


# Columns named for free text, for the comparator or for what each patient received: no arm value.
TEXT_ROLES = frozenset({"notes", "control", "schedule", "characteristic"})


def trial_columns(columns: list[Column]) -> list[Column] | None:
    """The columns of a trial table, or None: at least three roles, among them a count or a dose
    and a disease or a cell source (or a study and its patients: a list of studies may leave the
    disease and the cells to its caption). A role named twice ("Phase", "Status") is other text the
    second time; a joint column keeps only the further roles no column of its own names."""
    seen: set[str] = set()
    for k, column in enumerate(columns):
        if column.role in seen:
            columns[k] = Column("other", column.header)
        seen.add(column.role)
    for k, column in enumerate(columns):
        if column.also:
            also = tuple(r for r in column.also if r not in seen)
            seen.update(also)
            columns[k] = Column(column.role, column.header, also)
    roles = {r for c in columns for r in (c.role, *c.also)} - {"other", *TEXT_ROLES}
    if len(roles) < 3 or not {"patients", "dose", "administration"} & roles:
        return None
    if not {"disease", "cell"} & roles and not {"study", "patients"} <= roles:
        return None
    return columns


_LEGEND_OPENING = re.compile(r"^\s*(?:\d{1,2}[.)]\s+)?(?:(?:abbreviations?|notes?)\s*[:.]\s*)?", re.IGNORECASE)  # "1. ", "Notes:"


_SENTENCE_ENTRY = re.compile(r"(?<=\.)\s+(?=[^\s:]{1,15}:\s)")


def read_legend(line: str) -> dict[str, str]:
    """Abbreviations a table footnote expands ("I.V, intravenous; hUC, human umbilical cord")."""
    text = _LEGEND_OPENING.sub("", line)
    if ";" in text:
        parts = [p for p in re.split(r";\s*", text) if p.strip()]
    else:  # or by full stops, each entry a name and a colon: "MSCs: Mesenchymal stem cells. IV: Intravenously."
        parts = [p for p in _SENTENCE_ENTRY.split(text) if p.strip()]
        if len(parts) < 2 or not all(":" in p for p in parts):
            return {}  # a legend lists two entries at least
    entries = {}
    for part in parts:
        m = _LEGEND_ENTRY.match(part)
        if m:
            entries[m.group(1).strip()] = m.group(2).strip().rstrip(".")
    return entries if len(parts) >= 2 and len(entries) >= 0.6 * len(parts) else {}


def header_role(cell: str) -> str:
    """The role a grid's header cell names ("Enrollment number" -> patients); "other" when none.
    The longest known name in the cell wins; only when no name is found exactly is a misspelt or
    cut-short one looked for."""
    tokens = re.sub(r"[*†‡§]|\s[a-z]$", "", cell.lower()).strip(" :").split()
    for fuzzy in (False, True):
        for k in range(min(HEADER.max_phrase_words, len(tokens)), 0, -1):
            for i in range(len(tokens) - k + 1):
                role = phrase_role(" ".join(tokens[i:i + k]), fuzzy)
                if role:
                    return "other" if role == "patients" and not counts_treated(cell) else role
    return "other"
