"""Page furniture: what printing on pages adds to a filing, found so the text can be read through it.

At each page break a printed filing carries things that belong to the page, not to
the table or the sentence they interrupt: the <PAGE> marker (blanked by ``ingest``),
a page number, a running head or foot repeated on every page, and footnotes at the
foot of the page. Tables and prose are read with these set aside, so a table or a
sentence that runs on over a page break is read as one. Everything here is one
linear pass over the lines.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from reporting.model.table_kinds import TableKind, classify_table
from reporting.read.dates import DATE_PATTERN

# "3", "- 3 -", "Page 3", "Page 3 of 12": a line that is only a page number.
# Front matter numbers its pages in lower-case Roman numerals: "ii", "- iv -".
_PAGE_NUMBER = re.compile(
    r"^\s*(?:-\s*(?:\d{1,3}|[ivxl]{1,6})\s*-|\(?\d{1,3}\)?|(?-i:[ivxl]{1,6})|page\s+\d{1,3}(?:\s+of\s+\d{1,3})?)\s*$",
    re.I,
)
_NUMBER_STARTS = frozenset("0123456789-(Ppivxl")
_CONTINUED = re.compile(r"\(\s*(?:continued|cont['\u2019]?d\.?|cont\.)\s*\)|\bcontinued\s*$", re.I)
_FOOTNOTE_RULE = re.compile(r"^\s*[-_]{3,40}\s*$")
_FOOTNOTE_START = re.compile(r"^\s*(?:\d{1,2}|\*{1,3}|[\u2020\u2021]{1,2}|\(\d{1,2}\)|\([a-z]\))\s+\S")
# A bare page number (no <PAGE> marker beside it) is set well in from the margin,
# and stands between blank lines unless it is set in far (centred or to the right).
BARE_NUMBER_INDENT = 10
FAR_NUMBER_INDENT = 20
# A table's column header repeated on a new page is the table's own, never a running head.
_HEADER_WORDS = re.compile(r"\b(?:number\s+of|balances?|principal|percent|aggregate)\b", re.I)
# Words a Title Case title or head leaves in small letters.
SMALL_WORDS = frozenset("a an and as at by for from in of on or per the to with".split())
MAX_RUNNING_HEAD = 70  # characters: a running head is one short line
MAX_WIDE_HEAD = 100  # ... or, in Title Case, the width of a page (word processors set it at the margin)
RUNNING_HEAD_INDENT = 4  # set in from the margin (prose runs from it)
RUNNING_LINES = 2  # a running head is among the first two lines of a page
_COLUMN_GAP = re.compile(r"\S {3,}\S")
_ENDS_IN_FIGURE = re.compile(r"(?:^|\s)\$?\d[\d,]*(?:\.\d+)?%?$")


@dataclass(frozen=True)
class Furniture:
    """Lines of a filing's text that belong to its pages, by 0-based line index."""

    lines: frozenset[int]  # markers, page numbers, running heads and feet: not text at all
    breaks: frozenset[int]  # the lines where a page ends: markers and bare page numbers


def find_furniture(lines: list[str], page_breaks: tuple[int, ...], keep: frozenset[int] = frozenset()) -> Furniture:
    """Page markers, page numbers and repeated running heads; ``keep`` lines are never furniture."""
    breaks = set(page_breaks)
    furniture = set(page_breaks)
    beside = {index: (*_text_lines(lines, index, -1, 2), *_text_lines(lines, index, 1, 2)) for index in page_breaks}
    recurring = _recurring_feet(lines, beside)
    for near in sorted({near for found in beside.values() for near in found} - keep):
        if (
            _is_page_number(lines[near], BARE_NUMBER_INDENT)
            or _is_page_number_at_the_margin(lines, near)
            or _is_a_foot_with_its_page_number(lines, near, recurring)
        ):
            furniture.add(near)
    for index in range(len(lines)):
        if index not in furniture and index not in keep and _is_bare_page_number(lines, index):
            furniture.add(index)
            breaks.add(index)
    furniture |= _running_lines(lines, sorted(breaks), furniture, keep)
    furniture |= _the_deals_head_over_rows(lines, sorted(breaks), furniture, keep)
    furniture |= _one_page_heads_inside_a_table(lines, sorted(breaks), furniture, keep)
    return Furniture(frozenset(furniture), frozenset(breaks))


