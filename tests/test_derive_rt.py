"""Derived figures (the catalogue's, the diff's, the shelf's) from tables cut or written otherwise than the two
samples' (red team, Dec 4): each filing is a bundled sample edited in the test."""

from __future__ import annotations

from facts import fico_table_lines, read_text
from sample_deals import read_sample

from reporting.derive.diff import build_diff
from reporting.derive.metrics import BY_KEY
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
FICO_BELOW = BY_KEY["fico_below_700_share"]


def _with_fico_table(lines: list[str]) -> str:
    """The term sheet with its FICO x LTV matrix replaced by ``lines`` (a table of the loans by FICO score)."""
    start = TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND")
    end = TERM_SHEET.index("                                   SIGNATURES")
    return TERM_SHEET[:start] + "\n".join(lines) + "\n" + TERM_SHEET[end:]


def _metric(diff, key: str):
    return next(m for m in diff.metrics if m.key == key)


def test_fico_below_700_from_a_fico_table_without_a_total_line():
    # A FICO table with no Total line stopped the diff and the shelf with an AttributeError (its Total's balance
    # was read unasked). Its shares are of the rows' sum, as every table's without a Total: 20.04%, as the matrix's.
    lines = [line for line in fico_table_lines() if not line.startswith("Total") and "=====" not in line]
    deal = read_text(_with_fico_table(lines), "cmsi-2004-3-fico-no-total.txt")
    (table,) = [t for t in deal.tables if "FICO" in t.title]
    assert table.total is None
    assert round(FICO_BELOW.value(deal, deal.whole_deal), 2) == 20.04
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    change = _metric(diff, "fico_below_700_share")
    assert (round(change.old, 2), round(change.new, 2)) == (20.04, 20.04)


_ABOVE_80 = "$4,912,083, $959,086 and $2,037,940"


def test_a_whole_deal_figure_summed_from_a_doubted_pool_figure_carries_its_doubt():
    # Pool II's balance above 80% LTV misprinted larger than the pool ($95,908,600 of $77,943,341) is doubted in
    # pool II's column; the deal's $102,858,623, summed from it, was shown "derived" with no doubt beside it, in
    # the summary, the JSON and the diff (and its share above 80% LTV, 20.84%, likewise).
    from reporting.derive.summary import summarise
    from reporting.model.diff import Side
    from reporting.present.jsonio import deal_to_dict

    assert DETAILED.count(_ABOVE_80) == 1
    deal = read_text(DETAILED.replace(_ABOVE_80, "$4,912,083, $95,908,600 and $2,037,940"), "cmsi-2004-8-above.txt")
    whole = deal.whole_deal
    assert whole.derived_figure("balance_above_80_ltv").value == 4_912_083 + 95_908_600 + 2_037_940
    metrics = {m.key: m for m in summarise(deal).metrics}
    for key in ("balance_above_80_ltv", "share_above_80_ltv"):
        (*_, whole_note) = metrics[key].notes
        assert whole_note.derived_from and any("pool II" in d and "$95,908,600" in d for d in whole_note.doubts), key
    said = deal_to_dict(deal)["pools"][-1]["derived"]["balance_above_80_ltv"]["warnings"]
    assert len(said) == 1 and said[0].startswith("pool II: ")
    diff = build_diff(read_sample(DETAILED, "cmsi-2004-8.txt"), deal)
    assert Side.NEW in _metric(diff, "balance_above_80_ltv").doubted
    assert Side.OLD not in _metric(diff, "balance_above_80_ltv").doubted  # summed from sound figures: no doubt


