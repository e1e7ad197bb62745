"""The "archived copy" link beside a recommendation, in the doctrees of every output.

The recommendation directive leaves an ``archived_copy`` placeholder; it is filled
in from the catalog (its ``:archive:``, or the link-health record) when a page is
resolved, and for a feed's or an email's content as of the issue's date: an entry
that was sent never gains a link it did not have.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes

from .catalog import Catalog
from .labels import _
from .nodes import archived_copy

#: The link's class, which sites style and tests find.
CLASS = "archived-copy"


def archived_nodes(url: str | None) -> list[nodes.Node]:
    """The paragraph with the link to ``url``, or nothing without one."""
    if not url:
        return []
    link = nodes.reference("", _("Archived copy"), refuri=url, classes=["external", CLASS])
    return [nodes.paragraph("", "", link, classes=["recommendation-archived"])]


def resolve_archived(
    doctree: nodes.Node, catalog: Catalog, docname: str, *, as_sent: bool = False
) -> None:
    """Fill in the ``archived_copy`` placeholders of ``docname``'s doctree.

    ``as_sent``: for content that is sent once (a feed's entry, an email), a URL
    counts as dead only if the record found it dead by the issue's date.
    """
    issue = catalog.by_docname.get(docname)
    recs = {rec.id: rec for rec in catalog.recommendations(docname)}
    as_of: dt.date | None = issue.date if as_sent and issue is not None else None
    for node in list(doctree.findall(archived_copy)):
        rec = recs.get(node["rec_id"])
        url = catalog.archived_copy(rec, as_of) if rec is not None else None
        node.replace_self(archived_nodes(url))
