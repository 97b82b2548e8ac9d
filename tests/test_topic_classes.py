"""Papers on another subject, class by class (issue 20, class 8), beside their on-topic neighbours.

Each fixture is an abstract of our own. Off topic: a cell therapy that is not a stem-cell therapy,
stem cells in a disease that is not immune-mediated, transplants for a blood cancer whose only
immune disease is the GVHD they cause. On topic, though they name those things: MSCs for that GVHD,
AHSCT for MS that counts regulatory T cells, MSCs for primary biliary cirrhosis.
"""

from pathlib import Path

import pytest

from extractors.extract import extract_file, to_rows
from extractors.topic import off_topic

FIXTURES = Path(__file__).parent / "fixtures"

OFF_TOPIC = [
    ("vocab_off_topic_car_t_cells_in_lupus.txt", "studies CAR T cells"),
    ("vocab_off_topic_regulatory_t_cells_in_type_1_diabetes.txt", "studies regulatory T cells"),
    ("vocab_off_topic_dendritic_cells_in_rheumatoid_arthritis.txt", "studies dendritic cells"),
    ("vocab_off_topic_stem_cells_in_heart_failure.txt", "studies heart failure"),
    ("vocab_off_topic_stem_cells_in_knee_osteoarthritis.txt", "studies knee osteoarthritis"),
    ("vocab_off_topic_allogeneic_transplant_for_leukaemia.txt", "is about transplantation for leukaemia"),
]
ON_TOPIC = [
    "vocab_on_topic_mesenchymal_cells_for_gvhd_after_leukaemia_transplant.txt",
    "vocab_on_topic_ahsct_in_multiple_sclerosis.txt",
    "vocab_on_topic_mesenchymal_cells_in_primary_biliary_cirrhosis.txt",
]


def text_and_title(name: str) -> tuple[str, str]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text, text.split("\n")[0]


@pytest.mark.parametrize(("name", "says"), OFF_TOPIC)
def test_a_paper_of_each_class_gives_one_topic_reject_and_no_rows(name, says):
    rows = to_rows(extract_file(FIXTURES / name, name))
    assert rows["documents"] == rows["trial_arms"] == rows["findings"] == []
    assert [r["stage"] for r in rows["rejects"]] == ["topic"]
    assert says in rows["rejects"][0]["errors"]


@pytest.mark.parametrize(("name", "says"), OFF_TOPIC)
def test_without_a_title_what_the_text_names_most_decides(name, says):
    text, _ = text_and_title(name)
    assert says in off_topic(text, None)


@pytest.mark.parametrize("name", ON_TOPIC)
def test_stem_cells_for_an_immune_disease_stay_on_topic_whatever_else_they_name(name):
    text, title = text_and_title(name)
    assert off_topic(text, title) is None
    assert off_topic(text, None) is None
    rows = to_rows(extract_file(FIXTURES / name, name))
    assert rows["findings"] and "topic" not in {r["stage"] for r in rows["rejects"]}


def test_the_title_names_what_is_studied():
    """A paper on MSCs in heart failure that names GVHD and Crohn's disease in passing is off topic;
    the same text under a title naming an immune disease is about that disease."""
    text, _ = text_and_title("vocab_off_topic_stem_cells_in_heart_failure.txt")
    assert off_topic(text, "Mesenchymal stem cells in Crohn's disease") is None


def test_a_transplant_paper_that_names_mesenchymal_cells_in_its_title_is_about_them():
    text, _ = text_and_title("vocab_off_topic_allogeneic_transplant_for_leukaemia.txt")
    assert off_topic(text, "Mesenchymal stromal cells for GVHD after transplantation for leukaemia") is None


def paper(sentence: str) -> str:
    filler = ("Patients were followed for twelve months after treatment, and adverse events were recorded at each "
              "visit by investigators who did not know the allocation. ")
    return sentence + " " + filler * 8


@pytest.mark.parametrize(("sentence", "says"), [
    ("Natural killer cells expanded ex vivo were infused in patients with multiple sclerosis. NK cells persisted.",
     "studies NK cells"),
    ("Autologous bone marrow mononuclear cells were injected in patients with spinal cord injury; two of the "
     "twenty patients had psoriasis. Motor scores improved after spinal cord injury in six.", "studies spinal cord injury"),
    ("Umbilical cord MSCs were infused in patients with decompensated cirrhosis; none had autoimmune hepatitis. "
     "Liver failure was averted in all.", "studies decompensated cirrhosis"),
])
def test_each_class_in_one_sentence(sentence, says):
    assert says in off_topic(paper(sentence), "A title")
