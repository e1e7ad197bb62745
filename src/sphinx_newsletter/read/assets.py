"""Files committed beside an issue: images only.

Contributors put an issue's images under ``_static/issues/NNNN/`` (CONTRIBUTING
sends them there), and Sphinx copies every static folder whole into the site,
rendering ``*.jinja`` and ``*_t`` files as templates on the way. An SVG or HTML
file with a script, or a script the site's Content-Security-Policy allows
because it comes from the site's own origin, would be published as it is. So
before anything is read (``config-inited``, for every builder and for
``newsletter check``), each file under an ``issues/`` folder of
``html_static_path`` must be an image file of a type an issue may show
(``links.IMAGE_SUFFIXES``) whose bytes begin as that type's do, and not a
symbolic link; any other is reported at its path and added to
``exclude_patterns``, which Sphinx's static copy honours, so it is never copied
or rendered.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..links import IMAGE_SUFFIXES

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The image types, as a contributor reads them.
KINDS = ", ".join(sorted(s.lstrip(".") for s in IMAGE_SUFFIXES))
#: The folder, inside each ``html_static_path`` entry, that holds the issues' files.
ISSUE_ASSETS = "issues"


def _signature_matches(suffix: str, head: bytes) -> bool:
    """Whether ``head`` (a file's first bytes) begins as a ``suffix`` image does."""
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    return False


def asset_problem(path: Path) -> str | None:
    """Why the file ``path`` may not be published beside an issue, or None."""
    if path.is_symlink():
        return "is a symbolic link; commit the image itself"
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        return "is not an image file"
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not _signature_matches(suffix, head):
        return f"does not hold a {suffix.lstrip('.').upper()} image, whatever its name says"
    return None


def issue_assets(confdir: Path, static_path: list[str]) -> list[tuple[str, Path]]:
    """Every file under the ``issues/`` folder of each static folder, as (the path
    Sphinx's static copy matches it by, the file); folders are not followed through
    symbolic links (a linked file is listed, and refused)."""
    found = []
    for entry in static_path:
        root = Path(confdir) / entry
        folder = root / ISSUE_ASSETS
        if not folder.is_dir() or folder.is_symlink():
            if folder.is_symlink():
                found.append((ISSUE_ASSETS, folder))
            continue
        for here, dirs, files in os.walk(folder):
            for name in sorted(dirs + files):
                path = Path(here) / name
                if name in files or path.is_symlink():
                    found.append((path.relative_to(root).as_posix(), path))
            dirs[:] = [d for d in dirs if not (Path(here) / d).is_symlink()]
    return sorted(found)


def refuse_other_files(app: Sphinx, config: Config) -> None:
    """``config-inited``: warn about and leave out every file beside an issue that is
    not an image an issue may show (see the module's text)."""
    confdir = Path(app.confdir)
    for relpath, path in issue_assets(confdir, list(config.html_static_path)):
        problem = asset_problem(path)
        if problem is None:
            continue
        shown = path.relative_to(confdir).as_posix()
        logger.warning(
            f"{shown} {problem}: only image files ({KINDS}) are published beside an "
            "issue, so it is left out of the site",
            # A file, not a document: line 1, as the kit locates a whole file.
            location=f"{path}:1",
            type="newsletter",
            subtype="markup",
        )
        # Sphinx's static copy skips what exclude_patterns match, by the path from
        # the static folder; escaped, so a name with glob characters matches only itself.
        config.exclude_patterns = [*config.exclude_patterns, glob.escape(relpath)]
