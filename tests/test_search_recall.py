"""Chinese and Japanese recall, measured as a reader's browser searches: the small
``cjk-recall`` root (words Pagefind's own two segmenters cut differently: 芯片, 组件化,
插件, 缓存; a Japanese record; takes of one symbol, code, a link, nothing) through
its real Pagefind bundle and the search page's own query cutter, in Chromium.

An upgrade of Pagefind (or a change of the kit's tokens) that loses words fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.recall import EVERYDAY, address, measure, page_texts, site_queries
from playwright.sync_api import Page

from browser import chromium_session, serve
from conftest import Built, build_site, copy_root
from sphinx_newsletter._compat import pagefind_fragments
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.search.segments import query_tokens

# A site built and searched in Chromium: over 20 s in all.
pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("cjk-recall", tmp_path_factory.mktemp("cr") / "site"))


@pytest.fixture(scope="module")
def site(built: Built) -> Path:
    return built.outdir


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[str, Page]]:
    with chromium_session() as browser, serve(site) as base:
        page = browser.new_page()
        yield base, page
        page.close()


def test_every_frequent_and_everyday_word_is_found_where_it_stands(site, served):
    base, page = served
    queries = site_queries(site, "zh")
    queries += ["日本", "半導体", "スマートフォン", "について", "チップ", "佐藤花子", "插", "芯"]
    assert set(EVERYDAY["zh"][:4]) <= set(queries)
    outcomes = measure(site, queries, base, page)
    missed = {o.query: f"{o.found} of {o.expected}" for o in outcomes if o.found < o.expected}
    assert not missed
    assert all(o.expected for o in outcomes), "a query with no ground truth measures nothing"
    # The kit's own tokens, not a bigger answer: the first page holds the query.
    assert sum(o.precision for o in outcomes) / len(outcomes) >= 0.9


def test_the_search_page_cuts_a_query_as_the_index_was_cut(served):
    base, page = served
    queries = ["组件化", "Swift 并发", "芯", "日本の半導体", "𠮷野家", "  a  插件 b ", "ｶﾀｶﾅ", "々"]
    page.goto(f"{base}/search/")
    cut = page.evaluate(
        """async (queries) => {
          const { cutQuery } = await import("../_static/newsletter-search-cut.js");
          return queries.map(cutQuery);
        }""",
        queries,
    )
    assert cut == [query_tokens(query) for query in queries]


def test_a_record_of_a_symbol_code_a_link_or_no_take_is_findable_by_its_title(built, site, served):
    base, page = served
    titles = ["一个问号", "只有代码的推荐", "链接", "空的编者按"]
    recs, _ = page_texts(site)
    assert all(any(title in text for text in recs.values()) for title in titles)
    assert [o.found for o in measure(site, titles, base, page)] == [1, 1, 1, 1]
    assert main(["audit", str(built.srcdir), str(site)]) == 0


def test_the_contracts_pagefind_js_finds_every_record_of_every_part(site, served):
    # The contract: the bundle is at pagefind/ (pagefind/pagefind.js). Its parts
    # are merged behind that one module, and a Chinese query is cut as indexed.
    base, page = served
    assert len(list((site / "pagefind").glob("*/pagefind.js"))) == 2
    page.goto(f"{base}/")
    found = page.evaluate(
        """async () => {
          const pagefind = await import("./pagefind/pagefind.js");
          const urls = async (term) => {
            const found = await pagefind.search(term);
            return Promise.all(found.results.map(async (r) => (await r.data()).url));
          };
          return { all: await urls(null), chips: await urls("芯片"), ja: await urls("半導体") };
        }"""
    )
    # Every part's results link from the site's root, the merged ones' too.
    assert all(url.startswith("/issues/") for url in found["all"])
    every = {r["url"] for r in pagefind_fragments(site / "pagefind")}
    assert sorted({address(url) for url in found["all"]}) == sorted(every)
    recs, _ = page_texts(site)
    for key, word in (("chips", "芯片"), ("ja", "半導体")):
        expected = {url for url, text in recs.items() if word in text}
        assert expected and expected <= {address(url) for url in found[key]}
