"""Every error the format spec lists is a located, typed ``newsletter.*`` warning, never a crash.

The ``errors`` test root holds one kind of problem per issue file, each at a known line
(``issues/0002.md`` options, ``0003`` URLs, ``0004`` regions and bodies, ``0005`` ids,
``0006`` references, ``0007`` a draft, ``0008``-``0012`` front matter, ``0013``-``0014``
headlines, ``0015`` everything odd at once); ``config-errors`` holds a broken region tree.
The line rule of the spec: an option's problem is at the option's own line, any other
directive problem at the directive's first line, a front-matter problem at its field's
line (line 1 when the field is missing).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import Built, Warning_, build_site, copy_root
from sphinx_newsletter.read.reader import read_catalog


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The ``errors`` test root, built once: these tests only read it."""
    return build_site(copy_root("errors", tmp_path_factory.mktemp("errors") / "site"))


def at(site: Built, subtype: str, path: str, line: int) -> list[Warning_]:
    """The ``newsletter.<subtype>`` warnings located at ``path:line``."""
    return [w for w in site.of(subtype) if w.path == path and w.line == line]


def one(site: Built, subtype: str, path: str, line: int) -> Warning_:
    """The single ``newsletter.<subtype>`` warning at ``path:line``."""
    found = at(site, subtype, path, line)
    assert len(found) == 1, (
        f"expected one newsletter.{subtype} warning at {path}:{line}, got {found}; "
        f"all of that type in {path}: "
        f"{[(w.line, w.message) for w in site.of(subtype) if w.path == path]}"
    )
    return found[0]


def in_lines(site: Built, path: str, first: int, last: int) -> list[Warning_]:
    """Every warning located in ``path`` between lines ``first`` and ``last``."""
    return [w for w in site.warnings if w.path == path and first <= w.line <= last]


def recommendation(page: BeautifulSoup, title: str) -> Tag:
    """The ``article.recommendation`` whose title reads ``title``."""
    for article in page.select("article.recommendation"):
        heading = article.select_one(".recommendation-title")
        if heading is not None and heading.get_text(strip=True) == title:
            return article
    raise AssertionError(f"no recommendation titled {title!r} on the page")


def config_warnings(site: Built) -> list[str]:
    """The messages of the ``newsletter.config`` warnings, without their ``conf.py:line``.

    They are logged at ``config-inited``, before Sphinx stops colouring its output.
    """
    text = re.sub(r"\x1b\[[0-9;]*m", "", site.warning_text)
    return [
        line.split("WARNING: ", 1)[-1]
        for line in text.splitlines()
        if line.endswith("[newsletter.config]")
    ]


# -- the build as a whole ------------------------------------------------------


def test_errors_build_finishes_without_a_traceback(site: Built) -> None:
    assert (site.outdir / "index.html").exists()
    for marker in ("Traceback", "Exception occurred", "Extension error"):
        assert marker not in site.warning_text
    assert site.warnings, "the errors site must produce warnings"


def test_every_newsletter_warning_names_a_file_and_a_line(site: Built) -> None:
    typed = [line for line in site.warning_text.splitlines() if "[newsletter." in line]
    located = [w for w in site.warnings if w.type.startswith("newsletter.")]
    assert len(typed) == len(located)
    assert all(w.path.endswith(".md") and w.line >= 1 for w in located)


def test_clean_issue_has_no_warnings(site: Built) -> None:
    assert [w for w in site.warnings if w.path == "issues/0001.md"] == []


def test_everything_odd_at_once_gives_only_located_newsletter_warnings(site: Built) -> None:
    path = "issues/0015.md"
    length = len((site.srcdir / path).read_text(encoding="utf-8").splitlines())
    mine = [w for w in site.warnings if w.path == path]
    assert {w.type for w in mine} >= {"newsletter.frontmatter", "newsletter.option"}
    assert all(w.type.startswith(("newsletter.", "myst.")) for w in mine)
    assert all(1 <= w.line <= length for w in mine)
    # Its number, date and draft are malformed: a doubtful issue is never published.
    assert not site.exists("issues/0015/")
    assert "unpublished" in one(site, "frontmatter", "issues/0015.md", 2).message


def test_suppress_warnings_silences_one_subtype_only(build: Callable[..., Built]) -> None:
    quiet = build("errors", suppress_warnings=["newsletter.option"])
    assert quiet.of("option") == []
    assert quiet.of("url") and quiet.of("frontmatter")


# -- newsletter.option ---------------------------------------------------------


