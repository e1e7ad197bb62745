"""What a listing page will weigh, estimated from its data before it is rendered.

The estimate decides whether a year or month needs pages of its own
(``paging.py``), so it must be cheap (thousands of nodes, every build), depend
only on the page's data (so every build decides alike), and never fall short of
the page the templates write: each field counts as its escaped UTF-8 bytes, and
the markup around it as a fixed allowance at least as long as the templates'
(``nl-macros.html``), links at the deepest page's relative prefix.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import escape
from sphinx.util import logging

from ..config import settings_of
from ..conflines import ConfLines

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from .listings import Entry, Group, IndexEntry, IssueCard, TermLink

logger = logging.getLogger(__name__)

#: The theme's page around a listing (header, sidebar, scripts, footer), which the
#: size limit counts but the listing does not hold: about 12 KB on the repository's
#: own site and on a generated archive of 300 issues, with room for a bigger theme.
CHROME_BYTES = 32_000
#: The markup of one entry (``entry_html``), its links and the byline's words.
ENTRY_MARKUP = 420
#: The markup of one issue's heading on a listing (``groups_html``, ``issue_link``).
GROUP_MARKUP = 360
#: The markup of one issue card on an archive page (``issue_card``).
CARD_MARKUP = 360
#: A page's own lines: its heading, navigation, summary.
PAGE_MARKUP = 2_000


def text_bytes(text: str | None) -> int:
    """Bytes of ``text`` once escaped and encoded, as the page holds it."""
    return len(str(escape(text)).encode("utf-8")) if text else 0


# An entry is weighed for its year, its month and its part, on every node it is
# filed under: weigh each once (bounded, for long-lived processes such as `serve`).
@lru_cache(maxsize=1 << 16)
def entry_bytes(entry: Entry) -> int:
    """The most one entry can weigh on a listing page."""
    return (
        ENTRY_MARKUP
        + 2 * text_bytes(entry.anchor)  # its id, in the link and (for search) its target
        + text_bytes(entry.title)
        + text_bytes(entry.url)
        + sum(text_bytes(author) + 2 for author in entry.authors)
        + text_bytes(entry.publication)
        + text_bytes(entry.lang)
        + text_bytes(entry.excerpt)
    )


def card_bytes(card: IssueCard) -> int:
    """The most an issue's heading on a listing weighs (its link, number, date, headline)."""
    return GROUP_MARKUP + text_bytes(card.headline) + 2 * text_bytes(card.docname)


def issue_card_bytes(card: IssueCard) -> int:
    """The most an issue's card on an archive page weighs (with its description)."""
    return CARD_MARKUP + card_bytes(card) + text_bytes(card.description)


def groups_bytes(groups: Sequence[Group]) -> int:
    """The most a listing of these groups weighs, with its page's own lines."""
    return PAGE_MARKUP + sum(
        card_bytes(group.issue) + sum(entry_bytes(e) for e in group.entries) for group in groups
    )


#: The markup of one general-index entry, and of each of its links.
INDEX_ENTRY_MARKUP = 40
INDEX_LINK_MARKUP = 40
#: One letter in the general index's bar of letters, on every letter's page.
INDEX_LETTER_MARKUP = 120


def index_entry_bytes(entry: IndexEntry) -> int:
    """The most one general-index entry (with its links and sub-entries) weighs."""
    name, links, subentries = entry
    return (
        INDEX_ENTRY_MARKUP
        + text_bytes(name)
        + sum(INDEX_LINK_MARKUP + text_bytes(uri) for _main, uri in links)
        + sum(index_entry_bytes((sub, sublinks, ())) for sub, sublinks in subentries)
    )


#: The markup of one name on an overview or initial page (``term_list``), its link
#: at the deepest such page's relative prefix.
TERM_LINK_MARKUP = 120


def term_link_bytes(link: TermLink) -> int:
    """The most one linked name (with its count) weighs on an initial's page."""
    return TERM_LINK_MARKUP + text_bytes(link.name) + text_bytes(link.pagename)


def budget(max_bytes: int) -> int:
    """What a page's listing may weigh under the size limit ``max_bytes``."""
    return max(max_bytes - CHROME_BYTES, 0)


def check_listing_size(app: Sphinx, config: Config) -> None:
    """``config-inited``: a listing page must have room for entries beside the chrome."""
    size = settings_of(config).listing_max_bytes
    if size <= CHROME_BYTES:
        logger.warning(
            f"newsletter_listing_max_bytes is {size}, no more than the {CHROME_BYTES} bytes "
            "a page's theme is counted as: every entry would get a page of its own; set it "
            "to 100000 or more (the default is 400000)",
            location=ConfLines.of(app.confdir).location(("newsletter_listing_max_bytes",)),
            type="newsletter",
            subtype="config",
        )
