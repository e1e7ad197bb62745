"""``newsletter check``: every problem of an archive's sources, without building a site.

The sources are read with the build's own rules (``read_catalog``: the site's
``conf.py`` and validators), so the messages are the build's; the archive-wide
checks (``archive``) come on top. Issues are read by the fast reader
(``read.fast``: MyST's tokens handed to the same rules), the files it cannot read
exactly by the build's reader, whose readings are kept in ``_build/.check`` so a
second check re-reads only the files that changed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import IO

from ..buildstate import committed_message, shown, tracked_files
from ..read.reader import read_catalog
from .archive import archive_problems
from .importer.leftovers import leftover_problems
from .problems import Problem, from_warnings

NAME = "check"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "validate issues without building the site"
DESCRIPTION = (
    "Validate the archive's issues with the build's own rules, without writing "
    "HTML: every warning the build would print, plus an article recommended "
    "twice, and a topic, author or publication spelled two ways. Prints "
    "'path:line: error|warning: message [type]'; exits 1 when there are problems. "
    "An error is a problem that makes the build skip something."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter check``."""
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        help="report only problems in these files or folders (the whole archive is "
        "still read, so cross-issue checks stay right); default: all",
    )
    parser.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: GitHub Actions annotations, shown on the pull request's lines",
    )
    parser.add_argument(
        "--jobs", "-j", type=int, default=0, help="processes to read with; default: all cores"
    )
    parser.add_argument(
        "--build-reader",
        action="store_true",
        help="read every file with the build's own reader (slower; the default fast "
        "reader gives the same problems)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read every file afresh instead of re-reading only the changed ones",
    )


def check(
    srcdir: Path,
    *,
    jobs: int = 1,
    cache: Path | None = None,
    status: IO[str] | None = None,
    fast: bool = True,
) -> list[Problem]:
    """Every problem in the site at ``srcdir``, sorted by file and line.

    ``fast``: issues are read by the fast reader where it reads them exactly.
    """
    reading = read_catalog(srcdir, jobs=jobs, cache=cache, status=status, fast=fast)
    found = {problem for problem in from_warnings(reading.warnings, srcdir) if problem is not None}
    found.update(archive_problems(reading))
    found.update(leftover_problems(srcdir, reading.sources))
    return sorted(found, key=lambda p: (p.path, p.line, p.type, p.message))


def committed_build_state(srcdir: Path, build: Path) -> list[Problem]:
    """An error for each file the repository holds under the build folder ``build``."""
    return [
        Problem(
            shown(path, srcdir),
            1,
            committed_message(shown(path, srcdir), "is never read"),
            "newsletter.buildstate",
            error=True,
        )
        for path in tracked_files([build])
    ]


def _selected(problem: Problem, srcdir: Path, paths: list[Path]) -> bool:
    if not paths:
        return True
    target = (srcdir / problem.path).resolve()
    return any(target == p or p in target.parents for p in paths)


def run(args: argparse.Namespace) -> int:
    """Check, print, and exit 1 when something is wrong."""
    srcdir: Path = args.source
    paths = [p.resolve() for p in args.paths]
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"newsletter check: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2
    build = srcdir / "_build"
    committed = committed_build_state(srcdir, build)
    # A cache the repository holds is never read: the check reads afresh instead.
    cache = None if args.no_cache or committed else build / ".check"
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    jobs = args.jobs or os.cpu_count() or 1
    # Progress goes to stderr, so stdout stays the list of problems.
    status = sys.stderr if sys.stderr.isatty() else None
    problems = [
        p
        for p in committed
        + check(srcdir, jobs=jobs, cache=cache, status=status, fast=not args.build_reader)
        if _selected(p, srcdir, paths)
    ]
    line_of = Problem.github if args.format == "github" else Problem.text
    try:
        for problem in problems:
            print(line_of(problem))
    except BrokenPipeError:  # `newsletter check | head` is fine
        pass
    errors = sum(p.error for p in problems)
    print(
        f"newsletter check: {errors} error(s), {len(problems) - errors} warning(s)",
        file=sys.stderr,
    )
    return 1 if problems else 0
