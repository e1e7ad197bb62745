"""No amplification: one issue cannot add thousands of pages by naming thousands of terms.

Every topic, publication, author and sponsor gets a page (a topic a feed too). An
issue may file at most ``newsletter_max_names_per_issue`` different names and a
recommendation ``newsletter_max_names_per_recommendation``; the names past a cap
are dropped with a located ``newsletter.option`` warning at the option's line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUILD_MODES, build_in_mode, copy_root
from sphinx_newsletter.cli.check import check
from test_fast_reader import assert_readers_agree, fast_share

PER_ISSUE = 150
PER_RECOMMENDATION = 20


def _amplifying_issue() -> str:
    """An issue of 200 recommendations naming 4,000 topics, one with 25 authors, and
    two sponsors: far past both caps."""
    parts = [
        "---\nnumber: 4\ndate: 2024-04-01\ndescription: Thousands of topics.\n---\n\n# Many\n\n",
        ":::{recommendation} Many authors\n:url: https://news.example/authors\n:authors: "
        + ", ".join(f"Writer {i}" for i in range(25))
        + "\n\nTake.\n:::\n\n",
    ]
    for rec in range(200):
        topics = ", ".join(f"amp{20 * rec + i}" for i in range(20))
        parts.append(
            f":::{{recommendation}} Rec {rec}\n:url: https://news.example/{rec}\n"
            f":topics: {topics}\n\nTake.\n:::\n\n"
        )
    parts += [
        f":::{{sponsor}} Late Sponsor {i}\n:url: https://sponsor.example/\n\nBuy.\n:::\n\n"
        for i in range(2)
    ]
    return "".join(parts)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _add(srcdir: Path) -> None:
    (srcdir / "issues" / "0004.md").write_text(_amplifying_issue(), encoding="utf-8")


def _expected_warnings(text: str) -> set[tuple[str, int]]:
    """(option or directive line's start, line) of every warning the caps give."""
    lines = {("authors", _line(text, ":authors: Writer 0"))}
    # The first recommendation spends 20 of the issue's names on authors; topics
    # spend the other 130: Rec 0 to Rec 5 are filed whole, Rec 6 half.
    lines |= {("topics", _line(text, f":topics: amp{20 * rec},")) for rec in range(6, 200)}
    lines |= {("sponsor", _line(text, f":::{{sponsor}} Late Sponsor {i}")) for i in range(2)}
    return lines


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_an_issue_naming_thousands_of_topics_adds_at_most_the_cap_of_pages(mode, tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    built = build_in_mode(srcdir, mode, _add)
    topic_pages = list(built.outdir.glob("topics/amp*/index.html"))
    assert len(topic_pages) == PER_ISSUE - PER_RECOMMENDATION
    assert len(list(built.outdir.glob("topics/amp*/atom.xml"))) == len(topic_pages)
    assert len(list(built.outdir.glob("authors/writer-*/index.html"))) == PER_RECOMMENDATION
    assert not list(built.outdir.glob("sponsors/late-sponsor-*"))
    # The sponsors' blocks still stand on the issue page.
    assert len(built.page("issues/0004/").select("aside.sponsor")) == 2
    text = (srcdir / "issues" / "0004.md").read_text(encoding="utf-8")
    source = text.splitlines()
    found = {
        (source[w.line - 1].split()[0].strip(":{}").removeprefix("::{"), w.line)
        for w in built.of("option")
        if w.path == "issues/0004.md"
    }
    assert found == _expected_warnings(text)
    capped = [w for w in built.of("option") if w.line == _line(text, ":topics: amp120,")]
    assert "10 of the names in ':topics:', from 'amp130' on" in capped[0].message
    assert "at most 150 different" in capped[0].message
    assert "newsletter_max_names_per_issue" in capped[0].message


def test_newsletter_check_reports_the_caps_as_the_build_does(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    _add(srcdir)
    assert fast_share(srcdir) == (4, 4)  # the fast reader reads the issue itself
    problems = assert_readers_agree(srcdir)
    text = (srcdir / "issues" / "0004.md").read_text(encoding="utf-8")
    lines = {line for path, line, _, kind, _ in problems if kind == "newsletter.option"}
    assert lines == {line for _, line in _expected_warnings(text)}
    reported = check(srcdir)
    assert {p.line for p in reported if p.type == "newsletter.option"} == lines


def test_a_site_sets_its_own_caps(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    built = build_in_mode(
        srcdir,
        "clean",
        _add,
        newsletter_max_names_per_issue=30,
        newsletter_max_names_per_recommendation=5,
    )
    assert len(list(built.outdir.glob("authors/writer-*/index.html"))) == 5
    assert len(list(built.outdir.glob("topics/amp*/index.html"))) == 25
    assert "at most 5 names" in built.of("option")[0].message
