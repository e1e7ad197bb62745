"""The ``newsletter`` command: tools for contributors and maintainers of an archive."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from . import audit, check, new, serve, stats

#: The subcommands, in the order ``--help`` lists them. Each module has ``NAME``,
#: ``HELP``, ``add_arguments(parser)`` and ``run(args) -> exit status``.
COMMANDS: tuple[ModuleType, ...] = (
    new,
    check,
    serve,
    stats,
    audit,
)


def parser() -> argparse.ArgumentParser:
    """The command line of ``newsletter`` and its subcommands."""
    top = argparse.ArgumentParser(prog="newsletter", description=__doc__)
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(command.NAME, help=command.HELP, description=command.HELP)
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``newsletter <command>``; returns the exit status (2: bad usage)."""
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
