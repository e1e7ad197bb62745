"""``python -m benchmarks.recall``: how much of what a Chinese or Japanese query should
find the search page finds, per corpus.

Ground truth comes from the built pages, not from the kit: every recommendation on
an issue page (``article.recommendation``) whose title, byline or take, as the page
shows it, contains the query as typed. The queries are the 50 most frequent words
of 2-4 Han characters of the archive's recommendations (cut by jieba, the ``cjk``
extra), plus everyday words. They run the way a reader's browser runs them: the
built site is served on 127.0.0.1 and, in headless Chromium, the search page's own
``newsletter-search-cut.js`` cuts each query and the site's own Pagefind bundle
(every part merged, as the page's whole-archive pass does) answers it. Recall: the
share of the ground truth among the results; precision: the share of the first 10
results whose text (a recommendation's as above, an issue's headline and
description) contains the query. Results go to ``benchmarks/RECALL.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from playwright.sync_api import Page

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium_session, serve  # noqa: E402

from .japanese import write_japanese_archive  # noqa: E402
from .search import CORPORA, build, corpus_site, write_report  # noqa: E402

#: A word of 2-4 Han characters.
HAN_WORD = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff]{2,4}$")
#: Words a reader of each language types, whatever the archive's frequencies.
EVERYDAY = {
    "zh": ("芯片", "组件化", "插件", "缓存", "性能", "动画", "内存", "编译器", "调试", "架构"),
    "ja": (
        "半導体",
        "人工知能",
        "開発者",
        "ソフトウェア",
        "スマートフォン",
        "チップ",
        "データ",
        "について",
        "が進んでいる",
    ),
}
#: How many frequent words are measured.
FREQUENT = 50
#: The results whose precision is measured: the first page.
FIRST_PAGE = 10


@dataclass(frozen=True)
class Outcome:
    """One query's figures."""

    query: str
    expected: int
    found: int
    first: int
    relevant: int

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.relevant / self.first if self.first else 1.0


