"""A taxonomy is one entry in the registry: add ``languages`` and everything follows.

The entry alone gives the ``:languages:`` option (read by both readers of
``newsletter check``), its place under the name caps, the term and overview pages,
the navigation, the ``{nl:language}`` role, the search filter and the table of
``newsletter stats``; no other module learns its name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Built, build_site, copy_root, edit_file
from sphinx_newsletter._compat import pagefind_fragments
from sphinx_newsletter.cli.check import check
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.read.reader import read_catalog
from sphinx_newsletter.taxonomies import BY_NAME, BY_ROLE, TAXONOMIES, Taxonomy
from test_fast_reader import assert_readers_agree, fast_share


@pytest.fixture(scope="module")
def languages() -> Iterator[Taxonomy]:
    """The registry with one more entry, the languages an article is written in, while
    this module's tests run; the registry is as it was after them."""
    taxonomy = Taxonomy("languages", "language", "Languages", "Language", option="languages")
    TAXONOMIES.append(taxonomy)
    BY_NAME[taxonomy.name] = BY_ROLE[taxonomy.role] = taxonomy
    try:
        yield taxonomy
    finally:
        TAXONOMIES.remove(taxonomy)
        del BY_NAME[taxonomy.name], BY_ROLE[taxonomy.role]


def languages_root(dest: Path) -> Path:
    """The basic root with two recommendations in Japanese, one also in Korean, and a
    ``{nl:language}`` reference on the home page."""
    site = copy_root("basic", dest)
    edit_file(
        site / "issues/0001.md",
        ":topics: Semiconductors, AI\n",
        ":topics: Semiconductors, AI\n:languages: Japanese\n",
    )
    edit_file(
        site / "issues/0002.md",
        ":topics: ai, geopolitics\n",
        ":topics: ai, geopolitics\n:languages: Japanese, Korean\n",
    )
    edit_file(site / "index.md", "{nl:topic}`AI`", "{nl:topic}`AI`, {nl:language}`Japanese`")
    return site


@pytest.fixture(scope="module")
def site(languages: Taxonomy, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(languages_root(tmp_path_factory.mktemp("languages") / "site"))


def _listed(built: Built, page: str) -> list[str]:
    """The ids of the recommendations a listing page shows, in its order."""
    return [
        entry.select_one("h3 a")["href"].split("#")[-1]
        for entry in built.page(page).select("article.recommendation-entry")
    ]


def test_each_language_has_its_page_listing_what_is_filed_there(site):
    assert not [w for w in site.warnings if "language" in w.message]
    assert _listed(site, "languages/japanese/") == [
        "sora-cold-water",
        "tsmc-founder-morris-chang-predicts-japan-chip-renaissance",
    ]
    assert _listed(site, "languages/korean/") == ["sora-cold-water"]
    overview = {a["href"]: a.get_text() for a in site.page("languages/").select("main a")}
    assert "Japanese" in overview["japanese/"]
    assert "Korean" in overview["korean/"]


def test_the_navigation_and_the_role_lead_to_the_language_pages(site):
    nav = site.page("issues/0002/").select_one("nav.nl-nav")
    assert "../../languages/" in [a["href"] for a in nav.select("a")]
    assert "Languages" in [a.get_text() for a in nav.select("a")]
    home = site.page("index.html")
    link = home.find("a", href="languages/japanese/")
    assert link is not None
    assert link.get_text() == "Japanese"


def test_search_records_carry_the_language_filter(site):
    records = {r["url"]: r for r in pagefind_fragments(site.outdir / "pagefind")}
    assert records["/issues/0002/#sora-cold-water"]["filters"]["language"] == [
        "Japanese",
        "Korean",
    ]


def test_the_search_page_offers_the_language_filter(site):
    facets = json.loads(site.page("search/").select_one(".nl-search")["data-facets"])
    assert {"name": "language", "label": "Language"} in facets
    # Between the registry's other filters and the year, which comes last.
    assert [facet["name"] for facet in facets][-2:] == ["language", "year"]


def test_newsletter_check_reads_the_option_with_both_readers(languages, tmp_path):
    srcdir = languages_root(tmp_path / "site")
    assert fast_share(srcdir) == (3, 3)  # the fast reader reads every issue itself
    problems = assert_readers_agree(srcdir)
    assert not [p for p in problems if "languages" in p[4]]
    catalog = read_catalog(srcdir).catalog
    assert catalog.rec_by_id["sora-cold-water"].terms("languages") == ("Japanese", "Korean")
    assert not [p for p in check(srcdir) if "languages" in p.message]


def test_a_language_counts_against_the_name_caps(languages, tmp_path):
    srcdir = languages_root(tmp_path / "site")
    # sora-cold-water names 2 authors, a publication and 2 topics: 5 names, so of
    # its 2 languages one is past a cap of 6.
    edit_file(
        srcdir / "conf.py",
        "html_static_path",
        "newsletter_max_names_per_recommendation = 6\nhtml_static_path",
    )
    problems = assert_readers_agree(srcdir)
    capped = [p for p in problems if "':languages:'" in p[4]]
    assert len(capped) == 1
    assert "1 of the names in ':languages:', from 'Korean' on" in capped[0][4]
    assert "its topics, publication, authors and languages together" in capped[0][4]
    catalog = read_catalog(srcdir).catalog
    assert catalog.rec_by_id["sora-cold-water"].terms("languages") == ("Japanese",)


def test_newsletter_stats_counts_the_languages(languages, tmp_path, capsys):
    srcdir = languages_root(tmp_path / "site")
    assert main(["stats", "--source", str(srcdir), "--taxonomy", "languages"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Languages", "2023", "2024", "total"]
    assert [line.split() for line in lines[1:3]] == [
        ["Japanese", "1", "1", "2"],
        ["Korean", "0", "1", "1"],
    ]
