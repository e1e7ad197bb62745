"""Chinese and Japanese words for search, cut the same way at index and at query time.

Pagefind 1.5.2 cuts a Chinese or Japanese page into words with its own dictionary
when it indexes, and cuts the query with the browser's ``Intl.Segmenter``: the two
often disagree (芯片, 组件化, 插件 were not found on iOS Weekly; pagefind#1237).
The kit owns both sides instead. Each run of Han and kana characters of a record
is cut into overlapping pairs (芯片组 → 芯片 片组), plus the run's last
character alone, and each piece is indexed as a *token* in a meta field
(:data:`FIELD`; meta values are split at spaces only, never segmented). The search
page cuts the query the same way (``static/newsletter-search-cut.js``, the one
function every query passes through): a query of two or more such characters is
the tokens of its pairs, and a record holds all of them when its text contains
the query. One character is found as the start of a pair or a run's end.

A token spells the code points in a consonant alphabet (:data:`DIGITS`) after a
lead (:data:`LEAD`): the browser's segmenter keeps such a run of ASCII letters
whole, and no stemmer (a mixed site's English index stems) changes a word without
vowels. ``tests/test_search_recall.py`` runs the shipped script against
:func:`query_tokens` in Chromium; ``tests/test_search_segments.py`` tests this module.
"""

from __future__ import annotations

import itertools
import re

#: The meta field holding a record's tokens (in its fragment, never shown).
FIELD = "cjk"
#: The characters cut into pairs: Han (with its extensions and compatibility
#: ideographs), hiragana, katakana (with its phonetic extensions and the
#: half-width forms) and the iteration marks 々〆〇. The same ranges are in
#: ``newsletter-search-cut.js``.
RANGES = (
    (0x3005, 0x3007),
    (0x3040, 0x309F),
    (0x30A0, 0x30FF),
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFF66, 0xFF9F),
    (0x20000, 0x3FFFF),
)
#: Every token starts with it: no word of a language starts so.
LEAD = "qz"
#: A code point's five hex digits, each spelt by one of these consonants.
DIGITS = "bcdfghjklmnprstv"
_RUN = re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in RANGES) + "]+")
#: Markdown that stands between characters of a take's source but not of its
#: text: emphasis, code and link brackets, and a link's destination.
_MARKUP = re.compile(r"\]\([^)]*\)|[*_`~\[\]]")
_SPELL = str.maketrans("0123456789abcdef", DIGITS)


def _spell(char: str) -> str:
    return f"{ord(char):05x}".translate(_SPELL)


def runs(text: str) -> list[str]:
    """The runs of Han and kana characters in ``text``, in order."""
    return _RUN.findall(_MARKUP.sub("", text))


def _pairs(run: str) -> list[str]:
    return [LEAD + _spell(a) + _spell(b) for a, b in itertools.pairwise(run)]


def run_tokens(run: str) -> list[str]:
    """The tokens of one run: each overlapping pair, then the last character alone."""
    return [*_pairs(run), LEAD + _spell(run[-1])]


def index_tokens(*texts: str) -> str:
    """The tokens of every run in ``texts``, each once, in order, space-separated."""
    seen: dict[str, None] = {}
    for text in texts:
        for run in runs(text):
            seen.update(dict.fromkeys(run_tokens(run)))
    return " ".join(seen)


def query_tokens(query: str) -> str:
    """The query as the search page sends it: each run as its pairs' tokens (one
    character as its own), the rest as typed. The Python twin of ``cutQuery``."""

    def cut(match: re.Match[str]) -> str:
        run = match.group(0)
        if len(run) == 1:
            return f" {LEAD}{_spell(run)} "
        return " " + " ".join(_pairs(run)) + " "

    return " ".join(_RUN.sub(cut, query).split())
