"""What the kit relies on in its dependencies' internals (``_compat``) still holds.

Each test builds a minimal site without the kit (or none at all) and checks
the upstream behaviour one patch relies on; a failure after an upgrade names
the patch to revisit.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pydata_sphinx_theme
import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.html._assets import _JavaScript
from sphinx.config import Config
from sphinx.testing.util import SphinxTestApp

from conftest import build_site, copy_root
from sphinx_newsletter import _compat
from sphinx_newsletter.theme import THEME_PATH

INDEX = """\
A <b> & c
=========

.. index:: single: Marmalade

Some words about toast.
"""


def _app(tmp_path: Path, *, theme: str = "basic", **conf: object) -> SphinxTestApp:
    (tmp_path / "conf.py").write_text(f"html_theme = {theme!r}\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(INDEX, encoding="utf-8")
    return SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build", confoverrides=conf)


@pytest.fixture
def app(tmp_path: Path):
    app = _app(tmp_path)
    yield app
    app.cleanup()


def test_raw_config_holds_only_what_conf_py_set():
    config = Config({"project": "Toast"}, {"language": "de"})
    assert _compat.user_set(config, "project")
    assert _compat.user_set(config, "language")  # -D
    assert not _compat.user_set(config, "html_theme")


def test_index_domain_entries_are_the_table_genindex_reads(app):
    def add_entry(app, env):
        _compat.index_entries(env)["index"].append(("single", "Zebra", "zid", "", None))

    app.connect("env-updated", add_entry)
    app.build()
    entries = _compat.index_entries(app.env)
    assert ("single", "Marmalade", entries["index"][0][2], "", None) in entries["index"]
    genindex = (Path(app.outdir) / "genindex.html").read_text(encoding="utf-8")
    assert "Zebra" in genindex and "Marmalade" in genindex


def test_turning_off_use_index_at_write_started_keeps_the_general_index_unwritten(app):
    turned: list[bool] = []
    app.connect(
        "write-started", lambda app, builder: turned.append(_compat.turn_off_general_index(builder))
    )
    app.build()
    assert turned == [True]
    assert not (Path(app.outdir) / "genindex.html").exists()
    # The builder's flag only: pages still link the index.
    assert "genindex.html" in (Path(app.outdir) / "index.html").read_text(encoding="utf-8")


def test_builder_without_search_writes_no_search_index_or_page(app):
    _compat.turn_off_builder_search(app.builder)  # the builder exists: inited
    app.build()
    assert not (Path(app.outdir) / "searchindex.js").exists()
    assert not (Path(app.outdir) / "search.html").exists()
    assert (Path(app.outdir) / "index.html").exists()


def _pagefind_bundle(tmp_path: Path) -> Path:
    """A real bundle, from Pagefind's binary, of two pages with two filters."""
    from sphinx_newsletter.search.bundle import pagefind_binary

    site = tmp_path / "site"
    site.mkdir()
    for name, regions in (("a", ["japan", "asia"]), ("b", ["korea", "asia"])):
        spans = "".join(f'<span data-pagefind-filter="region">{r}</span>' for r in regions)
        (site / f"{name}.html").write_text(
            f'<html lang="en"><body><h1>{name}</h1><p>word{name}</p>'
            f'<span data-pagefind-filter="year">2024</span>{spans}</body></html>'
        )
    bundle = tmp_path / "bundle"
    subprocess.run(
        [str(pagefind_binary()), "--site", str(site), "--output-path", str(bundle), "--silent"],
        check=True,
    )
    return bundle