_HEAD_OVER_ROWS = 4  # lines: the issuer, the series, the date, a rule under them


def _the_deals_head_over_rows(
    lines: list[str], breaks: list[int], furniture: set[int], keep: frozenset[int]
) -> set[int]:
    """The head of a page a table's rows go on over: lines naming the deal or its issuer ("Citicorp Mortgage
    Securities, Inc." / "CMSI 2004-3"), a date and a rule under them, where a row of figures ends the page before
    or starts this one, even on one page only. Read as text, the head titled the rows below it a table of their
    own, with the table's Total, or went into a row's label ("Condominium Units (one to four CITICORP ...")."""
    found: set[int] = set()
    for index in breaks:
        near = [i for i in _text_lines(lines, index, 1, _HEAD_OVER_ROWS + 1) if i not in keep]
        head = list(itertools.takewhile(lambda i: _a_line_of_the_deals_head(lines[i]), near))
        under = near[len(head)] if len(near) > len(head) else None
        above = _text_lines(lines, index, -1, 1, furniture)
        in_a_table = any(_ENDS_IN_FIGURE.search(lines[i].rstrip()) for i in (*above, *([under] if under else [])))
        if in_a_table and any(THE_DEAL_OR_ITS_ISSUER_ALONE.match(lines[i]) for i in head):
            found |= set(head)
    return found


_HEAD_LINES_INSIDE_A_TABLE = (
    3  # lines: a head of a page's own ("Citigroup Global Markets Inc." / "Collateral Term Sheet")
)
HEADINGS_REACH = 300  # lines: a table's headings stand this near its page break at most (60 rows, spaced)


def _one_page_heads_inside_a_table(
    lines: list[str], breaks: list[int], furniture: set[int], keep: frozenset[int]
) -> set[int]:
    """A head set on one page only, where a table's rows go on over its break: the lines between the break
    and the table's own headings repeated, or between a row ending the page before and a row starting this
    one, the head centred on its page. A head recurring on most pages is found as a running head; one
    seen once ("PRELIMINARY - SUBJECT TO COMPLETION", "Computational Materials") was read as the title of
    a table of its own, which took the rows on from there and left the table before it without its Total."""
    headings_at = _column_lines(lines)
    found: set[int] = set()
    for index in breaks:
        above = _text_lines(lines, index, -1, 1, furniture)
        if not above or not _a_row_before_the_total(lines[above[0]]):
            continue  # no table goes on over this break
        near = _text_lines(lines, index, 1, _HEAD_LINES_INSIDE_A_TABLE + _HEADING_LINES, furniture)
        head = list(itertools.takewhile(lambda i: i not in keep and _may_be_a_pages_own_head(lines, i), near))
        if not head or len(head) == len(near) or len(head) > _HEAD_LINES_INSIDE_A_TABLE:
            continue
        under = near[len(head)]
        repeated = _the_headings_repeated(lines, under, index, headings_at)
        a_row = _ENDS_IN_FIGURE.search(lines[under].rstrip()) and all(_centred(lines[i]) for i in head)
        if repeated or a_row:
            found |= set(head)
    return found


_HEADING_LINES = 4  # lines: a table's headings, two or three lines and the column rule under them


def _a_row_before_the_total(line: str) -> bool:
    """A row of figures that is not the Total's: a page the Total ends has no table open over its break."""
    return bool(_ENDS_IN_FIGURE.search(line.rstrip())) and not line.lstrip().lower().startswith("total")