def test_unknown_option_names_closest_option_and_its_line(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 11)
    assert ":regoins:" in warning.message
    assert "'regions'" in warning.message
    assert "ignored" in warning.message


def test_unknown_option_is_ignored_and_the_recommendation_kept(site: Built) -> None:
    rec = recommendation(site.page("issues/0002/"), "Unknown option here")
    assert rec.select_one(".recommendation-title a")["href"] == "https://news.example/unknown"
    assert rec.select(".chip-region") == []


def test_missing_argument_is_warned_at_the_directive_and_skipped(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 16)
    assert "no argument" in warning.message
    assert "title" in warning.message
    assert "skipped" in warning.message
    page = site.page("issues/0002/")
    assert len(page.select("article.recommendation")) == 4
    assert page.select('a[href="https://news.example/no-title"]') == []


def test_sponsor_without_name_is_warned_at_the_directive(site: Built) -> None:
    warning = one(site, "option", "issues/0015.md", 21)
    assert "sponsor has no argument" in warning.message
    assert "name" in warning.message


def test_malformed_date_option_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 24)
    assert "2024-02-30" in warning.message
    assert "YYYY-MM-DD" in warning.message


def test_malformed_date_option_is_not_shown(site: Built) -> None:
    rec = recommendation(site.page("issues/0002/"), "Malformed date and language")
    assert rec.select(".recommendation-date") == []
    assert "2024-02-30" not in rec.get_text()


def test_bad_lang_option_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 25)
    assert "not a tag!" in warning.message
    assert "BCP 47" in warning.message


def test_bad_lang_option_is_not_put_on_the_title(site: Built) -> None:
    rec = recommendation(site.page("issues/0002/"), "Malformed date and language")
    assert rec.find(attrs={"lang": True}) is None


def test_name_that_is_not_a_slug_is_warned_at_its_line_with_a_slug_to_use(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 26)
    assert "Not A Slug" in warning.message
    assert "'not-a-slug'" in warning.message


def test_name_that_is_not_a_slug_falls_back_to_the_title_id(site: Built) -> None:
    page = site.page("issues/0002/")
    assert page.select_one("article.recommendation#malformed-date-and-language") is not None
    assert page.select_one("#not-a-slug") is None


def test_option_line_without_closing_colon_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 33)
    assert ":authors" in warning.message
    assert ":name: value" in warning.message


def test_option_given_twice_is_warned_at_the_second_naming_the_first(site: Built) -> None:
    warning = one(site, "option", "issues/0002.md", 34)
    assert "twice" in warning.message
    assert "line 32" in warning.message


def test_option_given_twice_uses_the_first_value(site: Built) -> None:
    rec = recommendation(site.page("issues/0002/"), "Broken option line")
    assert rec.select_one(".recommendation-title a")["href"] == "https://news.example/colon"


def test_flag_option_with_a_value_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "option", "issues/0015.md", 16)
    assert ":no-url:" in warning.message
    assert "flag" in warning.message


def test_value_starting_with_a_quote_keeps_the_other_options(site: Built) -> None:
    assert in_lines(site, "issues/0002.md", 39, 46) == []
    page = site.page("issues/0002/")
    rec = recommendation(page, "Pasted markup in the publication")
    assert rec.select_one(".recommendation-title a")["href"] == "https://news.example/pasted"
    assert [a.get_text() for a in rec.select(".chip-region")] == ["Singapore"]
    assert [a.get_text() for a in rec.select(".chip-topic")] == ["security"]
    publication = rec.select_one(".recommendation-byline .publication")
    assert "<img src=x onerror=alert(1)>" in publication.get_text()


def test_pasted_markup_in_an_option_is_escaped_not_injected(site: Built) -> None:
    page = site.page("issues/0002/")
    assert page.find("img", src="x") is None
    assert not any(tag.has_attr("onerror") for tag in page.find_all(True))


def test_recommendation_with_pasted_markup_is_filed_under_its_region(site: Built) -> None:
    listing = site.page("regions/singapore/")
    assert "Pasted markup in the publication" in listing.get_text()


# -- newsletter.url ------------------------------------------------------------


def test_missing_url_is_warned_at_the_directive(site: Built) -> None:
    warning = one(site, "url", "issues/0003.md", 9)
    assert "No link at all" in warning.message
    assert ":no-url:" in warning.message
    rec = recommendation(site.page("issues/0003/"), "No link at all")
    assert rec.select_one(".recommendation-title a") is None


def test_no_url_flag_gives_no_warning_and_no_link(site: Built) -> None:
    assert in_lines(site, "issues/0003.md", 15, 19) == []
    rec = recommendation(site.page("issues/0003/"), "Link known to be lost")
    assert rec.select_one(".recommendation-title a") is None


