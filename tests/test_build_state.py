"""Build state never comes from the repository.

A pull request can commit files under ``_build/`` with ``git add -f``: a
pickled environment that runs code when Sphinx or ``newsletter check`` loads
it, and a page that would be published with the site. The tests commit both
into a git repository of a test site, with a pickle that creates a canary file
when it is unpickled, and run the build the three ways (clean, ``-j 2``,
incremental), ``newsletter check``, and the pull-request workflow's own steps.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_MODES, REPO, build_in_mode, copy_root

BIN = Path(sys.executable).parent
GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]


class _Canary:
    """Unpickled, it creates the file ``path`` (``open(path, "w")``): proof of a load."""

    def __init__(self, path: Path) -> None:
        self.path = str(path)

    def __reduce__(self) -> tuple:
        return (open, (self.path, "w"))


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def site_repo(dest: Path) -> Path:
    """The basic root as a git repository with one commit."""
    site = copy_root("basic", dest)
    (site / ".gitignore").write_text("/_build/\n", encoding="utf-8")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "site")
    return site


def commit_build_state(site: Path, canary: Path) -> list[str]:
    """Commit, past .gitignore, a booby-trapped environment (the build's and the
    check's) and a page in the output folder; the paths committed."""
    payload = pickle.dumps(_Canary(canary))
    files = {
        "_build/doctrees/environment.pickle": payload,
        "_build/.check/environment.pickle": payload,
        "_build/dirhtml/planted.html": b"<script>alert(1)</script>",
        "_build/html/planted.html": b"<script>alert(1)</script>",
    }
    for relpath, data in files.items():
        (site / relpath).parent.mkdir(parents=True, exist_ok=True)
        (site / relpath).write_bytes(data)
    git(site, "add", "-f", *files)
    git(site, "commit", "-q", "-m", "build state")
    return sorted(files)


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_the_build_loads_and_publishes_nothing_committed(tmp_path: Path, mode: str) -> None:
    site = site_repo(tmp_path / "site")
    canary = tmp_path / "canary"
    built = build_in_mode(site, mode, lambda s: commit_build_state(s, canary))
    assert not canary.exists(), "a committed pickle was loaded"
    assert not (built.outdir / "planted.html").exists()
    assert (built.outdir / "issues" / "0001" / "index.html").exists()
    warned = {(w.path, w.line) for w in built.warnings if w.type == "newsletter.buildstate"}
    # The build's own folders are _build/dirhtml and _build/doctrees (conftest).
    expected = {("_build/doctrees/environment.pickle", 1), ("_build/dirhtml/planted.html", 1)}
    assert expected <= warned, built.warning_text


def test_newsletter_check_reports_committed_files_and_reads_none(tmp_path: Path) -> None:
    site = site_repo(tmp_path / "site")
    canary = tmp_path / "canary"
    committed = commit_build_state(site, canary)
    result = subprocess.run(
        [BIN / "newsletter", "check", "--source", str(site)],
        capture_output=True,
        text=True,
        check=False,
        cwd=site,
    )
    assert not canary.exists(), "newsletter check loaded a committed pickle"
    assert result.returncode == 1
    for path in committed:
        assert f"{path}:1: error: {path} is committed to the repository" in result.stdout, (
            result.stdout
        )


def test_a_committed_symlink_for_the_build_folder_stops_the_build(tmp_path: Path) -> None:
    site = site_repo(tmp_path / "site")
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "_build").symlink_to(outside)
    git(site, "add", "-f", "_build")
    git(site, "commit", "-q", "-m", "link")
    result = subprocess.run(
        [BIN / "sphinx-build", "-q", "-b", "dirhtml", "-d", "_build/doctrees", ".", "_build/html"],
        capture_output=True,
        text=True,
        check=False,
        cwd=site,
    )
    assert result.returncode != 0
    assert "_build is a symlink committed to the repository" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not any(outside.rglob("*.html")), "the build wrote through the committed link"


def _steps(workflow: str, job: str) -> list[dict]:
    data = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text())
    return data["jobs"][job]["steps"]


def test_the_pull_request_workflow_builds_nothing_from_the_repository(tmp_path: Path) -> None:
    """The check and build steps, run as written, on a pull request with build state."""
    site = site_repo(tmp_path / "site")
    canary = tmp_path / "canary"
    commit_build_state(site, canary)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    env = {**os.environ, "RUNNER_TEMP": str(runner_temp), "PATH": f"{BIN}:{os.environ['PATH']}"}
    ran = []
    for step in _steps("pull-request.yml", "check"):
        command = step.get("run", "")
        if "newsletter check" in command or "sphinx-build" in command:
            ran.append(
                subprocess.run(
                    ["bash", "-e", "-c", command],
                    cwd=site,
                    env=env,
                    capture_output=True,
                    text=True,
                    check=False,
                )
            )
    assert len(ran) == 2, "the workflow no longer has its check and build steps"
    check, build = ran
    assert not canary.exists(), "a committed pickle was loaded in CI"
    # The check fails the pull request, naming the file as an annotation.
    assert check.returncode == 1
    assert "::error file=_build/doctrees/environment.pickle" in check.stdout
    assert build.returncode == 0, build.stderr
    published = runner_temp / "html"
    assert (published / "issues" / "0001" / "index.html").exists()
    assert not any(published.rglob("planted.html"))
    # The upload step publishes what the build wrote, not the repository's folder.
    upload = next(
        s for s in _steps("pull-request.yml", "check") if "upload-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "${{ runner.temp }}/html"


@pytest.mark.parametrize(
    ("workflow", "job"), [("deploy.yml", "build"), ("linkcheck.yml", "linkcheck")]
)
def test_every_workflow_builds_outside_the_checkout(workflow: str, job: str) -> None:
    for step in _steps(workflow, job):
        command = step.get("run", "")
        if "sphinx-build" in command:
            assert '-d "$RUNNER_TEMP/doctrees"' in command, command
            assert "_build" not in command, command
