"""The kit's own words in the site's language: its message catalog and the site's overrides.

Every fixed string the kit shows (templates, directives, listings, feeds, email,
the build's last line) is a msgid of the catalog domain ``sphinx_newsletter``,
looked up in the build's own ``Words``. The ``.po`` sources live in ``locale/``;
the ``.mo`` a build reads is compiled from them (Babel) into its doctree folder
when missing or older than its ``.po``, so nothing compiled is committed and a
clean clone builds. A site replaces any label with ``newsletter_labels``.
"""

from __future__ import annotations

import functools
import gettext
import hashlib
import io
import os
import tempfile
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
import babel.plural
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape
from sphinx.util import logging

from ._compat import reload_sphinx_translations, user_set

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

#: The kit's message catalog domain (``locale/<lang>/LC_MESSAGES/sphinx_newsletter.po``).
CATALOG = "sphinx_newsletter"
LOCALE_DIR = Path(__file__).parent / "locale"
#: Where, under the doctree folder, the compiled ``.mo`` files go.
COMPILED = "newsletter-locale"
#: The catalog's template: every msgid the kit has (``make messages`` writes it).
TEMPLATE = LOCALE_DIR / f"{CATALOG}.pot"

logger = logging.getLogger(__name__)

#: Languages whose sites have no general index (see ``take_overrides``).
CJK = frozenset({"zh", "ja", "ko"})
#: Where a build's words are kept on its ``Config`` (not pickled: a leading ``_``).
_ATTRIBUTE = "_newsletter_words"


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is declared; translate it where shown."""
    return message


class _Fields(dict[str, object]):
    """Format fields; one a label does not know stays as written (``{x}``)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _filled(text: str, fields: dict[str, object]) -> str:
    """``text`` with its ``{name}`` fields filled in; a site's label with stray
    braces is shown as written rather than failing the build."""
    if not fields:
        return text
    try:
        return text.format_map(_Fields(fields))
    except (ValueError, IndexError, AttributeError):
        return text


@dataclass
class Words:
    """The kit's words for one build: its catalog in the site's language, and the
    site's own labels (``newsletter_labels``, by msgid; a plural message's entry is
    one text or a (singular, plural) pair)."""

    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    overrides: Mapping[str, str | tuple[str, str]] = field(default_factory=dict)
    #: The digest of the compiled catalog ("" for English), for ``key``.
    compiled: str = ""
    #: Every label looked up so far, by msgid: listing pages ask for the same few
    #: words thousands of times.
    looked_up: dict[str, str] = field(default_factory=dict)

    def text(self, message: str, **fields: object) -> str:
        """``message`` in the site's language (the site's override, else the catalog's),
        its ``{name}`` fields filled in from ``fields``."""
        text = self.looked_up.get(message)
        if text is None:
            override = self.overrides.get(message)
            text = override if isinstance(override, str) else self.translations.gettext(message)
            self.looked_up[message] = text
        return _filled(text, fields)

    def plural(self, singular: str, plural: str, n: int, **fields: object) -> str:
        """The singular or plural of a message for ``n``, by the language's plural rule,
        its fields (``{n}`` among them) filled in."""
        return _filled(self._plural_text(singular, plural, n), {"n": n, **fields})

    def _plural_text(self, singular: str, plural: str, n: int) -> str:
        override = self.overrides.get(singular)
        if isinstance(override, tuple):
            return override[0] if n == 1 else override[1]
        if isinstance(override, str):
            return override
        return self.translations.ngettext(singular, plural, n)

    def plural_forms(self, singular: str, plural: str, language: str | None) -> dict[str, str]:
        """Every form of a plural message, by ``language``'s CLDR plural category
        (``one``, ``other``...), its fields left as written: for a page that learns
        ``n`` only in the browser and picks the form with ``Intl.PluralRules``.

        Each category's form is the catalog's for the first count in that category
        (the catalogs' gettext rules and CLDR's agree on the kit's languages:
        ``tests/test_i18n.py``). A category met only past :data:`PLURAL_SAMPLES`
        (French ``many``, a million) is left out; the page falls back to ``other``.
        """
        rule = _plural_rule(language)
        forms: dict[str, str] = {}
        for n in PLURAL_SAMPLES:
            forms.setdefault(rule(n), self._plural_text(singular, plural, n))
        return forms

    def key(self) -> str:
        """What the words depend on besides the language: the catalog and overrides.

        Generated pages are written again only when their data or this key changes;
        ``newsletter_labels`` is not among the values Sphinx's HTML config hash covers.
        """
        return repr((self.compiled, sorted(self.overrides.items())))


