"""``newsletter stats``: recommendations per region, topic, publication and author, by year."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..catalog import Catalog
from ..read.reader import read_catalog
from ..taxonomies import recommendation_taxonomies

NAME = "stats"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "count recommendations per region, topic, publication and author, by year"
DESCRIPTION = (
    "Count the published recommendations per region, topic, publication and "
    "author, by year, as tables read from the archive's catalog: the counts of "
    "the site's pages (a region counts the regions below it too)."
)


def taxonomy_names() -> tuple[str, ...]:
    """The taxonomies it counts, by the names the command line knows them by: those
    that file recommendations (``taxonomies.TAXONOMIES``)."""
    return tuple(taxonomy.name for taxonomy in recommendation_taxonomies())


@dataclass(frozen=True)
class Table:
    """One taxonomy's counts: rows of (name, {year: count}), the busiest first."""

    taxonomy: str
    years: tuple[int, ...]
    rows: tuple[tuple[str, dict[int, int]], ...]

    def lines(self) -> Iterator[str]:
        """The table as aligned text, with a total column."""
        head = [self.taxonomy.capitalize(), *map(str, self.years), "total"]
        body = [
            [name, *(str(counts.get(y, 0)) for y in self.years), str(sum(counts.values()))]
            for name, counts in self.rows
        ]
        widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]
        for row in [head, *body]:
            cells = [row[0].ljust(widths[0])]
            cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
            yield "  ".join(cells).rstrip()


def stats(catalog: Catalog, taxonomy: str) -> Table:
    """Published recommendations per term of ``taxonomy``, per issue year.

    The counts are those of the site's pages: a term is named as its page names it
    (``AI`` and ``ai`` are one topic), and a region counts what is filed under it
    or any region below it. A term with nothing filed is left out.
    """
    counts: dict[str, Counter[int]] = {}
    years: set[int] = set()
    for term in catalog.taxonomies[taxonomy].values():
        for entry in term.entries:
            year = catalog.by_docname[entry.docname].year
            years.add(year)
            counts.setdefault(term.name, Counter())[year] += 1
    rows = sorted(counts.items(), key=lambda item: (-item[1].total(), item[0].casefold()))
    return Table(taxonomy, tuple(sorted(years)), tuple((n, dict(c)) for n, c in rows))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter stats``."""
    parser.add_argument(
        "--taxonomy",
        choices=taxonomy_names(),
        action="append",
        help="only this taxonomy (repeatable); default: all of them",
    )
    parser.add_argument("--top", type=int, default=0, help="only the N busiest rows of each")


def run(args: argparse.Namespace) -> int:
    """Read the catalog and print the tables."""
    cache = args.source / "_build" / ".check"
    cache.mkdir(parents=True, exist_ok=True)
    status = sys.stderr if sys.stderr.isatty() else None
    catalog = read_catalog(args.source, cache=cache, status=status).catalog
    try:
        for name in args.taxonomy or taxonomy_names():
            table = stats(catalog, name)
            if args.top:
                table = Table(table.taxonomy, table.years, table.rows[: args.top])
            print("\n".join(table.lines()), end="\n\n")
    except BrokenPipeError:
        pass
    return 0
