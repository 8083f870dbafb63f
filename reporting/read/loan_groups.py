"""Pools a filing names by the loans' kind, as defined terms: 'the "30-Year Mortgage Loans"', '("Fixed Rate Loans")'.

A 1990s detailed description splits its loans into groups it defines as it would pools ('The Mortgage Loans that
have original maturities of at least 25 but not more than 30 years ..., the "30-Year Mortgage Loans", have an
aggregate ... balance ... of $335,095,817.07'), then lists them where a later filing lists "the pool I mortgage
loans, the pool II mortgage loans ... respectively". Every rule of the reading stage knows pools by a number
(``POOL_NAME``), so the groups are read as numbered pools: ``numbered`` writes each use of a group's name as "pool
1", "pool 2" ... (the lines kept as they are: a name shorter than its placeholder is padded, a line break in it
kept), and ``named`` gives the deal read so the filing's names back ("30-Year", "15-Year", "Relocation").

A quoted term is a group only where it names loans ("... Loans"), the sentence defining it picks it out of the
mortgage loans ("The Mortgage Loans that ...", "Of the Mortgage Loans, those ...") and states its balance, and the
filing lists it beside another group afterwards ("the 30-Year Mortgage Loans, the 15-Year Mortgage Loans ...
respectively"): "CMSI", "the Trustee", "Adjusted Balance", "the Buydown Loans" with no list of groups are none. A
filing that also names pools by number, or defines one group alone, is read as it stands, its groups said.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, Pool

# A quoted term naming loans: 'the "30-Year Mortgage Loans"', '("Group A Loans")', '"Fixed Rate Loans"'; its name is
# one to four words, each begun by a capital or a figure, as a defined term is written.
_WORD = r"(?-i:[A-Z0-9])[\w-]*"
_TERM = re.compile(
    rf"[\"\u201c](?:the\s+)?(?P<name>{_WORD}(?:\s+{_WORD}){{0,3}}?)\s+(?:mortgage\s+)?loans[\"\u201d]", re.I
)
# Names that are no group of the pool's: its rate groups, or the loans as a whole.
_NO_GROUP = re.compile(rf"^(?:(?:{POOL_WORD})\s+{POOL_NAME}|premium|discount|mortgage|all|the|such|those)$", re.I)
# The sentence defining a group picks it out of the mortgage loans, before the term ...
_PICKED_FROM_THE_LOANS = re.compile(
    r"\bmortgage\s+loans\s*,?\s+(?:that|which|with|having|whose|in|secured|originated)\b"
    r"|\bof\s+the\s+mortgage\s+loans\b|\bmortgage\s+loans\s+\(",
    re.I,
)
# ... and states its balance.
_ITS_BALANCE = re.compile(r"\bbalances?\b[^.$]{0,200}?\$\s?\d[\d,]*(?:\.\d+)?", re.I)
# A pool named by number anywhere: then the filing's groups are no placeholders' to take.
_A_POOL_BY_NUMBER = re.compile(rf"\b{POOL_WORD}s?\s+{POOL_NAME}\b(?![-\w])", re.I)
_SENTENCE = re.compile(r"(?:[^.]|\.(?=\d))+(?:\.|$)")  # to its stop: never the point in "$335,095,817.07"


_MOST_GROUPS = 12  # as a list of pools is read: more such terms are no filing's pools


@dataclass(frozen=True)
class LoanGroups:
    """The groups a filing defines as its pools: each placeholder number ("1") with the filing's name ("30-Year")."""

    names: dict[str, str]
    said: tuple[str, ...] = ()  # groups defined but not read as pools, and why


def _words(name: str) -> str:
    """The name as a pattern, its words one or more spaces or a line break apart, in its case or in capitals."""
    spaced = r"\s+".join(re.escape(word) for word in name.split())
    upper = r"\s+".join(re.escape(word.upper()) for word in name.split())
    return spaced if spaced == upper else f"(?:{spaced}|{upper})"


def _groups_defined(text: str) -> list[tuple[str, str]]:
    """(name, term) of each group a sentence defines as loans picked out of the mortgage loans, with a balance."""
    found: dict[str, str] = {}
    if not _TERM.search(text):  # most filings quote no term naming loans: one pass, not a pass a sentence
        return []
    for sentence in _SENTENCE.finditer(text):
        said = sentence.group(0)
        for term in _TERM.finditer(said):
            name = " ".join(term.group("name").split())
            # the words near it: a long sentence of many terms is read in linear time
            before, after = said[max(0, term.start() - 400) : term.start()], said[term.end() : term.end() + 400]
            if _NO_GROUP.match(name) or name.casefold() in (n.casefold() for n in found):
                continue
            if _PICKED_FROM_THE_LOANS.search(before) and _ITS_BALANCE.search(after):
                found[name] = " ".join(term.group(0).strip('"\u201c\u201d').split())
    return list(found.items()) if len(found) <= _MOST_GROUPS else []


def _uses(names: list[str]) -> re.Pattern[str]:
    """Each use of a group's name before its loans: "the 30-Year Mortgage Loans", "30-Year premium loans", and each
    name of a list that says the loans once, "the 30-Year and 15-Year Mortgage Loans"."""
    any_name = "|".join(_words(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?P<name>{any_name})(?![\w-])"
        rf"(?=(?:\s*(?i:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)(?i:the\s+)?(?:{any_name}))*"
        r"\s+(?i:(?:premium|discount)\s+)?(?i:mortgage\s+)?(?i:loans?)\b)"  # the name in its case, the rest in any
    )


