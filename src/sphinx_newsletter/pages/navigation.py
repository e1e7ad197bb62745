"""Filling in what a page shows of other pages, once every document is known.

Placeholders emitted while reading (previous/next issue, follow-ups, the home
page's listing) are resolved at ``doctree-resolved`` from the catalog. The
domain tracks what each page showed, so a page is re-written when it changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..catalog import Catalog
from ..domain import catalog_of, domain_of
from ..labels import _
from ..nodes import follow_ups, issue_navigation, listing, semantic, semantic_text, web_only
from ..paths import cover_size
from ..taxonomies import tree_taxonomy
from ..urls import issue_label, long_date
from .chrome import subscribe_block
from .listings import home_data, region_rows

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder


def link(
    builder: Builder,
    fromdoc: str,
    todoc: str,
    text: str,
    anchor: str = "",
    classes: list[str] | None = None,
    lang: str | None = None,
) -> nodes.reference:
    """An internal link from one page to another (or to an anchor on it)."""
    uri = builder.get_relative_uri(fromdoc, todoc)
    if anchor:
        uri += "#" + anchor
    classes = [*(classes or []), *([f"language-{lang}"] if lang else [])]
    return nodes.reference("", text, refuri=uri, internal=True, classes=classes)


def _neighbours(builder: Builder, catalog: Catalog, docname: str) -> list[nodes.Node]:
    before, after = catalog.neighbours(docname)
    nav = semantic(tag="nav", classes=["issue-navigation"], label=_("Previous and next issue"))
    if before:
        para = nodes.paragraph(classes=["issue-previous"])
        para += nodes.inline("", _("Previous issue"), classes=["issue-navigation-label"])
        para += link(builder, docname, before.docname, before.label, classes=["prev"])
        nav += para
    if after:
        para = nodes.paragraph(classes=["issue-next"])
        para += nodes.inline("", _("Next issue"), classes=["issue-navigation-label"])
        para += link(builder, docname, after.docname, after.label, classes=["next"])
        nav += para
    return [nav] if len(nav) else []


def _follow_ups(builder: Builder, catalog: Catalog, docname: str, rec_id: str) -> list[nodes.Node]:
    later = catalog.follow_ups.get(rec_id, [])
    if not later:
        return []
    para = nodes.paragraph(classes=["recommendation-followed-up"])
    para += nodes.Text(_("Followed up in "))
    for index, rec in enumerate(later):
        if index:
            para += nodes.Text(", ")
        issue = catalog.by_docname[rec.docname]
        para += nodes.Text(f"#{issue.number}: ")
        para += link(
            builder,
            docname,
            rec.docname,
            rec.title,
            rec.id,
            classes=["recommendation-entry"],
            lang=rec.lang,
        )
    return [para]


def _home(app: Sphinx, docname: str) -> list[nodes.Node]:
    builder = app.builder
    env = app.env
    catalog = catalog_of(env)
    home = home_data(env)
    name, latest, image, image_alt = home.name, home.latest, home.image, home.image_alt
    recs, recent = home.recommendations, home.recent
    out: list[nodes.Node] = []
    if latest:
        block = semantic(tag="section", classes=["home-latest"], label=_("Latest issue"))
        kicker = nodes.paragraph(classes=["issue-kicker"])
        # The page's heading is the site's name: the kicker does not repeat it.
        kicker += nodes.inline("", _("Latest issue"), classes=["issue-newsletter"])
        kicker += nodes.inline("", f"#{latest.number}", classes=["issue-number"])
        when = semantic_text(
            tag="time", classes=["issue-date"], attributes={"datetime": latest.date.isoformat()}
        )
        when += nodes.Text(long_date(latest.date, app.config.language))
        kicker += when
        block += kicker
        heading = semantic_text(tag="h2", classes=["home-latest-headline"])
        heading += link(builder, docname, latest.docname, latest.headline)
        block += heading
        block += nodes.paragraph("", latest.description, classes=["issue-description"])
        if image:
            # The cover was collected with the issue's page; point at the same file.
            uri = image if "://" in image else image.lstrip("/")
            cover = nodes.image(
                uri=uri,
                alt=image_alt or "",
                classes=["home-cover"],
                candidates={"?" if "://" in image else "*": uri},
            )
            size = cover_size(app.srcdir, image)
            if size:
                cover["width"], cover["height"] = str(size[0]), str(size[1])
            block += cover
        items = nodes.bullet_list(classes=["home-latest-recommendations"])
        for rec_id, title, lang in recs:
            items += nodes.list_item(
                "",
                nodes.paragraph(
                    "",
                    "",
                    link(
                        builder,
                        docname,
                        latest.docname,
                        title,
                        rec_id,
                        classes=["recommendation-entry"],
                        lang=lang,
                    ),
                ),
            )
        block += items
        out.append(block)
    if recent:
        block = semantic(tag="section", classes=["home-recent"], label=_("Recent issues"))
        block += semantic_text("", _("Recent issues"), tag="h2")
        items = nodes.bullet_list(classes=["issue-cards"])
        for card in recent:
            item = nodes.paragraph()
            item += link(
                builder,
                docname,
                card.docname,
                issue_label(card.number, card.headline),
                classes=["issue-link"],
            )
            items += nodes.list_item(
                "", item, nodes.paragraph("", card.description, classes=["issue-description"])
            )
        block += items
        out.append(block)
    archive = nodes.paragraph(classes=["home-archive-link"])
    archive += link(builder, docname, "archive", _("Every issue of {name}, by year →", name=name))
    out.append(archive)
    if len(catalog.regions):
        tree = tree_taxonomy()
        block = semantic(tag="section", classes=["home-regions"], label=_(tree.title))
        block += semantic_text("", _(tree.title), tag="h2")
        rows = nodes.bullet_list(classes=["region-tree"])
        # Only the regions with entries (a region's count includes those below it,
        # so the tree stays connected); the regions page lists every one.
        for depth, term in region_rows(catalog):
            if not term.count:
                continue
            item = nodes.paragraph()
            item += link(builder, docname, term.pagename, term.name)
            item += nodes.inline("", f" {term.count}", classes=["count"])
            rows += nodes.list_item("", item, classes=[f"depth-{depth}"])
        if len(rows):
            block += rows
        every = nodes.paragraph(classes=["home-regions-all"])
        every += link(builder, docname, tree.name, _("All regions →"))
        block += every
        out.append(block)
    return out


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: turn the placeholders into links for this builder."""
    catalog = catalog_of(app.env)
    node: nodes.Element
    for node in list(doctree.findall(issue_navigation)):
        node.replace_self(_neighbours(app.builder, catalog, docname))
    for node in list(doctree.findall(follow_ups)):
        node.replace_self(_follow_ups(app.builder, catalog, docname, node["rec_id"]))
    for node in list(doctree.findall(listing)):
        node.replace_self(_home(app, docname))


def add_home_listing(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: the root page shows the archive's latest issues."""
    env = app.env
    docname = env.current_document.docname
    if docname != app.config.root_doc or next(iter(doctree.findall(listing)), None):
        return
    section: nodes.Element = next(iter(doctree.findall(nodes.section)), doctree)
    section += listing()
    section += web_only("", *subscribe_block(app.config))
    domain_of(env).note_view(docname, "listing", "home")
