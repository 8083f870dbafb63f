"""The deal's parties (its trustee and paying agent), read from the wordings a filing of any year names them in.

"... to the Trustee, U.S. Bank National Association, ...", "Citibank, N.A., as paying agent", "The trustee is
Wells Fargo Bank, N.A.", "X will act as trustee", "X is the trustee", "The trustee for the certificates is X",
"X (the "Trustee")", "Trustee: X" in a cover's list; in small letters or in capitals. A name ends where the
name ends ("X, as trustee, will hold the loans" names X); a pronoun or a noun for any bank ("It", "The Bank")
names none. A filing that names two different parties for one role has neither kept, and says so: which is
meant is not for the reader to guess. One that names its party in a sentence none of these wordings reads
("Wells Fargo Bank has the role of trustee") has it "in the filing but not read", never "not stated".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reporting.formatting import lines_text
from reporting.model.deal import Provenance
from reporting.read import narrative

# --- a party's name ----------------------------------------------------------------------

# What closes a name and is never inside one: "Citibank, N.A.", "... Trust Company, Americas", "& Co.".
_CLOSING = r"(?i:N\.A\.|Inc\.|Co\.|Corp\.|Ltd\.|L\.L\.C\.|LLC|F\.S\.B\.|FSB|National\s+Association|Americas)"
# A word of a name: capitalised, without a stop ("Bank." ends a sentence, not a name), or letters each stopped
# ("U.S.", "J.P."); a closing word only closes ("Citibank N.A. On October 28" is "Citibank N.A."), and a role
# is no word of a name ("Trustee: Wells Fargo Bank Paying Agent: Citibank", a list's lines run together), nor
# is a verb that names one ("WELLS FARGO BANK WILL ACT AS TRUSTEE", in capitals).
_NAME_WORD = r"(?:(?!N\.A\.)(?:[A-Z]\.){2,4}|(?!(?i:Inc|Co|Corp|Ltd|LLC|FSB|N\.A|Trustee|Paying|Servicer|Depositor|Will|Shall|Is|Be|As|Act|Acts|Serve|Serves|Has)\b)[A-Z][\w&'\u2019-]*)"
# A name starts where a word starts and has at most 8 words: unbounded, a long run of capitalised words
# (or "A-A-A-...") made the search quadratic. The words around it are matched in any case: a sentence may be
# set in capitals.
PROPER_NAME = (
    rf"(?<![\w.&'-]){_NAME_WORD}(?:\s+(?:of\s+|and\s+|&\s+)?{_NAME_WORD}){{0,7}}"
    rf"(?:(?:,\s*|\s+)(?:&\s+)?{_CLOSING})?"
)
# In a sentence set in capitals, a name is not told by its capitals: it starts after the last word
# before it that no party's name holds ("... WILL BE MADE BY CITIBANK, N.A., AS PAYING AGENT").
_BEFORE_A_NAME = frozenset(
    "a an as at by for from in on or to with is are was were be been will shall that which".split()
)
# Words that name no one party: a pronoun, an article, a role or a kind of institution alone ("It", "The
# Bank", "A National Banking Association", "the Paying Agent"). A name needs a word besides these.
_NO_ONE_IN_PARTICULAR = frozenset(
    "a an the such said this that these those it its they them he she we which who whom each any its"
    " trustee trustees paying agent agents bank banks banking company trust association national corporation"
    " certificate certificates certificateholders pooling agreement servicer servicers master successor"
    " depositor seller issuer underwriter registrar custodian administrator securities mortgage loans loan"
    " class series pool on in of and for".split()
)
# What a name may be described as before its role: ", a national banking association,".
_DESCRIBED = r"(?:,\s+(?i:an?)\s+[^,;.()\"\u201c\u201d]{1,80}?,)?"
# The words around a name: "trustee" is not "trustee's" nor "trustees".
_ENDS = r"(?![\w'\u2019-])"


# --- the wordings that name a party ------------------------------------------------------


def _wordings(role: str) -> tuple[re.Pattern[str], ...]:
    """The wordings that name the party of ``role`` (a pattern of its words, "trustee", "paying\\s+agent")."""
    name = rf"(?P<name>{PROPER_NAME})"
    the_role = rf"(?i:the\s+{role}){_ENDS}"
    return (
        # "to the Trustee, U.S. Bank National Association, mortgage loans", "the Trustee, X, will ..."
        re.compile(rf"{the_role},\s+{name}\s*,"),
        # "X, as trustee", "X will act as trustee", "X has been appointed to serve as the trustee"
        re.compile(
            rf"{name}{_DESCRIBED},?\s+(?i:(?:(?:will|shall|is\s+to|has\s+agreed\s+to|agrees\s+to|has\s+been\s+appointed"
            rf"(?:\s+to)?|is\s+appointed(?:\s+to)?|was\s+appointed(?:\s+to)?)\s+)?(?:(?:act|acts|acting|serve|serves"
            rf"|serving|be)\s+)?as\s+(?:the\s+)?{role}){_ENDS}"
        ),
        # "X is the trustee", "X will be the trustee", "X has been appointed trustee"
        re.compile(
            rf"{name}{_DESCRIBED},?\s+(?i:(?:is|will\s+be|shall\s+be|has\s+been\s+appointed|is\s+appointed|was\s+appointed)"
            rf"\s+(?:the\s+)?{role}){_ENDS}"
        ),
        # "The trustee is X", "The trustee for the certificates will be X"
        re.compile(
            rf"(?i:\bthe\s+{role}(?:\s+(?:for|of|under|with\s+respect\s+to)\s+[^.;:\"\u201c\u201d]{{1,80}}?)?,?"
            rf"\s+(?:is|will\s+be|shall\s+be|was)\s+)(?:the\s+)?{name}"  # "The Bank of New York" keeps its "The"
        ),
        # 'X (the "Trustee")'
        re.compile(rf"{name},?\s*\(\s*(?i:the\s+)?[\"\u201c\u201d']?(?i:{role})[\"\u201c\u201d']?\s*\)"),
        # "Trustee:   Wells Fargo Bank, N.A." in a cover's or a summary's list (its lines run on in the prose)
        re.compile(rf"(?<![\w-])(?=[A-Z])(?i:{role})\s*(?::|\.{{2,}})\s*{name}"),
    )


_ROLES = {"trustee": "trustee", "paying_agent": r"paying\s+agent"}
_WORDINGS = {field: _wordings(role) for field, role in _ROLES.items()}
# A sentence that speaks of the role and names an institution may name the party in words not read above.
_A_NAME = re.compile(PROPER_NAME)
_INSTITUTION = re.compile(
    rf"\b(?i:bank|banking|trust|association|company|corporation|N\.A\.|Inc\.|Co\.|LLC|FSB|{_CLOSING})(?![\w-])"
)
# The issuer and its servicer name themselves in such sentences ("Citicorp Mortgage Securities, Inc. ... to the
# trustee"): their names are no party's.
_ISSUER = re.compile(r"\b(?i:Citicorp\s+Mortgage\s+Securities|CitiMortgage)(?:,?\s*(?i:Inc\.))?")
_QUOTED = 70  # characters of the sentence a doubt quotes


@dataclass(frozen=True)
class _Statement:
    name: str
    start: int  # where the name stands in the prose
    end: int


@dataclass(frozen=True)
class Party:
    """A party as read: its name (None where none is kept) and where it was read, with any doubt."""

    name: str | None
    provenance: Provenance


def read_parties(prose: narrative.ProseText, corrected: str) -> dict[str, Party]:
    """Each party's name and provenance, by its field ("trustee", "paying_agent").

    ``prose`` is the filing's prose (its lines), ``corrected`` the same text with every sentence that calls
    a figure wrong blanked (``ProseFacts.corrected_text``): names are read from ``corrected``."""
    stated = {field: _statements(field, wordings, corrected) for field, wordings in _WORDINGS.items()}
    # A name read as another party's is not this one's, unread ("authenticated by the trustee, paid by
    # Citibank, N.A., as paying agent" does not name the trustee).
    unnamed = _blanked(corrected, [s for statements in stated.values() for s in statements])
    return {
        field: Party(None, _unread(field, prose, corrected, unnamed))
        if not statements
        else _party(field, statements, prose)
        for field, statements in stated.items()
    }


def _party(field: str, statements: list[_Statement], prose: narrative.ProseText) -> Party:
    """The party the statements name; none where they name two (the doubt says which and where)."""
    first = statements[0]
    if all(_same_party(s.name, first.name) for s in statements):
        return Party(first.name, _provenance(field, prose, first.start, first.end))
    return Party(None, _named_two_ways(field, prose, statements))


def _blanked(text: str, statements: list[_Statement]) -> str:
    """``text`` with each name read blanked, every other character where it was."""
    chars = list(text)
    for s in statements:
        chars[s.start : s.end] = " " * (s.end - s.start)
    return "".join(chars)


# How far from its role's word a wording reaches: a name of up to 8 words, its description (", a national
# banking association,") and the verbs between ("has been appointed to serve as the"), with room to spare.
_REACH = 400


def _near_the_role(field: str, text: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` within ``_REACH`` of a word of the role, joined where they overlap. Every
    wording holds the role's word: looked for only there, the names cost a sixth of the time of a whole
    filing's search (a wording that starts with a name is tried at every capital otherwise)."""
    stretches: list[tuple[int, int]] = []
    for role in re.finditer(rf"(?i:{_ROLES[field]})", text):
        start, end = max(0, role.start() - _REACH), min(len(text), role.end() + _REACH)
        if stretches and start <= stretches[-1][1]:
            stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((start, end))
    return stretches


