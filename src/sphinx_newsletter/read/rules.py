"""The rules of the ``recommendation`` and ``sponsor`` directives, over plain text.

Each rule takes what the contributor wrote (the argument, the ``:key: value``
lines, their source lines) and reports every problem through a ``Report``
callable ``(subtype, message, lineno)``. The Sphinx directives
(``directives``) and the fast reader of ``newsletter check`` (``fast``) both
call these functions, so the two give the same messages: there is one set of
validators.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import settings_of
from ..links import http_url
from ..model import Filed, Recommendation, Sponsor
from ..slugs import is_slug, lookalikes, slugify, split_list, taxonomy_slug, visible
from ..spelling import closest
from ..taxonomies import TAXONOMIES, Taxonomy, recommendation_taxonomies
from .emphasis import without_markers

if TYPE_CHECKING:
    from sphinx.config import Config

#: ``(subtype, message, lineno)``: where a rule sends a problem.
Report = Callable[[str, str, int], None]

_OPTION_RE = re.compile(r"^:([^:\s][^:]*):(?:\s+(.*))?$")
#: The most a directive's argument or one option may hold, in bytes of UTF-8.
MAX_VALUE_BYTES = 10_000
_LANG_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")

#: The recommendation's own options besides its taxonomies': name -> True when it
#: is a flag (takes no value).
_OWN_OPTIONS: dict[str, bool] = {
    "url": False,
    "no-url": True,
    "date": False,
    "lang": False,
    "name": False,
    "follows": False,
    "archive": False,
}
SPONSOR_OPTIONS: dict[str, bool] = {
    "url": False,
    "logo": False,
    "code": False,
    "offer": False,
    "terms": False,
}


def recommendation_option_table() -> dict[str, bool]:
    """The ``recommendation`` directive's options (name -> True for a flag): its own
    and one per taxonomy that files recommendations (``taxonomies.TAXONOMIES``)."""
    named = {taxonomy.option: False for taxonomy in recommendation_taxonomies() if taxonomy.option}
    return {**_OWN_OPTIONS, **named}


def naming_options() -> tuple[str, ...]:
    """The recommendation's options that name things (checked for look-alike characters)."""
    return (
        *(taxonomy.option for taxonomy in recommendation_taxonomies() if taxonomy.option),
        "name",
        "follows",
    )


def _spoken(words: Sequence[str]) -> str:
    """``a, b and c``."""
    return f"{', '.join(words[:-1])} and {words[-1]}" if len(words) > 1 else "".join(words)


