"""What the generated pages list: the archive, every taxonomy node, and their years.

One mechanism for every taxonomy: a node's top page shows what it is, its
newest entries and its years; each year page lists all of that year's entries,
grouped by issue, newest first. The page data here are plain frozen records,
so a page's digest tells whether it must be written again.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..catalog import Catalog, Term
from ..config import newsletter_name
from ..domain import catalog_of
from ..labels import _
from ..model import Issue, Recommendation, Sponsor
from ..taxonomies import BY_NAME, TAXONOMIES
from ..urls import year_page
from .text import excerpt

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

#: Overview pages list every term directly up to this many terms; past it, by initial.
OVERVIEW_LIMIT = 200


@dataclass(frozen=True, slots=True)
class IssueCard:
    """An issue as listings show it."""

    number: int
    date: dt.date
    headline: str
    description: str
    docname: str


@dataclass(frozen=True, slots=True)
class Entry:
    """A recommendation (or a sponsor block) as a listing shows it."""

    anchor: str
    title: str
    url: str | None
    authors: tuple[str, ...]
    publication: str | None
    lang: str | None
    excerpt: str
    sponsored: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """The entries of one issue on a listing page."""

    issue: IssueCard
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class TermLink:
    """A link to a term's page, with how many entries it holds."""

    pagename: str
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class YearLink:
    """A link to a year page, with how many entries (or issues) it holds."""

    pagename: str
    year: int
    count: int


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


def entry(item: Recommendation | Sponsor, width: int = EXCERPT_WIDTH) -> Entry:
    """A listing entry for a recommendation or a sponsor block."""
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
    )


def grouped(catalog: Catalog, items: list[Recommendation | Sponsor]) -> tuple[Group, ...]:
    """Entries grouped by issue, keeping the items' order (newest issue first)."""
    width = excerpt_width(len(items))
    # A recommendation is listed on many pages, an issue heads groups on many more:
    # make each entry (and its excerpt) and each card once per build.
    cache = catalog.memo
    groups: list[tuple[Issue, list[Entry]]] = []
    for item in items:
        issue = catalog.by_docname[item.docname]
        if not groups or groups[-1][0] is not issue:
            groups.append((issue, []))
        made = cache.get(("entry", id(item), width))
        if made is None:
            made = cache["entry", id(item), width] = entry(item, width)
        groups[-1][1].append(made)
    out = []
    for issue, entries in groups:
        made = cache.get(("card", id(issue)))
        if made is None:
            made = cache["card", id(issue)] = card(issue)
        out.append(Group(made, tuple(entries)))
    return tuple(out)


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


def by_year(catalog: Catalog, items: list) -> dict[int, list]:
    """Items by the year of their issue, keeping their order."""
    years: dict[int, list] = defaultdict(list)
    for item in items:
        years[catalog.by_docname[item.docname].year].append(item)
    return years


def year_links(base: str, years: dict[int, list]) -> tuple[YearLink, ...]:
    """Links to a node's year pages, newest year first."""
    return tuple(
        YearLink(year_page(base, year), year, len(items))
        for year, items in sorted(years.items(), reverse=True)
    )


def _older_year(links: tuple[YearLink, ...], year: int) -> YearLink | None:
    """The year before ``year`` that has entries, without its count.

    A year page links only what its past holds, and "newer" is always the node's
    top page: a later year getting its first entry, or a count changing, never
    changes a past year's page.
    """
    older = [link for link in links if link.year < year]
    newest = max(older, key=lambda link: link.year, default=None)
    return newest and YearLink(newest.pagename, newest.year, 0)


