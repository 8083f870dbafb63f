"""A list of figures whose last item is set apart: "...; and" at a paragraph's end, the last item under a blank line.

Each filing is a sample with one statement written as such a list. The last item goes on with the sentence above
it: its figure is the same loans' (in the detailed description, pool II's, never the whole deal's, which the
item read alone was taken for), and a list of figures with "respectively" keeps all of them. A list lettered or
numbered in brackets ("(a) ...; (b) ...; and (c) ...") is read alike run on or an item a paragraph.
"""

from __future__ import annotations

import html

import pytest

from reporting.derive.metrics import missing_in_words
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")

# The detailed description's own statement of the pools' WA original terms (line breaks as in the filing).
ORIGINAL_TERMS = (
    "The\nweighted average original terms to stated maturity of the pool I mortgage loans,\n"
    "the pool II mortgage loans, the pool III mortgage loans and all mortgage loans\n"
    "as of October 1, 2004 were 359.66 months, 179.75 months, 360.00 months and\n331.31 months, respectively."
)
# "; and" or "; or" at a paragraph's end, and a blank line or an indented paragraph before the last item
BREAKS = {"blank line": ("; and", "\n\n"), "indented paragraph": ("; and", "\n\n     "), "or": ("; or", "\n\n")}


def _edited(text: str, old: str, new: str) -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), "cmsi-list-items.txt"))


def _said(deal: Deal, field: str, pool: str) -> tuple[str, ...]:
    said = provenance_of(deal.pool(pool), field)
    return said.warnings if said else ()


@pytest.mark.parametrize("join, gap", BREAKS.values(), ids=BREAKS.keys())
def test_a_pools_last_item_after_a_blank_line_is_the_pools(join: str, gap: str):
    # Read alone, "a weighted average original term ... of 179.75 months." was the whole deal's (179.75 printed as
    # the deal's, doubted only for being shorter than its WAM), and pool II's was not stated.
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        "The pool II mortgage loans had a weighted average remaining term to stated maturity of\n"
        f"176.90 months{join}{gap}a weighted average original term to stated maturity of 179.75 months.",
    )
    assert deal.pool("II").wa_original_term_months == 179.75
    assert deal.pool("II").wam_months == 176.90
    assert deal.whole_deal.wa_original_term_months is None
    assert "wa_original_term_months" in deal.missing
    assert _said(deal, "wa_original_term_months", "II") == ()
    # the numbered list of the additional collateral loans ("...; and" / "4. the weighted ...") is still a list
    collateral = [(p.additional_collateral.loan_count, p.additional_collateral.balance) for p in deal.pools[:2]]
    assert collateral == [(1, 660_000), (5, 1_292_268)]


@pytest.mark.parametrize("gap", ["\n\n", "\n\n     "])
def test_the_last_figure_of_a_respectively_list_after_a_blank_line_keeps_the_list_whole(gap: str):
    # "were 359.66 months; 179.75 months; 360.00 months; and" / "331.31 months, respectively.": three values for
    # four subjects, none read (said).
    deal = _edited(
        DETAILED,
        ORIGINAL_TERMS,
        ORIGINAL_TERMS.replace(
            "359.66 months, 179.75 months, 360.00 months and\n331.31 months",
            f"359.66 months; 179.75 months; 360.00 months; and{gap}331.31 months",
        ),
    )
    assert [p.wa_original_term_months for p in deal.pools] == [359.66, 179.75, 360.00, 331.31]
    assert all(_said(deal, "wa_original_term_months", p.name) == () for p in deal.pools)
    assert deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "items",
    [
        # "The pool II mortgage loans had:" / "a weighted average remaining term ...; and" / "a weighted average
        # original term ...": each item pool II's.
        "The pool II mortgage loans had:\n\n          a weighted average remaining term to stated maturity of 176.90"
        " months; and\n\n          a weighted average original term to stated maturity of 179.75 months.",
        # Prose set in capitals, as older filings set passages: "...; AND" / "A WEIGHTED AVERAGE ORIGINAL TERM ...":
        # read alone, 179.75 was the whole deal's.
        "THE POOL II MORTGAGE LOANS HAD A WEIGHTED AVERAGE REMAINING TERM TO STATED MATURITY OF\n176.90 MONTHS; AND\n\n"
        "A WEIGHTED AVERAGE ORIGINAL TERM TO STATED MATURITY OF 179.75 MONTHS.",
    ],
    ids=["items each a paragraph after a colon", "in capitals"],
)
def test_a_pools_items_each_a_paragraph_are_the_pools(items):
    deal = _edited(DETAILED, ORIGINAL_TERMS, items)
    assert (deal.pool("II").wam_months, deal.pool("II").wa_original_term_months) == (176.90, 179.75)
    assert deal.whole_deal.wa_original_term_months is None


