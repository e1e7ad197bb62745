"""The build reads the link-health record: archived copies beside dead links, everywhere.

The ``basic`` root with a record that holds one URL dead since before its issue
came out (``sora``), one found dead long after (``3ac``), one failing for less than
a week and one healthy. Every output is read back: the issue pages, the listings,
the site feed's content, the email edition and the search records.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import feedparser
import pytest

from conftest import (
    BUILD_MODES,
    assert_same_site,
    build_in_mode,
    build_site,
    copy_root,
    edit_file,
)
from sphinx_newsletter._compat import pagefind_fragments
from sphinx_newsletter.linkhealth import wayback_url
from test_email import EMAIL
from test_fast_reader import assert_readers_agree

SORA = "https://news.example/sora"
THREE_ARROWS = "https://news.example/3ac"
CHIPS = "https://news.example/chip-renaissance"
AGAIN = "https://news.example/3ac-again"
SAVED = "https://archive.example/saved/lost-article"
HEAD = "checked\t2026-12-07\n"


def line(url: str, status: str, since: str, dead_since: str = "-", snapshot: str = "-") -> str:
    """One URL's line of the record."""
    return "\t".join([url, status, since, dead_since, "-", "-", "404", "-", snapshot]) + "\n"


RECORD = HEAD + "".join(
    [
        line(SORA, "dead", "2024-02-01", "2024-02-20"),
        line(THREE_ARROWS, "dead", "2026-11-20", "2026-11-30"),
        line(CHIPS, "failing", "2026-12-07"),
        line(AGAIN, "ok", "2026-01-05"),
    ]
)
#: Issue 2's recommendation whose link is lost gets a saved copy by hand.
LOST = ":::{recommendation} Archive of a lost article\n:no-url:\n"


def with_record(srcdir: Path, record: str = RECORD) -> None:
    """Write the record and give the lost article its ``:archive:``."""
    (srcdir / "link-health.tsv").write_text(record, encoding="utf-8")
    issue = srcdir / "issues" / "0002.md"
    if SAVED not in issue.read_text(encoding="utf-8"):
        edit_file(issue, LOST, f"{LOST}:archive: {SAVED}\n")


def archived_links(html: str) -> set[str]:
    """The archived-copy links of a page (``href``s of ``a.archived-copy``)."""
    return set(re.findall(r'<a class="[^"]*archived-copy[^"]*" href="([^"]+)"', html)) | set(
        re.findall(r'<a href="([^"]+)" class="[^"]*archived-copy', html)
    )


