"""The numbers of one sentence of prose, read before anything is attached to them.

A sentence is first cleared of what holds digits but is no result: dates and years (not "2016
patients"), p values, ages, doses, dosing schedules, durations ("lasting for at least 1 month"),
ranges, definitions to the end of their clause, vague quantities ("two thirds of the 30 patients",
"one in three") and confidence intervals (a CI is kept, to be attached to the value it qualifies).
What remains is read into `Value`s, most specific form first: mean ± SD, percentages with the count
or fraction written beside them, none of the patients ("no patient", "none of the 12"), fractions
("13 of 40", "30/36", "n = 160 of 239"), counts of patients (in digits or words: "Twenty-five",
"thirty‑six", "forty two"), numbers with their unit ("0.7 g/24h", "3.2 points"), and bare numbers,
which only a continuous measure (a score) may claim later. A value stated as a change from baseline
("decreased by 9.4") is marked and signed, and one whose denominator is a subgroup ("of the 10
responders", "among evaluable patients") names it. Timepoints ("at 12 months", "day +28", "Week 24",
"at the fourth week", "baseline") are read too, as months, with their words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from text_to_num import text2num

from extractors.doses import find_doses

_UNITS_W = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_W = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_W = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_HYPHEN = r"[\s\-\u2010\u2011]+"
# a number in words, from "one" to "nine hundred and ninety-nine"
_BELOW_100 = rf"(?:(?:{_TENS_W})(?:{_HYPHEN}(?:{_UNITS_W}))?|{_TEENS_W}|{_UNITS_W})"
WORD_NUMBER = rf"(?:(?:{_UNITS_W})\s+hundred(?:\s+(?:and\s+)?{_BELOW_100})?|{_BELOW_100})"
NUM = r"\d+(?:\.\d+)?"
WORD = rf"(?:\d+|{WORD_NUMBER}\b)"
# The characters a number in digits or words starts with (case aside): a lookahead that lets a
# pattern opening with a number skip most positions at once.
_NUMBER_FIRST = r"(?=[\dotfsenh])"
_PM = r"\s*(?:±|\+/-|\+/−|\+-)\s*"
PLUS_MINUS = ("±", "+/", "+-")  # one of which every ± holds: a cheap test
_DASH = r"\s*(?:–|-|—|to)\s*"
# the units a laboratory value or a score is stated in: kept as written ("g/24h" is never "mg/24h")
_LAB_UNITS = (r"mg/24\s?h(?:ours?)?|g/24\s?h(?:ours?)?|mg/d(?:ay)?|g/d(?:ay)?|mg/dL|g/dL|g/L|mg/L|"
              r"mL/min(?:/1\.73\s?m2)?|ml/min(?:/1\.73\s?m2)?|IU/mL|U/mL|IU/ml|points?|"
              r"ng/mL|pmol/L|nmol/L|mmol/mol|mmol/L|m/s|mV")
_UNITS = rf"{_LAB_UNITS}|months?|years?|weeks?|days?"
# one of which every unit of _LAB_UNITS holds: a cheap test
UNIT_WORDS = ("g/", "l/min", "u/m", "point", "mol/", "m/s", "mv")
_UNIT_NAMES = {"mg/24h": "mg/24h", "g/24h": "g/24h", "month": "months", "year": "years", "week": "weeks",
               "day": "days", "point": "points", "ng/ml": "ng/mL", "pmol/l": "pmol/L", "nmol/l": "nmol/L",
               "mmol/mol": "mmol/mol", "mmol/l": "mmol/L", "m/s": "m/s", "mv": "mV"}
PATIENTS = r"(?:patients|subjects|participants|individuals|children|adults|cases|persons|people)"

MEAN_SD = re.compile(rf"(?P<v>{NUM})\s*(?P<p1>%)?{_PM}(?P<sd>{NUM})\s*(?P<p2>%)?\s*(?P<unit>{_UNITS})?(?![\w/])", re.IGNORECASE)
# the sign written before a mean ± SD ("-54.4% ± 70.5%", "and - 9.2% ± 18.2%"), not a range's dash ("12 - 4.5 ± 1.0")
SIGN_BEFORE = re.compile(r"(?:^|(?<![\d.])[\s(\[:=,])(?P<sign>[−-])\s?$")
PERCENT = re.compile(rf"(?P<v>{NUM})\s*%(?!\s*(?:CI|confidence))", re.IGNORECASE)
# "(23/83)", "(13 of 40, 32.5%)", "(n = 160 of 239)", "(37 of 40 patients)": a fraction after its rate
RATIO_AFTER = re.compile(rf"[(\[]\s*(?:n\s*=\s*)?(?P<k>\d+)\s*(?:/|of|out of)\s*(?P<n>\d+)\s*(?:{PATIENTS})?\s*[)\],]",
                         re.IGNORECASE)
RATIO_BEFORE = re.compile(rf"(?P<k>{WORD})\s*(?:/|of|out of)\s*(?:the\s+|these\s+|all\s+)?(?P<n>\d+)(?:\s+{PATIENTS})?"
                          r"\s*[(\[,]\s*$", re.IGNORECASE)
# "from 12.2 to 3.2", "from a pre-HSCT mean of 3.87 to 2.51": the value after "from" is the baseline's.
FROM_BEFORE = re.compile(r"\bfrom\b[^\d;,]*$", re.IGNORECASE)
FROM_LEAD_CHARS = 40
RATE_LEAD_CHARS = 40  # characters before a rate searched for its count or fraction ("Eighteen of the 34 patients (")
COUNT_AFTER = re.compile(rf"\s*[(\[]\s*(?P<k>{WORD})\s+{PATIENTS}?\s*[)\]]", re.IGNORECASE)
COUNT_BEFORE = re.compile(rf"(?<![\d.])(?P<k>{WORD})\s*(?:{PATIENTS}\s*)?[(\[]\s*$", re.IGNORECASE)
IN_N_K_HAD = re.compile(rf"\bin\s+(?P<n>{WORD})\s+{PATIENTS}\s*,?\s*"
                        rf"(?P<k>{WORD})\s+(?:had|have|developed|achieved|showed|experienced|relapsed|died)\b",
                        re.IGNORECASE)
# "Of the eighteen patients, twelve responded", "Among 40 patients treated, 31 achieved remission": a clause
# that opens with the whole, then the part that did something
OF_N_K = re.compile(rf"(?:^|(?<=[;:]\s))\s*(?:of|among)\s+(?:the\s+|these\s+|all\s+|our\s+)?(?P<n>{WORD})\s+"
                    rf"(?:[\w-]+\s+){{0,2}}?{PATIENTS}\b[^,;()%]{{0,50}}?,\s*(?P<k>{WORD})\b(?!\s*(?:%|[-–]|years?|months?|weeks?|days?|of\b|{PATIENTS}))(?=\s+[a-z])",
                    re.IGNORECASE)
# The group a clause's results are of, opening it: "For the 26 patients treated with X, ...", "Among all 40
# patients, ...": its count is no result.
GROUP_BEFORE = re.compile(r"(?:^|[;:,.]\s+|^\s*)(?:for|of|among|in)\s+(?:the|these|all|our)\s+(?:[a-z]+\s+)?$", re.IGNORECASE)
GROUP_LEAD_CHARS = 30
OF_N_K_OPENING = re.compile(r"(?:^|[;:]\s)\s*(?:of|among)\s")
K_OF_N = re.compile(rf"{_NUMBER_FIRST}(?<![\w.,/])(?P<k>{WORD})\s+(?:of|out of)\s+(?:the\s+)?(?P<n>{WORD})"
                    rf"(?:\s+{PATIENTS}\b|(?=\s+[a-z]))", re.IGNORECASE)
SLASH = re.compile(rf"(?<![\w.,/])(?P<k>\d+)\s*/\s*(?P<n>\d+)\s+{PATIENTS}", re.IGNORECASE)
COUNT = re.compile(rf"{_NUMBER_FIRST}(?<![\w.,/\-])(?P<k>{WORD})\s+(?:[\w-]+\s+){{0,3}}?{PATIENTS}\b", re.IGNORECASE)
# a bare number: a score or rate that a continuous measure may claim ("decreased to 4.0", "(1.1 vs. 0.3")
BARE = re.compile(r"(?<![\w.,/+\-–×^])(?P<v>\d+(?:\.\d+)?)(?!\d|,\d|\.\d)(?!\s*(?:%|[×x]\s*10|[-–]))"
                  r"(?=\s*(?:[),;.\]]|$|vs\b|versus\b|and\b|to\b|at\b|in\b|on\b|from\b|after\b|before\b|\(|"
                  r"(?:afterwards|thereafter|during|within|by|among|post-?\w+)\b))", re.IGNORECASE)
STATED_UNIT = re.compile(_LAB_UNITS, re.IGNORECASE)  # a unit of measurement: never assumed, only read
# "proteinuria (g/24h)", "nerve conduction velocity (NCV) (m/s)"
UNIT_AFTER_NAME = re.compile(rf"(?:\s*\([A-Za-z][\w-]{{0,7}}\))?\s*(?:[(\[,]|\bin\b)\s*(?P<unit>{_LAB_UNITS})(?![\w/])",
                             re.IGNORECASE)
# a number with the unit of a laboratory value or score it is stated in ("0.7 g/24h", "3.2 points")
WITH_UNIT = re.compile(rf"(?<![\w.,/+\-–×^])(?P<v>{NUM})\s*(?P<unit>{_LAB_UNITS})(?![\w/])", re.IGNORECASE)
BARE_NOT_BEFORE = re.compile(r"\s*(?:[a-zA-Z]+\s+)?(?:patients?|subjects?|participants?|years?|months?|weeks?|days?|hours?|"
                             r"mg|g|kg|ml|cm|mm|sites?|cent(?:er|re)s?|countries|hospitals|studies|doses?|infusions?|"
                             r"cells?|times|generations?|points?|joints?|events?|AEs?|lesions?)\b", re.IGNORECASE)
BARE_NOT_AFTER = re.compile(r"[=<>≤≥]\s*$|\b(?:grade|phase|type|class|stage|day|week|month|year|cohort|group|visit|version|"
                            r"figure|figs?\.?|table|step|level|arm|part)\s*$", re.IGNORECASE)
# How long patients were followed, as its median or mean (the number a pool of follow-up takes), in the
# shapes prose states it: "the median follow-up (of survivors) was 31 months", "median follow-up: 28
# months", "the mean duration of follow-up after HSCT was 26 (0-78) months", "during the 40-month median
# follow-up" (not "at 1-year follow-up", a timepoint), "followed (up) for a median of 36 months",
# "followed for 3-42 months (median = 12)", "at a median of 62 months of follow-up". Read before ranges
# and "for 36 months" are set aside.
_FU = r"follow[\s-]?up"
_FU_UNIT = r"(?P<u>months?|years?|weeks?)\b"
_AVERAGE = r"(?:median|mean|average)"
FOLLOW_UPS = tuple(re.compile(p, re.IGNORECASE) for p in (
    rf"(?=[madlf])(?:{_AVERAGE}\s+)?(?:(?:duration|length)\s+of\s+)?{_FU}(?:\s+(?:period|duration|time))?"
    rf"(?:\s+(?:of|for|in|among)\s+(?:the\s+|all\s+)?(?:survivors|surviving\s+patients|living\s+patients|patients))?"
    r"(?:\s+(?:after|following|since)\s+[\w-]+)?"
    rf"\s*(?:was|of|lasted|:|=|,)\s*(?:a\s+)?(?:{_AVERAGE}\s+(?:of\s+)?)?(?P<v>{NUM})\s*(?:[(\[][^()\[\]]{{0,30}}[)\]]\s*)?{_FU_UNIT}",
    rf"(?=[\dma])(?:(?P<average>{_AVERAGE})\s+)?(?P<v>{NUM})[\s-]*{_FU_UNIT}['’]?[\s-]+(?(average)|{_AVERAGE}\s+)"
    rf"(?:(?:time|period|duration|length)\s+of\s+)?{_FU}",  # "the 52-month median (time of) follow-up"
    rf"(?=f)followed(?:\s+up)?\s+(?:for|over)\s+(?:a\s+)?{_AVERAGE}\s+(?:(?:duration|period)\s+)?(?:of\s+)?(?P<v>{NUM})\s*{_FU_UNIT}",
    rf"(?=f)followed(?:\s+up)?\s+(?:for\s+|over\s+)?(?:a\s+range\s+of\s+|between\s+)?{NUM}{_DASH}{NUM}\s*{_FU_UNIT}\s*"
    rf"[(\[]\s*{_AVERAGE}\s*(?:[=:,]\s*|of\s+)?(?P<v>{NUM})",
    rf"(?=[ma]){_AVERAGE}\s+(?:of\s+)?(?P<v>{NUM})\s*{_FU_UNIT}['’]?\s+(?:of\s+)?{_FU}",
))
# "(95% CI: 8.82–37.5%)", "(95% confidence interval [CI], 38.5–79.6)", "[95% CI, 48.7–87.6]"
CI = re.compile(rf"[(\[]?\s*95\s*%\s*(?:CI|confidence\s+intervals?)(?:\s*\[CI\])?\s*[:,]?\s*(?P<slo>[−-])?(?P<lo>{NUM})\s*%?"
                rf"\s*(?:–|-|—|to|,)\s*(?P<shi>[−-])?(?P<hi>{NUM})\s*%?\s*[)\]]?", re.IGNORECASE)
NOT_RESULTS = re.compile(
    r"(?=[\djfmasondp≥≤<>(\[])"  # the characters its phrases start with (a month, "p <", "aged", "for", ...)
    r"(?:\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b"
    r"|\b[pP]\s*(?:values?\s*)?[<=>≤≥]\s*0?\.\d+(?:\s*(?:,|and)\s*0?\.\d+)*"
    r"|\b95\s*%\s*(?:CI|confidence)"
    r"|\baged?\s+\d+(?:\s*[–-]\s*\d+)?"
    r"|\b\d+\s*(?:to|–|-)\s*\d+\s+years?\s+(?:of\s+age|old)"
    r"|[≥≤<>]\s*\d+(?:\.\d+)?\s*(?:years?|yrs|cm|mm|doses?)"
    rf"|[(\[]\s*(?:range|IQR|interquartile\s+range)\s*[:,]?\s*{NUM}\s*%?{_DASH}{NUM}\s*%?\s*[)\]]"
    rf"|[(\[]\s*ranging\s+(?:from\s+)?{NUM}\s*%?{_DASH}{NUM}\s*%?[^()\[\]]{{0,40}}[)\]]"  # "(ranging from 30% to 70% ...)"
    r"|\bdays?\s+\d+(?:\s*,\s*\d+)*,?\s*(?:and|or)\s+\d+(?![\d.]|\s*%)"
    r"|\b\d+(?:\s*,\s*\d+)*,?\s*(?:and|or)\s+(?=\d+\s*(?:days?|weeks?|months?|years?)\b)"  # "at 3, 6, 9 and 12 months"
    r"|\b\d{1,3}(?:\s*,\s*\d{1,3})+\s*,\s*(?=\d+\s*(?:days?|weeks?|months?|years?)\b)"  # "at 1, 2, 3, 4, 5 years"
    rf"|\bfor\s+(?:at\s+least\s+|up\s+to\s+|more\s+than\s+|over\s+|another\s+|a\s+(?:mean|median|average)\s+of\s+)?"
    rf"(?:a\s+)?{NUM}(?:{_DASH}{NUM})?[\s-]*"
    r"(?:days?|weeks?|months?|years?)\b"
    r"|(?<!/)\b24[\s-]*h(?:ours?|r)?\b"  # "24 h proteinuria": part of the measure's name
    r"|\b\d{1,2}\s*:\s*\d{1,2}\b(?!\s*%))",  # an allocation ratio, "randomised 2:1"
    re.IGNORECASE)
# How long each of a list of patients stayed: "for 80, 61, 42 and 34 months".
LISTED_DURATIONS = re.compile(rf"\bfor\s+{NUM}(?:\s*,\s*{NUM})+,?\s*(?:and|or)\s+{NUM}[\s-]*(?:days?|weeks?|months?|years?)\b",
                              re.IGNORECASE)
# A response defined by how much a score improved: "(at least) 40% improvement in the PASI score", "a ≥50%
# reduction in the disease activity score": the percentage is the response's threshold (`bound`), no result;
# the words after it (`what`) name the response.
THRESHOLD_RESPONSE = re.compile(r"(?P<bound>(?:\bat\s+least\s+)?(?<![\d.])\d+(?:\.\d+)?\s*%)\s+"
                                r"(?P<what>(?:improvement|reduction|decrease)\s+(?:in|of)\s+(?:the\s+)?"
                                r"(?:[\w-]+\s+){0,2}?[\w-]*(?:score|index|activity)\b)", re.IGNORECASE)
# Numbers that are no results, each found where a cheap test finds its words: a criterion's bound ("HbA1c
# < 7%", "below 0.5 g"), an arm's number ("group 2"); a response's threshold is set aside by itself.
BOUND = re.compile(rf"(?:[<≤>≥]|\b(?:below|under|less\s+than|lower\s+than))\s*{NUM}(?:\s*%)?"
                   r"(?![\d.]|\s*(?:years?|months?|weeks?|days?)\b)", re.IGNORECASE)
ARM_NUMBER = re.compile(r"\b(?:group|arm|cohort)s?\s+[1-4](?:\s*(?:,|and|or)\s*[1-4])*\b(?![.,]\d|\s*%)", re.IGNORECASE)
NOT_RESULTS_WORDED = ((BOUND, ("<", "≤", ">", "≥", "below", "under", "less than", "lower than")),
                      (ARM_NUMBER, ("group", "arm", "cohort")))
NOT_RESULTS_WORDS = tuple(w for _, words in NOT_RESULTS_WORDED for w in words)  # one of which each of them holds
# A definition runs to the end of its clause: a bracket, a semicolon, or the comma after which the
# sentence's own verb comes ("Remission, defined as a CDAI below 150, was achieved in 60%").
# (`_VERB_OF_RESULT` below: the verb with no comma before it.)
RESULT_VERB = (r"(?:was|were|is|are|has|have|had|occurred|achieved|reached|remained|improved|decreased|increased|fell|"
               r"rose|declined|dropped|developed|relapsed|responded|showed|died)")
# With no comma, the sentence's verb ends it where a number soon follows ("remission defined as no drugs
# but 10 mg of prednisone a day was 92% at 6 months").
_VERB_OF_RESULT = r"\s+(?:was|were|is|are|reached|achieved)\s+(?:[a-z]+\s+){0,3}?[<>≥≤~]?\d"
DEFINED_AS = re.compile(rf"\b(?:defined|definition)\b(?:(?!,\s*(?:and\s+)?{RESULT_VERB}\b|{_VERB_OF_RESULT})"
                        r"(?:[^;()]|\([^()]{0,40}\)))*", re.IGNORECASE)
# A year: 1900-2099, unless it counts patients ("2016 patients") and no word that places a year
# stands before it ("from 2012 to 2016 patients were ...").
YEAR = re.compile(r"(?=[12])(?<![\d.,])\b(?:19|20)\d{2}\b(?![.,]\d)")
YEAR_AS_COUNT = re.compile(rf"\s+(?:[a-z][\w-]*\s+){{0,3}}?{PATIENTS}\b", re.IGNORECASE)
YEAR_LEAD_CHARS = 10
YEAR_LEAD = re.compile(r"(?:\b(?:in|since|from|to|until|till|between|and|during|by|before|after)\s+|[–-]\s*)$", re.IGNORECASE)
# A quantity too vague to count ("two thirds", "one in three", "most of the 30 patients"): nothing
# in it, the whole it is a part of included, is read as a count. Found from its part or quantifier word
# (a cheap scan), then read around it.
_WHOLE = re.compile(rf"\s+of\s+(?:the\s+|these\s+|those\s+|our\s+|all\s+)?(?:{WORD}\s+)?(?:[\w-]+\s+){{0,2}}?{PATIENTS}\b",
                    re.IGNORECASE)
VAGUE_WORD = re.compile(r"\b(?:(?P<part>halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)"
                        r"|(?P<few>most|majority|minority|many|several|few|some))\b", re.IGNORECASE)
VAGUE_WORDS = ("half", "halves", "third", "quarter", "fourth", "fifth", "sixth", "eighth", "tenth", "most", "majority",
               "minority", "many", "several", "few", "some")  # the words VAGUE_WORD opens with
ONE_IN = re.compile(rf" in (?:every )?(?:\d+|{WORD_NUMBER})\b(?!\s*(?:%|[-–]|years?|months?|weeks?|days?))",
                    re.IGNORECASE)  # "in three" of "one in three"
VAGUE_COUNT = re.compile(rf"(?:\b(?:{WORD_NUMBER}|an?)[\s-]+)$", re.IGNORECASE)  # "two" of "two thirds"
VAGUE_ONE = re.compile(r"\b(?:one|1)$", re.IGNORECASE)  # "one" of "one in three" (not the 5 of "5 in 12 months")
VAGUE_CHARS = 24


@cache
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One search for any of `words` in lower-case text."""
    return re.compile("|".join(map(re.escape, words)))


