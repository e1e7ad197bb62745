"""Reading an issue's YAML front matter field by field, with the line of each field.

MyST drops the whole block when one value is malformed, so the kit re-reads
the block itself: every top-level field is parsed on its own, and a bad value
is that field's problem, reported at that field's line. MyST itself never sees
an issue's front matter (``blank_block``): a ``myst:`` key there would set MyST's
configuration for the page.

Lines are counted as markdown-it counts them, at ``\n`` alone (the source's
``\r\n`` and ``\r`` are made ``\n`` first), so every line number matches the one
MyST gives the page's body. Fail closed: a doubtful issue stays unpublished.
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
    # Written by ``newsletter import``: the feed entry an issue came from, and the
    # digest that tells whether an editor has changed the file since (cli/importer).
    | {"imported-from", "imported-digest"}
)
#: Fields that set the page's configuration (MyST's, or Sphinx's file-wide
#: metadata): refused in an issue, whose settings come from ``conf.py`` alone.
CONFIGURATION_FIELDS = frozenset({"myst", "html_meta", "substitutions", "orphan", "nosearch"})
#: The most a front-matter field may hold, in bytes of UTF-8.
MAX_FIELD_BYTES = 10_000
#: libyaml's parser where PyYAML was built with it: the same nodes, several times
#: faster (the front matter of every issue is parsed on every reading).
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Characters YAML reads as line breaks that markdown-it does not.
_YAML_BREAKS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
#: Halves of UTF-16 pairs: a double-quoted value's ``\ud83d`` escape gives one, which
#: is no character and which no output file (UTF-8) can hold.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class FrontMatter:
    """The fields of one issue's front matter, as far as they could be read."""

    values: dict[str, object] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    present: bool = False
    #: 1-based lines of the block, ``---`` lines included: (first, last)
    span: tuple[int, int] | None = None
    #: Whether a problem keeps the issue unpublished (it is then a draft)
    held: bool = False

    def hold(self, lineno: int, problem: str) -> None:
        """Note a problem that keeps the issue unpublished: it becomes a draft."""
        self.held = True
        self.values["draft"] = True
        self.problems.append((lineno, f"{problem} (the issue stays unpublished until it is fixed)"))

    def line(self, name: str) -> int:
        """The 1-based line of field ``name``, or 1 when it is missing."""
        return self.lines.get(name, 1)


def normalise_newlines(source: str) -> str:
    """``source`` with ``\r\n`` and ``\r`` made ``\n``, as markdown-it reads it."""
    return source.replace("\r\n", "\n").replace("\r", "\n")


def source_lines(source: str) -> list[str]:
    """The lines of ``source`` as markdown-it numbers them (split at ``\n`` alone)."""
    return source.split("\n")


def split_front_matter(source: str) -> tuple[list[str], int] | None:
    """Return the lines inside the leading ``---`` block and the line of the first one."""
    lines = source_lines(source)
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
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
    text = text.translate(_YAML_BREAKS)
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        # The message is PyYAML's own parser's, as it always was.
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
    if _SURROGATE.search(value.value):
        return None, (
            "holds an escape of half a UTF-16 pair (\\uD800 to \\uDFFF), which is no "
            "character; write the character itself, or escape it as \\U0001F600"
        )
    return value.value, None


def parse_front_matter(source: str) -> FrontMatter:
    """Read and validate an issue's front matter from its source text."""
    result = FrontMatter()
    block = split_front_matter(source)
    if block is None:
        result.hold(
            1,
            "the issue has no front matter: start the file with a `---` block "
            "holding number, date and description",
        )
        return result
    result.present = True
    lines, first = block
    result.span = (1, first + len(lines))
    for offset, line in enumerate(lines):
        if line.strip() and not line[0].isspace() and not _KEY_RE.match(line):
            if not line.lstrip().startswith("#"):
                result.problems.append(
                    (
                        first + offset,
                        f"cannot read the front-matter line {line.strip()[:60]!r}; write "
                        "each field as `name: value` at the start of its line",
                    )
                )
            break
    for key, lineno, text in _chunks(lines, first):
        if key in result.lines:
            result.problems.append(
                (lineno, f"front-matter field '{key}' is given twice; the first is used")
            )
            continue
        result.lines[key] = lineno
        if key in CONFIGURATION_FIELDS:
            result.problems.append(
                (
                    lineno,
                    f"front-matter field '{key}' would configure the page, which an "
                    "issue may not do; it is ignored (settings belong in conf.py)",
                )
            )
            continue
        if key not in KNOWN_FIELDS:
            result.problems.append(
                (
                    lineno,
                    f"unknown front-matter field '{key}'; it is ignored "
                    f"(known: {', '.join(sorted(KNOWN_FIELDS))})",
                )
            )
            continue
        raw, error = _scalar(text)
        if error is None and raw is not None and len(raw.encode("utf-8")) > MAX_FIELD_BYTES:
            error = (
                f"holds {len(raw.encode('utf-8')):,} bytes, more than a field may "
                f"({MAX_FIELD_BYTES:,}); shorten it"
            )
        if error and (key in REQUIRED_FIELDS or key == "draft"):
            result.hold(lineno, f"front-matter field '{key}' {error}")
        elif error:
            result.problems.append((lineno, f"front-matter field '{key}' {error}"))
        else:
            _convert(result, key, lineno, (raw or "").strip())
    for name in REQUIRED_FIELDS:
        if name not in result.lines:
            result.hold(
                1,
                f"front-matter field '{name}' is missing: add "
                f"`{name}: ...` to the block at the top of the file",
            )
    return result


def blank_block(source: str, front: FrontMatter) -> str:
    """The source with the front matter's fields blanked, every line kept in place.

    The kit has read the block; MyST sees only the ``---`` lines, so nothing a
    contributor writes there configures MyST or reaches the page's metadata.
    """
    if front.span is None:
        return source
    first, last = front.span
    lines = source_lines(source)
    for index in range(first, last - 1):
        lines[index] = ""
    return "\n".join(lines)


REQUIRED_FIELDS = ("number", "date", "description")


def _convert(result: FrontMatter, key: str, lineno: int, raw: str) -> None:
    """Check one field's text and store its typed value; note the problem, if any.

    A malformed required field or ``draft`` keeps the issue unpublished.
    """
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
        result.hold(lineno, f"front-matter field {problem}")
