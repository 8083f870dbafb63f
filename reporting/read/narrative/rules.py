"""The pool facts a sentence may state, each by its words: ``POOL_FACT_RULES``.

Balance, loan count, weighted average rate, remaining and original term, LTV, the largest zip code's
balance, the balance above 80% LTV, the primary-residence share and the latest maturity; and the words
that set part of a sentence aside (an aside in brackets, a bound, a share beside a figure, a subset).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD
from reporting.read import needed_words, summary_lines
from reporting.read.approximate import APPROXIMATELY
from reporting.read.narrative.facts import Target
from reporting.read.narrative.subjects import (
    _IN_THE_WHOLE_POOL,
    _KIND_OF_LOANS,
    _OWN_LOANS_NAMED,
    _SERIES_NAME,
    _SERIES_NUMBER,
    _SOME_OF_THEM,
    _SOME_OF_THEM_OR_BY_A_CLAUSE,
    OTHER_LOANS,
    Subject,
    _first_loans_are,
)
from reporting.read.narrative.values import _mask, _rx
from reporting.read.needed_words import may_match
from reporting.read.number_words import NUMBER_IN_WORDS

# A term to something other than maturity: "remaining term of the interest only period", "... to first
# rate adjustment", "... to reset", "... until the first roll": a hybrid loan's, never its WAM ("the
# remaining term of the fixed rate mortgage loans" is theirs, and is)
_TERM_OF_SOMETHING_ELSE = (
    r"(?:of\s+(?:the\s+)?(?:interest[\s-]+only|fixed[\s-]+rate|teaser|prepayment(?:\s+penalty)?)\s+periods?\b"
    r"|(?:to|until)\s+(?:the\s+)?(?:first\s+|next\s+)?(?:rate\s+|interest\s+)?(?:adjustment|reset|roll|change))"
)


# "weighted average", or as a summary or a list item shortens it ("W.A. mortgage rate", "WA Coupon")
_WEIGHTED_AVERAGE = rf"(?:weighted[\s-]+average\b|{summary_lines.ABBREVIATED_AVERAGE.pattern})"
# Older filings' "the weighted average of the mortgage interest rates", "... of the remaining terms": as the
# 2004 "weighted average interest rate" (never "of the loans", whose figure names no measure)
_AVERAGE_OF = rf"{_WEIGHTED_AVERAGE}(?:\s+of\s+the)?"


# The greatest or least of several averages ("Maximum WA Coupon of any Loan Group", "the lowest weighted
# average interest rate of the pools", "the maximum of the weighted average interest rates of the loan
# groups", "the loan group with the highest rate"): another figure than the loans' own weighted average
_EXTREME = r"(?:maximum|minimum|highest|lowest|largest|smallest|greatest|least|higher|lower)"
# Its clause, to the next comma, semicolon, colon or full stop (not a figure's), is set aside: the loans' own
# average, stated beside it ("was 5.843%, the highest weighted average rate of any series"), is read.
_AN_EXTREME_OF_AVERAGES = re.compile(
    rf"(?:\b{_EXTREME}\s+(?:of\s+(?:the\s+)?)?{_WEIGHTED_AVERAGE}"
    rf"|\b{_WEIGHTED_AVERAGE}[^.;]{{0,80}}?\bof\s+any\s+(?:one\s+)?(?:(?:loan|mortgage)\s+)?(?:group|pool)\b"
    rf"|\b(?:group|pool)\s+(?:with|having)\s+(?:the\s+)?{_EXTREME}\s+(?:\w+\s+){{0,3}}(?:rates?|terms?|ratios?)\b)"
    r"(?:[^,;:.]|[.,](?=\d))*",
    re.I,
)


@dataclass(frozen=True)
class PoolFactRule:
    """A fact stated per subject: trigger phrase, value kind, and where it goes."""

    name: str
    trigger: re.Pattern[str]
    kind: str
    exclude: re.Pattern[str] | None = None
    # The value comes with or after the fact's words ("was 5.843%", "later than May 1, 2034",
    # "at least 98% ... primary residence"): where a sentence holds others of its kind, the first
    # from the words on is its. Other facts' values often come first ("$7,749,519 ... zip code").
    value_follows: bool = False
    # The values come just before the fact's words ("balances of $4,912,083, $959,086 and $2,037,940
    # ... had loan-to-value ratios in excess of 80%"): the run nearest them is its, wherever else
    # the sentence runs on from (one run on with the one before it holds other dollar figures).
    value_precedes: bool = False
    # A weighted average is stated as it is, never as a bound: "none has an original term of
    # more than 360 months" beside it is a limit on the loans, not its value.
    average: bool = False
    # One value for several pools is each one's (a bound every loan meets), not theirs taken
    # together (a total, an average, a share): see ``respectively``.
    each: bool = False


# A bound or range of the loans' figures: "more than 360 months", "in excess of 95%", "at least
# 20", "ranged from 5.250% to 7.250%".
_FIGURE = r"\$?\d[\d,]*(?:\.\d+)?"
_BOUND = re.compile(
    r"\b(?:(?:no|not)\s+)?(?:(?:more|less|greater|fewer|higher|lower)\s+than|at\s+(?:least|most)|exceed(?:s|ing)?"
    rf"|in\s+excess\s+of|above|below|over|under|up\s+to)\s+{_FIGURE}"
    rf"|\b(?:from|between)\s+{_FIGURE}(?:\s*%|\s+months\b)?\s+(?:to|and)\s+{_FIGURE}",  # "from 236 months to 360"
    re.I,
)


# ... never the scale of the figure before it ("$619.8 (in millions)")
# never "(approximately)" after a figure: the figure's own word, no aside
_ASIDE = re.compile(
    rf"\((?!\s*(?:in\s+)?(?:thousands|millions|billions)\s*\))(?!\s*{APPROXIMATELY}\s*\))[^()]*\)", re.I
)


# A figure's share of a whole, in brackets beside it: "$611,102,780 (98.60%) and $8,697,998 (1.40%),
# respectively", "$335,095,817.07 (approximately 67.88% of all mortgage loans)". The loans it names are
# the whole, no subject of the sentence; it parts no list of figures; its "approximately" is the share's.
_SHARE_BESIDE = re.compile(
    rf"\(\s*(?:{APPROXIMATELY}\s+)?\d+(?:\.\d+)?\s*(?:%|percent\b)(?:\s+of\s+[^()]{{1,120}})?\s*\)", re.I
)
# The range of the loans' figures, in brackets beside their average: "were 6.132% (5.500% to 7.250%), 5.486%
# (4.875%-6.000%) and ...", "5.843% (ranging from 5.250% to 7.250%)". Set aside as the share is: it parts no
# list of averages, and none of its figures is one.
_RANGE_BESIDE = re.compile(
    rf"\(\s*(?:(?:rang(?:e|es|ed|ing)\s+)?(?:from|between)\s+)?{_FIGURE}\s*(?:%|percent\b)?"
    rf"\s*(?:to|and|through|-|\u2013)\s*{_FIGURE}\s*(?:%|percent\b)?\s*\)",
    re.I,
)
# A part of the loans and its figure, after the whole's: "$619,800,778.37, of which premium loans (as
# defined below) represent $611,102,780", "$619,800,778.37 (of which $611,102,780 are premium loans)".
# Bracketed, to its bracket; else to the clause's semicolon or the sentence's end (a list of parts,
# "$1, $2, and $3, respectively", runs on past commas), or, set between the loans and their figure,
# to the comma where the whole's clause goes on ("The mortgage loans, of which 3 are additional collateral
# loans, numbered 1,252"). Each part's brackets are skipped whole.
_THE_WHOLES_CLAUSE_GOES_ON = r",\s*(?:was|were|is|are|had|has|have|numbered|totall?ed|amounted)\b"
_OF_WHICH = re.compile(
    r"\(\s*of\s+which\b(?:[^()]|\([^()]*\))*\)"
    rf"|,\s*of\s+which\b(?:(?!{_THE_WHOLES_CLAUSE_GOES_ON})(?:[^;()]|\([^()]*\)))*",
    re.I,
)
# The whole before its part, opening the sentence: "Of the 1,252 mortgage loans, 3 are additional collateral
# loans": the count is the section's loans' (or the pool's it names), and the rest, to the clause's end, a part.
# "As of May 1, 2004, ...", "As of May 1, 1997 (the "Cut-off Date"), ..."
_AS_OF_OPENING = r"as\s+of\s+[^,]{1,40}(?:,\s*\d{4})?(?:\s*\([^()]{1,40}\))?,\s*"
_OF_THE_WHOLE = re.compile(
    rf"^\s*(?:{_AS_OF_OPENING})?of\s+the\s+(?:{APPROXIMATELY}\s+)?(?P<count>\d[\d,]*|{NUMBER_IN_WORDS})\s+"
    rf"(?:{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?(?:mortgage\s+)?loans\b"
    r"(?:\s+in\s+the\s+(?:mortgage\s+(?:loan\s+)?)?pool)?\s*,"
    rf"(?=\s*(?:{APPROXIMATELY}\s+)?(?:\d|{NUMBER_IN_WORDS}))",
    re.I,
)
_CLAUSE = re.compile(r"[^;]*")
# The facts a part has of its own as the whole does: a total, of which the part's is the part's total.
# (Not "no more than $X of the loans, of which $Y are pool I loans, in any one zip code": no limit of pool I.)
_TOTALS = ("aggregate_balance", "loan_count")


def _blanked(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with each match as spaces: as long as it, and a gap between figures, never a word."""
    if not may_match(pattern, text):
        return text
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _parts_apart(sentence: str) -> tuple[str, list[str]]:
    """The sentence without the shares and ranges beside its figures, and its parts ("of which ...") apart: the
    whole's words, each figure its subject's; and each part's clause, read for its own subjects."""
    sentence = _blanked(_blanked(sentence, _SHARE_BESIDE), _RANGE_BESIDE)
    parts = [match.group(0) for match in needed_words.finditer(_OF_WHICH, sentence)]
    whole = _blanked(sentence, _OF_WHICH)
    if opening := _OF_THE_WHOLE.match(whole):
        part = _CLAUSE.match(whole, opening.end())
        parts.insert(0, part.group(0))
        whole = whole[: part.start()] + " " * len(part.group(0)) + whole[part.end() :]
    return whole, parts


