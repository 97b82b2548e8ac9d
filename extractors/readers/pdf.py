"""PDF articles: ruled tables by table detection, unruled ones by their words' alignment,
everything else as text lines in reading order.

Each page is read on its own: its ruled tables (boxes clipped to the page) become grids, its
other words are cut into words by the font's own spacing and put in reading order (columns one
after the other, a full-width title or abstract first; `pdf_layout`). An unruled table under its
caption (or three aligned rows of three cells) becomes a grid and leaves the prose
(`pdf_unruled`); other rows whose cells lie far apart keep two spaces between the cells. With no
real title in the metadata, the first page's largest line(s) are the title (`pdf_title`).
Running headers, footers, page numbers and line numbers are dropped (`pdf_furniture`); words
hyphenated across lines are rejoined; a ruled table continued on the next page under a
repeated header is one table. A page that cannot be read is skipped and named (logged and in
the document's meta); the rest is read.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import os
import re
import statistics
import threading
from dataclasses import dataclass, field

import pdfplumber

from extractors.document import Document, ExtractionError
from extractors.readers.pdf_captioned import caption_blocks, column_bounds
from extractors.readers.pdf_furniture import furniture, is_running
from extractors.readers.pdf_layout import WORD_GAP, Word, block_lines, page_words
from extractors.readers.pdf_objects import quick_chars
from extractors.readers.pdf_tables import Box, Placed, join_continued, ruled_tables
from extractors.readers.pdf_title import page_title
from extractors.readers.pdf_unruled import Found, unruled_tables
from extractors.readers.registry import reader
from extractors.readers.render import RawTable, Rendered, one_line
from extractors.tables.headers import read_legend

MAX_PAGES = 200
PARALLEL_PAGES = 4  # a PDF of this many pages is read by two processes, half the pages each
log = logging.getLogger(__name__)
# pdfminer warns on stderr about harmless quirks of valid files ("Cannot set non-stroke color: 2
# components specified ..."); a file it cannot read raises instead, and is reported as a reject.
logging.getLogger("pdfminer").setLevel(logging.ERROR)
# pdfminer's parser logs every token at debug level: over a page, the calls alone cost a tenth of
# its parsing. While debug logging is off for it, they are skipped outright (`_skip_debug_calls`).
_TOKEN_LOGGERS = (logging.getLogger("pdfminer.psparser"), logging.getLogger("pdfminer.pdfinterp"))


def _no_debug(*args, **kwargs) -> None:
    return None


def _skip_debug_calls() -> None:
    for logger in _TOKEN_LOGGERS:
        if logger.isEnabledFor(logging.DEBUG):
            logger.__dict__.pop("debug", None)  # someone wants pdfminer's debug log: it is written
        else:
            logger.debug = _no_debug


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] | None  # None: a rotated page, read as `text`
    text: str = ""
    tables: list[tuple[Box, RawTable]] = field(default_factory=list)


@reader("pdf", ".pdf")
def read_pdf(source_file: str, digest: str, data: bytes) -> Document:
    if b"%PDF" not in data[:1024]:
        raise ExtractionError(source_file, "not a PDF: the file has no %PDF header")
    _skip_debug_calls()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ExtractionError(source_file, f"the PDF has {len(pdf.pages)} pages, over the {MAX_PAGES}-page limit")
            pages, skipped = _pages(source_file, pdf, data)
            title = (pdf.metadata or {}).get("Title")
    except ExtractionError:
        raise
    except Exception as err:  # noqa: BLE001 - pdfminer raises many types for broken files
        raise ExtractionError(source_file, _explain(err)) from err
    out = _render(pages, title)
    if not any(line.strip() for line in out.lines):
        raise ExtractionError(source_file, "the PDF has no text layer (a scan?); nothing could be read")
    meta: dict = {"skipped_pages": skipped} if skipped else {}
    found = title if _real_title(title) else _first_page_title(pages)
    if found:
        meta["title"] = one_line(found)
    return Document(source_file, digest, "pdf", out.text, tuple(out.grids), meta)


def _pages(source_file: str, pdf, data: bytes) -> tuple[list[Page], dict[int, str]]:
    """Every page that can be read; the ones that cannot, with the reason. All failing is a reject."""
    numbers = list(range(1, len(pdf.pages) + 1))
    if _may_fork(len(numbers)):
        with multiprocessing.get_context("fork").Pool(1) as pool:
            theirs = pool.apply_async(_read_data, (data, numbers[1::2]))
            read = _read_open(pdf, numbers[0::2]) + theirs.get()
    else:
        read = _read_open(pdf, numbers)
    pages: list[Page] = []
    skipped: dict[int, str] = {}
    first_error: Exception | None = None
    for number, page, error in sorted(read, key=lambda r: r[0]):
        if page is not None:
            pages.append(page)
            continue
        first_error = first_error or error
        skipped[number] = error if isinstance(error, str) else _explain(error)
        log.warning("%s: page %d skipped: %s", source_file, number, skipped[number])
    if not pages and first_error is not None:
        if isinstance(first_error, str):
            raise ExtractionError(source_file, first_error)
        raise first_error
    return pages, skipped


def _may_fork(pages: int) -> bool:
    """Whether a second process may read half the pages: a long PDF, two cores, and a process that
    may start one safely (not a pool's worker, which reads PDFs side by side already, and with no
    other thread that a fork could catch holding a lock)."""
    return (pages >= PARALLEL_PAGES and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1
            and not multiprocessing.current_process().daemon and "fork" in multiprocessing.get_all_start_methods())


Read = tuple[int, "Page | None", "Exception | str | None"]  # a page's number, the page read or why not


def _read_data(data: bytes, numbers: list[int]) -> list[Read]:
    """Pages read in another process: the reasons a page could not be read come back as text."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [(n, page, error if error is None else _explain(error)) for n, page, error in _read_open(pdf, numbers)]


