"""A power of ten whose superscript was lost and that stands alone ("106/kg") is 10^6."""

import pytest

from extractors.doses import parse_dose


@pytest.mark.parametrize(("text", "low", "high", "unit"), [
    ("106/kg bodyweight", 1e6, 1e6, "cells/kg"),
    ("(105/kg)", 1e5, 1e5, "cells/kg"),
    ("108 cells", 1e8, 1e8, "cells"),
    ("106–107 cells", 1e6, 1e7, "cells"),
    ("3 × 106/kg", 3e6, 3e6, "cells/kg"),  # a coefficient keeps its power
    ("100 cells/kg", 100.0, 100.0, "cells/kg"),  # 10 then 0 is no power
    ("1060 cells", 1060.0, 1060.0, "cells"),
])
def test_a_bare_power_of_ten(text, low, high, unit):
    dose = parse_dose(text)
    assert (dose.dose_min, dose.dose_max, dose.unit) == (low, high, unit)
