"""The ``recommendation`` and ``sponsor`` directives.

Options are read raw from the directive's content, not by MyST: MyST drops a
directive's whole option block when one value looks like broken YAML (a
pasted ``"><img ...``), which would silently lose a recommendation's link and
regions. Reading them here gives every option problem its own located
``newsletter.option`` warning, and the other options survive.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .._compat import id_holder, release_id, reserve_id
from ..config import settings_of
from ..domain import domain_of, warn
from ..labels import _
from ..model import Recommendation, Sponsor
from ..nodes import (
    archived_copy,
    follow_ups,
    semantic,
    semantic_text,
    sponsored_reference,
    web_only,
)
from ..slugs import slugify
from ..taxonomies import TAXONOMIES
from ..urls import long_date
from . import rules
from .cards import destination
from .policy import is_restricted
from .rules import RawOption
from .sanitize import Sanitizer

if TYPE_CHECKING:
    from sphinx.util.typing import OptionSpec

    from ..domain import NewsletterDomain


class NewsletterDirective(SphinxDirective):
    """Shared parsing: the argument, raw options, their lines, and the body.

    The rules themselves are plain functions (``rules``), shared with the fast
    reader of ``newsletter check``.
    """

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    # Empty on purpose: options are read from the content by `read_options`.
    option_spec: ClassVar[OptionSpec] = {}
    kind: ClassVar[str] = ""
    #: The kit's directives whose body is being parsed now (innermost last).
    _open: ClassVar[list[str]] = []

    @classmethod
    def known_options(cls) -> dict[str, bool]:
        """Its options: name -> True when it is a flag (takes no value)."""
        return {}

    def warn(self, subtype: str, message: str, lineno: int | None = None) -> None:
        """Log a located ``newsletter.<subtype>`` warning (at the directive by default)."""
        warn(self.env.docname, lineno or self.lineno, subtype, message)

    def content_line(self, index: int) -> int:
        """The 1-based source line of content line ``index``.

        MyST numbers a directive's content from 0 and starts it on the line after
        the fence (options are part of the content here: see ``option_spec``).
        """
        return self.lineno + 1 + index

    def read_options(self) -> tuple[dict[str, RawOption], int]:
        """Split the leading ``:key: value`` lines off the content (``rules.read_options``)."""
        return rules.read_options(
            self.kind, self.known_options(), list(self.content), self.content_line(0), self.warn
        )

    def parse_body(self, start: int) -> list[nodes.Node]:
        """Parse the content after the options as MyST, keeping source lines.

        The body is sanitised here, before any excerpt of it is made, so excerpts
        come from the same tree as the page.
        """
        body = self.content[start:]
        if not any(line.strip() for line in body):
            return []
        NewsletterDirective._open.append(self.kind)
        try:
            # Sphinx documents a StringList as accepted here (and passes it on to
            # nested_parse_to_nodes, typed to take one) but types the parameter str.
            parsed = self.parse_text_to_nodes(
                body,  # type: ignore[arg-type]
                offset=self.content_offset + start,
            )
        finally:
            NewsletterDirective._open.pop()
        return self.sanitized(parsed)

    def sanitized(self, items: list[nodes.Node], *, inline: bool = False) -> list[nodes.Node]:
        """``items`` (block or ``inline`` nodes) made inert when this page is restricted."""
        if not is_restricted(self.env, self.env.docname):
            return items
        holder = nodes.inline("", "", *items) if inline else nodes.container("", *items)
        Sanitizer(self.env, self.env.docname).clean(holder)
        return list(holder.children)

    def begin(self) -> tuple[list[nodes.Node], str, dict[str, RawOption], int] | None:
        """What every ``run`` starts with: the argument, the options, the body's start.

        ``None`` when the directive is skipped: nested in one of the kit's, or
        without an argument (its options are still checked).
        """
        if self.nested():
            return None
        title = self.title_nodes()
        options, body_start = self.read_options()
        if title is None:
            return None
        return title[0], title[1], options, body_start

    def nested(self) -> bool:
        """Whether this directive stands inside one of the kit's; warn if so."""
        if not NewsletterDirective._open:
            return False
        self.warn("markup", rules.nested_problem(self.kind, NewsletterDirective._open[-1]))
        return True

    def title_nodes(self) -> tuple[list[nodes.Node], str] | None:
        """The argument parsed as inline markup, and its plain text."""
        problem = rules.argument_problem(self.kind, self.arguments[0] if self.arguments else None)
        if problem is not None:
            self.warn("option", problem)
            return None
        inline, messages = self.parse_inline(self.arguments[0].strip(), lineno=self.lineno)
        inline = self.sanitized(inline, inline=True)
        text = nodes.inline("", "", *inline).astext().strip()
        return [*inline, *messages], text

    def name_budget(self) -> rules.NameBudget:
        """The names this document has filed so far (one budget per document read)."""
        current = self.env.current_document
        budget = current.get("newsletter_names")
        if budget is None:
            budget = current["newsletter_names"] = rules.NameBudget.of(self.config)
        return budget

    @property
    def domain(self) -> NewsletterDomain:
        """The ``nl`` domain, where the records go."""
        return domain_of(self.env)


