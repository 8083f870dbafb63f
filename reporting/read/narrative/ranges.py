"""Bounds every loan of a pool meets: the greatest loan-to-value ratio, when the loans were originated,
their least and greatest original balance and original term; and a pool described by such bounds
("The mortgage loans that have original maturities of ..., the "pool I mortgage loans", ...").
"""

from __future__ import annotations

import re
from datetime import date

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read import needed_words, scale
from reporting.read.approximate import APPROXIMATELY, approximate, unrounded
from reporting.read.dates import DATE_PATTERN, MONTH, parse_date
from reporting.read.narrative.facts import ProseFacts, show
from reporting.read.narrative.rules import _A_FEW_LOANS, _ABOVE, _LTV
from reporting.read.narrative.subjects import _own_pool, names_every_pool, subject_runs, subjects_of
from reporting.read.narrative.values import _not_a_figure, _rx, figure, value_runs
from reporting.read.number_words import NUMBER_IN_WORDS, in_figures

# A sentence whose subject is loans the bounds describe, a share of the pool: "(Jumbo) mortgage loans(,)
# with original principal balances from ... represent approximately 20% of the mortgage loans": the bounds
# are the subset's, not the pool's. ("may grow to 125% of their original principal balances", "and
# the largest is 0.16% of the mortgage loans" say no such thing.)
_A_SUBSETS_SHARE = _rx(
    r"\bloans\s*,?\s+(?:that\s+ha(?:ve|d)|which\s+ha(?:ve|d)|having|with)\b.*?"
    r"\b(?:represent(?:s|ed|ing)?|constitut(?:e|es|ed|ing)|compris(?:e|es|ed|ing)|account(?:s|ed)?\s+for"
    r"|are|were|is|was)\s+(?:approximately\s+|about\s+)?\d+(?:\.\d+)?\s*(?:%|percent\b)\s+of\b"
)


# The loans a sentence opens with, picked out by the bounds that follow at once ("Mortgage loans with original
# principal balances from ...", "Mortgage loans that have original maturities of ...", "Mortgage loans originated
# between ..."): read to where the bounds' words begin (a comma after "loans" sets a description of them all apart).
_OPENS_WITH_LOANS_PICKED_OUT = _rx(
    r"\s*(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:[\w-]+\s+){0,3}?loans?\s+"
    r"(?:(?:that|which)\s+(?:ha(?:ve|d|s)|were|are|was|is)\s+|with\s+|having\s+)?(?:an?\s+)?"
)
# ... of which the sentence goes on to state a figure: "... had an aggregate ... balance of", "... represent 3%",
# "... numbered 12" (not "... make up the pool": the pool's own bounds in other words).
_THEIR_FIGURE = _rx(
    r"\b(?:ha(?:ve|d|s)|are|were|is|was|represent\w*|constitut\w*|compris\w*|account\w*\s+for|number(?:s|ed)?"
    r"|total\w*|amount\w*\s+to)\s+(?:an?\s+|the\s+)?(?:aggregate|total|approximately|about|\$|\d)"
)
_SOME_LOANS = _rx(_A_FEW_LOANS)


_AVERAGE_BEFORE = _rx(r"\baverage\s+(?:original\s+)?$")


def _an_average(sentence: str, bounds: int) -> bool:
    """Whether the bounds' words at ``bounds`` are an average's: "the weighted average loan-to-value ratios of the
    pools ranged from 58.2% to 70.2%", "a weighted average original term to stated maturity of 359 months"."""
    return _AVERAGE_BEFORE.search(sentence, max(0, bounds - 30), bounds) is not None


def _of_a_subset(sentence: str, bounds: int) -> bool:
    """Whether the bounds at ``bounds`` describe the loans of a subset the sentence opens with ("Jumbo
    mortgage loans, with original principal balances of ..., represent 21% of the mortgage loans"),
    not a subset a later clause describes ("..., and loans with balances over $650,000 are 22% ..."); or
    loans the bounds pick out, whose figure the sentence states ("Mortgage loans with original principal
    balances from $300,000 to $500,000 had an aggregate ..."); or some loans the clause counts ("Three
    mortgage loans had original principal balances of more than ...")."""
    subset = needed_words.search(_A_SUBSETS_SHARE, sentence)
    if subset is not None and subset.start() <= bounds:
        return True
    if _OPENS_WITH_LOANS_PICKED_OUT.fullmatch(sentence, 0, bounds) and _THEIR_FIGURE.search(sentence, bounds):
        return True
    clause = sentence.rfind(";", 0, bounds) + 1
    return _SOME_LOANS.search(sentence, clause, bounds) is not None


