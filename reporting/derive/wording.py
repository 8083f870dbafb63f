"""How filing text reads in a report: titles in title case, check subjects as a reader names them."""

from __future__ import annotations

from reporting.model.deal import Pool

_SMALL_WORDS = {"of", "by", "to", "in", "and", "at", "the", "a", "an", "or", "for", "on"}


def title_case(title: str) -> str:
    """Filing titles are in capitals; a report reads better in title case."""
    if not title.isupper():
        return title
    words = title.lower().split()
    return " ".join(
        w if (i and w in _SMALL_WORDS) else (w.upper() if w in {"ltv", "fico"} else w.capitalize())
        for i, w in enumerate(words)
    )


def subject_heading(subject: str) -> str:
    """A check's subject as a reader names it: "pool all" is All loans, "pool I" Pool I,
    "class B-1" Class B-1; a table's title in title case."""
    kind, _, name = subject.partition(" ")
    if kind == "pool" and name:
        return Pool(name).label
    if kind in ("pools", "classes", "class") and not subject.isupper():
        return subject[:1].upper() + subject[1:]
    return title_case(subject)
