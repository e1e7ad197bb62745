"""The site a reader comes back to, read from the built pages: one viewport tag and a
description on every page, no script Sphinx adds for its own search, the latest
issue's page, long dates everywhere, covers with their size, reading time, and the
warning a site without an email sign-up gets."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Built, build_site, copy_root


def pages(site: Built) -> list[Path]:
    """Every web page of the site, but the redirect of ``latest/``."""
    return [
        path
        for path in sorted(site.outdir.rglob("*.html"))
        if path.relative_to(site.outdir).parts[0] not in ("latest", "_static", "pagefind")
    ]


def front_matter(path: Path) -> dict[str, str]:
    """An issue's front matter fields (their first lines), read from its file."""
    head = path.read_text(encoding="utf-8").split("---")[1]
    fields = (line.partition(":") for line in head.splitlines() if not line.startswith(" "))
    return {key.strip(): value.strip() for key, _, value in fields if key.strip()}


def newest_issue(srcdir: Path) -> int:
    """The newest published issue's number, from the sources."""
    fields = [front_matter(path) for path in (srcdir / "issues").glob("*.md")]
    return max(int(f["number"]) for f in fields if f.get("draft") != "true")


def test_every_page_has_one_viewport_tag_and_a_description(basic_site: Built) -> None:
    found = pages(basic_site)
    assert len(found) > 20
    for path in found:
        head = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").head
        assert len(head.select('meta[name="viewport"]')) == 1, path
        descriptions = head.select('meta[name="description"]')
        assert len(descriptions) == 1 and descriptions[0]["content"].strip(), path


def test_the_search_page_says_what_it_searches(basic_site: Built) -> None:
    description = basic_site.page("search/").select_one('meta[name="description"]')["content"]
    assert description.startswith("Search every issue of Test Weekly")


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> Built:
    built = build_site(copy_root("i18n-zh", tmp_path_factory.mktemp("zh") / "site"))
    assert built.warning_text.strip() == ""
    return built


def test_a_chinese_site_loads_no_script_of_sphinx_s_own_search(zh: Built) -> None:
    # translations.js calls doctools.js's Documentation, which the kit does not load.
    for path in pages(zh):
        scripts = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("script")
        assert not [s["src"] for s in scripts if "translations" in s.get("src", "")], path


def test_listings_write_dates_the_language_s_long_way(basic_site: Built, zh: Built) -> None:
    card = basic_site.page("archive/").select_one(".issue-card time")
    assert (card["datetime"], card.get_text()) == ("2024-03-02", "March 2, 2024")
    entry = basic_site.page("regions/japan/").select_one(".entry-issue time")
    assert re.fullmatch(r"[A-Z][a-z]+ \d{1,2}, \d{4}", entry.get_text())
    card = zh.page("archive/").select_one(".issue-card time")
    assert (card["datetime"], card.get_text()) == ("2024-03-09", "2024年3月9日")


def test_latest_leads_to_the_newest_issue(basic_site: Built) -> None:
    newest = newest_issue(basic_site.srcdir)
    page = BeautifulSoup(
        (basic_site.outdir / "latest/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh == f"0; url=../issues/{newest:04d}/"
    assert page.select_one("a")["href"] == f"../issues/{newest:04d}/"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    # Every page's menu leads there, and no sitemap lists it.
    nav = basic_site.page("issues/0001/").select_one("nav.nl-nav a.nl-nav-latest")
    assert nav["href"] == "../../latest/"
    assert "latest/" not in (basic_site.outdir / "sitemap.xml").read_text(encoding="utf-8")


def _png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk."""
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_a_cover_on_the_site_carries_its_width_and_height(basic_site: Built) -> None:
    fields = front_matter(basic_site.srcdir / "issues/0002.md")
    width, height = _png_size(basic_site.srcdir / fields["image"].lstrip("/"))
    for page in ("issues/0002/", "index.html"):
        cover = basic_site.page(page).select_one("img[src$='cover.png']")
        assert (cover["width"], cover["height"]) == (str(width), str(height)), page


def test_an_issue_says_how_long_it_takes_to_read(tmp_path: Path) -> None:
    site = copy_root("basic", tmp_path / "site")
    words = " ".join(f"word{k}" for k in range(2300))  # 10 minutes at 230 a minute
    (site / "issues/0004.md").write_text(
        f"---\nnumber: 4\ndate: 2024-03-16\ndescription: Long.\n---\n\n# Long read\n\n{words}\n",
        encoding="utf-8",
    )
    built = build_site(site)
    minutes = built.page("issues/0004/").select_one(".issue-kicker .issue-reading-time")
    assert minutes.get_text() in ("10 min read", "11 min read")  # the headline's words too
    short = built.page("issues/0001/").select_one(".issue-reading-time").get_text()
    assert short in ("1 min read", "2 min read")


def test_without_a_sign_up_the_build_warns_once_and_still_shows_the_feeds(tmp_path: Path) -> None:
    site = copy_root("basic", tmp_path / "site")
    built = build_site(site, newsletter_subscribe={"title": "Our Ask", "text": "Share it."})
    warned = [w for w in built.of("config") if "newsletter_subscribe" in w.message]
    assert len(warned) == 1 and warned[0].path == "conf.py"
    page = built.page("issues/0001/")
    assert page.select("a.nl-subscribe-link") == []
    assert page.select_one("a.nl-feeds-link")["href"] == "../../feeds/"
    assert built.exists("feeds/")


def test_with_a_sign_up_form_pages_show_the_form(tmp_path: Path) -> None:
    site = copy_root("basic", tmp_path / "site")
    form = {"form": "https://mail.example/add?list=weekly", "field": "EMAIL", "label": "Join"}
    built = build_site(site, newsletter_subscribe=form)
    assert built.of("config") == []
    for page, header in (("issues/0001/", "#nl-subscribe"), ("archive/", "../feeds/#nl-subscribe")):
        soup = built.page(page)
        assert soup.select_one("a.nl-subscribe-link")["href"] == header, page
    for page in ("issues/0001/", "index.html", "feeds/"):
        found = built.page(page).select_one("#nl-subscribe form.subscribe-form")
        assert found["action"] == form["form"] and found["method"] == "post", page
        assert found.select_one("input[type=email]")["name"] == "EMAIL"
        assert found.select_one("button").get_text() == "Join"
