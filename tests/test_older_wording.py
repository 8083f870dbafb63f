"""1990s wording: "Mortgage Loans", "aggregate Adjusted Balance", "CitiCertificates", "will transfer".

The text is written for this test in the style of the 1997 filings (their cover
and first paragraph); the numbers are invented and consistent with each other.
"""

import re
from datetime import date

import pandas as pd
import pytest

from reporting.model.deal import FilingKind, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

FILING_1997 = """\
                       SECURITIES AND EXCHANGE COMMISSION
                             Washington, D.C. 20549

                                    FORM 8-K

Date of Report:  October 29,1997
(Date of earliest event reported)

                       CITICORP MORTGAGE SECURITIES, INC.
                             (Packager and Servicer)
                  (Issuer in Respect of the REMIC Pass-Through
                 Certificates Series, 1997-4) (Exact name of
                       registrant as specified in charter)

- --------------------------------------------------------------------------------
<PAGE>
Item 5.     Other Events.

                       CITICORP MORTGAGE SECURITIES, INC.
                 REMIC Pass-Through Certificates, Series 1997-4
                 -----------------------------------------------

                    DETAILED DESCRIPTION OF THE MORTGAGE POOL
                    -----------------------------------------
                         AND THE MORTGAGED PROPERTIES 1

     On October 29, 1997, Citicorp Mortgage Securities, Inc. ("CMSI") will
transfer to the Trustee Mortgage Loans evidenced by Mortgage Notes with an
aggregate Adjusted Balance outstanding (after deducting principal payments due
on or before October 1, 1997) as of October 1, 1997 of $202,313,302.40. The
Mortgage Loans will be delivered in exchange for the CitiCertificates,
authenticated by the Trustee. Distributions on the CitiCertificates will be made
by The Bank of New York, as paying agent, by wire transfer. CMSI may repurchase
all Mortgage Loans remaining in the Mortgage Pool if at the time of repurchase
the aggregate Adjusted Balance of such Mortgage Loans is less than $20,231,330.24.

     The total number of the Mortgage Loans as of October 1, 1997 was 612. The
weighted average Mortgage Interest Rate of the Mortgage Loans as of October 1,
1997 was 7.812%. The weighted average remaining term to stated maturity of the
Mortgage Loans as of October 1, 1997 was 355.10 months.

     The aggregate initial principal balance of the Class A CitiCertificates as
of October 1, 1997 was $196,243,302.40. The aggregate initial principal balance
of the Class B CitiCertificates as of October 1, 1997 was $6,070,000.00.

     The Class A subordination level is 3.000297926458%.

                                   SIGNATURES
"""


def test_older_wording_parses_like_the_2004_wording():
    deal = load_filing(ingest_bytes(FILING_1997.encode(), "cmsi-1997-4.txt"))
    assert deal.series == "1997-4"
    assert deal.kind is FilingKind.DETAILED_DESCRIPTION
    assert deal.date_of_report == date(1997, 10, 29)
    assert deal.cut_off_date == date(1997, 10, 1)
    assert deal.paying_agent == "The Bank of New York"
    assert deal.clean_up_call_balance == 20_231_330.24
    pool = deal.whole_deal
    assert pool.aggregate_balance == 202_313_302.40
    assert (pool.loan_count, pool.wac, pool.wam_months) == (612, 7.812, 355.10)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [("A", 196_243_302.40), ("B", 6_070_000.00)]
    by_name = {c.name: c for c in deal.checks}
    assert by_name["class balances add up to the deal balance"].passed
    assert by_name["class A subordination equals junior classes over the deal"].passed


def _with_class_m(text: str) -> str:
    """The 2004-8 sample as a 1990s deal: its class B-1 is the senior subordinated class M."""
    return text.replace("class B-1 certificates", "Class M CitiCertificates").replace(
        "The class B-1 subordination level", "The Class M subordination level"
    )


