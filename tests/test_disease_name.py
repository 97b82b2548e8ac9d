"""A paper on a disease outside the codes gives findings of `OTHER` with the disease's normalised
name, so its pools are kept apart from other such diseases' (findings.disease_name)."""

from __future__ import annotations

import pytest

from extractors.extract import extract, other_disease
from extractors.readers import read
from extractors.vocabulary import lexicon

ABSTRACT = """Autologous haematopoietic stem cell transplantation in refractory {disease}

Abstract
Background: {disease} ({abbrev}) refractory to standard therapy has a poor outlook.
Methods: Eighteen patients with refractory {abbrev} underwent autologous HSCT and were followed for a median of 36 months.
Results: At 24 months, 12 of 18 patients (67%) were in drug-free remission.
Conclusions: Autologous HSCT induced durable remission of {abbrev}.
"""


def findings(tmp_path, **words):
    path = tmp_path / "paper.txt"
    path.write_text(ABSTRACT.format(**words), encoding="utf-8")
    return extract(read(path, "paper.txt")).findings


@pytest.mark.parametrize(("disease", "abbrev", "name"), [
    ("Myasthenia gravis", "MG", "myasthenia gravis"),
    ("Chronic inflammatory demyelinating polyneuropathy", "CIDP", "chronic inflammatory demyelinating polyneuropathy"),
    ("Neuromyelitis optica spectrum disorder", "NMOSD", "neuromyelitis optica spectrum disorder"),
    ("Immune thrombocytopenic purpura", "ITP", "immune thrombocytopenia"),
])
def test_a_paper_on_a_disease_outside_the_codes_names_it(tmp_path, disease, abbrev, name):
    found = findings(tmp_path, disease=disease, abbrev=abbrev)
    assert found and {(f.disease, f.disease_name) for f in found} == {("OTHER", name)}


def test_a_coded_disease_gives_no_name(tmp_path):
    found = findings(tmp_path, disease="Systemic sclerosis", abbrev="SSc")
    assert found and {(f.disease, f.disease_name) for f in found} == {("SSc", None)}


def test_a_name_in_passing_does_not_make_the_paper_about_it():
    text = ("Lupus nephritis patients received MSCs. Lupus nephritis remission was 40%. "
            "One patient also had myasthenia gravis. SLE activity fell.")
    assert other_disease(text, lexicon("disease").scan(text)) is None


def test_two_named_diseases_alike_name_neither():
    text = "Patients with myasthenia gravis or CIDP received HSCT; MG and CIDP relapsed rarely."
    assert other_disease(text, lexicon("disease").scan(text)) is None