def _found(pattern: re.Pattern[str], words: tuple[str, ...], text: str, lower: str) -> list[re.Match[str]]:
    """The matches of `pattern` that start where one of its words is in `lower`: a pattern that opens
    with one of a few words is matched only where a plain search of the text finds one."""
    if not _any_of(words).search(lower):
        return []
    if len(lower) != len(text):  # a character whose lower case is longer: positions differ, search it all
        return list(pattern.finditer(text))
    found = {}
    for word in words:
        at = lower.find(word)
        while at != -1:
            m = pattern.match(text, at)
            if m:
                found[at] = m
            at = lower.find(word, at + len(word))
    return [found[at] for at in sorted(found)]


def vague_spans(text: str, lower: str) -> list[tuple[int, int]]:
    """The spans of the vague quantities of a sentence (`lower`: its lower case), with the whole they
    are part of: "two thirds of the 30 patients", "most of the 12 patients", "one in three"."""
    spans = []
    if " in " in lower:
        for m in ONE_IN.finditer(text):
            one = VAGUE_ONE.search(text, max(0, m.start() - VAGUE_CHARS), m.start())
            if one:
                spans.append((one.start(), m.end()))
    for m in _found(VAGUE_WORD, VAGUE_WORDS, text, lower):
        whole = _WHOLE.match(text, m.end())
        count = VAGUE_COUNT.search(text, max(0, m.start() - VAGUE_CHARS), m.start()) if m.group("part") else None
        if not (whole or count):  # "most patients" has no number to hide; "the fourth week" is a time
            continue
        spans.append((count.start() if count else m.start(), whole.end() if whole else m.end()))
    return spans


