"""``newsletter links check``'s checker against real local HTTP servers.

Two sites on 127.0.0.1 and 127.0.0.2 (two hosts to the checker): the first answers
200, redirect chains and a loop, 404, 410, a 429 with ``Retry-After``, a response
slower than the timeout, and a redirect to the other site's home page (a soft 404);
the second refuses ``HEAD``. The record is read after one check and after checks a
week apart, the clock injected.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from sphinx_newsletter.health.check import USER_AGENT, CheckSettings, run_check
from sphinx_newsletter.linkhealth import LinkRecord, parse_record


class Site(ThreadingHTTPServer):
    """A server that logs each request: (method, path, User-Agent, time)."""

    daemon_threads = True

    def __init__(self, host: str, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__((host, 0), handler)
        self.log: list[tuple[str, str, str, float]] = []
        self.hits: Counter[str] = Counter()
        self.other = ""

    @property
    def base(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Answers(BaseHTTPRequestHandler):
    """Site A's paths."""

    server: Site

    def do_HEAD(self) -> None:
        self.answer()

    def do_GET(self) -> None:
        self.answer()

    def answer(self) -> None:
        self.server.log.append(
            (self.command, self.path, self.headers.get("User-Agent", ""), time.monotonic())
        )
        self.server.hits[self.path] += 1
        path = self.path
        if path == "/ok":
            self.reply(200)
        elif path == "/chain":
            self.reply(301, "/chain2")
        elif path == "/chain2":
            self.reply(302, f"{self.server.base}/ok")
        elif path == "/loop":
            self.reply(301, "/loop2")
        elif path == "/loop2":
            self.reply(301, "/loop")
        elif path == "/gone":
            self.reply(410)
        elif path == "/busy" and self.server.hits[path] == 1:
            self.reply(429, extra={"Retry-After": "1"})
        elif path == "/busy":
            self.reply(200)
        elif path == "/slow":
            time.sleep(1.5)
            self.reply(200)
        elif path == "/%E6%97%A5%E6%9C%AC":  # /日本, percent-encoded by the checker
            self.reply(200)
        elif path == "/soft":
            self.reply(301, f"{self.server.other}/")
        else:
            self.reply(404)

    def reply(self, status: int, location: str = "", extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


class RefusesHead(Answers):
    """Site B: every page is there, but HEAD is refused."""

    def do_HEAD(self) -> None:
        self.server.log.append((self.command, self.path, "", time.monotonic()))
        self.reply(405)

    def answer(self) -> None:
        self.server.log.append((self.command, self.path, "", time.monotonic()))
        self.reply(200)


def _serve(site: Site) -> None:
    threading.Thread(target=site.serve_forever, daemon=True).start()


@pytest.fixture
def sites() -> Iterator[tuple[Site, Site]]:
    a = Site("127.0.0.1", Answers)
    try:
        b = Site("127.0.0.2", RefusesHead)
    except OSError:
        a.server_close()
        pytest.skip("127.0.0.2 is not a loopback address here")
    a.other = b.base
    _serve(a)
    _serve(b)
    yield a, b
    for site in (a, b):
        site.shutdown()
        site.server_close()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


FAST = CheckSettings(timeout=0.5, tries=3, per_host=2, max_retry_after=5)
DAY = dt.date(2026, 12, 7)


def urls_of(a: Site, b: Site) -> dict[str, str]:
    names = ["ok", "chain", "loop", "missing", "gone", "busy", "slow", "soft"]
    urls = {name: f"{a.base}/{name}" for name in names}
    urls["head-refused"] = f"{b.base}/article"
    urls["refused"] = f"http://127.0.0.1:{closed_port()}/x"
    return urls


def test_one_check_records_what_each_kind_of_answer_means(sites):
    a, b = sites
    urls = urls_of(a, b)
    record = run_check(LinkRecord(), urls.values(), DAY, FAST)
    state = {name: record.states[url] for name, url in urls.items()}
    assert record.checked == DAY
    assert {name for name, s in state.items() if s.status == "ok"} == {
        "ok",
        "chain",
        "busy",
        "head-refused",
    }
    assert state["chain"].final == f"{a.base}/ok"
    assert state["ok"].final == ""
    reasons = {name: s.reason for name, s in state.items() if s.status == "failing"}
    assert reasons == {
        "loop": "redirect-loop",
        "missing": "404",
        "gone": "410",
        "slow": "timeout",
        "soft": "soft-404",
        "refused": "connect",
    }
    # One check is never enough to call a link dead.
    assert all(s.since == DAY and s.dead_since is None for s in state.values())
    assert record.last_success(state["ok"]) == DAY
    assert record.last_failure(state["missing"]) == DAY


def test_the_checker_says_who_it_is_tries_head_first_and_waits_as_told(sites):
    a, b = sites
    urls = urls_of(a, b)
    run_check(LinkRecord(), urls.values(), DAY, FAST)
    assert {agent for _, _, agent, _ in a.log} == {USER_AGENT}
    assert [m for m, path, _, _ in b.log if path == "/article"] == ["HEAD", "GET"]
    busy = [when for _, path, _, when in a.log if path == "/busy"]
    assert len(busy) == 2 and busy[1] - busy[0] >= 1.0  # Retry-After: 1
    # A timeout is tried three times before it counts.
    assert a.hits["/slow"] == 3
    # A 404 answer to HEAD is asked again with GET (hosts that refuse HEAD say 404 too).
    assert [m for m, path, _, _ in a.log if path == "/missing"] == ["HEAD", "GET"]


def test_a_link_is_dead_after_failing_on_two_checks_a_week_apart(sites):
    a, b = sites
    urls = urls_of(a, b)
    first = run_check(LinkRecord(), urls.values(), DAY, FAST)
    soon = run_check(first, urls.values(), DAY + dt.timedelta(days=6), FAST)
    assert not any(s.dead for s in soon.states.values())
    week = run_check(soon, urls.values(), DAY + dt.timedelta(days=7), FAST)
    dead = {url for url, s in week.states.items() if s.dead}
    assert dead == {urls[n] for n in ("loop", "missing", "gone", "slow", "soft", "refused")}
    missing = week.states[urls["missing"]]
    assert (missing.since, missing.dead_since) == (DAY, DAY + dt.timedelta(days=7))
    # Lines change only with their state: the healthy ones are the same bytes.
    lines = [set(r.text().splitlines()) for r in (first, soon, week)]
    assert first.states[urls["ok"]].line() in lines[1] & lines[2]
    changed = (lines[2] - lines[1]) - {f"checked\t{week.checked}"}
    assert {line.split("\t")[0] for line in changed} == dead


def test_a_dead_link_that_answers_again_is_ok_with_its_last_failure():
    from sphinx_newsletter.health.check import Outcome, updated_record

    url = "https://news.example/back"
    record = LinkRecord()
    for day, result in ((0, "failed"), (7, "failed"), (14, "ok")):
        outcome = Outcome(result, "404" if result == "failed" else "")
        record = updated_record(record, {url: outcome}, DAY + dt.timedelta(days=day))
    state = record.states[url]
    assert (state.status, state.since, state.last_failed) == (
        "ok",
        DAY + dt.timedelta(days=14),
        DAY + dt.timedelta(days=7),
    )


def test_the_record_reads_back_what_it_wrote(sites):
    a, b = sites
    record = run_check(LinkRecord(), urls_of(a, b).values(), DAY, FAST)
    again, problems = parse_record(record.text())
    assert problems == []
    assert again.text() == record.text()
    lines = [line for line in record.text().splitlines() if not line.startswith(("#", "checked"))]
    assert lines == sorted(lines)


def test_an_address_in_another_script_is_asked_percent_encoded(sites):
    a, _ = sites
    url = f"{a.base}/日本"
    record = run_check(LinkRecord(), [url], DAY, FAST)
    assert record.states[url].status == "ok"
    assert [path for _, path, _, _ in a.log] == ["/%E6%97%A5%E6%9C%AC"]
