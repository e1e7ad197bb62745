"""The fast reader of ``newsletter check``: an issue's records from MyST's tokens.

The build reads an issue through MyST, docutils and Sphinx's transforms; most
of that time goes into nodes ``check`` never looks at. This reader walks the
token stream of the same markdown-it parser (``policy.restricted_parser``),
hands the kit's directives' argument and content to the same rules
(``rules``, ``issues.issue_source``, ``issues.headline_problems``) and builds
the same records (``model.Issue``, ``Recommendation``, ``Sponsor``) into the
domain, so the archive-wide checks run on them unchanged.

It reads only what it can read exactly. A file holding anything whose reading
needs docutils (raw HTML other than comments, images inside the site, roles,
other directives, footnotes, tables and code inside a take, a link that is not
``http(s)`` or ``mailto``, a hard line break, a heading inside a block or one
whose id a recommendation also takes, ``*`` beside CJK text ...) is left to the
build's reader:
``take_over`` removes from Sphinx's list only the files it has read.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markdown_it.tree import SyntaxTreeNode
from sphinx.environment import CONFIG_OK
from sphinx.util import logging

from .._compat import (
    directive_text,
    kit_only_source_read,
    myst_config,
    parallel_map,
    read_serially,
    smart_quoted,
)
from ..config import settings_of
from ..domain import domain_of, warn
from ..links import http_url
from ..model import Issue, IssueSource, Recommendation, Sponsor
from ..slugs import slugify
from . import rules
from .directives import RecommendationDirective, SponsorDirective
from .emphasis import is_cjk
from .frontmatter import normalise_newlines
from .issues import headline_problems, issue_source, read_front_matter
from .policy import restricted_parser
from .rawhtml import without_comments
from .sanitize import Sanitizer
from .sourcetext import one_line_end

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from pathlib import Path

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

_DIRECTIVES = {"recommendation": RecommendationDirective, "sponsor": SponsorDirective}
#: Blocks whose text is their children's, joined as docutils' ``astext`` joins them.
_CONTAINERS = frozenset({"bullet_list", "ordered_list", "list_item", "blockquote"})
#: Blocks of a page (outside the kit's directives) that never make a reading warning.
_QUIET_BLOCKS = frozenset(
    {
        *_CONTAINERS,
        "paragraph",
        "hr",
        "code_block",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "myst_line_comment",
    }
)


#: White space other than spaces and line ends (``str.isspace``: every such
#: character is below U+3001; ``tests/test_fast_reader.py`` checks all of Unicode).
_OTHER_SPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")
#: A character that may begin markup anywhere in a line (markdown-it's inline
#: rules, MyST's roles, tables), or other white space; a text without them is
#: read by ``plain_paragraphs``. One character class: several times faster than
#: an alternation, on every take.
_MARKUP = re.compile("[" + re.escape("\\`*_[]<>&~{}$|\x00" + _OTHER_SPACE) + "]")
#: A line (after its line end) that markdown-it may read as more than a
#: paragraph's text, in a text free of ``_MARKUP``: indented as code; begun by
#: something but a letter, digit, quotation mark or "("; an ordered item's
#: number; a ``(target)=``. One search of the text: led by a literal, it skips
#: from line end to line end, where three regexes per line cost more than the
#: rest of the take.
_NOT_PLAIN_LINE = re.compile(
    r"\n(?: {4,}[^ \n]| *(?![^\W_]|[\"'(])[^ \n]| *\d{1,9}[.)]| *\(.*\)= *(?:\n|\Z))"
)
#: A line with text and two trailing spaces: a hard line break.
_HARD_BREAK = re.compile(r"[^ \n]  +\n")
#: Fewer documents left to Sphinx than this are read in its main process: forking
#: workers that each send back the whole environment (tens of thousands of
#: records) costs more than reading them (Sphinx 7's own threshold).
_FEW_TO_FORK = 6
#: MyST extensions that rewrite plain text (typography, bare URLs as links).
_TEXT_REWRITING = frozenset({"linkify", "replacements", "smartquotes"})


def plain_paragraphs(lines: list[str]) -> list[str] | None:
    """The paragraphs' texts of ``lines`` when they hold nothing but plain paragraphs.

    None when a line could begin a block other than a paragraph or holds a
    character that may begin inline markup: markdown-it must read those. For the
    rest, markdown-it's reading is short: a blank line ends a paragraph, a line's
    leading and trailing spaces are dropped, a line end is a soft break (``\n``;
    two trailing spaces would make a hard one). ``tests/test_fast_reader.py``
    checks it against markdown-it on every take of both corpora.
    """
    text = "\n" + "\n".join(lines) + "\n"
    if (
        _MARKUP.search(text)
        or _NOT_PLAIN_LINE.search(text)
        or ("  \n" in text and _HARD_BREAK.search(text))
    ):
        return None
    paragraphs: list[str] = []
    current: list[str] = []
    for line in lines:
        stripped = line.strip(" ")
        if stripped:
            current.append(stripped)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


class Fallback(Exception):
    """The file holds something only the build's reader reads exactly."""


