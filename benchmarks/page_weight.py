"""``python -m benchmarks.page_weight``: what a reader's browser loads for a page.

The repository's own site (This Week in Asia) is built clean with
``sphinx-build -b dirhtml`` (by the kit in this worktree, and with ``--base REV``
also by the kit at that commit, for comparison), served on 127.0.0.1 and opened in
headless Chromium, a fresh context per page (nothing cached), at 1280 px. Every
response from opening the page until the network is idle counts: the number of
requests, their bytes as served and gzipped (level 6, what a static host sends),
images aside from the bytes (issue 9 has none; covers are the site's own). Pages:
the home page, issue 9, a region page, the archive and the search page (before
any query).
Results go to ``benchmarks/PAGE_WEIGHT.md``; :func:`weigh` is also what the
browser tests' limits are checked with.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import launch, serve  # noqa: E402

#: The pages weighed, by what a reader calls them.
PAGES = {
    "home": "",
    "issue 9": "issues/0009/",
    "region (Japan)": "regions/japan/",
    "listing (archive)": "archive/",
    "search": "search/",
}
SITE_FILES = ("conf.py", "index.md", "issues", "_static", "_templates")


@dataclass
class Weight:
    """One page load: each response's path, gzipped and raw size, and what went wrong."""

    files: list[tuple[str, int, int]] = field(default_factory=list)
    images: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """Every request, images included."""
        return len(self.files) + self.images

    @property
    def gzipped(self) -> int:
        """Bytes gzipped, images aside."""
        return sum(size for _, size, _ in self.files)

    @property
    def raw(self) -> int:
        """Bytes as served, images aside."""
        return sum(size for _, _, size in self.files)


def weigh(browser: Browser, url: str, *, width: int = 1280) -> Weight:
    """Open ``url`` in a fresh context and weigh everything it loads."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    weight = Weight()
    page.on(
        "console",
        lambda message: weight.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: weight.errors.append(str(error)))
    page.on("requestfailed", lambda request: weight.errors.append(f"failed: {request.url}"))

    done = []
    page.on("requestfinished", lambda request: done.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Bodies are read once the page is idle, from the requests it made.
    for request in done:
        if request.resource_type == "image":
            weight.images += 1
            continue
        response = request.response()
        body = response.body() if response is not None else b""
        name = urlsplit(request.url).path
        weight.files.append((name, len(gzip.compress(body, compresslevel=6)), len(body)))
    context.close()
    return weight


def build(kit_src: Path, dest: Path) -> Path:
    """Build the repository's site with the kit in ``kit_src``; the output folder."""
    site = dest / "site"
    site.mkdir(parents=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            subprocess.run(["cp", "-r", str(source), str(site / name)], check=True)
        else:
            (site / name).write_bytes(source.read_bytes())
    out = dest / "html"
    env = {**os.environ, "PYTHONPATH": str(kit_src), "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml", "-E"]
    command += ["-d", str(dest / "doctrees"), str(site), str(out)]
    subprocess.run(command, env=env, check=True)
    return out


def kit_at(revision: str, dest: Path) -> Path:
    """The kit's sources at ``revision`` (``git archive``), unpacked under ``dest``."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "src"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    return dest / "src"


def kb(size: int) -> str:
    """Bytes as KB with one decimal."""
    return f"{size / 1024:.1f}"


def measure(outdir: Path, browser: Browser) -> dict[str, Weight]:
    """Every page of :data:`PAGES` of the built site in ``outdir``."""
    with serve(outdir) as base:
        return {name: weigh(browser, f"{base}/{path}") for name, path in PAGES.items()}


def table(weights: dict[str, Weight]) -> list[str]:
    """A Markdown table: requests and bytes per page."""
    lines = ["| page | requests | KB gzipped | KB raw | console errors |", "|---|--:|--:|--:|--:|"]
    for name, weight in weights.items():
        lines.append(
            f"| {name} | {weight.requests} | {kb(weight.gzipped)} | {kb(weight.raw)} |"
            f" {len(weight.errors)} |"
        )
    return lines


def main() -> None:
    """Build, weigh, and write ``benchmarks/PAGE_WEIGHT.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="also weigh the site built by the kit at this commit")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "PAGE_WEIGHT.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = launch(playwright)
        now = measure(build(REPO / "src", Path(scratch) / "now"), browser)
        before = None
        if args.base:
            kit = kit_at(args.base, Path(scratch) / "base-kit")
            before = measure(build(kit, Path(scratch) / "base"), browser)
        browser.close()
    command = "python -m benchmarks.page_weight" + (f" --base {args.base}" if args.base else "")
    lines = [
        "# Page weight",
        "",
        f"`{command}` (see the module's docstring for what is counted). The limit for",
        "issue 9 (issue #19): under 120 KB gzipped, images aside, in at most 10 requests,",
        "no console error; `tests/test_reader_browser.py` checks it.",
        "",
        "## Now",
        "",
        *table(now),
        "",
        "Issue 9, file by file (KB gzipped / raw):",
        "",
        *(f"- `{name}`: {kb(gz)} / {kb(raw)}" for name, gz, raw in now["issue 9"].files),
    ]
    if before is not None:
        lines += ["", f"## Before (the kit at `{args.base}`)", "", *table(before)]
        lines += ["", "Issue 9, file by file (KB gzipped / raw):", ""]
        lines += [f"- `{name}`: {kb(gz)} / {kb(raw)}" for name, gz, raw in before["issue 9"].files]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(table(now)))


if __name__ == "__main__":
    main()
