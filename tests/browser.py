"""Helpers for the browser tests: find Chromium and axe-core, serve a built site, run axe,
search it."""

from __future__ import annotations

import functools
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def require(path: Path, how_to_get_it: str) -> None:
    """Fail (in CI) or skip (locally) when a file the browser tests need is missing."""
    if path.exists():
        return
    message = f"{path} is missing: {how_to_get_it}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless (Playwright's own browser downloads fail here)."""
    require(CHROMIUM, "install it with `apt-get install chromium`")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@contextmanager
def chromium_session() -> Iterator[Browser]:
    """Playwright and one Chromium, closed on exit.

    Start it only once every site the tests need is built: a process a build forks
    after Playwright's driver starts inherits the driver's pipe and keeps it waiting.
    """
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without printing a line per request into the test output."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def desktop_tab(browser: Browser, **options: Any) -> Iterator[Page]:
    """A fresh tab, 1280 by 800 pixels, in a context of its own (empty storage), closed after;
    ``options`` go to the context (``color_scheme="light"``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (dirhtml URLs need a server); yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def axe_violations(page: Page, impacts: frozenset[str]) -> list[dict[str, Any]]:
    """Run axe-core on the loaded page; the violations of the given impacts."""
    require(AXE, "run `npm install` at the repository root (`make test` does)")
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in impacts]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation: id, impact, help and the first offending element."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -- first at {v['nodes'][0]['target']}"
        f" ({len(v['nodes'])} in all)"
        for v in violations
    )


def search(page: Page, base: str, query: str, path: str = "search/") -> list[tuple[str, str]]:
    """Open the search page (``search/?<query>``); the results' (title, link) once the
    search is done. ``path`` is the page's address (``search.html`` under ``html``)."""
    page.goto(f"{base}/{path}?{query}")
    # Done when the status is no longer "Searching…" (in the site's language).
    expect(page.locator(".nl-search-status")).to_have_text(re.compile(r"[^…\s]\s*$"))
    links = page.locator(".nl-search-result h2 a")
    return [
        (links.nth(i).inner_text(), links.nth(i).get_attribute("href"))
        for i in range(links.count())
    ]
