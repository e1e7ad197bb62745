"""What the message catalogs cost a build: ``python -m benchmarks.labels``.

The ``.mo`` a build reads is compiled from its ``.po`` when it is missing or older
(a clean clone's first build, or after ``make messages``); every other build only
compares two modification times. Both are timed here per language (median of
``--repeat`` runs), and so is a label lookup, against a site's whole start-up
(``Sphinx()`` of the zh_CN test root, nothing read): the costs a build pays once.
With ``--issues N`` it also builds a generated archive of N issues clean, in English
and in zh_CN, where every listing page looks its words up. Prints Markdown tables.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx

from sphinx_newsletter.labels import _, compile_catalog

from .generate import generate_archive

LANGUAGES = ("zh_CN", "zh_TW", "ja", "ko")
ROOT = Path(__file__).parent.parent / "tests" / "roots" / "test-i18n-zh"


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _attempt in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _start_up(folder: Path) -> None:
    site = folder / "site"
    if not site.exists():
        shutil.copytree(ROOT, site)
    shutil.rmtree(folder / "doctrees", ignore_errors=True)
    Sphinx(site, site, folder / "html", folder / "doctrees", "dirhtml", status=None, warning=None)


def _archive_build(archive: Path, out: Path, language: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    app = Sphinx(
        archive,
        archive,
        out / "html",
        out / "doctrees",
        "dirhtml",
        confoverrides={"language": language},
        status=None,
        warning=None,
    )
    app.build()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--issues", type=int, default=0, help="also build an archive this big")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for language in LANGUAGES:

            def fresh(language: str = language) -> None:
                shutil.rmtree(folder / "mo", ignore_errors=True)
                compile_catalog(language, folder / "mo")

            compiled = _median(fresh, args.repeat)
            checked = _median(
                lambda language=language: compile_catalog(language, folder / "mo"), args.repeat
            )
            rows.append((language, compiled, checked))
        start_up = _median(lambda: _start_up(folder / "site-run"), max(3, args.repeat // 4))
        lookup = _median(lambda: [_("Our Take") for _n in range(10_000)], 5) / 10_000
        builds = []
        if args.issues:
            archive = folder / "archive"
            generate_archive(archive, args.issues)
            for language in ("en", "zh_CN"):
                builds.append((language, _archive_build(archive, folder / language, language)))
    print("| language | compile .po → .mo | up-to-date check |")
    print("|---|---|---|")
    for language, compiled, checked in rows:
        print(f"| {language} | {compiled * 1000:.2f} ms | {checked * 1000:.3f} ms |")
    print()
    print(f"A site's start-up (`Sphinx()`, zh_CN root, compile included): {start_up * 1000:.0f} ms")
    print(f"One label lookup: {lookup * 1e6:.2f} µs")
    if builds:
        print()
        print(f"| clean build, {args.issues} issues | seconds |")
        print("|---|---|")
        for language, seconds in builds:
            print(f"| {language} | {seconds:.1f} |")


if __name__ == "__main__":
    main()
