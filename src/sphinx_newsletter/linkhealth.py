"""The link-health record: what the link check last found of each recommendation's URL.

The record is a data file in the site's repository (``newsletter_link_health``,
``link-health.tsv``), written by ``newsletter links check`` and read by every
build, which fetches nothing. It is made for small diffs and clean merges: one
line per URL, sorted, tab-separated, and a line changes only when its URL's state
does (a URL that stays healthy keeps its line from week to week). The one line
every check rewrites is ``checked``, the date of the last check: it is the last
success of every URL that is ``ok`` and the last failure of every one that fails.

A URL is ``dead`` after failing on two checks at least a week apart; its
recommendation then shows an archived copy beside its link (``archived_copy``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .links import http_url

if TYPE_CHECKING:
    from .model import Recommendation

#: A URL's states: healthy, failing (not yet for a week), dead, or never decided
#: (every answer so far was a refusal or an error that says nothing of the page).
STATUSES = ("ok", "failing", "dead", "unknown")
#: How long a URL must keep failing, from its first failure, to be dead.
DEAD_AFTER = dt.timedelta(days=7)
#: The columns of a URL's line, in order ("-" for an empty one).
COLUMNS = (
    "url",
    "status",
    "since",
    "dead-since",
    "last-ok",
    "last-failed",
    "reason",
    "final",
    "snapshot",
)
HEADER = (
    "# Link health, written by `newsletter links check` (see README, Links that die).\n"
    "# One line per URL, sorted. since: first check of the current status; last-ok and\n"
    "# last-failed: the last success before a failure and the last failure before a\n"
    "# success (the current one is the `checked` date); final: where redirects led;\n"
    "# snapshot: a web archive's copy (newsletter links save).\n"
    "# " + "\t".join(COLUMNS) + "\n"
)
#: The web archive's address of its copy of ``url`` nearest ``YYYYMMDD``.
WAYBACK = "https://web.archive.org/web/{date:%Y%m%d}/{url}"


@dataclass(frozen=True, slots=True)
class LinkState:
    """What the record holds of one URL; the dates change only when its state does."""

    url: str
    status: str = "unknown"
    #: The first check of the current status: for a failing or dead URL, its first failure.
    since: dt.date | None = None
    #: The check that found it dead (its second failure, a week or more after the first).
    dead_since: dt.date | None = None
    #: The last success before the current failures (the current one is ``checked``).
    last_ok: dt.date | None = None
    #: The last failure before the current successes.
    last_failed: dt.date | None = None
    #: Why it failed last: ``404``, ``410``, ``dns``, ``tls``, ``timeout``, ``soft-404`` ...
    reason: str = ""
    #: Where its redirects led, when elsewhere.
    final: str = ""
    #: A web archive's snapshot of it (``newsletter links save``).
    snapshot: str = ""
    #: The line of the record it was read from (0 when made by a check).
    lineno: int = 0

    @property
    def dead(self) -> bool:
        """Whether the URL failed on two checks at least a week apart (and not since)."""
        return self.status == "dead"

    def line(self) -> str:
        """Its line in the record (without the line end)."""
        values = (
            self.url,
            self.status,
            _date_text(self.since),
            _date_text(self.dead_since),
            _date_text(self.last_ok),
            _date_text(self.last_failed),
            self.reason,
            self.final,
            self.snapshot,
        )
        return "\t".join(value or "-" for value in values)


@dataclass(frozen=True)
class LinkRecord:
    """The whole record: the date of the last check and each URL's state."""

    checked: dt.date | None = None
    states: dict[str, LinkState] = field(default_factory=dict)
    #: The file it was read from (for warnings), or ``""``.
    path: str = ""
    #: A digest of the file's bytes as read (``""``: no file), so a build knows it changed.
    digest: str = ""

    def get(self, url: str | None) -> LinkState | None:
        """The state of ``url``, if the record holds it."""
        return self.states.get(url) if url else None

    def text(self) -> str:
        """The record's file: the header, ``checked``, then one line per URL, sorted."""
        lines = [HEADER, f"checked\t{_date_text(self.checked)}\n"]
        lines.extend(self.states[url].line() + "\n" for url in sorted(self.states))
        return "".join(lines)

    def last_success(self, state: LinkState) -> dt.date | None:
        """The last check ``state``'s URL answered (for an ``ok`` one, the last check)."""
        return self.checked if state.status == "ok" else state.last_ok

    def last_failure(self, state: LinkState) -> dt.date | None:
        """The last check ``state``'s URL failed (for a failing or dead one, the last check)."""
        return self.checked if state.status in ("failing", "dead") else state.last_failed


