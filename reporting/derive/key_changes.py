"""Key changes: the material changes of a diff as plain sentences, largest first.

A change is material when it reaches its threshold (``Thresholds``, set on the
command line with ``--threshold share=2pp,wac=10bp,...``); its materiality is
the change over the threshold, so a 7.8 pp state shift (3.9x a 2 pp threshold)
ranks above an 11.9 bp WAC move (1.19x 10 bp). A bound the filing states (a cap,
a floor) that moves is said as the bound moving and counts as just material (1):
the share it bounds may not have moved at all. Each sentence reads like the desk
writes it, with every number from ``reporting.formatting``, and every one names the old figure and the new, then
the change ("from X to Y, change"):

    California fell from 47.91% to 40.12% of balance, -7.79 pp
    WAC rose from 5.843% to 5.962%, +11.9 bp
    Deal size fell from $619.8mm to $493.6mm, -20.4%
    The cap on no income verification loans rose from 6% to 24% of balance, +18 pp

Every change in a sentence is the difference of the two figures as known, rounded once
(``formatting.known_change``), as every report's table gives it. A figure that failed a
reconciliation check in its filing says so in its sentence.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields, replace

from reporting import formatting as fmt
from reporting.derive import geography, metrics
from reporting.derive.buckets import Alignment, normalise_title
from reporting.derive.terms_diff import INVESTMENT_KEY, LIMIT_DROPPED, NEW_LIMIT, is_loss_limit
from reporting.model.deal import WHOLE_DEAL, Bound
from reporting.model.diff import (
    THRESHOLD_UNITS,
    DealDiff,
    KeyChange,
    MetricChange,
    Side,
    Thresholds,
)
from reporting.model.table_kinds import TableKind

# The smallest threshold of any kind, in its unit (pp, bp, %, months): finer than any filing
# states a figure (shares to 0.01 pp, rates to 0.1 bp), so nothing real is lost by it.
MIN_THRESHOLD = 0.001


def parse_thresholds(text: str) -> Thresholds:
    """ "share=2pp,wac=10bp,size=10%" -> Thresholds (others keep their default); the unit is optional."""
    values = {f.name: getattr(Thresholds(), f.name) for f in fields(Thresholds)}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, amount = (piece.strip() for piece in item.partition("="))
        if name not in THRESHOLD_UNITS or not amount:
            known = ", ".join(f"{k}=N{u}" for k, u in THRESHOLD_UNITS.items())
            raise ValueError(f"unknown threshold {item!r}; use {known}")
        unit = THRESHOLD_UNITS[name]
        number = amount.removesuffix(unit).strip()
        try:
            value = float(number)
        except ValueError:
            raise ValueError(f"threshold {name} must be a number of {unit}, not {amount!r}") from None
        if not math.isfinite(value) or value <= 0:
            raise ValueError(f"threshold {name} must be a positive number of {unit}, not {amount!r}")
        if value < MIN_THRESHOLD:
            # Below the figures' own precision every change would be "material", and change / threshold
            # overflows to infinity for thresholds near zero.
            raise ValueError(f"threshold {name} must be at least {MIN_THRESHOLD:g}{unit}, not {amount!r}")
        values[name] = value
    return Thresholds(**values)


def find_key_changes(diff: DealDiff, mixed_terms: bool = False) -> tuple[KeyChange, ...]:
    """Every material change of the diff, ranked; equal materiality keeps the section order. Where the loans
    compared have different original terms (``mixed_terms``), their WAM and original term follow the rest."""
    t = diff.thresholds
    found = [
        *_metric_sentences(diff, t, mixed_terms),
        *_documentation_sentences(diff, t),
        *_geography_sentences(diff, t),
        *_table_sentences(diff, t),
        *_matrix_sentences(diff, t),
        *_class_sentences(diff, t),
        *_deal_term_sentences(diff, t),
    ]
    # Largest first, a change of the mix of terms last; a moved bound after every measured change of the same
    # materiality; else the section order.
    return tuple(sorted(found, key=lambda k: (k.mixed_terms, -k.materiality, k.bound or k.unmeasured)))


def ranking_in_words(changes: tuple[KeyChange, ...]) -> str:
    """How ``find_key_changes`` ranks, as the reports say it under the list: each exception named only when
    the list holds such a change."""
    words = "the list is ranked by how many times its threshold each change is"
    if any(k.bound for k in changes):
        words += "; a moved cap or floor counts once, after the measured changes, as what it bounds may not have moved"
    if any(k.unmeasured for k in changes):
        words += "; a loss limit set or dropped counts once, after the measured changes, as it has no size to measure"
    if any(k.mixed_terms for k in changes):
        words += "; a WAM or original term between loans of different original terms comes last"
    return words


def _direction(change: float) -> str:
    return "rose" if change > 0 else "fell"


def share_sentence(subject: str, old: float, new: float, places: int = 2) -> str:
    """ "California fell from 47.91% to 40.12% of balance, -7.79 pp" (a share the filing bounds moves as a bound:
    ``bound_sentence``)."""
    shown = fmt.known_change(old, new)
    return (
        f"{subject} {_direction(new - old)} from {fmt.percent(old, places)} to {fmt.percent(new, places)}"
        f" of balance, {fmt.points(shown, places)}"
    )


_BOUND_NOUNS = {Bound.NO_MORE_THAN: "cap", Bound.AT_LEAST: "floor"}
# What a bound of the catalogue is on, in a sentence ("the floor on primary residences"); a documentation
# policy's bound is on its loans ("the cap on no income verification loans").
_BOUNDED_SUBJECTS = {
    "primary_residence_min_pct": "primary residences",
    "largest_zip_share": "the largest zip code's share",
    "max_ltv": "LTV at origination",
}


def bound_sentence(
    subject: str, old: float, new: float, bound: Bound, unit: str, withins: fmt.Withins = (None, None)
) -> str:
    """A moved bound said as the bound moving, never as the share it bounds: "The cap on no income verification
    loans rose from 6% to 24% of balance, +18 pp" (the loans themselves may be as many as before). The bounds as
    every report prints them, the change between them as known (``fmt.known_change``); a bound stated as approximate (``withins``)
    as the filing gives it ("approx. 98%"), and the change no finer ("approx. +1 pp")."""
    shown = [fmt.shown(value, unit, bound) for value in (old, new)]
    places = 0 if all(float(v).is_integer() for v in shown) else 2
    written = [
        "none" if bound is Bound.NO_MORE_THAN and v == 0 else fmt.bound_number(v, unit, bound, w)
        for v, w in zip(shown, withins)
    ]
    of_balance = " of balance" if unit == "share" else ""
    moved = fmt.about_between(shown[0], shown[1], unit, withins) or fmt.points(fmt.known_change(old, new), places)
    return (
        f"The {_BOUND_NOUNS[bound]} on {subject} {_direction(new - old)} from {written[0]} to {written[1]}"
        f"{of_balance}, {moved}"
    )


def _policy_loans(policy: str) -> str:
    """ "No income verification" as a sentence names its loans: "no income verification loans"."""
    words = policy if policy[1:2].isupper() else policy[:1].lower() + policy[1:]
    return f"{words} loans"


def _noted(
    diff: DealDiff,
    unreconciled: tuple[Side, ...] = (),
    derived: tuple[Side, ...] = (),
    doubted: tuple[Side, ...] = (),
    what: str = "",
) -> str:
    """What a key change's figures are, said in one bracket after its sentence, naming the deal of each: " (not
    reconciled in CMSI 2004-8; doubted in CMSI 2004-3: see its report)". ``what``: the thing not reconciled, where
    it is a table's ("state table ")."""
    said = [
        f"{words} {_in(sides, diff)}{tail(sides)}"
        for words, sides, tail in (
            (f"{what}not reconciled", unreconciled, lambda _: ""),
            ("derived from the pools", derived, lambda _: ""),
            ("doubted", doubted, lambda s: f": see {'its' if len(s) == 1 else 'their'} report"),
        )
        if sides
    ]
    return f" ({'; '.join(said)})" if said else ""