@dataclass(slots=True)
class NameBudget:
    """The names an issue has filed so far, against the caps on how many it may file.

    Every topic, publication, author and sponsor gets a page (a topic a feed too),
    so a short option listing thousands of names would add thousands of pages: the
    names of every ``capped`` taxonomy count.
    One budget per document, spent in reading order, so the build's reader and
    the fast reader drop the same names.
    """

    #: Distinct names one recommendation may be filed under (all its options together).
    per_recommendation: int
    #: Distinct names one issue may file (its recommendations and sponsors together).
    per_issue: int
    #: ``(taxonomy, page slug)`` of every name filed so far.
    filed: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def of(cls, config: Config) -> NameBudget:
        """A new budget with the site's caps."""
        settings = settings_of(config)
        return cls(settings.max_names_per_recommendation, settings.max_names_per_issue)

    def _issue_cap(self) -> str:
        names = _spoken([taxonomy.name for taxonomy in TAXONOMIES if taxonomy.capped])
        return (
            f"an issue may file at most {self.per_issue} different {names} "
            "(newsletter_max_names_per_issue)"
        )

    def _recommendation_cap(self) -> str:
        options = [t.option or "" for t in recommendation_taxonomies() if t.capped]
        return (
            f"a recommendation may be filed under at most {self.per_recommendation} "
            f"names, its {_spoken(options)} together (newsletter_max_names_per_recommendation)"
        )

    def recommendation(
        self,
        named: dict[Taxonomy, tuple[str, ...]],
        lines: dict[str, int],
        what: str,
        report: Report,
    ) -> dict[Taxonomy, tuple[str, ...]]:
        """``named`` (taxonomy -> names) without the names past either cap.

        Only ``capped`` taxonomies count. What is cut is reported at its option's
        line (``lines``, by option): those names are not filed and get no page.
        """
        mine: set[tuple[str, str]] = set()
        kept: dict[Taxonomy, tuple[str, ...]] = {}
        for taxonomy, names in named.items():
            if not taxonomy.capped:
                kept[taxonomy] = names
                continue
            keep: list[str] = []
            dropped: list[str] = []
            cap = ""
            for name in names:
                key = (taxonomy.name, taxonomy_slug(name))
                if key not in mine:
                    if len(mine) >= self.per_recommendation:
                        cap = cap or self._recommendation_cap()
                    elif key not in self.filed and len(self.filed) >= self.per_issue:
                        cap = cap or self._issue_cap()
                    else:
                        mine.add(key)
                        self.filed.add(key)
                        keep.append(name)
                        continue
                    dropped.append(name)
                else:
                    keep.append(name)
            kept[taxonomy] = tuple(keep)
            if dropped:
                report(
                    "option",
                    f"{what}: {len(dropped)} of the names in ':{taxonomy.option}:', from "
                    f"{dropped[0][:40]!r} on, are not filed and get no page: {cap}. Keep "
                    "the names that matter most (a site may raise the cap in conf.py)",
                    lines[taxonomy.option or ""],
                )
        return kept

    def sponsor(self, name: str, lineno: int, report: Report) -> bool:
        """Whether the sponsor ``name`` may be filed; reported at ``lineno`` when not."""
        key = ("sponsors", taxonomy_slug(name))
        if key in self.filed or len(self.filed) < self.per_issue:
            self.filed.add(key)
            return True
        report(
            "option",
            f"sponsor {name[:40]!r} is not filed and gets no page: {self._issue_cap()}; "
            "its block is still shown. Move sponsors to another issue, or name fewer "
            "topics and authors (a site may raise the cap in conf.py)",
            lineno,
        )
        return False


@dataclass(frozen=True, slots=True)
class RawOption:
    """One ``:key: value`` line as written, with its 1-based source line."""

    value: str
    lineno: int


@dataclass(frozen=True, slots=True)
class RecommendationOptions:
    """A recommendation's checked options: what its record keeps of them."""

    url: str | None
    #: The names it is filed under, by taxonomy (``Recommendation.filed``).
    filed: Filed
    date: str | None
    lang: str | None
    follows: str | None
    #: The ``:name:`` if it is a valid id (else None: the title's slug is used).
    name: str | None
    follows_line: int
    #: The line the title's link is reported at (``:url:``'s, else the directive's).
    url_line: int
    #: The ``:archive:``: an absolute ``http(s)`` URL of a saved copy, if valid.
    archive: str | None = None

    def record(
        self,
        rid: str,
        where: tuple[str, int, int, int],
        title: str,
        take: Sequence[str],
    ) -> Recommendation:
        """The recommendation's record; ``where``: (docname, issue, position, line).

        ``take``: the text of each block of the body (markers the kit reads as
        emphasis beside CJK text are left out).
        """
        docname, issue, position, lineno = where
        return Recommendation(
            id=rid,
            docname=docname,
            issue=issue,
            position=position,
            lineno=lineno,
            title=title,
            take=without_markers("\n\n".join(take)),
            url=self.url,
            filed=self.filed,
            date=self.date,
            lang=self.lang,
            follows=self.follows,
            follows_line=self.follows_line,
            archive=self.archive,
        )