def test_a_senior_subordinated_class_m_ranks_between_the_seniors_and_the_b_classes():
    from reporting.samples import DETAILED_2004_8

    deal = load_filing(ingest_bytes(_with_class_m(DETAILED_2004_8.read_text(encoding="utf-8")).encode(), "d.txt"))
    assert [c.name for c in deal.classes][:3] == ["A", "M", "B-2"]
    levels = {c.subject: c for c in deal.checks if "subordination" in c.name}
    # Class A's juniors are M and the B classes; M's the B classes: every level checked, as in the sample
    assert set(levels) == {f"class {n}" for n in ("A", "M", "B-2", "B-3", "B-4", "B-5")}
    assert all(c.passed for c in levels.values())
    assert levels["class M"].actual == pytest.approx(1.200172400289, abs=1e-9)
    wrong = _with_class_m(DETAILED_2004_8.read_text(encoding="utf-8")).replace("1.200172400289%", "1.9%")
    deal = load_filing(ingest_bytes(wrong.encode(), "d.txt"))
    assert [c.subject for c in deal.checks if not c.passed] == ["class M"]


CLASSES_1997 = (
    ("A-1", 100_000_000.00),
    ("A-2", 90_000_000.00),
    ("A-PO", 243_202.40),
    ("R", 100.00),
    ("M", 6_000_000.00),
    ("B-1", 3_000_000.00),
    ("B-2", 2_070_000.00),
    ("B-3", 1_000_000.00),
)


def test_a_residual_class_r_and_a_principal_only_class_rank_with_the_seniors(tmp_path):
    # An outside audit's 1997 deal: with class R ($100) of no known rank no subordination level was checked,
    # the prose's classes A, M (levels) came before the table's A-1 ... A-12, and the chart and the workbook
    # took A-1 ... A-12 for subordinate classes ("B-1 to B-5 98.25%"; "subordination from balances" 100%).
    deal_balance = 202_313_302.40
    a_level = (deal_balance - 190_243_302.40) / deal_balance * 100
    m_level = 6_070_000.00 / deal_balance * 100
    rows = "\n".join(f"{name:<20}{balance:>25,.2f}" for name, balance in CLASSES_1997)
    # an interest-only class: no balance, a footnote's mark in its place (read as minus one, it lost the table)
    rows = rows.replace("\nR ", f"\n{'A-WIO':<20}{'(1)':>25}\nR ")
    table = (
        f"     The Class A subordination level is {a_level:.12f}%. The Class M subordination level is"
        f" {m_level:.12f}%.\n\n"
        "                          Initial Principal\n"
        "Class                          Balance\n"
        "-----                     -----------------\n"
        f"{rows}\n"
        "                          -----------------\n"
        f"Total                     {deal_balance:>19,.2f}\n\n"
    )
    old = FILING_1997[
        FILING_1997.index("     The aggregate initial principal balance") : FILING_1997.index(
            "                                   SIGNATURES"
        )
    ]
    deal = load_filing(ingest_bytes(FILING_1997.replace(old, table).encode(), "cmsi-1997-4.txt"))
    assert [c.name for c in deal.classes] == ["A", "A-1", "A-2", "A-PO", "A-WIO", "R", "M", "B-1", "B-2", "B-3"]
    assert deal.classes[4].initial_balance is None
    # the classes add up to the deal without class A (a name for A-1 ... R) and the interest-only class
    assert next(c for c in deal.checks if c.name == "class balances add up to the deal balance").passed
    assert not [m for m in deal.missing if "initial balance" in m]
    levels = {c.subject: c for c in deal.checks if "subordination" in c.name}
    assert set(levels) == {"class A", "class M"} and all(c.passed for c in levels.values())
    assert levels["class A"].actual == pytest.approx(a_level, abs=1e-9)

    # The workbook's "subordination from balances": every senior's juniors are M and the B classes
    from workbooks import Workbook, header_row

    from reporting.deliver.write import render_deal

    (written,) = render_deal(deal, tmp_path, ("xlsx",))
    formulas, values = Workbook.read(written).sheet("Classes")
    top = header_row(formulas, "Class")
    computed = {values.cell(r, 1).value: values.cell(r, 5).value for r in range(top + 1, top + 11)}
    for senior in ("A", "A-1", "A-2", "A-PO", "R"):
        assert computed[senior] == pytest.approx(a_level / 100, abs=1e-12)
    assert computed["M"] == pytest.approx(m_level / 100, abs=1e-12)


