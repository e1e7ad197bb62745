"""What every web page's template gets from the archive, and what a page's view depends on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._compat import escape_book_theme_title
from ..domain import catalog_of
from ..urls import page_url
from .listings import listing_view
from .sections import index_sections

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: the bounded navigation every page shows."""
    catalog = catalog_of(app.env)
    context["nl_sections"] = index_sections(catalog)
    if context.get("pageurl"):
        # Paths in any script (authors/阮一峰/) are percent-encoded in full URLs.
        context["pageurl"] = page_url(app, pagename)
    issue = catalog.by_docname.get(pagename)
    if issue is not None and not issue.draft:
        context["nl_year"] = issue.year
        context["nl_year_issues"] = [
            (i.number, i.headline, i.docname) for i in catalog.year_so_far(issue)
        ]


def escape_theme_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after the themes): escape what a theme prints raw.

    sphinx-book-theme sets ``pagetitle`` to the title's plain text and prints it
    unescaped in its print-only header: a headline with ``<script>`` would run.
    """
    escape_book_theme_title(context)


def navigation_view(app: Sphinx, env: BuildEnvironment, docname: str) -> list[tuple[str, object]]:
    """``newsletter-page-view``: every page's navigation lists the indexes with entries."""
    return [("sections", index_sections(catalog_of(env)))]


def placeholder_view(app: Sphinx, env: BuildEnvironment, role: str, target: str) -> object:
    """``newsletter-resolve-view``: what a listing placeholder (the home page's) shows."""
    return listing_view(env, target) if role == "listing" else None
