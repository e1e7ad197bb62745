"""The kit's base stylesheet (``newsletter-base.css``) draws pages exactly as the themes'.

``tools/theme_css.py`` keeps the rules of Sphinx's ``basic.css`` and PyData's
``pydata-sphinx-theme.css`` that the kit's pages can use. Here every kind of page
is drawn twice in Chromium, at 390 and 1280 px, light and dark: once as built, and
once with the two original files served in the derived one's place (the same
position in the cascade). The screenshots must be the same pixels.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route

from browser import chromium_session, serve
from conftest import build_site, copy_root, copy_site

STATIC = "_static"
#: (site, page, what to do before the screenshot)
PAGES = [
    ("asia", "", None),
    ("asia", "issues/0009/", None),
    ("asia", "regions/japan/", None),
    ("asia", "archive/", None),
    ("asia", "topics/", None),
    ("asia", "search/?q=chip", "results"),
    ("asia", "404.html", None),
    ("asia", "issues/0009/", "drawer"),
    ("sink", "", None),
    ("sink", "issues/0001/", None),
    ("sink", "genindex/", None),
]
VIEWS = [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The repository's site and the kitchen-sink root, built."""
    asia = build_site(copy_site(tmp_path_factory.mktemp("asia") / "site"))
    sink = build_site(copy_root("kitchen-sink", tmp_path_factory.mktemp("sink") / "site"))
    assert asia.warning_text.strip() == "" and sink.warning_text.strip() == ""
    return {"asia": asia.outdir, "sink": sink.outdir}


def test_pages_link_the_base_stylesheet_and_not_the_themes_two(sites):
    html = (sites["asia"] / "issues/0009/index.html").read_text(encoding="utf-8")
    links = [line for line in html.splitlines() if 'rel="stylesheet"' in line]
    assert "newsletter-base.css" in links[0]  # first, where the themes' were
    assert not any(
        "pydata-sphinx-theme.css" in line or "/styles/theme.css" in line for line in links
    )
    assert (sites["asia"] / STATIC / "newsletter-base.css").is_file()


def test_base_stylesheet_was_derived_from_the_installed_themes(sites):
    # An upgraded Sphinx or PyData theme changes the sources: run `make theme-css`
    # (tools/theme_css.py) and look at the pages again.
    derived = (sites["asia"] / STATIC / "newsletter-base.css").read_text(encoding="utf-8")
    recorded = json.loads(derived.split("\n", 1)[0].split("sources: ", 1)[1].removesuffix(" */"))
    static = sites["asia"] / STATIC
    installed = {
        name: hashlib.sha256((static / name).read_bytes()).hexdigest() for name in recorded
    }
    assert sorted(recorded) == ["basic.css", "styles/pydata-sphinx-theme.css"]
    assert recorded == installed, "the themes changed: run `make theme-css`"


@pytest.fixture(scope="module")
def chromium(sites) -> Iterator[Browser]:
    with chromium_session() as browser:
        yield browser


def _originals(outdir: Path) -> bytes:
    """The themes' two files, in the order theme.css and the PyData link load them."""
    static = outdir / STATIC
    return (
        (static / "basic.css").read_bytes()
        + b"\n"
        + (static / "styles" / "pydata-sphinx-theme.css").read_bytes()
    )


def _shoot(
    browser: Browser, url: str, width: int, scheme: str, step: str | None, original: bytes | None
) -> bytes:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme, reduced_motion="reduce"
    )
    page: Page = context.new_page()
    if original is not None:

        def themes(route: Route) -> None:
            route.fulfill(body=original, content_type="text/css")

        page.route("**/_static/newsletter-base.css*", themes)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if step == "results":
        page.wait_for_selector(".nl-search-result")
    elif step == "drawer" and width < 960:  # the menu button shows on a phone only
        page.click(".nl-menu-button")
    page.evaluate("document.fonts.ready")
    shot = page.screenshot(full_page=True, animations="disabled")
    context.close()
    return shot


@pytest.mark.browser
@pytest.mark.parametrize(("site", "path", "step"), PAGES)
def test_page_is_drawn_as_with_the_themes_stylesheets(chromium, sites, site, path, step, tmp_path):
    outdir = sites[site]
    original = _originals(outdir)
    with serve(outdir) as base:
        url = f"{base}/{path}"
        for width, scheme in VIEWS:
            derived = _shoot(chromium, url, width, scheme, step, None)
            themes = _shoot(chromium, url, width, scheme, step, original)
            if derived != themes:  # kept to look at
                (tmp_path / f"{width}-{scheme}-derived.png").write_bytes(derived)
                (tmp_path / f"{width}-{scheme}-themes.png").write_bytes(themes)
            assert derived == themes, f"{path or 'home'} at {width} px, {scheme}: see {tmp_path}"
