"""The safety net: a key figure the filing states in a sentence no rule reads is never "not stated".

After parsing, each key fact the deal lacks (``Deal.missing``: a pool's aggregate balance, loan count, WAC,
WAM, WA original term and WA LTV, a premium or discount group's balance, WAC and WAM) is looked for in the
prose: a sentence about the fact's loans that carries a figure of the fact's kind (a dollar amount, a count, a
percent, a term) and names the fact, either in the narrative rules' own words (``POOL_FACT_RULES``' triggers, so
the two never drift apart) or in any words near the figure that name its kind of measure, where no other
measure of that kind is named nearer it (``_NEAR_A_FIGURE``: "totalling $619,800,778.37", "bear interest at a
weighted average of 5.843%", "357.95 months remaining to maturity", "loan-to-value ratios averaging 64.5%";
not "an average principal balance of $505,960" nor "a weighted average combined loan-to-value ratio of 70.1%").
Where one is found, the missing fact gets a doubt quoting it ("the filing states it in
'As of May 1, 2004, there were 1,225 mortgage loans ...' (line 68), which was not read"): every format
then says "in the filing but not read", never "not stated", and the checks that need the figure are counted
as could not run (``validate.reconcile``), so the verdict never reads "all passed".

The net reads no figure: it only says one is there. It leaves alone what the narrative already doubts
(a damaged "$619,8 million" says so itself), sentences about a subset of the loans ("such mortgage loans",
a numbered item, the loans for which additional collateral was pledged), sentences a correction or another
document's figure blanked, sentences about other loans than the pool's (a servicer's portfolio: blanked too), and sentences about another measure (the net rate, "the highest weighted average
rate of any pool", a premium group's rate for the pool's own). Where only a subset's or other loans' sentence
states a key figure, the pool's stays not stated (it is), and a warning names the sentence (``_others_figure``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from reporting.formatting import lines_text
from reporting.model.deal import (
    POOL_NAME,
    POOL_WORD,
    SHARE_IN_PLACE_OF,
    UNHELD_FIGURES,
    WHOLE_DEAL,
    WHOLE_DEAL_NAMED,
    CertificateClass,
    Deal,
    MissingFact,
    Pool,
    PremiumDiscount,
    Provenance,
    RateGroup,
    UnderwritingShare,
    lines_of,
    missing_fact,
    provenance_of,
)
from reporting.read import narrative, summary_lines
from reporting.read.dates import DATE_PATTERN, MEASURED_AT
from reporting.read.narrative import classes, ranges
from reporting.read.narrative.rules import (
    _ABOUT_OTHER_LOANS,
    _AN_ABOVE_80,
    _LISTED_OR_SUCH,
    NET_RATE_ASIDE,
    PoolFactRule,
    opens_on_other_loans,
)
from reporting.read.narrative.values import _rx

# The rule whose trigger names each fact's subject; a rate group's figures are named as the pool's are.
_RULES = {rule.name: rule for rule in narrative.POOL_FACT_RULES}
_GROUP_FIELD_RULE = {"balance": "aggregate_balance", "wac": "wac", "wam_months": "wam_months"}
_GROUP_FIELD = {rule: field for field, rule in _GROUP_FIELD_RULE.items()}  # a pool's figure's, of its rate groups
_GROUPS = ("premium", "discount")

# A count of loans the rules do not word as "the number of ... loans": "there were 1,225 mortgage loans",
# "the 1,225 mortgage loans had ...", "consisted of one thousand ... (1,225) mortgage loans", "is to transfer
# 1,225 mortgage loans", "the mortgage loans numbered 1,225", "the mortgage loans, 1,225 in all", "the count of
# mortgage loans"; the 1990s' "The Mortgage Pool included 1,225 Mortgage Loans", "Included in the Mortgage Pool
# were 1,225 ..." (not read: "includes" may name some of the loans; but never lost in silence). A count before "loans" alone ("12 mortgage loans are cooperative loans") is a subset's, and
# names no pool's count.
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
_A_COUNT = re.compile(rf"(?<![\d,.$])(?!(?:19|20)\d\d\b)(?:{_COUNT})(?![\d,.]*\d)")  # "1,225": no amount, no year
_COUNT_OF_LOANS = re.compile(
    r"\b(?:there\s+(?:were|are|was|is|will\s+be)|consist(?:s|ed|ing)?\s+of|compris(?:e|es|ed|ing)|contain(?:s|ed)?"
    r"|includ(?:e|es|ed|ing)(?:\s+in\s+the\s+(?:mortgage\s+)?(?:loan\s+)?pool(?:\s+(?:were|are|was|is))?)?"
    r"|made\s+up\s+of|transfer(?:s|red|ring)?|deliver(?:s|ed|ing)?|sell(?:s|ing)?|sold"
    r"|the|all|total(?:ing|led|ed)?|aggregat(?:e|ing))\s+(?:of\s+)?(?:approximately\s+|about\s+)?"
    rf"(?:[a-z][a-z\s-]{{0,80}}?\(\s*(?:{_COUNT})\s*\)|{_COUNT})\s+(?:{POOL_WORD}\s+{POOL_NAME}\s+)?"
    r"(?:mortgage\s+)?loans\b"
    r"|\bloans\b[^.;]{0,120}?\b(?:numbered|number(?:\s+of)?|totall?ed|count(?:ed)?)\s+(?:approximately\s+)?\d"
    rf"|\bloans,?\s+(?:{_COUNT})\s+in\s+(?:all|total)\b"
    r"|\bloan\s+count\b|\bcount\s+of\b[^.;]{0,80}?\bloans\b",
    re.I,
)
# "(without taking into account any additional collateral)": the measure the sentence states, not a subset;
# masked before the narrative's subset words are looked for.
_ACCOUNTING_FOR_COLLATERAL = re.compile(
    r"\b(?:without\s+)?(?:taking|take|taken|giving\s+effect)\s+(?:into\s+account\s+|to\s+)?"
    r"(?:the\s+|any\s+)?(?:loanable\s+value\s+of\s+(?:the\s+|any\s+)?)?(?:pledged\s+)?additional\s+collateral\b",
    re.I,
)
# Pools a sentence names: "pool I", "pools I, II and III", "loan group 2".
_POOLS_NAMED = re.compile(
    rf"\b{POOL_WORD}s?\s+(?P<names>{POOL_NAME}\b(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:{POOL_WORD}\s+)?{POOL_NAME}\b){{0,12}})",
    re.I,
)
_A_POOL_NAME = re.compile(rf"\b{POOL_NAME}\b")
# The whole deal, named: "all mortgage loans", "the mortgage loan pool as a whole", "970 in all", "overall".
_THE_WHOLE_DEAL = re.compile(
    rf"\b(?:{WHOLE_DEAL_NAMED}|as\s+a\s+whole|overall|altogether|in\s+(?:all|total)(?=\s*(?:[,;:)]|$)))", re.I
)
# A rate group's loans, named: masked to see whether the sentence names the pool's own loans besides.
_GROUP_LOANS = re.compile(
    rf"(?:\b{POOL_WORD}\s+{POOL_NAME}\s+)?\b(?P<group>premium|discount)\s+(?:mortgage\s+)?loans?\b", re.I
)
_LOANS = re.compile(r"\bloans?\b", re.I)


@dataclass(frozen=True)
class _Words:
    """The words near a figure that say which fact it is, where no rule's words name the fact ("The mortgage
    loans have loan-to-value ratios averaging 64.5%"): the net only says a figure is there, so the kind of
    measure named loosely is enough, unless another measure of that kind is named nearer the figure."""

    measure: str  # words naming the fact's kind of measure ("interest", "rate", "coupon")
    own: str  # words naming this fact and no other of its kind ("interest", "coupon")
    other: str  # words naming another measure of its kind ("loan-to-value", "original", "average" for a total)
    own_needed: bool = False  # the measure's words alone are not enough: "months to maturity" is the remaining term
    average: bool = False  # a weighted average: named as an average ("weighted average", "averaging", "on average")


# The words near a figure that name each fact (a count's are ``_COUNT_OF_LOANS``).
_LTV_WORDS = r"loan[\s-]+to[\s-]+value|\bLTVs?\b|\bvalues?\b"
_OTHER_TERMS = r"interest[\s-]+only|prepayment|seasoning|\bage\b|\bevery\b|adjust\w*|\breset|amortiz\w*|balloon"
_NEAR_A_FIGURE = {
    "aggregate_balance": _Words(
        measure=r"\bloans?\b|\bpool\b|balances?|principal|amount|aggregat\w*|total\w*",
        own=r"aggregat\w*|total\w*|\bin\s+all\b|altogether|\bsum\b",
        other=r"averag\w*|\beach\b|per\s+loan|largest|smallest|maximum|minimum|original|initial",
    ),
    "wac": _Words(
        measure=r"\binterest\b|\brates?\b|\bcoupons?\b",
        own=r"\binterest\b|\bcoupons?\b|(?:note|mortgage|loan)\s+rates?\b",
        other=rf"{_LTV_WORDS}|residence|occupied|subordination|certificates?|pass[\s-]+through|margin|fixed[\s-]+rate"
        r"|adjustable",
        average=True,
    ),
    "wam_months": _Words(
        measure=r"maturit\w*|\bmature\w*|\bterms?\b|remaining|\bleft\b",
        own=r"remaining|\bleft\b",
        other=rf"original|originat\w*|{_OTHER_TERMS}",
        average=True,
    ),
    "wa_original_term_months": _Words(
        measure=r"original|originat\w*",
        own=r"original|originat\w*",
        other=rf"remaining|\bleft\b|{_OTHER_TERMS}",
        own_needed=True,
        average=True,
    ),
    "wa_ltv": _Words(
        measure=_LTV_WORDS,
        own=_LTV_WORDS,
        # "combined loan-to-value" as near as its own words: another measure (a tie goes to the other)
        other=rf"\binterest\b|\bcoupons?\b|\brates?\b|residence|occupied|subordination|certificates?"
        rf"|combined\s+(?:{_LTV_WORDS})|\bCLTVs?\b",
        average=True,
    ),
}
# "weighted average", "averaging", "on average", "W.A."
_AN_AVERAGE = re.compile(rf"\baverag\w*|{summary_lines.ABBREVIATED_AVERAGE.pattern}", re.I)
_NEAR = 100  # characters either side of a figure where its words are looked for
_QUOTED = 70  # characters of the sentence a doubt quotes
_MOST_QUOTED = 300  # ... at most, to show the words naming whose a figure is and the figure


@dataclass(frozen=True)
class _Sentence:
    text: str  # as the narrative reads it: one line, the extremes of averages masked
    context: str  # the pool of the section it stands in
    lines: tuple[int, ...]
    # about some of the loans only ("the mortgage loans in California"), or other loans than the pool's (a
    # servicer's portfolio, "the mortgage loans originated by CitiMortgage"): its figures are never the pool's
    others: bool = False
    # in a pool's section of a filing of several pools, naming its loans only as the whole deal's ("the mortgage loans
    # ... in the trust"): the narrative reads no figure of it for the pool, and it may state the whole deal's
    the_whole_deals: bool = False
    # in a pool's section, naming every pool's loans together ("the mortgage loans in all pools"): the whole deal's,
    # never the section's pool's (``narrative.names_every_pool``)
    every_pool: bool = False


def note_unread(deal: Deal, prose: narrative.ProseText, corrected: str) -> Deal:
    """``deal`` with a doubt on each missing key fact that a sentence of the prose states, unread.

    ``prose`` is the filing's prose as the narrative read it (its lines), ``corrected`` the same text with
    every sentence that calls a figure wrong blanked (``ProseFacts.corrected_text``)."""
    wanted = [
        fact for m in deal.missing if (fact := missing_fact(m)) is not None and _unexplained(deal, fact) is not None
    ]
    key_figures = len(wanted)  # ``Deal.missing``'s: those a filing of its kind states
    wanted += _wanted_of_each_pool(deal, _OTHER_KEY_FIGURES) + _wanted_of_each_pool(deal, _LIMITS)
    if not wanted:
        return deal
    sentences = _sentences(prose, corrected)
    several = len(deal.pools) > 1
    found: dict[MissingFact, _Sentence] = {}
    warnings = list(deal.warnings)
    for at, fact in enumerate(wanted):
        sentence = next(
            (
                s
                for s in sentences
                if not s.others
                and _states(s, fact, several)
                and not _other_end_read(deal, fact, s)
                and not _each_pools_figure_alone(deal, fact, s)
                and not _another_pools_limit(deal, fact, s)
            ),
            None,
        )
        if sentence is not None:
            found[fact] = sentence
        elif at < key_figures and (
            others := next((s for s in sentences if s.others and _states(s, fact, several)), None)
        ):
            # no pool's figure, and not stated: the figure the filing does state is named beside it
            warnings.append(f"{_named(deal.pool(fact.pool).label, fact)}: {_others_figure(others, fact)}")
        elif at < key_figures and (groups := _a_rate_groups_figure(sentences, fact, several)):
            # the premium and discount loans' WACs, and none of the pool's: their figures named beside it
            warnings.append(f"{_named(deal.pool(fact.pool).label, fact)}: {_others_figure(groups, fact)}")
    if not found:
        return replace(deal, warnings=tuple(dict.fromkeys(warnings)))
    pools = []
    for pool in deal.pools:
        for fact, sentence in found.items():
            if fact.pool != pool.name:
                continue
            said = _doubt(sentence, fact)
            warnings.append(f"{_named(pool.label, fact)}: {said}")
            pool = _with_doubt(pool, fact, Provenance(fact.field, sentence.lines, (said,)))
        pools.append(pool)
    return replace(deal, pools=tuple(pools), warnings=tuple(dict.fromkeys(warnings)))


# The words naming each figure the model does not hold (``UNHELD_FIGURES``): a weighted average FICO or credit score
# ("Non-Zero Weighted Average FICO" too), a share of the loans under a score, a share secured by second homes, and the rate net of the servicing fee ("weighted average net loan rate",
# "Net WAC", "(after deduction of the servicing fee) ... was 5.593%", "(5.593% net of the servicing fee)").
_AN_AVERAGE_OF = rf"(?:weighted[\s-]+average|{summary_lines.ABBREVIATED_AVERAGE.pattern})\s+"
_UNHELD_WORDS = {
    "wa_fico": re.compile(rf"{_AN_AVERAGE_OF}(?:[\w-]+\s+){{0,2}}?(?:FICO|credit\s+scores?)\b", re.I),
    # "No more than 1% of the mortgage loans had FICO scores below 620": a share of the loans, by a score
    "fico_bound_share": re.compile(
        r"\d\s*(?:%|percent\b).{0,120}?\b(?:FICO|credit)\s+scores?\s+(?:of\s+)?(?:below|under|(?:less|lower)\s+than)\s+\d{3}\b",
        re.I,
    ),
    # "No more than 2% of the mortgage loans are secured by second homes": neither the primary residences nor the
    # investment properties (the borrower lives there part of the year)
    "second_home_share": re.compile(r"\b(?:second|vacation)[\s-]+homes?\b", re.I),
    "net_wac": re.compile(
        rf"{_AN_AVERAGE_OF}net\s+(?:(?:mortgage|note|loan|interest|pass[\s-]*through)\s+)*(?:rates?|coupons?)\b"
        r"|\bnet\s+WAC\b|\bWAC\b[^.;]{0,40}\bnet\b",
        re.I,
    ),
}


def note_unheld(deal: Deal, prose: narrative.ProseText, corrected: str) -> Deal:
    """``deal`` with each figure the model does not hold (``UNHELD_FIGURES``) that a sentence about a pool's loans
    states said beside that pool: its provenance quotes the sentence, and every format lists the figure as in the
    filing but not read (``metrics.unheld_figures``; no warning: nothing read is in doubt)."""
    several = len(deal.pools) > 1
    pools = []
    for pool in deal.pools:
        for field in UNHELD_FIGURES:
            fact = MissingFact(pool.name, None, field)
            found = next(
                (s for s in _sentences(prose, corrected) if not s.others and _states_unheld(s, fact, several)), None
            )
            if found is not None:
                said = f"the filing states it in {_quoted(found, _unheld_figure_end(found.text))}, which termsheet does not read"
                pool = _with_doubt(pool, fact, Provenance(field, found.lines, (said,)))
        pools.append(pool)
    return replace(deal, pools=tuple(pools))


_A_FIGURE_WRITTEN = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?\s*%?")


def _unheld_figure_end(text: str) -> int:
    """Where the sentence's first figure past its dates ends: the quote shows the figure not read."""
    found = _A_FIGURE_WRITTEN.search(DATE_PATTERN.sub(lambda m: " " * len(m.group(0)), text))
    return found.end() if found else 0


