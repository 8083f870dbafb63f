"""Loan counts stated as a list of counts ("there were 663 pool I mortgage loans, 154 pool II
mortgage loans ...") or as the pool's ("The mortgage pool will consist of approximately 1,225 mortgage loans").
"""

from __future__ import annotations

import re

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read import needed_words
from reporting.read.approximate import APPROXIMATELY, approximate
from reporting.read.approximate import said_before as approximately_said_before
from reporting.read.dates import DATE_PATTERN
from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rules import _AS_OF_OPENING, _OF_THE_WHOLE, _WEIGHTED_AVERAGE, _parts_apart
from reporting.read.narrative.values import _rx, figure
from reporting.read.number_words import NUMBER_IN_WORDS, in_figures

# A count as a sentence writes it: in figures ("1,225"), in words ("twenty-one", "one hundred twelve"), or in both
# as a lawyer writes it ("three (3)", ``_count_written``). Its figures whole: a pattern that wants a stop after the
# count read "numbered 1,225 and had ..." as 1, its comma the stop.
_COUNT = rf"(?:\d[\d,]*(?![\d,]*\d)|{NUMBER_IN_WORDS}(?:\s*\(\s*\d[\d,]*\s*\))?)"
_IN_BRACKETS = re.compile(r"\(\s*(\d[\d,]*)\s*\)")


# "As of October 1, 2004, there were 663 pool I mortgage loans, 154 pool II mortgage loans and 153 pool III
# mortgage loans, for a total of 970 mortgage loans": each count beside its own pool's loans; loans the
# sentence qualifies ("12 mortgage loans with loan-to-value ratios above 95%") are a subset's, never counted.
def _count_written(written: str) -> float | None:
    """The count ``written`` states ("1,225", "twenty-one", "three (3)"); None where it is no count: a run of digits
    no filing states, or words and figures that differ ("three (5)")."""
    if written[0].isdigit():
        return figure(written)
    count = in_figures(written.partition("(")[0])
    stated = _IN_BRACKETS.search(written)
    return None if stated and figure(stated.group(1)) != count else count