def test_pagefind_bundle_files_are_as_the_kit_reads_and_rewrites_them(tmp_path):
    bundle = _pagefind_bundle(tmp_path)
    records = _compat.pagefind_fragments(bundle)
    assert [r["url"] for r in records] == ["/a.html", "/b.html"]
    assert records[0]["filters"] == {"region": ["japan", "asia"], "year": ["2024"]}
    _compat.canonical_pagefind_bundle(bundle)
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    meta_file = bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    meta = _compat._pagefind_load(meta_file)
    assert [name for name, _ in meta[3]] == ["region", "year"]
    region = _compat._pagefind_load(bundle / "filter" / f"{meta[3][0][1]}.pf_filter")
    name, values = region
    assert name == "region"
    assert [(value, len(pages)) for value, pages in values] == [
        ("asia", 2),
        ("japan", 1),
        ("korea", 1),
    ]
    assert len(list((bundle / "filter").iterdir())) == 2
    # Rewritten as they were read: the records are unchanged.
    assert _compat.pagefind_fragments(bundle) == records
    # A record's URL set after indexing, its other fields kept.
    assert _compat.set_pagefind_urls(bundle, {"/b.html": "/b/#ビー"}) == 1
    changed = {r["url"]: r for r in _compat.pagefind_fragments(bundle)}
    assert sorted(changed) == ["/a.html", "/b/#ビー"]
    assert changed["/b/#ビー"] == {**records[1], "url": "/b/#ビー"}


def test_pagefind_scripts_hold_what_the_kit_changes_in_them(tmp_path):
    # Pagefind 1.5.2's two scripts each hold once what the kit changes; after a
    # Pagefind upgrade this fails: check whether the newer one still loads every
    # chunk for a filter-only search (pagefind#1317 fixed it upstream) and still
    # merges the indexes' filter counts in a plain object.
    bundle = _pagefind_bundle(tmp_path)
    for name in _compat.PAGEFIND_SCRIPTS:
        for old, _ in _compat.PAGEFIND_SCRIPT_EDITS:
            assert (bundle / name).read_bytes().count(old) == 1, (name, old)
    assert _compat.edit_pagefind_scripts(bundle)
    for name in _compat.PAGEFIND_SCRIPTS:
        script = (bundle / name).read_bytes()
        for old, new in _compat.PAGEFIND_SCRIPT_EDITS:
            assert old not in script
            assert script.count(new) == 1
    # Done once: a second pass finds nothing to change and changes nothing.
    assert not _compat.edit_pagefind_scripts(bundle)


def test_config_hash_is_what_buildinfo_records(app):
    app.build()
    recorded = re.search(r"^config: (\w+)$", (Path(app.outdir) / ".buildinfo").read_text(), re.M)
    assert recorded and _compat.config_hash(app.builder) == recorded.group(1)


def test_sphinx_template_environment_takes_a_bytecode_cache(app, tmp_path: Path):
    import jinja2

    cache = jinja2.FileSystemBytecodeCache(str(tmp_path))
    app.builder.init()  # the templates are loaded when the builder initialises
    _compat.cache_sphinx_templates(app.builder, cache)
    assert app.builder.templates.environment.bytecode_cache is cache