def _states_unheld(sentence: _Sentence, fact: MissingFact, several_pools: bool) -> bool:
    """Whether the sentence names the figure ``fact`` the model does not hold, with a figure, of the fact's loans."""
    text = sentence.text
    net_wac = fact.field == "net_wac" and (NET_RATE_ASIDE.search(text) or _RULES["wac"].exclude.search(text))
    named = _UNHELD_WORDS[fact.field].search(text) or (net_wac and _RULES["wac"].trigger.search(text))
    return (
        bool(named)
        and _A_FIGURE.search(DATE_PATTERN.sub(" ", text)) is not None
        and _about(sentence, text, fact, several_pools)
    )


# A statement of the loans' underwriting or documentation ("No more than 6% of the mortgage loans were underwritten
# under a reduced documentation program", "All of the mortgage loans were underwritten in accordance with the
# Originator's guidelines", "are no-ratio loans"): its words, and a share of the loans (a percent, or all or none of
# them). The narrative reads CMSI's "at least / no more than ... underwriting policies" only.
_UNDERWRITING_WORDS = re.compile(
    r"\bunderwr\w*|\bdocumentation\b|\b(?:full|low|reduced|limited|no|alt(?:ernative)?)[\s-]+doc\b|\bno[\s-]+ratio\b"
    r"|\bstated[\s-]+(?:income|assets)\b|\bverification\s+of\s+(?:the\s+)?(?:[\w']+\s+){0,2}(?:income|assets|employment)\b"
    r"|\b(?:income|asset|employment)\s+verification\b|\bstreamlined\b",
    re.I,
)
_A_SHARE_OF_THE_LOANS = re.compile(
    r"\d\s*(?:%|percent\b)|\b(?:all|each|every|none|no)\s+(?:of\s+the\s+)?(?:[\w-]+\s+){0,3}?loans?\b", re.I
)
UNDERWRITING_NOT_READ = narrative.UNDERWRITING_NOT_READ
# the loans a statement before named: "Of the remainder, 4% were originated under reduced documentation programs"
_THE_REST = re.compile(r"\bthe\s+(?:remainder|remaining|rest)\b", re.I)