@dataclass
class FastIssue:
    """What reading one issue gave: its records and its problems, not yet reported."""

    source: IssueSource
    issue: Issue
    recs: list[Recommendation] = field(default_factory=list)
    sponsors: list[Sponsor] = field(default_factory=list)
    #: (line, subtype, message), in the order the build reports them
    problems: list[tuple[int, str, str]] = field(default_factory=list)


class FastReader:
    """Reads issues of one site, with its configuration and the build's parser."""

    def __init__(self, env: BuildEnvironment) -> None:
        self.env = env
        self.md = restricted_parser(env)
        # markdown-it's first rule rewrites every line end and NUL (a regex
        # replacement per line of every issue); the text comes with ``\n`` line
        # ends already (``normalise_newlines``) and one holding a NUL is left to
        # the build's reader, so the rule would change nothing.
        self.md.disable("normalize")
        # MyST's word count (a split of every text token) goes into the page's
        # metadata, which no record holds; substitutions, the one way a page could
        # show it, are off (``policy``).
        self.md.disable("wordcount", ignoreInvalid=True)
        self.plain = not (set(myst_config(env).enable_extensions) & _TEXT_REWRITING)
        self.tree_ids = list(settings_of(env.config).regions.regions)

    def read_file(self, docname: str, number: int) -> FastIssue | None:
        """``read`` of the issue's source file."""
        path = self.env.doc2path(docname)
        return self.read(docname, number, path.read_text(encoding=self.env.config.source_encoding))

    def read(self, docname: str, number: int, text: str) -> FastIssue | None:
        """The records and problems of issue ``docname``; None if the build must read it."""
        try:
            return _IssueReading(self, docname, number, text).run()
        except Fallback as why:
            logger.debug("[newsletter] %s: left to the build's reader (%s)", docname, why)
            return None


