"""Ingest: any form a CMSI 8-K arrives in -> the filing's plain text.

Accepted: a plain-text 8-K, an EDGAR full-submission .txt (SGML header with
<DOCUMENT> parts), and an .htm/.html 8-K. The result is plain text whose fixed-
width tables keep their columns, so the parser sees one layout whatever the
envelope. Only the standard library is used here, to keep `termsheet parse` fast.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import itertools
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from reporting.errors import FilingError
from reporting.model.names import display_path
from reporting.read import recognise
from reporting.read.html_positions import Placed, lay_out_placed, position_of
from reporting.read.html_tables import (
    MAX_STACKED_LINES,
    NUMERIC_CELL,
    Cell,
    goes_on_from,
    holds_figures,
    lay_out_table,
    one_figure,
)
from reporting.read.pages import FAR_NUMBER_INDENT, looks_like_a_page_number
from reporting.read.tables import is_rule, join_words

# Filings are a few hundred kilobytes at most; anything far larger is not one,
# and is refused before it is read whole.
MAX_FILING_BYTES = 20 * 1024 * 1024
_CHUNK = 1024 * 1024  # read and hashed a megabyte at a time


# Lines of a text (0-based, first and last) that hold a table, and why it is not read (``LaidOut.unread``).
Lines = tuple[tuple[int, int, str], ...]


@dataclass(frozen=True)
class IngestedFiling:
    path: str
    text: str
    sha256: str
    envelope: str  # "plain", "sgml" or "html"
    encoding: str
    # Lines of ``text`` (0-based) that were page breaks: a <PAGE> marker or a form
    # feed, blanked in the text. Page furniture sits around them (see ``pages``).
    page_breaks: tuple[int, ...] = ()
    form_type: str | None = None  # the EDGAR header's form type ("8-K", "8-K/A"), when there is one
    # Lines of ``text`` (0-based, first and last) of each HTML table the reader could not lay out so
    # that each figure's heading and row are known (``LaidOut.unread``), and why: the table is not read.
    html_tables_unread: Lines = ()
    # An EDGAR submission's exhibits that may hold the pool description but are kept only as files (a PDF), no text
    # copy beside: a line each saying so. Where nothing else states the pool, the verdict says why.
    documents_unread: tuple[str, ...] = ()
    # ... and its exhibits of another kind (Computational Materials) beside the pool description: a line each.
    documents_left_out: tuple[str, ...] = ()


# --- the one guarded way of opening a filing ------------------------------------------
# render, diff, the batch (parent and worker) and fetch all open filings through
# ``open_filing``: a regular file only, its size checked before a byte is read, at most
# the limit read, and hashed while it is read.


@contextmanager
def open_filing(path: str | os.PathLike) -> Iterator[BinaryIO]:
    """The filing opened for reading, or FilingError: missing, a folder, a device or pipe, too large.

    The path is checked before it is opened (a FIFO is never opened: that would wait for
    a writer), then opened without blocking and checked again on the open descriptor, so
    what was checked is what is read even if the path was swapped in between.
    """
    name = display_path(path)
    _check(name, _stat(path, name))
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise FilingError(name, "no such file") from None
    except OSError as exc:
        raise FilingError(name, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(descriptor, "rb") as stream:
        _check(name, os.fstat(stream.fileno()))
        try:
            yield stream
        except OSError as exc:
            raise FilingError(name, f"cannot be read ({exc.strerror or exc})") from None


def _stat(path: str | os.PathLike, name: str) -> os.stat_result:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FilingError(name, "no such file") from None
    except OSError as exc:
        raise FilingError(name, f"cannot be read ({exc.strerror or exc})") from None


def _check(name: str, info: os.stat_result) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise FilingError(name, "is a directory, not a filing")
    if not stat.S_ISREG(info.st_mode):
        raise FilingError(name, "is not a regular file (a device or a pipe?)")  # /dev/zero never ends
    if info.st_size > MAX_FILING_BYTES:
        raise FilingError(name, _too_large(info.st_size))


def _chunks(path: str | os.PathLike, digest: hashlib._Hash) -> Iterator[bytes]:
    """The filing's bytes a chunk at a time, each added to ``digest``; at most the limit."""
    total = 0
    with open_filing(path) as stream:
        while chunk := stream.read(_CHUNK):
            total += len(chunk)
            if total > MAX_FILING_BYTES:  # it grew since it was checked
                raise FilingError(display_path(path), _too_large(total))
            digest.update(chunk)
            yield chunk


def read_filing_bytes(path: str | os.PathLike) -> tuple[bytes, str]:
    """The filing's bytes and their SHA-256, read once through ``open_filing``."""
    digest = hashlib.sha256()
    data = b"".join(_chunks(path, digest))
    return data, digest.hexdigest()


def filing_sha256(path: str | os.PathLike) -> str:
    """The SHA-256 of a filing, streamed (never held whole); FilingError as ``open_filing``."""
    digest = hashlib.sha256()
    for _ in _chunks(path, digest):
        pass
    return digest.hexdigest()


def read_filing_head(path: str | os.PathLike, size: int) -> str:
    """The first ``size`` bytes of a filing as text, to peek at its cover page (UTF-16 too)."""
    with open_filing(path) as stream:
        head = stream.read(size)
    wide = _wide_encoding(head)
    # A head may end inside a character: what is cut off is replaced, the rest is read as written.
    return head.decode(wide, errors="replace") if wide else head.decode("latin-1")


def read_filing(path: str | Path) -> IngestedFiling:
    """Read a filing from disk; raises FilingError with a one-line reason."""
    data, sha256 = read_filing_bytes(path)
    return ingest_bytes(data, display_path(path), sha256)


def read_bounded(path: str | os.PathLike, what: str = "a filing") -> bytes:
    """A file's bytes, read as a filing is (``open_filing``): for a deal's JSON as for a filing."""
    try:
        return read_filing_bytes(path)[0]
    except FilingError as error:
        raise FilingError(error.path, error.problem.replace("a filing", what)) from None


def _too_large(size: int) -> str:
    return f"{size:,} bytes is larger than the {MAX_FILING_BYTES:,}-byte limit for a filing"


# A line's end: LF, CRLF, a classic Mac's CR alone, and CRs run together before the LF ("\r\r\n", a CRLF file
# converted again on its way to EDGAR): one line end, not a blank line after every line of the filing.
_LINE_END = re.compile(r"\r+\n|\r")


def ingest_bytes(data: bytes, name: str = "<filing>", sha256: str | None = None) -> IngestedFiling:
    """Turn the bytes of a filing in any accepted envelope into plain text."""
    if not data.strip():
        raise FilingError(name, "is empty")
    text, encoding = _decode(data, name)
    text = _LINE_END.sub("\n", text)

    envelope = "plain"
    form_type = None
    unplaced: Lines = ()
    left_out: tuple[str, ...] = ()
    unread: tuple[str, ...] = ()
    documents = _edgar_documents(text)
    if documents is not None:
        envelope = "sgml"
        if not documents:
            raise FilingError(name, "is an EDGAR submission with no 8-K document in it")
        form_type = _form_type(text)
        text, unplaced, left_out = _documents_text(documents)
        unread = _description_unread(documents)
    elif _looks_html(text):
        envelope = "html"
        text, unplaced = _html_to_text(text)

    unplaced = _as_normalised(text, unplaced)
    text, page_breaks = normalise_with_pages(text)
    return IngestedFiling(
        path=name,
        text=text,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        envelope=envelope,
        encoding=encoding,
        page_breaks=page_breaks,
        form_type=form_type,
        html_tables_unread=unplaced,
        documents_unread=unread,
        documents_left_out=left_out,
    )


# --- bytes -> str --------------------------------------------------------------


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and its encoding; FilingError for binary data or damaged UTF-16/32."""
    wide = _wide_encoding(data)
    if wide is not None:
        try:
            text = data.decode(wide)
        except UnicodeDecodeError:
            raise FilingError(name, f"is {wide.upper()} text that cannot be decoded (damaged?)") from None
        if _looks_binary(text[:8192]):
            raise FilingError(name, "is binary data, not a text filing")
        return text.removeprefix("\ufeff"), wide
    if _looks_binary(data[:8192]):
        raise FilingError(name, "is binary data, not a text filing")
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if not data.decode("utf-8", errors="ignore").isascii():
        # UTF-8 text with a few Windows bytes in it (a quote pasted from Word, "\x92"), as filings assembled from
        # pieces have them: read whole as Windows-1252, every UTF-8 character became two or three ("\u2013" as
        # "\u00e2\u20ac\u201c"), a bucket's label changed and a dash for a zero was no figure.
        return data.decode("utf-8", errors="surrogateescape").translate(_ESCAPED_BYTES), "utf-8 (some bytes cp1252)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"  # every byte is a latin-1 character


def _windows_character(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: none in Windows-1252; Latin-1's


# The bytes that are no UTF-8, as "surrogateescape" leaves them (U+DC80-U+DCFF), each as Windows-1252 reads it.
_ESCAPED_BYTES = {0xDC00 + byte: _windows_character(byte) for byte in range(0x80, 0x100)}


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (Windows "Unicode" text): by its byte-order mark, or, without one,
    by a NUL in every other byte of a text whose other bytes are printable."""
    for mark, encoding in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return encoding
    head = data[:8192]
    if len(head) >= 64 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        for zeros, letters, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
            if zeros.count(0) >= 0.95 * len(zeros) and letters.count(0) == 0:
                return encoding
    return None