def archive_pages(catalog: Catalog, size: int) -> list[Page]:
    """``archive/`` (the newest issues and every year) and ``archive/<year>/``."""
    newest_first = list(reversed(catalog.issues))
    years = by_year(catalog, newest_first)
    links = year_links("archive", years)
    pages = [
        Page(
            "archive",
            _("Archive"),
            "archive",
            (
                ("issues", tuple(card(i) for i in newest_first[:size])),
                ("years", links),
                ("total", len(newest_first)),
            ),
        )
    ]
    for year, issues in years.items():
        pages.append(
            Page(
                year_page("archive", year),
                _("Archive: {year}", year=year),
                "archive-year",
                (
                    ("year", year),
                    ("issues", tuple(card(i) for i in issues)),
                    ("previous", _older_year(links, year)),
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
    terms = catalog.taxonomies["regions"]
    rows: list[tuple[int, TermLink]] = []

    def walk(region_id: str, depth: int) -> None:
        term = terms[region_id]
        rows.append((depth, TermLink(term.pagename, term.name, len(term.entries))))
        for child in catalog.regions[region_id].children:
            walk(child, depth + 1)

    for root in catalog.regions.roots:
        walk(root.id, 0)
    return tuple(rows)


def taxonomy_pages(catalog: Catalog, taxonomy: str, size: int) -> list[Page]:
    """The overview, initial, top and year pages of one taxonomy."""
    terms = catalog.taxonomies[taxonomy]
    title = _(BY_NAME[taxonomy].title)
    pages: list[Page] = []
    if BY_NAME[taxonomy].tree:
        pages.append(
            Page(
                "regions",
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
            pages.append(
                Page(
                    taxonomy,
                    title,
                    "overview",
                    (
                        ("taxonomy", taxonomy),
                        (
                            "initials",
                            tuple(
                                (letter, f"{taxonomy}/{initial_slug(letter)}", len(letters[letter]))
                                for letter in order
                            ),
                        ),
                    ),
                )
            )
            # Each letter's page links the letters that exist (no counts: a page
            # changes only with its own terms, or when a letter comes or goes).
            bar = tuple((letter, f"{taxonomy}/{initial_slug(letter)}", None) for letter in order)
            for letter in order:
                pages.append(
                    Page(
                        f"{taxonomy}/{initial_slug(letter)}",
                        _("{index}: {letter}", index=title, letter=letter),
                        "initial",
                        (
                            ("taxonomy", taxonomy),
                            ("letter", letter),
                            ("letters", bar),
                            ("terms", tuple(letters[letter])),
                        ),
                    )
                )
    for term in terms.values():
        pages.extend(term_pages(catalog, term, size))
    return pages


def term_pages(catalog: Catalog, term: Term, size: int) -> list[Page]:
    """A term's top page (newest entries, years) and one page per year."""
    years = by_year(catalog, term.entries)
    links = year_links(term.pagename, years)
    about: tuple[tuple[str, object], ...] = ()
    if BY_NAME[term.taxonomy].tree:
        region = catalog.regions[term.slug]
        regions = catalog.taxonomies["regions"]

        def link(rid: str) -> TermLink:
            return TermLink(regions[rid].pagename, regions[rid].name, len(regions[rid].entries))

        parent = regions[region.parent] if region.parent else None
        about = (
            ("parent", parent and TermLink(parent.pagename, parent.name, 0)),
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
                ("groups", grouped(catalog, term.entries[:size])),
                ("years", links),
                *about,
            ),
        )
    ]
    for year, items in years.items():
        pages.append(
            Page(
                year_page(term.pagename, year),
                f"{term.name}: {year}",
                "term-year",
                (
                    ("taxonomy", term.taxonomy),
                    ("label", label),
                    ("name", term.name),
                    ("top", term.pagename),
                    ("year", year),
                    ("total", len(items)),
                    ("groups", grouped(catalog, items)),
                    ("previous", _older_year(links, year)),
                    ("newer", term.pagename),
                ),
            )
        )
    return pages


def all_pages(catalog: Catalog, size: int) -> list[Page]:
    """Every generated page of the archive."""
    pages = archive_pages(catalog, size)
    for taxonomy in TAXONOMIES:
        pages.extend(taxonomy_pages(catalog, taxonomy.name, size))
    return pages


#: One general-index entry as the index pages show it: its name, its links
#: ((main, uri) pairs) and its sub-entries ((name, links) pairs).
IndexEntry = tuple[str, tuple[tuple[bool, str], ...], tuple[tuple[str, tuple], ...]]


def _index_links(links: list) -> tuple[tuple[bool, str], ...]:
    return tuple((bool(main), uri) for main, uri in links)


def index_pages(genindex: list, split: bool) -> list[Page]:
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
        letters = tuple((key, None, len(entries)) for key, entries in sections)
        return [
            Page("genindex", _("Index"), "index", (("letters", letters), ("sections", sections)))
        ]
    letters = tuple((key, f"genindex-{key}", len(entries)) for key, entries in sections)
    pages = [Page("genindex", _("Index"), "index-letters", (("letters", letters),))]
    # A letter's page links the others without counts: it changes only with its own
    # entries, or when a letter comes or goes, not with every issue added.
    jump = tuple((key, page, None) for key, page, _count in letters)
    for key, entries in sections:
        pages.append(
            Page(
                f"genindex-{key}",
                _("Index: {letter}", letter=key),
                "index",
                (("letter", key), ("letters", jump), ("sections", ((key, entries),))),
            )
        )
    return pages


def home_data(env: BuildEnvironment) -> tuple:
    """What the home page shows of the archive: the latest issue, recent ones, regions."""
    catalog = catalog_of(env)
    issues = list(reversed(catalog.issues))
    latest = issues[0] if issues else None
    recs = (
        tuple((r.id, r.title, r.lang) for r in catalog.recommendations(latest.docname))
        if latest
        else ()
    )
    recent = tuple(card(i) for i in issues[1 : 1 + env.config.newsletter_recent_issues])
    return (
        newsletter_name(env.config),
        latest and card(latest),
        latest and latest.image,
        latest and latest.image_alt,
        recs,
        recent,
        region_rows(catalog),
    )


def listing_view(env: BuildEnvironment, target: str) -> object:
    """The data a listing placeholder shows, for knowing when to re-write its page."""
    if target == "home":
        return home_data(env)
    return None
