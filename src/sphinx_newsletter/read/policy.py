"""What an issue may contain: the MyST a contributor's file is parsed with.

Issues arrive as pull requests from strangers and are built on machines that
hold the repository and CI credentials. Every restricted document (each issue,
and each page a site has not listed in ``newsletter_trusted_pages``) is parsed
by :class:`NewsletterParser` with:

- the site's MyST configuration only: per-file configuration never reaches
  MyST (the kit blanks the front matter before parsing, see
  ``issues.read_front_matter``), and extensions that evaluate text or turn
  HTML into nodes are off;
- docutils' file insertion and raw passthrough off;
- directives and roles looked up in an allow-list. File inclusion, raw output,
  ``eval-rst``, ``meta`` and anything else (a site's other extensions may run
  code) are refused with a located ``newsletter.markup`` warning.

What the allowed constructs produce is then checked by ``sanitize``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from .._compat import (
    every_link_a_node,
    filtered_lookups,
    myst_config,
    myst_renderer_base,
    token_line,
)
from ..config import settings_of

if TYPE_CHECKING:
    from docutils.parsers.rst import Directive
    from sphinx.environment import BuildEnvironment
    from sphinx.util.docutils import CustomReSTDispatcher
    from sphinx.util.typing import OptionSpec, RoleFunction

    from .._compat import DirectiveFound, RoleFound

logger = logging.getLogger(__name__)

#: MyST extensions a restricted document is parsed with, when the site enables
#: them. Left out: ``substitution`` (Jinja over the page's text), ``html_image``
#: and ``html_admonition`` (HTML turned into nodes), ``attrs_inline`` and
#: ``attrs_block`` (attributes typed by the contributor), ``dollarmath`` and
#: ``amsmath`` (math makes Sphinx load MathJax, a script from another site).
SAFE_MYST_EXTENSIONS = frozenset(
    {
        "colon_fence",
        "deflist",
        "fieldlist",
        "linkify",
        "replacements",
        "smartquotes",
        "strikethrough",
        "tasklist",
    }
)

#: Directives a restricted document may use: the kit's own and those that only
#: shape the text in front of them. Images are checked by ``sanitize``.
ALLOWED_DIRECTIVES = frozenset(
    {
        "recommendation",
        "sponsor",
        # admonitions
        "admonition",
        "attention",
        "caution",
        "danger",
        "error",
        "hint",
        "important",
        "note",
        "tip",
        "warning",
        "seealso",
        "versionadded",
        "versionchanged",
        "versionremoved",
        "deprecated",
        # code, tables, figures, quotes
        "code",
        "code-block",
        "sourcecode",
        "highlight",
        "image",
        "figure",
        "table",
        "list-table",
        "csv-table",
        "epigraph",
        "pull-quote",
        "highlights",
        "rubric",
        "topic",
        "sidebar",
        "line-block",
        "parsed-literal",
        "compound",
        "container",
        "centered",
        "hlist",
        "glossary",
        "contents",
        "toctree",
        "index",
    }
)

#: Roles a restricted document may use: inline markup and cross-references.
ALLOWED_ROLES = frozenset(
    {
        "abbr",
        "abbreviation",
        "acronym",
        "any",
        "code",
        "command",
        "dfn",
        "doc",
        "emphasis",
        "envvar",
        "file",
        "guilabel",
        "index",
        "kbd",
        "keyword",
        "literal",
        "makevar",
        "manpage",
        "menuselection",
        "mimetype",
        "numref",
        "option",
        "pep",
        "program",
        "ref",
        "regexp",
        "rfc",
        "samp",
        "strong",
        "sub",
        "subscript",
        "sup",
        "superscript",
        "t",
        "term",
        "title",
        "title-reference",
    }
)
#: Domains whose roles a restricted document may use (``{nl:issue}``, ``{std:ref}``).
ALLOWED_ROLE_DOMAINS = ("nl:", "std:")

#: Directive options that read a file or fetch a URL, refused where the directive is not.
FILE_OPTIONS = {"csv-table": ("file", "url")}

#: What to write instead of a refused construct.
ADVICE = {
    "include": "paste the text itself into the issue",
    "literalinclude": "paste the code into a fenced code block",
    "raw": "write it in Markdown (links, **bold**, lists, tables)",
    "eval-rst": "write it in MyST Markdown",
    "meta": "the page's metadata comes from the front matter",
    "download": "link to the file's address instead",
    "math": "write the formula as text or as an image",
}
_GENERIC_ADVICE = "write it in MyST Markdown"


def is_issue(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` stands in the issues folder (issue or not, it is untrusted)."""
    return docname.startswith(settings_of(env.config).issues_dir.strip("/") + "/")


def is_restricted(env: BuildEnvironment, docname: str) -> bool:
    """Whether ``docname`` is parsed under the rules for untrusted text.

    Every issue is; any other page is unless the site lists it (by glob pattern)
    in ``newsletter_trusted_pages``.
    """
    if is_issue(env, docname):
        return True
    return not any(
        fnmatchcase(docname, pattern) for pattern in settings_of(env.config).trusted_pages
    )


def _warn(env: BuildEnvironment, lineno: int, message: str) -> None:
    logger.warning(
        message,
        location=(env.current_document.docname, lineno),
        type="newsletter",
        subtype="markup",
    )


