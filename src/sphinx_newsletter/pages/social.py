"""Social previews and the open web: Open Graph and Twitter tags for each issue.

sphinxext-opengraph writes the tags; the kit gives it each issue's title,
description, cover and type through the page's metadata (``og:*`` fields), and
adds what it does not write (the publication time, the large-image card).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from .._compat import opengraph_attribute as _attribute
from ..config import newsletter_name
from ..domain import catalog_of
from ..urls import cover_url, issue_label

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from ..model import Issue


def issue_metadata(config: Config, issue: Issue) -> dict[str, str]:
    """The ``og:*`` fields of an issue page, for sphinxext-opengraph."""
    fields = {
        "og:title": _attribute(issue_label(issue.number, issue.headline, newsletter_name(config))),
        "og:description": _attribute(issue.description),
        "og:type": "article",
    }
    image = cover_url(config, issue)
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
    catalog = catalog_of(app.env)
    issue = catalog.by_docname.get(pagename)
    if issue is None or "metatags" not in context:
        return
    card = "summary_large_image" if issue.image else "summary"
    context["metatags"] += (
        f'<meta name="description" content="{html.escape(issue.description)}" />\n'
        f'<meta property="article:published_time" content="{issue.date.isoformat()}" />\n'
        f'<meta name="twitter:card" content="{card}" />\n'
    )
