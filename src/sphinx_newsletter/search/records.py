"""The search records: one small HTML page per published recommendation and issue.

Pagefind applies filters, meta and sort keys to a whole indexed page, so each
recommendation gets its own page, generated from the Catalog (the same records
and takes the issue pages show). Pagefind takes a result's URL from its file's
path, and no URL goes in the meta (meta fields are searchable): the page is
named after the record's document and id (``issues/0009/#sk-telecom-perplexity``),
which is its URL under ``dirhtml``; where the builder's URL differs (``html``:
``issues/0009.html#sk-telecom-perplexity``) the bundle is given it afterwards.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2

from ..labels import language_tag
from ..taxonomies import TAXONOMIES
from ..urls import long_date, record_path
from .parts import newest_year, part_of
from .segments import index_tokens

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..catalog import Catalog
    from ..model import Issue, Recommendation

#: Languages whose words are not separated by spaces: Pagefind segments them only
#: in a page whose ``<html lang>`` is one of them.
SEGMENTED = ("zh", "ja", "ko")
TEMPLATE = Path(__file__).parent.parent / "templates" / "nl-search-record.html"
#: The longest record page name, in bytes: file systems hold 255, and an id from a
#: long title passes that (a Japanese character is three bytes).
NAME_MAX = 200


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """One search result: where it points, its language and what is indexed."""

    #: The result's URL from the site's root, not encoded (``issues/0009/#an-id``).
    url: str
    #: The document it is on and its id there ('' for an issue's page).
    page: str
    anchor: str
    lang: str
    title: str
    #: Shown with the result and searched: (name, value), in this order.
    meta: tuple[tuple[str, str], ...]
    #: (filter, value) pairs: ``region`` with every ancestor, ``year``...
    filters: tuple[tuple[str, str], ...]
    #: Sort key: the issue's ISO date.
    date: str
    #: The searched text the excerpt comes from (the take, the description).
    body: tuple[str, ...]
    #: The bundle's part it is indexed in (``parts.py``).
    part: str = ""
    #: Its Chinese and Japanese text as tokens (``segments.py``), searched, never shown.
    tokens: str = ""

    @property
    def indexed_url(self) -> str:
        """The URL Pagefind gives the record, from its page's path (``issues/0009/#an-id``).

        Where it is not :attr:`url` (an ``html`` build, or an ``#id`` too long for a
        file name, which gets a short one: ``#~`` and a hash), the bundle is given
        :attr:`url` afterwards (``bundle.py``).
        """
        if not self.anchor:
            return f"{self.page}/"
        name = f"#{self.anchor}"
        if len(name.encode("utf-8")) > NAME_MAX:
            name = f"#~{hashlib.sha256(name.encode('utf-8')).hexdigest()[:16]}"
        return f"{self.page}/{name}"

    @property
    def filename(self) -> str:
        """The generated page's path in the folder Pagefind indexes."""
        url = self.indexed_url
        return url + "index.html" if url.endswith("/") else url


def site_language(app: Sphinx) -> str:
    """The site's language as ``<html lang>`` writes it (``zh-CN``, not ``zh_CN``).

    Pagefind knows a language by that tag: ``zh_CN`` would get no segmentation.
    """
    return language_tag(app.config.language)


def record_language(site: str, rec_lang: str | None) -> str:
    """The ``<html lang>`` of a recommendation's page: its own when it is segmented.

    A take is written in the site's language, but a title and names in a Chinese,
    Japanese or Korean article's language are found only in a segmented index.
    """
    own = (rec_lang or "").split("-")[0].lower()
    if own in SEGMENTED and own != site.split("-")[0].lower():
        return own
    return site


def record_body(language: str, text: str | None, names: tuple[str, ...]) -> tuple[str, ...]:
    """A record's searched text: ``text`` (a take, a description), and in a
    segmented language the ``names`` (title, authors, publication) after it.

    Pagefind cuts a page's text into words in Chinese and Japanese, but not its
    meta fields: there the title 日本の半導体ルネサンス is one word, found by its
    start (日本) only. Repeated in the text, ルネサンス inside it is found too.
    """
    body = [text] if text else []
    if language.split("-")[0].lower() in SEGMENTED:
        body.extend(name for name in names if name)
    # Pagefind leaves out a page with no letter or digit in its text: a record whose
    # take is empty or only symbols ("?", "—") has its title too, so it is found.
    if not any(char.isalnum() for part in body for char in part):
        body.extend(names[:1])
    return tuple(body)


def _issue_meta(issue: Issue, language: str) -> tuple[tuple[str, str], ...]:
    # The number, not the label: meta is searched, and a headline word ("Sora") in
    # every record of the issue would make each of them match it.
    return (("issue", f"#{issue.number}"), ("date", long_date(issue.date, language)))


def _issue_filters(issue: Issue) -> list[tuple[str, str]]:
    return [("year", f"{issue.year:04d}")]


def record_filters(catalog: Catalog, rec: Recommendation) -> tuple[tuple[str, str], ...]:
    """A recommendation's search filters: (filter, value), regions with their ancestors."""
    filters: list[tuple[str, str]] = []
    for taxonomy in TAXONOMIES:
        if taxonomy.records == "recs":
            filters.extend((taxonomy.singular, term) for term in catalog.filed_under(taxonomy, rec))
    filters.extend(_issue_filters(catalog.by_docname[rec.docname]))
    return tuple(filters)


def recommendation_record(
    app: Sphinx, catalog: Catalog, issue: Issue, rec: Recommendation
) -> SearchRecord:
    """The search record of one published recommendation."""
    language = site_language(app)
    meta = [("title", rec.title)]
    if rec.authors:
        meta.append(("authors", ", ".join(rec.authors)))
    if rec.publication:
        meta.append(("publication", rec.publication))
    archived = catalog.archived_copy(rec)
    if archived:
        # The one URL in a record's meta: the result links the archived copy.
        meta.append(("archived", archived))
    lang = record_language(language, rec.lang)
    names = (rec.title, *rec.authors, rec.publication or "")
    return SearchRecord(
        url=record_path(app, rec),
        page=rec.docname,
        anchor=rec.id,
        lang=lang,
        title=rec.title,
        meta=(*meta, *_issue_meta(issue, language)),
        filters=record_filters(catalog, rec),
        date=issue.date.isoformat(),
        body=record_body(lang, rec.take, names),
        part=part_of(issue.year, newest_year(catalog)),
        tokens=index_tokens(*names, rec.take),
    )


def issue_record(app: Sphinx, catalog: Catalog, issue: Issue) -> SearchRecord:
    """The search record of a published issue's page: headline and description."""
    language = site_language(app)
    return SearchRecord(
        url=record_path(app, issue),
        page=issue.docname,
        anchor="",
        lang=language,
        title=issue.headline,
        meta=(("title", issue.headline), *_issue_meta(issue, language)),
        filters=tuple(_issue_filters(issue)),
        date=issue.date.isoformat(),
        body=record_body(language, issue.description, (issue.headline,)),
        part=part_of(issue.year, newest_year(catalog)),
        tokens=index_tokens(issue.headline, issue.description or ""),
    )


def search_records(app: Sphinx, catalog: Catalog) -> list[SearchRecord]:
    """Every search record of the site: published issues and their recommendations.

    Drafts are never among them. The order is the archive's, so it is the same
    whichever documents a build read.
    """
    records: list[SearchRecord] = []
    for issue in catalog.issues:
        records.append(issue_record(app, catalog, issue))
        records.extend(
            recommendation_record(app, catalog, issue, rec)
            for rec in catalog.recommendations(issue.docname)
        )
    return records


def record_html(template: jinja2.Template, record: SearchRecord) -> bytes:
    """The page Pagefind indexes for ``record`` (every value escaped by the template)."""
    return template.render(record=record).encode("utf-8")


def record_template() -> jinja2.Template:
    """The autoescaping template of the record pages, loaded once for all records.

    Fetched once rather than per record: Jinja checks the file's modification
    time on every ``get_template``, a stat call per record.
    """
    loader = jinja2.FileSystemLoader(str(TEMPLATE.parent))
    environment = jinja2.Environment(loader=loader, autoescape=True)
    return environment.get_template(TEMPLATE.name)
