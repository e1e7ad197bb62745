"""The spec's id rule: how titles and names become ids and page slugs in any script."""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters, combining marks and digits of every script are kept; every other
# character (punctuation, spaces, symbols, private-use) separates words.
_KEPT = ("L", "M", "N")
_TAXONOMY_REPLACEMENTS = (("+", "plus"), ("#", "sharp"))


# The same names (authors, topics, regions) are slugged thousands of times a build.
@functools.lru_cache(maxsize=65536)
def slugify(text: str) -> str:
    """Return the spec's id for ``text``, or ``""`` when nothing is left.

    NFKC, case-folded, each run of characters that are not letters, marks or
    digits becomes one ``-``; leading and trailing ``-`` go; never truncated.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
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
    return slugify(name)


_SLUG_RE = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")


def is_slug(text: str) -> bool:
    """Whether ``text`` is already its own slug (a valid ``:name:``)."""
    return bool(text) and slugify(text) == text and _SLUG_RE.match(text) is not None


def split_list(value: str) -> list[str]:
    """Split a comma-separated option value into its non-empty, stripped items."""
    return [item.strip() for item in value.split(",") if item.strip()]
