"""A paper's sections, and findings read only from its abstract and results."""

from pathlib import Path

import pytest

from extractors.extract import extract_file
from extractors.sections import find_sections, read_heading, readable_lines

FIXTURES = Path(__file__).parent / "fixtures"
PAPER = FIXTURES / "full_paper_sections.txt"


@pytest.mark.parametrize(("line", "kind"), [
    ("Results", "results"),
    ("RESULTS:", "results"),
    ("3. Results", "results"),
    ("## Discussion", "discussion"),
    ("2.1 Materials and Methods", "methods"),
    ("Patients & Methods", "methods"),
    ("II. INTRODUCTION", "introduction"),
    pytest.param("Background/objectives:", "introduction",
                 marks=pytest.mark.xfail(strict=True, reason="two section words joined by '/' name a heading only in "
                                                              "the one listed form ('background/aims')")),
    ("Conclusions and relevance", "conclusions"),
    ("References", "references"),
    ("Acknowledgements", "back"),
    ("Conflicts of interest", "back"),
    ("ABSTRACT.METHODS:", "methods"),
    ("BODY.PATIENTS AND METHODS.3. ELIGIBILITY:", "methods"),
    ("BODY.RESULTS.2. RENAL OUTCOMES:", "results"),
    ("ABSTRACT:", "abstract"),
])
def test_a_heading_line_names_its_kind(line, kind):
    assert read_heading(line, 1).kind == kind


@pytest.mark.parametrize("line", [
    "The results were consistent across centres.",
    "Results of the 12-month follow-up are shown in Table 2 and were similar in both groups of patients treated",
    "12 months",
    "4. Tolerability",  # a sub-heading, not a section of its own
    "",
])
def test_prose_and_sub_headings_are_no_section(line):
    assert read_heading(line, 1) is None


def kinds(text: str) -> list[tuple[str, bool]]:
    return [(s.kind, s.abstract) for s in find_sections(text.split("\n"))]


def test_a_paper_has_an_abstract_of_parts_then_a_body():
    sections = find_sections(PAPER.read_text(encoding="utf-8").split("\n"))
    assert [(s.kind, s.abstract) for s in sections] == [
        ("front", False), ("abstract", True), ("introduction", True), ("methods", True), ("results", True),
        ("conclusions", True), ("introduction", False), ("methods", False), ("methods", False), ("methods", False),
        ("results", False), ("discussion", False), ("references", False)]
    assert sections[-1].end == len(PAPER.read_text(encoding="utf-8").split("\n"))


def test_an_abstract_whose_first_part_is_labelled_introduction_is_all_abstract():
    text = ("Title\n\nAbstract\n\nIntroduction\nWhy MSCs might help patients with lupus nephritis.\n\n"
            "Methods\nTwenty patients with lupus nephritis were enrolled.\n\n"
            "Results\nTwelve of the twenty patients reached complete remission.\n")
    assert kinds(text) == [("front", False), ("abstract", True), ("introduction", True), ("methods", True),
                           ("results", True)]


def test_the_body_starts_where_a_part_of_the_abstract_comes_again():
    prose = "A paragraph of prose long enough to be one, under its heading."
    text = "".join(f"{heading}\n{prose}\n" for heading in ["Background", "Methods", "Results"] * 2)
    assert kinds(text) == [("introduction", True), ("methods", True), ("results", True),
                           ("introduction", False), ("methods", False), ("results", False)]


def test_page_furniture_before_the_abstract_hides_nothing():
    """A scraped page lists "Funding" above an unlabelled abstract: back matter is skipped only after a body."""
    lines = ["Keywords", "", "Funding", "  1. A national science foundation [123]", "",
             "Twenty patients with lupus received MSCs and 12 (60%) reached complete remission."]
    readable = readable_lines(find_sections(lines), len(lines))
    assert 5 in readable


def test_a_word_alone_among_table_cells_is_no_heading():
    lines = ["Study", "Patients", "Design", "Outcome", "Wang 2014", "40", "RCT", "Remission 45%"]
    assert find_sections(lines) == ()


def test_a_text_without_headings_is_read_whole():
    assert find_sections(["Twenty patients were treated.", "All responded."]) == ()
    assert readable_lines((), 2) is None


