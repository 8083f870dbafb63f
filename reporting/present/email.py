"""Email: the collateral summary as a message that mail clients show as intended.

A web page is not an email: clients drop ``<style>`` blocks, flex, grid and
scripts, Gmail strips data: images and clips a message whose HTML passes about
102 KB. So the email has its own templates (``templates/email/``: nested tables,
one 640 px column) rendered from the same summary model and Jinja filters as the
PDF and HTML, every CSS rule inlined into ``style`` attributes by css-inline, and
PNG charts attached as ``multipart/related`` parts referenced by ``cid:``.

The pieces any report's email needs are shared here: ``email_image`` (a PNG
chart with its Content-ID and shown size), ``compose`` (the template rendered
and inlined, once with cid: images and once with data: URIs for the preview),
``email_message`` (the MIME), ``write_message``, ``check_addresses``,
``one_line`` (filing text in a subject) and ``size_note``. The deal diff's email
(``reporting/diff_email.py``) is built from them.

The message is built with the standard library's ``email`` package in the layout
its examples build::

    multipart/mixed                 (only with the PDF attached)
      multipart/alternative
        text/plain                  the key figures
        multipart/related
          text/html                 the body, images as cid:
          image/png ...             the charts, one Content-ID each
      application/pdf               the PDF summary

Sending is smtplib; the password comes from ``TERMSHEET_SMTP_PASSWORD``, never
from the command line (it would show in the process list and shell history).
"""

from __future__ import annotations

import hashlib
import os
import smtplib
import socket
import ssl
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr
from pathlib import Path

from reporting.deliver.files import atomic_write
from reporting.derive.geography import TOP_STATES
from reporting.derive.wording import subject_heading
from reporting.errors import SendError
from reporting.model.summary import DealSummary
from reporting.present import formatting as fmt
from reporting.present.charts import EMAIL_SCALE, Chart, draw_email_charts
from reporting.present.terminal import grid

BODY_TEMPLATE = "email/body.html.j2"
# Gmail clips a message whose HTML passes about 102 KB and hides the rest behind a link.
BODY_LIMIT = 102 * 1024
PASSWORD_VARIABLE = "TERMSHEET_SMTP_PASSWORD"
SMTP_TIMEOUT = 30  # seconds for connecting and for each reply
CID_DOMAIN = "termsheet"
SUBJECT_PART_LIMIT = 120  # characters of filing text (a deal name) a subject takes
# Charts in the order an analyst looks at them; the email shows the first three a deal has.
MAX_CHARTS = 3
CHART_PREFERENCE = ("states-map", "ltv", "matrix-0", "capital", "note_rate", "loan_size")
COLUMN_PX = 600  # the text column: 640 px less the sections' padding
SIDE_WIDTH_PX = 288  # two side charts (or pool cards), with 4 px margins each side, abreast in it


@dataclass(frozen=True)
class EmailImage:
    """A chart as the email shows it: a PNG part and how the HTML refers to it."""

    key: str
    title: str
    chart: Chart
    cid: str  # Content-ID without angle brackets
    width: int  # CSS pixels as shown; the PNG has EMAIL_SCALE times as many
    height: int
    src: str  # "cid:..." in the message, a data: URI in the preview

    @property
    def alt(self) -> str:
        return self.chart.alt


@dataclass(frozen=True)
class EmailReport:
    """Everything the message is made of, before it becomes MIME."""

    subject: str
    text: str  # the text/plain part
    html: str  # the text/html part: inlined styles, images as cid:
    preview_html: str  # the same body with images as data: URIs, for a browser
    images: tuple[EmailImage, ...]

    @property
    def body_size(self) -> int:
        """Bytes of the HTML body, the figure Gmail clips at."""
        return len(self.html.encode("utf-8"))


# --- the summary as subject, text and HTML ---------------------------------------------


def headline(summary: DealSummary) -> str:
    """The whole deal's key figures: "$619.8mm, 1,225 loans, WAC 5.843%"."""
    values = {m.key: m.values[-1] for m in summary.metrics}  # the whole deal is the last column
    parts = []
    if values.get("aggregate_balance") is not None:
        parts.append(fmt.millions(values["aggregate_balance"]))
    if values.get("loan_count") is not None:
        parts.append(f"{fmt.count(int(values['loan_count']))} loans")
    if values.get("wac") is not None:
        parts.append(f"WAC {fmt.rate(values['wac'])}")
    return ", ".join(parts)


def one_line(text: str, limit: int = SUBJECT_PART_LIMIT) -> str:
    """Filing text for a header: one line (no CR/LF can start a new header), at most ``limit`` characters."""
    return " ".join(text.split())[:limit]


def subject(summary: DealSummary) -> str:
    name = one_line(summary.deal_name)  # the deal name comes from the filing
    figures = headline(summary)
    return f"{name} collateral summary: {figures}" if figures else f"{name} collateral summary"


