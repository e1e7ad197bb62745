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


def _component_problem(name: str) -> str | None:
    """Why ``name`` cannot be one folder or file name in the output (None if it can)."""
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


def inside(root: str | os.PathLike[str], relpath: object) -> Path:
    """The file ``relpath`` (``/``-separated, from ``root``) names in the folder ``root``.

    ``relpath`` may be anything a manifest holds (a file anyone can edit): what is
    not a text is refused like a path that leads out.

    Raises :class:`OutsideOutput` when the path is absolute, has an empty, ``.``
    or ``..`` part, a part holding a separator, a look-alike of one or a control
    character, or when it resolves (following symlinks that exist) outside
    ``root``, or to ``root`` itself.
    """
    if not isinstance(relpath, str) or not relpath:
        raise OutsideOutput(f"{relpath!r} is not a path in the output folder")
    if relpath.startswith("/"):
        raise OutsideOutput(f"{relpath!r} is an absolute path, not one in the output folder")
    for part in relpath.split("/"):
        problem = _component_problem(part)
        if problem:
            raise OutsideOutput(f"{relpath!r} cannot be written in the output folder: {problem}")
    target = Path(root).joinpath(*relpath.split("/"))
    base, resolved = Path(root).resolve(), target.resolve()
    if not resolved.is_relative_to(base) or resolved == base:
        raise OutsideOutput(f"{relpath!r} leads out of the output folder (through a symlink)")
    return target


def inside_absolute(root: str | os.PathLike[str], filename: str | os.PathLike[str]) -> Path:
    """:func:`inside` for a file name already joined to ``root`` (as Sphinx's builders
    make them with ``os.path.join``, which keeps any ``..`` and lets an absolute part
    replace the root)."""
    prefix = os.fspath(root).rstrip(os.sep) + os.sep
    text = os.fspath(filename)
    if not text.startswith(prefix):
        raise OutsideOutput(f"{text!r} is not in the output folder {os.fspath(root)!r}")
    return inside(root, text[len(prefix) :].replace(os.sep, "/"))


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
