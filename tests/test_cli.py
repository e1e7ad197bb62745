"""The ``newsletter`` command: check, new, stats and the command line itself."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import (
    REPO,
    build_site,
    copy_root,
    copy_site,
    corpus_sources,
    edit_file,
    needs_corpora,
)
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.cli.new import next_date, sections_of
from sphinx_newsletter.cli.problems import Problem
from sphinx_newsletter.cli.stats import stats
from sphinx_newsletter.domain import catalog_of
from sphinx_newsletter.read.reader import read_catalog

_LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+): (?P<sev>error|warning): (?P<msg>.*) \[(?P<type>[\w.]+)\]$"
)
_GITHUB = re.compile(
    r"^::(error|warning) file=[^,:\n]+,line=[1-9]\d*,title=newsletter\.[a-z]+::[^\n]+$"
)

# An issue that plants one of each archive-wide problem next to the basic root's
# issues, and two problems the build itself reports.
PLANTED = """\
---
number: 4
date: 2024-03-09
description: The planted problems.
---

# Planted

## AI

:::{recommendation} Sora again
:url: https://NEWS.example/sora/
:authors: Cheng Ting Fang
:publication: Nikkei Asia review
:topics: A.I.

The same article as in issue 2.
:::

:::{recommendation} A script link
:url: javascript:alert(1)

Not a link.
:::

这是**「标题」系列的文章。
"""


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line of ``path`` that holds ``text``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """Run ``newsletter ARGV``: exit status, stdout lines, stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def parsed(lines: list[str]) -> list[dict[str, str]]:
    matches = [_LINE.match(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches, strict=True) if not m]
    return [m.groupdict() for m in matches if m]


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    srcdir = copy_root("basic", tmp_path / "site")
    (srcdir / "issues" / "0004.md").write_text(PLANTED, encoding="utf-8")
    return srcdir


def test_check_reports_each_planted_problem_at_its_file_and_line(planted, capsys):
    status, lines, err = run(capsys, "check", "--source", str(planted))
    assert status == 1
    found = parsed(lines)
    issue = planted / "issues" / "0004.md"
    by_type = {}
    for problem in found:
        if problem["path"] == "issues/0004.md":
            by_type.setdefault(problem["type"], []).append(problem)
    [repeat] = by_type["newsletter.repeat"]
    assert int(repeat["line"]) == line_of(issue, "{recommendation} Sora again")
    assert repeat["sev"] == "warning"
    sora = line_of(planted / "issues" / "0002.md", "OpenAI's Sora pours")
    assert f"already recommended in issue #2 (issues/0002.md:{sora}," in repeat["msg"]
    spelled = {p["msg"].split("'")[1]: p for p in by_type["newsletter.spelling"]}
    assert set(spelled) == {"A.I.", "Cheng Ting Fang", "Nikkei Asia review"}
    assert "'Cheng Ting-Fang' elsewhere" in spelled["Cheng Ting Fang"]["msg"]
    [url] = by_type["newsletter.url"]
    assert (int(url["line"]), url["sev"]) == (line_of(issue, ":url: javascript:"), "error")
    assert "not linked" in url["msg"]
    [markup] = by_type["newsletter.markup"]
    assert int(markup["line"]) == line_of(issue, "这是")
    assert "<strong>" in markup["msg"]
    assert re.search(r"newsletter check: 1 error\(s\), \d+ warning\(s\)", err)


def test_check_prints_the_build_s_own_warnings(tmp_path, capsys):
    srcdir = copy_root("errors", tmp_path / "site")
    built = build_site(copy_root("errors", tmp_path / "built"), builder="dirhtml")
    status, lines, _ = run(capsys, "check", "--source", str(srcdir), "--no-cache")
    assert status == 1
    ours = {
        (p["path"], int(p["line"]), p["type"], p["msg"])
        for p in parsed(lines)
        if p["type"] not in ("newsletter.repeat", "newsletter.spelling")
    }
    # Roles are resolved only when pages are written: the reader has no such warnings.
    theirs = {
        (w.path, w.line, w.type, w.message.replace(f"{built.srcdir}/", ""))
        for w in built.warnings
        if not (w.type == "newsletter.ref" and "{nl:" in w.message)
    }
    assert ours == theirs


