"""Sentences that call a figure wrong, or correct one: none of their figures is read as stated.

A correction stating the new figure ("revised from 5.84% to 5.843%") gives the new one; words calling a
figure wrong ("misstated as") mark the facts they name; a correction of a table's row goes to that row; an
amendment's telling of the report it amends, and another document's figures ("The Collateral Term Sheet
stated ..."), are that document's, not this filing's.
"""

from __future__ import annotations

import math
import re

from reporting.formatting import lines_text
from reporting.model.deal import POOL_NAME, POOL_WORD, WHOLE_DEAL
from reporting.read import needed_words
from reporting.read.dates import DATE_PATTERN
from reporting.read.narrative.facts import ProseFacts
from reporting.read.narrative.rows import RowCorrection
from reporting.read.narrative.values import _FIGURE_IN_TEXT, _FIGURE_WRITTEN, _mask, _rx

# A sentence that calls a figure wrong: an amendment's "was misstated as $704,547.57", "previously
# reported as". No figure is read from it: the old one is wrong. (One that states the new figure
# too, "is changed from 5.486% to 5.468%", "The correct rate is 5.468%", is read first as a
# correction, ``_REVISIONS``; these words are for the rest.)
_CORRECTION = _rx(
    r"\bmis-?stated\b|\bincorrect(?:ly)?\b|\berroneous(?:ly)?\b|\bin\s+error\b|\bmistaken(?:ly)?\b"
    r"|\bshould\s+have\s+(?:been|read|stated)\b|\btypographical\s+error\b"
    r"|\bcorrected\s+to\b|\bthe\s+correct(?:ed)?\s+(?:\w+\s+){0,3}(?:is|was|are|were)\b|\bchanged\s+from\b"
    r"|\bpreviously\s+(?:reported|stated)\s+as\b"
    # "The Form 8-K states that ...": another report's figure ("This current report states" is its own)
    r"|\bthe\s+(?:form\s+8-?k|current\s+report|original\s+(?:report|filing))\s+(?:reported|stated|states|said|says)\b"
)
# The figure a sentence calls wrong, where it says which: "misstated as 65.4%", "incorrectly reported as 1,252",
# "previously stated as $704,547.57" (a figure after "as" in the same clause; "should be 19" is the new one)
_THE_WRONG_FIGURE = _rx(
    r"(?:\bmis-?stated|\b(?:incorrect|erroneous|mistaken)(?:ly)?\s+(?:stated|reported|given|shown|printed)"
    r"|\bpreviously\s+(?:reported|stated))\b[^.;]{0,80}?\bas\s+(" + _FIGURE_WRITTEN + ")"
)
# In an amendment, a sentence telling what the report it amends said is about the old figure: "In
# the Form 8-K, ...", "The rate previously reported was ...". In any other filing such words restate a
# figure, and it is read.
_QUOTES_THE_AMENDED = _rx(
    r"\bin\s+the\s+(?:form\s+8-?k|current\s+report|original\s+(?:report|filing))\s*,|\bpreviously\s+(?:reported|stated)\b"
)
# "As previously reported, the weighted average mortgage rate ... was 5.843%": in an amendment, a figure the
# filing says is still what it was, not one it calls wrong. It is read after every other sentence: the
# filing's figure where nothing else states one; where the filing states another, that one stands, and
# this one is said to be the earlier report's (``ProseFacts.put``). Words calling a figure wrong
# (``_CORRECTION``) or giving a new one (``_REVISIONS``) make the sentence a correction all the same.
_AS_PREVIOUSLY = _rx(
    r"\bas\s+(?:previously|earlier)\s+(?:reported|stated|disclosed)\b|\bas\s+(?:reported|stated|disclosed)\s+previously\b"
)
# A sentence telling what an earlier document of the deal stated: "The Collateral Term Sheet filed by
# CMSI on Form 8-K on May 9, 1997 stated an aggregate Adjusted Balance of $624,113,552.19 ...", "The
# weighted average Mortgage Interest Rate stated in the Collateral Term Sheet was 8.351%". Its figures
# are that document's, superseded by this one's own: none is read, and none doubts this filing's; a
# fact this filing states nowhere else says so (``_say_other_documents``). The term sheet is the
# verb's subject ("... described in the Collateral Term Sheet had ... a remaining term to stated
# maturity" and "as stated in the Collateral Term Sheet" are this filing's own).
_TERM_SHEET = r"the\s+(?:(?:preliminary|prior|earlier|related)\s+)?(?:collateral\s+)?term\s+sheets?"
# An earlier report of the deal, named as earlier: "the original Form 8-K", "the prior report", "the
# Form 8-K (originally) filed on May 7, 2004", "the Current Report on Form 8-K filed by CMSI on ...".
# ("the Form 8-K" alone may be this filing's own; in an amendment ``_QUOTES_THE_AMENDED`` reads it.)
_EARLIER_REPORT = (
    r"the\s+(?:(?:original|earlier|prior|previous)\s+(?:current\s+report\s+on\s+)?(?:form\s+8-?k|current\s+report|report|filing)"
    r"|(?:current\s+report\s+on\s+)?form\s+8-?k\s+(?:as\s+)?(?:originally\s+)?(?:filed|dated)\b)"
)
_ANOTHER_DOCUMENTS_FIGURE = _rx(
    rf"\b{_TERM_SHEET}(?:\s+(?:filed|dated|prepared|delivered)\b(?:\s+[^\s;]+){{0,10}}?)?"
    r"\s+(?:stated|reported|showed|gave)\b(?!\s+maturit)"
    rf"|(?<!as\s)\b(?:stated|reported|shown|given)\s+in\s+{_TERM_SHEET}\b"
    # "... was 5.84% in the original Form 8-K", "In the Form 8-K filed on May 7, 2004, the ... was
    # 5.84%", "The Form 8-K filed on May 7, 2004 stated ...", "the Form 8-K filed on May 7, 2004,
    # which gave the ... as 5.84%", "..., in which the ... was given as", "to correct the ..., which
    # was given there as"
    rf"|(?<!as\sdescribed\s)\bin\s+{_EARLIER_REPORT}"
    rf"|\b{_EARLIER_REPORT}(?:\s+[^\s;]+){{0,10}}?\s+(?:stated|reported|showed|gave|said)\b(?!\s+maturit)"
    rf"|\b{_EARLIER_REPORT}[^.;]*?(?:\bwhich\s+(?:gave|stated|reported|showed)\b|\bin\s+which\b"
    r"|\b(?:given|stated|reported|shown)\s+there\b)"
)
# An amendment that restates a sentence: "The sentence of the Form 8-K stating that ... is replaced
# by the following: The weighted average ...": what follows the colon is read, what comes before is not.
_REPLACED_BY = _rx(
    r"\b(?:is|are)\s+(?:hereby\s+)?(?:replaced\s+by|amended\s+to\s+read\s+as)\s+(?:the\s+)?follow(?:s|ing)\s*:\s*"
)