@pytest.mark.parametrize(
    ("line", "url"),
    [(22, "/articles/relative"), (28, "javascript:alert(1)"), (34, "mailto:editor@news.example")],
    ids=["relative", "javascript", "mailto"],
)
def test_url_that_is_not_absolute_http_is_warned_at_its_line(
    site: Built, line: int, url: str
) -> None:
    warning = one(site, "url", "issues/0003.md", line)
    assert repr(url) in warning.message
    assert "not linked" in warning.message
    assert "https://" in warning.message


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("A relative link", "/articles/relative"),
        ("A script link", "javascript:alert(1)"),
        ("A mail link", "mailto:editor@news.example"),
    ],
    ids=["relative", "javascript", "mailto"],
)
def test_url_that_is_not_absolute_http_is_not_a_link(site: Built, title: str, url: str) -> None:
    page = site.page("issues/0003/")
    assert page.find("a", href=url) is None
    assert page.select('a[href^="javascript"], a[href^="mailto"]') == []
    rec = recommendation(page, title)
    assert rec.select_one(".recommendation-title a") is None
    assert rec.select_one(".recommendation-title").get_text(strip=True) == title


def test_empty_url_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "url", "issues/0015.md", 12)
    assert "empty" in warning.message


def test_sponsor_without_url_is_warned_at_the_directive(site: Built) -> None:
    warning = one(site, "url", "issues/0003.md", 39)
    assert "Nolink Corp" in warning.message
    assert ":url:" in warning.message
    sponsor = site.page("issues/0003/").select_one("aside.sponsor")
    assert sponsor.select_one(".sponsor-name").get_text(strip=True) == "Nolink Corp"
    assert sponsor.select("a") == []


# -- newsletter.region ---------------------------------------------------------


def test_unknown_region_names_the_closest_ids_at_its_line(site: Built) -> None:
    warning = one(site, "region", "issues/0004.md", 11)
    assert "'singapor'" in warning.message
    assert "'singapore'" in warning.message
    assert "newsletter_regions" in warning.message


def test_unknown_region_is_dropped_and_known_ones_kept(site: Built) -> None:
    rec = recommendation(site.page("issues/0004/"), "An unknown region")
    assert [a.get_text() for a in rec.select(".chip-region")] == ["Singapore"]
    assert not site.exists("regions/singapor/")
    assert "An unknown region" in site.page("regions/singapore/").get_text()


def test_trailing_comma_in_regions_is_an_empty_id_at_its_line(site: Built) -> None:
    warning = one(site, "region", "issues/0004.md", 18)
    assert "empty region id" in warning.message
    assert "comma" in warning.message


def test_trailing_comma_in_regions_keeps_the_region_before_it(site: Built) -> None:
    rec = recommendation(site.page("issues/0004/"), "A trailing comma")
    assert [a.get_text() for a in rec.select(".chip-region")] == ["Japan"]


# -- newsletter.body -----------------------------------------------------------


def test_empty_commentary_is_warned_at_the_directive_and_still_rendered(site: Built) -> None:
    warning = one(site, "body", "issues/0004.md", 23)
    assert "No commentary" in warning.message
    assert "commentary" in warning.message.split("No commentary", 1)[1]
    rec = recommendation(site.page("issues/0004/"), "No commentary")
    assert rec.select_one(".recommendation-title a")["href"] == "https://news.example/empty"


# -- newsletter.duplicate ------------------------------------------------------


def test_two_recommendations_with_one_id_in_one_issue_are_warned_at_the_second(
    site: Built,
) -> None:
    warning = one(site, "duplicate", "issues/0005.md", 18)
    assert "'shared-id'" in warning.message
    assert "line 11" in warning.message
    assert ":name:" in warning.message


def test_duplicate_recommendation_is_still_rendered(site: Built) -> None:
    page = site.page("issues/0005/")
    assert len(page.select("article.recommendation")) == 5
    second = recommendation(page, "Second holder of an id")
    assert second.select_one(".recommendation-title a")["href"] == "https://news.example/second"


def test_clashing_ids_are_not_given_twice_on_the_issue_page(site: Built) -> None:
    page = site.page("issues/0005/")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    assert "First holder of an id" in page.select_one("#shared-id").get_text()


def test_recommendation_id_equal_to_an_earlier_heading_id_is_warned_once(site: Built) -> None:
    warning = one(site, "duplicate", "issues/0005.md", 25)
    assert "'market-news'" in warning.message
    assert "heading" in warning.message
    assert "line 9" in warning.message
    assert ":name:" in warning.message


