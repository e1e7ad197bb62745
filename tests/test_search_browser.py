"""Search as a reader uses it: the built sites' search pages in headless Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlencode

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser import axe_violations, describe, desktop_tab, launch, search, serve
from conftest import CORPORA, REPO, Built, build_site, copy_root, corpus_sources, spanning_root

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-search")
SERIOUS = frozenset({"serious", "critical"})
SK_TELECOM = "SK Telecom partners with AI search startup Perplexity in Korea"
TSMC = "TSMC founder Morris Chang predicts Japan 'chip renaissance'"


def _built(srcdir: Path, builddir: Path) -> Path:
    """The site at ``srcdir`` built into ``builddir`` (the sources are only read)."""
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("dirhtml", srcdir=srcdir, builddir=builddir)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.warning.getvalue() == ""
    return Path(app.outdir)


@pytest.fixture(scope="module")
def sites(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Path]:
    """This repository's site, the zh, multilingual and spanning roots and, when a
    corpus test runs, 40 issues of iOS Weekly and 16 of Haskell Weekly, built first.

    Built before Chromium starts: a process forked after Playwright's driver would
    keep its pipe open (see test_browser's ``chromium``).
    """
    out = {"asia": _built(REPO, tmp_path_factory.mktemp("asia"))}
    zh: Built = build_site(copy_root("zh", tmp_path_factory.mktemp("zh") / "site"))
    out["zh"] = zh.outdir
    multilingual = copy_root("multilingual", tmp_path_factory.mktemp("ml") / "site")
    out["multilingual"] = build_site(multilingual).outdir
    out["spanning"] = build_site(spanning_root(tmp_path_factory.mktemp("span") / "site")).outdir
    if CORPORA.exists() and _corpus_tests_selected(request):
        for site, name, numbers in (
            ("ios", "ios-weekly", range(1, 41)),
            ("haskell", "haskell-weekly", range(125, 141)),
        ):
            srcdir = corpus_sources(name, tmp_path_factory.mktemp(name) / "site", numbers)
            out[site] = build_site(srcdir).outdir
    return out


def _corpus_tests_selected(request: pytest.FixtureRequest) -> bool:
    """Whether a test of this module that searches a corpus slice runs: only those are
    marked slow, and a run without them (``-m "not slow"``) need not build the slices."""
    return any(
        item.module is request.module and item.get_closest_marker("slow")
        for item in request.session.items
    )


@pytest.fixture(scope="module")
def chromium(sites: dict[str, Path]) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def asia_url(sites: dict[str, Path]) -> Iterator[str]:
    with serve(sites["asia"]) as url:
        yield url


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    with desktop_tab(chromium) as tab:
        yield tab


def titles(results: list[tuple[str, str]]) -> list[str]:
    return [title.replace("\u2019", "'") for title, _ in results]


def test_perplexity_finds_the_sk_telecom_recommendation_and_opens_at_it(page, asia_url):
    results = search(page, asia_url, "q=Perplexity")
    assert titles(results)[0] == SK_TELECOM
    # With the searched word, which the page it opens marks (test_search_reader).
    assert results[0][1] == "/issues/0009/?highlight=Perplexity#sk-telecom-perplexity"
    page.locator(".nl-search-result h2 a").first.click()
    page.wait_for_url("**/issues/0009/?highlight=Perplexity#sk-telecom-perplexity")
    expect(page.locator("article.recommendation#sk-telecom-perplexity")).to_be_in_viewport()


def test_region_filter_rolls_up_and_narrows_a_query(page, asia_url):
    assert titles(search(page, asia_url, "q=chip+renaissance&region=japan")) == [TSMC]
    assert search(page, asia_url, "q=Sora&region=japan") == []
    expect(page.locator(".nl-search-status")).to_have_text("No results for “Sora” (Region: Japan).")
    # Filed under China: found under Asia, its ancestor.
    found = titles(search(page, asia_url, "q=Sora&region=asia"))
    assert any("Sora" in title for title in found)


def test_a_query_with_no_match_says_so(page, asia_url):
    assert search(page, asia_url, "q=zyxwvutsrq") == []
    expect(page.locator(".nl-search-status")).to_have_text("No results for “zyxwvutsrq”.")


def test_typing_a_query_makes_a_shareable_url_and_facets_load_when_opened(page, asia_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{asia_url}/issues/0009/")
    page.keyboard.press("/")
    page.wait_for_url("**/search/")
    requests.clear()  # what the search page loads
    page.keyboard.type("Perplexity")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Perplexity")
    expect(page.locator(".nl-search-result h2 a").first).to_have_text(SK_TELECOM)
    assert not [url for url in requests if "/filter/" in url]
    assert not [url for url in requests if "fontawesome" in url]
    page.locator(".nl-search-filters summary").click()
    expect(page.locator(".nl-search-facets fieldset legend").first).to_have_text("Region")
    assert [url for url in requests if "/filter/" in url]
    page.keyboard.press("Control+k")
    expect(page.locator("#nl-search-q")).to_be_focused()


def test_the_filter_panel_names_regions_by_their_titles(page, asia_url):
    search(page, asia_url, "q=Perplexity")
    page.locator(".nl-search-filters summary").click()
    regions = page.locator(".nl-search-facets fieldset", has_text="region").locator("label")
    expect(regions.first).to_be_visible()
    labels = [text.strip() for text in regions.all_inner_texts()]
    # Titles from conf.py's regions (ASIA_REGIONS), with their counts; never the ids.
    assert any(label.startswith("South Korea (") for label in labels), labels
    assert not [label for label in labels if label.startswith(("south-korea", "east-asia"))]
    box = regions.filter(has_text="South Korea").locator("input")
    assert box.get_attribute("value") == "south-korea"


def test_a_filter_only_query_loads_its_filter_and_no_index_chunk(page, asia_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    assert TSMC in titles(search(page, asia_url, "region=japan"))
    expect(page.locator(".nl-search-status")).to_contain_text("for these filters")
    # Pagefind 1.5.2 alone fetched every index chunk here (_compat's
    # edit_pagefind_scripts); a filter-only query reads no word.
    assert not [url for url in requests if "/index/" in url], requests
    assert len([url for url in requests if "/filter/" in url]) == 1, requests
    # Opening the panel loads the other filters' files, and only then.
    page.locator(".nl-search-filters summary").click()
    expect(page.locator(".nl-search-facets fieldset").first).to_be_visible()
    assert len([url for url in requests if "/filter/" in url]) > 1


def test_on_a_phone_the_results_come_first_and_the_filters_are_collapsed(chromium, asia_url):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        search(tab, asia_url, "q=chip")
        first = tab.locator(".nl-search-result").first.bounding_box()
        filters = tab.locator(".nl-search-filters").bounding_box()
        assert first and filters and first["y"] + first["height"] <= filters["y"]
        assert tab.locator(".nl-search-filters").get_attribute("open") is None
        expect(tab.locator(".nl-search-facets")).to_be_hidden()
        expect(tab.locator(".nl-search-result").first).to_be_in_viewport()
    finally:
        context.close()


def test_on_a_wide_screen_the_filters_stand_beside_the_results(page, asia_url):
    search(page, asia_url, "q=chip")
    first = page.locator(".nl-search-result").first.bounding_box()
    filters = page.locator(".nl-search-filters").bounding_box()
    assert first and filters and filters["x"] >= first["x"] + first["width"]


def test_search_page_passes_axe_on_a_phone_in_light_and_dark(chromium, asia_url):
    SHOTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
        tab = context.new_page()
        try:
            search(tab, asia_url, "q=chip")
            tab.locator(".nl-search-filters summary").click()
            expect(tab.locator(".nl-search-facets fieldset").first).to_be_visible()
            tab.screenshot(path=str(SHOTS / f"test-search-390-{scheme}.png"))
            widths = tab.evaluate(
                "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
            )
            assert widths["scroll"] <= widths["inner"], f"scrolls sideways: {widths}"
            violations = axe_violations(tab, SERIOUS)
            assert not violations, describe(violations)
        finally:
            context.close()


def test_without_javascript_the_page_says_so_and_links_the_archive(chromium, asia_url):
    context = chromium.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(f"{asia_url}/search/")
        expect(tab.locator(".nl-search-noscript")).to_contain_text("needs JavaScript")
        tab.locator(".nl-search-noscript a", has_text="archive").click()
        tab.wait_for_url("**/archive/")
    finally:
        context.close()


def test_search_works_under_a_sub_path(page, sites, tmp_path):
    mount = tmp_path / "served"
    shutil.copytree(sites["asia"], mount / "weekly")
    with serve(mount) as base:
        results = search(page, f"{base}/weekly", "q=Perplexity")
    assert results[0][1] == "/weekly/issues/0009/?highlight=Perplexity#sk-telecom-perplexity"


def test_a_chinese_word_inside_a_take_is_found_on_the_zh_root(page, sites):
    with serve(sites["zh"]) as base:
        results = search(page, base, "q=芯片")
    assert "台积电在日本的新工厂" in titles(results)


@pytest.mark.slow
def test_a_chinese_word_inside_a_take_is_found_in_ios_weekly(page, sites):
    if "ios" not in sites:
        pytest.skip("shared/corpora is not beside the repo")
    with serve(sites["ios"]) as base:
        results = search(page, base, "q=老化")
    found = dict(results)
    link = found.get("致广大用户关于 iPhone 电池及性能的说明")
    assert link is not None, results
    assert unquote(link) == "/issues/0001/?highlight=老化#致广大用户关于-iphone-电池及性能的说明"


def test_a_japanese_record_on_an_english_site_is_found_by_a_word_inside_a_run(page, sites):
    # 日本 inside 日本の半導体ルネサンス, from the ja index the search page merges.
    with serve(sites["multilingual"]) as base:
        results = search(page, base, "q=日本")
    assert titles(results) == ["日本の半導体ルネサンス"]


def test_a_japanese_record_on_an_english_site_is_found_by_the_word_ending_a_run(page, sites):
    # ルネサンス ends the run 日本の半導体ルネサンス; 佐藤 begins the author's 佐藤太郎.
    with serve(sites["multilingual"]) as base:
        assert titles(search(page, base, "q=ルネサンス")) == ["日本の半導体ルネサンス"]
        assert titles(search(page, base, "q=佐藤")) == ["日本の半導体ルネサンス"]


@pytest.mark.browser
def test_newest_year_comes_first_then_earlier_issues_under_a_heading(page, sites):
    # Issue 1 (2022) is over a year older than issue 2 (2024): "Kyle" is in both.
    with serve(sites["spanning"]) as base:
        found = titles(search(page, base, "q=Kyle"))
        assert found == ["Kyle Davies rebrands again", "Su Zhu and Kyle Davies are dodging prison"]
        items = page.locator(".nl-search-results > li")
        assert [items.nth(i).get_attribute("class") for i in range(items.count())] == [
            "nl-search-result",
            "nl-search-earlier",
            "nl-search-result",
        ]
        expect(items.nth(1)).to_have_text("Earlier issues")
        expect(page.locator(".nl-search-status")).to_have_text("2 results for “Kyle”.")
        # A chosen year is searched in one pass: no heading.
        assert titles(search(page, base, "q=Kyle&year=2022")) == [found[1]]
        expect(page.locator(".nl-search-earlier")).to_have_count(0)
        # Filters only: newest first, the whole archive in date order.
        dated = titles(search(page, base, "region=asia"))
        assert dated[0] == "OpenAI's Sora pours 'cold water' on China's AI dreams"
        assert dated[-1] == "Su Zhu and Kyle Davies are dodging prison"


#: Recommendations of the corpora, as their files give them, and the words a reader
#: would type: (site, title, issue, year, topic, words from its title, authors, take).
CORPUS_RECORDS = [
    (
        "haskell",
        "Writing a screencast video editor in Haskell",
        131,
        "2018",
        "Featured",
        ["screencast", "Wickström", "Komposition"],
    ),
    ("ios", "Swift 4 弱引用实现", 30, "2018", "文章", ["弱引用", "Friday"]),
]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("site", "title", "issue", "year", "topic", "words"), CORPUS_RECORDS)
def test_a_corpus_recommendation_is_found_by_its_words_and_kept_by_its_filters(
    page, sites, site, title, issue, year, topic, words
):
    # The corpora file nothing under a region: the topic and year filters narrow.
    if site not in sites:
        pytest.skip("shared/corpora is not beside the repo")
    with serve(sites[site]) as base:
        for word in words:
            found = dict(search(page, base, urlencode({"q": word})))
            assert title in found, (word, list(found))
            path, _, anchor = unquote(found[title]).partition("#")
            assert path.startswith(f"/issues/{issue:04d}/?highlight=") and anchor, found[title]
        word = words[0]
        assert title in titles(search(page, base, urlencode({"q": word, "year": year})))
        assert title in titles(search(page, base, urlencode({"q": word, "topic": topic})))
        other = str(int(year) + 1)
        assert title not in titles(search(page, base, urlencode({"q": word, "year": other})))
