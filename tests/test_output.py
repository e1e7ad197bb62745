"""The output stage: what each builder gets."""

from __future__ import annotations


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