class _IssueReading:
    """One issue's walk over its tokens."""

    def __init__(self, reader: FastReader, docname: str, number: int, text: str) -> None:
        self.reader = reader
        self.docname = docname
        self.number = number
        self.text = normalise_newlines(text)
        self.problems: list[tuple[int, str, str]] = []
        self.recs: list[Recommendation] = []
        self.sponsors: list[Sponsor] = []
        #: rec id -> line of the recommendation that holds it on this page
        self.rec_ids: dict[str, int] = {}
        #: The ids the kit gives the page's headings (before and after smart quotes).
        self.heading_slugs: set[str] = set()
        self.md_env: dict[str, Any] = {}
        self.image_problem = Sanitizer(reader.env, docname).image_problem
        self.names = rules.NameBudget.of(reader.env.config)

    def report(self, subtype: str, message: str, lineno: int) -> None:
        self.problems.append((lineno, subtype, message))

    def run(self) -> FastIssue:
        source, front_problems, text = issue_source(self.text, self.number, self.image_problem)
        for lineno, message in front_problems:
            self.report("frontmatter", message, lineno)
        if "\0" in text:
            raise Fallback("a NUL character, which markdown-it replaces")
        tree = SyntaxTreeNode(self.reader.md.parse(text, self.md_env))
        headline: str | None = None
        level = 0
        for block in tree.children:
            if block.type == "heading":
                new_level = int(block.tag[1])
                if new_level > level + 1:
                    raise Fallback("MyST warns about the skipped heading level")
                level = new_level
                pieces = _inline_pieces(block.children[0])
                title = smart_quoted(self.reader.env, pieces)
                # A recommendation that wants a heading's id is reported by the
                # directive or the issue page, which know the page's ids.
                self.heading_slugs.update({slugify("".join(t for _, t in pieces)), slugify(title)})
                if headline is None:
                    headline = title
            elif block.type in ("colon_fence", "fence"):
                self._fence(block)
            elif block.type == "front_matter" or _comment(block):
                continue
            else:
                self._quiet(block)
        if self.heading_slugs & set(self.rec_ids):
            raise Fallback("a heading and a recommendation want the same id")
        for lineno, message in headline_problems(source.headline_lines, headline is not None):
            self.report("headline", message, lineno)
        issue = source.issue(self.number, self.docname, headline or "")
        return FastIssue(source, issue, self.recs, self.sponsors, self.problems)

    def _quiet(self, block: SyntaxTreeNode) -> None:
        """Check that a block outside the kit's directives reads without a warning."""
        if block.type not in _QUIET_BLOCKS:
            raise Fallback(block.type)
        for child in block.children:
            if child.type == "inline":
                _inline_pieces(child)
            else:
                self._quiet(child)

    def _fence(self, block: SyntaxTreeNode) -> None:
        parts = (block.info or "").strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if not (name.startswith("{") and name.endswith("}")):
            as_directive = myst_config(self.reader.env).fence_as_directive
            if block.type == "colon_fence" or name in as_directive:
                raise Fallback("a ::: block or a fence read as a directive")
            return  # code
        directive = _DIRECTIVES.get(name[1:-1])
        if directive is None or block.content.startswith(":::"):
            raise Fallback(f"the directive {name}")
        lineno = (block.map or (0, 0))[0] + 1
        first_line = parts[1] if len(parts) > 1 else ""
        parsed = directive_text(directive, first_line, block.content, lineno)
        if parsed.warnings:
            raise Fallback("MyST warns about the directive")
        argument = parsed.arguments[0] if parsed.arguments else None
        kind = directive.kind
        problem = rules.argument_problem(kind, argument)
        if problem is not None:
            self.report("option", problem, lineno)
        options, body_start = rules.read_options(
            kind, directive.known_options(), parsed.body, lineno + 1, self.report
        )
        if problem is not None or argument is None:  # no argument is a problem too
            return
        title = self._title(argument.strip())
        body = self._body(parsed.body[body_start:])
        if kind == "recommendation":
            self._recommendation(title, options, body, lineno)
        else:
            self._sponsor(title, options, body, lineno)

    def _title(self, text: str) -> str:
        """A directive argument's text, as the directive's ``title_nodes`` has it."""
        if self.reader.plain and plain_paragraphs([text]) == [text]:
            return text
        tree = SyntaxTreeNode(self.reader.md.parseInline(text, self.md_env))
        inline = tree.children[0] if tree.children else tree
        return "".join(t for _, t in _inline_pieces(inline)).strip()

    def _body(self, lines: list[str]) -> list[str] | None:
        """The texts of a directive body's blocks (None: there is no body)."""
        if not any(line.strip() for line in lines):
            return None
        if self.reader.plain:
            paragraphs = plain_paragraphs(lines)
            if paragraphs is not None:
                return paragraphs
        tokens = self.reader.md.parse("\n".join(lines) + "\n", self.md_env)
        if tokens and tokens[0].type == "front_matter":
            raise Fallback("front matter in a directive body")
        blocks = SyntaxTreeNode(tokens).children
        return [_block_text(block, self.reader.env) for block in blocks if not _comment(block)]

    def _recommendation(
        self, title: str, options: dict[str, rules.RawOption], body: list[str] | None, lineno: int
    ) -> None:
        checked = rules.recommendation_options(
            title, options, lineno, self.reader.tree_ids, self.names, self.report
        )
        position = len(self.recs) + 1
        rid = rules.recommendation_id(title, checked.name, self.number, position)
        # The directive's order: the body is parsed (and found empty) before the id is claimed.
        if not body:
            self.report("body", rules.no_take_problem(title), lineno)
        if rid in self.rec_ids:
            problem = rules.repeated_id_problem(f"recommendation {title!r}", rid, self.rec_ids[rid])
            self.report("duplicate", problem, lineno)
        else:
            self.rec_ids[rid] = lineno
        where = (self.docname, self.number, position, lineno)
        self.recs.append(checked.record(rid, where, title, body or ()))

    def _sponsor(
        self, name: str, options: dict[str, rules.RawOption], body: list[str] | None, lineno: int
    ) -> None:
        name = rules.sponsor_name(name, lineno, self.report)
        url = rules.sponsor_url(name, options, lineno, self.report)
        value = rules.sponsor_values(name, options, self.image_problem, self.report)
        where = (self.docname, self.number, lineno)
        record = rules.sponsor_record(name, where, url, body or (), value)
        if self.names.sponsor(name, lineno, self.report):
            self.sponsors.append(record)