def _looks_binary(head: bytes | str) -> bool:
    codes = head if isinstance(head, bytes) else [ord(c) for c in head]
    if 0 in codes:
        return True
    # Text filings have almost no control bytes besides tab, newline, CR and form feed.
    control = sum(1 for b in codes if b < 32 and b not in (9, 10, 12, 13))
    return control > len(codes) * 0.05


# --- EDGAR full submission ----------------------------------------------------

_DOCUMENT = re.compile(r"<DOCUMENT>(.*?)(?:</DOCUMENT>|\Z)", re.S | re.I)
_TYPE = re.compile(r"<TYPE>\s*([^\s<]+)", re.I)
_TEXT = re.compile(r"<TEXT>(.*?)(?:</TEXT>|\Z)", re.S | re.I)


_SUBMISSION_TYPE = re.compile(r"CONFORMED\s+SUBMISSION\s+TYPE:[ \t]*([^\s<]+)", re.I)


def _form_type(text: str) -> str | None:
    """The submission's form type from its SGML header, else the first 8-K document's <TYPE>."""
    header = _SUBMISSION_TYPE.search(text[:20000])
    if header:
        return header.group(1).upper()
    for match in _DOCUMENT.finditer(text):
        doc_type = _TYPE.search(match.group(1))
        if doc_type and doc_type.group(1).upper().startswith("8-K"):
            return doc_type.group(1).upper()
    return None


# The exhibits that hold a pool description: EX-99 ("additional exhibits"), and in the 1990s EX-20
# ("other documents or statements to security holders") and EX-28 (the "additional exhibits" of the
# years before EX-99). Graphics, PDFs, agreements are not read.
_DESCRIPTION_EXHIBIT = ("EX-99", "EX-20", "EX-28")


_FILENAME = re.compile(r"<FILENAME>\s*([^\s<]+)", re.I)
# A document EDGAR keeps as a file, uuencoded in the submission: a PDF, a graphic, a spreadsheet. Not read.
_ENCODED_FILE = re.compile(r"\A\s*(?:<PDF>|begin [0-7]{3} )", re.I)
_TEXT_FILE = re.compile(r"\.(?:txt|html?)$", re.I)
_PDF = re.compile(r"\A\s*<PDF>|\.pdf$", re.I)


@dataclass(frozen=True)
class _Document:
    """A document of an EDGAR submission: its type ("8-K", "EX-99.1"), its file's name (where given), its text."""

    kind: str
    filename: str
    text: str

    @property
    def named(self) -> str:
        return f"{self.kind} ({self.filename})" if self.filename else self.kind

    @property
    def a_file(self) -> bool:
        """A PDF or another file, no text to read."""
        return bool(_ENCODED_FILE.match(self.text)) or bool(self.filename and not _TEXT_FILE.search(self.filename))

    @property
    def what_file(self) -> str:
        return "a PDF" if _PDF.search(self.text[:200]) or _PDF.search(self.filename) else "a binary"


def _edgar_documents(text: str) -> list[_Document] | None:
    """The 8-K document and its exhibits that may hold the pool description, the 8-K first
    wherever the submission puts it; None if the text is not a full submission.

    CMSI sometimes puts the pool description in an exhibit to the 8-K (EX-99, or EX-20 in the
    1990s); graphics, PDFs and other exhibit types are not filing text and are dropped.
    """
    if not re.search(r"<(SEC-DOCUMENT|DOCUMENT)>", text[:20000], re.I):
        return None
    forms: list[_Document] = []
    exhibits: list[_Document] = []
    for match in _DOCUMENT.finditer(text):
        body = match.group(1)
        doc_type = _TYPE.search(body)
        kind = doc_type.group(1).upper() if doc_type else ""
        if kind.startswith("8-K") or kind.startswith(_DESCRIPTION_EXHIBIT):
            inner, filename = _TEXT.search(body), _FILENAME.search(body)
            document = _Document(kind, filename[1] if filename else "", inner.group(1) if inner else body)
            (forms if kind.startswith("8-K") else exhibits).append(document)
    return forms + exhibits if forms else []


def _description_unread(documents: list[_Document]) -> tuple[str, ...]:
    """The exhibits that may hold the pool description kept only as files (a PDF), no text copy beside: "EX-99.1
    (ex99.pdf), a PDF exhibit"."""
    as_text = {d.kind for d in documents if not d.a_file}
    return tuple(
        f"{d.named}, {d.what_file} exhibit"
        for d in documents
        if d.a_file and not d.kind.startswith("8-K") and d.kind not in as_text
    )


# --- HTML ----------------------------------------------------------------------

_HTML_HINT = re.compile(r"<(html|body|pre|p|div|br|td|font)\b", re.I)


def _looks_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:200000]))


_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "center", "blockquote"}
# Tags that hold a paragraph: their end is a blank line, unless the sentence runs on over it (``_write``).
_PARAGRAPH_TAGS = ("p", "div", "blockquote")
_SKIP_TAGS = {"script", "style", "head", "title"}
_EMPTY_TAGS = {"br", "hr", "img", "input", "meta", "link", "col", "area", "wbr"}  # no end tag ends a piece in them
_SPACES_KEPT = re.compile(r"white-space\s*:\s*pre", re.I)  # "pre", "pre-wrap": a browser keeps every space
_FOOTNOTE_NUMBER = re.compile(r"\s*[0-9a-z]{1,3}\s*")  # in a <sup>: written "(2)", as a text filing writes it
_OWN_LAYOUT_TAGS = {"table", "pre", "ol", "ul"}  # laid out by their own rules, never pieces of a line
_DEEPEST_PLACING = 20  # elements placing text within each other: real pages nest one or two
_PAGE_BREAK_STYLE = re.compile(r"page-break-(before|after)\s*:\s*always", re.I)
# A page break inside a table, as a row of its own: laid out, the text filing's <PAGE> line between its rows, so that
# the page's head after it is page furniture (``pages``) as after a break between tables, never part of a row's label.
_PAGE_BREAK_ROW = (Cell("<PAGE>"),)


@dataclass
class _Table:
    """An HTML table being read: its rows of cell texts, the row and cell open, its caption."""

    rows: list[list[Cell]] = field(default_factory=list)
    row: list[Cell] | None = None
    cell: list[tuple[str, bool]] | None = None  # (text, in a <sup>): a footnote marker
    spans: tuple[int, int] = (1, 1)  # the open cell's colspan and rowspan
    keeps_spaces: bool = False  # the open cell's style keeps its spaces ("white-space: pre")
    footer: list[list[Cell]] | None = None  # a <tfoot>'s rows, drawn after the body wherever written
    in_footer: bool = False
    caption: list[str] | None = None
    title: str = ""
    layout: bool = False  # holds other tables or prose: its cells are text, not a table's
    in_pre: bool = False  # opened inside a <pre>: its </table> ends it there too (``_HtmlText._an_html_table``)

    prose: list[str] = field(default_factory=list)  # each cell's text with its line breaks kept
    break_after_row: bool = False  # a page break set in the open row: the page ends after it
    row_broken: bool = False  # a page break set in the open row's cells already

    def page_break(self, tag: str, side: str) -> None:
        """A page break set in the table: before or after a row (a <tr>'s own style); in a cell, before its row where
        nothing in the row is printed before it ("<td><p style='page-break-before:always'>Citicorp ..."), else
        after it (a rule in a cell with "page-break-after")."""
        if tag == "tr":
            self.close_row()  # the row before it ends here
        elif self.row_broken:
            return  # one break a row (a hostile row of many is read in linear time)
        self.row_broken = tag != "tr"
        if side.lower() == "before" and (tag == "tr" or not self._printed_in_row()):
            self._part().append(list(_PAGE_BREAK_ROW))  # the open row, if any, is set after it when it ends
        else:
            self.break_after_row = True

    def _printed_in_row(self) -> bool:
        cells = [cell.text for cell in self.row or []] + [text for text, _ in self.cell or []]
        return any(re.sub(_CELL_MARKS, "", text).strip(" \t\r\n\xa0") for text in cells)

    def _part(self) -> list[list[Cell]]:
        return self.footer if self.footer is not None and self.in_footer else self.rows

    def close_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            lines, pieces = _cell_lines(self.cell), _cell_pieces(self.cell)
            shown = _shown_line(self.cell, self.keeps_spaces)
            self.row.append(Cell(_cell_text(self.cell), *self.spans, lines=lines, pieces=pieces, shown=shown))
            self.prose.append("".join(text for text, _ in self.cell).replace(_LINE_BREAK, "\n"))  # for a layout table
        self.cell = None

    def close_row(self) -> None:
        self.close_cell()
        if self.row is not None:
            self._part().append(self.row)
            if self.break_after_row:
                self._part().append(list(_PAGE_BREAK_ROW))
                self.break_after_row = False
        self.row, self.row_broken = None, False


