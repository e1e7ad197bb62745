"""``newsletter serve``: a live preview that rebuilds what changed while you edit."""

from __future__ import annotations

import argparse
import os
import sys

NAME = "serve"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "preview the site while you edit (sphinx-autobuild)"
DESCRIPTION = (
    "Build the site into _build/html and serve it on http://HOST:PORT/, "
    "rebuilding only the pages a change affects (Sphinx's incremental build, "
    "with the doctrees kept in _build/doctrees) and reloading the browser."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter serve``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--drafts", action="store_true", help="show draft issues too")
    parser.add_argument(
        "autobuild",
        nargs=argparse.REMAINDER,
        help="after --: more sphinx-autobuild or sphinx-build options (--watch src)",
    )


def command(args: argparse.Namespace) -> list[str]:
    """The sphinx-autobuild command line ``serve`` runs."""
    src = args.source
    line = [
        sys.executable,
        "-m",
        "sphinx_autobuild",
        "-b",
        "dirhtml",
        "-d",
        str(src / "_build" / "doctrees"),
        "--host",
        args.host,
        "--port",
        str(args.port),
        # sphinx-autobuild ignores its output folder itself; the check cache too.
        "--ignore",
        str(src / "_build"),
    ]
    if args.drafts:
        line += ["-D", "newsletter_show_drafts=1"]
    extra = args.autobuild[1:] if args.autobuild[:1] == ["--"] else args.autobuild
    return [*line, *extra, str(src), str(src / "_build" / "html")]


def run(args: argparse.Namespace) -> int:
    """Hand over to sphinx-autobuild (it prints the address and each rebuild)."""
    if not _importable():
        print(
            "newsletter serve needs sphinx-autobuild: pip install 'sphinx-newsletter[serve]'",
            file=sys.stderr,
        )
        return 2
    print(
        f"newsletter serve: open http://{args.host}:{args.port}/ (Ctrl-C stops)",
        file=sys.stderr,
    )
    line = command(args)
    os.execv(line[0], line)  # replaces this process: never returns


def _importable() -> bool:
    import importlib.util

    return importlib.util.find_spec("sphinx_autobuild") is not None
