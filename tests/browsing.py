"""Pages opened in a real browser, Debian's Chromium driven by Playwright, for the tests that measure what a reader
sees. A machine without either skips those tests with one line saying what to install (`.ci/run` installs
Chromium; `make test` installs Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("TERMSHEET_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox"]


@contextmanager
def a_page(width: int, height: int = 900) -> Iterator[Any]:
    """A fresh browser page, ``width`` by ``height`` px, closed with its browser after use."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: make test does")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def open_page(page: Any, path: Path) -> None:
    """``path`` loaded, its fonts too: a measure taken before they are is of the fallback font's widths."""
    page.goto(path.as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")


def measured_at_widths(path: Path, script: str, widths: Sequence[int], *args: Any, height: int = 900) -> dict[int, Any]:
    """What ``script`` returns at each window width, the page loaded once at the first and then resized: the
    layout (media queries included) is computed again for each width."""
    found = {}
    with a_page(widths[0], height) as page:
        open_page(page, path)
        for width in widths:
            page.set_viewport_size({"width": width, "height": height})
            found[width] = page.evaluate(script, *args)
    return found
