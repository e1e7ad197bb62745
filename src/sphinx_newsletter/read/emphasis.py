"""Bold and emphasis next to CJK punctuation, read as the contributor meant.

CommonMark decides whether ``**`` opens or closes by the characters around it;
next to CJK punctuation (``的**「标题」**系列``) its rules fail and the asterisks
stay in the text. The kit reads such pairs as bold or emphasis; what still
cannot be read is reported with the way to write it.
"""

from __future__ import annotations

import re
import unicodedata

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

# A run of one or two asterisks, not touching others; CJK letters count as \w in
# Python, so only asterisks are excluded around it (the CJK test comes after).
_PAIR = re.compile(r"(?<!\*)(\*\*|\*)(?![\s*])(.+?)(?<![\s*])\1(?!\*)")
_SKIP = (nodes.FixedTextElement, nodes.literal, nodes.raw, nodes.comment, nodes.reference)


def is_cjk(char: str) -> bool:
    """Han, kana, Hangul and their punctuation (where CommonMark's rules fail)."""
    if not char:
        return False
    name = unicodedata.name(char, "")
    return any(
        word in name
        for word in ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "IDEOGRAPHIC")
    )


def _touches_cjk(text: str, match: re.Match[str]) -> bool:
    inner = match.group(2)
    before = text[match.start() - 1] if match.start() else ""
    after = text[match.end()] if match.end() < len(text) else ""
    return any(is_cjk(c) for c in (before, after, inner[0], inner[-1]))


def without_markers(text: str) -> str:
    """``text`` without the asterisk pairs the kit reads as emphasis (for excerpts)."""
    if "*" not in text:  # most takes: no pair to look for (the search is per character)
        return text
    return _PAIR.sub(lambda m: m.group(2) if _touches_cjk(m.string, m) else m.group(0), text)


class CJKEmphasis(SphinxTransform):
    """Turn ``**…**`` and ``*…*`` left in the text next to CJK into strong and emphasis."""

    default_priority = 700

    def apply(self, **kwargs: object) -> None:
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or isinstance(parent, _SKIP) or "*" not in text:
                continue
            if any(isinstance(a, _SKIP) for a in _ancestors(parent)):
                continue
            self._convert(text)

    def _convert(self, text: nodes.Text) -> None:
        source = str(text)
        pieces: list[nodes.Node] = []
        last = 0
        for match in _PAIR.finditer(source):
            if not _touches_cjk(source, match):
                continue
            pieces.append(nodes.Text(source[last : match.start()]))
            kind = nodes.strong if match.group(1) == "**" else nodes.emphasis
            pieces.append(kind(match.group(2), match.group(2)))
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(source[last:]))
            text.parent.replace(
                text, [p for p in pieces if not isinstance(p, nodes.Text) or str(p)]
            )
        rest = "".join(str(p) for p in pieces if isinstance(p, nodes.Text)) if pieces else source
        if "**" in rest and any(is_cjk(c) for c in rest):
            logger.warning(
                "bold markers `**` next to CJK text could not be paired, so they show "
                "as asterisks; put the whole bold phrase between one pair of `**` on "
                "one line, or write <strong>…</strong>",
                location=text.parent,
                type="newsletter",
                subtype="markup",
            )


def _ancestors(node: nodes.Node):
    while node is not None:
        yield node
        node = node.parent
