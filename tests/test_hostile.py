"""Hostile input: nothing a contributor types runs in a reader's browser; nothing crashes."""

from __future__ import annotations

import email
import email.policy
import json
import random
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import (
    BUILD_MODES,
    Built,
    active_metas,
    build_in_mode,
    build_site,
    copy_root,
    edit_file,
)
from sphinx_newsletter.links import http_url


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_root("hostile", tmp_path_factory.mktemp("hostile") / "site"))


def _pages(outdir: Path) -> list[Path]:
    return sorted(outdir.rglob("*.html"))


def _injected(page: Path) -> list[str]:
    """Scripts, event handlers and script URLs that did not come from the theme."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = []
    for script in soup.find_all("script"):
        if not script.get("src"):  # no inline script at all: the CSP forbids them
            found.append(f"inline script {script.get_text()[:40]!r}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}>")
            if name in ("href", "src") and str(value).strip().lower().startswith(
                ("javascript:", "data:")
            ):
                found.append(f"<{tag.name} {name}={value!r}>")
    for tag in soup.find_all(["svg", "img", "b"]):
        if tag.get("onload") or tag.get("onerror") or tag.name == "b":
            found.append(f"<{tag.name}> from input")
    return found


def test_no_page_runs_what_a_contributor_typed(hostile):
    problems = {str(p.relative_to(hostile.outdir)): _injected(p) for p in _pages(hostile.outdir)}
    assert {p: found for p, found in problems.items() if found} == {}


def test_hostile_text_is_shown_as_text(hostile):
    page = hostile.page("issues/0001/")
    article = page.select("article.recommendation")[0]
    assert "<script>alert" in article.select_one(".recommendation-title").get_text()
    assert "<b onclick" in article.select_one(".recommendation-byline").get_text()
    aside = page.select_one("aside.sponsor")
    assert "<img src=x onerror=alert" in aside.select_one(".sponsor-name").get_text()
    assert aside.select_one(".sponsor-logo") is None  # a javascript: logo is dropped
    assert "<script>" in aside.select_one(".sponsor-code").get_text()


def test_only_http_urls_become_links(hostile):
    page = hostile.page("issues/0001/")
    for rec in page.select("article.recommendation")[1:]:
        assert rec.select_one(".recommendation-title a") is None
    first = page.select("article.recommendation")[0].select_one(".recommendation-title a")
    assert first["href"].startswith("https://news.example/a?x=")


_URL_STARTS = st.sampled_from(
    ["http://", "HTTPS://", "hTTp://", "https:/", "https:", " https://", ""]
)
_URL_PIECES = st.sampled_from(
    [" ", "\t", "\n", "\x00", "\x7f", "[", "]", "[::1]", "/", "?", "#", ":", "@", "%", "a", "//"]
)


@settings(max_examples=3000, deadline=None)
@given(st.tuples(_URL_STARTS, st.lists(_URL_PIECES | st.text(max_size=2), max_size=6)))
@example(("https://", ["a", "\u00e9"]))
@example(("https://", ["\uff48", "/"]))
@example(("https://", ["a", "["]))
@example(("https://", ["a", "]", "/"]))
def test_http_url_answers_as_urlsplit_reads_the_url(parts):
    # The shortcut for plain http(s) URLs must say what splitting would say.
    value = parts[0] + "".join(parts[1])
    try:
        split = urlsplit(value)
        expected = split.scheme.lower() in ("http", "https") and bool(split.netloc)
    except ValueError:
        expected = False
    assert http_url(value) == expected


def test_meta_tags_escape_the_front_matter(hostile):
    text = (hostile.outdir / "issues/0001/index.html").read_text(encoding="utf-8")
    head = text[: text.index("</head>")]
    assert "<script>alert" not in head
    soup = BeautifulSoup(head, "html.parser")
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("</title><script>alert('description')")
    assert soup.find("meta", property="og:image:alt")["content"] == "\" onerror=\"alert('alt')"


def test_raw_html_in_an_issue_is_reported_at_its_line(hostile):
    lines = sorted({(w.path, w.line) for w in hostile.of("markup")})
    assert lines == [
        ("issues/0001.md", 10),
        ("issues/0001.md", 13),
        ("issues/0001.md", 20),
        ("issues/0001.md", 44),
    ]


def test_html_comments_in_an_issue_are_dropped_silently(tmp_path):
    site = copy_root("basic", tmp_path / "site")
    path = site / "issues/0001.md"
    edit_file(
        path,
        "Welcome to the first issue.",
        "Welcome to the first issue.\n\n<!-- an editor's note -->",
    )
    built = build_site(site)
    assert built.warning_text.strip() == ""
    assert "an editor's note" not in (built.outdir / "issues/0001/index.html").read_text()


# -- fuzzing --------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)
_value = st.one_of(
    _text,
    st.sampled_from(
        [
            '"><img src=x onerror=alert(1)>',
            "javascript:x",
            "https://ok.example/",
            ",,,",
            "",
            "日本",
            "#",
            "+",
        ]
    ),
)
_option = st.tuples(
    st.sampled_from(
        [
            "url",
            "authors",
            "publication",
            "regions",
            "topics",
            "no-url",
            "date",
            "lang",
            "name",
            "follows",
            "bogus",
        ]
    ),
    _value,
)


def _directive(title: str, options: list[tuple[str, str]], body: str) -> str:
    lines = [f":::{{recommendation}} {title}"]
    lines += [f":{name}: {value}".rstrip() for name, value in options]
    return "\n".join(lines) + f"\n\n{body}\n:::\n"


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = copy_root("basic", tmp_path_factory.mktemp("fuzz") / "site")
    build_site(site)
    return site


@pytest.mark.slow  # a build per example
@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    title=_text,
    options=st.lists(_option, max_size=6),
    body=st.one_of(st.just(""), _text),
    front=st.lists(
        st.tuples(
            st.sampled_from(["number", "date", "description", "draft", "image", "bogus"]), _value
        ),
        max_size=4,
    ),
)
def test_fuzzed_issue_gives_located_warnings_or_a_page_never_a_traceback(
    fuzz_site, title, options, body, front
):
    front_matter = "".join(f"{key}: {value}\n" for key, value in front)
    text = (
        f"---\nnumber: 5\ndate: 2024-06-01\ndescription: Fuzz.\n{front_matter}---\n\n"
        f"# Fuzzed issue\n\n{_directive(title, options, body)}"
    )
    (fuzz_site / "issues/0005.md").write_text(text, encoding="utf-8")
    site = build_site(fuzz_site)
    assert "Traceback" not in site.warning_text and "Exception" not in site.warning_text
    assert "build succeeded" in re.sub(r"\x1b\[[0-9;]*m", "", site.status_text)
    newsletter = [w for w in site.warnings if w.type.startswith("newsletter.")]
    assert all(
        w.path.startswith("issues/0005.md") or w.path.startswith("issues/") for w in newsletter
    )
    page = site.outdir / "issues/0005/index.html"
    if page.exists():
        assert not [p for p in _injected(page) if "inline script" in p or "<img" in p]
    shutil.rmtree(fuzz_site / "_build" / "dirhtml" / "issues" / "0005", ignore_errors=True)


def test_tags_named_in_prose_show_as_text_without_a_warning(tmp_path):
    site = copy_root("basic", tmp_path / "site")
    path = site / "issues/0001.md"
    edit_file(
        path,
        "Welcome to the first issue.",
        "Welcome to Result<T> and Optional<UInt8>, written with <img> tags.",
    )
    built = build_site(site)
    assert built.warning_text.strip() == ""
    text = built.page("issues/0001/").select_one("article.bd-article").get_text()
    assert "Result<T> and Optional<UInt8>, written with <img> tags." in text
    assert built.page("issues/0001/").select_one("article.bd-article img") is None


# -- whole documents: every construct, hostile values ------------------------------

_TARGETS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "file:///etc/passwd",
    "ftp://files.example/x",
    "//evil.example/",
    "path:../outside.txt",
    "../outside.txt",
    "/../outside.png",
    "//etc/passwd",
    "https://ok.example/",
    "mailto:ed@example.org",
    "#top",
]
_DIRECTIVES = [
    "include",
    "literalinclude",
    "raw",
    "csv-table",
    "list-table",
    "eval-rst",
    "meta",
    "figure",
    "image",
    "code-block",
    "note",
    "toctree",
    "ifconfig",
    "only",
    "role",
    "title",
    "recommendation",
    "sponsor",
    "no-such-directive",
]
_ROLES = ["raw", "download", "sub", "abbr", "doc", "ref", "nl:rec", "nl:issue", "eval-rst", "x"]
_RST = [
    ".. include:: ../outside.txt",
    ".. raw:: html\n\n   <script>alert(1)</script>",
    ".. meta::\n   :http-equiv=refresh: 0;url=https://evil.example/",
    "`click <javascript:alert(1)>`_",
    ".. role:: custom(raw)\n   :format: html\n   :class: x\n\n:custom:`<b onclick=x>b</b>`",
    ".. image:: ../outside.png\n   :target: javascript:alert(1)",
    ".. csv-table::\n   :file: ../outside.txt",
]
_target = st.sampled_from(_TARGETS)
_word = st.one_of(_text, st.sampled_from(['"><img src=x onerror=alert(1)>', "<!-- SECRET -->"]))
_inline = st.one_of(
    _word,
    st.builds(lambda t, u: f"[{t}]({u})", _word, _target),
    st.builds(lambda t, u: f"![{t}]({u})", _word, _target),
    st.builds(lambda u: f"<{u}>", _target),
    # A role's text is literal text (a refused role shows it as written): no comment in it.
    st.builds(lambda r, t: f"{{{r}}}`{t}`", st.sampled_from(_ROLES), _text),
    st.sampled_from(["<script>alert(1)</script>", "<b onclick=alert(1)>b</b>", "{{ env }}"]),
)
_paragraph = st.lists(_inline, min_size=1, max_size=4).map(" ".join)
_fence = st.builds(
    lambda name, arg, opts, body, colon: (
        (":::" if colon else "```")
        + f"{{{name}}} {arg}\n"
        + "".join(f":{k}: {v}\n" for k, v in opts)
        + f"\n{body}\n"
        + (":::" if colon else "```")
    ),
    st.sampled_from(_DIRECTIVES),
    st.one_of(st.just(""), _target, _word),
    st.lists(
        st.tuples(st.sampled_from(["file", "url", "target", "logo", "regions", "name"]), _target),
        max_size=2,
    ),
    st.one_of(_paragraph, st.sampled_from(_RST)),
    st.booleans(),
)
_nested = st.builds(
    lambda inner, body: (
        "::::{recommendation} Outer\n:url: https://ok.example/o\n\nOuter take.\n\n"
        f"{inner}\n\n{body}\n::::"
    ),
    _fence,
    _paragraph,
)
_block = st.one_of(
    _paragraph,
    _fence,
    _nested,
    st.sampled_from(_RST).map(lambda rst: f"```{{eval-rst}}\n{rst}\n```"),
    st.builds(lambda t: f"## {t}", _word),
    st.just("% SECRET myst comment"),
)


PERMISSIVE_MYST = """
myst_enable_extensions = ["colon_fence", "substitution", "attrs_inline", "html_image"]
myst_url_schemes = ["http", "https", "mailto", "ftp", "javascript", "data", "file", "vbscript"]
"""


@pytest.fixture(scope="module")
def permissive_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The basic site, with settings that let MyST do anything (a careless site)."""
    site = tmp_path_factory.mktemp("fuzz-doc") / "site"
    copy_root("basic", site)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(PERMISSIVE_MYST)
    build_site(site)
    return site


