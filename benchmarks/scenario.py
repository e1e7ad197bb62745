"""The sites a benchmark builds (kit, floor, ABlog) and the edits between its builds.

Every change is made on the content model and written through the site's writer,
which leaves files whose bytes did not change alone: each step touches only the
files an editor would (the floor's hand-kept region and topic pages included).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from .ablog_site import write_ablog
from .generate import Archive, ArchiveStats, Issue, build_archive, write_archive, write_floor

__all__ = ["EDIT", "WRITERS", "Steps", "deletable_issue", "edit_issue", "steps", "without_issue"]

Writer = Callable[[Archive, Path], ArchiveStats]

#: Each benchmarked site and the writer of its sources, in table order.
WRITERS: dict[str, Writer] = {"kit": write_archive, "floor": write_floor, "ablog": write_ablog}

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
        return (("edit", self.edited), ("add", self.added), ("delete", self.deleted))


def steps(issues: int, seed: int = 9) -> Steps:
    """The states for an archive of ``issues`` issues (the generator is prefix-stable:
    the first ``issues`` issues of a longer archive are the same)."""
    initial = build_archive(issues, seed=seed)
    edited = edit_issue(initial, issues)
    added = edit_issue(build_archive(issues + 1, seed=seed), issues)
    number = deletable_issue(added)
    return Steps(initial, edited, added, without_issue(added, number), number)
