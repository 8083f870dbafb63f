"""Table layouts other typists used, found misread by a red team (Dec 4, b): each is the 2004-3 term sheet edited
in the test. The sample's figures must come out, each table under its own title, or the figure is left out with a
doubt beside it; never a figure the filing does not state, never a table lost with nothing said.
"""

from __future__ import annotations

import re

import pytest
from facts import read_text
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def _tables(deal: Deal) -> list[tuple]:
    return [
        (t.title, t.pool, t.kind, [(r.label, r.count, r.balance) for r in t.rows], t.total.count, t.total.balance)
        for t in deal.tables
    ]


def _retitled(title: str, written: str) -> str:
    """The term sheet with the line of ``title`` written as ``written`` ("{}" the title)."""
    lines = TERM_SHEET.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.strip() == title]
    lines[at] = lines[at].replace(title, written.format(title))
    return "\n".join(lines)


# --- a title with a mark or a letter before it, under a table -------------------------------------------------------

_UNDER_A_TABLE = [
    "NUMBER OF UNITS IN DWELLINGS SUBJECT TO MORTGAGE LOANS",
    "SIZE OF MORTGAGE LOANS",
    "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES",
]


@pytest.mark.parametrize(
    "written",
    ["(A) {}", "(c) {}", "* {} *", "*** {} ***", "\u2020 {}", "*{}*"],
    ids=["lettered", "lettered small", "starred", "starred thrice", "dagger", "starred glued"],
)
@pytest.mark.parametrize("title", _UNDER_A_TABLE)
def test_a_title_with_a_mark_or_letter_before_it_keeps_its_table(title, written):
    # "(A) SIZE OF MORTGAGE LOANS", "* DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES *": the title was read as a
    # footnote of the table above it, and the table under it was lost with nothing said, its rows, its Total
    # and its checks: the report showed six tables of seven, each passing its checks.
    deal = read_text(_retitled(title, written), "cmsi-2004-3.txt")
    found, wanted = _tables(deal), _tables(SAMPLE)
    assert [t[1:] for t in found] == [t[1:] for t in wanted]
    assert [t[0] for t in found] == [written.format(t[0]) if t[0] == title else t[0] for t in wanted]
    assert [t.footnotes for t in deal.tables] == [t.footnotes for t in SAMPLE.tables]
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


def test_a_numbered_title_in_title_case_keeps_its_table():
    # "5. Distribution of Mortgage Loans by Note Rates": a numbered title in capitals was known for a title, one in
    # Title Case was read as a footnote of the loan-size table, and the note-rate table lost, unsaid.
    title = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
    deal = read_text(_retitled(title, "5. Distribution of Mortgage Loans by Note Rates"), "cmsi-2004-3.txt")
    found, wanted = _tables(deal), _tables(SAMPLE)
    assert [t[1:] for t in found] == [t[1:] for t in wanted]
    assert "5. Distribution of Mortgage Loans by Note Rates" in [t[0] for t in found]
    assert [t.footnotes for t in deal.tables] == [t.footnotes for t in SAMPLE.tables]
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


# --- a Total line with no label: its figures alone under the rows ---------------------------------------------------

_TOTAL = "\nTotal                             1,225"
_RULES = "\n                                  -----                         ------------"


