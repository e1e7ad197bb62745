"""An issue's whole content as HTML that stands on its own: for feed readers (and email).

The issue's doctree is rendered by the site's own HTML translator, the same
sanitized nodes the page shows, without the web-only chrome (subscribe block,
navigation) and without heading permalinks; every link and image is then made
absolute against the issue page's URL, so the HTML works wherever it is read.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

import lxml.html
from sphinx.util.logging import suppress_logging

from .._compat import render_doctree
from ..nodes import web_only
from ..urls import page_url, resolve_url

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders.html import StandaloneHTMLBuilder

#: Characters XML 1.0 cannot hold (lxml refuses them): C0 controls but tab, line
#: feed and carriage return; DEL and C1 controls; lone surrogates; U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters an XML document (a feed) cannot hold."""
    return _NOT_XML.sub("", text)


def issue_html(app: Sphinx, builder: StandaloneHTMLBuilder, docname: str) -> str:
    """The issue's content as an HTML fragment with absolute links and images.

    ``builder`` is the web build's (``app.builder``, as its :class:`SiteOutput` holds it).
    """
    doctree = app.env.get_doctree(docname)
    for node in list(doctree.findall(web_only)):
        node.parent.remove(node)
    # The page's own writing reported this doctree's problems (a broken {nl:rec}) once;
    # resolving it again for the feed must not report them twice.
    with suppress_logging():
        app.env.apply_post_transforms(doctree, docname)
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
