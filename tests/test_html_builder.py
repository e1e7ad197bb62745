"""``sphinx-build -b html``: the site with file-named pages (``issues/0009.html``) has
its search records, bundle and page, feeds, sitemap, robots.txt, 404 page and
listings, every link of them reaching its page and anchor."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page, expect

from browser import chromium_session, desktop_tab, search, serve
from conftest import BUILD_MODES, Built, build_in_mode, copy_root
from sphinx_newsletter._compat import pagefind_fragments

#: The roots built, and the issue each leaves out until ``add_input`` (incremental).
ROOTS = {"basic": "issues/0002.md", "proto-names": "issues/0001.md"}


def _site(root: str, mode: str, dest: Path) -> Built:
    site = copy_root(root, dest)
    withheld = site / ROOTS[root]
    kept = dest.parent / f"{dest.name}-withheld.md"
    shutil.move(withheld, kept)
    return build_in_mode(site, mode, lambda _: shutil.move(kept, withheld), builder="html")


@pytest.fixture(scope="module", params=[(r, m) for r in ROOTS for m in BUILD_MODES], ids=str)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root, mode = request.param
    return _site(root, mode, tmp_path_factory.mktemp(f"html-{root}-{mode}") / "site")


def base_url(built: Built) -> str:
    return built.app.config.html_baseurl  # type: ignore[attr-defined]


def target_of(built: Built, url: str) -> tuple[Path, str] | None:
    """The output file and fragment a URL of the site names (None: not on the site)."""
    base = base_url(built)
    if not url.startswith(base):
        return None
    parts = urlsplit(url)
    path = built.outdir / unquote(parts.path.removeprefix(urlsplit(base).path))
    return (path / "index.html" if path.is_dir() else path), unquote(parts.fragment)


def ids_of(path: Path) -> set[str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {tag["id"] for tag in soup.find_all(id=True)}


def broken(built: Built, urls: list[tuple[str, str]]) -> list[str]:
    """The (where, URL) pairs whose file, or whose ``#id`` on it, does not exist."""
    problems = []
    for where, url in urls:
        found = target_of(built, url)
        if found is None:
            continue
        path, fragment = found
        if not path.is_file():
            problems.append(f"{where}: {url} (no {path.relative_to(built.outdir)})")
        elif fragment and path.suffix == ".html" and fragment not in ids_of(path):
            problems.append(f"{where}: {url} (no #{fragment})")
    return problems


def test_an_html_build_ends_without_a_warning(built):
    assert built.warning_text == ""


def test_search_records_point_at_issue_files_and_their_ids(built):
    bundle = built.outdir / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    records = pagefind_fragments(bundle)
    urls = [record["url"] for record in records]
    assert urls and all(url.startswith("/issues/") for url in urls), urls
    assert all(url.split("#")[0].endswith(".html") for url in urls), urls
    assert [url for url in urls if "#" in url]
    base = base_url(built)
    assert broken(built, [("record", urljoin(base, url.lstrip("/"))) for url in urls]) == []


def test_the_search_page_is_search_html_and_loads_the_bundle(built):
    page = built.page("search.html")
    assert page.select_one(".nl-search")["data-bundle"] == "pagefind/"
    assert built.exists("pagefind/pagefind.js")
    # The form goes to the page itself (an empty action is invalid HTML).
    assert page.select_one("form.nl-search-form")["action"] == "search.html"
    header = built.page("index.html").select_one("a.nl-search-link")
    assert header["href"] == "search.html"
    assert not built.exists("search/index.html")


def test_every_link_of_every_page_reaches_its_file_and_anchor(built):
    base = base_url(built)
    # conf.py's subscribe page is on the site's host but not built by Sphinx.
    outside = (built.app.config.newsletter_subscribe or {}).get("url")  # type: ignore[attr-defined]
    links = []
    for path in sorted(built.outdir.rglob("*.html")):
        rel = path.relative_to(built.outdir).as_posix()
        if rel.startswith(("_static/", "pagefind/", ".doctrees/")):
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            value = tag.get("href") or tag.get("src")
            if value and value != outside:
                links.append((rel, urljoin(base + rel, value)))
    assert len(links) > 100
    assert broken(built, links) == []


def test_feeds_sitemap_and_robots_name_the_html_files(built):
    base = base_url(built)
    out = built.outdir
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots
    sitemap = BeautifulSoup((out / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    locations = [loc.get_text() for loc in sitemap.find_all("loc")]
    assert f"{base}issues/0001.html" in locations and f"{base}index.html" in locations
    urls = [("sitemap", url) for url in locations]
    feeds = [out / "atom.xml", out / "rss.xml", *sorted(out.glob("*/*/atom.xml"))]
    assert (out / "regions/asia/atom.xml") in feeds
    for feed in feeds:
        soup = BeautifulSoup(feed.read_text(encoding="utf-8"), "xml")
        urls += [(feed.name, link["href"]) for link in soup.find_all("link", href=True)]
        urls += [(feed.name, link.get_text()) for link in soup.find_all("link") if link.string]
    entries = json.loads((out / "feed.json").read_text(encoding="utf-8"))["items"]
    urls += [("feed.json", entry["url"]) for entry in entries]
    assert any(url.endswith(".html") for _, url in urls if "/issues/" in url)
    assert not [url for _, url in urls if "/issues/" in url and ".html" not in url]
    assert broken(built, urls) == []


def test_the_404_page_is_at_the_root_and_links_from_it(built):
    page = built.page("404.html")
    hrefs = {a["href"] for a in page.select("a[href]")}
    assert "/archive.html" in hrefs
    assert not built.exists("404/index.html")


# -- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    return {
        root: _site(root, "clean", tmp_path_factory.mktemp(f"html-browse-{root}") / "site")
        for root in ROOTS
    }


@pytest.fixture(scope="module")
def chromium(sites: dict[str, Built]) -> Iterator[Browser]:
    # Started once the sites are built (see browser.chromium_session).
    with chromium_session() as browser:
        yield browser


@pytest.fixture
def page(chromium: Browser) -> Iterator[Page]:
    with desktop_tab(chromium) as tab:
        yield tab


@pytest.mark.browser
@pytest.mark.parametrize(
    ("root", "query", "title", "link"),
    [
        (
            "basic",
            "renaissance",
            "TSMC founder Morris Chang predicts Japan 'chip renaissance'",
            "/issues/0001.html#tsmc-founder-morris-chang-predicts-japan-chip-renaissance",
        ),
        ("proto-names", "quartz", "Quartz clocks under the constructor topic", None),
        ("proto-names", "木工", "日本の木工所", None),
    ],
)
def test_a_search_result_opens_its_recommendation_on_the_issue_file(
    page, sites, root, query, title, link
):
    with serve(sites[root].outdir) as base:
        results = search(page, base, f"q={query}", path="search.html")
        assert results, query
        found_title, href = results[0]
        # docutils makes ' into \u2019.
        assert found_title.replace("\u2019", "'") == title
        # A merged index's results (the ja one) come with the page's origin.
        parts = urlsplit(urljoin(f"{base}/search.html", href))
        path, anchor = unquote(parts.path), unquote(parts.fragment)
        assert path.startswith("/issues/") and path.endswith(".html") and anchor, href
        if link:
            assert f"{path}#{anchor}" == link
        page.locator(".nl-search-result h2 a").first.click()
        page.wait_for_url(parts.geturl())
        target = page.locator(f"article.recommendation[id='{anchor}']")
        expect(target).to_have_count(1)
        expect(target).to_be_in_viewport()