def note_unread_underwriting(deal: Deal, prose: narrative.ProseText, corrected: str) -> Deal:
    """``deal`` with a warning for each statement of the pool's loans' underwriting or documentation (a share of
    them, ``_UNDERWRITING_WORDS``) that no underwriting share was read from: "in the filing but not read", never
    lost in silence ("Full documentation loans represent 94% of the mortgage loans" too). Statements of other loans
    than the pool's (a servicer's portfolio) are theirs, and not named."""
    if not _UNDERWRITING_WORDS.search(corrected):
        return deal
    shares = [share for pool in deal.pools for share in pool.underwriting]
    said = [
        UNDERWRITING_NOT_READ.format(_quoted(sentence, _figure_after(sentence.text, _UNDERWRITING_WORDS)))
        for sentence in _sentences(prose, corrected)
        if not (sentence.others and opens_on_other_loans(sentence.text, prose.text))
        and not any(_read_from(share, sentence) for share in shares)
        and _UNDERWRITING_WORDS.search(sentence.text)
        and (_LOANS.search(sentence.text) or _THE_REST.search(sentence.text))
        and _A_SHARE_OF_THE_LOANS.search(sentence.text)
    ]
    return replace(deal, warnings=tuple(dict.fromkeys((*deal.warnings, *said)))) if said else deal


