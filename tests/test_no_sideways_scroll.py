"""No page is wider than a 390 px phone: every page of every test root, and of 60 issues
of the iOS Weekly corpus (Chinese, with long inline code and URLs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import chromium_session, serve
from conftest import CORPORA, ROOTS, Built, build_site, copy_root, corpus_sources

# Every page of every root and of 60 corpus issues, in Chromium: over a minute.
pytestmark = pytest.mark.slow
PHONE = 390
ROOT_NAMES = sorted(path.name.removeprefix("test-") for path in ROOTS.glob("test-*"))


def _ios_sixty(dest: Path) -> Built:
    """The first 60 issues of the iOS Weekly corpus, built as conftest's corpus_site does."""
    return build_site(corpus_sources("ios-weekly", dest, range(1, 61)), parallel=2)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Every test root and the 60-issue corpus, built before Chromium starts."""
    built = {
        name: build_site(copy_root(name, tmp_path_factory.mktemp(name) / "site"))
        for name in ROOT_NAMES
    }
    if CORPORA.exists():
        built["ios-weekly (60 issues)"] = _ios_sixty(tmp_path_factory.mktemp("ios") / "site")
    return built


@pytest.fixture(scope="module")
def chromium(sites: dict[str, Built]) -> Iterator[Browser]:
    """One Chromium, launched once every site is built."""
    with chromium_session() as browser:
        yield browser


def pages_of(outdir: Path) -> list[str]:
    """Every page of a built site (the theme's static files and Pagefind's aside, and
    ``latest/``, which only leads on to the newest issue, checked here in its turn)."""
    return sorted(
        path.relative_to(outdir).as_posix()
        for path in outdir.rglob("*.html")
        if not {"_static", "pagefind", "latest"} & set(path.relative_to(outdir).parts)
    )


@pytest.mark.browser
def test_no_page_scrolls_sideways_on_a_390_px_phone(
    chromium: Browser, sites: dict[str, Built]
) -> None:
    context = chromium.new_context(
        viewport={"width": PHONE, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    wide: list[str] = []
    checked = 0
    try:
        for name, site in sites.items():
            with serve(site.outdir) as url:
                for path in pages_of(site.outdir):
                    page.goto(f"{url}/{path}")
                    width = page.evaluate("document.documentElement.scrollWidth")
                    checked += 1
                    if width > PHONE:
                        wide.append(f"{name}: {path} is {width} px wide")
    finally:
        context.close()
    assert "ios-weekly (60 issues)" in sites or not CORPORA.exists()
    assert checked > 100, f"only {checked} pages found"
    assert wide == [], "\n".join(wide)