def expected_web() -> dict[str, set[str]]:
    """Each issue's archived copies on the web: every dead link, and the ``:archive:``."""
    return {
        "issues/0001/": {wayback_url(THREE_ARROWS, dt.date(2023, 11, 4))},
        "issues/0002/": {wayback_url(SORA, dt.date(2024, 3, 2)), SAVED},
    }


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_the_dead_recommendations_and_only_they_get_an_archived_copy_on_the_web(mode, tmp_path):
    site = build_in_mode(copy_root("basic", tmp_path / "site"), mode, with_record)
    assert site.of("links") == []
    for page, links in expected_web().items():
        html = (site.outdir / page / "index.html").read_text(encoding="utf-8")
        assert archived_links(html) == links, page
        soup = site.page(page)
        for anchor in soup.select("a.archived-copy"):
            article = anchor.find_parent("article")
            assert article is not None and "recommendation" in article["class"]
    # A listing that holds every entry shows the same copies, beside the same entries.
    asia = site.page("regions/asia/")
    shown = {
        entry.select_one("h3 a")["href"].rsplit("#", 1)[-1]: entry.select_one("a.archived-copy")
        for entry in asia.select("article.recommendation-entry")
    }
    marked = {anchor: link["href"] for anchor, link in shown.items() if link is not None}
    assert marked == {
        "three-arrows": wayback_url(THREE_ARROWS, dt.date(2023, 11, 4)),
        "sora-cold-water": wayback_url(SORA, dt.date(2024, 3, 2)),
        "archive-of-a-lost-article": SAVED,
    }
    # Search: the records of exactly those recommendations carry their copy.
    fragments = pagefind_fragments(site.outdir / "pagefind")
    archived = {
        f["url"].rsplit("#", 1)[-1]: f["meta"]["archived"]
        for f in fragments
        if "archived" in f["meta"]
    }
    assert archived == marked


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_a_feed_entry_shows_only_copies_of_links_dead_by_its_issue_s_date(mode, tmp_path):
    site = build_in_mode(copy_root("basic", tmp_path / "site"), mode, with_record)
    feed = feedparser.parse((site.outdir / "atom.xml").read_bytes())
    content = {entry.link: entry.content[0].value for entry in feed.entries}
    second = content["https://weekly.example/issues/0002/"]
    first = content["https://weekly.example/issues/0001/"]
    # Sora was dead before issue 2 came out; 3ac died long after issue 1 was sent.
    assert archived_links(second) == expected_web()["issues/0002/"]
    assert archived_links(first) == set()
    # A region's feed: each recommendation's entry links its copy if dead by then.
    china = feedparser.parse((site.outdir / "regions/china/atom.xml").read_bytes())
    singapore = feedparser.parse((site.outdir / "regions/singapore/atom.xml").read_bytes())
    copies = {
        entry.link.rsplit("#", 1)[-1]: [
            link.href for link in entry.links if link.get("title") == "Archived copy"
        ]
        for feed in (china, singapore)
        for entry in feed.entries
    }
    assert copies["sora-cold-water"] == [wayback_url(SORA, dt.date(2024, 3, 2))]
    assert copies["three-arrows"] == []


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_an_email_shows_only_copies_of_links_dead_by_its_issue_s_date(mode, tmp_path):
    site = build_in_mode(
        copy_root("basic", tmp_path / "site"),
        mode,
        with_record,
        builder="newsletter-email",
        newsletter_email=EMAIL,
    )
    second = (site.outdir / "0002.html").read_text(encoding="utf-8")
    first = (site.outdir / "0001.html").read_text(encoding="utf-8")
    assert {SAVED, wayback_url(SORA, dt.date(2024, 3, 2))} <= set(
        re.findall(r'href="([^"]+)"', second)
    )
    assert "web.archive.org" not in first
    # The plain-text part says the same, in the issue's words.
    text = (site.outdir / "0002.txt").read_text(encoding="utf-8")
    # (A linked line is its words, then its address on the next line.)
    assert f"Archived copy\n{SAVED}\n" in text
    assert f"Archived copy\n{wayback_url(SORA, dt.date(2024, 3, 2))}\n" in text
    assert "Archived copy" not in (site.outdir / "0001.txt").read_text(encoding="utf-8")


def test_the_same_record_gives_the_same_bytes_serial_parallel_or_incremental(tmp_path):
    sites = {
        mode: build_in_mode(copy_root("basic", tmp_path / mode), mode, with_record).outdir
        for mode in BUILD_MODES
    }
    assert_same_site(sites["parallel"], sites["clean"])
    assert_same_site(sites["incremental"], sites["clean"])


def _mtimes(outdir: Path) -> dict[str, int]:
    return {
        str(path.relative_to(outdir)): path.stat().st_mtime_ns
        for path in outdir.rglob("*.html")
        if "pagefind" not in path.parts and ".doctrees" not in path.parts
    }


def _showing(outdir: Path, url: str) -> set[str]:
    """The pages that link ``url`` (its recommendation's issue page and listings)."""
    return {
        str(path.relative_to(outdir))
        for path in outdir.rglob("*.html")
        if f'href="{url}"' in path.read_text(encoding="utf-8") and "pagefind" not in path.parts
    }