TIMEPOINT = re.compile(
    r"(?=[\dotfsenmwdybp])"  # the characters its phrases start with (a number, a unit, an ordinal, "baseline", ...)
    rf"(?:(?P<n>{NUM}|{WORD_NUMBER})[\s-]*(?P<u>years?|months?|weeks?|days?|yr|mo)\b['’]?"
    r"|\b(?P<u2>month|week|day|year)(?:\s*\+?\s*|-)(?P<n2>\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)\b"
    r"|\b(?:the\s+)?(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d+(?:st|nd|rd|th))"
    r"\s+(?P<u3>week|month|year|day)\b"
    r"|\b(?P<first>(?:the\s+)?(?:first\s+)?year\s+(?:following|after)|one\s+year\s+after)"
    r"|\b(?P<base>baseline|before\s+(?:treatment|transplantation|MSCT|HSCT|infusion|therapy)|pre-?treatment|(?<=\bat\s)diagnosis"
    r"|(?:the\s+)?start\s+of\s+(?:the\s+)?(?:study|treatment|trial|therapy)|study\s+entry))",
    re.IGNORECASE,
)
# A word every timepoint phrase holds: a cheap test before TIMEPOINT's costlier search.
_TIME_WORD = re.compile(r"(?=[ymwdbpse])(?:year|month|week|day|\byr|\bmo\b|baseline|before|pre-?treatment|start\s+of|"
                        r"study\s+entry|(?<=at\s)diagnosis)", re.IGNORECASE)
