"""Facts stated in prose, resolved against the pools, classes or rate groups they name.

Detailed descriptions state facts as lists: "The weighted average interest rates of
the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans
and all mortgage loans ... were 6.132%, 5.486%, 5.716% and 5.962%, respectively."
Each sentence is read as three things: which fact it states (a trigger phrase),
whom it is about (the run of subjects it enumerates) and the values (the run of
numbers of the fact's kind). ``respectively`` pairs them in order; one value for
several subjects applies to all of them; any other mismatch is recorded as a
warning and nothing is assigned, because a guessed number is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from reporting.model.deal import WHOLE_DEAL

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# Every figure a filing states (dollars, counts, percents) is far below this. A longer
# run of digits is damage: a float cannot hold it exactly, and it may even be "inf".
MAX_FIGURE = 1e15

DATE_PATTERN = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\s*,\s*\d{{4}}", re.I)

# Values of each kind a fact can take. Dates are masked out before numbers are read.
_VALUE_PATTERNS = {
    "money": re.compile(r"\$\s*(\d[\d,]*(?:\.\d+)?)"),
    "percent": re.compile(r"(?<![\d.,$])(\d+(?:\.\d+)?)\s*(?:%|percent\b)", re.I),
    "months": re.compile(r"(?<![\d.,$])(\d+(?:\.\d+)?)\s+months\b", re.I),
    "count": re.compile(
        r"(?<![\d.,$-])(\d{1,3}(?:,\d{3})+|\d+)(?![\d]|\.\d|,\d{3}|\s*(?:%|percent|months|years))", re.I
    ),
    "date": DATE_PATTERN,
}
_NONE = re.compile(r"\bnone\b", re.I)
# What may stand between two values of one list: ", ", " and ", ", and ". Each run of
# spaces has one place to go (no "\s*\s*"), so a long gap cannot backtrack cubically.
_VALUE_GAP = re.compile(r"^\s*(?:,\s*)?(?:(?:and|or)\s*)?$", re.I)

_SUBJECT = re.compile(
    r"(?:\b(?P<all>all)\s+(?:of\s+)?(?:the\s+)?)?"
    r"(?:\b(?:pool|loan\s+group|group)\s+(?P<pool>[IVX]+|\d+)\s+)?"
    r"(?:\b(?P<group>premium|discount)\s+)?"
    r"(?:\bmortgage\s+)?\bloans\b",
    re.I,
)
# Between two subjects of one list; like _VALUE_GAP, one place for each run of spaces.
_SUBJECT_GAP = re.compile(r"^\s*(?:(?:,|and/or|and|or)\s*)?(?:,\s*)?(?:(?:and|or)\s*)?(?:the\s+)?$", re.I)

_CLASS_NAME = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*"
_CLASS_RUN = re.compile(
    rf"\bclass(?:es)?\s+(?P<first>{_CLASS_NAME})\b"
    rf"(?P<rest>(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?(?:class\s+)?{_CLASS_NAME}\b)*)",
    re.I,
)
_ABBREVIATIONS = re.compile(r"\b(Inc|Co|Corp|Ltd|No|Nos|St|Mr|Ms|Dr|Jr|Sr|etc|viz)\.|\b([A-Z])\.")
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z%)\"])\(\d\)")


@dataclass(frozen=True)
class Subject:
    pool: str  # a pool name as written ("I", "II") or WHOLE_DEAL
    group: str | None = None  # "premium", "discount" or None


@dataclass
class ProseFacts:
    """Everything the prose states, keyed by the subject it was resolved to."""

    pool_facts: dict[str, dict[str, object]] = field(default_factory=dict)
    group_facts: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    thresholds: dict[str, float] = field(default_factory=dict)
    underwriting: dict[str, list[tuple[str, str, float, str]]] = field(default_factory=dict)
    additional_collateral: dict[str, dict[str, float]] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    class_facts: dict[str, dict[str, float]] = field(default_factory=dict)
    pool_order: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    context: str = WHOLE_DEAL  # the pool of the section being read ("the mortgage loans")

    def set_pool(self, pool: str, name: str, value: object) -> None:
        self._note_pool(pool)
        self.pool_facts.setdefault(pool, {}).setdefault(name, value)

    def _note_pool(self, pool: str) -> None:
        if pool not in self.pool_order:
            self.pool_order.append(pool)


# --- text preparation ------------------------------------------------------------


# A line that is only a pool heading ("POOL II MORTGAGE LOANS", "Group 2:") or the
# whole deal's heading ("ALL MORTGAGE LOANS") opens a section of prose about it.
_POOL_HEADING = re.compile(
    r"^(?:the\s+)?(?:pool|loan\s+group|group)\s+([IVX]+|\d+)(?:\s+mortgage\s+loans)?\s*:?$", re.I
)
_WHOLE_DEAL_HEADING = re.compile(r"^all\s+(?:the\s+)?mortgage\s+loans\s*:?$", re.I)
_CONTEXT_MARK = re.compile(r"^\x01pool=(\w+)\x01$")


def _heading_context(line: str) -> str | None:
    if match := _POOL_HEADING.match(line):
        return match.group(1).upper()
    return WHOLE_DEAL if _WHOLE_DEAL_HEADING.match(line) else None


def prose_text(lines: list[str]) -> str:
    """Join prose lines into one string: hyphenated line breaks mended, footnote marks dropped.

    A pool heading becomes a paragraph of its own holding a context mark, so that
    "the mortgage loans" in the section below it are read as that pool's loans.
    """
    text = ""
    for line in lines:
        part = line.strip()
        if not part:
            text += "\n\n"
            continue
        if (context := _heading_context(part)) is not None:
            text += f"\n\n\x01pool={context}\x01\n\n"
            continue
        if text.endswith("-") and part[:1].isalpha():
            text += part
        else:
            text += (" " if text and not text.endswith("\n") else "") + part
    text = _FOOTNOTE_MARK.sub("", text)
    return re.sub(r"[ \t]+", " ", text)


def split_sentences(text: str) -> list[str]:
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\x00"), text)
    pieces = re.split(r"(?<=[.;])\s+(?=[A-Z(\"\d$*])|\n\n+", protected)
    return [p.replace("\x00", ".").replace("\n", " ").strip() for p in pieces if p.strip()]


def parse_date(text: str) -> date | None:
    cleaned = re.sub(r"\s+", " ", text.replace(" ,", ",")).strip()
    cleaned = re.sub(r",(?=\d)", ", ", cleaned)
    try:
        return datetime.strptime(cleaned.title(), "%B %d, %Y").date()
    except ValueError:
        return None


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("$", "").strip())


# --- values and subjects ---------------------------------------------------------


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: "#" * len(m.group(0)), text)


def _masked_for(text: str, kind: str) -> str:
    if kind != "date":
        text = _mask(text, DATE_PATTERN)
    return _mask(text, _CLASS_RUN)


def value_runs(text: str, kind: str) -> list[list[object]]:
    """Runs of values of one kind that the sentence lists together ("$1, $2 and $3")."""
    masked = _masked_for(text, kind)
    found: list[tuple[int, int, object]] = []
    for match in _VALUE_PATTERNS[kind].finditer(masked):
        raw = text[match.start() : match.end()]
        value = parse_date(raw) if kind == "date" else _number(match.group(1))
        if kind != "date" and not value < MAX_FIGURE:
            continue  # a damaged figure: read as no value, never as a number
        if kind == "count":
            value = int(value)
        found.append((match.start(), match.end(), value))
    for match in _NONE.finditer(masked):
        found.append((match.start(), match.end(), None))
    found.sort(key=lambda item: item[0])

    runs: list[list[object]] = []
    current: list[tuple[int, int, object]] = []
    for item in found:
        if current and not _VALUE_GAP.match(masked[current[-1][1] : item[0]]):
            runs.append(_finish_run(current, kind))
            current = []
        current.append(item)
    if current:
        runs.append(_finish_run(current, kind))
    return [run for run in runs if any(v is not None for v in run)]


def _finish_run(items: list[tuple[int, int, object]], kind: str) -> list[object]:
    zero: object = 0 if kind == "count" else 0.0
    # "none" in a list of values means zero ("No more than 30%, 50%, none and 28%").
    return (
        [zero if value is None else value for _, _, value in items]
        if any(v is not None for _, _, v in items)
        else [None]
    )


def subject_runs(text: str) -> list[list[Subject]]:
    """Runs of subjects enumerated together; mentions qualified by a pool, "all" or a group."""
    runs: list[list[Subject]] = []
    current: list[Subject] = []
    last_end = -1
    for match in _SUBJECT.finditer(text):
        pool, group = match.group("pool"), match.group("group")
        if not (pool or group or match.group("all")):
            continue
        # "all mortgage loans" is the whole deal; "the premium loans" (no pool) is left
        # open ("") and becomes the pool of the section the sentence stands in.
        owner = pool.upper() if pool else (WHOLE_DEAL if match.group("all") else "")
        subject = Subject(owner, group.lower() if group else None)
        if current and not _SUBJECT_GAP.match(text[last_end : match.start()]):
            runs.append(current)
            current = []
        current.append(subject)
        last_end = match.end()
    if current:
        runs.append(current)
    return runs


def subjects_of(text: str, default: str = WHOLE_DEAL) -> list[Subject]:
    """Whom a sentence is about: its longest enumerated run, or the section's pool."""
    runs = subject_runs(text)
    if not runs:
        return [Subject(default)]
    return [Subject(s.pool or default, s.group) for s in max(runs, key=len)]


