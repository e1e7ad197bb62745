"""``newsletter init DIR``: write a new site that builds, checks and deploys at once.

The files come from the package's ``scaffold/`` folder, one mechanism for all of
them: a file ending in ``.jinja`` is rendered with the answers (values go into
``conf.py`` as Python literals, never as pasted text), any other is copied as it
is; a leading ``dot-`` in a name is a ``.`` (``dot-github/`` is ``.github/``), so
the package data holds no hidden files. The first issue is written by
``newsletter new`` from the site's own template, once ``conf.py`` is there.

Nothing is overwritten: a file that exists is kept unless ``--force`` names it,
and in a folder that is not empty the command lists what it would write and stops
unless told ``--yes`` (or the editor says yes when asked).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..config import region_problems
from ..version import __version__
from .importer.issues import mark_placeholder
from .new import issue_files, new_issue

NAME = "init"
HELP = "write a new site: conf.py, an index, the first issue, Makefile, CI and more"
DESCRIPTION = (
    "Write a new newsletter site into DIR: conf.py, index.md, issues/ with the first "
    "issue, requirements.txt pinning the kit, a Makefile (html, serve, check, email), "
    "GitHub workflows (pull-request check, Pages deploy, weekly link check), "
    ".gitignore, a pre-commit config and CONTRIBUTING.md. Asks for each answer not "
    "given as an option (when run in a terminal). Never overwrites a file unless "
    "--force names it."
)
#: The mail services ``newsletter_email`` is set up for: (name, unsubscribe placeholder).
MAIL_SERVICES: dict[str, tuple[str, str | None]] = {
    "buttondown": ("Buttondown", "{{ unsubscribe_url }}"),
    "listmonk": ("Listmonk", "{{ UnsubscribeURL }}"),
    "mailchimp": ("Mailchimp", "*|UNSUB|*"),
    # A relay sends NNNN.eml as it is: the List-Unsubscribe headers carry the link.
    "smtp": ("Your SMTP relay", None),
}
NO_MAIL = "none"
#: The region choices besides a file: none, or the kit's default tree for Asia.
REGION_CHOICES = ("none", "asia")
FIRST_ISSUE = "issues/0001.md"
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class InitError(ValueError):
    """An answer ``newsletter init`` cannot build a site from; the message says why."""


@dataclass(frozen=True)
class Answers:
    """What the editor chose, each answer checked once (:func:`checked`)."""

    name: str
    base_url: str
    language: str = "en"
    #: ``none``, ``asia``, or the path of a JSON or TOML file of regions.
    regions: str = "none"
    subscribe_url: str = ""
    mail_service: str = NO_MAIL


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``newsletter init``: one per question."""
    parser.add_argument("dir", type=Path, help="the new site's folder (made if missing)")
    parser.add_argument("--name", help="the newsletter's name, e.g. 'My Weekly'")
    parser.add_argument("--language", help="the site's language, e.g. en, ja, zh_CN; default en")
    parser.add_argument(
        "--base-url", help="the site's public address, e.g. https://me.github.io/weekly/"
    )
    parser.add_argument(
        "--regions",
        help="the region tree: 'none', 'asia' (the kit's default tree for Asia), or a "
        "JSON or TOML file mapping region ids to {title, parent}; default none",
    )
    parser.add_argument("--subscribe-url", help="where readers subscribe (https); default none")
    parser.add_argument(
        "--mail-service",
        choices=[NO_MAIL, *MAIL_SERVICES],
        help="the service the email edition is handed to; default none",
    )
    parser.add_argument(
        "--force",
        action="append",
        default=[],
        metavar="FILE",
        help="replace this existing file (its path in DIR, e.g. conf.py); may be repeated",
    )
    parser.add_argument(
        "--yes", action="store_true", help="write into a folder that is not empty without asking"
    )
    parser.add_argument(
        "--no-input", action="store_true", help="ask nothing: options or their defaults"
    )


def _one_line(value: str, what: str) -> str:
    value = value.strip()
    if not value or _CONTROL.search(value) or len(value) > 200:
        raise InitError(f"{what} must be one line of text (at most 200 characters)")
    return value


def _web_address(value: str, what: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or _CONTROL.search(value):
        raise InitError(f"{what} must be an absolute http(s) address, not {value!r}")
    return value.strip()


def read_regions(path: Path) -> dict[str, object]:
    """The region tree in a JSON or TOML file, checked as the build checks it."""
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError) as error:
        raise InitError(f"cannot read the regions in {path}: {error}") from error
    problems = region_problems(raw)
    if problems:
        raise InitError(f"the regions in {path}: " + "; ".join(problems))
    assert isinstance(raw, dict)  # region_problems reports anything else
    return raw


def _language(value: str) -> str:
    value = value.strip() or "en"
    if not _LANGUAGE.match(value):
        raise InitError(f"the language {value!r} is not a language tag (en, zh_CN)")
    return value


def _base_url(value: str) -> str:
    base = _web_address(value, "the base URL")
    return base if base.endswith("/") else base + "/"


