"""Controlled vocabularies: the words of the field mapped to the warehouse's codes.

The data lives in `vocabulary.toml`; this module compiles it into matchers. A `Lexicon` finds
every mention of a category (disease, cell source, route, origin, measure, therapy) in a piece of
text, leftmost-longest, and can be extended with a table's own abbreviation legend. On top of the
lexicons: `therapy_mentions` (the stem-cell therapies a text names), `control_pattern` and
`names_treatment` (what an arm's name says it received), `measure_lexicon` (the contract's
measures and the other outcomes as one vocabulary, for one disease).
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
_TOKEN = re.compile(r"[A-Za-z0-9.'’]+")
# The same tokens, only those with a capital: what a lexicon whose abbreviations all have one can match.
_CAPITAL_TOKEN = re.compile(r"(?<![A-Za-z0-9.'’])[A-Za-z0-9.'’]*[A-Z][A-Za-z0-9.'’]*")


@dataclass(frozen=True)
class Mention:
    code: str
    start: int
    end: int
    text: str


_ROMAN = re.compile(r"[IVX]{1,4}")
_NUMBERED = re.compile(r"\b(?:class|classes|grade|grades|stage|stages|type|phase|WHO|ISN/RPS)\s*"
                       r"(?:[IVX]{1,4}\s*(?:[–/+-]|,|and|or)\s*)*$", re.IGNORECASE)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Phrases (case-insensitive) and abbreviations (case-sensitive) of one category."""

    category: str
    terms: dict[str, str]  # lower-cased phrase -> code
    abbrevs: dict[str, str]  # abbreviation without dots -> code
    info: dict[str, dict] = field(default_factory=dict)  # code -> extra keys (kind, unit)
    pattern: re.Pattern[str] = field(init=False, repr=False)
    tokens: re.Pattern[str] = field(init=False, repr=False)  # the words that may be abbreviations
    _codes: dict[str, str | None] = field(init=False, repr=False, default_factory=dict)  # word -> abbreviation code
    _kept: dict[str, tuple[Mention, ...]] = field(init=False, repr=False, default_factory=dict)  # text -> mentions

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _phrase_pattern(tuple(self.terms)))
        capitals = all(any(ch.isupper() for ch in a) for a in self.abbrevs)
        object.__setattr__(self, "tokens", _CAPITAL_TOKEN if capitals else _TOKEN)

    @property
    def codes(self) -> list[str]:
        return list(dict.fromkeys([*self.terms.values(), *self.abbrevs.values()]))

    def find(self, text: str) -> list[Mention]:
        """Every mention in `text`, leftmost-longest, non-overlapping, in text order. Kept per text:
        the same cells and rows are looked up again and again (a table's legend-extended lexicon,
        one object per legend, keeps its own)."""
        kept = self._kept
        if text not in kept:
            if len(kept) >= MAX_KEPT_TEXTS:
                kept.clear()
            kept[text] = self._find(text)
        return list(kept[text])

    def scan(self, text: str) -> tuple[Mention, ...]:
        """`find`, for text read once (a whole document) or kept by the caller: not kept here."""
        return self._find(text)

    def _find(self, text: str) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for m in self.pattern.finditer(text):
            found.append(Mention(self.terms[_squash(m.group(0))], m.start(), m.end(), m.group(0)))
        # the phrases' spans, in text order and apart: an abbreviation inside one is no mention
        starts, ends = [f.start for f in found], [f.end for f in found]
        for m in self.tokens.finditer(text) if self.abbrevs else ():
            code = self._token_code(m.group(0))
            if code and _ROMAN.fullmatch(m.group(0)) and _NUMBERED.search(text, 0, m.start()):
                code = None  # "class IV", "grade III": a numeral, not the abbreviation ("IV", intravenous)
            if code:
                start, end = m.span()
                k = bisect_right(ends, start)  # the first phrase ending after the word starts
                if k == len(starts) or starts[k] >= end:
                    found.append(Mention(code, start, end, m.group(0)))
        return tuple(sorted(found, key=lambda f: f.start))

    def abbrev_code(self, token: str) -> str | None:
        key = token.strip(".'’-").replace(".", "")
        return self.abbrevs.get(key)

    def _token_code(self, token: str) -> str | None:
        """`abbrev_code`, kept per word: the same words come back row after row."""
        codes = self._codes
        if token not in codes:
            if len(codes) >= MAX_KEPT_WORDS:
                codes.clear()
            codes[token] = self.abbrev_code(token)
        return codes[token]

    def codes_in(self, text: str) -> list[str]:
        """The distinct codes mentioned in `text`, in order of first mention."""
        return list(dict.fromkeys(m.code for m in self.find(text)))

    def with_legend(self, legend: dict[str, str]) -> Lexicon:
        """A copy that also knows a table's abbreviations, where their expansion names a code."""
        extra = {}
        for abbrev, expansion in legend.items():
            codes = self.codes_in(expansion)
            if len(codes) == 1 and not (self.category == "route" and self._names_more(expansion)):
                extra[abbrev.replace(".", "")] = codes[0]
        if not extra:
            return self
        return _extended(self, tuple(extra.items()))


    def _names_more(self, expansion: str) -> bool:
        """Whether an expansion names more than this lexicon's term: a word outside its mentions that is
        no filler of the role ("intravenous immunoglobulin" is a drug, not a route)."""
        rest = expansion
        for m in sorted(self.find(expansion), key=lambda m: m.start, reverse=True):
            rest = rest[:m.start] + " " + rest[m.end:]
        words = fillers().get(self.category, set())
        return any(w.lower() not in words for w in re.findall(r"[A-Za-z]{3,}", rest))