def test_recommendation_id_equal_to_a_later_heading_id_is_warned(site: Built) -> None:
    warning = one(site, "duplicate", "issues/0005.md", 38)
    assert "'later-heading'" in warning.message
    assert "line 44" in warning.message


def test_recommendation_id_used_in_another_issue_names_both_places(site: Built) -> None:
    warning = one(site, "duplicate", "issues/0005.md", 31)
    assert "'chips-japan'" in warning.message
    assert re.search(r"issues[/\\]0001\.md:11\b", warning.message)
    assert "not registered" in warning.message


def test_clashing_id_keeps_resolving_to_its_first_holder(site: Built) -> None:
    page = site.page("issues/0006/")
    link = next(a for a in page.select("a") if a.get_text() == "Chip makers look to Japan")
    assert link["href"] == "../0001/#chips-japan"


# -- newsletter.ref ------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "role", "target"),
    [
        (9, "rec", "no-such-rec"),
        (11, "issue", "99"),
        (13, "region", "atlantis"),
        (15, "topic", "basket-weaving"),
        (17, "sponsor", "Nobody Inc"),
    ],
)
def test_unresolved_role_is_warned_at_its_file_and_line(
    site: Built,
    line: int,
    role: str,
    target: str,
) -> None:
    warning = one(site, "ref", "issues/0006.md", line)
    assert f"{{nl:{role}}}`{target}`" in warning.message
    assert "no " in warning.message


def test_unresolved_roles_are_not_links(site: Built) -> None:
    page = site.page("issues/0006/")
    for target in ("no-such-rec", "99", "atlantis", "basket-weaving", "Nobody Inc"):
        code = next(c for c in page.select("code.xref") if c.get_text() == target)
        assert code.find_parent("a") is None


def test_unresolved_roles_do_not_fall_back_to_sphinx_ref_warnings(site: Built) -> None:
    assert [w for w in site.warnings if w.type.startswith("ref.")] == []


def test_follows_to_an_unknown_id_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "ref", "issues/0006.md", 27)
    assert "no-such-earlier" in warning.message
    assert "no recommendation" in warning.message


def test_reference_into_a_draft_issue_is_warned_and_not_linked(site: Built) -> None:
    rec_warning = one(site, "ref", "issues/0006.md", 19)
    assert "draft-rec" in rec_warning.message
    assert "draft" in rec_warning.message.replace("draft-rec", "")
    issue_warning = one(site, "ref", "issues/0006.md", 21)
    assert "{nl:issue}`7`" in issue_warning.message
    assert "draft" in issue_warning.message
    assert not site.exists("issues/0007/")
    assert site.page("issues/0006/").select('a[href*="0007"]') == []


def test_follows_into_a_draft_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "ref", "issues/0006.md", 34)
    assert "draft-rec" in warning.message
    assert "draft issue #7" in warning.message


def test_follows_into_a_draft_is_not_linked(site: Built) -> None:
    rec = recommendation(site.page("issues/0006/"), "Follows a draft")
    assert rec.select_one(".recommendation-follows a") is None


# -- newsletter.frontmatter ----------------------------------------------------


def test_missing_required_fields_are_each_warned_at_line_1(site: Built) -> None:
    messages = [w.message for w in at(site, "frontmatter", "issues/0009.md", 1)]
    assert len(messages) == 3
    for name in ("number", "date", "description"):
        assert any(f"'{name}'" in m and "missing" in m for m in messages), name


def test_number_that_is_not_an_integer_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "frontmatter", "issues/0008.md", 2)
    assert "'number'" in warning.message
    assert "'eight'" in warning.message
    assert "integer" in warning.message


def test_date_that_is_not_a_calendar_date_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "frontmatter", "issues/0008.md", 3)
    assert "'date'" in warning.message
    assert "2024-02-30" in warning.message
    assert "YYYY-MM-DD" in warning.message


def test_draft_that_is_not_a_boolean_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "frontmatter", "issues/0008.md", 5)
    assert "'draft'" in warning.message
    assert "true or false" in warning.message


def test_broken_yaml_in_one_field_does_not_hide_the_other_fields(site: Built) -> None:
    broken = one(site, "frontmatter", "issues/0010.md", 4)
    assert "'description'" in broken.message
    assert "YAML" in broken.message
    assert "2024-13-01" in one(site, "frontmatter", "issues/0010.md", 3).message
    assert "'perhaps'" in one(site, "frontmatter", "issues/0010.md", 5).message
    assert len([w for w in site.of("frontmatter") if w.path == "issues/0010.md"]) == 3


