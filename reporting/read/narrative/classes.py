"""The certificate classes' initial balances and subordination levels."""

from __future__ import annotations

import functools
import re
from bisect import bisect_right

from reporting.model.deal import is_interest_only
from reporting.read import needed_words
from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rules import _ASIDE
from reporting.read.narrative.sentences import sentence_spans
from reporting.read.narrative.subjects import _CLASS_NAME, _CLASS_RUN, _classes_named, class_names
from reporting.read.narrative.values import _mask, _number, _rx, value_runs

# A class is read only from a sentence about certificates, classes or a subordination level, or a line labelled with a
# class's name ("Class A initial principal balance:  $481,546,830.00").
_CLASS_SENTENCE = _rx(
    rf"\b(?:citi)?certificates?\b|\bsubordination\s+levels?\b|\bcredit\s+support\b|\bclasses\b"
    rf"|^\s*class\s+{_CLASS_NAME}\b(?![\s,]+and\b)"
)


# "the initial notional balance of the class A-IO certificates ... was $25,000,000.00", or "the class
# A-IO certificates are interest only certificates with an initial notional principal balance ... of $...", or
# "the class A-IO certificates have an initial notional balance of $...".
_NOTIONAL_BALANCE = _rx(
    r"\b(?:initial\s+|original\s+)?notional\s+(?:principal\s+)?(?:balances?|amounts?)\s+of\s+(?:the\s+)?"
    r"(?P<classes>class(?:es)?\s+[^$;]{1,80}?)\s+(?:citi)?certificates\b[^$;]{0,120}?(?P<value>\$\s*\d[\d,]*(?:\.\d+)?)"
    r"|(?P<named>\bclass(?:es)?\s+[^$;,]{1,40}?)\s+(?:citi)?certificates\s+(?:are|is|ha(?:ve|s)|will\s+have)\b[^$;]{0,80}?"
    r"\bnotional\s+(?:principal\s+)?(?:balances?|amounts?)\b[^$;]{0,80}?(?P<value_>\$\s*\d[\d,]*(?:\.\d+)?)"
)


def notional_not_listed(names: list[str]) -> str:
    """What is said of interest-only classes whose notional balance the filing states, in prose or in a
    table of classes: no part of the certificates' principal, so no class of the deal's balance."""
    return f"{_classes_named(names)}: a notional balance (interest only), not a principal balance; not listed"


def _read_notional(facts: ProseFacts, notional: re.Match[str], sentence: str) -> None:
    """Each class's notional balance (``_NOTIONAL_BALANCE``): one class's figure, or several classes' listed with their
    figures ("... of the class IA-IO and class IIA-IO certificates were $x and $y, respectively"), paired in order;
    one figure for several classes is no one's: said."""
    names = class_names(notional.group("classes") or notional.group("named"))
    if len(names) == 1:
        _put_notional(facts, names[0], _number(notional.group("value") or notional.group("value_")))
        return
    start = notional.start("value") if notional.group("value") else notional.start("value_")
    runs = value_runs(_mask(sentence[start:], _ASIDE), "money")
    if len(names) < 2 or not runs or len(runs[0]) != len(names):
        if names:
            facts.warnings.append(notional_not_listed(names))
        return
    for name, value in facts.pair(names, runs[0], "notional_balance", sentence, _notional_target, each=False):
        _put_notional(facts, name, value)


def _notional_target(name: object) -> tuple[str, object, str]:
    return ("class", name, "notional_balance")


def _put_notional(facts: ProseFacts, name: str, value: object) -> None:
    facts.put(_notional_target(name), facts.class_facts.setdefault(name, {}), "notional_balance", value)


