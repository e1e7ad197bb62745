"""``newsletter import FEED``: an existing newsletter's archive, from its feed, as issues.

The feed (an http(s) address or a file; RSS 2.0, Atom or JSON Feed) is the one
thing fetched. Each entry becomes one issue file (``importer.issues``): links
that lead a paragraph or a list item become recommendations, the rest stays
prose, and what could not be placed is left as a note that ``newsletter check``
reports at its line. Running it again updates what it wrote and nothing an
editor has changed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from ..config import settings_of
from .importer.feed import NotAFeed, read_feed
from .importer.fetch import FetchError, read_source
from .importer.issues import Outcome, import_feed
from .new import site_config

NAME = "import"
#: Works on a site: ``main`` adds ``--source`` and checks it has a ``conf.py``.
NEEDS_SITE = True
HELP = "turn an existing newsletter's feed (RSS, Atom, JSON Feed) into issues"
DESCRIPTION = (
    "Read a feed (an http(s) address or a file: RSS 2.0, Atom or JSON Feed) and write "
    "one issue per entry into issues/: a link that leads a paragraph or a list item "
    "becomes a recommendation, the rest stays prose. Running it again updates the "
    "issues it wrote and never touches one an editor has changed. Prints a summary; "
    "`newsletter check` then shows each thing it could not place at its line."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter import``."""
    parser.add_argument("feed", help="the feed: an http(s) address or a file")


def summary(outcomes: list[Outcome], kind: str) -> str:
    """What the import did, for the editor: counts, then each entry that needs a look."""
    statuses = Counter(o.status for o in outcomes)
    recs = sum(
        o.recommendations for o in outcomes if o.status in ("written", "updated", "unchanged")
    )
    leftovers = sum(len(o.leftovers) for o in outcomes if o.status in ("written", "updated"))
    lines = [
        f"{kind}: {len(outcomes)} entries: {statuses['written']} issues written, "
        f"{statuses['updated']} updated, {statuses['unchanged']} unchanged, "
        f"{statuses['kept']} kept (edited since imported), {statuses['clash']} not written",
        f"{recs} recommendations; not placed: {leftovers} (newsletter check shows each "
        "at its line)",
    ]
    for outcome in outcomes:
        where = outcome.path or "-"
        if outcome.status in ("kept", "clash"):
            lines.append(f"  {where}: {outcome.title!r}: {outcome.why}")
        elif outcome.leftovers and outcome.status in ("written", "updated"):
            for note in outcome.leftovers:
                lines.append(f"  {where}: not placed: {note}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Fetch or read the feed, write the issues, print the summary."""
    try:
        data, url = read_source(args.feed)
        feed = read_feed(data, url or args.feed)
    except (FetchError, NotAFeed) as error:
        print(f"newsletter import: {args.feed}: {error}", file=sys.stderr)
        return 2
    settings = settings_of(site_config(args.source))
    regions_by_title = {region.title: region.id for region in settings.regions}
    outcomes = import_feed(feed, args.source, settings.issues_dir, regions_by_title)
    print(summary(outcomes, feed.kind))
    return 1 if any(o.status == "clash" for o in outcomes) else 0
