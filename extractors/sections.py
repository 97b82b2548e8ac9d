"""A paper's text split into sections (abstract, introduction, methods, results, ...) by its headings.

Readers that see a document's structure (JATS, HTML) say its sections; for text and PDF they are
found here, from heading lines: a line that is a known heading ("Results", "2. Materials and
methods", "RESULTS:", "## Discussion") or a path of them ("ABSTRACT.METHODS:",
"BODY.RESULTS.1. EFFICACY:"). A sub-heading not in the vocabulary ("1. Efficacy") stays in the
section it is under.

The abstract is told from the body by position: the headings before the body starts (its
introduction, a heading whose kind was already seen, or the discussion) are the abstract's parts,
when they are short enough to be one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.document import Section
from extractors.vocabulary import lexicon

# A heading line: optional markdown hashes, optional numbering ("2.", "2.1", "II."), the words, an
# optional colon. Longer lines are prose.
HEADING_CHARS = 70
_NUMBERING = re.compile(r"^\s*#{0,4}\s*(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,4})\.?\s+)?")
_PATH = re.compile(r"^\s*(ABSTRACT|BODY|TITLE)(?:\.|:)(.*?):?\s*$")  # "ABSTRACT.RESULTS:", "BODY.RESULTS.1. X:"
PROSE_AFTER_HEADING = 40  # the first line under a heading is prose at least this long, or a heading
HEADING_LOOKAHEAD = 2  # non-blank lines looked at below a heading for its prose
# Lines of a paper's front matter, above an abstract printed with no heading.
# ("hospital" or "university" are not among them: an abstract's own sentences name those.)
FRONT_MATTER = re.compile(r"copyright|©|licen[cs]e|received|accepted|published|correspondence|e-?mail|@|editor|"
                          r"doi\b|https?:|www\.|keywords?\s*:", re.IGNORECASE)
ABSTRACT_MIN_CHARS = 300
LABELLED_ABSTRACT_SCALE = 2.5
# An abstract is at most this long; a longer run of sections before the body is the body itself.
ABSTRACT_MAX_CHARS = 4000
# Kinds whose text gives findings: the abstract's parts (any kind), and these in the body.
READ_KINDS = frozenset({"front", "abstract", "results", "other"})
BODY_START = frozenset({"introduction", "discussion", "references", "back"})
BODY_KINDS = frozenset({"introduction", "methods", "results", "discussion", "conclusions"})
CLOSING_KINDS = frozenset({"references", "back"})


@dataclass(frozen=True)
class Heading:
    line: int  # 1-based
    kind: str  # a sub-heading not in the vocabulary is no heading: its lines stay in the section above
    title: str
    part: str | None = None  # "abstract" or "body" when the heading says so (ABSTRACT.X / BODY.X)


def heading_kind(words: str, prefix: bool = False) -> str | None:
    """The section kind a heading's words name, or None. With `prefix`, for a line known to be a
    heading (an HTML or JATS title), its first words may name it: "Conflict of interest statement",
    "Patients and treatment" (the longest term wins)."""
    key = re.sub(r"\s+", " ", words.strip().rstrip(":.").strip().lower().replace("&", "and").replace("-", " "))
    terms = lexicon("section").terms
    if key in terms or not prefix:
        return terms.get(key)
    starts = [t for t in terms if key.startswith(t) and not key[len(t)].isalnum()]
    return terms[max(starts, key=len)] if starts else None


def read_heading(line: str, number: int) -> Heading | None:
    stripped = line.strip()
    if not stripped or len(stripped) > HEADING_CHARS:
        return None
    path = _PATH.match(stripped)
    if path:
        part = {"ABSTRACT": "abstract", "BODY": "body", "TITLE": None}[path.group(1)]
        steps = [s for s in re.split(r"\.(?=[A-Z0-9])", path.group(2).strip(". ")) if s]
        kind = heading_kind(steps[0]) if steps else ("abstract" if part == "abstract" else None)
        if part is None:
            return Heading(number, "front", stripped)
        return Heading(number, kind or ("abstract" if part == "abstract" else "other"), stripped, part)
    words = _NUMBERING.sub("", stripped)
    if not words.rstrip(":").strip() or not words[0].isupper():  # "patients." ending a wrapped line is no heading
        return None
    kind = heading_kind(words)
    return Heading(number, kind, stripped) if kind else None


def find_sections(lines: list[str]) -> tuple[Section, ...]:
    """The sections of a text's lines, in order, covering every line; () when it has no heading."""
    found = {k: h for k, line in enumerate(lines, start=1) if (h := read_heading(line, k))}
    headings = [h for k, h in found.items() if h.part or _opens_text(lines, k, found)]
    if not headings:
        return ()
    in_abstract = _abstract_flags(headings, lines)
    headings = _results_subsections(headings, in_abstract)
    sections: list[Section] = []
    if headings[0].line > 1:
        sections.extend(_front(lines, headings[0].line - 1, headings[0].kind in BODY_START and not any(in_abstract)))
    for k, heading in enumerate(headings):
        end = headings[k + 1].line - 1 if k + 1 < len(headings) else len(lines)
        sections.append(Section(heading.kind, heading.title, heading.line, end, in_abstract[k]))
    return tuple(sections)


