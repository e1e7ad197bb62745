"""How a node's entries spread over pages: its top page alone, or years, months and parts.

A node (a taxonomy's term, or the archive) whose entries all fit on its top page
(at most ``newsletter_listing_size``) has no other page: a year page would only
repeat it. Past that, every year with entries has a page. A year whose page would
pass the size limit lists its months instead, each with its own page, and a month
that would still pass it is cut into parts, filled oldest first.

Every decision depends only on the entries of the page it makes and on the
configuration, never on later years, so a past year or month, once written,
changes once more, when its next sibling appears (to link it), and never after;
and ``-j 2``, incremental and clean builds decide alike. A year page's address
keeps working when the year splits: it becomes the index of its months. The top
page links every page here, so every entry is at most two clicks from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Generic, TypeVar

from ..urls import month_label, month_page, part_page, year_page

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class SpanLink:
    """A link to one page of a node below its top page, with how many entries it holds.

    ``month`` is 0 for a year's page, ``part`` 0 for a whole year or month;
    ``children`` are the months of a split year, or the parts of a split month,
    newest first.
    """

    pagename: str
    label: str
    year: int
    month: int
    part: int
    count: int
    children: tuple[SpanLink, ...] = ()


@dataclass(frozen=True, slots=True)
class Span(Generic[T]):
    """One page below a node's top page: where it is and what it lists, newest first.

    A split year or month lists no items itself: its ``children`` do.
    """

    link: SpanLink
    items: tuple[T, ...]
    children: tuple[Span[T], ...] = ()

    @property
    def pagename(self) -> str:
        """The page's name (``regions/world/2025/03``)."""
        return self.link.pagename


@dataclass(frozen=True, slots=True)
class Sizes(Generic[T]):
    """How a node's pages are measured: in estimated bytes, before they are rendered."""

    #: The most a page's listing may weigh (the size limit less the theme's chrome).
    budget: int
    #: The weight of a page listing these items (newest first).
    page: Callable[[Sequence[T]], int]
    #: The most one item can add to any page of the node, given the item listed
    #: before it on that page (None: it is the page's first).
    item: Callable[[T, T | None], int]


def _runs(items: Sequence[T], key: Callable[[T], int]) -> Iterator[tuple[int, list[T]]]:
    """Consecutive items with the same key (a year, a month), in their order."""
    return ((value, list(run)) for value, run in groupby(items, key))


def fill(items: Sequence[T], sizes: Sizes[T]) -> list[list[T]]:
    """``items`` cut, in their order, into pages within the budget: each filled before
    the next begins, and holding at least one item, whatever it weighs."""
    parts: list[list[T]] = []
    empty = sizes.page(())
    used = 0
    previous: T | None = None
    for item in items:
        weight = sizes.item(item, previous if parts else None)
        if not parts or used + weight > sizes.budget:
            weight = sizes.item(item, None)
            parts.append([])
            used = empty
        parts[-1].append(item)
        used += weight
        previous = item
    return parts


def _parts(items: Sequence[T], sizes: Sizes[T]) -> list[list[T]]:
    """``items`` (newest first) cut into pages, filled oldest first, each newest first.

    Filling from the oldest means a new issue only ever adds to the newest part
    (or starts one): every earlier part stays as it was.
    """
    return [list(reversed(part)) for part in fill(list(reversed(items)), sizes)]


def spread(
    pagename: str,
    items: Sequence[T],
    *,
    size: int,
    date_of: Callable[[T], tuple[int, int]],
    sizes: Sizes[T],
    language: str | None = None,
) -> tuple[Span[T], ...]:
    """The pages below a node's top page, newest year first; none if all fit on it.

    ``items`` are the node's entries, newest first; ``date_of`` gives an item's
    (year, month); ``size`` is how many the top page shows.
    """
    if len(items) <= size:
        return ()
    years: list[Span[T]] = []
    for year, in_year in _runs(items, lambda item: date_of(item)[0]):
        page = year_page(pagename, year)
        if sizes.page(in_year) <= sizes.budget:
            years.append(Span(SpanLink(page, str(year), year, 0, 0, len(in_year)), tuple(in_year)))
            continue
        months = tuple(
            _month(pagename, year, month, in_month, sizes, language)
            for month, in_month in _runs(in_year, lambda item: date_of(item)[1])
        )
        link = SpanLink(page, str(year), year, 0, 0, len(in_year), tuple(m.link for m in months))
        years.append(Span(link, (), months))
    return tuple(years)


def _month(
    pagename: str, year: int, month: int, items: list[T], sizes: Sizes[T], language: str | None
) -> Span[T]:
    """A month's page: its items, or (past the budget) the index of its parts."""
    page = month_page(pagename, year, month)
    label = month_label(year, month, language)
    if sizes.page(items) <= sizes.budget:
        return Span(SpanLink(page, label, year, month, 0, len(items)), tuple(items))
    cut = _parts(items, sizes)
    parts = tuple(
        Span(
            SpanLink(part_page(page, k), f"{label} ({k})", year, month, k, len(part)),
            tuple(part),
        )
        for k, part in reversed(list(enumerate(cut, 1)))
    )
    link = SpanLink(page, label, year, month, 0, len(items), tuple(p.link for p in parts))
    return Span(link, (), parts)


def _bare(link: SpanLink) -> SpanLink:
    """A link to a sibling's page without its count or children: what it lists later
    never changes a page that links it."""
    return SpanLink(link.pagename, link.label, link.year, link.month, link.part, 0)


def siblings(
    siblings: Sequence[SpanLink], link: SpanLink
) -> tuple[SpanLink | None, SpanLink | None]:
    """The siblings just older and just newer than ``link`` (siblings newest first).

    A page links its older sibling from the day it is written and its newer one
    from the day that one appears: a past year's page changes once, when the next
    year's first entry is filed, and never for a count changing.
    """
    index = siblings.index(link)
    older = siblings[index + 1] if index + 1 < len(siblings) else None
    newer = siblings[index - 1] if index > 0 else None
    return (older and _bare(older)), (newer and _bare(newer))


#: One page below a node's top page, as :func:`walk` gives it: the span, its
#: parent (None for a year), its older and its newer sibling.
Walked = tuple[Span[T], Span[T] | None, SpanLink | None, SpanLink | None]


def walk(spans: Sequence[Span[T]]) -> Iterator[Walked[T]]:
    """Every page of ``spans``, depth first, with its parent and its two siblings."""

    def visit(level: Sequence[Span[T]], parent: Span[T] | None) -> Iterator[Walked[T]]:
        links = [span.link for span in level]
        for span in level:
            yield span, parent, *siblings(links, span.link)
            yield from visit(span.children, span)

    return visit(spans, None)
