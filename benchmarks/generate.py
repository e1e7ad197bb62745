"""Deterministic generator of synthetic newsletter archives.

The archives follow the issue format contract (``shared/spec/issue-format.md``):
one ``issues/NNNN.md`` per weekly issue, with YAML front matter, a ``#`` headline,
an intro paragraph, ``##`` editorial sections holding ``recommendation``
directives, and one ``sponsor`` directive.

Everything is derived from ``random.Random(seed)``: no clock, no hash
randomisation (sets are only used for membership tests, never iterated into
output), so the same arguments always give byte-identical files.

The content is generated once into a small in-memory model (:func:`build_archive`)
and then written in one of two formats:

* :func:`generate_archive` writes a ``sphinx_newsletter`` site;
* :func:`generate_floor` writes the same text as plain MyST for a plain
  Sphinx + myst-parser + ``basic`` theme build (the benchmark's "floor"), with
  hand-written region and topic listing pages.

Command line::

    python -m benchmarks.generate DEST --issues N [--floor] [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime
import itertools
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "REALISTIC",
    "REGION_TREE",
    "TOPICS",
    "Archive",
    "ArchiveStats",
    "Issue",
    "Recommendation",
    "Section",
    "Shape",
    "SponsorSlot",
    "build_archive",
    "generate_archive",
    "generate_floor",
    "main",
    "write_archive",
    "write_floor",
]

PROJECT = "Synthetic Weekly"
BASEURL = "https://synthetic.example/"
DEFAULT_START = datetime.date(2019, 1, 7)
WRAP = 79

# --------------------------------------------------------------------------- vocabularies


def _words(text: str) -> tuple[str, ...]:
    """Split a space-separated vocabulary string."""
    return tuple(text.split())


#: The region registry, in popularity order (the first entries get the most
#: recommendations). Each entry is ``(id, title, parent)``; 30 regions in all.
REGION_TREE: tuple[tuple[str, str, str | None], ...] = (
    ("china", "China", "east-asia"),
    ("japan", "Japan", "east-asia"),
    ("india", "India", "south-asia"),
    ("singapore", "Singapore", "southeast-asia"),
    ("south-korea", "South Korea", "east-asia"),
    ("taiwan", "Taiwan", "east-asia"),
    ("asia", "Asia", None),
    ("indonesia", "Indonesia", "southeast-asia"),
    ("southeast-asia", "Southeast Asia", "asia"),
    ("vietnam", "Vietnam", "southeast-asia"),
    ("hong-kong", "Hong Kong", "east-asia"),
    ("east-asia", "East Asia", "asia"),
    ("philippines", "Philippines", "southeast-asia"),
    ("thailand", "Thailand", "southeast-asia"),
    ("malaysia", "Malaysia", "southeast-asia"),
    ("pakistan", "Pakistan", "south-asia"),
    ("bangladesh", "Bangladesh", "south-asia"),
    ("south-asia", "South Asia", "asia"),
    ("kazakhstan", "Kazakhstan", "central-asia"),
    ("myanmar", "Myanmar", "southeast-asia"),
    ("sri-lanka", "Sri Lanka", "south-asia"),
    ("mongolia", "Mongolia", "east-asia"),
    ("cambodia", "Cambodia", "southeast-asia"),
    ("nepal", "Nepal", "south-asia"),
    ("uzbekistan", "Uzbekistan", "central-asia"),
    ("central-asia", "Central Asia", "asia"),
    ("bhutan", "Bhutan", "south-asia"),
    ("kyrgyzstan", "Kyrgyzstan", "central-asia"),
    ("tajikistan", "Tajikistan", "central-asia"),
    ("turkmenistan", "Turkmenistan", "central-asia"),
)

#: Topics as editors write them (mixed case; the kit normalises them to slugs), in
#: popularity order.
TOPICS: tuple[str, ...] = (
    "AI",
    "Geopolitics",
    "Semiconductors",
    "Startups",
    "Markets",
    "Crypto",
    "Climate",
    "Energy",
    "Supply Chains",
    "Policy",
    "E-commerce",
    "Media",
    "Health",
    "Labor",
    "Culture",
)

_FIRST_NAMES = _words(
    "Aiko Ananya Arjun Bao Chen Dara Emil Farah Gita Hana Haruto Ines Jae Jun Kai Kavya "
    "Lan Leila Mai Malik Mei Minh Nadia Naveen Nira Omar Priya Quan Ravi Rina Sami Sara "
    "Sora Tariq Thao Uma Vikram Wen Yuki Zara"
)
_LAST_NAMES = _words(
    "Abe Bakshi Cho Dang Ebrahim Fujita Gao Hamid Hoang Iqbal Jiang Kapoor Kim Kuroda Lee "
    "Lim Mehta Mori Nair Ng Ong Park Qureshi Rahman Sato Sen Shah Tan Tanaka Tran Uddin "
    "Vu Wang Wong Xu Yamada Yeo Yoon Zhang Zhou"
)
_PUB_CITIES = _words(
    "Harbor Monsoon Lotus Jade Meridian Coral Summit Delta Orchid Tiger Pearl Crane "
    "Bamboo Sunrise Typhoon Silk Cedar Lantern Compass Horizon"
)
_PUB_NOUNS = _words(
    "Ledger Courier Review Dispatch Times Tribune Observer Herald Chronicle Post "
    "Gazette Journal Monitor Signal Quarterly Wire"
)
_SPONSOR_STEMS = _words(
    "Vel Kin Aru Sen Tori Mira Nexa Oro Pali Quin Ryo Suka Tavi Umi Vora Zen Lumo Hoshi Daya Bira"
)
_SPONSOR_TAILS = ("ra", "to", "va", "lio", "mi", "ko", "sa", "nix")
_SPONSOR_KINDS = ("", " Labs", " Cloud", " Pay", " HR", " Health", " Legal", " Data")
_OFFERS = (
    "3 months free",
    "20% off the first year",
    "a free onboarding session",
    "50% off for six months",
    "two seats free",
    "a 30-day extended trial",
)

_SECTION_TITLES = (
    "AI",
    "Chips & Supply Chains",
    "Markets & Money",
    "Japan, Korea, Taiwan & Hong Kong",
    "Southeast Asia Roundup",
    "South Asia",
    "Geopolitics",
    "Climate & Energy",
    "Crypto & Bad Boys in Asia",
    "Long Reads",
    "Startups & Venture",
    "Policy Watch",
    "Culture",
    "Health",
    "Media",
    "Work & Labor",
    "Infrastructure",
    "Odds & Ends",
)

_TITLE_WORDS = _words(
    "why how the new old first last big small rising falling quiet loud hidden secret "
    "chip chips factory factories market markets bank banks startup startups founder "
    "founders investor investors billion million deal deals war trade tariff tariffs "
    "border borders port ports city cities village farmers workers migrant students "
    "teachers doctors data cloud model models robot robots battery batteries solar coal "
    "oil gas grid water river rice tea coffee fashion film music game games app apps "
    "platform platforms payments wallet crypto token tokens exchange regulators court "
    "courts election elections party leader leaders protest protests youth generation "
    "dream dreams bet bets gamble pivot boom bust crisis recovery reform reforms plan "
    "plans race rivalry alliance summit visit talks pact ban bans crackdown scandal "
    "comeback exodus surge slump gap future past inside behind beyond after against "
    "between meets faces loses wins builds breaks chases fears eyes quietly finally"
)
_TITLE_PROPER = _words(
    "China's Japan's India's Singapore's Korea's Taiwan's Vietnam's Indonesia's "
    "Beijing's Tokyo's Seoul's Jakarta's Manila's Delhi's Asia's"
)
_FILLER = _words(
    "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor "
    "incididunt ut labore et dolore magna aliqua enim ad minim veniam quis nostrud "
    "exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute irure "
    "in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint "
    "occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est "
    "laborum the story shows why this matters for readers who follow region closely "
    "and it is worth reading alongside our earlier coverage of same trend because "
    "reporting adds useful detail about money power people markets policy"
)
_HEADLINE_WORDS = _words(
    "Chips Dreams Tigers Dragons Monsoon Markets Rivals Bets Bubbles Borders Ports "
    "Rails Robots Rice Steel Silk Signals Storms Tokens Tides Waves Ledgers Lanterns "
    "Summits Founders Factories Harvests Deals Exodus Comebacks"
)
_HEADLINE_LINKS = ("and", "of", "in", "vs", "over", "after", "beyond")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class ArchiveStats:
    """Counts describing a generated archive (what the kit should build pages for).

    ``regions`` is the size of the configured registry (every configured region
    gets a page); the other taxonomy counts are the distinct page slugs actually
    used in the archive.
    """

    issues: int
    recommendations: int
    regions: int
    topics: int
    publications: int
    authors: int
    sponsors: int


@dataclass(frozen=True)
class Recommendation:
    """One recommended article, as written in an issue."""

    id: str
    title: str
    url: str
    authors: tuple[str, ...]
    publication: str
    regions: tuple[str, ...]
    topics: tuple[str, ...]
    body: str
    name: str | None = None
    follows: str | None = None

    @property
    def byline(self) -> str:
        """``*By authors, publication.*`` as the peers and the floor print it; an event
        has neither, and a byline without them is left out."""
        credits = ", ".join((*self.authors, *([self.publication] if self.publication else [])))
        return f"*By {credits}.* " if credits else ""


@dataclass(frozen=True)
class Section:
    """A ``##`` editorial section: optional prose, then recommendations."""

    title: str
    prose: str | None
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class SponsorSlot:
    """An issue's sponsor block."""

    name: str
    url: str
    code: str
    offer: str
    body: str


