"""The small shapes every table stage reads the same way: a registry identifier, a year, a citation,
an author and year, a row number, a trial phase; and where glued text changes kind.

Stages import these; none defines its own copy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from extractors.doses import find_doses
from extractors.vocabulary import Lexicon, cell_therapy_lexicon

# A registry id; "NCT 00698191" with a space, and "cNCT01741857" with a footnote letter glued on, too.
# (It opens with the capitals registry ids start with, so most positions fail at once.)
REGISTRY_ID = re.compile(
    r"(?=[ACDEIJKNU])(?:\b|(?<=\b[a-z]))(NCT\s?\d{8}|NTR\d{3,5}|ISRCTN\d{8}|ChiCTR[-A-Z0-9]{6,20}|ChiCTR\d{6,12}"
    r"|EudraCT\s?\d{4}-\d{6}-\d{2}|ACTRN\d{14}|IRCT\d{8,}N?\d*|JPRN-\w+|KCT\d{7}|CTRI/\d{4}/\d+/\d+|DRKS\d{8}"
    r"|UMIN\d{9})(?![0-9])"
)
YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.]|\s*[×x*]\s*10)")
YEAR_ANY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")  # a year anywhere, "Yang, 2014", "2014a"
YEAR_CELL = re.compile(r"^\(?((?:19|20)\d{2})[a-z]?\)?[.,;]?$")  # a cell that is a year: "2014", "(2014a)."
# A registry id mentioned, its number perhaps lost: "NCT 00698191", "ChiCTR", "cNCT01741857".
REGISTRY_MENTION = re.compile(r"(?:\b|(?<=\b[a-z]))(?:NCT\s?\d{8}|ISRCTN\d{8}|ChiCTR|EudraCT|IRCT\d|NTR\d|ACTRN|JPRN|UMIN"
                              r"|DRKS|KCT\d)")
BARE_NCT = re.compile(r"^\s*(\d{8})[.,;]?\s*$")  # a ClinicalTrials.gov number under an "NCT" header, its prefix lost
# Citation numbers: "25", "7, 12", "3–5".
_CITED_NUMBERS = r"\d{1,4}(?:\s*[,–-]\s*\d{1,4})*"
# A citation number in brackets: "[25]", "[7, 12]", "[3–5]".
CITATION = re.compile(rf"\[({_CITED_NUMBERS})\]")
# A citation alone on its line, a registry id before it or not: "[54]", "NCT00504803/ [57]" (in square
# brackets: "(7–90)" alone is a range).
CITATION_ALONE = re.compile(rf"(?:(?:NCT\s?\d{{8}}|[A-Za-z]+\d{{6,}})\s*[/,;]?\s*)?\[{_CITED_NUMBERS}\]")
# A line that closes with its own citation: "... after 6 weeks [26]".
ENDS_CITED = re.compile(rf"\S\s*\[{_CITED_NUMBERS}\]\s*$")
# The study a row cites, bracketed or by its authors and year: "[38]", "Quarto et al., 2001".
CITED_STUDY = re.compile(rf"\[{_CITED_NUMBERS}\]|\bet al\.?,?\s*\(?(?:19|20)\d{{2}}\b")
# Citation numbers closing a record, bracketed or not: "... Open label 41, 42".
LAST_CITATION = re.compile(r"(?<=\s)[(\[]?(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)[)\]]?\s*$")  # (no year: at most three digits)
# A citation in parentheses closing a row: "(75)", "(7) (81) (82)".
CLOSING_CITATION = re.compile(r"\((\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\)(?:\s*\(\d{1,3}\))*\s*$")
# An author's name as a table cites it: capitalised, accented letters too ("Álvarez-Ruiz", "Møller"),
# after lower-case particles ("van der Berg", "de Oliveira"), with initials after it ("Zhang J",
# "Wang D.", "Riordan NH").
_CAPITAL = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĘĚĞİŁŃŇŐŒŘŚŞŠŢŤŮŰŹŻŽ"
_LETTER = rf"[{_CAPITAL}a-zß-öø-ÿā-ž'’`\-]"
_PARTICLE = r"(?:(?:van|von|de|da|del|della|der|den|di|du|dos|das|le|la|ten|ter)\s+){0,3}"
_AUTHOR = rf"{_PARTICLE}[{_CAPITAL}]{_LETTER}+(?:[ -][{_CAPITAL}]{_LETTER}+)?(?:\s+[A-Z]{{1,3}}\.?(?:\s?[A-Z]\.)*(?=[\s,]))?"
_COAUTHORS = r"(?:,?\s+(?:et\s+al\b\.?|and\s+[A-Z][\w'’`\-]+|&\s*[A-Z][\w'’`\-]+))"
# An author and year opening a record: "Liang et al. (2010)", "Tyndall 2012", "Nash and Hall, 2007", "Okoro; 2011",
# "Zhang J, et al. 2015".
AUTHOR_YEAR = re.compile(rf"^{_AUTHOR}{_COAUTHORS}?[,;]?\s*\(?((?:19|20)\d{{2}})[a-z]?\)?")
# An author opening a record with no year beside the name: "Moreira et al.", "Holm and Berg".
AUTHOR_ETAL = re.compile(rf"^{_AUTHOR}{_COAUTHORS}")
# An author cited by number before the year: "Marin et al[108], 2022", "Okoro et al. [12] 2019"; the year
# perhaps with a footnote's digit glued on ("20221") or the next cell glued to it ("2022n = 20").
AUTHOR_CITED_YEAR = re.compile(rf"^{_AUTHOR}{_COAUTHORS}\s*\[\d{{1,4}}(?:\s*[,–-]\s*\d{{1,4}})*\][,;]?\s*"
                               r"((?:19|20)\d{2})(?=\d?(?:\b|[A-Za-z]))")
# A study named by its acronym opening a record: "MESEMS trial", "ADMIRE-CD", "LUMINA-2 (2021)": three
# characters or more, two capitals at least (what the acronym names is looked up by the reader).
STUDY_NAME = re.compile(r"^((?=[A-Z0-9-]*[A-Z][A-Z0-9-]*[A-Z])[A-Z][A-Z0-9]+(?:[-–][A-Z0-9]+)*)(?=[\s(,:;]|$)")
# A row number opening a record: "7", "7.", "7)" alone, or before a capital ("3. Smith et al").
ROW_NUMBER = re.compile(r"^(\d{1,3})(?:[.)]?\s*$|[.)]\s+(?=\S)|\s+(?=[A-Z]))")
# A trial phase: "Phase 2", "phase I/II", "I/II", "II", "Pilot/I".
PHASE = re.compile(r"\b(?:[Pp]hase\s*(?:[IV]{1,3}|\d)(?:\s*[/–-]\s*(?:[IV]{1,3}|\d))?[ab]?|(?<![A-Za-z])(?:I{1,3}|IV)"
                   r"(?:\s*/\s*(?:I{1,3}|IV))?(?=\d|\b))")

# Where glued text changes kind: a lower-case letter then a capital ("numberTitle"), an abbreviation then
# a capitalised word ("MSCIntravenous"), an identifier then words ("NCT04184258Treatment"), a word then a
# number ("Undefined1", "Completed7"), a phase then a count ("I/II7"), a number then a capitalised word
# ("7Pooled").
_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z])(?!CTR[-\dA-Z]|CT\s?\d{4}-)")  # a registry's prefix stays whole ("ChiCTR")
_CAPITALS_WORD = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z]{2,})")  # an abbreviation then a word: "MSCIntravenous"
_CLOSED_NEXT = re.compile(r"(?<=[a-z0-9%][)\]])(?=[A-Za-z0-9])")  # "(40/12)53", "[29]China", "(years)Disease"
_ID_WORD = re.compile(r"(?<=\d{8})(?=[A-Za-z])")
# A registry id of fixed length runs into the digits of the next cell ("NCT0123456720121/2": the id, then
# the year and the phase): the id ends where its digits do.
_ID_DIGITS = re.compile(r"(?<=NCT\d{8})(?=\d)|(?<=NCT \d{8})(?=\d)|(?<=ISRCTN\d{8})(?=\d)|(?<=DRKS\d{8})(?=\d)"
                        r"|(?<=UMIN\d{9})(?=\d)|(?<=ACTRN\d{14})(?=\d)")
_WORD_NUMBER = re.compile(r"(?<=[A-Za-z]{2}[a-z])(?=\d)")
_PHASE_NUMBER = re.compile(r"(?<![A-Za-z])((?:I{1,3}|IV)(?:/(?:I{1,3}|IV))?)(?=\d)")
_NUMBER_WORD = re.compile(r"(?<=\d)(?=[A-Z][a-z]|[A-Z]{2,}-)")


# A line that goes on from the line before it, where a cell or a column name wrapped: it opens in lower
# case or with a bracket ("erythematosus", "(female/male)"), or the line before ends joined ("RRMS/SPMS/",
# "Crohn's disease with", "Source of").
_GOES_ON = re.compile(r"^[a-z(]")
_JOINED_END = re.compile(r"(?:[-,/(&+]|\b(?:and|or|of|with|in|to|for|per|the|a)\b)$")


def goes_on(previous: str, line: str) -> bool:
    """Whether `line` continues the cell or name `previous` ends, as a wrapped cell does."""
    return bool(_GOES_ON.match(line.strip()) or _JOINED_END.search(previous.rstrip()))


def ends_joined(previous: str) -> bool:
    """Whether a line ends with a joining word or mark, so that the next line surely goes on from it."""
    return bool(_JOINED_END.search(previous.rstrip()))


@lru_cache(maxsize=16384)
def unglue(text: str) -> str:
    """`text` with a space wherever glued cells change kind; text with its spaces is unchanged."""
    text = _ID_WORD.sub(" ", text)
    text = _ID_DIGITS.sub(" ", text)
    text = _LOWER_UPPER.sub(" ", text)
    text = _CAPITALS_WORD.sub(" ", text)
    text = _CLOSED_NEXT.sub(" ", text)
    text = _WORD_NUMBER.sub(" ", text)
    text = _PHASE_NUMBER.sub(r"\1 ", text)
    return _NUMBER_WORD.sub(" ", text)


# The unit a dose column's header states for the bare numbers under it: "(×106 cells/kg)".
# "×106", "x 10^6"; or a bracket opening with the power before the unit: "(106/kg)", "(10^6 cells/kg)".
_HEADER_EXPONENT = re.compile(r"[×xX]\s*10\s*\^?\s*\(?(\d{1,2})\)?"
                              r"|\(\s*10\s*\^?\s*(\d)\s*(?=(?:cells?\s*)?(?:/|\bper\b)|cells?\b)", re.IGNORECASE)
_HEADER_PER = re.compile(r"(?:/|\bper\s+)\s*(kg|ml)\b", re.IGNORECASE)
LEADING_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)?(?:\s*[–-]\s*\d+(?:\.\d+)?(?!\s*[(\d]))?")
# A bare dose under a header that states its unit: a number, a range ("0.5 – 1"), or dose levels
# ("1, 2 or 4"; "2 and 8").
_NUMBER = r"\d+(?:\.\d+)?"
BARE_DOSE = re.compile(rf"{_NUMBER}(?:\s*(?:[–-]|to|±)\s*{_NUMBER}|(?:\s*,\s*{_NUMBER})*\s*,?\s*(?:or|and)\s*{_NUMBER})?")

def header_unit(header: str) -> tuple[int | None, str | None]:
    """The power of ten and the per-unit a dose column's header states: "(×106 cells/kg)" -> (6, "kg");
    a lost superscript reads "106" as 10^6."""
    exponent = _HEADER_EXPONENT.search(header or "")
    power = int(exponent.group(1) or exponent.group(2)) if exponent else None
    per = _HEADER_PER.search(header or "")
    return power, per.group(1).lower() if per else None



# A heading row that groups the rows below it ("Multiple sclerosis", "• Crohn's disease", "MSC
# studies:"): a short line of words with no number, most of them the name of a disease, a cell
# therapy or a kind of study.
_HEADING_BULLET = re.compile(r"^[\s•▪◦·*–-]*")
_HEADING_REST = re.compile(r"\b(?:patients?|with|and|in|of|the|refractory|severe|active|trials?|studies|series|"
                           r"autologous|allogeneic|allogenic|auto|allo|"
                           r"cohorts?|therapy|transplant(?:ation)?s?|treatment|cells?|[Pp]hase\s+[IV]+)\b|[()'’:,/&-]",
                           re.IGNORECASE)
HEADING_MAX_WORDS = 6


def group_heading(line: str, diseases: Lexicon, cells: Lexicon) -> str | None:
    """The heading a line is when it groups the rows below, as written; None for any other line."""
    text = _HEADING_BULLET.sub("", line.strip()).rstrip(":").strip()
    if not text or len(text.split()) > HEADING_MAX_WORDS:
        return None
    spans = sorted((m.start, m.end) for m in (*diseases.find(text), *cells.find(text), *cell_therapy_lexicon().find(text)))
    if not spans:
        return None
    rest, at = [], 0
    for start, end in spans:
        rest.append(text[at:start])
        at = max(at, end)
    rest.append(text[at:])
    left = _HEADING_REST.sub(" ", " ".join(rest))
    return text if not left.strip() else None


# A heading row naming a kind of study over the rows below: "Randomized controlled trials", "Ongoing trial".
SECTION_ROW = re.compile(r"^(?!.*\d)(?:[A-Za-z][\w/-]*\s+){0,5}(?:trials?|studies|series|cohorts?)\s*:?$", re.IGNORECASE)


# A dose group named by its label: "group A: 1", "cohort 2 = 5 × 106", "low dose: 2".
GROUP_LABEL = re.compile(r"\b(?:(?:group|cohort|arm)\s+\w{1,3}|low[- ]dose|high[- ]dose|medium[- ]dose)\s*[:=]\s*",
                         re.IGNORECASE)
_GROUP_VALUE = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:[–-]|to)\s*\d+(?:\.\d+)?)?")


def labelled_doses(text: str, dose_spans: list[tuple[int, int]]) -> list[str]:
    """The doses of groups named by labels in `text`, in order ("group A: 1, group B: 3" gives "1",
    "3"; a dose found at a label, one of `dose_spans`, is taken whole); none unless two groups or more."""
    found = []
    for m in GROUP_LABEL.finditer(text):
        dose = next((text[s:e] for s, e in dose_spans if s == m.end()), None)
        bare = _GROUP_VALUE.match(text, m.end())
        if dose or bare:
            found.append(dose or bare.group(0))
    return found if len(found) >= 2 else []


# The patients of one dose group, written right after its dose: "(9)", "(n = 9)", "n=9", "[9 patients]"; or
# stated a few words on ("60 × 10^6 i.t. (n = 34)"), where the count must say it is one.
_COHORT_COUNT = re.compile(r"\s*(?:[(\[]\s*(?:n\s*[=:]\s*)?(\d{1,4})(?:\s*(?:patients|pts|subjects))?\s*[)\]]"
                           r"|[,;]?\s*\(?n\s*=\s*(\d{1,4})\b\)?)", re.IGNORECASE)
_COHORT_COUNT_ON = re.compile(r"[^;()]{0,30}?\(\s*n\s*=\s*(\d{1,4})\s*\)", re.IGNORECASE)
_EXPLICIT_N = re.compile(r"n\s*[=:]|patients|pts|subjects", re.IGNORECASE)
_COHORT_REST = re.compile(r"[\s,;/]|\b(?:and|or)\b")


def count_after(text: str, end: int, stop: int | None = None) -> re.Match[str] | None:
    """The patients' count written right after a dose ending at `end` ("(9)", "(n = 9)"), if any."""
    return _COHORT_COUNT.match(text, end, len(text) if stop is None else stop)


