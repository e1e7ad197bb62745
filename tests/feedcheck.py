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


def check_xml_feed(path: Path) -> feedparser.FeedParserDict:
    """Parse an Atom or RSS feed; fail on what feedparser lets through.

    Duplicate or missing ids, a missing ``updated``, a relative link, a missing
    ``rel="self"``, entry links without ``rel``.
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
    for entry in parsed.entries:
        for content in entry.get("content", []):
            urls += urls_in_html(content.value)
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
    ids = [item["id"] for item in feed["items"]]
    assert all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)
    for item in feed["items"]:
        assert "content_html" in item or "content_text" in item
        assert absolute(item["url"])
        assert all(absolute(url) for url in urls_in_html(item.get("content_html", "")))
    return feed


def check_all_feeds(outdir: Path) -> dict[str, object]:
    """Check every feed of a site; the parsed feeds by path from the output folder."""
    out: dict[str, object] = {}
    for path in feed_files(outdir):
        name = path.relative_to(outdir).as_posix()
        out[name] = check_json_feed(path) if path.suffix == ".json" else check_xml_feed(path)
    return out
