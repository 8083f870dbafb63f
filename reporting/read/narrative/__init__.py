"""Facts stated in prose, resolved against the pools, classes or rate groups they name.

Detailed descriptions state facts as lists: "The weighted average interest rates of
the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans
and all mortgage loans ... were 6.132%, 5.486%, 5.716% and 5.962%, respectively."
Each sentence is read as three things: which fact it states (a trigger phrase),
whom it is about (the run of subjects it enumerates) and the values (the run of
numbers of the fact's kind). ``respectively`` pairs them in order; one value for
several subjects applies to all of them (unless the sentence says "respectively"
or breaks off); any other mismatch is recorded as a warning and nothing is
assigned, because a guessed number is worse than none.

Every fact keeps the filing lines of the sentence it was read from, and any doubt
about it: a sentence joined across a page break, a list that did not match its
subjects, a later sentence stating it differently. A sentence that calls a figure
wrong ("... was misstated as $704,547.57") is never read for figures; the facts it
names are marked instead.

The package reads in stages, each module below using only those above it:
``sentences`` (where sentences end), ``subjects`` (whom a sentence is about), ``values`` (its figures),
``text`` (the prose prepared, its lines kept), ``rows`` (table rows it names), ``facts`` (``ProseFacts``,
what is read and doubted), ``rules`` (the pool facts' words), ``clauses`` (a clause per pool),
``pool_facts`` (the rules applied), then one reader each for ``counts``, ``ranges``, ``classes``,
``collateral`` and ``corrections``. This module walks the sentences (``extract_prose_facts``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read import needed_words
from reporting.read.narrative.classes import _read_classes, is_class_item
from reporting.read.narrative.collateral import (
    UNDERWRITING_NOT_READ,
    _read_additional_collateral,
    _read_threshold,
    _read_underwriting,
)
from reporting.read.narrative.corrections import (
    _ANOTHER_DOCUMENTS_FIGURE,
    _AS_PREVIOUSLY,
    _CORRECTION,
    _REPLACED_BY,
    _mark_corrected,
    _names_a_row,
    _quotes_the_amended,
    _revision,
    _revision_words,
    _row_correction,
    _say_called_wrong,
    _say_other_documents,
)
from reporting.read.narrative.counts import _read_counts_listed
from reporting.read.narrative.facts import FactNote, ProseFacts, Target, not_exact, show
from reporting.read.narrative.fee_rates import read_rate_before_the_fee
from reporting.read.narrative.pool_facts import (
    _SHARE_OF_LOANS,
    _another_pool_beside_the_sections,
    _apply_rule,
    _plain_loan_to_value,
    _read_parts,
    _say_not_told_apart,
    _say_other_units,
    _values_of_each_fact,
)
from reporting.read.narrative.ranges import (
    _read_maturity_range,
    _read_max_ltv,
    _read_original_balance_range,
    _read_original_term_range,
    _read_origination_window,
    _read_pool_description,
)
from reporting.read.narrative.rows import RowCorrection, RowLabels
from reporting.read.narrative.rules import (
    _ABOUT_A_SUBSET,
    _AGGREGATE_BALANCE,
    _AN_EXTREME_OF_AVERAGES,
    _ASIDE,
    _BOUND,
    _INCLUDING,
    _SUBSET,
    ABOVE_80_RULES,
    NET_RATE_ASIDE,
    POOL_FACT_RULES,
    _for_rule,
    _of_a_subset,
    _parts_apart,
    _rule_target,
    clauses_of_some_loans,
    figures_of_some_loans,
    of_loans_above_80,
    opens_on_other_loans,
    other_loans_from,
    pools_loans_from,
    unsure_loans_from,
    without_figures_of_some_loans,
)
from reporting.read.narrative.sentences import _breaks_off, sentence_spans, split_sentences
from reporting.read.narrative.subjects import (
    Subject,
    class_names,
    in_the_whole_deal,
    names_every_pool,
    respectively,
    subjects_of,
)
from reporting.read.narrative.text import (
    _CONTEXT_MARK,
    _UNTIED_MARK,
    ProseText,
    build_prose,
    heading_context,
)
from reporting.read.narrative.values import _IN_YEARS, DAMAGED_NUMBER, MAX_FIGURE, _mask, run_spans, value_runs


def extract_prose_facts(
    text: str | ProseText, amending: bool = False, row_labels: list[str] | None = None
) -> ProseFacts:
    """The facts the prose states; ``amending``: the filing amends an earlier report, and what it
    tells of that report's figures is never read as its own. ``row_labels``: the labels of the rows of
    the filing's stratification tables, whose corrections are none of the pools' (``_row_correction``)."""
    prose = text if isinstance(text, ProseText) else ProseText(text)
    facts = ProseFacts(prose=prose, row_labels=RowLabels(tuple(row_labels or ())))
    corrected = list(prose.text)
    orphans = dict(prose.orphans)
    restated: list[tuple[tuple[tuple[int, int], ...], bool, str, str]] = []  # an amendment's "As previously reported"
    untied: int | None = None  # the line of the heading of a kind of no one pool whose section is being read
    for start, end in sentence_spans(prose.text):
        sentence = prose.text[start:end].replace("\n", " ")
        facts.spans, facts.fragment = ((start, end),), _breaks_off(sentence)
        if mark := _CONTEXT_MARK.match(sentence):
            facts.context, untied = mark.group(1), None
            continue
        if mark := _UNTIED_MARK.match(sentence):  # the loans of a kind of no one pool: whose, cannot be told
            untied = int(mark.group(1))
            continue
        if untied is not None and _of_untied_loans(facts, sentence, untied):
            corrected[start:end] = " " * (end - start)
            continue
        if opens_on_other_loans(sentence, prose.text):  # a servicer's portfolio, another series: nothing of the pool
            # A clause after them naming the pool's loans is read; one of loans it does not say are others is not
            # (whose they are cannot be told), but left for the safety net to say a pool's figure is there unread.
            own = pools_loans_from(sentence, prose.text)
            others = own or unsure_loans_from(sentence, prose.text) or end - start
            corrected[start : start + others] = " " * others
            if own is None:
                _say_unsure(facts, sentence[others:])
                continue
            start, sentence = start + own, sentence[own:]
            facts.spans = ((start, end),)
        if (others := other_loans_from(sentence, prose.text)) is not None:  # the clause about them: the same
            corrected[start + others : end] = " " * (end - start - others)
            end, sentence = start + others, sentence[:others]
            facts.spans = ((start, end),)
        if start in orphans:  # the rest of a sentence whose start is lost, its subjects with it: not read
            if _would_read(facts, sentence):
                facts.warnings.append(
                    f"the text at line {orphans[start]} goes on from a sentence broken by a page that the parser "
                    f"could not join ({sentence[:60]!r}...); not read"
                )
            continue
        if replaced := needed_words.search(_REPLACED_BY, sentence):
            corrected[start : start + replaced.end()] = " " * replaced.end()
            start, sentence = start + replaced.end(), sentence[replaced.end() :]
            facts.spans = ((start, end),)
        if row := _row_correction(facts, sentence, amending):
            corrected[start:end] = " " * (end - start)
            facts.row_corrections.append(row)
            continue
        if revised := _read_as_revision(facts, sentence):
            corrected[start:end] = " " * (end - start)
            continue
        if needed_words.search(_ANOTHER_DOCUMENTS_FIGURE, sentence):
            corrected[start:end] = " " * (end - start)
            for clause in sentence.split(";"):  # "The Term Sheet stated ...; the ... were ...": the rest is its own
                if needed_words.search(_ANOTHER_DOCUMENTS_FIGURE, clause):
                    _read_as_another_documents(facts, clause)
                else:
                    _read_sentence(facts, clause)
            continue
        facts.correcting = bool(
            revised is False or needed_words.search(_CORRECTION, sentence) or _quotes_the_amended(sentence, amending)
        )
        if amending and not facts.correcting and needed_words.search(_AS_PREVIOUSLY, sentence):
            corrected[start:end] = " " * (end - start)
            if not _names_a_row(facts, sentence):  # a row's figure restated: the table gives it, no pool
                restated.append((facts.spans, facts.fragment, facts.context, sentence))
            continue
        if facts.correcting:
            corrected[start:end] = " " * (end - start)
            facts.corrections = []
        _read_sentence(facts, sentence)
        if facts.correcting:
            _mark_corrected(facts, sentence)
    facts.correcting, facts.restating, context = False, True, facts.context
    for spans, fragment, section, sentence in restated:
        facts.spans, facts.fragment, facts.context = spans, fragment, section
        _read_sentence(facts, sentence)
    facts.restating, facts.context = False, context
    _say_called_wrong(facts)
    _say_other_units(facts)
    _say_not_told_apart(facts)
    _say_other_documents(facts)
    facts.corrected_text = "".join(corrected)
    _read_additional_collateral(facts, facts.corrected_text)
    facts.spans = ()
    return facts


def _read_as_revision(facts: ProseFacts, sentence: str) -> bool | None:
    """A sentence correcting a figure and stating the new one: the new one is read (``ProseFacts._revise``),
    and True. False where it is worded so but which figure is the new one of which fact cannot be
    read (then it calls a figure wrong, and none is read from it); None where it is no correction."""
    if (revision := _revision(sentence)) is None:
        return False if _revision_words(sentence) else None
    masked, new, old = revision
    scratch = ProseFacts(prose=facts.prose, context=facts.context, spans=facts.spans, revising=(new, old))
    _read_sentence(scratch, masked)
    if not scratch.revisions:
        return False
    facts.revising, facts.revisions = (new, old), []
    _read_sentence(facts, masked)
    facts.revising = None
    return True


def _read_as_another_documents(facts: ProseFacts, sentence: str) -> None:
    """A sentence telling what an earlier document stated: the facts it tells are noted, none read."""
    facts.correcting, facts.corrections = True, []
    _read_sentence(facts, sentence)
    facts.correcting = False
    if facts.corrections:
        match = needed_words.search(_ANOTHER_DOCUMENTS_FIGURE, sentence)
        around = sentence[max(0, match.start() - 40) : match.end() + 40].strip().rstrip(".")
        facts.other_documents.append((tuple(dict.fromkeys(facts.corrections)), facts.spans, around))
    facts.corrections = []


def _of_untied_loans(facts: ProseFacts, sentence: str, heading: int) -> bool:
    """Whether a sentence under a heading naming a kind tied to no one pool (on line ``heading``) states a figure of
    loans, as the parser would read it: it is no pool's nor the whole deal's, and not read (the heading noted, to be
    said once: ``ProseFacts.untied_read``). A class's figure is no loans': read as anywhere else."""
    scratch = ProseFacts(prose=facts.prose, context=facts.context, spans=facts.spans)
    _read_sentence(scratch, sentence, beside=False)
    if not any(target[0] != "class" for target in scratch.notes) and (scratch.notes or not scratch.warnings):
        return False
    if heading not in facts.untied_read:
        facts.untied_read.append(heading)
    facts.untied_lines.update(line for span in facts.spans for line in facts.prose.lines_between(*span))
    return True


def _say_unsure(facts: ProseFacts, clause: str) -> None:
    """A clause after one about other loans than the pool's, of loans it does not say whose: where it states a
    fact the parser reads, that it is not read."""
    if clause.strip() and _would_read(facts, clause):
        facts.warnings.append(
            f"a clause after one about other loans than the pool's ({clause[:60]!r}...) does not say whose loans "
            "it is about; not read"
        )


def _would_read(facts: ProseFacts, sentence: str) -> bool:
    """Whether the sentence states a fact the parser reads (on a scratch copy: nothing is kept)."""
    scratch = ProseFacts(prose=facts.prose, context=facts.context, spans=facts.spans)
    _read_sentence(scratch, sentence, beside=False)
    return bool(scratch.notes or scratch.warnings)


def _read_sentence(facts: ProseFacts, sentence: str, beside: bool = True) -> None:
    """The facts a sentence states; ``beside``: first look whether it names another pool beside the
    section's own loans, and then read nothing."""
    plain, unread = _plain_loan_to_value(sentence)
    whole = _parts_apart(_mask(plain, _INCLUDING))[0]  # "..., of which 3 are additional collateral loans": no subset
    if _of_a_subset(whole, facts.prose.text, _ABOUT_A_SUBSET):
        if is_class_item(sentence):  # a numbered item of the classes' list ("(b) class B-1, $6,170,000.00;"): no loans
            _read_classes(facts, sentence)
        return
    of_a_subset = _of_a_subset(whole, facts.prose.text)  # its figures a subset's, its bounds perhaps the pool's
    if beside and (other := _another_pool_beside_the_sections(sentence, facts.context)):
        if _would_read(facts, sentence):
            facts.warnings.append(
                f"a sentence in pool {facts.context}'s section names pool {other} beside its own loans "
                f"({sentence[:60]!r}...): whose figure is whose cannot be told; not read"
            )
        return
    if beside and (deals := the_whole_deals_in_a_section(sentence, facts.context, facts.prose.text)):
        _say_the_whole_deals_or_the_sections(facts, sentence, deals)
        return
    if not of_a_subset:
        rules = ABOVE_80_RULES if of_loans_above_80(whole, facts.prose.text) else None
        _read_pool_facts(facts, plain, unread, rules)
    for reader in _SENTENCE_READERS:
        reader(facts, sentence)