# An upper or lower bound's words: "not more than", "at most", "not exceeding", "did not exceed"; "at least", "a minimum
# of"
_NO_MORE_THAN = (
    r"(?:(?:not|no)\s+(?:more|greater|longer)\s+than|at\s+most|not\s+(?:exceeding|in\s+excess\s+of)"
    r"|(?:did|do|does)\s+not\s+exceed)"
)
_NO_LESS_THAN = r"(?:at\s+least|(?:not|no)\s+(?:less|shorter)\s+than|a\s+minimum\s+of)"
_SMALLEST = r"(?:smallest|lowest|minimum|least)"
_LARGEST = r"(?:largest|highest|maximum|greatest)"
# "no mortgage loans had ... in excess of 95%", perhaps with an exception set off by commas or brackets,
# or not at all ("no mortgage loans, other than one pool I mortgage loan, two pool II ... and one pool III
# mortgage loan, had ..."); bounded, so that a sentence of many "no loans" stays linear.
# The loans may be placed ("no mortgage loans in the pool", "... in all pools"), never named by one pool of many
# ("no pool II mortgage loans"): the sentence's subject, read elsewhere, says whose limit it is, and a clause
# naming one pool in a sentence about every pool would give its limit to all.
_OF_A_POOL = r"(?:\s+(?:in|of)\s+(?:the\s+(?:trust|pool)|all\s+(?:the\s+)?pools))?"
# ... or named by one pool's name ("no pool II mortgage loans"): that pool's limit alone, never the others' (``pool``)
_MAX_LTV = _rx(
    rf"\b(?:no|none\s+of\s+the|not\s+(?:one|a\s+single))\s+(?:{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?"
    rf"(?:mortgage\s+)?loans?{_OF_A_POOL}"
    r"(?:\s*[,(]?\s*(?:other\s+than|except(?:\s+for)?)\s+(?P<except>[^()]{1,200}?)\s*[,)]?)?"
    # "loan-to-value ratios", "an LTV ratio", "an LTV"; "in excess of", "over"
    rf"\s+(?:ha(?:s|ve)\s+had|ha(?:d|s|ve))\s+(?:an?\s+)?(?:{_LTV}\s+ratios?|LTV(?:\s+ratios?)?)\s+"
    rf"(?:at\s+origination\s+)?(?:of\s+)?(?:{_ABOVE}|over)"
    rf"\s+(?P<about>{APPROXIMATELY}\s+)?(?P<value>\d+(?:\.\d+)?)\s*(?:%|percent\b)"
    # ... and nothing qualifies it: "in excess of 80% without primary mortgage insurance" is no limit
    r"(?=\s*(?:[.;)]|,\s*(?:and|but)\b|$))"
)


def one_pools_ltv_limit(sentence: str) -> bool:
    """Whether the sentence's one limit on the loans' LTVs names one pool's loans ("no pool II mortgage loans had an
    LTV over 90%"): read as that pool's, it says nothing of the other pools' limits."""
    found = list(_MAX_LTV.finditer(sentence))
    return len(found) == 1 and found[0].group("pool") is not None


# a summary's line: "Maximum Original LTV: 95.0%", "Highest Loan-to-Value Ratio: 95%"
_MAX_LTV_STATED = _rx(
    rf"^(?:maximum|highest)\s+(?:original\s+)?(?:{_LTV}(?:\s+ratio)?|LTV):\s*(?P<value>\d+(?:\.\d+)?)\s*%\.?$"
)
_A_RATIO = rf"(?:{_LTV}|LTV)(?:\s+ratios?)?\b"
_PERCENT = rf"(?P<about>{APPROXIMATELY}\s+)?(?P<value>\d+(?:\.\d+)?)\s*(?:%|percent\b)"
_UNQUALIFIED = r"(?=\s*(?:[.;)]|,\s*(?:and|but)\b|$))"  # "95% without primary mortgage insurance" is no limit
# The other extreme beside the greatest, in a clause stating both (``_MAX_LTV_WORDINGS``)
_OTHER_PERCENT = rf"(?:{APPROXIMATELY}\s+)?(?P<other>\d+(?:\.\d+)?)\s*(?:%|percent\b)"
_RESPECTIVELY = r"(?:\s*,\s*respectively\b)?"
# The greatest ratio in other words, of the loans the words before name (never an average's: "the highest
# weighted average loan-to-value ratio", nor a combined ratio's: the ratio's words follow the extreme's at once).
_MAX_LTV_WORDINGS = tuple(
    map(
        _rx,
        (
            # "the highest and lowest loan-to-value ratios at origination of the mortgage loans were 95% and 18%
            # (, respectively)", or the lowest first: the greatest is the figure in the extreme's place
            # (``_both_extremes_in_order``: never one smaller than the other)
            rf"\b{_LARGEST}\s+and\s+(?:the\s+)?{_SMALLEST}\s+(?:original\s+)?{_A_RATIO}[^;%$]{{0,80}}?\b(?:were|are)\s+"
            rf"{_PERCENT}\s*,?\s+and\s+{_OTHER_PERCENT}{_RESPECTIVELY}{_UNQUALIFIED}",
            rf"\b{_SMALLEST}\s+and\s+(?:the\s+)?{_LARGEST}\s+(?:original\s+)?{_A_RATIO}[^;%$]{{0,80}}?\b(?:were|are)\s+"
            rf"{_OTHER_PERCENT}\s*,?\s+and\s+{_PERCENT}{_RESPECTIVELY}{_UNQUALIFIED}",
            # "the maximum loan-to-value ratio at origination of any mortgage loan was 95%"
            rf"\b{_LARGEST}\s+(?:original\s+)?{_A_RATIO}[^;%$]{{0,80}}?\b(?:was|is|of|equall?ed)\s+{_PERCENT}{_UNQUALIFIED}",
            # "The loan-to-value ratios at origination of the mortgage loans did not exceed 95%", "... of no more
            # than 95%", "... were at most 95%", "... of 95% or less"
            rf"{_A_RATIO}[^;%$]{{0,80}}?\b(?:(?:were|was|are|is)\s+)?(?:of\s+)?{_NO_MORE_THAN}\s+{_PERCENT}{_UNQUALIFIED}",
            rf"{_A_RATIO}[^;%$]{{0,80}}?\bof\s+{_PERCENT}\s+or\s+(?:less|lower|below){_UNQUALIFIED}",
            # "The loan-to-value ratios at origination of the mortgage loans ranged from 6.9% to 95%"
            rf"{_A_RATIO}[^;%$]{{0,80}}?\b(?:rang(?:e|es|ed|ing)\s+)?(?:from\s+\d+(?:\.\d+)?\s*%?\s+(?:to|through)"
            rf"|between\s+\d+(?:\.\d+)?\s*%?\s+and)\s+{_PERCENT}{_UNQUALIFIED}",
        ),
    )
)