@pytest.mark.parametrize(
    "unlabelled",
    [
        "\n                                  1,225",
        _RULES + "\n                                  1,225",
    ],
    ids=["over its rule of =", "between rules"],
)
def test_a_total_line_with_no_label_is_each_tables_total(unlabelled):
    # "                 1,225        $619,800,778" over "=====" with no "Total" before it: read as a row with no label,
    # 1,225 loans and $619,800,778 beside the rows' own, each table held twice the pool and every row's share was
    # halved; between a rule of dashes and one of "=", each table was said "not read whole" and lost.
    assert TERM_SHEET.count(_TOTAL) == 7
    deal = read_text(TERM_SHEET.replace("\n" + _TOTAL, unlabelled), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


_SIZE_END = (
    "$1,000,000 and over                   0                                    0\n\n"
    + _TOTAL
    + "                         $619,800,778\n                                  =====                         ============\n"
)
_SIZE_TOTAL = "\n                                  {}                         $619,800,778\n"


def _size_ending(ending: str) -> str:
    assert TERM_SHEET.count(_SIZE_END) == 1
    return TERM_SHEET.replace(_SIZE_END, _SIZE_END.split("\n")[0] + ending)


def test_a_total_line_with_no_label_under_a_rule_alone_is_the_tables_total():
    # A rule of dashes over the figures and none under them: the same Total, never a row of the table.
    deal = read_text(_size_ending(_RULES + _SIZE_TOTAL.format("1,225")), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


def test_a_total_line_with_no_label_that_the_rows_do_not_add_up_to_is_a_failed_check():
    # Read as the Total, a misprinted count there fails the table's checks, as a labelled Total's does.
    ending = (
        "\n"
        + _SIZE_TOTAL.format("1,226")
        + "                                  =====                         ============\n"
    )
    deal = read_text(_size_ending(ending), "cmsi-2004-3.txt")
    (size,) = [t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS"]
    assert (size.total.count, size.total.balance, len(size.rows)) == (1226, 619_800_778, 19)
    failed = [(c.name, c.expected, c.actual) for c in deal.checks if not c.passed]
    assert failed == [
        ("table rows add up to the total loan count", 1226, 1225),
        ("table total equals the pool's loan count", 1225, 1226),
    ]


# --- a table's title and headings left at a page's foot, its rows all on the next page under them again --------------

_STATE_HEADINGS = """                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------
"""
_STATE_TITLE = (
    "                           GEOGRAPHIC DISTRIBUTION OF\n                          MORTGAGED PROPERTIES BY STATE\n"
)


@pytest.mark.parametrize(
    "title_again",
    [
        "                           GEOGRAPHIC DISTRIBUTION OF\n              MORTGAGED PROPERTIES BY STATE (continued)\n",
        "                     GEOGRAPHIC DISTRIBUTION OF (CONTINUED)\n                          MORTGAGED PROPERTIES BY STATE\n",
        "                     GEOGRAPHIC DISTRIBUTION (continued)\n",
        _STATE_TITLE,
    ],
    ids=["continued on its last line", "continued on its first line", "shortened", "repeated as it is"],
)
def test_a_tables_headings_left_at_a_pages_foot_head_its_rows_on_the_next(title_again):
    # The state table's title and headings at the foot of a page, no row under them, then on the next page its
    # title again and its headings again over all its rows: read from the second headings, the table was titled
    # "GEOGRAPHIC DISTRIBUTION OF" (or "MORTGAGED PROPERTIES BY STATE") alone, and the report said the state
    # table "was not read whole" though its every row had been read and checked.
    first_row = "\nAlabama                               5"
    assert TERM_SHEET.count(_STATE_TITLE + "\n" + _STATE_HEADINGS + first_row) == 1
    again = _STATE_HEADINGS + "<PAGE>\n" + title_again + "\n" + _STATE_HEADINGS + first_row
    deal = read_text(TERM_SHEET.replace(_STATE_HEADINGS + first_row, again), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
    assert all(check.passed for check in deal.checks)


# --- a title of two lines, each underlined ----------------------------------------------------------------------------

_LTV_TITLE = "                         DISTRIBUTION OF MORTGAGE LOANS\n                     BY LOAN-TO-VALUE RATIOS AT ORIGINATION\n"


@pytest.mark.parametrize("rule", ["=", "-"])
def test_a_title_whose_every_line_is_underlined_is_one_title(rule):
    # "DISTRIBUTION OF MORTGAGE LOANS" / "=====" / "BY LOAN-TO-VALUE RATIOS AT ORIGINATION" / "=====": the rule
    # between the lines ended the title, and the table was titled "BY LOAN-TO-VALUE RATIOS AT ORIGINATION".
    first, second = _LTV_TITLE.rstrip("\n").split("\n")
    underlined = "".join(
        f"{line}\n{' ' * (len(line) - len(line.lstrip()))}{rule * len(line.strip())}\n" for line in (first, second)
    )
    assert TERM_SHEET.count(_LTV_TITLE) == 1
    deal = read_text(TERM_SHEET.replace(_LTV_TITLE, underlined), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


def test_an_underlined_title_line_naming_the_kind_over_another_is_not_said_unread():
    # "LOAN-TO-VALUE RATIOS" / "=====" / "AT ORIGINATION" / "=====": the table was titled "AT ORIGINATION", and the
    # report said the table titled "LOAN-TO-VALUE RATIOS" was not read whole, its checks not run, though it was.
    retitled = "                         LOAN-TO-VALUE RATIOS\n                         ====================\n"
    retitled += "                            AT ORIGINATION\n                            ==============\n"
    deal = read_text(TERM_SHEET.replace(_LTV_TITLE, retitled), "cmsi-2004-3.txt")
    found, wanted = _tables(deal), _tables(SAMPLE)
    assert [t[1:] for t in found] == [t[1:] for t in wanted]
    assert "LOAN-TO-VALUE RATIOS AT ORIGINATION" in [t[0] for t in found]
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run


# --- pools side by side, each pool named in each of its columns' headings ------------------------------------------

_BY_POOL = {"II": [(40, 19_876_543), (114, 58_066_798), (154, 77_943_341)],
            "III": [(12, 6_543_210), (141, 74_059_010), (153, 80_602_220)]}  # fmt: skip


def _named_in_each_heading(pools: list[str]) -> str:
    """The detailed description with a years-of-origination table of pools II and III side by side, each of
    its columns' headings naming its pool ("Pool II  Pool II" over "Number  Balance"), before its last page."""
    heads = ["Year".ljust(10)] + [f"{f'Pool {p}':>9}{f'Pool {p}':>16}  " for p in pools]
    lines = ["YEARS OF ORIGINATION OF MORTGAGE LOANS".center(100).rstrip(), "", "".join(heads)]
    lines += [" " * 10 + "".join(f"{'Number':>9}{'Balance':>16}  " for _ in pools)]
    lines += ["----".ljust(10) + "".join(f"{'------':>9}{'-------':>16}  " for _ in pools), ""]
    for i, year in enumerate(("2003", "2004", "Total")):
        lines += [""] if year == "Total" else []
        lines.append(year.ljust(10) + "".join(f"{_BY_POOL[p][i][0]:>9,}{_BY_POOL[p][i][1]:>16,}  " for p in pools))
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    at = text.index("<PAGE>\n\n\n     There are no special hazard")
    return text[:at] + "<PAGE>\n\n" + "\n".join(line.rstrip() for line in lines) + "\n\n\n" + text[at:]


def test_pools_named_in_each_of_their_columns_headings_are_each_pools_table():
    # "Pool II  Pool II  Pool III  Pool III" over "Number  Balance  Number  Balance": four names for two sets of
    # figures, and the table was left out, said to be "under no heading naming a pool for each".
    deal = read_text(_named_in_each_heading(["II", "III"]), "cmsi-2004-8.txt")
    read = {t.pool: [(r.count, r.balance) for r in t.rows] + [(t.total.count, t.total.balance)] for t in deal.tables}
    assert read == _BY_POOL
    assert [[r.label for r in t.rows] for t in deal.tables] == [["2003", "2004"]] * 2
    table_checks = [check for check in deal.checks if check.concerns.startswith("table")]
    assert len(table_checks) >= 4 and all(check.passed for check in table_checks)
    assert not any("side by side" in w for w in deal.warnings)

    # both sets under "Pool II": which is pool II's is not certain; never pool II's table twice
    twice = read_text(_named_in_each_heading(["II", "II"]), "cmsi-2004-8.txt")
    assert twice.tables == ()
    assert any("2 sets of figures side by side, under no heading naming a pool for each" in w for w in twice.warnings)


# --- a table drawn in a box of bars and corners ----------------------------------------------------------------------

_SIZE_TITLE = "                             SIZE OF MORTGAGE LOANS\n"
_ROW = re.compile(r"^(\S.*?\S)\s{2,}([\d,]+)\s+(\$?\s*[\d,]+)$")


def _boxed(rule: str) -> str:
    """The term sheet with its loan-size table drawn in a box: each line set between bars, ``rule`` over and under
    its headings and under its Total, a bar between its columns."""
    start = TERM_SHEET.index(_SIZE_TITLE) + len(_SIZE_TITLE)
    end = TERM_SHEET.index("\n", TERM_SHEET.index("=====", start))

    def boxed(label: str, count: str, balance: str) -> str:
        return f"| {label:<28}|{count:>10} |{balance:>22} |"

    rows = [boxed(*m.groups()) for line in TERM_SHEET[start:end].split("\n") if (m := _ROW.match(line))]
    headings = [boxed("Outstanding Principal", "Number of", "Aggregate Principal")]
    headings += [boxed("Balance by Loan Size", "Loans", "Balances Outstanding")]
    box = [rule, *headings, rule, *rows, rule] if rule else [*headings, *rows]
    return TERM_SHEET[:start] + "\n" + "\n".join(box) + TERM_SHEET[end:]


_CORNERS = "+-----------------------------+-----------+-----------------------+"


@pytest.mark.parametrize(
    "rule", [_CORNERS, _CORNERS.replace("+", "|"), _CORNERS.replace("-", "="), ""], ids=["+--+", "|--|", "+==+", "none"]
)
def test_a_table_drawn_in_a_box_is_read_as_set_out_in_columns(rule):
    # "| $149,999 and under          |        12 |          $  1,233,924 |": each row ended in a bar, no figure;
    # the loan-size table was lost, with nothing said, and its headings and first row read as prose: "Number of |
    # Loans | ... 12", the pool's loan count "stated again as 12".
    deal = read_text(_boxed(rule), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
    assert all(check.passed for check in deal.checks)


# --- a group's subtotal inside a table: "Total California" under the state's parts ---------------------------------

_CALIFORNIA = "California                          587                          296,923,131\n"
_PARTS = (
    "  Northern California             300                          150,000,000\n"
    "  Southern California             287                          146,923,131\n"
)


@pytest.mark.parametrize("subtotal", ["Total California", "California Total", "California Subtotal:"])
def test_a_groups_subtotal_under_its_rows_is_set_aside_and_not_doubted(subtotal):
    # "Total California  587  296,923,131" under "Northern California" and "Southern California": set aside, but
    # said to be "not the sum of the rows above it ... a row may be misread, or misprinted", though it is the sum of
    # its group's rows; "California Total" was read as a row, the state table holding 587 loans twice.
    assert TERM_SHEET.count(_CALIFORNIA) == 1
    line = f"{subtotal:<36}587                          296,923,131\n"
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, _PARTS + line), "cmsi-2004-3.txt")
    (states,) = [t for t in deal.tables if t.title.startswith("GEOGRAPHIC")]
    (sample,) = [t for t in SAMPLE.tables if t.title.startswith("GEOGRAPHIC")]
    parts = [("Northern California", 300, 150_000_000), ("Southern California", 287, 146_923_131)]
    wanted = [(r.label, r.count, r.balance) for r in sample.rows]
    at = wanted.index(("California", 587, 296_923_131))
    assert [(r.label, r.count, r.balance) for r in states.rows] == [*wanted[:at], *parts, *wanted[at + 1 :]]
    assert states.warnings == (
        f"the line '{subtotal} 587 296,923,131' is a subtotal of the rows above it: not read as a row",
    )
    assert all(check.passed for check in deal.checks)

    # a subtotal its group's rows do not add up to is still doubted
    misprinted = read_text(TERM_SHEET.replace(_CALIFORNIA, _PARTS + line.replace("587", "578")), "cmsi-2004-3.txt")
    (states,) = [t for t in misprinted.tables if t.title.startswith("GEOGRAPHIC")]
    assert states.warnings[1:] == (
        f"the subtotal '{subtotal} 578 296,923,131' is not the sum of the rows above it, nor of those since the"
        " subtotal before: a row may be misread, or misprinted",
    )


# --- a table's Total line named after its loans ---------------------------------------------------------------------

_NOTE_RATES_TOTAL = (
    "\nTotal                             1,225                         $619,800,778\n" + " " * 34 + "=====" + " " * 25
)
_NOTE_RATES_TOTAL += "=" * 12 + "\n\n\n                         DISTRIBUTION OF MORTGAGE LOANS\n"


@pytest.mark.parametrize("label", ["Mortgage Loans Total", "Deal Total", "Loans Total:"])
def test_a_total_line_named_after_the_loans_is_the_tables_total(label):
    # "Mortgage Loans Total   1,225   $619,800,778" over "=====": read as a row, the note-rate table held 2,450
    # loans, had no Total line, and each row's share was of twice the pool.
    assert TERM_SHEET.count(_NOTE_RATES_TOTAL) == 1
    deal = read_text(
        TERM_SHEET.replace(_NOTE_RATES_TOTAL, _NOTE_RATES_TOTAL.replace("Total" + " " * 29, f"{label:<34}")),
        "cmsi-2004-3.txt",
    )
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


def _note_rates_in_html(total_label: str) -> str:
    """The term sheet as an HTML page, its note-rate table an HTML table whose Total row is labelled
    ``total_label``; the rest of its text in <pre>."""
    from html import escape

    title = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
    start = TERM_SHEET.rindex("\n", 0, TERM_SHEET.index(title)) + 1
    end = TERM_SHEET.index("\n", TERM_SHEET.index("=====", start))
    rows = [m.groups() for line in TERM_SHEET[start:end].split("\n") if (m := _ROW.match(line))]
    rows[-1] = (total_label, *rows[-1][1:])

    def row(cells: tuple[str, ...], tag: str = "td") -> str:
        return "<tr>" + "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in cells) + "</tr>"

    table = [f"<p align=center><b>{title}</b></p>", "<table>"]
    table += [row(("Note Rate", "Number of Loans", "Aggregate Principal Balance"), "th"), *map(row, rows), "</table>"]
    before, after = escape(TERM_SHEET[:start]), escape(TERM_SHEET[end:])
    return f"<html><body><pre>{before}</pre>\n" + "\n".join(table) + f"\n<pre>{after}</pre></body></html>"


@pytest.mark.parametrize("label", ["", "Mortgage Loans Total"])
def test_an_html_tables_total_row_with_no_label_or_named_after_the_loans_is_its_total(label):
    # An HTML table's last row with its label cell empty, or "Mortgage Loans Total": no rule under it nor over it in
    # the page's text, it was read as a row of 1,225 loans beside the rows' own, the table with no Total line.
    deal = read_text(_note_rates_in_html(label), "cmsi-2004-3.htm")
    assert [t[1:] for t in _tables(deal)] == [t[1:] for t in _tables(SAMPLE)]
    assert deal.warnings == SAMPLE.warnings and all(check.passed for check in deal.checks)


@pytest.mark.parametrize("subtotal", ["Total Washington", "Washington Total"])
def test_the_last_groups_subtotal_right_over_the_total_line_is_set_aside(subtotal):
    # "Washington Total" right over the Total line, no row between them: read as a row, the state table held
    # Washington's 10 loans twice (or, as "Total Washington", ended the table there and its Total was lost).
    washington = "Washington                           10                            4,984,540\n"
    parts = "  Eastern Washington                4                            1,984,540\n"
    parts += "  Western Washington                6                            3,000,000\n"
    assert TERM_SHEET.count(washington) == 1
    line = f"{subtotal:<37}10                            4,984,540\n"
    deal = read_text(TERM_SHEET.replace(washington, parts + line), "cmsi-2004-3.txt")
    (states,) = [t for t in deal.tables if t.title.startswith("GEOGRAPHIC")]
    (sample,) = [t for t in SAMPLE.tables if t.title.startswith("GEOGRAPHIC")]
    wanted = [(r.label, r.count, r.balance) for r in sample.rows][:-1]
    wanted += [("Eastern Washington", 4, 1_984_540), ("Western Washington", 6, 3_000_000)]
    assert [(r.label, r.count, r.balance) for r in states.rows] == wanted
    assert (states.total.count, states.total.balance) == (1225, 619_800_778)
    assert states.warnings == (
        f"the line '{subtotal} 10 4,984,540' is a subtotal of the rows above it: not read as a row",
    )
    assert all(check.passed for check in deal.checks)


@pytest.mark.parametrize("rules", [True, False], ids=["over its rule of =", "no rule"])
def test_a_total_whose_figures_stand_on_the_line_under_its_label_is_the_tables_total(rules):
    # "Total" alone on its line, its figures on the line under it: the table had no Total line it could find, and
    # was said "not read whole", left out with its checks.
    ending = "\n\nTotal" + _SIZE_TOTAL.format("1,225")
    ending += "                                  =====                         ============\n" if rules else ""
    deal = read_text(_size_ending(ending), "cmsi-2004-3.txt")
    assert _tables(deal) == _tables(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
    assert all(check.passed for check in deal.checks)


def test_a_pools_heading_underlined_over_an_underlined_title_stays_the_pools_heading():
    # "POOL II MORTGAGE LOANS" / "=====" right over "YEARS OF ORIGINATION" / "=====" / "OF MORTGAGE LOANS" / "=====":
    # the title's lines are one title, and the pool's heading over them is its section's, never the title's (taken
    # into the table, the heading left the table to the whole deal: pool II's loans checked against all loans).
    def underlined(text: str) -> list[str]:
        return [text.center(80).rstrip(), ("=" * len(text)).center(80).rstrip()]

    table = [
        *underlined("POOL II MORTGAGE LOANS"),
        *underlined("YEARS OF ORIGINATION"),
        *underlined("OF MORTGAGE LOANS"),
    ]
    table += [
        "",
        "                      Number of          Aggregate",
        "Year Originated           Loans            Balance",
    ]
    table += ["---------------       ---------          ---------"]
    table += [
        f"{year:<22}{loans:>9,}{balance:>19,}" for year, (loans, balance) in zip(("2003", "2004"), _BY_POOL["II"])
    ]
    table += ["", f"{'Total':<22}{154:>9,}{77_943_341:>19,}", "                      =========          =========", ""]
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    at = text.index("<PAGE>\n\n\n     There are no special hazard")
    deal = read_text(text[:at] + "<PAGE>\n\n" + "\n".join(table) + "\n\n" + text[at:], "cmsi-2004-8.txt")
    assert [(t.pool, t.title, t.total.count) for t in deal.tables] == [
        ("II", "YEARS OF ORIGINATION OF MORTGAGE LOANS", 154)
    ]
    table_checks = [check for check in deal.checks if check.concerns.startswith("table")]
    assert len(table_checks) == 4 and all(check.passed for check in table_checks)