@dataclass(frozen=True)
class Issue:
    """One weekly issue; the sponsor block follows section ``sponsor_after``."""

    number: int
    date: datetime.date
    description: str
    headline: str
    intro: str
    sections: tuple[Section, ...]
    sponsor: SponsorSlot
    sponsor_after: int

    @property
    def recommendations(self) -> Iterable[Recommendation]:
        """The issue's recommendations in source order."""
        for section in self.sections:
            yield from section.recommendations


@dataclass(frozen=True)
class Archive:
    """The whole generated content, independent of the output format."""

    issues: tuple[Issue, ...]
    regions: tuple[tuple[str, str, str | None], ...]

    def stats(self) -> ArchiveStats:
        """Count issues, recommendations and the distinct taxonomy pages."""
        recs = [r for issue in self.issues for r in issue.recommendations]
        return ArchiveStats(
            issues=len(self.issues),
            recommendations=len(recs),
            regions=len(self.regions),
            topics=len({_page_slug(t) for r in recs for t in r.topics}),
            publications=len({_page_slug(r.publication) for r in recs if r.publication}),
            authors=len({_page_slug(a) for r in recs for a in r.authors}),
            sponsors=len({_page_slug(i.sponsor.name) for i in self.issues}),
        )


@dataclass(frozen=True)
class Shape:
    """How the recommendations spread over the taxonomies, beyond the default archive.

    The default shape (all zeros) is the 10-an-issue archive: 60 publications and
    300 authors, each with many entries. A real weekly also cites thousands of
    sites once or a few times: ``one_off_share`` of the recommendations then name
    a publication drawn evenly from ``one_off_publications`` host names
    (``lantern-wire.co.jp``), and the same share of author slots an author drawn
    evenly from ``one_off_authors`` further names. ``topic_skew`` is the Zipf
    exponent of the topics (1.1 by default): a larger one makes the first topic
    dense. Every region's entries are filed under its ancestors too, so the root
    region holds all of them. ``empty_take_share`` of the recommendations have no
    take (the kit warns about each), and ``event_share`` of the issues end with an
    "Events" section of two to five conferences with neither author nor publication.
    """

    one_off_publications: int = 0
    one_off_authors: int = 0
    one_off_share: float = 0.0
    topic_skew: float = 1.1
    empty_take_share: float = 0.0
    event_share: float = 0.0


