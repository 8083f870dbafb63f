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


def as_statement(line: str, heading: str = "") -> str | None:
    """ "Label:   figures" as the sentence "Label: figures.", or None. A unit the label gives goes
    with its figure ("Weighted Average Mortgage Rate (%):  5.843" is "...: 5.843%."), a range
    reads as prose writes one ("Range of Remaining Terms: from 236 to 360 months."), and a
    heading over the line naming some of the loans says whose figure it is (``_whose``)."""
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
    return f"{label}{_whose(heading)}: {value}."


# A heading naming some of the loans: a premium or discount group, whose figures the model holds, or a
# subset ("Jumbo Loans (22% of the mortgage loans)", "Loans with original LTV above 80%"), whose it does not.
_RATE_GROUP = re.compile(r"^(?:the\s+)?(premium|discount)\s+(?:mortgage\s+)?loans?\b", re.I)
_LOANS = re.compile(r"\bloans?\b(?![-\u2010])", re.I)  # not "loan-to-value"
_NOT_A_QUALIFIER = frozenset(("the", "all", "mortgage", ""))
_QUALIFIED_AFTER = re.compile(r"^\s*(?:with|having|that|which|secured|originated|in\s+excess|above|over|under)\b", re.I)
_POOL_NAMED = re.compile(rf"\b{POOL_WORD}\s+{POOL_NAME}\b", re.I)


def _whose(heading: str) -> str:
    """What a line's label says of whose figure it is, from the heading over it: " of the discount
    loans" (read as the group's); " of such loans" for a subset (not read: the prose reader
    leaves a subset's figures, as it does "such mortgage loans"); "" for the section's own loans."""
    if not heading:
        return ""
    if group := _RATE_GROUP.match(heading):
        return f" of the {group.group(1).lower()} loans"
    loans = _LOANS.search(heading)
    if loans is None or _POOL_NAMED.search(heading):
        return ""  # "SUMMARY", "Pool I Mortgage Loans": the section's own
    before = heading[: loans.start()].lower()
    words = set(re.split(r"[^a-z0-9%]+", before)) - _NOT_A_QUALIFIER
    if " of " in f" {before}" or not (words or _QUALIFIED_AFTER.match(heading[loans.end() :])):
        return ""  # "Summary of the Mortgage Loans", "The Mortgage Loans": all of them
    return " of such loans"


def _with_unit(value: str, unit: str) -> str:
    if unit == "$":
        return value if "$" in value else f"${value}"
    if unit == "%":
        return value if "%" in value else f"{value}%"
    return value if value.endswith(unit) else f"{value} {unit}"


def _statement_lines(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """The lines of summary blocks, each in a run of two or more, by position; a run set under a
    heading ("Premium Loans", "Jumbo Loans") is that heading's loans'."""
    found = {position for position, (_, line) in enumerate(lines) if as_statement(line)}
    said: dict[int, list[SaidApart]] = {}
    heading = ""
    for position in sorted(found):
        if not (position - 1 in found or position + 1 in found):
            continue
        if not (position - 1 in found and _indent(lines[position - 1][1]) == _indent(lines[position][1])):
            heading = _heading_above(lines, position, found)  # the first line of a run: its heading
        said[position] = [SaidApart(lines[position][0], None, as_statement(lines[position][1], heading))]
    return said


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _heading_above(lines: list[tuple[int, str]], position: int, statements: set[int]) -> str:
    """The line over a run of a summary's lines (a blank line between at most) if it is a heading:
    short words, no stop, no figures outside brackets."""
    above = position - 1
    if above >= 0 and not lines[above][1].strip():
        above -= 1
    if above < 0 or above in statements:
        return ""
    text = lines[above][1].strip()
    bare = re.sub(r"\([^()]*\)", "", text)
    if not text or len(text) > _LONGEST_LABEL_LINE + 20 or text.endswith((".", ",", ";")) or re.search(r"\d", bare):
        return ""
    return text


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
    rate   5.544% ...": the discount loans' rate, never the pool's; see ``_under``)."""
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
            rows.append((lines[position][0], _under(f"{label_above} {row[0]}".strip(), group), row[1:]))
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


def _under(label: str, group: str) -> str:
    """A row's label under a heading over rows set in under it: the group's or subset's loans
    ("Discount loans" / "Weighted average interest rate"), or what the rows measure ("Remaining
    Term" / "Weighted average": "Weighted average Remaining Term")."""
    if not group:
        return label
    return label + (_whose(group) or f" {group}")


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