def _in(sides: tuple[Side, ...], diff: DealDiff) -> str:
    """ "in CMSI 2004-8", "in the new filing" (two filings of one deal), "in CMSI 2004-3 and CMSI 2004-8"."""
    same_name = diff.old.name == diff.new.name
    return "in " + " and ".join(
        f"the {side.value} filing" if same_name else getattr(diff, side.value).name for side in sides
    )


def _key(sentence: str, metric: str, threshold: str, size: float, limit: float, bound: bool = False) -> KeyChange:
    """A moved bound counts as just material (``KeyChange``): what it bounds may not have moved at all."""
    return KeyChange(sentence, metric, threshold, 1.0 if bound else round(abs(size) / limit, 6), bound)


def _material(size: float | None, limit: float) -> bool:
    return size is not None and size != 0 and abs(size) >= limit - 1e-9


# Which pool metrics can make a key sentence, under which threshold, and how the level prints.
_SIZE_METRICS: dict[str, Callable[[float], str]] = {
    "aggregate_balance": fmt.millions,
    "loan_count": lambda v: fmt.count(int(v)),
    "average_balance": fmt.dollars,
}
_MONTH_METRICS = ("wam_months", "wa_original_term_months", "seasoning_months")
_LTV_METRICS = ("wa_ltv", "max_ltv")
_SHARE_METRICS = ("share_above_80_ltv", "largest_zip_share", "primary_residence_min_pct", "additional_collateral_share")


