"""The certificate classes' initial balances and subordination levels."""

from __future__ import annotations

import re

from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rules import _ASIDE
from reporting.read.narrative.subjects import _CLASS_NAME, _classes_named, class_names
from reporting.read.narrative.values import _mask, _number, _rx, value_runs

# A class is read only from a sentence about certificates, classes or a subordination level.
_CLASS_SENTENCE = _rx(r"\b(?:citi)?certificates?\b|\bsubordination\s+levels?\b|\bclasses\b")


# "the initial notional balance of the class A-IO certificates ... was $25,000,000.00", or "the class
# A-IO certificates are interest only certificates with an initial notional principal balance ... of $...", or
# "the class A-IO certificates have an initial notional balance of $...".
_NOTIONAL_BALANCE = _rx(
    r"\b(?:initial\s+|original\s+)?notional\s+(?:principal\s+)?(?:balances?|amounts?)\s+of\s+(?:the\s+)?"
    r"(?P<classes>class(?:es)?\s+[^$;]{1,80}?)\s+(?:citi)?certificates\b[^$;]{0,120}?\$\s*\d[\d,]*(?:\.\d+)?"
    r"|(?P<named>\bclass(?:es)?\s+[^$;,]{1,40}?)\s+(?:citi)?certificates\s+(?:are|is|ha(?:ve|s)|will\s+have)\b[^$;]{0,80}?"
    r"\bnotional\s+(?:principal\s+)?(?:balances?|amounts?)\b[^$;]{0,80}?\$\s*\d[\d,]*(?:\.\d+)?"
)


def notional_not_listed(names: list[str]) -> str:
    """What is said of interest-only classes whose notional balance the filing states, in prose or in a
    table of classes: no part of the certificates' principal, so no class of the deal's balance."""
    return f"{_classes_named(names)}: a notional balance (interest only), not a principal balance; not listed"


def _read_classes(facts: ProseFacts, sentence: str) -> None:
    """Class balances or subordination levels, clause by clause: "the class B-1, ... certificates
    are subordinated to the class A certificates; the class A subordination level is 2.45%" states
    one level, class A's, not one for each class the sentence names. A list after a colon ("The
    subordination levels are: class A, 2.45%; class B-1, 1.20%; ...") gives each clause's one
    class its one value; a list of both ("balances and subordination levels ... were: class A,
    $481,546,830.00, 2.45%; ...") each its value of each kind."""
    # An interest-only class's notional balance is no part of the certificates' principal: said, and
    # its clause set aside; the rest of the sentence is read ("class A ... was $481,546,830.00, and the
    # initial notional balance of the class A-IO certificates ... was $25,000,000.00").
    for notional in _NOTIONAL_BALANCE.finditer(sentence):
        if names := class_names(notional.group("classes") or notional.group("named")):
            facts.warnings.append(notional_not_listed(names))
    sentence = _mask(sentence, _NOTIONAL_BALANCE)
    sentence = _read_balances_gapped(facts, sentence)
    stated = _class_facts(sentence)
    if not stated or not (_CLASS_SENTENCE.search(sentence) or re.search(r"\bfor\s+class\b", sentence, re.I)):
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
    listed = by_clause if ":" in sentence else []
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
    for gapped in _BALANCE_GAPPED.finditer(sentence):
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
    ("subordination_level", "percent", _rx(r"subordination\s+levels?")),
    # "initial principal balance"; the 1990s' "Initial Stated Amount"
    ("initial_balance", "money", _rx(r"(?:initial|original)\s+(?:principal\s+|stated\s+)?(?:balances?|amounts?)")),
)


def _class_facts(text: str) -> list[tuple[str, str]]:
    """What a text states of classes: each (field, value kind) it names."""
    return [(name, kind) for name, kind, words in _CLASS_FACTS if words.search(text)]


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
