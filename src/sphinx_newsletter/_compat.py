"""Every reach into a third party's internals, in one place, each with the versions it fits.

The kit relies on a few things its dependencies do not promise: private
attributes, the text of a script, a template's name. Each reach is one
function here, whose docstring names what it relies on and the versions it
was checked on; ``tests/test_compat.py`` fails when an upgrade changes that
behaviour, and ``pyproject.toml`` caps those dependencies below their next
minor (or major) release.

Checked on: Sphinx 9.0.4, docutils 0.22.4, myst-parser 5.2.0, markdown-it-py 4.0,
pydata-sphinx-theme 0.20.0, sphinx-book-theme 1.4.0, sphinxext-opengraph 0.13.0.

Some reaches cannot live in Python; the tests check them too. The kit's
``layout.html`` imports the PyData theme's ``static/webpack-macros.html``
(:data:`PYDATA_WEBPACK_MACROS`) for its ``head_pre_assets`` and
``head_js_preload`` macros, and replaces PyData's ``css`` and ``extrahead``
blocks (and ``docs_body`` of ``search.html``) with copies without their inline
scripts; ``theme.toml`` lists the book theme's ``styles/sphinx-book-theme.css``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2
    from docutils import nodes
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.search import IndexBuilder

#: The PyData theme's template of asset macros, imported by the kit's layout.
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


def render_doctree(builder: Builder, docname: str, doctree: nodes.document) -> str:
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
        visitor = builder.create_translator(doctree, builder)
        doctree.walkabout(visitor)
    finally:
        builder.add_permalinks = permalinks
    return "".join(visitor.fragment)


def user_set(config: Config, name: str) -> bool:
    """Whether ``conf.py`` (or ``-D``) set ``name`` itself, not a default.

    Sphinx keeps the names ``conf.py`` defined in the private ``Config._raw_config``
    (Sphinx 9.0.4); ``config.overrides`` holds the ``-D`` ones.
    """
    return name in getattr(config, "_raw_config", {}) or name in config.overrides


def index_entries(env: BuildEnvironment) -> dict[str, list[tuple[str, str, str, str, str | None]]]:
    """The general-index entries of every document, by docname, to read or replace.

    The index domain's ``entries`` (Sphinx 9.0.4) is the live table the general
    index and the search index are made from: entries set here are indexed.
    """
    return env.domains.index_domain.entries


def turn_off_general_index(builder: Builder) -> bool:
    """Stop the HTML builder writing the general index; whether it was going to.

    ``StandaloneHTMLBuilder.use_index`` (Sphinx 9.0.4) is read when the builder
    writes its extra pages; ``hasdoc('genindex')`` reads the config, so pages
    still link the index.
    """
    if not getattr(builder, "use_index", False):
        return False
    builder.use_index = False  # type: ignore[attr-defined]
    return True


def search_indexer(builder: Builder) -> IndexBuilder | None:
    """The HTML builder's search index, if it keeps the tables the kit repairs.

    ``IndexBuilder`` (Sphinx 9.0.4) keeps words in ``_mapping`` and
    ``_title_mapping`` (word -> docnames), titles in ``_titles`` (docname ->
    title) and each page's index entries in ``_index_entries`` (docname ->
    ``(entry, id, main)``), all private and dumped as they are.
    """
    indexer = getattr(builder, "indexer", None)
    tables = ("_mapping", "_title_mapping", "_titles", "_index_entries")
    if indexer is None or not all(hasattr(indexer, name) for name in tables):
        return None
    return indexer


def drop_unused_words(indexer: IndexBuilder) -> None:
    """Drop the words no page holds any more (see :func:`search_indexer`)."""
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]


def indexed_docnames(indexer: IndexBuilder) -> list[str]:
    """The pages in the search index, in document order (see :func:`search_indexer`)."""
    return sorted(indexer._titles)


def set_search_index_entries(
    indexer: IndexBuilder, entries: dict[str, list[tuple[str, str, str]]]
) -> None:
    """Replace the index entries the search index holds (see :func:`search_indexer`)."""
    indexer._index_entries.clear()
    indexer._index_entries.update(entries)


def is_pydata_options_script(script: object) -> bool:
    """Whether a page script is one of the PyData theme's inline option scripts.

    pydata-sphinx-theme 0.20.0 adds ``DOCUMENTATION_OPTIONS.pagename = ...`` (and
    the search-as-you-type and version-switcher options) with
    ``app.add_js_file(None, body=...)``; Sphinx 9.0.4 keeps the text in the
    script's ``attributes["body"]``. Only the text tells them apart.
    """
    body = getattr(script, "attributes", {}).get("body", "")
    return str(body).startswith("DOCUMENTATION_OPTIONS.")


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


def filtered_lookups(
    directive_filter: Callable[[str, Any, list], tuple[Any, list]],
    role_filter: Callable[[str, Any, list], tuple[Any, list]],
) -> Any:
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
        def directive(self, name: str, language_module: Any, document: Any) -> tuple:
            found, messages = super().directive(name, language_module, document)
            return directive_filter(name, found, messages)

        def role(self, name: str, language_module: Any, lineno: int, reporter: Any) -> tuple:
            found, messages = super().role(name, language_module, lineno, reporter)
            return role_filter(name, found, messages)

    return Filtered()


def myst_renderer_base() -> type:
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
