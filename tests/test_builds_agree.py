"""A clean build, an incremental build after any edit, and a ``-j 2`` build agree."""

from __future__ import annotations

import gc
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import assert_same_site, build_site, copy_root, generated_site


def _clean_copy(srcdir: Path, dest: Path) -> Path:
    shutil.copytree(srcdir, dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def _edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text, f"the edit did not change {path}"
    path.write_text(changed, encoding="utf-8")


def _drop_first_recommendation(text: str) -> str:
    return re.sub(r":::\{recommendation\}.*?\n:::\n", "", text, count=1, flags=re.S)


def _retarget_first_region(text: str) -> str:
    return re.sub(r"^:regions: .*$", ":regions: vietnam", text, count=1, flags=re.M)


NEW_ISSUE = """---
number: 9
date: 2030-01-01
description: A new issue, dated after all others.
---

# A new issue

## News

:::{recommendation} A brand new recommendation about Singapore
:url: https://news.example/brand-new
:authors: New Author
:publication: New Publication
:regions: singapore
:topics: AI

Something new.
:::
"""

EDITS: dict[str, Callable[[Path], None]] = {
    "edit-a-take": lambda src: _edit(
        src / "issues/0003.md", lambda t: t.replace("\n:::\n", " An added sentence.\n:::\n", 1)
    ),
    "delete-a-recommendation": lambda src: _edit(
        src / "issues/0004.md", _drop_first_recommendation
    ),
    "move-between-regions": lambda src: _edit(src / "issues/0002.md", _retarget_first_region),
    "rename-a-headline": lambda src: _edit(
        src / "issues/0005.md",
        lambda t: re.sub(r"^# .*$", "# A new headline", t, count=1, flags=re.M),
    ),
    "delete-an-issue": lambda src: (src / "issues/0006.md").unlink(),
    "delete-the-latest-issue": lambda src: (src / "issues/0008.md").unlink(),
    "add-an-issue": lambda src: (src / "issues/0009.md").write_text(NEW_ISSUE, encoding="utf-8"),
    # The build keeps the last one's listing pages, feeds and sitemap...
    "nothing": lambda src: None,
    # ... but makes again what went missing from the output since.
    "lose-output-files": lambda src: _lose_output_files(src / "_build" / "dirhtml"),
}


def _lose_output_files(out: Path) -> None:
    for relpath in ("regions/asia/index.html", "regions/asia/atom.xml", "atom.xml", "sitemap.xml"):
        (out / relpath).unlink()
    # A file of the search bundle too: the bundle is not kept whole, its part is made again.
    (out / "pagefind/pagefind-highlight.js").unlink()
    min((out / "pagefind").glob("*/fragment/*.pf_fragment")).unlink()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A small synthetic archive (8 issues), built once in place.

    Sphinx starts afresh when a built folder is moved, so each test that edits
    builds its own copy where it stays.
    """
    srcdir = generated_site(tmp_path / "site", 8)
    # Small listing limits, so that these eight issues have year, month and part
    # pages (pages/paging.py) for every build to agree on.
    with (srcdir / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("newsletter_listing_size = 3\nnewsletter_listing_max_bytes = 40_000\n")
    site = build_site(srcdir)
    assert site.warning_text.strip() == ""
    assert (site.outdir / "regions/asia/2019/01/1/index.html").is_file()
    return srcdir


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_incremental_build_after_edit_equals_clean_build(
    archive: Path, tmp_path: Path, edit: str
) -> None:
    incremental = archive
    EDITS[edit](incremental)
    site = build_site(incremental)
    assert "WARNING" not in site.warning_text
    assert site.read_count <= 1, "the incremental build re-read more than the edited issue"
    clean = build_site(_clean_copy(incremental, tmp_path / "clean"))
    assert_same_site(site.outdir, clean.outdir)


def test_a_rebuild_with_nothing_changed_writes_nothing_the_kit_makes(archive: Path) -> None:
    out = archive / "_build" / "dirhtml"
    kept = ["regions/asia/index.html", "topics/ai/index.html", "atom.xml", "sitemap.xml"]
    before = {relpath: (out / relpath).stat().st_mtime_ns for relpath in kept}
    site = build_site(archive, verbosity=1)
    assert site.read_count == 0
    # The listing pages were not even derived again: the last build's were kept.
    assert "listing pages, as the last build made them" in site.status_text
    assert ", 0 updated by this build" in site.status_text
    # Nor the search records made, nor any part's digest taken: the bundle was kept.
    assert "search index kept (same inputs)" in site.status_text
    assert "newsletter: search index of" not in site.status_text
    assert {relpath: (out / relpath).stat().st_mtime_ns for relpath in kept} == before


def test_parallel_build_equals_serial_build(archive: Path, tmp_path: Path) -> None:
    serial = build_site(_clean_copy(archive, tmp_path / "serial"))
    parallel = build_site(_clean_copy(archive, tmp_path / "parallel"), parallel=2)
    assert parallel.warning_text.strip() == ""
    assert_same_site(parallel.outdir, serial.outdir)


def test_incremental_parallel_build_equals_clean_serial_build(
    archive: Path, tmp_path: Path
) -> None:
    incremental = archive
    EDITS["delete-a-recommendation"](incremental)
    EDITS["edit-a-take"](incremental)
    site = build_site(incremental, parallel=2)
    clean = build_site(_clean_copy(incremental, tmp_path / "clean"))
    assert_same_site(site.outdir, clean.outdir)


def _older_issues_in_2017(srcdir: Path) -> None:
    """Issues 1-4 of the generated archive moved to 2017: the bundle's era 2015-2019,
    beside the newest part (2019) of issues 5-8."""
    for number in range(1, 5):
        _edit(srcdir / f"issues/{number:04d}.md", lambda t: t.replace("date: 2019-", "date: 2017-"))


def _take_edited(path: Path) -> None:
    _edit(path, lambda t: t.replace("\n:::\n", " An added sentence.\n:::\n", 1))


@pytest.mark.parametrize(
    ("issue", "edited", "kept"), [("0007", "2019", "2015-2019"), ("0002", "2015-2019", "2019")]
)
def test_an_edit_in_one_part_reindexes_it_alone_and_builds_agree(
    archive: Path, tmp_path: Path, issue: str, edited: str, kept: str
) -> None:
    from conftest import snapshot

    _older_issues_in_2017(archive)
    before = snapshot(build_site(archive).outdir)
    parts = {p.split("/")[1] for p in before if p.startswith("pagefind/") and p.count("/") > 1}
    assert parts == {edited, kept}
    _take_edited(archive / f"issues/{issue}.md")
    site = build_site(archive, verbosity=1)
    after = snapshot(site.outdir)

    def part(files: dict[str, bytes], name: str) -> dict[str, bytes]:
        return {p: d for p, d in files.items() if p.startswith(f"pagefind/{name}/")}

    assert part(after, kept) == part(before, kept)
    assert part(after, edited) != part(before, edited)
    # Only the edited part's records were indexed again.
    records = len(list((site.outdir / "pagefind" / edited / "fragment").iterdir()))
    assert f"({records} indexed anew, 2 parts)" in site.status
    clean = build_site(_clean_copy(archive, tmp_path / "clean"))
    parallel = build_site(_clean_copy(archive, tmp_path / "parallel"), parallel=2)
    assert_same_site(site.outdir, clean.outdir)
    assert_same_site(parallel.outdir, clean.outdir)


def test_deleted_recommendation_leaves_region_pages(tmp_path: Path) -> None:
    from conftest import copy_root

    srcdir = copy_root("basic", tmp_path / "site")
    before = build_site(srcdir)
    for region in ("singapore", "southeast-asia", "asia"):
        assert "Kyle Davies rebrands again" in before.page(f"regions/{region}/").get_text()
    _edit(
        srcdir / "issues/0002.md",
        lambda t: re.sub(r":::\{recommendation\} Kyle Davies.*?\n:::\n", "", t, flags=re.S),
    )
    after = build_site(srcdir)
    for region in ("singapore", "southeast-asia", "asia"):
        assert "Kyle Davies rebrands again" not in after.page(f"regions/{region}/").get_text()
    # The recommendation it followed no longer says it was followed up.
    assert after.page("issues/0001/").select_one(".recommendation-followed-up") is None
    clean = build_site(_clean_copy(srcdir, tmp_path / "clean"))
    assert_same_site(after.outdir, clean.outdir)


def test_two_clean_builds_are_byte_identical_with_source_date_epoch(
    tmp_path: Path, monkeypatch
) -> None:
    from conftest import copy_root, snapshot

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709337600")
    first = build_site(copy_root("basic", tmp_path / "one"))
    second = build_site(copy_root("basic", tmp_path / "two"))
    ours, theirs = snapshot(first.outdir), snapshot(second.outdir)
    assert "sitemap.xml" in ours and "pagefind/2024/pagefind-entry.json" in ours
    assert_same_site(first.outdir, second.outdir)
    assert ours == theirs


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    # The kit raises the collector's thresholds and freezes the read environment for
    # the length of a build; a process that builds in-process must get both back.
    before = gc.get_threshold()
    built = build_site(copy_root("basic", tmp_path / "site"))
    assert built.page("issues/0002/").select_one("article.recommendation") is not None
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
