"""Feed entries written as issue files: numbered, dated, idempotent, never over an edit.

Each issue file records where it came from and what the import wrote, in two
front-matter fields the spec's list is extended by (added, none renamed):
``imported-from`` (the entry's id in the feed) and ``imported-digest`` (the
SHA-256 of the file as written, without that line). A later import of the
same feed finds each entry's file by its id: a file whose text still has its
digest is rewritten (or left alone when nothing changed); one an editor has
changed since is never touched. A new entry never replaces a file that exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from ...paths import OutsideOutput, inside
from ...read.frontmatter import parse_front_matter
from ..new import issue_files
from .convert import Block, Converted, Cover, Leftover, Prose, Recommendation, Sponsor, convert
from .feed import Entry, Feed
from .leftovers import note_line
from .markdown import plain_markdown, safe_target
from .sanitize import IMAGE_SCHEMES, absolute, sanitize

IMPORTED_FROM = "imported-from"
IMPORTED_DIGEST = "imported-digest"
#: The ``imported-from`` of the first issue ``newsletter init`` writes: a placeholder
#: that an import may replace while nobody has edited it.
PLACEHOLDER = "newsletter init"
#: The most HTML one entry may hold to be converted, in bytes.
MAX_ENTRY_BYTES = 1_000_000
#: The longest entry id kept as it is (a longer one is kept as its digest).
MAX_KEY_CHARS = 1000
DESCRIPTION_CHARS = 300
_TITLE_NUMBER = re.compile(
    r"^(?P<prefix>.*?)(?:#|\bno\.?\s*|\bissue\s+|\bnumber\s+)(?P<number>\d{1,9})\b\s*[:\u2013\u2014|-]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DIGEST_LINE = re.compile(rf"^{IMPORTED_DIGEST}:.*\n", re.MULTILINE)
_COLON_RUN = re.compile(r"^\s*(:{3,})", re.MULTILINE)


def title_number(title: str) -> tuple[int, str] | None:
    """(number, headline) when a title holds an issue number ("Weekly #9: Sora")."""
    match = _TITLE_NUMBER.match(" ".join(title.split()))
    if not match or int(match.group("number")) < 1:
        return None
    return int(match.group("number")), match.group("rest").strip() or match.group(0)


def entry_key(entry: Entry) -> str:
    """The entry's id as the front matter keeps it."""
    key = " ".join(entry.key.split())
    if len(key) <= MAX_KEY_CHARS:
        return key
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def digest(text: str) -> str:
    """The digest of an issue file's text, its ``imported-digest`` line left out."""
    body = _DIGEST_LINE.sub("", text)
    return "sha256:" + hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _yaml(value: str) -> str:
    """A YAML double-quoted scalar (JSON's quoting is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _plain(html_or_text: str) -> str:
    if not html_or_text.strip():
        return ""
    try:
        text = lxml.html.fragment_fromstring(html_or_text, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = html_or_text
    return " ".join(text.split())


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "\u2026"


def _one_line(value: str) -> str:
    return " ".join(value.replace(",", " ").split()) if value else ""


def _fence(body: str) -> str:
    """A colon fence longer than any that starts a line of ``body``."""
    longest = max((len(m.group(1)) for m in _COLON_RUN.finditer(body)), default=0)
    return ":" * max(3, longest + 1)


def render_block(block: Block) -> str:
    """One block as MyST."""
    if isinstance(block, Prose):
        return block.text
    if isinstance(block, Leftover):
        return note_line(block.note)
    if isinstance(block, Sponsor):
        fence = _fence(block.message)
        return (
            f"{fence}{{sponsor}} {plain_markdown(block.name)}\n:url: {safe_target(block.url)}\n\n"
            f"{block.message}\n{fence}"
        )
    options = [f":url: {safe_target(block.url)}" if block.url else ":no-url:"]
    if block.authors:
        options.append(":authors: " + ", ".join(_one_line(a) for a in block.authors))
    if block.publication:
        options.append(f":publication: {_one_line(block.publication)}")
    if block.regions:
        options.append(":regions: " + ", ".join(block.regions))
    if block.topics:
        options.append(":topics: " + ", ".join(_one_line(t) for t in block.topics))
    if block.name:
        options.append(f":name: {block.name}")
    fence = _fence(block.take)
    lines = "\n".join(options)
    take = f"\n\n{block.take}" if block.take else ""
    return f"{fence}{{recommendation}} {plain_markdown(block.title)}\n{lines}{take}\n{fence}"


def mark_placeholder(path: Path) -> None:
    """Record in an issue file that it is a tool's placeholder (``PLACEHOLDER``), with
    its digest: an import replaces it as long as nobody has edited it."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    end = text.index("\n---\n", 3)
    marked = (
        text[:end]
        + f"\n{IMPORTED_FROM}: {_yaml(PLACEHOLDER)}\n{IMPORTED_DIGEST}: pending"
        + text[end:]
    )
    path.write_text(
        marked.replace(f"{IMPORTED_DIGEST}: pending", f"{IMPORTED_DIGEST}: {digest(marked)}"),
        encoding="utf-8",
    )


