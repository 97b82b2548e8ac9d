"""Cell doses as printed in trial tables, read into numbers.

Scraped text loses superscripts, so "1 × 106/kg" is 1 × 10^6 cells/kg and "2.7 × 104/kg" is
2.7 × 10^4; where the superscript was kept in brackets or behind a space it reads the same
("1.0x10(6)/kg", "1.4x10 (6)", "10 6"). A range gives both ends ("2.1–3.6 × 106/kg", "5.3 × 106 to
1 × 107 cells", a minus sign as the dash), a mean ± SD gives the mean, "≥ x" gives a minimum only,
and dose levels listed before one shared power ("2, 8 × 106 cells") give the lowest and the highest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
NOT_STATED = re.compile(
    r"^(?:unknown|unk|n/?a|n\.?r\.?|not (?:reported|stated|available|found|mentioned)|nd|-|–|—|/)?[.;,]?$",
    re.IGNORECASE,
)

_NUM = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
_EXP = r"\s*[×xX*]\s*10\s*(?:\^\s*|[eE]\s*)?(?P<exp{i}>-?\d{{1,2}})"
_MULT = r"\s*(?P<mult{i}>million|billion|thousand|[mM]illion)\b"
_VALUE = (
    r"(?:\(\s*)?(?P<num{i}>{num})(?:\s*(?:±|\+/-|\+/−|\+-)\s*(?P<sd{i}>{num}))?(?:\s*\))?"
    r"(?:{exp}|[eE](?P<e{i}>[+-]?\d{{1,2}})\b|{mult})?"
)
_RANGE_SEP = r"\s*(?:–|—|-|~|to)\s*"
_QUALIFIER = r"(?<![\w.^])(?:(?P<qual>≥|>=|≤|<=|>|<|up to|at least|approximately|approx\.?|about|~)\s*)?"
_PER = r"(?:/|\bper\b|\bcells?\s*/)\s*(?P<per>kg|KG|Kg|kilograms?|joint|knee|ml|mL|L\b|cm2|lesion|fistula)"
_UNIT = rf"(?:\s*(?:cells?|MSCs?|CD34\+\s*cells)?\s*{_PER}|\s*/?\s*(?P<cells>cells?\b|MSCs?\b))?"


def _value(i: int) -> str:
    return _VALUE.format(i=i, num=_NUM, exp=_EXP.format(i=i), mult=_MULT.format(i=i))


DOSE = re.compile(rf"{_QUALIFIER}{_value(1)}(?:{_RANGE_SEP}{_value(2)})?{_UNIT}")

_PER_UNITS = {"kg": "cells/kg", "kilogram": "cells/kg", "kilograms": "cells/kg", "joint": "cells/joint",
              "knee": "cells/joint", "ml": "cells/ml", "l": "cells/l", "cm2": "cells/cm2",
              "lesion": "cells/lesion", "fistula": "cells/fistula"}
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


@dataclass(frozen=True)
class Dose:
    text: str
    dose_min: float | None
    dose_max: float | None
    unit: str | None


# A power of ten whose exponent kept a caret or brackets: "10^6", "10 ^ (6)", "x10(6)", "× 10 (6)"
# (brackets alone only after a multiplication sign, so "10 (6 SLE)" stays a count).
_CARET_POWER = re.compile(r"10\s*\^\s*\(?\s*(-?\d{1,2})\s*\)?")
_BRACKET_POWER = re.compile(r"(?<=[×xX*])\s*10\s*\(\s*(-?\d{1,2})\s*\)")
# Dose levels listed before one shared power and unit: "2, 8 × 106 cells", "1.5, 3 × 108", "2 or 4 × 107",
# each perhaps with its own sign of multiplication: "1*, 3*, or 9* 10^7 cells".
_LEVELS_BEFORE = re.compile(r"(?<![\w.,/])((?:\d+(?:\.\d+)?\s*[*×]?\s*(?:,\s*(?:or|and)\b|,|/|&|\bor\b|\band\b)\s*)+)$")
LEVELS_REACH = 40  # characters before a dose searched for its listed levels
# A unit written once after the doses of a cell ("... 0.4-9x10 (6)) cells per kg") applies to them.
_TRAILING_PER = re.compile(r"^[\s)\]]*(?:cells?|MSCs?)?\s*(?:/|\bper\b)\s*(kg|kilograms?)\b", re.IGNORECASE)


def _power(m: re.Match[str]) -> str:
    """A matched power of ten as "10^N", padded in front with spaces to the length it had, so that
    spans found in the normalised text are spans of the text and end where they end."""
    return f"10^{m.group(1)}".rjust(len(m.group(0)))


def normalise(text: str) -> str:
    """Unicode variants of the symbols doses are written with, made plain; of the same length."""
    text = text.translate(SUPERSCRIPTS).replace("−", "-").replace("\u2009", " ").replace("\xa0", " ")
    if "^" in text:
        text = _CARET_POWER.sub(_power, text)
    if "10" in text and "(" in text:
        text = _BRACKET_POWER.sub(_power, text)
    return text


def mentions_power(text: str) -> bool:
    """True when `text` writes a power of ten with a caret or brackets, coefficient or not ("x10(6)/kg")."""
    return "^" in normalise(text)


FEWEST_CELLS = 1000  # a dose in cells with no power, multiplier or per-unit counts at least this many

# A bare power of ten that lost its superscript ("106/kg" for 10^6/kg): no cell dose is 103 to 109 cells.
_LOST_POWER = re.compile(r"10[3-9]")


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _scale(m: re.Match[str], i: int) -> float | None:
    if m.group(f"exp{i}") is not None:
        return 10.0 ** int(m.group(f"exp{i}"))
    if m.group(f"e{i}") is not None:
        return 10.0 ** int(m.group(f"e{i}"))
    if m.group(f"mult{i}") is not None:
        return _MULTIPLIERS[m.group(f"mult{i}").lower()]
    return None


def _read(m: re.Match[str]) -> Dose | None:
    scale1, scale2 = _scale(m, 1), _scale(m, 2) if m.group("num2") else None
    per, cells = m.group("per"), m.group("cells")
    if scale1 is None and scale2 is None and not per and not cells:
        return None  # a bare number is not a dose
    first = _number(m.group("num1")) * (scale1 or scale2 or 1.0)
    if scale1 is None and scale2 is None and _LOST_POWER.fullmatch(m.group("num1")):
        first = 10.0 ** int(m.group("num1")[2:])  # "106/kg": a power of ten whose superscript was lost
    unit = _PER_UNITS.get(per.lower(), "cells") if per else "cells"
    if m.group("num2"):
        second = _number(m.group("num2")) * (scale2 or scale1 or 1.0)
        if scale1 is None and scale2 is None and _LOST_POWER.fullmatch(m.group("num2")):
            second = 10.0 ** int(m.group("num2")[2:])
        low, high = sorted((first, second))
    else:
        low = high = first
    if not per and scale1 is None and scale2 is None and max(low, high) < FEWEST_CELLS:
        return None  # "12 MSC", "(43/10) MSC": a count or a ratio before the therapy's name, not cells given
    qualifier = (m.group("qual") or "").lower()
    if qualifier in ("≥", ">=", ">", "at least"):
        high = None
    elif qualifier in ("≤", "<=", "<", "up to"):
        low = None
    return Dose(m.group(0).strip(), low, high, unit)


@lru_cache(maxsize=16384)
def find_doses(text: str) -> tuple[tuple[int, int, Dose], ...]:
    """Every dose in `text` with its character span (spans refer to `text` itself)."""
    plain = normalise(text)
    found: list[tuple[int, int, Dose]] = []
    for m in DOSE.finditer(plain):
        dose = _read(m)
        if dose is not None:
            start, dose = _with_levels(plain, m, dose, found[-1][1] if found else 0)
            written = text[start:m.end()].strip().lstrip("(")
            found.append((start, m.end(), Dose(written, *_fields(dose))))
    return tuple(found)


def _with_levels(plain: str, m: re.Match[str], dose: Dose, previous_end: int) -> tuple[int, Dose]:
    """A dose with the levels listed before it sharing its power ("2, 8 × 106 cells" -> 2–8 × 10^6),
    and where it starts. Numbers that end an earlier dose ("379 × 106, 234 × 106") are no levels."""
    scale = _scale(m, 1)
    if scale is None or m.group("num2") or m.group("qual") or m.group("sd1"):
        return m.start(), dose
    reach = max(previous_end, m.start() - LEVELS_REACH)
    listed = _LEVELS_BEFORE.search(plain[reach:m.start()])
    if not listed or plain[:reach + listed.start()].rstrip().endswith(("×", "x", "X", "*", "^")):
        return m.start(), dose
    levels = [_number(n) * scale for n in re.findall(r"\d+(?:\.\d+)?", listed.group(1))]
    values = levels + [v for v in (dose.dose_min, dose.dose_max) if v is not None]
    return reach + listed.start(), Dose(dose.text, min(values), max(values), dose.unit)


def _fields(dose: Dose) -> tuple[float | None, float | None, str | None]:
    return dose.dose_min, dose.dose_max, dose.unit


def parse_dose(text: str) -> Dose | None:
    """The dose a table cell states; None when the cell states none ("Unknown").

    A cell with several doses ("1 × 108 intranasal, 379 × 106 intravenous") gives the
    smallest and the largest of them.
    """
    cleaned = text.strip()
    if NOT_STATED.match(cleaned):
        return None
    doses = [d for _, _, d in find_doses(cleaned)]
    if not doses:
        return None
    if len(doses) == 1:
        return _one_dose(cleaned, doses[0])
    lows = [d.dose_min for d in doses if d.dose_min is not None]
    highs = [d.dose_max for d in doses if d.dose_max is not None]
    text = ", ".join(_balanced(d.text) for d in doses)
    return Dose(text, min(lows) if lows else None, max(highs) if highs else None, _shared_unit(cleaned, doses))


def _balanced(text: str) -> str:
    """A dose's text without the punctuation and the unpaired brackets around it."""
    text = text.strip(";, ")
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    return text.lstrip("(") if text.count("(") > text.count(")") else text