def note_unread_class_balances(deal: Deal, prose: narrative.ProseText, corrected: str) -> Deal:
    """``deal`` with a doubt on each class whose principal balance a sentence of the prose states
    (``classes.balances_stated``) and none was read: "in the filing but not read", never lost in silence (a list of
    the classes' balances in a layout no rule reads left the deal "reconciled", its classes' balances unstated). A
    class the filing names nowhere else is listed with it; the check of the classes adding up to the deal then could
    not run."""
    held = {c.name: c for c in deal.classes}
    said: dict[str, Provenance] = {}
    for start, end in narrative.sentence_spans(prose.text):
        text = corrected[start:end].replace("\n", " ")
        if "$" not in text or not text.strip():
            continue
        for name in classes.balances_stated(prose.text, start, text):
            known = held.get(name)
            if name in said or (known is not None and known.initial_balance is not None):
                continue
            if known is not None and provenance_of(known, "initial_balance") is not None:
                continue  # already doubted: "the filing writes it as ..."
            sentence = _Sentence(text, WHOLE_DEAL, prose.lines_between(start, end))
            said[name] = Provenance(
                "initial_balance",
                sentence.lines,
                (f"the filing states it in {_quoted(sentence, _a_classs_figure(text, name))}, which was not read",),
            )
    if not said:
        return deal
    listed = [replace(c, provenance=(*c.provenance, said[c.name])) if c.name in said else c for c in deal.classes] + [
        CertificateClass(name, provenance=(note,)) for name, note in said.items() if name not in held
    ]
    missing = [f"class {name} initial balance" for name in said if name not in held]
    warnings = [f"class {name} initial_balance: {note.warnings[0]}" for name, note in said.items()]
    return replace(
        deal,
        classes=tuple(listed),
        missing=(*deal.missing, *missing),
        warnings=tuple(dict.fromkeys((*deal.warnings, *warnings))),
    )


def _a_classs_figure(text: str, name: str) -> int:
    """Where the first dollar figure after the class's name ends: how much of the sentence its doubt quotes."""
    named = re.search(rf"\b{re.escape(name)}\b", text)
    figure = re.compile(r"\$\s*\d[\d,]*(?:\.\d+)?").search(text, named.end()) if named else None
    return figure.end() if figure else 0


def _read_from(share: UnderwritingShare, sentence: _Sentence) -> bool:
    """Whether the share was read from the sentence: on its lines, and in its words (a sentence sharing a line with
    the one read, "... policies. Of the remainder, 4% were ...", is not read by it)."""
    return bool(set(share.source_lines) & set(sentence.lines)) and " ".join(share.wording.split()) in " ".join(
        sentence.text.split()
    )


def _figure_after(text: str, words: re.Pattern[str]) -> int:
    """Where the last of the words, or the first percent after them, ends: how much of the sentence a warning quotes
    (the words naming the policy, "... under a reduced documentation program", and its share)."""
    named = [m.end() for m in words.finditer(text)]
    end = named[-1] if named else 0
    share = _A_PERCENT.search(text, named[0] if named else 0)
    return max(end, share.end() if share else 0)


