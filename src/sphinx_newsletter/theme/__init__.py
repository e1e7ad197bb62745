"""The kit's HTML theme: sphinx-book-theme with the newsletter's look and navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._compat import is_pydata_options_script

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME_NAME = "sphinx_newsletter"
THEME_PATH = Path(__file__).parent / THEME_NAME


def _uses_theme(app: Sphinx) -> bool:
    return app.config.html_theme == THEME_NAME


def add_page_script(app: Sphinx) -> None:
    """``builder-inited``: the external script that replaces the themes' inline ones."""
    if _uses_theme(app):
        app.add_js_file("newsletter-page.js", priority=600)


def drop_inline_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: remove the PyData theme's inline option scripts.

    It sets ``DOCUMENTATION_OPTIONS.pagename`` (and search-as-you-type) with an
    inline ``<script>`` on every page; ``newsletter-page.js`` sets both from the
    page's ``nl:pagename`` meta tag, so no page needs ``'unsafe-inline'``.
    """
    if not _uses_theme(app) or "script_files" not in context:
        return
    context["script_files"] = [
        script for script in context["script_files"] if not is_pydata_options_script(script)
    ]


def setup(app: Sphinx) -> dict[str, object]:
    """Register the theme (the ``sphinx.html_themes`` entry point calls this)."""
    # Load the parent themes now, not when the builder loads the theme: their
    # setup changes config values, and a change made after Sphinx compared the
    # config with the last build's makes every incremental build a full one.
    app.setup_extension("pydata_sphinx_theme")
    app.setup_extension("sphinx_book_theme")
    app.add_html_theme(THEME_NAME, str(THEME_PATH))
    app.connect("builder-inited", add_page_script)
    # After the PyData theme adds its scripts (500).
    app.connect("html-page-context", drop_inline_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
