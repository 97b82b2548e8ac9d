"""Journal article pages (PMC, BioMed Central, Frontiers, Springer and the like).

The article is rendered section by section under its headings: the abstract (its parts, when
labelled, as sections of their own) and the body. Navigation, page furniture, figure captions,
the front matter around the title and the reference list are left out; tables follow the prose. A
table cell's `<br>`s part its lines: a row whose cells each hold a list of studies' values is one row
per study (`_list_rows`), any other cell's lines one value.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from extractors.document import Document, ExtractionError
from extractors.readers.registry import decode, reader
from extractors.readers.render import (
    CITATION,
    NUMERIC_CITATION,
    RawTable,
    Rendered,
    abstract_label,
    heading_kind,
    nested_kind,
    one_line,
    span,
    superscript,
    table_of,
)
from extractors.tables.blocks import list_values

NOISE = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe"]
ABSTRACT = re.compile(r"abstract|abs1|summary", re.IGNORECASE)
FOOTNOTE = re.compile(r"foot|fn|legend|note", re.IGNORECASE)
CAPTION = re.compile(r"caption|label|title", re.IGNORECASE)
TABLE_WRAP = re.compile(r"table|tbl|figure", re.IGNORECASE)
HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]
BLOCKS = {"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "figure",
          "figcaption", "table", "pre", "hr", "address", "details", "summary", "fieldset", "center", "body", "caption",
          "menu", "hgroup", "picture", "video", "audio", "canvas", "object", *HEADINGS}
# Blocks that are page furniture or front matter, by a class or id that starts so.
FURNITURE = re.compile(r"^(fig|image|caption|table|tbl|author|affil|notes?$|keywords?|kwd|ref-?list|references?$|bibliograph"
                       r"|citation|copyright|licen[cs]e|permissions|share|social|metrics|comments?$|breadcrumb|toolbar"
                       r"|sidebar|related|banner|cookie|advert|hide$|hidden$|sr-only|visually-hidden|skip)",
                       re.IGNORECASE)
CORE = {"abstract", "introduction", "methods", "results", "discussion", "conclusions"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "dos", "das", "le", "la", "ten", "ter"}


@reader("html", ".html", ".htm")
def read_html(source_file: str, digest: str, data: bytes) -> Document:
    text = decode(source_file, data)
    try:
        soup = BeautifulSoup(text, "lxml")
    except Exception as err:  # noqa: BLE001 - lxml reports broken markup in many ways
        raise ExtractionError(source_file, f"the HTML could not be parsed: {err}") from err
    if soup.find(["body", "p", "table", "div"]) is None:
        raise ExtractionError(source_file, "no HTML content (no body, paragraphs or tables)")
    for tag in soup.find_all(NOISE):
        tag.decompose()
    _citations(soup)
    _superscripts(soup)
    meta = _meta(soup)
    tables = _tables(soup)
    for br in soup.find_all("br"):
        br.replace_with(" ")
    out = Rendered()
    out.section("front")
    for line in (meta.get("title") or _title(soup), f"doi: {meta['doi']}" if meta.get("doi") else None):
        if line:
            out.add(line)
    _Walk(soup, out).run()
    for table in tables:
        out.add_table(table)
    return Document(source_file, digest, "html", out.text, tuple(out.grids),
                    {k: v for k, v in meta.items() if v}, out.sections)


def _citations(soup: BeautifulSoup) -> None:
    """A superscript citation in the prose (<sup><a href="#B4">4</a></sup>) is dropped with its
    brackets, so its digits never join the sentence's numbers; tables keep theirs."""
    for sup in soup.find_all("sup"):
        link = sup.find("a", href=True)
        if (link and str(link["href"]).startswith("#") and sup.find_parent("table") is None
                and NUMERIC_CITATION.fullmatch(sup.get_text())):
            sup.replace_with(CITATION)


