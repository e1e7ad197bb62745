"""Issue pages: front matter, the headline, the issue header, drafts.

An issue is any ``NNNN.md`` in the issues folder. Its front matter is read
from the source text at ``source-read`` (field by field, with lines); once
the page is parsed, a transform completes the issue's record, shapes its
header and footer, and checks its headline and ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform

from .._compat import id_holder, reserve_id
from ..config import newsletter_name
from ..domain import domain_of, warn
from ..labels import _, ngettext
from ..model import Issue, IssueSource
from ..nodes import index_node, issue_navigation, semantic, semantic_text, web_only
from ..pages.chrome import subscribe_block
from ..pages.social import issue_metadata
from ..paths import cover_size
from ..slugs import slugify
from ..text import reading_minutes
from ..urls import issue_label, long_date
from .frontmatter import blank_block, parse_front_matter, source_lines
from .sanitize import Sanitizer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..domain import NewsletterDomain

_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
#: ``#`` then a space or nothing but closing ``#`` and spaces. (``#(?:\s+(.*?))?\s*#*\s*$``
#: said the same and took cubic time on a line of many spaces.)
_ATX_H1 = re.compile(r"^\s{0,3}#(?:\s|#*\s*$)")
_SETEXT_H1 = re.compile(r"^\s{0,3}=+\s*$")


#: A line that may open or close a fence or be (or underline) a heading, with the
#: line end before it: the only lines ``h1_lines`` must look at. ``[^\S\n]`` is
#: ``\s`` within one line. Led by a literal ``\n``, the regex skips from line end
#: to line end at C speed; ``^`` with ``re.MULTILINE`` would try every character.
_CANDIDATE = re.compile(r"\n[^\S\n]{0,3}[`~#=]")


def _candidate_lines(source: str, start: int) -> Iterator[int]:
    """The 0-based indexes, from ``start`` on, of the lines ``_CANDIDATE`` finds.

    One regex over the whole text instead of three per line: an issue's lines are
    mostly prose and directive options, which no rule of ``h1_lines`` reads.
    """
    text = "\n" + source  # the first line has a line end before it too
    index, position = -1, 0
    for match in _CANDIDATE.finditer(text):
        index += text.count("\n", position, match.start() + 1)
        position = match.start() + 1
        if index >= start:
            yield index


def h1_lines(source: str) -> list[int]:
    """The 1-based lines of the ``#`` headings outside code fences and front matter."""
    lines = source_lines(source)
    start = 0
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() in ("---", "..."):
                start = index + 1
                break
    found: list[int] = []
    fence: str | None = None
    for index in _candidate_lines(source, start):
        line = lines[index]
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            continue
        if fence:
            continue
        if _ATX_H1.match(line):
            found.append(index + 1)
        elif (
            _SETEXT_H1.match(line)
            and index > start
            and lines[index - 1].strip()
            and not lines[index - 1].lstrip().startswith((":", "#"))
        ):
            found.append(index)
    return found


def issue_source(
    text: str, number: int, image_problem: Callable[[str], str | None]
) -> tuple[IssueSource, list[tuple[int, str]], str]:
    """An issue's front matter and headline lines read from its ``text``.

    Returns the record, the ``newsletter.frontmatter`` problems as (line, message)
    in line order, and the text MyST is given (the block blanked, ``blank_block``).
    """
    front = parse_front_matter(text)
    given = front.values.get("number")
    if isinstance(given, int) and given != number:
        front.hold(
            front.line("number"),
            f"front-matter number {given} does not match the file name's number "
            f"{number}; rename the file or fix the number",
        )
    image = front.values.get("image")
    if isinstance(image, str):
        problem = image_problem(image)
        if problem is not None:
            del front.values["image"]
            front.problems.append((front.line("image"), f"front-matter field 'image': {problem}"))
    problems = sorted(front.problems, key=lambda item: item[0])
    return IssueSource.of(front.values, h1_lines(text)), problems, blank_block(text, front)