# The key metrics' other figures, which ``Deal.missing`` does not name (a filing need not state them), but which
# a report would call "not stated in this filing" where the filing states them in words not read ("No more than
# 7,749,519 of the mortgage loans are ... in any one zip code", no "$"): a sentence in their rule's words with a
# figure of any kind says they are there. (Their figure's kind is not asked: the words alone tell the fact.)
_OTHER_KEY_FIGURES = {
    "largest_zip_balance": _RULES["largest_zip_balance"].trigger,
    "balance_above_80_ltv": _RULES["balance_above_80_ltv"].trigger,
    # its rule reads "at least 98% ... primary residence"; any words that name the residence name the fact
    "primary_residence_min_pct": re.compile(r"primary\s+residence|(?<![-\w])owner[-\s]occupied", re.I),
}
_A_FIGURE = re.compile(r"(?<![\w.])\.?\d")


# The limits every loan meets (``metrics.LIMITS``; the balance above 80% LTV is a key figure above), which a
# filing need not state either: a sentence about the loans in a limit's words (not an average's: "the weighted
# average original term"), with a bound's words and a figure of the limit's kind, says the limit is there
# ("No mortgage loan's scheduled maturity falls after May 1, 2034"). The cut-off date ("as of May 1, 2004") and
# the 80% that picks out the loans above 80% are no limit's figures.
@dataclass(frozen=True)
class _LimitWords:
    words: re.Pattern[str]  # the limit's own words
    figure: re.Pattern[str]  # a figure of its kind
    pair: str = ""  # the other end of its range: a sentence it was read from states this end, if at all, there


_A_DATE = DATE_PATTERN
_AN_AMOUNT = re.compile(r"\$\s*\d|(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])|\d\s*(?:thousand|million)\b", re.I)
_A_TERM = re.compile(r"\d\s*[\s-]\s*(?:years?|months?)\b", re.I)
_A_PERCENT = re.compile(r"\d\s*(?:%|percent\b)", re.I)
_MATURITY = re.compile(r"\bmatur\w*", re.I)
_ORIGINATED = re.compile(r"\boriginated\b|\borigination\s+dates?\b|\bdates?\s+of\s+origination\b", re.I)
_ORIGINAL_BALANCE = re.compile(rf"\b{ranges._ORIGINAL_BALANCE}", re.I)
_ORIGINAL_TERM = re.compile(r"\boriginal\s+(?:stated\s+)?(?:terms?|maturit(?:y|ies))\b", re.I)
_LIMITS = {
    "latest_maturity": _LimitWords(_MATURITY, _A_DATE),
    "originated_not_before": _LimitWords(_ORIGINATED, _A_DATE, "originated_not_after"),
    "originated_not_after": _LimitWords(_ORIGINATED, _A_DATE, "originated_not_before"),
    "original_balance_min": _LimitWords(_ORIGINAL_BALANCE, _AN_AMOUNT, "original_balance_max"),
    "original_balance_max": _LimitWords(_ORIGINAL_BALANCE, _AN_AMOUNT, "original_balance_min"),
    "original_term_min_years": _LimitWords(_ORIGINAL_TERM, _A_TERM, "original_term_max_years"),
    "original_term_max_years": _LimitWords(_ORIGINAL_TERM, _A_TERM, "original_term_min_years"),
    "max_ltv": _LimitWords(re.compile(r"loan[\s-]+to[\s-]+value|\bLTVs?\b", re.I), _A_PERCENT),
}
_A_BOUND = re.compile(
    r"\b(?:maximum|minimum|highest|lowest|largest|smallest|greatest|least|earliest|latest|first|last"
    r"|(?:more|less|later|earlier|greater|fewer|longer|shorter)\s+than|exceed\w*|in\s+excess|prior\s+to|before|after"
    r"|between|from|rang\w*|up\s+to|at\s+most|through)\b",
    re.I,
)
_AN_AVERAGE_S = re.compile(r"\baverage\s+$", re.I)


def _each_pools_figure_alone(deal: Deal, fact: MissingFact, sentence: _Sentence) -> bool:
    """Whether the sentence gave each pool its figure of the fact, read, and lists no more figures of its kind than
    there are pools: the whole deal's is not among them, however the sentence names every pool ("Pool I, pool II
    and pool III mortgage loans having ... $4,912,083, $959,086 and $2,037,940, respectively, ..., but no mortgage
    loans in all pools had ...")."""
    rule = _RULES.get(fact.field)
    pools = [p for p in deal.pools if not p.is_whole_deal]
    if fact.pool != WHOLE_DEAL or rule is None or len(pools) < 2:
        return False
    for pool in pools:
        said = provenance_of(pool, fact.field)
        if getattr(pool, fact.field, None) is None or not (said and set(said.source_lines) & set(sentence.lines)):
            return False
    return max((len(run) for run in narrative.value_runs(sentence.text, rule.kind)), default=0) <= len(pools)


def _another_pools_limit(deal: Deal, fact: MissingFact, sentence: _Sentence) -> bool:
    """Whether the sentence's one LTV limit names another pool's loans, and was read as that pool's ("no pool II
    mortgage loans had an LTV over 90%"): it states no limit of this pool's, read or not."""
    if fact.field != "max_ltv" or not ranges.one_pools_ltv_limit(sentence.text):
        return False
    return any(
        p.name != fact.pool and p.max_ltv is not None and set(lines_of(p, "max_ltv")) & set(sentence.lines)
        for p in deal.pools
    )


def _other_end_read(deal: Deal, fact: MissingFact, sentence: _Sentence) -> bool:
    """Whether the sentence is where the other end of the limit's range was read from: "of no more than
    $1,000,000" states a greatest balance, read, and no least."""
    limit = _LIMITS.get(fact.field)
    pool = deal.pool(fact.pool)
    said = provenance_of(pool, limit.pair) if limit and limit.pair and pool is not None else None
    return bool(said and set(said.source_lines) & set(sentence.lines))


@functools.lru_cache(maxsize=64)  # asked of one sentence for each pool and limit: a long one once
def _without_extremes_of_averages(text: str) -> str:
    return narrative._mask(text, narrative._AN_EXTREME_OF_AVERAGES)


