"""``newsletter audit``: check a built site against its sources, so nothing is lost.

The sources are read into the same catalog the build makes (``reader``), with the
same directives and rules; the audit then checks that the written HTML holds what
that catalog promises: a page or link lost between reading and writing is reported.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .._compat import pagefind_fragments
from ..catalog import Catalog
from ..model import Issue, Recommendation
from ..read.reader import Reading, read_catalog
from ..search.records import record_filters
from ..slugs import taxonomy_slug
from ..taxonomies import TAXONOMIES
from ..urls import SITE_BUILDERS, built_uri, record_uri, site_path, term_page

NAME = "audit"
HELP = "check a built site against its sources: nothing lost"
DESCRIPTION = (
    "Cross-check a built site (dirhtml or html) against its sources: every "
    "published recommendation once on its issue page, at most two clicks from the "
    "page of each of its regions (and their ancestors), topics, authors and "
    "publications (on that page or a year, month or part page it links), in the "
    "search index, and every :follows: linked both ways. Exits 1 naming each gap."
)

_HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')
_ARTICLE = re.compile(r'<article class="recommendation" id="([^"]*)"')


class BuiltSite:
    """The links of a site built by ``builder`` (``dirhtml`` or ``html``), read page by
    page on demand. Addresses are from the site's root and not percent-encoded, as
    ``urls`` makes them for that builder: ``issues/0009/#id`` (``issues/0009.html#id``)."""

    def __init__(self, outdir: Path, builder: str) -> None:
        self.outdir = outdir
        self.uri_of = partial(built_uri, builder)
        self._links: dict[str, set[str]] = {}

    def page(self, pagename: str) -> str:
        """A page's address."""
        return unquote(self.uri_of(pagename))

    def address(self, record: Issue | Recommendation) -> str:
        """A record's address: its issue's page, and a recommendation's anchor on it."""
        return unquote(record_uri(record, self.uri_of))

    def file(self, address: str) -> Path:
        """The HTML file served at a page's address."""
        # A folder's address (``issues/0009/``, or ``''`` for the root) serves its index.
        folder = not address or address.endswith("/")
        return self.outdir / (address + "index.html" if folder else address)

    def links(self, page: str) -> set[str]:
        """The addresses linked from the page at address ``page``."""
        if page not in self._links:
            found: set[str] = set()
            path = self.file(page)
            if path.exists():
                for href, fragment in _HREF.findall(path.read_text(encoding="utf-8")):
                    if "://" in href or href.startswith(("mailto:", "/")):
                        continue
                    found.add(site_path(page, f"{href}#{fragment}" if fragment else href))
            self._links[page] = found
        return self._links[page]

    def within_two_clicks(self, pagename: str) -> set[str]:
        """Addresses linked from a node's top page or from a page below it that it links.

        A node's entries are on its top page, or on its year, month or part pages
        (``pages/paging.py``), every one of which the top page links.
        """
        top = self.page(pagename)
        found = set(self.links(top))
        below = pagename + "/"
        for target in self.links(top):
            if target.startswith(below) and "#" not in target:
                found |= self.links(target)
        return found


def built_with(outdir: Path, reading: Reading) -> str:
    """Which of ``urls.SITE_BUILDERS`` built ``outdir``: the one whose pages are there."""
    for builder in SITE_BUILDERS:
        site = BuiltSite(outdir, builder)
        if all(site.file(site.page(issue.docname)).is_file() for issue in reading.catalog.issues):
            return builder
    return SITE_BUILDERS[0]


def audit(
    srcdir: Path, outdir: Path, reading: Reading | None = None, builder: str | None = None
) -> list[str]:
    """Everything the built site lacks that its sources promise; empty when whole.

    The sources are read unless ``reading`` (``reader.reading_of`` a build) is given;
    the site's ``builder`` is found from its pages unless it is given.
    """
    reading = reading or read_catalog(srcdir)
    catalog = reading.catalog
    site = BuiltSite(outdir, builder or built_with(outdir, reading))
    recs = [rec for rec in catalog.all_recs if catalog.is_published(rec.docname)]
    problems: list[str] = []
    on_page: dict[str, list[str]] = {}
    for docname in {r.docname for r in recs}:
        path = site.file(site.page(docname))
        on_page[docname] = (
            _ARTICLE.findall(path.read_text(encoding="utf-8")) if path.exists() else []
        )
    search = search_records_of(outdir)
    if search is None and recs:
        problems.append(f"{outdir}: no search bundle ({_SEARCH}<part>/pagefind-entry.json)")
    for rec in recs:
        where = f"{reading.sources[rec.docname]}:{rec.lineno} ({rec.title!r})"
        anchor = site.address(rec)
        count = on_page[rec.docname].count(rec.id)
        if count != 1:
            problems.append(
                f"{where}: {count} times on its issue page "
                f"({site.page(rec.docname)}), expected once as #{rec.id}"
            )
        for page in _index_pages(catalog, rec):
            if anchor not in site.within_two_clicks(page):
                problems.append(f"{where}: missing from {site.page(page)} and the pages it links")
        if search is not None:
            problems.extend(f"{where}: {p}" for p in _search_problems(catalog, rec, search, site))
        if rec.follows:
            followed = catalog.rec_by_id.get(rec.follows)
            if followed is None or not catalog.is_published(followed.docname):
                problems.append(f"{where}: ':follows: {rec.follows}' names no recommendation")
                continue
            back = site.address(followed)
            if back not in site.links(site.page(rec.docname)):
                problems.append(
                    f"{where}: its issue page does not link the recommendation it follows ({back})"
                )
            if anchor not in site.links(site.page(followed.docname)):
                problems.append(
                    f"{where}: the recommendation it follows ({back}) does not link back to it"
                )
    if search is not None:
        drafts = {i.docname for i in catalog.all_issues if i.draft}
        problems.extend(
            f"{reading.sources[rec.docname]}:{rec.lineno} ({rec.title!r}): a draft's "
            f"recommendation is in the search index ({_SEARCH})"
            for rec in catalog.all_recs
            if rec.docname in drafts and "/" + site.address(rec) in search
        )
    return problems


_SEARCH = "pagefind/"


def search_records_of(outdir: Path) -> dict[str, dict[str, Any]] | None:
    """The built site's search records by URL (``/issues/0009/#id``); None without a bundle."""
    bundle = outdir / _SEARCH
    # A bundle per part (``search/parts.py``): ``pagefind/<part>/pagefind-entry.json``.
    if not any(bundle.glob("*/pagefind-entry.json")):
        return None
    return {unquote(record["url"]): record for record in pagefind_fragments(bundle)}


def _search_problems(
    catalog: Catalog, rec: Recommendation, search: dict[str, dict[str, Any]], site: BuiltSite
) -> list[str]:
    """How a published recommendation's search record differs from what it should be."""
    record = search.get("/" + site.address(rec))
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
