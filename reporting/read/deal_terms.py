"""Two facts a detailed description states in a sentence of its own: the loss limits and investment properties.

"There are no special hazard, fraud or bankruptcy loss limits." / "The special hazard loss limit is $6,000,000."
/ "The special hazard, fraud and bankruptcy loss limits are $6,000,000, $12,345,678 and $100,000, respectively."
/ "The special hazard loss limit is $6,000,000, the fraud loss limit is $12,345,678 and ..." are the deal's loss
limits ("loss coverage", "loss amount" in other words); one stated as a share of the balance is said, not read. "None of the mortgage loans are secured by investment properties." / "No more than 5%
of the pool I mortgage loans ... are secured by investment properties" / "approximately 2.1% ..." are each pool's
share secured by investment properties. A sentence read no way for sure (a limit for one pool, figures not matching
the limits or pools it names) is kept out and said in a warning: never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from reporting.formatting import lines_text
from reporting.model.deal import (
    LOSS_LIMIT_KINDS,
    POOL_NAME,
    WHOLE_DEAL,
    Bound,
    Deal,
    LossLimits,
    Pool,
    Provenance,
)
from reporting.read.narrative.sentences import sentence_spans
from reporting.read.narrative.text import ProseText

# "loss limit"; other filings' "loss coverage", "loss coverage amount", "loss amount": each the amount of such losses
# the subordinate classes bear. Unread, a deal's limits so worded were lost, with nothing said.
_LIMIT_WORDS = r"loss\s+(?:limits?|coverages?(?:\s+amounts?)?|amounts?)"
_LOSS_LIMIT = re.compile(_LIMIT_WORDS, re.I)
_KIND = re.compile(r"special\s+hazard|fraud|bankruptcy", re.I)
_NO_LIMITS = re.compile(r"\b(?:are|is)\s+no\b|\bno\s+(?:special\s+hazard|fraud|bankruptcy)\b", re.I)
_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})+|\d+)(\.\d{2})?(?!\.?\d)(\s+million)?", re.I)
_ABOUT = re.compile(r"\b(?:approximately|about|roughly)\b", re.I)
_A_SHARE_OF_THE_BALANCE = re.compile(r"\d\s*(?:%|percent\b)[^.;]{0,40}?\bof\s+the\b[^.;]{0,60}?\bbalance", re.I)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# One limit's words and its amount, nothing of another limit between: "fraud loss limit is $12,345,678"
_EACH_ITS_OWN = re.compile(
    rf"(?P<kind>{_KIND.pattern})\s+{_LIMIT_WORDS}\s+(?:is|will\s+be|was|equals|of)\s+{_AMOUNT.pattern}", re.I
)
_POOL_NAMED = re.compile(rf"\b(?:pool|loan\s+group|group)\s+({POOL_NAME})", re.I)
# "investment properties", "investor properties", "investor-owned properties", "non-owner occupied properties": the
# same properties, not the borrower's home (nor a second home, which the borrower occupies: ``UNHELD_FIGURES``)
_INVESTMENT = re.compile(
    r"invest(?:ment|or)(?:[\s-]+owned)?\s+propert(?:y|ies)|\bnon[\s-]*owner[\s-]+occupied\s+(?:mortgaged\s+)?propert(?:y|ies)",
    re.I,
)
_NONE_OF = re.compile(r"\bnone\s+of\s+the\b", re.I)
_ALL_LOANS = re.compile(r"\ball\s+(?:the\s+|of\s+the\s+)?mortgage\s+loans\b", re.I)
# A share or "none" in a list of them: "No more than 5%", "approximately 2.1%", "none"
_SHARE = re.compile(r"(?P<about>approximately\s+)?(?:(?P<value>\d+(?:\.\d+)?)\s*%|\bnone\b(?!\s+of))", re.I)
_NO_MORE_THAN = re.compile(r"\b(?:no\s+more\s+than|not\s+more\s+than|up\s+to|at\s+most)\b", re.I)
# "At least 1% ... are secured by investment properties": a floor, never the share nor its most
_AT_LEAST = re.compile(r"\b(?:at\s+least|(?:no|not)\s+less\s+than|a\s+minimum\s+of|more\s+than|over)\b", re.I)


# The warnings of a sentence kept out, or of a figure stated twice differently: each says the filing states it and
# it was not read (``loss_limits_not_read``, ``investment_not_read`` find them again, for the reports to say so).
_NOT_READ = "; not read"
_TWICE = f" stated twice, differently{_NOT_READ}"
_LIMITS_KEPT_OUT = "loss limits ("
_INVESTMENT_KEPT_OUT = "investment properties ("
_INVESTMENT_OF_POOL = "investment properties of pool "


@dataclass(frozen=True)
class _Sentence:
    text: str
    lines: tuple[int, ...]


def _sentences(prose: ProseText, text: str, about: re.Pattern[str]) -> Iterator[_Sentence]:
    # the prose's own sentences: a stop of "No.", "U.S." or "Inc." ends none (``narrative.sentences``)
    for start, end in sentence_spans(text):
        said = text[start:end]
        if about.search(said):
            yield _Sentence(" ".join(said.split()), prose.lines_between(start, end))


def _dollars(found: re.Match[str]) -> float:
    whole = float(found.group(1).replace(",", "") + (found.group(2) or ""))
    return whole * 1_000_000 if found.group(3) else whole


# --- loss limits --------------------------------------------------------------------------


def read_loss_limits(prose: ProseText, text: str) -> tuple[LossLimits | None, tuple[str, ...]]:
    """The deal's loss limits as its sentences state them, and a warning per sentence kept out."""
    read: dict[str, tuple[float | None, tuple[int, ...]]] = {}  # kind -> (amount, None: no limit; its lines)
    doubted: set[str] = set()
    warnings: list[str] = []
    for sentence in _sentences(prose, text, _LOSS_LIMIT):
        limits, why = _limits_of(sentence.text)
        if not why and _ABOUT.search(sentence.text) and any(v is not None for v in limits.values()):
            limits, why = {}, "stated as approximate"
        if why:
            warnings.append(f"{_LIMITS_KEPT_OUT}{sentence.text!r}, {lines_text(sentence.lines)}): {why}{_NOT_READ}")
        for kind, value in limits.items():
            if kind in read and read[kind][0] != value:
                doubted.add(kind)
            read.setdefault(kind, (value, sentence.lines))
    warnings += [f"the {_label(kind).lower()} loss limit is{_TWICE}" for kind in doubted]
    kept = [kind for kind, _ in LOSS_LIMIT_KINDS if kind in read and kind not in doubted]
    if not kept:
        return None, tuple(warnings)
    limits = LossLimits(
        **{kind: read[kind][0] for kind in kept},
        none_stated=tuple(kind for kind in kept if read[kind][0] is None),
        provenance=tuple(Provenance(kind, read[kind][1]) for kind in kept),
    )
    return limits, tuple(warnings)


