"""The ``nl`` domain: where every record lives, how references resolve.

Every record the kit reads from the sources is kept in ``self.data``, keyed
by document name, so that ``clear_doc`` forgets a re-read document and
``merge_domaindata`` joins what parallel readers collected. The catalog and
the generated pages are derived from these tables; what the kit wrote to the
output folder is kept beside it (``output``'s manifest), not here.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from .catalog import Catalog
from .config import newsletter_name, settings_of
from .linkhealth import LinkRecord
from .model import Issue, Recommendation, Sponsor
from .spelling import closest
from .taxonomies import BY_ROLE, TAXONOMIES, tree_taxonomy
from .urls import issue_label, record_address, term_page

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: ``(env, docname) -> items``: what a feature shows on a document besides its own
#: content, as hashable items; part of the digest that decides when a page whose
#: content did not change must be written again (``changed_views``).
VIEW_EVENT = "newsletter-page-view"
#: ``(env, role, target) -> data``: what a reference of a feature's own role shows
#: (``listing``: the home page's list of issues), for the same digest.
RESOLVE_VIEW_EVENT = "newsletter-resolve-view"


def setup_events(app: Sphinx) -> None:
    """Declare the domain's events, which the features connect to."""
    app.add_event(VIEW_EVENT)
    app.add_event(RESOLVE_VIEW_EVENT)


#: Tables of ``data`` keyed by document name: each is purged and merged per document.
PER_DOC_TABLES = ("frontmatter", "issues", "recs", "sponsors", "refs")
_ISSUE_TARGET = re.compile(r"^#?0*([0-9]+)$")


def issue_target(target: str) -> int | None:
    """The issue number that ``9``, ``#9`` or ``0009`` name, if any."""
    match = _ISSUE_TARGET.match(target.strip())
    return int(match.group(1)) if match else None


def warn(docname: str, lineno: int, subtype: str, message: str) -> None:
    """Log a located ``newsletter.<subtype>`` warning."""
    logger.warning(message, location=(docname, lineno), type="newsletter", subtype=subtype)


def domain_of(env: BuildEnvironment) -> NewsletterDomain:
    """The ``nl`` domain of a build, typed."""
    # Sphinx's domains are looked up by name, typed as the base class; "nl" is ours.
    return cast("NewsletterDomain", env.domains["nl"])


def catalog_of(env: BuildEnvironment) -> Catalog:
    """The archive's catalog of a build: every reader (pages, audit, tools) asks here."""
    return domain_of(env).catalog


class NewsletterRole(XRefRole):
    """An ``nl`` cross-reference; targets keep their case (sponsors, topics)."""

    def __init__(self) -> None:
        super().__init__(warn_dangling=True)


