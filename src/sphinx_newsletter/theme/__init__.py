"""The kit's HTML theme: sphinx-book-theme with the newsletter's look and navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME_NAME = "sphinx_newsletter"
THEME_PATH = Path(__file__).parent / THEME_NAME


def setup(app: Sphinx) -> dict[str, object]:
    """Register the theme (the ``sphinx.html_themes`` entry point calls this)."""
    app.setup_extension("sphinx_book_theme")
    app.add_html_theme(THEME_NAME, str(THEME_PATH))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
