"""The quick test before a costly pattern (``reporting/read/needed_words.py``) never turns a match away.

``may_match`` may only say False where the pattern cannot match: checked for every pattern of the reading
code that has words to test, over every sentence of both samples as written and in capitals, and over the
Unicode letters that the pattern's IGNORECASE and ``str.lower`` see differently.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import reporting.read
from reporting.read import needed_words
from reporting.read.narrative import POOL_FACT_RULES, split_sentences
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3


def _patterns() -> list[re.Pattern[str]]:
    found: dict[int, re.Pattern[str]] = {}
    for module in pkgutil.walk_packages(reporting.read.__path__, "reporting.read."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found[id(value)] = value
    for rule in POOL_FACT_RULES:
        for pattern in (rule.trigger, rule.exclude):
            if pattern is not None:
                found[id(pattern)] = pattern
    return [pattern for pattern in found.values() if needed_words.needed_words(pattern)]


def _sentences() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in (TERM_SHEET_2004_3, DETAILED_2004_8)]
    sentences = [sentence for text in texts for sentence in split_sentences(text) if len(sentence) < 2000]
    return sentences + [sentence.upper() for sentence in sentences]


def test_the_reading_code_has_patterns_to_test() -> None:
    """The rules' triggers, tried on every sentence, each need words (else the test below proves little)."""
    assert all(needed_words.needed_words(rule.trigger) for rule in POOL_FACT_RULES)
    assert len(_patterns()) > 100


def test_no_match_is_turned_away_in_the_samples() -> None:
    sentences = _sentences()
    missed = [
        (pattern.pattern[:60], sentence[:60])
        for pattern in _patterns()
        for sentence in sentences
        if not needed_words.may_match(pattern, sentence) and pattern.search(sentence)
    ]
    assert missed == []


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (re.compile(r"\bseries\s+\d{4}", re.I), "the \u017feries 2004-3 certificates"),  # long s: an "s" to re.I
        (re.compile(r"original", re.I), "ORIG\u0130NAL"),  # dotted capital I: "i\u0307" to str.lower
        (re.compile(r"weighted\s+average", re.I), "WEIGHTED AVERAGE"),
        (re.compile(r"(?-i:WA)\s+coupon", re.I), "WA COUPON"),
        (re.compile(r"[*\u2020]\s*note"), "\u2020 note"),
    ],
)
def test_a_match_is_never_turned_away(pattern: re.Pattern[str], text: str) -> None:
    assert pattern.search(text)
    assert needed_words.may_match(pattern, text)
    assert needed_words.search(pattern, text) is not None


def test_words_a_pattern_needs_turn_away_a_text_without_them() -> None:
    """What makes the parse quicker: a sentence without the pattern's words is not searched."""
    remaining = re.compile(r"weighted\s+average\s+remaining\s+terms?", re.I)
    assert not needed_words.may_match(remaining, "The weighted average interest rate was 5.843%.")
    assert needed_words.may_match(remaining, "The Weighted Average Remaining Term was 357 months.")
    assert not needed_words.may_match(re.compile(r"(?-i:WA)\s+coupon", re.I), "wa coupon")
