"""The PDF reader on small PDFs made here, one per layout trait of real articles: reading order
over columns, page furniture, word spacing set by the font, ruled tables off the page or over
two pages, unruled tables, and a page that cannot be read."""

import logging
import re

import pytest

from extractors.readers import pdf as pdf_reader
from extractors.readers import read
from extractors.readers.pdf_layout import Word, group_rows, row_text

from .pdf_maker import (
    LOREM,
    captioned_table_pdf,
    continued_table_pdf,
    furniture_pdf,
    new_pdf,
    off_page_table_pdf,
    reference_list_pdf,
    side_by_side_tables_pdf,
    two_column_pdf,
    unruled_table_pdf,
    words_at,
)

LEFT = ("1. Introduction\nMesenchymal stem cells were given to forty patients in the left column. " + LOREM * 3
        + "Alphaend.")
RIGHT = "2. Methods\nBetastart of the right column. " + LOREM * 3 + "Betaend."


def lines_of(path):
    return [line for line in read(path, path.name).text.split("\n") if line.strip()]


def test_two_columns_read_column_by_column_under_a_full_width_abstract(tmp_path):
    path = two_column_pdf(tmp_path / "columns.pdf", LEFT, RIGHT, title="Stem cells in a two column layout",
                          abstract="Abstract\nThis full-width abstract spans both columns and is read before them. " * 3)
    text = read(path, path.name).text
    order = ["Stem cells in a two column layout", "Abstract", "is read before them", "1. Introduction",
             "left column.", "Alphaend.", "2. Methods", "Betastart", "Betaend."]
    positions = [text.find(s) for s in order]
    assert -1 not in positions and positions == sorted(positions), list(zip(order, positions, strict=True))
    lines = text.split("\n")
    assert "1. Introduction" in lines and "2. Methods" in lines  # headings on their own lines
    assert not any(("left column" in line or "Alphaend" in line) and ("right column" in line or "Betaend" in line)
                   for line in lines)


def test_running_headers_footers_and_page_numbers_are_dropped(tmp_path):
    text = read(furniture_pdf(tmp_path / "furniture.pdf"), "furniture.pdf").text
    assert "Journal of Reproducible Tests" not in text and "Original research" not in text
    assert "Page 2 of 3" not in text and not re.search(r"^10[123]$", text, re.MULTILINE)
    assert all(f"Body of page {n}." in text for n in (1, 2, 3))


def test_line_numbers_in_the_margin_are_dropped(tmp_path):
    lines = lines_of(furniture_pdf(tmp_path / "numbered.pdf", line_numbers=True))
    assert not any(re.match(r"^\d+\b", line) for line in lines), lines[:5]
    assert any(line.startswith("Body of page 1.") for line in lines)