class _AnyOptions(dict[str, Callable[[str], Any]]):
    """An ``option_spec`` that takes every option, so a refused block reads cleanly."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return directives.unchanged


def refused_directive(name: str) -> type[SphinxDirective]:
    """A directive that reports ``name`` as not allowed and renders nothing."""

    class Refused(SphinxDirective):
        has_content = True
        optional_arguments = 1
        final_argument_whitespace = True
        option_spec: ClassVar[OptionSpec] = _AnyOptions()

        def run(self) -> list[nodes.Node]:
            advice = ADVICE.get(name, _GENERIC_ADVICE)
            _warn(
                self.env,
                self.lineno,
                f"the directive {{{name}}} is not allowed in this page, so it is skipped; {advice}",
            )
            return []

    return Refused


def refused_role(name: str, env: BuildEnvironment) -> RoleFunction:
    """A role that reports ``name`` as not allowed and shows its text as text."""

    def role(
        rolename: str,
        rawtext: str,
        text: str,
        lineno: int,
        inliner: object,
        /,
        *args: object,
        **kwargs: object,
    ) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        advice = ADVICE.get(name, _GENERIC_ADVICE)
        _warn(
            env,
            lineno,
            f"the role {{{name}}} is not allowed in this page, so its text is shown "
            f"as written; {advice}",
        )
        return [nodes.Text(text)], []

    return role


def _checked_options(name: str, directive: type[Directive]) -> type[Directive]:
    """``directive``, refusing the options that would read a file or fetch a URL."""
    refused = FILE_OPTIONS[name]

    def run(self: Directive) -> Sequence[nodes.Node]:
        bad = [option for option in refused if option in self.options]
        if bad:
            env = self.state.document.settings.env
            _warn(
                env,
                self.lineno,
                f"{{{name}}} may not read ':{bad[0]}:' in this page, so the table is "
                "skipped; write the rows into the directive itself",
            )
            return []
        return directive.run(self)

    # A subclass of a class known only at run time (the directive registered under
    # ``name``): a type checker cannot follow a base class held in a variable.
    return cast("type[Directive]", type("Checked", (directive,), {"run": run}))


def allow_list(env: BuildEnvironment) -> CustomReSTDispatcher:
    """A context in which directives and roles are looked up through the allow-lists."""

    def directive(
        name: str, found: type[Directive] | None, messages: list[nodes.system_message]
    ) -> DirectiveFound:
        name = name.lower()
        if name in ALLOWED_DIRECTIVES:
            if found is not None and name in FILE_OPTIONS:
                return _checked_options(name, found), messages
            return found, messages
        if found is None and name not in ADVICE:
            return None, messages  # MyST reports an unknown directive, at its line
        return refused_directive(name), []

    def role(
        name: str, found: RoleFunction | None, messages: list[nodes.system_message]
    ) -> RoleFound:
        name = name.lower()
        if name in ALLOWED_ROLES or name.startswith(ALLOWED_ROLE_DOMAINS):
            return found, messages
        if found is None and name not in ADVICE:
            return None, messages
        return refused_role(name, env), []

    return filtered_lookups(directive, role)


if TYPE_CHECKING:
    # What ``myst_renderer_base()`` gives, named so the type checker follows it.
    from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer as _MystRenderer
else:
    _MystRenderer = myst_renderer_base()


class RestrictedRenderer(_MystRenderer):
    """MyST's renderer: ``{eval-rst}`` refused (MyST parses it itself).

    An issue's front matter is left unread: the kit reads it itself
    (``frontmatter``), and what MyST would make of it is page metadata a
    contributor could set. Other pages keep theirs as metadata (never as MyST
    configuration: ``NewsletterParser`` does not merge it).
    """

    def render_front_matter(self, token: Any) -> None:
        if not is_issue(self.sphinx_env, self.sphinx_env.current_document.docname):
            super().render_front_matter(token)

    def render_restructuredtext(self, token: Any) -> None:
        _warn(
            self.sphinx_env,
            token_line(token),
            "reStructuredText (eval-rst) is not allowed in this page, so the block is "
            f"skipped; {ADVICE['eval-rst']}",
        )


def restricted_parser(env: BuildEnvironment) -> Any:
    """The markdown-it parser a restricted document is read with (MyST's, narrowed).

    The build renders its tokens into docutils nodes; the fast reader of
    ``newsletter check`` (``fast``) walks the same tokens.
    """
    site = myst_config(env)
    config = dataclasses.replace(
        site,
        enable_extensions=set(site.enable_extensions) & SAFE_MYST_EXTENSIONS,
        substitutions={},
    )
    parser = create_md_parser(config, RestrictedRenderer)
    # markdown-it leaves `javascript:`, `data:` and `file:` links as plain text,
    # silently. Every link becomes a node instead, and the kit's one link policy
    # (sanitize) decides, with a warning at its line.
    every_link_a_node(parser)
    return parser


class NewsletterParser(MystParser):
    """MyST's Sphinx parser; restricted documents get the rules of this module."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env: BuildEnvironment = document.settings.env
        if not is_restricted(env, env.current_document.docname):
            super().parse(inputstring, document)
            return
        document.settings.file_insertion_enabled = False
        document.settings.raw_enabled = False
        parser = restricted_parser(env)
        parser.options["document"] = document
        with allow_list(env):
            parser.render(inputstring)
