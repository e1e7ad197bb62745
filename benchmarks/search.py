"""``python -m benchmarks.search``: what one search costs a reader, and the build.

For each size, a generated archive (``benchmarks.generate``) is built clean with
``sphinx-build -b dirhtml``; the kit logs how long the search bundle took, as a
share of the whole build. The site is then served on 127.0.0.1 and, in headless
Chromium (a fresh context per query, nothing cached), the search page is opened
and a query typed: the bytes are every response from opening the page to the
first results listed (the page, its CSS and scripts, Pagefind's JS and
WebAssembly, the index chunks, and the fragments of the results shown); the
times are taken inside the page (not across Playwright's round trips, 60-90 ms),
from the Enter key's event (the word filled in and Enter pressed at once: one search;
Pagefind set up while the page opened, the word's chunk asked for as it was filled
in) to the frame that first shows a result, and to
the status giving the whole archive's count (the search page searches the bundle's
newest part first, then every part merged: ``search/parts.py``; "with the whole
archive" adds the other parts' files, loaded after the first results). The common
term is also typed
key by key, pausing longer than the page waits before it searches (so each key from
the second searches: the most typing can cost), and measured the same way from the
last key: bytes and requests of the whole typing, times to the word's own results.
Three queries: a common term (the
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
from sphinx_newsletter.search.segments import FIELD  # noqa: E402

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
        # Not the Chinese and Japanese tokens (search/segments.py): no reader types them.
        meta = [value for name, value in record["meta"].items() if name != FIELD]
        text = " ".join([record["content"], *meta])
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


#: In the page: when Enter goes down, and a promise of the frame that first shows a result.
_TIMER = """() => {
document.addEventListener("keydown", (event) => {
  if (event.key === "Enter") window.__nlStarted = performance.now();
}, { capture: true });
window.__nlShown = new Promise((resolve) => {
  const watch = new MutationObserver(() => {
    if (!document.querySelector(".nl-search-result")) return;
    watch.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  });
  watch.observe(document.body, { childList: true, subtree: true });
});
// The whole archive searched: the status gives the count (it said "Searching…").
window.__nlCounted = new Promise((resolve) => {
  const status = document.querySelector(".nl-search-status");
  const watch = new MutationObserver(() => {
    const text = status.textContent.trim();
    if (!text || text.endsWith("…")) return;
    watch.disconnect();
    resolve(performance.now());
  });
  watch.observe(status, { childList: true, characterData: true, subtree: true });
});
}"""


#: For a word typed key by key: when the last key went down, and the frame that first
#: shows one of the word's own results (their links carry it: ?highlight=word), and
#: the status giving the word's count.
_TYPED_TIMER = """(word) => {
document.addEventListener("keydown", () => { window.__nlStarted = performance.now(); },
  { capture: true });
const own = () => [...document.querySelectorAll(".nl-search-result h2 a")].some(
  (link) => new URL(link.href).searchParams.getAll("highlight").join(" ") === word);
window.__nlShown = new Promise((resolve) => {
  const watch = new MutationObserver(() => {
    if (!own()) return;
    watch.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  });
  watch.observe(document.body, { childList: true, subtree: true });
});
window.__nlCounted = new Promise((resolve) => {
  const status = document.querySelector(".nl-search-status");
  const watch = new MutationObserver(() => {
    const text = status.textContent.trim();
    if (!text.includes(`“${word}”`) || text.endsWith("…")) return;
    watch.disconnect();
    resolve(performance.now());
  });
  watch.observe(status, { childList: true, characterData: true, subtree: true });
});
}"""
#: How long the benchmark's typists wait between keys: one quicker than the search
#: page's pause before it searches (newsletter-search.js, 200 ms), which searches
#: the word once, and one slower, for whom every key from the second searches (the
#: most typing can cost).
KEY_PAUSES_MS = (150, 300)


class Downloads:
    """What a page downloads, as a host sends it, by part, with when each request
    started; fragments counted apart."""

    def __init__(self) -> None:
        # (when its request started, in ms since the epoch; part; bytes), per response.
        self.responses: list[tuple[float, str, int]] = []
        self.requests = 0

    def note(self, response) -> None:
        self.requests += 1
        try:
            body = response.body()
        except Exception:  # still in flight when the page closed: more than 5 fragments
            return
        path = response.url.split("?")[0]
        # As a host with gzip sends it (Pagefind's own files are gzip already).
        packed = len(body if path.endswith(_PACKED) else gzip.compress(body, 6))
        name = "fragment" if path.endswith(".pf_fragment") else part(response.url)
        self.responses.append((response.request.timing["startTime"], name, packed))

    def sizes(
        self, until: float | None = None, fragments: int | None = FIRST_RESULTS
    ) -> Counter[str]:
        """Bytes by part of the requests started by ``until`` (all if None), with the
        first ``fragments`` fragments (all if None) counted as Pagefind's."""
        chosen = sorted(r for r in self.responses if until is None or r[0] <= until)
        sizes: Counter[str] = Counter()
        for _, name, size in chosen:
            if name != "fragment":
                sizes[name] += size
        found = [size for _, name, size in chosen if name == "fragment"]
        sizes["pagefind"] += sum(found[:fragments])
        return sizes


