"""The reader registry: a document's bytes into a `Document`, one reader per file type.

A reader is registered for the suffixes it reads; `read` picks it by the file's suffix. New
formats slot in by registering a function, nothing else changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from extractors.document import Document, ExtractionError

Reader = Callable[[str, str, bytes], Document]
READERS: dict[str, tuple[str, Reader]] = {}
MAX_BYTES = 50 * 1024 * 1024
WESTERN = ["utf_16", "utf_32", "cp1252", "latin_1", "iso8859_15"]


def reader(fmt: str, *suffixes: str) -> Callable[[Reader], Reader]:
    def register(func: Reader) -> Reader:
        for suffix in suffixes:
            READERS[suffix] = (fmt, func)
        return func
    return register


def doc_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(source_file: str, data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM) first, else the encoding the bytes suggest."""
    if not data.strip():
        raise ExtractionError(source_file, "the file is empty")
    if b"\x00" in data[:4096]:
        raise ExtractionError(source_file, "the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Papers here are mostly English: Western encodings are tried first, then any.
        best = from_bytes(data, cp_isolation=WESTERN).best() or from_bytes(data).best()
        if best is None:
            raise ExtractionError(source_file, "the text encoding could not be recognised") from None
        text = str(best)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read(path: Path, source_file: str, data: bytes | None = None) -> Document:
    """Reads one file; raises ExtractionError naming the file when it cannot be read."""
    data = path.read_bytes() if data is None else data
    suffix = path.suffix.lower()
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise ExtractionError(source_file, f"no reader for '{suffix or 'no extension'}' files (readable: {known})")
    if len(data) > MAX_BYTES:
        raise ExtractionError(source_file, f"the file is {len(data) / 1e6:.0f} MB, over the {MAX_BYTES // 10**6} MB limit")
    fmt, func = READERS[suffix]
    return func(source_file, doc_id(data), data)
