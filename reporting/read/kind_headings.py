"""Headings that name no pool, only the loans' kind ("30-Year Fixed Rate Loans", "15-Year Loans", "Adjustable Rate
Loans"), in a filing of several pools: whose tables stand under one.

The prose may tie each pool to its kind ("The pool I mortgage loans are 30-year fixed rate loans", "Pool II consists
of 15-year fixed rate mortgage loans", a cover's "Pool I: 30-Year Fixed Rate Loans"), or to its loans' original terms
("original maturities of at least 12 but not more than 15 years, the 'pool II mortgage loans'": 15-year loans, the
longest term of the range; "of 180 months or less": 15 years, months tying only where they are whole years), or to both
said apart ("adjustable rate loans", "original maturities of 30 years": "30-Year Adjustable Rate Loans"). A heading
whose kind is one pool's alone opens that pool's section. Where nothing ties the kind to one pool (no pool said of that
kind, or two: pools I and III both 30-year loans), its tables are no one pool's and no subset of the deal is the whole
deal's: they are left out, and said (``Untied``). A filing of one pool names its own loans so: its tables stay the deal's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read.narrative.text import TOGETHER, UNTIED, heading_context

# A term in years ("30-Year", "30 Yr") or months ("180-Month": 15 years; a term of no whole years names no kind)
_TERM = r"(?:(?P<term>\d{1,2})[\s-]+(?:years?|yrs?\b\.?)|(?P<months>\d{1,3})[\s-]+months?)"
# A rate, its word "rate" left out only where it ends a heading ("30 Yr Fixed")
_RATE = r"(?P<rate>fixed|adjustable|variable)(?:[\s-]+rate\b|$)"
# The heading, alone on its line: a term, a rate or both, then the loans ("15-YEAR LOANS", "Adjustable Rate Mortgage
# Loans:"); never "Mortgage Loans" alone, which names no kind.
_KIND_HEADING = re.compile(
    rf"^(?=\d|fixed|adjustable|variable)(?:{_TERM}\s+)?(?:{_RATE}\s+)?(?:mortgage\s+)?loans\s*:?(?:\s*\(continued\))?$",
    re.I,
)
_SHORT_HEADING = re.compile(rf"^{_TERM}\s+{_RATE}$", re.I)  # a term and a rate, no loans: "30 Yr Fixed"
_KIND_WORDS = re.compile(rf"\b{_TERM}\b|\b{_RATE}\b", re.I)
_MOST_POOLS = 30  # tied to kinds, as many as a report sets side by side (``MAX_TABLE_COLUMNS``)
_BLANK_LINES_BETWEEN = 4  # at most, between a pool's heading and a heading saying what its loans are
_LONGEST_HEADING = 60  # characters: a longer line is a sentence, looked at by no pattern
_KIND = r"(?P<kind>(?:[\w,-]+\s+){0,6}?)(?:mortgage\s+)?loans\b"
# A pool tied to its kind: "the pool I mortgage loans are (all) 30-year fixed rate loans", "Pool II consists of (154)
# 15-year ... loans"; or named with it, as a cover or a summary lists them: "Pool I: 30-Year Fixed Rate Loans",
# "Pool II (15-Year Loans)", "Pool III - Adjustable Rate Loans".
_TIED = re.compile(
    rf"\b{POOL_WORD}\s+(?P<pool>{POOL_NAME})(?:\s+mortgage\s+loans)?\s+"
    r"(?:are|were|is|was|will\s+be|consists?\s+of|consisted\s+of|comprises?|(?:is|are|was|were)\s+(?:comprised|made\s+up)\s+of)"
    rf"\s+(?:(?:all|entirely|only|solely)\s+)?(?:of\s+)?(?:\d[\d,]*\s+)?{_KIND}"
    rf"|\b{POOL_WORD}\s+(?P<named>{POOL_NAME})\s*(?:[:\u2013\u2014(]|\s-)\s*{_KIND.replace('kind', 'named_kind')}",
    re.I,
)

# The loans' original terms, as a range whose longest term is the kind's ("original maturities of at least 12 but not
# more than 15 years", "original terms to maturity of 15 years or less", "... of between 26 and 30 years", "... of 30
# years"); never a range with no longest term ("of at least 25 years", "of 30 years or more").
_ORIGINAL_TERMS = (
    r"original\s+(?:(?:stated\s+)?terms?(?:\s+to\s+(?:stated\s+)?maturity)?|maturit(?:y|ies))\s+(?:of\s+|ranging\s+)?"
)
_LONGEST = r"(?:more|greater|longer)\s+than"
_SPAN = r"(?:\d{1,2}\s+years?|\d{1,3}\s+months?)"  # a longest term, in years or in months
_LOW = r"\d{1,3}(?:\s+(?:years?|months?))?"  # a shortest term
_RANGES = (
    rf"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|{_LONGEST}|over)\s+{_LOW},?\s+(?:but|and)\s+"
    rf"(?:not|no)\s+{_LONGEST}\s+(?P<t0>{_SPAN})",
    rf"(?:between|from)\s+{_LOW}\s+(?:and|to|through)\s+(?P<t1>{_SPAN})",
    rf"\d{{1,3}}\s*(?:-|to|through)\s*(?P<t2>{_SPAN})",
    rf"(?:up\s+to|(?:not|no)\s+{_LONGEST}|at\s+most)\s+(?P<t3>{_SPAN})",
    rf"(?P<t4>{_SPAN})\s+or\s+(?:less|fewer|shorter)",
    rf"(?P<t5>{_SPAN})(?!\s+or\b)",
)
_TERMS = rf"{_ORIGINAL_TERMS}(?:{'|'.join(_RANGES)})\b"
_POOLS_LOANS = rf"{POOL_WORD}\s+(?P<{{}}>{POOL_NAME})(?:\s+mortgage\s+loans)?"
# The loans of a range, then the pool they are ("The mortgage loans that have original maturities of at least 12 but
# not more than 15 years, the 'pool II mortgage loans', ...", "The mortgage loans with original terms of 15 years or
# less (the 'pool II mortgage loans') ..."), words narrowing them further between ("and that are
# not relocation loans"; none adding others: ``_OTHERS_ADDED``), no other pool named with it.
_DEFINED_BY_TERMS = (
    rf"\bthe\s+(?:mortgage\s+)?loans\s+(?:(?:that|which)\s+(?:have|had)|with|having)\s+(?:an\s+)?{_TERMS}"
    r"(?P<between>[^.;\"\u201c()]{0,160}?)(?:,\s+|\s*\(\s*)(?:the\s+)?[\"\u201c\u201d']?"
    + _POOLS_LOANS.format("after")
    + r"\b"
    rf"(?!(?:\s+mortgage\s+loans)?[\"\u201d']?,?\s+(?:and\s+|or\s+)?(?:the\s+)?[\"\u201c]?{POOL_WORD}s?\s)"
)
# The pool, then its loans' range, none excepted ("The pool II mortgage loans have original terms to maturity of 15
# years or less", "Pool I consists of mortgage loans with original terms to maturity of between 26 and 30 years").
_POOL_OF_TERMS = (
    rf"\b{_POOLS_LOANS.format('before')}\s+(?:(?:all\s+)?(?:have|had)|(?:consists?|consisted)\s+(?:entirely\s+|solely\s+)?"
    r"of\s+(?:\d[\d,]*\s+)?(?:mortgage\s+)?loans\s+(?:with|having|that\s+have))\s+(?:an\s+)?"
    rf"{_TERMS.replace('?P<t', '?P<u')}(?![^.;]{{0,80}}?\b(?:except|excluding|other\s+than|but)\b)"
)
_TIED_BY_TERMS = re.compile(f"{_DEFINED_BY_TERMS}|{_POOL_OF_TERMS}", re.I)
_OTHERS_ADDED = re.compile(r"\b(?:or|except|excluding|other\s+than|pools?|groups?)\b", re.I)
# A sentence's subject, the pool or the loans of a range: not "None of the pool I ...", "the pool I and pool II ..."
_OPENS_A_SENTENCE = re.compile(r"(?:^|[.;:]\s+)(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Kind:
    """What a heading or a sentence says the loans are: their term in years and their rate, where it says."""

    term: str | None
    rate: str | None

    def within(self, other: Kind) -> bool:
        """Whether every word of this kind is the other's too ("15-Year" of "15-year fixed rate")."""
        return (self.term is None or self.term == other.term) and (self.rate is None or self.rate == other.rate)