_ORDINALS = {w: k for k, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
                                       "twelfth".split(), start=1)}
_MONTHS_PER = {"y": 12.0, "m": 1.0, "w": 12.0 / 52.0, "d": 12.0 / 365.25}
MONTHS_DECIMALS = 2


@dataclass
class Value:
    start: int
    end: int
    kind: str  # "percent", "mean_sd", "ratio", "count", "duration", "number"
    value: float | None
    unit: str | None = None
    sd: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    baseline: bool = False
    n: int | None = None
    ci: tuple[float, float] | None = None
    written: bool = True  # False for a count that only qualifies a rate ("21.6% (7 patients)")
    change: bool = False  # a stated change from baseline ("decreased by 9.4"), signed: a fall is negative
    population: str | None = None  # what its denominator counts when not all patients ("responders", "evaluable")


class Timepoint(NamedTuple):
    start: int
    end: int
    months: float
    listed: bool = False  # a number listed before a timepoint ("6" of "at 6 and 12 months"), not a value
    text: str = ""  # as written, with the word that places it ("at 1 year", "day 28"; "6 months" for a listed "6")


def number(word: str) -> int:
    """"12", "Twenty-five", "thirty‑six", "forty two" as an integer."""
    if word.isdigit():
        return int(word)
    return int(text2num(re.sub(_HYPHEN, "-", word.strip().lower()).replace("-", " "), "en"))


def _subgroup_span(m: re.Match[str]) -> tuple[int, int]:
    """Where a matched subgroup's own words are ("responders", "evaluable patients", "those who achieved CR")."""
    for name in ("evaluable", "responders", "survivors", "completers"):
        if m.group(name):
            return m.span(name)
    who = re.search(r"\b(?:those|patients|subjects)\s+who\b", m.group(0), re.IGNORECASE)
    return m.start() + (who.start() if who else 0), m.end()


def _subgroup(m: re.Match[str]) -> str:
    """A subgroup as its denominator counts it: "evaluable", "responders", "survivors", "completers",
    or "patients who achieved CR"."""
    for name in ("evaluable", "responders", "survivors", "completers"):
        if m.group(name):
            return name
    return "patients who " + re.sub(r"\s+", " ", m.group("who").strip())


def _signed(sign: str | None, number: str) -> float:
    return -float(number) if sign else float(number)


def unit_name(raw: str | None) -> str | None:
    if not raw:
        return None
    key = re.sub(r"\s+", "", raw)
    key = key[:-1] if key.endswith("s") and key[:-1].lower() in _UNIT_NAMES else key  # "points", "months"
    key = re.sub(r"ours?$", "", key) if key.lower().startswith(("mg/24h", "g/24h")) else key
    return _UNIT_NAMES.get(key.lower(), _UNIT_NAMES.get(key, raw.strip()))


# A length of time as a threshold or a range's end, not a time of measurement: "at least 1 year", "more than 6
# months", "≥ 2 years", "12 to 60 months".
THRESHOLD_BEFORE = re.compile(r"(?:\bat\s+least|\bmore\s+than|\blonger\s+than|[≥>]|\d\s*(?:to|–|-)"
                              r"|\bfor\s+(?:a\s+)?(?:mean|median|average|total)\s+(?:duration\s+|period\s+)?of)\s*$",
                              re.IGNORECASE)  # ... or how long something lasted: "insulin-free for a mean of 31 months"
THRESHOLD_CHARS = 40


def timepoints(sentence: str) -> list[Timepoint]:
    """Every timepoint phrase of a sentence, in months."""
    if not _TIME_WORD.search(sentence):
        return []
    found = _unit_first_lists(sentence)
    listed = [(t.start, t.end) for t in found]
    for m in TIMEPOINT.finditer(sentence):
        if any(s < m.end() and m.start() < e for s, e in listed):
            continue
        if THRESHOLD_BEFORE.search(sentence, max(0, m.start() - THRESHOLD_CHARS), m.start()):
            continue  # "patients who survived at least 1 year", "follow-up of 12 to 60 months": no time of measurement
        if m.group("base"):
            months = 0.0
        elif m.group("first"):
            months = 12.0
        elif m.group("ord"):
            raw = m.group("ord").lower()
            amount = float(_ORDINALS.get(raw) or int(re.sub(r"\D", "", raw)))
            months = round(amount * _MONTHS_PER[m.group("u3")[0].lower()], MONTHS_DECIMALS)
        else:
            raw, unit = (m.group("n"), m.group("u")) if m.group("n") else (m.group("n2"), m.group("u2"))
            amount = float(raw) if raw[0].isdigit() else float(number(raw))
            months = round(amount * _MONTHS_PER[unit[0].lower()], MONTHS_DECIMALS)
            found.extend(_listed_before(sentence, m.start(), _MONTHS_PER[unit[0].lower()], unit))
        lead = _TIME_LEAD.search(sentence, max(0, m.start() - TIME_LEAD_CHARS), m.start())
        found.append(Timepoint(m.start(), m.end(), months, text=sentence[lead.start() if lead else m.start():m.end()]))
    return found


# "at weeks 12 and 24", "at months 3, 6 and 12": the unit first, then the list of times it counts
UNIT_FIRST_LIST = re.compile(r"(?=[mwy])\b(?P<u>months?|weeks?|years?)\s+(?P<list>\d{1,3}(?:\s*,\s*\d{1,3})*,?\s+(?:and|or)\s+"
                             r"\d{1,3})\b(?!\s*(?:%|[-–.]\d|[-–]|[(\[]))", re.IGNORECASE)  # not "at week 24, and 22 (55%)"


def _unit_first_lists(sentence: str) -> list[Timepoint]:
    """The times of a list after its unit ("weeks 12 and 24"): each but the last listed, as those of "at 6 and
    12 months" are, so a list of values pairs with them in turn."""
    found = []
    for m in UNIT_FIRST_LIST.finditer(sentence):
        unit = m.group("u").rstrip("sS")
        numbers = list(re.finditer(r"\d{1,3}", m.group("list")))
        for k, n in enumerate(numbers):
            start, end = m.start("list") + n.start(), m.start("list") + n.end()
            months = round(float(n.group(0)) * _MONTHS_PER[unit[0].lower()], MONTHS_DECIMALS)
            found.append(Timepoint(start, end, months, k + 1 < len(numbers), f"{unit} {n.group(0)}"))
    return found


# The word that places a timepoint, kept in its text: "at 1 year", "by week 24", "after 6 months".
_TIME_LEAD = re.compile(r"\b(?:at|after|by|within|through|until|over|during|up\s+to)\s+(?:the\s+)?$", re.IGNORECASE)
TIME_LEAD_CHARS = 16


# "at 6 and 12 months", "at 3, 6 and 12 months": the numbers listed before a timepoint share its unit.
# (Not a range; "1-, 3- and 5-year" too.)
_TIME_LIST = re.compile(r"(?<!between )(?:(?:\b\d{1,3}-?\s*,\s*)*\b\d{1,3}-?,?\s+(?:and|or)\s+"
                        r"|(?:\b\d{1,3}\s*,\s*){2,})$",  # or commas alone: "at 1, 2, 3, 4, 5 years"
                        re.IGNORECASE)


