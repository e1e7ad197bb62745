"""A reader's page in Chromium: the phone menu, one header, page weight, no console error,
no serious accessibility violation, in light and dark mode.

On the repository's own site (This Week in Asia, issue 9), built as ``make html`` does.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from benchmarks.page_weight import weigh
from playwright.sync_api import Browser, BrowserContext, Page, expect

from browser import axe_violations, chromium_session, describe, serve
from conftest import build_site, copy_site

SERIOUS = frozenset({"serious", "critical"})
#: Issue #19's limits for issue 9 with everything it loads (images aside).
MOST_REQUESTS = 10
MOST_GZIPPED = 120 * 1024
#: One page of each kind a reader meets.
PAGES = {
    "home": "",
    "issue": "issues/0009/",
    "region": "regions/japan/",
    "archive": "archive/",
    "search": "search/",
    "404": "404.html",
    "feeds": "feeds/",
}
ISSUE_9_HEADLINE = "China AI dreams of Sora"


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's site, built (with no warning, as ``-W`` wants) and served."""
    built = build_site(copy_site(tmp_path_factory.mktemp("site") / "site"))
    assert built.warning_text.strip() == ""
    with serve(built.outdir) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(site_url: str) -> Iterator[Browser]:
    """One Chromium for the module, launched after the build."""
    with chromium_session() as browser:
        yield browser


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    """A 390 px touch screen, light scheme."""
    context: BrowserContext = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme="light",
    )
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_phone_menu_opens_a_drawer_by_tap_and_its_archive_link_reaches_the_archive(
    phone: Page, site_url: str
) -> None:
    phone.goto(f"{site_url}/issues/0009/")
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    menu.tap()
    drawer = phone.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    # Home, the archive, the indexes and this year's issues, all on screen.
    for name in ("Latest issue", "Archive", "Regions", "Topics", f"#9 {ISSUE_9_HEADLINE}"):
        expect(drawer.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    drawer.get_by_role("link", name="Archive", exact=True).tap()
    expect(phone).to_have_url(f"{site_url}/archive/")


@pytest.mark.browser
def test_escape_closes_the_drawer_and_gives_focus_back_to_the_menu_button(
    phone: Page, site_url: str
) -> None:
    phone.goto(f"{site_url}/issues/0009/")
    menu = phone.get_by_role("button", name="Menu")
    menu.focus()
    phone.keyboard.press("Enter")
    drawer = phone.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    # Focus moved into the drawer, on its first link.
    expect(drawer.get_by_role("link", name="Latest issue")).to_be_focused()
    phone.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_header_has_the_site_name_linking_home_and_one_search_entry(
    chromium: Browser, site_url: str, width: int
) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{site_url}/issues/0009/")
        search = page.locator('a[href="../../search/"]:visible')
        expect(search).to_have_count(1)
        expect(search).to_have_accessible_name("Search")
        expect(page.locator("input:visible")).to_have_count(0)
        page.get_by_role("link", name="This Week in Asia", exact=True).click()
        expect(page).to_have_url(f"{site_url}/")
        page.goto(f"{site_url}/issues/0009/")
        search.click()
        expect(page).to_have_url(f"{site_url}/search/")
    finally:
        context.close()


@pytest.mark.browser
def test_issue_9_loads_under_120_kb_gzipped_in_at_most_10_requests(
    chromium: Browser, site_url: str
) -> None:
    weight = weigh(chromium, f"{site_url}/issues/0009/")
    files = "\n".join(f"{name}: {gz} B gzipped" for name, gz, _ in weight.files)
    assert weight.requests <= MOST_REQUESTS, files
    assert weight.gzipped < MOST_GZIPPED, files
    assert weight.errors == []
    # Nothing it loads is the icon font or a theme script it does not run.
    assert not [name for name, _, _ in weight.files if "fontawesome" in name or "bootstrap" in name]


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_logs_no_console_error(chromium: Browser, site_url: str, kind: str) -> None:
    weight = weigh(chromium, f"{site_url}/{PAGES[kind]}")
    assert weight.errors == []


@pytest.mark.browser
def test_dark_mode_switch_is_a_pressed_button_that_follows_the_system_first(
    chromium: Browser, site_url: str
) -> None:
    context = chromium.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(f"{site_url}/issues/0009/")
        # No choice yet: the system's dark scheme.
        expect(page.locator("html")).to_have_attribute("data-theme", "dark")
        switch = page.get_by_role("button", name="Dark mode")
        expect(switch).to_have_attribute("aria-pressed", "true")
        switch.click()
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
        expect(switch).to_have_attribute("aria-pressed", "false")
        page.goto(f"{site_url}/archive/")
        expect(page.locator("html")).to_have_attribute("data-theme", "light")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", ["home", "issue", "region", "search", "404", "feeds"])
def test_axe_finds_no_serious_violation_on_the_sites_pages(
    chromium: Browser, site_url: str, kind: str, mode: str
) -> None:
    for width in (390, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 800})
        context.add_init_script(f"localStorage.setItem('mode', {mode!r})")
        page = context.new_page()
        try:
            page.goto(f"{site_url}/{PAGES[kind]}")
            expect(page.locator("html")).to_have_attribute("data-theme", mode)
            violations = axe_violations(page, SERIOUS)
            assert not violations, f"{kind} at {width} px in {mode}:\n{describe(violations)}"
        finally:
            context.close()
