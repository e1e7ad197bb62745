"""Writing the feeds at the end of a web build, through the manifest, and announcing them.

Feeds are written at ``build-finished`` by the web builders only
(``output.WEB_BUILDERS``), in the main process, from the catalog and the
issues' doctrees: the same files in clean, incremental and parallel builds.
Each goes through ``SiteOutput.write_file``, so a feed of a region taken
out of the tree is pruned with the rest of the stale output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import escape

from ..domain import catalog_of
from ..labels import _
from ..output import is_web, output_of
from ..taxonomies import TAXONOMIES, Taxonomy
from ..urls import SITE_FEEDS, absolute_url, page_url, record_url, term_feed_path
from .content import issue_html
from .entries import Feed, site_feed, term_feed
from .formats import atom_bytes, json_feed_bytes, rss_bytes

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

    from ..model import Recommendation


def feed_taxonomies() -> list[Taxonomy]:
    """The taxonomies whose terms have an Atom feed, from the registry."""
    return [taxonomy for taxonomy in TAXONOMIES if taxonomy.feed]


_FORMATS = {"atom.xml": atom_bytes, "rss.xml": rss_bytes, "feed.json": json_feed_bytes}
#: Each feed file's media type and the name readers know it by.
_KINDS = {
    "atom.xml": ("application/atom+xml", "Atom"),
    "rss.xml": ("application/rss+xml", "RSS"),
    "feed.json": ("application/feed+json", "JSON Feed"),
}


def all_feeds(app: Sphinx, builder: StandaloneHTMLBuilder) -> list[Feed]:
    """Every feed of the site: the three site feeds, then each region's and topic's.

    ``builder`` is the web build's (``app.builder``, as its :class:`SiteOutput` holds it).
    """
    config = app.config
    catalog = catalog_of(app.env)

    def page_of(pagename: str) -> str:
        return page_url(app, pagename) or ""

    def url_of(rec: Recommendation) -> str:
        return record_url(app, rec) or ""

    contents: dict[str, str] = {}

    def html_of(docname: str) -> str:
        if docname not in contents:
            contents[docname] = issue_html(app, builder, docname)
        return contents[docname]

    feeds = [site_feed(config, catalog, path, page_of, html_of) for path in SITE_FEEDS]
    for taxonomy in feed_taxonomies():
        for term in catalog.taxonomies[taxonomy.name].values():
            feeds.append(term_feed(config, catalog, term, _(taxonomy.label), page_of, url_of))
    return feeds


def feed_bytes(feed: Feed) -> bytes:
    """A feed's file, in the format its name says."""
    return _FORMATS[feed.path.rsplit("/", 1)[-1]](feed)


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (before the manifest is saved): write every feed."""
    pages = output_of(app)
    if exception is not None or pages is None or not app.config.html_baseurl:
        return  # without html_baseurl, configure() has said feeds need it
    if pages.reused("feeds"):
        return  # made from the same inputs as the last build's feeds
    for feed in all_feeds(app, pages.builder):
        pages.write_file(feed.path, feed_bytes(feed), group="feeds")


def feed_links(pagename: str) -> list[tuple[str, bool]]:
    """(path, whether it is the page's own) of the feeds a page announces.

    Every page announces the site feeds; a region's or topic's page (``regions/japan``:
    the only two-part pages of those folders) its own Atom feed too.
    """
    links = [(path, False) for path in SITE_FEEDS]
    parts = pagename.split("/")
    if len(parts) == 2 and parts[0] in {taxonomy.name for taxonomy in feed_taxonomies()}:
        links.append((term_feed_path(pagename), True))
    return links


def announce_feeds(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: ``<link rel="alternate">`` to the page's feeds in its head,
    and the site feeds' links for the footer (``nl-feed-links.html``)."""
    config = app.config
    if not is_web(app.builder) or not config.html_baseurl:
        return
    tags = []
    for path, own in feed_links(pagename):
        kind, name = _KINDS[path.rsplit("/", 1)[-1]]
        # The title is HTML in the context (escaped already); the site's name is text.
        title = context.get("title", "") if own else escape(config.html_title)
        href = escape(absolute_url(config, path))
        tags.append(
            f'<link rel="alternate" type="{kind}" title="{title} ({name})" href="{href}" />\n'
        )
    # Generated pages (listings, search) have no ``metatags`` of their own.
    context["metatags"] = context.get("metatags", "") + "".join(tags)
    context["nl_feeds"] = [(absolute_url(config, path), _KINDS[path][1]) for path in SITE_FEEDS]
