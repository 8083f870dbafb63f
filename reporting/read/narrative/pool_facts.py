"""Reading the pool fact rules in a sentence: each rule's values paired with the sentence's subjects.

Also what is said and not read: a fact stated in another unit (an amount as a share, a term in years), a
sentence whose figures cannot be told apart by pool, a loan-to-value ratio stated only taking additional
collateral into account.
"""

from __future__ import annotations

import re

from reporting.model.deal import POOL_NAME, POOL_WORD, SHARE_IN_PLACE_OF, WHOLE_DEAL, Bound
from reporting.read import needed_words
from reporting.read.approximate import APPROXIMATELY
from reporting.read.narrative.clauses import _clauses
from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rules import (
    _ASIDE,
    _COLLATERAL_MEASURE,
    _GROUP_FIELDS,
    _PERCENT_FIGURE,
    _TOTALS,
    POOL_FACT_RULES,
    PoolFactRule,
    _for_rule,
    _rule_target,
)
from reporting.read.narrative.sentences import _RESPECTIVELY
from reporting.read.narrative.subjects import (
    _SUBJECT,
    Subject,
    _each_pool_named,
    _loans_named,
    subject_runs,
    subjects_of,
)
from reporting.read.narrative.values import (
    _IN_YEARS,
    Damaged,
    NotGiven,
    _mask,
    _rx,
    _value_runs_at,
    _values_found,
    figure,
    said_none,
    value_runs,
)


def _read_parts(facts: ProseFacts, rules: list[PoolFactRule], parts: list[str]) -> None:
    """Each part's total, for the totals the sentence states of the whole: given to the loans the part
    names (a pool, its premium or discount loans); a part that names none ("of which $5,368,851 have
    ...") gives nothing, never the whole's subject another figure."""
    for part in parts:
        if subject_runs(part):
            for rule in rules:
                if rule.name in _TOTALS:
                    _apply_rule(facts, rule, part)


_WA_LTV = next(rule for rule in POOL_FACT_RULES if rule.name == "wa_ltv")


def _measures_named(part: str) -> set[bool]:
    """The loan-to-value measures a part of a sentence names: True, taking additional collateral into account."""
    return {not measure.group("without") for measure in needed_words.finditer(_COLLATERAL_MEASURE, part)}


def _plain_loan_to_value(sentence: str) -> tuple[str, str | None]:
    """A WA LTV sentence stating it taking additional collateral into account too: the sentence with that
    measure's words and figures masked, the plain ratio's left ("were 67.6%, ..., respectively (67.5%, ...,
    respectively, taking into account ...)"; "taking into account ..., was 64.4% (64.5% without taking such
    collateral into account)"); and why the ratio is not read, where no plain figure is left or which is
    which cannot be told."""
    if not (needed_words.search(_COLLATERAL_MEASURE, sentence) and needed_words.search(_WA_LTV.trigger, sentence)):
        return sentence, None
    other: list[tuple[int, int]] = []  # the other measure's figures
    named: set[bool] = _measures_named(_mask(sentence, _ASIDE))
    unclear = False
    for aside in _ASIDE.finditer(sentence):
        said = _measures_named(aside.group(0))
        if not _PERCENT_FIGURE.search(aside.group(0)):
            named |= said  # "(without taking into account any additional collateral)": the sentence's own figures
        elif said == {True}:
            other.append(aside.span())
        unclear |= said == {True, False}
    unclear |= named == {True, False}
    if unclear or named == {True}:
        text = sentence if unclear else _mask(sentence, _ASIDE)
        other += [figure.span() for figure in _PERCENT_FIGURE.finditer(text)]
    letters = list(sentence)
    for start, end in other:
        letters[start:end] = "#" * (end - start)
    masked = _mask("".join(letters), _COLLATERAL_MEASURE)
    figures = ", ".join(
        [f.group(0) for start, end in other for f in _PERCENT_FIGURE.finditer(sentence, start, end)][:8]
    )
    if unclear:
        return masked, f"stated with and without additional collateral ({figures}), which is which not told; not read"
    if not _PERCENT_FIGURE.search(masked):
        return masked, f"stated only taking additional collateral into account ({figures}), another measure; not read"
    return masked, None


