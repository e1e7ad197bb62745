"""What feeds and email add to a build: ``python -m benchmarks.feeds DEST --issues 1000``.

Builds a generated archive (clean, then incremental after an edit of the newest
issue) with the kit's feed handler timed in place: the time ``write_feeds`` takes at
``build-finished``, against the whole build's. Then the email edition on the same
doctrees (as ``make email`` after ``make html``: nothing is read again), for every
issue and for one (``newsletter email N``). ``--email-only`` reuses DEST's build.
Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_newsletter.feeds import publish

from .generate import generate_archive


def _build(srcdir: Path, outdir: Path, builder: str = "dirhtml", **overrides: object) -> float:
    started = time.perf_counter()
    app = Sphinx(
        srcdir,
        srcdir,
        outdir / builder,
        outdir / "doctrees",
        builder,
        confoverrides=overrides,
        status=None,
    )
    app.build()
    return time.perf_counter() - started


def _web(srcdir: Path, outdir: Path, issues: int) -> None:
    timings: list[float] = []
    original = publish.write_feeds

    def timed(app, exception):
        started = time.perf_counter()
        original(app, exception)
        timings.append(time.perf_counter() - started)

    # feeds.setup() imports the handler from publish when a build starts: time that one.
    publish.write_feeds = timed
    full = _build(srcdir, outdir)
    # The newest issue: the edit a new week brings, and one every site feed carries.
    issue = sorted((srcdir / "issues").glob("*.md"))[-1]
    issue.write_text(issue.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    incremental = _build(srcdir, outdir)
    publish.write_feeds = original
    feeds = len(list((outdir / "dirhtml").rglob("atom.xml"))) + 2
    print(f"| {issues} issues, web build | build (s) | feeds (s) | share |")
    print("|---|---:|---:|---:|")
    rows = (("full", full, timings[0]), ("incremental", incremental, timings[1]))
    for name, total, spent in rows:
        print(f"| {name} | {total:.2f} | {spent:.2f} | {spent / total:.1%} |")
    print(f"\n{feeds} feed files.\n")


def _email(srcdir: Path, outdir: Path) -> None:
    every = _build(srcdir, outdir, "newsletter-email")
    newest = sorted((srcdir / "issues").glob("*.md"))[-1].stem
    one = _build(srcdir, outdir, "newsletter-email", newsletter_email_issues=[int(newest)])
    emails = len(list((outdir / "newsletter-email").glob("*.eml")))
    print("| email edition, after the web build | time (s) |")
    print("|---|---:|")
    print(f"| every issue ({emails} emails) | {every:.2f} |")
    print(f"| one issue (`newsletter email {int(newest)}`) | {one:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--email-only", action="store_true")
    args = parser.parse_args()
    srcdir, outdir = args.dest / "site", args.dest / "_build"
    if not args.email_only:
        if args.dest.exists():
            shutil.rmtree(args.dest)
        generate_archive(srcdir, args.issues)
        _web(srcdir, outdir, args.issues)
    _email(srcdir, outdir)


if __name__ == "__main__":
    main()