@pytest.mark.parametrize(
    "split, reconciled",
    [
        ("A-PO", True),  # a principal-only class of its own: class A is no name for it
        ("A-R", True),  # a residual class of its own
        ("A-1 A-2", True),  # class A stated as together
        ("A-1 A-2 wrong", False),  # class A stated as other than together
    ],
)
def test_class_a_beside_classes_named_for_it(split, reconciled):
    # From a third review: any class named "A-..." with a balance made class A a name for several, left out of
    # the classes' sum: A with A-PO or A-R failed a right deal; A stated other than A-1 + A-2 passed unseen.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    sentence = "The aggregate initial principal balance of the class A certificates"
    assert sentence in text
    if split in ("A-PO", "A-R"):  # $1,000,000 of class A's balance moved to the new class
        text = text.replace("$481,546,830.00", "$480,546,830.00")
        extra = f"The aggregate initial principal balance of the class {split} certificates was $1,000,000.00. "
    else:
        a = "$481,546,830.00" if "wrong" not in split else "$491,546,830.00"
        text = text.replace("$481,546,830.00", a)
        extra = (
            "The aggregate initial principal balances of the class A-1 and class A-2 certificates were"
            " $400,000,000.00 and $81,546,830.00, respectively. "
        )
    text = text.replace(sentence, extra + sentence)
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    failed = [c.name for c in deal.checks if not c.passed]
    assert (deal.verdict.value == "reconciled") is reconciled, failed
    if split == "A-1 A-2 wrong":
        assert failed == ["class A equals classes A-1 to A-2"]


def test_class_a_named_for_its_level_alone_beside_a_1_and_a_2_misses_no_balance():
    # From audit 101 (C2): class A's balance split into, class A named only for its level: the report
    # said "class A's initial balance is not stated", a figure the filing never meant to state.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    sentence = "The aggregate initial principal balance of the class A certificates as of\nOctober 1, 2004 was $481,546,830.00."
    assert text.count(sentence) == 1
    split = (
        "The aggregate initial principal balance of the class A-1 certificates as of\nOctober 1, 2004 was"
        " $400,000,000.00.\n\n     The aggregate initial principal balance of the class A-2 certificates as of\n"
        "October 1, 2004 was $81,546,830.00."
    )
    deal = load_filing(ingest_bytes(text.replace(sentence, split).encode(), "d.txt"))
    named = {c.name: (c.initial_balance, c.subordination_level) for c in deal.classes}
    assert (named["A-1"], named["A-2"], named["A"]) == (
        (400_000_000.0, None),
        (81_546_830.0, None),
        (None, 2.450067623897),
    )
    assert not deal.not_run and not deal.missing and deal.verdict.value == "reconciled"
    assert all(c.passed for c in deal.checks) and "class A subordination equals junior classes over the deal" in [
        c.name for c in deal.checks
    ]


CLASS_TABLE_2004_8 = (
    "     Class        Initial Principal Balance     Subordination Level\n"
    "     -----        -------------------------     -------------------\n"
    "     A                       $491,546,830.00         2.950067623897%\n"
    "     A-X\n"
    "     B-1                       $6,170,000.00         1.200172400289%\n"
    "     B-2                        2,469,000.00         0.700011734635%\n"
    "     B-3                        1,234,000.00         0.450032689913%\n"
    "     B-4                          987,000.00         0.250089969378%\n"
    "     B-5                          494,000.00         0.150017321005%\n"
    "     B-6                          740,547.57\n\n"
)


def test_a_class_table_beside_the_prose_keeps_the_prose_and_says_where_they_disagree():
    # From a fourth review: the table's class A ($491,546,830.00, 2.950067623897%) against the prose's
    # ($481,546,830.00, 2.450067623897%) was dropped unsaid; and an interest-only row left blank, "A-X",
    # lost the whole table.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    anchor = "     There are no special hazard"
    assert text.count(anchor) == 1
    text = text.replace(anchor, CLASS_TABLE_2004_8 + anchor)
    line = text.split("\n").index(CLASS_TABLE_2004_8.split("\n")[2]) + 1
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    a = next(c for c in deal.classes if c.name == "A")
    assert (a.initial_balance, a.subordination_level) == (481_546_830.00, 2.450067623897)
    said = [w for w in deal.warnings if w.startswith("class A ")]
    # each figure quoted with its unit ("$", "%"): bare figures left the analyst to guess which was which
    assert said == [
        f"class A initial_balance: the table of classes gives $491,546,830.00 (line {line}); the prose's $481,546,830.00 is kept",
        f"class A subordination_level: the table of classes gives 2.950067623897% (line {line}); the prose's 2.450067623897% is kept",
    ]
    assert "A-X" in [c.name for c in deal.classes] and not [m for m in deal.missing if "A-X" in m]


