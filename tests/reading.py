"""Reading rendered outputs back in tests: PDF text, email parts, HTML start tags."""

from __future__ import annotations

import email
from email.message import EmailMessage
from email.policy import default
from html.parser import HTMLParser
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    """The PDF's text, page after page."""
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def message_of(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=default)


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of ``html`` with its attributes, in order."""
    parser = _StartTags()
    parser.feed(html)
    return parser.tags