@pytest.mark.slow  # a build per example
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    blocks=st.lists(_block, min_size=1, max_size=6),
    front=st.lists(
        st.tuples(st.sampled_from(["myst", "draft", "image", "html_meta", "description"]), _target),
        max_size=2,
    ),
)
def test_fuzzed_document_gives_located_warnings_never_a_traceback_or_active_content(
    permissive_site, blocks, front
):
    fuzz_site = permissive_site
    (fuzz_site.parent / "outside.txt").write_text("SECRET-OUTSIDE", encoding="utf-8")
    front_matter = "".join(f"{key}: {value!r}\n" for key, value in front)
    text = (
        f"---\nnumber: 6\ndate: 2024-06-08\ndescription: Whole document.\n{front_matter}---\n\n"
        "# Fuzzed document\n\n" + "\n\n".join(blocks) + "\n"
    )
    (fuzz_site / "issues/0006.md").write_text(text, encoding="utf-8")
    site = build_site(fuzz_site)
    log = site.warning_text + site.status
    assert "Traceback" not in log and "Exception occurred" not in log
    assert "build succeeded" in site.status
    newsletter = [w for w in site.warnings if w.type.startswith("newsletter.")]
    assert all(w.path.startswith("issues/") and w.line >= 1 for w in newsletter)
    for page in site.outdir.rglob("*.html"):
        found = _injected(page)
        assert not found, (page, found)
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert active_metas(site.outdir, page) == [], page
        for literal in soup.find_all(["pre", "code"]):  # code shows what it holds
            literal.decompose()
        assert "SECRET" not in str(soup), page
    assert not (site.outdir / "_downloads").exists()
    shutil.rmtree(fuzz_site / "_build" / "dirhtml" / "issues" / "0006", ignore_errors=True)