def page_texts(outdir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(recommendations, issues): each record's URL (``/issues/0009/#id``) and its text as
    the built issue pages show it: a recommendation's title, byline and take; an
    issue's headline and description."""
    recs: dict[str, str] = {}
    issues: dict[str, str] = {}
    for path in sorted(outdir.glob("issues/*/index.html")):
        url = "/" + path.parent.relative_to(outdir).as_posix() + "/"
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for label in soup.select(".take-label"):
            label.decompose()  # the page's own word ("Our take", 编者按), not the record's
        for article in soup.select("article.recommendation"):
            parts = [
                node.get_text()
                # The byline's names, not its words ("作者", "刊于") that every byline has.
                for selector in (
                    ".recommendation-title",
                    ".recommendation-byline .author",
                    ".recommendation-byline .publication",
                    ".recommendation-take",
                )
                for node in article.select(selector)
            ]
            recs[url + "#" + article["id"]] = "\n".join(parts)
        heading = soup.select_one("article.bd-article h1")
        described = soup.find("meta", attrs={"name": "description"})
        issues[url] = " ".join(
            [heading.get_text() if heading else "", described["content"] if described else ""]
        )
    return recs, issues


def frequent_words(texts: Iterable[str], count: int = FREQUENT) -> list[str]:
    """The ``count`` most frequent words of 2-4 Han characters, as jieba cuts ``texts``."""
    import jieba

    jieba.setLogLevel(60)
    words: Counter[str] = Counter()
    for text in texts:
        words.update(word for word in jieba.cut(text) if HAN_WORD.match(word))
    return [word for word, _ in words.most_common(count)]


#: In the search page: import the page's own query cutter and the site's Pagefind
#: bundle, set up as the page's whole-archive pass (every part, every language),
#: and answer a list of queries with all their results' URLs.
_RUN = """async (queries) => {
  const root = document.querySelector(".nl-search");
  const bundle = new URL(root.dataset.bundle, document.baseURI);
  const parts = root.dataset.parts.split(" ").filter(Boolean).map((part) => {
    const [name, languages = ""] = part.split(":");
    const url = new URL(`${name}/`, bundle).href;
    return { url, languages: languages.split(",").filter(Boolean) };
  });
  const script = [...document.scripts].find((s) => s.src.includes("newsletter-search.js"));
  const { cutQuery } = await import(new URL("newsletter-search-cut.js", script.src).href);
  const api = await import(`${parts[0].url}pagefind.js`);
  const whole = api.createInstance({ basePath: parts[0].url });
  const baseUrl = new URL("../", bundle).pathname;
  await whole.options({ baseUrl });
  await whole.init();
  for (const [i, part] of parts.entries()) {
    if (i) await whole.mergeIndex(part.url, { baseUrl });
    for (const language of part.languages) {
      await whole.mergeIndex(part.url, { language, baseUrl });
    }
  }
  const out = {};
  for (const query of queries) {
    const found = await whole.search(cutQuery(query));
    const seen = new Set();
    const unique = found.results.filter((r) => !seen.has(r.id) && seen.add(r.id));
    out[query] = await Promise.all(unique.map(async (r) => (await r.data()).url));
  }
  return out;
}"""


def search_all(page: Page, base: str, queries: list[str]) -> dict[str, list[str]]:
    """Every query's result URLs, in rank order, from the served site's search page."""
    page.goto(f"{base}/search/")
    page.wait_for_load_state("networkidle")
    return page.evaluate(_RUN, queries)


def address(url: str) -> str:
    """A result's URL from the site's root, not encoded (``/issues/0009/#id``)."""
    parts = urlsplit(url)
    return unquote(parts.path + (f"#{parts.fragment}" if parts.fragment else ""))


def measure(outdir: Path, queries: list[str], base: str, page: Page) -> list[Outcome]:
    """Recall and precision of ``queries`` on the site built at ``outdir``, served at ``base``."""
    recs, issues = page_texts(outdir)
    texts = {**issues, **recs}
    found = search_all(page, base, queries)
    outcomes = []
    for query in queries:
        urls = [address(url) for url in found[query]]
        truth = {url for url, text in recs.items() if query in text}
        first = urls[:FIRST_PAGE]
        outcomes.append(
            Outcome(
                query=query,
                expected=len(truth),
                found=len(truth & set(urls)),
                first=len(first),
                relevant=sum(query in texts.get(url, "") for url in first),
            )
        )
    return outcomes


def report(title: str, outcomes: list[Outcome]) -> list[str]:
    """A corpus's RECALL.md section: the summary, then each query."""
    measured = [o for o in outcomes if o.expected]
    expected = sum(o.expected for o in measured)
    found = sum(o.found for o in measured)
    worst = min(measured, key=lambda o: o.recall, default=None)
    answered = [o for o in outcomes if o.first]
    lines = [
        f"## {title}",
        "",
        f"- {len(outcomes)} queries ({len(measured)} with ground truth): recall "
        f"{found / expected if expected else 1:.3f} overall ({found} of {expected}), "
        f"mean {sum(o.recall for o in measured) / max(len(measured), 1):.3f}, lowest "
        + (f"{worst.recall:.3f} ({worst.query})" if worst else "n/a"),
        f"- precision in the first {FIRST_PAGE}: mean "
        f"{sum(o.precision for o in answered) / max(len(answered), 1):.3f}, lowest "
        f"{min((o.precision for o in answered), default=1):.3f}",
        "",
        "| query | expected | found | recall | precision@10 |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {o.query} | {o.expected} | {o.found} | {o.recall:.3f} | {o.precision:.2f} |"
        for o in outcomes
    ]
    return [*lines, ""]


def site_queries(outdir: Path, language: str) -> list[str]:
    """A built site's queries: its frequent Han words, then the everyday ones."""
    recs, _ = page_texts(outdir)
    words = frequent_words(recs.values())
    return list(dict.fromkeys([*words, *EVERYDAY.get(language, ())]))


def run(corpora: list[str], japanese: int, mixed: int, work: Path) -> list[str]:
    sites: list[tuple[str, Path, str]] = []
    for name in corpora:
        if (CORPORA / name).is_dir():
            sites.append((name, corpus_site(name, work / f"site-{name}"), "zh"))
    if japanese:
        srcdir = write_japanese_archive(work / "site-ja", japanese)
        sites.append((f"generated Japanese archive ({japanese} issues)", srcdir, "ja"))
    if mixed:
        srcdir = write_japanese_archive(work / "site-mixed", mixed, english=True)
        title = f"generated English archive, half its recommendations :lang: ja ({mixed} issues)"
        sites.append((title, srcdir, "ja"))
    lines = [
        "# Recall of Chinese and Japanese queries",
        "",
        "`python -m benchmarks.recall` (see its docstring: ground truth from the built",
        "issue pages by substring; queries run in headless Chromium through the search",
        "page's own `newsletter-search-cut.js` and the site's Pagefind bundle).",
        "",
    ]
    built = []
    for title, srcdir, language in sites:
        outdir = srcdir.parent / f"html-{srcdir.name}"
        build(srcdir, outdir)
        built.append((title, outdir, language))
    with chromium_session() as browser:
        for title, outdir, language in built:
            with serve(outdir) as base:
                page = browser.new_page()
                lines += report(title, measure(outdir, site_queries(outdir, language), base, page))
                page.close()
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.recall", description=__doc__)
    parser.add_argument("--corpora", nargs="*", default=["ios-weekly"], help="of shared/corpora")
    parser.add_argument("--japanese", type=int, default=300, help="issues of a Japanese archive")
    parser.add_argument("--mixed", type=int, default=150, help="issues of a mixed English one")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RECALL.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nl-recall-") as tmp:
        lines = run(args.corpora, args.japanese, args.mixed, Path(tmp))
    write_report(args.out, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
