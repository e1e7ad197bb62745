"""``newsletter audit``: check a built site against its sources, so nothing is lost.

The sources are read into the same catalog the build makes (``reader``), with the
same directives and rules; the audit then checks that the written HTML holds what
that catalog promises: a page or link lost between reading and writing is reported.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from .._compat import pagefind_fragments
from ..catalog import Catalog
from ..model import Recommendation
from ..read.reader import Reading, read_catalog
from ..search.records import record_filters
from ..slugs import taxonomy_slug
from ..taxonomies import TAXONOMIES
from ..urls import record_address, term_page

NAME = "audit"
HELP = "check a built site against its sources: nothing lost"
DESCRIPTION = (
    "Cross-check a built (dirhtml) site against its sources: every "
    "published recommendation once on its issue page, at most two clicks from the "
    "page of each of its regions (and their ancestors), topics, authors and "
    "publications (on that page or a year, month or part page it links), in the "
    "search index, and every :follows: linked both ways. Exits 1 naming each gap."
)

_HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')
_ARTICLE = re.compile(r'<article class="recommendation" id="([^"]*)"')


class BuiltSite:
    """The links of a built (dirhtml) site, read page by page on demand."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._links: dict[str, set[str]] = {}

    def page(self, pagename: str) -> Path:
        """The HTML file of a page (dirhtml layout)."""
        return self.outdir / pagename / "index.html"

    def links(self, pagename: str) -> set[str]:
        """Targets linked from a page, as ``issues/0009/#id`` paths from the root."""
        if pagename not in self._links:
            found: set[str] = set()
            path = self.page(pagename)
            if path.exists():
                base = pagename + "/"
                for href, fragment in _HREF.findall(path.read_text(encoding="utf-8")):
                    if "://" in href or href.startswith(("mailto:", "/")):
                        continue
                    target = posixpath.normpath(posixpath.join(base, unquote(href)))
                    found.add(f"{target}/#{unquote(fragment)}" if fragment else target + "/")
            self._links[pagename] = found
        return self._links[pagename]

    def within_two_clicks(self, pagename: str) -> set[str]:
        """Targets linked from a node's top page or from a page below it that it links.

        A node's entries are on its top page, or on its year, month or part pages
        (``pages/paging.py``), every one of which the top page links.
        """
        found = set(self.links(pagename))
        below = pagename + "/"
        for target in self.links(pagename):
            if target.startswith(below) and "#" not in target:
                found |= self.links(target.rstrip("/"))
        return found


def _dirhtml(pagename: str, anchor: str = "") -> str:
    """A page (or an anchor on it) as the links of a dirhtml site name it."""
    return f"{pagename}/#{anchor}" if anchor else pagename + "/"