# A paragraph ending mid-sentence, and the next going on in lower case or with a figure, is one
# sentence run on over them; so is a title whose line ends or starts with a linking word.
_RUNS_ON = re.compile(r"[A-Za-z0-9)%]$")
_LONGEST_PAGE_NUMBER = 12  # pieces of text: "Page 3 of 12" in a few tags at most
_GOES_ON = re.compile(r"[a-z0-9$(\"]")
_ENDS_IN_A_LINK = re.compile(r"(?:\b(?:of|and|by|the|to|for|in|with|or|at|on|pool|group|class|series)|[,(-])$", re.I)
_STARTS_WITH_A_LINK = re.compile(r"(?:OF|AND|BY|FOR|IN|WITH|OR|AT|ON|TO)\s")
_WHITE_SPACE = re.compile(r"[ \t\n\r\f]+")  # HTML's own white space: not the no-break space
_COLUMNS = re.compile(r"\S {3}\s*\S")  # words or figures set apart in columns (no-break spaces, in prose)
_DOLLAR_APART = re.compile(r"\$\s+(?=\d)")
# A figure's next digit group after white space, not a list's next item ("154, 153 and 970").
_FIGURE_GOES_ON = re.compile(r"[ \t\r\n]*\d{3}(?![\d\u00a0])")
# ... after a bare number ("663,"), a list's next item when a next one follows it ("154, 153 and 970"); never one
# that starts with a nought ("000"), nor one after a dollar sign or a digit group ("$1,320," "225 and ...").
_A_LISTS_ITEM = re.compile(r"[ \t\r\n]*[1-9]\d{2}(?:,\s+\$?\d|\s+(?:and|or)\s+\$?\d)")
# ... a whole list's items after a bare number, to its "and" or "or" ("154, 153 and 970"): where no-break spaces set
# a text's words apart, a figure's digit groups after their commas ("584,&nbsp;820,&nbsp;420") are none.
_A_WHOLE_LIST = re.compile(r"[1-9]\d{2}(?:,\s+[1-9]\d{0,2})*,?\s+(?:and|or)\s+\$?\d")
_FIGURE_CUT = re.compile(r"(?<![\d,])(\$?)\d{1,3}((?:,\d{3})*),$")  # "$335,", "1,225,": a figure cut after its comma
# Two no-break spaces or more, ordinary white space among them: a gap a browser keeps, setting a cell's pieces apart.
_NO_BREAK_GAP = re.compile(r"[ \t\r\n]*(?:\xa0[ \t\r\n]*){2,}")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_NEWLINE_AT_START = re.compile(r"\A\r?\n")
# A table's first row or cell, or its end, or a text filing's SGML <S> or <C> (column marks no HTML table has
# before its first row): which comes first after a <table> in a <pre> (``_an_html_table``).
_TABLE_PART = re.compile(r"<(/?)(tr|td|th|table|s|c)\b", re.I)
_TABLE_PART_LOOKED_FOR = 4000  # characters: a caption and a <colgroup> fit many times over
_PARAGRAPH = "\x00"  # a paragraph's end inside a cell (a <p>, a <div>)
_LINE_BREAK = "\x03"  # a <br> (or another block tag) inside a cell; a newline in the cell's source is "\n"
# A <pre>'s start and end inside a cell: a line break in a table's cell; in a cell of a table that lays
# the page out, its text verbatim, columns and all (a whole text filing set in one cell).
_PRE_STARTS, _PRE_ENDS = "\x01", "\x02"
_CELL_MARKS = f"[{_PARAGRAPH}{_LINE_BREAK}{_PRE_STARTS}{_PRE_ENDS}]"
_PRE_IN_A_CELL = re.compile(f"{_PRE_STARTS}(.*?)(?:{_PRE_ENDS}|$)", re.S)
# A cell holding this much text is prose set in a table for layout, not a table's cell, unless the
# table has rows of figures too (a long note in a row of its own under a table's Total line).
_PROSE_CELL = 300
# The last rows of a table held that a table right under it is matched with (``goes_on_from``): a few, so that a
# table set a row to a table is matched in constant time a row.
_ROWS_LOOKED_AT = 4


@dataclass
class _Held:
    """A table held before it is written out (``_HtmlText._write_table``), and what came after it."""

    title: str
    rows: list[list[Cell]]
    paragraph_ends: bool  # a paragraph ended right before it
    space_after: list[str] = field(default_factory=list)  # white space written after it