@dataclass(frozen=True)
class Untied:
    """A heading naming the loans' kind, tied to no one pool: its tables are left out (``why``)."""

    heading: str

    @property
    def why(self) -> str:
        return (
            f"under the heading {self.heading!r}, which names the loans' kind but no pool, and the filing ties that "
            "kind to no one pool: left out, not shown as the whole deal's"
        )

    @property
    def prose_why(self) -> str:
        return (
            f"the figures in the text under the heading {self.heading!r}, which names the loans' kind but no pool, and "
            "the filing ties that kind to no one pool: not read, neither as the whole deal's nor as any pool's"
        )


def context(section: str | Untied) -> str:
    """The context of the prose under a kind heading: its pool's, or ``UNTIED`` (no pool's, nor the whole deal's)."""
    return section if isinstance(section, str) else UNTIED


# Words that make the kind one the loans are not, or some of them: "are not 30-year loans", "are 30-year and 15-year
# loans", "include 15-year loans".
_NOT_ONE_KIND = re.compile(r"\b(?:not|no|neither|nor|other|except|and|or|some|include[sd]?|including)\b", re.I)


def _kind(words: str) -> Kind | None:
    """The term and rate the words name, or None where they name neither, or several, or deny them."""
    if _NOT_ONE_KIND.search(words):
        return None
    terms = {
        _whole_years(int(found.group("term") or found.group("months")), months=not found.group("term"))
        for found in _KIND_WORDS.finditer(words)
        if found.group("term") or found.group("months")
    }
    if None in terms:  # months of no whole years: no kind a heading in years names
        return None
    rates = {found.group("rate").lower() for found in _KIND_WORDS.finditer(words) if found.group("rate")}
    if len(terms) > 1 or len(rates) > 1 or not (terms or rates):
        return None
    return Kind(next(iter(terms), None), next(iter(rates), None))


