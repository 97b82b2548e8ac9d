"""Test fixtures made on the fly with fpdf2: the rowspan HTML table as a ruled PDF, and small PDFs
with one layout trait each (columns, page furniture, tight word spacing, tables off the page or over
two pages, unruled tables)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from fpdf import FPDF
from fpdf.fonts import FontFace


def html_table_rows(html: Path) -> tuple[list[str], list[list[tuple[str, int]]], str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "lxml")
    for sup in soup.find_all("sup"):
        sup.replace_with(sup.get_text())  # a PDF's text layer loses the raise: "10<sup>6</sup>" reads "106"
    soup.smooth()
    table = soup.select_one("div.table-wrap table")
    header = [th.get_text(" ", strip=True) for th in table.find("thead").find_all("th")]
    rows = [[(td.get_text(" ", strip=True), int(td.get("rowspan", 1))) for td in tr.find_all("td")]
            for tr in table.find("tbody").find_all("tr")]
    legend = soup.select_one("div.table-wrap-foot").get_text(" ", strip=True)
    return header, rows, legend


def ruled_pdf(html: Path, target: Path, font_size: float = 8, line_height: float = 9) -> Path:
    header, rows, legend = html_table_rows(html)
    pdf = FPDF(orientation="L", format="A4")
    pdf.core_fonts_encoding = "windows-1252"  # the core fonts then have "–" and "×"
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 7, "Clinical application of mesenchymal stem cells in autoimmune diseases")
    pdf.ln(2)
    pdf.set_font("helvetica", size=font_size)
    pdf.multi_cell(0, 5, "Table 1. Clinical application of mesenchymal stem cells in autoimmune diseases")
    with pdf.table(line_height=line_height, repeat_headings=1, headings_style=FontFace(emphasis="BOLD")) as table:
        heading = table.row()
        for name in header:
            heading.cell(name)
        for cells in rows:
            row = table.row()
            for text, span in cells:
                row.cell(text, rowspan=span)
    pdf.ln(3)
    pdf.multi_cell(0, 4, legend)
    pdf.output(str(target))
    return target


# Small PDFs, one per layout trait of real articles, for the PDF reader's own tests.

LOREM = ("The trial enrolled patients with refractory disease and followed them for one year. "
         "Each visit recorded the disease activity score and adverse events. ")


def new_pdf(font_size: float = 10) -> FPDF:
    pdf = FPDF(format="A4", unit="pt")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=font_size)
    return pdf


def two_column_pdf(target: Path, left: str, right: str, title: str = "", abstract: str = "") -> Path:
    """A page with a full-width title and abstract over two columns of running text."""
    pdf = new_pdf()
    pdf.add_page()
    y = 50
    if title:
        pdf.set_font("helvetica", "B", 14)
        pdf.set_xy(50, y)
        pdf.multi_cell(495, 18, title)
        y = pdf.get_y() + 10
    pdf.set_font("helvetica", size=10)
    if abstract:
        pdf.set_xy(50, y)
        pdf.multi_cell(495, 12, abstract)
        y = pdf.get_y() + 20
    pdf.set_xy(50, y)
    pdf.multi_cell(235, 12, left)
    pdf.set_xy(310, y)
    pdf.multi_cell(235, 12, right)
    pdf.output(str(target))
    return target


def words_at(pdf: FPDF, x: float, y: float, words: list[str], gap_em: float) -> float:
    """Words set one by one with `gap_em` ems between them and no space character (as typesetters
    that position every word do); returns the x after the last word."""
    size = pdf.font_size_pt
    for word in words:
        pdf.text(x, y, word)
        x += pdf.get_string_width(word) + gap_em * size
    return x


def furniture_pdf(target: Path, pages: int = 3, line_numbers: bool = False) -> Path:
    """Pages with a running header, a running footer with the page number, and body text."""
    pdf = new_pdf()
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", size=8)
        pdf.text(50, 30, "Journal of Reproducible Tests 2024; 12: 101-110")
        pdf.text(480, 30, "Original research")
        pdf.text(50, 815, f"Page {number} of {pages}")
        pdf.text(290, 815, str(100 + number))
        pdf.set_font("helvetica", size=10)
        pdf.set_xy(60, 80)
        pdf.multi_cell(480, 12, f"Body of page {number}. " + LOREM * 4)
        if line_numbers:
            for k in range(1, 10):
                pdf.text(35, 80 + 12 * k - 3, str(k + 10 * number))
    pdf.output(str(target))
    return target


def unruled_table_pdf(target: Path, header: list[str], rows: list[list[str]], prose: str) -> Path:
    """A two-column page: an unruled table of aligned cells in the left column, prose in the right."""
    pdf = new_pdf(font_size=8)
    pdf.add_page()
    pdf.text(50, 60, "Table 1: Arms of the trial.")
    xs = [50, 120, 170, 220]
    for k, cells in enumerate([header, *rows]):
        for x, cell in zip(xs, cells, strict=False):
            pdf.text(x, 80 + 11 * k, cell)
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(310, 50)
    pdf.multi_cell(235, 12, prose)
    pdf.output(str(target))
    return target


def off_page_table_pdf(target: Path, rows: list[list[str]]) -> Path:
    """A ruled table whose rulings run past the bottom of the page (HTML printed to PDF draws a
    table as one tall box): its cells on the page are read, the box is clipped."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.text(50, 600, "Table 2: Outcomes at one year.")
    xs, top, step = [50, 200, 350, 500], 620, 20
    bottom = 900  # past the page's 842 pt
    for x in xs:
        pdf.line(x, top, x, bottom)
    for y in [top + step * k for k in range(len(rows) + 1)] + [bottom]:
        pdf.line(xs[0], y, xs[-1], y)
    for k, cells in enumerate(rows):
        for x, cell in zip(xs, cells, strict=False):
            pdf.text(x + 4, top + step * k + 14, cell)
    pdf.output(str(target))
    return target


