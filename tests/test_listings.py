"""Listing pages stay small and stable: top pages, year pages, initials, past pages frozen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Built, assert_same_site, build_site, edit_file, snapshot

CONF = """
project = "Three Years"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://three.example/"
newsletter_subscribe = {"url": "https://three.example/subscribe/"}
newsletter_listing_size = 2
newsletter_regions = {
    "asia": {"title": "Asia"},
    "southeast-asia": {"title": "Southeast Asia", "parent": "asia"},
    "singapore": {"title": "Singapore", "parent": "southeast-asia"},
    "vietnam": {"title": "Vietnam", "parent": "southeast-asia"},
    "japan": {"title": "Japan", "parent": "asia"},
}
"""
# (number, date, [(title, region, topic, author)])
ISSUES = [
    (
        1,
        "2022-03-01",
        [
            ("Old Singapore story", "singapore", "AI", "Ann Lee"),
            ("Old Japan story", "japan", "Chips", "Bo Chen"),
        ],
    ),
    (2, "2022-09-01", [("Vietnam factories", "vietnam", "Chips", "Ann Lee")]),
    (3, "2023-02-01", [("Singapore fintech", "singapore", "Fintech", "Cy Park")]),
    (4, "2023-08-01", [("Japan robots", "japan", "AI", "Bo Chen")]),
    (
        5,
        "2024-01-10",
        [
            ("Singapore AI rules", "singapore", "AI", "Ann Lee"),
            ("Vietnam chips", "vietnam", "Chips", "Dee Ng"),
        ],
    ),
    (6, "2024-02-10", [("Japan chips", "japan", "Chips", "Bo Chen")]),
]


def issue_text(number: int, date: str, recs: list[tuple[str, str, str, str]]) -> str:
    body = "".join(
        f":::{{recommendation}} {title}\n:url: https://news.example/{number}/{k}\n"
        f":authors: {author}\n:publication: Daily News\n:regions: {region}\n"
        f":topics: {topic}\n\nThe take on {title.lower()}.\n:::\n\n"
        for k, (title, region, topic, author) in enumerate(recs)
    )
    return (
        f"---\nnumber: {number}\ndate: {date}\ndescription: Issue {number}.\n---\n\n"
        f"# Issue {number} headline\n\n## News\n\n{body}"
    )


def write_site(dest: Path, issues=ISSUES) -> Path:
    (dest / "issues").mkdir(parents=True)
    (dest / "conf.py").write_text(CONF, encoding="utf-8")
    (dest / "index.md").write_text("# Three Years\n", encoding="utf-8")
    for number, date, recs in issues:
        (dest / "issues" / f"{number:04d}.md").write_text(
            issue_text(number, date, recs), encoding="utf-8"
        )
    return dest


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_site(write_site(tmp_path_factory.mktemp("three") / "site"))
    assert built.warning_text.strip() == ""
    return built


def _titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".recommendation-entry .entry-title a:first-child")]


def _years(page) -> dict[str, str]:
    return {
        a.get_text(): a.find_next_sibling("span").get_text().strip()
        for a in page.select("ul.year-links a")
    }


def test_top_page_shows_the_newest_entries_and_every_year_with_its_count(site):
    asia = site.page("regions/asia/")
    assert _titles(asia) == ["Japan chips", "Singapore AI rules"]
    assert _years(asia) == {"2024": "3", "2023": "2", "2022": "3"}
    singapore = site.page("regions/singapore/")
    assert _years(singapore) == {"2024": "1", "2023": "1", "2022": "1"}
    assert "3 entries in all" in singapore.select_one(".listing-summary").get_text()


def test_region_page_names_its_parent_and_children_with_counts(site):
    sea = site.page("regions/southeast-asia/")
    assert sea.select_one(".region-parent a")["href"] == "../asia/"
    children = {
        a.get_text(): a.find_next_sibling("span").get_text()
        for a in sea.select(".region-family .term-list a")
    }
    assert children == {"Singapore": "3", "Vietnam": "2"}


def test_old_recommendation_is_on_every_index_page_of_its_year(site):
    for page in (
        "regions/singapore/2022/",
        "regions/southeast-asia/2022/",
        "regions/asia/2022/",
        "topics/ai/2022/",
        "authors/ann-lee/2022/",
        "publications/daily-news/2022/",
    ):
        listing = site.page(page)
        assert "Old Singapore story" in _titles(listing), page
        link = next(
            a for a in listing.select(".entry-title a") if a.get_text() == "Old Singapore story"
        )
        assert link["href"].endswith("issues/0001/#old-singapore-story")
    assert "Old Singapore story" not in _titles(site.page("regions/singapore/2023/"))


def test_year_pages_group_by_issue_newest_first_and_link_neighbour_years(site):
    page = site.page("regions/asia/2022/")
    groups = [g.select_one(".issue-number").get_text() for g in page.select(".listing-issue")]
    assert groups == ["#2", "#1"]
    assert _titles(page) == ["Vietnam factories", "Old Singapore story", "Old Japan story"]
    nav = page.select_one("nav.year-navigation")
    assert nav.select_one(".year-previous") is None
    # Both ways: the next year by its year, and the node's top page (its newest).
    assert (nav.select_one(".year-next")["href"], nav.select_one(".year-next").get_text()) == (
        "../2023/",
        "2023 →",
    )
    assert nav.select_one(".year-newest")["href"] == "../"
    middle = site.page("regions/asia/2023/").select_one("nav.year-navigation")
    assert middle.select_one(".year-previous")["href"] == "../2022/"
    assert middle.select_one(".year-next")["href"] == "../2024/"
    newest = site.page("regions/asia/2024/").select_one("nav.year-navigation")
    assert newest.select_one(".year-next") is None
    assert newest.select_one(".year-previous")["href"] == "../2023/"


def test_archive_top_and_year_pages(site):
    archive = site.page("archive/")
    assert _years(archive) == {"2024": "2 issues", "2023": "2 issues", "2022": "2 issues"}
    year = site.page("archive/2023/")
    cards = [c.select_one(".issue-number").get_text() for c in year.select(".issue-card")]
    assert cards == ["#4", "#3"]


def test_every_configured_region_has_a_page_even_when_empty(tmp_path):
    built = build_site(write_site(tmp_path / "site", ISSUES[:1]))
    vietnam = built.page("regions/vietnam/")
    # A sentence says so, rather than "0 in all." over an empty "Newest".
    summary = vietnam.select_one(".listing-summary").get_text()
    assert summary == "Nothing is filed under Vietnam yet."
    assert "Newest" not in [h.get_text() for h in vietnam.select("h2")]
    assert vietnam.select(".recommendation-entry") == []


def test_overview_splits_by_initial_when_there_are_many_names(tmp_path):
    names = [f"Author{n:03d} Zed" for n in range(150)] + [f"Bauthor{n:03d} Zed" for n in range(60)]
    names += ["阮一峰", "김민수", "アリス"]
    recs = [(f"Story {k}", "japan", "AI", name) for k, name in enumerate(names)]
    # Over three weekly issues: one issue may file at most 150 names (the cap).
    issues = [(n + 1, f"2024-01-{1 + 7 * n:02d}", recs[n * 80 : n * 80 + 80]) for n in range(3)]
    built = build_site(write_site(tmp_path / "site", issues))
    assert not built.of("option")
    overview = built.page("authors/")
    initials = {a.get_text(): a["href"] for a in overview.select("ul.initials a")}
    assert initials["A"] == "_/a/" and initials["B"] == "_/b/"
    assert "阮" in initials and "ᄀ" in initials and "あ" in initials
    # Every name is two clicks from the overview: its initial's page links it.
    b_page = built.page("authors/_/b/")
    assert len(b_page.select(".term-list a")) == 60
    assert b_page.select(".term-list a")[0]["href"].startswith("../../bauthor")
    han = built.page(f"authors/{initials['阮']}")
    assert [a["href"] for a in han.select(".term-list a")] == ["../../阮一峰/"]
    # Each letter's page has a bar to the letters that exist, its own marked current.
    bar = b_page.select_one("nav.index-jumpbox")
    others = {letter: href for letter, href in initials.items() if letter != "B"}
    assert {a.get_text(): a["href"] for a in bar.select("a")} == {
        letter: "../" + href.removeprefix("_/") for letter, href in others.items()
    }
    assert bar.select_one("[aria-current=page]").get_text() == "B"


def test_adding_an_issue_leaves_every_past_year_page_byte_identical(tmp_path):
    srcdir = write_site(tmp_path / "site")
    first = build_site(srcdir)
    before = snapshot(first.outdir)
    (srcdir / "issues/0007.md").write_text(
        issue_text(7, "2024-03-10", [("Singapore new story", "singapore", "AI", "Ann Lee")]),
        encoding="utf-8",
    )
    second = build_site(srcdir)
    after = snapshot(second.outdir)
    past = [
        p
        for p in before
        if re.search(r"/202[23]/index\.html$", p) or re.match(r"issues/000[1-4]/index\.html$", p)
    ]
    assert len(past) > 20
    changed = [p for p in past if before[p] != after.get(p)]
    assert changed == []
    # Of this year's pages, only those the new issue belongs to changed.
    assert before["regions/japan/2024/index.html"] == after["regions/japan/2024/index.html"]
    assert before["issues/0005/index.html"] == after["issues/0005/index.html"]
    assert before["issues/0006/index.html"] != after["issues/0006/index.html"]  # its "next"
    clean = build_site(
        write_site(
            tmp_path / "clean",
            [*ISSUES, (7, "2024-03-10", [("Singapore new story", "singapore", "AI", "Ann Lee")])],
        )
    )
    assert_same_site(second.outdir, clean.outdir)


def test_a_past_year_page_changes_once_when_the_next_year_appears_and_never_after(tmp_path):
    robots = [(f"Robot story {k}", "vietnam", "Robots", "Di Tran") for k in range(3)]
    srcdir = write_site(tmp_path / "site", [*ISSUES, (9, "2022-11-01", robots)])
    before = snapshot(build_site(srcdir).outdir)
    assert "topics/robots/2022/index.html" in before
    (srcdir / "issues/0010.md").write_text(
        issue_text(10, "2025-01-10", [("Robots again", "vietnam", "Robots", "Di Tran")]),
        encoding="utf-8",
    )
    second = build_site(srcdir)
    after = snapshot(second.outdir)
    assert "topics/robots/2025/index.html" in after  # the node's next year is new
    # The node's newest year until now links its new next year: its one change.
    for page in ("topics/robots/2022/", "authors/di-tran/2022/"):
        assert before[f"{page}index.html"] != after[f"{page}index.html"], page
        assert second.page(page).select_one(".year-next")["href"] == "../2025/"
    # A year whose next year was there already does not change.
    assert before["regions/vietnam/2022/index.html"] == after["regions/vietnam/2022/index.html"]
    assert before["archive/2022/index.html"] == after["archive/2022/index.html"]
    (srcdir / "issues/0011.md").write_text(
        issue_text(11, "2025-02-10", [("Robots once more", "vietnam", "Robots", "Di Tran")]),
        encoding="utf-8",
    )
    third = snapshot(build_site(srcdir).outdir)
    past = [p for p in after if re.search(r"/202[234]/index\.html$", p)]
    assert len(past) > 20 and "topics/robots/2022/index.html" in past
    assert [p for p in past if after[p] != third.get(p)] == []


def test_incremental_build_writes_only_the_listing_pages_that_changed(tmp_path):
    srcdir = write_site(tmp_path / "site")
    build_site(srcdir)
    (srcdir / "issues/0007.md").write_text(
        issue_text(7, "2024-03-10", [("Singapore new story", "singapore", "AI", "Ann Lee")]),
        encoding="utf-8",
    )
    second = build_site(srcdir)
    total, written = second.listing_pages
    # archive, archive/2024; singapore, southeast-asia, asia (top + 2024); ai (top + 2024);
    # ann-lee (top + 2024); daily-news (top + 2024); overviews with counts (regions,
    # topics, publications, authors); the general index's overview and its letter T
    # (the issue; the story itself is found by search, not in the general index).
    assert written <= 23 < total


def test_an_edit_no_listing_shows_writes_no_listing_or_index_page(tmp_path):
    srcdir = write_site(tmp_path / "site")
    first = build_site(srcdir)
    index_pages = sorted(first.outdir.glob("genindex*/index.html"))
    assert len(index_pages) > 5  # the overview and a page per letter
    stamps = {page: page.stat().st_mtime_ns for page in index_pages}
    issue = srcdir / "issues/0003.md"
    edit_file(issue, "# Issue 3 headline\n", "# Issue 3 headline\n\nA word from the editors.\n")
    second = build_site(srcdir)
    assert "A word from the editors." in second.page("issues/0003/").get_text()
    assert second.listing_pages[1] == 0
    assert {page: page.stat().st_mtime_ns for page in index_pages} == stamps
    # Regions and issues are in the general index; recommendations are found by search.
    letter = second.page("genindex-S/")
    assert letter.find("a", string="Singapore (region)")["href"] == "../regions/singapore/#nl-term"
    assert letter.find("a", string="Singapore fintech") is None
