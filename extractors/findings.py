"""Numeric results stated in prose: rates, counts, means ± SD, each tied to the sentence it came from.

A sentence is read in three steps. Its numbers are read first (`extractors.quantities`: values,
confidence intervals, timepoints; dates, p values, doses and definitions set aside). Then each
value is given what the sentence's structure says it goes with:
- its measure: the measure named right after it in the same clause, else the last one before it;
- its arm: an arm named right after it ("79% in the transplantation group", "20 in cohort A") or
  right before it as a list item ("(MSC 55%, placebo 15%)"), a list paired by "respectively" or
  closed by its arm (one series per arm), the order of an "x vs. y" pair in a two-arm study, or the
  other arm of a compared pair; in a two-arm study the therapy's and the comparator's words name the
  arms too ("55% (MSC)", "46 to placebo"); a control arm's numbers keep the arm's name and never the
  cell therapy as intervention;
- its timepoint: the one right after it, the one its parenthesis follows ("at 9 months (12.5%)"),
  the one its measure names ("survival through day +100"), a "respectively" list, else the
  nearest before it; kept with its words ("at 1 year"). A change is dated by the time it is stated
  for, never by the baseline it is measured from.
- what it is: a level, a change from baseline ("decreased by 9.4 ± 4.8": -9.4), or a survival or
  cumulative estimate ("estimated 5-year PFS was 76% ± 6%": its ± a standard error); and the subgroup
  its denominator counts ("3 of the 10 responders"). An event the sentence denies ("No serious
  adverse events occurred; two patients had fever") is none, 0, and the numbers after it are not its.
What the document says once is carried through it: the intervention, the arms and which is
the control, abbreviations defined for measures ("overall response (OR)"), the named primary
endpoint, enrolment counts (candidate denominators) and the disease.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from extractors.document import Finding, Reject
from extractors.quantities import (  # noqa: F401 - timepoints is read from here
    MAY_STATE,
    PATIENTS,
    STATED_UNIT,
    THRESHOLD_RESPONSE,
    UNIT_AFTER_NAME,
    WORD_NUMBER,
    Quantities,
    Timepoint,
    Value,
    number,
    timepoints,
    unit_name,
)
from extractors.sections import heading_kind, read_heading
from extractors.vocabulary import (
    UNNAMED_THERAPY,
    Lexicon,
    Mention,
    control_pattern,
    lexicon,
    load,
    measure_lexicon,
    names_treatment,
    therapy_mentions,
)

SETTING = re.compile(r"(?:GVHD|graft[\s-]+versus[\s-]+host\s+disease)\)?\s+(?:after|following|post)[\s-]+"
                     r"(?:an?\s+|the\s+)?(?:allogeneic\s+|allo-?)?$", re.IGNORECASE)  # "acute GVHD after allogeneic"
UNNAMED = "stem cells"  # the context when the prose names stem cells but not which
# A sentence about the disease in the population or about other studies, not this study's result.
# Words a result uses too ("cumulative incidence", "estimated survival", "roughly 90%") are background
# only in the phrases that put a population before them: "an annual incidence of 5 per 100 000", "it is
# estimated that", "affects up to 60% of".
BACKGROUND = re.compile(r"(?=[piawgh])\b(?:prevalence|worldwide|people with|general population|"
                        r"previous(?:ly)?\s+(?:studies|reports|trials)|prior studies|has been reported|have been reported|"
                        r"(?:annual|yearly)\s+incidence|incidence\s+(?:rate\s+)?of\b[^.;]{0,60}?\bper\s+\d|"
                        r"per\s+100[\s,.]?000|it\s+is\s+estimated|an\s+estimated\s+[\d.,]+\s*(?:million|billion|thousand|people|persons|"
                        r"individuals|adults|children|cases)|"
                        r"affects?\s+(?:(?:up\s+to|about|approximately|nearly|roughly|around|over|more\s+than|some)\s+)?\d)",
                        re.IGNORECASE)
# a sentence that says what an endpoint is, not what it came to
DEFINITION = re.compile(r"(?=[psmc])\b(?:primary|secondary|main|co-primary|study)\s+(?:end[\s-]?points?|outcomes?)\s+"
                        r"(?:was|were|is|are|included|includes)\s+(?!met|achieved|reached|observed)", re.IGNORECASE)
PRIMARY_ENDPOINT = re.compile(r"(?=[tp])\b(?:the\s+)?primary\s+(?:end[\s-]?point|outcome)\b", re.IGNORECASE)
NEGATION = re.compile(r"\b(?:no|not|never|without|failed to|none)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
NEGATION_CHARS = 25
NAMED_TIME = re.compile(r"24[\s-]*h(?:ours?|r)?[\s-]*", re.IGNORECASE)  # a measure named for its collection: "24-h proteinuria"
# An event denied as the clause's subject, "No serious adverse events occurred", "there were no deaths":
# none of it happened (not "16 patients had no response", which counts those it did not happen to).
DENIED = re.compile(r"(?:^|[;:(]\s*|,\s*(?:and|but)\s+|\b(?:and|but|there\s+(?:were|was|have\s+been|has\s+been))\s+)"
                    r"(?P<no>no)\s+(?:(?:serious|severe|major|further|new|other|additional|grade\s*[3-5]|"
                    r"(?:treatment|transplant|procedure|infusion)[\s-]related)\s+)?$", re.IGNORECASE)
DENIED_CHARS = 60
# ... or denied after it: "serious adverse events did not occur", "deaths were not observed"
DENIED_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}?(?:did\s+not\s+occur|(?:were|was)\s+not\s+(?:observed|seen|reported|recorded|"
                          r"noted|found)|(?:occurred|were\s+(?:observed|seen))\s+in\s+no(?:ne)?\b)", re.IGNORECASE)
_CLAUSE_GAP = re.compile(r"[,;]|\band\b|\bor\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
# after a count of patients, what they underwent: the count is the study's enrolment
TREATED_AFTER = re.compile(r"(?:\s+(?:with|from|in|at|of)\s+[^,;.()%]{1,40}?)?\s+(?:who\s+|that\s+)?(?:had\s+|have\s+)?"
                           r"(?P<verb>underwent|undergoing|received|receiving|(?:were\s+)?treated|(?:were\s+)?transplanted)\b",
                           re.IGNORECASE)
P_VALUE = re.compile(r"\b[pP]\s*[<=>≤≥]\s*0?\.\d+")
BOTH_ARMS = re.compile(r"\s*(?:,|or|and|vs\.?|versus)\s+(?:to\s+)?(?:the\s+|receive\s+)?", re.IGNORECASE)
# what a study does to the patients it counts, right before the count: "we report (data on) 368 patients"
COUNT_AS_OBJECT = re.compile(r"\b(?:on|from|of|report(?:s|ed)?|analy[sz]ed|included|describe[sd]?|studied|evaluated|identified|"
                             r"comprised|involved|enrolled|holds?|contains?|registered|reviewed|assessed|examined|"
                             r"investigated)\s+(?:a\s+total\s+of\s+|all\s+)?$",
                             re.IGNORECASE)
# a sentence that allocates patients to arms: the "(n = 27)" after each arm is its size
ALLOCATED = re.compile(r"\b(?:randomi[sz]ed|randomly|assigned|allocated|enrolled)\b", re.IGNORECASE)
# enrolment terms that say what patients were given: the count is enrolled only where it is the therapy studied
RECEIVING = re.compile(r"received|were\s+given|were\s+infused", re.IGNORECASE)
STUDY_REGIMEN = re.compile(r"\b(?:conditioning|regimen|protocol)", re.IGNORECASE)  # a transplant's regimen is the therapy's
# the study's own act of treating, right before the count: "we treated 30 patients", "we have transplanted 52"
TREATED_BY_US = re.compile(r"\bwe\s+(?:have\s+)?(?:\w+ly\s+)?(?P<verb>treated|transplanted|infused)\s+(?:a\s+total\s+of\s+)?$",
                           re.IGNORECASE)
COUNTED_OTHER = re.compile(r"\b(?:of|cohorts?|groups?|arms?|series)\b", re.IGNORECASE)  # a count of these, not of patients
ENROLLED_BEFORE = re.compile(r"^(?:enrolled|recruited|includes|included|comprise[sd]|randomi[sz]ed|"
                             r"(?:randomly\s+)?(?:assigned|allocated)|"
                             r"(?:a\s+)?series\s+of|(?:a\s+)?cohort\s+of|"
                             r"(?:was|were)\s+(?:conducted|performed|carried\s+out)\s+in|(?:we|were)\s+studied|"
                             r"we\s+analy[sz]ed|(?:was|were)\s+(?:infused|given|administered)\s+(?:in|to))\s+"
                             r"(?:a\s+total\s+of\s+)?$", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bFig|\bapprox|\bNo|\bDr|\bref)\.$"
                            r"|(?:^|[\s,;])[A-Z][\w'-]*,?\s+(?:[A-Z]\.\s?)*[A-Z]\.$")  # an author's initials: "Wang D."
_SENTENCE_END = re.compile(r"[.!?](?=\s+(?:[A-Z0-9(“\"•]|[a-z]{1,2}[A-Z]))"
                           r"|(?<=[a-z)\]]{2})\.(?=[A-Z][a-z]+(?:\s[A-Za-z]+)?:\s)"  # "(MS).Methods: ..."
                           r"|(?<=[A-Z]{2})\.(?=[A-Z][a-z]+\s)"  # "... AE.Eight AEs ..."
                           r"|\n")
_DEFINED_ABBREVIATION = re.compile(r"\s*\(\s*(?P<abbr>[A-Z][A-Za-z0-9-]{0,7})\s*[;,)]")
# the abstract of an index record: MEDLINE ("AB  - ") and RefWorks ("AB ") tags share its line
MEDLINE = re.compile(r"(?:^|\s)PMID\s*-\s*\d+")
MEDLINE_ABSTRACT = re.compile(r"\bAB\s{1,2}-\s+")
MEDLINE_TAG = re.compile(r"\s[A-Z]{2,4}\s{0,3}-\s+(?=\S)")
REFWORKS = re.compile(r"^\s*RT\s+\w+")
REFWORKS_ABSTRACT = re.compile(r"\sAB\s+(?=\S)")
REFWORKS_TAG = re.compile(r"\s(?:K1|PB|SN|LA|CR|WT|OL|LK|NO|AD|ID|RD)\s+(?=\S)")

# arms as prose names them
_ARM_IDS = r"(?:[A-D]|I{1,3}|IV|[1-4])"
ARM = re.compile(
    rf"\b(?i:group|cohort|arm)s?\s+(?P<ids>{_ARM_IDS}(?:\s*(?:,|and|or)\s*{_ARM_IDS})*)\b(?!\s*[-–]\s*\d)"
    r"|(?P<first>[\w-]+)\s+(?:and|or)\s+(?P<second>[\w-]+)\s+(?i:groups|arms)\b"  # "the MSC and placebo groups"
    rf"|(?P<name>[\w-]+)\s+(?i:group|arm)\b(?!\s+{_ARM_IDS}\b)"
    r"|\b(?P<bare>(?i:placebo|controls))\b")
_ARM_WORDS = re.compile(r"(?=[gcap])(?:group|cohort|arm|placebo|controls)", re.IGNORECASE)  # one of which every arm name has
_ARM_STOP = {"the", "a", "an", "each", "this", "that", "same", "other", "either", "both", "one", "two", "per", "every",
             "age", "all", "study's", "whole", "in", "of", "for", "with", "to", "into", "from", "by"}
# after a value, the words that lead to the arm it belongs to: "79% in the transplantation group"
ARM_AFTER = re.compile(r"^[\s)\]]*(?:[(\[]\s*\d+\s*(?:/|of)\s*\d+\s*[)\]]\s*)?"  # "40% (12/30) of patients in the MSC group"
                       r"(?:(?!(?:vs|versus|compared|than)\b)[\w-]+\s+){0,4}?(?:(?:in|from|of|for|with|among)\s+(?:the\s+)?)?[\s(\[]*$",
                       re.IGNORECASE)  # not across a comparison: "MSC 44% vs placebo 17%"
ARM_SIZE = re.compile(r"[\w-]*\s*\(\s*n\s*=\s*(?P<n>\d+)\s*\)")  # the rest of the arm's word, then "(n = 26)"
# an arm's size in words right before the arm, in an enrolment sentence: "... and forty-six to placebo"
ARM_SIZE_WORDS = re.compile(rf"(?<![\w-])(?P<n>{WORD_NUMBER})\s+(?:(?:were\s+)?(?:to|in|into|on|received|receiving|given)\s+)"
                            r"(?:receive\s+)?(?:the\s+)?$", re.IGNORECASE)
ARM_SIZE_CHARS = 40
ARM_DESCRIBED = re.compile(r"(?:\bto|\bor|\band|,)\s+(?P<what>[^,;()]{3,80}?)\s*$", re.IGNORECASE)
VERSUS = re.compile(r"^[\s%)\]]*(?:vs\.?|versus)\s*$", re.IGNORECASE)  # "55% vs 15%", "12/45 (26.7%) vs 4/46"
# an arm named right before its value in a list of arms' values: "(MSC 55%, placebo 15%)", "MSC: 55%"
ARM_BEFORE = re.compile(r"^\s*[:=]?\s*$")
ARM_LIST_ITEM = re.compile(r"(?:^|[(\[,;:]\s*|\b(?:and|vs\.?|versus)\s+)$", re.IGNORECASE)
# a part's label with no colon, before the part's first sentence: "Results Among 110 randomized patients ..." (a
# word the headings' vocabulary knows, see `_label`)
BARE_LABEL = re.compile(r"\s*(?P<label>[A-Z][a-z]{5,})\s+(?=[A-Z])")
INLINE_LABEL = re.compile(r"\s*(?P<label>[A-Z][A-Za-z/&\- ]{2,40}?)\s*:\s")  # "BACKGROUND: ", "Results: "
CHANGE_ONLY = "other:change"  # the vocabulary's change named without its outcome ("improved")
# A sentence whose subject is an outcome, then a change "from" a value "to" others: "Mean grip strength
# (kg) improved significantly from 18.1 pre-HSCT to 26.3 ...". The subject holds no number and no comma.
UNNAMED_SERIES = re.compile(r"^(?:results?:\s*)?(?P<subject>[A-Z][A-Za-z /-]{3,60}?)(?:\s*\([^()\d]*\))*\s+"
                            r"(?:improved|increased|decreased|declined|fell|rose|dropped|changed)\b(?:[^.;]|\.\d){0,60}?\bfrom\b")
UNNAMED_SHARE = re.compile(r"\b(?:(?:proportion|percentage|share)\s+of\s+(?:the\s+)?"
                           r"(?:patients|participants|subjects|children)\s+"
                           r"|probability\s+of\s+(?:remaining\s+|being\s+|staying\s+)?(?=free\b))"
                           r"(?P<subject>(?:who\s+|with\s+|without\s+|free\s+(?:of|from)\s+|achieving\s+|reaching\s+)"
                           r"[^,;()%\d]{3,60}?)\s+(?:was|were|is|reached|increased|rose|fell|decreased)\b", re.IGNORECASE)
ANAPHORA = re.compile(r"^(?:the|these|those|corresponding)\s+(?:corresponding\s+)?(?:values?|scores?|levels?|figures?)\b",
                      re.IGNORECASE)
RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
RESPECTIVE = re.compile(r"\brespective(?:ly)?\b", re.IGNORECASE)
# ", respectively, in the MSC group" closes a list of values; once one has, "in the control group" closes the next
LIST_CLOSED = re.compile(r"^[\s\w/%)]{0,12},?\s*(?P<respectively>respectively,?\s+)?(?:in|for|among|of)\s+(?:the\s+)?$",
                         re.IGNORECASE)
BREAKDOWN = re.compile(r"\s*\([^()]*$")  # between a count and one inside the bracket that follows it
IN_ARM = re.compile(r"\b(?:in|for|among|of)\s+(?:the\s+)?$", re.IGNORECASE)
BETWEEN_ARMS = re.compile(r"\b(?:between|difference|ratio)\b", re.IGNORECASE)
COMPARISON = re.compile(r"\b(?:vs\.?|versus|compared|than|whereas|while|contrast)\b", re.IGNORECASE)
CORRESPONDING = re.compile(r"\bcorresponding\b", re.IGNORECASE)
TWO_ARM_DESIGNS = ("rct", "controlled")
# a survival or cumulative rate the text calls an estimate; a survival rate's ± is its standard error
ESTIMATE = re.compile(r"(?=[epkac])\b(?:estimated?|estimates|kaplan[\s–-]*meier|actuarial|cumulative|probability|"
                      r"projected)\b", re.IGNORECASE)
SURVIVAL = ("overall_survival", "disease_free_survival")
MEASURE_REACH = 50  # characters from a value to a measure named after it
FAR_MEASURE_REACH = 100  # ... where no measure is named before the value, in the value's clause
TIME_REACH = 30  # characters from a value to a timepoint after it
MEASURE_TIME_REACH = 12
ABBREVIATION_WINDOW = 30
REJECT_MIN_WORDS = 4  # shorter lines with a number are headings and page furniture, not unread results
CLAUSE_VERB = re.compile(r"\b(?:had|has|have|were|was|is|are)\b|\b\w{3,}ed\b", re.IGNORECASE)
MAIN_VERB = re.compile(r"(?:were|was)\b", re.IGNORECASE)
_SUBJECT_RELATIVE = re.compile(r"\b(?:who|whom|which)\b", re.IGNORECASE)
RELATIVE_CLAUSE = re.compile(r"\b(?:who|whom|whose|which)\b[^,;()%]*$", re.IGNORECASE)
ALSO_DID = re.compile(r"\b(?:but|and)\s+(?:\w+\s+){0,2}?(?:experienced|had|developed|showed|suffered)\s+(?:a\s+|an\s+)?$",
                      re.IGNORECASE)  # characters from a measure to the timepoint it names ("survival through day +100")


@dataclass
class Arm:
    """An arm of the study as the prose names it; `intervention` is None for a control arm."""

    label: str
    intervention: str | None
    start: int = 0
    end: int = 0


@dataclass
class Placed:
    """A value of a sentence with what it was found to go with."""

    value: Value
    measure: Mention
    arm: Arm | None = None
    months: float | None = None
    time_text: str | None = None  # the timepoint as written
    time_set: bool = False
    listed: int = 0  # the series of values a "respectively" list of measures took (1: the list is the measures' alone)

    def at(self, time: Timepoint | None, fixed: bool = False) -> None:
        """Place the value at a timepoint mention (None: no time)."""
        self.months, self.time_text = (time.months, time.text or None) if time else (None, None)
        self.time_set = self.time_set or fixed


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]: split at sentence-final punctuation (also where a
    labelled heading or a sentence is glued to the full stop: "(MS).Methods:") and at hard line
    breaks (after a full stop, a colon or a short line such as a heading, or before a list
    item); a line that wraps mid-sentence, as PDF text does, continues the sentence."""
    end = len(text) if end is None else end
    spans, cut = [], start
    for m in _SENTENCE_END.finditer(text[start:end]):
        stop = start + m.end()
        if m.group(0) == "\n":
            if _soft_wrap(text, cut, stop - 1):
                continue
            spans.append((cut, stop - 1))
        elif not _ABBREVIATIONS.search(text[max(cut, stop - ABBREVIATION_WINDOW):stop]):
            spans.append((cut, stop))
        else:
            continue
        cut = stop
    spans.append((cut, end))
    trimmed = []
    for s, e in spans:
        chunk = text[s:e]
        if chunk.strip():
            s += len(chunk) - len(chunk.lstrip())
            trimmed.append((s, s + len(text[s:e].rstrip())))
    return trimmed


