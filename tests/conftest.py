"""Fixtures: build small test sites (copied to a temporary folder) and read their output."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent
sys.path.insert(0, str(REPO))  # the benchmark generator makes test archives too
CORPORA = REPO.parent / "shared" / "corpora"
#: The tests of the real archives skip where ``shared/corpora`` is not beside the repo.
needs_corpora = pytest.mark.skipif(
    not CORPORA.exists(), reason="shared/corpora is not beside the repo"
)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@dataclass
class Warning_:
    """One warning: the file it names (relative to the source folder), line, text, type."""

    path: str
    line: int
    message: str
    type: str


@dataclass
class Built:
    """A finished build: its folders, warnings and helpers to read pages."""

    srcdir: Path
    outdir: Path
    app: object
    warning_text: str
    status_text: str = ""

    @property
    def status(self) -> str:
        """The build's log without colour codes."""
        return re.sub(r"\x1b\[[0-9;]*m", "", self.status_text)

    @property
    def read_count(self) -> int:
        """How many source files this build read (0 when nothing was out of date)."""
        match = re.search(r"updating environment: .*?(\d+) added, (\d+) changed", self.status)
        return int(match.group(1)) + int(match.group(2)) if match else 0

    @property
    def listing_pages(self) -> tuple[int, int]:
        """(generated index pages, of which written) from the kit's last log line."""
        match = re.search(r"; (\d+) index pages, (\d+) updated by this build", self.status)
        assert match, "no 'newsletter: ... N index pages, W updated by this build' line"
        return int(match.group(1)), int(match.group(2))

    @property
    def warnings(self) -> list[Warning_]:
        out = []
        for line in re.sub(r"\x1b\[[0-9;]*m", "", self.warning_text).splitlines():
            match = re.match(r"^(.*?):(\d+): WARNING: (.*) \[([\w.]+)\]$", line)
            if match:
                path = match.group(1)
                with contextlib.suppress(ValueError):
                    path = str(Path(path).relative_to(self.srcdir))
                out.append(Warning_(path, int(match.group(2)), match.group(3), match.group(4)))
        return out

    def of(self, subtype: str) -> list[Warning_]:
        """The warnings of type ``newsletter.<subtype>``."""
        return [w for w in self.warnings if w.type == f"newsletter.{subtype}"]

    def page(self, path: str) -> BeautifulSoup:
        """Parse a built page: ``issues/0002/`` or ``index.html`` (relative to outdir)."""
        target = self.outdir / path
        if path.endswith("/") or target.is_dir():
            target = target / "index.html"
        return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")

    def exists(self, path: str) -> bool:
        target = self.outdir / path
        return (
            (target / "index.html").exists()
            if not path.endswith(".html") and not target.suffix
            else target.exists()
        )


def copy_root(name: str, dest: Path) -> Path:
    """Copy test root ``test-<name>`` to ``dest`` so a test may edit it."""
    shutil.copytree(ROOTS / f"test-{name}", dest, ignore=shutil.ignore_patterns("_build"))
    return dest