# A sentence that corrects a figure and states the new one: "... has been revised from 5.84% to
# 5.843%", "is amended from X to Y", "should read Y", "should be Y", "is hereby amended to read Y", "is
# changed to Y", "The correct weighted average interest rate ... is Y", "should read Y rather than X",
# "Y, not X", "Y instead of X", "misstated as X; it is Y", "misstated as X and should be Y", "replace X
# with Y", "X is replaced by Y", "was X; corrected, it is Y". The new figure Y is read, the old one X
# never (``_revision``); the fact says it was corrected.
_THE_FIGURE_OF = r"the\s+(?:figure|amount|number|rate|percentage)\s+of\s+"  # "replace the figure of X with Y"
_REVISIONS = (
    _rx(
        r"\b(?:revised|amended|changed|corrected|restated)\s+from\s+"
        rf"(?P<old>{_FIGURE_WRITTEN})(?:\s+months)?\s+to\s+(?:read\s+)?(?P<new>{_FIGURE_WRITTEN})"
    ),
    _rx(
        # each run of spaces with one place to go: "\s*,?\s*" backtracked cubically on a long run
        rf"(?P<new>{_FIGURE_WRITTEN})(?:\s+months)?\s*(?:,\s*)?(?:\(\s*)?(?:rather\s+than|instead\s+of|and\s+not|not)\s+"
        rf"(?P<old>{_FIGURE_WRITTEN})"
    ),
    _rx(
        r"\b(?:should\s+(?:now\s+)?read|should\s+have\s+(?:been|read|stated)"
        r"|(?:hereby\s+)?(?:amended|corrected|changed|revised)\s+to(?:\s+read)?)"
        rf"\s+(?:as\s+)?(?P<new>{_FIGURE_WRITTEN})"
    ),
    _rx(rf"(?P<new>{_FIGURE_WRITTEN})\s+(?:replaces|supersedes)\s+(?:{_THE_FIGURE_OF})?(?P<old>{_FIGURE_WRITTEN})"),
    _rx(rf"\breplace\s+(?:{_THE_FIGURE_OF})?(?P<old>{_FIGURE_WRITTEN})\s+(?:with|by)\s+(?P<new>{_FIGURE_WRITTEN})"),
    # "... of 5.84% is replaced by 5.843%", "The figure of 578 ... should be replaced with 587"
    _rx(
        rf"\b(?:is|are|be|been)\s+(?:hereby\s+)?replaced\s+(?:with|by)\s+(?:{_THE_FIGURE_OF})?(?P<new>{_FIGURE_WRITTEN})"
    ),
    # "As previously reported, the ... was 5.84%; corrected, it is 5.843%"
    _rx(
        r"\b(?:as\s+)?corrected\s*,\s*(?:(?:it|that\s+figure|the\s+figure)\s+)?(?:is|was|reads|should\s+be)\s+"
        rf"(?P<new>{_FIGURE_WRITTEN})"
    ),
    _rx(rf"\bthe\s+correct(?:ed)?\s+[^;]{{0,200}}?\b(?:is|are|was|were)\s+(?P<new>{_FIGURE_WRITTEN})"),
    # "... was misstated above as 5.468%; it is 5.486%": read as "... is 5.486%" (``wrong`` blanked)
    _rx(
        r"(?P<wrong>\b(?:was|were)\s+(?:mis-?stated|incorrectly\s+stated|stated\s+in\s+error|erroneously\s+stated)"
        rf"\b[^;]*;\s*(?:it|that\s+figure)\s+(?:is|was|should\s+be))\s+(?P<new>{_FIGURE_WRITTEN})"
    ),
    # "... was incorrectly stated as 3.12% and should be 3.21%", "was misstated as 3.12% and should be 3.21%"
    _rx(
        r"\b(?:(?:incorrectly|erroneously|mistakenly|wrongly)\s+(?:stated|reported|shown|given|printed)"
        r"|mis-?(?:stated|reported|printed))\s+"
        rf"(?:above\s+)?as\s+(?P<old>{_FIGURE_WRITTEN})(?:\s+months)?\s*(?:,\s*)?(?:(?:and|but)\s+)?"
        rf"(?:(?:it|that\s+figure)\s+)?should\s+(?:be|read|have\s+been)\s+(?P<new>{_FIGURE_WRITTEN})"
    ),
    # "... should be 587": last, so that the words before it say which figure is the old one where they can
    _rx(rf"\bshould\s+(?:now\s+|instead\s+)?be\s+(?P<new>{_FIGURE_WRITTEN})"),
)
_IN_A_DATE = _rx(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b"
)


