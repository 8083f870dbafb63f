"""Tables are found by layout: new titles, missing rules, wrapped labels, pool headings."""

from __future__ import annotations

import re

import layouts
import pytest
from facts import assert_tables_as_the_sample, rows_read, table_titled

from reporting.model.deal import Deal, StratTable
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

COVER = """\
                       CITICORP MORTGAGE SECURITIES, INC.
    (Issuer in Respect of the REMIC Pass-Through Certificates, Series 2005-9)

                           Date of Report: March 3, 2005

Item 5.        Other Events.

     The following are Collateral Term Sheets prepared by Citicorp Mortgage
Securities, Inc. ("CMSI").

     On March 30, 2005, CMSI is to transfer to the Trustee mortgage loans
with an aggregate scheduled principal balance outstanding (after deducting
principal payments due on or before March 1, 2005) as of March 1, 2005 of
$1,500,000.00. The total number of mortgage loans as of March 1, 2005 was 5.

"""


def parse(text: str):
    return load_filing(ingest_bytes((COVER + text).encode(), "synthetic.txt"))


def test_a_table_with_a_title_never_seen_before():
    deal = parse("""\
                      DISTRIBUTION OF MORTGAGE LOANS BY LOAN PURPOSE

                                  Number of                 Aggregate Principal
Loan Purpose                      Loans                    Balances Outstanding
------------                      ---------                --------------------

Purchase                              3                         $  900,000
Rate/term refinance                   1                            400,000
Cash-out refinance                    1                            200,000

Total                                 5                         $1,500,000
                                  =====                         ==========
""")
    (table,) = deal.tables
    assert table.title == "DISTRIBUTION OF MORTGAGE LOANS BY LOAN PURPOSE"
    assert table.label_header == "Loan Purpose"
    assert [r.label for r in table.rows] == ["Purchase", "Rate/term refinance", "Cash-out refinance"]
    assert all(c.passed for c in deal.checks)


def test_no_rule_line_and_a_label_wrapped_before_its_numbers():
    deal = parse("""\
                        OCCUPANCY OF MORTGAGED PROPERTIES

Occupancy                         Number of Loans     Principal Balance

Primary residence                     4                    1,300,000
Second home or
vacation property                     1                      200,000

Total                                 5                    1,500,000
""")
    (table,) = deal.tables
    assert table.title == "OCCUPANCY OF MORTGAGED PROPERTIES"
    assert [(r.label, r.count, r.balance) for r in table.rows] == [
        ("Primary residence", 4, 1_300_000),
        ("Second home or vacation property", 1, 200_000),
    ]


def test_a_table_under_a_pool_heading_belongs_to_that_pool():
    deal = parse("""\
                             POOL II MORTGAGE LOANS

                    YEARS OF ORIGINATION OF MORTGAGE LOANS

                                  Number of                 Aggregate Principal
Year Originated                   Loans                    Balances Outstanding
---------------                   --------                 --------------------
2004                                  5                         $1,500,000

Total                                 5                         $1,500,000
""")
    (table,) = deal.tables
    assert table.pool == "II"
    assert [p.name for p in deal.pools] == ["II", "all"]


def test_a_broken_row_makes_its_check_fail():
    deal = parse("""\
                             YEARS OF ORIGINATION

                                  Number of                 Aggregate Principal
Year Originated                   Loans                    Balances Outstanding
---------------                   --------                 --------------------
2004                                  4                         $1,400,000
2005                                  1                            100,900

Total                                 5                         $1,500,000
""")
    failed = {c.name: c for c in deal.checks if not c.passed}
    assert list(failed) == ["table rows add up to the total balance"]
    assert failed["table rows add up to the total balance"].difference == 900


def test_percent_and_average_columns_are_never_read_as_dollars():
    deal = parse("""\
                         DISTRIBUTION BY DOCUMENTATION TYPE

                               Number of    Aggregate Principal    Percent of      Average Principal
Documentation                    Loans            Balance          Pool Balance         Balance
-------------                  ---------    -------------------    ------------    -----------------
Full documentation                 4            $1,200,000            80.00%           $300,000
Streamlined                        1               300,000            20.00             300,000

Total                              5            $1,500,000           100.00%           $300,000
""")
    (table,) = deal.tables
    assert [(r.label, r.count, r.balance) for r in table.rows] == [
        ("Full documentation", 4, 1_200_000),
        ("Streamlined", 1, 300_000),
    ]
    assert (table.total.count, table.total.balance) == (5, 1_500_000)
    assert deal.matrices == ()


