"""A generated Japanese archive (kana and kanji), for the recall benchmark.

``python -m benchmarks.japanese DEST --issues N`` writes a site of N weekly issues
in Japanese: titles, bylines and takes made of kanji compounds, katakana loan
words and hiragana particles and endings, joined without spaces as Japanese is
written, so that words stand inside longer runs of characters (どこで切るか is
what a segmenter must guess). Seeded: the same N gives the same archive.
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

#: Kanji compounds, katakana loan words, and the hiragana between them.
KANJI = [
    "半導体",
    "人工知能",
    "開発者",
    "工場",
    "政府",
    "投資",
    "市場",
    "技術",
    "研究所",
    "通信",
    "電池",
    "自動車",
    "製造業",
    "規制",
    "株価",
    "大学",
    "教育",
    "医療",
    "物流",
    "金融",
    "決済",
    "安全保障",
    "輸出",
    "経済",
    "戦略",
    "企業",
    "社長",
    "提携",
    "買収",
    "調査",
    "報告書",
    "生成",
    "画像",
    "言語",
    "翻訳",
    "計算",
    "性能",
    "電力",
    "環境",
]
KATAKANA = [
    "ソフトウェア",
    "スマートフォン",
    "クラウド",
    "データ",
    "セキュリティ",
    "チップ",
    "サーバー",
    "アプリ",
    "プラットフォーム",
    "スタートアップ",
    "ロボット",
    "ネットワーク",
    "エンジニア",
    "モデル",
    "サービス",
    "デバイス",
    "メモリ",
    "ゲーム",
]
PARTICLES = ("の", "が", "を", "に", "で", "と", "は", "から", "について", "による", "への")
ENDINGS = (
    "を発表した。",
    "が進んでいる。",
    "について考える。",
    "が話題になった。",
    "を強化する方針だ。",
    "に注目が集まる。",
    "はまだ難しい。",
)
NAMES = ["山田太郎", "佐藤花子", "鈴木一郎", "高橋美咲", "田中健", "伊藤直子", "渡辺翔", "中村愛"]
PUBLICATIONS = ("日経", "朝日新聞", "ITmedia", "東洋経済", "ギズモード", "日刊工業新聞")
TOPICS = ("半導体", "AI", "モバイル", "政策", "ビジネス")
REGIONS = ("japan", "korea", "china")
CONF = """project = "アジアテック週報"
language = "ja"
extensions = ["sphinx_newsletter"]
html_baseurl = "https://ja-generated.example/"
newsletter_regions = {
    "asia": {"title": "アジア"},
    "japan": {"title": "日本", "parent": "asia"},
    "korea": {"title": "韓国", "parent": "asia"},
    "china": {"title": "中国", "parent": "asia"},
}
"""


def _word(rng: random.Random) -> str:
    return rng.choice(KANJI) if rng.random() < 0.6 else rng.choice(KATAKANA)


def _phrase(rng: random.Random, words: int) -> str:
    parts = [_word(rng)]
    for _ in range(words - 1):
        parts += [rng.choice(PARTICLES), _word(rng)]
    return "".join(parts)


def _sentence(rng: random.Random) -> str:
    return _phrase(rng, rng.randint(2, 4)) + rng.choice(ENDINGS)


def _issue(rng: random.Random, number: int, date: datetime.date) -> str:
    lines = [
        "---",
        f"number: {number}",
        f"date: {date.isoformat()}",
        f"description: {_phrase(rng, 2)}の話題です。",
        "---",
        "",
        f"# {_phrase(rng, 2)}",
        "",
        f"## {rng.choice(TOPICS)}",
        "",
    ]
    titles: set[str] = set()
    for _ in range(rng.randint(6, 12)):
        title = _phrase(rng, rng.randint(2, 3))
        if title in titles:
            continue
        titles.add(title)
        take = "".join(_sentence(rng) for _ in range(rng.randint(1, 4)))
        lines += [
            f":::{{recommendation}} {title}",
            # Titles repeat across issues: each recommendation gets an id of its own.
            f":name: r{number}-{len(titles)}",
            f":url: https://news.example/ja/{number}/{len(titles)}",
            f":authors: {rng.choice(NAMES)}",
            f":publication: {rng.choice(PUBLICATIONS)}",
            f":regions: {rng.choice(REGIONS)}",
            f":topics: {rng.choice(TOPICS)}",
            "",
            take,
            ":::",
            "",
        ]
    return "\n".join(lines)


def _mixed(text: str, rng: random.Random) -> str:
    """An issue of an English site: half its recommendations are Japanese (``:lang: ja``),
    the others get English titles and takes."""
    out: list[str] = []
    english = False
    for line in text.splitlines():
        if line.startswith(":::{recommendation}"):
            english = rng.random() < 0.5
            if english:
                words = rng.sample(ENGLISH, 4)
                line = ":::{recommendation} " + " ".join(words).capitalize()
            out.append(line)
            if not english:
                out.append(":lang: ja")
            continue
        if english and line and not line.startswith(":") and not line.startswith("#"):
            line = " ".join(rng.choice(ENGLISH) for _ in range(12)).capitalize() + "."
        out.append(line)
    return "\n".join(out)


#: The English words of a mixed site's own recommendations.
ENGLISH = [
    "chips",
    "market",
    "policy",
    "tokyo",
    "seoul",
    "startup",
    "cloud",
    "model",
    "robots",
    "batteries",
    "trade",
    "research",
    "supply",
    "factory",
    "network",
    "mobile",
    "games",
    "security",
    "data",
]


def write_japanese_archive(dest: Path, issues: int, seed: int = 7, english: bool = False) -> Path:
    """Write a Japanese site of ``issues`` weekly issues into ``dest``; ``dest``.

    ``english``: an English site instead, half of whose recommendations are
    Japanese articles (``:lang: ja``), titles, bylines and takes.
    """
    rng = random.Random(seed)
    (dest / "issues").mkdir(parents=True, exist_ok=True)
    conf = CONF.replace('language = "ja"', 'language = "en"') if english else CONF
    (dest / "conf.py").write_text(conf, encoding="utf-8")
    (dest / "index.md").write_text("# アジアテック週報\n", encoding="utf-8")
    start = datetime.date(2019, 1, 7)
    for number in range(1, issues + 1):
        date = start + datetime.timedelta(weeks=number - 1)
        text = _issue(rng, number, date)
        if english:
            text = _mixed(text, rng)
        (dest / "issues" / f"{number:04d}.md").write_text(text, encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.japanese", description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--issues", type=int, default=300)
    parser.add_argument("--english", action="store_true", help="an English site, half Japanese")
    args = parser.parse_args(argv)
    write_japanese_archive(args.dest, args.issues, english=args.english)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
