"""What a listing shows of each thing it lists: plain frozen records.

A page's data are made of these, so its digest tells whether it must be written
again, and ``weight`` weighs them before the page is rendered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


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
    #: The archived copy shown beside it (``Catalog.archived_copy``). Not weighed
    #: (``weight``'s probe shows none): a page's split must not follow the link-health
    #: record, and a dead link's copy adds about a hundred bytes.
    archived: str | None = None


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


#: One general-index entry as the index pages show it: its name, its links
#: ((main, uri) pairs) and its sub-entries ((name, links) pairs).
IndexEntry = tuple[
    str, tuple[tuple[bool, str], ...], tuple[tuple[str, tuple[tuple[bool, str], ...]], ...]
]
