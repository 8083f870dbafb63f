"""Parse: a filing's plain text -> the typed deal model.

A file is first recognised as a CMSI pool description on positive evidence
(``recognise``). The cover page gives issuer, series and date of report; the item
text tells the kind of filing; page furniture is set aside (``pages``) so that
tables and sentences read on across page breaks; tables are found by layout
(``tables``) and prose facts by their wording (``narrative``). A section heading
("POOL II MORTGAGE LOANS") makes every table below it, up to the next heading,
that pool's. The deal comes back with the list of facts a complete filing would
state (``completeness``) and no checks: reconciling the figures is the validate
stage's work, and deriving whole-deal figures from the pools the derive stage's
(``reporting.pipeline.load_deal`` runs them in turn). Every fact keeps the lines
it was read from and any doubt about it.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, TypeVar

from reporting.errors import FilingError
from reporting.formatting import lines_text, long_date
from reporting.model.deal import (
    CENT_PLACES,
    NO_TOTAL_LINE,
    POOL_NAME,
    POOL_WORD,
    WHOLE_DEAL,
    AdditionalCollateral,
    Bound,
    CertificateClass,
    Deal,
    NotRun,
    PercentMatrix,
    Pool,
    PremiumDiscount,
    Provenance,
    RateGroup,
    Source,
    StratTable,
    TableRow,
    TableTotal,
    UnderwritingShare,
    has_group_subordinates,
    in_rank_order,
    is_interest_only,
    of_the_total_line,
    provenance_of,
)
from reporting.model.names import display_path, pool_key, pool_number_order
from reporting.model.states import is_other, state_code
from reporting.model.table_kinds import TableKind, kinds_named_apart
from reporting.read import (
    deal_terms,
    kind_headings,
    loan_groups,
    matrix_parts,
    narrative,
    pages,
    parties,
    pool_words,
    recognise,
    row_corrections,
    scale,
    summary_lines,
    tables,
    text_bounds,
    unread,
)
from reporting.read.approximate import (
    approximate,
    as_written,
    exactly,
    is_approximate,
    places_written,
    rounding_of,
)
from reporting.read.completeness import missing_facts
from reporting.read.dates import AS_OF, DATE_PATTERN, MEASURED_AT, STOP_BEFORE_A_YEAR, parse_date
from reporting.read.ingest import IngestedFiling, Lines, read_filing
from reporting.read.narrative.sentences import sentences_remembered
from reporting.read.narrative.values import _not_a_figure
from reporting.timer import stop_after

ISSUER = "Citicorp Mortgage Securities, Inc."

_SERIES = re.compile(r"\bSeries,?\s+(\d{4}\s*-\s*[0-9A-Z]{1,4})\b", re.I)
# "Date of Report: May 7, 2004", "Date of Report (Date of earliest event reported): May 7, 2006"
_DATE_OF_REPORT = re.compile(
    rf"Date\s+of\s+Report\s*(?:[:\-\u2013\u2014]\s*)?(?:\([^()]{{0,80}}\)\s*(?:[:\-\u2013\u2014]\s*)?)?({DATE_PATTERN.pattern})",
    re.I,
)  # each run of spaces has one place to go: a long one cannot make it backtrack; "Date of Report - May 7, 2004" too
# The SEC's own cover layout: the date alone on its line, a rule under it, and the label under the rule
# ("Date of Report (Date of earliest event reported)", or the bracketed words alone).
_DATE_ABOVE_ITS_LABEL = re.compile(
    rf"^[ \t]*({DATE_PATTERN.pattern})[ \t]*\n(?:[ \t]*[-_=]{{3,}}[ \t]*\n)?[ \t]*"
    r"(?:Date\s+of\s+Report\b|\(\s*Date\s+of\s+earliest\s+event\s+reported\s*\))",
    re.I | re.M,
)
# ... or under the bracketed words alone, as some covers set it ("(Date of earliest event reported)" / "May 7, 2004"):
# read only as the next line of text, never a date further down the cover.
_DATE_UNDER_ITS_LABEL = re.compile(
    r"^[ \t]*\(\s*Date\s+of\s+earliest\s+event\s+reported\s*\)[ \t]*:?[ \t]*\n(?:[ \t]*[-_=]{3,}[ \t]*\n)?"
    rf"(?:[ \t]*\n)?[ \t]*({DATE_PATTERN.pattern})[ \t]*$",
    re.I | re.M,
)
# The cut-off date: where the balance is stated "as of" it, or where it is named ("the cut-off date, May 1, 2004",
# 'May 1, 1997 (the "Cut-off Date")'); within the sentence, never from the next one's date ("... as of the cut-off
# date. The certificates will be dated as of May 27, 2004": no cut-off date). A stop before a space ends it (an
# "Inc." too: the date is then not found here); one inside a figure or a date does not.
_IN_THE_SENTENCE = rf"(?:[^.]|\.(?!\s)|{STOP_BEFORE_A_YEAR})"  # "May 1. 2004": a stray stop in a date
_CUT_OFF = re.compile(
    rf"{narrative._AGGREGATE_BALANCE}{_IN_THE_SENTENCE}{{0,250}}?{AS_OF}({DATE_PATTERN.pattern})", re.I | re.S
)
_CUT_OFF_DEFINED = re.compile(rf"({DATE_PATTERN.pattern})\s*\(\s*(?:the\s+)?[\"\u201c]?cut-?\s?off\s+date\b", re.I)
_CUT_OFF_NAMED = re.compile(rf"cut-?\s?off\s+date\b{_IN_THE_SENTENCE}{{0,60}}?({DATE_PATTERN.pattern})", re.I | re.S)
# "... less than $49,364,137.76", "... less than approximately $49.4 million", or as a share with the amount beside it:
# "less than 10% of the aggregate scheduled principal balance ... as of the cut-off date ($49,364,137.76)"
_A_SHARE_OF = r"\d+(?:\.\d+)?\s*(?:%|percent\b)\s+of\b"
_CLEAN_UP = re.compile(
    rf"repurchase\b.{{0,400}}?less\s+than\s+(?:{_A_SHARE_OF}[^$().;]{{0,200}}?\(\s*)?"
    rf"(?P<amount>(?:approximately\s+|about\s+)?(?:{scale.MONEY}))",
    re.I | re.S,
)
# ... as a share alone ("less than 10% of the aggregate ... balance"): stated, but as no amount
_CLEAN_UP_AS_A_SHARE = re.compile(rf"repurchase\b.{{0,400}}?less\s+than\s+({_A_SHARE_OF})", re.I | re.S)
# "[ \t]*", not "\s*": with re.M, "^\s*" rescans a long run of blank lines from each of them.
# The signature block's heading, in capitals or not ("Signatures", as a word processor sets it).
_SIGNATURES = re.compile(r"^[ \t]*SIGNATURES?[ \t]*$", re.M | re.I)


# A filing parses in well under a second (benchmarks/bench_parse.py); one that is
# still parsing after this long is hostile or broken, and is stopped, not left to
# hang a batch run. The patterns are linear (benchmarks/bench_regex.py): this is a backstop.
MAX_PARSE_SECONDS = 10.0


def parse_file(path: str | Path, time_limit: float | None = None) -> Deal:
    """Read and parse a filing; FilingError if it cannot be, or takes over ``time_limit`` seconds."""
    seconds = time_limit or MAX_PARSE_SECONDS
    too_long = f"took longer than {seconds:g} seconds to parse and was stopped"
    # Reading counts too: an HTML filing of a 20 MB table takes seconds to lay out as text.
    with stop_after(seconds, lambda: FilingError(display_path(path), too_long)):
        return parse_filing(read_filing(path))


def parse_filing(filing: IngestedFiling) -> Deal:
    with sentences_remembered():  # the prose's sentences are asked for four times a parse: found once
        return _parse_filing(filing)


def _parse_filing(filing: IngestedFiling) -> Deal:
    text = pool_words.numbered(filing.text)  # "POOL ONE", "the second pool": read as pool I, pool II
    groups = loan_groups.find(text)  # pools the filing names by their loans' kind: read as numbered ones
    return loan_groups.named(_parse_text(filing, loan_groups.numbered(text, groups), groups.said), groups)


def _parse_text(filing: IngestedFiling, text: str, said: tuple[str, ...]) -> Deal:
    truncated = not _SIGNATURES.search(text)
    kind = _recognised(filing, text, truncated)
    amendment = recognise.amendment(text, filing.form_type)

    lines = text.split("\n")
    headings = frozenset(i for i in range(len(lines)) if _is_section_heading(lines, i))
    carried_on = frozenset(i for i in range(len(lines)) if _is_section_heading(lines, i, continued=True))
    furniture = pages.find_furniture(lines, filing.page_breaks, keep=headings)
    view = [i for i in range(len(lines)) if i not in furniture.lines]  # the text with its page furniture set aside
    # Tables of classes first, by their own layout; their lines are then no other table's.
    viewed = [tables.without_borders(lines[i]) for i in view]
    class_tables = [
        (table, rows)
        for table in tables.find_class_tables(viewed)
        if (rows := _classes_in(table.label_header, table.column_headers, table.rows, view)) is not None
    ]
    taken = {i for table, _ in class_tables for i in range(table.first_line, table.last_line + 1)}
    taken |= summary_lines.measures_totalled(viewed)  # "Total Current Balance:  $335,095,817.07": no table's Total
    raw_tables = tables.find_tables(
        ["" if i in taken else line for i, line in enumerate(viewed)], pages.page_starts(furniture, view)
    )
    titles_alone = tables.titles_without_a_table(viewed, raw_tables)
    untabled = [
        _no_total_found(
            title, view[i] + 1, _why_not_read(viewed[i : tables.last_line_not_read(viewed, i, raw_tables) + 1])
        )
        for i, title in titles_alone
    ]
    # a table's lines of statistics under its Total are the prose's to read, its footnotes under them its own
    statistics = {view[t.first_line] + 1: [view[i] for i in t.statistics] for t in raw_tables if t.statistics}
    spans = [
        span
        for t in [*raw_tables, *(table for table, _ in class_tables)]
        for span in _around(view[t.first_line], view[t.last_line], statistics.get(view[t.first_line] + 1, []))
    ]
    # the lines of a table said not read are no prose: its loss is said once, by its title
    spans += [(view[i], view[tables.last_line_not_read(viewed, i, raw_tables)]) for i, _ in titles_alone]
    classes_listed = [
        (raw, rows)
        for raw in raw_tables
        if (rows := _classes_in(raw.label_header, raw.column_headers, raw.rows, view)) is not None
    ]
    raw_tables = [raw for raw in raw_tables if all(raw is not listed for listed, _ in classes_listed)]  # classes
    pools_listed = [(raw, rows) for raw in raw_tables if (rows := _pool_rows(raw, view)) is not None]
    raw_tables = [raw for raw in raw_tables if all(raw is not listed for listed, _ in pools_listed)]
    classes_listed, classes_unplaced = _placed_only([*classes_listed, *class_tables], view, filing.html_tables_unread)
    pools_listed, pools_unplaced = _placed_only(pools_listed, view, filing.html_tables_unread)
    kinds = kind_headings.sections(lines)  # "15-Year Loans": the section of the pool the prose ties to that kind
    facts = narrative.extract_prose_facts(
        _prose(lines, view, spans, furniture, {i: kind_headings.context(pool) for i, pool in kinds.items()}),
        amending=bool(amendment),
        row_labels=[row.label for raw in raw_tables for row in raw.rows],  # a correction of one is no pool's
    )
    facts.warnings += [kinds[i].prose_why for i in facts.untied_read if isinstance(kinds.get(i), kind_headings.Untied)]
    prose = facts.corrected_text  # no figure is read from a sentence that calls one wrong

    # Over-long titles and labels are cut before anything (a check, a warning) repeats them.
    bounds = text_bounds.Clipper()
    for _, rows in pools_listed:  # the pools' own figures, not a stratification
        _add_table_pool_facts(facts, rows)
    strat_tables, matrices, left_out = _convert_tables(
        raw_tables,
        view,
        _section_pools(
            lines,
            view,
            raw_tables,
            headings | carried_on,
            {**kinds, **_tables_introduced(lines, view)},
        ),
        tables.marks_under_a_bound(lines),
        tables.footnotes_by_mark(_outside(lines, spans)),  # a table's own footnotes are its alone
        filing.html_tables_unread,
    )
    left_out = classes_unplaced + pools_unplaced + left_out
    matrices, totals_alone = matrix_parts.joined_blocks(matrices)
    left_out += tuple(_left_out(m.title, (m.line_range[0], m.line_range[-1]), _TOTALS_ALONE) for m in totals_alone)
    strat_tables, matrices = bounds.clip((strat_tables, matrices))
    strat_tables, matrices, together = _pools_taken_together(strat_tables, matrices, facts)
    strat_tables, matrices = _several_for_one_pool(strat_tables, matrices)
    pools, strat_tables, matrices, named_twice = _one_pool_per_number(
        _build_pools(facts, strat_tables, matrices), strat_tables, matrices
    )
    strat_tables, matrices, corrections_unplaced = row_corrections.apply(facts.row_corrections, strat_tables, matrices)
    cut_off = _CUT_OFF.search(prose) or _CUT_OFF_DEFINED.search(prose) or _CUT_OFF_NAMED.search(prose)
    named, clean_up = parties.read_parties(facts.prose, prose), _CLEAN_UP.search(prose)
    series = _SERIES.search(text)
    date_of_report = (
        _DATE_OF_REPORT.search(text) or _DATE_ABOVE_ITS_LABEL.search(text) or _DATE_UNDER_ITS_LABEL.search(text)
    )
    cut_off_date, cut_off_read = _cut_off_date(cut_off, prose, facts.prose)
    provenance = [
        _deal_fact("series", series, text),
        _deal_fact("date_of_report", date_of_report, text),
        Provenance("kind", _line_numbers(kind.line), (kind.warning,) if kind.warning else ()),
        cut_off_read,
        *(party.provenance for party in named.values()),
        _clean_up_read(clean_up, prose, facts.prose),
    ]
    clean_up_call = _money(clean_up.group("amount")) if clean_up else None
    if is_approximate(clean_up_call):  # "less than approximately $49.4 million": read, and doubted
        provenance = [
            replace(
                p, warnings=(*p.warnings, narrative.not_exact(clean_up_call)), approximate_within=clean_up_call.within
            )
            if p.field == "clean_up_call_balance"
            else p
            for p in provenance
        ]
    if amendment:
        provenance.append(Provenance("amendment", _line_numbers(amendment.line)))
    deal = Deal(
        issuer=ISSUER,
        series=series_of(text),
        kind=kind.kind,
        date_of_report=parse_date(date_of_report.group(1)) if date_of_report else None,
        cut_off_date=cut_off_date,
        source=Source(filing.path, filing.sha256, filing.envelope, filing.encoding),
        trustee=named["trustee"].name,
        paying_agent=named["paying_agent"].name,
        clean_up_call_balance=exactly(clean_up_call),
        pools=pools,
        tables=strat_tables,
        matrices=matrices,
        classes=(
            classes := _with_table_classes(
                _build_classes(facts), [c for _, listed in classes_listed for c in listed.classes]
            )
        ),
        warnings=_warnings(facts, strat_tables, kind, amendment)
        + tuple(w for _, listed in classes_listed for w in listed.said if w not in facts.warnings)
        + _class_warnings(classes)
        + tuple(f"{p.field}: {w}" for p in provenance if p.field != "kind" for w in p.warnings)
        + tuple(u.warning for u in left_out)
        + corrections_unplaced
        + together
        + named_twice
        + tuple(u.warning for u in untabled)
        + said
        + tuple(f"{unread}, is not read" for unread in filing.documents_unread)
        + filing.documents_left_out,
        not_run=tuple(u.not_run for u in (*left_out, *untabled)),
        amendment=amendment is not None,
        amendment_note=amendment.note if amendment else None,
        truncated=truncated,
        unread_exhibit=" and ".join(filing.documents_unread) or None,
        provenance=tuple(p for p in provenance if p.source_lines or p.warnings),
    )
    deal = bounds.clip(deal)
    deal = _deal_terms(deal, facts.prose, prose)
    missing = tuple(m for m in missing_facts(deal, truncated) if not (m == "cut_off_date" and cut_off_read.warnings))
    deal = replace(deal, missing=missing, warnings=deal.warnings + bounds.warnings())  # stated, in several ways
    inside = {i for first, last in spans for i in range(first, last + 1)}
    inside |= {i for under in statistics.values() for i in under}  # said beside their table, if not read
    cited = _cited_by(deal.pools)
    summary = summary_lines.not_read(
        [(i, lines[i]) for i in view if i not in inside],
        lambda pool, line: line in facts.untied_lines or cited(pool, line),  # said, by the heading it is under
        _lacks(deal.pools),
    )
    deal = replace(deal, warnings=deal.warnings + summary)  # a summary's line read as no figure: said
    deal = _statistics_not_read(deal, statistics, lines, facts.restated_alike)
    # A key figure the prose states in words no rule reads is "in the filing but not read", never "not stated"
    deal = unread.note_unread(deal, facts.prose, facts.corrected_text)
    deal = unread.note_unread_class_balances(deal, facts.prose, facts.corrected_text)
    deal = unread.note_unheld(deal, facts.prose, facts.corrected_text)
    return unread.note_unread_underwriting(deal, facts.prose, facts.corrected_text)


def _recognised(filing: IngestedFiling, text: str, truncated: bool) -> recognise.Kind:
    """The filing's kind; FilingError for a text that is no pool description of one series, saying where an
    exhibit kept as a file (a PDF), not read, may hold the description."""
    try:
        recognise.require_pool_description(filing.path, text)
        recognise.require_one_series(filing.path, text)
        return recognise.filing_kind(filing.path, text, truncated)
    except FilingError as refused:
        if not filing.documents_unread:
            raise
        unread = " and ".join(filing.documents_unread)
        raise FilingError(
            filing.path, f"{refused.problem}; the pool description may be in {unread}, which is not read"
        ) from None


def _deal_terms(deal: Deal, lines: narrative.ProseText, prose: str) -> Deal:
    """The deal with its loss limits and its pools' investment-property shares, and a warning per sentence
    about them kept out (``deal_terms``)."""
    limits, limit_warnings = deal_terms.read_loss_limits(lines, prose)
    pools, pool_warnings = deal_terms.read_investment(deal, lines, prose)
    return replace(deal, loss_limits=limits, pools=pools, warnings=deal.warnings + limit_warnings + pool_warnings)


def _around(first: int, last: int, holes: list[int]) -> list[tuple[int, int]]:
    """The line range first..last less the lines ``holes``, as ranges."""
    pieces: list[tuple[int, int]] = []
    start = first
    for hole in sorted(h for h in holes if first <= h <= last):
        if start < hole:
            pieces.append((start, hole - 1))
        start = hole + 1
    return [*pieces, (start, last)] if start <= last else pieces


def _statistics_not_read(
    deal: Deal, statistics: dict[int, list[int]], lines: list[str], alike: set[int] = frozenset()
) -> Deal:
    """Each line of statistics under a table's Total that no figure was read from ("Minimum note rate:  5.250%",
    which no figure of the model holds), said beside the table and in the deal's warnings: they were dropped
    unsaid. ``statistics``: the lines (0-based) under each table, by the table's first line (1-based);
    ``alike``: the lines (1-based) stating again alike a figure read before, which are read."""
    read = _cited_by(deal.pools)

    def cited(line: int) -> bool:
        return line in alike or read(None, line)

    def said(first: int) -> tuple[str, ...]:
        return tuple(
            f"the line {' '.join(lines[i].split())!r} (line {i + 1}) under the table's Total was not read:"
            " no figure of the report is taken from it"
            for i in statistics.get(first, [])
            if not cited(i + 1)
        )

    found = {id(t): said(t.line_range[0]) for t in (*deal.tables, *deal.matrices) if t.line_range}
    if not any(found.values()):
        return deal
    return replace(
        deal,
        tables=tuple(replace(t, warnings=t.warnings + found.get(id(t), ())) for t in deal.tables),
        matrices=tuple(replace(m, warnings=m.warnings + found.get(id(m), ())) for m in deal.matrices),
        warnings=tuple(
            dict.fromkeys(
                deal.warnings
                + tuple(f"{t.title}: {w}" for t in (*deal.tables, *deal.matrices) for w in found.get(id(t), ()))
            )
        ),
    )


def _cited_by(pools: tuple[Pool, ...]) -> Callable[[str | None, int], bool]:
    """Whether a figure of the pool (None: of any pool) was read from the line (1-based), or doubted there."""
    cited = {pool_key(p.name): {line for note in p.provenance for line in note.source_lines} for p in pools}

    def by(pool: str | None, line: int) -> bool:
        mine = cited.get(pool_key(pool)) if pool is not None else None
        return line in mine if mine is not None else any(line in lines for lines in cited.values())

    return by


def _lacks(pools: tuple[Pool, ...]) -> Callable[[str | None, str], bool]:
    """Whether the pool (None: any pool) has no figure for the field."""
    by_key = {pool_key(p.name): p for p in pools}

    def lacks(pool: str | None, field: str) -> bool:
        mine = by_key.get(pool_key(pool)) if pool is not None else None
        return getattr(mine, field) is None if mine is not None else any(getattr(p, field) is None for p in pools)

    return lacks


def _outside(lines: list[str], spans: list[tuple[int, int]]) -> list[str]:
    """The lines outside the tables' spans (their footnotes included)."""
    inside = {i for first, last in spans for i in range(first, last + 1)}
    return [line for i, line in enumerate(lines) if i not in inside]


