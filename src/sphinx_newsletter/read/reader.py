"""The archive's catalog read from its sources, without writing a site.

Tools that need the records (``newsletter audit``, and next ``check`` and
``stats``) get them here: Sphinx reads the sources with the site's own
``conf.py``, directives and validators, through a builder that writes no
page, so the catalog is the one an HTML build makes, with the warnings of
reading and checking it. (Its output folder is a temporary one: the theme still
writes its ``pygments.css`` there.)
"""

from __future__ import annotations

import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.application import Sphinx
from sphinx.builders.dummy import DummyBuilder
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ..domain import catalog_of

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

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


def read_catalog(srcdir: Path, *, jobs: int = 1) -> Reading:
    """Read the site in ``srcdir`` (with its ``conf.py``) into its catalog."""
    srcdir = Path(srcdir).resolve()
    warnings = io.StringIO()
    with (
        tempfile.TemporaryDirectory(prefix="newsletter-read-") as scratch,
        patch_docutils(srcdir),
        docutils_namespace(),
    ):
        app = Sphinx(
            srcdir,
            srcdir,
            Path(scratch) / "out",
            Path(scratch) / "doctrees",
            CatalogBuilder.name,
            status=None,
            warning=warnings,
            freshenv=True,
            parallel=jobs,
        )
        app.build(force_all=True)
    return reading_of(app.env, _COLOUR.sub("", warnings.getvalue()).splitlines())


def reading_of(env: BuildEnvironment, warnings: Iterable[str] = ()) -> Reading:
    """The reading a build's environment holds (an HTML build's, for one)."""
    srcdir = Path(env.srcdir)
    sources = {
        docname: env.doc2path(docname).relative_to(srcdir).as_posix() for docname in env.found_docs
    }
    return Reading(catalog_of(env), tuple(warnings), srcdir, sources)
