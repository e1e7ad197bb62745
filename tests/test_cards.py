"""Cards that read right: a linked title looks like one and says where it leads, an
unlinked one does not pass for a link, no chip repeats the section's heading, and on
listing pages the article leads and its issue comes second."""

from __future__ import annotations

from docutils import nodes

from sphinx_newsletter.read.cards import destination, section_names


def test_destination_is_the_host_without_www_port_or_path():
    assert destination("https://www.asia.nikkei.com:443/Business/x?y=1#z") == "asia.nikkei.com"
    assert destination("https://news.example/sora") == "news.example"


def _section(title: str) -> nodes.paragraph:
    section = nodes.section("", nodes.title("", title))
    inside = nodes.paragraph()
    section += nodes.container("", inside)
    return inside


def test_section_names_are_every_place_a_heading_lists():
    assert section_names(_section("Japan, Korea, Taiwan & Hong Kong")) == {
        "japan",
        "korea",
        "taiwan",
        "hong-kong",
    }
    assert section_names(_section("Crypto and Bad Boys in Asia")) == {
        "crypto",
        "bad-boys-in-asia",
    }
    assert section_names(nodes.paragraph()) == frozenset()


def test_card_under_a_section_leaves_out_the_chip_its_heading_names(basic_site):
    page = basic_site.page("issues/0002/")
    section = page.select_one("section#ai")
    card = section.select_one("article#sora-cold-water")
    assert [a.get_text() for a in card.select(".chip-topic")] == ["geopolitics"]
    # The recommendation is still filed under the topic.
    topic = basic_site.page("topics/ai/")
    titles = [a.get_text() for a in topic.select(".entry-title a:first-child")]
    assert "OpenAI's Sora pours 'cold water' on China's AI dreams" in titles


def test_card_without_a_link_is_marked_as_plain_text(basic_site):
    card = basic_site.page("issues/0002/").select_one("article#archive-of-a-lost-article")
    title = card.select_one(".recommendation-title")
    assert title.select("a") == []
    assert "recommendation-title-unlinked" in title["class"]
    assert card.select_one(".recommendation-site") is None


def test_linked_card_names_the_site_its_title_leads_to(basic_site):
    card = basic_site.page("issues/0002/").select_one("article#kyle-davies-rebrands-again")
    assert card.select_one(".recommendation-title a")["href"] == "https://news.example/3ac-again"
    assert card.select_one(".recommendation-site").get_text() == "news.example"
    assert "recommendation-title-unlinked" not in card.select_one(".recommendation-title")["class"]


def test_listing_entry_leads_with_the_article_then_its_issue(basic_site):
    entry = basic_site.page("regions/china/").select_one("article.recommendation-entry")
    parts = [child for child in entry.children if getattr(child, "name", None)]
    assert parts[0].name == "h3" and "entry-title" in parts[0]["class"]
    issue = entry.select_one("p.entry-issue")
    assert parts.index(issue) > 0
    assert issue.select_one("a.issue-link")["href"] == "../../issues/0002/"
    assert issue.select_one(".issue-number").get_text() == "#2"
    # No issue heading stands above the entries any more.
    assert basic_site.page("regions/china/").select("h2.listing-issue-title") == []
