"""The catalog read without writing a site is the one the HTML build makes."""

from __future__ import annotations

from conftest import copy_root
from sphinx_newsletter.domain import catalog_of
from sphinx_newsletter.read.reader import read_catalog


def test_the_reader_makes_the_catalog_and_warnings_of_the_html_build(basic_site):
    reading = read_catalog(basic_site.srcdir)
    ours, built = reading.catalog, catalog_of(basic_site.app.env)
    assert ours.all_issues == built.all_issues
    assert ours.all_recs == built.all_recs
    assert ours.published_sponsors == built.published_sponsors
    assert {name: list(terms) for name, terms in ours.taxonomies.items()} == {
        name: list(terms) for name, terms in built.taxonomies.items()
    }
    assert reading.sources["issues/0002"] == "issues/0002.md"


def test_the_reader_writes_nothing_into_the_sources(tmp_path):
    srcdir = copy_root("basic", tmp_path / "site")
    before = sorted(srcdir.rglob("*"))
    assert len(read_catalog(srcdir).catalog.all_issues) == 3
    assert sorted(srcdir.rglob("*")) == before


def test_records_sent_by_workers_and_saved_between_readings_are_unchanged(tmp_path):
    # Records cross two pickles: the workers' (-j 2) and the saved environment's.
    srcdir = copy_root("basic", tmp_path / "site")
    serial = read_catalog(srcdir, fast=True).catalog
    cache = tmp_path / "cache"
    parallel = read_catalog(srcdir, fast=True, jobs=2, cache=cache).catalog
    saved = read_catalog(srcdir, fast=True, jobs=2, cache=cache).catalog
    for catalog in (parallel, saved):
        assert catalog.all_issues == serial.all_issues
        assert catalog.all_recs == serial.all_recs
        assert catalog.published_sponsors == serial.published_sponsors
    assert serial.published_sponsors and all(rec.regions for rec in serial.all_recs)
