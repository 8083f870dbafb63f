"""The filing's two dates against each other: the date of report (its cover) and the pool's cut-off date.

A pool is measured as of its cut-off date, usually the first day of the month the certificates are issued in; the
8-K describing it is dated within weeks of it: a detailed description at the closing, after the cut-off date, a
collateral term sheet a little before or after it (it may describe the pool as of a cut-off date at the start of
the coming month). Two dates further apart than that (the cut-off date a year after the date of report, or years
before it) are a misread date, or a misprinted one: a check fails, and the cut-off date is doubted beside it, in
every report. The rule: the cut-off date lies between a year before the date of report and a month after it.

An amendment (8-K/A) is dated when it corrects a figure, which may be long after the closing: for one, only a
cut-off date after the date of report is called in question.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from reporting import formatting as fmt
from reporting.model.check_kinds import DATES
from reporting.model.deal import Check, Deal, Provenance, lines_of
from reporting.model.units import Unit

# How far the cut-off date may lie from the date of report, in days: a year before it (a filing dated at the
# closing, or a term sheet, is weeks from its cut-off date; a year is far past either) and a month after it (a
# term sheet may describe the pool as of the first day of the coming month).
MOST_DAYS_BEFORE = 366
MOST_DAYS_AFTER = 31
DATES_CHECK = DATES.name
DATES_SUBJECT = "Filing dates"
# The key of the figure the check concerns: the deal's cut-off date, which its doubt is put beside.
CUT_OFF_DATE = "deal:cut_off_date"


def date_checks(deal: Deal) -> list[Check]:
    """The check of the cut-off date against the date of report, where the filing states both (none where
    either is missing: a filing cut off before its cut-off date calls for none it could not run). Its figures
    are the two dates as day numbers (``date.toordinal``, unit ``Unit.DATE``): its difference is the days
    from the date of report to the cut-off date, its tolerance the days allowed on that side."""
    report, cut_off = deal.date_of_report, deal.cut_off_date
    if report is None or cut_off is None:
        return []
    days = (cut_off - report).days
    if days < 0 and deal.amendment:
        return []  # an amendment's date says when it corrects the filing, not when the pool was delivered
    tolerance = MOST_DAYS_AFTER if days > 0 else MOST_DAYS_BEFORE
    return [
        Check(
            DATES_CHECK,
            DATES_SUBJECT,
            float(report.toordinal()),
            float(cut_off.toordinal()),
            float(tolerance),
            abs(days) <= tolerance,
            CUT_OFF_DATE,
            lines_of(deal, "date_of_report"),
            lines_of(deal, "cut_off_date"),
            unit=Unit.DATE,
            kind=DATES.key,
        )
    ]


def dates_apart(report: date, cut_off: date) -> str:
    """Why two dates the check fails cannot both be right, in words."""
    days = (cut_off - report).days
    if days > 0:
        how = f"{_span(days)} after the date of report ({fmt.long_date(report)})"
        why = "a pool is described as of a cut-off date before its filing, or at most a month after it"
    else:
        how = f"{_span(-days)} before the date of report ({fmt.long_date(report)})"
        why = "a filing is dated within weeks of its pool's cut-off date, never more than a year after it"
    return (
        f"the cut-off date ({fmt.long_date(cut_off)}) is {how}: {why}; one of the two dates is misread, or misprinted"
    )


def _span(days: int) -> str:
    """ "12 days", "1 year and 3 days": how far apart, as a reader counts it."""
    years, rest = divmod(days, 365)
    parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
    if rest or not years:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def doubt_dates(deal: Deal) -> Deal:
    """The deal with the cut-off date doubted where the check of it fails: the sentence beside the date in
    every report (``provenance`` of ``cut_off_date``), and among the deal's warnings (idempotent)."""
    failed = [c for c in deal.checks if c.name == DATES_CHECK and not c.passed]
    if not failed or deal.date_of_report is None or deal.cut_off_date is None:
        return deal
    message = dates_apart(deal.date_of_report, deal.cut_off_date)
    found = next((p for p in deal.provenance if p.field == "cut_off_date"), None)
    if found is None:
        provenance = (*deal.provenance, Provenance("cut_off_date", (), (message,)))
    elif message in found.warnings:
        provenance = deal.provenance
    else:
        updated = replace(found, warnings=(*found.warnings, message))
        provenance = tuple(updated if p is found else p for p in deal.provenance)
    warning = f"cut_off_date: {message}"
    warnings = deal.warnings if warning in deal.warnings else (*deal.warnings, warning)
    return replace(deal, provenance=provenance, warnings=warnings)
