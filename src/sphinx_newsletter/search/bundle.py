"""The Pagefind bundles: the search records indexed by Pagefind's CLI, a bundle per
part (``parts.py``) at ``pagefind/<part>/``.

At the end of a web build the records (``records.py``) are written as small
pages into a scratch folder (``scratch.py``: in memory when there is room), in a
fixed order, and Pagefind's binary (from its wheel, ``pagefind[extended]``;
nothing is downloaded) indexes that folder, part by part; a part whose records
are the same as last time keeps its files. Only the bundle is kept: each file
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
from ..paths import OutsideOutput, inside
from .page import bundle_parts
from .parts import ordered
from .records import TEMPLATE, SearchRecord, record_html, record_template, search_records
from .scratch import scratch_folder

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)
#: The bundle's folder at the site's root.
BUNDLE = "pagefind"
#: The bundle's own entry at its root: every part merged (``parts_script``).
ENTRY = "pagefind.js"
TEMPLATES = Path(__file__).parent.parent / "templates"
#: What the pages Pagefind indexes are named (issue pages and ``#id`` records).
GLOB = "**/{index.html,#*}"
#: Pagefind's own UIs and highlighter: the kit's search page uses none of them.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
#: What the last bundle was made from, beside the doctrees (not published).
STATE = "pagefind-state.json"
#: How the kit changes a bundle after Pagefind wrote it (``_compat``): part of the
#: digest, so a bundle of an older kit is made anew. Bump it with such a change.
#: 2: filter-only searches load no index chunk; 3: filter counts merged prototype-free;
#: 4: a bundle per part, CJK tokens.
KIT_EDITS = 4


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
    for filename, data in pages:
        path = inside(site, filename)
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


def _reuse(app: Sphinx, pages: SiteOutput, before: dict[str, object]) -> bool:
    """Note a part's last files again if they are all in the output at their sizes.

    Sizes, not digests: reading back every fragment of every part (11,000 files
    at 1,000 issues) cost a no-op build seconds; a file a build did not write has
    the size it was written with.
    """
    files, sizes = before.get("files"), before.get("sizes")
    if not isinstance(files, dict) or not files or not isinstance(sizes, dict):
        return False
    outdir = Path(app.outdir)
    # ``inside`` (the state file is anyone's to edit) resolves every part of a path:
    # once per folder, then each file must be a plain file (no symlink) in it.
    folders: dict[str, Path] = {}
    for relpath in files:
        folder, _, name = str(relpath).rpartition("/")
        try:
            if folder not in folders:
                folders[folder] = inside(outdir, folder)
            found = os.lstat(folders[folder] / name)
        except (OutsideOutput, OSError):
            return False
        if name in ("", ".", "..") or not stat.S_ISREG(found.st_mode):
            return False
        if found.st_size != sizes.get(relpath):
            return False
    for relpath, file_digest in sorted(files.items()):
        pages.note_file(relpath, file_digest)
    return True


def _last_state(app: Sphinx) -> dict[str, dict[str, object]]:
    """What each part's last bundle was made from: {part: {"digest", "files"}}."""
    try:
        state = json.loads((Path(app.doctreedir) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    parts = state.get("parts") if isinstance(state, dict) else None
    return parts if isinstance(parts, dict) else {}


def _part_digest(binary: Path, records: list[SearchRecord]) -> str:
    """What a part's bundle is made from: Pagefind, the kit's edits, the record
    template and each record's fields (its URL too: an html build names the
    record's page as a dirhtml one does). The pages are rendered only for a part
    that is indexed anew."""
    digest = hashlib.sha1(f"{binary}:{binary.stat().st_size}:{KIT_EDITS}".encode())
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
                pages.write_file(relpath, content)
                written[relpath] = content_digest(content)
                sizes[relpath] = len(content)
    made: dict[str, object] = {"files": written, "sizes": sizes}
    return made


def parts_script(parts: list[tuple[str, list[str]]]) -> bytes:
    """``pagefind/pagefind.js``: Pagefind's API over every part merged (the contract's
    bundle, which finds every record), from ``nl-pagefind-parts.js``."""
    loader = jinja2.FileSystemLoader(str(TEMPLATES))
    environment = jinja2.Environment(loader=loader, autoescape=False, keep_trailing_newline=True)
    return environment.get_template("nl-pagefind-parts.js").render(parts=parts).encode("utf-8")


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
    template = record_template()
    records: list[SearchRecord] = search_records(app, catalog_of(app.env))
    # Pagefind fails on a folder with no page: a site with no published issue yet
    # (all drafts) has no bundle, and the manifest prunes an older one.
    by_part: dict[str, list[SearchRecord]] = {}
    for record in records:
        by_part.setdefault(record.part, []).append(record)
    last = _last_state(app)
    state: dict[str, dict[str, object]] = {}
    indexed = 0
    for part in ordered(set(by_part)):
        part_records = by_part[part]
        digest = _part_digest(binary, part_records)
        before = last.get(part, {})
        if before.get("digest") == digest and _reuse(app, pages, before):
            state[part] = before
            continue
        data = [record_html(template, record) for record in part_records]
        state[part] = {"digest": digest, **write_part(binary, pages, part, part_records, data)}
        indexed += len(part_records)
    if state:
        pages.write_file(f"{BUNDLE}/{ENTRY}", parts_script(bundle_parts(app)))
    (Path(app.doctreedir) / STATE).write_text(
        json.dumps({"parts": state}, indent=0), encoding="utf-8"
    )
    # A contributor reads the build's one closing line; this is for us (-v).
    logger.verbose(
        f"newsletter: search index of {len(records)} records in "
        f"{time.perf_counter() - started:.2f} s ({indexed} indexed anew, "
        f"{len(state)} parts)"
    )
