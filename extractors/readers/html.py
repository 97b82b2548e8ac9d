"""Journal article pages (PMC, BioMed Central, Frontiers, Springer and the like)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from extractors.document import Cell, Document, ExtractionError
from extractors.readers.registry import decode, reader
from extractors.readers.render import RawTable, render

NOISE = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe"]
ABSTRACT = re.compile(r"abstract|abs1|summary", re.IGNORECASE)
FOOTNOTE = re.compile(r"foot|fn|legend|note", re.IGNORECASE)
CAPTION = re.compile(r"caption|label|title", re.IGNORECASE)


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
    _superscripts(soup)
    meta = _meta(soup)
    tables = [_table(t) for t in soup.find_all("table")]
    tables = [t for t in tables if t.header and t.rows]
    for t in soup.find_all("table"):
        t.decompose()
    prose = _prose(soup)
    head = [f"doi: {meta['doi']}"] if meta.get("doi") else []
    rendered = render(meta.get("title") or _title(soup), head, prose, tables)
    return Document(source_file, digest, "html", rendered.text, tuple(rendered.grids),
                    {k: v for k, v in meta.items() if v})


def _superscripts(soup: BeautifulSoup) -> None:
    """10<sup>6</sup> is 10^6; other superscripts (citations, markers) keep their text."""
    for sup in soup.find_all("sup"):
        content = sup.get_text().strip().replace("−", "-")
        before = sup.previous_sibling
        if re.fullmatch(r"-?\d{1,2}", content) and isinstance(before, str) and re.search(r"10\s*$", before):
            content = f"^{content}"
        elif re.fullmatch(r"[a-z*†‡§¶#,]{1,3}", content):
            content = ""  # a footnote marker ("Crohn's disease<sup>a</sup>")
        sup.replace_with(content)
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
            "year": int(year.group(0)) if year else None}


def _title(soup: BeautifulSoup) -> str | None:
    heading = soup.find("h1") or soup.find("title")
    return heading.get_text(" ", strip=True) if heading else None


def _prose(soup: BeautifulSoup) -> list[str]:
    """The abstract's paragraphs when the page marks one, else every paragraph."""
    def marked(tag: Tag) -> bool:
        attrs = " ".join([tag.get("id") or "", *(tag.get("class") or []), tag.get("aria-labelledby") or ""])
        return tag.name in ("section", "div", "article") and bool(ABSTRACT.search(attrs))

    blocks = soup.find_all(marked)
    if blocks:
        outer = [b for b in blocks if not any(p in blocks for p in b.parents)]
        return [_paragraph(p) for block in outer for p in (block.find_all(["p", "li"]) or [block])]
    return [_paragraph(p) for p in soup.find_all(["p", "li"])]


def _paragraph(tag: Tag) -> str:
    return tag.get_text(" ", strip=True)


def _cell_text(cell: Tag) -> str:
    for br in cell.find_all("br"):
        br.replace_with(" ")
    return cell.get_text(" ", strip=True)


def _grid(rows: list[Tag]) -> list[list[Cell]]:
    """Rows of <td>/<th> with rowspan and colspan expanded; spanned positions are 'inherited'."""
    grid: list[list[Cell]] = []
    carry: dict[int, tuple[str, int]] = {}  # column -> (text, rows it still covers)
    for tr in rows:
        row: dict[int, Cell] = {}
        for col, (text, left) in list(carry.items()):
            row[col] = Cell(text, inherited=True)
            if left <= 1:
                del carry[col]
            else:
                carry[col] = (text, left - 1)
        col = 0
        for td in tr.find_all(["td", "th"], recursive=False):
            while col in row:
                col += 1
            text, down = _cell_text(td), _int(td.get("rowspan"))
            for k in range(_int(td.get("colspan"))):
                row[col] = Cell(text, inherited=k > 0)
                if down > 1:
                    carry[col] = (text, down - 1)
                col += 1
        grid.append([row.get(c, Cell("", True)) for c in range(max(row) + 1 if row else 0)])
    width = max((len(r) for r in grid), default=0)
    return [r + [Cell("", True)] * (width - len(r)) for r in grid]


def _int(value) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def _table(table: Tag) -> RawTable:
    thead = table.find("thead")
    head_rows = thead.find_all("tr") if thead else []
    body_rows = [tr for tr in table.find_all("tr") if tr not in head_rows and tr.find_parent("table") is table]
    if not head_rows and body_rows and body_rows[0].find("th") and not body_rows[0].find("td"):
        head_rows, body_rows = body_rows[:1], body_rows[1:]
    if not head_rows and body_rows:  # no marked header: the first row is one
        head_rows, body_rows = body_rows[:1], body_rows[1:]
    header_grid = _grid(head_rows)
    header = [" ".join(dict.fromkeys(r[c].text for r in header_grid if c < len(r) and r[c].text))
              for c in range(max((len(r) for r in header_grid), default=0))]
    rows = [r for r in _grid(body_rows) if any(c.text and not c.inherited for c in r)]
    return RawTable(header, rows, _caption(table), _footnotes(table))


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