class DoseCount(NamedTuple):
    start: int  # the dose's span
    end: int
    count: str
    labelled: bool  # the count says it is one ("n = 9", "9 patients")
    count_end: int


@lru_cache(maxsize=16384)
def dose_counts(text: str, whole: bool = True) -> tuple[DoseCount, ...]:
    """Dose groups each written with its patients ("1 × 10^6 (9); 3 × 10^6 (5)", "2 × 10^6 (n = 14)"). A
    `whole` cell: every dose has its count and nothing but connectors lies between them, else none. In
    a record's free text (not `whole`): the doses that state a count, a few words on if labelled ("60 ×
    10^6 i.t. (n = 34)"), two at least."""
    if "(" not in text and "[" not in text and "=" not in text:
        return ()  # no count is written after any dose
    doses = find_doses(text)
    found, rest, last = [], [], 0
    for k, (start, end, _) in enumerate(doses):
        stop = doses[k + 1][0] if k + 1 < len(doses) else len(text)
        m = count_after(text, end, stop) or (None if whole else _COHORT_COUNT_ON.match(text, end, stop))
        if not m:
            if whole:
                return ()
            continue
        found.append(DoseCount(start, end, next(g for g in m.groups() if g), bool(_EXPLICIT_N.search(m.group(0))), m.end()))
        rest.append(text[last:start])
        last = m.end()
    rest.append(text[last:])
    if whole:
        return tuple(found) if found and not _COHORT_REST.sub("", "".join(rest)) else ()
    return tuple(found) if len(found) >= 2 else ()
