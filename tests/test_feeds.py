"""Feeds: the site's Atom, RSS and JSON Feed, each region's and topic's Atom, and their links."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from conftest import BUILD_MODES, Built, build_in_mode, build_site, copy_root, issue_with_text
from feedcheck import ATOM, check_all_feeds, check_json_feed, check_xml_feed, feed_files
from sphinx_newsletter.feeds.content import absolute_fragment, xml_text


def _feed_bytes(outdir: Path) -> dict[str, bytes]:
    return {p.relative_to(outdir).as_posix(): p.read_bytes() for p in feed_files(outdir)}


def test_site_feeds_hold_the_published_issues_newest_first(basic_site):
    atom = check_xml_feed(basic_site.outdir / "atom.xml")
    rss = check_xml_feed(basic_site.outdir / "rss.xml")
    feed = check_json_feed(basic_site.outdir / "feed.json")
    expected = [
        "https://weekly.example/issues/0002/",
        "https://weekly.example/issues/0001/",
    ]  # 0003 is a draft
    assert [e.id for e in atom.entries] == expected
    assert [e.id for e in rss.entries] == expected
    assert [item["id"] for item in feed["items"]] == expected
    assert atom.entries[0].title.startswith("Test Weekly #2: ")
    assert atom.entries[0].published.startswith("2024-03-02")
    assert atom.feed.updated == atom.entries[0].updated  # the newest entry's date


def test_site_feed_carries_the_whole_issue_with_absolute_links(basic_site):
    atom = check_xml_feed(basic_site.outdir / "atom.xml")
    entry = atom.entries[-1]  # issue 1: cover, recommendations, takes
    page = BeautifulSoup(entry.content[0].value, "html.parser")
    titles = [h.get_text() for h in page.select("article.recommendation h3")]
    issue_page = basic_site.page("issues/0001/")
    assert titles == [h.get_text() for h in issue_page.select("article.recommendation h3")]
    assert entry.summary  # the description
    assert page.select(".take-label")  # Our Take
    region = page.select_one("a[href$='/regions/japan/']")
    assert region["href"] == "https://weekly.example/regions/japan/"
    # Neither web chrome nor permalinks: content only.
    assert not page.select(".newsletter-subscribe, nav.issue-navigation, a.headerlink")


def test_site_feed_entries_have_the_cover(basic_site):
    cover = "https://weekly.example/_static/cover.png"  # issue 2's, not issue 1's
    atom = etree.parse(str(basic_site.outdir / "atom.xml"))
    enclosures = [
        [link.get("href") for link in entry.iter(f"{ATOM}link") if link.get("rel") == "enclosure"]
        for entry in atom.iter(f"{ATOM}entry")
    ]
    assert enclosures == [[cover], []]
    items = json.loads((basic_site.outdir / "feed.json").read_text())["items"]
    assert [item.get("image") for item in items] == [cover, None]
    rss = etree.parse(str(basic_site.outdir / "rss.xml"))
    assert [e.get("url") for e in rss.iter("enclosure")] == [cover]
    assert [e.get("type") for e in rss.iter("enclosure")] == ["image/png"]


def test_region_feed_includes_the_recommendations_of_child_regions(basic_site):
    asia = check_xml_feed(basic_site.outdir / "regions/asia/atom.xml")
    east = check_xml_feed(basic_site.outdir / "regions/east-asia/atom.xml")
    china = check_xml_feed(basic_site.outdir / "regions/china/atom.xml")
    assert china.entries and {e.id for e in china.entries} <= {e.id for e in east.entries}
    assert {e.id for e in east.entries} < {e.id for e in asia.entries}
    # Newest issue first; a recommendation's id is its permalink on the issue page.
    assert all(e.id.startswith("https://weekly.example/issues/000") for e in asia.entries)
    issues = [e.id.split("#")[0] for e in asia.entries]
    assert issues == sorted(issues, reverse=True)
    # The draft's China recommendation is in no feed.
    assert not [e for e in china.entries if "draft" in e.title.lower()]


def test_every_region_and_topic_has_a_feed_even_when_empty(basic_site):
    vietnam_only = check_xml_feed(basic_site.outdir / "regions/taiwan/atom.xml")
    assert vietnam_only.feed.title.startswith("Test Weekly: Taiwan")
    assert (basic_site.outdir / "topics/crypto/atom.xml").exists()
    # A topic only a draft uses has no page and no feed.
    assert not (basic_site.outdir / "topics/drafts-only").exists()


def test_every_feed_of_the_site_parses_with_stable_unique_ids(basic_site):
    feeds = check_all_feeds(basic_site.outdir)
    assert {"atom.xml", "rss.xml", "feed.json", "regions/asia/atom.xml"} <= set(feeds)


def test_feed_length_is_configurable(build):
    site = build("basic", newsletter_feed_issues=1, newsletter_term_feed_issues=1)
    assert [e.id for e in check_xml_feed(site.outdir / "atom.xml").entries] == [
        "https://weekly.example/issues/0002/"
    ]
    asia = check_xml_feed(site.outdir / "regions/asia/atom.xml")
    assert {e.id.split("#")[0] for e in asia.entries} == {"https://weekly.example/issues/0002/"}


def test_two_builds_of_the_same_sources_give_the_same_feed_bytes(tmp_path, basic_site):
    again = build_site(copy_root("basic", tmp_path / "again"))
    assert _feed_bytes(again.outdir) == _feed_bytes(basic_site.outdir)


def test_feeds_agree_in_parallel_and_incremental_builds(tmp_path, basic_site):
    parallel = build_site(copy_root("basic", tmp_path / "parallel"), parallel=2)
    assert _feed_bytes(parallel.outdir) == _feed_bytes(basic_site.outdir)
    incremental = copy_root("basic", tmp_path / "incremental")
    issue = incremental / "issues" / "0002.md"
    original = issue.read_text(encoding="utf-8")
    issue.write_text(original.replace("# ", "# Changed ", 1), encoding="utf-8")
    build_site(incremental)
    issue.write_text(original, encoding="utf-8")
    again = build_site(incremental)
    assert _feed_bytes(again.outdir) == _feed_bytes(basic_site.outdir)


def test_a_feed_of_a_region_taken_out_of_the_tree_is_pruned(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    first = build_site(srcdir)
    assert (first.outdir / "regions/taiwan/atom.xml").exists()
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text().replace('    "taiwan": {"title": "Taiwan", "parent": "east-asia"},\n', ""),
        encoding="utf-8",
    )
    second = build_site(srcdir)
    assert not (second.outdir / "regions/taiwan").exists()
    assert (second.outdir / "regions/japan/atom.xml").exists()


def test_every_page_announces_the_site_feed_and_term_pages_their_own(basic_site):
    for path in ("index.html", "issues/0001/", "archive/", "search/"):
        links = basic_site.page(path).select('head link[rel="alternate"]')
        hrefs = {link["href"]: link["type"] for link in links}
        assert hrefs == {
            "https://weekly.example/atom.xml": "application/atom+xml",
            "https://weekly.example/rss.xml": "application/rss+xml",
            "https://weekly.example/feed.json": "application/feed+json",
        }, path
    for path, feed in (
        ("regions/japan/", "regions/japan/atom.xml"),
        ("topics/ai/", "topics/ai/atom.xml"),
    ):
        page = basic_site.page(path)
        own = page.select_one(f'head link[rel="alternate"][href="https://weekly.example/{feed}"]')
        assert own is not None and own["title"].endswith("(Atom)")
        # For readers, its address to copy (a tap on raw XML helps no one).
        assert page.select_one(".term-feed input.feed-url")["value"] == (
            f"https://weekly.example/{feed}"
        )


def test_readers_see_the_feed_links_in_the_footer(basic_site):
    # The footer leads to the feeds page, which gives each feed's address to copy.
    footer = basic_site.page("regions/japan/").select_one("p.nl-feeds")
    assert [a["href"] for a in footer.select("a")] == ["../../feeds/"]
    feeds = basic_site.page("feeds/")
    assert [field["value"] for field in feeds.select("input.feed-url")][:3] == [
        "https://weekly.example/atom.xml",
        "https://weekly.example/rss.xml",
        "https://weekly.example/feed.json",
    ]
    assert "https://weekly.example/regions/japan/atom.xml" in {
        field["value"] for field in feeds.select("input.feed-url")
    }


def test_non_web_builders_write_no_feeds(build):
    site = build("basic", builder="singlehtml")
    assert not list(site.outdir.rglob("atom.xml"))
    assert 'rel="alternate"' not in (site.outdir / "index.html").read_text(encoding="utf-8")


def test_without_html_baseurl_there_are_no_feeds_and_a_config_warning(build):
    site = build("basic", html_baseurl="")
    assert not list(site.outdir.rglob("atom.xml"))
    assert any("feeds" in w for w in re.findall(r"WARNING: (.*)", site.warning_text))
    assert "newsletter.config" in site.warning_text


def test_control_characters_are_left_out_of_the_feeds(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    issue = srcdir / "issues" / "0002.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("\n:::\n", " Bell\x07 and\x0c feed.\n:::\n", 1), "utf-8")
    site = build_site(srcdir)
    feeds = check_all_feeds(site.outdir)
    content = " ".join(feeds["atom.xml"].entries[0].content[0].value.split())
    assert "Bell and feed." in content
    takes = [" ".join(e.summary.split()) for e in feeds["regions/asia/atom.xml"].entries]
    assert any("Bell and feed." in take for take in takes)


def test_cjk_feed_urls_are_percent_encoded(tmp_path):
    site = build_site(copy_root("zh", tmp_path / "zh"))
    feeds = check_all_feeds(site.outdir)  # checks every URL is ASCII and absolute
    assert len(feeds) > 3


@pytest.mark.parametrize("root", ["hostile", "unsafe"])
def test_hostile_text_stays_inert_in_feeds(tmp_path, root):
    site: Built = build_site(copy_root(root, tmp_path / root))
    feeds = check_all_feeds(site.outdir)
    fragments = []
    for name, feed in feeds.items():
        if name.endswith(".json"):
            fragments += [item.get("content_html", "") for item in feed["items"]]
        else:
            fragments += [c.value for e in feed.entries for c in e.get("content", [])]
    assert fragments
    for fragment in fragments:
        soup = BeautifulSoup(fragment, "html.parser")
        assert not soup.find_all(["script", "iframe", "object", "embed", "style", "meta"])
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
            for attribute in ("href", "src"):
                value = str(tag.get(attribute, "")).lower()
                assert not value.startswith(("javascript:", "data:", "vbscript:")), tag


def test_absolute_fragment_resolves_every_link_once():
    html = (
        '<p>a &lt;b&gt; <a href="../x/">x</a> <a href="#t">t</a> '
        '<img src="../../_images/c.png"/></p>'
    )
    out = absolute_fragment(html, "https://s.example/issues/0001/")
    soup = BeautifulSoup(out, "html.parser")
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://s.example/issues/x/",
        "https://s.example/issues/0001/#t",
    ]
    assert soup.img["src"] == "https://s.example/_images/c.png"
    assert "a &lt;b&gt;" in out
    # Escaped once, never twice: an escaped path and a raw one come out the same.
    for href in ("../%E4%B8%AD/", "../中/"):
        out = absolute_fragment(f'<a href="{href}">z</a>', "https://s.example/a/b/")
        assert out == '<a href="https://s.example/a/%E4%B8%AD/">z</a>'


def test_xml_text_drops_what_xml_cannot_hold():
    assert xml_text("a\x00b\x0bc\td\ne\ufffe") == "abc\td\ne"


def test_a_broken_reference_is_reported_once_though_the_feed_renders_its_issue(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    issue = srcdir / "issues" / "0002.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text.replace("\n:::\n", "\n\nSee {nl:rec}`no-such-rec`.\n:::\n", 1), "utf-8")
    site = build_site(srcdir)
    assert len([w for w in site.of("ref") if "no-such-rec" in w.message]) == 1
    assert "no-such-rec" in check_xml_feed(site.outdir / "atom.xml").entries[0].content[0].value


# -- every field of every format is inert ----------------------------------------------

#: Markup a contributor may type anywhere, each in every field of one issue.
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    '<a href="javascript:alert(4)">click</a>',
    "&lt;script&gt;alert(5)&lt;/script&gt;",
    "]]><script>alert(6)</script><![CDATA[",
    "&amp;lt;b onclick=alert(7)&amp;gt;",
]
#: Elements no reader may be handed from an issue.
ACTIVE = ["script", "iframe", "object", "embed", "style", "meta", "base", "link", "form", "svg"]


def _hostile_issues(srcdir: Path) -> None:
    for offset, text in enumerate(HOSTILE_TEXT):
        number = 4 + offset
        (srcdir / f"issues/{number:04d}.md").write_text(
            issue_with_text(number, text, f"2024-06-{number:02d}"), encoding="utf-8"
        )
    (srcdir / "issues/0020.md").write_text(
        "---\nnumber: 20\ndate: 2024-07-01\ndescription: Script links.\n"
        "image: javascript:alert(8)\n---\n\n# Script links\n\n"
        "[a link](javascript:alert(9)) ![an image](javascript:alert(10))\n\n"
        ":::{recommendation} A script link\n:url: javascript:alert(11)\n"
        ":archive: javascript:alert(12)\n:regions: japan\n\nTake.\n:::\n\n"
        ":::{sponsor} Scripted\n:url: javascript:alert(13)\n:logo: javascript:alert(14)\n\n"
        "Message.\n:::\n",
        encoding="utf-8",
    )


def _active(fragment: str) -> list[str]:
    """What a reader rendering ``fragment`` as HTML would run."""
    found = []
    for tag in BeautifulSoup(fragment, "html.parser").find_all(True):
        if tag.name in ACTIVE:
            found.append(f"<{tag.name}>")
        found += [f"<{tag.name} {a}>" for a in tag.attrs if a.lower().startswith("on")]
        for attribute in ("href", "src", "srcset", "action", "formaction"):
            value = re.sub(r"\s", "", str(tag.get(attribute, ""))).lower()
            if value.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"<{tag.name} {attribute}={value}>")
    return found


def _shown(detail: dict) -> str:
    """A text field as a reader shows it: HTML is rendered (and must hold no element)."""
    if detail["type"] in ("text/html", "application/xhtml+xml"):
        soup = BeautifulSoup(detail["value"], "html.parser")
        assert soup.find(True) is None, f"an element in a text field: {detail['value']!r}"
        return soup.get_text()
    return detail["value"]


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_every_field_of_every_feed_shows_hostile_text_as_text(tmp_path, mode):
    site = build_in_mode(copy_root("basic", tmp_path / "site"), mode, _hostile_issues)
    check_all_feeds(site.outdir)
    descriptions: dict[str, str] = {}
    problems: list[str] = []
    for path in feed_files(site.outdir):
        name = path.relative_to(site.outdir).as_posix()
        if path.suffix == ".json":
            feed = json.loads(path.read_text(encoding="utf-8"))
            for item in feed["items"]:
                problems += [f"{name}: {p}" for p in _active(item.get("content_html", ""))]
                descriptions[f"{name} {item['id']}"] = item["summary"]
            continue
        # As a reader gets it: nothing sanitized, so what the feed holds is what we check.
        parsed = feedparser.parse(
            path.read_bytes(), sanitize_html=False, resolve_relative_uris=False
        )
        _shown(parsed.feed.title_detail)
        _shown(parsed.feed.subtitle_detail)
        for entry in parsed.entries:
            _shown(entry.title_detail)
            descriptions[f"{name} {entry.id}"] = _shown(entry.summary_detail)
            for content in entry.get("content", []):
                problems += [f"{name}: {p}" for p in _active(content.value)]
            links = [link.get("href", "") for link in entry.get("links", [])]
            problems += [f"{name}: link {u}" for u in links if not u.startswith("http")]
    assert problems == []
    # Each site feed shows each issue's description exactly as it was written.
    for offset, text in enumerate(HOSTILE_TEXT):
        page = f"https://weekly.example/issues/{4 + offset:04d}/"
        for feed in ("atom.xml", "rss.xml", "feed.json"):
            assert descriptions[f"{feed} {page}"] == text, feed


def test_only_taxonomies_that_file_recommendations_have_term_feeds() -> None:
    """A term feed's entries are recommendations (title, take, link): a taxonomy of
    sponsor blocks, filed by their names, has none, and ``term_feed`` skips any
    record that is not a recommendation."""
    from sphinx_newsletter.feeds.publish import feed_taxonomies

    assert feed_taxonomies()
    assert all(taxonomy.records == "recs" for taxonomy in feed_taxonomies())


# -- how a feed reader shows the feeds ---------------------------------------------------


def _entry_soups(outdir: Path) -> dict[str, list[BeautifulSoup]]:
    """Each site feed's entries' content, parsed, newest first."""
    atom = feedparser.parse((outdir / "atom.xml").read_bytes())
    rss = feedparser.parse((outdir / "rss.xml").read_bytes())
    items = json.loads((outdir / "feed.json").read_text(encoding="utf-8"))["items"]
    return {
        "atom": [BeautifulSoup(e.content[0].value, "html.parser") for e in atom.entries],
        "rss": [BeautifulSoup(e.content[0].value, "html.parser") for e in rss.entries],
        "json": [BeautifulSoup(i["content_html"], "html.parser") for i in items],
    }


def test_an_entry_shows_its_header_apart_and_its_headline_once(basic_site):
    for name, soups in _entry_soups(basic_site.outdir).items():
        newest = soups[0]
        # The page's stylesheet spaces the header out; a reader has only the text.
        assert newest.select_one(".issue-kicker").get_text().strip() == (
            "Test Weekly · #2 · March 2, 2024"
        ), name
        # The entry's title says "Test Weekly #2: China AI dreams of Sora".
        assert "China AI dreams of Sora" not in newest.get_text(), name
        assert not newest.find("h1"), name
        chips = newest.select_one("article#sora-cold-water .recommendation-chips")
        assert chips.get_text() == "China · geopolitics", name
        assert [a["href"] for a in chips.find_all("a")] == [
            "https://weekly.example/regions/china/",
            "https://weekly.example/topics/geopolitics/",
        ], name


def test_a_chinese_entry_keeps_the_number_apart_from_the_year(tmp_path):
    site = build_site(copy_root("zh", tmp_path / "zh"))
    for name, soups in _entry_soups(site.outdir).items():
        kicker = soups[0].select_one(".issue-kicker").get_text().strip()
        assert kicker == "科技周报 · #1 · 2024年3月2日", name
        assert not soups[0].find("h1") and "本期\uff1a中国人工智能的梦想" not in soups[0].get_text()


def test_every_feed_names_the_site_as_author_with_its_icon(basic_site):
    atom = etree.parse(str(basic_site.outdir / "atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "Test Weekly"
    assert atom.findtext(f"{ATOM}author/{ATOM}uri") == "https://weekly.example/"
    icon = "https://weekly.example/_static/newsletter-favicon.png"
    assert (basic_site.outdir / "_static/newsletter-favicon.png").is_file()
    assert atom.findtext(f"{ATOM}icon") == icon
    assert atom.findtext(f"{ATOM}logo") == icon  # no html_logo: the icon stands in
    region = etree.parse(str(basic_site.outdir / "regions/asia/atom.xml")).getroot()
    assert region.findtext(f"{ATOM}author/{ATOM}name") == "Test Weekly"
    parsed = feedparser.parse((basic_site.outdir / "atom.xml").read_bytes())
    assert parsed.feed.author == "Test Weekly"
    rss = etree.parse(str(basic_site.outdir / "rss.xml")).getroot()
    assert rss.findtext("channel/image/url") == icon
    creators = rss.findall("channel/item/{http://purl.org/dc/elements/1.1/}creator")
    assert [c.text for c in creators] == ["Test Weekly", "Test Weekly"]
    assert rss.find("channel/managingEditor") is None  # RSS wants an address: none given
    feed = json.loads((basic_site.outdir / "feed.json").read_text(encoding="utf-8"))
    assert feed["authors"] == [{"name": "Test Weekly", "url": "https://weekly.example/"}]
    assert feed["icon"] == feed["favicon"] == icon


def test_the_feed_author_and_logo_come_from_conf_py(build):
    site = build(
        "basic",
        newsletter_feed_author={
            "name": "The Editors",
            "url": "https://weekly.example/about/",
            "email": "editors@weekly.example",
        },
        html_logo="_static/cover.png",
        html_favicon="https://cdn.example/icon.ico",
    )
    assert not site.of("config")
    feeds = check_all_feeds(site.outdir)
    logo = "https://weekly.example/_static/cover.png"
    assert (site.outdir / "_static/cover.png").is_file()
    atom = etree.parse(str(site.outdir / "atom.xml")).getroot()
    assert atom.findtext(f"{ATOM}author/{ATOM}name") == "The Editors"
    assert atom.findtext(f"{ATOM}author/{ATOM}email") == "editors@weekly.example"
    assert atom.findtext(f"{ATOM}icon") == "https://cdn.example/icon.ico"
    assert atom.findtext(f"{ATOM}logo") == logo
    rss = etree.parse(str(site.outdir / "rss.xml")).getroot()
    assert rss.findtext("channel/image/url") == logo
    assert rss.findtext("channel/managingEditor") == "editors@weekly.example (The Editors)"
    feed = feeds["feed.json"]
    assert feed["authors"] == [{"name": "The Editors", "url": "https://weekly.example/about/"}]
    assert (feed["icon"], feed["favicon"]) == (logo, "https://cdn.example/icon.ico")


def test_a_new_issue_rewrites_no_past_entry(tmp_path, basic_site):
    """A reader keeps what it fetched: adding an issue, even one that follows up on an
    earlier recommendation, changes no earlier entry."""
    srcdir = copy_root("basic", tmp_path / "site")
    # It follows up on a recommendation of issue 2, whose page then links it.
    (srcdir / "issues/0004.md").write_text(
        "---\nnumber: 4\ndate: 2024-03-09\ndescription: A later issue.\n---\n\n"
        "# Later\n\n:::{recommendation} Sora, a week on\n:url: https://news.example/later\n"
        ":regions: china\n:follows: sora-cold-water\n\nStill cold.\n:::\n",
        encoding="utf-8",
    )
    grown = build_site(srcdir)
    assert grown.page("issues/0002/").select_one(".recommendation-followed-up")
    before = _entry_soups(basic_site.outdir)
    after = _entry_soups(grown.outdir)
    for name in before:
        assert len(after[name]) == len(before[name]) + 1
        assert [str(s) for s in after[name][1:]] == [str(s) for s in before[name]], name


@pytest.mark.browser
def test_an_entry_read_alone_in_chromium_shows_its_header_apart(basic_site, tmp_path):
    """Each site feed entry's content on its own, as a reader renders it (no site
    stylesheet) at a reader's width: the header's lines as words apart, no headline,
    nothing wider than the column."""
    from browser import chromium_session

    zh = build_site(copy_root("zh", tmp_path / "zh"))
    cases = [
        (basic_site.outdir, "en", "Test Weekly · #2 · March 2, 2024", "China AI dreams of Sora"),
        (zh.outdir, "zh-CN", "科技周报 · #1 · 2024年3月2日", "本期\uff1a中国人工智能的梦想"),
    ]
    with chromium_session() as browser:
        page = browser.new_page(viewport={"width": 480, "height": 800})
        for outdir, language, header, headline in cases:
            for name, soups in _entry_soups(outdir).items():
                page.set_content(
                    f'<!DOCTYPE html><html lang="{language}"><meta charset="utf-8">'
                    f"<body>{soups[0]}</body></html>"
                )
                shown = page.evaluate("document.body.innerText")
                assert shown.strip().splitlines()[0] == header, (language, name)
                assert headline not in shown, (language, name)
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 480, (language, name, width)
        page.close()