def _is_section_heading(lines: list[str], index: int, continued: bool = False) -> bool:
    """A heading that opens a pool's section; "(continued)" at a page's top only carries one on.
    ``continued``: the heading that carries one on instead ("POOL I MORTGAGE LOANS (continued)"): no heading to
    keep as a running head, but the tables under it are still that pool's, wherever another pool's came between."""
    line = lines[index]
    alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 == len(lines) or not lines[index + 1].strip())
    return narrative.heading_context(line, alone) is not None and ("continued" in line.lower()) == continued


def _prose(
    lines: list[str],
    view: list[int],
    spans: list[tuple[int, int]],
    furniture: pages.Furniture,
    sections: dict[int, str] | None = None,
) -> narrative.ProseText:
    """The text outside tables, footnote blocks moved to its end, joined across page breaks; ``sections``: the pool
    whose section each heading the parser reads by more than its words opens, by its line."""
    inside = {i for first, last in spans for i in range(first, last + 1)}
    outside = [(i, lines[i]) for i in view if i not in inside]
    notes = pages.footnote_blocks(outside, furniture.breaks)
    ordered = [item for item in outside if item[0] not in notes]
    if notes:
        ordered += [(ordered[-1][0] if ordered else 0, ""), *(item for item in outside if item[0] in notes)]

    def runs_across_a_page(first: int, last: int) -> bool:
        crossed = pages.page_break_between(furniture, first, last)
        return crossed and not any(first < start and end < last for start, end in spans)  # never across a table

    return narrative.build_prose(ordered, runs_across_a_page, sections)


def _section_pools(
    lines: list[str],
    view: list[int],
    raw_tables: list[tables.RawTable],
    headings: frozenset[int],
    introduced: dict[int, str | kind_headings.Untied],
) -> list[str | kind_headings.Untied | None]:
    """For each table, the pool of the section heading above it, or of the sentence introducing the tables under it
    or the heading naming their loans' kind (``introduced``): it holds until the next heading or such sentence."""
    bodies = [(view[t.body_first], view[t.total_line]) for t in raw_tables]
    marks = sorted(i for i in headings | introduced.keys() if not any(first <= i <= last for first, last in bodies))
    pools: list[str | kind_headings.Untied | None] = []
    position, current = 0, None
    for table in raw_tables:
        first = view[table.first_line]
        while position < len(marks) and marks[position] < first:
            mark = marks[position]
            under = current if position and _only_blank_between(lines, view, marks[position - 1], mark) else None
            current = introduced[mark] if mark in introduced else narrative.heading_context(lines[mark], True, under)
            position += 1
        pools.append(current)
    return pools


# "The following tables set forth information about the pool II mortgage loans": the tables under it are that pool's
_THE_FOLLOWING_TABLES = re.compile(r"^\s*the\s+following\s+tables?\b", re.I)
_MOST_INTRODUCING_LINES = 6  # of such a paragraph, read for the pool it names: its sentence, not prose after it


def _tables_introduced(lines: list[str], view: list[int]) -> dict[int, str]:
    """The pool each paragraph opening "The following table(s) ..." names as the one its tables
    describe, by the paragraph's last line; a paragraph naming several pools, or none, names no pool's tables.
    Without it, tables so introduced were the section's above, or the whole deal's."""
    introduced: dict[int, str] = {}
    for at, i in enumerate(view):
        if not _THE_FOLLOWING_TABLES.match(lines[i]):
            continue
        ends = range(at, min(at + _MOST_INTRODUCING_LINES, len(view)))  # a hostile run of such lines: linear
        last = next((k for k in ends if not lines[view[k]].strip()), ends.stop) - 1
        named = set(_pools_named(" ".join(lines[view[k]] for k in range(at, last + 1))))
        if len(named) == 1 and WHOLE_DEAL not in named:  # in a pool's section, "all the mortgage loans" are its own
            introduced[view[last]] = named.pop()
    return introduced


