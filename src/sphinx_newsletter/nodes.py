"""The docutils nodes the kit emits, and how each builder renders them.

Directives emit these generic nodes at parse time; each builder decides how
they look. HTML gets semantic elements (``article``, ``aside``, ``nav``) and
``rel="sponsored"`` links; every other builder renders their children plainly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes

from .labels import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator


def index_entry(name: str, target: str) -> tuple[str, str, str, str, None]:
    """One general-index entry: ``name``, linking to the id ``target`` on its page."""
    return ("single", name, target, "", None)


def index_node(name: str, target: str) -> addnodes.index:
    """The node that puts ``name`` (at the id ``target``) into the general index."""
    return addnodes.index(entries=[index_entry(name, target)])


class semantic(nodes.General, nodes.Element):
    """A block that HTML renders as the element named by its ``tag`` attribute.

    ``label`` becomes ``aria-label``, ``attributes`` are added as written
    (escaped), and a ``language-xx`` class becomes ``lang``.
    """


class semantic_text(nodes.TextElement, semantic):
    """A :class:`semantic` element that holds text and links (``h3``, ``p``, ``time``)."""


class sponsored_reference(nodes.reference):
    """A link paid for by a sponsor: ``rel="sponsored noopener"`` in HTML."""


class issue_navigation(nodes.General, nodes.Element):
    """Placeholder for the previous/next issue links, filled in when resolved."""


class follow_ups(nodes.General, nodes.Element):
    """Placeholder for "followed up in" links to a recommendation, filled in late."""


class archived_copy(nodes.General, nodes.Element):
    """Placeholder for a recommendation's "archived copy" link, filled in from the
    link-health record once it is read (``archived``)."""


class listing(nodes.General, nodes.Element):
    """Placeholder for a generated list of issues (home page), filled in late."""


class subscribe_form(nodes.General, nodes.Element):
    """The email sign-up form of the site's mail service: ``action``, ``field``, ``label``.

    HTML renders ``nl-subscribe-form.html``, the template the feeds page includes
    too; every other builder nothing.
    """


#: The template both the pages' subscribe blocks and the feeds page render the form with.
SUBSCRIBE_FORM_TEMPLATE = "nl-subscribe-form.html"


class web_only(nodes.General, nodes.Element):
    """Content for the web pages only (the chrome), shaped per builder (``chrome``)."""


def _visit_semantic_html(self: HTML5Translator, node: semantic) -> None:
    attributes = dict(node.get("attributes", {}))
    if node.get("label"):
        attributes["aria-label"] = node["label"]
    self.body.append(self.starttag(node, node["tag"], "", **attributes))


def _depart_semantic_html(self: HTML5Translator, node: semantic) -> None:
    self.body.append(f"</{node['tag']}>\n")


def _visit_sponsored_html(self: HTML5Translator, node: sponsored_reference) -> None:
    self.body.append(
        self.starttag(
            node,
            "a",
            "",
            href=node["refuri"],
            rel="sponsored noopener",
            CLASS="reference external",
        )
    )


def _depart_sponsored_html(self: HTML5Translator, node: sponsored_reference) -> None:
    self.body.append("</a>")


def _visit_subscribe_form_html(self: HTML5Translator, node: subscribe_form) -> None:
    context = {"action": node["action"], "field": node["field"], "label": node["label"], "nl_": _}
    self.body.append(self.builder.templates.render(SUBSCRIBE_FORM_TEMPLATE, context))
    raise nodes.SkipNode


def _pass(self: object, node: nodes.Element) -> None:
    """Render nothing for the node itself; its children render as usual."""


def _skip(self: object, node: nodes.Element) -> None:
    raise nodes.SkipNode


def setup_nodes(app: Sphinx) -> None:
    """Register the nodes and their visitors for every builder."""
    # ``override`` is named below so that the visitors unpacked after it are not read as it.
    plain = {name: (_pass, _pass) for name in ("latex", "text", "man", "texinfo")}
    for node_class in (semantic, semantic_text):
        app.add_node(
            node_class, override=False, html=(_visit_semantic_html, _depart_semantic_html), **plain
        )
    # Unresolved placeholders never reach a writer: drop them if one does.
    skipped = {name: (_skip, None) for name in ("html", "latex", "text", "man", "texinfo")}
    for placeholder in (issue_navigation, follow_ups, archived_copy, listing, web_only):
        app.add_node(placeholder, override=False, **skipped)
    app.add_node(sponsored_reference, html=(_visit_sponsored_html, _depart_sponsored_html))
    others = {name: visitors for name, visitors in skipped.items() if name != "html"}
    app.add_node(subscribe_form, override=False, html=(_visit_subscribe_form_html, None), **others)
