"""The prose of a filing, prepared for reading: one string, each piece with its filing line.

Pool headings become context marks ("the mortgage loans" below one are that pool's), a sentence broken by
a page is joined across it (and the join noted), a page's running head and foot are set aside, footnote
marks dropped, hyphenated words mended, and each row of a table of corrections written as a sentence.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL, WHOLE_DEAL_NAMED, WHOLE_DEAL_WORD
from reporting.read import needed_words, summary_lines
from reporting.read.dates import DATE_PATTERN
from reporting.read.narrative.sentences import _SENTENCE_END, _breaks_off
from reporting.read.narrative.values import _FIGURE_IN_TEXT, _FIGURE_WRITTEN
from reporting.read.pages import THE_DEAL_OR_ITS_ISSUER_ALONE, looks_like_a_page_number

# A footnote's mark after a word, a figure or a sentence's stop: "95%(2)", "$1,000,000.(3)", "67.6%*", "2.45%.*",
# "2.45%.†" (a dagger or a double dagger, as HTML filings write "&dagger;").
_FOOTNOTE_MARK = re.compile(
    r"(?<=[A-Za-z0-9%.)\"])\(\d\)"
    r"|(?:(?<=[0-9%])|(?<=[0-9%]\.)|(?<=percent)|(?<=percent\.))(?:\*+|[\u2020\u2021]+)(?![\d*\u2020\u2021])"
)


@dataclass(frozen=True)
class ProseText:
    """The prose of a filing as one string, and which filing line each part of it came from."""

    text: str
    offsets: tuple[int, ...] = ()  # where each line's text begins in ``text``, ascending
    line_numbers: tuple[int, ...] = ()  # that line's 1-based number in the filing
    joins: tuple[tuple[int, int, int], ...] = ()  # (offset, line before, line after) of each join across a page
    # (offset, filing line) of text after a page break that goes on from a sentence not joined to it
    # ("loans have a scheduled maturity ..." under a foot the parser does not know): its start is lost
    orphans: tuple[tuple[int, int], ...] = ()

    def lines_between(self, start: int, end: int) -> tuple[int, ...]:
        """The filing lines that the text from ``start`` to ``end`` was read from."""
        if not self.offsets:
            return ()
        first = max(0, bisect_right(self.offsets, start) - 1)
        last = max(first + 1, bisect_left(self.offsets, end))
        return tuple(sorted(set(self.line_numbers[first:last])))

    def joins_between(self, start: int, end: int) -> list[tuple[int, int, int]]:
        return [join for join in self.joins if start <= join[0] < end]


# A line that is only a pool heading ("POOL II MORTGAGE LOANS", "Group 2:") or the
# whole deal's heading ("ALL MORTGAGE LOANS") opens a section of prose about it.
# "Collateral Term Sheet - Pool II" names its pool after the term sheet's own name.
# A heading may number its pool "Pool No. 1" or "Pool #1": the pool is "1".
_HEADING_POOL = rf"{POOL_WORD}\s+(?:no\.\s*|number\s+|#\s*)?({POOL_NAME})"
_POOL_HEADING = re.compile(
    r"^(?:(?:collateral\s+)?term\s+sheets?\s*(?:[-\u2013\u2014:]|\bfor\b)\s*)?"
    rf"(?:the\s+)?{_HEADING_POOL}(?:\s+(?:mortgage\s+)?loans)?\s*:?(?:\s*\(continued\))?$",
    re.I,
)
# "POOL I - 30 YEAR FIXED RATE MORTGAGE LOANS", "Pool I: 30 Year Fixed Rate Mortgage Loans", "Pool I (30-Year
# Fixed Rate)", "Pool I Collateral Summary": a pool and what its loans are, or what the section holds, in capitals
# or Title Case.
_POOL_HEADING_DESCRIBED = re.compile(
    rf"^(?:the\s+)?{_HEADING_POOL}(?:\s*[-\u2013\u2014:]\s*\S.{{2,50}}|\s*\([^()$%]{{2,50}}\)"
    r"|(?:\s+mortgage\s+loans)?\s+(?:collateral\s+)?(?:summary|characteristics|statistics))$",
    re.I,
)
# ... or what its loans are first: "30 YEAR FIXED RATE MORTGAGE LOANS (POOL I)", "MORTGAGE LOANS IN POOL I". Never
# a table's title naming its pool ("SIZE OF MORTGAGE LOANS (POOL I)"): a description says no "of" nor "by".
_POOL_HEADING_LOANS_FIRST = re.compile(
    r"^(?:(?!(?:of|by)\b)[\w.-]+\s+){0,6}?(?:mortgage\s+)?loans\s*"
    rf"(?:\(\s*{_HEADING_POOL}\s*\)|in\s+{_HEADING_POOL})$",
    re.I,
)
# ... or "THE MORTGAGE LOANS IN THE AGGREGATE", "ALL LOAN GROUPS", "Total Pool:", "All Loans Collateral Summary" (as a
# pool's is described); a word alone ("Aggregate:", "Total:") with its colon, or set apart by blank lines: "Total"
# over a table's figures is no heading.
_WHOLE_DEAL_HEADING = re.compile(
    r"^(?:(?:collateral\s+)?term\s+sheets?\s*(?:[-\u2013\u2014:]|\bfor\b)\s*)?"
    rf"(?:(?P<named>{WHOLE_DEAL_NAMED})(?P<described>\s+(?:collateral\s+)?(?:summary|characteristics|statistics))?\s*:?"
    rf"|{WHOLE_DEAL_WORD}\s*(?P<colon>:)?)(?:\s*\(continued\))?$",
    re.I,
)
# ... or the pools named together: "POOLS I AND II COMBINED", "Pool I and Pool II", "POOLS I, II AND III (TOTAL)":
# the whole deal's where they are every pool whose section came before; else the prose goes on as it was (a figure
# stated again is doubted), and a table under it is no one pool's.
_POOLS_TOGETHER_HEADING = re.compile(
    rf"^(?:the\s+)?{POOL_WORD}s?\s+(?P<names>{POOL_NAME}(?:\s*(?:,|&|\band\b|,\s*and\b)\s*(?:{POOL_WORD}\s+)?{POOL_NAME})+)"
    r"(?:\s+(?:mortgage\s+)?loans)?(?:\s*\(?\s*(?:combined|together|in\s+the\s+aggregate|total|aggregate)\s*\)?)?\s*:?$",
    re.I,
)
# How a heading's pools named together are joined ("I+II"), as a table's title's are (``tables.TOGETHER``).
TOGETHER = "+"
_FIGURES = re.compile(r"[$%]|\d,\d{3}")
# A heading's first letter: "the", "pool", "loan group", "group", "all", "aggregate", "collateral term sheet",
# "combined", "mortgage loans", "deal total", "entire pool".
_HEADING_STARTS = frozenset("tplgacmde")
_CONTEXT_MARK = re.compile(r"^\x01pool=(\w+)\x01$")
# The section of a heading naming the loans' kind that the filing ties to no one pool ("30-Year Loans" of pools I and
# III, ``kind_headings.Untied``): its loans' figures are no pool's, nor the whole deal's. A mark of its own, naming the
# heading's line: where the marks above say whose loans the prose is about (``_CONTEXT_MARK``), it is none.
UNTIED = "untied"
_UNTIED_MARK = re.compile(r"^\x01untied=(\d+)\x01$")


def _context_mark(pool: str, line: int = 0) -> str:
    """A paragraph of its own saying whose loans the prose below is about (see ``_CONTEXT_MARK``), or that the heading
    on ``line`` ties them to no one pool (``UNTIED``)."""
    return f"\x01untied={line}\x01" if pool == UNTIED else f"\x01pool={pool}\x01"


def untied_at(text: str, position: int) -> int | None:
    """The line of the heading naming a kind of no one pool whose section a position of the prose text stands in."""
    marks = re.findall(r"\x01(?:pool=\w+|untied=(\d+))\x01", text[:position])
    return int(marks[-1]) if marks and marks[-1] else None


def heading_context(line: str, alone: bool = False, under: str | None = None) -> str | None:
    """The pool a section heading opens ("POOL II MORTGAGE LOANS" -> "II"), WHOLE_DEAL, the pools it names
    together ("POOLS I AND II COMBINED" -> "I+II", ``TOGETHER``: whose they are is the reader's to decide), or None.
    ``alone``: the line has a blank line above and below it, as a heading with a stop must.
    ``under``: the context of a heading right above it, nothing but blank lines between."""
    line = line.strip()
    if len(line) > 60 or (line[:1].lower() not in _HEADING_STARTS and not line.endswith(")")):
        return None  # most lines: decided without a pattern ("30 YEAR LOANS (POOL I)" ends in its pool)
    if alone and line.endswith(".") and line[:1].isupper() and _is_title_cased(line):
        line = line[:-1]  # "Pool I Mortgage Loans." alone: a heading; under a line of text, a sentence's end
    if together := _POOLS_TOGETHER_HEADING.match(line):
        named = re.findall(rf"\b({POOL_NAME})\b", together["names"], re.I)
        return TOGETHER.join(dict.fromkeys(name.upper() for name in named))
    if match := _POOL_HEADING.match(line):
        return match.group(1).upper()
    described = _POOL_HEADING_DESCRIBED.match(line)
    if described and alone and _is_title_cased(line) and not _SENTENCE_END.search(line) and not _FIGURES.search(line):
        return described.group(1).upper()  # not a line of a list of the pools, nor a row of their figures
    loans_first = _POOL_HEADING_LOANS_FIRST.match(line)
    if loans_first and alone and _is_title_cased(line, _SMALL_WORDS) and not _FIGURES.search(line):
        return (loans_first.group(1) or loans_first.group(2)).upper()
    whole = _WHOLE_DEAL_HEADING.match(line)
    if not whole or not (whole.group("named") or whole.group("colon") or alone):
        return None
    if whole.group("described") and not (alone and _is_title_cased(line)):
        return None  # "All Loans Collateral Summary" between blank lines, as a pool's described heading
    # A word alone ("Aggregate:", "Total") right under a pool's heading ("Loan Group 3:") is a sub-heading over
    # that pool's own figures; the deal is named in words that say so ("All Loan Groups:", "Total Pool:").
    return under if under not in (None, WHOLE_DEAL) and not whole.group("named") else WHOLE_DEAL


# The words Title Case leaves small ("Mortgage Loans in Pool I").
_SMALL_WORDS = frozenset({"in", "of", "the", "and", "or", "to", "for"})


def _is_title_cased(line: str, small: frozenset[str] = frozenset()) -> bool:
    """Each word starts with a capital ("Pool I Mortgage Loans", "POOL I MORTGAGE LOANS"), but ``small`` words."""
    return all(word[:1].isupper() or not word[:1].isalpha() or word in small for word in line.split())


def prose_text(lines: list[str]) -> str:
    """Join prose lines into one string: hyphenated line breaks mended, footnote marks dropped.

    A pool heading becomes a paragraph of its own holding a context mark, so that
    "the mortgage loans" in the section below it are read as that pool's loans.
    """
    return build_prose(list(enumerate(lines))).text


_LONGEST_WORD = 40  # letters: no word the parser reads is longer


def build_prose(
    lines: list[tuple[int, str]],
    page_break_between: Callable[[int, int], bool] | None = None,
    sections: Mapping[int, str] | None = None,
) -> ProseText:
    """``prose_text`` from (0-based line index, line) pairs, keeping each piece's filing line; ``sections``: the pool
    a heading opens the section of where its words alone do not say it ("15-Year Loans"), or ``UNTIED``, by its line
    index.

    Where a page break falls between two lines (``page_break_between``) and the text
    before it stops in mid-sentence, the two are joined as one sentence and the join
    is recorded, so that facts read across it carry a warning.
    """
    pieces: list[str] = []
    offsets: list[int] = []
    numbers: list[int] = []
    joins: list[tuple[int, int, int]] = []
    orphans: list[tuple[int, int]] = []
    length = 0
    previous: tuple[int, str] | None = None  # the last line of text, for joins across a page
    blank = False
    heads = 0  # lines of a page's head just set aside
    continuing = False  # the last line of text went on from a line above it: no heading
    foot = False  # the last line of text was set apart (centred or right-aligned)
    note = False  # the last line of text is in a paragraph that starts as a footnote does
    item = None  # the mark of the list's item the last line of text is in ("b" of "(b) a weighted average ...")

    @functools.cache
    def whole_words() -> frozenset[str]:
        """The words the text writes on one line, for telling a syllable's hyphen from a word's."""
        return frozenset(
            match.group(0).lower()
            for _, line in lines
            for match in re.finditer(r"[A-Za-z]+", line)
            if line[match.end() : match.end() + 1] != "-" and len(match.group(0)) <= _LONGEST_WORD
        )

    def add(text: str, line: int | None = None) -> None:
        nonlocal length
        if line is not None:
            offsets.append(length)
            numbers.append(line + 1)
        pieces.append(text)
        length += len(text)

    said_apart = summary_lines.said_apart(lines)
    table_corrections = _correction_table_rows(lines)
    double_spaced = _double_spaced(lines)
    section = WHOLE_DEAL
    section_mark = _context_mark(section)  # said again after lines of a table said apart
    heading: str | None = None  # the context of the heading just read, where no text has followed it yet
    pools_before: set[str] = set()  # the pools whose sections came before
    for position, (index, line) in enumerate(lines):
        part = line.strip()
        if not part:
            blank = True
            continue
        alone = (blank or position == 0) and (position + 1 == len(lines) or not lines[position + 1][1].strip())
        context = sections[index] if sections and index in sections else heading_context(part, alone, heading)
        if context is not None and TOGETHER in context:  # "POOLS I AND II COMBINED"
            context = WHOLE_DEAL if set(context.split(TOGETHER)) == pools_before else None
        if context is not None:
            pools_before |= {context} - {WHOLE_DEAL, UNTIED}
            if context != UNTIED or section != UNTIED or index in (sections or {}):  # "Total:" under it: the same
                section_mark = _context_mark(context, index)
            add("\n\n")
            add(section_mark, index)
            add("\n\n")
            previous, blank, section, heading = None, False, context, context
            continue
        heading = None
        if position in table_corrections:  # a correction table's heading (None) or row, a sentence of its own
            add("\n\n")
            if said := table_corrections[position]:
                add(said, index)
                add("\n\n")
            previous, blank, heads = None, False, 0
            continue
        if position in said_apart:  # "Weighted Average Mortgage Rate (%):   5.843": a sentence of its own
            pool = section
            for said in said_apart[position]:
                if said.pool is not None and said.pool != pool:  # a table's column for each pool
                    pool = said.pool
                    add("\n\n")
                    add(_context_mark(pool), said.line)
                add("\n\n")
                add(said.sentence, said.line)
                add("\n\n")
            if pool != section:
                add(section_mark, index)  # after the table, the section goes on
                add("\n\n")
            previous, blank, heads = None, False, 0
            continue
        part = re.sub(r"[ \t]+", " ", needed_words.sub(_FOOTNOTE_MARK, "", part))
        across = previous is not None and page_break_between is not None and page_break_between(previous[0], index)
        # A running head on the new page ("Series 2004-8", "CMSI 2004-8"), mid-sentence, is no text: a line
        # set apart, or (where the sentence it breaks is not in capitals itself) one in capitals; three at most,
        # and the rule under them. One naming the deal or its issuer alone, and the date under it, is none after
        # a list's item either ("2. ... $874,708;" / page / "Citicorp Mortgage Securities, Inc." / "3. ...").
        broken_off = across and _breaks_off(previous[1])
        may_go_on = broken_off or (across and _MAY_GO_ON.search(previous[1]) is not None)
        if may_go_on and heads and not re.search(r"[^-=_\s]", part):
            continue  # the rule under a page's head
        if heads < RUNNING_HEAD_LINES and (
            (
                broken_off
                and (_set_apart(line, heads > 0) or (_a_head_in_capitals(part) and not _is_heading_like(previous[1])))
            )
            or (
                may_go_on
                and (
                    THE_DEAL_OR_ITS_ISSUER_ALONE.match(part)  # "Citicorp Mortgage Securities, Inc.", at the margin
                    or (heads > 0 and DATE_PATTERN.fullmatch(part.strip()))  # ... and the date under it
                )
            )
        ):
            heads += 1
            continue
        heads = 0
        # A line standing alone, set apart, just before the break is the page's foot, not a sentence's start. A list's
        # next item marked in brackets (``_next_marked_item``) goes on over the break as over a blank line.
        joined = (
            across
            and not (foot and not continuing)
            and (_runs_on(previous[1], part, continuing) or _next_marked_item(previous[1], part, item))
        )
        # Text set with a blank line under every line: a sentence runs on over the blank lines, as over a page
        spaced = (
            blank
            and previous is not None
            and not across
            and (
                (double_spaced and _runs_on(previous[1], part))
                or _next_item(previous[1], part)
                or _next_marked_item(previous[1], part, item)
            )
        )
        # Lower-case text the page before cannot have ended: under a foot, a footnote or a broken-off line.
        cut_off = (foot and not continuing) or note or _breaks_off(previous[1]) if previous else False
        orphan = across and not joined and cut_off and part[:1].islower() and not _LIST_MARK.match(part)
        if joined:
            joins.append((length, previous[0] + 1, index + 1))
            add(" ")
        elif spaced:
            add(" ")
        elif blank or orphan:
            add("\n\n")
        elif pieces and pieces[-1].endswith("-") and part[:1].isalpha():
            # A word hyphenated at the line's end: "mort-" / "gage" is "mortgage" where the filing
            # writes it whole elsewhere; "loan-to-" / "value" keeps its hyphen.
            # (A word's end and start only: a line of 100,000 letters is not scanned from each one.)
            head = re.search(r"[A-Za-z]*-$", pieces[-1][-_LONGEST_WORD:]).group(0)[:-1]
            tail = re.match(r"[A-Za-z]*", part[:_LONGEST_WORD]).group(0)
            if head[-1:].islower() and (head + tail).lower() in whole_words():
                pieces[-1] = pieces[-1][:-1]
                length -= 1
        elif pieces and not pieces[-1].endswith("\n"):
            add(" ")
        if orphan:
            orphans.append((length, index + 1))
        add(part, index)
        note = bool(_FOOTNOTE_START.match(part)) if blank else note  # the paragraph is a footnote ("(1) Terms ...")
        if blank and not spaced:
            item = None  # a paragraph of its own: no list's item yet
        item = next((m.group("mark") for m in reversed(list(needed_words.finditer(_A_MARKED_ITEM, part)))), item)
        previous, blank, continuing, foot = (index, part), False, not blank, _set_apart(line)
    return ProseText(unlettered("".join(pieces)), tuple(offsets), tuple(numbers), tuple(joins), tuple(orphans))


# A list of the loans' own figures lettered or numbered after a colon ("The mortgage loans had: (a) a weighted average
# mortgage rate of 5.843%; (b) ...; and (c) ..."): read as the unlettered list is, each figure with its own words.
# Only a list marked in order from its first item, each mark after a colon (or "had"), a semicolon, a comma or "and"
# (a footnote's "(1)" stands right after a figure: "At least 98%(2)"), within one sentence and one paragraph, each
# item opening on an article and naming no loans nor a place ("(c) such mortgage loans ...", "(c) ... of 360 months for those in California" are
# some loans'): any other is left as it is, its items some loans' (``_SUBSET``), and its figures said not read.
_ITEM_NUMBERS = (
    tuple("abcdefghij"),
    ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"),
    tuple(str(n) for n in range(1, 11)),
)
_A_LIST_OPENS = re.compile(r"(?::|\b(?:had|have|has))\s+\((a|i|1)\)\s")  # "had: (a) ...", "had (a) ..."
_ITEM_BREAK = r"(?:[;,](?:\s+(?:and|or))?|\s+(?:and|or))\s+"
_AN_ITEMS_OWN_FIGURES = re.compile(r"\s*(?:a|an|the)\s")
# an item naming loans, or some of them ("for those in California", "in Texas"): some loans' figure
_AN_ITEM_OF_SOME_LOANS = re.compile(
    r"\b(?i:loans?|such|those|which|whose|whom)\b|\b(?i:in|for|among|within)\s+(?:the\s+(?i:state\s+of\s+)?)?[A-Z][a-z]"
)
_LIST_ENDS = re.compile(r"\.(?:\s|$)|\n\n")
_MOST_ITEM = 400  # characters: an item is a clause, and no search runs on over the text


def unlettered(text: str) -> str:
    """``text`` with the marks of each list of the loans' own figures blanked (as long as they were: offsets stay)."""
    if "(" not in text:
        return text
    blanked = list(text)
    for opens in _A_LIST_OPENS.finditer(text):
        numbers = next(kind for kind in _ITEM_NUMBERS if kind[0] == opens.group(1))
        marks = [(opens.end() - len(opens.group(1)) - 3, opens.end() - 1)]
        for number in numbers[1:]:
            ends = _LIST_ENDS.search(text, marks[-1][1], marks[-1][1] + _MOST_ITEM)  # the next mark before the end
            mark = re.compile(rf"{_ITEM_BREAK}(\({number}\))\s")
            found = mark.search(text, marks[-1][1], ends.start() if ends else marks[-1][1] + _MOST_ITEM)
            if not found:
                break
            marks.append(found.span(1))
        end = _LIST_ENDS.search(text, marks[-1][1], marks[-1][1] + _MOST_ITEM)
        if len(marks) < 2 or not end or "\n\n" in text[opens.start() : end.end()]:
            continue  # one item, no end, or items a paragraph each (read alone, an item is the section's)
        items = [text[a[1] : b[0]] for a, b in zip(marks, [*marks[1:], (end.start(), 0)])]
        if re.search(r"\(\w{1,4}\)\s", items[-1]):
            continue  # a mark after the last one found, out of order or not after a break: the list is not told
        if all(_AN_ITEMS_OWN_FIGURES.match(item) and not _AN_ITEM_OF_SOME_LOANS.search(item) for item in items):
            for start, stop in marks:
                blanked[start:stop] = " " * (stop - start)
    return "".join(blanked)


_MOST_LINES_LOOKED_AT = 2000


def _correction_table_rows(lines: list[tuple[int, str]]) -> dict[int, str | None]:
    """Each line (by position) of a correction table: its heading and rules (None) and each row, as the
    sentence it says."""
    found: dict[int, str | None] = {}
    for position, (_, line) in enumerate(lines):
        if position in found or not _CORRECTION_ROW.match(line):
            continue
        heading = [p for p in range(max(0, position - _HEADING_LINES - 1), position) if lines[p][1].strip()]
        olds = [(p, m.start()) for p in heading if (m := _OLD_COLUMN.search(lines[p][1]))]
        news = [(p, m.start()) for p in heading if (m := _NEW_COLUMN.search(lines[p][1]))]
        if not olds or not news or any(_FIGURE_IN_TEXT.search(lines[p][1]) for p in heading):
            continue
        old_first = olds[0][1] < news[0][1]
        found.update((p, None) for p in range(min(heading), position))
        row = position
        while row < len(lines) and (match := _CORRECTION_ROW.match(lines[row][1])):
            label, old, new = match.group("label").strip(), match.group("a"), match.group("b")
            if not old_first:
                old, new = new, old
            if unit := _LABEL_UNIT.search(label):
                label, unit_said = label[: unit.start()], unit.group("unit").lower()
                old, new = (
                    f"{figure} months" if unit_said == "months" else f"{figure}%" if unit_said == "%" else f"${figure}"
                    for figure in (old, new)
                )
            found[row] = f"{label} is corrected from {old} to {new}."
            row += 1
    return found


def _double_spaced(lines: list[tuple[int, str]]) -> bool:
    """Whether the text is set with a blank line under each of its lines: most lines of text that break off
    mid-sentence (the ones a paragraph's lines are) stand over one blank line and then more text."""
    inside = over_a_blank = 0
    texts = [(i, line) for i, line in lines[:_MOST_LINES_LOOKED_AT]]
    for k, (_, line) in enumerate(texts[:-2]):
        if line.strip() and _breaks_off(line.strip()) and len(line.strip()) >= _FULL_LINE:
            inside += 1
            over_a_blank += not texts[k + 1][1].strip() and bool(texts[k + 2][1].strip())
    return inside >= 5 and over_a_blank >= 0.6 * inside


RUNNING_HEAD_INDENT = 20  # a line set this far in, or right-aligned, is no line of running text
RUNNING_HEAD_LINES = 3  # a page's head: the issuer, the series, the date
MAX_RUNNING_HEAD = 70


def _set_apart(line: str, under_a_head: bool = False) -> bool:
    """A short line set far in from the margin (centred or right-aligned): a page's head or foot.
    Under a head's first line, its next is set in less ("CITICORP MORTGAGE SECURITIES, INC." /
    "REMIC Pass-Through Certificates, Series 2004-3", centred under it)."""
    text = line.strip()
    if under_a_head and (
        not _is_title_cased(text)
        or text.endswith((",", ";"))
        or not re.search(r"[A-Za-z]{3}", text)
        or "$" in text
        or "%" in text
    ):
        return False  # a list item's next line ("          Pool I loans and pool II mortgage loans are ..."): text
    indent = RUNNING_HEAD_INDENT // 2 if under_a_head else RUNNING_HEAD_INDENT
    return len(line) - len(line.lstrip()) >= indent and len(text) <= MAX_RUNNING_HEAD


_ENDS_A_SENTENCE = re.compile(r"(?<!\bINC)(?<!\bCO)(?<!\bCORP)(?<!\bN\.A)\.$", re.I)  # a head ends "INC." at most


def _a_head_in_capitals(text: str) -> bool:
    """A short line in capitals, first on a page where a sentence broke off: the page's head."""
    return len(text) <= MAX_RUNNING_HEAD and _is_heading_like(text) and not _ENDS_A_SENTENCE.search(text)


_FULL_LINE = 55  # characters: a line of running text in capitals, not a heading
# A line ending so may end a sentence or not ("... CitiMortgage, Inc." / "to be the primary residence"; "...
# loans:" / "none of them ..."): text in lower case after the page goes on with it.
_MAY_GO_ON = re.compile(r"(?:\b(?:Inc|Co|Corp|Ltd|N\.A|U\.S)\.|[:;])$")
# A footnote's start: "(1) Terms", "* Terms", "† Terms", "2  Such".
_FOOTNOTE_START = re.compile(r"(?:\(\d{1,2}\)|\*{1,3}|[\u2020\u2021]{1,2}|\d{1,2}\s)\s*[A-Z]")
_LIST_MARK = re.compile(r"(?:[a-z]|[ivx]+)[.)]\s")  # "a. the number of ...", "iv) ...": an item, not a sentence's rest
# A list's item ending so ("... 357.95 months; and", "... had:") goes on over a blank line into its next item, in
# lower case or a figure ("a weighted average original term of ...", "66.5%, respectively."): one sentence, whose
# subjects are the next item's too (read alone, it was the section's: a pool's figure the whole deal's). Never
# into a numbered item ("2. such mortgage loans ...", "(b) ..."): a list of its own, read as one.
_AN_ITEM_GOES_ON = re.compile(r"(?:[;:]|(?:[;,]|(?<!\s))\s+(?:and|or))$")
_THE_NEXT_ITEM = re.compile(r"[a-z]|(?!\d{1,2}[.)](?:\s|$))\$?\d")
# In prose set in capitals, after an item's "; AND" (or ";", "; OR"): "A WEIGHTED AVERAGE ORIGINAL TERM ...", never
# after a colon (a heading's), nor into a lettered item ("B. THE NUMBER ...")
_AN_ITEM_GOES_ON_IN_CAPITALS = re.compile(r";(?:\s+(?:AND|OR))?$")
_A_LETTERED_ITEM = re.compile(r"[A-Z][.)]\s")


# An item marked in brackets ("(b) a weighted average ...", "(ii) ...", "(3) ..."), opening a line or after a colon,
# "had", or an item's break, in lower case after its mark (a footnote's "(1) Terms used herein ..." is none, nor
# a figure's "98%(2)").
_A_MARKED_ITEM = re.compile(
    r"(?:^|(?<=[:;,])\s+|\b(?:had|have|has|and|or)\s+)\((?P<mark>[a-j]|[ivx]{1,4}|\d{1,2})\)\s+(?=[a-z$\d])"
)
_A_LIST_OPENS_BEFORE = re.compile(r"(?::|\b(?:had|have|has))$")  # "The mortgage loans had:" / "(a) ..."


def _next_marked_item(before: str, after: str, item: str | None) -> bool:
    """Whether a paragraph is the next item, marked in brackets, of a list whose items stand a paragraph each ("had:"
    / "(a) ...;" / "(b) ...; and" / "(c) ..."): the first after a colon or "had", each next one in order after its
    item's break (``_AN_ITEM_GOES_ON``). It goes on from the paragraph above as the list run on does, which
    ``unlettered`` reads (or leaves, its items some loans')."""
    marked = _A_MARKED_ITEM.match(after)
    if marked is None:
        return False
    mark = marked.group("mark")
    if _A_LIST_OPENS_BEFORE.search(before):
        return mark in (numbers[0] for numbers in _ITEM_NUMBERS)
    return (
        item is not None
        and _AN_ITEM_GOES_ON.search(before) is not None
        and any(item in numbers[:-1] and numbers[numbers.index(item) + 1] == mark for numbers in _ITEM_NUMBERS)
    )


def _next_item(before: str, after: str) -> bool:
    """Whether a paragraph is the next item of a list the one above it breaks off in (``_AN_ITEM_GOES_ON``)."""
    if _is_heading_like(before) and _is_heading_like(after):
        return bool(_AN_ITEM_GOES_ON_IN_CAPITALS.search(before) and not _A_LETTERED_ITEM.match(after))
    return bool(_AN_ITEM_GOES_ON.search(before) and _THE_NEXT_ITEM.match(after) and not _LIST_MARK.match(after))


def _runs_on(before: str, after: str, continuing: bool = False) -> bool:
    """Whether a sentence stopped at a page break goes on in the next page's first line: never
    from or into a heading; in prose set in capitals, from a full line, or one going on from the
    line above it (``continuing``), into capitals; never from a page's number alone ("19": a sentence of
    its own, whose figure a count's reader took for the loans' number, "19 The total number of ...")."""
    if not (_breaks_off(before) or (after[:1].islower() and _MAY_GO_ON.search(before))):
        return False
    if looks_like_a_page_number(before.strip()):
        return False
    if _is_heading_like(before) or _is_heading_like(after):
        prose = len(before) >= _FULL_LINE or continuing
        return _is_heading_like(before) and _is_heading_like(after) and prose
    return True


def _is_heading_like(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


# A table of corrections: a column of the figures as first stated, one of them as corrected ("As
# Originally Stated", "As Corrected"), a row a fact. Each row is read as the sentence "<fact> is
# corrected from <old> to <new>." (``_REVISIONS``), the columns told apart by where their headings stand.
_OLD_COLUMN = re.compile(r"\b(?:original(?:ly)?|previously|formerly|prior)\b", re.I)
_NEW_COLUMN = re.compile(r"\b(?:corrected|revised|restated|amended)\b", re.I)
# The label holds no gap of two spaces (a row's gap is between its label and figures), so a long run of
# spaces is never tried as part of it from each of its positions: linear.
_CORRECTION_ROW = re.compile(
    rf"^[ \t]*(?P<label>[A-Za-z](?:[^\n \t]|[ \t](?![ \t]))*)[ \t]{{2,}}(?P<a>{_FIGURE_WRITTEN})[ \t]{{2,}}"
    rf"(?P<b>{_FIGURE_WRITTEN})[ \t]*$"
)
_LABEL_UNIT = re.compile(r"\s*\((?P<unit>%|\$|months)\)\s*$", re.I)
_HEADING_LINES = 3