#: The counts whose plural categories a page is given (:meth:`Words.plural_forms`).
PLURAL_SAMPLES = range(1000)


def _plural_rule(language: str | None) -> babel.plural.PluralRule:
    """CLDR's plural rule of ``language`` (English's when Babel does not know it)."""
    try:
        return babel.Locale.parse(language or "en").plural_form
    except (ValueError, babel.UnknownLocaleError):
        return babel.Locale.parse("en").plural_form


#: The words of the build that is running. The kit shows its words from some 50
#: places (directives, transforms, listings, feeds, email), most of which see no
#: build object; rather than thread one through each of them, the build's own
#: events make its words current: ``config-inited`` when it is set up, and
#: ``env-get-outdated``, the first event of every ``build()``. So two builds in
#: one process (tests, sphinx-autobuild), even interleaved, each speak their own
#: words, and a context variable (not a module global) keeps threads apart too.
#: Forked parallel workers inherit the value. Templates get their build's words
#: directly (``add_to_context``).
#: Its default (English, no overrides) is shared: all it caches is English.
_current: ContextVar[Words] = ContextVar("newsletter_words", default=Words())  # noqa: B039


def words_of(config: Config) -> Words:
    """The words of the build ``config`` belongs to (English until ``config-inited``)."""
    return getattr(config, _ATTRIBUTE, None) or Words()


def _(message: str, **fields: object) -> str:
    """``message`` in the current build's language (the site's override, else the
    catalog's), its ``{name}`` fields filled in from ``fields``."""
    return _current.get().text(message, **fields)


def ngettext(singular: str, plural: str, n: int, **fields: object) -> str:
    """The singular or plural of a message for ``n`` in the current build's language,
    its fields (``{n}`` among them) filled in."""
    return _current.get().plural(singular, plural, n, **fields)