def _states_with_shares(misprinted: str) -> str:
    """The term sheet with a "% of Pool" column beside its state table, ``misprinted``'s share 10 points high."""
    lines = TERM_SHEET.split("\n")
    header = lines.index("State                             Loans                    Balances Outstanding")
    first = next(i for i, line in enumerate(lines) if line.startswith("Alabama"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Washington"))
    lines[header] += "      % of Pool"
    lines[header + 1] += "      ---------"
    for i in range(first, last + 1):
        share = 100 * float(lines[i][40:].replace(",", "").replace("$", "")) / 619_800_778
        lines[i] += f"{share + (10 if lines[i].startswith(misprinted) else 0):>14.2f}%"
    total = next(i for i in range(last, len(lines)) if lines[i].startswith("Total"))
    lines[total] += f"{100:>14.2f}%"
    return "\n".join(lines)


def test_the_diff_says_a_state_share_doubted_where_a_row_it_stands_on_is():
    # California's row states 57.91% of the pool beside a balance that is 47.91% of it: the summary says the doubt
    # beside California's share and the top 5 states'; the diff's geography (HTML, workbook, email, terminal) showed
    # both with no doubt, as if read clean.
    from reporting.model.diff import Side

    deal = read_text(_states_with_shares("California"), "cmsi-2004-3-state-shares.txt")
    assert any("57.91%" in d for d in BY_KEY["california_share"].note(deal, deal.whole_deal).doubts)
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    for change in (diff.geography.california, diff.geography.top5):
        assert round(change.new, 2) == {"california_share": 47.91, "top5_states_share": 73.70}[change.key]
        assert change.doubted == (Side.NEW,), change.key
    # a misprint in a row neither figure stands on (Washington's, the 19th state) doubts neither
    other = build_diff(
        read_sample(TERM_SHEET, "cmsi-2004-3.txt"), read_text(_states_with_shares("Washington"), "w.txt")
    )
    assert other.geography.california.doubted == () and other.geography.top5.doubted == ()


_ALABAMA = "Alabama                               5                         $  2,499,488"
_WASHINGTON = "Washington                           10                            4,984,540"


def test_the_states_with_loans_count_no_territory_and_no_row_of_no_loans():
    # A state table listing states with no loans ("Alaska 0 0") and Puerto Rico's loans in place of Washington's
    # said "40 states and DC with loans": 37 states have loans, besides DC and Puerto Rico.
    from reporting.derive.summary import summarise

    assert TERM_SHEET.count(_ALABAMA) == 1 and TERM_SHEET.count(_WASHINGTON) == 1
    text = TERM_SHEET.replace(_ALABAMA, f"{_ALABAMA}\nAlaska{0:>32}{0:>37}")
    text = text.replace(_WASHINGTON, f"Puerto Rico{10:>29}{'4,984,540':>37}\nWyoming{0:>31}{0:>37}")
    deal = read_text(text, "cmsi-2004-3-territory.txt")
    (table,) = [t for t in deal.tables if t.title.startswith("GEOGRAPHIC")]
    assert [r.label for r in table.rows if not r.balance] == ["Alaska", "Wyoming"]
    (found,) = summarise(deal).geographies
    assert found.with_loans == "37 states, DC and Puerto Rico"
    assert round(found.california_share, 2) == 47.91  # the shares as they were


def test_a_key_change_sentence_says_a_side_doubted():
    # "Loans above 80% LTV rose from 1.60% to 20.84% of balance" quoted a figure doubted in the new filing (summed
    # from pool II's misprint) with nothing in the sentence to say so, though the table beneath marks it.
    from reporting.derive.key_changes import find_key_changes

    deal = read_text(DETAILED.replace(_ABOVE_80, "$4,912,083, $95,908,600 and $2,037,940"), "cmsi-2004-8-above.txt")
    changes = find_key_changes(build_diff(read_sample(DETAILED, "cmsi-2004-8.txt"), deal))
    (above,) = [c.sentence for c in changes if c.metric == "share_above_80_ltv"]
    assert above.startswith("Loans above 80% LTV rose from 1.60% to 20.84% of balance")
    # (every note in one bracket: "(derived from the pools in ...; doubted in the new filing: see its report)")
    assert above.endswith("; doubted in the new filing: see its report)")


def _fico_table_with_shares(misprinted: str) -> str:
    """The term sheet with a table by FICO score in place of its matrix, with a "% of Pool" column whose
    ``misprinted`` row's share is 5 points high."""
    from facts import FICO_ROWS

    balances = {label: balance for label, _, balance in FICO_ROWS}
    lines = []
    for line in fico_table_lines():
        label = line[:34].strip()
        if line.startswith("FICO Score"):
            line += "      % of Pool"
        elif line.startswith("----------"):
            line += "      ---------"
        elif label in balances:
            line += f"{100 * balances[label] / 619_800_778 + (5 if label == misprinted else 0):>14.2f}%"
        elif line.startswith("Total"):
            line += f"{100:>14.2f}%"
        lines.append(line)
    return _with_fico_table(lines)


def test_fico_below_700_says_the_doubt_of_a_fico_row_it_stands_on():
    # The "650 to 699" row stated as 21.15% of the pool beside a balance that is 16.15% of it: doubted in the
    # table, yet "FICO below 700" (20.04%), summed from that row, was shown in the diff and the shelf with no doubt.
    from reporting.model.diff import Side

    deal = read_text(_fico_table_with_shares("650 to 699"), "cmsi-2004-3-fico-shares.txt")
    assert round(FICO_BELOW.value(deal, deal.whole_deal), 2) == 20.04
    (doubt,) = FICO_BELOW.note(deal, deal.whole_deal).doubts
    assert doubt.startswith("row '650 to 699': ") and "21.15%" in doubt
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    assert _metric(diff, "fico_below_700_share").doubted == (Side.NEW,)
    # a misprint in a row above 700 leaves the share below it undoubted
    above = read_text(_fico_table_with_shares("750 to 799"), "cmsi-2004-3-fico-shares-above.txt")
    assert FICO_BELOW.note(above, above.whole_deal).doubts == ()


def test_a_whole_deal_sum_of_approximate_pool_figures_is_approximate():
    # Pools' balances above 80% LTV stated as "approximately $4.9 million, $1.0 million and $2.0 million": their sum,
    # $7,900,000, was shown as an exact figure (and its share, 1.60%, to the hundredth), though it is only as near
    # as the three roundings together: $24,500 + $5,000 + $10,000.
    from reporting.present.jsonio import deal_to_dict

    approximate = "of approximately $4.9 million, $1.0 million and $2.0 million"
    deal = read_text(DETAILED.replace("of " + _ABOVE_80, approximate), "cmsi-2004-8-approximate.txt")
    whole = deal.whole_deal
    assert whole.derived_figure("balance_above_80_ltv").value == 7_900_000
    assert BY_KEY["balance_above_80_ltv"].note(deal, whole).within == 24_500 + 5_000 + 10_000
    share = BY_KEY["share_above_80_ltv"]
    assert round(share.value(deal, whole), 2) == 1.60 and share.note(deal, whole).within > 0.005
    assert deal_to_dict(deal)["pools"][-1]["derived"]["balance_above_80_ltv"]["approximate_within"] == 39_500
    # from exact pool figures, exact as before
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert BY_KEY["balance_above_80_ltv"].note(sample, sample.whole_deal).within is None


def _states_as_codes(text: str, moved: int = 0) -> str:
    """The term sheet's state table with each state written as its postal code ("CA"), ``moved`` loans' worth of
    balance ($1,000,000 each) moved from California to New York."""
    from reporting.model.states import STATE_CODES

    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Alabama"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Washington"))
    for i in range(first, last + 1):
        name = lines[i][:34].strip()
        balance = int(lines[i][34:].split()[-1].strip("$").replace(",", ""))
        balance += {"California": -moved, "New York": moved}.get(name, 0) * 1_000_000
        lines[i] = f"{STATE_CODES[name]:34}{lines[i][34:40]}{f'{balance:,}':>37}"
    return "\n".join(lines)