def test_the_search_page_carries_region_titles_as_data_never_as_markup(hostile):
    # The filter panel shows them with textContent (newsletter-search.js).
    root = hostile.page("search/").select_one(".nl-search")
    titles = json.loads(root["data-titles"])
    assert titles["region"]["asia"] == "Asia <script>alert('region')</script>"


# -- names no header, file or terminal can hold: no builder ends with a traceback --------

#: Characters a header cannot hold, that a terminal or a file name reads oddly, or that
#: take two UTF-16 units, mixed with words into generated names.
_AWKWARD = [
    "\n", "\r", "\r\n", "\t", "\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1b[31m", "\x1f",
    "\x7f", "\x85", "\x9f", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\ufeff",
    "\U0001f600", "\U0001d518", "中文", "é", "\\", "{{", "=?utf-8?q?x?=", " ",
]  # fmt: skip
FUZZ_BUILDERS = ["dirhtml", "html", "newsletter-catalog", "newsletter-email"]


def _awkward_names(count: int, seed: int = 27) -> list[str]:
    """``count`` generated names (one of them 5,000 characters long)."""
    rng = random.Random(seed)
    names = [
        "".join(rng.choice([*_AWKWARD, "word", "Name"]) for _ in range(rng.randint(2, 12)))
        for _ in range(count - 1)
    ]
    return [*names, "Long " + "".join(rng.choice(_AWKWARD) + "word" for _ in range(1000))]


