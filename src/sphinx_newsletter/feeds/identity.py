"""Who a feed is from and how a reader pictures it: the author, the icon and the logo.

A feed reader lists a feed under its icon and may head it with its logo; RFC 4287
requires an author for every Atom entry (the feed's counts for all of them). The
email's masthead shows the same logo.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..config import newsletter_name, settings_of
from ..links import http_url
from ..urls import absolute_url, encode_url

if TYPE_CHECKING:
    from sphinx.config import Config

#: The theme's icon (``layout.html``), where the site sets no ``html_favicon``.
DEFAULT_ICON = "_static/newsletter-favicon.png"
#: What a feed reader or a mail client shows as an image (RSS allows GIF, JPEG and PNG;
#: Gmail no SVG): a logo in another format is left to the web pages.
PICTURES = frozenset({".png", ".jpg", ".jpeg", ".gif"})
#: An icon may be a Windows icon too (readers fetch it as browsers fetch a favicon).
_ICONS = PICTURES | {".ico"}


@dataclass(frozen=True, slots=True)
class Author:
    """A feed's author: a name, and a page and an address if known."""

    name: str
    url: str = ""
    email: str = ""


def site_image(config: Config, setting: str | None, kinds: frozenset[str]) -> str | None:
    """The full URL of ``html_logo`` or ``html_favicon`` as the web build publishes it
    (a URL as written, a file under ``_static/``), if its suffix is one of ``kinds``."""
    if not setting:
        return None
    path = urlsplit(setting).path if http_url(setting) else setting.replace("\\", "/")
    if PurePosixPath(path).suffix.lower() not in kinds:
        return None
    if http_url(setting):
        return encode_url(setting)
    return absolute_url(config, f"_static/{PurePosixPath(path).name}")


def site_icon(config: Config) -> str | None:
    """The site's small square icon: ``html_favicon``, else the theme's."""
    return site_image(config, config.html_favicon, _ICONS) or absolute_url(config, DEFAULT_ICON)


def site_logo(config: Config) -> str | None:
    """The site's logo (``html_logo``), if it has one a reader can show."""
    return site_image(config, config.html_logo, PICTURES)


def is_picture(url: str | None) -> bool:
    """Whether ``url`` names a GIF, JPEG or PNG (what RSS's ``<image>`` may be)."""
    return url is not None and PurePosixPath(urlsplit(url).path).suffix.lower() in PICTURES


def feed_author(config: Config, home: str) -> Author:
    """``newsletter_feed_author``, each part not given the newsletter's (its name,
    its home page ``home``)."""
    given = settings_of(config).feed_author
    return Author(
        name=given.name or newsletter_name(config), url=given.url or home, email=given.email
    )