_THE_LOANS = _rx(r"\b(?:the|each)\s+mortgage\s+loans?\b")


def _another_pool_beside_the_sections(sentence: str, section: str) -> str | None:
    """In a pool's section, a sentence about "the mortgage loans" (the section's) that also names another
    pool ("At least 97% of the mortgage loans, unlike the pool I mortgage loans, ..."): that pool."""
    if section == WHOLE_DEAL or any(len(run) > 1 for run in subject_runs(sentence)):
        return None  # a list of pools ("the pool I, pool II and pool III mortgage loans") names each
    named: set[str] = set()

    def whose(mention: re.Match[str]) -> str:
        """A mention that names whose loans, blanked (and its pool noted): what is left names no one."""
        if mention.group("pool"):
            named.add(mention.group("pool").upper())
        qualified = mention.group("pool") or mention.group("group") or mention.group("all")
        return "#" * len(mention.group(0)) if qualified else mention.group(0)

    unnamed = _SUBJECT.sub(whose, _each_pool_named(sentence))
    others = named - {section}
    # "the mortgage loans", "each mortgage loan": the section's ("mortgage loans with net loan rates
    # ...", "will be mortgage loans originated ..." describe loans, and name no one's)
    bare = _THE_LOANS.search(unnamed) is not None
    return next(iter(others)) if len(others) == 1 and bare else None


