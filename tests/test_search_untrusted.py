"""Search over contributor text: names a JavaScript object inherits (``constructor``,
``__proto__``...), takes that hold markup as text, and the hostile root's markup in
every field. The records carry them as written; the search page shows them as text,
counts and filters by them, and makes no element or attribute of any of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import chromium_session, desktop_tab, search, serve
from conftest import Built, build_site, copy_root
from sphinx_newsletter._compat import pagefind_fragments

QUARTZ = "Quartz clocks under the constructor topic"
WALNUT = "Walnut harvests under the proto topic"
WOODWORK = "日本の木工所"
#: The filter values of ``test-proto-names``, as its issue files them (regions with
#: their ancestors): the ground truth the records and the filter panel must show.
FILED = {
    QUARTZ: {
        "region": ["constructor", "asia"],
        "topic": ["constructor", "__proto__", "toString", "hasOwnProperty"],
        "author": ["constructor", "__proto__"],
        "publication": ["toString"],
    },
    WALNUT: {
        "region": ["japan", "asia"],
        "topic": ["__proto__", "__defineGetter__"],
        "author": ["__proto__", "valueOf"],
        "publication": ["hasOwnProperty"],
    },
    WOODWORK: {
        "region": ["constructor", "asia"],
        "topic": ["constructor"],
        "author": ["constructor"],
        "publication": ["__defineGetter__"],
    },
}
#: The regions' titles (conf.py): the panel shows these for the ids.
REGION_TITLES = {"asia": "Asia", "constructor": "__proto__", "japan": "constructor"}
#: What a plain object's inherited member looks like once it is turned into text.
LEAKS = ("function", "native code", "[object Object]", "undefined")


def filed_under(name: str, value: str) -> set[str]:
    return {title for title, filters in FILED.items() if value in filters[name]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("proto-names", tmp_path_factory.mktemp("proto") / "site"))


def records(outdir: Path) -> dict[str, dict]:
    """The bundle's records by title."""
    return {r["meta"]["title"]: r for r in pagefind_fragments(outdir / "pagefind")}


def test_records_carry_inherited_names_as_written(site):
    assert site.warnings == []
    found = records(site.outdir)
    for title, filters in FILED.items():
        record = found[title]
        assert {name: record["filters"][name] for name in filters} == filters, title
        assert record["meta"]["authors"] == ", ".join(filters["author"])
        assert record["meta"]["publication"] == filters["publication"][0]


def test_the_search_page_carries_region_titles_named_like_inherited_members(site):
    titles = json.loads(site.page("search/").select_one(".nl-search")["data-titles"])
    assert titles == {"region": REGION_TITLES}


def test_a_take_holding_markup_as_text_is_indexed_as_that_text(site):
    content = records(site.outdir)[QUARTZ]["content"]
    assert "<img src=x onerror=alert(1)>" in content
    assert "<mark>marked</mark>" in content


# -- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("hostile", tmp_path_factory.mktemp("hostile") / "site"))


