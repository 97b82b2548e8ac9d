"""JATS XML articles: PubMed Central, Europe PMC and publishers' full text (.xml, .nxml).

The title, the abstract and the body are rendered section by section, each under its heading, a
paragraph to a line; the tables (<table-wrap>) follow the prose. Nothing else of the front matter
(authors, affiliations, dates, notes, permissions), no figure, no reference list and nothing of
<back> (acknowledgements, funding, appendices) is rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import name2codepoint

from lxml import etree

from extractors.document import Document, ExtractionError
from extractors.readers.registry import reader
from extractors.readers.render import (
    CITATION,
    NUMERIC_CITATION,
    RawTable,
    Rendered,
    Span,
    abstract_label,
    heading_kind,
    join_notes,
    nested_kind,
    one_line,
    span,
    superscript,
    table_of,
)

# Left out of a paragraph's text: floats are rendered apart (tables) or not at all (figures).
INLINE_SKIP = {"table-wrap", "table-wrap-group", "fig", "fig-group", "supplementary-material", "media", "graphic",
               "inline-graphic", "tex-math", "alt-text", "long-desc", "fn", "object-id", "attrib", "permissions"}
# Left out of a section's blocks; titles and labels are its heading.
BLOCK_SKIP = INLINE_SKIP | {"title", "label", "ref-list", "fn-group", "glossary", "ack", "app-group", "notes",
                            "sec-meta", "kwd-group"}
CONTAINERS = {"p", "sec", "list", "list-item", "boxed-text", "disp-quote", "def-list", "def-item", "statement"}
SPACED = {"p", "list-item", "title", "label", "disp-formula", "def-item", "term", "def", "break", "td", "th"}
MARKERS = {"fn", "table-fn", "aff", "corresp", "author-notes"}  # xrefs whose text is a footnote mark

YEAR_KINDS = ("ppub", "collection", "epub", "epub-ppub", "ecollection", "pub")
OUTSIDE = {"front", "back", "sub-article", "front-stub", "response"}
_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}


@reader("jats", ".xml", ".nxml")
def read_jats(source_file: str, digest: str, data: bytes) -> Document:
    article = _article(source_file, data)
    meta = _meta(article)
    out = Rendered()
    out.section("front")
    for line in (meta.get("title"), f"doi: {meta['doi']}" if meta.get("doi") else None):
        if line:
            out.add(line)
    walk = _Walk(out)
    for abstract in _abstracts(article):
        walk.abstract(abstract)
    body = article.find("body")
    if body is not None:
        walk.body(body)
    for wrap in _table_wraps(article):
        for table in _tables(wrap):
            out.add_table(table)
    if not any(out.lines):
        raise ExtractionError(source_file, "the JATS article has no title, abstract, body text or table")
    return Document(source_file, digest, "jats", out.text, tuple(out.grids), {k: v for k, v in meta.items() if v},
                    out.sections)


def _article(source_file: str, data: bytes) -> etree._Element:
    """The <article> element; ExtractionError when the bytes are not XML or not a JATS article."""
    if not data.strip():
        raise ExtractionError(source_file, "the file is empty")
    if data[:2] not in (b"\xff\xfe", b"\xfe\xff") and not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise ExtractionError(source_file, "not XML: the file does not begin with '<' (a JATS article begins "
                                           "with <?xml or <article>)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                             remove_pis=True)
    try:
        root = etree.fromstring(_ENTITY.sub(_numeric_entity, data), parser)
    except etree.XMLSyntaxError as err:
        line = err.lineno or None
        where = f" at line {line}" if line else ""
        raise ExtractionError(source_file, f"malformed XML{where}: {err.msg}", line) from err
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = etree.QName(element).localname
    article = root if root.tag == "article" else next(root.iter("article"), None)
    if article is None:
        name = root.tag if isinstance(root.tag, str) else "?"
        raise ExtractionError(source_file, f"XML, but not a JATS article: there is no <article> element "
                                           f"(the root element is <{name}>)")
    return article


def _numeric_entity(match: re.Match) -> bytes:
    """An HTML named entity (&nbsp;, &mdash;) as a character reference XML reads without the DTD."""
    name = match.group(1).decode("ascii")
    if name in _XML_ENTITIES or name not in name2codepoint:
        return match.group(0)
    return f"&#{name2codepoint[name]};".encode("ascii")


def _name(element) -> str | None:
    return element.tag if isinstance(element.tag, str) else None


def _text(element, citations: bool = True) -> str:
    """The element's text as read: superscripts by the shared rule, footnote marks dropped, numeric
    citations marked to be dropped (kept when `citations` is False: a table's reference column)."""
    if element is None:
        return ""
    parts: list[str] = []
    _collect(element, parts, citations)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _collect(element, parts: list[str], citations: bool) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        _inline(child, parts, citations)
        if child.tail:
            parts.append(child.tail)


def _inline(child, parts: list[str], citations: bool) -> None:
    name = _name(child)
    if name is None or name in INLINE_SKIP:
        return
    inner: list[str] = []
    _collect(child, inner, citations)
    text = "".join(inner)
    if name == "xref":
        parts.append(_xref(child.get("ref-type"), text, citations))
    elif name == "sup":
        parts.append(superscript(text, "".join(parts[-3:])))
    elif name in SPACED:
        parts.append(f" {text} ")
    else:
        parts.append(text)


def _xref(kind: str | None, text: str, citations: bool) -> str:
    if kind in MARKERS:
        return ""
    if kind == "bibr" and citations and NUMERIC_CITATION.fullmatch(text):
        return CITATION
    return text


def _heading(element) -> str:
    """A section's heading: its label and title ("2.3." "Patients")."""
    parts = [_text(element.find(tag)) for tag in ("label", "title")]
    return " ".join(p for p in parts if p)


class _Walk:
    """Renders sections and paragraphs in document order. A paragraph after a nested section's end
    reopens its own section (untitled), so every line lies in the section it was written in."""

    def __init__(self, out: Rendered):
        self.out = out
        self.owner = None
        self.top = None  # the <body>: its sections are top-level ones

    def open(self, owner, kind: str, title: str, abstract: bool) -> None:
        self.out.section(kind, title, abstract)
        self.owner = owner

    def paragraph(self, owner, context: tuple[str, bool] | None, text: str) -> None:
        if not text:
            return
        if owner is not self.owner:
            kind, abstract = context or ("other", False)
            self.open(owner, kind, "", abstract)
        self.out.add(text)

    def abstract(self, abstract) -> None:
        self.open(abstract, "abstract", _heading(abstract) or "Abstract", True)
        self.blocks(abstract, abstract, ("abstract", True))

    def body(self, body) -> None:
        """The body's sections; untitled text before the first one is the introduction."""
        self.top = body
        self.blocks(body, body, ("introduction", False) if body.find("sec") is not None else None)

    def blocks(self, element, owner, context: tuple[str, bool] | None) -> None:
        for child in element:
            name = _name(child)
            if name is None or name in BLOCK_SKIP:
                continue
            if name == "sec":
                self.section(child, None if owner is self.top else context)
            elif name == "p" and context == ("abstract", True) and self.labelled(child, owner):
                continue
            elif name != "p" and any(_name(c) in CONTAINERS for c in child):
                self.blocks(child, owner, context)
            else:
                self.paragraph(owner, context, _text(child))

    def section(self, sec, parent: tuple[str, bool] | None) -> None:
        title = _heading(sec)
        sec_type = (sec.get("sec-type") or "").replace("|", " and ").replace("-", " ")
        kind, abstract = nested_kind(parent, title, heading_kind(sec_type))
        if kind == "references":
            return
        self.open(sec, kind, title, abstract)
        self.blocks(sec, sec, (kind, abstract))

    def labelled(self, p, owner) -> bool:
        """An abstract paragraph that starts with its label in bold ("<bold>Methods:</bold> ...") opens
        the part the label names."""
        first = next((c for c in p if _name(c)), None)
        if first is None or first.tag not in ("bold", "b") or (p.text or "").strip():
            return False
        label, text = _text(first), _text(p)
        rest = text[len(label):] if text.startswith(label) else ""
        if not abstract_label(label, rest):
            return False
        kind, abstract = nested_kind(("abstract", True), label)
        self.open(owner, kind, label, abstract)
        self.out.add(re.sub(r"^\s*[:.]\s*", "", rest))
        return True


def _meta(article) -> dict:
    front = article.find("front")
    meta = front.find("article-meta") if front is not None else None
    journal = front.find("journal-meta") if front is not None else None
    if meta is None:
        return {}
    doi = next((one_line(i.text or "") for i in meta.iterfind("article-id") if i.get("pub-id-type") == "doi"), None)
    return {"title": _text(meta.find("title-group/article-title")) or None,
            "doi": doi if doi and doi.startswith("10.") else None,
            "journal": _journal(journal),
            "year": _year(meta),
            "first_author": _first_author(meta)}


def _journal(journal) -> str | None:
    if journal is None:
        return None
    for path in ("journal-title-group/journal-title", "journal-title"):
        title = _text(journal.find(path))
        if title:
            return title
    ids = {i.get("journal-id-type"): one_line(i.text or "") for i in journal.iterfind("journal-id")}
    return ids.get("nlm-ta") or ids.get("iso-abbrev") or None


def _year(meta) -> int | None:
    """The year of the issue (print, else collection), else of the electronic publication."""
    years: dict[str, int] = {}
    for date in meta.iterfind("pub-date"):
        kind = date.get("pub-type") or date.get("date-type") or ""
        if kind == "pub":
            kind = {"print": "ppub", "electronic": "epub"}.get(date.get("publication-format") or "", "pub")
        found = re.search(r"(?:19|20)\d{2}", (date.findtext("year") or "") + " " + (date.get("iso-8601-date") or ""))
        if found:
            years.setdefault(kind, int(found.group(0)))
    for kind in YEAR_KINDS:
        if kind in years:
            return years[kind]
    return next((year for kind, year in years.items() if kind != "pmc-release"), None)


def _first_author(meta) -> str | None:
    """The first author's surname; None when the first author is a group (no surname)."""
    for contrib in meta.iterfind("contrib-group/contrib"):
        if contrib.get("contrib-type", "author") != "author":
            continue
        for path in ("name/surname", "name-alternatives/name/surname", "string-name/surname"):
            surname = _text(contrib.find(path))
            if surname:
                return surname
        return None
    return None


def _abstracts(article) -> list:
    meta = article.find("front/article-meta")
    found = meta.findall("abstract") if meta is not None else []
    main = [a for a in found if a.get("abstract-type") in (None, "structured", "abstract")]
    return main or found[:1]


def _table_wraps(article) -> Iterator:
    for wrap in article.iter("table-wrap"):
        if not any(a.tag in OUTSIDE for a in wrap.iterancestors()):
            yield wrap


def _tables(wrap) -> list[RawTable]:
    title = " ".join(t for t in (_text(wrap.find("label")), _text(wrap.find("caption"))) if t) or None
    legend = _legend(wrap.find("table-wrap-foot"))
    return [_table(table, title, legend) for table in wrap.iter("table")]


def _table(table, title: str | None, legend: str | None) -> RawTable:
    head = [_row(tr) for tr in table.iterfind("thead/tr")]
    body = [_row(tr) for tr in table.iterfind("tbody/tr")] + [_row(tr) for tr in table.iterfind("tr")]
    return table_of(head, body, title, legend)


def _row(tr) -> list[Span]:
    return [(_text(cell, citations=False), span(cell.get("rowspan")), span(cell.get("colspan")))
            for cell in tr if cell.tag in ("td", "th")]


def _legend(foot) -> str | None:
    """The table's footnotes, without their marks ("a", "*"), joined by "; "."""
    if foot is None:
        return None
    notes = list(foot.iter("fn"))
    parts = [" ".join(_text(p) for p in note.iter("p")) or _text(note) for note in notes]
    if not notes:
        parts = [_text(p) for p in foot.iter("p")] or [_text(foot)]
    return join_notes(parts)