_A_RATIO_NAMED = _rx(_A_RATIO)


def _both_extremes_in_order(match: re.Match[str]) -> bool:
    """Whether the greatest ratio a clause states beside the least is no smaller than it (or no least is stated)."""
    other = match.groupdict().get("other")
    return other is None or (figure(other) or 0) <= (figure(match.group("value")) or 0)


def _read_max_ltv(facts: ProseFacts, sentence: str) -> None:
    # In a pool's section it is that pool's; elsewhere, or said of every pool's loans ("the mortgage loans in all
    # pools"), "no mortgage loans" are every pool's.
    pool = "*" if facts.context == WHOLE_DEAL else facts.context
    match = needed_words.search(_MAX_LTV, sentence) or needed_words.search(_MAX_LTV_STATED, sentence)
    if match and match.groupdict().get("pool"):  # "no pool II mortgage loans": pool II's limit, in any section
        named = subjects_of(match.group(0)[: match.start("value") - match.start()], facts.context)
        if len(named) != 1 or named[0].pool == WHOLE_DEAL:
            return  # the pool's name not read as one pool's: no pool's limit
        pool = named[0].pool
    elif match and pool != "*" and names_every_pool(sentence[: match.start("value")]):
        pool = "*"
    if not match and needed_words.search(_A_RATIO_NAMED, sentence):  # most sentences name no ratio: their look is quick
        match = next(
            (found for pattern in _MAX_LTV_WORDINGS if (found := needed_words.search(pattern, sentence))), None
        )
        if not match or _an_average(sentence, match.start()) or _of_a_subset(sentence, match.start()):
            return  # none, or a subset's: "Mortgage loans with loan-to-value ratios from 80% to 95% had ..."
        if not _both_extremes_in_order(match):
            return  # "the highest and lowest ... were 18% and 95%": which is which not told; said not read
        subjects = subjects_of(sentence[: match.start("value")], facts.context)
        if len(subjects) > 1:
            return  # a limit stated for several pools at once: not ours to split
        if subjects[0].pool != WHOLE_DEAL:
            pool = subjects[0].pool  # "the highest loan-to-value ratio of any pool II mortgage loan was 90%"
        else:
            pool = "*"  # in a pool's section, every pool's loans named so ("in all pools": ``_own_pool``)
    if not match:
        return
    if (value := figure(match.group("value"))) is None:
        facts.doubt(("pool", pool, "max_ltv"), _not_a_figure(match.group("value")))
        return
    if match.groupdict().get("about"):  # "in excess of approximately 95%"
        value = approximate(value, f"{match.group('value')}%")
    if match.groupdict().get("except") is not None:
        # "no mortgage loans, other than two pool II mortgage loans, had ... in excess of 95%": every
        # pool's limit but the pools it names, and the deal's; naming none, it is no pool's.
        excepted = [s.pool for run in subject_runs(match.group("except")) for s in run if s.pool]
        if not excepted or pool != "*":
            facts.warnings.append(
                f"max_ltv: a limit with an exception the parser cannot place ({match.group(0)}); not read"
            )
            return
        why = f"the filing excepts some of its loans from the {show(value)}% limit ({match.group('except')}); not read"
        for other in dict.fromkeys([*excepted, WHOLE_DEAL]):
            facts.put(("pool", other, "max_ltv"), facts.pool_facts.setdefault(other, {}), "max_ltv", None)
            facts.doubt(("pool", other, "max_ltv"), why)
    facts.put(("pool", pool, "max_ltv"), facts.pool_facts.setdefault(pool, {}), "max_ltv", value)