def _unit(written: str) -> str:
    return "%" if written.endswith("%") else "$" if written.startswith("$") else ""


def _revision(sentence: str) -> tuple[str, str, str | None] | None:
    """A sentence correcting one figure, with its new one: (the sentence with every other figure of the
    new one's kind blanked, the new figure, the old one). None where it is no such sentence, or states
    more figures of that kind than the old and the new (which figure is whose cannot be told)."""
    if (match := _revision_words(sentence)) is None:
        return None
    new = match.group("new")
    old_span = match.span("old") if "old" in match.re.groupindex and match.group("old") else None
    dates = [m.span() for m in _IN_A_DATE.finditer(sentence)]
    others = [
        m.span()
        for m in _FIGURE_IN_TEXT.finditer(sentence)
        if m.span() != match.span("new")
        and _unit(m.group(0)) == _unit(new)
        and not any(start <= m.start() < end for start, end in dates)
    ]
    if old_span is None:
        before = [span for span in others if span[1] <= match.start("new")]
        old_span = before[-1] if len(others) == 1 and before else None
    if len([span for span in others if span != old_span]) or (others and old_span is None):
        return None
    masked = sentence
    if old_span:
        masked = sentence[: old_span[0]] + " " * (old_span[1] - old_span[0]) + sentence[old_span[1] :]
    if "wrong" in match.re.groupindex:
        start, end = match.span("wrong")
        masked = f"{masked[:start]}is{' ' * (end - start - 2)}{masked[end:]}"
    return masked, new, sentence[old_span[0] : old_span[1]] if old_span else None


