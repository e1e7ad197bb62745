"""The notes an import leaves in an issue, and ``newsletter check`` finding them.

What the importer could not place (HTML it dropped, a date it could not read,
an entry too big to convert) is written into the issue as an HTML comment,
``<!-- newsletter import: ... -->``: editors' comments never reach any output,
so the site still builds, and ``newsletter check`` reports each one at its line
(``newsletter.import``) until the editor has looked and removed it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..problems import Problem

MARKER = "<!-- newsletter import:"
_NOT_IN_COMMENT = re.compile(r"--+|[<>\n\r]")


def note_line(note: str) -> str:
    """``note`` as the comment the importer writes (nothing in it can end the comment)."""
    return f"{MARKER} {_NOT_IN_COMMENT.sub(' ', note).strip()} -->"


def leftovers_in(text: str) -> Iterator[tuple[int, str]]:
    """(line, note) of every import note in an issue's text."""
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith(MARKER) and stripped.endswith("-->"):
            yield number, stripped[len(MARKER) : -3].strip()


def leftover_problems(srcdir: Path, sources: dict[str, str]) -> Iterator[Problem]:
    """A ``newsletter.import`` problem for each note an import left in the sources."""
    for relpath in sorted(sources.values()):
        try:
            text = (srcdir / relpath).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if MARKER not in text:
            continue
        for line, note in leftovers_in(text):
            yield Problem(
                relpath,
                line,
                f"the import left this for an editor: {note}; look at the entry, fix "
                "the issue by hand, then remove this comment",
                "newsletter.import",
            )