def _statements(field: str, wordings: tuple[re.Pattern[str], ...], text: str) -> list[_Statement]:
    """Every name the wordings read, in the order the text states them (each place once)."""
    found: dict[int, _Statement] = {}
    stretches = _near_the_role(field, text)
    for wording in wordings:
        for match in (m for start, end in stretches for m in wording.finditer(text, start, end)):
            words = list(re.finditer(r"\S+", match.group("name")))
            first = _first_word_of_the_name([w.group(0) for w in words])
            start = match.start("name") + words[first].start()
            name = " ".join(w.group(0) for w in words[first:]).strip(" ,")
            if _names_one(name) and start not in found:
                found[start] = _Statement(name, start, match.end("name"))
    return [found[start] for start in sorted(found)]


def _first_word_of_the_name(words: list[str]) -> int:
    """The name's first among the words matched for it: the first, unless they are all in capitals."""
    if any(c.islower() for c in "".join(words)):
        return 0
    return max((k + 1 for k, w in enumerate(words[:-1]) if w.lower() in _BEFORE_A_NAME), default=0)


def _names_one(name: str) -> bool:
    """Whether ``name`` names one party: a word besides pronouns, articles and the nouns for any bank."""
    return any(w not in _NO_ONE_IN_PARTICULAR for w in re.findall(r"[\w&'\u2019-]+", name.lower()))


