"""JATS XML (PMC, Europe PMC): sections with kinds, metadata, tables, and what is left out."""

import pytest

from extractors.document import ExtractionError
from extractors.readers import READERS, read
from extractors.readers.render import RawTable, Rendered, drop_citations, heading_kind

from .conftest import FIXTURES, section_of

TRIAL = "jats_rct_structured.xml"
LABELLED = "jats_labelled_abstract.xml"


@pytest.fixture(scope="module")
def trial():
    return read(FIXTURES / TRIAL, TRIAL)


def lines_of(doc, section):
    return doc.text.split("\n")[section.start - 1:section.end]


def test_registered_for_xml_and_nxml():
    assert READERS[".xml"][0] == READERS[".nxml"][0] == "jats"


def test_meta(trial):
    assert trial.format == "jats"
    assert trial.meta == {"title": "Umbilical cord mesenchymal stem cells for refractory systemic lupus erythematosus: "
                                   "a randomised controlled trial",
                          "doi": "10.1186/s13287-021-00001-2", "journal": "Stem Cell Research & Therapy",
                          "year": 2021, "first_author": "Okafor"}  # the print year, not the epub one (2020)


def test_structured_abstract_parts_take_their_labels_kinds(trial):
    parts = [(s.kind, s.title) for s in trial.sections if s.abstract]
    assert parts == [("abstract", "Abstract"), ("introduction", "Background"), ("methods", "Methods"),
                     ("results", "Results"), ("conclusions", "Conclusions")]
    results = next(s for s in trial.sections if s.abstract and s.kind == "results")
    assert lines_of(trial, results)[:2] == ["Results", "At 12 months, 12 of 20 patients (60%) in the UC-MSC group and "
                                            "5 of 20 (25%) in the placebo group had a renal response (p = 0.03)."]


def test_nested_sections_take_their_top_sections_kind(trial):
    body = [(s.kind, s.title) for s in trial.sections if not s.abstract and s.kind != "front"]
    assert body == [("introduction", "Introduction"), ("methods", "2 Methods"), ("methods", "2.1 Patients"),
                    ("methods", "2.2 Cell preparation"), ("results", "3 Results"), ("results", "3.1 Efficacy"),
                    ("results", "3.2 Safety"), ("discussion", "Discussion")]
    assert section_of(trial, "A renal response was seen in 12 of 20").title == "3.1 Efficacy"
    pairs = zip(trial.sections, trial.sections[1:], strict=False)
    assert all(a.end == b.start - 1 for a, b in pairs)  # each ends where the next begins


def test_table_wrap_with_rowspan_colspan_and_footnotes(trial):
    (grid,) = trial.grids
    assert grid.title == "Table 1 Baseline characteristics"
    assert grid.header == ("Characteristic", "Group UC-MSC (n = 20)", "Group Placebo (n = 20)")
    assert [c.text for c in grid.rows[1]] == ["Class", "III: 8", "III: 9"]  # the footnote mark "a" dropped
    assert [(c.text, c.inherited) for c in grid.rows[2]][0] == ("Class", True)  # rowspan="2"
    assert grid.legend == "ISN/RPS classification of lupus nephritis. SLEDAI, SLE Disease Activity Index"
    lines = trial.text.split("\n")
    assert lines[grid.row_lines[0] - 1] == "Age, years | 34.1 ± 8.2 | 35.0 ± 7.9"
    assert grid.span[0] > trial.sections[-1].end  # tables follow the prose, outside any section
    assert "Baseline characteristics were balanced between the groups." in lines  # the prose around the table-wrap


def test_reference_list_front_and_back_matter_are_left_out(trial):
    for text in ("Rivera", "412 patients", "88%", "Harbour Road", "maja.lindqvist", "+46", "Received", "2019",
                 "Creative Commons", "nurses", "Northfield Foundation", "Mesenchymal stem cells\n"):
        assert text not in trial.text, text
    assert not any(s.kind in ("references", "back") for s in trial.sections)


def test_powers_of_ten_keep_their_exponent(trial):
    assert "three infusions of 2 × 10^6 UC-MSCs/kg" in trial.text
    assert "infused at 1 × 10^6 cells/kg; viability exceeded 10^-2 of" in trial.text