_DATE = DATE_PATTERN.pattern
_EARLIEST = r"(?:earliest|first)"
_LATEST = r"(?:latest|last|most\s+recent)"
_ORIGINATION_DATE = r"(?:origination\s+date|date\s+of\s+origination)"
_WAS = r"(?:was|is|of|were)"
_ORIGINATION_WINDOWS = tuple(
    map(
        _rx,
        (
            # "The earliest and latest origination dates of the mortgage loans were February 1, 2003 and May 1, 2004
            # (, respectively)", or the latest first: each date in its extreme's place; the clause ends there (never
            # a list of pairs, "..., June 1, 2003 and September 1, 2004 ..., respectively": each pool's not told)
            rf"\b{_EARLIEST}\s+and\s+(?:the\s+)?{_LATEST}\s+{_ORIGINATION_DATE}s?\b[^;]{{0,80}}?\b(?:were|are)\s+"
            rf"(?P<before>{_DATE})\s*,?\s+and\s+(?P<after>{_DATE}){_RESPECTIVELY}{_UNQUALIFIED}",
            rf"\b{_LATEST}\s+and\s+(?:the\s+)?{_EARLIEST}\s+{_ORIGINATION_DATE}s?\b[^;]{{0,80}}?\b(?:were|are)\s+"
            rf"(?P<after>{_DATE})\s*,?\s+and\s+(?P<before>{_DATE}){_RESPECTIVELY}{_UNQUALIFIED}",
            # "All of the mortgage loans were originated between February 1, 2003 and May 1, 2004", "... from
            # February 1, 2003 through May 1, 2004"
            rf"originated\s+between\s+(?P<before>{_DATE})\s+and\s+(?P<after>{_DATE})",
            rf"originated\s+(?:during\s+the\s+period\s+)?from\s+(?P<before>{_DATE})\s+(?:to|through)\s+(?P<after>{_DATE})",
            # "None ... were originated prior to February 1, 2003 or after May 1, 2004": the window ends where
            # the sentence goes on to another fact ("..., and none has a maturity later than").
            r"originated\s+(?:prior\s+to|before)\s+(?P<before>.*?)"
            r"(?:(?:\bor|,?\s+and\s+none\s+(?:were|was)\s+originated)\s+after\s+(?P<after>.*?))?"
            rf"(?:,\s+and\s(?!\s*{MONTH}\s+\d)|;|$)",  # ", and December 1, 2003, respectively" is the list's
            # "were originated on or after February 1, 2003 and on or before May 1, 2004", "no earlier than ..."
            r"originated\s+(?:on\s+or\s+after|(?:no|not)\s+earlier\s+than|not\s+(?:before|prior\s+to))"
            rf"\s+(?P<before>{_DATE})(?:,?\s+(?:and|but)\s+(?:(?:were\s+|was\s+)?originated\s+)?"
            rf"(?:on\s+or\s+before|(?:no|not)\s+later\s+than|not\s+after)\s+(?P<after>{_DATE}))?",
            # "None of the mortgage loans were originated after May 1, 2004"
            rf"\b(?:no|none)\b[^.;]{{0,80}}?\boriginated\s+(?:after|later\s+than)\s+(?P<after>{_DATE})(?P<before>(?!))?",
            # "The origination dates of the mortgage loans ranged from February 1, 2003 to May 1, 2004"
            rf"origination\s+dates?\b[^.;]{{0,80}}?\b(?:rang(?:e|es|ed|ing)\s+)?from\s+(?P<before>{_DATE})\s+(?:to|through)"
            rf"\s+(?P<after>{_DATE})",
            rf"origination\s+dates?\b[^.;]{{0,80}}?\bbetween\s+(?P<before>{_DATE})\s+and\s+(?P<after>{_DATE})",
            # "The earliest origination date of any mortgage loan was February 1, 2003 and the latest was May 1, 2004"
            rf"\b{_EARLIEST}\s+{_ORIGINATION_DATE}\b[^;]{{0,80}}?\b{_WAS}\s+(?P<before>{_DATE})"
            rf"(?:[^;]{{0,20}}?\band\s+the\s+{_LATEST}(?:\s+{_ORIGINATION_DATE})?[^;]{{0,60}}?\b{_WAS}\s+(?P<after>{_DATE}))?",
            rf"\b{_LATEST}\s+{_ORIGINATION_DATE}\b[^;]{{0,80}}?\b{_WAS}\s+(?P<after>{_DATE})"
            rf"(?:[^;]{{0,20}}?\band\s+the\s+{_EARLIEST}(?:\s+{_ORIGINATION_DATE})?[^;]{{0,60}}?\b{_WAS}\s+(?P<before>{_DATE}))?",
            # a summary's lines: "Origination Dates: from February 1, 2003 to May 1, 2004", "Earliest Origination Date: ..."
            rf"^origination\s+dates?:\s*from\s+(?P<before>{_DATE})\s+to\s+(?P<after>{_DATE})",
            rf"^earliest\s+origination\s+date:\s*(?P<before>{_DATE})(?P<after>(?!))?",
            rf"^latest\s+origination\s+date:\s*(?P<after>{_DATE})(?P<before>(?!))?",
        ),
    )
)
# An amount as a bound's words give it: "$54,500", "$54.5 thousand", or "54,500" (the words say it is money)
_AMOUNT = rf"\$?\d[\d,.]*(?:{scale.SCALE_AFTER})?"
_ORIGINAL_BALANCE = r"original\s+(?:principal\s+)?balances?\b"
_BALANCE_BOUNDS = tuple(
    map(
        _rx,
        (
            # "had an original principal balance of not less than $54,500, nor more than $1,000,000";
            # "of at least $54,500 and not more than $1,000,000"
            r"original\s+principal\s+balances?\s+of\s+(?:(?:not|no)\s+less\s+than|at\s+least)\s+(?P<before>.*?)"
            r"(?:(?:(?:\bn?or|\b(?:and|but)\s+(?:not|no))\s+more\s+than|\b(?:and|but)\s+at\s+most)\s+(?P<after>.*))?$",
            # "The original principal balances of the mortgage loans ranged from $54,500 to $1,000,000";
            # "had original principal balances ranging from ...", "of between $54,500 and $1,000,000", "between ..."
            rf"{_ORIGINAL_BALANCE}.{{0,80}}?\b(?:rang(?:e|es|ed|ing)\s+)?from\s+(?P<before>{_AMOUNT})\s+(?:to|through)\s+(?P<after>.*)$",
            rf"{_ORIGINAL_BALANCE}.{{0,80}}?\bbetween\s+(?P<before>{_AMOUNT})\s+and\s+(?P<after>.*)$",
            # "No mortgage loan had an original principal balance of less than $54,500 or more than $1,000,000"
            rf"\b(?:no|none\s+of\s+the)\s+(?:mortgage\s+)?loans?\b[^.;]{{0,80}}?{_ORIGINAL_BALANCE}\s+(?:of\s+)?"
            rf"(?:(?:less|lower|smaller)\s+than|below|under)\s+(?P<before>{_AMOUNT})(?:\s*,?\s+or\s+{_ABOVE}\s+(?P<after>{_AMOUNT}))?",
            rf"\b(?:no|none\s+of\s+the)\s+(?:mortgage\s+)?loans?\b[^.;]{{0,80}}?{_ORIGINAL_BALANCE}\s+(?:of\s+)?"
            rf"{_ABOVE}\s+(?P<after>{_AMOUNT})(?P<before>(?!))?",
            # "Each mortgage loan had an original principal balance of no more than $1,000,000", "... did not exceed"
            rf"{_ORIGINAL_BALANCE}\s+(?:of\s+)?{_NO_MORE_THAN}\s+(?P<after>{_AMOUNT})(?P<before>(?!))?",
            rf"{_ORIGINAL_BALANCE}[^.;$]{{0,80}}?\b(?:did|do|does)\s+not\s+exceed\s+(?P<after>{_AMOUNT})(?P<before>(?!))?",
            # "The smallest and largest original principal balances ... were $54,500 and $1,000,000, respectively", or
            # the largest first: each extreme its own amount (read by the extreme next to the words, the largest was
            # given the smallest's, or the smallest the largest's)
            rf"\b{_SMALLEST}\s+and\s+(?:the\s+)?{_LARGEST}\s+{_ORIGINAL_BALANCE}[^$;]{{0,80}}?\b(?:{_WAS}|are)\s+"
            rf"(?P<before>{_AMOUNT})\s*,?\s+and\s+(?P<after>{_AMOUNT})",
            rf"\b{_LARGEST}\s+and\s+(?:the\s+)?{_SMALLEST}\s+{_ORIGINAL_BALANCE}[^$;]{{0,80}}?\b(?:{_WAS}|are)\s+"
            rf"(?P<after>{_AMOUNT})\s*,?\s+and\s+(?P<before>{_AMOUNT})",
            # "The smallest original principal balance of any mortgage loan was $54,500 and the largest was $1,000,000"
            rf"\b{_SMALLEST}\s+{_ORIGINAL_BALANCE}[^$;]{{0,80}}?\b{_WAS}\s+(?P<before>{_AMOUNT})"
            rf"(?:[^$;]{{0,20}}?\band\s+the\s+{_LARGEST}\b[^$;]{{0,80}}?\b{_WAS}\s+(?P<after>{_AMOUNT}))?",
            rf"\b{_LARGEST}\s+{_ORIGINAL_BALANCE}[^$;]{{0,80}}?\b{_WAS}\s+(?P<after>{_AMOUNT})"
            rf"(?:[^$;]{{0,20}}?\band\s+the\s+{_SMALLEST}\b[^$;]{{0,80}}?\b{_WAS}\s+(?P<before>{_AMOUNT}))?",
            # a summary's lines: "Minimum Original Balance: $54,500", "Maximum Original Balance: $1,000,000"
            rf"^(?:minimum|lowest|smallest)\s+original\s+(?:principal\s+)?balance:\s*(?P<before>{_AMOUNT})"
            r"(?P<after>(?!))?",
            rf"^(?:maximum|highest|largest)\s+original\s+(?:principal\s+)?balance:\s*(?P<after>{_AMOUNT})"
            r"(?P<before>(?!))?",
        ),
    )
)


