"""Problems found in an archive's sources, and the two ways ``newsletter check`` prints them.

A problem is a build warning (or an archive-wide finding) with its file and line.
It is an *error* when the build skipped something because of it, as the spec's
"Errors" section defines: the warning's own text says so ("it is skipped", "is
ignored", "not registered", "not linked", "not filed", "stays unpublished",
"left out", "removed", "shown as text", "... is used instead"). Every other problem is a
*warning*: the build rendered what was written, but something is missing or
doubtful (no commentary, a date that is not a date).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

# Sphinx's warning line: ``path:line: WARNING: message [type.subtype]``; the
# location and the type are optional.
_WARNING = re.compile(
    r"^(?:(?P<path>.*?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*?)(?: \[(?P<type>[\w.-]+)\])?$"
)
_SKIPPED = re.compile(
    r"\b(?:skipped|ignored|not registered|not linked|not filed|unpublished|left out|removed"
    r"|shown as text|is used instead|is used;|is used$)",
)


# What a message quotes from the source: repr()-quoted values and `code`.
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`""")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where (relative path, line; empty for the whole site), what, which kind."""

    path: str
    line: int
    message: str
    type: str = "newsletter"
    error: bool = False

    @property
    def severity(self) -> str:
        """``error`` or ``warning``."""
        return "error" if self.error else "warning"

    def text(self) -> str:
        """``path:line: error|warning: message [type]`` (the compiler style editors know)."""
        where = f"{self.path}:{self.line}: " if self.path else ""
        return f"{where}{self.severity}: {self.message} [{self.type}]"

    def github(self) -> str:
        """A GitHub Actions workflow command, shown on the pull request's line."""
        props = []
        if self.path:
            props.append(f"file={_escape_property(self.path)}")
            if self.line:
                props.append(f"line={self.line}")
        props.append(f"title={_escape_property(self.type)}")
        return f"::{self.severity} {','.join(props)}::{_escape_data(self.message)}"


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def is_error(message: str) -> bool:
    """Whether a warning's text says the build skipped something (the spec's errors).

    Quoted values (a title "… are ignored …") are not the build's words.
    """
    return bool(_SKIPPED.search(_QUOTED.sub("", message)))


def from_warning(line: str, srcdir: Path) -> Problem | None:
    """The problem a Sphinx warning line reports (None for a line that is not one)."""
    return from_warnings([line], srcdir)[0]


def from_warnings(lines: Iterable[str], srcdir: Path) -> list[Problem | None]:
    """The problem each Sphinx warning line reports (None for a line that is not one).

    A folder is resolved once for all its warnings: a realistic archive gives tens of
    thousands of warnings in a few hundred files, and resolving each warning's path
    was half of a warm check.
    """
    root = srcdir.resolve()
    prefix = f"{root}/"
    folders: dict[str, str] = {}
    found: list[Problem | None] = []
    for line in lines:
        match = _WARNING.match(line)
        if match is None:
            found.append(None)
            continue
        path = match["path"] or ""
        if path:
            # The folder resolved, not the file: a symlink is named where it stands.
            folder, name = os.path.split(path)
            if folder not in folders:
                folders[folder] = f"{Path(folder).resolve()}/"
            where = folders[folder] + name
            if where.startswith(prefix):
                path = where[len(prefix) :]
        # Other files are named relative to the site too (``already used at issues/0001.md``).
        message = match["message"].replace(prefix, "")
        found.append(
            Problem(
                path,
                int(match["line"] or 0),
                message,
                match["type"] or "sphinx",
                match["level"] != "WARNING" or is_error(message),
            )
        )
    return found
