"""The archive as a whole: derived, read-only indexes over the domain's records.

Every page that lists more than one issue (home, archive, taxonomy pages) and
every tool that needs the records (``newsletter audit``, through ``reader``)
reads this one catalog; feeds and email are to read it too. It is rebuilt from
the domain's per-document records whenever they change, never stored in the
environment.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from .linkhealth import LinkRecord, archived_copy
from .model import Issue, Recommendation, RegionTree, Sponsor
from .slugs import taxonomy_slug
from .taxonomies import BY_NAME, TAXONOMIES, Taxonomy
from .urls import term_page

_Record = TypeVar("_Record", Recommendation, Sponsor)


@dataclass
class Term:
    """One node of a taxonomy (a region, topic, author, ...), with what is filed there.

    ``entries`` are recommendations (for sponsors: the sponsor blocks), newest
    issue first, in source order within an issue.
    """

    taxonomy: str
    slug: str
    name: str
    entries: list[Recommendation | Sponsor] = field(default_factory=list)

    @property
    def pagename(self) -> str:
        """The generated page's name (``regions/singapore``)."""
        return term_page(self.taxonomy, self.slug)


class Catalog:
    """Indexes over all issues, recommendations and sponsors of one build."""

    def __init__(
        self,
        issues: dict[str, Issue],
        recs: dict[str, list[Recommendation]],
        sponsors: dict[str, list[Sponsor]],
        regions: RegionTree,
        links: LinkRecord | None = None,
    ) -> None:
        self.regions = regions
        #: The link-health record the build read (``linkhealth``).
        self.links = links or LinkRecord()
        self.all_issues = sorted(issues.values(), key=lambda i: (i.sort_key, i.docname))
        #: Published issues, oldest first.
        self.issues: list[Issue] = [i for i in self.all_issues if not i.draft]
        self.by_docname: dict[str, Issue] = {i.docname: i for i in self.all_issues}
        self.by_number: dict[int, Issue] = {}
        for issue in sorted(self.all_issues, key=lambda i: (i.number, i.docname)):
            self.by_number.setdefault(issue.number, issue)
        order = {issue.docname: index for index, issue in enumerate(self.all_issues)}
        self._recs_by_doc = recs
        self._sponsors_by_doc = sponsors
        #: Every recommendation (drafts too) in archive order: oldest issue first.
        self.all_recs: list[Recommendation] = [
            rec
            for docname in sorted(recs, key=lambda d: (order.get(d, len(order)), d))
            for rec in recs[docname]
        ]
        # Ids go to their first holder.
        self.rec_by_id: dict[str, Recommendation] = {}
        for rec in self.all_recs:
            self.rec_by_id.setdefault(rec.id, rec)

    def is_published(self, docname: str) -> bool:
        """Whether ``docname`` is a published (non-draft) issue."""
        issue = self.by_docname.get(docname)
        return issue is not None and not issue.draft

    def archived_copy(self, rec: Recommendation, as_of: dt.date | None = None) -> str | None:
        """The archived copy shown beside ``rec`` (``linkhealth.archived_copy``)."""
        issue = self.by_docname.get(rec.docname)
        if issue is None:
            return None
        return archived_copy(rec, issue.date, self.links, as_of)

    def recommendations(self, docname: str) -> list[Recommendation]:
        """The recommendations of one issue, in source order."""
        return self._recs_by_doc.get(docname, [])

    @cached_property
    def _position(self) -> dict[str, int]:
        return {i.docname: n for n, i in enumerate(self.issues)}

    def neighbours(self, docname: str) -> tuple[Issue | None, Issue | None]:
        """The published issues before and after ``docname``."""
        index = self._position.get(docname)
        if index is None:
            return None, None
        before = self.issues[index - 1] if index > 0 else None
        after = self.issues[index + 1] if index + 1 < len(self.issues) else None
        return before, after

    def year_so_far(self, issue: Issue) -> list[Issue]:
        """The published issues of ``issue``'s year up to it, newest first.

        Issue pages list these, not the newest issues, so a new issue changes no
        earlier page but its predecessor.
        """
        year = self._by_year.get(issue.year, [])
        end = bisect.bisect_right(year, issue.sort_key, key=lambda i: i.sort_key)
        return year[end - 1 :: -1] if end else []

    @cached_property
    def _by_year(self) -> dict[int, list[Issue]]:
        """Published issues by year, oldest first (``self.issues`` is in that order)."""
        years: dict[int, list[Issue]] = defaultdict(list)
        for issue in self.issues:
            years[issue.year].append(issue)
        return years

    @cached_property
    def published_recs(self) -> list[Recommendation]:
        """Every published recommendation, newest issue first, source order within."""
        return _newest_first(self.issues, self._recs_by_doc)

    @cached_property
    def follow_ups(self) -> dict[str, list[Recommendation]]:
        """Published recommendations that follow up each id, oldest first."""
        out: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in reversed(self.published_recs):
            if rec.follows:
                out[rec.follows].append(rec)
        return dict(out)

    @cached_property
    def published_sponsors(self) -> list[Sponsor]:
        """Every published sponsor block, newest issue first, source order within."""
        return _newest_first(self.issues, self._sponsors_by_doc)

    @cached_property
    def taxonomies(self) -> dict[str, dict[str, Term]]:
        """Every taxonomy's terms by slug, each with its entries newest first."""
        return {taxonomy.name: self._terms(taxonomy) for taxonomy in TAXONOMIES}

    def _terms(self, taxonomy: Taxonomy) -> dict[str, Term]:
        records: list[Recommendation] | list[Sponsor] = (
            self.published_recs if taxonomy.records == "recs" else self.published_sponsors
        )
        terms: dict[str, Term] = {}
        if taxonomy.tree:
            # Every configured region has a page, and a record is filed under its
            # regions' ancestors too.
            for region in self.regions:
                terms[region.id] = Term(taxonomy.name, region.id, region.title)
            for record in records:
                for rid in self.regions.with_ancestors(taxonomy.terms(record)):
                    terms[rid].entries.append(record)
            return terms
        for record in records:
            for name in taxonomy.terms(record):
                slug = taxonomy_slug(name)
                if not slug:
                    continue
                term = terms.get(slug)
                if term is None:
                    term = terms[slug] = Term(taxonomy.name, slug, name)
                if not term.entries or term.entries[-1] is not record:
                    term.entries.append(record)
        # A term's name is its spelling in the oldest entry: stable as issues are added.
        for term in terms.values():
            term.name = _oldest_spelling(term, taxonomy)
        return terms

    def filed_under(self, taxonomy: Taxonomy, record: Recommendation | Sponsor) -> tuple[str, ...]:
        """The terms ``record`` is filed under in ``taxonomy``: for the tree, ancestors too."""
        terms = taxonomy.terms(record)
        return self.regions.with_ancestors(terms) if taxonomy.tree else terms

    def term(self, taxonomy: str, name: str) -> Term | None:
        """Find a term by its id, name or slug (any case)."""
        terms = self.taxonomies.get(taxonomy, {})
        if taxonomy in BY_NAME and BY_NAME[taxonomy].tree:
            return terms.get(name)
        return terms.get(taxonomy_slug(name))


def _newest_first(issues: list[Issue], by_doc: dict[str, list[_Record]]) -> list[_Record]:
    """The records of ``issues`` (oldest first), newest issue first, source order within."""
    return [record for issue in reversed(issues) for record in by_doc.get(issue.docname, ())]


def _oldest_spelling(term: Term, taxonomy: Taxonomy) -> str:
    for name in taxonomy.terms(term.entries[-1]):
        if taxonomy_slug(name) == term.slug:
            return name
    return term.name
