"""``python -m benchmarks.linkcheck``: how long ``newsletter links check`` takes on an archive.

A generated archive (665 issues of 42 recommendations, as ``benchmarks.check``
makes it: about 28,000 links) has its article links pointed at local HTTP servers
on ``127.0.0.1`` ... ``127.0.0.N`` (``--hosts``; each address is a host to the
checker, which asks at most two at a time of each). The servers answer most pages
200, and by each path's hash a 404 (5 %), a 301 to a live page (3 %), a 410 (1 %).
``newsletter links check`` runs in a child process twice, a week apart (the clock
passed as ``--today``): the second check finds the missing pages dead. The report
gives both times, the requests the servers answered, the record's size and how many
of its lines the second check changed (the diff a reviewer reads).

The report (Markdown) goes to stdout and to ``--out`` (``benchmarks/LINKCHECK.md``).
"""

from __future__ import annotations

import argparse
import asyncio
import difflib
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

from .generate import generate_archive
from .machine import describe, load

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
COMMAND = (sys.executable, "-m", "sphinx_newsletter", "links", "check")
_URL = re.compile(r"^:url: https://news\.example/(\S+)$", re.M)


def answer_of(path: str) -> int:
    """The status a page answers with, by its path's hash (the same on every run)."""
    bucket = zlib.crc32(path.encode()) % 100
    if bucket < 5:
        return 404
    if bucket < 8:
        return 301
    if bucket < 9:
        return 410
    return 200


class Sites:
    """HTTP/1.1 servers on ``127.0.0.1`` ... ``127.0.0.N``, one port each, answering as
    ``answer_of`` says, with keep-alive, on asyncio in a thread of their own.

    Asyncio rather than ``http.server``'s thread per connection: the servers must
    answer faster than the checker asks, on a machine of two cores.
    """

    def __init__(self, hosts: int) -> None:
        self.requests = 0
        self.addresses: list[tuple[str, int]] = []
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(hosts, ready), daemon=True).start()
        ready.wait()

    def _run(self, hosts: int, ready: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)

        async def start() -> None:
            for n in range(1, hosts + 1):
                server = await asyncio.start_server(self._serve, f"127.0.0.{n}", 0)
                self.addresses.append(server.sockets[0].getsockname()[:2])

        self.loop.run_until_complete(start())
        ready.set()
        self.loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                self.requests += 1
                status = answer_of(path)
                reason = {200: "OK", 301: "Moved", 404: "Not Found", 410: "Gone"}[status]
                location = "Location: /moved-here\r\n" if status == 301 else ""
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\n{location}Content-Length: 0\r\n\r\n".encode()
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            writer.close()

    def stop(self) -> None:
        """Stop the servers' loop."""
        self.loop.call_soon_threadsafe(self.loop.stop)


def point_at(site: Path, servers: Sites) -> int:
    """Point every article link of ``site`` at the servers; how many links there are."""
    count = 0

    def local(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        path = match.group(1)
        addresses = servers.addresses
        host, port = addresses[zlib.crc32(path.encode()) % len(addresses)]
        return f":url: http://{host}:{port}/{path}"

    for issue in (site / "issues").glob("*.md"):
        text = issue.read_text(encoding="utf-8")
        issue.write_text(_URL.sub(local, text), encoding="utf-8")
    return count


def check(site: Path, today: str) -> tuple[float, float]:
    """One ``newsletter links check`` in a child process: its wall time and CPU time.

    The CPU time (user and system) says what the check costs on a machine others
    share, where the wall time follows their load.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [*COMMAND, "--source", str(site), "--today", today],
        check=True,
        env=env,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def run(issues: int, recs: int, hosts: int) -> str:
    """Check a generated archive twice a week apart; the report."""
    start_load = load()
    servers = Sites(hosts)
    with tempfile.TemporaryDirectory(prefix="newsletter-linkcheck-bench-") as scratch:
        site = Path(scratch) / "site"
        generate_archive(site, issues, recs_per_issue=recs)
        links = point_at(site, servers)
        record = site / "link-health.tsv"
        first = check(site, "2026-12-07")
        asked_first = servers.requests
        text_first = record.read_text(encoding="utf-8")
        second = check(site, "2026-12-14")
        asked = servers.requests - asked_first
        text_second = record.read_text(encoding="utf-8")
    servers.stop()
    diff = [
        line
        for line in difflib.unified_diff(text_first.splitlines(), text_second.splitlines(), n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    lines_total = len(text_second.splitlines())
    urls = sum(1 for line in text_second.splitlines() if line.startswith("http"))
    dead = text_second.count("\tdead\t")
    print(f"first {first[0]:.1f} s, second {second[0]:.1f} s", file=sys.stderr)
    return "\n".join(
        [
            "# `newsletter links check` timings",
            "",
            *describe(REPO),
            f"- Load average (1, 5, 15 min): {start_load} at the start, {load()} at the end",
            f"- Command: `python -m benchmarks.linkcheck --issues {issues} --recs {recs} "
            f"--hosts {hosts}`",
            "",
            f"A generated archive of {issues} issues, {links:,} article links (each URL "
            f"once: {urls:,} in the record), pointed at {hosts} local HTTP "
            "servers (`127.0.0.1` to "
            f"`127.0.0.{hosts}`; 5 % 404, 3 % 301, 1 % 410, the rest 200). Wall time of "
            "`python -m sphinx_newsletter links check` in a child process (reading the "
            "catalog included), a week apart; its CPU time (user and system) beside it. "
            "The servers run in this process, on the other core.",
            "",
            "| check | wall time | CPU time | requests answered |",
            "| --- | ---: | ---: | ---: |",
            f"| first (every link new) | {first[0]:.1f} s | {first[1]:.1f} s | {asked_first:,} |",
            f"| a week later | {second[0]:.1f} s | {second[1]:.1f} s | {asked:,} |",
            "",
            f"The record: {len(text_second.encode()):,} bytes, {lines_total:,} lines; "
            f"{dead:,} links dead after the second check. The second check changed "
            f"{len(diff) // 2:,} lines (the `checked` date and each link that became dead): "
            "a healthy link's line stays as it was.",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linkcheck", description=__doc__)
    parser.add_argument("--issues", type=int, default=665)
    parser.add_argument("--recs", type=int, default=42, help="recommendations per issue")
    parser.add_argument("--hosts", type=int, default=16)
    parser.add_argument("--out", type=Path, default=HERE / "LINKCHECK.md")
    args = parser.parse_args(argv)
    report = run(args.issues, args.recs, args.hosts)
    print(report)
    args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
