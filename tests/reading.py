"""Reading rendered outputs back in tests: PDF text, email parts, HTML start tags."""

from __future__ import annotations

import email
import re
from contextlib import closing
from email.message import EmailMessage
from email.policy import default
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium

# PDFium writes a hyphen that ends a line as U+FFFE and joins the two lines ("Loan-to\ufffevalue");
# the page's text puts the hyphen and the line break back, as the page shows them.
_LINE_END_HYPHEN = "\ufffe"


def pdf_pages(source: Path | bytes) -> list[str]:
    """Each page's text as PDFium reads it, one line per line of text on the page."""
    with closing(pdfium.PdfDocument(source)) as document:
        return [_page_text(page) for page in document]


def _page_text(page) -> str:
    text = page.get_textpage().get_text_range()
    return text.replace("\r\n", "\n").replace(_LINE_END_HYPHEN, "-\n")


def pdf_text(source: Path | bytes) -> str:
    """The PDF's text, page after page."""
    return "\n".join(pdf_pages(source))


def pdf_page_sizes(source: Path | bytes) -> list[tuple[int, int]]:
    """Each page's width and height in points, rounded (Letter is (612, 792), A4 (595, 842))."""
    with closing(pdfium.PdfDocument(source)) as document:
        return [(round(page.get_width()), round(page.get_height())) for page in document]


def pdf_metadata(source: Path | bytes) -> dict[str, str]:
    """The document information: "Title", "Subject", "Creator" and the rest."""
    with closing(pdfium.PdfDocument(source)) as document:
        return document.get_metadata_dict(skip_empty=True)


def pdf_bookmarks(pdf: bytes) -> list[list]:
    """[depth, title, page number] of every bookmark, in order."""
    import io

    import pikepdf

    marks: list[list] = []

    def walk(items, depth: int) -> None:
        for item in items:
            marks.append([depth, item.title, pages.index(item.destination[0].objgen) + 1])
            walk(item.children, depth + 1)

    with pikepdf.open(io.BytesIO(pdf)) as document, document.open_outline() as outline:
        pages = [page.obj.objgen for page in document.pages]
        walk(outline.root, 0)
    return marks


def joined_from_parts(pdf: bytes) -> bool:
    """Whether every page carries the page-number stamp that joining two parts adds
    (reporting/present/pdf_parts.py): a PDF laid out whole has none."""
    import io

    import pikepdf

    from reporting.present.pdf_parts import STAMP_NAME

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return bool(document.pages) and all(
            any(str(name).startswith(STAMP_NAME) for name in page.Resources.get("/XObject", {}).keys())
            for page in document.pages
        )


def pdf_facts(pdf: bytes) -> dict:
    """What a reader sees of a PDF: each page's text, the bookmarks and the fonts' names."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        fonts = {
            str(font.get("/BaseFont", "")).split("+")[-1]
            for page in document.pages
            for font in page.get("/Resources", {}).get("/Font", {}).values()
        }
    return {
        "pages": pdf_pages(pdf),
        "bookmarks": pdf_bookmarks(pdf),
        "fonts": sorted(fonts),
    }


def message_of(path: Path) -> EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=default)


def subject_of(message: EmailMessage) -> str:
    """The Subject as a mail client shows it. A subject that fits a line of its own but not one after "Subject: "
    is folded before its first word (Python's email does so, as RFC 5322 allows); unfolded, as a client does,
    the space after the colon is no part of it, though Python's parser keeps it (" CMSI 2004-3 ...")."""
    return str(message["Subject"]).lstrip(" ")


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


def heat_rows(html: str) -> list[list[str]]:
    """The email's matrix shown as a shaded table (class "heat"), as rows of its cells' text; [] where there is none."""
    import html as markup

    found = re.search(r'<table class="heat"[^>]*>(.*?)</table>', html, re.S)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(1), re.S) if found else []
    return [
        [
            markup.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in rows
    ]


def _cell_texts(html: str, tag: str, css_class: str) -> list[str]:
    """The text of every ``tag`` whose class is ``css_class`` (with or without " failed"), in order."""
    import html as markup

    pattern = rf'<{tag} class="{css_class}(?: failed)?"[^>]*>(.*?)</{tag}>'
    return [" ".join(markup.unescape(re.sub(r"<[^>]+>", "", cell)).split()) for cell in re.findall(pattern, html, re.S)]


def bar_rows(html: str, kind: str) -> list[tuple[str, str]]:
    """The email's rows of bars (email/bars.html.j2) of one kind ("state", "strat"): (label, share) as shown."""
    return list(zip(_cell_texts(html, "td", f"{kind}-name"), _cell_texts(html, "td", f"{kind}-share"), strict=True))


def state_list(html: str) -> list[str]:
    """The shares listed under the email's map, as shown: ["CA 47.91%", ...]."""
    return _cell_texts(html, "span", "state-item")


def assert_mail_safe(html: str) -> None:
    """What mail clients need: tables for layout, inline styles, nothing they drop or fetch. One <style> block
    at most, of @media rules alone (what a phone's mail app may add to the inline styles; nothing needs it)."""
    tags = tags_of(html)
    names = {tag for tag, _ in tags}
    assert not names & {"script", "form", "input", "button", "link", "iframe", "object", "embed"}
    blocks = [
        re.sub(r"/\*.*?\*/", "", block, flags=re.S)
        for block in re.findall(r"<style[^>]*>(.*?)</style>", html, re.S | re.I)
    ]
    assert len(blocks) == [tag for tag, _ in tags].count("style") <= 1
    media_rule = r"@media [^{}@]+\{(?:\s*[^{}@]+\{[^{}@]*\})+\s*\}"
    assert all(re.fullmatch(rf"\s*(?:{media_rule}\s*)+", block) and "url(" not in block for block in blocks), blocks
    assert not re.search(r"https?:|file:|javascript:", html, re.I)
    tables = [attrs for tag, attrs in tags if tag == "table"]
    assert tables
    for attrs in tables:
        assert attrs.get("role") == "presentation"
        assert attrs.get("style"), "every table carries its style inline"
    styles = " ".join(attrs.get("style") or "" for _, attrs in tags)
    assert not re.search(r"\bflex\b|\bgrid\b|position\s*:", styles)
    assert "font-family: Arial, sans-serif" in styles
    assert any("max-width: 640px" in (attrs.get("style") or "") for attrs in tables)
    widths = [int(attrs["width"]) for _, attrs in tags if (attrs.get("width") or "").isdigit()]
    assert max(widths, default=0) <= 640


def pdf_drawings(source: Path | bytes) -> int:
    """How many drawn objects (XObjects: the charts, their tiles) the PDF's pages hold."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(source) if isinstance(source, bytes) else source) as document:
        return sum(len(page.get("/Resources", {}).get("/XObject", {})) for page in document.pages)


def page_words(html: str) -> str:
    """A page's words, tags left out, each run of space one space."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def row_words(html: str, label: str) -> str:
    """The words of the table row whose heading cell is ``label`` (its unit beside it, in a diff), tags left out."""
    heading = rf"<th scope=\"row\"[^>]*>{re.escape(label)}(?:\s*<span[^>]*>[^<]*</span>)?</th>"
    row = re.search(rf"<tr[^>]*>\s*{heading}(.*?)</tr>", html, re.S)
    assert row, label
    return page_words(row.group(1))