def _for_rule(rule: PoolFactRule, text: str) -> str:
    """The text a rule's values are read from: for a weighted average, without the bounds."""
    return _mask(text, _BOUND) if rule.average else text


# "in excess of 80%", "greater than 80%", "above 80%": the share of balance above 80% LTV.
_ABOVE = r"(?:in\s+excess\s+of|greater\s+than|more\s+than|above|exceeding)"
_ABOVE_80 = rf"{_ABOVE}\s+(?:{APPROXIMATELY}\s+)?80(?:\.0+)?\s*(?:%|percent\b)"  # "in excess of (approximately) 80%"
_LTV = r"loan[-\s]to[-\s]value"
_NUMBER_OF = r"(?:numbers?|no\.)\s+of\b"  # "the number of", "the No. of"
# "aggregate scheduled principal balance"; the 1990s' "aggregate Adjusted Balance"; the "(Cut-off Date) Stated
# Principal Balance", "current principal balance" of the filings after Regulation AB (2005 on): each the pool's
# balance at the cut-off date.
_AGGREGATE_BALANCE = (
    r"aggregate\s+(?:(?:scheduled|stated|outstanding|unpaid|current|remaining|cut-?\s?off\s+date)\s+)*"
    r"(?:principal\s+|adjusted\s+)+balances?"
)
_AFTER_THE_FEE = r"\b(?:after|less|minus)\s+(?:the\s+)?(?:deduct(?:ion|ing)\s+(?:of\s+)?(?:the\s+)?)?servicing\s+fee\b"
# The rate net of the servicing fee stated beside the WAC, set aside so the WAC is read: "(5.593% net of the
# servicing fee)", "The weighted average net interest rate ... was 5.593%, and the weighted average interest rate
# ... was 5.843%", "... net interest rates of the pool I ... were 5.882%, 5.236% and 5.712%, respectively, and ...";
# never "... net rate of 5.593%": "of" may be the fee's ("servicing fee of 0.25%")
NET_RATE_ASIDE = _rx(
    rf"\(\s*(?:{APPROXIMATELY}\s+)?\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b)\s*,?\s*(?:net\b|{_AFTER_THE_FEE})[^()]*\)"
    rf"|\b{_WEIGHTED_AVERAGE}\s+net\b(?:[^;,]|,(?!\s*and\b))*?\b(?:was|were|is|are)\s+(?:{APPROXIMATELY}\s+)?"
    r"\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b)(?:\s*,?\s*(?:and\s+)?\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b))*"
    r"(?:\s*,\s*respectively\b)?"
)
# The loans themselves said to total a figure: "The mortgage loans, totalling $619,800,778.37, ...", "the pool I
# mortgage loans total ...", "all mortgage loans, which aggregate ...". Only the loans named plainly ("the", "all",
# a pool's): "12 mortgage loans, totalling ..." or "the cooperative loans, totalling ..." are a part of them.
_THE_LOANS_TOTAL = (
    rf"\b(?:the|all(?:\s+of\s+the)?)\s+(?:{POOL_WORD}\s+{POOL_NAME}\s+)?(?:mortgage\s+)?loans,?\s+"
    r"(?:(?:which|that)\s+)?(?:total(?:l?ing|l?ed|s)?|aggregat(?:e|es|ed|ing))\b"
)
# Interest said to be borne at a weighted average: "bear interest at a weighted average (rate) of 5.843%".
_INTEREST_AT_AN_AVERAGE = rf"\b(?:bear|pay|accrue)(?:s|ing)?\s+interest\s+at\s+(?:an?\s+)?{_WEIGHTED_AVERAGE}"


