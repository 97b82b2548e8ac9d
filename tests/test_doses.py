import pytest

from extractors.doses import is_dose, parse_dose

# (cell text, dose_min, dose_max, unit); superscripts lost in scraping: "106" is 10^6.
DOSES = [
    ("1 × 106/kg", 1e6, 1e6, "cells/kg"),
    ("1 × 106/kg;", 1e6, 1e6, "cells/kg"),
    ("2.7 × 104/kg", 2.7e4, 2.7e4, "cells/kg"),
    ("106.8 × 106/kg", 1.068e8, 1.068e8, "cells/kg"),
    ("2.1–3.6 × 106/kg", 2.1e6, 3.6e6, "cells/kg"),
    ("1–2 × 106/kg", 1e6, 2e6, "cells/kg"),
    ("5.3 × 106 to 1 × 107 cells", 5.3e6, 1e7, "cells"),
    ("67.37 ± 7.65 × 106cells", 6.737e7, 6.737e7, "cells"),
    ("110 ± 23.1 × 106/cells", 1.1e8, 1.1e8, "cells"),
    ("≥ 1 × 106/kg", 1e6, None, "cells/kg"),
    ("40 × 106/joint", 4e7, 4e7, "cells/joint"),
    ("5.3 × 106/ml", 5.3e6, 5.3e6, "cells/ml"),
    ("2.5 × 107cell", 2.5e7, 2.5e7, "cells"),
    ("20 × 106/cells", 2e7, 2e7, "cells"),
    ("3–30 × 106/cells", 3e6, 3e7, "cells"),
    ("2 × 108;", 2e8, 2e8, "cells"),
    ("1\u2009×\u2009106/kg", 1e6, 1e6, "cells/kg"),  # thin spaces
    ("1\xa0×\xa0106/kg", 1e6, 1e6, "cells/kg"),  # no-break spaces
    ("1×10^6 cells/kg", 1e6, 1e6, "cells/kg"),
    ("1 x 10⁶/kg", 1e6, 1e6, "cells/kg"),
    ("1 million cells/kg", 1e6, 1e6, "cells/kg"),
    ("200,000 cells/kg", 2e5, 2e5, "cells/kg"),
    ("(1.3 ± 0.3) × 10^6 cells/kg", 1.3e6, 1.3e6, "cells/kg"),
    ("1.5E+06 cells/kg", 1.5e6, 1.5e6, "cells/kg"),
    ("up to 2 × 108 cells", None, 2e8, "cells"),
    ("Intranasal injection (1 × 108), intravenous transfusions (379 × 106, 234 × 106).", 1e8, 3.79e8, "cells"),
    # superscripts kept in brackets or behind a space, a dropped "×" spacing, "KG"
    ("3.0x10(6)/kg", 3e6, 3e6, "cells/kg"),
    ("2.0x10 (6)", 2e6, 2e6, "cells"),
    ("0.7 x 10(6)/kg", 7e5, 7e5, "cells/kg"),
    ("4-6x10(7)", 4e7, 6e7, "cells"),
    ("2.4x10(6)/KG", 2.4e6, 2.4e6, "cells/kg"),
    ("1 × 10 6/kg", 1e6, 1e6, "cells/kg"),
    ("3.5×109 cells", 3.5e9, 3.5e9, "cells"),
    ("5x107", 5e7, 5e7, "cells"),
    # a U+2212 minus as the range dash, a lower bound, mean ± SD
    ("4 − 8 × 106", 4e6, 8e6, "cells"),
    (">5 × 106", 5e6, None, "cells"),
    ("3.4 ± 0.9 × 107", 3.4e7, 3.4e7, "cells"),
    # dose levels listed before one shared power and unit
    ("3, 9×106 cells", 3e6, 9e6, "cells"),
    ("2.5, 5×108 cells", 2.5e8, 5e8, "cells"),
    ("3, 9×106 cell/ kg", 3e6, 9e6, "cells/kg"),
    # doses in prose: a unit written once after them applies to each
    ("2.2x10 (6) (range, 0.6-7x10 (6)) cells per kg", 6e5, 7e6, "cells/kg"),
    ("From 0.6x10(6) to 2.5x10(6) per kg depending on the cells expanded", 6e5, 2.5e6, "cells/kg"),
    ("The median dose given was 1.3 x 10(6)/kg (range 0.7-1.9).", 1.3e6, 1.3e6, "cells/kg"),
    ("PB-MNCs (84.2 × 106)+WJ-MSCs (2.3 × 106)", 2.3e6, 8.42e7, "cells"),
]


@pytest.mark.parametrize(("text", "low", "high", "unit"), DOSES)
def test_dose(text, low, high, unit):
    dose = parse_dose(text)
    assert dose is not None
    assert dose.dose_min == pytest.approx(low) if low is not None else dose.dose_min is None
    assert dose.dose_max == pytest.approx(high) if high is not None else dose.dose_max is None
    assert dose.unit == unit


@pytest.mark.parametrize("text", ["Unknown", "NR", "N/A", "–", "", "not reported", "20", "Clinical efficacy",
                                  "x10(7)/kg",  # the coefficient lost: no dose, not 6 cells/kg
                                  "17/19 E8",  # a count and a group label glued to its footnote, not 17 × 10^8
                                  "1, 3, 6, 24"])
def test_no_dose(text):
    assert parse_dose(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("4 × 106/kg", True), ("6 × 108/cells", True), ("9 4 × 106/kg", False), ("BM-MNC 106.8 × 106/kg", False),
    ("hUC-MSC", False), ("Seven patients relapse after 6 months", False),
    ("3, 9×106 cells", True), ("41.5x10(6)", True), ("2.2X10(8) 3.5X10(6)", False),
])
def test_is_dose(text, expected):
    assert is_dose(text) is expected
