"""Writes a generated archive as an MkDocs site with Material's blog plugin.

Each issue is a blog post ``docs/issues/posts/NNNN.md`` (its text from
:mod:`benchmarks.markdown_issue`) dated like the issue, with ``slug: NNNN`` so it
lives at ``issues/NNNN/`` as in the other sites. The blog plugin has one taxonomy
with pages, categories, so the issue's regions and its topics are both its
categories (``issues/category/<name>/``); it also writes the archive by year
(``issues/archive/<year>/``) and the blog index, paginated ten to a page (its
default), with the intro as each post's excerpt. Material's search plugin builds
its index, as the kit builds Pagefind's. The blog plugin writes no feed (that
takes the separate ``mkdocs-rss-plugin``) and no author pages without an
``.authors.yml`` naming each author.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .generate import BASEURL, PROJECT, Archive, ArchiveStats, Issue, _write_files
from .markdown_issue import PeerText

__all__ = ["command", "write_mkdocs"]

#: ``mkdocs.yml``. JSON is YAML, and keeps every generated string quoted.
CONFIG = {
    "site_name": PROJECT,
    "site_url": BASEURL,
    "theme": {"name": "material", "language": "en"},
    "plugins": [
        "search",
        {
            "blog": {
                "blog_dir": "issues",
                "post_url_format": "{slug}",
                "post_excerpt": "required",
                "categories_allowed": [],
            }
        },
    ],
    "markdown_extensions": ["attr_list"],
}


def _post(issue: Issue, text: PeerText) -> str:
    terms = text.terms(issue)
    # YAML: the date bare (the blog plugin wants a date, not a string), the rest JSON.
    front = "\n".join(
        [
            f"date: {issue.date.isoformat()}",
            f"slug: {json.dumps(f'{issue.number:04d}')}",
            f"description: {json.dumps(issue.description)}",
            f"categories: {json.dumps(terms['regions'] + terms['topics'])}",
        ]
    )
    # Posts link each other by source file, which MkDocs checks and rewrites.
    body = text.body(issue, lambda n, i: f"{n:04d}.md#{i}", "<!-- more -->")
    return f"---\n{front}\n---\n\n# {issue.headline}\n\n{body}"


def write_mkdocs(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as an MkDocs Material blog under ``dest``; returns its counts."""
    text = PeerText.of(archive)
    config = {**CONFIG, "nav": ["index.md", {"Issues": "issues/index.md"}]}
    files = {
        "mkdocs.yml": json.dumps(config, indent=2) + "\n",
        "docs/index.md": f"# {PROJECT}\n\nA synthetic newsletter about Asia, generated for "
        "benchmarks and tests.\n",
        "docs/issues/index.md": "# Issues\n",
    }
    for issue in archive.issues:
        files[f"docs/issues/posts/{issue.number:04d}.md"] = _post(issue, text)
    _write_files(Path(dest), files, ("docs/issues/posts",))
    return archive.stats()


def command(src: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    """The build of the site in ``src`` into ``out`` (MkDocs has no parallel or
    incremental build: each build writes the whole site)."""
    del cache, jobs
    return [sys.executable, "-m", "mkdocs", "build", "-f", str(src / "mkdocs.yml"), "-d", str(out)]
