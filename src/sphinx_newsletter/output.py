"""The output folder of a web build: what the kit wrote there, and keeping it true.

Sphinx never deletes output. The kit keeps a manifest of every file it wrote,
by its path in the output folder: each generated page (with a digest of its
content, so an unchanged page is not written again) and each other file
(``robots.txt``, the 404 copy, feeds, the search bundle, through
:meth:`SiteOutput.write_file`). Files that no longer exist (a deleted issue, a
region taken out of the tree, a draft) are removed when the build finishes,
and the sitemap lists every page, not only the ones this build happened to
write. Only the web builders (:data:`WEB_BUILDERS`) have a :class:`SiteOutput`;
every feature that writes into the site takes it from :func:`output_of`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard
from weakref import WeakKeyDictionary
from xml.etree import ElementTree

import jinja2
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging

from . import version
from ._compat import cache_sphinx_templates, config_hash
from .config import settings_of
from .domain import catalog_of
from .labels import words_of
from .paths import Folder, OutsideOutput, inside_absolute
from .urls import absolute_url, page_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

logger = logging.getLogger(__name__)
MANIFEST = ".newsletter-manifest.json"
SITEMAP = "sitemap.xml"
#: Beside the doctrees: what the last web build was made from (``SiteOutput.inputs``).
INPUTS = "newsletter-inputs.json"
#: The builders that write the archive's web pages: listing pages, the kit's
#: general index, the manifest, the sitemap and each page's chrome.
WEB_BUILDERS = ("html", "dirhtml")


def is_web(builder: Builder) -> TypeGuard[StandaloneHTMLBuilder]:
    """Whether ``builder`` writes the archive's web pages (an allow-list).

    Sphinx's ``html`` and ``dirhtml`` builders are HTML builders; the type check
    says so to the type checker (the email builder is one too, but no web builder).
    """
    return builder.name in WEB_BUILDERS and isinstance(builder, StandaloneHTMLBuilder)


def content_digest(data: bytes) -> str:
    """The digest the manifest records for a file's bytes."""
    return hashlib.sha1(data).hexdigest()


def load_manifest(outdir: Path) -> dict[str, Any]:
    """The manifest of the previous build in ``outdir`` (empty if none or unreadable)."""
    return _load_json(outdir / MANIFEST)[0]


