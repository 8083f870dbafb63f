"""Find the fixed-width tables of a filing by their layout, not by their titles.

A table is anchored on its Total line (a line that starts with "Total" and ends in
numbers). From there we walk up: data rows (a label, then as many right-hand
numbers as the Total line has), the column rule (dashes under the headers), the
header lines, and the title block above them. Labels that wrap onto a second
line are joined; a header repeated after a page break is skipped.

The result is a ``RawTable`` with text cells; ``parse`` turns it into the model.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.model.table_kinds import TableKind, classify_table
from reporting.read.dates import DATE_PATTERN
from reporting.read.pages import SMALL_WORDS, looks_like_a_page_number
from reporting.read.summary_lines import as_statement

# A figure; a minus sign or brackets make a negative one, which is read only to be refused (parse.py).
# HTML's "%" in a cell of its own follows the bracket: "(0)%". Some typists drop the zero before the
# point: ".36%" is 0.36%.
_FIGURE = r"(?<!\S)[-\u2212]?\(?(?:\$\s*)?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:\s?%)?(?:\)%?)?"
_NUMBER = _FIGURE + r"(?!\S)"
_NUMBER_TOKEN = re.compile(_NUMBER)
# A footnote's mark as the filing sets it after a figure or a name: "*", "**", "\u2020", "(1)"; after a
# figure "(a)" too (after a name, "A(x)", it may be the name's). Notes are numbered from 1: "(0)" is a zero.
_NOTES_NUMBER = r"[1-9]\d?"
_NAMES_MARK = rf"(?:\*{{1,3}}|[\u2020\u2021]{{1,2}}|\({_NOTES_NUMBER}\))"
_BRACKETED_MARK = rf"\((?:{_NOTES_NUMBER}|[a-z])\)"  # "(1)", "(a)"
NOTES_MARK = rf"(?:{_NAMES_MARK}|{_BRACKETED_MARK})"
# A figure with a footnote's mark glued to it: "296,923,131(1)", "1,225*", "$619,800,778**"; or a mark in
# brackets one space after it, "$619,800,778 (1)", "15,681,653 (a)" (figures in columns stand further apart;
# read as a figure, "(1)" was a negative one, and the row's figures slid a column). The figure is read;
# what the mark says goes with its row (``split_mark``).
_MARKED_NUMBER = rf"{_FIGURE}(?:(?P<glued>{NOTES_MARK})| (?P<apart>{_BRACKETED_MARK}))(?!\S)"
_GLUED_MARK_CHARS = ("*", "(", "\u2020", "\u2021")  # a line with none of them has no marked figure
# A footnote's mark standing for a figure, set apart in a figure's column ("0.36   *   2.98"): a share
# the footnote bounds ("* Less than 0.005%", ``marks_under_a_bound``). A label's own mark is glued to
# its words ("Dwellings*"); two spaces before it keep it there.
_MARK_CELL = r"\*{1,3}(?:\s?%)?"
_MARK = rf"(?<=\s\s){_MARK_CELL}(?!\S)"
# A dash set apart in a figure's column ("   -   ", "$ -") is a zero. Two spaces before
# it keep a range's dash ("5.250% - 5.500%") in the label. Only lines with a dash
# are scanned for it (most lines have none, and the scan is the table finder's hot spot).
# Older typists wrote a zero "-0-", or three dashes; a percent column's zero may keep its sign ("\u2014%").
_DASH = r"(?<=\s\s)(?:\$\s{0,3})?(?:-0-|[-\u2013\u2014]{1,3})(?:\s?%)?(?!\S)"
_MARKED_NUMBER_TOKEN = re.compile(_MARKED_NUMBER)
_DASHES = ("-", "\u2013", "\u2014")
_ZERO_DASH = re.compile(r"^\$?\s*(?:-0-|[-\u2013\u2014]{1,3})(?:\s?%)?$")
# A table's Total line: "Total", "TOTALS:", "Pool Total", or "All Loans" / "All Mortgage Loans" /
# "Aggregate" set at the left margin, where labels stand (indented, "All loans" heads a matrix's
# column), with nothing but figures after it (prose also starts "all mortgage loans (before ...",
# a row "All loans in other states").
_TOTAL_LINE = re.compile(
    r"^(?:\s*(?:grand\s+|pool\s+)?totals?\b|(?:all\s+(?:the\s+)?(?:mortgage\s+)?loans|aggregate)\s*:?(?=[\s$\d,.%()-]*$))"
    r"\s*:?",
    re.I,
)
# A rule line holds only spaces and rule characters, with a run of three or more.
# It is tested in two linear steps: one pattern saying both, "^[\s=_-]*[-=_]{3,}[\s=_-]*$",
# backtracks cubically on a long run of dashes that ends in a letter.
_RULE_CHARS = re.compile(r"[\s=_-]*")
_RULE_RUN = re.compile(r"[-=_]{3}")
_DOUBLE_RULE_CHARS = re.compile(r"[\s=]*")
_DASH_GROUP = re.compile(r"[-_=]{2,}")
_HEADER_WORDS = re.compile(r"\b(number|loans|balances?|principal|percent|amount|aggregate)\b|%", re.I)
# "(continued)", "(cont'd)", "(Contd.)", "(Cont.)": "cont" only with its stop, never a word of its own
_CONTINUED = re.compile(r"\(?\b(?:continued\b|cont['\u2019]?d\b|cont\.)\.?\)?", re.I)
# Older filings lead the eye from label to figures with dots: "California.......  3"; a word
# processor's may be ellipses ("California ……"), three dots each.
# Cut with a loop: the pattern "(?:\s*\.){3,}\s*$" backtracks quadratically on spaces.
_LEADER_CHARS = frozenset(". \t\u2003\u2026")


def _without_dot_leader(label: str) -> str:
    """The label without the run of dots (and spaces) that leads from it to its figures: three dots or more,
    or fewer set apart from the label by a space ("high) ."; the label's own stop stays: "Co.", "U.S.")."""
    end = len(label)
    while end and (label[end - 1] in _LEADER_CHARS or label[end - 1].isspace()):
        end -= 1
    if label.count(".", end) + 3 * label.count("\u2026", end) >= 3:
        return label[:end]
    leader = label[end:].rstrip()
    apart = len(leader) - len(leader.lstrip(".")) if leader[:1] == "." else 0  # the label's own dots, glued
    rest = leader[apart:]
    return label[: end + apart] if "." in rest and rest[:1].isspace() else label


_POOL_NAME = re.compile(rf"\b{POOL_WORD}\s+({POOL_NAME})\b", re.I)
_ALL_LOANS_LINE = re.compile(r"\(?\s*all\s+(?:the\s+)?mortgage\s+loans\s*\)?", re.I)  # a line of its own

MAX_HEADER_LINES = 4
MAX_LOOKUP_LINES = 12


@dataclass
class Span:
    start: int
    end: int

    def overlap(self, other: Span) -> int:
        return max(0, min(self.end, other.end) - max(self.start, other.start))


@dataclass
class RawRow:
    label: str
    values: list[str]
    lines: list[int] = field(default_factory=list)  # the figures' line first, then the label's other lines
    warnings: list[str] = field(default_factory=list)
    marks: dict[int, str] = field(default_factory=dict)  # a footnote's mark glued to a figure, by its column


@dataclass
class _Line:
    """A line of a table's body: a data row ("D") or a line of label text ("T")."""

    index: int
    kind: str
    label: str
    values: list[str] = field(default_factory=list)
    marks: dict[int, str] = field(default_factory=dict)  # a footnote's mark glued to a figure, by its column


def _figures_and_marks(tokens: list[re.Match[str]]) -> tuple[list[str], dict[int, str]]:
    """A line's figures, each without the footnote's mark glued to it, and those marks by column."""
    split = [split_mark(token.group(0)) for token in tokens]
    return [figure for figure, _ in split], {k: mark for k, (_, mark) in enumerate(split) if mark}


@dataclass
class RawTable:
    title: str
    pool_hint: str | None
    label_header: str
    super_header: list[str]  # header lines above the column headers, e.g. "FICO score  Loan-to-value ratio"
    column_headers: list[str]  # one per value column
    rows: list[RawRow]
    total: list[str]
    footnotes: list[str]
    first_line: int  # line range the table covers in the text, for prose extraction
    last_line: int
    notes: list[str] = field(default_factory=list)
    heading_lines: list[str] = field(default_factory=list)  # the column headings' lines, as the filing sets them
    body_first: int = 0  # the first line of rows (below the headers)
    total_line: int = 0
    groups: list[list[_Line]] = field(default_factory=list)  # body lines between blank lines, before rows are made
    warnings: list[str] = field(default_factory=list)  # e.g. a label line with no figures, not read as a row
    rows_go_on: bool = False  # each row's figures go on in the line under it: a table wider than the page, wrapped
    columns_go_on: bool = False  # its other columns go on in a block under it, with no labels: which row is whose?
    beside_another: bool = False  # another table's figures stand in its lines' labels: two tables side by side
    total_marks: dict[int, str] = field(default_factory=dict)  # a footnote's mark glued to a Total's figure
    # False for a table whose rows end with no Total line (``total`` is then empty, ``total_line`` its last row's)
    has_total: bool = True
    width: int = 0  # the figures a row has: one for each column of figures
    # lines under the Total stating a figure of its loans ("Minimum note rate:  5.250%"): the prose's to read
    statistics: list[int] = field(default_factory=list)
    grouped_by_spaces: str = ""  # a Total line's figure grouped in threes by spaces ("619 800 778"), if any


_DATE_AT_END = re.compile(rf"(?:{DATE_PATTERN.pattern})\s*\)?\s*$", re.I)  # "... (as of May 1, 2004)" too

# --- line classification ---------------------------------------------------------


def trailing_numbers(line: str) -> list[re.Match[str]]:
    """The numbers that end a line, left to right (a label may contain numbers too); none for a
    line ending in a date ("Balances Outstanding as of May 1, 2004" is a heading, not figures)."""
    return list(_trailing_numbers(line))


_LONGEST_DATE = 40  # characters: "the 30th day of September, 2004"


# The table finder asks of a line again and again as it walks up and down over it: a line of a
# hundred thousand characters was scanned each time (a 380 KB cell took 23 s).
@functools.lru_cache(maxsize=1024)
def _trailing_numbers(line: str) -> tuple[re.Match[str], ...]:
    if line.rstrip(") \t")[-1:].isdigit() and _DATE_AT_END.search(line, max(0, len(line.rstrip()) - _LONGEST_DATE)):
        return ()
    tokens = list(_figure_pattern(line).finditer(line))
    chain: list[re.Match[str]] = []
    end = len(line.rstrip())
    for token in reversed(tokens):
        if line[token.end() : end].strip():
            break
        chain.append(token)
        end = token.start()
    if any(is_mark(t.group(0)) for t in chain) and not any(c.isdigit() for t in chain for c in t.group(0)):
        return ()  # marks with no figure beside them ("Manufactured Homes   *   *"): no figures stated
    return tuple(reversed(chain))


def _figure_pattern(line: str) -> re.Pattern[str]:
    """The figures a line may hold: dashes, marks and marked figures are scanned for only where it has
    some (most lines have none, and the scan is the table finder's hot spot)."""
    return _figures_with(any(d in line for d in _DASHES), "*" in line, any(c in line for c in _GLUED_MARK_CHARS))


@functools.cache
def _figures_with(dashes: bool, marks: bool, glued: bool) -> re.Pattern[str]:
    """A pattern for a figure, and a dash, a mark alone or a marked figure as asked."""
    kinds = [_MARKED_NUMBER] * glued + [_NUMBER] + [_DASH] * dashes + [_MARK] * marks
    return re.compile("|".join(kinds))


def split_mark(token: str) -> tuple[str, str | None]:
    """A figure's cell as its figure and the footnote's mark glued to it: "1,225*" -> ("1,225", "*"),
    "1,225 (1)" -> ("1,225", "(1)");
    a cell with no mark glued to a figure (a figure, a dash, a mark alone) as it is, with None."""
    match = _MARKED_NUMBER_TOKEN.fullmatch(token)
    if match is None:
        return token, None
    mark = "glued" if match.group("glued") else "apart"
    return token[: match.start(mark)].rstrip(), match.group(mark)


# A table's row or heading set between bars: "| 2003 |   73 | $ 34,980,358 |"; a border: "+------+----+", "|----|".
_BORDERED = re.compile(r"^\s*\|.*\|\s*$")
_BORDER = re.compile(r"^[\s|+=_-]*[-=_]{3}[\s|+=_-]*$")


def without_borders(line: str) -> str:
    """A line of a table drawn with bars and corners, each bar and corner a space, the columns where they were:
    its rows ended in a bar, no figure, and the table was lost with nothing said. A bar inside a line not set
    between bars (two tables side by side) stays, and a "+" in a label ("800+") too."""
    if _BORDER.match(line):
        return line.replace("|", " ").replace("+", " ")
    return line.replace("|", " ") if _BORDERED.match(line) else line


def is_rule(line: str) -> bool:
    return _RULE_CHARS.fullmatch(line) is not None and _RULE_RUN.search(line) is not None


def is_double_rule(line: str) -> bool:
    return _DOUBLE_RULE_CHARS.fullmatch(line) is not None and "===" in line


def is_total_line(line: str) -> bool:
    """A table's Total line ("Total", "TOTALS:", "All Loans" at the labels' margin)."""
    return _TOTAL_LINE.match(line) is not None


def is_blank(line: str) -> bool:
    return not line.strip()


def is_figure(text: str) -> bool:
    """A cell that is one figure: "$481,546,830.00", "6.000%", "-0-"."""
    return _NUMBER_TOKEN.fullmatch(text.strip()) is not None or is_zero_dash(text)


def is_zero_dash(token: str) -> bool:
    """A figure written as a dash: zero."""
    return _ZERO_DASH.match(token.strip()) is not None


def is_mark(token: str) -> bool:
    """A figure's cell holding a footnote's mark alone ("*"): what it stands for is the footnote's."""
    return re.fullmatch(_MARK_CELL, token.strip()) is not None


# A footnote saying a mark stands for a share too small to print: "* Less than 0.005%", "* indicates
# less than 0.005%", "*Less than .005%", "** Represents less than 0.01% of the aggregate principal balance".
_UNDER_A_BOUND = re.compile(
    r"^\s*(\*{1,3})\s*(?:[=:-]\s*)?(?:(?:indicates|represents|denotes|means|is)\s+)?(?:an?\s+\w+\s+(?:of\s+)?)?"
    r"less\s+than\s+(\d*\.\d+|\d+)\s?%",
    re.I,
)


_A_NOTES_MARK = re.compile(r"^\s*(\*{1,3})")


@dataclass(frozen=True)
class Bound:
    """What a footnote says a mark in a figure's cell stands for: a share under ``bound`` percent."""

    bound: float
    note: str  # the footnote, as the filing words it


def marks_under_a_bound(notes: list[str]) -> dict[str, Bound]:
    """Each mark the notes say stands for a share under a bound ({"*": Bound(0.005, "* Less than
    0.005%")}); a mark said to stand for two bounds stands for neither."""
    said: dict[str, list[Bound]] = {}
    for note in notes:
        if match := _UNDER_A_BOUND.match(note):
            said.setdefault(match.group(1), []).append(Bound(float(match.group(2)), " ".join(note.split())))
    return {mark: bounds[0] for mark, bounds in said.items() if len({b.bound for b in bounds}) == 1}


def a_tables_marks(footnotes: list[str], the_filings: dict[str, Bound]) -> dict[str, Bound]:
    """The marks a table's cells may hold: its own footnotes' first, then the filing's (a footnote at the
    foot of the page or the end), unless its own footnotes give the mark another meaning."""
    own = {match.group(1) for note in footnotes if (match := _A_NOTES_MARK.match(note))}
    return {**{m: b for m, b in the_filings.items() if m not in own}, **marks_under_a_bound(footnotes)}


# A footnote: its mark at the line's start, then its words ("(1) Includes ...", "\u2020 As of ...").
_A_FOOTNOTE = re.compile(rf"^\s*({NOTES_MARK})\s*(?=[^\s\d.,%$])")


def footnotes_by_mark(lines: list[str]) -> dict[str, str]:
    """Each footnote of the filing by its mark ({"(1)": "(1) Includes ..."}), for a mark glued to a figure
    in a table with no footnote of that mark under it; a mark that begins two different notes (a list's
    "(1)" in the prose, say) names neither."""
    said: dict[str, set[str]] = {}
    for line in lines:
        if match := _A_FOOTNOTE.match(line):
            said.setdefault(match.group(1), set()).add(" ".join(line.split()))
    return {mark: notes.pop() for mark, notes in said.items() if len(notes) == 1}


def what_a_mark_says(mark: str, footnotes: list[str], the_filings: dict[str, str]) -> str | None:
    """The footnote a mark glued to a figure points to: the table's own first, then the filing's."""
    own = [note for note in footnotes if (match := _A_FOOTNOTE.match(note)) and match.group(1) == mark]
    return own[0] if own else the_filings.get(mark)


# A sentence's words up to its figure: one space apart, no leader, no colon closing a label.
_RUNNING_WORDS = re.compile(r"[^\s:.]+(?: [^\s:]+)* ")
_LOWER_CASE_WORD = re.compile(r"\b[a-z]+\b")


def _runs_as_a_sentence(line: str, figures_start: int) -> bool:
    """A line of running text that opens with "Total" and ends in a figure ("Total mortgage loans with original
    terms of 30 years numbered 1,200"): its words run one space apart into the figure, four or more, most in
    lower case. A table's Total line sets its figures apart in columns or names the total in a few words
    ("Total Pool II 400"), so its finder anchors no table there (it would take the prose above for rows)."""
    words = line[:figures_start].lstrip()
    if not _RUNNING_WORDS.fullmatch(words):
        return False
    count = len(words.split())
    return count >= 4 and len(_LOWER_CASE_WORD.findall(words)) * 2 > count


def _is_data_row(line: str, width: int) -> bool:
    numbers = trailing_numbers(line)
    return len(numbers) >= width and not _TOTAL_LINE.match(line) and not is_rule(line)


def _is_prose(line: str) -> bool:
    """A long line ending a clause: running text, wherever it stands (a table's body ends there)."""
    text = line.strip()
    return len(text) > 55 and text.endswith((".", ",", ";", ":")) and not text.isupper()


def _is_running_text(line: str) -> bool:
    """Above a table's header, where a title may stand: prose also when it is a sentence's end
    ("of October 1, 2004:"). A note in brackets, "(by original principal balance)", and a line in
    sentence case ("Number of units in dwellings subject to the mortgage loans:") are titles'."""
    text = line.strip()
    if _is_prose(line):
        return True
    if text.isupper() or "  " in text or text.startswith("("):
        return False
    return text.endswith((".", ":")) and text[0].islower()


@functools.lru_cache(maxsize=1024)  # asked of the same lines by each table's walk up to its title
def is_title_like(line: str) -> bool:
    """A line in capitals ("SIZE OF MORTGAGE LOANS"): a title, wherever it stands."""
    letters = _NOT_A_LETTER.sub("", line)  # a long line of figures holds few: counted letter by letter, it took long
    return len(letters) >= 3 and sum(map(str.isupper, letters)) >= 0.8 * len(letters)


_NOT_A_LETTER = re.compile(r"[\W\d_]+")


def _is_title_line(line: str) -> bool:
    """A line of the title block above a table's header: in capitals, or in Title Case. (In a
    table's body a Title Case line is a label's, "Condominium Units (Over": only capitals end it.)"""
    return is_title_like(line) or _is_title_case(line)


def _is_title_case(line: str) -> bool:
    """ "Years of Origination of Mortgage Loans": indented, one run of words (a header line has
    several, set apart by wide gaps), three words or more, each capitalised but the small
    ones, and no sentence's end. Prose never has every word capitalised."""
    return len(line.split()) >= _TITLE_CASE_WORDS and _in_title_case(line)


_TITLE_CASE_WORDS = 3  # fewer, and the words may be a row's label ("Second Home", "Cash Out"): ``_a_short_title``


def _in_title_case(line: str) -> bool:
    """Indented, one run of words, each capitalised but the small ones, no sentence's end."""
    text = line.strip()
    return (
        line.startswith("    ")
        and bool(text)
        and not text.startswith("(")  # "(Over Four Stories High)": a wrapped label's end, a note
        and "  " not in text
        and not text.endswith((".", ",", ";", ":"))
        and all(w[0].isupper() or w.lower() in SMALL_WORDS for w in text.split() if w[0].isalpha())
    )


def _a_short_title(lines: list[str], index: int) -> bool:
    """A title of a word or two in Title Case ("Loan Purpose", "Property Type"), told from a row's label of the
    same words ("Second Home", "Cash Out") by where it stands, not by its words: set in from the labels' margin,
    alone between blank lines, no figures, over column headings naming loans or balances and their rule. A row's
    label carries its figures on its line or the next; a heading over columns stands right over the others.
    Taken for a label, it let the rows of the table under it go on into the table above (one with no Total line)."""
    line = lines[index]
    return (
        len(line.split()) < _TITLE_CASE_WORDS
        and _in_title_case(line)
        and (index == 0 or is_blank(lines[index - 1]))
        and index + 1 < len(lines)
        and is_blank(lines[index + 1])
        and not trailing_numbers(line)
        and not looks_like_a_page_number(line)
        and _over_headings_of_loans(lines, index)
    )


def _a_title_at(lines: list[str], index: int) -> bool:
    """A line of a table's title, in capitals or Title Case, or a short title standing alone (``_a_short_title``)."""
    return _is_title_line(lines[index]) or _a_short_title(lines, index)


def _dash_spans(line: str) -> list[Span]:
    return [Span(m.start(), m.end()) for m in _DASH_GROUP.finditer(line)]


def _chunks(line: str) -> list[tuple[Span, str]]:
    """Pieces of a header line separated by two or more spaces, with their columns."""
    return [(Span(m.start(), m.end()), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line)]


def _no_rules(parts: list[str]) -> list[str]:
    """The parts of a heading that are words, not a rule's dashes, equals signs or underscores."""
    return [part for part in parts if re.search(r"[^-=_\s\u2013\u2014]", part)]


def join_words(parts: list[str]) -> str:
    """Parts of a label or heading set on several lines, joined as one."""
    pieces: list[str] = []  # joined once at the end: a cell of 100,000 lines stays linear
    for part in parts:
        part = part.strip()
        if not part:
            continue
        # A hyphen at a line's end joins a word ("Multi-" "family"); a dash set apart
        # by a space is a range's dash ("5.250% -" "5.500%") and keeps its spaces.
        last = pieces[-1] if pieces else ""
        hyphen = last.endswith(("-", "\u2013")) and not last.endswith((" -", "--", " \u2013"))
        pieces.append(part if hyphen or not pieces else f" {part}")
    return "".join(pieces)


# --- finding tables -------------------------------------------------------------


def find_tables(lines: list[str], page_starts: frozenset[int] = frozenset()) -> list[RawTable]:
    """The tables among ``lines``; ``page_starts`` are the lines a new page starts at (its furniture set aside)."""
    lines = [_without_the_totals_mark(lines, index) for index in range(len(lines))]
    subtotals = _subtotals(lines, page_starts)
    lines = ["" if i in subtotals else _labelled_total(lines, i) for i in range(len(lines))]
    tables: list[RawTable] = []
    claimed_until = -1
    for index, line in enumerate(lines):
        if index <= claimed_until or not _TOTAL_LINE.match(line):
            continue
        total = trailing_numbers(line)
        if not total or _runs_as_a_sentence(line, total[0].start()):
            continue
        table = _table_ending_at(lines, index, len(total), page_starts)
        if table is not None and tables and tables[-1].total_line < table.first_line <= claimed_until:
            tables[-1] = _notes_above(lines, tables[-1], table.first_line, page_starts)
            claimed_until = tables[-1].last_line
        if table is not None and table.first_line > claimed_until:
            tables.append(table)
            claimed_until = table.last_line
    tables = sorted([*tables, *_tables_without_a_total(lines, tables, page_starts)], key=lambda t: t.first_line)
    style = wrap_style(tables)
    read = [(table, *_rows(table.groups, style)) for table in tables]
    heads = _running_heads([over for _, _, _, over in read])
    for table, rows, alone, over in read:
        table.rows = rows
        table.warnings += [
            _not_read(label, 0, table.width)
            for label in alone
            if not (label in over and tuple(_title_words(label)) in heads)
            and not _the_headings_again(label, table)
            and not _the_title_again(label, table)
        ]
        table.warnings += [
            f"the line {' '.join(line.split())!r} is a subtotal of the rows above it: not read as a row"
            for i, line in subtotals.items()
            if table.first_line < i < table.total_line
        ]
        table.warnings += _subtotals_not_added_up(lines, table, subtotals)
    return tables


# A footnote's number in brackets set a space or two after a Total line's label ("Total (1)   1,225"), before
# its figures: the label's mark. Read as a figure (a negative one), the Total line had a column more than its
# rows, the rows' labels were cut at it and their own numbers ("65.001% - 75.000%") read as figures.
# Further from the label ("Total   (1)   1,225") it is the label's mark only where a footnote of that mark stands
# under the table, before the next table's Total line: else it may be a figure in the labels' column.
_TOTALS_MARK = re.compile(rf"( *)(\({_NOTES_NUMBER}\))(?= {{2,}}\S)")  # "(a)" is read as no figure: a label's word
_MOST_SPACES_BEFORE_A_MARK = 2


def _without_the_totals_mark(lines: list[str], index: int) -> str:
    """The line, or a Total line with its label's bracketed mark set apart blanked, as a mark glued to the label
    ("Total(1)") is no figure: its columns where they were."""
    line = lines[index]
    label = _TOTAL_LINE.match(line)
    mark = _TOTALS_MARK.match(line, label.end()) if label else None
    if mark is None:
        return line
    spaces = len(label.group(0)) - len(label.group(0).rstrip(" ")) + len(mark.group(1))
    if spaces > _MOST_SPACES_BEFORE_A_MARK and not _a_footnote_below(lines, index, mark.group(2)):
        return line
    return line[: mark.end(1)] + " " * (mark.end() - mark.end(1)) + line[mark.end() :]


def _a_footnote_below(lines: list[str], total: int, mark: str) -> bool:
    """Whether a footnote of ``mark`` ("(1) Includes ...") stands under the Total line at ``total``, before the
    next table's Total line."""
    for line in lines[total + 1 :]:
        if _TOTAL_LINE.match(line):
            return False
        if (note := _A_FOOTNOTE.match(line)) and note.group(1) == mark:
            return True
    return False


def _labelled_total(lines: list[str], index: int) -> str:
    """The line, or a Total line with no label labelled "Total" where the labels stand: figures alone right under
    a row with a label (a rule of dashes between them or none), a rule of "=" under them or a rule of dashes over
    them. Unlabelled, it was read as a row of the table (1,225 loans beside the 1,225 loans of the rows), or the
    table was lost. Figures set in under figures set in are a block of columns set under the rows, no Total."""
    line = lines[index]
    if (named := _named_after_its_loans(lines, index)) is not None:
        return named
    if _a_bare_total(line) and _figures_alone(_next_text(lines, index, 1)):
        return ""  # "Total" alone over its figures: the figures' line is the Total line
    if _figures_alone(line) and _a_bare_total(_next_text(lines, index, -1)):
        return "Total" + line[len("Total") :]
    if not _figures_alone(line) or line[: len("Total ")].strip():
        return line
    below = next((other for other in lines[index + 1 :] if not is_blank(other)), "")
    above = [other for other in lines[max(0, index - 4) : index] if not is_blank(other)]
    ruled = bool(above) and is_rule(above[-1]) and not is_double_rule(above[-1])
    rows = [other for other in above if not is_rule(other)]
    # a row's label left of the figures, words or a figure ("2004"): figures set in under figures are no label
    labels_end = trailing_numbers(line)[0].start() // 2
    under_a_row = bool(rows) and _is_data_row(rows[-1], 1) and _indent(rows[-1]) < labels_end
    if not under_a_row:
        return line
    ruled = ruled or is_double_rule(below) or _the_sum_of_the_rows_above(lines, index)  # an HTML table's: no rules
    return "Total" + line[len("Total") :] if ruled else line


def _next_text(lines: list[str], index: int, step: int) -> str:
    """The nearest line with text under ``index`` (``step`` 1) or over it (-1), a few blank lines apart at most."""
    for other in range(index + step, index + step * 4, step):
        if 0 <= other < len(lines) and not is_blank(lines[other]):
            return lines[other]
    return ""


def _a_bare_total(line: str) -> bool:
    """A Total line's label alone, its figures on the line under it: "Total", "TOTALS:"."""
    return bool(_TOTAL_LINE.match(line)) and not trailing_numbers(line) and len(line.split()) <= 2


def _the_sum_of_the_rows_above(lines: list[str], index: int) -> bool:
    """Whether a line's figures are, column by column, the sums of the rows above it, up to the rule over them (or
    the table above): two rows or more, a wrapped label's lines between them."""
    stated = _amounts(list(trailing_numbers(lines[index])))
    width = len(trailing_numbers(lines[index]))
    rows = []
    for above in range(index - 1, max(-1, index - _MOST_LINES_IN_A_PART), -1):
        line = lines[above]
        if (
            is_rule(line)
            or _TOTAL_LINE.match(line)
            or _is_prose(line)
            or not _is_data_row(line, width)
            and trailing_numbers(line)
        ):
            break
        if trailing_numbers(line):
            rows.append(_amounts(list(trailing_numbers(line)[-width:])))
    if stated is None or len(rows) < 2 or any(row is None for row in rows):
        return False
    return _add_up_to(stated, rows, width)


def _named_after_its_loans(lines: list[str], index: int) -> str | None:
    """A table's Total line labelled after its loans ("Mortgage Loans Total", "Deal Total"), with no row of the
    table under it (under a group's rows it is their subtotal, set aside before): labelled "Total" where its label
    stood. Read as a row, the table had no Total and held its loans twice. None for any other line."""
    line = lines[index]
    found = _GROUP_TOTAL.match(line)
    figures = trailing_numbers(line)
    if found is None or _TOTAL_LINE.match(line) or not figures:
        return None
    below = next((other for other in lines[index + 1 :] if not is_blank(other)), "")
    if _is_data_row(below, len(figures)) or is_total_line(below):
        return None  # a row of the table, or its Total, under it: a group's subtotal
    return "Total".ljust(found.end()) + line[found.end() :]


def _notes_above(lines: list[str], table: RawTable, below: int, page_starts: frozenset[int]) -> RawTable:
    """``table`` read again with its footnotes ending above line ``below``, where the next table begins: a
    title with a mark or letter before it ("* NOTE RATES *", "(A) NOTE RATES", "5. Note Rates") was read as
    a footnote of the table above, and the table under it lost with nothing said."""
    above = [*lines[:below], *([""] * (len(lines) - below))]
    width = len(trailing_numbers(lines[table.total_line])) if table.has_total else table.width
    again = _table_ending_at(above, table.total_line, width, page_starts) if table.has_total else None
    return again if again is not None and again.first_line == table.first_line else table


def _subtotals_not_added_up(lines: list[str], table: RawTable, subtotals: dict[int, str]) -> list[str]:
    """A subtotal set aside that neither the rows above it nor those since the subtotal before add up to (a page's
    total, a running one carried forward, a group's): a row misread or misprinted, said beside the table, as the
    Total line's own check would say it."""
    said: list[str] = []
    previous = table.body_first - 1
    for index in sorted(i for i in subtotals if table.first_line < i < table.total_line):
        stated = _amounts(trailing_numbers(subtotals[index])[-table.width :]) if table.width else None
        above = [
            i for i in range(table.body_first, index) if i not in subtotals and _is_data_row(lines[i], table.width)
        ]
        since = [i for i in above if i > previous]
        previous = index
        rows = [_amounts(trailing_numbers(lines[i])[-table.width :]) for i in above]
        if stated is None or not above or any(row is None for row in rows):
            continue  # a mark, a bracket, or no rows of plain figures: nothing to add up
        amounts = dict(zip(above, rows))
        groups = [since[k:] for k in range(len(since))]  # a group's subtotal: the rows of its group, right above it
        if not any(_add_up_to(stated, [amounts[i] for i in run], table.width) for run in (above, *groups) if run):
            said.append(
                f"the subtotal {' '.join(subtotals[index].split())!r} is not the sum of the rows above it, nor of"
                " those since the subtotal before: a row may be misread, or misprinted"
            )
    return said


def _add_up_to(stated: tuple[list[float], list[float]], rows: list, width: int) -> bool:
    """Whether the rows' figures add up to the stated ones in every column, within half a unit of each figure's last
    digit."""
    for column in range(width):
        unit = max(row[1][column] for row in [*rows, stated])
        if abs(sum(row[0][column] for row in rows) - stated[0][column]) > unit / 2 * (len(rows) + 1):
            return False
    return True


# A subtotal within a table's rows: "Total Single Family", "Subtotal", "Sub-total:" (never a pool's
# or a group's total, "Total Pool I", "Total for Pool II", which ends its own table where pools are stacked).
# A running total carried over a page break ("Carried forward", "Balance brought forward", "Total carried over")
# is one too: at the foot of the page or at the top of the next, its table goes on.
_CARRIED = r"(?:(?:balance|totals?|amounts?)\s+)?(?:carried|brought)\s+(?:forward|over)\b"
_SUBTOTAL = re.compile(
    rf"^\s*(?:{_CARRIED}|sub-?\s?totals?\b|page\s+totals?\b"
    r"|totals?\s+(?!(?:pools?|loans?|groups?|all|mortgage|for|of|in)\b)[a-z])",
    re.I,
)
# A group's subtotal named after its total: "California Total", "Northern California Subtotal:"; never a table's
# Total line ("Pool Total", "All Loans Total"), which ``_TOTAL_LINE`` knows.
_GROUP_TOTAL = re.compile(r"^\s*[a-z][a-z .,'&/-]*?\s(?:sub-?\s?)?totals?\s*:?(?=\s*[$\d(]|\s*$)", re.I)
# A subtotal in so many words ("Subtotal", "Page total", "Total this page"): at the foot of a page, the rows
# above it go on over the page even where the next page repeats only the table's headings.
_SUBTOTAL_SAID = re.compile(
    rf"^\s*(?:{_CARRIED}|(?:sub-?\s?totals?|page\s+totals?|totals?\s+(?:for\s+)?this\s+page)\b)", re.I
)
_ROWS_AFTER_A_SUBTOTAL = 60  # lines: the rest of its table down to the Total line


def _subtotals(lines: list[str], page_starts: frozenset[int] = frozenset()) -> dict[int, str]:
    """The subtotal lines within tables, by index: each followed by more rows of its table and then
    the table's Total line. As a Total line it cut its table in two, each failing its checks. One at the foot
    of a page, its table going on over the page (``_subtotal_goes_on_over_a_page``), has its rows below that page's
    headings."""
    found: dict[int, str] = {}
    figures: dict[int, int] = {}  # each line's trailing figures, counted once (subtotals may be close together)

    def width_of(index: int) -> int:
        if index not in figures:
            figures[index] = len(trailing_numbers(lines[index])) if lines[index].strip() else 0
        return figures[index]

    for index, line in enumerate(lines):
        named = _SUBTOTAL.match(line) or (_GROUP_TOTAL.match(line) and not _TOTAL_LINE.match(line))
        if not (line[:1].isspace() or line[:1].isalpha()) or not named or _POOL_NAME.search(line):
            continue  # "Total for Pool II", "Total Loans in Pool II": a pool's total, where pools are stacked
        width = width_of(index)
        rows = 0
        over_a_page = _subtotal_goes_on_over_a_page(lines, index, page_starts, width_of)
        for below in range(index + 1, min(index + 1 + _ROWS_AFTER_A_SUBTOTAL, len(lines))):
            text = lines[below]
            if _TOTAL_LINE.match(text) and not _SUBTOTAL.match(text):
                # the last group's subtotal stands right over the Total line: no row between them
                last_group = not rows and all(is_blank(other) for other in lines[index + 1 : below])
                if (rows or last_group) and width_of(below) == width:
                    found[index] = line
                break
            if over_a_page and not (width and width_of(below) >= width and not is_rule(text)):
                continue  # the next page's title again, "(continued)", its headings: up to its first row
            over_a_page = False
            if is_rule(text) or _is_prose(text) or is_title_like(text):
                break
            rows += bool(width) and not _TOTAL_LINE.match(text) and width_of(below) >= width  # a data row
    return found


def _subtotal_goes_on_over_a_page(
    lines: list[str], index: int, page_starts: frozenset[int], width_of: Callable[[int], int]
) -> bool:
    """Whether the table of the subtotal at ``index`` goes on over a page break right below it: a line says
    so ("(continued on next page)", its title again "... (continued)"), or, the subtotal said in so many
    words, a new page starts, before any row of figures."""
    said = _SUBTOTAL_SAID.match(lines[index]) is not None
    for below in range(index + 1, min(index + 1 + _MOST_LINES_BETWEEN_PARTS, len(lines))):
        if _says_continued(lines[below]) or (said and _a_page_starts_between(page_starts, index, below)):
            return True
        if width_of(below) and not is_rule(lines[below]):
            return False  # a row, or another Total line: the table goes on (or ends) on this page
    return False


# --- tables of certificate classes ------------------------------------------------

# The heading over a class table's labels: "Class", "Classes", "Certificate Class", "Class of Certificates", "Class
# Designation", "Designation", "Title of Class" (read as no class table's, its classes were said not to be stated).
CLASS_HEADER = re.compile(
    r"^(?:(?:certificate\s+)?class(?:es)?(?:\s+of\s+certificates|\s+designations?)?|designations?|title\s+of\s+class)$",
    re.I,
)
# A class table's row label: "A", "B-1", "Class IA-2", "A-PO*", "B-6(1)" (a footnote's mark).
CLASS_LABEL = re.compile(rf"^(?:(?i:class)\s+)?((?:\d{{1,2}}-?)?[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)\s?{_NAMES_MARK}?$")


@dataclass
class ClassTable:
    """A table of certificate classes, found by its own layout: "Class" over the labels, a rule of
    dashes under the headings, then a row for each class down to a blank line or a Total line.
    The Total-anchored finder cannot read one with no Total line, nor one whose Total stands
    under the balances alone (its width is then one figure, the rates'), so it is found first."""

    first_line: int
    last_line: int  # its Total line, if it has one
    label_header: str  # "Class"
    column_headers: list[str]  # one per column of figures
    rows: list[RawRow]  # each with its cells, "" where a row leaves one empty


def find_class_tables(lines: list[str]) -> list[ClassTable]:
    found: list[ClassTable] = []
    for index, line in enumerate(lines):
        if (not found or index > found[-1].last_line) and is_rule(line):
            table = _class_table_under(lines, index)
            if table is not None:
                found.append(table)
    return found


def _class_table_under(lines: list[str], rule: int) -> ClassTable | None:
    spans = _dash_spans(lines[rule])
    top = rule
    while top > 0 and rule - top < MAX_HEADER_LINES and _a_heading_line(lines[top - 1]):
        top -= 1
    if len(spans) < 2 or top == rule:
        return None
    headings = [join_words(parts) for parts in zip(*(_cells(lines[i], spans) for i in range(top, rule)))]
    if not CLASS_HEADER.match(headings[0]):
        return None
    rows: list[RawRow] = []
    seen: set[str] = set()
    end = rule + 1
    while end < len(lines) and end <= rule + 2 and is_blank(lines[end]):
        end += 1  # a blank line between the rule and the rows
    while end < len(lines) and not is_rule(lines[end]) and not is_total_line(lines[end]):
        if is_blank(lines[end]):
            if (end := _rows_go_on(lines, end, spans)) is None:
                break
            continue
        row = _class_row(lines[end], spans, end)
        if row is None and _SUBHEADING.match(lines[end]) and rows:
            end += 1  # "Subordinated certificates:" over a group of the rows
            continue
        if (
            row is None
            and rows
            and (_is_running_text(lines[end]) or _words_in_a_run(lines[end]) or _a_word(lines[end]))
        ):
            break  # prose, or a word ("NOTE"), right under the last row
        if row is None:
            return None  # a line that is no class's row: not a table of classes
        if row.label in seen:
            break  # a class again: another table's rows (its levels, say), under no rule of its own
        rows.append(row)
        seen.add(row.label)
        end += 1
    end = rows[-1].lines[0] + 1 if rows else end
    below = end  # a Total line is the table's too, under a blank line or a rule
    while below < len(lines) and below <= end + 1 and is_blank(lines[below]):
        below += 1
    while below < len(lines) and is_rule(lines[below]):
        below += 1
    last = below if below < len(lines) and is_total_line(lines[below]) else end - 1
    return ClassTable(top, last, headings[0], headings[1:], rows) if rows else None


# A line over a group of a class table's rows: "Subordinated certificates:".
_SUBHEADING = re.compile(r"^\s*[A-Za-z][A-Za-z -]{2,60}:\s*$")


def _a_heading_line(line: str) -> bool:
    """A line of a class table's headings: not blank, no rule, and no prose ("... as of October 1,
    2004 were:", "... is 2.450067623897%. The initial principal") run on into the headings."""
    text = line.strip()
    return bool(text) and not is_rule(line) and not _is_running_text(line) and not re.search(r"[.:;]\s|[.:;]$", text)


def _a_word(line: str) -> bool:
    """A line of one word and no figure ("NOTE", "Notes:"): no row of a class table."""
    return len(line.split()) == 1 and not any(ch.isdigit() for ch in line)


def _words_in_a_run(line: str) -> bool:
    """Four words or more set one space apart: a line of prose, never a table's row of cells."""
    text = line.strip()
    return "  " not in text and len(text.split()) >= 4


# A class's name standing alone in a row, its cells blank: with a hyphen or a digit ("A-X", "A-WIO"), or
# short ("R", "PO"); never a word such as "NOTE" right under the table.
_NAMES_A_CLASS_ALONE = re.compile(r"[-\d]|^[A-Z]{1,2}$")


def _class_row(line: str, spans: list[Span], index: int) -> RawRow | None:
    pieces = _with_their_dollar_signs([text for _, text in _chunks(line)])
    # A row set in columns of its own (a table continued on a new page, laid out apart), a piece for
    # each column: its pieces in order; otherwise each piece in the column under the rule it stands in.
    label, *cells = pieces if len(pieces) == len(spans) else _cells(line, spans)
    label = label.removesuffix("$").strip()  # "A $": the dollar sign of the figure beside it (HTML's cells)
    if len(pieces) == 1 and CLASS_LABEL.match(label) and _NAMES_A_CLASS_ALONE.search(label):
        return RawRow(label, [""] * (len(spans) - 1), [index])  # a class named, its cells left empty (an IO)
    return RawRow(label, cells, [index]) if CLASS_LABEL.match(label) and any(cells) else None


def _with_their_dollar_signs(pieces: list[str]) -> list[str]:
    """A row's pieces, a dollar sign set two spaces or more before its figure ("$    740,547.57") one piece with
    it. Counted as a cell of its own, it made a row whose last cell is empty ("B-6  $  740,547.57", no level) as
    many pieces as the table has columns: read in order, the balance stood in the level's column (740,547.57%)."""
    joined: list[str] = []
    for piece in pieces:
        if joined and joined[-1] == "$":
            joined[-1] = f"$ {piece}"
        else:
            joined.append(piece)
    return joined


_MOST_LINES_BETWEEN_ROWS = 14  # a page break, its number and running head, in HTML with blank lines


def _rows_go_on(lines: list[str], blank: int, spans: list[Span]) -> int | None:
    """Where a class table's rows go on after a blank line: the next class row, past blank lines,
    a group's heading ("Subordinated certificates:") and a page's furniture (a page number, a
    running head in capitals or Title Case) between; or None where the table ends."""
    for index in range(blank + 1, min(len(lines), blank + _MOST_LINES_BETWEEN_ROWS + 1)):
        line = lines[index]
        if is_blank(line) or looks_like_a_page_number(line) or is_title_like(line) or _is_title_case(line):
            continue
        if _SUBHEADING.match(line):
            continue  # "Subordinated certificates:" over the next group of rows
        return index if _class_row(line, spans, index) is not None else None
    return None


def _cells(line: str, spans: list[Span]) -> list[str]:
    """A line's text in each column a rule's dashes mark: each piece (set apart by two spaces or
    more) in the column it overlaps most, or the nearest; "" for a column it leaves empty."""
    cells: list[list[str]] = [[] for _ in spans]
    for piece, text in _chunks(line):
        overlaps = [min(piece.end, span.end) - max(piece.start, span.start) for span in spans]
        nearest = min(range(len(spans)), key=lambda i: abs((spans[i].start + spans[i].end) - (piece.start + piece.end)))
        cells[overlaps.index(max(overlaps)) if max(overlaps) > 0 else nearest].append(text)
    return [" ".join(parts) for parts in cells]


def titles_without_a_table(lines: list[str], found: list[RawTable]) -> list[tuple[int, str]]:
    """Titles in capitals or in Title Case naming a kind of table ("GEOGRAPHIC DISTRIBUTION OF / MORTGAGED
    PROPERTIES BY STATE", "Size of Mortgage Loans"), or over a strat table's headings, over rows of figures,
    outside every table found: a table with no Total line to find it by, lost unless said. Each as (its
    first line, its words)."""
    inside = {i for table in found for i in range(table.first_line, table.last_line + 1)}

    def a_title(i: int) -> bool:
        line = lines[i]
        return i not in inside and _a_title_at(lines, i) and not trailing_numbers(line) and not _TOTAL_LINE.match(line)

    titles: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        if not a_title(i):
            i += 1
            continue
        end = i + 1
        while end < len(lines) and a_title(end):
            end += 1
        words = " ".join(line.strip() for line in lines[i:end])
        below = lines[end : end + _ROWS_UNDER_A_TITLE]
        if (
            (classify_table(words) is not TableKind.OTHER or _over_headings_of_loans(lines, end - 1))
            and not _reads_as_sentences(words)
            and any(len(trailing_numbers(row)) >= 2 for row in below)
        ):
            titles.append((i, words))
        i = end
    return titles


def _over_headings_of_loans(lines: list[str], title_end: int) -> bool:
    """Whether a title of a kind of table no pattern names ("OCCUPANCY STATUS", "LOAN PURPOSE", "FICO
    SCORE") stands over a strat table's layout: column headings naming loans or balances over a rule."""
    rule = _column_rule_under(lines, title_end)
    if rule is None:
        return False
    between = [line for line in lines[title_end + 1 : rule] if not is_blank(line)]
    # the table's own title comes between: this is a heading over it ("POOL II MORTGAGE LOANS"), not its title
    if any(_is_title_line(line) and "  " not in line.strip() for line in between):
        return False
    return bool(_HEADER_WORDS.search(" ".join(between)))


_ROWS_UNDER_A_TITLE = 12  # a title, its headings and rule, and the first rows of figures


def last_line_not_read(lines: list[str], title: int, found: list[RawTable]) -> int:
    """The last line of the table under a title said not read (``titles_without_a_table``): its headings, its
    rule and its rows, each row's figures in the table's columns (a "Total" or "Weighted Average" line too), and
    a wrapped label's lines between them; up to prose, a footnote, a rule, another table's title or a table read.
    These lines are no prose: read as prose, "Weighted Average   505,960" under the rows gave the pool a loan
    count. The table's loss is said once, by its title."""
    taken = {i for table in found for i in range(table.first_line, table.last_line + 1)}
    rule = _column_rule_under(lines, title)
    columns: list[Span] | None = None
    if rule is not None:
        rule = _the_columns_rule(lines, rule)
        spans = _dash_spans(lines[rule])
        columns = spans[1:] if len(spans) > 1 and spans[0].start < _MARGIN else spans  # the labels' dashes left
        rule = _the_rules_end(lines, rule)
    last = title if rule is None else rule
    for index in range(last + 1, len(lines)):
        line = lines[index]
        if index in taken:
            break
        if is_blank(line):
            continue
        figures = trailing_numbers(line)
        if figures and _a_row_of(line, figures, columns):
            columns = columns or [Span(f.start(), f.end()) for f in figures]  # no rule: the first row's figures
            last = index
            continue
        if figures and columns is None:
            continue  # a heading's line over the figures, no rule under it ("Number of  Aggregate ... (%)")
        if (
            figures
            or is_rule(line)
            or _NOTE_START.match(line)
            or _is_prose(line)
            or _is_running_text(line)
            or _a_title_at(lines, index)
            or is_title_like(line)
        ):
            break
        # words alone: headings (no rule), a wrapped label's line, or the first of a paragraph: kept only if a row follows
    return last


def _a_row_of(line: str, figures: list[re.Match[str]], columns: list[Span] | None) -> bool:
    """A table's line: words set apart from figures that each stand in one of the table's columns (with none
    known yet, two figures or more); never a sentence running into its figure."""
    label = line[: figures[0].start()]
    set_apart = not label.strip() or label.endswith("  ") or _without_dot_leader(label) != label
    if not set_apart or _runs_as_a_sentence(line, len(label)):
        return False
    if columns is None:
        return len(figures) >= 2
    return all(any(Span(f.start(), f.end()).overlap(column) for column in columns) for f in figures)


MAX_TITLE = 100  # characters: the longest title's words, over its lines ("DISTRIBUTION BY FICO SCORES AND ...")
_CLAUSE_BREAK = re.compile(r"[,.;]\s")
MIN_SENTENCE_WORDS = 6  # words of a line in capitals ending in a full stop that make it a sentence, not a title


def _reads_as_sentences(words: str) -> bool:
    """Words in capitals that are prose, not a title: a sentence ended, or longer than a title with a
    clause's comma or full stop in it ("THE TOTAL NUMBERS OF THE POOL I MORTGAGE LOANS, THE POOL II ...")."""
    return (words.endswith(".") and len(words.split()) >= MIN_SENTENCE_WORDS) or (
        len(words) > MAX_TITLE and _CLAUSE_BREAK.search(words) is not None
    )


# --- tables with no Total line -----------------------------------------------------------


def _tables_without_a_total(lines: list[str], found: list[RawTable], page_starts: frozenset[int]) -> list[RawTable]:
    """The tables under a title naming a kind of table whose rows end with no Total line (a typist's slip,
    another year's layout), where where they end can be told: read from the title down, never taking in a
    line of the next table or of the prose. The rest are said, not read (``titles_without_a_table``)."""
    more: list[RawTable] = []
    for title, _ in titles_without_a_table(lines, found):
        if more and title <= more[-1].last_line:
            continue
        table = _table_without_a_total(lines, title, page_starts)
        if table is not None:
            more.append(table)
    return more


def _table_without_a_total(lines: list[str], title: int, page_starts: frozenset[int]) -> RawTable | None:
    """The table under the title at ``title``, its rows ending with no Total line; None where its columns
    are marked by no rule, or its rows' end cannot be told (``_last_line_of_rows``), or the table found by
    walking up from there, as one with a Total line is found, is not the one under this title."""
    rule = _column_rule_under(lines, title)
    if rule is None:
        return None
    rule = _the_columns_rule(lines, rule)
    spans = _dash_spans(lines[rule])
    width = len(spans) - 1 if spans[0].start < _MARGIN else len(spans)  # the labels' column has its dashes too
    if width < 1:
        return None
    total = _total_over_the_rows(lines, rule, spans[-width:])
    if total is not None:  # read as the rows' end, it left the table unread: its rows are read as if it stood under
        lines = [*lines[:rule], *("" if rule < i <= total[1] else line for i, line in enumerate(lines[rule:], rule))]
    ends = _last_line_of_rows(lines, rule, spans[-width:], page_starts)
    if ends is None:
        return None
    last_row, last_line = ends
    table = _table_above(lines, last_line + 1, width, page_starts, last_row)
    if table is None or table.first_line != title or table.body_first <= rule:
        return None
    if total is not None:
        table.total, table.total_marks = total[2]
        table.total_line, table.has_total = total[0], True
    return table


def _total_over_the_rows(
    lines: list[str], rule: int, columns: list[Span]
) -> tuple[int, int, tuple[list[str], dict[int, str]]] | None:
    """A Total line set over the rows, right under the column rule ("Total  1,225  $619,800,778", a rule under it
    or none): its line, the last line it takes (its own rule's), and its figures and their marks; else None."""
    below = [i for i in range(rule + 1, min(len(lines), rule + _ROWS_UNDER_A_TITLE)) if not is_blank(lines[i])]
    while below and is_rule(lines[below[0]]) and not is_double_rule(lines[below[0]]):
        below.pop(0)  # a rule across the whole table under the columns' own ("-------...-------")
    if not below or not _TOTAL_LINE.match(lines[below[0]]):
        return None
    figures = trailing_numbers(lines[below[0]])
    if len(figures) != len(columns) or not _in_their_columns(figures, columns):
        return None
    last = below[1] if len(below) > 1 and is_rule(lines[below[1]]) else below[0]
    return below[0], last, _figures_and_marks(list(figures))


def _the_columns_rule(lines: list[str], rule: int) -> int:
    """Of the rules under a table's headings down to its first figures, the one marking the most columns: a
    heading set over a group of columns has a short rule of its own ("FICO score   Loan-to-value ratio"), over
    the columns' headings and theirs; a rule across the whole table may follow."""
    best = rule
    for index in range(rule + 1, min(len(lines), rule + _ROWS_UNDER_A_TITLE)):
        line = lines[index]
        if trailing_numbers(line) or _is_prose(line) or _TOTAL_LINE.match(line):
            break
        if is_rule(line) and not is_double_rule(line) and len(_dash_spans(line)) > len(_dash_spans(lines[best])):
            best = index
    return best


def _the_rules_end(lines: list[str], rule: int) -> int:
    """The last of the rules of dashes from ``rule`` down (the columns' own, then one across the whole table)."""
    for index in range(rule + 1, len(lines)):
        if is_blank(lines[index]):
            continue
        if not is_rule(lines[index]) or is_double_rule(lines[index]):
            break
        rule = index
    return rule


def _column_rule_under(lines: list[str], title: int) -> int | None:
    """The rule of dashes under a table's column headings, a few lines under its title, with no figures between."""
    for index in range(title + 1, min(len(lines), title + _ROWS_UNDER_A_TITLE)):
        line = lines[index]
        if is_rule(line) and not is_double_rule(line):
            return index
        if trailing_numbers(line) or _is_prose(line):
            return None
    return None


def _last_line_of_rows(
    lines: list[str], rule: int, columns: list[Span], page_starts: frozenset[int]
) -> tuple[int, int] | None:
    """The last row of a table with no Total line, and the last line of its rows (a wrapped label's end
    may stand under the row), walking down from its column rule; None where their end cannot be told.

    The rows end at a rule of "=" under them, the table's footnotes, or, past a blank line, at the next
    table's title (over its own column rule) or at prose; at a page's end only where the next page starts
    so. Never told: rows that run on into a title or prose with no blank line between, a line whose
    figures stand in other columns or are fewer or more (another table's), a rule of dashes, label lines
    past a blank line with no figures under them, a table that goes on over the page ("(continued)")."""
    width = len(columns)
    last_row: int | None = None
    last_line = rule
    gap = False  # a blank line since the last line of the rows
    words_alone = False  # label lines past a blank line with no row under them yet

    def told() -> tuple[int, int] | None:
        return (last_row, last_line) if last_row is not None and not words_alone else None

    for index in range(rule + 1, len(lines)):
        line = lines[index]
        if last_row is not None and index in page_starts and not words_alone and not _starts_anew(lines, index):
            return None  # the rows may go on over the page
        if is_blank(line):
            gap = True
            continue
        if is_double_rule(line) or _A_FOOTNOTE.match(line) or (is_rule(line) and len(line.strip()) < _NOTES_RULE):
            return told()  # a rule of "=" under the rows, or the table's footnotes (under their short rule)
        figures = trailing_numbers(line)
        figures_in = [any(Span(f.start(), f.end()).overlap(column) for column in columns) for f in figures]
        if len(figures) >= width and all(figures_in[-width:]) and not any(figures_in[:-width]):
            if not _in_their_columns(figures[-width:], columns):
                return None  # figures under other columns than the rows': another table's
            last_row, last_line, gap, words_alone = index, index, False, False
            continue
        if gap and (_is_prose(line) or _is_running_text(line) or _a_new_table(lines, index)):
            return told()
        if any(figures_in) or is_rule(line) or _TOTAL_LINE.match(line) or _CONTINUED.search(line):
            return None  # a row short of figures, another table's headings, a Total line not its own, "(continued)"
        if is_title_like(line) or _is_prose(line):
            return None  # a title or prose run into with no blank line between, or a heading among the rows
        if gap:
            words_alone = True  # label lines past a blank: a label above its row's figures, or no row's
        else:
            last_line = index  # a wrapped label's end, right under its row or label line
    return told()


_NOTES_RULE = 30  # characters: a rule over footnotes is short; a column rule spans the table


def _in_their_columns(figures: list[re.Match[str]], columns: list[Span]) -> bool:
    """Whether each figure stands in its own column: overlapping its dashes more than any other column's."""
    for figure, column in zip(figures, columns):
        where = Span(figure.start(), figure.end())
        if max(where.overlap(other) for other in columns) > where.overlap(column):
            return False
    return True


def _starts_anew(lines: list[str], start: int) -> bool:
    """Whether a page starts with something other than a table's rows: a new table's title, or prose."""
    index = next((i for i in range(start, len(lines)) if not is_blank(lines[i])), None)
    if index is None:
        return True
    line = lines[index]
    return _is_prose(line) or _is_running_text(line) or _a_new_table(lines, index)


def _a_new_table(lines: list[str], index: int) -> bool:
    """A title in capitals or in Title Case starting another table: its own column rule under it, before any
    figures."""
    line = lines[index]
    if not _a_title_at(lines, index) or trailing_numbers(line) or _CONTINUED.search(line):
        return False
    return _column_rule_under(lines, index) is not None


def _the_headings_again(label: str, table: RawTable) -> bool:
    """Whether lines read as a label with no figures are the table's column headings, repeated after a
    page break ("65.00%  65.001%- ..." / "and below  75.000% ..."): no row, and nothing to say."""
    headings = "".join("".join(line.split()) for line in table.heading_lines)
    return bool(headings) and "".join(label.split()) in headings


def _running_heads(over_headings: list[list[str]]) -> set[tuple[str, ...]]:
    """The words that stand over column headings repeated after a page break in two tables or more: a page's running
    head ("Citicorp Mortgage Securities, Inc. May 7, 2004"), which an HTML page sets in each table's rows. Furniture,
    as the text's running heads are (``pages``): said beside every table, it put a doubt on figures read right. Words
    over one table's headings only are said: they may be a row's."""
    counts = Counter(words for labels in over_headings for words in {tuple(_title_words(label)) for label in labels})
    return {words for words, count in counts.items() if words and count >= 2}


def _the_title_again(label: str, table: RawTable) -> bool:
    """Whether lines read as a label with no figures are the table's title, repeated in its rows after a page
    break: no row, and nothing to say."""
    words = _title_words(label)
    return bool(words) and words == _title_words(table.title)


def _not_read(line: str, figures: int, width: int) -> str:
    """The warning for a line in a table's rows that is no row: a bucket left blank, a row short of a figure."""
    if figures >= width:  # ``_figures_in``: a mark or a figure, which cannot be told
        return f"the line {line!r} has two numbers in one column, one maybe a footnote's mark: not read as a row"
    has = "no figures in the filing" if figures == 0 else f"{figures} of the table's {width} figures"
    return f"the line {line!r} has {has}: not read as a row"


def _table_ending_at(lines: list[str], total_index: int, width: int, page_starts: frozenset[int]) -> RawTable | None:
    """The table whose Total line is ``total_index``, found by walking up from it; a Total line ending in a
    footnote's mark set apart ("$619,800,778 1") read with one figure fewer, where the rule's columns
    say it is a mark (``_figures_in``)."""
    last = trailing_numbers(lines[total_index])[-1].group(0)
    if width > 1 and _STRAY_MARK.fullmatch(last):
        marked = _table_above(lines, total_index, width - 1, page_starts, total_index, stray=True)
        if marked is not None:
            return marked
    table = _table_above(lines, total_index, width, page_starts, total_index)
    found = _blank_total_cells(lines, table) if table is not None else None
    if found is None:
        return table
    last_row, blank = found
    wider = _table_above(lines, total_index, width + len(blank), page_starts, last_row, blank=blank)
    return wider if wider is not None and wider.first_line == table.first_line else table


_BLANK_TOTAL_CELL = "its Total line leaves a column blank ({}): that column's rows are not checked against a total"
_MOST_BLANK_CELLS = 2  # a Total line's cells left blank: a share's, an average's beside the count's


def _blank_total_cells(lines: list[str], table: RawTable) -> tuple[int, tuple[int, ...]] | None:
    """The last row of a table whose Total line leaves some of its columns blank ("Total   $619,800,778"
    under "Number of Loans" and "Balance"; no figure under "Weighted Average Coupon"), and which columns
    those are; else None. Read with the Total line's figures alone, each row's first figure went into its
    label ("5.250% - 5.500%   96"), or its figures slid a column (a Total of $1,225). Told by every row
    having the same figures more than the Total line, each column of them set right-aligned, each of the
    Total line's figures under one of them, and each column left blank under a heading of its own."""
    rows = [line.index for group in table.groups for line in group if line.kind == "D"]
    if len(rows) < 2 or table.beside_another:
        return None
    total = trailing_numbers(lines[table.total_line])[-table.width :]
    for more in range(1, _MOST_BLANK_CELLS + 1):
        columns = _columns_of_rows(lines, rows, table.width + more)
        if columns is None:
            continue
        ends = [column.end for column in columns]
        under = [next((k for k, end in enumerate(ends) if abs(end - figure.end()) <= 1), None) for figure in total]
        if None in under or under != sorted(set(under)):  # type: ignore[type-var]
            continue
        blank = tuple(k for k in range(len(columns)) if k not in under)
        if all(_headed(table.heading_lines, columns[k]) for k in blank):
            return rows[-1], blank
    return None


def _columns_of_rows(lines: list[str], rows: list[int], width: int) -> list[Span] | None:
    """The spans of the last ``width`` figures of the rows, where each row has them set apart from its label
    by two spaces or more and each column's figures end where the others' do (right-aligned); else None."""
    spans: list[list[Span]] = []
    for index in rows:
        tokens = trailing_numbers(lines[index])
        if len(tokens) < width:
            return None
        before = lines[index][: tokens[-width].start()]
        if not before.strip() or not before.endswith("  "):
            return None  # a label all figures, or a figure that ends the label ("5.250% - 5.500%")
        spans.append([Span(token.start(), token.end()) for token in tokens[-width:]])
    columns = [Span(min(row[k].start for row in spans), max(row[k].end for row in spans)) for k in range(width)]
    if any(max(row[k].end for row in spans) - min(row[k].end for row in spans) > 1 for k in range(width)):
        return None
    return columns


def _headed(heading_lines: list[str], column: Span) -> bool:
    """Whether a heading of its own, clear of the labels' at the margin, stands over ``column``."""
    return any(
        span.start >= _MARGIN and span.overlap(column) for heading in heading_lines for span, _ in _chunks(heading)
    )


def _table_above(
    lines: list[str],
    total_index: int,
    width: int,
    page_starts: frozenset[int],
    anchor: int,
    stray: bool = False,
    blank: tuple[int, ...] = (),
) -> RawTable | None:
    """The table whose rows end right above ``total_index``: its Total line, or, for a table with none,
    the line under its rows, where the Total line would stand. ``anchor`` sets the columns' figures:
    the Total line, or, with none, the table's last row. ``stray``: the Total line's last figure is a
    footnote's mark standing past the table's columns, not a figure of its own (``_figures_in``). ``blank``:
    the columns the Total line leaves blank; the columns are then set by the last row (``anchor``)."""
    has_total = anchor == total_index or bool(blank)
    over, taken = _notes_over_the_total(lines, total_index, width) if has_total else ([], [])
    if taken:  # the notes set over the Total are no part of the rows: read as blank lines there
        lines = [*lines[: taken[0]], *([""] * len(taken)), *lines[taken[-1] + 1 :]]
    tokens = trailing_numbers(lines[anchor])
    total_tokens = tokens[-width - 1 : -1] if stray else tokens[-width:]
    if len(total_tokens) < width:
        return None
    body_top, rule_index = _walk_up_body(lines, total_index, width, total_tokens[0].start(), page_starts)
    body = list(range(body_top, total_index))
    if not any(_is_data_row(lines[i], width) for i in body):
        return None

    value_spans = _value_spans(lines, rule_index, total_tokens, width)
    columns = value_spans if _ruled(lines, rule_index, width) else None
    if stray and _figures_in(list(tokens), width, columns)[1] is None:
        return None  # "Total  1,225  $619,800,778 1" is read so only where the rule's columns say the "1" is a mark

    header_top = rule_index if rule_index is not None else body_top
    label_span = Span(0, value_spans[0].start)
    column_lines, super_lines, title_lines, first_line, doubts = _header_and_title(
        lines, header_top, rule_index, page_starts, (label_span, value_spans)
    )
    if rule_index is None and column_lines and not any(_HEADER_WORDS.search(h) for h in column_lines):
        column_lines = []  # the text above the rows was not a header

    while len(column_lines) > 1 and _spans_the_columns(column_lines[0], column_lines[1], label_span, value_spans):
        super_lines.append(column_lines.pop(0))  # "Loan-to-value ratio" over the columns, with no rule under it
    # With no rule, the figures' own spans are narrower than their headings: a heading over no column's
    # figures goes with the column whose room (past the labels, or the column before it, up to its
    # figures' end) it stands in, not the nearest ("Outstanding" left-aligned under "Aggregate Principal").
    labels_end = _labels_end(lines, body, width, value_spans[0].start)
    rooms = None if columns is not None else _rooms(value_spans, labels_end)
    label_parts, column_parts = _assign_header_text(column_lines, label_span, value_spans, labels_end, rooms)
    super_label, super_rest = _assign_header_text(super_lines, label_span, value_spans, labels_end, rooms)
    # A rule under one heading on the line of another ("FICO score     -------------------" under "Loan-to-value
    # ratio") underlines a word; it is none.
    super_label, super_rest = _no_rules(super_label), [_no_rules(parts) for parts in super_rest]

    label_header = join_words(label_parts) or join_words(super_label)
    title = " ".join(t.strip() for t in title_lines)
    above_the_columns = _in_reading_order([p for parts in super_rest for p in parts], super_lines)
    if not title:
        title = join_words(super_label + above_the_columns) or f"By {label_header}"
    super_header = [join_words(super_label), join_words(above_the_columns)]

    groups, short = _body_groups(lines, body, width, value_spans[0].start, page_starts, column_lines, columns)
    footnotes, last_line, statistics = _footnotes(lines, total_index if has_total else total_index - 1, page_starts)
    rows_go_on = _rows_go_on_below(lines, body, total_index if has_total else None, width)
    beside_another = _beside_another_table(lines, [*body, total_index] if has_total else body)
    labelled = sum(1 for i in body if _is_data_row(lines[i], width) and not _figures_alone(lines[i])) + has_total
    columns_go_on = _columns_go_on_below(lines, total_index if has_total else total_index - 1, labelled)
    pool_hint = _pool_hint(title, super_lines)
    total, total_marks = _figures_and_marks(total_tokens) if has_total else ([], {})
    if blank:
        given, given_marks = _figures_and_marks(list(trailing_numbers(lines[total_index])[len(blank) - width :]))
        filled = [k for k in range(width) if k not in blank]
        total = ["" if k in blank else given[filled.index(k)] for k in range(width)]
        total_marks = {filled[k]: mark for k, mark in given_marks.items()}
        blanks = ", ".join(repr(_heading(column_parts[k])) for k in blank)
        doubts = [*doubts, _BLANK_TOTAL_CELL.format(blanks)]
    if stray:
        total_marks = {**total_marks, width - 1: tokens[-1].group(0)}
    return RawTable(
        title=title,
        pool_hint=pool_hint,
        label_header=label_header,
        super_header=super_header,
        column_headers=[_heading(parts) for parts in column_parts],
        rows=[],
        total=total,
        total_marks=total_marks,
        footnotes=over + footnotes,
        first_line=first_line,
        last_line=last_line,
        body_first=body[0] if body else total_index,
        total_line=total_index if has_total else total_index - 1,
        has_total=has_total,
        width=width,
        statistics=statistics,
        groups=groups,
        warnings=doubts
        + ([] if rows_go_on else [_not_read(line, len(trailing_numbers(line)), width) for line in short]),
        heading_lines=column_lines,
        rows_go_on=rows_go_on,
        columns_go_on=columns_go_on,
        beside_another=beside_another,
        grouped_by_spaces=_grouped_by_spaces(lines[total_index]) if has_total else "",
    )


# A figure grouped in threes by single spaces ("619 800 778", "1 225 000"): on a text line the spaces
# cannot be told from the gaps between figures set one space apart ("1 902 341": a count of 1 and a
# balance of 902,341, or one balance), so such a table is not read (never read as "619", "800", "778").
_SPACE_GROUPED = re.compile(r"(?<!\S)\$?\d{1,3}(?: \d{3}){2,}(?![\d,])")


def _grouped_by_spaces(line: str) -> str:
    """The first figure of a Total line grouped by spaces, as written; "" where there is none."""
    found = _SPACE_GROUPED.search(line)
    return found.group(0) if found else ""


def _beside_another_table(lines: list[str], rows: list[int]) -> bool:
    """Whether another table stands beside this one on the same lines (pool I's | pool II's, or two small
    tables set side by side): a row or the Total line holds two figures or more, each set apart by two
    spaces or more, then words, then its own figures ("Total  1,225  $619,800,778   |  Condominium Units ...  40
    18,265,610"). Read as one table, the right-hand table's rows took the left-hand one's figures into their
    labels, and its Total line's figures were the right-hand row's beside it. A label's own figures stand
    one space from its words ("$1,000,000 and over", "$150,000 through $199,999")."""
    return any(_figures_then_words(lines[i]) for i in rows if i < len(lines))


def _figures_then_words(line: str) -> bool:
    """Two figures in cells of their own (set apart by two spaces or more), then a cell with a word (not
    "N/A"), then a figure: another table's row or Total line, then this table's row."""
    cells = _CELL_GAP.split(line.replace("|", "  ").strip())  # a bar between the tables, glued to a figure or not
    for i in range(len(cells) - 3):
        if _A_FIGURE.fullmatch(cells[i]) and _A_FIGURE.fullmatch(cells[i + 1]):
            word = next((j for j in range(i + 2, len(cells)) if _A_WORD.search(cells[j])), None)
            return word is not None and any(_A_DIGIT.search(cell) for cell in cells[word:])
    return False


_CELL_GAP = re.compile(r"\s{2,}")
_A_FIGURE = re.compile(r"\(?\$?\s?\d[\d,]*(?:\.\d+)?%?\)?")
_A_WORD = re.compile(r"[A-Za-z]{3}")
_A_DIGIT = re.compile(r"\d")


def _rows_go_on_below(lines: list[str], body: list[int], total_index: int | None, width: int) -> bool:
    """Whether each row's figures, and the Total line's, go on in a line of figures alone under it: a table
    wider than the page, its lines wrapped. Its columns' headings are wrapped too, and which figure stands
    under which is not certain: it is read as no table at all (read as it stands, its rows lost figures). A
    line of figures alone as many as the table's is such a line, no row ("0.00  0.00  0.00  2.98" under
    "620 to 649  1.78  0.84  0.36"), read as one it made a row labelled "0.00"."""
    rows = [i for i in body if _is_data_row(lines[i], width) and not _figures_alone(lines[i])]
    ends = [*rows, total_index] if total_index is not None else rows
    return bool(rows) and all(i + 1 < len(lines) and _figures_alone(lines[i + 1]) for i in ends)


# Lines from a table's last line to the block of its other columns set under it: rules, blank lines, a page
# break, the block's headings (as ``matrix_parts`` allows between two blocks).
_MOST_LINES_TO_THE_NEXT_BLOCK = 12
_MOST_HEAD_LINES_OVER_HEADINGS = 4  # lines of a page's head (and blank lines) over a table's headings repeated


def _columns_go_on_below(lines: list[str], last: int, labelled: int) -> bool:
    """Whether the table's other columns are set in a block under it with no labels: right under it, after
    headings with no figures, as many lines of figures alone as the table has rows and Total line, one each
    ("                    0.00          0.00          2.98"). Read as they stand, they are no table, and the
    table above was read short of its columns, unsaid."""
    i = last + 1
    while i < len(lines) and i - last <= _MOST_LINES_TO_THE_NEXT_BLOCK and not _figures_alone(lines[i]):
        if trailing_numbers(lines[i]):
            return False  # a row of figures with a label: something else
        i += 1
    found = 0
    while i < len(lines) and (is_blank(lines[i]) or is_rule(lines[i]) or _figures_alone(lines[i])):
        found += _figures_alone(lines[i])
        i += 1
    return found == labelled > 1


def _figures_alone(line: str) -> bool:
    """A line of figures with no label before them."""
    figures = trailing_numbers(line) if line.strip() else ()
    return bool(figures) and not line[: figures[0].start()].strip()


# A heading's line that only names its unit, under the words: "(%)", "($)", "%".
_UNIT_ONLY = re.compile(r"\(\s*(?:in\s+)?[%$]\s*\)|[%$]")


def _heading(parts: list[str]) -> str:
    """A column's heading from its words on each header line, a line naming only the unit left out
    where there are words ("65.00% and below" over "(%)" is "65.00% and below")."""
    words = [part for part in parts if not _UNIT_ONLY.fullmatch(part.strip())]
    return join_words(words or parts)


def _spans_the_columns(line: str, below: str, label_span: Span, value_spans: list[Span]) -> bool:
    """A heading line with one phrase over several columns of figures, wider than any one of them,
    above a line with a heading for each: the columns' common heading ("Loan-to-value ratio"), not
    one column's ("Aggregate" over "Principal Balance")."""

    def over_figures(text: str) -> list[Span]:
        return [span for span, _ in _chunks(text) if span.start >= label_span.end]

    phrases = over_figures(line)
    widest = max(column.end - column.start for column in value_spans)
    return (
        len(value_spans) >= 4
        and len(phrases) == 1
        and phrases[0].end - phrases[0].start > widest
        and len(over_figures(below)) >= 3
    )


def _walk_up_body(
    lines: list[str], total_index: int, width: int, figures_start: int, page_starts: frozenset[int] = frozenset()
) -> tuple[int, int | None]:
    """Return the first body line and the column rule's line (None if there is none). Column
    headings with no rule under them ("65.001%-" / "75.000%" over the figures) end the body too:
    the line under them is then given as the rule's, where one would stand. ``figures_start``: where
    the Total line's figures start (the last row's, for a table with no Total line)."""
    top = total_index
    headings: int | None = None  # the lowest line of headings met over the figures
    i = total_index - 1
    while i >= 0:
        line = lines[i]
        if is_blank(line):
            i -= 1
            continue
        # under the headings' last line: "State   of Loans   Balances ..." at the margin, under words set in
        under_headings = (
            None if headings is None else _under_the_headings(lines, headings, total_index, width, figures_start)
        )
        top = top if under_headings is None else max(top, under_headings)
        # A rule of "=" right over the Total line (nothing of the body met yet) rules its figures, as
        # dashes would; it ends the table above only further up, under that table's last row.
        if _TOTAL_LINE.match(line) or (top < total_index and _ends_the_table_above(lines, i)):
            return top, under_headings  # the end of the table above
        if is_rule(line):
            if under_headings is not None:
                return top, under_headings  # a rule over the headings: the one they lack is under them
            rule = _best_rule_above(lines, i, page_starts)
            above = _skip_repeated_header(lines, rule, width)
            if above is None or _add_up_without(lines, above, i, total_index, width):
                return top, rule
            i = above  # a header repeated after a page break: the rows go on above it
            continue
        if _is_data_row(line, width):
            top, headings = i, None
        elif (above := _continued_from(lines, i, width)) is not None:
            i = above  # the table's title repeated "(continued)" with no headings: its rows go on above
            continue
        elif headings is None and top < total_index and _a_sub_heading(lines, i, top, width):
            pass  # "SINGLE FAMILY:" over some of the rows: the rows go on above it
        elif _is_prose(line) or (is_title_like(line) and not _headings_in_capitals(line)):
            return top, under_headings
        elif (above := _continued_over_headings(lines, i, width)) is not None:
            i = above  # headings under a title "(continued)", shortened maybe: the rows go on above them
            continue
        elif (
            _HEADER_WORDS.search(_NUMBER_TOKEN.sub("", line))
            and i > 0
            and is_blank(lines[i - 1])
            and not trailing_numbers(line)
        ):
            # A header with no rule under it (its "%" no figure's: "7.001% -" begins a wrapped label): the line
            # under it stands where its rule would; repeated on a new page, the rows go on above it.
            if (above := _rows_above_a_page_break(lines, i, width, page_starts)) is not None:
                i = above
                continue
            under = _under_the_headings(lines, i, total_index, width, figures_start)
            if under_headings is None:
                under_headings = under
                top = max(top, under)  # its lower lines went with the first row's label
            return top, under_headings
        elif _over_the_figures(line, figures_start):
            headings = i if headings is None else headings
        else:
            # (rows that run to the filing's last line, cut off there, have no line under them)
            under_is_a_row = i + 1 < len(lines) and _is_data_row(lines[i + 1], width)
            top = i if under_is_a_row or top == i + 1 else top
        i -= 1
    return top, None


def _add_up_without(lines: list[str], above: int, rule: int, total_index: int, width: int) -> bool:
    """Whether the rows between a column rule and the Total line add up to it in every column by themselves,
    and the row ``above`` the rule's headings holds a figure other than zero: that row is then no row of this
    table, whatever its headings' title (a table with no Total line above, under a title no rule knows). Where
    the rows above a header repeated over a page are the table's, those under it fall short of its Total."""
    if not _TOTAL_LINE.match(lines[total_index]):
        return False
    over = _amounts(trailing_numbers(lines[above])[-width:])
    total = _amounts(trailing_numbers(lines[total_index])[-width:])
    rows = [_amounts(trailing_numbers(lines[i])[-width:]) for i in range(rule + 1, total_index)]
    rows = [row for i, row in zip(range(rule + 1, total_index), rows) if _is_data_row(lines[i], width)]
    if over is None or total is None or not rows or any(row is None for row in rows) or not any(over[0]):
        return False
    for column in range(width):
        unit = max(row[1][column] for row in [*rows, total])  # half a unit of the last digit, each figure
        found = sum(row[0][column] for row in rows)
        if abs(found - total[0][column]) > unit / 2 * (len(rows) + 1):
            return False
    return True


def _amounts(tokens: list[re.Match[str]]) -> tuple[list[float], list[float]] | None:
    """Figures' values and the unit of each one's last digit ("$540,685,761", "1.78%", a dash's zero); None where
    one is no plain figure (a mark, a negative, a bracket)."""
    values: list[float] = []
    units: list[float] = []
    for token in tokens:
        figure, mark = split_mark(token.group(0))
        text = figure.replace("$", "").replace(",", "").replace("%", "").strip()
        if is_zero_dash(figure):
            text = "0"
        if mark is not None or not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", text):
            return None
        values.append(float(text))
        units.append(10.0 ** -len(text.partition(".")[2]))
    return values, units


def _rows_above_a_page_break(lines: list[str], top: int, width: int, page_starts: frozenset[int]) -> int | None:
    """The last row above headings that start a new page (``top`` their first line), where the rows there
    have as many figures: the table's headings repeated with no rule under them; else None."""
    above = top - 1
    while above >= 0 and is_blank(lines[above]):
        above -= 1
    if above < 0 or not _a_page_starts_between(page_starts, above, top):
        return None
    return above if _is_data_row(lines[above], width) and not _TOTAL_LINE.match(lines[above]) else None


def _headings_in_capitals(line: str) -> bool:
    """A line of column headings set in capitals ("YEAR   NUMBER   AGGREGATE PRINCIPAL"): words in columns
    set apart, naming what the columns hold. A title in capitals is one run of words."""
    return "  " in line.strip() and bool(_HEADER_WORDS.search(_NUMBER_TOKEN.sub("", line)))


def _under_the_headings(lines: list[str], top: int, total_index: int, width: int, figures_start: int) -> int:
    """The line under a header with no rule whose first line is ``top``: its lines go down to a blank
    line or a row, each a heading's (words in columns, or over the figures), never a label's line alone
    at the margin ("Second home or" over its row's figures)."""
    under = top + 1
    while under < total_index and not is_blank(lines[under]) and not _is_data_row(lines[under], width):
        line = lines[under]
        if len(_chunks(line)) < 2 and not _over_the_figures(line, figures_start):
            break
        under += 1
    return under


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _a_sub_heading(lines: list[str], index: int, row: int, width: int) -> bool:
    """A line in capitals over some of a table's rows ("SINGLE FAMILY:"), set no further in than the row
    under it, with the column rule or more rows right above it: a sub-heading within the table. A title
    of another table stands over its own headings, or over rows with nothing of a table above it."""
    line = lines[index]
    if not is_title_like(line) or trailing_numbers(line) or _indent(line) > _indent(lines[row]):
        return False
    above = index - 1
    while above >= 0 and is_blank(lines[above]):
        above -= 1
    if above < 0 or _TOTAL_LINE.match(lines[above]) or _ends_the_table_above(lines, above):
        return False
    return is_rule(lines[above]) or _is_data_row(lines[above], width)


_MOST_LINES_BETWEEN_PARTS = 12  # "(continued on next page)", the title again "(continued)", blank lines


def _continued_from(lines: list[str], index: int, width: int) -> int | None:
    """Where a table's rows go on above a line saying it continues ("(continued on next page)", its
    title repeated "... (continued)"): the last row of its part above, past blank lines and such lines,
    where the rows there have as many figures; else None."""
    if not _says_continued(lines[index]):
        return None
    first = _repeated_title_top(lines, index)
    for above in range(first - 1, max(-1, first - _MOST_LINES_BETWEEN_PARTS), -1):
        line = lines[above]
        if is_blank(line) or _says_continued(line):
            continue
        if not _is_data_row(line, width) or _TOTAL_LINE.match(line):
            return None
        # a title of several lines repeated: its words must begin the title over the rows above
        repeated = " ".join(lines[first : index + 1])
        return above if first == index or _begins_the_title_above(repeated, lines, above) else None
    return None


def _repeated_title_top(lines: list[str], index: int) -> int:
    """The first line of a title repeated over a page's rows whose last line says "(continued)"
    ("GEOGRAPHIC DISTRIBUTION OF" / "MORTGAGED PROPERTIES BY STATE (continued)"): the lines in capitals
    right above it, with no figures; ``index`` itself where there are none."""
    first = index
    while (
        first > 0
        and index - first < _MOST_TITLE_LINES
        and is_title_like(lines[first - 1])
        and not trailing_numbers(lines[first - 1])
        and not _TOTAL_LINE.match(lines[first - 1])
    ):
        first -= 1
    return first


_MOST_TITLE_LINES = 3  # lines of a table's title


def _continued_over_headings(lines: list[str], index: int, width: int) -> int | None:
    """Where a table's rows go on above its column headings repeated with no rule under them, under its title
    again "(continued)", which may be shortened ("GEOGRAPHIC DISTRIBUTION (continued)"): the last row of its
    part above, where the title's words begin that part's title; else None."""
    if trailing_numbers(lines[index]) or not _HEADER_WORDS.search(lines[index]):
        return None
    above, headings = index - 1, 1
    while above >= 0 and headings <= MAX_HEADER_LINES:
        line = lines[above]
        if _says_continued(line):
            row = _continued_from(lines, above, width)
            return row if row is not None and _begins_the_title_above(line, lines, row) else None
        if not is_blank(line):
            if trailing_numbers(line) or _is_prose(line):
                return None
            headings += 1
        above -= 1
    return None


_MOST_LINES_IN_A_PART = 200  # a table's part on one page, its rows and headings, up to its title


def _begins_the_title_above(continued: str, lines: list[str], row: int) -> bool:
    """Whether a title "... (continued)" is the start of the title over the rows above ``row``, up to the
    Total line of a table above them (lines in capitals over the rows, at most a few)."""
    words = _title_words(_CONTINUED.sub(" ", continued))
    above = row - 1
    while above >= 0 and row - above < _MOST_LINES_IN_A_PART and not _TOTAL_LINE.match(lines[above]):
        if _a_title_at(lines, above) and not trailing_numbers(lines[above]):
            first = above
            while first > 0 and _is_title_line(lines[first - 1]) and not trailing_numbers(lines[first - 1]):
                first -= 1
            title = _title_words(" ".join(lines[first : above + 1]))
            return bool(words) and title[: len(words)] == words
        above -= 1
    return False


def _title_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _says_continued(line: str) -> bool:
    """A short line or a title saying the table goes on: never a row, never a sentence of prose."""
    return (
        bool(_CONTINUED.search(line))
        and (is_title_like(_CONTINUED.sub(" ", line)) or len(line.split()) <= 6)  # "... ORIGINATION - continued"
        and not trailing_numbers(line)
    )


def _over_the_figures(line: str, figures_start: int) -> bool:
    """A line of words set over the columns of figures, clear of the labels: a column heading."""
    return len(line) - len(line.lstrip()) >= figures_start // 2 and not trailing_numbers(line)


_MARGIN = 4  # a row's label starts here or before; headings over the figures stand further in


def _ends_the_table_above(lines: list[str], rule: int) -> bool:
    """Whether a line is a rule of "=" that ends the table above (under its Total line or its last
    row); one under headings or a title marks them as a rule of dashes would."""
    if not is_double_rule(lines[rule]):
        return False
    above = rule - 1
    while above >= 0 and is_blank(lines[above]):
        above -= 1
    if above < 0 or _TOTAL_LINE.match(lines[above]):
        return True
    line = lines[above]
    return bool(trailing_numbers(line)) and len(line) - len(line.lstrip()) < _MARGIN  # a row, its label at the margin


def _best_rule_above(lines: list[str], index: int, page_starts: frozenset[int] = frozenset()) -> int:
    """Among stacked rule lines, the one with the most dash groups marks the columns; a page break
    may part them ("---------  -------" / page / "-----------------")."""
    best, i = index, index
    while i >= 0 and (is_rule(lines[i]) or is_blank(lines[i])):
        if is_rule(lines[i]) and len(_dash_spans(lines[i])) > len(_dash_spans(lines[best])):
            best = i
        if is_blank(lines[i]) and not (i > 0 and is_rule(lines[i - 1])):
            parted = _page_break_in_blanks(lines, i, page_starts)
            if parted is None or not is_rule(lines[parted[0]]):
                break
            i = parted[0]
            continue
        i -= 1
    return best


def _skip_repeated_header(lines: list[str], rule: int, width: int) -> int | None:
    """If the rule belongs to a header repeated mid-table, the line index above it."""
    i = rule - 1
    seen_text = 0
    titles: list[str] = []  # a title over the headings, bottom line first
    # the rule of headings left at a page's foot with no rows, over the title repeated: its lines ``said``
    widowed, said = None, 0
    while i >= 0 and seen_text <= MAX_HEADER_LINES + 2 + (MAX_HEADER_LINES + _MOST_TITLE_LINES) * (widowed is not None):
        line = lines[i]
        if is_blank(line) or is_rule(line) or _CONTINUED.search(line):
            # "GEOGRAPHIC DISTRIBUTION OF (CONTINUED)" over "MORTGAGED PROPERTIES BY STATE": the mark on a title's
            # first line; its words are still the title's
            if (words := _CONTINUED.sub(" ", line)).strip() and is_title_like(words) and _a_title_at(lines, i):
                titles.append(words)
            if widowed is None and is_rule(line) and titles:
                widowed, said = i, len(titles)
            i -= 1
            continue
        if _is_data_row(line, width):
            # A title of its own over the headings begins another table (the one above lacks a Total
            # line); the table's own title repeated on the new page goes on with it.
            return i if not titles or _begins_the_title_above(" ".join(reversed(titles)), lines, i) else None
        if _TOTAL_LINE.match(line) or _is_prose(line):
            return _widowed_headings(widowed, titles[:said], titles[said:])
        if _a_title_at(lines, i):  # in capitals or in Title Case ("Distribution of Mortgage Loans by Note Rates")
            titles.append(line)
        seen_text += 1
        i -= 1
    return None


def _widowed_headings(rule: int | None, said: list[str], over: list[str]) -> int | None:
    """``rule``, the rule of a table's headings left at a page's foot with no rows under them, where the rows go on
    on the next page under the title again, "(continued)" or not (its lines ``said``, bottom line first), and the
    headings again, and the title over those headings (``over``) begins with the same words; else None. Read from
    the headings again, the table was titled "... (continued)" and its own title said to be over a table not read."""
    words = _title_words(" ".join(reversed(said)))
    same = bool(words) and _title_words(" ".join(reversed(over)))[: len(words)] == words
    return rule if rule is not None and same else None


def _ruled(lines: list[str], rule_index: int | None, width: int) -> bool:
    """Whether a rule of dashes marks the table's columns of figures (``_value_spans``)."""
    return rule_index is not None and len(_dash_spans(lines[rule_index])) >= width


# A footnote's mark set apart after a figure, in the figure's column: "1", "(1)".
_STRAY_MARK = re.compile(rf"{_NOTES_NUMBER}|{_BRACKETED_MARK}")


def _figures_in(
    tokens: list[re.Match[str]], width: int, columns: list[Span] | None
) -> tuple[list[re.Match[str]] | None, re.Match[str] | None]:
    """A line's ``width`` figures, and a footnote's mark set apart after them where there is one: "29 ...
    15,681,653 1", a small number in the column of the figure before it (or past the last column) under the
    rule's ``columns``. Read as a figure, the "1" slid the row's figures a column. Where the other figures
    then do not stand in their columns, or are too few, a mark or a figure cannot be told: not read (None).
    With no rule, or figures in their columns, the last ``width`` figures."""
    figures = tokens[-width:]
    if columns is None or len(tokens) < 2 or _in_their_columns(figures, columns):
        return figures, None
    mark, before = tokens[-1], tokens[-2]
    column = _column_of(before, columns)
    if not _STRAY_MARK.fullmatch(mark.group(0)) or column is None:
        return figures, None
    past_the_last = column == len(columns) - 1 and mark.start() >= columns[-1].end
    if not (past_the_last or Span(mark.start(), mark.end()).overlap(columns[column])):
        return figures, None
    rest = tokens[-width - 1 : -1]
    if len(rest) == width and _in_their_columns(rest, columns):
        return rest, mark
    return None, None


def _column_of(token: re.Match[str], columns: list[Span]) -> int | None:
    """The column a figure stands in: the one it overlaps most, if any."""
    where = Span(token.start(), token.end())
    overlaps = [where.overlap(column) for column in columns]
    return overlaps.index(max(overlaps)) if max(overlaps) > 0 else None


def _value_spans(lines: list[str], rule_index: int | None, total_tokens: list[re.Match[str]], width: int) -> list[Span]:
    if rule_index is not None:
        spans = _dash_spans(lines[rule_index])
        if len(spans) >= width:
            return spans[-width:]
    return [Span(t.start(), t.end()) for t in total_tokens]


def _header_and_title(
    lines: list[str],
    top: int,
    rule_index: int | None,
    page_starts: frozenset[int] = frozenset(),
    columns: tuple[Span, list[Span]] | None = None,
) -> tuple[list[str], list[str], list[str], int, list[str]]:
    """Column header lines, header lines above them, and the title, walking up from ``top``; and the doubts
    on them: a page break that parts them where their words and columns do not say they go on over it.
    ``columns``: the label's column and the columns of figures, which the headings stand over."""
    i = top - 1
    column_lines: list[str] = []
    doubts: list[str] = []
    crossed = False  # over a page break: the title above the headings is never one of their lines
    while i >= 0 and len(column_lines) < MAX_HEADER_LINES and not is_rule(lines[i]):
        if is_blank(lines[i]):
            heads = column_lines or rule_index is not None  # headings, or the rule that underlines them, below
            parted = _page_break_in_blanks(lines, i, page_starts) if heads and columns else None
            if parted is None:
                break
            goes_on = _headings_go_on(lines[parted[0]], column_lines[0] if column_lines else None, *columns)
            if goes_on:
                column_lines.insert(0, lines[parted[0]])  # "Type of" / page / "Dwelling Unit": one heading
                i, crossed = parted[0] - 1, True
                continue
            if goes_on is False:
                doubts.append(_headings_parted(lines[parted[0]], column_lines[0] if column_lines else None))
            break
        if (is_title_like(lines[i]) and rule_index is None) or (crossed and _a_title_in_one_run(lines[i])):
            break
        ruled = rule_index is not None and columns is not None and _under_the_dashes(lines[rule_index], columns[1])
        if (
            column_lines
            and columns
            and _a_title_across(lines[i], lines[i - 1] if i else "", columns[1], column_lines)
            and not (ruled and _headings_over_each_column(lines[i], columns[1]))
        ):
            break  # the title right over the headings, no blank line between
        column_lines.insert(0, lines[i])
        i -= 1
    first_line = i + 1

    super_lines: list[str] = []
    title_lines: list[str] = []
    looked = 0
    while i >= 0 and looked < MAX_LOOKUP_LINES:
        line = lines[i]
        looked += 1
        ends_a_table = _ends_the_table_above(lines, i)  # a rule of "=" that does not is an underline
        if is_blank(line) or (is_rule(line) and not ends_a_table):
            carried_on = (
                (_only_title_case(title_lines) and _capitals_above(lines, i))
                or _title_goes_on_below(lines, i)
                or (bool(title_lines) and first_line == i + 1 and _underlines_a_title(lines, i))
                or (bool(title_lines) and _title_goes_on_over_a_page(lines, i, page_starts, title_lines[0]))
            )
            if title_lines and not carried_on:
                doubts += _title_parted(lines, i, page_starts, title_lines[0])
                break
            i -= 1  # past a blank; or from a subtitle in Title Case to the title in capitals above it
            continue
        if ends_a_table or _TOTAL_LINE.match(line) or _is_running_text(line) or _ends_in_a_figure(line):
            break
        if _is_title_line(line) and not _heads_columns(lines, i):
            title_lines.insert(0, line)
        elif title_lines:
            break
        else:
            super_lines.insert(0, line)
        first_line = i
        i -= 1
    capitals = [i for i, line in enumerate(title_lines) if is_title_like(line) and not _NOT_A_TITLE.match(line.strip())]
    if capitals:
        # A title in capitals is the title: a line in Title Case above it is a running head, one
        # below it a subtitle ("Percentages by Aggregate Principal Balance"), a heading over columns,
        # unless it goes on with the title's words ("By State of Mortgaged Property").
        end = capitals[-1] + 1
        while end < len(title_lines) and title_lines[end].split()[0].lower() in _GOES_ON:
            end += 1
        super_lines = title_lines[end:] + super_lines
        title_lines = title_lines[capitals[0] : end]
    else:
        # A Title Case title's last word set alone on the next line ("Properties"), centred under it.
        while title_lines and super_lines and _ends_title(super_lines[0], title_lines[-1]):
            title_lines.append(super_lines.pop(0))
    return column_lines, super_lines, title_lines, first_line, doubts


def _a_title_across(line: str, above: str, value_spans: list[Span], headings: list[str]) -> bool:
    """A title's line set right over a table's ``headings``: one run of words in capitals or Title Case,
    under a blank line or the title's line before, from over the labels to over the figures, past the
    last column (a narrow table's title, centred on the page), or in capitals over headings that are not.
    A heading stands over one column, the label's ("TYPE OF"), or over the figures' ("LOAN-TO-VALUE RATIO"
    over the matrix's columns); headings run together over one-space gaps lie under headings set apart."""
    if not (_a_title_in_one_run(line) and (is_blank(above) or _a_title_in_one_run(above))):
        return False
    start, end = len(line) - len(line.lstrip()), len(line.rstrip())
    across = value_spans[0].start < end and (start < value_spans[0].start or end > value_spans[-1].end)
    return across or (is_title_like(line) and not any(map(is_title_like, headings)))


def _under_the_dashes(rule: str, value_spans: list[Span]) -> bool:
    """Whether the columns are the rule's dashes (not, for want of them, the Total line's figures)."""
    return _dash_spans(rule)[-len(value_spans) :] == value_spans


def _headings_over_each_column(line: str, value_spans: list[Span]) -> bool:
    """Headings set one space apart, no title: parted by the rule, words left of the first column's dashes
    (the label's heading) and, over each column, words within its dashes, flush with their start or end
    ("Mortgage Number Aggregate" over "------ ----------"). A title's words fall so only by chance."""
    parts = _parted_by_the_rule(line, value_spans)
    over = [span for span, _, columns_only in parts if columns_only]
    words = [Span(m.start(), m.end()) for m in re.finditer(r"\S+", line) if m.start() >= value_spans[0].start]
    if len(over) != 1 or len(words) != len(value_spans) or len(parts) != 2:
        return False
    return all(
        column.start <= word.start and word.end <= column.end and (word.start == column.start or word.end == column.end)
        for word, column in zip(words, value_spans)
    )


def _a_page_starts_between(page_starts: frozenset[int], above: int, below: int) -> bool:
    """Whether a new page starts after line ``above`` and by line ``below``."""
    return any(above < start <= below for start in page_starts)


def _page_break_in_blanks(lines: list[str], blank: int, page_starts: frozenset[int]) -> tuple[int, int] | None:
    """The lines of text right above and below the blank lines around ``blank``, where a page breaks among
    them (its furniture set aside leaves only blank lines there); else None."""
    above, below = blank, blank
    while above >= 0 and is_blank(lines[above]) and blank - above <= _MOST_LINES_BETWEEN_ROWS:
        above -= 1
    while below < len(lines) and is_blank(lines[below]) and below - blank <= _MOST_LINES_BETWEEN_ROWS:
        below += 1
    if above < 0 or below >= len(lines) or is_blank(lines[above]) or is_blank(lines[below]):
        return None
    return (above, below) if _a_page_starts_between(page_starts, above, below) else None


def _headings_go_on(above: str, below: str | None, label_span: Span, value_spans: list[Span]) -> bool | None:
    """Whether the line above a page break goes on into the column headings below it (``below``; None: the
    rule under the headings): its pieces over columns the line below heads too, one to a column, in two
    columns or more. None where it is no line of headings (a title, a rule, a row, prose, a footnote, a
    phrase alone); False where it may be one but its pieces stand otherwise, so that which column each
    heads is not known."""
    over = _heading_columns(above, label_span, value_spans)
    if over is None or len(over) < 2:
        return None
    if below is None:
        under: list[int | None] = list(range(-1, len(value_spans)))
    else:
        under = _heading_columns(below, label_span, value_spans) or []
    return None not in over and len(set(over)) == len(over) and set(over) <= set(under)


def _heading_columns(line: str, label_span: Span, value_spans: list[Span]) -> list[int | None] | None:
    """The column each piece of a line stands in (-1 the label's, None no one column), where the line may be
    a line of column headings; None where it is no such line: a title, a rule, a row, prose, a footnote."""
    if (
        is_rule(line)
        or _a_title_in_one_run(line)
        or _TOTAL_LINE.match(line)
        or _is_running_text(line)
        or _ends_in_a_figure(line)
        or _says_continued(line)
        or _NOTE_START.match(line)
    ):
        return None

    def column(piece: Span) -> int | None:
        if piece.end <= label_span.end + 1 and piece.overlap(value_spans[0]) == 0:
            return -1  # as ``_assign_header_text`` sets it
        over = [k for k, span in enumerate(value_spans) if piece.overlap(span) > 0]
        return over[0] if len(over) == 1 else None

    return [column(piece) for piece, _ in _chunks(line)]


def _a_title_in_one_run(line: str) -> bool:
    """A title's line: in capitals or Title Case, its words in one run (headings stand apart, in columns)."""
    return _is_title_line(line) and "  " not in line.strip()


def _headings_parted(above: str, below: str | None) -> str:
    under = f"of {' '.join(below.split())!r}" if below is not None else "of the rule"
    return (
        f"a page break parts the column headings: {' '.join(above.split())!r}, above it, does not stand in the "
        f"columns {under}, below it, and is not read into them"
    )


def _title_goes_on_over_a_page(lines: list[str], blank: int, page_starts: frozenset[int], below: str) -> bool:
    """A title's line above a page break that the title's line below it goes on from, by their words
    ("DISTRIBUTION OF MORTGAGE LOANS" / page / "BY LOAN-TO-VALUE RATIOS AT ORIGINATION")."""
    parted = _page_break_in_blanks(lines, blank, page_starts)
    if parted is None or not _a_title_part(lines[parted[0]]) or not _a_title_part(below):
        return False
    last, first = lines[parted[0]].split()[-1].lower(), below.split()[0].lower()
    return last in _GOES_ON | {"the", "a", "an"} or first in _GOES_ON


def _title_parted(lines: list[str], blank: int, page_starts: frozenset[int], below: str) -> list[str]:
    """The doubt on a title whose line above a page break may begin it, its words not saying so."""
    parted = _page_break_in_blanks(lines, blank, page_starts)
    if parted is None or not _a_title_part(lines[parted[0]]) or not _a_title_part(below):
        return []
    above = " ".join(lines[parted[0]].split())
    return [f"the title may begin on the page before: {above!r}, above the page break, is not read into it"]


def _a_title_part(line: str) -> bool:
    """A line that may be part of a table's title: in capitals or Title Case, no figures, no pool's heading,
    never a footnote or a sentence (the table above's "* MULTI-FAMILY DWELLINGS ARE 2-FAMILY ... .")."""
    return (
        _is_title_line(line)
        and not trailing_numbers(line)
        and not _NOT_A_TITLE.match(line.strip())
        and not _NOTE_START.match(line)
        and not line.rstrip().endswith((".", ";"))
    )


def _heads_columns(lines: list[str], i: int) -> bool:
    """Whether line ``i`` heads columns, each of its pieces underlined by the rule below it ("FICO SCORE
    ... LOAN-TO-VALUE RATIO" over "---------- ... -------------------"): a heading, in capitals too, never
    the title (which then stood over no table, and the table was said not read)."""
    if i + 1 >= len(lines) or not is_rule(lines[i + 1]):
        return False
    pieces, dashes = _chunks(lines[i]), _dash_spans(lines[i + 1])
    return len(pieces) >= 2 and all(any(piece.overlap(dash) > 0 for dash in dashes) for piece, _ in pieces)


# Lines in capitals that are no table's title: a note in brackets, a pool's heading.
_NOT_A_TITLE = re.compile(
    r"^\(|^(?:all\s+(?:the\s+)?mortgage\s+loans|(?:pool|loan\s+group|group)\s+\w+\s+mortgage\s+loans)$", re.I
)
# A title's words go on in the next line when it starts so ("By State of Mortgaged Property").
_GOES_ON = frozenset("by of at in for and to on with".split())


def _only_title_case(title_lines: list[str]) -> bool:
    return not any(is_title_like(line) for line in title_lines)


def _capitals_above(lines: list[str], blank: int) -> bool:
    """A title in capitals a blank line or two above ``blank``: the block below it is its subtitle."""
    above = blank - 1
    while above >= 0 and blank - above <= 2 and is_blank(lines[above]):
        above -= 1
    return above >= 0 and not is_blank(lines[above]) and is_title_like(lines[above])


def _title_goes_on_below(lines: list[str], blank: int) -> bool:
    """A title's line in capitals a few blank lines above ``blank`` that ends in a word that cannot end
    a title ("DISTRIBUTION BY FICO SCORES AND"): its words go on below the blanks, as when a page
    breaks inside the title (the page's furniture set aside leaves its blank lines)."""
    above = blank - 1
    while above >= 0 and blank - above <= _TITLE_GAP and is_blank(lines[above]):
        above -= 1
    if above < 0 or is_blank(lines[above]) or not is_title_like(lines[above]):
        return False
    words = lines[above].split()
    return bool(words) and words[-1].lower() in _GOES_ON | {"the", "a", "an"}


def _underlines_a_title(lines: list[str], rule: int) -> bool:
    """A rule right under a title's line, over its next line: "DISTRIBUTION OF MORTGAGE LOANS" / "=====" / "BY
    LOAN-TO-VALUE RATIOS" / "=====", each line underlined. Taken for the end of the title, it left the title its
    last line alone, or a line naming no kind of table ("AT ORIGINATION"), and its first said over no table. A
    heading naming a pool ("POOL II MORTGAGE LOANS" / "=====") heads a section, never a table's title."""
    above = lines[rule - 1] if rule > 0 else ""
    pools = _POOL_NAME.search(above) or _ALL_LOANS_LINE.fullmatch(above.strip())
    return is_rule(lines[rule]) and _is_title_line(above) and not trailing_numbers(above) and not pools


_TITLE_GAP = 6  # blank lines a page break leaves between a title's two lines, its furniture set aside


def _ends_title(line: str, title: str) -> bool:
    """A word or two in capitals or Title Case, alone and centred under the title's last line."""
    text, words = line.strip(), line.split()
    centre = (len(line) - len(line.lstrip()) + len(line.rstrip())) / 2
    title_centre = (len(title) - len(title.lstrip()) + len(title.rstrip())) / 2
    return (
        0 < len(words) <= 2
        and "  " not in text
        and all(w[0].isupper() for w in words)
        and not any(c.isdigit() for c in text)
        and abs(centre - title_centre) <= 6
    )


def _labels_end(lines: list[str], body: list[int], width: int, figures_start: int) -> int:
    """Where the rows' labels end: the end of the longest, on a row's line or a line of its label alone."""
    ends = [0]
    for i in body:
        line = lines[i]
        if _is_data_row(line, width):
            ends.append(len(line[: trailing_numbers(line)[-width].start()].rstrip()))
        elif not is_blank(line) and len(line.rstrip()) < figures_start:
            ends.append(len(line.rstrip()))
    return max(ends)


def _rooms(value_spans: list[Span], labels_end: int) -> list[Span]:
    """Each column of figures' room for its headings: from the labels' end, or the column before it, to its
    figures' end (the last column's goes on to the line's end)."""
    starts = [labels_end, *(span.end for span in value_spans[:-1])]
    ends = [*(span.end for span in value_spans[:-1]), 10**6]
    return [Span(start, end) for start, end in zip(starts, ends)]


def _in_reading_order(parts: list[str], lines: list[str]) -> list[str]:
    """Heading words as they read, line by line and left to right: a heading split over two lines over other
    columns ("Loan-to-value" over "ratio") is not read column by column ("ratio Loan-to-value")."""

    def where(part: str) -> tuple[int, int]:
        return next(((i, line.find(part)) for i, line in enumerate(lines) if part in line), (len(lines), 0))

    return sorted(parts, key=where)


def _assign_header_text(
    header_lines: list[str],
    label_span: Span,
    value_spans: list[Span],
    labels_end: int | None = None,
    rooms: list[Span] | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Split header lines into the label column's words and each value column's words. ``labels_end``: where
    the rows' labels end; ``rooms``: where the headings of each column of figures may stand, with no rule."""
    label_parts: list[tuple[Span, str]] = []
    side_by_side = False  # a line with two pieces in the label's column: headings of columns it took in
    column_parts: list[list[str]] = [[] for _ in value_spans]

    def in_the_labels(span: Span) -> bool:
        return span.end <= label_span.end + 1 and span.overlap(value_spans[0]) == 0

    chunks = [
        _parted_by_the_rule(line, value_spans) if rooms is None else [(*c, False) for c in _chunks(line)]
        for line in header_lines
    ]
    in_labels = [[span for span, _, _ in parts if in_the_labels(span)] for parts in chunks]
    # The label's heading ends where its widest line does: at the margin, past the labels; set right, its
    # lines' first pieces (not one right of another's: "of" where "State" ends below). A heading right of
    # it is a column's, left-aligned over figures narrower than it ("Year" / "Originated   Loans").
    margin = [span.end for spans in in_labels for span in spans if labels_end is not None and span.start <= labels_end]
    firsts = [spans[0] for spans in in_labels if spans and labels_end is not None]
    stack = [span.end for span in firsts if not any(span.start > other.end for other in firsts)]
    label_edge = max([labels_end or 0, *margin]) if margin else max(stack) if stack else None
    for parts in chunks:
        in_label = 0
        for span, text, _ in parts:
            if span.end <= label_span.end + 1 and span.overlap(value_spans[0]) == 0:
                if label_edge is None or span.start <= label_edge:
                    label_parts.append((span, text))
                    in_label += 1
                    continue
            overlaps = [span.overlap(v) for v in value_spans]
            if rooms is not None and max(overlaps) == 0:
                overlaps = [span.overlap(room) for room in rooms]  # over no column's figures: in whose room
            best = max(range(len(value_spans)), key=lambda k: overlaps[k])
            if overlaps[best] == 0:
                centre = (span.start + span.end) / 2
                best = min(
                    range(len(value_spans)), key=lambda k: abs((value_spans[k].start + value_spans[k].end) / 2 - centre)
                )
            column_parts[best].append(text)
        side_by_side = side_by_side or in_label > 1
    return (_stack_by_stack(label_parts) if side_by_side else [text for _, text in label_parts]), column_parts


def _parted_by_the_rule(line: str, value_spans: list[Span]) -> list[tuple[Span, str, bool]]:
    """A header line's chunks, those of headings set one space apart parted: under a rule, the words left of
    the first column's dashes, up to one standing over a column's dashes ("Loan Size Number of Loans ..."),
    are the label's heading; the rest (marked True) goes to the columns as a chunk of its own does."""
    out: list[tuple[Span, str, bool]] = []
    for span, text in _chunks(line):
        words = [Span(span.start + m.start(), span.start + m.end()) for m in re.finditer(r"\S+", text)]
        left = next((k for k, word in enumerate(words) if word.end > value_spans[0].start), len(words))
        if 0 < left < len(words) and _over_one_column(words[left], value_spans):
            out.append((Span(span.start, words[left - 1].end), text[: words[left - 1].end - span.start], False))
            out.append((Span(words[left].start, span.end), text[words[left].start - span.start :], True))
        else:
            out.append((span, text, False))
    return out


def _over_one_column(word: Span, value_spans: list[Span]) -> bool:
    return sum(1 for column in value_spans if word.overlap(column)) == 1


def _stack_by_stack(parts: list[tuple[Span, str]]) -> list[str]:
    """Headings set side by side over several lines, each stack read down before the one to its right: a
    table read by a Total under one column takes the others' headings into its label's, and line by line
    they interleave ("Original Principal Pass-Through Class Balance Rate"); stack by stack each stays whole
    ("Class Original Principal Balance Pass-Through Rate")."""
    stacks: list[tuple[Span, list[str]]] = []
    for span, text in parts:
        at = next((i for i, (over, _) in enumerate(stacks) if span.overlap(over)), None)
        if at is None:
            stacks.append((span, [text]))
        else:
            over, words = stacks[at]
            stacks[at] = (Span(min(over.start, span.start), max(over.end, span.end)), [*words, text])
    return [text for _, words in sorted(stacks, key=lambda stack: stack[0].start) for text in words]


def _body_groups(
    lines: list[str],
    body: list[int],
    width: int,
    label_end: int,
    page_starts: frozenset[int] = frozenset(),
    headings: list[str] | None = None,
    columns: list[Span] | None = None,
) -> tuple[list[list[_Line]], list[str]]:
    """The body's data rows and label lines, in runs between blank lines and rules; and the
    lines with fewer figures than the table has columns, or figures that cannot be told from a mark
    (``_figures_in``, under the rule's ``columns``), which are no row it can read. A line of the
    column ``headings`` repeated (under the title "(continued)" on a new page) ends a run, as a rule does."""
    groups: list[list[_Line]] = [[]]
    squashed_headings = "".join("".join(line.split()) for line in headings or [])
    short: list[str] = []

    def join_the_label_above(label: str, index: int, text_only: bool) -> bool:
        """Whether a line past blank lines goes on from the label that ends the run above, which it is
        then put with: a label whose bracket is left open, or over a page break (and the column headings
        repeated on the new page), one the words say goes on ("Condominium Units in buildings of" /
        page 3 / "one to four stories")."""
        if groups[-1] or len(groups) < 2:
            return False
        k = len(groups) - 2
        while k > 0 and _headings_again(groups[k]):
            k -= 1
        last = groups[k][-1]
        crossed = _a_page_starts_between(page_starts, last.index, index)
        if (text_only and any(t.kind != "T" for t in groups[k])) or (k < len(groups) - 2 and not crossed):
            return False
        goes_on = _left_open(last.label, label) or (
            crossed
            and _goes_on_over_a_page(last.label, label)
            and _indent(lines[index]) <= _indent(lines[last.index]) + _MARGIN  # never a page's head set in
        )
        if goes_on:
            del groups[k + 1 :]  # the empty run started, and the headings repeated between
        return goes_on

    def repeated(line: str) -> bool:
        return "   " in line.strip() and "".join(line.split()) in squashed_headings and not trailing_numbers(line)

    def over_the_headings_again(index: int, label: str) -> bool:
        """Whether words with no figures stand right over the column headings repeated, past blank lines and
        other such words, and do not go on from the label above by their words: a page's head or the title
        again, as an HTML page sets them in the table's rows after a page break. Joined on, "Citicorp Mortgage
        Securities, Inc." ended the label of the row above ("75.001% - 80.000% Citicorp ..."), unsaid."""
        above = groups[-1][-1] if groups[-1] else None
        if above is None or (above.kind == "D" and _goes_on(above.label, label)) or above.kind == "T":
            return False
        for at in range(index + 1, min(index + 1 + _MOST_HEAD_LINES_OVER_HEADINGS, len(lines))):
            if repeated(lines[at]):
                # a page's head stands after its page break: words before one end the page above ("New" /
                # "Hampshire" / page 7 / the headings again), the wrapped label's last line
                return not _a_page_starts_between(page_starts, index, at)
            if not is_blank(lines[at]) and (is_rule(lines[at]) or trailing_numbers(lines[at])):
                return False
        return False

    for i in body:
        line = lines[i]
        if is_blank(line) or is_rule(line) or repeated(line):
            if groups[-1]:
                groups.append([])
            continue
        if _is_data_row(line, width):
            numbers, stray = _figures_in(list(trailing_numbers(line)), width, columns)
            if numbers is None:
                short.append(" ".join(line.split()))
                continue
            label = _without_dot_leader(line[: numbers[0].start()]).strip()
            join_the_label_above(label, i, text_only=True)  # "Condominium Units (one to" / blank lines / the rest
            figures, marks = _figures_and_marks(numbers)
            if stray is not None:
                marks = {**marks, width - 1: stray.group(0)}
            groups[-1].append(_Line(i, "D", label, figures, marks))
        elif _CONTINUED.search(line):
            continue
        elif line[:label_end].strip() and _figures_not_stated(line[label_end:]):
            short.append(" ".join(line.split()))  # "Manufactured Homes   N/A   N/A": no figures to read
        elif not trailing_numbers(line) or len(line.rstrip()) <= label_end:
            # Words, or figures standing in the label column ("$1,499,999" under
            # "$1,000,000 through"): a piece of a wrapped label. Past blank lines (a page
            # break's), it still ends a label left open above ("(one to four" / "stories high)").
            piece = _Line(i, "T", line.strip())
            if over_the_headings_again(i, piece.label):
                if groups[-1][-1].kind != "A":
                    groups.append([])
                groups[-1].append(_Line(i, "A", piece.label))  # no row's: said, unless the title again
                continue
            join_the_label_above(piece.label, i, text_only=False)
            groups[-1].append(piece)
        elif not _TOTAL_LINE.match(line):
            short.append(" ".join(line.split()))
    return [g for g in groups if g], short


# What stands in a row's figure columns where the filing states no figure: "N/A", "n.a.", "nil".
_NOT_STATED = re.compile(r"N/?A|n\.a\.|nil|none|\*+", re.I)


def _figures_not_stated(columns: str) -> bool:
    """The figure columns of a row, with "N/A" in one at least and figures or nothing else."""
    tokens = columns.split()
    return any(_NOT_STATED.fullmatch(t) for t in tokens) and all(
        _NOT_STATED.fullmatch(t) or _NUMBER_TOKEN.fullmatch(t) or is_zero_dash(t) for t in tokens
    )


# A label line that ends like this goes on in the next line; one that starts like
# this goes on from the line before.
_OPEN_END = re.compile(
    r"(?:\b(?:through|thru|to|and|or|of|than|for|with|by|in|the|a|an|from|between|not|at|on|per|including)|[-\u2013(,&/+])$",
    re.I,
)
_CONTINUING_START = re.compile(r"^(?:[a-z)\]]|[-\u2013]\s)")
# How a bucket's label starts: "$950,000 through $999,999", "95.01% and over", "Less than 50%".
_BUCKET_START = re.compile(r"^(?:\$?\.?\d|(?:less|fewer|more|greater)\s+than\b|under\b|over\b|up\s+to\b)", re.I)


def _goes_on(above: str, below: str) -> bool:
    """Whether two label lines are, by their words, one label."""
    return (
        _OPEN_END.search(above) is not None
        or above.count("(") > above.count(")")
        or _CONTINUING_START.match(below) is not None
        or below.count(")") > below.count("(")
    )


def _goes_on_over_a_page(above: str, below: str) -> bool:
    """Two label lines a page break parts that are, by their words, one label: never a column
    heading repeated at the top of the new page (its words stand in columns)."""
    return _goes_on(above, below) and "   " not in below


def _headings_again(group: list[_Line]) -> bool:
    """A run of lines that are the table's column headings, repeated at the top of a new page."""
    return all(t.kind == "T" and "   " in t.label for t in group) and any(_HEADER_WORDS.search(t.label) for t in group)


def _own_label(above: str, line: str) -> bool:
    """Whether a label line begins a bucket's label of its own rather than going on from the line
    above: both name figures ("$950,000 through $999,999", then "$1,000,000 and over") and the
    words do not join them. A bucket whose cells are left blank is such a line."""
    return _BUCKET_START.match(line) is not None and any(c.isdigit() for c in above) and not _goes_on(above, line)


def _left_open(above: str, line: str) -> bool:
    """A label whose bracket is still open, and a line that closes it."""
    return above.count("(") > above.count(")") and line.count(")") > line.count("(")


@dataclass
class WrapStyle:
    """Where the filing puts a wrapped label's figures: on its "first" line or its "last"."""

    first: int = 0
    last: int = 0

    @property
    def known(self) -> str | None:
        if self.first == self.last:
            return None
        return "first" if self.first > self.last else "last"


def wrap_style(tables: list[RawTable]) -> WrapStyle:
    """The filing's wrapping habit, from every wrapped label whose place is not in doubt."""
    style = WrapStyle()
    for table in tables:
        for group in table.groups:
            data = [k for k, item in enumerate(group) if item.kind == "D"]
            if not data:
                continue
            style.last += data[0] > 0  # label lines above a group's first row: its figures are on the last line
            style.first += data[-1] < len(group) - 1
            for above, below in zip(data, data[1:]):
                between = group[above + 1 : below]
                if len(between) == 1:
                    split = _forced_split(group[above], between, group[below])
                    if split is not None:
                        style.first += split == 1
                        style.last += split == 0
    return style


def _forced_split(above: _Line, between: list[_Line], below: _Line) -> int | None:
    """How many of the label lines between two rows must continue the row above, if the words say."""
    texts = [above.label, *(t.label for t in between), below.label]
    # Cutting after position s (0 = all lines begin the row below) must not split one label.
    limit = _most_above(above, between)
    allowed = [s for s in range(limit + 1) if not _goes_on(texts[s], texts[s + 1])]
    return allowed[0] if len(allowed) == 1 else None


def _most_above(above: _Line, between: list[_Line]) -> int:
    """How many of the label lines between two rows the row above may take at most: not a heading
    ending in a colon ("Condominium:" heads the rows below it), nor a line after one that ends
    by closing the label's bracket ("Condominium Units (over four" / "stories high)" / "Cooperative";
    "stories high) in planned unit" goes on)."""
    depth = above.label.count("(") - above.label.count(")")
    for k, line in enumerate(between):
        if line.label.endswith(":"):
            return k
        depth += line.label.count("(") - line.label.count(")")
        if depth <= 0 < above.label.count("(") and line.label.rstrip("*.,; ").endswith(")"):
            return k + 1
    return len(between)


def _rows(groups: list[list[_Line]], style: WrapStyle) -> tuple[list[RawRow], list[str], list[str]]:
    """Rows with their wrapped labels joined on, each row with the lines it was read from; the labels that
    stand alone with no figures (a bucket whose cells the filing left blank, words over the column headings
    repeated); and which of them stand over the headings repeated (a page's head, or no one's)."""
    rows: list[RawRow] = []
    alone: list[str] = []
    over_headings: list[str] = []
    for number, group in enumerate(groups):
        data = [k for k, item in enumerate(group) if item.kind == "D"]
        if not data:  # label text with no figures anywhere near: not a row; a blank bucket is said
            apart = all(t.kind == "A" for t in group)  # words over the headings repeated: said too
            if apart or _a_blank_bucket(group, groups[number - 1] if number else [], groups[number + 1 : number + 2]):
                alone.append(join_words([t.label for t in group]))
            if apart:
                over_headings.append(alone[-1])
            continue
        group_rows = [RawRow(group[k].label, group[k].values, [group[k].index], marks=group[k].marks) for k in data]
        prefixes: list[list[_Line]] = [[] for _ in data]
        suffixes: list[list[_Line]] = [[] for _ in data]
        prefixes[0] = group[: data[0]]
        if prefixes[0] and _own_label(prefixes[0][-1].label, group[data[0]].label):
            alone.append(join_words([t.label for t in prefixes[0]]))
            prefixes[0] = []
        suffixes[-1] = group[data[-1] + 1 :]
        if suffixes[-1] and _own_label(group[data[-1]].label, suffixes[-1][0].label):
            alone.append(join_words([t.label for t in suffixes[-1]]))
            suffixes[-1] = []
        for n, (above, below) in enumerate(zip(data, data[1:])):
            between = group[above + 1 : below]
            if not between:
                continue
            if len(between) == 1 and _stands_alone(group[above], between[0], group[below]):
                alone.append(between[0].label)
                continue
            split, doubt = _split(group[above], between, group[below], style)
            suffixes[n], prefixes[n + 1] = between[:split], between[split:]
            if doubt:
                for row in (group_rows[n], group_rows[n + 1]):
                    row.warnings.append(doubt)
        for row, prefix, suffix in zip(group_rows, prefixes, suffixes):
            row.label = join_words([t.label for t in prefix] + [row.label] + [t.label for t in suffix])
            row.lines = sorted([*row.lines, *(t.index for t in (*prefix, *suffix))])
        rows += group_rows
    return rows, alone, over_headings


def _a_blank_bucket(group: list[_Line], before: list[_Line], after: list[list[_Line]]) -> bool:
    """Label lines set apart, with no figures, among rows whose labels are buckets like theirs."""
    if before and before[-1].kind == "D":
        return _own_label(before[-1].label, group[0].label)
    return bool(after) and after[0][0].kind == "D" and _own_label(group[-1].label, after[0][0].label)


def _stands_alone(above: _Line, line: _Line, below: _Line) -> bool:
    """A label line between two rows that is neither's: it begins a label of its own, and so does the row below."""
    return _own_label(above.label, line.label) and _own_label(line.label, below.label)


def _split(above: _Line, between: list[_Line], below: _Line, style: WrapStyle) -> tuple[int, str | None]:
    """Where label lines between two rows divide: (lines that continue the row above, doubt)."""
    forced = _forced_split(above, between, below)
    if forced is not None:
        return forced, None
    habit = style.known
    split = min(len(between) if habit != "last" else 0, _most_above(above, between))
    if habit is not None:
        return split, None
    text = " / ".join(t.label for t in between)
    where = "the row above" if split else "the row below"
    return split, (
        f"label line {text!r} could end the row above or begin the row below; read with {where} "
        "(no other wrapped label in the filing shows which)"
    )


# A footnote's first line: "*  Multi-family ...", "(a) ...", "1 Terms ...", "1. Terms ...", "Note: ...".
_NOTE_START = re.compile(rf"^\s*({NOTES_MARK}|\*+|\(\w\)|\d\.?\s|(?i:notes?):)\s*\S")
_MARKED_NOTE = re.compile(rf"^\s*({NOTES_MARK}|\*+|\(\w\))")  # the next note, wherever its lines are
_NUMBERED_NOTE = re.compile(r"^\s*\d\.?\s+\S")  # "2  Such ...", "2.  Such ..."
_MOST_BLANKS_AMONG_STATISTICS = 2
_MOST_NOTE_LINES = 12  # lines of notes, blank lines among them, set between a table's last row and its Total
# A note's first line over a Total: its mark, then words ("(1) Excludes ...", "(1) 3 loans ...", "Note: ..."); never
# a bare number, which may begin a label there ("2 family")
_NOTE_OVER_A_TOTAL = re.compile(rf"^\s*(?:{NOTES_MARK}|(?i:notes?):)\s*(?=.*[A-Za-z]{{3}})\S")


def _another_note(line: str, numbered: bool) -> bool:
    """A line starting the next footnote: a mark at its start ("(2)", "**"); a bare number ("2  Such", "2.  Such")
    only among notes numbered so (a note's wrapped line may start with a figure). Read as the note's own words,
    "2  Such percentages ..." ran on into note 1."""
    return _MARKED_NOTE.match(line) is not None or (numbered and _NUMBERED_NOTE.match(line) is not None)


def _a_paragraph_after(said: str, line: str, text_at: int) -> bool:
    """A line under a note that opens the next paragraph, with no blank line between: the note's last line ends a
    sentence, and this one starts another, indented, but neither under the note's text (a hanging indent) nor at
    the margin. Read as the note's words, "     The weighted average loan-to-value ratio ... was 64.5%." was lost
    to the prose, and the report said the filing did not state it."""
    indent = len(line) - len(line.lstrip())
    return said.endswith(".") and 0 < indent != text_at and line.lstrip()[:1].isupper()


def _statistics_under(lines: list[str], start: int) -> tuple[list[int], int]:
    """The lines under a table's Total (from ``start``, past its rule) stating a figure of its loans, each a
    label and its figure ("Weighted average note rate:  5.843%", "Minimum   5.250%"), blank lines between
    them; and the line after them. They are the prose's to read (``summary_lines``), not the table's rows;
    the table's footnotes may stand under them."""
    found: list[int] = []
    i = start
    while i < len(lines) and (is_blank(lines[i]) or as_statement(lines[i]) is not None):
        if not is_blank(lines[i]):
            found.append(i)
        elif found and i - found[-1] > _MOST_BLANKS_AMONG_STATISTICS:
            break
        i += 1
    return found, found[-1] + 1 if found else start


def _footnotes(
    lines: list[str], total_index: int, page_starts: frozenset[int] = frozenset()
) -> tuple[list[str], int, list[int]]:
    """Footnotes set right under a table ("*  Multi-family dwellings are ...", "Note: Balances are in
    thousands of dollars."), their rule at a page's foot and they at the next page's head too, under the
    lines of statistics that may stand between them and the Total ("Weighted average ...:  5.95%"); the
    table's last line; and those lines of statistics (``_statistics_under``)."""
    i = total_index + 1
    last = total_index
    while i < len(lines) and (is_blank(lines[i]) or is_double_rule(lines[i])):
        if is_double_rule(lines[i]):
            last = i
        i += 1
    statistics, i = _statistics_under(lines, i)
    while statistics and i < len(lines) and is_blank(lines[i]):
        i += 1
    if i < len(lines) and is_rule(lines[i]) and len(lines[i].strip()) < 30:
        i += 1
        parted = _page_break_in_blanks(lines, i, page_starts) if i < len(lines) and is_blank(lines[i]) else None
        i = parted[1] if parted is not None else i
    notes, end = _notes_at(lines, i, len(lines))
    return notes, end if notes else last, statistics


def _a_numbered_title(line: str) -> bool:
    """The next table's title, numbered ("1. SIZE OF MORTGAGE LOANS", "(1) SIZE ..."): a number, then words in
    capitals, no sentence. Read as a footnote of the table above, the title was lost, and the table under it with it."""
    return _A_TITLES_NUMBER.match(line) is not None and is_title_like(line) and not line.rstrip().endswith(".")


_A_TITLES_NUMBER = re.compile(r"^\s*(?:\d{1,2}\.?|\(\d{1,2}\))\s+\S")  # "1. ", "1  ", "(1) "


def _notes_at(lines: list[str], start: int, stop: int) -> tuple[list[str], int]:
    """The footnotes from ``start`` on, before ``stop``, each its lines joined; and the last line of them."""
    notes: list[str] = []
    i, last = start, start - 1
    numbered = i < stop and _NUMBERED_NOTE.match(lines[i]) is not None
    while i < stop and _NOTE_START.match(lines[i]) and not _a_numbered_title(lines[i]):
        note = [lines[i].strip()]
        text_at = len(lines[i]) - len(lines[i][_NOTE_START.match(lines[i]).end() - 1 :])  # under a hanging indent
        i += 1
        while (
            i < stop
            and lines[i].strip()
            and not _another_note(lines[i], numbered)
            and not _a_paragraph_after(note[-1], lines[i], text_at)
        ):
            note.append(lines[i].strip())
            i += 1
        notes.append(" ".join(note))
        last = i - 1
        while i < stop and is_blank(lines[i]):
            i += 1
    return notes, last


def _notes_over_the_total(lines: list[str], total_index: int, width: int) -> tuple[list[str], list[int]]:
    """Footnotes set between a table's last row and its Total line ("(1) Excludes loans with no FICO score."),
    blank lines around them or none: the notes, and their lines. Walking up from the Total, they ended the
    table's rows as a heading would (the Total line lost, the rows read as a table with none); with no blank
    line under the last row, a note ran on into its label. Lines there that do not start as a note does (a
    wrapped label's end, "stories high)") are none."""
    end = total_index - 1
    while end >= 0 and is_blank(lines[end]):
        end -= 1
    top = end
    while (
        top >= 0
        and end - top <= _MOST_NOTE_LINES
        and not _is_data_row(lines[top], width)
        and not is_rule(lines[top])
        and not _TOTAL_LINE.match(lines[top])
    ):
        top -= 1
    if top >= 0 and end - top > _MOST_NOTE_LINES:
        return [], []  # no row near over the Total: nothing here is a note between them
    first = top + 1
    while first <= end and is_blank(lines[first]):
        first += 1
    if first > end or not _NOTE_OVER_A_TOTAL.match(lines[first]):
        return [], []
    notes, last = _notes_at(lines, first, end + 1)
    return (notes, list(range(first, end + 1))) if last == end else ([], [])


# One pool or several listed: "GROUP 2", "GROUPS 2 AND 3", "POOL II OR POOL III".
_POOLS_LISTED = rf"{POOL_WORD}s?\s+{POOL_NAME}\b(?:\s*(?:,|&|\band\b|\bor\b)\s*(?:{POOL_WORD}\s+)?{POOL_NAME}\b)*"
# "Pool 2        Pool 3" over the columns, "BY STATE (GROUP 2)" or "(GROUPS 1 AND 2)" a title, end in a pool's
# name, not a figure.
_POOL_NAME_AT_THE_END = re.compile(rf"\b{_POOLS_LISTED}\s*\)?\s*$", re.I)


# "YEARS OF ORIGINATION ($000)", "(000's)": a title ending in its balances' unit, not a figure.
_UNIT_AT_THE_END = re.compile(r"\(\s*(?:\$|US\$|USD)?\s*'?0{3}'?s?\s*(?:omitted)?\s*\)\s*$", re.I)


# "SIZE OF MORTGAGE LOANS (3)" or "... LOANS 3" (a superscript laid out as text): a title's words, then a footnote's
# mark set a space after them; or its year ("MORTGAGE LOANS ORIGINATED - 2004"); no figure of a row.
_MARK_AFTER_A_TITLE = re.compile(
    rf"^(?P<words>.*[^\W\d_]\)?)(?:\s{{1,2}}{_BRACKETED_MARK}|\s[1-9]\d?|\s(?:[-\u2013\u2014]\s)?(?:19|20)\d\d)\s*$"
)


def _ends_in_a_figure(line: str) -> bool:
    return (
        bool(trailing_numbers(line))
        and not _POOL_NAME_AT_THE_END.search(line)
        and not _UNIT_AT_THE_END.search(line)
        and not _a_title_marked(line)
    )


_A_MARKS_END = frozenset(")0123456789")  # most lines end otherwise: no pattern tried


def _a_title_marked(line: str) -> bool:
    """A title's line ending in a footnote's mark ("SIZE OF MORTGAGE LOANS (3)", "... LOANS 3") or a year: no row's
    figure, though it reads as one; its words alone are a title's (a row's label has figures after it)."""
    line = line.rstrip()
    marked = _MARK_AFTER_A_TITLE.match(line) if line[-1:] in _A_MARKS_END else None
    return marked is not None and not trailing_numbers(marked.group("words")) and _is_title_line(marked.group("words"))


# Pools a title names together: "GROUP 1 AND GROUP 2 LOANS COMBINED", "POOLS I AND II".
_POOLS_TOGETHER = re.compile(
    rf"\b{POOL_WORD}s?\s+({POOL_NAME})\b(?:\s*(?:,|&|\band\b)\s*(?:{POOL_WORD}\s+)?({POOL_NAME})\b)+", re.I
)
# What ``pool_hint`` joins the names of pools a table's title names together with ("1+2"): the parser
# decides whose table that is once it knows the deal's pools.
TOGETHER = "+"
# Pools a title names as left out ("(EXCLUDING GROUP 2)", "OTHER THAN POOLS II AND III"): the table is of the
# rest of the loans, not of those pools. ``pool_hint`` marks them so ("-2", ``OTHER_THAN``), for the parser.
_POOLS_LEFT_OUT = re.compile(
    rf"\b(?:excluding|exclusive\s+of|other\s+than|except(?:\s+for)?|not\s+including|without)\s+(?:the\s+)?{_POOLS_LISTED}",
    re.I,
)
OTHER_THAN = "-"


def names_one_pool(hint: str) -> bool:
    """A pool hint naming one pool (or the deal), not several together nor the loans other than some."""
    return TOGETHER not in hint and not hint.startswith(OTHER_THAN)


def _pool_hint(title: str, super_lines: list[str]) -> str | None:
    """The pool a table names in its own title or headers; a section heading above is the parser's.
    A line of its own naming all the loans ("(all mortgage loans)") makes it the deal's; a title naming
    several pools together, "1+2" (``TOGETHER``); pools left out, "-2" (``OTHER_THAN``)."""
    for text in [title, *super_lines]:
        if left_out := _POOLS_LEFT_OUT.search(text):
            named = re.findall(rf"\b({POOL_NAME})\b", left_out.group(0), re.I)
            return OTHER_THAN + TOGETHER.join(dict.fromkeys(name.upper() for name in named))
    if together := _POOLS_TOGETHER.search(title):
        named = [name.upper() for name in re.findall(rf"\b({POOL_NAME})\b", together.group(0), re.I)]
        if len(set(named)) > 1:
            return TOGETHER.join(dict.fromkeys(named))
    for text in [title, *super_lines]:
        match = _POOL_NAME.search(text)
        if match:
            return match.group(1).upper()
    return WHOLE_DEAL if any(_ALL_LOANS_LINE.fullmatch(line.strip()) for line in super_lines) else None