def test_citations_do_not_glue_digits_to_the_sentence(trial):
    assert "renal disease. Mesenchymal stem cells modulate T-cell responses. " not in trial.text  # no citation left...
    line = next(line for line in trial.text.split("\n") if line.startswith("Lupus nephritis affects"))
    assert line == ("Lupus nephritis affects up to half of patients with systemic lupus erythematosus. Within ten years, "
                    "up to 30% of them progress to end-stage renal disease. Mesenchymal stem cells modulate T-cell "
                    "responses.")
    assert "reports." in trial.text and "reports.5" not in trial.text
    assert "(Table 1)" in trial.text and "(Fig. 1)" in trial.text  # cross-references are text, not citations


def test_figure_captions_are_not_results_text(trial):
    assert "60% versus 25%" not in trial.text


def test_labelled_abstract_untitled_introduction_and_namespaces():
    doc = read(FIXTURES / LABELLED, LABELLED)  # wrapped in <pmc-articleset>, in the JATS 1.3 namespace
    assert doc.meta == {"title": "Adipose-derived stromal cells for perianal fistulas in Crohn’s disease",
                        "doi": "10.1093/ecco-jcc/jjz001", "journal": "J Crohns Colitis", "year": 2019,
                        "first_author": "van den Berg"}  # the editor listed first is not an author
    kinds = [(s.kind, s.title, s.abstract) for s in doc.sections]
    assert kinds == [("front", "", False), ("abstract", "Abstract", True), ("introduction", "Background:", True),
                     ("methods", "Methods:", True), ("results", "Results:", True), ("conclusions", "Conclusions:", True),
                     ("introduction", "", False), ("methods", "Patients and methods", False),
                     ("results", "Results", False), ("results", "Key findings", False),
                     ("back", "Conflicts of interest", False)]
    results = next(s for s in doc.sections if s.title == "Results:")
    assert lines_of(doc, results)[1:3] == ["Fistula closure was reached by 13 of 24 patients (54.2%) at week 16.",
                                           "Two patients developed a perianal abscess."]
    assert "60 million cells" in doc.plain  # &nbsp; read without the DTD


@pytest.mark.parametrize(("data", "message", "line"), [
    (b"<?xml version='1.0'?>\n<article>\n<front>\n<article-meta>\n<title-group><article-title>MSCs</title-group>\n"
     b"</article-meta></front></article>", "malformed XML at line 5", 5),
    (b"<?xml version='1.0'?>\n<html><body><p>Not an article</p></body></html>", "not a JATS article", None),
    (b"Title: MSCs in lupus\nA plain-text abstract.", "not XML", None),
    (b"   \n", "empty", None),
], ids=["malformed", "not_jats", "not_xml", "empty"])
def test_bad_files_say_what_is_wrong(tmp_path, data, message, line):
    path = tmp_path / "bad.nxml"
    path.write_bytes(data)
    with pytest.raises(ExtractionError) as caught:
        read(path, "bad.nxml")
    assert message in caught.value.message and caught.value.line == line
    assert str(caught.value).startswith("bad.nxml")


def test_rendered_sections_end_where_the_next_begins():
    out = Rendered()
    out.section("front")
    out.add("A title")
    out.section("abstract", "Abstract", abstract=True)
    out.add("One paragraph.")
    out.section("other", "")  # nothing in it: left out
    out.section("results", "Results")
    out.add("Two of four responded.")
    out.section("back")  # nothing in it
    out.add_table(RawTable(["A", "B"], []))
    assert out.text.split("\n")[:8] == ["A title", "", "Abstract", "One paragraph.", "", "Results",
                                        "Two of four responded.", ""]
    assert [(s.kind, s.title, s.start, s.end, s.abstract) for s in out.sections] == [
        ("front", "", 1, 2, False), ("abstract", "Abstract", 3, 5, True), ("results", "Results", 6, 7, False)]
    with pytest.raises(ValueError):
        out.section("summary")


@pytest.mark.parametrize(("title", "kind"), [
    ("2. Patients and Methods", "methods"), ("Background/Purpose", "introduction"), ("RESULTS AND DISCUSSION", "results"),
    ("Acknowledgements", "back"), ("Authors’ contributions", "back"), ("Conflict of Interest Statement", "back"),
    ("Abbreviations", "back"), ("Funding", "back"), ("References", "references"), ("Keywords", "front"),
    ("Conclusion", "conclusions"), ("Our contributions", None), ("Trial registration", None),
])
def test_heading_kinds(title, kind):
    assert heading_kind(title) == kind


def test_drop_citations():
    mark = "\x01"
    assert drop_citations(f"progress in 30%.{mark},{mark} However") == "progress in 30%. However"
    assert drop_citations(f"as shown [{mark}–{mark}].") == "as shown."
    assert drop_citations(f"as shown ({mark}) and") == "as shown and"
