"""No raw HTML from an issue reaches a reader: it is shown as the text it is.

Issues come from many contributors through pull requests; MyST would pass
``<script>`` or ``<img onerror=…>`` in a title or a take straight into the page.
In restricted documents (see ``sanitize``), raw HTML becomes visible text (with a
warning that says how to write it instead) and HTML comments, which a reader never
saw, are dropped.
Text that only names a tag (``Result<T>``, "using <img> tags") becomes the text
the contributor meant, without a warning.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: An HTML comment; one left open runs to the end, as in a browser.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
#: A tag: its name and the rest. The spaces are taken possessively: a ``<`` before a
#: long run of spaces would otherwise be retried at every split of the run.
_TAG = re.compile(r"<\s*+/?\s*+([A-Za-z][A-Za-z0-9-]*)([^>]*)>?")
#: Elements that run code, load things or take input: never mere prose.
ACTIVE_ELEMENTS = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "link",
        "meta",
        "base",
        "template",
        "portal",
    ]
)


def looks_like_html(text: str) -> bool:
    """Whether raw text is markup that would act, not a tag named in prose.

    ``<T>``, ``Result<T, E>`` and "using <img> tags" are prose: shown as text
    silently. A tag with attributes, or one that runs or loads something, is
    reported.
    """
    for name, rest in _TAG.findall(text):
        if name.lower() in ACTIVE_ELEMENTS or re.search(r"[=\"']", rest):
            return True
    return False


def without_comments(html: str) -> str:
    """Raw HTML without its comments (what a reader would have seen of it)."""
    return _COMMENT.sub("", html)


def raw_as_text(raw: nodes.raw) -> None:
    """Replace a raw node with the text it holds, without its comments (or drop it).

    Markup that would act is reported at its line, with how to write it instead.
    """
    text = without_comments(raw.astext())
    if not text.strip():
        raw.parent.remove(raw)
        return
    if looks_like_html(text):
        logger.warning(
            "raw HTML is not rendered in an issue, so it is shown as text: "
            f"{text.strip()[:60]!r}; write it in Markdown (links, **bold**, lists) "
            "instead",
            location=raw,
            type="newsletter",
            subtype="markup",
        )
    if isinstance(raw.parent, nodes.TextElement):
        raw.replace_self(nodes.Text(text))
    else:
        raw.replace_self(nodes.paragraph(text, text))
