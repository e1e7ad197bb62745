"""Writing the generated pages, and keeping the output folder true to the sources.

Sphinx never deletes output and re-renders every extension page on every
build. The kit keeps a manifest of every file it wrote, by its path in the
output folder: each page (a generated page with a digest of its content) and
each other file (``robots.txt``, the 404 copy, later feeds and the search
bundle, through :meth:`GeneratedPages.note_file`). Unchanged pages are not
written again, files that no longer exist (a deleted issue, a region taken
out of the tree, a draft) are removed, and the sitemap lists every page, not
only the ones this build happened to write. Only the web builders
(``chrome.WEB_BUILDERS``) write the generated pages.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup
from sphinx.environment.adapters.indexentries import IndexEntries
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from .. import __version__
from .._compat import cache_sphinx_templates, config_hash, turn_off_general_index
from ..config import settings_of
from ..domain import catalog_of
from ..labels import _, ngettext, words_of
from ..paths import OutsideOutput, inside, inside_absolute
from ..taxonomies import BY_NAME
from ..urls import absolute_url, page_path, term_feed_path
from .listings import Page, Shape, all_pages, index_pages
from .shells import SEGMENT, PageShells

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..catalog import Catalog


logger = logging.getLogger(__name__)
MANIFEST = ".newsletter-manifest.json"
SITEMAP = "sitemap.xml"
TEMPLATES = Path(__file__).parent.parent / "templates"


class ListingRenderer:
    """Renders the body of a generated page from its data, escaping every value.

    Sphinx's own template environment is sandboxed, which makes each attribute
    access in a long listing slow; the body has no untrusted template code, so
    a plain environment with autoescape renders it, and the theme's page.html
    wraps it like any document's body. A site's ``templates_path`` can override
    ``nl-listing.html`` and ``nl-macros.html``.
    """

    def __init__(self, app: Sphinx, cache: jinja2.BytecodeCache | None = None) -> None:
        folders = [Path(app.confdir) / p for p in app.config.templates_path]
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*folders, TEMPLATES]),
            bytecode_cache=cache,
            autoescape=True,
            trim_blocks=False,
            keep_trailing_newline=True,
        )
        # The kit's words, by the names the theme's templates know them by (``labels``);
        # what they return is text, escaped like every other value.
        self.environment.globals.update(nl_=_, nl_ngettext=ngettext)
        self.builder = app.builder
        self.baseurl = app.config.html_baseurl

    def render(self, page: Page) -> Markup:
        """The page's body HTML."""
        builder = self.builder

        def pathto(target: str, resource: bool = False) -> str:
            if resource:  # a file by its path from the output folder's root
                return relative_uri(builder.get_target_uri(page.pagename), target)
            return builder.get_relative_uri(page.pagename, target)

        taxonomy = BY_NAME.get(page.context.get("taxonomy", ""))
        feed = (
            term_feed_path(page.pagename)
            if page.kind == "term" and taxonomy and taxonomy.feed and self.baseurl
            else None
        )
        template = self.environment.get_template("nl-listing.html")
        return Markup(template.render(nl=page.context, title=page.title, pathto=pathto, feed=feed))


def _output_file(app: Sphinx, pagename: str) -> Path:
    """The page's file in the output folder; :class:`OutsideOutput` if it would leave it."""
    return inside_absolute(app.outdir, app.builder.get_outfilename(pagename))


def _output_path(app: Sphinx, pagename: str) -> str:
    """The page's file, relative to the output folder (``issues/0001/index.html``)."""
    return _output_file(app, pagename).relative_to(app.outdir).as_posix()


def content_digest(data: bytes) -> str:
    """The digest the manifest records for a file's bytes."""
    return hashlib.sha1(data).hexdigest()


def _build_key(app: Sphinx) -> str:
    """What every generated page depends on besides its data: code, config, templates."""
    builder = app.builder
    parts = [
        __version__,
        config_hash(builder),
        str(builder.templates.newest_template_mtime()) if builder.templates else "",
        words_of(app.config).key(),
    ]
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()


def _digest(page: Page) -> str:
    return hashlib.sha1(repr((page.title, page.data)).encode()).hexdigest()


