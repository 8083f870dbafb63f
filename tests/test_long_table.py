"""The long table (`--format csv`, `--format parquet`): every bucket and figure, adding up as the filing does."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from reporting.cli import main
from reporting.deliver import formats
from reporting.model.deal import Deal
from reporting.pipeline import load_deal
from reporting.present.long_table import COLUMNS, escape_text, read_csv, unescape_text
from reporting.present.renders import DealRender

# Tables print whole dollars: each row and the Total line may be off by half a dollar (the reconciliation's tolerance).
ROUNDING_PER_ROW = 0.5


@pytest.fixture(scope="module")
def csv_2004_3(tmp_path_factory, term_sheet_path: Path) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("csv")
    assert main(["render", str(term_sheet_path), "--format", "csv", "--out", str(out), "-q"]) == 0
    return read_csv(out / "cmsi-2004-3" / "cmsi-2004-3-long.csv")


def test_the_columns_are_the_documented_ones(csv_2004_3: pd.DataFrame):
    assert tuple(csv_2004_3.columns) == COLUMNS
    assert set(csv_2004_3["section"]) == {"table", "metric", "policy", "check"}
    assert set(csv_2004_3["deal"]) == {"CMSI 2004-3"} and set(csv_2004_3["cut_off_date"]) == {"2004-05-01"}


def test_each_tables_balances_add_up_to_its_total(csv_2004_3: pd.DataFrame, term_sheet: Deal):
    buckets = csv_2004_3[csv_2004_3["section"] == "table"]
    titles = list(dict.fromkeys(buckets["table"]))
    assert len(titles) == len(term_sheet.tables) == 7
    for title, table in zip(titles, term_sheet.tables):
        rows = buckets[buckets["table"] == title]
        assert list(rows["bucket"]) == [r.label for r in table.rows]
        assert rows["loans"].sum() == table.total.count
        assert abs(rows["balance"].sum() - table.total.balance) <= ROUNDING_PER_ROW * (len(rows) + 1)
        assert rows["pct_of_balance"].sum() == pytest.approx(100, abs=1e-4)


def test_california_as_the_filing_states_it(csv_2004_3: pd.DataFrame):
    states = csv_2004_3[(csv_2004_3["section"] == "table") & (csv_2004_3["table_kind"] == "geography")]
    california = states[states["bucket"] == "California"].iloc[0]
    assert (california["loans"], california["balance"]) == (587, 296923131)
    assert round(california["pct_of_balance"], 2) == 47.91


def test_pool_metrics_are_rows_with_the_catalogues_labels(detailed: Deal):
    table = DealRender(detailed).long_table
    figures = table[table["section"] == "metric"].set_index(["pool", "metric"])
    assert figures.loc[("II", "loan_count"), "value"] == 154
    assert figures.loc[("II", "loan_count"), "bucket"] == "Loan count"
    assert figures.loc[("all", "wac"), "as_printed"] == "5.962%"
    assert figures.loc[("I", "primary_residence_min_pct"), "bound"] == "at_least"
    assert figures.loc[("I", "average_balance"), "derived"]
    assert not figures.loc[("I", "aggregate_balance"), "derived"]
    classes = table[table["section"] == "class"]
    assert list(classes["bucket"]) == ["A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    assert classes.iloc[0]["balance"] == 481546830 and classes.iloc[0]["value"] == 2.450067623897
    assert ("all", "california_share") not in figures.index  # not stated: no row, never a zero


def test_underwriting_bounds_are_rows_as_the_filing_bounds_them(csv_2004_3: pd.DataFrame, detailed: Deal):
    """The documentation mix an analyst pivots on: each pool's policy bounds, as "At least 53%, 31%, 22% and 45%,
    respectively" and "No more than 30%, 50%, none and 28%" state them (2004-8), and 2004-3's for all loans."""
    policies = csv_2004_3[csv_2004_3["section"] == "policy"].set_index("bucket")
    full = policies.loc["Full documentation, or alternative/streamlined refinance"]
    assert (full["pool"], full["value"], full["bound"], full["as_printed"]) == ("all", 94, "at_least", "\u2265 94%")
    assert policies.loc["No income verification", "as_printed"] == "\u2264 6%"
    table = DealRender(detailed).long_table
    rows = table[table["section"] == "policy"].set_index(["pool", "bucket"])
    assert [rows.loc[(pool, "Full documentation"), "value"] for pool in ("I", "II", "III", "all")] == [53, 31, 22, 45]
    asset = [rows.loc[(pool, "Refinance, no asset verification")] for pool in ("I", "II", "III", "all")]
    assert [row["value"] for row in asset] == [30, 50, 0, 28]
    assert {row["bound"] for row in asset} == {"no_more_than"} and asset[2]["as_printed"] == "None"
    assert set(rows["unit"]) == {"share"} and set(rows["table"]) == {"Underwriting and documentation"}


def test_a_truncated_filing_lists_what_is_missing(partial_dir: Path):
    path = partial_dir / "cmsi-2003-1-collateral.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    table = DealRender(load_deal(path)).long_table
    missing = table[table["section"] == "missing"]
    assert "aggregate_balance" in set(missing["bucket"]) and "stratification tables" in set(missing["bucket"])
    assert table["balance"].isna().all() and table["value"].isna().all()


def test_csv_and_parquet_give_back_the_same_table(detailed: Deal):
    render = DealRender(detailed)
    pd.testing.assert_frame_equal(read_csv(render.csv), render.long_table)
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(render.parquet)), render.long_table)
    assert render.csv.startswith(b"\xef\xbb\xbfdeal,series,")  # a byte-order mark: Excel reads the UTF-8


@pytest.mark.parametrize(
    "text, escaped",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("'quoted", "''quoted"),
        ("California", "California"),
        ("$150,000 through $199,999", "$150,000 through $199,999"),
    ],
)
def test_csv_text_never_starts_a_formula_and_comes_back_whole(text: str, escaped: str):
    assert escape_text(text) == escaped
    assert unescape_text(escape_text(text)) == text


def test_parquet_without_pyarrow_is_one_line(monkeypatch, term_sheet_path: Path, tmp_path: Path, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a))
    with pytest.raises(SystemExit) as exit:
        main(["render", str(term_sheet_path), "--format", "csv,parquet", "--out", str(tmp_path)])
    error = capsys.readouterr().err.strip().splitlines()[-1]
    assert exit.value.code == 2
    assert error.endswith("the parquet format needs pyarrow: pip install 'termsheet[parquet]'")
    assert not any(tmp_path.iterdir())
    assert formats.BY_NAME["parquet"].missing() is not None and formats.BY_NAME["csv"].missing() is None
