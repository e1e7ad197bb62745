"""``python -m benchmarks.check``: how long ``newsletter check`` takes, cold and warm.

Each archive (the two real corpora from ``shared/corpora`` and one generated
archive of 665 issues with about 28,000 recommendations) is copied to a scratch
folder and checked by ``python -m sphinx_newsletter check`` in a child process:

- *cold*: no ``_build/.check`` yet (every file read, with ``-j`` all cores);
- *warm*: checked again with nothing changed;
- *one edit*: one sentence added to the newest issue, then checked.

``--readers fast build`` checks each archive with both readers (each on its own
copy): the fast reader, and the build's own (``--build-reader``).

The report (Markdown) goes to stdout and to ``--out``.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from .generate import REALISTIC, generate_archive
from .machine import describe, load

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = REPO.parent / "shared" / "corpora"


def _corpus(name: str) -> Callable[[Path], None]:
    def make(dest: Path) -> None:
        shutil.copytree(CORPORA / name / "issues", dest / "issues")
        shutil.copy(CORPORA / name / "conf-snippet.py", dest / "conf.py")
        (dest / "index.md").write_text(f"# {name}\n", encoding="utf-8")

    return make


def _generated(dest: Path) -> None:
    generate_archive(dest, 665, recs_per_issue=42)


def _realistic(dest: Path) -> None:
    generate_archive(dest, 665, recs_per_issue=40, shape=REALISTIC)


ARCHIVES: dict[str, Callable[[Path], None]] = {
    "haskell-weekly": _corpus("haskell-weekly"),
    "ios-weekly": _corpus("ios-weekly"),
    "generated-665": _generated,
    "realistic-665": _realistic,
}
#: The readers ``newsletter check`` can read issues with: its fast reader (the
#: default) and the build's own (``--build-reader``).
READERS = {"fast": [], "build": ["--build-reader"]}


def _check(site: Path, reader: str = "fast") -> tuple[float, int, int, float]:
    """One ``newsletter check`` of ``site``: seconds, exit status, problems, CPU seconds.

    The CPU time (user and system, of the child and the workers it forked and
    waited for) says what the check costs on a machine that others share.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx_newsletter", "check", "--source", str(site)]
        + READERS[reader],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        raise RuntimeError(proc.stderr)
    return seconds, proc.returncode, len(proc.stdout.splitlines()), cpu


def _edit_newest(site: Path) -> None:
    newest = max((site / "issues").glob("*.md"))
    with newest.open("a", encoding="utf-8") as out:
        out.write("\nOne more sentence for the benchmark.\n")


def _counts(site: Path) -> tuple[int, int]:
    issues = sorted((site / "issues").glob("*.md"))
    recs = sum(p.read_text(encoding="utf-8").count(":::{recommendation}") for p in issues)
    return len(issues), recs


def run(names: Sequence[str], readers: Sequence[str] = ("fast",)) -> str:
    """Check each archive cold, warm and after one edit, with each reader; the report."""
    rows = []
    start_load = load()
    with tempfile.TemporaryDirectory(prefix="newsletter-check-bench-") as scratch:
        for name in names:
            for reader in readers:
                site = Path(scratch) / f"{name}-{reader}"
                site.mkdir()
                ARCHIVES[name](site)
                issues, recs = _counts(site)
                cold = _check(site, reader)
                warm = _check(site, reader)
                _edit_newest(site)
                edited = _check(site, reader)
                label = name if readers == ("fast",) else f"{name} ({reader} reader)"
                times = f"{cold[0]:.1f} s, {warm[0]:.1f} s, {edited[0]:.1f} s"
                print(f"{label}: {times}", file=sys.stderr)
                rows.append((label, issues, recs, cold, warm, edited))
    lines = [
        "# `newsletter check` timings",
        "",
        *describe(REPO),
        f"- Load average (1, 5, 15 min): {start_load} at the start, {load()} at the end",
        f"- Command: `python -m benchmarks.check {' '.join(names)}"
        + (f" --readers {' '.join(readers)}`" if readers != ("fast",) else "`"),
        "",
        "Wall time of `python -m sphinx_newsletter check --source SITE` in a child process "
        "(the interpreter's start included). *Cold*: no `_build/.check` yet, every file "
        "read with `-j` all cores; *warm*: again, nothing changed; *one edit*: a sentence "
        "added to the newest issue. *CPU*: the cold check's user and system time, its "
        "worker processes' included.",
        "",
        "| Archive | issues | recommendations | cold | cold CPU | warm | one edit | problems |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, issues, recs, cold, warm, edited in rows:
        lines.append(
            f"| {name} | {issues:,} | {recs:,} | {cold[0]:.1f} s | {cold[3]:.1f} s "
            f"| {warm[0]:.1f} s "
            f"| {edited[0]:.1f} s | {cold[2]:,} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the check benchmark and write its report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.check", description=__doc__)
    parser.add_argument("archives", nargs="*", help=f"some of {', '.join(ARCHIVES)}; default: all")
    parser.add_argument("--out", type=Path, default=HERE / "CHECK.md")
    parser.add_argument(
        "--readers",
        nargs="+",
        choices=list(READERS),
        default=["fast"],
        help="the readers to check with, each on its own copy (default: fast)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.archives) - set(ARCHIVES)
    if unknown:
        parser.error(f"unknown archive(s): {', '.join(sorted(unknown))}")
    report = run(args.archives or list(ARCHIVES), tuple(args.readers))
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
