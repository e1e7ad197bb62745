"""Writes a generated archive as a Pelican site (the benchmark's Pelican).

Each issue is a Markdown article ``content/issues/NNNN.md`` (its text from
:mod:`benchmarks.markdown_issue`) with Pelican's metadata: the issue's regions and
topics as ``Tags`` (Pelican allows one category an article, so both taxonomies are
tags), the authors of its recommendations as ``Authors``, and the description as
``Summary``. Pelican's default theme (``notmyidea``) writes the per-tag, per-author
and per-category pages, the archive, and Atom feeds for the site and each tag;
lists are paginated ten to a page, as Pelican sites usually are. URLs end in ``/``
like the kit's ``dirhtml`` ones. The content cache is on, so a rebuild re-reads
only changed files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from .generate import BASEURL, PROJECT, Archive, ArchiveStats, Issue, _write_files
from .markdown_issue import PeerText

__all__ = ["command", "write_pelican"]


def _metadata_value(values: list[str]) -> str:
    # Pelican splits Tags and Authors on commas; no generated name holds one.
    return ", ".join(values)


def _article(issue: Issue, text: PeerText) -> str:
    terms = text.terms(issue)
    header = [
        f"Title: {issue.headline}",
        f"Date: {issue.date.isoformat()}",
        f"Slug: {issue.number:04d}",
        f"Tags: {_metadata_value(terms['regions'] + terms['topics'])}",
        f"Authors: {_metadata_value(terms['authors'])}",
        f"Summary: {issue.description}",
    ]
    body = text.body(issue, lambda n, i: f"/issues/{n:04d}/#{i}", "")
    return "\n".join(header) + "\n\n" + body


def _setting(name: str, value: object) -> str:
    return f"{name} = {json.dumps(value)}"


def _conf() -> str:
    """``pelicanconf.py``: dirhtml-style URLs, feeds, pagination and the content cache."""
    urls = {
        "ARTICLE": "issues/{slug}/",
        "TAG": "tag/{slug}/",
        "CATEGORY": "category/{slug}/",
        "AUTHOR": "author/{slug}/",
    }
    lines = [
        _setting("SITENAME", PROJECT),
        _setting("SITEURL", BASEURL.rstrip("/")),
        _setting("TIMEZONE", "UTC"),
        _setting("DEFAULT_LANG", "en"),
        _setting("DEFAULT_CATEGORY", "Issues"),
        _setting("DEFAULT_PAGINATION", 10),
        "PAGINATION_PATTERNS = ((1, '{url}', '{save_as}'),"
        " (2, '{base_name}/page/{number}/', '{base_name}/page/{number}/index.html'))",
        _setting("ARCHIVES_SAVE_AS", "archives/index.html"),
        _setting("TAGS_SAVE_AS", "tags/index.html"),
        _setting("CATEGORIES_SAVE_AS", "categories/index.html"),
        _setting("AUTHORS_SAVE_AS", "authors/index.html"),
        _setting("FEED_ALL_ATOM", "feeds/all.atom.xml"),
        _setting("CATEGORY_FEED_ATOM", "feeds/category/{slug}.atom.xml"),
        _setting("TAG_FEED_ATOM", "feeds/tag/{slug}.atom.xml"),
        "AUTHOR_FEED_ATOM = None",
        "AUTHOR_FEED_RSS = None",
        "CACHE_CONTENT = True",
        "LOAD_CONTENT_CACHE = True",
    ]
    for kind, url in urls.items():
        lines += [_setting(f"{kind}_URL", url), _setting(f"{kind}_SAVE_AS", f"{url}index.html")]
    return "\n".join(lines) + "\n"


def write_pelican(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as a Pelican site under ``dest``; returns the archive's counts."""
    text = PeerText.of(archive)
    files = {"pelicanconf.py": _conf()}
    for issue in archive.issues:
        files[f"content/issues/{issue.number:04d}.md"] = _article(issue, text)
    _write_files(Path(dest), files, ("content/issues",))
    return archive.stats()


def command(src: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    """The build of the site in ``src`` into ``out`` (Pelican has no parallel build)."""
    del jobs
    return [
        sys.executable,
        "-m",
        "pelican",
        str(src / "content"),
        "-s",
        str(src / "pelicanconf.py"),
        "-o",
        str(out),
        "-e",
        f"CACHE_PATH={json.dumps(str(cache))}",
    ]