# A pool's section (its context mark) or a pool named ("pool II mortgage loans")
_A_POOL_NAMED = re.compile(
    rf"{_CONTEXT_MARK.pattern.strip('^$')}"
    rf"|\b{POOL_WORD}\s+({POOL_NAME})\s+(?:(?:premium|discount)\s+)?(?:mortgage\s+)?loans\b",
    re.I,
)


@functools.lru_cache(maxsize=2)
def _pools_of(prose: str) -> frozenset[str]:
    """The pools the prose has a section for or names ("pool II mortgage loans"), but the whole deal."""
    named = {(m.group(1) or m.group(2)).upper() for m in _A_POOL_NAMED.finditer(prose)}
    return frozenset(named - {WHOLE_DEAL.upper()})


def the_whole_deals_in_a_section(sentence: str, section: str, prose: str) -> str | None:
    """The words by which a sentence in a pool's section of a filing of several pools names its loans only as the whole
    deal's ("loans which are expected to be included in the trust", ``in_the_whole_deal``), or None (in a filing of one
    pool, the trust's loans are the pool's)."""
    if section == WHOLE_DEAL or (named := in_the_whole_deal(sentence)) is None or len(_pools_of(prose)) < 2:
        return None
    return named.group(0)


def _say_the_whole_deals_or_the_sections(facts: ProseFacts, sentence: str, whole: str) -> None:
    """A sentence in a pool's section of a filing of several pools that names its loans only as the whole deal's
    ("... the mortgage loans which are expected to be included in the trust ... was 5.843%", ``in_the_whole_deal``):
    the writer may mean the whole deal or the section's pool. Nothing is read from it; each figure it states for the
    pool is said not read, and why (a wrong pool's figure is worse than none)."""
    scratch = ProseFacts(prose=facts.prose, context=facts.context, spans=facts.spans)
    _read_sentence(scratch, sentence, beside=False)
    if not (scratch.notes or scratch.warnings):
        return
    said = (
        f"a sentence in pool {facts.context}'s section names its loans only as the whole deal's ({whole!r}: "
        f"{sentence[:60]!r}...): the whole deal's figure or pool {facts.context}'s cannot be told; not read"
    )
    facts.warnings.append(said)
    for target in scratch.notes:
        facts.doubt(target, said, listed=True)