def test_a_detailed_description_that_mentions_term_sheets():
    text = COVER.replace(
        "The following are Collateral Term Sheets",
        "DETAILED DESCRIPTION OF THE MORTGAGE LOAN POOL\n\n     This supersedes the Collateral Term Sheets",
    )
    deal = load_filing(ingest_bytes(text.encode(), "detailed.txt"))
    assert deal.kind.value == "detailed_description"


def test_an_older_table_with_sgml_tags_dot_leaders_and_a_subtotal_rule():
    deal = parse("""\
                         GEOGRAPHIC DISTRIBUTION OF THE
                             MORTGAGED PROPERTIES
<TABLE>
<CAPTION>
                                         Number of       Aggregate Adjusted
         State                        Mortgage Loans          Balance
         -----                        --------------    ------------------
<S>                                        <C>                <C>
California...........................          3         $    900,000.00
New York. . . . . . . . . . . . . . .          2              600,000.00
                                             ---         ---------------
     Total...........................          5         $  1,500,000.00
                                             ===         ===============
</TABLE>
""")
    (table,) = deal.tables
    assert table.title == "GEOGRAPHIC DISTRIBUTION OF THE MORTGAGED PROPERTIES"
    assert table.label_header == "State"
    assert [(r.label, r.count, r.balance) for r in table.rows] == [
        ("California", 3, 900_000.0),
        ("New York", 2, 600_000.0),
    ]
    assert (table.total.count, table.total.balance) == (5, 1_500_000.0)
    assert all(c.passed for c in deal.checks)


def test_a_heading_in_capitals_over_underlined_columns_is_no_title():
    # The 2004-3 matrix's heading set in capitals, as an older filing sets it: it was taken for the matrix's
    # title, and the title above it said "not read whole".
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    heading = "FICO score                                             Loan-to-value ratio"
    assert text.count(heading) == 1
    deal = load_filing(ingest_bytes(text.replace(heading, heading.upper()).encode(), "cmsi-2004-3.txt"))
    (matrix,) = deal.matrices
    assert matrix.title == "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"
    assert (matrix.row_header, matrix.col_header) == ("FICO SCORE", "LOAN-TO-VALUE RATIO")
    assert not any("not read whole" in warning for warning in deal.warnings)
    assert deal.not_run == ()


STATE_HEADINGS = """\
                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------
"""


@pytest.mark.parametrize("head", ["CMSI 2004-3", "REMIC Pass-Through Certificates, Series 2004-3"])
def test_the_deals_name_over_a_tables_headings_on_a_new_page_is_no_title(head):
    # The state table broken by a page whose head names the deal, once, over the headings repeated: the head
    # was taken for a title, and the rows from Maryland on for a table "CMSI 2004-3" (both tables failed).
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    maine = "Maine                                 1                              258,471\n"
    assert text.count(maine) == 1 and text.count(STATE_HEADINGS) == 1
    broken = text.replace(maine, f"{maine}\n<PAGE>\n\n{' ' * 32}{head}\n\n{STATE_HEADINGS}\n")
    deal = load_filing(ingest_bytes(broken.encode(), "cmsi-2004-3.txt"))
    states = [t for t in deal.tables if "STATE" in t.title or "2004-3" in t.title]
    assert [(t.title, len(t.rows)) for t in states] == [
        ("GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE", 39)
    ]
    assert deal.all_checks_passed


YEARS_TABLE = """\
                                  Number of                 Aggregate Principal
Year Originated                   Loans                    Balances Outstanding
---------------                   --------                 --------------------

2003                                 73                         $ 34,980,358

2004                              1,152                          584,820,420


Total                             1,225                         $619,800,778
"""


def _years_laid_out(table: str):
    """The 2004-3 term sheet with its years-of-origination table (headings, rule, rows, Total) laid out so."""
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    assert text.count(YEARS_TABLE) == 1
    return load_filing(ingest_bytes(text.replace(YEARS_TABLE, table).encode(), "cmsi-2004-3.txt"))


