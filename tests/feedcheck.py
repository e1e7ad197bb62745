"""Reading a site's feeds as a feed reader does, and checking what feedparser does not."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from bs4 import BeautifulSoup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_files(outdir: Path) -> list[Path]:
    """Every feed the kit wrote into ``outdir``."""
    root = [outdir / name for name in ("atom.xml", "rss.xml", "feed.json")]
    terms = sorted(outdir.glob("regions/*/atom.xml")) + sorted(outdir.glob("topics/*/atom.xml"))
    return [path for path in root if path.exists()] + terms


def absolute(url: str) -> bool:
    """An absolute http(s) (or mailto) URL with nothing left to percent-encode."""
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return url.isascii() and " " not in url
    return (
        parts.scheme in ("http", "https")
        and bool(parts.netloc)
        and url.isascii()
        and (" " not in url)
    )


def urls_in_html(fragment: str) -> list[str]:
    """Every href and src of an HTML fragment."""
    soup = BeautifulSoup(fragment, "html.parser")
    return [tag[attr] for attr in ("href", "src") for tag in soup.find_all(attrs={attr: True})]


#: Elements a reader lays out in a line: two of them side by side with no text between
#: ("<span>Name</span><span>#9</span>") run together without the site's stylesheet.
INLINE = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "em",
    "i",
    "kbd",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
}


def runs_together(fragment: str) -> list[str]:
    """The pairs of sibling inline elements of ``fragment`` whose words touch, with no
    text between them, as a reader without the page's stylesheet would show them:
    ``"Name" + "#9"``. Code blocks (``pre``: highlighted tokens) are as written."""
    soup = BeautifulSoup(fragment, "html.parser")
    found = []
    for parent in soup.find_all(True):
        if parent.name == "pre" or parent.find_parent("pre"):
            continue
        previous = None
        for child in parent.children:
            if isinstance(child, str):
                if child:
                    previous = None
                continue
            if previous is not None and child.name in INLINE and previous.name in INLINE:
                before, after = previous.get_text(), child.get_text()
                if before[-1:].strip() and after[:1].strip():
                    found.append(f"{before!r} + {after!r}")
            previous = child
    return found


def check_reader_content(title: str, fragment: str) -> None:
    """An entry's content as a reader shows it under the entry's ``title``
    ("Name #9: headline"): the headline not repeated (no ``<h1>``, no heading that
    says the title or its headline), and nothing run together (:func:`runs_together`)."""
    soup = BeautifulSoup(fragment, "html.parser")
    assert not soup.find_all("h1"), f"{title}: the content repeats the headline"
    said = {title.strip(), title.partition(": ")[2].strip()} - {""}
    repeated = [h.get_text().strip() for h in soup.find_all(["h2", "h3", "h4", "h5", "h6"])]
    assert not said & set(repeated), f"{title}: a heading repeats the title"
    together = runs_together(fragment)
    assert not together, f"{title}: run together: {together[:5]}"


def check_identity(path: Path, tree: etree._ElementTree) -> None:
    """The author RFC 4287 requires (the feed's, or every entry's), the icon and logo
    (Atom) or the image with its title and link (RSS), all absolute."""
    root = tree.getroot()
    if root.tag == f"{ATOM}feed":
        names = [a.findtext(f"{ATOM}name") for a in root.findall(f"{ATOM}author")]
        if not (names and all(n and n.strip() for n in names)):
            for entry in root.iter(f"{ATOM}entry"):
                assert entry.findtext(f"{ATOM}author/{ATOM}name"), f"{path}: no author"
        for tag in ("icon", "logo"):
            value = root.findtext(f"{ATOM}{tag}")
            assert value and absolute(value), f"{path}: <{tag}> {value!r}"
        return
    channel = root.find("channel")
    image = channel.find("image")
    assert image is not None, f"{path}: no <image>"
    assert absolute(image.findtext("url") or ""), f"{path}: image url"
    # RSS 2.0: the image's title and link are the channel's, as a reader shows them.
    assert image.findtext("title") == channel.findtext("title"), f"{path}: image title"
    assert image.findtext("link") == channel.findtext("link"), f"{path}: image link"
    dc = "{http://purl.org/dc/elements/1.1/}creator"
    for item in channel.iter("item"):
        assert (item.findtext(dc) or "").strip() or item.findtext("author"), f"{path}: author"


def check_xml_feed(path: Path) -> feedparser.FeedParserDict:
    """Parse an Atom or RSS feed; fail on what feedparser lets through.

    Duplicate or missing ids, a missing ``updated``, a relative link, a missing
    ``rel="self"``, entry links without ``rel``, no author, icon or logo
    (:func:`check_identity`), an entry's content that repeats its headline or runs
    its header together (:func:`check_reader_content`).
    """
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    tree = etree.parse(str(path))
    ids = [e.id for e in parsed.entries]
    assert all(ids) and len(set(ids)) == len(ids), f"{path}: ids not unique: {ids}"
    urls = [e.link for e in parsed.entries] + [parsed.feed.link]
    if tree.getroot().tag == f"{ATOM}feed":
        assert tree.findtext(f"{ATOM}updated"), f"{path}: no feed updated"
        assert tree.findall(f"{ATOM}link[@rel='self']"), f"{path}: no rel=self"
        for entry in tree.iter(f"{ATOM}entry"):
            assert entry.findtext(f"{ATOM}updated"), f"{path}: an entry without updated"
            links = entry.findall(f"{ATOM}link")
            assert links and all(link.get("rel") for link in links), f"{path}: link without rel"
        urls += [link.get("href") for link in tree.iter(f"{ATOM}link")]
        urls.append(tree.findtext(f"{ATOM}id"))
    else:
        self_links = tree.findall(".//{http://www.w3.org/2005/Atom}link[@rel='self']")
        assert self_links, f"{path}: no atom:link rel=self"
        assert tree.findtext("channel/lastBuildDate"), f"{path}: no lastBuildDate"
        urls += [link.get("href") for link in self_links]
        urls += [e.get("url") for e in tree.iter("enclosure")]
    check_identity(path, tree)
    for entry in parsed.entries:
        for content in entry.get("content", []):
            urls += urls_in_html(content.value)
            check_reader_content(entry.title, content.value)
    bad = [url for url in urls if not absolute(url)]
    assert not bad, f"{path}: not absolute: {bad[:5]}"
    return parsed


def check_json_feed(path: Path) -> dict:
    """Parse a JSON Feed and check the fields version 1.1 requires."""
    feed = json.loads(path.read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert absolute(feed[key])
    for key in ("icon", "favicon"):
        assert absolute(feed[key]), f"{path}: {key}"
    # JSON Feed 1.1: an item without authors has the feed's.
    authors = feed["authors"]
    assert authors and all(isinstance(a["name"], str) and a["name"].strip() for a in authors)
    ids = [item["id"] for item in feed["items"]]
    assert all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)
    for item in feed["items"]:
        assert "content_html" in item or "content_text" in item
        assert absolute(item["url"])
        assert all(absolute(url) for url in urls_in_html(item.get("content_html", "")))
        check_reader_content(item["title"], item.get("content_html", ""))
    return feed


def check_all_feeds(outdir: Path) -> dict[str, object]:
    """Check every feed of a site; the parsed feeds by path from the output folder."""
    out: dict[str, object] = {}
    for path in feed_files(outdir):
        name = path.relative_to(outdir).as_posix()
        out[name] = check_json_feed(path) if path.suffix == ".json" else check_xml_feed(path)
    return out