def _only_blank_between(lines: list[str], view: list[int], above: int, below: int) -> bool:
    """Nothing but blank lines (and page furniture, set aside) between two lines of the text."""
    return not any(lines[i].strip() for i in view[bisect.bisect_right(view, above) : bisect.bisect_left(view, below)])


def _line_numbers(line: int | None) -> tuple[int, ...]:
    return (line + 1,) if line is not None else ()


def _cut_off_date(read: re.Match[str] | None, prose: str, lines: narrative.ProseText) -> tuple[date | None, Provenance]:
    """The cut-off date and where it was read. A filing that states it differently in different places
    ("as of June 1, 2004" once, "as of May 1, 2004" eight times) has it doubted beside it: the date most
    statements give is kept, and none where no date is given by more statements than all the others."""
    found = _deal_fact("cut_off_date", read, lines)
    if read is None:
        return None, found
    stated: dict[date, list[int]] = {}
    for match in MEASURED_AT.finditer(prose):
        if (when := parse_date(match.group(1))) is not None:
            stated.setdefault(when, []).extend(lines.lines_between(match.start(1), match.end(1))[:1])
    if len(stated) < 2:
        return parse_date(read.group(1)), found
    ranked = sorted(stated.items(), key=lambda item: len(item[1]))  # the fewest first, the most last
    kept = ranked[-1][0] if len(ranked[-1][1]) > sum(len(places) for _, places in ranked[:-1]) else None
    ways = " and ".join(
        f"as {long_date(when)} {'on' if len(places) == 1 else f'in {len(places)} places,'} {lines_text(places)}"
        for when, places in ranked
    )
    verdict = (
        f"{long_date(kept)}, which most of them give, is kept"
        if kept
        else "no date is given by most of them: none is kept"
    )
    doubt = f"the filing states its cut-off date in different ways, {ways}: {verdict}"
    where = tuple(sorted(set(stated[kept]) if kept else {n for places in stated.values() for n in places}))
    return kept, replace(found, source_lines=where, warnings=(*found.warnings, doubt))


def _clean_up_read(read: re.Match[str] | None, prose: str, lines: narrative.ProseText) -> Provenance:
    """Where the clean-up call's balance was read; where the filing states it as a share of the balance alone ("less
    than 10% of the aggregate ... balance"), that it is stated so and not read: never "not stated"."""
    if read is not None or (share := _CLEAN_UP_AS_A_SHARE.search(prose)) is None:
        return _deal_fact("clean_up_call_balance", read, lines)
    written = " ".join(share.group(1).split())
    why = f"stated as {written} the pool's balance, not as an amount; not read"
    return replace(_deal_fact("clean_up_call_balance", share, lines), warnings=(why,))


def _deal_fact(name: str, match: re.Match[str] | None, text: str | narrative.ProseText) -> Provenance:
    if match is None:
        return Provenance(name)
    if isinstance(text, narrative.ProseText):
        joined = [
            f"read from a sentence joined across a page break (lines {before} and {after})"
            for _, before, after in text.joins_between(match.start(), match.end())
        ]
        return Provenance(name, text.lines_between(match.start(), match.end()), tuple(joined))
    first = text.count("\n", 0, match.start())
    return Provenance(name, tuple(range(first + 1, first + 2 + match.group(0).count("\n"))))


def _pools_taken_together(
    strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...], facts: narrative.ProseFacts
) -> tuple[tuple[StratTable, ...], tuple[PercentMatrix, ...], tuple[str, ...]]:
    """Tables and matrices whose title names pools together ("GROUP 1 AND GROUP 2 LOANS COMBINED"): the
    whole deal's where those are every pool the deal names, else left out (a warning each): no one pool's.
    So is one of the loans other than some pools ("(EXCLUDING GROUP 2)"): which pools are the rest is not said."""
    every = {p for p in facts.pool_order if p != WHOLE_DEAL} | {
        t.pool for t in (*strats, *matrices) if tables.names_one_pool(t.pool) and t.pool != WHOLE_DEAL
    }
    kept: dict[str, list] = {"strats": [], "matrices": []}
    left_out: list[str] = []
    for kind, found in (("strats", strats), ("matrices", matrices)):
        for t in found:
            other_than = t.pool.startswith(tables.OTHER_THAN)
            named = t.pool.removeprefix(tables.OTHER_THAN).split(tables.TOGETHER)
            pools = " and ".join(Pool(name).label for name in named)
            if tables.names_one_pool(t.pool):
                kept[kind].append(t)
            elif other_than:
                left_out.append(
                    f"the table {t.title!r} is of the loans other than {pools}: it is no one pool's; left out,"
                    " not misread"
                )
            elif set(named) == every:
                kept[kind].append(replace(t, pool=WHOLE_DEAL))
            else:
                left_out.append(
                    f"the table {t.title!r} is of {pools} taken together, which are not every pool of the"
                    " deal: it is no one pool's; left out, not misread"
                )
    return tuple(kept["strats"]), tuple(kept["matrices"]), tuple(left_out)


_MOST_STATES_IN_A_PART = 2  # a table of one state's regions names one; a state table names more