def _values_of_each_fact(
    facts: ProseFacts, named: list[tuple[PoolFactRule, re.Match[str]]], sentence: str
) -> list[tuple[PoolFactRule, list[object]]]:
    """The values of each of several facts one sentence states, or none where they cannot be told apart.

    Each fact's values follow its own words ("a weighted average remaining term of 357.95
    months and a weighted average original term of 359.54 months"), or the facts are
    listed first and their values after them, in the same order ("the weighted average
    interest rate, remaining term and loan-to-value ratio ... were 5.843%, 357.95 months
    and 64.5%, respectively"). Otherwise the first value of a kind would go to every fact
    of that kind: none of them is read, and the filing's lines say why.
    """
    if _loans_apart(
        subject_runs(sentence)
    ):  # "The pool II ... had a WAC of 5.486% and the pool III ... an LTV of 70.2%"
        for rule, _ in named:
            _not_told_apart(facts, rule, sentence)
        return []
    named = sorted(named, key=lambda item: item[1].start())
    ends = [match.start() for _, match in named[1:]] + [len(sentence)]
    own = [
        value_runs(_for_rule(rule, sentence[match.start() : end]), rule.kind) for (rule, match), end in zip(named, ends)
    ]
    tail = sentence[named[-1][1].end() :]
    listed = sorted(
        (start, kind, value)
        for kind in {rule.kind for rule, _ in named}
        for start, _, value in _values_found(tail, kind)[0]
        if value is not None and not isinstance(value, Damaged)
    )
    one_subject = len(subjects_of(sentence, facts.context)) == 1
    in_order = one_subject and [kind for _, kind, _ in listed] == [rule.kind for rule, _ in named]
    by_listing = [(rule, [value]) for (rule, _), (_, _, value) in zip(named, listed)]
    # "respectively" says the facts are listed first and their values after them, in order: the
    # values just before it, one a fact. A figure between the facts' words, or in a clause after
    # them ("of the loans (none above 95%) were 64.5% and 357.95 months, respectively"), is none
    # of theirs.
    if one_subject and (respectively := needed_words.search(_RESPECTIVELY, tail)):
        last = [item for item in listed if item[0] < respectively.start()][-len(named) :]
        if [kind for _, kind, _ in last] == [rule.kind for rule, _ in named]:
            return [(rule, [value]) for (rule, _), (_, _, value) in zip(named, last)]
    # A fact whose kind of value no other fact shares takes the sentence's first value of that
    # kind, wherever it stands ("No more than $7,749,519 of the ... loans ... in any one zip code").
    alone = {kind for kind in {rule.kind for rule, _ in named} if sum(rule.kind == kind for rule, _ in named) == 1}
    chosen = [(rule, runs[0]) for rule, _ in named if rule.kind in alone and (runs := _runs_for(rule, sentence))]
    # Facts sharing a kind: each its own words' values. One with none is only named ("..., which
    # exceeds the weighted average remaining term"), unless a value of its kind follows: that
    # value may be its, or the next fact's.
    shared = [(item, runs) for item, runs in zip(named, own) if item[0].kind not in alone]
    # A value of a shared kind before the first fact's words ("... balances of $4,912,083 ... had
    # loan-to-value ratios in excess of 80%, and no more than $4,538,332 ... zip code"): the values
    # come before their facts' words. Each fact takes those just before its own words, if every
    # fact of the kind has some; else none can be told apart.
    unsure: list[PoolFactRule] = []
    for kind in {rule.kind for (rule, _), _ in shared}:
        of_kind = [(rule, match) for (rule, match), _ in shared if rule.kind == kind]
        if not value_runs(sentence[: of_kind[0][1].start()], kind):
            continue
        starts = [0] + [match.end() for _, match in of_kind[:-1]]
        before = [value_runs(sentence[start : match.start()], kind) for start, (_, match) in zip(starts, of_kind)]
        if all(before):
            chosen += [(rule, runs[-1]) for (rule, _), runs in zip(of_kind, before)]
        else:
            unsure += [rule for rule, _ in of_kind]
        shared = [(item, runs) for item, runs in shared if item[0].kind != kind or item[0] in unsure]
    unsure += [
        rule
        for (rule, match), runs in shared
        if rule not in unsure and not runs and value_runs(sentence[match.end() :], rule.kind)
    ]
    if not unsure:
        return chosen + [(rule, runs[0]) for (rule, _), runs in shared if runs]
    if in_order:
        return by_listing
    kinds = {rule.kind for rule in unsure}
    doubted = [rule for rule, _ in named if rule.kind in kinds]
    what = ", ".join(rule.name for rule in doubted)
    facts.warnings.append(f"{what}: one sentence states them all, and its values cannot be told apart; not read")
    for subject in subjects_of(sentence, facts.context):
        for rule in doubted:
            facts.doubt(_rule_target(subject, rule.name), facts.warnings[-1].split(": ", 1)[1], listed=True)
    return chosen + [(rule, runs[0]) for (rule, _), runs in shared if runs and rule not in doubted]


def _apply_rule(facts: ProseFacts, rule: PoolFactRule, sentence: str, values: list[object] | None = None) -> None:
    """The rule's fact for each subject of the sentence: its first run of values, or ``values``."""
    if values is None and (clauses := _clauses(_for_rule(rule, sentence), rule.kind, facts.context, rule.trigger)):
        for clause_subjects, clause_values in clauses:
            _put_rule(facts, rule, sentence, clause_subjects, clause_values)
        return
    subjects = subjects_of(sentence, facts.context)
    if values is None:
        if not (runs := _runs_for(rule, sentence)):
            _in_another_unit(facts, rule, sentence, subjects)
            return
        if _loans_apart(subject_runs(sentence)):
            _not_told_apart(facts, rule, sentence)
            return
        if _figures_name_their_loans(sentence):
            # the sentence's own subject too: the loans its figure would have gone to ("the mortgage loans")
            brackets_aside = _mask(sentence, _ASIDE)
            _not_told_apart(
                facts,
                rule,
                sentence,
                "one sentence names the loans of a figure in brackets",
                subjects_of(brackets_aside, facts.context),
            )
            return
        if rule.average and len(runs) > 1 and len(subjects) == 1:
            _two_averages(facts, rule, subjects[0], runs)
            return
        values = runs[0]
    _put_rule(facts, rule, sentence, subjects, values)


