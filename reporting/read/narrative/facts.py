"""The facts the prose states, as they are read: ``ProseFacts``.

Each fact is kept by what it is about (``Target``), with the filing lines it was read from and any doubt
(``FactNote``): stated approximately, stated again differently, corrected by the filing, read across a page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from reporting.formatting import lines_text
from reporting.model.deal import WHOLE_DEAL, WRITTEN_TO
from reporting.read.approximate import (
    ApproximateFloat,
    ApproximateInt,
    exactly,
    is_approximate,
    measure_places,
    parts_written,
    places_written,
    rounding_of,
)
from reporting.read.narrative.rows import RowCorrection, RowLabels
from reporting.read.narrative.sentences import _says_respectively
from reporting.read.narrative.subjects import respectively
from reporting.read.narrative.text import ProseText
from reporting.read.narrative.values import Damaged

# What a fact is about: ("pool", pool, field), ("group", pool, "premium", field),
# ("threshold", pool), ("underwriting", pool, n), ("collateral", pool, field),
# ("description", pool) or ("class", name, field).
Target = tuple


@dataclass
class FactNote:
    """Where one fact was read (filing lines) and what the parser doubts about it."""

    lines: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    within: float | None = None  # stated as approximate: how far from exact it may be (read/approximate.py)
    places: int | None = None  # an exact amount's decimals as written (``Provenance.places``)
    parts: int | None = None  # a figure written in fractions: the parts of its unit (``Provenance.parts``)


_APPROXIMATELY_SAID = "stated as approximately "
_ROUNDED_SAID = "stated rounded, as "  # "$619.8 million": to the nearest $100,000
_NOT_EXACT = (_APPROXIMATELY_SAID, _ROUNDED_SAID)


def _about_the_same(kept: object, within: float | None, again: object) -> bool:
    """A figure stated again within the rounding either statement admits ("about 358 months", 357.95)."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (kept, again))
    allowed = (within or 0.0) + rounding_of(again)
    return numbers and allowed > 0 and abs(kept - again) <= allowed


def _rounded_alike(first: object, again: object) -> bool:
    """The same dollar figure, once with its cents and once rounded ($335,095,817.07 in the prose,
    $335,095,817 in a summary's table): no second statement to doubt."""
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (first, again))
    dollars = numbers and min(abs(first), abs(again)) >= _LEAST_ROUNDED_DOLLARS  # never a rate, a term, a level
    return dollars and abs(first - again) < 1 and (first == round(first) or again == round(again))


def _places(target: Target, value: object) -> int | None:
    """The decimals a figure is written with, where a check allows for them: an amount's, or a weighted
    average's ("WAC 5.8%": ``WRITTEN_TO``); None for others (a level, a share), whose checks allow their own way."""
    if (places := places_written(value)) is not None:
        return places
    return measure_places(value) if target[-1] in WRITTEN_TO else None


def _more_places(places: int | None, again: object) -> bool | None:
    """Whether an amount stated again is written to more places than the one kept ("$619,800,778" kept, then
    "$619,800,778.37": True; the other way round, False); None where either's places are not known or alike."""
    again_places = places_written(again)
    if places is None or again_places is None or places == again_places:
        return None
    return again_places > places


def _rounding_of(kept: object, places: int | None, again: object) -> bool:
    """Whether two statements of one amount written to different places agree: the coarser is the finer
    rounded to its places, or cut to them as some typists do ("$619,800,778" of "$619,800,778.37" or of
    "$619,800,778.62"; never of "$619,800,777.37", which it is neither)."""
    again_places = places_written(again)
    assert places is not None and again_places is not None
    (coarse, coarse_places), fine = ((kept, places), again) if places < again_places else ((again, again_places), kept)
    unit = Decimal(1).scaleb(-coarse_places)
    finer, coarser = Decimal(repr(float(fine))), Decimal(repr(float(coarse))).quantize(unit)
    return coarser in (finer.quantize(unit, ROUND_HALF_UP), finer.quantize(unit, ROUND_DOWN))