def _assert_the_samples_years(deal) -> None:
    """The years-of-origination table reads as the sample states it, headings, rows and Total, and checks."""
    table = table_titled(deal, "YEARS OF ORIGINATION")
    assert table.label_header == "Year Originated"
    assert rows_read(table) == [("2003", 73, 34_980_358.0), ("2004", 1152, 584_820_420.0)]
    assert (table.total.count, table.total.balance) == (1225, 619_800_778.0)
    assert deal.all_checks_passed


def test_headings_left_aligned_over_narrower_figures_with_no_rule():
    # Set narrow, with no rule and no commas, each heading left-aligned over its figures: "Loans" stands
    # past the labels but over no figure, and was read into the label's heading ("Year Originated Loans");
    # with a blank line under the headings they were no headings at all, and the columns were typed by
    # their order alone.
    deal = _years_laid_out("""\
Year         Number of   Aggregate Principal
Originated   Loans       Balances Outstanding

2003                73              $ 34980358

2004              1152               584820420

Total             1225              $619800778
""")
    _assert_the_samples_years(deal)


def test_a_label_heading_set_right_keeps_to_its_own_words():
    # The label's heading set right over its column, the counts' heading left-aligned on three lines, no
    # rule, no commas: "of" (of "Number / of / Loans") stood within the label's column and was read into its heading
    # ("Year Originated of").
    deal = _years_laid_out("""\
                                  Number   Aggregate
                           Year   of       Principal Balances
                     Originated   Loans    Outstanding
2003                                  73           $ 34980358
2004                                1152            584820420

Total                               1225           $619800778
""")
    table = table_titled(deal, "YEARS OF ORIGINATION")
    assert table.label_header == "Year Originated"
    assert rows_read(table) == [("2003", 73, 34_980_358.0), ("2004", 1152, 584_820_420.0)]
    assert deal.all_checks_passed


@pytest.mark.parametrize("gap", ["", "\n"])
def test_headings_with_no_rule_say_which_column_is_the_balance(gap):
    # The balances set before the counts, under headings with no rule: the headings were not read (under a
    # blank line) or read as the first row's label (right over it), and the columns were taken as counts
    # then balances, as most tables set them: each row's count was its balance and its balance its count.
    deal = _years_laid_out(f"""\
                                  Aggregate Principal       Number
Year Originated                   Balances Outstanding      of Loans
{gap}2003                                      $ 34,980,358            73

2004                                       584,820,420         1,152


Total                                     $619,800,778         1,225
""")
    _assert_the_samples_years(deal)


def test_a_count_heading_run_into_the_balances_leaves_the_other_column_the_counts():
    # One line of headings one space apart: "Number of Loans Aggregate Principal Balances Outstanding" is one
    # heading, over the balances; the column left with none beside them is the counts' (read by the
    # headings, the counts were "not shown").
    deal = _years_laid_out("""\
Year Originated                   Number of Loans Aggregate Principal Balances Outstanding

2003                                           73                           $ 34,980,358

2004                                        1,152                            584,820,420


Total                                       1,225                           $619,800,778
""")
    table = table_titled(deal, "YEARS OF ORIGINATION")
    assert rows_read(table) == [("2003", 73, 34_980_358.0), ("2004", 1152, 584_820_420.0)]
    assert (table.total.count, table.total.balance) == (1225, 619_800_778.0)
    assert deal.all_checks_passed


