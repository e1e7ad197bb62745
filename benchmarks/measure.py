"""Measuring one build (time, peak memory, pages written) and what it left on disk."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sphinx_newsletter.preview import ENV_FD as PREVIEW_FD

__all__ = [
    "Build",
    "Output",
    "html_mtimes",
    "measure_output",
    "page_kind",
    "run_build",
    "written_pages",
]

#: The kit's last line (``pages/generated.py``) in a build's log: index pages, of which updated.
LISTING_LINE = re.compile(r"; (\d+) index pages, (\d+) updated by this build")
WARNING_LINE = re.compile(r"\b(WARNING|ERROR|CRITICAL):")
#: What each tool writes for its search: files, or folders counted whole.
SEARCH_FILES = ("searchindex.js", "pagefind", "search/search_index.json")
#: ``SOURCE_DATE_EPOCH`` of every build (2024-03-02, as the tests use).
EPOCH = 1709337600
YEAR = re.compile(r"(19|20)\d\d")
MONTH = re.compile(r"0[1-9]|1[0-2]")
#: Path segments that name a kind of page rather than a record (ABlog's ``blog/tag/``).
LITERAL = frozenset(
    {"_", "archive", "author", "category", "drafts", "language", "location", "page", "tag"}
)


@dataclass(frozen=True)
class Build:
    """One ``sphinx-build`` run: wall and CPU time, peak RSS and what it reported or wrote.

    ``cpu_seconds`` (user + system, the ``-j`` workers included) is the steadier
    figure on a shared machine, where wall time includes waiting for a CPU.

    ``peak_rss`` is the largest resident set of the build's process tree (bytes):
    with ``-j 2``, that of its largest single process. ``written`` counts the HTML
    files that are new or whose mtime changed; ``listing`` is the kit's
    ``(listing pages, written)`` line, ``None`` for other tools.
    """

    seconds: float
    cpu_seconds: float
    peak_rss: int
    returncode: int
    warnings: tuple[str, ...]
    written: int
    total_pages: int
    listing: tuple[int, int] | None
    #: whether the build was stopped for running longer than its time limit
    timed_out: bool = False
    #: seconds from the start to the kit's word that the documents are written (the
    #: moment ``newsletter serve`` reloads the edited page); None for other tools
    pages_seconds: float | None = None

    @property
    def ok(self) -> bool:
        """Whether the build exited with status 0."""
        return self.returncode == 0 and not self.timed_out


@dataclass(frozen=True)
class Output:
    """Sizes of a clean build's output folder.

    ``search_index`` is the size of the search's files (:data:`SEARCH_FILES`).
    ``search_download`` is what a browser fetches to answer a first query: the
    search page, every local script and stylesheet it names, and the index
    (``searchindex.js`` is among its scripts), also gzip-compressed file by file as
    a server would send them. ``largest`` maps each page kind
    (:func:`page_kind`) to its largest page ``(path, bytes)``, ``kinds`` to its
    number of pages and their bytes.
    """

    size: int
    pages: int
    issue_page: int | None
    search_index: int
    search_download: int
    search_download_gzip: int
    largest: dict[str, tuple[str, int]]
    kinds: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def page_kinds(self) -> dict[str, tuple[int, int]]:
        """``kinds``, empty for a run saved (``--include``) before kinds were kept."""
        return getattr(self, "kinds", None) or {}

    @property
    def html(self) -> int | None:
        """The bytes of every HTML page (None for a run saved before kinds were kept)."""
        kinds = self.page_kinds
        return sum(nbytes for _pages, nbytes in kinds.values()) if kinds else None


def _pages(outdir: Path) -> Iterator[tuple[str, Path]]:
    """The HTML pages under ``outdir`` as ``(relative path, path)``, ``_static`` left out."""
    for path in outdir.rglob("*.html"):
        page = path.relative_to(outdir).as_posix()
        if not page.startswith("_"):
            yield page, path


def html_mtimes(outdir: Path) -> dict[str, int]:
    """Each HTML page under ``outdir`` (relative path) with its mtime in nanoseconds."""
    if not outdir.is_dir():
        return {}
    return {page: path.stat().st_mtime_ns for page, path in _pages(outdir)}


def written_pages(before: dict[str, int], after: dict[str, int]) -> int:
    """How many HTML files are new in ``after`` or have a different mtime."""
    return sum(1 for page, mtime in after.items() if before.get(page) != mtime)


def run_build(
    cmd: list[str],
    outdir: Path,
    log: Path,
    *,
    env: dict[str, str] | None = None,
    warning: re.Pattern[str] = WARNING_LINE,
    timeout: float | None = None,
) -> Build:
    """Run one build (``cmd``, writing into ``outdir``) in a child process and measure it.

    Its output goes to ``log`` (stdout) and ``log.with_suffix(".err")``; the lines
    of either that match ``warning`` are its warnings. ``env`` is added to this
    process's environment, with ``SOURCE_DATE_EPOCH`` fixed so that dates stamped
    in output do not depend on the clock. The child is reaped with
    :func:`os.wait4`, whose ``ru_maxrss`` covers the child and every descendant
    it waited for (the ``-j`` workers). A build still running after ``timeout``
    seconds is stopped with its whole process group and marked ``timed_out``.
    """
    before = html_mtimes(outdir)
    err_log = log.with_suffix(".err")
    log.parent.mkdir(parents=True, exist_ok=True)
    environ = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), **(env or {})}
    # The pipe ``newsletter serve`` gives a build (``sphinx_newsletter.preview``): the
    # kit says on it when the documents are written; other tools never write to it.
    read_end, write_end = os.pipe()
    environ[PREVIEW_FD] = str(write_end)
    with log.open("wb") as out, err_log.open("wb") as err:
        started = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=err,
                stdin=subprocess.DEVNULL,
                env=environ,
                pass_fds=(write_end,),
                start_new_session=True,  # its own process group, so a time limit stops it all
            )
        finally:
            os.close(write_end)
        heard: list[float] = []
        listener = threading.Thread(target=_listen, args=(read_end, started, heard), daemon=True)
        listener.start()
        timer = threading.Timer(timeout or 0, os.killpg, (proc.pid, signal.SIGKILL))
        if timeout is not None:
            timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        timer.cancel()
        listener.join(timeout=5)
    timed_out = timeout is not None and seconds >= timeout
    proc.returncode = os.waitstatus_to_exitcode(status)
    after = html_mtimes(outdir)
    stdout = log.read_text(encoding="utf-8", errors="replace")
    stderr = err_log.read_text(encoding="utf-8", errors="replace")
    match = LISTING_LINE.search(stdout)
    return Build(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_rss=usage.ru_maxrss * 1024,  # kilobytes on Linux
        returncode=proc.returncode,
        warnings=tuple(
            line for text in (stderr, stdout) for line in text.splitlines() if warning.search(line)
        ),
        written=written_pages(before, after),
        total_pages=len(after),
        listing=(int(match[1]), int(match[2])) if match else None,
        timed_out=timed_out,
        pages_seconds=heard[0] if heard else None,
    )


def _listen(fd: int, started: float, heard: list[float]) -> None:
    """Read the build's preview pipe until it closes; note when the documents were written."""
    with os.fdopen(fd, "rb") as pipe:
        for line in pipe:
            if not heard and b'"event": "pages"' in line:
                heard.append(time.perf_counter() - started)