_OWN = (
    "The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of May 1,"
    " 2004 was 5.843%. The weighted average remaining\nterm to stated maturity of the mortgage loans as of May 1, "
    "2004 was 357.95\nmonths."
)
_NO_ORIGINAL_TERM = TERM_SHEET.replace(
    " The weighted average original term to stated\nmaturity of the mortgage loans as of May 1, 2004 was 359.54 months.",
    "",
)
# How a list marks its items: "(a)", "(i)", "(1)" (a footnote's "(1)" after a figure is no item's)
_MARKS = {
    "lettered": ("(a)", "(b)", "(c)", ""),
    "roman": ("(i)", "(ii)", "(iii)", ""),
    "numbered": ("(1)", "(2)", "(3)", ""),
    "with a footnote's mark": ("(a)", "(b)", "(c)", "(1)"),
}


def _lettered(marks: tuple[str, str, str, str], last: str = "a weighted average original term of 359.54 months") -> str:
    a, b, c, note = marks
    return (
        f"As of May 1, 2004, the mortgage loans had:\n     {a} a weighted average interest rate of 5.843%{note};\n"
        f"     {b} a weighted average remaining term to stated maturity of 357.95 months; and\n     {c} {last}."
    )


@pytest.mark.parametrize("marks", _MARKS.values(), ids=_MARKS.keys())
def test_a_lettered_list_of_the_loans_own_figures_is_read_as_the_unlettered_list(marks: tuple[str, str, str, str]):
    # "(a) ...; (b) ...; and (c) ..." after "the mortgage loans had:": each figure with its own words, the pool's.
    # Before, the items from "(b)" on were read as some loans' (a numbered item's) and said not read.
    deal = _edited(_NO_ORIGINAL_TERM, _OWN, _lettered(marks))
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_original_term_months) == (5.843, 357.95, 359.54)
    assert not [w for w in deal.warnings if "which was not read" in w]


def test_a_lettered_list_after_had_without_a_colon_is_read():
    # "had (a) ...; (b) ...; and (c) ...": the same list, its marks after "had".
    deal = _edited(_NO_ORIGINAL_TERM, _OWN, _lettered(_MARKS["lettered"]).replace("had:\n     (a)", "had (a)"))
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_original_term_months) == (5.843, 357.95, 359.54)


# How a list sets its items: run on after the colon, or a paragraph each (a blank line between, set in as the filing
# sets its lists, or the first item on the colon's line)
_LAYOUTS = {
    "run on": lambda text: text,
    "a paragraph each": lambda text: text.replace("\n     ", "\n\n     "),
    "a paragraph each, set in": lambda text: text.replace("\n     (", "\n\n          ("),
    "the first on the colon's line": lambda text: text.replace("had:\n     ", "had: ").replace("\n     ", "\n\n     "),
}

_SOME_LOANS_ITEMS = (
    "among the mortgage loans in California, a weighted average original term of 360 months",
    "a weighted average original term of 360 months for those in California",
)


@pytest.mark.parametrize(
    "layout", [_LAYOUTS["run on"], _LAYOUTS["a paragraph each"]], ids=["run on", "a paragraph each"]
)
@pytest.mark.parametrize("item", _SOME_LOANS_ITEMS)
def test_a_lettered_list_with_an_item_of_some_loans_is_not_read_and_said(item: str, layout):
    # "(c) among the mortgage loans in California, ...": some loans' figure. The list is left as it is: its items
    # from "(b)" on are not read, and said (never the California loans' term taken for the pool's).
    deal = _edited(_NO_ORIGINAL_TERM, _OWN, layout(_lettered(_MARKS["lettered"], item)))
    assert (deal.whole_deal.wam_months, deal.whole_deal.wa_original_term_months) == (None, None)
    said = [w for w in deal.warnings if w.startswith("All loans wam_months: ")]
    assert len(said) == 1 and "'(b) a weighted average remaining term to stated maturity of 357.95" in said[0]