def _read_classes(facts: ProseFacts, sentence: str) -> None:
    """Class balances or subordination levels, clause by clause: "the class B-1, ... certificates
    are subordinated to the class A certificates; the class A subordination level is 2.45%" states
    one level, class A's, not one for each class the sentence names. A list after a colon ("The
    subordination levels are: class A, 2.45%; class B-1, 1.20%; ...") gives each clause's one
    class its one value; a list of both ("balances and subordination levels ... were: class A,
    $481,546,830.00, 2.45%; ...") each its value of each kind."""
    # An interest-only class's notional balance is no part of the certificates' principal: read as the
    # class's notional balance, and its clause set aside; the rest of the sentence is read ("class A ... was
    # $481,546,830.00, and the initial notional balance of the class A-IO certificates ... was $25,000,000.00").
    if (items := _notional_items_after_opening(sentence)) is not None:
        _read_notional_items(facts, items)
        return
    notionals = list(needed_words.finditer(_NOTIONAL_BALANCE, sentence))
    _read_principal_classes(facts, _mask(sentence, _NOTIONAL_BALANCE))
    for notional in notionals:  # after the sentence's other classes, named before it ("class A ..., and ... A-IO")
        _read_notional(facts, notional, sentence)


def _read_principal_classes(facts: ProseFacts, sentence: str) -> None:
    """``_read_classes`` of a sentence with its notional balances masked."""
    if _read_list_items(facts, sentence):
        return
    sentence = _read_balances_gapped(facts, sentence)
    stated = _class_facts(sentence)
    if not stated or not (
        needed_words.search(_CLASS_SENTENCE, sentence) or re.search(r"\bfor\s+class\b", sentence, re.I)
    ):
        return
    by_clause = []
    for name, kind in stated:
        # "2.45% for class A, 1.20% for class B-1": the value first; else "class A 2.45%, class B-1 ..."
        after = [(cls, value) for value, cls in _VALUE_FOR_CLASS[kind].findall(sentence)]
        pairs = after if len(after) >= 2 else _CLASS_AND_VALUE[kind].findall(sentence)
        if len(pairs) < 2:
            by_clause.append((name, kind))
            continue
        for cls, value in pairs:  # each class with its own value
            target = ("class", cls.upper(), name)
            facts.put(target, facts.class_facts.setdefault(cls.upper(), {}), name, _number(value.rstrip("% ")))
    if not by_clause:
        return
    listed = (
        by_clause if needed_words.search(_A_LIST_FOLLOWS, sentence) else []
    )  # "were: class A, ...", "as follows. class A, ..."
    named = class_names(sentence)
    for clause in sentence.split(";"):
        # "The class A certificates: initial principal balance $481,546,830.00; subordination
        # level 2.45%": a clause naming no class is about the one class the sentence names.
        _read_class_clause(facts, clause, by_clause, listed, named if len(named) == 1 else [])


# "The Class A CitiCertificates have an aggregate Initial Stated Amount of $481,546,830.00, the Class M
# CitiCertificates $6,170,000.00 and the Class B CitiCertificates $5,924,547.57": after a class's balance, each
# class named with only its balance beside it, the balance words left out, is that class's (read here, and masked
# so the rest, class A's clause, is read as it stands). Never after a level ("2.45%, the class M ...").
_BALANCE_GAPPED = _rx(
    r"\$\s*\d[\d,]*(?:\.\d+)?\s*(?P<items>(?:,?\s*(?:and\s+)?(?:the\s+)?class\s+[^$;,]{1,40}?\$\s*\d[\d,]*(?:\.\d+)?)+)"
)
_GAPPED_ITEM = _rx(
    rf",?\s*(?:and\s+)?(?:the\s+)?class\s+(?P<name>{_CLASS_NAME})\s+(?:citi)?certificates\s*,?\s*"
    r"(?P<value>\$\s*\d[\d,]*(?:\.\d+)?)"
)


def _read_balances_gapped(facts: ProseFacts, sentence: str) -> str:
    """The classes' balances a sentence lists with their words left out (``_BALANCE_GAPPED``); the sentence
    without those items."""
    balance_words = next(w for n, _, w in _CLASS_FACTS if n == "initial_balance")
    if not balance_words.search(sentence):
        return sentence
    for gapped in needed_words.finditer(_BALANCE_GAPPED, sentence):
        start, end = gapped.span("items")
        items = list(_GAPPED_ITEM.finditer(sentence, start, end))
        if not items or items[0].start() != start or items[-1].end() != end:
            continue  # other words between the items: theirs is no such list
        if any(b.start() != a.end() for a, b in zip(items, items[1:])):
            continue
        for item in items:
            name = item.group("name").upper()
            facts.put(
                ("class", name, "initial_balance"),
                facts.class_facts.setdefault(name, {}),
                "initial_balance",
                _number(item.group("value")),
            )
        sentence = sentence[:start] + "#" * (end - start) + sentence[end:]
    return sentence