def audit(srcdir: Path, outdir: Path, reading: Reading | None = None) -> list[str]:
    """Everything the built site lacks that its sources promise; empty when whole.

    The sources are read unless ``reading`` (``reader.reading_of`` a build) is given.
    """
    reading = reading or read_catalog(srcdir)
    catalog = reading.catalog
    site = BuiltSite(outdir)
    recs = [rec for rec in catalog.all_recs if catalog.is_published(rec.docname)]
    problems: list[str] = []
    on_page: dict[str, list[str]] = {}
    for docname in {r.docname for r in recs}:
        path = site.page(docname)
        on_page[docname] = (
            _ARTICLE.findall(path.read_text(encoding="utf-8")) if path.exists() else []
        )
    search = search_records_of(outdir)
    if search is None and recs:
        problems.append(f"{outdir}: no search bundle ({_SEARCH}pagefind-entry.json)")
    for rec in recs:
        where = f"{reading.sources[rec.docname]}:{rec.lineno} ({rec.title!r})"
        anchor = _dirhtml(*record_address(rec))
        count = on_page[rec.docname].count(rec.id)
        if count != 1:
            problems.append(
                f"{where}: {count} times on its issue page "
                f"({_dirhtml(rec.docname)}), expected once as #{rec.id}"
            )
        for page in _index_pages(catalog, rec):
            if anchor not in site.within_two_clicks(page):
                problems.append(f"{where}: missing from {page}/ and the pages it links")
        if search is not None:
            problems.extend(f"{where}: {p}" for p in _search_problems(catalog, rec, search))
        if rec.follows:
            followed = catalog.rec_by_id.get(rec.follows)
            if followed is None or not catalog.is_published(followed.docname):
                problems.append(f"{where}: ':follows: {rec.follows}' names no recommendation")
                continue
            back = _dirhtml(*record_address(followed))
            if back not in site.links(rec.docname):
                problems.append(
                    f"{where}: its issue page does not link the recommendation it follows ({back})"
                )
            if anchor not in site.links(followed.docname):
                problems.append(
                    f"{where}: the recommendation it follows ({back}) does not link back to it"
                )
    if search is not None:
        drafts = {i.docname for i in catalog.all_issues if i.draft}
        problems.extend(
            f"{reading.sources[rec.docname]}:{rec.lineno} ({rec.title!r}): a draft's "
            f"recommendation is in the search index ({_SEARCH})"
            for rec in catalog.all_recs
            if rec.docname in drafts and "/" + _dirhtml(*record_address(rec)) in search
        )
    return problems


_SEARCH = "pagefind/"


def search_records_of(outdir: Path) -> dict[str, dict] | None:
    """The built site's search records by URL (``/issues/0009/#id``); None without a bundle."""
    bundle = outdir / _SEARCH
    if not (bundle / "pagefind-entry.json").exists():
        return None
    return {unquote(record["url"]): record for record in pagefind_fragments(bundle)}


def _search_problems(catalog: Catalog, rec: Recommendation, search: dict[str, dict]) -> list[str]:
    """How a published recommendation's search record differs from what it should be."""
    record = search.get("/" + _dirhtml(*record_address(rec)))
    if record is None:
        return [f"not in the search index ({_SEARCH})"]
    expected: dict[str, list[str]] = {}
    for name, value in record_filters(catalog, rec):
        expected.setdefault(name, []).append(value)
    found = record.get("filters", {})
    return [
        f"search filter {name!r} is {sorted(found.get(name, []))}, expected {sorted(values)}"
        for name, values in sorted(expected.items())
        if sorted(set(found.get(name, []))) != sorted(set(values))
    ]


def _index_pages(catalog: Catalog, rec: Recommendation) -> Iterator[str]:
    """The nodes' top pages a recommendation must be two clicks from, taxonomy by taxonomy."""
    for taxonomy in TAXONOMIES:
        if taxonomy.records != "recs":
            continue
        names = catalog.filed_under(taxonomy, rec)
        slugs = names if taxonomy.tree else tuple(dict.fromkeys(map(taxonomy_slug, names)))
        for slug in slugs:
            if slug:
                yield term_page(taxonomy.name, slug)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``newsletter audit``."""
    parser.add_argument(
        "source",
        nargs="?",
        default=".",
        type=Path,
        help="the site's source folder (with conf.py); default: .",
    )
    parser.add_argument(
        "built", nargs="?", type=Path, help="the built site; default: SOURCE/_build/html"
    )


def run(args: argparse.Namespace) -> int:
    """Audit, print each gap, and exit 1 when there is one."""
    built = args.built or args.source / "_build" / "html"
    if not (args.source / "conf.py").exists() or not built.is_dir():
        print(
            f"newsletter audit: need a source folder with conf.py and a built site; "
            f"got {args.source} and {built}",
            file=sys.stderr,
        )
        return 2
    problems = audit(args.source, built)
    try:
        for problem in problems:
            print(problem)
    except BrokenPipeError:  # `newsletter audit | head` is fine
        pass
    print(f"newsletter audit: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0
