"""The generated pages: the archive's listings and the general index, written when changed.

Sphinx re-renders every extension page on every build. Each listing page
(``listings.py``) and each letter of the general index has a digest of its
content, recorded in the output's manifest (``output.SiteOutput``); a page
whose digest and file are unchanged since the last build is not rendered or
written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import jinja2
from markupsafe import Markup
from sphinx.environment.adapters.indexentries import IndexEntries
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .._compat import turn_off_general_index
from ..config import settings_of
from ..domain import catalog_of
from ..labels import _, ngettext
from ..output import SiteOutput, output_of, template_cache
from ..paths import OutsideOutput
from ..taxonomies import BY_NAME
from ..urls import absolute_url, long_date, term_feed_path
from .feedpage import FeedLink, feeds_page
from .listings import Page, Shape, all_pages, index_pages
from .shells import PageShells
from .weight import measure

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..catalog import Catalog


logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent.parent / "templates"


def listing_environment(
    folders: Sequence[Path] = (),
    cache: jinja2.BytecodeCache | None = None,
    language: str | None = None,
) -> jinja2.Environment:
    """The templates of generated pages: a site's ``folders`` first, then the kit's;
    dates in ``language``'s long form."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*folders, TEMPLATES]),
        bytecode_cache=cache,
        autoescape=True,
        trim_blocks=False,
        keep_trailing_newline=True,
    )
    # The kit's words, by the names the theme's templates know them by (``labels``);
    # what they return is text, escaped like every other value.
    environment.globals.update(nl_=_, nl_ngettext=ngettext)
    # Dates as the issue pages write them, in the site's language ("March 2, 2024").
    environment.filters["nl_date"] = lambda date: long_date(date, language)
    return environment


class ListingRenderer:
    """Renders the body of a generated page from its data, escaping every value.

    Sphinx's own template environment is sandboxed, which makes each attribute
    access in a long listing slow; the body has no untrusted template code, so
    a plain environment with autoescape renders it, and the theme's page.html
    wraps it like any document's body. A site's ``templates_path`` can override
    ``nl-listing.html`` and ``nl-macros.html``.
    """

    def __init__(self, app: Sphinx, cache: jinja2.BytecodeCache | None = None) -> None:
        folders = [Path(app.confdir) / p for p in app.config.templates_path]
        self.environment = listing_environment(folders, cache, app.config.language)
        self.builder = app.builder
        self.config = app.config

    def render(self, page: Page) -> Markup:
        """The page's body HTML."""
        builder = self.builder

        def pathto(target: str, resource: bool = False) -> str:
            if resource:  # a file by its path from the output folder's root
                return relative_uri(builder.get_target_uri(page.pagename), target)
            return builder.get_relative_uri(page.pagename, target)

        taxonomy = BY_NAME.get(str(page.context.get("taxonomy", "")))
        url = (
            absolute_url(self.config, term_feed_path(page.pagename))
            if page.kind == "term" and taxonomy and taxonomy.feed
            else None
        )
        feed = url and FeedLink(str(page.context.get("name", "")), "", url, "nl-term-feed")
        template = self.environment.get_template("nl-listing.html")
        return Markup(template.render(nl=page.context, title=page.title, pathto=pathto, feed=feed))


