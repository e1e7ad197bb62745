"""Where every record lives: page names, anchors, absolute URLs and how links name issues.

Pages, the sitemap, Open Graph (and next feeds, email and search) take their
addresses from here, so a URL is percent-encoded once, one way, and holds for a
site served under a sub-path (``html_baseurl = "https://example.org/weekly/"``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urljoin

import babel
import babel.dates

from .links import http_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .model import Issue, Recommendation, Sponsor

#: What stays as written when a URL is percent-encoded: its structure, and
#: escapes already made (Sphinx's target URIs come encoded).
_URL_SAFE = ":/%#?=&~+@!$,;"


def term_page(taxonomy: str, slug: str) -> str:
    """The page of a taxonomy's term (``regions/singapore``)."""
    return f"{taxonomy}/{slug}"


def year_page(pagename: str, year: int) -> str:
    """The page listing one year of a term or of the archive (``regions/japan/2024``)."""
    return f"{pagename}/{year}"


def month_page(pagename: str, year: int, month: int) -> str:
    """The page listing one month of a split year (``regions/world/2025/03``)."""
    return f"{year_page(pagename, year)}/{month:02d}"


def part_page(pagename: str, part: int) -> str:
    """Part ``part`` (from 1, oldest first) of a split month (``regions/world/2025/03/2``)."""
    return f"{pagename}/{part}"


def record_address(record: Issue | Recommendation | Sponsor) -> tuple[str, str]:
    """(page, anchor) of a record: an issue is its page, a recommendation an anchor on it."""
    return record.docname, getattr(record, "id", "")


def record_uri(record: Issue | Recommendation | Sponsor, uri_of: Callable[[str], str]) -> str:
    """A record's address from the site's root, where ``uri_of`` names a page as the
    builder links it (its ``get_target_uri``): ``issues/0009/#an-id``."""
    page, anchor = record_address(record)
    uri = uri_of(page)
    return f"{uri}#{anchor}" if anchor else uri


def record_path(app: Sphinx, record: Issue | Recommendation | Sponsor) -> str:
    """A record's address from the site's root as this builder links it, not
    percent-encoded: ``issues/0009/#an-id``, or ``issues/0009.html#an-id`` under ``html``."""
    return record_uri(record, app.builder.get_target_uri)


def record_url(app: Sphinx, record: Issue | Recommendation | Sponsor) -> str | None:
    """A record's full URL as this builder links it, percent-encoded once
    (``https://site/issues/0009/#an-id``): a feed entry's permalink."""
    page, anchor = record_address(record)
    url = page_url(app, page)
    return resolve_url(url, f"#{anchor}") if url is not None and anchor else url


#: The builders a site is built with, whose pages a tool may read back (the audit).
SITE_BUILDERS = ("dirhtml", "html")


def built_uri(builder: str, pagename: str) -> str:
    """A page's address from the site's root as the ``dirhtml`` or ``html`` builder
    links it (their ``get_target_uri``, with ``html``'s default suffix), for a tool
    that reads a built site and runs no builder (``newsletter audit``).

    ``tests/test_audit.py`` holds it equal to Sphinx's own for both builders.
    """
    if builder == "html":
        return quote(pagename) + ".html"
    if pagename == "index":
        return ""
    return pagename.removesuffix("index") if pagename.endswith("/index") else pagename + "/"


def site_path(page: str, href: str) -> str:
    """``href`` as the page at address ``page`` links it, as an address from the site's
    root, not percent-encoded: ``../../regions/japan/`` on ``issues/0009/`` is
    ``regions/japan/``."""
    return unquote(urljoin("/" + quote(page, safe="/"), href)).lstrip("/")


#: The site feeds, at the site's root: Atom, RSS 2.0 and JSON Feed.
SITE_FEEDS = ("atom.xml", "rss.xml", "feed.json")


def term_feed_path(pagename: str) -> str:
    """A region's or topic's Atom feed, in the folder of its page (``regions/japan/atom.xml``)."""
    return f"{pagename}/atom.xml"


def cover_url(config: Config, issue: Issue) -> str | None:
    """The full URL of an issue's cover image, if it has one (social previews, feeds)."""
    return absolute_url(config, issue.image) if issue.image else None


def issue_label(number: int, headline: str, name: str = "") -> str:
    """How links, the index and social previews name an issue.

    ``Name #9: headline`` with the newsletter's name, ``#9: headline`` without.
    """
    short = f"#{number}: {headline}"
    return f"{name} {short}" if name else short


def _dated(language: str | None, render: Callable[[str], str], fallback: str) -> str:
    """``render(locale)`` for readers of ``language``, or ``fallback`` if babel cannot."""
    try:
        return render((language or "en").replace("-", "_"))
    except (ValueError, LookupError, babel.UnknownLocaleError):
        return fallback


def long_date(date: dt.date, language: str | None) -> str:
    """A publication date as readers of ``language`` write it (ISO if babel cannot)."""
    return _dated(
        language,
        lambda locale: babel.dates.format_date(date, format="long", locale=locale),
        date.isoformat(),
    )


def month_label(year: int, month: int, language: str | None) -> str:
    """A month as readers of ``language`` name it ("March 2025"; ISO if babel cannot)."""
    first = dt.date(year, month, 1)
    return _dated(
        language,
        lambda locale: babel.dates.format_skeleton("yMMMM", first, locale=locale),
        f"{year}-{month:02d}",
    )


def absolute_url(config: Config, path: str) -> str | None:
    """``path`` (from the site's root, or already absolute) as a full URL, if it can be.

    The base is ``html_baseurl``, with or without its trailing ``/``; ``path`` may
    hold any script (``authors/阮一峰/``) and is percent-encoded once.
    """
    if http_url(path):
        return path
    base = config.html_baseurl
    if not base:
        return None
    base = quote(base if base.endswith("/") else base + "/", safe=_URL_SAFE)
    return urljoin(base, quote(path.lstrip("/"), safe="/%"))


def encode_url(url: str) -> str:
    """A full URL as written by a contributor (``https://news.example/zh/梦想``), percent-encoded
    once: its structure and escapes already made stay as they are."""
    return quote(url.strip(), safe=_URL_SAFE)


def resolve_url(base: str, href: str) -> str:
    """``href`` (as a page links it) made absolute against the page's URL ``base``.

    Anchors, relative paths and absolute URLs alike come out as one full URL,
    percent-encoded once (an address already escaped keeps its escapes).
    """
    return encode_url(urljoin(base, href.strip()))


def page_url(app: Sphinx, pagename: str) -> str | None:
    """A page's full URL, as this builder links it (``https://site/issues/0009/``)."""
    return absolute_url(app.config, app.builder.get_target_uri(pagename))


def page_path(app: Sphinx, pagename: str) -> str:
    """A page's address from the site's root, percent-encoded (``authors/%E9%98%AE/``)."""
    return quote(app.builder.get_target_uri(pagename), safe="/%")