# A list of the classes' figures whose items stand as sentences of their own under the sentence naming the figures
# ("The aggregate initial principal balances of the certificates ... were as follows." / "(a) the class A
# certificates, $481,546,830.00;" / "(b) Class B-1, $6,170,000.00;" / "1. class B-2: $2,469,000.00."): an item names
# one class and its figures, and nothing else (a mark, "and"); the list's opening sentence names the figures (its
# ``_CLASS_FACTS`` words) and says a list follows (a colon, "as follows", "the following", "below").
_ITEM_MARK = r"(?:\(\s*(?:[a-z]{1,4}|\d{1,2})\s*\)|(?:[a-z]|[ivx]{1,4}|\d{1,2})[.)]|[-\u2022\u2013\u2014*])"
_ITEM_VALUE = r"(?:(?:approximately|about)\s+)?(?:\$\s*\d[\d,]*(?:\.\d+)?|\d+(?:\.\d+)?\s*%)"
_ITEM_VALUES = rf"{_ITEM_VALUE}(?:(?:\s*,\s*|\s+)(?:and\s+)?{_ITEM_VALUE})*"  # one way to part each two
_A_CLASS_ITEM = _rx(
    rf"^\s*(?:(?:and|or)\s+)?(?:{_ITEM_MARK}\s+)?(?:(?:and|or)\s+)?(?:(?P<first>{_ITEM_VALUES})\s+(?:for|of)\s+)?"
    rf"(?:the\s+)?class\s+{_CLASS_NAME}(?:\s+(?:citi)?certificates?)?"
    rf"(?(first)|\s*[,:\u2013\u2014-]?\s*(?:(?:is|was|of|equals?)\s+)?{_ITEM_VALUES})\s*[;,.]*(?:\s+{_ITEM_MARK})?\s*$"
)
_A_LIST_FOLLOWS = _rx(r":|\bas\s+follows\b|\b(?:the|as)\s+following\b|\b(?:set\s+(?:forth|out)|listed|shown)\s+below\b")
_A_MARK_ALONE = _rx(rf"\s*{_ITEM_MARK}\s*$")  # "b." / "Class B-1, ...": the sentences' stop took the item's mark
_NO_ITEM = _rx(
    rf"\s*(?:(?:and|or)\b\s*)?(?:{_ITEM_MARK})?\s*\.?\s*"
)  # "; and" at an item's end, "; b." the next's mark
_MOST_ITEMS = 40  # sentences looked back over for a list's opening sentence


def is_class_item(sentence: str) -> bool:
    """Whether a sentence is one or more items of a list of the classes' figures and nothing else (``_A_CLASS_ITEM``,
    each clause: "(f) the class B-5 certificates, $494,000.00; and (g) the class B-6 certificates, $740,547.57.")."""
    clauses = _item_clauses(sentence)
    return bool(clauses) and "class" in sentence.lower() and all(_A_CLASS_ITEM.match(clause) for clause in clauses)


def _item_clauses(sentence: str) -> list[str]:
    """A sentence's clauses, but an item's break ("...; and" at a paragraph's end)."""
    return [clause for clause in sentence.split(";") if not _NO_ITEM.fullmatch(clause)]


