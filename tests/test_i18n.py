"""The interface in the site's language, and empty things out of the way (issue #19).

The zh_CN and ja test roots are built as readers get them; the kit's own words are
the msgids of its ``.pot``, and none of them may be visible on a Chinese page.
"""

# ruff: noqa: RUF001 (full-width commas and colons are Chinese and Japanese usage)
from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import babel
import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import REPO, Built, build_site, copy_root
from sphinx_newsletter.labels import (
    CATALOG,
    PLURAL_SAMPLES,
    Words,
    canonical_language,
    compile_catalog,
)

POT = REPO / "src" / "sphinx_newsletter" / "locale" / "sphinx_newsletter.pot"
#: Attributes a reader (or a screen reader) meets as text.
SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def msgids() -> list[str]:
    """Every English text of the kit's catalog, plural forms included."""
    with POT.open("rb") as file:
        catalog = read_po(file)
    out: list[str] = []
    for message in catalog:
        if message.id:
            out += [message.id] if isinstance(message.id, str) else list(message.id)
    return out


def english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """A word-bounded pattern for each run of words a msgid holds outside its fields.

    ``Latest: {name}`` gives ``Latest:``; a run of one letter (``#``) says nothing.
    """
    patterns = []
    for msgid in msgids():
        for part in re.split(r"\{\w+\}", msgid):
            part = part.strip()
            if len(re.sub(r"[^A-Za-z]", "", part)) >= 2:
                pattern = r"(?<![A-Za-z])" + re.escape(part) + r"(?![A-Za-z])"
                patterns.append((msgid, re.compile(pattern)))
    return patterns


def shown_texts(soup: BeautifulSoup) -> list[str]:
    """What a reader sees of a page's body: its text and its labelled attributes."""
    body = soup.body or soup
    for hidden in body(["script", "style", "template"]):
        hidden.decompose()
    texts = list(body.stripped_strings)
    for tag in body.find_all(True):
        texts += [tag[name] for name in SHOWN_ATTRIBUTES if tag.get(name)]
    return texts


def visible(soup: BeautifulSoup, selector: str) -> list[str]:
    """The whitespace-normalised text of every element ``selector`` finds."""
    return [" ".join(node.get_text(" ").split()) for node in soup.select(selector)]


def nav_labels(site: Built, path: str = "issues/0001/") -> list[str]:
    """The sidebar's section links (home, archive, the indexes), in order; the feeds
    page's link, last, is not one of them."""
    return visible(site.page(path), "nav.nl-nav .nl-nav-sections a:not(.nl-nav-feeds)")


@pytest.fixture(scope="module")
def zh(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("i18n-zh", tmp_path_factory.mktemp("i18n-zh") / "site"))


@pytest.fixture(scope="module")
def ja(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("i18n-ja", tmp_path_factory.mktemp("i18n-ja") / "site"))


def test_test_roots_build_without_warnings(zh: Built, ja: Built) -> None:
    assert zh.warning_text.strip() == ""
    assert ja.warning_text.strip() == ""