def _digest(page: Page) -> str:
    return hashlib.sha1(repr((page.title, page.data)).encode()).hexdigest()


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (``_build/html``)."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class GeneratedPages:
    """The listing and general-index pages of one web build."""

    def __init__(self, app: Sphinx, output: SiteOutput) -> None:
        self.app = app
        self.output = output
        #: whether the kit writes the general index (see ``take_over_index``)
        self.general_index = False
        self.written = 0
        #: how many listing pages this build has (None until they are collected)
        self.listed: int | None = None
        self.renderer = ListingRenderer(app, template_cache(app, "listings"))
        self.weights = measure(self.renderer.environment)
        self.shells = PageShells(app, output) if settings_of(app.config).fast_listings else None

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        """``html-collect-pages``: yield the pages whose content changed."""
        kept = self.output.reused_pages()
        if kept is not None:
            # Made from the same inputs as the last build's: the same pages, all there.
            self.listed = len(kept)
            logger.verbose(f"newsletter: {len(kept)} listing pages, as the last build made them")
            return
        catalog = catalog_of(self.app.env)
        config = self.app.config
        settings = settings_of(config)
        shape = Shape(
            self.weights, settings.listing_size, settings.listing_max_bytes, config.language
        )
        pages = all_pages(catalog, shape)
        feeds = feeds_page(config, catalog)
        if feeds is not None:
            pages.append(feeds)
        if self.general_index:
            genindex = IndexEntries(self.app.env).create_index(self.app.builder)
            pages.extend(index_pages(genindex, config.html_split_index, shape))
        for page in pages:
            try:
                changed = self.output.note_page(page.pagename, _digest(page))
            except OutsideOutput as error:
                # Page names are slugs; this is the second line, for a name that slipped.
                logger.warning(
                    f"the page {page.pagename!r} was not written: {error}",
                    type="newsletter",
                    subtype="output",
                )
                continue
            if not changed:
                continue
            self.written += 1
            body = self.renderer.render(page)
            if self.shells is not None and self.shells.write(page.pagename, page.title, body):
                self.output.note_rendered(page.pagename)
                continue
            # The title is HTML in Sphinx's page context: escape the plain text.
            yield page.pagename, {"title": Markup.escape(page.title), "body": body}, "page.html"
        if self.shells is not None:
            self.shells.flush()
        self.listed = len(pages)
        fast = f" ({self.shells.fast} through page shells)" if self.shells else ""
        logger.verbose(f"newsletter: {len(pages)} listing pages, {self.written} written{fast}")

    def take_over_index(self) -> None:
        """``write-started``: write the general index as generated pages, not Sphinx.

        Sphinx renders every letter of the index through the theme in every build
        (and once more whole, as ``genindex-all``), with the whole index in each
        page's context. As generated pages the index is written only when it
        changed, and only by letter. Only the builder's flag is turned off: pages
        still link the index, since ``hasdoc('genindex')`` reads the config.
        """
        if turn_off_general_index(self.output.builder):
            self.general_index = True

    def summary(self, catalog: Catalog) -> str:
        """The build's last line, for the contributor: what was built, and where."""
        recs = sum(1 for rec in catalog.all_recs if catalog.is_published(rec.docname))
        return _(
            "newsletter: {issues} and {recommendations} built into {folder}; "
            "{pages}, {written} updated by this build",
            issues=ngettext("{n} issue", "{n} issues", len(catalog.issues)),
            recommendations=ngettext("{n} recommendation", "{n} recommendations", recs),
            folder=_shown_path(Path(self.app.outdir)),
            pages=ngettext("{n} index page", "{n} index pages", self.listed or 0),
            written=self.written,
        )


_PAGES: WeakKeyDictionary[Sphinx, GeneratedPages] = WeakKeyDictionary()


def _start(app: Sphinx) -> None:
    """``builder-inited`` (after the output service): the generated pages of a web build."""
    output = output_of(app)
    if output is not None:
        _PAGES[app] = GeneratedPages(app, output)


def _take_over_index(app: Sphinx, builder: object) -> None:
    """``write-started``: the kit writes the general index (see ``take_over_index``)."""
    pages = _PAGES.get(app)
    if pages is not None:
        pages.take_over_index()


def _collect(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    """``html-collect-pages``: the archive's listing pages."""
    pages = _PAGES.get(app)
    if pages is not None:
        yield from pages.collect()


def _summarise(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (after the manifest is saved): the contributor's closing line."""
    pages = _PAGES.get(app)
    if exception is None and pages is not None and pages.listed is not None:
        logger.info(pages.summary(catalog_of(app.env)))


def setup_generated(app: Sphinx) -> None:
    """Connect the generated pages to the build."""
    app.connect("builder-inited", _start, priority=450)
    app.connect("write-started", _take_over_index)
    app.connect("html-collect-pages", _collect)
    app.connect("build-finished", _summarise, priority=850)
