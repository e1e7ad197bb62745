"""Markdown tables of a benchmark run: the sites side by side, scaling, targets, pages, writes.

A run's scenarios are named by their labels (``100 issues``, ``realistic, 665
issues``), in the order they ran; per-issue scaling reads only the weekly ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .results import INCREMENTAL, SiteResult
from .sites import SITES

__all__ = ["PAGE_LIMIT", "render"]

#: The listings issue's ceiling for any page at 1,000 issues.
PAGE_LIMIT = 400 * 1000
TITLES = {name: site.title for name, site in SITES.items()}
STEP_TITLES = {
    "noop": "rebuild with nothing changed",
    "edit": "edit one Our Take",
    "add": "add one issue",
    "delete": "delete one issue",
}


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


def _percent(value: float) -> str:
    return f"{value * 100:.1f} %"


def _bytes(value: float) -> str:
    for unit, scale in (("MB", 1e6), ("KB", 1e3)):
        if value >= scale:
            return f"{value / scale:.1f} {unit}"
    return f"{value:.0f} B"


def _count(value: float) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Figure:
    """One row of the comparison: how to read it from a result and how to show it."""

    label: str
    read: Callable[[SiteResult], float | None]
    show: Callable[[float], str]
    ratio: bool = True
    #: the build whose time this is, so a build stopped at the time limit says so
    build: str | None = None

    def cell(self, result: SiteResult) -> str:
        """The figure as shown for ``result``: ``-`` when not run or failed."""
        value = self.read(result)
        build = result.builds.get(self.build) if self.build else None
        if value is None and build is not None and build.timed_out:
            return f"stopped at {_seconds(build.seconds)}"
        return "-" if value is None else self.show(value)


def _output(attr: str) -> Callable[[SiteResult], float | None]:
    def read(result: SiteResult) -> float | None:
        value = getattr(result.output, attr, None) if result.output else None
        return None if value is None else float(value)

    return read


def _html(result: SiteResult) -> float | None:
    value = result.output.html if result.output else None
    return None if value is None else float(value)


def _largest(result: SiteResult) -> float | None:
    if not result.output or not result.output.largest:
        return None
    return float(max(size for _page, size in result.output.largest.values()))


def _warnings(result: SiteResult) -> float | None:
    build = result.builds.get("full -j 1")
    return float(len(build.warnings)) if build else None


FIGURES = (
    Figure("Full build, `-j 1`", lambda r: r.seconds("full -j 1"), _seconds, build="full -j 1"),
    Figure("Full build, `-j 2`", lambda r: r.seconds("full -j 2"), _seconds, build="full -j 2"),
    Figure("Full build, `-j 1`, CPU time", lambda r: r.cpu_seconds("full -j 1"), _seconds),
    Figure("Full build, `-j 2`, CPU time", lambda r: r.cpu_seconds("full -j 2"), _seconds),
    *(
        Figure(
            f"Incremental: {STEP_TITLES[step]}",
            lambda r, s=step: r.seconds(s),
            _seconds,
            build=step,
        )
        for step in INCREMENTAL
    ),
    *(
        Figure(
            f"Incremental: {STEP_TITLES[step]}, share of the full `-j 1`",
            lambda r, s=step: r.share(s),
            _percent,
        )
        for step in INCREMENTAL
    ),
    *(
        Figure(
            f"Incremental: {STEP_TITLES[step]}, CPU time",
            lambda r, s=step: r.cpu_seconds(s),
            _seconds,
        )
        for step in INCREMENTAL
    ),
    *(
        Figure(
            f"Incremental: {STEP_TITLES[step]}, CPU share of the full `-j 1`",
            lambda r, s=step: r.cpu_share(s),
            _percent,
        )
        for step in INCREMENTAL
    ),
    Figure(
        "`newsletter serve`: the edit's page written (reloaded)",
        lambda r: r.pages_seconds("edit"),
        _seconds,
        ratio=False,
    ),
    Figure("Peak memory, full `-j 1`", lambda r: r.peak_rss("full -j 1"), _bytes),
    Figure("Peak memory, full `-j 2` (largest process)", lambda r: r.peak_rss("full -j 2"), _bytes),
    Figure("Output size", _output("size"), _bytes),
    Figure("HTML pages", _output("pages"), _count),
    Figure("HTML, all pages", _html, _bytes),
    Figure("Largest HTML page", _largest, _bytes),
    Figure("One issue page", _output("issue_page"), _bytes),
    Figure("Search index (all its files)", _output("search_index"), _bytes),
    Figure("Search, first-query download", _output("search_download"), _bytes),
    Figure("Search, first-query download (gzip)", _output("search_download_gzip"), _bytes),
    Figure("Warnings, full `-j 1`", _warnings, _count, ratio=False),
)


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> str:
    """A Markdown table; columns from ``right`` on are right-aligned."""
    align = ["---" if i < right else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _of(results: Sequence[SiteResult], label: str) -> dict[str, SiteResult]:
    return {r.site: r for r in results if r.label == label}


def comparison(results: Sequence[SiteResult], label: str) -> str:
    """The figures of every site in one scenario, with the ratio of the kit to each."""
    by_site = _of(results, label)
    sites = [s for s in TITLES if s in by_site]
    others = [s for s in sites if s != "kit"] if "kit" in by_site else []
    header = ["Figure", *(TITLES[s] for s in sites), *(f"kit/{TITLES[s]}" for s in others)]
    rows = []
    for figure in FIGURES:
        values = {s: figure.read(by_site[s]) for s in sites}
        row = [figure.label, *(figure.cell(by_site[s]) for s in sites)]
        for other in others:
            row.append(_ratio(values["kit"], values[other]) if figure.ratio else "-")
        rows.append(row)
    sample = next(iter(by_site.values()))
    note = (
        f"One issue page: `issues/{sample.sample_issue:04d}/`. "
        f"Deleted issue: {sample.deleted_issue}. "
        "A `-` is a build that did not run (no parallel build in the tool, a step "
        "not asked for) or failed (see the progress log)."
    )
    return f"### {label}\n\n{_table(header, rows)}\n\n{note}"


#: The builds whose per-issue cost is tracked across sizes: label and how to read the time.
def _ms(cost: float) -> str:
    return f"{cost * 1000:.0f} ms"


SCALED: tuple[tuple[str, Callable[[SiteResult], float | None], Callable[[float], str]], ...] = (
    ("`full -j 1`", lambda r: r.seconds("full -j 1"), _ms),
    ("`full -j 1`, CPU time", lambda r: r.cpu_seconds("full -j 1"), _ms),
    ("`full -j 2`", lambda r: r.seconds("full -j 2"), _ms),
    *((f"{STEP_TITLES[step]}", lambda r, s=step: r.seconds(s), _ms) for step in INCREMENTAL),
    ("peak memory, `full -j 1`", lambda r: r.peak_rss("full -j 1"), _bytes),
    ("peak memory, `full -j 2`", lambda r: r.peak_rss("full -j 2"), _bytes),
)


def _weekly(results: Sequence[SiteResult]) -> tuple[list[SiteResult], list[int]]:
    weekly = [r for r in results if r.weekly]
    return weekly, sorted({r.issues for r in weekly})


def scaling(results: Sequence[SiteResult]) -> str:
    """Per-issue cost of the full builds and peak memory at each weekly size, and growth."""
    weekly, sizes = _weekly(results)
    header = ["Site, build", *(f"{n:,} issues" for n in sizes), f"growth {sizes[0]}→{sizes[-1]}"]
    rows = []
    for site in TITLES:
        by_size = {r.issues: r for r in weekly if r.site == site}
        if not by_size:
            continue
        for label, read, show in SCALED:
            costs = []
            for n in sizes:
                value = read(by_size[n]) if n in by_size else None
                costs.append(None if value is None else value / n)
            if all(c is None for c in costs):
                continue
            cells = ["-" if c is None else show(c) for c in costs]
            rows.append([f"{TITLES[site]}, {label}", *cells, _ratio(costs[-1], costs[0])])
    return _table(header, rows)


def largest_pages(results: Sequence[SiteResult], site: str, labels: Sequence[str]) -> str:
    """The largest page of each kind (URL pattern) in each scenario, flagging any over the limit."""
    outputs = {r.label: r.output for r in results if r.site == site and r.output}
    kinds = sorted({kind for output in outputs.values() for kind in output.largest})
    rows = []
    for kind in kinds:
        row = [f"`{kind}`"]
        for label in labels:
            output = outputs.get(label)
            if output is None or kind not in output.largest:
                row.append("-")
                continue
            page, size = output.largest[kind]
            flag = " **over 400 KB**" if size > PAGE_LIMIT else ""
            row.append(f"{_bytes(size)}{flag} `{page}`")
        rows.append(row)
    over = [
        f"`{output.largest[k][0]}` ({label})"
        for label, output in outputs.items()
        for k in output.largest
        if output.largest[k][1] > PAGE_LIMIT
    ]
    verdict = "Pages over 400 KB: " + (", ".join(over) if over else "none") + "."
    return f"{_table(['Kind', *labels], rows)}\n\n{verdict}"


def page_kinds(results: Sequence[SiteResult], site: str, labels: Sequence[str]) -> str:
    """How many pages of each kind (URL pattern) each scenario has, their bytes and
    the bytes of an average one, with the totals last."""
    outputs = {r.label: r.output for r in results if r.site == site and r.output}
    kinds = sorted({kind for output in outputs.values() for kind in output.page_kinds})

    def cell(count: int, nbytes: int) -> str:
        return f"{count:,} · {_bytes(nbytes)} · {_bytes(nbytes / count)}"

    rows = []
    for kind in kinds:
        row = [f"`{kind}`"]
        for label in labels:
            counts = outputs[label].page_kinds if label in outputs else {}
            row.append(cell(*counts[kind]) if kind in counts else "-")
        rows.append(row)
    total = ["all"]
    for label in labels:
        output = outputs.get(label)
        html = output.html if output else None
        total.append(
            "-" if html is None else cell(sum(c for c, _ in output.page_kinds.values()), html)
        )
    rows.append(total)
    return _table(["Kind (pages · bytes · average)", *labels], rows)


def pages_written(results: Sequence[SiteResult], labels: Sequence[str]) -> str:
    """HTML pages each incremental build wrote (new or changed mtime) next to the total."""
    sites = [s for s in TITLES if any(r.site == s for r in results)]
    header = ["Scenario", "Change", *(f"{TITLES[s]} pages written" for s in sites)]
    if "kit" in sites:
        header.append("kit listing pages written")
    rows = []
    for label in labels:
        by_site = _of(results, label)
        for step in INCREMENTAL:
            if not any(step in r.builds for r in by_site.values()):
                continue
            row = [label, STEP_TITLES[step]]
            for site in sites:
                build = by_site[site].build(step) if site in by_site else None
                row.append(f"{build.written:,} / {build.total_pages:,}" if build else "-")
            if "kit" in sites:
                build = by_site["kit"].build(step) if "kit" in by_site else None
                listing = build.listing if build else None
                row.append(f"{listing[1]:,} / {listing[0]:,}" if listing else "-")
            rows.append(row)
    return _table(header, rows, right=2)


def repeated_builds(results: Sequence[SiteResult], labels: Sequence[str]) -> str:
    """Every clean ``-j 1`` build's wall time, in the order they ran."""
    rows = []
    for site in TITLES:
        by_label = {r.label: r for r in results if r.site == site}
        if not by_label:
            continue
        cells = [
            ", ".join(f"{t:.1f} s" for t in by_label[label].repeats) if label in by_label else "-"
            for label in labels
        ]
        rows.append([TITLES[site], *cells])
    return _table(["Site", *labels], rows)