# A line that ends like this leaves its sentence unfinished, whatever the next line starts with
# ("... the amount of PBPC 20–" / "50 times"; "... was" / "6.1 (4–8) in group A").
UNFINISHED = re.compile(r"(?:[–—,×(/+=<>≤≥±]|\b(?:of|in|the|and|to|was|were|with|by|for|a|an|at|from|than|or|as|per|vs|"
                        r"on|into|is|are|had|has|been|between|after|before|within|during|respectively,))$")


def _soft_wrap(text: str, line_from: int, newline: int) -> bool:
    """True when the line break at `newline` falls inside a sentence."""
    line_start = text.rfind("\n", 0, newline) + 1
    previous = text[max(line_start, line_from):newline].rstrip()
    following = text[newline + 1:newline + 3].lstrip()
    first = following[:1]
    if previous.endswith((".", "!", "?", ":", ";")) or first in ("•", "-", "*", ""):
        return False
    if first.islower() or first in "(%×" or UNFINISHED.search(previous):
        return True
    return len(text[line_start:newline].strip()) >= 50 and not first.isdigit()


def record_window(text: str) -> tuple[int, int] | None:
    """The abstract of a MEDLINE or RefWorks record whose tags share its line; None for other text."""
    for record, opening, closing in ((MEDLINE, MEDLINE_ABSTRACT, MEDLINE_TAG), (REFWORKS, REFWORKS_ABSTRACT, REFWORKS_TAG)):
        if record.search(text[:200]):
            opened = opening.search(text)
            if not opened:
                return None
            closed = closing.search(text, opened.end())
            return opened.end(), closed.start() if closed else len(text)
    return None