def _listed_before(sentence: str, start: int, per_unit: float, unit: str) -> list[Timepoint]:
    offset = max(0, start - TIME_LIST_CHARS)
    listed = _TIME_LIST.search(sentence, offset, start)
    if not listed:
        return []
    return [Timepoint(n.start(), n.end(), round(float(n.group(0)) * per_unit, MONTHS_DECIMALS), True,
                      f"{n.group(0)} {unit}")
            for n in re.finditer(r"\d{1,3}", sentence[:listed.end()]) if n.start() >= listed.start()]


TIME_LIST_CHARS = 30  # how far back a list of numbers sharing a timepoint's unit may start

# A digit, a number word or none of the patients ("no patient", "none", "nobody"): a sentence without
# one states no value (its timepoints may still count).
MAY_STATE = re.compile(rf"{_NUMBER_FIRST}(?:\d|\b(?:{_TENS_W}|{_TEENS_W}|{_UNITS_W}|hundred|none\b|nobody\b|"
                       r"no\s+(?:[\w-]+\s+)?(?:one\b|patient|subject|participant|individual|child|adult|case|person)"
                       r"|no\s+(?:[\w-]+\s+){0,2}?(?:deaths?|relapses?|flares?)\b))",
                       re.IGNORECASE)
ZERO_WORDS = ("no ", "none", "nobody")  # one of which ZERO's phrases hold: a cheap test
# No patient is a count, zero: "no patient died", "none of the 12 patients relapsed" (0 of 12), "no one".
_PATIENT = r"(?:patients?|subjects?|participants?|individuals?|child(?:ren)?|adults?|cases?|persons?)"
ZERO = re.compile(rf"(?=n)\b(?:none\s+of\s+(?:the\s+|these\s+|our\s+|all\s+)?(?:(?P<n>{WORD})\s+)?(?:[\w-]+\s+)?"
                  rf"{_PATIENT}\b|none\s+of\s+them\b|no\s+(?:[\w-]+\s+)?{_PATIENT}\b|no\s+one\b|nobody\b"
                  r"|none\b(?=\s+(?:had|have|developed|achieved|experienced|relapsed|died|required|showed|reached|entered|"
                  r"attained|obtained|responded|progressed|needed|lost)\b))",
                  re.IGNORECASE)
# Events counted by their noun, each a patient's: "There were 3 deaths", "no treatment-related deaths", "two
# relapses occurred".
_EVENT = r"(?:deaths?|relapses?|disease\s+flares?|flares?)"
EVENT_COUNT = re.compile(rf"{_NUMBER_FIRST}(?<![\w.,/\-])(?P<k>{WORD}|no)\s+(?:[\w-]+\s+){{0,2}}?{_EVENT}\b", re.IGNORECASE)
EVENT_WORDS = ("death", "relapse", "flare")
# "... in 45 patients at one year and in 31 at three years": the second count leaves "patients" out.
_ELLIPSIS_WORDS = re.compile(r"(?:and|but|while) in ")  # one of which every elliptic count follows: a cheap test
ELLIPTIC_COUNT = re.compile(rf"\b(?:and|but|while)\s+in\s+(?:only\s+)?(?P<k>{WORD})(?=\s+(?:at|by|after|during)\b|\s*[,.;]|$)",
                            re.IGNORECASE)
# A count in a bracket with the abbreviation of what it counts: "(CR; n = 8)", "(PR, n = 5)".
NAMED_COUNT = re.compile(r"\(\s*[A-Z][A-Za-z0-9-]{0,7}\s*[;,:]\s*n\s*=\s*(?P<k>\d{1,4})\s*\)")
# A value stated as a change from baseline, by the words before it: "decreased by 9.4 ± 4.8", "a mean
# reduction of 3.2 points", "the mean change in SLEDAI from baseline to month 12 was −9.4".
CHANGE_WORDS = ("decreas", "reduc", "declin", "improv", "increas", "rose", "rise", "rising", "fell", "fall", "drop",
                "lower", "chang", "loss", "lost", "gain")  # one of which every change's words hold: a cheap test
_FALL = r"decreas\w*|reduc\w*|declin\w*|fell|fall(?:s|en|ing)?|dropp?\w*|lower\w*|loss|lost"
_RISE = r"increas\w*|rose|rise[sn]?|rising|improv\w*|gain\w*|chang\w*"
_MEAN_OF = r"(?:a\s+|an\s+)?(?:(?:mean|median|average)\s+(?:of\s+)?)?"
CHANGE_LEAD = re.compile(
    rf"(?:\b(?P<verb>{_FALL}|{_RISE})\s+(?:(?!(?:from|to|than|vs|versus)\b)[\w-]+\s+){{0,4}}?(?:by|of)\s+{_MEAN_OF}"
    rf"|\b(?P<noun>change|reduction|decrease|increase|improvement|decline|fall|drop|gain|loss)s?\b"
    r"(?:\s+(?:in|of|from|since)\b[^;:=%]{0,60}?)?\s+(?:was|were|of|:|=)\s+" rf"{_MEAN_OF})"
    r"(?P<sign>[−–-]\s?)?$", re.IGNORECASE)
CHANGE_CHARS = 90  # how far before a value the words that make it a change may start
# how every change's words end, right before the value: a cheap test before CHANGE_LEAD
CHANGE_TAIL = re.compile(rf"(?:\bby|\bof|\bwas|\bwere|:|=)\s+{_MEAN_OF}(?:[−–-]\s?)?$", re.IGNORECASE)
CHANGE_TAIL_CHARS = 32
SIGNS = ("−", " -", "(-", ":-", "=-")  # how a signed number opens: a cheap test
LISTED = re.compile(r"\s*,?\s*(?:and\s+)?")  # between the values of one list
PARALLEL = re.compile(r"\b(?:and|but|while|whereas)\s+(?:[\w-]+\s+){0,2}?by\s+$", re.IGNORECASE)  # "... and by 23.6"
# "HbA1c fell (MSC −1.2, placebo −0.3)": a signed number as an item of a list, perhaps after its arm's
# name, in a clause whose words state a change, is that change as signed
SIGNED_ITEM = re.compile(r"(?:[(\[,;:]|\band)\s*(?:[A-Za-z][\w-]*\s*[:=]?\s*)?$")
SIGNED_ITEM_CHARS = 30
CHANGE_WORD = re.compile(rf"\b(?:{_FALL}|{_RISE}|reduction|decrease|increase|improvement|decline)", re.IGNORECASE)
SIGNED = re.compile(r"(?<=[\s(:=])[−-](?P<v>\d+(?:\.\d+)?)(?P<percent>\s*%)?(?![\d.%]|\s*[-–]\s*\d)")  # "−9.4", not a range
# What a denominator counts when it is not all patients: "3 of the 10 responders", "among evaluable
# patients", "of those who achieved CR". A rate of the subgroup ("the proportion of responders") is a measure.
_SUBGROUP = (r"(?P<evaluable>(?:evaluable|assessable|analy[sz]able|evaluated)\s+" + PATIENTS + ")"
             r"|(?P<responders>responders|responding\s+patients|patients\s+who\s+responded)"
             r"|(?P<survivors>survivors|surviving\s+patients)"
             r"|(?P<completers>completers|patients\s+who\s+completed\s+(?:the\s+)?(?:study|trial|treatment|follow-up))"
             r"|(?:those|patients|subjects)\s+who\s+(?:had\s+)?(?P<who>(?:achieved|attained|reached|developed|experienced|"
             r"relapsed|responded)(?:\s+(?!(?:at|by|after|before|were|was|had|and|in)\b)[\w-]+){0,3})")
SUBGROUP_WORDS = ("evaluable", "evaluated", "assessable", "analysable", "analyzable", "responde", "responding", "surviv",
                  "completers", "who ")  # one of which every subgroup holds: a cheap test
SUBGROUP_BEFORE = re.compile(rf"(?=[aoiw])\b(?:among|of|in|within)\s+(?:the\s+|these\s+)?(?:{WORD}\s+)?(?:{_SUBGROUP})",
                             re.IGNORECASE)
