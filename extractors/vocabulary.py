"""Controlled vocabularies: the words of the field mapped to the warehouse's codes.

The data lives in `vocabulary.toml`; this module compiles it into matchers. A `Lexicon` finds
every mention of a category (disease, cell source, route, origin, measure) in a piece of text,
leftmost-longest, and can be extended with a table's own abbreviation legend.
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
            if len(codes) == 1:
                extra[abbrev.replace(".", "")] = codes[0]
        if not extra:
            return self
        return _extended(self, tuple(extra.items()))


@lru_cache(maxsize=256)
def _extended(lexicon: Lexicon, extra: tuple[tuple[str, str], ...]) -> Lexicon:
    """A lexicon with more abbreviations: one object for one legend, so the mentions looked up
    in one table's text are kept for the next table with that legend."""
    return Lexicon(lexicon.category, lexicon.terms, {**lexicon.abbrevs, **dict(extra)}, lexicon.info)


MAX_KEPT_WORDS = 50_000  # words whose abbreviation code a lexicon keeps
MAX_KEPT_TEXTS = 8_192  # texts whose mentions a lexicon keeps


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
        for code, entry in entries.items():
            for term in entry.get("terms", []):
                terms.setdefault(_squash(term), code)
            for abbrev in entry.get("abbrevs", []):
                abbrevs.setdefault(abbrev.replace(".", ""), code)
            info[code] = {k: v for k, v in entry.items() if k not in ("terms", "abbrevs")}
        lexicons[category] = Lexicon(category, terms, abbrevs, info)
    return lexicons


def lexicon(category: str) -> Lexicon:
    return load()[category]


def legend_lexicons(legend: dict[str, str], base: dict[str, Lexicon] | None = None) -> dict[str, Lexicon]:
    """The lexicons a table's cells are coded with, extended by that table's abbreviation legend."""
    base = base or load()
    return {name: base[name].with_legend(legend) for name in ("disease", "cell_source", "route", "origin")}