def respectively(subjects: list, values: list, warnings: list[str], what: str) -> list[tuple]:
    """Pair subjects with values: in order, or one value for all; otherwise nothing."""
    if len(values) == len(subjects):
        return list(zip(subjects, values))
    if len(values) == 1:
        return [(s, values[0]) for s in subjects]
    warnings.append(f"{what}: {len(values)} values for {len(subjects)} subjects; not assigned")
    return []


def class_names(text: str) -> list[str]:
    """Class names a sentence enumerates: "class A-1, class A-2 and class B"."""
    match = _CLASS_RUN.search(text)
    if not match:
        return []
    names = [match.group("first")]
    names += re.findall(rf"(?<![\w-])({_CLASS_NAME})\b", re.sub(r"\b(?:and|the|class)\b", " ", match.group("rest")))
    return [n.upper() for n in names]


# --- the facts ---------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFactRule:
    """A fact stated per subject: trigger phrase, value kind, and where it goes."""

    name: str
    trigger: re.Pattern[str]
    kind: str
    exclude: re.Pattern[str] | None = None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)


_AGGREGATE_BALANCE = r"aggregate\s+(?:scheduled\s+)?(?:principal\s+|adjusted\s+)+balances?"
POOL_FACT_RULES = (
    PoolFactRule(
        "aggregate_balance",
        _rx(_AGGREGATE_BALANCE),
        "money",
        _rx(r"in\s+excess\s+of|repurchase|zip\s+code|less\s+than|initial\s+principal|certificates"),
    ),
    PoolFactRule("loan_count", _rx(r"\b(?:total\s+)?numbers?\s+of\b[^.]*\bloans\b"), "count", _rx(r"\bunits?\b")),
    PoolFactRule(
        "wac",
        _rx(r"weighted\s+average\s+(?:(?:mortgage|note|loan|interest)\s+)+rates?|weighted\s+average\s+coupon"),
        "percent",
        _rx(r"\bnet\b"),
    ),
    PoolFactRule("wam_months", _rx(r"weighted\s+average\s+remaining\s+terms?"), "months"),
    PoolFactRule("wa_original_term_months", _rx(r"weighted\s+average\s+original\s+terms?"), "months"),
    PoolFactRule("wa_ltv", _rx(r"weighted\s+average\s+(?:original\s+)?loan-to-value"), "percent"),
    PoolFactRule("largest_zip_balance", _rx(r"\bzip\s+code"), "money"),
    PoolFactRule("balance_above_80_ltv", _rx(r"in\s+excess\s+of\s+80(?:\.0+)?\s*%"), "money"),
    PoolFactRule("primary_residence_min_pct", _rx(r"^\s*at\s+least\b.*?primary\s+residence"), "percent"),
    PoolFactRule("latest_maturity", _rx(r"maturity\s+later\s+than"), "date"),
)
# Sentences about a subset of loans ("such mortgage loans", numbered list items)
# would otherwise be read as facts about the whole pool.
_SUBSET = _rx(r"^\s*\d+\.\s|\bsuch\s+(?:pool\s+\w+\s+)?(?:mortgage\s+)?loans\b|additional\s+collateral")
_GROUP_FIELDS = {"aggregate_balance": "balance", "wac": "wac", "wam_months": "wam_months"}