def read_front_matter(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: read an issue's front matter and headline lines, report problems."""
    domain = domain_of(app.env)
    number = domain.issue_number_of(docname)
    if number is None:
        return  # not an issue (a misnamed file in the issues folder is never read)
    # Its line ends are one kind already (sourcetext.one_line_end).
    stored, problems, source[0] = issue_source(
        source[0], number, Sanitizer(app.env, docname).image_problem
    )
    for lineno, problem in problems:
        warn(docname, lineno, "frontmatter", problem)
    domain.data["frontmatter"][docname] = stored


def headline_problems(headline_lines: Sequence[int], has_section: bool) -> list[tuple[int, str]]:
    """``newsletter.headline`` problems as (line, message): no `#` headline, or several."""
    problems = []
    if not headline_lines or not has_section:
        problems.append(
            (
                1,
                "the issue has no `#` headline: add one line `# Headline` below the front matter",
            )
        )
    problems.extend(
        (
            extra,
            "the issue has more than one `#` headline; make this one a `##` section heading",
        )
        for extra in headline_lines[1:]
    )
    return problems


class IssuePage(SphinxTransform):
    """Complete an issue's record and shape its page, before domains collect it."""

    # Before SphinxDomains (850), so the domain sees the references added here.
    default_priority = 800

    def apply(self, **kwargs: object) -> None:
        env = self.env
        docname = env.current_document.docname
        domain = domain_of(env)
        number = domain.issue_number_of(docname)
        stored = domain.data["frontmatter"].get(docname)
        if number is None or stored is None:
            return
        env.metadata[docname]["orphan"] = True  # issues are reached without a toctree
        top = next(iter(self.document.findall(nodes.section)), None)
        for lineno, problem in headline_problems(stored.headline_lines, top is not None):
            warn(docname, lineno, "headline", problem)
        self._section_ids(docname, domain)
        headline = top[0].astext() if top is not None and len(top) else ""
        issue = stored.issue(number, docname, headline)
        domain.note_issue(issue)
        env.metadata[docname].update(issue_metadata(self.config, issue))
        if issue.draft:
            env.metadata[docname]["nosearch"] = True
        if top is not None:
            self._decorate(issue, top)

    def _section_ids(self, docname: str, domain: NewsletterDomain) -> None:
        """Give headings ids by the spec's rule, so CJK headings keep their words.

        A heading whose id a recommendation already holds keeps docutils' id,
        and the clash is reported at the recommendation.
        """
        recs = {rec.id: rec for rec in domain.data["recs"].get(docname, ())}
        for section in self.document.findall(nodes.section):
            title = section[0].astext() if len(section) else ""
            slug = slugify(title)
            if not slug:
                continue
            holder = id_holder(self.document, slug)
            if slug in recs and holder is not section:
                # The heading comes after the recommendation that holds the id (an
                # earlier heading makes the directive report the clash itself).
                rec = recs[slug]
                warn(
                    docname,
                    rec.lineno,
                    "duplicate",
                    f"recommendation {rec.title!r} has the id {slug!r}, which the heading "
                    f"{title!r} at line {section.line or section[0].line} also makes; "
                    "set ':name:' to another id",
                )
                self._give_own_id(section, slug)
                continue
            if holder is not None and holder is not section:
                continue
            if slug not in section["ids"]:
                section["ids"].insert(0, slug)
                reserve_id(self.document, slug, section)

    def _give_own_id(self, section: nodes.section, taken: str) -> None:
        """Replace a heading's id that a recommendation holds with a free one."""
        ids = [i for i in section["ids"] if i != taken]
        if not ids:
            candidate, counter = f"{taken}-section", 1
            while id_holder(self.document, candidate) is not None:
                counter += 1
                candidate = f"{taken}-section-{counter}"
            ids = [candidate]
            reserve_id(self.document, candidate, section)
        section["ids"] = ids

    def _decorate(self, issue: Issue, top: nodes.section) -> None:
        """Add the issue header, the call to subscribe and the navigation."""
        config = self.config
        name = newsletter_name(config)
        when = long_date(issue.date, config.language)
        kicker = semantic_text(tag="p", classes=["issue-kicker"])
        kicker += nodes.inline("", name, classes=["issue-newsletter"])
        kicker += nodes.inline("", f"#{issue.number}", classes=["issue-number"])
        time = semantic_text(
            tag="time", classes=["issue-date"], attributes={"datetime": issue.date.isoformat()}
        )
        time += nodes.Text(when)
        kicker += time
        # Web pages only: the email and the feeds carry the whole text anyway.
        minutes = reading_minutes(top.astext())
        kicker += web_only(
            "",
            nodes.inline(
                "",
                ngettext("{n} min read", "{n} min read", minutes),
                classes=["issue-reading-time"],
            ),
        )
        self.document.insert(self.document.index(top), kicker)

        lede = semantic(tag="div", classes=["issue-lede"])
        if issue.draft:
            lede += nodes.paragraph(
                "",
                _("Draft: this issue is not published; it is listed nowhere."),
                classes=["issue-draft-banner"],
            )
        lede += nodes.paragraph("", issue.description, classes=["issue-description"])
        # A credit belongs to its image: without one it would float alone.
        if issue.image:
            figure = semantic(tag="figure", classes=["issue-cover"])
            cover = nodes.image(
                uri=issue.image,
                alt=issue.image_alt or "",
                candidates={"?": issue.image} if "://" in issue.image else {},
            )
            size = cover_size(self.env.srcdir, issue.image)
            if size:
                cover["width"], cover["height"] = str(size[0]), str(size[1])
            figure += cover
            if issue.image_credit:
                credit = semantic_text(tag="figcaption", classes=["issue-credit"])
                credit += nodes.Text(issue.image_credit)
                figure += credit
            lede += figure
        title_index = 1 if isinstance(top[0], nodes.title) else 0
        top.insert(title_index, lede)
        if top["ids"] and not issue.draft:
            entry = issue_label(issue.number, issue.headline, name)
            top.insert(title_index, index_node(entry, top["ids"][0]))
        top += web_only("", *subscribe_block(config), issue_navigation(docname=issue.docname))
