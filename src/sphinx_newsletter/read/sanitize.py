"""One pass that leaves nothing active in a restricted page's tree.

After MyST has parsed a restricted document (see ``policy``), this pass, run
over the whole page and, by the directives, over each take before its excerpt
is made:

- drops comments (HTML ``<!-- -->`` and MyST ``%`` lines): a reader never saw them;
- shows raw HTML as the text it is (``rawhtml``);
- keeps a reference live only under the link policy (``links.link_allowed``),
  and shows any other as its text, with a located ``newsletter.url`` warning;
- refuses download links, which copy a file into the site;
- keeps an image only under the image policy (``links.image_problem``);
- drops page metadata (``<meta>``), which could redirect the page or weaken
  its Content-Security-Policy.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.matching import Matcher

from ..links import image_problem, link_allowed
from .policy import is_restricted
from .rawhtml import raw_as_text

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

#: ``scheme:`` at the start of a link target (``javascript:``, ``path:``, ``ftp:``).
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
#: MyST's own link schemes that name something inside the site.
_INTERNAL_SCHEMES = frozenset({"project", "inv"})


def _foreign(target: str) -> bool:
    """Whether a Markdown link's target leaves the site other than by the link policy.

    MyST sends a link whose scheme it does not know (``javascript:``) to its own
    resolver, as it does a page of the site (``other.md``) or one of its own
    schemes (``project:``, ``inv:``).
    """
    target = target.strip()
    if target.startswith("//"):
        return True
    match = _SCHEME.match(target)
    return (
        match is not None
        and match.group(1).lower() not in _INTERNAL_SCHEMES
        and not (link_allowed(target))
    )


def _warn(node: nodes.Node, subtype: str, message: str) -> None:
    logger.warning(message, location=node, type="newsletter", subtype=subtype)


def _as_text(node: nodes.Element) -> None:
    """Replace ``node`` with its children (inline) or its text."""
    if node.children and isinstance(node.parent, nodes.Element):
        node.replace_self(node.children)
    else:
        node.replace_self(nodes.Text(node.astext()))


def _refuse_link(node: nodes.Element, target: str) -> None:
    _warn(
        node,
        "url",
        f"the link to {target[:80]!r} is shown as text: only http(s) and mailto "
        "addresses become links; write the full address starting with https://",
    )
    _as_text(node)


class Sanitizer:
    """The checks of one page: its folder and the site's matcher for excluded files."""

    def __init__(self, env: BuildEnvironment, docname: str) -> None:
        self.env = env
        self.docdir = docname.rpartition("/")[0]
        self.excluded = Matcher(env.config.exclude_patterns)

    def image_problem(self, uri: str) -> str | None:
        """Why ``uri`` may not be shown on this page (``links.image_problem``)."""
        return image_problem(uri, self.env.srcdir, self.docdir, self.excluded)

    def clean(self, tree: nodes.Node) -> None:
        """Make ``tree`` (a document or any element) inert, in place."""
        # Lists first: replacing nodes while walking the tree would skip some.
        node: nodes.Element
        for node in list(tree.findall(nodes.comment)):
            node.parent.remove(node)
        for raw in list(tree.findall(nodes.raw)):
            raw_as_text(raw)
        for node in list(tree.findall(nodes.meta)):
            _warn(node, "markup", "page metadata (<meta>) cannot be set in this page; removed")
            node.parent.remove(node)
        for node in list(tree.findall(addnodes.download_reference)):
            _warn(
                node,
                "url",
                f"the download link to {node.get('reftarget', '')[:80]!r} is shown as "
                "text: a page may not copy files into the site; link to the file's "
                "http(s) address instead",
            )
            _as_text(node)
        for node in list(tree.findall(nodes.reference)):
            uri = node.get("refuri")
            if uri is not None and not link_allowed(uri):
                _refuse_link(node, uri)
        for node in list(tree.findall(addnodes.pending_xref)):
            if node.get("reftype") == "myst" and _foreign(node.get("reftarget", "")):
                _refuse_link(node, node["reftarget"])
        for node in list(tree.findall(nodes.image)):
            problem = self.image_problem(node.get("uri", ""))
            if problem is not None:
                _warn(node, "url", f"image {problem}")
                alt = node.get("alt", "")
                if isinstance(node.parent, nodes.reference) and len(node.parent) == 1:
                    node = node.parent  # its :target: link goes with it
                if alt and isinstance(node.parent, nodes.TextElement):
                    node.replace_self(nodes.Text(alt))
                else:
                    node.parent.remove(node)


class Sanitize(SphinxTransform):
    """Run the sanitizer over every restricted page, before the kit reads its records."""

    # Before the issue page transform (800), which builds the records and the header.
    default_priority = 790

    def apply(self, **kwargs: object) -> None:
        docname = self.env.current_document.docname
        if is_restricted(self.env, docname):
            Sanitizer(self.env, docname).clean(self.document)
