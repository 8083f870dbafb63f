"""Where the prose's sentences end.

A stop ends a sentence unless it is an abbreviation's ("No.", "approx.", "U.S.") or a company's ("Inc.");
a semicolon ends a clause. Also whether a sentence breaks off without its end, and whether it says
"respectively".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from reporting.model.deal import POOL_WORD
from reporting.read import needed_words
from reporting.read.dates import DATE_PATTERN, MONTH, STOP_BEFORE_A_YEAR

# Stops that end no sentence: "No.", "Oct.", "approx.", initials ("U.S.", "W.A. Mortgage Rate"), and a
# company's "Inc." unless a capital follows it ("... as reported by CitiMortgage, Inc. Mortgage loans
# having ..." ends there): mid-sentence, words go on. In capitals, where a capital follows everything,
# "INC." goes on before the small words that go on with a sentence ("CITIMORTGAGE, INC. TO BE THE
# PRIMARY RESIDENCE"). A pool's or a class's name is no initial: "... in pool I. The ..." ends there.
_COMPANY = r"\b(?:Inc|Co|Corp|Ltd|N\.A)\."
_SHORTENED = (
    r"\b(?:No|Nos|St|Mr|Ms|Dr|Jr|Sr|etc|viz|(?i:approx|wtd|wgt|avg)|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\."
    r"|\b[A-Z]\."
)
# Words that open a sentence and go on no name: after one, an abbreviation's stop ends the sentence
# ("... sold by John approx. The weighted average ...", "... in the U.S. As of ..."), where a name's
# capital goes on ("W.A. Mortgage Rate", "No. 3", "Wtd. Avg. Coupon", "U.S. Bank").
_SENTENCE_OPENERS = (
    "The", "As", "In", "On", "With", "Such", "Each", "This", "These", "That", "Those", "It", "There",
    "An", "A", "Information", "Approximately", "All", "No", "None", "If",
)  # fmt: skip
# ... in capitals too, as older filings set whole passages ("... SOLD BY JOHN APPROX. THE WEIGHTED ...")
_OPENERS_AS_SET = dict.fromkeys(form for word in _SENTENCE_OPENERS for form in (word, word.upper()))
_BEFORE_AN_OPENER = rf"(?=\s+(?:{'|'.join(_OPENERS_AS_SET)})\s)"
# Every kind below is a word (or "pool A") ending in a stop: the lookahead first turns away, at the cost
# of one scan of a word, the word starts where none could match (3-4 times faster on a filing's prose).
_A_WORD_AND_A_STOP = r"\b(?=[\w.]*\.|\w+\s+[A-Z]\.)"
_ABBREVIATIONS = re.compile(
    rf"{_A_WORD_AND_A_STOP}"
    rf"(?:(?P<ends>{_COMPANY}(?=\s+[A-Z])|\b(?i:pool|group|class|exhibit|schedule|annex|appendix)\s+[A-Z]\."
    rf"|(?:{_SHORTENED}){_BEFORE_AN_OPENER})"
    rf"|{_COMPANY}"
    r"|\b(INC|CO|CORP|LTD)\.(?=\s+(?:TO|AND|OR|OF|FOR|WITH|ON|BY|IS|WAS|ARE|WERE|WILL|HAS|HAD|THAT|WHICH)\b)"
    rf"|{_SHORTENED})"
)


def without_false_stops(text: str) -> str:
    """``text`` with each stop that ends no sentence (``_ABBREVIATIONS``) blanked to "\\x00": as long as
    ``text``, so that offsets found in it are the text's own. A stop inside a date ("May. 1, 2004" or "May 1.
    2004", a typist's stray one) ends nothing either: split there, "... balance of $5,368,851 as of May." lost the
    words after it that say whose balance it is."""
    text = _MONTHS_STOP.sub(lambda m: _blanked_in_a_date(text, m), text)
    text = _DAYS_STOP.sub(lambda m: m.group(0)[:-1] + "\x00", text)
    return _ABBREVIATIONS.sub(lambda m: m.group(0) if m.group("ends") else m.group(0).replace(".", "\x00"), text)


# A month's name with a stop after it: only there can a date hold a stop that seems to end a sentence.
# (Looking for every date in the text instead took a second on a long line of figures.)
_MONTHS_STOP = re.compile(rf"\b(?=[a-z]{{3,9}}\.){MONTH}(?<=\.)", re.I)  # the lookahead: as above
# ... or a stray stop after the day, before the year ("as of May 1. 2004 of $619,800,778.37"): split there, the
# balance after it was read with no words to say whose it is.
_DAYS_STOP = re.compile(rf"\b(?=[a-z]{{3,9}}\.?\s+\d){MONTH}\s+\d{{1,2}}{STOP_BEFORE_A_YEAR}", re.I)
_DAY_BEFORE_THE_MONTH = 40  # "the twenty-seventh day of May. 2004": what a date may hold before its month


def _blanked_in_a_date(text: str, stop: re.Match[str]) -> str:
    """The month and its stop, the stop blanked to "\\x00" where a date holds it."""
    start = max(0, stop.start() - _DAY_BEFORE_THE_MONTH)
    for date in DATE_PATTERN.finditer(text, start, stop.end() + _DAY_BEFORE_THE_MONTH):
        if date.start() < stop.end() <= date.end():
            return stop.group(0)[:-1] + "\x00"
    return stop.group(0)


_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# A sentence (or a line) that does not end in a stop was cut off: by a page break
# the parser could not join, or by the end of the text. A line ending '("CMSI")' goes on.
_SENTENCE_END = re.compile(r"[.;:!?][)\"'*]*\s*$")


@functools.lru_cache(maxsize=8)
def _says_respectively(text: str) -> bool:
    """Whether the sentence says "respectively": asked for each pool's clause of one sentence, found once."""
    return needed_words.search(_RESPECTIVELY, text) is not None


def _breaks_off(sentence: str) -> bool:
    return _SENTENCE_END.search(sentence) is None


# A sentence ends at a stop before a capital, a bracket, a quote or a figure; a clause at a
# semicolon before words (not before a figure: "67.6%; 58.2%; 70.2% and 66.5%" is one list,
# nor before the next item of a list of classes or pools: "were: Class A, $323,200,380.00;
# Class M, $5,026,000.00; ..."; nor before "AND" in capitals).
_SENTENCE_BREAK = re.compile(
    rf"(?<=\.)\s+(?=[A-Z(\"\d$*])|(?<=;)\s+(?!(?i:and|or|class|{POOL_WORD})\b)(?=[A-Z(\"*])|\n\n+"
)


# The sentences of each text asked of during one parse (``sentences_remembered``): the prose's are asked for by the
# narrative, the classes' list and both safety nets. Forgotten when the parse ends: no text outlives it here.
_REMEMBERED: ContextVar[dict[str, tuple[tuple[int, int], ...]] | None] = ContextVar("sentences", default=None)


@contextmanager
def sentences_remembered() -> Iterator[None]:
    """Within it, each text's sentences are found once."""
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of the prose text starts and ends (offsets into ``text``)."""
    remembered = _REMEMBERED.get()
    if remembered is None:
        return _sentence_spans(text)
    if text not in remembered:
        remembered[text] = tuple(_sentence_spans(text))
    return list(remembered[text])


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    protected = without_false_stops(text)
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*_SENTENCE_BREAK.finditer(protected), None]:
        end = match.start() if match else len(text)
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            spans.append((first, first + len(stripped)))
        if match:
            start = match.end()
    return spans


def split_sentences(text: str) -> list[str]:
    return [text[start:end].replace("\n", " ") for start, end in sentence_spans(text)]
