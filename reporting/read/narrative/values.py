"""The values a sentence states: runs of figures of one kind, as the filing writes them.

Amounts ("$619.8 million"), percents (also in words: "ninety-eight percent"), terms in months, counts and
dates; "none" in a list as zero; a unit written once for a list; "approximately" and a scale's rounding
kept with a figure; and a number damaged so that it cannot be read exactly (``DAMAGED_NUMBER``) kept in
its place in a list as ``Damaged``, never read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from fractions import Fraction

from reporting.model.deal import POOL_NAME, POOL_WORD
from reporting.read import needed_words, scale
from reporting.read.approximate import (
    APPROXIMATELY,
    approximate,
    as_written,
    in_parts,
    is_approximate,
    measure_as_written,
    rounded,
)
from reporting.read.approximate import said_after as approximately_said_after
from reporting.read.approximate import said_before as approximately_said_before
from reporting.read.dates import DATE_PATTERN, parse_date
from reporting.read.narrative.sentences import _RESPECTIVELY
from reporting.read.narrative.subjects import _CLASS_RUN, _SERIES_NAME
from reporting.read.needed_words import may_match
from reporting.read.number_words import NUMBER_IN_WORDS, TENS, UNITS, in_figures

# Every figure a filing states (dollars, counts, percents) is far below this. A longer
# run of digits is damage: a float cannot hold it exactly, and it may even be "inf".
MAX_FIGURE = 1e15

# Values of each kind a fact can take. Dates are masked out before numbers are read.
# A share some older filings write in words: "ninety-eight percent", "one hundred percent".
_UNITS, _TENS = list(UNITS), TENS
_NUMBER_WORD = rf"(?:{'|'.join(_UNITS)}|{'|'.join(_TENS)})"
_PERCENT_IN_WORDS = (
    # a decimal is read whole, its digits one word each: "five point eight four three percent" is 5.843%
    rf"\b(?P<words>one\s+hundred|(?:{'|'.join(_TENS)})(?:[-\s]+(?:{'|'.join(_UNITS[1:10])}))?|{'|'.join(_UNITS)})"
    rf"(?:\s+point(?P<decimals>(?:\s+(?:{'|'.join(_UNITS[:10])}))+))?"
    r"\s+percent\b"
)
# Number words just before a share in words: it ends a longer run no rule reads whole ("one hundred and five
# percent", "five point eighty four percent"), and no part of the run is read ("five percent" is not 5%).
# Searched only in the few characters before the share (``_RUN_REACH``), so a long line costs no more.
_RUN_OF_NUMBER_WORDS_BEFORE = re.compile(rf"(?:\b(?:{_NUMBER_WORD}|point|hundred|thousand)(?:\s+and)?[-\s]+)+$", re.I)
_RUN_REACH = 80
# "357.95 months", "357.95 mos.", "1 mo."
_MONTHS_WORD = r"(?:months\b|mos\b\.?|mo\.)"
# A rate written as a fraction, as older filings wrote rates: "7 3/4%", "7-13/16%", "3/8%", "7\u00be%", an HTML
# page's "7 3&frasl;4%". Read as the figure it is (7.75%), never as its last digits ("4%"); a fraction no rate is
# written in ("7 3/5%") is no figure (``_fraction``). A denominator is never a figure of its own: no figure is read
# right after a slash.
_VULGAR_FRACTIONS = {
    "\u00bc": 0.25,
    "\u00bd": 0.5,
    "\u00be": 0.75,
    "\u215b": 0.125,
    "\u215c": 0.375,
    "\u215d": 0.625,
    "\u215e": 0.875,
}
# The slash of a fraction: "/", the fraction slash, or its HTML entity left as written in a plain-text filing
# ("7 3&frasl;4%"; an .htm page's is decoded on reading); after one, no figure is read (``_AFTER_A_SLASH``).
_SLASH = r"(?:[/\u2044]|&frasl;)"
_AFTER_A_SLASH = r"(?<![/\u2044])(?<!&frasl;)"
_FRACTION = (
    rf"(?:(?P<whole>\d+)(?:\s|-))?(?P<numerator>\d{{1,2}}){_SLASH}(?P<denominator>\d{{1,2}})"
    rf"|(?P<vulgar_whole>\d+)?\s?(?P<vulgar>[{''.join(_VULGAR_FRACTIONS)}])"
)
_RATE_DENOMINATORS = (2, 4, 8, 16, 32, 64)
# A count in words ("were six hundred sixty-three, one hundred fifty-four and ...", "three such mortgage loans",
# "is twenty-one;"), where it stands as a count does: at a list item's or a clause's end, or before the loans it
# counts. Never a word of other words: "any one zip code", "one-to-four family", "twenty years", "ninety-eight
# percent", "Pool One" (a pool named in words), "one of the ..." are no counts.
_COUNT_ENDS = (
    r"(?=\s*(?:[,;:.)]|$)|\s+(?:and|or|respectively|as\s+of|in\s+(?:number|all|total|the\s+aggregate))\b"
    r"|\s+(?:such\s+)?(?:#+\s+)?(?:(?:mortgage|home|residential)\s+)?loans?\b)"
)
_COUNT_IN_WORDS = rf"(?<!pool\s)(?<!group\s)(?P<count_words>{NUMBER_IN_WORDS}){_COUNT_ENDS}"
# ... and then in figures, as a lawyer writes a count: "three (3) such mortgage loans", "one thousand two hundred
# twenty-five (1,225)": one count, read once; where the words and the figures differ, no count is read, and the
# figure stands in its place as damaged (said, never a guess between them).
_COUNT_IN_BOTH = re.compile(
    rf"(?<!pool\s)(?<!group\s)(?P<words>{NUMBER_IN_WORDS})\s*\(\s*(?P<figures>\d{{1,3}}(?:,\d{{3}})+|\d+)\s*\){_COUNT_ENDS}",
    re.I,
)
_VALUE_PATTERNS = {
    "money": re.compile(scale.MONEY),  # "$619.8 million", "$7.7MM": the amount the words say, not 619.8
    # "5.843%", and a share under 1% written without its leading zero: ".6%" is 0.6%; "7 3/4%" (``_FRACTION``)
    "percent": re.compile(
        rf"(?<![\d.,$]){_AFTER_A_SLASH}(?:(\d+(?:\.\d+)?|\.\d+)|{_FRACTION})\s*(?:%|percent\b)|{_PERCENT_IN_WORDS}",
        re.I,
    ),
    # "358.20 months"; "29 years and 10 months" is 358 months, never 10; "357 3/4 months" is 357.75 (``_FRACTION``)
    "months": re.compile(
        rf"(?<![\d.,$]){_AFTER_A_SLASH}(?:(?P<years>\d{{1,2}})\s+years?\s*,?\s+(?:and\s+)?)?"
        rf"(?:(?P<months>\d+(?:\.\d+)?)|{_FRACTION})\s+{_MONTHS_WORD}",
        re.I,
    ),
    # ... never a form's number or a word's ("Form 8-K", "30-year"), nor a fraction's ("3/4"); or in words where it
    # stands as a count (``_COUNT_IN_WORDS``)
    "count": re.compile(
        rf"(?<![\d.,$-]){_AFTER_A_SLASH}(\d{{1,3}}(?:,\d{{3}})+|\d+)(?![\d]|\.\d|,\d{{3}}|{_SLASH}\d|-[A-Za-z]|\s*(?:%|percent|{_MONTHS_WORD}|years))"
        rf"|{_COUNT_IN_WORDS}",
        re.I,
    ),
    "date": DATE_PATTERN,
}
_NONE = re.compile(r"\bnone\b", re.I)
# A number written so that it cannot be read exactly as written: with an exponent ("1e400%",
# "5.8e3%"), a minus sign before a dollar amount ("-$619,800,778.37"), in accounting
# brackets ("($296,923,131)"), or with its digits grouped other than in threes: a decimal
# comma ("$619,8 million", "6,132%", "$619.800.778,37") or a slip ("$619,800,77.37",
# "$6198,000"). No filing states a figure so; reading it would give a different number
# (400%, 3%, a positive balance, $6.2 billion), so it is read as no figure, with a doubt.
_MISGROUPED = (
    r"(?<![\w.,])(?:\$\s?)?"
    r"(?:\d{1,3}(?:,\d{3})*,(?:\d{1,2}|\d{4,})(?!\d)[\d,]*(?:\.\d+)?"  # a group of other than three
    r"|\d{4,},\d[\d,]*(?:\.\d+)?"
    r"|\d[\d,]*\.\d+(?:[.,]\d+)+)%?"  # more after the decimal point
)
# An amount in words, then in figures in brackets, as a lawyer writes it ("Six Hundred Nineteen Million ... Dollars
# and Thirty-Seven Cents ($619,800,778.37)"): the figures are the amount, never an accounting bracket's negative.
_AFTER_DOLLARS_IN_WORDS = "".join(
    rf"(?<!{word}{gap})" for word in ("Dollars", "dollars", "DOLLARS", "Cents", "cents", "CENTS") for gap in ("", " ")
)
DAMAGED_NUMBER = re.compile(
    r"(?<![\w.])(?:\d[\d,]*(?:\.\d+)?[eE][-+]?\d+%?"
    r"|[-\u2212]\s?\$\s?\d[\d,]*(?:\.\d+)?"
    rf"|{_AFTER_DOLLARS_IN_WORDS}\(\s?(?:\$\s?\d[\d,]*|\d{{1,3}}(?:,\d{{3}})+)(?:\.\d+)?\s?\))"
    rf"|{_MISGROUPED}"
    # a fraction no rate is written as: a numerator of three digits or more (an HTML page's "64<sup>1</sup>/2%"
    # set in a line as "641/2%"), or slashes run on ("1/2/3%"); never read as the digits after its last slash
    rf"|(?<![\w.])\d{{3,}}{_SLASH}\d+\s*%|(?<![\w.])\d+(?:{_SLASH}\d+){{2,}}\s*%"
)


@dataclass(frozen=True)
class Damaged:
    """A number as damaged as the filing wrote it: it takes its place in a list, and is never read."""

    text: str


# "N/A" in a list of values: the filing gives no figure for that subject ("6.132%, N/A, 5.716% and 5.962%,
# respectively"). It keeps its place in the list, as a damaged number does, and is never read as a figure;
# alone, it is no value at all (a summary line's "N/A" states nothing).
# A dash alone between a list's commas ("67.6%, --, 70.2% and 66.5%") is one too; never a dash in the words.
_NOT_GIVEN = re.compile(r"(?<![\w/])n/a(?![\w/])|(?<=,\s)(?:-{1,3}|\u2014)(?=\s*,|\s+(?:and|or)\b)", re.I)


class NotGiven(Damaged):
    """ "N/A" in a list of values."""


# What may stand between two values of one list: ", ", " and ", ", and ", or "; " as some filings
# list them ("67.6%; 58.2%; 70.2%; and 66.5%", "$611,102,780 & $8,697,998"), each value approximate in its own
# words ("approximately 6.132%, approximately 5.486% and approximately 5.716%"). Each run of spaces has one place
# to go (no "\s*\s*"), so a long gap cannot backtrack cubically.
_VALUE_GAP = re.compile(rf"^\s*(?:[,;]\s*)?(?:(?:and|or|&)\s*)?(?:{APPROXIMATELY}\s*)?$", re.I)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("$", "").strip())


def _not_a_figure(written: str) -> str:
    shown = written if len(written) <= 24 else f"{written[:20]}... ({len(written)} characters)"
    return f"the filing writes it as {shown!r}, which is not read as a figure"


def figure(text: str) -> float | None:
    """A figure the filing writes ("95", "49,364,137.76"), or None for a damaged run of digits
    no filing states (``MAX_FIGURE``): read as no value, never as a number."""
    value = _number(text)
    return value if value < MAX_FIGURE else None


def _figure(match: re.Match[str]) -> float:
    """A figure as the filing wrote it: its digits, times the scale word after them, if any; or
    a share in words."""
    if match.re.groupindex.get("words") and (words := match.group("words")):
        return _in_figures(words, match.group("decimals") or "")
    if match.re.groupindex.get("count_words") and (words := match.group("count_words")):
        return float(in_figures(words) or 0)
    if match.re.groupindex.get("months"):
        years = match.group("years")
        months = _number(months) if (months := match.group("months")) else _fraction(match)
        return months + (12 * int(years) if years else 0)
    if match.re.groupindex.get("bare"):  # an amount
        digits = match.group("digits") or match.group("bare")
        return _number(digits) * scale.factor(match.group("scale") or match.group("bare_scale"))
    if match.re.groupindex.get("denominator") and match.group(1) is None:
        return _fraction(match)
    return _number(match.group(1))


def _in_decimals(match: re.Match[str]) -> bool:
    """Whether a figure is written in digits and decimals ("5.8%"), not in words nor as a fraction ("7 3/4%")."""
    return not any(
        match.re.groupindex.get(name) and match.group(name)
        for name in ("words", "count_words", "denominator", "vulgar")
    )


def _fraction(match: re.Match[str]) -> float:
    """A rate written as a fraction ("7 3/4%" is 7.75); a fraction of a kind no rate is written in ("7 3/5%",
    "9/8%") is no figure (infinite, so read as none, never as a number)."""
    if vulgar := match.group("vulgar"):
        return float(match.group("vulgar_whole") or 0) + _VULGAR_FRACTIONS[vulgar]
    numerator, denominator = int(match.group("numerator")), int(match.group("denominator"))
    if denominator not in _RATE_DENOMINATORS or numerator >= denominator:
        return float("inf")
    return float(match.group("whole") or 0) + numerator / denominator


def _parts(match: re.Match[str]) -> int | None:
    """The parts of a unit a figure written as a fraction is in: "15/16" 16, "\u00be" 4; None for decimals."""
    if vulgar := match.group("vulgar"):
        return Fraction(_VULGAR_FRACTIONS[vulgar]).denominator
    return int(denominator) if (denominator := match.group("denominator")) else None


# A rate as a line writes it, in figures: "5.250%", "5 1/4%" (``_FRACTION``); its decimals captured.
RATE_FIGURE = rf"(?:\d+(?:\.(?P<places>\d+))?|{_FRACTION})"
RATE_WRITTEN = rf"{RATE_FIGURE}\s*(?:%|percent\b)"
_RATE_WRITTEN = re.compile(rf"(?<![\d.,$/\u2044]){RATE_WRITTEN}", re.I)


def written_rate_places(text: str) -> list[int]:
    """The decimals each rate in ``text`` is written with, in order: "5.50% and 4.75%" -> [2, 2]; a fraction's
    are those of the figure it is ("5 1/4%" is 5.25: 2), so a report writes it no coarser than the filing."""
    return [_places(match) for match in _RATE_WRITTEN.finditer(text)]


def _places(match: re.Match[str]) -> int:
    if not match.group("numerator") and not match.group("vulgar"):
        return len(match.group("places") or "")
    value = _fraction(match)
    if value == float("inf"):
        return 0
    return len(f"{value:.6f}".rstrip("0").partition(".")[2])


def _in_figures(words: str, decimals: str = "") -> float:
    """ "ninety-eight" as 98, "one hundred" as 100; with ``decimals`` ("eight four three"), its digits after the
    point: 5.843."""
    whole = in_figures(words) or 0
    digits = "".join(str(_UNITS.index(digit)) for digit in decimals.lower().split())
    return float(f"{whole}.{digits or 0}")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    if not may_match(pattern, text):  # most masks find nothing in most sentences: no pass over them
        return text
    return pattern.sub(lambda m: "#" * len(m.group(0)), text)


# "pool 1", "group 2", "loan group 3": a pool's name, never a figure.
_POOL_REFERENCE = rf"\b{POOL_WORD}\s+{POOL_NAME}\b"
# What is never a figure of another kind, masked in one pass: dates, class names, pool names, series' names
# ("Series 2004-2" is no count of 2,004, "REMIC 2003-11" no year).
# Each of them starts a word (a letter or digit after a word boundary): looked for only there, the pass takes 40% less.
_NOT_FIGURES = re.compile(
    rf"\b(?=\w)(?:{DATE_PATTERN.pattern}|{_CLASS_RUN.pattern}|{_POOL_REFERENCE}|{_SERIES_NAME})", re.I
)
_NOT_FIGURES_BUT_DATES = re.compile(rf"\b(?=\w)(?:{_CLASS_RUN.pattern}|{_POOL_REFERENCE}|{_SERIES_NAME})", re.I)


def _masked_for(text: str, kind: str) -> str:
    return _mask(text, _NOT_FIGURES_BUT_DATES if kind == "date" else _NOT_FIGURES)


def value_runs(text: str, kind: str, money_said: bool = False) -> list[list[object]]:
    """Runs of values of one kind that the sentence lists together ("$1, $2 and $3").

    A damaged number (``DAMAGED_NUMBER``) takes its place in the run as ``Damaged``, so
    the values after it stay with their subjects, and no part of it is read as a figure.
    ``money_said``: the words the caller matched before ``text`` say its figures are money
    ("original principal balance of not less than ..."), so an amount without "$" is one.
    """
    return [run for _, _, run in _value_runs_at(text, kind, money_said=money_said)]


def run_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Where each run of figures of one kind stands in ``text`` ("5.843%", "$1, $2 and $3"; a damaged figure
    too: a figure is there)."""
    return [(start, end) for start, end, _ in _value_runs_at(text, kind)]


