"""Which addresses the kit turns into links, and which files an issue may show.

One policy for every reference on a page: only ``http(s)`` and ``mailto``
addresses (and anchors on the same page) become links. Images are ``http(s)``
URLs or image files inside the site's source folder, after ``//``, ``..`` and
symbolic links are resolved.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

#: The file types an issue may show as an image. SVG is left out: opened on its
#: own, an SVG file runs the scripts it holds, in the site's origin.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"})


#: An ``http(s)`` URL whose host part (up to the first "/", "?" or "#", or the end)
#: holds no bracket, white space or control character. In ASCII, ``urlsplit``
#: gives such a URL that scheme and a host without raising: ``http_url`` says
#: yes without splitting it (a check asks about tens of thousands of URLs).
_PLAIN_HTTP = re.compile(r"[hH][tT][tT][pP][sS]?://[^/?#\[\]\x00-\x20\x7f]+(?:[/?#]|\Z)")


def http_url(value: str) -> bool:
    """Whether ``value`` is an absolute ``http(s)`` URL, the only kind the kit links."""
    if value.isascii() and _PLAIN_HTTP.match(value):
        return True
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def link_allowed(value: str) -> bool:
    """Whether a reference to ``value`` may be a live link on a page.

    The policy is about schemes, what a link can do when followed: ``http(s)`` and
    ``mailto``, or an anchor on the page. (A malformed ``https:example.org`` in
    prose stays a link; a recommendation's ``:url:`` must be a full address,
    ``http_url``.)
    """
    if value.startswith("#"):
        return True
    return _scheme(value) in ("http", "https", "mailto")


def _scheme(value: str) -> str:
    try:
        return urlsplit(value).scheme.lower()
    except ValueError:
        return "?"


def image_problem(value: str, srcdir: Path, docdir: str, excluded: object = None) -> str | None:
    """Why ``value`` may not be shown as an image, or ``None`` when it may.

    ``value`` is an ``http(s)`` URL, or a path from the source folder (``/x.png``)
    or from the page's folder (``docdir``, relative to the source folder). The
    resolved file must lie inside the source folder, outside hidden folders and
    the site's ``exclude_patterns`` (``excluded``: a callable matcher), and be
    an image file by its suffix.
    """
    if http_url(value):
        return None
    if value.startswith("//") or _scheme(value):
        return (
            f"{value[:80]!r} is neither an http(s) URL nor a path inside the site; "
            "use https://... or a path such as /_static/image.png"
        )
    base = os.path.realpath(srcdir)
    relative = value[1:] if value.startswith("/") else os.path.join(docdir, value)
    outside = f"{value[:80]!r} points outside the site's folder; only files inside it are shown"
    try:
        target = os.path.realpath(os.path.join(base, relative))
        inside = os.path.commonpath([base, target]) == base
    except ValueError:  # an embedded NUL, or a path on another drive
        return outside
    if not inside or target == base:
        return outside
    parts = Path(os.path.relpath(target, base)).parts
    if any(part.startswith(".") for part in parts) or (
        callable(excluded) and excluded("/".join(parts))
    ):
        return f"{value[:80]!r} is in a hidden or excluded folder of the site; it is not shown"
    if Path(target).suffix.lower() not in IMAGE_SUFFIXES:
        kinds = ", ".join(sorted(s.lstrip(".") for s in IMAGE_SUFFIXES))
        return f"{value[:80]!r} is not an image file ({kinds}); it is not shown"
    return None
