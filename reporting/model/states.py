"""The states a filing's state table names, and their postal codes: the one list of them.

Filings write a state in full ("California"), by its postal code ("CA") or by its older
abbreviation ("Calif.", "N.Y."); each is the same state. The parser warns of a state
table row that names none, and the geography figures leave California's share out
rather than call it 0% when such a row could be it.
"""

from __future__ import annotations

import re

from reporting.model.bucket_labels import without_marks

STATE_CODES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK", "Oregon": "OR",
    "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA",
    "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
}  # fmt: skip
# The older abbreviations (the Government Printing Office's), written without their dots.
_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "cal": "CA", "calif": "CA", "colo": "CO", "conn": "CT",
    "del": "DE", "d c": "DC", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN", "kan": "KS",
    "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA", "mich": "MI", "minn": "MN",
    "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE", "nebr": "NE", "nev": "NV", "n h": "NH",
    "n j": "NJ", "n m": "NM", "n mex": "NM", "n y": "NY", "n c": "NC", "n d": "ND", "n dak": "ND",
    "okla": "OK", "ore": "OR", "oreg": "OR", "pa": "PA", "penn": "PA", "r i": "RI", "s c": "SC",
    "s d": "SD", "s dak": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA",
    "w va": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "haw": "HI", "ida": "ID", "me": "ME",
    "ut": "UT", "wa": "WA", "ia": "IA", "oh": "OH",
}  # fmt: skip
# Other ways filings write a few names ("Washington, D.C.", "N. Carolina", "So. Carolina").
_VARIANTS = {
    "washington d c": "DC", "washington dc": "DC", "dist of columbia": "DC", "dist columbia": "DC",
    "n carolina": "NC", "no carolina": "NC", "s carolina": "SC", "so carolina": "SC",
    "n dakota": "ND", "no dakota": "ND", "s dakota": "SD", "so dakota": "SD", "w virginia": "WV",
}  # fmt: skip
# Places a pool's loans may be in that are not states; each a row of its own, and never California.
TERRITORIES = {"Puerto Rico": "PR", "Guam": "GU", "Virgin Islands": "VI", "U.S. Virgin Islands": "VI"}
_CODES_BY_NAME = (
    {name.lower(): code for name, code in STATE_CODES.items()}
    | _ABBREVIATIONS
    | _VARIANTS
    | {" ".join(re.sub(r"[^a-z ]+", " ", name.lower()).split()): code for name, code in TERRITORIES.items()}
)
_CODES = frozenset(STATE_CODES.values()) | frozenset(TERRITORIES.values())
# A row for the rest: "Other", "All other states", "Other states and territories", "Other (less than 1%)".
_OTHER = re.compile(
    r"^(?:all\s+)?(?:(?:mortgage\s+)?loans\s+in\s+)?others?(?:\s+states?)?(?:\s+and\s+territories)?"
    # with a note of how small each is: "(2)", "(less than 1% each)", "(fewer than 2% in any one state)";
    # never a place ("Other (Puerto Rico)" names a territory, and is doubted as a row the parser does not know)
    r"\s*(?:\*|\((?=[^()]*(?:\d|%|\bless\b|\bfewer\b|\bunder\b|\bbelow\b|\beach\b))[^()]*\))?$",
    re.I,
)
# A part of a state: "Northern California", "California - Southern", "California (North)"; never a
# bare "New York North" (a label run into the next row's "North Carolina").
_REGION = r"(?:north|south|east|west)(?:ern)?|central"
_PART_OF_A_STATE = re.compile(
    r"^(?:northern|southern|central|eastern|western|no\.|so\.|n\.|s\.)\s*(?P<before>[a-z].+)$"
    rf"|^(?P<after>.+?)\s*(?:-|\u2013|,|\()\s*(?P<region>{_REGION})\)?$",
    re.I,
)


STATE_NAMES = {code: name for name, code in (STATE_CODES | TERRITORIES).items()}
# Places a state table names that are no state: the District of Columbia and the territories. A count of the
# states with loans counts none of them, and names each beside it ("37 states, DC and Puerto Rico").
NOT_STATES = frozenset({"DC", *TERRITORIES.values()})


def is_territory(code: str | None) -> bool:
    """Puerto Rico, Guam, the Virgin Islands: never one of the largest states, however many loans; DC is counted
    among them, as the filings count it among the states."""
    return code in NOT_STATES and code != "DC"


def state_code(label: str) -> str | None:
    """The postal code of the state a row's label names ("California", "CA", "Calif."), or None; a footnote's mark
    after it ("California(a)", "CA (1)") names no other state (its letter was read as a word of the name)."""
    label = without_marks(label)
    if label.strip() in _CODES:  # "CA": a postal code is written in capitals
        return label.strip()
    cleaned = re.sub(r"[^a-z ]+", " ", label.lower())
    cleaned = re.sub(r"\s+", " ", cleaned).strip()
    if (code := _CODES_BY_NAME.get(cleaned)) is not None:
        return code
    # "Northern California", "California - Southern": the state ("South Carolina" is a name above)
    if not (part := _PART_OF_A_STATE.match(label.strip())):
        return None
    state = re.sub(r"\s+", " ", re.sub(r"[^a-z ]+", " ", (part.group("before") or part.group("after")).lower())).strip()
    if part.group("region"):  # "Virginia, West" and "Carolina, North" are states of their own
        whole = _CODES_BY_NAME.get(f"{part.group('region').lower()} {state}")
        if whole is not None or state in ("carolina", "dakota"):
            return whole
    return _CODES_BY_NAME.get(state)


def is_part_of_a_state(label: str) -> bool:
    """ "Northern California": a part of one state, read as that state; "California" is the whole."""
    cleaned = " ".join(re.sub(r"[^a-z ]+", " ", label.lower()).split())
    return label.strip() not in _CODES and cleaned not in _CODES_BY_NAME and state_code(label) is not None


def is_other(label: str) -> bool:
    """A row for every state not listed ("All other states"): never one state, never California."""
    return _OTHER.match(label.strip()) is not None
