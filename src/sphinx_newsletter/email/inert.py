"""Template syntax made inert, so a mail service prints contributor text as written.

Mail services run their own template language over the email they are given:
Buttondown Django/Jinja-style ``{{ }}``, ``{% %}`` and ``{# #}``, Listmonk Go
templates (``{{ }}``), Mailchimp merge tags (``*|EMAIL|*``). A take holding
``{{ subscriber.email }}`` would make the service print each subscriber's address
wherever the contributor put it (an image URL of their own server). Each language
opens and closes a tag with a pair of characters, so every such pair is broken:
in HTML its first character becomes a numeric character reference (which
template engines do not read and browsers show as the character), in plain text
and headers a zero-width space goes between the two. The kit's own unsubscribe
placeholder is put back afterwards, into the slot the kit's template gave it.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

#: The first character of a pair that opens or closes a tag: ``{{ {% {#``, ``}} %} #}``,
#: and Mailchimp's ``*| |*``.
_PAIR_START = re.compile(r"\{(?=[{%#])|[}%#](?=\})|\*(?=\|)|\|(?=\*)")
#: CSS is raw text in HTML (character references are not read there) and the kit's own.
_STYLE = re.compile(r"(<style\b[^>]*>.*?</style>)", re.DOTALL | re.IGNORECASE)
ZERO_WIDTH_SPACE = "\u200b"


def inert_text(text: str) -> str:
    """``text`` (plain text or a header) with a zero-width space inside every tag delimiter."""
    return _PAIR_START.sub(lambda match: match.group() + ZERO_WIDTH_SPACE, text)


def inert_html(html: str) -> str:
    """``html`` with the first character of every tag delimiter as a character reference.

    Text and attribute values alike (a browser reads references in both); the
    ``<style>`` elements, which come from the kit's template, are left as they are.
    """
    parts = _STYLE.split(html)
    # split() puts the captured <style> elements at the odd positions.
    return "".join(
        part if index % 2 else _PAIR_START.sub(lambda match: f"&#{ord(match.group())};", part)
        for index, part in enumerate(parts)
    )


def inert_keeping(render: Callable[[str], str], inert: Callable[[str], str], kept: str) -> str:
    """``inert(render(slot))`` with ``kept`` (the kit's placeholder) where ``slot`` was.

    ``slot`` is a fresh random token, so no contributor text can hold it: a copy
    of the placeholder typed into an issue is made inert like any other tag.
    """
    slot = f"nl-slot-{secrets.token_hex(16)}"
    return inert(render(slot)).replace(slot, kept)
