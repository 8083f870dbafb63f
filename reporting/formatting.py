"""Number formatting shared by the terminal summary and the Jinja filters.

One place decides how a dollar amount, a count or a rate is written, so the
terminal, the PDF, the HTML and the email never disagree. None prints as a dash:
a fact the filing does not state is shown as missing, never as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reporting.model.deal import Check

MISSING = "\u2014"  # em dash

# The marks beside a figure, one set for every format: "!" where a reconciliation check about it failed (red),
# "?" where the parser doubts it (amber). The PDF and the HTML (the email's too) draw "!" in a red disc beside the
# failure's words; plain text (the email's text part) writes each in brackets, "(!)" and "(?)" (``text_mark``).
FAILED_MARK = "!"
DOUBT_MARK = "?"
# Beside a whole-deal figure the filing states only per pool, in plain text (the emails' text parts, the terminal's
# diff) and in the summary email's HTML; a line under the figures says what it means.
DERIVED_MARK = "(d)"
DERIVED_MEANING = "derived from the pools: the filing does not state it for the whole deal"


def sentence_end(text: str) -> str:
    """A phrase as a sentence ends it, with a full stop unless it has its own ("all 23 reconciliation checks
    passed."): the diff's data-quality lines ended bare beside sentences that did not."""
    return text if text.endswith((".", "!", "?")) else f"{text}."


def sentence_start(text: str) -> str:
    """A phrase as a sentence starts it: its first letter upper case, the rest as written ("not stated in this
    filing: WA original term" -> "Not stated in this filing: WA original term"); Jinja's ``capitalize``
    would lower the rest ("wa original term")."""
    return text[:1].upper() + text[1:]


def text_mark(mark: str) -> str:
    """A mark as plain text writes it: "(!)", "(?)"."""
    return f"({mark})"


def dollars(value: float | None, cents: bool = False) -> str:
    if value is None:
        return MISSING
    return f"${value:,.2f}" if cents else f"${value:,.0f}"


def cents_places(amount: float | None) -> int | None:
    """The decimals a dollar amount stated in a sentence is written with in every report: 2 where it has cents (a
    loss limit of "$4,936,413.78", never rounded to "$4,936,414"), None (whole dollars) where it has none."""
    return 2 if amount is not None and round(amount, 2) % 1 else None


def millions(value: float | None, places: int = 1) -> str:
    """$619.8mm, the desk's shorthand."""
    return MISSING if value is None else f"${value / 1e6:,.{places}f}mm"


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


def percent(value: float | None, places: int = 2) -> str:
    return MISSING if value is None else f"{value:.{places}f}%"


UNDER = "<"  # a share the filing gives only as under a bound: "<0.005%"


def share_cell(value: float | None, under: float | None = None) -> str:
    """A matrix's figure: its share ("0.36%"); where the filing writes a mark its footnote says is a share
    under a bound ("*", "* Less than 0.005%"), the bound, "<0.005%": never the 0.00% it would round to."""
    if under is None:
        return percent(value)
    return f"{UNDER}{f'{under:.6f}'.rstrip('0').rstrip('.')}%"


def marks_meaning(under: float, note: str) -> str:
    """What a report says under a matrix with figures given only as under a bound."""
    return (
        f"{share_cell(None, under)}: the filing writes the share as a mark its footnote explains ({note!r}), "
        f"a share above 0% and under {share_cell(None, under)[1:]}; the checks allow each anywhere in that range."
    )


APPROXIMATE = "~"  # a change known only to within a bound, from a share the filing gives as "<0.005%"


def points_within(value: float | None, within: float | None, places: int = 2) -> str:
    """A matrix cell's change in percentage points (+0.10 pp); where a side gives the cell only as under a
    bound, the change from the middle of its range, marked: "~+0.10 pp" (``changes_meaning`` says how far)."""
    text = points(value, places)
    return text if within is None or value is None else APPROXIMATE + text


def changes_meaning(within: float, bounds: Iterable[float]) -> str:
    """What a diff says under a matrix whose changes rest on shares given only as under a bound."""
    written = " or ".join(share_cell(None, bound) for bound in sorted(set(bounds)))
    return (
        f"{APPROXIMATE}: a change to or from a share a filing gives only as under a bound ({written}); "
        f"it is measured from the middle of that range and may be up to {within:g} pp either way."
    )


CLASS_SHARE_PLACES = 3  # a class's share of the deal: the smallest junior classes are 0.100%-0.500%
SUBORDINATION_PLACES = 4  # a subordination level (filings state 12 decimals): 0.1500% apart from 0.1501%


def class_share(value: float | None) -> str:
    """A certificate class's share of the deal, in every output alike."""
    return percent(value, CLASS_SHARE_PLACES)


NOT_PRINCIPAL = "n/a (notional)"  # a notional class's share of the deal or level: none, as it holds no principal


def notional(value: float | None) -> str:
    """An interest-only class's notional balance, in every output alike: never read as a principal one."""
    return f"{dollars(value, cents=True)} notional"


def subordination(value: float | None) -> str:
    """A subordination level, in every output alike: to the decimals the filing states it with, at most
    ``SUBORDINATION_PLACES`` (a level stated "2.45%" is 2.45%, never "2.4500%": a precision not given)."""
    return MISSING if value is None else percent(value, level_places(value))


def level_places(*levels: float) -> int:
    """The decimals subordination levels print with: as stated, at most ``SUBORDINATION_PLACES``; of several (a
    change between two), the most of any, so "+0.3500 pp" between 2.4501% and 2.8001%."""
    return max(min(written_places(level), SUBORDINATION_PLACES) for level in levels)


RATE_PLACES = 3  # note rates as the filings write them


def rate(value: float | None, places: int | None = None) -> str:
    """A rate: three decimals, as the filings write note rates; ``places`` where the filing writes this one with
    other decimals (a net-rate threshold "5.50%" is 5.50%, never "5.500%": a precision not given)."""
    return percent(value, RATE_PLACES if places is None else places)


def months(value: float | None) -> str:
    return MISSING if value is None else f"{value:.2f} mo"


def signed(value: float | None, unsigned: Callable[[float], str]) -> str:
    """A change written with its sign by any formatter above: -$126.2mm, +255, -28.35 mo.

    A change that rounds to zero prints without a sign ("0.00 pp", never "-0.00 pp").
    """
    if value is None:
        return MISSING
    text = unsigned(abs(value))
    if text == unsigned(abs(value) * 0):  # the same type of zero, so count(0) prints "0"
        return text
    return ("+" if value > 0 else "-") + text


def points(value: float | None, places: int = 2) -> str:
    """A change in percentage points, signed: +1.25 pp."""
    return signed(value, lambda v: f"{v:.{places}f} pp")


def points_between(old: float | None, new: float | None, places: int = 2) -> str:
    """The change between two shares, measured between the shares as known and rounded once, to ``places``:
    0.8662% to 1.6022% is +0.74 pp (printed 0.87% and 1.60%: rounding each first would give the +0.73 no
    figure of the filings bears out)."""
    if old is None or new is None:
        return MISSING
    return points(known_change(old, new), places)


def known_change(old: float, new: float) -> float:
    """new - old between the figures as known (a computed share to every decimal, a stated figure as stated),
    rounded once when printed; the rounding here only drops float noise (1e-15 pp is no change)."""
    return round(new - old, 9)


def months_between(old: date | None, new: date | None) -> str:
    """The change between two dates a diff compares, in whole months: "+1 mo", "-3 mo", "same" (never the
    dash, which says a date is not stated)."""
    if old is None or new is None:
        return MISSING
    months = (new.year - old.year) * 12 + new.month - old.month
    return "same" if months == 0 and new == old else f"{months:+d} mo" if months else "same month"


# How many decimals each unit's plain figure prints with (``figure``'s writers). None: printed as it is (years).
# A diff's change is measured between the figures as known and rounded once (``known_change``), except from or to
# a figure stated as approximate, which is known only to the decimals it is stated to (``about_between``).
SHOWN_PLACES: dict[str, int | None] = {
    "dollars": 0,
    "count": 0,
    "rate": 3,
    "months": 2,
    "years": None,
    "percent": 3,  # as stated, at most three decimals (``stated_percent``)
    "share": 2,
    "level": SUBORDINATION_PLACES,  # at most; fewer where the filing states fewer (``subordination``)
}


def shown(value: float, unit: str, bound: str | None = None) -> float:
    """``value`` as a report prints it (``figure``): whole dollars, a rate to three decimals, a share to two (a
    computed bound loosened to two, as printed)."""
    if bound is not None and unit in ("percent", "share"):
        value = loosened(value, unit, bound)
        return value if is_computed_share(value, unit) else round(value, 3)
    places = level_places(value) if unit == "level" else SHOWN_PLACES.get(unit)
    return value if places is None else round(value, places)


def change_between(
    old, new, unit: str, bound: str | None = None, withins: Withins = (None, None), places: int | None = None
) -> str:
    """The change a diff prints between two figures, in the unit's own terms, measured between the figures as known
    and rounded once (``known_change``): "+11.9 bp" from 5.843% to 5.962%, "-$126,159,401" between $619,800,778.37
    and $493,641,377.57, "+0.74 pp" between the computed shares 0.8662% and 1.6022% (printed 0.87% and 1.60%),
    "+5 mo" between two dates; from or to a figure stated as approximate (``withins``), as ``about_between``
    writes it. ``places``: dollars a side is written with to the cent (``cents_places``), the change so too
    ("+$0.71" between the loss limits $4,936,413.78 and $4,936,414.49, never "+$1" between two "$4,936,414")."""
    if old is None or new is None:
        return MISSING
    if unit == "date":
        return months_between(old, new)
    if (about := about_between(old, new, unit, withins)) is not None:  # a bound stated approximately too
        return about
    if unit in ("percent", "share"):
        if bound is not None and not (is_computed_share(old, unit) or is_computed_share(new, unit)):
            # two bounds as the filings state them ("≤ 6%" to "≤ 24%"): their change no finer, "+18 pp"
            places = max(0 if v == int(v) else written_places(v) for v in (old, new))
            return points_between(old, new, min(2, places))
        if unit == "percent":  # 64.5% to 66.5%: "+2.0 pp", never the false precision of "+2.00 pp"
            return points_between(old, new, percent_change_places(old, new))
        return points_between(old, new)
    if unit == "level":  # to the decimals the levels print with: 2.4501% to 2.8001% is +0.3500 pp
        return points_between(old, new, level_places(old, new))
    change = known_change(old, new)
    if unit == "rate":
        return basis_points_shown(change)
    if unit == "dollars" and places:
        return signed(round(change, places), lambda v: dollars(v, cents=True))
    shown_places = SHOWN_PLACES.get(unit)
    return change_by_unit(change if shown_places is None else round(change, shown_places), unit)


def percent_change_places(old: float, new: float) -> int:
    """The decimals of a change between two stated percents (LTVs): as many as the finer of the two is written
    with, at least one and at most two (a WA LTV derived from the pools has many)."""
    return min(2, max(1, written_places(old), written_places(new)))


def relative_between(old, new, unit: str, bound: str | None = None, withins: Withins = (None, None)) -> float | None:
    """The relative change (percent) between two figures as known: 0.8662% to 1.6022% is +85.0% (the printed
    0.87% and 1.60% would give +83.9%: a small share's rounding, grown a hundredfold); from or to a figure stated
    as approximate, between the two to the decimals either gives. None where there is none: a bound (a moved limit
    is no growth), a date, or nothing to divide by."""
    if old is None or new is None or bound is not None or unit == "date":
        return None
    places = about_places(unit, *withins)
    base, moved = (v if places is None else round(v, places) for v in (old, new))
    return (moved - base) / abs(base) * 100 if base else None


def basis_points_shown(value: float | None, sign: bool = True) -> str:
    """A change between two rates (in percent), in basis points: whole where it is ("+12 bp"), else to the tenth
    ("+11.9 bp" from 5.843% to 5.962%), never rounded to a whole bp the figures do not bear out; "11.9 bp"
    without the sign."""
    if value is None:
        return MISSING

    def unsigned(v: float) -> str:
        tenths = _half_away(v * 100, 1)
        return f"{tenths:.0f} bp" if tenths == tenths.to_integral_value() else f"{tenths:.1f} bp"

    return signed(value, unsigned) if sign else unsigned(abs(value))


def basis_points(value: float | None, sign: bool = True) -> str:
    """A change in a rate, given in percent, as basis points: +12 bp (or "12 bp" without the sign).

    Rounded half away from zero, as the desk does: a 0.125% change is 13 bp, not 12.
    """
    if value is None:
        return MISSING
    unsigned = lambda v: f"{_half_away(v * 100, 0)} bp"  # noqa: E731
    return signed(value, unsigned) if sign else unsigned(abs(value))


def relative(value: float | None, places: int = 1) -> str:
    """A relative change in percent, signed: -20.4%."""
    return signed(value, lambda v: f"{v:.{places}f}%")


def _half_away(value: float, places: int) -> Decimal:
    # Through a decimal string first, so float noise (12.4999999) cannot flip the rounding.
    exact = Decimal(f"{value:.9f}")
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def change_by_unit(value: float | None, unit: str) -> str:
    """A change in its unit, signed: dollars, counts and months as such, rates in bp, shares in pp."""
    if unit == "date":
        return MISSING
    if unit == "rate":
        return basis_points(value)
    if unit in ("percent", "share"):
        return points(value)
    return signed(value, lambda v: figure(v, unit))


def percentile(value: float | None) -> str:
    """A percentile rank as the desk says it: 83rd, 100th, 0th."""
    if value is None:
        return MISSING
    whole = int(_half_away(value, 0))
    suffix = "th" if 10 <= whole % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(whole % 10, "th")
    return f"{whole}{suffix}"


CHECK_PLACES = 6  # a check's figures are printed to at most this many decimals
_EXACT_TO_THE_CENT = 0.005  # a gap between amounts no more than this is no gap: they agree to the cent
_MOST_PLACES = 12  # the most decimals a filing states a figure to (subordination levels)


def _check_number(value: float | int) -> str:
    """A check's figure as a number: whole numbers with separators, fractions as written (to 6 places)."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.{CHECK_PLACES}f}".rstrip("0").rstrip(".")  # 4e-10 is "0", never "0."


def written_places(value: float | int) -> int:
    """How many decimals a figure has as written: 619800778.37 -> 2, 1225 -> 0 (the shortest form that reads
    back as the same float, so no binary noise), at most ``_MOST_PLACES``."""
    exponent = Decimal(repr(float(value))).as_tuple().exponent
    return min(max(-exponent, 0), _MOST_PLACES) if isinstance(exponent, int) else 0


def check_places(check: Check) -> int:
    """A check's own precision: as many decimals as its figures have ($619,800,778.37 against $619,800,778:
    2; 5.843% against 5.844443%: 6). Its difference rounded to it has no float noise (-0.37, never
    -0.3700000047683716)."""
    return max(written_places(check.expected), written_places(check.actual))


def stated_places(check: Check) -> int:
    """The precision a check's figures are stated to in the reports: its own, no finer than a check's figure is
    printed (``CHECK_PLACES``) nor than the reports state a subordination level (``SUBORDINATION_PLACES``;
    the filings' 12 decimals are a rounding, not a measure). A gap that rounds to zero at it is no gap."""
    most = SUBORDINATION_PLACES if check.concerns.startswith("class:") and check.unit == "percent" else CHECK_PLACES
    return min(check_places(check), most)


def check_difference(check: Check) -> float:
    """A check's difference (found less stated) at its own precision (``check_places``)."""
    return round(check.difference, check_places(check)) + 0.0  # never -0.0


def stated_gap(value: float, check: Check) -> str:
    """A passed check's gap or tolerance at the precision its figures are stated to (``stated_places``): a
    subordination level's "0.0003 pp", never "0.000001 pp" beside levels the reports state to 4 decimals."""
    return check_gap(round(value, stated_places(check)) + 0.0, check.unit)


# The units a check's figures count (``Check.unit``): how each is written around its number. A check's
# figures keep every decimal they have (a check is about the last cent), so these are not ``figure``'s writers.
# A rate, a stated percent and a share are all percent figures; the gap between two (a tolerance, a
# difference) is in percentage points.
_CHECK_UNITS: dict[str, tuple[str, str]] = {
    "dollars": ("$", ""),
    "count": ("", " loans"),  # every count a check compares is a loan count
    "months": ("", " mo"),
    "rate": ("", "%"),
    "percent": ("", "%"),
    "share": ("", "%"),
}
_CHECK_GAPS: dict[str, tuple[str, str]] = {
    **_CHECK_UNITS,
    "rate": ("", " pp"),
    "percent": ("", " pp"),
    "share": ("", " pp"),
    "date": ("", " days"),  # a check of two dates: they are day numbers, a gap between them days
}


# The words for each in a table whose cells are bare numbers (the workbook's checks).
_CHECK_UNIT_NAMES = {
    "dollars": "dollars",
    "count": "loans",
    "months": "months",
    **dict.fromkeys(("rate", "percent", "share"), "percent (difference and tolerance in percentage points)"),
    "date": "dates (difference and tolerance in days)",
}


def check_unit(unit: str | None) -> str:
    """What a check's bare figures count, in words: "dollars", "loans"; "" when not known."""
    return _CHECK_UNIT_NAMES.get(unit or "", "")


def _with_unit(value: float | int | None, unit: str | None, units: dict[str, tuple[str, str]]) -> str:
    if value is None:
        return MISSING
    number = _check_number(abs(value))
    if unit == "dollars" and "." in number and len(number.partition(".")[2]) < 2:
        number += "0"  # dollars and cents: $1.50, never $1.5
    sign = "-" if value < 0 and number != "0" else ""
    before, after = units.get(unit or "", ("", ""))
    if after in (" loans", " days") and number == "1":
        after = after[:-1]  # "1 loan", "1 day"
    return f"{sign}{before}{number}{after}"


def check_figure(value: float | int | None, unit: str | None = None) -> str:
    """A reconciliation check's figure in its unit (``Check.unit``): "$619,800,778.37", "1,252 loans",
    "5.840068%", "357.95 mo", a date's day number as the date ("May 1, 2004"); a bare number when its unit
    is not known."""
    if unit == "date" and value is not None:
        return long_date(check_date(value))
    return _with_unit(value, unit, _CHECK_UNITS)


def check_date(value: float | int) -> date:
    """A figure of a check of dates (``Unit.DATE``: a day number, ``date.toordinal``) as the date it is."""
    return date.fromordinal(int(value))


def check_gap(value: float | int | None, unit: str | None = None) -> str:
    """How far apart a check's figures are, or may be (its tolerance), in their unit: "$1", "0 loans", and
    between two percent figures in percentage points, "0.02 pp"."""
    return _with_unit(value, unit, _CHECK_GAPS)


def check_stated(check: Check) -> str:
    """A check's stated figure as the filing states it: "$619,800,778.37", or where it (or a figure it is made
    of) is stated approximately, to the decimals given and marked, "approx. $312.4mm", never with cents."""
    return _check_side(check.expected, check.unit, check.expected_within)


def check_found(check: Check) -> str:
    """A check's figure found from others (``check_stated``): "approx. $624.9mm" where one of them is approximate."""
    return _check_side(check.actual, check.unit, check.actual_within)


def _check_side(value: float, unit: str | None, within: float | None) -> str:
    return about(value, unit, within) if within and unit in _ABOUT_UNITS else check_figure(value, unit)


def check_within(check: Check) -> str:
    """What a passed check's gap is within, as the reports say it: the allowance for figures given to less than
    the cent where it is what the check passed by ("within $1.50, the pools' balances being given in whole
    dollars"); otherwise its tolerance, "tolerance $0.02 pp"."""
    if check.allowance and abs(check.difference) > _EXACT_TO_THE_CENT:
        return check.allowance
    return f"tolerance {stated_gap(check.tolerance, check)}"


def stated_found(check: Check) -> str:
    """A check's two figures as every report writes them: "stated 2.450068%, found 2.470325%"."""
    return f"stated {check_stated(check)}, found {check_found(check)}"


def failure_texts(checks: Iterable[Check]) -> tuple[str, ...]:
    """What every report says beside a figure for each failed check about it: "does not reconcile: NAME; stated
    X, found Y". The same words from several checks (the loan count against each of seven tables) are said
    once, with how many checks said them."""
    said: dict[str, int] = {}
    for c in checks:
        text = f"does not reconcile: {c.name}; {stated_found(c)}"
        said[text] = said.get(text, 0) + 1
    return tuple(text if times == 1 else f"{text} ({times} checks)" for text, times in said.items())


def failures(checks: Iterable[Check]) -> str:
    """Failed checks as one text (the PDF's flags, a workbook comment, the csv): ``failure_texts`` joined."""
    return "; ".join(failure_texts(checks))


def figure_flag(failed: Iterable[Check], doubts: Iterable[str] = ()) -> str:
    """What the reports say beside a figure: its failed checks, then the parser's doubts; "" when none."""
    return "; ".join(filter(None, [failures(failed), *(f"doubt: {doubt}" for doubt in doubts)]))


def iso_date(value: date | None) -> str:
    return MISSING if value is None else value.isoformat()


def long_date(value: date | None) -> str:
    return MISSING if value is None else f"{value:%B} {value.day}, {value.year}"


# --- limits the filing states ---------------------------------------------------------
# A filing bounds some facts ("at least 98%", "no more than $7,749,519"); a bound is
# written as a bound, never as if it were the exact figure, and in the filing's own
# precision (98%, not 98.00%).

AT_LEAST = "\u2265"
AT_MOST = "\u2264"
NONE_STATED = "None"  # "no more than 0%": the filing says none


def stated_percent(value: float | None) -> str:
    """A percentage the filing states, as written: 98%, 64.5%, 0.125% (no padding zeros)."""
    if value is None:
        return MISSING
    return f"{value:.3f}".rstrip("0").rstrip(".") + "%"


def at_least(value: float | None, writer: Callable[[float], str] = stated_percent) -> str:
    """ "At least 98%" as ≥ 98%; at least 100% is all of it: 100%."""
    if value is None:
        return MISSING
    return writer(value) if value >= 100 else f"{AT_LEAST} {writer(value)}"


def at_most(value: float | None, writer: Callable[[float], str] = stated_percent) -> str:
    """ "No more than 6%" as ≤ 6%; no more than nothing is None."""
    if value is None:
        return MISSING
    return NONE_STATED if value == 0 else f"{AT_MOST} {writer(value)}"


def value_range(low: float | None, high: float | None, writer: Callable[[float], str]) -> str:
    """A stated range: "$54,500 - $1,000,000"; one edge alone is a bound; equal edges one value."""
    if low is None and high is None:
        return MISSING
    if high is None:
        return f"{AT_LEAST} {writer(low)}"
    if low is None:
        return f"{AT_MOST} {writer(high)}"
    return writer(low) if low == high else f"{writer(low)} - {writer(high)}"


def years(value: float) -> str:
    return f"{value:g}"


def _in_years(text: str) -> str:
    return text if text == MISSING else f"{text} years"


# How each unit writes a plain value. Rates have the filings' three decimals; a ratio
# the filing states (LTV) and a bound are written as stated; a share of balance we
# derive has two decimals.
_WRITERS: dict[str, Callable] = {
    "dollars": dollars,
    "count": lambda v: count(int(v)) if float(v).is_integer() else f"{v:,.1f}",  # a median: ``median`` says why
    "rate": rate,
    "months": months,
    "years": lambda v: _in_years(years(v)),
    "percent": stated_percent,
    "share": percent,
    "level": subordination,
    "date": long_date,
}


# --- figures the filing states as approximate ---------------------------------------
# "approximately 358 months", "$619.8 million": written with the decimals the filing gives and marked, never
# padded to the unit's own decimals ("358.00 mo" claims a precision the filing does not give).

# Before an approximate figure: "approx. 358 mo", "approx. $619.8mm", "approx. 0.87%". In words, not a sign: an email's
# subject carries it, and a subject in plain ASCII reads back as written in every mail client.
ABOUT = "approx."
_MILLIONS_FROM = -5  # an amount stated to $100,000 or coarser is written in millions, as the filing writes it


def places_within(within: float) -> int:
    """The decimals a figure is stated to, from how far its rounding may have put it (``Provenance.approximate_
    within``, half a unit of its last written digit): 0.5 -> 0 ("358"), 0.005 -> 2 ("0.87"), 50,000 -> -5
    ("$619.8 million"). A count's exact units (within 0) are whole."""
    return round(-math.log10(2 * within)) if within > 0 else 0


def about(value: float, unit: str, within: float) -> str:
    """A figure the filing states as approximate, to the decimals it gives, marked: "approx. 358 mo", "approx. $619.8mm"."""
    places = places_within(within)
    if unit == "dollars":
        written = _about_dollars(value, places)
    elif unit in ("rate", "percent", "share"):
        written = percent(value, max(places, 0))
    elif unit == "months":
        written = f"{value:.{max(places, 0)}f} mo"
    elif unit == "count":
        written = count(int(round(value, min(places, 0))))
    else:
        written = _WRITERS[unit](value)
    return f"{ABOUT} {written}"


def _about_dollars(value: float, places: int) -> str:
    """An approximate amount: in millions where it is stated to $100,000 or coarser, or is a million or more in
    whole $100,000s ("$1.0 million" stated within half a percent, $5,000, is "approx. $1.0mm" as "$4.9 million" is
    "approx. $4.9mm", never "approx. $1,000,000" beside it); to the million at the coarsest ("approx. $1,000mm");
    else in dollars, to its rounding ("approx. $493,641,000")."""
    if places <= _MILLIONS_FROM:
        return millions(value, max(places + 6, 0))
    if abs(value) >= 1e6 and abs(value - round(value, _MILLIONS_FROM)) < 0.5:
        return millions(value, _MILLIONS_FROM + 6)
    return dollars(round(value, min(places, 0)))


def about_places(unit: str, *withins: float | None) -> int | None:
    """The decimals a change between figures prints with where either is approximate: the fewest either side
    gives, never more than the unit's own; None where neither is approximate."""
    stated = [places_within(w) for w in withins if w is not None]
    if not stated or unit not in _ABOUT_UNITS:
        return None
    own = SHOWN_PLACES.get(unit)
    return min(*stated, *([own] if own is not None else []))


Withins = tuple[float | None, float | None]  # how near each side of a change is stated (None: exactly)


def about_between(old: float, new: float, unit: str, withins: Withins, sign: bool = True) -> str | None:
    """The change between two figures where either is stated as approximate: between the two as printed, to the
    fewer decimals either gives, marked ("approx. 0 mo" from 357.95 mo to approx. 358 mo, never "+0.05 mo"); "approx. 2 mo" without
    the sign. None where neither is approximate, or the change is no figure's (a bound, a date)."""
    places = about_places(unit, *withins)
    if places is None:
        return None
    change = round(new, places) - round(old, places)
    text = signed(change, _CHANGE_WRITERS[unit](places)) if sign else _CHANGE_WRITERS[unit](places)(abs(change))
    return f"{ABOUT} {text}"


# How a change of each unit is written to ``places`` decimals of its figures (a rate's in bp, a share's in pp).
_CHANGE_WRITERS: dict[str, Callable[[int], Callable[[float], str]]] = {
    "dollars": lambda p: (lambda v: millions(v, p + 6)) if p <= _MILLIONS_FROM else dollars,
    "count": lambda p: lambda v: count(int(round(v))),
    "rate": lambda p: lambda v: f"{v * 100:.{max(p - 2, 0)}f} bp",
    "percent": lambda p: lambda v: f"{v:.{max(p, 0)}f} pp",
    "share": lambda p: lambda v: f"{v:.{max(p, 0)}f} pp",
    "months": lambda p: lambda v: f"{v:.{max(p, 0)}f} mo",
}


Within = float | None | tuple[float | None, float | None]  # how near a figure is stated; a range's: each end's


def figure(value, unit: str, bound: str | None = None, within: Within = None, places: int | None = None) -> str:
    """Any figure a report shows, by its unit (``model.units.Unit``) and bound: the one writer.

    ``value`` is a number, a date, or a (low, high) range; ``bound`` is "at_least" or
    "no_more_than" when the filing states a limit rather than a value; ``within``: the figure is stated as
    approximate, that near (``Provenance.approximate_within``), and is written as ``about`` writes it, a bound
    too ("no more than approximately 80%" is "≤ approx. 80%"); of a range, a (low, high) pair, one for each end.
    ``places``: a rate the filing writes with other than three decimals, written so ("5.50%", never "5.500%"); dollars
    it states to the cent (``cents_places``), written with them.
    """
    if value is None:
        return MISSING
    if places is not None and unit == "rate" and bound is None and within is None:
        return rate(value, places)
    if places is not None and unit == "dollars" and bound is None and within is None:
        return dollars(value, cents=places > 0)
    if isinstance(value, tuple):
        return _range(value, unit, bound, within if isinstance(within, tuple) else (within, within))
    if isinstance(within, tuple):
        raise TypeError("a pair of withins is a range's")
    if within is not None and isinstance(value, int | float) and unit in _ABOUT_UNITS:
        if bound is None:
            return about(float(value), unit, within)
        writer: Callable[[float], str] = lambda v: about(v, unit, within)  # noqa: E731
        return _bounded(value, unit, bound, writer)
    if bound is not None:
        writer = _bounded_writer(value, unit)  # of the figure as computed: 2.7952% loosened to 2.80% is no stated 2.8%
        return _bounded(loosened(value, unit, bound), unit, bound, writer)
    return _WRITERS[unit](value)


def amount(value: float | None, cents: bool, within: float | None = None) -> str:
    """A stated amount as the filing writes it: with its cents where it has them ("$6,170,000.00"), to the dollar
    where not; one stated only to a coarser unit (a table of classes "in thousands", within $500) to that unit,
    marked as ``about`` marks it ("approx. $6,170,000"), never with cents it was never given."""
    return figure(value, "dollars", within=within, places=2 if cents else 0)


def side_figure(metric: Any, side: str) -> str:
    """One side of a diff's figure (``model.diff.MetricChange``) as every report writes it: "None" where its filing
    says there is none (no loss limit; none of the loans), else ``figure`` with that side's bound, nearness and
    decimals."""
    if side in metric.none_said:
        return NONE_STATED
    old = side == "old"
    return figure(
        metric.old if old else metric.new,
        metric.unit,
        metric.bound_of(side),
        metric.old_within if old else metric.new_within,
        metric.old_places if old else metric.new_places,
    )


def _bounded(value: float, unit: str, bound: str, writer: Callable[[float], str]) -> str:
    """A bound with its sign. "At least 100%" is all of it and "no more than 0%" none (``at_least``, ``at_most``)
    of a share alone: an eligibility limit in dollars or years keeps its sign ("≥ $54,500", "≥ 20 years")."""
    if unit not in ("percent", "share"):
        return f"{AT_LEAST if bound == 'at_least' else AT_MOST} {writer(value)}"
    return at_least(value, writer) if bound == "at_least" else at_most(value, writer)


def _range(value: tuple, unit: str, bound: str | None, withins: Withins) -> str:
    """A (low, high) range, each end stated as near as its ``withins`` says (a shelf's lowest and highest deal)."""
    if bound is not None:  # a range of bounds ("at most 6%" to "at most 24%") keeps the sign on each end
        low, high = (figure(v, unit, bound, w) for v, w in zip(value, withins))
        return low if low == high else f"{low} to {high}"
    if unit == "years":
        return _in_years(value_range(*value, writer=years))
    if all(w is None for w in withins) or None in value:
        return value_range(*value, writer=_WRITERS[unit])
    low, high = (figure(v, unit, None, w) for v, w in zip(value, withins))
    return low if low == high else f"{low} - {high}"


_ABOUT_UNITS = ("dollars", "count", "rate", "percent", "share", "months")


def bound_number(value: float, unit: str, bound: str, within: float | None = None) -> str:
    """A bound's figure as ``figure`` writes it, without its sign: "24%" of "≤ 24%", for a sentence that names the
    bound in words ("the cap on ... rose from 6% to 24%"); stated as approximate, as ``about`` writes it."""
    if within is not None and unit in _ABOUT_UNITS:
        return about(value, unit, within)
    return _bounded_writer(value, unit)(loosened(value, unit, bound))


_BOUND_PLURALS = {"at_least": "floors", "no_more_than": "caps"}


def median(value: float | None, unit: str, bound: str | None = None, within: float | None = None) -> str:
    """A median over a shelf's deals as every report writes it. Of bounds, a median of the caps (or floors) the
    filings state, written as a bound as every bound is, and said to be of the stated bounds, as no filing states
    it: "≤ 15% (of the stated caps)" (a bare "15%" read as an exact share of the pool); of
    loan counts, the midpoint of the two middle deals' where their number is even: "1,097.5 (between two deals'
    counts)", never a count of loans; else the figure as it is written ("5.843%"). ``within``: it stands on a
    figure stated as approximate (``median_within``), and is written as near as that one: "approx. 358 mo"."""
    if value is None:
        return MISSING
    said = median_note(value, unit, bound, within)
    written = median_figure(value, unit, bound, within)
    return f"{written} ({said})" if said else written


def median_figure(value: float | None, unit: str, bound: str | None = None, within: float | None = None) -> str:
    """The figure of ``median`` without what it says beside it, for a report that sets that note under it."""
    if value is None:
        return MISSING
    return figure(value, unit, bound, within)  # of bounds with its sign: a median cap bounds, as each cap does


def median_note(value: float, unit: str, bound: str | None = None, within: float | None = None) -> str | None:
    """What ``median`` says beside a median that is no deal's figure of its kind: "of the stated caps", "between
    two deals' counts"; None beside any other. A midpoint written as near as an approximate count is whole."""
    if bound is not None:
        return f"of the stated {_BOUND_PLURALS[bound]}"
    if unit == "count" and not float(value).is_integer() and within is None:
        return "between two deals' counts"
    return None


def median_within(values: Sequence[float], withins: Sequence[float | None]) -> float | None:
    """How near the median of ``values`` is where it stands on a figure stated as approximate (each value's
    ``withins``): the middle deal's, or of the two middle deals the coarser; None where they are stated exactly."""
    ordered = sorted(values)
    middle = {ordered[(len(ordered) - 1) // 2], ordered[len(ordered) // 2]}
    withins_of = [value_within(value, values, withins) for value in middle]
    stated = [w for w in withins_of if w is not None]
    return max(stated) if stated else None


def value_within(value: float, values: Sequence[float], withins: Sequence[float | None]) -> float | None:
    """How near ``value``, one of ``values`` (a shelf's deals' figures), is stated: as near as the most exact
    deal stating it (any deal stating it exactly makes it exact); None where none is approximate."""
    found = [w for v, w in zip(values, withins) if v == value]
    return None if not found or None in found else min(w for w in found if w is not None)


def is_computed_share(value: float, unit: str) -> bool:
    """A share of balance termsheet computes (many decimals, the largest zip code's), not one the filing states."""
    return unit == "share" and round(value, 1) != round(value, 6)


def _bounded_writer(value: float, unit: str) -> Callable[[float], str]:
    """A limit the filing states reads as stated ("98%", "64.5%"); a computed one (a share of balance
    with many decimals, such as the largest zip code's) with the two decimals of every computed share."""
    if unit not in ("percent", "share"):
        return _WRITERS[unit]
    return percent if is_computed_share(value, unit) else stated_percent


def loosened(value: float, unit: str, bound: str) -> float:
    """A limit termsheet computes, rounded to the two decimals a report prints away from what it bounds:
    no more than 1.2503% is "≤ 1.26%" (rounded to 1.25% it would claim more than the filing does); at
    least 97.456% is "≥ 97.45%". A limit the filing states is as stated."""
    if not is_computed_share(value, unit):
        return value
    hundredths = Decimal(str(value)) * 100
    rounded = hundredths.to_integral_value(ROUND_CEILING if bound == "no_more_than" else ROUND_FLOOR)
    return float(rounded / 100)


# More runs of lines than this are said as the span they lie in: a table's rows over a page, not 48 numbers.
MOST_LINE_RUNS = 6


def lines_text(lines: Iterable[int]) -> str:
    """Where in the filing a figure stands: "line 12", "lines 64-68", "lines 3, 9-12", or for many runs "28
    lines between 315 and 362"."""
    lines = sorted(set(lines))
    if not lines:
        return "line unknown"
    if len(lines) == 1:
        return f"line {lines[0]}"
    runs: list[list[int]] = []
    for line in lines:
        if runs and line == runs[-1][-1] + 1:
            runs[-1].append(line)
        else:
            runs.append([line])
    if len(runs) > MOST_LINE_RUNS:
        return f"{len(lines)} lines between {lines[0]} and {lines[-1]}"
    return "lines " + ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
