"""An entry's HTML made safe to convert: what it cannot express safely is dropped, noted.

A feed is untrusted input, as an issue file is. Before any conversion, the
entry's HTML is parsed (lxml) and cut down to what an issue may hold: elements
that run, embed or submit (``script``, ``iframe``, ``form``, ``svg``, ...) are
removed with their content, links other than ``http(s)`` and ``mailto`` keep
their text but lose their target, images other than ``http(s)`` are removed,
and relative addresses are made absolute against the entry's own link. Each
removal is a :class:`Note` the importer writes into the issue, where the editor
(and ``newsletter check``) finds it. Nothing is fetched: an image stays a link
to where it was.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html

from ...read.rawhtml import ACTIVE_ELEMENTS

#: Elements removed with everything inside them: those the reader refuses in an issue
#: (they run code, load things or take input), and those that draw or hold what
#: Markdown cannot (media, dialogs, the document's head).
DROPPED = ACTIVE_ELEMENTS | frozenset(
    [
        "noscript",
        "canvas",
        "audio",
        "video",
        "source",
        "track",
        "head",
        "title",
        "dialog",
    ]
)
#: The schemes a link in an issue may have (the spec's "What an issue may contain").
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
IMAGE_SCHEMES = frozenset({"http", "https"})
_SCHEME_SHOWN = re.compile(r"[^a-z0-9+.-]")


#: The attribute of the empty ``<ins>`` that stands where something was dropped
#: (``convert`` writes a note there, so ``newsletter check`` names its line).
LEFTOVER = "data-newsletter-leftover"


@dataclass(frozen=True)
class Cleaned:
    """An entry's HTML after :func:`sanitize`: its root element and what was dropped."""

    root: lxml.html.HtmlElement
    #: What was dropped, as sentences for the editor (each once, with a count).
    notes: tuple[str, ...]


def _scheme(url: str) -> str:
    """A URL's scheme, lowercased, with whitespace and controls (``java\\tscript:``) out."""
    squeezed = re.sub(r"[\x00-\x20\x7f]+", "", url)
    scheme = urlsplit(squeezed).scheme.lower()
    return _SCHEME_SHOWN.sub("", scheme)[:20]


def absolute(url: str, base: str) -> str | None:
    """``url`` made absolute against ``base``; None when it is not ``http(s)``/``mailto``."""
    url = url.strip()
    scheme = _scheme(url)
    if not scheme:
        if not base:
            return None
        url = urljoin(base, url)
        scheme = _scheme(url)
    return url if scheme in LINK_SCHEMES else None


def _leave_note(element: lxml.html.HtmlElement, note: str) -> None:
    """Put an empty marker with ``note`` where ``element`` was (its content goes too)."""
    marker = lxml.html.Element("ins", {LEFTOVER: note})
    marker.tail = element.tail
    parent = element.getparent()
    if parent is not None:
        parent.replace(element, marker)


def sanitize(html: str, base: str) -> Cleaned:
    """``html`` parsed and cleaned; ``base`` is the entry's link (for relative addresses)."""
    dropped: Counter[str] = Counter()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return Cleaned(lxml.html.fragment_fromstring("<div></div>"), ("unreadable HTML",))
    for node in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        node.drop_tree()
    gone: set[lxml.html.HtmlElement] = set()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or any(a in gone for a in element.iterancestors()):
            continue
        tag = element.tag.lower()
        if tag in DROPPED:
            note = f"dropped the {tag} element and its content"
            dropped[note] += 1
            gone.add(element)
            _leave_note(element, note)
            continue
        if tag == "a" and element.get("href") is not None:
            target = absolute(element.get("href", ""), base)
            if target is None:
                scheme = _scheme(element.get("href", "")) or "relative"
                note = f"dropped the target of a link to a {scheme}: address (its text is kept)"
                dropped[note] += 1
                element.attrib.pop("href")
                element.addprevious(lxml.html.Element("ins", {LEFTOVER: note}))
            else:
                element.set("href", target)
        if tag == "img":
            source = absolute(element.get("src", ""), base)
            if source is None or _scheme(source) not in IMAGE_SCHEMES:
                note = "dropped an image that is not at an http(s) address"
                dropped[note] += 1
                gone.add(element)
                _leave_note(element, note)
                continue
            element.set("src", source)
        for name in list(element.attrib):
            # Nothing but the addresses and a few plain attributes is kept: no event
            # handler, style or srcset reaches the converter.
            if name not in ("href", "src", "alt", "class", "id", "datetime"):
                del element.attrib[name]
    notes = tuple(
        note + (f" ({count} times)" if count > 1 else "") for note, count in dropped.items()
    )
    return Cleaned(root, notes)
