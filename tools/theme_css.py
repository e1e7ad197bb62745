"""Derive the kit's base stylesheet from the parent themes' (``make theme-css``).

Every page of the PyData theme loads ``styles/theme.css`` (an ``@import`` of
Sphinx's ``basic.css``, a second, serial request) and ``pydata-sphinx-theme.css``:
64 KB gzipped, mostly Bootstrap and components a newsletter never shows. This
tool builds pages of every kind the kit writes (the repository's site and the
test roots, among them ``test-kitchen-sink``: every construct an issue may hold
and a maintainer's page with the rest), keeps the rules of those two files whose
selectors the pages, the kit's templates or its scripts can match (PurgeCSS, from
npm), and writes them, in the same order, to
``src/sphinx_newsletter/theme/sphinx_newsletter/static/newsletter-base.css``.

The header records the sources' SHA-256: ``tests/test_compat.py`` fails when an
upgraded theme or Sphinx changes them (run this tool again), and
``tests/test_theme_css.py`` compares pages drawn with the derived file and with
the originals, pixel by pixel.

Usage: ``python tools/theme_css.py`` (needs ``npm install`` for PurgeCSS).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from sphinx_newsletter.read.policy import ALLOWED_DIRECTIVES

ROOT = Path(__file__).resolve().parent.parent
KIT = ROOT / "src" / "sphinx_newsletter"
OUTPUT = KIT / "theme" / "sphinx_newsletter" / "static" / "newsletter-base.css"
PURGECSS_MODULE = ROOT / "node_modules" / "purgecss"
#: The sites whose pages are the content the rules are kept for.
SITES = [ROOT] + [
    ROOT / "tests" / "roots" / name
    for name in (
        "test-basic",
        "test-kitchen-sink",
        "test-hostile",
        "test-multilingual",
        "test-zh",
        "test-i18n-ja",
    )
]
#: Classes Sphinx, docutils and MyST write for content the built pages may not
#: happen to hold: the directives an issue may use (an admonition's class is its
#: name) and what docutils writes for the rest; a maintainer's page may use more.
CONTENT_CLASSES = [
    *sorted(ALLOWED_DIRECTIVES),
    "literal-block-wrapper",
    "code-block-caption",
    "linenos",
    "docutils",
    "footnote",
    "citation",
    "field-list",
    "option-list",
    "align-",
    "caption",
    "math",
    "versionmodified",
    "toctree",
    "glossary",
    "sig",
    "guilabel",
    "menuselection",
    "kbd",
    "headerlink",
    "contents",
    "simple",
    "hlist",
    "todo",
    # A site's own theme option none of the scanned sites sets: PyData's
    # announcement banner (``html_theme_options["announcement"]``).
    "bd-header-announcement",
]
#: The parent themes' stylesheets, in the order a page loads them.
SOURCES = ("basic.css", "styles/pydata-sphinx-theme.css")


def sources(static: Path) -> list[tuple[str, bytes]]:
    """The files the derived stylesheet replaces, from a built site's ``_static``."""
    return [(name, (static / name).read_bytes()) for name in SOURCES]


def header(found: list[tuple[str, bytes]]) -> str:
    """The derived file's first line: what it came from (``tests/test_theme_css.py`` reads it)."""
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in found}
    return (
        "/* Derived by tools/theme_css.py (`make theme-css`) from Sphinx's basic.css and "
        "pydata-sphinx-theme's pydata-sphinx-theme.css (BSD-3-Clause): their rules that "
        "the kit's pages can use. Do not edit. sources: "
        f"{json.dumps(digests, sort_keys=True)} */\n"
    )


def build(site: Path, out: Path) -> None:
    """Build ``site`` with dirhtml into ``out``."""
    command = [sys.executable, "-m", "sphinx", "-q", "-b", "dirhtml"]
    command += ["-d", str(out / ".doctrees"), str(site), str(out / "html")]
    subprocess.run(command, check=True)
    print(f"built {site.relative_to(ROOT.parent)}", file=sys.stderr)


def main() -> int:
    if not PURGECSS_MODULE.exists():
        print("PurgeCSS is missing: run `npm install`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for number, site in enumerate(SITES):
            build(site, work / f"site{number}")
        static = work / "site0" / "html" / "_static"
        found = sources(static)
        joined = work / "theme.css"
        joined.write_bytes(b"\n".join(data for _, data in found))
        config = {
            "content": [
                str(work / "site*" / "html" / "**" / "*.html"),
                str(KIT / "**" / "*.html"),
                str(KIT / "**" / "*.js"),
            ],
            "css": [str(joined)],
            "safelist": {"standard": [f"__RE__{name}" for name in CONTENT_CLASSES]},
        }
        # PurgeCSS's API, from a script: the safelist holds regular expressions,
        # and the command line drops a config file's ``css`` (it printed ``[]``).
        script = (
            f"const {{ PurgeCSS }} = require({json.dumps(str(PURGECSS_MODULE))});\n"
            f"const config = {json.dumps(config, indent=1)};\n"
            "new PurgeCSS().purge(config).then((r) => process.stdout.write(r[0].css));\n"
        )
        for name in CONTENT_CLASSES:
            script = script.replace(f'"__RE__{name}"', f"/^{name}/")
        (work / "purge.cjs").write_text(script, encoding="utf-8")
        run = subprocess.run(["node", str(work / "purge.cjs")], check=True, capture_output=True)
        kept = run.stdout.decode("utf-8")
        OUTPUT.write_text(header(found) + kept.strip() + "\n", encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({OUTPUT.stat().st_size:,} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
