"""Time grows linearly with an issue's size, whatever its shape (issue #27).

A shape of text that makes some step quadratic lets a 100 KB pull request hold a
build for minutes. Each hostile shape is built and checked at two sizes on this
machine in one run; doubling the input may not more than triple the time.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from sphinx_newsletter.read.emphasis import pairs, without_markers

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
