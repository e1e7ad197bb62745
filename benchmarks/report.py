"""Markdown tables of a benchmark run: the sites side by side, scaling, pages and writes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .results import INCREMENTAL, SiteResult

__all__ = ["PAGE_LIMIT", "render"]

#: The listings issue's ceiling for any page at 1,000 issues.
PAGE_LIMIT = 400 * 1000
TITLES = {"kit": "kit", "floor": "floor", "ablog": "ABlog"}
STEP_TITLES = {
    "edit": "edit one Our Take",
    "add": "add one issue",
    "delete": "delete one issue",
}


def _seconds(value: float) -> str:
    return f"{value:.1f} s" if value >= 10 else f"{value:.2f} s"


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


def _output(attr: str) -> Callable[[SiteResult], float | None]:
    def read(result: SiteResult) -> float | None:
        value = getattr(result.output, attr, None) if result.output else None
        return None if value is None else float(value)

    return read


def _warnings(result: SiteResult) -> float | None:
    build = result.builds.get("full -j 1")
    return float(len(build.warnings)) if build else None


FIGURES = (
    Figure("Full build, `-j 1`", lambda r: r.seconds("full -j 1"), _seconds),
    Figure("Full build, `-j 2`", lambda r: r.seconds("full -j 2"), _seconds),
    Figure("Full build, `-j 1`, CPU time", lambda r: r.cpu_seconds("full -j 1"), _seconds),
    *(
        Figure(f"Incremental: {STEP_TITLES[step]}", lambda r, s=step: r.seconds(s), _seconds)
        for step in INCREMENTAL
    ),
    Figure("Peak memory, full `-j 1`", lambda r: r.peak_rss("full -j 1"), _bytes),
    Figure("Peak memory, full `-j 2` (largest process)", lambda r: r.peak_rss("full -j 2"), _bytes),
    Figure("Output size", _output("size"), _bytes),
    Figure("HTML pages", _output("pages"), _count),
    Figure("One issue page", _output("issue_page"), _bytes),
    Figure("Search index (`searchindex.js`)", _output("search_index"), _bytes),
    Figure("Search, first-query download", _output("search_download"), _bytes),
    Figure("Search, first-query download (gzip)", _output("search_download_gzip"), _bytes),
    Figure("Warnings, full `-j 1`", _warnings, _count, ratio=False),
)


def _cell(value: float | None, show: Callable[[float], str]) -> str:
    return "failed" if value is None else show(value)


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], right: int = 1) -> str:
    """A Markdown table; columns from ``right`` on are right-aligned."""
    align = ["---" if i < right else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def comparison(results: Sequence[SiteResult], issues: int) -> str:
    """The figures of every site at one size, with the ratios kit/floor and kit/ABlog."""
    by_site = {r.site: r for r in results if r.issues == issues}
    sites = [s for s in TITLES if s in by_site]
    others = [s for s in sites if s != "kit"] if "kit" in by_site else []
    header = ["Figure", *(TITLES[s] for s in sites), *(f"kit/{TITLES[s]}" for s in others)]
    rows = []
    for figure in FIGURES:
        values = {s: figure.read(by_site[s]) for s in sites}
        row = [figure.label, *(_cell(values[s], figure.show) for s in sites)]
        for other in others:
            row.append(_ratio(values["kit"], values[other]) if figure.ratio else "-")
        rows.append(row)
    sample = next(iter(by_site.values()))
    note = (
        f"One issue page: `issues/{sample.sample_issue:04d}/`. "
        f"Deleted issue: {sample.deleted_issue}."
    )
    return f"### {issues:,} issues\n\n{_table(header, rows)}\n\n{note}"


#: The builds whose per-issue cost is tracked across sizes: label and how to read the time.
SCALED: tuple[tuple[str, Callable[[SiteResult], float | None]], ...] = (
    ("`full -j 1`", lambda r: r.seconds("full -j 1")),
    ("`full -j 1`, CPU time", lambda r: r.cpu_seconds("full -j 1")),
    ("`full -j 2`", lambda r: r.seconds("full -j 2")),
)


def scaling(results: Sequence[SiteResult], sizes: Sequence[int]) -> str:
    """Per-issue cost of the full builds at each size, and its growth across the sizes."""
    header = ["Site, build", *(f"{n:,} issues" for n in sizes), f"growth {sizes[0]}→{sizes[-1]}"]
    rows = []
    for site in TITLES:
        by_size = {r.issues: r for r in results if r.site == site}
        if not by_size:
            continue
        for label, read in SCALED:
            costs = []
            for n in sizes:
                seconds = read(by_size[n]) if n in by_size else None
                costs.append(None if seconds is None else seconds / n)
            cells = ["-" if c is None else f"{c * 1000:.0f} ms" for c in costs]
            rows.append([f"{TITLES[site]}, {label}", *cells, _ratio(costs[-1], costs[0])])
    return _table(header, rows)


def largest_pages(results: Sequence[SiteResult], site: str, sizes: Sequence[int]) -> str:
    """The largest page of each kind (URL pattern) at each size, flagging any over the limit."""
    outputs = {r.issues: r.output for r in results if r.site == site and r.output}
    kinds = sorted({kind for output in outputs.values() for kind in output.largest})
    rows = []
    for kind in kinds:
        row = [f"`{kind}`"]
        for n in sizes:
            output = outputs.get(n)
            if output is None or kind not in output.largest:
                row.append("-")
                continue
            page, size = output.largest[kind]
            flag = " **over 400 KB**" if size > PAGE_LIMIT else ""
            row.append(f"{_bytes(size)}{flag} `{page}`")
        rows.append(row)
    over = [
        f"`{output.largest[k][0]}` at {n:,}"
        for n, output in outputs.items()
        for k in output.largest
        if output.largest[k][1] > PAGE_LIMIT
    ]
    verdict = "Pages over 400 KB: " + (", ".join(over) if over else "none") + "."
    header = ["Kind", *(f"{n:,} issues" for n in sizes)]
    return f"{_table(header, rows)}\n\n{verdict}"


def pages_written(results: Sequence[SiteResult], sizes: Sequence[int]) -> str:
    """HTML pages each incremental build wrote (new or changed mtime) next to the total."""
    sites = [s for s in TITLES if any(r.site == s for r in results)]
    header = ["Issues", "Change", *(f"{TITLES[s]} pages written" for s in sites)]
    if "kit" in sites:
        header.append("kit listing pages written")
    rows = []
    for n in sizes:
        by_site = {r.site: r for r in results if r.issues == n}
        for step in INCREMENTAL:
            row = [f"{n:,}", STEP_TITLES[step]]
            for site in sites:
                build = by_site[site].build(step) if site in by_site else None
                row.append(f"{build.written:,} / {build.total_pages:,}" if build else "failed")
            if "kit" in sites:
                build = by_site["kit"].build(step) if "kit" in by_site else None
                listing = build.listing if build else None
                row.append(f"{listing[1]:,} / {listing[0]:,}" if listing else "-")
            rows.append(row)
    return _table(header, rows, right=2)


def repeated_builds(results: Sequence[SiteResult], sizes: Sequence[int]) -> str:
    """Every clean ``-j 1`` build's wall time, in the order they ran."""
    header = ["Site", *(f"{n:,} issues" for n in sizes)]
    rows = []
    for site in TITLES:
        by_size = {r.issues: r for r in results if r.site == site}
        if not by_size:
            continue
        cells = [
            ", ".join(f"{t:.1f} s" for t in by_size[n].repeats) if n in by_size else "-"
            for n in sizes
        ]
        rows.append([TITLES[site], *cells])
    return _table(header, rows)