def _the_headings_repeated(lines: list[str], start: int, page_break: int, headings_at: dict[str, list[int]]) -> bool:
    """Whether the headings at ``start`` (up to the table's first row) are, line for line, those of a table
    above the page break: the open table's, repeated on its new page. Every line must match: the tables of
    a filing often share their headings' first line ("Number of    Aggregate Principal")."""
    block = list(
        itertools.takewhile(
            lambda i: not _ENDS_IN_FIGURE.search(lines[i].rstrip()), _text_lines(lines, start - 1, 1, _HEADING_LINES)
        )
    )
    for first in headings_at.get(_squeezed(lines[start]), ()):
        if page_break - HEADINGS_REACH <= first < page_break:
            earlier = _text_lines(lines, first - 1, 1, len(block))
            if [_squeezed(lines[i]) for i in earlier] == [_squeezed(lines[i]) for i in block]:
                return True
    return False


def _may_be_a_pages_own_head(lines: list[str], index: int) -> bool:
    """A short line of words, no piece of a sentence ("Citigroup Global Markets Inc." ends in a point all the
    same), that names no kind of table: a table's title repeated ("SIZE OF MORTGAGE LOANS (continued)") stays
    the table's."""
    text = lines[index].strip()
    return (
        sum(c.isalpha() for c in text) >= 3
        and len(text) <= MAX_WIDE_HEAD
        and _COLUMN_GAP.search(text) is None
        and not _HEADER_WORDS.search(text)
        and not _ENDS_IN_FIGURE.search(text)
        and not _a_piece_of_a_sentence(text)
        and classify_table(text) is TableKind.OTHER
    )


def _column_lines(lines: list[str]) -> dict[str, list[int]]:
    """Lines set in columns (a table's headings among them), by their words, with where each stands."""
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        if _COLUMN_GAP.search(line.strip()) and not _ENDS_IN_FIGURE.search(line.rstrip()):
            found.setdefault(_squeezed(line), []).append(index)
    return found


def _squeezed(line: str) -> str:
    return " ".join(line.split())


# Set in this far, a line between two rows is a head centred on its page: a row's label continued on a new
# page ("   Stories High)") is set in a few columns at most.
CENTRED_INDENT = 10


def _centred(line: str) -> bool:
    return len(line) - len(line.lstrip()) >= CENTRED_INDENT


def _a_line_of_the_deals_head(line: str) -> bool:
    text = line.strip()
    return bool(THE_DEAL_OR_ITS_ISSUER_ALONE.match(text) or DATE_PATTERN.fullmatch(text) or _FOOTNOTE_RULE.match(text))


# Page furniture stands next to its page break, past a few blank lines: looking no further keeps
# a filing of ten thousand page breaks in a row from being walked ten thousand times.
FURNITURE_REACH = 20  # lines


def _text_lines(lines: list[str], start: int, step: int, count: int, skip: frozenset[int] | set[int] = frozenset()):
    """Up to ``count`` non-blank lines from ``start`` (exclusive) in direction ``step``, within
    ``FURNITURE_REACH`` lines of it."""
    found = []
    i = start + step
    while 0 <= i < len(lines) and len(found) < count and abs(i - start) <= FURNITURE_REACH:
        if lines[i].strip() and i not in skip:
            found.append(i)
        i += step
    return found


def looks_like_a_page_number(text: str) -> bool:
    """ "3", "- 3 -", "Page 3", "Page 3 of 12", and nothing else."""
    return _PAGE_NUMBER.match(text) is not None


def _is_page_number(line: str, indent: int) -> bool:
    """A page number set in at least ``indent`` columns: at the margin, a figure is a label's ("620" / "to 649")."""
    text = line.lstrip()
    if text[:1] not in _NUMBER_STARTS or len(line) - len(text) < indent:
        return False  # most lines: decided without a pattern
    return _PAGE_NUMBER.match(line) is not None


