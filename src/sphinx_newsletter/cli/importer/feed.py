"""A feed's bytes as entries: RSS 2.0 and Atom by feedparser, JSON Feed by ``json``.

feedparser reads RSS and Atom (and their many dialects) but not JSON Feed, a
small format of one JSON object, read here. feedparser's own HTML sanitizer
is off: the importer sanitizes every format's HTML in one place
(``sanitize``), which notes what it drops. Entries come in the feed's order;
each keeps its id (or link, or title) as the key that later imports find it by.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
import io
import json
import re
import time
from dataclasses import dataclass
from typing import Any

import feedparser

#: JSON Feed's version URLs start with this (1.0 and 1.1).
JSON_FEED = "https://jsonfeed.org/version/"
_JSONISH = re.compile(rb"^\s*(\xef\xbb\xbf)?\s*\{")


class NotAFeed(ValueError):
    """Bytes that are no RSS, Atom or JSON Feed; the message says what they looked like."""


@dataclass(frozen=True)
class Entry:
    """One feed entry, as the importer needs it."""

    #: Its id in the feed (else its link, else its title): how a later import finds it.
    key: str
    title: str
    link: str
    #: The entry's date; None when it has none that can be read.
    date: dt.date | None
    #: The date as the feed wrote it (for the note when it cannot be read).
    date_text: str
    #: HTML (or plain text, for a feed that gives no HTML).
    summary: str
    content: str
    image: str


@dataclass(frozen=True)
class Feed:
    """A feed's title, home and entries, in the feed's order."""

    title: str
    link: str
    kind: str
    entries: tuple[Entry, ...]


def _json_date(value: object) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def read_json_feed(data: bytes) -> Feed:
    """A JSON Feed (1.0 or 1.1)."""
    try:
        feed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise NotAFeed(f"it looks like JSON but cannot be read: {error}") from error
    if not isinstance(feed, dict) or not _text(feed.get("version")).startswith(JSON_FEED):
        raise NotAFeed("it is JSON but not a JSON Feed (no https://jsonfeed.org/version/)")
    items = feed.get("items")
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        raw_date = item.get("date_published") or item.get("date_modified")
        link = _text(item.get("url"))
        entries.append(
            Entry(
                key=_text(item.get("id")) or str(item.get("id") or "") or link,
                title=_text(item.get("title")),
                link=link,
                date=_json_date(raw_date),
                date_text=str(raw_date or "")[:60],
                summary=_text(item.get("summary")),
                content=_text(item.get("content_html"))
                or _escaped(_text(item.get("content_text"))),
                image=_text(item.get("image")) or _text(item.get("banner_image")),
            )
        )
    return Feed(
        _text(feed.get("title")), _text(feed.get("home_page_url")), "JSON Feed", tuple(entries)
    )


def _escaped(text: str) -> str:
    """Plain text as HTML paragraphs."""
    return "".join(f"<p>{html.escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def _parsed_date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
            except (OverflowError, ValueError, OSError):
                return None
    return None


def read_xml_feed(data: bytes, url: str) -> Feed:
    """An RSS or Atom feed, by feedparser (no fetching: it is handed the bytes)."""
    # A stream, never a str or bytes: feedparser fetches a str that looks like a URL.
    parsed = feedparser.parse(
        io.BytesIO(data),
        sanitize_html=False,
        resolve_relative_uris=True,
        response_headers={"content-location": url},
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"it is no RSS, Atom or JSON Feed ({problem or 'nothing a feed holds'})")
    entries = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        body = "".join(part.get("value", "") for part in content[:1]) or entry.get("summary", "")
        media = entry.get("media_content") or entry.get("media_thumbnail") or []
        image = next((m.get("url", "") for m in media if isinstance(m, dict)), "")
        raw_date = entry.get("published") or entry.get("updated") or ""
        entries.append(
            Entry(
                key=entry.get("id") or entry.get("link") or entry.get("title", ""),
                title=entry.get("title", ""),
                link=entry.get("link", ""),
                date=_parsed_date(entry),
                date_text=str(raw_date)[:60],
                summary=entry.get("summary", ""),
                content=body,
                image=image,
            )
        )
    kind = {"rss20": "RSS 2.0", "atom10": "Atom"}.get(
        parsed.get("version", ""), parsed.get("version") or "feed"
    )
    return Feed(parsed.feed.get("title", ""), parsed.feed.get("link", ""), kind, tuple(entries))


def read_feed(data: bytes, url: str = "") -> Feed:
    """The feed in ``data`` (fetched from or read at ``url``), whatever its format."""
    if _JSONISH.match(data[:64]):
        return read_json_feed(data)
    return read_xml_feed(data, url)