def plain_text(summary: DealSummary) -> str:
    """The text/plain part: the key figures in columns, for clients that show no HTML."""
    lines = [
        f"{summary.deal_name} - {summary.kind}",
        f"{summary.issuer}",
        f"Cut-off date {fmt.long_date(summary.cut_off_date)}; date of report {fmt.long_date(summary.date_of_report)}",
        "",
        "KEY METRICS",
    ]
    header = ["", *(p.label for p in summary.pools)]
    rows = [
        [m.label, *(fmt.figure(v, m.unit, m.bound) + (" (!)" if f else "") for v, f in zip(m.values, m.failed))]
        for m in summary.metrics
    ]
    lines += grid(header, rows)
    lines += [f"{p.label}: {p.description}" for p in summary.pools if p.description]
    if summary.metrics_not_stated:
        lines.append(f"Not stated in this filing: {', '.join(summary.metrics_not_stated)}.")
    if summary.geography:
        geography = summary.geography
        lines += ["", f"TOP STATES ({geography.pool.label}, % of balance)"]
        lines += grid(["State", "Share"], [[s.state, fmt.percent(s.share)] for s in geography.states[:TOP_STATES]])
    if summary.capital:
        lines += ["", "CAPITAL STRUCTURE (subordination level: junior classes as % of the deal)"]
        lines += grid(
            ["Class", "Initial balance", "% of deal", "Subordination"],
            [
                [
                    c.name,
                    fmt.dollars(c.balance, cents=True),
                    fmt.percent(c.share),
                    fmt.percent(c.subordination_level) + (" (!)" if c.failed else ""),
                ]
                for c in summary.capital.classes
            ],
        )
    passed = len(summary.checks) - summary.checks_failed
    lines += ["", "DATA QUALITY", f"{passed} of {len(summary.checks)} reconciliation checks passed."]
    for check in summary.checks:
        if not check.passed:
            lines.append(
                f"(!) FAILED {check.name} ({subject_heading(check.subject)}): stated {check.expected:,}, found {check.actual:,}"
            )
    if summary.missing:
        lines.append(f"Not found in the filing: {', '.join(summary.missing)}.")
    lines += [f"Not resolved: {warning}" for warning in summary.warnings]
    lines += ["", f"Source: {summary.source_name} (SHA-256 {summary.source_sha256})"]
    return "\n".join(lines) + "\n"


def email_images(summary: DealSummary) -> tuple[EmailImage, ...]:
    """The two or three most telling charts of the deal, as PNG parts with Content-IDs."""
    keys = _chart_keys(summary)
    charts = draw_email_charts(summary, keys)
    return tuple(email_image(charts[key], _chart_title(summary, key)) for key in keys if key in charts)


def _chart_keys(summary: DealSummary) -> list[str]:
    by_kind = {t.kind: t.anchor for t in reversed(summary.tables)}  # the first table of each kind
    keys = [by_kind.get(choice, choice) for choice in CHART_PREFERENCE]
    return [k for k in keys if k in _available(summary)][:MAX_CHARTS]


def _available(summary: DealSummary) -> set[str]:
    keys = {t.anchor for t in summary.tables if any(r.share for r in t.rows)}
    keys |= {m.anchor for m in summary.matrices}
    if summary.geography:
        keys.add("states-map")
    if summary.capital and summary.capital.deal_balance and len(summary.capital.classes) > 1:
        keys.add("capital")
    return keys


def email_image(chart: Chart, title: str) -> EmailImage:
    """A PNG chart as the email shows it: beside another in the column, or across it when wide."""
    pixel_width, pixel_height = png_size(chart.data)
    natural = pixel_width // EMAIL_SCALE
    width = SIDE_WIDTH_PX if natural <= SIDE_WIDTH_PX + 20 else min(natural, COLUMN_PX)
    height = round(pixel_height * width / pixel_width)
    digest = hashlib.sha256(chart.data).hexdigest()[:16]
    cid = f"{chart.key}.{digest}@{CID_DOMAIN}"  # the same chart gets the same Content-ID
    return EmailImage(chart.key, title, chart, cid, width, height, f"cid:{cid}")


def _chart_title(summary: DealSummary, key: str) -> str:
    if key == "states-map":
        return "Balance by state"
    if key == "capital":
        return "Certificate classes"
    titled = {t.anchor: t.title for t in summary.tables} | {m.anchor: m.title for m in summary.matrices}
    return titled.get(key, key)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels from a PNG's header (IHDR is always the first chunk)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    return struct.unpack(">II", data[16:24])


def render_body(template: str, images: Sequence[EmailImage], **context) -> str:
    """An email template rendered with the shared filters, every style inlined and no <style> left.

    ``images`` reach the template as ``images`` (key -> EmailImage); the column
    widths as ``side_width`` and ``column_width``.
    """
    from reporting.present.templating import environment

    html = (
        environment()
        .get_template(template)
        .render(
            images={image.key: image for image in images},
            side_width=SIDE_WIDTH_PX,
            column_width=COLUMN_PX,
            **context,
        )
    )
    return inline_styles(html)