def test_class_a_as_the_total_of_the_senior_classes_is_no_class_of_its_own():
    # From a fourth review: class A stated as IA-1 + IIA-1 + A-PO was counted again beside them (the
    # classes came to twice the deal); with a part stating no balance, "class A equals ..." failed a right deal.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    sentence = "The aggregate initial principal balance of the class A certificates"
    parts = (
        "The aggregate initial principal balances of the class IA-1, class IIA-1 and class A-PO certificates were"
        " $400,000,000.00, $80,000,000.00 and $1,546,830.00, respectively. "
    )
    deal = load_filing(ingest_bytes(text.replace(sentence, parts + sentence).encode(), "d.txt"))
    assert deal.verdict.value == "reconciled", [c.name for c in deal.checks if not c.passed]
    assert next(c for c in deal.checks if c.name == "class balances add up to the deal balance").passed
    # A beside its parts, A-2's balance left blank: no "class A equals" check, A-2's balance missing
    table = CLASS_TABLE_2004_8.replace(
        "$491,546,830.00         2.950067623897%", "$481,546,830.00         2.450067623897%"
    )
    table = table.replace("     A-X\n", "     A-1                     $400,000,000.00\n     A-2\n")
    anchor = "     There are no special hazard"
    deal = load_filing(ingest_bytes(text.replace(anchor, table + anchor).encode(), "d.txt"))
    assert [c.name for c in deal.classes][:3] == ["A", "A-1", "A-2"]
    assert not [c.name for c in deal.checks if c.name.startswith("class A equals")]
    assert "class A-2 initial balance" in deal.missing and "class A initial balance" not in deal.missing


@pytest.mark.parametrize("one, two", [("1-A-1", "1-A-2"), ("1A-1", "1A-2")])
def test_a_groups_classes_named_with_its_number_first_are_read(one, two):
    # From a fourth review: "class 1-A-1" was no class name; the senior classes were lost, unsaid, and the
    # classes came to $12 million against a $493.6 million deal.
    deal = _with_senior_classes((one, two), ("$400,000,000.00", "$81,546,830.00"))
    assert [(c.name, c.initial_balance) for c in deal.classes][:2] == [(one, 400_000_000.0), (two, 81_546_830.0)]
    assert deal.verdict.value == "reconciled"
    assert f"class {one} subordination equals junior classes over the deal" in [c.name for c in deal.checks]


def test_a_numbered_senior_whose_balance_is_the_others_is_a_class_of_its_own():
    # From a fifth review: A-1 at $240,773,415.00 beside at $120,386,707.50 each was taken for the
    # seniors' total and left out of the classes' sum: a right deal failed.
    deal = _with_senior_classes(("A-1", "A-2", "A-3"), ("$240,773,415.00", "$120,386,707.50", "$120,386,707.50"))
    assert deal.verdict.value == "reconciled", [c.name for c in deal.checks if not c.passed]


def test_class_names_with_en_dashes_after_a_group_number_are_read():
    deal = _with_senior_classes(("1A\u20131", "1A\u20132"), ("$400,000,000.00", "$81,546,830.00"))
    assert [c.name for c in deal.classes][:2] == ["1A-1", "1A-2"] and deal.verdict.value == "reconciled"


