"""The benchmark runner: generates each site at each size, builds it, reports the figures.

``python -m benchmarks [--sizes 100 500 1000] [--skip-ablog] [--out benchmarks/RESULTS.md]``
prints the Markdown report to stdout and writes it to ``--out``; progress goes to
stderr as each build finishes.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .machine import describe, load
from .measure import Build, measure_output, run_build
from .report import render
from .results import SiteResult
from .scenario import WRITERS, Steps, steps

__all__ = ["SiteBench", "main", "run"]

HERE = Path(__file__).resolve().parent
#: The issue whose page size is reported (or the newest, in a smaller archive).
SAMPLE_ISSUE = 50


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _describe(build: Build) -> str:
    """A one-line summary of a build for the progress output."""
    text = f"{build.seconds:.1f} s ({build.cpu_seconds:.1f} s CPU)"
    text += f", {build.peak_rss / 1e6:.0f} MB peak"
    text += f", {build.written:,}/{build.total_pages:,} pages written"
    if build.listing:
        text += f" (listing {build.listing[1]:,}/{build.listing[0]:,})"
    text += f", {len(build.warnings)} warnings"
    return text if build.ok else f"FAILED (exit {build.returncode}) after {text}"


class SiteBench:
    """The builds of one site at one size, run in phases so sites can take turns."""

    def __init__(self, site: str, states: Steps, root: Path) -> None:
        self.site, self.states = site, states
        self.issues = len(states.initial.issues)
        self.base = root / str(self.issues) / site
        shutil.rmtree(self.base, ignore_errors=True)
        self.src, self.logs = self.base / "src", self.base / "logs"
        self.write = WRITERS[site]
        self.result = SiteResult(
            site, self.issues, min(SAMPLE_ISSUE, self.issues), states.deleted_number
        )
        self.write(states.initial, self.src)

    def build(self, name: str, outdir: Path, trees: Path, jobs: int = 1) -> Build:
        """Run one build, record it under ``name`` and report it on stderr."""
        log = self.logs / f"{name.replace(' ', '')}.log"
        done = run_build(self.src, outdir, trees, log, jobs)
        self.result.builds[name] = done
        _progress(f"[{self.issues:,} issues, {self.site}] {name}: {_describe(done)}")
        for line in done.warnings[:3]:
            _progress(f"    {line}")
        if not done.ok:
            _progress(f"    see {log.with_suffix('.err')}")
        return done

    def full(self) -> None:
        """The clean ``-j 1`` build the incremental builds start from, and its output."""
        done = self.build("full -j 1", self.base / "out", self.base / "doctrees")
        self.result.repeats.append(done.seconds)
        if done.ok:
            self.result.output = measure_output(self.base / "out", self.result.sample_issue)

    def full_again(self) -> None:
        """Another clean ``-j 1`` build; the fastest one stands for the site."""
        first = self.result.builds["full -j 1"]
        out, trees = self.base / "out-again", self.base / "doctrees-again"
        again = self.build("full -j 1", out, trees)
        self.result.repeats.append(again.seconds)
        if first.ok and (not again.ok or first.seconds <= again.seconds):
            self.result.builds["full -j 1"] = first
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(trees, ignore_errors=True)

    def rest(self) -> None:
        """The ``-j 2`` build, then each change in turn on the ``-j 1`` output."""
        self.build("full -j 2", self.base / "out-j2", self.base / "doctrees-j2", jobs=2)
        shutil.rmtree(self.base / "out-j2", ignore_errors=True)
        shutil.rmtree(self.base / "doctrees-j2", ignore_errors=True)
        for name, archive in self.states.changes():
            self.write(archive, self.src)
            self.build(name, self.base / "out", self.base / "doctrees")


def run(
    sizes: Sequence[int], sites: Sequence[str], root: Path, repeat: int = 1
) -> list[SiteResult]:
    """Every site at every size, sizes in increasing order.

    At each size the sites take turns: each one's clean ``-j 1`` build, ``repeat``
    rounds of them in all (so a spell of load on the machine falls on every site
    alike), then each site's other builds.
    """
    results = []
    for issues in sizes:
        states = steps(issues)
        benches = [SiteBench(site, states, root) for site in sites]
        for bench in benches:
            bench.full()
        for _round in range(1, repeat):
            for bench in benches:
                bench.full_again()
        for bench in benches:
            bench.rest()
        results.extend(bench.result for bench in benches)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point of ``python -m benchmarks``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 500, 1000], help="archive sizes in issues"
    )
    parser.add_argument("--skip-ablog", action="store_true", help="build only kit and floor")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="clean -j 1 builds of each site, taking turns; the fastest is reported",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "RESULTS.md", help="where to write the report"
    )
    parser.add_argument(
        "--runs", type=Path, default=HERE / "_runs", help="working folder for sites and builds"
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))
    if sizes[0] < 2:
        parser.error("--sizes must be at least 2 (one issue is deleted from the middle)")
    sites = [s for s in WRITERS if not (args.skip_ablog and s == "ablog")]
    started, load_before = time.perf_counter(), load()
    results = run(sizes, sites, args.runs, max(1, args.repeat))
    _progress(f"all builds done in {time.perf_counter() - started:.0f} s")
    command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    header = [
        *describe(HERE.parent),
        f"- Load average (1, 5, 15 min): {load_before} at the start, {load()} at the end",
        f"- Command: `{command}`; {time.perf_counter() - started:.0f} s in all",
    ]
    report = render(results, sizes, header)
    sys.stdout.write(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    _progress(f"report written to {args.out}")
    return 0 if all(b.ok for r in results for b in r.builds.values()) else 1
