"""The benchmark's peers (Pelican, MkDocs Material, Hugo) build a tiny archive into
the pages a reader expects, and the realistic scenario has the shape issue 20 asks for.

Each peer builds three generated issues through the harness's own command
(:mod:`benchmarks.sites`), a few seconds each. Expected text comes from the
content model, never from a build's output.
"""

from __future__ import annotations

import collections
import time
from pathlib import Path

import feedparser
import pytest
from benchmarks.generate import REALISTIC, Archive, _page_slug, build_archive
from benchmarks.measure import Build, measure_output, page_kind, run_build
from benchmarks.report import page_kinds, targets
from benchmarks.results import SiteResult
from benchmarks.runner import run
from benchmarks.scenario import realistic, weekly
from benchmarks.sites import SITES
from bs4 import BeautifulSoup

ISSUES = 3

#: Each peer's page for a region and a topic term, its archive, the page listing the
#: latest issues and its feed, as URL patterns of its own (``{slug}``: the term's slug).
PEER_PAGES = {
    "pelican": {
        "region": "tag/{slug}/",
        "topic": "tag/{slug}/",
        "archive": "archives/",
        "latest": "",
        "feed": "feeds/all.atom.xml",
    },
    "mkdocs": {
        "region": "issues/category/{slug}/",
        "topic": "issues/category/{slug}/",
        "archive": "issues/archive/2019/",
        "latest": "issues/",
        "feed": None,
    },
    "hugo": {
        "region": "regions/{slug}/",
        "topic": "topics/{slug}/",
        "archive": "issues/",
        "latest": "",
        "feed": "index.xml",
    },
}


@pytest.fixture(scope="module")
def archive() -> Archive:
    return build_archive(ISSUES)


def _built(site: str, archive: Archive, tmp_path: Path) -> Path:
    """``archive`` written and built as ``site``; the output folder."""
    peer = SITES[site]
    if not peer.available():
        pytest.skip(f"{peer.program} is not installed (.ci/run installs it)")
    src, out = tmp_path / "src", tmp_path / "out"
    peer.write(archive, src)
    build = run_build(
        peer.command(src, out, tmp_path / "cache", 1),
        out,
        tmp_path / "build.log",
        env=peer.environment(1),
        warning=peer.warning,
    )
    assert build.ok, (tmp_path / "build.err").read_text(encoding="utf-8")
    assert build.warnings == ()
    return out


def _page(out: Path, url: str) -> BeautifulSoup:
    path = out / url / "index.html"
    assert path.is_file(), f"no page {url}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _text(node: object) -> str:
    """A node's text with spaces collapsed and curly apostrophes (Hugo's typography) plain."""
    return " ".join(node.get_text().replace("\u2019", "'").split())  # type: ignore[attr-defined]


def _linked_titles(soup: BeautifulSoup) -> set[str]:
    return {_text(a) for a in soup.find_all("a")}


@pytest.mark.slow
@pytest.mark.parametrize("site", list(PEER_PAGES))
def test_peer_builds_issue_term_and_archive_pages(
    site: str, archive: Archive, tmp_path: Path
) -> None:
    out = _built(site, archive, tmp_path)
    pages = PEER_PAGES[site]
    for issue in archive.issues:
        soup = _page(out, f"issues/{issue.number:04d}")
        # Every recommendation is a heading linking to its article, with its id as anchor.
        for rec in issue.recommendations:
            heading = soup.find(id=rec.id)
            assert heading is not None and heading.name == "h3", rec.id
            assert heading.a["href"] == rec.url
            assert _text(heading) == rec.title
        first = next(iter(issue.recommendations))
        region_page = _page(out, pages["region"].format(slug=first.regions[0]))
        topic_page = _page(out, pages["topic"].format(slug=_page_slug(first.topics[0])))
        for listing in (region_page, topic_page):
            assert issue.headline in _linked_titles(listing), first.regions[0]
    archive_page = _linked_titles(_page(out, pages["archive"]))
    assert {i.headline for i in archive.issues} <= archive_page
    assert archive.issues[-1].headline in _linked_titles(_page(out, pages["latest"]))


