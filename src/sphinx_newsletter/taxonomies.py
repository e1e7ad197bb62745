"""The taxonomies, each declared once: the catalog, listings, roles and audit read this.

A taxonomy files records under terms, and the site gives every term a page. Adding
one is one entry in ``TAXONOMIES``: its pages, its ``nl`` role, its place in the
site's navigation and in the audit follow from the entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .labels import N_


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One taxonomy: how it is named and how a record's terms are found."""

    #: The plural name: the folder of its pages and its key in the catalog.
    name: str
    #: The singular (``region``): the term pages' label and the ``nl`` role's name.
    singular: str
    #: The title of its overview page and its entry in the site's navigation (a msgid
    #: of the kit's catalog: shown through ``labels._``).
    title: str
    #: What a term's page calls the term ("Region"), a msgid too.
    label: str
    #: Which records it files: ``"recs"`` (recommendations) or ``"sponsors"``.
    records: str
    #: The names (for a tree, the ids) a record is filed under, as written.
    terms: Callable[[Any], tuple[str, ...]]
    #: Whether its terms are the configured region tree (ids, filed with ancestors)
    #: rather than names collected from the records.
    tree: bool = False
    #: Whether each term has its own Atom feed (``regions/japan/atom.xml``).
    feed: bool = False

    @property
    def role(self) -> str:
        """The ``nl`` role that links to a term's page (``{nl:region}`)."""
        return self.singular


#: Every taxonomy, in the order the site shows them.
TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        "regions",
        "region",
        N_("Regions"),
        N_("Region"),
        "recs",
        lambda rec: rec.regions,
        tree=True,
        feed=True,
    ),
    Taxonomy(
        "topics", "topic", N_("Topics"), N_("Topic"), "recs", lambda rec: rec.topics, feed=True
    ),
    Taxonomy(
        "publications",
        "publication",
        N_("Publications"),
        N_("Publication"),
        "recs",
        lambda rec: (rec.publication,) if rec.publication else (),
    ),
    Taxonomy("authors", "author", N_("Authors"), N_("Author"), "recs", lambda rec: rec.authors),
    Taxonomy(
        "sponsors",
        "sponsor",
        N_("Sponsors"),
        N_("Sponsor"),
        "sponsors",
        lambda sponsor: (sponsor.name,),
    ),
)
#: The taxonomies by name (``regions``) and by role (``region``).
BY_NAME: dict[str, Taxonomy] = {taxonomy.name: taxonomy for taxonomy in TAXONOMIES}
BY_ROLE: dict[str, Taxonomy] = {taxonomy.role: taxonomy for taxonomy in TAXONOMIES}
