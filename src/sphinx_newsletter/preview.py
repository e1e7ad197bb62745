"""What a build tells a live preview (``newsletter serve``) while it runs.

The preview starts each build with :data:`ENV_FD` naming the write end of a pipe. The
build writes one JSON line when the documents (the edited issue's page among them)
are written and only the listing pages, search and feeds are left, and one when it
ends; the preview reloads the edited page on the first and the rest on the second.
A build started any other way has no such variable and tells nothing.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from .output import is_web, output_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The environment variable holding the pipe's file descriptor (a number).
ENV_FD = "NEWSLETTER_PREVIEW_FD"
#: The line's ``event`` when the documents are written: ``pages`` lists their paths.
PAGES = "pages"
#: The line's ``event`` when the build ends (``ok``: whether it succeeded).
DONE = "done"


def tell(event: str, **fields: object) -> None:
    """Write one event line to the preview's pipe, if this build has one.

    A preview that went away (a closed pipe) or a variable that names no open file
    must not fail the build: the line is then dropped.
    """
    number = os.environ.get(ENV_FD, "")
    if not number.isdigit():
        return
    line = json.dumps({"event": event, **fields}) + "\n"
    try:
        os.write(int(number), line.encode("utf-8"))
    except OSError:
        return


def _documents_written(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages``, first: the documents are written (Sphinx writes them before
    it collects the extensions' pages); tell the preview which, by their paths."""
    output = output_of(app)
    if output is not None and ENV_FD in os.environ:
        builder = output.builder
        docs = sorted(output.rendered & set(app.env.found_docs))
        tell(PAGES, pages=[builder.get_target_uri(docname) for docname in docs])
    return []


def _finished(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, last: the listings, search and feeds are written too."""
    if is_web(app.builder):
        tell(DONE, ok=exception is None)


def setup(app: Sphinx) -> None:
    """Tell a live preview where a web build is (nothing without one)."""
    # Before the kit's own listing pages are made: the documents are what a
    # contributor waits for.
    app.connect("html-collect-pages", _documents_written, priority=100)
    app.connect("build-finished", _finished, priority=999)