def _results_subsections(headings: list[Heading], in_abstract: list[bool]) -> list[Heading]:
    """Sub-headings of a results section stay results: one numbered under it ("3.1. Patients" under
    "3. Results"), or one that names the patients studied ("Patients", "Study population") after it
    in the same part of the paper, where a results section describes who was studied. Any other
    heading closes the results section."""
    kept: list[Heading] = []
    parent: int | None = None  # the index of the results heading the ones that follow may be under
    for k, heading in enumerate(headings):
        if heading.kind == "results":
            parent = k
        elif parent is not None and (_numbered_under(heading.title, headings[parent].title) or (
                in_abstract[k] == in_abstract[parent] and heading.kind == "methods" and _names_patients(heading.title))):
            heading = Heading(heading.line, "results", heading.title, heading.part)
        else:
            parent = None
        kept.append(heading)
    return kept


_NUMBER = re.compile(r"^\s*#{0,4}\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s")
_PATIENT_WORDS = re.compile(r"\b(?:patients?|participants?|subjects?|population|cohort|characteristics)\b", re.IGNORECASE)


def _numbered_under(title: str, parent: str) -> bool:
    """ "3.1. Patients" under "3. Results": the child's number extends the parent's."""
    child, above = _NUMBER.match(title), _NUMBER.match(parent)
    return bool(child and above) and child.group(1).startswith(above.group(1).rstrip(".") + ".")


def _names_patients(title: str) -> bool:
    """A heading about who was studied ("Patients", "Study population", "Patient characteristics"),
    not how ("Patients and methods")."""
    return bool(_PATIENT_WORDS.search(title)) and heading_kind(title) == "methods" and "method" not in title.lower()


def _front(lines: list[str], last: int, unlabelled: bool) -> list[Section]:
    """The text before the first heading: the title block, and in a paper whose abstract has no
    heading of its own (the first heading opens the body), that abstract: the last run of prose
    before the body, from the first line that starts a sentence after the front matter."""
    if not unlabelled:
        return [Section("front", "", 1, last)]
    start = last
    while start > 1 and lines[start - 2].strip() and not FRONT_MATTER.search(lines[start - 2]):
        start -= 1
    while start <= last and not (start == 1 or lines[start - 2].rstrip().endswith((".", ":")) or not lines[start - 2].strip()):
        start += 1  # the end of a sentence the front matter began
    chars = _chars(lines, start, last + 1)
    if start > last or not ABSTRACT_MIN_CHARS <= chars <= ABSTRACT_MAX_CHARS or start == 1:
        return [Section("front", "", 1, last)]
    return [Section("front", "", 1, start - 1), Section("abstract", "", start, last, True)]


