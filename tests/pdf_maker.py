"""Test fixtures made on the fly: the rowspan HTML table rendered as a ruled PDF with fpdf2."""

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
