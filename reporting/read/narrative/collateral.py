"""The premium/discount threshold (a net rate), the shares of loans by underwriting policy, and the
numbered list of figures for the loans with additional collateral pledged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reporting.formatting import lines_text
from reporting.model.deal import WHOLE_DEAL
from reporting.read import needed_words
from reporting.read.approximate import APPROXIMATELY, is_approximate
from reporting.read.narrative.clauses import _MOST_CLAUSES, _clauses
from reporting.read.narrative.facts import ProseFacts, Target
from reporting.read.narrative.rules import _AGGREGATE_BALANCE, _NUMBER_OF
from reporting.read.narrative.sentences import without_false_stops
from reporting.read.narrative.subjects import Subject, _own_pool, subject_runs, subjects_of
from reporting.read.narrative.text import untied_at
from reporting.read.narrative.values import (
    RATE_FIGURE,
    _not_a_figure,
    _rx,
    figure,
    run_spans,
    value_runs,
    written_rate_places,
)
from reporting.read.number_words import NUMBER_IN_WORDS

# "Premium loans will consist of mortgage loans with net loan rates greater than or equal to 5.250%";
# in older words "Discount Mortgage Loans are Mortgage Loans with Net Mortgage Interest Rates less than ..."; "...
# with net loan rates of less than 5.250%" (with "of", the threshold was lost, with nothing said).
_THRESHOLD = _rx(
    r"(?:premium|discount)\s+(?:mortgage\s+)?loans\s+(?:will\s+consist\s+of|consist\s+of|are|will\s+be)\b"
    r".{0,300}?net\s+(?:(?:mortgage|loan|interest|note)\s+){0,3}rates?\s+(?:of\s+)?"
    rf"(?:greater\s+than\s+or\s+equal\s+to|less\s+than|at\s+least|below)\s+(?:{APPROXIMATELY}\s+)?({RATE_FIGURE})\s*(?:%|percent\b)"
)


# a summary's line: "Net Loan Rate Threshold: 5.50%" (premium loans at or above it, discount loans below)
_THRESHOLD_STATED = _rx(r"^net\s+(?:(?:mortgage|loan|interest|note)\s+)?rate\s+threshold:\s*(\d+(?:\.\d+)?)\s*%\.?$")


_ABOUT_AT_THE_END = re.compile(rf"\b{APPROXIMATELY}\s+$", re.I)


def _read_threshold(facts: ProseFacts, sentence: str) -> None:
    if "net" not in sentence and "NET" not in sentence and "Net" not in sentence:
        return  # most sentences: the search below scans on from each "premium"/"discount ... are"
    if stated := _THRESHOLD_STATED.match(sentence):
        if (rate := figure(stated.group(1))) is None:
            facts.doubt(("threshold", facts.context), _not_a_figure(stated.group(1)))
        else:
            facts.put(("threshold", facts.context), facts.thresholds, facts.context, rate)
            _keep_places(facts, facts.context, rate, written_rate_places(stated.group(0))[:1])
        return
    match = needed_words.search(_THRESHOLD, sentence)
    if not match:
        return
    # "Pool I, pool II and pool III discount loans will consist of ... less than 5.50%, 4.75% and
    # 5.25%, respectively": the first run of subjects, and the values from the first rate on.
    runs = subject_runs(sentence)
    pools = [_own_pool(s.pool, facts.context, s.every_pool) for s in runs[0]] if runs else [facts.context]
    # from the first rate on, with the word that makes it approximate before it ("less than approximately 5.50%")
    begin = (
        match.start(1) - len(about.group(0))
        if (about := _ABOUT_AT_THE_END.search(sentence, 0, match.start(1)))
        else match.start(1)
    )
    values_runs = value_runs(sentence[begin:], "percent")
    if not values_runs:  # the first rate is a run of digits no filing states: no rate read
        for pool in pools:
            facts.doubt(("threshold", pool), _not_a_figure(match.group(1)))
        return
    values = values_runs[0]
    start, end = run_spans(sentence[begin:], "percent")[0]
    places = written_rate_places(sentence[begin:][start:end])  # "5.50%, 4.75% and 5.25%": as written, in order
    places = places if len(places) == len(values) else []  # a damaged figure in the run: none trusted
    values = values if len(pools) > 1 else values[:1]  # "less than 5.50%, or 25% of ...": one pool, one rate
    for pool, value in facts.pair(pools, values, "threshold_net_rate", sentence, lambda p: ("threshold", p)):
        facts.put(("threshold", pool), facts.thresholds, pool, value)
        _keep_places(facts, pool, value, places[values.index(value) :][:1] if places else [])


def _keep_places(facts: ProseFacts, pool: str, value: object, places: list[int]) -> None:
    """The decimals of the threshold ``pool`` holds, as its first statement writes it (the one kept: "less than
    5.50%", then "greater than or equal to 5.50%"), so a report writes it as the filing does: never 5.500%."""
    if places and facts.thresholds.get(pool) == value:
        facts.threshold_places.setdefault(pool, places[0])


# Short labels for the documentation policies, from the filing's own words; the
# whole wording is kept beside each share for the notes. The gaps are bounded (500
# characters, a sentence): unbounded, a sentence repeating the first phrase made them quadratic.
_POLICY_LABELS = (
    (_rx(r"does\s+not\s+require\s+verification\s+of\s+(?:the\s+)?(?:[\w']+\s+){0,2}income"), "No income verification"),
    (
        _rx(r"refinanc.{0,500}do(?:es)?\s+not\s+require\s+verification\s+of\s+assets"),
        "Refinance, no asset verification",
    ),
    (_rx(r"do(?:es)?\s+not\s+require\s+verification\s+of\s+assets"), "No asset verification"),
    (
        _rx(r"proof\s+of\s+income\s+and\s+liquid\s+assets.{0,500}alternative\s+or\s+streamlined"),
        "Full documentation, or alternative/streamlined refinance",
    ),
    (
        _rx(r"proof\s+of\s+income\s+and\s+liquid\s+assets.{0,500}streamlined"),
        "Full documentation, or streamlined refinance",
    ),
    (_rx(r"proof\s+of\s+income"), "Full documentation"),
    (
        _rx(r"refinanc\w*\s+(?:mortgage\s+)?loans\s+originated\s+using\s+alternative\s+or\s+streamlined"),
        "Alternative or streamlined refinance",
    ),
    (_rx(r"streamlined"), "Streamlined"),
)


_UNDERWRITING = _rx(r"underwriting\s+polic")


def _read_underwriting(facts: ProseFacts, sentence: str) -> None:
    """Each statement of a share of loans by underwriting policy: a sentence may join two ("... streamlined
    underwriting policies, and no more than 6% of the mortgage loans will be ...")."""
    for statement in _underwriting_statements(sentence):
        _read_underwriting_statement(facts, statement)


def _underwriting_statements(sentence: str) -> list[str]:
    """The sentence cut before each ", and at least / no more than" that follows a whole statement
    (one naming an underwriting policy since the last cut); in one pass over the sentence."""
    policies = [(m.start(), m.end()) for m in needed_words.finditer(_UNDERWRITING, sentence)]
    statements, start, k = [], 0, 0
    for cut in needed_words.finditer(_NEXT_STATEMENT, sentence):
        while k < len(policies) and policies[k][0] < start:
            k += 1
        if k < len(policies) and policies[k][1] <= cut.start():
            statements.append(sentence[start : cut.start()])
            start = cut.end()
    statements.append(sentence[start:])
    return statements if len(statements) <= _MOST_CLAUSES else [sentence]  # a longer run is read as one


# A statement's bound, as filings word it: "at least", "not less than", "a minimum of"; "no more than", "at most".
_AT_LEAST = r"at\s+least|(?:not|no)\s+less\s+than|a\s+minimum\s+of"
_AT_MOST = r"(?:not|no)\s+more\s+than|a\s+maximum\s+of|at\s+most"
_NEXT_STATEMENT = _rx(rf"(?:,|(?<!\s))\s+and\s+(?=(?:{_AT_LEAST}|{_AT_MOST})\s+(?:\d[\d,.]*\s*%|none\b))")


_A_BOUND_FIRST = _rx(rf"^\s*(?:(?P<least>{_AT_LEAST})|{_AT_MOST})\b")


# Said of a statement of the loans' underwriting or documentation that is not read (here, and by the safety net).
UNDERWRITING_NOT_READ = (
    "underwriting: the filing states the loans' underwriting or documentation in {}, which was not read"
)


# Where a statement's own part ends before a share of other loans it goes on to ("..., and approximately 6% under
# reduced documentation programs", "; the remaining 6% were ..."): the last clause's break before that share.
_CLAUSE_BREAK = _rx(r"\s*(?:[;:]|,(?:\s+(?:and|with|while|whereas|but))?|\s+(?:and|with|while|whereas|but))\s+")


def _own_statement(sentence: str) -> tuple[str, str]:
    """The statement's own share and words, and the rest that states another share ("" if none): the rest's
    share is another policy's, which the own words never name (the policy is told from the own part only)."""
    spans = run_spans(sentence, "percent")
    if len(spans) < 2:
        return sentence, ""
    breaks = [m for m in _CLAUSE_BREAK.finditer(sentence, spans[0][1], spans[1][0])]
    cut, opens = (breaks[-1].start(), breaks[-1].end()) if breaks else (spans[1][0], spans[1][0])
    if not _A_SHARE_OPENS.fullmatch(sentence[opens : spans[1][0]]):
        return sentence, ""  # a figure of the policy's own ("limit the loan-to-value ratio to 95%"): no share
    return sentence[:cut], sentence[cut:]


# What may stand before another share at its clause's start: "the remaining", "Of the remainder,", "approximately";
# never a measure's name (a ratio, a rate, a score or a term is the policy's figure, no share of the loans).
_A_SHARE_OPENS = _rx(
    r"(?:(?!(?:ratios?|rates?|ltvs?|loan-to-value|scores?|fico|terms?|balances?|debt|income)\b)[\w,-]+\s+){0,4}"
)


def _read_underwriting_statement(facts: ProseFacts, sentence: str) -> None:
    match = _A_BOUND_FIRST.search(sentence)
    if not match or not needed_words.search(_UNDERWRITING, sentence):
        return
    runs = value_runs(sentence, "percent")
    if not runs:
        return
    if not _clauses(sentence, "percent", facts.context, _UNDERWRITING):  # one pool's: its further shares unread
        sentence, rest = _own_statement(sentence)
        if rest.strip(" ,;:."):
            quoted = f"{rest.strip(' ,;:.')!r} ({lines_text(facts.current_lines())})"
            facts.warnings.append(UNDERWRITING_NOT_READ.format(quoted))
        if not needed_words.search(_UNDERWRITING, sentence):
            return
    bound = "at_least" if match.group("least") else "no_more_than"
    label = next((label for pattern, label in _POLICY_LABELS if pattern.search(sentence)), "Other policy")
    wording = re.sub(r"^.*?\b(?:will\s+be|were|are)\s+", "", sentence, count=1, flags=re.I).rstrip(". ")

    def target(subject: Subject) -> Target:
        return ("underwriting", subject.pool, len(facts.underwriting.get(subject.pool, [])))

    # "No more than 3% of the pool I mortgage loans and no more than 8% of the pool II ...": each its own.
    clauses = _clauses(sentence, "percent", facts.context, _UNDERWRITING)
    stated = clauses or [(subjects_of(sentence, facts.context), runs[0])]
    for subjects, values in stated:
        for subject, value in facts.pair(subjects, values, "underwriting", sentence, target, each=False):
            facts._note_pool(subject.pool)
            shares = facts.underwriting.setdefault(subject.pool, [])
            facts.put(target(subject), {}, len(shares), None)  # a new statement: never a repeat
            if is_approximate(value):  # "At least approximately 94%": read, and doubted
                facts._said_approximately(target(subject), value)
            shares.append((label, bound, float(value), wording))


# The item's count in other words: "such mortgage loans number 3", "... are 3 in number", "the count of such loans is
# 3", "there are twenty-one such mortgage loans", "three such mortgage loans", "three (3) such mortgage loans", "such
# mortgage loans consist of 3 mortgage loans": unread, the count was lost with no word said.
_COUNTED = (
    r"\bloans\s+(?:numbers?|numbered|numbering|consist(?:s|ed)?\s+of)\b|\bin\s+number\b|\bcount\s+of\b"
    rf"|(?:\d[\d,]*|{NUMBER_IN_WORDS}(?:\s*\(\s*\d[\d,]*\s*\))?)\s+such\s+(?:mortgage\s+)?loans\b"
)
_COLLATERAL_ITEMS = (
    ("loan_count", _rx(rf"\b{_NUMBER_OF}|{_COUNTED}"), "count"),
    ("balance", _rx(_AGGREGATE_BALANCE), "money"),
    ("wa_ltv_without_collateral", _rx(r"without\s+taking\s+into\s+account"), "percent"),
    ("wa_ltv_with_collateral", _rx(r"taking\s+into\s+account"), "percent"),
)


# A list item's count of none: "the number of such mortgage loans is none" (a count in figures or words, "are one
# and five", is read as any count is: ``value_runs``).
_COUNTED_NONE = _rx(r"\b(?:is|are|was|were|numbers?|numbered|numbering)\s+none\b")


def _counts_of_none(text: str) -> list[list[object]]:
    """A count of none as ``value_runs`` gives figures ([[0]]), where the item says so; else none."""
    return [[0]] if _COUNTED_NONE.search(text) else []


def _context_at(text: str, position: int) -> str:
    """The pool of the section a position of the prose text stands in."""
    marks = re.findall(r"\x01pool=(\w+)\x01", text[:position])
    return marks[-1] if marks else WHOLE_DEAL


# Bounded, so that many intros (or items) without an end cannot make the search quadratic.
_COLLATERAL_INTRO = _rx(
    r"in\s+the\s+case\s+of\s+(?P<who>.{0,300}?)\s+for\s+which\s+additional\s+collateral\s+"
    r"(?:was|were|is|are|has\s+been|have\s+been)\s+pledged[^:]{0,200}:"
)


def _read_additional_collateral(facts: ProseFacts, text: str) -> None:
    """Each numbered list after "... for which additional collateral was pledged, taken as a group:"; under a heading
    naming a kind of no one pool, some loans' whose cannot be told: not read, the heading noted to be said."""
    for intro in _COLLATERAL_INTRO.finditer(text):
        if (heading := untied_at(text, intro.start())) is None:
            _read_collateral_list(facts, text, intro)
        elif heading not in facts.untied_read:
            facts.untied_read.append(heading)


def _read_collateral_list(facts: ProseFacts, text: str, intro: re.Match[str]) -> None:
    subjects = subjects_of(intro.group("who"), _context_at(text, intro.start()))
    stops = without_false_stops(text)  # an item ends at its full stop, never at "W.A." or "No." in it
    offset = _SPACES.match(text, intro.end()).end()
    items = next((style for style in _COLLATERAL_ITEMS_BY_STYLE if style[1].match(stops, offset)), None)
    if items is None:
        facts.warnings.append(
            f"additional collateral ({lines_text(facts.prose.lines_between(intro.start(), intro.end()))}): "
            "the list after it is not numbered in a way the parser reads; not read"
        )
        return
    for number in range(1, 10):
        offset = _SPACES.match(text, offset).end()
        item = items[number].match(stops, offset)
        if not item:
            break
        body = text[item.start("body") : item.end("body")]
        facts.spans = ((intro.start(), intro.end()), (item.start("body"), item.end("body")))
        facts.fragment = False
        read, unread = _read_collateral_item(facts, subjects, body)
        if read and unread:  # one figure read, another named beside it not: said, never lost in silence
            where = lines_text(facts.prose.lines_between(item.start("body"), item.end("body")))
            names = " and ".join(name.replace("_", " ") for name in unread)
            facts.warnings.append(
                f"additional collateral item {number} ({' '.join(body.split())!r}, {where}): "
                f"its {names} is in the filing but not read"
            )
        elif not read and _holds_a_figure(body):
            # An item whose figure no item's words name ("such mortgage loans represent $874,708"): said, never
            # lost in silence; its measure is not guessed from the figure's kind.
            where = lines_text(facts.prose.lines_between(item.start("body"), item.end("body")))
            facts.warnings.append(
                f"additional collateral item {number} ({' '.join(body.split())!r}, {where}): "
                "its figure is not read (the parser does not know which measure it is)"
            )
        offset = item.end()


def _read_collateral_item(facts: ProseFacts, subjects: list[Subject], body: str) -> tuple[bool, list[str]]:
    """The figures of one item of the additional collateral's list, each under the first measure of its kind its
    words name (an item may give two: "had an aggregate principal balance of $874,708 and are 3 in number");
    whether one was read, and the measures named whose figure was not found."""
    read: set[str] = set()  # the kinds of figure read ("count", "money", "percent"): one of each
    unread: list[str] = []
    for name, trigger, kind in _COLLATERAL_ITEMS:
        if kind in read or not trigger.search(body):
            continue
        runs = value_runs(body, kind) or (_counts_of_none(body) if kind == "count" else [])
        if not runs:
            unread.append(name)
            continue
        read.add(kind)
        _store_collateral(facts, subjects, body, name, runs[0])
    return bool(read), unread


def _store_collateral(facts: ProseFacts, subjects: list[Subject], body: str, name: str, run: list[object]) -> None:
    what = f"additional collateral {name}"
    for subject, value in facts.pair(
        subjects, run, what, body, lambda s, n=name: ("collateral", s.pool, n), each=False
    ):
        facts._note_pool(subject.pool)
        store = facts.additional_collateral.setdefault(subject.pool, {})
        facts.put(("collateral", subject.pool, name), store, name, value)


def _holds_a_figure(body: str) -> bool:
    """A figure (a count in words too, "three such mortgage loans"): said where not read."""
    return any(value_runs(body, kind) for kind in ("money", "percent", "count"))


# Each item is matched where the last one ended, past the spaces between (skipped
# apart: a leading "\s*" would make every scan of the pattern quadratic on spaces).
_SPACES = re.compile(r"\s*")
# How a list numbers its items: "1.", "(1)", "(a)", "a." or "(i)"; an item's marker, by its number.
_LETTERS = "abcdefghij"
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")
_MARKERS: tuple[Callable[[int], str], ...] = (
    lambda n: rf"{n}\.",
    lambda n: rf"\({n}\)",
    lambda n: rf"\({_LETTERS[n - 1]}\)",
    lambda n: rf"{_LETTERS[n - 1]}\.",
    lambda n: rf"\({_ROMAN[n - 1]}\)",
)


def _list_item(marker: Callable[[int], str], number: int) -> re.Pattern[str]:
    """Item ``number`` of a list: its body ends at "; (and)" before the next item, or at a full stop."""
    end = rf"(?:;\s*(?:and\s+)?(?={marker(number + 1)})|\.(?=\s|$))"
    return re.compile(rf"{marker(number)}\s+(?P<body>.{{0,2000}}?){end}", re.S | re.I)  # "; AND" in capitals too


_COLLATERAL_ITEMS_BY_STYLE = tuple({n: _list_item(marker, n) for n in range(1, 10)} for marker in _MARKERS)
