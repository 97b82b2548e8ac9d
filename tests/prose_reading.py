"""Reading prose sentences the way a document's are read, for the tests of phrasing classes."""

from extractors.findings import FindingExtractor, sentences
from extractors.metadata import design


def read(text: str):
    """The findings of a text read as one document's prose."""
    return FindingExtractor("d" * 64, "doc.txt", design=design(text)).extract(text, sentences(text))


def after(opening: str, text: str):
    """The findings of the sentences after `opening`."""
    return [f for f in read(opening + text) if f.char_start >= len(opening)]
