"""``newsletter init``: a new site that builds strictly, checks clean and deploys safely."""

from __future__ import annotations

import ast
import itertools
import json
import re
from argparse import Namespace
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_site
from sphinx_newsletter.cli.check import check
from sphinx_newsletter.cli.init import MAIL_SERVICES, NO_MAIL, gather, template_files
from sphinx_newsletter.cli.main import main
from test_workflows import actionlint, safety_problems, zizmor

REGIONS_JSON = {
    "europe": {"title": "Europe"},
    "france": {"title": "France", "parent": "europe"},
    "lyon": {"title": "Lyon & Région", "parent": "france"},
}
REGIONS_TOML = """\
[americas]
title = "The Americas"

[brazil]
title = "Brazil"
parent = "americas"
"""
#: Every answer that changes what init writes: the region tree's four kinds, every mail
#: service and none, with and without a subscribe address. The language takes a value
#: per combination, in turn (it is copied into conf.py, it chooses no other file).
COMBINATIONS = list(
    itertools.product(("none", "asia", "json", "toml"), (NO_MAIL, *MAIL_SERVICES), (False, True))
)
LANGUAGES = ("en", "zh_CN", "ja", "fr")


def init(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``newsletter init`` with ``args``; (exit status, stdout, stderr)."""
    status = main(["init", *args, "--no-input"])
    out, err = capsys.readouterr()
    return status, out, err


def region_file(tmp_path: Path, kind: str) -> str:
    if kind == "json":
        path = tmp_path / "regions.json"
        path.write_text(json.dumps(REGIONS_JSON), encoding="utf-8")
        return str(path)
    if kind == "toml":
        path = tmp_path / "regions.toml"
        path.write_text(REGIONS_TOML, encoding="utf-8")
        return str(path)
    return kind


def conf_values(site: Path) -> dict[str, object]:
    """The top-level assignments of a site's conf.py, evaluated as literals."""
    tree = ast.parse((site / "conf.py").read_text(encoding="utf-8"))
    values = {}
    for node in tree.body:
        target = node.targets[0] if isinstance(node, ast.Assign) else getattr(node, "target", None)
        if isinstance(target, ast.Name) and getattr(node, "value", None) is not None:
            try:
                values[target.id] = ast.literal_eval(node.value)
            except ValueError:
                values[target.id] = ast.unparse(node.value)
    return values


@pytest.mark.slow
@pytest.mark.parametrize(
    ("regions", "mail", "subscribe"), COMBINATIONS, ids=lambda v: str(v).lower()
)
def test_every_combination_of_answers_builds_strictly_and_checks_clean(
    tmp_path, capsys, regions, mail, subscribe
):
    language = LANGUAGES[COMBINATIONS.index((regions, mail, subscribe)) % len(LANGUAGES)]
    site = tmp_path / "site"
    args = [
        "--name",
        "Combo Weekly",
        "--language",
        language,
        "--base-url",
        "https://combo.example/weekly",
        "--regions",
        region_file(tmp_path, regions),
        "--mail-service",
        mail,
    ]
    if subscribe:
        args += ["--subscribe-url", "https://combo.example/subscribe"]
    status, _, err = init(capsys, str(site), *args)
    assert status == 0, err
    assert (site / "issues" / "0001.md").is_file()
    built = build_site(site)
    assert built.warning_text.strip() == "", built.warning_text
    assert built.exists("issues/0001/")
    assert check(site) == []
    # The workflows are the same for every answer: the ones tested below with actionlint
    # and zizmor.
    for name in ("pull-request", "deploy", "linkcheck"):
        path = f".github/workflows/{name}.yml"
        assert (site / path).read_text(encoding="utf-8") == template_text(path)
    values = conf_values(site)
    assert values["language"] == language
    assert values["html_baseurl"] == "https://combo.example/weekly/"
    expected_regions = {"none": {}, "json": REGIONS_JSON, "asia": "ASIA_REGIONS"}.get(regions)
    if regions == "toml":
        expected_regions = {
            "americas": {"title": "The Americas"},
            "brazil": {"title": "Brazil", "parent": "americas"},
        }
    assert values["newsletter_regions"] == expected_regions
    page = built.page("issues/0001/")
    subscribe_link = page.select_one('a[href="https://combo.example/subscribe"]')
    assert (subscribe_link is not None) == subscribe
    if mail == NO_MAIL:
        assert "newsletter_email" not in values
    else:
        email = build_site(site, builder="newsletter-email")
        assert email.warning_text.strip() == "", email.warning_text
        placeholder = MAIL_SERVICES[mail][1]
        html = (email.outdir / "0001.html").read_text(encoding="utf-8")
        assert placeholder is None or placeholder in html


def test_the_workflows_init_writes_pass_actionlint_zizmor_and_the_fork_safety_check(
    tmp_path, capsys
):
    site = tmp_path / "site"
    assert init(capsys, str(site), "--name", "Safe Weekly")[0] == 0
    workflows = sorted((site / ".github" / "workflows").glob("*.yml"))
    assert {p.stem for p in workflows} == {"pull-request", "deploy", "linkcheck"}
    assert actionlint(*workflows) == []
    findings = json.loads(zizmor(*workflows).stdout or "[]")
    serious = [
        f["ident"]
        for f in findings
        if f["determinations"]["severity"] not in ("Informational", "Low", "Unknown")
    ]
    assert serious == []
    for path in workflows:
        assert safety_problems(path.read_text(encoding="utf-8")) == [], path.name


SCAFFOLD = REPO / "src" / "sphinx_newsletter" / "cli" / "scaffold"


def template_text(site_path: str) -> str:
    """The scaffold's template of the file init writes at ``site_path``."""
    return (SCAFFOLD / template_files()[site_path]).read_text(encoding="utf-8")


def drift(repository: str, template: str) -> list[str]:
    """Where a site workflow template differs from the repository's workflow: every
    trigger, permission and job of the template must be the repository's, step for
    step; the install step reads requirements.txt instead of installing the checkout,
    and the kit's own test job is the repository's alone."""
    ours = yaml.safe_load(
        re.sub(
            r"python -m pip install -e \S+", "python -m pip install -r requirements.txt", repository
        )
    )
    theirs = yaml.safe_load(template)
    found = [
        f"job {job} is not the repository's" for job in set(theirs["jobs"]) - set(ours["jobs"])
    ]
    found += [
        f"job {job} is missing" for job in set(ours["jobs"]) - set(theirs["jobs"]) - {"tests"}
    ]
    for key in sorted(set(ours) | set(theirs), key=str):
        if key == "jobs":
            for job in set(ours["jobs"]) & set(theirs["jobs"]):
                if ours["jobs"][job] != theirs["jobs"][job]:
                    found.append(f"job {job} differs")
        elif ours.get(key) != theirs.get(key):
            found.append(f"{key} differs")
    return found


@pytest.mark.parametrize("name", ["pull-request", "deploy", "linkcheck"])
def test_the_site_workflows_are_this_repository_s_in_every_shared_step(name):
    """When this fails, change ``.github/workflows/`` and ``cli/scaffold/`` the same way."""
    repository = (REPO / ".github" / "workflows" / f"{name}.yml").read_text(encoding="utf-8")
    assert drift(repository, template_text(f".github/workflows/{name}.yml")) == []


def test_a_template_that_drifted_from_the_repository_is_caught():
    repository = (REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8")
    template = template_text(".github/workflows/deploy.yml")
    assert drift(repository, template.replace("timeout-minutes: 30", "timeout-minutes: 31"))
    assert drift(
        repository.replace("cancel-in-progress: false", "cancel-in-progress: true"), template
    )
    lines = template.splitlines(keepends=True)
    without_step = "".join(line for line in lines if "upload-pages-artifact" not in line)
    assert drift(repository, without_step)


def test_the_site_pre_commit_config_is_this_repository_s():
    ours = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert yaml.safe_load(template_text(".pre-commit-config.yaml")) == ours


def test_init_writes_every_file_the_issue_lists(tmp_path, capsys):
    site = tmp_path / "site"
    status, out, _ = init(capsys, str(site), "--name", "Full Weekly")
    assert status == 0
    for name in (
        "conf.py",
        "index.md",
        "issues/0001.md",
        "requirements.txt",
        "Makefile",
        ".gitignore",
        ".pre-commit-config.yaml",
        "CONTRIBUTING.md",
        ".github/workflows/pull-request.yml",
        ".github/workflows/deploy.yml",
        ".github/workflows/linkcheck.yml",
    ):
        assert (site / name).is_file(), name
        assert f"wrote {site / name}" in out
    makefile = (site / "Makefile").read_text(encoding="utf-8")
    for target in ("html", "serve", "check", "email"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    from sphinx_newsletter.version import __version__

    assert (
        f"sphinx-newsletter[serve,links]=={__version__}" in (site / "requirements.txt").read_text()
    )
    assert "Full Weekly" in (site / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_in_a_folder_that_is_not_empty_init_says_what_it_would_write_and_stops(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text("project = 'Mine'\n", encoding="utf-8")
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    status, out, _ = init(capsys, str(site), "--name", "Other")
    assert status == 1
    assert "write    index.md" in out
    assert "keep     conf.py (it exists; --force conf.py replaces it)" in out
    assert sorted(p.name for p in site.iterdir()) == ["conf.py", "notes.txt"]


def test_yes_adds_the_new_files_and_keeps_every_existing_one(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text("project = 'Mine'\n", encoding="utf-8")
    (site / "Makefile").write_text("mine:\n", encoding="utf-8")
    status, out, _ = init(capsys, str(site), "--name", "Other", "--yes")
    assert status == 0
    assert (site / "conf.py").read_text(encoding="utf-8") == "project = 'Mine'\n"
    assert (site / "Makefile").read_text(encoding="utf-8") == "mine:\n"
    assert (site / "index.md").is_file()
    assert f"kept  {site / 'conf.py'} (it exists)" in out


def test_force_replaces_only_the_files_it_names(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text("project = 'Mine'\n", encoding="utf-8")
    (site / "Makefile").write_text("mine:\n", encoding="utf-8")
    status, _, _ = init(capsys, str(site), "--name", "Forced", "--yes", "--force", "conf.py")
    assert status == 0
    assert conf_values(site)["project"] == "Forced"
    assert (site / "Makefile").read_text(encoding="utf-8") == "mine:\n"
    status, _, err = init(capsys, str(site), "--name", "F", "--yes", "--force", "nope.txt")
    assert status == 2
    assert "nope.txt" in err


def test_the_first_issue_is_not_written_into_an_archive_that_has_issues(tmp_path, capsys):
    site = tmp_path / "site"
    (site / "issues").mkdir(parents=True)
    (site / "issues" / "0007.md").write_text("mine\n", encoding="utf-8")
    status, out, _ = init(capsys, str(site), "--name", "Old")
    assert status == 1
    assert "keep     issues/0001.md (the archive has issues)" in out
    assert init(capsys, str(site), "--name", "Old", "--yes")[0] == 0
    assert sorted(p.name for p in (site / "issues").iterdir()) == ["0007.md"]
    status, _, err = init(capsys, str(site), "--yes", "--force", "issues/0001.md")
    assert status == 2
    assert "only written into an archive with no issue" in err


def test_a_name_with_quotes_and_braces_reaches_conf_py_as_the_same_text(tmp_path, capsys):
    name = "It's \"our\" {{ weekly }} \\ '''; import os"
    site = tmp_path / "site"
    assert init(capsys, str(site), "--name", name)[0] == 0
    values = conf_values(site)
    assert values["project"] == name
    assert values["newsletter_subscribe"]["text"] == f"If you like {name}, please share it."


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--base-url", "ftp://x.example/"], "base URL"),
        (["--base-url", "javascript:alert(1)"], "base URL"),
        (["--subscribe-url", "mailto:x@example.org"], "subscribe URL"),
        (["--language", "en; import os"], "language"),
        (["--name", "two\nlines"], "name"),
    ],
)
def test_answers_the_site_cannot_use_are_refused_before_anything_is_written(
    tmp_path, capsys, args, says
):
    site = tmp_path / "site"
    status, _, err = init(capsys, str(site), *args)
    assert status == 2
    assert says in err
    assert not site.exists()


def test_a_region_file_with_a_cycle_is_refused_with_the_build_s_message(tmp_path, capsys):
    bad = tmp_path / "regions.json"
    bad.write_text(
        json.dumps({"a": {"title": "A", "parent": "b"}, "b": {"title": "B", "parent": "a"}}),
        encoding="utf-8",
    )
    status, _, err = init(capsys, str(tmp_path / "site"), "--regions", str(bad))
    assert status == 2
    assert "form a cycle" in err
    status, _, err = init(capsys, str(tmp_path / "site"), "--regions", str(tmp_path / "no.toml"))
    assert status == 2
    assert "cannot read the regions" in err


def test_each_answer_not_given_is_asked_with_its_default_until_it_can_be_used(tmp_path, capsys):
    asked: list[tuple[str, str]] = []
    replies = iter(
        ["Asked Weekly", "ja", "ftp://nope", "https://asked.example", "asia", "", "mailchimp"]
    )

    def ask(question: str, default: str) -> str:
        asked.append((question, default))
        return next(replies) or default

    args = Namespace(
        dir=tmp_path / "my-weekly",
        name=None,
        language=None,
        base_url=None,
        regions=None,
        subscribe_url=None,
        mail_service=None,
    )
    answers = gather(args, ask)
    assert asked[0] == ("The newsletter's name", "My Weekly")
    # The address was asked twice: ftp is no address a site can have.
    assert [q for q, _ in asked].count("The site's public address (https://...)") == 2
    assert "the base URL must be an absolute http(s) address" in capsys.readouterr().err
    assert len(asked) == 7
    assert (answers.name, answers.language, answers.base_url, answers.regions) == (
        "Asked Weekly",
        "ja",
        "https://asked.example/",
        "asia",
    )
    assert (answers.subscribe_url, answers.mail_service) == ("", "mailchimp")
    given = Namespace(**{**vars(args), "name": "Given", "language": "en"})
    asked.clear()
    replies = iter(["", "", "", ""])
    assert gather(given, ask).name == "Given"
    assert len(asked) == 4
