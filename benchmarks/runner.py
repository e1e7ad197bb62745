"""The benchmark runner: generates each site in each scenario, builds it, reports the figures.

``python -m benchmarks [--sizes 100 500 1000] [--realistic 665] [--sites kit floor ...]
[--steps edit add delete] [--out benchmarks/RESULTS.md]`` prints the Markdown report
to stdout and writes it to ``--out``; progress goes to stderr as each build finishes.
"""

from __future__ import annotations

import argparse
import pickle
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .machine import describe, load
from .measure import Build, measure_output, run_build
from .report import render
from .results import INCREMENTAL, SiteResult
from .scenario import Scenario, Steps, realistic, steps, weekly
from .sites import SITES

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
    if build.timed_out:
        return f"STOPPED at the time limit after {text}"
    return text if build.ok else f"FAILED (exit {build.returncode}) after {text}"


class SiteBench:
    """The builds of one site in one scenario, run in phases so sites can take turns."""

    def __init__(
        self,
        site: str,
        scenario: Scenario,
        states: Steps,
        root: Path,
        changes: Sequence[str] = INCREMENTAL,
        parallel: bool = True,
        timeout: float | None = None,
    ) -> None:
        self.site, self.states = SITES[site], states
        self.issues = scenario.issues
        self.changes = [(n, a) for n, a in self.states.changes() if n in changes]
        self.parallel = parallel and self.site.parallel
        self.timeout = timeout
        self.base = root / scenario.label.replace(", ", "-").replace(" ", "-") / site
        shutil.rmtree(self.base, ignore_errors=True)
        self.src, self.logs = self.base / "src", self.base / "logs"
        self.result = SiteResult(
            site,
            self.issues,
            min(SAMPLE_ISSUE, self.issues),
            self.states.deleted_number,
            label=scenario.label,
            weekly=scenario.name == "weekly",
        )
        self.site.write(self.states.initial, self.src)

    def build(self, name: str, outdir: Path, cache: Path, jobs: int = 1) -> Build:
        """Run one build, record it under ``name`` and report it on stderr."""
        log = self.logs / f"{name.replace(' ', '')}.log"
        done = run_build(
            self.site.command(self.src, outdir, cache, jobs),
            outdir,
            log,
            env=self.site.environment(jobs),
            warning=self.site.warning,
            timeout=self.timeout,
        )
        self.result.builds[name] = done
        _progress(f"[{self.result.label}, {self.site.name}] {name}: {_describe(done)}")
        for line in done.warnings[:3]:
            _progress(f"    {line}")
        if not done.ok:
            _progress(f"    see {log.with_suffix('.err')}")
        return done

    def full(self) -> None:
        """The clean ``-j 1`` build the incremental builds start from, and its output."""
        done = self.build("full -j 1", self.base / "out", self.base / "cache")
        self.result.repeats.append(done.seconds)
        if done.ok:
            self.result.output = measure_output(self.base / "out", self.result.sample_issue)

    def full_again(self) -> None:
        """Another clean ``-j 1`` build; the fastest one stands for the site."""
        first = self.result.builds["full -j 1"]
        out, cache = self.base / "out-again", self.base / "cache-again"
        again = self.build("full -j 1", out, cache)
        self.result.repeats.append(again.seconds)
        if first.ok and (not again.ok or first.seconds <= again.seconds):
            self.result.builds["full -j 1"] = first
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)

    def rest(self) -> None:
        """The ``-j 2`` build (tools that build in parallel), then each change in turn
        on the ``-j 1`` output."""
        if self.parallel:
            out, cache = self.base / "out-j2", self.base / "cache-j2"
            self.build("full -j 2", out, cache, jobs=2)
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
        if not self.result.build("full -j 1"):
            return  # nothing to rebuild incrementally
        for name, archive in self.changes:
            self.site.write(archive, self.src)
            self.build(name, self.base / "out", self.base / "cache")