def _size_table_set_tight(headings: list[str], shares: bool = False, rule: str | None = None):
    """The 2004-3 term sheet, its loan-size table set tight under these headings and a rule (``rule`` where
    given: "" for none), one space between columns; where ``shares``, with the "$" in a column of its own and a column
    of each row's share of the balance ("0.20%" on the first row and the Total line, bare between)."""
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    lines = text.split("\n")
    top = lines.index("Outstanding Principal             Number of                 Aggregate Principal")
    total = next(i for i in range(top, len(lines)) if lines[i].startswith("Total"))
    row = re.compile(r"(?P<label>.+?)\s{2,}(?P<count>[\d,]+)\s+(?P<balance>\$?\s*[\d,]+)")
    rows = [row.fullmatch(line) for line in lines[top + 4 : total + 1] if line.strip()]

    def laid_row(r: re.Match[str]) -> str:
        start = f"{r['label']:33} {r['count']:>8} "
        if not shares:
            return start + f"{r['balance'].replace(' ', ''):>20}"
        dollars = r["balance"].replace(" ", "")
        share = f"{100 * float(dollars.strip('$').replace(',', '')) / 619_800_778:.2f}"
        percent = "%" if dollars.startswith("$") else ""
        return start + f"{dollars[0] if percent else ' '} {dollars.strip('$'):>20} {share + percent:>20}"

    if rule is None:  # a rule of dashes under each column
        rule = "---------------------             -------- " + (
            "- " + "-" * 20 + " " + "-" * 20 if shares else "-" * 20
        )
    laid = [*headings, *([rule] if rule else []), "", *map(laid_row, rows)]
    return load_filing(ingest_bytes("\n".join(lines[:top] + laid + lines[total + 1 :]).encode(), "cmsi-2004-3.txt"))


def _the_samples_sizes(deal: Deal) -> StratTable:
    """The deal's loan-size table, asserted to read the sample's rows and Total line."""
    table = table_titled(deal, "SIZE OF MORTGAGE LOANS")
    assert rows_read(table)[:2] == [
        ("$149,999 and under", 12, 1_233_924.0),
        ("$150,000 through $199,999", 5, 864_508.0),
    ]
    assert len(table.rows) == 19 and (table.total.count, table.total.balance) == (1225, 619_800_778.0)
    return table


def test_headings_run_together_never_swap_the_counts_and_balances():
    # The loan-size table set tight, its headings right-aligned one space apart: "Outstanding Principal
    # Number" and "Balance by Loan Size of Loans Balances Outstanding" each run over two columns, both name a
    # count and a balance, and the counts were read as the balances and the balances as the counts.
    deal = _size_table_set_tight(
        [
            "            Outstanding Principal Number   Aggregate Principal",
            "             Balance by Loan Size of Loans Balances Outstanding",
        ]
    )
    table = _the_samples_sizes(deal)
    # Under the rule, "Outstanding Principal" / "Balance by Loan Size" stand left of the counts' dashes: the
    # label's heading, parted from "Number" / "of Loans ..." (once read into the columns' headings, which then
    # named a count and a balance both, and the figures told them apart, said).
    assert table.label_header == "Outstanding Principal Balance by Loan Size"
    assert table.warnings == ()
    assert deal.all_checks_passed


@pytest.mark.parametrize("rule", ["-" * 63, "=" * 63], ids=["one rule of dashes", "one rule of ="])
def test_headings_run_together_over_one_rule_are_told_apart_by_the_figures_and_said(rule: str):
    # The same headings over one rule across the whole table: no column's dashes part the label's heading from
    # the columns', so both columns' headings name a count and a balance, and the counts were read as the
    # balances. The figures tell them apart (no Total's count is above its balance), and the table says so.
    deal = _size_table_set_tight(
        [
            "            Outstanding Principal Number   Aggregate Principal",
            "             Balance by Loan Size of Loans Balances Outstanding",
        ],
        rule=rule,
    )
    table = _the_samples_sizes(deal)
    assert any("told apart by their figures" in warning for warning in table.warnings)
    assert deal.all_checks_passed


def test_a_balance_heading_that_names_a_count_is_the_counts():
    # Beside a column of shares: the counts' heading ran into the label's, "Outstanding Principal Number /
    # Balance by Loan Size of Loans", and, naming "Outstanding" first, was taken for the balances' (the
    # counts read as balances), and the counts were not read.
    deal = _size_table_set_tight(
        [
            "            Outstanding Principal Number     Aggregate Principal  Percent of Aggregate",
            "             Balance by Loan Size of Loans   Balances Outstanding Principal Balance",
        ],
        shares=True,
    )
    _the_samples_sizes(deal)
    assert deal.all_checks_passed


SAMPLE_TEXT = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = load_filing(ingest_bytes(SAMPLE_TEXT.encode(), "cmsi-2004-3.txt"))


