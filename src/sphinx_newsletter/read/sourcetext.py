"""A page's text before MyST reads it: UTF-8, not binary, one kind of line end.

Sphinx decodes a source strictly and ends the build with a traceback on the
first byte that is not UTF-8. The kit looks at the bytes of every page it is
about to read, and leaves out a page that is not text, with a located warning;
so too a file in the issues folder that is not named by an issue number, and an
untrusted page that is a symbolic link or larger than any issue needs to be.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..config import settings_of
from ..domain import domain_of
from .frontmatter import normalise_newlines
from .policy import is_restricted

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def text_problem(data: bytes) -> tuple[int, str] | None:
    """(line, why) when ``data`` is not UTF-8 text, else ``None``."""
    nul = data.find(b"\0")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if nul == -1 or exc.start < nul:
            line = data.count(b"\n", 0, exc.start) + 1
            return line, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line})"
    if nul != -1:
        line = data.count(b"\n", 0, nul) + 1
        return line, f"holds a NUL byte at line {line}, so it is not a text file"
    return None


#: The largest page the kit reads from an untrusted file, in bytes: twenty times the
#: largest issue of either real archive (26 KB). The kit's own reading is linear, but
#: markdown-it's is not on some shapes (``[a](`` repeated: 0.43 s at 80 KB, 1.13 s at
#: 160 KB), so the cap bounds what one file can cost: seconds, not minutes.
MAX_PAGE_BYTES = 500_000


def linked(srcdir: Path, path: Path) -> bool:
    """Whether ``path`` (inside ``srcdir``) is a symbolic link or lies under one.

    A link committed in a pull request could make any file of the machine, or a
    hidden one of the repository (``.git/config``), an issue.
    """
    current = Path(srcdir)
    for part in Path(os.path.relpath(path, srcdir)).parts:
        current = current / part
        if current.is_symlink():
            return True
    return False


def _markdown(env: BuildEnvironment, path: Path) -> bool:
    """Whether Sphinx reads ``path`` with the Markdown parser (the kit's, see ``policy``)."""
    return any(
        path.name.endswith(suffix) and filetype == "markdown"
        for suffix, filetype in env.config.source_suffix.items()
    )


def _misnamed_issue(env: BuildEnvironment, docname: str) -> bool:
    folder = settings_of(env.config).issues_dir.strip("/")
    return docname.rpartition("/")[0] == folder and domain_of(env).issue_number_of(docname) is None


def _page_problem(env: BuildEnvironment, docname: str, path: Path) -> tuple[int, str] | None:
    if is_restricted(env, docname) and path.stat().st_size > MAX_PAGE_BYTES:
        size = path.stat().st_size
        return 1, f"holds {size:,} bytes, more than a page may ({MAX_PAGE_BYTES:,})"
    problem = text_problem(path.read_bytes())
    return problem and (problem[0], problem[1] + "; save it as UTF-8 text")


def leave_out(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: warn about and leave out pages the kit cannot read.

    Those that are not UTF-8 text, files in the issues folder not named by a
    number (``²³.md`` and ``draft.md`` are not issues, nor pages of their own),
    and restricted pages that are not Markdown (reStructuredText would be read by
    docutils' own parser, outside the rules), symbolic links or too large.
    """
    folder = settings_of(env.config).issues_dir.strip("/")
    for docname in list(docnames):
        path = env.doc2path(docname)
        if _misnamed_issue(env, docname):
            line, subtype = 1, "frontmatter"
            message = (
                f"{path.name}: files in {folder}/ are issues and must be named by their "
                "number in ASCII digits (`0009.md`); rename it or move it out of the "
                "folder. It is left out of the site"
            )
        elif is_restricted(env, docname) and not _markdown(env, path):
            line, subtype = 1, "markup"
            message = (
                f"{path.name} is not MyST Markdown (.md): only Markdown is read under the "
                "rules for untrusted pages. Write it as .md, or list it in "
                "newsletter_trusted_pages if the site's maintainers wrote it. It is left "
                "out of the site"
            )
        elif is_restricted(env, docname) and linked(env.srcdir, path):
            line, subtype = 1, "markup"
            message = (
                f"{path.name} is a symbolic link (or stands in a linked folder); a page "
                "must be a file of its own. It is left out of the site"
            )
        else:
            try:
                problem = _page_problem(env, docname, path)
            except OSError as exc:
                problem = (1, f"cannot be read ({exc.strerror})")
            if problem is None:
                continue
            (line, why), subtype = problem, "markup"
            message = f"{path.name} {why}. The page is left out of the site"
        logger.warning(message, location=(docname, line), type="newsletter", subtype=subtype)
        docnames.remove(docname)
        env.found_docs.discard(docname)
        if docname in env.all_docs:  # read in an earlier build: forget it whole
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
            env.all_docs.pop(docname, None)


def one_line_end(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: a restricted page's ``\\r\\n`` and ``\\r`` become ``\\n``.

    markdown-it does the same; the kit's own readers (the front matter, the
    headline lines) then count lines exactly as MyST does.
    """
    if is_restricted(app.env, docname):
        source[0] = normalise_newlines(source[0])
