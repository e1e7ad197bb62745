"""What the feeds add to a build: ``python -m benchmarks.feeds DEST --issues 1000``.

Builds a generated archive (clean, then incremental after one edited issue) with
the kit's handler timed in place: the time ``write_feeds`` takes at
``build-finished``, against the whole build's. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_newsletter import extension
from sphinx_newsletter.feeds import publish

from .generate import generate_archive


def _build(srcdir: Path, outdir: Path) -> float:
    started = time.perf_counter()
    app = Sphinx(srcdir, srcdir, outdir / "html", outdir / "doctrees", "dirhtml", status=None)
    app.build()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--issues", type=int, default=1000)
    args = parser.parse_args()
    if args.dest.exists():
        shutil.rmtree(args.dest)
    srcdir, outdir = args.dest / "site", args.dest / "_build"
    generate_archive(srcdir, args.issues)
    timings: list[float] = []
    original = publish.write_feeds

    def timed(app, exception):
        started = time.perf_counter()
        original(app, exception)
        timings.append(time.perf_counter() - started)

    # extension.py connects the name it imported: time that one.
    extension.write_feeds = timed
    full = _build(srcdir, outdir)
    # The newest issue: the edit a new week brings, and one every site feed carries.
    issue = sorted((srcdir / "issues").glob("*.md"))[-1]
    issue.write_text(issue.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    incremental = _build(srcdir, outdir)
    feeds = len(list((outdir / "html").rglob("atom.xml"))) + 2
    print(f"| {args.issues} issues | build (s) | feeds (s) | share |")
    print("|---|---:|---:|---:|")
    for name, total, spent in (
        ("full", full, timings[0]),
        ("incremental", incremental, timings[1]),
    ):
        print(f"| {name} | {total:.2f} | {spent:.2f} | {spent / total:.1%} |")
    print(f"\n{feeds} feed files.")


if __name__ == "__main__":
    main()