_OF_THE = re.compile(r"\s+of\b", re.I)


def _value_runs_at(
    text: str, kind: str, nones: bool = False, money_said: bool = False
) -> list[tuple[int, int, list[object]]]:
    """``value_runs``, each with where it starts and ends in ``text``; with ``nones``, a "none"
    alone is a run too ([None])."""
    found, masked = _values_found(text, kind, money_said)
    runs: list[tuple[int, int, list[object]]] = []
    current: list[tuple[int, int, object]] = []
    said_respectively = [m.start() for m in needed_words.finditer(_RESPECTIVELY, masked)]
    for item in found:
        # "..., and none of the pool II mortgage loans ..." opens a clause: no value of the list before it;
        # "30%, 50% and none of the pool I, ... respectively" is the list's
        opens_a_clause = (
            item[2] is None
            and _OF_THE.match(masked, item[1])
            and not (said_respectively and said_respectively[-1] > item[1])
        )
        if current and (opens_a_clause or not _VALUE_GAP.match(masked[current[-1][1] : item[0]])):
            runs += _semicolon_clauses(current, masked, kind)
            current = []
        current.append(item)
    if current:
        runs += _semicolon_clauses(current, masked, kind)
    return [
        (start, end, run)
        for start, end, run in runs
        if (nones or any(v is not None for v in run)) and not all(isinstance(v, NotGiven) for v in run)
    ]