# A running head or foot that ends in its page's number, apart from its words: "CMSI Series 2004-3     Page 2",
# "CMSI 2004-8  Page 3", "CMSI 2004-8 Page 3" ("- 2 -" three spaces off or more; a sentence that ends "on
# page 3" says "page" in small letters, one space off). Its words hold no wide gap (a table's row does,
# between its label and figures), and pages start at 1.
_FOOT_WITH_NUMBER = re.compile(
    r"^\s*(?P<words>\S(?:\S| {1,2}\S)*?)(?: {2,}(?i:page)| (?:Page|PAGE))\s+[1-9]\d{0,2}\s*$"
    r"|^\s*(?P<words2>\S(?:\S| {1,2}\S)*) {3,}-\s*[1-9]\d{0,2}\s*-\s*$"
)


def _foot_words(line: str) -> str | None:
    """The words of a line shaped as a running foot with its page's number ("CMSI 2004-8" of "CMSI 2004-8  Page 3")."""
    match = _FOOT_WITH_NUMBER.match(line) if len(line) <= 100 else None
    words = match and (match.group("words") or match.group("words2"))
    return words if words and any(c.isalpha() for c in words) else None


def _recurring_feet(lines: list[str], beside: dict[int, tuple[int, ...]]) -> frozenset[str]:
    """The words of feet shaped so that stand beside two page breaks or more (their figures aside): a running foot."""
    pages_with: Counter[str] = Counter()
    for found in beside.values():
        pages_with.update({_figures_aside(words) for i in found if (words := _foot_words(lines[i]))})
    return frozenset(words for words, pages in pages_with.items() if pages >= 2)


def _figures_aside(words: str) -> str:
    return re.sub(r"\d+", "#", " ".join(words.lower().split()))


def _is_a_foot_with_its_page_number(lines: list[str], index: int, recurring: frozenset[str]) -> bool:
    """A line shaped as a running foot ("CMSI 2004-8  Page 3"): one, unless it is a piece of a paragraph that
    happens to end so ("... as described on Page 3") and no other page has the like."""
    words = _foot_words(lines[index])
    if words is None:
        return False
    return _figures_aside(words) in recurring or not (_a_piece_of_a_sentence(words) and _in_a_paragraph(lines, index))


# A sentence's words in small letters ("were", "as", "described", "on"): a running foot names the
# filing, its series and its issuer, in capitals or Title Case.
_SMALL_WORD = re.compile(r"(?<![\w.'-])[a-z]{2,}\b")
SENTENCE_WORDS = 2  # small words that make a line a piece of a sentence


def _a_piece_of_a_sentence(words: str) -> bool:
    return words[:1].islower() or len(_SMALL_WORD.findall(words)) >= SENTENCE_WORDS


def _in_a_paragraph(lines: list[str], index: int) -> bool:
    """A line with a line of prose right above or below it, no blank line between: a running foot stands alone."""
    return any(0 <= i < len(lines) and _a_line_of_prose(lines[i]) for i in (index - 1, index + 1))


def _a_line_of_prose(line: str) -> bool:
    """Words, single-spaced (a table's row has wide gaps between its columns), and no page number."""
    text = line.strip()
    return (
        len(re.findall(r"[A-Za-z]{2,}", text)) >= 3
        and _COLUMN_GAP.search(text) is None
        and _PAGE_NUMBER.match(text) is None
    )


def _is_page_number_at_the_margin(lines: list[str], index: int) -> bool:
    """A page number beside a page break, at the margin, as HTML sets a centred paragraph: "- 3 -"
    or "Page 3"; a bare "3" only between blank lines and away from a table's rows of figures."""
    line = lines[index]
    if _PAGE_NUMBER.match(line) is None:
        return False
    if not line.strip()[:1].isdigit() and not line.strip().startswith("("):
        return True  # "- 3 -", "Page 3"
    neighbours = (*_text_lines(lines, index, -1, 1), *_text_lines(lines, index, 1, 1))
    apart = all(not lines[i].strip() for i in (index - 1, index + 1) if 0 <= i < len(lines))
    return apart and not any(_ENDS_IN_FIGURE.search(lines[i].rstrip()) for i in neighbours)


