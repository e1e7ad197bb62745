"""Issue pages as a reader sees them: header, recommendations, sponsor, navigation."""

from __future__ import annotations

import pytest


@pytest.fixture
def site(basic_site):
    return basic_site


def test_basic_site_builds_without_warnings(site):
    assert site.warning_text.strip() == ""


def test_issue_page_opens_with_name_number_date_headline_description_and_cover(site):
    page = site.page("issues/0002/")
    article = page.select_one("article.bd-article")
    kicker = article.select_one(".issue-kicker")
    assert kicker.select_one(".issue-newsletter").get_text() == "Test Weekly"
    assert kicker.select_one(".issue-number").get_text() == "#2"
    assert kicker.select_one("time")["datetime"] == "2024-03-02"
    assert article.select_one("h1").get_text().rstrip("#") == "China AI dreams of Sora"
    lede = article.select_one(".issue-lede")
    assert lede.select_one(".issue-description").get_text() == (
        "Sora pours cold water on China's AI dreams."
    )
    image = lede.select_one("figure.issue-cover img")
    assert image["alt"] == "A robot pouring water over a map."
    assert (site.outdir / "issues/0002" / image["src"]).resolve().exists()
    assert lede.select_one("figcaption.issue-credit").get_text() == "Generated for the test."
    # The kicker comes first, then the headline.
    assert str(article).index("issue-kicker") < str(article).index("<h1")


def test_recommendation_is_an_article_with_its_id_title_link_byline_chips_and_take(site):
    page = site.page("issues/0002/")
    rec = page.select_one("article.recommendation#sora-cold-water")
    title = rec.select_one(".recommendation-title a")
    assert title["href"] == "https://news.example/sora"
    assert "cold water" in title.get_text()
    byline = rec.select_one(".recommendation-byline")
    assert [a.get_text() for a in byline.select("a")] == [
        "Coco Feng",
        "Ben Jiang",
        "South China Morning Post",
    ]
    assert byline.select("a")[0]["href"] == "../../authors/coco-feng/"
    assert byline.select("a")[2]["href"] == "../../publications/south-china-morning-post/"
    # Where the title leads, before the names.
    assert byline.select_one(".recommendation-site").get_text() == "news.example"
    # Its topics are ai and geopolitics; the card stands under "## AI", so no "ai" chip.
    chips = {a.get_text(): a["href"] for a in rec.select(".recommendation-chips a")}
    assert chips == {
        "China": "../../regions/china/",
        "geopolitics": "../../topics/geopolitics/",
    }
    take = rec.select_one(".recommendation-take")
    assert take.select_one(".take-label").get_text() == "Our Take"
    assert take.select_one("strong").get_text() == "Sora"


def test_each_recommendation_counts_once_with_class_recommendation(site):
    page = site.page("issues/0002/")
    ids = [a["id"] for a in page.select(".recommendation")]
    assert ids == ["sora-cold-water", "kyle-davies-rebrands-again", "archive-of-a-lost-article"]


def test_no_url_flag_leaves_title_unlinked(site):
    rec = site.page("issues/0002/").select_one("#archive-of-a-lost-article")
    assert rec.select_one(".recommendation-title a") is None
    assert rec.select_one(".recommendation-title").get_text() == "Archive of a lost article"


def test_option_date_is_shown_and_lang_marks_the_title(site):
    chip = site.page("issues/0001/").select_one(
        "#tsmc-founder-morris-chang-predicts-japan-chip-renaissance"
    )
    # In the site's long form, like the issue's own date; the machine form in datetime.
    date = chip.select_one("time.recommendation-date")
    assert (date.get_text(), date["datetime"]) == ("November 1, 2023", "2023-11-01")
    kyle = site.page("issues/0002/").select_one("#kyle-davies-rebrands-again")
    assert kyle.select_one(".recommendation-title")["lang"] == "en-GB"


def test_topics_are_normalised_to_one_slug(site):
    # "Crypto" in issue 2 and "crypto" in issue 1 are one topic page.
    kyle = site.page("issues/0002/").select_one("#kyle-davies-rebrands-again")
    assert kyle.select_one(".chip-topic").parent["href"] == "../../topics/crypto/"
    topic = site.page("topics/crypto/")
    assert len(topic.select(".recommendation-entry")) == 2


