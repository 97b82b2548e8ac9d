"""Numeric results stated in prose: rates, counts, means ± SD, with their measure, intervention
and timepoint, each tied to the sentence it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.document import Finding
from extractors.doses import find_doses
from extractors.vocabulary import Mention, lexicon

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
                     "ninety": 90, "hundred": 100, "a": 1, "an": 1})
_WORD = r"(?:\d+|" + "|".join(w for w in NUMBER_WORDS if len(w) > 2) + ")"
_NUM = r"\d+(?:\.\d+)?"
_PM = r"\s*(?:±|\+/-|\+/−|\+-)\s*"
_UNITS = (r"mg/24\s?h(?:ours?)?|g/24\s?h(?:ours?)?|mg/d(?:ay)?|g/d(?:ay)?|mg/dL|g/dL|g/L|mg/L|"
          r"mL/min(?:/1\.73\s?m2)?|ml/min(?:/1\.73\s?m2)?|IU/mL|U/mL|IU/ml|months?|years?|weeks?|days?|points?")
_UNIT_NAMES = {"mg/24h": "mg/24h", "g/24h": "g/24h", "month": "months", "year": "years", "week": "weeks",
               "day": "days", "point": "points"}

MEAN_SD = re.compile(rf"(?P<v>{_NUM})\s*(?P<p1>%)?{_PM}(?P<sd>{_NUM})\s*(?P<p2>%)?\s*(?P<unit>{_UNITS})?(?![\w/])")
PERCENT = re.compile(rf"(?P<v>{_NUM})\s*%(?!\s*(?:CI|confidence))")
RATIO = re.compile(r"\(\s*(?P<k>\d+)\s*(?:/|of|out of)\s*(?P<n>\d+)\s*(?:patients)?\s*\)")
RATIO_BEFORE = re.compile(rf"(?P<k>{_WORD})\s*(?:/|of|out of)\s*(?P<n>\d+)(?:\s+(?:patients|subjects|cases))?\s*\(\s*$",
                          re.IGNORECASE)
IN_N_K_HAD = re.compile(rf"\bin\s+(?P<n>{_WORD})\s+(?:patients|subjects|participants|cases)\s*,?\s*"
                        rf"(?P<k>{_WORD})\s+(?:had|have|developed|achieved|showed|experienced|relapsed|died)\b",
                        re.IGNORECASE)
K_OF_N = re.compile(rf"\b(?P<k>{_WORD})\s+(?:of|out of)\s+(?:the\s+)?(?P<n>{_WORD})\s+(?:patients|subjects|cases)\b",
                    re.IGNORECASE)
COUNT = re.compile(rf"(?<![\w.,/])(?P<k>{_WORD})\s+(?:[\w-]+\s+){{0,3}}?(?:patients|subjects|participants|"
                   r"individuals|children|adults|cases)\b", re.IGNORECASE)
FOLLOW_UP = re.compile(r"follow[\s-]?up(?:\s+(?:period|duration|time))?\s+(?:was|of|lasted|:)\s+(?:a\s+)?"
                       r"(?:(?:median|mean|average)\s+(?:of\s+)?)?(?P<v>\d+(?:\.\d+)?)\s*(?P<u>months?|years?|weeks?)\b",
                       re.IGNORECASE)
COUNT_BEFORE = re.compile(r"(?<![\d.])(?P<k>\d+)\s*(?:patients\s*)?\(\s*$")
ENROLLED_BEFORE = re.compile(r"^(?:enrolled|recruited|included|randomi[sz]ed)\s+(?:a\s+total\s+of\s+)?$", re.IGNORECASE)
SAMPLE_N = re.compile(r"\bn\s*=\s*(\d+)", re.IGNORECASE)
DATES = re.compile(r"\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|"
                   r"November|December)\b|\b(?:19|20)\d{2}\b|\b[pP]\s*[<=>≤]\s*0?\.\d+|\b95\s*%\s*(?:CI|confidence)"
                   r"|\baged?\s+\d+(?:\s*[–-]\s*\d+)?")
TIMEPOINT = re.compile(
    rf"(?P<n>{_NUM}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)"
    r"[\s-]*(?P<u>years?|months?|weeks?|days?|yr|mo)\b['’]?"
    r"|\b(?P<u2>month|week|day|year)\s+(?P<n2>\d+)\b"
    r"|\b(?P<first>(?:the\s+)?(?:first\s+)?year\s+(?:following|after)|one\s+year\s+after)"
    r"|\b(?P<base>baseline|before\s+(?:treatment|transplantation|MSCT|HSCT|infusion|therapy)|pre-?treatment)",
    re.IGNORECASE,
)
_MONTHS_PER = {"y": 12.0, "m": 1.0, "w": 12.0 / 52.0, "d": 12.0 / 365.25}
INTERVENTIONS = (
    ("HSCT", re.compile(r"\bA?HSCT\b|\bauto-?HSCT\b|ha?ematopoietic stem cells?|\bHSC transplant", re.IGNORECASE)),
    ("MSCT", re.compile(r"MSC|mesenchymal|stromal cells?", re.IGNORECASE)),
    # stem cells of a kind not named: the prose is about a stem-cell therapy, which one unknown
    (None, re.compile(r"(?<!mesenchymal\s)(?<!hematopoietic\s)(?<!haematopoietic\s)\bstem[\s-]cells?\b",
                      re.IGNORECASE)),
)
UNNAMED = "stem cells"  # the context when the prose names stem cells but not which
BACKGROUND = re.compile(r"\b(?:prevalence|incidence|affects?|worldwide|people with|roughly|estimated|"
                        r"population|general)\b", re.IGNORECASE)
CONTROL = re.compile(r"\b(?:placebo|control(?:s| group| arm)?|standard (?:of )?care|conventional (?:therapy|treatment))\b",
                     re.IGNORECASE)
NEGATION = re.compile(r"\b(?:no|not|without|failed to|none)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_CLAUSE_GAP = re.compile(r"[,;]|\band\b|\bor\b|\bwhile\b|\bwhereas\b", re.IGNORECASE)
_ABBREVIATIONS = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bFig|\bapprox|\bNo|\bDr|\bref|\b[A-Z])\.$")


@dataclass
class Value:
    start: int
    end: int
    kind: str  # "percent", "mean_sd", "ratio", "count", "duration"
    value: float | None
    unit: str | None = None
    sd: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    baseline: bool = False
    n: int | None = None


def number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end]: split at sentence-final punctuation and at hard line
    breaks (after a full stop, a colon or a short line such as a heading, or before a list
    item); a line that wraps mid-sentence, as PDF text does, continues the sentence."""
    end = len(text) if end is None else end
    spans, cut = [], start
    for m in re.finditer(r"[.!?](?=\s+(?:[A-Z0-9(“\"•]|[a-z]{1,2}[A-Z]))|\n", text[start:end]):
        stop = start + m.end()
        if m.group(0) == "\n":
            if _soft_wrap(text, cut, stop - 1):
                continue
            spans.append((cut, stop - 1))
        elif not _ABBREVIATIONS.search(text[max(cut, stop - 8):stop]):
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


