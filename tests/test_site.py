"""The repository's own site, This Week in Asia: issue 9 whole, and no warnings."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, Built, build_site, copy_site

SEED = REPO.parent / "shared" / "seeds" / "000_3dd8e4c77daef22b.txt"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_site(tmp_path_factory.mktemp("twia") / "site"))


def _text(node) -> str:
    """Visible text with quotes and spaces normalised (docutils makes quotes curly)."""
    text = node.get_text(" ") if hasattr(node, "get_text") else str(node)
    text = text.translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\xa0": " "})
    )
    return " ".join(text.split())


def _seed_takes() -> list[str]:
    seed = SEED.read_text(encoding="utf-8")
    takes = re.findall(r"Our Take: (.*?)(?=\n\s*•|\n\n[A-Z][^\n]*\n|\Z)", seed, re.S)
    return [_text(t) for t in takes]


def test_site_builds_with_zero_warnings(site):
    assert site.warning_text.strip() == ""


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not beside the repo")
def test_issue_9_holds_every_our_take_of_the_seed_word_for_word(site):
    page = _text(site.page("issues/0009/").select_one("article.bd-article"))
    takes = _seed_takes()
    assert len(takes) == 7
    for take in takes:
        assert take in page


def test_issue_9_header_sections_and_intro(site):
    page = site.page("issues/0009/")
    article = page.select_one("article.bd-article")
    kicker = article.select_one(".issue-kicker")
    assert _text(kicker.select_one(".issue-newsletter")) == "This Week in Asia"
    assert _text(kicker.select_one(".issue-number")) == "#9"
    assert kicker.select_one("time")["datetime"] == "2024-03-02"
    assert _text(article.select_one("h1")).rstrip("#").strip() == "China AI dreams of Sora"
    sections = [
        _text(h).rstrip("#").strip()
        for h in article.select("section > h2")
        if "subscribe-title" not in h.get("class", [])
    ]
    assert sections == [
        "AI",
        "India",
        "Japan, Korea, Taiwan & Hong Kong",
        "Crypto & Bad Boys in Asia",
    ]
    assert "In our 9th issue, Open AI's announcement of Sora" in _text(article)
    # The seed keeps the cover's credit but not the image: a credit is shown only
    # with its image, so nothing floats under the description.
    assert article.select("figure.issue-cover, figcaption.issue-credit") == []
    assert "TnJADvhNrRgCTPvD" not in _text(article)


def test_issue_9_recommendations_have_no_invented_links(site):
    recs = site.page("issues/0009/").select("article.recommendation")
    assert len(recs) == 8
    for rec in recs:
        assert rec.select_one(".recommendation-title a") is None


def test_issue_9_regions_follow_what_each_piece_is_about(site):
    page = site.page("issues/0009/")
    tsmc_id = "tsmc-founder-morris-chang-predicts-japan-chip-renaissance"
    # Under "## Japan, Korea, Taiwan & Hong Kong" its chips need not repeat the heading,
    # but it is filed under both regions.
    assert page.select_one(f"#{tsmc_id}").select(".chip-region") == []
    for region in ("japan", "taiwan"):
        hrefs = [a["href"] for a in site.page(f"regions/{region}/").select(".entry-title a")]
        assert f"../../issues/0009/#{tsmc_id}" in hrefs, region
    sora = page.select_one("#sora-cold-water")
    assert [_text(c) for c in sora.select(".chip-region")] == ["China"]
    assert "Coco Feng" in _text(sora.select_one(".recommendation-byline"))


def test_issue_9_sponsor_is_esevel(site):
    aside = site.page("issues/0009/").select_one("aside.sponsor")
    link = aside.select_one(".sponsor-name a")
    assert link["href"] == "https://esevel.com"
    assert link["rel"] == ["sponsored", "noopener"]
    assert _text(aside.select_one(".sponsor-code")) == "ASIA"
    assert "Do you manage your IT for distributed teams in Asia?" in _text(aside)


def test_our_ask_comes_from_conf(site):
    block = site.page("issues/0009/").select_one("section.newsletter-subscribe")
    assert _text(block.select_one(".subscribe-title")) == "Our Ask"
    assert "please like and share it" in _text(block)


def test_default_region_tree_reaches_the_countries(site):
    singapore = site.page("regions/singapore/")
    assert "In Southeast Asia" in _text(singapore.select_one(".region-parent"))
    asia = _text(site.page("regions/asia/").select_one("article.bd-article"))
    assert "fallen crypto kingpins" in asia  # filed under singapore, shown on asia
    for region in (
        "east-asia",
        "south-asia",
        "southeast-asia",
        "china",
        "india",
        "vietnam",
        "south-korea",
    ):
        assert (site.outdir / "regions" / region / "index.html").exists()


def test_social_title_of_issue_9(site):
    page = site.page("issues/0009/")
    assert page.find("meta", property="og:title")["content"] == (
        "This Week in Asia #9: China AI dreams of Sora"
    )