def _title_of(section: nodes.Element) -> str:
    return section[0].astext() if len(section) and isinstance(section[0], nodes.title) else ""


def xref(reftype: str, target: str, text: str, classes: list[str]) -> addnodes.pending_xref:
    """A reference to an ``nl`` object, resolved by the domain for each builder."""
    ref = addnodes.pending_xref(
        "",
        nodes.inline("", text, classes=classes),
        refdomain="nl",
        reftype=reftype,
        reftarget=target,
        refexplicit=bool(text),
        refwarn=True,
    )
    return ref


class RecommendationDirective(NewsletterDirective):
    """``:::{recommendation} Title``: one recommended article and the editors' take."""

    kind = "recommendation"

    @classmethod
    def known_options(cls) -> dict[str, bool]:
        """Its own options and one per taxonomy (``rules.recommendation_option_table``)."""
        return rules.recommendation_option_table()

    def run(self) -> list[nodes.Node]:
        start = self.begin()
        if start is None:
            return []
        title_inline, title_text, options, body_start = start
        domain = self.domain
        docname = self.env.docname
        issue_number = domain.issue_number_of(docname)
        position = domain.count_recommendations(docname) + 1
        what = f"recommendation {title_text!r}"
        checked = rules.recommendation_options(
            title_text,
            options,
            self.lineno,
            list(settings_of(self.config).regions.regions),
            self.name_budget(),
            self.warn,
        )
        rid = rules.recommendation_id(title_text, checked.name, issue_number, position)

        body = self.parse_body(body_start)
        if not body:
            self.warn("body", rules.no_take_problem(title_text))
        take = [n.astext() for n in body if not isinstance(n, nodes.system_message)]
        where = (docname, issue_number or 0, position, self.lineno)
        record = checked.record(rid, where, title_text, take)
        node_ids = self._claim_id(rid, what)
        domain.note_recommendation(record, registered=issue_number is not None)
        article = self._render(record, title_inline, body, node_ids, checked.url_line)
        if node_ids:
            reserve_id(self.state.document, rid, article)
        # Not in the general index: search finds recommendations, and one letter of
        # thousands of titles outgrows any page; objects.inv lists them (get_objects).
        return [article]

    def _claim_id(self, rid: str, what: str) -> list[str]:
        """Reserve the HTML id on this page; a clash keeps the first holder."""
        document = self.state.document
        holder = id_holder(document, rid)
        if holder is None:
            return [rid]
        if isinstance(holder, nodes.section) and slugify(_title_of(holder)) != rid:
            # Docutils gave the heading an ASCII-only id that happens to be ours; its
            # id by the spec's rule differs (the issue page transform gives it that),
            # so the recommendation takes the id.
            holder["ids"].remove(rid)
            release_id(document, rid)
            if not holder["ids"]:
                document.set_id(holder)
            return [rid]
        if isinstance(holder, semantic) and "recommendation" in holder["classes"]:
            # Its line was set with its source (``set_source_info``).
            self.warn("duplicate", rules.repeated_id_problem(what, rid, holder.line or 0))
        else:
            self.warn(
                "duplicate",
                f"{what} has the id {rid!r}, already used by a heading at line "
                f"{holder.line or holder[0].line} of this page; set ':name:' to another id",
            )
        return []

    def _render(
        self,
        rec: Recommendation,
        title_inline: list[nodes.Node],
        body: list[nodes.Node],
        ids: list[str],
        url_line: int,
    ) -> nodes.Element:
        lang_class = [f"language-{rec.lang}"] if rec.lang else []
        article = semantic(tag="article", ids=ids, classes=["recommendation"])
        article["rec_id"] = rec.id
        self.set_source_info(article)
        heading = semantic_text(tag="h3", classes=["recommendation-title", *lang_class])
        if rec.url:
            link = nodes.reference("", "", *title_inline, refuri=rec.url, classes=["external"])
            # linkcheck reports a bad link at its node's line: the :url: option's.
            link.source, link.line = str(self.env.doc2path(self.env.docname)), url_line
            heading += link
        else:
            # Styled as plain text (no link colour), so it does not pass for a link.
            heading["classes"].append("recommendation-title-unlinked")
            heading += title_inline
        article += heading
        # A visible way to the recommendation's own address, which a phone (no
        # hover) can tap: newsletter-page.js copies the address and says so.
        if ids:
            permalink = semantic_text(
                tag="a",
                classes=["nl-copy-link"],
                attributes={
                    "href": f"#{ids[0]}",
                    "aria-label": _("Copy link to {title}", title=rec.title),
                },
            )
            permalink += nodes.Text(_("Copy link"))
            article += web_only("", permalink)
        # The title and names are in the article's language; the take is the site's.
        byline = nodes.paragraph(classes=["recommendation-byline", *lang_class])
        if rec.url:
            # Where the title's link leads, under it: a reader decides before following.
            byline += nodes.inline("", destination(rec.url), classes=["recommendation-site"])
            if rec.authors or rec.publication:
                byline += nodes.Text(" · ")
        for index, author in enumerate(rec.authors):
            # ", " between names is "、" in Chinese and Japanese.
            byline += nodes.Text(_("by ") if index == 0 else _(", "))
            byline += xref("author", author, author, ["author"])
        if rec.publication:
            byline += nodes.Text(_(" in ") if rec.authors else _("in "))
            byline += xref("publication", rec.publication, rec.publication, ["publication"])
        if rec.date:
            byline += nodes.Text(" · ")
            # The article's date as the issue's is written (rules.py keeps it ISO).
            when = semantic_text(
                tag="time", classes=["recommendation-date"], attributes={"datetime": rec.date}
            )
            when += nodes.Text(long_date(dt.date.fromisoformat(rec.date), self.config.language))
            byline += when
        if len(byline):
            article += byline
        # Filled in from the link-health record when the page is written (``archived``).
        article += archived_copy(rec_id=rec.id)
        chips = nodes.paragraph(classes=["recommendation-chips"])
        for taxonomy in TAXONOMIES:
            if not taxonomy.chip:
                continue
            for term in taxonomy.terms(rec):
                # A tree's id shows as its configured title (the reference's).
                text = "" if taxonomy.tree else term
                chips += xref(taxonomy.role, term, text, ["chip", f"chip-{taxonomy.singular}"])
                chips += nodes.Text(" ")
        if len(chips):
            article += chips
        if rec.follows:
            note = nodes.paragraph(classes=["recommendation-follows"])
            note += nodes.Text(_("Follows up on "))
            target = xref("rec", rec.follows, rec.follows, ["follows"])
            target["refexplicit"] = False
            target["nl_silent"] = (
                True  # a dangling :follows: is reported once, by the archive check
            )
            note += target
            article += note
        if body:
            take = semantic(tag="div", classes=["recommendation-take"])
            take += nodes.paragraph("", _("Our Take"), classes=["take-label"])
            take += body
            article += take
        article += follow_ups(rec_id=rec.id)
        return article


