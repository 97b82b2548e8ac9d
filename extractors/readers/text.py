"""Plain text: scraped pages and abstracts."""

from extractors.document import Document
from extractors.readers.registry import decode, reader


@reader("txt", ".txt", ".text")
def read_text(source_file: str, digest: str, data: bytes) -> Document:
    return Document(source_file, digest, "txt", decode(source_file, data))
