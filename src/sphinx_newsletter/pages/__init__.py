"""The web pages: issue chrome, listings, navigation, Open Graph, the generated pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the web pages' transforms and handlers (imported here, when a build
    sets the kit up, not by every module that imports a page helper)."""
    from ..domain import RESOLVE_VIEW_EVENT, VIEW_EVENT
    from .chrome import setup_chrome
    from .context import (
        escape_theme_context,
        navigation_view,
        not_found_page,
        page_context,
        placeholder_view,
    )
    from .generated import setup_generated
    from .latest import write_latest
    from .navigation import add_home_listing, resolve_placeholders
    from .social import extra_meta_tags
    from .weight import check_listing_size

    app.connect("config-inited", check_listing_size, priority=400)
    setup_chrome(app)
    setup_generated(app)
    app.connect("doctree-read", add_home_listing)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect(VIEW_EVENT, navigation_view)
    app.connect(RESOLVE_VIEW_EVENT, placeholder_view)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", not_found_page, priority=800)
    # Before the output service saves its manifest (800).
    app.connect("build-finished", write_latest, priority=700)
    app.connect("html-page-context", extra_meta_tags, priority=400)
    # After the themes have filled the context.
    app.connect("html-page-context", escape_theme_context, priority=900)