def _load_json(path: Path) -> tuple[dict[str, Any], str]:
    """The JSON object in ``path`` (empty if none or unreadable) and its bytes' digest."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError):
        return {}, ""
    return (data, content_digest(raw)) if isinstance(data, dict) else ({}, "")


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


def _build_key(app: Sphinx) -> str:
    """What every generated page depends on besides its data: code, config, templates."""
    builder = app.builder
    parts = [
        version.__version__,
        version.code_digest(),
        config_hash(builder),
        str(builder.templates.newest_template_mtime()) if builder.templates else "",
        words_of(app.config).key(),
    ]
    return hashlib.sha1("\0".join(parts).encode()).hexdigest()


class SiteOutput:
    """The pages and files the kit writes in one web build, and what the last one wrote."""

    def __init__(self, app: Sphinx, builder: StandaloneHTMLBuilder) -> None:
        self.app = app
        #: the web build's builder (``app.builder``, known to be an HTML builder)
        self.builder = builder
        self.previous, self._previous_digest = _load_json(Path(app.outdir) / MANIFEST)
        self.key = _build_key(app)
        old = self.previous.get("pages", {}) if self.previous.get("key") == self.key else {}
        #: the last build's generated pages, if made with the same code and config
        self._old_pages: dict[str, str] = old if isinstance(old, dict) else {}
        #: this build's generated pages: page name -> digest of their content
        self.pages: dict[str, str] = {}
        #: this build's other files: output path -> digest of their bytes
        self.files: dict[str, str] = {}
        #: every page written by this process (Sphinx's own extra pages among them)
        self.rendered: set[str] = set()
        #: the output folder, every path the kit writes or removes checked in it
        self.folder = Folder(app.outdir)
        #: page name -> its file relative to the output folder, once checked
        self._paths: dict[str, str] = {}
        #: the files each feature wrote this build, by the group it named
        self.groups: dict[str, list[str]] = {}
        self._inputs: str | None = None
        self._same: bool | None = None
        cache_sphinx_templates(builder, template_cache(app, "sphinx"))

    def output_file(self, pagename: str) -> Path:
        """The page's file in the output folder; :class:`OutsideOutput` if it would leave it."""
        path = inside_absolute(self.folder, self.builder.get_outfilename(pagename))
        self._paths[pagename] = path.relative_to(self.folder.root).as_posix()
        return path

    def output_path(self, pagename: str) -> str:
        """The page's file, relative to the output folder (``issues/0001/index.html``)."""
        if pagename not in self._paths:
            self.output_file(pagename)
        return self._paths[pagename]

    def inside(self, relpath: object) -> Path:
        """The file ``relpath`` names in the output folder (``paths.Folder.inside``)."""
        return self.folder.inside(relpath)

    def note_page(self, pagename: str, digest: str) -> bool:
        """Record a generated page of this build with the digest of its content; whether
        it must be written (it changed, or its file is gone)."""
        path = self.output_file(pagename)
        self.pages[pagename] = digest
        return not (self._old_pages.get(self._paths[pagename]) == digest and path.exists())

    def note_rendered(self, pagename: str) -> None:
        """Remember a page this build wrote (search, 404...).

        Pages Sphinx writes anew each build (search, 404) are only known by being
        written; one that is not written again is gone.
        """
        self.rendered.add(pagename)

    def forget_rendered(self, pagename: str) -> None:
        """A page rendered only to be taken apart (a listing's shell), never a file."""
        self.rendered.discard(pagename)

    def note_file(self, relpath: str, digest: str, group: str = "") -> None:
        """Record a file the kit wrote this build (path relative to the output folder),
        in the feature's ``group`` if it names one (:meth:`write_file`).

        A file noted in the last build and not in this one is removed when the
        build finishes, if it still holds what the kit wrote.
        """
        self.files[relpath] = digest
        if group:
            self.groups.setdefault(group, []).append(relpath)

    def write_file(self, relpath: str, data: bytes, group: str = "") -> None:
        """Write a file into the output folder unless it already holds ``data``; note it.

        ``group``: the feature's name for the files it makes from the catalog together
        (``feeds``), which a later build with the same inputs keeps (:meth:`reused`).
        Raises :class:`~sphinx_newsletter.paths.OutsideOutput` for a path that would
        leave the output folder (``paths.inside``).
        """
        path = self.folder.inside(relpath)
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self.note_file(relpath, content_digest(data), group)

    @property
    def inputs(self) -> str:
        """A digest of everything the catalog and the pages and files made from it are
        made of: the code, configuration and templates (:attr:`key`), the kit's
        settings, each document as Sphinx last read it (its name and the time it
        was read, which changes whenever it is read again; a deleted one is gone), and
        the link-health record's bytes.

        Equal in two builds, the catalog is the same, so every listing page, feed and
        sitemap made from it is too. Known once the sources are read (``env-updated``).
        """
        if self._inputs is None:
            env = self.app.env
            digest = hashlib.sha1(f"{self.key}\0{settings_of(self.app.config)!r}".encode())
            for docname, read in sorted(env.all_docs.items()):
                digest.update(f"\0{docname}\0{read}".encode())
            # The link-health record is read by every build, not as a document.
            digest.update(f"\0{catalog_of(env).links.digest}".encode())
            self._inputs = digest.hexdigest()
        return self._inputs

    def same_inputs(self) -> bool:
        """Whether the last build (the manifest's) was made from the same :attr:`inputs`.

        The inputs are build state, beside the doctrees (``INPUTS``), with the digest
        of the manifest that build saved: the output's manifest stays the same for
        the same site however it was built, and a manifest saved without its inputs
        (a build stopped between the two) is not trusted.
        """
        if self._same is None:
            state, _ = _load_json(Path(self.app.doctreedir) / INPUTS)
            self._same = bool(self._previous_digest) and state == {
                "inputs": self.inputs,
                "manifest": self._previous_digest,
            }
        return self._same

    def reused(self, group: str) -> bool:
        """Note again the files ``group`` wrote in the last build, when that build had
        the same :attr:`inputs` and they are all still there; whether it did.

        A feature calls it before making its files: made again they would be the same.
        """
        groups = self.previous.get("groups")
        files = groups.get(group) if self.same_inputs() and isinstance(groups, dict) else None
        old = self.previous.get("files")
        if not isinstance(files, list) or not files or not isinstance(old, dict):
            return False
        try:
            if not all(self.folder.inside(relpath).is_file() for relpath in files):
                return False
        except OutsideOutput:
            return False
        for relpath in files:
            self.note_file(relpath, str(old.get(relpath, "")))
        self.groups[group] = list(files)
        return True

    def reused_pages(self) -> dict[str, str] | None:
        """The last build's generated pages (page name -> digest), noted again, when it had
        the same :attr:`inputs` and every page's file is still there; else None."""
        old = self.previous.get("generated")
        if not self.same_inputs() or not isinstance(old, dict) or not old:
            return None
        try:
            if any(self.note_page(str(name), str(digest)) for name, digest in old.items()):
                self.pages.clear()
                return None
        except OutsideOutput:
            self.pages.clear()
            return None
        return self.pages

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
            if name not in oversized
        )
        if not self.reused("sitemap"):
            self._write_sitemap([d for d in docs if d not in drafts])
        self._write_robots()
        self._copy_not_found()
        # Sphinx's own pages (documents, search, 404) have no digest: only their path.
        pages = {
            **{self.output_path(name): "" for name in (*docs, *extra)},
            **{self.output_path(name): digest for name, digest in self.pages.items()},
        }
        self._prune(pages)
        for name in sorted(hidden | oversized):
            self._remove(self.output_file(name))
        for docname in sorted((set(self.previous.get("docs", [])) - set(docs)) | hidden):
            # A removed document's copied source (html_copy_source) goes too.
            for source in (Path(self.app.outdir) / "_sources").glob(f"{docname}.*"):
                self._remove(source)
        manifest = {
            "key": self.key,
            "docs": docs,
            "pages": dict(sorted(pages.items())),
            "generated": dict(sorted(self.pages.items())),
            "files": dict(sorted(self.files.items())),
            "groups": {group: sorted(files) for group, files in sorted(self.groups.items())},
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=0).encode("utf-8")
        self.folder.inside(MANIFEST).write_bytes(data)
        state = {"inputs": self.inputs, "manifest": content_digest(data)}
        (Path(self.app.doctreedir) / INPUTS).write_text(json.dumps(state), encoding="utf-8")

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
                target = self.folder.inside(path)
                if target.is_file() and content_digest(target.read_bytes()) == digest:
                    self._remove(target)

    def _remove_path(self, relpath: str) -> None:
        """Remove the file ``relpath`` names in the output folder, if it stays inside it.

        Paths come from the last build's manifest, a file in the output folder that
        anyone who can write there can edit: one that leads out is left alone.
        """
        with contextlib.suppress(OutsideOutput):
            self._remove(self.folder.inside(relpath))

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
        self.write_file(SITEMAP, data.getvalue(), group="sitemap")


