"""The bundled samples as they are, parsed as the test files parse their edited copies: once per process.

Most parsing tests compare an edited copy of a sample with the sample itself, and each parsed the sample
again: hundreds of parses of the same text, a tenth of a second each. ``read_sample`` parses each sample
once per test process under each name it is given (the name is the filing's path in the Deal) and hands
every caller that same Deal. A Deal is frozen all the way down (frozen dataclasses, tuples), as the
session's ``term_sheet`` and ``detailed`` fixtures already rely on: no test can change what another reads.
An edited copy is never cached: each test parses its own.
"""

from __future__ import annotations

from functools import cache

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

_SAMPLES = frozenset(path.read_text(encoding="utf-8") for path in (TERM_SHEET_2004_3, DETAILED_2004_8))


@cache
def read_sample(text: str, name: str) -> Deal:
    """``load_filing(ingest_bytes(text.encode(), name))`` for ``text`` a sample as it is, parsed once per process."""
    assert text in _SAMPLES, f"{name}: not a sample as it is; an edited copy is its own test's to parse"
    return load_filing(ingest_bytes(text.encode(), name))