def read_options(
    kind: str,
    known: dict[str, bool],
    content: Sequence[str],
    first_line: int,
    report: Report,
) -> tuple[dict[str, RawOption], int]:
    """Split the leading ``:key: value`` lines off a directive's ``content``.

    ``first_line`` is the source line of ``content[0]``. Returns the options and
    the index of the first body line.
    """
    options: dict[str, RawOption] = {}
    index = 0
    while index < len(content):
        stripped = content[index].strip()
        if not stripped.startswith(":") or stripped.startswith(":::"):
            break
        lineno = first_line + index
        index += 1
        match = _OPTION_RE.match(stripped)
        if not match:
            report(
                "option",
                f"{kind}: cannot read the option line {stripped!r}; "
                "write options as `:name: value`, one per line",
                lineno,
            )
            continue
        name, value = match.group(1).strip(), (match.group(2) or "").strip()
        size = len(value.encode("utf-8"))
        if size > MAX_VALUE_BYTES:
            report(
                "option",
                f"{kind}: ':{name}:' holds {size:,} bytes, "
                f"more than an option may ({MAX_VALUE_BYTES:,}); it is ignored",
                lineno,
            )
            continue
        if name not in known:
            report(
                "option",
                f"{kind}: unknown option ':{name}:'"
                f"{closest(name, list(known))}; it is ignored "
                f"(known: {', '.join(sorted(known))})",
                lineno,
            )
            continue
        if name in options:
            report(
                "option",
                f"{kind}: option ':{name}:' is given twice; "
                f"the first, at line {options[name].lineno}, is used",
                lineno,
            )
            continue
        if known[name] and value:
            report(
                "option",
                f"{kind}: ':{name}:' is a flag and takes no value; remove {value!r}",
                lineno,
            )
        options[name] = RawOption(value, lineno)
    while index < len(content) and not content[index].strip():
        index += 1
    return options, index


def argument_problem(kind: str, argument: str | None) -> str | None:
    """Why a directive's argument makes it skipped (too long, missing), or None."""
    if argument and len(argument.encode("utf-8")) > MAX_VALUE_BYTES:
        return (
            f"the {kind}'s argument holds {len(argument.encode('utf-8')):,} "
            f"bytes, more than it may ({MAX_VALUE_BYTES:,}); the {kind} is skipped"
        )
    if not argument or not argument.strip():
        return (
            f"{kind} has no argument: write the "
            f"{'title' if kind == 'recommendation' else 'name'} on the "
            f"directive's first line, e.g. `:::{{{kind}}} Name`; it is skipped"
        )
    return None


def nested_problem(kind: str, outer: str) -> str:
    """The message for one of the kit's directives inside another (it is skipped)."""
    return (
        f"a {kind} cannot stand inside a {outer}, so it is "
        f"skipped; close the {outer} (`:::`) before it starts"
    )


def checked_lookalikes(
    text: str, what: str, lineno: int, report: Report, *, invisible: bool = True
) -> str:
    """Report bidi controls (and invisible characters) in ``text``; return it visible.

    Both are dropped from every slug and id: two names that look alike must
    not get two pages silently.
    """
    bidi, hidden = lookalikes(text)
    if bidi or (hidden and invisible):
        found = (("bidi controls", bidi), ("invisible characters", hidden))
        kinds = " and ".join(kind for kind, there in found if there)
        report(
            "markup",
            f"{what} holds {kinds}, which a reader cannot see; they are left out of "
            "its id and page. Retype it without them",
            lineno,
        )
    return visible(text)


def checked_url(
    option: RawOption | None, what: str, report: Report, name: str = "url"
) -> str | None:
    """The option's URL if it is absolute ``http(s)``; report and drop it otherwise.

    ``name``: the option (``url``, or ``archive`` for the saved copy, which is not shown
    when it is refused).
    """
    if option is None:
        return None
    if not option.value:
        report("url", f"{what}: ':{name}:' is empty; give the absolute http(s) link", option.lineno)
        return None
    if not http_url(option.value):
        effect = "the title is not linked" if name == "url" else "no archived copy is shown"
        report(
            "url",
            f"{what}: {option.value!r} is not an absolute http(s) URL, so {effect}; "
            "write the full address starting with https://",
            option.lineno,
        )
        return None
    return option.value


