"""Search: the Pagefind bundle's records, filters and languages, and the search page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import (
    assert_same_site,
    build_site,
    copy_root,
    edit_file,
    issue_with_text,
    snapshot,
    spanning_root,
)
from sphinx_newsletter._compat import pagefind_fragments


def records(outdir: Path) -> dict[str, dict]:
    """The bundle's records by URL."""
    return {record["url"]: record for record in pagefind_fragments(outdir / "pagefind")}


def test_each_published_recommendation_is_one_record_with_its_filters(basic_site):
    found = records(basic_site.outdir)
    chips = found["/issues/0001/#tsmc-founder-morris-chang-predicts-japan-chip-renaissance"]
    assert chips["meta"] == {
        "title": "TSMC founder Morris Chang predicts Japan 'chip renaissance'",
        "authors": "Cheng Ting-Fang, Ryohtaroh Satoh",
        "publication": "Nikkei Asia Review",
        "issue": "#1",
        "date": "November 4, 2023",
    }
    filters = chips["filters"]
    # Filed under Japan and Taiwan: found under East Asia and Asia too.
    assert {"japan", "taiwan", "east-asia", "asia"} <= set(filters["region"])
    assert filters["topic"] == ["Semiconductors", "AI"]
    assert filters["author"] == ["Cheng Ting-Fang", "Ryohtaroh Satoh"]
    assert filters["publication"] == ["Nikkei Asia Review"]
    assert filters["year"] == ["2023"]
    # The excerpt's text is the take (title and names are searched as meta).
    assert chips["content"] == "Morris Chang sees a chip renaissance in Japan."
    # Only the record's own words: no theme text, no sponsor, no other recommendation.
    assert "Esevel" not in chips["content"] and "prison" not in chips["content"]
    assert "/issues/0001/#three-arrows" in found


def test_issue_pages_are_records_and_listing_pages_and_drafts_are_not(basic_site):
    found = records(basic_site.outdir)
    issue = found["/issues/0001/"]
    assert issue["meta"]["title"] == "Chips and Singapore"
    assert "The first issue, about chips and Singapore." in issue["content"]
    assert issue["filters"] == {"year": ["2023"]}
    assert not [url for url in found if not url.startswith("/issues/")]
    assert not [url for url in found if url.startswith("/issues/0003/")]
    assert not [r for r in found.values() if "Only a draft" in r["content"]]


def test_sphinx_search_is_gone_and_the_search_page_loads_the_bundle(basic_site):
    assert not (basic_site.outdir / "searchindex.js").exists()
    page = basic_site.page("search/")
    search = page.select_one(".nl-search")
    assert search["data-bundle"] == "../pagefind/"
    # Issue 2 (2024) is the newest part; issue 1 (2023) is in the era 2020-2024.
    assert search["data-parts"] == "2024 2020-2024"
    assert (basic_site.outdir / "pagefind/2024/pagefind.js").is_file()
    assert not page.select("script:not([src])"), "an inline script"
    assert not [s for s in page.select("script[src]") if "fontawesome" in s["src"]]
    noscript = page.select_one("noscript")
    assert "needs JavaScript" in noscript.get_text()
    links = {a["href"] for a in noscript.select("a")}
    assert {"../archive/", "../regions/", "../topics/", "../genindex/"} <= links
    header = basic_site.page("issues/0001/").select_one("a.nl-search-link")
    assert header["href"] == "../../search/"


def test_records_in_another_script_go_to_their_language_index(build):
    site = build("multilingual")
    [entry_path] = (site.outdir / "pagefind").glob("*/pagefind-entry.json")
    entry = json.loads(entry_path.read_text())
    assert sorted(entry["languages"]) == ["en", "ja", "ko"]
    part = entry_path.parent.name
    assert site.page("search/").select_one(".nl-search")["data-parts"] == f"{part}:ja,ko"
    [ja] = [r for r in records(site.outdir).values() if "日本経済新聞" in r["meta"].values()]
    # Segmented: the title's words are separate (zero-width spaces between them).
    assert "\u200b" in ja["content"]


def test_chinese_site_segments_words_inside_a_sentence(build):
    site = build("zh")
    [entry_path] = (site.outdir / "pagefind").glob("*/pagefind-entry.json")
    entry = json.loads(entry_path.read_text())
    # The site's language as a tag Pagefind knows (zh-CN; zh_CN would not be segmented).
    assert list(entry["languages"]) == ["zh-cn"]
    [record] = [
        r
        for url, r in records(site.outdir).items()
        if "#" in url and "台积电的芯片工厂" in r["content"].replace("\u200b", "")
    ]
    # Pagefind marks the words it found with zero-width spaces: 芯片 is one of them.
    assert "\u200b芯片\u200b" in record["content"]