class SponsorDirective(NewsletterDirective):
    """``:::{sponsor} Name``: the issue's sponsor, set apart from editorial content."""

    kind = "sponsor"

    @classmethod
    def known_options(cls) -> dict[str, bool]:
        """The sponsor's options (``rules.SPONSOR_OPTIONS``)."""
        return rules.SPONSOR_OPTIONS

    def run(self) -> list[nodes.Node]:
        start = self.begin()
        if start is None:
            return []
        _number, name, options, body_start = start
        name = rules.sponsor_name(name, self.lineno, self.warn)
        url = rules.sponsor_url(name, options, self.lineno, self.warn)
        body = self.parse_body(body_start)
        value = rules.sponsor_values(
            name, options, Sanitizer(self.env, self.env.docname).image_problem, self.warn
        )
        where = (self.env.docname, self.domain.issue_number_of(self.env.docname) or 0, self.lineno)
        record = rules.sponsor_record(name, where, url, [n.astext() for n in body], value)
        if self.name_budget().sponsor(name, self.lineno, self.warn):
            self.domain.note_sponsor(record)
        return [self._render(record, body, options["url"].lineno if url else self.lineno)]

    def _render(self, sponsor: Sponsor, body: list[nodes.Node], url_line: int) -> nodes.Element:
        aside = semantic(tag="aside", classes=["sponsor"], label=_("Sponsor"))
        self.set_source_info(aside)
        aside += nodes.paragraph("", _("Sponsored"), classes=["sponsor-label"])
        heading = nodes.paragraph(classes=["sponsor-name"])
        if sponsor.logo:
            # The name stands beside the logo: alt text would say it twice.
            heading += nodes.image(uri=sponsor.logo, alt="", classes=["sponsor-logo"])
        if sponsor.url:
            link = sponsored_reference("", sponsor.name, refuri=sponsor.url)
            link.source, link.line = str(self.env.doc2path(self.env.docname)), url_line
            heading += link
        else:
            heading += nodes.Text(sponsor.name)
        aside += heading
        aside += body
        if sponsor.code or sponsor.offer:
            offer = nodes.paragraph(classes=["sponsor-offer"])
            if sponsor.code:
                # The code is a literal node inside the sentence, wherever the
                # language puts it.
                sentence = (
                    _("Use the code {code} for {offer}.")
                    if sponsor.offer
                    else _("Use the code {code}.")
                )
                before, _code, after = sentence.partition("{code}")
                offer += nodes.Text(before)
                offer += nodes.literal("", sponsor.code, classes=["sponsor-code"])
                offer += nodes.Text(after.replace("{offer}", sponsor.offer or ""))
            else:
                offer += nodes.Text(sponsor.offer or "")
            aside += offer
        if sponsor.terms:
            aside += nodes.paragraph("", sponsor.terms, classes=["sponsor-terms"])
        return aside
