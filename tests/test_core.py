"""The pure core without a Sphinx build: records made by hand, read by the catalog,
the listings, the region tree, the slugs, the URLs and the taxonomy registry."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace
from urllib.parse import quote

import pytest

from sphinx_newsletter.catalog import Catalog
from sphinx_newsletter.config import region_tree
from sphinx_newsletter.model import Issue, IssueSource, Recommendation, Sponsor
from sphinx_newsletter.pages.generated import listing_environment
from sphinx_newsletter.pages.listings import Shape, all_pages, term_pages
from sphinx_newsletter.pages.weight import measure
from sphinx_newsletter.slugs import is_slug, slugify, taxonomy_slug
from sphinx_newsletter.taxonomies import BY_NAME, BY_ROLE, TAXONOMIES
from sphinx_newsletter.urls import (
    absolute_url,
    issue_label,
    long_date,
    page_url,
    record_address,
    term_page,
    year_page,
)

REGIONS = region_tree(
    {
        "asia": {"title": "Asia"},
        "east-asia": {"title": "East Asia", "parent": "asia"},
        "japan": {"title": "Japan", "parent": "east-asia"},
        "singapore": {"title": "Singapore", "parent": "asia"},
    }
)


def _issue(number: int, date: str, *, draft: bool = False) -> Issue:
    return Issue(
        number=number,
        docname=f"issues/{number:04d}",
        date=dt.date.fromisoformat(date),
        description=f"Issue {number}.",
        headline=f"Headline {number}",
        draft=draft,
    )


def _rec(
    number: int, position: int, rec_id: str, follows: str | None = None, **names: object
) -> Recommendation:
    """A recommendation; ``names``: what it is filed under, by option, as the directive
    reads them (``topics=("AI",)``, ``publication="Nikkei"``)."""
    by_option = {taxonomy.option: taxonomy.name for taxonomy in TAXONOMIES}
    return Recommendation(
        id=rec_id,
        docname=f"issues/{number:04d}",
        issue=number,
        position=position,
        lineno=10 * position,
        title=rec_id.replace("-", " ").capitalize(),
        take="Our take.",
        filed=tuple(
            (by_option[option], (value,) if isinstance(value, str) else value)  # type: ignore[misc]
            for option, value in names.items()
        ),
        follows=follows,
    )


def _catalog() -> Catalog:
    issues = [_issue(1, "2023-12-30"), _issue(2, "2024-01-06"), _issue(3, "2024-01-13", draft=True)]
    recs = {
        "issues/0001": [
            _rec(1, 1, "chips", regions=("japan",), topics=("C++",), authors=("Ann Lee",)),
            _rec(1, 2, "ports", regions=("singapore",), publication="The Straits Times"),
        ],
        "issues/0002": [
            _rec(2, 1, "more-chips", regions=("japan",), topics=("c++",), follows="chips"),
        ],
        "issues/0003": [_rec(3, 1, "secret", topics=("Drafts",))],
    }
    sponsor = Sponsor("Esevel", "issues/0002", 2, 30, "https://esevel.example/")
    return Catalog({i.docname: i for i in issues}, recs, {"issues/0002": [sponsor]}, REGIONS)


def test_published_issues_are_in_order_and_drafts_are_left_out():
    catalog = _catalog()
    assert [i.number for i in catalog.issues] == [1, 2]
    assert [i.number for i in catalog.all_issues] == [1, 2, 3]
    assert [r.id for r in catalog.published_recs] == ["more-chips", "chips", "ports"]
    assert catalog.neighbours("issues/0002") == (catalog.by_number[1], None)


def test_a_region_lists_its_descendants_entries_newest_first():
    regions = _catalog().taxonomies["regions"]
    assert [r.id for r in regions["asia"].entries] == ["more-chips", "chips", "ports"]
    assert [r.id for r in regions["east-asia"].entries] == ["more-chips", "chips"]
    assert regions["singapore"].pagename == "regions/singapore"


def test_a_term_keeps_its_oldest_spelling_and_one_page_per_slug():
    catalog = _catalog()
    topics = catalog.taxonomies["topics"]
    assert list(topics) == ["cplusplus"]  # the draft's topic is listed nowhere
    assert topics["cplusplus"].name == "C++"
    assert catalog.term("topics", "c++") is topics["cplusplus"]
    assert catalog.term("regions", "japan").name == "Japan"
    assert catalog.follow_ups == {"chips": [catalog.rec_by_id["more-chips"]]}


def test_sponsors_are_a_taxonomy_of_sponsor_blocks():
    sponsors = _catalog().taxonomies["sponsors"]
    assert [(t.slug, t.name, len(t.entries)) for t in sponsors.values()] == [
        ("esevel", "Esevel", 1)
    ]


def test_every_taxonomy_has_pages_from_one_mechanism():
    catalog = _catalog()
    names = {
        page.pagename for page in all_pages(catalog, Shape(measure(listing_environment()), size=1))
    }
    for taxonomy in TAXONOMIES:
        assert taxonomy.name in names
    assert {"archive", "archive/2023", "archive/2024", "regions/japan/2024"} <= names
    assert "topics/cplusplus/2023" in names
    assert "topics/drafts" not in names
    top, *years = term_pages(
        catalog,
        catalog.taxonomies["regions"]["japan"],
        Shape(measure(listing_environment()), size=1),
    )
    context = top.context
    assert context["label"] == "Region"
    assert context["parent"].pagename == "regions/east-asia"
    assert [y.pagename for y in years] == ["regions/japan/2024", "regions/japan/2023"]


def test_the_registry_declares_each_taxonomy_once():
    assert [t.name for t in TAXONOMIES] == [
        "regions",
        "topics",
        "publications",
        "authors",
        "sponsors",
    ]
    assert BY_ROLE["publication"] is BY_NAME["publications"]
    assert [t.name for t in TAXONOMIES if t.tree] == ["regions"]
    rec = _rec(1, 1, "x", publication="Nikkei", authors=("A", "B"))
    assert rec.terms("publications") == ("Nikkei",)
    assert rec.terms("authors") == ("A", "B")
    assert rec.terms("sponsors") == ()


def test_a_region_tree_reports_cycles_and_unknown_parents_by_cutting_them():
    tree = region_tree(
        {
            "a": {"title": "A", "parent": "b"},
            "b": {"title": "B", "parent": "a"},
            "c": {"title": "C", "parent": "nowhere"},
        }
    )
    assert {r.id for r in tree.roots} == {"b", "c"}
    assert tree.ancestors("a") == ("b",)
    assert tree.with_ancestors(("a", "c", "a")) == ("a", "b", "c")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("China AI dreams of Sora", "china-ai-dreams-of-sora"),
        ("阮一峰的网络日志", "阮一峰的网络日志"),
        ("\uff26\uff55\uff4c\uff4c width", "full-width"),  # full-width letters
        ("Vec<usize>", "vec-usize"),
        ("---", ""),
    ],
)
def test_slugs_follow_the_spec_in_any_script(text, slug):
    assert slugify(text) == slug
    assert is_slug(slug) == bool(slug)


def test_taxonomy_slugs_keep_cplusplus_and_csharp_apart():
    assert (taxonomy_slug("C++"), taxonomy_slug("C#")) == ("cplusplus", "csharp")


def _config(base: str) -> SimpleNamespace:
    return SimpleNamespace(html_baseurl=base)


@pytest.mark.parametrize("base", ["https://site.example/weekly/", "https://site.example/weekly"])
def test_absolute_urls_hold_under_a_sub_path(base):
    config = _config(base)
    assert absolute_url(config, "/_static/cover.png") == (
        "https://site.example/weekly/_static/cover.png"
    )
    assert absolute_url(config, "issues/0009/") == "https://site.example/weekly/issues/0009/"
    assert absolute_url(config, "") == "https://site.example/weekly/"


def test_absolute_urls_are_percent_encoded_once():
    config = _config("https://site.example/")
    assert absolute_url(config, "authors/阮一峰/") == (
        "https://site.example/authors/%E9%98%AE%E4%B8%80%E5%B3%B0/"
    )
    # Sphinx's target URIs come encoded: they are not encoded twice.
    assert absolute_url(config, "authors/%E9%98%AE/") == "https://site.example/authors/%E9%98%AE/"
    assert absolute_url(config, "https://cdn.example/a b.png") == "https://cdn.example/a b.png"
    assert absolute_url(_config(""), "issues/0009/") is None


def test_a_page_url_is_the_builders_address_under_the_base():
    # Sphinx's HTML builders give target URIs percent-encoded (``quote(docname)``).
    app = SimpleNamespace(
        config=_config("https://site.example/weekly"),
        builder=SimpleNamespace(get_target_uri=lambda name: quote(name) + "/"),
    )
    assert page_url(app, "authors/阮一峰") == (
        "https://site.example/weekly/authors/%E9%98%AE%E4%B8%80%E5%B3%B0/"
    )


def test_pages_anchors_and_labels_have_one_home():
    issue = _issue(9, "2024-03-02")
    rec = _rec(9, 1, "sora-cold-water")
    assert record_address(issue) == ("issues/0009", "")
    assert record_address(rec) == ("issues/0009", "sora-cold-water")
    assert year_page(term_page("regions", "china"), 2024) == "regions/china/2024"
    assert issue.label == "#9: Headline 9"
    assert issue_label(9, "Headline 9", "This Week in Asia") == "This Week in Asia #9: Headline 9"
    assert long_date(issue.date, "en") == "March 2, 2024"
    assert long_date(issue.date, "zh-CN") == "2024年3月2日"
    assert long_date(issue.date, "xx-nowhere") == "2024-03-02"


def test_front_matter_without_a_date_or_description_makes_a_draft():
    source = IssueSource.of(
        {"date": dt.date(2024, 3, 2), "description": "About.", "draft": True, "image": "/c.png"},
        [5],
    )
    assert dataclasses.is_dataclass(source) and source.headline_lines == (5,)
    issue = source.issue(9, "issues/0009", "Headline")
    assert issue is not None and issue.draft and issue.image == "/c.png"
    undescribed = IssueSource.of({"date": dt.date(2024, 3, 2)}, []).issue(9, "issues/0009", "")
    undated = IssueSource.of({"description": "About."}, []).issue(9, "issues/0009", "")
    assert undescribed.draft and undated.draft
    with pytest.raises(dataclasses.FrozenInstanceError):
        source.draft = False  # type: ignore[misc]
