"""What a listing page will weigh, estimated from its data before it is rendered.

The estimate decides whether a year or month needs pages of its own
(``paging.py``), so it must be cheap (thousands of nodes, every build), depend
only on the page's data (so every build decides alike), and never fall short of
the page the templates write.

Each listed thing (an entry, an issue's group or card, a linked name, an index
entry, link or letter) weighs its markup plus each of its fields' escaped UTF-8
bytes times the number of times the templates write that field. Both numbers are
measured, not kept by hand: ``measure`` renders the site's own ``nl-listing.html``
once with one probe item more than before, every field a distinct marker, and
reads the difference (so a site's override of the templates is weighed as it
writes). Links are measured at a relative prefix deeper than any generated page's.
Only the theme around a listing (``CHROME_BYTES``) and a page's own lines
(``PAGE_MARKUP``) stay fixed allowances: they hold labels and names whose length
the listing's items don't decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import escape
from sphinx.util import logging

from ..config import settings_of
from ..conflines import ConfLines
from .items import Entry, Group, IndexEntry, IssueCard, TermLink

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The theme's page around a listing (header, sidebar, scripts, footer), which the
#: size limit counts but the listing does not hold: about 12 KB on the repository's
#: own site and on a generated archive of 300 issues, with room for a bigger theme.
CHROME_BYTES = 32_000
#: A page's own lines: its heading, navigation, summary.
PAGE_MARKUP = 2_000
#: Folders above the deepest generated page (``regions/<slug>/<year>/<month>/<part>/``
#: is five): links are weighed at this many ``../``.
DEEPEST = 8


def text_bytes(text: str | None) -> int:
    """Bytes of ``text`` once escaped and encoded, as the page holds it."""
    return len(str(escape(text)).encode("utf-8")) if text else 0


@dataclass(frozen=True, slots=True)
class Linear:
    """A listed thing's weight: its markup, and how often each field is written."""

    markup: int
    uses: Mapping[str, int] = field(default_factory=dict)

    def weigh(self, fields: Mapping[str, str | None]) -> int:
        """Bytes of one item whose fields are ``fields`` (by name)."""
        return self.markup + sum(n * text_bytes(fields.get(name)) for name, n in self.uses.items())

    def less(self, other: Linear) -> Linear:
        """This weight without ``other``'s (the part one render holds inside another)."""
        names = set(self.uses) | set(other.uses)
        uses = {n: self.uses.get(n, 0) - other.uses.get(n, 0) for n in names}
        return Linear(self.markup - other.markup, {n: k for n, k in uses.items() if k})

    def most(self, other: Linear) -> Linear:
        """The larger of the two in markup and in every field's uses."""
        names = set(self.uses) | set(other.uses)
        uses = {n: max(self.uses.get(n, 0), other.uses.get(n, 0)) for n in names}
        return Linear(max(self.markup, other.markup), uses)


def _card_fields(card: IssueCard) -> dict[str, str | None]:
    return {"headline": card.headline, "docname": card.docname, "description": card.description}


def _entry_fields(entry: Entry) -> dict[str, str | None]:
    return {
        "anchor": entry.anchor,
        "title": entry.title,
        "url": entry.url,
        "publication": entry.publication,
        "lang": entry.lang,
        "excerpt": entry.excerpt,
    }


@dataclass(frozen=True, slots=True)
class Weights:
    """What each listed thing adds to a generated page, measured by ``measure``."""

    #: one entry with every optional part shown, with one author
    entry: Linear
    #: each further author (its separator, and the field ``author``)
    author: Linear
    #: one issue's group of entries on a listing, less its entries
    group: Linear
    #: one issue's card on an archive page
    card: Linear
    #: one linked name on an overview or initial page
    term: Linear
    #: one general-index entry with one link and no sub-entry
    index_entry: Linear
    #: each further link of an index entry
    index_link: Linear
    #: one sub-entry (with one link) of an index entry
    index_sub: Linear
    #: one letter in the general index's bar of letters
    index_letter: Linear
    _entries: dict[tuple[Entry, IssueCard], int] = field(default_factory=dict, compare=False)

    def entry_bytes(self, entry: Entry, card: IssueCard) -> int:
        """The most one entry of ``card``'s issue can weigh on a listing page."""
        # An entry is weighed for its year, its month and its part, on every node it is
        # filed under: weigh each once (a build's weights live as long as the build).
        key = (entry, card)
        size = self._entries.get(key)
        if size is None:
            # The first author is weighed with the entry, each further one on its own.
            first, *others = entry.authors or ("",)
            size = self.entry.weigh(_entry_fields(entry) | _card_fields(card) | {"author": first})
            size += sum(self.author.weigh({"author": a}) for a in others)
            self._entries[key] = size
        return size

    def card_bytes(self, card: IssueCard) -> int:
        """The most an issue's group (less its entries) weighs on a listing."""
        return self.group.weigh(_card_fields(card))

    def issue_card_bytes(self, card: IssueCard) -> int:
        """The most an issue's card on an archive page weighs (with its description)."""
        return self.card.weigh(_card_fields(card))

    def groups_bytes(self, groups: Sequence[Group]) -> int:
        """The most a listing of these groups weighs, with its page's own lines."""
        return PAGE_MARKUP + sum(
            self.card_bytes(g.issue) + sum(self.entry_bytes(e, g.issue) for e in g.entries)
            for g in groups
        )

    def term_link_bytes(self, link: TermLink) -> int:
        """The most one linked name (with its count) weighs on an initial's page."""
        return self.term.weigh({"name": link.name, "pagename": link.pagename})

    def index_entry_bytes(self, entry: IndexEntry) -> int:
        """The most one general-index entry (with its links and sub-entries) weighs."""
        name, links, subentries = entry
        return (
            self.index_entry.weigh({"name": name, "uri": links[0][1] if links else None})
            + sum(self.index_link.weigh({"uri": uri}) for _main, uri in links[1:])
            + sum(
                self.index_sub.weigh({"name": sub, "uri": sublinks[0][1] if sublinks else None})
                + sum(self.index_link.weigh({"uri": uri}) for _main, uri in sublinks[1:])
                for sub, sublinks in subentries
            )
        )

    def index_bar_bytes(self, letters: Sequence[tuple[str, str]]) -> int:
        """The most the bar of letters (key, page) weighs on every letter's page."""
        return sum(self.index_letter.weigh({"key": k, "pagename": p}) for k, p in letters)