def test_an_error_is_a_problem_that_makes_the_build_skip_something(tmp_path, capsys):
    srcdir = copy_root("errors", tmp_path / "site")
    _, lines, _ = run(capsys, "check", "--source", str(srcdir))
    severity = {(p["path"], int(p["line"])): p["sev"] for p in parsed(lines)}
    errors = srcdir / "issues"
    assert severity["issues/0002.md", line_of(errors / "0002.md", ":regoins:")] == "error"
    assert severity["issues/0004.md", line_of(errors / "0004.md", ":regions: singapor")] == (
        "error"
    )
    # No commentary: the recommendation is still shown.
    body = [p for p in parsed(lines) if p["type"] == "newsletter.body"]
    assert body and all(p["sev"] == "warning" for p in body)


def test_a_second_check_rereads_only_changes_and_reports_the_same(planted, capsys):
    first = run(capsys, "check", "--source", str(planted))
    assert (planted / "_build" / ".check" / "warnings.json").exists()
    again = run(capsys, "check", "--source", str(planted))
    assert again[:2] == first[:2]
    serial = run(capsys, "check", "--source", str(planted), "--no-cache", "--jobs", "1")
    assert serial[:2] == first[:2]
    issue = planted / "issues" / "0004.md"
    issue.write_text(
        PLANTED.replace("javascript:alert(1)", "https://news.example/fixed"), encoding="utf-8"
    )
    _, lines, _ = run(capsys, "check", "--source", str(planted))
    assert [line for line in first[1] if "javascript:" not in line] == lines
    assert run(capsys, "check", "--source", str(planted), "--no-cache")[1] == lines
    (planted / "issues" / "0004.md").unlink()
    _, lines, _ = run(capsys, "check", "--source", str(planted))
    assert not [line for line in lines if line.startswith("issues/0004.md")]
    assert lines == run(capsys, "check", "--source", str(planted), "--no-cache")[1]


def test_check_paths_report_only_those_files(planted, capsys):
    status, lines, _ = run(
        capsys, "check", "--source", str(planted), str(planted / "issues" / "0002.md")
    )
    assert status == 1
    assert lines and all(line.startswith("issues/0002.md:") for line in lines)


def test_check_github_format_is_one_well_formed_annotation_per_problem(planted, capsys):
    _, text, _ = run(capsys, "check", "--source", str(planted))
    status, lines, _ = run(capsys, "check", "--source", str(planted), "--format", "github")
    assert status == 1
    assert len(lines) == len(text)
    assert all(_GITHUB.match(line) for line in lines), lines
    assert any(line.startswith("::error file=issues/0004.md,line=") for line in lines)


def test_github_annotations_escape_what_would_end_them():
    problem = Problem("a,b:c.md", 3, "50% done\nnext", "newsletter.url", error=True)
    assert (
        problem.github()
        == "::error file=a%2Cb%3Ac.md,line=3,title=newsletter.url::50%25 done%0Anext"
    )
    assert Problem("", 0, "m").github() == "::warning title=newsletter::m"


def test_check_exits_2_on_bad_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as usage:
        main(["check", "--format", "xml"])
    assert usage.value.code == 2
    assert run(capsys, "check", "--source", str(tmp_path))[0] == 2
    site = copy_root("basic", tmp_path / "site")
    assert run(capsys, "check", "--source", str(site), str(tmp_path / "nothing.md"))[0] == 2


