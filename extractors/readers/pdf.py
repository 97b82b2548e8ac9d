"""PDF articles: ruled tables by table detection, everything else as text lines.

Unruled tables come through as text lines and are read like scraped text. Two-column pages are
read column by column; words hyphenated across lines are rejoined; a ruled table continued on
the next page under a repeated header is one table.
"""

from __future__ import annotations

import io
import re

import pdfplumber

from extractors.document import Document, ExtractionError
from extractors.headers import read_legend
from extractors.readers.registry import reader
from extractors.readers.render import RawTable, Rendered, fill_merged, one_line

MAX_PAGES = 200


@reader("pdf", ".pdf")
def read_pdf(source_file: str, digest: str, data: bytes) -> Document:
    if b"%PDF" not in data[:1024]:
        raise ExtractionError(source_file, "not a PDF: the file has no %PDF header")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ExtractionError(source_file, f"the PDF has {len(pdf.pages)} pages, over the {MAX_PAGES}-page limit")
            pages = [_page(page) for page in pdf.pages]
            title = (pdf.metadata or {}).get("Title")
    except ExtractionError:
        raise
    except Exception as err:  # noqa: BLE001 - pdfminer raises many types for broken files
        raise ExtractionError(source_file, _explain(err)) from err
    out = Rendered()
    if isinstance(title, str) and title.strip():
        out.add(title)
        out.add()
    tables: list[RawTable] = []
    for text, page_tables in pages:
        out.add_block(text)
        legend = next((line for line in text.split("\n") if read_legend(line)), None)
        for table in page_tables:
            table.legend = table.legend or legend
            if tables and _same_header(tables[-1], table):
                tables[-1].rows.extend(table.rows)  # continued under a repeated header
            else:
                tables.append(table)
    for table in tables:
        out.add_table(table)
    if not any(line.strip() for line in out.lines):
        raise ExtractionError(source_file, "the PDF has no text layer (a scan?); nothing could be read")
    return Document(source_file, digest, "pdf", out.text, tuple(out.grids))


def _explain(err: Exception) -> str:
    name = type(err).__name__
    message = str(err) or name
    if "password" in message.lower() or "encrypt" in (message + name).lower():
        return "the PDF is encrypted and cannot be read without its password"
    return f"not a readable PDF (damaged or truncated): {name}: {message}"[:500]


def _page(page) -> tuple[str, list[RawTable]]:
    found = page.find_tables()
    rest = page
    for table in found:
        rest = rest.outside_bbox(table.bbox)
    tables = []
    for table in found:
        rows = [[_cell(c) for c in row] for row in table.extract()]
        rows = [r for r in rows if any(c for c in r)]
        if len(rows) >= 2:
            filled = fill_merged(rows)
            tables.append(RawTable([c.text for c in filled[0]], filled[1:]))
    return _text(rest), tables


def _cell(value: str | None) -> str | None:
    return None if value is None else one_line(value)


def _text(page) -> str:
    """The page's text in reading order: a two-column page column by column."""
    words = page.extract_words()
    middle = (page.bbox[0] + page.bbox[2]) / 2
    crossing = sum(1 for w in words if w["x0"] < middle - 4 < middle + 4 < w["x1"])
    left = sum(1 for w in words if w["x1"] <= middle)
    right = sum(1 for w in words if w["x0"] >= middle)
    if words and crossing <= 0.02 * len(words) and min(left, right) >= 0.25 * len(words):
        x0, top, x1, bottom = page.bbox
        parts = [page.crop((x0, top, middle, bottom)), page.crop((middle, top, x1, bottom))]
        text = "\n".join(p.extract_text() or "" for p in parts)
    else:
        text = page.extract_text() or ""
    return re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)  # words hyphenated across lines


def _same_header(a: RawTable, b: RawTable) -> bool:
    return [h.lower() for h in a.header] == [h.lower() for h in b.header]
