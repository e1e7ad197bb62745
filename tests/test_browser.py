"""What a reader does in a browser: follow links, switch to dark mode, read on a phone."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from browser import axe_violations, describe, desktop_tab, launch, serve
from conftest import Built, build_site, copy_root
from test_listings import ISSUES, write_site

SCREENS = Path("/tmp/screens")  # where the engineer looks at the screenshots
SERIOUS = frozenset({"serious", "critical"})
LATEST_RECOMMENDATIONS = [
    "OpenAI's Sora pours 'cold water' on China's AI dreams",
    "Kyle Davies rebrands again",
    "Archive of a lost article",
]
ZH_HEADLINE = "本期：中国人工智能的梦想"  # noqa: RUF001 (the full-width colon is Chinese usage)
# The three-year site plus a newest issue with a Singapore story, so the walk starts there.
NEWEST_ISSUE = (7, "2024-03-10", [("Singapore new story", "singapore", "AI", "Ann Lee")])


def plain_quotes(text: str) -> str:
    """Text with docutils' curly quotes made straight again."""
    return text.replace("\u2019", "'").replace("\u2018", "'").strip()


@pytest.fixture(scope="module")
def chromium(basic_url: str, three_years_url: str, zh_url: str) -> Iterator[Browser]:
    """One Chromium for the whole module, launched once every site is built.

    A process a build forks (a parallel worker, or a helper such as the multiprocessing
    manager sphinx-sitemap used to start) after Playwright's driver starts would inherit
    the driver's pipe and keep the driver, and so this fixture's teardown, waiting forever.
    """
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    """A fresh tab in its own context (empty localStorage), desktop-sized, light scheme."""
    with desktop_tab(chromium, color_scheme="light") as tab:
        yield tab


