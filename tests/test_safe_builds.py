"""Safe builds: an issue file never reads the machine, runs code, fetches or adds active content.

The ``unsafe`` root holds one issue per family of attack (issue #15 and the spec's
"What an issue may contain"); the fixture adds what a repository cannot hold as
plain files: a secret outside the site's folder, a symlink to it, a file that is not
UTF-8, CR and U+2028 line ends, names too long for a folder, and a local HTTP
server that must never be asked for anything. Expected lines are found in the
sources by their text.
"""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from bs4 import BeautifulSoup

from conftest import LATEST_REDIRECT, Built, active_metas, build_site, copy_root, edit_file
from sphinx_newsletter.read.sourcetext import MAX_PAGE_BYTES

SECRET = "TOPSECRET"
LONG = "Very Long Author Name " * 12


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(f"a,b\n{SECRET}-FETCHED,1\n".encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server():
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def make_unsafe_site(dest: Path, server: str) -> Path:
    """The unsafe root at ``dest/site``, with secrets beside it and generated issues."""
    site = copy_root("unsafe", dest / "site")
    (dest / "outside.txt").write_text(f"{SECRET}-TXT\n", encoding="utf-8")
    (dest / "outside.png").write_bytes((site / "_static/ok.png").read_bytes() + SECRET.encode())
    (site / "_static/link.png").symlink_to("../../outside.png")
    issues = site / "issues"
    with (issues / "0002.md").open("a", encoding="utf-8") as fh:
        fh.write(f"\n```{{csv-table}} Fetched\n:url: {server}/data.csv\n```\n")
    (issues / "0010.md").write_text(
        "---\nnumber: 10\ndate: 2024-03-02\ndescription: Long names.\n---\n\n# Long names\n\n"
        f":::{{recommendation}} One\n:url: https://news.example/long-1\n:authors: {LONG}A\n"
        ":publication: " + "日本経済新聞の非常に長い名前" * 5 + "\n\nTake.\n:::\n\n"
        f":::{{recommendation}} Two\n:url: https://news.example/long-2\n:authors: {LONG}B\n\n"
        "Take.\n:::\n",
        encoding="utf-8",
    )
    (issues / "0011.md").write_bytes(
        b"---\nnumber: 11\ndate: 2024-03-09\ndescription: Latin-1 \xe9t\xe9.\n---\n\n# Binary\n"
    )
    (issues / "²³.md").write_text(
        "---\nnumber: 12\ndate: 2024-03-16\ndescription: x\n---\n\n# Digits\n", encoding="utf-8"
    )
    (issues / "0013.md").write_bytes(
        "---\r\nnumber: 13\r\ndate: 2024-03-23\r\ndescription: CRLF and\u2028a line "
        "separator\r\ndraft: maybe\r\n---\r\n\r\n# CRLF\r\n".encode()
    )
    (issues / "0014.md").write_bytes(
        "---\rnumber: 14\rdate: 2024-03-30\rdescription: Old Mac line ends.\r---\r\r"
        "# Old Mac\r\rThe body\u0085goes on.\r".encode()
    )
    # A link committed in a pull request: to a hidden file of the repository.
    (site / ".hidden/config").write_text(
        "---\nnumber: 15\ndate: 2024-04-06\ndescription: Linked.\n---\n\n# Linked\n\n"
        f"extraheader = AUTHORIZATION: {SECRET}-TOKEN\n",
        encoding="utf-8",
    )
    (issues / "0015.md").symlink_to("../.hidden/config")
    # reStructuredText is parsed by docutils itself, outside the kit's rules.
    (issues / "0017.rst").write_text(
        "---\nnumber: 17\ndate: 2024-04-20\ndescription: rST.\n---\n\n0017\n====\n\n"
        ".. include:: ../../outside.txt\n",
        encoding="utf-8",
    )
    (issues / "0016.md").write_text(
        "---\nnumber: 16\ndate: 2024-04-13\ndescription: Huge.\n---\n\n# Huge\n\n"
        + "word " * (MAX_PAGE_BYTES // 5),  # with the front matter, just past the cap
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def unsafe(tmp_path_factory: pytest.TempPathFactory, server: str) -> Built:
    return build_site(make_unsafe_site(tmp_path_factory.mktemp("unsafe"), server))


def line_of(site: Built, path: str, needle: str) -> int:
    """The 1-based line of ``needle`` in a source, as markdown-it counts lines."""
    text = (site.srcdir / path).read_bytes().decode("utf-8", "replace")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[: text.index(needle)].count("\n") + 1


def located(site: Built) -> set[tuple[str, int, str]]:
    return {(w.path, w.line, w.type) for w in site.warnings}


def published_files(outdir: Path) -> list[Path]:
    """Every file a host would serve (the doctrees are Sphinx's cache, never served)."""
    return [p for p in outdir.rglob("*") if p.is_file() and ".doctrees" not in p.parts]


# -- nothing of the machine reaches the site ------------------------------------------


def test_no_file_of_the_machine_reaches_the_output(unsafe: Built) -> None:
    leaks = [
        str(p.relative_to(unsafe.outdir))
        for p in published_files(unsafe.outdir)
        if SECRET.encode() in p.read_bytes()
    ]
    assert leaks == []
    assert sorted(p.name for p in (unsafe.outdir / "_images").iterdir()) == ["ok.png"]
    assert not (unsafe.outdir / "_downloads").exists()
    assert not [p for p in (unsafe.outdir / "_sources").rglob("*") if p.is_file()]


def test_paths_out_of_the_site_are_warned_at_their_lines(unsafe: Built) -> None:
    path = "issues/0001.md"
    expected = {
        (path, line_of(unsafe, path, "image: /../outside.png"), "newsletter.frontmatter"),
        (path, line_of(unsafe, path, "Intro with an image"), "newsletter.url"),
        (path, line_of(unsafe, path, "The take shows"), "newsletter.url"),
        (path, line_of(unsafe, path, ":logo: //etc/passwd"), "newsletter.url"),
    }
    assert expected <= located(unsafe)
    intro = [w for w in unsafe.of("url") if w.line == line_of(unsafe, path, "Intro with")]
    assert len(intro) == 3  # outside, hidden folder, symlink out
    page = unsafe.page("issues/0001/")
    assert [img["src"] for img in page.select("article.bd-article img")] == ["../../_images/ok.png"]
    assert page.find("meta", property="og:image") is None


def test_nothing_is_fetched_while_building(unsafe: Built) -> None:
    assert _Recorder.requests == []
    assert f"{SECRET}-FETCHED" not in (unsafe.outdir / "issues/0002/index.html").read_text()


def test_file_insertion_and_eval_rst_are_refused_at_their_lines(unsafe: Built) -> None:
    path = "issues/0002.md"
    markup = {(w.line, w.message.split(" is not")[0]) for w in unsafe.of("markup")}
    for needle in (
        "```{include} ../outside.txt",
        "```{literalinclude}",
        "```{raw} html",
        "```{eval-rst}",
        ":::{eval-rst}",
    ):
        line = line_of(unsafe, path, needle)
        assert any(entry[0] == line for entry in markup), needle
    for needle in ("```{csv-table} From a file", "```{csv-table} Fetched"):
        warning = [w for w in unsafe.of("markup") if w.line == line_of(unsafe, path, needle)]
        assert warning and "may not read" in warning[0].message
    text = unsafe.page("issues/0002/").select_one("article.bd-article")
    assert [t.select_one("caption .caption-text").get_text() for t in text.select("table")] == [
        "A fine table"
    ]


def test_per_file_configuration_is_refused_and_nothing_is_evaluated(unsafe: Built) -> None:
    path = "issues/0003.md"
    assert (path, line_of(unsafe, path, "myst:"), "newsletter.frontmatter") in located(unsafe)
    page = unsafe.page("issues/0003/")
    body = page.select_one("article.bd-article").get_text()
    assert "{{ key }}" in body and "{{ site }}" in body  # shown, never evaluated
    assert "https://unsafe.example" not in body
    for tag in page.find_all(True):
        assert not [name for name in tag.attrs if name.lower().startswith("on")]
    assert page.find("meta", attrs={"http-equiv": True}) is None


def test_only_http_and_mailto_links_are_live(unsafe: Built) -> None:
    path = "issues/0004.md"
    take = unsafe.page("issues/0004/").select_one("article.recommendation .recommendation-take")
    # markdown-it writes the address's "@" as "%40"; mail clients read both.
    assert sorted(a["href"].replace("%40", "@") for a in take.select("a")) == [
        "https://ok.example/",
        "mailto:ed@example.org",
    ]
    refused = [w.message for w in unsafe.of("url") if w.path == path]
    for target in ("javascript:alert(1)", "javascript:alert(2)", "ftp://files.example/x"):
        assert any(repr(target) in m for m in refused), target
    for target in ("ftp://auto.example/y", "data:text/html,hi", "//evil.example/"):
        assert any(repr(target) in m for m in refused), target
    assert any("download link" in m for m in refused)
    assert "script" in take.get_text() and "ftp file" in take.get_text()


def test_every_page_is_inert(unsafe: Built) -> None:
    assert (unsafe.outdir / LATEST_REDIRECT).is_file()
    for page in unsafe.outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert active_metas(unsafe.outdir, page) == [], page
        for tag in soup.find_all(["a", "img", "link", "script", "iframe", "form"]):
            for name in ("href", "src", "action"):
                value = str(tag.get(name, "")).strip().lower()
                assert not value.startswith(("javascript:", "data:", "ftp:", "file:", "//")), (
                    page,
                    tag,
                )
        for script in soup.find_all("script"):
            assert script.get("src"), page


# -- doubtful issues stay unpublished -------------------------------------------------


def test_malformed_draft_and_date_keep_the_issue_unpublished(unsafe: Built) -> None:
    for number, field in (("0005", "draft: yes"), ("0006", "date: 2024-02-30")):
        path = f"issues/{number}.md"
        assert (path, line_of(unsafe, path, field), "newsletter.frontmatter") in located(unsafe)
        assert not unsafe.exists(f"issues/{number}/")
    archive = unsafe.page("archive/").get_text()
    assert "Not finished" not in archive and "Bad date" not in archive
    region = unsafe.page("regions/japan/").get_text()
    assert "Unfinished story" not in region and "Story of a bad date" not in region
    sitemap = (unsafe.outdir / "sitemap.xml").read_text(encoding="utf-8")
    assert "issues/0005/" not in sitemap and "issues/0006/" not in sitemap


def test_line_ends_of_any_kind_keep_lines_right(unsafe: Built) -> None:
    # CRLF, and a U+2028 inside a field (a line break to Python and YAML, not to MyST).
    assert ("issues/0013.md", 5, "newsletter.frontmatter") in located(unsafe)
    assert not unsafe.exists("issues/0013/")
    page = unsafe.page("issues/0014/")  # CR alone
    assert page.select_one("h1").get_text(strip=True).startswith("Old Mac")
    assert "number:" not in page.select_one("article.bd-article").get_text()


def test_files_that_are_not_issues_or_not_text_are_left_out(unsafe: Built) -> None:
    assert ("issues/0011.md", 4, "newsletter.markup") in located(unsafe)
    assert ("issues/²³.md", 1, "newsletter.frontmatter") in located(unsafe)
    assert ("issues/0015.md", 1, "newsletter.markup") in located(unsafe)  # a symlink
    assert ("issues/0016.md", 1, "newsletter.markup") in located(unsafe)  # past the cap
    assert ("issues/0017.rst", 1, "newsletter.markup") in located(unsafe)
    for number in ("0011", "²³", "0015", "0016", "0017"):
        assert not unsafe.exists(f"issues/{number}/")
    assert "Traceback" not in unsafe.warning_text


# -- comments, nesting, names ---------------------------------------------------------


def test_editors_comments_reach_no_output(unsafe: Built) -> None:
    for p in published_files(unsafe.outdir):
        assert b"SECRET-" not in p.read_bytes(), p
    entry = unsafe.page("regions/japan/").find(string=re.compile("Visible take"))
    assert entry is not None


def test_directives_nested_in_a_recommendation_are_refused(unsafe: Built) -> None:
    path = "issues/0008.md"
    for needle in (":::{recommendation} The inner story", ":::{sponsor} Inner sponsor"):
        assert (path, line_of(unsafe, path, needle), "newsletter.markup") in located(unsafe)
    page = unsafe.page("issues/0008/")
    assert len(page.select("article.recommendation")) == 1
    assert page.select("aside.sponsor") == []


def test_look_alike_names_get_one_page_and_a_warning(unsafe: Built) -> None:
    path = "issues/0009.md"
    for needle in (":::{recommendation} Sora", ":authors: Ann", ":publication: Nik", ":name:"):
        assert (path, line_of(unsafe, path, needle), "newsletter.markup") in located(unsafe)
    publications = sorted(p.name for p in (unsafe.outdir / "publications").iterdir())
    assert "nikkei" in publications and len([p for p in publications if "kei" in p]) == 1
    assert unsafe.page("issues/0009/").select_one("#anotherone") is not None
    assert unsafe.page("issues/0009/").select_one("#sora-evil") is not None


def test_long_names_get_folders_that_fit_and_never_collide(unsafe: Built) -> None:
    authors = [p.name for p in (unsafe.outdir / "authors").iterdir() if p.is_dir()]
    long = [name for name in authors if name.startswith("very-long")]
    assert len(long) == 2
    assert all(len(name.encode()) <= 120 and re.search(r"-[0-9a-f]{8}$", name) for name in long)
    folders = [p.name for p in (unsafe.outdir / "publications").iterdir() if p.is_dir()]
    assert all(len(name.encode()) <= 120 for name in folders)


# -- the same in every kind of build --------------------------------------------------


def _signature(site: Built) -> tuple[set, list[str]]:
    pages = sorted(str(p.relative_to(site.outdir)) for p in site.outdir.rglob("*.html"))
    return {w for w in located(site) if w[2].startswith("newsletter.")}, pages


def test_parallel_build_refuses_the_same(tmp_path: Path, unsafe: Built, server: str) -> None:
    parallel = build_site(make_unsafe_site(tmp_path, server), parallel=2)
    assert _signature(parallel) == _signature(unsafe)
    assert not [p for p in published_files(parallel.outdir) if SECRET.encode() in p.read_bytes()]


def test_incremental_build_refuses_the_same(tmp_path: Path, server: str) -> None:
    site = make_unsafe_site(tmp_path, server)
    build_site(site)
    # A published issue turns hostile, and a hostile one is edited.
    fine = site / "issues/0007.md"
    fine.write_bytes(fine.read_bytes().replace(b"More take.", b"More take. \xff"))
    links = site / "issues/0004.md"
    edit_file(links, "A [script]", "A [new](javascript:alert(3))")
    again = build_site(site)
    line = line_of(again, "issues/0007.md", "More take")
    assert ("issues/0007.md", line, "newsletter.markup") in located(again)
    assert not again.exists("issues/0007/")
    assert "Visible take" not in again.page("regions/japan/").get_text()
    assert any("javascript:alert(3)" in w.message for w in again.of("url"))
    assert not [p for p in published_files(again.outdir) if SECRET.encode() in p.read_bytes()]


def test_strict_build_fails_with_the_warnings_and_no_traceback(tmp_path: Path, server: str) -> None:
    site = make_unsafe_site(tmp_path, server)
    strict = ["-b", "dirhtml", "-W", "--keep-going", "-q", str(site), str(site / "_build/x")]
    run = subprocess.run(
        [sys.executable, "-m", "sphinx", *strict],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and "Exception occurred" not in run.stderr
    assert "[newsletter.markup]" in run.stderr
    shutil.rmtree(site / "_build", ignore_errors=True)


# -- the site's own pages --------------------------------------------------------------


def test_site_pages_get_the_rules_unless_trusted_and_issues_always(tmp_path: Path) -> None:
    site = copy_root("basic", tmp_path / "site")
    (site / "snippet.txt").write_text("MAINTAINERS-TEXT\n", encoding="utf-8")
    for page in ("about", "colophon"):
        (site / f"{page}.md").write_text(
            f"---\norphan: true\n---\n\n# {page}\n\n```{{include}} snippet.txt\n```\n",
            encoding="utf-8",
        )
    issue = site / "issues/0001.md"
    issue.write_text(
        issue.read_text(encoding="utf-8") + "\n```{include} ../snippet.txt\n```\n",
        encoding="utf-8",
    )
    built = build_site(site, newsletter_trusted_pages=["about", "issues/*"])
    assert "MAINTAINERS-TEXT" in built.page("about/").get_text()
    assert "MAINTAINERS-TEXT" not in built.page("colophon/").get_text()
    assert "MAINTAINERS-TEXT" not in built.page("issues/0001/").get_text()
    refused = {w.path for w in built.of("markup")}
    assert refused == {"colophon.md", "issues/0001.md"}
    # A maintainer's front matter still counts on an untrusted page (orphan: no toctree).
    assert "toc.not_included" not in built.warning_text
