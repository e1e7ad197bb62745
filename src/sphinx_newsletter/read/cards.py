"""How a recommendation's card reads: where its title leads, and which chips it needs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform

from ..config import settings_of
from ..slugs import slugify
from ..taxonomies import BY_ROLE

# "Japan, Korea, Taiwan & Hong Kong" names four places; so does "Japan and Korea".
# No spaces around the separator: the slug drops them, and ``\s*`` before it made
# the split retry a long run of spaces from each of its characters (quadratic).
_TITLE_PARTS = re.compile(r"[,;/&+·]|\band\b", re.IGNORECASE)


def destination(url: str) -> str:
    """The site a link leads to, as a reader knows it: ``asia.nikkei.com``.

    The host only (no ``www.``, port or path): the card shows where the link goes,
    the link itself carries the whole address.
    """
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def section_of(node: nodes.Node) -> nodes.section | None:
    """The section that holds ``node`` (None at the top of the page)."""
    # docutils' stubs type ``parent`` as never None; the document's is.
    current: nodes.Node | None = node
    while current is not None and not isinstance(current, nodes.section):
        current = current.parent
    return current


def section_names(node: nodes.Node) -> frozenset[str]:
    """The slugs of the names in the title of the section that holds ``node``."""
    return _title_names(section_of(node))


def _title_names(section: nodes.section | None) -> frozenset[str]:
    if section is None or not section.children or not isinstance(section[0], nodes.title):
        return frozenset()
    parts = _TITLE_PARTS.split(section[0].astext())
    return frozenset(slug for slug in (slugify(part) for part in parts) if slug)


class UnrepeatedChips(SphinxTransform):
    """Drop the chips a card's section heading already names.

    A card under "## India" or "## Japan, Korea & Taiwan" need not repeat those
    places (nor one under "## AI" that topic): the heading says so. The
    recommendation keeps its regions and topics; only the chip is left out.
    """

    # Before the domains collect the page's references (SphinxDomains, 850).
    default_priority = 790

    def apply(self, **kwargs: object) -> None:
        tree = settings_of(self.config).regions
        # Each section's names once, however many cards stand under its heading.
        named_by_section: dict[int, frozenset[str]] = {}
        for chips in list(self.document.findall(nodes.paragraph)):
            if "recommendation-chips" not in chips["classes"]:
                continue
            section = section_of(chips)
            if id(section) not in named_by_section:
                named_by_section[id(section)] = _title_names(section)
            named = named_by_section[id(section)]
            if not named:
                continue
            for chip in list(chips.findall(addnodes.pending_xref)):
                target = chip["reftarget"]
                taxonomy = BY_ROLE.get(chip["reftype"])
                if taxonomy is not None and taxonomy.tree:
                    title = tree[target].title if target in tree else target
                    names = {target, slugify(title)}
                else:
                    names = {slugify(target)}
                if named & names:
                    after = chip.parent.index(chip) + 1
                    if after < len(chip.parent) and isinstance(chip.parent[after], nodes.Text):
                        chip.parent.remove(chip.parent[after])
                    chip.parent.remove(chip)
            if not chips.children:
                chips.parent.remove(chips)
