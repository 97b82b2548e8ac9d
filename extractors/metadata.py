"""Bibliographic facts of a document: title, DOI, journal and year, where its text states them."""

from __future__ import annotations

import re

from extractors.vocabulary import lexicon

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>;,]+)")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
CITATION = re.compile(rf"^(?P<journal>[A-Z][\w .&-]*?)?\.?\s*(?P<year>(?:19|20)\d{{2}})\s+{_MONTH}\b", re.MULTILINE)
CITATION_VOLUME = re.compile(r"(?P<journal>[A-Z][\w .&-]{2,60}?)\.?\s+(?P<year>(?:19|20)\d{2});\s*\d+")
BOILERPLATE = re.compile(r"^(?:skip to main content|article text|download pdf.*|abstract|statistics from|"
                         r"request permissions|table \d+\.?|follow us|erratum in|comment in)$", re.IGNORECASE)


def doi(text: str) -> str | None:
    m = DOI.search(text)
    return m.group(1).rstrip(".") if m else None


def journal_and_year(text: str) -> tuple[str | None, int | None]:
    m = CITATION.search(text) or CITATION_VOLUME.search(text)
    if not m:
        return None, None
    journal = (m.group("journal") or "").strip(" .") or None
    return journal, int(m.group("year"))


def title(text: str) -> str | None:
    """The first line that reads like a title: a few words, not site furniture or a citation."""
    for line in text.split("\n")[:40]:
        if line.strip().startswith(("•", "-", "*", ".")):
            continue
        line = re.sub(r"^\s*\d+\s+", "", line.strip())
        if not 3 <= len(line.split()) <= 40 or BOILERPLATE.match(line) or DOI.search(line):
            continue
        if CITATION.search(line) or line.endswith(":"):
            continue
        return line.rstrip()
    return None


# A study's design as its text states it, most specific first: a meta-analysis or review reports
# other studies' results (never pooled again); a randomised or controlled trial has a control arm.
# Each pattern is tried only where the lower-cased text holds one of its words (a cheap test).
DESIGNS = (
    ("meta-analysis", ("meta", "pooled"),
     re.compile(r"\bmeta-?analys[ie]s\b|\bpooled\s+(?:analysis|estimate|rate|proportion)", re.IGNORECASE)),
    ("review", ("review",), re.compile(r"\b(?:systematic|literature|narrative|this)\s+review\b|\bwe\s+reviewed\b",
                                       re.IGNORECASE)),
    ("rct", ("random",),
     re.compile(r"(?=r)(?<!non)(?<!non-)\b(?:randomi[sz]ed|randomly\s+assigned|randomly\s+allocated)\b", re.IGNORECASE)),
    ("controlled", ("control", "placebo", "saline", "sham"),
     re.compile(r"(?=[cpnsuv])(?:\bcontrol\s+(?:group|arm)s?\b|\bplacebo|\bnormal\s+saline\b|\bsham\b|"
                r"(?<!un)controlled\s+(?:trial|study|clinical|design|phase)|\b(?:placebo|sham|saline|vehicle)[\s-]+controlled\b)",
                re.IGNORECASE)),
    ("registry", ("registry",),
     re.compile(r"\bregistry\s+(?:data|study|analysis)|\bdata\s+from\s+the\s+\w+\s+registry", re.IGNORECASE)),
    ("cohort", ("retrospective", "cohort", "observational"),
     re.compile(r"\b(?:retrospective|cohort\s+study|observational\s+study)\b", re.IGNORECASE)),
    ("single-arm", ("single", "open", "pilot", "phase", "expanded", "series"),
     re.compile(r"\bsingle[\s-]arm\b|\bopen[\s-]label\b|\bpilot\b|\bphase\s+(?:1|2|I|II)(?:/|\b)|"
                r"\bexpanded\s+access\b|\bcase\s+series\b", re.IGNORECASE)),
)


COMPARED = ("rct", "controlled")  # designs with a comparison arm
# A sentence about other or future trials does not state this study's design: "Larger randomised
# trials are needed", "Unlike earlier randomized trials, ...".
OTHER_TRIALS = re.compile(r"\b(?:needed|warranted|required|necessary|future|further|larger|previous(?:ly)?|prior|earlier|"
                          r"unlike|ongoing|should)\b", re.IGNORECASE)
# A study that says it has one arm is single-arm, whatever comparison it mentions beside.
ONE_ARM = re.compile(r"\bsingle[\s-](?:arm|group)\b|\buncontrolled\s+(?:trial|study|pilot|design)|\bnon[\s-]?comparative\b|"
                     r"\b(?:without|no)\s+(?:a\s+)?(?:control|comparator|comparison)\s+(?:group|arm)", re.IGNORECASE)
ONE_ARM_WORDS = ("single", "uncontrolled", "comparative", "no co", "without")  # one of which ONE_ARM holds: a cheap test
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
SENTENCE_CHARS = 300  # how far a design's words are looked around for the sentence they are in