# What every date (``DATE_PATTERN``) holds: a year, or figures parted by "/", "-" or "." ("5/1/04", "1-May-04"). Where a long
# sentence holds none, no date pattern need look at it.
DATE_HINT = _rx(r"\d{4}|\d[/.-]\d|\d-[a-z]")


def _read_origination_window(facts: ProseFacts, sentence: str) -> None:
    if "originat" not in sentence.lower() or not DATE_HINT.search(sentence):
        return  # every wording names the origination: most sentences are passed over at once
    _read_pair(facts, sentence, _ORIGINATION_WINDOWS, "date", ("originated_not_before", "originated_not_after"))


# "The scheduled maturities of the mortgage loans range from June 1, 2019 to May 1, 2034", "... maturity dates
# between ... and ...", "The earliest and latest scheduled maturity dates ... are June 1, 2019 and May 1, 2034", or
# the latest first: the latest maturity in its place (the earliest is no figure the model holds)
_MATURITIES = r"(?:(?:scheduled|stated|final)\s+)*maturit(?:y|ies)(?:\s+dates?)?\b"
_MATURITY_RANGES = (
    *(
        _rx(
            rf"\bmaturit(?:y|ies)(?:\s+dates?)?\b[^.;]{{0,80}}?\b{words}\s+(?:{_DATE})\s+{between}\s+(?P<after>{_DATE})"
            r"(?P<before>(?!))?"
        )
        for words, between in ((r"(?:rang(?:e|es|ed|ing)\s+)?from", r"(?:to|through)"), (r"between", r"and"))
    ),
    _rx(
        rf"\b{_EARLIEST}\s+and\s+(?:the\s+)?{_LATEST}\s+{_MATURITIES}[^;]{{0,80}}?\b(?:were|are)\s+(?P<earliest>{_DATE})"
        rf"\s*,?\s+and\s+(?P<after>{_DATE})(?P<before>(?!))?"
    ),
    _rx(
        rf"\b{_LATEST}\s+and\s+(?:the\s+)?{_EARLIEST}\s+{_MATURITIES}[^;]{{0,80}}?\b(?:were|are)\s+(?P<after>{_DATE})"
        rf"\s*,?\s+and\s+(?P<earliest>{_DATE})(?P<before>(?!))?"
    ),
)


