"""An issue's ``.eml``: multipart/alternative, UTF-8 parts quoted-printable, encoded headers."""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import re
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from .inert import inert_text

#: What a header cannot hold: line breaks of any kind (all that ``str.splitlines``
#: splits on, which the ``email`` package refuses) and the other control characters.
_NOT_HEADER = re.compile(r"\s*[\x00-\x1f\x7f-\x9f\u2028\u2029]+\s*")


def header_text(text: str) -> str:
    """``text`` on one line for a header: each run of control characters is one space."""
    return _NOT_HEADER.sub(" ", text)


def _subject_header(subject: str) -> str:
    """The Subject's value, folded so that every reader decodes ``subject`` exactly.

    Plain ASCII while it folds losslessly; otherwise RFC 2047 encoded words that
    hold the spaces too. (``email.policy``'s own folder, checked on CPython 3.11.7,
    puts a space between two encoded words outside them, where readers drop it,
    and leaves an ``=?...?=`` typed into a headline for them to decode.)
    """
    plain = subject.isascii() and "=?" not in subject
    plain = plain and all(len(word) < 70 for word in subject.split())
    charset = "us-ascii" if plain else "utf-8"
    return Header(subject, charset, header_name="Subject").encode(linesep="\n")


def _addresses(value: str) -> list[Address]:
    """``Name <addr>`` pairs as header objects (non-ASCII names are RFC 2047-encoded)."""
    return [
        Address(display_name=name, addr_spec=addr) for name, addr in getaddresses([value]) if addr
    ]


def issue_message(
    *,
    subject: str,
    sender: str,
    reply_to: str,
    date: dt.date,
    message_id: str,
    text: str,
    html: str,
    unsubscribe_url: str | None = None,
    unsubscribe_mailto: str | None = None,
) -> EmailMessage:
    """The email of one issue, ready for a mail service or an SMTP relay.

    The subject is contributor text: it is put on one line and its template
    syntax made inert here (``inert``), the one place the headers are written.
    """
    message = EmailMessage(policy=email.policy.SMTP)
    message.set_raw("Subject", _subject_header(inert_text(header_text(subject))))
    if sender:
        message["From"] = _addresses(sender)
    if reply_to:
        message["Reply-To"] = _addresses(reply_to)
    # The issue's own date: the same sources give the same message.
    message["Date"] = format_datetime(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))
    message["Message-ID"] = message_id
    targets = [f"<{url}>" for url in (unsubscribe_url, unsubscribe_mailto) if url]
    if targets:
        message["List-Unsubscribe"] = ", ".join(targets)
    if unsubscribe_url:  # RFC 8058 one-click needs the https target
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    # A boundary from the content, not a random one: the same sources, the same bytes.
    digest = hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32]
    message.set_boundary(f"==nl-{digest}==")
    return message