@lru_cache(maxsize=256)
def _extended(lexicon: Lexicon, extra: tuple[tuple[str, str], ...]) -> Lexicon:
    """A lexicon with more abbreviations: one object for one legend, so the mentions looked up
    in one table's text are kept for the next table with that legend."""
    return Lexicon(lexicon.category, lexicon.terms, {**lexicon.abbrevs, **dict(extra)}, lexicon.info)


MAX_KEPT_WORDS = 50_000  # words whose abbreviation code a lexicon keeps
MAX_KEPT_TEXTS = 8_192  # texts whose mentions a lexicon keeps
MAX_KEPT_CHARS = 2_000  # the longest text whose therapy mentions are kept (a sentence, a title)


@lru_cache(maxsize=64)
def _phrase_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Every phrase as a whole word, case-insensitive, the longest first; a space in a phrase
    matches any run of spaces and hyphens. Phrases are grouped by their first letter (lower-cased
    phrases, so one group can start at a given character), which keeps the longest-first order
    among the phrases that can match there while the matcher skips the groups that cannot."""
    phrases = sorted(terms, key=len, reverse=True)
    if not phrases:
        return re.compile("(?!)")
    if not all(p[0].isascii() and p[0].isalnum() and p[0] == p[0].lower() for p in phrases):
        body = "|".join(_phrase_regex(p) for p in phrases)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.IGNORECASE)
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase)
    body = "|".join(f"{first}(?:{'|'.join(_phrase_regex(p[1:]) for p in group)})" for first, group in groups.items())
    return re.compile(rf"(?<![\w-])(?=[{''.join(groups)}])(?:{body})(?![\w])", re.IGNORECASE)


def _phrase_regex(phrase: str) -> str:
    return re.escape(phrase).replace(r"\ ", r"[\s-]+")


_SPACES = re.compile(r"[\s-]+")


def _squash(phrase: str) -> str:
    return _SPACES.sub(" ", phrase.lower()).replace("-", " ")


@cache
def _data() -> dict:
    return tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


@cache
def fillers() -> dict[str, set[str]]:
    """Words that may stand in a table cell of a role without naming a code, lower-cased."""
    return {role: {w.lower() for w in words} for role, words in _data()["filler"].items()}


# Keys of an entry that are words, not information about its code.
_WORD_KEYS = ("terms", "abbrevs", "include", "inside", "scoped_terms", "scoped_abbrevs", "context_terms")


@cache
def load() -> dict[str, Lexicon]:
    data = _data()
    lexicons = {}
    for category, entries in data.items():
        if category == "filler":
            continue
        terms: dict[str, str] = {}
        abbrevs: dict[str, str] = {}
        info: dict[str, dict] = {}
        for code, entry in _entries(category, entries):
            words, shorts = _words(data, entry)
            # with no disease known, scoped words apply; an abbreviation in the context that makes it this code too
            for term in [*words, *entry.get("scoped_terms", []), *entry.get("context_terms", [])]:
                terms.setdefault(_squash(term), code)
            for abbrev in [*shorts, *entry.get("scoped_abbrevs", [])]:
                abbrevs.setdefault(abbrev.replace(".", ""), code)
            info[code] = {k: v for k, v in entry.items() if k not in _WORD_KEYS}
        lexicons[category] = Lexicon(category, terms, abbrevs, info)
    return lexicons


def _entries(category: str, entries: dict) -> list[tuple[str, dict]]:
    """(code, entry) of a category; a category that is one list of words (`[control]`) is its own code."""
    return [(category, entries)] if "terms" in entries else list(entries.items())


def _words(data: dict, entry: dict) -> tuple[list[str], list[str]]:
    """An entry's terms and abbreviations, with those of every category it includes."""
    terms, abbrevs = list(entry.get("terms", [])), list(entry.get("abbrevs", []))
    for category in entry.get("include", []):
        for _, included in _entries(category, data[category]):
            more_terms, more_abbrevs = _words(data, included)
            terms += more_terms
            abbrevs += more_abbrevs
    return terms, abbrevs


def lexicon(category: str) -> Lexicon:
    return load()[category]


def legend_lexicons(legend: dict[str, str], base: dict[str, Lexicon] | None = None) -> dict[str, Lexicon]:
    """The lexicons a table's cells are coded with, extended by that table's abbreviation legend."""
    base = base or load()
    return {name: base[name].with_legend(legend) for name in ("disease", "cell_source", "route", "origin")}


