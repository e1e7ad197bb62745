"""Chinese, Japanese and Korean: ids, pages, lang, excerpts, emphasis and search."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Built, build_site, copy_root, edit_file
from sphinx_newsletter.text import _columns_cut, excerpt


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("zh", tmp_path_factory.mktemp("zh") / "site"))


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("multilingual", tmp_path_factory.mktemp("ml") / "site"))


def test_chinese_site_builds_without_warnings(zh, multilingual):
    assert zh.warning_text.strip() == ""
    assert multilingual.warning_text.strip() == ""


def test_chinese_title_keeps_its_characters_as_id_and_anchor(zh):
    page = zh.page("issues/0001/")
    ids = [a["id"] for a in page.select("article.recommendation")]
    assert ids == ["中国人工智能的梦想", "台积电在日本的新工厂", "swift-concurrency-in-practice"]
    section = page.select_one("section#文章")
    assert section is not None  # headings keep their words too
    listing = zh.page("topics/文章/")
    hrefs = [a["href"] for a in listing.select(".entry-title a:first-child")]
    assert "../../issues/0001/#中国人工智能的梦想" in hrefs


def test_names_written_only_in_cjk_get_their_own_pages(zh, multilingual):
    author = zh.page("authors/阮一峰/")
    assert author.select_one("article.bd-article h1").get_text() == "阮一峰"
    assert [a.get_text() for a in author.select(".entry-title a:first-child")] == [
        "中国人工智能的梦想"
    ]
    assert len(zh.page("publications/少数派/").select(".recommendation-entry")) == 2
    assert zh.page("topics/代码/").select_one("article.bd-article h1").get_text() == "代码"
    korean = multilingual.page("authors/김민수/")
    assert korean.select_one("article.bd-article h1").get_text() == "김민수"
    assert multilingual.exists("publications/日本経済新聞/")
    assert multilingual.exists("topics/半導体/")


def test_links_to_cjk_pages_are_relative_utf8_and_resolve(zh):
    byline = zh.page("issues/0001/").select_one("#中国人工智能的梦想 .recommendation-byline")
    href = byline.select_one("a")["href"]
    assert href == "../../authors/阮一峰/"
    assert (zh.outdir / "issues/0001" / href / "index.html").resolve().exists()


def test_full_urls_of_cjk_pages_are_percent_encoded(zh):
    canonical = zh.page("authors/阮一峰/").find("link", rel="canonical")["href"]
    assert canonical == "https://zh.example/authors/%E9%98%AE%E4%B8%80%E5%B3%B0/"
    tree = ET.parse(zh.outdir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = [loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)]
    assert "https://zh.example/authors/%E9%98%AE%E4%B8%80%E5%B3%B0/" in urls
    assert all(url.isascii() for url in urls)


def test_page_language_and_recommendation_lang(zh, multilingual):
    assert zh.page("issues/0001/").find("html")["lang"] == "zh-CN"
    page = multilingual.page("issues/0001/")
    assert page.find("html")["lang"] == "en"
    title = page.select_one("#日本の半導体ルネサンス .recommendation-title")
    assert title["lang"] == "ja" and title.get_text() == "日本の半導体ルネサンス"
    byline = page.select_one("#통신사들의-인공지능-합작-투자 .recommendation-byline")
    assert byline["lang"] == "ko" and "김민수" in byline.get_text()
    # The editors' take is in the site's language, not the article's.
    assert page.select_one("#日本の半導体ルネサンス .recommendation-take").get("lang") is None


def test_lang_follows_the_recommendation_onto_every_listing(multilingual):
    for path in (
        "regions/japan/",
        "regions/asia/",
        "topics/半導体/",
        "authors/佐藤太郎/",
        "publications/日本経済新聞/",
    ):
        entry = next(
            e
            for e in multilingual.page(path).select(".recommendation-entry")
            if "日本の半導体ルネサンス" in e.get_text()
        )
        assert entry.select_one(".entry-title")["lang"] == "ja", path
    korean = next(e for e in multilingual.page("authors/김민수/").select(".recommendation-entry"))
    assert korean.select_one(".entry-byline")["lang"] == "ko"
    assert "김민수" in korean.select_one(".entry-byline").get_text()


def test_chinese_excerpt_is_cut_by_width_not_by_words(zh):
    text = zh.page("topics/文章/").select(".entry-excerpt")[0].get_text()
    assert text.endswith("…")
    width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text[:-1])
    assert 200 <= width <= 240


def test_excerpt_never_cuts_inside_a_grapheme():
    text = "e\u0301" * 300  # e + combining acute accent, 300 graphemes
    cut = excerpt(text, width=101)
    assert cut[:-1].count("e") == cut[:-1].count("\u0301") == 101
    family = "👨\u200d👩\u200d👧" * 100
    cut = excerpt(family, width=9)
    assert not cut[:-1].endswith("\u200d")
    english = excerpt("word " * 100, width=50)
    assert english.endswith(" word…") and len(english) <= 51  # cut at a word's end


@given(
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=400),
    st.integers(min_value=1, max_value=300),
)
def test_ascii_excerpts_take_a_shortcut_to_the_same_cut(text, width):
    # ASCII text skips counting columns character by character; counting must agree.
    flat = " ".join(text.split())
    assert _columns_cut(flat, width) == min(len(flat), width)
    cut = excerpt(text, width)
    if len(flat) <= width:
        assert cut == flat
    else:
        assert cut.endswith("…") and flat.startswith(cut[:-1]) and len(cut) <= width + 1


def test_bold_next_to_cjk_punctuation_renders_as_meant(zh):
    rec = zh.page("issues/0001/").select_one("#台积电在日本的新工厂")
    assert rec.select_one(".recommendation-take strong").get_text() == "「台积电历险记」"
    assert "**" not in rec.get_text()
    entry = next(
        e
        for e in zh.page("topics/文章/").select(".entry-excerpt")
        if "台积电历险记" in e.get_text()
    )
    assert "**" not in entry.get_text()


def test_unpairable_bold_next_to_cjk_is_reported_with_how_to_write_it(tmp_path):
    site = copy_root("zh", tmp_path / "site")
    path = site / "issues/0001.md"
    edit_file(path, "介绍了台积电的芯片工厂。", "介绍了**台积电的芯片工厂。")
    built = build_site(site)
    [warning] = built.of("markup")
    assert warning.path == "issues/0001.md" and warning.line == 28
    assert "<strong>" in warning.message
