"""The units every figure is written and compared in: one list for the summary, the diff and the workbook."""

from __future__ import annotations

from enum import StrEnum


class Unit(StrEnum):
    DOLLARS = "dollars"
    COUNT = "count"
    RATE = "rate"  # a note rate in percent; its change reads in basis points (x100)
    MONTHS = "months"
    YEARS = "years"
    PERCENT = "percent"  # a ratio in percent the filing states, such as LTV; its change is in percentage points
    SHARE = "share"  # percent of the pool's balance; its change is in percentage points
    # A class's subordination level, in percent: written to the decimals the filing states, at most
    # ``formatting.SUBORDINATION_PLACES`` (12 stated decimals are a rounding), as the summary writes it; change in pp.
    LEVEL = "level"
    DATE = "date"
