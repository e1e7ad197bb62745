"""Writes a generated archive as a Hugo site with a minimal theme of its own.

Each issue is ``content/issues/NNNN.md`` (its text from
:mod:`benchmarks.markdown_issue`) with the issue's regions, topics, authors and
publications as Hugo taxonomies, so Hugo writes a page for each term and a list
of the terms of each taxonomy. The layouts are the few a Hugo theme needs —
``baseof``, ``index`` (the home page: the latest issues), ``single`` (an
issue), ``list`` (the archive of issues, ``issues/``), ``taxonomy`` and
``term`` — written here, with lists paginated ten to a page (Hugo's default).
Hugo's built-in RSS templates give a feed for the site, the archive and every
term, and its sitemap. Hugo has no search of its own. It builds on every core
unless told otherwise: the ``-j`` of a build is its ``GOMAXPROCS``.
"""

from __future__ import annotations

import json
from pathlib import Path

from .generate import BASEURL, PROJECT, Archive, ArchiveStats, Issue, _write_files
from .markdown_issue import PeerText

__all__ = ["LAYOUTS", "command", "environment", "write_hugo"]

#: ``hugo.toml``: one taxonomy per kit taxonomy (singular = plural, as the front matter).
CONFIG = f"""\
baseURL = {json.dumps(BASEURL)}
title = {json.dumps(PROJECT)}
languageCode = "en"
disableHugoGeneratorInject = true

[taxonomies]
  region = "regions"
  topic = "topics"
  author = "authors"
  publication = "publications"
"""

_PAGER = """\
{{ with .Paginator }}{{ if gt .TotalPages 1 }}<nav class="pager">
  {{ with .Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
  <span>Page {{ .PageNumber }} of {{ .TotalPages }}</span>
  {{ with .Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>{{ end }}{{ end }}"""

_ENTRIES = """\
{{ range (.Paginate .Pages).Pages }}
  <article>
    <h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
    <p><time datetime="{{ .Date.Format "2006-01-02" }}">
      {{- .Date.Format "2 January 2006" -}}
    </time></p>
    {{ .Summary }}
  </article>
{{ end }}
"""


def _terms(taxonomy: str) -> str:
    """An issue's links to its terms of ``taxonomy``."""
    link = '<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>'
    return f'{{{{ range .GetTerms "{taxonomy}" }}}}{link} {{{{ end }}}}'


#: The theme: Go's html/template escapes every value it puts in a page.
LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
  <meta charset="utf-8">
  <title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
  {{ with .OutputFormats.Get "rss" -}}
  <link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">
  {{- end }}
</head>
<body>
  <header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
    <nav><a href="{{ "/issues/" | relURL }}">Archive</a>
    <a href="{{ "/regions/" | relURL }}">Regions</a>
    <a href="{{ "/topics/" | relURL }}">Topics</a>
    <a href="{{ "/authors/" | relURL }}">Authors</a>
    <a href="{{ "/publications/" | relURL }}">Publications</a></nav>
  </header>
  <main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  <p><time datetime="{{ .Date.Format "2006-01-02" }}">
    {{- .Date.Format "2 January 2006" -}}
  </time></p>
  <p>Regions: REGIONS</p>
  <p>Topics: TOPICS</p>
  {{ .Content }}
</article>
{{ end }}
""".replace("REGIONS", _terms("regions")).replace("TOPICS", _terms("topics")),
    # The home page lists the latest issues (its own pages are the sections).
    "index.html": '{{ define "main" }}\n<h1>{{ .Title }}</h1>\n'
    + _ENTRIES.replace("(.Paginate .Pages)", "(.Paginate site.RegularPages)")
    + _PAGER
    + "\n{{ end }}\n",
    "_default/list.html": '{{ define "main" }}\n<h1>{{ .Title }}</h1>\n'
    + _ENTRIES
    + _PAGER
    + "\n{{ end }}\n",
    "_default/term.html": '{{ define "main" }}\n<h1>{{ .Title }}</h1>\n'
    + _ENTRIES
    + _PAGER
    + "\n{{ end }}\n",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
}


def _front_matter(issue: Issue, text: PeerText) -> str:
    # JSON front matter: Hugo reads it as such, and every generated string stays quoted.
    front = {
        "title": issue.headline,
        "date": issue.date.isoformat(),
        "description": issue.description,
        **text.terms(issue),
    }
    return json.dumps(front, indent=1)


def write_hugo(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as a Hugo site under ``dest``; returns the archive's counts."""
    text = PeerText.of(archive)
    files = {
        "hugo.toml": CONFIG,
        "content/_index.md": f"---\ntitle: {json.dumps(PROJECT)}\n---\n\nA synthetic "
        "newsletter about Asia, generated for benchmarks and tests.\n",
        "content/issues/_index.md": '---\ntitle: "Archive"\n---\n',
        **{f"layouts/{name}": text for name, text in LAYOUTS.items()},
    }
    for issue in archive.issues:
        body = text.body(issue, lambda n, i: f"/issues/{n:04d}/#{i}", "<!--more-->")
        files[f"content/issues/{issue.number:04d}.md"] = f"{_front_matter(issue, text)}\n\n{body}"
    _write_files(Path(dest), files, ("content/issues",))
    return archive.stats()


def command(src: Path, out: Path, cache: Path, jobs: int) -> list[str]:
    """The build of the site in ``src`` into ``out`` (``hugo`` from Debian's package)."""
    del jobs
    return [
        "hugo",
        "--source",
        str(src),
        "--destination",
        str(out),
        "--cacheDir",
        str(cache),
        "--noBuildLock",
    ]


def environment(jobs: int) -> dict[str, str]:
    """The variables that hold Hugo to ``jobs`` cores."""
    return {"GOMAXPROCS": str(jobs)}
