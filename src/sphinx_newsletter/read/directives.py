"""The ``recommendation`` and ``sponsor`` directives.

Options are read raw from the directive's content, not by MyST: MyST drops a
directive's whole option block when one value looks like broken YAML (a
pasted ``"><img ...``), which would silently lose a recommendation's link and
regions. Reading them here gives every option problem its own located
``newsletter.option`` warning, and the other options survive.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .._compat import id_holder, release_id, reserve_id
from ..config import closest, region_tree
from ..domain import domain_of, warn
from ..labels import _
from ..links import http_url
from ..model import Recommendation, Sponsor
from ..nodes import follow_ups, semantic, semantic_text, sponsored_reference
from ..slugs import is_slug, lookalikes, slugify, split_list, taxonomy_slug, visible
from .cards import destination
from .emphasis import without_markers
from .policy import is_restricted
from .sanitize import Sanitizer

if TYPE_CHECKING:
    from ..domain import NewsletterDomain

_OPTION_RE = re.compile(r"^:([^:\s][^:]*):(?:\s+(.*))?$")
#: The most a directive's argument or one option may hold, in bytes of UTF-8.
MAX_VALUE_BYTES = 10_000
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True, slots=True)
class RawOption:
    """One ``:key: value`` line as written, with its 1-based source line."""

    value: str
    lineno: int


class NewsletterDirective(SphinxDirective):
    """Shared parsing: the argument, raw options, their lines, and the body."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    # Empty on purpose: options are read from the content by `read_options`.
    option_spec: ClassVar[dict] = {}
    #: option name -> True when it is a flag (takes no value)
    known_options: ClassVar[dict[str, bool]] = {}
    kind: ClassVar[str] = ""
    #: The kit's directives whose body is being parsed now (innermost last).
    _open: ClassVar[list[str]] = []

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
        """Split the leading ``:key: value`` lines off the content.

        Returns the options and the index of the first body line.
        """
        options: dict[str, RawOption] = {}
        index = 0
        content = list(self.content)
        while index < len(content):
            line = content[index]
            stripped = line.strip()
            if not stripped.startswith(":") or stripped.startswith(":::"):
                break
            lineno = self.content_line(index)
            index += 1
            match = _OPTION_RE.match(stripped)
            if not match:
                self.warn(
                    "option",
                    f"{self.kind}: cannot read the option line {stripped!r}; "
                    "write options as `:name: value`, one per line",
                    lineno,
                )
                continue
            name, value = match.group(1).strip(), (match.group(2) or "").strip()
            if len(value.encode("utf-8")) > MAX_VALUE_BYTES:
                self.warn(
                    "option",
                    f"{self.kind}: ':{name}:' holds {len(value.encode('utf-8')):,} bytes, "
                    f"more than an option may ({MAX_VALUE_BYTES:,}); it is ignored",
                    lineno,
                )
                continue
            if name not in self.known_options:
                self.warn(
                    "option",
                    f"{self.kind}: unknown option ':{name}:'"
                    f"{closest(name, list(self.known_options))}; it is ignored "
                    f"(known: {', '.join(sorted(self.known_options))})",
                    lineno,
                )
                continue
            if name in options:
                self.warn(
                    "option",
                    f"{self.kind}: option ':{name}:' is given twice; "
                    f"the first, at line {options[name].lineno}, is used",
                    lineno,
                )
                continue
            if self.known_options[name] and value:
                self.warn(
                    "option",
                    f"{self.kind}: ':{name}:' is a flag and takes no value; remove {value!r}",
                    lineno,
                )
            options[name] = RawOption(value, lineno)
        while index < len(content) and not content[index].strip():
            index += 1
        return options, index

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
            parsed = self.parse_text_to_nodes(body, offset=self.content_offset + start)
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
        self.warn(
            "markup",
            f"a {self.kind} cannot stand inside a {NewsletterDirective._open[-1]}, so it is "
            f"skipped; close the {NewsletterDirective._open[-1]} (`:::`) before it starts",
        )
        return True

    def check_lookalikes(
        self, text: str, what: str, lineno: int | None = None, *, invisible: bool = True
    ) -> str:
        """Warn about bidi controls (and invisible characters) in ``text``; return it visible.

        Both are dropped from every slug and id: two names that look alike must
        not get two pages silently.
        """
        bidi, hidden = lookalikes(text)
        if bidi or (hidden and invisible):
            found = (("bidi controls", bidi), ("invisible characters", hidden))
            kinds = " and ".join(kind for kind, there in found if there)
            self.warn(
                "markup",
                f"{what} holds {kinds}, which a reader cannot see; they are left out of "
                "its id and page. Retype it without them",
                lineno,
            )
        return visible(text)

    def title_nodes(self) -> tuple[list[nodes.Node], str] | None:
        """The argument parsed as inline markup, and its plain text."""
        if self.arguments and len(self.arguments[0].encode("utf-8")) > MAX_VALUE_BYTES:
            self.warn(
                "option",
                f"the {self.kind}'s argument holds {len(self.arguments[0].encode('utf-8')):,} "
                f"bytes, more than it may ({MAX_VALUE_BYTES:,}); the {self.kind} is skipped",
            )
            return None
        if not self.arguments or not self.arguments[0].strip():
            self.warn(
                "option",
                f"{self.kind} has no argument: write the "
                f"{'title' if self.kind == 'recommendation' else 'name'} on the "
                f"directive's first line, e.g. `:::{{{self.kind}}} Name`; it is skipped",
            )
            return None
        inline, messages = self.parse_inline(self.arguments[0].strip(), lineno=self.lineno)
        inline = self.sanitized(inline, inline=True)
        text = nodes.inline("", "", *inline).astext().strip()
        return [*inline, *messages], text

    def checked_url(self, option: RawOption | None, what: str) -> str | None:
        """The option's URL if it is absolute ``http(s)``; warn and drop it otherwise."""
        if option is None:
            return None
        if not option.value:
            self.warn(
                "url", f"{what}: ':url:' is empty; give the absolute http(s) link", option.lineno
            )
            return None
        if not http_url(option.value):
            self.warn(
                "url",
                f"{what}: {option.value!r} is not an absolute http(s) URL, so the "
                "title is not linked; write the full address starting with https://",
                option.lineno,
            )
            return None
        return option.value

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
    known_options: ClassVar[dict[str, bool]] = {
        "url": False,
        "authors": False,
        "publication": False,
        "regions": False,
        "topics": False,
        "no-url": True,
        "date": False,
        "lang": False,
        "name": False,
        "follows": False,
    }

    def run(self) -> list[nodes.Node]:
        start = self.begin()
        if start is None:
            return []
        title_inline, title_text, options, body_start = start
        # A title may hold invisible characters (pasted text, emoji sequences); its
        # id never does. Bidi controls reorder what the reader sees: those warn.
        self.check_lookalikes(title_text, f"the title {title_text!r}", invisible=False)
        for name in ("authors", "publication", "topics", "regions", "name", "follows"):
            if name in options:
                option = options[name]
                options[name] = RawOption(
                    self.check_lookalikes(option.value, f"':{name}:'", option.lineno),
                    option.lineno,
                )
        domain = self.domain
        docname = self.env.docname
        issue_number = domain.issue_number_of(docname)
        position = domain.count_recommendations(docname) + 1
        what = f"recommendation {title_text!r}"

        url = self.checked_url(options.get("url"), what)
        if "url" not in options and "no-url" not in options:
            self.warn(
                "url",
                f"{what} has no ':url:'; add the article's link, or ':no-url:' "
                "if the link is known to be lost",
            )
        authors = tuple(split_list(options["authors"].value)) if "authors" in options else ()
        publication = options["publication"].value if "publication" in options else None
        regions = self._regions(options.get("regions"), what)
        topics = self._topics(options.get("topics"), what)
        date = self._date(options.get("date"), what)
        lang = self._lang(options.get("lang"), what)
        follows = self._slug_option(options.get("follows"), what, "follows")
        rid = self._slug_option(options.get("name"), what, "name") or slugify(title_text)
        if not rid:
            rid = f"{issue_number or 0:04d}-{position}"

        body = self.parse_body(body_start)
        if not body:
            self.warn(
                "body",
                f"{what} has no commentary: write the editors' take below the options",
            )
        take = without_markers(
            "\n\n".join(n.astext() for n in body if not isinstance(n, nodes.system_message))
        )

        record = Recommendation(
            id=rid,
            docname=docname,
            issue=issue_number or 0,
            position=position,
            lineno=self.lineno,
            title=title_text,
            take=take,
            url=url,
            authors=authors,
            publication=publication,
            regions=regions,
            topics=topics,
            date=date,
            lang=lang,
            follows=follows,
            follows_line=options["follows"].lineno if follows else 0,
        )
        node_ids = self._claim_id(rid, what)
        domain.note_recommendation(record, registered=issue_number is not None)
        article = self._render(
            record, title_inline, body, node_ids, options["url"].lineno if url else self.lineno
        )
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
            self.warn(
                "duplicate",
                f"{what} has the id {rid!r}, already used by the recommendation at "
                f"line {holder.line} of this issue; set ':name:' to another id",
            )
        else:
            self.warn(
                "duplicate",
                f"{what} has the id {rid!r}, already used by a heading at line "
                f"{holder.line or holder[0].line} of this page; set ':name:' to another id",
            )
        return []

    def _regions(self, option: RawOption | None, what: str) -> tuple[str, ...]:
        if option is None:
            return ()
        tree = region_tree(self.config)
        known = list(tree.regions)
        out: list[str] = []
        items = option.value.split(",")
        for item in items:
            rid = item.strip()
            if not rid:
                self.warn(
                    "region",
                    f"{what}: ':regions:' has an empty region id; "
                    "remove the extra comma or write the id",
                    option.lineno,
                )
            elif rid not in tree:
                self.warn(
                    "region",
                    f"{what}: unknown region {rid!r}{closest(rid, known)}; it is not filed "
                    "there. Use an id from newsletter_regions in conf.py",
                    option.lineno,
                )
            elif rid not in out:
                out.append(rid)
        return tuple(out)

    def _topics(self, option: RawOption | None, what: str) -> tuple[str, ...]:
        if option is None:
            return ()
        out: dict[str, str] = {}
        for name in split_list(option.value):
            slug = taxonomy_slug(name)
            if not slug:
                self.warn(
                    "option",
                    f"{what}: topic {name!r} has no letters or digits; it is ignored",
                    option.lineno,
                )
            else:
                out.setdefault(slug, name)
        return tuple(out.values())

    def _date(self, option: RawOption | None, what: str) -> str | None:
        if option is None:
            return None
        try:
            return dt.date.fromisoformat(option.value).isoformat()
        except ValueError:
            self.warn(
                "option",
                f"{what}: ':date:' {option.value!r} is not a date; write it as YYYY-MM-DD",
                option.lineno,
            )
            return None

    def _lang(self, option: RawOption | None, what: str) -> str | None:
        if option is None:
            return None
        if _LANG_RE.match(option.value):
            return option.value
        self.warn(
            "option",
            f"{what}: ':lang:' {option.value!r} is not a BCP 47 language "
            "tag; write e.g. 'zh', 'ja' or 'ko-KR'",
            option.lineno,
        )
        return None

    def _slug_option(self, option: RawOption | None, what: str, name: str) -> str | None:
        if option is None:
            return None
        if is_slug(option.value):
            return option.value
        suggestion = slugify(option.value)
        self.warn(
            "option",
            f"{what}: ':{name}:' {option.value!r} is not an id"
            + (f"; write it as {suggestion!r}" if suggestion else "")
            + (" (the title's id is used instead)" if name == "name" else "; it is ignored"),
            option.lineno,
        )
        return None

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
            link.source, link.line = self.env.doc2path(self.env.docname), url_line
            heading += link
        else:
            # Styled as plain text (no link colour), so it does not pass for a link.
            heading["classes"].append("recommendation-title-unlinked")
            heading += title_inline
        article += heading
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
            byline += nodes.inline("", rec.date, classes=["recommendation-date"])
        if len(byline):
            article += byline
        chips = nodes.paragraph(classes=["recommendation-chips"])
        for region in rec.regions:
            chips += xref("region", region, "", ["chip", "chip-region"])
            chips += nodes.Text(" ")
        for topic in rec.topics:
            chips += xref("topic", topic, topic, ["chip", "chip-topic"])
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
    known_options: ClassVar[dict[str, bool]] = {
        "url": False,
        "logo": False,
        "code": False,
        "offer": False,
        "terms": False,
    }

    def run(self) -> list[nodes.Node]:
        start = self.begin()
        if start is None:
            return []
        _number, name, options, body_start = start
        name = self.check_lookalikes(name, f"the sponsor's name {name!r}")
        what = f"sponsor {name!r}"
        if "url" not in options:
            self.warn("url", f"{what} has no ':url:'; add the sponsor's http(s) link")
        url = self.checked_url(options.get("url"), what)
        body = self.parse_body(body_start)
        value = {key: option.value or None for key, option in options.items()}
        if value.get("logo"):
            problem = Sanitizer(self.env, self.env.docname).image_problem(value["logo"])
            if problem is not None:
                self.warn("url", f"{what}: the logo {problem}", options["logo"].lineno)
                value["logo"] = None
        record = Sponsor(
            name=name,
            docname=self.env.docname,
            issue=self.domain.issue_number_of(self.env.docname) or 0,
            lineno=self.lineno,
            url=url,
            message="\n\n".join(n.astext() for n in body),
            logo=value.get("logo"),
            code=value.get("code"),
            offer=value.get("offer"),
            terms=value.get("terms"),
        )
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
            link.source, link.line = self.env.doc2path(self.env.docname), url_line
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