def _verdict(
    text: str,
    value: float | None,
    limit: float | None,
    show: Callable[[float], str] = "{:.2f}".format,
) -> str:
    if value is None or limit is None:
        return f"- {text}: not measured"
    met = "met" if value <= limit else "missed"
    return f"- {text}: **{met}** ({show(value)} against {show(limit)})"


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def targets(results: Sequence[SiteResult]) -> str:
    """Issue 30's targets for the kit, at the largest weekly size and in the realistic
    scenario, each met or missed; then the per-issue growth of issue 20."""
    weekly, sizes = _weekly(results)
    largest = sizes[-1] if sizes else None
    scenarios = [r.label for r in weekly if r.site == "kit" and r.issues == largest]
    scenarios += [r.label for r in results if r.site == "kit" and not r.weekly]
    lines: list[str] = []
    for label in dict.fromkeys(scenarios):
        sites = _of(results, label)
        kit, floor = sites.get("kit"), sites.get("floor")
        if kit is None:
            continue
        lines.append(f"{label}:\n")
        for step, share in (("edit", 0.03), ("add", 0.05), ("delete", 0.05), ("noop", 0.02)):
            lines.append(
                _verdict(
                    f"{STEP_TITLES[step]} at most {share:.0%} of the kit's full build",
                    kit.share(step),
                    share,
                    _percent,
                )
            )
            lines.append(
                _verdict(
                    f"{STEP_TITLES[step]}, the same by CPU time",
                    kit.cpu_share(step),
                    share,
                    _percent,
                )
            )
        if floor is not None:
            lines.append(
                _verdict(
                    "edit at most 0.5 of the floor's (s)",
                    kit.seconds("edit"),
                    _scaled(floor.seconds("edit"), 0.5),
                )
            )
            lines.append(
                _verdict(
                    "full `-j 1` at most 0.8 of the floor's (s)",
                    kit.seconds("full -j 1"),
                    _scaled(floor.seconds("full -j 1"), 0.8),
                )
            )
            lines.append(
                _verdict(
                    "peak memory of `full -j 2` at most the floor's (MB)",
                    _scaled(kit.peak_rss("full -j 2"), 1e-6),
                    _scaled(floor.peak_rss("full -j 2"), 1e-6),
                )
            )
        lines.append(
            _verdict(
                "`newsletter serve`: the edited page reloaded within the edit's time (s)",
                kit.pages_seconds("edit"),
                kit.seconds("edit"),
            )
        )
        lines.append("")
    smallest = sizes[0] if sizes else None
    small = next((r for r in weekly if r.site == "kit" and r.issues == smallest), None)
    big = next((r for r in weekly if r.site == "kit" and r.issues == largest), None)
    if small is not None and big is not None and smallest != largest:
        lines.append(f"Per issue, {sizes[0]:,} → {sizes[-1]:,} issues:\n")
        for label, read, _show in SCALED:
            first, last = read(small), read(big)
            growth = None if not first or last is None else (last / sizes[-1]) / (first / sizes[0])
            lines.append(_verdict(f"{label} per issue flat or falling (growth)", growth, 1.0))
    if not lines:
        return "The targets need the kit in a scenario."
    return "In this run:\n\n" + "\n".join(lines).rstrip()


