"""The chrome of a reader's page as built: one header, icons without an icon font, the
scripts and styles a page uses and no others, a favicon, one footer line."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import LATEST_REDIRECT, Built, build_site, copy_root

CODE_BLOCK = "\n```python\nprint('chips')\n```\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The basic root with a code block in issue 2, a copyright and a favicon."""
    root = copy_root("basic", tmp_path_factory.mktemp("chrome") / "site")
    issue = root / "issues" / "0002.md"
    issue.write_text(issue.read_text(encoding="utf-8") + CODE_BLOCK, encoding="utf-8")
    return build_site(root, copyright="2025, Test Co", html_favicon="_static/cover.png")


def _pages(built: Built) -> list[str]:
    return sorted(
        str(path.relative_to(built.outdir))
        for path in built.outdir.rglob("*.html")
        if not {"_static", "pagefind"} & set(path.relative_to(built.outdir).parts)
        and path.relative_to(built.outdir) != LATEST_REDIRECT
    )


def test_every_page_has_one_header_with_one_menu_button_and_one_search_link(site):
    pages = _pages(site)
    assert len(pages) > 20
    for path in pages:
        page = site.page(path)
        assert page.select("#pst-header") == [], path
        assert len(page.select("button[data-nl-drawer='pst-primary-sidebar']")) == 1, path
        assert len(page.select("a.nl-search-link")) == 1, path
        assert page.select("dialog#pst-search-dialog") == [], path
        # Nothing only PyData's scripts or Read the Docs would use (layout.html).
        dead = "#ethical-ad-placement, #pst-scroll-pixel-helper, .sbt-scroll-pixel-helper"
        dead += ", .pst-async-banner-revealer, #jb-print-toc, #searchbox"
        assert page.select(dead) == [], path


def test_site_name_in_the_header_links_home(site):
    name = site.page("issues/0002/").select_one(".bd-header-article a.nl-site-name")
    assert name.get_text() == "Test Weekly"
    assert name["href"] == "../../"


def test_page_titles_name_the_site_once(site):
    # The home page's heading is the site's name: its title is not "X — X".
    assert site.page("").title.get_text() == "Test Weekly"
    title = site.page("issues/0002/").title.get_text()
    assert title.endswith(" \u2014 Test Weekly") and title.count("Test Weekly") == 1


def test_no_page_loads_the_icon_font_or_the_themes_scripts(site):
    for path in _pages(site):
        html = (site.outdir / path).read_text(encoding="utf-8")
        page = site.page(path)
        scripts = [tag["src"] for tag in page.select("script[src]")]
        assert not [s for s in scripts if "fontawesome" in s or "bootstrap" in s], path
        assert not [s for s in scripts if "pydata-sphinx-theme.js" in s], path
        assert not [s for s in scripts if "doctools" in s or "sphinx_highlight" in s], path
        assert "fa-solid" not in html, path
        # The icons are drawn inline.
        assert page.select(".bd-header-article svg.nl-icon"), path


def test_highlighting_styles_only_on_a_page_with_a_code_block(site):
    def sheets(path: str) -> list[str]:
        return [link["href"] for link in site.page(path).select("link[rel=stylesheet]")]

    assert any("pygments.css" in href for href in sheets("issues/0002/"))
    assert any("pygments_dark.css" in href for href in sheets("issues/0002/"))
    for path in ("issues/0001/", "index.html", "regions/china/", "archive/"):
        assert not [href for href in sheets(path) if "pygments" in href], path


def test_the_sites_favicon_replaces_the_default(site, basic_site):
    [icon] = site.page("issues/0002/").select("link[rel=icon]")
    assert icon["href"].endswith("_static/cover.png")
    assert (site.outdir / "_static" / "cover.png").exists()
    [default] = basic_site.page("issues/0002/").select("link[rel=icon]")
    assert default["href"] == "../../_static/newsletter-favicon.png"
    icon = (basic_site.outdir / "_static" / "newsletter-favicon.png").read_bytes()
    assert icon.startswith(b"\x89PNG\r\n\x1a\n")


def test_footer_is_one_line_from_the_copyright_then_the_feeds(site, basic_site):
    footer = site.page("issues/0002/").select_one("footer.bd-footer-content")
    assert footer.select_one("p.nl-footer").get_text() == "© 2025, Test Co"
    assert [p["class"] for p in footer.select("p")] == [["nl-footer"], ["nl-feeds"]]
    assert "By " not in footer.get_text()
    # Without a copyright, the site's name.
    plain = basic_site.page("issues/0002/").select_one("footer p.nl-footer")
    assert plain.get_text() == "Test Weekly"


def test_repository_site_footer_reads_its_copyright_once(tmp_path: Path):
    from conftest import copy_site

    built = build_site(copy_site(tmp_path / "site"))
    footer = built.page("issues/0009/").select_one("footer.bd-footer-content")
    assert footer.select_one("p.nl-footer").get_text() == "© 2024, This Week in Asia"
    assert footer.get_text().count("This Week in Asia") == 1


def test_a_sites_announcement_shows_above_every_page(tmp_path: Path):
    # The kit's frame (layout.html) writes PyData's announcement when a site sets one.
    root = copy_root("basic", tmp_path / "site")
    built = build_site(root, html_theme_options={"announcement": "Issue 3 is late this week."})
    assert built.warnings == []
    for path in ("", "issues/0002/", "regions/china/"):
        banner = built.page(path).select_one("aside.bd-header-announcement")
        assert banner is not None, path
        assert banner.get_text(strip=True) == "Issue 3 is late this week."