# A correction of a figure of a stratification table, in prose: "The number of Mortgage Loans in the State
# of California shown in the table entitled 'Geographic Distribution of Mortgaged Properties' should read
# 412 rather than 421", "In the table ..., the aggregate principal balance for Loan Rates of 6.000% -
# 6.249% is hereby corrected to read $12,345,678.90", "the percentage for Florida was incorrectly stated as
# 3.12% and should be 3.21%". A sentence that corrects a figure (``_REVISIONS``, ``_CORRECTION``, an
# amendment's ``_QUOTES_THE_AMENDED``) and names a row of one of the filing's tables, a table by its name,
# or "in the ... table": none of its figures is a pool's. It gives the table's name, the rows (or its Total
# line, ``_TOTAL_LINE``, where it names none), the column (by its words, else by the new figure's unit) and
# the new and the old figure (``RowCorrection``); ``read.row_corrections`` puts the new figure in the row
# where all of them are certain, and doubts the row or the table, quoting the sentence, where any is not.
_QUOTE_OPEN, _QUOTE_CLOSE, _NOT_A_QUOTE = (
    "[\"'\u201c\u2018`]{1,2}",
    "[\"'\u201d\u2019`]{1,2}",
    "[^\"'\u201c\u201d\u2018\u2019`\n]",
)
_TABLE_NAMED = _rx(
    rf"\btables?\s+(?:(?:entitled|titled|captioned|headed)\s+)?{_QUOTE_OPEN}(?P<quoted>{_NOT_A_QUOTE}{{1,200}}){_QUOTE_CLOSE}"
    rf"|{_QUOTE_OPEN}(?P<before>{_NOT_A_QUOTE}{{1,200}}){_QUOTE_CLOSE}\s*tables?\b"
    r"|\btables?\s+(?:entitled|titled|captioned|headed)\s+(?P<plain>[A-Za-z][\w-]*(?:\s+[\w-]+){0,14}?)"
    r"(?=\s*[,;:(]|\s+(?:the|is|was|were|should|shows?|shown|for|in)\b|\s*$)"
)
_IN_A_TABLE = _rx(r"\b(?:in|on|of|from)\s+the\s+(?:[\w'-]+\s+){0,6}?tables?\b")  # "in the table above"
# An amendment reprinting a table corrected: "The table entitled '...' is restated below as corrected", "...
# was incorrect; the corrected table is set forth below", "... contained an error and is replaced in its entirety
# by the table below". It names the table, and none of its rows or figures: the table is the corrected one.
_CORRECTED_TABLE = _rx(r"\bcorrect(?:ed|ions?)?\b|\bincorrect\b|\berrors?\b|\berroneous\b")
_FOLLOWS = _rx(r"\bbelow\b|\bas\s+follows\b|\bfollowing\s+table\b|\btable\s+that\s+follows\b")
# A table's Total line, in a correction naming the table and none of its rows: "the total aggregate principal
# balance shown in the table ...", "the number of mortgage loans on the Total line of the table ...".
_TOTAL_LINE = _rx(r"\btotals?\b")
# The figure a correction names: the first of these its words name (a "percentage of the aggregate
# principal balance" is a share), else its new figure's unit; a bare number names no column.
_ROW_COLUMNS = (
    ("share", _rx(r"\bpercent(?:age)?s?\b|\bshares?\b|%\s+of\b")),
    ("balance", _rx(r"\bbalances?\b|\bamounts?\b|\bprincipal\b|\bdollars?\b")),
    ("count", _rx(r"\bnumber\b|\bcounts?\b")),
)
_COLUMN_OF_UNIT = {"%": "share", "$": "balance"}
_POOL_NAMED = _rx(rf"\b{POOL_WORD}\s+(?P<name>{POOL_NAME})\b")


