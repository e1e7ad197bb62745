"""The plain-text part of an issue's email: titles, links, takes and the sponsor.

Lines are wrapped by display width, so a CJK character counts two columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..labels import _
from ..links import http_url
from ..text import wrap
from ..urls import encode_url, long_date

if TYPE_CHECKING:
    from ..model import Issue, Recommendation, Sponsor

WIDTH = 72


def _block(text: str, indent: str = "") -> list[str]:
    out: list[str] = []
    for paragraph in text.split("\n\n"):
        out.extend(indent + line for line in wrap(paragraph, WIDTH - len(indent)))
        out.append("")
    return out


def issue_text(
    issue: Issue,
    label: str,
    recs: list[Recommendation],
    sponsors: list[Sponsor],
    page: str,
    words: dict[str, str],
    language: str | None,
    footer: list[str],
) -> str:
    """The whole plain-text email of ``issue``."""
    lines = [label, "=" * min(WIDTH, len(label)), long_date(issue.date, language), ""]
    lines += _block(issue.description)
    lines += [f"{words['view_in_browser']}: {page}", ""]
    for rec in recs:
        lines += wrap(rec.title, WIDTH)
        byline = _(", ").join(rec.authors)
        if rec.publication:
            byline = f"{byline} ({rec.publication})" if byline else rec.publication
        if byline:
            lines += wrap(byline, WIDTH)
        if rec.url and http_url(rec.url):
            lines.append(encode_url(rec.url))
        lines += ["", f"{words['our_take']}:"]
        lines += _block(rec.take, "  ")
    for sponsor in sponsors:
        lines += [f"[{words['sponsored']}] {sponsor.name}"]
        lines += _block(sponsor.message)
        if sponsor.url and http_url(sponsor.url):
            lines += [encode_url(sponsor.url), ""]
    lines += ["-- ", *footer]
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"