@pytest.mark.slow
@pytest.mark.parametrize("site", [s for s, p in PEER_PAGES.items() if p["feed"]])
def test_peer_feed_lists_every_issue(site: str, archive: Archive, tmp_path: Path) -> None:
    out = _built(site, archive, tmp_path)
    feed = feedparser.parse((out / PEER_PAGES[site]["feed"]).read_bytes())
    assert not feed.bozo
    assert {e.title for e in feed.entries} == {i.headline for i in archive.issues}


@pytest.mark.slow
def test_hugo_writes_a_page_per_author_and_publication(archive: Archive, tmp_path: Path) -> None:
    out = _built("hugo", archive, tmp_path)
    recs = [r for i in archive.issues for r in i.recommendations]
    for name in {r.publication for r in recs} | {a for r in recs for a in r.authors}:
        folder = "publications" if name in {r.publication for r in recs} else "authors"
        assert (out / folder / _page_slug(name) / "index.html").is_file(), name


@pytest.mark.slow
def test_follow_up_links_the_earlier_issue_anchor(tmp_path: Path) -> None:
    # The first follow-up in a longer archive: its link must land on the followed pick.
    archive = build_archive(40)
    issue, rec = next((i, r) for i in archive.issues for r in i.recommendations if r.follows)
    followed = next(
        i.number for i in archive.issues for r in i.recommendations if r.id == rec.follows
    )
    out = _built("hugo", archive, tmp_path)
    soup = _page(out, f"issues/{issue.number:04d}")
    link = soup.find("a", string="an earlier pick")
    assert link is not None and link["href"] == f"/issues/{followed:04d}/#{rec.follows}"
    assert _page(out, f"issues/{followed:04d}").find(id=rec.follows) is not None


def test_realistic_shape_has_one_off_publications_and_a_dense_topic() -> None:
    issues = 60
    archive = build_archive(issues, recs_per_issue=40, shape=REALISTIC)
    recs = [r for i in archive.issues for r in i.recommendations]
    per_publication = collections.Counter(r.publication for r in recs)
    few = sum(1 for count in per_publication.values() if count <= 5)
    assert len(per_publication) > 1000 and few > 0.8 * len(per_publication)
    assert any("." in name for name in per_publication)  # host names
    per_topic = collections.Counter(t for r in recs for t in r.topics)
    assert per_topic.most_common(1)[0][1] > 0.5 * len(recs)
    assert 35 * issues <= len(recs) <= 45 * issues
    # Issue 30's real archive: most takes empty, and events with no author or publication.
    assert 0.75 * len(recs) < sum(1 for r in recs if not r.body) < 0.95 * len(recs)
    events = [
        r
        for i in archive.issues
        for s in i.sections
        if s.title == "Events"
        for r in s.recommendations
    ]
    assert events and all(not r.authors and not r.publication and r.body for r in events)
    assert 0.1 * issues < sum(any(s.title == "Events" for s in i.sections) for i in archive.issues)
    # Prefix-stable, as the incremental steps need.
    shorter = build_archive(issues - 1, recs_per_issue=40, shape=REALISTIC)
    assert shorter.issues == archive.issues[:-1]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("tag/ai/page/2/index.html", "tag/<name>/page/<n>"),
        ("issues/category/china/index.html", "issues/category/<name>"),
        ("issues/archive/2019/page/3/index.html", "issues/archive/<year>/page/<n>"),
        ("publications/lotus-wire.co.jp/index.html", "publications/<name>"),
        ("issues/0050/index.html", "issues/<n>"),
    ],
)
def test_page_kinds_of_peer_urls(page: str, kind: str) -> None:
    assert page_kind(page) == kind


