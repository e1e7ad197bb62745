"""The taxonomies, each declared once: the reader, catalog, listings, roles, feeds,
search, audit and ``newsletter stats`` read this.

A taxonomy files records under terms, and the site gives every term a page. Adding
one is one entry in ``TAXONOMIES``: the recommendation's option that files it, how
that option is read and capped, its pages, its ``nl`` role, its place in the site's
navigation, its search filter, its table in ``newsletter stats`` and its place in
the audit follow from the entry. A recommendation keeps the names it is filed under
by taxonomy name (``Recommendation.filed``), so it needs no new field either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .labels import N_
from .model import Recommendation, Sponsor

#: How a taxonomy's option value is read (``read/rules.py`` holds the rules):
#: ``"names"``, a comma list whose names need a letter or digit, each slug once;
#: ``"list"``, a comma list kept as written; ``"name"``, the whole value as one name;
#: ``"ids"``, a comma list of ids of the configured tree (a ``tree`` taxonomy's).
Parse = Literal["names", "list", "name", "ids"]


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One taxonomy: how it is named, which option files it and how that is read."""

    #: The plural name: the folder of its pages, its key in the catalog and in a
    #: recommendation's ``filed`` names, and its name in ``newsletter stats``.
    name: str
    #: The singular (``region``): the term pages' label, the ``nl`` role's name and
    #: the search filter's.
    singular: str
    #: The title of its overview page and its entry in the site's navigation (a msgid
    #: of the kit's catalog: shown through ``labels._``).
    title: str
    #: What a term's page calls the term ("Region"), a msgid too.
    label: str
    #: The ``recommendation`` directive's option that files a recommendation here
    #: (``:publication:``); None for a taxonomy of sponsors, filed by their names.
    option: str | None = None
    #: How the option's value is read (:data:`Parse`).
    parse: Parse = "names"
    #: Whether its names count against the caps on the names an issue and a
    #: recommendation may file (each name gets a page; a tree's pages are configured).
    capped: bool = True
    #: Whether its terms are the configured region tree (ids, filed with ancestors)
    #: rather than names collected from the records.
    tree: bool = False
    #: Whether each term has its own Atom feed (``regions/japan/atom.xml``).
    feed: bool = False
    #: Whether a recommendation shows its terms as chips under its byline.
    chip: bool = False

    @property
    def role(self) -> str:
        """The ``nl`` role that links to a term's page (``{nl:region}`)."""
        return self.singular

    @property
    def records(self) -> str:
        """Which records it files: ``"recs"`` (recommendations) or ``"sponsors"``."""
        return "recs" if self.option is not None else "sponsors"

    def terms(self, record: Recommendation | Sponsor) -> tuple[str, ...]:
        """The names (for a tree, the ids) ``record`` is filed under here, as written."""
        if isinstance(record, Recommendation):
            return record.terms(self.name)
        return (record.name,) if self.option is None else ()


#: Every taxonomy, in the order the site shows them.
TAXONOMIES: list[Taxonomy] = [
    Taxonomy(
        "regions",
        "region",
        N_("Regions"),
        N_("Region"),
        option="regions",
        parse="ids",
        capped=False,
        tree=True,
        feed=True,
        chip=True,
    ),
    Taxonomy("topics", "topic", N_("Topics"), N_("Topic"), option="topics", feed=True, chip=True),
    Taxonomy(
        "publications",
        "publication",
        N_("Publications"),
        N_("Publication"),
        option="publication",
        parse="name",
    ),
    Taxonomy("authors", "author", N_("Authors"), N_("Author"), option="authors", parse="list"),
    Taxonomy("sponsors", "sponsor", N_("Sponsors"), N_("Sponsor")),
]
#: The taxonomies by name (``regions``) and by role (``region``).
BY_NAME: dict[str, Taxonomy] = {taxonomy.name: taxonomy for taxonomy in TAXONOMIES}
BY_ROLE: dict[str, Taxonomy] = {taxonomy.role: taxonomy for taxonomy in TAXONOMIES}


def recommendation_taxonomies() -> list[Taxonomy]:
    """The taxonomies that file recommendations, each by one of its options."""
    return [taxonomy for taxonomy in TAXONOMIES if taxonomy.option is not None]


def tree_taxonomy() -> Taxonomy:
    """The taxonomy of the configured region tree (its pages, role and filter)."""
    return next(taxonomy for taxonomy in TAXONOMIES if taxonomy.tree)