# A range of the loans' figures and then their weighted average, the measure named once before the range: "The
# interest rates on the mortgage loans ranged from 5.250% to 7.250%, with a weighted average of 5.843%", "... and a
# weighted average of 64.5%"; of several pools, "... with weighted averages of 6.132%, 5.486% and 5.716%,
# respectively". The bounds are no average's figure (``_for_rule`` masks them); "with a weighted
# average loan-to-value ratio of" is another measure's.
def _then_their_average(measure: str) -> str:
    return (
        rf"\b{measure}(?:[^.;]|\.(?=\d)){{0,200}}?\b(?:with|and|having)\s+(?:(?:had|have|has)\s+)?"
        rf"(?:an?\s+{_WEIGHTED_AVERAGE}|weighted[\s-]+averages)\s+of\b"
    )


_RATES_THEN_THEIR_AVERAGE = _then_their_average(r"(?:mortgage|note|loan|interest)\s+rates?")
_REMAINING_TERMS_THEN_THEIR_AVERAGE = _then_their_average(r"remaining\s+terms?")
_ORIGINAL_TERMS_THEN_THEIR_AVERAGE = _then_their_average(r"original\s+terms?")
_RATIOS_THEN_THEIR_AVERAGE = _then_their_average(rf"(?:{_LTV}\s+ratios?|LTVs?\b)")


