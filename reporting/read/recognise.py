"""What a document is: a CMSI pool description (and which kind), an amendment, or not one at all.

A file is accepted only on positive evidence that it is a CMSI 8-K about a mortgage
pool: the 8-K's cover (the registrant's "Issuer in Respect of" line, or a FORM 8-K
heading with a date of report) or the pool description's own body (the detailed
description's heading, the term sheets' opening sentence, the transfer of the loans
to the trustee). Mentioning the company and its kinds of filing, as our own README
does, is not enough. A filing cut off before it says its kind keeps what its cover
states, with the kind "unknown".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.errors import FilingError
from reporting.model.deal import FilingKind
from reporting.read import needed_words
from reporting.read.number_words import UNITS

_ISSUER = re.compile(r"citicorp\s+mortgage\s+securities", re.I)
# Line starts are matched with "[ \t]*", never "\s*": with re.M, "^\s*" rescans a run of blank lines from each one.
_COVER_ISSUER_LINE = re.compile(r"^[ \t]*(?:\([ \t]*)?issuer\s+in\s+respect\s+of\b", re.I | re.M)
# The form's amended kind, as covers write it: "8-K/A", "8-K / A", "8-KA", "8-K (A)".
_AMENDED_SUFFIX = r"(?:[ \t]*/[ \t]*a|[ \t]*\([ \t]*a[ \t]*\)|a)(?!\w)"
_COVER_FORM = re.compile(rf"^[ \t]*form[ \t]+8-k(?:{_AMENDED_SUFFIX}|\b)[^\n]{{0,40}}$", re.I | re.M)
_COVER_DATE = re.compile(r"date\s+of\s+report", re.I)
_BODY_MARKERS = (
    re.compile(r"^[ \t]*detailed\s+description\s+of\s+the\s+mortgage", re.I | re.M),
    re.compile(r"the\s+following\s+are\s+collateral\s+term\s+sheets?\s+prepared\s+by", re.I),
    re.compile(r"transfer(?:red|s)?\s+to\s+the\s+trustee\b[^.]{0,120}?\bmortgage\s+loans", re.I),
)

# How each kind of pool description opens: the detailed description's heading, the term sheets' first sentence. No
# other document opens so: an 8-K naming its Computational Materials first ("Exhibit 99.1 Computational Materials",
# "superseding any Computational Materials") is still the pool description where one of these stands in it.
_OPENINGS = (
    (FilingKind.DETAILED_DESCRIPTION, _BODY_MARKERS[0]),
    (FilingKind.COLLATERAL_TERM_SHEET, _BODY_MARKERS[1]),
)
_TERM_SHEET = re.compile(r"collateral\s+term\s+sheets?", re.I)
_DETAILED = re.compile(r"detailed\s+description\s+of\s+the\s+mortgage", re.I)
# The headings that name a kind, as a truncated text may end inside them.
_KIND_HEADINGS = (
    ("detailed description of the mortgage", FilingKind.DETAILED_DESCRIPTION),
    ("collateral term sheets", FilingKind.COLLATERAL_TERM_SHEET),
)
_NOT_POOL_DESCRIPTIONS = (
    (
        re.compile(
            r"servicing\s+report|monthly\s+(?:distribution|remittance)\s+report|statement\s+to\s+certificateholders",
            re.I,
        ),
        "a monthly servicing report, not a mortgage pool description",
    ),
    (re.compile(r"computational\s+materials", re.I), "Computational Materials, not a mortgage pool description"),
)

# The other forms a CMSI trust files: distribution reports (10-D), annual reports (10-K), prospectuses.
_OTHER_FORM = re.compile(r"^[ \t]*form[ \t]+(10-d|10-k|10-q|424b\d|s-3)\b", re.I | re.M)

_AMENDED_FORM = re.compile(
    rf"\bform[ \t]+8-k{_AMENDED_SUFFIX}|^[ \t]*8-k{_AMENDED_SUFFIX}[ \t]*$|\bamended\s+current\s+report\b", re.I | re.M
)
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_NUMBER_WORDS = UNITS[1:10]  # "one" to "nine"
# "Amendment No. 1", "Amendment No. One", "Amendment Number 1", "First Amendment"
_NUMBERED = (
    rf"amendment\s+(?:no\.?|number|#)\s*(?P<number>\d{{1,2}}|{'|'.join(_NUMBER_WORDS)})\b"
    rf"|(?P<ordinal>{'|'.join(_ORDINALS)})\s+amendment\b"
)
_AMENDMENT_NUMBER = re.compile(rf"\b(?:{_NUMBERED})", re.I)
# An amendment of another document: "as amended by Amendment No. 1 thereto", "Amendment No. 1 to the
# Pooling and Servicing Agreement".
_OF_ANOTHER_DOCUMENT_BEFORE = re.compile(r"\b(?:by|under|in|of|with)\s+(?:the\s+)?$", re.I)
_OF_ANOTHER_DOCUMENT_AFTER = re.compile(r"\s*(?:thereto|hereto|to\s+(?:the|that|such|said|a|an)\b|of\s+the\b)", re.I)
# The filing says it is itself an amendment: "This Amendment No. 1 amends ...", "This Current Report
# on Form 8-K/A amends ...".
_THIS_AMENDMENT = re.compile(
    rf"\bthis\s+(?:{_NUMBERED}|(?:current\s+report\s+on\s+)?form\s+8-k{_AMENDED_SUFFIX})", re.I
)
_FIRST_ITEM = re.compile(r"^[ \t]*item[ \t]+\d", re.I | re.M)
COVER_LINES = 120  # where no "Item" heading ends the cover


@dataclass(frozen=True)
class Kind:
    kind: FilingKind
    line: int | None  # 0-based line of the marker that told, when one did
    warning: str | None = None  # why the kind is in doubt


@dataclass(frozen=True)
class Amendment:
    note: str  # how the filing says so: "Form 8-K/A, Amendment No. 1"
    line: int | None  # 0-based line that says so (None: the EDGAR header, not in the text)


def require_pool_description(path: str, text: str) -> None:
    """Refuse, with one line, a text that is not a CMSI 8-K describing a mortgage pool."""
    if not _ISSUER.search(text):
        raise FilingError(path, "not a Citicorp Mortgage Securities (CMSI) filing")
    if not (has_cover(text) or any(marker.search(text) for marker in _BODY_MARKERS)):
        if other := _OTHER_FORM.search(text[:20000]):
            raise FilingError(
                path, f"a Form {other.group(1).upper()} filing, not a mortgage pool description (a Form 8-K)"
            )
        raise FilingError(
            path, "not a mortgage pool description (no CMSI 8-K cover and no pool description body, only mentions)"
        )


# The certificates a filing is about, named by their series: "REMIC Pass-Through Certificates, Series 2004-3",
# "Pass-Through CitiCertificates Series 1997-2", "the Series 2004-3 REMIC Pass-Through Certificates".
_CERTIFICATES_OF_A_SERIES = re.compile(
    r"pass-?\s*through\s+(?:citi)?certificates,?\s+series\s+(\d{4}\s*-\s*[0-9a-z]{1,4})\b"
    r"|\bseries\s+(\d{4}\s*-\s*[0-9a-z]{1,4})\s+remic\s+pass-?\s*through",
    re.I,
)


def require_one_series(path: str, text: str) -> None:
    """Refuse, with one line, a filing about the certificates of two series or more (an EDGAR submission whose
    exhibits describe each its own series' pool): read as one deal, each series' figures would be taken for the
    other's (its cut-off date, its trustee, its pools)."""
    named = {re.sub(r"\s+", "", m[1] or m[2]).upper() for m in _CERTIFICATES_OF_A_SERIES.finditer(text)}
    if len(named) > 1:
        series = ", ".join(sorted(named))
        raise FilingError(
            path, f"describes the certificates of several series ({series}); termsheet reads one series a filing"
        )


def has_cover(text: str) -> bool:
    """The cover page of a CMSI 8-K: the registrant's line, or the form's heading with its date of report."""
    head = text[:20000]
    return bool(_COVER_ISSUER_LINE.search(head)) or bool(_COVER_FORM.search(head) and _COVER_DATE.search(head))


def filing_kind(path: str, text: str, truncated: bool) -> Kind:
    """The kind whose marker comes first; an 8-K that is first something else is refused.

    A detailed description may mention the earlier collateral term sheets, and an
    exhibit of Computational Materials may call itself a term sheet too, so the
    order of the markers decides, not their presence. A text cut off before any
    marker is of kind "unknown" (or of the kind whose heading it ends inside).
    """
    first_kind, first_other = _first_markers(text)
    if first_other and (first_kind is None or first_other[0] < first_kind[0]):
        raise FilingError(path, first_other[1])
    if first_kind is not None:
        return Kind(first_kind[1], text.count("\n", 0, first_kind[0]))
    if truncated and has_cover(text):
        return _kind_at_the_cut(text)
    raise FilingError(path, "not a mortgage pool description (no collateral term sheet or detailed description found)")


def _first_markers(text: str) -> tuple[tuple[int, FilingKind] | None, tuple[int, str] | None]:
    """Where the first marker of a pool description's kind stands, and the first of another document (and why it
    is none), each None where there is none."""
    kinds = [
        (m.start(), kind)
        for kind, pattern in (
            (FilingKind.COLLATERAL_TERM_SHEET, _TERM_SHEET),
            (FilingKind.DETAILED_DESCRIPTION, _DETAILED),
        )
        if (m := pattern.search(text))
    ]
    # (each not looked for over the whole filing where a word it needs is not in it)
    others = [
        (m.start(), reason) for pattern, reason in _NOT_POOL_DESCRIPTIONS if (m := needed_words.search(pattern, text))
    ]
    opening = min(
        ((m.start(), kind) for kind, pattern in _OPENINGS if (m := needed_words.search(pattern, text))), default=None
    )
    if opening is not None:  # the description's own opening says what it is, whatever an exhibit list named first
        return opening, None
    return min(kinds, default=None), min(others, default=None)


def other_document(text: str) -> str | None:
    """Why a document of a submission is no pool description, where it first says it is another (Computational
    Materials, a servicing report: ``filing_kind`` refuses such a filing); None for any other document."""
    first_kind, first_other = _first_markers(text)
    if first_other and (first_kind is None or first_other[0] < first_kind[0]):
        return first_other[1]
    return None


def describes_a_pool(text: str) -> bool:
    """A document that first says it is a pool description (of either kind)."""
    first_kind, first_other = _first_markers(text)
    return first_kind is not None and (first_other is None or first_kind[0] < first_other[0])


def _kind_at_the_cut(text: str) -> Kind:
    """A text cut off inside the heading that names its kind, or before any: what it still shows."""
    body = text.rstrip()
    last = body[body.rfind("\n") + 1 :]
    words = " ".join(last.split()).lower()
    line = body.count("\n")
    for heading, kind in _KIND_HEADINGS:
        # At least the heading's first two words, and nothing after the cut that is not the heading.
        if len(words.split()) >= 2 and words.split()[:2] == heading.split()[:2] and heading.startswith(words):
            return Kind(kind, line, f"the text ends inside the heading that names the kind ({last.strip()!r})")
    return Kind(FilingKind.UNKNOWN, None, "the text ends before it says which kind of filing it is")


def amendment(text: str, form_type: str | None) -> Amendment | None:
    """Whether the filing amends an earlier one: form 8-K/A or "Amendment No." on its cover, or in its header.

    Only the cover counts (and a sentence saying "This Amendment No. 1 ..."): the body
    of an ordinary filing may well mention an amendment to some other document.
    """
    head = _cover(text)
    said: list[str] = []
    line: int | None = None
    if form_type and form_type.upper().endswith("/A"):
        said.append(f"EDGAR form type {form_type.upper()}")
    if match := _AMENDED_FORM.search(head):
        said.append("amended current report" if match.group(0).lower().startswith("amended") else "Form 8-K/A")
        line = head.count("\n", 0, match.start())
    if match := _of_this_filing(_AMENDMENT_NUMBER, head) or _of_this_filing(_THIS_AMENDMENT, text[:20000]):
        if match.group("number") or match.group("ordinal"):
            said.append(f"Amendment No. {_amendment_number(match)}")
        else:
            said.append("Form 8-K/A")
        line = text.count("\n", 0, match.start()) if line is None else line
    if not said:
        return None
    if said[0].startswith("EDGAR") and len(said) > 1:
        said = said[1:]
    return Amendment(", ".join(dict.fromkeys(said)), line)


def _of_this_filing(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first mention of an amendment that is not of another document ("as amended by Amendment
    No. 1 thereto", "this Amendment No. 1 to the Pooling and Servicing Agreement")."""
    for match in pattern.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[max(line_start, match.start() - 40) : match.start()]
        if not (_OF_ANOTHER_DOCUMENT_BEFORE.search(before) or _OF_ANOTHER_DOCUMENT_AFTER.match(text, match.end())):
            return match
    return None


def _amendment_number(match: re.Match[str]) -> int:
    if ordinal := match.group("ordinal"):
        return _ORDINALS.index(ordinal.lower()) + 1
    number = match.group("number").lower()
    return _NUMBER_WORDS.index(number) + 1 if number in _NUMBER_WORDS else int(number)


def _cover(text: str) -> str:
    """The cover page: the text before the first "Item" heading (or its first lines)."""
    item = _FIRST_ITEM.search(text, 0, 20000)
    if item:
        return text[: item.start()]
    cut = 0
    for _ in range(COVER_LINES):
        cut = text.find("\n", cut + 1)
        if cut < 0:
            return text
    return text[:cut]