def _label(kind: str) -> str:
    return dict(LOSS_LIMIT_KINDS)[kind]


def _kind_of(words: str) -> str:
    return "special_hazard" if words.lower().startswith("special") else words.lower()


def _limits_of(sentence: str) -> tuple[dict[str, float | None], str | None]:
    """The limits one sentence states (None: no limit), or why it is kept out."""
    kinds = list(dict.fromkeys(_kind_of(k.group(0)) for k in _KIND.finditer(sentence)))
    if not kinds:  # "the loss limits described in the prospectus": no limit of its own, unless it gives an amount
        unnamed = "an amount for no named special hazard, fraud or bankruptcy limit"
        return {}, unnamed if _AMOUNT.search(sentence) else None
    if _POOL_NAMED.search(sentence):
        return {}, "a limit for a pool, not the deal, which the deal's limits cannot stand for"
    amounts = [_dollars(a) for a in _AMOUNT.finditer(sentence)]
    if not amounts:
        if _NO_LIMITS.search(sentence):
            return dict.fromkeys(kinds), None
        if _A_SHARE_OF_THE_BALANCE.search(sentence):  # "... is 1.25% of the aggregate principal balance ...": said
            return {}, "a limit stated as a share of the balance, not as an amount"
        return {}, None  # "the special hazard loss limit may be reduced ...": no limit stated
    if len(amounts) == len(kinds) and (len(kinds) == 1 or _RESPECTIVELY.search(sentence)):
        return dict(zip(kinds, amounts, strict=True)), None
    # "The special hazard loss limit is $6,000,000, the fraud loss limit is $12,345,678 and ...": each amount
    # right after its own limit's words
    own = [(_kind_of(m.group("kind")), _dollars(_AMOUNT.search(m.group(0)))) for m in _EACH_ITS_OWN.finditer(sentence)]
    if len(own) == len(amounts) == len(kinds) and {kind for kind, _ in own} == set(kinds):
        return dict(own), None
    return {}, f"{len(amounts)} amounts for {len(kinds)} limits, which is which not told"


# --- investment properties ------------------------------------------------------------


@dataclass(frozen=True)
class _Share:
    value: float
    bound: Bound | None
    within: float | None


def read_investment(deal: Deal, prose: ProseText, text: str) -> tuple[tuple[Pool, ...], tuple[str, ...]]:
    """The deal's pools with the share secured by investment properties each sentence states, and warnings."""
    names = {p.name.upper(): p.name for p in deal.pools}
    found: dict[str, tuple[_Share, tuple[int, ...]]] = {}
    warnings: list[str] = []
    for sentence in _sentences(prose, text, _INVESTMENT):
        shares, why = _investment_of(sentence.text, names, deal.pools)
        if why:
            warnings.append(f"{_INVESTMENT_KEPT_OUT}{sentence.text!r}, {lines_text(sentence.lines)}): {why}{_NOT_READ}")
            continue
        for pool, share in shares.items():
            if pool in found and found[pool][0] != share:
                warnings.append(f"{_INVESTMENT_OF_POOL}{pool}:{_TWICE}")
                found[pool] = (share, ())
            elif pool not in found:
                found[pool] = (share, sentence.lines)
    pools = tuple(_with_share(p, *found[p.name]) if p.name in found and found[p.name][1] else p for p in deal.pools)
    return pools, tuple(warnings)