def test_tightly_set_words_keep_their_spaces(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    words_at(pdf, 50, 100, ["Total", "sample", "(N", "=", "99)", "were", "randomised."], gap_em=0.2)
    pdf.set_font("helvetica", size=10)
    pdf.text(50, 120, "Spaces by a space character are kept too.")
    path = tmp_path / "tight.pdf"
    pdf.output(str(path))
    text = read(path, path.name).text
    assert "Total sample (N = 99) were randomised." in text
    assert "Spaces by a space character are kept too." in text


def test_a_table_box_running_off_the_page_is_clipped_not_rejected(tmp_path):
    rows = [["Outcome", "MSC group", "Control"], ["Remission", "12/20", "5/20"], ["Relapse", "2/20", "6/20"]]
    doc = read(off_page_table_pdf(tmp_path / "off_page.pdf", rows), "off_page.pdf")
    (grid,) = doc.grids
    assert list(grid.header) == rows[0]
    assert [[c.text for c in row] for row in grid.rows] == rows[1:]
    assert "Table 2: Outcomes at one year." in doc.text


def test_a_table_continued_on_the_next_page_without_its_header_is_one_table(tmp_path):
    header = ["Event", "MSC arm", "Placebo arm"]
    rows = [[f"Event {k}", f"{k} (5%)", f"{k + 1} (6%)"] for k in range(1, 41)]
    doc = read(continued_table_pdf(tmp_path / "continued.pdf", header, rows), "continued.pdf")
    (grid,) = doc.grids
    assert list(grid.header) == header
    assert [[c.text for c in row] for row in grid.rows] == rows


def test_an_unruled_table_beside_prose_is_a_grid_and_its_rows_leave_the_prose(tmp_path):
    header = ["Group", "n", "Dose", "Route"]
    rows = [["A", "12", "1x10^6/kg", "IV"], ["B", "14", "2x10^6/kg", "IV"], ["C", "10", "none", "-"]]
    prose = "The other column has running text about the trial. " * 8
    doc = read(unruled_table_pdf(tmp_path / "unruled.pdf", header, rows, prose), "unruled.pdf")
    (grid,) = doc.grids
    assert grid.title == "Table 1: Arms of the trial."
    assert list(grid.header) == header
    assert [[c.text for c in row] for row in grid.rows] == rows
    prose_lines = doc.text.split("\n")[:grid.span[0] - 1]
    assert any("running text" in ln for ln in prose_lines)
    assert not any(ln.startswith(("Group", "A ", "B ", "C ", "Table 1")) for ln in prose_lines), prose_lines
    assert not any("running text" in ln and "IV" in ln for ln in doc.text.split("\n"))
    lines = doc.text.split("\n")
    assert [lines[n - 1] for n in grid.row_lines] == [" | ".join(r) for r in rows]  # rendered once, as a table


def test_a_captioned_table_ends_where_prose_resumes_with_its_footnote_as_legend(tmp_path):
    header = ["Group", "Patients", "Cell dose", "Route"]
    rows = [["Low dose", "12", "1x10^6/kg", "intravenous"], ["High dose", "14", "2x10^6/kg", "intravenous"],
            ["Placebo", "10", "none", "intravenous"]]
    before = "Patients were randomised to three groups. " * 4 + "Beforeend."
    after = "Afterstart of the discussion. " + LOREM * 2
    path = captioned_table_pdf(tmp_path / "captioned.pdf", header, rows, "IV: intravenous; MSC: mesenchymal stem cells.",
                               before, after)
    doc = read(path, path.name)
    (grid,) = doc.grids
    assert grid.title == "Table 2: Doses given in each group."
    assert list(grid.header) == header
    assert [[c.text for c in row] for row in grid.rows] == rows  # the raised exponent reads "10^6"
    assert grid.legend == "IV: intravenous; MSC: mesenchymal stem cells."
    prose = doc.text.split("\n")[:grid.span[0] - 1]
    assert any("Beforeend." in ln for ln in prose) and any("Afterstart" in ln for ln in prose)
    assert not any("Low dose" in ln or "IV: intravenous" in ln for ln in prose)


def test_prose_and_a_reference_list_give_no_grid(tmp_path):
    columns = two_column_pdf(tmp_path / "prose.pdf", LEFT, RIGHT, title="Stem cells in a two column layout",
                             abstract="Abstract\nThis full-width abstract spans both columns. " * 3)
    assert read(columns, columns.name).grids == ()
    references = [f"Author{k} A, Writer B, Person C. A trial of stem cells number {k} in refractory disease. "
                  f"J Test Med. 20{10 + k};{k}:{100 + k}-{110 + k}." for k in range(1, 13)]
    listing = reference_list_pdf(tmp_path / "references.pdf", references)
    doc = read(listing, listing.name)
    assert doc.grids == ()
    assert "A trial of stem cells number 3 in refractory disease." in doc.text


def test_an_aligned_block_without_a_caption_is_a_grid_only_with_three_rows_of_three_cells(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_xy(50, 50)
    pdf.multi_cell(495, 12, LOREM * 2)
    for k, cells in enumerate([["Outcome", "MSC", "Placebo"], ["Remission", "12/20", "5/20"], ["Relapse", "2/20", "6/20"],
                               ["Death", "0/20", "1/20"]]):
        for x, cell in zip([50, 200, 350], cells, strict=True):
            pdf.text(x, 130 + 12 * k, cell)
    for k, cells in enumerate([["Left", "Right"], ["Up", "Down"]]):
        for x, cell in zip([50, 200], cells, strict=True):
            pdf.text(x, 250 + 12 * k, cell)
    path = tmp_path / "aligned.pdf"
    pdf.output(str(path))
    (grid,) = read(path, path.name).grids
    assert list(grid.header) == ["Outcome", "MSC", "Placebo"]
    assert [[c.text for c in row] for row in grid.rows] == [["Remission", "12/20", "5/20"], ["Relapse", "2/20", "6/20"],
                                                            ["Death", "0/20", "1/20"]]


def test_the_title_is_the_first_pages_largest_line(tmp_path):
    pdf = new_pdf(font_size=8)
    pdf.add_page()
    pdf.text(50, 40, "Journal of Reproducible Tests. ISSN: 1234-5678")
    pdf.set_font("helvetica", "B", 12)
    pdf.text(50, 70, "Clinical Study")
    pdf.set_font("helvetica", "B", 12)
    pdf.set_xy(50, 80)
    pdf.multi_cell(300, 15, "Mesenchymal stem cells for refractory lupus nephritis: a randomised controlled trial")
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(50, pdf.get_y() + 10)
    pdf.multi_cell(495, 12, LOREM * 4)
    path = tmp_path / "titled.pdf"
    pdf.output(str(path))
    doc = read(path, path.name)
    assert doc.meta["title"] == "Mesenchymal stem cells for refractory lupus nephritis: a randomised controlled trial"
    assert doc.text.startswith("Journal of Reproducible Tests")


def test_a_page_that_cannot_be_read_is_skipped_and_named(tmp_path, monkeypatch, caplog):
    path = furniture_pdf(tmp_path / "three_pages.pdf")
    real = pdf_reader._page

    def broken_second(number, page):
        if number == 2:
            raise ValueError("Bounding box is not fully within parent page bounding box")
        return real(number, page)

    monkeypatch.setattr(pdf_reader, "_page", broken_second)
    with caplog.at_level(logging.WARNING):
        doc = read(path, path.name)
    assert "Body of page 1." in doc.text and "Body of page 3." in doc.text and "Body of page 2." not in doc.text
    assert list(doc.meta["skipped_pages"]) == [2]
    assert "page 2 skipped" in caplog.text
    from extractors import extract

    monkeypatch.setattr(extract, "off_topic", lambda *_: None)  # the page's filler words are no paper of ours
    rejects = [r for r in extract.extract(doc).rejects if r.stage == "read"]  # said in the warehouse, not only the log
    assert [r.record for r in rejects] == [{"page": 2}]
    assert "three_pages.pdf: page 2 could not be read and was skipped: " in rejects[0].errors


def test_superscripts_join_their_line():
    words = [Word("10", 50, 60, 100, 110), Word("9", 60, 64, 96, 103), Word("/L", 65, 75, 100, 110),
             Word("next", 50, 70, 112, 122)]
    rows = group_rows(words)
    assert [row_text(r) for r in rows] == ["10 9 /L", "next"]


@pytest.mark.parametrize("title, kept", [("4078215.dvi", False), ("INES_A_1185421_O", False),
                                         ("Microsoft Word - trial draft v3", False),
                                         ("Stem cells for Crohn's disease", True)])
def test_file_names_are_not_titles(title, kept):
    assert pdf_reader._real_title(title) is kept


def test_pdfminer_warnings_are_quiet():
    assert logging.getLogger("pdfminer").getEffectiveLevel() >= logging.ERROR


def test_a_long_pdf_read_by_two_processes_reads_as_in_one(tmp_path, monkeypatch, caplog):
    path = continued_table_pdf(tmp_path / "continued.pdf", ["Arm", "Patients", "Events"],
                               [[f"Group {k}", str(10 + k), str(k)] for k in range(70)])
    longer = furniture_pdf(tmp_path / "five_pages.pdf", pages=5)
    monkeypatch.setattr(pdf_reader, "PARALLEL_PAGES", 10**6)
    alone = [read(p, p.name) for p in (path, longer)]
    monkeypatch.setattr(pdf_reader, "PARALLEL_PAGES", 2)
    if not pdf_reader._may_fork(5):
        pytest.skip("this process may not fork")
    assert [read(p, p.name) for p in (path, longer)] == alone
    real = pdf_reader._page

    def broken_fourth(number, page):  # a page the second process reads
        if number == 4:
            raise ValueError("Bounding box is not fully within parent page bounding box")
        return real(number, page)

    monkeypatch.setattr(pdf_reader, "_page", broken_fourth)
    with caplog.at_level(logging.WARNING):
        doc = read(longer, longer.name)
    assert list(doc.meta["skipped_pages"]) == [4] and "Body of page 5." in doc.text and "Body of page 4." not in doc.text
    assert "page 4 skipped: not a readable PDF (damaged or truncated): ValueError" in caplog.text


def test_quick_character_dicts_are_pdfplumbers(tmp_path):
    import pdfplumber

    from extractors.readers.pdf_objects import quick_chars

    path = continued_table_pdf(tmp_path / "ruled.pdf", ["Outcome", "MSC", "Control"], [["Relapse", "3 (10%)", "9"]] * 40)
    with pdfplumber.open(path) as plain, pdfplumber.open(path) as quick:
        for a, b in zip(plain.pages, quick.pages, strict=True):
            quick_chars(b)
            assert a.chars and [list(c.items()) for c in a.chars] == [list(c.items()) for c in b.chars]
            assert a.edges == b.edges


ARMS = [["Arm", "Patients"], ["Stem cells", "20 (50)"], ["Placebo", "20 (50)"], ["Withdrawn", "3 (8)"]]
VISITS = [["Visit", "Score"], ["Baseline", "4.2"], ["Week 12", "3.1"], ["Week 52", "2.6"], ["Relapses", "5 (13)"]]


def test_two_captioned_tables_side_by_side_in_two_columns_are_two_grids(tmp_path):
    path = side_by_side_tables_pdf(tmp_path / "side_by_side.pdf",
                                   [("Table 1: Patients by arm.", ARMS), ("Table 2: Scores by visit.", VISITS)])
    doc = read(path, path.name)
    assert [g.title for g in doc.grids] == ["Table 1: Patients by arm.", "Table 2: Scores by visit."]
    for grid, rows in zip(doc.grids, (ARMS, VISITS), strict=True):
        assert list(grid.header) == rows[0]
        assert [[c.text for c in row] for row in grid.rows] == rows[1:]
    assert "Placebo" not in doc.text.replace("| ", "").split("Table 1: Patients by arm.")[0]
    assert doc.text.count("refractory") == 10  # the prose of both columns is kept


def test_a_captioned_table_beside_a_figure_does_not_take_its_axis_numbers(tmp_path):
    path = side_by_side_tables_pdf(tmp_path / "beside_figure.pdf", [("Table 1: Patients by arm.", ARMS)],
                                   axis=["40", "30", "20", "10", "0"])
    (grid,) = read(path, path.name).grids
    assert list(grid.header) == ARMS[0]
    assert [[c.text for c in row] for row in grid.rows] == ARMS[1:]
