"""Journal pages: the abstract and the body by their headings, as sections with kinds; never the
navigation, figure captions, reference list or footers."""

import pytest

from extractors.readers import read
from extractors.readers.html import surname

from .conftest import FIXTURES, section_of

JOURNAL = "html_sections_journal.html"
LABELLED = "html_sections_labelled_abstract.html"


@pytest.fixture(scope="module")
def page():
    return read(FIXTURES / JOURNAL, JOURNAL)


def test_body_sections_are_kept_with_their_kinds(page):
    assert [(s.kind, s.title, s.abstract) for s in page.sections] == [
        ("front", "", False), ("abstract", "Abstract", True), ("introduction", "Background", True),
        ("methods", "Methods", True), ("results", "Results", True), ("conclusions", "Conclusions", True),
        ("introduction", "Background", False), ("methods", "Methods", False), ("methods", "Participants", False),
        ("methods", "Statistical analysis", False), ("results", "Results", False), ("results", "Efficacy", False),
        ("results", "Safety", False), ("discussion", "Discussion", False), ("back", "Declarations", False),
        ("back", "Acknowledgements", False), ("back", "Funding", False), ("back", "Rights and permissions", False)]
    efficacy = section_of(page, "The mean cumulative number of enhancing lesions was 3.1")  # a <div>, not a <p>
    assert (efficacy.kind, efficacy.title, efficacy.abstract) == ("results", "Efficacy", False)
    assert section_of(page, "Gadolinium-enhancing lesions fell by 68%").abstract


def test_references_navigation_figures_and_footers_are_left_out(page):
    for text in ("Walton", "45% in the placebo arm", "Skip to", "Submit your manuscript", "Related articles",
                 "60% response", "95% of readers", "90% in one patient", "Received:", "Petra Novak"):
        assert text not in page.text, text
    assert not any(s.kind == "references" for s in page.sections)


def test_meta_first_author_and_tables(page):
    assert page.meta == {"title": "Bone marrow mesenchymal stem cells in progressive multiple sclerosis: a randomised "
                                  "crossover trial", "doi": "10.1000/ctr.2019.0042", "journal": "Cell Therapy Reports",
                         "year": 2019, "first_author": "Zhang"}
    (grid,) = page.grids
    assert (grid.title, grid.legend) == ("Table 1 Lesions by period", "Values are mean lesion counts.")
    assert grid.span[0] > page.sections[-1].end
    assert "Values are mean lesion counts." not in page.text.split("\n")[:grid.span[0]]  # not prose too


def test_superscripts_powers_and_citation_links(page):
    assert "received 2 × 10^6 cells/kg" in page.text
    assert "2.8 million people worldwide. Up to 40% of patients relapse within two years. Trials" in page.text


def test_bold_labels_open_the_abstracts_parts():
    doc = read(FIXTURES / LABELLED, LABELLED)
    assert [(s.kind, s.title, s.abstract) for s in doc.sections] == [
        ("front", "", False), ("introduction", "Objective:", True), ("methods", "Methods:", True),
        ("results", "Results:", True), ("conclusions", "Conclusion:", True), ("introduction", "Introduction", False),
        ("methods", "Patients and Methods", False), ("results", "Results", False), ("discussion", "Discussion", False)]
    lines = doc.text.split("\n")
    results = next(s for s in doc.sections if s.title == "Results:")
    assert lines[results.start] == "Event-free survival at 2 years was 81% after HSCT and 56% with cyclophosphamide."
    for text in ("Lakeside Hospital", "Tomás Ruiz", "Figure 1", "van Laar"):  # affiliations, authors, captions, refs
        assert text not in doc.text, text
    assert doc.meta["first_author"] == "Dubois"


def test_a_page_with_only_an_abstract_keeps_it():
    doc = read(FIXTURES / "rowspan_table.html", "rowspan_table.html")
    assert [(s.kind, s.title, s.abstract) for s in doc.sections] == [("front", "", False),
                                                                     ("abstract", "Abstract", True)]
    assert "first_author" not in doc.meta


@pytest.mark.parametrize(("name", "expected"), [
    ("Zhang, Jun", "Zhang"), ("Jun Zhang", "Zhang"), ("Mara J Okonjo", "Okonjo"), ("Zhang J", "Zhang"),
    ("Ludwig van Beethoven", "van Beethoven"), ("John Smith Jr.", "Smith"), ("", None),
])
def test_surname(name, expected):
    assert surname(name) == expected
