"""``newsletter links check``, ``report`` and ``save`` on a site, against local servers.

The ``basic`` root's article links are pointed at a local server; two checks a week
apart make its missing pages dead, the report names them at their file and line,
and the next build shows their archived copies. ``save`` talks to a local server
that answers as the web archive's Save Page Now does.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from conftest import build_site, copy_root
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.linkhealth import parse_record
from test_cli import line_of

ALIVE = {"/sora", "/3ac-again"}


class Pages(BaseHTTPRequestHandler):
    """The articles: two alive, the others gone (404)."""

    def do_HEAD(self) -> None:
        self.send_response(200 if self.path in ALIVE else 404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


class SavePageNow(BaseHTTPRequestHandler):
    """``POST /save`` gives a job; ``GET /save/status/<job>`` its snapshot's timestamp."""

    server: Archive

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        url = parse_qs(self.rfile.read(length).decode())["url"][0]
        self.server.asked.append((url, self.headers.get("Authorization", "")))
        self.answer({"url": url, "job_id": f"job-{len(self.server.asked)}"})

    def do_GET(self) -> None:
        self.answer({"status": "success", "timestamp": "20261207093000"})

    def answer(self, body: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


class Archive(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SavePageNow)
        self.asked: list[tuple[str, str]] = []


def _served(server: ThreadingHTTPServer) -> Iterator[str]:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    srcdir = copy_root("basic", tmp_path / "site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    for base in _served(server):
        for issue in (srcdir / "issues").glob("*.md"):
            text = issue.read_text(encoding="utf-8")
            issue.write_text(text.replace("https://news.example", base), encoding="utf-8")
        yield srcdir


def links(*argv: str) -> int:
    return main(["links", *argv])


def test_two_checks_a_week_apart_then_the_report_and_the_build_show_the_dead(site, capsys):
    record = site / "link-health.tsv"
    assert links("check", "--source", str(site), "--today", "2026-12-07", "--timeout", "2") == 0
    first, problems = parse_record(record.read_text(encoding="utf-8"))
    assert problems == []
    statuses = {url.rsplit("/", 1)[-1]: state.status for url, state in first.states.items()}
    # Published recommendations only: the draft's link is not asked.
    assert statuses == {
        "sora": "ok",
        "3ac-again": "ok",
        "3ac": "failing",
        "chip-renaissance": "failing",
    }
    assert links("report", "--source", str(site)) == 0
    assert "No dead links." in capsys.readouterr().out
    assert links("check", "--source", str(site), "--today", "2026-12-14", "--timeout", "2") == 0
    second, _ = parse_record(record.read_text(encoding="utf-8"))
    assert {u.rsplit("/", 1)[-1] for u, s in second.states.items() if s.dead} == {
        "3ac",
        "chip-renaissance",
    }
    capsys.readouterr()
    assert links("report", "--source", str(site)) == 1
    report = capsys.readouterr().out.splitlines()
    issue = site / "issues" / "0001.md"
    assert [line.split(" ", 1)[0] for line in report] == [
        f"issues/0001.md:{line_of(issue, '{recommendation} TSMC founder')}:",
        f"issues/0001.md:{line_of(issue, '{recommendation} Su Zhu')}:",
    ]
    built = build_site(site)
    assert built.of("links") == []
    page = built.page("issues/0001/")
    marked = {a.find_parent("article")["id"] for a in page.select("a.archived-copy")}
    assert marked == {"three-arrows", "tsmc-founder-morris-chang-predicts-japan-chip-renaissance"}


def test_save_asks_the_archive_for_the_newest_issue_and_records_each_snapshot(
    site, monkeypatch, capsys
):
    archive = Archive()
    for base in _served(archive):
        monkeypatch.setenv("NEWSLETTER_ARCHIVE_SAVE_URL", f"{base}/save")
        monkeypatch.setenv("NEWSLETTER_ARCHIVE_ACCESS_KEY", "access")
        monkeypatch.setenv("NEWSLETTER_ARCHIVE_SECRET_KEY", "secret")
        monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
        assert links("save", "--source", str(site), "--interval", "0") == 0
    # Issue 2 is the newest published one (3 is a draft): its two links.
    asked = sorted(url.rsplit("/", 1)[-1] for url, _ in archive.asked)
    assert asked == ["3ac-again", "sora"]
    assert {auth for _, auth in archive.asked} == {"LOW access:secret"}
    record, _ = parse_record((site / "link-health.tsv").read_text(encoding="utf-8"))
    snapshots = {url: state.snapshot for url, state in record.states.items()}
    assert snapshots == {
        url: f"https://web.archive.org/web/20261207093000/{url}" for url, _ in archive.asked
    }


KEYS = {"NEWSLETTER_ARCHIVE_ACCESS_KEY": "a", "NEWSLETTER_ARCHIVE_SECRET_KEY": "s"}


@pytest.mark.parametrize(
    "environment",
    [
        {"GITHUB_EVENT_NAME": "pull_request", **KEYS},
        {"GITHUB_EVENT_NAME": "pull_request_target", **KEYS},
        {"NEWSLETTER_ARCHIVE_ACCESS_KEY": "a"},  # no secret key
    ],
)
def test_save_refuses_in_a_pull_request_or_without_both_keys(environment, site, monkeypatch):
    archive = Archive()
    for base in _served(archive):
        monkeypatch.setenv("NEWSLETTER_ARCHIVE_SAVE_URL", f"{base}/save")
        for name in ("GITHUB_EVENT_NAME", *KEYS):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        assert links("save", "--source", str(site), "--interval", "0") == 2
    assert archive.asked == []
    assert not (site / "link-health.tsv").exists()
