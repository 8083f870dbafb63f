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

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL, WHOLE_DEAL_NAME, WHOLE_DEAL_NAMED
from reporting.read import scale
from reporting.read.approximate import APPROXIMATELY
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
_DATE = rf"(?i:{DATE_PATTERN.pattern})"
_STATEMENT = re.compile(
    r"^\s*(?P<label>[A-Z](?:(?!\s{3})(?:[^:.]|\.(?=\))|(?<=[A-Za-z])\.(?=\s[A-Za-z(]))){2,89}?)(?:\s*(?P<colon>:)|\s*(?P<leaders>\.{3,})|\s{3})\s*"
    rf"(?P<dollar>\$\s*(?=(?i:{APPROXIMATELY})))?(?P<about>(?i:{APPROXIMATELY})\s+)?"
    r"(?P<value>(?:\$\s*|\()?\d[\d,.]*(?:\s?%)?(?:\s*(?:to|-|/|and)\s*\$?\s*\d[\d,.]*(?:\s?%)?)?"
    rf"(?:\s+(?:months?|mos\.?|years?|yrs\.?))?|{_DATE}(?:\s+(?:to|through|-)\s+{_DATE})?)\s*$"
)
_TAB = re.compile(r"[ ]*\t\s*")
_LONGEST_STATEMENT = 160  # characters: a summary's line is short (and a hostile one is not scanned)
# A label and words that stand for its figure, "Weighted Average FICO:   N/A", "Prepayment Penalties:  None":
# only such words (a heading "Jumbo Loans: Characteristics", a note "Note: the weighted average ..." is none)
_LABELLED_WORDS = re.compile(
    r"^\s*(?P<label>[A-Z](?:(?!\s{3})[^:.\d]){2,89}?)\s*:\s*(?P<words>(?i:n/?a|n\.a\.|none|nil|tbd|tba|unknown"
    r"|not\s+(?:available|applicable|stated|known)|to\s+be\s+(?:determined|announced)"
    r"|see\s+(?:below|above|notes?|footnotes?)))\s*$"
)
_MOST_WORDS_OF_A_LABEL = 10  # a label set apart by spaces alone: more words are prose's
# "WA Remaining Term", "W.A. Mortgage Rate", "Wtd. Avg. Coupon": short for "weighted average" (a summary's
# labels, a list item's words); "WA" and "W.A." in capitals only, whatever the flags of a pattern holding it
ABBREVIATED_AVERAGE = re.compile(r"\b(?:(?-i:WA|W\.\s?A\.)|(?i:wtd|wgt)\.?\s*(?i:avg)\.?)(?=\s+[A-Za-z(])")
# A weighted average term's label, whose bare figure above the longest term in years can only be months
_A_TERM = re.compile(
    r"^weighted\s+average\s+(?:remaining|original)\s+terms?(?:\s+(?:to|until)\s+(?:stated\s+)?maturity)?$", re.I
)
_LONGEST_TERM_IN_YEARS = 50
_LABEL_UNIT = re.compile(r"\s*\((%|\$|months|years|mos\.?)\)\s*")  # "Weighted Average Mortgage Rate (%)"
# "619,801", "$619,801", "54.5 / 1,000", "$54.5 to $1,000": amounts with no unit of their own
_AMOUNTS = re.compile(r"\$?\s?(?P<low>\d[\d,]*(?:\.\d+)?)(?:\s*(?:/|\bto\b|-)\s*\$?\s?(?P<high>\d[\d,]*(?:\.\d+)?))?")
_SHORT_UNIT = re.compile(r"\s+(mos|yrs)\.?$", re.I)  # "355.82 mos."
_RANGE_VALUE = re.compile(r"^\$?[\d,.]+\s?%?\s*(?:/|\bto\b|-)\s*\$?[\d,.]+")
_A_RANGE = re.compile(r"\brange\b", re.I)  # "Range of Original Balances   $54,500 - $1,000,000": a dash between
_LEAST_AND_MOST = re.compile(r"^(?:minimum|lowest|shortest|smallest)\s*/\s*(?:maximum|highest|longest|largest)\b", re.I)


