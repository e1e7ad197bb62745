"""``latest/``: the address that always leads to the newest issue.

Every page's menu says "Latest issue". Linked to the issue itself, every page
would change with each new issue; linked to the home page, the menu would say
one thing and do another. It links this small page instead, which the kit writes
anew each build: a redirect (``<meta http-equiv="refresh">``, which works without
JavaScript) and a link, for a browser that does not follow it. It is in no
sitemap, and tells search engines to index the issue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import escape
from sphinx.util.osutil import relative_uri

from ..domain import catalog_of
from ..labels import _
from ..output import output_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The page's name (``latest/`` under dirhtml, ``latest.html`` under html).
LATEST_PAGE = "latest"


def latest_page(app: Sphinx) -> str | None:
    """The name of the page that leads to the newest issue, if the site has one."""
    return LATEST_PAGE if catalog_of(app.env).issues and output_of(app) is not None else None


def latest_html(app: Sphinx) -> bytes | None:
    """The redirect page's bytes, or None when no issue is published."""
    issues = catalog_of(app.env).issues
    if not issues:
        return None
    issue = issues[-1]
    builder = app.builder
    target = escape(
        relative_uri(builder.get_target_uri(LATEST_PAGE), builder.get_target_uri(issue.docname))
    )
    language = escape(app.config.language or "en")
    title = escape(_("Latest issue"))
    text = escape(_("Go to the latest issue"))
    return (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        f'<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n</head>\n'
        f'<body>\n<p><a href="{target}">{text}</a></p>\n</body>\n</html>\n'
    ).encode()


def write_latest(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: write ``latest/`` (before the manifest is saved)."""
    output = output_of(app)
    if exception is not None or output is None:
        return
    data = latest_html(app)
    if data is not None:
        output.write_file(output.output_path(LATEST_PAGE), data)
