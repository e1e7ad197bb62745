"""The archive's catalog read from its sources, without writing a site.

Tools that need the records (``newsletter audit``, ``check`` and ``stats``)
get them here: Sphinx reads the sources with the site's own
``conf.py``, directives and validators, through a builder that writes no
page, so the catalog is the one an HTML build makes, with the warnings of
reading and checking it. (Its output folder is a temporary one: the theme still
writes its ``pygments.css`` there.)

With a ``cache`` folder the reading is incremental: Sphinx keeps its environment
there and re-reads only the sources changed since the last reading; the warnings
of the sources it did not re-read are replayed from the last reading, so the
result is the same as a fresh one.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.builders.dummy import DummyBuilder
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .._compat import check_consistency, is_reading, sphinx_translations_forgotten
from ..domain import catalog_of
from .fast import FastReading

if TYPE_CHECKING:
    from collections.abc import Iterable, Set
    from typing import IO

    from sphinx.environment import BuildEnvironment

    from ..catalog import Catalog


_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class CatalogBuilder(DummyBuilder):
    """Reads every source and stops: no page is resolved or written.

    ``sphinx-build -b newsletter-catalog`` checks a site's sources this way too.
    """

    name = "newsletter-catalog"
    epilog = "The newsletter's sources were read; no page was written."

    def write_documents(self, docnames: Set[str]) -> None:
        """Nothing to write: the catalog is complete once the sources are read."""


@dataclass(frozen=True)
class Reading:
    """What reading the sources gave: the catalog, the warnings, the source paths."""

    catalog: Catalog
    #: The warnings of reading and of the archive's consistency check, one per line,
    #: as ``sphinx-build`` prints them. Roles are resolved only when pages are
    #: written, so an unresolved ``{nl:...}`` reference is not among them.
    warnings: tuple[str, ...]
    srcdir: Path
    #: docname -> the source file, relative to ``srcdir`` (``issues/0009.md``).
    sources: dict[str, str]


class _PhasedWarnings(io.StringIO):
    """The warning stream, split into those of reading sources and the rest.

    Sphinx replays the warnings of reading (its own and its workers') before it
    leaves the reading phase, so the builder's phase tells them apart from the
    archive's consistency check and the configuration's.
    """

    def __init__(self) -> None:
        super().__init__()
        self.app: Sphinx | None = None
        #: Every line in order, with whether it was written while reading sources.
        self.lines: list[tuple[bool, str]] = []

    def write(self, text: str) -> int:
        reading = is_reading(self.app)
        self.lines.extend((reading, line) for line in _COLOUR.sub("", text).splitlines())
        return len(text)


def read_catalog(
    srcdir: Path,
    *,
    jobs: int = 1,
    cache: Path | None = None,
    status: IO[str] | None = None,
    fast: bool = False,
) -> Reading:
    """Read the site in ``srcdir`` (with its ``conf.py``) into its catalog.

    ``cache``: a folder kept between readings (``_build/.check``), so that only
    changed sources are read again. ``status``: where Sphinx's progress goes.
    ``fast``: issues are read by the fast reader (``fast.FastReading``) where it
    reads them exactly; Sphinx reads the other files.
    """
    srcdir = Path(srcdir).resolve()
    warnings = _PhasedWarnings()
    read_now: set[str] = set()
    consistency_ran: list[bool] = []
    store = Path(cache) / "warnings.json" if cache is not None else None
    # A cache whose warnings are not those of its environment (a reading stopped
    # after Sphinx saved the one and before the other) is read afresh.
    fresh = store is None or _stored(store).get("environment") != _stamp(store.parent)
    with (
        tempfile.TemporaryDirectory(prefix="newsletter-read-") as scratch,
        patch_docutils(srcdir),
        docutils_namespace(),
        # The next Sphinx app of this process must not speak this site's language.
        sphinx_translations_forgotten(),
    ):
        app = Sphinx(
            srcdir,
            srcdir,
            Path(scratch) / "out",
            Path(cache or scratch) / "doctrees",
            CatalogBuilder.name,
            status=status,
            warning=warnings,
            freshenv=fresh,
            parallel=jobs,
        )
        warnings.app = app
        app.connect("env-before-read-docs", lambda _app, _env, docs: read_now.update(docs))
        app.connect("env-check-consistency", lambda _app, _env: consistency_ran.append(True))
        fast_reading = FastReading(Path(cache) / "fast.json" if cache is not None else None)
        if fast:
            # After the kit's own `leave_out` and the note of what is read now.
            app.connect("env-before-read-docs", fast_reading.take_over, priority=900)
            app.connect("env-updated", fast_reading.updated)
        app.build(force_all=fresh)
        if not consistency_ran:
            # Nothing was re-read, so Sphinx skipped the archive-wide check.
            check_consistency(app)
    if store is None:
        return reading_of(app.env, [line for _, line in warnings.lines])
    of_reading = [line for reading, line in warnings.lines if reading]
    other = [line for reading, line in warnings.lines if not reading]
    # The fast reader's kept issues were not read: their warnings are the store's.
    replayed = _replayed(app.env, store, of_reading, read_now - fast_reading.kept)
    return reading_of(app.env, [*replayed, *other])


def _stamp(cache: Path) -> list[int] | None:
    """The saved environment's modification time and size (None if there is none)."""
    try:
        stat = (cache / "doctrees" / ENV_PICKLE_FILENAME).stat()
    except OSError:
        return None
    return [stat.st_mtime_ns, stat.st_size]


def _stored(store: Path) -> dict[str, Any]:
    """The cache's record: the environment it belongs to and each source's warnings."""
    try:
        stored = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored if isinstance(stored, dict) else {}


def _replayed(
    env: BuildEnvironment, store: Path, fresh: list[str], read_now: Set[str]
) -> list[str]:
    """The reading warnings of every source: ``fresh`` ones, the rest from ``store``.

    A warning belongs to the source its location names; one with no source
    (a configuration warning) is of this reading only.
    """
    by_path = {str(env.doc2path(docname)): docname for docname in env.found_docs}
    kept: dict[str, list[str]] = {
        docname: lines
        for docname, lines in _stored(store).get("warnings", {}).items()
        if docname in env.found_docs and docname not in read_now
    }
    unplaced: list[str] = []
    for docname in read_now:
        kept[docname] = []
    for line in fresh:
        owner = by_path.get(line.partition(":")[0])
        if owner is None:
            unplaced.append(line)
        else:
            kept.setdefault(owner, []).append(line)
    record = {"environment": _stamp(store.parent), "warnings": kept}
    store.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")
    return [*unplaced, *(line for docname in sorted(kept) for line in kept[docname])]


def reading_of(env: BuildEnvironment, warnings: Iterable[str] = ()) -> Reading:
    """The reading a build's environment holds (an HTML build's, for one)."""
    srcdir = Path(env.srcdir)
    sources = {
        docname: env.doc2path(docname).relative_to(srcdir).as_posix() for docname in env.found_docs
    }
    return Reading(catalog_of(env), tuple(warnings), srcdir, sources)
