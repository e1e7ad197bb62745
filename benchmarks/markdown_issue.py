"""An issue's text as plain Markdown, for the peers that read Markdown (Pelican, MkDocs, Hugo).

The text is the kit's issue with the directives spelt out, as the floor and ABlog
have it: the intro, each ``##`` section, each recommendation a ``###`` linked
heading carrying its id as an attribute (``{#id}``: Python-Markdown's
``attr_list`` and Hugo's Goldmark both read it), its byline and body, and the
sponsor as a block quote. A ``:follows:`` becomes a link to the earlier issue's
anchor, written by the peer's own ``href``.
"""

from __future__ import annotations

from collections.abc import Callable

from .generate import Archive, Issue, Recommendation, SponsorSlot

__all__ = ["Href", "issue_markdown", "issue_of", "issue_terms"]

#: The link from one page to recommendation ``id`` in issue ``number``.
Href = Callable[[int, str], str]


def issue_of(archive: Archive) -> dict[str, int]:
    """Each recommendation id with the number of the issue that holds it."""
    return {rec.id: issue.number for issue in archive.issues for rec in issue.recommendations}


def _unique(values: list[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))


def issue_terms(issue: Issue, region_titles: dict[str, str]) -> dict[str, list[str]]:
    """The issue's regions (titles, as written: no ancestors), topics, authors and
    publications, each without repeats in order of first use."""
    recs = list(issue.recommendations)
    return {
        "regions": _unique([region_titles[r] for rec in recs for r in rec.regions]),
        "topics": _unique([t for rec in recs for t in rec.topics]),
        "authors": _unique([a for rec in recs for a in rec.authors]),
        "publications": _unique([rec.publication for rec in recs]),
    }


def _recommendation(rec: Recommendation, region_titles: dict[str, str], follows: str | None) -> str:
    regions = ", ".join(region_titles[r] for r in rec.regions)
    byline = (
        f"*By {', '.join(rec.authors)}, {rec.publication}.* "
        f"Regions: {regions}. Topics: {', '.join(rec.topics)}."
    )
    if follows:
        byline += f" Follows up [an earlier pick]({follows})."
    return f"### [{rec.title}]({rec.url}) {{#{rec.id}}}\n\n{byline}\n\n{rec.body}\n"


def _sponsor(sp: SponsorSlot) -> str:
    body = sp.body.replace("\n", "\n> ")
    return (
        f"> **Sponsored by {sp.name}**\n>\n> {body}\n>\n"
        f"> [{sp.name}]({sp.url}): use code **{sp.code}** for {sp.offer}.\n"
    )


def issue_markdown(
    issue: Issue,
    region_titles: dict[str, str],
    issues_by_id: dict[str, int],
    href: Href,
    more: str,
) -> str:
    """The body of ``issue`` (no title, no front matter) as Markdown.

    ``more`` is the peer's excerpt separator, placed after the intro so list pages
    show the intro as the excerpt.
    """
    parts = [f"{issue.intro}\n", f"{more}\n"]
    for s, section in enumerate(issue.sections):
        parts.append(f"## {section.title}\n")
        if section.prose:
            parts.append(f"{section.prose}\n")
        for rec in section.recommendations:
            target = rec.follows
            link = href(issues_by_id[target], target) if target in issues_by_id else None
            parts.append(_recommendation(rec, region_titles, link))
        if s == issue.sponsor_after:
            parts.append(_sponsor(issue.sponsor))
    return "\n".join(parts)