def _several_for_one_pool(
    strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> tuple[tuple[StratTable, ...], tuple[PercentMatrix, ...]]:
    """Several state tables of all a pool's loans, or FICO x LTV matrices, for one pool: each says so.
    A pool's figures are read from one of them, and a pool heading the parser did not find (a pool
    named only in a page's running head) leaves every pool's tables to the whole deal."""
    state_tables = [t for t in strats if _names_states(t) and t.total is not None and t.total.balance]
    largest = {t.pool: max(u.total.balance for u in state_tables if u.pool == t.pool) for t in state_tables}
    # a table of the ten largest states holds a part of the loans: not another table of them all
    of_all = [t for t in state_tables if abs(t.total.balance - largest[t.pool]) <= 1]
    ficos = [m for m in matrices if "FICO" in m.row_header.upper()]
    states, fico_count = Counter(t.pool for t in of_all), Counter(m.pool for m in ficos)

    def said(what: str, count: int, pool: str) -> str:
        return f"one of {count} {what} for {Pool(pool).label.lower()}: which loans each describes is not said"

    strats = tuple(
        replace(t, warnings=(*t.warnings, said("state tables", states[t.pool], t.pool)))
        if any(t is u for u in of_all) and states[t.pool] > 1
        else t
        for t in strats
    )
    matrices = tuple(
        replace(m, warnings=(*m.warnings, said("FICO x LTV matrices", fico_count[m.pool], m.pool)))
        if any(m is f for f in ficos) and fico_count[m.pool] > 1
        else m
        for m in matrices
    )
    return strats, matrices


def _names_states(table: StratTable) -> bool:
    """A geographic table naming states (a table of one state's regions names one)."""
    named = {state_code(r.label) for r in table.rows} - {None}
    return table.kind is TableKind.GEOGRAPHY and len(named) > _MOST_STATES_IN_A_PART


def _warnings(
    facts: narrative.ProseFacts,
    strats: tuple[StratTable, ...],
    kind: recognise.Kind,
    amendment: recognise.Amendment | None,
) -> tuple[str, ...]:
    """Every doubt, in plain words: the deal's own, then each figure's (also kept on the figure)."""
    warnings: list[str] = []
    if amendment:
        warnings.append(f"this filing is an amendment ({amendment.note}): it corrects an earlier filing of the series")
    if kind.warning:
        warnings.append(f"kind of filing: {kind.warning}")
    warnings += facts.warnings
    warnings += [f"{_describe(target)}: {message}" for target, message in facts.doubts]
    for table in strats:
        warnings += [f"{table.title}: {w}" for w in table.warnings]
        for row in table.rows:
            warnings += [f"{table.title}, row {row.label!r}: {w}" for w in row.warnings]
        if table.total is not None:
            warnings += [f"{table.title}, {of_the_total_line(w)}" for w in table.total.warnings]
    return tuple(dict.fromkeys(warnings))


def _describe(target: narrative.Target) -> str:
    """A fact's name as a warning gives it: "Pool II wac", "class B-6 initial_balance"."""
    what, *rest = target

    def pool(name: str) -> str:
        return "every pool" if name == "*" else Pool(name).label

    if what == "pool":
        return f"{pool(rest[0])} {rest[1]}"
    if what == "group":
        return f"{pool(rest[0])} {rest[1]} loans {rest[2]}"
    if what == "class":
        return f"class {rest[0]} {rest[1]}"
    if what == "collateral":
        return f"{pool(rest[0])} additional collateral {rest[1]}"
    if what == "underwriting":
        return f"{pool(rest[0])} underwriting statement {rest[1] + 1}"
    return f"{pool(rest[0])} {what}"


# --- cover ---------------------------------------------------------------------------------


def series_of(text: str) -> str | None:
    """The series as written on the cover ("2004-3"), upper-cased, spaces removed."""
    match = _SERIES.search(text)
    return re.sub(r"\s+", "", match.group(1)).upper() if match else None


def _money(written: str) -> float | None:
    """An amount as the prose reader reads one: "$49,364,137.76", "$49.4 million"."""
    runs = narrative.value_runs(written, "money")
    return runs[0][0] if runs and isinstance(runs[0][0], float) else None


# --- tables --------------------------------------------------------------------------

_COUNT_HEADER = re.compile(r"\bnumber\b|\bloans\b|\bcount\b|\bno\.|#", re.I)
# "Aggregate Outstanding" and "Dollars Outstanding" are balances too; "Loans Outstanding" a count.
_BALANCE_HEADER = re.compile(r"balance|principal|amount|dollars|\$|(?<!loans )outstanding", re.I)
# Columns that are neither a loan count nor a dollar balance: a percent of the pool,
# or an average ("Average Principal Balance", "Avg. Balance", "Mean Balance", "WA Balance" are a loan size, not
# the bucket's balance: read as it, each row's balance was its average loan's and every check failed).
_AN_AVERAGE = r"average|\bavg\b|\bmean\b|weighted|\bwtd\b|\bwgt\b|(?-i:\bW\.?\s?A\b)"
_OTHER_HEADER = re.compile(rf"percent|pct\b|%|{_AN_AVERAGE}|rate|term|ratio|score", re.I)
_AGGREGATE_HEADER = re.compile(r"aggregate|outstanding|total", re.I)
_TOTAL_COLUMN = re.compile(r"\ball\b|\btotal\b", re.I)
# A matrix's column of row totals, "All loans": the loans of each row taken together, in whatever unit the matrix
# gives them, never a column of loan counts (a FICO x LTV matrix in dollars had its "All loans" dollars read as
# each FICO row's loans, checked against the pool's 1,225).
_ALL_THE_LOANS = re.compile(r"^\s*all\s+(?:the\s+)?(?:mortgage\s+)?loans\s*$", re.I)


def _mark(token: str) -> str | None:
    """The footnote's mark a figure's cell holds instead of a figure ("*", "*%": "*"); None for a figure."""
    return token.strip().rstrip("%").strip() if tables.is_mark(token) else None


def _to_number(token: str) -> float:
    if tables.is_zero_dash(token):
        return 0.0  # a dash in a figure's column
    return float(re.sub(r"[$,%()\s]", "", token))


_LONGEST_FIGURE = 40  # characters: a figure's cell is short (and a hostile one is not remembered)


def _is_plausible(token: str) -> bool:
    """False for a damaged figure: a run of digits no filing states, "inf" as a float, a
    negative one (accounting brackets, a minus sign): no count or balance of a pool is negative,
    and reading "(296,923,131)" as 296,923,131 would be a different number; or one with its
    digits grouped other than in threes ("619,8", "1,22,5"), which is no number for certain.
    Asked of each figure of a row four times or more (its balance, its doubts): remembered."""
    return _plausible_remembered(token) if len(token) <= _LONGEST_FIGURE else _plausible(token)


@functools.lru_cache(maxsize=4096)
def _plausible_remembered(token: str) -> bool:
    return _plausible(token)


def _plausible(token: str) -> bool:
    return (
        token.strip() != ""  # a cell the filing leaves blank (a Total line's, ``tables``)
        and _mark(token) is None
        and not _is_negative(token)
        and not narrative.DAMAGED_NUMBER.fullmatch(re.sub(r"\s", "", token))
        and _to_number(token) < narrative.MAX_FIGURE
    )


def _is_negative(token: str) -> bool:
    """A figure in brackets or with a minus sign, other than a zero: "(0)", "-0-" and a dash are zeros."""
    zero = re.search(r"\d", token) is not None and re.search(r"[1-9]", token) is None
    return not zero and ("(" in token or token.lstrip().startswith(("-", "\u2212")) and not tables.is_zero_dash(token))


def _dash_beside_a_figure(values: list[str], count_col: int | None, balance_col: int | None) -> dict[int, str]:
    """The count or balance of a row written as a dash while its other figure is not zero ("8  --"): a dash
    stands for a zero only where the row has no loans at all; beside loans counted, or a balance, it says
    the figure is not given. Each such column, with the doubt said beside the row."""
    if count_col is None or balance_col is None or max(count_col, balance_col) >= len(values):
        return {}
    doubts = {}
    for dashed, other, what, others in (
        (count_col, balance_col, "loan count", "balance"),
        (balance_col, count_col, "balance", "loan count"),
    ):
        written, beside = values[dashed], values[other]
        if tables.is_zero_dash(written) and _is_plausible(beside) and _to_number(beside) != 0:
            doubts[dashed] = (
                f"the filing writes the {what} of this row as {written!r} beside a {others} of {beside}:"
                " a dash there is no zero; not read"
            )
    return doubts


def _damaged(values: list[str], columns: tuple[int | None, ...]) -> tuple[str, ...]:
    """The doubt on a row whose count or balance is written so that it cannot be read."""
    return tuple(
        f"the filing writes a figure of this row as {values[c]!r}, which is not read as a figure"
        for c in columns
        if c is not None and c < len(values) and values[c] and not _is_plausible(values[c])
    )


def _convert_tables(
    raw_tables: list[tables.RawTable],
    view: list[int],
    sections: list[str | kind_headings.Untied | None],
    marks: dict[str, tables.Bound] | None = None,
    notes: dict[str, str] | None = None,
    html_unread: Lines = (),
) -> tuple[tuple[StratTable, ...], tuple[PercentMatrix, ...], tuple[_Unread, ...]]:
    """Tables and matrices of the model, and each table left out; ``view`` maps the tables' lines
    to the filing's; ``marks``: what the filing's footnotes say a mark in a cell stands for; ``notes``:
    the filing's footnotes by their marks, for a mark glued to a figure; ``html_unread``: the lines of
    the HTML tables laid out in no way the reader is sure of (a figure's heading or row), and why."""
    strats: list[StratTable] = []
    matrices: list[PercentMatrix] = []
    left_out: list[_Unread] = []
    for whole, section in zip(raw_tables, sections):
        line_range = (view[whole.first_line] + 1, view[whole.last_line] + 1)
        if why := _html_unread(line_range, html_unread):
            left_out.append(_left_out(whole.title, line_range, why))
            continue
        parts = _each_pools_columns(whole)
        if isinstance(parts, str):
            left_out.append(_left_out(whole.title, line_range, parts))
            continue
        for raw in parts:
            if isinstance(section, kind_headings.Untied) and not raw.pool_hint:  # a subset of the deal, whose?
                left_out.append(_left_out(raw.title, line_range, section.why))
                continue
            bounds = tables.a_tables_marks(raw.footnotes, marks or {})
            _convert_table(raw, section, view, strats, matrices, left_out, bounds, notes or {})
    return tuple(strats), tuple(matrices), tuple(left_out)


def _html_unread(line_range: tuple[int, int], html_unread: Lines) -> str:
    """Why the table on ``line_range`` (1-based) is not read, where it is an HTML table the reader could not
    lay out so that each figure's heading and row are known (``html_unread``: 0-based line ranges); else ""."""
    return next((why for first, last, why in html_unread if first < line_range[1] and line_range[0] <= last + 1), "")


_Listed = TypeVar("_Listed")


def _placed_only(
    listed: list[tuple[tables.RawTable | tables.ClassTable, _Listed]],
    view: list[int],
    html_unread: Lines,
) -> tuple[list[tuple[tables.RawTable | tables.ClassTable, _Listed]], tuple[_Unread, ...]]:
    """Tables of classes or of pools with what they list, less the HTML tables laid out in no way the
    reader is sure of (``_convert_tables`` leaves such a table out): each left out, and said, never read
    under guessed headings or rows."""
    kept, left_out = [], []
    for table, rows in listed:
        line_range = (view[table.first_line] + 1, view[table.last_line] + 1)
        if why := _html_unread(line_range, html_unread):
            title = table.title if isinstance(table, tables.RawTable) else ""
            left_out.append(_left_out(title, line_range, why))
        else:
            kept.append((table, rows))
    return kept, tuple(left_out)


# A heading naming the pool whose figures stand under it: "Pool II", "Loan Group 3", "All Mortgage Loans".
_POOL_OR_ALL = re.compile(
    rf"\b{POOL_WORD}\s+(?P<pool>{POOL_NAME})\b|\b(?P<all>all\s+(?:the\s+)?(?:mortgage\s+)?loans)\b", re.I
)


def _each_pools_columns(raw: tables.RawTable) -> list[tables.RawTable] | str:
    """The table, or one table for each pool where it sets the pools' figures side by side: its
    column headings repeat ("Number  Balance  Number  Balance") under a line naming as many pools
    over the columns ("Pool II        Pool III"), or with each pool's name in its own headings.
    Repeated headings under no such names: why it is left out."""
    named = [_pools_named(h) for h in raw.column_headers]
    headers = [" ".join(_POOL_OR_ALL.sub(" ", h).lower().split()) for h in raw.column_headers]
    width = next(
        (
            w
            for w in range(1, len(headers) // 2 + 1)
            if len(headers) % w == 0 and headers == headers[:w] * (len(headers) // w)
        ),
        None,
    )
    if width is None or not any(_COUNT_HEADER.search(h) or _BALANCE_HEADER.search(h) for h in headers[:width]):
        return [raw]
    groups = len(headers) // width
    over_the_columns = _pools_named(raw.super_header[-1]) if raw.super_header else []  # not over the labels
    in_the_headings = _named_once_in_each(named, width) or [name for names in named for name in names]
    in_capitals = _pools_named(raw.title)  # "POOL I    POOL II" in capitals is read as the table's title
    pools = next((names for names in (over_the_columns, in_the_headings, in_capitals) if len(names) == groups), None)
    if pools is None:
        return f"{groups} sets of figures side by side, under no heading naming a pool for each; left out, not misread"

    def columns(values: list[str], first: int) -> list[str]:
        return values[first : first + width] if len(values) == len(headers) else []  # a row short of a figure: none

    def marks(glued: dict[int, str], first: int) -> dict[int, str]:
        return {column - first: mark for column, mark in glued.items() if first <= column < first + width}

    return [
        replace(
            raw,
            pool_hint=pool,
            title=f"By {raw.label_header}" if pools is in_capitals else raw.title,  # the pools' names: no title
            column_headers=raw.column_headers[k * width : (k + 1) * width],
            rows=[
                replace(row, values=columns(row.values, k * width), marks=marks(row.marks, k * width))
                for row in raw.rows
            ],
            total=columns(raw.total, k * width),
            total_marks=marks(raw.total_marks, k * width),
        )
        for k, pool in enumerate(pools)
    ]


def _named_once_in_each(named: list[list[str]], width: int) -> list[str]:
    """The pool each set of ``width`` columns names in its headings, where each names one, another than the others'
    ("Pool I Number", "Pool I Balance", "Pool II Number", "Pool II Balance"): ["I", "II"]; else none. Counted
    heading by heading, the names were twice the sets, and the table was left out."""
    sets = [{name for names in named[k : k + width] for name in names} for k in range(0, len(named), width)]
    pools = [next(iter(names)) for names in sets if len(names) == 1]
    return pools if len(pools) == len(sets) and len(set(pools)) == len(pools) else []


def _pools_named(text: str) -> list[str]:
    """The pools a heading names one by one, in order: "Pool II   Pool III" -> ["II", "III"]; "All
    Mortgage Loans" -> ["all"]. Pools named together ("Pool II and Pool III") head no column each: none."""
    found = list(_POOL_OR_ALL.finditer(text))
    if any(re.search(r",|&|\band\b|\bor\b", text[a.end() : b.start()]) for a, b in zip(found, found[1:])):
        return []
    return [m.group("pool").upper() if m.group("pool") else WHOLE_DEAL for m in found]


def _convert_table(
    raw: tables.RawTable,
    section: str | None,
    view: list[int],
    strats: list[StratTable],
    matrices: list[PercentMatrix],
    left_out: list[_Unread],
    marks: dict[str, tables.Bound],
    notes: dict[str, str],
) -> None:
    """One table found in the text, as a table or a matrix of the model, or a warning that it is left out;
    ``notes``: the filing's footnotes by their marks."""
    pool = raw.pool_hint or section or WHOLE_DEAL
    line_range = (view[raw.first_line] + 1, view[raw.last_line] + 1)
    if raw.rows_go_on:
        why = "each row's figures go on in the line under it (a table wider than the page, wrapped), so which"
        left_out.append(
            _left_out(raw.title, line_range, f"{why} column each figure is in is not certain; left out, not misread")
        )
        return
    if raw.beside_another:
        why = "another table stands beside it on the same lines, so which figures are its own"
        left_out.append(_left_out(raw.title, line_range, f"{why} is not certain; left out, not misread"))
        return
    if raw.grouped_by_spaces:
        why = f"its figures are grouped by spaces ({raw.grouped_by_spaces!r}), so which digits make one figure"
        left_out.append(_left_out(raw.title, line_range, f"{why} is not certain; left out, not misread"))
        return
    if raw.columns_go_on:
        why = "its other columns go on in a block under it with no row labels, so which row each figure there is in"
        left_out.append(_left_out(raw.title, line_range, f"{why} is not certain; left out, not misread"))
        return
    if _is_percent_matrix(raw) and _pools_own_shares_side_by_side(raw):
        left_out.append(_left_out(raw.title, line_range, _POOLS_OWN_SHARES))
        return
    if _is_percent_matrix(raw) or _is_totals_column(raw):
        figures = [*raw.total, *(v for row in raw.rows for v in row.values)]
        bounds = {marks[_mark(v)].bound for v in figures if _mark(v) in marks}
        if len(bounds) > 1:
            left_out.append(
                _left_out(raw.title, line_range, "its cells' marks stand for shares under different bounds")
            )
        elif all(_is_plausible(v) or _mark(v) in marks for v in figures):
            shares, averages = _without_averages(raw)
            matrix = _to_matrix(shares, pool, view, line_range, marks)  # every figure a percent of the pool
            matrices.append(replace(matrix, warnings=matrix.warnings + averages))
        else:
            left_out.append(_left_out(raw.title, line_range, "a figure of it cannot be read; left out, not misread"))
        return
    raw, fraction_note = _fractions_as_percents(raw)
    count_col, balance_col = _count_and_balance_columns(raw)
    count_col, balance_col, swapped_note = _typed_by_their_figures(raw, count_col, balance_col)
    balance_col, original_note = _not_the_original_balance(raw, balance_col)
    if not raw.has_total and not _read_without_a_total(raw, count_col, balance_col):
        percents = _rows_of_percents([row.values for row in raw.rows])
        left_out.append(_no_total_found(raw.title, line_range[0], _NO_TOTAL_UNDER_PERCENTS if percents else None))
        return
    if count_col is None and balance_col is None:
        left_out.append(_left_out(raw.title, line_range, "no column of loan counts or balances, nor a percent matrix"))
        return
    unread = [what for what, col in (("loan counts", count_col), ("balances", balance_col)) if col is None]
    unread = [what for what in unread if what != "balances" or not original_note]  # said why
    headings = ", ".join(repr(h) for h in raw.column_headers)
    unread_note = tuple(f"no column heading ({headings}) reads as the rows' {what}: not shown" for what in unread)
    scaled_by = _balance_scale(raw, balance_col)
    # the dollars of a scaled balance's last digit ("296.92" in millions: $10,000); a dollar, else
    unit = scaled_by * 10.0 ** -_most_decimals(raw, balance_col) if scaled_by != 1 else 1.0
    unit_note = (
        (
            f"balances in {scale.in_words(scaled_by)} of dollars, as the filing gives them: read times"
            f" {scaled_by:,.0f}, each to the nearest ${unit:,.0f}",
        )
        if scaled_by != 1
        else ()
    )

    def balance(values: list[str]) -> float | None:
        read = _cell(values, balance_col, float)
        return round(read * scaled_by, 2) if read is not None else None

    total_balance = balance(raw.total)
    share_col = _share_of_balance_column(raw, balance_col)
    total_share = _total_share(raw.total, share_col)
    # No balances, but each row's share of the balance: the shares are kept, as the filing states them
    stated_col = _stated_shares_column(raw, count_col) if balance_col is None else None
    if stated_col is not None:
        unread_note = tuple(
            note + "; each row's share of the balance is, as the filing states it" for note in unread_note
        )

    def table_row(row: tables.RawRow) -> TableRow:
        dashed = _dash_beside_a_figure(row.values, count_col, balance_col)
        count = None if count_col in dashed else _cell(row.values, count_col, int)
        read = None if balance_col in dashed else balance(row.values)
        return TableRow(
            row.label,
            count,
            read,
            source_lines=_filing_lines(row.lines, view),
            warnings=tuple(row.warnings)
            + tuple(dashed.values())
            + _damaged(row.values, (count_col, balance_col, stated_col))
            + _share_disagrees(row.values, share_col, read, total_balance, total_share)
            + _share_over_its_bound(row.values, share_col, marks, read, total_balance, total_share)
            + _marked_figures(row.values, row.marks, raw.footnotes, notes),
            share=_stated_share(row.values, stated_col),
        )

    strats.append(
        StratTable(
            title=raw.title,
            pool=pool,
            label_header=raw.label_header,
            rows=tuple(table_row(row) for row in raw.rows),
            total=TableTotal(
                _cell(raw.total, count_col, int),
                balance(raw.total),
                source_lines=_filing_lines([raw.total_line], view),
                warnings=_marked_figures(raw.total, raw.total_marks, raw.footnotes, notes),
                share=_stated_share(raw.total, stated_col),
            )
            if raw.has_total
            else None,
            footnotes=tuple(raw.footnotes),
            line_range=line_range,
            warnings=(() if raw.has_total else (_NO_TOTAL_LINE_SAID,))
            + tuple(raw.warnings)
            + unread_note
            + original_note
            + fraction_note
            + swapped_note
            + unit_note
            + tuple(map(of_the_total_line, _damaged(raw.total, (count_col, balance_col, stated_col)))),
            balance_unit=unit,
        )
    )
    if stated_col is not None:
        strats[-1] = replace(strats[-1], warnings=strats[-1].warnings + _shares_do_not_add_up(raw, stated_col))
    if strats[-1].kind is TableKind.GEOGRAPHY:
        strats[-1] = replace(strats[-1], warnings=strats[-1].warnings + _rows_naming_no_state(strats[-1]))
    strats[-1] = replace(strats[-1], warnings=strats[-1].warnings + _title_against_its_labels(raw))


def _title_against_its_labels(raw: tables.RawTable) -> tuple[str, ...]:
    """A doubt where the title names one kind of table and the heading of its labels another ("YEARS OF
    ORIGINATION" over "Type of Dwelling Unit"): where each title is set under its table, not over it, every table
    took the title of the one above, the states shown as an LTV table with nothing said. The table is the kind its
    labels' heading names (``classify_table``)."""
    if (apart := kinds_named_apart(raw.title, raw.label_header)) is None:
        return ()
    by_title, by_labels = (kind.value.replace("_", " ") for kind in apart)
    return (
        f"its title names a table by {by_title}, but its labels are headed {raw.label_header!r}: the title may be"
        f" another table's (set under its own table, not over it); read as a table by {by_labels}",
    )


def _marked_figures(
    values: list[str], glued: dict[int, str], footnotes: list[str], notes: dict[str, str]
) -> tuple[str, ...]:
    """What is said beside a row whose figure has a footnote's mark glued to it ("296,923,131(1)"): the
    footnote, the table's own or the filing's; or, with none, that nothing says why (the figure in doubt)."""
    said: list[str] = []
    for column, mark in sorted(glued.items()):
        figure = values[column].strip() if column < len(values) else ""
        note = tables.what_a_mark_says(mark, footnotes, notes)
        said.append(
            f"the figure {figure} is marked {mark}: {note}"
            if note
            else f"the figure {figure} is marked {mark}, with no footnote that says why: read as {figure}, in doubt"
        )
    return tuple(said)


# "Percent of Aggregate Principal Balance", "% of Aggregate Balance": a column of each row's share
# of the table's balance, beside the balances themselves; "% of Pool", "Percent of Mortgage Pool" as
# term sheets head it, a share of the pool being of its balance. A share of the loans by number is not
# one ("% of Loans by Loan Amount" says amount and loans alike: left unchecked), nor is a running sum ("Cumulative %
# of Balance"): taken for the rows' shares, California's was its own and every state's above it.
_SHARE_OF_BALANCE_HEADER = re.compile(
    r"(?!.*\bcumulative\b)(?=.*(?:percent|pct\b|%))(?:(?=.*(?:balance|principal|dollar))"
    r"|(?=.*(?:amount|\bpool\b|\baggregate\b))(?!.*\b(?:loans|number|count)\b))",
    re.I,
)


def _share_of_balance_column(raw: tables.RawTable, balance_col: int | None) -> int | None:
    """The column stating each row's percent of the balance, where the balances are read too."""
    if balance_col is None:
        return None
    found = [i for i, h in enumerate(raw.column_headers) if i != balance_col and _SHARE_OF_BALANCE_HEADER.match(h)]
    return found[0] if len(found) == 1 else None


def _stated_shares_column(raw: tables.RawTable, count_col: int | None) -> int | None:
    """The column stating each row's percent of the balance, in a table that gives no balances."""
    found = [i for i, h in enumerate(raw.column_headers) if i != count_col and _SHARE_OF_BALANCE_HEADER.match(h)]
    return found[0] if len(found) == 1 else None


def _written_share(values: list[str], column: int | None) -> str | None:
    """A share as the cell writes it, without its "%" ("45.23"); None for a cell that writes no share."""
    written = values[column].strip().rstrip("%").strip() if column is not None and column < len(values) else ""
    return written if re.fullmatch(r"\d{1,3}(?:\.\d+)?", written) and float(written) <= 100 else None


def _stated_share(values: list[str], column: int | None) -> float | None:
    written = _written_share(values, column)
    return float(written) if written is not None else None


def _shares_do_not_add_up(raw: tables.RawTable, column: int) -> tuple[str, ...]:
    """The doubt on a table of shares whose rows do not add up to its Total line's (100%, none written): each
    share may be off by half a unit of its last digit, so the rows' sum by that much per row."""
    written = [w for row in raw.rows if (w := _written_share(row.values, column)) is not None]
    if len(written) < len(raw.rows):
        return ()  # a row with no share read says so itself (``_damaged``)
    total = _stated_share(raw.total, column) or 100.0
    slack = sum(0.5 * 10 ** -len(w.partition(".")[2]) for w in written) + 1e-9
    added = sum(map(float, written))
    if abs(added - total) <= slack:
        return ()
    return (f"the rows' shares of the balance add up to {added:.2f}%, not the {total:g}% of the whole table",)


def _total_share(total: list[str], share_col: int | None) -> float:
    """The Total line's stated share: 100, or less for a table of some of the loans ("the five largest
    states", 73.70% of the pool), whose rows' shares are then of the whole pool too."""
    written = total[share_col].strip().rstrip("%").strip() if share_col is not None and share_col < len(total) else ""
    return float(written) if re.fullmatch(r"\d{1,3}(?:\.\d+)?", written) and 0 < float(written) <= 100 else 100.0


def _share_disagrees(
    values: list[str], share_col: int | None, balance: float | None, total: float | None, total_share: float = 100.0
) -> tuple[str, ...]:
    """The doubt on a row whose stated share of the balance is not its balance's share of the
    Total line's: one of the two is misread, or misprinted. Allowed: half a unit of the share's last
    written digit (its rounding) and a unit more (a share nudged so that they add up to 100%)."""
    if share_col is None or share_col >= len(values) or balance is None or not total:
        return ()
    written = values[share_col].strip().rstrip("%").strip()
    if not re.fullmatch(r"\d{1,3}(?:\.\d+)?", written):
        return ()
    decimals = len(written.partition(".")[2])
    computed = total_share * balance / total
    if abs(float(written) - computed) <= 1.5 * 10**-decimals + 1e-9:
        return ()
    return (
        f"the filing gives this row as {written}% of the balance, but its balance is {computed:.{max(decimals, 2)}f}%"
        " of the Total line's: one of them is misread, or misprinted",
    )


def _share_over_its_bound(
    values: list[str],
    share_col: int | None,
    marks: dict[str, tables.Bound],
    balance: float | None,
    total: float | None,
    total_share: float = 100.0,
) -> tuple[str, ...]:
    """The doubt on a row whose share the filing writes as a mark for a share under a bound ("*", "* Less
    than 0.005%") where its balance is a larger share of the Total line's (to the bound's last digit)."""
    if share_col is None or share_col >= len(values) or balance is None or not total:
        return ()
    mark = _mark(values[share_col])
    if mark not in marks:
        return ()
    bound = marks[mark].bound
    computed = total_share * balance / total
    if computed <= bound:
        return ()
    return (
        f"the filing gives this row's share of the balance as {mark!r} ({marks[mark].note!r}), but its balance is"
        f" {computed:.3f}% of the Total line's: one of them is misread, or misprinted",
    )


def _balance_scale(raw: tables.RawTable, balance_col: int | None) -> float:
    """1,000 or 1,000,000 where the balances' heading, a heading over the columns, the title or a note
    with the table says they are in thousands or millions ("Balance ($000)", "(Dollars in Millions)",
    "(Dollar amounts in thousands)"); else 1."""
    if balance_col is None:
        return 1.0
    # the heading over the columns whole too: a note under the title set across them, "(Dollars in Thousands)", is cut
    # into a piece over each column ("(Dollars in", "Thousands)"), of which none says the unit
    said = [
        raw.column_headers[balance_col],
        raw.title,
        *raw.super_header,
        " ".join(raw.super_header),
        *raw.notes,
        *raw.footnotes,
    ]
    return next((unit for text in said if (unit := scale.unit_said(text)) is not None), 1.0)


def _most_decimals(raw: tables.RawTable, column: int) -> int:
    """The most decimals a cell of the column is written with ("296.92": 2)."""
    cells = [values[column] for values in (*(row.values for row in raw.rows), raw.total) if column < len(values)]
    return max((len(cell.partition(".")[2].rstrip("%")) for cell in cells if cell), default=0)


# Beside a table read with no Total line: which of its checks could not run.
_NO_TOTAL_LINE_SAID = (
    f"{NO_TOTAL_LINE}: its rows could not be checked against one; their sums are checked against the pool's"
    " loan count and balance where the filing states them, and each row's share is of the rows' sum"
)


def _read_without_a_total(raw: tables.RawTable, count_col: int | None, balance_col: int | None) -> bool:
    """Whether a table with no Total line is read: its headings name a column of loan counts or balances,
    none of whose cells is a percent (with no Total line to tell, a matrix of percents is not read)."""
    columns = [c for c in (count_col, balance_col) if c is not None]
    return bool(columns) and not any("%" in row.values[c] for row in raw.rows for c in columns if c < len(row.values))


@dataclass(frozen=True)
class _Unread:
    """A table the filing has that could not be read: the warning saying which and why, and its checks,
    which could not run (every format says so beside the pass count)."""

    warning: str
    not_run: NotRun


_A_TOTAL_LINE = re.compile(r"^\s*total\b", re.I)


_NO_TOTAL_LINE_FOUND = "the parser finds no Total line for it"
# A table of percents (a FICO x LTV matrix) with no Total line: only its Total line tells a matrix of shares of the
# pool from a table of other percents (``_read_without_a_total``), so it is not read without one.
_NO_TOTAL_UNDER_PERCENTS = (
    "the parser finds no Total line under its rows, and a table of percents is not read as a matrix of shares of"
    " the pool without one"
)


def _why_not_read(lines: list[str]) -> str:
    """Why the table under a title (``lines``, from the title down) was not read: a Total line with no rows above
    it, or none under rows of percents, or none found."""
    if any(_A_TOTAL_LINE.match(line) for line in lines[1:]):
        return "the parser finds no rows above its Total line"
    rows = [[f.group() for f in figures] for line in lines[1:] if len(figures := tables.trailing_numbers(line)) > 1]
    return _NO_TOTAL_UNDER_PERCENTS if _rows_of_percents(rows) else _NO_TOTAL_LINE_FOUND


def _rows_of_percents(rows: list[list[str]]) -> bool:
    """Rows whose every figure is a percent ("0.36%", "1.78"), one at least with its sign: a matrix's, where a
    table of loans has its counts."""
    figures = [figure.strip() for row in rows for figure in row]
    return any("%" in f for f in figures) and all(_PLAIN_PERCENT.match(f) for f in figures)


def _no_total_found(title: str, line: int, why: str | None = None) -> _Unread:
    """A table the filing titles that the parser cannot read: for want of a Total line where its rows end, or of
    rows above the Total line it has (``why``, if not the first)."""
    why = why or _NO_TOTAL_LINE_FOUND
    return _Unread(
        f"the table titled {title!r} (line {line}) was not read whole: {why}",
        NotRun.of_a_table_not_read(title, line),
    )


def _left_out(title: str, line_range: tuple[int, int], why: str) -> _Unread:
    """A table found but not read: which (its title), where, and why."""
    title = title if len(title) <= 80 else title[:79] + "\u2026"
    return _Unread(
        f"the table {title or 'without a title'} (lines {line_range[0]}-{line_range[1]}): {why}",
        NotRun.of_a_table_not_read(title, line_range[0]),
    )


_PLAIN_PERCENT = re.compile(r"^\d{1,3}\.\d{1,3}%?$")


def _is_percent_matrix(raw: tables.RawTable) -> bool:
    """A table of percents of the pool: its Total line's figures all end in "%", or, written
    without the sign, are three or more decimals whose last, the grand total, is 100 and the
    sum of the others (a state table of two share columns totals "100.00 100.00": not a matrix). A mark
    standing for a figure ("*" under "* Less than 0.005%") is a share too small to print: it is left
    out of the test, as it is of the sums (a share under 0.005% moves none)."""
    total = [t for t in raw.total if not tables.is_mark(t)]
    if len(total) < 2:
        return False
    if all(t.endswith("%") for t in total):
        return True
    if len(total) < 3 or not all(_PLAIN_PERCENT.match(t) for t in total):
        return False
    figures = [float(t.rstrip("%")) for t in total]
    return abs(figures[-1] - 100) <= 0.05 and abs(sum(figures[:-1]) - figures[-1]) <= 0.01 * len(figures)


_POOLS_OWN_SHARES = (
    "its columns, each headed by a pool, are each that pool's own shares (each totals 100%), no one pool's matrix;"
    " left out, not misread"
)


def _pools_own_shares_side_by_side(raw: tables.RawTable) -> bool:
    """Pools set side by side as a matrix's columns ("Pool II   Pool I"), each column totalling 100%: each a share of
    its own pool's balance. Read as one matrix, it was the whole deal's, "% of pool balance in each cell, All loans",
    every cell a share of another pool's balance. Columns of shares of the whole deal's balance total less each."""
    named = [_pools_named(h) for h in raw.column_headers]
    pools = [names[0] for names in named if len(names) == 1]
    total = [t for t in raw.total if not tables.is_mark(t)]
    return (
        len(pools) == len(named) >= 2
        and len(set(pools)) == len(pools)
        and len(total) == len(named)
        and all(_PLAIN_PERCENT.match(t) and abs(_to_number(t) - 100) <= 0.05 for t in total)
    )


_TOTALS_ALONE = (
    "one column of percents alone, no loan counts or balances; read as a matrix's column of row totals set"
    " under its other columns, but no matrix right above it with the same rows adds up to it; left out"
)


def _is_totals_column(raw: tables.RawTable) -> bool:
    """Maybe a matrix's column of row totals ("All loans") set alone in a block under its other columns:
    one column of percents whose Total line is the pool's 100%. Its heading is no proof (the table finder
    may take a lone heading for a title): it is read as a matrix of no cells of its own, joined to the block
    above it only where that block's rows, matched by label, add up to it, or else left out (matrix_parts)."""
    return (
        len(raw.column_headers) == 1
        and len(raw.total) == 1
        and raw.total[0].endswith("%")
        and _PLAIN_PERCENT.match(raw.total[0]) is not None
        and abs(_to_number(raw.total[0]) - 100) <= 0.05
        and all(len(row.values) == 1 for row in raw.rows)
    )


def _rows_naming_no_state(table: StratTable) -> tuple[str, ...]:
    """The doubt on a state table with rows that name no state: California's share may be among them."""
    unknown = [row.label for row in table.rows if state_code(row.label) is None and not is_other(row.label)]
    if not unknown:
        return ()
    named = ", ".join(repr(label) for label in unknown[:5]) + (
        f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
    )
    return (f"{len(unknown)} of its {len(table.rows)} rows name no state the parser knows ({named})",)


def _filing_lines(indices: list[int], view: list[int]) -> tuple[int, ...]:
    """Lines of the table finder's view (page furniture set aside) as the filing's 1-based line numbers."""
    return tuple(sorted(view[i] + 1 for i in indices))


def _cell(values: list[str], column: int | None, kind: type) -> int | float | None:
    if column is None or column >= len(values) or not _is_plausible(values[column]):
        return None  # a damaged figure is shown as missing, never as a number
    return kind(_to_number(values[column]))


_ORIGINAL = re.compile(r"\boriginal\b", re.I)


# A column of each row's share of the balance as a fraction of one ("Fraction of Pool", "Fraction of Balance"):
# 0.0564 for 5.64%. Unread, a table giving no balances lost its only figure of them with nothing said.
_FRACTION_HEADER = re.compile(r"\bfraction\b(?!.*\b(?:loans|number|count)\b)", re.I)
_A_FRACTION = re.compile(r"(?:0|1)?\.\d{2,}|[01]")


def _fractions_as_percents(raw: tables.RawTable) -> tuple[tables.RawTable, tuple[str, ...]]:
    """The table with a column of fractions of the balance written as the percents they are ("0.0564" as
    "5.64%", under its heading with "(%)"), where every row's and the Total's cell is a fraction of one and the
    Total's is one; and the note saying so. Else the table as it is."""
    headers = raw.column_headers
    found = [i for i, h in enumerate(headers) if _FRACTION_HEADER.search(h) and not _SHARE_OF_BALANCE_HEADER.match(h)]
    if len(found) != 1 or not raw.has_total:
        return raw, ()
    column = found[0]
    cells = [*(row.values for row in raw.rows), raw.total]
    written = [values[column].strip() if column < len(values) else "" for values in cells]
    if not all(_A_FRACTION.fullmatch(w) and float(w) <= 1 for w in written) or float(written[-1]) != 1:
        return raw, ()

    def as_percent(values: list[str]) -> list[str]:
        fraction = Decimal(values[column].strip())
        places = max(0, -fraction.as_tuple().exponent - 2)
        return [*values[:column], f"{fraction * 100:.{places}f}%", *values[column + 1 :]]

    rows = [replace(row, values=as_percent(row.values)) for row in raw.rows]
    heading = f"{headers[column]} (%)"
    read = replace(
        raw,
        rows=rows,
        total=as_percent(raw.total),
        column_headers=[*headers[:column], heading, *headers[column + 1 :]],
    )
    return read, (f"the column {headers[column]!r} gives each row's share as a fraction of one: read as a percent",)


def _not_the_original_balance(raw: tables.RawTable, balance_col: int | None) -> tuple[int | None, tuple[str, ...]]:
    """The balance column, or none where the only one is the loans' balance at origination ("Original Principal
    Balance"), with the doubt saying so: read as the balance, each row's was another figure than the cut-off
    date's the pool's balance and every other table are of (the Total $7.6 million above the pool's)."""
    if balance_col is None or not _ORIGINAL.search(heading := raw.column_headers[balance_col]):
        return balance_col, ()
    return None, (f"the column {heading!r} gives the balances at origination, not at the cut-off date: not shown",)


def _count_and_balance_columns(raw: tables.RawTable) -> tuple[int | None, int | None]:
    """Which value column holds the loan count and which the balance, from the headers."""
    headers = raw.column_headers
    plain = [i for i, h in enumerate(headers) if not _OTHER_HEADER.search(h)]
    balances = [i for i in plain if _BALANCE_HEADER.search(headers[i])]
    # the balance at the cut-off date, where the original balance stands beside it
    balances = [i for i in balances if not _ORIGINAL.search(headers[i])] or balances
    # one naming no count, where headings run together ("Outstanding Principal Number" over the counts)
    balances = [i for i in balances if not _COUNT_HEADER.search(headers[i])] or balances
    balance_col = next((i for i in balances if _AGGREGATE_HEADER.search(headers[i])), balances[0] if balances else None)
    counts = [i for i in plain if i != balance_col and not _ALL_THE_LOANS.match(headers[i])]
    count_col = next((i for i in counts if _COUNT_HEADER.search(headers[i])), None)
    if len(raw.total) == 2 and not any("%" in t for t in raw.total):
        if count_col is None and balance_col is None:
            # No usable header: the usual layout is loans, then balance. Headings naming pools ("Pool I  Pool III")
            # set pools side by side, each column one pool's figures: never the loans of one, the balance of another.
            count_col, balance_col = (None, None) if any(_pools_named(h) for h in headers) else (0, 1)
        elif count_col is None and not headers[1 - balance_col].strip():
            count_col = 1 - balance_col  # its heading ran into the balances' ("Number of Loans Aggregate ...")
    if count_col is not None and any("." in row.values[count_col] for row in raw.rows if count_col < len(row.values)):
        count_col = None  # a column with decimals is not a loan count
    return count_col, balance_col


def _typed_by_their_figures(
    raw: tables.RawTable, count_col: int | None, balance_col: int | None
) -> tuple[int | None, int | None, tuple[str, ...]]:
    """The count and balance columns the other way round where the Total line's loan count, as the headings
    type it, is greater than its balance, in dollars: no pool's loans are worth under a dollar each. Headings
    run together over one-space gaps ("Outstanding Principal Number") name both, and were read the wrong way."""
    if count_col is None or balance_col is None or not raw.has_total or max(count_col, balance_col) >= len(raw.total):
        return count_col, balance_col, ()
    count, balance = raw.total[count_col], raw.total[balance_col]
    if not (_is_plausible(count) and _is_plausible(balance)) or "." in count + balance:
        return count_col, balance_col, ()
    if _balance_scale(raw, balance_col) != 1 or _balance_scale(raw, count_col) != 1:
        return count_col, balance_col, ()  # a balance in thousands or millions may be the smaller figure
    if _to_number(count) <= _to_number(balance):
        return count_col, balance_col, ()
    headings = raw.column_headers
    return (
        balance_col,
        count_col,
        (
            f"its loan counts and balances are told apart by their figures, not by the headings ({headings[count_col]!r},"
            f" {headings[balance_col]!r}), which would make the Total line's count greater than its balance",
        ),
    )


def _unheaded(labels: tuple[str, ...]) -> tuple[str, ...]:
    """The doubt on a matrix whose columns the parser finds no heading for: their figures stand, unnamed."""
    unnamed = [str(n) for n, label in enumerate(labels, 1) if not label]
    if not unnamed:
        return ()
    which = f"column {unnamed[0]} has" if len(unnamed) == 1 else f"columns {', '.join(unnamed)} have"
    return (f"{which} no heading the parser reads",)


def _last_column_adds_up(rows: list[list[float]], total: list[float]) -> bool:
    """Each row's last figure, and the Total line's, is the sum of the figures before it (to the
    filing's rounding), the last of the Total line near 100: a column of row totals."""
    lines = [*rows, total]
    return (
        len(total) >= 3
        and abs(total[-1] - 100) <= 0.5
        and all(len(line) == len(total) and abs(sum(line[:-1]) - line[-1]) <= 0.01 * len(line) for line in lines)
    )


def _matrix_notes(footnotes: list[str]) -> tuple[str, ...]:
    """A matrix's footnotes ("(1) Excludes loans with no FICO score"), shown beside it as a table's are; a note
    saying what a mark in its cells stands for ("* Less than 0.005%") is its ``bound_note`` instead."""
    return tuple(" ".join(note.split()) for note in footnotes if not tables.marks_under_a_bound([note]))


_AVERAGE = re.compile(_AN_AVERAGE, re.I)


def _without_averages(raw: tables.RawTable) -> tuple[tables.RawTable, tuple[str, ...]]:
    """A matrix of shares without its columns and rows of averages ("WA LTV" beside "All loans", a "WA FICO" row over
    the Total), and the notes saying they are not read. Read as a bucket, an average was a share of the pool: the
    rows and columns it stood in failed to add up, the FICO share below 700 was lost."""
    headers = raw.column_headers
    columns = [len(headers) - 1 - i for i, h in enumerate(headers) if _AVERAGE.search(h)]  # counted from the right
    # an average's row names what it averages ("WA FICO"): a row "WA" alone may be Washington's
    rows = [i for i, row in enumerate(raw.rows) if _AVERAGE.search(row.label) and len(row.label.split()) > 1]
    if not columns and not rows:
        return raw, ()

    def kept(values: list[str]) -> list[str]:
        dropped = {len(values) - 1 - k for k in columns}
        return [v for i, v in enumerate(values) if i not in dropped]

    shares = replace(
        raw,
        column_headers=[h for i, h in enumerate(headers) if len(headers) - 1 - i not in columns],
        rows=[replace(row, values=kept(row.values)) for i, row in enumerate(raw.rows) if i not in rows],
        total=kept(raw.total),
    )
    said = [f"the column {h!r}" for h in headers if _AVERAGE.search(h)] + [
        f"the row {raw.rows[i].label!r}" for i in rows
    ]
    return shares, (f"{', '.join(said)}: an average, not a share of the pool; not read",)


def _to_matrix(
    raw: tables.RawTable, pool: str, view: list[int], line_range: tuple[int, int], marks: dict[str, tables.Bound]
) -> PercentMatrix:
    grid = [*(row.values for row in raw.rows), raw.total]  # the Total line last
    bound = next((marks[m] for line in grid for v in line if (m := _mark(v)) in marks), None)

    def figure(token: str) -> float:
        return bound.bound / 2 if bound and _mark(token) in marks else _to_number(token)  # the middle of its range

    values = [[figure(v) for v in row.values] for row in raw.rows]
    total = [figure(v) for v in raw.total]
    headers = raw.column_headers
    # The column of row totals ("All loans"), wherever it stands: usually last, sometimes first.
    # Counted from the right, as the figures are (a row may lack a heading's figure at its left).
    found = next((i for i, header in enumerate(headers) if _TOTAL_COLUMN.search(header)), None)
    found = 0 if _is_totals_column(raw) else found  # the column alone is all totals, its heading read or not
    from_right = None if found is None else len(headers) - 1 - found
    doubts: list[str] = []
    if found is None and _last_column_adds_up(values, total):
        from_right = 0  # no heading says so, but each row's last figure is the sum of the others
        doubts.append(
            "its last column, under no heading the parser reads, is taken as the rows' totals: each adds up the others"
        )

    def total_of(figures: list):
        return figures[len(figures) - 1 - from_right]

    def without_totals(figures: list) -> tuple:
        if from_right is None:
            return tuple(figures)
        at = len(figures) - 1 - from_right
        return tuple(figures[:at] + figures[at + 1 :])

    doubts += _unheaded(without_totals(list(headers)))

    def place(row: int, column: int, width: int) -> tuple[int, int]:
        """A figure's (row, column) in the model's grid: the cells' columns, then the totals column."""
        at = None if from_right is None else width - 1 - from_right
        if column == at:
            return row, len(headers) - 1
        return row, column - (at is not None and column > at)

    marked = tuple(
        place(r, c, len(line)) for r, line in enumerate(grid) for c, v in enumerate(line) if _mark(v) in marks
    )

    return PercentMatrix(
        title=raw.title,
        pool=pool,
        row_header=raw.label_header,
        col_header=raw.super_header[1] if len(raw.super_header) > 1 else "",
        row_labels=tuple(row.label for row in raw.rows),
        col_labels=without_totals(list(headers)),
        cells=tuple(without_totals(row) for row in values),
        row_totals=tuple(total_of(row) for row in values) if from_right is not None else None,
        col_totals=without_totals(total),
        grand_total=total_of(total) if from_right is not None else None,
        line_range=line_range,
        row_source_lines=tuple(_filing_lines(row.lines, view) for row in raw.rows),
        total_source_lines=_filing_lines([raw.total_line], view),
        warnings=(
            *raw.warnings,
            *(w for row in raw.rows for w in row.warnings),
            *doubts,
        ),
        footnotes=_matrix_notes(raw.footnotes),
        marked=marked,
        under_bound=bound.bound if marked and bound else None,
        bound_note=bound.note if marked and bound else "",
    )


# --- pools and classes ------------------------------------------------------------------

_POOL_FIELDS = {
    "aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv",
    "original_balance_min", "original_balance_max", "original_term_min_years", "original_term_max_years",
    "balance_above_80_ltv", "largest_zip_balance", "share_above_80_ltv", "largest_zip_share", "primary_residence_min_pct",
    "originated_not_before", "originated_not_after", "latest_maturity",
}  # fmt: skip


def _pool_names(
    facts: narrative.ProseFacts, strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> list[str]:
    names = [n for n in facts.pool_order if n != WHOLE_DEAL]
    names += [t.pool for t in (*strats, *matrices) if t.pool != WHOLE_DEAL]
    # a pool named in several tables' titles is one pool; pool III named first is still listed third
    names = sorted(dict.fromkeys(names), key=pool_number_order)
    # The whole deal always comes last; a one-pool deal has only it. A truncated
    # filing that states nothing about its loans has no pool at all.
    if names or facts.pool_facts.get(WHOLE_DEAL) or facts.underwriting or facts.group_facts or strats:
        return [*names, WHOLE_DEAL]
    return []


def _one_pool_per_number(
    pools: tuple[Pool, ...], strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> tuple[tuple[Pool, ...], tuple[StratTable, ...], tuple[PercentMatrix, ...], tuple[str, ...]]:
    """One pool for each number the filing writes two ways ("pool I" in the prose, "Group 1" over a table's
    column): as the diff and the shelf compare pools (``pool_key``). Its name is the spelling that states
    more figures; a figure stated under both names and differing keeps the first, doubted."""
    by_number: dict[str, list[Pool]] = {}
    for pool in pools:
        by_number.setdefault(pool_key(pool.name), []).append(pool)
    renamed: dict[str, str] = {}
    merged: dict[str, Pool] = {}
    said: list[str] = []
    for spellings in by_number.values():
        if len(spellings) == 1:
            continue
        kept, *others = sorted(spellings, key=lambda p: -sum(getattr(p, f) is not None for f in _POOL_FIELDS))
        for other in others:
            kept = _merged_pool(kept, other)
            renamed[other.name] = kept.name
        merged[kept.name] = kept
        names = " and ".join(repr(p.name) for p in spellings)
        said.append(f"the filing names one pool both {names}: read as pool {kept.name}")
    if not renamed:
        return pools, strats, matrices, ()
    pools = tuple(merged.get(p.name, p) for p in pools if p.name not in renamed)
    strats = tuple(replace(t, pool=renamed[t.pool]) if t.pool in renamed else t for t in strats)
    matrices = tuple(replace(m, pool=renamed[m.pool]) if m.pool in renamed else m for m in matrices)
    return pools, strats, matrices, tuple(said)


def _merged_pool(kept: Pool, other: Pool) -> Pool:
    """``kept`` with the figures only ``other`` states; one both state and differ on keeps ``kept``'s, doubted."""
    changes: dict[str, object] = {}
    provenance = {p.field: p for p in kept.provenance}
    for field in (*sorted(_POOL_FIELDS), "description"):
        mine, theirs = getattr(kept, field), getattr(other, field)
        if theirs is None:
            continue
        if mine is None:
            changes[field] = theirs
            if (found := provenance_of(other, field)) is not None:
                provenance[field] = found
        elif mine != theirs and field != "description":
            doubt = f"stated again as {narrative.show(theirs)} for pool {other.name}, the same pool by its number"
            found = provenance.get(field) or Provenance(field, ())
            provenance[field] = replace(found, warnings=(*found.warnings, doubt))
    return replace(kept, **changes, provenance=tuple(provenance.values()))


def _build_pools(
    facts: narrative.ProseFacts, strats: tuple[StratTable, ...], matrices: tuple[PercentMatrix, ...]
) -> tuple[Pool, ...]:
    pools = []
    for name in _pool_names(facts, strats, matrices):
        stated = {k: v for k, v in facts.pool_facts.get(name, {}).items() if k in _POOL_FIELDS}
        # "No mortgage loans had an LTV above 95%": said in a pool's section, that pool's; else every pool's.
        max_ltv_of = name if "max_ltv" in facts.pool_facts.get(name, {}) else "*"
        provenance = [_provenance(facts, ("pool", name, field), field) for field in sorted(_POOL_FIELDS)]
        provenance += [_provenance(facts, ("pool", max_ltv_of, "max_ltv"), "max_ltv")]
        provenance += [_provenance(facts, ("description", name), "description")]
        pools.append(
            Pool(
                name=name,
                description=facts.descriptions.get(name),
                max_ltv=facts.pool_facts.get(max_ltv_of, {}).get("max_ltv"),
                underwriting=tuple(
                    UnderwritingShare(
                        label,
                        Bound(bound),
                        pct,
                        wording,
                        *_noted(facts, ("underwriting", name, index)),
                    )
                    for index, (label, bound, pct, wording) in enumerate(facts.underwriting.get(name, []))
                ),
                additional_collateral=_additional_collateral(facts, name),
                premium_discount=_premium_discount(facts, name),
                provenance=tuple(p for p in provenance if p is not None),
                **stated,
            )
        )
    return tuple(pools)


def _provenance(facts: narrative.ProseFacts, target: narrative.Target, field: str) -> Provenance | None:
    note = facts.notes.get(target)
    if note is None:
        return None
    return Provenance(field, tuple(sorted(note.lines)), tuple(note.warnings), note.within, note.places, note.parts)


def _noted(
    facts: narrative.ProseFacts, target: narrative.Target
) -> tuple[tuple[int, ...], tuple[str, ...], float | None]:
    """Where a fact was read, the parser's doubts about it, and how near the filing states it where it states it
    as approximate (``FactNote.within``; None: exactly)."""
    note = facts.notes.get(target)
    return (tuple(sorted(note.lines)), tuple(note.warnings), note.within) if note else ((), (), None)


def _provenances(facts: narrative.ProseFacts, prefix: tuple, fields: tuple[str, ...]) -> tuple[Provenance, ...]:
    found = (_provenance(facts, (*prefix, field), field) for field in fields)
    return tuple(p for p in found if p is not None)


_COLLATERAL_FIELDS = ("loan_count", "balance", "wa_ltv_with_collateral", "wa_ltv_without_collateral")
_GROUP_FIELDS = ("balance", "wac", "wam_months")


def _additional_collateral(facts: narrative.ProseFacts, pool: str) -> AdditionalCollateral | None:
    stated = facts.additional_collateral.get(pool)
    if not stated:
        return None
    count = stated.get("loan_count")
    return AdditionalCollateral(
        loan_count=int(count) if count is not None else None,
        balance=stated.get("balance"),
        wa_ltv_with_collateral=stated.get("wa_ltv_with_collateral"),
        wa_ltv_without_collateral=stated.get("wa_ltv_without_collateral"),
        provenance=_provenances(facts, ("collateral", pool), _COLLATERAL_FIELDS),
    )


def _premium_discount(facts: narrative.ProseFacts, pool: str) -> PremiumDiscount | None:
    premium = facts.group_facts.get((pool, "premium"))
    discount = facts.group_facts.get((pool, "discount"))
    threshold = facts.thresholds.get(pool)
    if not (premium or discount or threshold is not None):
        return None
    return PremiumDiscount(
        threshold_net_rate=threshold,
        threshold_places=facts.threshold_places.get(pool) if threshold is not None else None,
        premium=RateGroup(**(premium or {}), provenance=_provenances(facts, ("group", pool, "premium"), _GROUP_FIELDS)),
        discount=RateGroup(
            **(discount or {}), provenance=_provenances(facts, ("group", pool, "discount"), _GROUP_FIELDS)
        ),
        provenance=tuple(p for p in [_provenance(facts, ("threshold", pool), "threshold_net_rate")] if p),
    )


# A heading only a table of certificates has: an initial balance, a pass-through rate, a level.
_OF_CERTIFICATES = re.compile(r"initial|pass[-\s]through|subordination|certificate", re.I)
# A share, not an amount: "Percent of Initial Balance".
_SHARE = re.compile(r"percent|%", re.I)


class _TableClasses(NamedTuple):
    """The classes a table of classes lists, and what it says of the rows it lists as no class."""

    classes: list[CertificateClass]
    said: tuple[str, ...]  # an interest-only class's notional balance, kept apart


def _classes_in(
    label_header: str, headers: list[str], rows: list[tables.RawRow], view: list[int]
) -> _TableClasses | None:
    """The certificate classes a table lists ("Class  Initial Principal Balance  Subordination
    Level"), or None if it is no class table: its label column says "Class" and lists class
    names such as B-1, a column holds balances or subordination levels, and it states a figure of
    a class (the most junior class states no level). A row with a notional balance is no class of
    the deal's principal, said and left out; a figure written so that it cannot be read is doubted
    and left unread, the other rows read."""
    names = [tables.CLASS_LABEL.match(row.label.strip()) for row in rows]
    if not rows or not all(names) or not tables.CLASS_HEADER.match(label_header.strip()):
        return None
    # Rows "A", "A1", "B1" with no "B-1" are grades of loans, unless a heading speaks of certificates.
    of_certificates = any(_OF_CERTIFICATES.search(h) for h in headers)
    if any(_COUNT_HEADER.search(h) for h in headers) or not (of_certificates or any("-" in n.group(1) for n in names)):
        return None  # loans counted, or no certificates named: a table of loans
    balances = [i for i, h in enumerate(headers) if re.search(r"balance", h, re.I) and not _SHARE.search(h)]
    # the initial balance, where a current one stands beside it
    initial = [i for i in balances if re.search(r"initial|original", headers[i], re.I)]
    balance = (initial or balances or [None])[0]
    level = _level_column(headers, rows)
    used = [i for i in (balance, level) if i is not None]
    if not used or any(len(row.values) != len(headers) for row in rows):
        return None
    named = [(name.group(1).upper(), row) for name, row in zip(names, rows)]
    notional_rows = [
        (name, row) for name, row in named if balance is not None and _a_notional_balance(name, row.values[balance])
    ]
    named = [(name, row) for name, row in named if (name, row) not in notional_rows]
    if not any(_reads_as_a_figure(row.values[i]) for _, row in named for i in used):
        return None  # no class's figure in it

    # "Initial Principal Balance ($000)": balances in thousands, each as near as its last digit
    scaled_by = scale.unit_said(headers[balance], of_the_balances=True) if balance is not None else None
    decimals = max((len(row.values[balance].partition(".")[2]) for row in rows), default=0) if scaled_by else 0
    scaled = (
        Provenance(
            "initial_balance",
            (),
            (
                f"in {scale.in_words(scaled_by)} of dollars, as the table of classes gives it: read times {scaled_by:,.0f}",
            ),
            approximate_within=scaled_by * 10.0**-decimals / 2,
        )
        if scaled_by
        else None
    )

    def figure(row: tables.RawRow, column: int | None) -> float | None:
        if column is None or not _reads_as_a_figure(row.values[column]):
            return None
        read = _to_number(row.values[column])
        return round(read * scaled_by, 2) if scaled and column == balance and read is not None else read

    def provenance(field: str, row: tables.RawRow, column: int) -> Provenance:
        lines = _filing_lines(row.lines, view)
        if figure(row, column) is None:  # stated, and not read: said beside the figure left out
            unread = f"{_THE_TABLE} ({lines_text(lines)}): {_not_a_figure(row.values[column].strip())}"
            return Provenance(field, lines, (unread,))
        if field != "initial_balance":
            return Provenance(field, lines)
        # in dollars, with the decimals the table writes it with ("6,170,000.00": 2)
        return replace(scaled, source_lines=lines) if scaled else Provenance(field, lines, places=_places(row, column))

    classes = [
        CertificateClass(
            name,
            figure(row, balance),
            figure(row, level),
            provenance=tuple(
                provenance(field, row, column)
                for field, column in (("initial_balance", balance), ("subordination_level", level))
                if column is not None and _states_a_figure(row.values[column])
            ),
        )
        for name, row in named
    ]
    # an interest-only class's notional balance: its own figure, never a principal one
    classes += [
        CertificateClass(
            name,
            notional_balance=figure(row, balance),
            provenance=(provenance("notional_balance", row, balance),),
        )
        for name, row in ((name, _without_the_word_notional(row, balance)) for name, row in notional_rows)
    ]
    return _TableClasses(classes, ())


# A level's other names: "Initial Credit Support", "Credit Enhancement": the share of the deal junior to the class.
_CREDIT_SUPPORT = re.compile(r"\bcredit\s+(?:support|enhancement)\b", re.I)


def _level_column(headers: list[str], rows: list[tables.RawRow]) -> int | None:
    """The column of the classes' subordination levels: headed "Subordination Level", or "Initial Credit Support"
    ("Credit Enhancement") where it is a share, its heading or every figure under it saying so ("2.45%"), not an
    amount. Unread, a table of classes gave no level, and class A's was said not to be stated."""
    headed = next((i for i, h in enumerate(headers) if re.search(r"subordination", h, re.I)), None)
    if headed is not None:
        return headed

    def a_share(i: int) -> bool:
        written = [
            cell for row in rows if i < len(row.values) and (cell := row.values[i].strip()) and tables.is_figure(cell)
        ]
        return bool(_SHARE.search(headers[i])) or (bool(written) and all(cell.endswith("%") for cell in written))

    return next((i for i, h in enumerate(headers) if _CREDIT_SUPPORT.search(h) and a_share(i)), None)


def _reads_as_a_figure(cell: str) -> bool:
    return tables.is_figure(cell) and _is_plausible(cell)


# "(notional) 12,345,678.00", "$25,000,000 notional": a balance the table itself calls notional.
_NOTIONAL = re.compile(r"\bnotional\b", re.I)


def _without_the_word_notional(row: tables.RawRow, column: int) -> tables.RawRow:
    """The row with its notional balance's cell as a figure alone ("(notional) 12,345,678.00": 12,345,678.00)."""
    cell = re.sub(r"\(\s*notional\s*\)|\bnotional\b", "", row.values[column], flags=re.I).strip()
    return replace(row, values=[cell if i == column else v for i, v in enumerate(row.values)])


def _a_notional_balance(name: str, cell: str) -> bool:
    """A balance an interest-only class states, or one the table calls notional ("A-IO  12,345,678.00(1)"):
    no part of the certificates' principal."""
    return _states_a_figure(cell) and (is_interest_only(name) or _NOTIONAL.search(cell) is not None)


# A class's cell that states no figure: empty, a footnote's mark alone (an interest-only class's balance,
# "(1)": "no principal balance", never minus one), "N/A", "Notional", a dash.
_NO_CLASS_FIGURE = re.compile(r"\(\d{1,2}\)|\*+|[\u2020\u2021]+|n/?a|n\.a\.|none|notional|[\u2013\u2014]", re.I)


def _places(row: tables.RawRow, column: int) -> int | None:
    """The decimals a table's amount is written with ("$6,170,000.00": 2)."""
    return places_written(as_written(0.0, row.values[column]))


def _states_a_figure(cell: str) -> bool:
    return bool(cell.strip()) and not _NO_CLASS_FIGURE.fullmatch(cell.strip())


# A table of the pools themselves ("Pool I   663   $335,095,817.07   6.132%", then an "All Loans"
# line): each row is a pool's figures, each column a figure its heading names.
_POOL_LABEL = re.compile(rf"^{POOL_WORD}\s+({POOL_NAME})$", re.I)
_POOL_COLUMNS = (
    ("wac", re.compile(r"interest\s+rate|note\s+rate|coupon|\bwac\b", re.I), float),
    ("wam_months", re.compile(r"remaining\s+term|\bwam\b", re.I), float),
    ("wa_original_term_months", re.compile(r"original\s+term", re.I), float),
    ("wa_ltv", re.compile(r"loan-to-value|\bltv\b", re.I), float),
)
TablePoolFacts = dict[str, dict[str, tuple[float, tuple[int, ...]]]]  # pool -> field -> (value, filing lines)


def _pool_rows(raw: tables.RawTable, view: list[int]) -> TablePoolFacts | None:
    """The figures of each pool a table of pools states, the whole deal's on its total line; or
    None if its rows are not pools."""
    names = [_POOL_LABEL.match(row.label.strip()) for row in raw.rows]
    if len(raw.rows) < 2 or not all(names):
        return None
    count, balance = _count_and_balance_columns(raw)
    columns = [("loan_count", count, int), ("aggregate_balance", balance, float)]
    columns += [
        (name, next((i for i, h in enumerate(raw.column_headers) if heading.search(h)), None), kind)
        for name, heading, kind in _POOL_COLUMNS
    ]
    rows = [(name.group(1).upper(), row.values, row.lines) for name, row in zip(names, raw.rows)]
    if raw.has_total:
        rows.append((WHOLE_DEAL, raw.total, [raw.total_line]))
    # a balance in dollars keeps the decimals it is written with; one in thousands ("($000)") is scaled to dollars
    # and marked rounded to its unit, never read as dollars
    unit = scale.unit_said(raw.column_headers[balance], of_the_balances=True) if balance is not None else None
    return {
        pool: {
            name: (
                _pools_balance(value, values[column], unit) if name == "aggregate_balance" else value,
                _filing_lines(lines, view),
            )
            for name, column, kind in columns
            if (value := _cell(values, column, kind)) is not None
        }
        for pool, values, lines in rows
    }


def _pools_balance(value: float, written: str, unit: float | None) -> float:
    """A pool's balance as a table of pools writes it: in dollars with its decimals, or in ``unit`` (thousands)."""
    if unit is None:
        return as_written(value, written)
    marked = approximate(value * unit, f"${value:,.0f} {scale.in_words(unit)[:-1]}")  # "$335,096 thousand"
    marked.within, marked.rounded = unit / 2, True
    return marked


def _the_tables_rounding(value: object) -> float:
    """How far a table of pools' balance may lie below or above the prose's for the way it is written: under a unit
    of its last place (rounded or cut: "$335,095,817" of $335,095,817.07 or .97, "$335,096" thousand)."""
    if (places := places_written(value)) is not None and places < CENT_PLACES:
        return 10.0**-places
    return 2 * rounding_of(value)


def _add_table_pool_facts(facts: narrative.ProseFacts, listed: TablePoolFacts) -> None:
    """The pools' figures a table states, where the prose states none; where it states another,
    the prose's is kept and doubted."""
    for pool, figures in listed.items():
        if pool != WHOLE_DEAL and pool not in facts.pool_order:
            facts.pool_order.append(pool)
        stated = facts.pool_facts.setdefault(pool, {})
        for name, (value, lines) in figures.items():
            note = facts.notes.setdefault(("pool", pool, name), narrative.FactNote())
            if name not in stated:
                stated[name] = exactly(value)
                note.lines.update(lines)
                note.places = places_written(value)
                if rounding_of(value):  # in thousands: rounded, and said so beside it
                    note.within = rounding_of(value)
                    note.warnings.append(narrative.not_exact(value))
            elif abs(stated[name] - value) >= _the_tables_rounding(value) and stated[name] != value:
                note.warnings.append(f"the table of pools gives {narrative.show(value)} ({lines_text(lines)})")


def _with_table_classes(
    stated: tuple[CertificateClass, ...], listed: list[CertificateClass]
) -> tuple[CertificateClass, ...]:
    """The classes the prose states, then those only a table lists; a figure the prose leaves
    out is taken from the table. Where every name gives its rank, seniors first, then M, then B-1
    ... B-n, then each loan group's IB-1 ... (the prose naming "classes A, M and B-1" before the table's A-1 ...
    A-12 put M above them)."""
    by_name = {c.name: c for c in listed}
    merged = []
    for cls in stated:
        table = by_name.pop(cls.name, None)
        if table is not None:
            cls = replace(
                cls,
                initial_balance=cls.initial_balance if cls.initial_balance is not None else table.initial_balance,
                subordination_level=cls.subordination_level
                if cls.subordination_level is not None
                else table.subordination_level,
                provenance=tuple(_doubted_by_the_table(p, cls, table) for p in cls.provenance)
                + tuple(p for p in table.provenance if getattr(cls, p.field) is None),
            )
        merged.append(cls)
    return tuple(in_rank_order((*merged, *by_name.values())))


_THE_TABLE = "the table of classes"  # a class's doubt from its table: a figure not read, or
_THE_TABLE_GIVES = f"{_THE_TABLE} gives"  # another than the prose's
# How far a table's figure may stand from the prose's and be the same, rounded: a balance to the dollar,
# a level to two decimals ("2.45%" for 2.450067623897%).
_CLASS_ROUNDING = {"initial_balance": 0.5, "subordination_level": 0.005}
# A class's figure as its doubt quotes it, with its unit: a bare "1.200172400289" puzzles beside "1.7002%".
_CLASS_UNITS = {"initial_balance": ("$", ""), "subordination_level": ("", "%")}


def _doubted_by_the_table(stated: Provenance, cls: CertificateClass, table: CertificateClass) -> Provenance:
    """The prose's figure, kept, with a doubt where the table of classes gives another."""
    kept, listed = getattr(cls, stated.field, None), getattr(table, stated.field, None)
    if kept is None or listed is None or abs(kept - listed) <= _CLASS_ROUNDING.get(stated.field, 0):
        return stated
    lines = next((p.source_lines for p in table.provenance if p.field == stated.field), ())
    before, after = _CLASS_UNITS.get(stated.field, ("", ""))
    listed_text, kept_text = (f"{before}{narrative.show(v)}{after}" for v in (listed, kept))
    said = f"{_THE_TABLE_GIVES} {listed_text} ({lines_text(lines)}); the prose's {kept_text} is kept"
    return replace(stated, warnings=(*stated.warnings, said))


def _class_warnings(classes: tuple[CertificateClass, ...]) -> tuple[str, ...]:
    """The doubts on the classes' figures, as the deal's warnings list them."""
    return tuple(
        f"class {c.name} {p.field}: {w}"
        for c in classes
        for p in c.provenance
        for w in p.warnings
        if w.startswith(_THE_TABLE)
    ) + _group_levels_unchecked(classes)


def _group_levels_unchecked(classes: tuple[CertificateClass, ...]) -> tuple[str, ...]:
    """Where loan groups have subordinates of their own, the levels stated are shown but not checked."""
    stated = [c.name for c in classes if c.subordination_level is not None]
    if not stated or not has_group_subordinates(classes):
        return ()
    return (
        f"classes {', '.join(stated)}: subordination levels as the filing states them, not checked: loan groups "
        "have subordinate classes of their own, and the loans each level is measured over are not known",
    )


def _build_classes(facts: narrative.ProseFacts) -> tuple[CertificateClass, ...]:
    return tuple(
        CertificateClass(
            name,
            stated.get("initial_balance"),
            stated.get("subordination_level"),
            provenance=_provenances(
                facts, ("class", name), ("initial_balance", "subordination_level", "notional_balance")
            ),
            notional_balance=stated.get("notional_balance"),
        )
        for name, stated in facts.class_facts.items()
    )
