"""Number formatting shared by the terminal summary and the Jinja filters.

One place decides how a dollar amount, a count or a rate is written, so the
terminal, the PDF, the HTML and the email never disagree. None prints as a dash:
a fact the filing does not state is shown as missing, never as zero.
"""

from __future__ import annotations

from datetime import date

MISSING = "\u2014"  # em dash


def dollars(value: float | None, cents: bool = False) -> str:
    if value is None:
        return MISSING
    return f"${value:,.2f}" if cents else f"${value:,.0f}"


def millions(value: float | None, places: int = 1) -> str:
    """$619.8mm, the desk's shorthand."""
    return MISSING if value is None else f"${value / 1e6:,.{places}f}mm"


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def percent(value: float | None, places: int = 2) -> str:
    return MISSING if value is None else f"{value:.{places}f}%"


def rate(value: float | None) -> str:
    """Note rates as the filings write them: three decimals."""
    return percent(value, 3)


def months(value: float | None) -> str:
    return MISSING if value is None else f"{value:.2f} mo"


def points(value: float | None, places: int = 2) -> str:
    """A change in percentage points, signed: +1.25 pp."""
    return MISSING if value is None else f"{value:+.{places}f} pp"


def basis_points(value: float | None) -> str:
    """A change in a rate, given in percent, as signed basis points: +12 bp."""
    return MISSING if value is None else f"{value * 100:+.0f} bp"


def iso_date(value: date | None) -> str:
    return MISSING if value is None else value.isoformat()


def long_date(value: date | None) -> str:
    return MISSING if value is None else f"{value:%B} {value.day}, {value.year}"
