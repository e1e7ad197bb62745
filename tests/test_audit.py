"""``newsletter audit`` passes on whole sites and names what a damaged one lacks."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import Built
from sphinx_newsletter.cli.main import main


@pytest.fixture
def damaged(basic_site: Built, tmp_path: Path) -> Built:
    """A copy of the built basic site, for a test to damage."""
    outdir = tmp_path / "html"
    shutil.copytree(basic_site.outdir, outdir)
    return Built(basic_site.srcdir, outdir, None, "")


def _cut(path: Path, pattern: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, "", text, count=1, flags=re.S)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def test_audit_passes_on_a_whole_site(basic_site, capsys):
    assert main(["audit", str(basic_site.srcdir), str(basic_site.outdir)]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def test_audit_names_a_recommendation_removed_from_a_region_year_page(damaged, capsys):
    _cut(
        damaged.outdir / "regions/southeast-asia/2024/index.html",
        r'<article class="recommendation-entry">(?:(?!</article>).)*Kyle Davies.*?</article>',
    )
    assert main(["audit", str(damaged.srcdir), str(damaged.outdir)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "issues/0002.md:27 ('Kyle Davies rebrands again'): missing from "
        "regions/southeast-asia/2024/"
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