@pytest.mark.parametrize("root", ["zh", "ja"])
def test_no_english_interface_text_on_any_page(root: str, request: pytest.FixtureRequest) -> None:
    site: Built = request.getfixturevalue(root)
    patterns = english_patterns()
    assert len(patterns) > 50  # the catalog is read, not empty
    pages = sorted(site.outdir.rglob("*.html"))
    assert len(pages) > 20
    found = []
    for path in pages:
        texts = shown_texts(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
        for msgid, pattern in patterns:
            found += [
                f"{path.relative_to(site.outdir)}: {msgid!r} in {text[:80]!r}"
                for text in texts
                if pattern.search(text)
            ]
    assert not found, "\n".join(found[:30])


def test_the_check_finds_english_where_there_is_some(tmp_path: Path) -> None:
    # The same scan on the English build of the same root finds the kit's words.
    site = build_site(copy_root("i18n-zh", tmp_path / "site"), language="en")
    texts = shown_texts(site.page("issues/0001/"))
    hits = {msgid for msgid, pattern in english_patterns() if any(map(pattern.search, texts))}
    assert {"Our Take", "Sponsored", "Latest issue", "Archive", "Next issue"} <= hits


def test_zh_cn_labels_on_the_pages(zh: Built) -> None:
    assert nav_labels(zh) == ["最新一期", "往期", "地区", "话题", "媒体", "作者", "赞助商"]
    assert visible(zh.page("issues/0001/"), "nav.nl-nav a.nl-nav-feeds") == ["订阅源"]
    issue = zh.page("issues/0001/")
    assert visible(issue, ".take-label") == ["编者按"]
    assert visible(issue, ".sponsor-label") == ["赞助"]
    assert visible(issue, ".sponsor-offer") == ["使用优惠码 ASIA ，可享三个月免费。"]
    assert visible(issue, ".issue-navigation-label") == ["下一期"]
    assert visible(issue, "time.issue-date") == ["2024年3月2日"]
    # The byline leads with the site the title links to (a host name, not a label).
    assert visible(issue, ".recommendation-byline") == [
        "news.example · 作者： 王小明 、 李华 · 刊于 少数派"
    ]
    assert visible(zh.page("issues/0002/"), ".issue-navigation-label") == ["上一期"]
    home = zh.page("index.html")
    assert visible(home, ".home-recent h2") == ["近期各期"]
    assert visible(zh.page("archive/"), ".nl-listing h1") == ["往期"]
    assert visible(zh.page("regions/taiwan/"), ".term-label") == ["地区"]
    assert visible(zh.page("404/"), "article h1") == ["页面未找到"]
    assert zh.page("index.html").html["lang"] == "zh-CN"


def test_the_builds_last_line_speaks_chinese(zh: Built) -> None:
    last = [line for line in zh.status.splitlines() if line.startswith("newsletter")][-1]
    assert last.startswith("newsletter：已将 2 期、3 篇推荐构建到 ")


def test_ja_labels_on_the_pages(ja: Built) -> None:
    assert nav_labels(ja) == [
        "最新号",
        "バックナンバー",
        "地域",
        "トピック",
        "媒体",
        "著者",
        "スポンサー",
    ]
    issue = ja.page("issues/0001/")
    assert visible(issue, ".take-label") == ["編集部より"]
    assert visible(issue, ".sponsor-label") == ["広告"]
    assert visible(issue, ".sponsor-offer") == ["コード ASIA をご利用ください。"]
    assert visible(issue, "time.issue-date") == ["2024年3月2日"]
    assert visible(ja.page("archive/"), "h2")[0] == "年別"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("zh_CN", "zh_CN"),
        ("zh-CN", "zh_CN"),
        ("zh", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("zh_Hant", "zh_TW"),
        ("zh-HK", "zh_TW"),
        ("ja-JP", "ja_JP"),
        ("ko", "ko"),
        ("en", "en"),
        ("pt-BR", "pt_BR"),
        ("not a language", "not a language"),
    ],
)
def test_language_names_as_the_catalogs_do(written: str, canonical: str) -> None:
    assert canonical_language(written) == canonical


@pytest.mark.parametrize("language", ["zh-CN", "zh"])
def test_zh_cn_spellings_give_the_same_labels(zh: Built, language: str, tmp_path: Path) -> None:
    site = build_site(copy_root("i18n-zh", tmp_path / "site"), language=language)
    assert site.warning_text.strip() == ""
    assert nav_labels(site) == nav_labels(zh)
    issue, theirs = site.page("issues/0001/"), zh.page("issues/0001/")
    for selector in (".take-label", ".sponsor-label", "time.issue-date", ".nl-search-link"):
        assert visible(issue, selector) == visible(theirs, selector)
    # Sphinx's and the themes' own words follow too ("Skip to main content").
    assert visible(issue, ".skip-link") == visible(theirs, ".skip-link") != ["Skip to main content"]
    assert issue.html["lang"] == "zh-CN"


