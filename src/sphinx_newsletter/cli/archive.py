"""Checks across the whole archive that no single page shows: repeats and variant spellings.

They run on the catalog ``reader.read_catalog`` gives, so they see exactly the
records the build made. Each finding names the file and line to fix and the
earlier place it clashes with.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

from ..model import Recommendation
from ..read.reader import Reading
from ..taxonomies import recommendation_taxonomies
from .problems import Problem


def archive_problems(reading: Reading) -> list[Problem]:
    """Every archive-wide finding: repeated article URLs and names spelled two ways."""
    return [*repeated_urls(reading), *variant_spellings(reading)]


def article_key(url: str) -> str:
    """A URL as the article it names: scheme, host case, ``www.`` and a final ``/`` ignored."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or ""
    return urlunsplit(("", host, path, parts.query, ""))


def repeated_urls(reading: Reading) -> Iterator[Problem]:
    """A recommendation of an article already recommended earlier in the archive."""
    first: dict[str, Recommendation] = {}
    for rec in reading.catalog.all_recs:
        if not rec.url or "://" not in rec.url:
            continue
        key = article_key(rec.url)
        earlier = first.setdefault(key, rec)
        if earlier is rec:
            continue
        where = (
            "earlier in this issue"
            if earlier.docname == rec.docname
            else f"in issue #{earlier.issue}"
        )
        yield Problem(
            reading.sources[rec.docname],
            rec.lineno,
            f"recommendation {rec.title!r}: {rec.url} was already recommended {where} "
            f"({reading.sources[earlier.docname]}:{earlier.lineno}, {earlier.title!r}); "
            "remove the repeat, or link the new article if this is a follow-up "
            f"(':follows: {earlier.id}')",
            "newsletter.repeat",
        )


def spelling_key(name: str) -> str:
    """A name with case, accents, spaces and punctuation ignored (``A.I.`` and ``ai``)."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def variant_spellings(reading: Reading) -> Iterator[Problem]:
    """Topics, authors and publications written two ways; the less used way is reported.

    Every taxonomy whose names contributors type freely counts (a tree's are checked ids).
    """
    for taxonomy in recommendation_taxonomies():
        if not taxonomy.tree:
            yield from _variants(reading, taxonomy.role, taxonomy.terms)


def _variants(
    reading: Reading, role: str, terms: Callable[[Recommendation], tuple[str, ...]]
) -> Iterator[Problem]:
    uses: dict[str, Counter[str]] = defaultdict(Counter)
    first_use: dict[str, Recommendation] = {}
    order: dict[str, int] = {}
    count: Counter[str] = Counter()
    for index, rec in enumerate(reading.catalog.all_recs):
        for term in terms(rec):
            count[term] += 1
            if term not in first_use:
                first_use[term] = rec
                order[term] = index
    # A name is keyed once, not at each of its uses: an archive repeats few
    # names tens of thousands of times.
    for term, times in count.items():
        uses[spelling_key(term)][term] = times
    for spellings in uses.values():
        if len(spellings) < 2:
            continue
        # The most used spelling is the archive's; ties go to the earliest.
        ranked = sorted(
            spellings,
            key=lambda s: (-spellings[s], order[s]),
        )
        usual = ranked[0]
        for variant in ranked[1:]:
            rec = first_use[variant]
            seen = first_use[usual]
            yield Problem(
                reading.sources[rec.docname],
                rec.lineno,
                f"{role} {variant!r} ({spellings[variant]} use(s)) is spelled "
                f"{usual!r} elsewhere ({spellings[usual]} use(s), first at "
                f"{reading.sources[seen.docname]}:{seen.lineno}); write it one way "
                "throughout",
                "newsletter.spelling",
            )
