"""The feeds page (``feeds/``): what a feed is, every feed's address to copy, a few
readers, and the email sign-up.

Every way to the feeds a reader taps (the header's icon, the menu, the footer, a
region's or topic's page) leads here, never to raw XML: a browser shows a feed
file as a page of markup. The page is a generated listing like the archive's,
written when what it shows changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import settings_of
from ..labels import _
from ..links import http_url
from ..taxonomies import BY_NAME, TAXONOMIES
from ..urls import SITE_FEEDS, absolute_url, term_feed_path
from .chrome import subscribe_label
from .listings import OVERVIEW_LIMIT, Page, region_rows, term_links

if TYPE_CHECKING:
    from sphinx.config import Config

    from ..catalog import Catalog

#: The feeds page's name.
FEEDS_PAGE = "feeds"
#: The site feeds' names, as feed readers know each format.
SITE_FEED_NAMES = {"atom.xml": "Atom", "rss.xml": "RSS", "feed.json": "JSON Feed"}
#: A few feed readers, named for a reader who has none: free ones on the web, on
#: phones and on desktops. Names only: the page sends no reader to another site.
READERS = ("NetNewsWire", "Feedly", "Inoreader", "Thunderbird", "Feeder")


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One feed as the page lists it: what it follows, its page, its address, its id."""

    name: str
    pagename: str
    url: str
    anchor: str


def feed_anchor(pagename: str) -> str:
    """A term's feed's id on the feeds page (``regions-japan``), for a link to point at."""
    return pagename.replace("/", "-")


def _term_feeds(config: Config, catalog: Catalog, taxonomy: str) -> tuple[FeedLink, ...]:
    """A taxonomy's feeds with entries: a tree's in its order, others by name."""
    if BY_NAME[taxonomy].tree:
        links = [term for _depth, term in region_rows(catalog) if term.count]
    else:
        terms = [term for term in catalog.taxonomies[taxonomy].values() if term.entries]
        # The busiest names when there are too many to list: every term's page
        # links its own feed here all the same.
        terms.sort(key=lambda term: -len(term.entries))
        links = list(term_links(terms[:OVERVIEW_LIMIT]))
    feeds = []
    for link in links:
        url = absolute_url(config, term_feed_path(link.pagename))
        if url:
            feeds.append(FeedLink(link.name, link.pagename, url, feed_anchor(link.pagename)))
    return tuple(feeds)


def feeds_page(config: Config, catalog: Catalog) -> Page | None:
    """The feeds page, or None when the site has no feeds (no ``html_baseurl``)."""
    if not config.html_baseurl:
        return None
    site = tuple(
        FeedLink(SITE_FEED_NAMES[path], "", url, path.replace(".", "-"))
        for path in SITE_FEEDS
        if (url := absolute_url(config, path))
    )
    ask = settings_of(config).subscribe
    form = ask.form if http_url(ask.form) else ""
    terms = tuple(
        (
            _(taxonomy.title),
            _term_feeds(config, catalog, taxonomy.name),
            sum(1 for term in catalog.taxonomies[taxonomy.name].values() if term.entries),
        )
        for taxonomy in TAXONOMIES
        if taxonomy.feed
    )
    return Page(
        FEEDS_PAGE,
        _("Feeds"),
        "feeds",
        (
            ("site", site),
            ("terms", terms),
            ("readers", READERS),
            ("sign_up", ask.url if http_url(ask.url) else ""),
            ("form", form),
            ("field", ask.email_field),
            ("label", subscribe_label(config)),
        ),
    )
