"""Listings at any density: no year pages while a node fits its top page, months past
the size limit, parts past it again; past pages never change; every entry two clicks away."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import Built, assert_same_site, build_site, snapshot
from sphinx_newsletter.cli.audit import audit
from sphinx_newsletter.pages.generated import TEMPLATES
from sphinx_newsletter.pages.paging import Sizes, _parts
from sphinx_newsletter.pages.weight import CHROME_BYTES

#: Small limits, so a few dozen issues make every shape: the top page shows 3
#: entries, and a page may weigh 50 KB, of which the listing gets 18 KB.
LIMIT = 50_000
CONF = f"""
project = "Dense Weekly"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://dense.example/"
newsletter_subscribe = {{"url": "https://dense.example/subscribe/"}}
newsletter_listing_size = 3
newsletter_listing_max_bytes = {LIMIT}
newsletter_regions = {{
    "world": {{"title": "World"}},
    "busy": {{"title": "Busy", "parent": "world"}},
    "quiet": {{"title": "Quiet", "parent": "world"}},
}}
"""
TAKE = "A take long enough to be cut into an excerpt on every listing page. " * 4


def issue_text(number: int, date: dt.date, recs: list[tuple[str, str]]) -> str:
    """An issue whose recommendations are (title, region) pairs."""
    body = "".join(
        f":::{{recommendation}} {title}\n:url: https://news.example/{number}/{k}\n"
        f":authors: Writer {k % 7}\n:publication: Outlet {number % 5}\n:regions: {region}\n"
        f":topics: Topic {k % 3}\n\n{TAKE}\n:::\n\n"
        for k, (title, region) in enumerate(recs)
    )
    return (
        f"---\nnumber: {number}\ndate: {date.isoformat()}\ndescription: Issue {number}.\n---\n\n"
        f"# Issue {number} headline\n\n## News\n\n{body}"
    )


def busy(number: int, count: int) -> list[tuple[str, str]]:
    return [(f"Busy story {number}-{k}", "busy") for k in range(count)]


#: Weekly issues through 2023 with three busy stories each (one June issue with
#: sixty: a month past the limit on its own), and three in January 2024; three
#: quiet stories in all, so Quiet fits its top page.
def issues() -> list[tuple[int, dt.date, list[tuple[str, str]]]]:
    out = []
    day = dt.date(2023, 1, 5)
    number = 1
    while day < dt.date(2024, 1, 20):
        recs = busy(number, 60 if number == 24 else 3)
        if number in (2, 30, 53):
            recs.append((f"Quiet story {number}", "quiet"))
        out.append((number, day, recs))
        day += dt.timedelta(days=7)
        number += 1
    return out


def write_site(dest: Path, extra: tuple = ()) -> Path:
    (dest / "issues").mkdir(parents=True, exist_ok=True)
    (dest / "conf.py").write_text(CONF, encoding="utf-8")
    (dest / "index.md").write_text("# Dense Weekly\n", encoding="utf-8")
    for number, date, recs in [*issues(), *extra]:
        (dest / "issues" / f"{number:04d}.md").write_text(
            issue_text(number, date, recs), encoding="utf-8"
        )
    return dest


#: The issue added in the second build: 40 busy stories in February 2024 (2024 passes
#: the limit and splits) and one quiet one (Quiet outgrows its top page).
NEW = (56, dt.date(2024, 2, 1), [*busy(56, 40), ("Quiet story 56", "quiet")])


@dataclass
class Grown:
    """The site's files built, then built again with issue 56 added, and the audits."""

    before: dict[str, bytes]
    after: dict[str, bytes]
    built: Built
    audits: tuple[list[str], list[str]]

    def page(self, snap: dict[str, bytes], name: str) -> BeautifulSoup:
        return BeautifulSoup(snap[f"{name}index.html"].decode("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Grown:
    srcdir = write_site(tmp_path_factory.mktemp("dense") / "site")
    first = build_site(srcdir)
    assert first.warning_text.strip() == ""
    before = snapshot(first.outdir)
    audited = audit(srcdir, first.outdir)
    (srcdir / "issues/0056.md").write_text(issue_text(*NEW), encoding="utf-8")
    second = build_site(srcdir)
    assert second.warning_text.strip() == ""
    return Grown(before, snapshot(second.outdir), second, (audited, audit(srcdir, second.outdir)))


def _links(page) -> list[str]:
    return [a["href"] for a in page.select("ul.year-links a")]


def _generated(snap: dict[str, bytes]) -> dict[str, int]:
    """The sizes of the pages the kit generated (the manifest gives them a digest)."""
    manifest = json.loads(snap[".newsletter-manifest.json"])
    return {path: len(snap[path]) for path, digest in manifest["pages"].items() if digest}


def test_a_year_past_the_limit_lists_its_months_and_the_top_page_links_each(grown):
    year = grown.page(grown.before, "regions/busy/2023/")
    months = _links(year)
    assert [link for link in months if link.count("/") == 1] == [
        f"{month:02d}/" for month in range(12, 0, -1)
    ]
    assert "06/1/" in months  # June's parts, linked from the year too
    assert year.select(".recommendation-entry") == []
    march = grown.page(grown.before, "regions/busy/2023/03/")
    assert len(march.select(".recommendation-entry")) == 5 * 3  # five issues in March
    assert march.select_one(".year-up")["href"] == "../"
    assert march.select_one(".year-previous")["href"] == "../02/"
    top = _links(grown.page(grown.before, "regions/busy/"))
    assert "2023/" in top and "2023/03/" in top and "2023/06/1/" in top
    # 2024 holds three issues: under the limit, one page.
    assert "2024/" in top and not any(link.startswith("2024/01") for link in top)


def test_a_month_past_the_limit_is_cut_into_parts_filled_oldest_first(grown):
    june = grown.page(grown.before, "regions/busy/2023/06/")
    parts = _links(june)
    assert parts == [f"{k}/" for k in range(len(parts), 0, -1)] and len(parts) >= 3
    titles = [
        a.get_text()
        for k in range(1, len(parts) + 1)
        for a in reversed(
            grown.page(grown.before, f"regions/busy/2023/06/{k}/").select(
                ".entry-title a:first-child"
            )
        )
    ]
    # Every June entry once, oldest part first: issue 22's stories come before 24's.
    assert len(titles) == len(set(titles)) == 4 * 3 + 60
    assert titles.index("Busy story 22-0") < titles.index("Busy story 24-0")


def test_no_generated_page_passes_the_size_limit(grown):
    for snap in (grown.before, grown.after):
        sizes = _generated(snap)
        assert len(sizes) > 100
        assert max(sizes.values()) <= LIMIT, max(sizes, key=sizes.get)


def test_the_estimate_never_falls_short_of_a_listing_it_let_through_whole(grown):
    # A listing is cut when its estimate passes the budget (the limit less the chrome
    # allowance): every page's listing must then be within the budget as written.
    budget = LIMIT - CHROME_BYTES
    sizes = {}
    for path in _generated(grown.after):
        body = grown.page(grown.after, path.removesuffix("index.html")).select_one("div.nl-listing")
        sizes[path] = len(str(body).encode("utf-8"))
    assert max(sizes.values()) <= budget, max(sizes, key=sizes.get)
    assert max(sizes.values()) > budget / 2  # the cut is not needlessly small


def test_a_node_that_fits_its_top_page_has_no_year_pages_until_it_outgrows_it(grown):
    before, after = grown.before, grown.after
    quiet = grown.page(before, "regions/quiet/")
    assert len(quiet.select(".recommendation-entry")) == 3
    assert quiet.select("ul.year-links") == []
    assert not any(path.startswith("regions/quiet/20") for path in before)
    # Issue 56 brings its fourth entry: its years appear as new files, linked from the top.
    assert _links(grown.page(after, "regions/quiet/")) == ["2024/", "2023/"]
    assert "Quiet story 2" in grown.page(after, "regions/quiet/2023/").get_text()


def test_every_entry_is_at_most_two_clicks_from_its_node_page(grown):
    assert grown.audits == ([], [])


def test_adding_an_issue_changes_no_page_of_a_past_year_or_month(grown):
    before, after = grown.before, grown.after
    past = [
        path
        for path in before
        if path.startswith(("regions/", "topics/", "authors/", "publications/", "archive/"))
        and "/2023/" in path
    ]
    assert len(past) > 40 and "regions/busy/2023/06/2/index.html" in past
    changed = {path for path in past if before[path] != after.get(path)}
    # The one change a past page makes: a node's newest year, whose next year got
    # its first entry with the new issue (writer 4 wrote only in 2023), links it.
    new_years = {
        path.replace("/2023/", "/2024/")
        for path in past
        if path.endswith("/2023/index.html") and path.replace("/2023/", "/2024/") not in before
    }
    new_years &= set(after)
    assert {path.replace("/2023/", "/2024/") for path in changed} == new_years
    assert "authors/writer-4/2023/index.html" in changed
    for path in changed:
        page = grown.page(after, path.removesuffix("index.html"))
        assert page.select_one(".year-next")["href"] == "../2024/"
        was = grown.page(before, path.removesuffix("index.html"))
        assert was.select_one(".year-next") is None
        # Nothing else on the page changed.
        page.select_one(".year-next").decompose()
        assert str(page) == str(was)
    # 2024 passed the limit: its page (same address) now lists its months, all new files.
    months = _links(grown.page(after, "regions/busy/2024/"))
    assert months[0] == "02/" and months[-1] == "01/"
    assert "regions/busy/2024/01/index.html" not in before
    assert "Busy story 53-0" in grown.page(after, "regions/busy/2024/01/").get_text()


def test_a_grown_site_equals_a_clean_build_of_it(grown, tmp_path):
    clean = build_site(write_site(tmp_path / "clean", (NEW,)))
    assert_same_site(grown.built.outdir, clean.outdir)


@pytest.mark.slow  # 2,080 recommendations built with -j 2
def test_the_default_limit_splits_a_realistic_dense_region(tmp_path):
    # A weekly of 40 stories an issue, all under one region, for a year: about 2,000
    # entries, well past 400 KB on one page.
    day = dt.date(2024, 1, 4)
    extra = []
    for number in range(1, 53):
        extra.append((number, day, busy(number, 40)))
        day += dt.timedelta(days=7)
    srcdir = tmp_path / "site"
    (srcdir / "issues").mkdir(parents=True)
    (srcdir / "conf.py").write_text(
        CONF.replace("newsletter_listing_size = 3\n", "").replace(
            f"newsletter_listing_max_bytes = {LIMIT}\n", ""
        ),
        encoding="utf-8",
    )
    (srcdir / "index.md").write_text("# Dense Weekly\n", encoding="utf-8")
    for number, date, recs in extra:
        (srcdir / "issues" / f"{number:04d}.md").write_text(
            issue_text(number, date, recs), encoding="utf-8"
        )
    built = build_site(srcdir, parallel=2)
    sizes = _generated(snapshot(built.outdir))
    assert max(sizes.values()) <= 400_000, max(sizes, key=sizes.get)
    assert _links(built.page("regions/busy/2024/"))[-1] == "01/"
    # Only nodes past 30 entries have year pages; a year under the limit stays whole.
    assert "topics/topic-0/2024/index.html" in sizes


def test_year_and_month_pages_announce_only_the_site_feeds_and_are_in_the_sitemap(grown):
    sitemap = grown.after["sitemap.xml"].decode("utf-8")
    for name in ("regions/busy/2023/", "regions/busy/2023/03/", "regions/busy/2023/06/2/"):
        page = grown.page(grown.after, name)
        # They are not the region's page: its own feed is announced there only.
        assert len(page.select('head link[rel="alternate"]')) == 3, name
        assert f"<loc>https://dense.example/{name}</loc>" in sitemap


def test_a_general_index_letter_past_the_limit_is_cut_into_parts(tmp_path):
    srcdir = tmp_path / "site"
    (srcdir / "issues").mkdir(parents=True)
    # A 5 KB listing budget: the 30 issues, all under "D" (Dense Weekly #N), need parts.
    (srcdir / "conf.py").write_text(CONF.replace(f"= {LIMIT}", "= 37_000"), encoding="utf-8")
    (srcdir / "index.md").write_text("# Dense Weekly\n", encoding="utf-8")
    day = dt.date(2024, 1, 4)
    for number in range(1, 31):
        (srcdir / "issues" / f"{number:04d}.md").write_text(
            issue_text(number, day + dt.timedelta(days=7 * number), busy(number, 1)),
            encoding="utf-8",
        )
    built = build_site(srcdir)
    assert built.warning_text.strip() == ""
    overview = {a.get_text(): a["href"] for a in built.page("genindex/").select(".initials a")}
    parts = [label for label in overview if label.startswith("D")]
    assert parts[:2] == ["D", "D 2"] and overview["D 2"] == "../genindex-D-2/"
    # Every issue once, in order, on the parts the overview links.
    names = [
        a.get_text()
        for label in parts
        for a in built.page(f"genindex/{overview[label]}").select(".index-entries a")
    ]
    assert names == sorted(names) and len(names) == 30
    assert all(name.startswith("Dense Weekly #") for name in names)
    sizes = _generated(snapshot(built.outdir))
    assert max(sizes.values()) <= 37_000


def test_a_small_archive_keeps_the_year_page_each_issue_sidebar_links(tmp_path):
    srcdir = write_site(tmp_path / "site")
    for path in sorted((srcdir / "issues").glob("*.md"))[2:]:
        path.unlink()
    built = build_site(srcdir, newsletter_listing_size=30)
    link = built.page("issues/0002/").select_one(".nl-nav-year a")["href"]
    assert link == "../../archive/2023/"
    year = built.page("archive/2023/")
    assert [c.select_one(".issue-number").get_text() for c in year.select(".issue-card")] == [
        "#2",
        "#1",
    ]
    # The region of those two issues fits its page: no year pages there.
    assert not (built.outdir / "regions/busy/2023").exists()


def test_a_top_page_of_heavy_entries_shows_fewer_and_stays_under_the_limit(tmp_path):
    # Titles of 2 KB (each with a short id): thirty would pass the limit on one page.
    srcdir = write_site(tmp_path / "site")
    for path in (srcdir / "issues").glob("*.md"):
        path.unlink()
    heavy = issue_text(
        100,
        dt.date(2024, 6, 6),
        [(f"Heavy story {k} " + "word " * 400, "quiet") for k in range(12)],
    )
    heavy = heavy.replace(":regions: quiet", ":name: heavy\n:regions: quiet")
    for k in range(12):
        heavy = heavy.replace(":name: heavy\n", f":name: heavy-{k}\n", 1)
    (srcdir / "issues/0100.md").write_text(heavy, encoding="utf-8")
    built = build_site(srcdir, newsletter_listing_size=30)
    assert built.warning_text.strip() == ""
    quiet = built.page("regions/quiet/")
    shown = len(quiet.select(".recommendation-entry"))
    assert 1 <= shown < 12
    # The rest are on the pages it links.
    assert _links(quiet)[0] == "2024/"
    assert "12 entries in all" in quiet.select_one(".listing-summary").get_text()
    assert audit(srcdir, built.outdir) == []
    sizes = _generated(snapshot(built.outdir))
    assert max(sizes.values()) <= LIMIT, max(sizes, key=sizes.get)


def test_a_site_template_that_writes_more_per_entry_is_weighed_as_it_writes(tmp_path):
    # The weights are measured from the templates the site renders with, not kept beside
    # them: a site whose own nl-macros.html adds 2 KB to every entry still gets pages
    # under the limit, cut where its heavier entries need it.
    srcdir = write_site(tmp_path / "site")
    macros = (TEMPLATES / "nl-macros.html").read_text(encoding="utf-8")
    padded = macros.replace(
        '<article class="recommendation-entry',
        "<span hidden>" + "padding " * 256 + '</span><article class="recommendation-entry',
    )
    assert padded != macros
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates/nl-macros.html").write_text(padded, encoding="utf-8")
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + 'templates_path = ["_templates"]\n', encoding="utf-8")
    built = build_site(srcdir)
    assert built.warning_text.strip() == ""
    pages = snapshot(built.outdir)
    assert "padding padding" in pages["regions/busy/index.html"].decode()
    sizes = _generated(pages)
    assert max(sizes.values()) <= LIMIT, max(sizes, key=sizes.get)
    # Heavier entries, more pages than the same site with the kit's own templates.
    plain = build_site(write_site(tmp_path / "plain"))
    assert len(sizes) > len(_generated(snapshot(plain.outdir)))


def test_an_initial_past_the_limit_is_cut_into_parts_each_linked_from_the_overview(tmp_path):
    srcdir = write_site(tmp_path / "site")
    for path in (srcdir / "issues").glob("*.md"):
        path.unlink()
    text = issue_text(1, dt.date(2024, 6, 6), busy(1, 210))
    counter = itertools.count()
    text = re.sub(
        r"^:authors: .*$", lambda _: f":authors: Author{next(counter):03d} Zed", text, flags=re.M
    )
    (srcdir / "issues/0001.md").write_text(text, encoding="utf-8")
    # 210 authors in one issue: past the default cap of names an issue may file.
    built = build_site(
        srcdir, newsletter_listing_max_bytes=37_000, newsletter_max_names_per_issue=1000
    )
    assert built.warning_text.strip() == ""
    initials = {a.get_text(): a["href"] for a in built.page("authors/").select("ul.initials a")}
    assert list(initials)[:2] == ["A", "A 2"] and initials["A 2"] == "_/a/2/"
    names = [
        a.get_text()
        for href in initials.values()
        for a in built.page(f"authors/{href}").select(".term-list a")
    ]
    assert names == [f"Author{n:03d} Zed" for n in range(210)]
    assert built.page("authors/_/a/2/").select_one(".term-list a")["href"].startswith("../../../")
    sizes = _generated(snapshot(built.outdir))
    assert max(sizes.values()) <= 37_000, max(sizes, key=sizes.get)


def test_a_limit_below_the_theme_allowance_is_a_config_warning(tmp_path):
    srcdir = write_site(tmp_path / "site")
    for path in sorted((srcdir / "issues").glob("*.md"))[1:]:
        path.unlink()
    built = build_site(srcdir, newsletter_listing_max_bytes=20_000)
    # A configuration warning has no file and line: it is the whole line.
    [warning] = [line for line in built.warning_text.splitlines() if "[newsletter.config]" in line]
    assert "newsletter_listing_max_bytes is 20000" in warning and "100000 or more" in warning


@given(
    st.lists(st.integers(1, 60), min_size=1, max_size=80),
    st.lists(st.integers(1, 60), min_size=1, max_size=20),
)
def test_parts_fill_oldest_first_so_newer_items_leave_every_earlier_part_alone(older, newer):
    # Item k weighs older[k] (then newer[...]); a page holds at most 100; newest first.
    items = list(reversed(range(len(older))))
    weights = dict(enumerate(older))
    sizes = Sizes(100, lambda page: 0, lambda item, _previous: weights[item])
    before = _parts(items, sizes)
    weights.update({len(older) + k: w for k, w in enumerate(newer)})
    after = _parts(list(reversed(range(len(older) + len(newer)))), sizes)
    assert after[: len(before) - 1] == before[:-1]
    assert all(sum(map(weights.get, part)) <= 100 or len(part) == 1 for part in after)
    assert [item for part in reversed(after) for item in part] == sorted(weights, reverse=True)
