"""What the feeds hold: the site feed's issues and each region's and topic's recommendations.

The records come from the catalog and nothing else (never the build time), so
two builds of the same sources make the same feeds: a feed's ``updated`` is its
newest entry's date, and every id is a permalink. Titles, summaries and
descriptions are plain text here; each format writes them its own way
(``formats``). The content is HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import newsletter_name, settings_of
from ..labels import _, language_tag
from ..links import http_url
from ..model import Recommendation
from ..urls import absolute_url, cover_url, encode_url, issue_label, term_feed_path
from .identity import Author, feed_author, site_icon, site_logo

if TYPE_CHECKING:
    from sphinx.config import Config

    from ..catalog import Catalog, Term
    from ..model import Issue


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry: an issue (site feeds) or a recommendation (region and topic feeds)."""

    id: str
    #: Plain text, as are the summary and the feed's title and description.
    title: str
    link: str
    updated: dt.datetime
    summary: str
    #: HTML: the issue's sanitized content with absolute links (``content.issue_html``).
    content: str | None = None
    image: str | None = None
    related: str | None = None
    #: The article's archived copy, as of the entry's date (``Catalog.archived_copy``).
    archived: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    """One feed: where it lives, what it is about, its entries newest first."""

    path: str
    url: str
    title: str
    description: str
    home: str
    language: str
    entries: tuple[FeedEntry, ...]
    #: When no entry gives one: the site's newest issue's date (never the build time).
    fallback_updated: dt.datetime
    #: Who it is from, and its pictures.
    identity: Identity

    @property
    def updated(self) -> dt.datetime:
        """The newest entry's date."""
        return max((e.updated for e in self.entries), default=self.fallback_updated)


def moment(date: dt.date) -> dt.datetime:
    """An issue's date as the aware datetime feeds need (midnight UTC)."""
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def latest(catalog: Catalog, count: int) -> list[Issue]:
    """The ``count`` newest published issues, newest first."""
    return list(reversed(catalog.issues[-count:])) if count > 0 else []


def site_feed(
    config: Config,
    catalog: Catalog,
    path: str,
    page_of: Callable[[str], str],
    html_of: Callable[[str], str],
) -> Feed:
    """The site feed at ``path``: the latest issues, each with its whole content.

    ``page_of`` gives a page's absolute URL, ``html_of`` an issue's content HTML.
    """
    name = newsletter_name(config)
    entries = tuple(
        FeedEntry(
            id=page_of(issue.docname),
            title=issue_label(issue.number, issue.headline, name),
            link=page_of(issue.docname),
            updated=moment(issue.date),
            summary=issue.description,
            content=html_of(issue.docname),
            image=cover_url(config, issue),
        )
        for issue in latest(catalog, settings_of(config).feed_issues)
    )
    return Feed(
        path=path,
        url=absolute_url(config, path) or "",
        title=name,
        description=_("Every issue of {name}, newest first.", name=name),
        home=page_of(config.root_doc),
        language=language_tag(config.language),
        entries=entries,
        fallback_updated=_newest(catalog),
        identity=_identity(config, page_of),
    )


def term_feed(
    config: Config,
    catalog: Catalog,
    term: Term,
    label: str,
    page_of: Callable[[str], str],
    url_of: Callable[[Recommendation], str],
) -> Feed:
    """A region's or topic's Atom feed: its recommendations of the latest issues.

    ``page_of`` gives a page's absolute URL, ``url_of`` a recommendation's.
    """
    name = newsletter_name(config)
    recent = {issue.docname for issue in latest(catalog, settings_of(config).term_feed_issues)}
    entries = []
    for rec in term.entries:
        if rec.docname not in recent or not isinstance(rec, Recommendation):
            continue
        issue = catalog.by_docname[rec.docname]
        permalink = url_of(rec)
        entries.append(
            FeedEntry(
                id=permalink,
                title=rec.title,
                link=permalink,
                updated=moment(issue.date),
                summary=rec.take,
                related=encode_url(rec.url) if rec.url and http_url(rec.url) else None,
                archived=_archived(catalog, rec, issue.date),
            )
        )
    path = term_feed_path(term.pagename)
    return Feed(
        path=path,
        url=absolute_url(config, path) or "",
        title=f"{name}: {term.name} ({label})",
        description=_(
            "Recommendations filed under {term} in {name}, newest first.",
            term=term.name,
            name=name,
        ),
        home=page_of(term.pagename),
        language=language_tag(config.language),
        entries=tuple(entries),
        fallback_updated=_newest(catalog),
        identity=_identity(config, page_of),
    )


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a feed is from and its pictures: the same for every feed of the site."""

    #: The author of every entry (RFC 4287: the feed's, when an entry names none).
    author: Author
    #: Full URLs of the site's small square icon and of its logo (the icon if it has none).
    icon: str | None
    logo: str | None


def _identity(config: Config, page_of: Callable[[str], str]) -> Identity:
    icon = site_icon(config)
    return Identity(
        author=feed_author(config, page_of(config.root_doc)),
        icon=icon,
        logo=site_logo(config) or icon,
    )


def _archived(catalog: Catalog, rec: Recommendation, date: dt.date) -> str | None:
    """A recommendation's archived copy as of its issue's date: an entry never changes."""
    copy = catalog.archived_copy(rec, date)
    return encode_url(copy) if copy else None


def _newest(catalog: Catalog) -> dt.datetime:
    return moment(catalog.issues[-1].date if catalog.issues else dt.date(1970, 1, 1))
