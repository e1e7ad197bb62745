"""Wiring: the core (configuration, nodes, the domain, the output), then each feature."""

from __future__ import annotations

import contextlib
import importlib
import io
import logging as py_logging
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

from . import email, feeds, health, pages, preview, read, search
from ._compat import index_entries, user_set
from .buildstate import refuse_committed_build_state
from .collector import CollectorThresholds
from .config import newsletter_name, setup_config
from .domain import NewsletterDomain, catalog_of, domain_of, setup_events
from .labels import _, setup_catalog
from .nodes import index_entry, setup_nodes
from .output import output_of
from .output import setup as setup_output
from .read.reader import CatalogBuilder
from .taxonomies import tree_taxonomy
from .urls import term_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.domains import Domain
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
TEMPLATES = str(Path(__file__).parent / "templates")


def _settle_theme_defaults(config: Config) -> None:
    """Set now the defaults the book and PyData themes would set at ``builder-inited``.

    Sphinx compares the configuration with the last build's before the builder
    starts; a theme that changes a value later makes every build a full rebuild.
    Given the same values up front, the themes change nothing.
    """
    if not user_set(config, "html_permalinks_icon"):
        config.html_permalinks_icon = "#"
    if not user_set(config, "html_sourcelink_suffix"):
        config.html_sourcelink_suffix = ""
    options = dict(config.html_theme_options)
    # Our search field (its accessible name is its visible text); a template of the
    # theme's own name would lose to the PyData components folder on templates_path.
    options.setdefault(
        "navbar_persistent", [] if options.get("disable_search") else ["nl-search-button-field"]
    )
    options.setdefault("icon_links", [])
    # The book theme's own catalogs lack "Search" in Chinese: its field speaks ours.
    options.setdefault("search_bar_text", _("Search") + "…")
    options.setdefault("logo", {})
    # The book theme's download and full-screen buttons run inline onclick handlers
    # (no Content-Security-Policy without 'unsafe-inline' allows them) and cost time
    # on every page; a newsletter page prints with the browser's own command.
    options.setdefault("use_download_button", False)
    options.setdefault("use_fullscreen_button", False)
    config.html_theme_options = options


def configure(app: Sphinx, config: Config) -> None:
    """``config-inited``: turn on what the kit needs, unless ``conf.py`` set it."""
    extensions = list(config.myst_enable_extensions)
    if "colon_fence" not in extensions:
        config.myst_enable_extensions = [*extensions, "colon_fence"]
    if not user_set(config, "html_theme"):
        config.html_theme = "sphinx_newsletter"
    if config.html_theme == "sphinx_newsletter":
        _settle_theme_defaults(config)
    if not user_set(config, "html_title"):
        config.html_title = newsletter_name(config)
    if not user_set(config, "author"):
        config.author = newsletter_name(config)  # the theme's footer shows it
    # Rebind (never append in place) and drop repeats: a theme loaded twice in one
    # process (tests, sphinx-autobuild) must not make the value look changed.
    config.templates_path = list(dict.fromkeys([*config.templates_path, TEMPLATES]))
    if not user_set(config, "html_split_index"):
        # One general index of every recommendation grows with the archive: split it
        # by letter so no page does.
        config.html_split_index = True
    if not user_set(config, "html_copy_source"):
        # An issue's source is untrusted text with editors' comments in it; the
        # page is what readers get (and search builds its snippets from pages).
        config.html_copy_source = False
    if config.html_baseurl:
        if not user_set(config, "ogp_site_url"):
            config.ogp_site_url = config.html_baseurl
        if not user_set(config, "notfound_urls_prefix"):
            # The 404 page links its assets from the site's root, at any depth.
            config.notfound_urls_prefix = urlsplit(config.html_baseurl).path or "/"
    else:
        logger.warning(
            "html_baseurl is not set: canonical links, social previews, the sitemap, "
            "robots.txt, feeds and the email edition need the site's address; set html_baseurl = "
            "'https://your.site/' in conf.py",
            type="newsletter",
            subtype="config",
        )
        if not user_set(config, "notfound_urls_prefix"):
            config.notfound_urls_prefix = None