# A weighted average of months said to remain: "a weighted average of 357.95 months remaining to maturity".
_MONTHS_REMAINING = rf"{_WEIGHTED_AVERAGE}\s+of\s+(?:{APPROXIMATELY}\s+)?\d+(?:\.\d+)?\s+months\s+(?:remaining|left)\b"
# The latest maturity any loan has: "None of the mortgage loans has a scheduled maturity later than", "maturities
# no later than", "the latest scheduled maturity date", "mature on or before", "No mortgage loan matures after".
_LATEST_MATURITY = (
    r"maturit(?:y|ies)(?:\s+dates?)?\s+(?:(?:no|not)\s+)?later\s+than|maturit(?:y|ies)(?:\s+dates?)?\s+on\s+or\s+before"
    # ("the earliest and latest maturity dates ... are X and Y" names both: ``ranges._MATURITY_RANGES``)
    r"|(?<!\bearliest\sand\s)(?<!\bfirst\sand\s)latest\s+(?:(?:scheduled|stated|final)\s+)*maturity"
    r"|\bmature[sd]?\s+(?:(?:no|not)\s+later\s+than|on\s+or\s+before)"
    r"|\b(?:no|none)\b[^.;]{0,80}?\bmature[sd]?\s+(?:after|later\s+than)"
)
# Some loans, counted or not, as a sentence's subject: "Three mortgage loans", "12 of the pool I mortgage loans",
# "one mortgage loan", "some loans": a bound they meet is theirs, never every loan's ("the 1,225 mortgage loans",
# "pool 2 mortgage loans", "each of the 970 ...", a year "2004 mortgage loans" are no such count).
_A_FEW_LOANS = (
    r"(?<![$\d,.])(?<!\bthe\s)(?<!\ball\s)(?<!\bpool\s)(?<!\bgroup\s)"
    rf"\b(?:(?!(?:19|20)\d\d\b)\d{{1,3}}(?:,\d{{3}})*(?![\d,.])|{NUMBER_IN_WORDS}(?!\s+percent\b)|some"
    r"|several|certain|many|a\s+few)\s+(?:of\s+the\s+)?(?:(?!(?:ha[sdv]e?|were|was|are|is)\b)[\w-]+\s+){0,3}?"
    r"loans?\b(?![-\u2010])"
)
POOL_FACT_RULES = (
    PoolFactRule(
        "aggregate_balance",
        _rx(rf"{_AGGREGATE_BALANCE}|{_THE_LOANS_TOTAL}"),
        "money",
        # "less than" a bound of some loans' balance, never "not less than" a bound of the pool's own loans ("original
        # maturities of not less than 25 but not more than 30 years ..., the "pool I mortgage loans", have ...")
        _rx(
            rf"in\s+excess\s+of|{_ABOVE_80}|repurchase|zip\s+code|(?<!\bnot\s)(?<!\bno\s)less\s+than|initial\s+principal"
            r"|certificates"
        ),
    ),
    PoolFactRule("loan_count", _rx(rf"\b(?:total\s+)?{_NUMBER_OF}[^.]*\bloans\b"), "count", _rx(r"\bunits?\b")),
    PoolFactRule(
        "wac",
        _rx(
            # "current" and "gross" as later term sheets say them ("weighted average gross coupon"); never "net"
            rf"{_AVERAGE_OF}\s+(?:(?:current|gross)\s+)?(?:(?:mortgage|note|loan|interest)\s+)+rates?"
            rf"|{_WEIGHTED_AVERAGE}\s+(?:(?:current|gross)\s+)?coupon"
            rf"|{_INTEREST_AT_AN_AVERAGE}|{_RATES_THEN_THEIR_AVERAGE}"
        ),
        "percent",
        # the rate net of the servicing fee is no WAC (the WAC is before the fee): "(after deduction of
        # the servicing fee) ... was 5.593%", "was 5.593% after deduction of the servicing fee"; a
        # clause apart on what is passed through "at that rate less the servicing fee" leaves it the WAC;
        # the rates "before and after deduction of the servicing fee" are each in its place (``fee_rates``)
        _rx(
            rf"\bnet\b|{_AFTER_THE_FEE}(?=.*\d\s*(?:%|percent\b))|\d\s*(?:%|percent\b)\s*,?\s*{_AFTER_THE_FEE}"
            r"|\b(?:before|after)\s+and\s+(?:before|after)\s+(?:the\s+)?deduct(?:ion|ing)\b"
        ),
        value_follows=True,
        average=True,
    ),
    PoolFactRule(
        "wam_months",
        # "weighted average (stated) remaining term", "weighted average remaining months to maturity"
        _rx(
            rf"{_AVERAGE_OF}\s+(?:stated\s+)?remaining\s+(?:terms?|months)\b|{_MONTHS_REMAINING}"
            rf"|{_REMAINING_TERMS_THEN_THEIR_AVERAGE}"
        ),
        "months",
        _rx(rf"remaining\s+terms?\s+{_TERM_OF_SOMETHING_ELSE}"),
        value_follows=True,
        average=True,
    ),
    PoolFactRule(
        "wa_original_term_months",
        _rx(rf"{_AVERAGE_OF}\s+original\s+terms?|{_ORIGINAL_TERMS_THEN_THEIR_AVERAGE}"),
        "months",
        _rx(rf"original\s+terms?\s+{_TERM_OF_SOMETHING_ELSE}"),
        value_follows=True,
        average=True,
    ),
    PoolFactRule(
        "wa_ltv",
        _rx(
            rf"{_AVERAGE_OF}\s+(?:original\s+)?(?:{_LTV}|LTV\b)"
            rf"|{_RATIOS_THEN_THEIR_AVERAGE}"
        ),
        "percent",
        value_follows=True,
        average=True,
    ),
    PoolFactRule(
        "largest_zip_balance",
        _rx(r"\bzip\s+code|\bpostal\s+zone"),
        "money",
        # one loan's balance is no zip code's ("the largest loan in any zip code", "any single loan")
        _rx(r"\b(?:largest|single|average|each|one)\s+(?:(?:mortgage|home)\s+)?loan\b(?![-\u2010])"),
        value_precedes=True,
    ),
    PoolFactRule("balance_above_80_ltv", _rx(_ABOVE_80), "money", value_precedes=True),
    PoolFactRule(
        "primary_residence_min_pct",
        # "At least 98% of ...", "Not less than 98% ...", "A minimum of 98% ...", or "Of the pool I ... and all
        # mortgage loans, at least 95%, ..."
        _rx(
            r"^\s*(?:of\s+the\b.{0,300}?,\s*)?(?:at\s+least|(?:not|no)\s+less\s+than|a\s+minimum\s+of)\b"
            r".*?(?:primary\s+residence|(?<![-\w])(?<!\bnon\s)owner[-\s]occupied)"
        ),
        "percent",
        value_follows=True,
    ),
    PoolFactRule(
        "latest_maturity",
        _rx(_LATEST_MATURITY),
        "date",
        _rx(rf"^\s*(?:{_AS_OF_OPENING})?{_A_FEW_LOANS}"),  # "Three mortgage loans have maturities later than": theirs
        value_follows=True,
        each=True,
    ),
)
# Sentences about a subset of loans ("such mortgage loans", numbered list items, a sentence whose loans are
# a kind of the pool's or picked out from them: ``_first_loans_are``) would otherwise be read as facts about
# the whole pool. Loans picked out by a loan-to-value ratio above 80% are the pool's figure's own ("Mortgage
# loans having loan-to-value ratios in excess of 80% had an aggregate ... balance of $5,368,851, but no
# mortgage loans had ... in excess of 95%": its balance above 80% and its greatest ratio).
_LISTED_OR_SUCH = (
    r"^\s*(?:\d+\.|\((?:\d+|[a-j]|[ivx]+)\)|[a-j]\.)\s|\bsuch\s+(?:pool\s+\w+\s+)?(?:mortgage\s+)?loans\b"
    r"|additional\s+collateral"
)
# no pool figure of it is read: loans of a kind, of a place, a time or another series, or a clause picks out
_SUBSET = _rx(rf"{_LISTED_OR_SUCH}|{_first_loans_are(_SOME_OF_THEM_OR_BY_A_CLAUSE, unless=_ABOVE_80)}")
# Loans a clause picks out by a loan-to-value ratio above 80%: the pool's balance of them is the pool's figure
# (``balance_above_80_ltv``), their WAC, count or average ratio theirs alone.
_PICKED_OUT_ABOVE_80 = _rx(_first_loans_are(_SOME_OF_THEM_OR_BY_A_CLAUSE))
_AN_ABOVE_80 = _rx(_ABOVE_80)
ABOVE_80_RULES = ("balance_above_80_ltv",)