@functools.lru_cache(maxsize=64)  # the same for both ends of a range, and for every pool: a long sentence once
def _names_a_limit(text: str, words: re.Pattern[str], figure: re.Pattern[str]) -> bool:
    """Whether the sentence names a limit in its ``words`` (not an average's), a bound, and a ``figure`` of its kind."""
    named = any(not _AN_AVERAGE_S.search(text, max(0, m.start() - 30), m.start()) for m in words.finditer(text))
    if not named or not _LOANS.search(text) or not _A_BOUND.search(text):
        return False
    if figure is _A_DATE and not ranges.DATE_HINT.search(text):
        return False  # no date: a long sentence is not looked through for one
    return figure.search(_AN_ABOVE_80.sub(" ", MEASURED_AT.sub(" ", text))) is not None


def _wanted_of_each_pool(deal: Deal, fields: Iterable[str]) -> list[MissingFact]:
    """Each pool's figures of ``fields`` that have no value and nothing said of them yet: ``Deal.missing`` does
    not name them (a filing need not state them), but a report would call them not stated."""
    return [
        fact
        for pool in deal.pools
        for field in fields
        if getattr(pool, field) is None
        and not _stated_as_a_share(pool, field)
        and _unexplained(deal, fact := MissingFact(pool.name, None, field)) is not None
    ]


def _stated_as_a_share(pool: Pool, field: str) -> bool:
    """Whether the pool holds the share of the balance the filing states in place of the amount ``field``
    (``SHARE_IN_PLACE_OF``): the amount is then not stated, and its sentence was read."""
    share = SHARE_IN_PLACE_OF.get(field)
    return share is not None and getattr(pool, share[0]) is not None


def _unexplained(deal: Deal, fact: MissingFact) -> object | None:
    """The holder of a missing fact that nothing says anything about yet (None: no such holder, or the
    narrative already doubts it: "the filing writes it as '$619,8 million'")."""
    pool = deal.pool(fact.pool)
    if pool is None:
        return None
    holder: object = pool
    if fact.group is not None:
        if pool.premium_discount is None:
            return None
        holder = getattr(pool.premium_discount, fact.group)
    said = provenance_of(holder, fact.field)
    return None if said and (said.warnings or said.source_lines) else holder


# A list's item or "such" loans: the additional collateral loans' (read as theirs), or loans named before
_A_LIST_OR_SUCH_LOANS = _rx(_LISTED_OR_SUCH)


@functools.lru_cache(maxsize=2)  # asked by both of a filing's safety nets, the figures' and the underwriting's
def _sentences(prose: narrative.ProseText, corrected: str) -> tuple[_Sentence, ...]:
    found = []
    context = WHOLE_DEAL
    # the filing's own sentences: a clause left after a blanked one (a portfolio's, ``extract_prose_facts``) is
    # its sentence's rest, never run on from the sentence before
    for start, end in narrative.sentence_spans(prose.text):
        text = corrected[start:end].replace("\n", " ")
        if not text.strip():  # blanked: a correction's, another document's, or other loans' (the narrative's)
            original = prose.text[start:end].replace("\n", " ")
            if opens_on_other_loans(original, prose.text):
                found.append(_Sentence(original, context, prose.lines_between(start, end), others=True))
            continue
        if mark := narrative._CONTEXT_MARK.match(text):
            context = mark.group(1)
            continue
        if narrative._UNTIED_MARK.match(text):  # its loans' figures blanked: no pool's (``kind_headings``)
            continue
        # a subset's figures, or a list item's (an aside naming one leaves the sentence the pool's); the loans of
        # the filing's own series ("the Series 2004-3 mortgage loans") are the pool's, as the narrative reads them
        if _of_a_subset(text, prose) and _A_LIST_OR_SUCH_LOANS.search(_plain(text)):
            continue  # their figures shown as theirs, or the loans' words a sentence before
        # a clause stating a figure of some of the loans named after it ("..., and ... of 360 months for those in
        # California"): its own sentence, some loans', and the rest the sentence's
        if clauses := narrative.clauses_of_some_loans(text, prose.text):
            letters = list(text)
            for opens, closes in clauses:
                lines = prose.lines_between(start + opens, start + closes)
                found.append(_Sentence(text[opens:closes], context, lines, others=True))
                letters[opens:closes] = " " * (closes - opens)
            text = "".join(letters)
        if not text.strip():
            continue
        start += len(text) - len(text.lstrip())
        deals = narrative.the_whole_deals_in_a_section(text, context, prose.text) is not None
        every = context != WHOLE_DEAL and narrative.names_every_pool(text)
        lines = prose.lines_between(start, end)
        found.append(
            _Sentence(text, context, lines, others=_of_a_subset(text, prose), the_whole_deals=deals, every_pool=every)
        )
    return tuple(found)


def _plain(text: str) -> str:
    """A sentence without its asides, nor the loans for which additional collateral is accounted: naming some of
    the loans there leaves it the pool's."""
    return _ACCOUNTING_FOR_COLLATERAL.sub(" ", narrative._ASIDE.sub(" ", text))


def _of_a_subset(text: str, prose: narrative.ProseText) -> bool:
    """Whether a sentence is about some of the loans only, as the narrative reads it (``_plain``)."""
    return narrative._of_a_subset(_plain(text), prose.text)