#: Each web build's output, by its application (a build in another process or a
#: later build in this one gets its own).
_OUTPUTS: WeakKeyDictionary[Sphinx, SiteOutput] = WeakKeyDictionary()


def output_of(app: Sphinx) -> SiteOutput | None:
    """The web build's :class:`SiteOutput`, or None for a builder that writes no site."""
    return _OUTPUTS.get(app)


def _start(app: Sphinx) -> None:
    """``builder-inited``: one record of the output per web build."""
    builder = app.builder
    if is_web(builder):
        _OUTPUTS[app] = SiteOutput(app, builder)


def _note_rendered(app: Sphinx, pagename: str, *args: object) -> None:
    """``html-page-context``: remember the page (see :meth:`SiteOutput.note_rendered`)."""
    output = output_of(app)
    if output is not None:
        output.note_rendered(pagename)


def _finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: prune stale output, write the sitemap, save the manifest."""
    output = output_of(app)
    if output is not None:
        output.finish(exception)


#: When ``build-finished`` saves the manifest: after every feature has written its
#: files (they connect at the default priority, 500, or earlier).
FINISH_PRIORITY = 800


def setup(app: Sphinx) -> None:
    """The output service: started for each web build, saved when it finishes."""
    app.connect("builder-inited", _start, priority=400)
    app.connect("html-page-context", _note_rendered)
    app.connect("build-finished", _finish, priority=FINISH_PRIORITY)