def _opens_text(lines: list[str], number: int, headings: dict[int, Heading]) -> bool:
    """A heading is followed by prose, perhaps under a sub-heading ("3.1. Efficacy"), or by another
    heading; a word alone on its line among short lines ("Patients", "Design") is a cell of a table
    printed one cell per line."""
    below = [k for k in range(number, min(len(lines), number + 2 * HEADING_LOOKAHEAD)) if lines[k].strip()]
    if any(len(lines[k].strip()) >= PROSE_AFTER_HEADING for k in below[:HEADING_LOOKAHEAD]):
        return True
    return bool(below) and below[0] + 1 in headings and _opens_text(lines, below[0] + 1, headings)


def _abstract_flags(headings: list[Heading], lines: list[str]) -> list[bool]:
    if any(h.part for h in headings):
        return [h.part == "abstract" for h in headings]
    start = _body_start(headings)
    if start == 0:
        return [False] * len(headings)
    first, last = headings[0].line, headings[start].line if start < len(headings) else len(lines) + 1
    labelled = headings[0].kind == "abstract"  # under its own heading an abstract may run longer (a BMJ's boxes)
    short = _chars(lines, first, last) <= ABSTRACT_MAX_CHARS * (LABELLED_ABSTRACT_SCALE if labelled else 1)
    return [k < start and (short or labelled and k == 0) for k in range(len(headings))]


def _chars(lines: list[str], first: int, last: int) -> int:
    """The characters of 1-based lines first..last-1."""
    return sum(len(line) for line in lines[first - 1:last - 1])


def _body_start(headings: list[Heading]) -> int:
    """The index of the first heading of the body: its introduction, discussion or back matter, or a
    kind seen before (a body's "Methods" after the abstract's)."""
    seen: set[str] = set()
    # an abstract may open with a part labelled "Introduction"; a paper whose headings go on to a
    # discussion has a body, and its "Introduction" after an unlabelled abstract opens it
    paper = any(h.kind == "discussion" for h in headings)
    for k, heading in enumerate(headings):
        kind = heading.kind
        if k and kind == headings[k - 1].kind:
            continue  # "Design", "Setting", "Participants": one part of a structured abstract under several labels
        own_label = kind == "introduction" and (_abstract_label(heading) or k > 0 and headings[k - 1].kind == "abstract"
                                                and not paper)
        if kind in BODY_START and not own_label:  # an abstract's first part may be labelled "Introduction"
            return k
        if kind in seen:
            return k
        seen.add(kind)
    return len(headings)


def _abstract_label(heading: Heading) -> bool:
    """A structured abstract's "Background"/"Objective" part, as opposed to a body's "Introduction"."""
    return not heading.title.strip(" #:0123456789.").lower().startswith("introduction")


def readable_lines(sections: tuple[Section, ...], count: int) -> set[int] | None:
    """The 0-based lines whose text may give findings: the abstract and the results (and text under
    no known heading, and the text before the first heading when no abstract was found: it may be
    one); None when the document has no sections (every line is read). Back matter and references
    are closed only after a paper's body: a scraped page lists "Funding" anywhere."""
    if not sections:
        return None
    keep: set[int] = set()
    # with its abstract found, what comes before it is the title block: authors, affiliations, dates
    kinds = READ_KINDS - {"front"} if any(s.abstract for s in sections) else READ_KINDS
    for section in sections:
        if section.abstract or section.kind in kinds or section.kind in CLOSING_KINDS:
            keep.update(range(section.start, min(section.end, count)))  # the heading line itself is skipped
            if section.kind == "front" or not section.title:
                keep.add(section.start - 1)
    return keep - closing_lines(sections, count)


def closing_lines(sections: tuple[Section, ...], count: int) -> set[int]:
    """The 0-based lines of the reference list and back matter after a paper's body: never read,
    as prose or as tables (a reference list's years and volumes look like a table's rows)."""
    closing: set[int] = set()
    body = False
    for section in sections:
        body = body or (not section.abstract and section.kind in BODY_KINDS)
        if body and section.kind in CLOSING_KINDS:
            closing.update(range(section.start - 1, min(section.end, count)))
    return closing
