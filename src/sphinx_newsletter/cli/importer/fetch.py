"""The feed's bytes, from a file or an http(s) address: the only thing an import fetches.

A URL is fetched with the standard library: ``http`` and ``https`` only (a
redirect elsewhere is refused), a time limit, a size limit (also on what a
gzipped body inflates to), and nothing else: no cookie, no credential, and
nothing the feed names (images, linked pages) is ever fetched.
"""

from __future__ import annotations

import urllib.error
import urllib.request
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from ... import version

#: The most a feed may hold, in bytes (after decompression).
MAX_FEED_BYTES = 50_000_000
TIMEOUT_SECONDS = 30
_SCHEMES = ("http", "https")


class FetchError(OSError):
    """A feed that could not be read; the message says why."""


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http(s) address."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme.lower() not in _SCHEMES:
            raise FetchError(f"the feed redirects to {newurl!r}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


def is_url(source: str) -> bool:
    """Whether ``source`` names a feed on the web (else it is a file)."""
    return urlsplit(source).scheme.lower() in _SCHEMES


def _inflate(data: bytes) -> bytes:
    """A gzipped body, inflated to at most :data:`MAX_FEED_BYTES`."""
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header
    out = inflater.decompress(data, MAX_FEED_BYTES + 1)
    if len(out) > MAX_FEED_BYTES or inflater.unconsumed_tail:
        raise FetchError(f"the feed inflates to more than {MAX_FEED_BYTES} bytes")
    return out


def fetch(url: str) -> tuple[bytes, str]:
    """The body of ``url`` and the address it came from after redirects."""
    if not is_url(url):
        raise FetchError(f"{url!r} is not an http(s) address")
    opener = urllib.request.build_opener(_HttpOnly)
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"sphinx-newsletter/{version.__version__} (newsletter import)",
            "Accept": "application/atom+xml, application/rss+xml, application/feed+json, "
            "application/json, application/xml, text/xml, */*;q=0.5",
            "Accept-Encoding": "gzip",
        },
    )
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            data = response.read(MAX_FEED_BYTES + 1)
            final = response.geturl()
            encoding = (response.headers.get("Content-Encoding") or "").lower()
    except urllib.error.HTTPError as error:
        raise FetchError(f"{url} answered {error.code} {error.reason}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise FetchError(f"cannot fetch {url}: {reason}") from error
    if len(data) > MAX_FEED_BYTES:
        raise FetchError(f"the feed at {url} is larger than {MAX_FEED_BYTES} bytes")
    if encoding in ("gzip", "x-gzip") or data[:2] == b"\x1f\x8b":
        try:
            data = _inflate(data)
        except zlib.error as error:
            raise FetchError(f"the feed at {url} is not valid gzip: {error}") from error
    return data, final


def read_source(source: str) -> tuple[bytes, str]:
    """The feed's bytes and its address (a URL, or the file's ``file:`` URL)."""
    if is_url(source):
        return fetch(source)
    path = Path(source)
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise FetchError(f"{source} is larger than {MAX_FEED_BYTES} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise FetchError(f"cannot read {source}: {error.strerror or error}") from error
    if data[:2] == b"\x1f\x8b":
        data = _inflate(data)
    return data, ""
