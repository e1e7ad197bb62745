"""The Pagefind bundles: the search records indexed by Pagefind's CLI, a bundle per
part (``parts.py``) at ``pagefind/<part>/``.

At the end of a web build the records (``records.py``) are written as small
pages into a scratch folder (``scratch.py``: in memory when there is room), in a
fixed order, and Pagefind's binary (from its wheel, ``pagefind[extended]``;
nothing is downloaded) indexes that folder, part by part; a part whose records
are the same as last time keeps its files, and a build from the same inputs as
the last one (``SiteOutput.same_inputs``) keeps the whole bundle without making
its records. Only the bundle is kept: each file
goes into the output through the manifest, so a file of an older bundle is
pruned. The CLI is used rather than the Python API, whose ``add_custom_record``
waits 0.1 s per record (pagefind #976).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import stat
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from sphinx.util import logging

from .._compat import (
    canonical_pagefind_bundle,
    edit_pagefind_scripts,
    set_pagefind_urls,
)
from ..domain import catalog_of
from ..output import SiteOutput, content_digest, is_web, output_of
from ..paths import Folder, OutsideOutput
from .page import bundle_parts
from .parts import ordered
from .records import TEMPLATE, SearchRecord, record_html, record_template, search_records
from .scratch import scratch_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)
#: The bundle's folder at the site's root.
BUNDLE = "pagefind"
#: The bundle's own files at its root (``bundle_script``), from the kit's templates:
#: Pagefind's API over every part merged, and the newest part's highlighter.
ROOT_SCRIPTS = {
    "pagefind.js": "nl-pagefind-parts.js",
    "pagefind-highlight.js": "nl-pagefind-highlight.js",
}
TEMPLATES = Path(__file__).parent.parent / "templates"
#: What the pages Pagefind indexes are named (issue pages and ``#id`` records).
GLOB = "**/{index.html,#*}"
#: Pagefind's own UIs: the kit's search page uses none of them. Its highlighter
#: (``pagefind-highlight.js``) is kept: an issue page opened from a result loads it
#: (through the bundle's root, :data:`ROOT_SCRIPTS`).
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.")
#: What the last bundle was made from, beside the doctrees (not published).
STATE = "pagefind-state.json"
#: How the kit changes a bundle after Pagefind wrote it (``_compat``): part of the
#: digest, so a bundle of an older kit is made anew. Bump it with such a change.
#: 2: filter-only searches load no index chunk; 3: filter counts merged prototype-free;
#: 4: the highlighter is kept; 5: a bundle per part, CJK tokens.
KIT_EDITS = 5
#: The manifest's group of the bundle's files (``SiteOutput.reused``).
GROUP = "search"


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


def index_records(
    binary: Path, pages: list[tuple[str, bytes]], scratch: Path, urls: dict[str, str]
) -> Path:
    """Index the record pages ``(filename, html)`` with Pagefind; the bundle, in ``scratch``.

    ``urls`` maps the URL Pagefind gives a page (from its path) to its result's URL,
    where the two differ.
    """
    site, bundle = scratch / "records", scratch / BUNDLE
    # Written in the archive's order; each folder made once (a stat call saved per record).
    folders: set[Path] = set()
    records = Folder(site)
    for filename, data in pages:
        path = records.inside(filename)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        path.write_bytes(data)
    command = [str(binary), "--site", str(site), "--glob", GLOB]
    command += ["--output-path", str(bundle), "--silent"]
    subprocess.run(command, check=True, capture_output=True)
    if urls:
        set_pagefind_urls(bundle, {f"/{name}": f"/{url}" for name, url in urls.items()})
    canonical_pagefind_bundle(bundle)
    edit_pagefind_scripts(bundle)
    return bundle


def _kept(relpath: str) -> bool:
    return not Path(relpath).name.startswith(UNUSED)


def _reuse(pages: SiteOutput, before: dict[str, object]) -> bool:
    """Note a part's last files again if they are all in the output at their sizes.

    Sizes, not digests: reading back every fragment of every part (11,000 files
    at 1,000 issues) cost a no-op build seconds; a file a build did not write has
    the size it was written with.
    """
    files, sizes = before.get("files"), before.get("sizes")
    if not isinstance(files, dict) or not files or not isinstance(sizes, dict):
        return False
    # The state file is anyone's to edit: each path is checked in the output folder
    # (``Folder.inside`` resolves each folder once), and must name a plain file (no
    # symlink) there.
    for relpath in files:
        try:
            found = os.lstat(pages.inside(relpath))
        except (OutsideOutput, OSError):
            return False
        if not stat.S_ISREG(found.st_mode):
            return False
        if found.st_size != sizes.get(relpath):
            return False
    for relpath, file_digest in sorted(files.items()):
        pages.note_file(relpath, file_digest, GROUP)
    return True


def _last_state(app: Sphinx) -> dict[str, object]:
    """What the last bundle was made from: ``{"binary", "parts": {part: {"digest",
    "files", "sizes"}}}`` (empty when there is none, or it cannot be read)."""
    try:
        state = json.loads((Path(app.doctreedir) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _binary_id(binary: Path) -> str:
    """Which Pagefind indexed: its path and size (another version, another size)."""
    return f"{binary}:{binary.stat().st_size}"


def _part_digest(binary: Path, records: list[SearchRecord]) -> str:
    """What a part's bundle is made from: Pagefind, the kit's edits, the record
    template and each record's fields (its URL too: an html build names the
    record's page as a dirhtml one does). The pages are rendered only for a part
    that is indexed anew."""
    digest = hashlib.sha1(f"{_binary_id(binary)}:{KIT_EDITS}".encode())
    digest.update(TEMPLATE.read_bytes())
    for record in records:
        digest.update(repr(record).encode("utf-8") + b"\0")
    return digest.hexdigest()


def write_part(
    binary: Path, pages: SiteOutput, part: str, records: list[SearchRecord], data: list[bytes]
) -> dict[str, object]:
    """Index one part's records into ``pagefind/<part>/``: its files' digests and sizes."""
    written: dict[str, str] = {}
    sizes: dict[str, int] = {}
    with scratch_folder(len(data), sum(map(len, data))) as tmp:
        renamed = {r.indexed_url: r.url for r in records if r.indexed_url != r.url}
        pairs = [(record.filename, page) for record, page in zip(records, data, strict=True)]
        bundle = index_records(binary, pairs, Path(tmp), renamed)
        for path in sorted(bundle.rglob("*")):
            relpath = f"{BUNDLE}/{part}/{path.relative_to(bundle).as_posix()}"
            if path.is_file() and _kept(relpath):
                content = path.read_bytes()
                pages.write_file(relpath, content, GROUP)
                written[relpath] = content_digest(content)
                sizes[relpath] = len(content)
    made: dict[str, object] = {"files": written, "sizes": sizes}
    return made


def bundle_script(template: str, parts: list[tuple[str, list[str]]]) -> bytes:
    """A script at the bundle's root over its parts (:data:`ROOT_SCRIPTS`):
    ``pagefind/pagefind.js``, Pagefind's API over every part merged (the contract's
    bundle, which finds every record), and ``pagefind/pagefind-highlight.js``, the
    highlighter a page opened from a result loads (``newsletter-page.js``)."""
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    environment = jinja2.Environment(loader=loader, autoescape=False, keep_trailing_newline=True)
    return environment.get_template(template).render(parts=parts).encode("utf-8")


def write_search_bundle(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (before the manifest is saved): write ``pagefind/<part>/``."""
    pages = output_of(app)
    if exception is not None or pages is None or not is_web(app.builder):
        return
    binary = pagefind_binary()
    if binary is None:
        logger.warning(
            "search: Pagefind's binary is missing; install the kit with its "
            "dependencies (pip install 'pagefind[extended]')",
            type="newsletter",
            subtype="search",
        )
        return
    started = time.perf_counter()
    last = _last_state(app)
    # The same inputs as the last build (``SiteOutput.same_inputs``: the kit's code,
    # the config, every document as read, the link record) make the same records:
    # with the same Pagefind, the last bundle stands, if its files are all there.
    if last.get("binary") == _binary_id(binary) and pages.reused(GROUP):
        logger.verbose(
            f"newsletter: search index kept (same inputs) in {time.perf_counter() - started:.2f} s"
        )
        return
    template = record_template()
    records: list[SearchRecord] = search_records(app, catalog_of(app.env))
    # Pagefind fails on a folder with no page: a site with no published issue yet
    # (all drafts) has no bundle, and the manifest prunes an older one.
    by_part: dict[str, list[SearchRecord]] = {}
    for record in records:
        by_part.setdefault(record.part, []).append(record)
    last_parts = last.get("parts")
    if not isinstance(last_parts, dict):
        last_parts = {}
    state: dict[str, dict[str, object]] = {}
    indexed = 0
    for part in ordered(set(by_part)):
        part_records = by_part[part]
        digest = _part_digest(binary, part_records)
        before = last_parts.get(part)
        if not isinstance(before, dict):
            before = {}
        if before.get("digest") == digest and _reuse(pages, before):
            state[part] = before
            continue
        data = [record_html(template, record) for record in part_records]
        state[part] = {"digest": digest, **write_part(binary, pages, part, part_records, data)}
        indexed += len(part_records)
    if state:
        parts = bundle_parts(app)
        for name, script in ROOT_SCRIPTS.items():
            pages.write_file(f"{BUNDLE}/{name}", bundle_script(script, parts), GROUP)
    (Path(app.doctreedir) / STATE).write_text(
        json.dumps({"binary": _binary_id(binary), "parts": state}, indent=0), encoding="utf-8"
    )
    # A contributor reads the build's one closing line; this is for us (-v).
    logger.verbose(
        f"newsletter: search index of {len(records)} records in "
        f"{time.perf_counter() - started:.2f} s ({indexed} indexed anew, "
        f"{len(state)} parts)"
    )