def test_follows_links_both_ways(site):
    later = site.page("issues/0002/").select_one("#kyle-davies-rebrands-again")
    link = later.select_one(".recommendation-follows a")
    assert link["href"] == "../0001/#three-arrows"
    assert "dodging prison" in link.get_text()
    earlier = site.page("issues/0001/").select_one("#three-arrows")
    back = earlier.select_one(".recommendation-followed-up a")
    assert back["href"] == "../0002/#kyle-davies-rebrands-again"
    assert back.get_text() == "Kyle Davies rebrands again"


def test_sponsor_is_an_aside_with_sponsored_links_code_offer_terms(site):
    aside = site.page("issues/0001/").select_one("aside.sponsor")
    assert aside["aria-label"] == "Sponsor"
    assert aside.select_one(".sponsor-label").get_text() == "Sponsored"
    link = aside.select_one(".sponsor-name a")
    assert link["href"] == "https://esevel.example/"
    assert link["rel"] == ["sponsored", "noopener"]
    assert aside.select_one(".sponsor-code").get_text() == "ASIA"
    assert "3 months free" in aside.select_one(".sponsor-offer").get_text()
    assert aside.select_one(".sponsor-terms").get_text() == "Terms and conditions apply."
    # The sponsor's message is not inside any recommendation.
    assert aside.find_parent(class_="recommendation") is None


def test_sponsor_logo_is_shown(site):
    aside = site.page("issues/0002/").select_one("aside.sponsor")
    logo = aside.select_one("img.sponsor-logo")
    assert logo["alt"] == ""  # decorative: the sponsor's name is beside it
    assert (site.outdir / "issues/0002" / logo["src"]).resolve().exists()


def test_previous_and_next_issue_links(site):
    first = site.page("issues/0001/").select_one("nav.issue-navigation")
    assert first.select_one(".issue-previous") is None
    assert first.select_one(".issue-next a")["href"] == "../0002/"
    assert first.select_one(".issue-next a").get_text() == "#2: China AI dreams of Sora"
    second = site.page("issues/0002/").select_one("nav.issue-navigation")
    assert second.select_one(".issue-previous a")["href"] == "../0001/"
    # Issue 3 is a draft: it is nobody's "next".
    assert second.select_one(".issue-next") is None


def test_subscribe_and_social_links_come_from_conf(site):
    block = site.page("issues/0001/").select_one("section.newsletter-subscribe")
    assert block.select_one(".subscribe-title").get_text() == "Our Ask"
    assert block.select_one(".subscribe-button")["href"] == "https://weekly.example/subscribe"
    assert [a["href"] for a in block.select(".social-links a")] == [
        "https://podcast.example/",
        "https://x.example/tw",
    ]


def test_draft_issue_is_not_built_or_listed(site):
    assert not (site.outdir / "issues/0003/index.html").exists()
    archive = site.page("archive/")
    assert "Not yet" not in archive.get_text()
    assert not (site.outdir / "topics/drafts-only").exists()
    china = site.page("regions/china/")
    assert "A draft recommendation" not in china.get_text()
    sitemap = (site.outdir / "sitemap.xml").read_text()
    assert "issues/0003" not in sitemap
    assert not list((site.outdir / "pagefind").rglob("*0003*"))


def plain_quotes(text: str) -> str:
    """Undo docutils' smart quotes, to compare with the source text."""
    return text.translate(
        str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
    )


def test_roles_render_titles_and_link_to_their_pages(site):
    body = site.page("index.html").select_one("article.bd-article p")
    links = {plain_quotes(a.get_text()): a["href"] for a in body.select("a")}
    assert links == {
        "#2: China AI dreams of Sora": "issues/0002/",
        "OpenAI's Sora pours 'cold water' on China's AI dreams": "issues/0002/#sora-cold-water",
        "Singapore": "regions/singapore/",
        "AI": "topics/ai/",
        "Esevel": "sponsors/esevel/",
    }


