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
from dataclasses import dataclass

from .ablog_site import _unique
from .generate import Archive, Issue, Recommendation, SponsorSlot

__all__ = ["Href", "PeerText"]

#: The link from one page to recommendation ``id`` in issue ``number``.
Href = Callable[[int, str], str]


def _recommendation(rec: Recommendation, region_titles: dict[str, str], follows: str | None) -> str:
    regions = ", ".join(region_titles[r] for r in rec.regions)
    byline = f"{rec.byline}Regions: {regions}. Topics: {', '.join(rec.topics)}."
    if follows:
        byline += f" Follows up [an earlier pick]({follows})."
    return f"### [{rec.title}]({rec.url}) {{#{rec.id}}}\n\n{byline}\n\n{rec.body}\n"


def _sponsor(sp: SponsorSlot) -> str:
    body = sp.body.replace("\n", "\n> ")
    return (
        f"> **Sponsored by {sp.name}**\n>\n> {body}\n>\n"
        f"> [{sp.name}]({sp.url}): use code **{sp.code}** for {sp.offer}.\n"
    )


@dataclass(frozen=True)
class PeerText:
    """What a Markdown peer's writer reads from an archive: each issue's terms and text."""

    region_titles: dict[str, str]
    issues_by_id: dict[str, int]

    @classmethod
    def of(cls, archive: Archive) -> PeerText:
        """The region titles and the issue holding each recommendation, of ``archive``."""
        return cls(
            {rid: title for rid, title, _ in archive.regions},
            {r.id: i.number for i in archive.issues for r in i.recommendations},
        )

    def terms(self, issue: Issue) -> dict[str, list[str]]:
        """The issue's regions (titles, as written: no ancestors), topics, authors and
        publications, each without repeats in order of first use."""
        recs = list(issue.recommendations)
        return {
            "regions": _unique([self.region_titles[r] for rec in recs for r in rec.regions]),
            "topics": _unique([t for rec in recs for t in rec.topics]),
            "authors": _unique([a for rec in recs for a in rec.authors]),
            "publications": _unique([rec.publication for rec in recs if rec.publication]),
        }

    def body(self, issue: Issue, href: Href, more: str) -> str:
        """The body of ``issue`` (no title, no front matter) as Markdown.

        ``href`` writes the peer's link to an earlier issue's anchor; ``more`` is its
        excerpt separator, placed after the intro so list pages show the intro.
        """
        parts = [f"{issue.intro}\n", f"{more}\n"]
        for s, section in enumerate(issue.sections):
            parts.append(f"## {section.title}\n")
            if section.prose:
                parts.append(f"{section.prose}\n")
            for rec in section.recommendations:
                target = rec.follows
                number = self.issues_by_id.get(target) if target else None
                link = href(number, target) if number is not None and target else None
                parts.append(_recommendation(rec, self.region_titles, link))
            if s == issue.sponsor_after:
                parts.append(_sponsor(issue.sponsor))
        return "\n".join(parts)