# "No more than 1.25% of the mortgage loans are secured by ... any one zip code": a share of the loans
# where the fact is an amount. It is not read as one (a share of which balance, rounded how?), but said.
_SHARE_OF_LOANS = _rx(
    # one way through each gap between shares (", and ", " and ", ", ", " "): "\s*,?\s*" had two ways
    # through each space, 2^12 in all, at every figure of a long run of them
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b)(?:(?:\s*,\s*|\s+)(?:and\s+)?\d+(?:\.\d+)?\s*(?:%|percent\b)){0,12}"
    r",?\s+(?:respectively,?\s+)?of\s+(?:the\s+)?(?:[\w-]+\s+){0,6}?(?:loans|balances?)\b"
)


# The words bounding a share, just before it: "no more than 1.3%", "less than approximately 1%"; "at least 1%".
_AT_MOST = r"(?:no|not)\s+(?:more|greater)\s+than|(?:less|fewer)\s+than|at\s+most|up\s+to|under|below"
_SHARE_BOUNDED = _rx(
    rf"\b(?:(?P<at_most>{_AT_MOST})|at\s+least|(?:more|greater)\s+than|in\s+excess\s+of|over|above|exceed\w*)"
    rf"\s+(?:{APPROXIMATELY}\s+)?$"
)
_BOUND_WORDS_BEFORE = 40  # characters before a share where its bound's words are looked for


def _read_share(
    facts: ProseFacts, rule: PoolFactRule, sentence: str, share: re.Match[str], subjects: list[Subject]
) -> bool:
    """An amount the filing states as a share of the balance in its place (``SHARE_IN_PLACE_OF``): each share read
    as the pool's fact holding it, as stated (approximately, a bound: "no more than 1.3%" of any one zip code).
    False where no share is read: a rate group's, or a bound where a figure is wanted ("no more than 1%" of the
    loans above 80% LTV), said by the caller."""
    if rule.name not in SHARE_IN_PLACE_OF or not subjects or any(subject.group for subject in subjects):
        return False
    name, bound = SHARE_IN_PLACE_OF[rule.name]
    bounded = _SHARE_BOUNDED.search(sentence, max(0, share.start() - _BOUND_WORDS_BEFORE), share.start())
    if bounded is not None and not (bounded.group("at_most") and bound is Bound.NO_MORE_THAN):
        return False
    run = next((run for start, end, run in _value_runs_at(sentence, "percent") if start <= share.start() < end), None)
    if not run:
        return False
    for subject, value in facts.pair(subjects, run, name, sentence, lambda s: ("pool", s.pool, name), each=False):
        facts.set_pool(subject.pool, name, value)
    return True


def _in_another_unit(facts: ProseFacts, rule: PoolFactRule, sentence: str, subjects: list[Subject]) -> None:
    """A fact stated in another unit than its own is not read, but said: an amount as a share of the
    loans (but where the pool holds that share: ``_read_share``), a term in months as years (which rounding
    would make it months?)."""
    trigger = rule.trigger.search(sentence)
    if trigger and rule.kind == "money" and rule.value_precedes:
        share = needed_words.search(_SHARE_OF_LOANS, sentence)
        if share and _read_share(facts, rule, sentence, share, subjects):
            return
        why = f"stated as a share of the loans ({share.group(1)}%), not an amount; not read" if share else None
    elif trigger and rule.kind == "months" and rule.value_follows:
        years = _IN_YEARS.search(sentence, trigger.end())
        why = f"stated in years ({years.group(1)} years), not months; not read" if years else None
    else:
        why = None
    if why:
        targets = tuple(_rule_target(subject, rule.name) for subject in subjects)
        facts.in_other_units.append((rule.name, why, targets, facts.spans))