def render(results: Sequence[SiteResult], labels: Sequence[str], header: Sequence[str]) -> str:
    """The whole Markdown report: machine header, one comparison per scenario, then the rest.

    Scenarios not reached yet (a report written while the run goes on) are left out.
    """
    labels = [label for label in labels if any(r.label == label for r in results)]
    parts = ["# Benchmark results", "\n".join(header), METHOD, "## What each site lacks", LACKS]
    parts += ["## Side by side", *(comparison(results, label) for label in labels)]
    parts += ["## Targets (issue 30)", targets(results)]
    if len(_weekly(results)[1]) > 1:
        parts += ["## Per-issue cost of a full build", scaling(results)]
    parts += ["## Every clean `-j 1` build", repeated_builds(results, labels)]
    parts.append("## Largest page of each kind")
    for site in TITLES:
        if any(r.site == site and r.output for r in results):
            parts += [f"### {TITLES[site]}", largest_pages(results, site, labels)]
    parts.append("## Pages and bytes of each kind")
    for site in TITLES:
        if any(r.site == site and r.output and r.output.page_kinds for r in results):
            parts += [f"### {TITLES[site]}", page_kinds(results, site, labels)]
    parts += ["## Pages written by incremental builds", pages_written(results, labels)]
    return "\n\n".join(parts) + "\n"


