"""What the listing pages cost: pages and bytes per page kind, the kit at a base revision and now.

Each scenario is generated once (``generate.py``) and built clean with ``-j 1``
by the kit at ``BASE`` (a git revision, exported as ``same_site`` does) and by
the worktree's kit. For each build: time, peak memory, the number of pages and
their bytes, and per page kind (``measure.page_kind``) how many, how many bytes
and the largest. Scenarios:

* ``weekly``: the generator's 10 recommendations an issue;
* ``dense``: 40 an issue, and most publications one-off host names (about one
  per eight recommendations), the shape of the real 665-issue archive in issue
  #20: everything under one root region, thousands of small publications.

Command line::

    python -m benchmarks.listings DEST [--base a47f244] [--sizes weekly=1000 dense=300]

writes ``benchmarks/LISTINGS.md`` (``--out`` to change).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .generate import Archive, build_archive, write_archive
from .measure import Build, page_kind, run_build
from .same_site import REPO, export_revision, export_worktree

#: The size limit the listing issue set for every generated page.
PAGE_LIMIT = 400_000


@dataclass(frozen=True)
class Kind:
    """The pages of one kind in one build."""

    pages: int
    size: int
    largest: tuple[str, int]


@dataclass(frozen=True)
class Measured:
    """One build of one scenario by one kit."""

    label: str
    build: Build
    pages: int
    size: int
    kinds: dict[str, Kind]


def dense(archive: Archive, seed: int = 20) -> Archive:
    """``archive`` with most publications made one-off host names.

    Seven recommendations in ten get a host name drawn from a pool of one per
    eight recommendations, so most such publications hold only a handful.
    """
    rng = random.Random(seed)
    recs = sum(1 for issue in archive.issues for _ in issue.recommendations)
    hosts = max(recs // 8, 1)

    def rehost(rec):
        if rng.random() < 0.7:
            return dataclasses.replace(rec, publication=f"news{rng.randrange(hosts)}.example")
        return rec

    issues = tuple(
        dataclasses.replace(
            issue,
            sections=tuple(
                dataclasses.replace(
                    section, recommendations=tuple(map(rehost, section.recommendations))
                )
                for section in issue.sections
            ),
        )
        for issue in archive.issues
    )
    return dataclasses.replace(archive, issues=issues)


SCENARIOS = {
    "weekly": lambda issues: build_archive(issues, recs_per_issue=10),
    "dense": lambda issues: dense(build_archive(issues, recs_per_issue=40)),
}


@contextmanager
def _kit(src: Path) -> Iterator[None]:
    """Builds in child processes import the kit from ``src``."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(src)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH")
        else:
            os.environ["PYTHONPATH"] = old


def measure(label: str, kit: Path, srcdir: Path, work: Path) -> Measured:
    """Build ``srcdir`` clean with the kit in ``kit`` and measure its pages by kind."""
    outdir = work / "html"
    with _kit(kit / "src"):
        build = run_build(srcdir, outdir, work / "doctrees", work / "build.log")
    if not build.ok:
        raise SystemExit(f"{label}: the build failed, see {work / 'build.log'}")
    counts: dict[str, list] = defaultdict(lambda: [0, 0, ("", -1)])
    for path in outdir.rglob("*.html"):
        page = path.relative_to(outdir).as_posix()
        size = path.stat().st_size
        kind = counts[page_kind(page)]
        kind[0] += 1
        kind[1] += size
        if size > kind[2][1]:
            kind[2] = ("/" + page.removesuffix("index.html"), size)
    kinds = {name: Kind(*values) for name, values in sorted(counts.items())}
    return Measured(
        label,
        build,
        sum(k.pages for k in kinds.values()),
        sum(k.size for k in kinds.values()),
        kinds,
    )


def _mb(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def report(scenario: str, issues: int, recs: int, runs: list[Measured]) -> str:
    """One scenario's Markdown section: totals, then pages per kind for each kit."""
    lines = [
        f"## {scenario}: {issues:,} issues, {recs:,} recommendations",
        "",
        "| kit | build (s) | CPU (s) | peak RSS | pages | HTML | largest page |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for run in runs:
        path, size = max((k.largest for k in run.kinds.values()), key=lambda item: item[1])
        flag = " **over 400 KB**" if size > PAGE_LIMIT else ""
        lines.append(
            f"| {run.label} | {run.build.seconds:.0f} | {run.build.cpu_seconds:.0f} "
            f"| {run.build.peak_rss / 1e6:,.0f} MB "
            f"| {run.pages:,} | {_mb(run.size)} | `{path}` {size / 1e3:,.0f} KB{flag} |"
        )
    kinds = sorted({name for run in runs for name in run.kinds})
    lines += [
        "",
        "| page kind | " + " | ".join(f"{run.label}: pages, HTML, largest" for run in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for name in kinds:
        cells = []
        for run in runs:
            kind = run.kinds.get(name)
            cells.append(
                f"{kind.pages:,}, {_mb(kind.size)}, {kind.largest[1] / 1e3:,.0f} KB"
                if kind
                else "-"
            )
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.listings DEST``: build each scenario with both kits, report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.listings", description=__doc__)
    parser.add_argument("dest", type=Path, help="a scratch folder (created)")
    parser.add_argument("--base", default="a47f244", help="the kit's revision to compare with")
    parser.add_argument(
        "--sizes",
        nargs="+",
        default=["dense=300", "weekly=1000"],
        help="SCENARIO=ISSUES pairs, run in this order (dense=300 weekly=1000)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "LISTINGS.md")
    args = parser.parse_args(argv)
    sizes = [(name, int(issues)) for name, _, issues in (s.partition("=") for s in args.sizes)]
    unknown = [name for name, _ in sizes if name not in SCENARIOS]
    if unknown:
        parser.error(f"unknown scenario(s) {unknown}; choose from {sorted(SCENARIOS)}")
    base = export_revision("base", args.base, args.dest / "kit-base")
    now = export_worktree("now", args.dest / "kit-now")
    load = os.getloadavg()
    sections = [
        "# Listing pages: pages and bytes per kind",
        "",
        f"`python -m benchmarks.listings {args.dest} --base {args.base} --sizes "
        f"{' '.join(args.sizes)}`: clean `-j 1` builds, the kit at {base.revision} "
        f"(base) and the worktree (now); load average at the start {load[0]:.1f}, "
        f"on {os.cpu_count()} cores shared with other work, so times are indicative.",
    ]
    for scenario, issues in sizes:
        archive = SCENARIOS[scenario](issues)
        srcdir = args.dest / scenario / "site"
        stats = write_archive(archive, srcdir)
        runs = [
            measure(f"base ({base.revision})", base.root, srcdir, args.dest / scenario / "base"),
            measure("now", now.root, srcdir, args.dest / scenario / "now"),
        ]
        sections += ["", report(scenario, issues, stats.recommendations, runs)]
        print(f"{scenario}: done", file=sys.stderr)
    args.out.write_text("\n".join(sections) + "\n", encoding="utf-8")
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