SUBGROUP_AFTER = re.compile(rf"(?:[^()\[\]]{{0,30}}[)\]])?\s*(?:{_SUBGROUP})", re.IGNORECASE)  # "3 of the 10 responders"
SUBGROUP_IN_AFTER = re.compile(rf"\s+(?:in|among)\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?(?:{_SUBGROUP})",
                               re.IGNORECASE)  # "87% in day-28 responders"
SUBGROUP_IS_MEASURE = re.compile(r"\b(?:proportion|percentage|number|rate|share|fraction|count)\s+$", re.IGNORECASE)


class Quantities:
    """The values, confidence intervals and timepoints of one sentence; `mask` marks the
    characters already read, so no number is read twice."""

    def __init__(self, text: str, cohorts: tuple[int, ...] = ()):
        self.text = text
        self.cohorts = cohorts  # patient counts the document gave earlier: candidate denominators
        self.lower = text.lower()  # for the cheap tests of whether a rarer form may be in it at all
        self.mask = bytearray(len(text))
        self.cis = [(m.start(), m.end(), (_signed(m.group("slo"), m.group("lo")), _signed(m.group("shi"), m.group("hi"))))
                    for m in (CI.finditer(text) if "95" in text else ())]
        for start, end, _ in self.cis:
            self.take(start, end)
        self.phrases: list[tuple[int, int]] = []  # whole follow-up phrases: their words stay free for the measure
        follow_ups = self._follow_ups()
        for m in NOT_RESULTS.finditer(text):
            if not any(s < m.end() and m.start() < e for s, e in self.phrases):
                self.take(m.start(), m.end())
        self._take_worded()
        for m in _found(DEFINED_AS, ("defin",), text, self.lower):
            self.take(m.start(), m.end())
        for start, end in vague_spans(text, self.lower):
            self.take(start, end)
        for m in YEAR.finditer(text) if "19" in text or "20" in text else ():
            if not YEAR_AS_COUNT.match(text, m.end()) or YEAR_LEAD.search(text, max(0, m.start() - YEAR_LEAD_CHARS),
                                                                          m.start()):
                self.take(m.start(), m.end())
        for start, end, _ in find_doses(text):
            self.take(start, end)
        self.values: list[Value] = follow_ups + self._mean_sds()
        self.times = [t for t in timepoints(text) if t.listed or self.free(t.start, t.end)]
        for t in self.times:
            self.take(t.start, t.end)

    def _take_worded(self) -> None:
        """Sets aside the numbers that are no results and whose words a cheap test finds first (see
        NOT_RESULTS_WORDED), and how long each of a list of patients stayed."""
        if "for " in self.lower and " and " in self.lower:
            for m in LISTED_DURATIONS.finditer(self.text):
                self.take(m.start(), m.end())
        if "%" in self.text and any(map(self.lower.__contains__, ("improvement", "reduction", "decrease"))):
            for m in THRESHOLD_RESPONSE.finditer(self.text):
                self.take(*m.span("bound"))
        if any(map(self.lower.__contains__, NOT_RESULTS_WORDS)):
            for pattern, words in NOT_RESULTS_WORDED:
                for m in pattern.finditer(self.text) if any(map(self.lower.__contains__, words)) else ():
                    self.take(m.start(), m.end())

    def take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return not any(self.mask[start:end])

    def has_numbers(self) -> bool:
        """Whether a digit is left that nothing set aside: a number the sentence states."""
        return any(self.free(m.start(), m.end()) for m in STATED_NUMBER.finditer(self.text))

    def read(self) -> list[Value]:
        """Every reported number of the sentence, each once, most specific form first."""
        found = self.values + self._signed(percent=True)  # "(MSC −1.2%, placebo −0.3%)" before any "1.2%"
        found += [self._percent(m) for m in (PERCENT.finditer(self.text) if "%" in self.text else ())
                  if self.free(m.start(), m.end())]
        found += (self._zeros() + self._named_counts() + self._ratios() + self._counts() + self._events()
                  + self._with_units() + self._signed() + self._bare())
        found = self._merge_count_and_rate(sorted(found, key=lambda v: v.start))
        found = [v for v in found if not self._restated(v, found)]
        self._pair_from_to(found)
        self._attach_cis(found)
        self._changes(found)
        self._subgroups(found)
        return found

    def _zeros(self) -> list[Value]:
        """"No patient died", "none of the 12 patients relapsed": a count of none, or 0 of 12."""
        def zero(m: re.Match[str]) -> Value:
            n = number(m.group("n")) if m.group("n") else None
            return (Value(m.start(), m.end(), "ratio", None, numerator=0, denominator=n) if n
                    else Value(m.start(), m.end(), "count", 0.0, "patients"))
        return self._each_free(ZERO_WORDS, ZERO, zero)

    def _elliptic_counts(self) -> list[Value]:
        """"in forty-five patients at one year and in thirty-one at three years": a count of the same
        patients that leaves their noun out, after a count that names it."""
        found: list[Value] = []
        if not _ELLIPSIS_WORDS.search(self.lower):
            return found
        first = COUNT.search(self.text)
        if first is None:
            return found
        for m in ELLIPTIC_COUNT.finditer(self.text, first.end()):
            if self.free(m.start("k"), m.end("k")):
                found.append(Value(m.start("k"), m.end("k"), "count", float(number(m.group("k"))), "patients"))
                self.take(m.start("k"), m.end("k"))
        return found

    def _named_counts(self) -> list[Value]:
        """"a complete response (CR; n = 8)": a count a bracket gives with the abbreviation of what it counts."""
        return self._each_free(("n=", "n ="), NAMED_COUNT, lambda m: Value(
            m.start(), m.end(), "count", float(m.group("k")), "patients"))

    def _events(self) -> list[Value]:
        """"There were 3 deaths", "no treatment-related deaths": the patients an event befell."""
        def event(m: re.Match[str]) -> Value:
            k = m.group("k").lower()
            return Value(m.start("k"), m.end("k"), "count", 0.0 if k == "no" else float(number(k)), "patients")
        return self._each_free(EVENT_WORDS, EVENT_COUNT, event)

    def _with_units(self) -> list[Value]:
        """"0.7 g/24h", "3.2 points": a number with the unit it is stated in."""
        return self._each_free(UNIT_WORDS, WITH_UNIT, lambda m: Value(
            m.start(), m.end(), "number", float(m.group("v")), unit_name(m.group("unit"))))

    def _each_free(self, words: tuple[str, ...], pattern: re.Pattern[str],
                   value: Callable[[re.Match[str]], Value]) -> list[Value]:
        """Each match of `pattern` on words no value took yet, read by `value`, the value's words then taken;
        none, without a search, where the sentence has none of `words`."""
        found: list[Value] = []
        if not _any_of(words).search(self.lower):
            return found
        for m in pattern.finditer(self.text):
            if self.free(m.start(), m.end()):
                found.append(read := value(m))
                self.take(read.start, read.end)  # (the value's own words: "3" of "3 deaths" leaves the measure named)
        return found

    def _signed(self, percent: bool = False) -> list[Value]:
        """"a mean change of −9.4": a signed number, read where the words before it state a change; or an
        item of a list of arms' changes ("fell (MSC −1.2%, placebo −0.3%)"). `percent`: the signed
        percentages alone (read before percentages are), else the rest."""
        found = []
        if not _any_of(SIGNS).search(self.text):
            return found
        may_change = self._may_change()
        for m in SIGNED.finditer(self.text):
            if not self.free(m.start(), m.end()) or bool(m.group("percent")) != percent:
                continue
            if may_change and not m.group("percent") \
                    and CHANGE_TAIL.search(self.text, max(0, m.start() - CHANGE_TAIL_CHARS), m.start()) \
                    and CHANGE_LEAD.search(self.text, max(0, m.start() - CHANGE_CHARS), m.start()):
                found.append(Value(m.start(), m.end(), "number", -float(m.group("v"))))
            elif may_change and SIGNED_ITEM.search(self.text, max(0, m.start() - SIGNED_ITEM_CHARS), m.start()) \
                    and CHANGE_WORD.search(self.text, self.text.rfind(";", 0, m.start()) + 1, m.start()):
                found.append(Value(m.start(), m.end(), "number", -float(m.group("v")), "%" if m.group("percent") else None,
                                   change=True))
            elif not m.group("percent") and m.group(0)[0] == "−":
                found.append(Value(m.start(), m.end(), "number", -float(m.group("v"))))  # a written minus sign is kept
            else:
                continue
            self.take(m.start(), m.end())
        return found

    def _may_change(self) -> bool:
        return bool(_any_of(CHANGE_WORDS).search(self.lower))

    def _changes(self, found: list[Value]) -> None:
        """Mark the values stated as a change from baseline, signed by what the words say (a fall,
        reduction or decrease is negative; a written sign is kept). The values listed after one
        ("decreased by 62.5, 3.4 and 4.2") and those of a parallel clause ("... and by 23.6") are changes too."""
        if not self._may_change():
            return
        falls: bool | None = None  # the direction of the last change stated; None before any
        previous: Value | None = None
        for value in found:
            if value.kind not in ("mean_sd", "number") or value.unit == "%" or value.baseline:
                previous = None
                continue
            lead = CHANGE_LEAD.search(self.text, max(0, value.start - CHANGE_CHARS), value.start) \
                if CHANGE_TAIL.search(self.text, max(0, value.start - CHANGE_TAIL_CHARS), value.start) else None
            if lead is not None:
                falls = bool(lead.group("sign")) or bool(re.fullmatch(_FALL, lead.group("verb") or lead.group("noun"),
                                                                       re.IGNORECASE))
                if lead.group("sign"):
                    value.start = lead.start("sign")
            elif falls is None or not (previous and previous.change and LISTED.fullmatch(self.text, previous.end, value.start)
                                       or PARALLEL.search(self.text, max(0, value.start - CHANGE_CHARS), value.start)):
                previous = value
                continue
            value.change = True
            value.value = -abs(value.value or 0.0) if falls else value.value
            previous = value

    def _subgroups(self, found: list[Value]) -> None:
        """The subgroup a value's denominator counts, named right after it ("3 of the 10 responders",
        "33/50 (66%) evaluable patients") or before it in its clause ("Among evaluable patients, 60% ...");
        the subgroup's words are then no measure."""
        if not _any_of(SUBGROUP_WORDS).search(self.lower):
            return
        named = [m for m in SUBGROUP_BEFORE.finditer(self.text)
                 if not SUBGROUP_IS_MEASURE.search(self.text, max(0, m.start() - 20), m.start())]
        for value in found:
            if value.kind not in ("percent", "ratio", "count"):
                continue
            after = SUBGROUP_AFTER.match(self.text, value.end) or SUBGROUP_IN_AFTER.match(self.text, value.end)
            clause = self.text.rfind(";", 0, value.start) + 1
            before = [m for m in named if clause <= m.start() and m.end() <= value.start]
            chosen = after if after and value.kind != "count" else (before[-1] if before else None)
            if chosen is not None:
                value.population = _subgroup(chosen)
                self.take(*_subgroup_span(chosen))
                # a time inside the subgroup's words names the subgroup ("day-28 responders"), not the value
                self.times = [t for t in self.times if not chosen.start() <= t.start < chosen.end()]

    def _restated(self, value: Value, found: list[Value]) -> bool:
        """"Thirteen ... patients achieved MCR (13 of 40, 32.5%)": the count is the rate's numerator, said again."""
        return value.kind == "count" and any(
            v.numerator == value.value and v is not value and 0 < v.start - value.end <= RESTATED_REACH for v in found)

    def _follow_ups(self) -> list[Value]:
        """The follow-up's median or mean, with its unit ("months"), where a phrase of FOLLOW_UPS states it;
        its numbers are taken (its range too), its words stay the measure's."""
        found: list[Value] = []
        if "follow" not in self.lower:
            return found
        for pattern in FOLLOW_UPS:
            for m in pattern.finditer(self.text):
                start = m.start() + re.search(r"\d", m.group(0)).start()  # the numbers, not the words that name it
                end = max(m.end("v"), m.end("u"))
                if self.free(start, end):
                    found.append(Value(m.start("v"), m.end("v"), "duration", float(m.group("v")), unit_name(m.group("u"))))
                    self.take(start, end)
                    self.phrases.append(m.span())
        return sorted(found, key=lambda v: v.start)

    def _mean_sds(self) -> list[Value]:
        found: list[Value] = []
        if not _any_of(PLUS_MINUS).search(self.text):
            return found
        for m in MEAN_SD.finditer(self.text):
            if self.free(m.start(), m.end()):
                unit = "%" if m.group("p1") or m.group("p2") else unit_name(m.group("unit"))
                sign = SIGN_BEFORE.search(self.text, max(0, m.start() - 3), m.start()) if m.start() else None
                signed = sign is not None and not self.text[:sign.start()].rstrip()[-1:].isdigit()  # not a range's dash
                start = sign.start("sign") if signed else m.start()
                value = -float(m.group("v")) if signed else float(m.group("v"))
                found.append(Value(start, m.end(), "mean_sd", value, unit, float(m.group("sd"))))
                self.take(start, m.end())
        return found

    def _ratios(self) -> list[Value]:
        found = []
        opening = OF_N_K_OPENING.search(self.lower)  # a clause that opens "Of the 18 patients, ..."
        patterns = ((IN_N_K_HAD, OF_N_K) if opening else (IN_N_K_HAD,)) + ((K_OF_N,) if "of " in self.lower else ())
        for pattern in (*patterns, SLASH) if "/" in self.text else patterns:
            for m in pattern.finditer(self.text):
                k, n = number(m.group("k")), number(m.group("n"))
                if self.free(m.start(), m.end()) and k <= n:
                    found.append(Value(m.start("k"), m.end(), "ratio", None, None, numerator=k, denominator=n))
                    self.take(m.start(), m.end())
        return found

    def _counts(self) -> list[Value]:
        found = self._elliptic_counts()
        one_of_arm = "%" in self.text and " in " in self.text  # "1 patient in group 3 (20%)"
        for m in ONE_OF_ARM.finditer(self.text) if one_of_arm else ():
            self._count(found, m, "k", 1.0, m.end())
        clause_verb = any(map(self.lower.__contains__, CLAUSE_VERBS))
        for m in CLAUSE_SUBJECT_COUNT.finditer(self.text) if clause_verb else ():  # "..., four remain"
            self._count(found, m, "k", float(number(m.group("k"))))
        for verb in ENROLMENT_VERB.finditer(self.text) if " were " in self.text or " been " in self.text else ():
            m = COUNT_BEFORE_VERB.search(self.text, max(0, verb.start() - COUNT_BEFORE_CHARS), verb.start())
            if m is not None:  # "48 were included", "(n=92) were included": patients
                k = "k" if m.group("k") else "kn"
                self._count(found, m, k, float(number(m.group(k))))
        for m in COUNT.finditer(self.text):
            if GROUP_BEFORE.search(self.text, max(0, m.start("k") - GROUP_LEAD_CHARS), m.start("k")):
                self.take(m.start("k"), m.end("k"))  # "For the 26 patients treated with ..., remission was 92%"
                continue
            self._count(found, m, "k", float(number(m.group("k"))), m.end())
        return found

    def _count(self, found: list[Value], m: re.Match[str], group: str, k: float, end: int | None = None) -> None:
        """Adds the count of patients group `group` of `m` states, where its number is free; the value
        runs to `end` (the count's noun), else to the number's end."""
        if self.free(m.start(group), m.end(group)):
            found.append(Value(m.start(group), end if end is not None else m.end(group), "count", k, "patients"))
            self.take(m.start(group), m.end(group))

    def _bare(self) -> list[Value]:
        found = []
        for m in BARE.finditer(self.text):
            if not self.free(m.start(), m.end()) or BARE_NOT_BEFORE.match(self.text, m.end()) \
                    or BARE_NOT_AFTER.search(self.text[max(0, m.start() - 12):m.start()]):
                continue
            found.append(Value(m.start(), m.end(), "number", float(m.group("v"))))
            self.take(m.start(), m.end())
        return found

    def _merge_count_and_rate(self, found: list[Value]) -> list[Value]:
        """"Thirteen patients achieved MCR (32.5%)": one finding, the count its numerator."""
        merged: list[Value] = []
        for value in found:
            previous = merged[-1] if merged else None
            if (previous and previous.kind == "count" and value.kind == "percent" and value.numerator is None
                    and value.start - previous.end <= 60 and not SEPARATE.search(self.text, previous.end, value.start)):
                k = int(previous.value or 0)
                value.numerator, value.denominator = self._count_of(k, value.value or 0.0)
                value.start = previous.start
                merged[-1] = value
                continue
            if (previous and previous.kind == "ratio" and value.kind == "percent" and value.numerator is None
                    and previous.numerator is not None and previous.denominator
                    and abs(100.0 * previous.numerator / previous.denominator - (value.value or 0.0)) <= ROUNDING_PERCENT
                    and value.start - previous.end <= 60 and not SEPARATE.search(self.text, previous.end, value.start)):
                value.numerator, value.denominator = previous.numerator, previous.denominator
                value.start = previous.start  # "4 of 9 fistulas had healed in group 1 (44.4%)": the rate of that ratio
                merged[-1] = value
                continue
            merged.append(value)
        return merged

    def _percent(self, m: re.Match[str]) -> Value:
        value = Value(m.start(), m.end(), "percent", float(m.group("v")), "%")
        self.take(m.start(), m.end())
        window = max(0, m.start() - RATE_LEAD_CHARS)
        for read in (self._fraction_before, self._fraction_after, self._count_after, self._count_before):
            if read(value, window):
                break
        return value

    def _fraction_after(self, value: Value, window: int) -> bool:
        """"28% at 1 year (23/83)": the bracketed fraction that follows a rate, before any other rate."""
        after = RATIO_AFTER.search(self.text, value.end, value.end + FRACTION_REACH)
        if not after or not self.free(after.start("k"), after.end("n")) or "%" in self.text[value.end:after.start()]:
            return False
        value.numerator, value.denominator = int(after.group("k")), int(after.group("n"))
        self.take(after.start(), after.end())
        return True

    def _count_after(self, value: Value, window: int) -> bool:
        """"21.6% (7 patients)": the count in brackets after a rate is its numerator."""
        after = COUNT_AFTER.match(self.text, value.end)
        if not after or not self.free(after.start("k"), after.end()):
            return False
        value.numerator, value.denominator = self._count_of(number(after.group("k")), value.value or 0.0)
        self.take(after.start(), after.end())
        value.end = after.end()
        return True

    def _fraction_before(self, value: Value, window: int) -> bool:
        before = RATIO_BEFORE.search(self.text[window:value.start])
        if not before or not self.free(window + before.start(), window + before.end() - 1):
            return False
        value.numerator, value.denominator = number(before.group("k")), int(before.group("n"))
        self.take(window + before.start(), window + before.end())
        value.start = window + before.start()
        return True

    def _count_before(self, value: Value, window: int) -> bool:
        """"13 (32.5%)", "one [4.5%] patient": a count just before its rate's bracket."""
        count = COUNT_BEFORE.search(self.text[window:value.start])
        if not count or not self.free(window + count.start("k"), window + count.end("k")):
            return False
        value.numerator, value.denominator = self._count_of(number(count.group("k")), value.value or 0.0)
        self.take(window + count.start(), window + count.end())
        value.start = window + count.start()
        return True

    def _count_of(self, k: int, percent: float) -> tuple[int, int | None]:
        """"13 (32.5%)": the denominator is a number the sentence (or, failing that, an earlier
        enrolment figure of the document) states that gives that percentage."""
        stated = [int(m.group(1)) for m in re.finditer(r"(?<![\d.])(\d+)(?![\d.%])", self.text)
                  if self.free(m.start(), m.end())]
        for n in [*stated, *self.cohorts]:
            if n >= k and n > 0 and abs(100.0 * k / n - percent) <= ROUNDING_PERCENT:
                return k, n
        return k, None

    def _pair_from_to(self, found: list[Value]) -> None:
        """"from X to Y": X is the baseline value and Y carries X's unit when X states none."""
        for first, second in zip(found, found[1:], strict=False):
            lead = self.text[max(0, first.start - FROM_LEAD_CHARS):first.start]
            gap = self.text[first.end:second.start].strip().lower()
            if FROM_BEFORE.search(lead) and (gap == "to" or gap.endswith(" to")) and first.kind == second.kind:
                first.baseline = True
                first.unit = first.unit or second.unit

    def _attach_cis(self, found: list[Value]) -> None:
        """A confidence interval qualifies the rate or mean just before it; written right after
        the value it extends the value's span, so a timepoint after the CI is still "after" it."""
        for start, end, bounds in self.cis:
            before = [v for v in found if v.end <= start and v.kind in ("percent", "mean_sd", "number")
                      and start - v.end <= CI_REACH]
            if before:
                value = before[-1]
                value.ci = bounds
                if start - value.end <= CI_ADJACENT:
                    value.end = end