def _date_text(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _date(text: str) -> dt.date | None:
    if text == "-":
        return None
    return dt.date.fromisoformat(text)


def parse_record(text: str, path: str = "") -> tuple[LinkRecord, list[tuple[int, str]]]:
    """The record in ``text`` and its problems, ``(line, message)``: a line with a
    problem is left out, and the rest of the record is kept."""
    problems: list[tuple[int, str]] = []
    states: dict[str, LinkState] = {}
    checked: dt.date | None = None
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if parts[0] == "checked" and len(parts) == 2:
            try:
                checked = _date(parts[1])
            except ValueError:
                problems.append((lineno, f"'checked' is not a date: {parts[1][:40]!r}"))
            continue
        state, problem = _state(parts, lineno)
        if state is None:
            problems.append((lineno, problem))
        elif state.url in states:
            problems.append((lineno, f"{state.url[:80]!r} is listed twice; the first is used"))
        else:
            states[state.url] = state
    return LinkRecord(checked, states, path), problems


def _state(parts: list[str], lineno: int) -> tuple[LinkState | None, str]:
    """One URL's line read, or None and why it cannot be."""
    if len(parts) != len(COLUMNS):
        return None, (
            f"a line of the record has {len(parts)} tab-separated fields, not "
            f"{len(COLUMNS)} ({', '.join(COLUMNS)}); it is ignored"
        )
    url, status, since, dead_since, last_ok, last_failed, reason, final, snapshot = (
        "" if value == "-" else value for value in parts
    )
    if not http_url(url):
        return None, f"{url[:80]!r} is not an http(s) URL; the line is ignored"
    if status not in STATUSES:
        return None, f"{status[:20]!r} is not a status ({', '.join(STATUSES)}); the line is ignored"
    for name, value in (("final", final), ("snapshot", snapshot)):
        if value and not http_url(value):
            return None, (
                f"the {name} URL {value[:80]!r} is not an http(s) URL, so it is never "
                "linked; the line is ignored"
            )
    try:
        state = LinkState(
            url,
            status,
            since=_date(since or "-"),
            dead_since=_date(dead_since or "-"),
            last_ok=_date(last_ok or "-"),
            last_failed=_date(last_failed or "-"),
            reason=reason,
            final=final,
            snapshot=snapshot,
            lineno=lineno,
        )
    except ValueError:
        return None, "a date of the line is not YYYY-MM-DD; the line is ignored"
    if state.dead and state.dead_since is None:
        return None, "a dead URL's line has no dead-since date; the line is ignored"
    return state, ""


def wayback_url(url: str, date: dt.date) -> str:
    """The web archive's address of its copy of ``url`` nearest ``date``."""
    return WAYBACK.format(date=date, url=url)


def archived_copy(
    rec: Recommendation,
    issue_date: dt.date,
    record: LinkRecord,
    as_of: dt.date | None = None,
) -> str | None:
    """The archived copy shown beside ``rec``'s title, if any.

    Its ``:archive:`` always; else, when the record holds its URL as dead, the
    snapshot ``links save`` recorded, or the web archive's copy nearest the issue's
    date. ``as_of``: for an output that never changes once sent (a feed's entry, an
    email), the day it stands for: a URL found dead after it does not count.
    """
    if rec.archive:
        return rec.archive
    state = record.get(rec.url)
    if state is None or not state.dead or rec.url is None:
        return None
    if as_of is not None and (state.dead_since is None or state.dead_since > as_of):
        return None
    return state.snapshot or wayback_url(rec.url, issue_date)
