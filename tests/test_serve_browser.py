"""``newsletter serve`` in Chromium: after a save the edited page reloads as soon as the
build has written it, says that search and the listings are still updating, and the
other open pages reload when the build ends.

The server, its builds and the browser are real. The site's ``conf.py`` holds the
build's end back (a ``build-finished`` handler that waits for a file the test
creates), so the order is the test's to observe and not a race with the clock.
"""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser import chromium_session, desktop_tab
from conftest import copy_root, edit_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO = Path(__file__).parent.parent
SERVE = [sys.executable, "-m", "sphinx_newsletter", "serve"]

HOLD = '''

def _hold(app, exception):
    """Wait, after the kit's search, listings and feeds and before the build ends,
    until the test lets the build go on (the file ``release`` beside the site appears:
    outside it, so that the server does not take it for an edit)."""
    import pathlib, time
    release = pathlib.Path(app.srcdir).parent / "release"
    for _ in range(1200):
        if release.exists():
            release.unlink()
            return
        time.sleep(0.05)


def setup(app):
    app.connect("build-finished", _hold, priority=990)
'''


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _ready(url: str, text: str, seconds: float = 240) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8"):
                    return True
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            pass  # not serving yet, or a page read while the build writes it
        time.sleep(0.3)
    return False


def _logged(log, text: str, seconds: float = 240) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        log.seek(0)
        if text in log.read():
            return True
        time.sleep(0.3)
    return False


def test_serve_reloads_the_edited_page_before_search_and_listings(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    site = copy_root("basic", tmp_path / "site")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(HOLD)
    release = tmp_path / "release"
    release.touch()  # the first build goes through
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    server = subprocess.Popen(
        [*SERVE, "--source", str(site), "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _ready(f"{base}issues/0002/", "China AI dreams of Sora"), "serve never served"
        assert _ready(f"{base}issues/0002/", "nl-live-note")  # the script is on the page
        assert _logged(log, "built; the open pages are reloaded"), "the first build never ended"
        assert not release.exists()
        with (
            chromium_session() as browser,
            desktop_tab(browser) as issue,
            desktop_tab(browser) as listing,
        ):
            events: list[str] = []
            issue.on("load", lambda _: events.append("issue loaded"))
            listing.on("load", lambda _: events.append("listing loaded"))
            issue.goto(f"{base}issues/0002/")
            listing.goto(f"{base}topics/ai/")
            # Both pages are listening before the save.
            for page in (issue, listing):
                page.wait_for_function("window.performance.now() > 0")
            time.sleep(1.5)
            events.clear()
            edit_file(site / "issues" / "0002.md", "# China AI dreams of Sora", "# Sora, edited")
            # The build writes the page, then holds before its end: the edited page
            # has reloaded by then, with the edit, and says what is still coming.
            issue.locator("h1", has_text="Sora, edited").first.wait_for(
                state="attached", timeout=240_000
            )
            note = issue.locator("#nl-live-note")
            note.wait_for(timeout=30_000)
            assert "Search and listings are still updating" in note.inner_text()
            assert events == ["issue loaded"], events
            assert not release.exists()
            release.touch()  # the build may end
            note.wait_for(state="detached", timeout=120_000)
            listing.wait_for_function("document.readyState === 'complete'", timeout=120_000)
            deadline = time.monotonic() + 60
            while "listing loaded" not in events and time.monotonic() < deadline:
                listing.wait_for_timeout(200)
            # The listing page reloaded only at the build's end; the edited page
            # did not reload a second time.
            assert events == ["issue loaded", "listing loaded"], events
            assert issue.locator("h1", has_text="Sora, edited").count() >= 1
    finally:
        release.touch()
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        output = log.read()
    assert "updating environment: " in output