@dataclass
class Made:
    """One entry made into an issue's text, with what it holds."""

    number: int
    text: str
    recommendations: int
    leftovers: list[str]


def make_issue(
    entry: Entry,
    key: str,
    number: int,
    headline: str,
    date: dt.date | None,
    fallback_date: dt.date,
    regions_by_title: dict[str, str],
) -> Made:
    """The issue file's text for ``entry`` (without its digest line filled in)."""
    notes: list[str] = []
    blocks: list[Block] = []
    cover: Cover | None = None
    if len(entry.content.encode("utf-8", "surrogatepass")) > MAX_ENTRY_BYTES:
        notes.append(
            f"the entry's content is {len(entry.content.encode('utf-8', 'surrogatepass'))} "
            f"bytes, more than {MAX_ENTRY_BYTES}: it was not imported; copy what matters by hand"
        )
    else:
        cleaned = sanitize(entry.content, entry.link)
        try:
            converted: Converted = convert(cleaned.root, headline, regions_by_title)
            blocks, cover = converted.blocks, converted.cover
        except RecursionError:
            notes.append("the entry's HTML is nested too deeply to convert: copy it by hand")
    if date is None:
        notes.append(
            f"the entry's date ({entry.date_text or 'none'}) could not be read: set the "
            "date, then remove draft: true"
        )
    # The summary; a feed without one (RSS whose description is the content) gives the
    # content's opening words; an empty entry, its headline.
    description = (
        _cut(_plain(entry.summary), DESCRIPTION_CHARS)
        or _cut(_plain(entry.content), DESCRIPTION_CHARS)
        or headline
    )
    front = [
        f"number: {number}",
        f"date: {(date or fallback_date).isoformat()}",
        f"description: {_yaml(description)}",
    ]
    image = absolute(entry.image, entry.link) if entry.image else None
    if image is None and cover is not None:
        image = absolute(cover.src, entry.link)
    if image and image.split(":", 1)[0].lower() in IMAGE_SCHEMES:
        front.append(f"image: {_yaml(image)}")
        front.append(
            f"image-alt: {_yaml(_cut(cover.alt if cover and cover.alt else headline, 500))}"
        )
        if cover and cover.credit:
            front.append(f"image-credit: {_yaml(_cut(cover.credit, 500))}")
    if date is None:
        front.append("draft: true")
    front.append(f"{IMPORTED_FROM}: {_yaml(key)}")
    front.append(f"{IMPORTED_DIGEST}: pending")
    body = [f"# {plain_markdown(headline)}", *(note_line(n) for n in notes)]
    body.extend(render_block(b) for b in blocks)
    text = "---\n" + "\n".join(front) + "\n---\n\n" + "\n\n".join(body) + "\n"
    text = text.replace(f"{IMPORTED_DIGEST}: pending", f"{IMPORTED_DIGEST}: {digest(text)}")
    leftovers = notes + [b.note for b in blocks if isinstance(b, Leftover)]
    recs = sum(isinstance(b, Recommendation) for b in blocks)
    return Made(number, text, recs, leftovers)


@dataclass(frozen=True)
class Existing:
    """An issue file already in the site."""

    path: Path
    number: int
    key: str | None
    #: Whether its text is still what an import wrote (its digest holds).
    untouched: bool