def recommendation_options(
    title: str,
    options: dict[str, RawOption],
    lineno: int,
    tree_ids: Sequence[str],
    budget: NameBudget,
    report: Report,
) -> RecommendationOptions:
    """Check a recommendation's title and options (``lineno``: the directive's line).

    ``tree_ids``: the ids of the site's region tree; ``budget``: the names its issue
    has filed so far (the names past its caps are dropped).
    """
    # A title may hold invisible characters (pasted text, emoji sequences); its
    # id never does. Bidi controls reorder what the reader sees: those warn.
    checked_lookalikes(title, f"the title {title!r}", lineno, report, invisible=False)
    options = dict(options)
    for naming in naming_options():
        if naming in options:
            option = options[naming]
            value = checked_lookalikes(option.value, f"':{naming}:'", option.lineno, report)
            options[naming] = RawOption(value, option.lineno)
    what = f"recommendation {title!r}"
    url = checked_url(options.get("url"), what, report)
    if "url" not in options and "no-url" not in options:
        report(
            "url",
            f"{what} has no ':url:'; add the article's link, or ':no-url:' "
            "if the link is known to be lost",
            lineno,
        )
    archive = checked_url(options.get("archive"), what, report, "archive")
    follows = _slug_option(options.get("follows"), what, "follows", report)
    # Each taxonomy's names, read as its entry says.
    named: dict[Taxonomy, tuple[str, ...]] = {}
    for taxonomy in recommendation_taxonomies():
        raw = options.get(taxonomy.option or "")
        if raw is not None:
            named[taxonomy] = _names(taxonomy, raw, what, tree_ids, report)
    date = _date(options.get("date"), what, report)
    lang = _lang(options.get("lang"), what, report)
    name = _slug_option(options.get("name"), what, "name", report)
    # The names past the caps are dropped, counted in the registry's order.
    lines = {option: raw.lineno for option, raw in options.items()}
    kept = budget.recommendation(named, lines, what, report)
    return RecommendationOptions(
        url=url,
        filed=tuple((taxonomy.name, names) for taxonomy, names in kept.items() if names),
        date=date,
        lang=lang,
        follows=follows,
        name=name,
        follows_line=options["follows"].lineno if follows else 0,
        url_line=options["url"].lineno if url else lineno,
        archive=archive,
    )


def recommendation_id(title: str, name: str | None, issue: int | None, position: int) -> str:
    """The id: ``:name:``, else the title's slug, else ``NNNN-position``."""
    return name or slugify(title) or f"{issue or 0:04d}-{position}"


def repeated_id_problem(what: str, rid: str, first_line: int) -> str:
    """The message for a recommendation whose id an earlier one on its page holds."""
    return (
        f"{what} has the id {rid!r}, already used by the recommendation at "
        f"line {first_line} of this issue; set ':name:' to another id"
    )


def no_take_problem(title: str) -> str:
    """The message for a recommendation whose body is empty."""
    return f"recommendation {title!r} has no commentary: write the editors' take below the options"


def sponsor_name(name: str, lineno: int, report: Report) -> str:
    """The sponsor's name, visible; report look-alike characters in it."""
    return checked_lookalikes(name, f"the sponsor's name {name!r}", lineno, report)


def sponsor_url(
    name: str, options: dict[str, RawOption], lineno: int, report: Report
) -> str | None:
    """The sponsor's checked ``:url:`` (reported when missing or not http(s))."""
    what = f"sponsor {name!r}"
    if "url" not in options:
        report("url", f"{what} has no ':url:'; add the sponsor's http(s) link", lineno)
    return checked_url(options.get("url"), what, report)


