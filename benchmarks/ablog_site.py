"""Writes a generated archive as an ABlog site on sphinx-book-theme (the benchmark's ABlog).

Each issue is an ABlog post (``issues/NNNN.md``) holding the same text as the kit's
issue: the headline, a ``{post}`` directive dated like the issue with the issue's
topics as ``:tags:`` and its regions (their titles, as written, without ancestors:
ABlog has no tree) as ``:category:``, the intro, the ``##`` sections and each
recommendation as a ``###`` linked heading with a MyST target, its byline and body;
the sponsor is an admonition, as in the floor. ``index.md`` shows the latest posts
with a ``postlist``; ABlog writes its own archive, tag and category pages under
``blog/``. Posts are left out of any toctree: ABlog marks them orphan itself.
"""

from __future__ import annotations

import json
from pathlib import Path

from .generate import (
    BASEURL,
    PROJECT,
    Archive,
    ArchiveStats,
    Issue,
    Recommendation,
    _floor_sponsor,
    _write_files,
    build_archive,
)

__all__ = ["generate_ablog", "write_ablog"]

#: The book theme's own sidebar, then the ABlog widgets an ABlog site usually shows.
SIDEBARS = (
    "navbar-logo.html",
    "search-button-field.html",
    "sbt-sidebar-nav.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
)


def _unique(values: list[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(values))


def _recommendation(rec: Recommendation, region_titles: dict[str, str]) -> str:
    """A recommendation as a plain ``###`` linked heading, byline and body."""
    regions = ", ".join(region_titles[r] for r in rec.regions)
    byline = f"{rec.byline}Regions: {regions}. Topics: {', '.join(rec.topics)}."
    if rec.follows:
        byline += f" Follows up {{ref}}`{rec.follows}`."
    return f"({rec.id})=\n### [{rec.title}]({rec.url})\n\n{byline}\n\n{rec.body}\n"


def _post(issue: Issue, region_titles: dict[str, str]) -> str:
    """One issue as an ABlog post in MyST."""
    recs = list(issue.recommendations)
    tags = _unique([t for rec in recs for t in rec.topics])
    categories = _unique([region_titles[r] for rec in recs for r in rec.regions])
    parts = [
        f"# {issue.headline}\n",
        f"```{{post}} {issue.date.isoformat()}\n:tags: {', '.join(tags)}\n"
        f":category: {', '.join(categories)}\n```\n",
        f"{issue.intro}\n",
    ]
    for s, section in enumerate(issue.sections):
        parts.append(f"## {section.title}\n")
        if section.prose:
            parts.append(f"{section.prose}\n")
        parts.extend(_recommendation(rec, region_titles) for rec in section.recommendations)
        if s == issue.sponsor_after:
            parts.append(_floor_sponsor(issue.sponsor))
    return "\n".join(parts)


def _conf() -> str:
    """The ABlog site's ``conf.py``."""
    sidebars = ", ".join(json.dumps(s) for s in SIDEBARS)
    return "\n".join(
        [
            f"project = {json.dumps(PROJECT)}",
            f"html_title = {json.dumps(PROJECT)}",
            'extensions = ["myst_parser", "ablog"]',
            'html_theme = "sphinx_book_theme"',
            f"html_sidebars = {{'**': [{sidebars}]}}",
            'myst_enable_extensions = ["colon_fence"]',
            f"blog_baseurl = {json.dumps(BASEURL)}",
            f"blog_title = {json.dumps(PROJECT)}",
            'exclude_patterns = ["_build"]',
            'language = "en"',
            "",
        ]
    )


def write_ablog(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as an ABlog site under ``dest``; returns the archive's counts."""
    region_titles = {rid: title for rid, title, _ in archive.regions}
    files = {
        "conf.py": _conf(),
        "index.md": f"# {PROJECT}\n\nA synthetic newsletter about Asia, generated for "
        "benchmarks and tests.\n\n```{postlist} 8\n:excerpts:\n```\n",
    }
    for issue in archive.issues:
        files[f"issues/{issue.number:04d}.md"] = _post(issue, region_titles)
    _write_files(Path(dest), files, ("issues",))
    return archive.stats()


def generate_ablog(dest: Path, issues: int, *, seed: int = 9) -> ArchiveStats:
    """Generate ``issues`` issues (the content of :func:`generate_archive`) as an ABlog site."""
    return write_ablog(build_archive(issues, seed=seed), dest)