def _quotes_the_amended(sentence: str, amending: bool) -> bool:
    """An amendment's sentence telling what the report it amends said ("In the Form 8-K, ..."); never one
    saying the figure is what it was ("As previously reported, ...")."""
    return amending and bool(needed_words.search(_QUOTES_THE_AMENDED, _mask(sentence, _AS_PREVIOUSLY)))


def _row_correction(facts: ProseFacts, sentence: str, amending: bool) -> RowCorrection | None:
    """The sentence as a correction of a table's figure, or None where it is none."""
    restated = _restates_a_table(sentence)
    if not (
        restated
        or _revision_words(sentence)
        or needed_words.search(_CORRECTION, sentence)
        or _quotes_the_amended(sentence, amending)
    ):
        return None
    masked = _mask(sentence, DATE_PATTERN)
    title = None
    if named := _TABLE_NAMED.search(masked):
        title = " ".join(next(words for words in named.group("quoted", "before", "plain") if words).split())
        masked = f"{masked[: named.start()]}{'#' * (named.end() - named.start())}{masked[named.end() :]}"
    in_a_table = bool(title or _IN_A_TABLE.search(masked))
    # a year ("2004") names its row only in a sentence naming a table: "filed in 2004" names none
    rows = [(label, span) for label, span in facts.row_labels.named(masked) if in_a_table or not label.isdigit()]
    if not (rows or in_a_table):
        return None
    total = in_a_table and not rows and bool(_TOTAL_LINE.search(masked))
    for _, (start, end) in rows:  # "6.000% - 6.249%" is no figure of the correction
        masked = f"{masked[:start]}{'#' * (end - start)}{masked[end:]}"
    revision = _revision(masked)
    new, old = (revision[1], revision[2]) if revision else (None, None)
    named_pool = _POOL_NAMED.search(masked)
    pool = facts.context if facts.context != WHOLE_DEAL else named_pool.group("name") if named_pool else None
    return RowCorrection(
        " ".join(sentence.split()),
        facts.current_lines(),
        title,
        tuple(label for label, _ in rows),
        pool,
        _row_column(masked, new),
        new,
        old,
        total,
        restated and not rows and not total and revision is None,
    )


def _restates_a_table(sentence: str) -> bool:
    """A sentence saying a table named in it is reprinted corrected: words of a correction, and where."""
    return bool(
        needed_words.search(_TABLE_NAMED, sentence)
        and needed_words.search(_CORRECTED_TABLE, sentence)
        and needed_words.search(_FOLLOWS, sentence)
    )


def _names_a_row(facts: ProseFacts, sentence: str) -> bool:
    """Whether the sentence names a row of the filing's tables (a year only beside a table's name)."""
    return any(not label.isdigit() for label, _ in facts.row_labels.named(_mask(sentence, DATE_PATTERN)))