def _read_pool_facts(facts: ProseFacts, plain: str, unread: str | None, only: tuple[str, ...] | None = None) -> None:
    """The pool facts (``POOL_FACT_RULES``, or ``only`` those named) a sentence states, its plain loan-to-value
    ratio's words ``plain`` (``_plain_loan_to_value``), and why the ratio is not read, if it is not (``unread``)."""
    if unread:  # said at the end, unless the filing states the plain ratio elsewhere
        targets = tuple(_rule_target(subject, "wa_ltv") for subject in subjects_of(plain, facts.context))
        facts.in_other_units.append(("wa_ltv", unread, targets, facts.spans))
    sentence = _mask(_mask(_mask(plain, _AN_EXTREME_OF_AVERAGES), _INCLUDING), NET_RATE_ASIDE)
    # a figure of some of the loans, named after it ("... of 360 months for those in California"): theirs
    sentence = without_figures_of_some_loans(sentence, facts.prose.text)
    whole, parts = _parts_apart(sentence)
    named = [
        (rule, match)
        for rule in POOL_FACT_RULES
        if (only is None or rule.name in only)
        and (match := needed_words.search(rule.trigger, whole))
        and not (rule.exclude and needed_words.search(rule.exclude, sentence))
    ]
    if len(named) == 1:
        _apply_rule(facts, named[0][0], whole)
    elif named:
        for rule, values in _values_of_each_fact(facts, named, whole):
            _apply_rule(facts, rule, whole, values)
    _read_parts(facts, [rule for rule, _ in named], parts)