@pytest.mark.parametrize("layout", list(_LAYOUTS.values())[1:], ids=list(_LAYOUTS)[1:])
@pytest.mark.parametrize("marks", _MARKS.values(), ids=_MARKS.keys())
def test_a_lettered_lists_items_each_a_paragraph_are_read_as_the_run_on_list(marks, layout):
    # Items a paragraph each: each was read alone, as a numbered item (some loans'), and said not read ("All loans
    # wac: the filing states it in '(a) a weighted average interest rate of 5.843%;' ..., which was not read").
    deal = _edited(_NO_ORIGINAL_TERM, _OWN, layout(_lettered(marks)))
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_original_term_months) == (5.843, 357.95, 359.54)
    assert all(_said(deal, field, "all") == () for field in ("wac", "wam_months", "wa_original_term_months"))
    assert not [w for w in deal.warnings if "which was not read" in w]


_DETAILED_WAMS = (
    "The weighted average\nremaining terms to stated maturity of the pool I mortgage loans, the pool II\n"
    "mortgage loans, the pool III mortgage loans and all mortgage loans as of October\n"
    "1, 2004 were 358.20 months, 176.90 months, 358.39 months and 329.60 months,\nrespectively."
)


def _pools_list(pool: str, balance: str, wam: str, wac: str) -> str:
    return (
        f"The mortgage loans in pool {pool} had:\n\n     (a) an aggregate unpaid principal balance of {balance};\n\n"
        f"     (b) a weighted average remaining term to stated maturity of\n         {wam} months; and\n\n"
        f"     (c) a weighted average interest rate of {wac}.\n\n     "
    )


def test_each_pools_lettered_list_items_a_paragraph_each_are_the_pools():
    # "The mortgage loans in pool I had:" / "(a) an aggregate unpaid principal balance of ...;" / "(b) ...": each item
    # that pool's (the pools' WAMs were lost: each item read alone, a numbered item's, and said not read).
    deal = _edited(
        DETAILED,
        _DETAILED_WAMS,
        _pools_list("I", "$335,095,817.07", "358.20", "6.132%")
        + _pools_list("II", "$77,943,340.57", "176.90", "5.486%")
        + _pools_list("III", "$80,602,219.93", "358.39", "5.716%")
        + "All of the mortgage loans had a weighted average remaining term to stated\nmaturity of 329.60 months.",
    )
    assert [p.wam_months for p in deal.pools] == [358.20, 176.90, 358.39, 329.60]
    assert [p.aggregate_balance for p in deal.pools[:3]] == [335_095_817.07, 77_943_340.57, 80_602_219.93]
    assert [p.wac for p in deal.pools[:3]] == [6.132, 5.486, 5.716]
    assert all(_said(deal, field, p.name) == () for p in deal.pools for field in ("wam_months", "wac"))
    assert not [w for w in deal.warnings if "which was not read" in w]
    assert deal.verdict.value == "reconciled"


def test_a_lettered_list_of_respectively_items_a_paragraph_each_is_read():
    # The detailed description's own "..., respectively" figures as lettered items, a paragraph each: the WAMs were
    # not read (each item alone a numbered item's, some loans').
    deal = _edited(
        DETAILED,
        _DETAILED_WAMS,
        "The pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans\n"
        "and all mortgage loans had, as of October 1, 2004:\n\n"
        "     (a) weighted average remaining terms to stated maturity of 358.20 months,\n"
        "         176.90 months, 358.39 months and 329.60 months, respectively; and\n\n"
        "     (b) weighted average loan-to-value ratios of 67.6%, 58.2%, 70.2% and 66.5%,\n"
        "         respectively.",
    )
    assert [(p.wam_months, p.wa_ltv) for p in deal.pools] == [
        (358.20, 67.6),
        (176.90, 58.2),
        (358.39, 70.2),
        (329.60, 66.5),
    ]
    assert all(_said(deal, field, p.name) == () for p in deal.pools for field in ("wam_months", "wa_ltv"))
    assert deal.verdict.value == "reconciled"