# Figures that loans of other original terms move by their terms alone: a 15-year pool's WAM is 180 months less.
_TERM_METRICS = ("wam_months", "wa_original_term_months")
MIXED_TERMS_NOTE = " (mostly the mix of original terms: see the caution)"


def _metric_sentences(diff: DealDiff, t: Thresholds, mixed_terms: bool = False) -> list[KeyChange]:
    whole = diff.old.pool == diff.new.pool == WHOLE_DEAL
    out = []
    for m in diff.metrics:
        if m.change is None or m.old is None or m.new is None:
            continue
        note = _noted(diff, m.unreconciled, m.derived, m.doubted)
        subject = metrics.BY_KEY[m.key].in_sentence if m.key in metrics.BY_KEY else m.label
        # Sizes and the WAC move as every report's table says, between the figures as known, rounded once.
        grown = fmt.relative_between(m.old, m.new, m.unit, withins=m.withins)
        bp = round(fmt.known_change(m.old, m.new) * 100, 1) if m.key == "wac" else 0.0
        # every sentence names both figures, the old one first ("from X to Y"), then the change as the tables give it;
        # from or to a figure stated as approximate: both, and the change, to the decimals the filings give
        moved = fmt.change_between(m.old, m.new, m.unit, withins=m.withins)
        was, now = (fmt.figure(v, m.unit, within=w) for v, w in ((m.old, m.old_within), (m.new, m.new_within)))
        if m.key in _SIZE_METRICS and _material(grown, t.size):
            label = ("Deal size" if whole else "Pool size") if m.key == "aggregate_balance" else subject
            was, now = (
                _SIZE_METRICS[m.key](v) if w is None else shown  # type: ignore[arg-type]
                for v, w, shown in ((m.old, m.old_within, was), (m.new, m.new_within, now))
            )
            text = f"{label} {_direction(grown)} from {was} to {now}, {fmt.relative(grown)}"  # type: ignore[arg-type]
            out.append(_key(text + note, m.key, "size", grown, t.size))  # type: ignore[arg-type]
        elif m.key == "wac" and _material(bp, t.wac):
            text = f"WAC {_direction(bp)} from {was} to {now}, {moved}"
            out.append(_key(text + note, m.key, "wac", bp, t.wac))
        elif m.key in _MONTH_METRICS and _material(m.change, t.wam):
            text = f"{subject} {_direction(m.change)} from {was} to {now}, {moved}"  # type: ignore[arg-type]
            of_the_mix = mixed_terms and m.key in _TERM_METRICS
            key = _key(text + note + MIXED_TERMS_NOTE * of_the_mix, m.key, "wam", m.change, t.wam)
            out.append(replace(key, mixed_terms=of_the_mix))
        elif m.bound is not None and m.key in _LTV_METRICS + _SHARE_METRICS:
            limit, kind = (t.ltv, "ltv") if m.key in _LTV_METRICS else (t.share, "share")
            if _material(m.change, limit):
                what = _BOUNDED_SUBJECTS.get(m.key, subject)
                text = bound_sentence(what, float(m.old), float(m.new), m.bound, m.unit, m.withins)  # type: ignore[arg-type]
                out.append(_key(text + note, m.key, kind, m.change, limit, bound=True))  # type: ignore[arg-type]
        elif m.key in _LTV_METRICS and _material(m.change, t.ltv):
            old, new = float(m.old), float(m.new)  # type: ignore[arg-type]
            places = fmt.percent_change_places(old, new)  # as every report's table gives the change
            shown = fmt.points(fmt.known_change(old, new), places)
            text = f"{subject} {_direction(m.change)} from {fmt.percent(old, places)} to {fmt.percent(new, places)}, {shown}"
            out.append(_key(text + note, m.key, "ltv", m.change, t.ltv))
        elif m.key in _SHARE_METRICS and _material(m.change, t.share):
            text = share_sentence(subject, float(m.old), float(m.new))  # type: ignore[arg-type]
            out.append(_key(text + note, m.key, "share", m.change, t.share))
    return out