def inline_styles(html: str) -> str:
    """Copy every CSS rule into style attributes and drop the <style> block: mail clients strip it."""
    import css_inline

    # Never fetch a stylesheet: the body must not depend on anything outside it.
    inliner = css_inline.CSSInliner(keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)
    return inliner.inline(html)


def compose(subject: str, text: str, template: str, images: Sequence[EmailImage], **context) -> EmailReport:
    """The report's parts: the HTML with cid: images for the message, and with data: URIs to preview."""
    previews = tuple(_with_src(image, image.chart.data_uri) for image in images)
    return EmailReport(
        subject=subject,
        text=text,
        html=render_body(template, images, **context),
        preview_html=render_body(template, previews, **context),
        images=tuple(images),
    )


def generated_stamp(generated_at: datetime | None = None) -> str:
    return (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")


def build_email(summary: DealSummary, pdf_attached: bool = False, generated_at: datetime | None = None) -> EmailReport:

    return compose(
        subject(summary),
        plain_text(summary),
        BODY_TEMPLATE,
        email_images(summary),
        summary=summary,
        headline=headline(summary),
        pdf_attached=pdf_attached,
        generated_at=generated_stamp(generated_at),
        top_states=TOP_STATES,
    )


def _with_src(image: EmailImage, src: str) -> EmailImage:
    return EmailImage(image.key, image.title, image.chart, image.cid, image.width, image.height, src)


# --- MIME ------------------------------------------------------------------------------


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
    return addresses[0].rsplit("@", 1)[1] if addresses else CID_DOMAIN


def check_addresses(addresses: Sequence[str], option: str) -> list[str]:
    """Each address as ``name@domain`` or ``Name <name@domain>``; anything else is a one-line error."""
    checked = []
    for text in addresses:
        for part in (p.strip() for p in text.split(",")):
            if part:
                checked.append(str(_address(part, option)))
    return checked


def _address(text: str, option: str) -> Address:
    name, spec = parseaddr(text) if "<" in text else ("", text)
    problem = "not an email address"
    if "\r" not in text and "\n" not in text and spec.count("@") == 1:
        try:
            address = Address(display_name=name, addr_spec=spec)
            if address.username and address.domain and " " not in spec:
                return address
        except (ValueError, IndexError, TypeError) as error:
            problem = f"not an email address ({error})"
    raise SendError(f"{option} {text!r}: {problem}")


# --- files -----------------------------------------------------------------------------


def write_email(
    summary: DealSummary,
    folder: Path,
    stem: str,
    sender: str | None = None,
    recipients: Sequence[str] = (),
    pdf: bytes | None = None,
    generated_at: datetime | None = None,
) -> tuple[list[Path], EmailReport]:
    """Write <stem>-summary.eml and <stem>-email.html (the preview) into ``folder``."""
    report = build_email(summary, pdf_attached=pdf is not None, generated_at=generated_at)
    attachments = [Attachment(f"{stem}-summary.pdf", pdf)] if pdf is not None else []
    eml, preview = folder / f"{stem}-summary.eml", folder / f"{stem}-email.html"
    return write_message(report, eml, preview, sender, recipients, attachments, generated_at), report


def write_message(
    report: EmailReport,
    eml_path: Path,
    preview_path: Path,
    sender: str | None = None,
    recipients: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    date: datetime | None = None,
) -> list[Path]:
    """Write the message as a .eml and its body with data: images as an HTML preview, each atomically."""
    message = email_message(report, sender, recipients, attachments, date)
    return [
        atomic_write(eml_path, message.as_bytes(policy=default_policy)),
        atomic_write(preview_path, report.preview_html),
    ]


def html_body_size(eml: bytes) -> int:
    """Bytes of the text/html part of a message, as a mail client receives it decoded."""
    from email import message_from_bytes

    message = message_from_bytes(eml, policy=default_policy)
    body = message.get_body(preferencelist=("html",))
    return len(body.get_content().encode("utf-8")) if body is not None else 0


def size_note(size: int) -> str:
    """One line on the HTML body's size against Gmail's clipping limit."""
    verdict = "under" if size < BODY_LIMIT else "OVER"
    return f"HTML body {size / 1024:.1f} KB, {verdict} the {BODY_LIMIT // 1024} KB at which Gmail clips"


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
) -> None:
    """Send the message; every failure becomes one ``SendError`` line naming the server."""
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
            smtp.send_message(message)
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
        refused = ", ".join(error.recipients)
        raise SendError(f"{where}: recipient refused: {refused}") from None
    except smtplib.SMTPSenderRefused as error:
        raise SendError(f"{where}: sender {error.sender} refused ({_reply(error)})") from None
    except smtplib.SMTPException as error:
        raise SendError(f"{where}: {type(error).__name__}: {_reply(error)}") from None
    except ssl.SSLError as error:
        raise SendError(f"{where}: TLS failed ({error.reason or error})") from None
    except OSError as error:
        raise SendError(f"{where}: {error.strerror or error}") from None


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
