"""The kit's settings: typed, with their defaults and help, read from ``conf.py`` once.

A site writes plain values in ``conf.py`` (``newsletter_email = {"from": ...}``).
At ``config-inited`` they become one frozen :class:`NewsletterSettings`, each
problem (an unknown key, a wrong type) a ``newsletter.config`` warning at its
line in ``conf.py`` and the default used instead; every module then reads the
settings through :func:`settings_of`, never the raw values.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

from sphinx.util import logging

from .conflines import ConfLines, KeyPath
from .labels import msgids, take_overrides
from .model import Region, RegionTree
from .slugs import is_slug
from .spelling import closest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

#: Where the settings of a build are kept on its ``Config`` (not pickled: a leading ``_``).
_ATTRIBUTE = "_newsletter_settings"
#: What every setting's name in ``conf.py`` starts with.
PREFIX = "newsletter_"


#: Sphinx's ``rebuild`` kinds the settings use (a part of what ``add_config_value`` takes).
Rebuild = Literal["", "env", "html"]


def _meta(
    help: str, *, key: str = "", rebuild: Rebuild = "", read: Callable[..., Any] | None = None
) -> dict[str, Any]:
    """A setting's field metadata: the help its warnings quote, the key ``conf.py``
    writes (the field's name unless given), Sphinx's ``rebuild`` kind, and for a value
    with a shape of its own the function that reads it."""
    return {"help": help, "key": key, "rebuild": rebuild, "read": read}


@dataclass(frozen=True)
class Problem:
    """A problem with a setting: its message, and the keys down to the bad value."""

    message: str
    path: KeyPath


#: Reports a problem: its message, then the keys down to the bad value.
Report = Callable[[str, KeyPath], None]


@dataclass(frozen=True)
class EmailSettings:
    """The email edition's headers and footer (``newsletter_email``)."""

    sender: str = field(default="", metadata=_meta("the From header, 'Name <address>'", key="from"))
    reply_to: str = field(default="", metadata=_meta("the Reply-To header, 'Name <address>'"))
    address: str = field(
        default="", metadata=_meta("the postal address under every email, one line per line")
    )
    unsubscribe_placeholder: str | None = field(
        default="{{unsubscribe_url}}",
        metadata=_meta("what the mail service replaces with a reader's unsubscribe link"),
    )
    list_unsubscribe_url: str | None = field(
        default=None, metadata=_meta("the https address of the List-Unsubscribe header")
    )
    list_unsubscribe_mailto: str | None = field(
        default=None, metadata=_meta("the mailto: address of the List-Unsubscribe header")
    )


@dataclass(frozen=True)
class FeedAuthorSettings:
    """Who the feeds name as their author (``newsletter_feed_author``): by default the
    newsletter itself, at the site's home page."""

    name: str = field(default="", metadata=_meta("the author's name (else the newsletter's)"))
    url: str = field(
        default="", metadata=_meta("the author's https page (else the site's home page)")
    )
    email: str = field(
        default="", metadata=_meta("the author's email address (RSS's managingEditor)")
    )


@dataclass(frozen=True)
class SubscribeSettings:
    """The call to subscribe ("Our Ask") under every issue (``newsletter_subscribe``)."""

    title: str = field(default="", metadata=_meta("its heading"))
    text: str = field(default="", metadata=_meta("its paragraph"))
    url: str = field(
        default="",
        metadata=_meta("the https address of the mail service's sign-up page, its button's link"),
    )
    label: str = field(default="", metadata=_meta("its button's text ('Subscribe' if empty)"))
    form: str = field(
        default="",
        metadata=_meta("the https address the mail service's sign-up form posts to (its action)"),
    )
    email_field: str = field(
        default="email",
        metadata=_meta("the name the mail service gives the form's email field", key="field"),
    )
    feeds_only: bool = field(
        default=False,
        metadata=_meta(
            "True for a site with no email sign-up on purpose: readers follow its feeds, "
            "and the build does not warn that no 'url' or 'form' is set"
        ),
    )

    @property
    def signs_up(self) -> bool:
        """Whether a reader can sign up for the email: a page or a form is configured."""
        return bool(self.url or self.form)


@dataclass(frozen=True)
class SocialLink:
    """One of the social links under every issue (an entry of ``newsletter_social``)."""

    label: str
    url: str


def _accepts(hint: Any, value: object) -> bool:
    """Whether ``value`` is of the type ``hint`` (a union, ``tuple[X, ...]``, a plain type)."""
    if get_origin(hint) in (Union, types.UnionType):
        return any(_accepts(arg, value) for arg in get_args(hint))
    if get_origin(hint) is tuple:
        item = get_args(hint)[0]
        return isinstance(value, (list, tuple)) and all(_accepts(item, v) for v in value)
    if hint is type(None):
        return value is None
    if hint is int:  # True is an int to Python, not to a reader of conf.py
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)