def extract_prose_facts(text: str) -> ProseFacts:
    facts = ProseFacts()
    sentences = split_sentences(text)
    for sentence in sentences:
        if mark := _CONTEXT_MARK.match(sentence):
            facts.context = mark.group(1)
            continue
        if _SUBSET.search(sentence):
            continue
        for rule in POOL_FACT_RULES:
            if rule.trigger.search(sentence) and not (rule.exclude and rule.exclude.search(sentence)):
                _apply_rule(facts, rule, sentence)
        for reader in _SENTENCE_READERS:
            reader(facts, sentence)
    _read_additional_collateral(facts, text)
    return facts


def _apply_rule(facts: ProseFacts, rule: PoolFactRule, sentence: str) -> None:
    runs = value_runs(sentence, rule.kind)
    if not runs:
        return
    subjects = subjects_of(sentence, facts.context)
    for subject, value in respectively(subjects, runs[0], facts.warnings, rule.name):
        if subject.group:
            if rule.name in _GROUP_FIELDS:
                key = (subject.pool, subject.group)
                facts._note_pool(subject.pool)
                facts.group_facts.setdefault(key, {}).setdefault(_GROUP_FIELDS[rule.name], value)
        else:
            facts.set_pool(subject.pool, rule.name, value)


def _read_max_ltv(facts: ProseFacts, sentence: str) -> None:
    match = _rx(
        r"no\s+(?:mortgage\s+)?loans?\s+had\s+loan-to-value\s+ratios?\s+in\s+excess\s+of\s+(\d+(?:\.\d+)?)\s*%"
    ).search(sentence)
    if match:
        facts.pool_facts.setdefault("*", {})["max_ltv"] = float(match.group(1))


