"""``newsletter serve``: a live preview that rebuilds what changed while you edit."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

NAME = "serve"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "preview the site while you edit"
DESCRIPTION = (
    "Build the site into _build/html and serve it on http://HOST:PORT/, "
    "rebuilding only the pages a change affects (Sphinx's incremental build, "
    "with the doctrees kept in _build/doctrees). After a save the edited page "
    "reloads as soon as it is written, and says that search and the listings "
    "are still updating; the other open pages reload when the build ends."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter serve``."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")
    parser.add_argument("--drafts", action="store_true", help="show draft issues too")
    parser.add_argument(
        "autobuild",
        nargs=argparse.REMAINDER,
        help="after --: more folders to watch (--watch src) and sphinx-build options",
    )


def command(args: argparse.Namespace) -> list[str]:
    """The ``sphinx-build`` command line each rebuild runs."""
    src = args.source
    line = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-d", str(src / "_build" / "doctrees")]
    if args.drafts:
        line += ["-D", "newsletter_show_drafts=1"]
    return [*line, *_split(args)[1], str(src), str(src / "_build" / "html")]


def watched(args: argparse.Namespace) -> list[Path]:
    """The folders whose changes start a build: the site's, and each ``--watch``."""
    return [args.source, *_split(args)[0]]


def _split(args: argparse.Namespace) -> tuple[list[Path], list[str]]:
    """The extra options after ``--``: the ``--watch`` folders, and sphinx-build's."""
    extra = args.autobuild[1:] if args.autobuild[:1] == ["--"] else list(args.autobuild)
    folders: list[Path] = []
    rest: list[str] = []
    while extra:
        option = extra.pop(0)
        if option == "--watch" and extra:
            folders.append(Path(extra.pop(0)))
        elif option.startswith("--watch="):
            folders.append(Path(option.partition("=")[2]))
        else:
            rest.append(option)
    return folders, rest


def run(args: argparse.Namespace) -> int:
    """Build, serve and rebuild until Ctrl-C."""
    try:
        from .live import LivePreview, serve
    except ImportError:
        print(
            "newsletter serve needs sphinx-autobuild: pip install 'sphinx-newsletter[serve]'",
            file=sys.stderr,
        )
        return 2
    print(
        f"newsletter serve: open http://{args.host}:{args.port}/ (Ctrl-C stops)",
        file=sys.stderr,
    )
    build = args.source / "_build"
    preview = LivePreview(command(args), watched(args), [build])
    serve(preview, build / "html", args.host, args.port)
    return 0
