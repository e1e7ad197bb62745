"""Every write stays inside the output folder, whatever name an issue gives a thing.

The property, over generated hostile names put wherever an issue can name a
thing that becomes a page or a file (topics, authors, publications, sponsors,
titles and ``:name:`` ids, glossary terms and their index keys, index entries):
a build, in ``html`` and ``dirhtml``, clean, at ``-j 2`` and incremental, creates
or changes no file outside its build folder, and every file in the output has a
name made only of safe parts. ``paths.inside``, the one function every write of
the kit goes through, is tested on its own over any text.
"""

from __future__ import annotations

import os
import random
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUILD_MODES, build_in_mode, copy_root
from sphinx_newsletter.paths import (
    LOOKALIKE_SEPARATORS,
    Folder,
    OutsideOutput,
    _component_problem,
    inside,
    inside_absolute,
)

#: Pieces of names that try to leave a folder or to pass for a separator.
FRAGMENTS = (
    "..",
    "../",
    "../../../../",
    "/",
    "/tmp/",
    "\\",
    "..\\..\\",
    "\uff0f",
    "\u2215",
    "\u2044",
    "\uff3c",
    "%2e%2e%2f",
    ".",
    "~",
    "$HOME",
    "genindex",
    "index",
    "_static",
    "pagefind",
    "feed.json",
    "atom.xml",
    ":",
    "?",
    "*",
    "\u202e",
    "\u200b",
    "ESCAPED",
    "日本",
    "x" * 90,
)


def hostile_names(seed: int, count: int) -> list[str]:
    """``count`` names, each two to five fragments (deterministic for ``seed``)."""
    rng = random.Random(seed)
    names = []
    for _ in range(count):
        name = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 5)))
        # A comma splits a list option and a newline ends it: not part of one name.
        names.append(name.replace(",", "").strip() or "ESCAPED")
    return names


def hostile_issue(names: list[str]) -> str:
    """An issue naming a thing by each of ``names`` everywhere a name makes a page."""
    recs = []
    for k, name in enumerate(names):
        recs.append(
            f":::{{recommendation}} {name}\n:url: https://news.example/p{k}\n"
            f":authors: {name}\n:publication: {name} Times\n:topics: {name}\n\n"
            f"Take {k}.\n:::\n"
        )
    terms = "\n".join(f"{name.lstrip(':')} : {name}\n   A term." for name in names)
    entries = "\n".join(f"single: {name}" for name in names)
    return (
        "---\nnumber: 4\ndate: 2023-11-25\ndescription: Names that try to leave.\n---\n\n"
        "# Names\n\n" + "\n".join(recs) + "\n:::{glossary}\n" + terms + "\n:::\n\n"
        ":::{index}\n" + entries + "\n:::\n\n"
        f":::{{sponsor}} {names[0]}\n:url: https://sponsor.example/\n\nA sponsor.\n:::\n"
    )


