"""Wiring: the kit's configuration, nodes, directives, domain and event handlers."""

from __future__ import annotations

import contextlib
import importlib
import io
import logging as py_logging
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

from ._compat import escape_book_theme_title, index_entries, user_set
from .buildstate import refuse_committed_build_state
from .collector import CollectorThresholds
from .config import newsletter_name, setup_config
from .domain import NewsletterDomain, catalog_of, domain_of
from .email.builder import EmailBuilder
from .feeds.publish import announce_feeds, write_feeds
from .labels import _, setup_catalog
from .nodes import index_entry, setup_nodes
from .pages.chrome import is_web, setup_chrome
from .pages.navigation import add_home_listing, resolve_placeholders
from .pages.output import GeneratedPages
from .pages.sections import index_sections
from .pages.social import extra_meta_tags
from .read.assets import refuse_other_files
from .read.cards import UnrepeatedChips
from .read.directives import RecommendationDirective, SponsorDirective
from .read.emphasis import CJKEmphasis
from .read.issues import IssuePage, read_front_matter
from .read.policy import NewsletterParser
from .read.reader import CatalogBuilder
from .read.sanitize import Sanitize
from .read.sourcetext import leave_out, one_line_end
from .search.bundle import write_search_bundle
from .search.page import search_page, turn_off_sphinx_search
from .urls import page_url, term_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
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
    for pagename in [name for name in entries if name.startswith("regions/")]:
        del entries[pagename]
    for region in catalog.regions:
        entry = index_entry(_("{name} (region)", name=region.title), "nl-term")
        entries[term_page("regions", region.id)] = [entry]


def changed_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-get-updated``: pages whose view of other pages changed since written."""
    if app.builder.name == CatalogBuilder.name:
        return []  # it writes no page
    return domain_of(env).changed_views()


def missing_reference(app: Sphinx, domain: Domain, node: nodes.Element) -> bool | None:
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


def page_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context``: the bounded navigation every page shows."""
    pages = getattr(app, "_newsletter_pages", None)
    if pages is not None:
        pages.note_rendered(pagename)
    catalog = catalog_of(app.env)
    context["nl_sections"] = index_sections(catalog)
    if context.get("pageurl"):
        # Paths in any script (authors/阮一峰/) are percent-encoded in full URLs.
        context["pageurl"] = page_url(app, pagename)
    issue = catalog.by_docname.get(pagename)
    if issue is not None and not issue.draft:
        context["nl_year"] = issue.year
        context["nl_year_issues"] = [
            (i.number, i.headline, i.docname) for i in catalog.year_so_far(issue)
        ]


def escape_theme_context(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """``html-page-context`` (after the themes): escape what a theme prints raw.

    sphinx-book-theme sets ``pagetitle`` to the title's plain text and prints it
    unescaped in its print-only header: a headline with ``<script>`` would run.
    """
    escape_book_theme_title(context)


def write_started(app: Sphinx, builder: Builder) -> None:
    """``write-started``: the kit writes the general index (see ``output``)."""
    pages = getattr(app, "_newsletter_pages", None)
    if pages is not None:
        pages.take_over_index()


#: The garbage collector's thresholds, raised for the length of a build.
COLLECTOR = CollectorThresholds()


def builder_inited(app: Sphinx) -> None:
    """``builder-inited``: one record of the generated pages per web build."""
    if (app.config.language or "").startswith("zh"):
        # jieba (Chinese search) announces loading its dictionary on stderr; its
        # import sets its own level, so import it first, then quiet it.
        with contextlib.suppress(ImportError):
            importlib.import_module("jieba").setLogLevel(py_logging.WARNING)
    if is_web(app.builder):
        app._newsletter_pages = GeneratedPages(app)  # type: ignore[attr-defined]


def collect_pages(app: Sphinx):
    """``html-collect-pages``: the archive's listing pages."""
    pages = getattr(app, "_newsletter_pages", None)
    if pages is not None:
        yield from pages.collect()


def build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: prune stale output, write the sitemap, save the manifest."""
    pages = getattr(app, "_newsletter_pages", None)
    if pages is not None:
        pages.finish(exception)
    COLLECTOR.restore()


def setup_extension(app: Sphinx) -> None:
    """Register everything the kit adds to Sphinx."""
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
    setup_chrome(app)
    app.add_domain(NewsletterDomain)
    app.add_builder(CatalogBuilder)
    app.add_builder(EmailBuilder)
    app.add_directive("recommendation", RecommendationDirective)
    app.add_directive("sponsor", SponsorDirective)
    app.add_transform(IssuePage)
    app.add_transform(CJKEmphasis)
    app.add_transform(UnrepeatedChips)
    app.add_transform(Sanitize)
    # Every Markdown page is parsed under the rules for untrusted text (policy.py),
    # unless the site trusts it (newsletter_trusted_pages); issues always are.
    app.add_source_parser(NewsletterParser, override=True)
    # Before anything is loaded from the doctree folder (Sphinx unpickles it next).
    app.connect("config-inited", refuse_committed_build_state, priority=100)
    app.connect("config-inited", refuse_other_files, priority=100)
    app.connect("config-inited", configure, priority=400)
    # Before the environment is unpickled (large in a large archive), not after.
    app.connect("config-inited", lambda app, config: COLLECTOR.relax())
    app.connect("builder-inited", builder_inited)
    app.connect("builder-inited", turn_off_sphinx_search)
    app.connect("env-before-read-docs", leave_out)
    app.connect("source-read", one_line_end, priority=400)
    app.connect("source-read", read_front_matter)
    app.connect("doctree-read", add_home_listing)
    app.connect("env-updated", env_updated)
    app.connect("env-get-updated", changed_pages)
    app.connect("warn-missing-reference", missing_reference)
    app.connect("write-started", write_started)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", extra_meta_tags, priority=400)
    app.connect("html-page-context", announce_feeds, priority=400)
    app.connect("html-page-context", escape_theme_context, priority=900)
    app.connect("html-collect-pages", collect_pages)
    # Before build_finished saves the manifest the feeds are noted in.
    app.connect("build-finished", write_feeds, priority=400)
    app.connect("html-collect-pages", search_page)
    # Before the manifest is saved (build_finished), which the bundle's files join.
    app.connect("build-finished", write_search_bundle, priority=400)
    app.connect("build-finished", build_finished)