def _listed_together(text: str, uses: re.Pattern[str]) -> set[str]:
    """The names used in a sentence listing two groups or more and pairing them with figures ("respectively")."""
    listed: set[str] = set()
    for sentence in _SENTENCE.finditer(text):
        said = sentence.group(0)
        if not re.search(r"\brespectively\b", said, re.I):
            continue
        named = {" ".join(m.group("name").split()).casefold() for m in uses.finditer(said)}
        if len(named) > 1:
            listed |= named
    return listed


def find(text: str) -> LoanGroups:
    """The groups the filing defines as its pools, numbered in the order it defines them."""
    defined = _groups_defined(text)
    if not defined:
        return LoanGroups({})
    names = [name for name, _ in defined]
    listed = _listed_together(text, _uses(names))
    pools = [name for name in names if name.casefold() in listed]
    left = [term for name, term in defined if name not in pools]
    said = tuple(
        f'loan group "{term}": defined with a balance of its own but never listed beside another group; '
        "not read as a pool, and its figures are given to no group"
        for term in left
    )
    if len(pools) < 2:
        return LoanGroups({}, said if pools else ())
    if _A_POOL_BY_NUMBER.search(text):
        terms = ", ".join(f'"{term}"' for name, term in defined if name in pools)
        return LoanGroups(
            {}, (*said, f"loan groups {terms}: the filing names pools by number too; the groups are not read as pools")
        )
    return LoanGroups({str(number): name for number, name in enumerate(pools, 1)}, said)


def numbered(text: str, groups: LoanGroups) -> str:
    """The text with each use of a group's name written as its placeholder pool ("pool 1"), every line kept: a
    name shorter than its placeholder padded with spaces, a line break within it kept after it."""
    if not groups.names:
        return text
    number_of = {name.casefold(): number for number, name in groups.names.items()}

    def placeholder(match: re.Match[str]) -> str:
        written = match.group("name")
        # in capitals in a heading, capitalised where it opens a sentence (where the sentences part is told so)
        before = text[max(0, match.start() - 200) : match.start()].rstrip()
        word = "POOL" if written.isupper() else "Pool" if not before or before[-1] in ".!?:" else "pool"
        pool = f"{word} {number_of[' '.join(written.split()).casefold()]}"
        breaks = written.count("\n")
        return pool.ljust(len(written) - breaks) if not breaks else pool + "\n" * breaks

    return _uses(list(groups.names.values())).sub(placeholder, text)


_PLACEHOLDER_KEY = re.compile(r"(?:(?<=\bpool:)|(?<=\bgroup:))(?P<number>\d+)(?=:)")


def named(value: object, groups: LoanGroups) -> object:
    """A deal (or any part of it) read from ``numbered`` text, with each placeholder pool given the filing's name
    back: a pool's or table's name ("1" is "30-Year"); in a warning's quote of the filing its words as they were
    ("the pool 1  Mortgage Loans", padded, is "the 30-Year Mortgage Loans"); in the parser's own words the name
    ("pool 1" is "pool 30-Year", "pools 1 and 3" is "pools 30-Year and Relocation"); in a figure's key too
    ("pool:1:wac" is "pool:30-Year:wac")."""
    if not groups.names:
        return value
    number = "|".join(groups.names)
    mention = re.compile(
        rf"\b(?P<word>pools?) (?P<numbers>(?:{number})(?:(?:, and |, | and )(?:{number}))*)\b(?!\.\d)(?P<pad> *)", re.I
    )

    def said(match: re.Match[str]) -> str:
        numbers, pad, word = match.group("numbers"), match.group("pad"), match.group("word")
        if numbers in groups.names:  # one pool: as the filing wrote it where its padding is there still
            name = groups.names[numbers]
            padding = max(0, len(name) - len(f"{word} {numbers}"))
            if padding and len(pad) == padding + 1:
                return (name.upper() if word.isupper() else name) + " "
        return word + " " + re.sub(rf"\b(?:{number})\b", lambda m: groups.names[m.group(0)], numbers) + pad

    return _renamed(value, groups.names, lambda text: mention.sub(said, text))


def _renamed(value: object, names: dict[str, str], mention: Callable[[str], str]) -> object:
    if type(value) is str:  # never an enumeration's value ("detailed description" is a FilingKind)
        value = mention(value)
        return _PLACEHOLDER_KEY.sub(lambda m: names.get(m.group("number"), m.group("number")), value)
    if isinstance(value, tuple):
        return tuple(_renamed(item, names, mention) for item in value)
    if isinstance(value, list):
        return [_renamed(item, names, mention) for item in value]
    if isinstance(value, dict):
        return {_renamed(k, names, mention): _renamed(v, names, mention) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _renamed(getattr(value, f.name), names, mention) for f in dataclasses.fields(value) if f.init
        }
        for field in ("pool", "name") if isinstance(value, Pool) else ("pool",):  # a pool's or a table's pool
            if isinstance(changes.get(field), str) and changes[field] in names:
                changes[field] = names[changes[field]]
        return dataclasses.replace(value, **changes)
    return value