def sponsor_values(
    name: str,
    options: dict[str, RawOption],
    image_problem: Callable[[str], str | None],
    report: Report,
) -> dict[str, str | None]:
    """The sponsor's options as values (empty ones None); a logo the policy refuses is dropped."""
    value = {key: option.value or None for key, option in options.items()}
    logo = value.get("logo")
    if logo:
        problem = image_problem(logo)
        if problem is not None:
            report("url", f"sponsor {name!r}: the logo {problem}", options["logo"].lineno)
            value["logo"] = None
    return value


def sponsor_record(
    name: str,
    where: tuple[str, int, int],
    url: str | None,
    message: Sequence[str],
    value: dict[str, str | None],
) -> Sponsor:
    """The sponsor's record; ``where``: (docname, issue, line); ``message``: its blocks' text."""
    docname, issue, lineno = where
    return Sponsor(
        name=name,
        docname=docname,
        issue=issue,
        lineno=lineno,
        url=url,
        message="\n\n".join(message),
        logo=value.get("logo"),
        code=value.get("code"),
        offer=value.get("offer"),
        terms=value.get("terms"),
    )


def _names(
    taxonomy: Taxonomy, option: RawOption, what: str, tree_ids: Sequence[str], report: Report
) -> tuple[str, ...]:
    """The names a taxonomy's option files, read as its entry's ``parse`` says."""
    if taxonomy.parse == "ids":
        return _tree_ids(option, taxonomy, what, tree_ids, report)
    if taxonomy.parse == "names":
        return _distinct_names(option, taxonomy, what, report)
    if taxonomy.parse == "list":
        return tuple(split_list(option.value))
    return (option.value,) if option.value else ()


def _tree_ids(
    option: RawOption, taxonomy: Taxonomy, what: str, known: Sequence[str], report: Report
) -> tuple[str, ...]:
    """The distinct ids of the region tree the option names (others are reported)."""
    ids = set(known)
    out: list[str] = []
    for item in option.value.split(","):
        rid = item.strip()
        if not rid:
            report(
                "region",
                f"{what}: ':{taxonomy.option}:' has an empty region id; "
                "remove the extra comma or write the id",
                option.lineno,
            )
        elif rid not in ids:
            report(
                "region",
                f"{what}: unknown region {rid!r}{closest(rid, list(known))}; it is not filed "
                "there. Use an id from newsletter_regions in conf.py",
                option.lineno,
            )
        elif rid not in out:
            out.append(rid)
    return tuple(out)


def _distinct_names(
    option: RawOption, taxonomy: Taxonomy, what: str, report: Report
) -> tuple[str, ...]:
    out: dict[str, str] = {}
    for name in split_list(option.value):
        slug = taxonomy_slug(name)
        if not slug:
            report(
                "option",
                f"{what}: {taxonomy.singular} {name!r} has no letters or digits; it is ignored",
                option.lineno,
            )
        else:
            out.setdefault(slug, name)
    return tuple(out.values())


def _date(option: RawOption | None, what: str, report: Report) -> str | None:
    if option is None:
        return None
    try:
        return dt.date.fromisoformat(option.value).isoformat()
    except ValueError:
        report(
            "option",
            f"{what}: ':date:' {option.value!r} is not a date; write it as YYYY-MM-DD",
            option.lineno,
        )
        return None


def _lang(option: RawOption | None, what: str, report: Report) -> str | None:
    if option is None:
        return None
    if _LANG_RE.match(option.value):
        return option.value
    report(
        "option",
        f"{what}: ':lang:' {option.value!r} is not a BCP 47 language "
        "tag; write e.g. 'zh', 'ja' or 'ko-KR'",
        option.lineno,
    )
    return None


def _slug_option(option: RawOption | None, what: str, name: str, report: Report) -> str | None:
    if option is None:
        return None
    if is_slug(option.value):
        return option.value
    suggestion = slugify(option.value)
    report(
        "option",
        f"{what}: ':{name}:' {option.value!r} is not an id"
        + (f"; write it as {suggestion!r}" if suggestion else "")
        + (" (the title's id is used instead)" if name == "name" else "; it is ignored"),
        option.lineno,
    )
    return None