# A rate group's loans stated as a share of the pool's balance, in place of their own balance: "The premium loans and
# the discount loans represent approximately 98.60% and 1.40%, respectively, of the aggregate scheduled principal
# balance of the mortgage loans". No amount to read, but the groups' size is there: never "not stated".
_A_SHARE_OF_THE_BALANCE = re.compile(
    r"\d\s*(?:%|percent\b)[^.;%]{0,60}?\bof\s+the\s+(?:aggregate\s+)?(?:[\w-]+\s+){0,3}?(?:principal\s+)?balances?\b",
    re.I,
)
# The rate before the servicing fee named beside the net rate: "The weighted average interest rates ... before and after
# deduction of the servicing fee ... were 5.843% and 5.593%, respectively", "the weighted average net loan rate and the
# weighted average interest rate (before deduction of the servicing fee) ... were ...": the WAC is there, though the
# net rate's words are too. Set aside with the net rate's, the report said the filing does not state its WAC.
_BEFORE_THE_FEE = re.compile(
    r"\bbefore\s+(?:and\s+after\s+)?(?:the\s+)?(?:deduct(?:ion|ing)\s+(?:of\s+)?(?:the\s+)?)?servicing\s+fees?\b", re.I
)


def _states(sentence: _Sentence, fact: MissingFact, several_pools: bool) -> bool:
    """Whether the sentence is about the fact's loans and carries a figure of its kind, named in the rule's words
    or in words near the figure that name the fact's kind of measure."""
    if fact.field in _LIMITS and not _LIMITS[fact.field].words.search(sentence.text):
        return False  # first the limit's words: most sentences name none, and the rest of the look is slow
    text = _without_extremes_of_averages(sentence.text)
    if fact.field in _LIMITS and fact.field not in _RULES:  # a limit no pool fact rule reads
        limit = _LIMITS[fact.field]
        return _names_a_limit(text, limit.words, limit.figure) and _about(sentence, text, fact, several_pools)
    rule_name = _GROUP_FIELD_RULE[fact.field] if fact.group else fact.field
    rule = _RULES[rule_name]
    excluded = rule.exclude and rule.exclude.search(text) and not (rule_name == "wac" and _BEFORE_THE_FEE.search(text))
    if excluded or not _about(sentence, text, fact, several_pools):
        return False
    if fact.field in _LIMITS:  # the latest maturity: its rule's words are one wording of many
        limit = _LIMITS[fact.field]
        return _names_a_limit(text, limit.words, limit.figure)
    if fact.group and fact.field == "balance" and _A_SHARE_OF_THE_BALANCE.search(text):
        return True  # "The premium loans and the discount loans represent 98.60% and 1.40% ... of the aggregate ..."
    if fact.field in _OTHER_KEY_FIGURES:
        # of the loans: a cover's "(Address of principal executive offices) (Zip Code)" names no loans
        words = _OTHER_KEY_FIGURES[fact.field]
        if not (words.search(text) and _LOANS.search(text)):
            return False
        # a figure besides the words' own ("greater than 80%") and the dates
        return _A_FIGURE.search(DATE_PATTERN.sub(" ", words.sub(" ", text))) is not None
    return _named_by_the_rule(rule, text) or _named_near_a_figure(rule, text)


def _named_by_the_rule(rule: PoolFactRule, text: str) -> bool:
    """The rule's own words name the fact, and the sentence carries a figure of its kind."""
    counted = _COUNT_OF_LOANS.search(text) if rule.name == "loan_count" else None
    if counted and _A_COUNT.search(counted.group(0)):
        return True  # the count is in its words: "There were included in the Mortgage Pool 1,225 Mortgage Loans"
    if not (rule.trigger.search(text) or counted):
        return False
    kind = rule.kind  # the kind of figure the narrative reads for the fact: "money", "count", ...
    runs = narrative.value_runs(narrative._for_rule(rule, text), kind)
    if kind == "months" and not runs:
        runs = [[m.group(1)] for m in narrative._IN_YEARS.finditer(text)]  # a term in years: its kind too
    return any(value is not None for run in runs for value in run)


def _named_near_a_figure(rule: PoolFactRule, text: str) -> bool:
    """A figure (or a list of them) of the fact's kind, not a bound ("more than 360 months") nor a share of the
    loans ("12% of the mortgage loans"), with the fact's words near it and no other measure's nearer (``_Words``)."""
    words = _NEAR_A_FIGURE.get(rule.name)
    if words is None:
        return False
    text = DATE_PATTERN.sub(" ", narrative._ASIDE.sub(" ", text))  # neither stands between a figure and its words
    text = narrative._mask(narrative._mask(text, narrative._BOUND), narrative._SHARE_OF_LOANS)
    spans = narrative.run_spans(text, rule.kind)
    if rule.kind == "months":  # a term in years: its kind too
        spans = sorted(spans + [m.span() for m in narrative._IN_YEARS.finditer(text)])
    for at, (start, end) in enumerate(spans):  # a list of figures, and the words before and after it
        before = text[max(spans[at - 1][1] if at else 0, start - _NEAR) : start]
        after = text[end : min(spans[at + 1][0] if at + 1 < len(spans) else len(text), end + _NEAR)]
        if _names_the_fact(words, before, after):
            return True
    return False


def _names_the_fact(words: _Words, before: str, after: str) -> bool:
    """Whether the words just before and after a figure name the fact: the distinguishing word nearest the
    figure is the fact's own; or, none there, the words name its kind of measure."""
    if words.average and not (_AN_AVERAGE.search(before) or _AN_AVERAGE.search(after)):
        return False
    nearest = _nearest(words, before, after)
    if nearest is not None:
        return nearest
    if words.own_needed:
        return False
    return any(re.search(words.measure, side, re.I) for side in (before, after))


def _nearest(words: _Words, before: str, after: str) -> bool | None:
    """Whether the distinguishing word nearest the figure is the fact's own (None: there is none)."""
    found = []  # (distance from the figure, the fact's own)
    for own, pattern in ((True, words.own), (False, words.other)):
        found += [(len(before) - m.end(), own) for m in re.finditer(pattern, before, re.I)]
        found += [(m.start(), own) for m in re.finditer(pattern, after, re.I)]
    return min(found)[1] if found else None


