"""An issue's whole content as HTML that stands on its own: for feed readers (and email).

The issue's doctree is rendered by the site's own HTML translator, the same
sanitized nodes the page shows, without the web-only chrome (subscribe block,
navigation) and without heading permalinks; every link and image is then made
absolute against the issue page's URL, so the HTML works wherever it is read.

A reader shows it without the site's stylesheet, so what the page separates
with CSS is separated by text here (:func:`separated`): the header's name,
number and date, and the chips. The headline is left out, since the entry's
title already holds it (``Name #9: headline``). So are the "Followed up in"
notes, which a later issue adds to the page: a reader keeps the entry it
fetched, and an entry once published is never rewritten.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import lxml.html
from docutils import nodes
from sphinx.util.logging import suppress_logging

from .._compat import render_doctree
from ..archived import resolve_archived
from ..domain import catalog_of
from ..nodes import follow_ups, web_only
from ..urls import page_url, resolve_url

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

#: Characters XML 1.0 cannot hold (lxml refuses them): C0 controls but tab, line
#: feed and carriage return; DEL and C1 controls; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document (a feed) cannot hold."""
    return _NOT_XML.sub("", text)


#: Between the parts of a line the page's stylesheet spaces out (header, chips): a
#: reader without it would run "Name#9March 2, 2024" together.
SEPARATOR = " \u00b7 "
#: The issue's header line (``read.issues``): the newsletter's name, number and date.
KICKER = "issue-kicker"
#: A recommendation's regions and topics (``read.directives``).
CHIPS = "recommendation-chips"
#: "Followed up in #10: ...", which a later issue adds (``pages.navigation``).
FOLLOWED_UP = "recommendation-followed-up"
#: "Our Take" and "Sponsored": small capitals on the page, a plain line of text to a
#: reader unless they are bold.
LABELS = ("take-label", "sponsor-label")


def classed(doctree: nodes.Node, name: str) -> Iterator[nodes.Element]:
    """The elements of ``doctree`` with the class ``name``, in document order."""
    for node in list(doctree.findall(nodes.Element)):
        if name in node["classes"]:
            yield node


def separated(element: nodes.Element, parts: list[nodes.Node]) -> None:
    """Make ``parts`` the children of ``element``, with :data:`SEPARATOR` between them."""
    element.clear()
    for index, part in enumerate(parts):
        if index:
            element += nodes.Text(SEPARATOR)
        element += part


def separate_chips(doctree: nodes.Node, *, linked: bool) -> None:
    """Each recommendation's chips separated by text; ``linked=False`` makes them plain
    text (an email's chips are words, not a row of tiny links)."""
    for chips in classed(doctree, CHIPS):
        parts = [child for child in chips.children if not isinstance(child, nodes.Text)]
        if not linked:
            parts = [
                inline
                for part in parts
                for inline in (part.children if isinstance(part, nodes.reference) else [part])
            ]
        separated(chips, parts)


def headline(doctree: nodes.Node) -> nodes.title | None:
    """The issue's headline: the title of its first section (``read.issues``)."""
    top = next(iter(doctree.findall(nodes.section)), None)
    return top[0] if top is not None and len(top) and isinstance(top[0], nodes.title) else None


def for_readers(doctree: nodes.document) -> None:
    """Shape an issue's resolved doctree for a feed reader: the header's parts and the
    chips separated by text, the headline left to the entry's title, and nothing a
    later issue adds."""
    for note in classed(doctree, FOLLOWED_UP):
        note.parent.remove(note)
    for kicker in classed(doctree, KICKER):
        separated(kicker, list(kicker.children))
    for name in LABELS:
        for label in classed(doctree, name):
            words = list(label.children)
            label.clear()
            label += nodes.strong("", "", *words)
    separate_chips(doctree, linked=True)
    title = headline(doctree)
    if title is not None:
        title.parent.remove(title)


def issue_html(app: Sphinx, builder: StandaloneHTMLBuilder, docname: str) -> str:
    """The issue's content as an HTML fragment with absolute links and images, shaped
    for a feed reader (:func:`for_readers`).

    ``builder`` is the web build's (``app.builder``, as its :class:`SiteOutput` holds it).
    """
    doctree = app.env.get_doctree(docname)
    placeholders: list[nodes.Element] = [*doctree.findall(web_only), *doctree.findall(follow_ups)]
    for node in placeholders:
        node.parent.remove(node)
    # An entry once read is never rewritten: its archived copies as of its issue's date.
    resolve_archived(doctree, catalog_of(app.env), docname, as_sent=True)
    # The page's own writing reported this doctree's problems (a broken {nl:rec}) once;
    # resolving it again for the feed must not report them twice.
    with suppress_logging():
        app.env.apply_post_transforms(doctree, docname)
        for_readers(doctree)
        fragment = render_doctree(builder, docname, doctree)
    base = page_url(app, docname) or ""
    return absolute_fragment(fragment, base)


def absolute_fragment(fragment: str, base: str) -> str:
    """``fragment`` with every ``href`` and ``src`` absolute against ``base``."""
    root = lxml.html.fragment_fromstring(xml_text(fragment), create_parent="div")
    for element in root.iter():
        for attribute in ("href", "src"):
            value = element.get(attribute)
            if value is not None:
                element.set(attribute, resolve_url(base, value))
        # srcset lists candidates; the kit's pages write none, so none may pass relative.
        element.attrib.pop("srcset", None)
    inner = html.escape(root.text or "", quote=False) + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in root
    )
    return inner.strip()
