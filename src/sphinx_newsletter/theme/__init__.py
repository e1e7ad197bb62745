"""The kit's HTML theme: sphinx-book-theme with the newsletter's look and navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from .._compat import asset_filename, drop_docutils_viewport, is_pydata_options_script

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME_NAME = "sphinx_newsletter"
THEME_PATH = Path(__file__).parent / THEME_NAME
#: Sphinx's basic.css and PyData's stylesheet, cut to the rules the kit's pages use
#: (``tools/theme_css.py``); the two themes' files are not linked.
BASE_STYLESHEET = "newsletter-base.css"
#: Scripts the themes and Sphinx add to every page that a newsletter page does not
#: run: Sphinx's search-term highlighting (and the options and helpers it needs) and
#: the book theme's scroll and full-screen helpers. ``newsletter-nav.js`` does the rest.
UNUSED_SCRIPTS = frozenset(
    {
        "_static/documentation_options.js",
        "_static/doctools.js",
        "_static/sphinx_highlight.js",
        "_static/scripts/sphinx-book-theme.js",
    }
)
#: Sphinx's messages for its own search script, added on a site in another language
#: than English: it calls ``Documentation.addTranslations`` from ``doctools.js``,
#: which the kit does not load, and threw "Documentation is not defined".
TRANSLATIONS_SCRIPT = "_static/translations.js"
#: The highlighting styles, needed only on a page with a code block.
PYGMENTS_STYLESHEETS = frozenset({"_static/pygments.css", "_static/pygments_dark.css"})


def _uses_theme(app: Sphinx) -> bool:
    theme: str = app.config.html_theme  # Sphinx's config values are untyped
    return theme == THEME_NAME


def add_page_script(app: Sphinx) -> None:
    """``builder-inited``: the base stylesheet, and the scripts that replace the themes'."""
    if _uses_theme(app):
        # Before every other stylesheet, where the themes' own two were.
        app.add_css_file(BASE_STYLESHEET, priority=100)
        # Deferred like the nav script: nothing in it is needed before the first
        # paint, and a script in the head would hold the page back.
        app.add_js_file("newsletter-page.js", priority=600, loading_method="defer")
        app.add_js_file("newsletter-nav.js", priority=600, loading_method="defer")


def _has_code(doctree: object) -> bool:
    return isinstance(doctree, nodes.Node) and doctree.next_node(nodes.literal_block) is not None


def drop_unused_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: keep only the scripts and stylesheets the page uses.

    The PyData theme's inline option scripts go (``newsletter-page.js`` sets the
    options from the page's ``nl:pagename`` meta tag, so no page needs
    ``'unsafe-inline'``), so do :data:`UNUSED_SCRIPTS` and
    :data:`TRANSLATIONS_SCRIPT`, and the highlighting styles on pages without a
    code block (listing pages have none). The page keeps one viewport tag, the
    basic theme's: docutils' copy in ``metatags`` goes.
    """
    if not _uses_theme(app):
        return
    dropped = UNUSED_SCRIPTS | {TRANSLATIONS_SCRIPT}
    if "script_files" in context:
        context["script_files"] = [
            script
            for script in context["script_files"]
            if not is_pydata_options_script(script) and asset_filename(script) not in dropped
        ]
    if isinstance(context.get("metatags"), str):
        context["metatags"] = drop_docutils_viewport(context["metatags"])
    if "css_files" in context and not _has_code(doctree):
        context["css_files"] = [
            sheet
            for sheet in context["css_files"]
            if asset_filename(sheet) not in PYGMENTS_STYLESHEETS
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
    app.connect("html-page-context", drop_unused_assets, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
