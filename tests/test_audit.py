"""``newsletter audit`` passes on whole sites and names what a damaged one lacks."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import Built, build_site, copy_root
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.urls import SITE_BUILDERS, built_uri


@pytest.fixture
def damaged(basic_site: Built, tmp_path: Path) -> Built:
    """A copy of the built basic site, for a test to damage."""
    outdir = tmp_path / "html"
    shutil.copytree(basic_site.outdir, outdir)
    return Built(basic_site.srcdir, outdir, None, "")


@pytest.fixture(scope="module")
def html_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The ``basic`` test root built by Sphinx's ``html`` builder (pages as ``x.html``)."""
    return build_site(
        copy_root("basic", tmp_path_factory.mktemp("basic-html") / "site"), builder="html"
    )


def _cut(path: Path, pattern: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, "", text, count=1, flags=re.S)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def test_audit_passes_on_a_whole_site(basic_site, capsys):
    assert main(["audit", str(basic_site.srcdir), str(basic_site.outdir)]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def test_audit_names_a_recommendation_removed_from_its_region_page(damaged, capsys):
    # A region of a few entries lists them all on its own page: it has no year pages.
    assert not (damaged.outdir / "regions/southeast-asia/2024").exists()
    _cut(
        damaged.outdir / "regions/southeast-asia/index.html",
        r'<article class="recommendation-entry">(?:(?!</article>).)*Kyle Davies.*?</article>',
    )
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "issues/0002.md:27 ('Kyle Davies rebrands again'): missing from "
        "regions/southeast-asia/ and the pages it links"
    ]


def test_audit_names_a_recommendation_removed_from_its_issue_page(damaged, capsys):
    _cut(
        damaged.outdir / "issues/0002/index.html",
        r'<article class="recommendation" id="archive-of-a-lost-article">.*?</article>',
    )
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out
    assert "'Archive of a lost article'): 0 times on its issue page" in out


def test_audit_names_a_follow_up_that_lost_its_backlink(damaged, capsys):
    _cut(
        damaged.outdir / "issues/0001/index.html", r'<p class="recommendation-followed-up">.*?</p>'
    )
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    assert "does not link back to it" in capsys.readouterr().out


def test_audit_needs_a_source_and_a_built_site(tmp_path, capsys):
    assert main(["audit", str(tmp_path)]) == 2
    assert "conf.py" in capsys.readouterr().err


def _fragments(outdir: Path) -> dict[str, Path]:
    """The search bundle's record files by the URL they hold."""
    return {
        json.loads(gzip.decompress(path.read_bytes())[12:])["url"]: path
        for path in (outdir / "pagefind").glob("*/fragment/*.pf_fragment")
    }


def _write_fragment(path: Path, record: dict) -> None:
    path.write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps(record).encode()))


def test_audit_names_a_recommendation_missing_from_the_search_index(damaged, capsys):
    _fragments(damaged.outdir)["/issues/0001/#three-arrows"].unlink()
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "issues/0001.md:26 ('Su Zhu and Kyle Davies are dodging prison'): "
        "not in the search index (pagefind/)"
    ]


def test_audit_names_a_search_record_without_its_region_ancestors(damaged, capsys):
    path = _fragments(damaged.outdir)["/issues/0001/#three-arrows"]
    record = json.loads(gzip.decompress(path.read_bytes())[12:])
    record["filters"]["region"] = ["singapore"]
    _write_fragment(path, record)
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out
    assert "search filter 'region' is ['singapore'], expected ['asia', 'singapore'" in out


def test_audit_names_a_draft_in_the_search_index(damaged, capsys):
    path = damaged.outdir / "pagefind/2024/fragment/en_draft.pf_fragment"
    _write_fragment(path, {"url": "/issues/0003/#a-draft-recommendation", "filters": {}})
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out
    assert "('A draft recommendation'): a draft's recommendation is in the search index" in out


def test_audit_passes_on_a_whole_html_build(html_site, capsys):
    assert (html_site.outdir / "issues/0002.html").is_file()
    assert main(["audit", str(html_site.srcdir), str(html_site.outdir)]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def test_audit_names_what_an_html_build_lacks_at_its_html_addresses(html_site, tmp_path, capsys):
    outdir = tmp_path / "html"
    shutil.copytree(html_site.outdir, outdir)
    _cut(
        outdir / "regions/southeast-asia.html",
        r'<article class="recommendation-entry">(?:(?!</article>).)*Kyle Davies.*?</article>',
    )
    _cut(outdir / "issues/0001.html", r'<p class="recommendation-followed-up">.*?</p>')
    _fragments(outdir)["/issues/0001.html#three-arrows"].unlink()
    assert main(["audit", str(html_site.srcdir), str(outdir)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "issues/0001.md:26 ('Su Zhu and Kyle Davies are dodging prison'): "
        "not in the search index (pagefind/)",
        "issues/0002.md:27 ('Kyle Davies rebrands again'): missing from "
        "regions/southeast-asia.html and the pages it links",
        "issues/0002.md:27 ('Kyle Davies rebrands again'): the recommendation it follows "
        "(issues/0001.html#three-arrows) does not link back to it",
    ]


@pytest.mark.parametrize("builder", SITE_BUILDERS)
def test_the_audit_names_pages_as_each_builder_links_them(builder, basic_site, html_site):
    app = {"dirhtml": basic_site, "html": html_site}[builder].app
    names = [*app.env.found_docs, "regions/japan", "authors/阮一峰", "topics/c++", "a/index"]
    assert [built_uri(builder, name) for name in names] == [
        app.builder.get_target_uri(name) for name in names
    ]