# Field markers: plain letters, which escaping leaves alone and no template writes.
def _marker(name: str) -> str:
    return f"qzq{name}qzq"


# The longest month's name in English, on a two-digit day, for dates written long.
_DATE = dt.date(2999, 9, 30)
_COUNT = 999_999


class _Probe:
    """Renders ``nl-listing.html`` for one page's context, links at the deepest prefix."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.template = environment.get_template("nl-listing.html")

    def render(self, kind: str, **context: Any) -> str:
        def pathto(target: str, resource: bool = False) -> str:
            return "../" * DEEPEST + target + "/"

        return self.template.render(
            nl={"kind": kind, **context}, title="", pathto=pathto, feed=None
        )

    def difference(self, before: str, after: str, names: Sequence[str]) -> Linear:
        """What ``after`` adds to ``before``: markup, and uses of each named marker."""
        uses = {n: after.count(_marker(n)) - before.count(_marker(n)) for n in names}
        added = len(after.encode("utf-8")) - len(before.encode("utf-8"))
        markup = added - sum(k * len(_marker(n)) for n, k in uses.items())
        return Linear(markup, {n: k for n, k in uses.items() if k})


_CARD_NAMES = ("headline", "docname", "description")
_ENTRY_NAMES = ("anchor", "title", "url", "publication", "lang", "excerpt", "author")


def _probe_card(plain: bool = False) -> IssueCard:
    mark: Callable[[str], str] = (lambda n: "x") if plain else _marker
    return IssueCard(_COUNT, _DATE, mark("headline"), mark("description"), mark("docname"))


def _probe_entry(authors: int = 1, sponsored: bool = False, plain: bool = False) -> Entry:
    mark: Callable[[str], str] = (lambda n: "x") if plain else _marker
    return Entry(
        anchor=mark("anchor"),
        title=mark("title"),
        url=mark("url"),
        authors=tuple(mark("author") for _ in range(authors)),
        publication=mark("publication"),
        lang=mark("lang"),
        excerpt=mark("excerpt"),
        sponsored=sponsored,
    )


def measure(environment: jinja2.Environment) -> Weights:
    """Each listed thing's weight, from one render of the templates with it and without."""
    probe = _Probe(environment)
    names = (*_CARD_NAMES, *_ENTRY_NAMES)

    def listing(*groups: Group) -> str:
        return probe.render(
            "term-year", groups=groups, total=1, heading="", name="", label="", top="x"
        )

    plain, card = _probe_entry(plain=True), _probe_card()
    alone = listing(Group(card, (plain,)))
    entry, author = Linear(0), Linear(0)
    for sponsored in (False, True):
        one_author = listing(Group(card, (plain, _probe_entry(1, sponsored))))
        two_authors = listing(Group(card, (plain, _probe_entry(2, sponsored))))
        entry = entry.most(probe.difference(alone, one_author, names))
        author = author.most(probe.difference(one_author, two_authors, names))
    group = probe.difference(
        listing(Group(_probe_card(plain=True), (plain,))),
        listing(Group(_probe_card(plain=True), (plain,)), Group(card, (_probe_entry(),))),
        names,
    ).less(entry)

    first = _probe_card(plain=True)
    cards = probe.difference(
        probe.render("archive-year", issues=(first,), heading=""),
        probe.render("archive-year", issues=(first, card), heading=""),
        _CARD_NAMES,
    )

    link_names = ("name", "pagename")
    plain_term = TermLink("x", "x", _COUNT)
    term = TermLink(_marker("pagename"), _marker("name"), _COUNT)
    terms = probe.difference(
        probe.render("initial", terms=(plain_term,)),
        probe.render("initial", terms=(plain_term, term)),
        link_names,
    )

    index_names = ("name", "uri", "key", "pagename")

    def index(*entries: IndexEntry, letters: int = 1) -> str:
        bar = tuple((_marker("key"), _marker("pagename"), _COUNT) for _ in range(letters))
        return probe.render("index", letters=bar, letter=None, sections=(("x", entries),))

    plain_entry: IndexEntry = ("x", ((True, "x"),), ())
    one: IndexEntry = (_marker("name"), ((True, _marker("uri")),), ())
    two_links: IndexEntry = (_marker("name"), ((True, _marker("uri")),) * 2, ())
    with_sub: IndexEntry = (
        _marker("name"),
        ((True, _marker("uri")),),
        ((_marker("name"), ((True, _marker("uri")),)),),
    )
    index_entry = probe.difference(index(plain_entry), index(plain_entry, one), index_names)
    return Weights(
        entry=entry,
        author=author,
        group=group,
        card=cards,
        term=terms,
        index_entry=index_entry,
        index_link=probe.difference(index(one), index(two_links), index_names),
        # A lone sub-entry adds its list too: each further one weighs less.
        index_sub=probe.difference(index(one), index(with_sub), index_names),
        index_letter=probe.difference(index(), index(letters=2), index_names),
    )


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