@pytest.fixture
def edited(tmp_path: Path):
    """The basic root with a take changed and an issue deleted."""

    def edit(site: Path) -> Path:
        issue = site / "issues/0001.md"
        text = issue.read_text(encoding="utf-8")
        issue.write_text(text.replace("sees a chip renaissance", "sees a wafer boom"))
        (site / "issues/0002.md").unlink()
        return site

    return edit


def test_bundle_is_the_same_bytes_clean_parallel_and_incremental(tmp_path, edited, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1709337600")
    incremental = copy_root("basic", tmp_path / "incremental")
    build_site(incremental)
    before = records(incremental / "_build/dirhtml")
    build_site(edited(incremental))
    clean = build_site(edited(copy_root("basic", tmp_path / "clean")))
    parallel = build_site(edited(copy_root("basic", tmp_path / "parallel")), parallel=2)
    bundles = [
        {path: data for path, data in snapshot(outdir).items() if path.startswith("pagefind/")}
        for outdir in (incremental / "_build/dirhtml", clean.outdir, parallel.outdir)
    ]
    assert bundles[0] == bundles[1] == bundles[2]
    assert_same_site(parallel.outdir, clean.outdir)
    after = records(clean.outdir)
    assert any("wafer boom" in r["content"] for r in after.values())
    # The deleted issue's records (and its old bundle files) are gone.
    assert [url for url in before if url.startswith("/issues/0002/")]
    assert not [url for url in after if url.startswith("/issues/0002/")]


def test_an_unchanged_build_keeps_the_bundle_without_indexing_again(tmp_path):
    site = copy_root("basic", tmp_path / "site")
    first = build_site(site, verbosity=1)
    before = {p: d for p, d in snapshot(first.outdir).items() if p.startswith("pagefind/")}
    (site / "index.md").write_text(
        (site / "index.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8"
    )
    second = build_site(site, verbosity=1)
    assert "records in" in first.status and "(0 indexed anew, 2 parts)" in second.status
    after = {p: d for p, d in snapshot(second.outdir).items() if p.startswith("pagefind/")}
    assert after == before
    # Still in the manifest, so a later build that changes the records prunes them.
    manifest = json.loads((second.outdir / ".newsletter-manifest.json").read_text())
    assert sorted(p for p in manifest["files"] if p.startswith("pagefind/")) == sorted(before)


def test_a_recommendation_without_a_take_is_still_a_record(tmp_path):
    site = copy_root("basic", tmp_path / "site")
    issue = site / "issues/0001.md"
    edit_file(issue, "A follow-up on the collapse of Three Arrows Capital.\n", "")
    built = build_site(site)
    assert built.of("body")  # warned: no commentary
    record = records(built.outdir)["/issues/0001/#three-arrows"]
    assert record["content"] == "Su Zhu and Kyle Davies are dodging prison."


def test_indexing_scratch_is_in_memory_only_when_it_has_room(tmp_path, monkeypatch):
    import shutil
    import tempfile

    from sphinx_newsletter.search import scratch

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(scratch, "MEMORY", memory)
    free = shutil.disk_usage(memory).free
    with scratch.scratch_folder(11071, 16_000_000) as folder:
        assert Path(folder).parent == memory
    # More than the folder's file system holds: the system's temporary folder.
    too_many = free // scratch.PAGE
    with scratch.scratch_folder(too_many, 0) as folder:
        assert Path(folder).parent == Path(tempfile.gettempdir())
    monkeypatch.setattr(scratch, "MEMORY", tmp_path / "absent")
    with scratch.scratch_folder(1, 1) as folder:
        assert Path(folder).parent == Path(tempfile.gettempdir())


def test_a_recommendation_whose_id_is_longer_than_a_file_name_is_found_at_its_id(tmp_path):
    # A record's page is named after its URL (issues/0001/#<id>), and a file name
    # holds 255 bytes: a long English title and a long Japanese one (3 bytes a
    # character) both pass it. The build must still index them, at their own ids.
    english = " ".join(["Semiconductor subsidies reshape the supply chain"] * 8)
    japanese = "日本の半導体産業の復活と台湾企業の投資" * 6
    site = copy_root("basic", tmp_path / "site")
    issue = site / "issues/0001.md"
    text = issue.read_text(encoding="utf-8")
    extra = "".join(
        f":::{{recommendation}} {title}\n:url: https://news.example/{n}\n"
        f":regions: japan\n\nA take about {word}.\n:::\n\n"
        for n, (title, word) in enumerate([(english, "subsidies"), (japanese, "investment")])
    )
    issue.write_text(text.replace("## Singapore\n", extra + "## Singapore\n"), encoding="utf-8")
    built = build_site(site)
    assert "newsletter" not in built.warnings, built.warnings
    html = (built.outdir / "issues/0001/index.html").read_text(encoding="utf-8")
    found = records(built.outdir)
    for title in (english, japanese):
        ids = [rec_id for rec_id in found if rec_id.startswith("/issues/0001/#")]
        record = next(found[i] for i in ids if found[i]["meta"]["title"] == title)
        rec_id = record["url"].removeprefix("/issues/0001/#")
        assert len(rec_id.encode()) > 255  # the id itself, too long for a file name
        assert f'id="{rec_id}"' in html  # the element the result opens at


def test_the_bundle_is_in_parts_the_newest_year_and_eras(tmp_path, basic_site):
    # Issue 1 moved to 2016: its records are in the era 2015-2019, issue 2's in 2024.
    site = copy_root("basic", tmp_path / "site")
    edit_file(site / "issues/0001.md", "date: 2023-11-04", "date: 2016-11-05")
    built = build_site(site)
    bundle = built.outdir / "pagefind"
    assert sorted(p.name for p in bundle.iterdir()) == [
        "2015-2019",
        "2024",
        "pagefind-highlight.js",
        "pagefind.js",
    ]
    # The highlighter at the root (newsletter-page.js loads it) is the newest part's.
    highlighter = (bundle / "pagefind-highlight.js").read_text(encoding="utf-8")
    assert 'import "./2024/pagefind-highlight.js";' in highlighter
    assert (bundle / "2024" / "pagefind-highlight.js").is_file()
    old = {r["url"] for r in pagefind_fragments(bundle / "2015-2019")}
    new = {r["url"] for r in pagefind_fragments(bundle / "2024")}
    assert old and all(url.startswith("/issues/0001/") for url in old)
    assert new and all(url.startswith("/issues/0002/") for url in new)
    assert not any("recent" in r["filters"] for r in records(built.outdir).values())
    search = built.page("search/").select_one(".nl-search")
    assert search["data-parts"].split(" ")[0].split(":")[0] == "2024"
    assert [p.split(":")[0] for p in search["data-parts"].split(" ")] == ["2024", "2015-2019"]


def test_a_new_issue_leaves_the_older_parts_byte_identical(tmp_path):
    site = spanning_root(tmp_path / "site")
    first = build_site(site, verbosity=1)
    older = {p: d for p, d in snapshot(first.outdir).items() if p.startswith("pagefind/2020-2024/")}
    newest = {p: d for p, d in snapshot(first.outdir).items() if p.startswith("pagefind/2024/")}
    added = issue_with_text(4, "wafers", date="2024-05-04")
    (site / "issues/0004.md").write_text(added, encoding="utf-8")
    second = build_site(site, verbosity=1)
    after = snapshot(second.outdir)
    assert {p: d for p, d in after.items() if p.startswith("pagefind/2020-2024/")} == older
    assert {p: d for p, d in after.items() if p.startswith("pagefind/2024/")} != newest
    newest_urls = ("/issues/0002/", "/issues/0004/")
    indexed = len([u for u in records(second.outdir) if u.startswith(newest_urls)])
    assert f"({indexed} indexed anew, 2 parts)" in second.status


def test_a_site_with_no_published_issue_builds_without_a_bundle(tmp_path):
    # Pagefind refuses to index nothing: the build ended in a traceback when the
    # only issue was a draft. Built once published, then as a draft: the old
    # bundle is pruned.
    site = copy_root("proto-names", tmp_path / "site")
    assert list((build_site(site).outdir / "pagefind").glob("*/pagefind.js"))
    edit_file(site / "issues/0001.md", "number: 1\n", "number: 1\ndraft: true\n")
    built = build_site(site)
    assert built.warning_text == ""
    assert not list((built.outdir / "pagefind").rglob("*.*"))
    assert built.exists("search/")