def page_kind(page: str) -> str:
    """The URL pattern of an output page: names become ``<name>``, years ``<year>``.

    ``regions/singapore/2024/index.html`` is ``regions/<name>/<year>``,
    ``regions/asia/2024/03/2/index.html`` ``regions/<name>/<year>/<month>/<part>``,
    ``issues/0050/index.html`` ``issues/<n>``, ``authors/_/a/index.html``
    ``authors/_/<initial>``, ``blog/tag/ai/index.html`` ``blog/tag/<name>``,
    ``genindex-A/index.html`` ``genindex-<letter>``, the root ``index.html`` ``home``;
    any other number is ``<n>`` (``tag/ai/page/2/`` is ``tag/<name>/page/<n>``).
    """
    parts = page.split("/")[:-1]
    if not parts:
        return "home" if page == "index.html" else page
    head, rest = parts[0], parts[1:]
    if head.startswith("genindex-"):
        return "genindex-<letter>"
    kind = [head]
    for part in rest:
        if kind == ["issues"] and part.isdigit():
            # An issue's number (``issues/2019/``), never a year: it comes first.
            kind.append("<n>")
        elif YEAR.fullmatch(part):
            kind.append("<year>")
        elif kind[-1] == "<year>" and MONTH.fullmatch(part):
            kind.append("<month>")
        elif kind[-1] == "<month>" and part.isdigit():
            kind.append("<part>")
        elif part.isdigit():
            kind.append("<n>")
        elif part in LITERAL:
            kind.append(part)
        elif kind[-1] == "_":
            kind.append("<initial>")
        else:
            kind.append("<name>")
    return "/".join(kind)


class _Assets(HTMLParser):
    """Collects the ``src`` of scripts and ``href`` of stylesheets in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"] or "")
        elif tag == "link" and "stylesheet" in (values.get("rel") or "").split():
            self.urls.append(values.get("href") or "")


def _search_files(outdir: Path) -> set[Path]:
    """The search page and the local scripts and stylesheets it loads."""
    page = outdir / "search" / "index.html"
    if not page.is_file():
        return set()
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    files = {page}
    for url in parser.urls:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            continue
        path = (page.parent / unquote(parts.path)).resolve()
        if path.is_file():
            files.add(path)
    return files


def measure_output(outdir: Path, issue: int) -> Output:
    """Sizes of ``outdir``; ``issue`` is the number whose page is reported."""
    size = sum(path.stat().st_size for path in outdir.rglob("*") if path.is_file())
    largest: dict[str, tuple[str, int]] = {}
    kinds: dict[str, tuple[int, int]] = {}
    pages = 0
    for page, path in _pages(outdir):
        pages += 1
        nbytes = path.stat().st_size
        kind = page_kind(page)
        if nbytes > largest.get(kind, ("", -1))[1]:
            largest[kind] = ("/" + page.removesuffix("index.html"), nbytes)
        count, total = kinds.get(kind, (0, 0))
        kinds[kind] = (count + 1, total + nbytes)
    issue_page = outdir / "issues" / f"{issue:04d}" / "index.html"
    # Sphinx's index, the kit's Pagefind bundle, MkDocs' lunr index.
    index = sum(
        path.stat().st_size
        for name in SEARCH_FILES
        for path in ([outdir / name] if (outdir / name).is_file() else (outdir / name).rglob("*"))
        if path.is_file()
    )
    search = [path.read_bytes() for path in sorted(_search_files(outdir))]
    return Output(
        size=size,
        pages=pages,
        issue_page=issue_page.stat().st_size if issue_page.is_file() else None,
        search_index=index,
        search_download=sum(len(data) for data in search),
        search_download_gzip=sum(len(gzip.compress(data, mtime=0)) for data in search),
        largest=dict(sorted(largest.items())),
        kinds=dict(sorted(kinds.items())),
    )
