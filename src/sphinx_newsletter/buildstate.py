"""Build state comes from this machine's builds, never from the repository.

A pull request can commit files under ``_build/`` (git ignores the folder, but
``git add -f`` does not). Sphinx unpickles ``environment.pickle`` from the
doctree folder before any extension runs a page, Jinja loads compiled templates
from its cache, ``newsletter check`` keeps a Sphinx environment in
``_build/.check``, and a page committed into the output folder would be
published with the site. So before Sphinx loads anything (``config-inited``),
every file git tracks under the output and doctree folders is reported at its
path and removed (a build writes those folders anew anyway), and a build folder
that is a symlink committed to the repository stops the build: its writes
would land wherever the link points.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)


def _git(folder: Path, *args: str) -> list[str] | None:
    """``git args`` run in ``folder`` (its ``-z`` output split), or None without git
    or outside a work tree. The checkout may belong to another user (a CI container
    runs as root): ``safe.directory`` given on the command line lets git read it."""
    try:
        result = subprocess.run(
            ["git", "-c", "safe.directory=*", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return [p for p in result.stdout.decode("utf-8", "surrogateescape").split("\0") if p]


def _existing_ancestor(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def _work_tree(folder: Path) -> Path | None:
    """The git work tree holding ``folder`` (which need not exist yet), if any."""
    root = _git(_existing_ancestor(folder), "rev-parse", "--show-toplevel")
    return Path(root[0].strip()) if root else None


def tracked_files(folders: Iterable[Path]) -> list[Path]:
    """Every path under ``folders`` that git tracks; sorted, absolute."""
    found: set[Path] = set()
    for folder in map(_absolute, folders):
        work_tree = _work_tree(folder)
        if work_tree is None or not folder.is_relative_to(work_tree):
            continue
        listed = _git(work_tree, "ls-files", "-z", "--", folder.relative_to(work_tree).as_posix())
        found.update(work_tree / name for name in listed or ())
    return sorted(found)


def committed_links(srcdir: Path, folders: Iterable[Path]) -> list[Path]:
    """Symlinks the repository at ``srcdir`` holds that lead out of it to a build folder
    or above one (``_build -> /home/me``): a build would write wherever they point.

    Sphinx resolves the output folder's path before the kit sees it, so the links are
    found from the repository's side: each tracked symlink, resolved.
    """
    work_tree = _work_tree(_absolute(srcdir))
    if work_tree is None:
        return []
    staged = _git(work_tree, "ls-files", "-s", "-z") or []
    links = [work_tree / line.split("\t", 1)[1] for line in staged if line.startswith("120000 ")]
    found = []
    for link in links:
        target = link.resolve()
        if target.is_relative_to(work_tree.resolve()):
            continue
        if any(Path(f).resolve().is_relative_to(target) for f in folders):
            found.append(link)
    return sorted(found)


def _absolute(path: Path) -> Path:
    # Not resolved: a symlink on the way is what ``committed_links`` looks for.
    return Path(os.path.abspath(path))


def shown(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when it is inside it, else as it is."""
    try:
        return path.relative_to(Path(base).resolve()).as_posix()
    except ValueError:
        return str(path)


def committed_message(path: str, done: str) -> str:
    """What the build and ``newsletter check`` say of a committed file in a build folder."""
    return (
        f"{path} is committed to the repository inside a build folder; build state "
        f"and output come only from this machine's builds, so it {done} (remove it "
        "from the repository: git rm -r --cached _build)"
    )


def refuse_committed_build_state(app: Sphinx, config: Config) -> None:
    """``config-inited``: no build state from the repository (see the module's text)."""
    srcdir = Path(app.srcdir)
    folders = [Path(app.outdir), Path(app.doctreedir)]
    links = committed_links(srcdir, folders)
    for path in links:
        logger.warning(
            f"{shown(path, srcdir)} is a symlink committed to the repository that leads "
            "the build's output out of it: the build would write wherever it points, so "
            "nothing was built; remove it from the repository (git rm --cached)",
            location=f"{path}:1",
            type="newsletter",
            subtype="buildstate",
        )
    if links:
        # Any exception would end in Sphinx's crash report; nothing may be written.
        raise SystemExit(2)
    for path in tracked_files(folders):
        logger.warning(
            committed_message(shown(path, srcdir), "was removed before the build"),
            # A file, not a document: line 1, as the kit locates a whole file.
            location=f"{path}:1",
            type="newsletter",
            subtype="buildstate",
        )
        if path.is_file() or path.is_symlink():
            path.unlink()
