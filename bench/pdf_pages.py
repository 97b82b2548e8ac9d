"""Times the PDF reader: every PDF in a folder read once, pages, seconds and pages per second per
file and in total. A file the reader rejects is listed with its reason.

    .venv/bin/python bench/pdf_pages.py FOLDER    # e.g. a folder of downloaded journal PDFs
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

from extractors.document import ExtractionError
from extractors.readers import read


def pages(path: Path) -> int:
    try:
        with pdfplumber.open(path) as pdf:
            return len(pdf.pages)
    except Exception:  # noqa: BLE001 - a broken file is timed and reported all the same
        return 0


def main(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"))
    if not files:
        sys.exit(f"no PDF in {folder}")
    total_pages, total_seconds = 0, 0.0
    print(f"{'file':60} {'pages':>5} {'seconds':>8} {'pages/s':>8}  result")
    for path in files:
        n = pages(path)
        start = time.perf_counter()
        try:
            doc = read(path, path.name)
            result = f"{len(doc.text):,} chars, {len(doc.grids)} grids"
        except ExtractionError as err:
            result = f"rejected: {err.message[:80]}"
        seconds = time.perf_counter() - start
        total_pages += n
        total_seconds += seconds
        print(f"{path.name[:60]:60} {n:5d} {seconds:8.2f} {n / seconds:8.1f}  {result}")
    print(f"{'total':60} {total_pages:5d} {total_seconds:8.2f} {total_pages / total_seconds:8.1f}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