def test_a_lettered_lists_items_each_an_html_paragraph_are_read():
    # An HTML filing's list, each item a paragraph of its own ("<p>(a) ...;</p>"): read as the text's run-on list
    # (each item was read alone, a numbered item's, and said not read).
    at = _NO_ORIGINAL_TERM.index(_OWN)
    items = "".join(
        f"<p style='margin-left:20px'>{html.escape(line.strip())}</p>\n"
        for line in _lettered(_MARKS["lettered"]).split("\n")[1:]
    )
    page = (
        f"<html><body><pre>{html.escape(_NO_ORIGINAL_TERM[:at])}</pre>\n"
        "<p>As of May 1, 2004, the mortgage loans had:</p>\n"
        f"{items}<pre>{html.escape(_NO_ORIGINAL_TERM[at + len(_OWN) :])}</pre></body></html>"
    )
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-list-items.htm"))
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_original_term_months) == (5.843, 357.95, 359.54)
    assert not [w for w in deal.warnings if "which was not read" in w]


# The detailed description's class balances (one sentence each in the filing), and as its classes are read
_CLASS_STATEMENTS = (
    DETAILED.index("     The aggregate initial principal balance of the class A certificates"),
    DETAILED.index("     The class A subordination level"),
)
_CLASS_BALANCES = (
    ("A", "$481,546,830.00"),
    ("B-1", "$6,170,000.00"),
    ("B-2", "$2,469,000.00"),
    ("B-3", "$1,234,000.00"),
    ("B-4", "$987,000.00"),
    ("B-5", "$494,000.00"),
    ("B-6", "$740,547.57"),
)
_CLASSES_READ = [
    ("A", 481_546_830.00),
    ("B-1", 6_170_000.00),
    ("B-2", 2_469_000.00),
    ("B-3", 1_234_000.00),
    ("B-4", 987_000.00),
    ("B-5", 494_000.00),
    ("B-6", 740_547.57),
]
_BALANCES_WERE = "The aggregate initial principal balances of the certificates as of October 1, 2004 were"


def _classes_listed(
    opening: str, item: str = "({mark}) the class {name} certificates, {balance}", marks="abcdefg", gap: str = "\n\n"
):
    """The detailed description with its classes' balances as a list under ``opening``, an item a paragraph each
    ("...;" / "...; and" / "..."; run on, ``gap`` a line break), each item written as ``item`` with its mark, class
    name and balance."""
    items = [
        "     " + item.format(mark=mark, name=name, balance=balance)
        for mark, (name, balance) in zip(marks, _CLASS_BALANCES)
    ]
    listed = (
        (f"     {opening}{gap}" if opening else "") + f";{gap}".join(items[:-1]) + f"; and{gap}" + items[-1] + ".\n\n"
    )
    text = DETAILED[: _CLASS_STATEMENTS[0]] + listed + DETAILED[_CLASS_STATEMENTS[1] :]
    return text, load_filing(ingest_bytes(text.encode(), "cmsi-list-items.txt"))


def test_the_classes_balances_lettered_a_paragraph_each_are_read():
    # "(a) the class A certificates, $481,546,830.00;" / "(b) the class B-1 ...": each item was read alone, a
    # numbered item's, and every class's balance was lost, unsaid.
    _, deal = _classes_listed(f"{_BALANCES_WERE}:")
    assert [(c.name, c.initial_balance) for c in deal.classes] == _CLASSES_READ
    assert deal.verdict.value == "reconciled"


# A list of the classes' balances a sentence opens ending in a stop, or whose items start in capitals or are marked
# "1." or "a.": each item a sentence of its own, read alone (no balance's words: nothing read), and every balance
# lost, unsaid, the deal still "reconciled" (B-6, with no subordination level, not even listed).
_CLASS_LISTS = {
    "as follows.": (f"{_BALANCES_WERE} as follows.", "({mark}) the class {name} certificates, {balance}", "abcdefg"),
    "the following ... .": (
        "The certificates had the following initial principal balances as of October 1, 2004.",
        "({mark}) the class {name} certificates, {balance}",
        "abcdefg",
    ),
    "items in capitals after a colon": (f"{_BALANCES_WERE}:", "({mark}) Class {name}, {balance}", "abcdefg"),
    "numbered 1.": (f"{_BALANCES_WERE} as follows.", "{mark}. Class {name}: {balance}", "1234567"),
    "lettered a.": (f"{_BALANCES_WERE}:", "{mark}. the class {name} certificates, {balance}", "abcdefg"),
    "the figure first": (
        f"{_BALANCES_WERE} as follows.",
        "({mark}) {balance} for the class {name} certificates",
        "abcdefg",
    ),
    "no marks": (f"{_BALANCES_WERE} as follows.", "Class {name} Certificates, {balance}", "       "),
}


