"""`termsheet email` against a real SMTP server (aiosmtpd) on 127.0.0.1 started by the test:
one message arrives with its parts intact; refused connections and failed logins are one line."""

from __future__ import annotations

import email
import re
import socket
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from reporting.cli import main
from reporting.deliver import mail
from reporting.deliver.mail import PASSWORD_VARIABLE
from reporting.errors import SendError

TIMEOUT = 10  # seconds: a test never waits longer than this for the server


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def only(password: str):
    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        success = auth_data.login == b"desk" and auth_data.password == password.encode()
        return AuthResult(success=success, handled=False)  # unhandled: aiosmtpd replies 535 on failure

    return authenticator


@pytest.fixture
def smtp_server(monkeypatch):
    """Start a server; yields (inbox, "127.0.0.1:PORT"). Pass keyword options to aiosmtpd by parametrizing."""
    monkeypatch.setattr(mail, "SMTP_TIMEOUT", TIMEOUT)
    started = []

    def start(inbox=None, **options):
        inbox = inbox or Inbox()
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port, ready_timeout=TIMEOUT, **options)
        controller.start()
        started.append(controller)
        return inbox, f"127.0.0.1:{port}"

    yield start
    for controller in started:
        controller.stop()


def test_server_receives_one_message_with_its_parts_intact(smtp_server, term_sheet_path: Path, capsys):
    inbox, server = smtp_server()
    code = main(
        ["email", str(term_sheet_path), "--to", "analyst@example.com", "--from", "desk@example.com"]
        + ["--smtp", server]
    )
    assert code == 0, capsys.readouterr().err
    assert "Sent 'CMSI 2004-3 preliminary collateral summary" in capsys.readouterr().out  # a term sheet (Dec 4)
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "desk@example.com" and envelope.rcpt_tos == ["analyst@example.com"]
    message = email.message_from_bytes(envelope.original_content, policy=default)
    assert message["To"] == "analyst@example.com" and message["X-Unsent"] is None
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.walk()] == [
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/png",  # the state map; the LTV bars and the FICO x LTV heat-map are tables of text
    ]
    assert "$619,800,778" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    images = {
        p["Content-ID"].strip("<>"): p.get_content() for p in message.walk() if p.get_content_maintype() == "image"
    }
    assert sorted(re.findall(r'src="cid:([^"]+)"', html)) == sorted(images)
    assert [cid.split(".")[0] for cid in images] == ["states-map"]
    # 65.00% and below's share; the matrix's largest cell, now with its "%" as the PDF writes it (was ">22.31<")
    assert "46.63%" in html and ">22.31%<" in html
    assert all(data.startswith(b"\x89PNG") for data in images.values())


# A login in clear text is what this loopback test server offers; the warning says so.
PLAIN_TEXT_LOGIN = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@PLAIN_TEXT_LOGIN
def test_login_with_the_password_from_the_environment(smtp_server, detailed_path: Path, monkeypatch, capsys):
    inbox, server = smtp_server(authenticator=only("s3cret"), auth_required=True, auth_require_tls=False)
    monkeypatch.setenv(PASSWORD_VARIABLE, "s3cret")
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", server, "--user", "desk"])
    assert code == 0, capsys.readouterr().err
    (envelope,) = inbox.envelopes
    message = email.message_from_bytes(envelope.original_content, policy=default)
    assert message["Subject"].startswith("CMSI 2004-8 collateral summary: $493.6mm, 970 loans")


@PLAIN_TEXT_LOGIN
def test_failed_login_is_one_line(smtp_server, detailed_path: Path, monkeypatch, capsys):
    inbox, server = smtp_server(authenticator=only("s3cret"), auth_required=True, auth_require_tls=False)
    monkeypatch.setenv(PASSWORD_VARIABLE, "wrong")
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", server, "--user", "desk"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and "\n" not in error
    assert error.startswith(f"termsheet: error: smtp {server}: authentication failed for user desk")
    assert "wrong" not in error and not inbox.envelopes


def test_user_without_password_variable_is_one_line(detailed_path: Path, monkeypatch, capsys):
    monkeypatch.delenv(PASSWORD_VARIABLE, raising=False)
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", "127.0.0.1:25", "--user", "desk"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and PASSWORD_VARIABLE in error and "\n" not in error


