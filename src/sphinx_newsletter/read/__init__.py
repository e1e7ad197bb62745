"""Reading issues: front matter, directives, what an untrusted page may contain, the catalog.

Everything here runs while Sphinx reads a source, or reads the sources without a site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    """Register the directives, the parser, the transforms and the reading handlers."""
    from .assets import refuse_other_files
    from .cards import UnrepeatedChips
    from .directives import RecommendationDirective, SponsorDirective
    from .emphasis import CJKEmphasis
    from .issues import IssuePage, read_front_matter
    from .policy import NewsletterParser
    from .reader import CatalogBuilder
    from .sanitize import Sanitize
    from .sourcetext import leave_out, one_line_end

    app.add_builder(CatalogBuilder)
    app.add_directive("recommendation", RecommendationDirective)
    app.add_directive("sponsor", SponsorDirective)
    app.add_transform(IssuePage)
    app.add_transform(CJKEmphasis)
    app.add_transform(UnrepeatedChips)
    app.add_transform(Sanitize)
    # Every Markdown page is parsed under the rules for untrusted text (policy.py),
    # unless the site trusts it (newsletter_trusted_pages); issues always are.
    app.add_source_parser(NewsletterParser, override=True)
    # Before anything is read or copied: files beside an issue are images only.
    app.connect("config-inited", refuse_other_files, priority=100)
    app.connect("env-before-read-docs", leave_out)
    # Line ends first: the front matter's reader counts lines as MyST does.
    app.connect("source-read", one_line_end, priority=400)
    app.connect("source-read", read_front_matter)
