"""Bold and emphasis next to CJK punctuation, read as the contributor meant.

CommonMark decides whether ``**`` opens or closes by the characters around it;
next to CJK punctuation (``的**「标题」**系列``) its rules fail and the asterisks
stay in the text. The kit reads such pairs as bold or emphasis; what still
cannot be read is reported with the way to write it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: A run of asterisks: only a run of exactly one or two opens or closes a pair.
_RUN = re.compile(r"\*+")
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


@dataclass(frozen=True, slots=True)
class Pair:
    """``*inner*`` or ``**inner**`` in a text: where it stands and its marker."""

    start: int
    end: int
    marker: str

    def inner(self, text: str) -> str:
        """The text between the markers."""
        return text[self.start + len(self.marker) : self.end - len(self.marker)]

    def touches_cjk(self, text: str) -> bool:
        """Whether a CJK character stands inside either marker or outside either."""
        size = len(self.marker)
        before = text[self.start - 1] if self.start else ""
        after = text[self.end] if self.end < len(text) else ""
        inside = (text[self.start + size], text[self.end - size - 1])
        return any(is_cjk(c) for c in (before, after, *inside))


def pairs(text: str) -> Iterator[Pair]:
    r"""The asterisk pairs of ``text``, leftmost first, each closed at its nearest closer.

    A run of exactly one or two asterisks opens when a non-space follows it and
    closes a pair of its own size when a non-space precedes it; a pair stays on
    one line, and the search goes on after each pair's end. This is what the
    regex ``(?<!\*)(\*\*|\*)(?![\s*])(.+?)(?<![\s*])\1(?!\*)`` finds, in linear
    time: that regex scanned to the end of the line from every opener that has
    no closer, so a take of ``*a *a *a ...`` took quadratic time
    (``tests/test_linear.py`` proves the two equal).
    """
    runs = [(run.start(), run.end() - run.start()) for run in _RUN.finditer(text)]
    # Every closer, by size, in order: the openers are met in order too, so one
    # pointer per size finds each opener's nearest closer without searching again.
    closers: dict[int, list[int]] = {1: [], 2: []}
    for start, size in runs:
        if size <= 2 and start and not text[start - 1].isspace():
            closers[size].append(start)
    nearest = {1: 0, 2: 0}
    line_end = -1
    done = 0
    for start, size in runs:
        inner = start + size
        if start < done or size > 2 or inner == len(text) or text[inner].isspace():
            continue
        candidates, index = closers[size], nearest[size]
        while index < len(candidates) and candidates[index] < inner:
            index += 1
        nearest[size] = index
        if index == len(candidates):
            continue
        if line_end < inner:  # the line end after this opener, found once per line
            line_end = text.find("\n", inner)
            line_end = len(text) if line_end < 0 else line_end
        close = candidates[index]
        if close < line_end:
            done = close + size
            yield Pair(start, done, text[start:inner])


def without_markers(text: str) -> str:
    """``text`` without the asterisk pairs the kit reads as emphasis (for excerpts)."""
    if "*" not in text:  # most takes: no pair to look for (the search is per character)
        return text
    pieces: list[str] = []
    last = 0
    for pair in pairs(text):
        if pair.touches_cjk(text):
            pieces += (text[last : pair.start], pair.inner(text))
            last = pair.end
    return "".join(pieces) + text[last:] if pieces else text


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
        for pair in pairs(source):
            if not pair.touches_cjk(source):
                continue
            pieces.append(nodes.Text(source[last : pair.start]))
            kind = nodes.strong if pair.marker == "**" else nodes.emphasis
            inner = pair.inner(source)
            pieces.append(kind(inner, inner))
            last = pair.end
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


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    # docutils' stubs type ``parent`` as never None; the document's is.
    current: nodes.Node | None = node
    while current is not None:
        yield current
        current = current.parent
