"""What the generated pages list: the archive, every taxonomy node, and their years.

One mechanism for every taxonomy: a node's top page shows what it is, its
newest entries and its years; each year page lists all of that year's entries,
grouped by issue, newest first. The page data here are plain frozen records,
so a page's digest tells whether it must be written again.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from weakref import WeakKeyDictionary

from ..catalog import Catalog, Term
from ..config import newsletter_name, settings_of
from ..domain import catalog_of
from ..labels import _
from ..model import Issue, Recommendation, Sponsor
from ..slugs import name_slug
from ..taxonomies import BY_NAME, TAXONOMIES, tree_taxonomy
from ..text import excerpt
from . import weight
from .items import Entry, Group, IndexEntry, IssueCard, TermLink
from .paging import Sizes, Span, SpanLink, fill, spread, walk

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Overview pages list every term directly up to this many terms; past it, by initial.
OVERVIEW_LIMIT = 200


@dataclass(frozen=True)
class Page:
    """One generated page: its name, title, kind and everything it shows."""

    pagename: str
    title: str
    kind: str
    data: tuple[tuple[str, object], ...]

    @property
    def context(self) -> dict[str, object]:
        """The template context under ``nl``."""
        return {"kind": self.kind, **dict(self.data)}


def card(issue: Issue) -> IssueCard:
    """An issue's card."""
    return IssueCard(issue.number, issue.date, issue.headline, issue.description, issue.docname)


#: Columns of Our Take a listing shows per entry, and the most a page may spend on
#: excerpts: a year page of a region that holds everything (asia, 500 entries) shows
#: shorter excerpts, so no page passes the 400 KB limit at any archive size.
EXCERPT_WIDTH = 240
EXCERPT_BUDGET = 45_000
EXCERPT_MIN = 60


