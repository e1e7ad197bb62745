"""The search page as a reader uses it (issue 29), in headless Chromium: the count
the search found, in every shipped language; search as you type, with stale queries
dropped and no layout shift; the filters of the current results; the searched words
marked on the page a result opens; a valid page whose button fits a phone."""

# ruff: noqa: RUF001 (full-width colons are Chinese and Japanese usage)

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from browser import chromium_session, desktop_tab, require, search, serve
from conftest import REPO, build_site, copy_root, copy_site, spanning_root

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-search-reader")
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: The shipped languages (``None``: English, the kit's own words).
LANGUAGES = (None, "zh_CN", "zh_TW", "ja", "ko")
#: Words of the counting sites, each in the takes of this many recommendations.
COUNTS = {"quokka": 1, "wombat": 2, "dingo": 5, "numbat": 21}
#: In no take.
ABSENT = "platypus"
SK_TELECOM = "SK Telecom partners with AI search startup Perplexity in Korea"
#: The status line, as each language's catalog words it: (one, other, none).
STATUS = {
    None: ("{n} result for “{q}”.", "{n} results for “{q}”.", "No results for “{q}”."),
    "zh_CN": ("“{q}”：共 {n} 条结果。",) * 2 + ("“{q}”：没有结果。",),
    "zh_TW": ("“{q}”：共 {n} 筆結果。",) * 2 + ("“{q}”：沒有結果。",),
    "ja": ("“{q}”：{n} 件見つかりました。",) * 2 + ("“{q}”：見つかりませんでした。",),
    "ko": ("“{q}”: 결과 {n}개.",) * 2 + ("“{q}”: 결과가 없습니다.",),
}
#: The layout shift a search may cause, at most (the issue's target; "good" is 0.1).
MAX_SHIFT = 0.05
#: Records every layout shift from the page's first paint (before its scripts run).
SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
"""


def counting_site(dest: Path, language: str | None) -> Path:
    """A site in ``language`` whose recommendations' takes hold each word of
    :data:`COUNTS` as many times as it says: 29 recommendations in three issues."""
    (dest / "issues").mkdir(parents=True)
    conf = [
        'project = "Counting Weekly"',
        'extensions = ["sphinx_newsletter"]',
        'html_baseurl = "https://counting.example/"',
        # A way to subscribe: without one every web build warns (pages/chrome.py).
        'newsletter_subscribe = {"url": "https://counting.example/subscribe/"}',
    ]
    if language:
        conf.append(f"language = {language!r}")
    (dest / "conf.py").write_text("\n".join(conf) + "\n", encoding="utf-8")
    (dest / "index.md").write_text("# Counting Weekly\n", encoding="utf-8")
    words = [word for word, n in COUNTS.items() for _ in range(n)]
    for number, first in enumerate(range(0, len(words), 10), start=1):
        recs = "".join(
            f":::{{recommendation}} Story {i + 1}\n:url: https://news.example/{i + 1}\n\n"
            f"The {word} of story {i + 1}.\n:::\n\n"
            for i, word in enumerate(words[first : first + 10], start=first)
        )
        (dest / "issues" / f"{number:04d}.md").write_text(
            f"---\nnumber: {number}\ndate: 2024-01-{number * 7:02d}\n"
            f"description: Issue {number} of the counting site.\n---\n\n"
            f"# Counting {number}\n\n## Stories\n\n{recs}",
            encoding="utf-8",
        )
    return dest


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The counting site in each shipped language, this repository's site, the zh and
    spanning roots; built before Chromium starts (see ``browser.chromium_session``)."""
    out: dict[str, Path] = {}
    for language in LANGUAGES:
        built = build_site(counting_site(tmp_path_factory.mktemp("count") / "site", language))
        assert built.warnings == [], built.warnings
        out[language or "en"] = built.outdir
    out["asia"] = build_site(copy_site(tmp_path_factory.mktemp("asia") / "site")).outdir
    out["zh"] = build_site(copy_root("zh", tmp_path_factory.mktemp("zh") / "site")).outdir
    out["spanning"] = build_site(spanning_root(tmp_path_factory.mktemp("span") / "site")).outdir
    return out


@pytest.fixture(scope="module")
def chromium(sites: dict[str, Path]) -> Iterator[Browser]:
    with chromium_session() as browser:
        yield browser


@pytest.fixture(scope="module")
def served(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    """Each site served on its own port: name → base URL."""
    with (
        serve(sites["en"]) as en,
        serve(sites["zh_CN"]) as zh_cn,
        serve(sites["zh_TW"]) as zh_tw,
        serve(sites["ja"]) as ja,
        serve(sites["ko"]) as ko,
        serve(sites["asia"]) as asia,
        serve(sites["zh"]) as zh,
        serve(sites["spanning"]) as spanning,
    ):
        yield {
            "en": en,
            "zh_CN": zh_cn,
            "zh_TW": zh_tw,
            "ja": ja,
            "ko": ko,
            "asia": asia,
            "zh": zh,
            "spanning": spanning,
        }


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    with desktop_tab(chromium) as tab:
        yield tab


@contextmanager
def phone(browser: Browser, **options: Any) -> Iterator[Page]:
    """A fresh tab 390 by 844 pixels (a phone), in a context of its own."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, **options)
    try:
        yield context.new_page()
    finally:
        context.close()


def hrefs(page: Page) -> list[str]:
    return page.locator(".nl-search-result h2 a").evaluate_all(
        "links => links.map((link) => link.getAttribute('href'))"
    )


# -- the count -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh_CN", "ja", "ko"])
def test_the_status_counts_what_the_search_found_in_every_language(page, served, language):
    one, other, none = STATUS[None if language == "en" else language]
    for word, n in [(ABSENT, 0), *COUNTS.items()]:
        found = search(page, served[language], f"q={word}")
        status = page.locator(".nl-search-status")
        if n == 0:
            expect(status).to_have_text(none.format(q=word))
        else:
            expect(status).to_have_text((one if n == 1 else other).format(n=n, q=word))
        # A page of ten at most (its first five come before the status, the rest
        # follow); "More results" lists the rest, as many as it said.
        assert len(found) >= min(n, 5), (word, found)
        expect(page.locator(".nl-search-result")).to_have_count(min(n, 10))
    more = page.locator(".nl-search-more")
    while more.is_visible():
        listed = page.locator(".nl-search-result").count()
        more.click()
        # The next batch is listed before the button is asked about again.
        expect(page.locator(".nl-search-result")).not_to_have_count(listed)
    expect(page.locator(".nl-search-result")).to_have_count(COUNTS["numbat"])


# -- search as you type ----------------------------------------------------------------


def test_typing_searches_and_keeps_a_shareable_url_without_a_history_entry_per_key(page, served):
    base = served["asia"]
    page.goto(f"{base}/search/")
    entries = page.evaluate("history.length")
    page.locator("#nl-search-q").press_sequentially("Perplexity", delay=40)
    first = page.locator(".nl-search-result h2 a").first
    expect(first).to_have_text(SK_TELECOM)
    assert page.url == f"{base}/search/?q=Perplexity"
    assert page.evaluate("history.length") == entries
    typed = hrefs(page)
    # The URL opens the same results; Enter on them searches nothing again.
    requests: list[str] = []
    page.goto(page.url)
    expect(first).to_have_text(SK_TELECOM)
    assert hrefs(page) == typed
    page.on("request", lambda request: requests.append(request.url))
    page.locator("#nl-search-q").press("Enter")
    page.wait_for_timeout(300)
    assert not [url for url in requests if "/pagefind/" in url], requests
    assert hrefs(page) == typed


def test_results_are_listed_in_the_order_pagefind_ranks_them(page, served):
    search(page, served["asia"], "q=AI")
    shown = [href.replace("?highlight=AI", "") for href in hrefs(page)]
    ranked = page.evaluate(
        """async () => {
          const root = document.querySelector(".nl-search");
          // The bundle's pagefind.js: Pagefind's API over every part merged.
          const bundle = new URL(root.dataset.bundle, document.baseURI);
          const api = await import(new URL("pagefind.js", bundle).href);
          const found = await api.search("AI");
          const data = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
          return data.map((d) => d.url);
        }"""
    )
    assert len(shown) > 3
    assert shown == ranked


def test_a_slower_earlier_query_never_replaces_a_later_ones_results(page, served):
    # The fragments of "Perplexity"'s results are held back until "Sora" is shown.
    held: list[tuple[Route, Any]] = []
    holding = [True]

    def hold(route: Route) -> None:
        response = route.fetch()
        if holding[0] and b"Perplexity" in gzip.decompress(response.body()):
            held.append((route, response))
        else:
            route.fulfill(response=response)

    page.route("**/pagefind/*/fragment/**", hold)
    page.goto(f"{served['asia']}/search/")
    field = page.locator("#nl-search-q")
    field.press_sequentially("Perplexity", delay=30)
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first query's fragments were never asked for"
    holding[0] = False
    field.fill("Sora")
    expect(page.locator(".nl-search-status")).to_contain_text("“Sora”")
    sora = page.locator(".nl-search-result h2 a").all_inner_texts()
    assert sora and all("Sora" in title for title in sora), sora
    for route, response in held:
        route.fulfill(response=response)
    page.wait_for_timeout(1000)
    assert page.locator(".nl-search-result h2 a").all_inner_texts() == sora
    expect(page.locator(".nl-search-status")).to_contain_text("“Sora”")
    assert page.url.endswith("/search/?q=Sora")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("site", ["en", "zh_CN"])
def test_results_arriving_shift_nothing_on_the_page(chromium, served, site, width):
    # Every layout shift from the first paint is summed, even those just after a key
    # press (which the browser's CLS leaves out): stricter than CLS.
    context = chromium.new_context(viewport={"width": width, "height": 844 if width < 600 else 800})
    context.add_init_script(SHIFTS)
    tab = context.new_page()
    base = served[site]
    try:
        # A shared link: the results arrive after the page is drawn.
        search(tab, base, "q=numbat")
        tab.wait_for_timeout(300)
        opened = sum(tab.evaluate("window.__shifts"))
        # Typing one query, then another with fewer results, then clearing it.
        tab.goto(f"{base}/search/")
        field = tab.locator("#nl-search-q")
        status = tab.locator(".nl-search-status")
        field.press_sequentially("numbat", delay=60)
        expect(status).to_contain_text("21")
        field.fill("")
        field.press_sequentially("wombat", delay=60)
        expect(status).to_contain_text("2")
        expect(tab.locator(".nl-search-result")).to_have_count(2)
        tab.wait_for_timeout(300)
        typed = sum(tab.evaluate("window.__shifts"))
    finally:
        context.close()
    assert opened < MAX_SHIFT, f"opening a search shifted the page by {opened:.3f}"
    assert typed < MAX_SHIFT, f"typing shifted the page by {typed:.3f}"


def test_the_search_button_and_field_share_one_line_on_a_phone_in_every_language(chromium, served):
    for language in ("en", "zh_CN", "zh_TW", "ja", "ko"):
        with phone(chromium) as tab:
            tab.goto(f"{served[language]}/search/")
            box = tab.evaluate(
                """() => {
                  const button = document.querySelector(".nl-search-submit");
                  const field = document.querySelector("#nl-search-q").getBoundingClientRect();
                  const text = document.createRange();
                  text.selectNodeContents(button);
                  const lines = new Set([...text.getClientRects()].map((r) => Math.round(r.top)));
                  const own = button.getBoundingClientRect();
                  return {lines: lines.size, field: field.top, button: own.top,
                          right: own.right, fieldWidth: field.width, width: innerWidth};
                }"""
            )
        assert box["lines"] == 1, (language, box)
        assert abs(box["field"] - box["button"]) < 2, (language, box)
        assert box["right"] <= box["width"] and box["fieldWidth"] >= 150, (language, box)


def test_the_search_page_is_valid_html_and_its_form_submits_to_itself(sites, chromium, served):
    require(VNU, "run `npm install` at the repository root (`make test` does)")
    java = shutil.which("java")
    require(Path(java or "/usr/bin/java"), "install Java: apt-get install default-jre-headless")
    pages = [str(sites[name] / "search" / "index.html") for name in ("en", "zh_CN", "asia")]
    checked = subprocess.run(
        [str(java), "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        capture_output=True,
        text=True,
    )
    # The Nu Html Checker writes its report on stderr.
    assert json.loads(checked.stderr)["messages"] == [], checked.stderr
    # Without JavaScript the form itself goes to the search page with the query.
    with phone(chromium, java_script_enabled=False) as tab:
        base = served["en"]
        tab.goto(f"{base}/search/")
        tab.locator("#nl-search-q").fill("numbat")
        tab.locator("#nl-search-q").press("Enter")
        tab.wait_for_url(f"{base}/search/?q=numbat")


# -- the filters -----------------------------------------------------------------------


def open_filters(page: Page) -> None:
    page.locator(".nl-search-filters summary").click()
    expect(page.locator(".nl-search-facets fieldset").first).to_be_visible()


def facet(page: Page, legend: str) -> list[str]:
    group = page.locator(".nl-search-facets fieldset", has=page.locator("legend", has_text=legend))
    return [text.strip() for text in group.locator("label").all_inner_texts()]


def test_the_filters_count_the_results_years_newest_first_regions_as_their_tree(page, served):
    # "Kyle" is in two recommendations, one of 2022 and one of 2024, both under
    # Singapore; the archive files others under East Asia, which the results do not.
    search(page, served["spanning"], "q=Kyle")
    open_filters(page)
    assert facet(page, "Year") == ["2024 (1)", "2022 (1)"]
    assert facet(page, "Region") == ["Asia (2)", "Southeast Asia (2)", "Singapore (2)"]
    singapore = page.locator(".nl-search-facets label", has_text="Singapore")
    nested = singapore.evaluate(
        """(label) => {
          const path = [];
          for (let item = label.closest("li"); item; item = item.parentElement.closest("li")) {
            path.unshift(item.querySelector(":scope > label").textContent.trim());
          }
          return path;
        }"""
    )
    assert nested == ["Asia (2)", "Southeast Asia (2)", "Singapore (2)"]
    # Typed on: the counts follow the new results (all of 2024, under China).
    page.locator("#nl-search-q").fill("Sora")
    expect(page.locator(".nl-search-status")).to_contain_text("“Sora”")
    expect(page.locator(".nl-search-facets").get_by_text("China (1)")).to_be_visible()
    found = page.locator(".nl-search-result").count()
    assert facet(page, "Year") == [f"2024 ({found})"]
    assert not page.locator(".nl-search-facets label", has_text="Singapore").count()


def test_a_filter_the_results_hold_no_value_of_is_left_out(page, served):
    # "Kyle Davies rebrands again" names no author and no publication.
    search(page, served["spanning"], "q=rebrands")
    open_filters(page)
    legends = page.locator(".nl-search-facets legend").all_inner_texts()
    assert legends == ["Region", "Topic", "Year"]


def test_without_a_query_the_filters_count_the_archive(page, served):
    page.goto(f"{served['spanning']}/search/")
    open_filters(page)
    assert "East Asia (2)" in facet(page, "Region")
    # Every published record: issue 2 and its three recommendations, issue 1 and its two.
    assert facet(page, "Year") == ["2024 (4)", "2022 (3)"]


# -- landing on the words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "query", "marked"), [("zh", "芯片", "芯片"), ("asia", "chip", "chip")]
)
def test_the_searched_words_are_marked_in_the_excerpts(page, served, site, query, marked):
    # A Chinese word is found by the kit's tokens, which no excerpt shows: the page
    # marks it in the excerpt's text itself, as Pagefind marks a spaced word.
    search(page, served[site], f"q={query}")
    excerpt = page.locator(".nl-search-excerpt").first
    marks = excerpt.locator("mark").all_inner_texts()
    assert marks and all(marked in text.lower() for text in marks), marks
    assert marked in excerpt.inner_text().lower()


@pytest.mark.parametrize(
    ("site", "query", "title"),
    [
        ("asia", "Perplexity", SK_TELECOM),
        # "AI" stands alone in the take, and inside "OpenAI" and "Baidu": marked alone.
        ("asia", "AI", "Sora pours"),
        ("zh", "芯片", "台积电在日本的新工厂"),
    ],
)
def test_a_result_opens_its_recommendation_with_the_words_marked(page, served, site, query, title):
    search(page, served[site], f"q={query}")
    page.locator(".nl-search-result h2 a", has_text=title).click()
    marks = page.locator("mark.nl-highlight")
    expect(marks.first).to_be_visible()
    target = page.locator("article.recommendation:target")
    expect(target).to_be_in_viewport()
    # Marked where the reader lands, and nowhere else on the page.
    assert target.locator("mark.nl-highlight").count() == marks.count()
    assert {text.lower() for text in marks.all_inner_texts()} == {query.lower()}
    if query.isascii():
        # Where a word begins, as Pagefind finds it: never inside another word.
        before = marks.evaluate_all(
            "(marks) => marks.map((mark) => (mark.previousSibling?.textContent || ' ').slice(-1))"
        )
        assert not [letter for letter in before if letter.isalnum()], before


def test_an_issues_own_result_opens_the_issue_with_the_words_marked(page, served):
    search(page, served["zh"], "q=芯片")
    page.locator(".nl-search-result h2 a", has_text="本期").click()
    marks = page.locator("article.bd-article mark.nl-highlight")
    expect(marks.first).to_be_in_viewport()
    assert set(marks.all_inner_texts()) == {"芯片"}


def test_a_page_opened_without_searched_words_loads_no_highlighter(page, served):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{served['asia']}/issues/0009/#sk-telecom-perplexity")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if "pagefind" in url], requests
    assert page.locator("mark.nl-highlight").count() == 0


# -- what it looks like ----------------------------------------------------------------


@pytest.mark.slow
def test_screenshots_of_the_search_page_in_english_and_chinese(chromium, served):
    SHOTS.mkdir(exist_ok=True)
    states = {"empty": "", "results": "?q=numbat", "none": f"?q={ABSENT}", "filters": "?q=dingo"}
    for site in ("en", "zh_CN"):
        for width, height in ((390, 844), (1280, 800)):
            for scheme in ("light", "dark"):
                context = chromium.new_context(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                tab = context.new_page()
                try:
                    for state, query in states.items():
                        tab.goto(f"{served[site]}/search/{query}")
                        if query:
                            expect(tab.locator(".nl-search-status")).not_to_be_empty()
                            expect(tab.locator(".nl-search-status")).not_to_have_text(
                                re.compile("…$")
                            )
                        if state == "filters":
                            open_filters(tab)
                        shot = SHOTS / f"{site}-{state}-{width}-{scheme}.png"
                        tab.screenshot(path=str(shot))
                        widths = tab.evaluate(
                            "({scroll: document.documentElement.scrollWidth, inner: innerWidth})"
                        )
                        assert widths["scroll"] <= widths["inner"], (shot.name, widths)
                finally:
                    context.close()