def _is_bare_page_number(lines: list[str], index: int) -> bool:
    line = lines[index]
    indent = len(line) - len(line.lstrip())
    if not _is_page_number(line, BARE_NUMBER_INDENT):
        return False
    above = index == 0 or not lines[index - 1].strip()
    below = index + 1 >= len(lines) or not lines[index + 1].strip()
    return (above and below) or indent >= FAR_NUMBER_INDENT


def _running_lines(lines: list[str], breaks: list[int], furniture: set[int], keep: frozenset[int]) -> set[int]:
    """Lines at the top of a page that recur at the top of most pages, or say "(continued)".

    Only a short, set-in line of words qualifies: never a rule, a table's column
    header, a row of figures or a piece of a sentence (prose runs from the margin),
    nor a table's title (the line under it is a column header). A title that starts
    a page in each pool's section recurs too, but not on most pages as a running head does.
    Found so, a running head is one on the page where a table's headings come under it too,
    unless its words name a kind of table.
    """
    tops: dict[int, list[int]] = {}
    over_headings: list[int] = []
    for index in breaks:
        near = [i for i in _text_lines(lines, index, 1, RUNNING_LINES, furniture) if i not in keep]
        tops[index] = [i for i in near if _may_be_running_head(lines, i)]
        over_headings += [
            i for i in near if i not in tops[index] and _may_be_running_head(lines, i, over_headings=True)
        ]
    pages_with = Counter(text for near in tops.values() for text in {lines[i].strip() for i in near})
    enough = max(2, (len(breaks) + 1) // 2)
    return {
        i
        for near in tops.values()
        for i in near
        if pages_with[lines[i].strip()] >= enough
        or (i == near[0] and _CONTINUED.search(lines[i]) and not _a_titles_first_line(lines, i))
    } | {
        i
        for i in over_headings
        if (pages_with[lines[i].strip()] >= enough or THE_DEAL_OR_ITS_ISSUER_ALONE.match(lines[i]))
        and classify_table(lines[i].strip()) is TableKind.OTHER
    }


def _a_titles_first_line(lines: list[str], index: int) -> bool:
    """A table's title repeated over two lines with "(continued)" on its first ("GEOGRAPHIC DISTRIBUTION OF
    (CONTINUED)" over "MORTGAGED PROPERTIES BY STATE"): the two name a kind of table. Set aside as a page's
    head, the rest of the title was taken for another table's, and the table's first part lost its Total."""
    below = lines[index + 1] if index + 1 < len(lines) else ""
    letters = re.sub(r"[\W\d_]+", "", below)
    if len(letters) < 3 or sum(map(str.isupper, letters)) < 0.8 * len(letters):
        return False  # the line under it is no title's in capitals: a sentence, a rule, a blank
    return classify_table(f"{_CONTINUED.sub(' ', lines[index])} {below}".strip()) is not TableKind.OTHER


# A page's head that names the deal or its issuer and nothing else ("CMSI 2004-3", "REMIC Pass-Through
# Certificates, Series 2004-3", "Citicorp Mortgage Securities, Inc."): a running head even where set on one page
# only. Over a table's headings repeated on the page it is no table's title (which took the table's rows on from
# there as a table of its own); first on a page in a sentence the page breaks, no part of it (the prose's reader,
# ``narrative.text``: it ended the sentence at "Inc." and left its rest without its subject). (A head that names
# a pool as well, "Series 2004-8 Pool II Mortgage Loans", says whose rows follow: kept.)
THE_DEAL_OR_ITS_ISSUER_ALONE = re.compile(
    r"^\s*(?:(?:CMSI|Citicorp|Mortgage|Securities|Inc|REMIC|Pass-Through|Certificates|Series|Trust)[\s,.-]*)+"
    r"(?:19|20)\d\d\s*-\s*[0-9A-Z]{1,4}\s*$"
    r"|^\s*Citicorp\s+Mortgage\s+Securities,?\s+Inc\.?\s*$",
    re.I,
)


def _may_be_running_head(lines: list[str], index: int, over_headings: bool = False) -> bool:
    line = lines[index]
    text = line.strip()
    letters = sum(c.isalpha() for c in text)
    indent = len(line) - len(line.lstrip())
    below = _text_lines(lines, index, 1, 1)
    set_apart = indent >= RUNNING_HEAD_INDENT or text.isupper()
    # at the margin in Title Case: never a table's title repeated at the top of its pages
    word_processors = _in_title_case(text) and classify_table(text) is TableKind.OTHER
    return (
        letters >= 3
        and (len(text) <= MAX_RUNNING_HEAD or (len(text) <= MAX_WIDE_HEAD and word_processors))
        and (set_apart or word_processors)
        and (
            not text.endswith((".", ",", ";", ":")) or THE_DEAL_OR_ITS_ISSUER_ALONE.match(text) is not None
        )  # "..., Inc."
        and not _HEADER_WORDS.search(text)
        and not _ENDS_IN_FIGURE.search(text)
        and (over_headings or not (below and _is_column_header(lines[below[0]])))
    )


def _in_title_case(text: str) -> bool:
    """ "Citicorp Mortgage Securities, Inc. - REMIC Pass-Through Certificates, Series 2004-8": a head
    a word processor sets at the margin, every word capitalised but the small ones; never prose."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if w.lower() not in SMALL_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _is_column_header(line: str) -> bool:
    """A table's column header: its words, set in columns (prose has single spaces)."""
    return bool(_HEADER_WORDS.search(line)) and _COLUMN_GAP.search(line.strip()) is not None


def footnote_blocks(lines: list[tuple[int, str]], breaks: frozenset[int]) -> frozenset[int]:
    """Footnote blocks at the foot of a page, among ``lines`` (index, text) in reading order.

    A block is a short rule, then footnotes ("1   Terms used herein ...") and their
    indented continuation lines, up to a page break or the end. What follows the
    rule must all be footnotes: a rule with prose under it is not a footnote block.
    """
    found: set[int] = set()
    position = 0
    while position < len(lines):
        index, text = lines[position]
        if not _FOOTNOTE_RULE.match(text):
            position += 1
            continue
        block = [index]
        end = position + 1
        seen_note = False
        while end < len(lines):
            i, line = lines[end]
            if _page_break_between(breaks, block[-1], i):
                break
            if not line.strip():
                block.append(i)
            elif _FOOTNOTE_START.match(line):
                seen_note = True
                block.append(i)
            elif seen_note and line[:1].isspace():
                block.append(i)  # a footnote's indented continuation
            else:
                seen_note = False
                break
            end += 1
        if seen_note:
            found.update(block)
            position = end
        else:
            position += 1
    return frozenset(found)


def _page_break_between(breaks: frozenset[int], first: int, last: int) -> bool:
    """Whether a page breaks after line ``first`` and before line ``last`` (both 0-based)."""
    if last - first <= 1:
        return False
    if last - first < 64:
        return any(i in breaks for i in range(first + 1, last))
    return any(first < b < last for b in breaks)


def page_starts(furniture: Furniture, view: list[int]) -> frozenset[int]:
    """Where in ``view`` (the lines of the text kept, in order) each new page starts."""
    return frozenset(bisect.bisect_right(view, index) for index in furniture.breaks) - {0, len(view)}


def page_break_between(furniture: Furniture, first: int, last: int) -> bool:
    return _page_break_between(furniture.breaks, first, last)