@pytest.mark.parametrize("language", ["zh-TW", "zh_Hant"])
def test_traditional_chinese_spellings_give_zh_tw(language: str, tmp_path: Path) -> None:
    site = build_site(copy_root("i18n-zh", tmp_path / "site"), language=language)
    assert nav_labels(site)[:4] == ["最新一期", "往期", "地區", "話題"]
    assert visible(site.page("issues/0001/"), ".sponsor-label") == ["贊助"]
    assert site.page("index.html").html["lang"] == "zh-TW"


def test_korean_labels(tmp_path: Path) -> None:
    site = build_site(copy_root("i18n-ja", tmp_path / "site"), language="ko")
    assert nav_labels(site)[:4] == ["최신호", "지난 호", "지역", "주제"]
    assert visible(site.page("issues/0001/"), ".take-label") == ["편집자 의견"]


def test_a_site_overrides_any_label(tmp_path: Path) -> None:
    labels = {"Our Take": "Why read it", "Latest issue": "This week", "Sponsored": "Ad <b>"}
    site = build_site(copy_root("i18n-zh", tmp_path / "site"), newsletter_labels=labels)
    issue = site.page("issues/0001/")
    assert visible(issue, ".take-label") == ["Why read it"]
    assert visible(issue, ".sponsor-label") == ["Ad <b>"]  # text, escaped
    assert issue.select(".sponsor-label b") == []
    assert nav_labels(site)[:2] == ["This week", "往期"]
    # Labels with fields keep working when a site leaves a field out or adds one.
    more = {"{n} min read": "{n} minutes {oops}", "Archive: {year}": "Year {"}
    site = build_site(copy_root("i18n-zh", tmp_path / "again"), newsletter_labels=more)
    assert site.warning_text.strip() == ""
    assert visible(site.page("issues/0001/"), ".issue-reading-time") == ["1 minutes {oops}"]
    assert visible(site.page("archive/2024/"), "title")[0].startswith("Year {")


def test_a_label_the_kit_does_not_have_is_a_config_warning(tmp_path: Path) -> None:
    labels = {"Our Tak": "Why read it", "Sponsored": 3, "{n} issue.": ["One issue.", "{n} in all!"]}
    site = build_site(copy_root("i18n-zh", tmp_path / "site"), newsletter_labels=labels)
    problems = [line for line in site.warning_text.splitlines() if "newsletter_labels" in line]
    assert len(problems) == 2, problems
    assert "'Our Tak' is not one of the kit's labels (did you mean 'Our Take'?)" in problems[0]
    assert "[newsletter.config]" in problems[0]
    assert "the label for 'Sponsored' must be a text" in problems[1]
    # A count's label may be a (one, many) pair; the others still apply.
    assert visible(site.page("archive/"), ".listing-summary") == ["2 in all!"]
    assert visible(site.page("issues/0001/"), ".sponsor-label") == ["赞助"]


def english(tmp_path: Path, name: str, drop: str | None = None, **overrides: object) -> Built:
    """The zh root built in English, without issue ``drop`` (a file name) if given."""
    site = copy_root("i18n-zh", tmp_path / name)
    if drop:
        (site / "issues" / drop).unlink()
    return build_site(site, language="en", **overrides)


