"""The Pagefind bundle: the search records indexed by Pagefind's CLI, at ``pagefind/``.

When a web build starts writing, the records (``records.py``, from the catalog,
final by then) are written as small pages into a scratch folder (``scratch.py``:
in memory when there is room), in a fixed order, and Pagefind's binary (from its
wheel, ``pagefind[extended]``; nothing is downloaded) starts indexing that folder
in its own process, beside Sphinx's writing; the build's end waits for it.
Only the bundle is kept: each file goes into the output through the manifest,
so a file of an older bundle is pruned. The CLI is used rather than the Python
API, whose ``add_custom_record`` waits 0.1 s per record (pagefind #976).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from .._compat import (
    canonical_pagefind_bundle,
    set_pagefind_urls,
    skip_index_chunks_without_words,
)
from ..domain import catalog_of
from ..pages.chrome import is_web
from ..pages.output import content_digest
from .records import SearchRecord, record_html, record_template, search_records
from .scratch import scratch_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..pages.output import GeneratedPages

logger = logging.getLogger(__name__)
#: The bundle's folder at the site's root.
BUNDLE = "pagefind"
#: What the pages Pagefind indexes are named (issue pages and ``#id`` records).
GLOB = "**/{index.html,#*}"
#: Pagefind's own UIs and highlighter: the kit's search page uses none of them.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: What the last bundle was made from, beside the doctrees (not published).
STATE = "pagefind-state.json"
#: How the kit changes a bundle after Pagefind wrote it (``_compat``): part of the
#: digest, so a bundle of an older kit is made anew. Bump it with such a change.
#: 2: filter-only searches load no index chunk.
KIT_EDITS = 2
#: Where a build keeps its :class:`Indexing` between writing's start and its end.
INDEXING = "_newsletter_indexing"
#: The mark of a build whose last bundle serves again (nothing to index).
REUSED = "reused"


def pagefind_binary() -> Path | None:
    """Pagefind's binary from its wheel (the extended one, which segments CJK)."""
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = importlib.import_module(package).get_executable()
        except (ImportError, FileNotFoundError):
            continue
        if found is not None:
            return Path(found)
    return None


@dataclass
class Indexing:
    """Pagefind's binary at work on the record pages, in a scratch folder."""

    process: subprocess.Popen[bytes]
    scratch: tempfile.TemporaryDirectory[str]
    #: A record page's file name -> its result's URL, where the two differ.
    urls: dict[str, str]
    digest: str
    records: int
    started: float

    @property
    def bundle(self) -> Path:
        return Path(self.scratch.name) / BUNDLE


