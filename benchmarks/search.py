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
filter alone (the filter value with most records: a region on a generated
archive). The bytes count the fragments of the first five results only (the
page shows five, then loads five more). The same runs on the two real corpora
(``shared/corpora``: Haskell Weekly, iOS Weekly), when they are beside the
repository. It also reports the largest general-index page. Results go to
``benchmarks/SEARCH.md``.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import launch, serve  # noqa: E402
from sphinx_newsletter._compat import pagefind_fragments  # noqa: E402

from .generate import generate_archive  # noqa: E402

_INDEX_TIME = re.compile(r"newsletter: search index of (\d+) records in ([\d.]+) s")
_WORD = re.compile(r"[a-z]{5,}")
CORPORA = REPO.parent / "shared" / "corpora"
#: Pagefind's own files are gzip already; a host sends them as they are.
_PACKED = (".pf_index", ".pf_meta", ".pf_fragment", ".pf_filter", ".woff2")
#: The fragments the first-query bytes count: the first five results'.
FIRST_RESULTS = 5
#: Where SEARCH.md's hand-written findings start; the run keeps them.
NOTES = "## Findings"


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
    filters = Counter(
        (name, value)
        for record in records
        for name, values in record["filters"].items()
        if name != "year"
        for value in values
    )
    (name, value), count = filters.most_common(1)[0]
    return {
        f"common term ({common!r}, {in_records[common]} records)": urlencode({"q": common}),
        f"rare term ({rare!r}, {fewest} records)": urlencode({"q": rare}),
        f"filter only ({name}={value}, {count} records)": urlencode({name: value}),
    }


def part(url: str) -> str:
    """Whose a response is: ``pagefind`` (the bundle), ``kit`` (the search page and the
    kit's own CSS and JS) or ``theme`` (the parent themes' and Sphinx's assets)."""
    path = urlsplit(url).path
    if "/pagefind/" in path:
        return "pagefind"
    if path.endswith("/search/") or "/_static/newsletter" in path:
        return "kit"
    return "theme"


def first_query(browser: Browser, base: str, query: str) -> tuple[Counter[str], float, int]:
    """(bytes by part, milliseconds to the first result, requests) of one query, fresh page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sizes: Counter[str] = Counter()
    fragments: list[int] = []
    requests = 0

    def note(response) -> None:
        nonlocal requests
        requests += 1
        body = response.body()
        path = response.url.split("?")[0]
        # As a host with gzip sends it (Pagefind's own files are gzip already).
        packed = len(body if path.endswith(_PACKED) else gzip.compress(body, 6))
        if path.endswith(".pf_fragment"):
            fragments.append(packed)
        else:
            sizes[part(response.url)] += packed

    page.on("response", note)
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    params = dict(parse_qsl(query))
    if "q" in params:
        page.fill("#nl-search-q", params["q"])
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
    sizes["pagefind"] += sum(fragments[:FIRST_RESULTS])
    return sizes, elapsed, requests


def largest_index_page(outdir: Path) -> tuple[str, int]:
    pages = [(p.parent.name, p.stat().st_size) for p in outdir.glob("genindex*/index.html")]
    return max(pages, key=lambda item: item[1])


def corpus_site(name: str, dest: Path) -> Path:
    """A site of one real corpus (its issues and conf-snippet), as tests/test_corpora builds it."""
    corpus = CORPORA / name
    shutil.copytree(corpus / "issues", dest / "issues")
    shutil.copy(corpus / "conf-snippet.py", dest / "conf.py")
    (dest / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    return dest


def measure_site(title: str, srcdir: Path, outdir: Path) -> list[str]:
    """Build ``srcdir`` clean, then run the three queries on it: its SEARCH.md section."""
    seconds, indexing, records = build(srcdir, outdir)
    lines = [
        f"## {title} ({records} records)",
        "",
        f"- Full clean build: {seconds:.1f} s; search indexing {indexing:.2f} s "
        f"({100 * indexing / seconds:.1f} % of the build)",
        "- Largest general-index page: {} ({:.0f} KB)".format(
            *(lambda n, b: (n, b / 1024))(*largest_index_page(outdir))
        ),
        "",
        "| query | first-query bytes | Pagefind / kit / theme | time to first results | requests |",
        "|---|---|---|---|---|",
    ]
    with sync_playwright() as playwright, serve(outdir) as base:
        browser = launch(playwright)
        for label, query in queries(outdir).items():
            first_query(browser, base, query)  # warm the OS's file cache
            sizes, ms, requests = first_query(browser, base, query)
            parts = " / ".join(f"{sizes[name] / 1024:.0f}" for name in ("pagefind", "kit", "theme"))
            total = sum(sizes.values()) / 1024
            lines.append(f"| {label} | {total:.0f} KB | {parts} KB | {ms:.0f} ms | {requests} |")
        browser.close()
    return [*lines, ""]


def run(sizes: list[int], corpora: list[str], work: Path) -> list[str]:
    lines = [
        "# Search benchmarks",
        "",
        "`python -m benchmarks.search --sizes "
        + " ".join(map(str, sizes))
        + (" --corpora " + " ".join(corpora) if corpora else " --corpora")
        + "` "
        "(headless Chromium, a fresh context per query; bytes are the response bodies",
        "gzip-compressed as a host sends them, Pagefind's files and fonts as they are,",
        "the fragments of the first five results only; time from pressing Enter (the",
        "page open, Pagefind loaded while typing) to the first result on screen;",
        "requests: everything the page fetched until the network was idle; the bytes",
        "split into Pagefind's bundle, the kit's search page with its own CSS and JS,",
        "and the parent themes' and Sphinx's CSS and JS).",
        "",
    ]
    for size in sizes:
        srcdir, outdir = work / f"site-{size}", work / f"html-{size}"
        generate_archive(srcdir, size)
        lines += measure_site(f"{size} issues", srcdir, outdir)
    for name in corpora:
        if not (CORPORA / name).is_dir():
            lines += [f"## {name}", "", f"Not measured: {CORPORA / name} is missing.", ""]
            continue
        srcdir = corpus_site(name, work / f"site-{name}")
        title = f"{name} ({len(list(srcdir.glob('issues/*.md')))} issues)"
        lines += measure_site(title, srcdir, work / f"html-{name}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument(
        "--corpora", nargs="*", default=["haskell-weekly", "ios-weekly"], help="of shared/corpora"
    )
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "SEARCH.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nl-search-bench-") as tmp:
        lines = run(args.sizes, args.corpora, Path(tmp))
    text = "\n".join(lines) + "\n"
    # The hand-written findings below the figures stay as they are.
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    if NOTES in old:
        text += old[old.index(NOTES) :]
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
