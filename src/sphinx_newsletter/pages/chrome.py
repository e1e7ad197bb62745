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

from ..config import settings_of
from ..labels import _
from ..links import http_url
from ..nodes import semantic, semantic_text, web_only
from ..output import WEB_BUILDERS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The builders that get the chrome: the web pages', and linkcheck, which checks
#: the links the web pages carry (the subscribe and social links among them).
CHROME_BUILDERS = (*WEB_BUILDERS, "linkcheck")


def subscribe_block(config: Config) -> list[nodes.Element]:
    """The call to subscribe ("Our Ask") and the social links, from ``conf.py``."""
    block = semantic(tag="section", classes=["newsletter-subscribe"], label=_("Subscribe"))
    settings = settings_of(config)
    ask = settings.subscribe
    if ask.title:
        block += semantic_text("", ask.title, tag="h2", classes=["subscribe-title"])
    if ask.text:
        block += nodes.paragraph("", ask.text, classes=["subscribe-text"])
    if ask.url and http_url(ask.url):
        link = nodes.paragraph(classes=["subscribe-action"])
        link += nodes.reference(
            "", ask.label or _("Subscribe"), refuri=ask.url, classes=["subscribe-button"]
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


def setup_chrome(app: Sphinx) -> None:
    """Register the post-transforms that shape the chrome per builder."""
    app.add_post_transform(WebChrome)
    app.add_post_transform(ContentOnly)
