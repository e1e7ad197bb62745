"""The kit's version: the package's, and part of every generated page's digest."""

import functools
import hashlib
from pathlib import Path

__version__ = "0.1.0"


@functools.cache
def code_digest() -> str:
    """A digest of the kit's own files (code, templates, scripts, styles), once a process.

    The version alone does not change while the kit is worked on (or installed from a
    branch); what a build keeps from the last one (``output.SiteOutput``) must not
    outlive a change of the code that made it.
    """
    package = Path(__file__).parent
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