def render(results: Sequence[SiteResult], sizes: Sequence[int], header: Sequence[str]) -> str:
    """The whole Markdown report: machine header, one comparison per size, then the rest."""
    parts = ["# Benchmark results", "\n".join(header), METHOD]
    parts += ["## Side by side", *(comparison(results, n) for n in sizes)]
    parts += ["## Per-issue cost of a full build", scaling(results, sizes)]
    parts += ["## Every clean `-j 1` build", repeated_builds(results, sizes)]
    parts.append("## Largest page of each kind")
    for site in TITLES:
        if any(r.site == site and r.output for r in results):
            parts += [f"### {TITLES[site]}", largest_pages(results, site, sizes)]
    parts += ["## Pages written by incremental builds", pages_written(results, sizes)]
    return "\n\n".join(parts) + "\n"


METHOD = """\
Each site is generated by `benchmarks/generate.py` from the same content model
(about 10 recommendations and one sponsor per issue) and built with
`python -m sphinx -b dirhtml` in a child process: wall time, CPU time (user +
system) and peak RSS from `wait4` (the largest process of the build's tree);
with a busy machine (see the load average) wall times run above CPU times.
The clean `-j 1` builds run several times, the sites taking turns, and the
fastest of each site is reported (all are listed under "Every clean `-j 1`
build"): on a shared virtual machine the same build varies by a quarter from
one hour to the next, and taking turns lets a slow spell fall on every site.
*kit*: `sphinx_newsletter`; *floor*: Sphinx + myst-parser + the `basic` theme,
region and topic pages written out as MyST lists of cross-references; *ABlog*:
ABlog on sphinx-book-theme, each issue a post, topics as tags and regions as
categories. The incremental builds run one after another on the `-j 1` output:
a sentence added to the newest issue's first Our Take, then one issue added after
all others, then one issue deleted from the middle. Sizes are in bytes
(1 KB = 1,000 B) of the clean `-j 1` build; "first-query download" is the search
page with the scripts and stylesheets it loads, `searchindex.js` among them,
uncompressed and gzip-compressed file by file. Pages written are HTML files new
or with a changed mtime; the kit's listing figure is its own log line
`newsletter: ... <total> index pages, <written> updated by this build`."""