def _shared_unit(text: str, doses: list[Dose]) -> str | None:
    """The unit of several doses in one cell: the first one's, unless only a per-kg unit written
    after the last dose names one ("1.4 × 106 (range 0.4–9 × 106) cells per kg")."""
    per_kg = next((d.unit for d in doses if d.unit == "cells/kg"), None)
    if per_kg or doses[0].unit != "cells":
        return per_kg or doses[0].unit
    last_end = find_doses(text)[-1][1]
    return "cells/kg" if _TRAILING_PER.match(normalise(text)[last_end:]) else doses[0].unit


def _one_dose(text: str, dose: Dose) -> Dose:
    if dose.unit == "cells" and _TRAILING_PER.match(normalise(text)[find_doses(text)[-1][1]:]):
        return Dose(dose.text, dose.dose_min, dose.dose_max, "cells/kg")
    return dose


# A dose cell writing millions of cells with "M" ("6-30M", "3 M", "0.7 M, 1.4 M, 2.8 M", "5, 10 and 24 M
# cells"). Read so only as a whole cell of a dose column: elsewhere "12 M" is twelve months.
_M_VALUE = r"\d+(?:\.\d+)?(?:\s*[–-]\s*\d+(?:\.\d+)?)?"
_MILLIONS_CELL = re.compile(rf"^\s*(?:{_M_VALUE}\s*M?\s*(?:,|/|&|\bor\b|\band\b)\s*(?:and\s+|or\s+)?)*{_M_VALUE}\s*M(?![A-Za-z])"
                            rf"(?:\s*cells?\b)?")


def millions_cell(text: str) -> Dose | None:
    """The dose of a dose column's cell that writes millions with "M"; None for any other cell."""
    m = _MILLIONS_CELL.match(text)
    rest = text[m.end():].strip() if m else ""
    if not m or rest and not rest.startswith(("(", ";", ",")):
        return None
    numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", m.group(0))]
    return Dose(m.group(0).strip(), min(numbers) * 1e6, max(numbers) * 1e6, "cells")


@lru_cache(maxsize=16384)
def is_dose(text: str) -> bool:
    """True when the whole of `text` is one dose expression (a table cell of its own), dose levels
    sharing one power included ("2, 8×106 cells")."""
    stripped = text.strip().rstrip(";,.")
    plain = normalise(stripped)
    m = DOSE.fullmatch(plain)
    if m and _read(m):
        return True
    found = find_doses(stripped)
    return len(found) == 1 and found[0][0] == 0 and found[0][1] >= len(plain.rstrip())
