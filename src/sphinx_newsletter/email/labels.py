"""The email's own words, from the kit's message catalog (``labels``)."""

from __future__ import annotations

from ..labels import _


def labels(name: str) -> dict[str, str]:
    """The labels of the email edition of the newsletter ``name``, in the site's language."""
    return {
        "view_in_browser": _("View in browser"),
        "unsubscribe": _("Unsubscribe"),
        "why": _("You receive this email because you subscribed to {name}.", name=name),
    }
