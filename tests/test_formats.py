"""The same table as text, HTML and PDF gives the same arms; every kind of bad file gives one
readable reject and the rest goes on."""

from pathlib import Path

import pytest
from fpdf import FPDF

from extractors import readers
from extractors.extract import extract, extract_file
from extractors.readers import read

from .conftest import FIXTURES
from .pdf_maker import ruled_pdf

FIELDS = ("disease", "route", "cell_source", "origin", "n_patients", "dose_min", "dose_max", "dose_unit",
          "registry_id", "reference")


def arms(path: Path):
    return [tuple(getattr(a, f) for f in FIELDS) for a in extract(read(path, path.name)).arms]


@pytest.fixture(scope="module")
def text_arms():
    found = arms(FIXTURES / "rowspan_table.txt")
    assert len(found) == 13
    return found


def test_html_gives_the_text_arms(text_arms):
    assert arms(FIXTURES / "rowspan_table.html") == text_arms


@pytest.mark.parametrize("line_height", [9, 22], ids=["one_page", "continued_on_page_two"])
def test_ruled_pdf_gives_the_text_arms(text_arms, tmp_path, line_height):
    pdf = ruled_pdf(FIXTURES / "rowspan_table.html", tmp_path / "ruled_table.pdf", line_height=line_height)
    assert arms(pdf) == text_arms


def test_html_page_furniture_is_ignored():
    doc = read(FIXTURES / "rowspan_table.html", "rowspan_table.html")
    assert "tracking" not in doc.text and "Menu" not in doc.text and "readers agree" not in doc.text
    assert len(doc.grids) == 1 and doc.grids[0].title.startswith("Table 1")
    assert doc.meta == {"title": "Clinical application of mesenchymal stem cells in autoimmune diseases",
                        "doi": "10.1186/s13287-022-02782-7", "journal": "Stem Cell Res Ther", "year": 2022}
    arm = extract(doc).arms[0]
    assert doc.text.split("\n")[arm.line_start - 1].startswith("RA | I.V | Allogeneic AD-MSC | 20")


def test_html_superscripts_become_powers():
    html = b"<html><body><table><tr><th>Disease</th><th>MSCs</th><th>Patients</th><th>Dose</th></tr>" \
           b"<tr><td>SLE<sup>53</sup></td><td>UC-MSC</td><td>12</td><td>2 &times; 10<sup>8</sup> cells</td></tr>" \
           b"</table></body></html>"
    (arm,) = extract(readers.html.read_html("sup.html", "0" * 64, html)).arms
    assert (arm.disease, arm.reference, arm.dose_min, arm.dose_text) == ("SLE", "53", 2e8, "2 × 10^8 cells")


def test_pdf_hyphenation_and_two_columns(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    left = ("Allogeneic mesenchymal stem cell transplantation (MSCT) was given to forty patients. Complete "
            "remission was 28% at 1 year (23/83) and the rate of re-")
    right = "lapse was 12% (10/83) at 1 year. Both columns are read in order."
    pdf.set_xy(10, 20)
    pdf.multi_cell(85, 5, left)
    pdf.set_xy(110, 20)
    pdf.multi_cell(85, 5, right)
    path = tmp_path / "two_columns.pdf"
    pdf.output(str(path))
    found = {(f.measure, f.value, f.numerator, f.denominator) for f in extract(read(path, path.name)).findings}
    assert ("complete_remission", 28.0, 23, 83) in found
    assert ("relapse", 12.0, 10, 83) in found


def encrypted_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(0, 10, "Complete remission was 28% at 1 year (23/83) after MSCT.")
    pdf.output(str(path))
    return path


def bad_files(tmp_path: Path) -> dict[str, str]:
    good = ruled_pdf(FIXTURES / "rowspan_table.html", tmp_path / "good.pdf")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "random.pdf").write_bytes(bytes(range(256)) * 8)
    (tmp_path / "truncated.pdf").write_bytes(good.read_bytes()[:1500])
    encrypted_pdf(tmp_path / "encrypted.pdf")
    (tmp_path / "no_tables.html").write_text("<html><body><p>Nothing to see here.</p></body></html>")
    (tmp_path / "broken.html").write_bytes(b"\x00\x01\x02<html")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    return {"empty.txt": "empty", "random.pdf": "no %PDF header", "truncated.pdf": "not a readable PDF",
            "encrypted.pdf": "encrypted", "no_tables.html": "nothing extracted", "broken.html": "binary",
            "notes.docx": "no reader for '.docx'"}


def test_bad_files_each_give_one_readable_reject(tmp_path):
    for name, reason in bad_files(tmp_path).items():
        result = extract_file(tmp_path / name, name)
        assert len(result.rejects) == 1, name
        assert name in result.rejects[0].errors and reason in result.rejects[0].errors, result.rejects[0].errors


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers.registry, "MAX_BYTES", 100)
    big = tmp_path / "big.txt"
    big.write_text("x" * 1000)
    (reject,) = extract_file(big, "big.txt").rejects
    assert "over the" in reject.errors and "limit" in reject.errors


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_text_encodings(tmp_path, encoding):
    text = "Sjögren’s syndrome SS\r\nDisease Patients Dose Route Outcome\r\nSS 24 1 × 106/kg I.V Safe and effective\r\n"
    if encoding == "latin-1":
        text = text.replace("’", "'")
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = read(path, path.name)
    assert "\r" not in doc.text and "Sjögren" in doc.text
    (arm,) = extract(doc).arms
    assert (arm.disease, arm.n_patients, arm.dose_min, arm.route) == ("SS", 24, 1e6, "intravenous")


def test_header_in_first_row_row_headers_and_footnote_markers():
    doc = read(FIXTURES / "springer_first_row_header.html", "springer_first_row_header.html")
    result = extract(doc)
    assert doc.meta["doi"] == "10.1186/s13287-020-01234-5" and doc.meta["year"] == 2020
    assert doc.grids[0].legend.startswith("Perianal fistulizing")  # the footer beside the table's wrapper
    got = [(a.disease, a.disease_text, a.cell_source, a.origin, a.route, a.n_patients, a.dose_min, a.reference)
           for a in result.arms]
    assert got == [("SSc", "SSc", "AD", "autologous", "subcutaneous", 12, 5e5, "23"),
                   ("GVHD", "GvHD", "BM", None, "intravenous", 55, 1.4e6, "24"),
                   ("IBD", "Crohn’s disease", "AD", "allogeneic", "intralesional", 212, 1.2e8, "25")]
    assert [(f.measure, f.value, f.numerator, f.denominator) for f in result.findings] == [("response", 57.5, 23, 40)]


def test_mathematical_letters_of_pdfs_read_as_letters_one_for_one():
    from extractors.document import plain

    text = "group A (\U0001d45d = 0.007) and 10 \U0001d707g/kg"  # 𝑝 and 𝜇, as PDFs set them
    assert plain(text) == "group A (p = 0.007) and 10 μg/kg"
    assert len(plain(text)) == len(text)  # offsets stay offsets
