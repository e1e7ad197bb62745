"""The records the kit collects: issues, recommendations, sponsors and the region tree.

Records are frozen: they are validated once, where they are read (front matter
and directives), and trusted everywhere after, by the pages, feeds, email and
search that read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from .urls import issue_label

if TYPE_CHECKING:
    from collections.abc import Iterator

    from _typeshed import DataclassInstance

_Record = TypeVar("_Record", bound="DataclassInstance")


def _pickled_by_fields(cls: type[_Record]) -> type[_Record]:
    """Pickle a frozen, slotted dataclass as its field values, rebuilt by ``__init__``.

    The standard ``__getstate__``/``__setstate__`` that ``dataclass`` gives such a
    class call ``fields()`` and set each slot in a Python loop; a check sends and
    saves tens of thousands of records (workers to the main process, the saved
    environment), and this halves the time of both directions.
    """
    names = tuple(f.name for f in fields(cls))
    if getattr(cls, "__match_args__", ()) != names:
        # A keyword-only or non-init field would be passed in the wrong place.
        raise TypeError(f"{cls.__name__}: every field must be positional in __init__")
    values = attrgetter(*names)

    def __reduce__(self: object) -> tuple[type[_Record], tuple[Any, ...]]:
        return cls, values(self)

    # The type checker refuses any assignment to a method of a class (mypy's rule).
    cls.__reduce__ = __reduce__  # type: ignore[method-assign]
    return cls


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Issue:
    """One published (or draft) issue, read from ``issues/NNNN.md``."""

    number: int
    docname: str
    date: dt.date
    description: str
    headline: str
    image: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    draft: bool = False

    @property
    def year(self) -> int:
        """The year the issue was published in."""
        return self.date.year

    @property
    def label(self) -> str:
        """How links name the issue: ``#9: China AI dreams of Sora``."""
        return issue_label(self.number, self.headline)

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """Order of publication: by date, then number."""
        return (self.date, self.number)


#: The date of an issue whose own date is missing or malformed (it is a draft).
UNDATED = dt.date.min


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class IssueSource:
    """What an issue's source says before its body is parsed: the valid front-matter
    fields (a field with a problem is absent) and the lines of its ``#`` headings."""

    date: dt.date | None = None
    description: str | None = None
    image: str | None = None
    image_alt: str | None = None
    image_credit: str | None = None
    draft: bool = False
    headline_lines: tuple[int, ...] = ()

    @classmethod
    def of(cls, values: dict[str, object], headline_lines: list[int]) -> IssueSource:
        """The record of the front matter's checked ``values`` (``frontmatter.FrontMatter``)."""

        def text(name: str) -> str | None:
            value = values.get(name)
            return value if isinstance(value, str) else None

        date = values.get("date")
        return cls(
            date=date if isinstance(date, dt.date) else None,
            description=text("description"),
            image=text("image"),
            image_alt=text("image-alt"),
            image_credit=text("image-credit"),
            draft=values.get("draft") is True,
            headline_lines=tuple(headline_lines),
        )

    def issue(self, number: int, docname: str, headline: str) -> Issue:
        """The issue's record, once its headline is known.

        Without a valid date or description the issue is a draft (fail closed):
        recorded, so its number counts, but published nowhere.
        """
        return Issue(
            number=number,
            docname=docname,
            date=self.date or UNDATED,
            description=self.description or "",
            headline=headline,
            image=self.image,
            image_alt=self.image_alt,
            image_credit=self.image_credit,
            draft=self.draft or self.date is None or self.description is None,
        )


#: A recommendation's filed names: (taxonomy name, its names as written) pairs, in
#: the registry's order, for the taxonomies it is filed under.
Filed = tuple[tuple[str, tuple[str, ...]], ...]


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Recommendation:
    """One recommended article with the editors' commentary."""

    id: str
    docname: str
    issue: int
    position: int
    lineno: int
    title: str
    take: str
    url: str | None = None
    #: The names it is filed under, by taxonomy (``taxonomies.TAXONOMIES``): one
    #: field for every taxonomy, so a new one needs no field of its own.
    filed: Filed = ()
    date: str | None = None
    lang: str | None = None
    follows: str | None = None
    follows_line: int = 0
    #: Its ``:archive:``: a saved copy of the article, shown beside the title.
    archive: str | None = None

    def terms(self, taxonomy: str) -> tuple[str, ...]:
        """The names this recommendation is filed under in ``taxonomy`` (``"topics"``)."""
        for name, terms in self.filed:
            if name == taxonomy:
                return terms
        return ()

    @property
    def authors(self) -> tuple[str, ...]:
        """Its ``:authors:``, as written."""
        return self.terms("authors")

    @property
    def publication(self) -> str | None:
        """Its ``:publication:``, if it names one."""
        names = self.terms("publications")
        return names[0] if names else None

    @property
    def regions(self) -> tuple[str, ...]:
        """The ids of its ``:regions:`` (without their ancestors)."""
        return self.terms("regions")

    @property
    def topics(self) -> tuple[str, ...]:
        """Its ``:topics:``, as written (each once)."""
        return self.terms("topics")


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sponsor:
    """A sponsor block of one issue."""

    name: str
    docname: str
    issue: int
    lineno: int
    url: str | None
    message: str = ""
    logo: str | None = None
    code: str | None = None
    offer: str | None = None
    terms: str | None = None


@dataclass(frozen=True, slots=True)
class Region:
    """A configured region: a node in the region tree."""

    id: str
    title: str
    parent: str | None = None
    children: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegionTree:
    """The configured tree of regions (``newsletter_regions``), already validated."""

    regions: dict[str, Region] = field(default_factory=dict)

    def __contains__(self, region_id: object) -> bool:
        return region_id in self.regions

    def __getitem__(self, region_id: str) -> Region:
        return self.regions[region_id]

    def __iter__(self) -> Iterator[Region]:
        return iter(self.regions.values())

    def __len__(self) -> int:
        return len(self.regions)

    @property
    def roots(self) -> tuple[Region, ...]:
        """Regions without a parent, in configuration order."""
        return tuple(r for r in self.regions.values() if r.parent is None)

    def ancestors(self, region_id: str) -> tuple[str, ...]:
        """The ids above ``region_id``, nearest first."""
        out: list[str] = []
        parent = self.regions[region_id].parent if region_id in self.regions else None
        while parent is not None and parent not in out:
            out.append(parent)
            parent = self.regions[parent].parent
        return tuple(out)

    def with_ancestors(self, region_ids: tuple[str, ...]) -> tuple[str, ...]:
        """The given regions and all their ancestors, each once, in a stable order."""
        seen: dict[str, None] = {}
        for rid in region_ids:
            if rid in self.regions:
                seen[rid] = None
                for anc in self.ancestors(rid):
                    seen[anc] = None
        return tuple(seen)