def _sample_laid_out(tight_titles: bool = False, no_rules: bool = False, capitals: bool = False):
    """The 2004-3 term sheet, each table's title right over its headings (no blank line under it), its
    column rule left out, or its headings in capitals."""
    lines = SAMPLE_TEXT.split("\n")
    titles = [t.line_range[0] for t in SAMPLE.tables]  # 1-based: the first title line's
    rules = [i for i, line in enumerate(lines) if re.fullmatch(r"-{3,}(?: +-{3,}){2}", line)]
    assert len(rules) == len(titles)
    if capitals:
        for rule in rules:
            lines[rule - 2 : rule] = [line.upper() for line in lines[rule - 2 : rule]]
    dropped = set(rules) if no_rules else set()
    if tight_titles:
        dropped |= {next(i for i in range(top, len(lines)) if not lines[i].strip()) for top in titles}
    text = "\n".join(line for i, line in enumerate(lines) if i not in dropped)
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))


@pytest.mark.parametrize("no_rules", [False, True])
def test_titles_set_right_over_the_headings(no_rules):
    # Each table's title with no blank line under it, right over its headings: the title was read as a
    # heading over the columns, and the tables were titled by their label's heading ("By Year Originated");
    # where the words over the balances then named a rate or ratio ("... BY NOTE RATES Aggregate
    # Principal ..."), the balances were not read at all. With no rule, the state table's headings
    # ("Number" over "State   Loans") ended at their upper line, and the table was lost.
    deal = _sample_laid_out(tight_titles=True, no_rules=no_rules)
    assert_tables_as_the_sample(deal, SAMPLE)
    assert [t.label_header for t in deal.tables] == [t.label_header for t in SAMPLE.tables]
    assert not deal.warnings


@pytest.mark.parametrize(
    "headings",
    [
        ["Year         Number     Aggregate Principal", "Originated   of Loans   Balances Outstanding"],
        ["YEAR         NUMBER     AGGREGATE PRINCIPAL", "ORIGINATED   OF LOANS   BALANCES OUTSTANDING"],
    ],
)
def test_a_narrow_tables_title_right_over_its_headings(headings):
    # A narrow table under its title centred on the page, no blank line between: the title, over the
    # figures and past them, was read as the heading of the balances.
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    title = "                     YEARS OF ORIGINATION OF MORTGAGE LOANS\n\n"
    narrow = "\n".join(
        [
            title.rstrip("\n"),
            *headings,
            "----------   --------   --------------------",
            "",
            "2003               73           $ 34,980,358",
            "",
            "2004            1,152            584,820,420",
            "",
            "Total           1,225           $619,800,778",
            "",
        ]
    )
    assert text.count(title + YEARS_TABLE) == 1
    deal = load_filing(ingest_bytes(text.replace(title + YEARS_TABLE, narrow).encode(), "cmsi-2004-3.txt"))
    table = table_titled(deal, "YEARS OF ORIGINATION")
    assert table.label_header.lower() == "year originated"
    assert rows_read(table) == [("2003", 73, 34_980_358.0), ("2004", 1152, 584_820_420.0)]
    assert deal.all_checks_passed


def test_a_range_wrapped_after_its_dash_over_its_figures_below():
    # The note-rate and LTV tables' ranges wrapped after their dash, each row's figures on its label's
    # last line, a blank line between rows: "7.001% -" under a blank line was read as the headings of a
    # table of the last row alone, and both tables were lost ("finds no Total line").
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    sample = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    ranges = frozenset(label for label in layouts.wrappable(text) if " - " in label)
    assert len(ranges) == 10
    laid = layouts.lay_out_tables(text, layouts.TableLayout("loose", "last", ranges, wrap_after="-"))
    assert "\n5.250% -\n5.500%    " in laid
    deal = load_filing(ingest_bytes(laid.encode(), "cmsi-2004-3.txt"))
    assert_tables_as_the_sample(deal, sample)
    assert not deal.warnings