_SENTENCE_READERS: tuple[Callable[[ProseFacts, str], None], ...] = (
    _read_counts_listed,
    read_rate_before_the_fee,
    _read_max_ltv,
    _read_origination_window,
    _read_maturity_range,
    _read_original_balance_range,
    _read_original_term_range,
    _read_pool_description,
    _read_threshold,
    _read_underwriting,
    _read_classes,
)


# What other modules and the tests use: ``narrative.X`` in parse.py, unread.py and row_corrections.py
# (some of them the rules' private words, which the safety net reads as the rules do).
__all__ = [
    "DAMAGED_NUMBER",
    "FactNote",
    "MAX_FIGURE",
    "POOL_FACT_RULES",
    "ProseFacts",
    "ProseText",
    "RowCorrection",
    "Subject",
    "Target",
    "UNDERWRITING_NOT_READ",
    "_AGGREGATE_BALANCE",
    "_AN_EXTREME_OF_AVERAGES",
    "_ASIDE",
    "_BOUND",
    "_CONTEXT_MARK",
    "_UNTIED_MARK",
    "_IN_YEARS",
    "_SHARE_OF_LOANS",
    "_SUBSET",
    "_for_rule",
    "_mask",
    "build_prose",
    "class_names",
    "clauses_of_some_loans",
    "figures_of_some_loans",
    "extract_prose_facts",
    "names_every_pool",
    "the_whole_deals_in_a_section",
    "run_spans",
    "heading_context",
    "not_exact",
    "respectively",
    "sentence_spans",
    "show",
    "split_sentences",
    "subjects_of",
    "value_runs",
]
