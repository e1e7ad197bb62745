"""How much of a real archive ``newsletter import`` gives back as recommendations.

``python -m benchmarks.import_share DEST [--last N]`` renders each corpus in
``shared/corpora`` (its newest N issues, or all) with feeds that carry every
issue, imports its ``feed.json``, ``atom.xml`` and ``rss.xml`` into new sites made
by ``newsletter init``, and compares each imported issue's recommendations with
the source issue's, both read by the kit's own reader (``read_catalog``): the
share of the sources' recommendations that came back with the same title and
URL, and the imported ones no source has. Prints a Markdown table.
``tests/test_import.py`` runs the same functions on the newest issues.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from sphinx_newsletter.cli.importer.issues import PLACEHOLDER, existing_issues
from sphinx_newsletter.cli.main import main as newsletter
from sphinx_newsletter.cli.new import site_config
from sphinx_newsletter.model import Recommendation
from sphinx_newsletter.read.reader import read_catalog

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
FEEDS = ("feed.json", "atom.xml", "rss.xml")
#: What Sphinx's smart quotes change in a title the page shows, back to the source's.
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "--",
        "\u2014": "---",
        "\u2026": "...",
    }
)


def comparable_title(title: str) -> str:
    """A title as the source wrote it, whatever typography the page gave it."""
    return " ".join(unicodedata.normalize("NFC", title).translate(_TYPOGRAPHY).split())


def comparable_url(url: str | None) -> str:
    """A URL with percent-encoding undone (the page encodes what the source did not), and
    an empty fragment or query left out (``.../post#`` and ``.../post?`` are
    ``.../post``: the page drops them)."""
    return unquote(url or "").removesuffix("#").removesuffix("?")


def _key(rec: Recommendation) -> tuple[str, str]:
    return comparable_title(rec.title), comparable_url(rec.url)


@dataclass
class Share:
    """Source recommendations against imported ones, over the imported issues."""

    issues: int = 0
    source: int = 0
    matched: int = 0
    extra: int = 0
    missing: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def placed(self) -> float:
        """The share of the sources' recommendations placed with their title and URL."""
        return self.matched / self.source if self.source else 1.0


def measure(source: Path, imported: Path) -> Share:
    """Compare the recommendations of every issue the import wrote with its source's."""
    quiet = io.StringIO()
    theirs = read_catalog(source, status=quiet).catalog.all_recs
    ours = read_catalog(imported, status=quiet).catalog.all_recs
    numbers = {
        issue.number
        for issue in existing_issues(imported / "issues")
        if issue.key is not None and issue.key != PLACEHOLDER
    }
    share = Share(issues=len(numbers))
    wanted = Counter(_key(r) for r in theirs if r.issue in numbers)
    got = Counter(_key(r) for r in ours)
    share.source = sum(wanted.values())
    share.matched = sum((wanted & got).values())
    share.extra = sum((got - wanted).values())
    share.missing = sorted(
        (r.issue, r.title, r.url or "") for r in theirs if r.issue in numbers and not got[_key(r)]
    )
    return share


def render_corpus(name: str, dest: Path, last: int | None = None) -> Path:
    """Corpus ``name`` (its newest ``last`` issues, or all) as a site in ``dest/src``,
    built with feeds carrying every issue; returns the built folder."""
    corpus = CORPORA / name
    src = dest / "src"
    (src / "issues").mkdir(parents=True)
    paths = sorted((corpus / "issues").glob("*.md"))
    for path in paths[-last:] if last else paths:
        shutil.copy(path, src / "issues" / path.name)
    shutil.copy(corpus / "conf-snippet.py", src / "conf.py")
    (src / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    out = dest / "html"
    # In its own docutils namespace, as sphinx-build runs: the directives and roles this
    # build registers are gone after it (a test process runs other builds after it).
    with docutils_namespace():
        app = Sphinx(
            src,
            src,
            out,
            dest / "doctrees",
            "dirhtml",
            confoverrides={"newsletter_feed_issues": len(paths)},
            status=None,
            warning=io.StringIO(),
        )
        app.build()
    return out


def import_into_new_site(feed: Path, dest: Path, language: str) -> str:
    """``newsletter init`` a site at ``dest``, ``newsletter import`` ``feed``; its summary."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert (
            newsletter(
                ["init", str(dest), "--no-input", "--name", "Imported", "--language", language]
            )
            == 0
        )
        newsletter(["import", str(feed), "--source", str(dest)])
    return printed.getvalue().split("\nNext:")[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--last", type=int, default=None, help="only the newest N issues")
    args = parser.parse_args()
    print("| corpus | feed | issues | source recommendations | placed | share | extra |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name in ("haskell-weekly", "ios-weekly"):
        folder = args.dest / name
        built = render_corpus(name, folder, args.last)
        language = site_config(folder / "src").language or "en"
        for feed in FEEDS:
            site = folder / f"import-{feed.replace('.', '-')}"
            import_into_new_site(built / feed, site, language)
            share = measure(folder / "src", site)
            print(
                f"| {name} | {feed} | {share.issues} | {share.source} | {share.matched} "
                f"| {share.placed:.1%} | {share.extra} |"
            )
            for issue, title, url in share.missing[:5]:
                print(f"|  | missing | #{issue} | {title[:60]} | {url[:60]} | | |")


if __name__ == "__main__":
    main()
