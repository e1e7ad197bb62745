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

__all__ = ["bench_site", "main"]

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


def bench_site(site: str, states: Steps, root: Path) -> SiteResult:
    """Build ``site`` at one size: two clean builds, then each change in turn."""
    issues = len(states.initial.issues)
    base = root / str(issues) / site
    shutil.rmtree(base, ignore_errors=True)
    src, out, doctrees, logs = base / "src", base / "out", base / "doctrees", base / "logs"
    write = WRITERS[site]
    result = SiteResult(site, issues, min(SAMPLE_ISSUE, issues), states.deleted_number)

    def build(name: str, outdir: Path, trees: Path, jobs: int = 1) -> Build:
        log = logs / f"{name.replace(' ', '')}.log"
        done = result.builds[name] = run_build(src, outdir, trees, log, jobs)
        _progress(f"[{issues:,} issues, {site}] {name}: {_describe(done)}")
        for line in done.warnings[:3]:
            _progress(f"    {line}")
        if not done.ok:
            _progress(f"    see {log.with_suffix('.err')}")
        return done

    write(states.initial, src)
    if build("full -j 1", out, doctrees).ok:
        result.output = measure_output(out, result.sample_issue)
    build("full -j 2", base / "out-j2", base / "doctrees-j2", jobs=2)
    shutil.rmtree(base / "out-j2", ignore_errors=True)
    shutil.rmtree(base / "doctrees-j2", ignore_errors=True)
    for name, archive in states.changes():
        write(archive, src)
        build(name, out, doctrees)
    return result


def run(sizes: Sequence[int], sites: Sequence[str], root: Path) -> list[SiteResult]:
    """Every site at every size, sizes in increasing order."""
    results = []
    for issues in sizes:
        states = steps(issues)
        for site in sites:
            results.append(bench_site(site, states, root))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point of ``python -m benchmarks``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[100, 500, 1000], help="archive sizes in issues"
    )
    parser.add_argument("--skip-ablog", action="store_true", help="build only kit and floor")
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
    results = run(sizes, sites, args.runs)
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
