"""The kit's own words in the site's language: its message catalog and the site's overrides.

Every fixed string the kit shows (templates, directives, listings, feeds, email,
the build's last line) is a msgid of the catalog domain ``sphinx_newsletter``,
looked up through Sphinx's translators. The ``.po`` sources live in ``locale/``;
the ``.mo`` Sphinx reads is compiled from them (Babel) into the build's doctree
folder when missing or older than its ``.po``, so nothing compiled is committed
and a clean clone builds. A site replaces any label with ``newsletter_labels``.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import escape
from sphinx.locale import get_translator, is_translator_registered
from sphinx.util import logging

from ._compat import reload_sphinx_translations, user_set

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

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
#: The site's own labels (``newsletter_labels``), by msgid; set once per build. A
#: plural message's entry is one text or a (singular, plural) pair.
_overrides: dict[str, str | tuple[str, str]] = {}
#: Every label looked up so far in this build, by msgid.
_looked_up: dict[str, str] = {}
#: The digest of this build's compiled catalog ("" for English), for ``words_key``.
_compiled = ""


def N_(message: str) -> str:
    """Mark ``message`` for the catalog where it is declared; translate it where shown."""
    return message


class _Fields(dict):
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


def _(message: str, **fields: object) -> str:
    """``message`` in the site's language (the site's override, else the catalog's),
    its ``{name}`` fields filled in from ``fields``."""
    # Listing pages ask for the same few words thousands of times: look each up once
    # per build (the cache is emptied whenever the catalog or the overrides change).
    text = _looked_up.get(message)
    if text is None:
        override = _overrides.get(message)
        if isinstance(override, str):
            text = override
        elif is_translator_registered(CATALOG):
            text = get_translator(CATALOG).gettext(message)
        else:
            return _filled(message, fields)
        _looked_up[message] = text
    return _filled(text, fields)


def ngettext(singular: str, plural: str, n: int, **fields: object) -> str:
    """The singular or plural of a message for ``n``, by the language's plural rule,
    its fields (``{n}`` among them) filled in."""
    override = _overrides.get(singular)
    if isinstance(override, tuple):
        text = override[0] if n == 1 else override[1]
    elif isinstance(override, str):
        text = override
    elif is_translator_registered(CATALOG):
        text = get_translator(CATALOG).ngettext(singular, plural, n)
    else:
        text = singular if n == 1 else plural
    return _filled(text, {"n": n, **fields})


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
    """At ``setup``: name the language as the catalogs do, and register the kit's catalog.

    This runs before ``config-inited`` because ``add_message_catalog`` loads the
    catalog at once. Sphinx loaded its own catalog under the name as written;
    when the name changes it is loaded again under the new one.
    """
    global _compiled
    _looked_up.clear()
    config = app.config
    language = canonical_language(config.language)
    if language != config.language:
        config.language = language
        reload_sphinx_translations(app)
    folder = compile_catalog(language or "en", Path(app.doctreedir) / COMPILED)
    _compiled = ""
    if folder is not None:
        app.add_message_catalog(CATALOG, str(folder))
        mo = folder / (language or "en") / "LC_MESSAGES" / f"{CATALOG}.mo"
        _compiled = hashlib.sha1(mo.read_bytes()).hexdigest()
    # After the settings are read (config.take_settings, 200) and before the kit's
    # own config-inited handler (400), which uses labels already.
    app.connect("config-inited", take_overrides, priority=300)
    app.connect("html-page-context", add_to_context)


def words_key() -> str:
    """What the kit's words depend on besides the language: the catalog and overrides.

    Generated pages are written again only when their data or this key changes;
    ``newsletter_labels`` is not among the values Sphinx's HTML config hash covers.
    """
    return repr((_compiled, sorted(_overrides.items())))


def msgids() -> dict[str, bool]:
    """Every msgid of the kit's catalog (a plural message by its singular): is it plural?"""
    with TEMPLATE.open("rb") as file:
        return {
            message.id if isinstance(message.id, str) else message.id[0]: message.pluralizable
            for message in read_po(file)
            if message.id
        }


def take_overrides(app: Sphinx, config: Config) -> None:
    """``config-inited``: the site's labels (``newsletter_labels``) take precedence;
    the 404 page speaks the site's language and a CJK site has no general index,
    unless ``conf.py`` says otherwise."""
    _overrides.clear()
    _looked_up.clear()
    # Imported here: config reads the records (model), which read the taxonomies,
    # whose titles are marked with this module's N_.
    from .config import settings_of

    _overrides.update(settings_of(config).labels)
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
    context["nl_"] = _
    context["nl_ngettext"] = ngettext