def env_updated(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: derive the catalog once, before the pages are written."""
    COLLECTOR.freeze()
    catalog = catalog_of(env)  # built here, once, so parallel writers inherit it
    # Regions have generated pages, not source documents: give them general-index
    # entries here, anew each build, so the index follows the configured tree.
    entries = index_entries(env)
    tree = tree_taxonomy()
    for pagename in [name for name in entries if name.startswith(f"{tree.name}/")]:
        del entries[pagename]
    for region in catalog.regions:
        entry = index_entry(_("{name} (region)", name=region.title), "nl-term")
        entries[term_page(tree.name, region.id)] = [entry]


def changed_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose view of other pages changed since written."""
    if app.builder.name == CatalogBuilder.name:
        return []  # it writes no page
    output = output_of(app)
    if output is not None and output.same_inputs():
        return []  # the same catalog as the last build's: every view is the same
    return domain_of(env).changed_views()


def missing_reference(app: Sphinx, domain: Domain | None, node: nodes.Element) -> bool | None:
    """``warn-missing-reference``: our references warn as ``newsletter.ref``."""
    if domain is None or domain.name != "nl":
        return None
    nl = domain_of(app.env)
    if node.get("nl_silent"):
        return True  # reported once by the consistency check
    refdoc = node.get("refdoc", "")
    if (
        refdoc in nl.catalog.by_docname
        and nl.catalog.by_docname[refdoc].draft
        and node["reftype"] != "rec"
    ):
        return True  # a draft's own chips: its terms are listed nowhere yet
    logger.warning(
        nl.missing_reason(node["reftype"], node["reftarget"]),
        location=node,
        type="newsletter",
        subtype="ref",
    )
    return True


#: The garbage collector's thresholds, raised for the length of a build.
COLLECTOR = CollectorThresholds()


def builder_inited(app: Sphinx) -> None:
    """``builder-inited``: quiet jieba's announcement, for a Chinese site."""
    if (app.config.language or "").startswith("zh"):
        # jieba (Chinese search) announces loading its dictionary on stderr; its
        # import sets its own level, so import it first, then quiet it.
        with contextlib.suppress(ImportError):
            importlib.import_module("jieba").setLogLevel(py_logging.WARNING)


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``, last: the garbage collector as it was before the build."""
    COLLECTOR.restore()


def setup_extension(app: Sphinx) -> None:
    """Register the core, then each feature, which connects its own handlers.

    The order of the features is the order their handlers run in where two share an
    event and a priority (a page's meta tags before its feed links); every other
    order that matters is a priority, named where it is connected.
    """
    setup_config(app)
    # First: the themes set up below load their catalogs for the language it settles.
    setup_catalog(app)
    app.setup_extension("myst_parser")
    # sphinxext-opengraph prints a notice about matplotlib on import; the kit
    # does not make social card images, so keep that out of every build's output.
    with contextlib.redirect_stdout(io.StringIO()):
        importlib.import_module("sphinxext.opengraph")
    app.setup_extension("sphinxext.opengraph")
    app.setup_extension("notfound.extension")
    app.setup_extension("sphinx_newsletter.theme")
    setup_nodes(app)
    app.add_domain(NewsletterDomain)
    setup_events(app)
    # Before anything is loaded from the doctree folder (Sphinx unpickles it next).
    app.connect("config-inited", refuse_committed_build_state, priority=100)
    app.connect("config-inited", configure, priority=400)
    # Before the environment is unpickled (large in a large archive), not after.
    app.connect("config-inited", lambda app, config: COLLECTOR.relax())
    app.connect("builder-inited", builder_inited)
    app.connect("env-updated", env_updated)
    app.connect("env-get-updated", changed_pages)
    app.connect("warn-missing-reference", missing_reference)
    setup_output(app)
    preview.setup(app)
    app.connect("build-finished", build_finished, priority=900)

    read.setup(app)
    health.setup(app)
    pages.setup(app)
    search.setup(app)
    feeds.setup(app)
    email.setup(app)
