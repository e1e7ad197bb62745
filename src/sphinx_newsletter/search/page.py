"""The search page (``search/``) on Pagefind, in place of Sphinx's search.

Sphinx's builder writes no ``searchindex.js`` and no search page of its own;
the kit yields ``search/`` from ``html-collect-pages``, rendered by the theme's
``search.html``, whose script (``newsletter-search.js``) drives Pagefind's JS API.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from sphinx.locale import _

from .._compat import turn_off_builder_search
from ..domain import catalog_of
from ..labels import N_, words_of
from ..output import is_web
from ..taxonomies import TAXONOMIES, recommendation_taxonomies
from .parts import newest_year, ordered, part_of
from .records import record_language, site_language

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def turn_off_sphinx_search(app: Sphinx) -> None:
    """``builder-inited``: no Sphinx search index or page in a web build."""
    if is_web(app.builder):
        turn_off_builder_search(app.builder)


def bundle_parts(app: Sphinx) -> list[tuple[str, list[str]]]:
    """The bundle's parts, newest first, each with the languages of its other
    indexes (a ``:lang: zh`` record on an English site is in a ``zh`` index)."""
    site = site_language(app)
    catalog = catalog_of(app.env)
    newest = newest_year(catalog)
    found: dict[str, set[str]] = {part_of(i.year, newest): set() for i in catalog.issues}
    for rec in catalog.published_recs:
        part = part_of(catalog.by_docname[rec.docname].year, newest)
        found[part].add(record_language(site, rec.lang))
    return [(part, sorted(found[part] - {site})) for part in ordered(set(found))]


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


def facets(app: Sphinx) -> list[dict[str, Any]]:
    """The search page's filters, in the order the panel shows them: every taxonomy
    that files recommendations (from the registry, so a new one is offered), then
    the year, newest first.

    Each is ``{"name", "label"}``; a tree's carries ``parents`` (each term's parent,
    in the configured order), so the panel nests it; the year's ``newest_first``.
    """
    words = words_of(app.config)
    regions = catalog_of(app.env).regions
    found: list[dict[str, Any]] = []
    for taxonomy in recommendation_taxonomies():
        facet: dict[str, Any] = {"name": taxonomy.singular, "label": words.text(taxonomy.label)}
        if taxonomy.tree:
            facet["parents"] = {region.id: region.parent or "" for region in regions}
        found.append(facet)
    found.append({"name": "year", "label": words.text(N_("Year")), "newest_first": True})
    return found


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the search page, told the bundle's parts and languages."""
    if not is_web(app.builder):
        return
    parts = bundle_parts(app)
    context = {
        "title": _("Search"),
        # "2026 2020-2024:ja,ko": each part (newest first) and its other languages.
        "nl_search_parts": " ".join(
            f"{part}:{','.join(languages)}" if languages else part for part, languages in parts
        ),
        "nl_search_titles": json.dumps(filter_titles(app), ensure_ascii=False, sort_keys=True),
        "nl_search_facets": json.dumps(facets(app), ensure_ascii=False),
        # The form's action: the page's own address, from itself ("./" under dirhtml,
        # "search.html" under html). An empty one is invalid HTML.
        "nl_search_action": posixpath.basename(app.builder.get_target_uri("search")) or "./",
    }
    yield "search", context, "search.html"
