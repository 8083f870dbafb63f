"""Mail: an email's content as a MIME message, its addresses checked, and sending it over SMTP.

The content comes from ``reporting.present.email`` (the summary) or
``reporting.present.diff_email`` (the diff). The message is built with the standard
library's ``email`` package in the layout its examples build::

    multipart/mixed                 (only with the PDF attached)
      multipart/alternative
        text/plain                  the key figures
        multipart/related
          text/html                 the body, images as cid:
          image/png ...             the charts, one Content-ID each
      application/pdf               the PDF report

Sending is smtplib; the password comes from ``TERMSHEET_SMTP_PASSWORD``, never
from the command line (it would show in the process list and shell history).
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, getaddresses, make_msgid
from typing import TYPE_CHECKING

from reporting.errors import SendError

if TYPE_CHECKING:  # the content's module draws charts: the batch's parent never loads it
    from reporting.present.email import EmailReport

PASSWORD_VARIABLE = "TERMSHEET_SMTP_PASSWORD"
SMTP_TIMEOUT = 30  # seconds for connecting and for each reply
MESSAGE_ID_DOMAIN = "termsheet"  # a Message-ID's domain when the sender has none


@dataclass(frozen=True)
class EmailOptions:
    """Headers and attachment of an email a report is written as (the "email" format)."""

    sender: str | None = None
    recipients: tuple[str, ...] = ()
    attach_pdf: bool = False


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    maintype: str = "application"
    subtype: str = "pdf"


def email_message(
    report: EmailReport,
    sender: str | None = None,
    recipients: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    date: datetime | None = None,
) -> EmailMessage:
    """The MIME message; without recipients it is a draft a mail client opens for editing."""
    message = EmailMessage(policy=default_policy)
    message["Subject"] = report.subject
    if sender:
        message["From"] = sender
    if recipients:
        message["To"] = ", ".join(recipients)
    else:
        message["X-Unsent"] = "1"  # Outlook and others open such a file as a draft to send
    message["Date"] = format_datetime(date or datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message.set_content(report.text)
    message.add_alternative(report.html, subtype="html")
    html_part = message.get_payload()[1]
    for image in report.images:
        html_part.add_related(
            image.chart.data, "image", "png", cid=f"<{image.cid}>", filename=f"{image.key}.png", disposition="inline"
        )
    for attachment in attachments:
        message.add_attachment(
            attachment.data, maintype=attachment.maintype, subtype=attachment.subtype, filename=attachment.filename
        )
    return message


def _domain(sender: str | None) -> str:
    addresses = [address for _, address in getaddresses([sender or ""]) if "@" in address]
    return addresses[0].rsplit("@", 1)[1] if addresses else MESSAGE_ID_DOMAIN


def check_addresses(addresses: Sequence[str], option: str) -> list[str]:
    """Each mailbox of each option value, as the standard library's address parser reads it.

    A value is an RFC 5322 address list: "a@example.com", "Joe Smith <a@example.com>",
    "\"Smith, Joe\" <a@example.com>", several separated by commas. Anything the parser has
    to guess at (a group "Team: ...", text after an address, "a@example.com <b@example.com>",
    a line break, an empty entry) is refused with one line, never sent somewhere else.
    """
    checked = []
    for text in addresses:
        checked += [str(address) for address in _mailboxes(text, option)]
    return checked


def _mailboxes(text: str, option: str) -> list[Address]:
    def refuse(problem: str) -> SendError:
        return SendError(f"{option} {text!r}: {problem}")

    try:
        header = default_policy.header_factory("To", text)
    except Exception:  # the parser gives up on some damaged lists (e.g. "a@") with an IndexError
        raise refuse("not an email address") from None
    if header.defects:
        raise refuse(f"not an email address ({header.defects[0]})")
    if any(group.display_name is not None for group in header.groups):
        raise refuse("a group of addresses; give the addresses themselves")
    if not header.addresses:
        raise refuse("not an email address")
    for address in header.addresses:
        if not address.username or not address.domain:
            raise refuse("not an email address (it needs a name, '@' and a domain)")
        if not address.addr_spec.isascii():
            raise refuse("an address with letters outside ASCII, which SMTP without SMTPUTF8 cannot carry")
    return list(header.addresses)


def html_body_size(eml: bytes) -> int:
    """Bytes of the text/html part of a message, as a mail client receives it decoded."""
    from email import message_from_bytes

    message = message_from_bytes(eml, policy=default_policy)
    body = message.get_body(preferencelist=("html",))
    return len(body.get_content().encode("utf-8")) if body is not None else 0


# --- sending ---------------------------------------------------------------------------


def parse_server(text: str) -> tuple[str, int]:
    """ "HOST:PORT" (or "[::1]:PORT") as host and port."""
    host, separator, port = text.rpartition(":")
    host = host.strip("[]")
    if not separator or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SendError(f"--smtp {text!r}: give HOST:PORT, e.g. smtp.example.com:587")
    return host, int(port)


def send(
    message: EmailMessage,
    server: str,
    starttls: bool = False,
    user: str | None = None,
    timeout: float | None = None,
) -> dict[str, str]:
    """Send the message; the recipients the server refused, each with its reply (none: all accepted).

    A server may take the message for some recipients and refuse others: the message is
    sent, and the refused are returned to be reported. Every failure to send at all
    becomes one ``SendError`` line naming the server.
    """
    host, port = parse_server(server)
    timeout = timeout or SMTP_TIMEOUT
    password = os.environ.get(PASSWORD_VARIABLE) if user else None
    if user and password is None:
        raise SendError(f"--user {user}: set the password in the environment variable {PASSWORD_VARIABLE}")
    where = f"smtp {host}:{port}"
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password)
            refused = smtp.send_message(message)
    except ConnectionRefusedError:
        raise SendError(f"{where}: connection refused (is the server running and the port right?)") from None
    except socket.gaierror:
        raise SendError(f"{where}: unknown host") from None
    except TimeoutError:
        raise SendError(f"{where}: no answer within {timeout:g} s") from None
    except smtplib.SMTPAuthenticationError as error:
        raise SendError(f"{where}: authentication failed for user {user} ({_reply(error)})") from None
    except smtplib.SMTPNotSupportedError as error:
        raise SendError(f"{where}: the server does not support {_feature(error, starttls)}") from None
    except smtplib.SMTPRecipientsRefused as error:
        every = "; ".join(f"{who} ({reply})" for who, reply in _replies(error.recipients).items())
        raise SendError(f"{where}: every recipient refused: {every}") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(f"{where}: sender {error.sender} refused ({_reply(error)})") from None
    except smtplib.SMTPException as error:
        raise SendError(f"{where}: {type(error).__name__}: {_reply(error)}") from None
    except ssl.SSLError as error:
        raise SendError(f"{where}: TLS failed ({error.reason or error})") from None
    except OSError as error:
        raise SendError(f"{where}: {error.strerror or error}") from None
    return _replies(refused)


def _replies(refused: dict) -> dict[str, str]:
    """smtplib's {address: (code, message)} as {address: "550 no such user"}."""
    replies = {}
    for who, (code, text) in refused.items():
        text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        replies[who] = f"{code} {' '.join(text.split())}".strip()
    return replies


def _reply(error: smtplib.SMTPException) -> str:
    code = getattr(error, "smtp_code", None)
    text = getattr(error, "smtp_error", b"")
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text or error)
    text = " ".join(text.split())
    return f"{code} {text}".strip() if code else text or str(error)


def _feature(error: smtplib.SMTPNotSupportedError, starttls: bool) -> str:
    message = str(error)
    if "STARTTLS" in message.upper() or (starttls and "AUTH" not in message.upper()):
        return "STARTTLS (drop --starttls, or use the server's TLS port)"
    return "authentication (drop --user)"