METHOD = """\
Each site is written from the same content model by its own writer in
`benchmarks/` (`generate.py` for the kit and the floor, `ablog_site.py`,
`pelican_site.py`, `mkdocs_site.py`, `hugo_site.py`; the peers' issue text from
`markdown_issue.py`) and built in a child process: wall time, CPU time (user +
system) and peak RSS from `wait4` (the largest single process of the build's
tree, workers included); with a busy machine (see the load average) wall times
run above CPU times, so read the CPU row too. Every build runs with
`SOURCE_DATE_EPOCH` fixed and the generator's seed fixed (9).
*Scenarios*: the weekly archive has about 10 recommendations and one sponsor an
issue, 60 publications and 300 authors; the *realistic* one 40 an issue, about
3,200 publications (the regulars and host names, most with a handful of entries),
as many one-off authors, one dense topic, and the root region holding every entry.
*kit*: `sphinx_newsletter` (Pagefind search, feeds and the email builder's
configuration included: the kit's defaults); *floor*: Sphinx + myst-parser + the
`basic` theme, region and topic pages written out as MyST lists of
cross-references; *ABlog*: ABlog on sphinx-book-theme, each issue a post, topics
as tags and regions as categories; *Pelican*: each issue an article, regions and
topics as tags, recommendation authors as authors, the default theme, Atom feeds;
*MkDocs Material*: the blog plugin, each issue a post, regions and topics as
categories, its archive and search; *Hugo* (Debian's package): taxonomies for
regions, topics, authors and publications, a minimal theme written by the
generator, its built-in RSS; its `-j` is `GOMAXPROCS`. Pelican, MkDocs and Hugo
paginate lists ten to a page. Pelican and MkDocs have no parallel build.
The incremental builds run one after another on the `-j 1` output:
a sentence added to the newest issue's first Our Take, then one issue added after
all others, then one issue deleted from the middle. Sizes are in bytes
(1 KB = 1,000 B) of the clean `-j 1` build; the search index is `searchindex.js`
(Sphinx), the whole `pagefind/` bundle (the kit) or `search/search_index.json`
(MkDocs); "first-query download" is the search
page with the scripts and stylesheets it loads (`searchindex.js` for the Sphinx
sites that have it), uncompressed and gzip-compressed file by file. Pages written
are HTML files new or with a changed mtime; the kit's listing figure is its own
log line `newsletter: ... <total> index pages, <written> updated by this build`."""


LACKS = """\
Each peer is given the kit's features where it has them built in: one page per
issue, a page per region and per topic, an archive, a feed. What none of them
does: list *recommendations* (a term's page lists the issues that mention it, as
excerpts, so the pages are fewer and smaller), nest regions (a tree, an entry of
Japan also under East Asia and Asia), check contributors' links and HTML, or write
an email edition.

- *floor*: hand-kept region and topic lists, nothing else: no archive by year, no
  author or publication pages, no feed; Sphinx's own search.
- *ABlog*: regions as flat categories, topics as tags; no pages for the
  recommendations' authors or publications; Atom feeds; Sphinx's own search.
- *Pelican*: one category an article, so regions and topics are both tags; author
  pages for the recommendations' authors (an issue appears under each of its
  authors), no publication pages; Atom feeds for the site and each tag; no search
  without a plugin.
- *MkDocs Material*: one taxonomy with pages (categories), holding both regions
  and topics; no author pages without an `.authors.yml`, no publication pages; no
  feed without `mkdocs-rss-plugin`; its own search (a lunr index).
- *Hugo*: every kit taxonomy (regions, topics, authors, publications), RSS for the
  site and every term, a sitemap; no search. Its `page/1/` files are redirects,
  counted as pages."""
