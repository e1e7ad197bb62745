"""Time grows linearly with an issue's size, whatever its shape (issue #27).

A shape of text that makes some step quadratic lets a 100 KB pull request hold a
build for minutes. Each hostile shape is built and checked at two sizes on this
machine in one run; doubling the input may not more than triple the time.
"""

from __future__ import annotations

import re

from docutils import nodes
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_newsletter.pages.text import wrap
from sphinx_newsletter.read import issues, rawhtml
from sphinx_newsletter.read.cards import section_names
from sphinx_newsletter.read.emphasis import pairs, without_markers
from sphinx_newsletter.slugs import slugify

#: The regex the kit used before ``emphasis.pairs``: the reference it must equal.
_OLD_PAIR = re.compile(r"(?<!\*)(\*\*|\*)(?![\s*])(.+?)(?<![\s*])\1(?!\*)")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=["*", "a", " ", "\n", "中", "「", "」", "\u3000", "\x1c"], max_size=24))
@example("*a*b*")
@example("**a*b**")
@example("***a***")
@example("*a**b*")
@example("**a\n**")
@example("* a*b *c*")
def test_the_scanner_finds_what_the_old_regex_found(text):
    expected = [(m.start(), m.end(), m.group(1)) for m in _OLD_PAIR.finditer(text)]
    assert [(p.start, p.end, p.marker) for p in pairs(text)] == expected
    for pair, match in zip(pairs(text), _OLD_PAIR.finditer(text), strict=True):
        assert pair.inner(text) == match.group(2)


def test_markers_beside_cjk_are_dropped_from_excerpts():
    assert without_markers("的**「标题」**系列 and *a* b") == "的「标题」系列 and *a* b"


#: The kit's regexes before they were made linear, each the reference its new one
#: must equal: a heading line (cubic on a line of spaces), an HTML tag (quadratic
#: after ``<`` and spaces), a heading's list of names (quadratic on spaces).
_OLD_ATX_H1 = re.compile(r"^\s{0,3}#(?:\s+(.*?))?\s*#*\s*$")
_OLD_TAG = re.compile(r"<\s*/?\s*([A-Za-z][A-Za-z0-9-]*)([^>]*)>?")
_OLD_TITLE_PARTS = re.compile(r"\s*(?:[,;/&+·]|\band\b)\s*", re.IGNORECASE)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=["#", " ", "\t", "a", "\u3000", "\x1c"], max_size=12))
def test_a_headline_line_is_what_the_old_regex_found(line):
    assert bool(issues._ATX_H1.match(line)) == bool(_OLD_ATX_H1.match(line))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=["<", "/", " ", "\n", "a", "1", ">", "=", '"'], max_size=16))
def test_a_tag_is_what_the_old_regex_found(text):
    assert rawhtml._TAG.findall(text) == _OLD_TAG.findall(text)


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from([",", " ", "\t", "a", "n", "d", "AND", "&", "·", "+", "中"]),
        max_size=12,
    ).map("".join)
)
def test_a_heading_names_what_it_named_before(title):
    section = nodes.section("", nodes.title("", title))
    inside = nodes.paragraph()
    section += inside
    old = frozenset(s for s in map(slugify, _OLD_TITLE_PARTS.split(title)) if s)
    assert section_names(inside) == old


def _old_wrap(text: str, width: int) -> list[str]:
    """``pages.text.wrap`` as it was: it measured the whole rest of a word for each line."""
    from sphinx_newsletter.pages.text import _columns_cut, _extends, _width

    lines: list[str] = []
    line, used = "", 0
    for word in " ".join(text.split()).split(" "):
        if not word:
            continue
        while word:
            size = sum(0 if _extends(c) else _width(c) for c in word)
            room = width - used - (1 if line else 0)
            if size <= room:
                line, used = (f"{line} {word}", used + 1 + size) if line else (word, size)
                word = ""
            elif line and size <= width and word.isascii():
                lines.append(line)
                line, used = "", 0
            else:
                cut = max(_columns_cut(word, room if room > 0 else width), 1)
                while 1 < cut < len(word) and _extends(word[cut]):
                    cut -= 1
                if room <= 0 and line:
                    lines.append(line)
                    line, used = "", 0
                    continue
                head, word = word[:cut], word[cut:]
                line = f"{line} {head}" if line else head
                lines.append(line)
                line, used = "", 0
    if line:
        lines.append(line)
    return lines


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet=["a", "b", " ", "\n", "中", "文", "\u0301", "\u200d", "\ufe0f", "é"]),
    st.integers(min_value=1, max_value=12),
)
def test_wrapping_is_what_it_was(text, width):
    assert wrap(text, width) == _old_wrap(text, width)