def _documentation_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    out = []
    for m in diff.documentation:
        if m.change is not None and _material(m.change, t.share):
            text = bound_sentence(_policy_loans(m.label), float(m.old), float(m.new), m.bound, m.unit, m.withins)  # type: ignore[arg-type]
            out.append(_key(text, m.key, "share", m.change, t.share, bound=True))
    return out


def _geography_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    """Every state whose share moved by the threshold (California among them), and the top 5."""
    states = geography.state_table_diff(diff.tables)
    if states is None or states.alignment is not Alignment.MATCHED:
        return []
    note = _noted(diff, states.unreconciled, what="state table ")
    out = [
        _key(
            share_sentence(row.label, row.old_share, row.new_share) + note,  # type: ignore[arg-type]
            f"state:{row.label}",
            "share",
            row.change,
            t.share,
        )
        for row in states.rows
        if _material(row.change, t.share)
    ]
    top5 = diff.geography.top5
    if top5.change is not None and _material(top5.change, t.share):
        noted = _noted(diff, states.unreconciled, doubted=top5.doubted, what="state table ")
        text = share_sentence("Top 5 states", float(top5.old), float(top5.new)) + noted  # type: ignore[arg-type]
        out.append(_key(text, top5.key, "share", top5.change, t.share))
    return out


def table_subject(title: str) -> str:
    """A table's short name for sentences: "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES" -> "note rates"."""
    text = normalise_title(title)
    for phrase in ("distribution of", "mortgage loans", "mortgaged properties", "subject to"):
        text = text.replace(phrase, " ")
    words = text.split()
    while words and words[0] in ("by", "of", "in"):
        words.pop(0)
    while words and words[-1] in ("by", "of", "in"):
        words.pop()
    subject = " ".join(words)
    return "loan size" if subject == "size" else subject or normalise_title(title)


def _table_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    out = []
    for table in diff.tables:
        if table.kind is TableKind.GEOGRAPHY or table.alignment not in (Alignment.MATCHED, Alignment.REBUCKETED):
            continue
        subject = table_subject(table.title)
        note = _noted(diff, table.unreconciled, what="table ")
        for row in table.rows:
            if _material(row.change, t.share):
                text = share_sentence(f"{row.label} ({subject})", row.old_share, row.new_share)  # type: ignore[arg-type]
                out.append(_key(text + note, f"table:{table.title}:{row.label}", "share", row.change, t.share))  # type: ignore[arg-type]
    return out


