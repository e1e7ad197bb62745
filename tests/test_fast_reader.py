"""The fast reader of ``newsletter check`` agrees with the build's reader.

For every test root with planted problems, a hostile and an unsafe root, the
repository's own site, both real corpora and a generated archive, reading with
the fast reader (``read_catalog(fast=True)``) and with the build's own reader
gives the same problems (path, line, severity, type, message, the archive-wide
ones included) and the same records, field by field. The fast reader must also
read most issues itself, or the agreement would prove nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from conftest import CORPORA, copy_root, copy_site, generated_site, needs_corpora
from sphinx_newsletter.cli.archive import archive_problems
from sphinx_newsletter.cli.check import check
from sphinx_newsletter.cli.problems import from_warning
from sphinx_newsletter.read import fast
from sphinx_newsletter.read.reader import CatalogBuilder, read_catalog
from test_cli import PLANTED


def _outcome(srcdir: Path, *, fast: bool, jobs: int = 2) -> tuple[set, tuple]:
    """(problems, records) of one reading of ``srcdir``."""
    reading = read_catalog(srcdir, fast=fast, jobs=jobs)
    problems = {from_warning(line, srcdir) for line in reading.warnings} - {None}
    problems.update(archive_problems(reading))
    found = {(p.path, p.line, p.severity, p.type, p.message) for p in problems}
    catalog = reading.catalog
    records = (
        [dataclasses.astuple(issue) for issue in catalog.all_issues],
        [dataclasses.astuple(rec) for rec in catalog.all_recs],
        sorted(
            dataclasses.astuple(s)
            for d in sorted(catalog._sponsors_by_doc)
            for s in catalog._sponsors_by_doc[d]
        ),
    )
    return found, records


def assert_readers_agree(srcdir: Path) -> set:
    """Both readers give ``srcdir`` the same problems and records; returns the problems."""
    fast_problems, fast_records = _outcome(srcdir, fast=True)
    build_problems, build_records = _outcome(srcdir, fast=False)
    assert sorted(fast_problems - build_problems) == []
    assert sorted(build_problems - fast_problems) == []
    for fast_table, build_table in zip(fast_records, build_records, strict=True):
        assert len(fast_table) == len(build_table)
        for fast_record, build_record in zip(fast_table, build_table, strict=True):
            assert fast_record == build_record
    return fast_problems


@contextlib.contextmanager
def catalog_app(srcdir: Path) -> Iterator[Sphinx]:
    """A Sphinx application of the site in ``srcdir`` that has read nothing yet."""
    with (
        tempfile.TemporaryDirectory() as scratch,
        patch_docutils(srcdir),
        docutils_namespace(),
    ):
        out = Path(scratch)
        yield Sphinx(
            srcdir, srcdir, out / "o", out / "d", CatalogBuilder.name, status=None, warning=None
        )


def fast_share(srcdir: Path) -> tuple[int, int]:
    """(issues the fast reader reads itself, issues) of the site in ``srcdir``."""
    with catalog_app(srcdir) as app:
        reader = fast.FastReader(app.env)
        paths = sorted((srcdir / "issues").glob("*.md"))
        read = [reader.read(f"issues/{p.stem}", int(p.stem), p.read_text("utf-8")) for p in paths]
    return sum(r is not None for r in read), len(paths)


@pytest.mark.parametrize("root", ["basic", "errors", "hostile", "unsafe", "zh", "multilingual"])
def test_fast_check_reads_each_test_root_as_the_build_does(root, tmp_path):
    srcdir = copy_root(root, tmp_path / "site")
    assert_readers_agree(srcdir)


def test_fast_check_reports_planted_problems_as_the_build_does(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    (srcdir / "issues" / "0004.md").write_text(PLANTED, encoding="utf-8")
    problems = assert_readers_agree(srcdir)
    kinds = {kind for path, _, _, kind, _ in problems if path == "issues/0004.md"}
    assert {"newsletter.repeat", "newsletter.spelling", "newsletter.url"} <= kinds


def test_the_fast_reader_reports_option_problems_itself_at_their_lines(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    issue = srcdir / "issues" / "0004.md"
    issue.write_text(
        PLANTED.replace("javascript:alert(1)", "https://news.example/ok").replace(
            "这是**「标题」系列的文章。\n", ""
        )
        + "\n:::{recommendation} Odd options\n:url: ftp://x.example/\n:bogus: 1\n"
        ":regions: singapor,\n:date: 2024-13-01\n:name: Not An Id\n:lang: 123\n\n"
        "Plain take.\n:::\n\n:::{recommendation} Odd options\n:url: https://b.example/\n\n"
        "The same id.\n:::\n",
        encoding="utf-8",
    )
    assert fast_share(srcdir) == (4, 4)  # every issue, the planted one too
    problems = assert_readers_agree(srcdir)
    lines = issue.read_text("utf-8").splitlines()
    at = {
        (lines[line - 1].split()[0], kind)
        for path, line, _, kind, _ in problems
        if path == "issues/0004.md" and line
    }
    assert {
        (":url:", "newsletter.url"),
        (":bogus:", "newsletter.option"),
        (":regions:", "newsletter.region"),
        (":date:", "newsletter.option"),
        (":name:", "newsletter.option"),
        (":lang:", "newsletter.option"),
        (":::{recommendation}", "newsletter.duplicate"),
    } <= at


def test_an_issue_with_a_nul_character_is_read_as_the_build_reads_it(tmp_path):
    # The fast reader's parser skips markdown-it's NUL replacement, so such a file is the build's.
    srcdir = copy_root("basic", tmp_path / "site")
    issue = srcdir / "issues" / "0003.md"
    issue.write_text(issue.read_text("utf-8").replace(".\n", ".\x00\n", 3), encoding="utf-8")
    assert "\x00" in issue.read_text("utf-8")
    assert fast_share(srcdir) == (2, 3)
    assert_readers_agree(srcdir)


def test_fast_check_reads_the_repository_s_site_as_the_build_does(tmp_path):
    assert_readers_agree(copy_site(tmp_path / "site"))


def test_fast_check_reads_a_generated_archive_as_the_build_does_and_every_issue_itself(tmp_path):
    srcdir = generated_site(tmp_path / "site", 12, recs_per_issue=30)
    assert fast_share(srcdir) == (12, 12)
    assert_readers_agree(srcdir)
    # Sphinx, which names each file it reads, is left only the pages that are no issue.
    status = io.StringIO()
    read_catalog(srcdir, fast=True, status=status)
    assert "index" in status.getvalue()
    assert "issues/" not in status.getvalue()


@needs_corpora
@pytest.mark.slow
@pytest.mark.parametrize("name", ["haskell-weekly", "ios-weekly"])
def test_fast_check_reads_a_real_corpus_as_the_build_does(name, corpus_source):
    srcdir = corpus_source(name)
    read, issues = fast_share(srcdir)
    assert read >= 0.85 * issues
    problems = assert_readers_agree(srcdir)
    assert any(kind == "newsletter.repeat" for _, _, _, kind, _ in problems)


@needs_corpora
@pytest.mark.slow
def test_plain_paragraphs_read_every_take_of_the_corpora_as_markdown_it_does(corpus_source):
    issues = [*(CORPORA / "haskell-weekly").glob("issues/*.md")]
    issues += (CORPORA / "ios-weekly").glob("issues/*.md")
    with catalog_app(corpus_source("haskell-weekly")) as app:
        md = fast.FastReader(app.env).md
        compared = 0
        for path in sorted(issues):
            for token in md.parse(path.read_text("utf-8")):
                if token.type != "colon_fence":
                    continue
                body = token.content.splitlines()
                while body and body[0].lstrip().startswith(":"):
                    body.pop(0)
                plain = fast.plain_paragraphs(body)
                if plain is None:
                    continue
                tokens = md.parse("\n".join(body) + "\n")
                assert {t.type for t in tokens} <= {"paragraph_open", "inline", "paragraph_close"}
                assert plain == [_text(t) for t in tokens if t.type == "inline"]
                compared += bool(plain)
    assert compared > 5_000  # takes with text, not only empty ones


def test_plain_paragraphs_refuse_every_white_space_but_spaces_and_line_ends():
    """``_MARKUP`` lists the white space it refuses: all of Unicode's, checked here."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char.isspace():
            assert (fast.plain_paragraphs([f"word{char}word"]) is None) == (char not in " \n")