_WORDS: dict[Any, str] = {
    str: "a text (str)",
    int: "a whole number (int)",
    bool: "True or False",
    type(None): "None",
}
_PLURALS: dict[Any, str] = {str: "texts", int: "whole numbers"}


def _describe(hint: Any) -> str:
    """``hint`` in words, for a message: ``a text (str) or None``."""
    if get_origin(hint) in (Union, types.UnionType):
        return " or ".join(_describe(arg) for arg in get_args(hint))
    if get_origin(hint) is tuple:
        item = get_args(hint)[0]
        return "a list of " + " or ".join(_PLURALS[arg] for arg in get_args(item) or [item])
    return _WORDS.get(hint) or str(getattr(hint, "__name__", hint))


def _read_value(
    hint: Any, raw: object, default: object, what: str, report: Report, path: KeyPath
) -> Any:
    """``raw`` if it is of type ``hint`` (a list as a tuple), else ``default``, reported."""
    if _accepts(hint, raw):
        return tuple(raw) if isinstance(raw, list) else raw
    report(
        f"{what} must be {_describe(hint)}, not {type(raw).__name__} {raw!r}; "
        f"the default ({default!r}) is used",
        path,
    )
    return default


def _read_group(cls: type, raw: object, setting: str, report: Report) -> Any:
    """The ``cls`` dataclass of a dict setting; an unknown key or a wrong type is reported."""
    if not isinstance(raw, dict):
        keys = ", ".join(f"'{_key(f)}'" for f in fields(cls))
        report(f"{setting} must be a dict with the keys {keys}; it is ignored", ())
        return cls()
    known = {_key(f): f for f in fields(cls)}
    hints = get_type_hints(cls)
    values = {}
    for key, value in raw.items():
        f = known.get(key)
        if f is None:
            near = closest(str(key), list(known)) or (
                " (its keys are " + ", ".join(f"'{k}'" for k in known) + ")"
            )
            report(f"{setting}: {key!r} is not one of its keys{near}; it is ignored", (key,))
            continue
        what = f"{setting}: {key!r} ({f.metadata['help']})"
        values[f.name] = _read_value(hints[f.name], value, f.default, what, report, (key,))
    return cls(**values)


def _read_social(raw: object, report: Report) -> tuple[SocialLink, ...]:
    """The social links; an entry that is not a (label, url) pair of texts is left out."""
    if not isinstance(raw, (list, tuple)):
        report("newsletter_social must be a list of (label, url) pairs; it is ignored", ())
        return ()
    links = []
    for index, item in enumerate(raw):
        if (
            isinstance(item, (list, tuple))
            and len(item) == 2
            and all(isinstance(t, str) for t in item)
        ):
            links.append(SocialLink(label=item[0], url=item[1]))
        else:
            report(
                f"newsletter_social: entry {index + 1} ({item!r}) must be a (label, url) pair "
                "of texts, like ('Mastodon', 'https://mastodon.social/@you'); it is left out",
                (index,),
            )
    return tuple(links)


def _read_labels(raw: object, report: Report) -> dict[str, str | tuple[str, str]]:
    """The usable entries of ``newsletter_labels``: an unknown msgid (with the closest
    ones) or a value that is not a text (or a count's pair) is reported."""

    def warn(problem: str, path: KeyPath) -> None:
        report(f"newsletter_labels: {problem}", path)

    if not isinstance(raw, dict):
        warn("must be a dict of the kit's English labels to the site's own; it is ignored", ())
        return {}
    known = msgids()
    out: dict[str, str | tuple[str, str]] = {}
    for key, value in raw.items():
        if key not in known:
            warn(f"{key!r} is not one of the kit's labels{closest(str(key), list(known))}", (key,))
        elif isinstance(value, str):
            out[key] = value
        elif known[key] and isinstance(value, (list, tuple)) and len(value) == 2:
            out[key] = (str(value[0]), str(value[1]))
        else:
            warn(
                f"the label for {key!r} must be a text (or a [one, many] pair for a count)", (key,)
            )
    return out


#: The keys of a region's entry in ``newsletter_regions``, and their types.
_REGION_KEYS: dict[str, Any] = {"title": str, "parent": str | None}


