"""What a deal states, apart from where in the text it was read; and a check that those places are right."""

from __future__ import annotations

import re
from typing import Any

from reporting.model.deal import Deal, StratTable
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_dict
from reporting.read.ingest import ingest_bytes

# Keys that say where in the filing's text a figure stands: they differ between two
# layouts of the same filing, while the figures must not.
POSITION_KEYS = frozenset(
    {"source_lines", "line_range", "row_source_lines", "total_source_lines", "expected_lines", "actual_lines"}
)


def read_text(text: str, name: str) -> Deal:
    """A filing's text (a sample as edited by a test) read as a deal, under the file name ``name``."""
    return load_filing(ingest_bytes(text.encode(), name))


def pool_facts(deal: Deal) -> list[tuple]:
    """Each pool's name, balance, loan count, WAC, WAM and WA LTV as read."""
    return [(p.name, p.aggregate_balance, p.loan_count, p.wac, p.wam_months, p.wa_ltv) for p in deal.pools]


def without_positions(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_positions(v) for k, v in value.items() if k not in POSITION_KEYS}
    if isinstance(value, list):
        return [without_positions(v) for v in value]
    return value


def deal_facts(deal: Deal) -> dict:
    """The deal's facts, checks and warnings, without where the file is or where in it each was read."""
    data = deal_to_dict(deal)
    data.pop("source")
    return without_positions(data)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_rows_cite_their_lines(deal: Deal, text: str) -> None:
    """Each table row's lines hold its label's words and its figures; each total's line its figures."""
    lines = text.split("\n")
    for table in deal.tables:
        for row in table.rows:
            assert row.source_lines, (table.title, row)
            cited = _squeezed(" ".join(lines[n - 1] for n in row.source_lines))
            for word in row.label.split():
                assert _squeezed(word) in cited, (table.title, row, cited)
            for figure in (row.count, row.balance):
                if figure:
                    assert f"{figure:,.0f}" in cited, (table.title, row, cited)
        total = _squeezed(lines[table.total.source_lines[0] - 1])
        assert total.lower().startswith("total") and f"{table.total.count:,}" in total, (table.title, total)


def assert_pool_facts_cite_their_lines(deal: Deal, text: str) -> None:
    """Each dollar figure of a pool is written in the lines its provenance names."""
    lines = text.split("\n")
    for pool in deal.pools:
        for note in pool.provenance:
            value = getattr(pool, note.field, None)
            if not isinstance(value, float) or note.field.endswith(("_pct", "_years")):
                continue
            cited = _squeezed(" ".join(lines[n - 1] for n in note.source_lines))
            written = {f"{value:,.2f}", f"{value:,.0f}", f"{value:g}", f"{value:.1f}", f"{value:.2f}", f"{value:.3f}"}
            assert any(w in cited for w in written), (pool.name, note, cited)


def matrices_read(deal: Deal) -> list[tuple]:
    """Each matrix as read: its title, headings, labels, cells and totals."""
    return [
        (
            m.title,
            m.row_header,
            m.col_header,
            m.row_labels,
            m.col_labels,
            m.cells,
            m.row_totals,
            m.col_totals,
            m.grand_total,
        )
        for m in deal.matrices
    ]


def table_titled(deal: Deal, words: str) -> StratTable:
    """The deal's one table whose title has these words."""
    (table,) = [t for t in deal.tables if words in t.title]
    return table


def rows_read(table: StratTable) -> list[tuple[str, int | None, float | None]]:
    return [(row.label, row.count, row.balance) for row in table.rows]


def assert_tables_as_the_sample(deal: Deal, sample: Deal) -> None:
    """The deal's tables read as the sample's: titles, rows, Totals; its checks all pass, as many as the sample's."""
    assert [t.title for t in deal.tables] == [t.title for t in sample.tables]
    assert [rows_read(t) for t in deal.tables] == [rows_read(t) for t in sample.tables]
    totals = [[(t.total.count, t.total.balance) if t.total else None for t in d.tables] for d in (deal, sample)]
    assert totals[0] == totals[1]
    assert deal.checks_passed and len(deal.checks) == len(sample.checks)
    assert deal.verdict is sample.verdict


# The 2004-3 sample matrix's row shares of the balance, as a table by FICO score would state them (counts, dollars).
FICO_ROWS = (
    ("620 and less", 11, 5_640_187),
    ("620 to 649", 36, 18_470_063),
    ("650 to 699", 198, 100_097_827),
    ("700 to 749", 412, 208_440_964),
    ("750 to 799", 550, 278_102_609),
    ("800 and above", 18, 9_049_128),
)


def fico_table_lines(
    title: str = "DISTRIBUTION OF MORTGAGE LOANS BY FICO SCORES",
    header: str = "FICO Score",
    rows: tuple[tuple[str, int, int], ...] = FICO_ROWS,
) -> list[str]:
    """A table of the 2004-3 loans by FICO score, laid out as the sample lays out its tables, Total line and all."""
    return [
        f"                   {title}",
        "",
        "                                  Number of                 Aggregate Principal",
        f"{header:34}Loans                    Balances Outstanding",
        "----------                        ---------                --------------------",
        "",
        *(
            f"{label:34}{count:>5,}{('$' if i == 0 else '') + f'{balance:,}':>37}"
            for i, (label, count, balance) in enumerate(rows)
        ),
        "",
        "",
        f"{'Total':34}{1225:>5,}{'$619,800,778':>37}",
        "                                  =====                         ============",
        "",
        "",
    ]
