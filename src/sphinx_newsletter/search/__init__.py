"""Search over the archive: a record per recommendation and issue, Pagefind's bundle, the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the search page and the bundle's writing."""
    from .bundle import write_search_bundle
    from .page import search_page, turn_off_sphinx_search

    app.connect("builder-inited", turn_off_sphinx_search)
    app.connect("html-collect-pages", search_page)
    # Before the output's manifest is saved (``output.FINISH_PRIORITY``), which the
    # bundle's files join; after the feeds.
    app.connect("build-finished", write_search_bundle, priority=450)