def _read_regions(raw: object, report: Report) -> RegionTree:
    """The region tree: each entry checked, then the tree cut where it has no shape."""
    if not isinstance(raw, dict):
        report(
            "newsletter_regions must be a dict of region ids to "
            "{'title': ..., 'parent': ...}; it is ignored",
            (),
        )
        return RegionTree()
    usable: dict[str, dict[str, str]] = {}
    for rid, spec in raw.items():
        if isinstance(spec, str):
            spec = {"title": spec}
        if not isinstance(spec, dict):
            report(
                f"newsletter_regions: region {rid!r} must map to a dict like "
                "{'title': 'Singapore', 'parent': 'southeast-asia'}",
                (rid,),
            )
            continue
        usable[rid] = {}
        for key, value in spec.items():
            if key not in _REGION_KEYS:
                near = closest(str(key), list(_REGION_KEYS)) or " (its keys are 'title', 'parent')"
                report(
                    f"newsletter_regions: region {rid!r} has the key {key!r}, which is not one "
                    f"of a region's{near}; it is ignored",
                    (rid, key),
                )
            elif not _accepts(_REGION_KEYS[key], value):
                report(
                    f"newsletter_regions: region {rid!r}: {key!r} must be "
                    f"{_describe(_REGION_KEYS[key])}, not {type(value).__name__}; it is ignored",
                    (rid, key),
                )
            elif value is not None:
                usable[rid][key] = value
    tree, problems = _build_tree(_freeze(usable))
    for problem in problems:
        report(problem.message, problem.path)
    return tree


#: The raw region setting as a hashable value: (id, ((key, value), ...)) per region.
_Frozen = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]


def _freeze(raw: Mapping[str, Any]) -> _Frozen:
    """A hashable copy of the raw region setting, for caching."""
    items = []
    for key, value in raw.items():
        value = value if isinstance(value, dict) else {"title": value}
        items.append((str(key), tuple(sorted((str(k), str(v)) for k, v in value.items()))))
    return tuple(items)


@lru_cache(maxsize=8)
def _build_tree(frozen: _Frozen) -> tuple[RegionTree, tuple[Problem, ...]]:
    problems: list[Problem] = []
    raw: dict[str, dict[str, str]] = {key: dict(value) for key, value in frozen}
    valid: dict[str, dict[str, str]] = {}
    for rid, spec in raw.items():
        if not is_slug(rid) or rid != rid.lower():
            problems.append(
                Problem(
                    f"newsletter_regions: region id {rid!r} is not a lowercase slug "
                    "(letters, digits and single '-'); rename it, e.g. 'south-korea'",
                    (rid,),
                )
            )
            continue
        valid[rid] = spec
    parents: dict[str, str | None] = {}
    for rid, spec in valid.items():
        parent = spec.get("parent") or None
        if parent is not None and parent not in valid:
            problems.append(
                Problem(
                    f"newsletter_regions: region {rid!r} names the parent {parent!r}, "
                    f"which is not a configured region{closest(parent, list(valid))}; "
                    f"the region is treated as a top-level region",
                    (rid, "parent"),
                )
            )
            parent = None
        parents[rid] = parent
    # A cycle would make every ancestor walk loop: cut each one where it closes.
    for rid in valid:
        seen = [rid]
        node = parents[rid]
        while node is not None:
            if node in seen:
                problems.append(
                    Problem(
                        "newsletter_regions: the regions "
                        + " > ".join(f"'{r}'" for r in [*seen, node])
                        + " form a cycle; give one of them another parent (or none)",
                        (seen[-1], "parent"),
                    )
                )
                parents[seen[-1]] = None
                break
            seen.append(node)
            node = parents[node]
    children: dict[str, list[str]] = {rid: [] for rid in valid}
    for rid, parent in parents.items():
        if parent is not None:
            children[parent].append(rid)
    regions = {
        rid: Region(
            id=rid,
            title=str(spec.get("title") or rid),
            parent=parents[rid],
            children=tuple(children[rid]),
        )
        for rid, spec in valid.items()
    }
    return RegionTree(regions), tuple(problems)


def region_problems(raw: object) -> list[str]:
    """What is wrong with a ``newsletter_regions`` value, as the build would say it
    (``newsletter init`` checks a region file with it before writing ``conf.py``)."""
    found: list[str] = []
    _read_regions(raw, lambda message, path: found.append(message))
    return found


