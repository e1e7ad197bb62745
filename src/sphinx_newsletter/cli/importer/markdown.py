"""HTML to MyST Markdown, by markdownify, with the few conversions an issue file needs.

markdownify (MIT, small, one ``convert_<tag>`` method per element) does the
converting; this subclass changes only what would let feed text become MyST
markup of its own: a code block's fence is longer than any run of backticks in
it, link and image targets are percent-encoded so no character ends them early,
and a run of three colons (a MyST directive fence) is escaped like the other
characters markdownify escapes. HTML comes in already sanitized (``sanitize``).
"""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import quote

from markdownify import MarkdownConverter

#: What a link target keeps as it is: URL syntax, less the characters that end a
#: Markdown link or image target (space, ``(``, ``)``, ``<``, ``>``).
_SAFE_URL = ":/?#[]@!$&'*+,;=%~-._"
_COLONS = re.compile(r":{3,}")
_BACKTICKS = re.compile(r"`+")


def safe_target(url: str) -> str:
    """``url`` with every character that could end a Markdown link target encoded."""
    return quote(url, safe=_SAFE_URL)


class MystConverter(MarkdownConverter):
    """markdownify's converter, with fences, targets and colons made safe for MyST."""

    #: markdownify's settings (its stub declares only the constructor and convert()).
    options: dict[str, Any]

    def __init__(self, **options: Any) -> None:
        super().__init__(
            heading_style="ATX",
            bullets="-",
            escape_misc=True,
            escape_asterisks=True,
            escape_underscores=True,
            **options,
        )

    def escape(self, text: str, parent_tags: set[str]) -> str:
        """markdownify's escaping, and ``:::`` (a directive fence) escaped too."""
        # The stub leaves the per-text method out; it is markdownify's documented hook.
        escaped: str = cast(Any, super()).escape(text, parent_tags)
        return _COLONS.sub(lambda m: "\\" + m.group(0), escaped) if escaped else escaped

    def convert_a(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A link with its target encoded and no title."""
        href = el.get("href")
        if not href or "_noformat" in parent_tags or not text.strip():
            return text
        stripped = text.strip()
        before = text[: len(text) - len(text.lstrip())]
        after = text[len(text.rstrip()) :]
        return f"{before}[{stripped}]({safe_target(href)}){after}"

    def convert_img(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """An image with its alt text escaped and its target encoded."""
        src = el.attrs.get("src") or ""
        alt = self.escape(el.attrs.get("alt") or "", parent_tags)
        if "_inline" in parent_tags and el.parent.name not in self.options["keep_inline_images_in"]:
            return alt
        return f"![{alt}]({safe_target(src)})" if src else alt

    def convert_pre(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """A code block whose fence no line inside it can close."""
        if not text:
            return ""
        longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"\n\n{fence}\n{text.strip(chr(10))}\n{fence}\n\n"


_CONVERTER = MystConverter()


def to_markdown(html: str) -> str:
    """The Markdown of an HTML fragment (already sanitized), without outer blank lines."""
    converted: str = _CONVERTER.convert(html)
    return re.sub(r"\n{3,}", "\n\n", converted).strip()


def plain_markdown(text: str) -> str:
    """Plain ``text`` escaped so that MyST reads it as the same text (for a headline or
    a directive's title), on one line."""
    escaped: str = _CONVERTER.escape(" ".join(text.split()), set())
    return escaped
