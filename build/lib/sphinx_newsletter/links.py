"""Which addresses the kit turns into links."""

from __future__ import annotations

from urllib.parse import urlsplit


def http_url(value: str) -> bool:
    """Whether ``value`` is an absolute ``http(s)`` URL, the only kind the kit links."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