def test_headings_in_capitals_with_no_rule_under_them():
    # Each table's headings set in capitals with no rule under them: they were taken for the title (the
    # title's table said "not read whole", and the table was titled "YEAR   NUMBER   AGGREGATE ...").
    deal = _sample_laid_out(no_rules=True, capitals=True)
    assert_tables_as_the_sample(deal, SAMPLE)
    assert [t.label_header for t in deal.tables] == [t.label_header.upper() for t in SAMPLE.tables]
    assert not deal.warnings


def test_headings_with_no_rule_repeated_after_a_page_break():
    # The state table with no rule under its headings, broken by a page after Maine and its headings
    # repeated there: the repeated headings were taken for the table's own, the rows above the break were
    # lost ("not read whole") and the table was titled "By State".
    maine = "Maine                                 1                              258,471\n"
    unruled = "\n".join(STATE_HEADINGS.split("\n")[:2]) + "\n"
    assert SAMPLE_TEXT.count(maine) == 1 and SAMPLE_TEXT.count(STATE_HEADINGS) == 1
    text = SAMPLE_TEXT.replace(STATE_HEADINGS, unruled).replace(maine, f"{maine}\n<PAGE>\n\n{unruled}\n")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    assert_tables_as_the_sample(deal, SAMPLE)
    assert not deal.warnings


def test_a_label_heading_run_into_the_columns_headings_over_a_rule():
    # One line of headings one space apart over a rule that parts the columns: the label's heading ran into
    # the counts' and the balances' ("Year Originated Number of Loans Aggregate ...") and was read blank.
    deal = _years_laid_out("""\
Year Originated Number of Loans Aggregate Principal Balances Outstanding
--------------- --------------- ----------------------------------------

2003                         73                             $ 34,980,358

2004                      1,152                              584,820,420


Total                     1,225                             $619,800,778
""")
    _assert_the_samples_years(deal)


def test_a_label_heading_set_right_one_space_before_the_counts_heading():
    # The label's heading set right, one space before the counts' ("Year Number" / "Originated of Loans"),
    # over a rule: it ran into the counts' heading and was read blank.
    deal = _years_laid_out("""\
                             Year Number   Aggregate Principal
                       Originated of Loans Balances Outstanding
----------                        -------- --------------------

2003                                    73         $ 34,980,358

2004                                 1,152          584,820,420


Total                                1,225         $619,800,778
""")
    _assert_the_samples_years(deal)


def test_a_one_dot_leader_is_no_part_of_the_label():
    # Dot leaders from each label to its figures, the longest label leaving room for one dot: "Condominium
    # Units (over four stories high) ." kept its dot.
    sample = table_titled(SAMPLE, "TYPES OF DWELLINGS")
    width = max(len(row.label) for row in sample.rows) + 2
    rows = [
        f"{row.label} {'.' * (width - len(row.label) - 1)} {row.count:>6,} {row.balance:>14,.0f}" for row in sample.rows
    ]
    top = SAMPLE_TEXT.index(
        "-------------                     ---------                --------------------\n\nDetached"
    )
    start = SAMPLE_TEXT.index("\n", top) + 1
    end = SAMPLE_TEXT.index("\nTotal", start)
    deal = load_filing(
        ingest_bytes((SAMPLE_TEXT[:start] + "\n".join(rows) + "\n" + SAMPLE_TEXT[end:]).encode(), "x.txt")
    )
    assert any(") . " in row for row in rows)  # "Condominium Units (one to four stories high) .      40 ..."
    assert rows_read(table_titled(deal, "TYPES OF DWELLINGS")) == rows_read(sample)
    assert deal.all_checks_passed


def _tabbed(line: str) -> str:
    """The line with each run of two spaces or more that reaches a tab stop (every 8 columns) set as a tab."""
    out, pending = [], 0
    for column, char in enumerate(line):
        if char != " ":
            out.append(" " * pending + char)
            pending = 0
            continue
        pending += 1
        if (column + 1) % 8 == 0 and pending > 1:
            out.append("\t")
            pending = 0
    return "".join(out)