def _about(sentence: _Sentence, text: str, fact: MissingFact, several_pools: bool) -> bool:
    """Whether the sentence is about the fact's loans: its pool (or the whole deal), and its rate group or
    the pool's loans themselves (not only its premium or discount loans)."""
    groups = {m.group("group").lower() for m in _GROUP_LOANS.finditer(text)}
    if fact.group is not None:
        if fact.group not in groups:
            return False
    elif groups and not _LOANS.search(_GROUP_LOANS.sub(" ", text)):
        return False  # only a rate group's figure: "the weighted average rates of the premium loans ..."
    if not several_pools:
        return True
    pools = {
        name.upper()
        for match in _POOLS_NAMED.finditer(text)
        for name in _A_POOL_NAME.findall(re.sub(POOL_WORD, " ", match.group("names"), flags=re.I))
    }
    if fact.pool == WHOLE_DEAL and sentence.context == WHOLE_DEAL:
        return not pools or _THE_WHOLE_DEAL.search(text) is not None  # "all mortgage loans", "as a whole"
    if fact.pool == WHOLE_DEAL:
        # In a pool's section, "all mortgage loans" alone are the pool's, as the narrative reads them (``_own_pool``);
        # the deal's named beside pools, as every pool's ("in all pools"), or perhaps ("... in the trust")
        beside_pools = bool(pools) and _THE_WHOLE_DEAL.search(text) is not None
        return beside_pools or sentence.every_pool or sentence.the_whole_deals
    return fact.pool in pools or (not pools and sentence.context == fact.pool and not sentence.every_pool)


def _a_rate_groups_figure(sentences: list[_Sentence], fact: MissingFact, several_pools: bool) -> _Sentence | None:
    """A sentence stating the figure of the pool's premium or discount loans that the pool's own is missing of
    ("The weighted average interest rates of the premium loans and the discount loans ... were 5.850% and 5.354%"),
    where the pool's is stated nowhere: theirs, never the pool's (the balance-weighted WAC of the two is no
    figure the filing states)."""
    field = _GROUP_FIELD.get(fact.field)
    if fact.group is not None or field is None:
        return None
    return next(
        (
            s
            for s in sentences
            if not s.others and any(_states(s, MissingFact(fact.pool, g, field), several_pools) for g in _GROUPS)
        ),
        None,
    )


def _doubt(sentence: _Sentence, fact: MissingFact) -> str:
    return f"the filing states it in {_quoted(sentence, _the_facts_figure(sentence.text, fact))}, which was not read"


def _the_facts_figure(text: str, fact: MissingFact) -> int:
    """Where the fact's words (its rule's), and the first run of figures of its kind after them, end, where the
    sentence's first words leave them out: how much of it the doubt quotes ("(b) ... 357.95 months; and (c) a
    weighted average original term of 359.54 months": through the original term's words and figure, never only the
    item before); else 0, its first words."""
    rule = _RULES.get(_GROUP_FIELD_RULE[fact.field] if fact.group else fact.field)
    named = rule.trigger.search(text) if rule is not None else None
    if named is None or named.end() - (len(text) - len(text.lstrip())) <= _QUOTED:
        return 0
    return next((end for start, end in narrative.run_spans(text, rule.kind) if start >= named.start()), named.end())


def _quoted(sentence: _Sentence, through: int = 0) -> str:
    """The sentence's first words and its lines: "'As of May 1, 2004, there were 1,225 ...' (line 68)"; at least
    ``through`` characters of it, to a word's end (the words a warning must show), up to ``_MOST_QUOTED``."""
    text = sentence.text
    words = text.strip()
    through = min(through - (len(text) - len(text.lstrip())), _MOST_QUOTED)
    if len(words) > max(_QUOTED, through):
        if through > _QUOTED:
            words = words[:through] + re.match(r"\S*", words[through:]).group(0)
            words = words if len(words) == len(text.strip()) else words + " ..."
        else:
            words = words[:_QUOTED].rsplit(" ", 1)[0] + " ..."
    return f"{words!r} ({lines_text(sentence.lines)})"


def _others_figure(sentence: _Sentence, fact: MissingFact) -> str:
    """A figure the filing states of other loans than the pool's, or of some of them only (its premium or discount
    loans), where it states the pool's nowhere: said beside the "not stated" (which it is), never "in the filing
    but not read"; quoted through the words naming whose it is ("... originated by CitiMortgage") and its figure."""
    return (
        f"not stated for the pool's loans; the filing states it only for other loans or some of them, in "
        f"{_quoted(sentence, _whose_and_figure(sentence.text, fact))}, which is no figure of the pool's"
    )


def _whose_and_figure(text: str, fact: MissingFact) -> int:
    """Where the words naming whose a figure is (some of the loans, other loans, a rate group's) end, and the
    first run of figures of the fact's kind after them: how much of the sentence its warning quotes."""
    named = (
        found.end()
        for pattern in (narrative._SUBSET, _ABOUT_OTHER_LOANS)
        if (found := pattern.search(text)) is not None
    )
    named = (*named, *(end for _, end in narrative.figures_of_some_loans(text, "")))
    whose = max((*named, *(m.end() for m in _GROUP_LOANS.finditer(text))), default=0)
    kind = _RULES[_GROUP_FIELD_RULE[fact.field] if fact.group else fact.field].kind
    return next((end for _, end in narrative.run_spans(text, kind) if end > whose), whose)


def _named(label: str, fact: MissingFact) -> str:
    """The fact as a warning names it, as the narrative's doubts do: "All loans loan_count", "Pool I premium
    loans balance"."""
    return f"{label} {fact.group} loans {fact.field}" if fact.group else f"{label} {fact.field}"


def _with_doubt(pool, fact: MissingFact, said: Provenance):
    if fact.group is None:
        return replace(pool, provenance=(*(p for p in pool.provenance if p.field != fact.field), said))
    split: PremiumDiscount = pool.premium_discount
    group: RateGroup = getattr(split, fact.group)
    group = replace(group, provenance=(*(p for p in group.provenance if p.field != fact.field), said))
    return replace(pool, premium_discount=replace(split, **{fact.group: group}))
