"""The ``newsletter-email`` builder: ``NNNN.html``, ``NNNN.txt`` and ``NNNN.eml`` per issue.

A directory-HTML builder (so every link is resolved as the web site lays its pages
out, then made absolute against the issue page's URL), with permalinks, the search
index, the indices and static files off. The web chrome is dropped for it
(``pages.chrome``) and it gets no listing pages: it writes the content only.

The issue's header line gives way to the email's masthead (the name, the logo if
the site has one, the number and date), and its chips become words
(:func:`for_mail`); the HTML part and the text part are then both written from
that one doctree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import css_inline
import jinja2
from docutils import nodes
from markupsafe import Markup, escape
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.util import logging

from .._compat import render_doctree
from ..config import newsletter_name, settings_of
from ..conflines import ConfLines
from ..domain import catalog_of
from ..feeds.content import KICKER, SEPARATOR, absolute_fragment, classed, separate_chips
from ..feeds.identity import site_logo
from ..labels import language_tag
from ..paths import inside
from ..urls import issue_label, long_date, page_url
from .inert import inert_html, inert_keeping, inert_text
from .labels import labels
from .message import header_text, issue_message
from .text import issue_text, labelled

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.config import Config

logger = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent / "templates"
#: Gmail clips a message's HTML past this many bytes.
SIZE_LIMIT = 102 * 1024


def for_mail(doctree: nodes.document) -> None:
    """Shape an issue's resolved doctree for its email: the header line left to the
    masthead, the chips plain words set apart by text."""
    for kicker in classed(doctree, KICKER):
        kicker.parent.remove(kicker)
    separate_chips(doctree, linked=False)


def missing_settings(config: Config) -> list[tuple[str, str]]:
    """(key, why it matters) of each ``newsletter_email`` setting an email needs and
    the site has not given."""
    settings = settings_of(config).email
    missing = []
    if not settings.sender.strip():
        missing.append(
            (
                "from",
                "each .eml is written without a From header, which SMTP relays and mail "
                "services refuse; set it to 'Name <address>'",
            )
        )
    if not settings.address.strip():
        missing.append(
            (
                "address",
                "the emails' footer has no postal address, which anti-spam law (CAN-SPAM) "
                "and mail services require of a newsletter; set it to the newsletter's "
                "postal address, one line per line",
            )
        )
    return missing


class EmailBuilder(DirectoryHTMLBuilder):
    """Writes each published issue as an email: HTML for mail clients, text, ``.eml``."""

    name = "newsletter-email"
    epilog = "The email edition is in %(outdir)s."
    search = False
    copysource = False
    add_permalinks = False
    use_index = False

    def init(self) -> None:
        super().init()
        self.add_permalinks = False
        self.use_index = False
        self.templates_email = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True
        )
        self.inliner = css_inline.CSSInliner(
            keep_style_tags=True, keep_at_rules=True, load_remote_stylesheets=False
        )
        lines = ConfLines.of(self.confdir)
        for key, why in missing_settings(self.config):
            logger.warning(
                f"newsletter_email has no {key!r}: {why}",
                # Where the key would go: the setting's line (line 1 without one).
                location=lines.location(("newsletter_email",)),
                type="newsletter",
                subtype="config",
            )

    def _wanted(self, number: int) -> bool:
        # From conf.py numbers; from the command line (-D) strings.
        only = {str(n).strip() for n in settings_of(self.config).email_issues}
        return not only or str(number) in only

    def get_outdated_docs(self) -> Iterator[str]:
        # Every wanted issue is written each time (a mail is made once, for sending),
        # and only those: `newsletter email 9` loads one doctree, not the archive's.
        # (Documents read in this build are written too; write_doc skips the rest.)
        catalog = catalog_of(self.env)
        return iter(
            [
                issue.docname
                for issue in catalog.issues
                if self._wanted(issue.number) and issue.docname in self.env.found_docs
            ]
        )

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        catalog = catalog_of(self.env)
        issue = catalog.by_docname.get(docname)
        if issue is None or issue.draft or not self._wanted(issue.number):
            return
        stem = f"{issue.number:04d}"
        page = page_url(self.app, docname) or ""
        for_mail(doctree)
        content = absolute_fragment(render_doctree(self, docname, doctree), page)
        settings = settings_of(self.config).email
        name = newsletter_name(self.config)
        subject = self._subject(issue_label(issue.number, issue.headline, name), doctree)
        words = labels(name)
        # The issue's number and date, as its page's header says them.
        edition = f"#{issue.number}{SEPARATOR}{long_date(issue.date, self.config.language)}"
        address = [line for line in settings.address.splitlines() if line.strip()]
        unsubscribe = settings.unsubscribe_placeholder or ""

        def render_html(slot: str) -> str:
            return self.inliner.inline(
                self.templates_email.get_template("email.html").render(
                    language=language_tag(self.config.language),
                    subject=subject,
                    preheader=issue.description,
                    page=page,
                    home=page_url(self.app, self.config.root_doc) or "",
                    name=name,
                    logo=site_logo(self.config),
                    edition=edition,
                    content=Markup(content),
                    words=words,
                    address=address,
                    unsubscribe=slot if unsubscribe else "",
                )
            )

        def render_text(slot: str) -> str:
            return issue_text(
                [name, edition, labelled(words["view_in_browser"], page)],
                doctree,
                [
                    words["why"],
                    *address,
                    labelled(words["unsubscribe"], slot) if unsubscribe else "",
                ],
            )

        # Made inert after css-inline, which would turn character references back.
        html = inert_keeping(render_html, inert_html, str(escape(unsubscribe)))
        text = inert_keeping(render_text, inert_text, unsubscribe)
        if len(html.encode("utf-8")) > SIZE_LIMIT:
            logger.warning(
                f"the email of issue {issue.number} is {len(html.encode()) // 1024} KB: "
                "Gmail clips messages past 102 KB; shorten the issue",
                location=docname,
                type="newsletter",
                subtype="email",
            )
        host = urlsplit(self.config.html_baseurl or "https://localhost/").hostname
        message = issue_message(
            subject=subject,
            sender=settings.sender,
            reply_to=settings.reply_to,
            date=issue.date,
            message_id=f"<issue-{issue.number}@{host}>",
            text=text,
            html=html,
            unsubscribe_url=settings.list_unsubscribe_url,
            unsubscribe_mailto=settings.list_unsubscribe_mailto,
        )
        inside(self.outdir, f"{stem}.html").write_text(html, encoding="utf-8")
        inside(self.outdir, f"{stem}.txt").write_text(text, encoding="utf-8")
        inside(self.outdir, f"{stem}.eml").write_bytes(message.as_bytes())

    def _subject(self, label: str, doctree: nodes.document) -> str:
        """The email's subject: ``label`` on one line, warned at the headline if it was not."""
        subject = header_text(label)
        if subject != label:
            # The headline is the first section's title (``read.issues``).
            top = next(iter(doctree.findall(nodes.section)), None)
            logger.warning(
                f"the email's subject {label!r} holds line breaks or control characters, "
                "which a Subject header cannot: they became spaces in the email; "
                "write the headline on one line, without control characters",
                location=top[0] if top is not None and len(top) else doctree,
                type="newsletter",
                subtype="headline",
            )
        return subject

    def copy_assets(self) -> None:
        """No static files: every image and link points at the web site."""

    def finish(self) -> None:
        """Nothing else: no index, search, static files or images (the web site has them)."""

    def handle_page(self, *args: Any, **kwargs: Any) -> None:
        """No theme pages (search, index, 404): the builder writes mails only."""