def _same_party(one: str, other: str) -> bool:
    """Two ways of writing one name: in any case, with "N.A." or "National Association", with or without
    "The", a comma or its closing ("JPMorgan Chase Bank" and "JPMorgan Chase Bank, N.A.")."""
    a, b = _plain(one), _plain(other)
    return a[: len(b)] == b or b[: len(a)] == a


def _plain(name: str) -> list[str]:
    words = re.sub(r"\bnational\s+association\b", "na", name.lower()).replace(".", "").replace(",", " ").split()
    return words[1:] if words[:1] == ["the"] else words


# --- where it was read, and what is doubted -------------------------------------------------


def _provenance(field: str, prose: narrative.ProseText, start: int, end: int) -> Provenance:
    joined = tuple(
        f"read from a sentence joined across a page break (lines {before} and {after})"
        for _, before, after in prose.joins_between(start, end)
    )
    return Provenance(field, prose.lines_between(start, end), joined)


def _named_two_ways(field: str, prose: narrative.ProseText, statements: list[_Statement]) -> Provenance:
    """Two different parties named for one role: neither is kept, and the doubt says where each is named."""
    ways: dict[str, list[int]] = {}
    for s in statements:
        key = next((name for name in ways if _same_party(name, s.name)), s.name)
        ways.setdefault(key, []).extend(prose.lines_between(s.start, s.end)[:1])
    said = " and ".join(f"{name!r} ({lines_text(places)})" for name, places in ways.items())
    doubt = f"the filing names its {_said(field)} in different ways, {said}: neither is kept"
    where = tuple(sorted({n for places in ways.values() for n in places}))
    return Provenance(field, where, (doubt,))


def _unread(field: str, prose: narrative.ProseText, corrected: str, unnamed: str) -> Provenance:
    """No wording read a party: where a sentence speaks of its role and names an institution (not the issuer),
    the filing may name it there, and the party is "in the filing but not read", not "not stated"."""
    role = re.compile(rf"\b(?i:{_ROLES[field]}){_ENDS}")
    for start, end in narrative.sentence_spans(corrected):
        text = " ".join(corrected[start:end].split())
        if role.search(text) and _names_an_institution(_ISSUER.sub(" ", unnamed[start:end])):
            words = text if len(text) <= _QUOTED else text[:_QUOTED].rsplit(" ", 1)[0] + " ..."
            lines = prose.lines_between(start, end)
            return Provenance(
                field, lines, (f"the filing may name it in {words!r} ({lines_text(lines)}), which was not read",)
            )
    return Provenance(field)


def _names_an_institution(text: str) -> bool:
    """Whether ``text`` names one bank or company ("Wells Fargo Bank"; not "the Trust" nor "the Bank")."""
    return any(_names_one(name) and _INSTITUTION.search(name) for name in _A_NAME.findall(text))


def _said(field: str) -> str:
    return field.replace("_", " ")
