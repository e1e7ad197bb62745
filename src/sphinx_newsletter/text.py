"""Cutting text for excerpts by what a reader sees, in any script."""

from __future__ import annotations

import math
import re
import unicodedata

#: Characters that join with the one before them: never cut in front of these.
_JOINERS = {"\u200d", "\u200c", "\u20e3"}


def _width(char: str) -> int:
    """Columns a character takes: CJK and other wide characters take two."""
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _extends(char: str) -> bool:
    """Whether ``char`` belongs to the grapheme before it (marks, joiners, selectors)."""
    if char in _JOINERS or "\ufe00" <= char <= "\ufe0f" or "\U0001f3fb" <= char <= "\U0001f3ff":
        return True
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def columns(text: str) -> int:
    """Columns ``text`` takes."""
    return sum(0 if _extends(char) else _width(char) for char in text)


def _columns_cut(text: str, width: int, start: int = 0) -> int:
    """The index of the first character past ``width`` columns from ``start`` on
    (``len(text)`` if none)."""
    used = 0
    for index in range(start, len(text)):
        char = text[index]
        used += 0 if _extends(char) else _width(char)
        if used > width:
            return index
    return len(text)


def excerpt(text: str, width: int = 240) -> str:
    """The start of ``text`` in about ``width`` columns, cut between graphemes.

    A wide (CJK) character counts two columns, so a Chinese excerpt is about as
    long on screen as an English one. Text with spaces is cut at a word end when
    one is near; text without (Chinese, Japanese) between any two graphemes.
    An ellipsis marks a cut.
    """
    text = " ".join(text.split())
    if len(text) * 2 <= width:  # no character is wider than two columns
        return text
    if text[: width + 1].isascii():
        # Every ASCII character is one column and one grapheme: the common case
        # (listings make thousands of excerpts) needs no per-character lookups.
        if len(text) <= width:
            return text
        cut = width
    else:
        cut = _columns_cut(text, width)
        if cut >= len(text):
            return text
    # Never separate a base character from the marks and joiners that follow it.
    while cut > 0 and (_extends(text[cut]) or text[cut - 1] in _JOINERS):
        cut -= 1
    space = text.rfind(" ", 0, cut)
    if space > cut * 0.6:
        cut = space
    return text[:cut].rstrip(" ,;:.-—") + "…"


def wrap(text: str, width: int, *, break_long: bool = True) -> list[str]:
    """``text`` on lines of at most ``width`` columns (CJK characters take two).

    Breaks at spaces; a word wider than a line (Chinese and Japanese text has
    no spaces) is broken between graphemes. A word with no wide character
    ("country\u2019s", "café") moves to the next line whole, and with
    ``break_long=False`` stays whole even when it is wider than a line (an
    address in a mail, which a reader follows only whole). A long word is walked
    once, from where its last line ended: measuring the whole rest of it for
    every line made a 40,000-character word take seconds.
    """
    lines: list[str] = []
    line, used = "", 0
    for word in " ".join(text.split()).split(" "):
        # Past its last wide (CJK) character the rest takes at most a column a character.
        last_wide = (
            -1
            if word.isascii()
            else max((i for i, c in enumerate(word) if _width(c) == 2), default=-1)
        )
        if last_wide < 0:
            # A word to place whole, the common case (most text has no wide character).
            size = len(word) if word.isascii() else columns(word)
            if size <= width or not break_long:
                if line and used + 1 + size <= width:
                    line, used = f"{line} {word}", used + 1 + size
                elif word:
                    if line:
                        lines.append(line)
                    line, used = word, size
                continue
        at = 0  # where the rest of the word starts
        while at < len(word):
            room = width - used - (1 if line else 0)
            if _columns_cut(word, room, at) == len(word):
                rest = word[at:]
                size = columns(rest)
                line, used = (f"{line} {rest}", used + 1 + size) if line else (rest, size)
                at = len(word)
            elif line and at > last_wide and columns(word[at:]) <= width:
                lines.append(line)
                line, used = "", 0
            else:  # break the word where the line is full
                cut = max(_columns_cut(word, room if room > 0 else width, at), at + 1)
                while at + 1 < cut < len(word) and _extends(word[cut]):
                    cut -= 1
                if room <= 0 and line:
                    lines.append(line)
                    line, used = "", 0
                    continue
                head, at = word[at:cut], cut
                line = f"{line} {head}" if line else head
                lines.append(line)
                line, used = "", 0
    if line:
        lines.append(line)
    return lines


#: Reading speeds of an adult reading for meaning, on a screen: about 230 words a
#: minute in languages written in words, about 500 characters a minute in Chinese
#: and Japanese (Trauzettel-Klosinski & Dietz, 2012, across 17 languages).
WORDS_PER_MINUTE = 230
WIDE_CHARACTERS_PER_MINUTE = 500
#: A word, with the apostrophes (straight or curly) and hyphens inside it.
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def reading_minutes(text: str) -> int:
    """Minutes a reader takes over ``text`` (at least 1): its words, and its wide
    (CJK) characters, each read at its own speed."""
    wide = sum(1 for char in text if _width(char) == 2)
    narrow = "".join(" " if _width(char) == 2 else char for char in text)
    words = len(_WORD.findall(narrow))
    return max(1, math.ceil(words / WORDS_PER_MINUTE + wide / WIDE_CHARACTERS_PER_MINUTE))