def test_issue_recommendation_and_region_objects_in_inventory(site):
    from sphinx.util.inventory import InventoryFile

    with open(site.outdir / "objects.inv", "rb") as stream:
        inventory = InventoryFile.load(stream, "https://weekly.example/", lambda *a: "/".join(a))
    data = inventory.data if hasattr(inventory, "data") else inventory
    assert (
        data["nl:issue"]["2"].uri.endswith("issues/0002/")
        if hasattr(data["nl:issue"]["2"], "uri")
        else data["nl:issue"]["2"][2].endswith("issues/0002/")
    )
    rec = data["nl:rec"]["sora-cold-water"]
    uri = rec.uri if hasattr(rec, "uri") else rec[2]
    assert uri.endswith("issues/0002/#sora-cold-water")
    assert "singapore" in data["nl:region"]
    assert "3" not in data["nl:issue"]  # the draft


def test_issues_and_regions_are_in_the_general_index_and_recommendations_are_not(site):
    # The index is split by letter (html_split_index), so it never grows into one page.
    links, text = {}, ""
    for page in sorted(site.outdir.glob("genindex-*/index.html")):
        index = site.page(str(page.parent.relative_to(site.outdir)) + "/")
        article = index.select_one("article.bd-article")
        links.update({a.get_text(): a["href"] for a in article.select("a")})
        text += article.get_text()
    assert links["Test Weekly #2: China AI dreams of Sora"] == (
        "../issues/0002/#china-ai-dreams-of-sora"
    )
    # Search finds recommendations; objects.inv keeps them (see the inventory test above).
    assert "Kyle Davies rebrands again" not in links
    assert links["Singapore (region)"] == "../regions/singapore/#nl-term"
    assert "Not yet" not in text
    assert "A draft recommendation" not in text


def test_show_drafts_builds_the_draft_with_a_banner_and_lists_it_nowhere(build):
    site = build("basic", newsletter_show_drafts=True)
    page = site.page("issues/0003/")
    assert "not published" in page.select_one(".issue-draft-banner").get_text()
    assert page.select_one("article.recommendation#a-draft-recommendation") is not None
    assert "Not yet" not in site.page("archive/").get_text()
    assert "A draft recommendation" not in site.page("regions/china/").get_text()
    assert "issues/0003" not in (site.outdir / "sitemap.xml").read_text()
    second = site.page("issues/0002/").select_one("nav.issue-navigation")
    assert second.select_one(".issue-next") is None


def test_split_index_has_no_one_page_index_that_grows_with_the_archive(site):
    assert not (site.outdir / "genindex-all").exists()
    overview = site.page("genindex/").select_one("article.bd-article")
    assert "genindex-all" not in str(overview)
    assert overview.select("a[href^='../genindex-']")


def test_sponsor_page_lists_the_issues_it_appeared_in(site):
    # "Esevel" (issue 1) and "esevel" (issue 2) are one sponsor, named as first written.
    page = site.page("sponsors/esevel/")
    assert page.select_one("article.bd-article h1").get_text() == "Esevel"
    issues = [g.select_one(".issue-number").get_text() for g in page.select(".listing-issue")]
    assert issues == ["#2", "#1"]
    links = [a["href"] for a in page.select(".sponsor-entry .entry-title a")]
    assert links == ["https://esevel.example/again", "https://esevel.example/"]
    assert all("sponsored" in a["rel"] for a in page.select(".sponsor-entry .entry-title a"))
    overview = site.page("sponsors/")
    assert [a.get_text() for a in overview.select(".term-list a")] == ["Esevel"]


def test_home_page_shows_the_latest_issue_recent_ones_and_the_region_tree(site):
    home = site.page("index.html")
    latest = home.select_one("section.home-latest")
    assert latest.select_one(".home-latest-headline a")["href"] == "issues/0002/"
    assert latest.select_one(".issue-description").get_text() == (
        "Sora pours cold water on China's AI dreams."
    )
    assert latest.select_one("img.home-cover") is not None
    titles = [a.get_text() for a in latest.select(".home-latest-recommendations a")]
    assert titles[1:] == ["Kyle Davies rebrands again", "Archive of a lost article"]
    recent = [a.get_text() for a in home.select("section.home-recent a")]
    assert recent == ["#1: Chips and Singapore"]
    assert home.select_one(".home-archive-link a")["href"] == "archive/"
    tree = [a.get_text() for a in home.select("section.home-regions a")]
    assert tree[:3] == ["Asia", "East Asia", "China"]
    assert home.select_one("section.newsletter-subscribe .subscribe-button") is not None