# -- therapies and arms ------------------------------------------------------------------------

UNNAMED_THERAPY = "stem_cells"  # the code of stem cells of no named kind


def therapy_mentions(text: str) -> list[Mention]:
    """The stem-cell therapies `text` names (codes MSCT, HSCT and UNNAMED_THERAPY), leftmost-longest,
    apart, in text order: "mesenchymal stem cells" is one MSCT mention, "hUC-MSCs" and "darvadstrocel"
    are MSCT, "AHSCT" and "ASCT" HSCT, "stem cells" alone UNNAMED_THERAPY. Kept per text for a
    sentence or a title (they come back, sentence by sentence), not for a whole document."""
    return list(_kept_therapies(text) if len(text) <= MAX_KEPT_CHARS else _therapies(text))


@lru_cache(maxsize=MAX_KEPT_TEXTS)
def _kept_therapies(text: str) -> tuple[Mention, ...]:
    return _therapies(text)


def _therapies(text: str) -> tuple[Mention, ...]:
    found = list(lexicon("therapy").scan(text))
    for m in _inside_pattern().finditer(text):
        word = m.group(0).rstrip("-")
        found.append(Mention(_inside_code(word), m.start(), m.start() + len(word), word))
    return _leftmost_longest(found)


def _leftmost_longest(found: list[Mention]) -> tuple[Mention, ...]:
    """Of mentions that overlap, the one that starts first, then the longer."""
    kept: list[Mention] = []
    for m in sorted(found, key=lambda m: (m.start, m.start - m.end)):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return tuple(kept)


@cache
def _inside_words() -> dict[str, str]:
    """Lower-cased abbreviation -> code, for the therapies named inside any word ("hUC-MSCs")."""
    return {word.lower(): code for code, entry in _data()["therapy"].items() for word in entry.get("inside", [])}


@cache
def _inside_pattern() -> re.Pattern[str]:
    inside = "|".join(re.escape(w) for w in sorted(_inside_words(), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![\w-])[\w-]*?(?:{inside})[\w-]*", re.IGNORECASE)


def _inside_code(word: str) -> str:
    lowered = word.lower()
    return next(code for inside, code in _inside_words().items() if inside in lowered)


@cache
def _word_start_pattern(category: str) -> re.Pattern[str]:
    """A category's terms, each from a word's start (and to anywhere), case aside."""
    phrases = sorted(lexicon(category).terms, key=len, reverse=True)
    return re.compile(rf"(?<![A-Za-z])(?:{'|'.join(_phrase_regex(p) for p in phrases)})", re.IGNORECASE)


def control_pattern() -> re.Pattern[str]:
    """A comparator's words (`[control]`), each from a word's start: "controls", "placebo-treated",
    "normal saline"; not "uncontrolled"."""
    return _word_start_pattern("control")


def names_treatment(text: str) -> bool:
    """Whether an arm's name or description says it received the therapy studied: a therapy's name
    ("the UC-MSC group", "the aHSCT arm") or a word of treatment ("transplantation", "infused")."""
    return bool(therapy_mentions(text)) or bool(_word_start_pattern("treated").search(text))


@cache
def cell_therapy_lexicon() -> Lexicon:
    """The table arm vocabulary's cell-therapy words alone (`trial_arm.cells`: the therapies, other
    cell therapies and words of cell therapy in general); the rest ("group", "treatment") is everywhere."""
    arms = lexicon("trial_arm")
    return Lexicon("cell_therapy", {t: c for t, c in arms.terms.items() if c == "cells"},
                   {a: c for a, c in arms.abbrevs.items() if c == "cells"})


# -- measures ----------------------------------------------------------------------------------

OTHER_MEASURE = "other:"  # the prefix of the codes of outcomes outside the contract's measures


@cache
def measure_lexicon(disease: str | None = None) -> Lexicon:
    """The contract's measures and the other outcomes (coded `other:<key>`) as one vocabulary, so the
    longest name wins across both ("Crohn's disease activity index" over "disease activity index").
    An entry's `scoped_terms`/`scoped_abbrevs` count only in a paper on its `disease` (all, the first
    listed winning, when the disease is not known)."""
    data = _data()
    terms: dict[str, str] = {}
    abbrevs: dict[str, str] = {}
    info: dict[str, dict] = {}
    for category, prefix in (("measure", ""), ("other_measure", OTHER_MEASURE)):
        for key, entry in data[category].items():
            code = prefix + key
            scoped = disease is None or entry.get("disease") == disease
            for term in [*entry.get("terms", []), *(entry.get("scoped_terms", []) if scoped else [])]:
                terms.setdefault(_squash(term), code)
            for abbrev in [*entry.get("abbrevs", []), *(entry.get("scoped_abbrevs", []) if scoped else [])]:
                abbrevs.setdefault(abbrev.replace(".", ""), code)
            info[code] = {k: v for k, v in entry.items() if k not in _WORD_KEYS}
    return Lexicon("measure", terms, abbrevs, info)
