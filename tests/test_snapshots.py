"""Doctree snapshots of the directives: a change to what they emit shows as a diff.

Each snapshot in ``tests/snapshots/`` is the ``pformat()`` of one directive's
nodes in the ``snapshots`` test root, read by the builder that writes nothing.
After an intended change, write them anew and review the diff:
``NEWSLETTER_UPDATE_SNAPSHOTS=1 pytest tests/test_snapshots.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from docutils import nodes
from sphinx import addnodes
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS
from sphinx_newsletter.nodes import semantic

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("NEWSLETTER_UPDATE_SNAPSHOTS") == "1"


def _matches(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no snapshot {name}: run with NEWSLETTER_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs; if the change is intended, run with NEWSLETTER_UPDATE_SNAPSHOTS=1 "
        "and review the diff"
    )


@pytest.fixture(scope="module")
def doctree(tmp_path_factory: pytest.TempPathFactory) -> nodes.document:
    app = SphinxTestApp(
        "newsletter-catalog",
        srcdir=ROOTS / "test-snapshots",
        builddir=tmp_path_factory.mktemp("snapshots"),
    )
    try:
        app.build()
        return app.env.get_doctree("issues/0001")
    finally:
        app.cleanup()


def _block(doctree: nodes.document, css_class: str) -> str:
    """The pformat of a directive's output: its index entry (if any) and its block."""
    found = [
        node
        for node in doctree.findall(lambda n: isinstance(n, (semantic, addnodes.index)))
        if css_class in node.get("classes", ()) or isinstance(node, addnodes.index)
    ]
    block = next(n for n in found if isinstance(n, semantic))
    before = block.parent[block.parent.index(block) - 1]
    parts = [before] if isinstance(before, addnodes.index) else []
    return "".join(node.pformat() for node in [*parts, block])


def test_the_recommendation_directive_emits_its_snapshot(doctree):
    _matches("recommendation.xml", _block(doctree, "recommendation"))


def test_the_sponsor_directive_emits_its_snapshot(doctree):
    _matches("sponsor.xml", _block(doctree, "sponsor"))