def intervention_mentions(sentence: str) -> list[tuple[int, str]]:
    """(position, code) of each intervention the sentence names; UNNAMED for stem cells of no kind. The
    transplant a GVHD followed ("GVHD after allogeneic HSCT") is the patients' setting, not the therapy
    studied, when the sentence names another ("mortality after HSCT" is the therapy's)."""
    found = [(m.start, UNNAMED if m.code == UNNAMED_THERAPY else m.code) for m in therapy_mentions(sentence)]
    setting = [(pos, code) for pos, code in found if code == "HSCT" and SETTING.search(sentence, 0, pos)]
    return [f for f in found if f not in setting] if len(setting) < len(found) else found


PERCENT_LEVEL = "percent level"  # a continuous measure stated in percent (HbA1c): its level is a percentage


def measure_fits(kind: str | None, value: Value) -> bool:
    """Whether a measure of this kind can be what a value of this form reports."""
    if value.kind == "duration":
        return kind == "duration"
    if value.kind == "mean_sd":
        return kind in ("continuous", "duration", PERCENT_LEVEL) or (value.unit == "%" and kind == "event")
    if value.kind == "number":
        return kind in ("continuous", PERCENT_LEVEL)
    if value.kind == "count":
        return kind in ("event", "count")
    return kind in ("event", PERCENT_LEVEL)


class Measures:
    """The measures a document names: the contract's codes, other outcomes (scores, progression,
    coded `other`), and the abbreviations and primary endpoint the document defines for them."""

    def __init__(self, disease: str | None = None) -> None:
        self.lexicon: Lexicon = measure_lexicon(disease)  # the contract's codes and the other outcomes ("other:edss")
        self.info = self.lexicon.info
        self.aliases: dict[str, str] = {}
        self.primary: str | None = None

    def find(self, text: str) -> list[Mention]:
        found = list(self.lexicon.find(text))
        taken = [(m.start, m.end) for m in found]
        for abbr, code in self.aliases.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(abbr)}(?![\w-])", text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    found.append(Mention(code, m.start(), m.end(), m.group(0)))
        if "%" in text:  # "at least 40% improvement in the PASI score": a response by a threshold of the score
            for m in THRESHOLD_RESPONSE.finditer(text):
                found = [f for f in found if not (m.start("what") <= f.start < m.end())]
                found.append(Mention("response", m.start("what"), m.end(), m.group("what")))
        if self.primary:
            for m in PRIMARY_ENDPOINT.finditer(text):
                found = [f for f in found if not (m.start() <= f.start < m.end())]
                found.append(Mention(self.primary, m.start(), m.end(), m.group(0)))
        return sorted(found, key=lambda m: m.start)

    def kind(self, mention: Mention) -> str | None:
        info = self.info[mention.code]
        if info.get("kind") == "continuous" and info.get("unit") == "%":
            return PERCENT_LEVEL
        return info.get("kind")

    def unnamed_series(self, sentence: str, values: list[Value]) -> Mention | None:
        """An outcome no vocabulary names, reported as a series from a baseline ("Ambulation without
        assistance improved from 33% pre-HSCT to 82%, 81% and 86% at 1, 2 and 3 years"), or as the share
        of patients it names ("The proportion of patients free of disease activity was 80%"): its name is
        the sentence's subject, its code `other:` and that name, its kind by its values (shares, events;
        numbers, continuous). None for any other sentence."""
        m = UNNAMED_SERIES.match(sentence)
        if not m or len(values) < 2:
            m = UNNAMED_SHARE.search(sentence)  # "The proportion of patients free of disease activity was 80% ..."
            if not m or not values or any(v.unit != "%" for v in values if v.kind != "duration"):
                return None
        name = m.group("subject").strip()
        code = f"other:{name.lower()}"
        shares = all(v.unit == "%" for v in values if v.kind != "duration")
        self.info.setdefault(code, {"kind": "event" if shares else "continuous"})
        return Mention(code, m.start("subject"), m.end("subject"), name)

    def learn(self, text: str) -> None:
        """Abbreviations a document defines for a measure: "overall response (OR; ...)"."""
        for m in self.find(text):
            defined = _DEFINED_ABBREVIATION.match(text, m.end)
            abbr = defined.group("abbr") if defined else None
            if abbr and abbr not in self.aliases and not self.lexicon.abbrev_code(abbr) and abbr.lower() != m.text.lower():
                self.aliases[abbr] = m.code

    def learn_primary(self, sentence: str) -> None:
        """"The primary endpoint was clinical remission ...": later "achieved the primary endpoint" is that measure."""
        m = PRIMARY_ENDPOINT.search(sentence)
        if m and DEFINITION.search(sentence):
            named = [f for f in self.find(sentence[m.end():]) if self.kind(f) == "event"]
            if named:
                self.primary = named[0].code


@dataclass
class ArmBook:
    """The arms a document has named so far, by key ("control", "a", "i", "cyclophosphamide")."""

    intervention: str | None = None
    arms: dict[str, Arm] = field(default_factory=dict)

    def named(self, sentence: str, context: str | None) -> list[Arm]:
        """The arms a sentence names, each in place, registering new ones."""
        found: list[Arm] = []
        if not _ARM_WORDS.search(sentence):
            return found
        for m in ARM.finditer(sentence):
            if m.group("ids"):
                for ident in re.finditer(_ARM_IDS, m.group("ids")):
                    start = m.start("ids") + ident.start()
                    found.append(self._arm(ident.group(0).lower(), f"{_arm_word(m.group(0))} {ident.group(0)}",
                                           sentence, start, start + len(ident.group(0)), context))
            elif m.group("first"):
                for part in ("first", "second"):
                    found += self._named_word(m.group(part), sentence, m.start(part), m.end(part), context)
            else:
                found += self._named_word(m.group("name") or m.group("bare"), sentence, m.start(), m.end(), context)
        return found

    def by_words(self, sentence: str, arms: list[Arm], context: str | None) -> list[Arm]:
        """In a two-arm trial, a sentence that names both the therapy and a comparator names the arms by
        them, "group" or not: "55% (MSC) and 15% (placebo)", "12 of 45 patients receiving MSCs and 4 of 46
        receiving placebo", "45 patients to MSC and 46 to placebo". Each such word is the book's arm of
        its side (or, before the book has one, an arm of that word), placed where the word is; words inside an
        arm's name are that arm's."""
        therapies = [m for m in therapy_mentions(sentence) if m.code != UNNAMED_THERAPY]
        controls = list(control_pattern().finditer(sentence))
        if not therapies or not (controls or any(a.intervention is None for a in arms)):
            return arms
        found = list(arms)

        def free(start: int, end: int) -> bool:
            return not any(a.start < end and start < a.end for a in found) and not _aside(sentence, start)

        for m in therapies:
            if free(m.start, m.end):
                known = self.first(control=False) or Arm(m.text, context or m.code)
                found.append(Arm(known.label, known.intervention, m.start, m.end))
        for c in controls:
            if free(c.start(), c.end()):
                known = self.first(control=True) or Arm(c.group(0), None)
                found.append(Arm(known.label, None, c.start(), c.end()))
        return sorted(found, key=lambda a: a.start)

    def _named_word(self, word: str, sentence: str, start: int, end: int, context: str | None) -> list[Arm]:
        if word.lower() in _ARM_STOP:
            return []
        key = "control" if word.lower().startswith("control") else word.lower()
        return [self._arm(key, word, sentence, start, end, context)]

    def first(self, control: bool) -> Arm | None:
        return next((a for a in self.arms.values() if (a.intervention is None) == control), None)

    def _arm(self, key: str, label: str, sentence: str, start: int, end: int, context: str | None) -> Arm:
        known = self.arms.setdefault(key, Arm(label, None if _is_control(key, sentence, start, end) else context))
        return Arm(known.label, known.intervention, start, end)


def _arm_word(phrase: str) -> str:
    return phrase.split()[0].lower().rstrip("s")


