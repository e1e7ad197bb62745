"""``sphinx-build -b linkcheck`` checks every recommendation and sponsor link.

A local HTTP server answers with good, redirecting, missing and slow links; the
report names each bad link's issue file and line.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import build_site


class Links(BaseHTTPRequestHandler):
    """/good answers, /moved redirects to it, /missing is 404, /slow takes too long."""

    def do_HEAD(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def _answer(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(3)
        if self.path.startswith("/moved"):
            self.send_response(301)
            self.send_header("Location", "/good")
        elif self.path.startswith(("/good", "/slow")):
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Links)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


ISSUE = """---
number: 1
date: 2024-01-06
description: Links of every kind.
---

# Links

:::{{recommendation}} A good link
:url: {base}/good

Fine.
:::

:::{{recommendation}} A moved link
:url: {base}/moved

Redirects.
:::

:::{{recommendation}} A missing link
:url: {base}/missing

Gone.
:::

:::{{recommendation}} A slow link
:url: {base}/slow

Too slow.
:::

:::{{sponsor}} Sponsor
:url: {base}/sponsor-gone

Buy.
:::
"""


def test_linkcheck_names_each_bad_link_with_its_issue_and_line(server, tmp_path: Path):
    (tmp_path / "issues").mkdir()
    (tmp_path / "conf.py").write_text(
        'project = "Links"\nextensions = ["sphinx_newsletter"]\n'
        'html_baseurl = "https://links.example/"\n'
        'newsletter_subscribe = {"url": "https://links.example/subscribe/"}\n',
        encoding="utf-8",
    )
    (tmp_path / "index.md").write_text("# Links\n", encoding="utf-8")
    (tmp_path / "issues/0001.md").write_text(ISSUE.format(base=server), encoding="utf-8")
    site = build_site(
        tmp_path, builder="linkcheck", linkcheck_timeout=1, linkcheck_retries=1, linkcheck_workers=4
    )
    results = {
        r["uri"].rsplit("/", 1)[-1]: r
        for r in map(json.loads, (site.outdir / "output.json").read_text().splitlines())
    }
    assert results["good"]["status"] == "working"
    assert results["moved"]["status"] == "redirected"
    assert results["missing"]["status"] == "broken"
    assert results["slow"]["status"] in ("broken", "timeout")
    assert results["sponsor-gone"]["status"] == "broken"
    lines = {name: (r["filename"], r["lineno"]) for name, r in results.items()}
    assert lines["missing"] == ("issues/0001.md", 22)
    assert lines["sponsor-gone"] == ("issues/0001.md", 34)
    report = (site.outdir / "output.txt").read_text()
    assert "issues/0001.md:22: [broken]" in report