def continued_table_pdf(target: Path, header: list[str], rows: list[list[str]]) -> Path:
    """A ruled table that starts low on page one and runs on at the top of page two without
    repeating its header."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_y(200)
    pdf.multi_cell(0, 5, "Table 3: Adverse events by arm.")
    with pdf.table(line_height=8, repeat_headings=0) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.output(str(target))
    return target


def captioned_table_pdf(target: Path, header: list[str], rows: list[list[str]], legend: str,
                        before: str, after: str) -> Path:
    """One column: prose, a captioned unruled table in a smaller font whose cells may hold a
    raised exponent ("2x10^6/kg" set as "2x10" with a small raised "6" and "/kg"), its footnote
    in a smaller font still, then prose again."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_xy(50, 50)
    pdf.multi_cell(495, 12, before)
    y = pdf.get_y() + 16
    pdf.set_font("helvetica", size=9)
    pdf.text(50, y, "Table 2: Doses given in each group.")
    xs = [50, 170, 260, 380]
    for k, cells in enumerate([header, *rows]):
        for x, cell in zip(xs, cells, strict=False):
            _cell_with_exponent(pdf, x, y + 18 + 12 * k, cell)
    y += 18 + 12 * len(rows) + 12
    pdf.set_font("helvetica", size=7)
    pdf.text(50, y, legend)
    pdf.set_font("helvetica", size=10)
    pdf.set_xy(50, y + 14)
    pdf.multi_cell(495, 12, after)
    pdf.output(str(target))
    return target


def _cell_with_exponent(pdf: FPDF, x: float, y: float, text: str) -> None:
    """`text` at (x, y); a "^" in it sets the digits after it small and raised."""
    if "^" not in text:
        pdf.text(x, y, text)
        return
    base, rest = text.split("^", 1)
    exponent = rest[: len(rest) - len(rest.lstrip("0123456789"))]
    tail = rest[len(exponent):]
    size = pdf.font_size_pt
    pdf.text(x, y, base)
    x += pdf.get_string_width(base)
    pdf.set_font_size(size * 0.65)
    pdf.text(x, y - 0.7 * size, exponent)
    x += pdf.get_string_width(exponent)
    pdf.set_font_size(size)
    pdf.text(x, y, tail)


def reference_list_pdf(target: Path, references: list[str]) -> Path:
    """A numbered reference list: each number in the margin, its reference a hanging block."""
    pdf = new_pdf(font_size=9)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 11)
    pdf.text(50, 50, "References")
    pdf.set_font("helvetica", size=9)
    y = 70
    for number, reference in enumerate(references, start=1):
        pdf.text(50, y + 8, f"{number}.")
        pdf.set_xy(68, y)
        pdf.multi_cell(470, 11, reference)
        y = pdf.get_y() + 3
    pdf.output(str(target))
    return target


def side_by_side_tables_pdf(target: Path, tables: list[tuple[str, list[list[str]]]], axis: list[str] = (),
                            prose: str = LOREM * 5) -> Path:
    """A two-column page topped by captioned unruled tables, one per column, their rows at
    staggered heights (so that rows of the two tables share a line), prose under them in each
    column; or one table beside a figure whose axis numbers, in a smaller font, stand level with
    the table's rows."""
    pdf = new_pdf(font_size=8)
    pdf.add_page()
    bottom = 60.0
    for (caption, rows), x, shift in zip(tables, (50, 310), (0, 5), strict=False):
        pdf.set_font("helvetica", size=8)
        pdf.text(x, 60, caption)
        for k, cells in enumerate(rows):
            for dx, cell in zip((0, 130), cells, strict=False):
                pdf.text(x + dx, 80 + shift + 13 * k, cell)
        bottom = max(bottom, 80 + shift + 13 * len(rows))
    pdf.set_font("helvetica", size=6)
    for k, label in enumerate(axis):
        pdf.text(330, 62 + 13 * k, label)
    pdf.set_font("helvetica", size=10)
    for x in (50, 310):
        pdf.set_xy(x, bottom + 30)
        pdf.multi_cell(235, 12, prose)
    pdf.output(str(target))
    return target
