"""Asking the web archive to save new links: ``newsletter links save``, run by a maintainer.

Credentials come from the environment, never from ``conf.py`` (which pull requests
may change): ``NEWSLETTER_ARCHIVE_ACCESS_KEY`` and ``NEWSLETTER_ARCHIVE_SECRET_KEY``,
the keys of an archive.org account (its "Save Page Now" API). Requests are spaced
by ``interval`` seconds; each snapshot's address is recorded in the link-health
record. It refuses to run in a pull request's CI job, which may run a stranger's code.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

import httpx

from ..linkhealth import LinkRecord, LinkState
from ..links import http_url
from .check import USER_AGENT

#: The archive's save endpoint (Save Page Now 2); ``NEWSLETTER_ARCHIVE_SAVE_URL``
#: points elsewhere (a test's local server).
SAVE_ENDPOINT = "https://web.archive.org/save"
SNAPSHOT = "https://web.archive.org/web/{timestamp}/{url}"
KEY_VARIABLES = ("NEWSLETTER_ARCHIVE_ACCESS_KEY", "NEWSLETTER_ARCHIVE_SECRET_KEY")
#: GitHub's events that run a pull request's code: never with the archive's keys.
PULL_REQUEST_EVENTS = frozenset({"pull_request", "pull_request_target"})


class SaveRefused(Exception):
    """Why ``links save`` will not run here (no keys, a pull request)."""


@dataclass(frozen=True)
class SaveSettings:
    """Where and how fast to ask, and how long to wait for a snapshot."""

    endpoint: str = SAVE_ENDPOINT
    interval: float = 10.0
    polls: int = 12
    poll_interval: float = 5.0
    snapshot: str = SNAPSHOT


def credentials(environ: Mapping[str, str]) -> str:
    """The ``Authorization`` header's value from the environment, or ``SaveRefused``."""
    if environ.get("GITHUB_EVENT_NAME", "") in PULL_REQUEST_EVENTS:
        raise SaveRefused("links save never runs in a pull request's job")
    access, secret = (environ.get(name, "").strip() for name in KEY_VARIABLES)
    if not access or not secret:
        raise SaveRefused(f"set {' and '.join(KEY_VARIABLES)} in the environment")
    return f"LOW {access}:{secret}"


def save_urls(
    urls: Iterable[str],
    authorization: str,
    settings: SaveSettings = SaveSettings(),
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, str]:
    """Each URL's snapshot address, for those the archive saved (one at a time)."""
    found: dict[str, str] = {}
    headers = {
        "Accept": "application/json",
        "Authorization": authorization,
        "User-Agent": USER_AGENT,
    }
    with httpx.Client(headers=headers, timeout=60) as client:
        for index, url in enumerate(urls):
            if index:
                sleep(settings.interval)
            snapshot = _save_one(client, url, settings, sleep)
            if snapshot:
                found[url] = snapshot
    return found


def _save_one(
    client: httpx.Client, url: str, settings: SaveSettings, sleep: Callable[[float], None]
) -> str | None:
    try:
        job = client.post(settings.endpoint, data={"url": url}).json()
    except (httpx.HTTPError, ValueError):
        return None
    job_id = job.get("job_id") if isinstance(job, dict) else None
    if not isinstance(job_id, str):
        return None
    for _ in range(settings.polls):
        try:
            status = client.get(f"{settings.endpoint}/status/{job_id}").json()
        except (httpx.HTTPError, ValueError):
            return None
        if not isinstance(status, dict) or status.get("status") == "error":
            return None
        timestamp = status.get("timestamp")
        if status.get("status") == "success" and isinstance(timestamp, str) and timestamp.isdigit():
            snapshot = settings.snapshot.format(timestamp=timestamp, url=url)
            return snapshot if http_url(snapshot) else None
        sleep(settings.poll_interval)
    return None


def with_snapshots(record: LinkRecord, snapshots: Mapping[str, str]) -> LinkRecord:
    """``record`` with each URL's snapshot (a URL it does not hold yet is added)."""
    states = dict(record.states)
    for url, snapshot in snapshots.items():
        state = states.get(url) or LinkState(url)
        states[url] = replace(state, snapshot=snapshot, lineno=0)
    return LinkRecord(record.checked, states, record.path)


def environment() -> Mapping[str, str]:
    """The process's environment (a function, so a test can give its own)."""
    return os.environ