def _title_cased(line: str) -> bool:
    return all(word[:1].isupper() or word[:1].isdigit() for word in line.split())


def _heading_kind(lines: list[str], index: int) -> Kind | None:
    """The kind a heading alone on its line names; None for any other line, and for a heading right under a pool's
    ("POOL I MORTGAGE LOANS", then "30-Year Fixed Rate Loans"): it says what that pool's loans are, and opens nothing."""
    line = lines[index].strip()
    if (
        len(line) > _LONGEST_HEADING
        or not (_KIND_HEADING.match(line) or _SHORT_HEADING.match(line))
        or not _title_cased(line)
    ):
        return None
    alone = (index == 0 or not lines[index - 1].strip()) and (index + 1 == len(lines) or not lines[index + 1].strip())
    return _kind(line) if alone and not _under_a_pools_heading(lines, index) else None


def _under_a_pools_heading(lines: list[str], index: int) -> bool:
    above = next((i for i in range(index - 1, max(-1, index - _BLANK_LINES_BETWEEN - 1), -1) if lines[i].strip()), None)
    if above is None:
        return False
    pool = heading_context(lines[above], alone=True)
    return pool is not None and pool != WHOLE_DEAL and TOGETHER not in pool


def _pools_tied(text: str) -> dict[str, set[Kind]]:
    """Each pool's kinds, as the text ties them to it (each once: a hostile run of ties is no longer to look through)."""
    tied: dict[str, set[Kind]] = {}
    if not _KIND_WORDS.search(text):  # most filings name no kind: one pass
        return tied
    text = " ".join(text.split())
    for match in _TIED.finditer(text):
        pool, words = (
            (match.group("pool"), match.group("kind")) if match.group("pool") else match.group("named", "named_kind")
        )
        if (kind := _kind(words)) is not None:
            tied.setdefault(pool.upper(), set()).add(kind)
    for pool, term in _tied_by_terms(text):
        tied.setdefault(pool.upper(), set()).add(Kind(term, None))
    return {pool: kinds | _combined(kinds) for pool, kinds in tied.items()}