@pytest.mark.parametrize("opening, item, marks", _CLASS_LISTS.values(), ids=_CLASS_LISTS.keys())
def test_the_classes_balances_listed_each_a_sentence_under_the_list_s_opening_are_read(opening, item, marks):
    _, deal = _classes_listed(opening, item, marks)
    assert [(c.name, c.initial_balance) for c in deal.classes] == _CLASSES_READ
    assert not [w for w in deal.warnings if "initial_balance" in w or "notional" in w]
    assert "class balances add up to the deal balance" in {c.name for c in deal.checks if c.passed}
    assert deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "opening", ["", "The certificates are as follows."], ids=["no opening", "an opening naming no balances"]
)
def test_the_classes_balances_listed_under_no_opening_naming_them_are_said_not_read(opening: str):
    # A dollar figure beside each class, and nothing saying it is the class's initial balance: not read, but each
    # class's balance is "in the filing but not read" (it was lost, unsaid, and B-6 not listed at all).
    text, deal = _classes_listed(opening)
    assert [(c.name, c.initial_balance) for c in deal.classes] == [(name, None) for name, _ in _CLASSES_READ]
    line = text.splitlines().index("     (g) the class B-6 certificates, $740,547.57.") + 1
    assert (
        "class B-6 initial_balance: the filing states it in '(f) the class B-5 certificates, $494,000.00; and (g) the "
        f"class B-6 certificates, $740,547.57.' (lines {line - 2}, {line}), which was not read"
    ) in deal.warnings
    said = [w for w in deal.warnings if w.endswith("which was not read") and w.startswith("class ")]
    assert [w.split(" initial_balance:")[0] for w in said] == [f"class {name}" for name, _ in _CLASS_BALANCES]
    assert "class B-6 initial balance" in missing_in_words(deal)[1]
    assert "class balances add up to the deal balance" not in {c.name for c in deal.checks}


@pytest.mark.parametrize("opening", ["The certificates are:", "The certificates are as follows."])
def test_the_classes_balances_run_on_after_an_opening_naming_no_balances_are_said_not_read(opening: str):
    # "The certificates are as follows. class A: $481,546,830.00; class B-1: ...": one sentence, no balance's words
    # (lost, unsaid).
    _, deal = _classes_listed(opening, "class {name}: {balance}", " " * 7, gap="\n")
    assert [(c.name, c.initial_balance) for c in deal.classes] == [(name, None) for name, _ in _CLASSES_READ]
    said = [w for w in deal.warnings if w.endswith("which was not read") and w.startswith("class ")]
    assert [w.split(" initial_balance:")[0] for w in said] == [f"class {name}" for name, _ in _CLASS_BALANCES]
    assert said[0].startswith(f"class A initial_balance: the filing states it in '{opening} class A: $481,546,830.00;")
    assert {f"class {name} initial balance" for name, _ in _CLASS_BALANCES} <= set(missing_in_words(deal)[1])


def test_the_classes_notional_balances_listed_are_said_and_not_listed():
    # "The initial notional balances ... were as follows." / "(a) the class A certificates, $481,546,830.00;": an
    # interest-only class's notional balance, no principal: said, never read as a balance.
    _, deal = _classes_listed(
        "The initial notional balances of the certificates as of October 1, 2004 were as follows."
    )
    assert all(c.initial_balance is None for c in deal.classes)
    assert (
        "classes B-5 and B-6: a notional balance (interest only), not a principal balance; not listed" in deal.warnings
    )
    assert not [w for w in deal.warnings if "initial_balance" in w]


@pytest.mark.parametrize("mark", ["(a)", "(b)"], ids=["after the colon", "after an item's semicolon"])
def test_a_lettered_lists_items_a_paragraph_each_go_on_over_a_page_break(mark: str):
    # A page break before an item: the items from it on were read alone (numbered items') and said not read. Read
    # over the break, each figure says it was read from a sentence joined across the page.
    items = _LAYOUTS["a paragraph each"](_lettered(_MARKS["lettered"]))
    deal = _edited(_NO_ORIGINAL_TERM, _OWN, items.replace(f"\n\n     {mark}", f"\n\n<PAGE>\n\n     {mark}"))
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_original_term_months) == (5.843, 357.95, 359.54)
    for field in ("wac", "wam_months", "wa_original_term_months"):
        (said,) = _said(deal, field, "all")
        assert said.startswith("read from a sentence joined across a page break")
    assert not [w for w in deal.warnings if "which was not read" in w]
