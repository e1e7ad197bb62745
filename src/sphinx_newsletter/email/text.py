"""The plain-text part of an issue's email, written from the doctree the HTML part is.

Everything the HTML shows stands where it stands there: the description, the
intro, each heading (underlined), each recommendation (its title, then its link
on a line of its own, its byline and chips as words, its take indented under its
label), the sponsor where the issue puts it. A link into the text keeps its
address after it (``word <https://...>``); a link to the site's own pages (names,
chips) is only its words. An image is its alt text in brackets (``[A diagram]``);
the cover, which only decorates, is left out. Lines are wrapped by display
width (``text.wrap``), so a CJK character counts two columns; control characters
(a terminal's escapes) become spaces, so nothing typed into an issue drives the
reader's terminal.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes

from ..labels import _
from ..links import http_url
from ..text import columns, wrap
from ..urls import encode_url

WIDTH = 72
#: Underlines of the headline and of a section's heading; deeper headings have none.
_UNDERLINES = {1: "=", 2: "-"}
#: Control characters but line feed and tab: each run of them reads as one space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]+")
#: What a text reader shows nothing of.
_SKIPPED = (
    nodes.Invisible,
    nodes.comment,
    nodes.raw,
    nodes.system_message,
    addnodes.index,
)
#: Elements the text skips with all they hold: the issue's cover (an image and its credit).
_SKIPPED_CLASSES = {"issue-cover"}
#: The sponsor's label, set apart like a tag: ``[Sponsored]``.
_TAG_CLASSES = {"sponsor-label"}


def labelled(label: str, value: str = "") -> str:
    """``Label: value`` (or ``Label:``), with the language's colon (a full-width one in Chinese)."""
    if value:
        return _("{label}: {value}", label=label, value=value)
    return _("{label}:", label=label)


def plain(text: str) -> str:
    """``text`` without control characters (each run of them one space)."""
    return _CONTROL.sub(" ", text)


def _address(node: nodes.Element) -> str | None:
    """The full address a link leads to, if it leads out of the site (``http(s)``,
    ``mailto``); links to the site's own pages and anchors give none."""
    uri = node.get("refuri") or ""
    if "internal" in node["classes"]:
        return None
    if http_url(uri):
        return encode_url(uri)
    if uri.lower().startswith("mailto:"):
        return uri
    return None


def inline(node: nodes.Node) -> str:
    """The words of an inline run, each outside link followed by its ``<address>``."""
    if isinstance(node, nodes.Text):
        return plain(str(node))
    if isinstance(node, nodes.image):
        alt = " ".join(plain(node.get("alt", "")).split())
        return f"[{alt}]" if alt else ""
    if isinstance(node, _SKIPPED) or not isinstance(node, nodes.Element):
        return ""
    words = "".join(inline(child) for child in node.children)
    if isinstance(node, nodes.reference):
        address = _address(node)
        if address and address not in (words.strip(), words.strip().removeprefix("mailto:")):
            return f"{words} <{address}>"
    if isinstance(node, nodes.footnote_reference):
        return f"[{words}]"
    return words


def _sole_link(node: nodes.Element) -> nodes.reference | None:
    """The outside link that is all of ``node``'s words (a linked title), if it is."""
    shown = [
        child
        for child in node.children
        if not isinstance(child, _SKIPPED)
        and not (isinstance(child, nodes.Text) and not child.strip())
        and not (isinstance(child, nodes.image) and not child.get("alt", "").strip())
    ]
    if len(shown) == 1 and isinstance(shown[0], nodes.reference) and _address(shown[0]):
        return shown[0]
    return None


