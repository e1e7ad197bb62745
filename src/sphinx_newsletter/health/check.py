"""The link check: each URL asked once per check, its outcome folded into the record.

Sphinx's ``linkcheck`` builder is not reused: it reports each check on its own
(``output.json``) and keeps no history, so "failed on two checks a week apart" has
nowhere to live; it counts a redirect as working wherever it leads (a soft 404
passes); its concurrency is one pool of workers for every host, with no bound per
host; and it needs a full Sphinx build of the site to find the links, where the
catalog (``newsletter check``'s reading) already holds them.

The client is httpx's own core, httpcore, with a connection pool per host (httpx
makes the URL: IRIs percent-encoded, hosts IDNA-encoded); httpx's client on top cost
the check 40 % more CPU for nothing it uses (``benchmarks/NOTES.md``). ``HEAD``
first, ``GET`` when a host refuses ``HEAD`` (any error answer to it); redirects
followed by hand (a loop is found, not waited out); a ``429`` waits its
``Retry-After`` (capped) and asks again; a timeout or a failed connection is retried,
and counts only when every try failed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from ..linkhealth import DEAD_AFTER, LinkRecord, LinkState
from ..version import __version__

USER_AGENT = f"sphinx-newsletter-linkcheck/{__version__} (an archive's weekly link check)"
#: Answers that say the page is gone.
GONE = frozenset({404, 410})
#: Answers that send the reader elsewhere (with a ``Location``).
REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: The most redirects followed before a chain counts as a loop.
MAX_REDIRECTS = 10


@dataclass(frozen=True)
class CheckSettings:
    """How hard the check asks: timeouts, tries, concurrency, waiting on ``429``."""

    timeout: float = 15.0
    #: Tries of a URL that times out or cannot connect; it fails only if all do.
    tries: int = 3
    per_host: int = 2
    total: int = 32
    #: The longest ``Retry-After`` waited for; past it the answer is undecided.
    max_retry_after: float = 120.0
    #: How many ``429`` answers are waited out for one URL.
    retries_429: int = 2
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one check found of a URL: ``ok``, ``failed`` or ``undecided``."""

    result: str
    reason: str = ""
    final: str = ""


def soft_404(url: str, final: str) -> bool:
    """Whether a redirect from ``url`` to ``final`` is another site's home page."""
    before, after = urlsplit(url), urlsplit(final)

    def site(host: str | None) -> str:
        return (host or "").lower().removeprefix("www.")

    home = after.path in ("", "/") and not after.query
    return home and site(before.hostname) != site(after.hostname) and before.path not in ("", "/")


def _retry_after(value: str | None) -> float:
    """Seconds a ``Retry-After`` asks for (a number or an HTTP date); 1 if unreadable."""
    if not value:
        return 1.0
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 1.0
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class Checker:
    """Checks URLs with a connection pool per host, at most ``per_host`` requests at a
    time on one.

    A pool per host: one pool for every host scans all its connections for each
    request, and a check asks thousands of hosts.
    """

    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.total = asyncio.Semaphore(settings.total)
        self.hosts: dict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.per_host)
        )
        self.pools: dict[str, httpcore.AsyncConnectionPool] = {}
        # One TLS context for every pool: each would load the CA bundle again.
        self.tls = httpx.create_ssl_context()
        self.timeout = dict.fromkeys(("connect", "read", "write", "pool"), settings.timeout)
        self.agent = settings.user_agent.encode("ascii")

    def pool(self, host: str) -> httpcore.AsyncConnectionPool:
        """The host's connection pool, made when first asked for."""
        pool = self.pools.get(host)
        if pool is None:
            per_host = self.settings.per_host
            pool = self.pools[host] = httpcore.AsyncConnectionPool(
                ssl_context=self.tls, max_connections=per_host, max_keepalive_connections=per_host
            )
        return pool

    async def close(self) -> None:
        """Close every host's connections."""
        for pool in self.pools.values():
            await pool.aclose()

    async def head_of(self, method: str, url: str) -> tuple[int, dict[str, str]]:
        """A response's status and headers (names in lower case); a GET's body is never
        read, so no page is fetched.

        A HEAD answer is read to its (empty) end, so its connection is kept for the
        next request: one closed unread is not, and a new connection for every HEAD
        cost the check half as much CPU again (``benchmarks/NOTES.md``).
        """
        target = httpx.URL(url)
        request_url = httpcore.URL(
            scheme=target.raw_scheme, host=target.raw_host, port=target.port, target=target.raw_path
        )
        headers = [(b"Host", target.netloc), (b"User-Agent", self.agent), (b"Accept", b"*/*")]
        extensions = {"timeout": self.timeout}
        pool = self.pool(target.host)
        if method == "HEAD":
            response = await pool.request(
                method, request_url, headers=headers, extensions=extensions
            )
            return response.status, _headers(response.headers)
        async with pool.stream(method, request_url, headers=headers, extensions=extensions) as got:
            return got.status, _headers(got.headers)

    async def check(self, url: str) -> Outcome:
        """The outcome of ``url``: its redirects followed, ``HEAD`` then ``GET``."""
        seen = {url}
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            answer = await self._ask(current)
            if isinstance(answer, Outcome):
                return answer
            status, location = answer
            if location is None:
                if status in GONE:
                    return Outcome("failed", str(status))
                if status >= 400:
                    return Outcome("undecided", str(status))
                final = current if current != url else ""
                if final and soft_404(url, final):
                    return Outcome("failed", "soft-404", final)
                return Outcome("ok", "", final)
            current = urljoin(current, location)
            if current in seen:
                return Outcome("failed", "redirect-loop", current)
            seen.add(current)
        return Outcome("failed", "redirect-loop", current)

    async def _ask(self, url: str) -> tuple[int, str | None] | Outcome:
        """(status, redirect location) of one URL, or the outcome that ends the check."""
        host = (urlsplit(url).hostname or "").lower()
        async with self.hosts[host], self.total:
            return await self._ask_host(url)

    async def _ask_host(self, url: str) -> tuple[int, str | None] | Outcome:
        settings = self.settings
        waits = 0
        tries = 0
        method = "HEAD"
        while True:
            try:
                status, headers = await self.head_of(method, url)
            except httpcore.TimeoutException:
                failure = Outcome("failed", "timeout")
            except httpcore.ConnectError as error:
                failure = Outcome("failed", _connect_reason(error))
            except (httpcore.NetworkError, httpcore.ProtocolError) as error:
                return Outcome("undecided", type(error).__name__)
            except (httpx.InvalidURL, httpcore.UnsupportedProtocol, ValueError) as error:
                return Outcome("undecided", type(error).__name__)
            else:
                if status == 429:
                    wait = _retry_after(headers.get("retry-after"))
                    if waits >= settings.retries_429 or wait > settings.max_retry_after:
                        return Outcome("undecided", "429")
                    waits += 1
                    await asyncio.sleep(wait)
                    continue
                if method == "HEAD" and status >= 400:
                    # Many hosts refuse HEAD (405, 403, even 404): ask for the page.
                    method = "GET"
                    continue
                redirect = status in REDIRECTS and "location" in headers
                return status, headers["location"] if redirect else None
            tries += 1
            if tries >= settings.tries or failure.reason in ("dns", "tls"):
                return failure


