"""``newsletter email N [--send-proof ADDRESS]``: build one issue's email, and send a proof.

The SMTP server comes from the environment, never from ``conf.py`` (which is in the
repository): ``NEWSLETTER_SMTP_HOST``, ``NEWSLETTER_SMTP_PORT`` (default 587),
``NEWSLETTER_SMTP_STARTTLS`` (``1``, the default, or ``0``), ``NEWSLETTER_SMTP_USER``
and ``NEWSLETTER_SMTP_PASSWORD``.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import smtplib
import sys
from collections.abc import Mapping
from pathlib import Path

NAME = "email"
NEEDS_SITE = True
HELP = "build one issue's email (HTML, text, .eml); optionally send a proof"
DESCRIPTION = __doc__


def add_arguments(command: argparse.ArgumentParser) -> None:
    """The arguments of ``newsletter email`` (``--source`` is added by ``main``)."""
    command.formatter_class = argparse.RawDescriptionHelpFormatter
    command.add_argument("number", type=int, help="the issue's number")
    command.add_argument(
        "--out", type=Path, help="where the files go; default: SOURCE/_build/email"
    )
    command.add_argument("--send-proof", metavar="ADDRESS", help="send the .eml to ADDRESS")


def build_issue_email(source: Path, out: Path, number: int) -> Path | None:
    """Build issue ``number``'s email into ``out``; its ``.eml``, or None if not written."""
    from sphinx.cmd.build import build_main

    status = build_main(
        [
            "-b",
            "newsletter-email",
            "-q",
            "-d",
            str(source / "_build" / "doctrees"),  # shared with make html: nothing re-read
            "-D",
            f"newsletter_email_issues={number}",
            str(source),
            str(out),
        ]
    )
    eml = out / f"{number:04d}.eml"
    return eml if status == 0 and eml.exists() else None


def send_proof(eml: Path, to: str, environ: Mapping[str, str] = os.environ) -> None:
    """Send the message in ``eml`` to ``to`` through the SMTP server the environment names."""
    host = environ.get("NEWSLETTER_SMTP_HOST")
    if not host:
        raise SystemExit("newsletter email: set NEWSLETTER_SMTP_HOST to send a proof")
    port = int(environ.get("NEWSLETTER_SMTP_PORT", "587"))
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.SMTP)
    message.replace_header("Subject", f"[Proof] {message['Subject']}")
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if environ.get("NEWSLETTER_SMTP_STARTTLS", "1") != "0":
            smtp.starttls()
        if environ.get("NEWSLETTER_SMTP_USER"):
            smtp.login(environ["NEWSLETTER_SMTP_USER"], environ.get("NEWSLETTER_SMTP_PASSWORD", ""))
        sender = message.get("From") or environ.get("NEWSLETTER_SMTP_USER") or f"proof@{host}"
        smtp.send_message(message, from_addr=str(sender), to_addrs=[to])


def run(args: argparse.Namespace) -> int:
    """``newsletter email``: build, and send the proof when asked."""
    out = args.out or args.source / "_build" / "email"
    eml = build_issue_email(args.source, out, args.number)
    if eml is None:
        print(f"newsletter email: no published issue {args.number} was written", file=sys.stderr)
        return 1
    print(f"newsletter email: {eml.with_suffix('.html')}, {eml.with_suffix('.txt')}, {eml}")
    if args.send_proof:
        send_proof(eml, args.send_proof)
        print(f"newsletter email: proof sent to {args.send_proof}")
    return 0