def _semicolon_clauses(
    items: list[tuple[int, int, object]], masked: str, kind: str
) -> list[tuple[int, int, list[object]]]:
    """A run of values, unless it is two values a bare semicolon parts: "was 68.5%; 12% of the
    pool III mortgage loans are ..." ends one clause and starts another. A list set with
    semicolons has three values or more, or "; and" before its last."""
    if len(items) == 2 and masked[items[0][1] : items[1][0]].strip() == ";":
        return [_finish_run(items[:1], masked, kind), _finish_run(items[1:], masked, kind)]
    return [_finish_run(items, masked, kind)]


def _part_of_a_run(masked: str, match: re.Match[str]) -> int | None:
    """Where a longer run of number words starts, when a share in words ends one; else None."""
    if not (match.re.groupindex.get("words") and match.group("words")):
        return None
    before = _RUN_OF_NUMBER_WORDS_BEFORE.search(masked, max(0, match.start() - _RUN_REACH), match.start())
    return before.start() if before else None


def _values_found(text: str, kind: str, money_said: bool = False) -> tuple[list[tuple[int, int, object]], str]:
    """Every value of one kind in ``text``, in order, as (start, end, value): a figure, a
    ``Damaged`` one, or None for "none"; and the text as masked for reading them. ``money_said``:
    see ``value_runs``."""
    masked = _masked_for(text, kind)
    found: list[tuple[int, int, object]] = []
    if kind == "count" and "(" in masked:  # before the damaged: "(1,225)" alone is an accounting bracket
        masked = _counts_in_both(masked, text, found)
    if kind != "date":
        masked = _found_and_masked(DAMAGED_NUMBER, masked, found)
    if "/" in masked or ", -" in masked or ", \u2014" in masked:  # a cheap test first: both are rare
        masked = _found_and_masked(_NOT_GIVEN, masked, found, NotGiven)
    if kind == "money":  # "$619M": a thousand or a million times the digits, which cannot be told
        masked = _found_and_masked(scale.UNSURE_SCALE, masked, found)
    for match in _VALUE_PATTERNS[kind].finditer(masked):
        raw = text[match.start() : match.end()]
        if (run := _part_of_a_run(masked, match)) is not None:
            found.append((run, match.end(), Damaged(text[run : match.end()])))
            continue
        value = (parse_date(raw) or Damaged(raw)) if kind == "date" else _figure(match)  # "June 31": no date
        if kind != "date" and not value < MAX_FIGURE:
            if kind in ("percent", "months") and match.group("denominator"):  # "7 3/5%": in its place, said
                found.append((match.start(), match.end(), Damaged(raw)))
            continue  # a damaged figure: read as no value, never as a number
        if kind == "count":
            value = int(value)
        if approximately_said_before(masked, match.start()) or approximately_said_after(text, match.end()):
            value = approximate(value, raw)
        elif kind == "money" and (match.group("scale") or match.group("bare_scale")):
            value = rounded(value, raw)
        elif kind == "money":
            value = as_written(value, raw)
        elif kind == "months" and (parts := _parts(match)):
            value = in_parts(value, parts)  # "357 15/16 months": as near as half a sixteenth
        elif kind in ("percent", "months") and _in_decimals(match):
            value = measure_as_written(value, raw)  # "WAC 5.8%": a rounding to 0.1, which a check allows for
        found.append((match.start(), match.end(), value))
    if kind == "money":
        found += _bare_amounts(masked, found, money_said)
    if kind in _UNIT_ONCE and needed_words.search(_RESPECTIVELY, masked):
        found += _sharing_the_unit(masked, text, found)
    if kind != "date":  # "none of the pool II mortgage loans later than ...": no date, and no zero either
        found += [(match.start(), match.end(), None) for match in needed_words.finditer(_NONE, masked)]
    return sorted(found, key=lambda item: item[0]), masked