@pytest.fixture(scope="module")
def basic_url(basic_site: Built) -> Iterator[str]:
    """The basic test root, served."""
    with serve(basic_site.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def three_years_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The three-year site of ``test_listings`` (listing size 2) with a seventh issue, served."""
    built = build_site(
        write_site(tmp_path_factory.mktemp("three") / "site", [*ISSUES, NEWEST_ISSUE])
    )
    assert built.warning_text.strip() == ""
    with serve(built.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def zh_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Chinese test root, served."""
    built = build_site(copy_root("zh", tmp_path_factory.mktemp("zh") / "site"))
    with serve(built.outdir) as url:
        yield url


def background(page: Page) -> str:
    """The computed background colour of the page's body."""
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


@pytest.mark.browser
def test_home_page_shows_the_latest_issue_and_links_to_it(page: Page, basic_url: str) -> None:
    page.goto(f"{basic_url}/")
    latest = page.locator("section.home-latest")
    expect(latest).to_be_visible()
    headline = latest.get_by_role("link", name="China AI dreams of Sora", exact=True)
    expect(headline).to_be_visible()
    titles = latest.locator(".recommendation-entry").all_inner_texts()
    assert [plain_quotes(t) for t in titles] == LATEST_RECOMMENDATIONS
    headline.click()
    expect(page).to_have_url(f"{basic_url}/issues/0002/")
    expect(page.locator("article.bd-article h1").first).to_contain_text("China AI dreams of Sora")


@pytest.mark.browser
def test_region_chip_leads_to_region_page_listing_the_recommendation_and_back(
    page: Page, basic_url: str
) -> None:
    # At this height the recommendation starts below the fold, so reaching it needs a scroll.
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(f"{basic_url}/issues/0002/")
    chip = page.locator("article#sora-cold-water a:has(.chip-region)", has_text="China")
    chip.click()
    expect(page).to_have_url(f"{basic_url}/regions/china/")
    title = LATEST_RECOMMENDATIONS[0]
    entry = page.locator(".recommendation-entry").filter(has_text=title)
    expect(entry).to_have_count(1)
    entry.locator(".entry-title a").first.click()
    expect(page).to_have_url(f"{basic_url}/issues/0002/#sora-cold-water")
    article = page.locator("article#sora-cold-water")
    expect(article).to_be_in_viewport()
    box = article.bounding_box()
    height = page.evaluate("window.innerHeight")
    assert box is not None and 0 <= box["y"] < height, (box, height)


@pytest.mark.browser
def test_dark_mode_switch_darkens_the_page_and_persists_across_pages(
    page: Page, basic_url: str
) -> None:
    page.goto(f"{basic_url}/")
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    light = background(page)
    page.get_by_role("button", name="Dark mode").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    page.wait_for_function(f"getComputedStyle(document.body).backgroundColor !== {light!r}")
    dark = background(page)
    assert dark != light
    page.goto(f"{basic_url}/archive/")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert page.evaluate("localStorage.getItem('mode')") == "dark"
    assert background(page) == dark


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("path", ["/", "/issues/0002/", "/regions/china/", "/archive/"])
def test_axe_finds_no_serious_accessibility_violation(
    page: Page, basic_url: str, path: str, mode: str
) -> None:
    # newsletter-mode.js reads the reader's choice from localStorage before painting.
    page.context.add_init_script(f"localStorage.setItem('mode', {mode!r})")
    page.goto(f"{basic_url}{path}")
    expect(page.locator("html")).to_have_attribute("data-theme", mode)
    violations = axe_violations(page, SERIOUS)
    assert not violations, f"{path} in {mode} mode:\n{describe(violations)}"


@pytest.mark.browser
def test_region_chip_leads_through_year_page_to_an_older_recommendation(
    page: Page, three_years_url: str
) -> None:
    page.goto(f"{three_years_url}/issues/0007/")
    page.locator("article#singapore-new-story a:has(.chip-region)", has_text="Singapore").click()
    expect(page).to_have_url(f"{three_years_url}/regions/singapore/")
    # The top page holds only the newest two; the 2022 story is on its year's page.
    expect(page.locator(".recommendation-entry")).to_have_count(2)
    expect(page.get_by_role("link", name="Old Singapore story")).to_have_count(0)
    page.locator("ul.year-links").get_by_role("link", name="2022", exact=True).click()
    expect(page).to_have_url(f"{three_years_url}/regions/singapore/2022/")
    page.get_by_role("link", name="Old Singapore story", exact=True).click()
    expect(page).to_have_url(f"{three_years_url}/issues/0001/#old-singapore-story")
    expect(page.locator("article#old-singapore-story")).to_be_in_viewport()


@pytest.mark.browser
def test_chinese_issue_fits_a_phone_screen(chromium: Browser, zh_url: str, tmp_path: Path) -> None:
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
    )
    try:
        phone = context.new_page()
        phone.goto(f"{zh_url}/issues/0001/")
        title = phone.get_by_role("heading", level=1, name=ZH_HEADLINE, exact=True)
        expect(title).to_be_visible()
        expect(title).to_be_in_viewport()
        widths = phone.evaluate(
            "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
        )
        shot = tmp_path / "zh-issue-phone.png"
        phone.screenshot(path=str(shot), full_page=True)
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, SCREENS / "zh-issue-phone.png")
        assert widths["scroll"] <= widths["inner"], f"scrolls sideways: {widths}, see {shot}"
    finally:
        context.close()


def _documented_policy() -> str:
    """The Content-Security-Policy the README tells hosts to send."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    return re.search(r"^Content-Security-Policy: (.+)$", readme, re.M).group(1)


@pytest.mark.browser
def test_site_works_under_the_documented_content_security_policy(
    page: Page, basic_url: str
) -> None:
    policy = _documented_policy()
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src")[0]
    # Pagefind's WebAssembly, and nothing else that runs text as code.
    assert "'wasm-unsafe-eval'" in policy and "'unsafe-eval'" not in policy

    def with_policy(route) -> None:
        response = route.fetch()
        route.fulfill(
            response=response, headers={**response.headers, "content-security-policy": policy}
        )

    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(str(error)))
    page.route("**/*", with_policy)
    for path in ("/", "/issues/0002/", "/regions/china/", "/search/?q=sora"):
        page.goto(f"{basic_url}{path}")
        page.wait_for_load_state("networkidle")
    expect(page.locator(".nl-search-results")).to_contain_text("Sora")
    # A result's page, its searched word marked by Pagefind's highlighter.
    page.goto(f"{basic_url}/issues/0002/?highlight=Sora#sora-cold-water")
    expect(page.locator("#sora-cold-water mark.nl-highlight").first).to_have_text("Sora")
    page.goto(f"{basic_url}/issues/0002/")
    page.get_by_role("button", name="Dark mode").click()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    violations = [m for m in messages if "Content Security Policy" in m or "Refused" in m]
    assert violations == []