def test_a_record_that_changes_one_dead_link_rewrites_only_the_pages_that_show_it(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    with_record(srcdir)
    build_site(srcdir)
    first = build_site(srcdir)
    before = _mtimes(first.outdir)
    # A build with nothing changed: what every build writes anyway.
    again = build_site(srcdir)
    always = {page for page, mtime in _mtimes(again.outdir).items() if before[page] != mtime}
    before = _mtimes(again.outdir)
    (srcdir / "link-health.tsv").write_text(
        RECORD.replace(
            line(THREE_ARROWS, "dead", "2026-11-20", "2026-11-30"),
            line(THREE_ARROWS, "ok", "2026-12-14"),
        ),
        encoding="utf-8",
    )
    changed = build_site(srcdir)
    rewritten = {p for p, mtime in _mtimes(changed.outdir).items() if before.get(p) != mtime}
    showing = _showing(changed.outdir, THREE_ARROWS)
    assert "issues/0001/index.html" in showing
    assert len(showing) > 3  # the issue and its listings
    assert rewritten - always == showing
    assert archived_links((changed.outdir / "issues/0001/index.html").read_text("utf-8")) == set()


HOSTILE = HEAD + "".join(
    [
        line("https://nowhere.example/never-recommended", "dead", "2024-01-01", "2024-01-08"),
        line(SORA, "dead", "2024-02-01", "2024-02-20", "javascript:alert(1)"),
        "https://news.example/3ac\tdead\tnot-a-date\t-\t-\t-\t-\t-\t-\n",
        "a line with no tabs at all\n",
        line(AGAIN, "zombie", "2026-01-05"),
    ]
)


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_a_hostile_record_gives_located_warnings_and_is_ignored(mode, tmp_path):
    site = build_in_mode(
        copy_root("basic", tmp_path / "site"), mode, lambda src: with_record(src, HOSTILE)
    )
    found = {(w.path, w.line) for w in site.of("links")}
    assert found == {("link-health.tsv", n) for n in (2, 3, 4, 5, 6)}
    for page in ("issues/0001/", "issues/0002/"):
        html = (site.outdir / page / "index.html").read_text(encoding="utf-8")
        assert "javascript:" not in html
        # Only the editor's :archive: is left: every line of the record was refused.
        assert archived_links(html) == ({SAVED} if page == "issues/0002/" else set())


def test_a_record_that_is_not_text_is_one_warning_and_the_site_builds(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    (srcdir / "link-health.tsv").write_bytes(b"\xff\xfe\x00binary")
    site = build_site(srcdir)
    [warning] = site.of("links")
    assert warning.path == "link-health.tsv"
    assert archived_links((site.outdir / "issues/0002/index.html").read_text("utf-8")) == set()


ARCHIVES = """---
number: 4
date: 2024-03-16
description: Saved copies.
---

# Saved copies

:::{recommendation} A lost one with a saved copy
:no-url:
:archive: https://web.archive.org/web/20240301000000/https://lost.example/a

Lost, then found.
:::

:::{recommendation} A script as a copy
:url: https://live.example/b
:archive: javascript:alert(1)

Refused.
:::
"""


def test_archive_is_read_alike_by_both_readers_and_a_bad_one_is_refused(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    (srcdir / "issues" / "0004.md").write_text(ARCHIVES, encoding="utf-8")
    problems = assert_readers_agree(srcdir)
    bad = [p for p in problems if p[0] == "issues/0004.md" and p[3] == "newsletter.url"]
    assert [line for _, line, _, _, message in bad if "no archived copy" in message] == [18]
    site = build_site(srcdir)
    html = (site.outdir / "issues/0004/index.html").read_text(encoding="utf-8")
    assert archived_links(html) == {
        "https://web.archive.org/web/20240301000000/https://lost.example/a"
    }
    assert "javascript:" not in html


@pytest.mark.browser
def test_a_search_result_links_the_archived_copy_of_a_dead_link(tmp_path):
    from browser import chromium_session, desktop_tab, search, serve

    srcdir = copy_root("basic", tmp_path / "site")
    with_record(srcdir)
    site = build_site(srcdir)
    with chromium_session() as browser, serve(site.outdir) as base, desktop_tab(browser) as tab:
        results = search(tab, base, "q=sora")
        assert results
        found = tab.locator(".nl-search-result").evaluate_all(
            "items => items.map(item => [item.querySelector('h2 a').textContent,"
            " [...item.querySelectorAll('a.archived-copy')].map(a => a.href)])"
        )
    copies = {title: links for title, links in found}
    assert copies["OpenAI's Sora pours 'cold water' on China's AI dreams"] == [
        wayback_url(SORA, dt.date(2024, 3, 2))
    ]
    # The issue's own result and any live link show none.
    assert all(links == [] for title, links in found if "Sora pours" not in title)
