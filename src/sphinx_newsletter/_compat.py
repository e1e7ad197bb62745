"""Every reach into a third party's internals, in one place, each with the versions it fits.

The kit relies on a few things its dependencies do not promise: private
attributes, the text of a script, a template's name. Each reach is one
function here, whose docstring names what it relies on and the versions it
was checked on; ``tests/test_compat.py`` fails when an upgrade changes that
behaviour, and ``pyproject.toml`` caps those dependencies below their next
minor (or major) release.

Checked on: Sphinx 9.0.4, docutils 0.22.4, myst-parser 5.2.0, markdown-it-py 4.0,
pydata-sphinx-theme 0.20.0, sphinx-book-theme 1.4.0, sphinxext-opengraph 0.13.0,
pagefind 1.5.2.

Some reaches cannot live in Python; the tests check them too. The kit's
``newsletter-base.css`` stands for the two stylesheets the PyData theme's
``head_pre_assets`` macro links (in :data:`PYDATA_WEBPACK_MACROS`; derived by
``tools/theme_css.py``). Its ``layout.html`` holds copies of upstream blocks, each
pinned by its digest in ``tests/test_compat.py`` (``THEME_BLOCKS``), which fails
when an upgrade changes the original:

- PyData's ``css`` and ``extrahead``, without their inline scripts, Font Awesome and
  the theme's preloads (a Content-Security-Policy without ``'unsafe-inline'``, and
  issue 9 at 36.5 KB gzipped instead of 87.8: ``benchmarks/PAGE_WEIGHT.md``);
- PyData's ``content`` and ``footer`` and the book theme's ``docs_main`` and
  ``docs_body``, with PyData's ``sections/sidebar-primary.html``,
  ``header-article.html`` and ``sidebar-secondary.html`` and the book theme's
  ``footer-content.html`` written inline: the frame without what only PyData's
  scripts or Read the Docs used, 1.4 to 2.3 KB lighter on every page (11,819 pages in
  the realistic archive), screenshots byte-identical (stop 25, ``NOTES.md``);
- PyData's ``docs_navbar``, ``search_dialog`` and ``scripts_end``, emptied.

``theme.toml`` lists the book theme's ``styles/sphinx-book-theme.css``;
``newsletter-nav.js`` opens PyData's sidebar dialogs (:data:`PYDATA_DRAWERS`).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import html
import json
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

import cbor2
import sphinx.locale

if TYPE_CHECKING:
    import jinja2
    from docutils import nodes
    from docutils.parsers.rst import Directive
    from docutils.utils import Reporter
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import CustomReSTDispatcher
    from sphinx.util.typing import RoleFunction
    from sphinx.writers.html5 import HTML5Translator

#: The PyData theme's template of asset macros, whose stylesheets the kit replaces.
PYDATA_WEBPACK_MACROS = "static/webpack-macros.html"


def config_hash(builder: Builder) -> str:
    """The HTML builder's digest of the HTML-relevant config ('' for other builders).

    ``StandaloneHTMLBuilder.build_info`` is a ``sphinx.builders.html._build_info``
    ``BuildInfo`` (private module, Sphinx 9.0.4) whose ``config_hash`` is what
    ``.buildinfo`` records.
    """
    return getattr(getattr(builder, "build_info", None), "config_hash", "")


def cache_sphinx_templates(builder: Builder, cache: jinja2.BytecodeCache) -> None:
    """Give Sphinx's own template environment a bytecode cache, unless it has one.

    ``BuiltinTemplateLoader.environment`` (Sphinx 9.0.4) is the Jinja environment
    every theme template is compiled in; Sphinx sets no cache on it.
    """
    environment = getattr(getattr(builder, "templates", None), "environment", None)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = cache


def render_doctree(builder: StandaloneHTMLBuilder, docname: str, doctree: nodes.document) -> str:
    """A resolved doctree's body HTML, as the HTML builder writes it into the page.

    ``StandaloneHTMLBuilder.write_doc`` (Sphinx 9.0.4) sets ``docsettings``,
    ``imgpath``, ``current_docname`` and the section numbers before walking the
    doctree with ``create_translator``; ``post_process_images`` (done in
    ``write_doc_serialized``) maps each image to its copy in ``_images``. The
    same steps here, outside the page's own writing, with permalinks off.
    """
    from sphinx.util.osutil import relative_uri

    settings = getattr(builder, "docsettings", None)
    if settings is not None:
        doctree.settings = settings
    builder.imgpath = relative_uri(builder.get_target_uri(docname), "_images")
    builder.dlpath = relative_uri(builder.get_target_uri(docname), "_downloads")
    builder.secnumbers = builder.env.toc_secnumbers.get(docname, {})
    builder.fignumbers = builder.env.toc_fignumbers.get(docname, {})
    builder.current_docname = docname
    builder.post_process_images(doctree)
    permalinks = builder.add_permalinks
    builder.add_permalinks = False
    try:
        # ``create_translator`` is typed as returning a plain NodeVisitor; an HTML
        # builder's translator is Sphinx's HTML5Translator (or a subclass set for it),
        # which writes the body into ``fragment``.
        visitor = cast("HTML5Translator", builder.create_translator(doctree, builder))
        doctree.walkabout(visitor)
    finally:
        builder.add_permalinks = permalinks
    return "".join(visitor.fragment)


def reload_sphinx_translations(app: Any) -> None:
    """Load Sphinx's own catalog again, for ``app.config.language`` as it is now.

    ``Sphinx._init_i18n`` (private, Sphinx 9.0.4) loads the catalog before any
    extension is set up, under the language as ``conf.py`` wrote it, and the
    templates translate with the ``app.translator`` it sets.
    """
    app._init_i18n()


@contextlib.contextmanager
def sphinx_translations_forgotten() -> Iterator[None]:
    """Forget, when the block ends, the catalogs the Sphinx app of the block loaded.

    Sphinx keeps every catalog it loads in the module-wide ``sphinx.locale.translators``
    (Sphinx 9.0.4) and merges a later app's into it, so an English build that follows
    a Chinese reading in the same process (``newsletter check`` run in a test, or by a
    tool) would get Sphinx's and the themes' words in Chinese. Sphinx's own test app
    clears the table the same way when it is done (``SphinxTestApp.cleanup``).
    """
    try:
        yield
    finally:
        sphinx.locale.translators.clear()


def user_set(config: Config, name: str) -> bool:
    """Whether ``conf.py`` (or ``-D``) set ``name`` itself, not a default.

    Sphinx keeps the names ``conf.py`` defined in the private ``Config._raw_config``
    (Sphinx 9.0.4); ``config.overrides`` holds the ``-D`` ones.
    """
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def index_entries(env: BuildEnvironment) -> dict[str, list[tuple[str, str, str, str, str | None]]]:
    """The general-index entries of every document, by docname, to read or replace.

    The index domain's ``entries`` (Sphinx 9.0.4) is the live table the general
    index is made from: entries set here are indexed.
    """
    return env.domains.index_domain.entries


def turn_off_general_index(builder: StandaloneHTMLBuilder) -> bool:
    """Stop the HTML builder writing the general index; whether it was going to.

    ``StandaloneHTMLBuilder.use_index`` (Sphinx 9.0.4) is read when the builder
    writes its extra pages; ``hasdoc('genindex')`` reads the config, so pages
    still link the index.
    """
    if not builder.use_index:
        return False
    builder.use_index = False
    return True


def turn_off_builder_search(builder: StandaloneHTMLBuilder) -> None:
    """Stop the HTML builder making its search index and search page.

    ``StandaloneHTMLBuilder.search`` (Sphinx 9.0.4, a class attribute meant for
    the HTML Help builders) is read in ``prepare_writing`` (no ``IndexBuilder``,
    so no ``searchindex.js``) and in ``gen_additional_pages`` (no search page).
    """
    builder.search = False


def is_pydata_options_script(script: object) -> bool:
    """Whether a page script is one of the PyData theme's inline option scripts.

    pydata-sphinx-theme 0.20.0 adds ``DOCUMENTATION_OPTIONS.pagename = ...`` (and
    the search-as-you-type and version-switcher options) with
    ``app.add_js_file(None, body=...)``; Sphinx 9.0.4 keeps the text in the
    script's ``attributes["body"]``. Only the text tells them apart.
    """
    body = getattr(script, "attributes", {}).get("body", "")
    return str(body).startswith("DOCUMENTATION_OPTIONS.")


def asset_filename(asset: object) -> str:
    """The file name a page's script or stylesheet was added with ('' for inline ones).

    Sphinx 9.0.4 hands templates ``script_files`` and ``css_files`` as
    ``sphinx.builders.html._assets._JavaScript``/``_CascadingStyleSheet`` (a private
    module) whose ``filename`` is the name given to ``add_js_file``/``add_css_file``
    (or Sphinx's own, such as ``doctools.js`` and ``pygments.css``).
    """
    return str(getattr(asset, "filename", "") or "")


#: The viewport tag docutils 0.22.4's HTML5 writer puts in every page's ``meta``
#: (``html5_polyglot.Writer.meta``), which Sphinx 9.0.4 hands templates in
#: ``metatags``; the basic theme's ``layout.html`` writes its own above it.
DOCUTILS_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1" />\n'


def drop_docutils_viewport(metatags: str) -> str:
    """``metatags`` without docutils' viewport tag (:data:`DOCUTILS_VIEWPORT`)."""
    return metatags.replace(DOCUTILS_VIEWPORT, "", 1)


#: pydata-sphinx-theme 0.20.0's layout has, for each sidebar, a ``<dialog>`` its
#: script moves the sidebar into on narrow screens; its CSS shows a sidebar as a
#: drawer when it is ``[open]``. The kit's ``newsletter-nav.js`` does the same.
PYDATA_DRAWERS = {
    "pst-primary-sidebar": "pst-primary-sidebar-modal",
    "pst-secondary-sidebar": "pst-secondary-sidebar-modal",
}


def escape_book_theme_title(context: dict[str, Any]) -> None:
    """Escape the ``pagetitle`` sphinx-book-theme prints raw.

    sphinx-book-theme 1.4.0 sets ``context["pagetitle"]`` to the title's plain
    text and prints ``{{ pagetitle }}`` in its print-only header, unescaped.
    """
    if isinstance(context.get("pagetitle"), str):
        context["pagetitle"] = html.escape(context["pagetitle"])


def opengraph_attribute(value: str) -> str:
    """Escape a page's ``og:*`` metadata value for sphinxext-opengraph.

    sphinxext-opengraph 0.13.0 writes each value into ``content="..."`` through
    ``make_tag``, which turns ``"`` into ``&quot;`` and escapes nothing else.
    """
    return html.escape(value, quote=False)


def id_holder(document: nodes.document, node_id: str) -> nodes.Element | None:
    """The node on the page that holds the HTML id ``node_id``, if any.

    docutils 0.22.4 keeps every id of a document in ``document.ids`` (id -> node)
    and gives no id twice that is in it.
    """
    return document.ids.get(node_id)


def reserve_id(document: nodes.document, node_id: str, node: nodes.Element) -> None:
    """Register ``node`` as the holder of ``node_id`` (see :func:`id_holder`)."""
    document.ids[node_id] = node


def release_id(document: nodes.document, node_id: str) -> None:
    """Forget who holds ``node_id``, so another node may take it (see :func:`id_holder`)."""
    del document.ids[node_id]


# -- parsing untrusted pages (policy.py) ----------------------------------------------


#: A directive look-up's result: the directive class (None if unknown) and messages.
DirectiveFound = tuple["type[Directive] | None", "list[nodes.system_message]"]
#: A role look-up's result: the role function (None if unknown) and messages.
RoleFound = tuple["RoleFunction | None", "list[nodes.system_message]"]


def filtered_lookups(
    directive_filter: Callable[
        [str, type[Directive] | None, list[nodes.system_message]], DirectiveFound
    ],
    role_filter: Callable[[str, RoleFunction | None, list[nodes.system_message]], RoleFound],
) -> CustomReSTDispatcher:
    """A context manager through which docutils looks up every directive and role.

    ``sphinx.util.docutils.CustomReSTDispatcher`` (Sphinx 9.0.4) swaps docutils'
    module functions ``directives.directive`` and ``roles.role`` for its own
    methods between ``enable()`` and ``disable()``, and its methods call the
    functions it found (Sphinx's own dispatcher for domains, then docutils'). MyST
    (5.2.0) looks every directive and role up through those module functions, in
    its own syntax and inside ``{eval-rst}``. Each filter gets the name, what the
    look-up found and its messages, and returns what docutils should see.
    """
    from sphinx.util.docutils import CustomReSTDispatcher

    class Filtered(CustomReSTDispatcher):
        def directive(
            self, name: str, language_module: ModuleType, document: nodes.document
        ) -> DirectiveFound:
            found, messages = super().directive(name, language_module, document)
            return directive_filter(name, found, messages)

        # Sphinx types the role found as never None, but docutils' ``roles.role``
        # (which it calls) gives None for an unknown role, and so does a filter.
        def role(  # type: ignore[override]
            self, name: str, language_module: ModuleType, lineno: int, reporter: Reporter
        ) -> RoleFound:
            found, messages = super().role(name, language_module, lineno, reporter)
            return role_filter(name, found, messages)

    return Filtered()


def myst_config(env: BuildEnvironment) -> MdParserConfig:
    """The site's MyST configuration, as MyST parses the site's documents with it.

    myst-parser 5.2.0 makes it at ``builder-inited`` (``sphinx_ext.main.create_myst_config``)
    and keeps it on the environment as ``env.myst_config``, where its own
    ``MystParser.parse`` reads it; Sphinx's types know no such attribute.
    """
    config: MdParserConfig = getattr(env, "myst_config")  # noqa: B009
    return config


def myst_renderer_base() -> type[SphinxRenderer]:
    """MyST's renderer for Sphinx, for a subclass that overrides two of its methods.

    myst-parser 5.2.0's ``SphinxRenderer`` (through ``DocutilsRenderer``) renders
    a backtick-fenced ``{eval-rst}`` block by its method
    ``render_restructuredtext(token)`` (a colon-fenced one is looked up as a
    directive named ``eval-rst``), and the front matter by
    ``render_front_matter(token)``.
    """
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer

    return SphinxRenderer


def token_line(token: Any) -> int:
    """The source line MyST gives a token's warnings (``mdit_to_docutils.base.token_line``)."""
    from myst_parser.mdit_to_docutils.base import token_line as myst_token_line

    return myst_token_line(token, default=1)


def every_link_a_node(md: Any) -> None:
    """Make markdown-it turn every link into a node, whatever its scheme.

    markdown-it-py (4.0) calls ``MarkdownIt.validateLink(url)``, an attribute
    meant to be replaced, and leaves a link it rejects (``javascript:``,
    ``vbscript:``, ``file:``, most ``data:``) as plain text, with no trace the kit
    could report. The kit's link policy decides instead (``sanitize``).
    """
    md.validateLink = lambda url: True


def is_reading(app: Any) -> bool:
    """Whether Sphinx is in its reading phase (``Builder.phase``, undocumented).

    Sphinx replays the warnings of reading (its workers' too) before it leaves
    this phase, so ``reader`` tells a source's warnings from the consistency
    check's by it. Sphinx 9.0: ``Builder.phase`` is a ``BuildPhase``.
    """
    from sphinx.util.build_phase import BuildPhase

    return getattr(getattr(app, "builder", None), "phase", None) == BuildPhase.READING


def check_consistency(app: Any) -> None:
    """Run the environment's consistency check (the domains' ``check_consistency``).

    Sphinx runs it only after reading something; ``reader`` runs it when a cached
    reading had nothing to re-read. Sphinx 9.0: ``BuildEnvironment.check_consistency``
    with the builder in its ``CONSISTENCY_CHECK`` phase.
    """
    from sphinx.util.build_phase import BuildPhase

    app.builder.phase = BuildPhase.CONSISTENCY_CHECK
    app.env.check_consistency()


#: The header of every compressed Pagefind bundle file, before its CBOR payload.
PAGEFIND_HEADER = b"pagefind_dcd"


def _pagefind_load(path: Path) -> Any:
    return cbor2.loads(gzip.decompress(path.read_bytes())[len(PAGEFIND_HEADER) :])


def _pagefind_dump(folder: Path, stem: str, suffix: str, hash_length: int, value: Any) -> str:
    """Write ``value`` as a bundle file named by its content; its hash (``en_1a2b3c4``)."""
    data = PAGEFIND_HEADER + cbor2.dumps(value)
    name = f"{stem}_{hashlib.sha1(data).hexdigest()[:hash_length]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def canonical_pagefind_bundle(bundle: Path) -> None:
    """Give a Pagefind bundle's filter files one order, so equal input gives equal bytes.

    Pagefind 1.5.2 writes each filter's values (``filter/en_1a2b3c4.pf_filter``,
    gzip of ``pagefind_dcd`` + CBOR ``[name, [[value, [page, ...]], ...]]``) and the
    meta file's list of filters (``pagefind.en_<10 hex>.pf_meta``: ``[version,
    chunks, segments, [[filter, file hash], ...], [[sort, pages], ...], meta
    keys]``) in the order of a Rust ``HashMap``, seeded anew by each process. The
    files are rewritten sorted and renamed by their content; the JS reads the
    names from the meta file, and the meta file's name from
    ``pagefind-entry.json`` (whose languages are sorted too). Index chunks and
    fragments come out stable already.
    """
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    filters = bundle / "filter"
    for language, about in sorted(entry["languages"].items()):
        meta_path = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _pagefind_load(meta_path)
        renamed: list[list[str]] = []
        for name, old in sorted(meta[3]):
            old_path = filters / f"{old}.pf_filter"
            filter_name, values = _pagefind_load(old_path)
            old_path.unlink()
            new = _pagefind_dump(filters, language, ".pf_filter", 7, [filter_name, sorted(values)])
            renamed.append([name, new])
        meta[3] = renamed
        meta[4] = sorted(meta[4])
        meta_path.unlink()
        about["hash"] = _pagefind_dump(bundle, f"pagefind.{language}", ".pf_meta", 10, meta)
        about["hash"] = about["hash"].removeprefix("pagefind.")
    # The languages, too, come in the HashMap's order.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    entry_path.write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )


#: Pagefind 1.5.2's two scripts (the worker's and the main thread's), which the kit
#: changes in the bundle: each edit below is made once in each of them.
PAGEFIND_SCRIPTS = ("pagefind.js", "pagefind-worker.js")
#: Pagefind 1.5.2's search asks the index for the chunks holding the query's
#: words. A filter-only search has none, and the index answers with every chunk:
#: 2 MB at 1,000 issues, for a search that reads no word. Pagefind fixed this
#: after 1.5.2 (pagefind#1317: no chunks for an empty term); 1.5.2 is the newest wheel.
PAGEFIND_CHUNKS_CALL = b"let index_resp=this.backend.request_indexes(ptr,term);"
PAGEFIND_NO_WORDS_NO_CHUNKS = b'let index_resp=term?this.backend.request_indexes(ptr,term):"[]";'
#: Pagefind 1.5.2's ``filters()`` adds up the counts of the indexes a page searches
#: (the site's language and each ``mergeIndex``) in a plain object: a value named
#: like an inherited member (a topic ``constructor``) that only a merged index holds
#: counted as "function Object() { [native code] }1", and ``__proto__`` was lost.
#: Each filter's counts are copied into an object without a prototype instead.
PAGEFIND_MERGE_FIRST = b"if(!merged[filterKey]){merged[filterKey]=values;continue;}"
PAGEFIND_MERGE_FIRST_OWN = (
    b"if(!merged[filterKey]){merged[filterKey]=Object.assign(Object.create(null),values);continue;}"
)
#: The kit's edits of Pagefind's scripts: (as Pagefind wrote it, as the kit writes it).
PAGEFIND_SCRIPT_EDITS = (
    (PAGEFIND_CHUNKS_CALL, PAGEFIND_NO_WORDS_NO_CHUNKS),
    (PAGEFIND_MERGE_FIRST, PAGEFIND_MERGE_FIRST_OWN),
)


def edit_pagefind_scripts(bundle: Path) -> bool:
    """Make :data:`PAGEFIND_SCRIPT_EDITS` in a bundle's scripts (Pagefind 1.5.2's).

    True when every edit was made; False (nothing changed) when a Pagefind other
    than 1.5.2 wrote them: ``test_compat`` fails then, to check the newer one.
    """
    scripts = {path: path.read_bytes() for path in (bundle / name for name in PAGEFIND_SCRIPTS)}
    if any(
        script.count(old) != 1 for script in scripts.values() for old, _ in PAGEFIND_SCRIPT_EDITS
    ):
        return False
    for path, script in scripts.items():
        for old, new in PAGEFIND_SCRIPT_EDITS:
            script = script.replace(old, new)
        path.write_bytes(script)
    return True


def set_pagefind_urls(bundle: Path, urls: dict[str, str]) -> int:
    """Give the records whose Pagefind URL is a key of ``urls`` the URL it maps to.

    Pagefind's CLI takes a result's URL from its file's path, and a long ``#id``
    is no file name. A fragment (``fragment/<lang>_<hash>.pf_fragment``: gzip of
    ``pagefind_dcd`` + JSON, see ``pagefind_fragments``) holds the URL the JS
    shows; its file keeps its name, which the meta file refers to. How many
    fragments were changed.
    """
    changed = 0
    # The URL comes first (``pagefind_dcd{"url":"/…",``): only the start of each
    # fragment is inflated to tell whether it is one of them.
    opening = PAGEFIND_HEADER + b'{"url":"'
    longest = len(opening) + max((len(url.encode()) for url in urls), default=0) + 1
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        packed = path.read_bytes()
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(packed, longest)
        end = head.find(b'"', len(opening))
        if (
            not head.startswith(opening)
            or head[len(opening) : end].decode(errors="replace") not in urls
        ):
            continue
        fragment = json.loads(gzip.decompress(packed)[len(PAGEFIND_HEADER) :])
        if fragment.get("url") in urls:
            fragment["url"] = urls[fragment["url"]]
            body = json.dumps(fragment, ensure_ascii=False, separators=(",", ":"))
            path.write_bytes(gzip.compress(PAGEFIND_HEADER + body.encode("utf-8"), mtime=0))
            changed += 1
    return changed


def pagefind_fragments(bundle: Path) -> list[dict[str, Any]]:
    """Every record of a Pagefind bundle: its ``url``, ``content``, ``filters``, ``meta``.

    Pagefind 1.5.2 writes one ``fragment/<lang>_<hash>.pf_fragment`` per indexed
    page: gzip of ``pagefind_dcd`` + JSON. ``bundle`` is one bundle or a folder of
    them (the kit's parts, ``pagefind/<part>/``). Sorted by URL.
    """
    out = []
    for path in sorted(bundle.glob("**/fragment/*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())[len(PAGEFIND_HEADER) :]
        out.append(json.loads(data))
    return sorted(out, key=lambda fragment: fragment["url"])


def directive_text(directive: type, first_line: str, content: str, line: int) -> Any:
    """What MyST hands a directive of a fence: its arguments, body lines, warnings.

    The fast reader (``read.fast``) calls it as ``render_directive`` does, so the
    kit's directives get the same argument and content both ways. myst-parser
    5.2: ``myst_parser.parsers.directives.parse_directive_text`` (undocumented)
    returns a ``DirectiveParsingResult`` (``arguments``, ``body``, ``warnings``).
    """
    from myst_parser.parsers.directives import parse_directive_text

    return parse_directive_text(directive, first_line, content, line=line)


def kit_only_source_read(app: Any, handlers: Iterable[Any]) -> bool:
    """Whether ``source-read`` runs nothing but ``handlers`` (the kit's own).

    The fast reader applies the kit's two source-read steps itself; a site whose
    ``conf.py`` adds its own handler is read by the build's reader instead.
    Sphinx 9.0: ``EventManager.listeners`` maps an event to ``EventListener``
    tuples with a ``handler`` (undocumented).
    """
    return {listener.handler for listener in app.events.listeners.get("source-read", ())} <= set(
        handlers
    )


def smart_quoted(env: Any, pieces: Sequence[tuple[str, str]]) -> str:
    """The text of one block (a heading) after Sphinx's smart-quotes transform.

    ``pieces`` are ``("plain" | "literal", text)`` in order, as the transform's
    ``get_tokens`` gives them for the block's text nodes. Mirrors
    ``sphinx.transforms.SphinxSmartQuotes`` (``is_available``, Sphinx 9.0) over
    ``docutils.transforms.universal.SmartQuotes.apply`` (docutils 0.22, without the
    ``alt`` setting and per-node languages, which the kit never sets), so the fast
    reader's headline is the build's. ``tests/test_compat.py`` compares both.
    """
    from docutils.utils import normalize_language_tag, smartquotes

    config = env.config
    excludes = config.smartquotes_excludes
    language = env.settings["language_code"]
    if (
        not config.smartquotes
        or env._builder_cls.name in excludes.get("builders", [])
        or config.language in excludes.get("languages", [])
        or not any(tag in smartquotes.smartchars.quotes for tag in normalize_language_tag(language))
    ):
        return "".join(text for _, text in pieces)
    lang = next(
        tag for tag in normalize_language_tag(language) if tag in smartquotes.smartchars.quotes
    )
    tokens = [
        (kind, re.sub(r"(?<=\x00)([-\\'\".`])", r"\\\1", text) if kind == "plain" else text)
        for kind, text in pieces
    ]
    return "".join(
        smartquotes.educate_tokens(tokens, attr=config.smartquotes_action, language=lang)
    )


def read_serially(app: Any) -> None:
    """Have Sphinx read the documents still to read in its main process.

    Called at ``env-before-read-docs``. Sphinx 9.0's ``Builder.read`` chooses a
    parallel reading from ``app.parallel`` just after that event, and each of its
    workers sends back the whole pickled environment (``_read_parallel``), which
    costs more than reading a few pages (Sphinx 7 read fewer than six serially).
    The builder is left reading serially: the check's builder writes nothing.
    """
    app.parallel = 1


def parallel_map(func: Callable[[list[Any]], list[Any]], items: list[Any], nproc: int) -> list[Any]:
    """``func`` over ``items`` in chunks, in ``nproc`` forked processes; results in order.

    Sphinx's own reader pool (``sphinx.util.parallel``: ``ParallelTasks``,
    ``make_chunks``, ``parallel_available``; Sphinx 9.0, undocumented) forks
    workers and replays their log records in the parent, so a worker's warnings
    read as the main process's. Serial where forking is not available.
    """
    from sphinx.util.parallel import ParallelTasks, make_chunks, parallel_available

    if nproc <= 1 or not parallel_available or len(items) < 2:
        return func(items)
    done: dict[int, list[Any]] = {}
    tasks = ParallelTasks(nproc)
    for index, chunk in enumerate(make_chunks(items, nproc)):

        def keep(_chunk: list[Any], result: list[Any], index: int = index) -> None:
            done[index] = result

        tasks.add_task(func, chunk, keep)
    tasks.join()
    return [result for index in sorted(done) for result in done[index]]