def _read_origination_window(facts: ProseFacts, sentence: str) -> None:
    match = _rx(r"originated\s+(?:prior\s+to|before)\s+(?P<before>.*?)(?:\bor\s+after\s+(?P<after>.*))?$").search(
        sentence
    )
    if not match:
        return
    subjects = subjects_of(sentence[: match.start()], facts.context)
    for part, name in (("before", "originated_not_before"), ("after", "originated_not_after")):
        runs = value_runs(match.group(part) or "", "date")
        if runs:
            for subject, value in respectively(subjects, runs[0], facts.warnings, name):
                facts.set_pool(subject.pool, name, value)


def _read_original_balance_range(facts: ProseFacts, sentence: str) -> None:
    match = _rx(
        r"original\s+principal\s+balances?\s+of\s+not\s+less\s+than\s+(?P<min>.*?)(?:\bn?or\s+more\s+than\s+(?P<max>.*))?$"
    ).search(sentence)
    if not match:
        return
    subjects = subjects_of(sentence[: match.start()], facts.context)
    for part, name in (("min", "original_balance_min"), ("max", "original_balance_max")):
        runs = value_runs(match.group(part) or "", "money")
        if runs:
            for subject, value in respectively(subjects, runs[0], facts.warnings, name):
                facts.set_pool(subject.pool, name, value)


def _read_original_term_range(facts: ProseFacts, sentence: str) -> None:
    match = _rx(
        r"original\s+maturities\s+of\s+(?:at\s+least\s+(?P<min>\d+)\s+but\s+(?:not|no)\s+more\s+than\s+(?P<max>\d+)|(?P<exact>\d+))\s+years"
    ).search(sentence)
    if not match:
        return
    described = re.search(r"the\s+\"(?:pool|loan\s+group|group)\s+(\w+)\s+(?:mortgage\s+)?loans\"", sentence, re.I)
    pool = described.group(1).upper() if described else None
    if pool is None:
        runs = subject_runs(sentence[: match.start()])
        if any(len(run) > 1 for run in runs):
            return  # a range stated for several pools at once: not ours to split
        pool = (runs[0][0].pool if runs else "") or facts.context
    low = match.group("min") or match.group("exact")
    high = match.group("max") or match.group("exact")
    facts.set_pool(pool, "original_term_min_years", float(low))
    facts.set_pool(pool, "original_term_max_years", float(high))


def _read_pool_description(facts: ProseFacts, sentence: str) -> None:
    # The description is bounded (400 characters): unbounded, a sentence repeating
    # "loans that" made this search quadratic.
    match = _rx(
        r"loans\s+(?:that|which)\s+(?P<what>.{1,400}?),\s+the\s+\"(?:pool|loan\s+group|group)\s+(?P<pool>\w+)\s+(?:mortgage\s+)?loans\""
    ).search(sentence)
    if match:
        pool = match.group("pool").upper()
        facts._note_pool(pool)
        facts.descriptions.setdefault(pool, "Loans that " + re.sub(r"\s+", " ", match.group("what")))


def _read_threshold(facts: ProseFacts, sentence: str) -> None:
    match = _rx(
        r"(?:premium|discount)\s+loans\s+will\s+consist\s+of\b.*?net\s+loan\s+rates?\s+(?:greater\s+than\s+or\s+equal\s+to|less\s+than|at\s+least|below)\s+(\d+(?:\.\d+)?)\s*%"
    ).search(sentence)
    if match:
        runs = subject_runs(sentence)
        pool = (runs[0][0].pool if runs else "") or facts.context
        facts.thresholds.setdefault(pool, float(match.group(1)))


