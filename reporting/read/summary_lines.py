"""A summary's lines and tables of pools' columns, as the sentences the prose reader reads.

2005-2008 term sheets and detailed descriptions often open with a summary instead of (or
beside) CMSI's sentences: a block of lines, each a label and its figures

    Weighted Average Mortgage Rate (%):                       5.843
    Range of Mortgage Rates:                       5.250% to 7.250%

or a table with a column for each pool

                                     Pool I     Pool II    All Loans
    Weighted Average Mortgage Rate   6.132%      5.486%       5.962%

Run on as one sentence, a block gave one label's figure to another (the lowest rate as the
WAC, the longest term as the WAM). Here each line, and each column of each row, becomes a
sentence of its own, "Weighted Average Mortgage Rate: 5.843%.", with the pool whose column it
is; ``narrative.build_prose`` sets them apart, and the prose's own rules read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read.dates import DATE_PATTERN


@dataclass(frozen=True)
class SaidApart:
    """A sentence made of a summary's line: its filing line (0-based), and the pool whose column it
    is (None: the section's own, as the prose around it)."""

    line: int
    pool: str | None
    sentence: str


# --- a block of lines: "Label:   figures" ------------------------------------------------------------

# A label and its figures, apart by a colon, dot leaders, or (an HTML table of two columns, laid out)
# three spaces or more; the figures a number, a range ("236 to 360 months", "$54,500 / $1,000,000") or a
# date ("Latest Maturity Date:   May 1, 2034"). The label holds no gap of three spaces (a table's row
# does, between its label and its first figure), so the pattern stays linear on a long run of spaces.
_STATEMENT = re.compile(
    r"^\s*(?P<label>[A-Z](?:(?!\s{3})[^:.]){2,89}?)(?:\s*(?P<colon>:)|\s*(?P<leaders>\.{3,})|\s{3})\s*"
    r"(?P<value>[$(]?\s?\d[\d,.]*(?:\s?%)?(?:\s*(?:to|-|/|and)\s*\$?\d[\d,.]*(?:\s?%)?)?"
    rf"(?:\s+(?:months?|mos\.?|years?|yrs\.?))?|(?i:{DATE_PATTERN.pattern}))\s*$"
)
_LONGEST_STATEMENT = 160  # characters: a summary's line is short (and a hostile one is not scanned)
_MOST_WORDS_OF_A_LABEL = 10  # a label set apart by spaces alone: more words are prose's
_LABEL_UNIT = re.compile(r"\s*\((%|\$|months|years)\)\s*")  # "Weighted Average Mortgage Rate (%)"
_SHORT_UNIT = re.compile(r"\s+(mos|yrs)\.?$", re.I)  # "355.82 mos."
_RANGE_VALUE = re.compile(r"^\$?[\d,.]+\s?%?\s*(?:/|\bto\b)\s*\$?[\d,.]+")
_LEAST_AND_MOST = re.compile(r"^(?:minimum|lowest|shortest|smallest)\s*/\s*(?:maximum|highest|longest|largest)\b", re.I)


def as_statement(line: str, whose: str = "") -> str | None:
    """ "Label:   figures" as the sentence "Label: figures.", or None. A unit the label gives goes
    with its figure ("Weighted Average Mortgage Rate (%):  5.843" is "...: 5.843%."), a range
    reads as prose writes one ("Range of Remaining Terms: from 236 to 360 months."), and ``whose``
    (from a heading over the line: see ``_whose``) follows the label."""
    match = _STATEMENT.match(line) if len(line) <= _LONGEST_STATEMENT else None
    if match is None:
        return None
    label, value = match.group("label").strip(), match.group("value").strip()
    value = _SHORT_UNIT.sub(lambda short: " months" if short.group(1).lower() == "mos" else " years", value)
    if unit := _LABEL_UNIT.search(label):
        label = (label[: unit.start()] + " " + label[unit.end() :]).strip()
        value = _with_unit(value, unit.group(1))
    if not (match.group("colon") or match.group("leaders") or len(label.split()) <= _MOST_WORDS_OF_A_LABEL):
        return None  # words and then figures, with neither a colon nor dot leaders: prose
    if _RANGE_VALUE.match(value) and (" to " in value or _LEAST_AND_MOST.match(label)):
        value = "from " + re.sub(r"\s*(?:/|\bto\b)\s*", " to ", value, count=1)
    return f"{label}{whose}: {value}."


# What a heading over a summary's lines says of whose figures they are. A premium or discount group's,
# wherever it is named ("Premium Loans", "Characteristics of the Premium Loans"); a subset's, where it
# bounds the loans or gives their share ("Loans with original LTV above 80%", "Interest-only", "Jumbo
# Loans (22% of the mortgage loans)"), whose figures the model does not hold; else by where it stands:
# over a whole block (its title: "SUMMARY OF THE MORTGAGE LOANS", "Fixed Rate Mortgage Loans") the
# section's own loans; within a block, a kind of loans ("Jumbo Loans") a subset, other words
# ("ORIGINAL TERMS") the section's own; over rows set in under it in a table of pools' columns, a
# kind of loans a subset, other words what the rows measure ("Interest rates" / "Weighted average").
_RATE_GROUP = re.compile(r"\b(premium|discount)\s+(?:mortgage\s+)?loans?\b", re.I)
_LOANS = re.compile(r"\bloans?\b(?![-\u2010])", re.I)  # not "loan-to-value"
_SUBSET_MARK = re.compile(
    r"\d\s*%|\$\s*\d|\b(?:above|over|below|under|greater|less|more\s+than|exceed\w*|in\s+excess|only|with|without"
    r"|having|that|which)\b",
    re.I,
)
# A heading naming a pool or the whole deal ("POOL II MORTGAGE LOANS", "ALL MORTGAGE LOANS"): its loans are
# the section's, which the prose reader takes from the same heading.
_POOL_NAMED = re.compile(
    rf"\b{POOL_WORD}\s+{POOL_NAME}\b|\ball\s+(?:the\s+)?(?:mortgage\s+)?(?:loans|pools)\b"
    r"|\bin\s+the\s+aggregate\b|\baggregate\s+(?:mortgage\s+)?loans\b|\bpools\s+combined\b",
    re.I,
)
TITLE, WITHIN, SET_IN = "title", "within", "set in"  # where a heading stands


def _whose(heading: str, where: str) -> str:
    """What a line's label gains from the heading over it: " of the discount loans" (read as the
    group's), " of such loans" (a subset's: the prose reader leaves them, as it does "such mortgage
    loans"), the heading itself (what the rows measure), or nothing (the section's own loans)."""
    if not heading:
        return ""
    if group := _RATE_GROUP.search(heading):
        return f" of the {group.group(1).lower()} loans"
    names_loans = _LOANS.search(heading) is not None
    if _SUBSET_MARK.search(DATE_PATTERN.sub("", heading)):
        return " of such loans"
    if where == TITLE:
        return ""
    if where == WITHIN:
        return " of such loans" if names_loans and not _POOL_NAMED.search(heading) else ""
    return " of such loans" if names_loans else f" {heading}"


def _with_unit(value: str, unit: str) -> str:
    if unit == "$":
        return value if "$" in value else f"${value}"
    if unit == "%":
        return value if "%" in value else f"{value}%"
    return value if value.endswith(unit) else f"{value} {unit}"


def _statement_lines(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """The lines of summary blocks, each in a run of two or more, by position; a run under a heading
    is read as the heading says (``_whose``)."""
    found = {position for position, (_, line) in enumerate(lines) if as_statement(line)}
    said: dict[int, list[SaidApart]] = {}
    whose = ""
    for position in sorted(found):
        if not (position - 1 in found or position + 1 in found):
            continue
        if not (position - 1 in found and _indent(lines[position - 1][1]) == _indent(lines[position][1])):
            whose = _whose(*_heading_above(lines, position, found))  # the first line of a run
        said[position] = [SaidApart(lines[position][0], None, as_statement(lines[position][1], whose))]
    return said


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _heading_above(lines: list[tuple[int, str]], position: int, statements: set[int]) -> tuple[str, str]:
    """The heading over a run of a summary's lines, and where it stands (TITLE over a block, WITHIN
    one): the line above (past a blank line and a rule under it), with a line in brackets under it
    ("Premium Loans" / "(net loan rates of 5.250% or more)"); "" where there is none."""
    above = _next_text_above(lines, position)
    if above is not None and set(lines[above][1].strip()) <= set("-=_ "):
        above = _next_text_above(lines, above)  # the heading's underline
    if above is None or above in statements or not _a_heading(lines[above][1]):
        return "", TITLE
    heading = lines[above][1].strip()
    if heading.startswith("(") and (over := _next_text_above(lines, above)) is not None and _a_heading(lines[over][1]):
        heading, above = f"{lines[over][1].strip()} {heading}", over
    below_a_block = (before := _next_text_above(lines, above)) is not None and before in statements
    return heading, WITHIN if below_a_block else TITLE


def _next_text_above(lines: list[tuple[int, str]], position: int) -> int | None:
    """The position of the line of text above (a blank line between at most), or None."""
    above = position - 1
    if above >= 0 and not lines[above][1].strip():
        above -= 1
    return above if above >= 0 and lines[above][1].strip() else None


def _a_heading(line: str) -> bool:
    """A short line of words with no stop, set in one run (a table's row has gaps between its columns)."""
    text = line.strip()
    return (
        0 < len(text) <= _LONGEST_LABEL_LINE + 20
        and not text.endswith((".", ",", ";"))
        and not _COLUMN_GAP.search(text)
        and as_statement(line) is None
    )


# --- a table of pools' columns ---------------------------------------------------------------------

# A column's heading: "Pool I", "Loan Group 2", or the whole deal's, "All Loans", "Total".
_COLUMN_POOL = re.compile(
    rf"^(?:{POOL_WORD}\s+(?P<name>{POOL_NAME})|(?P<all>all\s+(?:mortgage\s+)?loans|all\s+pools|total|aggregate))$",
    re.I,
)
_UNIT = r"(?:\s+(?:months|mos\.?|years|yrs\.?))?"
_COLUMN_FIGURE = re.compile(rf"^(?:[$(]?\s?\d[\d,.]*\s?%?(?:\s*(?:-|to)\s*\$?\d[\d,.]*\s?%?)?{_UNIT}|N/?A)$")
_COLUMN_GAP = re.compile(r"\s{2,}")
_LAST_FIGURE = re.compile(rf"^(.*[A-Za-z)])\s(\$?\d[\d,.]*\s?%?{_UNIT})$")  # "... term 355.82 mos."
_LONGEST_LABEL_LINE = 60


def _pool_column_tables(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """Each table of pools' columns, at its first line: for each pool, a sentence for each row
    ("Weighted Average Mortgage Rate: 6.132%."); its other lines, at theirs, with nothing to say."""
    tables: dict[int, list[SaidApart]] = {}
    position = 0
    while position < len(lines):
        pools = _column_pools(lines[position][1])
        rows, end = _rows_under_pools(lines, position + 1, len(pools)) if pools else ([], position)
        if not rows:
            position += 1
            continue
        tables[position] = [
            SaidApart(at, pool, sentence)
            for column, pool in enumerate(pools)
            for at, label, figures in rows
            if (sentence := as_statement(f"{label}: {figures[column]}"))
        ]
        tables.update({later: [] for later in range(position + 1, end)})
        position = end
    return tables


def _column_pools(line: str) -> list[str] | None:
    """The pools a line of column headings names, one for each column, or None."""
    words = _COLUMN_GAP.split(line.strip())
    found = [_COLUMN_POOL.match(word) for word in words]
    if len(words) < 2 or not all(found) or not any(match.group("name") for match in found):
        return None
    return [match.group("name").upper() if match.group("name") else WHOLE_DEAL for match in found]


def _rows_under_pools(
    lines: list[tuple[int, str]], start: int, columns: int
) -> tuple[list[tuple[int, str, list[str]]], int]:
    """The rows under a line of pools' columns, each (its line, its label, a figure per column), and
    the position after the last line read: a rule under the headings, a label over two lines, and a
    group's heading over its rows set in under it ("Discount loans" / "   Weighted average interest
    rate   5.544% ...": the discount loans' rate, never the pool's; see ``_whose``)."""
    rows: list[tuple[int, str, list[str]]] = []
    label_above, group, group_indent = "", "", 0
    position = start
    while position < len(lines):
        line = lines[position][1]
        text, indent = line.strip(), len(line) - len(line.lstrip())
        if not text or set(text) <= set("-=_ "):
            if not text and (label_above or (position + 1 < len(lines) and not lines[position + 1][1].strip())):
                break  # two blank lines, or a blank under a label's first line: the table has ended
        elif row := _row_pieces(text, columns):
            group = group if indent > group_indent else ""
            label = f"{label_above} {row[0]}".strip()
            rows.append((lines[position][0], label + _whose(group, SET_IN), row[1:]))
            label_above = ""
        elif (
            " " * 2 not in text
            and not label_above
            and len(text) <= _LONGEST_LABEL_LINE
            and not text.endswith((".", ","))
        ):
            if _rows_set_in_under(lines, position, columns) >= 2:
                group, group_indent = text, indent
            else:
                label_above = text  # "Weighted Average Remaining" over "  Term (months)   358.20 ..."
        else:
            break
        position += 1
    return rows, position if rows else start


def _row_pieces(text: str, columns: int) -> list[str] | None:
    """A row's label and its figure in each column, or None: the pieces set apart by two spaces or
    more, where a long label may come within one space of its first figure."""
    pieces = _COLUMN_GAP.split(text)
    if len(pieces) == columns and (touching := _LAST_FIGURE.match(pieces[0])):
        pieces = [touching.group(1), touching.group(2), *pieces[1:]]
    if len(pieces) == columns + 1 and all(_COLUMN_FIGURE.match(piece) for piece in pieces[1:]):
        return pieces
    return None


def _rows_set_in_under(lines: list[tuple[int, str]], position: int, columns: int) -> int:
    """How many rows follow a line of words, each set in further than it."""
    indent = len(lines[position][1]) - len(lines[position][1].lstrip())
    count = 0
    for _, line in lines[position + 1 :]:
        if not (len(line) - len(line.lstrip()) > indent and _row_pieces(line.strip(), columns)):
            break
        count += 1
    return count


def said_apart(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """The sentences a summary's lines and tables of pools' columns make, at the position of the
    line (a table: its heading line) they stand for; a table's other lines map to nothing."""
    return {**_statement_lines(lines), **_pool_column_tables(lines)}