class _HtmlText(HTMLParser):
    """Collects an HTML 8-K's text: <pre> verbatim, tables re-laid in columns.

    HTML 4 lets a cell or row end without its end tag, at the next cell, row or the table's
    end; a table inside a cell, or a cell holding paragraphs of prose, makes its table one
    for layout, whose cells are read as text.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.last_text = ""  # the last piece of text out with words in it (kept, not looked for: see _write)
        self.skip_depth = 0
        self.pre_depth = 0
        self.pre_break = False  # a <br> in a <pre> was the last thing read: a newline right after it is the same break
        self.sup_depth = 0
        self.tables: list[_Table] = []
        self.paragraph_ends = False
        self.blank_paragraph = False  # a paragraph of no-break spaces alone since the last words
        self.lists: list[int | None] = []  # each open list: an <ol>'s next item number, None for a <ul>
        self.item_number = ""  # an <ol> item's number, written before its first words
        self.unplaced: list[tuple[int, str]] = []  # pieces of ``out`` holding a table not to be read, and why
        self.held_table: _Held | None = None  # a table not yet out: a table right under it may go on with it
        # Text the page places piece by piece (``html_positions``): the pieces read, laid out when other text or
        # a page break follows; and the elements open that place one, each its tag and position and its text.
        self.placed: list[Placed] = []
        self.placing: list[tuple[str, float, float, list[str], bool]] = []  # and whether its spaces are kept
        self.tag_at = 0
        # An element the page does not show (``_hides``), and how many of its tag are open in it: its text is none
        # of the filing's as a reader sees it.
        self.hidden: _Hidden | None = None
        # Elements a descendant of a hidden one shows again ("visibility:visible" in "visibility:hidden"), innermost
        # last: each the hidden element to go back to once it ends, and the shown element's own bounds.
        self.shown: list[tuple[_Hidden, _Hidden]] = []

    def parse_starttag(self, i: int) -> int:
        self.tag_at = i  # where the start tag being read stands in ``rawdata`` (``_an_html_table``)
        return super().parse_starttag(i)

    def _an_html_table(self) -> bool:
        """Whether the <table> just opened inside a <pre> is an HTML table, whose rows and cells a browser lays
        out as it lays out any table: its first row or cell comes before its end. A text filing's own SGML
        <TABLE> (its <CAPTION>, <S> and <C> lines, no <tr>) is text of the <pre>, read as it stands. Looked for
        in a bounded stretch after the tag, so a page of such tags costs its length."""
        start = self.rawdata.find(">", self.tag_at) + 1
        found = _TABLE_PART.search(self.rawdata, start, start + _TABLE_PART_LOOKED_FOR)
        return found is not None and not found.group(1) and found.group(2).lower() in ("tr", "td", "th")

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """ "<![CDATA[...]]>", "<![if !supportLists]>", a stray "<![": a browser skips any of them to the
        first ">" (a bogus comment). Python 3.11's parser raises AssertionError on one it does not know."""
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    @property
    def table(self) -> _Table | None:
        """The table whose cells are being read, if the innermost one is such a table."""
        return self.tables[-1] if self.tables and not self.tables[-1].layout else None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)  # "<br />" is one line break, not a start and an end

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if (self.hidden is not None or self.shown) and not self._shows(tag, attrs) and not self.hidden.undone_by:
            return  # within an element hidden with its box ("display:none"): none of its tags is read
        if self.hidden is None and tag not in _EMPTY_TAGS and (why := _hides(attrs)) is not None:
            self.hidden = _Hidden(tag, undone_by=why)
            if not why:
                return
        # An element hidden by its visibility or font size keeps its box: a browser lays out its cells and rows where
        # they stand (a cell hidden so is an empty cell, the columns after it in place), and only its text is unseen.
        self.pre_break = tag == "br" and self.pre_depth > 0
        table = self.table
        in_cell = table is not None and table.cell is not None
        if not in_cell and tag not in _SKIP_TAGS:
            if tag == "p" and self.placing and self.placing[-1][0] == "p":
                self.handle_endtag("p")  # a browser ends a paragraph left open at the next
            if self._starts_placing(tag, attrs):
                return
            if self.placing and tag in _OWN_LAYOUT_TAGS:
                self._placing_given_up()  # a table or <pre> in an element placed: read as it stands, in its place
            elif self.placing:
                if tag in _BLOCK_TAGS:
                    self.placing[-1][3].append(_LINE_BREAK)
                self.sup_depth += tag == "sup"
                return  # <font>, <b>, <span> in a piece placed: its words only
        breaks = next((m for k, v in attrs if k == "style" and (m := _PAGE_BREAK_STYLE.search(v or ""))), None)
        side = "before" if tag == "page" else breaks[1] if breaks else None
        if side and table is not None and tag != "table":
            table.page_break(tag, side)  # its rows break there
        elif breaks and not in_cell:
            self._page_break()  # EDGAR HTML marks a printed page break in CSS
        elif tag == "page" and not in_cell:
            self._page_break()  # ... or with the <PAGE> of its text filings
        elif tag == "hr" and not in_cell and looks_like_a_page_number(self._last_line().strip()):
            self._page_break()  # a rule under a page's number ("Page 3" / <hr>) ends the page
        if tag == "body":
            self.skip_depth = 0  # a <head> left open (HTML lets </head> go) ends here
        elif tag in _SKIP_TAGS:
            self.skip_depth += 1
        elif tag == "pre" and in_cell:
            table.cell.append((_PRE_STARTS, False))  # a <pre> inside a cell is a line of the cell
        elif tag == "pre":
            self.pre_depth += 1
            self._write("\n")
        elif tag == "table" and (self.pre_depth == 0 or self._an_html_table()):
            if table is not None and (table.cell is not None or table.row is not None):
                self._as_layout(table)  # a table inside a cell: the outer one only lays the page out
            self.tables.append(_Table(in_pre=self.pre_depth > 0))
        elif table is not None and tag == "caption":
            table.caption = []
        elif table is not None and tag in ("tfoot", "tbody", "thead"):
            table.close_row()
            table.in_footer = tag == "tfoot"
            if table.in_footer and table.footer is None:
                table.footer = []
        elif table is not None and table.caption is not None and tag in _BLOCK_TAGS:
            table.caption.append(" ")
        elif table is not None and tag == "tr":
            self._end_caption(table)
            table.close_row()
            table.row = []
        elif table is not None and tag in ("td", "th"):
            self._end_caption(table)
            table.close_cell()
            self.sup_depth = 0  # a <sup> left open ends with its cell
            if table.row is None:
                table.row = []
            table.cell, table.spans = [], (_span(attrs, "colspan"), _span(attrs, "rowspan"))
            table.keeps_spaces = any(k == "style" and v and _SPACES_KEPT.search(v) for k, v in attrs)
        elif tag == "sup":
            self.sup_depth += 1
        elif in_cell and tag in _BLOCK_TAGS:
            table.cell.append((_PARAGRAPH if tag in _PARAGRAPH_TAGS else _LINE_BREAK, False))
        elif tag in _BLOCK_TAGS or tag in ("td", "th"):
            self._break(tag)
        if tag in ("ol", "ul"):
            self.lists.append(_first_number(attrs) if tag == "ol" else None)
        elif tag == "li" and not in_cell and self.lists and self.lists[-1] is not None:
            # A browser numbers an ordered list's items: "1.  the numbers of such ... loans are 1 and 5"
            self.item_number, self.lists[-1] = f"{self.lists[-1]}. ", self.lists[-1] + 1

    def _shows(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether a start tag is read, in or after a hidden element (``hidden``, ``shown``): never within one,
        unless this element shows its text again ("visibility:visible" within "visibility:hidden")."""
        if self.hidden is not None:
            hidden = self.hidden.at_start(tag)
            if hidden is not None and (tag in _EMPTY_TAGS or not hidden.shown_by(tag, attrs)):
                self.hidden = hidden
                return False
            self.hidden = None
            if hidden is not None:
                self.shown.append((hidden, _Hidden(tag)))  # read again, until this element ends
                return True
            if not self.shown:
                return True
        element = self.shown[-1][1].at_start(tag)
        if element is None:  # the element shown ends here (a <p> at the next): what holds it hides again
            self.hidden = self.shown.pop()[0]
            return self._shows(tag, attrs)
        self.shown[-1] = (self.shown[-1][0], element)
        return True

    def handle_endtag(self, tag: str) -> None:
        if self.hidden is not None:
            hidden = self.hidden
            self.hidden = hidden.at_end(tag)
            if self.hidden is not None or tag == hidden.tag or (tag == "table" and hidden.tables):
                if hidden.undone_by:
                    self._ended(tag)  # its box kept (``handle_starttag``): its tags are read, its text is not
                return  # still hidden, or the hidden element's own end
        if self.shown and (element := self.shown[-1][1].at_end(tag)) is None:
            outer, shown = self.shown.pop()
            self._ended(tag)  # the shown element's end, read; then what holds it is hidden again, unless it ends too
            self.hidden = outer if tag == shown.tag else outer.at_end(tag)
            return
        if self.shown:
            self.shown[-1] = (self.shown[-1][0], element)
        self._ended(tag)

    def _ended(self, tag: str) -> None:
        """An end tag of the text read (none within a hidden element)."""
        if self.placing and tag not in _SKIP_TAGS:
            if tag == self.placing[-1][0]:
                self._end_placing()
            elif tag == "sup":
                self.sup_depth = max(0, self.sup_depth - 1)
            return
        if self.placed and tag in _BLOCK_TAGS:
            self._lay_out_placed()  # the end of what holds them (a converter's page, its tops from 0 again)
        table = self.table
        if tag in _SKIP_TAGS:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag == "pre" and table is not None and table.cell is not None:
            table.cell.append((_PRE_ENDS, False))
        elif tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
            self._write("\n")
        elif tag == "table" and self.tables and (self.pre_depth == 0 or self.tables[-1].in_pre):
            ended = self.tables.pop()
            self._end_caption(ended)
            ended.close_row()
            ended.rows += ended.footer or []  # a <tfoot> written before the body is drawn after it
            self.sup_depth = 0
            if ended.layout:
                self._write("\n")
            else:
                self._write_table_or_lines(ended)
        elif table is not None and tag == "caption":
            self._end_caption(table)
        elif table is not None and tag in ("td", "th"):
            table.close_cell()
        elif table is not None and tag == "tr":
            table.close_row()
        elif table is not None and tag == "tfoot":
            table.close_row()
            table.in_footer = False
        elif tag == "sup":
            self.sup_depth = max(0, self.sup_depth - 1)
        elif tag in ("ol", "ul"):
            self.lists = self.lists[:-1]
            self.item_number = ""
        elif tag in _BLOCK_TAGS and (table is None or table.cell is None):
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self.hidden is not None:
            return
        # Characters that print nothing are no part of a cell's figure ("1,&#8203;225"): left in, a column's
        # figure was no figure, and the column's loan counts were lost.
        data = figure_unbroken(data.translate(_PRINTS_NOTHING))
        pre_break, self.pre_break = self.pre_break, False
        if self.skip_depth:
            return
        if self.placing:
            data = re.sub(_CELL_MARKS, "", data)
            self.placing[-1][3].append(
                f"({data.strip()})" if self.sup_depth and _FOOTNOTE_NUMBER.fullmatch(data) else data
            )
            return
        table = self.table
        if table is not None and table.caption is not None:
            table.caption.append(data)
        elif table is not None and table.cell is not None:
            data = re.sub(_CELL_MARKS, "", data)  # never taken for a <pre>'s ends or a line break
            table.cell.append((data, self.sup_depth > 0))
        elif table is not None:
            if data.strip():  # text between a table's cells: a browser sets it above the table
                self._write("\n" + " ".join(data.split()) + "\n")
        elif self.pre_depth:
            # A text filing put in a <pre> with "<br>" at each line's end keeps its own newline too: a browser
            # shows it double-spaced, but its author meant one line break (titles, headings and notes as in the text).
            self._write(_NEWLINE_AT_START.sub("", data, count=1) if pre_break else data)
        elif self.sup_depth and _FOOTNOTE_NUMBER.fullmatch(data):
            self._write(f"({data.strip()})")  # a footnote's number, as a text filing writes it: "95%(2)"
        else:
            if self.item_number and data.strip():
                data, self.item_number = self.item_number + data.lstrip(), ""
            if self.paragraph_ends and "\xa0" in data and not data.replace("\xa0", " ").strip():
                self.blank_paragraph = True  # "<p>&nbsp;</p>": a blank line between lines in columns
            data = self._figure_joined(data)
            self._write(_as_a_browser_sets_it(data), prose=True)

    def _figure_joined(self, data: str) -> str:
        """``data`` joined to the figure the text before it leaves cut after a thousands comma, with nothing but
        tags and a source line's end between ("$335,</span>\n<span>095,817.07"): one figure, as a table's cell
        reads it (``one_figure``); read as two, the pool's balance was $335. Never a list's next item ("663,</b>
        <b>154, 153 and 970"), nor a figure after a line break (<br>)."""
        if self.paragraph_ends or _FIGURE_GOES_ON.match(data) is None:
            return data
        apart = self.out[-1:] == [" "] and not data[:1].isspace()  # the space a source line's end was written as
        cut = _FIGURE_CUT.search(self.out[-2] if apart and len(self.out) > 1 else self.out[-1] if self.out else "")
        if cut is None or (not apart and not data[:1].isspace()):
            return data
        if not (cut.group(1) or cut.group(2)) and _A_LISTS_ITEM.match(data):
            return data
        if apart:
            self.out.pop()
        return data.lstrip(" \t\r\n")
        if data[:1].isspace() and self.out and _FIGURE_CUT.search(self.out[-1]):
            return data.lstrip(" \t\r\n")
        if (
            not data[:1].isspace()
            and self.out[-1:] == [" "]
            and _FIGURE_CUT.search(self.out[-2] if len(self.out) > 1 else "")
        ):
            self.out.pop()  # the space a source line's end between the tags was written as
        return data

    @staticmethod
    def _end_caption(table: _Table) -> None:
        """The caption's text is the table's title; a row or cell ends a caption left open."""
        if table.caption is not None:
            table.title, table.caption = " ".join("".join(table.caption).split()), None

    def _break(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self.paragraph_ends = True  # decided by the text that follows (_write)
        else:
            self._write("\n")

    def _write(self, text: str, prose: bool = False) -> None:
        """Text out. A paragraph's end before it is a blank line, unless a sentence or title runs
        on over it: some filings set each printed line in a paragraph of its own ("... was 357.95"
        / "months. All ..."; "GEOGRAPHIC DISTRIBUTION OF" / "MORTGAGED PROPERTIES BY STATE")."""
        if self.placed and text.strip():  # white space between the pieces is no text of its own
            self._lay_out_placed()
        if self.held_table is not None:
            if not text.strip():
                self.held_table.space_after.append(text)
                return
            self._write_held()
        if self.paragraph_ends and text.strip():
            self.paragraph_ends = False
            last, first = self._last_text(), text.lstrip()
            # A paragraph that is a page number ("3") never goes on with the sentence before it.
            runs_on = (
                prose
                and not looks_like_a_page_number(first)
                and (
                    (_RUNS_ON.search(last) and _GOES_ON.match(first))
                    or _ENDS_IN_A_LINK.search(last)
                    or _STARTS_WITH_A_LINK.match(first)
                    or _in_capitals(self._last_line())
                    and _in_capitals(first)  # a title set over two paragraphs
                )
            )
            # A text filing set a paragraph a printed line, its columns in no-break spaces (Word's "plain
            # text" paragraphs, no margin between them): a line of columns under another is the next line
            # of its table or headings, as a browser shows it; a paragraph of no-break spaces alone, a blank line.
            in_columns = (
                prose and not self.blank_paragraph and _COLUMNS.search(self._last_line()) and _COLUMNS.search(first)
            )
            # A page's number alone ("Page 18", "19") ends its page, a page-break mark or none after it: the
            # sentence it parts goes on over it (a page break), never from it ("Page 18 mortgage loans ...").
            page_ends = prose and looks_like_a_page_number(self._last_paragraph())
            if page_ends:
                self._page_number_set_in()
            self.out.append("\n\n<PAGE>\n\n" if page_ends else "\n" if runs_on or in_columns else "\n\n")
            self.blank_paragraph = False
        self.out.append(text)
        if not text.isspace():
            self.last_text = text

    def _starts_placing(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether the element starts a piece of text the page places where its style says (``html_positions``)."""
        style = next((v for k, v in attrs if k == "style" and v), "")
        at = position_of(style) if "absolute" in style.lower() else None
        if at is None or tag in _EMPTY_TAGS or len(self.placing) >= _DEEPEST_PLACING:
            return False
        top, left = at
        if self.placing:  # placed in a piece placed: from its edges, as a browser places it
            top, left = top + self.placing[-1][1], left + self.placing[-1][2]
        self.placing.append((tag, top, left, [], _SPACES_KEPT.search(style) is not None))
        return True

    def _end_placing(self) -> None:
        """The element placing text ends: its text one piece placed, if it is one line; an element holding lines
        or paragraphs of its own (a text box) is no piece of a line: its lines are written as they stand."""
        _, top, left, texts, spaces_kept = self.placing.pop()
        lines = _placed_lines(texts, spaces_kept)
        if len(lines) == 1:
            self.placed.append(Placed(top, left, lines[0]))
        else:
            self._write_lines(lines, spaces_kept)

    def _placing_given_up(self) -> None:
        """The elements placing text left open hold a table or a <pre>: no pieces of a line. What they hold so far is
        written as its lines, and the rest is read as the page's own text (a table as a table)."""
        placing, self.placing = self.placing, []
        for _, _, _, texts, spaces_kept in placing:
            self._write_lines(_placed_lines(texts, spaces_kept), spaces_kept)

    def _write_lines(self, lines: list[str], spaces_kept: bool) -> None:
        if lines and spaces_kept:
            self._write("\n" + "\n".join(lines) + "\n")
        for line in lines if not spaces_kept else ():
            self._break("p")
            self._write(line, prose=True)
            self._break("p")

    def _lay_out_placed(self) -> None:
        """The pieces placed so far out, laid out as the page shows them, as a text filing's lines."""
        placed, self.placed = self.placed, []
        if placed:
            self._write("\n" + lay_out_placed(placed) + "\n")

    def _page_break(self) -> None:
        self._lay_out_placed()
        self._page_number_set_in()
        self._write("\n<PAGE>\n")

    def _page_number_set_in(self) -> None:
        """The page's number, the last line written, set in from the margin as a text filing centres it: HTML
        centres it in a paragraph of its own, which the text has at the margin, where right under a table's
        rows ("75.001% - 80.000%  362  173,981,140" / "7" / a page break) it read as one more row."""
        for index in range(len(self.out) - 1, max(-1, len(self.out) - 1 - _LONGEST_PAGE_NUMBER), -1):
            if "\n" in self.out[index]:
                at = self.out[index].rfind("\n") + 1
                line = self.out[index][at:] + "".join(self.out[index + 1 :])
                if line.strip() and not line[:1].isspace() and looks_like_a_page_number(line):
                    self.out[index] = self.out[index][:at] + " " * FAR_NUMBER_INDENT + self.out[index][at:]
                return

    def _last_line(self) -> str:
        text = self._last_text()
        return text[text.rfind("\n") + 1 :]  # from the end: a long <pre> before it is not split

    def _last_paragraph(self) -> str:
        """The last line written whole, its pieces joined (none of them holds a line's end but the first)."""
        pieces: list[str] = []
        for piece in reversed(self.out):
            pieces.append(piece[piece.rfind("\n") + 1 :])
            if "\n" in piece or len(pieces) > _LONGEST_PAGE_NUMBER:
                break
        return "".join(reversed(pieces)).strip()

    def _last_text(self) -> str:
        return self.last_text.rstrip()

    def _as_layout(self, table: _Table) -> None:
        """A table turns out to lay the page out (a table opens in one of its cells): the rows it
        has read go out as a table, the row and cell open as text."""
        complete, read = list(table.rows), sum(len(row) for row in table.rows)
        table.close_row()  # the open cell too
        self._write_table(table.title, complete, table.prose[:read])
        self._write_cells(table.prose[read:])
        table.rows, table.prose, table.row, table.layout = [], [], None, True

    def _write_table_or_lines(self, table: _Table) -> None:
        """A table out; or, where it sets a text filing's printed lines a row each, those lines."""
        lines = _printed_lines(table.rows)
        if lines is None:
            self._write_table(table.title, table.rows, table.prose)
            return
        self._write_held()
        if table.title:
            self._write(f"\n{table.title}\n")
        self._write("\n" + "\n".join(lines) + "\n")

    def _write_table(self, title: str, rows: list[list[Cell]], prose: list[str]) -> None:
        """A table out, laid out in columns; or, if a cell holds prose, as its paragraphs."""
        if any(len(cell.text) > _PROSE_CELL for row in rows for cell in row) and not holds_figures(rows):
            if title:
                self._write(f"\n{title}\n")
            self._write_cells(prose)
        elif rows or title:
            # Held until words follow it: a table right under it, nothing between, may be more of its rows
            # (its headings, or each row, in a table of their own), laid out with them.
            held = self.held_table
            if not title and held is not None and goes_on_from(held.rows[-_ROWS_LOOKED_AT:], rows):
                held.rows.extend(rows)
                return
            self._write_held()
            self.held_table = _Held(title, list(rows), self.paragraph_ends)
            self.paragraph_ends = False

    def _write_held(self) -> None:
        """The table held (``_write_table``) out, laid out in columns, as it would have been where it ended:
        after the paragraph's end before it, before the white space and the paragraph's end after it."""
        held, self.held_table = self.held_table, None
        if held is None:
            return
        after, self.paragraph_ends = self.paragraph_ends, held.paragraph_ends
        laid = lay_out_table(([[Cell(held.title)]] if held.title else []) + held.rows)
        self._write("\n" + laid.text + "\n")
        if laid.unread:
            self.unplaced.append((len(self.out) - 1, laid.unread))  # the piece of text out that holds it
        self.out += held.space_after
        self.paragraph_ends = self.paragraph_ends or after

    def _write_cells(self, cells: list[str]) -> None:
        """Cells of a layout table out as prose, each a paragraph, and so each paragraph in them
        (a title over two, "DISTRIBUTION OF MORTGAGE LOANS" / "BY LOAN-TO-VALUE ..." runs on)."""
        for cell in cells:
            for index, piece in enumerate(_PRE_IN_A_CELL.split(cell)):
                if index % 2:  # a <pre>'s text, as a browser shows it
                    self._write("\n" + piece.removeprefix("\n") + "\n")
                    continue
                for paragraph in piece.replace(_PRE_ENDS, "").split(_PARAGRAPH):
                    if paragraph.strip():
                        self._break("p")
                        self._write(_unbroken(paragraph).strip(), prose=True)
        self._break("p")


def _first_number(attrs: list[tuple[str, str | None]]) -> int | None:
    """An ordered list's first number (its start), None where it is not numbered in figures."""
    kind = next((v for k, v in attrs if k == "type"), None) or "1"
    return _span(attrs, "start") if kind == "1" else None


# Styles that hide an element, as a browser and Word read them ("display:none", Word's hidden text "mso-hide:all").
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all", re.I)
# ... and those that hide it as well, though a descendant may show its own text again (``_SHOWN_AGAIN``): no box is
# drawn for "visibility:hidden" (or "collapse"), no letter is seen at "font-size:0" (0px, 0pt, 0.0em: a size of
# zero whatever its unit; a tiny one, "1pt", is still print).
_SOFTLY_HIDDEN = {
    "visibility": re.compile(r"(?<![\w-])visibility\s*:\s*(?:hidden|collapse)\b", re.I),
    "font-size": re.compile(
        r"(?<![\w-])font-size\s*:\s*(?:0+(?:\.0*)?|\.0+)(?:[a-z]+|%)?\s*(?:!important\s*)?(?:;|$)", re.I
    ),
    # a box drawn wholly transparent: no descendant shows through it (its opacity multiplies theirs)
    "opacity": re.compile(r"(?<![\w-])opacity\s*:\s*(?:0+(?:\.0*)?|\.0+)%?\s*(?:!important\s*)?(?:;|$)", re.I),
}
# What shows a descendant's text again: "visibility:visible"; a font size of its own that is not a share of its
# parent's zero (points, pixels, a keyword, a <font size=...>; never "1em" or "100%").
_SHOWN_AGAIN = {
    "visibility": re.compile(r"(?<![\w-])visibility\s*:\s*visible\b", re.I),
    "font-size": re.compile(
        r"(?<![\w-])font-size\s*:\s*(?:0*[1-9][\d.]*|0*\.\d*[1-9]\d*)\s*(?:pt|px|pc|in|cm|mm|q|rem|vw|vh)\b"
        r"|(?<![\w-])font-size\s*:\s*(?:xx-small|x-small|small|medium|large|x-large|xx-large)\b",
        re.I,
    ),
    "opacity": re.compile(r"(?!)"),  # never
}
# The elements a browser ends without their end tag, and the start tags and end tags that end each.
# (Any other element, a <span> or a <div> left open, ends with the cell, row or table that holds it.)
_HIDDEN_STARTS_END = {
    "p": frozenset(_BLOCK_TAGS - {"br"}) | {"table", "pre", "ol", "ul", "td", "th"},
    "li": frozenset({"li"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
    "tr": frozenset({"tr"}),
    "table": frozenset(),
}
_HIDDEN_ENDED_BY = {
    "p": frozenset({"td", "th", "tr", "table", "div", "body", "blockquote", "li"}),
    "li": frozenset({"ol", "ul", "td", "th", "tr", "table", "body"}),
    "td": frozenset({"tr", "table", "body"}),
    "th": frozenset({"tr", "table", "body"}),
    "tr": frozenset({"table", "body"}),
    "table": frozenset({"body"}),
}
_CELL_STARTS = frozenset({"td", "th", "tr"})
_CELL_ENDS = frozenset({"td", "th", "tr", "table", "body"})


@dataclass(frozen=True)
class _Hidden:
    """An element the page hides: its tag, how many of that tag are open in it, how many tables it holds open
    (a cell's or a row's bounds inside them are theirs, not its own)."""

    tag: str
    depth: int = 1
    tables: int = 0
    # What hides it that a descendant may undo ("visibility", "font-size"; ``_SOFTLY_HIDDEN``); empty where nothing
    # can ("display:none", "mso-hide:all", the hidden attribute).
    undone_by: frozenset[str] = frozenset()

    def shown_by(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        """Whether a descendant starting here shows its text again: it undoes everything that hides it."""
        if not self.undone_by:
            return False
        style = " ".join(v for k, v in attrs if k == "style" and v)
        undone = {why for why in self.undone_by if _SHOWN_AGAIN[why].search(style)}
        if tag == "font" and any(k == "size" and v and v.strip() for k, v in attrs):
            undone.add("font-size")  # "<font size=2>": a size of its own, in a page hidden by its font size
        return undone >= self.undone_by

    def at_start(self, tag: str) -> _Hidden | None:
        """What is still hidden once ``tag`` starts: None where a browser ends the hidden element there."""
        if tag == "table" and self.tag != "table":
            return _Hidden(self.tag, self.depth, self.tables + 1, self.undone_by)
        if not self.tables and tag in _HIDDEN_STARTS_END.get(self.tag, _CELL_STARTS):
            return None
        return _Hidden(tag, self.depth + 1, self.tables, self.undone_by) if tag == self.tag else self

    def at_end(self, tag: str) -> _Hidden | None:
        """What is still hidden once ``tag`` ends: None where the hidden element ends with it."""
        if tag == self.tag:
            return _Hidden(tag, self.depth - 1, self.tables, self.undone_by) if self.depth > 1 else None
        if tag == "table" and self.tables:
            return _Hidden(self.tag, self.depth, self.tables - 1, self.undone_by)
        if not self.tables and tag in _HIDDEN_ENDED_BY.get(self.tag, _CELL_ENDS):
            return None
        return self


def _hides(attrs: list[tuple[str, str | None]]) -> frozenset[str] | None:
    """What of an element's attributes hides it, None where nothing does: a filing agent's or Word's text a reader
    never sees (an old figure left in, hidden; read, it was the first statement of the figure and kept over the one
    shown). An empty set where nothing in it can be shown again; else the styles a descendant may undo."""
    style = " ".join(v for k, v in attrs if k == "style" and v)
    if any(k == "hidden" for k, _ in attrs) or _HIDDEN_STYLE.search(style):
        return frozenset()
    softly = frozenset(why for why, pattern in _SOFTLY_HIDDEN.items() if pattern.search(style))
    return softly or None


def _span(attrs: list[tuple[str, str | None]], name: str) -> int:
    value = (next((v for k, v in attrs if k == name), None) or "1").strip()
    return int(value) if re.fullmatch(r"[0-9]{1,6}", value) else 1  # never "²", which isdigit() takes


def _placed_lines(texts: list[str], spaces_kept: bool) -> list[str]:
    """An element's text placed, in its lines (its line breaks and block tags), as a browser sets each."""
    joined = "".join(texts)
    if spaces_kept:
        lines = [line.replace("\xa0", " ").rstrip() for line in re.split(f"[\n{_LINE_BREAK}]", joined)]
    else:
        lines = [_as_a_browser_sets_it(line).strip() for line in joined.split(_LINE_BREAK)]
    return [line for line in lines if line.strip()]


def _unbroken(text: str) -> str:
    """Text as prose: its spaces and tabs as one, its line breaks kept."""
    return re.sub(r"[ \t\r\f\v]+", " ", text)


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters) and len(text) <= 100


def _as_a_browser_sets_it(data: str) -> str:
    """Text as a browser sets it: a run of ordinary white space is one space, but each no-break
    space stays one. Some filings lay their tables out in "&nbsp;" runs and "<br>" ends, as a
    text filing sets its columns in spaces; collapsed, the columns ran together."""
    return _WHITE_SPACE.sub(" ", data).replace("\xa0", " ")


def _cell_text(parts: list[tuple[str, bool]]) -> str:
    """A cell's text on one line: its lines joined as a text filing's wrapped heading is ("Number
    of" "Loans"; "65.001%-" "75.000%"); a footnote marker in a <sup> dropped from a figure."""
    main = "".join(text for text, sup in parts if not sup)
    main = re.sub(_CELL_MARKS, "\n", main)
    if "\n" in main:
        # A rule under a figure in its cell ("1,225<br>=====") underlines it: not part of it.
        lines = [" ".join(line.split()) for line in main.split("\n")]
        text = join_words([line for line in lines if not is_rule(line)])
    else:
        text = " ".join(main.split())
    text = one_figure(_DOLLAR_APART.sub("$", text))  # "$&nbsp;149,999 and under": "$149,999 and under"
    if not any(sup for _, sup in parts):
        return text
    marker = " ".join("".join(text for text, sup in parts if sup).split())
    if not marker or NUMERIC_CELL.match(text):
        return text
    # A label's mark goes before its colon ("Balance<sup>(1)</sup>:" is "Balance(1):", as prose has it):
    # after the colon, "Balance:(1)", the mark stood where a summary's value does.
    label, colon = (text[:-1].rstrip(), ":") if text.endswith(":") else (text, "")
    return _marked(label, marker) + colon


# Two spaces or more within a line shown: a text filing's columns (a heading's words, a row's figures).
_COLUMNS_APART = re.compile(r"\S {2,}\S")
_FEWEST_PRINTED_LINES = 3


def _shown_line(parts: list[tuple[str, bool]], keeps_spaces: bool) -> str | None:
    """A cell's one line as a browser shows it where the cell keeps spaces: a <pre> in it, a style that keeps
    them, or runs of no-break spaces; None for a cell of several lines, or of ordinary white space alone."""
    raw = "".join(text for text, sup in parts if not sup)
    if _PARAGRAPH in raw or _LINE_BREAK in raw:
        return None
    if _PRE_STARTS in raw or keeps_spaces:
        line = raw.replace(_PRE_STARTS, "").replace(_PRE_ENDS, "").strip("\n")
        return None if "\n" in line else line.replace("\xa0", " ").rstrip()
    if "\xa0" not in raw:
        return None
    return _WHITE_SPACE.sub(" ", raw).strip(" ").replace("\xa0", " ").rstrip()


def _printed_lines(rows: list[list[Cell]]) -> list[str] | None:
    """The lines of a text filing set in a table a printed line to a row, in one cell each that keeps its
    spaces (no-break spaces, a <pre>, "white-space: pre"), as a browser shows them: the table's columns are the
    text's, in spaces. Laid out as a table of one column, each line's spaces were lost: the tables' rows read
    as prose, or their headings as the first row's label. None for any other table."""
    if len(rows) < _FEWEST_PRINTED_LINES or any(len(row) != 1 or row[0].columns != 1 for row in rows):
        return None
    shown = [row[0].shown for row in rows]
    if sum(1 for line in shown if line is not None and _COLUMNS_APART.search(line)) < _FEWEST_PRINTED_LINES:
        return None
    return [row[0].text if line is None else line for row, line in zip(rows, shown)]


def _cell_lines(parts: list[tuple[str, bool]]) -> tuple[str, ...]:
    """A cell's lines where its tags set it over several (a <br> or a paragraph between them), each read as
    a cell of one line is; none for a cell of one line, or one holding a <pre>. Some filers set a column's
    figures one to a line in a single cell, a row's worth of them ("73<br>1,152" beside "2003<br>2004"):
    a browser shows each line beside the others' same line, a row of its own (``html_tables``)."""
    if sum(1 for text, _ in parts if text in (_PARAGRAPH, _LINE_BREAK)) >= MAX_STACKED_LINES:
        return ()  # no table's column is that long: damage, or a hostile file; read as one line
    lines: list[list[tuple[str, bool]]] = [[]]
    for text, sup in parts:
        if text in (_PRE_STARTS, _PRE_ENDS):
            return ()
        if text in (_PARAGRAPH, _LINE_BREAK):
            lines.append([])
        elif text:
            lines[-1].append((text.replace("\n", " "), sup))  # a newline in the source is white space
    texts = [_cell_text(line) for line in lines]
    texts = ["" if text and is_rule(text) else text for text in texts]  # "1,225<br>=====": a rule under a figure
    while texts and not texts[-1]:
        texts.pop()
    while texts and not texts[0]:
        texts.pop(0)
    return tuple(texts) if len(texts) > 1 else ()


def _cell_pieces(parts: list[tuple[str, bool]]) -> tuple[str, ...]:
    """A cell's pieces where runs of no-break spaces set them apart on its one line, as a browser shows them
    ("73&nbsp;&nbsp;&nbsp;&nbsp;$34,980,358": a count and a balance in one cell), each read as a cell's text is;
    none for a cell of one piece, or of several lines (its lines are its parts)."""
    main = "".join(text for text, sup in parts if not sup)
    if re.search(_CELL_MARKS, main):
        return ()
    pieces: list[str] = []
    for piece in (_cell_text([(piece, False)]) for piece in _NO_BREAK_GAP.split(main)):
        if pieces and (pieces[-1] in ("$", "(") or piece in ("%", ")")):
            pieces[-1] = _cell_text([(pieces[-1] + piece, False)])  # "$ | 34,980,358": the figure's sign, apart
        elif piece:
            pieces.append(piece)
    return tuple(pieces) if len(pieces) > 1 else ()


def _marked(text: str, marker: str) -> str:
    """A label's mark set apart as a text filing sets it: "B-6(1)", never "B-61"; "California*" as it is.
    A cell holding the mark alone holds "(1)" too: a "1" there passed for a figure of its own."""
    return f"{text}({marker})" if marker.isalnum() and (not text or text[-1:].isalnum()) else f"{text}{marker}"


def _html_to_text(markup: str) -> tuple[str, Lines]:
    """The page's text, and the lines of each table in it not to be read, and why."""
    parser = _HtmlText()  # it decodes entities itself (convert_charrefs): "&amp;lt;" stays "&lt;"
    parser.feed(markup)
    parser.close()
    parser.pre_depth = 0  # a <pre> left open too: its text is out already
    parser.hidden, parser.shown = None, []  # a hidden element left open ends with the document: the ends below are read
    while parser.placing:  # an element placing text the document leaves open ends with it
        parser.handle_endtag(parser.placing[-1][0])
    parser._lay_out_placed()
    while parser.tables:  # a table the document leaves open (a filing cut off) is still written
        parser.handle_endtag("table")
    parser._write_held()
    text = _unescaped("".join(parser.out))
    lines = []
    for piece, why in parser.unplaced:  # "\n" + the table + "\n": its lines are those between
        before = _unescaped("".join(parser.out[:piece])).count("\n")
        lines.append((before + 1, before + _unescaped(parser.out[piece]).count("\n") - 1, why))
    return text, tuple(lines)


def _unescaped(text: str) -> str:
    """Entities escaped twice by a filing agent ("&amp;nbsp;") read as once; only whole ones, with
    their semicolon: "Smith&notes" is not "Smith¬es"."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)


def _documents_text(documents: list[_Document]) -> tuple[str, Lines, tuple[str, ...]]:
    """An EDGAR submission's documents as one text, a blank line between, each copy of one read already
    left out (read twice, every table stood twice in the deal), and each exhibit that is another kind of document
    beside the pool description (``_others_apart``); the lines of each table in them not to be read, and why; and
    a line for each exhibit left out."""
    read = [(d, *(_html_to_text(d.text) if _looks_html(d.text) else (d.text, ()))) for d in documents]
    read, said = _others_apart(read)
    parts, lines, at, seen = [], [], 0, set()
    for _, text, unplaced in read:
        words = " ".join(text.split())
        if words in seen:  # a copy of a document read already (the exhibit as text and again in HTML <pre>)
            continue
        seen.add(words)
        parts.append(text)
        lines += [(first + at, last + at, why) for first, last, why in unplaced]
        at += text.count("\n") + 2  # "\n\n" between documents
    return "\n\n".join(parts), tuple(lines), said


_Read = tuple[_Document, str, Lines]


def _others_apart(read: list[_Read]) -> tuple[list[_Read], tuple[str, ...]]:
    """The documents without each exhibit that first says it is another kind of document (Computational
    Materials, a servicing report) where another document is the pool description: a hypothetical pool's tables
    read as the deal's failed against its pool. A submission of such exhibits only is refused as it was."""
    if not any(recognise.describes_a_pool(text) for _, text, _ in read):
        return read, ()
    kept, said = [], []
    for document, text, unplaced in read:
        why = None if document.kind.startswith("8-K") else recognise.other_document(text)
        if why is None:
            kept.append((document, text, unplaced))
        else:
            said.append(f"{document.named} is {why}: left out, not read as the deal's")
    return kept, tuple(said)


def _as_normalised(text: str, lines: Lines) -> Lines:
    """``lines`` of ``text`` as its normalised form numbers them: a line with text beside a form
    feed becomes several (``_form_feed_line``)."""
    if "\x0c" not in text or not lines:
        return lines
    grown = [_form_feed_line(line).count("\n") if "\x0c" in line else 0 for line in text.split("\n")]
    before = list(itertools.accumulate(grown, initial=0))  # lines added above each line
    return tuple((first + before[first], last + before[last + 1], why) for first, last, why in lines)


# --- text normalisation ----------------------------------------------------------

_PAGE_MARKER = re.compile(r"^\s*<PAGE>.*$", re.M | re.I)
_LAYOUT_TAG = re.compile(r"</?(?:TABLE|CAPTION|S|C|FN|F\d+|PRE|R)>", re.I)  # <R>, </R>: EDGAR's marks of revised text
_ESCAPED_RULE = re.compile(r"^- (?=-)", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f\u200b\ufeff]")


# Word processors' curly quotes and apostrophes ("&#147;pool I mortgage loans&#148;", "borrower's"
# as &#146;) as a typewriter's: every phrase the parser knows is written with the straight ones.
# Hyphens a word processor writes as characters of their own (U+2010, the non-breaking U+2011) are
# hyphens; characters that print nothing (a soft hyphen, zero-width spaces and joiners, direction
# marks, a byte order mark inside the text) are dropped: "mort&shy;gage" is "mortgage".
_PRINTS_NOTHING = dict.fromkeys([0x00AD, *range(0x200B, 0x2010), *range(0x202A, 0x202F), 0x2060, 0xFEFF])
# A no-break space a word processor sets after a thousands comma ("1,&nbsp;225") keeps the figure whole: read as
# a space, the figure was two ("$54" the minimum balance). Never a list's next item, as ``_HtmlText._figure_joined``
# tells one: "663,&nbsp;154,&nbsp;153 and 970" in a text set wholly in no-break spaces; ordinary spaces always part.
_NO_BREAK_IN_A_FIGURE = re.compile(r"(?<=\d,)[\xa0\u202f](?=\d{3}(?!\d))")
_LOOKED_BACK = 40  # characters: the longest figure cut at the comma
_LIST_LOOKED_AHEAD = 200  # characters: a list of figures to its "and" (a hostile run of them read in linear time)


def figure_unbroken(text: str) -> str:
    """``text`` with each figure a no-break space after its thousands comma broke made whole again."""
    if "," not in text or _NO_BREAK_IN_A_FIGURE.search(text) is None:
        return text
    out, at, before = [], 0, ""  # ``before``: the last characters out, its figures made whole
    for match in _NO_BREAK_IN_A_FIGURE.finditer(text):
        piece = text[at : match.start()]
        piece += match[0] if _a_lists_item_next((before + piece)[-_LOOKED_BACK:], match) else ""
        out.append(piece)
        before, at = (before + piece)[-_LOOKED_BACK:], match.end()
    return "".join(out) + text[at:]


def _a_lists_item_next(before: str, match: re.Match[str]) -> bool:
    """Whether the digits after a comma's no-break space are a list's next item after a bare number."""
    cut = _FIGURE_CUT.search(before)
    ahead = match.end() + _LIST_LOOKED_AHEAD
    return bool(cut and not (cut.group(1) or cut.group(2)) and _A_WHOLE_LIST.match(match.string, match.end(), ahead))


_TYPOGRAPHERS_QUOTES = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2010": "-", "\u2011": "-"} | _PRINTS_NOTHING
)


# A rule a word processor draws in its dashes, or a converter in box-drawing lines ("\u2014\u2014\u2014\u2014",
# "\u2500\u2500\u2500\u2500"): a typewriter's rule of hyphens, one for one, so that the columns it marks stay where they are.
# Read as words, the matrix's rules ran into its labels ("65.00% and below \u2014\u2014\u2014\u2014") and its checks against
# the LTV table were lost, unsaid. Four at least: up to three dashes are a zero in a table's cell (``tables._DASH``).
_DRAWN_RULE = re.compile(r"[\u2012-\u2015\u2212\u2500\u2501]{4,}")


# A certificate class's name set with an en dash ("B\u20131", "IA\u20131"): its hyphen, as in "B-1".
_CLASS_NAME_DASH = re.compile(r"\b((?:\d{1,2}[-\u2013]?)?[A-Z]{1,3})\u2013(\d{1,2})\b")


# A range set with an en dash, as a word processor sets it ("5.250% \u2013 5.500%", "$150,000\u2013$199,999"): with
# a hyphen, as a typewriter's filing writes it, so that a bucket has one label in every filing (the diff and the
# shelf match buckets by their labels).
_RANGE_EN_DASH = re.compile(r"(?<=[\d%])(\s?)\u2013(?=\s?\$?\d)")


# "64.5 per cent", "Per Cent of Pool" (older filings) as "percent", the word every phrase the parser knows uses;
# set one column to the right ("64.5  percent"), so the line keeps its width and a heading its columns' ends.
_PER_CENT = re.compile(r"\b(per) (cent)\b", re.I)


def _percent(match: re.Match[str]) -> str:
    word = match[1] + match[2]
    return " " + (word if word.isupper() else word[0] + word[1:].lower())


# "5.843 pct." (a typist's short form) as "5.843%", padded to its width: the stop kept only where a sentence ends
# there (a capital, or the paragraph's end, follows), as "pct." in mid-sentence ends none. Unread, the WAC was
# said stated "only for other loans".
_PCT = re.compile(r"(?<=\d)( ?)(?:pct|PCT|Pct)(\.?)(?![A-Za-z])")


def _pct(match: re.Match[str]) -> str:
    return ("%." if match[2] and _ends_a_sentence(match) else "%").ljust(len(match[0]))


def _ends_a_sentence(match: re.Match[str]) -> bool:
    """What follows a stop ends its sentence: a capital, or nothing more in its paragraph."""
    after = match.string[match.end() : match.end() + 80].lstrip(" \t")
    if after.startswith("\n"):
        after = "" if after[1:].lstrip(" \t").startswith("\n") else after[1:].lstrip(" \t")
    return not after or after[:1].isupper()


def normalise_text(text: str) -> str:
    """One plain-text form: LF line ends, no tabs, page markers and SGML tags blanked."""
    return normalise_with_pages(text)[0]


def normalise_with_pages(text: str) -> tuple[str, tuple[int, ...]]:
    """``normalise_text``, and the (0-based) lines that were page breaks.

    A form feed is a page break like <PAGE>: a line holding only form feeds becomes
    one marker line, so the text keeps the file's line numbering.
    """
    text = _CLASS_NAME_DASH.sub(
        lambda m: f"{m[1].replace(chr(0x2013), '-')}-{m[2]}",
        figure_unbroken(text).replace("\u00a0", " ").translate(_TYPOGRAPHERS_QUOTES),
    )
    text = _RANGE_EN_DASH.sub(r"\1-", text)
    text = _DRAWN_RULE.sub(lambda m: "-" * len(m[0]), text)
    text = _PER_CENT.sub(_percent, text)
    if "pct" in text.lower():
        text = _PCT.sub(_pct, text)
    if "\x0c" in text:
        text = "\n".join(_form_feed_line(line) if "\x0c" in line else line for line in text.split("\n"))
    text = _CONTROL.sub(" ", text)
    lines = text.split("\n")
    if "\t" in text:
        lines = _tab_cells_laid_out(lines)
    lines = [line.expandtabs(8).rstrip() for line in lines]
    page_breaks = tuple(i for i, line in enumerate(lines) if _PAGE_MARKER.match(line))
    for i in page_breaks:
        lines[i] = ""
    text = "\n".join(lines)
    # Blank out layout tags with spaces of the same width, so columns stay aligned.
    text = _LAYOUT_TAG.sub(lambda m: " " * len(m.group(0)), text)
    # EDGAR escapes a line that starts with "-" by prefixing "- ".
    text = _ESCAPED_RULE.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")), page_breaks


# A table a word processor wrote out with one tab between cells, its tab stops its own: expanded every 8
# columns, a cell wider than a stop pushes the cells after it a stop right, and a heading stands over another
# column than its figures ("Number" over the labels, "65.001%-" over the first LTV column). A block of such
# lines (each of two cells or more, its tabs single and never beside a space) is laid out as its cells: each
# column as wide as its widest cell, the first set left, the others right, as figures are. A block with a line
# a typist aligned by tab stops (tabs doubled, or beside spaces) is left to the stops, every line of it.
_CELL_GAP = 3  # lines of no cells (blank, a rule or a tag of its own, a title) within one table's block
_COLUMN_GAP = "   "
_TAB_GAP = re.compile(r" *\t[\t ]*")


def _cells(line: str) -> list[str] | None:
    """A line's cells where it is a line of a table of tab-separated cells: two or more, none empty but the
    first; None for any other line (no tab, one cell, a tab doubled or set beside a space)."""
    if "\t" not in line or "\t\t" in line or " \t" in line or "\t " in line:
        return None
    cells = line.split("\t")
    return cells if len(cells) >= 2 and all(cells[1:]) and len([c for c in cells if c]) >= 2 else None


def _a_sentence(line: str) -> bool:
    """A line of prose a tab sets in ("*<tab>Multi-family dwellings are 2-family, ..."): no table's line."""
    return any(
        len(piece.split()) >= 8 or (piece.endswith(".") and len(piece.split()) >= 4) for piece in line.split("\t")
    )


def _set_to_tab_stops(line: str) -> bool:
    """A line of two pieces or more that tabs set apart, not as cells: aligned by the stops every 8 columns."""
    return "\t" in line and _cells(line) is None and len([p for p in _TAB_GAP.split(line.strip()) if p]) >= 2


def _tab_cells_laid_out(lines: list[str]) -> list[str]:
    """``lines`` with each block of tab-separated cells (``_cells``) laid out in columns of spaces."""
    out = list(lines)
    block: dict[int, list[str]] = {}
    last, to_stops = -1, False
    for index, line in enumerate(lines):
        if index - last > _CELL_GAP:
            _lay_out({} if to_stops else block, out)
            block, to_stops = {}, False
        if "\t" not in line or _a_sentence(line):
            continue
        if (cells := _cells(line)) is not None:
            block[index], last = cells, index
        elif _set_to_tab_stops(line):
            to_stops, last = True, index
    _lay_out({} if to_stops else block, out)
    return out


def _lay_out(block: dict[int, list[str]], out: list[str]) -> None:
    if len(block) < 2:
        return  # one line alone: no columns to align
    widths: list[int] = []
    for cells in block.values():
        widths += [0] * (len(cells) - len(widths))
        widths = [max(width, len(cell)) for width, cell in zip(widths, [*cells, *[""] * len(widths)])]
    for index, cells in block.items():
        first, *others = cells
        out[index] = _COLUMN_GAP.join(
            [first.ljust(widths[0]), *(cell.rjust(width) for cell, width in zip(others, widths[1:]))]
        )


def _form_feed_line(line: str) -> str:
    pieces = [piece for piece in line.split("\x0c")]
    if not "".join(pieces).strip():
        return "<PAGE>"
    return "\n<PAGE>\n".join(pieces)