def _comment(block: SyntaxTreeNode) -> bool:
    """Whether ``block`` is HTML comments only, which the sanitizer drops silently."""
    return block.type == "html_block" and not without_comments(block.content).strip()


def _block_text(block: SyntaxTreeNode, env: BuildEnvironment) -> str:
    """A body block's text, as docutils' ``astext`` gives it for MyST's nodes."""
    if block.type == "paragraph":
        return "".join(text for _, text in _inline_pieces(block.children[0]))
    if block.type in _CONTAINERS:
        return "\n\n".join(
            _block_text(child, env) for child in block.children if not _comment(child)
        )
    if block.type == "fence":
        parts = (block.info or "").strip().split(maxsplit=1)
        name = parts[0] if parts else ""
        if not name.startswith("{") and name not in myst_config(env).fence_as_directive:
            return block.content  # a literal block of the code as written
    raise Fallback(block.type)


def _inline_pieces(inline: SyntaxTreeNode) -> list[tuple[str, str]]:
    """``("plain" | "literal", text)`` of an inline run; Fallback for anything else."""
    return list(_pieces(inline.children))


def _pieces(children: list[SyntaxTreeNode]) -> Iterator[tuple[str, str]]:
    for child in children:
        kind = child.type
        if kind == "text":
            text = child.content
            if "*" in text and any(is_cjk(c) for c in text):
                # The CJK emphasis transform reads or reports these asterisks.
                raise Fallback("asterisks beside CJK text")
            yield "plain", text
        elif kind == "softbreak":
            yield "plain", "\n"
        elif kind == "code_inline":
            yield "literal", child.content
        elif kind in ("em", "strong"):
            yield from _pieces(child.children)
        elif kind == "image":
            # A path in the site is the build's to check (the image policy,
            # Sphinx's image collector). docutils gives an image's alt text as its
            # text; it is an attribute, so smart quotes leave it as it is.
            if not http_url(str(child.attrs.get("src", ""))):
                raise Fallback("an image in the site")
            if any(grandchild.type != "text" for grandchild in child.children):
                raise Fallback("markup in an image's alt text")
            yield "literal", "".join(grandchild.content for grandchild in child.children)
        elif kind == "link":
            href = str(child.attrs.get("href", ""))
            if not href.lower().startswith(("http://", "https://", "mailto:")):
                raise Fallback("a link the build resolves or refuses")
            yield from _pieces(child.children)
        else:
            raise Fallback(kind)