def region_tree(regions: Mapping[str, Any]) -> RegionTree:
    """The region tree of a ``newsletter_regions`` value (cached per distinct value);
    its problems are reported when a build reads its settings."""
    usable = {key: value for key, value in regions.items() if isinstance(value, (dict, str))}
    return _build_tree(_freeze(usable))[0]


@dataclass(frozen=True)
class NewsletterSettings:
    """Every ``newsletter_*`` setting of a site, by its name without the prefix."""

    regions: RegionTree = field(
        default_factory=RegionTree,
        metadata=_meta(
            "the region tree: {'id': {'title': ..., 'parent': 'id'}}",
            rebuild="env",
            read=_read_regions,
        ),
    )
    issues_dir: str = field(
        default="issues",
        metadata=_meta("the folder (under the source folder) of the issue files", rebuild="env"),
    )
    show_drafts: bool = field(
        default=False,
        metadata=_meta(
            "whether draft issues get pages, with a banner, for previews", rebuild="env"
        ),
    )
    name: str | None = field(
        default=None, metadata=_meta("the newsletter's name (else project)", rebuild="html")
    )
    subscribe: SubscribeSettings = field(
        default_factory=SubscribeSettings,
        metadata=_meta("'Our Ask', under every issue", rebuild="env"),
    )
    social: tuple[SocialLink, ...] = field(
        default=(),
        metadata=_meta(
            "the social links, a list of (label, url) pairs", rebuild="env", read=_read_social
        ),
    )
    listing_size: int = field(
        default=30,
        metadata=_meta(
            "how many entries a listing's top page shows before its year pages", rebuild="html"
        ),
    )
    listing_max_bytes: int = field(
        default=400_000,
        metadata=_meta(
            "the most a listing page may weigh, in bytes (past it, a year lists its months)",
            rebuild="html",
        ),
    )
    fast_listings: bool = field(
        default=True,
        metadata=_meta(
            "whether listings are written through one theme rendering per folder depth",
            rebuild="html",
        ),
    )
    trusted_pages: tuple[str, ...] = field(
        default=(),
        metadata=_meta(
            "glob patterns of the maintainers' pages, which may use all of MyST and Sphinx",
            rebuild="env",
        ),
    )
    recent_issues: int = field(
        default=8,
        metadata=_meta(
            "how many recent issues the home page lists under the latest one", rebuild="html"
        ),
    )
    weekday: str = field(
        default="",
        metadata=_meta("the weekday issues come out ('Thursday'), for `newsletter new`"),
    )
    feed_issues: int = field(
        default=20,
        metadata=_meta("how many of the newest issues the site's feeds carry", rebuild="html"),
    )
    term_feed_issues: int = field(
        default=20,
        metadata=_meta(
            "the region and topic feeds carry the recommendations of this many newest issues",
            rebuild="html",
        ),
    )
    feed_author: FeedAuthorSettings = field(
        default_factory=FeedAuthorSettings,
        metadata=_meta("the feeds' author (else the newsletter)", rebuild="html"),
    )
    email: EmailSettings = field(
        default_factory=EmailSettings, metadata=_meta("the email edition", rebuild="html")
    )
    labels: Mapping[str, str | tuple[str, str]] = field(
        default_factory=dict,
        metadata=_meta(
            "the site's own words for the kit's labels, by their English text",
            # The directives use them while reading, hence "env".
            rebuild="env",
            read=_read_labels,
        ),
    )
    max_names_per_recommendation: int = field(
        default=20,
        metadata=_meta(
            "the most topics, publication and authors one recommendation is filed under",
            rebuild="env",
        ),
    )
    max_names_per_issue: int = field(
        default=150,
        metadata=_meta("the most names (sponsors too) one issue may file", rebuild="env"),
    )
    link_health: str = field(
        default="link-health.tsv",
        metadata=_meta(
            "the link-health record (from the source folder), which `newsletter links check` "
            "writes and every build reads",
            rebuild="html",
        ),
    )
    email_issues: tuple[int | str, ...] = field(
        default=(),
        metadata=_meta(
            "the issue numbers the email builder writes (empty: every published one)",
            rebuild="html",
        ),
    )


def _key(f: dataclasses.Field[Any]) -> str:
    return f.metadata.get("key") or f.name


def _raw_default(f: dataclasses.Field[Any]) -> Any:
    """A field's default as ``conf.py`` would write it: ``{}`` for a group, ``[]`` for a list."""
    if f.default is dataclasses.MISSING:
        return {}
    return list(f.default) if isinstance(f.default, tuple) else f.default