def excerpt_width(entries: int) -> int:
    """Columns of excerpt per entry on a page listing ``entries`` entries."""
    return max(EXCERPT_MIN, min(EXCERPT_WIDTH, EXCERPT_BUDGET // max(entries, 1)))


def entry(
    item: Recommendation | Sponsor, width: int = EXCERPT_WIDTH, archived: str | None = None
) -> Entry:
    """A listing entry for a recommendation or a sponsor block (``archived``: its
    archived copy)."""
    if isinstance(item, Sponsor):
        return Entry(
            "", item.name, item.url, (), None, None, excerpt(item.message, width), sponsored=True
        )
    return Entry(
        item.id,
        item.title,
        item.url,
        item.authors,
        item.publication,
        item.lang,
        excerpt(item.take, width),
        archived=archived,
    )


@dataclass
class _Made:
    """The entries and cards made from one catalog's records, by the record's id: the
    records live as long as the catalog, which the pages, not the catalog, keep this for."""

    entries: dict[tuple[int, int], Entry] = field(default_factory=dict)
    cards: dict[int, IssueCard] = field(default_factory=dict)


_MADE: WeakKeyDictionary[Catalog, _Made] = WeakKeyDictionary()


def _made(catalog: Catalog) -> _Made:
    made = _MADE.get(catalog)
    if made is None:
        made = _MADE[catalog] = _Made()
    return made


def entry_of(catalog: Catalog, item: Recommendation | Sponsor, width: int) -> Entry:
    """``entry(item, width)``, made once per build.

    A recommendation is listed on many pages, and weighed before it is: make each
    entry (and its excerpt) once.
    """
    entries = _made(catalog).entries
    key = (id(item), width)
    if key not in entries:
        archived = catalog.archived_copy(item) if isinstance(item, Recommendation) else None
        entries[key] = entry(item, width, archived)
    return entries[key]


def card_of(catalog: Catalog, issue: Issue) -> IssueCard:
    """``card(issue)``, made once per build: an issue heads groups on many pages."""
    cards = _made(catalog).cards
    if id(issue) not in cards:
        cards[id(issue)] = card(issue)
    return cards[id(issue)]


def grouped(catalog: Catalog, items: list[Recommendation | Sponsor]) -> tuple[Group, ...]:
    """Entries grouped by issue, keeping the items' order (newest issue first)."""
    width = excerpt_width(len(items))
    groups: list[tuple[Issue, list[Entry]]] = []
    for item in items:
        issue = catalog.by_docname[item.docname]
        if not groups or groups[-1][0] is not issue:
            groups.append((issue, []))
        groups[-1][1].append(entry_of(catalog, item, width))
    return tuple(Group(card_of(catalog, issue), tuple(entries)) for issue, entries in groups)


def initial(name: str) -> str:
    """The index letter of a name, sensible in scripts with and without case.

    Latin, Greek and Cyrillic names file under their first letter without
    accents; Hangul under its first consonant; kana under its hiragana;
    Han under its first character (the surname); anything else under ``#``.
    """
    for char in unicodedata.normalize("NFKC", name).strip():
        if "\uac00" <= char <= "\ud7a3":  # Hangul syllable: its leading consonant
            return "ᄀᄁᄂᄃᄄᄅᄆᄇᄈᄉᄊᄋᄌᄍᄎᄏᄐᄑᄒ"[(ord(char) - 0xAC00) // 588]
        if "\u30a1" <= char <= "\u30f6":  # katakana files with hiragana
            return chr(ord(char) - 0x60)
        base = unicodedata.normalize("NFKD", char)[0]
        if base.isalpha():
            return base.upper()
        if char.isdigit():
            return "#"
    return "#"


def initial_slug(letter: str) -> str:
    """The path segment of an initial's page (``_/a``); ``_`` is never in a slug."""
    return "_/" + ("0" if letter == "#" else letter.lower())


#: The size limit of a generated page (``newsletter_listing_max_bytes``).
MAX_BYTES = 400_000


@dataclass(frozen=True, slots=True)
class Shape:
    """How a node's listing is cut into pages: the settings ``paging.spread`` reads."""

    #: What each listed thing weighs, measured from the site's templates.
    weights: weight.Weights
    #: Entries a node's top page shows (``newsletter_listing_size``).
    size: int = 30
    #: The most a generated page may weigh, chrome included.
    max_bytes: int = MAX_BYTES
    #: The site's language, for naming months.
    language: str | None = None


def issue_month(catalog: Catalog, item: Issue | Recommendation | Sponsor) -> tuple[int, int]:
    """(year, month) of an item's issue: where its listing pages file it."""
    date = catalog.by_docname[item.docname].date
    return date.year, date.month


def entry_sizes(catalog: Catalog, shape: Shape) -> Sizes[Recommendation | Sponsor]:
    """How pages of recommendations (or sponsor blocks) are weighed."""

    def item(this: Recommendation | Sponsor, previous: Recommendation | Sponsor | None) -> int:
        # At the widest excerpt: a page cut into parts shows no wider one.
        issue = card_of(catalog, catalog.by_docname[this.docname])
        size = shape.weights.entry_bytes(entry_of(catalog, this, EXCERPT_WIDTH), issue)
        if previous is None or previous.docname != this.docname:
            size += shape.weights.card_bytes(issue)
        return size

    return Sizes(
        weight.budget(shape.max_bytes),
        lambda items: shape.weights.groups_bytes(grouped(catalog, list(items))),
        item,
    )


def card_sizes(catalog: Catalog, shape: Shape) -> Sizes[Issue]:
    """How archive pages (issue cards) are weighed."""

    def item(this: Issue, previous: Issue | None) -> int:
        return shape.weights.issue_card_bytes(card_of(catalog, this))

    return Sizes(
        weight.budget(shape.max_bytes),
        lambda items: weight.PAGE_MARKUP + sum(item(issue, None) for issue in items),
        item,
    )


def span_data(
    span: Span[Any], parent: Span[Any] | None, older: SpanLink | None, newer: SpanLink | None
) -> tuple[tuple[str, object], ...]:
    """What every page below a node's top page shows of its place: where it sits,
    what it splits into, and its two siblings, without their counts: a past page
    changes once, when its next sibling appears, and never after."""
    up = parent and SpanLink(parent.pagename, parent.link.label, parent.link.year, 0, 0, 0)
    return (
        ("year", span.link.year),
        ("heading", span.link.label),
        ("total", span.link.count),
        ("children", span.link.children),
        ("up", up),
        ("previous", older),
        ("next", newer),
    )


def archive_pages(catalog: Catalog, shape: Shape) -> list[Page]:
    """``archive/`` (the newest issues and every year) and the pages below it."""
    newest_first = list(reversed(catalog.issues))
    spans = spread(
        "archive",
        newest_first,
        # Every year has its page however few issues there are: each issue page's
        # sidebar links its year's (``nl-sidebar-nav.html``), and a past issue page
        # must not change the day the archive outgrows its top page.
        size=0,
        date_of=lambda issue: issue_month(catalog, issue),
        sizes=card_sizes(catalog, shape),
        language=shape.language,
    )
    pages = [
        Page(
            "archive",
            _("Archive"),
            "archive",
            (
                ("issues", tuple(card(i) for i in newest_first[: shape.size])),
                ("years", tuple(span.link for span in spans)),
                ("total", len(newest_first)),
            ),
        )
    ]
    for span, parent, older, newer in walk(spans):
        pages.append(
            Page(
                span.pagename,
                _("Archive: {year}", year=span.link.label),
                "archive-year",
                (
                    *span_data(span, parent, older, newer),
                    ("issues", tuple(card(i) for i in span.items)),
                    ("newer", "archive"),
                ),
            )
        )
    return pages


def term_links(terms: list[Term]) -> tuple[TermLink, ...]:
    """Links to terms sorted by name (case-insensitive, then as written)."""
    ordered = sorted(
        terms, key=lambda t: (unicodedata.normalize("NFKC", t.name).casefold(), t.slug)
    )
    return tuple(TermLink(t.pagename, t.name, len(t.entries)) for t in ordered)


def region_rows(catalog: Catalog) -> tuple[tuple[int, TermLink], ...]:
    """The region tree flattened depth-first, as (depth, link) rows."""
    terms = catalog.taxonomies[tree_taxonomy().name]
    rows: list[tuple[int, TermLink]] = []

    def walk(region_id: str, depth: int) -> None:
        term = terms[region_id]
        rows.append((depth, TermLink(term.pagename, term.name, len(term.entries))))
        for child in catalog.regions[region_id].children:
            walk(child, depth + 1)

    for root in catalog.regions.roots:
        walk(root.id, 0)
    return tuple(rows)


def initial_parts(
    taxonomy: str, order: list[str], letters: dict[str, list[TermLink]], shape: Shape
) -> list[tuple[str, str, str, tuple[TermLink, ...]]]:
    """Each initial's page as (letter, label, page, names); an initial past the size
    limit is cut into parts in name order: ``authors/_/s/``, then ``authors/_/s/2/``."""
    sizes: Sizes[TermLink] = Sizes(
        weight.budget(shape.max_bytes),
        lambda names: weight.PAGE_MARKUP + sum(map(shape.weights.term_link_bytes, names)),
        lambda name, _previous: shape.weights.term_link_bytes(name),
    )
    return [
        (
            letter,
            letter if k == 1 else f"{letter} {k}",
            f"{taxonomy}/{initial_slug(letter)}" + ("" if k == 1 else f"/{k}"),
            tuple(part),
        )
        for letter in order
        for k, part in enumerate(fill(letters[letter], sizes), 1)
    ]


def taxonomy_pages(catalog: Catalog, taxonomy: str, shape: Shape) -> list[Page]:
    """The overview, initial, top and year pages of one taxonomy."""
    terms = catalog.taxonomies[taxonomy]
    title = _(BY_NAME[taxonomy].title)
    pages: list[Page] = []
    if BY_NAME[taxonomy].tree:
        pages.append(
            Page(
                taxonomy,
                title,
                "overview",
                (
                    ("taxonomy", taxonomy),
                    ("tree", region_rows(catalog)),
                ),
            )
        )
    else:
        links = term_links(list(terms.values()))
        if len(links) <= OVERVIEW_LIMIT:
            pages.append(
                Page(
                    taxonomy,
                    title,
                    "overview",
                    (
                        ("taxonomy", taxonomy),
                        ("terms", links),
                    ),
                )
            )
        else:
            letters: dict[str, list[TermLink]] = defaultdict(list)
            for link in links:
                letters[initial(link.name)].append(link)
            order = sorted(letters, key=lambda letter: (letter == "#", letter))
            parts = initial_parts(taxonomy, order, letters, shape)
            pages.append(
                Page(
                    taxonomy,
                    title,
                    "overview",
                    (
                        ("taxonomy", taxonomy),
                        (
                            "initials",
                            tuple((label, page, len(names)) for _, label, page, names in parts),
                        ),
                    ),
                )
            )
            # Each letter's page links the letters that exist (no counts: a page
            # changes only with its own terms, or when a letter comes or goes).
            bar = tuple((letter, f"{taxonomy}/{initial_slug(letter)}", None) for letter in order)
            for letter, label, page, names in parts:
                pages.append(
                    Page(
                        page,
                        _("{index}: {letter}", index=title, letter=label),
                        "initial",
                        (
                            ("taxonomy", taxonomy),
                            ("letter", letter),
                            ("letters", bar),
                            ("terms", names),
                        ),
                    )
                )
    for term in terms.values():
        pages.extend(term_pages(catalog, term, shape))
    return pages


def term_pages(catalog: Catalog, term: Term, shape: Shape) -> list[Page]:
    """A term's top page (newest entries, every page below it) and the pages below it."""
    sizes = entry_sizes(catalog, shape)
    # The newest ``size`` entries, or fewer if they would pass the size limit (titles
    # and names of 10 KB each): the top page is under it like every other.
    newest = fill(term.entries[: shape.size], sizes)[0] if term.entries else []
    spans = spread(
        term.pagename,
        term.entries,
        size=len(newest),
        date_of=lambda item: issue_month(catalog, item),
        sizes=sizes,
        language=shape.language,
    )
    about: tuple[tuple[str, object], ...] = ()
    if BY_NAME[term.taxonomy].tree:
        region = catalog.regions[term.slug]
        regions = catalog.taxonomies[term.taxonomy]

        def link(rid: str) -> TermLink:
            return TermLink(regions[rid].pagename, regions[rid].name, len(regions[rid].entries))

        above = regions[region.parent] if region.parent else None
        about = (
            ("parent", above and TermLink(above.pagename, above.name, 0)),
            ("children", tuple(link(child) for child in region.children)),
        )
    label = _(BY_NAME[term.taxonomy].label)
    pages = [
        Page(
            term.pagename,
            f"{term.name}",
            "term",
            (
                ("taxonomy", term.taxonomy),
                ("label", label),
                ("name", term.name),
                ("total", len(term.entries)),
                ("groups", grouped(catalog, newest)),
                ("years", tuple(span.link for span in spans)),
                *about,
            ),
        )
    ]
    for span, parent, older, newer in walk(spans):
        pages.append(
            Page(
                span.pagename,
                f"{term.name}: {span.link.label}",
                "term-year",
                (
                    ("taxonomy", term.taxonomy),
                    ("label", label),
                    ("name", term.name),
                    ("top", term.pagename),
                    *span_data(span, parent, older, newer),
                    ("groups", grouped(catalog, list(span.items))),
                    ("newer", term.pagename),
                ),
            )
        )
    return pages


def all_pages(catalog: Catalog, shape: Shape) -> list[Page]:
    """Every generated page of the archive."""
    pages = archive_pages(catalog, shape)
    for taxonomy in TAXONOMIES:
        pages.extend(taxonomy_pages(catalog, taxonomy.name, shape))
    return pages


#: A link of Sphinx's index: (main, uri); the uri is False only where the builder has
#: no page for the document, which a web builder always has.
_SphinxIndexLink = tuple[str | None, str | Literal[False]]
#: What ``IndexEntries.create_index`` returns: (letter, entries) pairs, each entry
#: ``(name, (links, sub-entries, category))``.
SphinxIndex = Sequence[
    tuple[
        str,
        Sequence[
            tuple[
                str,
                tuple[
                    list[_SphinxIndexLink],
                    list[tuple[str, list[_SphinxIndexLink]]],
                    str | None,
                ],
            ]
        ],
    ]
]


def _index_links(links: list[_SphinxIndexLink]) -> tuple[tuple[bool, str], ...]:
    return tuple((bool(main), uri) for main, uri in links if uri is not False)


def index_parts(
    sections: list[tuple[str, tuple[IndexEntry, ...]]], shape: Shape
) -> list[tuple[str, str, tuple[IndexEntry, ...]]]:
    """Each letter's page as (label, page, entries); a letter past the size limit is cut
    into parts in alphabetical order: ``genindex-S``, then ``genindex-S-2`` (label ``S 2``)."""
    weights = shape.weights
    # Every letter's page shows the bar of letters, each linking its first page.
    bar = weights.index_bar_bytes([(key, _index_page(key, 1)) for key, _entries in sections])
    sizes: Sizes[IndexEntry] = Sizes(
        weight.budget(shape.max_bytes),
        lambda entries: weight.PAGE_MARKUP + bar + sum(map(weights.index_entry_bytes, entries)),
        lambda entry, _previous: weights.index_entry_bytes(entry),
    )
    return [
        (
            key if k == 1 else f"{key} {k}",
            _index_page(key, k),
            part,
        )
        for key, entries in sections
        for k, part in enumerate(map(tuple, fill(entries, sizes)), 1)
    ]


def _index_page(key: str, part: int) -> str:
    # The key is contributor text (a glossary term's ``: key``, an index entry).
    return f"genindex-{name_slug(key)}" + ("" if part == 1 else f"-{part}")


def index_pages(genindex: SphinxIndex, split: bool, shape: Shape) -> list[Page]:
    """Sphinx's general index (issues, recommendations, regions) as generated pages.

    ``genindex`` is what ``IndexEntries.create_index`` returns: (letter, entries)
    pairs, each entry ``(name, (links, sub-entries, category))`` with links relative
    to ``genindex``, so they hold on every index page (all sit at its depth). Split
    (``html_split_index``, the kit's default) there is an overview of the letters and a
    page per letter, under the names Sphinx gives them; otherwise one page.
    """
    sections: list[tuple[str, tuple[IndexEntry, ...]]] = [
        (
            key,
            tuple(
                (
                    name,
                    _index_links(links),
                    tuple((sub, _index_links(sublinks)) for sub, sublinks in subentries),
                )
                for name, (links, subentries, _category) in entries
            ),
        )
        for key, entries in genindex
    ]
    if not split:
        letters: tuple[tuple[str, str | None, int], ...] = tuple(
            (key, None, len(entries)) for key, entries in sections
        )
        return [
            Page("genindex", _("Index"), "index", (("letters", letters), ("sections", sections)))
        ]
    parts = index_parts(sections, shape)
    letters = tuple((key, page, len(entries)) for key, page, entries in parts)
    pages = [Page("genindex", _("Index"), "index-letters", (("letters", letters),))]
    # A letter's page links the others without counts: it changes only with its own
    # entries, or when a letter comes or goes, not with every issue added.
    jump = tuple((key, page, None) for key, page, _count in letters)
    for key, page, entries in parts:
        pages.append(
            Page(
                page,
                _("Index: {letter}", letter=key),
                "index",
                (("letter", key), ("letters", jump), ("sections", ((key, entries),))),
            )
        )
    return pages


@dataclass(frozen=True, slots=True)
class HomeData:
    """What the home page shows of the archive (compared to know when to re-write it)."""

    #: the site's name
    name: str
    #: the latest issue's card, its cover image and the image's text
    latest: IssueCard | None
    image: str | None
    image_alt: str | None
    #: the latest issue's recommendations as (id, title, lang)
    recommendations: tuple[tuple[str, str, str | None], ...]
    #: the cards of the issues before it
    recent: tuple[IssueCard, ...]
    #: the region tree's rows
    regions: tuple[tuple[int, TermLink], ...]


def home_data(env: BuildEnvironment) -> HomeData:
    """What the home page shows of the archive: the latest issue, recent ones, regions."""
    catalog = catalog_of(env)
    issues = list(reversed(catalog.issues))
    latest = issues[0] if issues else None
    recs = (
        tuple((r.id, r.title, r.lang) for r in catalog.recommendations(latest.docname))
        if latest
        else ()
    )
    recent = tuple(card(i) for i in issues[1 : 1 + settings_of(env.config).recent_issues])
    return HomeData(
        name=newsletter_name(env.config),
        latest=card(latest) if latest else None,
        image=latest.image if latest else None,
        image_alt=latest.image_alt if latest else None,
        recommendations=recs,
        recent=recent,
        regions=region_rows(catalog),
    )


def listing_view(env: BuildEnvironment, target: str) -> object:
    """The data a listing placeholder shows, for knowing when to re-write its page."""
    if target == "home":
        return home_data(env)
    return None
