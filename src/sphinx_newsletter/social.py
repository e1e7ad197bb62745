"""Social previews and the open web: Open Graph and Twitter tags for each issue.

sphinxext-opengraph writes the tags; the kit gives it each issue's title,
description, cover and type through the page's metadata (``og:*`` fields), and
adds what it does not write (the publication time, the large-image card).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from ._compat import opengraph_attribute as _attribute
from .config import newsletter_name
from .links import http_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import Issue


def absolute_url(config: Config, path: str) -> str | None:
    """``path`` (from the project root, or already absolute) as a full URL, if it can be."""
    if http_url(path):
        return path
    if not config.html_baseurl:
        return None
    base = config.html_baseurl if config.html_baseurl.endswith("/") else config.html_baseurl + "/"
    return urljoin(base, quote(path.lstrip("/"), safe="/%"))


def issue_metadata(config: Config, issue: Issue) -> dict[str, str]:
    """The ``og:*`` fields of an issue page, for sphinxext-opengraph."""
    fields = {
        "og:title": _attribute(f"{newsletter_name(config)} #{issue.number}: {issue.headline}"),
        "og:description": _attribute(issue.description),
        "og:type": "article",
    }
    image = absolute_url(config, issue.image) if issue.image else None
    if image:
        fields["og:image"] = _attribute(image)
        fields["og:image:alt"] = _attribute(issue.image_alt or issue.headline)
    return fields


def extra_meta_tags(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: an issue's description, date and Twitter card.

    Runs before sphinxext-opengraph, which then keeps this description instead of
    one cut from the page's text.
    """
    catalog = app.env.domains["nl"].catalog  # type: ignore[attr-defined]
    issue = catalog.by_docname.get(pagename)
    if issue is None or "metatags" not in context:
        return
    card = "summary_large_image" if issue.image else "summary"
    context["metatags"] += (
        f'<meta name="description" content="{html.escape(issue.description)}" />\n'
        f'<meta property="article:published_time" content="{issue.date.isoformat()}" />\n'
        f'<meta name="twitter:card" content="{card}" />\n'
    )