def _matrix_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    """The row totals of a matrix (the FICO mix); its LTV columns repeat the LTV table."""
    out = []
    for matrix in diff.matrices:
        note = _noted(diff, matrix.unreconciled, what="matrix ")
        for row in matrix.row_totals:
            if _material(row.change, t.share):
                subject = f"{matrix.row_header} {row.label}"
                text = share_sentence(subject, row.old_share, row.new_share)  # type: ignore[arg-type]
                out.append(_key(text + note, f"matrix:{matrix.title}:{row.label}", "share", row.change, t.share))  # type: ignore[arg-type]
    return out


def _class_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    out = []
    for cls in diff.classes:
        m = cls.subordination
        if m.change is not None and _material(m.change, t.sub):
            old, new = float(m.old), float(m.new)  # type: ignore[arg-type]
            text = (  # the levels as every report writes them, the change between them as written
                f"{m.label} {_direction(m.change)} from {fmt.subordination(old)} to {fmt.subordination(new)},"
                f" {fmt.change_between(old, new, m.unit)}"
            )
            note = _noted(diff, m.unreconciled, doubted=m.doubted)  # as a pool figure's
            out.append(_key(text + note, m.key, "sub", m.change, t.sub))
    return out


# --- loss limits and investment properties (``terms_diff``) ---------------------------------------


def _deal_term_sentences(diff: DealDiff, t: Thresholds) -> list[KeyChange]:
    """A loss limit set, dropped or moved by the size threshold (relative, as a deal's size), and the share secured
    by investment properties moved by the share threshold (a cap as a cap moving)."""
    out = []
    for m in diff.metrics:
        if is_loss_limit(m.key):
            out += _loss_limit_sentence(m, t)
        elif m.key == INVESTMENT_KEY and m.change is not None and _material(m.change, t.share):
            out.append(_investment_sentence(m, t))
    return out


def _loss_limit_sentence(m: MetricChange, t: Thresholds) -> list[KeyChange]:
    subject = f"The {m.label[:1].lower()}{m.label[1:]}"  # "The special hazard loss limit"
    if m.change_said in (NEW_LIMIT, LIMIT_DROPPED):
        # A limit set where there was none, or dropped: a change in how the deal's losses of that kind are borne,
        # with no size to measure it by: material, counted once (1x), as a moved bound is.
        # each amount as every report writes it, to the cent where the filing states cents (``fmt.side_figure``)
        was, now = (
            ("none", fmt.side_figure(m, Side.NEW))
            if m.change_said == NEW_LIMIT
            else (fmt.side_figure(m, Side.OLD), "none")
        )
        return [KeyChange(f"{subject} changed from {was} to {now}", m.key, "size", 1.0, unmeasured=True)]
    if m.relative is None or not _material(m.relative, t.size):
        return []
    was, now = (fmt.side_figure(m, side) for side in (Side.OLD, Side.NEW))
    text = f"{subject} {_direction(m.relative)} from {was} to {now}, {fmt.relative(m.relative)}"
    return [_key(text, m.key, "size", m.relative, t.size)]


def _investment_sentence(m: MetricChange, t: Thresholds) -> KeyChange:
    old, new = float(m.old), float(m.new)  # type: ignore[arg-type]
    if m.bound is not None:  # a cap against a cap, or against none of the loans: the cap moving
        text = bound_sentence("investment properties", old, new, m.bound, m.unit, m.withins)
        return _key(text, m.key, "share", m.change, t.share, bound=True)  # type: ignore[arg-type]
    was, now = ("none" if side in m.none_said else fmt.side_figure(m, side) for side in (Side.OLD, Side.NEW))
    moved = fmt.change_between(old, new, m.unit, withins=m.withins)
    # "of balance" follows the share, never "none" ("fell from approx. 2.1% of balance to none")
    span = f"from {was} of balance to none" if Side.NEW in m.none_said else f"from {was} to {now} of balance"
    text = f"Investment properties {_direction(new - old)} {span}, {moved}"
    return _key(text, m.key, "share", m.change, t.share)  # type: ignore[arg-type]