#: The realistic scenario's shape (issues 20 and 30): ~3,000 mostly one-off host-named
#: publications beside the regulars, as many one-off authors, one dense topic; most
#: takes empty (each a warning, as in the real archive of issue 30) and an "Events"
#: section of conferences (no author, no publication) in about a quarter of the issues.
REALISTIC = Shape(
    one_off_publications=3200,
    one_off_authors=3000,
    one_off_share=0.5,
    topic_skew=1.8,
    empty_take_share=0.85,
    event_share=0.25,
)


# --------------------------------------------------------------------------- helpers

_ASCII_RUN = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    """Return the spec's id slug of ``text``.

    NFKC, case-fold, every run of characters that are not letters, combining marks
    or decimal digits replaced by one ``-``, leading and trailing ``-`` removed.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return _ASCII_RUN.sub("-", text).strip("-")
    out: list[str] = []
    dash = False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LM" or cat == "Nd":
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def _page_slug(text: str) -> str:
    """Slug for topic/author/publication/sponsor pages (``+`` → plus, ``#`` → sharp)."""
    return _slug(text.replace("+", "plus").replace("#", "sharp"))


def _zipf_cum(n: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf-like weights for ``n`` items ranked by popularity."""
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class _Picker:
    """Weighted picks from a fixed population with Zipf-like skew."""

    def __init__(self, rng: random.Random, items: Sequence[str], s: float = 1.1) -> None:
        self.rng = rng
        self.items = tuple(items)
        self.cum = _zipf_cum(len(self.items), s)
        self.total = self.cum[-1]

    def __len__(self) -> int:
        return len(self.items)

    def one(self) -> str:
        """One weighted pick."""
        i = bisect.bisect(self.cum, self.rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]

    def distinct(self, k: int) -> tuple[str, ...]:
        """``k`` distinct weighted picks, in pick order."""
        k = min(k, len(self))
        out: list[str] = []
        while len(out) < k:
            item = self.one()
            if item not in out:
                out.append(item)
        return tuple(out)


class _Mixture(_Picker):
    """Picks from ``regular`` (weighted), or with probability ``share`` evenly from ``rare``."""

    def __init__(
        self, rng: random.Random, regular: _Picker, rare: Sequence[str], share: float
    ) -> None:
        self.rng, self.regular, self.rare, self.share = rng, regular, tuple(rare), share

    def __len__(self) -> int:
        return len(self.regular) + len(self.rare)

    def one(self) -> str:
        """One pick."""
        if self.rare and self.rng.random() < self.share:
            return self.rng.choice(self.rare)
        return self.regular.one()


_HOST_TLDS = ("com", "net", "org", "co.jp", "com.sg", "in", "asia", "news", "co.kr", "com.au")


def _host_pool(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    """``n`` invented host names (``velkira-pali.com.sg``), none slugging like ``taken``."""
    names: list[str] = []
    seen = set(taken)
    while len(names) < n:
        first = rng.choice(_SPONSOR_STEMS) + rng.choice(_SPONSOR_TAILS)
        host = f"{first}-{rng.choice(_SPONSOR_STEMS).lower()}.{rng.choice(_HOST_TLDS)}".lower()
        if _page_slug(host) not in seen:
            seen.add(_page_slug(host))
            names.append(host)
    return names


def _one_off_authors(rng: random.Random, n: int, taken: set[str]) -> list[str]:
    """``n`` author names with a middle initial, none slugging like ``taken``."""
    names: list[str] = []
    seen = set(taken)
    while len(names) < n:
        initial = chr(ord("A") + rng.randrange(26))
        name = f"{rng.choice(_FIRST_NAMES)} {initial}. {rng.choice(_LAST_NAMES)}"
        if _page_slug(name) not in seen:
            seen.add(_page_slug(name))
            names.append(name)
    return names


def _wrap(words: Sequence[str], width: int = WRAP) -> str:
    """Greedy word wrap (much faster than :mod:`textwrap` for plain words)."""
    lines: list[str] = []
    line: list[str] = []
    length = -1
    for word in words:
        if line and length + 1 + len(word) > width:
            lines.append(" ".join(line))
            line, length = [], -1
        line.append(word)
        length += 1 + len(word)
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def _sentences(rng: random.Random, n_words: int, lo: int = 8, hi: int = 16) -> list[str]:
    """Exactly ``n_words`` filler words grouped into capitalised sentences."""
    words = rng.choices(_FILLER, k=n_words)
    out: list[str] = []
    i = 0
    while i < n_words:
        j = min(n_words, i + rng.randint(lo, hi))
        if n_words - j < 4:  # avoid a dangling two-word sentence
            j = n_words
        sentence = words[i:j]
        sentence[0] = sentence[0].capitalize()
        sentence[-1] += "."
        out.extend(sentence)
        i = j
    return out


def _prose(rng: random.Random, n_words: int) -> str:
    """A wrapped paragraph of ``n_words`` filler words."""
    return _wrap(_sentences(rng, n_words))


def _author_pool(rng: random.Random, n: int = 300) -> list[str]:
    combos = [f"{f} {last}" for f in _FIRST_NAMES for last in _LAST_NAMES]
    return rng.sample(combos, n)


def _publication_pool(rng: random.Random, n: int = 60) -> list[str]:
    patterns = (
        "The {c} {n}",
        "{c} {n}",
        "Asia {c} {n}",
        "The Weekly {n}",
        "{c} Business {n}",
    )
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        name = rng.choice(patterns).format(c=rng.choice(_PUB_CITIES), n=rng.choice(_PUB_NOUNS))
        if _page_slug(name) not in seen:
            seen.add(_page_slug(name))
            names.append(name)
    return names


def _sponsor_pool(rng: random.Random, n: int = 40) -> list[tuple[str, str, str]]:
    """``(name, code, offer)`` for ``n`` invented sponsors."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    while len(out) < n:
        stem = rng.choice(_SPONSOR_STEMS) + rng.choice(_SPONSOR_TAILS)
        name = stem + rng.choice(_SPONSOR_KINDS)
        if _page_slug(name) in seen:
            continue
        seen.add(_page_slug(name))
        code = stem.upper()[:6] + str(rng.randint(10, 99))
        out.append((name, code, rng.choice(_OFFERS)))
    return out


def _title(rng: random.Random) -> str:
    """A 6-16 word headline-style article title."""
    n = rng.randint(6, 16)
    words = rng.choices(_TITLE_WORDS, k=n)
    if rng.random() < 0.4:
        words[rng.randrange(n)] = rng.choice(_TITLE_PROPER)
    if n >= 8 and rng.random() < 0.25:
        words[2] += ":"
    elif n >= 8 and rng.random() < 0.1:
        words.insert(n // 2, "—")
    words[0] = words[0][0].upper() + words[0][1:]
    return " ".join(words)


def _headline(rng: random.Random) -> str:
    """A 3-5 word issue headline (shorter than any recommendation title)."""
    a, b = rng.sample(_HEADLINE_WORDS, 2)
    parts = [a, rng.choice(_HEADLINE_LINKS), b]
    if rng.random() < 0.5:
        parts.append(rng.choice(("Rising", "Ahead", "Again", "Adrift", "Unbound")))
    return " ".join(parts)


# --------------------------------------------------------------------------- content model


def build_archive(
    issues: int,
    *,
    seed: int = 9,
    recs_per_issue: int = 10,
    start: datetime.date = DEFAULT_START,
    shape: Shape | None = None,
) -> Archive:
    """Generate the content of ``issues`` weekly issues, deterministically from ``seed``.

    Each issue holds ``recs_per_issue ± 2`` recommendations (at least one when
    ``recs_per_issue`` is positive), spread over 3-4 ``##`` sections, and one
    sponsor. Titles, hence default ids, are unique across the archive; about 3% of
    recommendations carry an explicit ``:name:`` and about 5% ``:follows:`` an
    earlier issue's recommendation. ``shape`` (default: none) adds one-off
    publications and authors and a denser first topic (see :class:`Shape`); without
    it the random stream, hence the archive, is that of the default archive.
    """
    if issues < 0:
        raise ValueError("issues must be >= 0")
    rng = random.Random(seed)
    author_pool, publication_pool = _author_pool(rng), _publication_pool(rng)
    authors = _Picker(rng, author_pool, s=0.8)
    publications = _Picker(rng, publication_pool, s=0.9)
    sponsor_pool = _sponsor_pool(rng)
    sponsors = _Picker(rng, [str(i) for i in range(len(sponsor_pool))], s=0.9)
    regions = _Picker(rng, [r[0] for r in REGION_TREE], s=1.1)
    topics = _Picker(rng, TOPICS, s=shape.topic_skew if shape else 1.1)
    if shape is not None:
        # Drawn after the default pools, so the regulars are the default archive's.
        taken = {_page_slug(name) for name in (*author_pool, *publication_pool)}
        hosts = _host_pool(rng, shape.one_off_publications, taken)
        names = _one_off_authors(rng, shape.one_off_authors, taken)
        publications = _Mixture(rng, publications, hosts, shape.one_off_share)
        authors = _Mixture(rng, authors, names, shape.one_off_share)

    ids: set[str] = set()
    url_paths: set[str] = set()
    # recommendation ids per issue, for :follows:
    earlier: list[list[str]] = []
    out: list[Issue] = []

    for index in range(issues):
        number = index + 1
        date = start + datetime.timedelta(weeks=index)
        lo = max(1, recs_per_issue - 2) if recs_per_issue > 0 else 0
        n_recs = rng.randint(lo, recs_per_issue + 2) if recs_per_issue > 0 else 0
        recs: list[Recommendation] = []
        for k in range(n_recs):
            title = _title(rng)
            rec_id = _slug(title)
            extra = 2
            base = title
            while not rec_id or rec_id in ids:
                title = f"{base} {extra}"
                rec_id = _slug(title)
                extra += 1
            name: str | None = None
            if rng.random() < 0.03:
                name = f"{'-'.join(rec_id.split('-')[:3])}-{number}-{k + 1}"
                if name in ids:
                    name = None
                else:
                    rec_id = name
            ids.add(rec_id)
            path = _slug(" ".join(title.split()[:6])) or "article"
            if path in url_paths:
                path = f"{path}-{number}-{k + 1}"
            url_paths.add(path)
            follows: str | None = None
            if index > 0 and rng.random() < 0.05:
                back = rng.randrange(max(0, index - 52), index)
                if earlier[back]:
                    follows = rng.choice(earlier[back])
            recs.append(
                Recommendation(
                    id=rec_id,
                    title=title,
                    url=f"https://news.example/{path}",
                    authors=authors.distinct(rng.choices((1, 2, 3), (60, 30, 10))[0]),
                    publication=publications.one(),
                    regions=regions.distinct(rng.choices((1, 2), (70, 30))[0]),
                    topics=topics.distinct(rng.choices((1, 2, 3), (45, 40, 15))[0]),
                    body=_prose(rng, 100),
                    name=name,
                    follows=follows,
                )
            )
        if shape is not None and shape.empty_take_share:
            # Drawn after the takes, so the rest of the archive stays the same.
            recs = [
                dataclasses.replace(r, body="") if rng.random() < shape.empty_take_share else r
                for r in recs
            ]
        earlier.append([r.id for r in recs])

        titles = rng.sample(_SECTION_TITLES, rng.choice((3, 4)))
        # split recommendations into len(titles) consecutive, mostly non-empty runs
        cuts = sorted(rng.sample(range(1, n_recs), min(len(titles) - 1, max(0, n_recs - 1))))
        bounds = [0, *cuts] + [n_recs] * (len(titles) - len(cuts))
        sections = []
        for s, title in enumerate(titles):
            chunk = tuple(recs[bounds[s] : bounds[s + 1]])
            prose = _prose(rng, rng.randint(20, 45)) if not chunk or rng.random() < 0.2 else None
            sections.append(Section(title=title, prose=prose, recommendations=chunk))
        if shape is not None and rng.random() < shape.event_share:
            sections.append(_events(rng, number, regions, ids))

        sp_name, sp_code, sp_offer = sponsor_pool[int(sponsors.one())]
        sponsor = SponsorSlot(
            name=sp_name,
            url=f"https://sponsor.example/{_page_slug(sp_name)}",
            code=sp_code,
            offer=sp_offer,
            body=_prose(rng, rng.randint(30, 60)),
        )
        description = " ".join(_sentences(rng, rng.randint(14, 32), lo=10, hi=18))
        intro_words = ["In", "issue", f"{number},", *_sentences(rng, rng.randint(40, 70))]
        intro_words[3] = intro_words[3].lower()
        out.append(
            Issue(
                number=number,
                date=date,
                description=description,
                headline=_headline(rng),
                intro=_wrap(intro_words),
                sections=tuple(sections),
                sponsor=sponsor,
                sponsor_after=rng.randrange(len(sections)),
            )
        )
    return Archive(issues=tuple(out), regions=REGION_TREE)


_EVENT_KINDS = ("Summit", "Forum", "Conference", "Meetup", "Workshop", "Hackathon")
_EVENT_CITIES = ("Singapore", "Jakarta", "Tokyo", "Seoul", "Taipei", "Bengaluru", "Almaty")


def _events(rng: random.Random, number: int, regions: _Picker, ids: set[str]) -> Section:
    """An "Events" section: two to five conferences, each with a link, a region, the
    topic "Events" and a one-sentence take, as a real weekly lists them."""
    events = []
    for k in range(rng.randint(2, 5)):
        name = f"{rng.choice(_HEADLINE_WORDS)} {rng.choice(_EVENT_KINDS)} {number}-{k + 1}"
        title = f"{name} on {rng.randint(1, 28)} May in {rng.choice(_EVENT_CITIES)}"
        rec_id = _slug(title)
        ids.add(rec_id)
        events.append(
            Recommendation(
                id=rec_id,
                title=title,
                url=f"https://events.example/{rec_id}",
                authors=(),
                publication="",
                regions=(regions.one(),),
                topics=("Events",),
                body=" ".join(_sentences(rng, rng.randint(12, 24))),
            )
        )
    return Section(title="Events", prose=None, recommendations=tuple(events))


# --------------------------------------------------------------------------- writers


def _regions_literal(regions: Sequence[tuple[str, str, str | None]]) -> str:
    """The registry as a pretty-printed Python dict literal, parents first."""
    lines = ["newsletter_regions = {"]
    for rid, title, parent in _tree_order(regions):
        entry = {"title": title} if parent is None else {"title": title, "parent": parent}
        lines.append(f"    {json.dumps(rid)}: {json.dumps(entry)},")
    lines.append("}")
    return "\n".join(lines)


def _tree_order(
    regions: Sequence[tuple[str, str, str | None]],
) -> list[tuple[str, str, str | None]]:
    """Regions in depth-first order, children in registry order."""
    children: dict[str | None, list[tuple[str, str, str | None]]] = {}
    for region in regions:
        children.setdefault(region[2], []).append(region)
    ordered: list[tuple[str, str, str | None]] = []

    def visit(parent: str | None) -> None:
        for region in children.get(parent, []):
            ordered.append(region)
            visit(region[0])

    visit(None)
    return ordered


def _front_matter(issue: Issue) -> str:
    desc = _wrap(issue.description.split(), WRAP - 2).replace("\n", "\n  ")
    return (
        f"---\nnumber: {issue.number}\ndate: {issue.date.isoformat()}\n"
        f"description: >-\n  {desc}\n---\n"
    )


def _kit_recommendation(rec: Recommendation) -> str:
    opts = [
        f":url: {rec.url}",
        *([f":authors: {', '.join(rec.authors)}"] if rec.authors else []),
        *([f":publication: {rec.publication}"] if rec.publication else []),
        f":regions: {', '.join(rec.regions)}",
        f":topics: {', '.join(rec.topics)}",
    ]
    if rec.name:
        opts.append(f":name: {rec.name}")
    if rec.follows:
        opts.append(f":follows: {rec.follows}")
    take = f"\n{rec.body}\n" if rec.body else ""
    return f":::{{recommendation}} {rec.title}\n" + "\n".join(opts) + f"\n{take}:::\n"


def _kit_sponsor(sp: SponsorSlot) -> str:
    return (
        f":::{{sponsor}} {sp.name}\n:url: {sp.url}\n:code: {sp.code}\n:offer: {sp.offer}\n\n"
        f"{sp.body}\n:::\n"
    )


def _floor_recommendation(rec: Recommendation, region_titles: dict[str, str]) -> str:
    regions = ", ".join(f"{{doc}}`{region_titles[r]} </regions/{r}>`" for r in rec.regions)
    topics = ", ".join(f"{{doc}}`{t} </topics/{_page_slug(t)}>`" for t in rec.topics)
    byline = f"{rec.byline}Regions: {regions}. Topics: {topics}."
    if rec.follows:
        byline += f" Follows up {{ref}}`{rec.follows}`."
    return f"({rec.id})=\n### [{rec.title}]({rec.url})\n\n{byline}\n\n{rec.body}\n"


def _floor_sponsor(sp: SponsorSlot) -> str:
    return (
        f":::{{admonition}} Sponsored by {sp.name}\n:class: sponsor\n\n{sp.body}\n\n"
        f"[{sp.name}]({sp.url}): use code **{sp.code}** for {sp.offer}.\n:::\n"
    )


def _issue_text(
    issue: Issue,
    rec_block: Callable[[Recommendation], str],
    sponsor_block: Callable[[SponsorSlot], str],
) -> str:
    """Render one issue; the two formats differ only in the block renderers."""
    parts = [_front_matter(issue), f"# {issue.headline}\n", f"{issue.intro}\n"]
    for s, section in enumerate(issue.sections):
        parts.append(f"## {section.title}\n")
        if section.prose:
            parts.append(f"{section.prose}\n")
        parts.extend(rec_block(rec) for rec in section.recommendations)
        if s == issue.sponsor_after:
            parts.append(sponsor_block(issue.sponsor))
    return "\n".join(parts)


def _write_files(dest: Path, files: dict[str, str], managed: Sequence[str]) -> None:
    """Write ``files`` (relative path → text) and drop stale ``*.md`` in ``managed`` dirs."""
    dest.mkdir(parents=True, exist_ok=True)
    for sub in managed:
        folder = dest / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.md"):
            if f"{sub}/{old.name}" not in files:
                old.unlink()
    for rel, text in files.items():
        path = dest / rel
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                continue  # keep mtimes stable for incremental-build benchmarks
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_archive(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as a ``sphinx_newsletter`` site under ``dest``."""
    conf = "\n".join(
        [
            f"project = {json.dumps(PROJECT)}",
            'extensions = ["sphinx_newsletter"]',
            f"html_baseurl = {json.dumps(BASEURL)}",
            f"newsletter_subscribe = {{'url': {json.dumps(BASEURL + 'subscribe/')}}}",
            _regions_literal(archive.regions),
            'exclude_patterns = ["_build"]',
            'language = "en"',
            "",
        ]
    )
    files = {
        "conf.py": conf,
        "index.md": f"# {PROJECT}\n\nA synthetic newsletter about Asia, generated for "
        "benchmarks and tests.\n",
    }
    for issue in archive.issues:
        files[f"issues/{issue.number:04d}.md"] = _issue_text(
            issue, _kit_recommendation, _kit_sponsor
        )
    _write_files(Path(dest), files, ("issues",))
    return archive.stats()


def write_floor(archive: Archive, dest: Path) -> ArchiveStats:
    """Write ``archive`` as plain MyST (Sphinx + myst-parser + ``basic`` theme) under ``dest``.

    Issue pages carry the same headings and text, each recommendation a ``###``
    linked heading with a MyST target; ``regions/<id>.md`` and ``topics/<slug>.md``
    list every recommendation filed there (regions include descendants), newest
    issue first and in source order within an issue.
    """
    region_titles = {rid: title for rid, title, _ in archive.regions}
    parents = {rid: parent for rid, _, parent in archive.regions}
    by_region: dict[str, list[str]] = {rid: [] for rid, _, _ in archive.regions}
    by_topic: dict[str, list[str]] = {}
    topic_names: dict[str, str] = {}
    files: dict[str, str] = {}

    def rec_block(rec: Recommendation) -> str:
        return _floor_recommendation(rec, region_titles)

    for issue in reversed(archive.issues):
        for rec in issue.recommendations:
            filed: list[str] = []
            for rid in rec.regions:
                node: str | None = rid
                while node is not None:
                    if node not in filed:
                        filed.append(node)
                    node = parents[node]
            for rid in filed:
                by_region[rid].append(rec.id)
            for topic in rec.topics:
                slug = _page_slug(topic)
                topic_names.setdefault(slug, topic)
                by_topic.setdefault(slug, []).append(rec.id)
    for issue in archive.issues:
        files[f"issues/{issue.number:04d}.md"] = _issue_text(issue, rec_block, _floor_sponsor)

    def listing(title: str, ids: list[str], lead: str = "") -> str:
        items = "\n".join(f"- {{ref}}`{i}`" for i in ids) or "Nothing is filed here yet."
        return f"# {title}\n\n{lead}{items}\n"

    children: dict[str, list[str]] = {}
    for rid, _, parent in archive.regions:
        if parent is not None:
            children.setdefault(parent, []).append(rid)
    for rid, title, parent in archive.regions:
        links = []
        if parent is not None:
            links.append(f"Part of {{doc}}`/regions/{parent}`.")
        if rid in children:
            subs = ", ".join(f"{{doc}}`/regions/{c}`" for c in children[rid])
            links.append(f"Includes {subs}.")
        lead = " ".join(links) + "\n\n" if links else ""
        files[f"regions/{rid}.md"] = listing(title, by_region[rid], lead)
    for slug in sorted(by_topic):
        files[f"topics/{slug}.md"] = listing(topic_names[slug], by_topic[slug])

    toctrees = "\n".join(
        f"```{{toctree}}\n:caption: {caption}\n:glob:\n:maxdepth: 1\n\n{folder}/*\n```\n"
        for caption, folder in (("Issues", "issues"), ("Regions", "regions"), ("Topics", "topics"))
    )
    files["index.md"] = (
        f"# {PROJECT}\n\nA synthetic newsletter about Asia, generated for benchmarks and "
        f"tests.\n\n{toctrees}"
    )
    files["conf.py"] = "\n".join(
        [
            f"project = {json.dumps(PROJECT)}",
            'extensions = ["myst_parser"]',
            'html_theme = "basic"',
            'myst_enable_extensions = ["colon_fence"]',
            'exclude_patterns = ["_build"]',
            'language = "en"',
            "",
        ]
    )
    _write_files(Path(dest), files, ("issues", "regions", "topics"))
    return archive.stats()


def generate_archive(
    dest: Path,
    issues: int,
    *,
    seed: int = 9,
    recs_per_issue: int = 10,
    start: datetime.date = DEFAULT_START,
    shape: Shape | None = None,
) -> ArchiveStats:
    """Generate ``issues`` weekly issues as a ``sphinx_newsletter`` site in ``dest``.

    Writes ``conf.py``, ``index.md`` and ``issues/NNNN.md``; returns the counts.
    """
    archive = build_archive(
        issues, seed=seed, recs_per_issue=recs_per_issue, start=start, shape=shape
    )
    return write_archive(archive, dest)


def generate_floor(
    dest: Path,
    issues: int,
    *,
    seed: int = 9,
    recs_per_issue: int = 10,
    start: datetime.date = DEFAULT_START,
    shape: Shape | None = None,
) -> ArchiveStats:
    """Generate the same content as :func:`generate_archive`, as a plain MyST project."""
    archive = build_archive(
        issues, seed=seed, recs_per_issue=recs_per_issue, start=start, shape=shape
    )
    return write_floor(archive, dest)


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m benchmarks.generate DEST --issues N``."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("dest", type=Path, help="output folder (created if missing)")
    parser.add_argument("--issues", type=int, default=100, help="number of issues (100)")
    parser.add_argument("--seed", type=int, default=9, help="random seed (9)")
    parser.add_argument(
        "--recs-per-issue", type=int, help="mean per issue (10; 40 with --realistic)"
    )
    parser.add_argument(
        "--start",
        type=datetime.date.fromisoformat,
        default=DEFAULT_START,
        help="date of issue 1, ISO (2019-01-07)",
    )
    parser.add_argument("--floor", action="store_true", help="write the plain-MyST floor project")
    parser.add_argument(
        "--realistic",
        action="store_true",
        help="the realistic shape: one-off publications and authors, a dense topic",
    )
    args = parser.parse_args(argv)
    if args.issues < 0:
        parser.error("--issues must be >= 0")
    started = time.perf_counter()
    generate = generate_floor if args.floor else generate_archive
    stats = generate(
        args.dest,
        args.issues,
        seed=args.seed,
        recs_per_issue=args.recs_per_issue or (40 if args.realistic else 10),
        start=args.start,
        shape=REALISTIC if args.realistic else None,
    )
    elapsed = time.perf_counter() - started
    kind = "floor" if args.floor else "archive"
    print(f"{kind} written to {args.dest} in {elapsed:.2f}s: {stats}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