def test_the_diff_matches_a_state_written_as_its_code_with_its_name():
    # One filing writes "California", the next "CA": the diff said "California fell from 47.91% to 0.00% of
    # balance" and "CA rose from 0.00% to 47.91%", and every top-10 state left the top 10 and entered it again.
    from reporting.derive.key_changes import find_key_changes

    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    same = build_diff(sample, read_text(_states_as_codes(TERM_SHEET), "cmsi-2004-3-codes.txt"))
    assert [c.sentence for c in find_key_changes(same)] == []
    assert same.geography.entering_top10 == () and same.geography.leaving_top10 == ()
    (states,) = [t for t in same.tables if t.title.startswith("GEOGRAPHIC")]
    assert all(r.change == 0 for r in states.rows) and len(states.rows) == 39
    # a real move is one state's: $30 million from California to New York, -4.84 pp and +4.84 pp
    moved = build_diff(sample, read_text(_states_as_codes(TERM_SHEET, 30), "cmsi-2004-3-codes-moved.txt"))
    sentences = [c.sentence for c in find_key_changes(moved) if c.metric.startswith("state:")]
    assert sentences == [
        "CA fell from 47.91% to 43.07% of balance, -4.84 pp",
        "NY rose from 12.26% to 17.10% of balance, +4.84 pp",
    ]


