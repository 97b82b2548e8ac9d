"""Readers: a document's bytes into a `Document`, one reader per file type.

A reader registers the suffixes it reads (`registry.reader`); `read` picks it by the file's
suffix. A new format slots in as one more module imported here.
"""

from extractors.readers import html, jats, pdf, text  # noqa: F401 - importing registers the readers
from extractors.readers.registry import MAX_BYTES, READERS, decode, doc_id, read

__all__ = ["MAX_BYTES", "READERS", "decode", "doc_id", "read"]