def test_every_subcommand_has_help_and_python_m_runs_the_command():
    for command in ("new", "check", "serve", "stats", "audit"):
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0
    result = subprocess.run(
        [sys.executable, "-m", "sphinx_newsletter", "--help"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0
    assert all(name in result.stdout for name in ("new", "check", "serve", "stats", "audit"))


# --- new ------------------------------------------------------------------------------


def test_new_after_issue_9_writes_issue_10_with_its_sections_and_it_builds(tmp_path, capsys):
    site = copy_site(tmp_path / "site")
    status, [path], _ = run(capsys, "new", "--source", str(site))
    assert status == 0
    written = Path(path)
    assert written == site / "issues" / "0010.md"
    text = written.read_text(encoding="utf-8")
    assert "number: 10\n" in text
    date = dt.date.fromisoformat(re.search(r"^date: (\S+)$", text, re.M).group(1))
    # Issue 9 came out on a Saturday; the next issue does too, from today on.
    assert date.weekday() == dt.date(2024, 3, 2).weekday() and date >= dt.date.today()
    nine = (site / "issues" / "0009.md").read_text(encoding="utf-8")
    assert sections_of(text) == sections_of(nine) and "AI" in sections_of(nine)
    assert run(capsys, "check", "--source", str(site))[0] == 0
    built = build_site(site)
    assert built.warnings == [] and built.warning_text.strip() == ""
    page = built.page("issues/0010/")
    assert page.find("h1").get_text(strip=True) == "The headline of issue 10"
    headings = [h.get_text(strip=True).rstrip("#") for h in page.select("h2")]
    assert [h for h in headings if h in sections_of(nine)] == sections_of(nine)


def test_new_on_an_empty_archive_writes_issue_1_that_builds(tmp_path, capsys):
    site = copy_root("basic", tmp_path / "site")
    shutil.rmtree(site / "issues")
    (site / "index.md").write_text("# Test Weekly\n", encoding="utf-8")
    status, [path], _ = run(capsys, "new", "--source", str(site), "--date", "2024-05-01")
    assert (status, Path(path)) == (0, site / "issues" / "0001.md")
    assert "date: 2024-05-01\n" in Path(path).read_text(encoding="utf-8")
    built = build_site(site)
    assert built.warnings == [] and built.warning_text.strip() == ""
    assert built.page("issues/0001/").find("h1").get_text(strip=True) == "The headline of issue 1"


def test_new_uses_the_configured_weekday_and_the_site_s_template(tmp_path, capsys):
    site = copy_root("basic", tmp_path / "site")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nnewsletter_weekday = "Monday"\ntemplates_path = ["_templates"]\n')
    (site / "_templates").mkdir()
    (site / "_templates" / "newsletter-issue.md").write_text(
        "---\nnumber: {{ number }}\ndate: {{ date }}\ndescription: Ours.\n---\n\n"
        "# Our own {{ number }}\n",
        encoding="utf-8",
    )
    _, [path], _ = run(capsys, "new", "--source", str(site))
    text = Path(path).read_text(encoding="utf-8")
    assert text.startswith("---\nnumber: 4\n") and "# Our own 4" in text
    date = dt.date.fromisoformat(re.search(r"^date: (\S+)$", text, re.M).group(1))
    assert date.weekday() == 0


def test_new_refuses_a_weekday_that_is_not_one(tmp_path, capsys):
    site = copy_root("basic", tmp_path / "site")
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('\nnewsletter_weekday = "Caturday"\n')
    status, lines, err = run(capsys, "new", "--source", str(site))
    assert (status, lines) == (2, [])
    assert "'Caturday' is not a weekday" in err


def test_the_next_date_is_on_the_weekday_after_the_latest_issue():
    thursday = 3
    assert next_date(thursday, dt.date(2024, 3, 7), dt.date(2024, 3, 1)) == dt.date(2024, 3, 14)
    assert next_date(thursday, dt.date(2024, 1, 4), dt.date(2024, 3, 1)) == dt.date(2024, 3, 7)
    assert next_date(None, None, dt.date(2024, 3, 1)) == dt.date(2024, 3, 1)


# --- stats ----------------------------------------------------------------------------


def test_stats_add_up_to_the_catalog(tmp_path, capsys):
    site = copy_root("basic", tmp_path / "site")
    catalog = read_catalog(site).catalog
    for name in ("regions", "topics", "publications", "authors"):
        table = stats(catalog, name)
        terms = [t for t in catalog.taxonomies[name].values() if t.entries]
        assert sum(sum(c.values()) for _, c in table.rows) == sum(len(t.entries) for t in terms)
        assert len(table.rows) == len(terms)
    topics = stats(catalog, "topics")
    # Every published recommendation once per topic it has (AI and ai are one topic).
    assert dict((n, sum(c.values())) for n, c in topics.rows)["AI"] == 2
    by_year = {y: sum(c.get(y, 0) for _, c in topics.rows) for y in topics.years}
    assert by_year == {2023: 3, 2024: 3}
    status, lines, _ = run(capsys, "stats", "--source", str(site), "--taxonomy", "topics")
    assert status == 0
    assert lines[0].split() == ["Topics", "2023", "2024", "total"]
    assert lines[1].split() == ["AI", "1", "1", "2"]


# --- the build's last line --------------------------------------------------------------


def test_the_build_ends_with_one_line_saying_what_was_built_and_where(basic_site):
    last = [line for line in basic_site.status.splitlines() if line.startswith("newsletter:")]
    catalog = catalog_of(basic_site.app.env)
    assert len(last) == 1
    assert re.fullmatch(
        rf"newsletter: {len(catalog.issues)} issues and {len(catalog.published_recs)} "
        rf"recommendations built into {basic_site.outdir}; "
        r"\d+ index pages, \d+ updated by this build",
        last[0],
    )
    assert "page shells" not in basic_site.status


# --- real corpora -----------------------------------------------------------------------


def _repeats_name_earlier_issues(lines: list[str]) -> list[dict[str, str]]:
    repeats = [p for p in parsed(lines) if p["type"] == "newsletter.repeat"]
    for problem in repeats:
        match = re.search(r"in issue #(\d+) \(issues/(\d{4})\.md:\d+,", problem["msg"])
        if match is None:
            assert "earlier in this issue" in problem["msg"]
            continue
        assert int(match.group(1)) == int(match.group(2)) < int(problem["path"][7:11])
    return repeats


@needs_corpora
@pytest.mark.slow
def test_check_reports_haskell_weekly_s_real_problems_and_repeats(tmp_path, capsys):
    site = corpus_sources("haskell-weekly", tmp_path / "hw")  # check writes its cache here
    status, lines, _ = run(capsys, "check", "--source", str(site))
    assert status == 1
    found = parsed(lines)
    assert sum(p["type"] == "newsletter.body" for p in found) == 2454
    [url] = [p for p in found if p["type"] == "newsletter.url"]
    assert (url["path"], url["sev"]) == ("issues/0115.md", "error")
    repeats = _repeats_name_earlier_issues(lines)
    assert len(repeats) > 100
    hs = site / "issues"
    assert any(
        p["path"] == "issues/0035.md"
        and int(p["line"]) == line_of(hs / "0035.md", "{recommendation} Haskell sucks!")
        and f"issue #1 (issues/0001.md:{line_of(hs / '0001.md', 'Haskell Sucks!')}," in p["msg"]
        for p in repeats
    )
    spelled = [p["msg"] for p in found if p["type"] == "newsletter.spelling"]
    assert any("'Facundo Dominguez'" in m and "'Facundo Domínguez'" in m for m in spelled)


@needs_corpora
@pytest.mark.slow
def test_check_reports_ios_weekly_s_repeats_across_languages(tmp_path, capsys):
    site = corpus_sources("ios-weekly", tmp_path / "ios")  # check writes its cache here
    status, lines, _ = run(capsys, "check", "--source", str(site), "--format", "github")
    assert status == 1
    assert all(line.startswith("::") for line in lines)
    status, lines, _ = run(capsys, "check", "--source", str(site))
    repeats = _repeats_name_earlier_issues(lines)
    assert any(
        p["path"] == "issues/0032.md" and "in issue #30 (issues/0030.md:" in p["msg"]
        for p in repeats
    )


# --- serve ------------------------------------------------------------------------------


def test_serve_watches_the_site_and_each_watch_folder_and_passes_the_rest_to_sphinx(tmp_path):
    from sphinx_newsletter.cli import main as cli_main
    from sphinx_newsletter.cli import serve

    args = cli_main.parser().parse_args(
        ["serve", "--source", str(tmp_path), "--drafts", "--", "--watch", "src", "-W", "-q"]
    )
    assert serve.watched(args) == [tmp_path, Path("src")]
    line = serve.command(args)
    assert line[1:5] == ["-m", "sphinx", "-b", "dirhtml"]
    assert line[-4:] == ["-W", "-q", str(tmp_path), str(tmp_path / "_build" / "html")]
    assert "newsletter_show_drafts=1" in line and "--watch" not in line


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(predicate, seconds: float = 180) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def test_serve_previews_the_site_and_rebuilds_an_edited_issue(tmp_path):
    pytest.importorskip("sphinx_autobuild")
    site = copy_root("basic", tmp_path / "site")
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    command = ["serve", "--source", str(site), "--port", str(port)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinx_newsletter", *command],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
    )
    try:
        page = f"http://127.0.0.1:{port}/issues/0002/"
        assert _wait_for(lambda: "China AI dreams of Sora" in (_get(page) or ""))
        issue = site / "issues" / "0002.md"
        edit_file(issue, "# China AI dreams of Sora", "# An edited headline")
        assert _wait_for(lambda: "An edited headline" in (_get(page) or ""))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.seek(0)
        output = log.read()
    assert f"open http://127.0.0.1:{port}/" in output
    # The edit re-read one source, not the whole site.
    assert re.search(r"updating environment: .*0 added, 1 changed", output), output[-2000:]


def test_a_cache_whose_warnings_were_lost_is_read_afresh(planted, capsys):
    first = run(capsys, "check", "--source", str(planted))
    store = planted / "_build" / ".check" / "warnings.json"
    store.write_text("{}", encoding="utf-8")  # as if a check stopped before saving them
    assert run(capsys, "check", "--source", str(planted))[:2] == first[:2]