class NewsletterDomain(Domain):
    """Issues, recommendations and regions as objects; roles for every index."""

    name = "nl"
    label = "Newsletter"
    object_types = {  # noqa: RUF012 (Sphinx's own attribute)
        "issue": ObjType("issue", "issue"),
        "rec": ObjType("recommendation", "rec"),
        # The tree's terms are configured, not collected: objects like issues.
        tree_taxonomy().singular: ObjType(tree_taxonomy().singular, tree_taxonomy().role),
    }
    roles = {name: NewsletterRole() for name in ("issue", "rec")}  # noqa: RUF012
    initial_data = {  # noqa: RUF012
        "frontmatter": {},  # docname -> IssueSource, for the issue record
        "issues": {},  # docname -> Issue
        "recs": {},  # docname -> [Recommendation] in source order
        "sponsors": {},  # docname -> [Sponsor]
        "refs": {},  # docname -> {(role, target)}: what the page shows of others
        # docname -> digest of what the page last showed of other pages. Derived
        # in the main process after reading (never by a worker), so not merged.
        "views": {},
    }
    data_version = 3  # 3: front matter as an IssueSource record
    #: The indexes over ``data``, made when first asked for and forgotten on any change.
    _catalog: Catalog | None = None
    #: The link-health record, read anew by every build (``health``): not stored.
    _links: LinkRecord | None = None

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # A role per taxonomy, from the registry as the build finds it.
        self.roles.update({taxonomy.role: NewsletterRole() for taxonomy in TAXONOMIES})

    # -- per-document state ------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        """Forget everything a re-read (or deleted) document had recorded."""
        for table in (*PER_DOC_TABLES, "views"):
            self.data[table].pop(docname, None)
        self._catalog = None

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict[str, Any]) -> None:
        """Take a parallel reader's records of exactly the documents it read."""
        for table in PER_DOC_TABLES:
            ours, theirs = self.data[table], otherdata[table]
            for docname in docnames:
                if docname in theirs:
                    ours[docname] = theirs[docname]
        self._catalog = None

    def process_doc(self, env: BuildEnvironment, docname: str, document: nodes.document) -> None:
        """Note which ``nl`` objects the page shows, to re-write it when they change."""
        refs = {
            (node["reftype"], node["reftarget"])
            for node in document.findall(addnodes.pending_xref)
            if node.get("refdomain") == "nl"
        }
        if refs:
            self.data["refs"].setdefault(docname, set()).update(refs)

    def note_view(self, docname: str, role: str, target: str) -> None:
        """Record that ``docname`` shows ``target`` (a listing, neighbours ...)."""
        self.data["refs"].setdefault(docname, set()).add((role, target))

    def note_recommendation(self, rec: Recommendation, *, registered: bool) -> None:
        """Keep a recommendation read by the directive (if its page is an issue)."""
        if registered:
            self.data["recs"].setdefault(rec.docname, []).append(rec)
            self._catalog = None

    def note_sponsor(self, sponsor: Sponsor) -> None:
        """Keep a sponsor block read by the directive."""
        self.data["sponsors"].setdefault(sponsor.docname, []).append(sponsor)
        self._catalog = None

    def note_issue(self, issue: Issue) -> None:
        """Keep an issue's record, complete once its page is read."""
        self.data["issues"][issue.docname] = issue
        self._catalog = None

    def note_link_record(self, record: LinkRecord) -> None:
        """Take the link-health record this build read; the catalog shows it."""
        self._links = record
        self._catalog = None

    def count_recommendations(self, docname: str) -> int:
        """How many recommendations of ``docname`` were read so far."""
        return len(self.data["recs"].get(docname, ()))

    def is_draft(self, docname: str) -> bool:
        """Whether ``docname``'s front matter (read before its body) says ``draft: true``."""
        stored = self.data["frontmatter"].get(docname)
        return stored is not None and stored.draft

    def issue_number_of(self, docname: str) -> int | None:
        """The issue number a document's file name gives, if it is an issue."""
        folder = settings_of(self.env.config).issues_dir.strip("/")
        head, _, tail = docname.rpartition("/")
        # ASCII digits only: "²³" and "٣" are digits to str.isdigit, not to int().
        if head != folder or not tail.isascii() or not tail.isdigit():
            return None
        return int(tail)

    def check_consistency(self) -> None:
        """Problems that span issues: numbers and ids used twice, dangling follow-ups."""
        env = self.env
        catalog = self.catalog
        numbers: dict[int, list[str]] = defaultdict(list)
        for issue in catalog.all_issues:
            numbers[issue.number].append(issue.docname)
        for number, docnames in sorted(numbers.items()):
            for docname in sorted(docnames)[1:]:
                warn(
                    docname,
                    1,
                    "duplicate",
                    f"issue number {number} is also used by {env.doc2path(sorted(docnames)[0])}; "
                    "give this issue its own number (and file name)",
                )
        holders: dict[str, list[Recommendation]] = defaultdict(list)
        for rec in catalog.all_recs:
            holders[rec.id].append(rec)
        for rec_id, recs in holders.items():
            first = recs[0]
            for rec in recs[1:]:
                if rec.docname == first.docname:
                    continue  # reported by the directive, where the page's ids are known
                warn(
                    rec.docname,
                    rec.lineno,
                    "duplicate",
                    f"recommendation id {rec_id!r} is already used at "
                    f"{env.doc2path(first.docname)}:{first.lineno}; this one is not "
                    "registered. Set ':name:' to an id of its own",
                )
        for rec in catalog.published_recs:
            if not rec.follows:
                continue
            target = catalog.rec_by_id.get(rec.follows)
            line = rec.follows_line or rec.lineno
            if target is None:
                warn(
                    rec.docname,
                    line,
                    "ref",
                    f"':follows: {rec.follows}' names no recommendation; "
                    f"{self.missing_reason('rec', rec.follows).split(': ', 1)[-1]}",
                )
            elif not catalog.is_published(target.docname):
                warn(
                    rec.docname,
                    line,
                    "ref",
                    f"':follows: {rec.follows}' points into the draft issue #{target.issue}; "
                    "it is not linked until that issue is published",
                )

    # -- derived -----------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        """The archive's indexes, rebuilt lazily after any record changed."""
        catalog = self._catalog
        if catalog is None:
            catalog = self._catalog = Catalog(
                self.data["issues"],
                self.data["recs"],
                self.data["sponsors"],
                settings_of(self.env.config).regions,
                self._links,
            )
        return catalog

    def changed_views(self) -> list[str]:
        """Documents whose view of other pages changed since they were written."""
        changed = []
        views = self.data["views"]
        # Every page's navigation shows the indexes that have entries (``sections``).
        for docname in sorted(self.env.all_docs):
            digest = hashlib.sha1(repr(self._view(docname)).encode()).hexdigest()
            if views.get(docname) != digest:
                views[docname] = digest
                changed.append(docname)
        return changed

    def _view(self, docname: str) -> tuple[Any, ...]:
        catalog = self.catalog
        # What the features show on every page (the pages feature: the indexes in the
        # navigation) comes first, from the features themselves (``VIEW_EVENT``).
        view: list[Any] = [
            item
            for items in self.env.events.emit(VIEW_EVENT, self.env, docname)
            for item in items or ()
        ]
        issue = catalog.by_docname.get(docname)
        if issue is not None:
            before, after = catalog.neighbours(docname)
            view.append(("neighbours", before, after))
            view.append(("year", [(i.number, i.headline) for i in catalog.year_so_far(issue)]))
            for rec in catalog.recommendations(docname):
                view.append(("follow-ups", rec.id, catalog.follow_ups.get(rec.id)))
                view.append(("archived", rec.id, catalog.archived_copy(rec)))
        for role, target in sorted(self.data["refs"].get(docname, ())):
            view.append((role, target, self._resolve_view(role, target)))
        return tuple(view)

    def _resolve_view(self, role: str, target: str) -> Any:
        catalog = self.catalog
        if role == "rec":
            rec = catalog.rec_by_id.get(target)
            return rec and (rec.docname, rec.title, catalog.is_published(rec.docname))
        if role == "issue":
            number = issue_target(target)
            issue = catalog.by_number.get(number) if number is not None else None
            return issue
        if role in BY_ROLE:
            term = catalog.term(BY_ROLE[role].name, target)
            return term and (term.slug, term.name)
        return self.env.events.emit_firstresult(RESOLVE_VIEW_EVENT, self.env, role, target)

    # -- objects -----------------------------------------------------------

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        """Published issues and recommendations and every region: for objects.inv."""
        catalog = self.catalog
        name = newsletter_name(self.env.config)
        for issue in catalog.issues:
            yield (
                str(issue.number),
                issue_label(issue.number, issue.headline, name),
                "issue",
                issue.docname,
                "",
                1,
            )
        for rec_id, rec in catalog.rec_by_id.items():
            if catalog.is_published(rec.docname):
                yield rec_id, rec.title, "rec", rec.docname, rec_id, 1
        tree = tree_taxonomy()
        for region in catalog.regions:
            yield region.id, region.title, tree.singular, term_page(tree.name, region.id), "", 1

    # -- references --------------------------------------------------------

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self._find(typ, target, fromdocname)
        if found is None:
            return None
        todocname, anchor, title = found
        if not node.get("refexplicit") or not contnode.astext():
            classes: list[str] = contnode.get("classes", [])
            contnode = nodes.inline("", title, classes=classes)
        return make_refnode(builder, fromdocname, todocname, anchor, contnode, title)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.resolve_xref(env, fromdocname, builder, "rec", target, node, contnode)
        return [("nl:rec", found)] if found is not None else []

    def _find(self, typ: str, target: str, fromdocname: str) -> tuple[str, str, str] | None:
        """(page, anchor, title) of a reference's target, or None with the reason noted."""
        catalog = self.catalog
        if typ == "rec":
            rec = catalog.rec_by_id.get(target.strip())
            if rec is None or not catalog.is_published(rec.docname):
                return None
            return *record_address(rec), rec.title
        if typ == "issue":
            number = issue_target(target)
            issue = catalog.by_number.get(number) if number is not None else None
            if issue is None or issue.draft:
                return None
            return *record_address(issue), issue.label
        if typ in BY_ROLE:
            term = catalog.term(BY_ROLE[typ].name, target.strip())
            if term is None:
                return None
            return term.pagename, "", term.name
        return None

    def missing_reason(self, typ: str, target: str) -> str:
        """Why a reference did not resolve, and how to fix it."""
        catalog = self.catalog
        what = f"{{nl:{typ}}}`{target}`"
        if typ == "rec":
            rec = catalog.rec_by_id.get(target.strip())
            if rec is not None:
                return (
                    f"{what} points into the draft issue #{rec.issue}; it is not linked "
                    "until that issue is published"
                )
            return (
                f"{what}: no recommendation has the id {target!r}"
                f"{closest(target, list(catalog.rec_by_id))}"
            )
        if typ == "issue":
            number = issue_target(target)
            if number is None:
                return f"{what}: {target!r} is not an issue number; write e.g. `9` or `#9`"
            issue = catalog.by_number.get(number)
            if issue is not None:
                return (
                    f"{what} points to the draft issue #{number}; it is not linked until published"
                )
            return f"{what}: there is no issue #{number} in the archive"
        if typ in BY_ROLE:
            taxonomy = BY_ROLE[typ]
            known = list(catalog.taxonomies.get(taxonomy.name, {}))
            return (
                f"{what}: no {taxonomy.singular} {target!r} in the published archive"
                f"{closest(target, known)}"
            )
        return f"{what}: unknown reference type"