_AN_AMOUNT = rf"(?:{APPROXIMATELY}\s+)?\$\s?\d[\d,]*(?![\d,]*\d)(?:\.\d+)?(?:\s+(?:m|b)illion)?"
_AS_OF_A_DATE = rf"(?:,?\s*as\s+of\s+(?:the\s+cut-off\s+date|{DATE_PATTERN.pattern}),?)?"
_WITH_THEIR_BALANCE = (
    r"(?:with|having)\s+an?\s+(?:aggregate|total)\s+(?:(?:scheduled|outstanding|unpaid|current)\s+){0,2}"
    rf"(?:principal\s+)?balance\s+(?:outstanding\s+)?{_AS_OF_A_DATE}\s*of\s+{_AN_AMOUNT}{_AS_OF_A_DATE}\s*(?:[,;.)]|$)"
)
_THERE_WERE = _rx(rf"\bthere\s+(?:were|are|was|is|will\s+be)\s+(?:{APPROXIMATELY}\s+)?(?={_COUNT})")
_LOANS_COUNTED = _rx(
    rf"(?<![\d,.$])({_COUNT})\s+(?:(?:the\s+)?{POOL_WORD}\s+({POOL_NAME})\s+)?(?:mortgage\s+)?loans\b"
    # followed by the list's next item or its end, never by words that make the loans a subset's
    # ("in California", "made to employees", "30 days delinquent", "with ..."); "in the pool" ending its clause
    r"(?=\s*(?:[,;.)]|$|and\b|or\b|in\s+(?:all|total|the\s+aggregate|the\s+(?:\w+\s+)?pools)\b"
    r"|in\s+the\s+(?:mortgage\s+(?:loan\s+)?)?pool\s*(?:[,;.)]|$|as\s+of\b)"
    # ... or by the date they are counted at, ending the clause: "There were 1,225 mortgage loans as of May 1, 2004."
    rf"|as\s+of\s+(?:{DATE_PATTERN.pattern})\s*(?:[,;.)]|$)"
    # ... or by their balance, all of it, ending the clause: "there were 1,225 mortgage loans with an aggregate principal
    # balance of $619,800,778.37"; never a subset's after it ("... of $3,200,000 with loan-to-value ratios above 95%")
    rf"|{_WITH_THEIR_BALANCE}))"
)
_FOR_ALL = _rx(r"(?:\btotal\s+of|\baltogether)\s*$")
# "12 mortgage loans, or 1% of the mortgage pool, secured by ...": some of the loans, where no pool is named
# ("663 pool I mortgage loans, or 68% of the mortgage loans" is pool I's count, and its share)
_OR_A_SHARE = _rx(rf"\s*,\s*or\s+(?:{APPROXIMATELY}\s+)?(?:\d|{NUMBER_IN_WORDS}\s+percent)")
# "The mortgage pool will consist of approximately 1,225 mortgage loans (with an aggregate principal
# balance of ...)", as the sentence's subject: the section's loans, all of them; never "the premium loan pool",
# "the pool" (whose?), "2% of the mortgage pool consists of ...", "the remainder of the mortgage pool ...".
# The 1990s say it other ways: "the Mortgage Pool consisted of" / "is comprised of", "the Mortgage Loans consist
# of 1,225 fixed rate, first lien mortgage loans" (words of a kind every loan of the pool is, never one that picks
# some out: "12 relocation loans and 1,213 ..." is no count of the pool's); never "includes" / "contains", which
# name some of the loans ("The mortgage loans include 3 loans ... for which additional collateral was pledged")
_POOL_VERB = (
    r"(?:(?:will\s+)?consist(?:s|ed)?\s+of|(?:is|was|will\s+be)\s+(?:comprised|made\s+up)\s+of|compris(?:es|ed))"
)
_EVERY_LOANS_KIND = (
    r"(?:(?:(?:fixed|adjustable)[\s-]+rate|conventional|first[\s-]+lien|residential|one[\s-]+to[\s-]+four[\s-]+family"
    r"|single[\s-]+family|fully[\s-]+amortizing|level[\s-]+payment)\s*,?\s+){0,6}"
)
_POOL_CONSISTS = _rx(
    rf"^(?:{_AS_OF_OPENING})?the\s+(?:mortgage\s+(?:loan\s+)?pool|(?:{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?mortgage\s+loans)"
    rf"\s+{_POOL_VERB}\s+(?:{APPROXIMATELY}\s+)?(?P<count>{_COUNT})\s+{_EVERY_LOANS_KIND}(?:mortgage\s+)?loans\b"
    r"(?=\s*(?:[,;.)]|$|as\s+of\b|(?:with|having)\s+an?\s+(?:aggregate|total)\b))"
)


# "As of May 1, 2004, the 1,225 mortgage loans had a weighted average interest rate of ...": the count at the
# cut-off of the loans whose averages or balance the sentence states, the section's (or the pool's it names);
# never "The 3 mortgage loans have ...", some loans a sentence before spoke of
_COUNTED_LOANS_HAD = _rx(
    rf"^{_AS_OF_OPENING}the\s+(?:{APPROXIMATELY}\s+)?({_COUNT})\s+(?:{POOL_WORD}\s+({POOL_NAME})\s+)?"
    rf"(?:mortgage\s+)?loans\s+(?:had|have|has)\s+(?:an?\s+)?(?:{_WEIGHTED_AVERAGE}|aggregate\b)"
)