@functools.lru_cache(maxsize=2)
def _spans(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(sentence_spans(text))


def class_list_opening(prose: str, start: int) -> str | None:
    """The sentence opening the list of the classes' figures whose item is the sentence at ``start`` of the prose: the
    nearest sentence above it that is no item, over items alone (None: the sentence is no such item)."""
    spans = _spans(prose)
    at = bisect_right([opens for opens, _ in spans], start) - 1
    for opens, closes in reversed(spans[max(0, at - _MOST_ITEMS) : max(0, at)]):
        sentence = prose[opens:closes].replace("\n", " ")
        if not (is_class_item(sentence) or _A_MARK_ALONE.match(sentence)):
            return sentence
    return None


def _read_list_items(facts: ProseFacts, sentence: str) -> bool:
    """A sentence of items of a list of the classes' figures (``is_class_item``) under the list's opening sentence
    (``class_list_opening``): each item's class given each figure the opening names, its one value of each kind.
    Whether the sentence is such items (read, or left where the opening names no class figure, or a notional one)."""
    if not facts.spans or _class_facts(sentence) or not is_class_item(sentence):
        return False
    opening = class_list_opening(facts.prose.text, facts.spans[0][0])
    if opening is None or not _A_LIST_FOLLOWS.search(opening) or not _CLASS_SENTENCE.search(opening):
        return True
    if _names_notional_balances(opening):  # an interest-only class's notional balance: no principal
        _read_notional_items(facts, sentence)
        return True
    stated = _class_facts(opening)
    # "(f) Class B-5, $494,000.00; and": the list's break, not the sentence's; a class and its figure are whole
    fragment, facts.fragment = facts.fragment, False
    for clause in _item_clauses(sentence):
        _read_class_clause(facts, clause, stated, stated, [])
    facts.fragment = fragment
    return True


def _notional_items_after_opening(sentence: str) -> str | None:
    """The items of a list of notional balances run on after its opening in one sentence ("The initial notional
    balances of the certificates were as follows: (a) the class IA-IO certificates, $23,456,789.00; (b) ..."), or
    None."""
    if "notional" not in sentence.lower() or (follows := needed_words.search(_A_LIST_FOLLOWS, sentence)) is None:
        return None
    opening, items = sentence[: follows.end()], sentence[follows.end() :].lstrip(" .:")
    if _names_notional_balances(opening) and _CLASS_SENTENCE.search(opening) and is_class_item(items):
        return items
    return None


def _names_notional_balances(opening: str) -> bool:
    """Whether a list's opening names notional balances as its figures: never principal balances, with an
    interest-only class named in passing ("... (other than the class A-IO certificates, which have a notional balance
    only) were:")."""
    return re.search(r"\bnotional\b", _mask(opening, _ASIDE), re.I) is not None and not _class_facts(opening)


def _read_notional_items(facts: ProseFacts, sentence: str) -> None:
    """Items of a list of notional balances ("The initial notional balances ... are as follows:" / "(a) Class IA-IO,
    $23,456,789.00;"): each interest-only class's one figure read as its notional balance. An item of a class its name
    does not call interest only (a notional balance of class A?), or with other than one figure, is said, not listed."""
    unread = []
    for clause in _item_clauses(sentence):
        names = class_names(clause)
        runs = value_runs(_mask(clause, _ASIDE), "money")
        if len(names) == 1 and is_interest_only(names[0]) and len(runs) == len(runs[0]) == 1:
            for name, value in facts.pair(names, runs[0], "notional_balance", clause, _notional_target, each=False):
                _put_notional(facts, name, value)
        else:
            unread += names
    if unread:
        facts.warnings.append(notional_not_listed(unread))


_A_BALANCE = re.compile(r"\$\s*\d")
# A class's balance in any words, for the safety net: the rules' own ("initial principal balance") and those no rule
# reads ("principal balance", "certificate balance", "face amount", "issued in an aggregate amount of"), so that a
# class whose balance is stated in them is said "not read", never left out of the deal unsaid.
_A_BALANCE_SAID = _rx(r"\b(?:balances?|amounts?)\b")


def balances_stated(prose: str, start: int, sentence: str) -> list[str]:
    """The classes whose principal balances the sentence at ``start`` of the prose states, read or not (for the
    safety net): one naming the balances' words ("initial principal balance") or items of a list of the classes'
    figures (``is_class_item``, alone or after their opening, which names no notional balance), with a dollar figure for each class it
    names ("... of the class A certificates, which are senior to the class B certificates, was $481,546,830.00"
    states class A's alone, and names none). A notional balance's clause states none."""
    clauses = [clause for clause in sentence.split(";") if not re.search(r"\bnotional\b", clause, re.I)]
    text = ";".join(clauses)
    if not needed_words.search(_A_BALANCE, text):
        return []
    if not (_A_BALANCE_SAID.search(text) and _CLASS_SENTENCE.search(text)):
        # the items run on after their opening ("The certificates are: Class A, $481,546,830.00; ..."), or stand alone
        follows = needed_words.search(_A_LIST_FOLLOWS, sentence)
        if follows is not None and is_class_item(sentence[follows.end() :].lstrip(" .")):
            opening = sentence[: follows.end()]
        elif is_class_item(sentence):
            opening = class_list_opening(prose, start)
        else:
            return []
        if opening is not None and re.search(r"\bnotional\b", opening, re.I):
            return []
    named = list(dict.fromkeys(name for run in _CLASS_RUN.finditer(text) for name in class_names(run.group(0))))
    return named if len(_A_BALANCE.findall(text)) >= len(named) else []


# "class B-1 1.200172400289%", "class B-1, $6,170,000.00": a class named with its value right after.
_CLASS_VALUES = (("percent", r"\d+(?:\.\d+)?\s*%"), ("money", r"\$\s*\d[\d,]*(?:\.\d+)?"))
_CLASS_AND_VALUE = {
    kind: re.compile(rf"\bclass\s+({_CLASS_NAME})\s*,?\s+(?:(?:is|was|of)\s+)?({value})", re.I)
    for kind, value in _CLASS_VALUES
}
_VALUE_FOR_CLASS = {
    kind: re.compile(rf"({value})\s+(?:for|of)\s+(?:the\s+)?class\s+({_CLASS_NAME})\b", re.I)
    for kind, value in _CLASS_VALUES
}
_CLASS_FACTS = (
    # "subordination level"; "credit support" (a table's "Initial Credit Support"): the share of the deal junior to it
    ("subordination_level", "percent", _rx(r"subordination\s+levels?|credit\s+support\b")),
    # "initial principal balance"; the 1990s' "Initial Stated Amount"; the later filings' defined terms, "initial
    # Class Principal Balance", "initial Class Certificate Balance", "initial Certificate Principal Balance",
    # "aggregate initial stated principal balance"
    (
        "initial_balance",
        "money",
        _rx(r"(?:initial|original)\s+(?:(?:class|certificate|principal|stated)\s+){0,3}(?:balances?|amounts?)"),
    ),
)


def _class_facts(text: str) -> list[tuple[str, str]]:
    """What a text states of classes: each (field, value kind) it names."""
    return [(name, kind) for name, kind, words in _CLASS_FACTS if needed_words.search(words, text)]


def _read_class_clause(
    facts: ProseFacts, clause: str, wanted: list[tuple[str, str]], listed: list[tuple[str, str]], the_class: list[str]
) -> None:
    """The ``wanted`` facts a clause states of its classes: those it names, or, for one item of the
    list the sentence opened ("class B-1, 1.200172400289%"), each ``listed`` fact's one value."""
    names = class_names(clause) or the_class
    if not names:
        return
    stated, item = [fact for fact in _class_facts(clause) if fact in wanted], False
    if not _class_facts(clause) and listed and len(names) == 1:
        stated, item = listed, True
    for name, kind in stated:
        # The value follows the fact's words ("a balance of $481,546,830.00, or 97.55% of the
        # loans, and a subordination level of 2.45%"), where they are in the clause.
        words = next(w for n, _, w in _CLASS_FACTS if n == name).search(clause)
        text = _mask(clause, _ASIDE) if item else clause
        runs = (value_runs(text[words.start() :], kind) if words else []) or value_runs(text, kind)
        if runs and (not item or len(runs) == len(runs[0]) == 1):
            # One subordination level for several classes is each one's; one balance, theirs together.
            each, named = name != "initial_balance", _classes_named(names)
            target = lambda c, name=name: ("class", c, name)  # noqa: E731
            for cls, value in facts.pair(names, runs[0], name, clause, target, each, named):
                # an approximate figure as read ("approximately 2.45%"): ``put`` keeps its doubt
                facts.put(("class", cls, name), facts.class_facts.setdefault(cls, {}), name, value)