@pytest.fixture(scope="module")
def base(site: Built) -> Iterator[str]:
    with serve(site.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(site: Built, hostile: Built) -> Iterator[Browser]:
    # Started once the site is built (see browser.chromium_session).
    with chromium_session() as browser:
        yield browser


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A tab that records console errors, page errors and dialogs (``page.problems``)."""
    with desktop_tab(chromium) as tab:
        yield _recording(tab)


def _recording(tab: Page) -> Page:
    """``tab``, recording its console errors, page errors and dialogs (``tab.problems``)."""
    problems: list[str] = []
    tab.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def dialog(d) -> None:
        problems.append(f"dialog: {d.message}")
        d.dismiss()

    tab.on("dialog", dialog)
    tab.problems = problems  # type: ignore[attr-defined]
    return tab


def facets(page: Page) -> dict[str, list[tuple[str, str]]]:
    """The open filter panel: per legend, each (label text, checkbox value)."""
    page.locator(".nl-search-filters summary").click()
    expect(page.locator(".nl-search-facets fieldset").first).to_be_visible()
    out = {}
    for group in page.locator(".nl-search-facets fieldset").all():
        legend = group.locator("legend").inner_text()
        out[legend] = [
            (label.inner_text().strip(), label.locator("input").get_attribute("value"))
            for label in group.locator("label").all()
        ]
    return out


@pytest.mark.browser
def test_the_filter_panel_shows_inherited_names_with_their_counts(page, base):
    search(page, base, "q=take")
    shown = facets(page)
    expected = {}
    for name, legend in (
        ("region", "Region"),
        ("topic", "Topic"),
        ("author", "Author"),
        ("publication", "Publication"),
    ):
        values = {value for filters in FILED.values() for value in filters[name]}
        titles = REGION_TITLES if name == "region" else {}
        expected[legend] = sorted(
            (f"{titles.get(value, value)} ({len(filed_under(name, value))})", value)
            for value in values
        )
    assert {legend: sorted(found) for legend, found in shown.items() if legend != "Year"} == (
        expected
    )
    text = page.locator(".nl-search").inner_text()
    assert not [leak for leak in LEAKS if leak in text], text
    assert page.problems == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "value"),
    sorted({(n, v) for filters in FILED.values() for n, vs in filters.items() for v in vs}),
)
def test_filtering_by_an_inherited_name_finds_what_is_filed_under_it(page, base, name, value):
    found = {title for title, _ in search(page, base, urlencode({"q": "take", name: value}))}
    assert found == filed_under(name, value)
    status = page.locator(".nl-search-status").inner_text()
    shown = REGION_TITLES[value] if name == "region" else value
    assert f"{name.capitalize()}: {shown})" in status, status
    assert not [leak for leak in LEAKS if leak in status], status
    assert page.problems == []


@pytest.mark.browser
def test_markup_in_a_take_shows_as_text_in_the_excerpt_and_never_as_an_element(page, base):
    for query in ("quartz", "onerror", "marked", "bold"):
        search(page, base, urlencode({"q": query}))
        excerpt = page.locator(".nl-search-result", has_text=QUARTZ).locator(".nl-search-excerpt")
        # Pagefind's own marks, nothing else: no img, no b, no mark from the take.
        tags = excerpt.evaluate("(p) => [...p.querySelectorAll('*')].map((e) => e.tagName)")
        assert set(tags) <= {"MARK"}, (query, tags)
        marked = excerpt.evaluate(
            "(p) => [...p.querySelectorAll('mark')].map((m) => m.textContent)"
        )
        assert marked and all(query in word.lower() for word in marked), (query, marked)
        text = excerpt.inner_text()
        assert "<img src=x onerror=alert(1)>" in text, text
        assert "<mark>marked</mark>" in text, text
    results = page.locator(".nl-search-results")
    assert results.locator("img, b, script, svg, iframe, [onerror], [onclick]").count() == 0
    assert page.problems == []


#: The search page's own elements: anything else in it came from a record.
PAGE_TAGS = {
    "A",
    "BUTTON",
    "DETAILS",
    "DIV",
    "FIELDSET",
    "FORM",
    "H1",
    "H2",
    "INPUT",
    "LABEL",
    "LEGEND",
    "LI",
    "MARK",
    "NOSCRIPT",
    "OL",
    "P",
    "SUMMARY",
    "UL",
}


@pytest.mark.browser
def test_hostile_fields_are_text_in_results_filters_and_status(page, hostile):
    with serve(hostile.outdir) as url:
        for query in (
            "q=take",
            "q=linked",
            "region=japan",
            "q=alert&topic=x%22+onclick%3D%22alert(1)",
        ):
            search(page, url, query)
            if query == "q=take":
                heading = page.locator(".nl-search-result h2").first.inner_text()
                assert "<script>alert('title')</script>" in heading
                about = page.locator(".nl-search-about").first.inner_text()
                assert '<b onclick="alert(1)">Bold</b>' in about
                assert "<svg onload=alert('pub')>" in about
                excerpt = page.locator(".nl-search-excerpt").first.inner_text()
                assert "<script>alert('take')</script>" in excerpt
        status = page.locator(".nl-search-status").inner_text()
        assert 'Topic: x" onclick="alert(1))' in status, status
        # With no query the panel counts the whole archive; then a search's results
        # and its panel together, for the elements and attributes the page made.
        page.goto(f"{url}/search/")
        panel = facets(page)
        labels = [label for found in panel.values() for label, _ in found]
        assert "Asia <script>alert('region')</script> (3)" in labels, labels
        assert 'Japan " onmouseover="alert(1) (1)' in labels, labels
        assert "<i>AI</i> (1)" in labels, labels
        search(page, url, "q=take")
        facets(page)
        made = page.locator(".nl-search").evaluate(
            """(root) => [...root.querySelectorAll('*')].flatMap((e) => [
                e.tagName, ...[...e.attributes].map((a) => a.name)])"""
        )
    assert set(made) - PAGE_TAGS <= {
        "class",
        "id",
        "type",
        "name",
        "value",
        "href",
        "role",
        "for",
        "hidden",
        "open",
        "autocomplete",
        "spellcheck",
        "method",
        "action",
        "aria-live",
        "aria-describedby",
        "data-bundle",
        "data-parts",
        "data-titles",
        "data-labels",
        "data-facets",
        "data-loaded",
    }, made
    assert page.problems == []
