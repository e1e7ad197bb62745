"""The web-only parts of a page (subscribe block, issue navigation), per builder.

They are emitted at read time inside a generic ``web_only`` node, so the
doctree holds them once for every builder; a post-transform unwraps them for
the builders that show a web page's chrome and drops them for every other
(singlehtml, epub, text, a later email builder), which gets the content only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging

from ..config import settings_of
from ..conflines import ConfLines
from ..labels import _
from ..links import http_url
from ..nodes import semantic, semantic_text, subscribe_form, web_only
from ..output import WEB_BUILDERS, output_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: The builders that get the chrome: the web pages', and linkcheck, which checks
#: the links the web pages carry (the subscribe and social links among them).
CHROME_BUILDERS = (*WEB_BUILDERS, "linkcheck")


def subscribe_label(config: Config) -> str:
    """The subscribe button's text: ``newsletter_subscribe``'s ``label``, or "Subscribe"."""
    return settings_of(config).subscribe.label or _("Subscribe")


def subscribe_block(config: Config) -> list[nodes.Element]:
    """The call to subscribe ("Our Ask"): its words, the mail service's sign-up (a
    button to its page, or its form) and the social links, from ``conf.py``."""
    block = semantic(
        tag="section", ids=["nl-subscribe"], classes=["newsletter-subscribe"], label=_("Subscribe")
    )
    settings = settings_of(config)
    ask = settings.subscribe
    if ask.title:
        block += semantic_text("", ask.title, tag="h2", classes=["subscribe-title"])
    if ask.text:
        block += nodes.paragraph("", ask.text, classes=["subscribe-text"])
    if ask.form and http_url(ask.form):
        block += subscribe_form(
            action=ask.form, field=ask.email_field, label=subscribe_label(config)
        )
    elif ask.url and http_url(ask.url):
        link = nodes.paragraph(classes=["subscribe-action"])
        link += nodes.reference(
            "", subscribe_label(config), refuri=ask.url, classes=["subscribe-button"]
        )
        block += link
    social = [item for item in settings.social if http_url(item.url)]
    if social:
        items = nodes.bullet_list(classes=["social-links"])
        for item in social:
            items += nodes.list_item(
                "", nodes.paragraph("", "", nodes.reference("", item.label, refuri=item.url))
            )
        block += items
    return [block] if len(block) else []


class WebChrome(SphinxPostTransform):
    """Show the web-only parts to the builders that want a web page's chrome."""

    builders = CHROME_BUILDERS
    # First of all post-transforms: the chrome's links are resolved like the content's.
    default_priority = 1

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(web_only)):
            node.replace_self(node.children)


class ContentOnly(SphinxPostTransform):
    """Drop the web-only parts for every other builder (after ``WebChrome``)."""

    default_priority = 2

    def run(self, **kwargs: object) -> None:
        for node in list(self.document.findall(web_only)):
            node.parent.remove(node)


def check_subscribe(app: Sphinx) -> None:
    """``builder-inited``: a web build of a site with no way to sign up by email says
    so, once (its pages still link the feeds, and the header's button is left out)."""
    ask = settings_of(app.config).subscribe
    if (
        output_of(app) is None
        or ask.feeds_only
        or (ask.url and http_url(ask.url))
        or (ask.form and http_url(ask.form))
    ):
        return
    logger.warning(
        "newsletter_subscribe has no 'url' (the https address of your mail service's "
        "sign-up page) or 'form' (the https address its sign-up form posts to): readers "
        "find the feeds but no way to subscribe by email; set one of them in conf.py (or "
        "'feeds_only': True for a site without an email edition)",
        location=ConfLines.of(app.confdir).location(("newsletter_subscribe",)),
        type="newsletter",
        subtype="config",
    )


def setup_chrome(app: Sphinx) -> None:
    """Register the post-transforms that shape the chrome per builder."""
    app.add_post_transform(WebChrome)
    app.add_post_transform(ContentOnly)
    # After the output service (400), which tells a web build.
    app.connect("builder-inited", check_subscribe, priority=460)
