"""Links that die: the link-health record read by every build, the check that writes it,
and the web archive's copies."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Read the record before the catalog is made; fill in the archived-copy links."""
    from .build import read_link_record, resolve_archived_links

    # Before the core's ``env-updated`` handler makes the catalog the writers share.
    app.connect("env-updated", read_link_record, priority=400)
    app.connect("doctree-resolved", resolve_archived_links)
