"""An entry's (sanitized) HTML as an issue's blocks: prose, sections and recommendations.

The rule is the issue's: a link that leads a list item or a paragraph becomes a
``recommendation`` (the link's text its title, the link its ``:url:``, the rest
of the item its take); so does a heading that is nothing but a link, with the
paragraphs under it as the take. A leading link whose paragraph has nothing
more takes the plain paragraphs that follow it. Everything else stays prose,
converted by markdownify (``markdown``).

A feed made by this kit (its pages' own HTML) is read for what its markup
says: each ``<article class="recommendation">`` with its byline's authors and
publication, its topics, its region chips (by title, where the site has the
region) and its id; a sponsor's ``<aside>``; and the page's own heading and
lede are left out, since the front matter holds them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

import lxml.html

from ...slugs import is_slug, slugify
from .markdown import plain_markdown, to_markdown
from .sanitize import LEFTOVER

#: Elements whose children are the blocks (their own markup carries no meaning here).
CONTAINERS = frozenset(
    [
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "nav",
        "center",
        "body",
        "span",
        "font",
    ]
)
BLOCKS = frozenset(
    [
        "p",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "blockquote",
        "table",
        "hr",
        "figure",
        "dl",
        "img",
        "aside",
    ]
)
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
#: The blocks of this kit's own pages that the importer reads whole.
KIT_BLOCKS = frozenset({"recommendation", "sponsor", "issue-lede", "issue-kicker"})
#: Wrappers a leading link may stand in (``<strong><a>Title</a></strong> ...``).
_WRAPPERS = frozenset(["strong", "b", "em", "i", "span", "u"])
#: What separates a leading link from its take: dashes, colons, bullets.
_SEPARATOR = re.compile(r"^[\s\-\u2013\u2014:|\u00b7\u2022,.;]+")
_SPACES = re.compile(r"\s+")


@dataclass
class Recommendation:
    """A recommendation as the importer found it (options as the spec names them)."""

    title: str
    url: str | None
    take: str
    authors: list[str] = field(default_factory=list)
    publication: str = ""
    regions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    name: str = ""


@dataclass
class Sponsor:
    """A sponsor's block (from this kit's feeds)."""

    name: str
    url: str
    message: str


@dataclass
class Prose:
    """Markdown that stays as it is: a paragraph, a list, a quote, a table, a heading."""

    text: str


@dataclass
class Leftover:
    """Something the importer could not place; written as a note ``check`` reports."""

    note: str


Block = Recommendation | Sponsor | Prose | Leftover


@dataclass
class Cover:
    """The cover image a kit feed's lede shows."""

    src: str
    alt: str
    credit: str


@dataclass
class Converted:
    """An entry's body as blocks, and the cover its lede gave (kit feeds)."""

    blocks: list[Block]
    cover: Cover | None = None


def text_of(element: lxml.html.HtmlElement) -> str:
    """An element's text on one line."""
    return _SPACES.sub(" ", element.text_content()).strip()