def existing_issues(issues: Path) -> list[Existing]:
    """The site's issue files, with the import each came from (if any)."""
    found = []
    for number, path in issue_files(issues).items():
        text = path.read_text(encoding="utf-8", errors="replace")
        values = parse_front_matter(text).values
        key = values.get(IMPORTED_FROM)
        recorded = values.get(IMPORTED_DIGEST)
        found.append(
            Existing(
                path,
                number,
                str(key) if key is not None else None,
                recorded is not None and str(recorded) == digest(text),
            )
        )
    return found


@dataclass
class Outcome:
    """What happened to one entry."""

    key: str
    title: str
    #: ``written``, ``updated``, ``unchanged``, ``kept`` (edited since), ``clash``.
    status: str
    path: str = ""
    recommendations: int = 0
    leftovers: list[str] = field(default_factory=list)
    why: str = ""


def chronological(entries: Iterable[Entry]) -> list[Entry]:
    """The entries oldest first (feeds list the newest first; some the other way)."""
    ordered = list(entries)
    dated = [e.date for e in ordered if e.date is not None]
    return list(reversed(ordered)) if dated and dated[0] > dated[-1] else ordered


def import_feed(
    feed: Feed, srcdir: Path, issues_dir: str, regions_by_title: dict[str, str]
) -> list[Outcome]:
    """Write the feed's entries into the site's issues folder; one outcome per entry."""
    issues = srcdir / issues_dir.strip("/")
    issues.mkdir(parents=True, exist_ok=True)
    present = existing_issues(issues)
    by_key = {e.key: e for e in present if e.key is not None}
    placeholders = {e.path for e in present if e.key == PLACEHOLDER and e.untouched}
    # An entry numbered by its order may take a placeholder's number too.
    taken = {e.number for e in present if e.path not in placeholders}
    entries = chronological(feed.entries)
    seen: Counter[str] = Counter()
    keys = []
    for entry in entries:
        key = entry_key(entry)
        seen[key] += 1
        # A feed that repeats an id still has two entries: the second is kept apart.
        keys.append(key if seen[key] == 1 else f"{key} (repeat {seen[key]})")
    numbered = [title_number(e.title) for e in entries]
    from_titles = all(numbered) and len({n[0] for n in numbered if n}) == len(entries)
    next_free = max(taken, default=0) + 1
    outcomes = []
    last_date: dt.date | None = None
    fallback = next((e.date for e in entries if e.date), dt.date(1970, 1, 1))
    for entry, key, found in zip(entries, keys, numbered, strict=True):
        headline = (found[1] if found else "") or " ".join(entry.title.split()) or "Untitled"
        earlier = by_key.get(key)
        if earlier is not None:
            number = earlier.number
        elif from_titles and found:
            number = found[0]
        else:
            while next_free in taken:
                next_free += 1
            number = next_free
        taken.add(number)
        outcome = Outcome(key, " ".join(entry.title.split()), "written")
        outcomes.append(outcome)
        made = make_issue(
            entry, key, number, headline, entry.date, last_date or fallback, regions_by_title
        )
        last_date = entry.date or last_date
        outcome.recommendations, outcome.leftovers = made.recommendations, made.leftovers
        try:
            path = earlier.path if earlier else inside(issues, f"{number:04d}.md")
        except OutsideOutput as error:
            outcome.status, outcome.why = "clash", str(error)
            continue
        outcome.path = str(path.relative_to(srcdir))
        if earlier is not None and not earlier.untouched:
            outcome.status, outcome.why = "kept", "edited since it was imported: not touched"
            continue
        if earlier is not None:
            if path.read_text(encoding="utf-8") == made.text:
                outcome.status = "unchanged"
                continue
            path.write_text(made.text, encoding="utf-8")
            outcome.status = "updated"
            continue
        if path in placeholders:
            # The first issue init wrote, never edited: the archive takes its place.
            path.unlink()
            placeholders.discard(path)
        try:
            # "x": never over a file that exists (one written by hand, or by another entry).
            with path.open("x", encoding="utf-8", newline="\n") as out:
                out.write(made.text)
        except FileExistsError:
            outcome.status = "clash"
            outcome.why = f"{outcome.path} exists and was not imported from this entry: not written"
    return outcomes