def files_outside(root: Path, build: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` that is not under ``build``, with its size and mtime."""
    found = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here == build or build in here.parents:
            dirs[:] = []
            continue
        for name in files:
            stat = (here / name).lstat()
            found[str((here / name).relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.mark.parametrize("builder", ["dirhtml", "html"])
@pytest.mark.parametrize("mode", BUILD_MODES)
def test_no_name_writes_outside_the_output(tmp_path: Path, builder: str, mode: str) -> None:
    names = hostile_names(seed=zlib.crc32(f"{builder}{mode}".encode()), count=12)
    # The site sits two folders down, so ``../../`` from its output stays in tmp_path.
    site = copy_root("basic", tmp_path / "a" / "b" / "site")
    before = files_outside(tmp_path, site / "_build")

    def add_issue(srcdir: Path) -> None:
        (srcdir / "issues" / "0004.md").write_text(hostile_issue(names), encoding="utf-8")

    built = build_in_mode(site, mode, add_issue, builder=builder)
    after = files_outside(tmp_path, site / "_build")
    added = {path for path in after if path not in before}
    assert added == {"a/b/site/issues/0004.md"}, f"written outside the build: {added}"
    changed = {p for p in before if p in after and before[p] != after[p]}
    assert not changed
    for path in built.outdir.rglob("*"):
        for part in path.relative_to(built.outdir).parts:
            assert _component_problem(part) is None, path
    # The names did make pages: the property is not met by building nothing.
    assert built.exists("genindex.html" if builder == "html" else "genindex/")
    assert len(list((built.outdir / "topics").iterdir())) > len(names) // 2
    assert "Traceback" not in built.status_text + built.warning_text
    # Names are made safe by the slug rule; the guard in ``paths`` never has to refuse.
    assert "[newsletter.output]" not in built.warning_text


@pytest.fixture(scope="module")
def linked_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder holding a symlink to its parent (module-scoped: Hypothesis
    runs many examples per test call)."""
    root = tmp_path_factory.mktemp("inside") / "out"
    root.mkdir()
    (root / "link").symlink_to("..")
    return root


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=400, deadline=None)
def test_inside_never_returns_a_path_that_leaves(linked_root: Path, relpath: str) -> None:
    try:
        path = inside(linked_root, relpath)
    except OutsideOutput:
        return
    resolved = path.resolve()
    assert resolved.is_relative_to(linked_root.resolve()) and resolved != linked_root.resolve()
    assert not any(char in LOOKALIKE_SEPARATORS for char in relpath.replace("/", ""))


@pytest.mark.parametrize(
    "relpath",
    [
        "../x",
        "a/../../x",
        "/etc/passwd",
        "a//b",
        "a/./b",
        "..\\x",
        "a\uff0f..",
        "a\u2215b",
        "\uff0e\uff0e/x",  # full-width dots read as ".." after NFKC
        "a\x00b",
        "a\nb",
        "x" * 300,
        "link/x",
        "",
    ],
)
def test_inside_refuses(tmp_path: Path, relpath: str) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "link").symlink_to("..")
    with pytest.raises(OutsideOutput):
        inside(tmp_path / "out", relpath)


def test_inside_accepts_ordinary_paths(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert inside(out, "regions/日本/atom.xml") == out / "regions" / "日本" / "atom.xml"
    assert inside(out, "issues/0009/#sora-cold-water") == out / "issues/0009/#sora-cold-water"
    assert inside_absolute(out, f"{out}/genindex-A/index.html") == out / "genindex-A/index.html"
    with pytest.raises(OutsideOutput):
        inside_absolute(out, f"{out}/genindex-../../x/index.html")
    with pytest.raises(OutsideOutput):
        inside_absolute(out, "/tmp/elsewhere/index.html")


def test_a_folder_kept_for_a_build_answers_as_each_path_checked_alone(tmp_path: Path) -> None:
    """``Folder`` remembers resolved folders (a build's output keeps one): its answers
    are those of ``inside`` on each path, and a file that becomes a symlink leading
    out after its folder was seen is still refused."""
    out = tmp_path / "out"
    (out / "issues" / "0001").mkdir(parents=True)
    (out / "up").symlink_to("..")
    (out / "alias").symlink_to("issues")
    folder = Folder(out)
    paths = ["issues/0001/index.html", "alias/0001/index.html", "up/x", "up/out/x", "new/a/b"]
    for _ in range(2):  # the second round answers from what the first remembered
        for relpath in paths:
            try:
                alone: Path | None = inside(out, relpath)
            except OutsideOutput:
                alone = None
            if alone is None:
                with pytest.raises(OutsideOutput):
                    folder.inside(relpath)
            else:
                assert folder.inside(relpath) == alone
    (out / "issues" / "0001" / "index.html").symlink_to(tmp_path)
    with pytest.raises(OutsideOutput):
        folder.inside("issues/0001/index.html")
    # A folder made after it was first asked about is seen as made.
    (out / "new").symlink_to(tmp_path)
    with pytest.raises(OutsideOutput):
        folder.inside("new/a/b")