def _read_open(pdf, numbers: list[int]) -> list[Read]:
    read: list[Read] = []
    for number in numbers:
        page = pdf.pages[number - 1]
        try:
            read.append((number, _page(number, page), None))
        except Exception as err:  # noqa: BLE001 - one damaged page must not lose the others
            read.append((number, None, err))
        finally:
            page.close()
    return read


def _page(number: int, page) -> Page:
    quick_chars(page)
    found = ruled_tables(page)
    words = page_words(page, [box for box, _ in found])
    x0, top, x1, bottom = page.bbox
    tables = [((a - x0, b - top, c - x0, d - top), table) for (a, b, c, d), table in found]
    read = Page(number, x1 - x0, bottom - top, words, tables=tables)
    if words is None:
        read.text = page.extract_text(x_tolerance_ratio=WORD_GAP) or ""
    elif top or x0:  # words measured from the page's own corner
        read.words = [Word(w.text, w.x0 - x0, w.x1 - x0, w.top - top, w.bottom - top) for w in words]
    return read


def _render(pages: list[Page], title) -> Rendered:
    out = Rendered()
    if _real_title(title):
        out.add(title)
        out.add()
    upright = [p for p in pages if p.words is not None]
    drops, running = furniture([(p.words, p.width, p.height) for p in upright])
    sizes = [w.size for p in upright for w in p.words]
    body_size = statistics.median(sizes) if sizes else 10.0
    unruled: dict[int, list[Found]] = {}
    kept = [[w for w in page.words if id(w) not in drop] for page, drop in zip(upright, drops, strict=True)]
    bounds = column_bounds(kept)
    for page, words in zip(upright, kept, strict=True):
        unruled[page.number], blocks = unruled_tables(caption_blocks(words, body_size, bounds), body_size)
        page.text = "\n".join(block_lines(blocks))
    text = "\n".join(p.text for p in pages if p.text.strip())
    out.add_block(re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text))  # words hyphenated across lines
    tables: list[Placed] = []
    for page in pages:
        legend = next((line for line in page.text.split("\n") if read_legend(line)), None)
        placed = []
        for box, table in page.tables:
            table.legend = table.legend or legend
            table.rows = [r for r in table.rows if not is_running(" ".join(c.text for c in r if not c.inherited), running)]
            placed.append(Placed(page.number, box[1] / page.height, box[3] / page.height, table))
        placed += [Placed(page.number, f.top / page.height, f.bottom / page.height, f.table)
                   for f in unruled.get(page.number, [])]
        tables += sorted(placed, key=lambda t: t.top)
    for table in join_continued(tables):
        out.add_table(table)
    return out


def _first_page_title(pages: list[Page]) -> str | None:
    first = next((p for p in pages if p.words), None)
    return page_title(first.words, first.height) if first else None


def _real_title(title) -> bool:
    """A metadata title that names the article, not the file it was made from ("4078215.dvi",
    "Microsoft Word - draft.docx", "INES_A_1185421_O")."""
    if not isinstance(title, str) or len(title.split()) < 3:
        return False
    return not re.search(r"\.(?:dvi|docx?|pdf|tex|indd|rtf|qxd)\b|^microsoft word", title.strip(), re.IGNORECASE)


def _explain(err: Exception) -> str:
    name = type(err).__name__
    message = str(err) or name
    if "password" in message.lower() or "encrypt" in (message + name).lower():
        return "the PDF is encrypted and cannot be read without its password"
    return f"not a readable PDF (damaged or truncated): {name}: {message}"[:500]