def _say_other_units(facts: ProseFacts) -> None:
    """Each fact stated only in another unit, said; where the filing states it in its own unit too
    (in a note under a table, or a sentence before or after), that stands and nothing is lost."""
    for name, why, targets, spans in facts.in_other_units:
        stores = {"pool": facts.pool_facts, "class": facts.class_facts}
        unread = [t for t in targets if t[0] not in stores or stores[t[0]].get(t[1], {}).get(t[2]) is None]
        if unread:
            facts.spans = spans
            facts.warnings.append(f"{name}: {why}")
            for target in unread:
                facts.doubt(target, why, listed=True)


# "were 663 (pool I), 154 (pool II), 153 (pool III) and 970 (the mortgage loan pool as a whole)": each
# figure followed by the loans it is of, in brackets.
_FIGURE_THEN_ITS_LOANS = re.compile(r"\d\s*+(?:(?:%|percent)\s*+)?\(([^()]{1,100})\)", re.I)
# "was 5.843% (5.354% for the discount loans)": a figure in brackets with other loans' name ("(of which
# $611,102,780 are premium loans)" is a part of the loans, read as one: see _OF_WHICH). A defined term alone in
# brackets, '("Group 1 Loans")', '(the "1999 Loans")', names the loans before it and holds no figure.
_BRACKET_WITH_A_FIGURE = re.compile(
    r"\((?!\s*of\s+which\b)(?!\s*(?:the\s+)?[\"\u201c][^()\"\u201d]{1,60}[\"\u201d]\s*\))([^()]{0,100}\d[^()]{0,100})\)",
    re.I,
)


def _figures_name_their_loans(sentence: str) -> bool:
    """Whether a figure names its loans in brackets after it ("663 (pool I)", "... and 970 (the mortgage loan
    pool as a whole)"), or brackets hold other loans' figure ("5.843% (5.354% for the discount loans)"): no
    rule reads such figures yet, and the sentence's subject must not take the first of them (pool I's count
    as the deal's, the pool's WAC as the discount loans')."""
    return any(_names_loans(m.group(1)) for m in _FIGURE_THEN_ITS_LOANS.finditer(sentence)) or any(
        _names_loans(m.group(1)) for m in _BRACKET_WITH_A_FIGURE.finditer(sentence)
    )


# What a bracket after a figure may call its loans, short: "pool I", "group 2", "all", "in total".
_LOANS_IN_SHORT = _rx(rf"^\s*(?:for\s+|in\s+)?(?:the\s+)?(?:{POOL_WORD}\s+{POOL_NAME}\s*$|all\b|(?:in\s+)?total\b)")


def _names_loans(text: str) -> bool:
    return bool(subject_runs(text)) or _LOANS_IN_SHORT.match(text) is not None


def _loans_apart(runs: tuple[tuple[Subject, ...], ...]) -> bool:
    """Whether a sentence names loans in clauses apart, no one list of them the one it is about:
    two runs of subjects or more, as long as each other, and not the same ("... the pool I mortgage
    loans ..., while for the pool II mortgage loans ..."). One run longer than the others is the
    sentence's list ("the pool I, pool II and pool III mortgage loans ... $4,912,083, $959,086 and
    $2,037,940 ..., and no loans, other than two pool II mortgage loans, ...")."""
    longest = max((len(run) for run in runs), default=0)
    return len({tuple(run) for run in runs if len(run) == longest}) > 1


def _not_told_apart(
    facts: ProseFacts, rule: PoolFactRule, sentence: str, how: str | None = None, also: list[Subject] | None = None
) -> None:
    """A sentence naming loans in clauses apart (or as ``how`` says), whose figures do not stand one
    beside each: which is whose cannot be told, and none is read (for them, and for ``also``)."""
    named = [Subject(s.pool or facts.context, s.group) for run in subject_runs(sentence) for s in run]
    subjects = dict.fromkeys([*(also or []), *named])
    how = how or f"one sentence names {_loans_named([s.pool for s in subjects])} apart"
    said = f"{rule.name}: {how}, and whose figure is whose cannot be told; not read"
    targets = tuple(_rule_target(subject, rule.name) for subject in subjects)
    values = tuple(v for run in value_runs(_for_rule(rule, sentence), rule.kind) for v in run)
    if facts.correcting:  # a correction's sentence: its facts are set aside now
        for target in targets:
            facts.doubt(target, said)
        return
    facts.not_told_apart.append((said, targets, facts.spans, values))