def _counts_in_both(masked: str, text: str, found: list[tuple[int, int, object]]) -> str:
    """``masked`` with each count written in words and figures ("three (3)") masked, each added to ``found``."""
    letters, last = [], 0
    for match in _COUNT_IN_BOTH.finditer(masked):
        words, figures = in_figures(match.group("words")), int(match.group("figures").replace(",", ""))
        value: object = Damaged(text[match.start() : match.end()]) if words != figures else figures
        if words == figures and approximately_said_before(masked, match.start()):
            value = approximate(figures, match.group("figures"))
        found.append((match.start(), match.end(), value))
        letters += [masked[last : match.start()], "#" * (match.end() - match.start())]
        last = match.end()
    return "".join([*letters, masked[last:]]) if letters else masked


def _found_and_masked(
    pattern: re.Pattern[str], text: str, found: list[tuple[int, int, object]], as_: type[Damaged] = Damaged
) -> str:
    """``text`` with each match of ``pattern`` masked (``_mask``), each added to ``found`` as ``as_``: one pass."""
    letters = []
    last = 0
    for match in pattern.finditer(text):
        found.append((match.start(), match.end(), as_(match.group(0))))
        letters += [text[last : match.start()], "#" * (match.end() - match.start())]
        last = match.end()
    return "".join([*letters, text[last:]]) if letters else text


