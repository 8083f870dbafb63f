"""The weighted average rate before the servicing fee stated beside the rate after it, in one clause: "The weighted
average interest rates on the mortgage loans before and after deduction of the servicing fee ... were 5.843% and
5.593%, respectively". The rule for the WAC sets such a clause aside as the net rate's; here the figure in the
place of "before" is read as the WAC, where the words put each figure in its place and the WAC is the greater.
"""

from __future__ import annotations

from reporting.read import needed_words
from reporting.read.approximate import APPROXIMATELY
from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rules import _WEIGHTED_AVERAGE
from reporting.read.narrative.subjects import _own_pool, subject_runs
from reporting.read.narrative.values import _rx, value_runs

_A_RATE = rf"(?:{APPROXIMATELY}\s+)?\d+(?:\.\d+)?\s*(?:%|percent\b)"
_BEFORE_AND_AFTER_THE_FEE = _rx(
    rf"{_WEIGHTED_AVERAGE}\s+(?:(?:current|gross)\s+)?(?:(?:mortgage|note|loan|interest)\s+)+rates?\b"
    r"(?P<whose>[^;%$()]{0,80}?)\b(?P<first>before|after)\s+and\s+(?P<second>before|after)\s+(?:the\s+)?"
    r"deduct(?:ion|ing)\s+(?:of\s+)?(?:the\s+)?servicing\s+fees?\b[^;%$]{0,80}?\b(?:were|are)\s+"
    rf"(?P<rates>{_A_RATE}\s*,?\s+and\s+{_A_RATE})(?:\s*,\s*respectively\b)?(?=\s*(?:[.;)]|$))"
)


def read_rate_before_the_fee(facts: ProseFacts, sentence: str) -> None:
    """The WAC of the loans the clause names (one pool's, or the section's) from ``_BEFORE_AND_AFTER_THE_FEE``; none
    where the figure before the fee is not the greater (which is which not told: the clause is said not read)."""
    if "servicing" not in sentence.lower():
        return  # every wording names the fee: most sentences are passed over at once
    match = needed_words.search(_BEFORE_AND_AFTER_THE_FEE, sentence)
    if match is None or match.group("first") == match.group("second"):
        return
    runs = value_runs(match.group("rates"), "percent")
    if len(runs) != 1 or len(runs[0]) != 2 or not all(isinstance(v, float) for v in runs[0]):
        return
    before, after = runs[0] if match.group("first") == "before" else runs[0][::-1]
    if before <= after:
        return
    subjects = subject_runs(match.group("whose"))
    if subjects and len(subjects[-1]) > 1:
        return  # several pools' rates at once: not ours to split
    pool = _own_pool(subjects[-1][0].pool, facts.context, subjects[-1][0].every_pool) if subjects else facts.context
    facts.set_pool(pool, "wac", before)
