"""``newsletter links``: check every recommendation's link, report the dead ones, save copies.

``check`` asks each published recommendation's ``:url:`` (``health.check``) and
writes the link-health record the build reads; ``report`` lists the dead links by
issue with file and line, for an editor to give each an ``:archive:``; ``save``
asks the web archive to save the newest issue's links (a maintainer's command).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..catalog import Catalog
from ..health.build import load_record
from ..health.check import CheckSettings, run_check
from ..health.save import (
    SaveRefused,
    SaveSettings,
    credentials,
    environment,
    save_urls,
    with_snapshots,
)
from ..linkhealth import LinkRecord
from ..read.reader import Reading, read_catalog

NAME = "links"
NEEDS_SITE = True
HELP = "check the recommendations' links, report the dead ones, save archived copies"
DESCRIPTION = (
    "check: ask every published recommendation's :url: and write the link-health "
    "record (newsletter_link_health, link-health.tsv), which every build reads; a link "
    "is dead after failing on two checks a week apart. report: the dead links by issue, "
    "with file and line. save: ask the web archive to save the newest issue's links "
    "(keys from NEWSLETTER_ARCHIVE_ACCESS_KEY and NEWSLETTER_ARCHIVE_SECRET_KEY)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``check``, ``report`` and ``save``, with their options."""
    parser.add_argument("action", choices=("check", "report", "save"))
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, help="the check's date (default: today, UTC)"
    )
    parser.add_argument("--timeout", type=float, default=CheckSettings.timeout)
    parser.add_argument("--per-host", type=int, default=CheckSettings.per_host)
    parser.add_argument(
        "--interval", type=float, default=SaveSettings.interval, help="save: seconds between asks"
    )
    parser.add_argument("--issue", type=int, help="save: this issue's links (default: newest)")


def read(source: Path) -> tuple[Reading, Path]:
    """The site's catalog (the build's reading, cached as ``newsletter check``'s) and
    its record's path."""
    cache = source / "_build" / ".check"
    cache.mkdir(parents=True, exist_ok=True)
    status = sys.stderr if sys.stderr.isatty() else None
    reading = read_catalog(source, cache=cache, status=status, fast=True)
    # The build read the record where the site's newsletter_link_health says.
    return reading, Path(reading.catalog.links.path)


def published_urls(catalog: Catalog) -> list[str]:
    """Every published recommendation's URL, each once, sorted."""
    return sorted({rec.url for rec in catalog.published_recs if rec.url})


def dead_report(reading: Reading) -> list[str]:
    """The dead links, by issue (newest first), as ``file:line: title <url>`` lines."""
    catalog = reading.catalog
    lines = []
    for issue in reversed(catalog.issues):
        for rec in catalog.recommendations(issue.docname):
            state = catalog.links.get(rec.url)
            if state is None or not state.dead or rec.archive:
                continue
            source = reading.sources.get(rec.docname, rec.docname)
            lines.append(
                f"{source}:{rec.lineno}: #{issue.number} {rec.title!r} <{rec.url}> dead since "
                f"{state.dead_since} ({state.reason or 'failed'}); suggested :archive: "
                f"{catalog.archived_copy(rec)}"
            )
    return lines


def run(args: argparse.Namespace) -> int:
    """Run the action; ``report`` exits 1 when a dead link has no ``:archive:``."""
    reading, path = read(args.source)
    catalog = reading.catalog
    if args.action == "report":
        lines = dead_report(reading)
        print("\n".join(lines) if lines else "No dead links.")
        return 1 if lines else 0
    record = load_record(path)
    if args.action == "check":
        today = args.today or dt.datetime.now(dt.UTC).date()
        settings = CheckSettings(timeout=args.timeout, per_host=args.per_host)
        updated = run_check(
            record,
            published_urls(catalog),
            today,
            settings,
            progress=lambda line: print(line, file=sys.stderr),
        )
        write_record(path, updated)
        dead = sum(1 for state in updated.states.values() if state.dead)
        print(f"{path.name}: {len(updated.states)} links, {dead} dead")
        return 0
    try:
        authorization = credentials(environment())
    except SaveRefused as refused:
        print(f"newsletter links save: {refused}", file=sys.stderr)
        return 2
    newest = catalog.issues[-1] if catalog.issues else None
    issue = catalog.by_number.get(args.issue) if args.issue else newest
    if issue is None or issue.draft:
        print("newsletter links save: no such published issue", file=sys.stderr)
        return 2
    urls = sorted({rec.url for rec in catalog.recommendations(issue.docname) if rec.url})
    endpoint = environment().get("NEWSLETTER_ARCHIVE_SAVE_URL") or SaveSettings.endpoint
    snapshots = save_urls(urls, authorization, SaveSettings(endpoint, interval=args.interval))
    write_record(path, with_snapshots(record, snapshots))
    print(f"saved {len(snapshots)} of {len(urls)} links of issue #{issue.number}")
    return 0 if len(snapshots) == len(urls) else 1


def write_record(path: Path, record: LinkRecord) -> None:
    """Write the record where the build reads it (only when its text changed)."""
    text = record.text()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