# An amount without "$" (``scale.BARE_AMOUNT``) is money where the words say so: a balance's words
# (``scale.MONEY_WORDS``) earlier in its clause, with no other figure, no other measure's words and no
# clause's end between, and just before it a word that leads to a figure ("of", "was", "than"); or it goes
# on a list such an amount opened ("were 611,102,780 and 8,697,998"). Never a figure of things counted
# ("a balance of 1,225 mortgage loans").
_BARE_AMOUNT = re.compile(
    rf"{scale.BARE_AMOUNT}(?!\s*(?:%|percent\b|{_MONTHS_WORD}|years?\b))"
    r"(?!\s+(?:(?!(?:of|as|and|or|in|to|at)\b)[\w-]+\s+){0,2}(?:loans?|mortgages?|properties|units|borrowers"
    r"|certificates|accounts|states)\b)",
    re.I,
)
_MONEY_WORDS = re.compile(scale.MONEY_WORDS, re.I)
_LEADS_TO_AN_AMOUNT = _rx(
    r"\b(?:of|was|were|is|are|be|been|to|from|between|than|least|most|exceed(?:s|ed|ing)?|total(?:l?ing|l?ed|s)?"
    r"|aggregat(?:e|es|ed|ing))(?:\s+(?:approximately|about))?\s*,?\s*$"
)
_NOT_THE_BALANCES = _rx(
    r"\d|;|\b(?:numbers?|count|no\.|fico|scores?|terms?|rates?|ratios?|months|years|maturit(?:y|ies)|ages?)\b"
)
_BARE_READ = "\x00"  # where an amount without "$" was read, for the list it opens
_ON_A_LIST_OF_AMOUNTS = re.compile(rf"{_BARE_READ}\s*(?:,\s*)?(?:(?:and|or|&)\s*)?$", re.I)
_MONEY_WORDS_REACH = 240  # characters: "balance outstanding (after deducting ... May 1, 2004) as of May 1, 2004 of"