def test_connection_refused_is_one_line(detailed_path: Path, capsys):
    server = f"127.0.0.1:{free_port()}"  # nothing listens there
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", server])
    error = capsys.readouterr().err.strip()
    assert code == 2 and error.startswith(f"termsheet: error: smtp {server}: connection refused") and "\n" not in error


def test_starttls_the_server_lacks_is_one_line(smtp_server, detailed_path: Path, capsys):
    inbox, server = smtp_server()
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", server, "--starttls"])
    error = capsys.readouterr().err.strip()
    assert code == 2 and "STARTTLS" in error and "\n" not in error and not inbox.envelopes


@pytest.mark.parametrize("bad", ["localhost", "localhost:http", ":25", "host:70000"])
def test_malformed_server_is_one_line(detailed_path: Path, capsys, bad: str):
    assert main(["email", str(detailed_path), "--to", "a@example.com", "--smtp", bad]) == 2
    assert "give HOST:PORT" in capsys.readouterr().err


# --- issue 18, items 13 and 14: partial delivery, and addresses read as RFC 5322 says ---------------------


class Refusing(Inbox):
    """A server that refuses some recipients (550, as for an unknown mailbox) and takes the others."""

    def __init__(self, *refused: str) -> None:
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 no such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_refused_recipient_is_reported_and_the_exit_code_says_so(smtp_server, detailed_path: Path, capsys):
    inbox, server = smtp_server(Refusing("b@example.com"))
    code = main(["email", str(detailed_path), "--to", "a@example.com,b@example.com", "--smtp", server])
    printed = capsys.readouterr()
    assert code == 1
    assert printed.out.startswith("Sent 'CMSI 2004-8 collateral summary") and " to a@example.com via " in printed.out
    assert "b@example.com" not in printed.out
    assert printed.err == (
        f"termsheet: error: smtp {server}: recipient b@example.com refused (550 5.1.1 no such user here); "
        "not sent to it\n"
    )
    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["a@example.com"]


def test_every_recipient_refused_is_one_line_naming_each(smtp_server, detailed_path: Path, capsys):
    inbox, server = smtp_server(Refusing("a@example.com", "b@example.com"))
    code = main(["email", str(detailed_path), "--to", "a@example.com", "--to", "Bee <b@example.com>", "--smtp", server])
    assert code == 2 and not inbox.envelopes
    assert capsys.readouterr().err == (
        f"termsheet: error: smtp {server}: every recipient refused: a@example.com (550 5.1.1 no such user here); "
        "b@example.com (550 5.1.1 no such user here)\n"
    )


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("a@example.com", ["a@example.com"]),
        ("Joe Smith <a@example.com>", ["Joe Smith <a@example.com>"]),
        ('"Joe, Smith" <a@example.com>', ['"Joe, Smith" <a@example.com>']),  # a comma inside quotes is part of the name
        ('"a@example.com" <b@example.com>', ['"a@example.com" <b@example.com>']),  # quoted: a name, unambiguously
        ("a@example.com, Bee <b@example.com>", ["a@example.com", "Bee <b@example.com>"]),
        ("<a@example.com>", ["a@example.com"]),
    ],
)
def test_rfc_5322_mailboxes_are_taken_as_written(given: str, read: list[str]):
    assert mail.check_addresses([given], "--to") == read


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        ("Team: e@x.com <a@example.com>", "not an email address"),  # was sent to e@x.com
        ("a@example.com <b@example.com>", "not an email address"),  # was sent to a@example.com
        ("Team: a@example.com;", "a group of addresses; give the addresses themselves"),
        ("Joe <a@example.com> x", "not an email address"),
        ("a@example.com b@example.com", "not an email address"),
        ("a@example.com;b@example.com", "not an email address"),
        ("a@example.com\r\nBcc: spy@example.com", "not an email address"),
        ("a@", "not an email address"),
        ("desk", "not an email address"),
        ("a@ex\u00e4mple.com", "an address with letters outside ASCII"),
    ],
)
def test_anything_the_parser_would_guess_at_is_refused(given: str, problem: str):
    with pytest.raises(SendError) as error:
        mail.check_addresses([given], "--to")
    assert str(error.value).startswith(f"--to {given!r}: {problem}")
    assert "\n" not in str(error.value)