def of_loans_above_80(sentence: str, prose: str) -> bool:
    """Whether the sentence is about the loans above 80% (and is no other subset's: ``_SUBSET`` says that)."""
    return needed_words.search(_AN_ABOVE_80, sentence) is not None and _of_a_subset(
        sentence, prose, _PICKED_OUT_ABOVE_80
    )


# ... and no fact at all: but for a clause's (the bounds a clause picks loans out by may be the pool's in other
# words: its bounds' readers tell, ``ranges._of_a_subset``)
_ABOUT_A_SUBSET = _rx(rf"{_LISTED_OR_SUCH}|{_first_loans_are(_SOME_OF_THEM)}")
_A_SERIES = _rx(_SERIES_NAME)
_A_SERIES_NUMBER = _rx(_SERIES_NUMBER)


def _series_number(name: str) -> str:
    """ "Series 2004-3", "REMIC 2004 - 3": "2004-3"."""
    number = _A_SERIES_NUMBER.search(name)
    return re.sub(r"\s+", "", number.group(0)).upper() if number else ""


@functools.lru_cache(maxsize=4)  # asked of each sentence, of one prose
def _own_series(prose: str) -> str:
    """The series the filing is about: the first it names (its cover's "Certificates, Series 2004-3")."""
    first = _A_SERIES.search(prose)
    return _series_number(first.group(0)) if first else ""


