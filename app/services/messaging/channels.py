"""The e-mail channel: one message over SMTP (catalog §3.9).

Configuration (``config.py``): ``MAIL_ENABLED`` (off in the embedded default: the outbox still records
what would be sent), ``MAIL_SERVER``, ``MAIL_PORT``, ``MAIL_USE_TLS`` (STARTTLS), ``MAIL_USE_SSL``,
``MAIL_USERNAME``, ``MAIL_PASSWORD``, ``MAIL_SENDER``, ``MAIL_TIMEOUT``.
"""
from __future__ import annotations

import smtplib
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import make_msgid


class PermanentMailError(Exception):
    """The server refused the address for good (5xx on RCPT): retrying cannot help."""


def send_mail(config: Mapping[str, object], *, to: str, subject: str, text: str, html: str | None,
              message_key: str) -> None:
    """Send one message; returns when the server accepted it.

    Args:
        config: the Flask config (the ``MAIL_*`` keys).
        message_key: stable key of the outbox row, sent as ``X-Outbox-Key`` so a receiver can spot a
            redelivery.

    Raises:
        PermanentMailError: the recipient was refused with a 5xx code.
        smtplib.SMTPException, OSError: anything else (the caller retries with back-off).
    """
    message = EmailMessage()
    message["From"] = str(config.get("MAIL_SENDER") or "noreply@localhost")
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="hrperf")
    message["X-Outbox-Key"] = message_key
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    host, port = str(config.get("MAIL_SERVER") or "127.0.0.1"), int(str(config.get("MAIL_PORT") or 25))
    timeout = float(str(config.get("MAIL_TIMEOUT") or 10))
    smtp: smtplib.SMTP
    smtp = smtplib.SMTP_SSL(host, port, timeout=timeout) if config.get("MAIL_USE_SSL") else smtplib.SMTP(
        host, port, timeout=timeout)
    try:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(str(config["MAIL_USERNAME"]), str(config.get("MAIL_PASSWORD") or ""))
        try:
            smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if codes and all(500 <= code < 600 for code in codes):
                raise PermanentMailError(f"recipient refused: {exc.recipients}") from exc
            raise
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


__all__ = ["PermanentMailError", "send_mail"]
