"""A sentence that gives each pool a clause of its own, each with its own figures: "No more than
$4,538,332 of the pool I mortgage loans and no more than $2,178,656 of the pool II mortgage loans are ...".
"""

from __future__ import annotations

import re

from reporting.read.dates import DATE_PATTERN
from reporting.read.narrative.subjects import Subject, _each_pool_named, _subject_runs_at
from reporting.read.narrative.values import _mask, _value_runs_at, none_as_zero

_MOST_CLAUSES = 12  # pools a sentence gives a clause each: a longer list is none (and is read in linear time)
# What joins one pool's clause to the next: "$4,538,332 of the pool I mortgage loans, and no more than
# $2,178,656 of the pool II ..."; "... of the pool I discount loans were ..., respectively, and of the".
_CONNECTING = re.compile(
    r"(?:[\s,;]|\b(?:and|or|no|none|not|nor|more|less|fewer|than|at|least|most|of|the|approximately|about"
    r"|respectively|while|whereas|but|taken|together|combined|in|aggregate|as|a|groups?)\b)*",
    re.I,
)


_WITHIN_A_CLAUSE = re.compile(
    rf"(?:{_CONNECTING.pattern}|\b(?:was|were|is|are|had|have|has|will\s+be|for)\b|\bas\s+of\b|#|:)*", re.I
)
_CLAUSE_BOUNDARY = re.compile(r";|,\s*(?:and|but|while|whereas)\b", re.I)


def _clauses(
    sentence: str, kind: str, section: str, trigger: re.Pattern[str]
) -> list[tuple[list[Subject], list[object]]]:
    """Each run of subjects with its own values, where the sentence gives each a clause of its own:
    "No more than $4,538,332 of the pool I mortgage loans and no more than $2,178,656 of the pool
    II mortgage loans are ... in any one zip code"; "of the pool I and pool II discount loans were
    $25,949,684 and $1,320,225, respectively, and of the pool I and pool II premium loans were
    ...". Each run of values stands beside its own run of subjects, before it or after it, never
    past another ("... were 6.132%, 5.486% and 5.716%, respectively, and 5.962% for all mortgage
    loans"); otherwise none (the sentence is read as a whole)."""
    text = _each_pool_named(sentence)
    runs = _subject_runs_at(text)
    if not 2 <= len(runs) <= _MOST_CLAUSES:
        return []
    found = _value_runs_at(text, kind, nones=True)
    if len(found) != len(runs):
        return []
    ends = [0] + [end for _, end, _ in runs]
    starts = [start for start, _, _ in runs] + [len(text)]
    before = [ends[i] <= at < starts[i] for i, (at, _, _) in enumerate(found)]
    after = [ends[i + 1] <= at < starts[i + 1] for i, (at, _, _) in enumerate(found)]
    if not all(is_before or is_after for is_before, is_after in zip(before, after)):
        return []
    # Each clause starts where the one before ends, joined by "and" and the like: a clause with words
    # of its own ("..., are secured by ..., and no more than 12% of the pool II mortgage loans are
    # secured by second homes") states another fact, whose figure is not this one's.
    pairs = [(found[i][0], runs[i][1]) if before[i] else (runs[i][0], found[i][1]) for i in range(len(runs))]
    if not all(_CONNECTING.fullmatch(text[pairs[i][1] : pairs[i + 1][0]]) for i in range(len(pairs) - 1)):
        return []
    # Within each clause after the first, between its loans and its figures, only such words, a verb
    # or a date ("and the pool II mortgage loans were 176.90 months"), the fact's own words, or the
    # first clause's again: not another fact's ("and the pool II mortgage loans had a weighted average
    # loan age of 2.85 months").
    inner = [(found[i][1], runs[i][0]) if before[i] else (runs[i][1], found[i][0]) for i in range(len(runs))]
    first_words = set(re.findall(r"[a-z]+", text[slice(*inner[0])].lower()))  # "having ... balances of", again
    if not all(
        _WITHIN_A_CLAUSE.fullmatch(_mask(text[a:b], DATE_PATTERN))
        or trigger.search(text[a:b])
        or set(re.findall(r"[a-z]+", text[a:b].lower())) <= first_words
        for a, b in inner[1:]
    ):
        return []
    # After the last clause, the sentence ends, or the fact's own words follow in the same clause
    # ("... of the pool II mortgage loans are secured by ... any one zip code"): never another fact's
    # ("12% have interest rates above 6.500%"; "... located in Florida, and no more than 1.4% of the
    # mortgage loan pool is secured by ... any one zip code").
    last = pairs[-1][1]
    if not (
        _CONNECTING.fullmatch(text[last:].rstrip("."))
        or any(m.end() > last and not _CLAUSE_BOUNDARY.search(text, last, m.end()) for m in trigger.finditer(text))
    ):
        return []
    return [  # "... and none of the pool III mortgage loans"
        ([Subject(s.pool or section, s.group) for s in run], [none_as_zero(kind) if v is None else v for v in values])
        for (_, _, run), (_, _, values) in zip(runs, found)
    ]
