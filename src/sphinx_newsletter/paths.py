"""Where the kit may write: inside the output folder, and nowhere else.

Every file the kit writes or removes in a build's output (generated pages,
feeds, the search bundle, the sitemap, email files) goes through :func:`inside`,
which refuses a path that would leave the folder, whatever the name it was made
from: ``..``, an absolute path, a back-slash, a character that looks like a
separator, a control character, or a symlink that points out. Page names are
made by the slug rule (``slugs.py``) before they get here; this is the second
line, so that a name that slipped past the first is refused, not written.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from pathlib import Path

import imagesize

#: Characters that are, or look like, a path separator on some system or to a
#: reader: the solidus and reverse solidus and their look-alikes (division and
#: fraction slashes, set minus, big solidi, full-width and small forms).
LOOKALIKE_SEPARATORS = frozenset("/\\\u2044\u2215\u2216\u29f5\u29f8\u29f9\uff0f\uff3c\ufe68")
#: The longest file or folder name most file systems accept, in bytes.
MAX_NAME_BYTES = 255


class OutsideOutput(ValueError):
    """A path the kit was asked to write that would not stay in the output folder."""


@functools.lru_cache(maxsize=4096)
def _component_problem(name: str) -> str | None:
    """Why ``name`` cannot be one folder or file name in the output (None if it can).

    A pure function of the name, cached: a build checks the same few folder names
    (``issues``, ``2024``, ``index.html``) tens of thousands of times.
    """
    if name in ("", ".", ".."):
        return f"the name {name!r} is not a file name"
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return f"a name is longer than {MAX_NAME_BYTES} bytes"
    folded = unicodedata.normalize("NFKC", name)
    if folded in (".", ".."):
        return f"the name {name!r} reads as {folded!r}"
    for char in name + folded:
        if char in LOOKALIKE_SEPARATORS:
            return f"the name {name!r} holds a separator or a look-alike of one ({char!r})"
        if unicodedata.category(char) in ("Cc", "Cs") or char in "\u2028\u2029":
            return f"the name {name!r} holds a control character ({char!r})"
    return None


class Folder:
    """A folder the kit writes into (a build's output folder), checking every path.

    :meth:`inside` resolves a path's folder once and remembers it while it is a real
    folder, so a build that writes or checks tens of thousands of files in a few
    thousand folders follows the symlinks of each folder once, not of each file:
    resolving every path from the root was a quarter of a build with nothing to
    do. The file itself is looked at on each call (a symlink there is followed).
    One instance lives as long as one build: a folder replaced by a symlink during
    the build, after it was first seen, would not be seen again.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)
        self.base = self.root.resolve()
        #: relative folder ("" for the root) -> its resolved path, for folders that exist
        self._folders: dict[str, str] = {}

    def inside(self, relpath: object) -> Path:
        """The file ``relpath`` (``/``-separated, from the root) names in this folder.

        ``relpath`` may be anything a manifest holds (a file anyone can edit): what is
        not a text is refused like a path that leads out.

        Raises :class:`OutsideOutput` when the path is absolute, has an empty, ``.``
        or ``..`` part, a part holding a separator, a look-alike of one or a control
        character, or when it resolves (following symlinks that exist) outside the
        root, or to the root itself.
        """
        if not isinstance(relpath, str) or not relpath:
            raise OutsideOutput(f"{relpath!r} is not a path in the output folder")
        if relpath.startswith("/"):
            raise OutsideOutput(f"{relpath!r} is an absolute path, not one in the output folder")
        parts = relpath.split("/")
        for part in parts:
            problem = _component_problem(part)
            if problem:
                raise OutsideOutput(
                    f"{relpath!r} cannot be written in the output folder: {problem}"
                )
        folder, _, name = relpath.rpartition("/")
        # realpath(folder/name) is realpath(realpath(folder)/name): the folder's part
        # is the remembered one, and the name needs following only if it is a symlink.
        resolved = os.path.join(self._resolved(folder), name)
        if os.path.islink(resolved):
            resolved = os.path.realpath(resolved)
        base = str(self.base)
        if resolved == base or not resolved.startswith(base.rstrip("/") + "/"):
            raise OutsideOutput(f"{relpath!r} leads out of the output folder (through a symlink)")
        return self.root.joinpath(*parts)

    def _resolved(self, folder: str) -> str:
        """The folder ``folder`` (relative, checked) resolved; remembered once it exists."""
        known = self._folders.get(folder)
        if known is not None:
            return known
        resolved = os.path.realpath(os.path.join(self.base, folder) if folder else self.base)
        if os.path.isdir(resolved):
            self._folders[folder] = resolved
        return resolved


def inside(root: str | os.PathLike[str], relpath: object) -> Path:
    """The file ``relpath`` (``/``-separated, from ``root``) names in the folder ``root``.

    :meth:`Folder.inside` for one path (a build's output keeps one :class:`Folder`).
    """
    return Folder(root).inside(relpath)


def inside_absolute(
    root: str | os.PathLike[str] | Folder, filename: str | os.PathLike[str]
) -> Path:
    """:func:`inside` for a file name already joined to ``root`` (as Sphinx's builders
    make them with ``os.path.join``, which keeps any ``..`` and lets an absolute part
    replace the root)."""
    folder = root if isinstance(root, Folder) else Folder(root)
    prefix = os.fspath(folder.root).rstrip(os.sep) + os.sep
    text = os.fspath(filename)
    if not text.startswith(prefix):
        raise OutsideOutput(f"{text!r} is not in the output folder {os.fspath(folder.root)!r}")
    return folder.inside(text[len(prefix) :].replace(os.sep, "/"))


def cover_size(srcdir: str | Path, uri: str) -> tuple[int, int] | None:
    """A site image's width and height in pixels (``/_static/issues/0009/cover.png``),
    read from its header, or None for an address on another site or a file that
    cannot be read: a page gives them to the ``<img>``, so the text below a cover
    does not jump when it loads."""
    if "://" in uri:
        return None
    try:
        width, height = imagesize.get(Path(srcdir) / uri.lstrip("/"))
    except (OSError, ValueError):
        return None
    return (int(width), int(height)) if width > 0 and height > 0 else None