def _clause(sentence: str, start: int, end: int) -> str:
    """The clause around an arm's name: to the previous and next ";", ", and" or "whereas"."""
    cuts = [m for m in re.finditer(r";|,\s*(?:and|whereas|while|but)\b|\bwhereas\b", sentence, re.IGNORECASE)]
    left = max([m.end() for m in cuts if m.end() <= start], default=0)
    right = min([m.start() for m in cuts if m.start() >= end], default=len(sentence))
    return sentence[left:right]


def _is_control(key: str, sentence: str, start: int, end: int) -> bool:
    """A control arm: named as one ("placebo", "control group"), described with a control
    treatment in its clause ("group II ... treated with normal saline"), or named for a drug
    rather than the cell therapy ("the cyclophosphamide group")."""
    if control_pattern().search(key):
        return True
    if re.fullmatch(_ARM_IDS.lower(), key):  # "group II ... treated with normal saline", up to the next arm named
        others = [m for m in ARM.finditer(sentence) if m.end() <= start or m.start() >= end]
        left = max([m.end() for m in others if m.end() <= start], default=0)
        right = min([m.start() for m in others if m.start() >= end], default=len(sentence))
        clause = _clause(sentence, start, end)
        around = sentence[max(left, sentence.find(clause)):min(right, sentence.find(clause) + len(clause))]
        return bool(control_pattern().search(around))
    return not names_treatment(sentence[start:end])


def named_therapy(text: str) -> str | None:
    """The last therapy `text` names by its kind (a title, a record's heading)."""
    named = [code for _, code in intervention_mentions(text) if code != UNNAMED]
    return named[-1] if named else None