# A bare number as the subject of an enrolment verb: "48 were included", "(n=92) were included"; the verb is
# found first, then the count right before it
ENROLMENT_VERB = re.compile(r"\s+(?:were|had\s+been)\s+(?:enrolled|included|recruited|randomi[sz]ed|treated|transplanted|"
                            r"analy[sz]ed|evaluated)\b", re.IGNORECASE)
COUNT_BEFORE_VERB = re.compile(rf"(?:(?<![\w.,/%-])(?<!\bof\s)(?P<k>\d{{1,4}}|{WORD_NUMBER})"
                               r"|\(\s*n\s*=\s*(?P<kn>\d{1,4})\s*\))$", re.IGNORECASE)
COUNT_BEFORE_CHARS = 24
# A bare number opening a clause, its verb right after it: patients, their noun left out ("..., four remain insulin
# free", "Of these, 12 relapsed")
CLAUSE_SUBJECT_COUNT = re.compile(rf"(?:^|[,;:]\s)(?P<k>\d{{1,3}}|{WORD_NUMBER})\s+(?:remain(?:ed|s)?|achieved|attained|"
                                  r"became|developed|experienced|relapsed|died|responded|showed|had|were)\b", re.IGNORECASE)
CLAUSE_VERBS = (" remain", " achieved", " attained", " became", " developed", " experienced", " relapsed", " died",
                " responded", " showed", " had ", " were ")  # one of which CLAUSE_SUBJECT_COUNT holds
# One patient of an arm, the arm's rate after it: "1 patient in group 3 (20.0%)", "one patient in the placebo group (17%)"
ONE_OF_ARM = re.compile(r"(?<![\w.,/])(?P<k>1|[Oo]ne)\s+(?:patient|subject|participant|case)"
                        r"(?=\s+(?:in|of|from)\s+[^,;()]{0,40}\(\s*\d+(?:\.\d+)?\s*%)")
SEPARATE = re.compile(r";|\band\b", re.IGNORECASE)  # between a count and a rate that are not one value
ROUNDING_PERCENT = 0.55  # a stated percentage may be rounded: k/n within this many points of it
CI_REACH = 40  # characters between a value and the CI that qualifies it
CI_ADJACENT = 3
STATED_NUMBER = re.compile(r"(?<![\w.,/-])\d+(?:\.\d+)?(?![\w/-])")  # not "C3", "T2", "NCT0123", "1/2"
FRACTION_REACH = 30  # characters from a rate to the bracketed fraction it stands for
RESTATED_REACH = 80  # characters from a count to the rate whose numerator restates it
