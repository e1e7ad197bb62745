"""``python -m benchmarks.lighthouse``: Lighthouse's scores for a reader's pages.

Two sites, built clean with ``sphinx-build -b dirhtml`` by the kit in this
worktree and served on 127.0.0.1: the repository's own (This Week in Asia, in
English) and a Chinese one, the newest ``--zh-issues`` issues of the ios-weekly
corpus (``/work/shared/corpora``) with a sign-up form configured. The corpus's
covers are on other sites, which this machine cannot reach (each would be a
failed request and a console error that a reader's browser does not have), so
their ``image*`` fields are left out of the copies.

Lighthouse (npm ``lighthouse``, through ``npx``; ``CHROME_PATH`` names Chromium,
``/usr/bin/chromium`` by default) runs its default mobile preset (a 412 px phone,
simulated slow 4G and a 4x slower CPU) on the home page, an issue, a region's page
(the Chinese site files no regions: a topic's) and the search page, in its four
categories. Results, with every audit that did not pass, go to
``benchmarks/LIGHTHOUSE.md``. It is a report, not a test: the scores move with the
machine's load, and each run takes a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import serve  # noqa: E402

CORPUS = Path("/work/shared/corpora/ios-weekly")
LIGHTHOUSE = "lighthouse@12"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
SITE_FILES = ("conf.py", "index.md", "issues", "_static", "_templates")
#: The Chinese site's sign-up form (a placeholder address, like its html_baseurl).
ZH_SUBSCRIBE = (
    '\nnewsletter_subscribe = {"form": "https://ios-weekly.example/subscribe", '
    '"title": "订阅周报", "text": "每周一封邮件。"}\n'
)


def _without_covers(text: str) -> str:
    """An issue's text without its front matter's ``image*`` fields (and their lines)."""
    head, sep, body = text.partition("\n---\n")
    lines, skipping = [], False
    for line in head.splitlines():
        if re.match(r"image(-alt|-credit)?:", line):
            skipping = True
            continue
        if skipping and line[:1].isspace():
            continue
        skipping = False
        lines.append(line)
    return "\n".join(lines) + sep + body


def english_site(dest: Path) -> Path:
    """The repository's site: its sources copied, as ``make html`` reads them."""
    dest.mkdir(parents=True)
    for name in SITE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        elif source.exists():
            shutil.copy(source, dest / name)
    return dest


def chinese_site(dest: Path, issues: int) -> Path:
    """The newest ``issues`` issues of the ios-weekly corpus, without their covers."""
    (dest / "issues").mkdir(parents=True)
    for path in sorted((CORPUS / "issues").glob("*.md"))[-issues:]:
        text = _without_covers(path.read_text(encoding="utf-8"))
        (dest / "issues" / path.name).write_text(text, encoding="utf-8")
    conf = (CORPUS / "conf-snippet.py").read_text(encoding="utf-8") + ZH_SUBSCRIBE
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    (dest / "index.md").write_text(
        "# 老司机 iOS 周报\n\n每周推荐 iOS 开发的好文章与编者按。\n", encoding="utf-8"
    )
    return dest


def build(srcdir: Path) -> Path:
    """``sphinx-build -b dirhtml`` by the kit in this worktree; the output folder."""
    outdir = srcdir / "_build"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "dirhtml", "-q", str(srcdir), str(outdir)],
        check=True,
        env=env,
    )
    return outdir


def lighthouse(url: str, report: Path) -> dict[str, object]:
    """Lighthouse's JSON report of one page (mobile preset)."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ],
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    return result


def _failed(result: dict[str, object]) -> list[str]:
    """Every scored audit of the four categories that did not pass, with its score."""
    audits = result["audits"]
    categories = result["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    out = []
    for category in CATEGORIES:
        for ref in categories[category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                out.append(f"{category}: `{ref['id']}` ({audit['score']:.2f}) {audit['title']}")
    return out


def main() -> None:
    """Build both sites, run Lighthouse on their pages, write ``LIGHTHOUSE.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zh-issues", type=int, default=40)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "LIGHTHOUSE.md")
    args = parser.parse_args()
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        en = build(english_site(root / "en"))
        zh = build(chinese_site(root / "zh", args.zh_issues))
        zh_issue = sorted((root / "zh" / "issues").glob("*.md"))[-1].stem
        zh_topic = sorted(p.parent.name for p in (zh / "topics").glob("*/atom.xml"))[0]
        sites = {
            "English (This Week in Asia)": (
                en,
                {"home": "", "issue": "issues/0009/", "region": "regions/japan/"},
            ),
            f"Chinese (ios-weekly, {args.zh_issues} issues)": (
                zh,
                {"home": "", "issue": f"issues/{zh_issue}/", "topic": f"topics/{zh_topic}/"},
            ),
        }
        for site, (outdir, pages) in sites.items():
            with serve(outdir) as base:
                for kind, path in [*pages.items(), ("search", "search/")]:
                    result = lighthouse(f"{base}/{path}", root / "report.json")
                    categories = result["categories"]
                    assert isinstance(categories, dict)
                    scores = [round(categories[c]["score"] * 100) for c in CATEGORIES]
                    rows.append(
                        f"| {site} | {kind} (`{path or '/'}`) | "
                        + " | ".join(map(str, scores))
                        + " |"
                    )
                    notes += [f"- {site}, {kind}: {line}" for line in _failed(result)]
                    print(rows[-1], flush=True)
    version = subprocess.run(
        ["npx", "--yes", LIGHTHOUSE, "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text = "\n".join(
        [
            "# Lighthouse",
            "",
            f"`python -m benchmarks.lighthouse` (Lighthouse {version}, mobile preset, "
            "Debian's Chromium; see the module's docstring). Target (issue #31): 98 or more "
            "in every category, on every page, in both languages.",
            "",
            "| site | page | performance | accessibility | best practices | SEO |",
            "|---|---|--:|--:|--:|--:|",
            *rows,
            "",
            "## Audits that did not pass",
            "",
            *(notes or ["None."]),
            "",
        ]
    )
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