def _sphinx_types(hint: Any) -> tuple[type, ...]:
    """The types Sphinx is told a setting of type ``hint`` may have, as ``conf.py`` writes it."""
    if get_origin(hint) in (Union, types.UnionType):
        return tuple(t for arg in get_args(hint) for t in _sphinx_types(arg))
    if get_origin(hint) is tuple:
        return (list, tuple)
    if hint is type(None):
        return (type(None),)
    if isinstance(hint, type) and hint in (str, int, bool):
        return (hint,)
    return (dict,)


_HINTS = get_type_hints(NewsletterSettings)

#: name: (default, rebuild, types), as Sphinx's ``add_config_value`` takes them.
CONFIG_VALUES: dict[str, tuple[Any, Rebuild, tuple[type, ...]]] = {
    PREFIX + f.name: (_raw_default(f), f.metadata["rebuild"], _sphinx_types(_HINTS[f.name]))
    for f in fields(NewsletterSettings)
}


def _check_ranges(values: dict[str, Any]) -> list[Problem]:
    """Values of the right type that still cannot work: the caps below 1 (the default is
    used). (A listing page's size is the pages' to check: ``pages/weight.py``.)"""
    problems = []
    for name in ("max_names_per_recommendation", "max_names_per_issue"):
        if values[name] < 1:
            default = NewsletterSettings.__dataclass_fields__[name].default
            problems.append(
                Problem(
                    f"{PREFIX}{name} is {values[name]}: no recommendation could be filed under "
                    f"a topic or author; set it to 1 or more (the default is {default}), "
                    "it is used instead",
                    (PREFIX + name,),
                )
            )
            values[name] = default
    return problems


def read_settings(config: Config) -> tuple[NewsletterSettings, list[Problem]]:
    """The typed settings of ``config``, and the problems met reading them.

    A value of the wrong type, or an unknown key in a dict, is left out: its
    default is used. Each problem names the setting and the keys down to it.
    """
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for f in fields(NewsletterSettings):
        setting = PREFIX + f.name
        raw = config[setting]

        def report(message: str, path: KeyPath, setting: str = setting) -> None:
            problems.append(Problem(message, (setting, *path)))

        hint = _HINTS[f.name]
        if f.metadata["read"] is not None:
            values[f.name] = f.metadata["read"](raw, report)
        elif isinstance(hint, type) and dataclasses.is_dataclass(hint):
            values[f.name] = _read_group(hint, raw, setting, report)
        else:
            what = f"{setting} ({f.metadata['help']})"
            values[f.name] = _read_value(hint, raw, f.default, what, report, ())
    problems += _check_ranges(values)
    return NewsletterSettings(**values), problems


def settings_of(config: Config) -> NewsletterSettings:
    """The site's settings, read at ``config-inited``.

    A ``Config`` no build set up (the ``newsletter new`` command reads ``conf.py``
    alone) gets them read here, its problems left to the next build to report.
    """
    settings = getattr(config, _ATTRIBUTE, None)
    if settings is None:
        settings = read_settings(config)[0]
        setattr(config, _ATTRIBUTE, settings)
    return settings


def newsletter_name(config: Config) -> str:
    """The newsletter's display name: ``newsletter_name`` or else ``project``."""
    return settings_of(config).name or config.project


def take_settings(app: Sphinx, config: Config) -> None:
    """``config-inited``: read the settings once; each problem is a ``newsletter.config``
    warning at its key's line in ``conf.py``."""
    settings, problems = read_settings(config)
    setattr(config, _ATTRIBUTE, settings)
    take_overrides(config, settings.labels)
    lines = ConfLines.of(app.confdir)
    for name in lines.names():
        if name.startswith(PREFIX) and name not in CONFIG_VALUES:
            problems.append(
                Problem(
                    f"{name} is not a setting of sphinx-newsletter"
                    f"{closest(name, list(CONFIG_VALUES))}; it is ignored",
                    (name,),
                )
            )
    for problem in problems:
        logger.warning(
            problem.message,
            location=lines.location(problem.path),
            type="newsletter",
            subtype="config",
        )
    for name, (default, _rebuild, kinds) in CONFIG_VALUES.items():
        value = config[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            # Warned above, and the default used: give Sphinx the default too, so that
            # its own type check (after this one) does not warn a second time.
            config[name] = default


def setup_config(app: Sphinx) -> None:
    """Declare the settings, and read them when ``conf.py`` has been read."""
    for name, (default, rebuild, kinds) in CONFIG_VALUES.items():
        app.add_config_value(name, default, rebuild, types=kinds)
    app.connect("config-inited", take_settings, priority=200)