_DATE_RANGE = re.compile(rf"(?P<first>{_DATE})\s+(?:to|through|-)\s+(?P<last>{_DATE})")
# A summary's labels in the words the prose's rules read a fact by, each a whole label with a single figure:
# "Current Principal Balance" is the aggregate balance, "Gross WAC" the weighted average rate ("Net WAC", the
# rate after the servicing fee, is no WAC and keeps its words), "WAM" the remaining term. Only the loans' own
# figures: "Average Current Balance", "Original Principal Balance" (the balance at origination) keep theirs.
_PROSE_WORDS = tuple(
    (re.compile(pattern, re.I), words)
    for pattern, words in (
        (
            r"(?:(?:total|aggregate)\s+)?(?:(?:current|outstanding|scheduled|stated|unpaid|cut-?off\s+date)\s+)+"
            r"(?:principal\s+)?balance|total\s+(?:principal\s+)?balance|(?:total\s+)?pool\s+(?:principal\s+)?balance"
            r"|(?:(?:scheduled|stated)\s+)?principal\s+balance",
            "Aggregate Principal Balance",
        ),
        (r"(?:total\s+)?(?:mortgage\s+)?loan\s+count", "Number of Mortgage Loans"),
        (
            r"(?:gross\s+)?(?-i:WAC)|(?:gross\s+)?weighted\s+average\s+(?:(?:gross|current)\s+)*"
            r"(?:coupon|(?:mortgage|note|loan|interest)\s+rate)",
            "Weighted Average Mortgage Rate",
        ),
        (
            r"(?-i:WAM)|weighted\s+average\s+(?:stated\s+)?remaining\s+term(?:\s+to\s+(?:stated\s+)?maturity)?",
            "Weighted Average Remaining Term",
        ),
        (r"weighted\s+average\s+orig\s+term(?:\s+to\s+(?:stated\s+)?maturity)?", "Weighted Average Original Term"),
        (r"maturity\s+date\s+\(latest\)|latest\s+(?:stated\s+|scheduled\s+)?maturity", "Latest Maturity Date"),
    )
)
_SHORT_BOUND = ((re.compile(r"^max\.?(?=\s)", re.I), "Maximum"), (re.compile(r"^min\.?(?=\s)", re.I), "Minimum"))
# "Mortgage Rate (WA)" is the "Weighted Average Mortgage Rate"; "Range of Original LTVs" of the ratios
_OTHER_WAYS = (
    (re.compile(r"^(?P<what>.+?)\s*\((?:WA|W\.A\.|weighted\s+average)\)$", re.I), r"Weighted Average \g<what>"),
    (re.compile(r"\bLTVs\b"), "LTV Ratios"),
)
_COMPARED = ((re.compile(r"\s*>=?\s*(?=\d)"), " above "), (re.compile(r"\s*<=?\s*(?=\d)"), " below "))


# A term with neither "weighted average" nor a bound before it: which it is, the label does not say
_A_TERM_ALONE = re.compile(r"(?:stated\s+)?(?:original|remaining)\s+terms?(?:\s+to\s+(?:stated\s+)?maturity)?", re.I)
# A label ending in loans of a kind ("Number of IO Loans", "... of Relocation Loans"): never the mortgage loans
# themselves, the premium or discount loans (a rate group's: ``_whose``), a pool's nor a measure's word
_OF_A_KIND_OF_LOANS = re.compile(
    r"\b(?!(?:mortgage|the|all|of|total|number|premium|discount|such|pool|group|[IVX]+|\d+)\b)[A-Za-z][\w-]*"
    r"\s+(?:mortgage\s+)?loans$",
    re.I,
)


_UNITS_BOTH_ENDS = re.compile(r"^\$[\d,.]+\s*-\s*\$[\d,.]+$|^[\d,.]+\s?%\s*-\s*[\d,.]+\s?%$")  # "$54,500 - $1,000,000"
# A bare figure whose label names its unit's measure: a balance is in dollars, a rate or a ratio in percent
_A_BALANCE = re.compile(r"\bbalances?\b(?!.*\b(?:number|count|percent|share|ratio)\b)", re.I)
_A_PERCENT = re.compile(r"\b(?:rates?|coupon|WAC|ltv|loan-to-value)\b", re.I)
_BARE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _in_its_unit(label: str, value: str) -> str:
    """ "Aggregate Principal Balance:  619,800,778.37" is in dollars, "Weighted Average Original LTV:  64.5" in
    percent (a ratio of 1 or less, "0.645", may be a fraction: left as it is, and not read)."""
    if not _BARE.fullmatch(value):
        return value
    if _A_BALANCE.search(label):
        return f"${value}"
    if _A_PERCENT.search(label) and not _A_TERM.search(label) and float(value.replace(",", "")) > 1:
        return f"{value}%"
    return value


def _in_prose_words(label: str, value: str) -> str:
    """The label in the words the prose's rules read its fact by: see ``_PROSE_WORDS``; "Max LTV" is the
    "Maximum LTV", "LTV > 80%" is "LTV above 80%"."""
    for pattern, words in (*_SHORT_BOUND, *_COMPARED, *_OTHER_WAYS):
        label = pattern.sub(words, label)
    if _RANGE_VALUE.match(value):
        return label  # a range of figures is no total nor average
    return next((words for pattern, words in _PROSE_WORDS if pattern.fullmatch(label)), label)