def load_manifest(outdir: Path) -> dict[str, Any]:
    """The manifest of the previous build in ``outdir`` (empty if none or unreadable)."""
    try:
        data = json.loads((outdir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _shown_path(path: Path) -> str:
    """``path`` relative to the working folder when it is inside it (``_build/html``)."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def template_cache(app: Sphinx, name: str) -> jinja2.BytecodeCache:
    """A cache of compiled templates beside the doctrees, one folder per environment.

    Sphinx compiles every template it uses (the theme's several dozen) anew in each
    build, a fixed cost of every incremental build. Jinja keys its cache by template
    and source checksum, not by the environment's settings (autoescape is compiled in),
    so Sphinx's environment and the listings' each get their own folder. Entries are
    written atomically: parallel workers are safe.
    """
    folder = Path(app.doctreedir) / "jinja" / name
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


class GeneratedPages:
    """The pages and files the kit writes in one web build, and what the last one wrote."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        self.previous = load_manifest(Path(app.outdir))
        self.key = _build_key(app)
        #: this build's generated pages: page name -> digest of their content
        self.pages: dict[str, str] = {}
        #: this build's other files: output path -> digest of their bytes
        self.files: dict[str, str] = {}
        #: whether the kit writes the general index (see ``take_over_index``)
        self.general_index = False
        #: every page written by this process (Sphinx's own extra pages among them)
        self.rendered: set[str] = set()
        self.written = 0
        #: how many listing pages this build has (None until they are collected)
        self.listed: int | None = None
        cache_sphinx_templates(app.builder, template_cache(app, "sphinx"))
        self.renderer = ListingRenderer(app, template_cache(app, "listings"))
        self.shells = PageShells(app) if settings_of(app.config).fast_listings else None

    def collect(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        """``html-collect-pages``: yield the pages whose content changed."""
        catalog = catalog_of(self.app.env)
        config = self.app.config
        settings = settings_of(config)
        shape = Shape(settings.listing_size, settings.listing_max_bytes, config.language)
        old_pages = self.previous.get("pages", {}) if self.previous.get("key") == self.key else {}
        if not isinstance(old_pages, dict):
            old_pages = {}
        pages = all_pages(catalog, shape)
        if self.general_index:
            genindex = IndexEntries(self.app.env).create_index(self.app.builder)
            pages.extend(index_pages(genindex, config.html_split_index, shape.max_bytes))
        for page in pages:
            try:
                _output_file(self.app, page.pagename)
            except OutsideOutput as error:
                # Page names are slugs; this is the second line, for a name that slipped.
                logger.warning(
                    f"the page {page.pagename!r} was not written: {error}",
                    type="newsletter",
                    subtype="output",
                )
                continue
            digest = self.pages[page.pagename] = _digest(page)
            if (
                old_pages.get(_output_path(self.app, page.pagename)) == digest
                and _output_file(self.app, page.pagename).exists()
            ):
                continue
            self.written += 1
            body = self.renderer.render(page)
            if self.shells is not None and self.shells.write(page.pagename, page.title, body):
                self.rendered.add(page.pagename)
                continue
            # The title is HTML in Sphinx's page context: escape the plain text.
            yield page.pagename, {"title": Markup.escape(page.title), "body": body}, "page.html"
        if self.shells is not None:
            self.shells.flush()
        self.listed = len(pages)
        fast = f" ({self.shells.fast} through page shells)" if self.shells else ""
        logger.verbose(f"newsletter: {len(pages)} listing pages, {self.written} written{fast}")

    def finish(self, exception: BaseException | None) -> None:
        """``build-finished``: prune what no longer exists, write the sitemap, save.

        Every file the kit wrote, pages and other files, is in the manifest by its
        output path; one this build did not make again is removed.
        """
        if exception is not None:
            return
        env = self.app.env
        catalog = catalog_of(env)
        drafts = {i.docname for i in catalog.all_issues if i.draft}
        # A draft is listed nowhere; its page exists only as a preview, when asked for.
        hidden = set() if settings_of(self.app.config).show_drafts else drafts
        docs = sorted(set(env.found_docs) - hidden)
        # Sphinx writes the split index whole on one page too (when it writes the index:
        # in builds before the kit took that over); that page grows past any size limit.
        oversized = {"genindex-all"} if self.app.config.html_split_index else set()
        extra = sorted(
            name
            for name in self.rendered - set(env.found_docs) - set(self.pages)
            if SEGMENT not in name and name not in oversized
        )
        self._write_sitemap([d for d in docs if d not in drafts])
        self._write_robots()
        self._copy_not_found()
        # Sphinx's own pages (documents, search, 404) have no digest: only their path.
        pages = {
            **{_output_path(self.app, name): "" for name in (*docs, *extra)},
            **{_output_path(self.app, name): digest for name, digest in self.pages.items()},
        }
        self._prune(pages)
        for name in sorted(hidden | oversized):
            self._remove(_output_file(self.app, name))
        for docname in sorted((set(self.previous.get("docs", [])) - set(docs)) | hidden):
            # A removed document's copied source (html_copy_source) goes too.
            for source in (Path(self.app.outdir) / "_sources").glob(f"{docname}.*"):
                self._remove(source)
        manifest = {
            "key": self.key,
            "docs": docs,
            "pages": dict(sorted(pages.items())),
            "files": dict(sorted(self.files.items())),
        }
        inside(self.app.outdir, MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=0), encoding="utf-8"
        )
        if self.listed is not None:
            logger.info(self.summary(catalog))

    def summary(self, catalog: Catalog) -> str:
        """The build's last line, for the contributor: what was built, and where."""
        recs = sum(1 for rec in catalog.all_recs if catalog.is_published(rec.docname))
        return _(
            "newsletter: {issues} and {recommendations} built into {folder}; "
            "{pages}, {written} updated by this build",
            issues=ngettext("{n} issue", "{n} issues", len(catalog.issues)),
            recommendations=ngettext("{n} recommendation", "{n} recommendations", recs),
            folder=_shown_path(Path(self.app.outdir)),
            pages=ngettext("{n} index page", "{n} index pages", self.listed or 0),
            written=self.written,
        )

    def _prune(self, pages: dict[str, str]) -> None:
        """Remove the files of the last build that this one did not make.

        A page goes whatever it holds. Another file goes only if it still holds
        what the kit wrote: a file the site put there itself (its own
        ``robots.txt`` in ``html_extra_path``) stays.
        """
        old_pages = self.previous.get("pages", {})
        old_files = self.previous.get("files", {})
        if not isinstance(old_pages, dict) or not isinstance(old_files, dict):
            old_pages, old_files = {}, {}
        for path in sorted(set(old_pages) - set(pages)):
            self._remove_path(path)
        for path, digest in sorted(old_files.items()):
            if path in self.files:
                continue
            with contextlib.suppress(OutsideOutput):
                target = inside(self.app.outdir, path)
                if target.is_file() and content_digest(target.read_bytes()) == digest:
                    self._remove(target)

    def note_file(self, relpath: str, digest: str) -> None:
        """Record a file the kit wrote this build (path relative to the output folder).

        A file noted in the last build and not in this one is removed when the
        build finishes, if it still holds what the kit wrote.
        """
        self.files[relpath] = digest

    def write_file(self, relpath: str, data: bytes) -> None:
        """Write a file into the output folder unless it already holds ``data``; note it.

        Raises :class:`~sphinx_newsletter.paths.OutsideOutput` for a path that would
        leave the output folder (``paths.inside``).
        """
        path = inside(self.app.outdir, relpath)
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.note_file(relpath, content_digest(data))

    def _remove_path(self, relpath: str) -> None:
        """Remove the file ``relpath`` names in the output folder, if it stays inside it.

        Paths come from the last build's manifest, a file in the output folder that
        anyone who can write there can edit: one that leads out is left alone.
        """
        with contextlib.suppress(OutsideOutput):
            self._remove(inside(self.app.outdir, relpath))

    def _remove(self, path: Path) -> None:
        outdir = Path(self.app.outdir)
        if not path.resolve().is_relative_to(outdir.resolve()):
            return
        if path.is_file():
            path.unlink()
        # Drop folders left empty (regions/old/2024/), never the output folder itself.
        folder = path.parent
        while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def take_over_index(self) -> None:
        """``write-started``: write the general index as generated pages, not Sphinx.

        Sphinx renders every letter of the index through the theme in every build
        (and once more whole, as ``genindex-all``), with the whole index in each
        page's context. As generated pages the index is written only when it
        changed, and only by letter. Only the builder's flag is turned off: pages
        still link the index, since ``hasdoc('genindex')`` reads the config.
        """
        if turn_off_general_index(self.app.builder):
            self.general_index = True

    def note_rendered(self, pagename: str) -> None:
        """``html-page-context``: remember a page this build wrote (search, 404...).

        Pages Sphinx writes anew each build (search, 404) are only known by being
        written; one that is not written again is gone.
        """
        self.rendered.add(pagename)

    def _copy_not_found(self) -> None:
        """Hosts look for ``404.html`` at the root; dirhtml writes ``404/index.html``."""
        page = Path(self.app.outdir) / "404" / "index.html"
        if page.exists():
            self.write_file("404.html", page.read_bytes())

    def _write_robots(self) -> None:
        """``robots.txt`` pointing crawlers at the sitemap, unless the site has its own."""
        config = self.app.config
        if not config.html_baseurl or any(
            (Path(self.app.confdir) / extra / "robots.txt").exists()
            for extra in config.html_extra_path
        ):
            return
        sitemap = absolute_url(config, SITEMAP)
        text = f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n"
        self.write_file("robots.txt", text.encode("utf-8"))

    def _write_sitemap(self, docs: list[str]) -> None:
        """``sitemap.xml``: every page of the site (not the 404 page), in a stable order."""
        builder = self.app.builder
        uris = {page_path(self.app, name) for name in (*docs, *self.pages)}
        uris.discard(builder.get_target_uri("404"))
        locations = [absolute_url(self.app.config, uri) for uri in sorted(uris)]
        if not locations or None in locations:
            return  # no html_baseurl: the configuration check said so
        root = ElementTree.Element("urlset", xmlns="http://www.sitemaps.org/schemas/sitemap/0.9")
        for location in locations:
            ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = location
        data = io.BytesIO()
        ElementTree.ElementTree(root).write(
            data, xml_declaration=True, encoding="utf-8", method="xml"
        )
        self.write_file(SITEMAP, data.getvalue())
