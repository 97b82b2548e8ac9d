"""Papers on another subject give one `topic` reject and no rows."""

from pathlib import Path

import pytest

from extractors.extract import extract_file, to_rows
from extractors.topic import off_topic

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = Path(__file__).parent.parent / "seeds"


@pytest.mark.parametrize(("name", "named"), [
    ("off_topic_exercise_trial.txt", "no cell therapy and no immune-mediated disease"),
    ("off_topic_cells_without_immune_disease.txt", "but no immune-mediated disease"),
])
def test_a_paper_on_another_subject_gives_one_topic_reject_and_no_rows(name, named):
    path = FIXTURES / name
    rows = to_rows(extract_file(path, name))
    assert rows["documents"] == rows["trial_arms"] == rows["findings"] == []
    assert [r["stage"] for r in rows["rejects"]] == ["topic"]
    message = rows["rejects"][0]["errors"]
    assert named in message
    assert path.read_text(encoding="utf-8").split("\n")[0] in message  # what it is about, by its title


def test_the_reject_names_what_the_paper_does_name():
    text = (FIXTURES / "off_topic_cells_without_immune_disease.txt").read_text(encoding="utf-8")
    assert "stem cells" in off_topic(text, "A title")


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_the_seeds_are_on_topic(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert off_topic(text, None) is None


def test_an_excerpt_too_short_to_tell_is_judged_by_its_rows():
    assert off_topic("Table 2. Patients by centre\nCentre A 12\nCentre B 9\n", None) is None


def test_a_disease_named_without_any_cell_therapy_is_off_topic():
    text = " ".join(["Natalizumab reduced relapses of multiple sclerosis in this cohort."] * 30)
    assert "no stem-cell or other cell therapy" in off_topic(text, "Natalizumab in MS")


def paper(sentence: str) -> str:
    filler = ("Patients were followed for twelve months after the infusions, and adverse events were recorded at each "
              "visit by investigators who did not know the allocation. ")
    return sentence + " " + filler * 8


@pytest.mark.parametrize("sentence", [
    "Umbilical cord mesenchymal stem cells were infused in patients with refractory Behçet's disease.",
    "Autologous haematopoietic stem cell transplantation was given to patients with chronic inflammatory "
    "demyelinating polyneuropathy.",
    "Adipose-derived MSCs were given to patients with perianal fistulas in Crohn's disease.",
    "Bone marrow MSCs were infused in children with steroid-refractory acute GvHD.",
])
def test_cell_therapy_in_an_immune_mediated_disease_is_on_topic(sentence):
    assert off_topic(paper(sentence), "A title") is None


@pytest.mark.parametrize(("sentence", "named"), [
    ("Umbilical cord MSCs were infused in patients with COVID-19 acute respiratory distress syndrome.",
     "but no immune-mediated disease"),
    ("Exercise training was offered to patients with chronic heart failure.",
     "no cell therapy and no immune-mediated disease"),
    ("Tolerogenic dendritic cells were injected in patients with rheumatoid arthritis.",
     "a cell therapy that is not a stem-cell therapy"),
])
def test_other_subjects_are_off_topic(sentence, named):
    assert named in off_topic(paper(sentence), "A title")