def design(text: str) -> str | None:
    """The study design the text states (`rct`, `controlled`, `single-arm`, `cohort`, `registry`,
    `meta-analysis`, `review`), or None: the most specific one named. A comparison (`rct`,
    `controlled`) counts only where the text states its own (not in a sentence about other or future
    trials) and not in a study that says it has a single arm."""
    lower = text.lower()
    for name, words, pattern in DESIGNS:
        if not any(word in lower for word in words):
            continue
        if name in COMPARED:
            if _states_own(pattern, text) and not _one_arm(text, lower):
                return name
        elif pattern.search(text):
            return name
    return "single-arm" if _one_arm(text, lower) else None


def _one_arm(text: str, lower: str) -> bool:
    return any(word in lower for word in ONE_ARM_WORDS) and bool(ONE_ARM.search(text))


def _states_own(pattern: re.Pattern[str], text: str) -> bool:
    """Whether `pattern` is found in a sentence that is not about other or future trials."""
    for m in pattern.finditer(text):
        lead = max(0, m.start() - SENTENCE_CHARS)
        start = max(text.rfind(". ", lead, m.start()), text.rfind("\n", lead, m.start()), lead)
        end = _SENTENCE_END.search(text, m.end(), m.end() + SENTENCE_CHARS)
        if not OTHER_TRIALS.search(text, start, end.start() if end else m.end() + SENTENCE_CHARS):
            return True
    return False


def describe(text: str) -> dict:
    journal, year = journal_and_year(text)
    return {"title": title(text), "doi": doi(text), "journal": journal, "year": year}


# --- Study labels: "Wang 2014", the first author's surname and the year, as people cite a study ---
#
# The first author is taken, in this order, from the reader's metadata (`first_author`), a tagged
# field (MEDLINE "FAU - Zhang, Jun" or "AU  - Zhang J", RIS "A1  - Zhang, J."), a "Cite this
# article as:" line, or the front matter: the first line among FRONT_LINES that reads as a list of
# authors ("Jun Zhang1, Shuang Lv2*", "Zhang J, Lv S, Liu X. Gut Liver 2018;12:73-78", "L Sun").
# A line reads as authors only when every name in it has the shape of a name; a line naming a
# disease or a word of NOT_NAME_WORDS is a title, heading or affiliation, never authors.
FRONT_LINES = 40
AUTHOR_LINE_CHARS = 400
NO_YEAR = "n.d."  # a first author without a publication year: "Sun n.d.", as citation styles write it
NOT_NAME_WORDS = frozenset("""
    abstract access acknowledgements affiliations affiliation aims analysis and annals application applications archive
    article articles association authors author background blood bone brought care case cell cells center centre
    clinic clinical college conclusion conclusions contents copyright correspondence cord department disease diseases
    download editor editorial erratum figure follow full gene hospital immunology institute introduction journal key
    keywords laboratory letter marrow medical medicine methods news objective objectives open original page pdf
    permissions pilot references report request research results review reviews rheumatology school science sciences
    society stem studies study summary supplementary table team therapy transplantation treatment trial trials
    umbilical university
""".split())
_PARTICLES = frozenset("van von der den de del della di da dos du la le ter ten bin al el y".split())
_TITLES = frozenset("md phd msc bsc mbbs mph dphil frcp rn dr prof professor mr mrs ms".split())
_INITIALS = re.compile(r"^(?:[A-Z]{1,3}|[A-Z]-[A-Z]|[A-Z]\.(?:\s?-?[A-Z]\.){0,2})$")  # J, JM, J-M, J., J.M., J.-M.
_AFFILIATION_MARKS = re.compile(r"(?<=[^\W\d_])[\d*†‡§¶#]+(?:,[\d*†‡§¶#]+)*")  # "Zhang1,2*" -> "Zhang"
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}[.)]\s+|[•·*-]\s+)")
_BY = re.compile(r"^(?:by|authors?:)\s+", re.IGNORECASE)
_ET_AL = re.compile(r",?\s*\bet\.?\s+al\b\.?")
_NAME_SEPARATORS = re.compile(r",|;|\s+and\s+|\s*&\s*")
_VANCOUVER_HEAD = re.compile(r"^(?P<authors>.+?\b[A-Z]{1,3})\.\s+\S")  # "Zhang J, Lv S, Liu X. Gut Liver ..."
_FRONT_END = re.compile(r"^(?:abstract|background|introduction|summary|objectives?|methods|keywords?)\b", re.IGNORECASE)
_TAGGED_AUTHOR = re.compile(r"^(?:FAU|AU|A1)\s{0,3}-\s+(\S.*)$", re.MULTILINE)
_TAGGED_YEAR = re.compile(r"^(?:PY|Y1|DP|DA)\s{0,3}-\s+\D{0,12}((?:19|20)\d{2})\b", re.MULTILINE)
_CITE_AS = re.compile(r"^\s*(?:please\s+)?(?:cite\s+this\s+article(?:\s+as)?|how\s+to\s+cite(?:\s+this\s+article)?|"
                      r"to\s+cite\s+this\s+article|citation)\s*:\s*(\S.*)$", re.IGNORECASE | re.MULTILINE)