def _regions(value: str) -> str:
    value = value.strip() or "none"
    if value not in REGION_CHOICES:
        read_regions(Path(value))
    return value


def _subscribe_url(value: str) -> str:
    return _web_address(value, "the subscribe URL") if value.strip() else ""


def _mail_service(value: str) -> str:
    value = value.strip().lower() or NO_MAIL
    if value != NO_MAIL and value not in MAIL_SERVICES:
        raise InitError(f"the mail service is one of {', '.join([NO_MAIL, *MAIL_SERVICES])}")
    return value


#: Each answer's check: the value to use, or :class:`InitError` saying what is wrong.
CHECKS: dict[str, Callable[[str], str]] = {
    "name": lambda value: _one_line(value, "the name"),
    "language": _language,
    "base_url": _base_url,
    "regions": _regions,
    "subscribe_url": _subscribe_url,
    "mail_service": _mail_service,
}


def checked(answers: Answers) -> Answers:
    """``answers`` with every value checked and normalised; :class:`InitError` if not."""
    return Answers(**{key: check(getattr(answers, key)) for key, check in CHECKS.items()})


def _context(answers: Answers, year: int) -> dict[str, object]:
    """What the templates are rendered with."""
    subscribe: dict[str, object] = {
        "title": "Subscribe" if answers.subscribe_url else "Our Ask",
        "text": f"Get {answers.name} in your inbox."
        if answers.subscribe_url
        else f"If you like {answers.name}, please share it.",
    }
    if answers.subscribe_url:
        subscribe.update(url=answers.subscribe_url, label="Subscribe")
    else:
        # No sign-up was named: the site is followed by its feeds, and says so.
        subscribe["feeds_only"] = True
    email: dict[str, object] | None = None
    service_label = ""
    if answers.mail_service in MAIL_SERVICES:
        service_label, placeholder = MAIL_SERVICES[answers.mail_service]
        host = urlsplit(answers.base_url).hostname
        email = {
            "from": f"{answers.name} <editors@{host}>",
            # The postal address under every email (the law asks for one): fill it in.
            "address": answers.name,
            "unsubscribe_placeholder": placeholder,
        }
    regions: object = answers.regions
    if answers.regions not in REGION_CHOICES:
        regions = read_regions(Path(answers.regions))
    elif answers.regions == "none":
        regions = None
    return {
        "name": answers.name,
        "language": answers.language,
        "base_url": answers.base_url,
        "copyright": f"{year}, {answers.name}",
        "regions": regions,
        "subscribe": subscribe,
        "email": email,
        "service_label": service_label,
        "version": __version__,
    }


