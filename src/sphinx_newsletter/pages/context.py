"""What every web page's template gets from the archive, and what a page's view depends on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._compat import escape_book_theme_title, user_set
from ..config import settings_of
from ..domain import catalog_of
from ..links import http_url
from ..urls import long_date, page_url
from .chrome import subscribe_label
from .feedpage import FEEDS_PAGE
from .latest import latest_page
from .listings import listing_view
from .sections import index_sections

#: The theme's template of the 404 page's body.
NOT_FOUND_TEMPLATE = "nl-404.html"

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
    """``html-page-context``: the bounded navigation every page shows: the indexes,
    the latest issue's page, the feeds page, the header's Subscribe and, on an
    issue, its year's issues so far."""
    catalog = catalog_of(app.env)
    context["nl_sections"] = index_sections(catalog)
    context["nl_latest"] = latest_page(app)
    feeds = FEEDS_PAGE if app.config.html_baseurl else None
    context["nl_feeds_page"] = feeds
    context["nl_subscribe_label"] = subscribe_label(app.config)
    context["nl_subscribe_href"] = subscribe_href(app, pagename, feeds)
    if context.get("pageurl"):
        # Paths in any script (authors/阮一峰/) are percent-encoded in full URLs.
        context["pageurl"] = page_url(app, pagename)
    issue = catalog.by_docname.get(pagename)
    if issue is not None and not issue.draft:
        context["nl_year"] = issue.year
        context["nl_year_issues"] = [
            (i.number, i.headline, i.docname) for i in catalog.year_so_far(issue)
        ]


def subscribe_href(app: Sphinx, pagename: str, feeds: str | None) -> str | None:
    """Where the header's Subscribe leads: the mail service's sign-up page, or the
    page's own sign-up form (an issue's, the home page's), else the feeds page's;
    nowhere when the site has no sign-up (the feed icon is there)."""
    ask = settings_of(app.config).subscribe
    if http_url(ask.url):
        return ask.url
    if not http_url(ask.form):
        return None
    catalog = catalog_of(app.env)
    if pagename == app.config.root_doc or catalog.is_published(pagename):
        return "#nl-subscribe"
    target = feeds or app.config.root_doc
    return app.builder.get_relative_uri(pagename, target) + "#nl-subscribe"


def not_found_page(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after notfound's, which makes its links absolute): the
    404 page's body, unless ``conf.py`` sets ``notfound_context``."""
    if pagename != app.config.notfound_pagename or user_set(app.config, "notfound_context"):
        return
    issues = catalog_of(app.env).issues
    latest = issues[-1] if issues else None
    context["nl_404_latest"] = latest
    context["nl_404_date"] = long_date(latest.date, app.config.language) if latest else ""
    context["body"] = app.builder.templates.render(NOT_FOUND_TEMPLATE, context)


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
    """``newsletter-page-view``: every page's navigation lists the indexes with entries,
    and leads to ``latest/`` once an issue is published."""
    catalog = catalog_of(env)
    return [("sections", index_sections(catalog)), ("latest", bool(catalog.issues))]


def placeholder_view(app: Sphinx, env: BuildEnvironment, role: str, target: str) -> object:
    """``newsletter-resolve-view``: what a listing placeholder (the home page's) shows."""
    return listing_view(env, target) if role == "listing" else None