def _soft_wrap(text: str, line_from: int, newline: int) -> bool:
    """True when the line break at `newline` falls inside a sentence."""
    line_start = text.rfind("\n", 0, newline) + 1
    previous = text[max(line_start, line_from):newline].rstrip()
    following = text[newline + 1:newline + 3].lstrip()
    first = following[:1]
    if previous.endswith((".", "!", "?", ":", ";")) or first in ("•", "-", "*", ""):
        return False
    if first.islower() or first in "(%×":
        return True
    return len(text[line_start:newline].strip()) >= 50 and not first.isdigit()


def timepoints(sentence: str) -> list[tuple[int, int, float]]:
    """(start, end, months) of every timepoint phrase in a sentence."""
    found = []
    for m in TIMEPOINT.finditer(sentence):
        if m.group("base"):
            months = 0.0
        elif m.group("first"):
            months = 12.0
        else:
            raw, unit = (m.group("n"), m.group("u")) if m.group("n") else (m.group("n2"), m.group("u2"))
            amount = float(raw) if raw[0].isdigit() else float({**NUMBER_WORDS, "twenty-four": 24}[raw.lower()])
            months = round(amount * _MONTHS_PER[unit[0].lower()], 2)
        found.append((m.start(), m.end(), months))
    return found


class _Sentence:
    def __init__(self, text: str, cohorts: tuple[int, ...] = ()):
        self.text = text
        self.cohorts = cohorts  # patient counts the document gave earlier: candidate denominators
        self.mask = bytearray(len(text))
        for m in DATES.finditer(text):
            self._take(m.start(), m.end())
        for start, end, _ in find_doses(text):
            self._take(start, end)

    def _take(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def free(self, start: int, end: int) -> bool:
        return not any(self.mask[start:end])

    def values(self) -> list[Value]:
        """Every reported number of the sentence, each once, most specific form first."""
        found = self._mean_sds() + self._follow_ups()
        found += [self._percent(m) for m in PERCENT.finditer(self.text) if self.free(m.start(), m.end())]
        found += self._ratios() + self._counts()
        self._pair_from_to(found)
        return self._merge_count_and_rate(sorted(found, key=lambda v: v.start))

    def _mean_sds(self) -> list[Value]:
        found = []
        for m in MEAN_SD.finditer(self.text):
            if self.free(m.start(), m.end()):
                unit = "%" if m.group("p1") or m.group("p2") else _unit(m.group("unit"))
                found.append(Value(m.start(), m.end(), "mean_sd", float(m.group("v")), unit, float(m.group("sd"))))
                self._take(m.start(), m.end())
        return found

    def _follow_ups(self) -> list[Value]:
        found = []
        for m in FOLLOW_UP.finditer(self.text):
            if self.free(m.start("v"), m.end()):
                found.append(Value(m.start("v"), m.end(), "duration", float(m.group("v")), _unit(m.group("u"))))
                self._take(m.start("v"), m.end())
        return found

    def _ratios(self) -> list[Value]:
        found = []
        for pattern in (IN_N_K_HAD, K_OF_N):
            for m in pattern.finditer(self.text):
                k, n = number(m.group("k")), number(m.group("n"))
                if self.free(m.start(), m.end()) and k <= n:
                    found.append(Value(m.start("k"), m.end("k"), "ratio", None, None, numerator=k, denominator=n))
                    self._take(m.start(), m.end())
        return found

    def _counts(self) -> list[Value]:
        found = []
        for m in COUNT.finditer(self.text):
            if self.free(m.start("k"), m.end("k")) and m.group("k").lower() not in ("a", "an"):
                found.append(Value(m.start("k"), m.end(), "count", float(number(m.group("k"))), "patients"))
                self._take(m.start("k"), m.end("k"))
        return found

    def _merge_count_and_rate(self, found: list[Value]) -> list[Value]:
        """"Thirteen patients achieved MCR (32.5%)": one finding, the count its numerator."""
        merged: list[Value] = []
        for value in found:
            previous = merged[-1] if merged else None
            if (previous and previous.kind == "count" and value.kind == "percent" and value.numerator is None
                    and value.start - previous.end <= 60 and not re.search(r"[;]|\band\b", self.text[previous.end:value.start])):
                k = int(previous.value or 0)
                value.numerator, value.denominator = self._count_of(k, value.value or 0.0)
                if value.denominator is None:
                    value.numerator = None
                value.start = previous.start
                merged[-1] = value
                continue
            merged.append(value)
        return merged

    def _percent(self, m: re.Match[str]) -> Value:
        value = Value(m.start(), m.end(), "percent", float(m.group("v")), "%")
        self._take(m.start(), m.end())
        after = RATIO.search(self.text, m.end(), min(len(self.text), m.end() + 30))
        if after and self.free(after.start(), after.end()) and not PERCENT.search(self.text, m.end(), after.start()):
            value.numerator, value.denominator = int(after.group("k")), int(after.group("n"))
            self._take(after.start(), after.end())
            return value
        window = max(0, m.start() - 30)
        before = RATIO_BEFORE.search(self.text[window:m.start()])
        if before:
            value.numerator, value.denominator = number(before.group("k")), int(before.group("n"))
            self._take(window + before.start(), window + before.end())
            value.start = window + before.start()
            return value
        count = COUNT_BEFORE.search(self.text[window:m.start()])
        if count:
            value.numerator, value.denominator = self._count_of(int(count.group("k")), value.value or 0.0)
            if value.denominator is not None:
                self._take(window + count.start(), window + count.end())
            else:
                value.numerator = None
        return value

    def _count_of(self, k: int, percent: float) -> tuple[int, int | None]:
        """"13 (32.5%)": the denominator is a number the sentence (or, failing that, an earlier
        enrolment figure of the document) states that gives that percentage."""
        stated = [int(m.group(1)) for m in re.finditer(r"(?<![\d.])(\d+)(?![\d.%])", self.text)
                  if self.free(m.start(), m.end())]
        for n in [*stated, *self.cohorts]:
            if n >= k and n > 0 and abs(100.0 * k / n - percent) <= 0.55:
                return k, n
        return k, None

    def _pair_from_to(self, found: list[Value]) -> None:
        """"from X to Y": X is the baseline value and Y carries X's unit when X states none."""
        ordered = sorted(found, key=lambda v: v.start)
        for first, second in zip(ordered, ordered[1:], strict=False):
            lead = self.text[max(0, first.start - 6):first.start].lower()
            gap = self.text[first.end:second.start].strip().lower()
            if "from" in lead and gap == "to" and first.kind == second.kind:
                first.baseline = True
                first.unit = first.unit or second.unit


def _unit(raw: str | None) -> str | None:
    if not raw:
        return None
    key = re.sub(r"\s+", "", raw).rstrip("s")
    key = re.sub(r"ours?$", "", key) if key.startswith(("mg/24h", "g/24h")) else key
    return _UNIT_NAMES.get(key.lower(), _UNIT_NAMES.get(key, raw.strip()))


def measure_fits(kind: str | None, value: Value) -> bool:
    """Whether a measure of this kind can be what a value of this form reports."""
    if value.kind == "duration":
        return kind == "duration"
    if value.kind == "mean_sd":
        return kind in ("continuous", "duration") or (value.unit == "%" and kind == "event")
    if value.kind == "count":
        return kind in ("event", "count")
    return kind == "event"


def intervention_mentions(sentence: str) -> list[tuple[int, str]]:
    """(position, code) of each intervention the sentence names; UNNAMED for stem cells of no kind."""
    return sorted((m.start(), code or UNNAMED) for code, pattern in INTERVENTIONS for m in pattern.finditer(sentence))


class FindingExtractor:
    """Reads the findings of one document's prose."""

    def __init__(self, doc_id: str, source_file: str):
        self.doc_id, self.source_file = doc_id, source_file
        self.measures = lexicon("measure")
        self.context: str | None = None  # the intervention the prose is about so far
        self.cohorts: list[int] = []  # enrolment counts met so far

    def extract(self, text: str, spans: list[tuple[int, int]]) -> list[Finding]:
        out: list[Finding] = []
        seen: set[tuple] = set()
        for start, end in spans:
            for finding in self.sentence(text, start, end):
                key = (finding.measure, finding.intervention, finding.timepoint_months, finding.value, finding.sd,
                       finding.numerator, finding.denominator, finding.unit)
                if key not in seen:  # an abstract restating its own figure is one finding
                    seen.add(key)
                    out.append(finding)
        return out

    def sentence(self, text: str, start: int, end: int) -> list[Finding]:
        sentence = text[start:end]
        mentions = intervention_mentions(sentence)
        context = self.context
        if mentions:
            named = [code for _, code in mentions if code != UNNAMED]
            self.context = named[-1] if named else (self.context or UNNAMED)
        if not mentions and (context is None or BACKGROUND.search(sentence)):
            return []
        parsed = _Sentence(sentence, tuple(self.cohorts))
        values = parsed.values()
        if not values:
            return []
        measures = [m for m in self.measures.find(sentence) if parsed.free(m.start, m.end)]
        times = [t for t in timepoints(sentence) if parsed.free(t[0], t[1])]
        sample = SAMPLE_N.search(sentence)
        findings = []
        for k, value in enumerate(values):
            nxt = values[k + 1].start if k + 1 < len(values) else len(sentence)
            prev = values[k - 1].end if k else 0
            measure = self._measure(sentence, value, measures, prev, nxt)
            if measure is None or CONTROL.search(sentence[value.end:nxt][:40]):
                continue  # no measure, or a figure of the control arm
            findings.append(self._finding(text, start, end, value, measure, mentions, context,
                                          self._timepoint(value, measure, times, prev, nxt),
                                          int(sample.group(1)) if sample else None))
            if measure.code == "enrolled" and value.value:
                self.cohorts.append(int(value.value))
        self.cohorts.extend(int(m.group(1)) for m in SAMPLE_N.finditer(sentence))
        return findings

    def _measure(self, sentence: str, value: Value, measures: list[Mention], prev: int, nxt: int) -> Mention | None:
        def fits(m: Mention) -> bool:
            return measure_fits(self.measures.info[m.code].get("kind"), value)

        inside = [m for m in measures if value.start <= m.start and m.end <= value.end and fits(m)]
        if inside:  # a count and its rate read as one value: the measure between them
            return None if NEGATION.search(sentence[max(0, inside[0].start - 25):inside[0].start]) else inside[0]
        after = next((m for m in measures if m.start >= value.end and m.start < nxt), None)
        named_before = value.kind == "mean_sd" and any(m.end <= value.start and fits(m) for m in measures)
        if after and fits(after) and not named_before and not _CLAUSE_GAP.search(sentence[value.end:after.start]) \
                and after.start - value.end <= 50:
            chosen = after
        else:
            before = [m for m in measures if m.end <= value.start and fits(m)]
            chosen = before[-1] if before else None
            if chosen is None and value.kind == "count":
                return None
            if chosen is None and after and fits(after) and after.start - value.end <= 30:
                chosen = after
        if chosen is None:
            return None
        if NEGATION.search(sentence[max(0, chosen.start - 25):chosen.start]):
            return None
        kind = self.measures.info[chosen.code].get("kind")
        if value.kind == "count" and kind == "count" and chosen.start < value.start \
                and not ENROLLED_BEFORE.search(sentence[chosen.start:value.start]):
            return None  # "enrolled" follows the count it counts, or stands just before it
        if kind == "duration" and value.unit not in ("months", "years", "weeks", "days"):
            return None
        return chosen

    def _timepoint(self, value: Value, measure: Mention, times: list[tuple[int, int, float]],
                   prev: int, nxt: int) -> float | None:
        kind = self.measures.info[measure.code].get("kind")
        if kind in ("count", "duration"):
            return None
        if value.baseline:
            return 0.0
        after = [t for t in times if value.end <= t[0] < nxt and t[0] - value.end <= 30]
        if after:
            return after[0][2]
        before = [t for t in times if prev <= t[1] <= value.start]
        if before:
            return before[-1][2]
        return times[0][2] if times else None

    def _finding(self, text: str, start: int, end: int, value: Value, measure: Mention,
                 mentions: list[tuple[int, str]], context: str | None, months: float | None,
                 sample: int | None) -> Finding:
        named = [(pos, code) for pos, code in mentions if code != UNNAMED] or mentions
        before = [code for pos, code in named if pos <= value.start]
        intervention = before[-1] if before else (named[0][1] if named else context)
        if intervention == UNNAMED:
            intervention = None
        info = self.measures.info[measure.code]
        unit = value.unit
        if value.kind == "mean_sd" and unit is None:
            unit = info.get("unit")
        n = value.n or (sample if value.kind in ("mean_sd",) else None)
        return Finding(
            doc_id=self.doc_id,
            source_file=self.source_file,
            intervention=intervention,
            measure=measure.code,
            measure_text=measure.text,
            timepoint_months=months,
            value=value.value,
            unit=unit,
            sd=value.sd,
            n=n,
            numerator=value.numerator,
            denominator=value.denominator,
            evidence_text=text[start:end],
            char_start=start,
            char_end=end,
        )
