"""Proof that a change leaves the sites the kit builds byte for byte the same.

The kit is exported at two revisions (a git revision ``BASE``, and ``HEAD`` or
the current worktree), and each export builds the same sites: the
repository's own site and the shared corpora (``../shared/corpora``), each
clean with ``-j 1`` and clean with ``-j 2``, with a fixed
``SOURCE_DATE_EPOCH``. Every file that differs between the two revisions is
reported, and so is every file that differs between the ``-j 1`` and the
``-j 2`` build of one revision, and every warning only one revision gives.

Command line::

    python -m benchmarks.same_site BASE [--head REV | --worktree] [--only site ...]

Exits 1 when any compared pair of output folders differs (``--except PATH`` names
a file that a change is meant to alter between the revisions).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO.parent / "shared" / "corpora"
SITE = "site"
#: 2024-01-01: a fixed build date, and the modification time of every exported file
#: (templates' times are part of the kit's manifest key).
EPOCH = 1704067200


@dataclass(frozen=True)
class Export:
    """The kit at one revision, unpacked into ``root``."""

    label: str
    revision: str
    root: Path


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout


def _settle_times(root: Path) -> None:
    """Give every exported file the same modification time, whatever its revision."""
    for path in root.rglob("*"):
        os.utime(path, (EPOCH, EPOCH), follow_symlinks=False)


def export_revision(label: str, revision: str, dest: Path) -> Export:
    """The tree of ``revision`` (``git archive``), unpacked into ``dest``."""
    dest.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision], cwd=REPO, check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    _settle_times(dest)
    return Export(label, _git("rev-parse", "--short", revision).strip(), dest)


def export_worktree(label: str, dest: Path) -> Export:
    """The worktree's files as they are now (tracked and untracked, not ignored)."""
    listed = _git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    _settle_times(dest)
    return Export(label, "worktree", dest)


@contextmanager
def mounted(export: Export, place: Path) -> Iterator[Export]:
    """The export moved to ``place`` while it builds.

    Sphinx's config hash (in ``.buildinfo`` and the kit's manifest) covers the
    kit's absolute templates path: both revisions build from the same path.
    """
    export.root.rename(place)
    try:
        yield Export(export.label, export.revision, place)
    finally:
        place.rename(export.root)


def corpus_site(name: str, dest: Path) -> Path:
    """A site folder for a corpus: its issues, ``conf-snippet.py`` as ``conf.py``.

    The same layout as ``tests/test_corpora.py`` builds.
    """
    corpus = CORPORA / name
    shutil.copytree(corpus / "issues", dest / "issues")
    shutil.copy(corpus / "conf-snippet.py", dest / "conf.py")
    (dest / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    _settle_times(dest)
    return dest


def _environment(export: Export) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(export.root / "src")
    env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    env["PYTHONHASHSEED"] = "0"
    return env


def check_import(export: Export) -> None:
    """Fail early unless ``PYTHONPATH`` really selects the exported kit."""
    found = subprocess.run(
        [sys.executable, "-c", "import sphinx_newsletter; print(sphinx_newsletter.__file__)"],
        env=_environment(export),
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not Path(found).is_relative_to(export.root):
        raise SystemExit(f"{export.label}: python imports the kit from {found}, not the export")


def build(export: Export, srcdir: Path, outdir: Path, jobs: int, log: Path) -> tuple[float, int]:
    """A clean dirhtml build; returns its time and its number of warnings."""
    doctrees = outdir.with_name(outdir.name + ".doctrees")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "dirhtml",
        "-E",
        "-q",
        "-j",
        str(jobs),
        "-d",
        str(doctrees),
        str(srcdir),
        str(outdir),
    ]
    log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as stream:
        result = subprocess.run(
            command, env=_environment(export), stdout=stream, stderr=subprocess.STDOUT
        )
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed ({result.returncode}); see {log}")
    warnings = sum("WARNING" in line for line in log.read_text(encoding="utf-8").splitlines())
    return elapsed, warnings


def _log(outdir: Path) -> Path:
    """Where the build into ``outdir`` keeps its log (warnings only: ``-q``)."""
    return outdir.with_name(outdir.name + ".log")


def _files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}


def differences(left: Path, right: Path) -> Iterator[str]:
    """Every file that is in one folder only, or whose bytes differ."""
    a, b = _files(left), _files(right)
    for name in sorted(a.keys() | b.keys()):
        if name not in b:
            yield f"only in {left.name}: {name}"
        elif name not in a:
            yield f"only in {right.name}: {name}"
        elif a[name].read_bytes() != b[name].read_bytes():
            yield f"differs: {name}"