# "The mortgage loans numbered 1,252", "The pool II mortgage loans, of which 5 are ..., totaled 154": the count
# of the loans the sentence opens with, the section's ("all mortgage loans" too) or the pool's it names; never of loans it qualifies
# ("The mortgage loans in California numbered 587") nor an amount ("totaled $619,800,778.37").
_LOANS_NUMBERED = _rx(
    rf"^\s*(?:{_AS_OF_OPENING})?(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?(?:mortgage\s+)?loans"
    rf"\s*(?:,\s*)?(?:as\s+of\s+[^,]{{1,40}}?,?\s+)?(?:numbered|totall?ed)\s+(?:{APPROXIMATELY}\s+)?(?P<count>{_COUNT})"
    # ... or by what else the sentence says they had: "numbered 1,225 and had a weighted average ..."
    r"(?:\s+(?:mortgage\s+)?loans)?(?=\s*(?:[,;.)]|$|as\s+of\b|in\s+(?:all|total)\b|and\s+(?:had|have|has)\b))"
)


# "As of May 1, 2004, the mortgage loans were 1,225 in number", "The pool II mortgage loans are one hundred
# fifty-four in number": the count of the loans the sentence opens with, as ``_LOANS_NUMBERED`` reads them.
_LOANS_IN_NUMBER = _rx(
    rf"^\s*(?:{_AS_OF_OPENING})?(?:all\s+(?:of\s+)?)?(?:the\s+)?(?:{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?"
    rf"(?:mortgage\s+)?loans\s*(?:,\s*)?(?:as\s+of\s+[^,]{{1,40}}?,?\s+)?(?:were|are|was|is|will\s+be)\s+"
    rf"(?:{APPROXIMATELY}\s+)?(?P<count>{_COUNT})\s+in\s+number\b(?=\s*(?:[,;.)]|$|as\s+of\b))"
)


def _read_counts_listed(facts: ProseFacts, sentence: str) -> None:
    if consists := _POOL_CONSISTS.search(sentence):
        pool = consists.group("pool")
        _put_count(facts, sentence, consists, pool.upper() if pool else facts.context, group="count")
        return
    if counted := needed_words.search(_COUNTED_LOANS_HAD, sentence):
        _put_count(facts, sentence, counted, counted.group(2).upper() if counted.group(2) else facts.context)
        return
    # "The mortgage loans, of which 3 are ..., numbered 1,252", "Of the 1,252 mortgage loans, 3 are ...": the whole's
    whole = _parts_apart(sentence)[0]
    if counted := (
        needed_words.search(_LOANS_NUMBERED, whole)
        or needed_words.search(_LOANS_IN_NUMBER, whole)
        or _OF_THE_WHOLE.match(sentence)
    ):
        pool = counted.group("pool")
        _put_count(facts, sentence, counted, pool.upper() if pool else facts.context, group="count")
        return
    there = needed_words.search(_THERE_WERE, sentence)
    if there is None:
        return
    about = approximately_said_before(sentence, there.end())  # "there were approximately 663 ..., 154 ...": each
    pools_counted = False
    for match in _LOANS_COUNTED.finditer(sentence, there.end()):
        named = match.group(2)
        if not named and _OR_A_SHARE.match(sentence, match.end()):
            continue
        pools_counted |= bool(named)
        pool = named.upper() if named else facts.context
        # "for a total of 970 mortgage loans": the deal's after each pool's count, or in the deal's section; in a pool's
        # section, after its premium and discount loans' counts, that pool's
        if not named and (pools_counted or facts.context == WHOLE_DEAL) and _FOR_ALL.search(sentence[: match.start()]):
            pool = WHOLE_DEAL
        _put_count(facts, sentence, match, pool, about)


def _put_count(
    facts: ProseFacts, sentence: str, match: re.Match[str], pool: str, about: bool = False, group: int | str = 1
) -> None:
    """The count in ``match``'s ``group``, for ``pool``; marked approximate where the filing says so."""
    written = match.group(group)
    count = _count_written(written)
    if count is None and "(" in written:  # "three (5)": said, never a guess between them
        facts.doubt(
            ("pool", pool, "loan_count"), f"the filing writes it as {written!r}, whose words and figures differ"
        )
        return
    if count is None or count != int(count):
        return
    if about or approximately_said_before(sentence, match.start(group)):
        facts.set_pool(pool, "loan_count", approximate(int(count), match.group(group)))
    else:
        facts.set_pool(pool, "loan_count", int(count))
