"""The spec's id rule: how titles and names become ids and page slugs in any script."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

# Letters, combining marks and digits of every script are kept; every other
# character (punctuation, spaces, symbols, private-use) separates words.
_KEPT = ("L", "M", "N")
_TAXONOMY_REPLACEMENTS = (("+", "plus"), ("#", "sharp"))

#: Bidi controls: they reorder what a reader sees of the text around them.
BIDI_CONTROLS = frozenset(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
#: Characters a reader cannot see: zero-width spaces and joiners, the word joiner
#: and byte-order mark, the grapheme joiner, bidi marks, variation selectors.
INVISIBLE = frozenset(
    map(
        chr,
        [
            *range(0x200B, 0x2010),
            0x2060,
            0xFEFF,
            0x034F,
            0x061C,
            *range(0xFE00, 0xFE10),
            *range(0xE0100, 0xE01F0),
        ],
    )
)
_LOOKALIKE = BIDI_CONTROLS | INVISIBLE
_LOOKALIKE_RE = re.compile("[" + "".join(sorted(_LOOKALIKE)) + "]")
#: A page slug is a folder name: longer ones are cut and end in a hash of the whole.
MAX_PAGE_SLUG_BYTES = 120


def lookalikes(text: str) -> tuple[bool, bool]:
    """Whether ``text`` holds (bidi controls, invisible characters)."""
    if text.isascii():  # the common case, and none of them is ASCII
        return False, False
    found = set(_LOOKALIKE_RE.findall(text))
    return bool(found & BIDI_CONTROLS), bool(found & INVISIBLE)


def visible(text: str) -> str:
    """``text`` without bidi controls and invisible characters."""
    if text.isascii():
        return text
    return _LOOKALIKE_RE.sub("", text)


_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")


# The same names (authors, topics, regions) are slugged thousands of times a build.
@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Return the spec's id for ``text``, or ``""`` when nothing is left.

    Bidi controls and invisible characters are dropped first; then NFKC,
    case-folded, each run of characters that are not letters, marks or digits
    becomes one ``-``; leading and trailing ``-`` go; never truncated.
    """
    if text.isascii():
        # The same rule, quicker: NFKC and case folding keep ASCII ASCII, and its
        # letters and digits are the only ASCII letters, marks and digits.
        return _ASCII_SEPARATORS.sub("-", text.lower()).strip("-")
    folded = unicodedata.normalize("NFKC", visible(text)).casefold()
    out: list[str] = []
    pending_dash = False
    for char in folded:
        if unicodedata.category(char)[0] in _KEPT:
            if pending_dash and out:
                out.append("-")
            pending_dash = False
            out.append(char)
        else:
            pending_dash = True
    return "".join(out)


@functools.lru_cache(maxsize=65536)
def taxonomy_slug(name: str) -> str:
    """Return the page slug of a topic, author, publication or sponsor name.

    ``+`` becomes ``plus`` and ``#`` becomes ``sharp`` first, so ``C++`` and
    ``C#`` keep distinct pages (``cplusplus``, ``csharp``).
    """
    for char, word in _TAXONOMY_REPLACEMENTS:
        name = name.replace(char, word)
    return page_slug(slugify(name))


def page_slug(slug: str) -> str:
    """``slug`` made fit for a folder name: at most 120 bytes of UTF-8.

    A longer slug is cut at a character boundary and ends in ``-`` and the first
    8 hex digits of the SHA-256 of the whole slug, so two long names never share
    a page and the same name always gets the same one.
    """
    encoded = slug.encode("utf-8")
    if len(encoded) <= MAX_PAGE_SLUG_BYTES:
        return slug
    digest = hashlib.sha256(encoded).hexdigest()[:8]
    head = encoded[: MAX_PAGE_SLUG_BYTES - len(digest) - 1].decode("utf-8", "ignore")
    return f"{head.rstrip('-')}-{digest}"


_SLUG_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")


def name_slug(text: str) -> str:
    """A page name for any text that is not an id (a general index's letter or key).

    Text made only of letters and digits keeps its case (``A``, ``Symbols``, ``日``:
    the names Sphinx gives its letter pages); any other text becomes its slug and
    the first 8 hex digits of the SHA-256 of the text, so no two texts share a page
    and nothing but letters, digits and ``-`` reaches a file name.
    """
    if _SLUG_RE.match(text) and "-" not in text and slugify(text) == text.casefold():
        return page_slug(text)
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    slug = slugify(text)
    return page_slug(f"{slug}-{digest}" if slug else digest)


def is_slug(text: str) -> bool:
    """Whether ``text`` is already its own slug (a valid ``:name:``)."""
    return bool(text) and slugify(text) == text and _SLUG_RE.match(text) is not None


def split_list(value: str) -> list[str]:
    """Split a comma-separated option value into its non-empty, stripped items."""
    return [item.strip() for item in value.split(",") if item.strip()]
