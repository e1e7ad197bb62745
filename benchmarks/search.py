"""``python -m benchmarks.search``: what one search costs a reader, and the build.

For each size, a generated archive (``benchmarks.generate``) is built clean with
``sphinx-build -b dirhtml``; the kit logs how long the search bundle took, as a
share of the whole build. The site is then served on 127.0.0.1 and, in headless
Chromium (a fresh context per query, nothing cached), the search page is opened
and a query typed: the bytes are every response from opening the page to the
first results listed (the page, its CSS and scripts, Pagefind's JS and
WebAssembly, the index chunks, and the fragments of the results shown); the time
runs from submitting the query to the first result on screen (Pagefind loads
lazily, so it includes loading the index). Three queries: a common term (the
most frequent word of the takes), a rare one (a word of one record only) and a
filter alone (the region with most records). It also reports the largest
general-index page. Results go to ``benchmarks/SEARCH.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import launch, serve  # noqa: E402
from sphinx_newsletter._compat import pagefind_fragments  # noqa: E402

from .generate import generate_archive  # noqa: E402

_INDEX_TIME = re.compile(r"newsletter: search index of (\d+) records in ([\d.]+) s")
_WORD = re.compile(r"[a-z]{5,}")


def build(srcdir: Path, outdir: Path) -> tuple[float, float, int]:
    """Build clean; (build seconds, indexing seconds, records)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-E", "-v"]
    command += ["-d", str(outdir.parent / "doctrees"), str(srcdir), str(outdir)]
    started = time.perf_counter()
    log = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    match = _INDEX_TIME.search(log.stdout)
    assert match, "no 'newsletter: search index of N records' line in the build log"
    return seconds, float(match.group(2)), int(match.group(1))


def queries(outdir: Path) -> dict[str, str]:
    """The three queries, chosen from the bundle's own records."""
    records = [r for r in pagefind_fragments(outdir / "pagefind") if "#" in r["url"]]
    in_records: Counter[str] = Counter()
    for record in records:
        text = " ".join([record["content"], *record["meta"].values()])
        in_records.update(set(_WORD.findall(text.lower())))
    common = in_records.most_common(1)[0][0]
    fewest = min(in_records.values())
    rare = sorted(word for word, count in in_records.items() if count == fewest)[0]
    regions = Counter(v for r in records for v in r["filters"].get("region", []))
    region = regions.most_common(1)[0][0]
    return {
        f"common term ({common!r}, {in_records[common]} records)": f"q={common}",
        f"rare term ({rare!r}, {fewest} records)": f"q={rare}",
        f"filter only (region={region}, {regions[region]} records)": f"region={region}",
    }


def first_query(browser: Browser, base: str, query: str) -> tuple[int, float]:
    """(bytes, milliseconds to the first result) of one query on a fresh page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sizes: list[int] = []

    def note(response) -> None:
        body = response.body()
        # As a host with gzip sends it (Pagefind's own files are gzip already).
        packed = (
            body
            if response.url.split("?")[0].endswith(
                (".pf_index", ".pf_meta", ".pf_fragment", ".pf_filter", ".woff2")
            )
            else gzip.compress(body, 6)
        )
        sizes.append(len(packed))

    page.on("response", note)
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    name, _, value = query.partition("=")
    if name == "q":
        page.fill("#nl-search-q", value)
        page.wait_for_load_state("networkidle")  # the reader types: the word's chunk preloads
        started = page.evaluate("performance.now()")
        page.press("#nl-search-q", "Enter")
    else:
        started = page.evaluate("performance.now()")
        page.evaluate(
            f"history.pushState(null, '', '?{query}'); dispatchEvent(new PopStateEvent('popstate'))"
        )
    page.wait_for_selector(".nl-search-result")
    elapsed = page.evaluate("performance.now()") - started
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes), elapsed


def largest_index_page(outdir: Path) -> tuple[str, int]:
    pages = [(p.parent.name, p.stat().st_size) for p in outdir.glob("genindex*/index.html")]
    return max(pages, key=lambda item: item[1])


def run(sizes: list[int], work: Path) -> list[str]:
    lines = [
        "# Search benchmarks",
        "",
        "`python -m benchmarks.search --sizes " + " ".join(map(str, sizes)) + "` "
        "(headless Chromium, a fresh context per query; bytes are the response bodies",
        "gzip-compressed as a host sends them, Pagefind's files and fonts as they are;",
        "time from pressing Enter (the page open, Pagefind loaded while typing) to the",
        "first result on screen).",
        "",
    ]
    for size in sizes:
        srcdir, outdir = work / f"site-{size}", work / f"html-{size}"
        generate_archive(srcdir, size)
        seconds, indexing, records = build(srcdir, outdir)
        lines += [
            f"## {size} issues ({records} records)",
            "",
            f"- Full clean build: {seconds:.1f} s; search indexing {indexing:.2f} s "
            f"({100 * indexing / seconds:.1f} % of the build)",
            "- Largest general-index page: {} ({:.0f} KB)".format(
                *(lambda n, b: (n, b / 1024))(*largest_index_page(outdir))
            ),
            "",
            "| query | first-query bytes | time to first results |",
            "|---|---|---|",
        ]
        with sync_playwright() as playwright, serve(outdir) as base:
            browser = launch(playwright)
            for label, query in queries(outdir).items():
                first_query(browser, base, query)  # warm the OS's file cache
                size_bytes, ms = first_query(browser, base, query)
                lines.append(f"| {label} | {size_bytes / 1024:.0f} KB | {ms:.0f} ms |")
            browser.close()
        lines.append("")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "SEARCH.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nl-search-bench-") as tmp:
        lines = run(args.sizes, Path(tmp))
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