class FastReading:
    """The fast reader's part of one reading: ``take_over`` runs at ``env-before-read-docs``.

    With a ``store`` (a file in the check's cache folder) an issue unchanged since
    the last reading keeps the records the saved environment holds: nothing is
    parsed, and nothing is logged either: its warnings, as the last reading printed
    them, are the reader's to replay (``reader._replayed``), which is a list's
    copy where logging tens of thousands of warnings again took a second.
    """

    def __init__(self, store: Path | None = None) -> None:
        self.store = store
        #: The issues parsed in this reading (not those kept from the last one).
        self.parsed: list[str] = []
        #: The issues kept from the last reading, unparsed and unlogged.
        self.kept: set[str] = set()

    def take_over(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Read the issues this reader can; leave Sphinx the rest.

        The records go into the ``nl`` domain as the directives would put them and
        the problems are logged as the build logs them, so the catalog, the
        consistency check and the warnings are those of a build's reading. Issues
        are read in ``-j`` processes, as Sphinx reads.
        """
        if not kit_only_source_read(app, (one_line_end, read_front_matter)):
            return
        domain = domain_of(env)
        issues = {
            docname: number
            for docname in docnames
            if (number := domain.issue_number_of(docname)) is not None
        }
        digests = {docname: _digest(env, docname) for docname in issues}
        kept = self._unchanged(env, digests)
        # Issues read here last time are not in the saved environment: forget those
        # not kept, so one changed or deleted since leaves nothing behind.
        for table in ("frontmatter", "issues", "recs", "sponsors"):
            for docname in [d for d in domain.data[table] if d not in env.all_docs]:
                if docname not in kept:
                    domain.clear_doc(docname)
        for docname in kept:
            docnames.remove(docname)
        self.kept = set(kept)
        todo = [(docname, number) for docname, number in issues.items() if docname not in kept]
        reader = FastReader(env)

        def read_all(chunk: list[tuple[str, int]]) -> list[FastIssue | None]:
            return [reader.read_file(docname, number) for docname, number in chunk]

        found = parallel_map(read_all, todo, app.parallel)
        for (docname, _), read in zip(todo, found, strict=True):
            if read is not None:
                _keep(app, env, docname, read)
                kept[docname] = read.problems
                docnames.remove(docname)
                self.parsed.append(docname)
        if len(docnames) < _FEW_TO_FORK:
            read_serially(app)
        if self.store is not None:
            record = {d: [digests[d], problems] for d, problems in kept.items()}
            self.store.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")

    def updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        """At ``env-updated``: the issues parsed now, so Sphinx saves its environment.

        Sphinx saves it only when a document was read, and the issues parsed here
        are not its documents: after an edit to issues alone, the next check
        would load the records from before the edit (and trust them, as the store
        says the file is unchanged). Without a store nothing is kept anyway.
        """
        return self.parsed if self.store is not None else []

    def _unchanged(
        self, env: BuildEnvironment, digests: dict[str, str]
    ) -> dict[str, list[tuple[int, str, str]]]:
        """docname -> problems of the issues read here last time and unchanged since."""
        if self.store is None or env.config_status != CONFIG_OK:
            return {}
        try:
            stored = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        issues = domain_of(env).data["issues"]
        return {
            docname: [tuple(problem) for problem in problems]
            for docname, (digest, problems) in stored.items()
            if digests.get(docname) == digest and docname in issues and docname not in env.all_docs
        }


def _digest(env: BuildEnvironment, docname: str) -> str:
    return hashlib.sha256(env.doc2path(docname).read_bytes()).hexdigest()


def _report(docname: str, problems: list[tuple[int, str, str]]) -> None:
    for lineno, subtype, message in problems:
        warn(docname, lineno, subtype, message)


def _keep(app: Sphinx, env: BuildEnvironment, docname: str, read: FastIssue) -> None:
    """Put one issue's records into the domain and log its problems."""
    if docname in env.all_docs:  # read by the build's reader last time
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        env.all_docs.pop(docname, None)
    domain = domain_of(env)
    domain.clear_doc(docname)
    domain.data["frontmatter"][docname] = read.source
    for rec in read.recs:
        domain.note_recommendation(rec, registered=True)
    for sponsor in read.sponsors:
        domain.note_sponsor(sponsor)
    domain.note_issue(read.issue)
    _report(docname, read.problems)
