"""Property-based differential builds: random edits, then incremental == clean, -j 2 == -j 1.

Hypothesis drives a small archive through random sequences of edits (add, edit, move
and delete recommendations; add and delete issues; add a follow-up; change the region
tree). After each step the incremental build must equal a clean build of the same
sources, byte for byte; at the end, a -j 2 build must equal the -j 1 build.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from conftest import assert_same_site, build_site

# Dozens of builds: a clean one beside each incremental step, -j 2 beside -j 1.
pytestmark = pytest.mark.slow
REGIONS = ["asia", "east-asia", "china", "japan", "southeast-asia", "singapore", "vietnam"]
CONF = """project = "Differential"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://diff.example/"
newsletter_subscribe = {{"url": "https://diff.example/subscribe/"}}
newsletter_listing_size = 3
newsletter_regions = {regions!r}
"""
TREE = {
    "asia": {"title": "Asia"},
    "east-asia": {"title": "East Asia", "parent": "asia"},
    "china": {"title": "China", "parent": "east-asia"},
    "japan": {"title": "Japan", "parent": "east-asia"},
    "southeast-asia": {"title": "Southeast Asia", "parent": "asia"},
    "singapore": {"title": "Singapore", "parent": "southeast-asia"},
    "vietnam": {"title": "Vietnam", "parent": "southeast-asia"},
}
WORDS = ["chips", "rice", "ports", "banks", "robots", "trade", "tea", "rails"]


def rec_text(
    title: str, region: str, topic: str, author: str, take: str, follows: str | None = None
) -> str:
    extra = f":follows: {follows}\n" if follows else ""
    return (
        f":::{{recommendation}} {title}\n:url: https://news.example/{title.replace(' ', '-')}\n"
        f":authors: {author}\n:regions: {region}\n:topics: {topic}\n{extra}\n{take}\n:::\n"
    )


class ArchiveEdits(RuleBasedStateMachine):
    """An archive on disk, edited step by step, rebuilt incrementally after each step."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="nl-diff-"))
        self.src = self.root / "site"
        self.counter = 0
        self.issues: dict[int, list[str]] = {}  # number -> recommendation texts

    def _title(self) -> str:
        self.counter += 1
        return f"Story {self.counter} about {WORDS[self.counter % len(WORDS)]}"

    @staticmethod
    def _year(number: int) -> int:
        return 2022 + (number - 1) // 3

    def _write_issue(self, number: int) -> None:
        year = self._year(number)
        date = f"{year}-{(number - 1) % 3 * 4 + 1:02d}-15"
        body = "\n".join(self.issues[number])
        (self.src / "issues" / f"{number:04d}.md").write_text(
            f"---\nnumber: {number}\ndate: {date}\ndescription: Issue {number}.\n---\n\n"
            f"# Issue {number}\n\n## News\n\n{body}",
            encoding="utf-8",
        )

    def _rebuild_and_compare(self) -> None:
        site = build_site(self.src)
        assert "WARNING" not in site.warning_text, site.warning_text
        clean_src = self.root / f"clean-{self.counter}"
        shutil.copytree(self.src, clean_src, ignore=shutil.ignore_patterns("_build"))
        clean = build_site(clean_src)
        assert_same_site(site.outdir, clean.outdir)
        shutil.rmtree(clean_src)

    @initialize()
    def start(self) -> None:
        (self.src / "issues").mkdir(parents=True)
        (self.src / "conf.py").write_text(CONF.format(regions=TREE), encoding="utf-8")
        (self.src / "index.md").write_text("# Differential\n", encoding="utf-8")
        # Six issues and the home page: more than five documents, so -j 2 really
        # reads and writes in parallel.
        for number in range(1, 7):
            self.issues[number] = [
                rec_text(
                    self._title(),
                    REGIONS[number % len(REGIONS)],
                    "AI",
                    "Ann Lee",
                    f"Take {number}.",
                )
            ]
            self._write_issue(number)
        build_site(self.src)

    @rule(
        region=st.sampled_from(REGIONS),
        topic=st.sampled_from(["AI", "Chips", "trade"]),
        author=st.sampled_from(["Ann Lee", "Bo Chen", "阮一峰"]),
        data=st.data(),
    )
    def add_recommendation(self, region: str, topic: str, author: str, data) -> None:
        number = data.draw(st.sampled_from(sorted(self.issues)))
        self.issues[number].append(rec_text(self._title(), region, topic, author, "New."))
        self._write_issue(number)
        self._rebuild_and_compare()

    @rule(data=st.data())
    def edit_a_take(self, data) -> None:
        number = data.draw(st.sampled_from(sorted(self.issues)))
        recs = self.issues[number]
        if recs:
            index = data.draw(st.integers(0, len(recs) - 1))
            recs[index] = recs[index].replace("\n:::\n", " Edited.\n:::\n")
        self._write_issue(number)
        self._rebuild_and_compare()

    @rule(newest=st.booleans(), data=st.data())
    def edit_a_take_in_the_newest_part_or_an_old_one(self, newest: bool, data) -> None:
        # The bundle is in parts (search/parts.py): the newest year's issues, and
        # older years' in eras. An edit re-indexes its own part only.
        last = self._year(max(self.issues))
        numbers = [n for n in sorted(self.issues) if (self._year(n) == last) == newest]
        if not numbers:
            return
        number = data.draw(st.sampled_from(numbers))
        self.issues[number] = [
            rec.replace("\n:::\n", " Edited in its part.\n:::\n") for rec in self.issues[number]
        ]
        self._write_issue(number)
        self._rebuild_and_compare()

    @rule(region=st.sampled_from(REGIONS), data=st.data())
    def move_between_regions(self, region: str, data) -> None:
        number = data.draw(st.sampled_from(sorted(self.issues)))
        recs = self.issues[number]
        if recs:
            recs[0] = re.sub(r":regions: .*", f":regions: {region}", recs[0])
        self._write_issue(number)
        self._rebuild_and_compare()

    @rule(data=st.data())
    def delete_a_recommendation(self, data) -> None:
        number = data.draw(st.sampled_from(sorted(self.issues)))
        if self.issues[number]:
            self.issues[number].pop(0)
        self._write_issue(number)
        self._rebuild_and_compare()

    @precondition(lambda self: len(self.issues) > 2)
    @rule(data=st.data())
    def delete_an_issue(self, data) -> None:
        number = data.draw(st.sampled_from(sorted(self.issues)))
        del self.issues[number]
        (self.src / "issues" / f"{number:04d}.md").unlink()
        self._rebuild_and_compare()

    @rule()
    def add_an_issue(self) -> None:
        number = max(self.issues, default=0) + 1
        self.issues[number] = [rec_text(self._title(), "singapore", "AI", "Bo Chen", "Fresh.")]
        self._write_issue(number)
        self._rebuild_and_compare()

    @rule(data=st.data())
    def add_a_follow_up(self, data) -> None:
        earlier = [n for n in sorted(self.issues) if self.issues[n]]
        if not earlier:
            return
        number = data.draw(st.sampled_from(earlier))
        target = re.search(r"\{recommendation\} (.*)", self.issues[number][0]).group(1)
        slug = re.sub(r"[^a-z0-9]+", "-", target.lower()).strip("-")
        later = max(self.issues)
        self.issues[later].append(
            rec_text(self._title(), "japan", "AI", "Ann Lee", "Following up.", follows=slug)
        )
        self._write_issue(later)
        self._rebuild_and_compare()

    @rule()
    def rebuild_with_nothing_changed(self) -> None:
        # The build keeps the listing pages, feeds and sitemap of the last one.
        self._rebuild_and_compare()

    @rule(data=st.data())
    def lose_an_output_file(self, data) -> None:
        """A page or feed the kit made is deleted from the output, nothing else changes:
        the next build, whose inputs are the last one's, makes it again."""
        out = self.src / "_build" / "dirhtml"
        made = sorted(
            path.relative_to(out).as_posix()
            for folder in ("regions", "topics", "authors")
            if (out / folder).is_dir()
            for path in (out / folder).rglob("*")
            if path.is_file()
        )
        if made:
            (out / data.draw(st.sampled_from(made))).unlink()
        self._rebuild_and_compare()

    @rule()
    def change_the_region_tree(self) -> None:
        tree = dict(TREE)
        tree["japan"] = {"title": "Japan", "parent": "asia"}  # moved up a level
        (self.src / "conf.py").write_text(CONF.format(regions=tree), encoding="utf-8")
        self._rebuild_and_compare()

    def teardown(self) -> None:
        try:
            if (self.src / "_build").exists():
                serial_src = self.root / "serial"
                parallel_src = self.root / "parallel"
                for dest in (serial_src, parallel_src):
                    shutil.copytree(self.src, dest, ignore=shutil.ignore_patterns("_build"))
                serial = build_site(serial_src)
                parallel = build_site(parallel_src, parallel=2)
                assert_same_site(parallel.outdir, serial.outdir)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


ArchiveEdits.TestCase.settings = settings(
    max_examples=4,
    stateful_step_count=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
test_random_edits_keep_incremental_and_parallel_builds_equal_to_clean = ArchiveEdits.TestCase
