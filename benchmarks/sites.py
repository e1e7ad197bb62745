"""The benchmarked sites: how each is written from the content model and built.

Every site is written from the same :class:`~benchmarks.generate.Archive` by its
own writer and built in a child process by its own command. The three Sphinx
sites (kit, floor, ABlog) share one command; the peers bring theirs.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import hugo_site, mkdocs_site, pelican_site
from .ablog_site import write_ablog
from .generate import Archive, ArchiveStats, write_archive, write_floor

__all__ = ["SITES", "Site", "sphinx_command"]

Writer = Callable[[Archive, Path], ArchiveStats]
#: ``(sources, output, cache folder, jobs)`` to the command line of one build.
Command = Callable[[Path, Path, Path, int], list[str]]

#: What Sphinx prints for a problem (``WARNING:``); the peers' logs are matched by word.
SPHINX_WARNING = re.compile(r"\b(WARNING|ERROR|CRITICAL):")
PEER_WARNING = re.compile(r"\b(WARNING|WARN|ERROR|CRITICAL)\b")


def sphinx_command(src: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    """``sphinx-build -b dirhtml -j N``, unquiet so the kit's last line reaches the log."""
    cmd = [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-j", str(jobs), "-d", str(cache)]
    return [*cmd, str(src), str(out)]


def _no_environment(jobs: int) -> dict[str, str]:
    del jobs
    return {}


@dataclass(frozen=True)
class Site:
    """One benchmarked site.

    ``parallel``: whether the tool builds on more than one core when asked
    (``-j 2``); a site without it runs no ``-j 2`` build. ``python_peer``: a tool
    people would pick instead of the kit, written in Python (the kit's ``-j 2``
    build must beat each). ``program`` is the executable that must be on ``PATH``
    for the site to run (Hugo's), if any.
    """

    name: str
    title: str
    write: Writer
    command: Command
    parallel: bool
    python_peer: bool
    warning: re.Pattern[str] = PEER_WARNING
    environment: Callable[[int], dict[str, str]] = field(default=_no_environment)
    program: str | None = None

    def available(self) -> bool:
        """Whether the site's tool is installed."""
        return self.program is None or shutil.which(self.program) is not None


#: Every site in table order: the kit, then what it is measured against.
SITES: dict[str, Site] = {
    site.name: site
    for site in (
        Site("kit", "kit", write_archive, sphinx_command, True, False, SPHINX_WARNING),
        Site("floor", "floor", write_floor, sphinx_command, True, False, SPHINX_WARNING),
        Site("ablog", "ABlog", write_ablog, sphinx_command, True, True, SPHINX_WARNING),
        Site("pelican", "Pelican", pelican_site.write_pelican, pelican_site.command, False, True),
        Site(
            "mkdocs", "MkDocs Material", mkdocs_site.write_mkdocs, mkdocs_site.command, False, True
        ),
        Site(
            "hugo",
            "Hugo",
            hugo_site.write_hugo,
            hugo_site.command,
            True,
            False,
            environment=hugo_site.environment,
            program="hugo",
        ),
    )
}