@pytest.mark.slow
def test_runner_builds_each_scenario_with_the_asked_builds(tmp_path: Path) -> None:
    if not SITES["hugo"].available():
        pytest.skip("hugo is not installed (.ci/run installs it)")
    results = run([weekly(3), realistic(3)], ["hugo"], tmp_path, changes=("edit", "add"))
    by_label = {r.label: r for r in results}
    assert set(by_label) == {"3 issues", "realistic, 3 issues"}
    small = by_label["3 issues"]
    assert list(small.builds) == ["full -j 1", "full -j 2", "edit", "add"]
    assert all(b.ok for b in small.builds.values())
    assert small.builds["add"].total_pages > small.builds["edit"].total_pages
    assert not by_label["realistic, 3 issues"].weekly


def _result(site: str, issues: int, seconds: dict[str, float]) -> SiteResult:
    """A result whose builds took ``seconds`` and peaked at as many MB."""
    result = SiteResult(site, issues, 1, 1, label=f"{issues:,} issues")
    for name, value in seconds.items():
        result.builds[name] = Build(value, value, int(value * 1e6), 0, (), 0, 0, None)
    return result


def test_targets_name_each_met_and_missed() -> None:
    # Peak memory stands in as seconds x 1 MB, so the kit uses less than the floor here.
    kit = {"full -j 1": 100.0, "full -j 2": 4.0, "noop": 1.0, "edit": 4.0, "add": 5.0}
    results = [
        _result("kit", 10, {**kit, "delete": 6.0}),
        _result("floor", 10, {"full -j 1": 110.0, "full -j 2": 9.0, "edit": 10.0}),
        _result("pelican", 10, {"full -j 1": 3.0}),
    ]
    text = targets(results)
    assert "edit one Our Take at most 3% of the kit's full build: **missed**" in text
    assert "(4.0 % against 3.0 %)" in text
    assert "add one issue at most 5% of the kit's full build: **met**" in text
    assert "delete one issue at most 5% of the kit's full build: **missed**" in text
    assert "nothing changed at most 2% of the kit's full build: **met**" in text
    assert "edit at most 0.5 of the floor's (s): **met** (4.00 against 5.00)" in text
    assert "full `-j 1` at most 0.8 of the floor's (s): **missed** (100.00 against 88.00)" in text
    assert "`full -j 2` at most the floor's (MB): **met** (4.00 against 9.00)" in text
    assert "Pelican" not in text  # issue 30's targets are the kit against the floor


def test_pages_and_bytes_are_counted_by_kind(tmp_path: Path) -> None:
    pages = {
        "index.html": 100,
        "issues/0001/index.html": 1_000,
        "issues/0002/index.html": 3_000,
        "regions/asia/index.html": 500,
        "regions/asia/2024/index.html": 2_000,
        "regions/asia/2024/03/index.html": 4_000,
        "regions/japan/2024/index.html": 6_000,
        "_static/skip.html": 9_999,
    }
    for page, size in pages.items():
        path = tmp_path / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    output = measure_output(tmp_path, 1)
    assert output.kinds == {
        "home": (1, 100),
        "issues/<n>": (2, 4_000),
        "regions/<name>": (1, 500),
        "regions/<name>/<year>": (2, 8_000),
        "regions/<name>/<year>/<month>": (1, 4_000),
    }
    assert output.html == 16_600  # _static is not a page
    result = SiteResult("kit", 2, 1, 1, label="2 issues")
    result.output = output
    table = page_kinds([result], "kit", ["2 issues"])
    assert "| `regions/<name>/<year>` | 2 · 8.0 KB · 4.0 KB |" in table
    assert table.splitlines()[-1] == "| all | 7 · 16.6 KB · 2.4 KB |"


@pytest.mark.slow
def test_build_past_its_time_limit_is_stopped_with_its_children(tmp_path: Path) -> None:
    # A shell that starts a child and waits: the limit must stop both.
    marker = tmp_path / "still-running"
    script = f"sleep 2 && touch {marker} & wait"
    build = run_build(["sh", "-c", script], tmp_path / "out", tmp_path / "log", timeout=0.5)
    assert build.timed_out and not build.ok
    assert build.seconds < 2
    time.sleep(2.5)
    assert not marker.exists()