def _text(inline) -> str:
    return "".join(
        "\n" if child.type == "softbreak" else child.content for child in inline.children
    )


def test_a_warm_check_parses_only_what_changed_and_reports_the_same(tmp_path, monkeypatch):
    srcdir = generated_site(tmp_path / "site", 6, recs_per_issue=5)
    planted = srcdir / "issues" / "0002.md"
    planted.write_text(
        planted.read_text("utf-8") + "\n:::{recommendation} Nowhere\n:url: https://a.example/\n"
        ":regions: atlantis\n\nA take.\n:::\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    first = check(srcdir, cache=cache)
    assert [p.type for p in first if p.path == "issues/0002.md"] == ["newsletter.region"]
    parsed: list[str] = []
    read = fast.FastReader.read

    def noting(self, docname, number, text):
        parsed.append(docname)
        return read(self, docname, number, text)

    monkeypatch.setattr(fast.FastReader, "read", noting)
    assert check(srcdir, cache=cache) == first
    assert parsed == []
    edited = srcdir / "issues" / "0003.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert check(srcdir, cache=cache) == first
    assert parsed == ["issues/0003"]
    # A changed configuration may change any reading: every issue is read again.
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nnewsletter_trusted_pages = ["about"]\n')
    parsed.clear()
    assert check(srcdir, cache=cache) == first
    assert sorted(parsed) == [f"issues/{n:04d}" for n in range(1, 7)]


def test_the_check_after_an_edit_keeps_the_edited_issues_records(tmp_path):
    # Only fast-read issues changed: the saved environment must still take them.
    srcdir = generated_site(tmp_path / "site", 6, recs_per_issue=5)
    cache = tmp_path / "cache"
    cache.mkdir()
    assert check(srcdir, cache=cache) == []
    url = re.search(r":url: (\S+)", (srcdir / "issues" / "0001.md").read_text("utf-8"))[1]
    edited = srcdir / "issues" / "0006.md"
    edited.write_text(
        edited.read_text("utf-8")
        + f"\n:::{{recommendation}} Once more\n:url: {url}\n:regions: japan\n\nA take.\n:::\n",
        encoding="utf-8",
    )
    after_edit = check(srcdir, cache=cache)
    assert [(p.path, p.type) for p in after_edit] == [("issues/0006.md", "newsletter.repeat")]
    assert check(srcdir, cache=cache) == after_edit