def test_a_word_right_under_a_class_tables_last_row_ends_it():
    # From a fifth review: "NOTE" under the B-6 row became a class of no rank (every class check dropped), or
    # the table was refused whole.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    anchor = "     There are no special hazard"
    table = CLASS_TABLE_2004_8.replace(
        "$491,546,830.00         2.950067623897%", "$481,546,830.00         2.450067623897%"
    )
    table = table.replace("     A-X\n", "").replace("740,547.57\n\n", "740,547.57\n     NOTE\n\n")
    deal = load_filing(ingest_bytes(text.replace(anchor, table + anchor).encode(), "d.txt"))
    assert [c.name for c in deal.classes] == ["A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    assert deal.verdict.value == "reconciled" and not deal.warnings


def _with_senior_classes(names: tuple[str, ...], balances: tuple[str, ...]):
    """The 2004-8 sample with its class A stated as the classes ``names`` (balances as written), the
    subordination level given to the first of them."""
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    old = "The aggregate initial principal balance of the class A certificates as of\nOctober 1, 2004 was $481,546,830.00."
    assert text.count(old) == 1
    listed = " and ".join([", ".join(f"class {n}" for n in names[:-1]), f"class {names[-1]}"])
    figures = " and ".join([", ".join(balances[:-1]), balances[-1]])
    new = (
        f"The aggregate initial principal balances of the {listed} certificates as of\n"
        f"October 1, 2004 were {figures}, respectively."
    )
    text = text.replace(old, new).replace(
        "The class A subordination level", f"The class {names[0]} subordination level"
    )
    return load_filing(ingest_bytes(text.encode(), "d.txt"))


@pytest.mark.parametrize(
    "heading, balances, scaled_by, within",
    [
        ("(in thousands)", ("$481,547", "6,170", "2,469", "1,234", "987", "494", "741"), 1e3, 500),
        ("($000)", ("$481,547", "6,170", "2,469", "1,234", "987", "494", "741"), 1e3, 500),
        ("($ millions)", ("$481.547", "6.170", "2.469", "1.234", "0.987", "0.494", "0.741"), 1e6, 500),
    ],
)
def test_a_class_tables_balances_in_thousands_or_millions_are_read_as_dollars(heading, balances, scaled_by, within):
    # An outside audit's class tables "(in thousands)": class A was $481,547, and the stated subordination
    # levels, which were right, were said not to reconcile.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    start = text.index("     The aggregate initial principal balance of the class A certificates")
    end = text.index("\n", text.index("The class B-5 subordination level is")) + 1
    levels = ("2.450067623897%", "1.200172400289%", "0.700011734635%", "0.450032689913%", "0.250089969378%")
    levels += ("0.150017321005%", "")
    names = ("A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6")
    rows = "".join(f"     {n:<10}{b:>25}{lv:>20}\n" for n, b, lv in zip(names, balances, levels, strict=True))
    table = (
        f"     {'':<10}{'Initial Principal Balance':>25}{'Subordination':>20}\n"
        f"     {'Class':<10}{heading:>25}{'Level':>20}\n"
        f"     {'-----':<10}{'-' * 20:>25}{'-' * 13:>20}\n\n{rows}\n"
    )
    deal = load_filing(ingest_bytes((text[:start] + table + text[end:]).encode(), "d.txt"))
    expected = [round(float(b.strip("$").replace(",", "")) * scaled_by, 2) for b in balances]
    assert [(c.name, c.initial_balance) for c in deal.classes] == list(zip(names, expected, strict=True))
    a = deal.classes[0]
    assert provenance_of(a, "initial_balance").approximate_within == within
    assert provenance_of(a, "initial_balance").warnings == (
        f"in {'thousands' if scaled_by == 1e3 else 'millions'} of dollars, as the table of classes gives it:"
        f" read times {scaled_by:,.0f}",
    )
    class_checks = [c for c in deal.checks if c.concerns.startswith("class")]
    assert len(class_checks) == 7 and all(c.passed for c in class_checks)


# A deal whose loan groups have subordinate classes of their own, the table listing them group by group in turn.
GROUP_CLASSES = (
    ("IA-1", 300_000_000.00),
    ("IIA-1", 181_546_830.00),
    ("IB-1", 4_000_000.00),
    ("IIB-1", 2_170_000.00),
    ("IB-2", 2_000_000.00),
    ("IIB-2", 469_000.00),
    ("IB-3", 1_000_000.00),
    ("IIB-3", 234_000.00),
    ("IB-4", 987_000.00),
    ("IB-5", 494_000.00),
    ("IB-6", 740_547.57),
)


def _with_group_classes(named: dict[str, str] | None = None) -> str:
    """The 2004-8 sample with a table of classes for two loan groups in place of its class sentences."""
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    old = text[text.index("     The aggregate initial principal balance of the class A") : text.index("--------\n\n*")]
    rename = named or {}
    rows = "".join(f"{rename.get(name, name):<20}{balance:>25,.2f}\n" for name, balance in GROUP_CLASSES)
    table = (
        f"     The class {rename.get('IA-1', 'IA-1')} subordination level is 3.000000000000%.\n\n"
        f"     The class {rename.get('IB-1', 'IB-1')} subordination level is 1.500000000000%.\n\n"
        "                          Initial Principal\n"
        "Class                          Balance\n"
        "-----                     -----------------\n"
        f"{rows}\n\n"
    )
    return text.replace(old, table)


def _group_style(pattern: str, replacement: str) -> dict[str, str]:
    return {name: re.sub(pattern, replacement, name) for name, _ in GROUP_CLASSES}


@pytest.mark.parametrize(
    "style",
    [
        {},  # IB-1, IIB-1 as listed
        _group_style(r"^(I+)([AB])", r"\1-\2"),  # I-A-1, I-B-1
        _group_style(r"^(I+)B-(\d)$", r"B-\2-\1"),  # B-1-I, B-1-II
    ],
    ids=["IB-1", "I-B-1", "B-1-I"],
)
def test_a_loan_groups_own_subordinate_classes_rank_within_their_group(tmp_path, style):
    # IB-1 ... and IIB-1 ... were of no rank: listed as the table interleaves them, every other senior
    # taken for a junior in the workbook ("subordination from balances" summed whatever was listed below).
    deal = load_filing(ingest_bytes(_with_group_classes(style).encode(), "groups.txt"))
    order = ["IA-1", "IIA-1", *(f"IB-{n}" for n in range(1, 7)), *(f"IIB-{n}" for n in range(1, 4))]
    assert [c.name for c in deal.classes] == [style.get(n, n) for n in order]
    # each group's most junior class (IB-6, IIB-3) states no level; the others' are not found
    missing = [m for m in deal.missing if "subordination level" in m]
    assert missing == [
        f"class {style.get(n, n)} subordination level"
        for n in ("IIA-1", "IB-2", "IB-3", "IB-4", "IB-5", "IIB-1", "IIB-2")
    ]
    # the levels stated are shown as the filing states them, and said to be unchecked, never checked wrongly
    assert not [c for c in deal.checks if "subordination" in c.name]
    (said,) = [w for w in deal.warnings if "subordination levels as the filing states them, not checked" in w]
    assert said.startswith(f"classes {style.get('IA-1', 'IA-1')}, {style.get('IB-1', 'IB-1')}:")

    from workbooks import Workbook, header_row

    from reporting.deliver.write import render_deal

    (written,) = render_deal(deal, tmp_path, ("xlsx",))
    formulas, values = Workbook.read(written).sheet("Classes")
    top = header_row(formulas, "Class")
    computed = {values.cell(r, 1).value: values.cell(r, 5).value for r in range(top + 1, top + 12)}
    assert set(computed.values()) == {"—"}  # over which loans, not known: no figure computed


def test_a_grouped_deal_gives_no_class_a_subordination_of_the_whole_deal(tmp_path):
    # The HTML said the grouped levels are over loans not known, while the long table printed "Class A
    # subordination 3%" for the whole deal, unflagged (IA-1's level, as if every senior shared its juniors),
    # and the workbook's Classes sheet kept the standard note above a computed column of dashes.
    from workbooks import Workbook

    from reporting.deliver.write import render_deal
    from reporting.derive import metrics
    from reporting.model.summary import CapitalStructure
    from reporting.present.long_table import read_csv

    deal = load_filing(ingest_bytes(_with_group_classes().encode(), "groups.txt"))
    assert metrics.BY_KEY["class_a_subordination"].value(deal, deal.whole_deal) is None

    csv, xlsx = render_deal(deal, tmp_path, ("csv", "xlsx"))
    table = read_csv(csv)
    (senior,) = table[table["metric"] == "class_a_subordination"].to_dict("records")
    assert senior["pool"] == "all" and pd.isna(senior["value"]) and pd.isna(senior["as_printed"])
    assert senior["flag"].startswith("not given: loan groups have subordinate classes of their own")
    # each level given is flagged as the summary's note says: stated, not checked
    levels = table[table["section"] == "class"].set_index("bucket")
    assert levels.loc["IA-1", "flag"] == levels.loc["IB-1", "flag"] == f"doubt: {CapitalStructure.GROUPED_DOUBT}"
    assert pd.isna(levels.loc["IIA-1", "flag"])  # no level stated: nothing to doubt

    formulas, _ = Workbook.read(xlsx).sheet("Classes")
    assert formulas.cell(2, 1).value == CapitalStructure.GROUPED_NOTE


_COUNT_SENTENCE = "The total number of mortgage loans as of May 1, 2004 was 1,225."


@pytest.mark.parametrize(
    "wording",
    [
        "The Mortgage Pool consisted of 1,225 Mortgage Loans.",
        'As of May 1, 2004 (the "Cut-off Date"), the Mortgage Pool consists of 1,225 Mortgage Loans.',
        "The Mortgage Pool is comprised of 1,225 Mortgage Loans as of May 1, 2004.",
        "There were 1,225 Mortgage Loans in the Mortgage Pool as of May 1, 2004.",
        "The Mortgage Loans consist of 1,225 fixed rate, first lien mortgage loans.",  # lost with no word said
        "The Mortgage Pool consists of 1,225 fixed rate Mortgage Loans.",  # lost with no word said
    ],
)
def test_the_1990s_ways_of_stating_the_pools_count(wording):
    # Written for 1997-1999 filings' wording: the count was lost (some with "in the filing but not read", the
    # "fixed rate" ones with nothing said); the 2004 filings' "The mortgage pool will consist of ..." was read.
    from reporting.samples import TERM_SHEET_2004_3

    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", text)
    assert _COUNT_SENTENCE in flat
    pattern = r"\s+".join(map(re.escape, _COUNT_SENTENCE.split()))
    deal = load_filing(ingest_bytes(re.sub(pattern, wording, text).encode(), "t.txt"))
    assert deal.whole_deal.loan_count == 1_225
    assert not [w for w in deal.warnings if "loan_count" in w]


def _with_count_sentence(wording: str):
    """The 2004-3 term sheet, its sentence stating the loan count in ``wording``."""
    from reporting.samples import TERM_SHEET_2004_3

    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    pattern = r"\s+".join(map(re.escape, _COUNT_SENTENCE.split()))
    return load_filing(ingest_bytes(re.sub(pattern, wording, text).encode(), "t.txt"))


@pytest.mark.parametrize(
    "wording",
    [
        # some of the loans, never the pool's count
        "The Mortgage Loans include 3 loans, with an aggregate scheduled principal balance of $874,708, for which"
        " additional collateral was pledged.",
        "The Mortgage Pool consists of 12 relocation Mortgage Loans and 1,213 other Mortgage Loans.",
        "The mortgage pool consists of 3 mortgage loans for which additional collateral was pledged.",
    ],
)
def test_loans_the_pool_includes_are_no_count_of_the_pool(wording):
    deal = _with_count_sentence(wording)
    assert deal.whole_deal.loan_count is None


@pytest.mark.parametrize(
    "wording",
    [
        "The Mortgage Pool included 1,225 Mortgage Loans.",
        "As of May 1, 2004, the Mortgage Pool included 1,225 Mortgage Loans.",
        "The Mortgage Pool will include approximately 1,225 Mortgage Loans.",
        "Included in the Mortgage Pool were 1,225 Mortgage Loans.",
        "There were included in the Mortgage Pool 1,225 Mortgage Loans.",
        "The mortgage loan pool included 1,225 loans.",
    ],
)
def test_the_pools_count_it_says_it_includes_is_not_read_and_said(wording):
    # "included" may name some of the loans ("The Mortgage Loans include 3 loans ... for which additional collateral
    # was pledged"): not read as the pool's count. But it was lost in silence ("not stated"); it is in the filing.
    deal = _with_count_sentence(wording)
    assert deal.whole_deal.loan_count is None and "loan_count" in deal.missing
    (said,) = [w for w in deal.warnings if w.startswith("All loans loan_count:")]
    assert said == f"All loans loan_count: the filing states it in {wording!r} (line 68), which was not read"


_WAM_SUBJECTS = (
    "the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans and all mortgage loans"
)


@pytest.mark.parametrize(
    "whole",
    ["the entire mortgage pool", "the Mortgage Loans in the aggregate", "the total Mortgage Pool"],
)
def test_the_whole_pool_named_as_the_1990s_name_it_takes_its_figure_in_a_list(whole):
    # Lost before ("4 values for 3 subjects; not assigned"): only "the mortgage loan pool as a whole" was all the loans.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    old = f"The weighted average remaining terms to stated maturity of {_WAM_SUBJECTS}"
    pattern = r"\s+".join(map(re.escape, old.split()))
    assert re.search(pattern, text)
    subjects = _WAM_SUBJECTS.replace("all mortgage loans", whole)
    text = re.sub(pattern, f"The weighted average remaining terms to stated maturity of {subjects}", text)
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    assert [p.wam_months for p in deal.pools] == [358.20, 176.90, 358.39, 329.60]
    assert not [w for w in deal.warnings if "wam_months" in w]


def test_per_cent_written_as_two_words_is_a_percent():
    # Older filings write "per cent": the LTV, the WAC and the share of primary residences were lost with nothing said.
    from reporting.samples import TERM_SHEET_2004_3

    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    for figure in ("was 64.5%.", "was 5.843%.", "At least 98%(2)"):
        assert figure in text
        text = text.replace(figure, figure.replace("%", " per cent"))
    deal = load_filing(ingest_bytes(text.encode(), "t.txt"))
    pool = deal.whole_deal
    assert (pool.wa_ltv, pool.wac, pool.primary_residence_min_pct) == (64.5, 5.843, 98.0)
    assert not deal.warnings


def test_a_class_balance_stated_as_the_1990s_initial_stated_amount():
    # "The aggregate Initial Stated Amount of the Class A CitiCertificates ... was $481,546,830.00": every class's
    # balance was lost, and the report said them "not stated".
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    assert text.count("The aggregate initial principal balance of the class") == 7
    text = text.replace(
        "The aggregate initial principal balance of the class", "The aggregate Initial Stated Amount of the Class"
    )
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    assert [c.initial_balance for c in deal.classes] == [
        481_546_830.00,
        6_170_000.00,
        2_469_000.00,
        1_234_000.00,
        987_000.00,
        494_000.00,
        740_547.57,
    ]
    assert not deal.missing and deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "classes, reconciled",
    [
        ("the Class M CitiCertificates $6,170,000.00 and the Class B CitiCertificates $5,924,547.57", True),
        ("the Class M CitiCertificates $6,170,000.00 and the Class B CitiCertificates $5,000,000.00", False),
    ],
)
def test_class_balances_listed_with_their_words_left_out(classes, reconciled):
    # "..., the Class M CitiCertificates $6,170,000.00 and the Class B ...": class M's balance was called "not
    # stated" and class B was not listed at all, and the deal passed on class A alone.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    start = text.index("     The aggregate initial principal balance of the class A")
    end = text.index("     The class A subordination level")
    sentence = f"The Class A CitiCertificates have an aggregate Initial Stated Amount of $481,546,830.00, {classes}."
    text = text[:start] + "     " + sentence + "\n\n" + text[end:]
    text = re.sub(r"\s+The class B-\d subordination level is [\d.]+%\.\*", "", text)
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    b = 5_924_547.57 if reconciled else 5_000_000.00
    assert [(c.name, c.initial_balance) for c in deal.classes] == [("A", 481_546_830.00), ("M", 6_170_000.00), ("B", b)]
    assert (deal.verdict.value == "reconciled") is reconciled


@pytest.mark.parametrize(
    "pools", ["Pools I, II and III and of all Mortgage Loans", "pools I, II and III and all mortgage loans"]
)
def test_pools_named_together_without_their_loans_word_take_their_figures_in_a_list(pools):
    # "4 values for 1 subjects; not assigned": "Pools I, II and III" named no pool without "mortgage loans" after it.
    from reporting.samples import DETAILED_2004_8

    text = DETAILED_2004_8.read_text(encoding="utf-8")
    old = f"The weighted average remaining terms to stated maturity of {_WAM_SUBJECTS}"
    pattern = r"\s+".join(map(re.escape, old.split()))
    text = re.sub(pattern, f"The weighted average remaining terms to stated maturity of {pools}", text)
    deal = load_filing(ingest_bytes(text.encode(), "d.txt"))
    assert [p.wam_months for p in deal.pools] == [358.20, 176.90, 358.39, 329.60]
    assert not [w for w in deal.warnings if "wam_months" in w]