def _read_maturity_range(facts: ProseFacts, sentence: str) -> None:
    if "maturit" not in sentence.lower() or not DATE_HINT.search(sentence):
        return  # every wording names the maturities: most sentences are passed over at once
    match = next((found for pattern in _MATURITY_RANGES if (found := needed_words.search(pattern, sentence))), None)
    if match is None or len(DATE_PATTERN.findall(sentence, match.start())) > 2:
        return  # none, or a list of ranges ("... range from X to Y, Z to W ..., respectively"): each pool's not told
    earliest = match.groupdict().get("earliest")
    if earliest and (parse_date(earliest) or date.max) > (parse_date(match.group("after")) or date.min):
        return  # "the earliest and latest ... are May 1, 2034 and June 1, 2019": which is which not told
    _read_pair(facts, sentence, _MATURITY_RANGES, "date", ("latest_maturity", "latest_maturity"))


def _read_original_balance_range(facts: ProseFacts, sentence: str) -> None:
    if "balance" not in sentence.lower():
        return  # every wording names the balance: most sentences are passed over at once
    _read_pair(facts, sentence, _BALANCE_BOUNDS, "money", ("original_balance_min", "original_balance_max"))


def _read_pair(
    facts: ProseFacts, sentence: str, patterns: tuple[re.Pattern[str], ...], kind: str, names: tuple[str, str]
) -> None:
    """Two bounds in one clause ("not less than X nor more than Y"), by the first of ``patterns`` the
    sentence holds: its groups "before" and "after" give each subject the first value of each."""
    match = next((found for pattern in patterns if (found := needed_words.search(pattern, sentence))), None)
    if not match or _an_average(sentence, match.start()) or _of_a_subset(sentence, match.start()):
        return  # none, or the bounds of a subset: "loans with balances from ... represent 20% of the loans"
    # Whom the bounds are of: named before the first of them ("the pool II mortgage loans ranged from").
    first = min(match.start(part) for part in ("before", "after") if match.group(part) is not None)
    subjects = subjects_of(sentence[:first], facts.context)
    for part, name in zip(("before", "after"), names, strict=True):
        text = match.group(part) or ""
        # limits, never roundings; an amount without "$" is one, where the bounds' words say they are of balances
        runs = [[unrounded(value) for value in run] for run in value_runs(text, kind, money_said=kind == "money")]
        if runs:
            for subject, value in facts.pair(subjects, runs[0], name, text, lambda s, n=name: ("pool", s.pool, n)):
                facts.set_pool(subject.pool, name, value)


