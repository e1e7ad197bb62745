"""Social previews, canonical links, sitemap, robots.txt and the 404 page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest


@pytest.fixture
def site(basic_site):
    return basic_site


def _meta(page, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_issue_page_has_open_graph_article_tags_from_its_front_matter(site):
    page = site.page("issues/0002/")
    assert _meta(page, "og:title") == "Test Weekly #2: China AI dreams of Sora"
    assert _meta(page, "og:description") == "Sora pours cold water on China's AI dreams."
    assert _meta(page, "description") == "Sora pours cold water on China's AI dreams."
    assert _meta(page, "og:type") == "article"
    assert _meta(page, "og:image") == "https://weekly.example/_static/cover.png"
    assert _meta(page, "og:image:alt") == "A robot pouring water over a map."
    assert _meta(page, "article:published_time") == "2024-03-02"
    assert _meta(page, "twitter:card") == "summary_large_image"
    assert _meta(page, "og:url") == "https://weekly.example/issues/0002/"
    assert (site.outdir / "_static/cover.png").exists()


def test_issue_without_cover_gets_a_small_card(site):
    page = site.page("issues/0001/")
    assert _meta(page, "twitter:card") == "summary"
    assert _meta(page, "og:image") is None


def test_canonical_links_use_html_baseurl(site):
    for path, url in (
        ("issues/0001/", "https://weekly.example/issues/0001/"),
        ("regions/singapore/", "https://weekly.example/regions/singapore/"),
        ("index.html", "https://weekly.example/"),
    ):
        assert site.page(path).find("link", rel="canonical")["href"] == url


def test_sitemap_lists_every_page_once_in_order(site):
    tree = ET.parse(site.outdir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert urls == sorted(set(urls))
    for expected in (
        "https://weekly.example/",
        "https://weekly.example/issues/0002/",
        "https://weekly.example/regions/asia/",
        "https://weekly.example/archive/",
    ):
        assert expected in urls
    # A node whose entries all fit its own page has no year pages to list.
    assert "https://weekly.example/regions/asia/2024/" not in urls
    assert not any("0003" in u or "404" in u for u in urls)


def test_robots_txt_points_to_the_sitemap(site):
    text = (site.outdir / "robots.txt").read_text()
    assert "Sitemap: https://weekly.example/sitemap.xml" in text


def test_not_found_page_links_from_the_site_root_at_any_depth(site):
    for path in ("404.html", "404/index.html"):
        page = site.page(path)
        css = [link["href"] for link in page.find_all("link", rel="stylesheet")]
        assert css and all(href.startswith("/_static/") for href in css)
        nav = [a["href"] for a in page.select("nav.nl-nav a")]
        assert "/archive/" in nav


def test_missing_baseurl_is_one_config_warning(build):
    site = build("basic", html_baseurl="")
    config = [w for w in site.warning_text.splitlines() if "newsletter.config" in w]
    assert len(config) == 1 and "html_baseurl" in config[0]
    assert "sitemap" not in site.warning_text.replace("the sitemap", "")
    assert not (site.outdir / "robots.txt").exists()