def _row_column(sentence: str, new: str | None) -> str | None:
    """The column a correction's words name, where its new figure's unit agrees; else the unit's."""
    named = [column for column, words in _ROW_COLUMNS if words.search(sentence)]
    unit = _COLUMN_OF_UNIT.get(_unit(new)) if new else None
    if "share" in named:
        return "share" if unit in (None, "share") else None
    if len(named) == 1:
        return named[0] if unit in (None, named[0]) else None
    return unit  # no words, or both a count's and a balance's: a bare number tells neither


# A word one of ``_REVISIONS`` needs: a sentence with none is no correction, and the eleven patterns,
# each a pass over the sentence, are not tried (a long table line read as prose took seconds).
_A_REVISIONS_WORD = _rx(
    r"\b(?:revis|amend|chang|correct|restat|rather|instead|not\b|should|replac|supersed|mis-?stat|incorrectly"
    r"|erroneously|stated\s+in\s+error)"
)


def _revision_words(sentence: str) -> re.Match[str] | None:
    if not needed_words.search(_A_REVISIONS_WORD, sentence):
        return None
    return next((m for pattern in _REVISIONS if (m := needed_words.search(pattern, sentence))), None)


def _say_other_documents(facts: ProseFacts) -> None:
    """A fact the filing states only in a sentence telling an earlier document's figure: not read, and
    said; where the filing states it itself too, that stands and nothing is said."""
    for targets, spans, around in facts.other_documents:
        stores = {"pool": facts.pool_facts, "class": facts.class_facts}
        unread = [t for t in targets if t[0] not in stores or stores[t[0]].get(t[1], {}).get(t[2]) is None]
        if unread:
            facts.spans = spans
            why = (
                f"stated only where the filing tells what an earlier document stated (...{around}..., "
                f"{lines_text(facts.current_lines())}); not read as this filing's figure"
            )
            facts.warnings.append(f"a sentence tells an earlier document's figures: {why}")
            for target in unread:
                facts.doubt(target, why, listed=True)


def _mark_corrected(facts: ProseFacts, sentence: str) -> None:
    """The facts a sentence calling a figure wrong is about: each says so, none is read from it."""
    facts.correcting = False
    match = (
        _CORRECTION.search(sentence) or needed_words.search(_QUOTES_THE_AMENDED, sentence) or _revision_words(sentence)
    )
    around = sentence[max(0, match.start() - 40) : match.end() + 40].strip().rstrip(".")
    if not facts.corrections:
        facts.warnings.append(f"a sentence calls a figure wrong ({lines_text(facts.current_lines())}): ...{around}...")
        return
    wrong = needed_words.search(_THE_WRONG_FIGURE, sentence)
    facts.called_wrong.append((tuple(dict.fromkeys(facts.corrections)), around, facts.spans, wrong and wrong.group(1)))


def _say_called_wrong(facts: ProseFacts) -> None:
    """Each fact a sentence calls a figure of wrong, doubted, saying how the figure shown (read elsewhere, if at
    all) stands to the one it calls wrong where it says which: an amendment's "misstated as 65.4% in that
    report" beside the 64.5% it restates is the earlier report's error, not this figure's."""
    stores = {"pool": facts.pool_facts, "class": facts.class_facts}
    for targets, around, spans, written in facts.called_wrong:
        figure = float(written.strip("$%").replace(",", "")) if written else None
        facts.spans = spans
        said = f"the filing says a figure for this was wrong (...{around}..., {lines_text(facts.current_lines())})"
        for target in targets:
            shown = stores[target[0]].get(target[1], {}).get(target[2]) if target[0] in stores else None
            if figure is None or not isinstance(shown, (int, float)) or isinstance(shown, bool):
                facts.doubt(target, f"{said}; nothing is read from that sentence")
            elif math.isclose(shown, figure, rel_tol=1e-9):
                facts.doubt(target, f"{said}; the figure shown is the one it calls wrong")
            else:
                facts.doubt(
                    target,
                    f"{said}; nothing is read from that sentence: the figure shown, stated "
                    f"elsewhere in the filing, is not the {written} it calls wrong",
                )