def test_malformed_field_is_not_also_reported_as_lost_front_matter(site: Built) -> None:
    # The spec: "a malformed value is that field's problem, not 'the front matter is gone'".
    for path in ("issues/0008.md", "issues/0010.md"):
        assert [w for w in site.warnings if w.path == path and w.line == 1] == []


def test_list_or_mapping_field_is_warned_at_its_line(site: Built) -> None:
    assert "single value" in one(site, "frontmatter", "issues/0015.md", 2).message
    assert "single value" in one(site, "frontmatter", "issues/0015.md", 3).message
    assert "empty" in one(site, "frontmatter", "issues/0015.md", 5).message


def test_number_not_matching_the_file_name_keeps_the_issue_unpublished(site: Built) -> None:
    warning = one(site, "frontmatter", "issues/0011.md", 2)
    assert "12" in warning.message
    assert "11" in warning.message
    assert "file name" in warning.message
    assert "unpublished" in warning.message
    assert not site.exists("issues/0011/")
    assert "#11" not in site.page("archive/").get_text()


def test_issue_without_front_matter_is_warned_at_line_1(site: Built) -> None:
    warning = one(site, "frontmatter", "issues/0012.md", 1)
    assert "no front matter" in warning.message
    assert "---" in warning.message


# -- newsletter.headline -------------------------------------------------------


def test_issue_without_a_headline_is_warned(site: Built) -> None:
    warning = one(site, "headline", "issues/0013.md", 1)
    assert "no `#` headline" in warning.message
    assert "# Headline" in warning.message


def test_second_headline_is_warned_at_its_line(site: Built) -> None:
    warning = one(site, "headline", "issues/0014.md", 11)
    assert "more than one" in warning.message
    assert "##" in warning.message
    assert len([w for w in site.of("headline") if w.path == "issues/0014.md"]) == 1


def test_issues_with_a_sound_headline_give_no_headline_warning(site: Built) -> None:
    assert {w.path for w in site.of("headline")} == {"issues/0013.md", "issues/0014.md"}


# -- newsletter.config ---------------------------------------------------------


def test_region_with_an_unknown_parent_is_warned_naming_the_closest(
    build: Callable[..., Built],
) -> None:
    config = build("config-errors")
    found = [m for m in config_warnings(config) if "'orphan'" in m]
    assert len(found) == 1
    assert "'asai'" in found[0]
    assert "'asia'" in found[0]
    assert "top-level" in found[0]
    assert config.exists("regions/orphan/")


def test_cycle_in_the_region_tree_is_warned_and_cut(build: Callable[..., Built]) -> None:
    config = build("config-errors")
    found = [m for m in config_warnings(config) if "cycle" in m]
    assert len(found) == 1
    assert "'north'" in found[0]
    assert "'south'" in found[0]
    assert "another parent" in found[0]
    for region in ("north", "south"):
        assert "Filed in a cycle" in config.page(f"regions/{region}/").get_text()


def test_malformed_region_id_is_warned_with_a_slug_to_use(build: Callable[..., Built]) -> None:
    config = build("config-errors")
    found = [m for m in config_warnings(config) if "'South Korea'" in m]
    assert len(found) == 1
    assert "slug" in found[0]
    assert "'south-korea'" in found[0]
    assert not (config.outdir / "regions" / "South Korea").exists()


def test_region_setting_that_is_not_a_dict_is_warned(build: Callable[..., Built]) -> None:
    config = build("config-errors", newsletter_regions=["asia"])
    found = [m for m in config_warnings(config) if "must be a dict" in m]
    assert len(found) == 1
    assert (config.outdir / "index.html").exists()


def test_config_errors_build_finishes_without_a_traceback(build: Callable[..., Built]) -> None:
    config = build("config-errors")
    assert (config.outdir / "index.html").exists()
    assert "Traceback" not in config.warning_text
    assert "Exception occurred" not in config.warning_text
    assert len(config_warnings(config)) == 3


def test_the_reader_gives_the_warnings_of_the_html_build_but_unresolved_roles(site):
    reading = read_catalog(site.srcdir)
    read = Built(site.srcdir, site.outdir, None, "\n".join(reading.warnings))
    ours = [w for w in read.warnings if w.type.startswith("newsletter.")]
    theirs = [w for w in site.warnings if w.type.startswith("newsletter.")]
    assert len(ours) > 20
    assert all(w in theirs for w in ours)
    # Roles are resolved when pages are written, which the reader skips.
    assert {w.type for w in theirs if w not in ours} == {"newsletter.ref"}
