"""``newsletter import FEED``: real feeds come back as recommendations, hostile ones land inert."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from benchmarks.import_share import (
    comparable_title,
    import_into_new_site,
    measure,
    render_corpus,
)
from bs4 import BeautifulSoup

from conftest import build_site, needs_corpora
from sphinx_newsletter.cli.check import check
from sphinx_newsletter.cli.importer.convert import Prose, Recommendation, convert
from sphinx_newsletter.cli.importer.issues import title_number
from sphinx_newsletter.cli.importer.leftovers import MARKER
from sphinx_newsletter.cli.importer.sanitize import sanitize
from sphinx_newsletter.cli.main import main
from sphinx_newsletter.read.reader import read_catalog

SECRET = "TOP-SECRET-FROM-THE-IMPORTING-MACHINE"


def blocks(html: str, headline: str = "Headline") -> list:
    cleaned = sanitize(html, "https://old.example/issues/1")
    return convert(cleaned.root, headline).blocks


def recs(html: str) -> list[Recommendation]:
    return [b for b in blocks(html) if isinstance(b, Recommendation)]


# --- the rule: a leading link is a recommendation, the rest prose ------------------------


def test_a_link_leading_a_list_item_is_a_recommendation_with_the_rest_as_its_take():
    found = recs(
        '<ul><li><a href="https://a.example/x">The <em>title</em></a> — why we liked it.</li>'
        "<li>Just a thought with <a href='https://b.example/'>a link</a> inside.</li></ul>"
    )
    assert [(r.title, r.url, r.take) for r in found] == [
        ("The title", "https://a.example/x", "why we liked it.")
    ]


def test_a_link_leading_a_paragraph_is_a_recommendation_and_prose_stays_prose():
    found = blocks(
        "<p>Welcome to the issue, with <a href='https://home.example/'>our site</a>.</p>"
        "<p><strong><a href='https://a.example/1'>First</a></strong>: a good read.</p>"
    )
    assert isinstance(found[0], Prose)
    assert "[our site](https://home.example/)" in found[0].text
    assert (found[1].title, found[1].url, found[1].take) == (
        "First",
        "https://a.example/1",
        "a good read.",
    )


def test_a_bare_leading_link_takes_the_paragraphs_after_it_and_a_heading_link_its_section():
    found = blocks(
        "<p><a href='https://a.example/1'>Alone</a></p><p>Its take.</p><p>More take.</p>"
        "<h2><a href='https://a.example/2'>Heading link</a></h2><p>Under it.</p>"
        "<h2>Next section</h2><p>Prose again.</p>"
    )
    assert (found[0].title, found[0].take) == ("Alone", "Its take.\n\nMore take.")
    assert (found[1].title, found[1].url, found[1].take) == (
        "Heading link",
        "https://a.example/2",
        "Under it.",
    )
    assert [b.text for b in found[2:]] == ["## Next section", "Prose again."]


def test_what_is_dropped_is_noted_where_it_stood():
    found = blocks(
        "<p>Before.</p><iframe src='https://v.example/'></iframe><p>After.</p>"
        "<ul><li><a href='javascript:x()'>Trap</a> text</li></ul>"
    )
    kinds = [(type(b).__name__, getattr(b, "text", getattr(b, "note", ""))) for b in found]
    assert kinds == [
        ("Prose", "Before."),
        ("Leftover", "dropped the iframe element and its content"),
        ("Prose", "After."),
        ("Leftover", "dropped the target of a link to a javascript: address (its text is kept)"),
        ("Prose", "- Trap text"),
    ]


def test_relative_links_are_made_absolute_against_the_entry():
    (rec,) = recs("<p><a href='/post/2'>Relative</a> take</p>")
    assert rec.url == "https://old.example/post/2"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Haskell Weekly #300: Wordle", (300, "Wordle")),
        ("Issue 42 — Chips", (42, "Chips")),
        ("No. 7: Seven", (7, "Seven")),
        ("The 5 best things", None),
        ("#0: zero", None),
    ],
)
def test_an_issue_number_is_taken_from_a_title_that_holds_one(title, expected):
    assert title_number(title) == expected


# --- sites -----------------------------------------------------------------------------


def new_site(tmp_path: Path, name: str = "site") -> Path:
    site = tmp_path / name
    assert main(["init", str(site), "--no-input", "--name", "Imported", "--regions", "asia"]) == 0
    return site


def run_import(capsys, site: Path, feed: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["import", feed, "--source", str(site)])
    out, err = capsys.readouterr()
    return status, out, err


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        "<title>Old Weekly</title><link>https://old.example/</link>"
        "<description>d</description>" + "".join(items) + "</channel></rss>"
    )


def item(guid: str, title: str, date: str, html: str, summary: str = "A summary.") -> str:
    escaped = html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        f"<item><guid>{guid}</guid><title>{title}</title><link>https://old.example/{guid}</link>"
        f"<pubDate>{date}</pubDate><description>{summary}</description>"
        f"<content:encoded>{escaped}</content:encoded></item>"
    )


SIMPLE = rss(
    [
        item(
            "b",
            "Old Weekly #2: Second",
            "Sat, 09 Mar 2024 10:00:00 +0000",
            "<p>Intro.</p><ul><li><a href='https://a.example/2'>Two</a> — take two.</li></ul>",
        ),
        item(
            "a",
            "Old Weekly #1: First",
            "Sat, 02 Mar 2024 10:00:00 +0000",
            "<p><a href='https://a.example/1'>One</a>: take one.</p>",
        ),
    ]
)


def test_an_import_builds_strictly_checks_clean_and_replaces_init_s_first_issue(tmp_path, capsys):
    site = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    feed.write_text(SIMPLE, encoding="utf-8")
    status, out, _ = run_import(capsys, site, str(feed))
    assert status == 0
    assert "RSS 2.0: 2 entries: 2 issues written" in out
    assert "2 recommendations; not placed: 0" in out
    first = (site / "issues" / "0001.md").read_text(encoding="utf-8")
    assert "date: 2024-03-02" in first and "# First" in first
    built = build_site(site)
    assert built.warning_text.strip() == ""
    assert check(site) == []
    reading = read_catalog(site, status=io.StringIO())
    assert [(r.issue, r.title, r.url, r.take.strip()) for r in reading.catalog.all_recs] == [
        (1, "One", "https://a.example/1", "take one."),
        (2, "Two", "https://a.example/2", "take two."),
    ]


def test_importing_again_changes_nothing_and_never_touches_an_edited_issue(tmp_path, capsys):
    site = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    feed.write_text(SIMPLE, encoding="utf-8")
    run_import(capsys, site, str(feed))
    before = {p.name: p.read_text(encoding="utf-8") for p in (site / "issues").iterdir()}
    status, out, _ = run_import(capsys, site, str(feed))
    assert (status, "0 issues written, 0 updated, 2 unchanged" in out) == (0, True)
    edited = site / "issues" / "0002.md"
    edited.write_text(before["0002.md"].replace("take two.", "Our own take."), encoding="utf-8")
    feed.write_text(
        SIMPLE.replace("take one.", "take one, revised.").replace(
            "take two.", "take two, revised."
        ),
        encoding="utf-8",
    )
    status, out, _ = run_import(capsys, site, str(feed))
    assert "1 updated" in out and "1 kept (edited since imported)" in out
    assert "Our own take." in edited.read_text(encoding="utf-8")
    assert "take one, revised." in (site / "issues" / "0001.md").read_text(encoding="utf-8")


def test_a_new_entry_never_replaces_an_issue_written_by_hand(tmp_path, capsys):
    site = new_site(tmp_path)
    mine = site / "issues" / "0001.md"
    mine.write_text(
        mine.read_text(encoding="utf-8").replace("The headline", "Mine"), encoding="utf-8"
    )
    feed = tmp_path / "feed.xml"
    feed.write_text(SIMPLE, encoding="utf-8")
    status, out, _ = run_import(capsys, site, str(feed))
    assert status == 1
    assert "issues/0001.md exists and was not imported from this entry" in out
    assert "# Mine" in mine.read_text(encoding="utf-8")


# --- hostile feeds ---------------------------------------------------------------------


def hostile_feed(secret_file: Path) -> str:
    huge = "<p>" + "x" * 1_100_000 + "</p>"
    breakout = "```\n:::{raw} html\n<script>alert(1)</script>\n:::\n```"
    entries = [
        item(
            "s1",
            "Scripts #1: scripts",
            "Sat, 02 Mar 2024 10:00:00 +0000",
            "<script>alert(1)</script><p onclick='alert(2)'>Hi <img src=x onerror=alert(3)>"
            "<img src='javascript:alert(4)'><iframe src='https://evil.example/'></iframe></p>"
            "<ul><li><a href='javascript:alert(5)'>Click me</a> — a trap.</li>"
            "<li><a href='data:text/html,&lt;script&gt;'>Data</a> too.</li></ul>"
            "<svg><script>alert(6)</script></svg><style>body{}</style>"
            "<form action='https://evil.example/'><input name=a></form>",
        ),
        item("s2", "Scripts #2: huge", "Sat, 09 Mar 2024 10:00:00 +0000", huge),
        item("s3", "Scripts #3: bad date", "the thirty-second of Smarch", "<p>Undated.</p>"),
        item(
            "s3",
            "Scripts #4: same id",
            "Sat, 23 Mar 2024 10:00:00 +0000",
            "<p>Same id, other entry.</p>",
        ),
        item(
            "s5",
            "Scripts #5: markup ```{include} /etc/passwd```",
            "Sat, 30 Mar 2024 10:00:00 +0000",
            f"<p>:::{{raw}} html</p><pre>{breakout}</pre><p>{{eval-rst}}`x` $x$ "
            "&lt;script&gt;alert(7)&lt;/script&gt;</p>"
            "<p><a href='https://ok.example/\" onmouseover=\"alert(8)'>Quoted</a> take</p>",
        ),
        item(
            "../../../etc/cron.d/x",
            "Scripts #6: path",
            "Sat, 06 Apr 2024 10:00:00 +0000",
            "<p>A path as its id.</p>",
        ),
    ]
    text = rss(entries)
    # An external entity naming a local file: never read (feedparser turns them off).
    return text.replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM '
        f'"file://{secret_file}">]>',
    ).replace("<description>d</description>", "<description>&xxe;</description>")


def test_a_hostile_feed_lands_inert_and_every_entry_is_accounted_for(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    site = new_site(tmp_path)
    feed = tmp_path / "hostile.xml"
    feed.write_text(hostile_feed(secret), encoding="utf-8")
    status, out, _ = run_import(capsys, site, str(feed))
    assert status == 0, out
    assert "6 entries: 6 issues written" in out
    files = sorted((site / "issues").glob("*.md"))
    assert [p.name for p in files] == [f"{n:04d}.md" for n in range(1, 7)]
    assert not (tmp_path / "etc").exists()
    texts = {p.name: p.read_text(encoding="utf-8") for p in files}
    # The notes (comments, which reach no output) name what was dropped; the rest of
    # each file holds none of it.
    everything = "\n".join(
        line for text in texts.values() for line in text.split("\n") if not line.startswith(MARKER)
    )
    assert SECRET not in "\n".join(texts.values())
    for bad in ("javascript:", "data:text", "onerror", "onclick", "evil"):
        assert bad not in everything, bad
    # Text that reads "<script>" in the feed stays text: escaped, as Markdown escapes it.
    assert not re.search(r"(?<!\\)<(script|iframe|svg|form)", everything)
    # A paragraph that reads like a directive is escaped; in a code block it stays code.
    assert "\\:::{raw} html" in texts["0005.md"]
    assert "draft: true" in texts["0003.md"]
    assert "the thirty-second of Smarch" in texts["0003.md"]
    assert "bytes, more than 1000000: it was not imported" in texts["0002.md"]
    assert "xxxxxxxxxx" not in texts["0002.md"]
    assert "Same id, other entry." in texts["0004.md"]
    # The site builds: nothing the feed held became active, markup or an include.
    built = build_site(site, newsletter_show_drafts=True)
    assert not [w for w in built.warnings if w.type == "newsletter.markup"], built.warning_text
    for page in built.outdir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(True):
            assert not [a for a in tag.attrs if a.lower().startswith("on")], (page, tag)
            for name in ("href", "src"):
                value = str(tag.get(name) or "")
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), (page, tag)
                assert "evil.example" not in value
            if tag.name in ("script", "iframe", "object", "embed", "form"):
                assert "alert" not in tag.decode() and "evil" not in tag.decode(), (page, tag)
        assert SECRET not in page.read_text(encoding="utf-8")
    # Every note is named by check at its line.
    notes = [
        (name, number)
        for name, text in texts.items()
        for number, line in enumerate(text.split("\n"), start=1)
        if line.startswith(MARKER)
    ]
    problems = {(p.path, p.line) for p in check(site) if p.type == "newsletter.import"}
    assert notes and problems == {(f"issues/{name}", line) for name, line in notes}


def test_the_hostile_feed_s_dropped_html_is_named_in_the_summary(tmp_path, capsys):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    site = new_site(tmp_path)
    feed = tmp_path / "hostile.xml"
    feed.write_text(hostile_feed(secret), encoding="utf-8")
    _, out, _ = run_import(capsys, site, str(feed))
    for said in (
        "dropped the script element and its content",
        "javascript: address",
        "could not be read",
        "more than 1000000",
    ):
        assert said in out, said


def test_a_json_feed_is_read_and_duplicate_ids_are_kept_apart(tmp_path, capsys):
    site = new_site(tmp_path)
    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            {
                "version": "https://jsonfeed.org/version/1.1",
                "title": "JSON Weekly",
                "items": [
                    {
                        "id": "1",
                        "title": "One",
                        "date_published": "2024-03-02T10:00:00Z",
                        "content_html": "<p><a href='https://a.example/1'>A</a> — take.</p>",
                    },
                    {
                        "id": "1",
                        "title": "Two",
                        "date_published": "2024-03-09T10:00:00Z",
                        "content_text": "Plain text only.",
                    },
                    {
                        "id": "3",
                        "title": "Three",
                        "date_published": "not a date",
                        "content_html": "<p>Bad date.</p>",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    status, out, _ = run_import(capsys, site, str(feed))
    assert status == 0
    assert "JSON Feed: 3 entries: 3 issues written" in out
    texts = [p.read_text(encoding="utf-8") for p in sorted((site / "issues").glob("*.md"))]
    assert 'imported-from: "1"' in texts[0] and 'imported-from: "1 (repeat 2)"' in texts[1]
    assert "Plain text only." in texts[1]
    assert "draft: true" in texts[2]


# --- over HTTP -------------------------------------------------------------------------


#: The feed the server serves: its entry shows an image and links on the same server,
#: which an import must never fetch.
SERVED = SIMPLE.replace(
    "&lt;p&gt;Intro.&lt;/p&gt;",
    "&lt;p&gt;Intro &lt;img src='/image.png'&gt; &lt;a href='/linked'&gt;here&lt;/a&gt;.&lt;/p&gt;",
)


class FeedServer(http.server.BaseHTTPRequestHandler):
    """Serves the test feed plainly, gzipped, behind redirects, and a page that is no feed;
    notes every path asked for."""

    requested: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requested.append(self.path)
        body = SERVED.encode("utf-8")
        routes = {
            "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, body),
            "/gzipped.xml": (
                200,
                {"Content-Type": "application/rss+xml", "Content-Encoding": "gzip"},
                gzip.compress(body),
            ),
            "/moved": (301, {"Location": "/feed.xml"}, b""),
            "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
            "/page.html": (
                200,
                {"Content-Type": "text/html"},
                b"<!doctype html><html><body><p>Not a feed</p></body></html>",
            ),
        }
        status, headers, payload = routes.get(self.path, (404, {}, b"no"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server() -> Iterator[str]:
    FeedServer.requested.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", ["/feed.xml", "/gzipped.xml", "/moved"])
def test_a_feed_served_over_http_plain_gzipped_or_redirected_is_imported(
    tmp_path, capsys, feed_server, path
):
    site = new_site(tmp_path)
    status, out, err = run_import(capsys, site, feed_server + path)
    assert status == 0, err
    assert "2 issues written" in out
    text = (site / "issues" / "0002.md").read_text(encoding="utf-8")
    assert "https://a.example/2" in text
    # The image and the link are made absolute, and only the feed was fetched.
    assert f"![]({feed_server}/image.png)" in text and f"({feed_server}/linked)" in text
    assert FeedServer.requested == (["/moved", "/feed.xml"] if path == "/moved" else [path])


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/page.html", "is no RSS, Atom or JSON Feed"),
        ("/to-file", "file:///etc/passwd"),
        ("/missing", "answered 404"),
    ],
)
def test_what_is_not_a_feed_is_refused_and_nothing_is_written(
    tmp_path, capsys, feed_server, path, says
):
    site = new_site(tmp_path)
    before = sorted(p.name for p in (site / "issues").iterdir())
    status, _, err = run_import(capsys, site, feed_server + path)
    assert status == 2
    assert says in err
    assert sorted(p.name for p in (site / "issues").iterdir()) == before


# --- the corpora's own feeds -----------------------------------------------------------


@pytest.mark.slow
@needs_corpora
@pytest.mark.parametrize("corpus", ["haskell-weekly", "ios-weekly"])
def test_every_recommendation_of_a_corpus_feed_comes_back_with_its_title_and_url(tmp_path, corpus):
    """The corpus's newest 20 issues rendered, their three feeds imported into new
    sites; the share is computed from the sources (both read by the kit's reader)."""
    built = render_corpus(corpus, tmp_path / corpus, last=20)
    language = "zh_CN" if corpus == "ios-weekly" else "en"
    shares = {}
    for feed in ("feed.json", "atom.xml", "rss.xml"):
        site = tmp_path / f"import-{feed}"
        summary = import_into_new_site(built / feed, site, language)
        share = measure(tmp_path / corpus / "src", site)
        assert share.issues == 20, summary
        assert share.missing == [], share.missing[:5]
        assert share.placed == 1.0
        shares[feed] = (share.source, share.extra)
        assert re.search(r"\d+ recommendations; not placed: \d+", summary)
    # The three formats carry the same content: the same recommendations come back.
    assert len(set(shares.values())) == 1, shares


def test_init_and_import_have_help_and_are_listed_in_the_command_s(capsys):
    for command in ("init", "import"):
        with pytest.raises(SystemExit) as done:
            main([command, "--help"])
        assert done.value.code == 0
    with pytest.raises(SystemExit):
        main(["--help"])
    listing = capsys.readouterr().out
    assert "init" in listing and "import" in listing


def test_a_feed_of_this_kit_gives_back_each_recommendation_whole(tmp_path, capsys, basic_site):
    """Authors, publication, id, the regions the site has and the topics the chips show
    come back too (a chip the section's heading names is not shown, so not those)."""
    site = new_site(tmp_path)
    status, out, _ = run_import(capsys, site, str(basic_site.outdir / "feed.json"))
    assert status == 0, out
    quiet = io.StringIO()
    source = read_catalog(basic_site.srcdir, status=quiet).catalog
    imported = read_catalog(site, status=quiet).catalog
    theirs = {r.id: r for r in source.all_recs if r.issue in {i.number for i in imported.issues}}
    ours = {r.id: r for r in imported.all_recs}
    assert set(ours) == set(theirs)
    for rid, rec in ours.items():
        original = theirs[rid]
        assert (comparable_title(rec.title), rec.url, rec.authors, rec.issue) == (
            comparable_title(original.title),
            original.url,
            original.authors,
            original.issue,
        ), rid
        assert rec.terms("publications") == original.terms("publications")
        assert set(rec.terms("regions")) <= set(original.terms("regions"))
        assert {t.lower() for t in rec.terms("topics")} <= {
            t.lower() for t in original.terms("topics")
        }
    assert {(s.name, s.url) for s in imported.published_sponsors} <= {
        (s.name, s.url) for s in source.published_sponsors
    }
    assert imported.published_sponsors


def test_an_entity_bomb_is_not_expanded(tmp_path, capsys):
    entities, previous = ['<!ENTITY lol "lol">'], "lol"
    for level in range(1, 10):
        entities.append(f'<!ENTITY lol{level} "{f"&{previous};" * 10}">')
        previous = f"lol{level}"
    bomb = rss(
        [item("1", "Bomb #1: it", "Sat, 02 Mar 2024 10:00:00 +0000", "<p>x</p>", summary="&lol9;")]
    )
    bomb = bomb.replace("<rss ", f"<!DOCTYPE rss [{''.join(entities)}]>\n<rss ", 1)
    site = new_site(tmp_path)
    feed = tmp_path / "bomb.xml"
    feed.write_text(bomb, encoding="utf-8")
    status, out, _ = run_import(capsys, site, str(feed))
    assert status == 0, out
    # Expanded, the description would be a billion "lol"s (cut to its length).
    assert "lollol" not in (site / "issues" / "0001.md").read_text(encoding="utf-8")
