"""A feed's bytes: Atom and RSS 2.0 through feedgen, JSON Feed 1.1 with the standard library.

Each format writes every plain-text field (titles, summaries, descriptions)
through its one text function, because readers read them differently: Atom's
elements are ``type="text"`` and JSON Feed's fields are text, so the text goes in
as it is (``as_text``); RSS readers read character data as HTML, so the text goes
in escaped once for HTML (``as_html``), then once more for XML by feedgen.
A ``<script>`` typed into a take is shown as text in every reader.

Three things feedgen does not do as one would expect, each handled here:
``add_entry`` prepends (entries are appended instead, so the newest stays
first), it needs aware datetimes (``entries.moment`` gives UTC ones), and an
Atom entry's links lose their ``rel`` and ``type`` (feedgen #135): an entry
extension writes each entry's links itself.
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Callable

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..labels import _
from .content import xml_text
from .entries import Feed, FeedEntry
from .identity import is_picture

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


class _Links(BaseEntryExtension):
    """An Atom entry's links, written with their ``rel`` and ``type`` (feedgen #135)."""

    def __init__(self) -> None:
        self.links: list[dict[str, str]] = []

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        # feedgen writes Atom's elements unqualified, under the root's default namespace.
        for old in entry.findall("link"):
            entry.remove(old)
        for attributes in self.links:
            etree.SubElement(entry, "link", attributes)
        return entry


def _links(entry: FeedEntry) -> list[dict[str, str]]:
    links = [{"href": entry.link, "rel": "alternate", "type": "text/html"}]
    if entry.related:
        links.append({"href": entry.related, "rel": "related", "type": "text/html"})
    if entry.archived:
        title = _("Archived copy")
        links.append(
            {"href": entry.archived, "rel": "related", "type": "text/html", "title": title}
        )
    image_type = _image_type(entry.image)
    if entry.image and image_type:
        links.append({"href": entry.image, "rel": "enclosure", "type": image_type})
    return links


def _image_type(url: str | None) -> str | None:
    return mimetypes.guess_type(url.split("?", 1)[0])[0] if url else None


def as_text(text: str) -> str:
    """A plain-text field where the format reads text (Atom's ``type="text"``, JSON Feed):
    as written, less what XML cannot hold (so both formats carry the same text)."""
    return xml_text(text)


def as_html(text: str) -> str:
    """A plain-text field for RSS, whose readers take character data for HTML."""
    return html.escape(xml_text(text), quote=False)


def _generator(feed: Feed, text: Callable[[str], str]) -> FeedGenerator:
    """The feed for feedgen, each plain-text field written through ``text``."""
    generator = FeedGenerator()
    generator.register_extension("nl", BaseExtension, _Links, atom=True, rss=False)
    generator.id(feed.url)
    generator.title(text(feed.title))
    generator.subtitle(text(feed.description))
    generator.link(href=feed.url, rel="self")
    generator.link(href=feed.home, rel="alternate")
    generator.language(feed.language)
    generator.updated(feed.updated)
    generator.lastBuildDate(feed.updated)
    author = feed.identity.author
    generator.author(
        {"name": text(author.name)}
        | ({"uri": author.url} if author.url else {})
        | ({"email": author.email} if author.email else {})
    )
    if author.email:  # RSS names a channel's editor by address: "editor@site (Name)"
        generator.managingEditor(f"{author.email} ({text(author.name)})")
    if feed.identity.icon:
        generator.icon(feed.identity.icon)
    logo = feed.identity.logo
    if logo and is_picture(logo):  # Atom's <logo>, and RSS's <image> (a GIF, JPEG or PNG)
        generator.image(url=logo, title=text(feed.title), link=feed.home)
    # RSS names an item's author by address only: Dublin Core's creator names it.
    generator.load_extension("dc", atom=False, rss=True)
    for item in feed.entries:
        entry = generator.add_entry(order="append")
        entry.id(item.id)
        entry.guid(item.id, permalink=True)
        entry.title(text(item.title))
        entry.link(href=item.link, rel="alternate")
        entry.updated(item.updated)
        entry.published(item.updated)
        entry.summary(text(item.summary))
        if item.content is not None:
            entry.content(item.content, type="html")
        image_type = _image_type(item.image)
        if item.image and image_type:
            entry.enclosure(item.image, "0", image_type)
        entry.nl.links = _links(item)
        entry.dc.dc_creator(text(author.name))
    return generator


def atom_bytes(feed: Feed) -> bytes:
    """The feed as Atom 1.0."""
    data: bytes = _generator(feed, as_text).atom_str(pretty=True)  # feedgen has no types
    return data


def rss_bytes(feed: Feed) -> bytes:
    """The feed as RSS 2.0."""
    data: bytes = _generator(feed, as_html).rss_str(pretty=True)  # feedgen has no types
    return data


def json_feed_bytes(feed: Feed) -> bytes:
    """The feed as JSON Feed 1.1."""
    items = []
    for entry in feed.entries:
        item: dict[str, object] = {
            "id": entry.id,
            "url": entry.link,
            "title": as_text(entry.title),
        }
        if entry.related:
            item["external_url"] = entry.related
        if entry.content is not None:
            item["content_html"] = entry.content
        else:
            item["content_text"] = as_text(entry.summary)
        item["summary"] = as_text(entry.summary)
        if entry.image:
            item["image"] = entry.image
        item["date_published"] = entry.updated.isoformat()
        items.append(item)
    author = feed.identity.author
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": as_text(feed.title),
        "home_page_url": feed.home,
        "feed_url": feed.url,
        "description": as_text(feed.description),
        "language": feed.language,
    }
    # A reader lists the feed under its icon (512 px square at best), or its favicon.
    if feed.identity.logo:
        document["icon"] = feed.identity.logo
    if feed.identity.icon:
        document["favicon"] = feed.identity.icon
    document["authors"] = [
        {"name": as_text(author.name)} | ({"url": author.url} if author.url else {})
    ]
    document["items"] = items
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
