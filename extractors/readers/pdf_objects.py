"""A page's characters as pdfplumber describes them, made faster.

pdfplumber turns each character pdfminer lays out into a dict by running every attribute through
its resolver, which is most of its own share of a page's reading. A character's attributes are
plain numbers and strings but for a few (its matrix, its colour space), so only those are
resolved here; the dict is the one pdfplumber makes, key for key (the tests compare them). Every
other object, and a character in a case this does not cover, goes through pdfplumber's own code.
"""

from __future__ import annotations

from pdfminer.layout import LTChar
from pdfplumber.page import ALL_ATTRS
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

_PLAIN = (float, int, str, type(None))


def quick_chars(page) -> None:
    """Have `page` (a pdfplumber page not yet parsed) make its characters' dicts the quick way."""
    general = page.process_object
    if page.pdf.unicode_norm is not None or page.mediabox[0] != 0:
        return
    mb_top = page.mediabox[1]

    def process(obj):
        if type(obj) is not LTChar or isinstance(getattr(obj, "fontname", None), bytes):
            return general(obj)
        attr = {k: v if type(v) in _PLAIN else resolve_all(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = page.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = resolve_and_decode(getattr(obj, cs).name)
        attr["text"] = obj.get_text()
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        attr["top"] = (page.height - attr["y1"]) + mb_top
        attr["bottom"] = (page.height - attr["y0"]) + mb_top
        attr["doctop"] = page.initial_doctop + attr["top"]
        return attr

    page.process_object = process