def first_query(
    browser: Browser, base: str, query: str
) -> tuple[Counter[str], int, float, float, int]:
    """(bytes by part to the first results, bytes of the whole search, milliseconds to
    the first result and to the count, requests) of one query, on a fresh page."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    downloads = Downloads()
    page.on("response", downloads.note)
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    # Timed inside the page, not across Playwright's round trips (60-90 ms of them):
    # from the Enter key's event (or the filter URL's popstate) to the frame after
    # the first result is in the list.
    page.evaluate(_TIMER)
    params = dict(parse_qsl(query))
    if "q" in params:
        # Filled in and searched at once: Enter runs the one search (the page would
        # search the word by itself after a pause in typing).
        page.fill("#nl-search-q", params["q"])
        page.press("#nl-search-q", "Enter")
    else:
        page.evaluate(
            "window.__nlStarted = performance.now();"
            f"history.pushState(null, '', '?{query}'); dispatchEvent(new PopStateEvent('popstate'))"
        )
    page.wait_for_selector(".nl-search-result")
    elapsed = page.evaluate("window.__nlShown.then((shown) => shown - window.__nlStarted)")
    counted = page.evaluate("window.__nlCounted.then((done) => done - window.__nlStarted)")
    # The first results' frame on the browser's clock, as the requests' start times.
    shown_at = page.evaluate("window.__nlShown.then((shown) => performance.timeOrigin + shown)")
    page.wait_for_load_state("networkidle")
    context.close()
    # What was asked for before the first results showed: the newest part's files;
    # the other parts load after them (search/parts.py).
    first = downloads.sizes(until=shown_at)
    whole = sum(downloads.sizes().values())
    return first, whole, elapsed, counted, downloads.requests


def typed_query(
    browser: Browser, base: str, word: str, pause_ms: int
) -> tuple[int, float, float, int]:
    """(bytes, milliseconds from the last key to the word's first result and to its
    count, requests) of ``word`` typed key by key, ``pause_ms`` apart, on a fresh page:
    every download of the typing, the fragments of every search's results among them."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    downloads = Downloads()
    page.on("response", downloads.note)
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    page.evaluate(_TYPED_TIMER, word)
    page.locator("#nl-search-q").press_sequentially(word, delay=pause_ms)
    elapsed = page.evaluate("window.__nlShown.then((shown) => shown - window.__nlStarted)")
    counted = page.evaluate("window.__nlCounted.then((done) => done - window.__nlStarted)")
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(downloads.sizes(fragments=None).values())
    return total, elapsed, counted, downloads.requests


def largest_index_page(outdir: Path) -> tuple[str, int]:
    """The largest general-index page; ("none", 0) on a site without one (a CJK site's)."""
    pages = [(p.parent.name, p.stat().st_size) for p in outdir.glob("genindex*/index.html")]
    return max(pages, key=lambda item: item[1], default=("none", 0))


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
        "| query | first-query bytes | Pagefind / kit / theme | with the whole archive "
        "| time to first results | time to the count | requests |",
        "|---|---|---|---|---|---|---|",
    ]
    with sync_playwright() as playwright, serve(outdir) as base:
        browser = launch(playwright)
        chosen = queries(outdir)
        for label, query in chosen.items():
            first_query(browser, base, query)  # warm the OS's file cache
            sizes, whole, ms, counted, requests = first_query(browser, base, query)
            parts = " / ".join(f"{sizes[name] / 1024:.0f}" for name in ("pagefind", "kit", "theme"))
            total = sum(sizes.values()) / 1024
            lines.append(
                f"| {label} | {total:.0f} KB | {parts} KB | {whole / 1024:.0f} KB | {ms:.0f} ms "
                f"| {counted:.0f} ms | {requests} |"
            )
        # The common term typed key by key: what search as you type costs (all the
        # fragments fetched count here, not only the first five).
        label, query = next(iter(chosen.items()))
        word = dict(parse_qsl(query))["q"]
        for pause in KEY_PAUSES_MS:
            total, ms, counted, requests = typed_query(browser, base, word, pause)
            lines.append(
                f"| {label}, typed {pause} ms a key | {total / 1024:.0f} KB (every fragment) "
                f"| | | {ms:.0f} ms after the last key | {counted:.0f} ms | {requests} |"
            )
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
        "the fragments of the first five results only; times measured in the page, from",
        "the Enter key's event (the word filled in and Enter pressed at once, Pagefind",
        "loaded while the page opened) to the frame that first shows a result, and to the",
        "status giving the whole archive's count (the newest part of the bundle is",
        "searched first; the other parts load after the first results: 'with the whole",
        "archive' is every byte until the network was idle); the common term typed key",
        "by key: every byte of the typing, times from the last key;",
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
    write_report(args.out, lines)
    return 0


def write_report(out: Path, lines: list[str]) -> None:
    """Write the measured ``lines`` to ``out``, keeping the hand-written findings
    below the figures (from ``NOTES`` on) as they are, and print them."""
    text = "\n".join(lines) + "\n"
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if NOTES in old:
        text += old[old.index(NOTES) :]
    out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    raise SystemExit(main())