class _Writer:
    """The text's lines, a blank line between blocks."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def wrapped(self, text: str, indent: str = "", first: str = "") -> None:
        """``text`` wrapped at :data:`WIDTH`, its first line after ``first``, the rest
        under it."""
        hang = " " * columns(first)
        # An address stays whole, however long: a reader follows it only whole.
        room = max(WIDTH - len(indent) - len(hang), 20)
        for index, line in enumerate(wrap(text, room, break_long=False)):
            self.lines.append(indent + (first if index == 0 else hang) + line)

    def heading(self, text: str, level: int) -> None:
        self.blank()
        text = " ".join(text.split())
        self.wrapped(text)
        mark = _UNDERLINES.get(level)
        if mark:
            longest = max(columns(line) for line in wrap(text, WIDTH, break_long=False))
            self.lines.append(mark * min(WIDTH, longest))
        self.blank()

    def block(self, node: nodes.Node, indent: str = "", tight: bool = False) -> None:
        """Write ``node`` and what it holds; ``tight`` leaves no blank line after a
        paragraph (a recommendation's title, link, byline and chips stay together)."""
        if isinstance(node, _SKIPPED) or not isinstance(node, nodes.Element):
            return
        classes = set(node["classes"])
        if classes & _SKIPPED_CLASSES:
            return
        if isinstance(node, nodes.image):
            self.wrapped(inline(node), indent)
            self.blank()
        elif isinstance(node, nodes.title):
            level = len(list(a for a in _ancestors(node) if isinstance(a, nodes.section)))
            self.heading(inline(node), level)
        elif isinstance(node, nodes.literal_block):
            for line in plain(node.astext().replace("\t", "    ")).splitlines() or [""]:
                self.lines.append(f"{indent}    {line}".rstrip())
            self.blank()
        elif isinstance(node, (nodes.bullet_list, nodes.enumerated_list)):
            for number, item in enumerate(node.children, start=1):
                mark = f"{number}. " if isinstance(node, nodes.enumerated_list) else "- "
                self._item(item, indent, mark)
            self.blank()
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                for part in item.children:
                    if isinstance(part, nodes.definition):
                        self._children(part, indent + "    ", tight=True)
                    else:
                        self.wrapped(inline(part), indent)
            self.blank()
        elif isinstance(node, nodes.block_quote):
            self._children(node, indent + "    ")
        elif isinstance(node, nodes.transition):
            self.blank()
            self.lines.append(indent + "* * *")
            self.blank()
        elif isinstance(node, nodes.table):
            for row in node.findall(nodes.row):
                cells = [" ".join(inline(p) for p in entry.children) for entry in row.children]
                self.wrapped(" | ".join(" ".join(cell.split()) for cell in cells), indent)
            self.blank()
        elif "recommendation" in classes:
            self.blank()
            for child in node.children:
                if isinstance(child, nodes.Element) and "recommendation-take" in child["classes"]:
                    self.blank()
                    self._take(child, indent)
                else:
                    self.block(child, indent, tight=True)
            self.blank()
        elif "sponsor" in classes:
            # Its label over its name (a tag leaves no blank line), then its message.
            self.blank()
            self._children(node, indent)
        elif classes & _TAG_CLASSES:
            self.lines.append(f"{indent}[{' '.join(inline(node).split())}]")
        elif isinstance(node, nodes.TextElement):
            self._paragraph(node, indent)
            if not tight:
                self.blank()
        else:
            self._children(node, indent, tight)

    def _children(self, node: nodes.Element, indent: str, tight: bool = False) -> None:
        for child in node.children:
            self.block(child, indent, tight)

    def _paragraph(self, node: nodes.TextElement, indent: str) -> None:
        link = _sole_link(node)
        if link is not None:
            # A linked title: its words, then the address on a line of its own.
            self.wrapped("".join(inline(c) for c in link.children), indent)
            self.lines.append(indent + (_address(link) or ""))
        else:
            self.wrapped(inline(node), indent)

    def _take(self, take: nodes.Element, indent: str) -> None:
        """The editors' take: its label, then what it says, indented under it."""
        for child in take.children:
            if isinstance(child, nodes.Element) and "take-label" in child["classes"]:
                self.lines.append(indent + labelled(" ".join(inline(child).split())))
            else:
                self.block(child, indent + "  ")
        self.blank()

    def _item(self, item: nodes.Node, indent: str, mark: str) -> None:
        """A list item: its first paragraph after ``mark``, the rest indented under it."""
        if not isinstance(item, nodes.Element):
            return
        first = True
        for child in item.children:
            if first and isinstance(child, nodes.paragraph):
                self.wrapped(inline(child), indent, first=mark)
                first = False
            else:
                self.block(child, indent + " " * len(mark), tight=True)


def _ancestors(node: nodes.Node) -> list[nodes.Node]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def doctree_text(doctree: nodes.Node) -> list[str]:
    """The lines of an issue's content, read from its (resolved) doctree."""
    writer = _Writer()
    writer.block(doctree)
    return writer.lines


def issue_text(masthead: list[str], doctree: nodes.Node, footer: list[str]) -> str:
    """The whole plain-text email: the ``masthead`` lines, the issue's content from its
    ``doctree``, then the signature separator and the ``footer`` lines."""
    head = [*(plain(line) for line in masthead), "", *doctree_text(doctree)]
    tail = [plain(line) for line in footer]
    # "-- " keeps its space: mail readers know the signature by it.
    return (
        "\n".join(
            [*(line.rstrip() for line in head), "-- ", *(line.rstrip() for line in tail)]
        ).rstrip()
        + "\n"
    )
