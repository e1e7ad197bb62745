"""The email edition: each published issue as mail-client HTML, plain text and a ``.eml``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the ``newsletter-email`` builder."""
    from .builder import EmailBuilder

    app.add_builder(EmailBuilder)
