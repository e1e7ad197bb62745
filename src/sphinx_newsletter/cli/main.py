"""The ``newsletter`` command: tools for contributors and maintainers of an archive."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .audit import audit
from .email import add_email_command


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsletter <command>``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="newsletter", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "audit",
        help="check a built site against its sources: nothing lost",
        description="Cross-check a built (dirhtml) site against its sources: every "
        "published recommendation once on its issue page, on the year page of each of "
        "its regions (and their ancestors), topics, authors and publications, in the "
        "search index, and every :follows: linked both ways. Exits 1 naming each gap.",
    )
    check.add_argument(
        "source",
        nargs="?",
        default=".",
        type=Path,
        help="the site's source folder (with conf.py); default: .",
    )
    check.add_argument(
        "built", nargs="?", type=Path, help="the built site; default: SOURCE/_build/html"
    )
    add_email_command(commands)
    args = parser.parse_args(argv)
    if hasattr(args, "run"):
        return args.run(args)
    built = args.built or args.source / "_build" / "html"
    if not (args.source / "conf.py").exists() or not built.is_dir():
        print(
            f"newsletter audit: need a source folder with conf.py and a built site; "
            f"got {args.source} and {built}",
            file=sys.stderr,
        )
        return 2
    problems = audit(args.source, built)
    try:
        for problem in problems:
            print(problem)
    except BrokenPipeError:  # `newsletter audit | head` is fine
        pass
    print(f"newsletter audit: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