def _token_kind(token: str) -> str | None:
    """'initials' (J, JM, J.M.), 'particle' (van, de), 'word' (a capitalised name word), else None."""
    if _INITIALS.match(token):
        return "initials"
    if token in _PARTICLES:
        return "particle"
    bare = token.replace("-", "").replace("'", "").replace("’", "")
    if len(bare) < 2 or not bare.isalpha() or not token[0].isupper() or token.lower() in NOT_NAME_WORDS:
        return None
    return "word" if any(c.islower() for c in bare) or len(bare) >= 4 else None  # "Zhang", "ZHANG"; not "SLE"


def surname(name: str) -> tuple[str, bool] | None:
    """The surname of one written name, and whether it was written with initials: "Zhang J" and
    "van der Berg AB" (surname first, Vancouver style), "Jun Zhang", "L Sun", "J. S. Smith"."""
    tokens = [t for t in name.split() if t.lower().strip(".") not in _TITLES]
    if not 2 <= len(tokens) <= 5:
        return None
    kinds = []
    for token in tokens:  # the first token that is no part of a name ends it
        kind = _token_kind(token)
        if kind is None:
            return None
        kinds.append(kind)
    if kinds[-1] == "initials" and kinds[-2] == "word" and "initials" not in kinds[:-1] and len(tokens) <= 4:
        return _cased(" ".join(tokens[:-1])), True
    if kinds[-1] != "word" or kinds[0] == "particle" or len(tokens) > 4:
        return None
    first = len(tokens) - 1
    while first > 1 and kinds[first - 1] == "particle":
        first -= 1
    return _cased(" ".join(tokens[first:])), "initials" in kinds


def _cased(name: str) -> str:
    return " ".join(w.title() if w.isupper() and len(w) > 1 else w for w in name.split())


def first_author_of_line(line: str) -> str | None:
    """The first author's surname when `line` is a list of authors, or a citation that starts with
    one; None for a title, heading, affiliation or sentence."""
    if "|" in line or "\t" in line:  # a table's row
        return None
    line = _BY.sub("", _LIST_MARK.sub("", line).strip())
    if not line or len(line) > AUTHOR_LINE_CHARS:
        return None
    cleaned, marks = _AFFILIATION_MARKS.subn("", line)
    et_al = _ET_AL.search(cleaned)
    if et_al:  # "Wang D, Li J, Zhang Y, et al. Arthritis Res Ther. 2014;16:R79"
        names = _names(cleaned[:et_al.start()])
        return names[0][0] if names else None
    names = _names(cleaned.rstrip(". "))
    if names and (len(names) > 1 or marks or names[0][1]):
        return names[0][0]
    vancouver = _VANCOUVER_HEAD.match(cleaned)  # the authors of a citation: "Sun L. Stem cells and ..."
    names = _names(vancouver.group("authors")) if vancouver else []
    return names[0][0] if names and names[0][1] else None


def _names(text: str) -> list[tuple[str, bool]]:
    """Every name of a separated list, or [] when any part is not a name (degrees dropped)."""
    parts = [p.strip() for p in _NAME_SEPARATORS.split(text)]
    parts = [p for p in parts if p and p.lower().strip(".") not in _TITLES]
    names = []
    for part in parts:  # the first part that is no name ends it
        name = surname(part)
        if name is None:
            return []
        names.append(name)
    if not names or lexicon("disease").scan(text):  # "Lupus Nephritis, Systemic Sclerosis" has the shape of two names
        return []
    return names


def _tagged_author(value: str) -> str | None:
    """A MEDLINE or RIS author field: "Zhang, Jun", "Zhang J", "Zhang, J."."""
    if "," in value:
        name = value.split(",", 1)[0].strip()
        return _cased(name) if all(_token_kind(t) in ("word", "particle") for t in name.split()) else None
    named = surname(value.strip())
    return named[0] if named else None


def first_author(text: str, meta: dict | None = None) -> str | None:
    """The first author's surname: the reader's metadata, a tagged field, a "cite as" line or the
    front matter; None when the document names no author."""
    given = ((meta or {}).get("first_author") or "").split(",")[0].strip()  # a surname ("De Souza"), as readers give it
    if given:
        return given
    for found in (_tagged_author(m.group(1)) for m in _TAGGED_AUTHOR.finditer(text)):
        if found:
            return found
    for found in (first_author_of_line(m.group(1)) for m in _CITE_AS.finditer(text)):
        if found:
            return found
    for line in text.split("\n", FRONT_LINES)[:FRONT_LINES]:
        if _FRONT_END.match(line.strip()):
            break
        found = first_author_of_line(line)
        if found:
            return found
    return None


def study_label(text: str, meta: dict | None, year: int | None, source_file: str) -> str:
    """ "Wang 2014": the first author's surname and the publication year, as people cite a study
    ("Sun n.d." without a year); the file name when the document names no author."""
    author = first_author(text, meta)
    if not author:
        return source_file
    if year is None:
        tagged = _TAGGED_YEAR.search(text)
        year = int(tagged.group(1)) if tagged else None
    return f"{author} {year if year is not None else NO_YEAR}"