_LEAST_ROUNDED_DOLLARS = 1_000
_MOST_RESTATEMENTS_SAID = 10


def not_exact(value: ApproximateFloat | ApproximateInt) -> str:
    """The doubt beside a figure stated approximately ("stated as approximately 358 months, not as an exact
    figure") or rounded by its scale ("stated rounded, as $619.8 million, not as an exact figure")."""
    said = _ROUNDED_SAID if getattr(value, "rounded", False) else _APPROXIMATELY_SAID
    return f"{said}{value.written}, not as an exact figure"


@dataclass
class ProseFacts:
    """Everything the prose states, keyed by the subject it was resolved to."""

    pool_facts: dict[str, dict[str, object]] = field(default_factory=dict)
    group_facts: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    threshold_places: dict[str, int] = field(default_factory=dict)  # the decimals each is written with
    underwriting: dict[str, list[tuple[str, str, float, str]]] = field(default_factory=dict)
    additional_collateral: dict[str, dict[str, float]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    class_facts: dict[str, dict[str, float]] = field(default_factory=dict)
    pool_order: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # statements read but not resolved
    context: str = WHOLE_DEAL  # the pool of the section being read ("the mortgage loans")
    # the line index of each heading naming a kind tied to no one pool (``UNTIED``) under which the prose states a
    # figure of loans: not read, to be said once
    untied_read: list[int] = field(default_factory=list)
    untied_lines: set[int] = field(default_factory=set)  # the filing lines (1-based) of those figures
    notes: dict[Target, FactNote] = field(default_factory=dict)
    doubts: list[tuple[Target, str]] = field(default_factory=list)  # fact warnings not already in ``warnings``
    # the prose with every sentence that calls a figure wrong, or is about other loans than the pool's (a
    # servicer's portfolio, another series), blanked out: no figure nor date of the pool's is read from one
    corrected_text: str = ""
    prose: ProseText = field(default_factory=lambda: ProseText(""))
    # The sentence being read: its spans in the prose text, and whether it calls a figure wrong.
    spans: tuple[tuple[int, int], ...] = ()
    fragment: bool = False  # the sentence breaks off
    correcting: bool = False
    corrections: list[Target] = field(default_factory=list)
    # A sentence that corrects a figure and states the new one (``_revision``): its (new, old) figures
    # as written, the facts it gave, and every fact a correction gave (the corrected figure stands)
    revising: tuple[str, str | None] | None = None
    revisions: list[Target] = field(default_factory=list)
    revised: set[Target] = field(default_factory=set)
    # The lines of sentences stating a fact again alike (read, and agreeing): the first statement is cited
    restated_alike: set[int] = field(default_factory=set)
    # A fact stated in another unit (an amount as a share, a term in years): (its name, why, each
    # fact it doubts, where), said at the end unless the filing states it in its unit elsewhere
    in_other_units: list[tuple[str, str, tuple[Target, ...], tuple[tuple[int, int], ...]]] = field(default_factory=list)
    # A sentence naming loans apart whose figures cannot be told whose: (what it says, each fact it
    # doubts, where, its figures), said at the end unless its figures are just those read elsewhere
    not_told_apart: list[tuple[str, tuple[Target, ...], tuple[tuple[int, int], ...], tuple[object, ...]]] = field(
        default_factory=list
    )
    # A sentence calling a figure wrong (``_mark_corrected``): (each fact it is about, its words, where, the figure
    # it calls wrong as written, if it says which), said at the end, when the figure read elsewhere is known
    called_wrong: list[tuple[tuple[Target, ...], str, tuple[tuple[int, int], ...], str | None]] = field(
        default_factory=list
    )
    # A sentence telling another document's figures: (the facts it tells, where, its words)
    other_documents: list[tuple[tuple[Target, ...], tuple[tuple[int, int], ...], str]] = field(default_factory=list)
    # An amendment's "As previously reported, ..." being read, after every other sentence: its figure is
    # the filing's where no other statement gives another (``put``)
    restating: bool = False
    # The row labels of the filing's stratification tables (``RowLabels``), and each sentence correcting
    # a figure of a table's row (``_row_correction``): none of its figures is a pool's
    row_labels: RowLabels = field(default_factory=lambda: RowLabels())
    row_corrections: list[RowCorrection] = field(default_factory=list)
    _lines: tuple[int, ...] = ()
    _lines_of: tuple[tuple[int, int], ...] | None = None

    def set_pool(self, pool: str, name: str, value: object) -> None:
        self._note_pool(pool)
        self.put(("pool", pool, name), self.pool_facts.setdefault(pool, {}), name, value)

    def _note_pool(self, pool: str) -> None:
        if pool not in self.pool_order:
            self.pool_order.append(pool)

    def put(self, target: Target, store: dict, key: object, value: object) -> None:
        """Store a fact read from the current sentence: the first statement of it is kept (a correction's
        figure replaces it)."""
        if self.revising is not None:
            self._revise(target, store, key, value)
            return
        if self.correcting:
            self.corrections.append(target)
            return
        if key in store:
            kept = store[key]
            if value is None or target not in self.notes:
                return
            within = self.notes[target].within
            # an amount written to other places than before: alike only where the coarser is the finer rounded
            finer = _more_places(self.notes[target].places, value)
            alike = _rounding_of(kept, self.notes[target].places, value) if finer is not None else None
            if alike is None:
                alike = kept == value or _rounded_alike(kept, value) or _about_the_same(kept, within, value)
            if alike:
                self.restated_alike.update(self.current_lines())
                # "approximately $619.8 million" and "$619,800,778.37", or "$619,800,778" and "$619,800,778.37":
                # one figure, twice; the more precise stands
                if (finer or (within is not None and rounding_of(value) < within)) and not self.restating:
                    self._more_precisely(target, store, key, value)
                return
            if self.restating:  # the earlier report's figure, not this filing's: this one's stands
                self.doubt(
                    target,
                    f"the filing restates the earlier report's figure as {show(value)} "
                    f"({lines_text(self.current_lines())}); this filing's own, {show(kept)} "
                    f"({lines_text(sorted(self.notes[target].lines))}), is kept and nothing is read from that sentence",
                )
                return
            self._restated(target, kept, value)
            return
        store[key] = exactly(value)
        self.note(target)
        self.notes[target].places = _places(target, value)
        self.notes[target].parts = parts_written(value)
        if is_approximate(value):
            self._said_approximately(target, value)

    def _revise(self, target: Target, store: dict, key: object, value: object) -> None:
        """A figure the filing corrects: the new one stands, in place of any statement before it, and says so."""
        assert self.revising is not None
        if value is None:  # no figure: nothing to put in place of one
            return
        new, old = self.revising
        earlier = ""
        if key in store and target in self.notes and value is not None and store[key] != value:
            before = f"{'$' if new.startswith('$') else ''}{show(store[key])}{'%' if new.endswith('%') else ''}"
            old = old or before
            earlier = f"; the statement before, {before} ({lines_text(sorted(self.notes[target].lines))}), is not read"
        self.notes.pop(target, None)
        self.doubts = [(t, w) for t, w in self.doubts if t != target]
        store[key] = exactly(value)
        self.note(target)
        self.notes[target].places = _places(target, value)
        self.notes[target].parts = parts_written(value)
        if is_approximate(value):
            self._said_approximately(target, value)
        said = f"from {old} to {new}" if old else f"to {new}"
        self.doubt(target, f"corrected by the filing {said} ({lines_text(self.current_lines())}){earlier}")
        self.revisions.append(target)
        self.revised.add(target)

    def _said_approximately(self, target: Target, value: ApproximateFloat | ApproximateInt) -> None:
        self.notes[target].within = value.within
        self.doubt(target, not_exact(value))

    def _more_precisely(self, target: Target, store: dict, key: object, value: object) -> None:
        """A figure stated approximately and then more precisely ("about 358 months", then 357.95): the
        precise one stands, with its own doubt if it is approximate too. Not where another statement
        contradicted the first: the doubt that says so names the first as kept."""
        note = self.notes[target]
        if any(warning.startswith("stated again") for warning in note.warnings):
            return
        store[key], note.within = exactly(value), None
        note.warnings = [w for w in note.warnings if not w.startswith(_NOT_EXACT)]
        self.doubts = [(t, w) for t, w in self.doubts if t != target or not w.startswith(_NOT_EXACT)]
        self.note(target)
        self.notes[target].places = _places(target, value)
        self.notes[target].parts = parts_written(value)
        if is_approximate(value):
            self._said_approximately(target, value)

    def _restated(self, target: Target, kept: object, again: object) -> None:
        """A fact stated again with another figure: the first is kept, each other one said (the first
        few: a filing that states a figure a thousand times is said to, once)."""
        restated = sum(warning.startswith("stated again") for warning in self.notes[target].warnings)
        if restated > _MOST_RESTATEMENTS_SAID:
            return
        if restated == _MOST_RESTATEMENTS_SAID:
            self.doubt(target, f"stated again more than {restated} times; the further statements are not listed")
            return
        kept_as = "the filing's corrected figure" if target in self.revised else "the first statement"
        self.doubt(
            target,
            f"stated again as {show(again)} ({lines_text(self.current_lines())}); "
            f"{kept_as}, {show(kept)} ({lines_text(sorted(self.notes[target].lines))}), is kept",
        )

    def note(self, target: Target) -> None:
        """Record that ``target`` was read from the current sentence."""
        note = self.notes.setdefault(target, FactNote())
        note.lines.update(self.current_lines())
        for start, end in self.spans:
            for _, before, after in self.prose.joins_between(start, end):
                self.doubt(target, f"read from a sentence joined across a page break (lines {before} and {after})")
        if self.fragment:
            self.doubt(target, "read from a sentence that breaks off without its end")

    def doubt(self, target: Target, message: str, listed: bool = False) -> None:
        """A warning on one fact; ``listed`` when the deal's list of warnings already says it."""
        if self.correcting:
            self.corrections.append(target)
            return
        if target[0] == "class":
            self.class_facts.setdefault(target[1], {})  # a class the filing names, even with no figure read
        elif target[1] != "*":
            self._note_pool(target[1])
        note = self.notes.setdefault(target, FactNote())
        if message in note.warnings:
            return
        note.lines.update(self.current_lines())
        note.warnings.append(message)
        if not listed:
            self.doubts.append((target, message))

    def current_lines(self) -> tuple[int, ...]:
        if self._lines_of is not self.spans:  # once per sentence, however many facts it states
            self._lines = tuple(sorted({n for start, end in self.spans for n in self.prose.lines_between(start, end)}))
            self._lines_of = self.spans
        return self._lines

    def pair(
        self,
        subjects: list,
        values: list,
        what: str,
        text: str,
        target: Callable[[object], Target],
        each: bool = True,
        named: str | None = None,
    ) -> list:
        """``respectively`` for the part ``text`` of the current sentence: a mismatch is a doubt on each subject's fact."""
        listed = _says_respectively(text) or self.fragment
        before = len(self.warnings)
        warnings = [] if self.correcting else self.warnings
        pairs = respectively(subjects, values, warnings, what, listed, each, named)
        if not pairs and len(self.warnings) > before:
            for subject in subjects:
                self.doubt(target(subject), self.warnings[-1].split(": ", 1)[1], listed=True)
        elif not pairs and self.correcting:
            self.corrections += [target(subject) for subject in subjects]
        for subject, value in pairs:
            if isinstance(value, Damaged):  # the fact is left missing, and says why
                self.doubt(target(subject), f"the filing writes it as {value.text!r}, which is not read as a figure")
        return [(subject, value) for subject, value in pairs if not isinstance(value, Damaged)]


def show(value: object) -> str:
    """A figure as a warning quotes it."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        # every digit the filing wrote: "0.150017321249" and "0.150017321005" are two statements
        return f"{value:,.2f}" if value >= 1000 else f"{value:.15g}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