def _combined(kinds: set[Kind]) -> set[Kind]:
    """A pool's one term and one rate, said apart ("the pool III mortgage loans are adjustable rate loans", "original
    maturities of 30 years, the pool III mortgage loans"), as one kind: every loan of the pool is of both. None where
    the pool is said of two terms or two rates."""
    terms = {kind.term for kind in kinds} - {None}
    rates = {kind.rate for kind in kinds} - {None}
    return {Kind(next(iter(terms)), next(iter(rates)))} if len(terms) == 1 and len(rates) == 1 else set()


def _tied_by_terms(text: str) -> list[tuple[str, str]]:
    """Each pool the text (its words one space apart) ties to its loans' original terms, with the longest of them in
    years: a heading naming that term names the pool's loans ("15-Year Loans" of loans of 12 to 15 years)."""
    tied = []
    for match in _TIED_BY_TERMS.finditer(text):
        if match.group("after") and _OTHERS_ADDED.search(match.group("between")):
            continue  # "... 15 years or that are relocation loans, the pool II mortgage loans": not all of the range
        if not _OPENS_A_SENTENCE.search(text[max(0, match.start() - 12) : match.start()]):
            continue  # some of the loans, or another pool's too
        term = next(
            value for name, value in match.groupdict().items() if name[0] in "tu" and name[1:].isdigit() and value
        )
        if (years := _years_of(term)) is not None:  # 186 months: no whole years, no kind a heading names
            tied.append((match.group("after") or match.group("before"), years))
    return tied


def _years_of(term: str) -> str | None:
    """The whole years of a longest term as the prose gives it ("15 years", "180 months")."""
    number, unit = term.split()
    return _whole_years(int(number), months=unit.lower().startswith("month"))


def _whole_years(number: int, *, months: bool) -> str | None:
    """A term's whole years, of years or of months; None for months of no whole years (186 months)."""
    if not months:
        return str(number)
    return str(number // 12) if number % 12 == 0 and number else None


_A_POOL = re.compile(rf"\b{POOL_WORD}\s+({POOL_NAME})\b", re.I)


def sections(lines: list[str]) -> dict[int, str | Untied]:
    """The pool each kind heading opens the section of, by its line, or ``Untied``; none in a filing naming fewer
    than two pools."""
    headings = {i: kind for i in range(len(lines)) if (kind := _heading_kind(lines, i)) is not None}
    if not headings:
        return {}
    text = "\n".join(lines)
    if len({name.upper() for name in _A_POOL.findall(text)}) < 2:
        return {}
    tied = _pools_tied(text)
    if len(tied) > _MOST_POOLS:  # no filing's pools: none is tied, every heading's tables said
        tied = {}
    owners = {
        kind: [pool for pool, kinds in tied.items() if any(kind.within(said) for said in kinds)]
        for kind in set(headings.values())  # each kind once, however many headings name it
    }
    return {i: mine[0] if len(mine := owners[kind]) == 1 else Untied(lines[i].strip()) for i, kind in headings.items()}
