"""The ``newsletter`` command: tools for contributors and maintainers of an archive."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

from . import audit, check, email, import_feed, init, links, new, serve, stats

#: The subcommands, in the order ``--help`` lists them. Each module has ``NAME``,
#: ``HELP``, ``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> exit
#: status``; one with
#: ``NEEDS_SITE = True`` gets ``--source`` (the site's folder), checked here.
COMMANDS: tuple[ModuleType, ...] = (
    init,
    import_feed,
    new,
    check,
    serve,
    stats,
    email,
    audit,
    links,
)


def parser() -> argparse.ArgumentParser:
    """The command line of ``newsletter`` and its subcommands."""
    top = argparse.ArgumentParser(prog="newsletter", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.NAME, help=command.HELP, description=command.DESCRIPTION)
        command.add_arguments(sub)
        needs_site = getattr(command, "NEEDS_SITE", False)
        if needs_site:
            sub.add_argument(
                "--source", type=Path, default=Path("."), help="the site's folder (with conf.py)"
            )
        sub.set_defaults(run=command.run, needs_site=needs_site)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsletter <command>``; returns the exit status (2: bad usage)."""
    args = parser().parse_args(argv)
    if args.needs_site and not (args.source / "conf.py").is_file():
        print(f"newsletter {args.command}: no conf.py in {args.source}", file=sys.stderr)
        return 2
    run: Callable[[argparse.Namespace], int] = args.run
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
