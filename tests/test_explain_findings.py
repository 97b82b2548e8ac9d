"""`evidence findings FILE`: the findings sentence by sentence, with the words each field came
from, and each sentence with numbers that gave none, and why."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from extractors.explain import explain_findings
from extractors.readers import read

ROOT = Path(__file__).resolve().parents[1]

ABSTRACT = """Umbilical cord mesenchymal stem cells in refractory lupus nephritis

Abstract
Background: Lupus nephritis affects up to 60% of adults with lupus.
Methods: Twenty-four patients with refractory lupus nephritis received two infusions of umbilical cord MSCs.
Results: At week 24, 14 of 24 patients (58%) achieved a renal response. Three patients were seen on 2 visits each.
By month 12, relapse occurred in 3 of the 14 responders.
"""


def explained(tmp_path) -> str:
    path = tmp_path / "abstract.txt"
    path.write_text(ABSTRACT, encoding="utf-8")
    return explain_findings(read(path, "abstract.txt"))


def test_each_finding_shows_its_fields_and_the_words_they_came_from(tmp_path):
    text = explained(tmp_path)
    assert "response = 58 % (14/24), MSCT, at 5.54 months ('At week 24'), level" in text
    assert "measure named 'renal response'" in text
    assert "enrolled = 24 patients" in text


def test_a_subgroup_denominator_is_shown(tmp_path):
    assert "among responders" in explained(tmp_path)


def test_a_sentence_with_numbers_that_gave_none_says_why(tmp_path):
    text = explained(tmp_path)
    visits = text.split("Three patients were seen on 2 visits each.")[1].split("\n")[1]
    assert visits.strip().startswith("no finding:")


def test_the_command_prints_it_and_loads_nothing(tmp_path):
    path = tmp_path / "abstract.txt"
    path.write_text(ABSTRACT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "flows.cli", "findings", str(path)], capture_output=True, text=True,
                          cwd=tmp_path, env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("abstract.txt: ") and "renal response" in done.stdout
    assert not list(tmp_path.glob("*.duckdb")) and not (tmp_path / "warehouse").exists()


def test_a_background_sentence_says_it_is_background(tmp_path):
    text = explained(tmp_path)
    background = text.split("Lupus nephritis affects up to 60% of adults with lupus.")[1].split("\n")[1]
    assert background.strip() == "no finding: background: the disease in the population, or other studies"