def _bare_amounts(masked: str, found: list[tuple[int, int, object]], money_said: bool) -> list[tuple[int, int, object]]:
    """The amounts ``masked`` writes without "$" that are money (or each, where ``money_said``)."""
    letters = list(masked)
    for start, end, _ in found:  # an amount with "$" is no other figure in the words before one without
        letters[start:end] = "$" * (end - start)
    amounts: list[tuple[int, int, object]] = []
    for match in _BARE_AMOUNT.finditer(masked):
        if letters[match.start()] == "$":
            continue  # read already ("619,800,778.37 dollars")
        before = "".join(letters[max(0, match.start() - _MONEY_WORDS_REACH) : match.start()])
        if not (money_said or _ON_A_LIST_OF_AMOUNTS.search(before) or _said_to_be_money(before)):
            continue
        value: object = figure(match.group(0))
        if value is None:
            continue
        if approximately_said_before(masked, match.start()):
            value = approximate(value, match.group(0))
        else:
            value = as_written(value, match.group(0))
        amounts.append((match.start(), match.end(), value))
        letters[match.start() : match.end()] = _BARE_READ * (match.end() - match.start())
    return amounts


def _said_to_be_money(before: str) -> bool:
    """Whether the words before a figure make it an amount: a balance's, leading to it."""
    if not _LEADS_TO_AN_AMOUNT.search(before):
        return False
    last = max((words.end() for words in _MONEY_WORDS.finditer(before)), default=None)  # the nearest
    return last is not None and not _NOT_THE_BALANCES.search(before, last)


