"""Sphinx's built-in search index, kept complete across incremental builds.

Sphinx (8 and 9) stores the general-index entries of each page in the search
index only when the page is written: after an incremental build the entries of
every unchanged page are gone, and a deleted page's stay behind. And pruning a
deleted page leaves its words in the index with no page. Before the index is
dumped, the kit recomputes the entries of every indexed page from the
``index`` domain, which holds them for all documents, and drops empty words,
so an incremental build's search index equals a clean build's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.util.index_entries import split_index_msg

from .._compat import (
    drop_unused_words,
    index_entries,
    indexed_docnames,
    search_indexer,
    set_search_index_entries,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def repair_search_index(app: Sphinx) -> None:
    """Make the search index hold what a clean build's would, and nothing else."""
    indexer = search_indexer(app.builder)
    if indexer is None:
        return
    drop_unused_words(indexer)
    domain_entries = index_entries(app.env)
    complete: dict[str, list[tuple[str, str, str]]] = {}
    # In document order, as a clean build feeds them: the dump keeps this order.
    for docname in indexed_docnames(indexer):
        found: set[tuple[str, str, str]] = set()
        for entry_type, value, target_id, main, _key in domain_entries.get(docname, ()):
            try:
                parts = split_index_msg(entry_type, value)
            except ValueError:
                continue
            target = target_id or ""
            found |= {(part, target, main) for part in parts}
        complete[docname] = sorted(found)
    set_search_index_entries(indexer, complete)