def _superscripts(soup: BeautifulSoup) -> None:
    """10<sup>6</sup> is 10^6; footnote markers are dropped; other superscripts keep their text."""
    for sup in soup.find_all("sup"):
        before = sup.previous_sibling
        sup.replace_with(superscript(sup.get_text(), before if isinstance(before, str) else ""))
    soup.smooth()  # the replaced text joins the word before it ("SLE53", "10^6")


def _meta(soup: BeautifulSoup) -> dict:
    def get(*names: str) -> str | None:
        for name in names:
            tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
            if tag and tag.get("content"):
                return str(tag["content"]).strip()
        return None

    date = get("citation_publication_date", "citation_date", "dc.date", "DC.Date", "prism.publicationDate")
    year = re.search(r"(?:19|20)\d{2}", date or "")
    doi = get("citation_doi", "dc.identifier", "DC.Identifier", "prism.doi") or ""
    doi = re.sub(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", "", doi, flags=re.IGNORECASE)
    return {"title": get("citation_title", "dc.title", "DC.Title", "og:title"),
            "doi": doi if doi.startswith("10.") else None,
            "journal": get("citation_journal_title", "prism.publicationName"),
            "year": int(year.group(0)) if year else None,
            "first_author": surname(get("citation_author", "citation_authors", "dc.creator", "DC.Creator") or "")}


def surname(name: str) -> str | None:
    """The surname in an author's name as pages write it: "Zhang, Jun", "Jun Zhang", "Zhang J"."""
    name = one_line(name.split(";")[0])
    if "," in name:
        return name.split(",")[0].strip() or None
    words = [w for w in name.split() if w.strip(".").lower() not in SUFFIXES]
    if len(words) > 1 and re.fullmatch(r"[A-Z]{1,3}", words[-1]):
        return " ".join(words[:-1])  # surname and initials
    first = len(words) - 1
    while first > 0 and words[first - 1].lower() in PARTICLES:
        first -= 1
    return " ".join(words[first:]) or None


def _title(soup: BeautifulSoup) -> str | None:
    heading = soup.find("h1") or soup.find("title")
    return heading.get_text(" ", strip=True) if heading else None


def _attrs(tag: Tag) -> list[str]:
    return [*(tag.get("class") or []), tag.get("id") or ""]


def _marked(tag: Tag) -> bool:
    attrs = " ".join([*_attrs(tag), tag.get("aria-labelledby") or ""])
    return tag.name in ("section", "div", "article") and bool(ABSTRACT.search(attrs))


def _abstract_block(soup: BeautifulSoup) -> Tag | None:
    """The first block the page marks as the abstract that is of an abstract's length."""
    return next((b for b in soup.find_all(_marked) if 80 <= len(b.get_text(" ", strip=True)) <= 10000), None)


def _root(soup: BeautifulSoup, abstract: Tag | None) -> tuple[Tag, bool]:
    """The element holding the article: the closest one around its abstract and its section
    headings; with neither, the <article>, <main> or <body>. True when the article was found."""
    anchors = [h for h in soup.find_all(HEADINGS) if heading_kind(h.get_text(" ", strip=True)) in CORE]
    anchors += [abstract] if abstract is not None else []
    if not anchors:
        return soup.find("article") or soup.find("main") or soup.body or soup, False
    if len(anchors) == 1:
        return anchors[0].find_parent(["article", "main"]) or anchors[0].parent or soup, True
    for ancestor in anchors[0].parents:
        if all(any(p is ancestor for p in a.parents) for a in anchors[1:]):
            return ancestor, True
    return soup, True


class _Walk:
    """Renders the article's blocks in document order: a heading opens a section (a sub-heading
    takes its section's kind), the reference list is skipped to the next heading of its level, and
    text before the abstract or the first known heading (front matter) is left out."""

    def __init__(self, soup: BeautifulSoup, out: Rendered):
        self.out = out
        self.abstract = _abstract_block(soup)
        self.root, found = _root(soup, self.abstract)
        self.started = not found
        self.size = len(self.root.get_text())
        self.stack: list[tuple[int, tuple[str, bool]]] = []  # heading level, (kind, abstract)
        self.skip_level: int | None = None  # skipping the reference list, up to a heading of this level

    def run(self) -> None:
        self.walk(self.root)

    def walk(self, tag: Tag) -> None:
        run: list = []
        for child in tag.children:
            if isinstance(child, Tag) and (child.name in BLOCKS or child.find(HEADINGS)):
                self.paragraph(run)
                run = []
                self.block(child)
            elif isinstance(child, Tag) or type(child) is NavigableString:
                run.append(child)
        self.paragraph(run)

    def block(self, tag: Tag) -> None:
        if tag.name in HEADINGS:
            self.heading(tag)
        elif tag is self.abstract:
            self.enter_abstract(tag)
        elif not self.furniture(tag):
            self.walk(tag)

    def furniture(self, tag: Tag) -> bool:
        if tag.name in ("figure", "figcaption", "hr"):
            return True
        if not any(FURNITURE.match(a) for a in _attrs(tag) if a):
            return False
        holds_abstract = self.abstract is not None and any(p is tag for p in self.abstract.parents)
        return not holds_abstract and len(tag.get_text()) < 0.5 * self.size

    def enter_abstract(self, tag: Tag) -> None:
        saved, self.stack = self.stack, [(0, ("abstract", True))]
        self.started, self.skip_level = True, None
        self.out.section("abstract", "", True)
        self.walk(tag)
        self.stack = saved
        kind, abstract = saved[-1][1] if saved else ("other", False)
        self.out.section(kind, "", abstract)  # text after the abstract, before the next heading

    def heading(self, tag: Tag) -> None:
        title = tag.get_text(" ", strip=True)
        level, found = int(tag.name[1]), heading_kind(title)
        if not title or (self.skip_level is not None and level > self.skip_level) or (level == 1 and not found):
            return
        self.skip_level = None
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        kind, abstract = nested_kind(self.stack[-1][1] if self.stack else None, title)
        self.started = self.started or found is not None
        if kind == "references":
            self.skip_level = level
        elif self.started:
            self.out.section(kind, title, abstract)
            self.stack.append((level, (kind, abstract)))

    def paragraph(self, run: list) -> None:
        text = "".join(str(n) if isinstance(n, NavigableString) else n.get_text() for n in run)
        if not text.strip() or not self.started or self.skip_level is not None:
            return
        if self.stack and self.stack[-1][1] == ("abstract", True) and self.labelled(run, text):
            return
        self.out.add(text)

    def labelled(self, run: list, text: str) -> bool:
        """An abstract paragraph starting with its label in bold ("<b>Methods:</b> ...") opens the
        abstract's part the label names."""
        first = next((n for n in run if isinstance(n, Tag) or n.strip()), None)
        if not isinstance(first, Tag) or first.name not in ("strong", "b"):
            return False
        label = first.get_text()
        rest = text.lstrip()[len(label.lstrip()):]
        if not abstract_label(label, rest):
            return False
        kind, abstract = nested_kind(("abstract", True), label.strip())
        self.out.section(kind, label.strip(), abstract)
        self.out.add(re.sub(r"^\s*[:.]\s*", "", rest))
        return True


def _tables(soup: BeautifulSoup) -> list[RawTable]:
    """The page's tables, taken out of the page with their captions and footnotes."""
    found = soup.find_all("table")
    tables = [t for t in (_table(t) for t in found) if t.header and t.rows]
    wrappers = [_wrapper(t) for t in found]
    taken = {id(w) for w in wrappers}
    for wrapper in wrappers:
        if not any(id(p) in taken for p in wrapper.parents):
            wrapper.decompose()
    return tables


def _wrapper(table: Tag) -> Tag:
    """The table with the containers around it that hold nothing else (its caption, its notes)."""
    wrapper = table
    for parent in table.parents:
        if (parent.name not in ("div", "figure") or len(parent.find_all("table")) != 1 or parent.find(HEADINGS)
                or not (parent.name == "figure" or TABLE_WRAP.search(" ".join(_attrs(parent))))):
            break
        wrapper = parent
    return wrapper


_BREAK = "\x00"  # where a <br> stood in a cell


def _cell_lines(cell: Tag) -> list[str]:
    """A cell's lines, as its <br>s part them."""
    for br in cell.find_all("br"):
        br.replace_with(_BREAK)
    return [line for part in cell.get_text(" ", strip=True).split(_BREAK) if (line := part.strip())]


def _grid(rows: list[Tag], lists: bool = False) -> list[list[tuple[str, int, int]]]:
    """Rows of <td>/<th> as (text, rowspan, colspan) cells; a cell's lines joined by spaces. With
    `lists`, a row whose cells hold lists, one study per line, is one row per study (`_list_rows`)."""
    read = [[(_cell_lines(td), span(td.get("rowspan")), span(td.get("colspan")))
             for td in tr.find_all(["td", "th"], recursive=False)] for tr in rows]
    if lists:
        return _list_rows(read)
    return [[(" ".join(lines), down, across) for lines, down, across in row] for row in read]


def _list_rows(rows: list[list[tuple[list[str], int, int]]]) -> list[list[tuple[str, int, int]]]:
    """Rows whose cells each hold a list (one study per line, between <br>s: the HTML form of a table
    printed column by column) split into one row per study; a cell holding one value for all of them
    spans the new rows, and a cell of a row above that spans this one spans its new rows too."""
    out: list[list[list]] = []
    spanning: list[tuple[list, int]] = []  # a cell put out, and the last source row it covers
    for index, row in enumerate(rows):
        values = list_values([lines for lines, _, _ in row])
        count = max((len(v) for v in values if isinstance(v, list)), default=1) if values else 1
        for cell, last in spanning:
            if last >= index:
                cell[1] += count - 1
        new_rows: list[list[list]] = [[] for _ in range(count)]
        for k, (lines, down, across) in enumerate(row):
            value = values[k] if values else " ".join(lines)
            if isinstance(value, list):
                for r in range(count):
                    new_rows[r].append([value[r], 1, across])
            else:
                cell = [value, down + count - 1, across]
                new_rows[0].append(cell)
                if down > 1:
                    spanning.append((cell, index + down - 1))
        out += new_rows
    return [[(text, down, across) for text, down, across in row] for row in out]


def _table(table: Tag) -> RawTable:
    thead = table.find("thead")
    head_rows = thead.find_all("tr") if thead else []
    body_rows = [tr for tr in table.find_all("tr") if tr not in head_rows and tr.find_parent("table") is table]
    return table_of(_grid(head_rows), _grid(body_rows, lists=True), _caption(table), _footnotes(table))


def _own_wraps(table: Tag) -> list[Tag]:
    """The (at most two) containers around a table that hold no other table: where its caption
    and footnotes are."""
    return [w for w in table.find_parents(["div", "figure", "section"], limit=2) if len(w.find_all("table")) == 1]


def _caption(table: Tag) -> str | None:
    caption = table.find("caption")
    if caption:
        return caption.get_text(" ", strip=True)
    for wrap in _own_wraps(table):
        found = wrap.find(lambda t: t is not table and t.name in ("div", "span", "p", "h2", "h3", "h4", "figcaption")
                          and bool(CAPTION.search(" ".join(t.get("class") or []))))
        if found:
            return found.get_text(" ", strip=True)
    return None


def _footnotes(table: Tag) -> str | None:
    foot = table.find("tfoot")
    parts = [foot.get_text(" ", strip=True)] if foot else []
    for wrap in _own_wraps(table):
        for tag in wrap.find_all(lambda t: t.name in ("div", "p", "span", "figcaption")
                                 and bool(FOOTNOTE.search(" ".join(t.get("class") or [])))):
            if not any(p in parts for p in [tag.get_text(" ", strip=True)]):
                parts.append(tag.get_text(" ", strip=True))
    if foot:
        foot.decompose()
    return "; ".join(p for p in parts if p) or None