def _digits(value: object) -> object:
    """A value to compare with one read elsewhere: a damaged one as its digits say ("($493,641,377.57)",
    an aside in brackets, is 493,641,377.57), never read as a figure."""
    if isinstance(value, Damaged):
        digits = re.sub(r"[^\d.]", "", value.text)
        return figure(digits) if re.fullmatch(r"\d+(?:\.\d+)?", digits) else value
    return value


def _say_not_told_apart(facts: ProseFacts) -> None:
    """Each sentence whose figures could not be told apart, said; unless its figures are those the
    filing states for its loans elsewhere, in the order it names them ("... of all mortgage loans
    ($493,641,377.57), which includes $80,602,219.93 of pool III mortgage loans" in a note): then
    nothing is in doubt."""
    for said, targets, spans, values in facts.not_told_apart:
        read = [facts.pool_facts.get(t[1], {}).get(t[2]) if t[0] == "pool" else None for t in targets]
        if values and None not in read and read == [_digits(v) for v in values]:  # in the order they are named
            continue
        facts.spans = spans
        facts.warnings.append(said)
        for target in targets:
            facts.doubt(target, said.split(": ", 1)[1], listed=True)


def _put_rule(facts: ProseFacts, rule: PoolFactRule, sentence: str, subjects: list[Subject], values: list) -> None:
    """The rule's values paired with its subjects, each stored as a pool's or a group's fact."""
    if rule.average:  # "71.2%, none and 68.0%": no average is zero; that pool's is not read, the others' are
        values = [NotGiven("none") if said_none(value) else value for value in values]
    pairs = facts.pair(subjects, values, rule.name, sentence, lambda s: _rule_target(s, rule.name), each=rule.each)
    for subject, value in pairs:
        if subject.group:
            if rule.name in _GROUP_FIELDS:
                facts._note_pool(subject.pool)
                key = (subject.pool, subject.group)
                name = _GROUP_FIELDS[rule.name]
                facts.put(_rule_target(subject, rule.name), facts.group_facts.setdefault(key, {}), name, value)
        else:
            facts.set_pool(subject.pool, rule.name, value)


def _two_averages(facts: ProseFacts, rule: PoolFactRule, subject: Subject, runs: list[list[object]]) -> None:
    """One subject, and its average given more than once ("the WAC of the loans above 6.000% was
    6.412%, and of all the loans 5.843%"): which is the pool's only the words say; none is read."""
    figures = ", ".join(str(value) for run in runs for value in run)
    facts.doubt(
        _rule_target(subject, rule.name),
        f"one sentence gives it {len(runs)} figures ({figures}), and which is the pool's cannot be told; not read",
    )


def _runs_for(rule: PoolFactRule, sentence: str) -> list[list[object]]:
    """The runs of values of the rule's kind: for a fact whose value follows its words, from its
    words on ("... prior to February 1, 2003, and none has a scheduled maturity later than May 1,
    2034"); else, or if none follow, from the sentence's start ("No more than $7,749,519 of the
    loans ... in any one zip code")."""
    sentence = _for_rule(rule, sentence)
    # A figure in brackets is an aside ("in any one zip code (in which the smallest loan is
    # $412,000) is $7,749,519"): the fact's own figure is outside them, where there is one.
    for text in (_mask(sentence, _ASIDE), sentence):
        match = rule.trigger.search(text) if rule.value_follows or rule.value_precedes else None
        if match and rule.value_precedes and (before := value_runs(text[: match.start()], rule.kind)):
            return [before[-1], *value_runs(text[match.start() :], rule.kind)]
        if runs := (value_runs(text[match.start() :], rule.kind) if match and rule.value_follows else []) or value_runs(
            text, rule.kind
        ):
            return runs
    return []
