"""What a returning reader taps, in Chromium: Subscribe, the menu's latest issue, the
year links both ways, the 404 page's search, copy-link by touch with its toast; and
no script error on a Chinese site.

Every expectation comes from the sources (the newest issue's number, the years of
the issues, the configured sign-up address), never from a page the kit wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from browser import chromium_session, serve
from conftest import build_site, copy_root, edit_file

pytestmark = pytest.mark.browser

#: The basic root's sign-up page (its conf.py) and the zh root's form action.
BASIC_SIGN_UP = "https://weekly.example/subscribe"
ZH_FORM = "https://zh.example/subscribe"


@dataclass(frozen=True)
class Site:
    """A built site, served: its address and its source folder."""

    url: str
    srcdir: Path


def _front_matter(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8").split("---")[1]
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in text.splitlines())
        if key.strip()
    )


def published(srcdir: Path) -> list[dict[str, str]]:
    """The published issues' front matter, read from the files."""
    fields = [_front_matter(path) for path in sorted((srcdir / "issues").glob("*.md"))]
    return [f for f in fields if f.get("draft", "false") != "true"]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """The basic root with its first issue a year earlier (two years of archive), and
    the zh root (a Chinese site with a sign-up form), built and served."""
    basic = copy_root("basic", tmp_path_factory.mktemp("basic") / "site")
    edit_file(basic / "issues/0001.md", "date: 2023-11-04", "date: 2022-11-05")
    zh = copy_root("zh", tmp_path_factory.mktemp("zh") / "site")
    built = {name: build_site(src) for name, src in (("basic", basic), ("zh", zh))}
    for name, site in built.items():
        assert site.warning_text.strip() == "", name
    with serve(built["basic"].outdir) as basic_url, serve(built["zh"].outdir) as zh_url:
        yield {"basic": Site(basic_url, basic), "zh": Site(zh_url, zh)}


@pytest.fixture(scope="module")
def chromium(sites: dict[str, Site]) -> Iterator[Browser]:
    """One Chromium for the module, launched after the builds."""
    with chromium_session() as browser:
        yield browser


@pytest.fixture
def phone(chromium: Browser) -> Iterator[Page]:
    """A 390 px touch screen that may use the clipboard."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    yield context.new_page()
    context.close()


def test_the_header_subscribe_button_leads_to_the_configured_sign_up(
    phone: Page, sites: dict[str, Site]
) -> None:
    phone.goto(f"{sites['basic'].url}/archive/")
    button = phone.locator(".bd-header-article").get_by_role("link", name="Subscribe")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("href", BASIC_SIGN_UP)


def test_with_a_sign_up_form_the_header_button_leads_to_the_form_on_the_page(
    chromium: Browser, sites: dict[str, Site]
) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    try:
        number = int(published(sites["zh"].srcdir)[-1]["number"])
        page.goto(f"{sites['zh'].url}/issues/{number:04d}/")
        page.locator("a.nl-subscribe-link").click()
        form = page.locator("form.subscribe-form")
        expect(form).to_be_in_viewport()
        expect(form).to_have_attribute("action", ZH_FORM)
        expect(form.locator("input[type=email]")).to_have_attribute("name", "email")
    finally:
        page.close()


def test_the_menu_s_latest_issue_opens_the_newest_issue(
    phone: Page, sites: dict[str, Site]
) -> None:
    site = sites["basic"]
    newest = max(int(f["number"]) for f in published(site.srcdir))
    oldest = min(int(f["number"]) for f in published(site.srcdir))
    # From an old issue's page, which must not change when a new issue comes out.
    phone.goto(f"{site.url}/issues/{oldest:04d}/")
    phone.get_by_role("button", name="Menu").tap()
    phone.get_by_role("dialog").get_by_role("link", name="Latest issue").tap()
    expect(phone).to_have_url(re.compile(rf"/issues/{newest:04d}/$"))
    expect(phone.locator(".bd-article h1")).to_be_visible()


def test_year_pages_link_the_previous_and_the_next_year(
    phone: Page, sites: dict[str, Site]
) -> None:
    site = sites["basic"]
    years = sorted({f["date"][:4] for f in published(site.srcdir)})
    assert len(years) >= 2
    phone.goto(f"{site.url}/archive/{years[0]}/")
    expect(phone.locator(".year-previous")).to_have_count(0)
    phone.get_by_role("link", name=f"{years[1]} →").tap()
    expect(phone).to_have_url(re.compile(rf"/archive/{years[1]}/$"))
    phone.get_by_role("link", name=f"← {years[0]}").tap()
    expect(phone).to_have_url(re.compile(rf"/archive/{years[0]}/$"))


def test_the_404_page_searches_the_archive(phone: Page, sites: dict[str, Site]) -> None:
    site = sites["basic"]
    phone.goto(f"{site.url}/404.html")
    expect(phone.get_by_role("link", name=re.compile("archive"))).to_be_visible()
    newest = published(site.srcdir)[-1]
    expect(phone.locator(".nl-404-latest a")).to_have_attribute(
        "href", re.compile(rf"issues/{int(newest['number']):04d}/$")
    )
    field = phone.get_by_role("searchbox", name="Search the archive")
    field.fill("Kyle")
    field.press("Enter")
    expect(phone).to_have_url(re.compile(r"/search/\?q=Kyle$"))
    expect(phone.locator(".nl-search-result h2 a").first).to_contain_text("Kyle")


def test_copy_link_by_tap_copies_the_recommendation_s_address_and_says_so(
    phone: Page, sites: dict[str, Site]
) -> None:
    site = sites["basic"]
    number = int(published(site.srcdir)[-1]["number"])
    address = f"{site.url}/issues/{number:04d}/"
    phone.goto(address)
    recommendation = phone.locator("article.recommendation").first
    rec_id = recommendation.get_attribute("id")
    link = recommendation.locator("a.nl-copy-link")
    expect(link).to_be_visible()  # no hover needed
    link.tap()
    toast = phone.get_by_role("status")
    expect(toast).to_have_text("Link copied")
    expect(toast).to_be_visible()
    assert phone.evaluate("navigator.clipboard.readText()") == f"{address}#{rec_id}"
    assert phone.evaluate("location.hash") == f"#{rec_id}"
    expect(toast).to_be_hidden(timeout=5000)


@pytest.mark.parametrize("path", ["", "issue", "archive/", "regions/china/", "feeds/", "search/"])
def test_a_chinese_site_logs_no_console_error(
    chromium: Browser, sites: dict[str, Site], path: str
) -> None:
    site = sites["zh"]
    if path == "issue":
        path = f"issues/{int(published(site.srcdir)[-1]['number']):04d}/"
    page = chromium.new_page()
    errors: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", note)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site.url}/{path}")
        page.wait_for_load_state("networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        assert errors == []
    finally:
        page.close()