def test_plurals_for_one_and_two_in_english(tmp_path: Path) -> None:
    # One entry a top page: China's two entries outgrow it and get their year's page.
    two = english(tmp_path, "two", newsletter_listing_size=1)
    assert "newsletter: 2 issues and 3 recommendations built into " in two.status
    assert visible(two.page("archive/"), ".listing-summary") == ["2 issues."]
    assert visible(two.page("archive/"), ".year-links .count") == ["2 issues"]
    assert visible(two.page("regions/china/"), ".listing-summary") == [
        "2 entries in all; the newest below, every one on its year's page."
    ]
    assert visible(two.page("regions/china/2024/"), ".listing-summary") == ["2 entries in 2024."]
    one = english(tmp_path, "one", drop="0002.md")
    assert "newsletter: 1 issue and 1 recommendation built into " in one.status
    assert visible(one.page("archive/"), ".listing-summary") == ["1 issue."]
    assert visible(one.page("archive/"), ".year-links .count") == ["1 issue"]
    assert visible(one.page("regions/taiwan/"), ".listing-summary") == ["1 entry in all."]


@pytest.mark.parametrize("language", [None, "zh_CN", "zh_TW", "ja", "ko"])
def test_each_plural_category_gets_the_form_the_catalogs_rule_gives(
    language: str | None, tmp_path: Path
) -> None:
    # The search page learns its count in the browser and picks a form by the CLDR
    # category Intl.PluralRules gives (plural_forms): for every count, that form must
    # be the one the catalog's own (gettext) rule picks.
    words = Words()
    if language:
        mo = compile_catalog(language, tmp_path) / language / "LC_MESSAGES" / f"{CATALOG}.mo"
        words = Words(gettext.GNUTranslations(io.BytesIO(mo.read_bytes())))
    rule = babel.Locale.parse(language or "en").plural_form
    with POT.open("rb") as file:
        plurals = [message.id for message in read_po(file) if isinstance(message.id, tuple)]
    assert plurals
    for singular, plural in plurals:
        forms = words.plural_forms(singular, plural, language)
        assert set(forms) == set(rule.tags) | {"other"}, (language, singular, forms)
        for n in PLURAL_SAMPLES:
            expected = words.plural(singular, plural, n)
            assert forms[rule(n)].replace("{n}", str(n)) == expected, (language, singular, n)


# -- Empty things stay out of the way -----------------------------------------


def test_an_index_without_entries_is_left_out_of_the_navigation_but_has_its_page(
    tmp_path: Path,
) -> None:
    site = copy_root("i18n-ja", tmp_path / "site")
    issue = site / "issues" / "0001.md"
    text = issue.read_text(encoding="utf-8")
    issue.write_text(text[: text.index(":::{sponsor}")], encoding="utf-8")
    built = build_site(site, language="en")
    assert built.warning_text.strip() == ""
    for page in ("index.html", "issues/0001/", "archive/", "regions/", "search/"):
        assert nav_labels(built, page) == [
            "Latest issue",
            "Archive",
            "Regions",
            "Topics",
            "Publications",
            "Authors",
        ]
    assert built.exists("sponsors/")
    assert visible(built.page("sponsors/"), ".nl-listing h1") == ["Sponsors"]


def test_the_first_sponsor_puts_sponsors_back_in_every_pages_navigation(tmp_path: Path) -> None:
    # Incremental: pages that did not change are written again for their navigation.
    site = copy_root("i18n-ja", tmp_path / "site")
    issue = site / "issues" / "0001.md"
    full = issue.read_text(encoding="utf-8")
    issue.write_text(full[: full.index(":::{sponsor}")], encoding="utf-8")
    build_site(site, language="en")
    issue.write_text(full, encoding="utf-8")
    built = build_site(site, language="en")
    for page in ("index.html", "issues/0001/", "issues/0002/"):
        assert nav_labels(built, page)[-1] == "Sponsors"


def test_home_region_tree_shows_only_regions_with_entries_and_links_to_all(zh: Built) -> None:
    home = zh.page("index.html")
    tree = [a.get_text() for a in home.select(".home-regions .region-tree a")]
    assert tree == ["亚洲", "中国", "台湾"]  # 日本 has nothing filed
    every = home.select_one(".home-regions-all a")
    assert every.get_text() == "全部地区 →"
    assert every["href"] == "regions/"
    assert "日本" in [a.get_text() for a in zh.page("regions/").select(".region-tree a")]


