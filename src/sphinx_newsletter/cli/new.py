"""``newsletter new``: start the next issue from the site's template.

The number is the highest issue's plus one; the date is the next publishing
weekday (``newsletter_weekday``, else the latest issue's weekday) unless given;
the sections are the ``##`` headings of the latest issue. The template is
``newsletter-issue.md``, taken from the site's ``templates_path`` (``_templates/``)
before the kit's own.
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import re
import sys
from pathlib import Path

import jinja2
from sphinx.config import Config
from sphinx.util.tags import Tags

from ..config import CONFIG_VALUES, newsletter_name, settings_of
from ..extension import TEMPLATES
from ..read.frontmatter import parse_front_matter, source_lines, split_front_matter

NAME = "new"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "write the next issue's file from the site's template"
DESCRIPTION = (
    "Write issues/NNNN.md for the next issue (the highest number plus one) from "
    "the template newsletter-issue.md (the site's _templates/ first), with the "
    "sections of the latest issue, and print its path."
)
TEMPLATE = "newsletter-issue.md"

_HEADING = re.compile(r"^##\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~|:::)")
_WEEKDAYS = [name.lower() for name in calendar.day_name]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter new``."""
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        help="the issue's date, YYYY-MM-DD; default: the next publishing weekday "
        "(newsletter_weekday in conf.py, else the latest issue's weekday)",
    )


def site_config(srcdir: Path) -> Config:
    """The site's ``conf.py`` with the kit's settings and their defaults."""
    config = Config.read(srcdir, overrides={}, tags=Tags())
    for name, (default, rebuild, types) in CONFIG_VALUES.items():
        config.add(name, default, rebuild, types)
    config.init_values()
    return config


def issue_files(issues: Path) -> dict[int, Path]:
    """The issue files of a folder by the number their name gives (``0009.md``: 9)."""
    found = {}
    for path in issues.glob("*.md"):
        if path.stem.isascii() and path.stem.isdigit():
            found[int(path.stem)] = path
    return found


def sections_of(source: str) -> list[str]:
    """The ``##`` headings of an issue, outside code and directive blocks."""
    block = split_front_matter(source)
    lines = source_lines(source)[block[1] :] if block else source_lines(source)
    sections: list[str] = []
    fenced = 0
    for line in lines:
        if _FENCE.match(line):
            # Directives nest (:::: around :::); a closing fence has no argument.
            opening = bool(line.strip().lstrip(":`~").strip())
            fenced = fenced + 1 if opening else max(fenced - 1, 0)
            continue
        match = _HEADING.match(line)
        if match and not fenced and match.group(1) not in sections:
            sections.append(match.group(1))
    return sections


def next_date(weekday: int | None, latest: dt.date | None, today: dt.date) -> dt.date:
    """The first day on ``weekday`` from today on, and after the latest issue."""
    day = max(today, latest + dt.timedelta(days=1)) if latest else today
    if weekday is None:
        return day
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday(config: Config, latest: dt.date | None) -> int | None:
    weekday = settings_of(config).weekday
    name = weekday.strip().lower()
    if name:
        if name not in _WEEKDAYS:
            raise ValueError(
                f"newsletter_weekday {weekday!r} is not a weekday; write e.g. 'Thursday'"
            )
        return _WEEKDAYS.index(name)
    return latest.weekday() if latest else None


def _template(srcdir: Path, config: Config) -> jinja2.Template:
    folders = [str(srcdir / p) for p in config.templates_path] + [TEMPLATES]
    # The output is Markdown (a source file), not HTML: no autoescaping.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        keep_trailing_newline=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(TEMPLATE)


def new_issue(srcdir: Path, date: dt.date | None = None, today: dt.date | None = None) -> Path:
    """Write the next issue's file and return its path."""
    config = site_config(srcdir)
    settings = settings_of(config)
    issues = srcdir / settings.issues_dir.strip("/")
    files = issue_files(issues)
    number = max(files, default=0) + 1
    latest_source = files[max(files)].read_text(encoding="utf-8") if files else ""
    latest_date = parse_front_matter(latest_source).values.get("date") if files else None
    if not isinstance(latest_date, dt.date):
        latest_date = None
    if date is None:
        date = next_date(_weekday(config, latest_date), latest_date, today or dt.date.today())
    width = max([4, *(len(p.stem) for p in files.values())])
    path = issues / f"{number:0{width}d}.md"
    regions = [region.id for region in settings.regions] or ["a-region-id"]
    text = _template(srcdir, config).render(
        number=number,
        date=date.isoformat(),
        sections=sections_of(latest_source) if latest_source else [],
        region_example=regions[0],
        name=newsletter_name(config),
    )
    issues.mkdir(parents=True, exist_ok=True)
    # "x": never overwrite an issue someone is writing.
    with path.open("x", encoding="utf-8") as out:
        out.write(text)
    return path


def run(args: argparse.Namespace) -> int:
    """Write the file and print its path."""
    try:
        path = new_issue(args.source, args.date)
    except (ValueError, FileExistsError) as error:
        print(f"newsletter new: {error}", file=sys.stderr)
        return 2
    print(path)
    return 0