def canonical_language(tag: str | None) -> str | None:
    """``language`` as Sphinx's catalogs name it: ``zh-CN``/``zh`` → ``zh_CN``.

    gettext looks for ``zh_CN`` and finds nothing under ``zh-CN``; Chinese is
    named by its script (``zh_Hant``, Taiwan, Hong Kong and Macau write
    Traditional characters) since the catalogs are per script. A tag Babel
    cannot read is left as it is.
    """
    if not tag:
        return tag
    try:
        locale = babel.Locale.parse(tag.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        return tag
    if locale.language == "zh":
        traditional = locale.script == "Hant" or locale.territory in {"TW", "HK", "MO"}
        return "zh_TW" if traditional else "zh_CN"
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language


def language_tag(language: str | None) -> str:
    """The site's language as a BCP 47 tag, for ``lang`` and ``xml:lang`` (``zh-CN``)."""
    return (language or "en").replace("_", "-")


def compile_catalog(language: str, dest: Path) -> Path | None:
    """Compile the kit's ``.po`` for ``language`` into ``dest`` unless it is up to date.

    Returns the locale folder to register (``dest``), or None when the kit has no
    catalog for the language. The file is written atomically, so parallel
    builds sharing a doctree folder never read half of one.
    """
    source = next(
        (
            LOCALE_DIR / name / "LC_MESSAGES" / f"{CATALOG}.po"
            for name in dict.fromkeys((language, language.split("_")[0]))
            if (LOCALE_DIR / name / "LC_MESSAGES" / f"{CATALOG}.po").is_file()
        ),
        None,
    )
    if source is None:
        return None
    target = dest / language / "LC_MESSAGES" / f"{CATALOG}.mo"
    if target.is_file() and target.stat().st_mtime >= source.stat().st_mtime:
        return dest
    target.parent.mkdir(parents=True, exist_ok=True)
    with source.open("rb") as po:
        catalog = read_po(po, locale=language)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as mo:
        write_mo(mo, catalog)
    os.replace(mo.name, target)
    return dest


def setup_catalog(app: Sphinx) -> None:
    """At ``setup``: name the language as the catalogs do, and load the kit's catalog.

    This runs before the themes are set up, so that they load their catalogs for
    the language it settles. Sphinx loaded its own catalog under the name as
    written; when the name changes it is loaded again under the new one. The
    kit's catalog is read into this build's ``Words``, not Sphinx's translators
    (a process-wide table where a second build's catalog would join the first's).
    """
    config = app.config
    language = canonical_language(config.language)
    if language != config.language:
        config.language = language
        reload_sphinx_translations(app)
    folder = compile_catalog(language or "en", Path(app.doctreedir) / COMPILED)
    words = Words()
    if folder is not None:
        mo = folder / (language or "en") / "LC_MESSAGES" / f"{CATALOG}.mo"
        # Read here, not through gettext.translation, whose cache (by path) would
        # keep a catalog compiled again at the same path as it was.
        data = mo.read_bytes()
        words = Words(gettext.GNUTranslations(io.BytesIO(data)), {}, hashlib.sha1(data).hexdigest())
    _use(config, words)
    # After the settings are read (config.take_settings, 200) and before the kit's
    # own config-inited handler (400), which uses labels already.
    app.connect("env-get-outdated", make_current)
    # Last of all: outside a build, the kit speaks English again, whatever it built last.
    app.connect("build-finished", lambda app, exception: _current.set(Words()), priority=1000)
    app.connect("html-page-context", add_to_context)


def _use(config: Config, words: Words) -> None:
    """Keep ``words`` as the words of ``config``'s build, and make them current."""
    setattr(config, _ATTRIBUTE, words)
    _current.set(words)


def make_current(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """``env-get-outdated``, the first event of every build: this build's words are current."""
    _current.set(words_of(app.config))
    return []


def msgids() -> dict[str, bool]:
    """Every msgid of the kit's catalog (a plural message by its singular): is it plural?"""
    with TEMPLATE.open("rb") as file:
        return {
            message.id if isinstance(message.id, str) else message.id[0]: message.pluralizable
            for message in read_po(file)
            if message.id
        }


def take_overrides(config: Config, overrides: Mapping[str, str | tuple[str, str]]) -> None:
    """At ``config-inited``, once the settings are read (``config.take_settings`` hands
    them over): the site's labels (``newsletter_labels``) take precedence; the 404
    page speaks the site's language and a CJK site has no general index, unless
    ``conf.py`` says otherwise."""
    _use(config, replace(words_of(config), overrides=overrides, looked_up={}))
    if not user_set(config, "html_use_index") and (config.language or "").split("_")[0] in CJK:
        # Sphinx's general index groups by first character: one group per Han
        # character, which no reader of Chinese or Japanese looks things up by.
        # Search (Pagefind, which segments CJK) finds issues and regions instead.
        config.html_use_index = False
    if not user_set(config, "notfound_context"):
        title = _("Page not found")
        text = _("Nothing is at this address. The archive lists every issue.")
        config.notfound_context = {
            "title": title,
            "body": f"<h1>{escape(title)}</h1>\n\n<p>{escape(text)}</p>",
        }


def add_to_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """``html-page-context``: the kit's templates translate with ``nl_`` and ``nl_ngettext``.

    Their own names, since ``_`` in a theme's templates is Sphinx's catalog.
    """
    words = words_of(app.config)
    context["nl_"] = words.text
    context["nl_ngettext"] = words.plural
    # A plural message whose count only the browser learns (the search page's).
    context["nl_plural_forms"] = functools.partial(words.plural_forms, language=app.config.language)
