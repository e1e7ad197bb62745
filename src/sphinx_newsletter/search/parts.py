"""The search bundle's parts: the newest year alone, older years in five-year eras.

Pagefind has no incremental mode (pagefind#71): one changed record re-indexes its
whole bundle. The kit writes one bundle per part instead (``pagefind/<part>/``),
so an edit re-indexes only its part and a new issue leaves every other part's
files byte-identical (a host or CDN keeps them cached). A part holds whole
calendar years: the newest year's issues, or an era of :data:`ERA_YEARS` years
aligned to multiples of it (``2015-2019``), so which part a record is in
depends only on its year and the newest year, never on how many records there
are. When a new year begins, only the era the old newest year joins is indexed
anew. The search page searches the newest part first and shows its results,
then the whole archive (all parts merged with Pagefind's ``mergeIndex``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..catalog import Catalog

#: The years of an era (a part of older issues).
ERA_YEARS = 5


def part_of(year: int, newest: int) -> str:
    """The part holding the issues of ``year`` when the newest issue is of ``newest``."""
    if year >= newest:
        return f"{year:04d}"
    start = year - year % ERA_YEARS
    return f"{start:04d}-{start + ERA_YEARS - 1:04d}"


def newest_year(catalog: Catalog) -> int:
    """The year of the newest published issue (0 with none)."""
    return catalog.issues[-1].year if catalog.issues else 0


def ordered(parts: set[str]) -> list[str]:
    """Part names newest first (a year or an era is named by its first year)."""
    return sorted(parts, key=lambda name: name.split("-")[0], reverse=True)
