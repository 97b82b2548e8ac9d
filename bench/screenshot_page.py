"""The whole of an HTML page as a browser lays it out at one width, as PNG screenshots, with no
height to guess: headless Chromium driven over its DevTools pipe (standard library only) loads the
page, reads the laid-out height (Page.getLayoutMetrics) and captures it top to bottom, in one
image or, for a page taller than PART_HEIGHT, in numbered parts (OUT-1.png, OUT-2.png, ...).

    python bench/screenshot_page.py BROWSER PAGE.html OUT.png [WIDTH]

Prints the page's height and each image written. Used by bench/screenshot_report.sh."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from base64 import b64decode
from pathlib import Path

WIDTH = 1280
PART_HEIGHT = 12000  # px per image; a GPU texture holds about 16k px, so a taller page comes in parts
TIMEOUT = 60.0  # seconds for the page to load


class Browser:
    """Chromium with --remote-debugging-pipe: commands are written to its fd 3 and answers read
    from its fd 4, each a JSON message ended by a NUL byte."""

    def __init__(self, executable: str, profile: str):
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()
        self.process = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={profile}", "--remote-debugging-pipe"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, close_fds=False,
            preexec_fn=lambda: _as_fds_3_and_4(to_browser, from_browser))
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next_id = 0

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._message()
            if answer.get("id") == self._next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error'].get('message')}")
                return answer.get("result", {})

    def wait_for(self, event: str) -> None:
        while self._message().get("method") != event:
            pass

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("the browser closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _as_fds_3_and_4(reading: int, writing: int) -> None:
    """In the browser's process, before it starts: its pipe ends as fds 3 and 4 (copied high
    first, so neither is overwritten by the other); every other descriptor closes on exec."""
    reading, writing = os.dup(reading), os.dup(writing)
    os.dup2(reading, 3)
    os.dup2(writing, 4)


def part_paths(out: Path, parts: int) -> list[Path]:
    return [out] if parts == 1 else [out.with_name(f"{out.stem}-{i}{out.suffix}") for i in range(1, parts + 1)]


def screenshot(executable: str, page: Path, out: Path, width: int = WIDTH) -> tuple[int, int, list[Path]]:
    """The page's laid-out height and width (wider than `width` when something does not fit) at
    `width` CSS px, and the images written."""
    import signal

    def too_slow(*_):
        raise TimeoutError(f"{page} was not loaded and captured within {TIMEOUT:g} s")

    signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(int(TIMEOUT))
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(executable, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session)
            browser.send("Page.enable", session=session)
            browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session)
            browser.wait_for("Page.loadEventFired")
            size = browser.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
            height, laid_out_width = int(round(size["height"])), int(round(size["width"]))
            paths = part_paths(out, max(1, -(-height // PART_HEIGHT)))
            for number, path in enumerate(paths):
                top = number * PART_HEIGHT
                clip = {"x": 0, "y": top, "width": width, "height": min(PART_HEIGHT, height - top), "scale": 1}
                image = browser.send("Page.captureScreenshot",
                                     {"format": "png", "clip": clip, "captureBeyondViewport": True}, session)
                path.write_bytes(b64decode(image["data"]))
        finally:
            browser.close()
            signal.alarm(0)
    return height, laid_out_width, paths


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    width = int(argv[3]) if len(argv) == 4 else WIDTH
    height, laid_out_width, paths = screenshot(argv[0], Path(argv[1]), Path(argv[2]), width)
    overflow = f" (its content is {laid_out_width} px wide: wider than the window)" if laid_out_width > width else ""
    print(f"page height: {height} px at {width} px wide{overflow}")
    for path in paths:
        print(f"screenshot: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
