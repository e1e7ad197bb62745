"""Writing thousands of listing pages fast: the theme's page rendered once per depth.

A listing page differs from another in the same top folder and at the same depth
(``regions/asia/2024/`` and ``regions/japan/2023/``) only in its title, its body
and its own address; the theme's chrome around them (header, sidebar, scripts,
styles, every relative link, which only reaches top-level pages and static files)
is the same. Rendering that chrome through the theme costs more than the listing
itself, so the kit renders it once per (top folder, depth), through Sphinx's own
``handle_page`` with every event handler, around marker strings, and fills in
each page's title, body and address. A page whose
shell does not hold each marker exactly where expected is rendered the slow way,
and the tests check that both ways give the same bytes.
"""

from __future__ import annotations

import tempfile
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape

from ..paths import inside_absolute
from ..urls import absolute_url, page_url, term_feed_path

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from ..output import SiteOutput

TITLE = "nlshelltitle0c5d9e"
BODY = "nlshellbody0c5d9e"
SEGMENT = "nlshellpage0c5d9e"


class PageShells:
    """The theme's page, once per folder depth, with markers for what varies."""

    def __init__(self, app: Sphinx, output: SiteOutput) -> None:
        self.app = app
        self.output = output
        self.shells: dict[tuple[str, int], tuple[str, str] | None] = {}
        #: pages written through a shell (the others took the full path)
        self.fast = 0
        # Files are written by one background thread while the next page is made:
        # creating thousands of folders and files waits on the file system, which
        # frees the interpreter. At most a bounded number wait, to bound memory.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nl-pages")
        self._pending: deque[Future[None]] = deque()

    def _key(self, pagename: str) -> tuple[str, int]:
        """(top folder, depth): what the chrome's relative links depend on."""
        return pagename.split("/", 1)[0], self.app.builder.get_target_uri(pagename).count("/")

    def _shell(self, key: tuple[str, int]) -> tuple[str, str] | None:
        if key not in self.shells:
            top, depth = key
            name = "/".join([top] + [SEGMENT] * (depth - 1))
            # A top-level page links to itself ("#"): those few take the full path.
            if depth < 2 or self._key(name) != key:
                self.shells[key] = None
                return None
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / "shell.html"
                self.output.builder.handle_page(
                    name, {"title": TITLE, "body": BODY}, "page.html", outfilename=target
                )
                text = target.read_text(encoding=self.app.config.html_output_encoding)
            # Rendered to be taken apart, never a page of the site.
            self.output.forget_rendered(name)
            self.shells[key] = (name, text)
        return self.shells[key]

    def render(self, pagename: str, title: str, body: str) -> str | None:
        """The page's HTML from its depth's shell, or None to render it the full way."""
        shell = self._shell(self._key(pagename))
        if shell is None:
            return None
        name, text = shell
        # markupsafe's escape, as the templates' `|e` and autoescape write it.
        replacements = [
            (TITLE, str(escape(title))),
            (BODY, body),
            (str(escape(name)), str(escape(pagename))),
        ]
        url = page_url(self.app, name)
        if url:
            replacements.insert(0, (url, page_url(self.app, pagename) or ""))
            # A term's feed sits in its page's folder, whatever the page's own URL.
            feed = absolute_url(self.app.config, term_feed_path(name)) or ""
            own_feed = absolute_url(self.app.config, term_feed_path(pagename)) or ""
            replacements.insert(0, (feed, own_feed))
        for marker, value in replacements:
            text = text.replace(marker, value)
        if SEGMENT in text or TITLE in text or BODY in text:
            return None
        return text

    def write(self, pagename: str, title: str, body: str) -> bool:
        """Write the page through its shell; False if it must take the full path."""
        text = self.render(pagename, title, body)
        if text is None:
            return False
        path = inside_absolute(self.output.folder, self.output.builder.get_outfilename(pagename))
        encoding = self.app.config.html_output_encoding
        self._pending.append(self._writer.submit(_write_page, path, text, encoding))
        if len(self._pending) > MAX_PENDING:
            self._pending.popleft().result()
        self.fast += 1
        return True

    def flush(self) -> None:
        """Wait until every page handed to ``write`` is on disk (raising what failed)."""
        while self._pending:
            self._pending.popleft().result()


#: Pages rendered but not yet written, at most (about 40 KB each).
MAX_PENDING = 64


def _write_page(path: Path, text: str, encoding: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding, errors="xmlcharrefreplace")
