"""The kit's configuration values, checked once at ``config-inited``."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from .model import Region, RegionTree
from .slugs import is_slug
from .spelling import closest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

# name: (default, rebuild, types); the comment above each says what it is.
CONFIG_VALUES: dict[str, tuple[Any, str, tuple[type, ...]]] = {
    # The region tree: {"id": {"title": "...", "parent": "id"}}.
    "newsletter_regions": ({}, "env", (dict,)),
    # Folder (under the source dir) that holds ``NNNN.md`` issue files.
    "newsletter_issues_dir": ("issues", "env", (str,)),
    # Build draft issues' pages, with a banner, for previews.
    "newsletter_show_drafts": (False, "env", (bool,)),
    # The newsletter's name; defaults to ``project``.
    "newsletter_name": (None, "html", (str, type(None))),
    # "Our Ask": {"title": ..., "text": ..., "url": ..., "label": ...}, under every issue.
    "newsletter_subscribe": ({}, "env", (dict,)),
    # Social links: a list of (label, url) pairs.
    "newsletter_social": ([], "env", (list, tuple)),
    # How many entries a taxonomy node's top page shows before its year pages.
    "newsletter_listing_size": (30, "html", (int,)),
    # The most a generated listing page may weigh, in bytes: past it, a year's page
    # lists its months, and a month's its parts (see pages/paging.py).
    "newsletter_listing_max_bytes": (400_000, "html", (int,)),
    # Write listing pages through one theme rendering per folder depth (see shells.py).
    "newsletter_fast_listings": (True, "html", (bool,)),
    # Pages outside the issues folder (glob patterns of document names, e.g. "about")
    # written by the site's maintainers, which may use all of MyST and Sphinx.
    "newsletter_trusted_pages": ([], "env", (list, tuple)),
    # How many recent issues the home page lists under the latest one.
    "newsletter_recent_issues": (8, "html", (int,)),
    # The weekday issues come out ("Thursday"), for `newsletter new`; "" = the latest's.
    "newsletter_weekday": ("", "", (str,)),
    # How many of the newest issues the site feeds (atom.xml, rss.xml, feed.json) carry.
    "newsletter_feed_issues": (20, "html", (int,)),
    # Region and topic feeds carry the recommendations of this many newest issues.
    "newsletter_term_feed_issues": (20, "html", (int,)),
    # The email edition: {"from": "Name <a@b>", "reply_to": ..., "address": "postal address",
    # "unsubscribe_placeholder": "{{unsubscribe_url}}", "list_unsubscribe_url": "https://...",
    # "list_unsubscribe_mailto": "mailto:..."}.
    "newsletter_email": ({}, "html", (dict,)),
    # The site's own words for any of the kit's labels, by their English text (the
    # directives use them while reading, hence "env"):
    # {"Our Take": "Why read it"}.
    "newsletter_labels": ({}, "env", (dict,)),
    # The most distinct names (topics, publication, authors) one recommendation may
    # be filed under, and the most (with sponsors) one issue may file: each name
    # makes a page, so the caps keep one issue from adding thousands (read/rules.py).
    "newsletter_max_names_per_recommendation": (20, "env", (int,)),
    "newsletter_max_names_per_issue": (150, "env", (int,)),
    # Issue numbers the email builder writes (empty: every published issue).
    "newsletter_email_issues": ([], "html", (list, tuple)),
}


def newsletter_name(config: Config) -> str:
    """The newsletter's display name: ``newsletter_name`` or else ``project``."""
    return config.newsletter_name or config.project


def _freeze(raw: dict[str, Any]) -> tuple:
    """A hashable copy of the raw region setting, for caching."""
    items = []
    for key, value in raw.items():
        value = value if isinstance(value, dict) else {"title": value}
        items.append((str(key), tuple(sorted((str(k), str(v)) for k, v in value.items()))))
    return tuple(items)


@lru_cache(maxsize=8)
def _build_tree(frozen: tuple) -> tuple[RegionTree, tuple[str, ...]]:
    problems: list[str] = []
    raw: dict[str, dict[str, str]] = {key: dict(value) for key, value in frozen}
    valid: dict[str, dict[str, str]] = {}
    for rid, spec in raw.items():
        if not is_slug(rid) or rid != rid.lower():
            problems.append(
                f"newsletter_regions: region id {rid!r} is not a lowercase slug "
                "(letters, digits and single '-'); rename it, e.g. 'south-korea'"
            )
            continue
        valid[rid] = spec
    parents: dict[str, str | None] = {}
    for rid, spec in valid.items():
        parent = spec.get("parent") or None
        if parent is not None and parent not in valid:
            problems.append(
                f"newsletter_regions: region {rid!r} names the parent {parent!r}, "
                f"which is not a configured region{closest(parent, list(valid))}; "
                f"the region is treated as a top-level region"
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
                    "newsletter_regions: the regions "
                    + " > ".join(f"'{r}'" for r in [*seen, node])
                    + " form a cycle; give one of them another parent (or none)"
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


def _usable_regions(config: Config) -> dict[str, Any]:
    """The entries of ``newsletter_regions`` that have a usable shape."""
    raw = config.newsletter_regions
    if not isinstance(raw, dict):
        return {}
    return {key: value for key, value in raw.items() if isinstance(value, (dict, str))}


def region_tree(config: Config) -> RegionTree:
    """The validated region tree of ``config`` (cached per distinct setting)."""
    return _build_tree(_freeze(_usable_regions(config)))[0]


def check_config(app: Sphinx, config: Config) -> None:
    """Report configuration problems once, with the fix, at ``config-inited``."""
    raw = config.newsletter_regions
    if not isinstance(raw, dict):
        logger.warning(
            "newsletter_regions must be a dict of region ids to "
            "{'title': ..., 'parent': ...}; it is ignored",
            type="newsletter",
            subtype="config",
        )
        return
    for rid, spec in raw.items():
        if not isinstance(spec, (dict, str)):
            logger.warning(
                f"newsletter_regions: region {rid!r} must map to a dict like "
                "{'title': 'Singapore', 'parent': 'southeast-asia'}",
                type="newsletter",
                subtype="config",
            )
    for problem in _build_tree(_freeze(_usable_regions(config)))[1]:
        logger.warning(problem, type="newsletter", subtype="config")
    for name in ("newsletter_max_names_per_recommendation", "newsletter_max_names_per_issue"):
        if config[name] < 1:
            logger.warning(
                f"{name} is {config[name]}: no recommendation could be filed under a "
                f"topic or author; set it to 1 or more (the default is "
                f"{CONFIG_VALUES[name][0]}), it is used instead",
                type="newsletter",
                subtype="config",
            )
            config[name] = CONFIG_VALUES[name][0]
