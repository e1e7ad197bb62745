"""The indexes a page's navigation offers: those with entries, titled in the site's language."""

from __future__ import annotations

from ..catalog import Catalog
from ..labels import _
from ..taxonomies import TAXONOMIES


def index_sections(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """(page, title) of each taxonomy's overview that files something.

    An empty index (a site with no sponsors) stays out of the way; its page
    is still written, so its URL works.
    """
    return tuple(
        (taxonomy.name, _(taxonomy.title))
        for taxonomy in TAXONOMIES
        if any(term.entries for term in catalog.taxonomies[taxonomy.name].values())
    )
