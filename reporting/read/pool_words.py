"""Pools a filing names in words: "POOL ONE", "Loan Group Two", "the first pool", "the SECOND LOAN GROUP".

Every rule of the reading stage knows a pool by a numeral or a letter (``POOL_NAME``: "pool II", "group 2"), and
the product shows pools by Roman numeral, so a pool named in words is read as the pool of that Roman numeral:
``numbered`` writes "pool one" as "pool I", "the first pool" as "the pool I", before anything is read. Each line
keeps its length where figures may stand after the name: the name's spare characters go into the next run of
spaces on its line (which parts columns), so every column after it stays where it was; a line break within the
words is kept.

Words name pools only where the filing names two pools or more so ("Pool One" and "Pool Two"), as a list of pools
does: "one" and "first" alone are too common a word ("the first pool of loans") to name a pool on their own.
"""

from __future__ import annotations

import re

from reporting.model.deal import POOL_WORD
from reporting.read.number_words import UNITS

_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_CARDINALS = UNITS[1 : len(_ROMAN) + 1]  # "one" to "twelve"
_ORDINALS = (
    *("first", "second", "third", "fourth", "fifth", "sixth"),
    *("seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth"),
)
_NUMBER_OF = {word: n for words in (_CARDINALS, _ORDINALS) for n, word in enumerate(words)}
_CARDINAL = "|".join(sorted(_CARDINALS, key=len, reverse=True))
_ORDINAL = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_AFTER_A_NAME = r"(?![\w-])"  # "pool one-third", "group ones": no name
_JOINED = r"\s*(?:,\s*(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)"
# "pool one", "Loan Groups One and Two", "POOLS ONE, TWO AND THREE": the pool word, then each name in words.
_BY_CARDINAL = re.compile(
    rf"\b(?P<word>{POOL_WORD})(?P<plural>s?)(?P<gap>\s+)(?P<names>(?:{_CARDINAL}){_AFTER_A_NAME}"
    rf"(?:{_JOINED}(?:{POOL_WORD}\s+)?(?:{_CARDINAL}){_AFTER_A_NAME})*)",
    re.I,
)
# "the first pool", "SECOND LOAN GROUP": the name in words before the pool word (one pool each).
_BY_ORDINAL = re.compile(rf"\b(?P<name>{_ORDINAL})(?P<gap>\s+)(?P<word>{POOL_WORD})\b(?!s\b|-)", re.I)
_NAME_IN_A_LIST = re.compile(rf"\b(?:{_CARDINAL}){_AFTER_A_NAME}", re.I)
_LEAST_POOLS = 2  # a list of pools names two at the least


def _named(text: str) -> set[int]:
    """The pools the text names in words, by number (0 for the first)."""
    found = {_NUMBER_OF[m.group("name").lower()] for m in _BY_ORDINAL.finditer(text)}
    for match in _BY_CARDINAL.finditer(text):
        found |= {_NUMBER_OF[n.group(0).lower()] for n in _NAME_IN_A_LIST.finditer(match.group("names"))}
    return found


def numbered(text: str) -> str:
    """The text with each pool it names in words named by its Roman numeral, every line as long as it was where
    anything stands after the name on it (see the module's note)."""
    if len(_named(text)) < _LEAST_POOLS:
        return text
    found = sorted(
        [(m, _by_cardinal(m)) for m in _BY_CARDINAL.finditer(text)]
        + [(m, _by_ordinal(m)) for m in _BY_ORDINAL.finditer(text)],
        key=lambda item: item[0].start(),
    )
    out: list[str] = []
    position, owed = 0, 0  # owed: the characters names on this line gave up, for its next run of spaces
    for match, written in found:
        if match.start() < position:
            continue  # within a name already written ("first pool one")
        out.append(_paid(text, position, match.start(), owed))
        owed = (0 if _a_line_ends(text, position, match.start(), owed) else owed) + len(match.group(0)) - len(written)
        out.append(written)
        position = match.end()
    out.append(_paid(text, position, len(text), owed))
    return "".join(out)


def _by_cardinal(match: re.Match[str]) -> str:
    names = _NAME_IN_A_LIST.sub(lambda n: _ROMAN[_NUMBER_OF[n.group(0).lower()]], match.group("names"))
    return match.group("word") + match.group("plural") + match.group("gap") + names


def _by_ordinal(match: re.Match[str]) -> str:
    roman = _ROMAN[_NUMBER_OF[match.group("name").lower()]]
    breaks = "\n" * match.group("gap").count("\n")  # a line break between the words stays a line break
    return f"{match.group('word')} {roman}{breaks}"


_COLUMN_GAP = re.compile(r"(?<![ \t])[ \t]{2,}(?=\S)")  # tried once a run of spaces: linear in a long one


def _gap(text: str, start: int, end: int) -> re.Match[str] | None:
    """The first run of two spaces or more from ``start`` on its line, before ``end``, with text after it."""
    line_end = text.find("\n", start, end)
    # to the next name (and the letter after the gap), no further: many names on one long line stay linear
    gap = _COLUMN_GAP.search(text, start, line_end if line_end >= 0 else min(len(text), end + 1))
    return gap if gap is not None and gap.start() < end else None


def _a_line_ends(text: str, start: int, end: int, owed: int) -> bool:
    """Whether what names gave up is settled by ``end``: paid into a gap, or left at a line's end."""
    return not owed or "\n" in text[start:end] or _gap(text, start, end) is not None


def _paid(text: str, start: int, end: int, owed: int) -> str:
    """The text from ``start`` to ``end`` (after a renamed name), given back the characters names on its line
    gave up: in the first run of two spaces or more on that line, so the figures after it stay in their
    columns; where a line ends first, nothing stands after the names there and nothing is owed."""
    between = text[start:end]
    gap = _gap(text, start, end) if owed else None
    if gap is None:
        return between
    return between[: gap.start() - start] + " " * owed + between[gap.start() - start :]