def test_findings_come_from_the_abstract_and_the_results_only():
    text = PAPER.read_text(encoding="utf-8")
    lines = text.split("\n")
    extraction = extract_file(PAPER, PAPER.name)
    allowed = [s for s in find_sections(lines) if s.abstract or s.kind == "results"]
    starts = [sum(len(line) + 1 for line in lines[:s.start - 1]) for s in allowed]
    ends = [sum(len(line) + 1 for line in lines[:s.end]) for s in allowed]
    assert extraction.findings
    for finding in extraction.findings:
        assert any(a <= finding.char_start < b for a, b in zip(starts, ends, strict=True)), finding.evidence_text
    read = " ".join(f.evidence_text for f in extraction.findings)
    for background in ("affects up to 60%", "Earlier open-label", "Assuming complete remission", "compares with 25%",
                       "Relapse in 35%"):
        assert background not in read


def test_a_result_restated_in_the_body_is_kept_once_where_first_stated():
    extraction = extract_file(PAPER, PAPER.name)
    remission = [f for f in extraction.findings if f.measure == "complete_remission" and f.value == 40.0]
    assert len(remission) == 1
    assert remission[0].char_start < PAPER.read_text(encoding="utf-8").index("1. Introduction")
    by_arm = {(f.arm, f.intervention, f.value) for f in extraction.findings if f.measure == "complete_remission"}
    assert by_arm == {("MSC", "MSCT", 40.0), ("placebo", None, 13.3)}
    partial = {(f.arm, f.intervention, f.value, f.numerator) for f in extraction.findings if f.measure == "partial_remission"}
    assert partial == {("MSC", "MSCT", 30.0, 9), ("placebo", None, 20.0, 6)}  # stated only in the body's results


def test_evidence_sections_says_which_sections_give_findings(capsys):
    from flows.cli import main

    assert main(["sections", str(PAPER)]) == 0
    out = capsys.readouterr().out
    assert "abstract results 'Results': read for findings" in out
    assert "methods '2.3. Statistical analysis': not read" in out
    assert "references 'References': closed (never read)" in out


def test_evidence_sections_names_a_file_it_cannot_read(tmp_path, capsys):
    from flows.cli import main

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["sections", str(empty)]) == 1
    assert "empty.txt: the file is empty" in capsys.readouterr().err


def test_the_title_block_above_an_abstract_is_never_read():
    """Authors, affiliations and dates: their numbers give neither findings nor rejects."""
    extraction = extract_file(PAPER, PAPER.name)
    abstract = PAPER.read_text(encoding="utf-8").index("Abstract")
    assert all(f.char_start > abstract for f in extraction.findings)
    assert all(r.record.get("char_start", abstract) > abstract for r in extraction.rejects)


def test_each_finding_says_where_in_the_paper_it_was_stated(tmp_path):
    import duckdb

    from .conftest import load_warehouse

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / PAPER.name).write_bytes(PAPER.read_bytes())
    db = tmp_path / "w.duckdb"
    load_warehouse(seeds, db)
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT section, measure, value FROM findings ORDER BY char_start").fetchall()
    assert ("abstract", "complete_remission", 40.0) in rows
    assert ("results", "partial_remission", 30.0) in rows
    assert {section for section, _, _ in rows} == {"abstract", "results"}


def test_an_introduction_after_an_unlabelled_abstract_opens_the_body_of_a_paper_with_a_discussion():
    prose = "A paragraph of prose long enough to be one, with 30% of something in it."
    text = "".join(f"{heading}\n{prose}\n\n" for heading in ["Abstract", "Introduction", "Methods", "Results",
                                                           "Discussion"])
    assert kinds(text) == [("abstract", True), ("introduction", False), ("methods", False), ("results", False),
                           ("discussion", False)]


@pytest.mark.parametrize("background", [
    "BACKGROUND: With standard induction, complete remission is reached by only 30% of patients at 12 months.",
    "Background\nWith standard induction, complete remission is reached by only 30% of patients at 12 months.",
])
def test_an_abstracts_background_gives_no_finding_but_names_the_therapy(tmp_path, background):
    """Its numbers are other studies'; the therapy it names is the one the results are about."""
    path = tmp_path / "abstract.txt"
    path.write_text("Title of a pilot study in lupus nephritis\n\n" + background + " Umbilical cord MSCs may help.\n"
                    "METHODS: Twenty patients with lupus nephritis were enrolled and given the cell product.\n"
                    "RESULTS: Complete remission was reached by 9 of 20 patients (45.0%) at 12 months.\n",
                    encoding="utf-8")
    found = [(f.measure, f.intervention, f.value) for f in extract_file(path, path.name).findings]
    assert found == [("enrolled", "MSCT", 20.0), ("complete_remission", "MSCT", 45.0)]