def _parted(line: str) -> re.Match[str] | None:
    """A summary's line parted by ``_STATEMENT`` into label and figures, a tab as a gap of spaces and the
    abbreviations written out ("WA" is "Weighted Average"); a line too long for a summary's is none."""
    line = _TAB.sub("   ", line)  # a tab sets a label and its figure apart as a gap of spaces does
    if len(line) > _LONGEST_STATEMENT:
        return None
    return _STATEMENT.match(ABBREVIATED_AVERAGE.sub("Weighted Average", line))


def as_statement(line: str, whose: str = "") -> str | None:
    """ "Label:   figures" as the sentence "Label: figures.", or None. A unit the label gives goes
    with its figure ("Weighted Average Mortgage Rate (%):  5.843" is "...: 5.843%."), a range
    reads as prose writes one ("Range of Remaining Terms: from 236 to 360 months."), and ``whose``
    (from a heading over the line: see ``_whose``) follows the label."""
    if len(line) > _LONGEST_STATEMENT:  # never a summary's line (a tab only makes it longer): not remembered
        return None
    return _as_statement(line, whose)


# Remembered: a filing's lines are read as statements three times (for the tables' finder, the prose and the
# safety net), and a summary repeats its lines pool by pool.
@functools.lru_cache(maxsize=4096)
def _as_statement(line: str, whose: str) -> str | None:
    match = _parted(line)
    if match is None:
        return None
    label, value = match.group("label").strip(), match.group("value").strip()
    value = ("$" if match.group("dollar") else "") + re.sub(r"^\$\s+", "$", value)  # "$   505,960" in a cell of its own
    if label.endswith(" $") and not value.startswith("$"):
        label, value = label[:-2].rstrip(), f"${value}"  # "$" in a cell of its own, before the figure's
    value = _SHORT_UNIT.sub(lambda short: " months" if short.group(1).lower() == "mos" else " years", value)
    if unit := _LABEL_UNIT.search(label):
        label = (label[: unit.start()] + " " + label[unit.end() :]).strip()
        value = _with_unit(value, "months" if unit.group(1).startswith("mos") else unit.group(1))
    elif (scaled := scale.unit_said(label, of_the_balances=True)) and (amounts := _AMOUNTS.fullmatch(value)):
        # "Aggregate Principal Balance ($000):  619,801" is $619,801 thousand, "Original Balance Range ($000):
        # 54.5 to 1,000" from $54.5 thousand to $1,000 thousand: said so, the amount readers read them in dollars
        label = re.sub(r"\s*\([^()]*\)\s*$", "", label) or label
        word = scale.in_words(scaled).removesuffix("s")
        low, high = amounts.group("low", "high")
        value = f"from ${low} {word} to ${high} {word}" if high else f"${low} {word}"
    if not (match.group("colon") or match.group("leaders") or len(label.split()) <= _MOST_WORDS_OF_A_LABEL):
        return None  # words and then figures, with neither a colon nor dot leaders: prose
    label = _in_prose_words(label, value)
    if _A_TERM_ALONE.fullmatch(label) and not _RANGE_VALUE.match(value):
        label += " (unqualified)"  # "Original Term (months):  360": an average or every loan's term, not said
    if _OF_A_KIND_OF_LOANS.search(label) and not whose:
        whose = " of such loans"  # "Number of IO Loans", "WA Remaining Term of IO Loans": a subset's, no pool's
    if _A_TERM.search(label) and re.fullmatch(r"\d+(?:\.\d+)?", value) and float(value) > _LONGEST_TERM_IN_YEARS:
        value += " months"  # "Weighted Average Original Term   359.66": no term is 359 years
    value = _in_its_unit(label, value)
    if _RANGE_VALUE.match(value) and (
        " to " in value or _LEAST_AND_MOST.match(label) or _A_RANGE.search(label) or _UNITS_BOTH_ENDS.match(value)
    ):
        value = "from " + re.sub(r"\s*(?:/|\bto\b|-)\s*", " to ", value, count=1)
    elif dates := _DATE_RANGE.fullmatch(value):  # "February 1, 2003 to May 1, 2004"
        value = f"from {dates.group('first')} to {dates.group('last')}"
    about = "approximately " if match.group("about") else ""  # said before the figure, for the prose's rules
    return f"{label}{whose}: {about}{value}."


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
# A heading naming a pool or the whole deal ("POOL II MORTGAGE LOANS", "ALL MORTGAGE LOANS", "All Loan Groups:"):
# its loans are the section's, which the prose reader takes from the same heading.
_POOL_NAMED = re.compile(
    rf"\b{POOL_WORD}\s+{POOL_NAME}\b|\b{WHOLE_DEAL_NAMED}\b|\bin\s+the\s+aggregate\b",
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
    texts = {position: line for position, (_, line) in enumerate(lines) if as_statement(line)}
    # A label and its figure a tab apart, the tab set as one or two spaces to the next stop: beside a block's lines
    _grow(lines, texts, _tab_apart)
    # "Weighted Average FICO:   N/A" beside a block's lines: a sentence of its own, stating nothing (run on
    # into the next line, it lent its label to the next line's figure)
    worded = {position for position in _beside(texts, len(lines)) if _LABELLED_WORDS.match(lines[position][1])}
    # A label and figures beside a block's lines, in a form no summary line takes ("$  approx. 619,800,778",
    # "Origination Dates   02/2003 - 05/2004"): a sentence of its own too, as it stands, for the prose's rules
    # and the safety net to read (run on into the next line, it lent its figure to the next line's label)
    unread: dict[int, str] = {}
    _grow(lines, unread, _labelled_line, around={**texts, **dict.fromkeys(worded, "")})
    found = set(texts) | worded | set(unread)
    said: dict[int, list[SaidApart]] = {}
    whose = ""
    for position in sorted(found):
        if not (position - 1 in found or position + 1 in found):
            # A lone line, a paragraph of its own, with a colon or dot leaders ("Weighted Average Note Rate:
            # 5.843%" under a table): a sentence too, as the section's, never one that breaks off without its end
            if _a_labelled_paragraph(lines, position, texts):
                said[position] = [SaidApart(lines[position][0], None, (as_statement(texts[position]) or "").strip())]
            continue
        if not (position - 1 in found and _indent(lines[position - 1][1]) == _indent(lines[position][1])):
            whose = _whose(*_heading_above(lines, position, found))  # the first line of a run
        line = lines[position][1]
        if position in texts:
            sentence = as_statement(texts[position], whose) or ""
        elif position in unread:
            sentence = unread[position]
        else:
            sentence = _LABELLED_WORDS.sub(r"\g<label>: \g<words>.", line)
        said[position] = [SaidApart(lines[position][0], None, sentence.strip())]
    return said


def _a_labelled_paragraph(lines: list[tuple[int, str]], position: int, texts: dict[int, str]) -> bool:
    """Whether the line at ``position`` is a summary's line with a colon or dot leaders, a blank line (or the
    text's end) above and below it."""
    if position not in texts or (match := _parted(texts[position])) is None or not _labelled(match):
        return False
    above = position == 0 or not lines[position - 1][1].strip()
    return above and (position + 1 == len(lines) or not lines[position + 1][1].strip())


def _beside(found: dict[int, str] | set[int], count: int) -> set[int]:
    """The positions next to the found ones, not found themselves."""
    return {p + step for p in found for step in (-1, 1) if 0 <= p + step < count} - set(found)


def _grow(
    lines: list[tuple[int, str]],
    found: dict[int, str],
    read: Callable[[str], str | None],
    around: dict[int, str] | None = None,
) -> None:
    """Add to ``found`` each line beside it (or beside ``around``) that ``read`` reads, and each beside those."""
    around = around if around is not None else found
    while added := {
        position: text
        for position in _beside({**around, **found}, len(lines))
        if (text := read(lines[position][1])) is not None
    }:
        found.update(added)


_TAB_STOP = 8  # columns: where a tab expanded (``ingest``) sets the figure after a label


def _tab_apart(line: str) -> str | None:
    """The line with the gap of one or two spaces before a figure at a tab stop as a gap of three, where that
    makes it a summary's line ("WA Remaining Term to Maturity (months)  357.95", a tab expanded); else None."""
    if len(line) > _LONGEST_STATEMENT:
        return None
    for gap in reversed(list(re.finditer(r"(?<=\S) {1,2}(?=\S)", line))):
        if gap.end() % _TAB_STOP == 0 and as_statement(respaced := f"{line[: gap.start()]}   {line[gap.end() :]}"):
            return respaced
    return None


# A label and figures that no summary line's pattern reads: a label of a few words, then a colon, dot leaders or a
# gap of three spaces or more, then a short run of a few words holding a figure
_LABELLED_LINE = re.compile(
    r"^\s*(?P<label>[A-Z][^\s:.]*(?:\s[^\s:.]+){0,9}?)(?:\s*:|\s*\.{3,}|\s{3,})\s*"
    r"(?P<figures>(?=.*\d)\S(?:\S|\s(?!\s*$)){0,59})\s*$"
)
_MOST_WORDS_OF_FIGURES = 8


def _labelled_line(line: str) -> str | None:
    """ "Label   figures" as the sentence "Label: figures.", or None: see ``_LABELLED_LINE``."""
    if len(line) > _LONGEST_STATEMENT:
        return None
    match = _LABELLED_LINE.match(line)  # never a tab's one or two spaces: "... at least 5.250% (Premium Loans)" heads
    if match is None or len(match.group("figures").split()) > _MOST_WORDS_OF_FIGURES:
        return None
    figures = " ".join(match.group("figures").split()).rstrip(".")
    return f"{match.group('label')}: {figures}."


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

# A column's heading: "Pool I", "Loan Group 2", "Pool I(1)", "Pool I (30-Year)", or the whole deal's,
# "All Loans", "Total", "Total Pool", "All Groups".
_COLUMN_POOL = re.compile(
    rf"^(?:{POOL_WORD}\s+(?P<name>{POOL_NAME})(?:\s?(?:\(\d{{1,2}}\)|\*+|[\u2020\u2021]))?(?:\s*\([^()]{{1,30}}\))?"
    rf"|(?P<all>{WHOLE_DEAL_NAME}))$",
    re.I,
)
_UNIT = r"(?:\s+(?:months|mos\.?|years|yrs\.?))?"
_COLUMN_FIGURE = re.compile(
    rf"^(?:[$(]?\s?\d[\d,.]*\s?%?(?:\s*(?:-|to)\s*\$?\d[\d,.]*\s?%?)?{_UNIT}|{_DATE})$"  # "October 1, 2034" too
)
_NO_FIGURE = re.compile(r"^(?:N/?A|[-\u2013\u2014]{1,3}%?|none)$", re.I)  # a cell that states nothing
_CHUNK = re.compile(r"\S+(?:\s\S+)*")  # a piece of a line, set apart from the next by two spaces or more
_COLUMN_GAP = re.compile(r"\s{2,}")
_LAST_FIGURE = re.compile(rf"^(.*[A-Za-z)])\s(\$?\d[\d,.]*\s?%?{_UNIT})$")  # "... term 355.82 mos."
_LONGEST_LABEL_LINE = 60
_LEADERS = re.compile(r"\s*\.{3,}$")
_MOST_POOL_COLUMNS = 20  # pools and the whole deal: a deal has a handful (and a figure's column is found among them)


@dataclass(frozen=True)
class _Column:
    pool: str
    start: int  # where its heading stands on the line, in characters
    end: int


@dataclass(frozen=True)
class _Row:
    line: int
    label: str
    figures: tuple[str | None, ...]  # one for each column; None where the cell states nothing


def _pool_column_tables(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """Each table of pools' columns, at its first line: for each pool, a sentence for each row
    ("Weighted Average Mortgage Rate: 6.132%."); its other lines, at theirs, with nothing to say."""
    tables: dict[int, list[SaidApart]] = {}
    position = 0
    while position < len(lines):
        columns = _column_pools(lines[position][1])
        rows, end = _rows_under_pools(lines, position + 1, columns) if columns else ([], position)
        if not rows:
            position += 1
            continue
        tables[position] = [
            SaidApart(row.line, column.pool, sentence)
            for index, column in enumerate(columns)
            for row in rows
            if (figure := row.figures[index]) is not None
            # a row no summary line's pattern reads is still a sentence of its own, as it stands, for the prose's
            # rules and the safety net to read: left out, its figures were lost unsaid
            and (sentence := as_statement(f"{row.label}: {figure}") or _as_it_stands(row.label, figure))
        ]
        tables.update({later: [] for later in range(position + 1, end)})
        position = end
    return tables


_A_LABEL = re.compile(r"[A-Z][^:]{2,89}")  # as a summary line's label starts (a capital) and runs


def _as_it_stands(label: str, figure: str) -> str | None:
    """A row's label and figure as a sentence, where the label is one; else None."""
    return f"{label}: {figure}." if _A_LABEL.fullmatch(label) else None


def _column_pools(line: str) -> list[_Column] | None:
    """The pools a line of column headings names, one for each column, or None. A first piece at the
    margin that names no pool is the corner's ("Characteristic", "As of October 1, 2004")."""
    chunks = list(_CHUNK.finditer(line))
    if len(chunks) >= 3 and not _COLUMN_POOL.match(chunks[0].group()):
        chunks = chunks[1:]
    found = [(chunk, _COLUMN_POOL.match(chunk.group())) for chunk in chunks]
    if not 2 <= len(found) <= _MOST_POOL_COLUMNS or not all(match for _, match in found):
        return None
    if not any(match.group("name") for _, match in found):
        return None
    return [
        _Column(match.group("name").upper() if match.group("name") else WHOLE_DEAL, chunk.start(), chunk.end())
        for chunk, match in found
    ]


def _rows_under_pools(lines: list[tuple[int, str]], start: int, columns: list[_Column]) -> tuple[list[_Row], int]:
    """The rows under a line of pools' columns, and the position after the last line read: a second
    line of headings ("(30-Year)   (15-Year)"), a rule under them, a label over two lines, and a
    heading over rows ("Discount loans" / "Weighted average interest rate   5.544% ...") that names
    some of the loans (the discount loans' rate, never the pool's), or, set in under it, what they
    measure ("Interest rates" / "   Weighted average"); see ``_whose``."""
    rows: list[_Row] = []
    label_above, group, group_indent, group_named, group_rows = "", "", 0, False, 0
    position = start
    if (
        position < len(lines)
        and (chunks := _CHUNK.findall(lines[position][1]))
        and all(c.startswith("(") for c in chunks)
    ):
        position += 1  # the headings' second line
    while position < len(lines):
        line = lines[position][1]
        text, indent = line.strip(), len(line) - len(line.lstrip())
        if not text or set(text) <= set("-=_ "):
            if not text and (label_above or (position + 1 < len(lines) and not lines[position + 1][1].strip())):
                break  # two blank lines, or a blank under a label's first line: the table has ended
            if not text and (group_rows or not _a_rule_below(lines, position)):
                group, group_named = "", False  # a group's rows run down to a blank line under them
        elif row := _row_under(line, columns):
            if not (group_named or indent > group_indent):
                group = ""
            group_rows += bool(group)
            label = f"{label_above} {row[0]}".strip()
            rows.append(_Row(lines[position][0], label + _whose(group, SET_IN), row[1]))
            label_above = ""
        elif (
            " " * 2 not in text
            and not label_above
            and len(text) <= _LONGEST_LABEL_LINE
            and not text.endswith((".", ","))
        ):
            if _names_some_loans(text):  # "Premium loans": its rows, at any indent
                group, group_indent, group_named, group_rows = text, indent, True, 0
            elif _rows_set_in_under(lines, position, columns) >= 2:
                group, group_indent, group_named, group_rows = text, indent, False, 0
            else:
                label_above = text  # "Weighted Average Remaining" over "  Term (months)   358.20 ..."
        else:
            break
        position += 1
    return rows, position if rows else start


# A line naming some of the loans, over their rows: "Premium loans", "Relocation Loans", "Loans with original
# LTV above 80%"; never a measure's label that ends "of the loans" ("Weighted average interest rate of the loans").
_MEASURE_FIRST = re.compile(
    r"^(?:weighted|average|aggregate|number|range|minimum|maximum|total|percent|original|remaining|current)\b", re.I
)


def _names_some_loans(text: str) -> bool:
    if _RATE_GROUP.search(text):
        return True
    loans = _LOANS.search(text)
    return loans is not None and not _MEASURE_FIRST.match(text) and " of " not in f" {text[: loans.start()]}"


def _a_rule_below(lines: list[tuple[int, str]], position: int) -> bool:
    """Whether the next line of text under a blank one is a rule (HTML sets a heading row spanning the
    table, a blank line and the headings' rule over the rows it heads)."""
    below = next((line for _, line in lines[position + 1 : position + 3] if line.strip()), "")
    return bool(below.strip()) and set(below.strip()) <= set("-=_ ")


def _row_under(line: str, columns: list[_Column]) -> tuple[str, tuple[str | None, ...]] | None:
    """A row's label and its figure under each column (None where it states none), or None where
    the line is no such row: its pieces set apart by two spaces or more, each figure under the
    heading it overlaps or stands nearest; a long label may come within one space of its first
    figure, and a "$" set apart before the first figure goes with it."""
    chunks = [(chunk.start(), chunk.end(), chunk.group()) for chunk in _CHUNK.finditer(line)]
    if not chunks or _COLUMN_FIGURE.match(chunks[0][2]) or _NO_FIGURE.match(chunks[0][2]):
        return None
    label = chunks[0][2]
    if touching := _LAST_FIGURE.match(label):
        at = chunks[0][0] + touching.start(2)
        split = [(chunks[0][0], at, touching.group(1)), (at, chunks[0][1], touching.group(2)), *chunks[1:]]
        # "... Remaining Term 358.20   176.90 ...": the label's last figure is the first column's; but where the
        # columns' figures stand each under its heading without it, it is the label's ("... LTV above 80%")
        return _cells_under(split, columns) or _cells_under(chunks, columns)
    return _cells_under(chunks, columns)


def _cells_under(
    chunks: list[tuple[int, int, str]], columns: list[_Column]
) -> tuple[str, tuple[str | None, ...]] | None:
    """The label (the first chunk) and the figure under each column, or None: see ``_row_under``."""
    label = _LEADERS.sub("", chunks[0][2])  # "Total Current Balance ........"
    dollar = label.endswith(" $")
    label = label.removesuffix(" $") if dollar else label
    label = label.removesuffix(":").rstrip()  # "Number of Mortgage Loans:   663   154": the row's sentence puts its own
    figures: list[str | None] = [None] * len(columns)
    cells = _one_space_apart(chunks[1:], len(columns))
    for order, (start, end, text) in enumerate(cells):
        if not (_COLUMN_FIGURE.match(text) or _NO_FIGURE.match(text)) or end <= columns[0].start:
            return None  # words, or a figure among the labels ("Original LTV above 80%"): no row
        # a cell for each column goes in order (figures typed off their headings); fewer, where they stand
        column = order if len(cells) == len(columns) else _column_of(start, end, columns)
        if figures[column] is not None:
            return None  # two figures under one heading: no row of this table
        figures[column] = None if _NO_FIGURE.match(text) else text
    if all(figure is None for figure in figures):
        return None
    if dollar:
        first = next(i for i, figure in enumerate(figures) if figure is not None)
        figures[first] = "$" + figures[first].lstrip("$")
    return label, tuple(figures)


def _one_space_apart(cells: list[tuple[int, int, str]], columns: int) -> list[tuple[int, int, str]]:
    """The cells, with one holding a figure for each column set one space apart (a row of wide figures,
    "$335,095,817.07 $77,943,340.57 ..."), split into its figures: taken in order, one to a column."""
    if len(cells) != 1 or " " not in cells[0][2]:
        return cells
    start, _, text = cells[0]
    pieces = re.findall(r"(?:\$ )?\S+", text)  # "$ 335,095,817.07": a dollar sign set apart is its figure's
    if len(pieces) != columns or not all(_COLUMN_FIGURE.match(piece) for piece in pieces):
        return cells
    found, at = [], start
    for piece in pieces:
        at = start + text.index(piece, at - start)
        found.append((at, at + len(piece), piece))
        at += len(piece)
    return found


def _column_of(start: int, end: int, columns: list[_Column]) -> int:
    """The column a piece stands under: the heading it overlaps most, else the nearest."""
    overlaps = [min(end, c.end) - max(start, c.start) for c in columns]
    if max(overlaps) > 0:
        return overlaps.index(max(overlaps))
    centre = (start + end) / 2
    return min(range(len(columns)), key=lambda i: abs((columns[i].start + columns[i].end) / 2 - centre))


def _rows_set_in_under(lines: list[tuple[int, str]], position: int, columns: list[_Column]) -> int:
    """How many rows follow a line of words, each set in further than it."""
    indent = _indent(lines[position][1])
    count = 0
    for below in range(position + 1, len(lines)):
        line = lines[below][1]
        if not (_indent(line) > indent and _row_under(line, columns)):
            break
        count += 1
    return count


def said_apart(lines: list[tuple[int, str]]) -> dict[int, list[SaidApart]]:
    """The sentences a summary's lines and tables of pools' columns make, at the position of the
    line (a table: its heading line) they stand for; a table's other lines map to nothing."""
    return {**_statement_lines(lines), **_pool_column_tables(lines)}


# A summary's line whose label opens "Total" and names what it measures ("Total Current Balance:  $335,095,817.07",
# "Total Number of Loans:  663"): no table's Total line, which names none ("Total", "Total Pool I", "Total Loans")
_A_MEASURE_TOTALLED = re.compile(r"^\s*total\s+(?:[a-z-]+\s+){0,3}?(?:balances?|number|count|amount)\b", re.I)


def measures_totalled(lines: list[str]) -> frozenset[int]:
    """The positions of a summary block's lines that open "Total" and name a measure, or close a block of
    labelled lines ("Total Loans:  1,225" under "Weighted Average ...:  5.843%"): a table's finder, which anchors
    a table on its Total line, takes them for one and the block's lines above for the table's rows."""
    said = _statement_lines(list(enumerate(lines)))
    return frozenset(
        position
        for position in said
        if _A_MEASURE_TOTALLED.match(lines[position]) or _closes_a_labelled_block(lines, position, said)
    )


_A_TOTAL = re.compile(r"^\s*total\b", re.I)
_A_WHOLE = re.compile(r"^100(?:\.0+)?\s?%\.?$")  # a share column's Total, "100.00%": a table's, whatever its labels
# A label naming what a pool's figure measures, as no table's row (a bucket: "California", "2003", "Fixed Rate") is
_A_MEASURE_NAMED = re.compile(
    r"weighted\s+average|\bnumber\s+of\b|\baggregate\b|\bbalances?\b|\bcoupon\b|\bWAC\b|\bWAM\b|\bLTV\b"
    r"|loan-to-value|\bmaturity\b|\b(?:original|remaining)\s+terms?\b|\b(?:mortgage|interest|note|loan)\s+rates?\b",
    re.I,
)


def _closes_a_labelled_block(lines: list[str], position: int, said: dict[int, list[SaidApart]]) -> bool:
    """Whether a summary's line opening "Total" (never a share column's "100.00%") closes a block: under two
    lines naming what they measure ("Weighted Average Mortgage Rate   5.843%", where a table's rows name
    buckets), or one, both labelled with a colon or dot leaders (as no table's Total line is): the block's own
    line, "Total Loans:  1,225", "Total Pool   $619,800,778.37"."""
    total = _statement(lines[position])
    if _A_TOTAL.match(lines[position]) is None or total is None or _A_WHOLE.match(total.group("value")):
        return False
    above = [_statement(lines[at]) if at in said else None for at in (position - 1, position - 2)]
    measures = [match is not None and _A_MEASURE_NAMED.search(match.group("label")) is not None for match in above]
    return measures[0] and (measures[1] or (_labelled(above[0]) and _labelled(total)))


def _statement(line: str) -> re.Match[str] | None:
    """A summary's line as ``_parted``, or its figure a tab stop after its label (``_tab_apart``)."""
    return _parted(line) or _parted(_tab_apart(line) or "")


def _labelled(match: re.Match[str]) -> bool:
    return bool(match.group("colon") or match.group("leaders"))


# A label naming a bound of the pool's loans the model holds (the key figures the safety net, ``unread``, looks
# for): the latest maturity, the largest zip code's balance, the balance above 80% LTV, the greatest LTV, the
# original balances' and terms' bounds, the origination dates. Never an average's ("Average Original Balance").
_A_BOUND_OF_THE_POOLS = re.compile(
    r"\bmaturity\s+date|\b(?:final|latest|last)\s+(?:\w+\s+)?maturity|\bzip\b|\bpostal\b"
    r"|\b(?:ltv|loan-to-value)\b.*\b80\b|\b(?:max|maximum|highest|largest)\b.*\b(?:ltv|loan-to-value)\b"
    r"|\b(?:min|max|minimum|maximum|range|smallest|largest|least|greatest)\b.*\boriginal\s+(?:principal\s+)?balances?\b"
    r"|\boriginal\s+(?:principal\s+)?balances?\s+range|\borigination\b|\boriginal\s+terms?\b",
    re.I,
)
_AN_AVERAGE = re.compile(r"\baverage\b|\bsuch\s+loans\b|\bnumber\s+of\b|\bcount\b", re.I)  # or a count, a subset's


# A label naming a key figure (``unread`` looks for those in the prose's words only): "Gross Coupon", "Stated
# Remaining Term", "Loans"; never a bound's, a range's, a net rate's, a count of loans of a kind
_KEY_FIGURES = (
    (re.compile(r"\b(?:coupon|WAC|(?:mortgage|interest|note|loan)\s+rates?)\b", re.I), "wac"),
    (re.compile(r"\bremaining\s+terms?\b|\bWAM\b", re.I), "wam_months"),
    (re.compile(r"\boriginal\s+terms?\b", re.I), "wa_original_term_months"),
    (re.compile(r"\bltv\b|\bloan-to-value\b", re.I), "wa_ltv"),
    (re.compile(r"\bbalances?\b", re.I), "aggregate_balance"),
    (re.compile(r"\bloans\b|\bcount\b", re.I), "loan_count"),
)
_NO_KEY_FIGURE = re.compile(
    r"\b(?:net|range|min|max|minimum|maximum|lowest|highest|shortest|longest|smallest|largest|least|greatest|earliest"
    r"|latest|(?<!weighted\s)average|fico|credit|such\s+loans|premium|discount"
    r"|above|below|over|under|excess|zip|of\s+the\s+\w+\s+loans)\b|%",
    re.I,
)


def not_read(
    lines: list[tuple[int, str]],
    cited: Callable[[str | None, int], bool],
    lacks: Callable[[str | None, str], bool] = lambda pool, field: False,
) -> tuple[str, ...]:
    """A warning for each summary line (each pool's, in a table of pools' columns) that no figure was read from,
    naming a bound of the pool's loans (``_A_BOUND_OF_THE_POOLS``) or a key figure the pool lacks (``lacks(pool,
    field)``; ``_KEY_FIGURES``): ``cited(pool, line)`` says whether one was, the line 1-based. Left unsaid,
    "Final Maturity Date:  October 1, 2034" was lost with nothing to say so, and "Gross Coupon:  5.843%" was "not
    stated in this filing"."""
    text = dict(lines)
    found: list[str] = []
    for said in (said for group in said_apart(lines).values() for said in group):
        label = said.sentence.split(":", 1)[0]
        bound = _A_BOUND_OF_THE_POOLS.search(label) and not _AN_AVERAGE.search(label)
        key = not _NO_KEY_FIGURE.search(label) and any(
            lacks(said.pool, field) for pattern, field in _KEY_FIGURES if pattern.search(label)
        )
        figures = re.search(r"\d", said.sentence.split(":", 1)[-1])  # "TBD", "N/A": no figure to read
        if not (bound or key) or not figures or cited(said.pool, said.line + 1):
            continue
        whose = "All loans" if said.pool == WHOLE_DEAL else f"Pool {said.pool}" if said.pool else ""
        quoted = said.sentence if said.pool else " ".join(text.get(said.line, said.sentence).split())  # its cell
        found.append(
            f"{whose + ': ' if whose else ''}the summary's line '{quoted}' (line {said.line + 1}) was not read"
        )
    return tuple(dict.fromkeys(found))
