"""Listing pages written through page shells are byte for byte the full rendering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, copy_root, generated_site, snapshot


def _listing_pages(outdir: Path) -> dict[str, bytes]:
    return {
        path: data
        for path, data in snapshot(outdir).items()
        if path.endswith(".html")
        and re.match(r"(archive|regions|topics|publications|authors|sponsors)/", path)
    }


@pytest.mark.parametrize("root", ["basic", "hostile", "zh", "generated"])
def test_page_shells_write_the_same_bytes_as_the_theme(root, tmp_path):
    sites = {}
    for fast in (True, False):
        dest = tmp_path / f"{root}-{fast}"
        if root == "generated":
            generated_site(dest, 12)
        else:
            copy_root(root, dest)
        # The count of pages through shells is logged at verbose level (-v).
        sites[fast] = build_site(dest, verbosity=1, newsletter_fast_listings=fast)
    fast_pages, full_pages = (_listing_pages(sites[f].outdir) for f in (True, False))
    assert len(fast_pages) > 10
    assert fast_pages.keys() == full_pages.keys()
    differing = [p for p in fast_pages if fast_pages[p] != full_pages[p]]
    assert differing == []
    through = int(re.search(r"\((\d+) through page shells\)", sites[True].status).group(1))
    assert through > len(fast_pages) / 2