def _classes(element: lxml.html.HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _html(element: lxml.html.HtmlElement) -> str:
    html: str = lxml.html.tostring(element, encoding="unicode", with_tail=False)
    return html


def _markdown(elements: list[lxml.html.HtmlElement]) -> str:
    return "\n\n".join(md for md in (to_markdown(_html(e)) for e in elements) if md)


def _paragraph(pieces: list[object]) -> lxml.html.HtmlElement | None:
    """A ``<p>`` of loose text and inline elements; None when it holds nothing."""
    p = lxml.html.Element("p")
    for piece in pieces:
        if isinstance(piece, str):
            if len(p):
                p[-1].tail = (p[-1].tail or "") + piece
            else:
                p.text = (p.text or "") + piece
        else:
            assert isinstance(piece, lxml.html.HtmlElement)
            inner = copy.deepcopy(piece)
            inner.tail = None
            p.append(inner)
    keep = text_of(p) or p.find(".//img") is not None or p.find(f".//ins[@{LEFTOVER}]") is not None
    return p if keep else None


def blocks_of(container: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """The block elements of ``container``, its loose inline content made paragraphs and
    plain containers opened."""
    found: list[lxml.html.HtmlElement] = []
    loose: list[object] = [container.text or ""]

    def flush() -> None:
        paragraph = _paragraph(loose)
        if paragraph is not None:
            found.append(paragraph)
        loose.clear()

    for child in container:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        kit = _classes(child) & KIT_BLOCKS
        if tag in BLOCKS or kit:
            flush()
            found.append(child)
        elif tag in CONTAINERS and any(
            isinstance(e.tag, str) and e.tag in BLOCKS | CONTAINERS for e in child.iter()
        ):
            flush()
            found.extend(blocks_of(child))
        else:
            loose.append(child)
        loose.append(child.tail or "")
    flush()
    return found


def leading_link(element: lxml.html.HtmlElement) -> tuple[lxml.html.HtmlElement, str, str] | None:
    """(the child holding it, title, url) when ``element`` opens with an http(s) link
    that has text and stands alone in its wrapper; else None."""
    if (element.text or "").strip():
        return None
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return None
    first = children[0]
    tag = first.tag.lower()
    if tag == "p" and element.tag in ("li", "blockquote"):
        found = leading_link(first)
        return (first, found[1], found[2]) if found else None
    link = first
    while link.tag.lower() in _WRAPPERS:
        inner = [c for c in link if isinstance(c.tag, str)]
        if len(inner) != 1 or (link.text or "").strip() or (inner[0].tail or "").strip():
            return None
        link = inner[0]
    href = link.get("href") or ""
    if link.tag.lower() != "a" or not href.startswith(("http://", "https://")):
        return None
    title = text_of(link)
    return (first, title, href) if title else None


def _rest(element: lxml.html.HtmlElement, lead: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy of ``element`` without its leading link (its separator dropped too)."""
    rest = copy.deepcopy(element)
    rest.tag = "div" if element.tag in ("li", "blockquote") else element.tag
    index = list(element).index(lead)
    removed = rest[index]
    tail = _SEPARATOR.sub("", removed.tail or "")
    rest.remove(removed)  # lxml moves the tail away with it
    if index == 0:
        rest.text = tail
    else:
        rest[index - 1].tail = (rest[index - 1].tail or "") + tail
    if lead.tag in ("p",) and element.tag in ("li", "blockquote"):
        # The leading link stood in the item's first paragraph: keep that paragraph's rest.
        first_rest = _rest(lead, leading_link(lead)[0])  # type: ignore[index]
        first_rest.tag = "p"
        rest.insert(0, first_rest)
    return rest


def _kit_recommendation(
    article: lxml.html.HtmlElement, regions_by_title: dict[str, str]
) -> Recommendation:
    """A recommendation from this kit's own ``<article class="recommendation">``."""
    heading = next(iter(article.find_class("recommendation-title")), None)
    link = heading.find(".//a") if heading is not None else None
    title = text_of(heading) if heading is not None else ""
    url = link.get("href") if link is not None and link.get("href") else None
    take = next(iter(article.find_class("recommendation-take")), None)
    take_blocks: list[lxml.html.HtmlElement] = []
    if take is not None:
        take_blocks = [b for b in blocks_of(take) if "take-label" not in _classes(b)]
    rid = article.get("id") or ""
    return Recommendation(
        title=title,
        url=url,
        take=_markdown(take_blocks),
        authors=[text_of(e) for e in article.find_class("author")],
        publication=next((text_of(e) for e in article.find_class("publication")), ""),
        regions=[
            regions_by_title[text_of(e)]
            for e in article.find_class("chip-region")
            if text_of(e) in regions_by_title
        ],
        topics=[text_of(e) for e in article.find_class("chip-topic")],
        name=rid if is_slug(rid) and rid != slugify(title) else "",
    )


def _kit_sponsor(aside: lxml.html.HtmlElement) -> Block:
    name = next(iter(aside.find_class("sponsor-name")), None)
    link = name.find(".//a") if name is not None else None
    if name is None or link is None or not link.get("href", "").startswith("http"):
        return Prose(_markdown([aside]))
    message = [b for b in blocks_of(aside) if not _classes(b) & {"sponsor-label", "sponsor-name"}]
    return Sponsor(text_of(name), link.get("href", ""), _markdown(message))


def convert(
    root: lxml.html.HtmlElement, headline: str, regions_by_title: dict[str, str] | None = None
) -> Converted:
    """The blocks of an entry's sanitized HTML (``root``), whose headline is ``headline``."""
    regions_by_title = regions_by_title or {}
    out: list[Block] = []
    cover: Cover | None = None
    #: The recommendation whose take is still open for following paragraphs.
    open_take: Recommendation | None = None
    open_is_heading = False
    for block in blocks_of(root):
        tag = block.tag.lower()
        classes = _classes(block)
        # What sanitizing dropped from this block is noted where the block stands.
        out.extend(Leftover(str(m.get(LEFTOVER))) for m in block.iter("ins") if m.get(LEFTOVER))
        if "issue-kicker" in classes:
            continue
        if "issue-lede" in classes:
            image = block.find(".//img")
            if image is not None:
                credit = next(iter(block.find_class("issue-credit")), None)
                cover = Cover(
                    image.get("src", ""),
                    image.get("alt", ""),
                    text_of(credit) if credit is not None else "",
                )
            continue
        if "recommendation" in classes:
            out.append(_kit_recommendation(block, regions_by_title))
            open_take = None
            continue
        if "sponsor" in classes:
            out.append(_kit_sponsor(block))
            open_take = None
            continue
        if tag in HEADINGS:
            lead = leading_link(block)
            text = text_of(block)
            if lead and text == lead[1]:
                open_take = Recommendation(lead[1], lead[2], "")
                open_is_heading = True
                out.append(open_take)
                continue
            open_take = None
            if tag == "h1" and text == " ".join(headline.split()):
                continue
            if text:
                level = max(2, HEADINGS[tag])
                out.append(Prose("#" * level + " " + plain_markdown(text)))
            continue
        if tag in ("ul", "ol"):
            open_take = None
            out.extend(_list_blocks(block))
            continue
        if tag in ("p", "blockquote"):
            lead = leading_link(block)
            if lead is not None:
                take = to_markdown(_html(_rest(block, lead[0])))
                rec = Recommendation(lead[1], lead[2], take)
                out.append(rec)
                open_take, open_is_heading = (None if take else rec), False
                continue
            if open_take is not None:
                markdown = to_markdown(_html(block))
                open_take.take = f"{open_take.take}\n\n{markdown}".strip()
                # Under a heading the take runs to the next heading; after a bare
                # leading link, to the next block that is not a paragraph.
                continue
        elif open_take is not None and open_is_heading and tag not in ("hr",):
            open_take.take = f"{open_take.take}\n\n{to_markdown(_html(block))}".strip()
            continue
        else:
            open_take = None
        markdown = to_markdown(_html(block))
        if markdown:
            out.append(Prose(markdown))
    return Converted(out, cover)


def _list_blocks(listing: lxml.html.HtmlElement) -> list[Block]:
    """A list's items: each led by a link a recommendation, the others a list of prose
    (items kept together, in their order)."""
    out: list[Block] = []
    pending: list[lxml.html.HtmlElement] = []

    def flush() -> None:
        if pending:
            shell = lxml.html.Element(listing.tag)
            shell.extend(copy.deepcopy(item) for item in pending)
            out.append(Prose(to_markdown(_html(shell))))
            pending.clear()

    for item in listing:
        if not isinstance(item.tag, str):
            continue
        lead = leading_link(item) if item.tag.lower() == "li" else None
        if lead is None:
            pending.append(item)
            continue
        flush()
        out.append(Recommendation(lead[1], lead[2], to_markdown(_html(_rest(item, lead[0])))))
    flush()
    return out