_ABOUT_OTHER_LOANS = _rx(OTHER_LOANS)


def about_other_loans(sentence: str, prose: str) -> bool:
    """Whether the sentence is about other loans than the pool's (``OTHER_LOANS``): a servicer's portfolio,
    another series'; the filing's own series is its pool's (``_of_a_subset``)."""
    return _of_a_subset(sentence, prose, _ABOUT_OTHER_LOANS)


# A clause after a conjunction or a semicolon: "... was 5.843%, while the weighted average interest rate of
# the mortgage loans serviced by CitiMortgage was 6.412%"
_NEXT_CLAUSE = _rx(r"(?:,\s*(?:and|but|while|whereas)|;\s*(?:(?:and|but|while|whereas)\s+)?)\s*")
_LOANS = _rx(r"\bloans?\b")


def _clauses_after_the_first(sentence: str) -> Iterator[tuple[int, int, str]]:
    """Each clause after the sentence's first: where its conjunction starts, where its words start, its words
    (up to the next clause: each is looked at alone, so that a sentence of thousands is read in linear time)."""
    found = list(_NEXT_CLAUSE.finditer(sentence))
    for clause, after in zip(found, [*found[1:], None]):
        yield clause.start(), clause.end(), sentence[clause.end() : after.start() if after else len(sentence)]


def other_loans_from(sentence: str, prose: str) -> int | None:
    """Where a sentence about the pool goes on, in a clause of its own, to other loans than the pool's
    (``about_other_loans``), whose figures are no pool's, nor are those of the clauses after it: the
    clause's start, or None."""
    return next((at for at, _, clause in _clauses_after_the_first(sentence) if about_other_loans(clause, prose)), None)