def compare(title: str, left: Path, right: Path, allowed: frozenset[str] = frozenset()) -> bool:
    """Print the differences of two output folders; whether they are identical.

    A difference in an ``allowed`` file is printed but does not count.
    """
    found = list(differences(left, right))
    counted = [line for line in found if line.rsplit(": ", 1)[-1] not in allowed]
    if found:
        print(f"  {title}: {len(counted)} files differ")
        for line in found:
            print(f"    {line}{'' if line in counted else ' (allowed by --except)'}")
        return not counted
    print(f"  {title}: identical: {len(_files(left))} files")
    return True


def compare_warnings(title: str, left: Path, right: Path) -> bool:
    """Print the warnings only one of two build logs holds; whether both hold the same.

    Sorted, since a parallel build reports in the order its workers finish.
    """
    a, b = (sorted(log.read_text(encoding="utf-8").splitlines()) for log in (left, right))
    if a == b:
        print(f"  {title}: the same {len(a)} lines of warnings")
        return True
    print(f"  {title}: the warnings differ")
    for line in sorted(set(a) ^ set(b)):
        print(f"    {'base' if line in a else 'head'} only: {line}")
    return False


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.same_site", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("base", help="the git revision to compare against (e.g. main)")
    head = parser.add_mutually_exclusive_group()
    head.add_argument("--head", default="HEAD", help="the revision to compare (default HEAD)")
    head.add_argument("--worktree", action="store_true", help="compare the worktree as it is")
    parser.add_argument(
        "--only",
        action="append",
        choices=[SITE, *sorted(p.name for p in CORPORA.iterdir() if p.is_dir())]
        if CORPORA.is_dir()
        else [SITE],
        help="build only this site (repeatable; default: the site and every corpus)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        action="append",
        choices=[1, 2],
        help="only clean builds with this -j (repeatable; default: 1 and 2)",
    )
    parser.add_argument(
        "--except",
        dest="allowed",
        action="append",
        default=[],
        metavar="PATH",
        help="a file (relative to the output folder) expected to differ between revisions, "
        "such as the manifest after a change of its format (repeatable)",
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build every site with both revisions and report what differs."""
    args = _arguments(argv)
    sites = args.only or [SITE, *sorted(p.name for p in CORPORA.iterdir() if p.is_dir())]
    jobs = sorted(set(args.jobs or [1, 2]))
    work = args.keep or Path(tempfile.mkdtemp(prefix="same-site-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        base = export_revision("base", args.base, work / "kit-base")
        head = (
            export_worktree("head", work / "kit-head")
            if args.worktree
            else export_revision("head", args.head, work / "kit-head")
        )
        for export in (base, head):
            with mounted(export, work / "kit") as kit:
                check_import(kit)
        print(f"base {base.revision} against head {head.revision}, in {work}", flush=True)
        total = len(sites) * len(jobs) * 2
        step = 0
        same = True
        for site in sites:
            # The repository's site is each revision's own; a corpus is the same for both.
            shared = None if site == SITE else corpus_site(site, work / "src" / site)
            outputs: dict[tuple[str, int], Path] = {}
            for j in jobs:
                for export in (base, head):
                    step += 1
                    outdir = work / "out" / site / f"{export.label}-j{j}"
                    print(f"[{step}/{total}] {site} {export.label} -j {j} ...", end="", flush=True)
                    with mounted(export, work / "kit") as kit:
                        elapsed, warnings = build(
                            kit,
                            shared or kit.root,
                            outdir,
                            j,
                            _log(outdir),
                        )
                    print(f" {elapsed:.1f}s, {warnings} warnings", flush=True)
                    outputs[export.label, j] = outdir
            print(f"{site}:")
            for j in jobs:
                same &= compare(
                    f"base -j {j} / head -j {j}",
                    outputs["base", j],
                    outputs["head", j],
                    frozenset(args.allowed),
                )
                same &= compare_warnings(
                    f"warnings of base -j {j} / head -j {j}",
                    _log(outputs["base", j]),
                    _log(outputs["head", j]),
                )
            if len(jobs) == 2:
                for label in ("base", "head"):
                    same &= compare(
                        f"{label} -j 1 / {label} -j 2", outputs[label, 1], outputs[label, 2]
                    )
            sys.stdout.flush()
        print("same sites" if same else "DIFFERENT sites")
        return 0 if same else 1
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