class FindingExtractor:
    """Reads the findings of one document's prose."""

    def __init__(self, doc_id: str, source_file: str, disease: str | None = None, design: str | None = None,
                 title: str | None = None):
        """`title` is the document's: the therapy it names is the prose's until a sentence names one."""
        self.doc_id, self.source_file = doc_id, source_file
        self.disease, self.design = disease, design
        self.measures = Measures(disease)
        self.diseases = lexicon("disease")
        self.context: str | None = named_therapy(title or "")  # the intervention the prose is about so far
        self.ahead: str | None = None  # the therapy the prose goes on to name first, for results before it
        self.cohorts: list[int] = []  # enrolment counts met so far
        self.book = ArmBook()
        self.previous_times: list[Timepoint] = []
        self.previous_measure: Mention | None = None  # the last measure a result of the sentence before reported
        self.labelled: str | None = None  # the kind of the labelled part of an abstract the sentence is in
        self.rejects: list[Reject] = []
        self.passed: list[tuple[int, int, str]] = []  # sentences not read for results, and why

    def extract(self, text: str, spans: list[tuple[int, int]]) -> list[Finding]:
        window = record_window(text)
        if window:
            spans = [(max(s, window[0]), min(e, window[1])) for s, e in spans if e > window[0] and s < window[1]]
            self.context = named_therapy(text[:window[0]]) or self.context  # the record's title names the therapy
        for start, end in spans:  # the abbreviations the prose defines, wherever it defines them
            self.measures.learn(readable(text[start:end]))
        self.ahead = next((t for s, e in spans if (t := named_therapy(text[s:e]))), None)
        out: list[Finding] = []
        stated: dict[tuple, list[Finding]] = {}
        previous = 0
        for start, end in spans:
            self.labelled = self._label(text, previous, start, end)
            previous = end
            for finding in self.sentence(text, start, end):
                other = finding.measure_text.lower() if finding.measure == "other" else None  # which outcome
                key = (finding.measure, other, finding.value, finding.sd, finding.numerator, finding.denominator,
                       finding.unit)
                if not any(_restates(finding, before) for before in stated.get(key, ())):
                    stated.setdefault(key, []).append(finding)
                    out.append(finding)
        return out

    def _label(self, text: str, previous: int, start: int, end: int) -> str | None:
        """The kind of the abstract's part a sentence is in: by the label that opens it or a sentence
        before it on its line ("BACKGROUND: ...", "Results: ..."), or by the heading on the line above
        its paragraph ("Background and Aims")."""
        label = INLINE_LABEL.match(text, start, end) or BARE_LABEL.match(text, start, end)
        kind = heading_kind(label.group("label")) if label else None
        if kind:
            return kind
        if "\n" not in text[previous:start]:
            return self.labelled
        heading = read_heading(_line_above(text, start), 0)
        return heading.kind if heading else None

    def sentence(self, text: str, start: int, end: int) -> list[Finding]:
        sentence = readable(text[start:end])  # positions in it are its own: a finding keeps the sentence's span
        mentions = intervention_mentions(sentence)
        context = self.context
        if mentions:
            named = [code for _, code in mentions if code != UNNAMED]
            self.context = named[-1] if named else (self.context or UNNAMED)
        self.book.intervention = self._named(self.context)
        self.measures.learn_primary(sentence)
        if context is None and self.labelled == "results":
            context = self.ahead  # results before the therapy's first mention: the therapy the document goes on to name
        passed = _passed(sentence, mentions, context, self.labelled)
        if passed:  # "BACKGROUND: ... is achieved in only 30%": not this study's
            if MAY_STATE.search(sentence):
                self.passed.append((start, end, passed))
            return []
        arms = self.book.named(sentence, self._named(self.context))
        if self.design in TWO_ARM_DESIGNS:
            arms = self.book.by_words(sentence, arms, self._named(self.context))
        if not MAY_STATE.search(sentence):
            self.previous_times = timepoints(sentence) or self.previous_times
            return []
        parsed = Quantities(sentence, tuple(self.cohorts))
        values = parsed.read()
        times = parsed.times
        if not values and not (ALLOCATED.search(sentence) and any(ARM_SIZE.match(sentence, a.end) for a in arms)):
            self.previous_times = times or self.previous_times
            if parsed.has_numbers() and len(sentence.split()) >= REJECT_MIN_WORDS:
                self._reject(sentence, start, end)
            return []
        placed = self._place(sentence, values, parsed, arms)
        self._arms(sentence, placed, arms)
        self._times(sentence, placed, times)
        self._series_arm(sentence, placed, arms)
        self.previous_times = times or self.previous_times
        findings = [self._finding(text, start, end, p, mentions, context, parsed, placed) for p in placed]
        self.previous_measure = placed[-1].measure if placed else None
        for p in placed:
            if p.measure.code == "enrolled" and p.value.value and p.arm is None:
                self.cohorts.append(int(p.value.value))
        self.cohorts.extend(int(m.group(1)) for m in re.finditer(r"\bn\s*=\s*(\d+)", sentence, re.IGNORECASE))
        if not findings and len(sentence.split()) >= REJECT_MIN_WORDS:
            self._reject(sentence, start, end)
        return findings

    def _named(self, code: str | None) -> str | None:
        return None if code == UNNAMED else code

    def _reject(self, sentence: str, start: int, end: int) -> None:
        self.rejects.append(Reject(
            self.source_file, "findings", {"sentence": sentence, "char_start": start, "char_end": end},
            f"{self.source_file}:{start}-{end}: this sentence holds numbers but no measure they report was recognised"))

    # -- measures ------------------------------------------------------------------------------

    def _place(self, sentence: str, values: list[Value], parsed: Quantities, arms: list[Arm]) -> list[Placed]:
        found = self.measures.find(sentence)
        defining = _definitions(sentence, found)
        values[:] = [v for v in values if not _within(v.start, v.end, defining)]  # "(no relapses, ...)" states no zero
        mentions = [m for m in found if (_named_freely(parsed, m) or _inside_any(m, values))
                    and not _in_relative_clause(sentence, m) and not _within(m.start, m.end, defining)]
        named = [m for m in mentions if m.code != CHANGE_ONLY]  # "improved" names no outcome
        named = [m for m in named if not _denied_by_freedom(sentence, m)]  # "free of skin progression" is no progression
        if not any(measure_fits(self.measures.kind(m), v) for m in named for v in values) \
                and (unnamed := self.measures.unnamed_series(sentence, values)):
            mentions = [unnamed]  # "Ambulation without assistance improved from 33% pre-HSCT to 82% ...": an outcome of its own
        back = ANAPHORA.search(sentence)
        if back and self.previous_measure is not None:  # "The values were 8.7 ... and 7.2": the last measure's
            mentions.insert(0, Mention(self.previous_measure.code, back.start(), back.end(), self.previous_measure.text))
        parts = _breakdown(sentence, values, lambda v: self._arm_after(sentence, v, arms) is None)
        parts |= _in_subjects_clause(sentence, values)
        denied = self._denied(sentence, mentions)
        written = [v for v in values if v.kind != "number" and id(v) not in parts]
        placed = []
        subjects = _joined_subjects(sentence, written, mentions)
        for value in values:
            if id(value) in parts:  # "Thirty patients (18 adults and 12 children) were enrolled": the 30 is
                continue  # the finding, its parts are not
            after_subjects = id(value) in subjects and value is not written[-1]
            nxt = next((v.start for v in written if v.start > value.start and not (after_subjects and id(v) in subjects)),
                       len(sentence))
            measure = self._measure(sentence, value, mentions, nxt, id(value) in subjects)
            measure = None if measure is not None and id(measure) in denied else measure
            arm = self._arm_after(sentence, value, arms) if value.kind in ("count", "number") else None
            if arm is not None and measure is None:  # "(20 in cohort A, ...)": arm sizes of an enrolment sentence
                measure = next((m for m in mentions if m.code == "enrolled"), None)
                if measure is not None and value.kind == "number" and (value.value or 0).is_integer():
                    value.kind, value.unit = "count", "patients"
            if measure is None and value.kind == "count" and value is (written[0] if written else None):
                measure = _treated_count(sentence, value)  # "data on 368 patients who underwent HCT"
            if measure is not None and measure_fits(self.measures.kind(measure), value):
                placed.append(Placed(value, measure, arm))
        placed += self._arm_sizes(sentence, arms, mentions, placed)
        placed += self._also_did(sentence, placed, mentions)
        placed += self._zeros(placed, mentions, denied)
        placed += self._shared_measure(sentence, values, placed, mentions)
        placed.sort(key=lambda p: p.value.start)
        self._respective_measures(sentence, placed, mentions, arms)
        return placed

    def _shared_measure(self, sentence: str, values: list[Value], placed: list[Placed],
                        mentions: list[Mention]) -> list[Placed]:
        """"12 of 20 (60%) in the MSC group and 5 of 20 (25%) in the placebo group had a renal
        response": values listed before one measure share it."""
        shared = []
        taken = {id(p.value) for p in placed}
        for value in values:
            if id(value) in taken or value.kind not in ("percent", "ratio", "count"):
                continue  # (counts too: "414 patients with RRMS and 93 with SPMS underwent HSCT")
            later = next((p for p in placed if p.value.start > value.end), None)
            if later is None or later.measure.start < later.value.end or ";" in sentence[value.end:later.value.start]:
                continue
            between = [m for m in mentions if value.end <= m.start < later.measure.start]
            if not between and measure_fits(self.measures.kind(later.measure), value):
                shared.append(Placed(value, later.measure))
        return shared

    def _respective_measures(self, sentence: str, placed: list[Placed], mentions: list[Mention], arms: list[Arm]) -> None:
        """"OS and PFS were 53% and 54%, respectively": in each clause, the measures listed before
        its values take them in order (once per arm the sentence names after them)."""
        if not RESPECTIVELY.search(sentence):
            return
        start = 0
        for end in [m.start() for m in re.finditer(";", sentence)] + [len(sentence)]:
            values = [p for p in placed if start <= p.value.start < end and p.value.kind in ("percent", "mean_sd", "number")]
            if len(values) >= 2:
                listed = [m for m in mentions if start <= m.start and m.end <= values[0].value.start]
                listed = [m for m in listed if all(measure_fits(self.measures.kind(m), p.value) for p in values)]
                lists = max(len({a.label for a in arms if a.start > values[0].value.start}),
                            len(RESPECTIVE.findall(sentence, start, end)))  # once per arm, or per "respective(ly)"
                if len(listed) >= 2 and len(values) % len(listed) == 0 and len(values) // len(listed) <= lists:
                    for k, p in enumerate(values):
                        p.measure, p.listed = listed[k % len(listed)], len(values) // len(listed)
            start = end

    def _arm_sizes(self, sentence: str, arms: list[Arm], mentions: list[Mention], placed: list[Placed]) -> list[Placed]:
        """"the control group (n = 26)", "... and forty-six to placebo": the size of an arm, where it is named."""
        sizes = []
        enrolled = next((m for m in mentions if m.code == "enrolled"), None)
        for arm in arms:
            m = ARM_SIZE.match(sentence, arm.end)
            if m and not any(p.value.start <= m.start("n") < p.value.end for p in placed):
                value = Value(m.start("n"), m.end("n"), "count", float(m.group("n")), "patients")
                sizes.append(Placed(value, Mention("enrolled", arm.start, arm.end, sentence[arm.start:m.end()]), arm))
            words = ARM_SIZE_WORDS.search(sentence, max(0, arm.start - ARM_SIZE_CHARS), arm.start) if enrolled else None
            if words and enrolled and not any(p.value.start < words.end("n") and words.start("n") < p.value.end
                                              for p in placed + sizes):
                value = Value(words.start("n"), words.end("n"), "count", float(number(words.group("n"))), "patients")
                sizes.append(Placed(value, enrolled, arm))  # "forty-four were randomized to MSC and forty-six to placebo"
        return sizes

    def _also_did(self, sentence: str, placed: list[Placed], mentions: list[Mention]) -> list[Placed]:
        """"Two of the three had a moderate response at 6 months but experienced a relapse at 7 and
        23 months": the subject's count is also the count of the second event."""
        if len(placed) != 1 or placed[0].value.kind not in ("count", "ratio"):
            return []
        subject = placed[0]
        more = [m for m in mentions if m.start > subject.value.end and m.code != subject.measure.code
                and self.measures.kind(m) == "event" and ALSO_DID.search(sentence[:m.start])]
        if not more:
            return []
        value = Value(more[0].start, more[0].end, subject.value.kind, subject.value.value, subject.value.unit,
                      numerator=subject.value.numerator, denominator=subject.value.denominator)
        return [Placed(value, more[0], subject.arm)]

    def _denied(self, sentence: str, mentions: list[Mention]) -> dict[int, tuple[int, int]]:
        """The events a sentence denies, by id, with the words that deny them: "No serious adverse
        events occurred", "there were no deaths", "serious adverse events did not occur" (not "16
        patients had no response", which counts those it did not happen to)."""
        denied = {}
        for m in mentions:
            if self.measures.kind(m) != "event":
                continue
            before = DENIED.search(sentence, max(0, m.start - DENIED_CHARS), m.start)
            after = DENIED_AFTER.match(sentence, m.end)
            if before or after:
                denied[id(m)] = (before.start("no") if before else m.start, after.end() if after else m.end)
        return denied

    def _zeros(self, placed: list[Placed], mentions: list[Mention], denied: dict[int, tuple[int, int]]) -> list[Placed]:
        """"No serious adverse events occurred; two patients had transient fever": in a sentence that
        states numbers, a denied event is a finding of none (0); the numbers that follow are not its."""
        reported = {p.measure.code for p in placed}
        zeros = []
        for m in mentions:
            if id(m) in denied and m.code not in reported:
                zeros.append(Placed(Value(*denied[id(m)], "count", 0.0, "patients"), m))
                reported.add(m.code)
        return zeros

    def _measure(self, sentence: str, value: Value, measures: list[Mention], nxt: int, subject: bool) -> Mention | None:
        """The measure a value reports: inside its span, right after it in its clause, the last
        before it; for the sentence's subject count ("Fifty patients ... were enrolled") the
        first one after it."""
        def fits(m: Mention) -> bool:
            return measure_fits(self.measures.kind(m), value)

        inside = [m for m in measures if value.start <= m.start and m.end <= value.end and fits(m)]
        if inside:  # a count and its rate read as one value: the measure between them
            return None if _negated(sentence, inside[0]) else inside[0]
        aside = _bracket_after(sentence, value.end)  # "11 patients (10 with CR and 1 with PR) were alive"
        after = next((m for m in measures if m.start >= aside and m.start < max(nxt, aside) and fits(m)), None)
        counted = value.kind in ("count", "ratio") or value.numerator is not None  # "Seventeen of 27 (63%) patients"
        if subject and after and counted and not any(m.end <= value.start for m in measures) \
                and ";" not in sentence[value.end:after.start] and not _negated(sentence, after, value):
            return after if self._counts_as(sentence, value, after) else None
        named_before = value.kind in ("mean_sd", "number") and any(m.end <= value.start and fits(m) for m in measures)
        if after and fits(after) and not named_before and not _CLAUSE_GAP.search(sentence[value.end:after.start]) \
                and after.start - value.end <= MEASURE_REACH:
            chosen = after
        else:
            before = [m for m in measures if m.end <= value.start and fits(m)]
            outcomes = [m for m in before if m.code != CHANGE_ONLY]  # "Overall survival improved from ...": survival's
            chosen = (outcomes or before)[-1] if before else None
            if chosen is None and value.kind in ("count", "number"):
                return None
            if chosen is None and after and fits(after) and (
                    after.start - value.end <= TIME_REACH or after.start - value.end <= FAR_MEASURE_REACH
                    and not _CLAUSE_GAP.search(sentence[value.end:after.start])):
                chosen = after  # no measure before it: the one its clause names after it ("81% of ... had a response")
        if chosen is None or _negated(sentence, chosen, value):
            return None
        return chosen if self._counts_as(sentence, value, chosen) else None

    def _counts_as(self, sentence: str, value: Value, chosen: Mention) -> bool:
        kind = self.measures.kind(chosen)
        bracketed = sentence[:value.start].rstrip().endswith(("(", "["))  # "to receive cyclophosphamide (39 participants)"
        if value.kind == "count" and kind == "count" and chosen.start < value.start and not bracketed \
                and not ENROLLED_BEFORE.search(sentence[chosen.start:value.start]):
            return False  # "enrolled" follows the count it counts, or stands just before it
        if chosen.code == "enrolled" and chosen.start > value.start and RECEIVING.fullmatch(chosen.text):
            what = sentence[chosen.end:].split(",")[0].split(";")[0]
            if not (names_treatment(what) or control_pattern().search(what) or STUDY_REGIMEN.search(what)):
                return False  # "Two patients were given antibiotics": a drug of their care, not the therapy studied
        return not (kind == "duration" and value.unit not in ("months", "years", "weeks", "days"))

    # -- arms ----------------------------------------------------------------------------------

    def _arms(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> None:
        """Each value's arm: a "respectively" list, the arm named right after it, an arm size
        "(n = 26)" right after an arm, or the order of an "x vs. y" pair in a two-arm study."""
        if not self._listed_arms(sentence, placed, arms) and self._respective_arms(sentence, placed, arms):
            return
        for p in placed:
            p.arm = p.arm or self._arm_after(sentence, p.value, arms) or _arm_before(sentence, p.value, arms)
        self._only_arm(sentence, placed, arms)
        self._described_arms(sentence, placed)
        if self.design in TWO_ARM_DESIGNS:
            self._versus_arms(sentence, placed)
            self._other_arm(sentence, placed, arms)

    def _respective_arms(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> bool:
        if not RESPECTIVELY.search(sentence):
            return False
        placed = [p for p in placed if p.listed != 1]  # a list its measures took in turn is not the arms' too
        if not arms:
            return self._trial_arms_in_turn(placed)
        if len(arms) < 2:
            return False
        rates = [p for p in placed if p.value.kind == "percent" and p.value.start > arms[0].start]
        if not rates:  # "4.1 ± 2.0 and 7.9 ± 3.1 in the MSC and placebo groups, respectively": values, then arms
            rates = [p for p in placed if p.value.kind in ("percent", "mean_sd") and p.value.end <= arms[0].start]
            rates = rates if len(rates) % len(arms) == 0 else []
        if len(rates) < len(arms):
            return False
        for k, p in enumerate(rates):  # a second series after the first pairs with the arms again
            p.arm = arms[k % len(arms)]
        return True

    def _trial_arms_in_turn(self, placed: list[Placed]) -> bool:
        """"Serious adverse events occurred in 2 (6.3%) and 3 (9.4%) patients, respectively": with no
        arm named, a two-arm trial's arms in the order the paper named them, the treated arm first."""
        arms = list(self.book.arms.values())
        if self.design not in TWO_ARM_DESIGNS or [a.intervention is None for a in arms] != [False, True]:
            return False
        rates = [p for p in placed if p.value.kind in ("percent", "mean_sd", "number")]
        if not rates or len(rates) % len(arms):
            return False
        for k, p in enumerate(rates):
            p.arm = arms[k % len(arms)]
        return True

    def _listed_arms(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> bool:
        """"decreased by 62.5, 3.4 and 4.2, respectively, in the MSC group and by 23.6, 1.2 and 1.2,
        respectively, in the control group", "fell from 10.4 to 6.3 in the MSC group and from 10.1 to
        7.2 in the control group", "were 30% and 44% in the MSC group and 10% and 17% in the placebo group"
        (a series per arm, of one length): a list of values closed by an arm is that arm's."""
        previous, lists = 0, []
        for arm in arms:
            listed = [p for p in placed if previous <= p.value.start and p.value.end <= arm.start]
            closed = LIST_CLOSED.search(sentence[listed[-1].value.end:arm.start]) if listed else None
            if closed and _both_arms(sentence, arm, arms):
                closed = None  # "35% and 10%, respectively, in the MSC and placebo groups": the arms are listed too
            lists.append((arm, listed, closed))
            previous = arm.end
        series = [(arm.label, len(listed)) for arm, listed, closed in lists if closed and len(listed) >= 2]
        # "30% and 44% in the MSC group and 10% and 17% in the placebo group": one series per arm
        parallel = len(series) >= 2 and len({label for label, _ in series}) == len(series) == len(lists) \
            and len({size for _, size in series}) == 1
        found = False
        for arm, listed, closed in lists:
            change = len(listed) == 2 and listed[0].value.baseline  # "from 10.4 to 6.3 in the MSC group"
            if closed and (found or closed.group("respectively") or change or parallel):
                found = True
                for p in listed:
                    p.arm = p.arm or arm
        return found

    def _sole_arm(self, sentence: str, arms: list[Arm]) -> Arm | None:
        """The one arm a two-arm trial's sentence names, when it compares nothing ("vs", "than")."""
        if self.design not in TWO_ARM_DESIGNS or len({a.label for a in arms}) != 1 or _compares(sentence):
            return None
        return arms[0]

    def _only_arm(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> None:
        """"In the MSC group, the CDAI was 281 ... and 219 ...": a sentence that names one arm, before
        its values and with no comparison, is about that arm."""
        arm = self._sole_arm(sentence, arms)
        if arm is None or not IN_ARM.search(sentence[:arm.start]):
            return
        for p in placed:
            if p.arm is None and p.value.start > arm.start:
                p.arm = arm

    def _series_arm(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> None:
        """"The values were 8.7 at the start of the study and 7.2 at 12 months in the control group":
        one measure at different times, then the one arm the sentence names, is that arm's series."""
        arm = self._sole_arm(sentence, arms)
        if arm is None or len(placed) < 2:
            return
        months = [p.months for p in placed]
        if arm.start > placed[-1].value.end and len({p.measure.code for p in placed}) == 1 \
                and None not in months and len(set(months)) == len(months):
            for p in placed:
                p.arm = p.arm or arm

    def _arm_after(self, sentence: str, value: Value, arms: list[Arm]) -> Arm | None:
        inside = [a for a in arms if value.start <= a.start and a.end <= value.end]
        if inside:
            return inside[0]
        after = next((a for a in arms if a.start >= value.end), None)
        if after and ARM_AFTER.match(sentence[value.end:after.start]) and not _both_arms(sentence, after, arms):
            return after
        return None

    def _described_arms(self, sentence: str, placed: list[Placed]) -> None:
        """"to undergo transplantation (36 participants) or to receive cyclophosphamide (39
        participants)": a count in brackets after an arm's description is that arm's size."""
        if self.design not in TWO_ARM_DESIGNS:
            return
        for p in placed:
            if p.arm is not None or p.value.kind != "count" or p.measure.code != "enrolled":
                continue
            lead = sentence[:p.value.start].rstrip()
            if not lead.endswith(("(", "[")):
                continue
            described = ARM_DESCRIBED.search(lead[:-1])
            if described:
                what = described.group("what").strip()
                key = what.split()[-1].lower()
                control = not names_treatment(what)
                arm = self.book.arms.setdefault(key, Arm(what.split()[-1], None if control else self.book.intervention))
                p.arm = arm

    def _other_arm(self, sentence: str, placed: list[Placed], arms: list[Arm]) -> None:
        """"The MSC group had a remission rate of 55%, compared with 15% in controls": in a sentence that
        compares, of two values of one measure and time, one placed in an arm, the other is the other arm's,
        the one the sentence names before it (else the book's arm of the other side)."""
        if not _compares(sentence):
            return
        groups: dict[tuple, list[Placed]] = {}
        for p in placed:
            groups.setdefault((p.measure.code, p.months, p.value.kind), []).append(p)
        for pair in groups.values():
            armed = [p for p in pair if p.arm is not None]
            if len(pair) != 2 or len(armed) != 1:
                continue
            known, open_ = armed[0], next(p for p in pair if p.arm is None)
            side = known.arm.intervention is None  # the other value is of the other side
            named = [a for a in arms if a.end <= open_.value.start and (a.intervention is None) != side]
            open_.arm = named[-1] if named else self.book.first(control=not side)

    def _versus_arms(self, sentence: str, placed: list[Placed]) -> None:
        treated, control = self.book.first(control=False), self.book.first(control=True)
        if control is None:
            return
        for first, second in zip(placed, placed[1:], strict=False):
            if first.arm is None and second.arm is None and VERSUS.match(sentence[first.value.end:second.value.start]):
                first.arm, second.arm = treated, control

    # -- timepoints ----------------------------------------------------------------------------

    def _times(self, sentence: str, placed: list[Placed], times: list[Timepoint]) -> None:
        self._respective_times(sentence, placed, times)
        self._versus_baseline(sentence, placed, times)
        stated = [t for t in times if not t.listed]  # "1" of "at 1 and 6 months" times only a list of values
        for k, p in enumerate(placed):
            if p.time_set:
                continue
            kind = self.measures.kind(p.measure)
            if kind in ("count", "duration"):
                continue
            prev = placed[k - 1].value.end if k else 0
            nxt = placed[k + 1].value.start if k + 1 < len(placed) else len(sentence)
            if p.value.baseline:  # "from 12.2 to 3.2": the first is the baseline's, named or not
                base = next((t for t in stated if t.months == 0.0), None)
                p.months, p.time_text = 0.0, base.text if base else None
            else:  # a change, or the value a "from ... to" reached, is measured at a time: "baseline" is not its time
                after_baseline = k > 0 and placed[k - 1].value.baseline and placed[k - 1].measure.code == p.measure.code
                p.at(_timepoint(sentence, p, [t for t in stated if t.months or not (p.value.change or after_baseline)],
                                prev, nxt))

    def _respective_times(self, sentence: str, placed: list[Placed], times: list[Timepoint]) -> None:
        """"at 9 months (12.5%) and 12 months (16.7%) ..., respectively", "The corresponding
        rates were 21.6% and 30%, respectively" (the times of the sentence before)."""
        if not RESPECTIVELY.search(sentence) and not any(t.listed for t in times):  # "at 6 and 12 months ... 30% and 45%"
            return
        rates = [p for p in placed if p.value.kind in ("percent", "mean_sd", "number")]
        if self._per_clause_times(sentence, rates, times):
            return
        listed = times if len(times) >= 2 else (self.previous_times if CORRESPONDING.search(sentence) and not times else [])
        if len(listed) > 2 and listed[0].months == 0.0 and not listed[0].listed and len(rates) % len(listed) \
                and len(rates) % (len(listed) - 1) == 0:
            listed = listed[1:]  # "the mean baseline EDSS ... changed to 4.8, 4.9 and 4.2 at 1, 2 and 3 years"
        if listed and len(rates) % len(listed) == 1 and rates[0].value.baseline and all(t.months for t in listed):
            rates = rates[1:]  # "from 33% pre-HSCT to 82%, 81% and 86% at 1, 2 and 3 years": the first is the baseline's
        if len(listed) < 2 or len(rates) % len(listed) != 0:
            return
        for k, p in enumerate(rates):  # a second series ("and PR by 22.5% and 20.0%") pairs with the times again
            p.at(listed[k % len(listed)], fixed=True)

    def _per_clause_times(self, sentence: str, rates: list[Placed], times: list[Timepoint]) -> bool:
        """"RFS at 5 years ... was 80% and 98%, respectively, while PFS at 4 years ... was 95% versus 66%,
        respectively": each "respectively" closes a clause whose one time is its values' time. False, doing
        nothing, unless the sentence has two such clauses at least, each with one time."""
        ends = [m.end() for m in RESPECTIVELY.finditer(sentence)]
        if len(ends) < 2:
            return False
        clauses = list(zip([0, *ends[:-1]], ends, strict=True))
        own = [[t for t in times if a <= t.start < b] for a, b in clauses]
        if any(len(t) != 1 for t in own):
            return False
        for (a, b), (time,) in zip(clauses, own, strict=True):
            for p in rates:
                if a <= p.value.start < b:
                    p.at(time, fixed=True)
        return True

    def _versus_baseline(self, sentence: str, placed: list[Placed], times: list[Timepoint]) -> None:
        """"the mean ARR was reduced (1.1 vs. 0.3)" in a single-arm study: before, then after."""
        if self.design in TWO_ARM_DESIGNS:
            return
        for first, second in zip(placed, placed[1:], strict=False):
            if first.value.kind == second.value.kind == "number" and first.measure.code == second.measure.code \
                    and VERSUS.match(sentence[first.value.end:second.value.start]):
                first.value.baseline = True
                if not times and self.previous_times:  # "after" is the follow-up time in force
                    second.at(self.previous_times[-1], fixed=True)

    # -- the record ----------------------------------------------------------------------------

    def _finding(self, text: str, start: int, end: int, p: Placed, mentions: list[tuple[int, str]],
                 context: str | None, parsed: Quantities, placed: list[Placed]) -> Finding:
        value, measure = p.value, p.measure
        intervention = self._intervention(value, mentions, context)
        if p.arm is not None:
            intervention = p.arm.intervention
        info = self.measures.info[measure.code]
        unit = self._unit(p, placed, parsed.text) if value.kind in ("mean_sd", "number") else value.unit
        amount, numerator = value.value, value.numerator
        if value.kind == "count" and info.get("kind") == "event" and value.value:
            amount, numerator = None, int(value.value)  # "Only 5 patients achieved ...": a count of events
        n = value.n or (_sample(parsed.text) if value.kind == "mean_sd" else None)
        is_other = measure.code.startswith("other:")
        return Finding(
            doc_id=self.doc_id,
            source_file=self.source_file,
            intervention=intervention,
            arm=p.arm.label if p.arm else None,
            disease=self._disease(parsed.text),
            measure="other" if is_other else measure.code,
            measure_text=measure.text,
            timepoint_months=p.months,
            timepoint_text=p.time_text,
            value_kind=self._value_kind(parsed.text, p),
            population=value.population,
            value=amount,
            unit=unit,
            sd=value.sd,
            n=n,
            numerator=numerator,
            denominator=value.denominator,
            ci_low=value.ci[0] if value.ci else None,
            ci_high=value.ci[1] if value.ci else None,
            evidence_text=text[start:end],
            char_start=start,
            char_end=end,
        )

    def _unit(self, p: Placed, placed: list[Placed], sentence: str) -> str | None:
        """A value's unit as the sentence states it: its own, the one another value of its measure
        states ("from 2.9 to 0.7 g/24h"), or one written by the measure's name ("proteinuria
        (g/24h)"); else the measure's scale ("score"), never a unit of measurement it did not state."""
        default = self.measures.info[p.measure.code].get("unit")
        named = UNIT_AFTER_NAME.match(sentence, p.measure.end)
        stated = p.value.unit or next((o.value.unit for o in placed if o.measure.code == p.measure.code
                                       and o.value.unit and o.value.unit != "%"), None) \
            or (unit_name(named.group("unit")) if named else None)
        if stated:
            return default if stated == "points" and default == "score" else stated
        return None if default is None or STATED_UNIT.fullmatch(default) else default

    def _value_kind(self, sentence: str, p: Placed) -> str:
        """`change` for a stated change from baseline; `estimate` for a survival or cumulative
        estimate (named so, or a survival rate with a ± figure, its standard error); else `level`.
        A value written with a minus sign is a change: no level of a score, a rate or a count is below zero."""
        if p.value.change or (p.value.value or 0.0) < 0:
            return "change"
        if self.measures.kind(p.measure) != "event" or p.value.unit != "%":
            return "level"
        clause = sentence.rfind(";", 0, p.value.start) + 1
        if ESTIMATE.search(sentence, clause, p.value.end) or (p.measure.code in SURVIVAL and p.value.sd is not None):
            return "estimate"
        return "level"

    def _intervention(self, value: Value, mentions: list[tuple[int, str]], context: str | None) -> str | None:
        named = [(pos, code) for pos, code in mentions if code != UNNAMED]
        before = [code for pos, code in named if pos <= value.start]
        if before:
            return before[-1]
        if named:
            return named[0][1]
        return self._named(self.context if mentions else context)

    def _disease(self, sentence: str) -> str | None:
        codes = [c for c in self.diseases.codes_in(sentence) if c != "OTHER"]
        return codes[0] if len(codes) == 1 else self.disease


def _bracket_after(sentence: str, position: int) -> int:
    """Where a bracket that opens right after `position` closes (its words break down or comment on the
    value before it, and name no measure of it); `position` itself where none opens."""
    m = re.match(r"\s*\(", sentence[position:])
    if not m:
        return position
    close = sentence.find(")", position + m.end())
    return close + 1 if close != -1 else position


def _aside(sentence: str, position: int) -> bool:
    """Whether a position is inside a bracket that only comments on the comparison ("(p < 0.01, MSC vs
    control)"): one that neither holds a value of its own nor follows one ("55% (MSC)")."""
    opened = sentence.rfind("(", 0, position)
    if opened == -1 or sentence.rfind(")", 0, position) > opened:
        return False
    closed = sentence.find(")", position)
    inside = P_VALUE.sub("", sentence[opened + 1:closed if closed != -1 else len(sentence)])
    return not re.search(r"\d", inside) and not re.search(r"[\d%]\s*$", sentence[:opened])


# a bracket of words alone: after a measure's name, what the measure counts ("disease-free survival (no relapses,
# no new lesions and no progression)")
WORDS_BRACKET = re.compile(r"\(([^()\d]{3,})\)")


def _definitions(sentence: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """The brackets of words that define the measure named right before each: their words name no
    result of their own."""
    if "(" not in sentence:
        return []
    ends = {m.end for m in mentions}
    return [m.span(1) for m in WORDS_BRACKET.finditer(sentence)
            if any(sentence[e:m.start()].strip() == "" for e in ends if e <= m.start())]


def _within(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _both_arms(sentence: str, arm: Arm, arms: list[Arm]) -> bool:
    """Whether an arm is named as one of a pair ("randomized to MSCs or placebo", "the MSC and placebo
    groups"): a value before the pair is of both."""
    nxt = next((a for a in arms if a.start >= arm.end), None)
    return nxt is not None and nxt.label != arm.label and bool(BOTH_ARMS.fullmatch(sentence, arm.end, nxt.start))


def _treated_count(sentence: str, value: Value) -> Mention | None:
    """The enrolment a count of patients states by what they underwent, when no measure is its and the
    study reports them (the count is its object): "we report 368 patients with lupus who underwent HCT",
    "data from 53 patients treated by ASCT"; not "Two patients who received MSCs developed fever"."""
    if COUNTED_OTHER.search(sentence, value.start, value.end):
        return None
    ours = TREATED_BY_US.search(sentence, 0, value.start)
    if ours:
        return Mention("enrolled", ours.start("verb"), ours.end("verb"), ours.group("verb"))
    if not COUNT_AS_OBJECT.search(sentence, 0, value.start):
        return None  # "2 cohorts of patients receiving ...", "Two patients who received MSCs developed fever"
    treated = TREATED_AFTER.match(sentence, value.end)
    return Mention("enrolled", treated.start("verb"), treated.end(), treated.group("verb")) if treated else None


def _arm_before(sentence: str, value: Value, arms: list[Arm]) -> Arm | None:
    """The arm named right before a value as an item of a list: "(MSC 55%, placebo 15%)", "placebo: 15%";
    or the arm whose name a bracket holding the value follows: "in group 2 (50%)", "in the MSC group (3.7% ± 23.1%
    and -9.2% ± 18.2%)"."""
    before = [a for a in arms if a.end <= value.start]
    if before and _in_bracket_after(sentence, before[-1], value):
        return before[-1]
    if not before or not ARM_BEFORE.match(sentence[before[-1].end:value.start]):
        return None
    arm = before[-1]
    if len(before) > 1 and _both_arms(sentence, before[-2], arms):  # "MSC vs placebo: 55% vs 15%" names a pair
        return None
    return arm if ARM_LIST_ITEM.search(sentence[:arm.start]) else None


def _in_bracket_after(sentence: str, arm: Arm, value: Value) -> bool:
    """Whether a value stands inside a bracket that opens right after an arm's name."""
    opened = sentence[arm.end:value.start]
    if not opened.lstrip().startswith(("(", "[")) or COMPARISON.search(opened) or BETWEEN_ARMS.search(opened):
        return False  # "(between-group mean difference, −1.7 ...)": no one arm's
    depth = 0
    for ch in opened:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0:
                return False  # the bracket closed before the value
    return depth > 0


def _timepoint(sentence: str, p: Placed, times: list[Timepoint], prev: int, nxt: int) -> Timepoint | None:
    """The timepoint of a value: right after it, the one its bracket follows, the one its
    measure names (before it, or right after a measure that follows it), the last one between it and
    the value before, else the nearest before it."""
    value = p.value
    after = [t for t in times if value.end <= t.start < nxt and t.start - value.end <= TIME_REACH
             and not re.search(r"\band\b(?!\s+\d)|;|\bcompared\b|\bversus\b|\bvs\b|\bthan\b",
                               sentence[value.end:t.end], re.IGNORECASE)]  # not the time it is compared with
    # "at 24 months (mean 4.0 ± 1.1)": the time its bracket follows
    bracketed = [t for t in times if t.end <= value.start
                 and re.fullmatch(r"\s*[(\[]\s*(?:(?:mean|median|average)\s*[,:]?\s*)?", sentence[t.end:value.start],
                                  re.IGNORECASE)]
    if bracketed:
        return bracketed[-1]
    if after:
        return after[0]
    # "... was 96% and at 7 years 85%": the time right before the value, after the value before it
    adjacent = [t for t in times if prev <= t.start and t.end <= value.start
                and re.fullmatch(r"\s*(?:[,:]|was|were|is|of)?\s*", sentence[t.end:value.start], re.IGNORECASE)]
    if adjacent and prev > 0:
        return adjacent[-1]
    named = [t for t in times if 0 <= t.start - p.measure.end <= MEASURE_TIME_REACH and t.end <= value.start]
    if named:
        return named[0]
    # "22 (55%) remained in clinical remission at week 52": the time right after the measure that follows the value
    following = [t for t in times if value.end <= p.measure.start and 0 <= t.start - p.measure.end <= MEASURE_TIME_REACH
                 and t.start < nxt]
    if following:
        return following[0]
    before = [t for t in times if t.end <= value.start]
    between = [t for t in before if t.end >= prev]
    if between:
        return between[-1]
    if before:
        return before[-1]
    later = [t for t in times if t.start >= value.end and ";" not in sentence[value.end:t.start]]
    return later[0] if later else None


def _line_above(text: str, start: int, blank_lines: int = 2) -> str:
    """The nearest non-blank line above the one `start` is on (a heading over a paragraph)."""
    end = text.rfind("\n", 0, start)
    for _ in range(blank_lines + 1):
        if end <= 0:
            return ""
        begin = text.rfind("\n", 0, end) + 1
        if text[begin:end].strip():
            return text[begin:end]
        end = begin - 1
    return ""


def _breakdown(sentence: str, values: list[Value], armless: Callable[[Value], bool]) -> set[int]:
    """The ids of counts that break down the count before them, in a bracket right after it ("Thirty
    patients (18 adults and 12 children)"); counts of named arms ("(20 in cohort A, ...)") are not."""
    parts = set()
    for whole in (v for v in values if v.kind == "count"):
        for part in values:
            if part.kind == "count" and part.start > whole.end and BREAKDOWN.match(sentence, whole.end, part.start) \
                    and armless(part):
                parts.add(id(part))
    return parts


def _compares(sentence: str) -> bool:
    """Whether a sentence compares arms ("vs", "compared with", "than"), brackets aside ("(p < 0.01, MSC vs control)")."""
    return bool(COMPARISON.search(re.sub(r"\([^()]*\)", "", sentence)))


def _restates(finding: Finding, before: Finding) -> bool:
    """A result stated again (in the abstract, or in the body after it) is kept once, where first
    stated: the same figures, with the same arm and timepoint or with fewer of them said."""
    same_arm = finding.arm == before.arm and finding.intervention == before.intervention
    return (same_arm or finding.arm is None and finding.intervention == before.intervention) \
        and finding.timepoint_months in (before.timepoint_months, None)


def _denied_by_freedom(sentence: str, mention: Mention) -> bool:
    """Whether a measure is named inside the share of patients free of it ("the proportion of patients free
    of skin progression"): the share is of its absence."""
    share = UNNAMED_SHARE.search(sentence)
    return bool(share and share.start("subject") <= mention.start < share.end("subject")
                and re.match(r"(?:free|without)\b", share.group("subject"), re.IGNORECASE))


def _joined_subjects(sentence: str, written: list[Value], mentions: list[Mention]) -> set[int]:
    """The sentence's subject counts: the first, and the counts joined to it by "and" with no auxiliary
    verb and no measure between ("414 patients with RRMS and 93 patients with SPMS underwent HSCT"): the
    one verb after them is theirs."""
    if not written or written[0].kind not in ("count", "ratio"):
        return {id(written[0])} if written else set()
    subjects = [written[0]]
    for value in written[1:]:
        start, end = subjects[-1].end, value.start
        gap = sentence[start:end]
        if value.kind != "count" or not re.search(r"\band\b", gap) or _AUXILIARY.search(gap) \
                or any(start <= m.start < end for m in mentions):
            break
        subjects.append(value)
    return {id(v) for v in subjects}


_AUXILIARY = re.compile(r"\b(?:had|has|have|were|was|is|are|did)\b", re.IGNORECASE)


SUBJECT_CLAUSE_REACH = 60  # characters from a subject count to the relative clause that describes it


def _in_subjects_clause(sentence: str, values: list[Value]) -> set[int]:
    """The values inside the relative clause that describes the sentence's subject count, up to the
    sentence's own verb: "Fourteen patients who had grade II (9 patients) or III GVHD (5) were treated"."""
    if not values or values[0].kind not in ("count", "ratio"):
        return set()
    subject = values[0]
    clause = _SUBJECT_RELATIVE.search(sentence, subject.end, subject.end + SUBJECT_CLAUSE_REACH)
    if clause is None:
        return set()
    verbs = list(CLAUSE_VERB.finditer(sentence, clause.end()))
    if len(verbs) < 2:
        return set()
    return {id(v) for v in values[1:] if clause.end() <= v.start < verbs[1].start()}


def _in_relative_clause(sentence: str, mention: Mention) -> bool:
    """"patients who received MSCs": the measure word is inside a relative clause. In "Eighty
    patients who had been diagnosed with CD were included", "were included" is the main verb: it
    follows a relative clause that has a verb of its own."""
    clause = RELATIVE_CLAUSE.search(sentence[:mention.start])
    if clause is None:
        return False
    own = sentence[clause.start():mention.start]
    if not MAIN_VERB.match(mention.text):
        passive = re.search(r"\b(?:were|was)\s+$", own, re.IGNORECASE)
        if passive is None:  # a noun: inside, unless the clause's verb and then the sentence's come before it
            return len(CLAUSE_VERB.findall(own)) < 2  # ("who survived 1 year had sustained responses")
        own = own[:passive.start()]
    return not CLAUSE_VERB.search(own[own.find(" "):])


def _negated(sentence: str, mention: Mention, value: Value | None = None) -> bool:
    """Whether the words before a measure deny it ("had no clinical response"); a value's own
    words before it ("No patient died": a count of none) deny nothing."""
    start = max(0, mention.start - NEGATION_CHARS)
    if value is not None and value.end <= mention.start:
        start = max(start, value.end)
    return bool(NEGATION.search(sentence, start, mention.start))


def _passed(sentence: str, mentions: list, context: str | None, labelled: str | None) -> str | None:
    """Why a sentence is not read for this study's results, or None: it comes before the document
    names any stem-cell therapy, it is background, it defines an endpoint, or the abstract's
    introduction holds it."""
    if not mentions and context is None:
        return "no stem-cell therapy named yet, in the sentence or before it"
    if BACKGROUND.search(sentence):
        return "background: the disease in the population, or other studies"
    if DEFINITION.search(sentence):
        return "it says what an endpoint is, not what it came to"
    if labelled == "introduction":
        return "in the abstract's background or introduction"
    return None


def _named_freely(parsed: Quantities, mention: Mention) -> bool:
    """Whether a measure is named outside what the numbers set aside (a definition, a dose, a
    subgroup); "24-h proteinuria" is named by its words after the "24-h"."""
    opening = NAMED_TIME.match(mention.text)
    return parsed.free(mention.start + (opening.end() if opening else 0), mention.end)


def _inside_any(mention: Mention, values: list[Value]) -> bool:
    return any(v.start <= mention.start and mention.end <= v.end for v in values)


def _sample(sentence: str) -> int | None:
    m = re.search(r"\bn\s*=\s*(\d+)", sentence, re.IGNORECASE)
    return int(m.group(1)) if m else None


_PLAIN_SIGNS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u02c3": ">", "\u02c2": "<", "\uff1e": ">", "\uff1c": "<",
                              "\u2a7e": "≥", "\u2a7d": "≤"})


def _plain_signs(text: str) -> str:
    """Look-alike signs as the rules read them, one for one: U+2010 and U+2011 hyphens as "-"
    ("relapse‐free"), arrowheads and full-width signs as "<" and ">" ("p˃0.05"), slanted ones as "≥", "≤"."""
    return text.translate(_PLAIN_SIGNS)


# A word a line break split with a hyphen ("pa-" / "tients"): read whole when the whole is a word the
# vocabulary knows ("patients", "remission"), else as a hyphenated compound ("follow-" / "up").
BROKEN_WORD = re.compile(r"(?<=[A-Za-z])-[ \t]*\r?\n[ \t]*(?=[a-z])")
_WORD_ENDINGS = ("", "s", "es", "ed", "d", "ly")  # a known word with one of these endings is known too


@cache
def _known_words() -> frozenset[str]:
    """The words of the vocabulary's phrases and the words for patients, in lower case."""
    words = {w for lex in load().values() for term in lex.terms for w in re.findall(r"[a-z]+", term)}
    return frozenset(words | set(re.findall(r"[a-z]+", PATIENTS)))


def _whole_word(left: str, right: str) -> bool:
    word, known = (left + right).lower(), _known_words()
    return any(word.endswith(e) and word[:len(word) - len(e)] in known for e in _WORD_ENDINGS)


def _joined(text: str) -> str:
    """The words a line break split with a hyphen, joined: "Two pa-\ntients died" reads "Two patients died"."""
    def join(m: re.Match[str]) -> str:
        left = re.search(r"[A-Za-z]+$", text[:m.start()])
        right = re.match(r"[a-z]+", text[m.end():])
        return "" if left and right and _whole_word(left.group(0), right.group(0)) else "-"
    return BROKEN_WORD.sub(join, text)


def readable(text: str) -> str:
    """A sentence as the rules read it: one hyphen character, and words a line break split joined
    (so positions in it are its own, not the document's)."""
    text = _plain_signs(text)
    return _joined(text) if "\n" in text else text
