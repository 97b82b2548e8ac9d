"""bench/screenshot_page.py captures a whole page without a height to guess: the laid-out height is
measured, and a page taller than one image comes in parts that add up to it. Needs Chromium; skipped
where none is installed."""

import shutil

import pytest
from PIL import Image

from bench import screenshot_page

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed")

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>body { margin: 0 } div { height: 2500px; background: #1f4e79 } p { height: 700px; margin: 0 }</style></head>
<body><div></div><p>the end</p></body></html>"""


def test_the_whole_page_is_captured_in_parts_that_add_up_to_its_height(tmp_path, monkeypatch):
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    monkeypatch.setattr(screenshot_page, "PART_HEIGHT", 1500)
    height, width, paths = screenshot_page.screenshot(BROWSER, page, tmp_path / "page.png")
    assert (height, width) == (3200, 1280)
    assert [p.name for p in paths] == ["page-1.png", "page-2.png", "page-3.png"]
    sizes = [Image.open(p).size for p in paths]
    assert sizes == [(1280, 1500), (1280, 1500), (1280, 200)]
    assert Image.open(paths[0]).getpixel((640, 100))[:3] == (0x1F, 0x4E, 0x79)  # the top of the page, drawn
