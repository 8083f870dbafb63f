"""A cheap test before a costly pattern: the words every match of it holds, read from the pattern itself.

Most of the parser's patterns are tried on every sentence and match few: "weighted average remaining term"
cannot match a sentence without "remaining" in it, and ``str.__contains__`` finds that a hundred times faster
than the pattern's search fails. ``may_match`` says False only where the pattern cannot match: the words are
taken from the pattern's own parse (no list kept beside it to fall out of step), each a run of letters every
match must hold (in a lookahead too: the text holds it), or one of a group's alternatives each of which holds
one. Words under IGNORECASE are compared in lower case, and only in an ASCII text, where the pattern's case
rules and ``str.lower`` agree (Unicode's "ſ" is an "s" to the one and not the other).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

# One need: any of these words is in the text, as (words in lower case, words as written). A pattern's needs:
# each of them is.
Need = tuple[tuple[str, ...], tuple[str, ...]]
_MOST_NEEDS = 4  # the most telling ones: each costs a scan of the text
_MOST_WORDS = 16  # in one need
_Words = frozenset[tuple[str, bool]]  # a need as the pattern's parse is read: (word, in lower case?)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False where ``pattern`` cannot match anywhere in ``text`` (nor in any part of it), for a word it needs is
    not there; True otherwise (the pattern may still not match)."""
    known = _KNOWN.get(id(pattern))  # inline: this runs some five thousand times a parse
    needs = known[1] if known is not None and known[0] is pattern else needed_words(pattern)
    if not needs or not text.isascii():
        return True
    lower = text.lower()
    for folded, exact in needs:  # loops, not any(): no generator made for each of them
        for word in folded:
            if word in lower:
                break
        else:
            for word in exact:
                if word in text:
                    break
            else:
                return False
    return True


def search(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, not tried where a word it needs is not in ``text``."""
    return pattern.search(text) if may_match(pattern, text) else None


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, not tried where a word it needs is not in ``text``."""
    return pattern.finditer(text) if may_match(pattern, text) else iter(())


def sub(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern.sub(repl, text)``, not tried where a word it needs is not in ``text``."""
    return pattern.sub(repl, text) if may_match(pattern, text) else text


# Each pattern asked of (a few dozen, the parser's own) by its id, with the pattern itself, kept so that no other
# takes its id. (A pattern's own hash is its compiled code's, as costly as a short search.)
_KNOWN: dict[int, tuple[re.Pattern[str], tuple[Need, ...]]] = {}
_MOST_KNOWN = 1_000


def needed_words(pattern: re.Pattern[str]) -> tuple[Need, ...]:
    """The words every match of ``pattern`` holds (``Need``: one of each), the most telling first."""
    known = _KNOWN.get(id(pattern))
    if known is None or known[0] is not pattern:
        if len(_KNOWN) >= _MOST_KNOWN:
            _KNOWN.clear()
        try:
            parsed = _needs(sre_parse.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.I))
        except Exception:  # noqa: BLE001 - re's parser is Python's own, not a public API: if a later Python
            parsed = []  # reads patterns otherwise, every pattern is simply tried, as before this module
        needs = tuple(_as_need(words) for words in parsed[:_MOST_NEEDS])
        known = _KNOWN[id(pattern)] = (pattern, needs)
    return known[1]


def _as_need(words: frozenset[tuple[str, bool]]) -> Need:
    return tuple(sorted(w for w, folded in words if folded)), tuple(sorted(w for w, folded in words if not folded))


def _needs(items: sre_parse.SubPattern | list, folded: bool) -> list[_Words]:
    """What a sequence of the parse needs, the most telling first: each run of letters in it, and what each item
    that every match passes through needs (a group, a repeat at least once, a lookahead)."""
    needs: list[_Words] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if word := _word(run, folded):
            needs.append(word)
        run = []
        if op is sre.SUBPATTERN:
            _, add, remove, inner = arg
            needs += _needs(
                inner, (folded or bool(add & sre.SRE_FLAG_IGNORECASE)) and not remove & sre.SRE_FLAG_IGNORECASE
            )
        elif op is sre.BRANCH:
            needs += _any_of([_needs(branch, folded) for branch in arg[1]])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:
            needs += _needs(arg[2], folded)
        elif op is sre.ATOMIC_GROUP:
            needs += _needs(arg, folded)
        elif op is sre.ASSERT:  # what a lookahead or lookbehind sees is in the text
            needs += _needs(arg[1], folded)
        elif op is sre.IN and (letters := _letters(arg, folded)):  # "[*\u2020]": one of a few letters
            needs.append(letters)
    return sorted(dict.fromkeys(needs), key=_telling, reverse=True)


def _word(run: list[str], folded: bool) -> _Words | None:
    """A run of literal letters as a need; none where it is compared without case and is not ASCII."""
    word = "".join(run)
    if not word or (folded and not word.isascii()):
        return None
    return frozenset({(word.lower() if folded else word, folded)})


def _letters(items: list, folded: bool) -> _Words | None:
    """A set of a few letters named one by one ("[*\u2020\u2021]") as a need; none for a range or a class."""
    if len(items) > _MOST_WORDS or any(op is not sre.LITERAL for op, _ in items):
        return None
    words = [_word([chr(code)], folded) for _, code in items]
    return frozenset().union(*words) if all(words) else None


def _any_of(branches: list[list[_Words]]) -> list[_Words]:
    """A group's alternatives: one of each one's most telling words, where each needs one."""
    if not branches or not all(branches):
        return []
    words = frozenset().union(*(needs[0] for needs in branches))
    return [words] if len(words) <= _MOST_WORDS else []  # fifty states' names are no quick test


# Words nearly every sentence of a filing holds: a need of one of them tells little.
_EVERYWHERE = frozenset(("loan", "loans", "mortgage", "the", "of", "and", "pool", "."))


def _telling(need: _Words) -> tuple[bool, int, int]:
    """Words found in fewer texts first: no word every sentence holds, longer words, fewer of them."""
    return not any(word in _EVERYWHERE for word, _ in need), min(len(word) for word, _ in need), -len(need)
