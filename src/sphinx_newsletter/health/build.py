"""The build's side of the link-health record: read it (never fetch), warn where it is
wrong, and fill in each page's archived-copy links.

The record is read anew by every build, after the sources: it is not a document,
so Sphinx would not notice it changed. The pages whose links it changes are
written again through the domain's view digests (``domain.changed_views``).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from ..archived import resolve_archived
from ..config import settings_of
from ..domain import catalog_of, domain_of
from ..linkhealth import LinkRecord, parse_record

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)
#: The email builder's content is sent once: it shows what was dead by the issue's date.
SENT_BUILDERS = frozenset({"newsletter-email"})
#: A record larger than this is not read (a check of 100,000 URLs writes about 15 MB).
MAX_BYTES = 50_000_000


def record_path(srcdir: str | Path, setting: str) -> Path:
    """Where the record lives: ``newsletter_link_health`` from the source folder."""
    return Path(srcdir) / setting


def _warn(where: str, message: str) -> None:
    logger.warning(message, location=where, type="newsletter", subtype="links")


def load_record(path: Path) -> LinkRecord:
    """The record at ``path``, empty when there is none; each problem a located warning."""
    if not path.is_file():
        return LinkRecord(path=str(path))
    if path.stat().st_size > MAX_BYTES:
        _warn(f"{path}:1", f"the link-health record is over {MAX_BYTES:,} bytes; it is ignored")
        return LinkRecord(path=str(path), digest="too large")
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        _warn(f"{path}:1", f"the link-health record cannot be read ({error}); it is ignored")
        return LinkRecord(path=str(path), digest="unreadable")
    record, problems = parse_record(text, str(path))
    for lineno, message in problems:
        _warn(f"{path}:{lineno}", message)
    return replace(record, digest=hashlib.sha1(data).hexdigest())


def read_link_record(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: read the record into the catalog; warn of URLs no issue has."""
    path = record_path(app.srcdir, settings_of(app.config).link_health)
    record = load_record(path)
    domain = domain_of(env)
    # From the domain's tables, not the catalog, which is made once the record is in.
    known = {rec.url for recs in domain.data["recs"].values() for rec in recs if rec.url}
    for url, state in sorted(record.states.items(), key=lambda item: item[1].lineno):
        if url not in known:
            _warn(
                f"{path}:{state.lineno}",
                f"{url[:80]!r} is no recommendation's :url:; the line is ignored "
                "(`newsletter links check` drops it)",
            )
    kept = {url: state for url, state in record.states.items() if url in known}
    domain.note_link_record(replace(record, states=kept))


def resolve_archived_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each recommendation's archived-copy link, for this builder."""
    catalog = catalog_of(app.env)
    resolve_archived(doctree, catalog, docname, as_sent=app.builder.name in SENT_BUILDERS)