# A list that writes its unit once, after its last value: "were 358.20, 176.90, 358.39 and 329.60
# months, respectively", "At least 95, 88, 100 and 95%, respectively". Each bare number before the
# last is read with its unit where it is written as the last is (as many decimals), the list opens
# as a list of figures does ("were", "of", "at least": never "In 2003, 95% and 88%" nor "pools 1 and
# 2, 95% and 88%"), and the sentence says "respectively".
_UNIT_ONCE = ("percent", "months")
_BARE_NUMBER = re.compile(r"(?<![\w.,$#])\d+(?:\.\d+)?(?![\w%$#]|[.,]\d)")
_OPENS_A_LIST_OF_FIGURES = re.compile(
    r"\b(?:were|was|are|is|be|been|of|least|most|than|approximately|about|roughly)\W*$", re.I
)


# "The weighted average remaining term ... was 29.83 years": a term in years where the fact is in months;
# "15 years, and 358 months": a term in two units, whose years share no list's unit (``_sharing_the_unit``).
_IN_YEARS = _rx(r"(\d+(?:\.\d+)?)\s+years?\b")


def _sharing_the_unit(masked: str, text: str, found: list[tuple[int, int, object]]) -> list[tuple[int, int, object]]:
    """The bare numbers of each list whose last value has the unit, as values of that unit."""
    bare = list(_BARE_NUMBER.finditer(masked))
    starts = [match.start() for match in bare]
    shared: list[tuple[int, int, object]] = []
    for start, _, value in found:
        if not isinstance(value, float) or _IN_YEARS.match(text, start):
            continue
        decimals = _decimals(text[start:].split(None, 1)[0])
        at = bisect_left(starts, start) - 1
        run: list[tuple[int, int, object]] = []
        while at >= 0 and _list_gap(masked, bare[at].end(), start) and _decimals(bare[at].group(0)) == decimals:
            number = bare[at]
            item = float(number.group(0))
            if approximately_said_before(masked, number.start()):
                item = approximate(item, number.group(0))
            run.append((number.start(), number.end(), item))
            start, at = number.start(), at - 1
        if run and _OPENS_A_LIST_OF_FIGURES.search(masked, max(0, start - 30), start):
            shared += run
    return shared


