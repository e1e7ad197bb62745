"""The output stage: what each builder gets, and the manifest of every file the kit wrote."""

from __future__ import annotations

import json

from sphinx_newsletter.output import MANIFEST


def test_manifest_records_every_page_and_file_by_output_path(basic_site):
    manifest = json.loads((basic_site.outdir / MANIFEST).read_text(encoding="utf-8"))
    assert "issues/0001/index.html" in manifest["pages"]
    assert "regions/asia/index.html" in manifest["pages"]
    assert {"robots.txt", "404.html", "sitemap.xml"} <= set(manifest["files"])


def test_stale_file_the_kit_wrote_in_an_earlier_build_is_removed(build):
    first = build("basic")
    assert (first.outdir / "robots.txt").exists() and (first.outdir / "sitemap.xml").exists()
    # Without a base URL the kit writes neither: last build's copies are stale.
    second = build(first.srcdir, html_baseurl="")
    assert not (second.outdir / "robots.txt").exists()
    assert not (second.outdir / "sitemap.xml").exists()
    assert (second.outdir / "issues/0001/index.html").exists()


def test_file_the_site_put_in_place_of_a_stale_one_stays(build):
    first = build("basic")
    (first.srcdir / "extra").mkdir()
    (first.srcdir / "extra/robots.txt").write_text("User-agent: *\nDisallow: /\n")
    second = build(first.srcdir, html_extra_path=["extra"])
    assert (second.outdir / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    # The site's own robots.txt is not the kit's: a later build leaves it too.
    third = build(first.srcdir, html_extra_path=["extra"])
    assert (third.outdir / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"


def test_builder_outside_the_web_allow_list_gets_no_listing_page(build):
    site = build("basic", builder="singlehtml")
    assert site.warning_text == ""
    for listing in ("regions", "topics", "archive", "authors"):
        assert not (site.outdir / listing).exists()
    assert not (site.outdir / MANIFEST).exists()
    assert "listing pages" not in site.status


def test_text_builder_gets_the_issue_without_its_web_chrome(build):
    site = build("basic", builder="text")
    text = (site.outdir / "issues/0002.txt").read_text(encoding="utf-8")
    assert "Sora" in text  # the content
    assert "Our Ask" not in text and "Podcast" not in text  # the subscribe block
    assert "Previous issue" not in text and "Next issue" not in text  # the navigation
    home = (site.outdir / "index.txt").read_text(encoding="utf-8")
    assert "Our Ask" not in home


def test_singlehtml_page_has_no_web_chrome(build):
    site = build("basic", builder="singlehtml")
    page = site.page("index.html")
    assert page.select("section.newsletter-subscribe") == []
    assert page.select("nav.issue-navigation") == []


def test_web_builder_gets_the_chrome_on_issue_and_home_pages(basic_site):
    issue = basic_site.page("issues/0002/")
    assert issue.select_one("section.newsletter-subscribe .subscribe-title").get_text() == "Our Ask"
    assert issue.select_one("nav.issue-navigation") is not None
    home = basic_site.page("index.html")
    assert home.select_one("section.newsletter-subscribe") is not None


def test_manifest_cannot_make_the_kit_remove_a_file_outside_the_output_folder(build, tmp_path):
    first = build("basic")
    outside = tmp_path / "keep.txt"
    outside.write_text("mine")
    manifest = json.loads((first.outdir / MANIFEST).read_text(encoding="utf-8"))
    manifest["pages"]["../../../keep.txt"] = ""
    manifest["files"]["../../../keep.txt"] = "0"
    (first.outdir / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    build(first.srcdir)
    assert outside.read_text() == "mine"