# The pool's own loans, named so in a clause of their own: "all of the mortgage loans", a pool's or a rate group's
# (``_OWN_LOANS_NAMED``), or the loans "in the (mortgage) pool" ("..., and 94% of the mortgage loans in the pool were",
# ``_IN_THE_WHOLE_POOL``)
_POOLS_OWN_LOANS = _rx(rf"{_OWN_LOANS_NAMED}|\bloans\s+{_IN_THE_WHOLE_POOL}")


def _next_loans_clause(sentence: str, prose: str) -> tuple[int, bool] | None:
    """Where a sentence about other loans than the pool's goes on, in a clause of its own, to loans it does not
    say are others: the clause's words' start, and whether it names them the pool's own (``_POOLS_OWN_LOANS``)."""
    return next(
        (
            (start, _POOLS_OWN_LOANS.search(clause) is not None)
            for _, start, clause in _clauses_after_the_first(sentence)
            if _LOANS.search(clause) and not about_other_loans(clause, prose)
        ),
        None,
    )


def opens_on_other_loans(sentence: str, prose: str) -> bool:
    """Whether a sentence is about other loans than the pool's (``about_other_loans``), or its first clause is
    ("CitiMortgage's portfolio had 6.412%, while all of the mortgage loans had 5.843%": the sentence names the
    pool's own loans, but only after theirs)."""
    first = next(_NEXT_CLAUSE.finditer(sentence), None)
    return about_other_loans(sentence, prose) or (
        first is not None and about_other_loans(sentence[: first.start()], prose)
    )


def pools_loans_from(sentence: str, prose: str) -> int | None:
    """Where a sentence opening on other loans than the pool's (``opens_on_other_loans``) goes on, in a clause of
    its own, to the pool's loans, named so ("..., and 94% of the mortgage loans in the pool were ..."): the clause's
    words' start, or None."""
    found = _next_loans_clause(sentence, prose)
    return found[0] if found and found[1] else None


def unsure_loans_from(sentence: str, prose: str) -> int | None:
    """Where a sentence opening on other loans than the pool's goes on, in a clause of its own, to loans it does
    not say are others nor the pool's ("CitiMortgage's portfolio had ... 6.412%, while the mortgage loans ... had
    5.843%"): the pool's, or the same others again, which cannot be told. The clause's start, or None."""
    found = _next_loans_clause(sentence, prose)
    return found[0] if found and not found[1] else None


def _of_a_subset(sentence: str, prose: str, subset: re.Pattern[str] = _SUBSET) -> bool:
    """Whether the sentence is about a subset of the loans (``_SUBSET``, or ``_ABOUT_A_SUBSET``); loans named by
    the filing's own series ("the mortgage loans in Series 2004-3", in 2004-3's filing) are its pool's."""
    return needed_words.search(subset, _own_series_masked(sentence, prose)) is not None


@functools.lru_cache(maxsize=256)  # asked of each sentence by many rules
def _own_series_masked(sentence: str, prose: str) -> str:
    """The sentence with the filing's own series' name masked (its loans are the pool's), as long as it."""
    own = _own_series(prose)
    if not own:
        return sentence
    return _A_SERIES.sub(lambda m: "#" * len(m.group(0)) if _series_number(m.group(0)) == own else m.group(0), sentence)


# A figure whose loans are named after it, in its own clause, as some of the pool's ("..., and a weighted average
# original term of 360 months for those in California", "was 6.10% for loans originated by CitiMortgage", "of 6.10%
# among the mortgage loans secured by condominiums"): theirs, never the pool's. Never the pool's own loans named so
# ("for all of the mortgage loans", "for the pool I mortgage loans", "for the mortgage loans in the pool"); a year
# ("as of May 1, 2004 for ...") is no figure.
# (Spaces are matched possessively, "\s*+": a run of them between a figure and the next word is taken whole, never
# split between the patterns on either side, which took cubic time over a long run.)
_A_FIGURE_STATED = (
    rf"(?<![\d,.$])(?!(?:19|20)\d\d\b(?![.,]\d)(?!\s*+(?:%|percent\b|months?\b|years?\b))){_FIGURE}"
    r"(?:\s*+(?:%|percent\b|months?\b|years?\b))?"
)
_SOME_LOANS_NAMED_AFTER = (
    rf"(?:those|such)\b(?:{_SOME_OF_THEM_OR_BY_A_CLAUSE})?"
    rf"|(?:the\s+)?(?:{POOL_WORD}\s+{POOL_NAME}\s+)?(?:{_KIND_OF_LOANS}|{_SERIES_NAME})\s+(?:mortgage\s+)?loans\b"
    rf"|(?:the\s+)?(?:{POOL_WORD}\s+{POOL_NAME}\s+)?(?:mortgage\s+)?loans{_SOME_OF_THEM_OR_BY_A_CLAUSE}"
)
_A_FIGURE_OF_SOME_LOANS = _rx(
    rf"{_A_FIGURE_STATED}\s*+,?\s*+(?:respectively\s*+,?\s*+)?"
    rf"(?:for|among|on|in\s++the\s++case\s++of|with\s++respect\s++to|as\s++to)\s++(?:{_SOME_LOANS_NAMED_AFTER})"
)
# Each figure and what parts it from the next of its run ("6.10% and 6.25% for those in ..."): the run is theirs.
_A_FIGURE_IN_A_RUN = _rx(rf"{_A_FIGURE_STATED}(?:\s*+,\s*+(?:and\s++)?|\s++and\s++)")


