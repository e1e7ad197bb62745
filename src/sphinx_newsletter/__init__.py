"""sphinx-newsletter: a newsletter's archive, feeds and email from MyST issues."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> dict[str, object]:
    """Turn the kit on: ``extensions = ["sphinx_newsletter"]`` in ``conf.py``."""
    from .extension import setup_extension

    setup_extension(app)
    return {
        "version": __version__,
        "env_version": 6,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