def _laid_tight(title: str, label_heading: tuple[str, str, str], tabs: bool) -> str:
    """The sample's table under ``title`` laid out as a typist at 80 columns did: three lines of headings one
    space apart, the label's set right against the counts'; each label wrapped after its first half; tabs."""
    sample = table_titled(SAMPLE, title)
    heads = [("Number", "Aggregate"), ("of", "Principal Balances"), ("Loans", "Outstanding")]
    lines = [f"{label:>33} {count:<6} {balance}".rstrip() for label, (count, balance) in zip(label_heading, heads)]
    lines.append("-" * len(label_heading[-1]) + " " * (34 - len(label_heading[-1])) + "-" * 6 + " " + "-" * 18)
    for k, row in enumerate(sample.rows):
        words = row.label.split()
        half = (len(words) + 1) // 2
        balance = f"{'$ ' if k == 0 else ''}{row.balance:,.0f}"
        lines += ["", f"{' '.join(words[:half]):<34}{row.count:>6,} {balance:>18}", " ".join(words[half:])]
    lines += ["", f"{'Total':<34}{sample.total.count:>6,} {'$' + format(sample.total.balance, ',.0f'):>18}"]
    return "\n".join(map(_tabbed, lines) if tabs else lines)


@pytest.mark.parametrize("tabs", [True, False])
def test_rate_and_ltv_headings_run_into_the_balances_over_three_lines(tabs):
    # The note-rate and LTV tables set tight: "Mortgage Number Aggregate" / "Loan of Principal Balances" /
    # "Note Rate Loans Outstanding" over a rule. The top line was taken for a title set right over the
    # headings, the counts' heading lost its "Number", and the balances were "not shown".
    text = SAMPLE_TEXT
    for title, heading in [
        ("BY NOTE RATES", ("Mortgage", "Loan", "Note Rate")),
        ("LOAN-TO-VALUE RATIOS", ("", "Loan-To-Value", "Ratio")),
    ]:
        lines = text.split("\n")
        top = next(i for i, line in enumerate(lines) if title in line) + 2
        while not lines[top].strip():
            top += 1
        total = next(i for i in range(top, len(lines)) if lines[i].startswith("Total"))
        text = "\n".join(lines[:top] + [_laid_tight(title, heading, tabs)] + lines[total + 1 :])
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    for title in ("BY NOTE RATES", "LOAN-TO-VALUE RATIOS"):
        table, sample = table_titled(deal, title), table_titled(SAMPLE, title)
        assert (table.title, table.label_header) == (sample.title, sample.label_header)
        assert rows_read(table) == rows_read(sample)
        assert (table.total.count, table.total.balance) == (sample.total.count, sample.total.balance)
        assert not table.warnings
    assert deal.all_checks_passed


# --- a sentence opening "Total" is no table's Total line ----------------------------------------------

_WRAPPED_AT_A_FIGURE = """\
2003 or after May 1, 2004. The weighted average original term to stated
maturity of the mortgage loans as of May 1, 2004 was 359.54 months."""


def test_a_sentence_opening_total_under_prose_wrapped_at_a_figure_is_no_tables_total():
    # "... as of May 1, 2004 was 357.95" / ... / "Total mortgage loans ... numbered 1,225": the table
    # finder took the sentence for a Total line and the paragraph above for its rows; the pool's loan
    # count, WAC, WAM, original terms and origination dates were lost, said only as "not stated for the
    # pool's loans" and as a table "By" with "no column of loan counts or balances".
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    assert text.count(_WRAPPED_AT_A_FIGURE) == 1
    sentence = "Total mortgage loans in the pool as of May 1, 2004 numbered 1,225"
    edited = text.replace(_WRAPPED_AT_A_FIGURE, _WRAPPED_AT_A_FIGURE.removesuffix(" months.") + "\n" + sentence)
    deal = load_filing(ingest_bytes(edited.encode(), "cmsi-2004-3.txt"))
    sample = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))
    kept = ("loan_count", "wac", "wam_months", "original_term_min_years", "original_term_max_years")
    kept += ("originated_not_before", "originated_not_after")
    assert {f: getattr(deal.whole_deal, f) for f in kept} == {f: getattr(sample.whole_deal, f) for f in kept}
    assert (deal.whole_deal.loan_count, deal.whole_deal.wac, deal.whole_deal.wam_months) == (1225, 5.843, 357.95)
    assert not any("By" in w or "nor a percent matrix" in w for w in deal.warnings)
    assert_tables_as_the_sample(deal, sample)
