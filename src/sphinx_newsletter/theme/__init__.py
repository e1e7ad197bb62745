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
    # Load the parent themes now, not when the builder loads the theme: their
    # setup changes config values, and a change made after Sphinx compared the
    # config with the last build's makes every incremental build a full one.
    app.setup_extension("pydata_sphinx_theme")
    app.setup_extension("sphinx_book_theme")
    app.add_html_theme(THEME_NAME, str(THEME_PATH))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