def _list_gap(masked: str, end: int, start: int) -> bool:
    """Whether two values of one list stand between ``end`` and ``start``: ", ", " and "; asked only
    of a short gap, so that a long text of values is read in linear time."""
    return start - end <= _LONGEST_GAP and _VALUE_GAP.match(masked[end:start]) is not None


_LONGEST_GAP = 40


def _decimals(written: str) -> int:
    """How many decimals a figure is written with: "358.20" 2, "95%" 0."""
    digits = re.match(r"\d+(?:\.(\d+))?", written)
    return len(digits.group(1) or "") if digits else -1


class NoneCount(int):
    """ "none" in a list of counts: zero loans (``NoneShare``)."""


class NoneShare(float):
    """ "none" in a list of values: zero of a share, an amount or a count of some loans ("No more than 30%, 50%,
    none and 28%"); never an average's figure ("a weighted average LTV of 71.2%, none and 68.0%"): ``said_none``."""


def none_as_zero(kind: str) -> object:
    """ "none" in a list of values of ``kind``, as zero, marked as written so."""
    return NoneCount(0) if kind == "count" else NoneShare(0.0)


def said_none(value: object) -> bool:
    """Whether the value is "none" in a list (``none_as_zero``)."""
    return isinstance(value, NoneCount | NoneShare)


def _finish_run(items: list[tuple[int, int, object]], masked: str, kind: str) -> tuple[int, int, list[object]]:
    # "none" in a list of values means zero ("No more than 30%, 50%, none and 28%").
    values = (
        [none_as_zero(kind) if value is None else value for _, _, value in items]
        if any(v is not None for _, _, v in items)
        else [None]
    )
    if is_approximate(values[0]) and not getattr(values[0], "rounded", False):
        # "approximately $1, $2 and $3": the word is said once, for the list (never of its "none")
        values = [
            value if said_none(value) else approximate(value, masked[start:end])
            for value, (start, end, _) in zip(values, items)
        ]
    return items[0][0], items[-1][1], values


# A figure as a filing writes it ("$704,547.57", "5.468%", "358"): what a correction, in a sentence or a
# table's row, calls the old figure and the new one.
_FIGURE_WRITTEN = r"(?<![\w.,$])\$?\d(?:[\d,]*\d)?(?:\.\d+)?%?(?![\w%])"
_FIGURE_IN_TEXT = _rx(_FIGURE_WRITTEN)
