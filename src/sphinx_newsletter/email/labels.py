"""The email's own words, from the kit's message catalog (``labels``)."""

from __future__ import annotations

from ..labels import _


def labels() -> dict[str, str]:
    """The labels of the email edition, in the site's language."""
    return {
        "our_take": _("Our Take"),
        "sponsored": _("Sponsored"),
        "view_in_browser": _("View in browser"),
        "unsubscribe": _("Unsubscribe"),
    }