def edit_file(path: Path, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` in the text file ``path``; ``old`` must be there, so a
    test whose fixture text moved fails here rather than testing an unedited file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def issue_with_text(number: int, text: str, date: str = "2024-06-01") -> str:
    """An issue file with ``text`` in every field a contributor sets: the front matter's
    description and cover alt and credit, the headline, a section heading, prose with a
    link, an image and code, a recommendation's title, options and take, and a
    sponsor's name, options and message. ``text`` is one line."""
    quoted = json.dumps(text)  # a YAML double-quoted scalar
    return (
        f"---\nnumber: {number}\ndate: {date}\ndescription: {quoted}\n"
        f"image: /_static/cover.png\nimage-alt: {quoted}\nimage-credit: {quoted}\n---\n\n"
        f"# Headline {text}\n\nProse {text}, [a link {text}](https://link.example/?q={text}),\n"
        f"![an image {text}](https://img.example/{text}.png) and `{text}`.\n\n"
        f"## Section {text}\n\n"
        f":::{{recommendation}} Title {text}\n:url: https://news.example/?q={text}\n"
        f":authors: Author {text}, Second {text}\n:publication: Publication {text}\n"
        f":regions: japan\n:topics: Topic {text}\n\nTake {text}\n:::\n\n"
        f":::{{sponsor}} Sponsor {text}\n:url: https://sponsor.example/?q={text}\n"
        f":code: Code {text}\n:offer: Offer {text}\n:terms: Terms {text}\n\n"
        f"Message {text}\n:::\n"
    )


def spanning_root(dest: Path) -> Path:
    """The basic root with its first issue a year and more before the newest one."""
    site = copy_root("basic", dest)
    edit_file(site / "issues/0001.md", "date: 2023-11-04", "date: 2022-11-05")
    return site


def corpus_sources(name: str, dest: Path, numbers: Iterable[int] | None = None) -> Path:
    """Copy corpus ``name`` (``ios-weekly``) to ``dest`` as a site: its issues (those
    numbered ``numbers``, or all), its conf-snippet as ``conf.py`` and a one-line index."""
    corpus = CORPORA / name
    (dest / "issues").mkdir(parents=True)
    paths = (
        sorted((corpus / "issues").glob("*.md"))
        if numbers is None
        else [corpus / "issues" / f"{number:04d}.md" for number in numbers]
    )
    for path in paths:
        shutil.copy(path, dest / "issues" / path.name)
    shutil.copy(corpus / "conf-snippet.py", dest / "conf.py")
    with (dest / "conf.py").open("a", encoding="utf-8") as conf:
        # The corpora name no mail service: a placeholder sign-up, so a build is quiet.
        conf.write('\nnewsletter_subscribe = {"url": "https://corpus.example/subscribe/"}\n')
    (dest / "index.md").write_text(f"# {name}\n", encoding="utf-8")
    return dest


class SharedFolders:
    """Folders made once per session, on first use, for tests that only read them.

    ``shared(name)`` is ``make(name, folder)``'s folder. Many tests read it, so none
    may change it: ``assert_unchanged`` compares every file with what it was when made.
    """

    def __init__(self, factory: pytest.TempPathFactory, make: Callable[[str, Path], Path]):
        self._factory = factory
        self._make = make
        self._made: dict[str, Path] = {}
        self._states: dict[str, dict[str, tuple[int, int]]] = {}

    def __call__(self, name: str) -> Path:
        if name not in self._made:
            self._made[name] = self._make(name, self._factory.mktemp(name) / "site")
            self._states[name] = self._state(self._made[name])
        return self._made[name]

    @staticmethod
    def _state(folder: Path) -> dict[str, tuple[int, int]]:
        """Every file under ``folder`` with its size and modification time."""
        return {
            str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in folder.rglob("*")
            if path.is_file()
        }

    def assert_unchanged(self) -> None:
        """Fail naming each folder a test wrote to, deleted from or added to."""
        changed = [
            name for name, folder in self._made.items() if self._state(folder) != self._states[name]
        ]
        assert changed == [], f"a test changed the shared copy of {changed}: copy it to edit it"


@pytest.fixture(scope="session")
def corpus_source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedFolders]:
    """``corpus_source("ios-weekly")``: the corpus's sources as a site, copied once per
    session, for tests that only read them (``read_catalog`` writes outside them)."""
    shared = SharedFolders(tmp_path_factory, corpus_sources)
    yield shared
    shared.assert_unchanged()


@pytest.fixture(scope="session")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], Built]]:
    """``corpus_site("ios-weekly")``: the corpus built clean with ``-j 2``, once per
    session on first use, for every test that reads its pages, warnings or catalog.

    A test that edits a corpus copies it (``corpus_sources``) and builds its copy.
    """
    built: dict[str, Built] = {}

    def build(name: str, dest: Path) -> Path:
        built[name] = build_site(corpus_sources(name, dest), parallel=2)
        return dest

    shared = SharedFolders(tmp_path_factory, build)

    def site(name: str) -> Built:
        shared(name)
        return built[name]

    yield site
    shared.assert_unchanged()


def copy_site(dest: Path) -> Path:
    """Copy the repository's own site (This Week in Asia, issue 9) to ``dest``."""
    dest.mkdir()
    for name in ("conf.py", "index.md"):
        shutil.copy(REPO / name, dest / name)
    for folder in ("issues", "_static", "_templates"):
        shutil.copytree(REPO / folder, dest / folder)
    return dest


def build_site(
    srcdir: Path,
    *,
    builder: str = "dirhtml",
    parallel: int = 0,
    verbosity: int = 0,
    **confoverrides: object,
) -> Built:
    """Build ``srcdir`` into ``srcdir/_build/<builder>``, keeping the doctrees.

    A second call on the same folder is an incremental build. ``verbosity=1`` logs
    what ``sphinx-build -v`` shows (the kit's internal counts among it).
    """
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp(
        builder,
        srcdir=srcdir,
        builddir=srcdir / "_build",
        confoverrides=confoverrides,
        parallel=parallel,
        verbosity=verbosity,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Built(srcdir, Path(app.outdir), app, app.warning.getvalue(), app.status.getvalue())


#: The three ways a guarantee must hold: a clean serial build, a clean ``-j 2`` build,
#: and an incremental build (the site built once without the input, then again with it).
BUILD_MODES = ("clean", "parallel", "incremental")


def build_in_mode(
    srcdir: Path, mode: str, add_input: Callable[[Path], None], **options: object
) -> Built:
    """Build ``srcdir`` with ``add_input(srcdir)`` applied, the way ``mode`` says.

    ``incremental`` builds the site first without the input, then adds it and builds
    again in the same folders, so whatever the kit keeps between builds is exercised.
    """
    assert mode in BUILD_MODES, mode
    if mode == "incremental":
        build_site(srcdir, **options)
        add_input(srcdir)
        return build_site(srcdir, **options)
    add_input(srcdir)
    return build_site(srcdir, parallel=2 if mode == "parallel" else 0, **options)


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Built]:
    """Build a site: ``build("basic")`` (a fresh copy of the test root) or ``build(path)``."""

    def run(root: str | Path, **options: object) -> Built:
        srcdir = Path(root) if isinstance(root, Path) else tmp_path / root
        if not isinstance(root, Path) and not srcdir.exists():
            copy_root(root, srcdir)
        return build_site(srcdir, **options)

    return run


@pytest.fixture(scope="session")
def basic_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The ``basic`` test root, built once for the tests that only read it."""
    return build_site(copy_root("basic", tmp_path_factory.mktemp("basic") / "site"))


#: The kit's one page that is not a reader's: ``latest/``, a redirect to the newest issue.
LATEST_REDIRECT = Path("latest") / "index.html"


def active_metas(outdir: Path, page: Path) -> list[str]:
    """A written page's ``<meta http-equiv>`` tags, less the kit's own redirect on
    ``latest/``: its one meta, to a path the kit makes of an issue's number (never
    of a contributor's text), which this checks."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    metas = [str(m) for m in soup.find_all("meta", attrs={"http-equiv": True})]
    if page.relative_to(outdir) in (LATEST_REDIRECT, Path("latest.html")) and len(metas) == 1:
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        if refresh and re.fullmatch(r"0; url=(\.\./)?issues/\d{4,}(/|\.html)", refresh["content"]):
            return []
    return metas


def snapshot(outdir: Path) -> dict[str, bytes]:
    """Every output file (not Sphinx's own doctree cache), by path."""
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }


def _around_change(line: str, width: int = 400) -> str:
    """A diff line cut to a readable length (search indexes are one long line)."""
    return line if len(line) <= width else line[:width] + f"... ({len(line)} chars)"


def assert_same_site(actual: Path, expected: Path) -> None:
    """Fail with the differing files (and the first differing lines) of two sites."""
    import difflib

    ours, theirs = snapshot(actual), snapshot(expected)
    problems = [f"only in {actual.name}: {p}" for p in sorted(set(ours) - set(theirs))]
    problems += [f"missing from {actual.name}: {p}" for p in sorted(set(theirs) - set(ours))]
    for path in sorted(set(ours) & set(theirs)):
        if ours[path] != theirs[path]:
            diff = difflib.unified_diff(
                theirs[path].decode("utf-8", "replace").splitlines(),
                ours[path].decode("utf-8", "replace").splitlines(),
                lineterm="",
                n=0,
            )
            problems.append(
                f"differs: {path}\n" + "\n".join(_around_change(line) for line in list(diff)[2:12])
            )
    assert not problems, "\n".join(problems[:20])


def generated_site(dest: Path, issues: int, **options: object) -> Path:
    """A synthetic archive from the benchmark generator, written to ``dest``."""
    from benchmarks.generate import generate_archive

    generate_archive(dest, issues, **options)
    return dest