# Short labels for the documentation policies, from the filing's own words; the
# whole wording is kept beside each share for the notes.
_POLICY_LABELS = (
    (_rx(r"does\s+not\s+require\s+verification\s+of\s+(?:the\s+)?(?:[\w']+\s+){0,2}income"), "No income verification"),
    (_rx(r"refinanc.*do(?:es)?\s+not\s+require\s+verification\s+of\s+assets"), "Refinance, no asset verification"),
    (_rx(r"do(?:es)?\s+not\s+require\s+verification\s+of\s+assets"), "No asset verification"),
    (
        _rx(r"proof\s+of\s+income\s+and\s+liquid\s+assets.*alternative\s+or\s+streamlined"),
        "Full documentation, or alternative/streamlined refinance",
    ),
    (_rx(r"proof\s+of\s+income\s+and\s+liquid\s+assets.*streamlined"), "Full documentation, or streamlined refinance"),
    (_rx(r"proof\s+of\s+income"), "Full documentation"),
    (
        _rx(r"refinanc\w*\s+mortgage\s+loans\s+originated\s+using\s+alternative\s+or\s+streamlined"),
        "Alternative or streamlined refinance",
    ),
    (_rx(r"streamlined"), "Streamlined"),
)


def _read_underwriting(facts: ProseFacts, sentence: str) -> None:
    match = _rx(r"^\s*(?P<bound>at\s+least|no\s+more\s+than)\b").search(sentence)
    if not match or not _rx(r"underwriting\s+polic").search(sentence):
        return
    runs = value_runs(sentence, "percent")
    if not runs:
        return
    bound = "at_least" if match.group("bound").lower().startswith("at") else "no_more_than"
    label = next((label for pattern, label in _POLICY_LABELS if pattern.search(sentence)), "Other policy")
    wording = re.sub(r"^.*?\b(?:will\s+be|were|are)\s+", "", sentence, count=1).rstrip(". ")
    for subject, value in respectively(subjects_of(sentence, facts.context), runs[0], facts.warnings, "underwriting"):
        facts._note_pool(subject.pool)
        facts.underwriting.setdefault(subject.pool, []).append((label, bound, float(value), wording))


def _read_classes(facts: ProseFacts, sentence: str) -> None:
    names = class_names(sentence)
    if not names:
        return
    if _rx(r"subordination\s+levels?").search(sentence):
        name, kind = "subordination_level", "percent"
    elif _rx(r"initial\s+(?:principal\s+)?balances?").search(sentence):
        name, kind = "initial_balance", "money"
    else:
        return
    runs = value_runs(sentence, kind)
    if runs:
        for cls, value in respectively(names, runs[0], facts.warnings, name):
            facts.class_facts.setdefault(cls, {}).setdefault(name, float(value))


_SENTENCE_READERS: tuple[Callable[[ProseFacts, str], None], ...] = (
    _read_max_ltv,
    _read_origination_window,
    _read_original_balance_range,
    _read_original_term_range,
    _read_pool_description,
    _read_threshold,
    _read_underwriting,
    _read_classes,
)

_COLLATERAL_ITEMS = (
    ("loan_count", _rx(r"\bnumbers?\s+of\b"), "count"),
    ("balance", _rx(_AGGREGATE_BALANCE), "money"),
    ("wa_ltv_without_collateral", _rx(r"without\s+taking\s+into\s+account"), "percent"),
    ("wa_ltv_with_collateral", _rx(r"taking\s+into\s+account"), "percent"),
)


def _context_at(text: str, position: int) -> str:
    """The pool of the section a position of the prose text stands in."""
    marks = re.findall(r"\x01pool=(\w+)\x01", text[:position])
    return marks[-1] if marks else WHOLE_DEAL


def _read_additional_collateral(facts: ProseFacts, text: str) -> None:
    """The numbered list after "... for which additional collateral was pledged, taken as a group:"."""
    intro = _rx(
        r"in\s+the\s+case\s+of\s+(?P<who>.*?)\s+for\s+which\s+additional\s+collateral\s+was\s+pledged[^:]*:"
    ).search(text)
    if not intro:
        return
    subjects = subjects_of(intro.group("who"), _context_at(text, intro.start()))
    rest = text[intro.end() :]
    for number in range(1, 10):
        item = re.match(rf"\s*{number}\.\s+(?P<body>.*?)(?:;\s*(?:and\s+)?(?={number + 1}\.)|\.(?=\s|$))", rest, re.S)
        if not item:
            break
        body = item.group("body")
        for name, trigger, kind in _COLLATERAL_ITEMS:
            if trigger.search(body):
                runs = value_runs(body, kind)
                if runs:
                    for subject, value in respectively(
                        subjects, runs[0], facts.warnings, f"additional collateral {name}"
                    ):
                        facts._note_pool(subject.pool)
                        facts.additional_collateral.setdefault(subject.pool, {}).setdefault(name, value)
                break
        rest = rest[item.end() :]
