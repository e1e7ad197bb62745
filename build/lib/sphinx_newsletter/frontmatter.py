"""Reading an issue's YAML front matter field by field, with the line of each field.

MyST drops the whole block when one value is malformed, so the kit re-reads
the block itself: every top-level field is parsed on its own, and a bad value
is that field's problem, reported at that field's line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml

_KEY_RE = re.compile(r"^([A-Za-z_][\w-]*)\s*:(.*)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KNOWN_FIELDS = frozenset(
    {"number", "date", "description", "image", "image-alt", "image-credit", "draft"}
)


@dataclass
class FrontMatter:
    """The fields of one issue's front matter, as far as they could be read."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    present: bool = False
    #: 1-based lines of the fields with a problem (reported, then kept from MyST)
    rejected: list[int] = field(default_factory=list)

    def line(self, name: str) -> int:
        """The 1-based line of field ``name``, or 1 when it is missing."""
        return self.lines.get(name, 1)


def split_front_matter(source: str) -> tuple[list[str], int] | None:
    """Return the lines inside the leading ``---`` block and the line of the first one."""
    lines = source.splitlines()
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], 2
    return None


def _chunks(lines: list[str], first_line: int) -> list[tuple[str, int, str]]:
    """Cut the block into top-level fields: (key, line, YAML text of the field)."""
    chunks: list[tuple[str, int, list[str]]] = []
    for offset, line in enumerate(lines):
        match = _KEY_RE.match(line)
        if match and not line[0].isspace():
            chunks.append((match.group(1), first_line + offset, [line]))
        elif chunks:
            chunks[-1][2].append(line)
    return [(key, lineno, "\n".join(text)) for key, lineno, text in chunks]


def _scalar(text: str) -> tuple[str | None, str | None]:
    """Compose one ``key: value`` YAML text; return (value text, error)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, f"is not valid YAML ({problem})"
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return None, "is not a single `key: value` field"
    value = node.value[0][1]
    if not isinstance(value, yaml.ScalarNode):
        return None, "must be a single value, not a list or mapping"
    if value.tag == "tag:yaml.org,2002:null" and value.style is None:
        return "", None
    return value.value, None


def parse_front_matter(source: str) -> FrontMatter:
    """Read and validate an issue's front matter from its source text."""
    result = FrontMatter()
    block = split_front_matter(source)
    if block is None:
        result.problems.append(
            (
                1,
                "the issue has no front matter: start the file with a `---` block "
                "holding number, date and description",
            )
        )
        return result
    result.present = True
    lines, first = block
    for key, lineno, text in _chunks(lines, first):
        result.lines.setdefault(key, lineno)
        if key not in KNOWN_FIELDS:
            continue
        raw, error = _scalar(text)
        if error:
            result.problems.append((lineno, f"front-matter field '{key}' {error}"))
        else:
            error = _convert(result, key, lineno, (raw or "").strip())
        if error:
            result.rejected.extend(range(lineno, lineno + len(text.splitlines())))
    for name in ("number", "date", "description"):
        if name not in result.lines:
            result.problems.append(
                (
                    1,
                    f"front-matter field '{name}' is missing: add "
                    f"`{name}: ...` to the block at the top of the file",
                )
            )
    return result


def without_rejected(source: str, front: FrontMatter) -> str:
    """The source with the rejected front-matter fields blanked, lines kept in place.

    The kit has reported those fields; MyST then reads the rest of the block
    instead of dropping it whole with a second, vaguer warning.
    """
    if not front.rejected:
        return source
    lines = source.split("\n")
    for lineno in front.rejected:
        lines[lineno - 1] = ""
    return "\n".join(lines)


def _convert(result: FrontMatter, key: str, lineno: int, raw: str) -> str | None:
    """Check one field's text and store its typed value; return the problem, if any."""
    problem: str | None = None
    if key == "number":
        if re.fullmatch(r"[0-9]+", raw) and int(raw) > 0:
            result.values[key] = int(raw)
        else:
            problem = f"'number' must be a positive integer, not {raw!r}"
    elif key == "date":
        try:
            if not _DATE_RE.match(raw):
                raise ValueError
            result.values[key] = dt.date.fromisoformat(raw)
        except ValueError:
            problem = f"'date' must be a calendar date written YYYY-MM-DD, not {raw!r}"
    elif key == "draft":
        if raw.lower() in ("true", "false"):
            result.values[key] = raw.lower() == "true"
        else:
            problem = f"'draft' must be true or false, not {raw!r}"
    elif key == "description":
        if raw:
            result.values[key] = raw
        else:
            problem = "'description' is empty: write one or two sentences about the issue"
    elif raw:
        result.values[key] = raw
    if problem:
        result.problems.append((lineno, f"front-matter field {problem}"))
    return problem