def _headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Response headers by lower-case name (the first of a repeated one)."""
    found: dict[str, str] = {}
    for name, value in raw:
        found.setdefault(name.decode("latin-1").lower(), value.decode("latin-1"))
    return found


def _connect_reason(error: httpcore.ConnectError) -> str:
    """``dns``, ``tls`` or ``connect``: why a connection was not made."""
    text = str(error).lower()
    if "name or service" in text or "nodename" in text or "getaddrinfo" in text:
        return "dns"
    if "ssl" in text or "certificate" in text or "tls" in text:
        return "tls"
    return "connect"


async def check_urls(
    urls: Iterable[str], settings: CheckSettings = CheckSettings()
) -> dict[str, Outcome]:
    """Every URL's outcome, each URL asked once, many at a time."""
    checker = Checker(settings)
    unique = sorted(set(urls))
    try:
        outcomes = await asyncio.gather(*(checker.check(url) for url in unique))
    finally:
        await checker.close()
    return dict(zip(unique, outcomes, strict=True))


def next_state(
    previous: LinkState | None, outcome: Outcome, today: dt.date, last_check: dt.date | None
) -> LinkState:
    """A URL's state after a check on ``today`` (``last_check``: the record's previous one).

    A state's dates change only when it does, so a URL that stays as it was keeps
    its line: the record's diff is the URLs that changed.
    """
    url_state = previous or LinkState(url="")
    if outcome.result == "undecided":
        if previous is not None:
            return previous
        return LinkState(url="", status="unknown", since=today, reason=outcome.reason)
    if outcome.result == "ok":
        if url_state.status == "ok":
            return replace(url_state, final=outcome.final)
        failed_before = url_state.status in ("failing", "dead")
        return replace(
            url_state,
            status="ok",
            since=today,
            dead_since=None,
            last_failed=last_check if failed_before else url_state.last_failed,
            reason="",
            final=outcome.final,
        )
    # Failed.
    if url_state.status == "dead":
        return replace(url_state, reason=outcome.reason, final=outcome.final)
    if url_state.status == "failing" and url_state.since is not None:
        if today - url_state.since >= DEAD_AFTER:
            return replace(
                url_state,
                status="dead",
                dead_since=today,
                reason=outcome.reason,
                final=outcome.final,
            )
        return replace(url_state, reason=outcome.reason, final=outcome.final)
    return replace(
        url_state,
        status="failing",
        since=today,
        last_ok=last_check if url_state.status == "ok" else url_state.last_ok,
        reason=outcome.reason,
        final=outcome.final,
    )


def updated_record(record: LinkRecord, outcomes: dict[str, Outcome], today: dt.date) -> LinkRecord:
    """The record after a check on ``today`` of exactly the URLs in ``outcomes``.

    A URL no recommendation has any more is dropped; a new one is added.
    """
    states = {
        url: replace(
            next_state(record.states.get(url), outcome, today, record.checked), url=url, lineno=0
        )
        for url, outcome in outcomes.items()
    }
    return LinkRecord(today, states, record.path)


def run_check(
    record: LinkRecord,
    urls: Iterable[str],
    today: dt.date,
    settings: CheckSettings = CheckSettings(),
    progress: Callable[[str], None] | None = None,
) -> LinkRecord:
    """Check ``urls`` and return the updated record (``today``: the clock, injected)."""
    outcomes = asyncio.run(check_urls(urls, settings))
    if progress is not None:
        failed = sum(1 for o in outcomes.values() if o.result == "failed")
        progress(f"checked {len(outcomes)} URLs, {failed} failed")
    return updated_record(record, outcomes, today)
