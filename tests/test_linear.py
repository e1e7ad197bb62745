"""Time grows linearly with an issue's size, whatever its shape (issue #27).

A shape of text that makes some step quadratic lets a 100 KB pull request hold a
build for minutes. Each hostile shape is built and checked at two sizes on this
machine in one run; doubling the input may not more than triple the time.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable

import pytest
from docutils import nodes
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import build_site, copy_root
from sphinx_newsletter.cli.check import check
from sphinx_newsletter.read import issues, rawhtml
from sphinx_newsletter.read.cards import section_names
from sphinx_newsletter.read.emphasis import pairs, without_markers
from sphinx_newsletter.slugs import slugify
from sphinx_newsletter.text import wrap

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
    """``text.wrap`` as it was: it measured the whole rest of a word for each line
    (moving a word with no wide character to the next line whole)."""
    from sphinx_newsletter.text import _columns_cut, _extends, _width

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
            elif line and size <= width and not any(_width(c) == 2 for c in word):
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


_HEAD = "---\nnumber: 4\ndate: 2024-04-01\ndescription: A hostile issue.\n---\n\n# Hostile\n\n"


def _take(body: str, options: str = "") -> str:
    return f":::{{recommendation}} A title\n:url: https://news.example/x\n{options}\n{body}\n:::\n"


def _times(unit: str, size: int) -> str:
    return unit * (size // len(unit))


#: Each hostile shape: the issue it makes at about ``size`` bytes, and the size to
#: start from: where the old code's time clearly grew faster than the input.
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "emphasis without closers": (lambda n: _HEAD + _take(_times("*a ", n)), 40_000),
    "bold without closers": (lambda n: _HEAD + _take(_times("**a ", n)), 40_000),
    "a headline line of spaces": (lambda n: _HEAD + "# a" + " " * n + "b\n", 1_500),
    "a section heading of spaces": (
        lambda n: _HEAD + "## a" + " " * n + "b\n\n" + _take("Take.", ":topics: ai"),
        30_000,
    ),
    "a tag after spaces": (lambda n: _HEAD + "<div>\n<" + " " * n + "1\n\nText.\n", 30_000),
    "brackets": (lambda n: _HEAD + _take("[" * n), 40_000),
    "backticks": (lambda n: _HEAD + _take(_times("`a ", n)), 40_000),
    "comments left open": (lambda n: _HEAD + _take(_times("<!-- a ", n)), 40_000),
    "roles to nowhere": (
        lambda n: _HEAD + _take("".join(f"{{nl:rec}}`gone{i}` " for i in range(n // 16))),
        40_000,
    ),
    "nested quotes": (lambda n: _HEAD + "> " * (n // 2) + "a\n", 40_000),
    "headings": (
        lambda n: _HEAD + "".join(f"## Part {i}\n\nText.\n\n" for i in range(n // 22)),
        40_000,
    ),
    "follow-ups to nowhere": (
        lambda n: (
            _HEAD
            + "".join(_take("Take.", f":name: r{i}\n:follows: gone{i}") for i in range(n // 90))
        ),
        40_000,
    ),
    "unknown options": (
        lambda n: _HEAD + _take("Take.", "\n".join(f":bad{i}: v" for i in range(n // 10))),
        40_000,
    ),
}


def _best_time(run: Callable[[], object], repeats: int = 2) -> float:
    """The shortest of ``repeats`` runs: other work on the machine only slows a run."""
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.slow
@pytest.mark.parametrize("how", ["build", "check"])
@pytest.mark.parametrize("shape", SHAPES)
def test_doubling_a_hostile_issue_at_most_doubles_the_time(shape, how, tmp_path):
    make, size = SHAPES[shape]
    srcdir = copy_root("basic", tmp_path / "site")

    def run() -> None:
        if how == "build":
            shutil.rmtree(srcdir / "_build", ignore_errors=True)
            build_site(srcdir)
        else:
            check(srcdir)

    # Taking turns between the two sizes, best of three each, so a burst of other work
    # on the machine (the other test worker) slows both alike.
    times = [float("inf")] * 2
    for _ in range(3):
        for k, n in enumerate((size, 2 * size)):
            (srcdir / "issues" / "0004.md").write_text(make(n), encoding="utf-8")
            times[k] = min(times[k], _best_time(run, repeats=1))
    # Linear is 2x plus the fixed cost of a site; quadratic is near 4x.
    assert times[1] <= 3 * times[0], f"{shape}: {times[0]:.2f} s, then {times[1]:.2f} s"


def test_wrapping_a_long_word_takes_linear_time():
    # Taking turns, so a burst of other work on the machine slows both sizes alike.
    short = long = float("inf")
    for _ in range(5):
        short = min(short, _best_time(lambda: wrap("中" * 40_000, 70), repeats=1))
        long = min(long, _best_time(lambda: wrap("中" * 80_000, 70), repeats=1))
    assert long <= 3 * short, f"{short:.3f} s, then {long:.3f} s"