@pytest.fixture(scope="module")
def book_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The index page of a minimal site in sphinx-book-theme, built in its own process.

    The themes keep state in the process between builds; in another process this
    build cannot change the kit's.
    """
    srcdir = tmp_path_factory.mktemp("book")
    (srcdir / "conf.py").write_text('html_theme = "sphinx_book_theme"\n', encoding="utf-8")
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(srcdir), str(srcdir / "out")],
        check=True,
    )
    return (srcdir / "out" / "index.html").read_text(encoding="utf-8")


def test_pydata_theme_adds_its_options_as_inline_scripts(book_page):
    assert "DOCUMENTATION_OPTIONS.pagename = 'index';" in book_page
    script = _JavaScript("", priority=500, body="DOCUMENTATION_OPTIONS.pagename = 'index';")
    assert _compat.is_pydata_options_script(script)
    assert not _compat.is_pydata_options_script(_JavaScript("_static/x.js", priority=500))


def test_pages_list_sphinx_and_theme_assets_by_the_file_names_the_kit_drops(book_page):
    from sphinx_newsletter.theme import PYGMENTS_STYLESHEETS, UNUSED_SCRIPTS

    for name in UNUSED_SCRIPTS:
        assert f'<script src="{name}?v=' in book_page, name
    assert 'href="_static/pygments.css?v=' in book_page
    # The dark one only with a theme's dark style (the kit's theme.toml sets one).
    assert {"_static/pygments.css", "_static/pygments_dark.css"} == PYGMENTS_STYLESHEETS
    assert "'pygments_dark.css'" in inspect.getsource(StandaloneHTMLBuilder)
    assert _compat.asset_filename(_JavaScript("_static/doctools.js", priority=200)) == (
        "_static/doctools.js"
    )
    assert _compat.asset_filename(_JavaScript("", priority=500, body="x = 1;")) == ""


def test_pydata_layout_has_the_drawer_dialogs_and_css_newsletter_nav_uses():
    root = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    layout = (root / "layout.html").read_text(encoding="utf-8")
    css = (root / "static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    for sidebar, dialog in _compat.PYDATA_DRAWERS.items():
        assert f'<dialog id="{dialog}"></dialog>' in layout
        assert f'id="{sidebar}"' in layout
    # A sidebar's classes on an [open] dialog make it the drawer.
    assert ".bd-sidebar-primary[open]{margin-left:0;visibility:visible}" in css
    assert ".bd-sidebar-secondary[open]" in css
    ours = (THEME_PATH / "nl-menu-button.html").read_text(encoding="utf-8")
    ours += (THEME_PATH / "nl-header-tools.html").read_text(encoding="utf-8")
    for sidebar, dialog in _compat.PYDATA_DRAWERS.items():
        assert f'data-nl-drawer="{sidebar}" aria-controls="{dialog}"' in ours


def test_book_theme_prints_pagetitle_unescaped(book_page):
    assert "<h1>A <b> & c</h1>" in book_page
    context = {"pagetitle": "A <b> & c"}
    _compat.escape_book_theme_title(context)
    assert context["pagetitle"] == "A &lt;b&gt; &amp; c"


def test_pydata_head_assets_are_the_two_stylesheets_the_base_one_replaces():
    # The kit's layout calls no PyData asset macro: newsletter-base.css stands for
    # what head_pre_assets links (tools/theme_css.py derives it from both files).
    macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    text = (macros / _compat.PYDATA_WEBPACK_MACROS).read_text(encoding="utf-8")
    head = text.split("{% macro head_pre_assets() %}", 1)[1].split("{% endmacro %}", 1)[0]
    linked = re.findall(r"pathto\('([^']+)'", head)
    assert linked == ["_static/styles/theme.css", "_static/styles/pydata-sphinx-theme.css"]
    theme_css = macros / "static" / "styles" / "theme.css"
    imports = re.findall(r'@import "([^"]+)"', theme_css.read_text(encoding="utf-8"))
    assert imports == ["../basic.css"]
    layout = (THEME_PATH / "layout.html").read_text(encoding="utf-8")
    assert "_webpack" not in layout


#: The themes' blocks and templates the kit's layout replaces (without their inline
#: scripts, dead elements and blank lines), as checked on pydata-sphinx-theme 0.20.0
#: and sphinx-book-theme 1.4.0: a change upstream may add an asset or an element the
#: kit's copy lacks. Compare it with ours, then update its digest here. A block of
#: ``None`` is the whole template, which the kit's ``content`` block writes inline.
THEME_BLOCKS = {
    ("pydata", "layout.html", "css"): "1436267ac153f48c",
    ("pydata", "layout.html", "extrahead"): "e607f7742f3bd264",
    # Emptied by the kit: PyData's hidden header.
    ("pydata", "layout.html", "docs_navbar"): "52fccd5d7e7127ef",
    # The page's frame, with the search dialog and scripts in it, and the outer footer.
    ("pydata", "layout.html", "content"): "52b94a3bba44f654",
    ("pydata", "layout.html", "footer"): "a10ccd22fc7b27dc",
    ("pydata", "sections/sidebar-primary.html", None): "451dbb9c8132f260",
    ("pydata", "sections/header-article.html", None): "0099dd9fcd1eed84",
    ("pydata", "sections/sidebar-secondary.html", None): "004310d65f2e7636",
    ("book", "layout.html", "docs_main"): "e2f28d6f0b633eff",
    ("book", "layout.html", "docs_body"): "fa297984683f7b1a",
    ("book", "sections/footer-content.html", None): "26697ce922198edb",
}


def _theme_root(package: str) -> Path:
    import sphinx_book_theme

    module = {"pydata": pydata_sphinx_theme, "book": sphinx_book_theme}[package]
    name = {"pydata": "pydata_sphinx_theme", "book": "sphinx_book_theme"}[package]
    return Path(module.__file__).parent / "theme" / name


@pytest.mark.parametrize(("package", "template", "block"), sorted(THEME_BLOCKS, key=str))
def test_theme_blocks_the_kit_replaces_are_as_checked(package, template, block):
    text = (_theme_root(package) / template).read_text(encoding="utf-8")
    if block is not None:
        # To its named end (PyData names them), else its first bare one (the book theme's).
        start = rf"\{{%-? block {block} -?%\}}(.*?)"
        found = re.search(rf"{start}\{{%-? endblock {block} -?%\}}", text, re.S)
        found = found or re.search(rf"{start}\{{%-? endblock -?%\}}", text, re.S)
        assert found, f"{package}'s {template} has no block {block}"
        text = found.group(1)
    digest = hashlib.sha256(text.encode()).hexdigest()[:16]
    assert digest == THEME_BLOCKS[package, template, block], (
        f"{package} changed {block or 'the template'} of {template}: compare it with the "
        "kit's theme/sphinx_newsletter/layout.html"
    )
    ours = (THEME_PATH / "layout.html").read_text(encoding="utf-8")
    assert f"block {block or 'content'} %}}" in ours


def test_book_theme_stylesheet_the_kit_lists_exists():
    import sphinx_book_theme

    static = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static"
    theme = (THEME_PATH / "theme.toml").read_text(encoding="utf-8")
    assert '"styles/sphinx-book-theme.css"' in theme
    assert (static / "styles" / "sphinx-book-theme.css").is_file()


def test_opengraph_quotes_only_double_quotes_of_what_it_is_given():
    from sphinxext.opengraph import make_tag

    tag = make_tag("og:title", _compat.opengraph_attribute('Fish & <chips> "now"'))
    assert tag == '<meta property="og:title" content="Fish &amp; &lt;chips&gt; &quot;now&quot;" />'


def _document() -> nodes.document:
    settings = get_default_settings(Parser)
    return new_document("<test>", settings)


def test_docutils_gives_no_id_that_document_ids_holds():
    document = _document()
    first = nodes.section()
    _compat.reserve_id(document, "intro", first)
    assert _compat.id_holder(document, "intro") is first
    second = nodes.section(names=["intro"])
    document.set_id(second)
    assert second["ids"] and second["ids"] != ["intro"]
    _compat.release_id(document, "intro")
    assert _compat.id_holder(document, "intro") is None
    third = nodes.section(names=["intro"])
    document.set_id(third)
    assert third["ids"] == ["intro"]


# -- parsing untrusted pages -----------------------------------------------------------


def test_filtered_lookups_see_every_directive_and_role_docutils_looks_up() -> None:
    from docutils.parsers.rst import directives

    seen: list[tuple[str, str]] = []

    def directive(name, found, messages):
        seen.append(("directive", name))
        return (None, messages) if name == "note" else (found, messages)

    def role(name, found, messages):
        seen.append(("role", name))
        return found, messages

    original = directives.directive
    with _compat.filtered_lookups(directive, role):
        document = new_document("<test>", get_default_settings(Parser))
        Parser().parse(".. note:: refused\n\n.. warning:: kept\n\n:sub:`x`\n", document)
    assert directives.directive is original
    assert ("directive", "note") in seen and ("directive", "warning") in seen
    assert ("role", "sub") in seen
    assert not list(document.findall(nodes.note))
    assert list(document.findall(nodes.warning))


def _myst_tokens_rendered(source: str, overrides: dict) -> list[str]:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
    from myst_parser.parsers.docutils_ import Parser as MystDocutilsParser
    from myst_parser.parsers.mdit import create_md_parser

    called: list[str] = []
    methods = {name: (lambda self, token, name=name: called.append(name)) for name in overrides}
    renderer = type("Recording", (DocutilsRenderer,), methods)
    parser = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), renderer)
    parser.options["document"] = make_document(parser_cls=MystDocutilsParser)
    parser.render(source)
    return called


def test_myst_renders_eval_rst_and_front_matter_through_the_methods_the_kit_overrides() -> None:
    base = _compat.myst_renderer_base()
    for name in ("render_restructuredtext", "render_front_matter"):
        assert callable(getattr(base, name))
    source = "---\nmyst: {}\n---\n\n```{eval-rst}\nx\n```\n\n:::{eval-rst}\ny\n:::\n"
    called = _myst_tokens_rendered(source, {"render_restructuredtext": 0, "render_front_matter": 0})
    # A colon-fenced block is looked up as a directive named eval-rst: policy refuses it.
    assert called == ["render_front_matter", "render_restructuredtext"]


def test_myst_keeps_the_site_s_configuration_on_the_environment(tmp_path: Path) -> None:
    """``myst_config`` reads what MyST made of ``conf.py`` at ``builder-inited``."""
    from myst_parser.config.main import MdParserConfig

    app = _app(tmp_path, extensions=["myst_parser"], myst_enable_extensions=["colon_fence"])
    try:
        config = _compat.myst_config(app.env)
        assert isinstance(config, MdParserConfig)
        assert set(config.enable_extensions) == {"colon_fence"}
    finally:
        app.cleanup()


def test_markdown_it_keeps_a_link_it_rejects_as_text_unless_every_link_is_a_node() -> None:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer
    from myst_parser.parsers.mdit import create_md_parser

    def links(md) -> list[str]:
        tokens = md.parseInline("[a](javascript:x) [b](https://ok.example/)")
        return [t.attrGet("href") for t in tokens[0].children if t.type == "link_open"]

    md = create_md_parser(MdParserConfig(), DocutilsRenderer)
    assert links(md) == ["https://ok.example/"]
    _compat.every_link_a_node(md)
    assert links(md) == ["javascript:x", "https://ok.example/"]


@pytest.mark.parametrize("parallel", [0, 2])
def test_sphinx_replays_reading_warnings_in_its_reading_phase_and_checks_on_request(
    tmp_path, parallel
):
    import io

    from sphinx.testing.util import SphinxTestApp

    from conftest import copy_root

    class Phased(io.StringIO):
        def __init__(self) -> None:
            super().__init__()
            self.app = None
            self.lines: list[tuple[bool, str]] = []

        def write(self, text: str) -> int:
            self.lines.append((_compat.is_reading(self.app), text))
            return len(text)

    stream = Phased()
    srcdir = copy_root("errors", tmp_path / "site")
    app = SphinxTestApp(
        "dummy", srcdir=srcdir, builddir=srcdir / "_build", warning=stream, parallel=parallel
    )
    stream.app = app
    ran: list[bool] = []
    app.connect("env-check-consistency", lambda _app, _env: ran.append(True))
    app.build()
    # With -j 2, workers' warnings are replayed in the main process, still reading.
    of_reading = [text for reading, text in stream.lines if reading]
    later = [text for reading, text in stream.lines if not reading]
    assert any("has no commentary" in text for text in of_reading)
    assert any("names no recommendation" in text for text in later)
    assert not any("names no recommendation" in text for text in of_reading)
    assert ran == [True] and not _compat.is_reading(app)
    _compat.check_consistency(app)
    assert ran == [True, True]


def test_a_doctree_renders_after_the_build_as_the_page_body_without_permalinks(app):
    """``render_doctree`` repeats ``write_doc``'s set-up; the body must match the page's."""
    app.build()
    env, builder = app.env, app.builder
    doctree = env.get_and_resolve_doctree("index", builder, tags=builder.tags)
    body = _compat.render_doctree(builder, "index", doctree)
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    assert "Some words about toast." in body and "Some words about toast." in page
    assert "A &lt;b&gt; &amp; c" in body
    assert 'class="headerlink"' in page and 'class="headerlink"' not in body
    assert builder.add_permalinks  # restored


def test_sphinx_translations_load_again_for_a_renamed_language(tmp_path: Path) -> None:
    # Sphinx loads its catalog before extensions run, under the name as written;
    # gettext finds no "zh-CN" folder (only zh_CN), so the words stay English.
    app = _app(tmp_path, language="zh-CN")
    try:
        assert app.translator.gettext("Search") == "Search"
        app.config.language = "zh_CN"
        _compat.reload_sphinx_translations(app)
        assert app.translator.gettext("Search") == "搜索"
    finally:
        app.cleanup()


def test_myst_hands_a_directive_without_option_spec_its_option_lines_as_content():
    from sphinx_newsletter.read.directives import RecommendationDirective

    parsed = _compat.directive_text(
        RecommendationDirective, "A title", ":url: https://a.example/\n:bogus:\n\nThe take.\n", 3
    )
    assert parsed.arguments == ["A title"]
    assert parsed.body == [":url: https://a.example/", ":bogus:", "", "The take."]
    assert parsed.warnings == []


def test_source_read_listeners_are_seen_with_their_handlers(app):
    def ours(*args: object) -> None: ...

    def theirs(*args: object) -> None: ...

    app.connect("source-read", ours)
    assert _compat.kit_only_source_read(app, [ours])
    app.connect("source-read", theirs)
    assert not _compat.kit_only_source_read(app, [ours])


@pytest.mark.parametrize("language", ["en", "de", "ja"])
def test_smart_quoted_text_is_what_sphinx_s_transform_makes_of_a_title(tmp_path, language):
    title = "\"Don't\" -- 'say' ``it's`` ... now---or \"never\""
    (tmp_path / "conf.py").write_text(f"language = {language!r}\n", encoding="utf-8")
    (tmp_path / "index.rst").write_text(f"{title}\n{'=' * len(title)}\n\nText.\n", "utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build")
    try:
        app.build()
        built = app.env.get_doctree("index").next_node(nodes.title).astext()
        pieces = [
            ("plain", "\"Don't\" -- 'say' "),
            ("literal", "it's"),
            ("plain", ' ... now---or "never"'),
        ]
        assert _compat.smart_quoted(app.env, pieces) == built
        assert (built != title.replace("``", "")) == (language != "ja")
    finally:
        app.cleanup()


@pytest.mark.parametrize("serial", [True, False])
def test_read_serially_keeps_sphinx_s_reading_in_the_main_process(tmp_path, serial):
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    for name in ("index", "a", "b", "c"):
        (tmp_path / f"{name}.rst").write_text(f"{name}\n===\n\nText.\n", encoding="utf-8")
    pids = tmp_path / "pids.txt"

    def note_pid(*args: object) -> None:
        with pids.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")

    app = SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build", parallel=2)
    try:
        if serial:
            app.connect("env-before-read-docs", lambda app, env, docs: _compat.read_serially(app))
        app.connect("source-read", note_pid)
        app.build()
    finally:
        app.cleanup()
    read_in = set(pids.read_text(encoding="utf-8").split())
    assert len(pids.read_text(encoding="utf-8").split()) == 4
    assert (read_in == {str(os.getpid())}) == serial


def test_parallel_map_returns_each_chunk_s_results_in_order():
    items = list(range(97))
    doubled = _compat.parallel_map(lambda chunk: [2 * x for x in chunk], items, 2)
    assert doubled == [2 * x for x in items]
    assert _compat.parallel_map(lambda chunk: [2 * x for x in chunk], items, 1) == doubled


def test_a_reading_in_another_language_leaves_sphinx_s_words_to_the_next_build(tmp_path):
    """Sphinx keeps its catalogs process-wide; ``read_catalog`` forgets the ones it loaded."""
    import sphinx.locale

    from sphinx_newsletter.read.reader import read_catalog

    read_catalog(copy_root("zh", tmp_path / "zh"))
    assert sphinx.locale.translators == {}
    english = build_site(copy_root("basic", tmp_path / "basic"))
    page = english.page("issues/0001/")
    assert page.select_one('link[rel="index"]')["title"] == "Index"
    assert "Skip to main content" in page.select_one("#pst-skip-link").get_text()


def test_docutils_writes_the_viewport_tag_the_kit_drops_from_metatags():
    from docutils.core import publish_parts

    meta = publish_parts("x", writer_name="html5")["meta"]
    assert _compat.DOCUTILS_VIEWPORT in meta
    assert 'name="viewport"' not in _compat.drop_docutils_viewport(meta)


def test_sphinx_adds_its_search_translations_on_a_site_in_another_language():
    import sphinx

    from sphinx_newsletter.theme import TRANSLATIONS_SCRIPT

    # Sphinx's script for a language it has JavaScript messages for, which pages list
    # under _static/ like doctools.js: the kit drops it (test_reader_site.py).
    js = Path(sphinx.__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.js"
    assert js.exists()
    assert TRANSLATIONS_SCRIPT == "_static/translations.js"
    assert "self.add_js_file('translations.js')" in inspect.getsource(StandaloneHTMLBuilder)