def _with_share(pool: Pool, share: _Share, lines: tuple[int, ...]) -> Pool:
    said = Provenance("investment_property_max_pct", lines, approximate_within=share.within)
    return replace(
        pool,
        investment_property_max_pct=share.value,
        investment_property_bound=share.bound,
        provenance=(*pool.provenance, said),
    )


def _investment_of(
    sentence: str, names: dict[str, str], pools: tuple[Pool, ...]
) -> tuple[dict[str, _Share], str | None]:
    named = [m.group(1).upper() for m in _POOL_NAMED.finditer(sentence)]
    subjects = [names.get(n) for n in named] + ([WHOLE_DEAL] if _ALL_LOANS.search(sentence) else [])
    if None in subjects:
        return {}, "names a pool the filing has not"
    if _NONE_OF.search(sentence) and not _SHARE.search(_NONE_OF.sub("", sentence)):
        # "None of the mortgage loans": none of the deal's, so none of any pool's; "None of the pool I ...": its own
        every = [p.name for p in pools] if not subjects or subjects == [WHOLE_DEAL] else subjects
        return dict.fromkeys(every, _Share(0.0, None, None)), None
    if _AT_LEAST.search(_NO_MORE_THAN.sub("", sentence)):
        return {}, "a share stated as a floor, no share nor its most"
    bound = Bound.NO_MORE_THAN if _NO_MORE_THAN.search(sentence) else None
    shares = [_share(m, bound) for m in _SHARE.finditer(sentence)]
    if not shares:  # "loans secured by investment properties are ...": no share stated
        return {}, None
    if any(share.value > 100 for share in shares):  # a misprint: no share of a pool, and not corrected here
        return {}, "a share over 100%, no share of a pool"
    if bound is not None and len(shares) > 1 and _ABOUT.search(sentence):
        return {}, "bounds and approximate shares together, which is which not told"
    if not subjects:  # "of the mortgage loans": the whole deal's, or a deal of one pool
        subjects = [WHOLE_DEAL] if WHOLE_DEAL in names.values() else [p.name for p in pools][:1]
    if len(shares) != len(subjects) or (len(shares) > 1 and not _RESPECTIVELY.search(sentence)):
        return {}, f"{len(shares)} shares for {len(subjects)} pools, which is whose not told"
    return dict(zip(subjects, shares, strict=True)), None


def _share(found: re.Match[str], bound: Bound | None) -> _Share:
    if found.group("value") is None:  # "none" in a list of shares: none, exactly
        return _Share(0.0, None, None)
    written = found.group("value")
    places = len(written.partition(".")[2])
    within = 0.5 * 10.0**-places if found.group("about") else None
    return _Share(float(written), bound, within)


# --- what the filing states and was not read -----------------------------------------------------


def loss_limits_not_read(deal: Deal) -> frozenset[str]:
    """The loss limits (``LOSS_LIMIT_KINDS``' fields) a sentence of the filing names that were kept out with a
    warning, and are not read elsewhere: in the filing but not read, never "not stated"."""
    kinds = {
        _kind_of(found.group(0))
        for warning in deal.warnings
        if warning.startswith(_LIMITS_KEPT_OUT) or (warning.endswith(_TWICE) and _LOSS_LIMIT.search(warning))
        for found in _KIND.finditer(warning)
    }
    limits = deal.loss_limits
    return frozenset(kind for kind in kinds if limits is None or not limits.stated(kind))


def investment_not_read(deal: Deal) -> frozenset[str]:
    """The pools whose share secured by investment properties a sentence of the filing gives that was kept out
    with a warning (the pools it names, or the whole deal where it names none), and no other sentence gives."""
    names = {p.name.upper(): p.name for p in deal.pools}
    pools: set[str] = set()
    for warning in deal.warnings:
        if warning.startswith(_INVESTMENT_OF_POOL) and warning.endswith(_TWICE):
            pools.add(warning.removeprefix(_INVESTMENT_OF_POOL).removesuffix(f":{_TWICE}"))
        elif warning.startswith(_INVESTMENT_KEPT_OUT):
            named = [names.get(m.group(1).upper()) for m in _POOL_NAMED.finditer(warning)]
            pools |= {n for n in named if n} or {WHOLE_DEAL}
    return frozenset(p.name for p in deal.pools if p.name in pools and p.investment_property_max_pct is None)