_A_TERM = r"(?:\s+(?:years|months))?"
# A term in figures or in words, as older filings write them: "30", "thirty".
_TERM = rf"(?:\d+|{NUMBER_IN_WORDS})"
# "original maturities of at least 20 but no more than 30 years", "original terms to stated maturity
# ranging from 20 to 30 years", "of between 240 and 360 months", "of not more than 30 years", "of 30 years".
_ORIGINAL_TERMS = _rx(
    r"original\s+(?:(?:stated\s+)?(?:maturities|terms?)(?:\s+to\s+(?:stated\s+)?maturity)?\s+"
    r"|terms?:\s+)(?:[^.;\d%$]{0,80}?\b(?=(?:rang|from|between|at|not|no|did|do)\b)|(?:of\s+)?)(?:"
    rf"{_NO_LESS_THAN}\s+(?P<min>{_TERM}){_A_TERM}\s+(?:but\s+(?:not|no)|n?or|and\s+(?:not|no))\s+more\s+than\s+(?P<max>{_TERM})"
    rf"|(?:rang(?:e|es|ed|ing)\s+)?from\s+(?P<from>{_TERM}){_A_TERM}\s+(?:to|through)\s+(?P<to>{_TERM})"
    rf"|between\s+(?P<between>{_TERM}){_A_TERM}\s+and\s+(?P<and>{_TERM})"
    rf"|{_NO_MORE_THAN}\s+(?P<most>{_TERM})"
    rf"|{_NO_LESS_THAN}\s+(?P<least>{_TERM})"
    rf"|(?P<exact>{_TERM}))\s+(?P<unit>years|months)"
)


_OPEN_BOUND = _rx(r"\s*,?\s*(?:or|and)\s+(less|fewer|under|more|over|greater)\b")
# A second term just after the one read, in the same clause: "of 20 years at least and 30 years at most" is a range
# in words the reader does not know, never a term of 20 years at both ends.
_ANOTHER_TERM = _rx(rf"[^.;\d]{{0,40}}?\b{_TERM}\s+(?:years|months)\b")
_LEAST_WORDS = ("minimum", "shortest", "least", "lowest", "smallest")
_ONE_END = _rx(r"\b(minimum|shortest|least|lowest|smallest|maximum|longest|greatest|highest|largest)\s+$")


_SHORTEST = r"(?:shortest|minimum|least|smallest)"
_LONGEST = r"(?:longest|maximum|greatest|largest)"
# "The shortest and longest original terms to maturity of the mortgage loans are 20 and 30 years, respectively", or
# the longest first: both ends in one clause, each its own term. Unread, the terms were lost with nothing said.
_BOTH_ENDS = tuple(
    _rx(
        rf"\b{first}\s+and\s+(?:the\s+)?{second}\s+original\s+(?:stated\s+)?(?:maturities|terms?)"
        r"(?:\s+to\s+(?:stated\s+)?maturity)?(?P<whose>[^.;\d%$]{0,80}?)\b(?:are|were|is|was)\s+"
        rf"(?P<{names[0]}>{_TERM})(?:\s+(?:years|months))?\s*,?\s+and\s+(?P<{names[1]}>{_TERM})\s+(?P<unit>years|months)"
    )
    for first, second, names in ((_SHORTEST, _LONGEST, ("low", "high")), (_LONGEST, _SHORTEST, ("high", "low")))
)


def _read_both_ends(facts: ProseFacts, sentence: str) -> bool:
    """Both ends of the original terms in one clause (``_BOTH_ENDS``), of the loans it names (one pool's, or the
    section's): whether the sentence said them so."""
    match = next((found for pattern in _BOTH_ENDS if (found := needed_words.search(pattern, sentence))), None)
    if match is None:
        return False
    runs = subject_runs(match.group("whose"))
    if runs and len(runs[-1]) > 1:
        return True  # both ends of several pools' terms at once: not ours to split
    pool = _own_pool(runs[-1][0].pool, facts.context, runs[-1][0].every_pool) if runs else facts.context
    per_year = 12 if match.group("unit").lower() == "months" else 1
    for name, written in (
        ("original_term_min_years", match.group("low")),
        ("original_term_max_years", match.group("high")),
    ):
        if (years := figure(written) if written[0].isdigit() else in_figures(written)) is not None:
            facts.set_pool(pool, name, years / per_year)
        else:
            facts.doubt(("pool", pool, name), _not_a_figure(written))
    return True