def test_an_empty_region_page_says_so_in_a_sentence(zh: Built) -> None:
    japan = zh.page("regions/japan/")
    assert visible(japan, ".listing-summary") == ["“日本”下暂无内容。"]
    assert visible(japan, "h2") == []  # no "最新" over nothing
    assert japan.select(".recommendation-entry") == []


def test_a_cover_credit_is_shown_only_with_its_image(zh: Built) -> None:
    with_image = zh.page("issues/0001/")
    assert visible(with_image, "figure.issue-cover figcaption") == ["图片由编辑部制作。"]
    assert with_image.select_one("figure.issue-cover img")["alt"] == "一块发光的芯片。"
    without = zh.page("issues/0002/")
    assert without.select("figure.issue-cover") == []
    assert "这条署名没有图片。" not in without.get_text()


def test_topic_titles_keep_the_case_they_were_written_in(zh: Built) -> None:
    assert visible(zh.page("topics/ai/"), ".nl-listing h1") == ["AI"]
    assert "AI" in [a.get_text() for a in zh.page("topics/").select(".term-list a")]


def test_archive_lists_its_years_before_the_cards(zh: Built) -> None:
    archive = zh.page("archive/")
    order = [
        node.name if node.name == "h2" else "cards"
        for node in archive.select(".nl-archive > h2, .nl-archive > ul.issue-cards")
    ]
    assert order == ["h2", "h2", "cards"]
    assert visible(archive, ".nl-archive > h2") == ["按年份", "最新各期"]
    assert visible(archive, ".year-links a") == ["2024"]


# -- In a browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def zh_served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from browser import serve

    # A name with Latin letters in it, as 老司机 iOS 周报 has: its case must survive.
    site = copy_root("i18n-zh", tmp_path_factory.mktemp("zh-browser") / "site")
    built = build_site(site, newsletter_name="老司机 iOS 周报")
    with serve(built.outdir) as url:
        yield url


@pytest.mark.browser
def test_a_zh_cn_page_shows_chinese_labels_in_chromium(zh_served: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for width in (1280, 390):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                page.goto(f"{zh_served}/issues/0001/")
                # innerText is the text as rendered: text-transform shows in it.
                kicker = page.locator(".issue-kicker .issue-newsletter").inner_text()
                assert kicker == "老司机 iOS 周报"
                assert page.locator(".take-label").inner_text() == "编者按"
                assert page.locator(".sponsor-label").inner_text() == "赞助"
                assert page.locator(".issue-navigation-label").inner_text() == "下一期"
                shown = page.locator("main").inner_text()
                assert "Our Take" not in shown and "OUR TAKE" not in shown
                context.close()
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{zh_served}/")
            nav = page.locator("nav.nl-nav .nl-nav-sections a")
            assert nav.all_inner_texts()[:4] == ["最新一期", "往期", "地区", "话题"]
            # What the search script writes is in Chinese too.
            page.goto(f"{zh_served}/search/?q=芯片")
            status = re.compile(r"^“芯片”：共 [1-9]\d* 条结果。$")
            expect(page.locator(".nl-search-status")).to_have_text(status)
            page.locator(".nl-search-filters summary").click()
            # The results' filters (those filed under no region: no region filter).
            legends = page.locator(".nl-search-facets legend")
            expect(legends.last).to_have_text("年份")
            page.goto(f"{zh_served}/search/?q=zyxwvutsrq")
            expect(page.locator(".nl-search-status")).to_have_text("“zyxwvutsrq”：没有结果。")
            context.close()
        finally:
            browser.close()


# -- The catalogs --------------------------------------------------------------

LOCALE = POT.parent
FIELD = re.compile(r"\{\w+\}")
#: Names no language translates: the command's name, the feed formats'.
PROPER_NAMES = {"newsletter", "Atom", "JavaScript", "RSS"}


def test_the_pot_holds_every_string_the_kit_marks(tmp_path: Path) -> None:
    # The extraction `make messages` runs, into a scratch file.
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    command = re.search(r"pybabel extract (.*?) -o ", makefile.replace("\\\n", " "), re.S)
    fresh = tmp_path / "fresh.pot"
    args = [*command.group(1).replace("$(LOCALE)", str(LOCALE)).split(), "-o", str(fresh)]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", *args, str(LOCALE.parent)],
        check=True,
        capture_output=True,
    )
    assert fresh.read_text(encoding="utf-8") == POT.read_text(encoding="utf-8"), (
        "the .pot is out of date: run `make messages` and translate the new entries"
    )


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "ja", "ko"])
def test_every_catalog_translates_every_message_with_its_fields(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "sphinx_newsletter.po").open("rb") as file:
        catalog = read_po(file)
    assert catalog.num_plurals == 1  # Chinese, Japanese and Korean have one form
    with POT.open("rb") as file:
        template = read_po(file)
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        assert translated is not None, f"{language}: {message.id!r} is missing"
        strings = translated.string
        strings = strings if isinstance(strings, tuple) else (strings,)
        source = message.id if isinstance(message.id, str) else message.id[-1]
        for text in strings:
            assert text, f"{language}: {message.id!r} is not translated"
            assert sorted(FIELD.findall(text)) == sorted(set(FIELD.findall(source))), (
                f"{language}: {message.id!r} loses or adds a field in {text!r}"
            )
            words = set(re.findall(r"[A-Za-z]{3,}", FIELD.sub("", text))) - PROPER_NAMES
            assert not words, f"{language}: {message.id!r} is left in English: {text!r}"