_CALIFORNIA = "California                          587                          296,923,131"


def test_the_diff_compares_a_state_split_in_parts_with_the_whole_state():
    # One filing writes "California", the next "Northern California" and "Southern California" with no row for the
    # whole: the diff said "California fell from 47.91% to 0.00% of balance" (and each part rose from 0.00%).
    from reporting.derive.key_changes import find_key_changes

    assert TERM_SHEET.count(_CALIFORNIA) == 1
    parts = (
        f"{'Northern California':34}{300:>5}{'150,000,000':>37}\n{'Southern California':34}{287:>5}{'146,923,131':>37}"
    )
    deal = read_text(TERM_SHEET.replace(_CALIFORNIA, parts), "cmsi-2004-3-parts.txt")
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    assert [c.sentence for c in find_key_changes(diff)] == []
    (states,) = [t for t in diff.tables if t.title.startswith("GEOGRAPHIC")]
    (california,) = [r for r in states.rows if "California" in r.old_labels]
    assert california.new_labels == ("Northern California", "Southern California") and california.change == 0
    # both filings split alike: each part compared with its own
    both = build_diff(deal, read_text(TERM_SHEET.replace(_CALIFORNIA, parts), "cmsi-2004-3-parts-2.txt"))
    (states,) = [t for t in both.tables if t.title.startswith("GEOGRAPHIC")]
    assert [r.old_labels for r in states.rows if "California" in r.label] == [
        ("Northern California",),
        ("Southern California",),
    ]


def _four_states_and_the_rest() -> str:
    """The term sheet's state table as its four largest states and a row for the rest, "Other (less than 5% each)"."""
    lines = TERM_SHEET.split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("Alabama"))
    last = next(i for i, line in enumerate(lines) if line.startswith("Washington"))
    rows = [
        (line[:34].strip(), int(line[34:40]), int(line[40:].strip().strip("$").replace(",", "")))
        for line in lines[first : last + 1]
    ]
    largest = sorted(rows, key=lambda r: -r[2])[:4]
    rest = [r for r in rows if r not in largest]
    kept = [*largest, ("Other (less than 5% each)", sum(r[1] for r in rest), sum(r[2] for r in rest))]
    drawn = [f"{label:34}{count:>5}{f'{balance:,}':>37}" for label, count, balance in kept]
    return "\n".join(lines[:first] + drawn + lines[last + 1 :])


def test_top_5_states_is_not_the_top_4_where_the_fifth_is_in_the_rest():
    # Four states named and "Other (less than 5% each)": the key metrics', the diff's and the shelf's "Top 5 states"
    # was the four's 69.53%, a smaller figure than the deal's top five hold (the fifth, New Jersey's 4.17%, is in the
    # rest). The geography section says "largest 4 states" of the four, as before.
    from reporting.derive.summary import summarise

    deal = read_text(_four_states_and_the_rest(), "cmsi-2004-3-four-states.txt")
    top5 = BY_KEY["top5_states_share"]
    assert top5.value(deal, deal.whole_deal) is None
    summary = summarise(deal)
    assert "Top 5 states" in summary.metrics_not_stated and "Top 5 states" not in summary.metrics_not_read
    (found,) = summary.geographies
    assert found.top_count == 4 and round(found.top_share, 2) == 69.53
    diff = build_diff(read_sample(TERM_SHEET, "cmsi-2004-3.txt"), deal)
    assert round(diff.geography.top5.old, 2) == 73.70 and diff.geography.top5.new is None
    assert round(BY_KEY["california_share"].value(deal, deal.whole_deal), 2) == 47.91