def run(
    scenarios: Sequence[Scenario],
    sites: Sequence[str],
    root: Path,
    repeat: int = 1,
    changes: Sequence[str] = INCREMENTAL,
    extras: Sequence[str] | None = None,
    timeout: float | None = None,
    done: Callable[[list[SiteResult]], None] | None = None,
    parallel: Sequence[str] | None = None,
) -> list[SiteResult]:
    """Every site in every scenario, in the order given.

    In each scenario the sites, in the order given, take turns: each one's clean
    ``-j 1`` build, ``repeat`` rounds of them in all (so a spell of load on the
    machine falls on every site alike; with one round, each site's builds run
    together), then each site's other builds: the ``-j 2`` build and the
    incremental ``changes``, for the sites in ``extras``
    (default: all; the ``-j 2`` build for those in ``parallel``, by default
    ``extras``), and in the realistic scenario the incremental ``changes`` too (its
    ``-j 2`` builds are left out).
    ``done`` is called with the results so far after each site's turn.
    """
    results: list[SiteResult] = []
    for scenario in scenarios:
        states = steps(scenario)
        benches = []
        for site in sites:
            weekly = scenario.name == "weekly"
            extra = extras is None or site in extras
            both = weekly and site in (parallel if parallel is not None else extras or sites)
            changed = changes if extra else ()
            benches.append(SiteBench(site, scenario, states, root, changed, both, timeout))
        results.extend(bench.result for bench in benches)
        turns = [b.full for b in benches]
        turns += [b.full_again for b in benches] * (repeat - 1)
        turns += [b.rest for b in benches]
        if repeat == 1:
            # Nothing to take turns over: each site's builds together, in site order.
            turns = [turn for b in benches for turn in (b.full, b.rest)]
        for turn in turns:
            turn()
            if done is not None:
                done(results)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point of ``python -m benchmarks``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[100, 500, 1000],
        help="weekly archive sizes in issues (none, with --include: report only)",
    )
    parser.add_argument(
        "--realistic",
        type=int,
        metavar="ISSUES",
        help="also the realistic scenario with this many issues (40 an issue; e.g. 665)",
    )
    sites_help = {
        "--sites": "the sites to build (default: all whose tool is installed)",
        "--extras": "the sites that run the -j 2 build and the --steps (default: all); "
        "the others run their clean -j 1 builds only",
        "--parallel": "the sites that run the -j 2 build (default: --extras)",
    }
    for option, text in sites_help.items():
        default = list(SITES) if option == "--sites" else None
        parser.add_argument(option, nargs="+", choices=list(SITES), default=default, help=text)
    parser.add_argument(
        "--steps",
        nargs="*",
        choices=list(INCREMENTAL),
        default=list(INCREMENTAL),
        help="the incremental builds after the full ones (default: all)",
    )
    parser.add_argument(
        "--include",
        type=Path,
        action="append",
        default=[],
        metavar="RESULTS",
        help="also report the results an earlier run saved (its --runs/results.pickle)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop any build still running after this long (reported as stopped)",
    )
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
    if min([*sizes, args.realistic or 2]) < 2:
        parser.error("sizes must be at least 2 (one issue is deleted from the middle)")
    missing = [s for s in args.sites if not SITES[s].available()]
    if missing:
        _progress(f"not installed, left out: {', '.join(missing)}")
    sites = [s for s in dict.fromkeys(args.sites) if s not in missing]
    scenarios = [weekly(n) for n in sizes]
    if args.realistic:
        scenarios.append(realistic(args.realistic))
    started, load_before = time.perf_counter(), load()
    # Described once, before the first report is written: the report is in the
    # repository, so a later look would call the tree the builds ran from dirty.
    machine = describe(HERE.parent)
    command = " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])
    earlier: list[SiteResult] = []
    notes: list[str] = []
    for path in args.include:
        run_before = pickle.loads(path.read_bytes())
        earlier += run_before["results"]
        notes += [f"- Included from an earlier run ({path}):", *run_before["header"]]
    labels = list(dict.fromkeys([r.label for r in earlier] + [s.label for s in scenarios]))

    def report(results: list[SiteResult]) -> str:
        """The report of the builds so far, written to ``--out`` (a long run that is
        stopped keeps what it measured), and the results saved for ``--include``."""
        header = [
            *machine,
            f"- Load average (1, 5, 15 min): {load_before} at the start, {load()} at the end",
            f"- Command: `{command}`; {time.perf_counter() - started:.0f} s in all",
        ]
        text = render([*earlier, *results], labels, [*header, *notes])
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        args.runs.mkdir(parents=True, exist_ok=True)
        saved = {"results": results, "header": ["  " + line for line in header]}
        (args.runs / "results.pickle").write_bytes(pickle.dumps(saved))
        return text

    results = run(
        scenarios,
        sites,
        args.runs,
        max(1, args.repeat),
        args.steps,
        args.extras,
        args.timeout,
        done=report,
        parallel=args.parallel,
    )
    _progress(f"all builds done in {time.perf_counter() - started:.0f} s")
    sys.stdout.write(report(results))
    _progress(f"report written to {args.out}")
    return 0 if all(b.ok for r in results for b in r.builds.values()) else 1