def test_a_cjk_site_has_no_general_index_search_replaces_it(zh: Built, ja: Built) -> None:
    for site in (zh, ja):
        assert not site.exists("genindex/")
        assert not list(site.outdir.glob("genindex*"))
        links = [a["href"] for a in site.page("search/").select("a[href]")]
        assert not [href for href in links if "genindex" in href]
        assert site.exists("search/")


def test_an_english_site_keeps_its_general_index(tmp_path: Path) -> None:
    site = english(tmp_path, "en")
    assert site.exists("genindex/")


# -- Parallel, incremental and reproducible ------------------------------------


def test_zh_cn_parallel_and_incremental_builds_equal_a_clean_serial_build(
    zh: Built, tmp_path: Path
) -> None:
    from conftest import assert_same_site

    parallel = build_site(copy_root("i18n-zh", tmp_path / "parallel"), parallel=2)
    assert_same_site(parallel.outdir, zh.outdir)
    # Built first with site labels, then without: every page the labels reach
    # (documents, listings, 404) is written anew, the same as a clean build's.
    site = copy_root("i18n-zh", tmp_path / "incremental")
    build_site(site, newsletter_labels={"By year": "逐年", "Our Take": "点评"})
    again = build_site(site, parallel=2)
    assert again.warning_text.strip() == ""
    assert_same_site(again.outdir, zh.outdir)


def test_a_label_changed_between_builds_reaches_every_listing_page(tmp_path: Path) -> None:
    from conftest import assert_same_site

    site = copy_root("i18n-zh", tmp_path / "site")
    build_site(site)
    changed = build_site(site, newsletter_labels={"By year": "逐年"})
    clean = build_site(
        copy_root("i18n-zh", tmp_path / "clean"), newsletter_labels={"By year": "逐年"}
    )
    assert visible(changed.page("archive/"), ".nl-archive > h2")[0] == "逐年"
    assert_same_site(changed.outdir, clean.outdir)


def test_two_zh_cn_builds_are_byte_identical_with_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import assert_same_site

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709337600")
    first = build_site(copy_root("i18n-zh", tmp_path / "first"))
    second = build_site(copy_root("i18n-zh", tmp_path / "second"))
    assert_same_site(first.outdir, second.outdir)
