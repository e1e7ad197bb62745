"""Feeds: every published issue as Atom, RSS 2.0 and JSON Feed, and Atom per region and topic."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the feeds' writing and each page's ``<link rel="alternate">``."""
    from .publish import announce_feeds, write_feeds

    app.connect("html-page-context", announce_feeds, priority=400)
    # Before the output's manifest is saved (``output.FINISH_PRIORITY``), which the
    # feeds join.
    app.connect("build-finished", write_feeds, priority=400)
