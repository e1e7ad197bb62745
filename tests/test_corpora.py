"""Real archives written by someone else (``shared/corpora``) build with the kit.

Each corpus README lists the warnings its real data problems should raise and
nothing else; every recommendation must be rendered, with an id of its own, and
be reachable from each of its index pages.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import Built, needs_corpora

# Each corpus is built once per session (conftest's corpus_site), a minute or so each.
pytestmark = [needs_corpora, pytest.mark.slow]

_ARTICLE = re.compile(r'<article class="recommendation" id="([^"]+)"')
_DIRECTIVE = re.compile(r"^:::\{recommendation\}", re.M)


@pytest.fixture
def haskell(corpus_site: Callable[[str], Built]) -> Built:
    return corpus_site("haskell-weekly")


@pytest.fixture
def ios(corpus_site: Callable[[str], Built]) -> Built:
    return corpus_site("ios-weekly")


def _rendered_ids(site: Built) -> list[str]:
    ids: list[str] = []
    for page in sorted((site.outdir / "issues").glob("*/index.html")):
        ids.extend(_ARTICLE.findall(page.read_text(encoding="utf-8")))
    return ids


def _source_count(site: Built) -> int:
    return sum(
        len(_DIRECTIVE.findall(p.read_text(encoding="utf-8")))
        for p in (site.srcdir / "issues").glob("*.md")
    )


def test_haskell_weekly_raises_exactly_the_warnings_of_its_real_data_problems(haskell):
    counts = Counter(w.type for w in haskell.warnings)
    assert counts == {"newsletter.body": 2454, "newsletter.url": 1}
    [url] = haskell.of("url")
    assert url.path == "issues/0115.md"
    assert "mailto:taylorf@itpro.tv" in url.message


def test_haskell_weekly_renders_every_recommendation_once_with_a_unique_id(haskell):
    ids = _rendered_ids(haskell)
    assert len(ids) == _source_count(haskell) == 9312
    assert len(set(ids)) == len(ids)
    assert all(ids)


def test_haskell_weekly_url_that_is_not_http_is_not_linked(haskell):
    page = haskell.page("issues/0115/")
    article = next(a for a in page.select("article.recommendation") if "ITProTV" in a.get_text())
    assert article.select_one(".recommendation-title a") is None


def test_ios_weekly_raises_only_its_one_real_data_problem(ios):
    assert [(w.type, w.path) for w in ios.warnings] == [("newsletter.body", "issues/0120.md")]


def test_ios_weekly_ids_keep_the_characters_of_chinese_titles(ios):
    ids = _rendered_ids(ios)
    assert len(ids) == _source_count(ios) == 4354
    assert len(set(ids)) == len(ids)
    assert all(ids)
    chinese = [i for i in ids if re.search(r"[\u4e00-\u9fff]", i)]
    assert len(chinese) > 2000
    # A title of symbols only gets the NNNN-K id.
    assert "0100-" in " ".join(i[:5] for i in ids)


def test_every_topic_of_a_corpus_has_a_page_listing_its_recommendations(ios, haskell):
    for site, names in ((ios, ["文章", "工具", "代码", "新闻"]), (haskell, ["Featured", "Jobs"])):
        for name in names:
            from sphinx_newsletter.slugs import taxonomy_slug

            page = site.page(f"topics/{taxonomy_slug(name)}/")
            assert page.select_one("article.bd-article h1").get_text() == name
            assert len(page.select(".recommendation-entry")) == 30


def test_every_haskell_author_has_a_page(haskell):
    authors = set()
    for path in (haskell.srcdir / "issues").glob("*.md"):
        for line in re.findall(r"^:authors: (.*)$", path.read_text(encoding="utf-8"), re.M):
            authors.update(a.strip() for a in line.split(",") if a.strip())
    from sphinx_newsletter.slugs import taxonomy_slug

    missing = [
        a
        for a in authors
        if not (haskell.outdir / "authors" / taxonomy_slug(a) / "index.html").exists()
    ]
    assert len(authors) > 1000
    assert missing == []


_HREF = re.compile(r'href="([^"#:]+/)"')


def _within_two_clicks(folder: Path) -> str:
    """A node's page and every page below it that it links, as one text."""
    top = (folder / "index.html").read_text(encoding="utf-8")
    below = [
        folder / href / "index.html"
        for href in dict.fromkeys(_HREF.findall(top))
        if not href.startswith("../") and (folder / href / "index.html").is_file()
    ]
    return "\n".join([top, *(page.read_text(encoding="utf-8") for page in below)])


@pytest.mark.parametrize("corpus", ["haskell", "ios"])
def test_every_recommendation_is_at_most_two_clicks_from_its_topic_page(corpus, request):
    site: Built = request.getfixturevalue(corpus)
    from sphinx_newsletter.slugs import taxonomy_slug

    overview = (site.outdir / "topics/index.html").read_text(encoding="utf-8")
    reachable: dict[str, str] = {}
    for path in sorted((site.srcdir / "issues").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        issue = path.stem
        page_ids = _ARTICLE.findall(
            (site.outdir / "issues" / issue / "index.html").read_text(encoding="utf-8")
        )
        blocks = re.findall(r"^:::\{recommendation\}.*?(?=^:::$)", text, re.M | re.S)
        assert len(blocks) == len(page_ids)
        for block, rec_id in zip(blocks, page_ids, strict=True):
            topics = re.search(r"^:topics: (.*)$", block, re.M)
            for topic in topics.group(1).split(",") if topics else []:
                slug = taxonomy_slug(topic.strip())
                assert f'href="{slug}/"' in overview  # the topic's page
                if slug not in reachable:
                    reachable[slug] = _within_two_clicks(site.outdir / "topics" / slug)
                # on it, or on the year (month, part) page it links
                assert f"issues/{issue}/#{rec_id}" in reachable[slug], (issue, rec_id, slug)
    assert len(reachable) > 3


def test_no_generated_page_of_a_corpus_passes_400_kb(haskell, ios):
    import json

    for site in (haskell, ios):
        manifest = json.loads((site.outdir / ".newsletter-manifest.json").read_text("utf-8"))
        sizes = {
            page: (site.outdir / page).stat().st_size
            for page, digest in manifest["pages"].items()
            if digest
        }
        assert len(sizes) > 100
        assert max(sizes.values()) <= 400_000, max(sizes, key=sizes.get)


@pytest.mark.parametrize("corpus", ["haskell", "ios"])
def test_audit_finds_nothing_lost_in_a_corpus(corpus, request):
    from sphinx_newsletter.cli.audit import audit
    from sphinx_newsletter.read.reader import reading_of

    site: Built = request.getfixturevalue(corpus)
    # The build read the sources already: its catalog is the one the reader makes
    # (test_reader), so the audit checks the written site against it.
    assert audit(site.srcdir, site.outdir, reading_of(site.app.env)) == []


@pytest.mark.parametrize("name", ["haskell", "ios"])
def test_every_feed_of_a_corpus_parses_and_holds_its_latest_published_issues(name, request):
    from feedcheck import check_all_feeds

    site: Built = request.getfixturevalue(name)
    feeds = check_all_feeds(site.outdir)
    issues = sorted(p.parent.name for p in (site.outdir / "issues").glob("*/index.html"))
    expected = [f"issues/{n}/" for n in sorted(issues, reverse=True)[:20]]
    for path in ("atom.xml", "rss.xml"):
        ids = [e.id.split("/", 3)[3] for e in feeds[path].entries]
        assert ids == expected, path
    assert len(feeds) > 3  # and each region's and topic's