def _read_original_term_range(facts: ProseFacts, sentence: str) -> None:
    if _read_both_ends(facts, sentence):
        return
    match = needed_words.search(_ORIGINAL_TERMS, sentence)
    if not match or _an_average(sentence, match.start()):
        return  # "a weighted average original term to stated maturity of 359 months"
    described = needed_words.search(_DESCRIBED, sentence)
    if not described and _of_a_subset(sentence, match.start()):
        # "Mortgage loans that have original maturities of between 20 and 25 years are 3% of the mortgage
        # loans": a subset's (but "..., the "pool I mortgage loans", have ...": the pool they are)
        return
    pool = _pool_named(described) if described else None
    if pool is None:
        runs = subject_runs(sentence[: match.start()])
        if runs and len(runs[-1]) > 1:
            return  # a range stated for several pools at once: not ours to split
        last = runs[-1][0] if runs else None  # the loans just before the range
        pool = _own_pool(last.pool, facts.context, last.every_pool) if last else facts.context
    low = (
        match.group("min")
        or match.group("from")
        or match.group("between")
        or match.group("least")
        or match.group("exact")
    )
    high = match.group("max") or match.group("to") or match.group("and") or match.group("most") or match.group("exact")
    if match.group("exact") and _ANOTHER_TERM.match(sentence, match.end()):
        why = f"original terms stated in words the parser does not read ({match.group(0)} ...); not read"
        for name in ("original_term_min_years", "original_term_max_years"):
            facts.put(("pool", pool, name), facts.pool_facts.setdefault(pool, {}), name, None)
            facts.doubt(("pool", pool, name), why)
        return
    if match.group("exact") and (bound := _OPEN_BOUND.match(sentence, match.end())):
        # "of 30 years or less": a greatest term, no least; "of 15 years or more": a least, no greatest
        low, high = (None, high) if bound.group(1).lower() in ("less", "fewer", "under") else (low, None)
    elif match.group("exact") and (which := _ONE_END.search(sentence, 0, match.start())):
        # a summary's "Minimum Original Term: 240 months": the least term alone, never the greatest too
        low, high = (low, None) if which.group(1).lower() in _LEAST_WORDS else (None, high)
    per_year = 12 if match.group("unit").lower() == "months" else 1  # "at least 240 but no more than 360 months"
    for name, written in (("original_term_min_years", low), ("original_term_max_years", high)):
        if written is None:
            continue  # "of not more than 30 years": a greatest term, no least
        if (years := figure(written) if written[0].isdigit() else in_figures(written)) is not None:
            facts.set_pool(pool, name, years / per_year)
        else:
            facts.doubt(("pool", pool, name), _not_a_figure(written))


# The name a sentence gives the loans it describes: ', the "pool I mortgage loans"', '("pool I mortgage loans")' (in
# brackets, a defined term alone), or, with no quotes, set off by commas on both sides (", the pool I mortgage loans,
# have ..."): never a sentence's subject.
_NAMED_POOL = (
    rf",\s+the\s+(?:[\"\u201c]{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+(?:mortgage\s+)?loans[\"\u201d]"
    rf"|{POOL_WORD}\s+(?P<bare>{POOL_NAME})\s+(?:mortgage\s+)?loans\s*,)"
    rf"|\s*\(\s*(?:the\s+)?[\"\u201c]{POOL_WORD}\s+(?P<bracketed>{POOL_NAME})\s+(?:mortgage\s+)?loans[\"\u201d]\s*\)"
)


# The loans a sentence describes and names: "The mortgage loans that have original maturities of ...,
# the "pool I mortgage loans", have ...". Bounded (400 characters): unbounded, a sentence repeating
# "loans that" made the search quadratic.
_DESCRIBED = _rx(rf"loans\s+(?:that|which)\s+(?P<what>.{{1,400}}?)(?:{_NAMED_POOL})")


def _pool_named(described: re.Match[str]) -> str:
    return (described.group("pool") or described.group("bare") or described.group("bracketed")).upper()


def _read_pool_description(facts: ProseFacts, sentence: str) -> None:
    match = needed_words.search(_DESCRIBED, sentence)
    if match:
        pool = _pool_named(match)
        facts._note_pool(pool)
        what = re.sub(r"\s+", " ", match.group("what"))
        # a filing set all in capitals: "Loans that have original maturities ...", never "Loans that HAVE ORIGINAL"
        description = "Loans that " + (what.lower() if what.isupper() else what)
        facts.put(("description", pool), facts.descriptions, pool, description)