def _python_literal(value: object, indent: str = "") -> str:
    """``value`` (text, numbers, None, dicts and lists of them) as Python source, in the
    layout ruff's formatter keeps: strings are JSON-quoted (valid Python literals,
    every quote and control character escaped), one dict entry per line."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = indent + "    "
        entries = "".join(
            f"{inner}{_python_literal(str(k))}: {_python_literal(v, inner)},\n"
            for k, v in value.items()
        )
        return "{\n" + entries + indent + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_python_literal(v, indent) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    raise InitError(f"{value!r} cannot be written into conf.py")


def _scaffold() -> resources.abc.Traversable:
    return resources.files(__package__ or "sphinx_newsletter.cli") / "scaffold"


def _walk(folder: resources.abc.Traversable) -> list[tuple[str, str]]:
    """(package path, site path) of every template file under ``folder``."""
    found: list[tuple[str, str]] = []
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.name == "__pycache__":
            continue
        name = item.name.removeprefix("dot-")
        name = "." + name if name != item.name else name
        if item.is_dir():
            found.extend((f"{item.name}/{inner}", f"{name}/{site}") for inner, site in _walk(item))
        else:
            found.append((item.name, name.removesuffix(".jinja")))
    return found


def template_files() -> dict[str, str]:
    """Every file of the scaffold: its path in a new site, to its path in the package."""
    return {site: package for package, site in _walk(_scaffold())}


def render(answers: Answers, year: int) -> dict[str, str]:
    """Every scaffold file's text for these answers, by its path in the new site."""
    env = jinja2.Environment(
        # Source files, not HTML: values reach conf.py through the ``py`` filter.
        autoescape=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["py"] = _python_literal
    context = _context(answers, year)
    texts = {}
    root = _scaffold()
    for site, package in template_files().items():
        source = root.joinpath(*package.split("/")).read_text(encoding="utf-8")
        texts[site] = (
            env.from_string(source).render(context) if package.endswith(".jinja") else source
        )
    return texts


@dataclass(frozen=True)
class Plan:
    """What ``init`` will do in a folder: files to write, to replace, and to keep."""

    write: tuple[str, ...]
    replace: tuple[str, ...]
    keep: tuple[str, ...]
    #: Whether the folder held anything before.
    occupied: bool


def plan(target: Path, files: list[str], force: list[str]) -> Plan:
    """Sort ``files`` (paths in ``target``) by what happens to each."""
    forced = {f.strip("/") for f in force}
    unknown = forced - set(files) | forced & {FIRST_ISSUE}
    if unknown:
        raise InitError(
            f"--force names files init does not replace: {', '.join(sorted(unknown))} (the "
            f"first issue, {FIRST_ISSUE}, is only written into an archive with no issue)"
        )
    write: list[str] = []
    replace: list[str] = []
    keep: list[str] = []
    for path in files:
        exists = (target / path).exists()
        if path == FIRST_ISSUE:
            # The first issue only starts a site that has none; ``new`` never overwrites.
            exists = exists or bool(issue_files(target / "issues"))
        (replace if exists and path in forced else keep if exists else write).append(path)
    occupied = target.exists() and any(target.iterdir())
    return Plan(tuple(write), tuple(replace), tuple(keep), occupied)


def describe(plan: Plan) -> str:
    """The plan as lines an editor reads."""
    lines = [f"  write    {p}" for p in plan.write]
    lines += [f"  replace  {p} (--force)" for p in plan.replace]
    lines += [
        f"  keep     {p} (the archive has issues)"
        if p == FIRST_ISSUE
        else f"  keep     {p} (it exists; --force {p} replaces it)"
        for p in plan.keep
    ]
    return "\n".join(lines)


def write_site(
    target: Path, answers: Answers, site_plan: Plan, today: dt.date | None = None
) -> list[Path]:
    """Write the planned files; returns the paths written."""
    today = today or dt.date.today()
    texts = render(answers, today.year)
    written = []
    for path in (*site_plan.write, *site_plan.replace):
        if path == FIRST_ISSUE:
            continue
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        # "x" for a new file: one made since the plan was drawn is not overwritten.
        mode = "w" if path in site_plan.replace else "x"
        with file.open(mode, encoding="utf-8", newline="\n") as out:
            out.write(texts[path])
        written.append(file)
    if FIRST_ISSUE in site_plan.write:
        first = new_issue(target, today=today)
        # Until an editor changes it, ``newsletter import`` may put an archive's
        # first issue in its place.
        mark_placeholder(first)
        written.append(first)
    return written


Ask = Callable[[str, str], str]


def _prompt(question: str, default: str) -> str:
    answer = input(f"{question} [{default}]: " if default else f"{question}: ").strip()
    return answer or default


def gather(args: argparse.Namespace, ask: Ask | None) -> Answers:
    """The answers: each option given, else asked (``ask``), else its default."""
    folder = args.dir.resolve().name or "newsletter"
    slug = re.sub(r"[^a-z0-9]+", "-", folder.lower()).strip("-") or "newsletter"
    defaults = {
        "name": folder.replace("-", " ").replace("_", " ").title(),
        "language": "en",
        "base_url": f"https://{slug}.example/",
        "regions": "none",
        "subscribe_url": "",
        "mail_service": NO_MAIL,
    }
    questions = {
        "name": "The newsletter's name",
        "language": "Its language (en, ja, zh_CN, ...)",
        "base_url": "The site's public address (https://...)",
        "regions": "Regions: none, asia, or a JSON/TOML file",
        "subscribe_url": "Where readers subscribe (https://..., empty for none)",
        "mail_service": f"Mail service ({', '.join([NO_MAIL, *MAIL_SERVICES])})",
    }
    values: dict[str, str] = {}
    for key, default in defaults.items():
        given = getattr(args, key)
        while given is None and ask is not None:
            # Asked again until the answer is one the site can use.
            try:
                given = CHECKS[key](ask(questions[key], default))
            except InitError as error:
                print(f"  {error}", file=sys.stderr)
        values[key] = default if given is None else given
    return Answers(**values)


def run(args: argparse.Namespace) -> int:
    """Ask, plan, confirm when the folder is not empty, write, and say what was written."""
    interactive = not args.no_input and sys.stdin.isatty()
    target: Path = args.dir
    try:
        answers = checked(gather(args, _prompt if interactive else None))
        site_plan = plan(target, [*template_files(), FIRST_ISSUE], args.force)
    except InitError as error:
        print(f"newsletter init: {error}", file=sys.stderr)
        return 2
    if target.exists() and not target.is_dir():
        print(f"newsletter init: {target} is a file, not a folder", file=sys.stderr)
        return 2
    if site_plan.occupied and not args.yes:
        print(f"{target} is not empty; newsletter init would:\n{describe(site_plan)}")
        if not (interactive and _prompt("Go ahead? (yes/no)", "no").lower() in ("y", "yes")):
            print("Nothing written. Run again with --yes (and --force FILE to replace one).")
            return 1
    target.mkdir(parents=True, exist_ok=True)
    try:
        written = write_site(target, answers, site_plan)
    except (OSError, ValueError) as error:
        print(f"newsletter init: {error}", file=sys.stderr)
        return 2
    for file in written:
        print(f"wrote {file}")
    for kept in site_plan.keep:
        print(f"kept  {target / kept} (it exists)")
    print(
        f"\nNext: cd {target} && make html (the site, in _build/html), "
        "newsletter serve (a live preview), newsletter import FEED (an existing archive)."
    )
    return 0
