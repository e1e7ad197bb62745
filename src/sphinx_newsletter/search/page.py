"""The search page (``search/``) on Pagefind, in place of Sphinx's search.

Sphinx's builder writes no ``searchindex.js`` and no search page of its own;
the kit yields ``search/`` from ``html-collect-pages``, rendered by the theme's
``search.html``, whose script (``newsletter-search.js``) drives Pagefind's JS API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sphinx.locale import _

from .._compat import turn_off_builder_search
from ..domain import catalog_of
from ..output import is_web
from ..taxonomies import TAXONOMIES
from .records import RECENT, recent_since, record_language, site_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def turn_off_sphinx_search(app: Sphinx) -> None:
    """``builder-inited``: no Sphinx search index or page in a web build."""
    if is_web(app.builder):
        turn_off_builder_search(app.builder)


def other_languages(app: Sphinx) -> list[str]:
    """The languages of the bundle's other indexes (a ``:lang: zh`` record on an English site)."""
    site = site_language(app)
    catalog = catalog_of(app.env)
    found = {record_language(site, rec.lang) for rec in catalog.published_recs}
    return sorted(found - {site})


def filter_titles(app: Sphinx) -> dict[str, dict[str, str]]:
    """The titles the filter panel shows for filter values that are ids: the regions.

    A region's filter value is its id (``south-korea``, which ``?region=`` URLs
    carry); the other filters' values are the names as written. Small enough (one
    entry per configured region) to travel in the page, not as another request.
    """
    regions = catalog_of(app.env).regions
    return {
        taxonomy.singular: {region.id: region.title for region in regions}
        for taxonomy in TAXONOMIES
        if taxonomy.tree
    }


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the search page, told which other indexes to merge."""
    if not is_web(app.builder):
        return
    context = {
        "title": _("Search"),
        "nl_search_languages": " ".join(other_languages(app)),
        "nl_search_titles": json.dumps(filter_titles(app), ensure_ascii=False, sort_keys=True),
        # Searched first when some records carry it (records.RECENT_DAYS).
        "nl_search_recent": "=".join(RECENT) if recent_since(catalog_of(app.env)) else "",
    }
    yield "search", context, "search.html"
