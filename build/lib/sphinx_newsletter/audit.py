"""``newsletter audit``: check a built site against its sources, so nothing is lost.

The sources are read here on their own, by the format's contract (front matter and
``recommendation`` blocks), not through the kit's build: a recommendation the build
dropped is then still expected, and reported as missing.
"""

from __future__ import annotations

import json
import posixpath
import re
import runpy
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import yaml

from .slugs import is_slug, slugify, split_list, taxonomy_slug

_BLOCK = re.compile(r"^(:{3,})\{recommendation\}[ \t]*(.*?)\n(.*?)^\1[ \t]*$", re.M | re.S)
_OPTION = re.compile(r"^:([^:\s][^:]*):(?:[ \t]+(.*))?$")
_HREF = re.compile(r'href="([^"#]*)(?:#([^"]*))?"')
_ARTICLE = re.compile(r'<article class="recommendation" id="([^"]*)"')


@dataclass
class SourceRec:
    """A recommendation as its source states it."""

    id: str
    title: str
    issue: int
    year: int
    path: str
    line: int
    terms: dict[str, list[str]] = field(default_factory=dict)
    follows: str | None = None


def read_sources(srcdir: Path, issues_dir: str = "issues") -> list[SourceRec]:
    """Every published recommendation of the sources, in archive order."""
    recs: list[SourceRec] = []
    for path in sorted((srcdir / issues_dir).glob("*.md")):
        if not path.stem.isdigit():
            continue
        text = path.read_text(encoding="utf-8")
        front = _front_matter(text)
        if front.get("draft") is True or "date" not in front:
            continue
        number = int(path.stem)
        year = int(str(front["date"])[:4])
        for position, match in enumerate(_BLOCK.finditer(text), start=1):
            title = match.group(2).strip()
            options = _options(match.group(3))
            name = options.get("name", "")
            rec_id = name if is_slug(name) else slugify(_plain(title)) or f"{number:04d}-{position}"
            terms = {
                "regions": split_list(options.get("regions", "")),
                "topics": split_list(options.get("topics", "")),
                "authors": split_list(options.get("authors", "")),
                "publications": [options["publication"]] if options.get("publication") else [],
            }
            line = text.count("\n", 0, match.start()) + 1
            recs.append(
                SourceRec(
                    rec_id,
                    title,
                    number,
                    year,
                    f"{issues_dir}/{path.name}",
                    line,
                    terms,
                    options.get("follows"),
                )
            )
    return recs


def _front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text, re.S)
    try:
        data = yaml.safe_load(match.group(1)) if match else {}
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _options(body: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for line in body.splitlines():
        stripped = line.strip()
        if not stripped.startswith(":") or stripped.startswith(":::"):
            break
        match = _OPTION.match(stripped)
        if match:
            options.setdefault(match.group(1).strip(), (match.group(2) or "").strip())
    return options


def _plain(title: str) -> str:
    """The title's text as a reader sees it (inline code and emphasis markers off)."""
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)
    # Emphasis markers open or close only at a word's edge (MAX_PATH keeps its _).
    return re.sub(r"`|(?<!\w)[*_]+|[*_]+(?!\w)", "", title)


class BuiltSite:
    """The links of a built (dirhtml) site, read page by page on demand."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self._links: dict[str, set[str]] = {}

    def page(self, pagename: str) -> Path:
        """The HTML file of a page (dirhtml layout)."""
        return self.outdir / pagename / "index.html"

    def links(self, pagename: str) -> set[str]:
        """Targets linked from a page, as ``issues/0009/#id`` paths from the root."""
        if pagename not in self._links:
            found: set[str] = set()
            path = self.page(pagename)
            if path.exists():
                base = pagename + "/"
                for href, fragment in _HREF.findall(path.read_text(encoding="utf-8")):
                    if "://" in href or href.startswith(("mailto:", "/")):
                        continue
                    target = posixpath.normpath(posixpath.join(base, unquote(href)))
                    found.add(f"{target}/#{unquote(fragment)}" if fragment else target + "/")
            self._links[pagename] = found
        return self._links[pagename]


def audit(srcdir: Path, outdir: Path) -> list[str]:
    """Everything the built site lacks that its sources promise; empty when whole."""
    config = runpy.run_path(str(srcdir / "conf.py"))
    issues_dir = config.get("newsletter_issues_dir", "issues")
    regions = {
        rid: (spec or {}).get("parent")
        for rid, spec in (config.get("newsletter_regions") or {}).items()
        if isinstance(spec, dict)
    }
    site = BuiltSite(outdir)
    recs = read_sources(srcdir, issues_dir)
    problems: list[str] = []
    on_page: dict[int, list[str]] = defaultdict(list)
    for number in {r.issue for r in recs}:
        path = site.page(f"{issues_dir}/{number:04d}")
        on_page[number] = (
            _ARTICLE.findall(path.read_text(encoding="utf-8")) if path.exists() else []
        )
    search = outdir / "searchindex.js"
    search_text = search.read_text(encoding="utf-8") if search.exists() else ""
    by_id = {r.id: r for r in recs}
    for rec in recs:
        where = f"{rec.path}:{rec.line} ({rec.title!r})"
        anchor = f"{issues_dir}/{rec.issue:04d}/#{rec.id}"
        count = on_page[rec.issue].count(rec.id)
        if count != 1:
            problems.append(
                f"{where}: {count} times on its issue page "
                f"({issues_dir}/{rec.issue:04d}/), expected once as #{rec.id}"
            )
        for page in _index_pages(rec, regions):
            if anchor not in site.links(page):
                problems.append(f"{where}: missing from {page}/")
        if search_text and json.dumps(rec.id) not in search_text:
            problems.append(f"{where}: not in the search index (searchindex.js)")
        if rec.follows:
            target = by_id.get(rec.follows)
            if target is None:
                problems.append(f"{where}: ':follows: {rec.follows}' names no recommendation")
                continue
            back = f"{issues_dir}/{target.issue:04d}/#{target.id}"
            if back not in site.links(f"{issues_dir}/{rec.issue:04d}"):
                problems.append(
                    f"{where}: its issue page does not link the recommendation it follows ({back})"
                )
            if anchor not in site.links(f"{issues_dir}/{target.issue:04d}"):
                problems.append(
                    f"{where}: the recommendation it follows ({back}) does not link back to it"
                )
    return problems


def _index_pages(rec: SourceRec, regions: dict[str, str | None]) -> Iterator[str]:
    """The year pages a recommendation must be listed on."""
    seen: set[str] = set()
    for rid in rec.terms["regions"]:
        while rid and rid in regions and rid not in seen:
            seen.add(rid)
            yield f"regions/{rid}/{rec.year}"
            rid = regions[rid]
    for taxonomy in ("topics", "authors", "publications"):
        for slug in dict.fromkeys(taxonomy_slug(n) for n in rec.terms[taxonomy]):
            if slug:
                yield f"{taxonomy}/{slug}/{rec.year}"
