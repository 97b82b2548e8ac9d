"""Cell doses as printed in trial tables, read into numbers.

Scraped text loses superscripts, so "1 × 106/kg" is 1 × 10^6 cells/kg and "2.7 × 104/kg" is
2.7 × 10^4. A range gives both ends ("2.1–3.6 × 106/kg", "5.3 × 106 to 1 × 107 cells"), a mean
± SD gives the mean, "≥ x" gives a minimum only.
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
    r"(?:{exp}|\s*[eE](?P<e{i}>[+-]?\d{{1,2}})\b|{mult})?"
)
_RANGE_SEP = r"\s*(?:–|—|-|~|to)\s*"
_QUALIFIER = r"(?<![\w.])(?:(?P<qual>≥|>=|≤|<=|>|<|up to|at least|approximately|approx\.?|about|~)\s*)?"
_PER = r"(?:/|\bper\b|\bcells?\s*/)\s*(?P<per>kg|kilograms?|joint|knee|ml|mL|L\b|cm2|lesion|fistula)"
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


def normalise(text: str) -> str:
    """Unicode variants of the symbols doses are written with, made plain."""
    text = text.translate(SUPERSCRIPTS).replace("−", "-").replace("\u2009", " ").replace("\xa0", " ")
    text = re.sub(r"10\s*\^\s*\(?(-?\d+)\)?", r"10^\1", text)
    return text


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
    unit = _PER_UNITS.get(per.lower(), "cells") if per else "cells"
    if m.group("num2"):
        second = _number(m.group("num2")) * (scale2 or scale1 or 1.0)
        low, high = sorted((first, second))
    else:
        low = high = first
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
    found = []
    for m in DOSE.finditer(plain):
        dose = _read(m)
        if dose is not None:
            written = text[m.start():m.end()].strip().lstrip("(")
            found.append((m.start(), m.end(), Dose(written, *_fields(dose))))
    return tuple(found)


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
        return doses[0]
    lows = [d.dose_min for d in doses if d.dose_min is not None]
    highs = [d.dose_max for d in doses if d.dose_max is not None]
    text = ", ".join(d.text.strip("();, ") for d in doses)
    return Dose(text, min(lows) if lows else None, max(highs) if highs else None, doses[0].unit)


@lru_cache(maxsize=16384)
def is_dose(text: str) -> bool:
    """True when the whole of `text` is one dose expression (a table cell of its own)."""
    plain = normalise(text.strip().rstrip(";,."))
    m = DOSE.fullmatch(plain)
    return bool(m and _read(m))