def start_indexing(
    binary: Path, pages: list[tuple[str, bytes]], scratch: Path
) -> subprocess.Popen[bytes]:
    """Write the record pages ``(filename, html)`` into ``scratch`` and start Pagefind on them."""
    site, bundle = scratch / "records", scratch / BUNDLE
    # Written in the archive's order; each folder made once (a stat call saved per record).
    folders: set[Path] = set()
    for filename, data in pages:
        path = site / filename
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
    command = [str(binary), "--site", str(site), "--glob", GLOB]
    command += ["--output-path", str(bundle), "--silent"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish_indexing(indexing: Indexing) -> Path:
    """Wait for Pagefind, then make the kit's changes to its bundle; the bundle's folder."""
    out, err = indexing.process.communicate()
    if indexing.process.returncode:
        raise subprocess.CalledProcessError(
            indexing.process.returncode, indexing.process.args, out, err
        )
    bundle = indexing.bundle
    if indexing.urls:
        set_pagefind_urls(bundle, {f"/{name}": f"/{url}" for name, url in indexing.urls.items()})
    canonical_pagefind_bundle(bundle)
    skip_index_chunks_without_words(bundle)
    return bundle


def _kept(relpath: str) -> bool:
    return not Path(relpath).name.startswith(UNUSED)


def _reuse(app: Sphinx, pages: GeneratedPages, digest: str) -> bool:
    """Note the last bundle again if it was made from the same records and is intact."""
    try:
        state = json.loads((Path(app.doctreedir) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    same = isinstance(state, dict) and state.get("digest") == digest
    files = state.get("files") if same else None
    if not isinstance(files, dict) or not files:
        return False
    outdir = Path(app.outdir)
    for relpath, file_digest in files.items():
        target = outdir / relpath
        if not target.is_file() or content_digest(target.read_bytes()) != file_digest:
            return False
    for relpath, file_digest in sorted(files.items()):
        pages.note_file(relpath, file_digest)
    return True


def start_search_bundle(app: Sphinx, *_: object) -> None:
    """``write-started``: start indexing the records while Sphinx writes the pages.

    The records come from the catalog, final once reading is done, so Pagefind's
    binary (a second process, most of the bundle's time) runs beside the writing
    instead of after it. Nothing starts when the last bundle serves again.
    """
    pages: GeneratedPages | None = getattr(app, "_newsletter_pages", None)
    if pages is None or not is_web(app.builder) or getattr(app, INDEXING, None) is not None:
        return
    binary = pagefind_binary()
    if binary is None:
        return
    started = time.perf_counter()
    template = record_template()
    records: list[SearchRecord] = search_records(app, catalog_of(app.env))
    record_pages = [(record.filename, record_html(template, record)) for record in records]
    digest = hashlib.sha1(f"{binary}:{binary.stat().st_size}:{KIT_EDITS}".encode())
    for filename, data in record_pages:
        digest.update(filename.encode() + b"\0" + data + b"\0")
    if _reuse(app, pages, digest.hexdigest()):
        setattr(app, INDEXING, REUSED)
        return
    size = sum(len(data) for _, data in record_pages)
    scratch = scratch_folder(len(record_pages), size)
    try:
        process = start_indexing(binary, record_pages, Path(scratch.name))
    except BaseException:
        scratch.cleanup()
        raise
    renamed = {r.filename: r.url for r in records if r.filename != r.url}
    indexing = Indexing(process, scratch, renamed, digest.hexdigest(), len(records), started)
    setattr(app, INDEXING, indexing)


def write_search_bundle(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (before the manifest is saved): write ``pagefind/``.

    Indexing started when writing did (``start_search_bundle``); a build that
    wrote nothing starts it here.
    """
    pages: GeneratedPages | None = getattr(app, "_newsletter_pages", None)
    if exception is None and pages is not None and is_web(app.builder):
        if pagefind_binary() is None:
            logger.warning(
                "search: Pagefind's binary is missing; install the kit with its "
                "dependencies (pip install 'pagefind[extended]')",
                type="newsletter",
                subtype="search",
            )
            return
        start_search_bundle(app)
    indexing = getattr(app, INDEXING, None)
    setattr(app, INDEXING, None)
    if not isinstance(indexing, Indexing):
        return
    try:
        if exception is not None or pages is None:
            indexing.process.kill()
            indexing.process.communicate()
            return
        waited = time.perf_counter()
        bundle = finish_indexing(indexing)
        written: dict[str, str] = {}
        for path in sorted(bundle.rglob("*")):
            relpath = f"{BUNDLE}/{path.relative_to(bundle).as_posix()}"
            if path.is_file() and _kept(relpath):
                data = path.read_bytes()
                pages.write_file(relpath, data)
                written[relpath] = content_digest(data)
    finally:
        indexing.scratch.cleanup()
    (Path(app.doctreedir) / STATE).write_text(
        json.dumps({"digest": indexing.digest, "files": written}, indent=0), encoding="utf-8"
    )
    # A contributor reads the build's one closing line; this is for us (-v).
    logger.verbose(
        f"newsletter: search index of {indexing.records} records in "
        f"{time.perf_counter() - indexing.started:.2f} s "
        f"({time.perf_counter() - waited:.2f} s after the pages were written)"
    )
