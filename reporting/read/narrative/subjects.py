"""Whom a sentence is about: the pools, premium or discount groups and classes it names.

"the pool I, pool II and pool III mortgage loans", "pools I and III mortgage loans", "all mortgage loans",
"classes A-1 through A-4": the runs of subjects a sentence enumerates, and ``respectively``, which pairs
them with the sentence's values; and loans that are only some of the pool's ("the buydown loans", "the
mortgage loans in California": ``_first_loans_are``), whose figures are no pool's; and loans that are none of
the pool's (a servicer's portfolio, another series: ``OTHER_LOANS``), whose sentences give it nothing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.model.states import STATE_CODES, TERRITORIES
from reporting.read import needed_words
from reporting.read.approximate import APPROXIMATELY
from reporting.read.dates import MONTH

# Every subject starts a word with one of the letters its words start with ("all", "pool", "loan group", "group",
# "premium", "discount", "mortgage", "loans": a word added below needs its letter here), looked for first: the scan
# passes over every other place four times faster.
_SUBJECT = re.compile(
    r"\b(?=[adglmp])"
    r"(?:\b(?P<all>all)\s+(?:of\s+)?(?:the\s+)?(?P<every>pools'\s+)?)?"  # "all pools' loans": ``_EVERY_POOLS_LOANS``
    rf"(?:\b{POOL_WORD}\s+(?P<pool>{POOL_NAME})\s+)?"
    r"(?:\b(?P<group>premium|discount)\s+)?"
    r"(?:\bmortgage\s+)?\bloans?\b",  # "any pool II mortgage loan" too
    re.I,
)
# Between two subjects of one list; like _VALUE_GAP, one place for each run of spaces. An aside after a
# subject goes with it: "the pool I mortgage loans (including 12 buydown loans), the pool II ...".
_SUBJECT_GAP = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:(?:,|and/or|and|or|&)\s*)?(?:,\s*)?(?:(?:and|or|&)\s*)?(?:of\s+)?(?:the\s+)?$", re.I
)

# Class names are written in capitals ("A", "B-1", "IA-1", "A-PO"): "class balances" names no class.
_CLASS_NAME = r"(?-i:(?:\d{1,2}-?)?[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)"  # "1-A-1", "2A-1": a group's classes too
# "classes A-1 through A-18", "class IA-1 to class IA-3": a range of classes, every one between
# ("subordinated to the class A certificates" is no range).
_CLASS_RANGE = r"\s+(?:through|thru|to)\s+"
_CLASS_RUN = re.compile(
    rf"\bclass(?:es)?\s+(?P<first>{_CLASS_NAME})\b"
    rf"(?P<rest>(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+|{_CLASS_RANGE}(?!the\s))(?:the\s+)?(?:class\s+)?{_CLASS_NAME}\b)*)",
    re.I,
)


# A series' name: "Series 2004-2", "REMIC 2003-11", "CMSI 2004-8": a deal's, never a figure; loans named by
# another series' are another deal's.
_SERIES_NUMBER = r"\d{4}\s*-\s*[0-9A-Z]{1,4}\b"  # "2004-3"
_SERIES_NAME = rf"\b(?:series|remic|cmsi)\s*,?\s+{_SERIES_NUMBER}"

# Loans a sentence is about that are some of the pool's, never all of them: a kind of loans ("the buydown
# loans", "relocation loans", "the interest only mortgage loans", "the Series 2004-2 mortgage loans"), or
# loans a place, another series or a clause picks out ("the mortgage loans in California", "... in Series
# 2004-2", "... that are relocation loans", "... with original balances over $650,000", "... other than the
# relocation loans"): the first loans it names, its subject, where it names none of its own besides. Never
# the pool's own: "the mortgage loans in the pool", "... in pool II", "... as a whole", "all of the mortgage
# loans", the premium and discount loans (their own subjects); nor loans a clause gives the pool's figures
# ("mortgage loans with an aggregate ... balance of").
_KIND_OF_LOANS = (
    r"buy[\s-]?down|relocation|co-?operative|co-?op|interest[\s-]+only|balloon|jumbo|(?:non-?)?conforming"
    r"|adjustable[\s-]+rate|ARM|hybrid|negative(?:ly)?[\s-]+amortiz\w+|graduated[\s-]+payment|employee"
    r"|delinquent|construction|condominium|condo|leasehold|second[\s-]+home|investor|investment[\s-]+property"
    r"|cash[\s-]+out|refinanc(?:e|ed|ing)|purchase(?:[\s-]+money)?|rate[\s-]+(?:and[\s-]+)?term|streamlined?"
    r"|(?:alternative|full|no|low|reduced|limited|stated)[\s-]+(?:income|documentation|doc)|alt[\s-]+a"
    r"|pledged[\s-]+asset|FHA|VA|government|seasoned|assumable|prepayment[\s-]+penalty|manufactured[\s-]+hous\w+"
    r"|(?:second|junior)[\s-]+lien|modified|remaining|other|certain|some|those"
)
_PLACE = (
    r"(?:the\s+(?:state|commonwealth)\s+of\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?"
    rf"(?:{'|'.join(re.escape(name) for name in sorted((*STATE_CODES, *TERRITORIES), key=len, reverse=True))})\b"
)
# Loans of another series: "in Series 2004-2", "underlying the REMIC 2003-11 certificates"
_ANOTHER_SERIES = rf"(?:in|of|from|included\s+in|underlying|backing)\s+(?:the\s+)?{_SERIES_NAME}"
# Loans of someone's book, not the pool's: "serviced by CitiMortgage", "originated by ...", "in CitiMortgage,
# Inc.'s servicing portfolio", "of its portfolio" (never "The mortgage loans were originated by ...": the
# pool's own, said of them). A few words between, each with one place for its spaces: linear.
_SOMEONES_BOOK = (
    r"(?:(?:sub-?|master\s+)?serviced|originated)\s+by\b"
    r"|(?:in|of|within)\s+(?:(?!(?:pool|group|and|or)\b)[\w.,&'\u2019-]+\s+){0,4}?portfolios?\b"
)
_PICKED_OUT = (
    # by a place: "in California", "located in Los Angeles", "secured by properties located in Florida"
    r"(?:secured\s+by\s+(?:mortgaged\s+)?propert(?:y|ies)\s+|originated\s+|made\s+)?(?:located\s+)?in\s+"
    rf"(?:{_PLACE}|(?<=located\sin\s)(?-i:[A-Z][a-z]+)(?<!United))"
    # by when or to whom they were made, or how they are secured or paid: "originated in 2003", "made to
    # employees", "secured by cooperative units", "30 days delinquent"
    r"|(?:originated|made)\s+(?:in|during)\s+(?:[a-z]+\s+)?\d{4}\b"
    r"|made\s+to\b|secured\s+by\s+(?:shares|cooperative|co-?op|condominium|second|junior|leasehold|manufactured)\w*"
    r"|\d+\s+(?:or\s+more\s+)?days\s+(?:or\s+more\s+)?(?:delinquent|past\s+due)\b"
    # by another series or someone's book of loans (``_ANOTHER_SERIES``, ``_SOMEONES_BOOK``)
    rf"|{_ANOTHER_SERIES}|{_SOMEONES_BOOK}"
)
# "..., other than ...": one place for each run of spaces, so that a long one cannot backtrack
_LEFT_OUT = r"\s*(?:,\s*)?(?:other\s+than|except(?:\s+for)?|excluding|not\s+including)\b"
# The whole pool (or trust) the loans are in, named after them: "(which are expected to be) included in the pool",
# "that are in the mortgage loan pool", "to be transferred to the trust", "in pool II" (a pool named is its own
# loans: ``_POOLS_AFTER_LOANS``): every one of its loans, never some of them. Only where the clause ends there (the
# sentence's stop, its verb, "as of", "on the closing date", a comma or an aside after which no other clause picks
# loans out, ``_PICKS_SOME_OUT``): "... included in the pool and secured by condominiums", "... in the pool, other
# than the buydown loans" are some of them; and one pool alone: "... in pools II and III" are some of the deal's.
_PUT_IN_A_POOL = (
    r"(?:(?:which|that)\s+(?:are|were|is|was|will\s+be|have\s+been|had\s+been)\s+)?"
    r"(?:(?:expected|intended|scheduled|anticipated|proposed)\s+)?(?:to\s+be\s+)?"
    r"(?:(?:included|contained|held|deposited)\s+in(?:to)?|(?:transferred|delivered|conveyed|sold|assigned)\s+to|in)"
)
# The whole deal's pool, named so: "the trust (fund)", "the mortgage (loan) pool" (CMSI's name for every pool's loans
# together: "all mortgage loans included in the mortgage loan pool"). Never "the pool" alone: in a pool's section, it.
_THE_DEALS_POOL = r"the\s+mortgage\s+(?:loan\s+)?pool\b(?!\s+of\b)|the\s+trust(?:\s+(?:fund|estate))?\b"
_THE_POOL_ITSELF = (
    rf"(?:the\s+)?{POOL_WORD}\s+{POOL_NAME}\b(?!\s+(?:and|or|&)\b)|the\s+pool\b(?!\s+of\b)|{_THE_DEALS_POOL}"
)
_PICKS_SOME_OUT = (
    r"(?:other\s+than|except|excluding|not\s+including|that|which|who|whose|where|with|having|secured|located"
    r"|originated|made|in|and\s+(?:that|which|with|having|secured|located|originated|made|are|were|in))\b"
)
_WHERE_A_CLAUSE_ENDS = (
    r"(?=\s*(?:[.;:)]|$|(?:was|were|is|are|had|has|have|will|numbered|total\w*|aggregat\w*)\b"
    rf"|(?:as\s+of|on\s+(?:or\s+about\s+)?(?:the\s+(?:closing|cut-?off|settlement|delivery)\s+date|{MONTH}))\b"
    rf"|[,(](?!\s*(?:{_PICKS_SOME_OUT}))))"
)
_IN_THE_WHOLE_POOL = rf"{_PUT_IN_A_POOL}\s+(?:{_THE_POOL_ITSELF}){_WHERE_A_CLAUSE_ENDS}"
# ... or by a clause: "that are ...", "which have ...", "with ...", "having ...", "originated before ..." (never
# "with an aggregate ... balance of": the loans' figure; nor the whole pool they are in, ``_IN_THE_WHOLE_POOL``). A
# clause of their own figures may be the pool's bounds in other words ("Mortgage loans with original principal
# balances of not less than ... make up the pool"): only their averages and totals are surely a subset's.
_BY_A_CLAUSE = (
    rf"(?!{_IN_THE_WHOLE_POOL})"
    r"(?:that|which|who|whose|where|with(?!\s+respect\b)|having|for\s+which)\b"
    r"(?!\s+(?:an?\s+|the\s+)?(?:aggregat\w*|weighted|total\w*|combined)\b)"
    r"|originated\s+(?:before|after|prior\s+to|since|between)\b"
)
_SOME_OF_THEM = rf"(?:\s+(?:{_PICKED_OUT})|{_LEFT_OUT})"
_SOME_OF_THEM_OR_BY_A_CLAUSE = rf"(?:\s+(?:{_PICKED_OUT}|{_BY_A_CLAUSE})|{_LEFT_OUT})"
# Loans a sentence names as its own subject: a pool's, all, a rate group's, or by the name the filing gives
# them ("The mortgage loans that have ..., the "pool I mortgage loans", have ...", "Of the mortgage loans
# which ..., the pool I mortgage loans have ...", "... on the mortgage loans with rates above 6% was 6.412%,
# and on all of the mortgage loans was 5.843%"): the sentence is theirs, whatever other loans it names.
_OWN_LOANS_NAMED = (
    rf"(?:\ball\s+(?:of\s+)?(?:the\s+)?|\b{POOL_WORD}\s+{POOL_NAME}\s+(?:(?:premium|discount)\s+)?"
    rf"|\b(?:premium|discount)\s+)(?:mortgage\s+)?loans\b(?!{_SOME_OF_THEM_OR_BY_A_CLAUSE})"
    r"|[\"\u201c][^\"\u201d]{0,40}\bloans[\"\u201d]"
)
# The loans a sentence first names (its subject): "loans", or one loan ("Each mortgage loan"), never a
# loan's measure or kind of group ("loan-to-value", "net loan rates", "mortgage loan pool").
_LOANS_NAMED = r"\bloans\b|\b(?:each|every|any|no|one)\s+(?:mortgage\s+)?loan\b(?![-\u2010])"
# A sentence saying which loans none of the pool's are ("No mortgage loans with a scheduled maturity later
# than ... are included", "Mortgage loans originated ... are not included"): a bound of the pool's loans.
# Not where the loans it says none of are of a kind, a place or another series ("None of the buydown loans
# has a scheduled maturity later than ...", "No mortgage loans in California ..."): a bound of those alone.
_NO_LOANS = (
    r"\s*(?:no|none)\b(?!\s+(?:of\s+)?(?:the\s+)?"
    rf"(?:(?:{_KIND_OF_LOANS}|{_SERIES_NAME})\s+(?:mortgage\s+)?loans\b|(?:mortgage\s+)?loans{_SOME_OF_THEM}))"
)
_ARE_NOT_INCLUDED = r"\b(?:are|were|is|was|will\s+be)\s+(?:not\s+included|excluded)\b"
_FIRST_WITHIN = 300  # characters: a sentence names its subject first, and a long one is read in linear time


def _first_loans_are(some: str, unless: str = "", kinds: str = rf"{_KIND_OF_LOANS}|{_SERIES_NAME}") -> str:
    """A sentence whose first loans are of a kind (of ``kinds``), or some of the loans as ``some`` picks them
    out, and that names no loans of its own after them (any before them would be its first), nor ``unless``."""
    return (
        rf"^(?=.{{0,{_FIRST_WITHIN}}}?\bloans\b)(?!{_NO_LOANS})(?:(?!{_LOANS_NAMED}).){{0,{_FIRST_WITHIN}}}?"
        rf"(?:\b(?:{kinds})\s+(?:mortgage\s+)?loans\b|\bloans{some})"
        rf"(?!.*(?:{_OWN_LOANS_NAMED}|{_ARE_NOT_INCLUDED}{'|' + unless if unless else ''}))"
    )


# Another body of loans than the pool, named as a sentence's subject before any loans it names (or where it
# names none): someone's portfolio ("CitiMortgage, Inc. serviced a portfolio of ...", "its servicing portfolio",
# "CitiMortgage's portfolio consisted of ...", never loans taken "from its portfolio"), a servicer's experience
# ("The delinquency experience as of March 31, 2004 is shown below", "delinquency and foreclosure experience"),
# loans someone serviced or originated, counted ("CitiMortgage serviced approximately 1,100,000 ..."), or
# another series ("the Series 2003-5 certificates", "prior series", "120 series of certificates").
_QUANTITY = r"(?:(?:approximately|about|nearly|over|some|more\s+than|in\s+excess\s+of)\s+)?\$?\d"
_ANOTHER_BODY_OF_LOANS = (  # each from a word's start: the scan tries none of them within a word
    r"\b(?:portfolios?\s+of\b|servicing\s+portfolios?\b"
    r"|(?<!from\s)(?<!out\sof\s)(?:the|its|their|an?|\w[\w.&-]*['\u2019]s)\s+"
    r"(?:(?:total|entire|overall|aggregate|mortgage|loan|owned|managed|residential)\s+){0,3}portfolios?\b"
    r"|(?:delinquenc(?:y|ies)|foreclosures?|loss(?:es)?|defaults?)\b[\w\s,/-]{0,40}?\bexperience\b"
    rf"|(?:(?:sub-?)?servic|originat)(?:ed|es)\s+{_QUANTITY}"
    rf"|{_SERIES_NAME}|(?:prior|previous|earlier|other|past|\d[\d,]*(?:\s+[a-z]+)?)\s+series\b)"
)
# A sentence about other loans than the pool's and any of its loans: a servicer's, an originator's, another
# series' (``_SOMEONES_BOOK``, ``_ANOTHER_SERIES``, ``_ANOTHER_BODY_OF_LOANS``), one of them ("Each mortgage
# loan serviced by CitiMortgage ..."), never naming the pool's own loans besides. Its figures are no pool's,
# and its "as of" dates no cut-off date of the pool.
_OTHER_LOANS_PICKED_OUT = rf"\s+(?:{_SOMEONES_BOOK}|{_ANOTHER_SERIES})"
_ONE_OF_OTHER_LOANS = (
    rf"^(?:(?!{_LOANS_NAMED}).){{0,{_FIRST_WITHIN}}}?\b(?:each|every|any|one)\s+(?:mortgage\s+)?loan"
    rf"{_OTHER_LOANS_PICKED_OUT}(?!.*(?:{_OWN_LOANS_NAMED}))"
)
OTHER_LOANS = (
    rf"{_first_loans_are(_OTHER_LOANS_PICKED_OUT, kinds=_SERIES_NAME)}|{_ONE_OF_OTHER_LOANS}"
    rf"|^(?:(?!{_LOANS_NAMED}).){{0,{_FIRST_WITHIN}}}?(?:{_ANOTHER_BODY_OF_LOANS})(?!.*(?:{_OWN_LOANS_NAMED}))"
)


@dataclass(frozen=True)
class Subject:
    pool: str  # a pool name as written ("I", "II") or WHOLE_DEAL
    group: str | None = None  # "premium", "discount" or None
    # named as every pool's loans together ("the mortgage loans in all pools"): the whole deal's in a pool's section
    # too, where "all mortgage loans" alone are the section's pool's (``_own_pool``)
    every_pool: bool = False


# Pools named in a list that says "mortgage loans" once, after the last: "pool I and pool III
# mortgage loans", "pools I, II and III mortgage loans".
# A figure is no pool's name: "... in pool I, and 176.90 months ...", "... in pool I, and 5% ..."
_NAME_OF_A_POOL = rf"{POOL_NAME}\b(?![.,]\d|\s*(?:%|percent\b|months?\b|years?\b))"
_NEXT_POOL = (
    rf"(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:(?:the\s+)?(?:loan\s+)?(?:pool|group)\s+)?{_NAME_OF_A_POOL})"
)
_LOANS_OF_A_POOL = r"(?P<loans>(?:(?:premium|discount)\s+)?(?:mortgage\s+)?loans)"
_ELIDED_POOLS = re.compile(  # at most a dozen pools: the scan from each "pool" stays short
    rf"\b(?P<word>pool|group)s?\s+(?P<names>{_NAME_OF_A_POOL}{_NEXT_POOL}{{1,12}})\s+{_LOANS_OF_A_POOL}\b",
    re.I,
)
# "mortgage loans in pool I, pool II and pool III", "in pools I, II and III", "which are expected to be included in
# pool II" (``_PUT_IN_A_POOL``): the pools named after their loans; never a count's loans after them ("... in pool I
# and 154 mortgage loans in pool II")
_POOLS_AFTER_LOANS = re.compile(
    rf"\b{_LOANS_OF_A_POOL}\s+{_PUT_IN_A_POOL}\s+(?:the\s+)?(?:loan\s+)?(?P<word>pool|group)s?\s+"
    rf"(?P<names>{_NAME_OF_A_POOL}{_NEXT_POOL}{{0,12}})(?!\s+(?:\w+\s+)?loans\b)",
    re.I,
)
# "of Pools I, II and III and of all Mortgage Loans": pools named together, their loans' word left out
_POOLS_BARE = re.compile(
    rf"\b(?P<word>pool|group)s\s+(?P<names>{_NAME_OF_A_POOL}{_NEXT_POOL}{{1,12}})(?!\s+(?:[\w-]+\s+){{0,2}}loans\b)",
    re.I,
)
# One pool named alone, its loans' word left out, as a figure's: "6.132% for pool I and 5.486% for pool II"; "pool I:
# 6.132%; pool II: 5.486%" (a figure right after its colon, never a kind: "Pool I: 30-Year Loans"). Never a pool named before its loans ("for pool I
# mortgage loans with ...") nor another thing's ("the pool I discount loans").
_ONE_POOL_BARE = re.compile(
    rf"\b(?:(?P<lead>for\s+(?:the\s+)?)(?P<word>pool|group)\s+(?P<name>{_NAME_OF_A_POOL})(?!\s+(?:[\w-]+\s+){{0,2}}loans?\b)"
    rf"|(?P<colon_word>pool|group)\s+(?P<colon_name>{_NAME_OF_A_POOL})\s*:(?=\s*(?:approximately\s+)?\$?\d[\d,]*(?:\.\d+)?(?![\w-])))",
    re.I,
)


def _one_pool_spelled(match: re.Match[str]) -> str:
    if match.group("lead") is not None:
        return f"{match.group('lead')}{match.group('word')} {match.group('name')} mortgage loans"
    return f"{match.group('colon_word')} {match.group('colon_name')} mortgage loans:"


# "the mortgage loan pool as a whole", "the entire mortgage pool", "the mortgage loans in the aggregate": all the loans
_THE_POOL_AS_A_WHOLE = re.compile(
    r"\b(?:in\s+)?the\s+(?:mortgage\s+(?:loan\s+)?pool\s+as\s+a\s+whole|(?:entire|whole|total)\s+mortgage\s+(?:loan\s+)?pool"
    r"|mortgage\s+loans\s+in\s+the\s+aggregate)\b",
    re.I,
)


# Every pool's loans together, named so: "all pools", "all three pools", "all of the loan groups", "the pools combined",
# "the two groups taken together". Never "each pool" (each pool's own figure), "both pools" (two of three?), nor "the
# mortgage loan pool" (CMSI's name for the whole deal, but in a pool's section perhaps the pool's: ``_IN_THE_DEALS_POOL``).
_NUMBER_OF_POOLS = r"(?:two|three|four|five|six|seven|eight|nine|ten|\d{1,2})"
_TOGETHER = r"(?:combined|taken\s+together|together|in\s+the\s+aggregate)"
_POOLS = r"(?:mortgage\s+)?(?:loan\s+)?(?:pools|groups)\b"
_EVERY_POOL = (
    rf"\ball\s+(?:of\s+)?(?:the\s+)?(?:{_NUMBER_OF_POOLS}\s+)?{_POOLS}(?:\s+{_TOGETHER}\b)?"
    rf"|\bthe\s+(?:{_NUMBER_OF_POOLS}\s+)?{_POOLS}\s+{_TOGETHER}\b"
)
# ... as a subject: their loans ("all of the mortgage loans in all pools", "the premium loans of all three pools"), or the
# pools alone ("for all pools", "the pools combined"): written as "all pools' ... loans", the subject ``_SUBJECT`` reads
# as every pool's.
_EVERY_POOLS_LOANS = re.compile(
    r"(?:\ball\s+(?:of\s+)?)?(?:\bthe\s+)?(?:\b(?P<group>premium|discount)\s+)?(?:\bmortgage\s+)?\bloans\s+"
    rf"(?:in|of|from|across|for|included\s+in)\s+(?:{_EVERY_POOL})"
    rf"|(?:{_EVERY_POOL})(?!['\u2019]|\s+(?:(?:premium|discount)\s+)?(?:mortgage\s+)?loans\b)",
    re.I,
)


def _every_pools_loans(match: re.Match[str]) -> str:
    group = match.group("group")
    return f"all pools' {group + ' ' if group else ''}mortgage loans"


def names_every_pool(text: str) -> bool:
    """Whether the text names every pool's loans together (``_EVERY_POOL``): the whole deal's, in any section."""
    return needed_words.search(_EVERY_POOLS_LOANS, text) is not None


# Loans a sentence names only as the whole deal's, where no pool is named ("the mortgage loans which are expected to be
# included in the trust", "... in the mortgage loan pool", "the mortgage loan pool as a whole", "the mortgage loans as
# a whole", "all mortgage loans combined", "... taken together": loans put together, but whose, every pool's or the
# pool's own premium and discount loans?): in a pool's section of a filing of several pools, they may be the whole
# deal's or the section's pool's (``in_the_whole_deal``).
_IN_THE_DEALS_POOL = re.compile(
    rf"\bloans\s+{_PUT_IN_A_POOL}\s+(?:{_THE_DEALS_POOL}){_WHERE_A_CLAUSE_ENDS}|{_THE_POOL_AS_A_WHOLE.pattern}"
    r"|\bas\s+a\s+whole\b|\bloans\s+(?:combined|taken\s+together)\b(?!\s+with\b)",
    re.I,
)


def in_the_whole_deal(text: str) -> re.Match[str] | None:
    """The words naming a sentence's loans only as the whole deal's (``_IN_THE_DEALS_POOL``), where the sentence names
    them so alone: no pool of its own, nor a list of several ("the pool I mortgage loans, ... and the mortgage loan pool
    as a whole" names each)."""
    named = _IN_THE_DEALS_POOL.search(text)
    if named is None:
        return None
    runs = subject_runs(text)
    if len(runs) > 1 or any(len(run) > 1 or run[0].pool not in ("", WHOLE_DEAL) or run[0].every_pool for run in runs):
        return None
    return named


# The whole deal's figure after the pools' ("... were 663, 154 and 153, respectively, and 970 in the aggregate"; "At
# least 95%, 88% and 100%, respectively, of the pool I ..., and 95% in the aggregate, are ..."; "... and 5.962% for
# the mortgage loan pool", where each pool is named in the list, the deal's): the words name no
# loans, so the figure had no subject and was lost, said "not stated"; read as "970 for all mortgage loans". Only
# after a list said to be "respectively" each pool's: the words alone may be a sum's, not the deal's figure.
_THE_DEALS_FIGURE_AFTER_THE_POOLS = re.compile(
    rf"(\band\s+(?:{APPROXIMATELY}\s+)?\$?\d[\d,]*(?:\.\d+)?"
    r"(?:\s*(?:%|percent\b|per\s+cent\b|months?\b|years?\b|(?:m|b)illion\b))?)"
    r"\s+(?:in\s+the\s+aggregate|in\s+total|in\s+all|overall|altogether"
    rf"|(?:for|of)\s+the\s+mortgage\s+(?:loan\s+)?pool\b(?!\s+{POOL_NAME}\b))",  # CMSI's name for the whole deal
    re.I,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
_A_POOL_NAMED = re.compile(rf"\b{POOL_WORD}\s+{POOL_NAME}\b", re.I)


def _the_deals_figure_named(text: str) -> str:
    """``text`` with the whole deal's figure after a list of the pools' named as all mortgage loans'; not where
    the list names no pool (a pool's premium and discount loans, in its own section: its own total, maybe)."""
    listed = _RESPECTIVELY.search(text)
    if listed is None or not _A_POOL_NAMED.search(text):
        return text
    after = needed_words.sub(_THE_DEALS_FIGURE_AFTER_THE_POOLS, r"\1 for all mortgage loans", text[listed.end() :])
    return text[: listed.end()] + after


def _each_pool_named(text: str) -> str:
    """ "pool I and pool III mortgage loans", "mortgage loans in pools I and III", "pools I and III" as "pool I
    mortgage loans and pool III mortgage loans"; "the mortgage loan pool as a whole" as "all mortgage loans"."""

    def spelled(match: re.Match[str]) -> str:
        names = re.findall(
            _NAME_OF_A_POOL, re.sub(r"\b(?:and|or|the|loan|pool|group)\b", " ", match.group("names"), flags=re.I)
        )
        loans = match.groupdict().get("loans") or "mortgage loans"
        each = [f"{match.group('word')} {name} {loans}" for name in names]
        return ", ".join(each[:-1]) + f" and {each[-1]}" if len(each) > 1 else each[0]

    for pools in (_ELIDED_POOLS, _POOLS_AFTER_LOANS, _POOLS_BARE):
        text = needed_words.sub(pools, spelled, text)
    text = needed_words.sub(_ONE_POOL_BARE, _one_pool_spelled, text)
    text = needed_words.sub(_EVERY_POOLS_LOANS, _every_pools_loans, text)
    text = needed_words.sub(_THE_POOL_AS_A_WHOLE, "all mortgage loans", text)
    return _the_deals_figure_named(text)


@functools.lru_cache(maxsize=8)  # each sentence is asked by several rules, one after another
def subject_runs(text: str) -> tuple[tuple[Subject, ...], ...]:
    """Runs of subjects enumerated together; mentions qualified by a pool, "all" or a group."""
    return tuple(tuple(run) for _, _, run in _subject_runs_at(_each_pool_named(text)))


def _subject_runs_at(text: str) -> list[tuple[int, int, list[Subject]]]:
    """``subject_runs`` of a text whose pools are each named, with where each run starts and ends."""
    runs: list[tuple[int, int, list[Subject]]] = []
    current: list[Subject] = []
    first = last_end = -1
    for match in _SUBJECT.finditer(text):
        pool, group = match.group("pool"), match.group("group")
        if not (pool or group or match.group("all")):
            continue
        # "all mortgage loans" is the whole deal; "the premium loans" (no pool) is left
        # open ("") and becomes the pool of the section the sentence stands in.
        owner = pool.upper() if pool else (WHOLE_DEAL if match.group("all") else "")
        subject = Subject(owner, group.lower() if group else None, every_pool=bool(match.group("every")) and not pool)
        if current and not _SUBJECT_GAP.match(text[last_end : match.start()]):
            runs.append((first, last_end, current))
            current = []
        if not current:
            first = match.start()
        current.append(subject)
        last_end = match.end()
    if current:
        runs.append((first, last_end, current))
    return runs


def subjects_of(text: str, default: str = WHOLE_DEAL) -> list[Subject]:
    """Whom a sentence is about: its longest enumerated run, or the section's pool.

    In a pool's section, "all mortgage loans" alone are that pool's loans; listed
    beside other pools ("the pool I ... and all mortgage loans"), or named as every
    pool's ("the mortgage loans in all pools"), they are the deal's.
    """
    runs = subject_runs(text)
    if not runs:
        return [Subject(default)]
    run = max(runs, key=len)
    if len(run) == 1:
        return [Subject(_own_pool(run[0].pool, default, run[0].every_pool), run[0].group)]
    return [Subject(s.pool or default, s.group) for s in run]


def _own_pool(pool: str, section: str, every_pool: bool = False) -> str:
    """A subject named alone: no pool, or "all" loans, in a pool's section is that pool; every pool's loans named so
    (``Subject.every_pool``) are the whole deal's in any section."""
    if every_pool:
        return WHOLE_DEAL
    return section if not pool or (pool == WHOLE_DEAL and section != WHOLE_DEAL) else pool


def respectively(
    subjects: list,
    values: list,
    warnings: list[str],
    what: str,
    listed: bool = False,
    each: bool = True,
    named: str | None = None,
) -> list[tuple]:
    """Pair subjects with values: in order, or one value for all; otherwise nothing.

    ``listed``: the sentence pairs its values with its subjects one by one (it says
    "respectively", or breaks off): one value for several subjects is then a list
    that lost its other values, not a value they share.
    ``each``: one value for several subjects is each one's (a bound every loan meets: "none
    of the pool I and pool III mortgage loans matures later than ..."). Otherwise it is a
    figure of theirs taken together (a total, an average, a share: "at least 95% of the pool I
    and pool II mortgage loans"; one balance of "the class A-1 and class A-PO certificates"),
    and no one subject's. ``named``: the subjects as a warning names them (else their pools).
    """
    if len(values) == len(subjects):
        return list(zip(subjects, values))
    if len(values) == 1 and not listed and not each:
        named = named or _loans_named([getattr(s, "pool", s) for s in subjects])
        warnings.append(f"{what}: one figure for {named} taken together; not given to each")
        return []
    if len(values) == 1 and not listed:
        return [(s, values[0]) for s in subjects]
    warnings.append(f"{what}: {len(values)} values for {len(subjects)} subjects; not assigned")
    return []


def _loans_named(pools: list[str]) -> str:
    """ "pools I and III", "pool II and all loans": the loans a warning is about."""
    names = list(dict.fromkeys(p for p in pools if p != WHOLE_DEAL))
    said = [f"pools {', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else f"pool {n}" for n in names[:1]]
    return " and ".join(said + (["all loans"] if WHOLE_DEAL in pools else []))


def class_names(text: str) -> list[str]:
    """Class names a sentence enumerates: "class A-1, class A-2 and class B"; a range, "classes A-1
    through A-4", as each class in it (the two ends alone where the names are not numbered alike)."""
    match = _CLASS_RUN.search(text)
    if not match:
        return []
    names = [match.group("first").upper()]
    rest = re.sub(r"\b(?:and|the|class)\b", " ", match.group("rest"), flags=re.I)
    for separator, name in re.findall(rf"({_CLASS_RANGE}|[\s,]+)({_CLASS_NAME})\b", rest):
        if re.fullmatch(_CLASS_RANGE, separator, re.I):
            names += _classes_between(names[-1], name.upper())
        names.append(name.upper())
    return list(dict.fromkeys(names))


_NUMBERED_CLASS = re.compile(r"^(.*?)(\d+)$")  # "IA-3": "IA-" and 3
_MOST_CLASSES_IN_A_RANGE = 50


def _classes_between(first: str, last: str) -> list[str]:
    """The classes a range leaves unnamed: "A-2", "A-3" between "A-1" and "A-4"."""
    a, b = _NUMBERED_CLASS.match(first), _NUMBERED_CLASS.match(last)
    if (
        not (a and b and a.group(1) == b.group(1))
        or not 0 < int(b.group(2)) - int(a.group(2)) <= _MOST_CLASSES_IN_A_RANGE
    ):
        return []
    return [f"{a.group(1)}{n}" for n in range(int(a.group(2)) + 1, int(b.group(2)))]


def _classes_named(names: list[str]) -> str:
    """ "class A", "classes A-1 and A-PO": the classes a warning is about."""
    return f"classes {', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else f"class {names[0]}"