def _awkward_issues(srcdir: Path) -> None:
    """One issue per generated name: in its headline (a setext heading, so line breaks
    stay in it), description, cover credit, titles, names and take."""
    for offset, name in enumerate(_awkward_names(8)):
        number = 4 + offset
        # Escaped in the front matter (surrogate pairs too, which YAML reads as two lone
        # halves) or raw; a NUL byte only escaped (a file holding one is left out whole).
        quoted = json.dumps(name, ensure_ascii=offset % 2 == 0)
        name = name.replace("\x00", "")
        line = re.sub(r"[\r\n]+", " ", name)  # options and arguments are one line
        (srcdir / f"issues/{number:04d}.md").write_text(
            f"---\nnumber: {number}\ndate: 2024-06-{number:02d}\ndescription: {quoted}\n"
            f"image-credit: {quoted}\n---\n\nHeadline {name}\n===\n\n"
            f":::{{recommendation}} Title {line}\n:url: https://news.example/{number}\n"
            f":authors: Author {line}\n:publication: Publication {line}\n"
            f":regions: japan\n:topics: Topic {line}\n\nTake {name}\n:::\n\n"
            f":::{{sponsor}} Sponsor {line}\n:url: https://sponsor.example/{number}\n"
            f":code: Code {line}\n\nMessage {name}\n:::\n",
            encoding="utf-8",
        )


@pytest.mark.parametrize("mode", BUILD_MODES)
@pytest.mark.parametrize("builder", FUZZ_BUILDERS)
def test_awkward_names_give_warnings_never_a_traceback(tmp_path, builder, mode):
    site = build_in_mode(
        copy_root("basic", tmp_path / "site"),
        mode,
        _awkward_issues,
        builder=builder,
        newsletter_email={"from": "Test Weekly <editor@weekly.example>"},
    )
    log = site.warning_text + site.status
    assert "Traceback" not in log and "Exception" not in log
    assert "build succeeded" in site.status
    if builder != "newsletter-email":
        return
    emails = sorted(site.outdir.glob("*.eml"))
    assert len(emails) >= 2 + 3  # the basic site's two; fields YAML refuses hold the rest
    for path in emails:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        subject = message["Subject"]
        assert subject.startswith("Test Weekly #"), path.name
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", subject), path.name
        assert message.get_body(("plain",)) is not None
    # A subject that had to change is warned at its issue's headline.
    changed = [w for w in site.of("headline") if "Subject" in w.message]
    assert changed
    for warning in changed:
        assert (site.outdir / f"{Path(warning.path).stem}.eml").exists()
        source = (site.srcdir / warning.path).read_text(encoding="utf-8")
        lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        assert 8 <= warning.line < lines.index("===") + 1, warning  # a line of the headline
