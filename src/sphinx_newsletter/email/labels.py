"""The email's own words, through the kit's message catalog (domain ``sphinx_newsletter``)."""

from __future__ import annotations

from pathlib import Path

from sphinx.locale import get_translation

#: The kit's message catalog domain; its catalogs live in ``locale/`` (issue #19).
CATALOG = "sphinx_newsletter"
LOCALE_DIR = Path(__file__).parent.parent / "locale"

_ = get_translation(CATALOG)


def labels() -> dict[str, str]:
    """The labels of the email edition, in the site's language."""
    return {
        "our_take": _("Our Take"),
        "sponsored": _("Sponsored"),
        "view_in_browser": _("View in browser"),
        "unsubscribe": _("Unsubscribe"),
    }