def figures_of_some_loans(sentence: str, prose: str) -> list[tuple[int, int]]:
    """Where the sentence states a figure of some of the loans, named after it (``_A_FIGURE_OF_SOME_LOANS``): each
    from its run of figures to the words naming the loans. The filing's own series' loans are its pool's. (Each run
    is found once, and walked back from its last figure: a long run is read in linear time.)"""
    text = _own_series_masked(sentence, prose)
    run_before = {match.end(): match.start() for match in needed_words.finditer(_A_FIGURE_IN_A_RUN, text)}
    spans = []
    for match in needed_words.finditer(_A_FIGURE_OF_SOME_LOANS, text):
        start = match.start()
        while start in run_before:
            start = run_before[start]
        spans.append((start, match.end()))
    return spans


def without_figures_of_some_loans(sentence: str, prose: str) -> str:
    """The sentence with each figure of some of the loans named after it, and their words, masked: the rest the
    sentence's own (the pool's figures stated beside them in other clauses are read)."""
    letters = list(sentence)
    for start, end in figures_of_some_loans(sentence, prose):
        letters[start:end] = "#" * (end - start)
    return "".join(letters)


# A clause's bounds: a semicolon, a colon, a clause after a conjunction (``_NEXT_CLAUSE``).
_CLAUSE_BOUND = _rx(r"[;:]|,\s*(?:and|but|while|whereas)\b")


def clauses_of_some_loans(sentence: str, prose: str) -> list[tuple[int, int]]:
    """The clauses stating a figure of some of the loans named after it (``figures_of_some_loans``): each from the
    clause's start (the sentence's, or just after a bound) to its end (the next bound, or the sentence's)."""
    bounds = [match.span() for match in _CLAUSE_BOUND.finditer(sentence)]
    starts, ends = [before for before, _ in bounds], [after for _, after in bounds]
    clauses = []
    for start, end in figures_of_some_loans(sentence, prose):  # each bound found by halves: a long one stays quick
        opens = ends[at - 1] if (at := bisect.bisect_right(ends, start)) else 0
        closes = starts[at] if (at := bisect.bisect_left(starts, end)) < len(starts) else len(sentence)
        clauses.append((opens, closes))
    return list(dict.fromkeys(clauses))


# What a figure includes, in brackets beside it: "was 1,225 (including 3 additional collateral loans and 47
# cooperative loans)": some of the sentence's loans, never its subject nor its figure (masked inside its
# brackets: an aside still).
_INCLUDING = _rx(r"(?<=\()\s*including\b[^()]*(?=\))")
# A loan-to-value ratio "taking into account the loanable value of pledged additional collateral" is another
# measure than the plain ratio (which a filing may say is "without taking such collateral into account").
_COLLATERAL_MEASURE = _rx(
    r"\b(?P<without>without\s+)?taking\s+(?:into\s+account\s+(?:the\s+loanable\s+value\s+of\s+)?"
    r"(?:(?:any|such|the|pledged)\s+)*(?:additional\s+)?collateral\b"
    r"|(?:(?:any|such|the|pledged)\s+)*(?:additional\s+)?collateral\s+into\s+account\b)"
)
_PERCENT_FIGURE = _rx(r"(?<![\d,.])\d[\d,]*(?:\.\d+)?\s*(?:%|percent\b)")  # from a figure's start: linear
_GROUP_FIELDS = {"aggregate_balance": "balance", "wac": "wac", "wam_months": "wam_months"}


def _rule_target(subject: Subject, name: str) -> Target:
    if subject.group:
        return ("group", subject.pool, subject.group, _GROUP_FIELDS.get(name, name))
    return ("pool", subject.pool, name)
