"""Chinese and Japanese cut into pair tokens (``search/segments.py``): what the index
holds for a record and what a query is sent as. The shipped query cutter
(``newsletter-search-cut.js``) is checked against :func:`query_tokens` in Chromium by
``test_search_recall.py``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_newsletter.search.segments import LEAD, index_tokens, query_tokens, runs


def test_runs_are_han_and_kana_with_markdown_between_them_left_out():
    assert runs("介绍了**台积电**的[芯片](https://x.example/芯片)工厂。Swift 的并发") == [
        "介绍了台积电的芯片工厂",
        "的并发",
    ]
    assert runs("日本の半導体ルネサンス、ソフトウェア") == [
        "日本の半導体ルネサンス",
        "ソフトウェア",
    ]
    assert runs("Only English, 한국어 and 123.") == []


def test_tokens_are_ascii_words_no_segmenter_or_stemmer_cuts():
    tokens = index_tokens("组件化", "日本の").split()
    assert len(tokens) == 2 + 1 + 2 + 1  # the pairs of each run, then its last character
    assert all(t.startswith(LEAD) and t.isascii() and t.isalpha() for t in tokens)
    # No vowel after the lead: an English stemmer leaves a word without one alone.
    assert not any(set(t[len(LEAD) :]) & set("aeiouy") for t in tokens)
    assert query_tokens("Swift 组件化") == "Swift " + " ".join(index_tokens("组件化").split()[:2])
    assert query_tokens("no cjk here") == "no cjk here"


@given(st.text(alphabet="芯片组件化插缓存の半導体スマホ", min_size=1, max_size=12), st.data())
def test_a_substring_of_indexed_text_has_all_its_tokens_in_the_index(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    indexed = set(index_tokens(text).split())
    query = query_tokens(text[start:end]).split()
    if end - start == 1:
        # One character: the start of a pair or a run's last character (prefix match).
        assert any(token.startswith(query[0]) for token in indexed)
    else:
        assert set(query) <= indexed
