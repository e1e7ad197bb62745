"""The archives a benchmark builds (its scenarios) and the edits between its builds.

Every change is made on the content model and written through the site's writer,
which leaves files whose bytes did not change alone: each step touches only the
files an editor would (the floor's hand-kept region and topic pages included).
"""

from __future__ import annotations

import dataclasses

from .generate import REALISTIC, Archive, Issue, Shape, build_archive

__all__ = [
    "EDIT",
    "Scenario",
    "Steps",
    "deletable_issue",
    "edit_issue",
    "realistic",
    "steps",
    "weekly",
    "without_issue",
]

#: The sentence the edit appends to a recommendation's Our Take.
EDIT = "An editor added this sentence after the issue went out."


def edit_issue(archive: Archive, number: int) -> Archive:
    """``archive`` with one sentence added to the Our Take of issue ``number``'s first pick."""

    def edited(issue: Issue) -> Issue:
        if issue.number != number or not issue.sections:
            return issue
        sections = list(issue.sections)
        for s, section in enumerate(sections):
            if section.recommendations:
                first, *rest = section.recommendations
                first = dataclasses.replace(first, body=f"{first.body}\n{EDIT}")
                sections[s] = dataclasses.replace(section, recommendations=(first, *rest))
                break
        return dataclasses.replace(issue, sections=tuple(sections))

    return dataclasses.replace(archive, issues=tuple(edited(i) for i in archive.issues))


def deletable_issue(archive: Archive) -> int:
    """The issue nearest the middle that no other issue's ``:follows:`` points into.

    Deleting it leaves every cross-reference resolvable, so the build after the
    deletion measures the deletion and not a warning.
    """
    followed = {r.follows for i in archive.issues for r in i.recommendations if r.follows}
    middle = len(archive.issues) // 2
    candidates = sorted(archive.issues[:-1], key=lambda i: abs(i.number - middle))
    for issue in candidates:
        if not any(r.id in followed for r in issue.recommendations):
            return issue.number
    raise ValueError("every issue is followed up; nothing can be deleted cleanly")


def without_issue(archive: Archive, number: int) -> Archive:
    """``archive`` without issue ``number``."""
    return dataclasses.replace(
        archive, issues=tuple(i for i in archive.issues if i.number != number)
    )


@dataclasses.dataclass(frozen=True)
class Steps:
    """The archive states of one benchmark: the initial one, then one change per step.

    ``noop`` rebuilds the initial archive with nothing changed;
    ``edited`` adds a sentence to the newest issue's first Our Take; ``added``
    then adds one issue dated after all others; ``deleted`` then removes
    ``deleted_number`` from the middle.
    """

    initial: Archive
    edited: Archive
    added: Archive
    deleted: Archive
    deleted_number: int

    def changes(self) -> tuple[tuple[str, Archive], ...]:
        """The incremental steps in order, each named."""
        return (
            ("noop", self.initial),
            ("edit", self.edited),
            ("add", self.added),
            ("delete", self.deleted),
        )


@dataclasses.dataclass(frozen=True)
class Scenario:
    """One archive to benchmark: its size, recommendations an issue and shape."""

    name: str
    issues: int
    recs_per_issue: int = 10
    shape: Shape | None = None

    @property
    def label(self) -> str:
        """The scenario as a heading: ``1,000 issues`` or ``realistic, 665 issues``."""
        size = f"{self.issues:,} issues"
        return size if self.name == "weekly" else f"{self.name}, {size}"

    def archive(self, issues: int, seed: int) -> Archive:
        """The scenario's first ``issues`` issues."""
        return build_archive(
            issues, seed=seed, recs_per_issue=self.recs_per_issue, shape=self.shape
        )


def weekly(issues: int) -> Scenario:
    """The synthetic weekly: about 10 recommendations an issue, a few dozen of each term."""
    return Scenario("weekly", issues)


def realistic(issues: int = 665) -> Scenario:
    """Issue 20's realistic archive: 40 an issue, thousands of one-off publications
    and authors, one dense topic (and the root region holding every entry)."""
    return Scenario("realistic", issues, recs_per_issue=40, shape=REALISTIC)


def steps(scenario: Scenario, seed: int = 9) -> Steps:
    """The states for ``scenario`` (the generator is prefix-stable: the first
    ``issues`` issues of a longer archive are the same)."""
    issues = scenario.issues
    initial = scenario.archive(issues, seed)
    edited = edit_issue(initial, issues)
    added = edit_issue(scenario.archive(issues + 1, seed), issues)
    number = deletable_issue(added)
    return Steps(initial, edited, added, without_issue(added, number), number)
